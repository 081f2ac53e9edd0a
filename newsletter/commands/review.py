"""`newsletter review YEAR`: the year in review, as a Hugo post and an email edition.

Every entry of the year, read and enriched like an edition's (from the cache with
--offline), counted (newsletter.review.stats), drawn (newsletter.review.charts: SVG in the
post's bundle, PNG for the email beside the review's web page) and rendered through the
`review.*.j2` templates, which a workspace overrides by name like the others. The author's
own words go in `entries/YYYY/_review.md`: subject, intro (the body), outro, and the
`favourites` picked for the year. The email lands in dist/YYYY/, so `newsletter send YYYY`
sends it like any edition.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from newsletter import collect, config, enrich, publish, read, render
from newsletter.build import announce_writes
from newsletter.delivery import as_sent
from newsletter.delivery.copy_as_sent import CopyAsSent
from newsletter.errors import EntryErrors, NewsletterError
from newsletter.formats import site, title_language
from newsletter.formats.era_periods import common_era_hint, common_era_period
from newsletter.formats.wording import Wording
from newsletter.models import Period
from newsletter.review.charts import NAMES, ChartsUnavailable, charts
from newsletter.review.stats import text_table, unmatched_favourites, year_stats


@dataclass
class Reviewed:
    period: str
    entries: int
    paths: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None  # why it was not written (`build --all`, which goes on)
    sections: int = 0
    alike: dict[str, tuple[str, str]] = field(default_factory=dict)  # as BuildResult.alike: said once by --all


def review(root: Path, year: str, *, offline: bool = False, progress=None) -> Reviewed:
    settings = config.load(root)
    period = Period.parse(year, settings.week_start)
    if period.kind != "year":
        raise NewsletterError(f"'{year}' is not a year; give one like 2021 (`newsletter build` makes an edition).")
    reading = read.scan_period(settings.entries_dir, period)
    if reading.problems:
        raise EntryErrors(reading.problems)
    # drafts (all that `import` writes) are left out, as a build leaves them, and said so
    held = len(read.scan_period(settings.entries_dir, period, drafts=True).entries) - len(reading.entries)
    if not reading.entries:
        where = f"Entries go in {config.shown(settings.entries_dir, root)}/{period.key}/MM/."
        said = (
            f"It has {config.counted(held, 'draft')}: remove `draft: true` from the entries that are ready."
            if held
            else common_era_hint(settings, period, "review", read.entries_held)
            # (not 2520's folders: an entry dated 2520-05-01 is refused as the Buddhist Era's)
            or ("" if common_era_period(period) else where)
        )
        raise NewsletterError(f"No entries dated {period.key}; nothing was written. {said}".rstrip())
    edition = collect.collect(reading.entries, reading.editorial, period, settings)
    edition, report = enrich.enrich(edition, settings, offline=offline, progress=progress)
    edition = enrich.with_archive(edition, settings)  # a dead link's archived copy, as the editions link it
    words = Wording(settings.language, settings.wording)  # the review's words: its counts, months, charts
    began = _first_month(settings, period)
    stats = year_stats(period.start.year, edition.entries, reading.editorial.favourites, words=words, first_month=began)
    warnings = [str(w) for w in reading.warnings] + report.warnings
    if held:  # a year of imports, a month written up: the review counted the month alone, unsaid
        warnings.append(
            f"the review leaves out {config.counted(held, 'draft')} dated {period.key}; remove `draft: true` "
            "from those you want counted (all that `import` writes are drafts), and review again"
        )
    today = settings.today()
    if today <= period.end:  # many review in December: fine, but the rest of the year is not in it
        warnings.append(
            f"{period.key} is not over: the review counts what is dated up to today, {today}; "
            f"run `newsletter review {period.key}` again once it is, to count the whole year."
        )
    warnings += [
        f"{config.shown(settings.entries_dir, root)}/{period.key}/_review.md: favourite '{name}' is no entry of "
        f"{period.key}{hint}, so the review leaves it out; give an entry's file name or its link"
        for name, hint in unmatched_favourites(reading.editorial.favourites, edition.entries)
    ]
    try:
        drawn = charts(stats)
    except ChartsUnavailable:
        drawn = []
        warnings.append(
            "no charts: install the review extra (pip install 'newsletter[review]'); "
            "the review shows its numbers as tables"
        )
    missing = "".join(sorted({c for chart in drawn for c in chart.missing}))
    if missing:
        warnings.append(
            f"the charts' font has no glyph for {' '.join(missing[:20])}{' …' if len(missing) > 20 else ''}: "
            "the email's PNG charts show a box for each (the post's SVG charts use the reader's fonts)"
        )
    # The email's PNGs go beside the review's web page, at an address the tool makes: the post's
    # own address is Hugo's to choose ([permalinks] "/:year/:slug/" moved it, and the email's
    # charts were broken images). The post's SVGs stay in its bundle, linked relatively.
    page = site.web_edition_url(settings, period.key)
    table = functools.partial(text_table, language=settings.language)
    extra = {"stats": stats, "charts": drawn, "table": table, "chart_url": lambda name: f"{page}{name}"}
    outputs = render.render(edition, settings, templates=render.REVIEW_TEMPLATES, extra=extra)
    site.require_site(settings)
    if not (settings.dist_dir / period.key / publish.POST_RECORD).is_file():  # its title not yet an address
        warnings += _english_title(edition, period, settings)
    if english := title_language.english_phrases(settings, review=True):  # "The year in numbers" in Polish
        warnings.append(f"{config.SETTINGS_FILE}: {english}")
    # (its post shows no notes, so none of their pictures)
    copy = CopyAsSent(settings.dist_dir / period.key)
    ledger, emailed, sent_html = as_sent.of_edition(settings.state_dir, copy)
    if too_large := copy.warning(config.shown(copy.path, settings.root)):
        warnings.append(too_large)
    records = publish.built_records(settings)
    announce_writes(settings)  # (a review killed mid-write leaves its temporaries to the next build's sweep)
    paths, moved = publish.write_outputs(
        outputs, edition, settings, records, pictures=False, emailed=emailed, sent_html=sent_html
    )
    paths += publish.write_bundle_files(settings, outputs.post_slug, {f"{c.name}.svg": c.svg for c in drawn})
    pngs = {f"{c.name}.png": c.png for c in drawn}
    beside = publish.web_edition_path(settings, period.key).parent
    if emailed:  # the list's email shows each chart from beside its web page: one there stays as it went out
        pngs = {name: png for name, png in pngs.items() if not (beside / name).is_file()}
    paths += publish.write_web_files(settings, period.key, pngs)
    # A chart an earlier review drew and this one does not (a year of books has no sites now, the
    # review extra uninstalled) went on being published beside the post, linked from nowhere
    bundle = publish.post_path(settings, outputs.post_slug).parent
    for name in set(NAMES) - {c.name for c in drawn}:
        (bundle / f"{name}.svg").unlink(missing_ok=True)
        if not emailed:
            (beside / f"{name}.png").unlink(missing_ok=True)
    publish.write_build_record(settings, edition, outputs, emailed=emailed, went=as_sent.went_out(ledger))
    publish.write_log(settings)
    warnings += moved + outputs.warnings
    alike = {}
    if ledger and (sent_on := ledger.sent_on(settings.timezone)):
        alike["sent"] = (said := f"{period.key} was already sent {sent_on}; {SENT_AS_IS}", sent_on)
        warnings.append(said)
    return Reviewed(period.key, len(edition.entries), paths, warnings, sections=edition.section_count, alike=alike)


# A review's build said nothing of its send, where an edition's says it (build.py), and `build
# --all`'s line naming the editions already sent left the year out
SENT_AS_IS = "its web page and the charts its email shows stay as sent, and `send` will not send it again."


def _first_month(settings, period: Period) -> int:
    """The month the log began, in the year it began (else January): its review counts the
    months from there. Drafts are left out, as the review leaves them."""
    dates = [saved.date for saved in read.scan_archive(settings.entries_dir)[0] if not saved.draft]
    began = min(dates, default=period.start)
    return began.month if began.year == period.start.year else 1


def _english_title(edition, period: Period, settings) -> list[str]:
    """What the first review of a newsletter in another language says when its title is still
    English, as an edition's first build does: a Japanese log's review was posted as "My year
    in reading, 2026" at /posts/my-year-in-reading-2026/, and nothing said so."""
    if edition.title != collect.default_title(period, settings):  # _review.md's own title
        return []
    english = title_language.english_title(settings, "year")
    return [f"{config.SETTINGS_FILE}: {english}"] if english else []


def reviews_built(root: Path) -> list[str]:
    """The years whose review has been written (its build record in dist/YYYY/), oldest first."""
    dist = config.load(root).dist_dir
    return sorted(
        folder.name
        for folder in (dist.iterdir() if dist.is_dir() else [])
        if len(folder.name) == 4 and folder.name.isdigit() and (folder / "build.json").is_file()
    )


def review_again(root: Path, year: str, *, offline: bool) -> Reviewed:
    """A year's review written again, as `build --all` does after a settings or template change
    (a review left as it was went out with the old ones, and `send YEAR` refused it as stale)."""
    try:
        return review(root, year, offline=offline)
    except NewsletterError as error:
        return Reviewed(year, 0, error=error.format_message())
