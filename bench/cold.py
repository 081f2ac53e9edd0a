"""Cold enrichment of 200 links on 40 hosts, as issue 17 asks (≤ 1.0 s at 200 ms a request),
with where the time goes: whole processes timed side by side with an earlier checkout's, and a
timeline of one run of each.

- Runs: `bench/instant.py enrich` in a fresh process each, this checkout and `--before`'s
  interleaved, each against an empty cache: the enrich stage's seconds (what the table reports),
  the whole process's wall time, and the CPU of its whole tree (page readers included, from
  wait4), with medians and ratios. On a busy machine (two shared cores) the CPU is the steadier
  figure; wall time is only comparable within one run.
- `--timeline`: one more run of each, traced (`--trace-child`, in the checkout's own Python):
  when each link's request is made ("send") and its bytes leave ("written", once its connection
  is made), its answer's head and body arrive, its page is read, when the page readers start and
  say they are ready, and the main process's CPU at each, from the stage's start. The idle
  spans are where the CPU waits on the network.

Where the time goes (the 200-link stage, ~0.65 s in a quiet moment of two shared cores, 0.85-1.2 s
under the load of other work, which stretches every CPU step two- or threefold):
- before the first request, ~75 ms of the main process's CPU: importing the network half (httpx,
  httpcore, h11, asyncio, ssl; ~195 modules) and reading the providers' registry (importlib.metadata);
  the page reader starts beside it (~0.15 s of a core: ~80 ms to import its parsers, ~70 ms
  warming charset-normalizer for the month's undeclared non-UTF-8 pages);
- making the requests: ~0.5 ms of CPU a link up to its connection, ~1 ms a link in all on the
  event loop (httpx and httpcore, sanitising the answers); started all at once, no request left
  before the 200th link's connection was asked for (first written 0.08-0.18 s after the first
  link started); eight at a time, 10-85 ms (`web.STARTED_AT_ONCE`);
- the network: an answer ~0.21 s after its request (0.2 s the server's; 0.25-0.35 s while the
  event loop is busy with a burst of them);
- a second round: 11 of the 40 hosts have 7-9 links, past the per-host limit of six; their last
  links leave as the host's first answers come (busiest host first, `web._busiest_first`), and
  their answers, ~0.2 s later, end the run but for reading;
- reading: one page reader, ~1.2 ms of its CPU a page (~0.8 ms extracting, the rest the pipe's
  round trip), 0.25 s of a core for the month; under load pages wait for it (a median 0.02-0.45 s
  after their body came), and the last page is read 10-450 ms after the last answer.

A second reader is started only for a page held up behind a heavy one: a fork server would make
that start cheap (~80 ms of a core today), but in this month none is needed, and a second reader
started for the queue of light pages (tried: from 40 waiting) was no faster on two busy cores.

    python bench/cold.py --runs 9 --before ../newsletter-before --timeline
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MONTH = "2021-02"


def run_once(checkout: Path, ws: Path, env: dict) -> tuple[float, float, float]:
    """(enrich seconds, whole-process seconds, CPU of the process and the readers it waited for)."""
    from harness import clear_cache

    subprocess.run(clear_cache(ws), check=True)
    python = str(checkout / ".venv" / "bin" / "python")
    argv = [python, str(checkout / "bench" / "instant.py"), "enrich", str(ws), MONTH]
    with tempfile.TemporaryFile("w+") as out:
        start = time.perf_counter()
        pid = os.posix_spawn(python, argv, env, file_actions=[(os.POSIX_SPAWN_DUP2, out.fileno(), 1)])
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
        out.seek(0)
        if os.waitstatus_to_exitcode(status):
            raise SystemExit(f"{checkout}: enrich failed")
        return float(out.read()), wall, usage.ru_utime + usage.ru_stime


def timeline(checkout: Path, ws: Path, env: dict) -> dict:
    from harness import clear_cache

    subprocess.run(clear_cache(ws), check=True)
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        python = str(checkout / ".venv" / "bin" / "python")
        argv = [python, str(HERE / "cold.py"), "--trace-child", str(checkout), str(ws), out.name]
        subprocess.run(argv, env=env, check=True)
        return json.loads(Path(out.name).read_text())


def summary(name: str, trace: dict) -> str:
    """The traced run as lines: the readers' start, then events per 50 ms, then the CPU at each stage."""
    lines = [f"{name}: enrich {trace['seconds']:.3f} s"]
    events = trace["events"]
    for when, kind, cpu in events:
        if kind in ("reader started", "reader ready"):
            lines.append(f"  {kind:15s} {when * 1000:7.0f} ms  main CPU {cpu * 1000:4.0f} ms")
    kinds = ["send", "written", "head", "body", "read", "read done"]
    buckets: dict[int, collections.Counter] = collections.defaultdict(collections.Counter)
    for when, kind, _ in events:
        if kind in kinds:
            buckets[int(when // 0.05)][kind] += 1
    lines.append("     ms " + " ".join(f"{kind:>9s}" for kind in kinds))
    lines += [f"  {b * 50:5d} " + " ".join(f"{buckets[b][k]:9d}" for k in kinds) for b in sorted(buckets)]
    marks = [("send", 0), ("written", 0), ("send", -1), ("head", 0), ("head", -1), ("read done", -1), ("end", -1)]
    for kind, which in marks:
        found = [(when, cpu) for when, k, cpu in events if k == kind]
        if found:
            when, cpu = found[which]
            first = "first" if which == 0 else "last"
            lines.append(f"  {first} {kind:10s} at {when * 1000:5.0f} ms, main CPU {cpu * 1000:4.0f} ms")
    return "\n".join(lines)


def trace_child(checkout: Path, ws: Path, out: Path) -> None:
    """One enrichment in this process, the steps that mark the timeline wrapped as their modules load."""
    import contextlib
    import importlib.abc
    import importlib.util
    import select
    import threading

    events: list[tuple[float, str, float]] = []

    def mark(kind: str) -> None:
        events.append((time.perf_counter(), kind, time.process_time()))

    def wrap_async(owner, name: str, before: str, after: str) -> None:
        original = getattr(owner, name)

        async def wrapped(*args, **kwargs):
            mark(before)
            try:
                return await original(*args, **kwargs)
            finally:
                mark(after)

        setattr(owner, name, wrapped)

    def patch(name: str, module) -> None:
        if name == "newsletter.links.fetch":
            wrap_async(module.Fetcher, "_request", "send", "done")
            wrap_async(module.Fetcher, "_handle", "head", "body")
        elif name == "newsletter.links.streams":  # a request's bytes leave once its connection is made
            write = module.AsyncioStream.write

            async def written(self, buffer, timeout=None):
                if buffer:  # (h11 ends each request with an empty write)
                    mark("written")
                return await write(self, buffer, timeout)

            module.AsyncioStream.write = written
        elif name == "newsletter.links.readers":
            wrap_async(module.Readers, "read", "read", "read done")
            start = module._Worker.__init__

            def started(self, *args, **kwargs):
                mark("reader started")
                start(self, *args, **kwargs)
                # Ready when it says so, seen without reading its line (which its first page
                # reads, maybe much later: that is when the page is handed over, not when it was ready)
                threading.Thread(target=ready, args=(self.process.stdout,), daemon=True).start()

            def ready(said) -> None:
                with contextlib.suppress(OSError, ValueError):  # (closed: killed before it started)
                    if select.select([said], [], [], 60)[0]:
                        mark("reader ready")

            module._Worker.__init__ = started
        elif name == "newsletter.links.batches":
            wrap_async(module.Batches, "read", "read", "read done")
        elif name == "newsletter.enrich":
            enrich = module.enrich

            def timed(*args, **kwargs):
                mark("start")
                try:
                    return enrich(*args, **kwargs)
                finally:
                    mark("end")

            module.enrich = timed

    class Hook(importlib.abc.MetaPathFinder):
        names = (
            "newsletter.links.fetch",
            "newsletter.links.streams",
            "newsletter.links.readers",
            "newsletter.links.batches",
            "newsletter.enrich",
        )

        def find_spec(self, name, path, target=None):
            if name not in self.names:
                return None
            sys.meta_path.remove(self)
            try:
                spec = importlib.util.find_spec(name)
            finally:
                sys.meta_path.insert(0, self)
            execute = spec.loader.exec_module

            def exec_module(module):
                execute(module)
                patch(name, module)

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, Hook())
    sys.path.insert(0, str(checkout / "bench"))
    import io

    from instant import _enrich_once

    with contextlib.redirect_stdout(io.StringIO()) as printed:
        _enrich_once(ws, MONTH)
    zero = next(when for when, kind, _ in events if kind == "start")
    cpu = next(c for _, kind, c in events if kind == "start")
    shifted = [(when - zero, kind, c - cpu) for when, kind, c in events]
    out.write_text(json.dumps({"seconds": float(printed.getvalue()), "events": shifted}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--before", type=Path, help="another checkout with its own .venv")
    parser.add_argument("--timeline", action="store_true", help="one traced run of each, summarised")
    parser.add_argument("--trace-child", nargs=3, metavar=("CHECKOUT", "WS", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.trace_child:
        checkout, ws, out = map(Path, args.trace_child)
        return trace_child(checkout, ws, out)
    sys.path.insert(0, str(HERE))
    import workspace
    from harness import Web

    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # users' Pythons keep compiled modules
    checkouts = {"after": HERE.parent, **({"before": args.before.resolve()} if args.before else {})}
    with tempfile.TemporaryDirectory(prefix="newsletter-cold-") as tmp:
        ws = Path(tmp) / "month-200"
        workspace.make_workspace(ws, 200, per_month=200, first_month=MONTH, seed=1)
        web = Web(0.2)
        try:
            env = web.env()
            for checkout in checkouts.values():
                run_once(checkout, ws, env)  # compiled modules and the page cache, warm for all
            results: dict[str, list] = {name: [] for name in checkouts}
            for number in range(args.runs):  # interleaved, in turn first: a busy spell hits both alike
                for name in list(checkouts)[:: 1 if number % 2 == 0 else -1]:
                    results[name].append(run_once(checkouts[name], ws, env))
                print(f"run {number + 1}: load {os.getloadavg()[0]:.1f}", file=sys.stderr)
            medians = {
                name: [statistics.median(column) for column in zip(*rows, strict=True)]
                for name, rows in results.items()
            }
            for name, (enrich, wall, cpu) in medians.items():
                figures = f"enrich {enrich:.3f} s, process {wall:.3f} s, tree CPU {cpu:.3f} s"
                print(f"{name:6s} median of {args.runs}: {figures}")
            if "before" in medians:
                ratios = [a / b for a, b in zip(medians["after"], medians["before"], strict=True)]
                print("after ÷ before: enrich {:.2f}, process {:.2f}, tree CPU {:.2f}".format(*ratios))
            if args.timeline:
                for name, checkout in checkouts.items():
                    print(summary(name, timeline(checkout, ws, env)))
        finally:
            web.stop()


if __name__ == "__main__":
    main()
