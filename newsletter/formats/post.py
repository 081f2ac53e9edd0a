"""Putting untrusted text into a Hugo Markdown post: escaping, URLs, front matter, slugs."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from urllib.parse import quote

from markupsafe import Markup

from newsletter.config import Settings
from newsletter.models import Edition

# Characters that start Markdown syntax anywhere in a line. `<` and `&` become entities so
# no raw HTML survives (Hugo would drop it anyway), and `{` too, so `{{<` can never open a
# shortcode that Hugo would run.
_ESCAPES = {"\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]",
            "<": "&lt;", ">": "&gt;", "{": "&#123;", "}": "&#125;", "|": "\\|", "!": "\\!"}
# An underscore inside a word (model_search) never starts emphasis, so it stays readable.
_ESCAPE_RE = re.compile("|".join(re.escape(c) for c in _ESCAPES if c != "_")
                        + r"|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|&(?=#?\w+;)")


def escape(text: str) -> str:
    """Plain text -> Markdown that shows exactly that text, inline."""
    text = re.sub(r"\s+", " ", str(text)).strip()
    escaped = _ESCAPE_RE.sub(lambda m: _ESCAPES.get(m.group(0), "&amp;"), text)
    # A line starting with '#', '-', '+', '>' or '1.' would become a heading, list or quote.
    return re.sub(r"^([#>+-]|\d+[.)])", r"\\\1", escaped)


def escape_unless_safe(value):
    """Jinja `finalize` for the post: every printed value is escaped unless marked safe."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    return escape(value) if isinstance(value, str) else value


def url(value: str) -> Markup:
    """A URL fit for `[text](url)`: spaces, parentheses and angle brackets encoded."""
    return Markup(quote(str(value).strip(), safe=":/?#@!$&'*+,;=%~-._[]"))


def slug(edition: Edition) -> str:
    """Lower-case words from the title, with the year when the title lacks it."""
    text = unicodedata.normalize("NFKD", edition.title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", text.lower())
    year = str(edition.period.end.year)
    if year not in words:
        words.append(year)
    return "-".join(words)


def front_matter(edition: Edition, settings: Settings, date: dt.datetime) -> str:
    """Hugo front matter in TOML (`+++`) or YAML (`---`), keys in the example post's order."""
    fields = {
        "title": edition.title,
        "date": date.isoformat(),
        "categories": [settings.site.category],
        "tags": edition.tags,
        "draft": False,
        "slug": slug(edition),
    }
    if settings.site.front_matter == "yaml":
        # JSON scalars are valid YAML, and quoting every string sidesteps YAML's type guessing.
        lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()]
        return "---\n" + "\n".join(lines) + "\n---\n\n"
    lines = [f"{key} = {_toml(value, bare_date=key == 'date')}" for key, value in fields.items()]
    return "+++\n" + "\n".join(lines) + "\n+++\n\n"


def _toml(value, bare_date: bool = False) -> str:
    if bare_date:
        return value  # an offset date-time literal, which TOML and Hugo read as a date
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    # JSON strings are TOML basic strings, once DEL (which JSON leaves raw) is escaped.
    return json.dumps(str(value), ensure_ascii=False).replace("\x7f", "\\u007f")
