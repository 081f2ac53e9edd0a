"""Netscape bookmark HTML: what browsers, Pinboard, Raindrop.io and Pocket export.

Format: https://learn.microsoft.com/en-us/previous-versions/windows/internet-explorer/ie-developer/platform-apis/aa753582(v=vs.85)
Each bookmark is `<DT><A HREF=… ADD_DATE=… TAGS=…>title</A>`, optionally followed by
`<DD>description`. Pinboard adds `TOREAD="1"`; Pocket writes `<li><a href time_added tags>` in
lists under `<h1>Unread</h1>` and `<h1>Read Archive</h1>`. Folders (`<H3>`) are not kept: they
say where a browser filed a link, not what it is about. Parsed with selectolax (Lexbor), which
reads the unclosed `<DT>`/`<DD>` the way browsers do.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from newsletter.importers.common import clean, tag_list, truthy, unreadable, web_link, when
from newsletter.importers.entry import NAMED
from newsletter.importers.model import Parsed, SavedItem
from newsletter.links import depth, untrusted

NAME = "bookmarks-html"
# A folder's list and the <p> browsers write after it: each folder nests them a level deeper.
_FOLDER_TAGS = re.compile(r"<(?:/?dl|/?p)(?=[\s/>])[^>]*>", re.I)


def parse(text: str, name: str) -> Parsed:
    """Every bookmark with an http(s) link; a link of another kind (javascript:, place:) is a warning.

    An HTML parser's time grows with the square of the nesting: 200,000 folders inside each
    other, a 5 MB file, took Lexbor more than ten minutes. Folders are not kept, so their
    `<DL>`s and `<p>`s are left out and an export parses flat; anything else nesting deep (no
    export does) is cut where it would, with a warning (links/depth.py, as for fetched pages).
    """
    parsed = Parsed(NAME)
    flat = _FOLDER_TAGS.sub("", text)
    kept = depth.bounded(flat)
    tree = LexborHTMLParser(kept)
    heading, number = "", 0
    for node in tree.css("h1, a"):
        if node.tag == "h1":
            heading = clean(node.text()).lower()
            continue
        attrs = node.attributes
        href = attrs.get("href")
        if href is None:
            continue
        number += 1
        url = web_link(href)
        title = clean(node.text()) or None
        if url is None:
            said = untrusted.truncate(title, NAMED) or href[:60]
            parsed.warnings.append(f"{name}: skipped bookmark {number} ({said!r}): not a web link")
            continue
        written = attrs.get("add_date") or attrs.get("time_added")
        parsed.items.append(
            SavedItem(
                source=NAME,
                source_id=url,
                title=title,
                url=url,
                saved_at=when(written),
                date_written=unreadable(written),
                tags=tag_list(attrs.get("tags")),
                unread=truthy(attrs.get("toread")) or heading == "unread",
                note=_description(node) or None,
            )
        )
    if len(kept) < len(flat):
        parsed.warnings.append(
            f"{name}: left out what follows bookmark {number}: the file nests elements more than "
            f"{depth.MAX_DEPTH} deep there, as no browser's export does; re-export it"
        )
    return parsed


def _description(anchor) -> str:
    """The text of the `<DD>` right after the bookmark's `<DT>`, if there is one."""
    holder = anchor.parent
    if holder is None or holder.tag != "dt":
        return ""
    sibling = holder.next
    while sibling is not None and sibling.tag == "-text" and not (sibling.text() or "").strip():
        sibling = sibling.next
    if sibling is None or sibling.tag != "dd":
        return ""
    return clean(sibling.text(), lines=True)
