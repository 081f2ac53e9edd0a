"""Text without spaces between words (Japanese, Chinese; Korean's long words), as the model reads it.

FTS5's unicode61 splits on spaces and punctuation, so a Japanese sentence was one "word" that
no query matched, and the model knows most ideographs only as UTF-8 bytes that every CJK text
shares, so every Japanese entry looked alike (a search for 機械学習 scored all of them 0.26-0.37).
With no dictionary, the standard way is character bigrams: a run of Han, kana or Hangul is
indexed and searched as its overlapping pairs of characters (機械学習 -> 機械 械学 学習), and
embedded as the model's rows of its characters plus a hashed sign vector per character and pair
(feature hashing: each gets a fixed pseudo-random ±1 vector, so two texts sharing pairs point
the same way). Text without any of these letters is read exactly as before.
"""

from __future__ import annotations

import re
from functools import lru_cache

# The letters of words without spaces: Hangul jamo, hiragana and katakana (not the middle dot
# ・, a separator), Hangul compatibility jamo, the ideographs (extension A, unified,
# compatibility) and Hangul syllables; no punctuation (。、「」), so it ends a run
LETTERS = (
    "\u1100-\u11ff\u3041-\u3096\u309d-\u309f\u30a1-\u30fa\u30fc-\u30ff\u3131-\u318e"
    "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
)


@lru_cache(maxsize=1)
def _run() -> re.Pattern:
    """A run of those letters, compiled when first needed: `re` builds a 64K-entry table for
    these ranges, 1-2 ms that an English search would pay at import for nothing."""
    return re.compile(f"[{LETTERS}]+")


def runs(text: str) -> list[str]:
    """The text's runs of CJK letters ("日本語LLMの設計" -> ["日本語", "の設計"])."""
    return [] if text.isascii() else _run().findall(text)


def without(text: str) -> str:
    """The text with its CJK runs as spaces."""
    return text if text.isascii() else _run().sub(" ", text)


_HIRAGANA = re.compile("[\u3041-\u309f]+")  # particles and endings: no topic on their own
_KANA_OR_HANGUL = re.compile("[\u1100-\u11ff\u3041-\u30ff\u3131-\u318e\uac00-\ud7af]")
WEIGHT = 4.0  # the hashed part against the model's part, for a text of CJK letters only


def has(text: str) -> bool:
    return not text.isascii() and _run().search(text) is not None


def pairs(run: str) -> list[str]:
    """A run's overlapping pairs of characters; a run of one character is itself."""
    return [run[i : i + 2] for i in range(len(run) - 1)] or [run]


# Korean's particles, written onto the noun before them: a query's 데이터베이스를 was the phrase of
# its pairs ending 스를, which an entry's 데이터베이스의 or bare 데이터베이스 does not hold
_PARTICLE = re.compile(
    "(?<=[\uac00-\ud7af]{2})(?:에서|에게|한테|으로|까지|부터|처럼|보다|을|를|이|가|은|는|의|에|로|와|과|도|만)$"
)


def words(query: str) -> list[str]:
    """A query's CJK words: its runs, cut at hiragana (機械学習の基礎 -> 機械学習, 基礎; the
    particles between them are no one's topic); a run of hiragana alone stays whole. A Korean
    word's particle goes, where two syllables stay (데이터베이스를 -> 데이터베이스), so it finds the
    noun with any particle or none."""
    found = []
    for run in runs(query):
        found += [_PARTICLE.sub("", part) for part in _HIRAGANA.split(run) if part] or [run]
    return found


def matching(word: str) -> str:
    """FTS5's query for one CJK word of a query, as the index spells it.

    Four ideographs or more are a compound of words of two (機械学習: 機械, 学習) or a Chinese
    clause: any of its pairs, BM25 ranking first the entries holding most of them, so 深層学習
    is found for its 学習 too. A word in kana or Hangul is its pairs one after the other: its
    pairs are no words ("ック" of インデックス found クラシック). One character: any pair it begins.
    """
    if len(word) == 1:
        return f'"{word}"*'
    if len(word) > 3 and not _KANA_OR_HANGUL.search(word):
        return " OR ".join(f'"{pair}"' for pair in pairs(word))
    return '"' + " ".join(pairs(word)) + '"'


def spaced(text: str) -> str:
    """`text` with each CJK run written as its pairs, space-separated, as the index stores it."""
    if not has(text):
        return text
    return _run().sub(lambda run: " " + " ".join(pairs(run[0])) + " ", text)


def features(text: str) -> list[str]:
    """What the hashed part of a vector counts: each character but hiragana, and each pair
    not of hiragana alone (の, して: in every text)."""
    found = []
    for run in runs(text):
        found += [c for c in run if not _HIRAGANA.fullmatch(c)]
        if len(run) > 1:
            found += [p for p in pairs(run) if not _HIRAGANA.fullmatch(p)]
    return found


def share(text: str) -> float:
    """How much of the text's letters are CJK (0 for English)."""
    cjk = sum(map(len, runs(text)))
    if not cjk:
        return 0.0
    return cjk / (cjk + sum(1 for c in text if c.isalpha() and not _run().match(c)))


@lru_cache(maxsize=1 << 17)  # a log's common pairs recur in entry after entry; 128k fit in ~20 MB
def digest(feature: str) -> bytes:
    """A feature's 256 signs as bits (its BLAKE2b digest: the same on every machine); 1 is +1."""
    from hashlib import blake2b  # here: an English search never hashes, and hashlib costs it 3 ms

    return blake2b(feature.encode("utf-8"), digest_size=32).digest()


def scale(text: str, length: float) -> float:
    """What the features' summed sign vector, of `length`, is multiplied by: it then has length
    WEIGHT × the text's CJK share, so a Japanese word in an English note moves it a little."""
    return WEIGHT * share(text) / (length or 1.0)


def hashed(text: str) -> list[float] | None:
    """The hashed part of `text`'s vector in pure Python (a query's); None without features.
    `Model.embed` computes the same with numpy."""
    import math
    from collections import Counter

    counts = Counter(features(text))
    if not counts:
        return None
    total = [0.0] * 256
    for feature, count in counts.items():
        bits = int.from_bytes(digest(feature), "big")
        total = [t + (count if bits >> (255 - n) & 1 else -count) for n, t in enumerate(total)]
    factor = scale(text, math.sqrt(sum(v * v for v in total)))
    return [v * factor for v in total]


def is_byte(token: int) -> bool:
    """A byte-fallback id (<0x00>..<0xFF>): an ideograph the model has no row for, spelled in
    bytes that every CJK text shares; left out of a CJK text's mean."""
    return 3 <= token < 259
