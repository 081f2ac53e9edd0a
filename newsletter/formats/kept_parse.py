"""A note's parse (`Parsed`) and the form the notes cache keeps it in: JSON, its tree as nested
lists. Nothing in it is executable; a damaged row raises TypeError or ValueError, and is parsed again."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass


@dataclass(frozen=True)
class Parsed:
    """One Markdown text, parsed once for both parts of the email."""

    html: str  # Python-Markdown's HTML (the email sanitises it)
    tree: ET.Element  # the same document as elements, for the text part
    stash: tuple[str, ...]  # raw HTML blocks the author typed, which the tree holds as placeholders


def dumps(parsed: Parsed) -> str:
    return json.dumps([parsed.html, _tree(parsed.tree), list(parsed.stash)], ensure_ascii=False)


def loads(text: str) -> Parsed:
    html, tree, stash = json.loads(text)
    # (a stash written as one string passed as its characters, each put back as a raw block)
    if not isinstance(html, str) or not isinstance(stash, list) or not all(isinstance(b, str) for b in stash):
        raise TypeError("not a kept parse")  # (a damaged row: parsed again, not rendered from)
    return Parsed(html, _element(tree), tuple(stash))


def _tree(element: ET.Element) -> list:
    return [element.tag, element.attrib, element.text, element.tail, [_tree(child) for child in element]]


def _element(data: list) -> ET.Element:
    tag, attrib, text, tail, children = data
    if not (isinstance(tag, str) and all(isinstance(v, str | None) for v in (text, tail))):
        raise TypeError("not a kept element")
    if not all(isinstance(item, str) for item in [*attrib, *attrib.values()]):
        raise TypeError("not a kept attribute")
    element = ET.Element(tag, attrib)
    element.text, element.tail = text, tail
    element.extend(_element(child) for child in children)
    return element
