"""Front matter: the `---` block of YAML at the top of an entry or editorial file, and the line
of each key, so every message can point at it. Pure (raises `Problem`), but for the store at the
end: what each front matter text parsed to, kept in .newsletter/ so that an unchanged one is not
parsed again."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import math
import os
import re
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from newsletter import __version__, fields, files
from newsletter.fields import Problem  # one Problem for the reader and its rules
from newsletter.formats import impossible_dates
from newsletter.formats.json_object import json_object
from newsletter.formats.own_key import own_key, sealed, unsealed_with

if TYPE_CHECKING:
    import yaml


def yaml_loader():
    """libyaml's safe loader when there is one: ~10x faster than the pure-Python one, and the
    archive can hold thousands of entries. Imported here, on first use: a build whose front
    matter is all in its store (FrontMatterStore, below) needs no YAML parser."""
    import yaml

    return fields.yaml_typed(getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def parse_front_matter(text: str, store: FrontMatterStore | None = None) -> tuple[dict, str]:
    """Split a Markdown file into (front matter, body); the front matter from `store` when it
    has read the same text before. Pure but for the store; raises Problem."""
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise Problem(  # (not "delete it" alone: a sync client bringing a file shows it empty, and a deletion syncs)
            "the file is empty; if a sync client is still bringing it, wait and run this again; "
            "else add front matter (type, url, date) and notes, or delete it"
        )
    if not _OPENING.match(text):
        raise Problem(
            "no front matter; start the file with a '---' line, then the keys "
            "(type, url, date), then another '---' line",
            line=1,
        )
    try:
        meta, body = _split(text, store)
    except (ValueError, TypeError) as error:  # YAML that parses but cannot be built: 2021-02-30
        try:  # read on, the date kept as its text: the entry's rules say so with the file's other problems
            meta, body = _split(text, None, impossible_dates.lenient(yaml_loader()))
        except (ValueError, TypeError):
            raise Problem(
                f"front matter has an impossible value ({error}); check the dates (YYYY-MM-DD)",
                line=impossible_date_line(text),
            )
    except _Unreadable as unreadable:
        raise _yaml_problem(unreadable.args[0], text)
    if not meta and text.count("\n---") == 0:
        raise Problem("front matter is never closed; add a '---' line after the keys", line=1)
    if not isinstance(meta, dict):
        raise Problem("front matter must be `key: value` lines", line=2)
    return meta, body


_OPENING = re.compile(r"---[ \t]*\r?\n")  # (compiled once: each of an archive's entries is matched)
# python-frontmatter's YAML delimiter. Its `parse` is this one split (below, step for step), and
# importing the package loads its TOML handler too, with the `decimal` module.
_BOUNDARY = re.compile(r"^-{3,}\s*$", re.MULTILINE)


def _split(text: str, store: FrontMatterStore | None, loader=None) -> tuple[dict, str]:
    """`frontmatter.parse(text)` with a YAML handler: CRLF made LF, the text stripped, split at
    the first two delimiter lines (no second one: no front matter, the whole text the body)."""
    text = text.replace("\r\n", "\n").strip()
    parts = _BOUNDARY.split(text, 2)
    if len(parts) != 3:
        return {}, text
    _, front, content = parts
    meta = store.get(front) if store is not None else None
    if not isinstance(meta, dict):  # not kept (or kept as what no parse gives: a damaged store)
        meta = _load(front, loader)
        if store is not None and isinstance(meta, dict):
            store.put(front, meta)
    # The body trimmed of blank lines only (python-frontmatter strips it): the indent of its
    # first line is Markdown, an indented code block or a list's items.
    return (dict(meta) if isinstance(meta, dict) else {}), fields.trimmed(content)


class _Unreadable(Exception):
    """YAML's own error (args[0]), carried out to be worded with the whole text at hand."""


def _load(front: str, loader=None):
    import yaml

    try:
        meta = yaml.load(front, Loader=loader or yaml_loader())
    except yaml.YAMLError as error:
        raise _Unreadable(error) from None
    # python-frontmatter drops front matter that is not a mapping (a YAML list, a bare
    # word), which would be reported as every key missing: say what is wrong instead.
    if meta is not None and not isinstance(meta, dict):
        raise Problem("front matter must be `key: value` lines (it is YAML, but not keys and values)", line=2)
    return meta


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
    # A tab that indents a list item or a nested key is "a character that cannot start any
    # token" to YAML, which would read as advice about quoting.
    if "tab character" in reason or "\t" in shown[: len(shown) - len(shown.lstrip())]:
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


@functools.lru_cache(maxsize=1)  # the reader asks for key_lines, then repeated_keys, of one text
def _keys(text: str) -> tuple[tuple[str, int], ...]:
    found = []
    for number, line in enumerate(text.splitlines()[1:], start=2):
        if line.strip() == "---":
            break
        match = _KEY.match(line)
        if match:
            found.append((match.group(1), number))
    return tuple(found)


# --- the store -------------------------------------------------------------------------------
# Entries' front matter as YAML read it, kept in .newsletter/ under a hash of its text, so the
# front matter of a file that did not change is not parsed again.
#
# YAML is most of reading an entry, and rebuilding an archive (after a template change) reads
# every entry of every edition; after a note is edited, its front matter is what it was, and a
# build that finds all of them here does not even load the YAML parser. Only what JSON says
# without doubt is kept: text, whole numbers, finite decimals, true/false, null, dates, lists and
# mappings keyed by text, each read back as the same type (never `1` for `true`, nor 1 for 1.0).
# Anything else YAML can give (a time of day, a set, a mapping keyed by numbers) is parsed every
# time. Nothing here is executable, each row is signed by this user's own key; a damaged or
# foreign row means parsing again, a store that cannot be opened parsing every time.

STORE_FILE = "front_matter.sqlite3"


class FrontMatterStore:
    """`get` and `put` parsed front matter by its text; use as a context manager, or call
    `close()`, which writes what `put` was given (one transaction for the whole build)."""

    def __init__(self, folder: Path):
        self.db: sqlite3.Connection | None = None
        self.new: dict[str, str] = {}
        self.salt, self.own = _salt(), own_key()  # (this user's key: looked up once, not for each entry)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self.db = files.open_db(folder / STORE_FILE, timeout=10, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # a cache: no fsync per write
            self.db.execute("CREATE TABLE IF NOT EXISTS front_matter (key TEXT PRIMARY KEY, meta TEXT NOT NULL)")
            self.db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL)")
            # Keys carry the salt, so what another version kept can never be read again: empty
            # the store then (one process does; the others see the new salt), as the notes cache does.
            if self.db.execute("SELECT value FROM meta WHERE name = 'salt'").fetchone() != (self.salt,):
                self.db.execute("BEGIN IMMEDIATE")
                if self.db.execute("SELECT value FROM meta WHERE name = 'salt'").fetchone() != (self.salt,):
                    self.db.execute("DELETE FROM front_matter")
                    self.db.execute("INSERT OR REPLACE INTO meta VALUES ('salt', ?)", (self.salt,))
                self.db.execute("COMMIT")
        except (OSError, sqlite3.Error):
            self.close()  # a read-only, busy or damaged state folder: parse every time

    def get(self, text: str):
        """The front matter `text` was parsed to before, or None. Not a row another program wrote
        that is a mapping and still not this text's: `{"date": 5}` had the build blame the author's
        file for a key it does not have. Each key must stand as one in `text`: at a line's start,
        after any indent (a merged `<<: *base` brings in keys indented under the anchor), quoted or
        not; a front matter whose keys are written otherwise (a flow mapping) is parsed every time.
        Nor a row this user's tool did not sign (own_key.sealed): one a collaborator wrote in a
        synced workspace gave an entry another link or title in the post, unseen in its file."""
        if self.db is None:
            return None
        key = self._key(text)
        try:  # (read with the whole store, by `build --all`: else looked up)
            row = (_READ[key],) if key in _READ else self.db.execute(_ROW, (key,)).fetchone()
        except sqlite3.Error:  # (damaged: parsed again)
            return None
        meta = json_object(unsealed_with(self.own, key, row[0]), _DECODER) if row else None
        return meta if meta and meta.keys() <= {key for _, key in _KEY_STANDS.findall(text)} else None

    def put(self, text: str, meta: dict) -> None:
        """Keep what YAML read `text` as, if it is all of the kinds above."""
        if self.db is not None and (encoded := _encoded(meta)) is not None:
            self.new[key] = sealed(key := self._key(text), encoded)

    def close(self) -> None:
        if self.db is None:
            return
        try:
            if self.new:
                self.db.execute("BEGIN")
                self.db.executemany("INSERT OR REPLACE INTO front_matter VALUES (?, ?)", self.new.items())
                self.db.execute("COMMIT")
        except sqlite3.Error:
            pass  # busy or full: those are parsed again next time (closing rolls the rest back)
        finally:
            files.close_db(self.db)
            self.db, self.new = None, {}

    def __enter__(self) -> FrontMatterStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _key(self, text: str) -> str:
        return hashlib.sha256(self.salt + text.encode("utf-8", "surrogatepass")).hexdigest()


_ROW = "SELECT meta FROM front_matter WHERE key = ?"
_KEY_STANDS = re.compile(r"^[ \t]*([\"']?)(.+?)\1[ \t]*:(?:[ \t]|$)", re.M)  # a key as `get` finds one in the text
# Every row of the store, read at once by `build --all` before it builds its editions, whose
# workers, forked after, share them: each entry's row looked up alone was a third of reading the
# archive (0.34 s of the bench's 10,000 entries). Rows are keyed by their text (and the salt),
# so a row read here is the row the store holds for that key; each is checked as a row looked
# up is (its seal, its keys). A row put since is looked up.
_READ: dict[str, str] = {}


def read_whole_store(folder: Path) -> None:
    """Read every row of the store in `folder` for `get`, until `forget_whole_store`: where a
    whole archive's front matter is about to be read. Nothing is read from a store another
    version wrote (its rows are never this one's), nor from one that cannot be read."""
    _READ.clear()
    path = folder / STORE_FILE
    if not path.is_file():
        return
    try:
        db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=10)
        try:
            if db.execute("SELECT value FROM meta WHERE name = 'salt'").fetchone() == (_salt(),):
                _READ.update(db.execute("SELECT key, meta FROM front_matter"))
        finally:
            db.close()
    except sqlite3.Error:  # (busy, damaged: each row is looked up, or parsed again)
        _READ.clear()


def forget_whole_store() -> None:
    _READ.clear()


def _salt() -> bytes:
    """What a parse depends on besides the text: this tool's version and the YAML library's."""
    return f"front-matter-4\0{__version__}\0{_yaml_library()}\0".encode()


@functools.cache  # once a process: build --all opens the store for each of its editions
def _yaml_library() -> str:
    """PyYAML's __init__ as size:time (an upgrade rewrites it), found without importing it."""
    from importlib.util import find_spec

    spec = find_spec("yaml")
    try:
        status = os.stat(spec.origin) if spec and spec.origin else None
    except OSError:
        status = None
    return f"{status.st_size}:{status.st_mtime_ns}" if status else "-"


# JSON tells text, whole numbers, decimals, true/false, null, lists and mappings apart by itself;
# a date is written as a mapping with one key that no kept mapping has (none starting with NUL
# is kept), and read back from it by json's own hook, so reading stays in json's C decoder.
_DATE = "\0date"


_MOST_VALUES = 10_000  # front matter holds a few dozen values: more is not worth keeping


def _plain(meta: dict) -> bool:
    """Whether `meta` is all of the kinds above (a date itself, not a datetime), each list and
    mapping met once: YAML's aliases share one, and JSON would copy it at every mention (ten
    `*a` a list, nested nine deep, is 10⁹ values from a 700-byte front matter)."""
    stack, seen, count = [meta], set(), 0
    while stack:
        value = stack.pop()
        count += 1
        kind = type(value)
        if count > _MOST_VALUES:
            return False
        if kind is dict or kind is list:
            if id(value) in seen:
                return False
            seen.add(id(value))
            if kind is list:
                stack.extend(value)
            elif all(type(key) is str and not key.startswith("\0") for key in value):
                stack.extend(value.values())
            else:
                return False
        elif kind is float:
            if not math.isfinite(value):
                return False
        elif not (value is None or kind in (str, bool, int, dt.date)):
            return False
    return True


def _encoded(meta: dict) -> str | None:
    """`meta` as JSON, or None when it holds anything but the kinds above."""
    if not _plain(meta):
        return None
    try:
        return json.dumps(meta, default=lambda day: {_DATE: day.isoformat()})  # ASCII: a lone surrogate is escaped
    except ValueError:  # a whole number past Python's 4,300 digits (YAML reads `0x` and `0b` ones of any length)
        return None


# One decoder: json.loads with a hook builds a new one for every call.
_DECODER = json.JSONDecoder(object_hook=lambda found: dt.date.fromisoformat(found[_DATE]) if _DATE in found else found)
