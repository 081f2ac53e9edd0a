"""Whether a live link now leads to a site's home page instead of its page: how many sites answer
for a page they removed, and a domain that changed hands (a "soft 404": the link answers, and
readers find no page); or to another site's page (`sent_away`); or to a parking service's page
for a domain that lapsed (`parked`). `check` warns of each.

A redirect home is not always a page lost. A link that was a home page already under another
name (`/index.html`, `/home`, a language's `/en/`) lands where it always did; a short link
(t.co, bit.ly) to another site's home page was made to go there; and an address with a
fragment (`/#/docs/page`) is a page of a single-page site, routed in the browser.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from newsletter.links.urls import host, path_parts

# A path that names a home page: its index file, "home", or a language's root ("en", "pt-br").
_HOME_BY_ANOTHER_NAME = re.compile(r"(?:index|default|home)(?:\.\w+)?|[a-z]{2}(?:[-_][a-z]{2})?", re.IGNORECASE)


def sent_home(url: str, landed: str | None) -> bool:
    """Whether `url`, a link to a page, was redirected to `landed`, a site's home page (or the
    page a parking service shows for the whole domain)."""
    if landed is None:
        return False
    if parked(url, landed):
        return True
    page, home = urlsplit(url), urlsplit(landed)
    if home.path not in ("", "/") or home.query or home.fragment:
        return False
    segments = [part for part in page.path.split("/") if part]
    if all(_HOME_BY_ANOTHER_NAME.fullmatch(segment) for segment in segments):
        return False  # the link is a home page itself, or a language's (/en/index.html, /de/home)
    # A short link (one short code, to another site): its target is where it was made to lead.
    return not _short_link(url, landed)


# A page's name of words ("my-great-post": a Ghost or WordPress post's whole path), not a short
# link's code ("3xYz", YouTube's "z-WSrQDXkuM"): such a blog's post, its domain sold, is a page gone.
_WORDS = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+){2,}(?:\.html?)?")


def _short_link(url: str, landed: str) -> bool:
    """Whether `url` is a short link to another site: one short code for all its path, or on a
    short domain, a short word and the code (goo.gl/maps/…, a.co/d/…, flic.kr/p/…, g.co/kgs/…)."""
    parts = path_parts(url)
    if not parts or _WORDS.fullmatch(parts[-1]) or host(url) == host(landed):  # (www. is no other)
        return False
    if len(parts) == 1:
        return True
    return len(parts) == 2 and len(_site(host(url))) <= _SHORT_DOMAIN and _KIND.fullmatch(parts[0]) is not None


# A shortener's own name is short (a.co, g.co, goo.gl, flic.kr, amzn.to), and the word before
# its code says what kind of thing it leads to: a sold domain's two-part paths are rarely both
_SHORT_DOMAIN = 8
_KIND = re.compile(r"[a-z]{1,6}")


# Persistent identifiers' resolvers: leading to another site is what their links are for.
_RESOLVERS = frozenset("doi.org dx.doi.org hdl.handle.net purl.org w3id.org identifiers.org n2t.net".split())
# Hosts whose every subdomain is someone's own site (the public-suffix list's best-known blog and
# page hosts): foo.github.io and bar.github.io are two people's, as foo.com and bar.com are.
_SHARED = frozenset(
    "github.io gitlab.io blogspot.com wordpress.com substack.com medium.com tumblr.com netlify.app vercel.app "
    "pages.dev herokuapp.com neocities.org readthedocs.io".split()
)


def sent_away(url: str, landed: str | None) -> bool:
    """Whether `url` now leads to another site: a domain that lapsed and was bought (a casino, a
    parked page) redirects its old posts there, and the build shows the new owner's title. A
    move within the site (www., a subdomain), a short link, a resolver's link and a consent wall
    on the way (consent.google.com) are not; nor is
    a site that moved to another domain and took its pages along (twitter.com/jack/status/20 to
    x.com/jack/status/20, a Substack to its own domain, a Medium post to its publication's):
    a warning on every tweet would teach authors to skip the one that says a page was sold."""
    if landed is None or host(url) in _RESOLVERS or _same_site(host(url), host(landed)):
        return False
    return not _short_link(url, landed) and not _took_the_page(url, landed) and not _asks_consent(url, landed)


# Where the EU's visitors are sent first to agree to cookies, on the way to the page itself
_CONSENT_HOSTS = frozenset(
    "consent.google.com consent.youtube.com consent.yahoo.com guce.yahoo.com consent.aol.com guce.aol.com".split()
)


def _asks_consent(url: str, landed: str) -> bool:
    """Whether `landed` is a consent wall standing before the page: a well-known one, or one
    whose address carries the link's own to go back to (?continue=https://…, ?done=…)."""
    if host(landed) in _CONSENT_HOSTS:
        return True
    query = unquote(urlsplit(landed).query).lower()
    return bool(host(url)) and ("//" + host(url) in query or "//www." + host(url) in query)


def _same_site(one: str, other: str) -> bool:
    one, other = one.rstrip("."), other.rstrip(".")  # ("example.com." is example.com)
    return _site(one) == _site(other) or one.endswith("." + other) or other.endswith("." + one)


def _site(name: str) -> str:
    """The registered name a host belongs to, near enough: its last two labels, three under a
    country's second level ("example.co.uk") or a shared host ("foo.github.io"); an address is itself."""
    labels = name.split(".")
    if name.replace(".", "").isdigit() or ":" in name or len(labels) < 3:
        return name
    shared = ".".join(labels[-2:]) in _SHARED
    keep = 3 if shared or (len(labels[-1]) == 2 and len(labels[-2]) <= 3) else 2
    return ".".join(labels[-keep:])


def _took_the_page(url: str, landed: str) -> bool:
    """Whether the page's own name, the last part of its path, is a part of where it landed:
    a site that moves takes its pages along; a domain's new owner has none of them."""
    name = _stem(path_parts(url)[-1]) if path_parts(url) else ""
    if not name or _HOME_BY_ANOTHER_NAME.fullmatch(name):  # ("index.html", "en": any site has one)
        return False
    return name in map(_stem, path_parts(landed))


def _stem(part: str) -> str:
    return re.sub(r"\.(?:html?|php|aspx?)$", "", part.lower())  # (a site that moved dropped its ".html")


# Where parking services send every address of a lapsed domain, on the domain itself: GoDaddy's
# `/lander`, and Bodis's and ParkingCrew's numbered hosts (`ww1.`, `ww38.` before the domain).
# Neither is a home page nor another site, so a link to a blog whose domain was not renewed
# passed `check` as alive while its readers found an advertisement for the domain.
_LANDER = "/lander"
_NUMBERED_HOST = re.compile(r"ww\d+\.", re.IGNORECASE)


def parked(url: str, landed: str | None) -> bool:
    """Whether `url` was redirected to `landed`, a parking service's page for its whole domain."""
    if landed is None:
        return False
    page, to = urlsplit(url), urlsplit(landed)
    if to.path.rstrip("/").lower() == _LANDER and page.path.rstrip("/").lower() != _LANDER:
        # (on the domain itself: another site's /lander is its own page, a campaign's a short link
        # leads to, which was told a parked domain and the link's archived copy offered, attack 35)
        return _same_site(page.hostname or "", to.hostname or "")
    numbered = _NUMBERED_HOST.match(to.hostname or "")
    return bool(numbered) and (to.hostname or "")[numbered.end() :] == (page.hostname or "").removeprefix("www.")
