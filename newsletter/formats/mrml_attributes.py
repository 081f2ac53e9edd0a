"""Attribute values (and the title) as mrml writes them back: only characters it leaves as they are.

mrml (0.2) writes an attribute's value with Rust's debug formatting, which spells out every
character Rust does not call printable and every combining mark: a French title's no-break
space before its colon came out as `alt="Keynote\\u{a0}: …"`, the year in review's chart
descriptions read "Entrées par mois en 2026\\u{a0}: janv. 0…" wherever images were blocked, a
title pasted from macOS (é as e and U+0301) as "e\\u{301}", an emoji's joiner as "\\u{200d}", a
backslash doubled. A character reference reaches the HTML unchanged, so those characters go to
mrml as references (`&#160;`), which every reader of the HTML decodes to the character.
"""

from __future__ import annotations

import re
import unicodedata

# What Rust's debug formatting escapes: controls, format characters (soft hyphen, zero-width
# joiner, direction marks), separators other than the space, private use, unassigned code
# points, combining marks (its Grapheme_Extend, a subset of M*), and the backslash.
_ESCAPED_CATEGORIES = frozenset(("Cc", "Cf", "Cn", "Co", "Cs", "Zs", "Zl", "Zp", "Mn", "Me", "Mc"))
# and the few letters and symbols Unicode counts as extending the character before them: the
# halfwidth katakana sound marks
_EXTENDING = frozenset("\uff9e\uff9f")
# A quoted attribute value inside a tag: only values are rewritten (a line break between two
# attributes is no value's, and a reference there would end the tag for mrml's parser)
_VALUE = re.compile(r"\"[^\"]*\"|'[^']*'")
# The line breaks and tabs between tags and attributes, everywhere in a template: not worth a
# rewrite by themselves (a template writes no value with one)
_LAYOUT = frozenset("\n\r\t")
# The edition's title (mj-title, which mrml also writes as the body's aria-label) and every tag
_TITLE_AND_TAGS = re.compile(r"<mj-title>[^<]*|<[A-Za-z][^<>]*>")


def _mangled(char: str) -> bool:
    # (U+0080–U+009F stay: HTML reads their references as cp1252's "€", "’"…; the notes have none)
    return char == "\\" or (
        char != " "
        and not "\x80" <= char <= "\x9f"
        and (unicodedata.category(char) in _ESCAPED_CATEGORIES or char in _EXTENDING)
    )


def safe_for_mrml(mjml_source: str) -> str:
    """`mjml_source` with each character mrml would spell out, in an attribute's value or the
    title, as a reference. The text between tags is left as it is: mrml copies it unchanged."""
    # (only the characters of tags count: every edition's preheader holds a no-break space and
    # zero-width characters between tags, where they need no rewrite)
    inside = set("".join(_TITLE_AND_TAGS.findall(mjml_source)))
    found = sorted(c for c in inside if c not in _LAYOUT and _mangled(c))
    if not found:
        return mjml_source  # an English edition, mostly: nothing rewritten
    chars = "".join(re.escape(c) for c in found)
    bad = re.compile(f"[{chars}\n\r\t]")

    def referenced(match: re.Match) -> str:
        return bad.sub(lambda c: f"&#{ord(c.group(0))};", match.group(0))

    def tag(match: re.Match) -> str:
        whole = match.group(0)
        return referenced(match) if whole.startswith("<mj-title>") else _VALUE.sub(referenced, whole)

    # the tags holding one of them, and the edition's title (mj-title), which mrml also writes as
    # the body's aria-label
    return re.sub(f"<mj-title>[^<]*|<[A-Za-z][^<>]*[{chars}][^<>]*>", tag, mjml_source)
