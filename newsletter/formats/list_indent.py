"""A note's nested lists, re-indented from Hugo's rule to Python-Markdown's.

Hugo (Goldmark, CommonMark) nests a line under a list item when it is indented as far as the
item's words: two spaces under `- item`, three under `1. item`, as Prettier and most editors
write them. Python-Markdown nests only what is indented by four spaces a level, so the email
flattened `1. two` / `   - nested` into "two - nested" and made a two-space child its parent's
sibling. `four_space_lists` moves each line inside a list to four spaces a level, keeping
what it is indented past its item's words; a list indented by four already is unchanged.
Lists in block quotes are re-indented too; a fence in an item, which Python-Markdown reads only
at the start of a line, becomes an indented code block; code and raw HTML keep their lines.
"""

from __future__ import annotations

import re

# A list item as both parsers read it: `-`, `+`, `*` or `1.`, then spaces (or nothing).
_ITEM = re.compile(r"( *)([-+*]|\d{1,9}\.)( +|$)")
_RULE = re.compile(r" {0,3}([-*_])(?: *\1){2,} *$")  # `* * *` is a thematic break, no item
_FENCE = re.compile(r" *(`{3,}|~{3,})")
# A line that ends a list even right after its words, in both parsers: never a lazy continuation.
_BLOCK_START = re.compile(r" *(?:#|>|`{3}|~{3})")
# Raw HTML that CommonMark reads to its closing tag (<pre>, a comment) or to a blank line (a block
# tag), and Python-Markdown keeps as typed: its lines are the author's, never moved or split.
_HTML = re.compile(
    r"<(?:(?P<pre>(?:pre|script|style|textarea)(?:[\s>]|$))|(?P<comment>!--)|/?(?:address|article|aside"
    r"|blockquote|body|caption|center|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form"
    r"|h[1-6]|header|hr|html|iframe|legend|li|main|menu|nav|ol|p|section|summary|table|tbody|td|tfoot|th"
    r"|thead|tr|ul)(?:[\s/>]|$))",
    re.I,
)
_HTML_END = {"pre": re.compile(r"</(?:pre|script|style|textarea)>", re.I), "comment": re.compile("-->")}


def four_space_lists(source: str, quotes: int = 20) -> str:
    """`source` with the lines of its lists indented four spaces a level, in block quotes too, to
    `quotes` deep (a quote in a quote... a thousand deep was a RecursionError)."""
    source = source.replace("\r\n", "\n").replace("\r", "\n")  # a note saved on Windows (as Markdown reads it)
    if not re.search(r"(?m)^[ >]*(?:[-+*]|\d{1,9}\.) ", source):
        return source
    if ">" in source and quotes:
        source = _quoted_lists(source, quotes - 1)
    # Open items, outermost first: where their words start as written and as written out, and
    # the index of their first line in `out`.
    items: list[tuple[int, int, int]] = []
    fence, out = "", []
    # A fence in an item, which Python-Markdown reads only at the start of a line (it made the
    # code one line of inline code): its item's words as written, its own indent past them, and
    # where its lines go as an indented code block, which Python-Markdown reads in an item.
    fenced: tuple[int, int, int] | None = None
    html = None  # inside raw HTML: the pattern of its last line, or "" when a blank line ends it
    prose = after_item = quote = False  # the line before: a paragraph's, an item's, a quote's
    for line in source.split("\n"):
        if "\t" in line[: len(line) - len(line.lstrip())]:
            line = line[: len(line) - len(line.lstrip())].expandtabs(4) + line.lstrip()
        indent = len(line) - len(line.lstrip(" "))
        if fenced and line.strip() and indent < fenced[0]:  # the item ends, and its fence with it
            fence, fenced = "", None
        if fence:  # a fenced block's lines are code: moved with their item, never read as items
            closing = line.strip().startswith(fence) and not line.strip().strip(fence[0])
            if fenced is None:
                out.append(_moved(line, indent, items))
            else:  # as CommonMark reads it: less the fence's own indent, at most
                code_line = (
                    line[fenced[0] + min(indent - fenced[0], fenced[1]) :] if line.strip() and not closing else ""
                )
                out.append(" " * fenced[2] + code_line if code_line else "")
            fence, fenced = ("", None) if closing else (fence, fenced)
            continue
        if html is not None and (line.strip() or html):  # raw HTML: as typed, moved with its item
            html = None if html and html.search(line) else html
            out.append(_moved(line, indent, items))
            continue
        if not line.strip():
            html = None
            out.append(line)
            prose = after_item = quote = False
            continue
        # Four past the words of the item it is in: a line of indented code after no paragraph, and
        # more of the paragraph after one, never a quote, heading, fence or HTML block.
        base = next((words for words, _, _ in reversed(items) if words <= indent), 0)
        deep = indent >= base + 4
        code = deep and not (prose or quote)
        raw = None if deep else _HTML.match(line, indent)
        item = None if code or _RULE.match(line) else _ITEM.match(line)
        if item and items and indent >= items[-1][0] + 4:  # four past its item's words: code, or
            item, line = None, _as_words(line, item) if prose else line  # more of the paragraph above
        if item and prose and item[2][:-1].isdigit() and int(item[2][:-1]) != 1:
            if not (items and indent < items[-1][0]):  # a new list, not a next item
                # numbered from 2 or more, it does not interrupt a paragraph: its words go on (escaped
                # in a list, where Python-Markdown reads it as an item; outside one it reads words)
                item, line = None, _as_words(line, item) if items else line
        block = not deep and (_BLOCK_START.match(line) or _RULE.match(line) or raw)
        lazy = prose and item is None and not block  # a paragraph's next line, however indented
        depth, began = len(items), len(out)
        while items and not lazy and indent < items[-1][0]:
            began = items.pop()[2]
        if item and (items or indent < 4):
            # Python-Markdown reads an item as more of the paragraph above it, and a next item as
            # more of the one before once a blank line came inside that one, unless a blank line
            # comes first (which makes no list loose that was tight: it had one already).
            opens = (prose or quote) and not after_item and depth == len(items)
            # A numbered item right after a bulleted one, or the other way round, starts a new list
            # on the blog; Python-Markdown read it as more of the item above, unless a blank line
            # comes first.
            switches = depth > len(items) and _numbered(out[began - 1]) != item[2][0].isdigit()
            if (opens or switches or depth > len(items) and "" in out[began:]) and out[-1:] != [""]:
                out.append("")
            words = indent + len(item[2]) + (len(item[3]) if 0 < len(item[3]) <= 4 else 1)
            out.append(" " * (4 * len(items)) + line[indent:])
            items.append((words, 4 * len(items) + 4, len(out)))
        else:
            # A quote or heading right under an item's words, or a line that ends items that held a
            # blank line: Python-Markdown would read it as more of them without one.
            under = block and prose and items
            if (under or depth > len(items) and "" in out[began:]) and out[-1:] != [""]:
                out.append("")
            out.append(_moved(line, indent, items))
            if raw:
                end = _HTML_END.get(raw.lastgroup or "")
                html = None if end and end.search(line, raw.end()) else end or ""
            elif (opened := _FENCE.match(line)) and not code:
                fence = opened[1]
                if items and not deep:  # an indented code block, after a blank line, in its stead
                    fenced = (items[-1][0], indent - items[-1][0], items[-1][1] + 4)
                    out[-1:] = [] if out[-2:-1] == [""] else [""]
        prose, after_item, quote = not (block or code), bool(item), not code and line.lstrip().startswith(">")
    return "\n".join(out)


_QUOTED = re.compile(r"( {0,3})> ?(.*)")


def _quoted_lists(source: str, quotes: int) -> str:
    """`source` with the lists in its block quotes re-indented: both parsers read a quote's
    lines, without their `> `, as a note of their own, so `> - a` / `>   - b` nested on the blog
    and was "a - b" in the email. A quote inside a fence is code, left as it is."""
    out: list[str] = []
    run: list[tuple[str, str, str]] = []  # the quote being read: each line, its indent and words
    fence = ""
    for line in [*source.split("\n"), None]:
        quoted = _QUOTED.fullmatch(line) if line is not None and not fence else None
        if run and not (quoted and quoted[1] == run[0][1]):
            inner = "\n".join(words for _, _, words in run)
            moved = inner if re.search(r"(?m)^\s*\t", inner) else four_space_lists(inner, quotes)
            if moved == inner:  # kept as typed, to the byte
                out += [written for written, _, _ in run]
            else:
                out += [f"{run[0][1]}> {words}" if words else f"{run[0][1]}>" for words in moved.split("\n")]
            run = []
        if quoted:
            run.append((line, quoted[1], quoted[2]))
        elif line is not None:
            out.append(line)
            if fence and line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            elif not fence and (opened := _FENCE.match(line)):
                fence = opened[1]
    return "\n".join(out)


def _numbered(line: str) -> bool:
    """Whether an item's line, as written out, starts a numbered item."""
    return bool((item := _ITEM.match(line)) and item[2][0].isdigit())


def _as_words(line: str, item: re.Match) -> str:
    """A line that looks like an item but is more of a paragraph, its marker escaped so that
    Python-Markdown (which reads it as an item there) reads words too."""
    return line[: item.end(2) - 1] + "\\" + line[item.end(2) - 1 :]


def _moved(line: str, indent: int, items: list[tuple[int, int, int]]) -> str:
    """A line inside the innermost open item, at that item's new indent (plus what it had past
    the item's words); outside a list, as it was."""
    if not items:
        return line
    written, moved, _ = items[-1]
    return " " * (moved + max(indent - written, 0)) + line[indent:]
