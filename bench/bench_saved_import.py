"""How long `newsletter import FILE` takes on big exports, and how much memory: one command, one table.

Generates, in a temporary folder, a 20,000-bookmark Netscape HTML export (what browsers,
Pinboard, Raindrop.io and Pocket write; titles, tags, descriptions with non-ASCII text) and a
5,000-highlight Readwise CSV (500 documents of 10 highlights, quotes and newlines in fields),
then imports each into an empty workspace in a fresh process (`newsletter import`, the real
command): wall time, CPU time (user and system), peak RSS (the process's ru_maxrss), entries
written. Then the same import again: the sync run, where everything is already in the log and
nothing is written.
Nothing is fetched: import never uses the network.

With `--against DIR` (a `newsletter` package of another revision, e.g. from
`git archive main newsletter | tar -x -C /tmp/before`), every import also runs with that code,
alternately with this tree's, and the table shows both and the ratio: on a shared machine,
figures from one run are the ones to compare. `--in /dev/shm` leaves the disk out: creating files
costs what the file system makes it cost (on a disk shared with jobs that delete many files, ext4
can take a millisecond per new file), which no change to import can make cheaper.

    .venv/bin/python bench/bench_saved_import.py [--bookmarks 20000] [--highlights 5000] [--against DIR] [--in DIR]
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


def run_import(workspace: Path, export: Path, code: Path | None = None) -> dict:
    """`newsletter import EXPORT` in a fresh process (with the package in `code`, if given):
    wall and CPU seconds, peak RSS, what it said."""
    command = [sys.executable, "-m", "newsletter", "-w", str(workspace), "import", str(export)]
    env = dict(os.environ, PYTHONPATH=str(code)) if code else None
    started = time.perf_counter()
    process = subprocess.Popen(  # run from the workspace: `-m` puts the current folder first on sys.path
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, cwd=workspace
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    said = process.stderr.read().strip().splitlines()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"import failed: {said[-1] if said else process.returncode}")
    return {
        "wall": wall,
        "user": usage.ru_utime,
        "sys": usage.ru_stime,
        "rss_mb": usage.ru_maxrss / 1024,
        "summary": said[-1] if said else "",
        "entries": sum(1 for _ in (workspace / "entries").rglob("*.md")),
    }


def disk_floor(folder: Path, count: int, months: int = 24) -> dict:
    """Creating `count` files of 400 bytes in `months` folders and nothing else: what the disk
    alone costs an import that writes as many entries, measured at the same time (on a shared
    machine this swings from under one second to over ten)."""
    started, before = time.perf_counter(), os.times()
    for month in range(months):
        (folder / f"{month:02d}").mkdir(parents=True)
    for n in range(count):
        handle = os.open(
            folder / f"{n * months // count:02d}" / f"a-slug-of-some-words-{n}.md", os.O_CREAT | os.O_EXCL | os.O_WRONLY
        )
        os.write(handle, b"x" * 400)
        os.close(handle)
    after = os.times()
    return {
        "wall": time.perf_counter() - started,
        "user": after.user - before.user,
        "sys": after.system - before.system,
        "rss_mb": 0,
        "summary": "for reference: the disk's share of the first run",
        "entries": count,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookmarks", type=int, default=20_000)
    parser.add_argument("--highlights", type=int, default=5_000)
    parser.add_argument("--against", type=Path, help="a folder holding another revision's newsletter package")
    parser.add_argument(
        "--in", dest="under", type=Path, help="where the workspaces go (default: the temp folder; /dev/shm: no disk)"
    )
    args = parser.parse_args()
    codes = [args.against.resolve(), None] if args.against else [None]
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-import-", dir=args.under) as folder:
        folder = Path(folder)
        exports = [
            (f"{args.bookmarks:,}-bookmark HTML export", folder / "bookmarks.html", bookmarks_html, args.bookmarks),
            (f"{args.highlights:,}-highlight Readwise CSV", folder / "readwise.csv", readwise_csv, args.highlights),
        ]
        for label, path, make, count in exports:
            make(path, count)
            workspaces = []
            for number, _ in enumerate(codes):
                workspace = folder / f"{path.stem}-{number}"
                workspace.mkdir()
                (workspace / "newsletter.toml").write_text(SETTINGS)
                workspaces.append(workspace)
            # Alternately, so both meet the same load: every first run, then every sync run.
            first = [run_import(workspace, path, code) for workspace, code in zip(workspaces, codes, strict=True)]
            again = [run_import(workspace, path, code) for workspace, code in zip(workspaces, codes, strict=True)]
            size = f"{path.stat().st_size / 1e6:.1f} MB"
            rows.append((f"import {label} ({size}), empty log", first))
            rows.append(("  again: the sync run, nothing new", again))
            if path.suffix == ".html":
                floor = disk_floor(folder / "floor", count)
                rows.append((f"  create {count:,} files of 400 bytes, nothing else", [floor] * len(codes)))
    if args.against:
        print(f"before: {args.against}; after: this tree")
        print(
            "| benchmark | wall s before | wall s after | ratio | user s before | user s after | sys s after | notes |"
        )
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        for label, (before, row) in rows:
            print(
                f"| {label} | {before['wall']:.2f} | {row['wall']:.2f} | {before['wall'] / row['wall']:.1f}x | "
                f"{before['user']:.2f} | {row['user']:.2f} | {row['sys']:.2f} | {row['summary'][:70]} |"
            )
        return
    print("| benchmark | wall s | user s | sys s | peak RSS MB | entries in log | notes |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for label, (row,) in rows:
        print(
            f"| {label} | {row['wall']:.2f} | {row['user']:.2f} | {row['sys']:.2f} | {row['rss_mb']:.0f} | "
            f"{row['entries']:,} | {row['summary'][:90]} |"
        )


if __name__ == "__main__":
    main()
