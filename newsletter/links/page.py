"""One saved page, read once: its head-level facts (meta tags, title, links, JSON-LD, microdata,
time elements, the headline), gathered in a single walk over the tree for the extractor."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from newsletter.links import urls
from newsletter.links.depth import bounded
from newsletter.links.schema import Schema, microdata_items, parse_jsonld, top_nodes
from newsletter.links.values import clean_text


def absolute(value, base: str) -> str | None:
    """An absolute http(s) URL, resolving relative and "//cdn..." ones against base."""
    value = clean_text(value)
    if not value or len(value) > 2048 or value[:5].lower() == "data:":
        return None  # an inline image, often 100 KB of base64: urljoin would copy it around
    try:
        resolved = urljoin(base, value)
        parts = urlsplit(resolved)
    except ValueError:
        return None
    return resolved if parts.scheme in ("http", "https") and parts.netloc else None


# --- Reading the page once ------------------------------------------------------------

# What a page without JSON-LD or microdata reads from (read-only once made): one for all,
# rather than two built and dropped for every page
_NO_SCHEMA = Schema([])


@dataclass
class Page:
    """Everything the field pickers need, gathered in one pass over the parsed tree."""

    url: str
    base: str
    meta: dict[str, list[str]] = field(default_factory=dict)  # lowercased name -> contents
    title: str | None = None
    lang: str | None = None
    canonical: str | None = None
    feed: str | None = None
    times: list[str] = field(default_factory=list)
    jsonld: Schema = _NO_SCHEMA
    micro: Schema = _NO_SCHEMA
    stars: str | None = None
    marks: list = field(default_factory=list)  # the <h1> elements, for headline and byline
    tree: LexborHTMLParser | None = None  # for extract_dates, when the head has no date
    source: str | bytes = ""  # the markup itself, likewise

    def first(self, *keys: str) -> list[str]:
        """Contents of the named <meta> tags, in key order, for picking the first good one."""
        return [v for k in keys for v in self.meta.get(k, ())]


# One walk over the tree for everything read_page wants: each css() call is a full walk.
# (Every alternative costs a few percent of a parse: the body's date elements are only
# walked when the head has no date, in pick_published.)
_HEAD_NODES = (
    'meta[content], title, link[rel][href], script[type*="ld+json" i], base[href], [itemscope], time[datetime], h1'
)


# What `bounded(lean=True)` leaves out of a page it scanned, to take out of a small page it did
# not: the text of scripts (but JSON-LD), styles and the like. The readers of visible text (the
# byline, a date near the headline) would read `var published = "2019-…"` as the page's words.
_RAW_TEXT = 'script:not([type*="ld+json" i]), style, xmp, iframe, noembed, noframes'


def read_page(text: str | bytes, url: str) -> Page:
    """The page's head-level facts; `text` may be UTF-8 bytes, which Lexbor reads directly."""
    given = bounded(text, lean=True)  # nesting bounded: parsing stays linear
    tree = LexborHTMLParser(given)
    page = Page(url=url, base=url)
    titles, scripts, scopes = [], [], False
    for node in tree.css(_HEAD_NODES):
        tag, attrs = node.tag, node.attributes
        if "itemscope" in attrs:
            scopes = True
        if tag == "base" and page.base == url and "href" in attrs:
            page.base = absolute(attrs.get("href"), url) or url
        elif tag == "meta" and "content" in attrs:
            for attr in ("property", "name", "http-equiv", "itemprop"):
                if key := (attrs.get(attr) or "").strip().lower():
                    page.meta.setdefault(key, []).append(attrs["content"] or "")
        elif tag == "title":
            titles.append(node)
        elif tag == "link" and "href" in attrs and "rel" in attrs:
            rel = (attrs.get("rel") or "").lower().split()
            if "canonical" in rel and page.canonical is None:
                page.canonical = attrs["href"]
            kind = (attrs.get("type") or "").lower()
            if "alternate" in rel and kind.endswith(("rss+xml", "atom+xml")) and page.feed is None:
                page.feed = absolute(attrs["href"], page.base)
        elif tag == "script":
            scripts.append(node) if "ld+json" in (attrs.get("type") or "").lower() else None
        elif tag == "time" and attrs.get("datetime"):
            page.times.append(attrs["datetime"])
        elif tag == "h1":  # the headline, and where extract_byline looks first
            page.marks.append(node)
    # <head>'s title, else the first anywhere (an <svg><title> in the body is not it)
    title = next((t for t in titles if t.parent is not None and t.parent.tag == "head"), None)
    title = title or (titles[0] if titles else None)
    page.title = title.text() if title is not None else None
    if (html := tree.root) is not None and html.tag == "html":
        page.lang = html.attributes.get("lang") or html.attributes.get("xml:lang")
    blocks = [b for s in scripts for b in parse_jsonld(s.text())]
    page.jsonld = Schema(top_nodes(blocks))
    if scopes:
        page.micro = Schema(microdata_items(tree))
    if "github" in url.lower() and "github" in urls.host(url):  # (the first test spares other pages the parse)
        if (stars := tree.css_first("#repo-stars-counter-star[title]")) is not None:
            page.stars = stars.attributes["title"]
    if given is text:  # not scanned, so not lean
        for node in tree.css(_RAW_TEXT):
            node.decompose()
    page.tree, page.source = tree, text
    return page
