"""The pipeline, top to bottom: read, collect, enrich, render, publish."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from newsletter import collect, config, enrich, files, publish, read, render
from newsletter.delivery import late_entries, pulled_copy, readiness
from newsletter.delivery.copy_as_sent import CopyAsSent
from newsletter.delivery.ledger import SENT_COPY
from newsletter.errors import EntryErrors, FetchError, NewsletterError, NoEntries
from newsletter.formats import (
    built_days,
    image_hook,
    link_hook,
    moved_posts,
    site,
    site_taxonomies,
    title_language,
    web,
)
from newsletter.formats.era_periods import common_era_hint, common_era_period
from newsletter.formats.json_object import json_object_in
from newsletter.formats.size_budget import SizeWarning
from newsletter.front_matter import FrontMatterStore
from newsletter.models import Edition, Outputs, Period, month_folder


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
    log_paths: list[Path] = field(default_factory=list)  # the feeds and web index, when written
    record: dict[str, list] = field(default_factory=dict)  # what built_records keeps of its build record
    # Among `warnings`, those every edition may give alike, by kind ("sent", "archive", "size"), each as
    # (the warning, what of it is this edition's: its size's figures, size_budget.OverBudget, else
    # words): `build --all` says each kind once, for all
    alike: dict[str, tuple[str, object]] = field(default_factory=dict)
    # The period's entries marked `draft: true`, left out (a build without --drafts): said, not
    # warned of, so that an author who forgot to clear one learns where her entry went
    drafts: list[Path] = field(default_factory=list)


def build(
    root: Path,
    period: str | None = None,
    *,
    offline: bool = False,
    refresh: bool = False,
    drafts: bool = False,
    today: dt.date | None = None,
    progress=None,
    log: bool = True,
    settings: config.Settings | None = None,
    nav: str | None = None,
    archive_unreachable=None,
    ready: tuple[dict[str, str], BuildResult] | None = None,
) -> BuildResult:
    """One edition built and published. `settings`: the workspace's, when the caller has
    loaded them already (commands/build.py, to check the stamp first). `nav`: with `log=False`,
    the links its web page gets to the editions beside it, as `build --all` planned them.
    `archive_unreachable`: `build --all`'s event (set, is_set) that an edition found the web
    archive out of reach, after which the others do not ask it. `ready`: the edition made ahead
    (commands/prepared.py), with the hashes of the inputs it was made from, which it checked
    are as they were."""
    settings = settings or config.load(root)
    span = edition_period(period, settings, today)
    site.require_site(settings)  # before any fetch: the post has somewhere to go
    # archive ([archive] on_build): web archive copies of the links, recorded beside the entries
    # before rendering, so the post carries them; captures still running are left for next time.
    # Not asked once `build --all` found it out of reach: Priya's four years offline waited in
    # getaddrinfo for every edition, 142 s of a 151 s build, to be told the same 48 times
    archived, unasked = None, False
    if settings.archive.on_build and not offline:
        entries = read.read_period(settings.entries_dir, span, drafts=drafts)[0]
        if archive_unreachable is None or not archive_unreachable.is_set():
            archived = enrich.archive(entries, settings, in_build=True)
            if archive_unreachable is not None and enrich.out_of_reach(archived.outcomes):
                archive_unreachable.set()
        else:  # an edition whose links all have their copy had nothing to ask: it is not named
            unasked = enrich.to_archive(entries, settings)
    if ready is not None and archived is not None and archived.written:
        ready = None  # made ahead without the copies just recorded in _archive.toml, which the edition shows
    # What the edition is made from, taken before the slow stages: an entry edited while
    # links are being fetched must make the record stale, not current.
    if ready is not None:  # made ahead from inputs that have not changed since (commands/prepared.py)
        inputs, result = ready
    else:
        contents = publish.read_edition_inputs(settings, span)
        inputs = publish.hashes_of(contents, settings.root)
        result = _stages(
            settings, span, offline=offline, refresh=refresh, drafts=drafts, progress=progress, contents=contents
        )

    # publish: write the post bundle and the email files, atomically, and record what they
    # were built from so `send` can refuse an edition older than its entries; the editions
    # beside it until now, whose pages link to it (a build may move it among them)
    # (and, if a build was killed mid-write, its temporaries swept from what Hugo publishes)
    announce_writes(settings)
    first = not (settings.dist_dir / span.key / publish.POST_RECORD).is_file()  # its title not yet an address
    before = publish.built_records(settings) if log else None
    around = web.beside(before, span.key) if before is not None else None
    # (one copy as sent, read once for its page, its text and its digest: delivery/copy_as_sent.py)
    copy_as_sent = CopyAsSent(settings.dist_dir / span.key)
    ledger, emailed, sent_html, went = pulled_copy.of_edition(settings.state_dir, copy_as_sent)
    if too_large := copy_as_sent.warning(config.shown(copy_as_sent.path, settings.root)):
        result.warnings.append(too_large)
    result.paths, moved = publish.write_outputs(
        result.outputs, result.edition, settings, before, nav, emailed=emailed, sent_html=sent_html
    )
    result.warnings += moved
    if hookless := link_hook.missing_hook(result.edition, settings.site_dir, settings.root):
        result.warnings.append(hookless)  # the copies publish as plain links
    if hidden := image_hook.hiding_the_themes(settings.site_dir, settings.root):
        result.warnings.append(hidden)  # init's stand-in, in front of the theme's own
    if unlisted := site.section_unlisted(settings):  # written where the theme's home page never looks
        result.warnings.append(f"{config.shown(unlisted[0], settings.root)}: {unlisted[1]}")
    if first and result.edition.title == collect.default_title(span, settings):
        if english := title_language.english_title(settings, span.kind):  # "What I read in…" in French
            result.warnings.append(f"{config.SETTINGS_FILE}: {english}")
    if shared := built_days.left_out(span, settings.dist_dir, settings.week_start):
        result.warnings.append(shared)  # June 29 and 30 in June's, not in July's first week
    if first and (english := title_language.english_category(settings)):
        result.warnings.append(f"{config.SETTINGS_FILE}: {english}")
    if first and (dropped := site_taxonomies.dropped_terms(settings, bool(result.edition.tags))):  # no tag shows
        result.warnings.append(f"{config.shown(dropped[0], settings.root)}: {dropped[1]}")
    if over := next((warning for warning in result.warnings if isinstance(warning, SizeWarning)), None):
        result.alike["size"] = (over, over.over)  # (its figures, as data: formats/size_budget.py)
    if unasked:
        result.warnings.append(said := NOT_ASKED)
        result.alike["archive"] = (said, "not asked")
    elif archived is not None and (unfinished := _unfinished(archived.outcomes, span))[0]:
        note, said = unfinished
        result.warnings.append(said)
        result.alike["archive"] = (said, note)
    publish.write_build_record(
        settings,
        result.edition,
        result.outputs,
        drafts=drafts,
        inputs=inputs,
        kept=result.record,
        emailed=emailed,
        went=went,
    )
    # ... and the log as a whole: its feeds and the index of editions on the web (`log=False`
    # when many editions build side by side: the caller writes them once, at the end)
    if log:
        result.log_paths = publish.write_log(settings, around=around, known=result.record)  # (not parsed again)
        result.warnings += _built_elsewhere(settings, before or [], span.key)
    if sent := ledger and ledger.sent():
        sent_on = ledger.sent_on(settings.timezone)
        sent_copy = settings.dist_dir / span.key / SENT_COPY
        copy = config.shown(sent_copy, settings.root)
        result.warnings.append(
            said := f"{span.key} was already sent {sent_on}; {_copy_as_sent(sent, sent_copy, copy)}, "
            "and `send` will not send it again."
        )
        result.alike["sent"] = (said, sent_on)
        # ...and an entry written into it since then, which only the post will carry
        entries = {config.shown(e.path, settings.root): e.url for e in result.edition.entries if not e.draft}
        result.warnings += late_entries.said(span, ledger.data, sent[1], entries, settings, copy_as_sent)
    return result


def _built_elsewhere(settings: config.Settings, records: list[dict], period: str) -> list[str]:
    """The editions on the site's web pages that this workspace has no build of: the feeds and
    the index of editions are made of dist/'s build records, which git does not carry, so a
    clone of a log two people keep (new user 53) that built one month wrote them without every
    month the other clone had built, and committed, the site lost them."""
    pages = settings.site_dir / "static" / site.WEB_DIR
    built = {record.get("period") for record in records} | {period}
    missing = sorted(n for n in files.folder_names(pages) if n not in built and (pages / n / "index.html").exists())
    if not missing:
        return []
    return [
        f"the feeds and the index of editions leave out {', '.join(missing)}: their pages are in "
        f"{config.shown(pages, settings.root)}, but they were not built here (on another clone of the log, or "
        f"dist/ was cleared); build them here to put them back: `newsletter build {missing[0]}`"
        + (", and the others" if len(missing) > 1 else "")
        + " (`newsletter build --all`: every edition of your cadence)"
    ]


def _copy_as_sent(sent: tuple[str, dict], path: Path, shown: str) -> str:
    """Where the message as sent is: none is kept when Buttondown or listmonk had sent the
    edition before the run that found it, from a build other than the one it had (send.py)."""
    if path.is_file():
        return f"the message as sent is kept in {shown}"
    return f"no copy of the message as sent is kept in {shown}" + (
        f" ({sent[0]} has it)" if sent[1].get("found") == "remote" else ""
    )


def prepare(
    root: Path,
    period: str | None = None,
    *,
    offline: bool = False,
    refresh: bool = False,
    drafts: bool = False,
    today: dt.date | None = None,
    progress=None,
    message: bool = True,
) -> BuildResult:
    """Everything but publishing: what `preview` and `check` show without writing a file
    (`message=False`: without the .eml, which the preview does not show)."""
    settings = config.load(root)
    span = edition_period(period, settings, today)
    return _stages(settings, span, offline=offline, refresh=refresh, drafts=drafts, progress=progress, message=message)


def made_ahead(settings: config.Settings, span: Period, contents: dict[Path, bytes | None]) -> BuildResult:
    """What `build` makes of `contents` before publishing, offline: commands/prepared.py's
    edition made ahead, when a note is saved."""
    return _stages(settings, span, offline=True, refresh=False, drafts=False, progress=None, contents=contents)


def edition_period(
    period: str | None, settings: config.Settings, today: dt.date | None, command: str = "build"
) -> Period:
    """A month or a week, for `command`. A year's edition is its review, made of other templates,
    stats and charts: `build` must not overwrite it, and `check` measured it as an email nobody sends."""
    span = settings.period(period, today)
    if span.kind == "year":
        raise NewsletterError(
            f"{span.key} is a year: its edition is the year in review, which `newsletter review {span.key}` "
            f"writes and warns about. `{command}` takes a month ({span.key}-01) or a week ({span.key}-W01)."
        )
    return span


def _stages(
    settings: config.Settings,
    span: Period,
    *,
    offline: bool,
    refresh: bool,
    drafts: bool,
    progress,
    message: bool = True,
    contents: dict[Path, bytes | None] | None = None,
) -> BuildResult:
    """read, collect, enrich, render: one period's edition, in memory. `contents`: the entry
    files' bytes, when the caller has read them already (to hash them for the build record)."""
    # read: parse and validate this period's entries; every bad file is reported at once (front
    # matter that did not change since an earlier build is not parsed again)
    with FrontMatterStore(settings.state_dir) as store:
        reading = read.scan_period(settings.entries_dir, span, drafts=drafts, store=store, contents=contents)
    if reading.problems:
        raise EntryErrors(reading.problems)
    entries, editorial, warnings = reading.entries, reading.editorial, [str(w) for w in reading.warnings]

    if not entries:
        error = NoEntries(_no_entries(settings, span, drafts))  # nothing to do (exit 3): a quiet week
        if _still_published(settings, span):  # but for taking down what an earlier build put up: to do
            error.exit_code = 1
        raise error

    # collect: group them into the edition's sections
    edition = collect.collect(entries, editorial, span, settings)

    # enrich: fetch link metadata (from the cache when it can), degrading per entry
    edition, report = enrich.enrich(edition, settings, offline=offline, refresh=refresh, progress=progress)
    # ...and each link's archived copy and whether `check` found it dead (the month's _archive.toml)
    edition = enrich.with_archive(edition, settings)
    # a dead link the outputs replace by its copy is no failure of this build (`check --all` lists it)
    replaced = {entry.url for entry in edition.entries if entry.link_url != entry.url}
    report.failures = [failure for failure in report.failures if failure.url not in replaced]
    # ...and, when asked, a close earlier entry from the local index (read, never computed here)
    if settings.smart.previously:
        edition = enrich.with_previously(edition, settings)

    warnings += [concern.shown() for concern in readiness.placeholder_notes(edition.entries)]  # not written up
    warnings += [concern.shown() for concern in readiness.sample_on_a_blog(edition.entries, settings)]
    warnings += [concern.shown() for concern in readiness.credentials(edition.entries)]  # ann:secret@
    warnings += readiness.shown_together(readiness.untitled(edition.entries))  # bare-URL headings
    warnings += [concern.shown() for concern in readiness.unshown_pictures(edition.entries)]  # image: pic.png
    warnings += [concern.shown() for concern in readiness.undecodable(edition.entries)]  # "Caf\ufffd"
    warnings += [concern.shown() for concern in readiness.vanishing_words(edition.entries)]  # `<friends>`
    own = readiness.OwnWords(
        read.editorial_file(settings.entries_dir, edition.period), f"{edition.intro}\n\n{edition.outro}"
    )
    warnings += [concern.shown() for concern in readiness.relative_links(edition.entries, settings, own)]  # (/posts/x/)
    warnings += [concern.shown() for concern in readiness.pictures_not_beside(edition.entries, own, settings.state_dir)]
    warnings += [concern.shown() for concern in readiness.repeated_links(edition.entries, settings.root)]

    # render: the Hugo post, the email HTML, its plain text and the .eml, without the placeholders warned of
    edition = collect.without_placeholders(edition)
    outputs = render.render(edition, settings, message=message)

    return BuildResult(
        edition,
        outputs,
        [],
        report.warnings + warnings + outputs.warnings,
        report.failures,
        report.fetched,
        report.cached,
        report.no_network,
        drafts=reading.drafts,
    )


NOT_ASKED = (
    "archive: not asked: the web archive could not be reached for an edition built before it in this run "
    "(no network?); the next build online archives its links; `--offline` builds without trying"
)


def _unfinished(outcomes, span: Period) -> tuple[str, str]:
    """('1 pending, 1 failed', the build's line on it): the archiving a build left undone (the
    web archive's client, and httpx with it, is only imported when a build archives). A link the
    archive could not be reached for is counted apart, as unreachable: Ines, offline for a week,
    was told '9 failed; `newsletter archive 2026-11` says which' by every build, where nothing
    had failed but the network, and that command would only have said so of each link."""
    from newsletter.links.wayback import tally

    cut_off = sum(o.status == "failed" and o.unreachable for o in outcomes)
    rest = tally([o for o in outcomes if not (o.status == "failed" and o.unreachable)], problems_only=True)
    note = ", ".join(filter(None, (rest, f"{cut_off} unreachable" if cut_off else "")))
    if not cut_off:
        return note, f"archive: {note}; `newsletter archive {span.key}` says which" if note else ""
    return note, (
        f"archive: {note}; the web archive could not be reached for {config.counted(cut_off, 'link')} "
        "(no network?), which the next build online archives; `--offline` builds without trying"
    )


def _no_entries(settings: config.Settings, span: Period, drafts: bool) -> str:
    """Why a period has nothing to build, and where its entries go: every month its days fall in
    (a week can span two), and its drafts, which a build leaves out."""
    said = f"No entries for {span.key} ({span.start} to {span.end}); nothing was written. "
    # no entry is dated in a year the Buddhist Era counts (an earlier version's build of one,
    # which took her 2569-12-03 as that year's, may still be on the site)
    if era := common_era_hint(settings, span, "build", read.entries_held):
        return said + era + _still_published(settings, span)
    held = [] if drafts else read.scan_period(settings.entries_dir, span, drafts=True).entries
    if held:
        count = f"{len(held)} draft" + ("s" if len(held) > 1 else "")
        return (
            said
            + f"It has {count}: remove `draft: true` from an entry when it is ready, or add --drafts to try it out."
            + _still_published(settings, span)
        )
    if common_era_period(span, settings.week_start):  # (a log not in Thai: common_era_hint said nothing)
        # an entry dated 2526-12-03 is refused as the Buddhist Era's year: no folder holds one
        return said.rstrip() + _still_published(settings, span)
    months = sorted({(day.year, day.month) for day in (span.start, span.end)})
    folders = [
        month_folder(settings.entries_dir, *month).relative_to(settings.root).as_posix() + "/" for month in months
    ]
    return (
        said
        + (
            f"Entries of that period go in {' and '.join(folders)} (one dated in it but filed under "
            "the month before or after is read from there; further off, that month's build says where to move it)."
        )
        + _still_published(settings, span)
    )


def announce_writes(settings: config.Settings) -> None:
    """Say that this process writes outputs (files.announce_writer): into the site and dist/,
    where a build killed mid-write leaves temporaries for the next build to sweep."""
    folders = (settings.site_dir / "static", settings.site_dir / "content", settings.dist_dir)
    files.announce_writer(settings.state_dir / "writers", *folders)


def _still_published(settings: config.Settings, span: Period) -> str:
    """Ines built init's sample month, then deleted its sample entry and wrote her own month:
    the sample's post, its web page and its place in the feeds stayed on her blog, and the
    month's build said only that it had no entries. What an earlier build of the period put
    on the site is named, with how to take it down (not for an edition already emailed). A
    build with --drafts put no post there (its post is a Hugo draft) nor anything in the feeds:
    one whose month then had only drafts was told 'still on your site', exit 1, where nothing was."""
    folder = settings.dist_dir / span.key
    last = moved_posts.last_post(folder / publish.POST_RECORD, settings)
    if last is None or not last.path.is_file() or (folder / SENT_COPY).exists():
        return ""
    page = publish.web_edition_path(settings, span.key).parent
    if (json_object_in(folder / Outputs.build_record) or {}).get("drafts") is True:
        if not page.is_dir():  # (a page an earlier build without drafts wrote is still up)
            return ""
        return (
            f"\nAn earlier build's web page is still on your site: {_shown(settings, page)}/. To take it "
            f"down, delete that folder and {_shown(settings, folder)}/."
        )
    shown = [_shown(settings, path) + "/" for path in (last.path.parent, folder)]
    web_page = f", its web page {_shown(settings, page)}/" if page.is_dir() else ""
    return (
        f"\nIts earlier build is still on your site: the post {shown[0]}{web_page} and the feeds. "
        f"To take it down, delete {'those folders' if web_page else 'that folder'} and {shown[1]}; "
        "the next build of another edition writes the feeds without it."
    )


def _shown(settings: config.Settings, path: Path) -> str:
    return path.relative_to(settings.root).as_posix() if path.is_relative_to(settings.root) else str(path)
