"""Publication dates from the page body and the URL, when the head has none or a bad one.

- the URL path: `/2019/10/21/slug`, `/2023/dec/21/slug`, `/news/2023-12-19/slug`;
- `<time datetime>` and elements with a date-ish class or id (WordPress `.posted-on`,
  `.entry-date`, Blogger's `h2.date-header`, Ghost's `.gh-article-meta-date`, news
  `.timestamp`, `#date_posted`, a post's "...meta" line: `.postmetadata`, `.article-meta`;
  never a comment's), read as text in English, German, French, Spanish, Italian
  and Dutch (and the month names of Polish, Russian, Arabic, Hebrew, Thai, Turkish and Hindi, and the
  Solar Hijri calendar's, Persian's): "Posted on October 21,
  2019", "am 6. August 2009", "21. Oktober 2019", "3 בדצמבר 2026",
  "le 3 mars 2021", "Dec. 22, 2023".

A published date comes from an element that says it is a modification ("Updated",
"Aktualisiert", "Mis à jour") only when the page shows no other date: then it is the best
there is (`updated.updated_date`). `published.pick_published` reads the headline's neighbourhood
first, and lets what it shows overrule a head date that disagrees with it and with another
head source.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata

from newsletter.formats import solar_hijri
from newsletter.links.caseless import Caseless, Words
from newsletter.links.date_values import common_era, parse_date
from newsletter.links.month_words import MONTHS, month_named, month_ok
from newsletter.links.story_boxes import teaser_lines

DATE_NODES = (
    'time, [class*="date" i], [class*="publish" i], [class*="posted" i], [class*="timestamp" i],'
    ' [class*="dateline" i], [class*="entry-meta" i], [class*="post-meta" i], [class*="byline" i],'
    ' [class*="meta" i], [id*="date" i], [itemprop="datePublished"]'
)

# A month's name: letters, and Thai's vowel and tone marks, which are no letters to `\w` ("ธันวาคม"),
# nor are the vowel signs of India's scripts, Devanagari to Malayalam (Unicode's marks there): Hindi's
# "दिसंबर" is three letters and three signs, and its May, "मई", two letters; as long as the longest:
# Polish "października". (One class of the marks: an alternative that excluded the blocks' digits
# by a lookahead took date_in_text from 22 to 45 µs a text.)
_INDIC_MARKS = "".join(c for c in map(chr, range(0x900, 0xD80)) if unicodedata.category(c) in ("Mn", "Mc"))
_MONTH = rf"((?:[^\W\d_]|[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e{_INDIC_MARKS}]){{2,{max(map(len, MONTHS))}}})\.?"
# "October 21, 2019" / "Oct. 21st 2019"
_MDY = re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I)
# "21 October 2019", "21. Oktober 2019", "le 3 mars 2021", "6 de agosto de 2009", "1er mai 2020"
_DMY = re.compile(r"\b(\d{1,2})(?:\.|er|st|nd|rd|th|º)?\s+(?:de\s+)?" + _MONTH + r",?\s+(?:de\s+)?(\d{4})\b", re.I)
# Not "\b" after the day: "2016-04-08T20:30:39+00:00" printed as is has a "T" right after it
_ISO = re.compile(r"\b(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)")  # also 2021/03/04, 2021.03.04
# 2021年3月4日, Korean's 2021년 3월 4일, and Korea's numeric "2021. 3. 4." (each part with its dot)
_CJK = re.compile(
    r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]|\b(\d{4})\.\s(\d{1,2})\.\s(\d{1,2})\.(?!\d)"
)
_DOTTED = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")  # 21.10.2019, German and others
# 31.10.23: the same with the century left out (German and Swiss news sites, forums), always
# written with two digits each; not a version number: "Python 2.7.13", "v10.11.12", "1.2.10.23"
_DOTTED_SHORT = re.compile(r"(?<![\w.])(\d{2})\.(\d{2})\.(\d{2})(?!\.?\d)")
# Folha de S.Paulo's and UOL's "27.nov.2026 às 7h12", "4.mai.2023": the day, Portuguese month
# and year joined by dots; October's "out" only here, where no English "out" can stand
_DOTTED_WORD = re.compile(r"(?<![\w.])(\d{1,2})\.([^\W\d_]{3,9})\.(\d{4})\b")
_SLASHED = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")  # 5/24/2016 or 24/05/2016: read when unambiguous
# The day must end a path segment: "/2023/12/16-new-officers" is a slug that starts with 16.
_URL = re.compile(r"/((?:19|20)\d{2})([/-])(\d{1,2}|[a-z]{3,9})\2(\d{1,2})(?:/|$)", re.I)
# "/20220127/", and a press office's "/20220127-weremember-gedenkstunde.html"
_URL_COMPACT = re.compile(r"/((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_-]|$)")
# German and other European CMSs name a news item by its day: "/meldungen/29-10-2021",
# "/newsroom/23-01-2022-dorothea-wierer"
_URL_DMY = re.compile(r"/(\d{1,2})-(\d{1,2})-((?:19|20)\d{2})(?:[/_.-]|$)")
# Xinhua and other Chinese news sites: "/2020-02/19/c_1125597921.htm"
_URL_MONTH_DAY = re.compile(r"/((?:19|20)\d{2})-(\d{2})/(\d{2})/")
MODIFIED = Caseless(
    r"updated|modified|aktualisiert|geändert|letzte änderung|mis à jour|modifié|actualizado|"
    r"aggiornato|bijgewerkt|last edited|edited|\bstand:"  # (German "Stand:": as of, a revision)
)


def _make(year, month, day) -> str | None:
    try:
        year, day = common_era(int(year)), int(day)  # a Thai page's 2569 is 2026
        month = int(month) if str(month).isdigit() else MONTHS.get(str(month).casefold())
        if not month or not 1990 <= year <= dt.date.today().year + 1:
            return None
        return dt.date(year, month, day).isoformat()
    except (ValueError, TypeError):
        return None


# Java's and JavaScript's default date string: "Mon Aug 03 12:45:00 EDT 2015"
_CTIME = re.compile(r"([A-Z][a-z]{2}) (\d{1,2}) \d{2}:\d{2}(?::\d{2})? (?:[A-Z]{1,5}[+-]?\d{0,4} )?(\d{4})")


def java_date(text: str) -> str | None:
    """The day of a head tag a Java CMS filled with Java's default date string (National
    Geographic's article:published_time "Mon Aug 03 12:45:00 EDT 2015"), as written: a zone's
    abbreviation is ambiguous. Not read in the body, where it is an embedded tweet's time."""
    m = _CTIME.search(text) if len(text) <= 40 else None
    return _make(m.group(3), month_named(m.group(1)), m.group(2)) if m and month_ok(m.group(1)) else None


def date_in_text(text: str, day_first: bool = False) -> str | None:
    """The first date written in a short text, in any of the supported languages; "04/03/2021"
    only when `day_first` says the page writes the day first (it is April the 3rd in the US)."""
    if not text or len(text) > 200:
        return None
    best = None
    for pattern in (_MDY, _DMY):
        for m in pattern.finditer(text):
            if pattern is _MDY and month_ok(m.group(1)):
                found = (m.start(), _make(m.group(3), month_named(m.group(1)), m.group(2)))
            elif pattern is _DMY and month_ok(m.group(2)):
                found = (m.start(), _make(m.group(3), month_named(m.group(2)), m.group(1)))
            elif pattern is _DMY and (solar := solar_hijri.written_day(m.group(3), m.group(2), m.group(1))):
                found = (m.start(), _make(solar.year, solar.month, solar.day))  # ("۱۲ آذر ۱۴۰۵": Dariush's pages)
            else:
                continue
            if found[1] and (best is None or found[0] < best[0]):
                best = found
            break
    if best:
        return best[1]
    if m := _ISO.search(text):
        return _make(m.group(1), m.group(3), m.group(4))
    if m := _CJK.search(text):
        return _make(*filter(None, m.groups()))
    if m := _DOTTED.search(text):
        return _make(m.group(3), m.group(2), m.group(1))
    if (m := _DOTTED_WORD.search(text)) and (
        month := month_named(m.group(2)) or {"out": 10}.get(m.group(2).casefold())
    ):
        return _make(m.group(3), month, m.group(1))
    if m := _DOTTED_SHORT.search(text):
        year = int(m.group(3))
        return _make(year + (2000 if year <= dt.date.today().year % 100 + 1 else 1900), m.group(2), m.group(1))
    if m := _SLASHED.search(text):
        a, b, year = int(m.group(1)), int(m.group(2)), m.group(3)
        if a > 12 or b > 12 or a == b:
            return _make(year, min(a, b), max(a, b))
        return _make(year, b, a) if day_first else None  # "03/04/2021": March or April?
    return None


def url_date(url: str) -> str | None:
    """ "/2019/10/21/slug" -> "2019-10-21"; a year-and-month path gives nothing (too coarse)."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    if m := _URL.search(path):
        year, _, month, day = m.groups()
        if not month.isdigit() and not month_ok(month):
            return None
        return _make(year, month if month.isdigit() else month_named(month), day)
    if m := _URL_COMPACT.search(path) or _URL_MONTH_DAY.search(path):
        return _make(*m.groups())
    if m := _URL_DMY.search(path):
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
        if day <= 12 and month <= 12 and day != month:
            return None  # "/03-04-2021": the 3rd of April, or March the 4th in American order?
        return _make(year, min(day, month), max(day, month))
    return None


# ("...meta": a post's meta line, not a site's "metanavigation" or "meta-menu", whose top bar
# may say today's date, nor a MetaSlider's captions, telling of an event's day)
_DATE_CLASS = Caseless(r"date|publish|posted|timestamp|meta(?![-_]?(?:nav|menu|slider))|byline")


_RELATED = Caseless(r"(?<![a-z])related")  # other stories' box: "relatedContent", "related-posts", not "unrelated"


def _beside_the_article(node, klass: str, levels: int = 6) -> bool:
    """Whether `node` is a reader's comment or in one, a few levels up (Blogger's
    `.comment-block` holds a `.datetime`, WordPress's `.comment-body` a `<time>`), or in a box
    of related stories (DW's `.relatedContent` teasers beside the headline, each with its day)."""
    while True:
        if "comment" in klass.lower() or _RELATED.search(klass):
            return True
        node, levels = node.parent, levels - 1
        if node is None or levels < 0 or node.tag in ("body", "html"):
            return False
        klass = (node.attributes.get("class") or "") + " " + (node.attributes.get("id") or "")


def body_date(nodes, day_first: bool = False) -> str | None:
    """The first published date in the body's date-ish elements, in document order."""
    for node in nodes:
        attrs = node.attributes
        klass = (attrs.get("class") or "") + " " + (attrs.get("itemprop") or "") + " " + (attrs.get("id") or "")
        if node.tag != "time" and not _DATE_CLASS.search(klass) or _beside_the_article(node, klass):
            continue  # (a comment's date is its writer's: "comment-meta", "comment-date")
        text = (
            node.text(deep=True, separator=" ", strip=True) if node.tag != "time" or not attrs.get("datetime") else ""
        )
        if MODIFIED.search(klass):
            continue
        if text and (m := MODIFIED.search(text)):
            text = text[: m.start()]  # "By Jo Bloggs, Updated December 22": not a publication
        if text and (m := _JOINED_IN.search(text)):
            text = text[: m.start()]  # a forum poster's "user-meta": when they joined, not posted
        if node.tag == "time" and attrs.get("datetime"):
            if date := parse_date(attrs["datetime"]):
                return date
            # a stamp no standard reads ("01-11-2023 10:29": which is the month?): the text
            # a reader sees says it in words
            text = node.text(deep=True, separator=" ", strip=True)
            if MODIFIED.search(text):
                continue
        if "date" in klass.lower() and "update" in klass.lower():
            continue
        # schema.org's property outside any item (no itemscope, so no microdata item holds it):
        # <div itemprop="datePublished" datetime="2022-02-04">04. Februar 2022</div>
        if (
            attrs.get("itemprop") == "datePublished"
            and node.tag != "meta"
            and (date := parse_date(attrs.get("content") or attrs.get("datetime") or ""))
        ):
            return date
        # hAtom's <abbr class="published" title="2009-08-06T10:00:00+02:00">August 6</abbr>
        # (old WordPress and Blogger themes): the full stamp is in the title, the text may lack the year
        if (title := attrs.get("title")) and (date := parse_date(title)):
            return date
        if date := date_in_text(" ".join(text.split())[:200], day_first):
            return date
    return None


# A page's own state, serialised into a script or an attribute (Next.js, Nuxt, Apollo, Arc):
# "datePublished":"2023-10-17T05:56:46Z", also HTML-escaped (&quot;datePublished&quot;:...);
# and a blog's trackback RDF, in a comment where no parser looks (Movable Type, goo blog):
# <rdf:Description ... dc:date="2020-07-03T17:16:22+09:00" />
_STATE_DATE = re.compile(
    r"(?:datePublished|publishedAt|published_at|publishDate|publish_date|publishedDate|published_date|"
    r"publicationDate|publication_date|firstPublished|"
    r"first_published_at|displayDate|display_date|pubDate|createdDate)(?:\\?\"|&quot;|')?\s*:\s*"
    r"(?:\\?\"|&quot;|')([^\"&'\\]{8,40})"
)
# (a pattern of its own, looked for only where its words are: as a branch of the one above it
# made that pass eight times slower, 14 ms to 112 ms on a 2 MB page)
_RDF_DATE = re.compile(r'\sdc:date="([^"]{8,40})"')


def state_date(text: str | bytes) -> str | None:
    """The first publication date in serialised page state, for pages whose head has none.
    One regular-expression pass over the page: linear in its size."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    for m in itertools.chain(_STATE_DATE.finditer(text), _RDF_DATE.finditer(text) if "dc:date=" in text else ()):
        if date := parse_date(m.group(1)) or date_in_text(m.group(1)):
            return date
    return None


# A date's label on a line of its own or before it: press releases' "Datum: 26. Januar 2022",
# "Erstellt am: 30.01.2022", "Mise en ligne le 23 mai 2019", "Published: May 4, 2021"
PUBLISHED_LABEL = re.compile(
    r"(?:datum|date|published(?: on)?|publication date|veröffentlicht(?: am)?|erstellt(?: am)?|erschienen(?: am)?|"
    r"publié le|publiée? le|mise? en ligne(?: le)?|publicado(?: el)?|fecha|pubblicato(?: il)?|data)\s*:?",
    re.I,
)


def body_lines(tree) -> list[str]:
    body = tree.body if tree is not None else None
    if body is None:
        return []
    # (blank lines out: the whitespace between a label's tag and its date's is no line)
    text = body.text(deep=True, separator="\n", strip=True)
    return [line for line in (" ".join(line.split()) for line in text.split("\n")) if line]


def labelled_date(tree, day_first: bool = False) -> str | None:
    """The first date the body labels as the publication's, for a page that shows it nowhere
    else; "Datum" on one line and the date on the next counts too."""
    lines = body_lines(tree)
    for i, line in enumerate(lines):
        if len(line) > 80 or not (m := PUBLISHED_LABEL.match(line)):
            continue
        rest = line[m.end() :].strip()
        if rest and (date := date_in_text(rest, day_first)):
            return date
        if not rest and i + 1 < len(lines) and (date := date_in_text(lines[i + 1][:80], day_first)):
            return date
    return None


def labels_an_update(scope, headline: str) -> bool:
    """Whether one of the few lines right under the headline says a date is an update's
    ("Updated Mar 12, 2020", "By Daniel Bader last updated 4 April 17", "2019.03.26 lastupdate",
    "Last reviewed: 12 May 2023")."""
    headline = " ".join(headline.split())
    lines = [line for line in (" ".join(line.split()) for line in scope.text(separator="\n").split("\n")) if line]
    at = next((i for i, line in enumerate(lines) if line == headline), None)
    return at is not None and any(
        len(line) <= _LINE and (MODIFIED.search(line) or _LAST_UPDATE.search(line))
        for line in lines[at + 1 : at + 1 + 2 * _UNDER]  # (a byline's co-authors may come first)
    )


# and a review's or a revision's, which says the piece was checked again, not first published
# ("Last reviewed: 12 May 2023", "Medically reviewed ...", "Revised May 12, 2023", "Überarbeitet am")
# ("Reviewed by Jane Doe" alone is a critic's byline, not a review of the page)
_LAST_UPDATE = re.compile(
    r"last ?update|(?:last|medically|fact)[ -]?(?:reviewed|checked)|\breviewed (?:on|am)\b|\brevised\b|"
    r"überarbeitet|geprüft am",
    re.I,
)


# a line of a JSON-LD block left in the body ("datePublished": "2021-11-29 15:13:37",): no
# reader sees it
_JSON_LINE = re.compile(r'^[{\["]|":')
# where a line may show a second date ("Last updated 04 Jun 2020, originally created 17 Jun 2019")
_SHOWN_PARTS = re.compile(r"[,|·•;()]| - | – ")


def shows_day(tree, day: str, day_first: bool = False) -> bool:
    """Whether the body shows `day` (an ISO date's first ten characters) on any short line."""
    years = (day[:4], day[2:4])  # (read only the lines that could hold its year: most hold none)
    for line in body_lines(tree):
        if len(line) <= _LINE and (years[0] in line or years[1] in line) and not _JSON_LINE.search(line):
            parts = (line, *(line[m.end() :] for m in _SHOWN_PARTS.finditer(line)))
            if any(date_in_text(part, day_first) == day for part in parts):
                return True
    return False


def headline_date(scope, headline: str = "", day_first: bool = False) -> str | None:
    """The first date printed in the headline's neighbourhood ("Dec 18, 2023 · 3 min read"),
    for pages that mark it with no date-ish class at all; lines saying "Updated" are skipped.
    Lines after the `headline` first, then the few just before it: further up are the
    sidebars and lists of other stories a neighbourhood often starts with."""
    if scope is None:
        return None
    # (blank lines out first: whitespace between tags is no line, and would use up the few
    # looked at before the headline)
    lines = _not_joined([line for line in scope.text(deep=True, separator="\n", strip=True).split("\n") if line])
    headline = " ".join(headline.split())
    # (less the teasers of a box of related stories the neighbourhood holds and the pictures'
    # captions: DW's `.relatedContent` and `.picBox` beside and under the headline)
    teasers = teaser_lines(scope, headline)
    lines = [line for line in lines if line.strip() not in teasers] if teasers else lines
    at = next((i for i, line in enumerate(lines) if headline and " ".join(line.split()) == headline), None)
    # (the few lines right under it, then the few above it, then further down: a list of other
    # stories below the article has dates too, and the dateline over the headline is nearer)
    under = at + 1 + _UNDER if at is not None else 0
    order = (
        lines[:200]
        if at is None
        else lines[at + 1 : under] + lines[max(0, at - _BEFORE) : at][::-1] + lines[under : at + 200]
    )
    for line in order:
        line = " ".join(line.split())
        if line and len(line) <= _LINE and not MODIFIED.search(line) and (date := date_in_text(line, day_first)):
            return date
    return None


def under_headline(scope, headline: str, day_first: bool = False) -> str | None:
    """The date on one of the few lines right under the headline, read in `scope`: the whole
    body, where a theme sets its dateline apart from the headline's block (a byline row of its
    own, a column beside the story's), beyond the neighbourhood `headline_date` reads. Only a
    line that is little more than the date counts ("31.10.2023", "Dec. 2, 2016", "Teilen:
    24.01.2022 11:38"): a longer one is a teaser's or a post's title telling of another day."""
    headline = " ".join(headline.split())
    if scope is None or not headline:
        return None
    lines = _not_joined(
        [
            line
            for line in (" ".join(line.split()) for line in scope.text(separator="\n", strip=True).split("\n"))
            if line
        ]
    )
    at = next((i for i, line in enumerate(lines) if line == headline), None)
    for line in lines[at + 1 : at + 1 + _UNDER] if at is not None else ():
        if len(line) > _DATE_LINE and (m := _OPENER.match(line)):
            line = m.group(1)  # the dateline opening the story: "27.1.2022 - Bei der Erinnerung ..."
        if (
            len(line) <= _DATE_LINE
            and not MODIFIED.search(line)
            and not _DUE.search(line)
            and (date := date_in_text(line, day_first))
        ):
            return date
    return None


def _not_joined(lines: list[str]) -> list[str]:
    """`lines` with a forum poster's "Registriert:" line ("r23 · Joined Sep 18, 2008") and the day
    under such a label blanked: when they joined, not the post's day (the profile beside a post,
    read around the topic's title)."""
    # (most pages: no line names a sign-up, told in one search instead of three a line; of a long
    # line, only what a label at its start would take up is read, as below)
    probe = "\n".join(line if len(line) <= _LINE else line[: len(line) - len(line.lstrip()) + 20] for line in lines)
    if not _JOINED_ANY.found_in(probe):
        return list(lines)
    return [
        # (a long line is prose, searched for a label only at its start: a 2 MB line once, not in full)
        line
        if not (_JOINED.match(line) or len(line) <= _LINE and _JOINED_IN.search(line))
        and not (i and _JOINED.fullmatch(lines[i - 1]))
        else ""
        for i, line in enumerate(lines)
    ]


def shown_or_marked(shown: str | None, marked: str | None) -> str | None:
    """The date a reader sees under the headline, or the one a date-ish element holds elsewhere
    in the body when they are the same day (its `<time datetime>` gives the hour and zone too)."""
    if shown and not (marked and days_apart(shown, marked) <= 1):
        return shown
    return marked


# A story's first paragraph opening with its dateline, as news agencies and press offices write
# it: "27.1.2022 - Bei der ...", "Berlin, 27. Januar 2022 – ...", "01.02.2022 „Der Arbeitsmarkt ...",
# "Karlsruhe, (12.11.2021). Traditionell ..." Not a paragraph opening with a quote („Am 3. März
# 1990: ...“ is what someone said of that day), nor a term's date: "Bis 31.12.2022 – ...",
# "Ab 1. Januar 2023: ...", "Since March 3, 2020 - ..." tell of another day than the story's.
_TERM = (
    r"bis|ab|seit|vom|vor|nach|until|till|through|since|from|before|after|by|jusqu|dès|depuis|du|avant|après|"
    r"hasta|desde|antes|después|fino|entro|dal|dopo|prima|tot|vanaf|sinds|voor|na"
)
_OPENER = re.compile(rf"(?![„“”\"«»‚‘’']|(?i:{_TERM})\b)(.{{4,24}}?\d{{4}})(?:\s*[-–—:|„“\"«]|\s*\(dpa\)|\)\.?\s)")
# An event's day or a deadline shown under the headline ("Termin: 12.05.2023", "Deadline: March
# 31, 2023"): not the post's, which a date element elsewhere may say
_DUE = re.compile(
    r"termin|\w*schluss\b|deadline|\bfrist|veranstaltung|\bevent\b|\bwhen:|\bwann:|date limite|"
    r"fecha l[ií]mite|scadenza",
    re.I,
)
_UNDER = 6  # lines under the headline: a kicker, a byline, a share button's label, the date
_DATE_LINE = 40

_JOINED_NAMES = (
    "registriert|angemeldet|mitglied seit|dabei seit|joined|join date|member since|registered|inscrit le|"
    "inscription|registrado"
).split("|")
_JOINED_WORDS = rf"(?:{'|'.join(_JOINED_NAMES)})\b(?: (?:am|on|le|el))?\s*:?\s*"
_JOINED_ANY = Words(*_JOINED_NAMES)  # what both patterns need somewhere in a line
_JOINED = re.compile(r"\s*" + _JOINED_WORDS, re.I)
# in a "...meta" line, "r23 · Joined Sep 18, 2008": the label and a day right after it (not a
# byline's "Jane Doe, Registered Dietitian, March 3, 2021", nor "Jo joined the paper in 2015")
_JOINED_IN = re.compile(r"\b" + _JOINED_WORDS + r"(?=[^\n]{0,12}\d)", re.I)

# A dateline or byline is a short line ("Lübeck, 31. März 2003", "Posted on May 4, 2021 by
# Jo"); a longer one is the story's prose, whose dates are what it tells of ("since 1 July").
_LINE = 100
_BEFORE = 6  # lines before the headline that may still hold its date: a kicker, a dateline


def days_apart(a: str, b: str) -> int:
    try:
        return abs((dt.date.fromisoformat(a[:10]) - dt.date.fromisoformat(b[:10])).days)
    except ValueError:
        return 0
