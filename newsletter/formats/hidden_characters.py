"""The characters that hide or reorder the text around them: one rule, for every place the tool
shows text it did not write (a terminal's messages) or writes text it was given (an import).

Four places kept a set each, and each missed some: a file name with a zero-width space or a line
separator was named as it was, a bad value's Arabic letter mark turned the message's line round,
a cached title's byte order mark reached `list`. Each caller decides what becomes of a character
of the rule (written as its escape, a space, or nothing) and may keep some of the rule's classes
it has a use for (`keep`), saying why where it does.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

# C0 controls (tab, line feed and carriage return among them), DEL, and C1 controls (NEL among
# them): a terminal takes them for commands (ESC [2J clears its screen) or breaks the line.
CONTROLS = "".join(map(chr, [*range(0x00, 0x20), *range(0x7F, 0xA0)]))
# Marks of direction (the Arabic letter mark, left-to-right and right-to-left marks): invisible,
# they move the punctuation and digits beside them to the other side.
DIRECTION_MARKS = "\u061c\u200e\u200f"
# Embeddings, overrides and isolates: 'dm.evil.md' after a right-to-left override shows reversed.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Zero-width space, word joiner, invisible operators and the byte order mark: 'pay\u200bpal' shows
# as 'paypal', and two names that differ only by one show the same.
ZERO_WIDTH = "\u200b\u2060\u2061\u2062\u2063\u2064\ufeff"
# The zero-width non-joiner and joiner: letters' business between two letters (an emoji of
# several, '\U0001f469\u200d\U0001f4bb'; Persian's 'می\u200cخواهم'; Indic scripts), kept there and
# otherwise of the rule (`_joins`).
JOINERS = "\u200c\u200d"
# Line and paragraph separators: a line break to some terminals and editors, nothing to others.
SEPARATORS = "\u2028\u2029"

RULE = CONTROLS + DIRECTION_MARKS + BIDI_CONTROLS + ZERO_WIDTH + JOINERS + SEPARATORS


@functools.lru_cache(maxsize=16)
def pattern(keep: str = "", extra: str = "", runs: bool = False) -> re.Pattern:
    """The rule as a regex of one character, less the characters of `keep`, with those of `extra`;
    with `runs`, a run of joiners is one match (`substituted`)."""
    chars = sorted((set(RULE) - set(keep)) | set(extra))
    joiners = [char for char in chars if char in JOINERS]
    if not (runs and joiners):
        return re.compile("[" + "".join(map(_in_class, chars)) + "]")
    # Each joiner of a run looking along it for what the run joins took a 16,000-joiner value 19
    # seconds, its square's time. (Only to substitute: one class alone is the search a text with
    # none of the rule takes, four times as fast as the alternation.)
    others = "".join(_in_class(char) for char in chars if char not in JOINERS)
    return re.compile(f"[{''.join(map(_in_class, joiners))}]+|[{others}]")


def _in_class(char: str) -> str:
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def escaped(text: str, keep: str = "") -> str:
    """`text` with each character of the rule written as its Python escape (\\n, \\x1b, \\u202e)."""
    return substituted(text, lambda char: char.encode("unicode_escape").decode("ascii"), keep)


def substituted(text: str, by: Callable[[str], str] | str, keep: str = "", extra: str = "") -> str:
    """`text` with each character of the rule (less `keep`, with `extra`) replaced `by` a string or
    what the function makes of it; a joiner between two letters it joins stays."""
    if not pattern(keep, extra).search(text):  # the common case: one scan, no copy
        return text
    make = by if callable(by) else (lambda _: by)

    def replace(match: re.Match) -> str:
        run = match[0]  # (one character, or a run of joiners)
        if run[0] in JOINERS and _joins(text, match.start(), match.end()):
            return run[-1]  # (of a run of joiners, the last one does what the run did)
        return "".join(map(make, run))

    return pattern(keep, extra, runs=True).sub(replace, text)


def _joins(text: str, start: int, end: int) -> bool:
    """Whether the run of joiners text[start:end] stands between two characters it can join:
    letters, marks or symbols beyond ASCII (a space, an ASCII letter or the text's edge is joined
    to nothing)."""
    before, after = text[start - 1 : start] if start else "", text[end : end + 1]
    return all(char > "\x7f" and char not in RULE and not char.isspace() for char in (before, after))


# One character of an escaped text, or one escape as `escaped` and repr write them (\n, \x1b,
# \u202e, \U0001f4bb, \N{...}): a cut inside one ("\u200…") shows neither the character nor its code
_WHOLE = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}\\]{1,80}\}|.)|.", re.S)


def shortened(text: str, width: int) -> str:
    """An escaped `text` at most `width` characters long: cut, with "…" last, after a whole
    character or escape."""
    if len(text) <= width:
        return text
    end = 0
    for whole in _WHOLE.finditer(text):  # (lazily: the first `width` characters' alone are read)
        if whole.end() > width - 1:
            break
        end = whole.end()
    return text[:end].rstrip() + "…"


# What opens a run of text laid out apart (the embeddings and overrides, which U+202C closes, and
# the isolates, which U+2069 closes): the Unicode bidi algorithm closes what is left open only at
# the end of the paragraph, so a value's open override turned round what follows it there.
_OPENERS = re.compile("[\u202a\u202b\u202d\u202e\u2066\u2067\u2068]")
_CLOSE_EMBEDDING, _CLOSE_ISOLATE = "\u202c", "\u2069"


def bidi_closed(text: str) -> str:
    """`text` with each embedding, override or isolate it opens and leaves open closed at its end:
    an author's name pasted with a right-to-left override (`speakers: [Ev\\u202eil, Bob]`) turned
    round the names after it on the line in the email, its text part and the post ('Ev boB ,li'),
    and a title's the ' [1]' after it. What the value lays out itself is as written."""
    if not _OPENERS.search(text):  # (nearly every value: one scan)
        return text
    open_runs: list[str] = []
    for char in text:
        if _OPENERS.match(char):
            open_runs.append(_CLOSE_ISOLATE if char >= "\u2066" else _CLOSE_EMBEDDING)
        elif char == _CLOSE_EMBEDDING and open_runs and open_runs[-1] == _CLOSE_EMBEDDING:
            open_runs.pop()  # (one inside an isolate closes nothing outside it)
        elif char == _CLOSE_ISOLATE and _CLOSE_ISOLATE in open_runs:
            while open_runs.pop() != _CLOSE_ISOLATE:  # closes the embeddings inside it too
                pass
    return text + "".join(reversed(open_runs))
