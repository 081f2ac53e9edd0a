"""One saved page, read once: its head-level facts (meta tags, title, links, JSON-LD, microdata,
time elements, the headline), gathered in a single walk over the tree for the extractor."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborDocumentOptions, LexborHTMLParser

from newsletter.links import bilibili, ieee, urls, wechat, zhihu
from newsletter.links.depth import bounded
from newsletter.links.schema import Schema, microdata_items, parse_jsonld, top_nodes
from newsletter.links.text import without_readings
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
    frames: list[str] = field(default_factory=list)  # each <iframe>'s src: an embedded player is a podcast's
    marks: list = field(default_factory=list)  # the <h1> elements, for headline and byline
    tree: LexborHTMLParser | None = None  # for extract_dates, when the head has no date
    source: str | bytes = ""  # the markup itself, likewise

    def first(self, *keys: str) -> list[str]:
        """Contents of the named <meta> tags, in key order, for picking the first good one."""
        return [v for k in keys for v in self.meta.get(k, ())]


# The elements read_page wants, by name: `tags(name)` is one walk of the tree comparing a
# number, about half the cost of a CSS selector's walk, and a list of selectors is one walk each.
# (Attribute selectors need the CSS engine: only [itemscope] is asked for that way.)
_RAW_TEXT = ("style", "iframe", "xmp", "noembed", "noframes")  # and scripts but JSON-LD
# What `bounded(lean=True)` leaves out of a page it scanned, to take out of a small page it did
# not: the text of scripts, styles and the like. The readers of visible text (the byline, a
# date near the headline) would read `var published = "2019-…"` as the page's words.


def read_page(text: str | bytes, url: str) -> Page:
    """The page's head-level facts; `text` may be UTF-8 bytes, which Lexbor reads directly."""
    given = bounded(text, lean=True)  # nesting bounded: parsing stays linear
    # Without DOM mutation events: nothing here listens to them (they mirror a <select>'s
    # option into <selectedcontent>), and Lexbor then skips a callback for every node it inserts
    tree = LexborHTMLParser(given, options=LexborDocumentOptions.WO_EVENTS)
    without_readings(tree)  # a headline with furigana read as its words alone
    tags = tree.tags
    page = Page(url=url, base=url)
    for node in tags("base"):  # the first that gives one is every relative URL's base
        if (href := node.attributes.get("href")) is not None:
            page.base = absolute(href, url) or url
            if page.base != url:
                break
    for node in tags("meta"):
        attrs = node.attributes
        if "content" in attrs:
            for attr in ("property", "name", "http-equiv", "itemprop"):
                if key := (attrs.get(attr) or "").strip().lower():
                    page.meta.setdefault(key, []).append(attrs["content"] or "")
    for node in tags("link"):
        attrs = node.attributes
        if "href" not in attrs or "rel" not in attrs:
            continue
        rel = (attrs.get("rel") or "").lower().split()
        if "canonical" in rel and page.canonical is None:
            page.canonical = attrs["href"]
        kind = (attrs.get("type") or "").lower()
        if "alternate" in rel and kind.endswith(("rss+xml", "atom+xml")) and page.feed is None:
            page.feed = absolute(attrs["href"], page.base)
    page.times = [stamp for node in tags("time") if (stamp := node.attributes.get("datetime"))]
    page.marks = tags("h1")  # the headline, and where extract_byline looks first
    scripts, code = [], []
    for node in tags("script"):
        (scripts if "ld+json" in (node.attributes.get("type") or "").lower() else code).append(node)
    titles = tags("title")
    # <head>'s title, else the first anywhere (an <svg><title> in the body is not it)
    title = next((t for t in titles if t.parent is not None and t.parent.tag == "head"), None)
    title = title or (titles[0] if titles else None)
    page.title = title.text() if title is not None else None
    if (html := tree.root) is not None and html.tag == "html":
        page.lang = html.attributes.get("lang") or html.attributes.get("xml:lang")
    blocks = [b for s in scripts for b in parse_jsonld(s.text())]
    # (an event in a post that calls itself an article, a blog's "what I saw at the meetup", is
    # what it tells of: the post keeps its title and writer)
    article = (page.first("og:type") or [""])[0].strip().lower().startswith("article")
    page.jsonld = Schema(top_nodes(blocks), article=article)
    if scopes := tree.css("[itemscope]"):
        page.micro = Schema(microdata_items(tree, scopes), url, article)
    if "github" in url.lower() and "github" in urls.host(url):  # (the first test spares other pages the parse)
        if (stars := tree.css_first("#repo-stars-counter-star[title]")) is not None:
            page.stars = stars.attributes["title"]
    for key, value in _script_tags(text, url).items():  # after any tag the page has: those come first
        said = page.meta.setdefault(key, [])
        said.insert(0 if said and wechat.before_head(key, said) else len(said), value)  # (but WeChat's)
    if urls.under(urls.host(url), ("zhihu.com",)) and (when := zhihu.china_time(page.micro.published()[0])):
        # a Zhihu answer's microdata time is UTC's, a day early for a morning's answer in China;
        # after the script's own time, the same moment
        page.meta.setdefault("article:published_time", []).append(when)
    frames = tags("iframe")
    page.frames = [src for node in frames if (src := node.attributes.get("src"))]
    if given is text:  # not scanned, so not lean
        # (unlinked, not destroyed: in <svg> they may hold one another, and destroying a
        # parent first would leave its child's node dangling)
        raw_text = [node for name in _RAW_TEXT for node in (frames if name == "iframe" else tags(name))]
        for node in code + raw_text:
            node.decompose(recursive=False)
    page.tree, page.source = tree, text
    return page


# Sites that say what other pages' <meta> tags say only in their scripts' data: each reader's
# mark (read from the whole page: the lean copy has no script text), and the site it reads (a
# page elsewhere writing the mark is no such page: a blog's own script with a `var msg_title`
# was read as a WeChat article, its site and day the variables'). Each is read where its mark
# is: a Zhihu answer about WeChat's pages may quote WeChat's variables too.
_SCRIPT_READERS = (
    (zhihu.MARK, ("zhihu.com",), zhihu.answer_tags),
    (bilibili.MARK, ("bilibili.com",), bilibili.video_tags),
    (ieee.MARK, ("ieeexplore.ieee.org",), ieee.document_tags),
    (wechat.MARK, (wechat.HOST,), lambda source, _: wechat.wechat_tags(source)),
)


def _script_tags(text: str | bytes, url: str) -> dict[str, str]:
    """What the page's script data says, as <meta> tags, for a site read so (the first reader's
    value of a tag)."""
    tags: dict[str, str] = {}
    for mark, sites, read in _SCRIPT_READERS:
        if urls.under(urls.host(url), sites) and (mark in text if isinstance(text, str) else mark.encode() in text):
            source = text if isinstance(text, str) else text.decode("utf-8", "replace")
            tags = read(source, url) | tags
    return tags
