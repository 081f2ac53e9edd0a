"""The smart extra on a 10,000-entry archive: index, re-index, search, related, quotes. One table.

    python bench/bench_smart.py [--entries 10000] [--runs 15] [--keep DIR]

Whole commands in their own processes, on at most 2 cores (taskset when present). Times that
are judged against `python -c pass` are measured side by side with it, interleaved run by run,
so a busy machine slows both alike; the ratio of medians is what the target is about.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from harness import peak_rss  # noqa: E402
from workspace import make_workspace  # noqa: E402

PY = sys.executable
CLI = str(Path(PY).with_name("newsletter"))
CORES = ["taskset", "-c", "0,1"] if shutil.which("taskset") and (os.cpu_count() or 1) >= 2 else []
TRANSCRIPT = HERE.parent / "tests" / "texts" / "reading-talkpython-359-transcript.txt"


def timed(argv: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one whole command, from its own rusage."""
    start = time.perf_counter()
    child = subprocess.Popen(CORES + argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"{argv} failed")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def side_by_side(argv: list[str], cwd: Path, runs: int) -> dict[str, tuple[float, float]]:
    """Medians of (wall, CPU) for the command, `newsletter --help` and `python -c pass`, interleaved."""
    commands = {"ours": argv, "help": [CLI, "--help"], "pass": [PY, "-c", "pass"]}
    for command in commands.values():
        timed(command, cwd)  # warm the page cache
    runs_of: dict[str, list] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            runs_of[name].append(timed(command, cwd))
    return {
        name: (statistics.median(r[0] for r in found), statistics.median(r[1] for r in found))
        for name, found in runs_of.items()
    }


def make_japanese(root: Path, count: int) -> None:
    """A Japanese log of `count` entries, notes of 4 to 30 sentences drawn from the tests' log."""
    import random
    import re

    sys.path.insert(0, str(HERE.parent / "tests"))
    from smart_cjk_data import CJK_TOPICS

    items = [item for entries in CJK_TOPICS.values() for item in entries]
    sentences = [part + "。" for *_, notes in items for part in re.split("。", notes) if part]
    chosen = random.Random(0)
    (root / "entries").mkdir(parents=True, exist_ok=True)
    (root / "newsletter.toml").write_text('[newsletter]\nname = "読書メモ"\nlanguage = "ja"\n', encoding="utf-8")
    for n in range(count):
        year, month = 2000 + n // 600, (n // 50) % 12 + 1
        folder = root / "entries" / str(year) / f"{month:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        notes = "".join(chosen.choice(sentences) for _ in range(chosen.randint(4, 30)))
        (folder / f"e{n}.md").write_text(
            f"---\ntype: article\nurl: https://example.jp/{n}\ndate: {year}-{month:02d}-01\n"
            f'title: "{chosen.choice(items)[1]}"\n---\n{notes}\n',
            encoding="utf-8",
        )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--japanese", type=int, default=2000, help="entries of the Japanese log")
    parser.add_argument("--keep", type=Path, default=None, help="build the workspace here and keep it")
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="bench-smart-"))
    root = base / "ws"
    make_workspace(root, args.entries, per_month=50)
    rows = []

    subprocess.run(
        [PY, "-m", "compileall", "-q", str(HERE.parent / "newsletter")], check=True, stdout=subprocess.DEVNULL
    )  # as an install does: imports then read bytecode, not source
    seconds, rss, _ = peak_rss(
        [shutil.which("taskset"), "-c", "0,1", CLI, "-w", str(root), "index"]
        if CORES
        else [CLI, "-w", str(root), "index"]
    )
    cpu = _children_cpu()
    rows.append(
        (
            f"index, {args.entries:,} entries, from scratch",
            f"{seconds:.1f} s",
            "≤ 60 s",
            seconds <= 60,
            f"CPU {cpu:.1f} s; peak RSS {rss:.0f} MB (≤ 400 MB: {'pass' if rss <= 400 else 'FAIL'})",
        )
    )

    month = sorted((root / "entries").glob("*/*"))[-1]
    for path in month.glob("[!_]*.md"):
        path.write_text(path.read_text() + "\nOne more line, written later.\n")
    before = _children_cpu()
    seconds, rss, _ = peak_rss([CLI, "-w", str(root), "index"])
    cpu = _children_cpu() - before
    changed = len(list(month.glob("[!_]*.md")))
    rows.append(
        (
            f"re-index after one month changed ({changed} entries)",
            f"{seconds:.2f} s",
            "≤ 2 s",
            seconds <= 2,
            f"CPU {cpu:.2f} s; peak RSS {rss:.0f} MB",
        )
    )

    entry = sorted(month.glob("[!_]*.md"))[0].relative_to(root)
    for label, argv in (
        ("search 'bayesian inference at scale'", [CLI, "search", "bayesian", "inference", "at", "scale"]),
        (f"related {entry.name}", [CLI, "related", str(entry)]),
        ("related 'deploying models to production'", [CLI, "related", "deploying models to production"]),
    ):
        m = side_by_side(argv, root, args.runs)
        ratio = m["ours"][0] / m["pass"][0]
        rows.append(
            (
                f"{label} (whole command)",
                f"{m['ours'][0] * 1000:.0f} ms",
                "≤ 5× python -c pass",
                ratio <= 5,
                f"ratio {ratio:.1f}× (CPU {m['ours'][1] / m['pass'][1]:.1f}×); python -c pass "
                f"{m['pass'][0] * 1000:.0f} ms, `newsletter --help` {m['help'][0] * 1000:.0f} ms "
                f"({m['help'][0] / m['pass'][0]:.1f}×); median of {args.runs}, interleaved",
            )
        )

    # Japanese: the character pairs and hashed vectors cost what the English rows above do not
    japanese = base / "ja"
    make_japanese(japanese, args.japanese)
    before = _children_cpu()
    seconds, rss, _ = peak_rss(
        [shutil.which("taskset"), "-c", "0,1", CLI, "-w", str(japanese), "index"]
        if CORES
        else [CLI, "-w", str(japanese), "index"]
    )
    rows.append(
        (
            f"index, {args.japanese:,} Japanese entries, from scratch",
            f"{seconds:.1f} s",
            "linear",
            True,
            f"CPU {_children_cpu() - before:.1f} s; peak RSS {rss:.0f} MB",
        )
    )
    m = side_by_side([CLI, "search", "機械学習"], japanese, args.runs)
    ratio = m["ours"][0] / m["pass"][0]
    rows.append(
        (
            "search '機械学習', Japanese log (whole command)",
            f"{m['ours'][0] * 1000:.0f} ms",
            "≤ 5× python -c pass",
            ratio <= 5,
            f"ratio {ratio:.1f}× (CPU {m['ours'][1] / m['pass'][1]:.1f}×); median of {args.runs}, interleaved",
        )
    )

    times = [timed([CLI, "quotes", str(TRANSCRIPT)], root) for _ in range(5)]
    seconds = statistics.median(t[0] for t in times)
    rows.append(
        (
            "quotes, 68 KB transcript (whole command)",
            f"{seconds:.2f} s",
            "≤ 1 s",
            seconds <= 1,
            f"median of 5, model load included; CPU {statistics.median(t[1] for t in times):.2f} s",
        )
    )

    print("| measure | value | target | | notes |\n|---|---|---|---|---|")
    for name, value, target, ok, notes in rows:
        print(f"| {name} | {value} | {target} | {'pass' if ok else 'FAIL'} | {notes} |")
    print(
        f"\n{os.cpu_count()} cores seen, {'taskset -c 0,1' if CORES else 'no taskset'}; "
        f"load average {os.getloadavg()[0]:.1f}",
        file=sys.stderr,
    )
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
