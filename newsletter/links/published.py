"""The page's publication date: the head's tags first, checked against what the page shows
(its URL's day, the date under its headline, a republished page's), then the body's dates.

A published date is the first publication's; a modification date, then a bare `<time>`, only
as last resorts. The body's readers are in `dates.py`; this module decides between them.
"""

from __future__ import annotations

import datetime as dt
import re

from newsletter.formats.json_object import json_object
from newsletter.links.byline import near_headline
from newsletter.links.date_values import parse_date
from newsletter.links.dates import (
    DATE_NODES,
    MODIFIED,
    PUBLISHED_LABEL,
    body_date,
    body_lines,
    date_in_text,
    days_apart,
    headline_date,
    java_date,
    labelled_date,
    labels_an_update,
    shown_or_marked,
    shows_day,
    state_date,
    under_headline,
    url_date,
)
from newsletter.links.headline import story_heading, ticker_line, titled_heading
from newsletter.links.labelled_values import value_date
from newsletter.links.lone_date import lone_date
from newsletter.links.page import Page
from newsletter.links.site_parts import shared_lines
from newsletter.links.updated import updated_date
from newsletter.links.values import clean_text, first_good

_PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "video:release_date",
    "book:release_date",
    "music:release_date",
    "citation_publication_date",
    "citation_date",
    "citation_online_date",
    "citation_cover_date",
    "prism.publicationdate",
    "dc.date.issued",
    "dc.date",
    "dcterms.issued",
    "dcterms.created",
    "dcterms.date",
    "dc.date.created",
    "date",
    "pubdate",
    "publish-date",
    "publication_date",
    "parsely-pub-date",
    "originalpublicationdate",  # AP and the papers that run its stories
    "rnews:datepublished",  # the BBC's rNews
    "sailthru.date",
    "article.published",
    "datepublished",
)
# Tags a CMS fills on every page, story or not, often with its last change (TYPO3's, Drupal's
# and the Dublin Core plugins' "date", "dc.date"): unlike an article's published_time, they
# say no more than the page's record
_GENERIC_META = frozenset(
    ("date", "dc.date", "dcterms.date", "pubdate", "dc.date.issued", "dc.date.created", "dcterms.created")
    + ("dcterms.issued",)
)
MODIFIED_META = ("article:modified_time", "og:updated_time", "dcterms.modified", "last-modified")


def _outvoted(dates: list[str], page: Page) -> str:
    """The first head source's date, unless the page shows another under its headline and
    another head source agrees with what it shows: the first was a template's, a
    syndication's or a stale copy's. (Sources alone do not outvote it: a CMS's creation
    date often fills two tags at once.)"""
    first = dates[0]
    if all(days_apart(first, d) <= 1 for d in dates[1:]):
        return first
    shown = _near_headline_date(page)
    if shown and days_apart(shown, first) > 1 and not _shows_an_update(page, shown):
        return next((d for d in dates[1:] if days_apart(d, shown) <= 1), first)
    return first


def _shows_an_update(page: Page, shown: str) -> bool:
    """Whether `shown`, the date at the headline, is the day of the head's own modification date
    and a line under the headline calls it an update ("Updated Jul 24, 2018, 2:15pm EDT", or
    "Updated:" on the line before): a head tag agreeing with it (Sailthru's "sailthru.date",
    which Vox's Chorus and WordPress VIP fill with the last edit) dates the edit, and the first
    publication stands. (Not an editor's credit, "Edited by Dawn Bradbury | Dec. 12, 2023".)"""
    modified = first_good([page.jsonld.modified(), page.micro.modified(), *page.first(*MODIFIED_META)], _stamp)
    if not modified or days_apart(modified, shown) > 1:
        return False
    lines, day_first = _lines_under_headline(page), _day_first(page)
    for n, line in enumerate(lines):
        day = date_in_text(line, day_first)
        if day and days_apart(day, shown) <= 1:
            label = lines[n - 1] if n else ""
            return bool(_UPDATE.search(line) or len(label.split()) <= 3 and _UPDATE.search(label))
    return False


# an update's label ("Updated", "Aktualisiert am", "Mis à jour le"); not a credit ("Edited by", "Updated by")
_UPDATE = re.compile(
    r"\b(?:updated|modified|aktualisiert|geändert|mis à jour|modifié|actualizado|aggiornato|bijgewerkt|last edited)"
    r"\b(?!\s+(?:by|von|par|por|da|door)\b)",
    re.I,
)


def _republished(first: str, page: Page) -> str:
    """The head's publication date `first`, unless the page was updated since (its head's
    modification date is days later), never shows that date, and shows under its headline,
    unlabelled, the day its head's modification date says: the date a reader has for the
    piece, republished as new (a magazine's guide brought up to date, a story rewritten as
    news moved). A date said to be an update's ("Updated May 06, 2019") is left to the head:
    pages showing only it are labelled either way."""
    stamps = [page.jsonld.modified(), page.micro.modified(), *page.first(*MODIFIED_META)]
    if not any(stamps) or isinstance(stamps[0], str) and stamps[0][:10] == first[:10]:
        return first  # (no edit, or one the same day: most pages, told without parsing a date)
    modified = first_good(stamps, _stamp)
    if not modified or days_apart(modified, first) <= (1 if len(first) > 10 else 0) or modified[:10] < first[:10]:
        return first
    headline = _headline(page)
    if _live(page, headline):
        return first  # a live page's edits are its entries, each new day's: it began on `first`
    # (the element alone: the lines under the headline are read only where it agrees)
    shown = _near_headline_date(page, headline, read_lines=False) if headline is not None else None
    if not shown or days_apart(shown, modified) > 1 or labels_an_update(near_headline(headline), headline.text()):
        return first
    if shows_day(page.tree, first[:10], _day_first(page)):
        return first  # "Published: 26 September 2020 | 28 September 2020": the first is shown too
    if not _shown_in_story(page, shown[:10]):
        return first  # a masthead's "Wednesday, December 2, 2026", on a page its CMS touched today
    return modified if days_apart(shown, modified) == 0 else shown


def _live(page: Page, headline) -> bool:
    """Whether the page is a live blog or ticker: typed one (schema.org's LiveBlogPosting), or its
    headline gives its latest news strung with "+++"."""
    return "LiveBlogPosting" in page.jsonld.types or headline is not None and ticker_line(headline.text())


def _shows_head_day(page: Page, first: str, in_url: str) -> bool:
    """Whether the page shows the head's day `first` at its headline, where the URL says another:
    a magazine files a story under its print issue's day ("/magazine/2016/12/05/", the New
    Yorker's), a week after the day it went online and shows."""
    shown = _shown_at_headline(page)
    return bool(shown) and days_apart(shown, first) <= 1 and days_apart(shown, in_url) > 2


def _generic_only(found: list) -> bool:
    """Whether the head's only publication dates, `found` in pick_published's sources (its
    JSON-LD's, then each of _PUBLISHED_META's tags, its microdata's and Parse.ly's), are in tags
    a CMS fills on every page."""
    tags = zip(_PUBLISHED_META, found[1:-2], strict=True)
    return not any((found[0], found[-2], found[-1])) and all(key in _GENERIC_META for key, date in tags if date)


def _shown_at_headline(page: Page) -> str | None:
    """The date shown at the headline: a date element near it, a line around it, or one
    of the few lines under it, read in the whole body."""
    headline = _headline(page)
    if headline is None:
        return None
    day_first = _day_first(page)
    return (
        _near_headline_date(page, headline)
        or headline_date(near_headline(headline), headline.text(), day_first)
        or under_headline(page.tree.body, headline.text(), day_first)
    )


def _lines_under_headline(page: Page) -> list[str]:
    """The few lines of the body right under the headline (a kicker, a byline, the dates)."""
    headline = _headline(page)
    if headline is None or page.tree is None:
        return []
    lines, title = body_lines(page.tree), " ".join(headline.text().split())
    at = next((i for i, line in enumerate(lines) if line == title), None)
    return [line for line in lines[at + 1 : at + 1 + _UNDER_HEADLINE] if len(line) <= 100] if at is not None else []


def _shown_under_headline(page: Page, day: str) -> bool:
    """Whether one of the few lines right under the headline shows `day` (an ISO date's first ten
    characters), not as an update's: lower down, a day is a list's or a footer's."""
    day_first = _day_first(page)
    return any(
        not MODIFIED.search(line) and date_in_text(line, day_first) == day for line in _lines_under_headline(page)
    )


def _labelled_otherwise(page: Page, day: str) -> bool:
    """Whether the lines under the headline show `day` only under another label than a
    publication's: an event's "When: Saturday 20 July 2024", a job's "Bewerbungsschluss: 31.05.2024"."""
    day_first = _day_first(page)
    shown = [line for line in _lines_under_headline(page) if date_in_text(line, day_first) == day]
    labels = [line.split(":", 1)[0].strip() if ":" in line else "" for line in shown]
    # (a label has no digit: "29.04.2020, 12:01 Uhr" is a time's colon, no label)
    return bool(labels) and all(
        label and len(label) <= 40 and not any(c.isdigit() for c in label) and not PUBLISHED_LABEL.fullmatch(label)
        for label in labels
    )


def _shown_in_story(page: Page, day: str) -> bool:
    """Whether the page shows `day` outside its site's header, footer, menus and sidebars: a
    town hall's top bar says today's date, a list beside the story other news's days."""
    shared, day_first = shared_lines(page.tree), _day_first(page)
    return any(
        len(line) <= 100 and line not in shared and date_in_text(line, day_first) == day
        for line in body_lines(page.tree)
    )


_UNDER_HEADLINE = 12  # (a kicker, a byline and its co-authors, share buttons' labels, the dates)


def _day_first(page: Page) -> bool:
    """Whether the page writes "04/03/2021" for the 4th of March: pages in any language but
    American (and Canadian, Filipino) English, or English with no country, which stays unread."""
    lang = (page.lang or "").strip().lower().replace("_", "-")
    return bool(lang) and lang != "en" and not lang.startswith(("en-us", "en-ca", "en-ph"))


def _headline(page: Page):
    """The story's headline element: its <h1>, the one agreeing with the page's title where
    a logo's or a menu's comes first; when no <h1> agrees, an <h2> that does (old and small
    sites' templates title the story with one); else the first <h1>."""
    marks = page.marks
    title = page.title or next(iter(page.first("og:title")), None)
    found = story_heading(marks, title)
    if found is None and page.tree is not None:
        # (lesser headings against the share card's title, which has no site name after it: an
        # <h2> of the site's name, "rbb24 ...", agrees with "Story | rbb24" by that alone)
        card = next(iter(page.first("og:title")), None) or title
        found = story_heading(page.tree.css("h2"), card) or titled_heading(page.tree.css("h3"), title)
    return found if found is not None else (marks[0] if marks else None)


def _near_headline_date(page: Page, headline=None, read_lines: bool = True) -> str | None:
    """A date element in the headline's neighbourhood: the first after the headline, else
    the nearest before it. Sidebars, lists of latest stories and footers share the
    neighbourhood, and may come first in the markup. (`read_lines`: and the lines under the
    headline read for a date that overrules it.)"""
    headline = headline if headline is not None else _headline(page)
    if headline is None:
        return None
    mark, scope = headline.mem_id, near_headline(headline)
    nodes = scope.css(headline.tag + ", " + DATE_NODES)
    at = next((n for n, node in enumerate(nodes) if node.mem_id == mark), 0)
    day_first = _day_first(page)
    marked = body_date(nodes[at + 1 :], day_first) or body_date(reversed(nodes[:at]), day_first)
    # what the reader sees right under the headline wins over an element days away from it: a
    # list of the writer's other posts, or a <time> whose datetime is the last edit
    shown = under_headline(scope, headline.text(), day_first) if marked and read_lines else None
    return shown if shown and days_apart(shown, marked) > 1 else marked


def _head_date(value) -> str | None:
    """A head tag's date; in words, in any language the body's dates are read in
    ("4. März 2021", "3 févr. 2021"), when it is not in a format `parse_date` knows; or
    seconds (or milliseconds) since 1970, as some CMSs write JSON-LD's datePublished."""
    if date := parse_date(value):
        return date  # (at the clock's zero, _plausible's to tell: a 1970 paper's year is "1970-01-01")
    # (ASCII digits: isdigit() is true of '²', which int() refuses, and the page went unread)
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) in (10, 13):
        stamp = dt.datetime.fromtimestamp(int(value[:10]), dt.UTC)
        return stamp.isoformat() if 1990 <= stamp.year <= dt.date.today().year else None
    text = clean_text(value)
    if text and (cited := _medline_date(text)):
        return cited
    # (an ISO stamp with junk after it, "2023-10-16T21:56:19Z EST", is left to the next
    # source, which may give the time too, and with it the day in the reader's zone)
    return (date_in_text(text) or java_date(text)) if text and len(text) <= 40 and not text[:4].isdigit() else None


# PubMed and PMC write a paper's citation_publication_date as MEDLINE cites it: "2025 Mar 15",
# "2025 Mar", an issue's "2024 Jan-Feb" or "2023 Spring". Mariana's PMC article had no year: no
# parser here read the year before an English month's abbreviation.
_MEDLINE = re.compile(r"((?:19|20)\d\d) ([A-Z][a-z]{2})(?:-[A-Z][a-z]{2})?(?: (\d{1,2}))?")
_MEDLINE_SEASON = re.compile(r"((?:19|20)\d\d) (?:Spring|Summer|Fall|Autumn|Winter)")
_MEDLINE_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def _medline_date(text: str) -> str | None:
    """ "2025-03-15" for "2025 Mar 15", "2025-03" for "2025 Mar" or "2025 Mar-Apr", "2023" for a
    season's issue ("2023 Spring"), None for any other text."""
    if season := _MEDLINE_SEASON.fullmatch(text):
        return season[1]
    if not (cited := _MEDLINE.fullmatch(text)) or cited[2] not in _MEDLINE_MONTHS:
        return None
    month = f"{cited[1]}-{_MEDLINE_MONTHS.index(cited[2]) + 1:02d}"
    if not cited[3]:
        return month
    try:
        return dt.date(int(cited[1]), _MEDLINE_MONTHS.index(cited[2]) + 1, int(cited[3])).isoformat()
    except ValueError:  # "2025 Feb 30": the month is still right
        return month


def _stamp(value) -> str | None:
    """A machine-written date (ISO 8601, RFC 2822), unless it is the time zero of Unix."""
    date = parse_date(value)
    return None if date and _time_zero(date) else date


def _time_zero(date: str) -> bool:
    """Whether `date` is at the Unix clock's zero, a CMS's or a script's empty date: its exact zero
    ("1970-01-01T00:00:00Z", Drupal's unset "1969-12-31T19:00:00-05:00" in New York) or a moment
    after it (Zhihu's createdTime of 1, "1970-01-01T08:00:01+08:00"): never a page's publication."""
    return date[:10] in ("1969-12-31", "1970-01-01", "1970-01-02")


# The web's first pages are of 1991: a web page dated years before, in 1900 (a spreadsheet's day
# zero) or in year 1 (.NET's empty DateTime), was dated by a CMS's default, wrong where nothing
# would be merely empty. A paper's, a book's, a film's or a broadcast's day is the work's, not its
# page's, and may be any year (a 1953 paper, a 1967 album).
_WEB_BEGAN = 1980
_OLDER_THAN_THEIR_PAGES = frozenset(("paper", "book", "video", "podcast"))
# A default is a year's first or last day (1900-01-01, 0001-01-01, 1753-01-01, 1899-12-31) or a
# year alone. Any other day is a story's in a newspaper's archive, dated as it was printed (Der
# Spiegel's issues since 1947, the Times' since 1851, each a page with its own published_time).
_DEFAULT_DAYS = ("01-01", "12-31")


def _plausible(date: str | None, kind: str | None) -> str | None:
    """`date`, unless no page of `kind` can have been published then."""
    if not date or len(date) >= 10 and _time_zero(date) and not _work_of_1970(date, kind):
        return None
    early = date[:4].isdigit() and int(date[:4]) < _WEB_BEGAN
    default = len(date) < 10 or date[5:10] in _DEFAULT_DAYS
    return None if early and default and kind not in _OLDER_THAN_THEIR_PAGES else date


def _work_of_1970(date: str, kind: str | None) -> bool:
    """Whether `date` is a 1970 work's year, a day of no time ("1970/01/01": Highwire's and Google
    Scholar's citation_publication_date, a library's release date, as a year alone is written)."""
    return kind in _OLDER_THAN_THEIR_PAGES and date == "1970-01-01"


def _parsely_page(page: Page) -> list[str]:
    """Parse.ly's older tag, a JSON object in one <meta name="parsely-page">: its pub_date."""
    out = []
    for value in page.first("parsely-page"):
        data = json_object(value)  # (None for "[[[[…" thousands deep, which took the whole page with it)
        if data is not None and isinstance(data.get("pub_date"), str):
            out.append(data["pub_date"])
    return out


def pick_published(page: Page, kind: str | None = None) -> str | None:
    """First publication; a modification date, then a bare <time>, only as last resorts. None
    for a day no page of `kind` (extract's: "paper", "book", "article"…) was published on."""
    return _plausible(_published(page, kind), kind)


def _published(page: Page, kind: str | None) -> str | None:
    micro = page.micro
    sources = [
        page.jsonld.published(),
        *(page.meta.get(k, ()) for k in _PUBLISHED_META),
        micro.published(),
        _parsely_page(page),
    ]
    # (a source's implausible day, a CMS's default, is passed over for the next's)
    found = [first_good(source, lambda value: _plausible(_head_date(value), kind)) for source in sources]
    dates = [d for d in found if d]
    if not dates and kind == "talk" and (given := _plausible(_head_date(page.jsonld.start_date()), kind)):
        dates = [given]  # a talk's page that says no day it was published: its Event's startDate, the day it was given
    if dates and (len(dates[0]) < 10 or len(dates[0]) == 10 and dates[0].endswith("-01-01")):
        # "2020-01-01" beside "2020-03-11" is a year padded to Jan 1 (bioRxiv's
        # citation_publication_date does this), "2017-01" a journal issue's month beside the
        # day the article went online (Springer): the specific date is the real one.
        within = dates[0][:7] if len(dates[0]) == 7 else dates[0][:4]
        specific = (d for d in dates if len(d) >= 10 and d.startswith(within) and d[4:10] != "-01-01")
        dates.insert(0, next(specific, dates[0]))
    in_url = url_date(page.url)
    if dates:
        # "/2023/12/20/slug" is the day the CMS filed the story: a head date days away from
        # it is a template's, a syndication's or a re-publication's, and the URL wins.
        first = _republished(_outvoted(dates, page), page)
        if _generic_only(found) and (shown := _shown_at_headline(page)):
            # what the page shows at its headline says more than a tag every page has (a day
            # apart only by time zones when the tag has an hour; "2020-04-30" alone has none),
            # unless it shows the tag's day too, as its publication's: then the first day at the
            # headline is another's, an event's ("Termin: 20.07.2024" over "Veröffentlicht: 02.05.2024")
            if days_apart(shown, first) > (1 if len(first) > 10 else 0):
                first = (
                    shown
                    if _shown_in_story(page, shown[:10])
                    and not _shown_under_headline(page, first[:10])
                    and not _labelled_otherwise(page, shown[:10])
                    else first
                )
        if in_url and days_apart(first, in_url) > 2 and not _shows_head_day(page, first, in_url):
            return in_url
        return first
    headline = _headline(page)
    near = _near_headline_date(page, headline)
    if in_url:
        # the time printed under the headline says more than the URL's day, and may be
        # the evening before it in the writer's time zone
        return near if near and len(near) > 10 and days_apart(near, in_url) <= 1 else in_url
    in_body = (
        near
        or (headline_date(near_headline(headline), headline.text(), _day_first(page)) if headline is not None else None)
        or (
            shown_or_marked(
                under_headline(page.tree.body, headline.text() if headline is not None else "", _day_first(page)),
                body_date(page.tree.css(DATE_NODES), _day_first(page)),
            )
            if page.tree is not None
            else None
        )
        or state_date(page.source)
        or labelled_date(page.tree, _day_first(page))
        or value_date(page.tree, _day_first(page))
    )
    fallbacks = [in_body, page.jsonld.modified(), micro.modified(), *page.first(*MODIFIED_META)]
    # (then the day the page shows as its last update, when it shows none as its publication's,
    # before a bare <time> found anywhere, which may be a comment's or a list's: on the same day,
    # the <time> gives the hour too)
    return (
        first_good(fallbacks, _stamp)
        or shown_or_marked(updated_date(page.tree, _day_first(page)), first_good(page.times, _stamp))
        # (last, the day in the share image's address, which Drupal and news CMSs file by day:
        # "/files/2016/05/04/ar-2015-og.png"; a year and month alone say nothing)
        or first_good(page.first("og:image", "twitter:image", "twitter:image:src"), _image_day)
        # (and on a page with no story headline, a day shown alone on a line: a press release's foot)
        or lone_date(page.tree, page.title or next(iter(page.first("og:title")), None), _day_first(page))
    )


# an image the site shows on every page, whose day is its upload's, not a story's: its logo, a
# default share card, a writer's portrait ("/2019/03/04/logo-default.png", "/avatars/2020/01/15/jane.jpg")
_SITE_IMAGE = frozenset("logo avatar default placeholder fallback favicon icon headshot profile author".split())
_SITE_FOLDER = re.compile(r"/(?:avatars?|logos?|authors?|profiles?)/")


def _image_day(image: str) -> str | None:
    """The day a story's share image was filed under, unless its name says it is the site's."""
    path = image.split("?", 1)[0].lower()
    words = set(re.findall(r"[a-z]+", path.rsplit("/", 1)[-1]))
    return None if words & _SITE_IMAGE or _SITE_FOLDER.search(path) else url_date(image)
