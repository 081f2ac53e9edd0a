"""Link metadata from one saved page: a pure function of (HTML, URL), no network.

Sources, best first: JSON-LD, OpenGraph, Twitter cards, Highwire `citation_*` tags, Dublin
Core, microdata, plain `<meta>`, `<title>`, then HTML fallbacks. For each field the best
source that offers a *good* value wins: every candidate goes through a cleaner from
`values.py`, and a cleaner's None ("a date that is not a date, an author that is a
URL") just moves on to the next source.

    >>> extract_metadata(page_bytes, "https://example.com/post").title

Reading the page into `Page` (one walk over the tree) is `page.py`; `decode_html` (bytes ->
text, for the fetcher too) lives in `decode.py`.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newsletter.formats.language_scripts import fitting
from newsletter.links import periodical, urls, wechat
from newsletter.links.code_hosts import OWN_PAGES, hosts_own_page
from newsletter.links.date_values import buddhist_era_read, may_count_buddhist_era, parse_date
from newsletter.links.decode import decode_for_parser, decode_html, without_nul
from newsletter.links.headline import (
    headline_under_breadcrumb,
    logos_only,
    one_word,
    says,
    shown_alone,
    visible_headline,
)
from newsletter.links.images import declared_pixel, image_address, is_stand_in
from newsletter.links.page import Page, absolute, read_page
from newsletter.links.page_authors import pick_authors
from newsletter.links.players import EPISODE, numbered_episode, plays_audio
from newsletter.links.published import MODIFIED_META, pick_published
from newsletter.links.schema import TYPE_KIND
from newsletter.links.site_hosts import not_the_platform, site_as_named
from newsletter.links.site_names import clean_site_name, shown_site_name
from newsletter.links.text import shown_text
from newsletter.links.title_affixes import strip_named_parts
from newsletter.links.title_site import site_after_title
from newsletter.links.values import (
    TITLE_READ,
    clean_description,
    clean_handle,
    clean_text,
    episode_number,
    first_good,
    host_keys,
    is_wall_title,
    norm_name,
    parse_duration,
    parse_language,
    strip_site_affix,
)
from newsletter.models import Metadata

__all__ = ["decode_html", "extract_metadata"]

# --- Small helpers ------------------------------------------------------------------


# --- Fields -------------------------------------------------------------------------


def is_home(url: str) -> bool:
    try:
        return not urls.path_parts(url) and not urlsplit(url).query
    except ValueError:
        return False


def pick_url(page: Page) -> str | None:
    """canonical link, og:url, else the URL we fetched; never a homepage standing in
    for an article, which is how misconfigured sites point every page at their root."""
    for value in [page.canonical, *page.first("og:url")]:
        url = absolute(value, page.base)
        if url and (not is_home(url) or is_home(page.url)):
            return url
    return absolute(page.url, page.url)


def pick_site_name(page: Page) -> str | None:
    candidates = (
        page.jsonld.site_names()
        + page.first("og:site_name", "application-name", "apple-mobile-web-app-title")
        + page.micro.site_names()
    )
    named = site_as_named(first_good(candidates, clean_site_name), candidates, page.title, clean_site_name)
    return not_the_platform(named, page.url, first_good(page.first("og:site_name"), clean_site_name))


def site_keys(page: Page, site_name: str | None) -> set[str]:
    """What a title's " | Site" suffix may be called: the site name and the host's labels."""
    keys = host_keys(urls.host(page.url))
    if site_name:
        keys.add(norm_name(site_name))
        if "." in site_name and " " not in site_name:
            keys |= host_keys(site_name)  # "Factorio.com" titles its pages "... | Factorio"
    return keys - {""}


def pick_title(page: Page, site_name: str | None) -> str | None:
    keys = site_keys(page, site_name)
    if not site_name:  # "Why X | Linguistics blog", where no tag names the site
        keys.update(norm_name(named) for named in site_after_title(page))
    home = is_home(page.url)
    if (
        site_name
        and len(site_name.split()) > 5
        and any(norm_name(h.text()) == norm_name(site_name) for h in page.marks)
    ):
        keys.discard(norm_name(site_name))  # a headline, not a name: msn.com gives its story's as application-name

    def clean(value):
        text = clean_text(value[:TITLE_READ] if isinstance(value, str) else value)
        if not text or is_wall_title(text) or (norm_name(text) in keys and not home):
            return None  # "YouTube" alone is no title for a video page, only for youtube.com
        return strip_named_parts(strip_site_affix(text, keys), keys) or None

    candidates = (
        page.jsonld.titles(page.title)
        + page.first("og:title", "twitter:title", "citation_title", "dc.title", "dcterms.title")
        + page.micro.titles()
        + [page.title]
    )
    title = first_good(candidates, clean)
    if not title:  # an empty <title> and no tags: the headline a reader sees is all there is
        return first_good((shown_text(h) for h in page.marks), clean)
    if title and title.endswith(("…", "...")):  # a truncated headline: a fuller one may follow
        stem = title.rstrip(".…").rstrip()
        fuller = [c for c in map(clean, filter(None, candidates)) if c and c.startswith(stem)]
        title = max(fuller, key=len, default=title)

    def declared():
        """Whether `title` is the headline the article's own JSON-LD declares."""
        return any(TYPE_KIND.get(t) == "article" for t in page.jsonld.types) and clean(candidates[0] or "") == title

    def shown():
        """The <title> an <h1> worded apart from `title` may agree with, to beat a social
        og:title or an embedded clip's name; not the headline the article's JSON-LD declares.
        Asked only then: cleaning a title again is most of what picking one costs."""
        return None if declared() or not page.title else clean(page.title)

    headline = visible_headline(page.marks, title, shown, site_name)
    if headline is None and page.tree is not None and logos_only(page.marks):
        headline = visible_headline(page.tree.css("h2"), title, shown, site_name, tag="h2")
    if headline and page.tree is not None:
        # The declared headline is the one on show, in an <h2>: the <h1> is the <title> again
        # for search engines and the breadcrumb (Funke's WAZ, Abendblatt, Morgenpost). A title of
        # one word shown alone in the story's <h2> is the story's ("Boredom"), the <h1> holding it a
        # promotion's or a list's ("Subscribe to read more on Boredom and other essays")
        if declared() and says(page.tree.tags("h2"), title):
            return title
        if one_word(title) and shown_alone(page.tree, page.marks, title, headline):
            return title
    chosen = headline or title
    if page.marks and (on_show := headline_under_breadcrumb(page.marks[0], chosen, page.first("og:title"), clean)):
        return on_show
    # A kicker the <h1> shows over its headline ("Nationale Demo" in a <span>, then "Der 9. Juli
    # naht: ..."), which a tag gives punctuated ("Nationale Demo / Der 9. Juli naht: ..."): the
    # words on show, all of them, as the tag writes them. (Not a one-word section's label,
    # "Opinion | ...", which a title leaves out wherever it stands.)
    for raw in page.first("og:title", "twitter:title"):
        if chosen in raw and len(raw) > len(chosen) and (whole := clean(raw)) and whole.endswith(chosen):
            if len(re.findall(r"\w+", whole[: -len(chosen)])) >= 2 and says(page.marks, whole):
                return whole
    return chosen


def pick_description(page: Page, site_name: str | None) -> str | None:
    candidates = (
        page.jsonld.descriptions()
        + page.first(
            "og:description",
            "twitter:description",
            "description",
            "dc.description",
            "dcterms.description",
            "dcterms.abstract",
            "citation_abstract",
        )
        + page.micro.descriptions()
    )
    return first_good(candidates, lambda v: clean_description(v, site_name))


def pick_image(page: Page) -> str | None:
    og = page.first("og:image:secure_url", "og:image", "og:image:url")
    if declared_pixel(*page.first("og:image:width")[:1], *page.first("og:image:height")[:1]):  # the first's
        og = []  # a tracker or a spacer, by its own size
    candidates = page.jsonld.images() + og + page.first("twitter:image", "twitter:image:src") + page.micro.images()
    return first_good(candidates, lambda v: None if is_stand_in(v) else absolute(image_address(v), page.base))


def pick_duration(page: Page) -> int | None:
    candidates = [
        page.jsonld.duration(),
        *page.first("video:duration", "og:video:duration", "music:duration"),
        page.micro.duration(),
    ]
    return first_good(candidates, parse_duration)


def pick_language(page: Page) -> str | None:
    """<html lang> first: it is the page's own statement about the text it holds."""
    candidates = (
        [page.lang]
        + page.jsonld.languages()
        + page.first("og:locale")
        + page.first("content-language", "language", "dc.language", "dcterms.language")
        + page.micro.languages()
    )
    return first_good(candidates, parse_language)


# --- Kind ---------------------------------------------------------------------------

_VIDEO_HOSTS = {"youtube.com", "m.youtube.com", "youtu.be", "vimeo.com", "player.vimeo.com"}
_PAPER_HOSTS = {
    "arxiv.org",
    "biorxiv.org",
    "medrxiv.org",
    "doi.org",
    "dx.doi.org",
    "openreview.net",
    "aclanthology.org",
    "ssrn.com",
    "papers.ssrn.com",
    "pubmed.ncbi.nlm.nih.gov",
    "semanticscholar.org",
    "proceedings.mlr.press",
}
_PODCAST_HOSTS = {
    "podcasts.apple.com",
    "overcast.fm",
    "pca.st",
    "anchor.fm",
    "podbean.com",
    "buzzsprout.com",
    "simplecast.com",
    "transistor.fm",
    "talkpython.fm",
    "pythonbytes.fm",
    "changelog.com",
    "castbox.fm",
    "podcasts.google.com",
}
_REPO_HOSTS = set(OWN_PAGES)  # the code hosts whose OWNER/REPO pages are repositories


def _host_kind(url: str) -> str | None:
    host, parts = urls.host(url), urls.path_parts(url)
    if host in _VIDEO_HOSTS:
        return "video"
    if host in _PAPER_HOSTS or host.endswith((".biorxiv.org", ".medrxiv.org")):
        return "paper"
    if host in _PODCAST_HOSTS or host == "open.spotify.com" and parts[:1] == ["episode"]:
        return "podcast"
    if host in _REPO_HOSTS and len(parts) >= 2 and not hosts_own_page(host, parts):
        return "repo"
    return None


def pick_kind(page: Page, site_name: str | None) -> str | None:
    """Specific signals (video, paper, podcast, book, repo) beat generic "article"."""
    kinds = [TYPE_KIND.get(t) for t in page.jsonld.types + page.micro.types]
    og_type = (page.first("og:type") or [""])[0].strip().lower()
    og_kind = {
        "video": "video",
        "music": "podcast",
        "book": "book",
        "books": "book",
        "article": "article",
        "website": "website",
    }.get(re.split(r"[.:]", og_type)[0])
    specific = [k for k in kinds + [og_kind] if k not in (None, "article", "website")]
    if specific:
        return specific[0]
    if any(k.startswith("citation_") for k in page.meta):
        return "paper"
    if host_kind := _host_kind(page.url):
        return host_kind
    if page.feed and site_name and "podcast" in site_name.lower():
        return "podcast"
    if "article" in kinds or og_kind == "article":
        return "podcast" if numbered_episode(page) else "article"
    # A show on its own site ("Data Chats", og:type website, no schema): its episode pages play
    # the episode and name the show's feed, where the duration and hosts are. (An article with a
    # "listen to this" player is typed article above, and stays one.)
    if page.feed and plays_audio(page):
        return "podcast"
    if og_kind == "website" or page.jsonld.page or page.jsonld.site:
        return "website"
    return None


# --- Extras -------------------------------------------------------------------------

_DOI = re.compile(r"(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)", re.I)


def _doi(values) -> str | None:
    for value in values:
        m = _DOI.fullmatch(clean_text(value) or "")
        if m:
            return m.group(1)
    return None


def _keywords(page: Page) -> list[str]:
    raw = (
        page.jsonld.keywords()
        + [k for v in page.first("keywords", "news_keywords") for k in v.split(",")]
        + page.first("article:tag", "citation_keywords")
    )
    out, seen = [], set()
    for word in filter(None, map(clean_text, raw)):
        prefix, colon, rest = word.partition(":")
        if colon and " " not in prefix:  # Medium's "Tag:Devops" is a tag; "Lite:true" is not
            word = rest.strip() if prefix.lower() == "tag" else ""
        if word and (key := word.casefold()) not in seen:
            seen.add(key)
            out.append(word)
            if len(out) == 20:  # enough: news pages list hundreds, and each costs a clean_text
                break
    return out


def pick_extras(page: Page, kind: str | None) -> dict:
    meta, schema = page.first, page.jsonld
    extras = {
        "doi": _doi(meta("citation_doi", "dc.identifier", "dcterms.identifier", "prism.doi") + schema.identifiers()),
        "arxiv_id": first_good(meta("citation_arxiv_id"), clean_text)
        or (paper[0] if (paper := urls.arxiv_paper(page.url)) else None),
        "pdf_url": first_good(meta("citation_pdf_url"), lambda v: absolute(v, page.base)),
        "journal": first_good(
            [*meta("citation_journal_title", "prism.publicationname"), periodical.journal(schema)], clean_text
        ),
        "conference": first_good(meta("citation_conference_title"), clean_text),
        "publisher": first_good(meta("citation_publisher", "dc.publisher"), clean_text),
        "twitter_site": first_good(meta("twitter:site"), clean_handle),
        "twitter_creator": first_good(meta("twitter:creator"), clean_handle),
        "keywords": _keywords(page),
        "feed": page.feed,
        "modified": first_good([schema.modified(), *meta(*MODIFIED_META)], parse_date),
        "isbn": first_good([schema.extra("isbn"), *meta("books:isbn", "book:isbn")], clean_text),
        "episode": first_good([schema.extra("episodeNumber")], episode_number),
    }
    if kind == "podcast" and not extras["episode"] and (m := EPISODE.search(page.title or "")):
        extras["episode"] = m.group(1)
    if kind == "repo" and urls.host(page.url) in _REPO_HOSTS:
        extras["repo"] = "/".join(urls.path_parts(page.url)[:2])
        if page.stars and (count := page.stars.replace(",", "")).isascii() and count.isdigit():  # ('²': int() refuses)
            extras["stars"] = int(page.stars.replace(",", ""))
    return {k: v for k, v in extras.items() if v not in (None, "", [])}


# --- The whole page -----------------------------------------------------------------


def extract_metadata(html: str | bytes, url: str, charset: str | None = None) -> Metadata:
    """Metadata of the page at `url` from its HTML (bytes read as a browser would, with the
    HTTP header's `charset`); never raises on bad markup."""
    text = decode_for_parser(bytes(html), charset) if isinstance(html, (bytes, bytearray)) else (html or "")
    meta = _from_text(text, url or "")
    # A U+FFFD the parser made of a NUL is no sign of a wrong charset (decode.without_nul): the
    # page is read again without them, which only a page with a U+FFFD in its text pays for
    if _replaced(meta) and (kept := without_nul(text)) is not text:
        meta = _from_text(kept, url or "")
    return meta


def _replaced(meta: Metadata) -> bool:
    return any("\ufffd" in value for value in (meta.title, meta.site_name, meta.description, *meta.authors) if value)


def _from_text(text: str | bytes, url: str) -> Metadata:
    # (a context variable, not an argument: the page's dates are read a dozen calls down)
    page = read_page(text, url)
    era = buddhist_era_read.set((page.lang or "").lower().startswith("th") or may_count_buddhist_era(text))
    try:
        return _from_page(page, url)
    finally:
        buddhist_era_read.reset(era)


def _from_page(page: Page, url: str) -> Metadata:
    wall = clean_text(page.title) or first_good(page.first("og:title"), clean_text)
    blocked = is_wall_title(wall)
    if not blocked and urls.under(urls.host(url), (wechat.HOST,)):
        # WeChat's verification page: its <title> is empty, and its heading would be the title
        stopped = wechat.checkpoint(
            page.source if isinstance(page.source, str) else page.source.decode("utf-8", "replace")
        )
        blocked, wall = stopped is not None, stopped or wall
    if blocked:
        # A consent wall, bot check or login page: nothing on it describes the link.
        extras = {"blocked": wall}
        return Metadata(url=absolute(url, url), kind=_host_kind(url), extras=extras)
    site_name = pick_site_name(page)
    kind = pick_kind(page, site_name)
    authors = pick_authors(page, site_name, site_keys(page, site_name), is_home(page.url))
    extras = pick_extras(page, kind)
    if channel := _uploader(page, kind, authors):
        authors, extras = [], {**extras, "channel": channel}
    title = pick_title(page, site_name)
    return Metadata(
        url=pick_url(page),
        title=title,
        authors=authors,
        site_name=shown_site_name(site_name, page.url),
        published=pick_published(page, kind),
        description=pick_description(page, site_name),
        image=pick_image(page),
        kind=kind,
        duration=pick_duration(page),
        language=fitting(pick_language(page), title),  # (a statement its own title belies is not believed)
        extras=extras,
    )


def _uploader(page: Page, kind: str | None, authors: list[str]) -> str | list[str] | None:
    """A video page's "author" (a VideoObject's, itemprop's, a meta tag's) is the account that
    uploaded it: a school, a conference, a company, on PeerTube, Dailymotion or a site of its own
    as on YouTube. Taken for who spoke, it put "Collège de France" under a lecture as its
    speaker; it is kept as the channel, which the edition shows beside the site. But a news
    story told as a video whose page is an article (a NewsArticle with the clip in it) has a
    byline: its journalist stays its author, in the post's and the feeds' authors."""
    if kind != "video" or not authors:
        return None
    if "article" in {TYPE_KIND.get(name) for name in page.jsonld.types + page.micro.types}:
        return None
    # (og:type too: a newsroom's post around an embedded clip, whose only schema is the clip's)
    if (page.first("og:type") or [""])[0].strip().lower().startswith("article"):
        return None
    # several are kept apart, for the edition to join as its language joins names ("A、B")
    return authors[0] if len(authors) == 1 else authors
