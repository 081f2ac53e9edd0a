"""The embedding model: wordllama's shipped 256-dimension token table and tokenizer, read directly.

A text's vector is the mean of its tokens' rows, normalised (exactly what wordllama's
`embed(norm=True)` computes). The files come from the installed wheel's own folder, so nothing
is ever downloaded, and the library's heavy import (pydantic, requests...) is skipped.
"""

from __future__ import annotations

import re
import struct
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import NamedTuple

DIM = 256
WEIGHTS = "weights/l2_supercat_256.safetensors"
TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
NAME = "wordllama l2_supercat 256"
# The safetensors header of the shipped file, read without json: a search embeds its query
# without numpy and imports json for nothing else. Any other header is parsed in full.
SHIPPED = re.compile(
    rb'\{"embedding\.weight":\{"dtype":"F16","shape":\[(\d+),256\],"data_offsets":\[(\d+),\d+\]\}\}\s*'
)


class Files(NamedTuple):
    weights: Path
    tokenizer: Path
    offset: int  # where the float16 rows start in the safetensors file
    rows: int


@cache
def files() -> Files:
    """Where the installed wheel keeps the weights and the tokenizer; read the safetensors header."""
    from newsletter.smart import require

    require("search")
    folder = Path(find_spec("wordllama").submodule_search_locations[0])
    weights, tokenizer = folder / WEIGHTS, folder / TOKENIZER
    with weights.open("rb") as file:
        size = struct.unpack("<Q", file.read(8))[0]
        header = file.read(size)
    shipped = SHIPPED.fullmatch(header)
    if shipped:
        return Files(weights, tokenizer, 8 + size + int(shipped[2]), int(shipped[1]))
    import json

    table = json.loads(header)["embedding.weight"]
    if table["dtype"] != "F16" or table["shape"][1] != DIM:
        raise RuntimeError(f"unexpected weights in {weights}: {table}")
    return Files(weights, tokenizer, 8 + size + table["data_offsets"][0], table["shape"][0])


class Model:
    """Batches of texts -> unit vectors (numpy float32, one row per text)."""

    def __init__(self):
        import numpy as np

        from newsletter.smart.tokens import Tokenizer

        where = files()
        # float16 as shipped, memory-mapped: only the rows of tokens met are read and widened
        self.table = np.memmap(where.weights, dtype="<f2", mode="r", offset=where.offset, shape=(where.rows, DIM))
        self.tokenizer = Tokenizer(where.tokenizer)

    def embed(self, texts: list[str]):
        import numpy as np

        from newsletter.smart import cjk

        spaceless = [n for n, text in enumerate(texts) if cjk.has(text)]  # the rest as wordllama embeds them
        ids = [self.tokenizer.ids(text) for text in texts]
        for n in spaceless:
            ids[n] = [token for token in ids[n] if not cjk.is_byte(token)]
        out = self.means(ids)
        out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)
        for n in spaceless:
            out[n] += self._hashed(texts[n])
            out[n] /= max(float(np.linalg.norm(out[n])), 1e-9)
        return out

    @staticmethod
    def _hashed(text: str):
        """`cjk.hashed` with numpy: an entry's notes have thousands of characters and pairs."""
        from collections import Counter

        import numpy as np

        from newsletter.smart import cjk

        counts = Counter(cjk.features(text))
        if not counts:
            return np.zeros(DIM, dtype=np.float32)
        bits = np.unpackbits(np.frombuffer(b"".join(map(cjk.digest, counts)), dtype=np.uint8)).reshape(-1, DIM)
        total = np.array(list(counts.values()), dtype=np.float64) @ (bits.astype(np.float64) * 2 - 1)
        return (total * cjk.scale(text, float(np.linalg.norm(total)))).astype(np.float32)

    def means(self, ids: list[list[int]], tokens: int = 1 << 16):
        """The mean row of each text's tokens (zeros for a text without any).

        Texts go in groups of about `tokens` tokens (64 MB of float32 rows at most): in each,
        every distinct token's row is read and widened once, gathered, and summed per text
        by one reduceat.
        """
        import numpy as np

        out = np.zeros((len(ids), DIM), dtype=np.float32)
        counts = np.array([len(row) for row in ids], dtype=np.int64)
        ends = np.cumsum(counts)
        start = 0
        while start < len(ids):
            stop = max(start + 1, int(np.searchsorted(ends, ends[start] - counts[start] + tokens, side="right")))
            group = counts[start:stop]
            if group.sum():
                flat = np.fromiter((t for row in ids[start:stop] for t in row), dtype=np.int64, count=int(group.sum()))
                distinct, where = np.unique(flat, return_inverse=True)
                rows = self.table[distinct].astype(np.float32)[where]
                some = group > 0
                offsets = np.concatenate(([0], np.cumsum(group)[:-1]))[some]
                out[start:stop][some] = np.add.reduceat(rows, offsets, axis=0) / group[some, None]
            start = stop
        return out


@cache
def model() -> Model:
    return Model()
