"""Whether a long edition's text part keeps its links too far from their words: it numbers
each link ("JAX [12]") and lists them all at the end, which new user 55's (Hiro's) 150 entries
put at line 4,277 of 4,496, 215 links a reader of the text had to scroll to and back from.
`[email] text_links = "inline"` writes each address beside its words instead; the size warning
names it where it would help."""

from __future__ import annotations

import re

# How far into the text part the list may start before it is too far from the links it
# lists: about four screens of a mail client's plain-text view. A short edition's list is
# read with the text above it; one past this is where a reader no longer sees it.
FAR = 200

_LISTED = re.compile(r"^\[(\d+)\] ", re.MULTILINE)  # a line of the list: "[1] https://…"


def advice(text: str | bytes, text_links: str) -> str:
    """The sentence that suggests inline links, or "" where they are inline already, the text has
    no numbered list (a template of the author's own), or the list starts near enough."""
    if text_links == "inline":
        return ""
    text = text.decode("utf-8") if isinstance(text, bytes) else text
    # the last "[1] " to start a line: a note's own "[1] see above" comes before the list
    first = next(reversed([*re.finditer(r"^\[1\] ", text, re.MULTILINE)]), None)
    if first is None:
        return ""
    start = text.count("\n", 0, first.start()) + 1
    if start <= FAR:
        return ""
    count = len(_LISTED.findall(text, first.start()))
    lines = text.count("\n") + (not text.endswith("\n"))
    return (
        f" Its text part lists its {count:,} links at the end, from line {start:,} of {lines:,}: "
        '`text_links = "inline"` in [email] writes each beside its words.'
    )
