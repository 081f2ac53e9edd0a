"""How `build --all` spreads its work over the cores: one run in this process, its editions in
the command's own worker processes, each edition's time taken where it ran.

On a shared machine the wall time of `build --all` measures the neighbours as much as the
build. This says where each worker's time went, from Linux's /proc/self/schedstat: running
(CPU), waiting for a core (runqueue: other processes had them), and neither (blocked: the disk,
a lock); and what ran before the first edition and after the last (the parent's serial part),
and how long each worker sat idle at the end (imbalance). The first run also says how long this
process took to start and import the command (the interpreter's start, read from /proc, to the
first line of `main`), which a `newsletter build --all` at a terminal waits for too, and the wall
time from the process's start to the end of that run.

    python bench/build_all_split.py WORKSPACE [--jobs 2] [--runs 1]

Outputs are cleared first, as bench/run.py does (every file written, as after a template change).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from harness import clear_outputs  # noqa: E402

import newsletter.commands.build as command  # noqa: E402


def _process_start() -> float:
    """When this process started, in time.time()'s seconds: its age from /proc (its start in
    clock ticks after boot, the 22nd field of /proc/self/stat, against /proc/uptime), to within
    a tick (10 ms). The boot's time in /proc/stat (btime) is in whole seconds, too coarse."""
    fields = Path("/proc/self/stat").read_text().rpartition(")")[2].split()  # (a name may hold spaces)
    started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22; fields[0] is the 3rd
    up, now = float(Path("/proc/uptime").read_text().split()[0]), time.time()
    return now - (up - started)


def _schedstat() -> tuple[float, float]:
    """(seconds on a CPU, seconds waiting for one) of this process so far."""
    running, waiting, _ = Path("/proc/self/schedstat").read_text().split()
    return int(running) / 1e9, int(waiting) / 1e9


def _timed(log: str):
    """`command._build_in_worker`, noting each edition's wall, CPU and runqueue seconds in `log`
    (the workers are forked, so they run this wrapper; pickled by its module's name)."""
    build_in_worker = command._build_in_worker

    def _build_in_worker(period, nav, unsure):
        start, (cpu, waited) = time.time(), _schedstat()
        try:
            return build_in_worker(period, nav, unsure)
        finally:
            end, (cpu_end, waited_end) = time.time(), _schedstat()
            line = f"{os.getpid()} {start:.6f} {end:.6f} {cpu_end - cpu:.6f} {waited_end - waited:.6f}\n"
            with open(log, "a") as out:  # one short append a line: the workers' lines do not mix
                out.write(line)

    _build_in_worker.__module__, _build_in_worker.__qualname__ = command.__name__, "_build_in_worker"
    return _build_in_worker


def one_run(root: Path, jobs: int, started: tuple[float, float] | None = None) -> str:
    """One `build --all`, described; `started`: (when the process started, when `main` began),
    for the first run, whose process start and imports a command run would have waited for."""
    clear_outputs(root)
    with tempfile.TemporaryDirectory() as folder:
        log = os.path.join(folder, "editions")
        original, command._build_in_worker = command._build_in_worker, _timed(log)
        try:
            start = time.time()
            summaries = command.build_all(root, offline=True, jobs=jobs)
            end = time.time()
        finally:
            command._build_in_worker = original
        rows = [line.split() for line in Path(log).read_text().splitlines()] if os.path.exists(log) else []
    begun = ""
    if started:  # (the outputs' clearing, the bench's own, is left out of the wall time)
        imports = started[1] - started[0]
        begun = f"; the process's start and imports before it {imports:.2f} s, {imports + end - start:.2f} s in all"
    if not rows:
        return f"{len(summaries)} editions in {end - start:.2f} s, none in a worker (--jobs 1){begun}"
    workers: dict[str, list[list[float]]] = {}
    for pid, *numbers in rows:
        workers.setdefault(pid, []).append([float(n) for n in numbers])
    first, last = min(r[0] for w in workers.values() for r in w), max(r[1] for w in workers.values() for r in w)
    lines = [
        f"{len(summaries)} editions in {end - start:.2f} s; before the first edition {first - start:.2f} s, "
        f"after the last {end - last:.2f} s (the parent's serial part, worker start included){begun}; "
        f"load {os.getloadavg()[0]:.1f}"
    ]
    for pid, done in sorted(workers.items()):
        wall, cpu, waited = sum(r[1] - r[0] for r in done), sum(r[2] for r in done), sum(r[3] for r in done)
        lines.append(
            f"  worker {pid}: {len(done)} editions, {wall:.2f} s building: CPU {cpu:.2f} s, waiting for a core "
            f"{waited:.2f} s, blocked {max(wall - cpu - waited, 0):.2f} s; idle {last - max(r[1] for r in done):.2f} s "
            "at the end"
        )
    return "\n".join(lines)


def main() -> None:
    started = (_process_start(), time.time())  # (the imports above: the interpreter's, and the command's)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    if not Path("/proc/self/schedstat").is_file():
        raise SystemExit("needs Linux's /proc/self/schedstat")
    for run in range(args.runs):
        print(one_run(args.root, args.jobs, started if run == 0 else None), flush=True)


if __name__ == "__main__":
    main()
