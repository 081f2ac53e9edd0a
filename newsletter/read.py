"""Stage 1, read: entry files -> validated `Entry` objects, every problem reported at once."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from newsletter import mail_headers
from newsletter.config import shown
from newsletter.errors import EntryErrors
from newsletter.front_matter import YAML_LOADER, Problem, key_lines, parse_front_matter, plain_lines
from newsletter.models import Entry, Period

_WEB_ADDRESS = re.compile(r"https?://[^\s/]+\.[^\s]*$|https?://[^\s/]+$")


@dataclass
class Editorial:
    """A period's own words: `_index.md` (a month) or `_2020-W28.md` (a week)."""

    title: str = ""
    subject: str = ""
    subtitle: str = ""
    intro: str = ""
    outro: str = ""
    sections: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


def parse_entry(path: Path, text: str) -> tuple[Entry, list[Finding]]:
    """One entry from its text; returns it with warnings (unknown keys). Raises Problem."""
    meta, body = parse_front_matter(text)
    line_of = key_lines(text)
    warnings = []
    for key in meta:
        if key not in Entry.required + Entry.optional:
            hint = did_you_mean(key, Entry.required + Entry.optional)
            warnings.append(Finding(path, f"unknown key '{key}'{hint}; it is ignored", line_of.get(key),
                                    "unknown-key"))
    imported = _imported(meta.get("imported"), line_of.get("imported"))
    for key in Entry.required:
        if key == "url" and meta.get(key) in (None, "") and _linkless(meta, imported):
            continue
        if meta.get(key) in (None, ""):
            example = {"type": "type: article", "url": "url: https://…", "date": "date: 2021-02-14"}[key]
            raise Problem(f"missing `{key}`; add a line like `{example}` to the front matter")
    kind = str(meta["type"]).strip().lower()
    if kind not in Entry.types:
        hint = did_you_mean(kind, Entry.types)
        raise Problem(f"unknown type '{meta['type']}'{hint}; use one of {', '.join(Entry.types)}",
                      line_of.get("type"))
    url = None if meta.get("url") in (None, "") else str(meta["url"]).strip()
    if url is None and not _one_line(meta.get("title"), "title", line_of.get("title")):
        raise Problem("an entry without a url needs a `title:` to show; add one", line_of.get("type"))
    if url is not None and not _WEB_ADDRESS.match(url):
        raise Problem(f"url '{url}' is not a web address; write it in full, like https://example.com/page",
                      line_of.get("url"))
    return Entry(
        path=path,
        type=kind,
        url=url,
        date=parse_date(meta["date"], line_of.get("date")),
        notes=body.strip(),
        title=_one_line(meta.get("title"), "title", line_of.get("title")),
        speakers=_names(meta.get("speakers") or meta.get("authors"), line_of.get("speakers")),
        section=_one_line(meta.get("section"), "section", line_of.get("section")),
        tags=_names(meta.get("tags"), line_of.get("tags")),
        draft=_flag(meta.get("draft", False), "draft", line_of.get("draft")),
        image=_text(meta.get("image"), "image"),
        episode=_episode(meta.get("episode"), line_of.get("episode")),
        duration=_duration(meta.get("duration"), line_of.get("duration")),
        doi=_one_line(meta.get("doi"), "doi", line_of.get("doi")),
        issued=_one_line(meta.get("issued"), "issued", line_of.get("issued")),
        imported=imported,
    ), warnings


def _linkless(meta: dict, imported: list[dict]) -> bool:
    """Whether an entry may go without a url: a book, or an imported item its source gave no
    link (a Kindle book, a Readwise document, an Omnivore note): its highlights are the entry."""
    return str(meta.get("type", "")).strip().lower() == "book" or bool(imported)


IMPORTED_KEYS = ("source", "id", "url")


def _imported(value, line) -> list[dict]:
    """`imported:` as a list of {source, id, url} mappings (one per source the item came from)."""
    if value in (None, ""):
        return []
    values = value if isinstance(value, list) else [value]
    found = []
    for one in values:
        if not isinstance(one, dict) or not one.get("source") or any(k not in IMPORTED_KEYS for k in one):
            raise Problem("`imported:` is written by `newsletter import` as {source: …, id: …, url: …}; "
                          "restore it or delete the line (a later import may then add the item again)", line)
        found.append({key: str(one[key]) for key in IMPORTED_KEYS if one.get(key) not in (None, "")})
    return found


def parse_editorial(text: str) -> Editorial:
    meta, body = parse_front_matter(text)
    known = [k for k in Editorial.__dataclass_fields__ if k != "intro"]  # the intro is the body
    unknown = [k for k in meta if k not in known]
    if unknown:
        raise Problem(f"unknown key '{unknown[0]}'{did_you_mean(unknown[0], known)}; "
                      f"editorial files take {', '.join(known)}, and the intro as the body")
    line_of = key_lines(text)
    values = {k: (_one_line(v, k, line_of.get(k)) if k in ONE_LINE else _text(v, k)) or ""
              for k, v in meta.items() if k not in ("sections", "tags")}
    return Editorial(**values, intro=body.strip(), sections=_names(meta.get("sections"), None),
                     tags=_names(meta.get("tags"), None))


@dataclass(frozen=True)
class Finding:
    """Something to tell the user about one file: where it is, what kind, what to do."""

    path: Path
    message: str
    line: int | None = None
    code: str = "invalid"  # invalid (the build refuses it) | unknown-key | wrong-folder

    def __str__(self) -> str:
        return _located(self.path, self.line, self.message)


@dataclass
class Reading:
    """What one period's files say, problems included: `check` reports all of it."""

    entries: list[Entry]
    editorial: Editorial
    warnings: list[Finding]
    problems: list[Finding]  # files the build cannot use


def entry_files(folder: Path) -> tuple[list[Path], list[Finding]]:
    """The entry files directly in `folder`, and what is named like one but is not a file.

    Every reader of entries lists them here, so a dangling link or a folder called `x.md`
    is reported the same way everywhere instead of crashing whichever command met it first.
    """
    files, odd = [], []
    for path in sorted(folder.glob("*.md")):
        if path.name.startswith("_"):
            continue
        if path.is_file():
            files.append(path)
        elif path.is_symlink():
            odd.append(Finding(path, f"a link to {os.readlink(path)}, which does not exist; "
                               "restore its target or remove the link", code="not-a-file"))
        else:
            odd.append(Finding(path, "a folder named like an entry; rename it (entries are .md files)",
                               code="not-a-file"))
    return files, odd


def _period_listing(entries_dir: Path, period: Period) -> tuple[list[Path], list[Finding]]:
    """The files a period's build reads: its month folders, and loose files under entries/.

    Only the folders the period touches, so building one month costs the same in a
    decade-long archive as in a new one.
    """
    files, odd = entry_files(entries_dir)
    for year, month in period.months():
        more, strange = entry_files(entries_dir / f"{year:04d}" / f"{month:02d}")
        files += more
        odd += strange
    return files, odd


def period_files(entries_dir: Path, period: Period) -> list[Path]:
    """The entry files a period's build reads (see `_period_listing`)."""
    return _period_listing(entries_dir, period)[0]


def editorial_file(entries_dir: Path, period: Period) -> Path | None:
    """`_index.md` of a month, `_2020-W28.md` of a week, in (the first of) its month folders."""
    name = "_index.md" if period.kind == "month" else f"_{period.key}.md"
    for year, month in period.months():
        path = entries_dir / f"{year:04d}" / f"{month:02d}" / name
        if path.is_file():
            return path
    return None


def read_entry(path: Path) -> tuple[Entry, list[Finding]]:
    """One entry file -> the entry and its warnings; raises Problem. The one way to read an entry."""
    return parse_entry(path, _read_text(path))


def scan_period(entries_dir: Path, period: Period, *, drafts: bool = False) -> Reading:
    """Every entry of the period and everything wrong with its files; never raises."""
    files, odd = _period_listing(entries_dir, period)
    reading = Reading([], Editorial(), list(odd), [])
    for path in files:
        try:
            entry, warnings = read_entry(path)
        except Problem as problem:
            reading.problems.append(Finding(path, str(problem), problem.line))
            continue
        folder_month = _folder_month(entries_dir, path)
        if folder_month and folder_month != (entry.date.year, entry.date.month):
            reading.warnings.append(Finding(
                path, f"dated {entry.date} but filed under {folder_month[0]:04d}/{folder_month[1]:02d}; "
                f"move it to entries/{entry.date:%Y/%m}/ so its own month's build finds it", code="wrong-folder"))
        if entry.date in period and (drafts or not entry.draft):
            reading.entries.append(entry)
            reading.warnings += warnings
    path = editorial_file(entries_dir, period)
    if path is not None:
        try:
            reading.editorial = parse_editorial(_read_text(path))
        except Problem as problem:
            reading.problems.append(Finding(path, str(problem), problem.line))
    return reading


@dataclass(frozen=True)
class Saved:
    """What a scan of the whole archive needs of one entry: which link, when, whether a draft,
    and where `import` found it (its `imported:` keys, so a later import knows it)."""

    path: Path
    url: str | None
    date: dt.date
    draft: bool
    imported: tuple[dict, ...] = ()


def scan_archive(entries_dir: Path) -> tuple[list[Saved], list[Finding]]:
    """Every entry under entries/ (for repeats and import's known items), and every bad file.

    Never raises. Only `type`, `url`, `date`, `draft` and `imported` are read when those are
    simple lines (10,000 entries in well under a second); anything unusual goes through the full
    reader, so a bad file is reported exactly as its own period's build reports it.
    """
    saved, findings = [], []
    folders = sorted({entries_dir, *(p.parent for p in entries_dir.rglob("*.md"))})
    for folder in folders:
        files, odd = entry_files(folder)
        findings += odd
        for path in files:
            try:
                saved.append(_saved(path, _read_text(path)))
            except Problem as problem:
                findings.append(Finding(path, str(problem), problem.line))
    return saved, findings


def _saved(path: Path, text: str) -> Saved:
    head = re.match(r"\ufeff?---[ \t]*\r?\n(.*?)^---[ \t]*$", text, re.S | re.M)
    lines = re.findall(r"^(?:type|url|date|draft|imported)[ \t]*:.*$", head[1], re.M) if head else []
    meta = plain_lines(lines) if len(lines) >= 3 else None
    if meta is None and len(lines) >= 3:
        try:
            meta = yaml.load("\n".join(lines), Loader=YAML_LOADER)
        except (yaml.YAMLError, ValueError, TypeError):
            meta = None
    if (isinstance(meta, dict) and _simple_link(meta) and isinstance(meta.get("date"), dt.date)
            and ("imported" not in meta or meta["imported"])  # empty here: a block mapping below it
            and isinstance(meta.get("draft", False), bool)
            and str(meta.get("type", "")).strip().lower() in Entry.types):
        try:
            imported = _imported(meta.get("imported"), None)
        except Problem:
            imported = None  # the full reader says what is wrong, with the line
        if imported is not None and meta.get("url"):  # without one: the full reader's rules
            day = meta["date"].date() if isinstance(meta["date"], dt.datetime) else meta["date"]
            return Saved(path, meta["url"].strip(), day, meta.get("draft", False), tuple(imported))
    entry, _ = parse_entry(path, text)
    return Saved(path, entry.url, entry.date, entry.draft, tuple(entry.imported))


def _simple_link(meta: dict) -> bool:
    url = meta.get("url")
    return url in (None, "") or (isinstance(url, str) and bool(_WEB_ADDRESS.match(url.strip())))


def read_period(entries_dir: Path, period: Period, *, drafts: bool = False):
    """The period's entries, editorial text and warnings. Raises EntryErrors listing every bad file."""
    reading = scan_period(entries_dir, period, drafts=drafts)
    if reading.problems:
        raise EntryErrors([str(problem) for problem in reading.problems])
    return reading.entries, reading.editorial, [str(warning) for warning in reading.warnings]


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise Problem(f"cannot read it ({error.strerror or error}); check it is a file you can read")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise Problem(f"not UTF-8 text (byte 0x{data[error.start]:02x}); re-save the file as UTF-8 "
                      "in your editor", line)


def _folder_month(entries_dir: Path, path: Path) -> tuple[int, int] | None:
    parts = path.relative_to(entries_dir).parts
    if len(parts) == 3 and parts[0].isdigit() and parts[1].isdigit():
        return int(parts[0]), int(parts[1])
    return None


def parse_date(value, line=None) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise Problem(f"date '{value}' is not a date; write it as YYYY-MM-DD, like 2021-02-14", line)


def _duration(value, line) -> int | None:
    if value is None or value == "":
        return None
    from newsletter.links.values import parse_duration  # here: most entries have no duration

    seconds = parse_duration(value)
    if seconds is None:
        raise Problem(f"duration '{value}' is not a length of time; write it as 1:05:37, 65:37 or PT1H5M37S", line)
    return seconds


def _episode(value, line) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not str(value).strip().isdigit():
        raise Problem(f"episode '{value}' is not a number; write it like `episode: 359`", line)
    return int(value)


def _text(value, key: str = "this key") -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, dict)):
        raise Problem(f"`{key}` should be text, not a {'list' if isinstance(value, list) else 'mapping'}; "
                      "quote it if it contains a colon or brackets")
    return str(value).strip() or None


ONE_LINE = ("title", "subject", "subtitle")  # headings and mail headers: a line break breaks them


def _one_line(value, key: str, line) -> str | None:
    """Text that must stay on one line (a title, a subject): a line break is the file's problem,
    named here, rather than a ValueError from the email package later."""
    text = _text(value, key)
    found = text and mail_headers.line_break(text)
    if found:
        raise Problem(f"`{key}` has a line break ({found}) in it; write the {key} on one line", line)
    return text


def _flag(value, key: str, line) -> bool:
    """Only a real YAML boolean: a quoted "false" would otherwise count as true."""
    if isinstance(value, bool):
        return value
    raise Problem(f"`{key}: {value}` should be true or false, without quotes", line)


def _names(value, line) -> list[str]:
    """A list from a YAML list or a comma-separated string (people write both)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        return [str(v).strip() for v in value if str(v).strip()]
    raise Problem("expected a list like [Ada Lovelace, Alan Turing]", line)


def did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _located(path: Path, line: int | None, message: str) -> str:
    where = f"{shown(path)}:{line}" if line else shown(path)
    return f"{where}: {message}"

