"""Python-Markdown as a note is parsed with: the extensions and their settings, made only when a
note must be parsed. A build whose notes are all kept in the notes cache (formats/notes.py) never
imports Markdown, its extensions and what they load (pymdownx, Pygments, urllib.request): ~40 ms
of such a build's start.
"""

from __future__ import annotations

import re
import threading
import unicodedata
import xml.etree.ElementTree as ET

import markdown
from markdown.blockprocessors import BlockQuoteProcessor
from markdown.extensions import Extension
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.footnotes import FootnoteExtension
from markdown.extensions.md_in_html import MarkdownInHtmlExtension
from markdown.extensions.sane_lists import SaneListExtension
from markdown.extensions.smarty import SmartyExtension, SubstituteTextPattern
from markdown.extensions.tables import TableExtension
from markdown.inlinepatterns import InlineProcessor, SimpleTagInlineProcessor, SubstituteTagInlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import STX, AtomicString
from pymdownx.magiclink import MagiclinkExtension

from newsletter.formats import french_spacing, ruby


def parser(quotes: tuple[str, str] | None = None, emoji: bool = False) -> markdown.Markdown:
    """A Markdown instance with the note extensions, whose finished tree (for the text part) is
    `text_tree` after each `convert`. Building one costs more than using it: keep it."""
    md = markdown.Markdown(extensions=extensions(quotes, emoji))
    md.treeprocessors.register(_KeepTree(md), "keep_tree", -100)
    return md


# Parsers made before, for the next NoteParser of the same quotes and emoji: a process that
# builds again and again (the waiting process of a build at a terminal, `preview`) made one for
# every build with a note to parse, 0.6 ms a note after an edit, more than parsing it. Each is
# handed to one NoteParser at a time (an instance is no two threads' to share), and every use
# resets it first, which leaves nothing of the note before.
_SPARE: dict[tuple, list[markdown.Markdown]] = {}
_SPARE_LOCK = threading.Lock()


def kept_parser(quotes: tuple[str, str] | None = None, emoji: bool = False) -> markdown.Markdown:
    """`parser(quotes, emoji)`, one made before if one is spare (`give_back`)."""
    with _SPARE_LOCK:
        if spare := _SPARE.get((quotes, emoji)):
            return spare.pop()
    return parser(quotes, emoji)


def give_back(md: markdown.Markdown, quotes: tuple[str, str] | None = None, emoji: bool = False) -> None:
    """`md`, from `kept_parser`, no longer in use: kept for the next (two a kind at most)."""
    with _SPARE_LOCK:
        spare = _SPARE.setdefault((quotes, emoji), [])
        if len(spare) < 2:
            spare.append(md)


def extensions(quotes: tuple[str, str] | None = None, emoji: bool = False) -> list:
    """New instances each time; naming extensions as strings costs a 40 ms entry-point scan.
    `quotes`: the double quotes straight ones become, as HTML, when not English's “ ” („ “ in
    German, « » in French: formats/wording.py).

    smarty does what Hugo's typographer does on the blog: -- and --- become dashes, ... an
    ellipsis, straight quotes curly. Tables and footnotes are Markdown Hugo renders on the
    blog too; the email should not show their pipes and [^1] marks as text. A bare URL,
    www. address or email address is a link on the blog (Goldmark's linkify, on in Hugo by
    default), so magiclink makes it one in the email and the web archive too. ~~Struck~~
    words are struck on the blog (Goldmark's strikethrough, on by default) and here; a single
    ~ is left alone, as Hugo leaves it (its subscript extension is off by default). A backslash
    ending a line breaks it, as CommonMark's does on the blog. With `emoji` (the site's Hugo
    setting `enableEmoji`), `:rocket:` is 🚀 as on the blog, by GitHub's names as Hugo's are.
    """
    smart = {"left-double-quote": quotes[0], "right-double-quote": quotes[1]} if quotes else {}
    return [
        FencedCodeExtension(),
        SaneListExtension(),
        _Smarty(substitutions=smart),
        TableExtension(),
        FootnoteExtension(BACKLINK_TEXT=""),  # a "jump back" arrow means nothing in an inbox
        MagiclinkExtension(),
        _Strikethrough(),
        _BackslashBreak(),
        _DisplayMath(),
        _Ruby(),
        MarkdownInHtmlExtension(),
        *([_emoji()] if emoji else []),
        _TaskItems(),
        _WideLines(),
        _SeparateQuotes(),
        _FrenchSpaces(french_spacing.spaces_as_french(quotes)),
    ]


def _emoji() -> Extension:
    from pymdownx.emoji import EmojiExtension, gemoji, to_alt  # (~30 ms: only for a site with emoji)

    return EmojiExtension(emoji_index=gemoji, emoji_generator=to_alt)


class _SeparateQuotes(Extension):
    """Two quotes with a blank line between them are two quotes, as CommonMark (so the blog) has
    them: Python-Markdown put the second inside the first, so the email, its text part and the
    web edition showed two highlights an import wrote one after the other, pages apart (Readwise's
    locations 1388 and 2450), as one passage (new user 38)."""

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's name)
        md.parser.blockprocessors.register(_OwnQuote(md.parser), "quote", 20)  # in place of Markdown's


# A quote's line, and one that is a blank line of a quote (`>`, `> >`): a line without `>` after
# it ends the quote, where Python-Markdown read it on as the quote's (CommonMark continues only a
# paragraph lazily, and a blank line has ended it)
_QUOTE_LINE = re.compile(r"[ ]{0,3}>")


def _quotes_blank_line(line: str) -> bool:
    """`>`, `> >`: marks and spaces alone (not a pattern: "> " a thousand times before a word
    took a repeated group's backtracking minutes)."""
    return bool(_QUOTE_LINE.match(line)) and not line.strip(" \t>")


class _OwnQuote(BlockQuoteProcessor):
    def lastChild(self, parent):  # noqa: N802 (Markdown's name)
        """No quote before this one to continue: run() asks only to put this block inside the
        quote it finds there (a quote's own blank lines are `>` lines, one block with it)."""
        return None

    def run(self, parent, blocks):
        """The quote up to a line without `>` after its blank `>` line; from there, a block of its
        own after the quote: "> A passage.\\n>\\nMy comment." was the comment inside the quote's
        box in the email, its text part and the web edition, after it on the blog (review 29)."""
        lines = blocks[0].split("\n")
        first = next((number for number, line in enumerate(lines) if _QUOTE_LINE.match(line)), len(lines))
        for number in range(first + 1, len(lines)):
            if _quotes_blank_line(lines[number - 1]) and not _QUOTE_LINE.match(lines[number]):
                blocks[0:1] = ["\n".join(lines[:number]), "\n".join(lines[number:])]
                break
        super().run(parent, blocks)


class _Smarty(SmartyExtension):
    """smarty, but for a double quote between two Hebrew letters: gershayim, the mark of an
    abbreviation (ד"ר, צה"ל), not a quote. smarty curled it (ד”ר) in the email, its text part and
    the feeds, where Hugo's typographer on the blog leaves it as typed (new user 62)."""

    def educateQuotes(self, md):  # noqa: N802 (smarty's name)
        super().educateQuotes(md)
        # before every quote pattern (30 and below): the mark is stashed as typed, so none curls it
        self.inlinePatterns.register(SubstituteTextPattern(_GERSHAYIM, ('"',), md), "smarty-gershayim", 31)


# Between two letters of the Hebrew alphabet, as Hugo's typographer leaves it (checked with hugo
# on the same words): the letter before may carry points (niqqud: דָּ"ר; shin's dot: שׁ"ס) or a
# cantillation mark, so the character before the mark is a letter or one of those marks, and
# Yiddish's doubled letters (ײ"ב) and the presentation forms (אַ, U+FB1D..FB4F) are letters too.
# (Maqaf, paseq and sof pasuq, U+05BE, U+05C0, U+05C3, are punctuation, not marks on a letter.)
_HEBREW_LETTER = "\u05d0-\u05ea\u05ef-\u05f2\ufb1d-\ufb4f"
_ON_A_LETTER = "\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7"
_GERSHAYIM = rf"(?<=[{_HEBREW_LETTER}{_ON_A_LETTER}])\"(?=[{_HEBREW_LETTER}])"


class _Strikethrough(Extension):
    """~~Struck~~ words as <del>, as Goldmark strikes them: one pattern, where pymdownx's tilde
    compiled 26 ms of patterns in every build process that renders a note."""

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's name)
        pattern = r"(?<!~)(~~)(?![\s~])(.+?)(?<![\s~])~~(?!~)"
        md.inlinePatterns.register(SimpleTagInlineProcessor(pattern, "del"), "strikethrough", 65)


class _BackslashBreak(Extension):
    """A backslash ending a line is a line break in CommonMark (so on the blog), the one authors
    whose editor strips trailing spaces write; Python-Markdown knows two spaces only, so the
    email showed 'hard\\ break', backslash and all, in both parts."""

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's name)
        # Before the escapes (180), and not after a backslash: Goldmark breaks no line that ends
        # in two or more ('C:\\\' shows two backslashes, unbroken), where CommonMark would
        md.inlinePatterns.register(SubstituteTagInlineProcessor(r"(?<!\\)\\\n", "br"), "backslash_break", 185)


class _DisplayMath(Extension):
    """A display formula, `$$ … $$` from a line's start to a line's end, as its TeX source in a
    code block: no inbox renders TeX, and read as prose its `\\\\` line ends became single
    backslashes and its lines one run-on paragraph. On the blog, Goldmark's passthrough (Blowfish
    and most math-minded themes turn it on) keeps the block whole for KaTeX or MathJax.

    And a <details> block's Markdown, which Goldmark renders on the blog (the lines after a blank
    one end its HTML block), as Markdown: Python-Markdown kept the whole element as raw HTML, so
    the email showed '*worse*' with its stars, run into the next paragraph. md_in_html parses the
    inside of a <details> marked `markdown="1"`, as each one starting a line is marked here."""

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's name)
        md.preprocessors.register(_DisplayMathBlocks(md), "display_math", 27)  # before fenced code (25)
        # Inline `$…$`, Pandoc's way (no space inside its ends, no digit after: '$5 and $10' is
        # money): as typed, before the escapes (180) took '\\{' to '{' and '*' made emphasis,
        # after code spans (190).
        md.inlinePatterns.register(_InlineMath(_INLINE_MATH, md), "inline_math", 186)


_INLINE_MATH = r"(?<![\\$\w])\$(?=[^\s$])[^$\n]*?[^\s\\$]\$(?![\d$])|(?<![\\$\w])\$[^\s$\\]\$(?![\d$])"


# A bare link's address, where a `$` is a character of the link (Microsoft Graph's
# `?$select=subject&$top=5`): read as a formula, it cut the link short at its first `$`.
_ADDRESS = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://|www\.", re.I)


class _InlineMath(InlineProcessor):
    def handleMatch(self, match, data):  # noqa: N802 (Markdown's name)
        word = data[: match.start(0)].rsplit(None, 1)[-1:]  # the word the `$` is in, up to it
        if word and _ADDRESS.search(word[0]):
            return None, None, None
        formula = ET.Element("span")  # (no tag the email keeps: its words alone)
        formula.text = AtomicString(match[0])  # no escapes, emphasis or curly quotes in it
        return formula, match.start(0), match.end(0)


class _Ruby(Extension):
    """A note's ruby (furigana) kept whole, as one piece of raw HTML with its parentheses
    (formats/ruby.py): Python-Markdown keeps each tag apart, leaving no place to see whether
    the author wrote <rp>. After code spans (190), so one in backticks stays as typed."""

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's name)
        md.inlinePatterns.register(_WholeRuby(ruby.RUBY, md), "ruby", 95)  # before raw HTML (90)


class _WholeRuby(InlineProcessor):
    def __init__(self, pattern, md):
        super().__init__(pattern, md)
        self.compiled_re = re.compile(pattern, re.S | re.I)

    def handleMatch(self, match, data):  # noqa: N802 (Markdown's name)
        if STX in match[0]:  # code or a link in it, read already: its tags are read one by one, as other HTML's
            # (stored whole, the code's placeholder went out as it was, '\x02klzzwxh:0000\x03', and the
            # email's MJML renderer refused it: 'The email template … is not valid MJML', attack 32)
            return None, None, None
        return self.md.htmlStash.store(ruby.with_parentheses(match[0])), match.start(0), match.end(0)


_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_DETAILS = re.compile(r"^<details(?=[\s>])(?![^>]*\bmarkdown=)", re.I)


def _in_code(lines: list[str]) -> list[bool]:
    """For each line, whether it is a fenced code block's (its fences too): `$$` shown as typed."""
    fence, marks = None, []
    for line in lines:
        opening = _FENCE.match(line)
        if fence or opening:
            closes = opening and fence and opening[1][0] == fence[0] and len(opening[1]) >= len(fence)
            fence = None if closes else fence or opening[1]
        marks.append(bool(fence or opening))
    return marks


class _DisplayMathBlocks(Preprocessor):
    def run(self, lines):
        out, code, i = [], _in_code(lines), 0
        while i < len(lines):
            end = None if code[i] else _formula_end(lines, i)
            if end is None:
                out.append(lines[i] if code[i] else _DETAILS.sub('<details markdown="1"', lines[i]))
                i += 1
                continue
            formula = [text.strip() for text in lines[i : end + 1]]
            tildes = "~" * max(3, 1 + max(len(run) for text in formula for run in re.findall("~*", text)))
            out += [tildes, *formula, tildes]
            i = end + 1
        return out


def _formula_end(lines: list[str], start: int) -> int | None:
    """The line that closes a display formula opening at `start`, within its paragraph."""
    first = lines[start].strip()
    if not lines[start].startswith("$$"):  # indented, it is a list item's or code: left as it was
        return None
    if len(first) > 4 and first.endswith("$$"):
        return start
    for end in range(start + 1, len(lines)):
        if not lines[end].strip():
            return None
        if lines[end].rstrip().endswith("$$"):
            return end
    return None


class _TaskItems(Extension):
    """A task list's item ('- [x] done', '- [ ] todo'), as Goldmark's task lists (on in Hugo by
    default) tell one on the blog: the box typed as the start of the item's first paragraph. The
    item is marked (class="task-list-item", GitHub's name) for the email to draw its box; its
    text stays as typed, the text part's. Told before the escapes are undone, so an item
    written '- \\[x] not a task' (shown '[x] not a task' on the blog) got a box in the email."""

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's name)
        md.treeprocessors.register(_MarkTasks(md), "task_items", 5)  # after inline (20), before unescape (0)


_TASK_START = re.compile(r"\[[ xX]\][ \t]")


class _MarkTasks(Treeprocessor):
    def run(self, root):
        for item in root.iter("li"):
            first = item[0] if not (item.text or "").strip() and len(item) and item[0].tag == "p" else item
            if _TASK_START.match((first.text or "").lstrip()):
                item.set("class", "task-list-item")


class _FrenchSpaces(Extension):
    """In a language whose quotes hold a no-break space (French's « », quote_open in [wording]),
    the spaces a note's author typed as French sets them (« Transformers », « facile » :,
    400 000, 15 %) are no-break ones in the email, its text part, the web edition and the
    feeds, as the tool's own words and the quotes smarty makes already are: typed as plain
    spaces, a 375 px screen put the closing » or the colon alone at a line's start (new user
    20). Code and formulas keep their spaces; the post keeps the note as typed, for Hugo. In
    every other language, only a number's space before its % or ‰ ("40 %", as Spanish sets it)."""

    def __init__(self, french: bool):
        super().__init__()
        self.french = french

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's name)
        # after inline (20): smarty's quotes
        md.treeprocessors.register(_SpaceFrench(md, self.french), "french_spaces", 6)


_AS_TYPED = {"code", "pre", "kbd", "samp", "script", "style"}


# A piece of raw HTML the parser stashed (its text stays in the tree), and the tags of it that
# open or close text kept as typed: "<code>ls ; cd</code>" typed in a note is code too
_STASHED = re.compile(r"\x02wzxhzdk:(\d+)\x03")
_RAW_AS_TYPED = re.compile(r"<(/?)(?:code|pre|kbd|samp|script|style)\b[^>]*>", re.IGNORECASE)
_KEPT = re.compile("\ue000(\\d+)\ue001")


class _SpaceFrench(Treeprocessor):
    def __init__(self, md, french: bool):
        super().__init__(md)
        self.french = french

    def run(self, root):
        self.in_raw = 0  # raw <code>, <pre>… tags open, in the tree's order
        self._space(root)

    def _space(self, element):
        if element.tag in _AS_TYPED:
            return
        element.text = self._spaced(element.text)
        for child in element:
            self._space(child)
            # a tail follows a word (a link, `code`, *emphasis*): "[le lien](…) !" is spaced as
            # "le lien !" is; after a line break its first space is no word's
            child.tail = self._spaced(child.tail, after_word=child.tag != "br")

    def _spaced(self, text: str | None, after_word: bool = False) -> str | None:
        """`text` spaced, but for what is inside a raw <code> or <pre> the author typed: it was
        given no-break spaces ('<code>ls ; cd</code>' copied from the email was no command)."""
        if not text or isinstance(text, AtomicString) or "\ue000" in text:
            return _spaced(text, after_word, self.french)
        if "\x02" not in text and not self.in_raw:
            return _spaced(text, after_word, self.french)
        kept: list[str] = []  # held out of the patterns' reach by a mark with no space in it

        def keep(piece: str) -> str:
            if not self.in_raw or not piece:
                return piece
            kept.append(piece)
            return f"\ue000{len(kept) - 1}\ue001"

        out, position = [], 0
        for stashed in _STASHED.finditer(text):
            out += [keep(text[position : stashed.start()]), stashed[0]]
            if tag := _RAW_AS_TYPED.fullmatch(str(self.md.htmlStash.rawHtmlBlocks[int(stashed[1])]).strip()):
                self.in_raw = max(0, self.in_raw + (-1 if tag[1] else 1))
            position = stashed.end()
        out.append(keep(text[position:]))
        return _KEPT.sub(lambda mark: kept[int(mark[1])], _spaced("".join(out), after_word, self.french))


def _spaced(text: str | None, after_word: bool = False, french: bool = True) -> str | None:
    if not text or isinstance(text, AtomicString):  # None, or a formula or code as typed
        return text
    return french_spacing.spaced(text, after_word, french)


class _WideLines(Extension):
    """A paragraph's lines joined with nothing between two Chinese or Japanese characters, as
    those languages join them (CSS Text's rule for a line break between wide characters, which
    Chrome and Safari do not follow): written a sentence to a line, a Japanese note showed a
    space after each '。' in the email and its text part (new user 22). Korean spaces its words
    and keeps the space; code keeps its lines."""

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's name)
        md.treeprocessors.register(_JoinWideLines(md), "wide_lines", 7)  # after inline (20)


class _JoinWideLines(Treeprocessor):
    def run(self, root):
        for element in root.iter():
            if element.tag not in _AS_TYPED:
                element.text = _wide_lines_joined(element.text)
            element.tail = _wide_lines_joined(element.tail)


_LINE_BREAK = re.compile(r"[ \t]*\n[ \t]*")


def _wide_lines_joined(text: str | None) -> str | None:
    if not text or "\n" not in text or isinstance(text, AtomicString):
        return text

    def joined(m: re.Match) -> str:
        before, after = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
        return "" if _joins_lines(before) and _joins_lines(after) else m[0]

    return _LINE_BREAK.sub(joined, text)


def _joins_lines(char: str) -> bool:
    """A wide or half-width character of Chinese or Japanese: not Korean's, nor an emoji."""
    return (
        bool(char)
        and unicodedata.east_asian_width(char) in "WFH"
        and unicodedata.category(char) not in ("So", "Sk")
        and not unicodedata.name(char, "").startswith("HANGUL")
    )


class _KeepTree(Treeprocessor):
    """Runs after inline parsing and hands the finished tree to the text writer."""

    def run(self, root):
        self.md.text_tree = root
