"""Markdown -> readable plain text for the email's text part.

The text part is rendered from the same Markdown the HTML comes from (parsed once by
Python-Markdown into its element tree), not scraped back out of the HTML: links become
numbered references, emphasis and code lose their markers, quotes keep their `>`.
Every line fits in 78 columns (a Chinese or Japanese character takes two), except a word too
long to break (a URL, say) and a line of code, kept whole (`code`).
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
import xml.etree.ElementTree as ET

from newsletter.formats import columns, text_table
from newsletter.formats.language_tag import isolated_per_line
from newsletter.formats.line_fill import fill
from newsletter.formats.note_addresses import absolute
from newsletter.formats.notes import IMAGES, NoteParser
from newsletter.formats.text_links import Links
from newsletter.formats.wide_wrap import KEEP, has_wide

WIDTH = 78


def to_text(source: str, links: Links, width: int = WIDTH, parser: NoteParser | None = None) -> str:
    """Plain text for a Markdown string, wrapped at `width`, links cited through `links`;
    parsed by the build's `parser` (a fresh one without it).

    The parser keeps the text with the citations its writing made. A later build replays
    them: if `links` numbers each link as it did then, the text is the same (the writer
    depends on nothing else), so it is not written again. A link numbered differently (an
    earlier entry gained one) stops the replay, and the note is written anew; the calls it
    repeats leave `links` as they found it, since a link keeps its first number."""
    if not source.strip():
        return ""
    parser = parser or NoteParser()
    kind = made_kind(links, width)
    kept = _replayable(parser.kept(kind, source))
    if kept is not None:
        text, calls = kept
        if all(links.cite(words, url) == cited for words, url, cited in calls):
            return text
    calls = []
    parsed = parser.parse(source)
    writer = _Writer(_Recorded(links, calls), width, parsed.stash, parser.images, links.page)
    # (only the blank lines around: a note that opens with code keeps its first line's indent)
    text = "\n\n".join(block for child in parsed.tree if (block := writer.block(child))).strip("\n")
    parser.keep(kind, source, json.dumps([text, calls], ensure_ascii=False))
    return text


# Change whenever the writer below would give other text for the same note and citations
# (the notes cache keeps its results across builds).
_TEXT_KIND = "text-21"


def made_kind(links: Links, width: int = WIDTH) -> str:
    """What `to_text` keeps a note's text under in the notes cache (NoteParser.prefetch)."""
    return f"{_TEXT_KIND}\0{width}\0{links.inline}" + (f"\0{links.page}" if links.page else "")


def _replayable(kept: str | None) -> tuple[str, list] | None:
    """The kept text and its citations, or None for a damaged store (it only means writing the
    note again): checked whole before any citation is replayed into the edition's links."""
    try:
        text, calls = json.loads(kept) if kept is not None else (None, None)
        if isinstance(text, str) and all(
            isinstance(call, list) and len(call) == 3 and all(isinstance(part, str) for part in call) for call in calls
        ):
            return text, calls
    except (ValueError, TypeError, RecursionError):  # (RecursionError: arrays nested past Python's limit)
        pass
    return None


class _Recorded:
    """`links`, noting each citation the writer asks for and what it was given."""

    def __init__(self, links: Links, calls: list):
        self.links, self.calls = links, calls

    def cite(self, text: str, url: str) -> str:
        cited = self.links.cite(text, url)
        self.calls.append((text, url, cited))
        return cited


def wrap(text: str, width: int = WIDTH, prefix: str = "", indent: str = "") -> str:
    """textwrap.fill at `width`, never breaking a word or at a hyphen. Prose whose words are
    single-spaced (what the writer's squashing leaves) takes a plain greedy loop that gives
    the same lines (tests/test_plaintext.py compares them on random text), but for a vowel or
    tone mark, which it counts as the column it takes, none; anything else goes
    to textwrap itself, which was a tenth of a build."""
    if "]" in text:
        text = _MARK_IN_WORD.sub(_after_the_word, text)
    if "\u00a0" in text and _kept_whole(text):  # a letter to textwrap too: the loop's lines
        lines = fill(text.replace("\u00a0", "\ue001"), width, prefix, indent).replace("\ue001", "\u00a0")
    else:
        lines = fill(text, width, prefix, indent)
    return isolated_per_line(lines) if "\u2068" in text else lines


# A link's number written into a word, "파이썬 [1]을", "PR [3]s": Korean writes a particle onto the
# word a link ends in, English a plural's s; the number goes after the word. Only after an ending
# (three letters at most: 에서는, 으로, "s", Hindi's को): in a language written without spaces the
# run after a link is the rest of its clause, and Japanese "Python [1]を使ってコードを書いた" had
# its number sent to the clause's end.
_MARK_IN_WORD = re.compile(r"( \[\d+\])([^\s\[\]]+)")


def _after_the_word(match: re.Match) -> str:
    """The number after the letters it was written into, and their vowel signs and accents: Thai's
    นี้ and Hindi's को are a letter and marks (not letters to a regex's \\w), and the number went
    between them ("บทความน [1]ี้")."""
    number, rest = match.groups()
    end = 0
    while end < len(rest) and (rest[end].isalpha() or unicodedata.category(rest[end])[0] == "M"):
        end += 1
    return rest[:end] + number + rest[end:] if end and sum(map(str.isalpha, rest[:end])) <= 3 else match[0]


# Whitespace textwrap breaks at or drops but the plain space and the no-break space (below U+0300)
_SPACE_BUT_NO_BREAK = re.compile(r"[^\S \u00a0]").search
_NO_BREAK_WORD = re.compile(r"(?:^| )\u00a0+(?: |$)").search  # a word of no-break spaces alone


def _kept_whole(text: str) -> bool:
    """Whether `text`'s no-break spaces are letters of its words to textwrap, as to the plain loop
    of line_fill.fill, which a no-break space sent to textwrap: unbroken's "Episode\u00a0359",
    on nearly every facts line of every edition (issue #17). So the space is given to `fill` as a
    letter (private use's U+E001), and the lines are textwrap's: in text of letters below U+0300
    (no mark, which the loop counts as no column, no wide letter, no U+E001 of its own), with no
    other whitespace but the plain space, and no word of no-break spaces alone (textwrap's
    strip() drops one at a line's end). (Not in line_fill.py, whose code keys the notes cache.)"""
    return max(text) < "\u0300" and not _SPACE_BUT_NO_BREAK(text) and not _NO_BREAK_WORD(text)


def unbroken(fact: str) -> str:
    """A short fact ("1 h 06 min", "Episode 42") with no-break spaces, as the HTML keeps it on
    one line (white-space: nowrap): neither the wrap here nor a reader's narrow window breaks it.
    A Japanese or Chinese one ("1時間5分", "第359回") has no space to keep: the wrap here is told by
    word joiners between its characters, which it takes out again (wide_wrap.KEEP)."""
    if len(fact) > 16:
        return fact
    kept = fact.replace(" ", "\u00a0")
    return KEEP.join(kept) if has_wide(kept) else kept


def heading(text: str, char: str = "=", width: int = WIDTH) -> str:
    """A heading, wrapped, underlined as long as its longest line."""
    title = wrap(_squash(text), width)
    return f"{title}\n{char * max(columns.width(line) for line in title.splitlines())}" if title else ""


def code(text: str, indent: str = "    ") -> str:
    """A code block, indented, each line whole as written. A line too long for the width was
    broken at a space and continued four spaces further in, which reads as a line of code of its
    own, one level deeper (Devi's `+ momentum * previous_update`, a statement in a loop); and
    code copied from the email must run. The width is a courtesy for prose: the part is
    quoted-printable, so no line of the message itself is longer than 76 characters."""
    return "\n".join((indent + line).rstrip() for line in text.expandtabs(4).rstrip("\n").splitlines())


class _Writer:
    def __init__(self, links, width: int, stash: tuple[str, ...], images: tuple[str, str] = IMAGES, page=None):
        self.links, self.width, self.stash, self.images, self.page = links, width, stash, images, page
        self.in_link = False  # inside a link, whose address the reader gets: an image in it is words
        self.raw_href = ""  # the address of the raw <a> the author typed that is open, cited at its end

    def block(self, el: ET.Element, width: int | None = None) -> str:
        width = width or self.width
        tag = el.tag
        if tag == "p" and len(el) == 0 and re.fullmatch(r"\x02wzxhzdk:\d+\x03", el.text or ""):
            return self._raw_block(el.text)
        if tag == "p":
            return self._paragraph(self.inline(el), width)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            return heading(self.inline(el), "-", width)
        if tag == "blockquote":
            inner = "\n\n".join(b for c in el if (b := self.block(c, width - 2)))
            return "\n".join(f"> {line}".rstrip() for line in inner.splitlines())
        if tag in ("ul", "ol"):
            items = []
            start = int(el.get("start", "1")) if el.get("start", "1").isdigit() else 1
            # a note's footnotes are numbered as their marks in the text are, ¹ and not "1.": under
            # a numbered list, "* * *" and "1. Its source" read as the list starting over (new user 61)
            notes = tag == "ol" and all(li.get("id", "").startswith("fn:") for li in el.findall("li"))
            for number, item in enumerate(el.findall("li"), start=start):
                marker = (
                    (f"{number}".translate(_SUPERSCRIPT) + " " if notes else f"{number}. ") if tag == "ol" else "- "
                )
                items.append(self._item(item, marker, width))
            return "\n".join(items)
        if tag == "pre":  # an indented code block: its text is HTML-escaped in the tree
            return code(html.unescape(self._unstash("".join(el.itertext()))))
        if tag == "hr":
            return "* * *"
        if tag == "table":
            return self._table(el, width)
        if tag in ("div", "details"):  # a note's <details>: its summary, then its blocks
            return "\n\n".join(b for c in el if (b := self.block(c, width)))
        return self._paragraph(self.inline(el), width)

    def _table(self, table: ET.Element, width: int) -> str:
        """A Markdown table as lines of cells between " | ", its header ruled off below."""
        sections = [
            (
                section.tag,
                [[(_squash(self.inline(c)), "right" in c.get("style", "")) for c in r] for r in section.iter("tr")],
            )
            for section in table
        ]
        return text_table.table(sections, width, wrap)

    def _raw_block(self, placeholder: str) -> str:
        """A fenced code block or a raw HTML block: code keeps its lines, HTML its words."""
        raw = self.stash[int(placeholder[9:-1])]
        text = _words_of(raw, self._raw_link_or_image).strip()
        if raw.lstrip().startswith("<pre"):
            return code(text)
        return wrap(_squash(text), self.width)

    def _item(self, item: ET.Element, marker: str, width: int) -> str:
        pad = " " * len(marker)
        if any(child.tag in _BLOCKS for child in item):
            # Words around the blocks, inline code and links among them, are paragraphs of their
            # own: `- `jit` compiles` above a nested list lost all but "jit".
            inner = width - len(marker)
            blocks, words = [], [self._unstash(item.text or "")]
            for child in item:
                if child.tag in _BLOCKS:
                    blocks += [wrap(_squash("".join(words)), inner), self.block(child, inner)]
                    words = []
                else:
                    words.append(self._inline_child(child))
                words.append(self._unstash(child.tail or ""))
            blocks.append(wrap(_squash("".join(words)), inner))
            lines = "\n".join(b for b in blocks if b).splitlines()
            return "\n".join([marker + lines[0]] + [pad + line if line else "" for line in lines[1:]])
        return wrap(_squash(self.inline(item)), width, prefix=marker, indent=pad)

    def _paragraph(self, text: str, width: int) -> str:
        # Hard line breaks (<br>) survive as newlines; everything else is re-wrapped.
        return "\n".join(wrap(_squash(line), width) for line in text.split("\n\x00"))

    def inline(self, el: ET.Element, children: bool = True) -> str:
        parts = [self._unstash(el.text or "")]
        for child in el if children else []:
            if child.tag in _BLOCKS:
                continue
            parts.append(self._inline_child(child))
            parts.append(self._unstash(child.tail or ""))
        return "".join(parts)

    def _inline_child(self, child: ET.Element) -> str:
        if child.tag == "a" and child.get("class") == "footnote-backref":
            return ""  # "jump back to the text": no place to jump to in plain text
        if child.tag == "a":
            href = absolute(_entities(child.get("href", "")).strip(), self.page)
            outside, self.in_link = self.in_link, True
            text = self.inline(child)
            self.in_link = outside
            return self.links.cite(text, href) if _citable(href, LINK_SCHEMES) else text
        if child.tag == "img":
            return self._image(absolute(_entities(child.get("src", "")).strip(), self.page), child.get("alt", ""))
        if child.tag == "sup" and child.get("id", "").startswith("fnref"):  # a footnote's mark: ¹
            return _squash(self.inline(child)).translate(_SUPERSCRIPT)
        if child.tag == "del":  # struck words keep their marks: "I hate love it" says the opposite
            return f"~~{self.inline(child)}~~"
        if child.tag == "br":
            return "\n\x00"
        if child.tag == "code":  # a code span's text is HTML-escaped in the tree
            return html.unescape(self.inline(child))
        return self.inline(child)  # em, strong, span...: the words, without the markers

    def _image(self, src: str, alt: str) -> str:
        """An image, in the HTML part's words: `[image: alt]` (`[image]` without one, not
        `[image: ]`), cited with its web address unless it is in a link, whose address it is."""
        words = self.images[0].format(alt=alt.strip()) if alt.strip() else self.images[1]
        return self.links.cite(words, src) if _citable(src, IMAGE_SCHEMES) and not self.in_link else words

    def _raw_link_or_image(self, match: re.Match) -> str:
        """A raw <a> or <img> tag the author typed: an <a> opens or closes a link, whose words
        stay, as all raw HTML's do, cited after its end as a Markdown link's are; an <img> is
        the image's words. (HTML-escaped, as the raw HTML around them is.)"""
        values = {name.lower(): html.unescape(a or b or c) for name, a, b, c in _ATTRIBUTE.findall(match[0])}
        if match[2].lower() == "a":
            self.in_link = not match[1]
            if self.in_link:
                self.raw_href = absolute(values.get("href", "").strip(), self.page)
                return match[0]
            href, self.raw_href = self.raw_href, ""
            if not _citable(href, LINK_SCHEMES):
                return match[0]
            # (through cite, which the notes cache records and replays: its words are a mark)
            return match[0] + html.escape(self.links.cite(_WORDS_CITED, href).removeprefix(_WORDS_CITED), quote=False)
        src = absolute(values.get("src", "").strip(), self.page)
        return html.escape(self._image(src, values.get("alt", "")), quote=False)

    def _unstash(self, text: str) -> str:
        """Raw HTML and entities the author typed (and smarty's dashes and quotes) are stashed
        by Python-Markdown as HTML; keep only their words, with entities decoded. The rest
        of the text is the author's, character for character (`AT&T` stays as written)."""

        def restore(match):
            return _words_of(self._raw(match), self._raw_link_or_image)

        # (imported here: Markdown is loaded only when a note is parsed, and this text is a parse's)
        from markdown.extensions.footnotes import NBSP_PLACEHOLDER

        text = text.replace(NBSP_PLACEHOLDER, "")  # the space before a footnote's (dropped) jump-back link
        return _entities(re.sub(_PLACEHOLDER, restore, self._without_unseen(text)))

    def _raw(self, match) -> str:
        index = int(match.group(1))
        return str(self.stash[index]) if index < len(self.stash) else ""

    def _without_unseen(self, text: str) -> str:
        """`text` without what an inline <script> or <style> the author typed holds: its tags
        are stashed one by one, and the words between them are no reader's."""
        if "\x02" not in text:
            return text
        kept, inside = [], None
        for part in re.split(r"(\x02wzxhzdk:\d+\x03)", text):
            tag = re.fullmatch(_PLACEHOLDER, part)
            raw = self._raw(tag) if tag else ""
            if inside is not None:
                if re.match(rf"</{inside}\s*>", raw, re.I):
                    inside = None
                continue
            opening = re.match(r"<(script|style|template|noscript)\b", raw, re.I)
            if opening and not re.search(rf"</{opening[1]}\s*>", raw, re.I):
                inside = opening[1]
                continue
            kept.append(part)
        return "".join(kept)


_WORDS_CITED = "\x01"  # a raw link's words, already written when its end tag is read
_BLOCKS = ("p", "ul", "ol", "blockquote", "pre", "table")  # the blocks Python-Markdown puts in a list item
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_PLACEHOLDER = r"\x02wzxhzdk:(\d+)\x03"  # Python-Markdown's mark for a stashed piece of raw HTML
# What raw HTML shows no reader: comments, and the insides of scripts, styles and templates
# (the HTML part drops them too).
_UNSEEN = re.compile(r"<!--.*?(?:-->|$)|<(script|style|template|noscript)\b.*?(?:</\1\s*>|$)", re.DOTALL | re.I)


# Tags that end a line or a block: their words must not run into the next ones.
_BREAKING = re.compile(
    r"</?(?:address|article|blockquote|br|dd|details|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr|li|"
    r"ol|p|section|summary|table|td|th|tr|ul)\b[^>]*>",
    re.I,
)


# A raw <a> or <img> tag (quoted values may hold ">"), and the attributes an image is shown by.
_LINK_OR_IMAGE = re.compile(r"""<(/?)(a|img)\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.I)
_ATTRIBUTE = re.compile(r"""(?<![\w-])(src|alt|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""", re.I)


def _words_of(raw: str, image=None) -> str:
    """The words a reader sees in raw HTML the author typed: no tags, no unseen parts, and a
    space where a block or line ended (`<summary>More</summary>Text`: "More Text"); `image`
    gives an <a> or <img> tag's words (as a re.sub replacement)."""
    seen = _UNSEEN.sub("", raw)
    if image is not None:
        seen = _LINK_OR_IMAGE.sub(image, seen)
    return html.unescape(re.sub(r"<[^>]*>", "", _BREAKING.sub(" ", seen)))


LINK_SCHEMES = ("http://", "https://", "mailto:")
IMAGE_SCHEMES = ("http://", "https://")  # never javascript:, data:, file:...


def _citable(url: str, schemes: tuple[str, ...]) -> bool:
    """Whether the text part may list `url`: only schemes a reader can safely open."""
    return url.lower().startswith(schemes) and not any(c.isspace() for c in url)


def _entities(text: str) -> str:
    """Decode the entities Python-Markdown itself wrote (an autolinked address is obfuscated
    as `&#109;&#101;...`, its `&` held as a placeholder until serialisation)."""
    return re.sub(r"\x02amp\x03(#\d+;|#x[0-9a-fA-F]+;|\w+;)", lambda m: html.unescape("&" + m.group(1)), text)


def _squash(text: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", text).strip()
