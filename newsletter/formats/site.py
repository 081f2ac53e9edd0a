"""The Hugo site the posts go into: its settings, read from every file Hugo reads them from, the
site's address, and where the tool's own pages (every email edition on the web) are published on it.

Hugo takes its settings from one file at the site's root (hugo.toml, or hugo.yaml, config.toml…)
and then from a `config/` folder: `config/_default/` merged over that file, and the folder of
the environment (`config/production/` for a plain `hugo` build, which publishes the site) merged
over both. Each later value wins, tables are merged key by key, and keys ignore case.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from newsletter.config import Site, shown
from newsletter.errors import NewsletterError
from newsletter.formats import merge_conflicts
from newsletter.formats.language_tag import primary
from newsletter.workspace import toml_values

if TYPE_CHECKING:
    from newsletter.config import Settings

HUGO_CONFIGS = tuple(f"{stem}.{ext}" for stem in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json"))
CONFIG_DIR = "config"
# `newsletter init` writes this baseURL into site/hugo.toml, and it is the address without one.
PLACEHOLDER_SITE = "https://example.com/"
# `hugo` (what publishes the site) builds for "production"; `hugo server` for "development",
# whose settings are not what readers get.
ENVIRONMENTS = ("_default", "production")
EXTENSIONS = (".toml", ".yaml", ".yml", ".json")
# How deep a settings file's tables and arrays may nest: Hugo's own go five or six levels, and
# the walks over them here (_lower_keys, _merge) recurse, well within Python's limit at this depth.
DEEPEST = 100


def hugo_config(site_dir: Path) -> Path:
    """The file to name when a setting is missing: the site's root file Hugo reads (HUGO_CONFIGS:
    hugo.* since 0.110, then the older config.*), else `config/_default/hugo.toml` (or config.*)
    when the site keeps its settings in that folder; hugo.toml (what `init` writes) if neither is there."""
    for folder in (site_dir, site_dir / CONFIG_DIR / ENVIRONMENTS[0]):
        found = _settings_file_in(folder)
        if found is not None:
            return found
    return site_dir / "hugo.toml"


def _settings_file_in(folder: Path) -> Path | None:
    """The first of HUGO_CONFIGS in `folder`, as Hugo looks for it."""
    return next((folder / name for name in HUGO_CONFIGS if (folder / name).is_file()), None)


def settings_files(site_dir: Path) -> list[Path]:
    """Every file the site's settings come from, in the order Hugo merges them (later wins)."""
    root = _settings_file_in(site_dir)
    files = [root] if root else []
    for environment in ENVIRONMENTS:
        folder = site_dir / CONFIG_DIR / environment
        if folder.is_dir():  # read as Hugo does: the whole folder, subfolders too
            files += sorted(p for p in folder.rglob("*") if p.suffix in EXTENSIONS and p.is_file())
    return files


def require_site(settings: Settings) -> None:
    """Refuse a [site] path that names no Hugo site: no settings file, no config/ folder. A typo
    there made the folders on the way and wrote the post, the feeds and the web editions into
    them, and the build said "Built" of a post Hugo never saw (as root, `path = "../../etc"`
    made /etc/content/posts/…). The workspace's own `site/`, the default, may still be made by
    the build, as in a workspace that publishes only the email."""
    section = settings.site.section
    parts = section.rstrip("/").split("/") if section.rstrip("/") else []  # "": posts at the content's root
    if section.startswith("/") or not all(p.strip() and p not in (".", "..") and "\\" not in p for p in parts):
        # "../../x" wrote the post beside the site, "/srv/x" anywhere on the disk, each said "Built"
        raise NewsletterError(
            f"[site] section = {section!r} in newsletter.toml is not a folder under the site's content/; "
            'name one, like "posts" or "blog/reading", and build again.'
        )
    site_dir = settings.site_dir
    if settings_files(site_dir) or (site_dir / CONFIG_DIR).is_dir() or site_dir == settings.root / Site.path:
        return
    raise NewsletterError(
        f"{shown(site_dir, settings.root)} is not a Hugo site (it has no hugo.toml, config.toml or "
        "config/ folder), so Hugo would never publish a post written there; set `path` in [site] "
        "of newsletter.toml to your Hugo site's folder (`hugo new site` makes one) and build again."
    )


def config_folders(site_dir: Path) -> list[Path]:
    """The folders whose listing decides which files `settings_files` reads (a file added to one
    is a new setting), whether they exist yet or not."""
    folder = site_dir / CONFIG_DIR
    found = [folder, *(folder / environment for environment in ENVIRONMENTS)]
    return found + sorted(p for f in found[1:] if f.is_dir() for p in f.rglob("*") if p.is_dir())


def hugo_settings(site_dir: Path) -> dict:
    """The site's settings as Hugo sees them, keys in lower case; empty when there are none (or
    they cannot be read: Hugo then says why). Each caller's own to change."""
    if _ONCE is not None and (kept := _ONCE.get(site_dir)) is not None:
        return _lower_keys(kept)  # (a copy of its tables)
    merged: dict = {}
    for _, found in _each_file(site_dir):
        _merge(merged, found)
    if _ONCE is not None:
        _ONCE[site_dir] = _lower_keys(merged)
    return merged


# An edition's build asks for the site's settings seven times (where the post goes, the site's
# address for the web page, the feeds and the email, the raw-HTML and section checks), and each
# time listed, read and merged every settings file again: ~0.3 ms of each edition, for each of
# the hundreds `build --all` builds. While one builds they are read once (`read_once`), so its
# parts also agree on one reading of a file edited meanwhile.
_ONCE: dict[Path, dict] | None = None


@contextlib.contextmanager
def read_once():
    """The site's settings read once in this block (one edition's build), then afresh."""
    global _ONCE
    if _ONCE is not None:  # already in one
        yield
        return
    _ONCE = {}
    try:
        yield
    finally:
        _ONCE = None


def source_of(site_dir: Path, key: str) -> Path:
    """The file that sets the top-level `key` (the last one, as the last wins): where a message
    about that setting sends the user. `hugo_config` when none does."""
    return next((path for path, found in reversed(_each_file(site_dir)) if key in found), hugo_config(site_dir))


def _each_file(site_dir: Path) -> list[tuple[Path, dict]]:
    """Each settings file with its values placed where Hugo puts them, keys in lower case."""
    placed = []
    for path in settings_files(site_dir):
        found = _lower_keys(_read(path))
        placed.append((path, found if path.parent == site_dir else _placed(path.stem.lower(), found)))
    return placed


def _placed(stem: str, found: dict) -> dict:
    """A config folder's file where Hugo puts its values: hugo.* and config.* hold the top level,
    any other file the table it is named for (`permalinks.toml` holds [permalinks], with or
    without that header). A language's file (`menus.en.toml`) is left out: the tool reads no
    setting of one."""
    if stem in ("hugo", "config"):
        return found
    if "." in stem:
        return {}
    return found if list(found) == [stem] else {stem: found}


def _merge(into: dict, new: dict) -> None:
    """Hugo's merge of a later settings file: tables key by key, any other value replaced."""
    for key, value in new.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def _lower_keys(value):
    """Hugo's keys ignore case (`baseurl` is `baseURL`): every table's keys in lower case."""
    if isinstance(value, dict):
        return {str(key).lower(): _lower_keys(item) for key, item in value.items()}
    return value


# Each settings file's last text and what it parsed to: an edition's build asks for the site's
# address three times, and `build --all` builds hundreds (parsing hugo.toml was a third of a
# millisecond each time). Keyed by the text, read each time, so an edited file is parsed again.
_PARSED: dict[Path, tuple[str, dict]] = {}


def _read(path: Path) -> dict:
    """A Hugo settings file's top level; empty when missing or unreadable. Not to be changed in
    place: it may be kept (`_lower_keys` copies it)."""
    try:
        data = path.read_bytes()
        text = data.decode("utf-8").removeprefix("\ufeff")  # (a Windows editor's BOM)
        if (kept := _PARSED.get(path)) is not None and kept[0] == text:
            return kept[1]
        if conflict := merge_conflicts.conflict_lines(text):  # read as no settings, the email linked to example.com
            raise NewsletterError(f"{shown(path)}:{conflict[0]}: {merge_conflicts.advice(*conflict)}.")
        if path.suffix in (".yaml", ".yml"):
            import yaml  # for a YAML site only: a build whose entries are cached reads no YAML

            found = yaml.safe_load(text)
        else:
            import json

            found = toml_values(text) if path.suffix == ".toml" else json.loads(text)
    except OSError:  # (gone since it was listed, or a folder by its name: Hugo says why)
        return {}
    except RecursionError:  # '[' 100,000 deep: valid JSON, YAML or TOML no parser of Python's reads
        raise NewsletterError(_too_deep(path)) from None
    except Exception as error:  # a quote left open: read as no settings, the site's address example.com's
        if not isinstance(error, ValueError) and type(error).__module__.split(".")[0] != "yaml":
            raise  # (yaml.YAMLError, whose module is imported only above; TOML's, JSON's, UTF-8's are ValueErrors)
        raise NewsletterError(_unreadable(path, error, data)) from None
    if _deeper_than(found, DEEPEST):  # ([a.a.a…] 100,000 deep parses, then every table walk recursed)
        raise NewsletterError(_too_deep(path))
    _PARSED[path] = (text, found if isinstance(found, dict) else {})
    return _PARSED[path][1]


def _unreadable(path: Path, error: Exception, data: bytes) -> str:
    """What to say of a settings file no parser reads, by its line: Hugo stops at it too, and the
    tool had read it as no settings at all (the email and the feeds linked to example.com)."""
    import re

    if isinstance(error, UnicodeDecodeError):
        line, why = data[: error.start].count(b"\n") + 1, f"not UTF-8 text (byte 0x{data[error.start]:02x})"
    else:
        kind = {".toml": "TOML", ".json": "JSON"}.get(path.suffix, "YAML")
        mark = getattr(error, "problem_mark", None)  # YAML's; JSON's lineno; TOML's "(at line 2, column 5)"
        at = re.search(r" \(at line (\d+), column \d+\)$", str(error))
        line = mark.line + 1 if mark else getattr(error, "lineno", None) or (int(at[1]) if at else None)
        said = getattr(error, "problem", None) or getattr(error, "msg", None) or str(error)
        why = f"not {kind} Hugo reads ({said[: at.start()] if at and said == str(error) else said})"
    return (
        f"{shown(path)}{'' if line is None else f':{line}'}: {why}; Hugo cannot read it either, and every setting "
        "in it (baseURL, the language…) would be missing from the post, the email and the feeds: mend that line "
        "and run again."
    )


def _deeper_than(value, deepest: int) -> bool:
    """Whether tables and arrays in `value` nest more than `deepest` levels (walked without recursion)."""
    level = [value]
    for _ in range(deepest + 1):
        level = [v for c in level for v in (c.values() if isinstance(c, dict) else c if isinstance(c, list) else ())]
        if not level:
            return False
    return True


def _too_deep(path: Path) -> str:
    return (
        f"{shown(path)}: its values nest more than {DEEPEST} levels deep, deeper than the tool reads "
        "(Hugo's own settings nest a few); remove the deeply nested part and run again."
    )


def content_dir(site_dir: Path, language: str = "") -> Path:
    """The folder Hugo reads the site's pages from, where a post goes: content/, unless the site
    names another (`contentDir`) or, in several languages, its default language's own
    (`[languages.fr] contentDir = "content/fr"`, Hugo's translation by content folder). A French
    blog set up that way got its post in content/posts/, which Hugo reads for no language: the
    build said "Built" of a post that was never published. `language`, the newsletter's: its
    own folder when the site has one for it (`posts_language`)."""
    found = hugo_settings(site_dir)
    languages = found.get("languages") if isinstance(found.get("languages"), dict) else {}
    key = posts_language(found, language) or str(found.get("defaultcontentlanguage") or "en").lower()
    own = languages.get(key)
    folder = own.get("contentdir") if isinstance(own, dict) else None
    folder = folder or found.get("contentdir")  # Hugo's own for a language that names none
    return site_dir / (folder if isinstance(folder, str) and folder.strip() else "content")


def posts_language(found: dict, language: str) -> str | None:
    """The site's language (its key in [languages]) the newsletter's posts belong to when it is
    not the default one: `language` ("fr", or "fr" for "fr-CA"), where it has a content folder
    of its own. A French newsletter on an English blog with a French part got its posts in the
    English part, published at /posts/… as lang="en", and nothing said so. None: the default's
    (also where the languages share content/, told apart by file names the tool does not write)."""
    languages = found.get("languages") if isinstance(found.get("languages"), dict) else {}
    default = str(found.get("defaultcontentlanguage") or "en").lower()
    tag = language.lower().replace("_", "-")
    for key in (tag, tag.split("-")[0]):
        if key == default:
            return None
        own = languages.get(key)
        if isinstance(own, dict) and isinstance(own.get("contentdir"), str) and own["contentdir"].strip():
            return key
    return None


def content_dirs(site_dir: Path) -> list[Path]:
    """Every folder Hugo reads pages from (each language's, and the site's), the deepest first:
    the one a post is in tells its section."""
    found = hugo_settings(site_dir)
    languages = found.get("languages") if isinstance(found.get("languages"), dict) else {}
    folders = [own.get("contentdir") for own in languages.values() if isinstance(own, dict)]
    folders = [f for f in [*folders, found.get("contentdir")] if isinstance(f, str) and f.strip()]
    return sorted({site_dir / f for f in folders} | {site_dir / "content"}, key=lambda p: -len(p.parts))


def site_base_url(settings: Settings) -> str:
    """Where the site is published, ending in '/': [site] base_url, else the Hugo site's baseURL
    (from every file Hugo reads its settings from)."""
    url = settings.site.base_url or str(hugo_settings(settings.site_dir).get("baseurl") or "")
    return (url or PLACEHOLDER_SITE).rstrip("/") + "/"


def same_language(site: str, language: str) -> bool:
    """Whether the site's language tag and the newsletter's name one language: "pt" and "pt-BR";
    "nb" (Bokmål, what `init --language no` makes the site, whose words are in nb) and "no"."""
    return primary(site) == primary(language) or {primary(site), primary(language)} == {"nb", "no"}


# One setting as each format of Hugo's settings writes it (TOML's unless named): a message that
# told a hugo.yaml to "set capitalizeListTitles = false" gave a line YAML cannot read (new user 40)
_SETTING = {".yaml": "{}: {}", ".yml": "{}: {}", ".json": '"{}": {}'}


def setting(path: Path, key: str, value: str) -> str:
    """`key` set to `value` (written as TOML and YAML both read it: false, "es") as the settings
    file at `path` writes a setting."""
    return _SETTING.get(path.suffix, "{} = {}").format(key, value)


def language_mismatch(settings: Settings) -> tuple[Path, str] | None:
    """Where and why the blog's pages name another language than the newsletter's: a site of one
    language says its defaultContentLanguage ('en' unless set) in every page's <html lang>, so
    a German log's posts told browsers and screen readers they were English."""
    found = hugo_settings(settings.site_dir)
    if not settings_files(settings.site_dir):  # no site
        return None
    site = str(found.get("defaultcontentlanguage") or "en")
    if same_language(site, settings.language):
        return None
    if "languages" in found:  # in several languages: the newsletter's goes in its own part, if any
        return _no_part_of_its_own(settings, found, site)
    where = source_of(settings.site_dir, "defaultcontentlanguage")
    named = setting(where, "defaultContentLanguage", f'"{settings.language}"')
    return where, (
        f'the blog\'s pages say lang="{site}" (defaultContentLanguage), but the newsletter is in '
        f'"{settings.language}" ([newsletter] language); set {named} '
        "there, so readers' browsers and screen readers read the posts in their language"
    )


def _no_part_of_its_own(settings: Settings, found: dict, site: str) -> tuple[Path, str] | None:
    """Where and why a site in several languages publishes the posts in its default language: a
    German newsletter on an English and French blog, or a French one where the French pages are
    told apart by their files' names (index.fr.md), which the tool does not write, went out as
    lang="en" at /posts/…, and nothing said so."""
    if posts_language(found, settings.language):
        return None
    own = primary(settings.language)
    return source_of(settings.site_dir, "languages"), (
        f'the posts go in the blog\'s default language, "{site}" (defaultContentLanguage), but the newsletter is '
        f'in "{settings.language}" ([newsletter] language); give [languages] a "{own}" language with '
        "a contentDir of its own, where the posts then go"
    )


def section_unlisted(settings: Settings) -> tuple[Path, str] | None:
    """Where and why the theme will not list the posts: themes (PaperMod, Stack, Ananke...) show
    on the home page, in the archives and in the next/previous links only the pages whose type
    (their top folder under content/) is in `mainSections`. A PaperMod blog keeping its posts in
    content/blog/ (`mainSections = ["blog"]`) got the "What I read" post in content/posts/,
    built fine, and never showed it anywhere but at its own address; nothing said why."""
    found = hugo_settings(settings.site_dir)
    params = found.get("params") if isinstance(found.get("params"), dict) else {}
    # [params] mainSections is what themes read; a top-level one sets it too since Hugo 0.112
    # (0.111 ignores it, but the themes that read it need 0.146 or newer)
    key = "params" if params.get("mainsections") is not None else "mainsections"
    listed = params.get("mainsections") if key == "params" else found.get("mainsections")
    kind = settings.site.section.strip("/").split("/")[0]  # the post's Hugo type
    if not kind:
        return None
    why = "(mainSections)"
    if listed is None:  # unset: Hugo takes the section with the most pages, at any depth
        busiest = _busier_section(content_dir(settings.site_dir, settings.language), kind)
        if busiest is None:
            return None
        listed, why = [busiest], f"(mainSections: unset, so Hugo takes the section with the most pages, {busiest})"
    if isinstance(listed, str):
        listed = [listed]
    if not isinstance(listed, list) or not listed or kind.lower() in {str(s).lower() for s in listed}:
        return None
    names = ", ".join(f'"{s}"' for s in listed)
    return source_of(settings.site_dir, key), (
        f"the blog's theme lists only the posts in {names} {why}, but the posts go into "
        f'"{kind}" ([site] section), so its home page and archives will not show them; set '
        f'section = "{listed[0]}" in [site] of newsletter.toml, or add "{kind}" to mainSections there'
    )


PAGE_SUFFIXES = (".md", ".markdown", ".html", ".htm", ".org", ".adoc", ".asciidoc", ".rst", ".pandoc", ".pdc")


def _busier_section(content: Path, kind: str) -> str | None:
    """The top folder of content/ with more pages than `kind`'s (and more than one), as Hugo
    counts them to choose its default mainSections: at any depth, a bundle (a folder with an
    index.md) one page. A tie is Hugo's pick: no warning. The posts' own folder is counted only
    as far as the busiest other one: each build asks, and walking 200 posts' bundles every time
    made `build --all` of 200 editions grow with the square of the archive."""
    others = {top.name: _pages_in(top) for top in _folders(content) if top.name != kind}
    busiest = max(others, key=lambda name: others[name], default=None)
    if busiest is None or others[busiest] <= 1:
        return None
    ours = content / kind
    return busiest if not ours.is_dir() or _pages_in(ours, enough=others[busiest]) < others[busiest] else None


def _folders(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.is_dir()] if folder.is_dir() else []


def _pages_in(folder: Path, enough: float = float("inf")) -> int:
    """The pages under `folder`, counted until `enough`."""
    found = list(folder.iterdir())
    if any(p.stem == "index" and p.suffix in PAGE_SUFFIXES for p in found):
        return 1  # a leaf bundle: its other files are its resources
    count = sum(p.suffix in PAGE_SUFFIXES and p.name[0] not in "_." for p in found if p.is_file())
    for sub in (p for p in found if p.is_dir()):
        if count >= enough:
            break
        count += _pages_in(sub, enough - count)
    return count


WEB_DIR = "newsletter"  # the site's folder of edition pages: static/newsletter/<period>/index.html


def web_edition_url(settings: Settings, period: str) -> str:
    """Where an edition's page is published: what "View in your browser" links to."""
    return f"{site_base_url(settings)}{WEB_DIR}/{period}/"
