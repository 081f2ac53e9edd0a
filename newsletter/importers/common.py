"""Helpers every parser shares: capped reading, zip members, CSV rows by header, dates, tags, text.

Exports are untrusted and can be huge: a file is read up to a cap, a zip's members are checked
before they are inflated (count and uncompressed size), CSV rows are read one at a time, and a
row that cannot be read becomes a warning naming the file and line while the rest go on.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from newsletter.errors import NewsletterError, aside
from newsletter.formats import hidden_characters, web_address
from newsletter.importers.model import AS_WRITTEN

MAX_FILE_BYTES = 256_000_000  # a 20,000-bookmark HTML export is ~10 MB; this is far past any real one
MAX_MEMBER_BYTES = 256_000_000  # one file inside a zip, uncompressed
MAX_MEMBERS = 100_000
MAX_ZIP_BYTES = 512_000_000  # all the files read from one zip, uncompressed, together
MAX_FIELD_CHARS = 4_000_000  # one CSV field (a Raindrop row's highlights can be long)
# What `clean` drops, as links/untrusted.py drops it from fetched text and feed import from a
# feed's: what hides or reorders text (formats/hidden_characters.py: an imported title's
# right-to-left override reordered the words after it in the post and the email, unseen), and
# the non-characters. It keeps what writing needs: tab, LF and CR, and NEL and the line and
# paragraph separators, which are white space (words on either side stay apart); the marks of
# direction a right-to-left text places, as a fetched one keeps them; and the zero-width space,
# Thai's, Khmer's and Burmese's break between words.
_KEPT = "\t\n\r\x85" + hidden_characters.SEPARATORS + hidden_characters.DIRECTION_MARKS + "\u200b"
_NON_CHARACTERS = "\ufffe\uffff"


class ExportError(NewsletterError):
    """An export file that cannot be imported at all (as opposed to one bad row in it)."""


def read_capped(path: Path) -> bytes:
    """The file's bytes, refusing one over MAX_FILE_BYTES before reading it."""
    read_capped_size(path)
    try:
        return path.read_bytes()
    except OSError as error:
        raise ExportError(f"{path}: cannot read it ({error.strerror or error})")


def json_data(text: str, name: str):
    """The JSON value of an export's text; ExportError naming the file (and line) if it is none.

    RecursionError too: "[[[[…" a hundred thousand deep is valid JSON that the decoder cannot
    nest, and it came out of `import` as a traceback; so did a number of more than 4,300 digits,
    which Python refuses to convert (a ValueError that is no JSONDecodeError)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise ExportError(f"{name}:{error.lineno}: not valid JSON ({error.msg})")
    except RecursionError:
        raise ExportError(f"{name}: JSON nested too deeply to be an export (the file is damaged); re-export it")
    except ValueError:
        raise ExportError(f"{name}: JSON holds a number thousands of digits long, which no export writes; re-export it")


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")  # UTF-16 LE and BE: Notepad's "Unicode", Excel's "Unicode Text"


def is_utf16(path: Path) -> bool:
    """Whether the file starts with a UTF-16 byte order mark."""
    try:
        with open(path, "rb") as handle:
            return handle.read(2) in _UTF16_BOMS
    except OSError:
        return False


def decode(data: bytes, name: str, first_line: int = 1) -> str:
    """UTF-8 text (a BOM, as Kindle and Excel write, is dropped), or UTF-16 with its BOM (an
    export re-saved in Notepad or Excel as "Unicode"); anything else is an error."""
    if first_line == 1 and data[:2] in _UTF16_BOMS:
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ExportError(f"{name}: not valid UTF-16 text; re-export it, or re-save it as UTF-8")
    try:
        return data.decode("utf-8-sig" if first_line == 1 else "utf-8")
    except UnicodeDecodeError as error:
        line = first_line + data[: error.start].count(b"\n")
        raise ExportError(
            f"{name}:{line}: not UTF-8 text (byte 0x{data[error.start]:02x}); re-export it, or re-save it as UTF-8"
        )


def text_lines(path: Path) -> Iterator[str]:
    """The file's lines as UTF-8 text, read one at a time (line ends kept, a leading BOM dropped).

    Lines are split on bytes before decoding (a newline byte is never inside a UTF-8 character),
    so a bad byte is reported on its own line. A lone CR ends a line too, as in a text file
    opened with newline="": Excel for Mac's "CSV (Macintosh)" ends lines with it, and such a
    file was one line. The size cap is checked first.
    """
    read_capped_size(path)
    try:
        with open(path, "rb") as handle:
            number = 0
            for raw in handle:
                for line in raw.splitlines(keepends=True) if b"\r" in raw else (raw,):
                    number += 1
                    yield decode(line, f"{path}", first_line=number)
    except OSError as error:
        raise ExportError(f"{path}: cannot read it ({error.strerror or error})")


def read_head(path: Path, size: int) -> str:
    """The first `size` bytes as text, for telling formats apart (a character cut at the end is dropped)."""
    read_capped_size(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(size)
        # UTF-16 read as UTF-8 is a NUL between letters: no format, nor a feed, was recognised
        return head.decode("utf-16" if head[:2] in _UTF16_BOMS else "utf-8-sig", errors="ignore")
    except OSError as error:
        raise ExportError(f"{path}: cannot read it ({error.strerror or error})")


def read_capped_size(path: Path) -> None:
    """Refuse a file over the cap, or one that is not there, before reading any of it."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ExportError(f"{path}: cannot read it ({error.strerror or error})")
    if size > MAX_FILE_BYTES:
        raise ExportError(
            f"{path}: {size:,} bytes is more than the {MAX_FILE_BYTES:,} an export may have; "
            "split it, or import its parts one by one"
        )


def zip_members(path: Path, pattern: str) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of the members whose name matches `pattern`, in name order, each size-checked."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as error:
        raise ExportError(f"{path}: not a readable zip file ({error})")
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ExportError(f"{path}: {len(infos):,} files in the zip, more than the {MAX_MEMBERS:,} allowed")
        wanted = [
            i for i in sorted(infos, key=lambda i: i.filename) if not i.is_dir() and re.search(pattern, i.filename)
        ]
        # Each member under its cap is not enough: Omnivore's highlights are all kept at once,
        # and a few thousand small deflated files of 250 MB each held gigabytes (a zip bomb).
        total = sum(info.file_size for info in wanted)
        if total > MAX_ZIP_BYTES:
            raise ExportError(
                f"{path}: its files come to {total:,} bytes uncompressed, more than the "
                f"{MAX_ZIP_BYTES:,} an export may have; unzip it and import its parts one by one"
            )
        for info in wanted:
            if info.file_size > MAX_MEMBER_BYTES:
                raise ExportError(
                    f"{path}: {info.filename} is {info.file_size:,} bytes uncompressed, "
                    f"more than the {MAX_MEMBER_BYTES:,} allowed"
                )
            try:
                with archive.open(info) as member:
                    yield info.filename, member.read(MAX_MEMBER_BYTES + 1)[:MAX_MEMBER_BYTES]
            except (OSError, zipfile.BadZipFile, EOFError) as error:
                raise ExportError(f"{path}: {info.filename} cannot be read ({error})")


def zip_names(path: Path) -> list[str]:
    """The member names of a zip file, or [] if it is none."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.namelist()[:MAX_MEMBERS]
    except (OSError, zipfile.BadZipFile):
        return []


def csv_rows(text: str | Iterable[str], name: str, warnings: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(first line, row) of CSV text or lines with a header row; keys lower-cased and trimmed.

    Columns are matched by header name, so extra or reordered columns do not matter. A row that
    cannot be parsed (a stray quote, a field over the cap) is a warning, and reading goes on.
    """
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FIELD_CHARS))
    reader = csv.reader(io.StringIO(text, newline="") if isinstance(text, str) else text, strict=True)
    try:
        header = [column.strip().lower() for column in next(reader)]
    except StopIteration:
        return
    except csv.Error as error:
        raise ExportError(f"{name}:1: the header row cannot be read {aside(str(error))}")
    line = reader.line_num
    while True:
        start = line + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            warnings.append(f"{name}:{start}: skipped a row that cannot be read {aside(str(error))}")
            line = reader.line_num
            continue
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            warnings.append(f"{name}:{start}: skipped a row with {len(row)} fields, the header has {len(header)}")
            continue
        yield start, dict(zip(header, row, strict=False))


def linked_rows(text: str | Iterable[str], name: str, warnings: list[str]) -> Iterator[tuple[int, str, dict[str, str]]]:
    """(first line, web link, row) of each CSV row (`csv_rows`) whose `url` column holds one; a row without
    one is a warning naming its line (the bookmark exports: Pocket, Instapaper, Raindrop.io)."""
    for line, row in csv_rows(text, name, warnings):
        url = web_link(row.get("url"))
        if url is None:
            warnings.append(f"{name}:{line}: skipped a row without a web link ({row.get('url', '')[:60]!r})")
            continue
        yield line, url, row


def title_not_link(value, url: str) -> str | None:
    """A saved link's title, cleaned; None when there is none, or when it is the link itself,
    as read-later services write it for a page they could not read."""
    title = clean(value)
    return title if title and title != url else None


def when(value) -> dt.datetime | None:
    """A moment from what exports write: Unix seconds (or milliseconds), ISO 8601, 'YYYY-MM-DD HH:MM:SS'.

    A moment without a zone is the reader's own clock (AS_WRITTEN: its day is kept as written);
    None when there is nothing or it cannot be read, and for the Unix epoch itself: ADD_DATE="0"
    is an exporter's "no date", and such a bookmark was filed under entries/1970/01/, in an
    edition no one builds.
    """
    moment = _moment(value)
    return moment if moment != _EPOCH else None


def unreadable(value) -> str | None:
    """`value` as written when it is a date `when` cannot read ("0000-01-01T00:00:00.000Z", in a
    Raindrop.io export), for the warning that dates its item today; None for an empty cell, a date
    read, and the Unix epoch, an exporter's way of writing no date at all."""
    text = clean(value)
    return text[:40] if text and _moment(value) is None else None


def _moment(value) -> dt.datetime | None:
    if value is None or isinstance(value, bool):
        return None
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"-?\d+(\.\d+)?", text):
        seconds = float(text)
        if seconds > 1e11:  # milliseconds
            seconds /= 1000
        try:
            return dt.datetime.fromtimestamp(seconds, dt.UTC)
        except (OverflowError, OSError, ValueError):
            return None
    text = re.sub(r"Z$", "+00:00", text.replace(" UTC", "+00:00"))
    text = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", text)  # +0000 -> +00:00
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=AS_WRITTEN)


_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def tag_list(value, separators: str = ",", *, odd: list | None = None) -> list[str]:
    """Tags from a list or a string split on any of `separators`; trimmed, no empties, no repeats.

    A list may hold strings or objects with a `name` (Omnivore, Readwise) or `tag` (Zotero). What
    is no tag (a number, null, a list, true; or `value` itself being one) is left out, and put
    in `odd` when given, for a warning: `str()` made it a tag like "None" or "['a']".
    """
    if value is None:
        return []
    if isinstance(value, str):
        parts = re.split("[" + re.escape(separators) + "]", value)
    elif isinstance(value, list):
        parts = []
        for part in value:
            name = part.get("name", part.get("tag")) if isinstance(part, dict) else part
            if isinstance(name, str):
                parts.append(name)
            elif odd is not None:
                odd.append(part)
    else:
        if odd is not None:
            odd.append(value)
        return []
    tags: dict[str, None] = {}  # in order, each once: a list's `in` made 500,000 tags hours of work
    for part in parts:
        tag = _no_climbing(clean(part).lstrip("#").strip())
        if tag:
            tags.setdefault(tag)
    return list(tags)


_PATH_SEPARATORS = re.compile(r"[/\\]")
_DOTS = re.compile(r"\s*\.+\s*")


def _no_climbing(tag: str) -> str:
    """A tag without path segments made of dots: Hugo makes a page of each tag at tags/<tag>/,
    so an imported tag ".." made the blog's home page a list of tagged posts, and
    "../../posts/x" wrote where it pleased in the site. "ml/vision" keeps its two parts."""
    if "." not in tag:
        return tag
    segments = _PATH_SEPARATORS.split(tag)
    if not any(_DOTS.fullmatch(segment) for segment in segments):
        return tag
    return "/".join(segment.strip() for segment in segments if segment.strip() and not _DOTS.fullmatch(segment))


def clean(text, *, lines: bool = False) -> str:
    """Text without control characters; runs of white space made one space unless `lines`."""
    if text is None:
        return ""
    text = hidden_characters.substituted(str(text), "", keep=_KEPT, extra=_NON_CHARACTERS)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if lines:
        return re.sub(r"\n{3,}", "\n\n", "\n".join(line.strip() for line in text.split("\n"))).strip()
    return " ".join(text.split())


def entities_decoded(text: str | None, *, lines: bool = False) -> str | None:
    """Text an exporter wrote with HTML entities (Raindrop's titles, Pinboard's titles and notes:
    "Dark mode &amp; design", "isn&#39;t") decoded. Only whole entities, ended by ";":
    html.unescape alone reads "&para" in "R&D&paragraph" as ¶, as browsers do for a few legacy
    names. Cleaned again after: "&#27;" is an ESC."""
    if not text:
        return text or None
    return clean(_ENTITY.sub(lambda entity: html.unescape(entity[0]), text), lines=lines) or None


_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def text_of(value, *, lines: bool = False) -> str | None:
    """The text of a field of an export, cleaned (see `clean`), or None when it is missing, empty
    or not a string. What a JSON export or an API sends is untrusted: a number, a list, an object
    or true where text belongs is no text, and `clean` alone wrote it into the entry as "123",
    "['a', 'b']", "{'x': 1}" or "True". `Record` says so in a warning."""
    return (clean(value, lines=lines) or None) if isinstance(value, str) else None


def what(value) -> str:
    """A JSON value's type in words, for a warning: "a number (123)", "a list", "true"..."""
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    return {list: "a list", dict: "an object", str: "text"}.get(type(value), type(value).__name__)


_FIELD = object()  # Record.text without `value`: the field's own


class Record:
    """One record of a JSON export or an API's answer (a bookmark, an annotation, a paper), its
    fields read by type: text where text belongs, else a warning naming the file and the record
    (`where`, like "pinboard.json: bookmark 3 (https://…)") and the field is left out, as if
    missing: a title then falls back as for none (the page's own, fetched at build)."""

    def __init__(self, raw: dict, where: str, warnings: list[str]):
        self.raw, self.where, self.warnings = raw, where, warnings

    def text(self, key: str, *, lines: bool = False, value=_FIELD, number: bool = False) -> str | None:
        """The text of field `key` (or of `value`, found under that name); `number`: a whole
        number is read as its digits, for an id that a format may give as one."""
        value = self.raw.get(key) if value is _FIELD else value
        if value is None or isinstance(value, str):
            return text_of(value, lines=lines)
        if number and isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        self.odd(key, value, "text")
        return None

    def tags(self, key: str, separators: str = ",") -> list[str]:
        """The tags of field `key` (see `tag_list`); what is no tag is left out, with a warning."""
        value = self.raw.get(key)
        if value is not None and not isinstance(value, (str, list)):
            self.odd(key, value, "tags")
            return []
        odd: list = []
        tags = tag_list(value, separators, odd=odd)
        for kind in dict.fromkeys(what(part).split(" (")[0] for part in odd):  # once per kind, not per tag
            self.warnings.append(f"{self.where}: `{key}` holds {kind}, not a tag; left out")
        return tags

    def odd(self, key: str, value, wanted: str) -> None:
        self.warnings.append(f"{self.where}: `{key}` is {what(value)}, not {wanted}; left out")


def web_link(value) -> str | None:
    """An http(s) address, or None: also for one that urlsplit refuses ("https://examp[le.com/",
    an unclosed IPv6 bracket), which raised ValueError out of `import` where its type was told."""
    text = web_address.mended(clean(value))  # the reader's rule: never an entry the next build refuses
    if web_address.refusal(text):
        return None
    try:
        urlsplit(text)
    except ValueError:
        return None
    return text


def truthy(value) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "y", "on")
