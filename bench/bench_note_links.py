"""How long `check` takes to find the links in a note before it asks for any: notes of many
links, one a line, all on one line, and reference links defined below their paragraph.

    .venv/bin/python bench/bench_note_links.py [COUNT ...]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from newsletter.commands.note_links import links_in

SHAPES = {
    "one a line": lambda n: "\n".join(f"See https://example.org/page/{i} here" for i in range(n)),
    "one line": lambda n: " ".join(f"https://example.org/page/{i}" for i in range(n)),
    "references": lambda n: (
        "\n".join(f"[a{i}]" for i in range(n))
        + "\n\n"
        + "\n".join(f"[a{i}]: https://example.org/r/{i}" for i in range(n))
    ),
}


def main(counts: list[int]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        note = Path(folder) / "note.md"
        for count in counts:
            for shape, body in SHAPES.items():
                note.write_text("---\ntitle: Noted\n---\n" + body(count), encoding="utf-8")
                start = time.perf_counter()
                found = len(links_in(note))
                print(f"{count:>7} links, {shape:<10}: {time.perf_counter() - start:6.2f} s ({found} found)")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1_000, 8_000])
