"""What a clone that did not send an edition knows of what went out: the copy as sent
(dist/<PERIOD>/sent.eml) that the clone which sent it committed, and this one pulled.

Two clones of one log, one with the send ledger and one without (new user 53's set-up): after
an edition was emailed and a late entry written in, the clone without the ledger built the
edition's web page and its editions-feed item with the late entry, the other without, so each
build after pulling the other's site changed the item back and set its `updated` to now (review
35). Where the ledger records no send of the edition, the copy stands for it: the edition is
emailed, its feed item holds only what the copy does, and its page is made of the copy.

The copy came from git, not from this clone's own send: it is read as untrusted. One cut short,
another edition's or no message (as_sent.copy_html, late_entries.copy_text) is no copy; one whose
HTML holds anything that runs or loads in a browser, which no edition of ours has (the email's
rules forbid them all), is no copy either, so a forged one never reaches the edition's web page.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import re
from email.parser import BytesHeaderParser
from email.utils import parsedate_to_datetime
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from newsletter.delivery import as_sent, late_entries
from newsletter.delivery.copy_as_sent import CopyAsSent
from newsletter.delivery.ledger import Ledger, digest
from newsletter.errors import NewsletterError
from newsletter.formats import edition_keys
from newsletter.models import Period


def of_edition(state_dir: Path, copy: CopyAsSent) -> tuple[Ledger | None, bool, str | None, as_sent.WentOut | None]:
    """as_sent.of_edition's, and what went out (as_sent.went_out's): from the copy as sent
    (`copy`, the edition's) where the ledger records no send of a month's or a week's edition
    and the copy is one."""
    ledger, emailed, html = as_sent.of_edition(state_dir, copy)
    # (not a year's: its copy shows its favourites, not every link)
    if not emailed and not edition_keys.is_year(copy.folder.name) and (pulled := _pulled(copy)):
        return ledger, True, pulled[1], pulled[0]
    return ledger, emailed, html, as_sent.went_out(ledger)


def _pulled(copy: CopyAsSent) -> tuple[as_sent.WentOut, str] | None:
    if (data := copy.data) is None or (html := as_sent.copy_html(copy)) is None or not inert(html):
        return None
    if (shown := late_entries.copy_text(copy)) is None:
        return None
    return as_sent.WentOut(digest(data), None, None, shown, _date(data, copy.folder.name)), html


def _date(data: bytes, period: str) -> str | None:
    """The copy's Date, which a build writes as the edition's `published`, as its record keeps
    that (ISO 8601); None for none, one without its offset, or one no send of the edition has:
    a forged `Date: Fri, 31 Dec 9999` dated the edition's feed item, and each feed's `updated`,
    to the year 9999 (attack 34). A build writes the edition's date (its latest entry's day, or
    its last day), so a real one is no earlier than its first day (a week moved by week_start
    begins at most six days before its Monday) and no later than today."""
    try:
        head = BytesHeaderParser(policy=email.policy.compat32).parsebytes(data, headersonly=True)
        moment = parsedate_to_datetime(str(head.get("Date", "")))
        first = Period.parse(period).start - dt.timedelta(days=7)
    except (TypeError, ValueError, IndexError, LookupError, OverflowError, NewsletterError):
        return None
    if moment.tzinfo is None:
        return None
    if not first <= moment.date() <= dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1):
        return None
    return moment.isoformat()


# what runs or loads in a browser, of which an email of ours has none (DESIGN.md's email rules);
# noscript, noembed, noframes and template too: a browser running scripts reads a noscript's
# inside as text where this parser (scripting off) reads tags, so `<noscript><p title="</noscript>
# <img onerror=...>">` looked inert here and ran there (attack 34)
_ACTIVE_TAGS = (
    "script, iframe, frame, frameset, object, embed, applet, form, svg, math, base, link, portal,"
    " noscript, noembed, noframes, template"
)
_ACTIVE_CSS = re.compile(r"expression\s*\(|javascript:|vbscript:|@import|behavior\s*:|-moz-binding", re.I)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(.))", re.S)
_URL_ATTRIBUTES = (
    *("href", "src", "action", "formaction", "background", "poster", "srcset", "xlink:href", "data"),
    *("cite", "ping", "longdesc", "lowsrc", "dynsrc", "manifest", "codebase", "archive", "icon"),
)
# the schemes an email of ours links to (formats/email.py's nh3 keeps no other); none, a
# relative address or an #anchor, is one too
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))
_TABS_AND_NEWLINES = re.compile(r"[\t\n\r]")
# the http-equiv values mrml writes; refresh (a redirect) or set-cookie is none of ours
_SAFE_HTTP_EQUIV = frozenset({"content-type", "x-ua-compatible"})


def inert(html: str) -> bool:
    """Whether `html` holds nothing that runs, loads a page or sends a form: no script, frame,
    object, form, SVG or MathML, no base or link, no on* attribute, no address but an http(s),
    mailto or relative one, no CSS expression or import, no refresh. Allowed, not blocked, as a
    browser reads them: `jav&#x09;ascript:` or a control character before `javascript:` runs
    there (the URL parser drops them) and passed a check of the text as written (attack 34)."""
    tree = LexborHTMLParser(html)
    if tree.css_first(_ACTIVE_TAGS) is not None:
        return False
    for node in tree.css("*"):
        for name, value in node.attributes.items():
            name, value = name.lower(), value or ""
            if name.startswith("on") or (name in _URL_ATTRIBUTES and not _safe_addresses(name, value)):
                return False
            if name == "style" and _ACTIVE_CSS.search(_css_unescaped(value)):
                return False
            if name == "http-equiv" and value.strip().lower() not in _SAFE_HTTP_EQUIV:
                return False
        if node.tag == "style" and _ACTIVE_CSS.search(_css_unescaped(node.text(deep=True) or "")):
            return False
    return True


def _safe_addresses(name: str, value: str) -> bool:
    """Whether every address in an attribute's value is one of _SAFE_SCHEMES, or has none, read
    as a browser's URL parser does: C0 controls and spaces around it dropped, tabs and newlines
    anywhere in it (WHATWG URL's basic parser)."""
    addresses = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
    for address in addresses:
        address = _TABS_AND_NEWLINES.sub("", address.strip(_C0_AND_SPACE))
        scheme = _SCHEME.match(address)
        if scheme is not None and scheme[1].lower() not in _SAFE_SCHEMES:
            return False
    return True


def _css_unescaped(css: str) -> str:
    """CSS with its escapes read, as a browser reads `@\\69mport` as @import; comments dropped,
    as `@im/**/port` is none but `expression/**/(` is one in the browsers that ran expressions."""
    css = re.sub(r"/\*.*?(?:\*/|$)", "", css, flags=re.S)
    return _CSS_ESCAPE.sub(lambda m: chr(min(int(m[1], 16), 0x10FFFF) or 0xFFFD) if m[1] else m[2], css)
