"""Closing straight quotes that Hugo's typographer would leave straight, curled for it.

Goldmark (Hugo's Markdown) curls a straight double quote by the characters either side of it:
after a space it opens, before a space or punctuation it closes, and between two letters it does
neither. Korean writes a particle right after a closing quote, `"좋은 문장은 고쳐 쓰기에서 온다"는
말` ("the saying that…"), so every such quote showed on the blog as “좋은 … 온다"는, its opening
quote curled and its closing one straight, where the email (which curls quotes itself) was right.
A quote after a sentence's end, `"안녕하세요."라고`, Goldmark even opens (“안녕하세요.“라고).
Such a quote is curled in the post's Markdown when a quote Goldmark curls opened it; the rest is
left to Goldmark, and code, raw HTML and link destinations and titles are not looked at.
"""

from __future__ import annotations

import re
import unicodedata

# In a block's text, what is not the reader's prose, read before a quote so a quote in it stays:
# a backslash escape, a code span (an unclosed run of backticks is only itself), a comment, an
# autolink or raw HTML tag (a letter, / ? or ! after its `<`: Korean's <책 제목> is text to
# Goldmark), a link's destination and title; then the quote itself.
_INLINE = re.compile(
    r"\\.|(`+)(?:[^`]|`+)*?(?<!`)\1(?!`)|`+|<!--.*?-->|<[A-Za-z/?!][^<>\n]*>"
    r"|\]\((?:[^()\n]|\([^()\n]*\))*\)|(?P<quote>\")",
    re.S,
)
# What a quote closes after, ending a sentence or an aside, before Korean's particle: `"안녕하세요."라고`,
# or Chinese's next word: `"你好。"然后` (its full-width punctuation, typed with straight quotes)
_ENDS = ".!?…,;:)]}’”»。！？，、；：）」』》〉】"
# A quote Goldmark leaves straight (between letters) or opens (after punctuation, before a letter)
_BEFORE_A_LETTER = re.compile(rf'(?:[^\W_]|[{re.escape(_ENDS)}])"[^\W_]')
_PROSE = ("paragraph_open", "heading_open", "table_open")


def closing_quotes_curled(source: str, block_parser) -> str:
    """`source` (Markdown) with each closing `"` that stands between two letters curled (”),
    where Goldmark curled the quote that opened it. `block_parser`: CommonMark's blocks."""
    if '"' not in source or not _BEFORE_A_LETTER.search(source):
        return source  # (most notes: no CommonMark parse, markdown-it not even imported)
    lines = source.splitlines(keepends=True)
    for token in block_parser().parse(source):
        if token.type in _PROSE and token.map:
            first, last = token.map
            text = "".join(lines[first:last])
            if '"' in text:
                lines[first:last] = [_curled(text)] + [""] * (last - first - 1)
    return "".join(lines)


def _curled(text: str) -> str:
    opened = False  # by a quote Goldmark curls: one after a space, or first, before a letter
    parts, done = [], 0
    for match in _INLINE.finditer(text):
        if match["quote"] is None:
            continue
        at = match.start()
        before, after = text[at - 1 : at], text[at + 1 : at + 2]
        if opened and before in _ENDS and _letter(after):
            # Goldmark opens it ("안녕하세요.“라고 말했다"), a quote after punctuation and
            # before a letter being one that could open: it closes the one opened before it
            parts += [text[done:at], "”"]
            done, opened = at + 1, False
        elif _space(before) or _punctuation(before):
            opened = bool(after) and not _space(after)
        elif opened and _letter(before) and _letter(after):
            parts += [text[done:at], "”"]
            done, opened = at + 1, False
        else:
            opened = False  # a closing quote Goldmark curls, or one it leaves alone
    return "".join(parts) + text[done:] if parts else text


def _space(char: str) -> bool:
    return not char or char.isspace()


def _punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS" and char not in "\"'"


def _letter(char: str) -> bool:
    return bool(char) and char.isalnum()
