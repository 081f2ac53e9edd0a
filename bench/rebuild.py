"""Rebuild every monthly edition of a workspace in one Python process, as a user's script would.

Calls `newsletter.build.build(root, "YYYY-MM", offline=True)` for each month folder under
entries/, then builds one probe month a few more times to time it alone and to count the
files it opens under entries/ (through an audit hook on `open`: a one-month build must read
that month's files only, however large the archive). Prints one JSON object:

    {"entries", "months", "seconds", "cpu_seconds", "import_seconds", "per_month_ms": [...],
     "peak_rss_mb", "probe": {"month", "median_ms", "cpu_median_ms", "runs_ms", "entries_opened", ...}}

`seconds` includes importing the package (a script pays for it too); `cpu_seconds` is the same
span in CPU time (steadier than wall time on a busy machine); `peak_rss_mb` is this process's
ru_maxrss, interpreter included.

    python bench/rebuild.py WORKSPACE [--probe 2021-02] [--probe-runs 5] [--probe-only]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--probe", default=None, help="the month to time alone (default: the first)")
    parser.add_argument("--probe-runs", type=int, default=5)
    parser.add_argument("--probe-only", action="store_true", help="skip the full rebuild (one warm-up build)")
    args = parser.parse_args()
    root = args.root.resolve()
    entries_dir = root / "entries"
    months = sorted(
        f"{year.name}-{month.name}"
        for year in entries_dir.iterdir()
        if year.is_dir()
        for month in year.iterdir()
        if month.is_dir()
    )
    count = sum(1 for path in entries_dir.rglob("*.md") if not path.name.startswith("_"))

    start, cpu_start = time.perf_counter(), time.process_time()
    from newsletter.build import build

    imported = time.perf_counter()
    per_month = []
    for month in months[:1] if args.probe_only else months:
        before = time.perf_counter()
        result = build(root, month, offline=True)
        per_month.append((time.perf_counter() - before) * 1000)
        if result.failures:
            sys.exit(f"{month}: {len(result.failures)} links not in the cache; seed it first")
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start

    probe = args.probe or months[0]
    opened: list[str] = []
    prefix = str(entries_dir)

    def audit(event: str, payload: tuple) -> None:
        if event == "open" and isinstance(payload[0], str | Path) and str(payload[0]).startswith(prefix):
            opened.append(str(payload[0]))

    runs, cpu_runs = [], []
    for run in range(args.probe_runs):
        if run == 0:
            sys.addaudithook(audit)  # hooks cannot be removed; it only appends to a list
        opened_before = len(opened)
        before, cpu_before = time.perf_counter(), time.process_time()
        build(root, probe, offline=True)
        runs.append((time.perf_counter() - before) * 1000)
        cpu_runs.append((time.process_time() - cpu_before) * 1000)
        if run == 0:
            first_run_opened = opened[opened_before:]
    year, month = probe.split("-")
    print(
        json.dumps(
            {
                "entries": count,
                "months": len(months),
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "import_seconds": imported - start,
                "per_month_ms": per_month,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "probe": {
                    "month": probe,
                    "median_ms": statistics.median(runs),
                    "cpu_median_ms": statistics.median(cpu_runs),
                    "runs_ms": runs,
                    "entries_opened": len(first_run_opened),
                    "distinct_entries_opened": len(set(first_run_opened)),
                    "outside_month": sorted(
                        {p for p in first_run_opened if not p.startswith(str(entries_dir / year / month))}
                    ),
                    "month_files": len(list((entries_dir / year / month).glob("*.md"))),
                },
            }
        )
    )


if __name__ == "__main__":
    main()
