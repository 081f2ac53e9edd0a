"""A note's raw HTML in the post, for a Hugo site that does not render it.

With Hugo's defaults (`markup.goldmark.renderer.unsafe = false`) Hugo leaves every raw HTML tag
out of the page, the words inside an HTML block with it, and since 0.128 warns "Raw HTML
omitted" for each post holding one, which fails `hugo --panicOnWarning`. A note written for the
email (a `<br>`, a `<details>`) would do that in any site but one that sets `unsafe = true`, so
for the others the post gets the words without the tags: what Hugo would show, plus the text of
HTML blocks, and no warning. HTML comments stay: Hugo drops them without a word.
"""

from __future__ import annotations

import functools
import re

from newsletter.formats import ruby

# CommonMark's raw HTML but for comments: open and closing tags, processing instructions,
# declarations, CDATA. (Autolinks, `<https://…>`, are links, not HTML: no tag name ends in ':'.)
_TAG = (
    r"<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?>"
    r"|</[A-Za-z][A-Za-z0-9-]*\s*>|<\?.*?\?>|<![A-Za-z][^>]*>|<!\[CDATA\[.*?\]\]>"
)


# In a paragraph, heading or table: what is read before a tag, so a tag in it stays: a backslash
# escape, a code span (an unclosed run of backticks is only itself), a comment, an autolink, a
# link destination in angle brackets (`[x](<a b.html>)`). In an HTML block: elements whose
# content is no reader's text, dropped whole; then any tag. Compiled on first use (~5 ms, most
# of it the first): only a note with raw HTML whose post Markdown was not kept is read with them.
@functools.cache
def _note_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    inline = re.compile(
        r"\\.|(`++)(?:[^`]|`++)*?(?<!`)\1(?!`)|`++|<!--.*?-->|<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>"
        r"|\]\([ \t]*(?:\r?\n[ \t]*)?<[^<>\n]*>"
        r"|(?P<br><br\s*/?>)(?P<end>[ \t]*(?:\r?\n|\Z))?|(?P<ruby>" + ruby.RUBY + ")|(?P<tag>" + _TAG + ")",
        re.S | re.I,
    )
    hidden = re.compile(r"<(script|style|textarea|template)\b.*?(?:</\1\s*>|\Z)", re.S | re.I)
    block_tag = re.compile(r"<!--.*?-->|(" + _TAG + ")", re.S)
    return inline, hidden, block_tag


_BLOCKS = ("paragraph_open", "heading_open", "table_open")
_ANY_TAG = re.compile(_TAG, re.S)


def without_raw_html(source: str) -> str:
    """`source` (Markdown) with its raw HTML tags left out, outside code: inline tags go, a
    `<br>` in a paragraph becomes a hard line break (a space elsewhere), and an HTML block keeps
    its words as a paragraph. Code blocks, code spans and comments are left as they are."""
    if "<" not in source:
        return source
    source, sentinel = _unclosable_marked(source)
    lines = source.splitlines(keepends=True)
    tokens = _block_parser().parse(source)
    for token in tokens:
        if not token.map:
            continue
        first, last = token.map
        text = "".join(lines[first:last])
        if token.type == "html_block":
            text = _block_words(text)
            # Its words are a paragraph of their own, not the end of the one before or the start
            # of the one after (a <div> needs no blank line to end a paragraph).
            # (At the top level only: a blank line would end a quote, and loosen a list.)
            top = bool(text) and not _PREFIX.match(text)[0]
            if top and first > 0 and lines[first - 1].strip():
                text = "\n" + text
            if top and last < len(lines) and lines[last].strip():
                text += "\n"
        elif token.type in _BLOCKS:
            body = text.rstrip("\r\n")  # a <br> last in the block breaks no line
            paragraph = token.type == "paragraph_open"
            text = _note_patterns()[0].sub(functools.partial(_inline, paragraph=paragraph), body) + text[len(body) :]
        else:
            continue
        lines[first:last] = [text] + [""] * (last - first - 1)
    text = "".join(lines)
    return text.replace(sentinel, "<") if sentinel else text


# A comment, processing instruction, CDATA section or declaration runs to its closing mark; one
# opened after the last such mark closes nowhere, and the patterns above would look for it to
# the end of the text from every one of them: 20,000 `<!--` took 29 s. Those are text anyway.
_CLOSES = (("<!--", "-->"), ("<?", "?>"), ("<![CDATA[", "]]>"), ("<!", ">"))


def _unclosable_marked(text: str) -> tuple[str, str]:
    """`text` with the '<' of each opening that closes nowhere replaced by a character the text
    does not hold (returned, to be put back), so no pattern reads it as an opening."""
    marked = {start for opening, closing in _CLOSES for start in _each(text, opening, text.rfind(closing) + 1)}
    if not marked:
        return text, ""
    sentinel = next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in text)
    chars = list(text)
    for start in marked:
        chars[start] = sentinel
    return "".join(chars), sentinel


def _each(text: str, word: str, start: int):
    """Where `word` occurs in `text` from `start` on."""
    at = text.find(word, start)
    while at != -1:
        yield at
        at = text.find(word, at + 1)


def _inline(match: re.Match, paragraph: bool) -> str:
    if match["ruby"] is not None:  # its reading in parentheses, not run into the words
        return ruby.flattened(match["ruby"])
    if match["br"] is None:
        return "" if match["tag"] is not None else match[0]
    if not paragraph:
        return " " + (match["end"] or "")
    if match["end"] is None:  # mid-line: break the line there
        return "\\\n"
    # at a line's end, a hard break before the next line; at the paragraph's end, nothing
    return "\\" + match["end"] if match["end"].strip(" \t") else match["end"]


def _block_words(text: str) -> str:
    """An HTML block's words, each line given the container marks and indent of its first line
    (a quote's '>', a list item's indent) and no more: a deeper indent would make code of it. A
    block of tags alone goes, and its line breaks with it."""
    prefix = _PREFIX.match(text)[0]
    _, hidden, block_tag = _note_patterns()
    text = ruby.flattened_in(text)
    text = block_tag.sub(lambda m: " " if m[1] else m[0], hidden.sub(" ", text))
    words = [" ".join(line[len(_PREFIX.match(line)[0]) :].split()) for line in text.splitlines()]
    kept = "\n".join(prefix + line for line in words if line)
    return kept + "\n" if kept else ""


_PREFIX = re.compile(r"[ \t>]*")


@functools.cache
def _block_parser():
    """CommonMark's block structure, with GFM tables as Goldmark has them; no inline parsing."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])


# Every element HTML has: a note's `<friends>` or `<name>` is none of them, so its author meant
# the words, which the blog (Hugo omits raw HTML) and the email (its sanitiser) would both drop.
HTML_ELEMENTS = frozenset(
    """a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption
    cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption
    figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label
    legend li link main map mark menu meta meter nav noscript object ol optgroup option output p param
    picture pre progress q rp rt ruby s samp script search section select slot small source span strike
    strong style sub summary sup svg table tbody td template textarea tfoot th thead time title tr track
    tt u ul var video wbr center font big""".split()
)
_NAMED_TAG = re.compile(r"<(/?[A-Za-z][A-Za-z0-9-]*)>")


def words_in_brackets(text: str) -> str:
    """`text` with each bare `<word>` that names no HTML element ("Going <live>", a title's) in
    look-alike brackets, "‹live›": plain text keeps the word a reader sees elsewhere, where
    `without_tags` would take it for a tag and leave it out; nothing Markdown reads as a tag."""
    if "<" not in text:
        return text
    return _NAMED_TAG.sub(lambda m: m[0] if m[1].strip("/").lower() in HTML_ELEMENTS else f"\u2039{m[1]}\u203a", text)


def without_tags(text: str) -> str:
    """Plain text that themes also put through `markdownify` (Terminal's list of posts shows a
    post's description so), where a tag in it is raw HTML: left out, with its warning. The tags
    go here instead, as words run together, like the page's own text without them."""
    if "<" not in text:
        return text
    text, sentinel = _unclosable_marked(text)
    text = " ".join(_ANY_TAG.sub("", text).split())
    return text.replace(sentinel, "<") if sentinel else text


def renders_raw_html(hugo: dict) -> bool:
    """Whether the site's settings (`formats.site.hugo_settings`) let Goldmark render raw HTML."""
    found = hugo
    for key in ("markup", "goldmark", "renderer"):  # each may be empty: YAML's `markup:` is None
        found = found.get(key) if isinstance(found, dict) else None
    return isinstance(found, dict) and found.get("unsafe") is True
