"""What was archived of a month's links, and what `check` saw of them: `entries/YYYY/MM/_archive.toml`.

The file sits beside the month's entries and is committed with them: it is part of the log's
lasting value, not a cache, so it never lives in .newsletter/. A month's build reads only its
own. It is small, human-readable TOML, one `[[link]]` table per link:

    [[link]]
    url = "https://example.com/post"
    versionurl = "https://web.archive.org/web/20200706120000/https://example.com/post"
    versiondate = "2020-07-06T12:00:00Z"
    pending_job = "spn2-1a2b3c"         # a capture still running at the last `archive`
    gone_reason = "HTTP 404"            # what `check` saw: 404, 410, no such host, sent home...
    gone_since = 2026-11-01             # ...first...
    gone_seen = 2026-11-05              # ...and last; a link that answers again clears them

"Dead" is only ever what `check` recorded here, twice, some days apart; a build never probes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path

from newsletter.errors import NewsletterError
from newsletter.files import write_atomic
from newsletter.formats import merge_conflicts
from newsletter.links import untrusted
from newsletter.links.urls import normalise_url
from newsletter.models import month_folder
from newsletter.workspace import toml_values

FILENAME = "_archive.toml"
_WEB_ADDRESS = re.compile(r"https?://[^\s/?#]+\S*", re.IGNORECASE)
HEADER = """\
# Web archive copies of this month's links (`newsletter archive`) and what `newsletter check`
# saw of them. Commit this file with the entries: it keeps the links readable for years.
"""


@dataclass
class Record:
    url: str
    versionurl: str = ""  # the archived copy
    versiondate: str = ""  # its capture time, ISO 8601 in UTC
    pending_job: str = ""  # a Save Page Now job still running
    gone_reason: str = ""
    gone_since: dt.date | None = None
    gone_seen: dt.date | None = None

    def dead(self, after_days: int) -> bool:
        """Gone when `check` looked twice, at least `after_days` apart (and not seen alive since)."""
        return bool(self.gone_since and self.gone_seen and (self.gone_seen - self.gone_since).days >= after_days)

    def saw_gone(self, reason: str, day: dt.date) -> None:
        self.gone_reason = reason
        self.gone_since = self.gone_since or day
        self.gone_seen = max(day, self.gone_seen or day)

    def saw_alive(self) -> None:
        self.gone_reason, self.gone_since, self.gone_seen = "", None, None


def gone(reason: str) -> bool:
    """What the archive file records as a sighting of a dead link: 404, 410, no such host. Never
    a timeout, a 429 or a 5xx: those pass."""
    return reason.startswith(("HTTP 404", "HTTP 410")) or (reason.startswith("host ") and reason.endswith(" not found"))


def observe(entries: list, results: dict, entries_dir: Path, today: dt.date, home: dict[str, str]) -> dict[str, Record]:
    """Record in each month's _archive.toml what `check` saw of the entries' links (each one's
    FetchError, or None): a link gone (404, 410, no such host, or one its site now sends to its
    home page, `home`: the page is as lost to readers, and its copy is what they want), or
    answering again. Only these; the record of a link is created when it is first seen gone."""
    files: dict[Path, ArchiveFile] = {}
    records = {}
    for entry in entries:
        path = path_for(entries_dir, entry.date)
        file = files[path] if path in files else files.setdefault(path, ArchiveFile(path))
        error = results.get(entry.url)
        if error is not None and gone(error.reason):
            file.record(entry.url).saw_gone(error.reason, today)
        elif entry.url in home:  # (dead, as a 404, only when seen so twice, days apart)
            file.record(entry.url).saw_gone(f"sent to the home page {home[entry.url]}", today)
        elif error is None and (record := file.get(entry.url)) is not None:
            record.saw_alive()
        if (record := file.get(entry.url)) is not None:
            records[entry.url] = record
    for file in files.values():
        file.save()
    return records


def path_for(entries_dir: Path, day: dt.date) -> Path:
    """The archive file of the month holding `day`."""
    return month_folder(entries_dir, day.year, day.month) / FILENAME


class ArchiveFile:
    """One month's records, keyed by normalised URL; `save` writes them back atomically."""

    def __init__(self, path: Path):
        self.path = path
        self.records: dict[str, Record] = {}
        self.original = ""
        if path.is_file():
            self.original = path.read_text(encoding="utf-8")
            for record in parse(self.original, path):
                self.records[normalise_url(record.url)] = record

    def get(self, url: str) -> Record | None:
        return self.records.get(normalise_url(url)) if self.records else None

    def record(self, url: str) -> Record:
        return self.records.setdefault(normalise_url(url), Record(url))

    def save(self) -> bool:
        """Write the file if anything changed (never an empty new one); True if written. A link
        with nothing left to say (seen alive again, no copy) is dropped."""
        self.records = {key: r for key, r in self.records.items() if r.versionurl or r.pending_job or r.gone_since}
        text = dump(self.records.values())
        if text == self.original or (not self.original and not self.records):
            return False
        write_atomic(self.path, text.encode("utf-8"))
        self.original = text
        return True


def parse(text: str, path: Path) -> list[Record]:
    if conflict := merge_conflicts.conflict_lines(text):  # (two clones' builds recorded links: both are wanted)
        raise NewsletterError(f"{path}:{conflict[0]}: {merge_conflicts.advice(*conflict, keep_both=True)}.")
    try:
        raw = toml_values(text)  # (tomllib's, a key of a thousand dotted parts refused first)
    except tomllib.TOMLDecodeError as error:
        raise NewsletterError(f"{path}: {error}; fix the TOML syntax (it is your archive record, so do not delete it).")
    except RecursionError:  # `x = [[[…` 100,000 deep: TOML that Python's parser cannot nest
        raise NewsletterError(
            f"{path}: its values nest deeper than Python reads; remove the deeply nested part by hand "
            "(it is your archive record, so do not delete it)."
        ) from None
    names = {f.name for f in fields(Record)}
    records = []
    tables = raw.get("link", [])
    if not isinstance(tables, list):
        raise NewsletterError(f'{path}: `link` should be [[link]] tables, each with url = "..."; fix it by hand.')
    for number, table in enumerate(tables, 1):
        if not isinstance(table, dict) or not isinstance(table.get("url"), str):
            raise NewsletterError(f'{path}: [[link]] number {number} has no url; each needs url = "...".')
        unknown = set(table) - names
        if unknown:
            raise NewsletterError(
                f"{path}: [[link]] {table['url']} has unknown key(s) {', '.join(sorted(unknown))}; "
                f"known: {', '.join(sorted(names))}."
            )
        # The file is committed and may be edited by hand: a value of another type broke the
        # build later (a datetime minus a date, a number as a URL), and a copy's address goes
        # into the post's links, the email and the web page, so it must be a web address.
        for key in ("gone_since", "gone_seen"):
            if key in table and (not isinstance(table[key], dt.date) or isinstance(table[key], dt.datetime)):
                raise NewsletterError(f"{path}: [[link]] {table['url']}: {key} should be a date like 2026-11-01.")
        for key in ("versionurl", "versiondate", "pending_job", "gone_reason"):
            if key in table and not isinstance(table[key], str):
                raise NewsletterError(
                    f'{path}: [[link]] {table["url"]}: {key} should be text, in quotes: {key} = "...".'
                )
        # Nor one that fetched text could not hold: a bidi override made the copy read as
        # another address in the email, and an escape sequence went to the terminal in this message.
        copy = table.get("versionurl")
        if copy and (not _WEB_ADDRESS.fullmatch(copy) or untrusted.text(copy, None) != copy):
            raise NewsletterError(
                f"{path}: [[link]] {table['url']}: versionurl '{untrusted.text(copy, 300)}' is not a web address; "
                "give the archived copy's https:// address, or delete the line."
            )
        records.append(Record(**table))
    return records


def dump(records) -> str:
    """The records as TOML, sorted by URL, so a rewrite changes only what changed."""
    blocks = []
    for record in sorted(records, key=lambda r: r.url):
        lines = ["[[link]]"]
        for f in fields(Record):
            value = getattr(record, f.name)
            if value in ("", None):
                continue
            lines.append(f"{f.name} = {value.isoformat() if isinstance(value, dt.date) else _quoted(value)}")
        blocks.append("\n".join(lines))
    return HEADER + "".join(f"\n{block}\n" for block in blocks)


def _quoted(text: str) -> str:
    """A TOML basic string: JSON's, with DEL and the C1 controls escaped too."""
    return "".join(
        c if not 0x7F <= ord(c) <= 0x9F else f"\\u{ord(c):04x}" for c in json.dumps(str(text), ensure_ascii=False)
    )
