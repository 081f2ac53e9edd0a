"""`newsletter search` and `newsletter related`: the whole log, by words and by meaning."""

from __future__ import annotations

from pathlib import Path

from newsletter.commands.index import using_index
from newsletter.errors import NewsletterError


def search(root: Path, query: str, limit: int = 10) -> list:
    from newsletter.smart.search import search as find

    if not query.strip():
        raise NewsletterError("Give some words to search for, e.g. newsletter search 'bayesian inference'")
    return named(root, using_index(root, "search", lambda db: find(db, query, limit, _language(root))))


def _language(root: Path) -> str | None:
    """The log's language, whose stop words a query leaves out; None (every language's) where
    newsletter.toml cannot be read: a search says nothing of the settings, and reads only this
    of them (loading them all, newsletter.config, would cost every search its time)."""
    import tomllib

    from newsletter.workspace import SETTINGS_FILE, toml_values

    try:
        found = toml_values((root / SETTINGS_FILE).read_text(encoding="utf-8-sig")).get("newsletter", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):  # (nested past Python's limit)
        return None
    language = found.get("language", "en") if isinstance(found, dict) else None
    return language if isinstance(language, str) else None


def related(root: Path, target: str, limit: int = 10) -> tuple[str, list]:
    from newsletter.smart.search import related as near

    if not target.strip():  # an empty text is near nothing: every entry came out at 0.00
        raise NewsletterError("Give an entry file, a link or some text, e.g. newsletter related 'bayesian inference'")
    try:
        what, hits, same = using_index(root, "related", lambda db: near(db, root, target, limit))
        if what.startswith(("http://", "https://")):  # an entry that left its title to the page
            what = fetched_titles(root, [what]).get(what, what)
        if same:  # its link's other entries, left out of what is related: said, not hidden
            what += f" (its link is also in {', '.join(same)})"
        return what, named(root, hits)
    except LookupError as error:
        raise NewsletterError(str(error).capitalize() + ".")
    except (OSError, UnicodeDecodeError) as error:
        raise NewsletterError(f"Cannot read {target} ({error}); give an entry file, a link or some text.")


def named(root: Path, hits: list) -> list:
    """The hits, each entry that left its title to the page named by the title its build fetched."""
    untitled = [hit.url for hit in hits if hit.title == hit.url]
    if not untitled:  # the links package costs a search a third more: only when a hit needs it
        return hits
    fetched = fetched_titles(root, untitled)
    return [
        hit._replace(title=fetched[hit.url]) if hit.title == hit.url and hit.url in fetched else hit for hit in hits
    ]


def fetched_titles(root: Path, urls: list[str]) -> dict[str, str]:
    from newsletter.commands.index import STATE
    from newsletter.links.cached_titles import titles

    return titles(root / STATE, urls)


def as_json(hits: list) -> str:
    import json

    return json.dumps([hit.as_dict() for hit in hits], indent=2, ensure_ascii=False)


def as_table(hits: list, width: int = 10_000) -> str:
    from newsletter.formats.columns import clip, pad
    from newsletter.formats.columns import width as cells

    rows = [("TITLE", "DATE", "TYPE", "WHY")] + [(h.title, h.date, h.type, h.why) for h in hits]
    widths = [max(cells(row[n]) for row in rows) for n in range(4)]
    spare = width - sum(widths[1:]) - 6
    widths[0] = max(20, min(widths[0], spare))
    lines = []
    for row in rows:
        shown = [pad(clip(row[0], widths[0]), widths[0]), pad(row[1], widths[1]), pad(row[2], widths[2]), row[3]]
        lines.append("  ".join(shown).rstrip())
    return "\n".join(lines)
