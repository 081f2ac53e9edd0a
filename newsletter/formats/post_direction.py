"""A note's paragraph written against the post's direction, laid out in its own on the blog.

An Arabic post's English quote, "> The library is the last quiet place. Is it?", was laid out
right to left with the page: flush right, its question mark at the wrong end ("?… Is it"), where
the email gives such a paragraph its own `dir` (block_direction). Hugo has no render hook for a
paragraph (a blockquote's is 0.132's, and Debian's is 0.111) and leaves raw HTML out by default;
what both Hugos do is Goldmark's block attributes, a `{dir="ltr"}` line after the paragraph, once
the site turns them on (`markup.goldmark.parser.attribute.block = true`; off by default, when the
line shows as typed). So the line is written only for a site that does, as the shipped one does.
"""

from __future__ import annotations

import functools
import itertools
import re

from newsletter.formats.block_direction import own
from newsletter.formats.language_tag import runs_against, text_direction

# What stands before a paragraph's last line: its blockquotes' `>` and, on a list item's first
# line, its marker, which the line after it is indented past.
_PREFIX = re.compile(r"((?:[ \t]*>[ \t]?)*)([ \t]*(?:(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$))?)")

# A footnote's definition: Goldmark gives its attribute to the page's whole list of footnotes,
# every note's, so one is left as it is
_FOOTNOTE = re.compile(r"[ \t]*(?:>[ \t]?)*[ \t]*\[\^[^\]]+\]:")


def reads_block_attributes(hugo: dict) -> bool:
    """Whether the site's settings (`formats.site.hugo_settings`) turn Goldmark's block attributes on."""
    found = hugo
    for key in ("markup", "goldmark", "parser", "attribute"):  # each may be empty: YAML's `markup:` is None
        found = found.get(key) if isinstance(found, dict) else None
    return isinstance(found, dict) and found.get("block") is True


@functools.cache
def _parser():
    from markdown_it import MarkdownIt  # only for a note with a letter against the post: ~40 ms to load

    return MarkdownIt("commonmark").enable("table")  # a table is left as it is, as the email leaves it


def own_direction(markdown: str, language: str, written_in: str | None = None) -> str:
    """`markdown` (a note as the post carries it) with a `{dir="…"}` line after each paragraph
    written mostly in the other direction than `language`'s. A tight list's item, which Goldmark
    keeps no paragraph for, is left as it is (but for an entry in another language, whose tight
    list and table get the line after them). The note of an entry `written_in` another language
    (entry_language.other) says so after each paragraph, `{lang="en" dir="ltr"}`: its direction
    is counted against that language's, which is each paragraph's unless its script says other."""
    if not written_in and not runs_against(markdown, language):  # no letter of the other direction: most notes
        return markdown
    post = text_direction(language)
    edition = text_direction(written_in) if written_in else post
    other = "ltr" if edition == "rtl" else "rtl"
    said = [f'lang="{written_in}"'] if written_in else []  # (a tag: letters, digits and hyphens only)
    lines = markdown.split("\n")
    after: dict[int, str] = {}  # the line a paragraph ends on -> the line to put after it
    tokens = _parser().parse(markdown)
    for opening, inline in itertools.pairwise(tokens):
        if opening.type != "paragraph_open" or opening.hidden or not opening.map:
            continue
        if _FOOTNOTE.match(lines[opening.map[0]]):
            continue
        words = "".join(child.content for child in inline.children or () if child.type == "text")
        direction = other if own(words, inline.content, edition) else edition
        if direction != post or written_in:
            last = opening.map[1] - 1
            # the prefix of the paragraph's first line: its last may be a lazy continuation, written
            # without the list's indent or the quote's `>`, after which the line would end the list
            # (or quote) and give it the attribute, splitting a list in two
            quotes, marker = _PREFIX.match(lines[opening.map[0]]).groups()
            prefix = quotes + (" " * len(marker) if opening.level > quotes.count(">") else "")
            shown = [f'dir="{direction}"'] if direction != post else []
            after[last] = f"{prefix}{{{' '.join(said + shown)}}}"
    if written_in:
        for opening, last, words, written in _blocks_without_paragraphs(tokens):
            while last > opening.map[0] and not lines[last].strip(" \t>"):  # a list's map takes in the blank after it
                last -= 1
            direction = other if own(words, written, edition) else edition
            quotes, marker = _PREFIX.match(lines[opening.map[0]]).groups()
            prefix = quotes + marker[: len(marker) - len(marker.lstrip())]  # the list's own indent
            shown = [f'dir="{direction}"'] if direction != post else []
            after[last] = f"{prefix}{{{' '.join(said + shown)}}}"
    if not after:
        return markdown
    return "\n".join(f"{line}\n{after[n]}" if n in after else line for n, line in enumerate(lines))


def _blocks_without_paragraphs(tokens):
    """A tight list (its items' paragraphs are hidden: Goldmark writes none) not inside another
    list, and a table: blocks an entry's language is said of after their last line, as a
    paragraph's is (Goldmark gives the list or table the attribute), with the words they hold."""
    found, depth, opened = [], 0, None
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
            if depth == 1:
                opened, words, written, tight = token, [], [], False
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            if depth == 0 and tight and opened.map:
                found.append((opened, opened.map[1] - 1, " ".join(words), " ".join(written)))
        elif token.type == "table_open" and depth == 0 and token.map:
            opened, words, written, tight = token, [], [], False
        elif token.type == "table_close" and depth == 0 and opened is not None and opened.type == "table_open":
            found.append((opened, opened.map[1] - 1, " ".join(words), " ".join(written)))
        elif token.type == "paragraph_open" and depth:
            tight = tight or token.hidden
        elif token.type == "inline" and opened is not None:
            words.append("".join(child.content for child in token.children or () if child.type == "text"))
            written.append(token.content)
    return found
