"""`newsletter build`: one edition through the pipeline (newsletter.build), or every edition
side by side with --all, reported as small summaries the command line prints or gives as JSON."""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from newsletter import config, publish, read, render
from newsletter.build import BuildResult, announce_writes, build
from newsletter.collect import titles
from newsletter.commands import all_stamps, drafts_left_out, edition_before, prepared, uptodate
from newsletter.commands.every_edition import all_periods, only_drafts
from newsletter.errors import EntryErrors, NewsletterError, NoEntries, NothingToDo
from newsletter.files import keep_between_builds, kept_dbs, remembering_writes
from newsletter.formats import moved_posts, site, web
from newsletter.formats.wording import Wording
from newsletter.front_matter import FrontMatterStore, forget_whole_store, read_whole_store
from newsletter.models import Period


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
    up_to_date: dict | None = None  # the stamp of an edition that needed no build (commands/uptodate.py)
    nav: str | None = None  # the links to other editions its web page was written with (`build --all`)
    record: dict[str, list] = field(default_factory=dict)  # what built_records keeps of its build record
    alike: dict[str, tuple[str, object]] = field(default_factory=dict)  # BuildResult.alike: said once by --all
    stamp: dict | None = None  # its up-to-date stamp, for `build --all` to write at its end (all_stamps)
    as_it_was: bool = False  # built again only for links not fetched yet, none reached: nothing came out new
    drafts: list[str] = field(default_factory=list)  # the names of the drafts it left out (BuildResult.drafts)


def summarize(result: BuildResult) -> Summary:
    edition = result.edition
    return Summary(
        edition.period.key,
        len(edition.entries),
        edition.section_count,
        result.paths,
        result.warnings,
        [(f.url, f.reason) for f in result.failures],
        result.no_network,
        alike=result.alike,
        drafts=[path.name for path in result.drafts],
    )


def _about_a_file(warning: str) -> bool:
    """Whether a warning starts by naming the file to change ("site/layouts/…/render-link.html: …"),
    where the fix is the same for every edition; one about the edition itself ("The email is 120 KB…")
    is said for each."""
    path = warning.split(": ", 1)[0]
    return " " not in path and "." in path.rsplit("/", 1)[-1]


def report(summary: Summary, say, echo, said: set[str] | None = None, hold_alike: bool = False) -> None:
    """One edition's build, as `build` prints it: problems to stderr (`say`, which takes click's
    styles), written paths to stdout (`echo`). `said`: the warnings about a file already
    printed for the editions before (`build --all`), each said once (the site's, the same for every edition).
    `hold_alike`: the warnings every edition may give alike are left for `said_once.report` (`--all`)."""
    from newsletter.config import counted, shown

    if summary.error:
        say(f"{summary.period}: {summary.error}", fg="red")
        return
    if summary.up_to_date is not None:
        for line in uptodate.report(summary.up_to_date, summary.period):
            say(line, **({"fg": "yellow"} if summary.warnings or summary.failures else {}))
        return
    alike = {full for full, _ in summary.alike.values()} if hold_alike else set()  # said after them all
    for warning in summary.warnings:
        if warning in alike:
            continue
        if said is None or warning not in said:
            say(f"warning: {warning}", fg="yellow")
        if said is not None and _about_a_file(warning):
            said.add(warning)
    if summary.as_it_was:  # instead of "Built" and every path, none of them rewritten
        say(
            f"{summary.period} is as it was: nothing it is made of changed; it was built again only to fetch "
            f"{counted(len(summary.failures), 'link')}, and no network was reached. "
            "`--offline` builds from what is cached, and says up to date.",
            fg="yellow",
        )
    else:
        say(f"Built {summary.period}: {counted(summary.entries, 'entry')} in {counted(summary.sections, 'section')}.")
    for line in [] if hold_alike else drafts_left_out.line(summary.drafts):  # (--all: said_once, for all)
        say(line)
    if summary.as_it_was:
        return
    for path in summary.paths:
        echo(shown(path))
    if summary.no_network:  # once, instead of calling every link dead
        say(f"no network: {counted(len(summary.failures), 'link')} could not be checked; use --offline", fg="yellow")
    elif summary.failures:
        say(
            f"{counted(len(summary.failures), 'link')} could not be fetched; those entries use what they say:",
            fg="yellow",
        )
        for url, reason in summary.failures:
            say(f"  {url}: {reason}", fg="yellow")


def build_one(root: Path, period: str | None, *, force: bool = False, **options) -> Summary:
    """One edition; nothing at all when it is up to date (unless `force`), recorded for next time."""
    settings = config.load(root)
    span = settings.period(period)
    if not period:  # which edition that is, for the launcher's quick answer next time
        uptodate.remember(settings, span)
    plain = not (options.get("refresh") or options.get("drafts")) and span.kind != "year"
    if plain and not force:
        stamp = uptodate.check(str(root), span.key, offline=options.get("offline", False))
        if stamp is not None:
            failures = [(url, reason) for url, reason in stamp["failures"]]
            sections = stamp.get("sections", 0)
            return Summary(
                span.key,
                stamp["entries"],
                sections,
                warnings=stamp["warnings"],
                failures=failures,
                up_to_date=stamp,
                drafts=stamp.get("drafts", []),  # still left out (each a file as it was)
            )
    # the edition made ahead when a note was saved, if every input is as it was made from, with
    # the snapshot of them its make took (and the code that made it: one stat a module fewer)
    ready = prepared.take(settings, span.key, options.get("offline", False)) if plain else None
    # (else its own, and the code told after it: edited meanwhile, it makes the stamp stale)
    before = ready[0] if ready else {**uptodate.snapshot(settings, span), "code": uptodate.code()} if plain else None
    with remembering_writes() as written:  # (the stamp hashes the outputs from these bytes)
        with site.read_once(), edition_before.named_if_empty(settings, span):  # site: read once
            result = build(root, span.key, settings=settings, ready=ready and ready[1:], **options)
        # up to date but for links it fetched again (not fetched yet, or their answers expired):
        # with no network, every build was a full one and said only "Built" (`stale`: its last
        # stamp, checked as the build left the outputs; only then, not in every build at a
        # terminal, which comes `force`d, its stamp checked by the launcher)
        offline, stale = options.get("offline", False), None
        if before is not None and result.no_network and not offline:
            stale = uptodate.check(str(root), span.key, offline=True)
        if before is not None:
            stamp = uptodate.record(settings, span, result, before, offline=offline, written=written)
    summary = summarize(result)
    summary.as_it_was = stale is not None and stamp["outputs"] == stale["outputs"]
    return summary


def as_json(summaries: list[Summary]) -> str:
    """What `build --json` prints: per edition, what was written, warnings, failed links, and the
    drafts it left out, which stderr's line says since mend 20 and a script did not get."""
    return json.dumps(
        {
            "editions": [
                {
                    "period": s.period,
                    "entries": s.entries,
                    "sections": s.sections,
                    "written": [config.shown(path) for path in s.paths],
                    "warnings": s.warnings,
                    "failed_links": [{"url": url, "reason": reason} for url, reason in s.failures],
                    "drafts_left_out": s.drafts,  # (file names, as the line on stderr names them)
                    "no_network": s.no_network,
                    "up_to_date": s.up_to_date is not None,
                    "error": s.error,
                }
                for s in summaries
            ]
        },
        indent=2,
        ensure_ascii=False,
    )


def build_all(
    root: Path, *, offline: bool = False, refresh: bool = False, drafts: bool = False, jobs: int | None = None
) -> list[Summary]:
    """Rebuild every edition (after a template or settings change), one process per core.

    Editions are independent, so they build side by side; each reports its own problems
    instead of stopping the others.
    """
    settings = config.load(root)
    # every entry's front matter as kept, read in one scan of its store, not one look-up an entry
    # (and shared with the workers, forked after)
    read_whole_store(settings.state_dir)
    try:
        return _build_all(root, settings, offline=offline, refresh=refresh, drafts=drafts, jobs=jobs)
    finally:
        forget_whole_store()


def _build_all(
    root: Path, settings: config.Settings, *, offline: bool, refresh: bool, drafts: bool, jobs: int | None
) -> list[Summary]:
    unsure: dict[str, list[Path]] = {}  # months that may hold only drafts: their builds find out
    periods, unreachable = all_periods(settings, drafts=drafts, unsure=unsure), outside_every_edition(settings)
    if not periods and not unreachable:
        raise _nothing(settings, drafts)
    if not periods:
        return unreachable
    navs = planned_navs(settings, periods, drafts=drafts)
    code = uptodate.code()  # (the stamps' "made by": told before any edition is made)
    announce_writes(settings)  # its own writes too, at the end: the feeds, the web index, pages' links
    jobs = min(jobs or os.cpu_count() or 1, len(periods))
    options = {"offline": offline, "refresh": refresh, "drafts": drafts, "log": False}
    options["stamped"] = all_stamps.stamped(settings, periods, options)
    if settings.archive.on_build and not offline:  # out of reach for one edition: the next do not ask
        options["archive_unreachable"] = _event(shared=jobs > 1)
    titles = _post_titles(settings) if settings.smart.previously and not drafts else None
    built = dict(zip(periods, _build_each(settings, periods, navs, unsure, options, jobs), strict=True))
    if titles is not None and (again := _linking_moved_posts(settings, periods, titles, in_order=jobs == 1)):
        # "Previously in this log" links an earlier edition's post where its record says it is:
        # editions built side by side, or before it in --jobs 1's order, read a record the run
        # was rewriting (a changed title moves its post), so they are built again, now that every
        # record holds
        for period, second in zip(
            again, _build_each(settings, again, navs, unsure, options, min(jobs, len(again))), strict=True
        ):
            first = built[period]  # what the first build said (a post removed) is still news
            if first is not None and second is not None:
                second.warnings = [*first.warnings, *(w for w in second.warnings if w not in first.warnings)]
            built[period] = second
    if clashing := moved_posts.redirecting_over_posts(settings):  # a title another edition's rename freed
        for period in [p for p, s in built.items() if s is not None and clashing.intersection(s.paths)]:
            [second] = _build_each(settings, [period], navs, unsure, options, 1)
            if second is not None:  # what the first build said, but that the old address redirects here
                said = [w for w in built[period].warnings if "now redirects to the new post" not in w]
                second.warnings = [*said, *(w for w in second.warnings if w not in said)]
                built[period] = second
    summaries = [summary for summary in built.values() if summary is not None]  # None: a month of drafts only
    if not summaries:  # as if those months had been read first: not editions
        if not unreachable:
            raise _nothing(settings, drafts)
        return unreachable
    # once, from every edition's record; and the links of the pages whose plan was wrong
    known = {path: kept for s in summaries for path, kept in s.record.items()}  # no record parsed again
    with remembering_writes() as written:
        log_paths = publish.write_log(
            config.load(root), planned={s.period: s.nav for s in summaries if s.nav is not None}, known=known
        )
    all_stamps.write(settings, summaries, code, log_paths, written)
    return summaries + unreachable


def _nothing(settings: config.Settings, drafts: bool) -> NothingToDo:
    """Why `--all` has nothing to build (nothing to do, as for one empty edition: exit 3). A log
    that holds only drafts (all an import wrote, four years of them) is not an empty one: it says
    how many wait and how to build them."""
    held = 0 if drafts else sum(saved.draft for saved in read.scan_archive(settings.entries_dir)[0])
    return NothingToDo(
        f"No entries under {settings.entries_dir} to build: its {config.counted(held, 'entry')} "
        + ("is a draft" if held == 1 else "are all drafts")
        + " (`draft: true`, as import writes them). Remove `draft: true` from an entry when it is "
        "ready, or add --drafts to try them out; nothing was written."
        if held
        else f"No entries under {settings.entries_dir}; nothing to build."
    )


def _build_each(settings, periods: list[str], navs, unsure, options: dict, jobs: int) -> list[Summary | None]:
    """`periods` built, one process per job."""
    if jobs == 1:
        kept = _open_caches(settings.state_dir)
        try:
            with kept_dbs(), render.kept_environments():  # caches opened, templates loaded once for all
                return [_build_summary(settings, p, navs[p], unsure.get(p), **options) for p in periods]
        finally:
            for db in kept:
                db.close()
    from concurrent.futures import ProcessPoolExecutor  # only --all with more than one job

    # What this process holds (every entry's front matter, the modules) is the workers' too, shared
    # until written: frozen, a worker's full collection neither walks it nor copies its pages by
    # marking it (1,500 fewer page faults in the 10,000-entry archive's build, ~6 MB not copied)
    gc.freeze()
    try:
        workers = ProcessPoolExecutor(jobs, initializer=_start_worker, initargs=(settings, options))
        with workers as pool:
            navs_in_order, unsure_in_order = [navs[p] for p in periods], [unsure.get(p) for p in periods]
            return list(pool.map(_build_in_worker, periods, navs_in_order, unsure_in_order))
    finally:
        gc.unfreeze()


def _event(*, shared: bool):
    """An event the editions' builds set and read: in this process, or shared with the pool's
    workers (multiprocessing, only imported for that)."""
    if not shared:
        import threading

        return threading.Event()
    import multiprocessing

    return multiprocessing.Event()


def _post_titles(settings: config.Settings) -> dict[str, str]:
    """Each built edition's title, which its post's address is made of."""
    return {record["period"]: record["title"] for record in publish.built_records(settings)}


def _linking_moved_posts(
    settings: config.Settings, periods: list[str], before: dict[str, str], *, in_order: bool
) -> list[str]:
    """Of `periods`, the editions that may link another's post that is new or moved since
    `before`, which their build may have read before it was written: one that starts before
    them (a "Previously" line names only earlier entries), built side by side, or after them
    when `in_order`. (An edition never links its own post: `enrich.with_previously`.)"""
    moved = [p for p, t in _post_titles(settings).items() if before.get(p) != t]
    spans = {p: Period.parse(p, settings.week_start) for p in {*periods, *moved}}
    order = {p: i for i, p in enumerate(periods)}
    return [
        p
        for p in periods
        if any(
            m != p and spans[m].start < spans[p].end and (not in_order or order.get(m, -1) > order[p]) for m in moved
        )
    ]


def planned_navs(settings: config.Settings, periods: list[str], *, drafts: bool = False) -> dict[str, str]:
    """Each edition's links to the editions before and after it on the web, worked out before
    any is built, so that each page is written once, with them (its build used to write it
    without, and the end of `--all` to write it again with them): from the records of the
    editions not built now, and for each to be built, its subject and date as its build will
    make them, from its editorial file (collect.titles) and its period. A build that turns out
    otherwise (one that fails; a period not over yet, dated by its latest entry) is mended by
    `write_log` at the end, from the records then."""
    rebuilt = set(periods)
    records = [r for r in publish.built_records(settings) if r["period"] not in rebuilt]
    zone = ZoneInfo(settings.timezone)
    today = dt.datetime.now(zone).date()
    with FrontMatterStore(settings.state_dir) as store:
        for period in periods if not drafts else ():  # a build with drafts is on no edition's links
            try:
                span = Period.parse(period, settings.week_start)
            except NewsletterError:
                continue  # its build says why
            path, editorial = read.editorial_file(settings.entries_dir, span), read.Editorial()
            try:
                editorial = read.parse_editorial(path.read_bytes().decode("utf-8"), store) if path else editorial
            except (read.Problem, OSError, UnicodeDecodeError):
                pass  # its build says why
            day = span.end if span.end < today else today  # render.publication_date, give or take an entry
            published = dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone).isoformat()
            title, subject = titles(editorial, span, settings)
            records.append({"period": span.key, "subject": subject, "title": title, "published": published})
    words = Wording(settings.language, settings.wording)  # as publish words them, or every page is rewritten
    navs = web.edition_navs(sorted(records, key=publish.newest_first, reverse=True), None, words, settings.name)
    return {period: navs.get(period, web.edition_nav(None, None, words)) for period in periods}


_KEPT_OPEN: list = []  # a pool worker's connections to the workspace's caches, for its whole life
_WORKER: dict = {}  # a pool worker's settings and build options, given once (`_start_worker`)


def _start_worker(settings: config.Settings, options: dict) -> None:
    """A worker of `build --all` is given the settings once, not with each edition (pickling
    them for every task was a millisecond an edition), and keeps a connection to each cache
    open while it lives, the caches' own connections from one edition to the next, the
    templates' environments, and the memory each edition frees, for the next."""
    _WORKER.update(settings=settings, options=options)
    _KEPT_OPEN.extend(_open_caches(settings.state_dir))
    keep_between_builds()
    render.keep_environments()


def _build_in_worker(period: str, nav: str | None, unsure: list[Path] | None) -> Summary | None:
    return _build_summary(_WORKER["settings"], period, nav, unsure, **_WORKER["options"])


def _open_caches(state_dir: Path) -> list:
    """A read-only connection to each of the workspace's SQLite caches there is, each with the
    write-ahead log open. Every edition's build opens and closes its own connections; when one
    was the last to its file, SQLite checkpointed and deleted the log as it closed, and set the
    log up again at the next open: three files an edition, about a tenth of rebuilding the
    archive. These hold no transaction, so nobody waits on them."""
    import sqlite3

    from newsletter.formats.notes import FILENAME as NOTES
    from newsletter.front_matter import STORE_FILE
    from newsletter.links.cache import FILENAME as METADATA

    kept = []
    for path in (state_dir / name for name in (NOTES, METADATA, STORE_FILE)):
        if path.is_file():
            try:
                db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=10)
                kept.append(db)
                db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()  # the log is opened on a first read
            except sqlite3.Error:
                pass  # a damaged or locked cache: that edition's build says so, or copes
    return kept


def outside_every_edition(settings: config.Settings) -> list[Summary]:
    """The month folders of years no edition can cover (entries/0001/01, entries/9999/12), each
    as an edition not built, naming its files and what to do: `all_periods` passes them by, and
    no period's build reads them, so their entries were silently part of nothing."""
    summaries = []
    for folder in sorted(settings.entries_dir.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]")):
        if Period.covers_year(int(folder.parent.name)) or not folder.is_dir():
            continue
        files, odd = read.entry_files(folder)
        problems = list(odd)
        for path in files:
            try:
                entry, _ = read.read_entry(path)
            except read.Problem as problem:
                problems += [read.Finding(path, str(each), each.line) for each in problem.each()]
                continue
            problems.append(  # a good date in the wrong folder
                read.Finding(
                    path,
                    f"dated {entry.date} but filed under {folder.parent.name}/{folder.name}, which no "
                    f"edition reads; move it to entries/{entry.date.year:04d}/{entry.date:%m}/",
                )
            )
        if problems:
            key = f"{folder.parent.name}-{folder.name}"
            summaries.append(Summary(key, error=EntryErrors(problems).format_message()))
    return summaries


def _build_summary(
    settings: config.Settings,
    period: str,
    nav: str | None = None,
    unsure: list[Path] | None = None,
    stamped: Collection[str] = (),
    **options,
) -> Summary | None:
    """One edition of `build --all`; None for a month listed `unsure` that turns out to hold
    drafts only, which is no edition (all_periods). `stamped`: the editions left up to date
    (all_stamps)."""
    try:
        with site.read_once(), remembering_writes() as written:  # the Hugo site's settings, read once for the edition
            taken = all_stamps.before(settings, period) if period in stamped else None
            result = build(settings.root, period, settings=settings, nav=nav, **options)
    except NoEntries as error:
        held = unsure and only_drafts(unsure, Period.parse(period, settings.week_start))
        return None if held else Summary(period, error=error.format_message())
    except NewsletterError as error:
        return Summary(period, error=error.format_message())
    summary = summarize(result)
    summary.record = result.record
    if taken is not None:
        summary.stamp = all_stamps.made(settings, period, result, taken, written, options.get("offline", False))
    if publish.web_edition_path(settings, summary.period) in result.paths:  # no page for an edition with drafts
        summary.nav = nav
    return summary
