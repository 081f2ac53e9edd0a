"""How long `newsletter import FILE` takes on big exports, and how much memory: one command, one table.

Generates, in a temporary folder, a 20,000-bookmark Netscape HTML export (what browsers,
Pinboard, Raindrop.io and Pocket write; titles, tags, descriptions with non-ASCII text) and a
5,000-highlight Readwise CSV (500 documents of 10 highlights, quotes and newlines in fields),
then imports each into an empty workspace in a fresh process (`newsletter import`, the real
command): wall time, CPU time, peak RSS (the process's ru_maxrss), entries written. Then the
same import again: the sync run, where everything is already in the log and nothing is written.
Nothing is fetched: import never uses the network.

    .venv/bin/python bench/bench_saved_import.py [--bookmarks 20000] [--highlights 5000]
"""

from __future__ import annotations

import argparse
import csv
import html
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SETTINGS = '[newsletter]\nname = "Bench Letter"\n'
WORDS = ["Über", "naïve", "reading", "systems", "café", "notes", "“quoted”", "design", "data", "the", "of", "ßtraße"]


def bookmarks_html(path: Path, count: int) -> None:
    start = 1_577_836_800  # 2020-01-01
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<!DOCTYPE NETSCAPE-Bookmark-file-1>\n<META HTTP-EQUIV="Content-Type" CONTENT="text/html; '
            'charset=UTF-8">\n<TITLE>Bookmarks</TITLE>\n<H1>Bookmarks</H1>\n<DL><p>\n'
        )
        for n in range(count):
            title = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(6)) + f" {n}"
            out.write(
                f'    <DT><A HREF="https://site{n % 400}.example/{n}/post?utm_source=x" '
                f'ADD_DATE="{start + n * 3_000}" TAGS="tag{n % 30},reading">{html.escape(title)}</A>\n'
            )
            if n % 3 == 0:
                out.write(f"    <DD>Why it matters, &amp; a note: {html.escape(title)}\n")
        out.write("</DL><p>\n")


def readwise_csv(path: Path, count: int, per_document: int = 10) -> None:
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(
            [
                "Highlight",
                "Book Title",
                "Book Author",
                "Amazon Book ID",
                "Note",
                "Color",
                "Tags",
                "Location Type",
                "Location",
                "Highlighted at",
                "Document tags",
                "URL",
            ]
        )
        for n in range(count):
            document = n // per_document
            words = " ".join(WORDS[(n + k) % len(WORDS)] for k in range(25))
            writer.writerow(
                [
                    f'{words}, "a quote"\nand a second line {n}',
                    f"Document {document}: {WORDS[document % 12]}",
                    f"Author {document % 50}",
                    f"B{document:09d}" if document % 2 else "",
                    "my note, with a comma" if n % 4 == 0 else "",
                    "yellow",
                    "",
                    "location",
                    str(100 + n),
                    f"2024-{1 + document % 12:02d}-{1 + n % 28:02d} 10:00:00+00:00",
                    "books",
                    "" if document % 2 else f"https://reader.example/{document}",
                ]
            )


def run_import(workspace: Path, export: Path) -> dict:
    """`newsletter import EXPORT` in a fresh process: wall and CPU seconds, peak RSS, what it said."""
    command = [sys.executable, "-m", "newsletter", "-w", str(workspace), "import", str(export)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    said = process.stderr.read().strip().splitlines()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"import failed: {said[-1] if said else process.returncode}")
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,
        "summary": said[-1] if said else "",
        "entries": sum(1 for _ in (workspace / "entries").rglob("*.md")),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookmarks", type=int, default=20_000)
    parser.add_argument("--highlights", type=int, default=5_000)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        folder = Path(folder)
        exports = [
            (f"{args.bookmarks:,}-bookmark HTML export", folder / "bookmarks.html", bookmarks_html, args.bookmarks),
            (f"{args.highlights:,}-highlight Readwise CSV", folder / "readwise.csv", readwise_csv, args.highlights),
        ]
        for label, path, make, count in exports:
            make(path, count)
            workspace = folder / path.stem
            workspace.mkdir()
            (workspace / "newsletter.toml").write_text(SETTINGS)
            first, again = run_import(workspace, path), run_import(workspace, path)
            size = f"{path.stat().st_size / 1e6:.1f} MB"
            rows.append((f"import {label} ({size}), empty log", first))
            rows.append(("  again: the sync run, nothing new", again))
    print("| benchmark | wall s | CPU s | peak RSS MB | entries in log | notes |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for label, row in rows:
        print(
            f"| {label} | {row['wall']:.2f} | {row['cpu']:.2f} | {row['rss_mb']:.0f} | {row['entries']:,} | "
            f"{row['summary'][:90]} |"
        )


if __name__ == "__main__":
    main()
