"""The one sanitiser for text fetched from the web: pages, APIs, feeds, and the cache of them.

Whatever a server sends, what comes out of here can be stored (SQLite and JSON refuse lone
surrogates), written into YAML and TOML front matter (both refuse most control characters),
shown in a terminal, and rendered without reordering the text around it (bidi controls):

- removed: lone surrogates (U+D800-U+DFFF), C0 controls but tab and newline, DEL, C1 controls
  (U+0080-U+009F), bidi embedding, override and isolate controls (U+202A-U+202E,
  U+2066-U+2069), invisible operators (U+2061-U+2064), deprecated format controls (U+206A-U+206F),
  interlinear annotation controls (U+FFF9-U+FFFB) and the non-characters U+FFFE and U+FFFF;
- removed: words hidden in tag characters (but a flag's) and in a run of variation selectors or
  other marks drawn as nothing (a selector after a joiner or a mark of direction is one);
- cut: a run of combining marks on one character to four (MAX_MARKS), as "Zalgo" text stacks
  hundreds, drawn over the lines above and below it (a format character between them, drawn as
  nothing, does not end the run);
- clamped: a title to 300 characters, a description to 500, at most 20 authors of 100 each,
  every other string to 1,000 (a URL longer than 2,000 is dropped: a cut URL is a wrong one),
  lists to 50 items. A 1 MB `<title>` cannot make a 2 MB email.

Escaping for HTML and Markdown is the templates' job; this makes the values sane to hold.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata

from newsletter.models import MARKS_IN_A_ROW, Metadata

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2061-\u2064\u2066-\u206f\ud800-\udfff\ufff9-\ufffb\ufffe\uffff]"
)
# Words no reader sees: tag characters spell ASCII invisibly, and so do variation selectors strung
# after a character, a byte each; a page's title carried a whole order to the assistant a reader's
# mail app summarises the email with. Of a run of them, `_shown` keeps a flag's own tag sequence
# (Scotland's), an ideograph's variation selector from the supplement, and one selector of the
# others after a character (all a variation sequence has: a red heart's).
# (A lone selector of the first sixteen, an emoji's, is no run: most emoji have one.)
# A selector after a format character (Unicode's Cf: a joiner, a mark of direction) selects nothing
# a reader sees, and one such character between each two made a run of a byte each that none caught.
_FORMAT = (
    "\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
# The other marks drawn as nothing spelt words the same way, four to a letter (the most a letter
# keeps): the grapheme joiner, Mongolian's free variation selectors, Khmer's deprecated inherent
# vowels. In a run with the selectors, the first alone stays; a Mongolian selector after a
# Mongolian letter only, a Khmer vowel never.
_BLANK_MARKS = "\u034f\u17b4\u17b5\u180b-\u180d\u180f"
_HIDDEN = re.compile(  # (the look back only from a selector: from every character, the scan took 2.5x)
    "[\U000e0000-\U000e01ef][\ufe00-\ufe0f\U000e0000-\U000e01ef]*"
    f"|[\ufe00-\ufe0f](?:[\ufe00-\ufe0f{_BLANK_MARKS}]+|(?<=[{_FORMAT}].))"
    f"|[{_BLANK_MARKS}][\ufe00-\ufe0f{_BLANK_MARKS}]*"
)
_FORMAT_CHARACTER = re.compile(f"[{_FORMAT}]")
_FLAG_TAGS = re.compile("[\U000e0030-\U000e0039\U000e0061-\U000e007a]{1,7}\U000e007f")
# One scan of a value for the characters of both: most values hold none.
_SUSPECT = re.compile(_UNSAFE.pattern[:-1] + "\ufe00-\ufe0f\U000e0000-\U000e01ef" + _BLANK_MARKS + "]")
LIMITS = {"title": 300, "description": 500, "site_name": 200, "published": 40, "kind": 40, "language": 40}
MAX_TEXT = 1_000  # any other string, extras included
MAX_URL = 2_000
MAX_AUTHORS, MAX_AUTHOR = 20, 100
MAX_ITEMS = 50  # a list in extras (keywords...)


def text(value: str, limit: int | None = MAX_TEXT) -> str:
    """`value` without the characters above, cut on a word boundary to `limit` characters."""
    if _SUSPECT.search(value):  # "a \ud800 b" is "a b", not "a  b"; so is "a <hidden words> b"
        shown = _HIDDEN.sub(_shown, _UNSAFE.sub("", value))
        if len(shown) != len(value):
            value = re.sub(r"(?<= ) +", "", shown).strip()
    if not value.isascii() and _MARK_RUN.search(value):
        value = _MARK_RUN.sub(_fewer_marks, value)
    return truncate(value, limit) if limit else value


def _shown(found: re.Match) -> str:
    run, at = found.group(), found.start()
    before = found.string[at - 1 : at] if at else ""
    if before == "\U0001f3f4" and _FLAG_TAGS.fullmatch(run):
        return run
    ideograph = (
        "\u3400" <= before <= "\u9fff" or "\uf900" <= before <= "\ufaff" or "\U00020000" <= before < "\U00040000"
    )
    if not before.strip() or _FORMAT_CHARACTER.match(before) or run[0] in "\u17b4\u17b5":
        return ""
    if "\u180b" <= run[0] <= "\u180f":
        return run[0] if "\u1820" <= before <= "\u18aa" else ""  # (a Mongolian letter's variant)
    return run[0] if run[0] <= "\ufe0f" or (ideograph and run[0] >= "\U000e0100") else ""


# Marks stacked on one character: real writing stacks a few (Vietnamese two, Thai three, pointed
# Hebrew and Quranic Arabic four, an emoji keycap two); a page's "Zalgo" title stacked hundreds,
# drawn above and below its line over the author's notes and the entries around it. (The same
# limit as a link's escaped letters shown for its title, models.readable_url.)
MAX_MARKS = MARKS_IN_A_ROW
# A mark is neither a word character nor a space to `re`, so a run of them is inside a match of
# this: the few runs of punctuation it also finds are walked and given back as they were.
# (The class written out five times: `re` finds none about a third sooner than with {5,}.)
_MARK_RUN = re.compile(r"[^\w\s]" * (MAX_MARKS + 1) + r"[^\w\s]*")


def _fewer_marks(found: re.Match) -> str:
    kept, run = [], 0
    for char in found.group():
        kind = unicodedata.category(char)
        if kind in ("Mn", "Me"):
            run += 1
        elif kind != "Cf":  # a format character (a joiner, a mark of direction) is drawn as nothing:
            run = 0  # the marks after it stack on the same letter (one every four stacked 240)
        if run <= MAX_MARKS:
            kept.append(char)
    return "".join(kept)


def metadata(meta: Metadata) -> Metadata:
    """Metadata with every string sanitised and every value clamped."""
    return _sanitised(meta.as_dict(), text)


def _sanitised(values: dict, clean) -> Metadata:
    """Metadata of `values` (by field name; a missing one is its default), each string through
    `clean` (`text`, or `_ascii_text` where none can hold a character `text` removes)."""
    made = {}
    for name in _NAMES:
        value = values.get(name)
        if name in ("url", "image"):
            value = _url(value, clean)
        elif name == "authors":
            value = [person for person in (_value(n, MAX_AUTHOR, clean) for n in (value or [])[:MAX_AUTHORS]) if person]
        elif name == "extras":
            value = _value(value or {}, MAX_TEXT, clean)
        else:
            value = _value(value, LIMITS.get(name, MAX_TEXT), clean)
            if isinstance(value, str) and not shows(value):
                value = None  # unknown, so the user's words or the link stand in for it
        made[name] = value
    return Metadata(**made)


# Metadata's field names, once: dataclasses.fields() walks the class at each call, a sixth of
# reading an edition's 50 links from the cache (each row is sanitised again as it is read).
_NAMES = tuple(field.name for field in dataclasses.fields(Metadata))


def metadata_from(values, json_text: str | None = None) -> Metadata | None:
    """Metadata from the mapping of a cache or a page reader, sanitised like any other; fields
    added since are defaulted, fields removed since are ignored. None if it is not one.
    `json_text`: the JSON `values` were parsed from (a cache row), when there is one. Text of
    ASCII without a backslash or DEL holds none of the characters above in any of its strings
    (JSON writes every control character escaped), so each string is only clamped: two thirds of
    the bench's rows, read again at every build (a third of reading an edition's links)."""
    if not isinstance(values, dict):
        return None
    plain = isinstance(json_text, str) and json_text.isascii() and "\\" not in json_text and "\x7f" not in json_text
    try:
        return _sanitised(values, _ascii_text if plain else text)
    except (TypeError, ValueError, AttributeError):
        return None


def _ascii_text(value: str, limit: int | None = MAX_TEXT) -> str:
    """`text` of a string of printable ASCII: nothing to remove, only to clamp."""
    return truncate(value, limit) if limit else value


def _url(value, clean=text):
    if not isinstance(value, str):
        return None
    value = clean(value, None)
    return value if value and len(value) <= MAX_URL else None


def _value(value, limit: int, clean=text, depth: int = 0):
    """Strings cleaned and cut, containers walked (a few levels), numbers kept, the rest dropped."""
    if isinstance(value, str):
        return clean(value, limit)
    if isinstance(value, (bool, int, float)) or value is None:
        return value
    if depth >= 3:
        return None
    if isinstance(value, (list, tuple)):
        return [_value(item, limit, clean, depth + 1) for item in list(value)[:MAX_ITEMS]]
    if isinstance(value, dict):
        return {
            clean(str(key), 100): _value(item, limit, clean, depth + 1) for key, item in list(value.items())[:MAX_ITEMS]
        }
    return None


def truncate(text: str | None, limit: int = 300) -> str | None:
    """Cut long text on a word boundary, marking the cut with an ellipsis."""
    if not text or len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–—") + "…"


# Letters that are drawn blank: Hangul fillers, the braille blank, the Mongolian vowel separator.
_BLANK = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")
# Controls, formats (marks of direction, soft hyphens, tag characters), private use (an icon
# font's glyph), unassigned, and marks with no letter to sit on: none shows as text alone.
_UNSEEN = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me", "Zs", "Zl", "Zp"))


def shows(value: str) -> bool:
    """Whether `value` has a character a reader sees: a title of only U+200E and U+200F made a
    heading with no words (a link nobody could see, "link" to a screen reader), and was taken for a
    title (`values.clean_text`, the stubs that `import`, `new` and `capture` write, and `metadata`
    above, for what providers and the cache give, leave such text out)."""
    if value.isascii() and value.isprintable():  # most values: no lookup of each character
        return value.strip(" ") != ""
    return any(char not in _BLANK and unicodedata.category(char) not in _UNSEEN for char in value)
