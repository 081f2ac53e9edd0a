"""The newsletter's language as every output names it: `<html lang>` of the email and the web
pages, `xml:lang` of the feeds, and the writing direction that follows from it.

A tag is BCP 47's: a language ("de"), then optional subtags ("pt-BR", "zh-Hant"). A name
("Deutsch") or a locale as systems spell it ("de_DE") was written into every page and feed as
given, where browsers, screen readers and feed validators take it for no language at all.
"""

from __future__ import annotations

import re
import unicodedata

# Languages written right to left, by primary subtag: what `dir` says on every page the tool
# writes (the email, the review, the index of editions on the web).
RIGHT_TO_LEFT = ("ar", "he", "fa", "ur", "yi", "ps", "dv", "sd", "ug", "ckb")
_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def primary(language: str) -> str:
    """A tag's language alone, in small letters: "fr" for "fr-CA", "fr_CA" or "FR"."""
    return language.lower().replace("_", "-").split("-")[0]


def text_direction(language: str) -> str:
    """`dir` for a page in `language` (a BCP 47 tag, "ar" or "he-IL"): "rtl" or "ltr"."""
    return "rtl" if primary(language) in RIGHT_TO_LEFT else "ltr"


def problem(language: str) -> str | None:
    """What is wrong with `language` as a language tag, and what to write instead; None if nothing."""
    if _TAG.fullmatch(language):
        return None
    fixed = language.replace("_", "-").split(".")[0]  # a locale: de_DE, or de_DE.UTF-8
    example = f'"{fixed}"' if _TAG.fullmatch(fixed) else '"de", "fr" or "pt-BR"'
    return (
        f"language = {language!r} is not a language tag, which the email, the web pages and the "
        f"feeds name their language by; write it like {example}."
    )


def title_language(title_is_fetched: bool, fetched: str | None, language: str) -> str | None:
    """The language to mark on a title shown in an edition in `language`: the page's own language
    (`fetched`, from its <html lang> or Content-Language) when the title was fetched from it and
    that is another language, so a screen reader reads a Hebrew title in an English edition with
    a Hebrew voice. None when the title is the user's (the page's language says nothing about
    it), the page named none, or named it with something that is not a tag (pages write "en-US,
    fr" and worse: untrusted text)."""
    if not title_is_fetched or not fetched or problem(fetched):
        return None
    same = fetched.split("-")[0].lower() == language.split("-")[0].lower()
    return None if same else fetched


def runs_against(text: str, language: str) -> bool:
    """Whether `text` has a letter written against the direction of `language`: a Hebrew name
    in an English edition, a Latin one in an Arabic edition. Such text is isolated (dir="auto")
    where it sits among other text, or the Unicode bidi algorithm moves the numbers and
    separators next to it: "דני כהן · 45 min" showed as "45 · ןהכ ינד min"."""
    against = ("L",) if text_direction(language) == "rtl" else ("R", "AL")
    if against != ("L",) and (not text or max(text) < "\u0590"):  # no right-to-left letter comes before Hebrew's
        return False
    return any(unicodedata.bidirectional(char) in against for char in text)


def isolated(text: str, language: str) -> str:
    """`text` in Unicode's first-strong isolate (U+2068 ... U+2069) when it runs against the
    direction of `language`: plain text's dir="auto". In an English text part, "שלום עולם [1]"
    showed as "[1] שלום עולם", the bracket and number joined to the Hebrew before them."""
    if not text or _ADDRESS.fullmatch(text) or not runs_against(text, language):
        return text  # (an address is its own reference, and a mail app would link the U+2069 with it)
    return f"\u2068{text}\u2069"


# A bare address, what an entry is titled with when nothing was fetched (models.readable_url)
_ADDRESS = re.compile(r"(?:[a-z][a-z0-9+.-]*://|mailto:|www\.)\S*", re.I)


def isolated_per_line(text: str) -> str:
    """`text` with an isolate (U+2068 ... U+2069, `isolated`) cut by a line's end
    closed there and opened again on the next line: each line is a paragraph of its own to
    the bidi algorithm, so a long Hebrew title's last line took its [1] to its left again."""
    lines, open_ = [], 0
    for line in text.split("\n"):
        words = "\u2068" * open_ + line.lstrip(" ")  # (after the indent: the isolate holds words only)
        open_ = max(0, words.count("\u2068") - words.count("\u2069"))
        lines.append(line[: len(line) - len(line.lstrip(" "))] + words + "\u2069" * open_)
    return "\n".join(lines)
