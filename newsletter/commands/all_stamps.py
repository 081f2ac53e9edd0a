"""The up-to-date stamps of the editions `build --all` built: each left what a plain `build` of it
leaves (commands/uptodate.py), so that `build --all` then `build 2026-11` says 2026-11 is up to
date instead of building it a second time (after a template change, a user waited twice).

An edition's stamp is made where it is built (its inputs seen before it is read, its outputs
hashed from the bytes written), but written only once every edition is: what it was made from
includes the other editions' records, which the run rewrites as it goes, and the feeds and the
web index, written at its end from all of them. Those are taken as the run left them, once for
every stamp; an edition built twice (the "Previously" pass) keeps its second build's. An
edition whose build failed keeps no stamp: its next build says why again.

Only the newest editions are stamped (NEWEST): the ones an author builds next by name, the
current month or week. A stamp costs an edition what a plain build's does (its inputs seen,
its outputs hashed: ~6.5 ms, an eighth of each edition's build), and for every edition of a
200-month log that was a second of CPU of every `build --all` for builds nobody runs; an older
edition's next build is a full one, as it was before stamps (one stamped before is stale once
another edition's record is new, else still right: it was checked against every input).
"""

from __future__ import annotations

import marshal
import os

from newsletter.commands import uptodate
from newsletter.errors import NewsletterError
from newsletter.files import write_atomic
from newsletter.models import Period

NEWEST = 3  # editions stamped, the latest by their end: a month and its last weeks, say


def stamped(settings, periods: list[str], options: dict) -> frozenset[str]:
    """Of `periods`, the editions whose builds are stamped: the NEWEST, with options a plain
    `build PERIOD` has (not --refresh or --drafts)."""
    if options.get("refresh") or options.get("drafts"):
        return frozenset()
    ends = {}
    for period in periods:
        try:
            ends[period] = Period.parse(period, settings.week_start).end
        except NewsletterError:
            continue  # its build says why
    return frozenset(sorted(ends, key=lambda p: (ends[p], p))[-NEWEST:])


def before(settings, period: str) -> dict:
    """An edition's inputs as they are before its build reads them (uptodate.snapshot), but the
    other editions' records, and its code: the run's, each told once (`write`)."""
    taken = uptodate.snapshot(settings, Period.parse(period, settings.week_start), records=False)
    taken["code"] = None
    return taken


def made(settings, period: str, result, taken: dict, written: dict, offline: bool) -> dict:
    """The stamp of an edition just built, not yet written."""
    span = Period.parse(period, settings.week_start)
    return uptodate.record(settings, span, result, taken, offline=offline, written=written, write=False)


def write(settings, summaries: list, code: list, log_paths: list, written: dict) -> None:
    """Every edition's stamp, finished as the run left the log and written; a failed edition's
    last stamp removed. `code`: the package's as the run began (uptodate.code). `log_paths`:
    the feeds and the web index the run wrote; `written`: what its end wrote (those, and the
    pages whose links to other editions it mended), by remembering_writes."""
    root = settings.root
    dist = uptodate.relative(settings.dist_dir, root)
    editions = sorted(uptodate.input_names(str(settings.dist_dir)))
    folders = [name for name in editions if (settings.dist_dir / name).is_dir()]  # (as snapshot: a record or none)
    records = {name: _seen(settings.dist_dir / name / "build.json", root) for name in folders}
    ends_and_mended = {*map(str, log_paths), *written}
    digests = {uptodate.relative(path, root): uptodate.output_digest(path, written) for path in ends_and_mended}
    ends = {name: digests[name] for name in (uptodate.relative(path, root) for path in log_paths)}
    for summary in summaries:
        stamp, path = summary.stamp, root / uptodate.STAMPS / summary.period
        if stamp is None:
            if summary.error:  # (a stamp an earlier build left would call it up to date)
                _remove(path)
            continue
        stamp["code"] = code
        stamp["listings"][dist] = sorted({*editions, summary.period})
        stamp["inputs"].update((name, seen) for edition, (name, seen) in records.items() if edition != summary.period)
        stamp["outputs"] = {name: digests.get(name, digest) for name, digest in stamp["outputs"].items()} | ends
        try:
            write_atomic(path, marshal.dumps(stamp), durable=False)
        except OSError:
            pass  # (best effort, as a plain build's: the next build is a full one)


def _seen(path, root) -> tuple[str, list | None]:
    return uptodate.relative(path, root), uptodate.seen(path)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
