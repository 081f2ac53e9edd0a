"""Feed HTML to plain text: paragraphs for a starting note, one line for a title or a name.

Feed text is untrusted and often HTML: tags are stripped, script and style content dropped,
entities decoded. Only HTML's own tags are markup, so "List<T> in C#" keeps its <T>.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from newsletter.links import untrusted


class _PlainText(HTMLParser):
    """HTML to plain-text paragraphs: HTML tags stripped, script/style content dropped.

    Only HTML's own tags are markup: "List<T> in C#" in a title keeps its <T>.
    """

    SKIP = set("script style template noscript iframe object embed svg math head title select textarea".split())
    BLOCK = set(
        "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote tr table section article header footer pre hr "
        "dd dt dl figure figcaption main nav aside details summary".split()
    )
    INLINE = set(
        "a abbr b bdi bdo big cite code data del dfn em font i img ins kbd mark q s samp small span "
        "strike strong sub sup time tt u var wbr body html center caption td th thead tbody tfoot "
        "video audio source picture meta link input button form label".split()
    )

    def __init__(self, links: bool = False):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.links = links
        self.opened: list[tuple[str, int]] = []  # each open <a href>'s address, and where its words begin

    def handle_starttag(self, tag, attrs):
        if tag == "a" and self.links:
            self.opened.append((dict(attrs).get("href") or "", len(self.parts)))
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n\n")
        elif tag not in self.INLINE:
            self.handle_data(self.get_starttag_text() or "")

    def handle_startendtag(self, tag, attrs):
        if tag in self.BLOCK:
            self.parts.append("\n\n")
        elif tag not in self.INLINE | self.SKIP:
            self.handle_data(self.get_starttag_text() or "")

    def handle_endtag(self, tag):
        if tag == "a" and self.opened:
            self._link_address(*self.opened.pop())
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n\n")
        elif tag not in self.INLINE:
            self.handle_data(f"</{tag}>")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)

    def _link_address(self, href: str, start: int) -> None:
        """A link's address after its words, "our notes (https://…)", where it is a web address its
        words do not say: a Goodreads review's "see <a href=…>our notes</a>" lost where it led."""
        href, words = href.strip(), " ".join("".join(self.parts[start:]).split())
        # (one holding a character Markdown's escaping splits, '*', '[', is left out: the email's
        # link to "…?b=\*2\*" ended before the '*')
        if _SHOWN_ADDRESS.fullmatch(href) and words and words.rstrip("/") != href.rstrip("/"):
            self.handle_data(f" ({href})")


_SHOWN_ADDRESS = re.compile(r"https?://[^\s<>()\[\]*`\\]+", re.I)

# A '<' that opens nothing complete before the next '<': a comment without its "-->", a marked
# section without its "]>", anything else without a '>'. CPython's HTMLParser (before its 2025
# security releases) reads to the end of the input again for each one it cannot complete, so
# "<a<a<a…" in a feed item took minutes (200 KB: four), and "<![<![" raised AssertionError.
# Such a '<' is text anyway: escaped first, in one linear pass, the parser never meets one.
_UNFINISHED = re.compile(r"<(?:!--(?![^<]*-->)|!\[(?![A-Za-z][^<]*\]>)|(?![A-Za-z/!?][^<>]*>))")


def paragraphs(html: str, limit: int | None = None, links: bool = False) -> list[str]:
    """`links`: a link's web address is kept after its words, in brackets (a reader's review); a
    feed's summary leaves it out, as its item is a link already."""
    parser = _PlainText(links)
    parser.feed(_UNFINISHED.sub(lambda match: "&lt;" + match[0][1:], html))
    parser.close()
    paragraphs, size = [], 0
    for block in re.split(r"\n\s*\n", "".join(parser.parts)):
        text = clean(block)
        if not text:
            continue
        if limit is not None and size + len(text) > limit:
            cut = text[: max(0, limit - size)].rsplit(" ", 1)[0]
            if cut:
                paragraphs.append(cut + " …")
            break
        paragraphs.append(text)
        size += len(text)
    return paragraphs


def plain(html: str) -> str:
    """One line of plain text from a title or name that may hold HTML."""
    return " ".join(paragraphs(str(html)))


def clean(text: str) -> str:
    # str.split() also splits at U+2028, U+0085...: YAML and Markdown see those as line breaks.
    # Then control characters, bidi controls, lone surrogates and non-characters go: YAML refuses them.
    return untrusted.text(" ".join(text.split()), None)
