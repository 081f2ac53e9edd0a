"""The pipeline, top to bottom: read, collect, enrich, render, publish."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from newsletter import collect, config, enrich, publish, read, render, send
from newsletter.errors import FetchError
from newsletter.models import Edition, Outputs


@dataclass
class BuildResult:
    edition: Edition
    outputs: Outputs
    paths: list[Path] = field(default_factory=list)  # empty until published
    warnings: list[str] = field(default_factory=list)
    failures: list[FetchError] = field(default_factory=list)
    fetched: int = 0
    cached: int = 0


def build(root: Path, period: str | None = None, *, offline: bool = False, refresh: bool = False,
          drafts: bool = False, today: dt.date | None = None, progress=None) -> BuildResult:
    result = prepare(root, period, offline=offline, refresh=refresh, drafts=drafts, today=today,
                     progress=progress)

    # publish: write the post bundle and the email files, atomically, and record what they
    # were built from so `send` can refuse an edition older than its entries
    settings = config.load(root)
    result.paths = publish.write_outputs(result.outputs, result.edition, settings)
    send.write_build_record(settings, result.edition, result.outputs, drafts=drafts)
    return result


def prepare(root: Path, period: str | None = None, *, offline: bool = False, refresh: bool = False,
            drafts: bool = False, today: dt.date | None = None, progress=None) -> BuildResult:
    """Everything but publishing: what `preview` and `check` show without writing a file."""
    settings = config.load(root)
    span = collect.parse_period(period, settings.week_start, today)

    # read: parse and validate this period's entries; every bad file is reported at once
    entries, editorial, warnings = read.read_period(settings.entries_dir, span, drafts=drafts)

    # collect: group them into the edition's sections
    edition = collect.collect(entries, editorial, span, settings)

    # enrich: fetch link metadata (from the cache when it can), degrading per entry
    edition, report = enrich.enrich(edition, settings, offline=offline, refresh=refresh, progress=progress)

    # render: the Hugo post, the email HTML, its plain text and the .eml
    outputs = render.render(edition, settings)

    return BuildResult(edition, outputs, [], warnings + outputs.warnings, report.failures,
                       report.fetched, report.cached)
