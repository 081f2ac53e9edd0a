"""`newsletter review YEAR` over large archives: time and peak memory, as whole commands.

Two synthetic workspaces (bench/workspace.py): the 10,000-entry archive at 50 entries a month
(a review reads only its year's 600 entries), and one year holding all 10,000 (the worst
case: every entry counted and charted). Offline, so the cache and front matter are all it
uses. Each is run as its own process; peak RSS is that process's, interpreter included.

    python bench/bench_review.py [--quick]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from workspace import make_workspace  # noqa: E402

NEWSLETTER = [sys.executable, "-m", "newsletter"]


# Runs the command as its only child, so RUSAGE_CHILDREN's peak is that command's alone.
WRAPPER = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True); "
    "sys.stderr.buffer.write(done.stderr); "
    "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def measure(args: list[str], cwd: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MB) of one whole command."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", WRAPPER, *NEWSLETTER, *args], cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    code, peak = done.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    return seconds, int(peak) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 entries instead of 10,000")
    args = parser.parse_args()
    total = 1_000 if args.quick else 10_000
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        archive = make_workspace(Path(tmp) / "archive", total, per_month=50, first_month="2010-01")
        one_year = make_workspace(Path(tmp) / "year", total, per_month=-(-total // 12), first_month="2021-01")
        made = time.perf_counter() - start
        bare = measure(["--version"], Path(tmp))
        for label, info, year in (
            (f"{total:,}-entry archive, 50 a month: one year (600 entries)", archive, "2010"),
            (f"one year of {total:,} entries", one_year, "2021"),
        ):
            seconds, peak = measure(["review", year, "--offline"], info["root"])
            rows.append((f"`newsletter review {year} --offline`, {label}", seconds, peak))
    print(f"workspaces made in {made:.1f} s; `newsletter --version` {bare[0] * 1000:.0f} ms, {bare[1]:.0f} MB")
    print("| benchmark | seconds | peak RSS (MB) | × `--version` |")
    print("| --- | ---: | ---: | ---: |")
    for label, seconds, peak in rows:
        print(f"| {label} | {seconds:.2f} | {peak:.0f} | {seconds / bare[0]:.1f} |")


if __name__ == "__main__":
    os.environ.setdefault("MPLBACKEND", "Agg")
    main()
