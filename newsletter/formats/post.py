"""Putting text into a Hugo Markdown post: escaping fetched text, URLs, the author's own Markdown,
front matter (and reading it back)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html
import json
import re
import tomllib
from urllib.parse import quote

from markupsafe import Markup

from newsletter.config import Settings
from newsletter.formats.closing_quotes import closing_quotes_curled
from newsletter.formats.plain_line import without_markup
from newsletter.formats.raw_html import without_raw_html, without_tags, words_in_brackets
from newsletter.formats.term_pages import hugo_terms
from newsletter.models import Edition

# Characters that start Markdown syntax anywhere in a line. `<` and `&` become entities so
# no raw HTML survives (Hugo would drop it anyway), and `{` too, so `{{<` can never open a
# shortcode that Hugo would run.
_ESCAPES = {
    "\\": "\\\\",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "[": "\\[",
    "]": "\\]",
    "<": "&lt;",
    ">": "&gt;",
    "{": "&#123;",
    "}": "&#125;",
    "|": "\\|",
    "!": "\\!",
    "~": "\\~",  # strikethrough (~~x~~, or ~x~); in a heading's link, it panicked Hugo 0.111
}
# An underscore inside a word (model_search) never starts emphasis, so it stays readable.
_ESCAPE_RE = re.compile(
    "|".join(re.escape(c) for c in _ESCAPES if c != "_") + r"|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|&(?=#?\w+;)"
)


# Any character an escape starts with. Most values (titles, names) hold none, and one scan for
# them is several times quicker than the alternation above, tried at every character; the post
# escapes every value it prints, a few hundred an edition.
_MAYBE_ESCAPED = re.compile("[" + "".join(re.escape(c) for c in _ESCAPES) + "&]")
# A line starting with '#', '-', '+', '>' or '1.' would become a heading, list or quote. A
# backslash escapes only punctuation: the one of '1.' goes before its dot, as "\3. Liga" showed
# its backslash.
_BLOCK_START = re.compile(r"^(?:([#>+-])|(\d+)([.)]))")
_DASHES = re.compile(r"-{2,}")
# A heading's closing '#'s, which CommonMark drops: an unlinked "## [Book] Learning C #"
_CLOSING_HASHES = re.compile(r"(?<=\s)(#*)#$")


def escape(text: str) -> str:
    """Plain text -> Markdown that shows exactly that text, inline."""
    text = " ".join(str(text).split())  # runs of whitespace as one space (str.split's is re's \s)
    if _MAYBE_ESCAPED.search(text):
        text = _ESCAPE_RE.sub(_escaped, text)
    if "--" in text:  # Hugo's typographer makes "--" an en dash: "pip install –upgrade"
        text = _DASHES.sub(lambda run: "\\-" * len(run[0]), text)
    if text.endswith("#"):
        text = _CLOSING_HASHES.sub(r"\1\\#", text)
    return _BLOCK_START.sub(_block_escaped, text)


def _block_escaped(match) -> str:
    return "\\" + match[1] if match[1] else match[2] + "\\" + match[3]


def _escaped(match) -> str:
    return _ESCAPES.get(match.group(0), "&amp;")


def escape_unless_safe(value):
    """Jinja `finalize` for the post: every printed value is escaped unless marked safe."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    return escape(value) if isinstance(value, str) else value


def url(value: str) -> Markup:
    """A URL fit for `[text](url)`: spaces, parentheses and angle brackets encoded."""
    return Markup(quote(str(value).strip(), safe=":/?#@!$&'*+,;=%~-._[]"))


SUMMARY_DIVIDER = "<!--more-->"  # Hugo's, exactly so: `<!-- more -->` is only a comment

# The author's Markdown (notes, intro, outro) goes into the post as written, but Hugo renders a
# link to any scheme (`[x](JaVaScRiPt:…)`, `<javascript:…>`: Goldmark checks only the lower-case
# spelling, and autolinks not at all) and runs shortcodes. Notes can come from an import, so a
# link destination is kept only if its scheme, decoded the way CommonMark decodes it, is one of
# these (a relative link has none), as in the email.
SAFE_SCHEMES = ("http", "https", "mailto")
# Where a link destination starts: an inline link or image `](`, a reference definition `]:`
# (each with up to one line break and an optional `<`), an autolink `<scheme:…>`.
_DESTINATION = re.compile(
    r"\]\([ \t]*(?:\r?\n[ \t]*)?<?|\]:[ \t]*(?:\r?\n[ \t]*)?<?"
    r"|<(?=[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>)"
)
# CommonMark's decoding of a destination: backslash escapes of ASCII punctuation, entities.
_DECODE = re.compile(r"\\([!-/:-@\[-`{-~])|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
# A shortcode `{{< name >}}` / `{{% name %}}`, unless already Hugo's comment form `{{</* … */>}}`.
_SHORTCODE = re.compile(r"\{\{<(?!\s*/\*)((?:(?!\{\{).)*?)>\}\}|\{\{%(?!\s*/\*)((?:(?!\{\{).)*?)%\}\}", re.S)


def authors_markdown(
    source: str, headings: int = 2, *, shortcodes: bool = False, own: bool = False, raw_html: bool = True
) -> Markup:
    """The author's own Markdown for the post: as written, with its headings moved down so the
    shallowest is at level `headings` (2 by default: the post's title is the page's one <h1>; a
    note passes 3, below its entry's `##`), links to other schemes made harmless and, unless
    `shortcodes` ([site] shortcodes = true), shortcodes shown as typed; with `own` (in a post,
    which holds many notes), its footnote and link reference labels made its own (own_labels);
    without `raw_html` (a site that does not render it), its HTML tags left out (raw_html)."""
    if not raw_html:
        source = without_raw_html(source)
    # The post's summary ends where the template puts `<!--more-->`; Hugo takes the first one it
    # finds, even in code, so one in a note made the summary the post's first entry, heading,
    # byline and all. An ordinary comment instead: the page shows the same.
    source = source.replace(SUMMARY_DIVIDER, "<!-- more -->")
    # Blank lines around it go, not the indent of its first line (an indented code block).
    source = demote_headings(re.sub(r"\A(?:[ \t]*(?:\r\n|\r|\n))+", "", source).rstrip(), headings)
    if own:
        source = own_labels(source)
    source = closing_quotes_curled(source, _block_parser)
    text = _DESTINATION.sub(lambda m: m.group(0) + _neutral(source, m.end()), source)
    if not shortcodes:
        # Hugo's own escape: `{{</* name */>}}` shows `{{< name >}}`, in text and code alike.
        text = _SHORTCODE.sub(
            lambda m: "{{</*" + m[1] + "*/>}}" if m[1] is not None else "{{%/*" + m[2] + "*/%}}", text
        )
        text = re.sub(r"\{\{(?=[<%])(?!</\*|%/\*)", "{&#123;", text)  # an unclosed one
    return Markup(text)  # blank lines as written: in a code block they are the code's


# What could be a heading: a '#' first on its line but for container marks (quotes, list items;
# not a link's #fragment), or a line that could underline a setext heading. Looked for at the
# text's start, then after each line break: a pattern that starts with a line break is searched
# for by skipping to the next one, where `(?:^|[\r\n])` would be tried at every character
# (ten times slower, on every note of every post).
_HEADING_LINE = r"(?:[ \t>*+\-0-9.)]*(?:\[\^[^\]\r\n]+\]:[ \t]*)?#|[ \t>]*(?:=+|-+)[ \t]*(?:[\r\n]|\Z))"
_FIRST_LINE_HEADING = re.compile(_HEADING_LINE)
_LATER_LINE_HEADING = re.compile(r"[\r\n]" + _HEADING_LINE)
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")  # CommonMark's line endings only
# A footnote's definition, `[^label]:` first on its line but for quote and list marks (Goldmark
# reads one in any block that holds blocks): Goldmark's footnotes (on in Hugo by
# default) hold blocks, so its text and the lines indented four spaces under it can be headings,
# an <h1> among them. CommonMark has no footnotes; to find those headings the label is parsed
# as what holds blocks alike: an item of an ordered list whose text starts four columns in, as
# the footnote's next lines do, and which, as a footnote does, may interrupt a paragraph.
_FOOTNOTE = re.compile(r"((?:[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t])))*[ \t]*)\[\^([^\]\r\n]+)\]:[ \t]*")
_AS_ITEM = "1.  "


def demote_headings(source: str, top: int) -> str:
    """`source` with every heading moved down by as many levels as puts the shallowest at
    level `top` (none deeper than 6); nothing else changes, and a text whose headings are all
    at `top` or deeper is returned as it is. The headings are the ones a CommonMark parser
    finds, as Hugo's Goldmark does: never a line in a code block, nor a `#hashtag`. An ATX
    heading gets more '#'; a setext one (`Title` over `===`), which cannot go below level 2,
    becomes an ATX heading."""
    if not (_FIRST_LINE_HEADING.match(source) or _LATER_LINE_HEADING.search(source)):
        return source
    lines = _LINES.findall(source)
    labels = _footnote_labels(lines) if "[^" in source else {}
    tokens = _block_parser().parse(_footnotes_as_items(lines, labels) if labels else source)
    found = [(token, tokens[i + 1]) for i, token in enumerate(tokens) if token.type == "heading_open"]
    step = max(0, top - min((int(token.tag[1]) for token, _ in found), default=top))
    if not step:
        return source
    for token, inline in found:
        level = min(6, int(token.tag[1]) + step)
        first, end = token.map
        line = lines[first]
        if token.markup.startswith("#"):  # no container mark (`>`, `-`, `1.`) holds a '#'
            at = line.index("#", labels[first].end() if first in labels else 0)  # a label may hold a '#'
            lines[first] = line[:at] + "#" * level + line[at + len(token.markup) :]
            continue
        # setext: the text's lines (their container marks dropped) joined on the first's place
        body = line.rstrip("\r\n")
        start = len(body.rstrip()) - len(inline.content.split("\n")[0].rstrip())
        text = " ".join(part.strip() for part in inline.content.split("\n"))
        text = re.sub(r"(^|[ \t])(#+)$", r"\1\\\2", text)  # a last ' #' would be a closing sequence
        ending = lines[end - 1][len(lines[end - 1].rstrip("\r\n")) :]  # the underline's
        lines[first] = body[:start] + "#" * level + " " + text + ending
        lines[first + 1 : end] = [""] * (end - first - 1)
    return "".join(lines)


# A link reference's definition, its label first on its line but for blockquote and list item
# marks (any number, nested); in the text, a footnote `[^label]`, or a bracketed text with an optional second one:
# `[text][label]`, `[label][]`, `[label]` (not an inline link's `[x](`). What is read before a
# use, left as it is: a backslash escape, a code span (over lines; an unclosed run of backticks
# is only itself), an autolink or an HTML tag, a shortcode, an inline link's destination and title.
_DEFINED = re.compile(r"(?:[ \t>]|(?:[-+*]|\d{1,9}[.)])(?=[ \t]))*\[((?:[^\]\[\\\r\n]|\\.)+)\]:")
_TAG = (  # CommonMark's raw HTML and autolinks: what is no tag ("a <b [ref]>") is text
    r"<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?>"
    r"|</[A-Za-z][A-Za-z0-9-]*\s*>|<!--.*?-->|<\?.*?\?>|<![A-Za-z][^>]*>|<!\[CDATA\[.*?\]\]>"
    r"|<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|<[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9.-]+>"
)
_USE = re.compile(
    r"\\.|(`++)(?:[^`]|`++)*?(?<!`)\1(?!`)|`++|" + _TAG + r"|\{\{(?:<(?:(?!\{\{).)*?>|%(?:(?!\{\{).)*?%)\}\}"
    r"|(?<=\])\((?:[^()\\]|\\.|\((?:[^()\\]|\\.)*\))*\)"
    r"|\[\^([^\]\[\r\n]+)\](?:\[((?:[^\]\[\\]|\\.)*)\])?"  # (`[^9][ref]`: a link, if no [^9] is defined)
    # a link's text may hold code, escapes and brackets in pairs (each read once: no backtracking)
    r"|(!?)\[((?>[^\]\[\\`]|\\.|`[^`]*`|`|\[(?:[^\]\[\\]|\\.)*\])+)\](?:\[((?:[^\]\[\\]|\\.)*)\]|(?![(\[]))",
    re.S,
)
_INLINE = ("paragraph_open", "heading_open", "table_open")  # blocks whose text is read for links
_CODE = ("fence", "code_block", "html_block")


def own_labels(source: str) -> str:
    """`source` with the labels of the footnotes and link references it defines made its own.

    The post is every note in one Markdown document, where a label means one thing: the second
    note's `[^1]` showed the first note's footnote, and its `[docs][ref]` linked where another
    note's `[ref]:` pointed. The email renders each note alone. A label defined here (as
    CommonMark reads the note, footnotes as Goldmark's: see _FOOTNOTE) gets a suffix made from
    the note's text, so the post is the same each build: `[^1]` becomes `[^1-1a2b3c]`, `[ref]`
    becomes `[ref][ref-1a2b3c]`; what Hugo shows does not change."""
    if "]:" not in source:
        return source
    from markdown_it.common.utils import normalizeReference as normal

    lines = _LINES.findall(source)
    notes = _footnote_labels(lines) if "[^" in source else {}
    env: dict = {}
    tokens = _block_parser().parse(_footnotes_as_items(lines, notes) if notes else source, env)
    code = {n for t in tokens if t.map and t.type in _CODE for n in range(*t.map)}
    fenced = {t.map[0] for t in tokens if t.map and t.type == "fence"}  # `[^1]: ```` opens one in it
    items = {t.map[0] for t in tokens if t.map and t.type == "list_item_open"}  # (not a paragraph's line)
    notes = {n: match for n, match in notes.items() if n in items and (n not in code or n in fenced)}
    footnotes = {normal(match[2]) for match in notes.values()}
    references = env.get("references", {})
    if not (footnotes or references):
        return source
    suffix = "-" + hashlib.sha256(source.encode()).hexdigest()[:6]

    def renamed(match: re.Match) -> str:
        note, then, bang, text, label = match.groups()[1:]
        if note and normal(note) in footnotes:
            return f"[^{note}{suffix}]" + ("" if then is None else _USE.sub(renamed, f"[{then}]"))
        if note:
            key = then and normal(then) in references and " ".join(then.split())
            return f"[^{note}][{key}{suffix}]" if key else match[0]
        if text is None:  # an escape, code, a tag, a shortcode, a destination
            return match[0]
        inner = _USE.sub(renamed, text) if "[" in text else text
        if not bang and (suffix + "]" in inner or "](" in inner):  # a link in it: itself no link
            return f"[{inner}]" + (_USE.sub(renamed, f"[{label}]") if label else "" if label is None else "[]")
        key = label or text
        if normal(key) in references:  # [text][label], [label][] or [label]
            return f"{bang}[{inner}][{' '.join(key.split())}{suffix}]"
        return f"{bang}[{inner}]" + ("" if label is None else f"[{label}]")

    inline = {n for t in tokens if t.map and t.type in _INLINE for n in range(*t.map)}
    for n, line in enumerate(lines):
        if n in notes:  # a footnote's definition: its own label; its text is read below
            end = notes[n].end()
            lines[n] = line[:end].replace("]:", suffix + "]:") + line[end:]
        elif n not in inline and n not in code and (match := _DEFINED.match(line)) and normal(match[1]) in references:
            lines[n] = f"{line[: match.end(1)]}{suffix}{line[match.end(1) :]}"  # a definition (the first or not)
    blocks = [t.map for t in tokens if t.map and t.type in _INLINE]
    for first, last in blocks:
        skip = notes[first].end() + len(suffix) if first in notes else 0
        text = "".join(lines[first:last])
        lines[first:last] = [text[:skip] + _USE.sub(renamed, text[skip:])] + [""] * (last - first - 1)
    return "".join(lines)


def _footnote_labels(lines: list[str]) -> dict[int, re.Match]:
    """Line number -> the footnote label starting that line."""
    return {number: match for number, line in enumerate(lines) if (match := _FOOTNOTE.match(line))}


def _footnotes_as_items(lines: list[str], labels: dict[int, re.Match]) -> str:
    """The text with each footnote label read as a list item (see _FOOTNOTE), line for line."""
    return "".join(
        labels[n][1] + _AS_ITEM + line[labels[n].end() :] if n in labels else line for n, line in enumerate(lines)
    )


@functools.cache
def _block_parser():
    """CommonMark's block structure, with GFM tables as Goldmark has them; no inline parsing.
    Imported on first use: most commands that import this module never need it."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table").disable(["inline", "text_join"])


def _neutral(source: str, start: int) -> str:
    """'#' (making the destination a harmless #fragment) if the destination starting at
    `start` has a scheme not in SAFE_SCHEMES, else nothing."""
    head = _DECODE.sub(lambda m: m[1] or html.unescape(m[0]), source[start : start + 200])
    # As a browser reads a URL: leading controls and spaces ignored, tabs and newlines removed.
    head = re.sub(r"[\t\n\r]", "", head.lstrip("".join(map(chr, range(33)))))
    scheme = _SCHEME.match(head)
    return "#" if scheme and scheme[1].lower() not in SAFE_SCHEMES else ""


def front_matter(edition: Edition, settings: Settings, date: dt.datetime, slug: str, *, summary: bool = False) -> str:
    """Hugo front matter in TOML (`+++`) or YAML (`---`), keys in the example post's order, the
    post at `slug`; with `summary`, the summary a list page shows (`list_summary`)."""
    fields = {
        "title": edition.title,
        "date": date.isoformat(),
        "categories": [settings.site.category],
        "tags": hugo_terms(edition.tags),  # never a path out of /tags/
        # Hugo leaves a draft out of the site: a `build --drafts` post holding one is not published.
        "draft": any(entry.draft for entry in edition.entries),
        "slug": slug,
    }
    if summary:
        fields["summary"] = list_summary(edition)
    # Themes put `.Description` in <meta name="description"> and og:description (some read
    # nothing else, and left those empty); Hugo's `.Summary` would carry the intro's paragraphs
    # there, line breaks and all. One line of plain text, as the email's preheader has it.
    if text := description(edition):
        fields["description"] = text
    robust = robust_links(edition)
    if settings.site.front_matter == "yaml":
        lines = [f"{key}: {_value(value)}" for key, value in fields.items()]
        lines += [f"robustlinks: [{', '.join(_table(link, ': ') for link in robust)}]"] if robust else []
        return "---\n" + "\n".join(lines) + "\n---\n\n"
    lines = [f"{key} = {value if key == 'date' else _value(value)}" for key, value in fields.items()]
    lines += [f"robustlinks = [{', '.join(_table(link, ' = ') for link in robust)}]"] if robust else []
    return "+++\n" + "\n".join(lines) + "\n+++\n\n"


SUMMARY_LENGTH = 160  # characters: about what a list page shows of a post (Hugo's own: 70 words)


def list_summary(edition: Edition) -> str:
    """What a list page shows of a post without an intro (whose `<!--more-->` would end the
    summary): its entries' titles, as the email's preheader has them, whole titles only, as many
    as fit in SUMMARY_LENGTH. Hugo renders it as Markdown, so each title is escaped; without it,
    Hugo took the first 70 words across the headings, "**Speakers**:" lines and notes."""
    return _titles_that_fit([escape(title) for title in edition.named_titles])


def description(edition: Edition) -> str:
    """The post's `description`: the subtitle, else the entries' titles as `list_summary` has
    them, unescaped: themes print it as text (Go's templates escape it), not as Markdown; but
    some make Markdown of it too, so without anything that reads as an HTML tag."""
    if edition.subtitle.strip():
        return _curled(without_tags(words_in_brackets(" ".join(edition.subtitle.split()))))
    # A title is text everywhere (the post's heading escapes it), so no link or image of its own
    return _curled(_titles_that_fit([without_markup(words_in_brackets(title)) for title in edition.named_titles]))


def _curled(text: str) -> str:
    """`text` with its straight double quotes curled, “so”: Stack writes the description into
    <meta name='description'> through Go's %q, whose \\" ends an HTML attribute, and a page's
    title `Why "a > b" is fast` put `b\\" is fast">` above the header of the post."""
    return _STRAIGHT_QUOTE.sub(lambda quote: "“" if quote[1] is not None else "”", text)


_STRAIGHT_QUOTE = re.compile(r'(^|(?<=[\s(\[{\u00a0]))?"')  # (group 1 matched: an opening quote)


def _titles_that_fit(titles: list[str]) -> str:
    shown = titles[:1]
    for title in titles[1:]:
        if len(" · ".join([*shown, title])) > SUMMARY_LENGTH:
            return " · ".join(shown) + " · …"
        shown.append(title)
    return " · ".join(shown)


def robust_links(edition: Edition) -> list[dict[str, str]]:
    """Robust Links for the post's render hook: each archived link as {url, versionurl, versiondate},
    the URLs exactly as the post writes them. A list, not a map: Hugo lower-cases param keys."""
    links, seen = [], set()
    for entry in edition.entries:
        if entry.archive_url and entry.url not in seen:
            seen.add(entry.url)
            links.append(
                {
                    "url": str(url(entry.url)),
                    "versionurl": str(url(entry.archive_url)),
                    "versiondate": entry.archive_date or "",
                }
            )
    return links


def _table(values: dict[str, str], equals: str) -> str:
    """An inline table, TOML (`{ a = "x" }`) or YAML flow mapping (`{ a: "x" }`)."""
    return "{ " + ", ".join(f"{key}{equals}{quoted(value)}" for key, value in values.items()) + " }"


_FRONT_MATTER = re.compile(r"\A(\+\+\+|---)[ \t]*\r?\n(.*?)^\1[ \t]*(?:\r?\n|\Z)", re.S | re.M)


def split_post(text: str) -> tuple[dict, str]:
    """A post -> (front matter, body): `front_matter`'s inverse. The delimiters are whole lines,
    and the front matter is read by a TOML or YAML parser, so no value can end it early."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    import yaml  # here: a build writes posts, and reads none back

    try:
        meta = tomllib.loads(match[2]) if match[1] == "+++" else yaml.safe_load(match[2])
    except (tomllib.TOMLDecodeError, yaml.YAMLError, RecursionError):  # (nested deeper than Python reads)
        return {}, text  # not front matter after all: show it as it is
    return (meta if isinstance(meta, dict) else {}), text[match.end() :]


def _value(value) -> str:
    """A front matter value that reads the same as TOML and as YAML (the `date` is written bare,
    an offset date-time literal both read as a date)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    return quoted(str(value))


# What JSON leaves raw but YAML or TOML refuse or read differently: DEL, the C1 controls (YAML
# forbids them, and NEL is a YAML line break), the Unicode line and paragraph separators, BOM
# and the non-characters U+FFFE/U+FFFF.
_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def quoted(text: str) -> str:
    """A double-quoted string that TOML (basic string) and YAML both read back as `text`.

    A JSON string is both, once the characters above are escaped; a lone surrogate cannot be
    written in UTF-8 or escaped in TOML, so it becomes U+FFFD.
    """
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'  # what json.dumps would write, without its cost (an import quotes 100,000 strings)
    text = _SURROGATE.sub("\ufffd", text)
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", json.dumps(text, ensure_ascii=False))
