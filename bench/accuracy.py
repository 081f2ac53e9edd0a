"""Metadata accuracy on a human-labelled public corpus, ours beside trafilatura, in one run.

    python bench/accuracy.py [NAEB_DIR]        # or NAEB_DIR=... python bench/accuracy.py

NAEB_DIR is a local copy of the NAEB article-extraction dataset
(github.com/AndyTheFactory/article-extraction-dataset: `news_articles.json` and `html/`).
This script downloads nothing: without the folder it prints a note and exits 0. Get the data
once, outside the repository (it is never committed), e.g. by cloning that repository.
trafilatura comes with the `bench` extra; without it only our column is printed.

Any other labelled pool is measured the same way when laid out as NAEB is: FOLDER/html/ID.html
and FOLDER/news_articles.json, a list of {"html_file": ID, "link", "title", "authors", "date"}
(authors one string, names split as below). A label of null means the corpus does not say:
that page is left out of that field ("" for authors says the page names no one). An item's
optional "corpus" key adds one table per corpus after the pooled one.

Matching rules, exactly as issue 11 states them:

- title: right when the extracted title *contains* the labelled title, both after NFKC,
  case-folding and turning punctuation into spaces (whitespace then collapsed).
- authors: right when the two *sets* of names are equal; each side is split on `; , | &`
  and on the words "and"/"und", accents folded, case-folded. An empty label is matched only
  by no authors at all. Reported over all pages, and over the pages whose label names someone.
- published: right when it is the same calendar day, allowing for time zones: a date alone
  must be that day; a time with an offset (or "Z") names an instant, right when that instant
  falls on the labelled day in some time zone in use (UTC-12 to UTC+14); a time without an
  offset counts on the day it was written.
  Pages with no labelled date are left out of this field.
- spurious authors: among pages whose author label is explicitly empty, the share where the
  tool returned an author anyway (lower is better).

Speed: median and p95 milliseconds per page for each tool, from bytes to metadata, the best of
`--repeat` runs per page, both tools on the same page one after the other. The clock is the
process's CPU time (time.process_time), so other work on a shared machine does not count.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import statistics
import sys
import time
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsletter.links.extract import extract_metadata  # noqa: E402

# --- Matching rules -----------------------------------------------------------------


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def norm_title(text: str | None) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = "".join(" " if unicodedata.category(ch).startswith("P") else ch for ch in text)
    return " ".join(text.split())


def title_right(got: str | None, label: str) -> bool:
    want = norm_title(label)
    return bool(want) and want in norm_title(got)


_NAME_SPLIT = re.compile(r"[;,|&]|\b(?:and|und)\b", re.I)


def name_set(value) -> frozenset[str]:
    if isinstance(value, (list, tuple)):
        value = "; ".join(v for v in value if v)
    parts = _NAME_SPLIT.split(_fold(value or ""))
    return frozenset(" ".join(p.split()) for p in parts if p.strip())


def _days(value: str | None) -> set[dt.date]:
    """The calendar days a returned date may stand for: as written and, with an offset, UTC."""
    if not value:
        return set()
    text = str(value).strip().replace("Z", "+00:00")
    try:
        stamp = dt.datetime.fromisoformat(text)
    except ValueError:
        m = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
        if not m:
            return set()
        try:
            return {dt.date(*map(int, m.groups()))}
        except ValueError:
            return set()
    if stamp.tzinfo is None:
        return {stamp.date()}
    utc = stamp.astimezone(dt.UTC).replace(tzinfo=None)
    first, last = (utc - dt.timedelta(hours=12)).date(), (utc + dt.timedelta(hours=14)).date()
    return {first + dt.timedelta(days=n) for n in range((last - first).days + 1)}


def date_right(got: str | None, label: str) -> bool:
    want = _days(label)
    return bool(want) and bool(want & _days(got))


# --- The tools ------------------------------------------------------------------------


def ours(html: bytes, url: str) -> dict:
    meta = extract_metadata(html, url)
    return {"title": meta.title, "authors": meta.authors, "date": meta.published}


def _trafilatura():
    try:
        from trafilatura.metadata import extract_metadata as traf
    except ImportError:
        return None

    def run(html: bytes, url: str) -> dict:
        doc = traf(html, default_url=url)
        if doc is None:
            return {"title": None, "authors": None, "date": None}
        return {"title": doc.title, "authors": doc.author, "date": doc.date}

    return run


# --- The run ------------------------------------------------------------------------


def load(root: Path) -> tuple[list[dict], list[str]]:
    labels = json.loads((root / "news_articles.json").read_text(encoding="utf-8"))
    present, missing = [], []
    for item in labels:
        path = root / "html" / f"{item['html_file']}.html"
        (present if path.exists() else missing).append(item)
    return present, [m["html_file"] for m in missing]


def measure(tools: dict, pages: list[tuple[dict, bytes]], repeat: int) -> tuple[dict, dict]:
    """Each tool's results and CPU ms per page, the tools taking turns page by page: a busy
    spell of this shared machine slows both alike, so their ratio holds."""
    results: dict = {name: [] for name in tools}
    times: dict = {name: [] for name in tools}
    for item, html in pages:
        for name, tool in tools.items():
            best = float("inf")
            for _ in range(repeat):
                start = time.process_time()
                out = tool(html, item["link"])
                best = min(best, time.process_time() - start)
            results[name].append(out)
            times[name].append(best * 1000)
    return results, times


def score(pages, results) -> dict[str, tuple[int, int]]:
    counts = {k: [0, 0] for k in ("title", "authors", "authors (labelled)", "published", "spurious")}

    def add(field, ok):
        counts[field][0] += bool(ok)
        counts[field][1] += 1

    for (item, _), got in zip(pages, results, strict=True):
        if item["title"] is not None:
            add("title", title_right(got["title"], item["title"]))
        if item["authors"] is not None:
            want, have = name_set(item["authors"]), name_set(got["authors"])
            add("authors", want == have)
            if want:
                add("authors (labelled)", want == have)
            else:
                add("spurious", bool(have))
        if item["date"]:
            add("published", date_right(got["date"], item["date"]))
    return {k: tuple(v) for k, v in counts.items()}


def p95(values: list[float]) -> float:
    return sorted(values)[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", default=os.environ.get("NAEB_DIR"))
    parser.add_argument("--repeat", type=int, default=3, help="runs per page; the best counts")
    parser.add_argument("--misses", metavar="FIELD", help="list our misses on FIELD")
    args = parser.parse_args(argv)
    root = Path(args.folder) if args.folder else None
    if root is None or not (root / "news_articles.json").exists():
        print("NAEB corpus not found (pass its folder or set NAEB_DIR): accuracy bench skipped")
        return 0
    present, missing = load(root)
    pages = [(item, (root / "html" / f"{item['html_file']}.html").read_bytes()) for item in present]
    print(f"{root.name}: {len(present)} pages measured, {len(missing)} missing: " + ", ".join(missing))
    tools = {"newsletter": ours}
    if traf := _trafilatura():
        tools["trafilatura"] = traf
    else:
        print("trafilatura not installed (pip install -e '.[bench]'): its column is left out")
    for tool in tools.values():  # warm up imports and caches outside the timings
        tool(pages[0][1], pages[0][0]["link"])
    results, timing = measure(tools, pages, args.repeat)
    scored = {name: score(pages, results[name]) for name in tools}
    if args.misses:
        show_misses(pages, results["newsletter"], args.misses)
    names = list(tools)
    print_table("", names, scored)
    for corpus in sorted({item.get("corpus") for item, _ in pages} - {None}):
        mine = [i for i, (item, _) in enumerate(pages) if item.get("corpus") == corpus]
        print_table(
            f"{corpus} ({len(mine)} pages)",
            names,
            {n: score([pages[i] for i in mine], [results[n][i] for i in mine]) for n in names},
        )
    for label, fn in (("median ms/page", statistics.median), ("p95 ms/page", p95)):
        print(f"{label:<20}" + "".join(f"{fn(timing[n]):>22.2f}" for n in names))
    sizes = [len(html) for _, html in pages]
    worst = max(t / max(s / 1e5, 0.01) for t, s in zip(timing["newsletter"], sizes, strict=True))
    print(f"{'worst ms per 100 KB':<20}{worst:>22.2f}   (newsletter; linear means this stays flat)")
    return 0


def print_table(heading: str, names: list[str], scored: dict) -> None:
    print(f"\n{heading:<20}" if heading else "")
    print(f"{'field':<20}" + "".join(f"{n:>22}" for n in names))
    for field in scored[names[0]]:
        cells = []
        for n in names:
            right, total = scored[n][field]
            cells.append(f"{100 * right / max(total, 1):6.1f} % ({right:>3}/{total:<3})")
        print(f"{field:<20}" + "".join(f"{c:>22}" for c in cells))


def show_misses(pages, results, field: str) -> None:
    for (item, _), got in zip(pages, results, strict=True):
        if field == "title" and item["title"] is not None and not title_right(got["title"], item["title"]):
            print(f"TITLE {item['html_file']} {item['link'][:70]} want={item['title']!r} got={got['title']!r}")
        elif (
            field == "authors" and item["authors"] is not None and name_set(item["authors"]) != name_set(got["authors"])
        ):
            print(f"AUTH {item['html_file']} {item['link'][:70]} want={item['authors']!r} got={got['authors']!r}")
        elif field == "published" and item["date"] and not date_right(got["date"], item["date"]):
            print(f"DATE {item['html_file']} {item['link'][:70]} want={item['date']!r} got={got['date']!r}")


if __name__ == "__main__":
    sys.exit(main())
