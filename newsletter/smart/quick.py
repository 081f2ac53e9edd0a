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
    symbols = list(word)
    ranks: dict[str, int | None] = {}
    while len(symbols) > 1:
        pairs = [f"{a} {b}" for a, b in zip(symbols, symbols[1:], strict=False)]
        unknown = [p for p in set(pairs) if p not in ranks]
        if unknown:
            found = dict(
                db.execute(
                    f"SELECT pair, rank FROM merge WHERE pair IN ({','.join('?' * len(unknown))})", unknown
                ).fetchall()
            )
            ranks.update({p: found.get(p) for p in unknown})
        best = (
            min((ranks[p], i) for i, p in enumerate(pairs) if ranks[p] is not None)
            if any(ranks[p] is not None for p in pairs)
            else None
        )
        if best is None:
            break
        i = best[1]
        symbols[i : i + 2] = [symbols[i] + symbols[i + 1]]
    vocab = dict(
        db.execute(f"SELECT text, id FROM piece WHERE text IN ({','.join('?' * len(symbols))})", symbols).fetchall()
    )
    ids = []
    for symbol in symbols:
        if symbol in vocab:
            ids.append(vocab[symbol])
        else:  # byte fallback: <0x00> is id 3
            ids += [3 + byte for byte in symbol.encode("utf-8")]
    return ids


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
