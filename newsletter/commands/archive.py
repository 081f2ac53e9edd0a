"""`newsletter archive`: a web archive copy of every link of an edition, recorded beside its entries.

The work is the enrich stage's (`enrich.archive`, which `build` runs too when [archive] on_build
is set); this command reads the period's entries and reports what happened to each link.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from newsletter import config, enrich, read
from newsletter.errors import NewsletterError, aside
from newsletter.formats.era_periods import common_era_hint
from newsletter.links.wayback import Outcome, tally
from newsletter.models import Period


@dataclass
class ArchiveRun:
    period: Period
    outcomes: list[Outcome] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    def lines(self) -> list[str]:
        """One line per link: what was done, the link, the copy or why not."""
        return [
            f"{o.status:<8} {o.url}  " + (f"{o.versionurl} {aside(o.detail)}" if o.versionurl else o.detail)
            for o in self.outcomes
        ]

    def messages(self) -> list[str]:
        """What the command says on stderr: the files written, then the summary."""
        return [f"wrote {config.shown(path)}" for path in self.written] + [self.summary()]

    def summary(self) -> str:
        counts = tally(self.outcomes) or "no links"
        pending = (
            " Captures still running are picked up by the next `newsletter archive` or `build`."
            if any(o.status == "pending" for o in self.outcomes)
            else ""
        )
        return f"Archive {self.period.key}: {counts}.{pending}"

    def failed(self) -> bool:
        return any(o.status in ("failed", "refused") for o in self.outcomes)

    def unreachable(self) -> bool:
        """Whether the archive answered for no link at all: no network, or the archive is down.
        Then nothing was archived, and a monthly job must not take it for done."""
        return enrich.out_of_reach(self.outcomes)


def archive(
    root: Path,
    period: str | None = None,
    *,
    drafts: bool = False,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ArchiveRun:
    settings = config.load(root)
    span = settings.period(period, today)
    entries, _, _ = read.read_period(settings.entries_dir, span, drafts=drafts)
    if not entries:
        said = f"No entries for {span.key} ({span.start} to {span.end}); nothing to archive."
        raise NewsletterError(
            f"{said} {era}" if (era := common_era_hint(settings, span, "archive", read.entries_held)) else said
        )
    archived = enrich.archive(entries, settings, progress=progress)
    return ArchiveRun(span, archived.outcomes, archived.written)
