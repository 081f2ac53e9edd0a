"""Entry stubs: the files `new`, `import` and `init` write for the author to fill in.

One writer, so every stub quotes the same way (a JSON string is a valid YAML scalar, and
untrusted titles stay one line of data), is named the same way, and never overwrites a file.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import itertools
import os
import re
import secrets
import unicodedata
from collections.abc import Callable
from pathlib import Path

from newsletter.errors import NewsletterError
from newsletter.formats.entry_names import file_name
from newsletter.formats.language_tag import canonical, primary, problem, regional
from newsletter.formats.post import quoted
from newsletter.links.untrusted import shows
from newsletter.models import Entry, Metadata, month_folder

PLACEHOLDER = "Your notes, in Markdown."  # where the notes go; `check` and `send` flag it if left
# ... in the log's language ([newsletter] language): a French log's, and a Japanese one's, every
# new entry said it in English. `check` and `send` flag any of them. (Every language the
# templates speak, formats/phrases.py: tests/test_stubs.py checks that each has one.)
PLACEHOLDERS = {
    "en": PLACEHOLDER,
    "de": "Deine Notizen, in Markdown.",
    "fr": "Vos notes, en Markdown.",
    "es": "Tus notas, en Markdown.",
    "it": "Le tue note, in Markdown.",
    "pt": "Suas notas, em Markdown.",  # Brazil's, as formats/phrases.py's "pt" is
    "nl": "Je notities, in Markdown.",
    "sv": "Dina anteckningar, i Markdown.",
    "da": "Dine noter, i Markdown.",
    "nb": "Notatene dine, i Markdown.",
    "ja": "ここにメモを Markdown で。",
    "zh": "在这里用 Markdown 写笔记。",
    "ko": "여기에 메모를 Markdown으로.",
    "ar": "ملاحظاتك، بتنسيق Markdown.",
    "he": "ההערות שלך, ב-Markdown.",  # no template words of its own, but a Hebrew log's entries (new user 62)
}


# A region's own line where its language's differs, as formats/wording.py's _REGIONAL phrases:
# Portugal's (earlier versions wrote it for every Portuguese log: still flagged).
REGIONAL_PLACEHOLDERS = {("pt", "pt"): "As tuas notas, em Markdown."}


def placeholder_in(language: str) -> str:
    """The placeholder line in `language` (a tag: "fr-CA" is French, "pt-PT" Portugal's), else in English."""
    return regional(REGIONAL_PLACEHOLDERS, language, primary(language)) or PLACEHOLDERS.get(
        primary(language), PLACEHOLDER
    )


# Every placeholder line a stub has been written with, to know one in any log
ALL_PLACEHOLDERS = (*PLACEHOLDERS.values(), *REGIONAL_PLACEHOLDERS.values())


# A word every placeholder line holds: notes without it (nearly all) hold none, told by one
# search where fifteen were made (~9 us a note of 1 KB, ~0.5 ms an edition, asked of each note by
# the build's readiness check and again by collect.without_placeholders; `build --all`, fast 28)
IN_EVERY_PLACEHOLDER = "Markdown"


def placeholder_of(notes: str) -> str | None:
    """The placeholder line `notes` still hold, in whichever language; None when they hold none."""
    if IN_EVERY_PLACEHOLDER not in notes:
        return None
    return next((said for said in ALL_PLACEHOLDERS if said in notes), None)


_PLAIN_URL = re.compile(r"[\w\-.~:/?#\[\]@!$&'()*+,;=%]+")


def stub(
    kind: str,
    url: str,
    day: dt.date,
    *,
    title: str | None = None,
    people: list[str] = (),
    fill_in: bool = False,
    extra: dict | None = None,
    draft: bool = False,
    notes: str = "",
    placeholder: str = PLACEHOLDER,
) -> str:
    """A stub's Markdown: front matter, then `notes` (if any), then the placeholder line.

    `fill_in` leaves empty `title:` and people lines for the author when the link said
    nothing; `extra` adds keys after them (section, episode...), values quoted unless they are
    numbers or lengths of time.
    """
    word = "speakers" if kind in Entry.people_words else "authors"
    # bare when YAML reads it back as it is: not when it ends in ':', a mapping's colon to YAML
    shown_url = url if _PLAIN_URL.fullmatch(url) and not url.endswith(":") else quoted(url)
    lines = [
        "---",
        f"type: {kind}",
        f"url: {shown_url}" if url else "url:   # the link, https://…",
        f"date: {day.isoformat()}",
    ]
    people = [name for name in people if shows(name)]
    if title and shows(title):  # a title of U+200E alone would be a heading with no words
        lines.append(f"title: {quoted(title)}")
    elif fill_in and url:
        lines.append('title: ""          # empty: the page\'s own title, fetched at build')
    elif fill_in:  # no page to take a title from: the entry needs one
        lines.append('title: ""          # the title (an entry without a link shows this)')
    if people and kind != "mine":
        lines.append(f"{word}: [" + ", ".join(quoted(name) for name in people) + "]")
    elif fill_in and kind != "mine":
        lines.append(f"{word}: []")
    for key, value in (extra or {}).items():
        lines.append(f"{key}: {_scalar(value)}")
    lines += ["tags: []"] + (["draft: true"] if draft else []) + ["---", ""]
    if notes:
        lines += [notes, ""]
    return "\n".join(lines + [placeholder, ""])


def new_entry(kind: str, url: str, day: dt.date, meta: Metadata, language: str = "en") -> str:
    """`newsletter new`'s stub, prefilled from what the link says about itself; with `language:`
    when the page says it is in another language than the log's (`language`), so the notes about
    an English paper in an Arabic log are read and quoted in English."""
    extra = {"language": own} if (own := page_language(meta.language, language)) else None
    return stub(
        kind,
        url,
        day,
        title=meta.title,
        people=meta.authors,
        fill_in=True,
        extra=extra,
        placeholder=placeholder_in(own or language),  # the notes' language, as the entry says
    )


def page_language(said: str | None, language: str) -> str | None:
    """The language a page says it is in (`said`: its <html lang>, og:locale or Content-Language,
    fetched and untrusted), as an entry's `language:`, when it is a well-formed tag of another
    language than the log's `language`; None otherwise ("en-US" in an English log is its own)."""
    if not said or problem(said) or primary(said) == primary(language):
        return None
    return canonical(said)


def path_for(entries_dir: Path, day: dt.date, title: str | None, url: str) -> Path:
    """A fresh file name under entries/YYYY/MM/, from the title or else the words of the URL's
    path (`/2019/10/why-x-matters/` -> why-x-matters); never an existing file."""
    base = file_name(title, url)
    folder = month_folder(entries_dir, day.year, day.month)
    path = folder / f"{base}.md"
    number = 2
    # lexists: a link to nowhere holds its name too (an entry synced as a link, its file not yet);
    # exists() said no, and `new` ended in a FileExistsError traceback, `capture` in a refusal
    while os.path.lexists(path):
        path = folder / f"{base}-{number}.md"
        number += 1
    return path


def write(path: Path, text: str, within: str = "entries/ and its folders are folders") -> None:
    """Create the file, whole or not at all (see `_create`); an existing one is never overwritten.
    `within` says what a failure asks to check ("the workspace W is a folder": an editor's set-up)."""
    _make_folder(path.parent, within)
    try:
        _create(path, text.encode("utf-8"))
    except FileExistsError:
        raise
    except OSError as error:
        raise _cannot_write(path, error, within)


def _make_folder(folder: Path, within: str = "entries/ and its folders are folders") -> None:
    """The month's folder: a file in its place, a read-only disk or a full one is a message naming
    it (it was an OSError traceback out of `new`, `import` and `capture`)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _cannot_write(folder, error, within)


def _cannot_write(path: Path, error: OSError, within: str = "entries/ and its folders are folders") -> NewsletterError:
    return NewsletterError(
        f"Cannot write {path} ({error.strerror or error}); check that {within} you can write to, "
        "with space left on the disk."
    )


class Names:
    """`path_for` and `write` for many stubs at once (an import of 20,000 bookmarks): each month
    folder is listed once instead of asking the disk about every name, and names handed out are
    remembered, so two items of one import never share a name even in a dry run, which writes
    nothing. Files are still created exclusively: a name taken meanwhile by someone else is
    skipped for the next one, never overwritten."""

    def __init__(self, entries_dir: Path):
        self.entries_dir = entries_dir
        self._taken: dict[Path, set[str]] = {}  # month folder -> names in it, on disk or handed out
        self._made: set[Path] = set()  # folders known to exist
        self._folders: dict[tuple[int, int], Path] = {}  # (year, month) -> its folder
        self._numbers: dict[tuple[Path, str], int] = {}  # the next number to try for a name

    def path_for(self, day: dt.date, title: str | None, url: str) -> Path:
        """A fresh file name under entries/YYYY/MM/, as `path_for` makes it."""
        folder = self._folders.get((day.year, day.month))
        if folder is None:
            folder = self._folders[(day.year, day.month)] = month_folder(self.entries_dir, day.year, day.month)
        return self._free(folder, file_name(title, url))

    def write(self, path: Path, text: str) -> Path:
        """Create `path` (from `path_for`), or the next free name if someone made it meanwhile; the path written."""
        folder = path.parent
        if folder not in self._made:
            _make_folder(folder)
            self._made.add(folder)
        data = text.encode("utf-8")
        while True:
            try:
                _create(path, data)
                return path
            except FileExistsError:
                path = self._free(folder, path.stem)
            except OSError as error:
                raise _cannot_write(path, error)

    def _free(self, folder: Path, base: str) -> Path:
        taken = self._taken.get(folder)
        if taken is None:
            try:
                # NFC: macOS's HFS+ lists names decomposed, and a name is compared as written
                taken = self._taken[folder] = {unicodedata.normalize("NFC", n) for n in os.listdir(folder)}
            except OSError:  # no folder yet (or not one): nothing in it to avoid
                taken = self._taken[folder] = set()
        name, number = f"{base}.md", self._numbers.get((folder, base), 2)
        while name in taken:  # base.md, base-2.md, base-3.md...
            name = f"{base}-{number}.md"
            number += 1
        taken.add(name)
        self._numbers[(folder, base)] = number  # 5,000 "Untitled" count on, not from 2 each time
        return folder / name


def _create(path: Path, data: bytes) -> None:
    """Publish a new file whole: written under a hidden temporary name in the same folder, then
    linked to its own name. A hard link, unlike a rename, fails if the name exists (never an
    overwrite), and nobody (a build running meanwhile, a crash) ever sees half an entry. On a
    file system without hard links, the file is created exclusively in place instead."""
    folder, name = os.path.split(path)
    temporary = os.path.join(folder, f".{name}.{_TAG}{next(_COUNT)}.tmp")  # not *.md: never read as an entry
    # The name is this process's alone, so it is removed whatever happened: a Ctrl-C arriving
    # as the file was opened or linked left it among the entries, empty or a second name of one
    # (5 of 10 interrupted imports of 4,000 bookmarks), and nothing removed it later.
    try:
        _write_new(temporary, data)
        try:
            os.link(temporary, path)
        except FileExistsError:
            raise
        except OSError as error:
            if error.errno not in _NO_HARD_LINKS:
                raise
            _write_new(path, data)
    finally:
        try:  # (no call of a Python function before the unlink: a Ctrl-C is raised at one)
            os.unlink(temporary)
        except OSError:  # never made (a read-only folder)
            pass


_TAG = secrets.token_hex(4)  # this process's temporary names: none another could be writing
_COUNT = itertools.count()
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EMLINK}


def _write_new(path: str | Path, data: bytes) -> None:
    """Create the file (O_EXCL: never over one) and write it in one go; a write that fails part
    way (a full disk) removes what it began."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(handle, view) :]
        finally:
            os.close(handle)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(path)
        raise


def _scalar(value) -> str:
    if isinstance(value, int) or re.fullmatch(r"\d+(:\d\d){1,2}", str(value)):  # 359, 1:05:37
        return str(value)
    return quoted(str(value))


# What in text from elsewhere Markdown would read as markup, and only that, so the entry holds
# the text as a person would type it (AT&T, 1 < 2, yes!, model_search). Read by Goldmark on the
# blog and Python-Markdown in the email, which take a backslash before fewer characters: those
# two know are escaped so, the rest written as entities.
_TYPED_INLINE = re.compile(
    r"\\(?=[!-/:-@\[-`{-~]|$)"  # a backslash that would escape what follows, or break the line
    r"|[`*\[\]]|(?<![^\W_])_|_(?![^\W_])"  # code, emphasis, links and images (not model_search)
    r"|(?P<entity><(?=[A-Za-z/!?])|&(?=#?\w+;)|~(?=~)|\{(?=\{[<%]))"  # a tag, an entity, ~~struck~~, a shortcode
)
_ENTITIES = {"<": "&lt;", "&": "&amp;", "~": "&#126;", "{": "&#123;", "|": "&#124;", ":": "&#58;", "=": "&#61;"}
# At a line's start: a quote, heading, list item, rule or setext underline, a table's
# delimiter row (|---|:--), an ordered list's number (the mark goes before its . or ) then).
_TYPED_LINE_START = re.compile(
    r"^(?:>|#|[-+](?=\s|$)|[-=](?=[-=\s]*$)|(?=[^|]*\|)(?=.*-)[|:-](?=[\s|:-]*$))"
    r"|^(?=\d{1,9}[.)](?:\s|$))\d+"
)


def typed(text: str) -> str:
    """One line (or paragraph) of plain text as Markdown that reads as exactly that text,
    escaped only where Markdown would read markup: every entry `import` and `capture` write
    holds text so, highlights appended later too."""
    text = _TYPED_INLINE.sub(lambda m: _ENTITIES[m[0]] if m["entity"] else "\\" + m[0], text.strip())
    # Two percent signs open an Obsidian comment where the notes are read (note_obsidian): "%&#37;"
    # reads as "%%" everywhere, and opens none (a highlight of printf's "%%d" hid the entry's rest;
    # Python-Markdown keeps the backslash of "\\%")
    return _PERCENTS.sub("&#37;", _TYPED_LINE_START.sub(_line_start, text))


_PERCENTS = re.compile("(?<=%)%")


def _line_start(match: re.Match) -> str:
    mark = match[0]
    if mark[0].isdigit():
        return mark + "\\"  # 1\. not a list
    return _ENTITIES.get(mark, "\\" + mark)


def passage(text: str) -> str:
    """A passage from a page (a selection) as a Markdown blockquote of plain text: whatever it
    holds, it renders as the words it is, never as markup or HTML; its paragraphs and line breaks
    kept as an imported highlight's are (`paragraphs`): a captured stanza read as one line."""
    return "\n".join(f"> {line}" if line else ">" for line in paragraphs(text, breaks=True).split("\n"))


def paragraphs(text: str, escape: Callable[[str], str] = typed, breaks: bool = False) -> str:
    """Untrusted text as Markdown paragraphs: escaped, blank lines between them; each one line,
    or with `breaks` its lines kept, each ended by Markdown's line break (a backslash, which the
    blog and both parts of the email break at): a highlight of verse read as one run-on line,
    Readwise's and Kindle's paragraphs of one passage (a single line break between them) too."""
    parts = [part for part in re.split(r"\n\s*\n", text.strip()) if part.strip()]
    lines = [
        [" ".join(line.split()) for line in (part.splitlines() if breaks else [part]) if line.strip()] for part in parts
    ]
    return "\n\n".join("\\\n".join(escape(line) for line in part) for part in lines)


def captured(kind: str, url: str, day: dt.date, meta: Metadata, selection: str = "", language: str = "en") -> str:
    """A draft from the browser: the placeholder line for the author's own words, then the
    selected passage as a quote."""
    extra = {"language": own} if (own := page_language(meta.language, language)) else None  # as `new` writes it
    said = placeholder_in(own or language)  # the notes' language, as the entry says (and `new` leaves room)
    text = stub(
        kind, url, day, title=meta.title, people=meta.authors, fill_in=True, extra=extra, draft=True, placeholder=said
    )
    return text + (f"\n{passage(selection)}\n" if selection.strip() else "")
