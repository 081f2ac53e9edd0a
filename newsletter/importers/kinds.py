"""Which entry type a saved link is: the one rule `import`, `new` and browser capture share.

`infer_type(url, hints, title, page)`: the source's own hints first (a Zotero item is a paper, a
Kindle book a book), then the link's address (arXiv and DOI → paper, YouTube and Vimeo → talk
or video, podcast hosts → podcast, code hosts → tool…), then what the page says it is (link
metadata's "repo" a tool, "book" a book), else article. Pure: no network, so an import of
20,000 bookmarks decides types in milliseconds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from newsletter.links.code_hosts import hosts_own_page
from newsletter.models import Entry

HINTS = {  # what sources and link metadata call things -> entry type
    "repo": "tool",
    "repository": "tool",
    "code": "tool",
    "software": "tool",
    "package": "tool",
    "kindle": "book",
    "ebook": "book",
    "csl-json": "paper",
    "bibtex": "paper",
    "zotero": "paper",
    "journal": "paper",
    "preprint": "paper",
    "episode": "podcast",
    "audio": "podcast",
    "post": "thread",
}
PAPER_HOSTS = (
    "arxiv.org",
    "doi.org",
    "biorxiv.org",
    "medrxiv.org",
    "openreview.net",
    "aclanthology.org",
    "proceedings.neurips.cc",
    "papers.nips.cc",
    "proceedings.mlr.press",
    "ieeexplore.ieee.org",
    "ssrn.com",
    "semanticscholar.org",
    "pubmed.ncbi.nlm.nih.gov",
    "jstor.org",
    "hal.science",
    "eprint.iacr.org",
    "paperswithcode.com",
)
PAPER_PATHS = re.compile(
    r"^(?:dl\.acm\.org|link\.springer\.com|www\.nature\.com|onlinelibrary\.wiley\.com|"
    r"www\.sciencedirect\.com|academic\.oup\.com|journals\.plos\.org)/"
    r"(?:doi|article|articles|science/article|chapter)/"
)
VIDEO_HOSTS = (
    "youtube.com",
    "youtu.be",
    "vimeo.com",
    "youtube-nocookie.com",
    "media.ccc.de",
    "dailymotion.com",
    "twitch.tv",
    "peertube.tv",
)
TALK_WORDS = re.compile(
    r"\b(talk|keynote|lecture|conf(erence)?|summit|meetup|symposium|workshop|webinar|"
    r"pycon|jsconf|strange ?loop|fosdem|devoxx|devfest|goto|qcon|neurips|icml|iclr|cvpr|"
    r"presentation|panel|\w+conf|\w+con \d{4}|\w*kaigi)\b"
    # and in Japanese, whose words run on with no space for \b to find: 基調講演, 登壇資料
    r"|講演|登壇|カンファレンス|勉強会",
    re.I,
)
# Where slides are shared: a deck (a user's page and a deck's name, two parts of the path) is the
# talk it was shown at. Yuki (new user 22) captured her SpeakerDeck decks as articles.
SLIDE_HOSTS = ("speakerdeck.com", "slideshare.net")
# A user's own tag that says a saved video is a talk (Pocket's "talks", Raindrop's "keynote").
TALK_TAGS = {"talk", "talks", "keynote", "keynotes", "lecture", "lectures", "conference-talk", "conference-talks"}
PODCAST_HOSTS = (
    "podcasts.apple.com",
    "overcast.fm",
    "pca.st",
    "pocketcasts.com",
    "castbox.fm",
    "podbean.com",
    "anchor.fm",
    "podcasters.spotify.com",
    "simplecast.com",
    "transistor.fm",
    "buzzsprout.com",
    "libsyn.com",
    "megaphone.fm",
    "fireside.fm",
    "captivate.fm",
    "podigee.io",
    "castro.fm",
    "player.fm",
    "podcastaddict.com",
    "podcasts.google.com",
    "changelog.com",
    "talkpython.fm",
    "pythonbytes.fm",
    "podcastindex.org",
    "fountain.fm",
)
BOOK_HOSTS = (
    "read.amazon.com",
    "goodreads.com",
    "openlibrary.org",
    "books.google.com",
    "bookshop.org",
    "gutenberg.org",
    "standardebooks.org",
)
CODE_HOSTS = ("github.com", "gitlab.com", "codeberg.org", "bitbucket.org", "sr.ht", "git.sr.ht", "gitea.com")
PACKAGE_PATHS = re.compile(
    r"^(?:pypi\.org/project|www\.npmjs\.com/package|crates\.io/crates|pkg\.go\.dev|"
    r"rubygems\.org/gems|hex\.pm/packages|packagist\.org/packages|"
    r"marketplace\.visualstudio\.com/items|huggingface\.co/(?!papers|blog|docs|learn))"
)
THREAD_PATHS = re.compile(
    r"^(?:news\.ycombinator\.com/item|(?:old\.|www\.)?reddit\.com/r/[^/]+/comments|"
    r"lobste\.rs/s/|(?:twitter|x)\.com/[^/]+/status|bsky\.app/profile/[^/]+/post|"
    r"github\.com/[^/]+/[^/]+/(?:issues|pull|discussions)/\d)"
)
COURSE_PATHS = re.compile(
    r"^(?:(?:www\.)?coursera\.org/(?:learn|specializations)|(?:www\.)?edx\.org/course|"
    r"(?:www\.)?udemy\.com/course|ocw\.mit\.edu/courses)"
)


def infer_type(
    url: str | None,
    hints: Iterable[str | None] = (),
    title: str | None = None,
    page: str | None = None,
    tags: Iterable[str] = (),
) -> str:
    """The entry type for a link: `hints` (source kinds, source names) decide first, then the
    link, then `page`, what the page says it is (link metadata's kind: "repo", "book",
    "podcast"...), which only counts where the link alone says no more than `article`.

    A video link is a `talk` when its title says it was given somewhere (a keynote, a conference)
    or the user's own `tags` call it one ("talks"), else a `video`. No link and no hint:
    `article`, like any other page.
    """
    for hint in hints:
        if hinted := _hinted(hint):
            return hinted
    kind = _by_link(url, title) if url else "article"
    if kind == "video" and any(tag.strip().casefold() in TALK_TAGS for tag in tags):
        kind = "talk"
    return (_hinted(page) or kind) if kind == "article" else kind


def _hinted(hint: str | None) -> str | None:
    word = (hint or "").strip().lower()
    return word if word in Entry.types else HINTS.get(word)


def _by_link(url: str, title: str | None) -> str:
    parts = urlsplit(url.strip())
    hostname = parts.hostname or ""  # a property that parses the address again each time it is read
    host = hostname.removeprefix("www.").removeprefix("m.")  # hostname is lower-case already
    where = f"{hostname}{parts.path}".lower()
    listed = _listed(host)
    if listed == "video":
        return "talk" if title and TALK_WORDS.search(title) else "video"
    segments = [s for s in parts.path.split("/") if s]
    if listed == "slides" and len(segments) >= 2:
        return "talk"
    if listed == "paper" or PAPER_PATHS.match(where) or _DOI_PATH.search(where):
        return "paper"
    if listed == "podcast" or _SPOTIFY_SHOW.match(where) or _AUDIO_FILE.search(parts.path.lower()):
        return "podcast"
    if listed == "book" or (_STORE_PAGE.search(where) and "kindle" in url.lower()):  # a Kindle store page
        return "book"
    if THREAD_PATHS.match(where.removeprefix("www.")):
        return "thread"
    if COURSE_PATHS.match(where):
        return "course"
    if listed == "code" and len(segments) >= 2 and not hosts_own_page(host, segments):
        return "tool"
    if PACKAGE_PATHS.match(where):
        return "tool"
    return "article"


_DOI_PATH = re.compile(r"/doi/(abs/|full/|pdf/)?10\.\d{4,}")
_SPOTIFY_SHOW = re.compile(r"open\.spotify\.com/(episode|show)/")
_AUDIO_FILE = re.compile(r"\.(mp3|m4a|ogg|opus)$")
_STORE_PAGE = re.compile(r"amazon\.[a-z.]+/(?:[^/]+/)?(?:dp|gp/product)/")
# Each listed host (and so every host under it: m.youtube.com, gist.github.com) -> its list.
_HOSTS = {
    host: name
    for name, hosts in (
        ("video", VIDEO_HOSTS),
        ("paper", PAPER_HOSTS),
        ("podcast", PODCAST_HOSTS),
        ("book", BOOK_HOSTS),
        ("code", CODE_HOSTS),
        ("slides", SLIDE_HOSTS),
    )
    for host in hosts
}


def _listed(host: str) -> str | None:
    """Which host list names `host` or a domain it is under: one dictionary look-up per label,
    not a scan of every list (an import of 20,000 bookmarks asks 20,000 times)."""
    while host:
        if host in _HOSTS:
            return _HOSTS[host]
        host = host.partition(".")[2]
    return None
