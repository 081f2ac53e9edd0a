"""Bounding a page's nesting before it is parsed, so extraction stays linear in the page's size.

An HTML5 parser looks through its stack of open elements for many start tags (is a `<p>` in
scope? where does this `<li>` end?), so a page nesting 16,000 `<div>`s or `<li>`s costs it time
quadratic in the depth: seconds, for a 100 KB page. Real pages nest a few dozen levels; browsers
stop building deeper than about 512. `shallow` cuts the text at the first tag that would open
level MAX_DEPTH; the metadata a page has is in its head and its first levels, which are kept.

The scan is the parser's shadow and must cost less than the parse: Python loops only over the
raw-text elements and comments (a few dozen a page); the tags between them are listed by one
C-level `findall` each, and the depth after every tag, their running sum clamped at zero, comes
from `itertools.accumulate`. It reads UTF-8 bytes as they are (what Lexbor parses fastest).
"""

from __future__ import annotations

import re
from itertools import accumulate
from operator import sub

MAX_DEPTH = 256
# Elements that never hold others, or whose end tag is implied by their next sibling: they
# do not deepen the tree however many of them are left open.
_FLAT = (
    "area base br col embed hr img input link meta source track wbr param keygen p li dt dd option"
    " optgroup tr td th tbody thead tfoot colgroup caption rb rt rp rtc html head body"
)
# Elements whose content is text up to their end tag, not markup (<plaintext> has no end).
_RAW = "script style textarea title xmp iframe noembed noframes plaintext"
_STEP = {"": 1, "/": -1, b"": 1, b"/": -1}


def _alternation(words: list[str]) -> str:
    """A regular expression for any of `words`, grouped by prefix like a trie, in both cases:
    the engine tries one branch per tag instead of every name."""
    groups: dict[str, list[str]] = {}
    for word in sorted(set(words)):
        groups.setdefault(word[:1], []).append(word[1:])
    branches = []
    for first, rests in groups.items():
        letter = f"[{first}{first.upper()}]"
        longer = [rest for rest in rests if rest]
        optional = "|" if "" in rests else ""
        branches.append(f"{letter}(?:{_alternation(longer)}{optional})" if longer else letter)
    return "|".join(branches)


def _patterns(kind):
    """The scanner's expressions, for str or for bytes."""

    def compile_(pattern: str):
        return re.compile(pattern if kind is str else pattern.encode())

    end_of_name = r"(?![\w:-])"
    # A start or end tag of an element that can hold others; the group is "" or "/". (Starting
    # with a literal "<" lets the engine skip to the next one, instead of trying every byte.)
    nesting = compile_(rf"<(/?)(?!(?:{_alternation(_FLAT.split())}){end_of_name})[a-zA-Z]")
    raw_start = compile_(rf"<(?:({_alternation(_RAW.split())}){end_of_name}|!--)")
    raw_end = {
        (name if kind is str else name.encode()): compile_(f"</{_alternation([name])}{end_of_name}")
        for name in _RAW.split()
        if name != "plaintext"
    }
    return nesting, raw_start, raw_end, ("-->" if kind is str else b"-->")


_PATTERNS = {str: _patterns(str), bytes: _patterns(bytes)}


def _gaps(text, raw_start, raw_end, comment_end):
    """(start, end) of each stretch of markup between raw-text elements and comments."""
    position = 0
    while (match := raw_start.search(text, position)) is not None:
        yield position, match.start()
        if match[1] is None:  # a comment
            end = text.find(comment_end, match.end())
            position = end + 3 if end >= 0 else -1
        else:
            closing = raw_end.get(match[1].lower())
            close = closing.search(text, match.end()) if closing is not None else None
            position = close.end() if close is not None else -1
        if position < 0:
            return  # left open, it runs to the end of the page: all text, no nesting
    yield position, len(text)


def shallow(text: str | bytes, max_depth: int = MAX_DEPTH) -> str | bytes:
    """`text`, cut before the tag that would nest elements `max_depth` deep."""
    if len(text) < 3 * max_depth:
        return text  # too short to nest that deep ("<a>" is the shortest start tag)
    nesting, *raw = _PATTERNS[type(text)]
    gaps = list(_gaps(text, *raw))
    tags = [tag for start, end in gaps for tag in nesting.findall(text, start, end)]
    sums = list(accumulate(map(_STEP.__getitem__, tags), initial=0))
    if max(sums) - min(sums) < max_depth:
        return text  # the clamped depth never exceeds the unclamped sum's range
    lows = accumulate(sums, min)
    depths = list(map(sub, sums, lows))[1:]  # after each tag
    if max(depths) < max_depth:
        return text
    index = depths.index(max_depth) if max_depth in depths else len(tags)
    for start, end in gaps:  # where that tag is: found again the slow way, on a rare page
        for match in nesting.finditer(text, start, end):
            if index == 0:
                return text[: match.start()]
            index -= 1
    return text
