"""`newsletter check`: what would embarrass an edition, found before it is published.

Errors make `check` exit 1; warnings only with `--strict`. The line between them:

- error: an entry that does not parse (the build would refuse it), a dead link (HTTP 404 or
  410, a host that does not exist, a refused connection, a redirect loop), an email template
  that does not render, anything `send` refuses (readiness.py: no From address, no
  unsubscribe link, the sample entry or placeholder notes still there...). Readers would hit
  them; nothing but a fix helps.
- warning: everything that may be deliberate or passing: a link that could not be checked
  (timeout, 403 to robots, 5xx after retries, a private address), a link shared in an earlier
  edition, tracking parameters, an `http://` link whose `https://` twin works, a date in the
  future, no notes, no title from anywhere, an entry filed under the wrong month, an unknown
  front matter key, an email over the size budget, a blog whose pages name another language.

Links are checked concurrently with the build's Fetcher (its limits, timeouts, retries and
address checks), HEAD first and GET when a server refuses HEAD. The email is rendered
offline from the cached metadata, without writing anything, to measure its size.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from newsletter import collect, config, enrich, read, render
from newsletter.build import edition_period
from newsletter.commands import check_links
from newsletter.commands import check_set_up as set_up
from newsletter.commands.findings_by_kind import by_kind
from newsletter.delivery import readiness
from newsletter.delivery.doctor import own_template
from newsletter.errors import NewsletterError, aside
from newsletter.formats import image_alt, notes_script, title_language, vague_links
from newsletter.formats.era_periods import common_era_hint
from newsletter.formats.wording import Wording
from newsletter.links import Links, cache
from newsletter.links.archived import FILENAME, ArchiveFile, Record
from newsletter.links.same_work import work_of
from newsletter.links.urls import without_credentials, without_trackers
from newsletter.models import Entry, Period


@dataclass
class Finding:
    file: str | None  # relative to the workspace; None: the edition as a whole
    severity: str  # "error" | "warning"
    code: str  # invalid, unknown-key, wrong-folder, dead-link, unchecked-link, https, repeat,
    #            tracking, credentials, future-date, no-notes, no-title, vanishing-words, relative-link,
    #            unshown-picture, picture-not-beside, email-size, render, not-sendable, similar-tags,
    #            unused-section, site-language, sent-home, site-title-case, site-term-pages,
    #            site-layouts-missing, site-older-init, site-line-breaks, site-cjk-words, site-words,
    #            site-words-english, site-taxonomies, schema-stale, language-unlike-notes, phrases-language,
    #            template-email-safe, in-no-edition, sync-copy, not-downloaded
    message: str
    line: int | None = None


@dataclass
class CheckReport:
    period: Period
    entries: int  # entry files looked at
    links: int  # distinct links checked online (0 with --offline)
    findings: list[Finding] = field(default_factory=list)
    hint: str = ""  # with no entries: the period meant, where its year is the Buddhist Era's

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def as_text(self) -> str:
        """The findings grouped by file: the path, then indented `error:`/`warning:` lines."""
        lines, current = [], ()
        for finding in self.findings:
            if finding.file != current:
                current = finding.file
                lines.append(finding.file or f"email edition {self.period.key}")
            where = f"line {finding.line}: " if finding.line else ""
            lines.append(f"  {finding.severity}: {where}{finding.message}")
        return "\n".join(lines)

    def summary(self) -> str:
        span = self.period
        said = (  # "0 errors in 0 entries" reads as a pass
            f"No entries for {span.key} ({span.start} to {span.end}): nothing to check."
            if not self.entries and not self.findings
            else f"{config.counted(self.errors, 'error')}, {config.counted(self.warnings, 'warning')} in "
            f"{config.counted(self.entries, 'entry', 'entries')}"
            f"{by_kind([finding.code for finding in self.findings])}."
        )
        return f"{said} {self.hint}" if self.hint else said

    def as_json(self) -> str:
        return json.dumps(
            {
                "period": self.period.key,
                "entries": self.entries,
                "links": self.links,
                "errors": self.errors,
                "warnings": self.warnings,
                "findings": [asdict(f) for f in self.findings],
            },
            indent=2,
            ensure_ascii=False,
        )


def check(
    root: Path,
    period: str | None = None,
    *,
    offline: bool = False,
    drafts: bool = False,
    today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> CheckReport:
    settings = config.load(root)
    today = today or settings.today()  # where the author reads: `new` dates an entry by it
    span = edition_period(period, settings, today, command="check")
    found: list[tuple[Path | None, Finding]] = []

    def add(path: Path | None, severity: str, code: str, message: str, line: int | None = None) -> None:
        found.append((path, Finding(config.shown(path, root) if path else None, severity, code, message, line)))

    # validate: every file the build would read, one by one, so one bad file hides nothing
    entries, editorial, looked_at = _validate(settings.entries_dir, span, drafts, add)

    # content: dates, notes, tracking parameters, links shared before
    for entry in entries:
        _content(entry, today, add)
        if unlike := notes_script.entry_unlike_notes(entry, settings.language):  # (message, line)
            add(entry.path, "warning", "language-unlike-notes", *unlike)
    twice = _repeats(settings.entries_dir, span, entries, add, looked_at)
    for concern in readiness.credentials(entries):  # a password the post would publish
        add(concern.path, "warning", "credentials", concern.message)
    _similar_tags(settings.entries_dir, entries, add)
    shown = Wording(settings.language, settings.wording)("image")  # the email's words for such a picture
    aloud = {  # what a screen reader says for a note's picture, and for its link in a list of links
        "image-alt": image_alt.file_name_alts(entries, shown),
        "link-text": vague_links.in_notes(entries, settings.language),
    }
    for code, entry, message in ((code, *found) for code, founds in aloud.items() for found in founds):
        add(entry.path, "warning", code, message)
    for path, code, message in set_up.findings(settings, entries):  # the blog's and the editor's, not the entries'
        add(path, "warning", code, message)
    if not editorial.title and (english := title_language.english_title(settings, span.kind)):
        add(root / config.SETTINGS_FILE, "warning", "title-language", english)  # "What I read in…" in French
    if english := title_language.english_category(settings):  # a French blog's posts under "what I read"
        add(root / config.SETTINGS_FILE, "warning", "category-language", english)
    if english := title_language.english_words(settings):  # "Hello!" over a French edition
        add(root / config.SETTINGS_FILE, "warning", "words-language", english)
    if english := title_language.english_phrases(settings):  # "View in your browser" over a Polish edition
        add(root / config.SETTINGS_FILE, "warning", "phrases-language", english)

    # links: alive? an https twin for http links? (the only network step)
    in_notes = {} if offline else check_links.in_notes(entries, settings.entries_dir, span)
    noted = [link.url for links in in_notes.values() for link in links]
    urls = [] if offline else list(dict.fromkeys([*(e.url for e in entries if e.url), *noted]))  # books may have none
    if urls:
        check_links.look(entries, urls, settings, add, progress, today, in_notes)

    # email: render the edition offline, as the build would, and measure it
    if entries:
        _email(entries, editorial, span, settings, add, twice)

    order = {path: number for number, path in enumerate(sorted({p for p, _ in found if p}))}
    found.sort(key=lambda item: (order.get(item[0], len(order)), item[1].severity != "error"))
    named = {
        p for p, f in found if p and p.name[0] != "_" and settings.entries_dir in p.parents and f.code != "sync-copy"
    }
    count = len(looked_at | named)  # (a sync client's copy, left out by the build, is no entry of the edition)
    hint = "" if count else common_era_hint(settings, span, "check", read.entries_held)  # (no entry is dated in 2569)
    return CheckReport(span, count, len(urls), [finding for _, finding in found], hint)


# Validation


def _validate(entries_dir: Path, span: Period, drafts: bool, add):
    """The period's valid entries, its editorial text, and the entry files looked at: the very
    files the build reads (read.scan_period), so check agrees with build, a neighbouring month's
    dated in the period among them (formats/month_folders.py)."""
    reading = read.scan_period(entries_dir, span, drafts=drafts)
    for problem in reading.problems:
        add(problem.path, "error", "invalid", problem.message, problem.line)
    for warning in reading.warnings:
        add(warning.path, "warning", warning.code, warning.message, warning.line)
    return reading.entries, reading.editorial, {each.path for each in [*reading.entries, *reading.problems]}


# Content


def _content(entry: Entry, today: dt.date, add) -> None:
    if entry.date > today:
        add(
            entry.path,
            "warning",
            "future-date",
            f"dated {entry.date}, in the future; the date is when you read it (a typo in the year?)",
        )
    if not entry.notes:  # the placeholder or the sample's notes: the edition's checks say so
        add(
            entry.path,
            "warning",
            "no-notes",
            "no notes; a line or two on why it is worth reading is what readers come for",
        )
    clean = entry.url and without_trackers(entry.url)
    if clean != entry.url:
        query = urlsplit(entry.url).query.split("&")
        names = [p.partition("=")[0] for p in query if p and p not in urlsplit(clean).query.split("&")]
        add(
            entry.path,
            "warning",
            "tracking",
            f"the link carries tracking parameters ({', '.join(names)}); use {without_credentials(clean)}",
        )


def _repeats(entries_dir: Path, span: Period, entries: list[Entry], add, looked_at: set[Path]) -> set[Path]:
    """Links already shared in an earlier edition, or twice in this one (by normalised URL); the
    entries found twice in this one, which _email, seeing more of them once enriched, says no more of."""
    earlier: dict[str, tuple[Path, dt.date]] = {}
    saved, bad = read.scan_archive(entries_dir)
    this_period = set(read.period_files(entries_dir, span)) | looked_at
    for finding in bad:  # the period's own bad files are errors already (see _validate)
        if finding.path not in this_period and finding.code == "invalid":
            add(
                finding.path,
                "warning",
                "invalid-elsewhere",
                f"{finding.message} (another edition's entry: it cannot be compared for repeats)",
                finding.line,
            )
    for item in saved:
        if item.date in span and not _read_by_a_build(entries_dir, item.path):  # (`Talks 2026/x.md`)
            folder = config.shown(item.path.parent, entries_dir.parent)
            add(
                item.path,
                "warning",
                "in-no-edition",
                f"in no edition: builds read entries/YYYY/MM/, not {folder}/; move it to entries/{item.date:%Y/%m}/",
            )
        if item.date < span.start and not item.draft and item.url:
            key = work_of(item.url)
            if key not in earlier or item.date < earlier[key][1]:
                earlier[key] = (item.path, item.date)
    for entry in sorted((e for e in entries if e.url), key=lambda e: (e.date, e.path.name)):
        key = work_of(entry.url)
        if key in earlier:
            path, day = earlier[key]
            add(
                entry.path,
                "warning",
                "repeat",
                f"link already shared in an earlier edition "
                f"({config.shown(path, entries_dir.parent)}, dated {day}); drop it or say why it is back",
            )
    twice = readiness.repeated_links(entries, entries_dir.parent)  # the same one twice in this edition
    for concern in twice:
        add(concern.path, "warning", "repeat", concern.message)
    return {concern.path for concern in twice}


def _read_by_a_build(entries_dir: Path, path: Path) -> bool:
    """Whether an entry's folder is one builds read: entries/ itself or a month's, entries/2026/11.
    New user 52 (Ben) kept his talks in `entries/Talks 2026/`, and no command said they were in no
    edition."""
    parts = path.relative_to(entries_dir).parts
    month = parts[:2] if len(parts) == 3 else ("", "")
    return len(parts) == 1 or [len(part) for part in month if part.isascii() and part.isdigit()] == [4, 2]


def _similar_tags(entries_dir: Path, entries: list[Entry], add) -> None:
    """Tags of this edition that look like another tag of the log ("ml" / "Machine Learning")."""
    from newsletter.smart.tags import log_tags, near_duplicates

    groups = {tag: group for group in near_duplicates(log_tags(entries_dir)) for tag in group.variants}
    for entry in entries:
        for tag in dict.fromkeys(entry.tags):
            group = groups.get(tag)
            if group and tag != group.canonical:
                add(entry.path, "warning", "similar-tags", group.message(tag))


def dead_everywhere(root: Path) -> list[tuple[str, Record]]:
    """`check --all`: every link `check` has seen dead, in every edition's month, from the
    archive files alone (no network): (month, record)."""
    settings = config.load(root)
    found = []
    for path in sorted(settings.entries_dir.glob(f"[0-9]*/[0-9]*/{FILENAME}")):
        month = f"{path.parent.parent.name}-{path.parent.name}"
        found += [
            (month, record)
            for record in ArchiveFile(path).records.values()
            if record.dead(settings.archive.dead_after_days)
        ]
    return found


def dead_report(root: Path, period: str | None) -> tuple[list[tuple[str, Record]], str]:
    """What `check --all` reports: every dead link (`dead_lines`, `dead_json`), and how many.
    Links seen gone (404, 410, unknown host, sent home) are recorded in the month's _archive.toml;
    gone twice, days apart, a link is dead, and a rebuild links its archived copy."""
    if period:
        raise NewsletterError("Give a PERIOD or --all, not both.")
    found = dead_everywhere(root)
    summary = f"{config.counted(len(found), 'dead link')} recorded."
    # Links seen gone only once (or within days) are not dead yet: without this, a first
    # `check` of every edition ended in "0 dead links recorded." as if none had rotted.
    waiting = _gone_not_dead(root)
    if waiting:
        after = config.load(root).archive.dead_after_days
        its, it, it_is = ("its", "it", "it still is") if len(waiting) == 1 else ("their", "them", "they still are")
        summary += (
            f" {config.counted(len(waiting), 'more link')} seen gone: `newsletter check` of {its} edition "
            f"{config.counted(after, 'day', 'days')} or more after {min(waiting)} makes {it} dead if {it_is}."
        )
    return found, summary


def _gone_not_dead(root: Path) -> list[dt.date]:
    """When each link seen gone but not yet dead was first seen gone, from the archive files."""
    settings = config.load(root)
    return [
        record.gone_since
        for path in settings.entries_dir.glob(f"[0-9]*/[0-9]*/{FILENAME}")
        for record in ArchiveFile(path).records.values()
        if record.gone_since and not record.dead(settings.archive.dead_after_days)
    ]


def dead_json(found: list[tuple[str, Record]]) -> str:
    """`check --all --json`: the same dead links as data, one object each."""
    return json.dumps(
        [
            {
                "period": month,
                "url": record.url,
                "gone_reason": record.gone_reason,
                "gone_since": record.gone_since.isoformat() if record.gone_since else None,
                "gone_seen": record.gone_seen.isoformat() if record.gone_seen else None,
                "versionurl": record.versionurl or None,
                "versiondate": record.versiondate or None,
            }
            for month, record in found
        ],
        indent=2,
        ensure_ascii=False,
    )


def dead_lines(found: list[tuple[str, Record]]) -> list[str]:
    return [
        f"{month}  {record.url}  gone since {record.gone_since} {aside(record.gone_reason)}  "
        + (
            f"archived copy: {record.versionurl}"
            if record.versionurl
            else f"no archived copy yet: `newsletter archive {month}`"
        )
        for month, record in found
    ]


# The email


def _email(
    entries: list[Entry], editorial: read.Editorial, span: Period, settings: config.Settings, add, twice: set[Path]
) -> None:
    edition = collect.collect(entries, editorial, span, settings)
    enriched = (settings.state_dir / cache.FILENAME).is_file()  # the cached metadata; never create one
    if enriched:
        edition, _ = enrich.enrich(edition, settings, offline=True)
        # Only a link a build fetched (or failed to) can be said to have no title: one never asked
        # yet (an entry written since the last build) gets its title from the next build.
        with Links(settings.fetch, settings.state_dir, offline=True) as links:
            urls = [e.url for e in edition.entries if e.url]
            found = links.metadata(urls).found
            tried = {u for u in urls if u in found or (links.cache is not None and links.cache.failure(u))}
        known = [e for e in edition.entries if not e.url or e.url in tried]
        # one paper from two sites, by the DOI their pages name (known from the cache alone), as the build says
        for concern in readiness.repeated_links(edition.entries, settings.root):
            if concern.path not in twice:  # (said already: _repeats)
                add(concern.path, "warning", "repeat", concern.message)
        for concern in readiness.untitled(known):  # without a cache, titles are not known yet
            add(concern.path, "warning", "no-title", concern.message)
    own = readiness.OwnWords(read.editorial_file(settings.entries_dir, span), f"{edition.intro}\n\n{edition.outro}")
    for code, concerns in (
        ("vanishing-words", readiness.vanishing_words(edition.entries)),  # <friends>: gone from the post and the email
        ("relative-link", readiness.relative_links(edition.entries, settings, own)),  # /posts/x/: gone from the email
        ("unshown-picture", readiness.unshown_pictures(edition.entries)),  # image: pic.png: in no inbox
        ("picture-not-beside", readiness.pictures_not_beside(edition.entries, own, settings.state_dir)),  # gone.png
    ):
        for concern in concerns:
            add(concern.path, "warning", code, concern.message)
    try:
        outputs = render.render(edition, settings)
    except NewsletterError as error:
        add(None, "error", "render", error.message)
        return
    for warning in outputs.warnings:  # render's only warnings are the email's size (its own call)
        add(None, "warning", "email-size", warning)
    # what `send` would refuse: errors, so check and send agree
    for concern in readiness.concerns(settings, settings.send.via, outputs.eml, outputs.html, edition.entries):
        add(concern.path, "error", "not-sendable", concern.message)
    # and what the author's own email template breaks of "email-safe" (contrast, link style, alt…),
    # which `send --yes` refuses too: Léa (new user 49) recoloured hers and `check` said nothing
    if own := own_template.failures(outputs.html, settings.root / "templates"):
        for failed in own[1]:
            add(own[0], "error", "template-email-safe", failed.message + own_template.CHECK_NOTE)
