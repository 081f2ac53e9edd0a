"""The post as the preview shows it at /post: rendered as Hugo renders it by default, as a
reading view (Hugo's theme not involved); and the `lang` and `dir` the preview's pages give
the newsletter's words. Apart from commands/preview.py, which serves the pages and rebuilds."""

from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

from newsletter.formats import post as markdown_safe
from newsletter.formats.language_tag import text_direction

# The post rendered as Hugo renders it by default (Goldmark: CommonMark with tables,
# strikethrough and linkify, raw HTML left out), as a reading view; Hugo's theme is not involved.
# Raw HTML is parsed as HTML, as Goldmark parses it, and then left out as Goldmark leaves it out
# (`unsafe = false`): without "html", markdown-it showed a note's `<br>` or `<details>` as text.
_MARKDOWN = MarkdownIt("commonmark", {"html": True, "linkify": True, "typographer": True}).enable(
    ["table", "strikethrough", "linkify", "smartquotes"]
)
_MARKDOWN.add_render_rule("html_block", lambda *_: "<!-- raw HTML omitted -->\n")
# A paragraph written against the post's direction ends in Goldmark's `{dir="ltr"}` line
# (formats/post_direction.py, for a site that turns block attributes on): the paragraph's `dir`
# on the blog, where the preview showed the line as text under an Arabic post's English quote.
# An entry in another language than the log's says it too, `{lang="en" dir="ltr"}` or `{lang="en"}`,
# after its paragraphs and after a tight list or a table, which Goldmark gives the line to and
# markdown-it reads into the list's last item or as the table's last row.
_ATTRIBUTES = r'\{(?=[^}])(?:lang="([A-Za-z0-9-]+)")? ?(?:dir="(ltr|rtl)")?\}[ \t]*'
_DIRECTION_LINE = re.compile(rf"\n[ \t]*{_ATTRIBUTES}$")
_ATTRIBUTE_ROW = re.compile(rf"[ \t]*{_ATTRIBUTES}")
# and its title's heading ends in Goldmark's heading attribute, `## [Le titre](…) {lang="fr"}`
_HEADING_END = re.compile(rf"[ \t]+{_ATTRIBUTES}$")


def _said(opening, line: re.Match) -> None:
    for name, value in (("lang", line[1]), ("dir", line[2])):
        if value:
            opening.attrSet(name, value)


def _block_direction(state) -> None:
    lists, tables, rows, dropped = [], [], [], set()
    for index, token in enumerate(state.tokens):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append(token)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "table_open":
            tables.append(token)
        elif token.type == "tr_open":
            rows.append(index)
        elif token.type == "inline" and state.tokens[index - 1].type == "heading_open":
            if line := _HEADING_END.search(token.content):
                _said(state.tokens[index - 1], line)
                token.content = token.content[: line.start()]
        elif token.type == "inline" and (line := _DIRECTION_LINE.search(token.content)):
            opening = state.tokens[index - 1]
            if opening.type == "paragraph_open":  # a tight list's item's is hidden: the list's
                _said(lists[0] if opening.hidden and lists else opening, line)
                token.content = token.content[: line.start()]
        elif token.type == "inline" and tables and rows and (row := _ATTRIBUTE_ROW.fullmatch(token.content)):
            _said(tables[-1], row)
            closing = next(n for n in range(rows[-1], len(state.tokens)) if state.tokens[n].type == "tr_close")
            dropped.update(range(rows[-1], closing + 1))
    state.tokens = [token for index, token in enumerate(state.tokens) if index not in dropped]


_MARKDOWN.core.ruler.before("inline", "block_direction", _block_direction)

# Goldmark's typographer, on in Hugo by default, makes quotes curly (markdown-it's smartquotes, as
# above) and `---`, `--` and `...` a dash, a dash and an ellipsis; not markdown-it's other
# replacements ("(c)" as ©, which Goldmark leaves). The preview's post showed them as typed, new
# user 58's (Ingrid's) "thank you" and O'Brien, which her blog, as her email, showed “thank you”.
_DASHES_AND_DOTS = re.compile(r"---|--|\.\.\.")
_TYPOGRAPHIC = {"---": "\u2014", "--": "\u2013", "...": "\u2026"}


def _dashes_and_dots(state) -> None:
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        linkified = False  # a bare address, which Goldmark's linkify keeps as typed
        for token in block.children:
            if token.type == "link_open":
                linkified = token.markup == "linkify"
            elif token.type == "link_close":
                linkified = False
            elif token.type == "text" and not linkified:
                token.content = _DASHES_AND_DOTS.sub(lambda found: _TYPOGRAPHIC[found[0]], token.content)


_MARKDOWN.core.ruler.after("smartquotes", "dashes_and_dots", _dashes_and_dots)
_MARKDOWN.add_render_rule("html_inline", lambda *_: "<!-- raw HTML omitted -->")


def language_attributes(tag: str) -> str:
    """The `lang` and `dir` of a newsletter in `tag`, as attributes: a French post read out by a
    screen reader, or hyphenated by the browser, as English, the preview page's own language."""
    return f' lang="{html.escape(tag)}" dir="{text_direction(tag)}"'


def post_html(post: str, language: str = "en") -> str:
    meta, body = markdown_safe.split_post(post)
    body = re.sub(r"^<!--more-->$", "", body, flags=re.M)  # Hugo's summary divider, not text
    # Hugo shows a commented-out shortcode `{{</* name */>}}` as `{{< name >}}`.
    body = re.sub(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", r"{{\1\2\3}}", body, flags=re.S)
    title = f"<h1>{html.escape(str(meta.get('title', '')))}</h1>" if meta.get("title") else ""
    return f"<article{language_attributes(language)}>{title}{_MARKDOWN.render(body)}</article>"
