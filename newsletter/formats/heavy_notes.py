"""Notes Python-Markdown cannot read in reasonable time or at all, found before it tries, and
read as plain text instead.

A page pasted into a note (or a hostile one, sent to an author who logs what she is sent) can
hold markup that Python-Markdown reads in time growing with the square of its length, or that
nests deeper than Python's recursion allows:

- each `[`, `](` and `<tag` that does not close soon makes it (and the standard library's
  html.parser, which md_in_html feeds the whole note) scan on to where it closes, or to the end:
  a build of a note of `[a](` 5,000 times (20 KB) took 10 s, of `<a ` 20,000 times 76 s;
- lists nested 300 deep (`- - - … a`, or lines indented two more spaces each), 1,000 `*` opened
  in a paragraph, or 1,000 `<div markdown=1>` inside each other, raised RecursionError: the
  build stopped with a traceback.

`heavy` is a bounded look at the note (linear in its length), naming the first such place by
its line; `read` warns of it and the email, its text part and the feeds show that note as plain
text (`plain`), paragraph by paragraph, every character as typed. The post keeps the note as
written: Hugo reads it, not this tool (Debian's 0.111.3 took 10 s over 20,000 `[a](`, which is
Hugo's to mend). A note no rule here catches but that still runs past the recursion limit is
read as plain text too (formats/notes.py), without a warning.
"""

from __future__ import annotations

import bisect
import html
import itertools
import re
import xml.etree.ElementTree as ET

from newsletter.formats import note_obsidian, note_tags
from newsletter.formats.kept_parse import Parsed

# The most characters the scans for closing brackets may cover in one note: ~0.8 s of Python-
# Markdown's worst (its bracket scan, ~0.4 us a character); an ordinary note's scans are a few
# thousand characters (each link's text and address), a long one with a stray `[` its length.
SCAN_BUDGET = 2_000_000
# Python-Markdown reads a paragraph's links, emphases, code and tags one at a time, each time
# over the paragraph again: the number of them in a paragraph times its length, added up over the
# note, at most this (~1.5 s; a paragraph of 100 KB with 9,000 took 2.8 s, of 200 KB 8 s; one of
# 140 KB with 2,000 links 0.7 s). A paragraph of 5 KB with 100 links is 500,000.
INLINE_BUDGET = 400_000_000
MAX_NESTING = 100  # lists and quotes on one line: Python-Markdown's recursion ran out at ~250
MAX_OPENED = 300  # `*`, `_` opening emphasis in one paragraph, or `markdown=1` blocks: ~1,000 ran out
# Blocks (paragraphs, list items, headings, rules, fences, footnotes, table rows) cost Python-
# Markdown's tree 0.1-0.3 ms apiece and more as they grow: 10,000 list items took 3.2 s, 20,000
# 9.3 s, 20,000 table rows 7.6 s, 40,000 22 s (the table of 4,000 rows an author pastes, 2.6 s);
# 20,000 paragraphs (a book pasted whole) 5.7 s, 40,000 18 s; 20,000 lines of HTML ('<p>a</p>', a
# page's source pasted) 5.9 s, 40,000 17 s; 20,000 reference definitions left open ('[a]: /u "t') 4 s.
MAX_BLOCKS = 10_000
# Headings and rules in one run of lines (no blank line between) each make the table extension
# split the rest of the run again: their number times its lines, at most this (~2 s; 10,000
# setext headings, 'a' and '===' in turn, took 9 s, 20,000 '# a' lines 10 s).
RUN_BUDGET = 50_000_000

_BLOCKS = re.compile(r"\n[ \t]*\n")
_LEADING_BLANK_LINES = re.compile(r"(?:[ \t]*\n)+")
# A fenced code block as Python-Markdown's fenced_code reads one: its opening at a line's start,
# a language or {attributes} at most after it, closed by the same run of ` or ~ alone on a line
_FENCE = re.compile(r"^(`{3,}|~{3,})([^\n]*)", re.M)
_OPENING_FENCE = re.compile(r" *(?:\{[^\n]*\}|\.?[\w#.+-]* *)")
# The containers a line opens before its text: quote markers, list markers, and indentation (a
# nested list's two or four spaces a level)
_PREFIX = re.compile(r"(?:[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])))+|[ \t]+")
# Paragraphs, list items, a table's rows and reference definitions: each is read apart from the
# others (a list of a thousand items holds many pairs of * but opens none for the next)
_ITEMS = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]|[ \t]{0,3}(?:\[[^\]\n]+\]:|\|))")
# (a tag costs a paragraph's reading little: 4,000 <b> in 50 KB took 0.25 s; one left open is a scan)
# (a backslash, ~~, quotes and dashes that smarty curls are matches too: 20,000 line breaks written
# as a backslash in one paragraph of 60 KB took 2.7 s, 20,000 quotes in 40 KB 3.3 s)
# (and each address magiclink links, not a link's own: 'www.a ' 20,000 times, 120 KB, took 5.8 s)
# (and a line broken by two spaces at its end: 20,000 of them, 80 KB, took 5.4 s, 40,000 21 s)
_INLINE = re.compile(r"[\[`\\'\"&@]|(?<!\w)[*_]+|[*]+|~~|--+|\.\.\.|(?<![(<])\b(?:https?://|ftps?://|www\.)| {2,}\n")
_TAG = re.compile(r"</?[A-Za-z]")
# (each level takes a character; a line's start found as the character after a line break, which
# the regex engine looks for fast, where `^` in MULTILINE is tried at each character)
_DEEP = re.compile(rf"\n[ \t>*+\-.)0-9]{{{MAX_NESTING + 1}}}")
# A line that is a block of its own (its line break before it), and one that is a heading or a rule
_BLOCK_LINE = re.compile(
    r"\n[ \t>]*(?:[-*+][ \t]|\d{1,9}[.)][ \t]|#{1,6}(?=[ \t\n])|(?:[-*_=][ \t]*){3,}(?=\n)|`{3}|~{3}|\[[^\]\n]*\]:"
    r"|\||<[A-Za-z]|(?=\n[ \t>]*\S))"  # (or a blank line before a paragraph, in a quote too: '>' alone)
)
_SPLITTING_LINE = re.compile(r"\n[ \t]*(?:#{1,6}(?=[ \t\n])|(?:[-*_=][ \t]*){3,}(?=\n))")
_MARKER = re.compile(r">|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t])")
_EMPHASIS = re.compile(r"[*_]+")
_ELEMENT = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*?)?(/?)>")
_NEVER_NESTED = frozenset(
    "area base br col embed hr img input link meta source track wbr"  # void
    " p li dt dd tr td th thead tbody tfoot caption colgroup option optgroup rb rt rp rtc".split()
)
_MARKDOWN_BLOCK = re.compile(r"<[A-Za-z][^<>]*\smarkdown\s*=", re.I)


def heavy(note: str) -> tuple[int, str] | None:
    """The first place of `note` Python-Markdown cannot read in reasonable time: (its line in
    the note, from 1, what it is), or None."""
    # (each rule only where the note could break it: most notes are too short to, at a glance)
    size = len(note)
    return (
        (_nested(note) if _DEEP.match("\n" + note[: MAX_NESTING + 1]) or _DEEP.search(note) else None)
        or (_opened(note) if size > MAX_OPENED and _opens_many(note) else None)
        or (_many_blocks(note) if note.count("\n") > min(MAX_BLOCKS, RUN_BUDGET**0.5) else None)
        or (_many_rubies(note) if note.count("<ruby") > MAX_BLOCKS else None)
        or (_wide_row(note) if note.count("|") > MAX_BLOCKS else None)
        or (_tags_left_open(note) if note.count("<") > MAX_OPENED else None)
        or (_scans(note) if size * size > SCAN_BUDGET and _count(note, "[(<") * size > SCAN_BUDGET else None)
        or (
            _inline(note)
            if size * size > INLINE_BUDGET
            and (_count(note, "[`*_\\~'\"&-.") + note.count("  \n")) * size > INLINE_BUDGET
            else None
        )
    )


def _opens_many(note: str) -> bool:
    return max(note.count("*") + note.count("_"), note.count("markdown")) > MAX_OPENED


def warnings(text: str, body: str, notes: str) -> list[tuple[int | None, str, str]]:
    """What `read` says of the file `text` if its `notes` (its note `body` as the edition shows
    it, what is parsed) are heavy: [(its line in the file, its code, the warning)], as
    note_obsidian.vault_warnings says of embeds."""
    if (found := heavy(notes)) is None:
        return []
    before = note_obsidian.lines_before(text, body)
    blank = _LEADING_BLANK_LINES.match(body)  # (the notes are trimmed of them)
    before = None if before is None else before + (blank[0].count("\n") if blank else 0)
    said = (
        f"{found[1]}: Markdown would take minutes to read this note, or fail (a page pasted whole?), so"
        " the email, its text part and the feeds show it as plain text; keep the markup you mean, or"
        " the page in a file of your own linked from the entry"
    )
    return [(None if before is None else before + found[0], "heavy-note", said)]


def _count(note: str, characters: str) -> int:
    return sum(note.count(character) for character in characters)


def plain(note: str) -> Parsed:
    """`note` as plain text: a paragraph for each run of lines between blank ones, each line as
    typed but for its indentation (which would make it code or a list)."""
    root = ET.Element("div")
    root.text = "\n"
    paragraphs = []
    for block in _BLOCKS.split(note.strip("\n")):
        words = "\n".join(line.strip() for line in block.split("\n")).strip()
        if words:
            paragraph = ET.SubElement(root, "p")
            paragraph.text, paragraph.tail = words, "\n"
            paragraphs.append(f"<p>{html.escape(words, quote=False)}</p>")
    return Parsed("\n".join(paragraphs), root, ())


def _nested(note: str) -> tuple[int, str] | None:
    fenced = _fenced_lines(note)
    for number, line in enumerate(note.split("\n"), 1):
        if number in fenced or not (prefix := _PREFIX.match(line)):
            continue
        marks = prefix[0]  # (a level's marker or its two spaces; the warning says no count it cannot know)
        levels = len(_MARKER.findall(marks)) + (marks.count(" ") + 4 * marks.count("\t")) // 2
        if levels > MAX_NESTING:
            return number, f"lists or quotes nested more than {MAX_NESTING} deep"
    return None


def _fenced_lines(note: str) -> set[int]:
    """The lines inside fenced code blocks (their lines are text, whatever they begin with). Only
    blocks Markdown reads so: a ``` closed by ~~~, or a fence indented, taken for one, hid
    20,000 '<b>x' between them from the count, and the build ended in mrml's segmentation fault."""
    fenced: set[int] = set()
    opened: tuple[str, int] | None = None
    for found in _FENCE.finditer(note):
        line = note.count("\n", 0, found.start()) + 1
        if opened is None and _OPENING_FENCE.fullmatch(found[2]):
            opened = found[1], line
        elif opened is not None and found[1] == opened[0] and not found[2].strip(" "):
            fenced.update(range(opened[1], line + 1))
            opened = None
    return fenced


def _opened(note: str) -> tuple[int, str] | None:
    """Where blocks of Markdown in HTML (`<div markdown=1>`) pass MAX_OPENED in the note, or
    emphasis marks left open in one paragraph do: each may nest in the one before."""
    found = [each.start() for each in _MARKDOWN_BLOCK.finditer(note)]
    if len(found) > MAX_OPENED:
        return note.count("\n", 0, found[0]) + 1, f"{len(found)} blocks of Markdown in HTML (markdown=1)"
    for start, end in _block_spans(note, _ITEMS):
        depth = 0
        for run in _EMPHASIS.finditer(note, start, end):
            before, after = note[run.start() - 1 : run.start()], note[run.end() : run.end() + 1]
            opens = after.strip() != "" and not before.isalnum()
            closes = before.strip() != "" and not after.isalnum()
            depth = depth + 1 if opens and not closes else max(depth - 1, 0) if closes and not opens else depth
            if depth > MAX_OPENED:
                return note.count("\n", 0, run.start()) + 1, f"more than {MAX_OPENED} emphasis marks (* or _) left open"
    return None


def _many_blocks(note: str) -> tuple[int, str] | None:
    """Where the note's blocks of a line each pass MAX_BLOCKS, or where a run of lines' headings
    and rules times its lines passes RUN_BUDGET."""
    text = "\n" + note  # (each match's start is then its line's start in `note`)
    blocks = _BLOCK_LINE.finditer(text)
    first = next(blocks, None)
    if first is not None and sum(1 for _ in itertools.islice(blocks, MAX_BLOCKS)) >= MAX_BLOCKS:
        said = f"more than {MAX_BLOCKS:,} blocks (paragraphs, list items, headings, table rows…)"
        start = first.start() + (not first[0].strip(" \t>\n"))  # (a paragraph's: the line after the blank one)
        return note.count("\n", 0, start) + 1, said
    splitting = [found.start() for found in _SPLITTING_LINE.finditer(text)]
    for start, end in _block_spans(text):
        many = bisect.bisect_left(splitting, end) - bisect.bisect_left(splitting, start)
        if many * text.count("\n", start, end) > RUN_BUDGET:
            return note.count("\n", 0, start) + 1, f"{many:,} headings or rules in a run of lines without a blank one"
    return None


def _many_rubies(note: str) -> tuple[int, str]:
    """The first of more than MAX_BLOCKS rubies, each read whole (note_markdown's _WholeRuby):
    20,000 in one paragraph (880 KB) took 3.4 s, 10,000 0.7 s."""
    return note.count("\n", 0, note.find("<ruby")) + 1, f"more than {MAX_BLOCKS:,} rubies (<ruby>)"


def _wide_row(note: str) -> tuple[int, str] | None:
    """A table's row of more than MAX_BLOCKS cells: 20,000 in one (120 KB) took 11.8 s, 10,000 3.1 s."""
    for number, line in enumerate(note.split("\n"), 1):
        if line.lstrip().startswith("|") and line.count("|") > MAX_BLOCKS:
            return number, f"a table row of more than {MAX_BLOCKS:,} cells"
    return None


def _tags_left_open(note: str) -> tuple[int, str] | None:
    """Where more than MAX_OPENED of the note's HTML elements are open inside each other: 20,000
    '<b>x' (80 KB) are a tree 20,000 deep in the email, whose MJML renderer (mrml) ran out of
    stack and ended the build with a segmentation fault, no word said. An end tag closes only
    an element of its name left open; elements that hold nothing or that the next one of their
    kind closes (<br>, <p>, <li>…) are never counted, nor any the email does not keep
    (note_tags; its sanitiser drops them, their text kept): a Rust note's 400 `Vec<String>`
    were 'more than 300 HTML elements left open', and the whole note plain text (attack 32)."""
    fenced, open_by_name, depth = _fenced_lines(note), {}, 0
    for number, line in enumerate(note.split("\n"), 1):
        for tag in () if number in fenced else _ELEMENT.finditer(line):
            name = tag[2].lower()
            if tag[1] and open_by_name.get(name):
                open_by_name[name] -= 1
                depth -= 1
            elif not tag[1] and not tag[3] and name in note_tags.IN_EMAIL and name not in _NEVER_NESTED:
                open_by_name[name] = open_by_name.get(name, 0) + 1
                depth += 1
                if depth > MAX_OPENED:
                    return number, f"more than {MAX_OPENED} HTML elements left open inside each other"
    return None


def _scans(note: str) -> tuple[int, str] | None:
    """Where the scans for each opening bracket's close, added up, pass SCAN_BUDGET: the line of
    the opening whose scan passed it."""
    closes = [found.start() for found in re.finditer(">", note)]
    spent = 0
    for found in _TAG.finditer(note):  # (html.parser reads the whole note: to the next `>`)
        at = bisect.bisect_left(closes, found.start())
        spent += (closes[at] if at < len(closes) else len(note)) - found.start()
        if spent > SCAN_BUDGET:
            return note.count("\n", 0, found.start()) + 1, "HTML tags opened and not closed"
    for start, end in _block_spans(note):
        for opening, close, what in (("[", "]", "[ opened and not closed"), ("(", ")", "]( opened and not closed")):
            for at in _unclosed_scans(note, start, end, opening, close):
                spent += at[1]
                if spent > SCAN_BUDGET:
                    return note.count("\n", 0, at[0]) + 1, what
    return None


def _block_spans(note: str, between: re.Pattern = _BLOCKS):
    """(start, end) of each paragraph of `note`: each run of lines `between` does not part."""
    start = 0
    for gap in between.finditer(note):
        yield start, gap.start()
        start = gap.end()
    yield start, len(note)


def _unclosed_scans(note: str, start: int, end: int, opening: str, close: str):
    """(where, how far) for each `opening` in note[start:end] (for "(", each right after a "]"):
    how far a scan for its balanced `close` goes, to the block's end if none closes it."""
    stack: list[int] = []
    for found in re.finditer(re.escape(opening) + "|" + re.escape(close), note[start:end]):
        at = start + found.start()
        if found[0] == opening:
            stack.append(at)
        elif stack:
            opened = stack.pop()
            if opening != "(" or (opened > 0 and note[opened - 1] == "]"):
                yield opened, at - opened
    for opened in stack:
        if opening != "(" or (opened > 0 and note[opened - 1] == "]"):
            yield opened, end - opened


def _inline(note: str) -> tuple[int, str] | None:
    """Where the paragraphs' inline markup times their length, added up, passes INLINE_BUDGET.
    Fenced code is none: Markdown keeps it aside before it reads a paragraph, and a note of 90 KB
    of JSON in a fence (read in 4 ms) was said to take minutes and shown as plain text."""
    if fenced := _fenced_lines(note):
        note = "\n".join("" if number in fenced else line for number, line in enumerate(note.split("\n"), 1))
    spent, heaviest = 0, (0, 0, 0, 0)
    for start, end in _block_spans(note, _ITEMS):
        marks = len(_INLINE.findall(note, start, end))
        spent += marks * (end - start)
        heaviest = max(heaviest, (marks * (end - start), start, end, marks))
        if spent > INLINE_BUDGET:  # (the heaviest paragraph is named, not the last one read)
            _, start, end, marks = heaviest
            size = f"{(end - start) // 1000:,} KB" if end - start >= 1000 else f"{end - start} characters"
            what = f"a paragraph of {size} with {marks:,} marks of Markdown (links, emphases, code, quotes, breaks)"
            return note.count("\n", 0, start) + 1, what
    return None
