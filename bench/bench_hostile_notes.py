"""How long a note takes to parse when a page pasted into it, or a hostile one, holds markup
Python-Markdown reads slowly: each kind of formats/heavy_notes.py and formats/shortcode_tags.py,
timed in-process through NoteParser (no notes cache), with what heavy_notes says of it.

Before attack 31 a build of `[a](` 20,000 times took 286 s, `<a ` 20,000 times 76 s, and lists
nested 400 deep stopped with a RecursionError; this prints what each takes now (a note read as
plain text takes a few ms). Speed is measured here, never asserted in a test.

    /tmp/venv/bin/python bench/bench_hostile_notes.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

from newsletter.formats.heavy_notes import heavy
from newsletter.formats.notes import NoteParser
from newsletter.formats.shortcode_tags import hugo_comments_shown, shortcodes_left_out

NOTES = {
    "[a]( x20,000": "[a](" * 20_000,
    "<a  x20,000": "<a " * 20_000,
    "[ x20,000": "[" * 20_000,
    "list nested 400 deep": "".join("  " * level + "- a\n" for level in range(400)),
    "- x1,000 on a line": "- " * 1_000 + "a",
    "*a  x1,000 left open": "*a " * 1_000 + "b" + "*" * 1_000,
    "<div markdown=1> x1,000": "<div markdown=1>" * 1_000 + "a" + "</div>" * 1_000,
    "backslash break x20,000": "a\\\n" * 20_000,
    "quotes x20,000": "\"'" * 20_000,
    "a 100 KB paragraph": " ".join(f"A [link {n}](https://e.com/{n}), _some_ *more* `code`." for n in range(2_000)),
    # attack 32: blocks, breaks and addresses Python-Markdown took 5-22 s on
    "'# a' lines x20,000": "# a\n" * 20_000,
    "list items x20,000": "- a\n" * 20_000,
    "table rows x20,000": "| a | b |\n|---|---|\n" + "| x | y |\n" * 20_000,
    "setext headings x10,000": "a\n===\n" * 10_000,
    "paragraphs x20,000": "a\n\n" * 20_000,
    "two-space breaks x20,000": "a  \n" * 20_000,
    "www.a x20,000": "www.a " * 20_000,
    "<b>x between ``` and ~~~": "```\n" + "<b>x" * 20_000 + "\n~~~\n",
    "{{<  x20,000": "{{< " * 20_000,
    "{{</* x20,000": "{{</*" * 20_000,
}


def timed(step, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    print(f"{'note':<26} {'KB':>6} {'parse s':>8} {'shortcodes s':>12}  heavy_notes says")
    for name, note in NOTES.items():
        parse = timed(lambda note=note: NoteParser()._parse(note), runs)  # (a new parser: nothing kept)
        tags = timed(lambda note=note: (hugo_comments_shown(note), shortcodes_left_out(note)), runs)
        found = heavy(note)
        print(f"{name:<26} {len(note) / 1000:>6.0f} {parse:>8.3f} {tags:>12.3f}  {found[1] if found else '-'}")


if __name__ == "__main__":
    main()
