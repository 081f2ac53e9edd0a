"""Front matter: the `---` block of YAML at the top of an entry or editorial file, and the line
of each key, so every message can point at it. Pure; raises `Problem`."""

from __future__ import annotations

import datetime as dt
import json
import re

import frontmatter
import yaml
from frontmatter.default_handlers import YAMLHandler

# libyaml's loader is ~10x faster than the pure-Python one; the archive can hold thousands.
from newsletter.fields import Problem  # noqa: E402  (one Problem for the reader and its rules)

YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _YAML(YAMLHandler):
    def load(self, fm, **kwargs):
        meta = yaml.load(fm, Loader=YAML_LOADER)
        # python-frontmatter drops front matter that is not a mapping (a YAML list, a bare
        # word), which would be reported as every key missing: say what is wrong instead.
        if meta is not None and not isinstance(meta, dict):
            raise Problem("front matter must be `key: value` lines (it is YAML, but not keys and values)", line=2)
        return meta


_HANDLER = _YAML()


def parse_front_matter(text: str) -> tuple[dict, str]:
    """Split a Markdown file into (front matter, body). Pure; raises Problem."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise Problem("the file is empty; add front matter (type, url, date) and notes, or delete it")
    if not re.match(r"---[ \t]*\r?\n", text):
        raise Problem(
            "no front matter; start the file with a '---' line, then the keys "
            "(type, url, date), then another '---' line",
            line=1,
        )
    try:
        meta, body = frontmatter.parse(text, handler=_HANDLER)
    except (ValueError, TypeError) as error:  # YAML that parses but cannot be built: 2021-02-30
        raise Problem(
            f"front matter has an impossible value ({error}); check the dates (YYYY-MM-DD)",
            line=impossible_date_line(text),
        )
    except yaml.YAMLError as error:
        raise _yaml_problem(error, text)
    if text.count("\n---") == 0 and not meta:
        raise Problem("front matter is never closed; add a '---' line after the keys", line=1)
    if not isinstance(meta, dict):
        raise Problem("front matter must be `key: value` lines", line=2)
    return meta, body


def _yaml_problem(error: yaml.YAMLError, text: str) -> Problem:
    """A YAML error as a Problem on the line to fix, with what to do. A quote, `[` or `{` left
    open is found only where the front matter ends, so it is pointed at where it opened."""
    mark = getattr(error, "problem_mark", None)
    context, opened = getattr(error, "context", None) or "", getattr(error, "context_mark", None)
    reason = getattr(error, "problem", None) or str(error).splitlines()[0]
    # A [ or { closed on its own line can still hold a mistake (`[c++, "a"b]`): YAML stops on
    # that line then, and its own words are right; one left open is noticed only lines below.
    unclosed = opened is not None and mark is not None and mark.line > opened.line
    if unclosed and context.startswith("while scanning a quoted scalar"):
        fix = "a quote opened on this line is never closed; end the value with the same quote mark"
        return Problem(f"front matter is not valid YAML: {fix}", line=opened.line + 1)  # +1: the '---' line
    if (unclosed and context.startswith("while parsing a flow")) or (
        context == "while parsing a flow node" and reason == "did not find expected node content"
    ):  # the second: `tags: [a,` at the end, where YAML marks the end, not the bracket
        fix = "a [ or { opened on this line is never closed; close it, or quote the value if it is text"
        line = _last_open_bracket(text, mark.line if mark else None)
        return Problem(f"front matter is not valid YAML: {fix}", line=line if line else (opened.line + 1))
    line = mark.line + 1 if mark else None  # +1: the '---' line
    return Problem(f"front matter is not valid YAML ({reason}); {_advice(reason, text, line)}", line=line)


def _last_open_bracket(text: str, before: int | None) -> int | None:
    """The file line of the last `[` or `{` left open before the front matter's line `before`."""
    lines = text.splitlines()[1 : (before + 1) if before is not None else None]
    for number in range(len(lines), 0, -1):
        line = lines[number - 1]
        if line.count("[") > line.count("]") or line.count("{") > line.count("}"):
            return number + 1
    return None


def _advice(reason: str, text: str, line: int | None) -> str:
    """What to do about the YAML problem `reason` on file line `line`."""
    shown = text.splitlines()[line - 1] if line and line <= len(text.splitlines()) else ""
    if "tab character" in reason:
        return "indent with spaces, not tabs"
    if reason.startswith(("found undefined alias", "found character that cannot start any token")) or (
        reason.startswith("block sequence entries are not allowed")
    ):
        return "a value starting with * & ! @ ` or - must be quoted: put it in double quotes"
    if reason.startswith("mapping values are not allowed") and shown[:1] in (" ", "\t"):
        return "keys start at the beginning of the line: remove the spaces before it"
    if "'" in shown and shown.count("'") % 2:
        return "inside a value in single quotes, write an apostrophe as two ('it''s'), or use double quotes"
    return "check quotes and colons in values (quote titles that contain ': ') and the indentation of lists"


def impossible_date_line(text: str) -> int | None:
    """The line of the first date-shaped value that is no calendar day (2025-02-30)."""
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.match(r"\s*[\w-]+\s*:\s*(\d{4})-(\d{1,2})-(\d{1,2})\b", line)
        if match:
            try:
                dt.date(*map(int, match.groups()))
            except ValueError:
                return number
    return None


def key_lines(text: str) -> dict[str, int]:
    """Line numbers of top-level front matter keys, so messages can point at them."""
    lines = {}
    for key, number in _keys(text):
        lines.setdefault(key, number)
    return lines


def repeated_keys(text: str) -> list[tuple[str, int, int]]:
    """(key, first line, later line) of each top-level key given twice: YAML keeps the last
    silently, so an author who added a line does not see the one above it win or lose."""
    first, repeats = {}, []
    for key, number in _keys(text):
        if key in first:
            repeats.append((key, first[key], number))
        first.setdefault(key, number)
    return repeats


_KEY = re.compile(r"([A-Za-z_][\w-]*)\s*:")


def _keys(text: str):
    for number, line in enumerate(text.splitlines()[1:], start=2):
        if line.strip() == "---":
            break
        match = _KEY.match(line)
        if match:
            yield match.group(1), number


_LINE = re.compile(r"(\w+)[ \t]*:[ \t]*(.*?)[ \t]*$")
_JSON_STRING = r'"[^"\\\x00-\x1f]*(?:\\.[^"\\\x00-\x1f]*)*"'  # "unrolled": no alternation per character
_PAIR = re.compile(rf"(source|id|url|work): ({_JSON_STRING})(?:, |$)")
_STRING = re.compile(_JSON_STRING)
_DAY = re.compile(r"\d{4}-\d\d-\d\d")
_WORD = re.compile(r"[A-Za-z][^\s\"'#,\[\]{}]*")
_PAIRS = re.compile(rf"\{{(?:source|id|url|work): {_JSON_STRING}(?:, (?:source|id|url|work): {_JSON_STRING})*\}}")


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
    """A JSON string's value; without a backslash, what is between the quotes (no JSON parse)."""
    return quoted[1:-1] if "\\" not in quoted else json.loads(quoted)
