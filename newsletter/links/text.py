"""The readable text of a page: its article (or main, or body) as paragraphs, for `quotes`.

Pure, like extract.py: (HTML bytes, declared charset) -> text, no network. Scripts, styles,
navigation, headers, footers, forms and asides are dropped; each block element becomes a line.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from newsletter.links.decode import decode_html

DROP = "script, style, noscript, nav, header, footer, form, aside, template, svg, iframe, button"
BLOCKS = "p, li, blockquote, h1, h2, h3, h4, h5, h6, pre, dd, dt, td, figcaption"


def page_text(body: bytes, charset: str | None = None) -> str:
    tree = LexborHTMLParser(decode_html(bytes(body), charset))
    for node in tree.css(DROP):
        node.decompose()
    root = tree.css_first("article") or tree.css_first("main") or tree.body
    if root is None:
        return ""
    blocks = [re.sub(r"\s+", " ", node.text(separator=" ")).strip() for node in root.css(BLOCKS)]
    blocks = [block for block in blocks if block]
    return "\n".join(blocks) if blocks else re.sub(r"[ \t]+", " ", root.text(separator="\n")).strip()
