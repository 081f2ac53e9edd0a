"""One short text (a query) embedded in pure Python: no numpy, no tokenizers import.

A whole `newsletter search` must start in a few times a bare interpreter's start, and
importing numpy alone takes longer than that. A query is a few words, so its tokens are
found by the same byte-pair merges the tokenizer uses (kept in the index as two SQLite
tables, written once from the shipped tokenizer file) and their float16 rows are read
straight from the shipped weights. The result equals `Model.embed` (tested).
"""

from __future__ import annotations

import math
import re
import sqlite3
import struct

from newsletter.smart.model import DIM, files
from newsletter.smart.tokens import merged

SPACE = "\u2581"  # SentencePiece's visible space


def clean(text: str) -> str:
    """Whitespace collapsed, as both embedders see a text."""
    return re.sub(r"\s+", " ", text).strip()


def tokenizer_tables(db: sqlite3.Connection) -> None:
    """Copy the tokenizer's vocabulary and merges into the index (once per index)."""
    import json

    spec = json.loads(files().tokenizer.read_text(encoding="utf-8"))["model"]
    db.execute("CREATE TABLE IF NOT EXISTS piece (text TEXT PRIMARY KEY, id INTEGER) WITHOUT ROWID")
    db.execute("CREATE TABLE IF NOT EXISTS merge (pair TEXT PRIMARY KEY, rank INTEGER) WITHOUT ROWID")
    db.executemany("INSERT OR REPLACE INTO piece VALUES (?, ?)", spec["vocab"].items())
    merges = (" ".join(m) if isinstance(m, list) else m for m in spec["merges"])
    db.executemany("INSERT OR REPLACE INTO merge VALUES (?, ?)", ((m, r) for r, m in enumerate(merges)))


def token_ids(db: sqlite3.Connection, text: str) -> list[int]:
    """The tokenizer's ids for `text` (Llama-2 BPE with byte fallback), word by word."""
    ids: list[int] = []
    if not clean(text):
        return ids
    normalised = SPACE + clean(text).replace(" ", SPACE)
    for word in re.findall(f"{SPACE}[^{SPACE}]*", normalised):
        ids += _word_ids(db, word)
    return ids


def _word_ids(db: sqlite3.Connection, word: str) -> list[int]:
    """The tokenizer's merges (tokens.merged: n log n steps), with each pair's rank read from the
    index: those of the word's letters at once, a pair made by a merge when it is met. Each merge
    looked at every pair of the word, so a query of 2,000 letters without a space took a second."""
    ranks: dict[str, int | None] = dict.fromkeys(f"{a} {b}" for a, b in zip(word, word[1:], strict=False))
    ranks.update(_rows(db, "SELECT pair, rank FROM merge WHERE pair IN ({})", ranks))

    def rank_of(pair: str) -> int | None:
        if pair not in ranks:
            found = db.execute("SELECT rank FROM merge WHERE pair = ?", (pair,)).fetchone()
            ranks[pair] = found and found[0]
        return ranks[pair]

    symbols = merged(word, rank_of)
    vocab = dict(_rows(db, "SELECT text, id FROM piece WHERE text IN ({})", set(symbols)))
    ids = []
    for symbol in symbols:
        if symbol in vocab:
            ids.append(vocab[symbol])
        else:  # byte fallback: <0x00> is id 3
            ids += [3 + byte for byte in symbol.encode("utf-8")]
    return ids


# SQLite's limit on a statement's parameters before 3.32 (2020), which older systems' Pythons
# still have: one parameter per symbol of a word, a query of 2,000 letters no merge joins (Chinese,
# emoji) was "too many SQL variables".
_MOST_PARAMETERS = 999


def _rows(db: sqlite3.Connection, query: str, values) -> list[tuple]:
    """The rows of `query` (`IN ({})`) for every one of `values`, a few hundred at a time."""
    values, rows = list(values), []
    for start in range(0, len(values), _MOST_PARAMETERS):
        part = values[start : start + _MOST_PARAMETERS]
        rows += db.execute(query.format(",".join("?" * len(part))), part).fetchall()
    return rows


def embed(db: sqlite3.Connection, text: str) -> list[float]:
    """The unit vector of a short text, as a list of floats."""
    from newsletter.smart import cjk

    ids = token_ids(db, text)
    spaceless = cjk.has(text)
    if spaceless:  # as Model.embed reads a CJK text
        ids = [token for token in ids if not cjk.is_byte(token)]
    where = files()
    total = [0.0] * DIM
    row = struct.Struct(f"<{DIM}e")
    with where.weights.open("rb") as weights:
        for token in ids:
            weights.seek(where.offset + token * DIM * 2)
            total = [t + v for t, v in zip(total, row.unpack(weights.read(DIM * 2)), strict=True)]
    norm = math.sqrt(sum(v * v for v in total)) or 1.0
    total = [v / norm for v in total]
    hashed = cjk.hashed(text) if spaceless else None
    if hashed:
        total = [v + h for v, h in zip(total, hashed, strict=True)]
        norm = math.sqrt(sum(v * v for v in total)) or 1.0
        total = [v / norm for v in total]
    return total
