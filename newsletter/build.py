"""The pipeline, top to bottom: read, collect, enrich, render, publish."""

from __future__ import annotations

import datetime as dt
import functools
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from newsletter import collect, config, enrich, publish, read, render
from newsletter.delivery import readiness
from newsletter.delivery.ledger import Ledger, when
from newsletter.errors import FetchError, NewsletterError
from newsletter.models import Edition, Outputs, Period


@dataclass
class BuildResult:
    edition: Edition
    outputs: Outputs
    paths: list[Path] = field(default_factory=list)  # empty until published
    warnings: list[str] = field(default_factory=list)
    failures: list[FetchError] = field(default_factory=list)
    fetched: int = 0
    cached: int = 0
    no_network: bool = False  # every failure was "host not found" or "refused", and nothing answered

    def summary(self) -> Summary:
        edition = self.edition
        return Summary(edition.period.key, len(edition.entries), len(edition.sections) + bool(edition.mine),
                       self.paths, self.warnings, [(f.url, f.reason) for f in self.failures], self.no_network)


@dataclass
class Summary:
    """What the command line reports of one edition's build (small, so processes can return it)."""

    period: str
    entries: int = 0
    sections: int = 0
    paths: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)
    no_network: bool = False  # the failures are the network's, not the links'
    error: str | None = None  # why this edition was not built


def build(root: Path, period: str | None = None, *, offline: bool = False, refresh: bool = False,
          drafts: bool = False, today: dt.date | None = None, progress=None) -> BuildResult:
    settings = config.load(root)
    span = Period.parse(period, settings.week_start, today)
    # What the edition is made from, taken before the slow stages: an entry edited while
    # links are being fetched must make the record stale, not current.
    inputs = publish.snapshot_inputs(settings, span)
    result = _stages(settings, span, offline=offline, refresh=refresh, drafts=drafts, progress=progress)

    # publish: write the post bundle and the email files, atomically, and record what they
    # were built from so `send` can refuse an edition older than its entries
    result.paths, moved = publish.write_outputs(result.outputs, result.edition, settings)
    result.warnings += moved
    publish.write_build_record(settings, result.edition, result.outputs, drafts=drafts, inputs=inputs)
    sent = Ledger.peek(settings.state_dir / "ledger", span.key)
    if sent:
        result.warnings.append(f"{span.key} was already sent via {sent[0]} on {when(sent[1].get('done_at'))}; "
                               "these files are a record of it now: `send` will not send them again.")
    return result


def prepare(root: Path, period: str | None = None, *, offline: bool = False, refresh: bool = False,
            drafts: bool = False, today: dt.date | None = None, progress=None) -> BuildResult:
    """Everything but publishing: what `preview` and `check` show without writing a file."""
    settings = config.load(root)
    span = Period.parse(period, settings.week_start, today)
    return _stages(settings, span, offline=offline, refresh=refresh, drafts=drafts, progress=progress)


def _stages(settings: config.Settings, span: Period, *, offline: bool, refresh: bool, drafts: bool,
            progress) -> BuildResult:
    """read, collect, enrich, render: one period's edition, in memory."""
    # read: parse and validate this period's entries; every bad file is reported at once
    entries, editorial, warnings = read.read_period(settings.entries_dir, span, drafts=drafts)

    if not entries:
        raise NewsletterError(f"No entries for {span.key} ({span.start} to {span.end}); nothing was written. "
                              f"Entries of that period go in {settings.entries_dir / f'{span.start:%Y/%m}'}/.")

    # collect: group them into the edition's sections
    edition = collect.collect(entries, editorial, span, settings)

    # enrich: fetch link metadata (from the cache when it can), degrading per entry
    edition, report = enrich.enrich(edition, settings, offline=offline, refresh=refresh, progress=progress)

    warnings += [concern.shown() for concern in readiness.untitled(edition.entries)]  # bare-URL headings

    # render: the Hugo post, the email HTML, its plain text and the .eml
    outputs = render.render(edition, settings)

    return BuildResult(edition, outputs, [], report.warnings + warnings + outputs.warnings, report.failures,
                       report.fetched, report.cached, report.no_network)


def all_periods(settings: config.Settings, *, drafts: bool = False) -> list[str]:
    """Every edition there is: each week with an editorial file (`_2020-W28.md`) or already
    built, and each month holding an entry that none of those weeks publishes. A month told
    week by week is not also a monthly edition: Hugo would publish its entries twice."""
    weeks = {p.name for p in settings.dist_dir.glob("[0-9]*-W[0-9]*") if p.is_dir()}
    weeks |= {p.stem[1:] for p in settings.entries_dir.glob("[0-9]*/[0-9]*/_[0-9]*-[Ww][0-9]*.md")}
    weeks = {_key(week, settings) for week in weeks}
    months = []
    for folder in sorted(settings.entries_dir.glob("[0-9]*/[0-9]*")):
        if not folder.is_dir() or not any(not p.name.startswith("_") for p in folder.glob("*.md")):
            continue
        try:
            month = Period.parse(f"{folder.parent.name}-{folder.name}", settings.week_start)
        except NewsletterError:
            continue  # not a month folder (entries/2020/notes)
        reading = read.scan_period(settings.entries_dir, month, drafts=drafts)
        # A file it cannot read keeps the month, so that month's build reports it.
        if reading.problems or any(Period.week_of(e.date, settings.week_start).key not in weeks
                                   for e in reading.entries):
            months.append(month.key)
    return sorted(set(months)) + sorted(weeks)


def _key(period: str, settings: config.Settings) -> str:
    """A period's canonical key ('2020-w28' -> '2020-W28'), or the text itself for its build to refuse."""
    try:
        return Period.parse(period, settings.week_start).key
    except NewsletterError:
        return period


def build_all(root: Path, *, offline: bool = False, refresh: bool = False, drafts: bool = False,
              jobs: int | None = None) -> list[Summary]:
    """Rebuild every edition (after a template or settings change), one process per core.

    Editions are independent, so they build side by side; each reports its own problems
    instead of stopping the others.
    """
    periods = all_periods(config.load(root), drafts=drafts)
    if not periods:
        raise NewsletterError(f"No entries under {root / 'entries'}; nothing to build.")
    one = functools.partial(_build_summary, root, offline=offline, refresh=refresh, drafts=drafts)
    jobs = min(jobs or os.cpu_count() or 1, len(periods))
    if jobs == 1:
        return [one(period) for period in periods]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(one, periods))


def _build_summary(root: Path, period: str, **options) -> Summary:
    try:
        return build(root, period, **options).summary()
    except NewsletterError as error:
        return Summary(period, error=error.format_message())
