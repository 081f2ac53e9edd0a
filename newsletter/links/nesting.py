"""A proof, by C-level list operations only, that a page's tags nest as written, for `depth.shallow`.

`bound` takes the page's tags (those outside comments and raw text, read exactly) and returns how
deep the parser can nest them, or None when it cannot tell cheaply: then the exact, tag-by-tag
shadow in `openings` decides. See `depth`'s docstring for why the bound holds.
"""

from __future__ import annotations

from itertools import accumulate, compress, filterfalse, repeat
from operator import add

from newsletter.links.openings import BREAKOUT, FORMATTING, IGNORED, INTEGRATION, MAX_FORMATTING, VOID

# Where the parser does more than nest what it reads: <math> content, framesets, the rest of the
# page as text, the column group a <template> may ignore a <script> in
UNPROVEN = frozenset(("math", "frameset", "frame", "plaintext", "col", "colgroup"))
_CLOSED = "#"  # what a "/>" tag inside <svg> becomes: it opens nothing there
SKIPPED = frozenset(VOID | IGNORED | {_CLOSED} | {"/" + name for name in VOID | IGNORED})  # never pushed
_SELF_CLOSING = SKIPPED | {"svg"}
_TABLE = frozenset(("td", "th", "tr"))  # each may push the row and table body the parser adds
# <html> and <body> (<head> never holds the body), the empty <p> a "</p>" with none open makes,
# and the leaf itself
ALLOWANCE = 4


def bound(tags: list, closed: list, raw: list) -> int | None:
    """The most entries the parser's stack can hold for these `tags` (lower-case names, "/name"
    for an end tag; `closed` truthy for "/>"; `raw`: indices of raw-text elements whose text has
    a "<"), or None when the tags are not provably nested."""
    if not UNPROVEN.isdisjoint(tags) or not _foreign_ok(tags, closed, raw):
        return None
    if not _SELF_CLOSING.issuperset(compress(tags, closed)):
        return None  # (a self-closed <div/> opens a <div>)
    tags = list(filterfalse(SKIPPED.__contains__, tags))
    if not tags:
        return ALLOWANCE
    ends = list(map(str.startswith, tags, repeat("/")))
    depths = list(accumulate(map((1, -1).__getitem__, ends)))
    if depths[-1] != 0:
        return None
    # Each tag's level (a start's depth after it, an end's before it); sorted by level, then
    # position, a well-nested page alternates start and end tags of the same name
    levels = list(map(add, depths, ends))
    order = sorted(range(len(tags)), key=levels.__getitem__)
    in_order = list(map(tags.__getitem__, order))
    if levels[order[0]] < 1 or list(map(add, repeat("/"), in_order[0::2])) != in_order[1::2]:
        return None
    deepest = levels[order[-1]]
    if deepest >= MAX_FORMATTING:  # then count the formatting elements open
        formatting = accumulate(map((0, 1, -1).__getitem__, map(_FORMATTING.get, tags, repeat(0))))
        if max(formatting) >= MAX_FORMATTING:
            return None  # the exact guard cuts there: each text may re-open them all
    return (deepest if _TABLE.isdisjoint(tags) else 3 * deepest) + ALLOWANCE


_FORMATTING = {name: 1 for name in FORMATTING} | {"/" + name: 2 for name in FORMATTING}


def _foreign_ok(tags: list, closed: list, raw: list) -> bool:
    """Is the parser surely in <svg> content, where "/>" closes, inside each <svg>...</svg>?
    (No tag that takes it out, and HTML integration points without tags.) Its "/>" tags are
    marked closed in `tags`."""
    at = -1
    while True:
        try:
            at = tags.index("svg", at + 1)
        except ValueError:
            return True
        if closed[at]:
            continue
        try:
            end = tags.index("/svg", at + 1)
        except ValueError:
            return False
        inside = tags[at + 1 : end]
        if "svg" in inside or any(at < index < end for index in raw):
            return False  # (a <style> there holds tags)
        names = {tag.lstrip("/") for tag in set(inside)}
        if not BREAKOUT.isdisjoint(names):
            return False  # out of <svg>
        for index in range(at + 1, end):
            if closed[index]:
                tags[index] = _CLOSED
            elif tags[index] in SKIPPED:  # void in HTML only: opened here
                tags[index] += ":svg"
            elif tags[index] in INTEGRATION and tags[index + 1] != "/" + tags[index]:
                return False
        at = end
