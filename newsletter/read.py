"""Stage 1, read: entry files -> validated `Entry` objects, every problem reported at once."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from newsletter import fields, files
from newsletter.config import shown
from newsletter.errors import EntryErrors
from newsletter.fields import FIELDS, Problem, did_you_mean, names, one_line
from newsletter.files import listed_file, markdown_folders
from newsletter.formats import entry_text, heavy_notes, impossible_dates, note_obsidian, sync_copies
from newsletter.formats.month_folders import misfiled_in
from newsletter.formats.plain_front_matter import lines_read
from newsletter.formats.shown_paths import not_a_file
from newsletter.front_matter import key_lines, parse_front_matter, repeated_keys
from newsletter.models import Entry, Period, month_folder, section_key

if TYPE_CHECKING:
    from newsletter.front_matter import FrontMatterStore

ONE_LINE = ("title", "subject", "subtitle")  # headings and mail headers: a line break breaks them
_WEB_ADDRESS = re.compile(f"(?:{fields.WEB_ADDRESS})$")


@dataclass
class Editorial:
    """A period's own words: `_index.md` (a month), `_2020-W28.md` (a week) or `_review.md` (a
    year, whose `favourites` list the entries picked for the review, by link or file name)."""

    title: str = ""
    subject: str = ""
    subtitle: str = ""
    intro: str = ""
    outro: str = ""
    sections: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    favourites: list[str] = field(default_factory=list)


def parse_entry(path: Path, text: str, store: FrontMatterStore | None = None) -> tuple[Entry, list[Finding]]:
    """One entry from its text; returns it with warnings (unknown or repeated keys). Raises Problem.
    `store`: front matter parsed before (front_matter.FrontMatterStore), to parse it again only if it changed."""
    meta, body = parse_front_matter(text, store)
    entry, warnings = entry_from(path, meta, body, key_lines(text))
    warnings += [  # what the notes hold that the outputs show otherwise than written
        Finding(path, said, line, code)
        for line, code, said in (
            *note_obsidian.vault_warnings(text, body),
            *heavy_notes.warnings(text, body, entry.notes),
        )
    ]
    for key, first, line in repeated_keys(text):
        warnings.append(
            Finding(
                path,
                f"`{fields.brief(key)}` is given twice (lines {first} and {line}); the second is used: remove one",
                line,
                "repeated-key",
            )
        )
    return entry, warnings


_KEYS = frozenset(Entry.required + Entry.optional + note_obsidian.OWN_KEYS)  # (looked up; Obsidian's: no warning)


def entry_from(path: Path, meta: dict, body: str, line_of: dict[str, int] | None = None) -> tuple[Entry, list[Finding]]:
    """An entry from front matter already read (`meta` as YAML loads it): every rule of
    `parse_entry` but the YAML. What `import` checks its stubs with before writing them, so
    20,000 of them need no YAML parser; tests prove the text it writes reads back as `meta`."""
    line_of = line_of or {}
    warnings = []
    for key in meta:
        if key not in _KEYS:
            hint = did_you_mean(key, Entry.required + Entry.optional)
            warnings.append(
                Finding(
                    path, f"unknown key '{fields.brief(key)}'{hint}; it is ignored", line_of.get(key), "unknown-key"
                )
            )
    problems = impossible_dates.problems(meta, line_of)  # all of them, so that fixing one does not reveal the next
    try:
        imported = fields.imported(meta.get("imported"), "imported", line_of.get("imported"))
    except Problem as problem:
        problems.append(problem)
        imported = []
    missing = [key for key in Entry.required if meta.get(key) in (None, "")]
    if "url" in missing and fields.linkless(meta, imported):
        missing.remove("url")
    for key in missing:
        # `Type:` or `dat:` for `type:`: the unknown-key warning that says so is not shown
        # beside an error, so the error names the line to fix.
        unknown = [k for k in meta if k not in Entry.required + Entry.optional]
        typo = next((k for k in unknown if str(k).lower() == key or did_you_mean(str(k), [key])), None)
        if typo is not None:
            problems.append(
                Problem(
                    f"missing `{key}`: '{typo}' is not a key (keys are spelled exactly, in lower case); write `{key}:`",
                    line_of.get(typo),
                )
            )
            continue
        example = {"type": "type: article", "url": "url: https://…", "date": "date: 2021-02-14"}[key]
        problems.append(Problem(f"missing `{key}`; add a line like `{example}` to the front matter"))
    # Every key through its own rule (fields.py), the same rule `newsletter schema entry` publishes.
    values, failed = {}, set()
    for key, rule in FIELDS.items():  # (a key not there first: most of the twenty an entry gives none)
        if (
            key in meta
            and key != "imported"
            and (meta[key] not in (None, "") or key != "url")
            and not isinstance(meta[key], impossible_dates.ImpossibleDate)  # (said above)
        ):
            try:
                values[key] = rule.parse(meta[key], key, line_of.get(key))
            except Problem as problem:
                problems.append(problem)
                failed.add(key)
    if "url" not in missing and meta.get("url") in (None, "") and not values.get("title") and "title" not in failed:
        problems.append(Problem("an entry without a url needs a `title:` to show; add one", line_of.get("type")))
    if problems:
        raise Problem.of(problems, warnings)
    if said := fields.seconds_meant_as_minutes(meta.get("duration"), values.get("duration")):
        warnings.append(Finding(path, said, line_of.get("duration"), "duration-seconds"))
    return Entry(
        path=path,
        type=values["type"],
        url=values.get("url"),
        date=values["date"],
        notes=fields.body_text(body),
        title=values.get("title"),
        speakers=values.get("speakers") or values.get("authors") or [],
        section=values.get("section"),
        tags=values.get("tags", []),
        draft=values.get("draft", False),
        image=values.get("image"),
        episode=values.get("episode"),
        duration=values.get("duration"),
        doi=values.get("doi"),
        issued=values.get("issued"),
        journal=values.get("journal"),
        imported=imported,
        language=values.get("language"),
        by=values.get("by", []),
    ), warnings


def parse_editorial(text: str, store: FrontMatterStore | None = None) -> Editorial:
    """A period's own words. With no front matter, all of it is the intro, as Hugo reads an
    `_index.md` without any (it was told to start with an entry's keys, type, url and date); but
    front matter without its '---' lines (`subject: March`), or Hugo's other kinds (TOML between
    `+++` lines, JSON), is said, not mailed to the readers as the intro; so is a '---' after blank
    lines, which Hugo reads as front matter (it skips them)."""
    words = text.lstrip("\ufeff")
    if words.strip() and not words.startswith("---"):
        if words.lstrip().startswith(("+++", "{", "---")) or re.match(
            rf"({'|'.join(Editorial.__dataclass_fields__)})\s*:", words
        ):
            raise Problem(
                "an edition's own words take front matter in YAML between two '---' lines, the first of them "
                "the file's first line (`subject: …`), not Hugo's TOML (+++) or JSON; write its keys so, or leave "
                "them out: then all of the file is the intro",
                line=1,
            )
        return Editorial(intro=fields.body_text(words))
    meta, body = parse_front_matter(text, store)
    known = [k for k in Editorial.__dataclass_fields__ if k != "intro"]  # the intro is the body
    unknown = [k for k in meta if k not in known]
    line_of = key_lines(text)
    if unknown:  # (an error, where an entry's is a warning: a misspelt subject would go out unsaid)
        raise Problem.of(
            [
                Problem(
                    f"unknown key '{fields.brief(key)}'{fields.editorial_hint(key, known)}; "
                    f"editorial files take {', '.join(known)}, and the intro as the body",
                    line_of.get(key),
                )
                for key in unknown
            ]
        )
    values = {
        k: (one_line(v, k, line_of.get(k)) if k in ONE_LINE else _markdown(v, k)) or ""
        for k, v in meta.items()
        if k not in ("sections", "tags", "favourites")
    }
    return Editorial(
        **values,
        intro=fields.body_text(body),
        sections=names(meta.get("sections"), "sections", line_of.get("sections")),
        tags=names(meta.get("tags"), "tags", line_of.get("tags")),
        favourites=names(meta.get("favourites"), "favourites", line_of.get("favourites")),
    )


def _markdown(value, key: str) -> str | None:
    """An editorial key holding Markdown (the outro), read as the intro (the body) is: a form
    feed or another line separator Markdown does not know is a line break, not a character the
    email's MJML refuses."""
    words = fields.text(value, key)
    return words and fields.body_text(words)


@dataclass(frozen=True)
class Finding:
    """Something to tell the user about one file: where it is, what kind, what to do. Its code: invalid (the
    build refuses it), misnamed, unknown-key, repeated-key, wrong-folder, unused-section, shadowed,
    duration-seconds, vault-embed, vault-comment, sync-copy or not-downloaded."""

    path: Path
    message: str
    line: int | None = None
    code: str = "invalid"

    def __str__(self) -> str:
        return _located(self.path, self.line, self.message)


@dataclass
class Reading:
    """What one period's files say, problems included: `check` reports all of it."""

    entries: list[Entry]
    editorial: Editorial
    warnings: list[Finding]
    problems: list[Finding]  # files the build cannot use
    drafts: list[Path] = field(default_factory=list)  # the period's `draft: true` files, when left out


# Names of Markdown files: .md is an entry; the others are reported, so none is left out unseen.
_MARKDOWN = re.compile(r"\.(md|markdown|mdown|mkdn?)$", re.IGNORECASE)


def is_entry_name(name: str) -> bool:
    """Whether a Markdown file so named can be an entry: not `_index.md` and the like (the
    edition's own words), nor hidden: an editor's lock (Emacs's `.#x.md`, a link to nowhere while
    x.md has unsaved changes) or the `._x.md` macOS writes beside x.md on a shared or external
    drive (binary) is not the author's, and Hugo leaves such files out of a site too."""
    return not name.startswith(("_", "."))


# A week's own words: _2021-W07.md; and what a typo of it or of _index.md looks like
_WEEK_FILE = re.compile(r"_\d{4}-W\d\d\.md")
_WEEK_LIKE = re.compile(r"_(\d{4})-?[Ww](\d{1,2})\.(?:md|markdown)", re.IGNORECASE)


def _editorial_name(name: str) -> str | None:
    """What an editorial file misnamed as `name` should be called (_Index.md, _idnex.md,
    _2021-w07.md): no build read it, and its intro was left out of the edition unsaid. A
    `_notes.md` of the author's own is left alone."""
    if name == "_index.md" or _WEEK_FILE.fullmatch(name):
        return None
    if week := _WEEK_LIKE.fullmatch(name):
        return f"_{week[1]}-W{int(week[2]):02d}.md"
    return "_index.md" if did_you_mean(_MARKDOWN.sub("", name).lower(), ["_index"]) else None


def entry_files(folder: Path) -> tuple[list[Path], list[Finding]]:
    """The entry files directly in `folder`, and what is named like one but is not a file.

    Every reader of entries lists them here, so a dangling link or a folder called `x.md`
    is reported the same way everywhere instead of crashing whichever command met it first.
    """
    files, odd = [], []
    try:
        with os.scandir(folder) as listing:  # not glob and is_file: a folder can hold thousands
            found = sorted(
                (item.name, listed_file(item))
                for item in listing
                if _MARKDOWN.search(item.name.removesuffix(".icloud"))
            )
    except OSError:  # no such folder, or not one: nothing in it
        return files, odd
    for name, is_file in found:
        path = folder / name
        if not is_entry_name(name):
            if is_file and name.startswith("_") and (right := _editorial_name(name)):
                odd.append(Finding(path, f"no edition reads {name}; rename it to {right}", code="misnamed"))
            elif said := sync_copies.unread(folder, name, found):  # (iCloud's `.x.md.icloud`, `_index (1).md`)
                odd.append(Finding(*said[:2], code=said[2]))
            continue
        if not name.endswith(".md"):  # x.markdown, x.MD: meant as an entry, and no build would read it
            stem = _MARKDOWN.sub("", name)
            odd.append(Finding(path, f"entry files end in .md; rename it to {stem}.md", code="misnamed"))
            continue
        if is_file:
            files.append(path)
        else:
            odd.append(Finding(path, not_a_file(path), code="not-a-file"))
    return files, odd


def _period_listing(entries_dir: Path, period: Period) -> tuple[list[Path], list[Finding]]:
    """The files a period's build reads: its month folders, and loose files under entries/.

    Only the folders the period touches, so building one month costs the same in a
    decade-long archive as in a new one.
    """
    listed = [entry_files(entries_dir), *(entry_files(month_folder(entries_dir, *month)) for month in period.months())]
    return [path for files, _ in listed for path in files], [finding for _, odd in listed for finding in odd]


def period_files(entries_dir: Path, period: Period) -> list[Path]:
    """The entry files a period's build reads (see `_period_listing`)."""
    return _period_listing(entries_dir, period)[0]


def editorial_file(entries_dir: Path, period: Period) -> Path | None:
    """`_index.md` of a month, `_2020-W28.md` of a week, in (the first of) its month folders;
    a year's review: `entries/2021/_review.md`."""
    if period.kind == "year":
        path = entries_dir / period.key / "_review.md"
        return path if path.is_file() else None
    return next(iter(editorial_files(entries_dir, period)), None)


def editorial_files(entries_dir: Path, period: Period) -> list[Path]:
    """Every file that could hold a month's or week's own words: a week across two months may
    have its `_2026-W49.md` in either folder, and the first is the one read."""
    name = "_index.md" if period.kind == "month" else f"_{period.key}.md"
    folders = (month_folder(entries_dir, year, month) for year, month in period.months())
    return [path for folder in folders if (path := folder / name).is_file()]


def read_entry(
    path: Path, store: FrontMatterStore | None = None, data: bytes | None = None
) -> tuple[Entry, list[Finding]]:
    """One entry file -> the entry and its warnings; raises Problem. The one way to read an entry.
    `data`: the file's bytes, when the caller has read them already. An entry whose text was
    parsed before by this process is not parsed again (files/kept_reads.py)."""
    return files.kept_parse(
        path, entry_text.read(path, data), lambda text: parse_entry(path, text, store), fields.read_against()
    )


def entries_held(entries_dir: Path, period: Period) -> int:
    """How many entries `period` holds, drafts too: what the hint for a period typed in another
    era counts of the one meant (formats/era_periods, below the stages, reads no entry itself)."""
    return len(scan_period(entries_dir, period, drafts=True).entries)


def scan_period(
    entries_dir: Path,
    period: Period,
    *,
    drafts: bool = False,
    store: FrontMatterStore | None = None,
    contents: dict[Path, bytes | None] | None = None,
) -> Reading:
    """Every entry of the period and everything wrong with its files; never raises.
    `contents`: files' bytes read already (a build hashes them first); any other file is read here.
    After the period's own files (`own` of them), a neighbouring month's dated in the period
    (formats/month_folders.py): a problem in one of those is this period's to say."""
    contents = contents or {}
    files, odd = _period_listing(entries_dir, period)
    reading = Reading([], Editorial(), list(odd), [])
    own, files = len(files), [*files, *misfiled_in(entries_dir, period, contents, store)]  # (month_folders.py)
    parsed = []
    for number, path in enumerate(files):
        try:
            parsed.append((path, *read_entry(path, store, contents.get(path))))
        except Problem as problem:
            if number >= own or not _another_periods(entries_dir, path, period, contents.get(path), store):
                reading.problems += [Finding(path, str(each), each.line) for each in problem.each()]
                reading.warnings += [  # its unknown keys, but on a line an error names ('Type:' for `type`)
                    w for w in getattr(problem, "warnings", []) if w.line not in {each.line for each in problem.each()}
                ]
    # A sync client's copy of an entry beside it (`talk (1).md`) is left out, said (formats/sync_copies.py)
    for path, entry, warnings in sync_copies.left_out(
        parsed, period, lambda *said: reading.warnings.append(Finding(*said))
    ):
        folder_month = _folder_month(entries_dir, path)
        if folder_month and folder_month != (entry.date.year, entry.date.month):
            reading.warnings.append(Finding(path, fields.wrong_folder(entry.date, folder_month), code="wrong-folder"))
        if entry.date in period and (drafts or not entry.draft):
            reading.entries.append(entry)
            reading.warnings += warnings
        elif entry.date in period:  # (the build says how many, and which)
            reading.drafts.append(path)
    path = editorial_file(entries_dir, period)
    if path is not None:
        try:
            text = entry_text.read(path, contents.get(path))
            reading.editorial = parse_editorial(text, store)
        except Problem as problem:
            reading.problems += [Finding(path, str(each), each.line) for each in problem.each()]
        else:
            reading.warnings += _unused_sections(path, text, reading.editorial, reading.entries)
        others = editorial_files(entries_dir, period)[1:] if period.kind == "week" else []
        for other in others:  # a week's, in its other month's folder
            reading.warnings.append(
                Finding(
                    other,
                    f"left out: {path.relative_to(entries_dir.parent).as_posix()} holds this week's own words, "
                    "and a week has one such file; merge the two into one",
                    code="shadowed",
                )
            )
    return reading


def _another_periods(
    entries_dir: Path, path: Path, period: Period, data: bytes | None, store: FrontMatterStore | None
) -> bool:
    """Whether a file that makes no entry is dated, in its own month's folder, outside `period`:
    then another week of that month reports it, and this week's build is not refused for it
    (a bad entry of one week stopped every week of its month)."""
    try:
        meta, _ = parse_front_matter(entry_text.read(path, data), store)
    except Problem:
        return False
    date = meta.get("date") if isinstance(meta, dict) else None
    if isinstance(date, dt.datetime):
        date = date.date()
    if not isinstance(date, dt.date):
        return False
    return _folder_month(entries_dir, path) == (date.year, date.month) and date not in period


def _unused_sections(path: Path, text: str, editorial: Editorial, entries: list[Entry]) -> list[Finding]:
    """A name in `sections:` that no entry's section has orders nothing, silently: most often a
    name with a comma in a [flow, list], which YAML splits in two, or a different spelling."""
    used = {section_key(entry.section_name) for entry in entries if entry.type != "mine"}  # (as collect groups them)
    unused = [name for name in editorial.sections if section_key(name) not in used]
    line = key_lines(text).get("sections") if unused else None  # (the file read again only then)
    return [
        Finding(
            path,
            f"`sections` lists '{name}', but no entry of this edition has that section; check its "
            "spelling against the entries' `section:` (in a [list], quote a name that holds a comma)",
            line,
            "unused-section",
        )
        for name in unused
    ]


@dataclass(frozen=True)
class Saved:
    """What a scan of the whole archive needs of one entry: which link, when, whether a draft,
    and where `import` found it (its `imported:` keys, so a later import knows it)."""

    path: Path
    url: str | None
    date: dt.date
    draft: bool
    imported: tuple[dict, ...] = ()
    title: str | None = None  # these two only for an entry without a link: how import matches it
    people: tuple[str, ...] = ()


def scan_archive(entries_dir: Path) -> tuple[list[Saved], list[Finding]]:
    """Every entry under entries/ (for repeats and import's known items), and every bad file.

    Never raises. Only `type`, `url`, `date`, `draft` and `imported` are read when those are
    simple lines (10,000 entries in well under a second); anything unusual goes through the full
    reader, so a bad file is reported exactly as its own period's build reports it.
    """
    saved, findings = [], []
    folders = sorted({entries_dir} | {Path(folder) for folder in markdown_folders(entries_dir)})
    for folder in folders:
        files, odd = entry_files(folder)
        findings += odd
        for path in files:
            try:
                saved.append(_saved(path, entry_text.read(path)))
            except Problem as problem:
                findings += [Finding(path, str(each), each.line) for each in problem.each()]
    return sync_copies.whole_log(saved), findings  # (a sync client's copy beside its entry: left out)


_HEAD = re.compile(r"\ufeff?---[ \t]*\r?\n(.*?)^---[ \t]*$", re.S | re.M)
_SAVED_KEYS = re.compile(r"^(?:type|url|date|draft|imported)[ \t]*:.*$", re.M)


def _saved(path: Path, text: str) -> Saved:
    head = _HEAD.match(text)
    lines = _SAVED_KEYS.findall(head[1]) if head else []
    meta = lines_read(lines) if len(lines) >= 3 else None
    if (
        isinstance(meta, dict)
        and _simple_link(meta)
        and isinstance(meta.get("date"), dt.date)
        and Period.covers_year(meta["date"].year)  # else the reader says why not
        and ("imported" not in meta or meta["imported"])  # empty here: a block mapping below it
        and isinstance(meta.get("draft", False), bool)
        and str(meta.get("type", "")).strip().lower() in Entry.types
    ):
        try:
            imported = fields.imported(meta.get("imported"))
        except Problem:
            imported = None  # the full reader says what is wrong, with the line
        if imported is not None and meta.get("url"):  # without one: the full reader's rules
            day = meta["date"].date() if isinstance(meta["date"], dt.datetime) else meta["date"]
            return Saved(path, meta["url"].strip(), day, meta.get("draft", False), tuple(imported))
    entry, _ = parse_entry(path, text)
    linkless = {"title": entry.title, "people": tuple(entry.speakers)} if not entry.url else {}
    return Saved(path, entry.url, entry.date, entry.draft, tuple(entry.imported), **linkless)


def _simple_link(meta: dict) -> bool:
    url = meta.get("url")
    return url in (None, "") or (isinstance(url, str) and bool(_WEB_ADDRESS.match(url.strip())))


def read_period(
    entries_dir: Path,
    period: Period,
    *,
    drafts: bool = False,
    store: FrontMatterStore | None = None,
    contents: dict[Path, bytes | None] | None = None,
):
    """The period's entries, editorial text and warnings. Raises EntryErrors listing every bad file."""
    reading = scan_period(entries_dir, period, drafts=drafts, store=store, contents=contents)
    if reading.problems:
        raise EntryErrors(reading.problems)
    return reading.entries, reading.editorial, [str(warning) for warning in reading.warnings]


def _folder_month(entries_dir: Path, path: Path) -> tuple[int, int] | None:
    parts, base = path.parts, entries_dir.parts
    # A listed file's path starts with entries_dir's: cut it off (relative_to, parsing both anew, was a tenth)
    parts = parts[len(base) :] if parts[: len(base)] == base else path.relative_to(entries_dir).parts
    if len(parts) == 3 and parts[0].isdigit() and parts[1].isdigit():
        return int(parts[0]), int(parts[1])
    return None


def _located(path: Path, line: int | None, message: str) -> str:
    where = f"{shown(path)}:{line}" if line else shown(path)
    return f"{where}: {message}"
