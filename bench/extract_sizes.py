"""Does extraction stay linear in a page's size? Pages of 10 KB to 5 MB made of real markup.

    python bench/extract_sizes.py [NAEB_DIR] [--counts] [--repeat 3]

Issue 11 asks that no page's extraction grow worse than linearly with its size. From each of a
few real pages (NAEB's, at the 25th, 50th and 75th percentile of size; tests/pages' news and
WordPress pages without the folder) two shapes are grown to each size:

- "story": the page's head (its meta tags, JSON-LD, title) and its headline's neighbourhood
  (the <h1> with its byline, date and first paragraphs, as the parser serialises it: balanced
  markup) repeated in the body, as a front page of many stories or an endless scroll is;
- "body": the page's whole <body> markup repeated, scripts, styles and all.

Each row gives the milliseconds of CPU time (best of --repeat) and, relative to the smallest
size, the growth of time per byte: linear means "per KB" stays flat (or falls, as fixed costs
spread). `--counts` adds instructions counted by valgrind's cachegrind for the story shapes (one run
per size, less the same run without the extraction): the machine being shared, counts are the
steadier measure. Nothing is downloaded; without the folder the saved test pages are used.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from selectolax.lexbor import LexborHTMLParser  # noqa: E402

from newsletter.links.byline import near_headline  # noqa: E402
from newsletter.links.extract import extract_metadata  # noqa: E402

SIZES = [10_000, 20_000, 50_000, 100_000, 500_000, 1_000_000, 2_000_000, 5_000_000]
_BODY = re.compile(rb"<body[^>]*>", re.I)


def bases(folder: Path | None) -> list[tuple[str, str, bytes]]:
    """(name, url, page bytes) of the real pages the sizes are grown from."""
    if folder is None or not (folder / "news_articles.json").exists():
        pages = REPO / "tests" / "pages"
        expected = json.loads((pages / "expected.json").read_text(encoding="utf-8"))
        by_file = {e["file"]: url for url, e in expected.items()}
        return [(f, by_file[f], (pages / f).read_bytes()) for f in ("news-article.html", "wordpress-yoast.html")]
    items = json.loads((folder / "news_articles.json").read_text(encoding="utf-8"))
    present = [(i, folder / "html" / f"{i['html_file']}.html") for i in items]
    present = sorted(((i, p) for i, p in present if p.exists()), key=lambda ip: ip[1].stat().st_size)
    picked = [present[len(present) * q // 4] for q in (1, 2, 3)]
    return [(i["html_file"][:8], i["link"], p.read_bytes()) for i, p in picked]


def shapes(page: bytes) -> dict[str, tuple[bytes, bytes, bytes]]:
    """Each shape's (before, unit, after): a page of n units is before + unit * n + after."""
    m = _BODY.search(page)
    head, body = (page[: m.end()], page[m.end() :]) if m else (b"<html><body>", page)
    end = body.lower().rfind(b"</body>")
    body = body[:end] if end >= 0 else body
    tree = LexborHTMLParser(page)
    h1 = tree.css_first("h1")
    story = near_headline(h1).html.encode() if h1 is not None else body[:20_000]
    # the head's facts without its scripts and styles, so that the story shape starts small
    facts = "".join(n.html for n in tree.css('head > meta, head > link, head > title, script[type*="ld+json"]'))
    lang = (tree.root.attributes.get("lang") or "en") if tree.root is not None else "en"
    slim = f'<!DOCTYPE html><html lang="{lang}"><head>{facts}</head><body>'.encode()
    return {"story": (slim, story, b"</body></html>"), "body": (head, body, b"</body></html>")}


def grown(before: bytes, unit: bytes, after: bytes, size: int) -> bytes | None:
    """A page of about `size` bytes, or None when even one unit makes it larger."""
    room = size - len(before) - len(after)
    return before + unit * (room // len(unit)) + after if room >= len(unit) else None


def cpu_ms(html: bytes, url: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        extract_metadata(html, url)
        best = min(best, time.process_time() - start)
    return best * 1000


def instructions(path: Path, url: str) -> int:
    """Instructions of one extraction of the page at `path`, less those of the same run without it."""

    def run(extract: bool) -> int:
        with tempfile.NamedTemporaryFile(suffix=".cg") as out:
            code = (
                f"import sys; sys.path.insert(0, {str(REPO)!r})\n"
                "from newsletter.links.extract import extract_metadata\n"
                f"html = open({str(path)!r}, 'rb').read()\n"
                "extract_metadata(b'<title>warm</title>', 'https://example.com/')\n"
                + (f"extract_metadata(html, {url!r})\n" if extract else "")
            )
            cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={out.name}"]
            subprocess.run([*cmd, sys.executable, "-c", code], check=True, capture_output=True)
            summary = next(line for line in Path(out.name).read_text().splitlines() if line.startswith("summary:"))
            return int(summary.split()[1])

    return run(True) - run(False)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", default=os.environ.get("NAEB_DIR"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--counts", action="store_true", help="instruction counts too (valgrind)")
    args = parser.parse_args(argv)
    if args.counts and not shutil.which("valgrind"):
        print("valgrind not found: instruction counts left out")
        args.counts = False
    for name, url, page in bases(Path(args.folder) if args.folder else None):
        for shape, parts in shapes(page).items():
            counted = args.counts and shape == "story"
            print(f"\n{name} ({len(page) / 1e3:.0f} KB), {shape}: unit of {len(parts[1]) / 1e3:.1f} KB")
            print(f"{'size KB':>9}{'ms':>10}{'ms/100 KB':>11}" + (f"{'M instr':>10}{'instr/B':>9}" if counted else ""))
            for size in SIZES:
                html = grown(*parts, size)
                if html is None:
                    continue
                ms = cpu_ms(html, url, args.repeat)
                line = f"{len(html) / 1e3:>9.0f}{ms:>10.2f}{ms / len(html) * 1e5:>11.3f}"
                if counted:
                    with tempfile.NamedTemporaryFile(suffix=".html") as f:
                        f.write(html)
                        f.flush()
                        count = instructions(Path(f.name), url)
                    line += f"{count / 1e6:>10.1f}{count / len(html):>9.1f}"
                print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
