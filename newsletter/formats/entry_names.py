"""An entry's file name: its title's words in any script (else its link's), safe on every system."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qsl, unquote, urlsplit

from newsletter.formats.slugs import compatibility_folded, spelled

NAME_LIMIT = 60  # characters of an entry's file name, before -2 and .md


def file_name(title: str | None, url: str) -> str:
    """An entry's file name without `.md`: the title's words (else the words of the URL, else
    "entry") in any script, e.g. "深度学习入门", "машинное-обучение"; see `words_name`."""
    return words_name(title or "") or words_name(_words_of(url)) or "entry"


def words_name(text: str, limit: int = NAME_LIMIT) -> str:
    """The letters and digits of `text`, in any script, as lower-case words joined by '-' and cut at
    a word boundary to at most `limit` characters; "" when it has none.

    A Latin title gets the name it always had: accents are folded to ASCII ("Café déjà vu" ->
    cafe-deja-vu), ASCII punctuation and spaces part words, and other punctuation (’ — « »)
    is left out, as is an ASCII apostrophe inside a word of another script ("п'ять": пять).
    The Latin letters no accent makes are spelled as a post's slug spells them
    ("Straße" -> strasse, "Øresund" -> oresund, "Łódź" -> lodz: a Polish title was named
    łodz-miasto-włokniarzy, its other letters folded and its ł kept); every other script is
    kept. A word that does not fit is cut to the room left rather than dropped when nothing
    came before it, or when it is in a script written without spaces (Chinese, Japanese,
    Thai...), where a word may be a whole title. What remains is safe
    as a file name on Linux, macOS and Windows: only letters, combining marks, digits and '-' (and
    a joiner between two letters of a word, its spelling), none of them drawn as nothing, never
    a leading dot, never a name Windows reserves (CON, NUL, COM1...).
    """
    text = _INNER_APOSTROPHE.sub("", _UNDRAWN.sub("", _FILLERS.sub(" ", text))) if not text.isascii() else text
    decomposed = compatibility_folded(spelled(compatibility_folded(text)).casefold())
    folded, after_ascii = [], False
    for char in decomposed:
        if unicodedata.category(char)[0] == "M":
            if after_ascii:  # an accent on a Latin letter: é -> e
                continue
        else:
            after_ascii = char < "\x80"
        folded.append(char)
    words, word, last = [], "", ""
    joined = unicodedata.normalize("NFC", "".join(folded))
    for at, char in enumerate(joined):
        if char < "\x80":
            kind = "L" if char.isalnum() else "Z"
        else:
            kind = unicodedata.category(char)[0]
            if kind == "M" and last not in ("L", "N", "M"):  # a mark belongs to the letter before it
                kind = ""
            elif char in _JOINERS and last in ("L", "M") and word[-1:] > "\x7f" and _letter(joined[at + 1 : at + 2]):
                kind = "M"  # the non-joiner inside a Persian word, as in its title ('می‌خوانم'), kept
            elif kind not in "LNMZ":  # white space parts words; ’ — « » are left out, as always,
                # but not Chinese and Japanese punctuation, which parts words written without
                # spaces: 'LLM「LLM-jp-4」公開' was named llmllm-jp-4公開
                wide_punctuation = kind == "P" and unicodedata.east_asian_width(char) in "WF"
                kind = "Z" if char.isspace() or wide_punctuation else ""
        if kind == "Z":
            words.append(word)
            word = ""
        elif kind:
            word += char
        last = kind
    words.append(word)
    name = ""
    for word in filter(None, words):
        room = limit - len(name) - 1 if name else limit
        if len(word) <= room:
            name = f"{name}-{word}" if name else word
            continue
        if not name or any(map(_unspaced, word)):
            cut = _cut(word, room)
            name = f"{name}-{cut}" if name and cut else name or cut
        break
    while len(name.encode()) > _NAME_BYTES:  # 60 of the rarest ideographs: too long for a disk
        name = _cut(name, len(name) - 1).rstrip("-")
    return f"{name}-entry" if _WINDOWS_RESERVED.fullmatch(name) else name


# Letters and marks drawn as nothing, which a name would hold where nobody sees them: a title
# of Hangul fillers (U+3164, a "blank" that passes for a letter) was named "ᅠ.md", a file
# that Finder, Explorer and ls all show as ".md". The fillers stand for a space, so they part
# words; the others (the grapheme joiner, Khmer's inherent vowels, Mongolian and other variation
# selectors, tag characters) are left out.
_FILLERS = re.compile("[\u115f\u1160\u3164\uffa0]")
_UNDRAWN = re.compile("[\u034f\u17b4\u17b5\u180b-\u180f\ufe00-\ufe0f\U000e0000-\U000e0fff]")
# An ASCII apostrophe inside a word of another script than Latin is a letter of it, as Ukrainian
# writes "п'ять" (five) with the one its keyboard types: it parted the word, п-ять, where "м’ята"
# with the typographic one, left out like other punctuation, was мята (a Latin name is as it was)
_INNER_APOSTROPHE = re.compile(r"(?<=[^\W\d_\x00-\x7f])'(?=[^\W\d_\x00-\x7f])")
# The zero-width non-joiner and joiner: inside a word, between two letters beyond ASCII, they are
# its spelling (formats/hidden_characters.py's rule): 'چرا هنوز کتاب کاغذی می‌خوانم' was named
# …-میخوانم, the two parts of its verb run together into another spelling than the title's (and
# the word's). Anywhere else they join nothing a reader sees, and are left out.
_JOINERS = "\u200c\u200d"
_NAME_BYTES = 200  # a file name may have 255 bytes; room for -2, .md and `_create`'s temporary name
_WINDOWS_RESERVED = re.compile(r"con|prn|aux|nul|com[0-9]|lpt[0-9]")
_UNSPACED_SCRIPTS = ("CJK ", "IDEOGRAPHIC ", "HIRAGANA", "KATAKANA", "THAI ", "LAO ", "KHMER ", "MYANMAR ", "TIBETAN ")


def _unspaced(char: str) -> bool:
    """Whether `char` is from a script written without spaces between words."""
    return unicodedata.name(char, "").startswith(_UNSPACED_SCRIPTS)


def _letter(char: str) -> bool:
    """Whether `char` is a letter beyond ASCII, which a joiner before it may join."""
    return char > "\x7f" and unicodedata.category(char)[0] == "L"


def _cut(word: str, room: int) -> str:
    """`word`'s first `room` characters at most, never parting a letter from its marks, nor
    ending on a joiner."""
    while room > 0 and room < len(word) and (unicodedata.category(word[room])[0] == "M" or word[room - 1] in _JOINERS):
        room -= 1
    return word[: max(room, 0)]


def _words_of(url: str) -> str:
    """The part of a URL that reads like a title: its last path segment made of words, else
    host, path and the query's first value (a video's id: two videos of one site are two names)."""
    parts = urlsplit(url)
    path = unquote(parts.path)  # /wiki/%D0%9C%D0%B0... is /wiki/Ма..., in any script
    for segment in reversed([s for s in path.split("/") if s]):
        stem = re.sub(r"\.(html?|php|aspx?|pdf)$", "", segment, flags=re.I)
        stem = re.sub(r"[-_][0-9a-f]{8,}$", "", stem)  # Medium's trailing id
        if len(re.findall(r"[^\W\d_]{2,}", stem)) >= 2:
            return stem
        if re.search(r"[^\W\d_]", stem):
            break  # a name too short to read as a title ("uv"): what comes before it is its owner, not it
    host = (parts.hostname or "").removeprefix("www.")
    query = next((value for _, value in parse_qsl(parts.query) if value), "")
    return f"{host}{path}".rstrip("/") + (f" {query}" if query else "")
