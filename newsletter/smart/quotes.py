"""Key passages of a long text, extractively: nothing is generated, every quote is the text's own.

1. Split into sentences with their positions. Punctuation first; a run of words with none
   (an unpunctuated transcript) is cut before a discourse word ("so", "and", "but"...) once it
   is long enough, or at a hard limit, so every candidate reads as a unit.
2. Embed every sentence and score it: centrality (how much of the text it resembles) times a
   quality prior (length, content words; filler, questions and sponsor reads weigh less).
3. Pick greedily for coverage (facility location: each new quote must represent a part of
   the text the picked ones do not) plus quality, skipping near-duplicates by meaning or words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsletter.smart.words import STOP, stop_words

MIN_WORDS, MAX_WORDS, SOFT_WORDS = 8, 45, 22
# The most sentences a text may have: each is compared with every other (a book of 1 MB has about
# 20,000, a podcast's transcript 1,000), and 5 MB of short ones from a page were 100,000, whose
# comparisons alone (40 GB) the machine could not hold.
MAX_SENTENCES = 20_000
# Sentences compared with all the others at a time: the similarities of every pair at once took
# 4 GB for a text of 20,000 sentences; a block of rows at a time, at most 16 M of them (64 MB).
BLOCK = 1 << 24
CENTRAL, COVER = 0.3, 8.0  # how much centrality and coverage count against a sentence's own quality
DISCOURSE = {
    "so",
    "and",
    "but",
    "because",
    "now",
    "then",
    "which",
    "when",
    "if",
    "or",
    "well",
    "okay",
    "actually",
    "also",
    "i",
    "we",
    "you",
    "that's",
    "it's",
    "there's",
    "what",
}
# The patterns below are matched against the lower-cased sentence: re.I costs several times more.
FILLER = re.compile(
    r"\b(um+|uh+|yeah|you know|i mean|kind of|sort of|like|right|okay|cool|awesome|thanks?|thank you)\b"
)
PROMO = re.compile(
    r"brought to you|sponsor|\bvisit\b|\.fm\b|/[a-z]+\b.*\bcode\b|discount|sign up|"
    r"subscribe|episode \d+|recorded|talk python|\bpodcast\b"
)
CHATTER = re.compile(
    r"\b(let's (talk|start|move)|tell us|your thoughts|welcome|thanks for|to have you|my background|"
    r"introduce|what was that like|how are you|i remember|back in the day|i don't know|i'm a|"
    r"we'll talk|i'm talking|a lot of times i|i'm always|this portion|check out|you'll meet|"
    r"this episode)\b"
)
INSIGHT = re.compile(
    r"\b(most|first rule|key|important|never|always|should|simplest|best practices?|problems?|"
    r"\d+ ?%|overkill|solved|matters?|value|the way|challenges?|side effects?|requirements)\b"
)
CODE = re.compile(r"^\s*(#|\$|>>>|[-*] |\d+\.|-\w)|`|[{}=<>|\\]|\$\w|\[ | \]|\w\(|\)\s*$")


@dataclass
class Quote:
    text: str
    start: int  # character offset in the text
    line: int  # 1-based
    percent: int  # how far through the text
    score: float
    whole: tuple[bool, bool] = (True, True)  # begins a sentence, ends one: else it is cut from a longer run

    def as_markdown(self, position: str | None = "line {line}, {percent}% through") -> str:
        """The quote, and under it `position` (the words of the entry's language) filled in; None:
        the quote alone (a web page's, whose lines no reader sees)."""
        shown = ("" if self.whole[0] else "…") + self.text + ("" if self.whole[1] else "…")
        if position is None:
            return f"> {shown}"
        return f"> {shown}\n>\n> — {position.format(line=self.line, percent=self.percent)}"


_ENDS = ".!?…。！？\"')]」』）”’"  # what ends a sentence, closing quotes and brackets included


def _whole(text: str, start: int, sentence: str) -> tuple[bool, bool]:
    """Whether a quote begins and ends where a sentence or line does: a piece `_cut` from a run
    of words without punctuation is shown with "…", so readers do not take it for all that was said."""
    before = text[:start].rstrip(" \t")
    after = text[start + len(sentence) :].lstrip(" \t")
    return (not before or before[-1] in "\n" + _ENDS, not after or after[0] == "\n" or sentence[-1] in _ENDS)


# Chinese and Japanese: written without spaces, a sentence ends at its full stop (no space after)
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # kana and ideographs
_HAS_CJK = re.compile(f"[{_CJK}]").search


def words_of(sentence: str) -> list[str]:
    """Its words, lower-cased; a run of kana or ideographs counts a word per two characters, as
    such text has no spaces (one 40-character Japanese sentence was one word, so never quoted,
    and a paragraph of them never split)."""
    found = []
    for word in re.findall(r"[\w'’-]+", sentence.lower()):
        found += [word[n : n + 2] for n in range(0, len(word), 2)] if _HAS_CJK(word) else [word]
    return found


# A full stop after a number of one or two digits standing alone is an ordinal, not a sentence's
# end: German "am 3. Juli 2018", "im 19. Jahrhundert" (a quote began "Juli 2018 auf Einladung…").
# A year ("in 2019. Then") still ends one.
_ORDINAL = r"(?<!(?<!\S)\d)(?<!(?<!\S)\d\d)"
_SENTENCE = re.compile(rf".+?(?:(?:{_ORDINAL}\.|[!?…])[.!?…]*[\"')\]]*(?=\s|$)|[。！？]+[」』）”’\"')\]]*|$)")


# A full stop that ends no sentence: after a title before a name ("Segundo o Dr. Paulo Mendes",
# "Sra. Ana Lima", "Mr. Smith") or an initial ("Jake T. VanderPlas"), and before a word in small
# letters ("p. ex. quando", "etc. e ninguém", "e.g. the"). A Portuguese article's quotes began
# "Paulo Mendes, da USP, …" and ended "… em produção, p.", cut in the middle of their sentences.
TITLES = frozenset("dr dra drs sr sra srs srta prof profa mr mrs ms mme mlle st jr hr fr".split())


def _runs_on(piece: str, following: str) -> bool:
    """Whether `piece`, ended by a full stop, goes on in `following` (the next piece of its line)."""
    if piece[-1:] in _CLOSING and following[:1].isalpha():  # '「…。」と言った。': no space, no new sentence
        return True
    last, first = piece.split()[-1][:-1] if piece.rstrip().endswith(".") else "", following.lstrip()[:1]
    if not last or not first:
        return False
    return first.islower() or last.lower() in TITLES or (len(last) == 1 and last.isupper())


def sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) pairs; survives text without punctuation."""
    found = []
    for line in re.finditer(r"[^\n]+", text):
        pieces = [piece.span() for piece in _SENTENCE.finditer(line[0]) if piece[0].strip()]
        joined: list[tuple[int, int]] = []
        held: list[tuple[int, int]] = []  # the pieces of a sentence whose brackets are still open
        for start, end in pieces:
            if joined and (held or _runs_on(line[0][joined[-1][0] : joined[-1][1]], line[0][start:end])):
                joined[-1] = (joined[-1][0], end)
            else:
                joined.append((start, end))
            held = held + [(start, end)] if _left_open(line[0][joined[-1][0] : joined[-1][1]]) else []
        if len(held) > 1:  # a bracket the line never closes: its pieces are sentences after all
            joined[-1:] = [(joined[-1][0], held[0][1]), *held[1:]]
        for start, end in joined:
            found += _cut(line.start() + start, line[0][start:end])
    return found


# Brackets and quotes whose two marks differ: a full stop inside a pair ends no sentence.
# '彼は「まず計測せよ。そして改善せよ。」と言った。' (new user 51, Yuki) was three quotes, the
# first '彼は「まず計測せよ。', its bracket never closed; so “Measure first. Then improve.”
_PAIRS = (("「", "」"), ("『", "』"), ("（", "）"), ("(", ")"), ("“", "”"), ("«", "»"), ("【", "】"), ("《", "》"))


_CLOSING = frozenset(closing for _, closing in _PAIRS)


def _left_open(text: str) -> bool:
    """Whether `text` opens a pair of brackets or quotes it does not close."""
    return any(text.count(opening) > text.count(closing) for opening, closing in _PAIRS)


def _cut(offset: int, text: str) -> list[tuple[int, str]]:
    words = list(re.finditer(r"\S+", text))
    if len(words) <= MAX_WORDS:
        return [(offset + words[0].start(), text.strip())] if words else []
    out, first = [], 0
    for n, word in enumerate(words):
        length = n - first
        bare = word[0].lower().strip(",;:-—")
        if (
            (length >= SOFT_WORDS and bare in DISCOURSE)
            or length >= MAX_WORDS
            or words[n - 1][0][-1] in ",;:—"
            and length >= MAX_WORDS - 10
        ):
            out.append((offset + words[first].start(), text[words[first].start() : words[n - 1].end()]))
            first = n
    out.append((offset + words[first].start(), text[words[first].start() :]))
    return out


# A question, in any script's question mark (Japanese and Chinese write the full-width ？, Arabic
# and Persian ؟), before any closing quote or bracket: "?" alone left Yuki's (new user 51) weighed
# as statements.
_QUESTION = re.compile(r"[?？؟][\"')\]」』）”’]*\s*$")


def quality(sentence: str, stop: frozenset[str] = STOP) -> float:
    """A prior in (0, 1]: a quote a reader would keep is a statement of content, not chatter.
    `stop`: the stop words of the text's language (words.stop_words)."""
    lower = sentence.lower()
    words = words_of(sentence)
    if len(words) < MIN_WORDS or PROMO.search(lower) or CODE.search(sentence):
        return 0.0
    content = sum(1 for w in words if (w not in stop and len(w) > 2) or _HAS_CJK(w)) / len(words)
    filler = len(FILLER.findall(lower)) / len(words)
    length = min(1.0, len(words) / 14) * min(1.0, 60 / len(words))
    question = 0.6 if _QUESTION.search(sentence) else 1.0
    chatter = 0.4 if CHATTER.search(lower) else 1.0
    insight = 1 + 0.25 * min(3, len(INSIGHT.findall(lower)))
    return max(0.0, content * 2 - filler * 4) * length * question * chatter * insight


def quotes(text: str, count: int = 10, language: str | None = None) -> list[Quote]:
    """The `count` key passages of `text`, in the order they appear. `language`: the text's (a
    BCP 47 tag), whose stop words say nothing; none given, every language's."""
    import numpy as np

    from newsletter.smart.model import model

    found = sentences(text)
    if not found:
        return []
    if len(found) > MAX_SENTENCES:
        raise TooLong(len(found))
    stop = stop_words(language)
    vectors = model().embed([s for _, s in found])
    prior = np.array([quality(s, stop) for _, s in found])
    centred = vectors - vectors.mean(axis=0)  # what every sentence shares says nothing about any
    centred /= np.maximum(np.linalg.norm(centred, axis=1, keepdims=True), 1e-9)
    step = max(1, BLOCK // len(found))
    centrality = np.concatenate(
        [_similarity(centred[at : at + step], centred).mean(axis=1) for at in range(0, len(found), step)]
    )
    centrality = centrality / (centrality.max() or 1)
    merit = (CENTRAL * centrality + 1 - CENTRAL) * prior
    order = np.argsort(-merit, kind="stable")
    candidates = order[prior[order] > 0][:300]
    rows = _similarity(centred[candidates], centred)  # what each candidate represents, scored at once on every round
    left = np.ones(len(candidates), dtype=bool)
    covered = np.zeros(len(found))
    picked: list[int] = []
    bags: dict[int, set] = {}
    while len(picked) < count and left.any():
        gains = np.maximum(rows - covered, 0).mean(axis=1) * COVER + merit[candidates]
        gains[~left] = -np.inf
        at = int(np.argmax(gains))
        best = int(candidates[at])
        left[at] = False
        bag = bags.setdefault(best, _bag(found[best][1], stop))
        if any(rows[at, p] > 0.9 or _overlap(bag, bags[p]) > 0.5 for p in picked):
            continue
        picked.append(best)
        covered = np.maximum(covered, rows[at])
    lines = [0, *(m.end() for m in re.finditer("\n", text))]
    result = []
    for n in sorted(picked):
        start, sentence = found[n]
        line = int(np.searchsorted(lines, start, side="right"))
        score = round(float(merit[n]), 3)
        result.append(
            Quote(sentence, start, line, round(100 * start / len(text)), score, _whole(text, start, sentence))
        )
    return result


class TooLong(ValueError):
    """A text of more sentences than MAX_SENTENCES (how many it has)."""

    def __init__(self, count: int):
        self.count = count
        super().__init__(f"{count:,} sentences, more than the {MAX_SENTENCES:,} quotes reads")


def _similarity(some, every):
    """How alike each of `some` is to each of `every` (unit vectors); unalike is 0, never less."""
    import numpy as np

    alike = some @ every.T
    return np.clip(alike, 0, None, out=alike)  # (in place: a copy was as large again)


def _bag(sentence: str, stop: frozenset[str]) -> set:
    return set(words_of(sentence)) - stop


def _overlap(a: set, b: set) -> float:
    return len(a & b) / (min(len(a), len(b)) or 1)
