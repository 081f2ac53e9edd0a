"""The headline a reader sees: the page's `<h1>`, when it is the story's and not the logo's.

Head titles are written for search engines and share cards ("Best Rain Jackets (2023):
Cheap, Eco-Friendly..."); the `<h1>` is what the author titled the piece, and what a
person copying the title into a newsletter would take. It wins only when it looks like a
headline (3 to 40 words) and shares words with the head's title, so a site banner, a
section name ("Latest news") or another story's heading never replaces the real title; and
only when it is worded differently: an `<h1>` that merely pads the head's title ("Title: ...")
or is contained in it leaves the head's title in place.
"""

from __future__ import annotations

import re

from newsletter.links.values import clean_text, is_wall_title

_WORD = re.compile(r"\w+")


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def visible_headline(nodes, head_title: str | None) -> str | None:
    """The first `<h1>` among `nodes` that agrees with `head_title` (a fifth of its words)."""
    if not head_title:
        return None
    head = _words(head_title)
    for node in nodes:
        if node.tag != "h1":
            continue
        text = clean_text(node.text(deep=True, separator=" "))
        if not text or not 3 <= len(text.split()) <= 40 or is_wall_title(text):
            continue
        words = _words(text)
        if words <= head or head <= words:
            return None  # the same headline, one padded ("Title: ...", "... | Site"): keep the head's
        shared = len(words & head) / max(1, min(len(words), len(head)))
        return text if shared >= 0.2 else None
    return None
