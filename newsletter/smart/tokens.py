"""The shipped tokenizer (Llama-2 byte-pair merges with byte fallback) in pure Python.

It gives the `tokenizers` library's ids for the same file (tested), but loads in a quarter of
the time: the library spends ~100 ms building its merge table before the first text, more
than `quotes` spends on everything else. A text's pieces are cached, so a transcript's few
thousand distinct words are merged once each.

How the file's tokenizer works, and what is done here the same way:
- the special tokens (`<s>`...) are matched in the raw text first;
- every other stretch gets a leading "▁" and each space becomes "▁";
- merges never join a "▁" to the character before it (checked when loading), so each run of
  "▁" with the characters after it is merged on its own, lowest-ranked pair first;
- a piece outside the vocabulary falls back to its UTF-8 bytes (`<0x41>`).
"""

from __future__ import annotations

import heapq
import json
import re
from collections.abc import Callable
from pathlib import Path

SPACE = "\u2581"  # SentencePiece's visible space
CHUNK = re.compile(f"{SPACE}+[^{SPACE}]*|[^{SPACE}]+")


class Tokenizer:
    def __init__(self, path: Path):
        spec = json.loads(path.read_text(encoding="utf-8"))
        model = spec["model"]
        if model.get("type") != "BPE" or not model.get("byte_fallback") or spec.get("pre_tokenizer"):
            raise RuntimeError(f"unexpected tokenizer in {path}")
        self.vocab: dict[str, int] = model["vocab"]
        pairs = [m if isinstance(m, str) else " ".join(m) for m in model["merges"]]
        # pieces hold no spaces ("▁" stands for them), so in the merges one per line, a space
        # after anything but "▁" and before "▁" is a merge of a word with the space after it
        lines = "\n".join(pairs)
        if any(lines[found.start() - 1] not in SPACE + "\n" for found in re.finditer(f" {SPACE}", lines)):
            raise RuntimeError(f"a merge in {path} joins a word to the space after it")
        self.ranks = dict(zip(pairs, range(len(pairs)), strict=True))
        self.special = {token["content"]: token["id"] for token in spec.get("added_tokens", ())}
        self.split = re.compile("(" + "|".join(map(re.escape, self.special)) + ")") if self.special else None
        self.pieces: dict[str, list[int]] = {}
        self._inverse: dict[int, str] | None = None

    def inverse(self) -> dict[int, str]:
        """Each id's piece ("▁learning", "<0xD8>")."""
        if self._inverse is None:
            self._inverse = {number: piece for piece, number in self.vocab.items()}
        return self._inverse

    def ids(self, text: str) -> list[int]:
        found: list[int] = []
        parts = self.split.split(text) if self.split else [text]
        for n, part in enumerate(parts):
            if n % 2:
                found.append(self.special[part])
            elif part:
                for chunk in CHUNK.findall(SPACE + part.replace(" ", SPACE)):
                    ids = self.pieces.get(chunk)
                    if ids is None:
                        ids = self.pieces[chunk] = self._merge(chunk)
                    found += ids
        return found

    def _merge(self, chunk: str) -> list[int]:
        ids = []
        for symbol in merged(chunk, self.ranks.get):
            if symbol in self.vocab:
                ids.append(self.vocab[symbol])
            else:
                ids += [self.vocab[f"<0x{byte:02X}>"] for byte in symbol.encode("utf-8")]
        return ids


def merged(chunk: str, rank_of: Callable[[str], int | None]) -> list[str]:
    """The chunk's pieces: the pair of neighbours with the lowest rank (`rank_of("a b")`, None for
    a pair with no merge) merged first, the leftmost of equal ones, as the library merges. Each
    symbol is a link of a chain and each neighbouring pair an entry of a heap, so a chunk of n
    characters takes n log n steps: scanning every pair for each merge took n squared, and a page's
    65,000 letters without a space (`quotes URL` of a hostile page, attack 36) held `quotes` for
    hours. A query's words are merged here too (quick.py, its ranks read from the index)."""
    symbols: list[str | None] = list(chunk)
    last, heap = len(symbols) - 1, []
    after, before = list(range(1, last + 2)), list(range(-1, last))  # each symbol's neighbours

    def pair_at(i: int) -> None:  # the pair symbol i begins, if it has a merge
        if 0 <= i and after[i] <= last:
            left, right = symbols[i], symbols[after[i]]
            if (rank := rank_of(f"{left} {right}")) is not None:
                heapq.heappush(heap, (rank, i, left, right))

    for i in range(last):
        pair_at(i)
    while heap:
        _, i, left, right = heapq.heappop(heap)
        j = after[i]
        if symbols[i] != left or j > last or symbols[j] != right:
            continue  # one of its symbols has merged since (symbols only grow)
        symbols[i], symbols[j], after[i] = left + right, None, after[j]
        if after[i] <= last:
            before[after[i]] = i
        pair_at(before[i])
        pair_at(i)
    return [symbol for symbol in symbols if symbol is not None]
