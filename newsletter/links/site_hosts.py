"""A site's name given as its address ("www.liberation.fr", "TMZ.COM") or its company's legal
name ("The New York Times Company"), shown as the site calls itself.

Some pages fill og:site_name or application-name with their host, prefixed or shouted, where
their other tags or their title name the site ("Ayrault ... - Libération"). The byline then
read "LILIAN ALEMAGNA, www.liberation.fr". A name styled as an address on purpose, with its
own capitals ("Phys.org", "Golem.de", "INQUIRER.net"), is the site's brand and stays.
The New York Times marks up its publisher, "The New York Times Company", where every title
ends "- The New York Times": the company's form goes only where the title says the short one.
"""

from __future__ import annotations

import re
import unicodedata

from newsletter.links.urls import host as host_of
from newsletter.links.values import SEPARATOR, norm_name

# "www.liberation.fr", "TMZ.COM": an address written as no brand is
_HOST = re.compile(r"(?:www\d?\.)?(?:[\w-]+\.)+[^\W\d_]{2,}", re.I)
# A company's legal form after the name it trades as
_LEGAL = re.compile(
    r"(?P<name>.+?),?\s+(?:Company|Co\.|Inc\.?|Incorporated|Corporation|Corp\.?|LLC|Ltd\.?|Limited|GmbH|AG|S\.?A\.?|plc)"
    # Japanese, Korean and Chinese forms, written without a space, before the name or after it
    r"|(?:株式会社|有限会社|合同会社|주식회사)\s*(?P<after>.+)|(?P<before>.+?)\s*(?:株式会社|有限会社|合同会社|股份有限公司|有限公司|주식회사)"
)


def _raw_host(name: str) -> bool:
    """A host with its "www." or wholly in capitals, as a server writes it, not as a brand."""
    return bool(_HOST.fullmatch(name)) and (name.casefold().startswith("www") or name.isupper())


def _folded(text: str) -> str:
    """`text` compared without accents or case: "Libération" is liberation.fr."""
    return norm_name("".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)))


def site_as_named(name: str | None, others, title: str | None, clean) -> str | None:
    """`name`, or for a raw host (before a tagline) the first of `others` (the page's later site
    names, cleaned by `clean`) that is not one and spells the host, else the title's first or
    last part that spells the host's name, else the host in small letters without "www."."""
    if name and (legal := _LEGAL.fullmatch(name)):
        # the company, not the masthead: Tages-Anzeiger's JSON-LD publisher is "Tamedia AG",
        # its og:site_name and its titles' "| Tages-Anzeiger" the paper readers know
        trading = legal["name"] or legal["after"] or legal["before"]
        named = _title_part(title, lambda part: norm_name(part) == norm_name(trading))
        return named or next((o for o in map(clean, filter(None, others)) if o and not _LEGAL.fullmatch(o)), name)
    host = _head(name) if name else ""
    if not host or not _raw_host(host):
        return name
    tidy = re.sub(r"^www\d?\.", "", host.casefold())
    label = _folded(tidy.rsplit(".", 1)[0])
    for other in others:
        other = clean(other) if other is not None else None
        # only a name spelling the host: an application-name "Home", "Startseite" or "WordPress"
        # is no better a name for liberation.fr than its address
        if other and not _HOST.fullmatch(_head(other)) and label in _folded(other):
            return other
    named = _title_part(title, lambda part: _folded(part) in (label, _folded(tidy))) or tidy
    return named + name[len(host) :]  # (a tagline after it is cut where the name is shown)


def not_the_platform(name: str | None, url: str, own: str | None) -> str | None:
    """`name`, or the page's own og:site_name `own` where `name` is the blogging platform whose
    subdomain the page is on: Tistory's JSON-LD names "TISTORY" every blog's publisher, where
    og:site_name at haneulbada.tistory.com names the blog, "하늘바다의 개발 노트". (The platform's
    own pages, www.tistory.com, are its own.)"""
    labels = host_of(url).split(".")
    if not name or not own or len(labels) < 3 or labels[0] == "m" or norm_name(own) == norm_name(name):
        return name
    return own if norm_name(name) in labels[1:-1] else name


def _head(name: str) -> str:
    """The name before a tagline: "SIMPLYFOUND.COM | BY: JOE WEE"."""
    return SEPARATOR.split(name, maxsplit=1)[0]


def _title_part(title: str | None, names_site) -> str | None:
    """The title's last or first part, after or before a separator, that `names_site`."""
    parts = SEPARATOR.split(title.strip()) if title else []
    for part in (parts[-1], parts[0]) if len(parts) > 1 else ():
        if names_site(part):
            return part.strip()
    return None
