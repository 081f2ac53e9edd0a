"""Markdown -> readable plain text for the email's text part.

The text part is rendered from the same Markdown the HTML comes from (parsed once by
Python-Markdown into its element tree), not scraped back out of the HTML: links become
numbered references, emphasis and code lose their markers, quotes keep their `>`.
"""

from __future__ import annotations

import html
import re
import textwrap
import xml.etree.ElementTree as ET

import markdown
from markdown.treeprocessors import Treeprocessor

WIDTH = 78
EXTENSIONS = ["fenced_code", "sane_lists"]  # shared with the HTML renderer


class Links:
    """Numbered link references shared by a whole edition: the same URL keeps its number."""

    def __init__(self, inline: bool = False):
        self.inline = inline
        self.urls: list[str] = []

    def cite(self, text: str, url: str) -> str:
        if self.inline:
            return url if text.strip() in ("", url) else f"{text} ({url})"
        if url not in self.urls:
            self.urls.append(url)
        number = self.urls.index(url) + 1
        return f"[{number}]" if text.strip() in ("", url) else f"{text} [{number}]"

    def reference_list(self) -> str:
        return "\n".join(f"[{n}] {url}" for n, url in enumerate(self.urls, start=1))


class _KeepTree(Treeprocessor):
    """Runs after inline parsing and hands the finished tree to the text writer."""

    def run(self, root):
        self.md.text_tree = root


def markdown_tree(source: str) -> tuple[ET.Element, markdown.Markdown]:
    md = markdown.Markdown(extensions=EXTENSIONS)
    md.treeprocessors.register(_KeepTree(md), "keep_tree", -100)
    md.convert(source)
    return md.text_tree, md


def to_text(source: str, links: Links, width: int = WIDTH) -> str:
    """Plain text for a Markdown string, wrapped at `width`, links cited through `links`."""
    if not source.strip():
        return ""
    root, md = markdown_tree(source)
    writer = _Writer(links, width, md)
    return "\n\n".join(block for child in root if (block := writer.block(child))).strip()


def wrap(text: str, width: int = WIDTH, prefix: str = "", indent: str = "") -> str:
    return textwrap.fill(text, width=width, initial_indent=prefix, subsequent_indent=indent or prefix,
                         break_long_words=False, break_on_hyphens=False)


class _Writer:
    def __init__(self, links: Links, width: int, md: markdown.Markdown):
        self.links, self.width, self.md = links, width, md

    def block(self, el: ET.Element, width: int | None = None) -> str:
        width = width or self.width
        tag = el.tag
        if tag == "p" and len(el) == 0 and re.fullmatch(r"\x02wzxhzdk:\d+\x03", el.text or ""):
            return self._raw_block(el.text)
        if tag == "p":
            return self._paragraph(self.inline(el), width)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            title = _squash(self.inline(el))
            return f"{title}\n{'-' * min(len(title), width)}"
        if tag == "blockquote":
            inner = "\n\n".join(b for c in el if (b := self.block(c, width - 2)))
            return "\n".join(f"> {line}".rstrip() for line in inner.splitlines())
        if tag in ("ul", "ol"):
            items = []
            for number, item in enumerate(el.findall("li"), start=1):
                marker = f"{number}. " if tag == "ol" else "- "
                items.append(self._item(item, marker, width))
            return "\n".join(items)
        if tag == "pre":
            code = self._unstash("".join(el.itertext())).rstrip("\n")
            return "\n".join("    " + line for line in code.splitlines())
        if tag == "hr":
            return "* * *"
        if tag == "div":
            return "\n\n".join(b for c in el if (b := self.block(c, width)))
        return self._paragraph(self.inline(el), width)

    def _raw_block(self, placeholder: str) -> str:
        """A fenced code block or a raw HTML block: code keeps its lines, HTML its words."""
        raw = str(self.md.htmlStash.rawHtmlBlocks[int(placeholder[9:-1])])
        text = html.unescape(re.sub(r"<[^>]*>", "", raw)).strip("\n")
        if raw.lstrip().startswith("<pre"):
            return "\n".join("    " + line for line in text.splitlines())
        return wrap(_squash(text), self.width)

    def _item(self, item: ET.Element, marker: str, width: int) -> str:
        pad = " " * len(marker)
        if any(child.tag in ("p", "ul", "ol", "blockquote", "pre") for child in item):
            blocks = [self.block(child, width - len(marker)) for child in item]
            lead = self.inline(item, children=False).strip()
            text = "\n".join(b for b in ([wrap(lead, width - len(marker))] if lead else []) + blocks if b)
            lines = text.splitlines()
            return "\n".join([marker + lines[0]] + [pad + line if line else "" for line in lines[1:]])
        return wrap(_squash(self.inline(item)), width, prefix=marker, indent=pad)

    def _paragraph(self, text: str, width: int) -> str:
        # Hard line breaks (<br>) survive as newlines; everything else is re-wrapped.
        return "\n".join(wrap(_squash(line), width) for line in text.split("\n\x00"))

    def inline(self, el: ET.Element, children: bool = True) -> str:
        parts = [self._unstash(el.text or "")]
        for child in el if children else []:
            if child.tag in ("ul", "ol", "p", "blockquote", "pre"):
                continue
            parts.append(self._inline_child(child))
            parts.append(self._unstash(child.tail or ""))
        return "".join(parts)

    def _inline_child(self, child: ET.Element) -> str:
        if child.tag == "a":
            href = child.get("href", "")
            text = self.inline(child)
            return self.links.cite(text, href) if href.startswith(("http://", "https://", "mailto:")) else text
        if child.tag == "img":
            src = child.get("src", "")
            return self.links.cite(f"[image: {child.get('alt', '')}]", src) if src else ""
        if child.tag == "br":
            return "\n\x00"
        return self.inline(child)  # em, strong, code, span...: the words, without the markers

    def _unstash(self, text: str) -> str:
        """Raw HTML the author typed is stashed by Python-Markdown; keep only its words."""
        def restore(match):
            index = int(match.group(1))
            raw = self.md.htmlStash.rawHtmlBlocks[index] if index < len(self.md.htmlStash.rawHtmlBlocks) else ""
            return re.sub(r"<[^>]*>", "", str(raw))

        text = re.sub(r"\x02wzxhzdk:(\d+)\x03", restore, text)
        return html.unescape(text)


def _squash(text: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", text).strip()
