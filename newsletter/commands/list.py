"""`newsletter list`: one edition's entries as a table or JSON, invalid files marked, not hidden."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from newsletter import config, read
from newsletter.formats.era_periods import common_era_hint
from newsletter.models import Entry, Period


@dataclass
class Listing:
    """One period's entries for `list`: the valid ones, and the files that do not read."""

    period: Period
    entries: list[Entry]
    invalid: list[read.Finding]
    root: Path
    fetched: dict[str, str]  # the titles builds fetched, of entries that leave theirs to the page
    fetched_people: dict[str, list[str]]  # and the people, of entries that name none
    hint: str = ""  # with no entries: the period meant, where its year is the Buddhist Era's
    # A sync client's copies of an entry (`talk (1).md`), which the build leaves out: list said
    # nothing of them, where build and check say each (formats/sync_copies.py)
    copies: list[read.Finding] = field(default_factory=list)

    def as_json(self) -> str:
        return json.dumps(
            {
                "period": self.period.key,
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
                "entries": [
                    {
                        "date": e.date.isoformat(),
                        "type": e.type,
                        "title": e.title,
                        "url": e.url,
                        "by": self.people(e),
                        "draft": e.draft,
                        "file": config.shown(e.path, self.root),
                    }
                    for e in self.entries
                ],
                "invalid": [
                    {"file": config.shown(f.path, self.root), "line": f.line, "problem": f.message}
                    for f in self.invalid
                ],
                "left_out": [{"file": config.shown(f.path, self.root), "why": f.message} for f in self.copies],
            },
            indent=2,
            ensure_ascii=False,
        )

    def people(self, entry: Entry) -> list[str]:
        """Who the edition names for `entry`: its own people, else the page's (Entry.people)."""
        return entry.speakers or self.fetched_people.get(entry.url or "", [])

    def as_table(self, width: int) -> str:
        if not self.entries and not self.invalid:
            said = f"No entries for {self.period.key} ({self.period.start} to {self.period.end})."
            return f"{said} {self.hint}" if self.hint else said
        rows = [("DATE", "TYPE", "TITLE", "BY", "FILE")]
        for entry in self.entries:
            rows.append(
                (
                    entry.date.isoformat(),
                    entry.type + (" (draft)" if entry.draft else ""),
                    entry.title or self.fetched.get(entry.url or "") or entry.url,
                    Byline(self.people(entry)),
                    config.shown(entry.path, self.root),
                )
            )
        for finding in self.invalid:
            where = config.shown(finding.path, self.root) + (f":{finding.line}" if finding.line else "")
            rows.append(("?", "INVALID", finding.message, "", where))
        rows += [("?", "LEFT OUT", f.message, "", config.shown(f.path, self.root)) for f in self.copies]
        return fit_table(rows, width)


def list_entries(root: Path, period_text: str | None, drafts: bool) -> Listing:
    settings = config.load(root)
    period = settings.period(period_text)
    reading = read.scan_period(settings.entries_dir, period, drafts=drafts)
    entries = sorted(reading.entries, key=lambda e: (e.date, e.path.name))
    invalid = reading.problems + [w for w in reading.warnings if w.code in ("not-a-file", "not-downloaded")]
    from newsletter.links import cached_titles

    fetched = cached_titles.titles(settings.state_dir, [e.url for e in entries if not e.title and e.url])
    people = cached_titles.people(settings.state_dir, [e.url for e in entries if not e.speakers and e.url])
    hint = "" if entries or invalid else common_era_hint(settings, period, "list", read.entries_held)
    copies = [w for w in reading.warnings if w.code == "sync-copy"]
    return Listing(period, entries, invalid, root, fetched, people, hint, copies)


class Byline(str):
    """The BY cell: every name, and `short`, the first one "et al." where the column cannot hold
    them all, as a paper is cited. Cut with "…" alone, a five-author paper's BY was 88 characters
    wide on a wide terminal while the file paths beside it were cut to 16, and "Ashish Vasw…" on a
    narrow one."""

    short: str

    def __new__(cls, names: list[str]):
        byline = super().__new__(cls, ", ".join(names))
        byline.short = f"{names[0]} et al." if len(names) > 2 else str(byline)
        return byline


# Columns that give way when the table is wider than the terminal, in order, and how narrow
# each may get: the people first down to their "et al." (None), then the file path (its end, the
# file name, stays), then a long title, before a name is cut, then people, then titles.
_SHRINK = ((3, None), (4, 16), (2, 40), (3, 12), (2, 24))


def fit_table(rows: list[tuple[str, ...]], width: int) -> str:
    """Left-aligned columns, narrowed (with "et al." or …) to fit `width`."""
    from newsletter.formats.columns import clip, pad
    from newsletter.formats.columns import width as cells

    def shortest(text: str) -> str:
        return getattr(text, "short", text)

    widths = [max(cells(row[i]) for row in rows) for i in range(len(rows[0]))]
    for column, narrowest in _SHRINK:
        excess = sum(widths) + 2 * (len(widths) - 1) - width
        if excess > 0:
            if narrowest is None:  # every name, or the first "et al.": no name cut in the middle
                widths[column] = max(cells(shortest(row[column])) for row in rows)
            else:
                widths[column] = max(narrowest, widths[column] - excess)

    def cell(text: str, size: int, column: int) -> str:
        if cells(text) > size:
            text = shortest(text)
        return pad(clip(text, size, keep_end=column == 4).replace(" …", "…"), size)

    lines = ["  ".join(cell(text, widths[i], i) for i, text in enumerate(row)).rstrip() for row in rows]
    return "\n".join(lines)
