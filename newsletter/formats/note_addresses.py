"""A note's relative addresses, made absolute for what is read away from the blog.

Devi wrote `![Heatmap…](attention-heatmap.png)` (a picture beside her entry, which the build
copies into the post's bundle), `![Loss curve](/images/loss-curve.png)` (her site's static/)
and `[my post](/posts/x/)`. On the blog the browser follows them from the post's page; the
email, its text part, its web page (/newsletter/<period>/, another folder) and the feeds are
read elsewhere, and kept only the words. Each is made the address a reader of the post follows:
joined to the post's own address on the site, as a browser joins it.

Only from a real address: a site still on `newsletter init`'s placeholder baseURL would send
readers to example.com, so then nothing is joined and `readiness.relative_links` says which
setting to change. A #fragment is left alone (a place in the email's own text, if anywhere).
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urljoin

from newsletter.config import Settings

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_SPACE = re.compile(r"\s")


def post_page(settings: Settings, slug: str, title: str, date: dt.datetime, hugo: dict | None = None) -> str | None:
    """The post's address on the published site (as Hugo's permalinks make it), or None while
    the site has no real address."""
    from newsletter.formats.permalinks import Post, post_url
    from newsletter.formats.site import PLACEHOLDER_SITE, site_base_url

    if site_base_url(settings) == PLACEHOLDER_SITE:
        return None
    return post_url(settings, Post(settings.site.section, slug, title, date), hugo)


def absolute(address: str, page: str | None) -> str:
    """`address` as a reader on the post's `page` follows it; unchanged without a page, with a
    scheme of its own, empty or a #fragment. A space (`<my figure.png>`, which Markdown allows)
    is percent-encoded, as the browser would send it: a mail client's linkifier stops at one."""
    if not page or not address or address.startswith("#") or _SCHEME.match(address):
        return address
    return _SPACE.sub(lambda m: "".join(f"%{b:02X}" for b in m[0].encode()), urljoin(page, address))
