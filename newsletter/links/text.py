"""The readable text of a page: its article (or main, or body) as paragraphs, for `quotes`.

Pure, like extract.py: (HTML bytes, declared charset) -> text, no network. Scripts, styles,
navigation, headers, footers, forms and asides are dropped; each block element becomes a line.
"""

from __future__ import annotations

import re
import unicodedata

from selectolax.lexbor import LexborHTMLParser

from newsletter.links.decode import decode_html
from newsletter.links.depth import bounded

DROP = "script, style, noscript, nav, header, footer, form, aside, template, svg, iframe, button"
BLOCKS = "p, li, blockquote, h1, h2, h3, h4, h5, h6, pre, dd, dt, td, figcaption"


def page_text(body: bytes, charset: str | None = None) -> str:
    tree = LexborHTMLParser(bounded(decode_html(bytes(body), charset), lean=True))  # parsing stays linear
    for node in tree.css(DROP):
        node.decompose()
    without_readings(tree)
    root = tree.css_first("article") or tree.css_first("main") or tree.body
    if root is None:
        return ""
    nodes = root.css(BLOCKS)
    holding = set()  # what holds a block: its text is its blocks' (a quote's paragraphs, once each)
    for node in nodes:
        parent = node.parent
        while parent is not None and parent.mem_id not in holding:  # (its ancestors are in already)
            holding.add(parent.mem_id)
            parent = parent.parent
    blocks = [re.sub(r"\s+", " ", _words(node)).strip() for node in nodes if node.mem_id not in holding]
    blocks = [block for block in blocks if block]
    return "\n".join(blocks) if blocks else re.sub(r"[ \t]+", " ", root.text(separator="\n")).strip()


def without_readings(tree: LexborHTMLParser) -> None:
    """`tree` with each ruby's readings (furigana: <rt>, and the <rp> around them) left out and its
    words one text with those around it. NHK News Web Easy writes a reading over every kanji: its
    headline was taken as '日本 にっぽん で 新 あたら しいロケット…' (each ruby its own text node,
    joined with a space, its reading among its words) and quotes read so, where a reader sees
    '日本で新しいロケット…'. (The readings: a word's pronunciation, not more of the sentence.)"""
    rubies = tree.tags("ruby")
    if not rubies:
        return
    for ruby in rubies:
        for reading in ruby.css("rt, rp"):
            reading.decompose()
        ruby.unwrap()
    tree.merge_text_nodes()


# Elements a browser lays out on lines of their own, and <br>: what parts the words of a block.
_BREAKS = frozenset("br div p ul ol li dl dt dd table tr td th section figure details summary hr".split())


def _words(block) -> str:
    """A block's words as a reader sees them (`shown_text`)."""
    return shown_text(block)


def shown_text(node) -> str:
    """A block's or a heading's words as a reader sees them, the tree unchanged. Text around an
    inline element (a link, <strong>, <code>, a <span>) runs on where no space could be: beside a
    Chinese or Japanese character ('これは<a>リンク</a>です。' is 'これはリンクです。', where joined
    by a space, as its text nodes were, every Japanese quote and headline read 'これは リンク です。')
    and before a comma or closing mark ('<a>this link</a>, and'); elsewhere a space keeps apart
    what a stylesheet sets on lines of its own (a kicker's <span> over its headline), as does a
    <br> or a block."""
    pieces: list[str | None] = []  # None: a break
    for each in node.traverse(include_text=True):
        if each.tag == "-text":
            pieces.append(each.text_content or "")
        elif each.tag in _BREAKS:
            pieces.append(None)
    shown, parted = "", False
    for piece in pieces:
        if piece is None:
            parted = True
            continue
        if shown and piece and (parted or _apart(shown[-1], piece[0])):
            shown += " "
        shown, parted = shown + piece, False
    return shown


def _apart(before: str, after: str) -> bool:
    """Whether two texts that meet at an element's edge read as two words."""
    if before.isspace() or after.isspace():
        return False
    if unicodedata.east_asian_width(before) in "WF" or unicodedata.east_asian_width(after) in "WF":
        return False
    return unicodedata.category(before) not in ("Ps", "Pi") and not (
        after in ",.;:!?" or unicodedata.category(after) in ("Pe", "Pf")
    )
