"""Whether an entry's `language:` says another language than its notes are written in.

`newsletter new` writes `language: en` when the page is English in a Chinese log, for the notes an
author writes in English about it. Chen (new user 25) writes hers in Chinese about English pages,
as most do: her notes went out marked English, so a screen reader read them in an English voice
and Chromium drew their characters in a Japanese font. The script the notes are mostly written in
tells: Chinese characters are not the letters of English."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from newsletter.formats.language_tag import primary

# The script each language is written in, for the languages whose script says which (a tag not
# here is not judged: Serbian in either alphabet, say)
_SCRIPTS = {
    "cjk": {"zh", "ja", "ko", "yue", "wuu"},
    "arabic": {"ar", "fa", "ur", "ps"},
    "hebrew": {"he", "yi"},
    "cyrillic": {"ru", "uk", "be", "bg", "mk", "kk"},
    "greek": {"el"},
    "latin": set(
        "en de fr es it pt nl sv da nb nn no fi pl cs sk sl hr tr vi id ms ro hu ca eu gl is et lv lt ga cy".split()
    ),
}
_SCRIPT_OF = {language: script for script, languages in _SCRIPTS.items() for language in languages}
_NAMED = {"CJK": "cjk", "HIRAGANA": "cjk", "KATAKANA": "cjk", "HANGUL": "cjk", "ARABIC": "arabic"}
_NAMED |= {"HEBREW": "hebrew", "CYRILLIC": "cyrillic", "GREEK": "greek", "LATIN": "latin"}
_CODE = re.compile(r"^ {0,3}(```|~~~).*?^ {0,3}\1|`[^`\n]+`|\]\([^)\s]*\)|https?://\S+", re.MULTILINE | re.DOTALL)
_WORD = re.compile(r"[^\W\d_]+")


def script_of(language: str | None) -> str | None:
    return _SCRIPT_OF.get(primary(language)) if language else None


def written_in(notes: str) -> str | None:
    """The script most of the notes' words are in (each CJK character a word, as a Chinese word is
    one or two), leaving out code and link targets; None when none has more than half."""
    counts: dict[str, int] = {}
    for word in _WORD.findall(_CODE.sub(" ", notes)):
        for char in word if _script(word[0]) == "cjk" else word[:1]:
            script = _script(char)
            counts[script] = counts.get(script, 0) + 1
    total = sum(counts.values())
    script, most = max(counts.items(), key=lambda item: item[1], default=(None, 0))
    return script if script and most * 2 > total else None


def _script(char: str) -> str:
    return _NAMED.get(unicodedata.name(char, "").split(" ")[0], "other")


def unlike_notes(notes: str, language: str | None, log_language: str) -> str | None:
    """What to say when the entry's `language` is another script's than the notes, which are
    written in the log's: None when they agree, or either cannot be told."""
    said, log = script_of(language), script_of(log_language)
    if not said or not log or said == log or written_in(notes) != log:
        return None
    return (
        f"language: {language}, but its notes are written in {log_language}'s letters: the email, post and feeds "
        f"mark them {language} for screen readers and fonts. `new` writes it from the page's language; remove the "
        f"line if the notes are in {log_language}"
    )


def entry_unlike_notes(entry, log_language: str) -> tuple[str, int | None] | None:
    """`unlike_notes` of an Entry, with the number of its `language:` line."""
    if not (message := unlike_notes(entry.notes, entry.language, log_language)):
        return None
    return message, _line_of(entry.path, "language:")


def _line_of(path: Path, key: str) -> int | None:
    """The number of the first line of the file that starts with `key` (the front matter's)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    return next((number for number, line in enumerate(lines, 1) if line.startswith(key)), None)
