"""Front matter in the plain forms `new` and `import` write, read without YAML: a scan of the
whole archive (read.scan_archive, for `import`'s known items and repeated links) reads 20,000
entries' few keys so, and YAML only where a line is in another form."""

from __future__ import annotations

import datetime as dt
import json
import re

from newsletter.fields import Problem
from newsletter.front_matter import parse_front_matter, yaml_loader

_LINE = re.compile(r"(\w+)[ \t]*:[ \t]*(.*?)[ \t]*$")
_JSON_STRING = r'"[^"\\\x00-\x1f]*(?:\\(?:["\\/bfnrt]|u(?![dD][89abAB])[0-9a-fA-F]{4})[^"\\\x00-\x1f]*)*"'
_PAIR = re.compile(rf"(source|id|url|work): ({_JSON_STRING})(?:, |$)")
_STRING = re.compile(_JSON_STRING)
_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_WORD = re.compile(r"[A-Za-z][^\s\"'#,\[\]{}]*")
_PAIRS = re.compile(rf"\{{(?:source|id|url|work): {_JSON_STRING}(?:, (?:source|id|url|work): {_JSON_STRING})*\}}")


def lines_read(lines: list[str]):
    """`lines` of front matter as YAML reads them: from `plain_lines`, or where one is in
    another form, by YAML (None if it cannot read them)."""
    meta = plain_lines(lines)
    if meta is None:
        import yaml  # here: most archives' entries are all in the plain forms below

        try:
            meta = yaml.load("\n".join(lines), Loader=yaml_loader())
        except (yaml.YAMLError, ValueError, TypeError):
            meta = None
    return meta


def plain_lines(lines: list[str]) -> dict | None:
    """The lines as YAML reads them, when they are in the plain forms `new` and `import` write:
    a bare word or link, a JSON-quoted string, YYYY-MM-DD, true/false, `imported: {source: "…",
    …}`. None for anything else (YAML then decides). Ten times faster than YAML's constructor,
    which matters when import scans an archive of 20,000 imported entries."""
    meta: dict = {}
    for line in lines:
        key, value = _LINE.match(line).groups()
        if key == "imported":
            if not _PAIRS.fullmatch(value):
                return None
            meta[key] = {k: _string(v) for k, v in _PAIR.findall(value, 1, len(value) - 1)}
        elif key == "date" and _DAY.fullmatch(value):
            try:
                meta[key] = dt.date.fromisoformat(value)
            except ValueError:
                return None
        elif key == "draft" and value in ("true", "false"):
            meta[key] = value == "true"
        elif key in ("type", "url") and _STRING.fullmatch(value):
            meta[key] = _string(value)
        elif key in ("type", "url") and _WORD.fullmatch(value):
            meta[key] = value
        else:
            return None
    return meta


def _string(quoted: str) -> str:
    """A JSON string's value; without a backslash, what is between the quotes (no JSON parse).
    `_JSON_STRING` is "unrolled" (no alternation per character) and takes only the escapes JSON
    and YAML both read alike, no surrogate (YAML refuses "\\ud83d"): it took any, and json.loads
    raised on YAML's own, so a valid `url: "https://example.com/caf\\xe9"` took check down."""
    return quoted[1:-1] if "\\" not in quoted else json.loads(quoted)


_DATE_LINE = re.compile(r"^date[ \t]*:(.*)$", re.M)
_HEAD = re.compile(r"\ufeff?---[ \t]*\r?\n(.*?)^---[ \t]*$", re.S | re.M)


def date_of(text: str, store=None) -> dt.date | None:
    """The date an entry file's front matter holds: its one plain `date: YYYY-MM-DD` line, read
    without YAML (a build reads its neighbouring months' files for one dated in its period, and
    most are not), else as YAML reads it; None when that is no date (the entry's reader says why).
    `store`: a front_matter.FrontMatterStore."""
    if (day := plain_date(text)) is not None:
        return day
    try:
        meta, _ = parse_front_matter(text, store)
    except Problem:
        return None
    date = meta.get("date") if isinstance(meta, dict) else None
    date = date.date() if isinstance(date, dt.datetime) else date
    return date if isinstance(date, dt.date) else None


def plain_date(text: str, *, cut: bool = False) -> dt.date | None:
    """The day of the front matter's one plain `date: YYYY-MM-DD` line, read without YAML; None
    where there is no such line. `cut`: `text` is the file's beginning only, whose front matter
    counts only if its closing line ends before the cut (what follows could be more of it)."""
    head = _HEAD.match(text)
    if head is None or (cut and head.end() >= len(text)):
        return None
    lines = _DATE_LINE.findall(head[1])
    if len(lines) == 1 and _DAY.fullmatch(plain := lines[0].split(" #")[0].strip()):
        try:
            return dt.date.fromisoformat(plain)
        except ValueError:
            pass  # 2026-02-30: the reader says what is wrong
    return None
