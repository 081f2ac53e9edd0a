"""Issue 17's figures ("Instant"), each as whole commands side by side with a bare interpreter's
start in the same run, and with an earlier checkout's `newsletter` when `--before` names one:

- `newsletter --help`, a build of an edition that is up to date, a build after one entry's notes
  changed (with nothing loaded, and at a terminal, where the last build left a loaded process
  waiting: newsletter/cli/resident.py), and Hugo's own build of the site for scale;
- `preview`: from an entry's write to the new page served, waited on as a browser does
  (server-sent events on /events, then a GET of the email);
- cold enrichment of 200 links on 40 hosts at the server's latency, in a fresh process each.

Called by bench/run.py, which owns the table; `row` is its row function.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import random
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from harness import PY, clear_cache, time_command

HERE = Path(__file__).resolve().parent
NOTE_MARK = "\n<!-- bench edit -->"
PAUSE = 0.3  # seconds from a note's save to `build`: an author's, the least of it


def bench_commands(ws: Path, month: str, newsletter: str, before: str | None, quick: bool, row, details) -> None:
    runs = 5 if quick else 21
    bare = time_command([PY, "-c", "pass"], runs, warmup=3)
    row("bare interpreter start (`python -c pass`)", bare["median"] * 1000, "ms", "", None, f"median of {runs}")
    details["bare"] = bare

    def timed(label, argv, target, limit, prepare=None, old=None, env=None):
        steady = env is not None  # a loaded process waiting: see time_command
        result = time_command(argv, runs, warmup=2, prepare=prepare, env=env, same_environment=steady)
        ratio = result["median"] / bare["median"]
        notes = f"median of {runs}, {result['median'] * 1000:.0f} ms, CPU {result['cpu'] * 1000:.0f} ms"
        if steady:
            notes += " (the command's; not the waiting process's; timed in one environment, not by hyperfine)"
        if old is not None:
            previous = time_command(old, runs, warmup=2, prepare=prepare, same_environment=steady)
            notes += (
                f"; before: {previous['median'] * 1000:.0f} ms = {previous['median'] / bare['median']:.1f}× "
                f"(after ÷ before {result['median'] / previous['median']:.2f})"
            )
            details[f"{label} (before)"] = previous
        row(label, ratio, "× bare start", target, ratio <= limit if limit else None, notes)
        details[label] = result
        return result

    timed("`newsletter --help`", [newsletter, "--help"], "≤ 1.5×", 1.5, old=before and [before, "--help"])

    build = [newsletter, "build", month, "-w", str(ws), "--offline"]
    subprocess.run([*build, "--force"], check=True, capture_output=True)
    old_build = before and [before, "build", month, "-w", str(ws), "--offline"]
    fresh = timed("`newsletter build`, 50-entry month, up to date", build, "≤ 2×", 2, old=old_build)
    edit = [PY, str(HERE / "instant.py"), "edit-note", str(ws / "entries" / month.replace("-", "/"))]
    changed = "`newsletter build` after one entry's notes changed"
    timed(f"{changed}, nothing loaded", build, "", None, prepare=edit, old=old_build)
    with resident(build, edit) as env:  # as at a terminal: the loaded process the last build left
        timed(
            f"{changed}, at a terminal (a loaded process waiting)",
            build,
            "≤ 4×",
            4,
            prepare=edit,
            old=old_build,
            env=env,
        )
        # as an author builds: a moment after the save, in which the waiting process makes the
        # edition (commands/prepared.py); the bench's row above builds at once, while it does
        timed(
            f"{changed}, at a terminal, typed {PAUSE:.1f} s after the save",
            build,
            "≤ 4×",
            4,
            prepare=[*edit, str(PAUSE)],
            old=old_build,
            env=env,
        )
    timed("`newsletter build --force`, 50-entry month, warm cache", [*build, "--force"], "", None)

    hugo = shutil.which("hugo")
    if hugo:
        site = ws.parent / "hugo-site"
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(ws / "site", site)
        clean = ["rm", "-rf", str(site / "public"), str(site / "resources")]
        result = time_command([hugo, "--quiet", "--source", str(site)], runs, warmup=1, prepare=clean)
        faster = fresh["median"] < result["median"]
        row(
            "Hugo's own build of that site",
            result["median"] * 1000,
            "ms",
            "slower than an up-to-date build",
            faster,
            f"median of {runs}; the up-to-date build takes {fresh['median'] / result['median']:.2f}× Hugo's",
        )


@contextlib.contextmanager
def resident(build: list[str], edit: list[str]):
    """An environment in which `build` hands its work to the loaded process a build at a terminal
    leaves (newsletter/cli/resident.py), that process started and waiting; ended after."""
    sockets = Path(tempfile.mkdtemp(prefix="nl-bench-", dir="/tmp"))  # short: a socket path's limit
    env = {**os.environ, "NEWSLETTER_RESIDENT": "1", "XDG_RUNTIME_DIR": str(sockets)}
    try:
        subprocess.run(edit, check=True)
        subprocess.run(build, check=True, capture_output=True, env=env)  # builds, and leaves it
        deadline = time.monotonic() + 60
        while not list(sockets.glob("newsletter-*/*.sock")):
            if time.monotonic() > deadline:
                raise SystemExit("bench: no loaded process was left waiting by the build")
            time.sleep(0.05)
        yield env
    finally:
        subprocess.run(["pkill", "-f", str(sockets)], check=False)
        shutil.rmtree(sockets, ignore_errors=True)


def edit_note(folder: Path) -> None:
    """Change the notes of one entry (the first), as an author saving a file does."""
    entry = sorted(p for p in folder.glob("*.md") if not p.name.startswith("_"))[0]
    text = entry.read_text(encoding="utf-8").split(NOTE_MARK)[0]
    entry.write_text(f"{text}{NOTE_MARK}\nEdited {random.random()}.\n", encoding="utf-8")


def bench_preview(ws: Path, month: str, newsletter: str, quick: bool, row, details) -> None:
    """Save → the page a browser would reload, served: the preview's event, then the email."""
    process = subprocess.Popen(
        [newsletter, "preview", month, "--offline", "--no-open", "--port", "0", "-w", str(ws)],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stderr.readline()
        port = int(line.split("http://127.0.0.1:", 1)[1].split("/", 1)[0])
        events = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        events.request("GET", "/events")
        stream = events.getresponse()
        _next_event(stream)
        folder = ws / "entries" / month.replace("-", "/")
        times = []
        for _ in range(5 if quick else 20):
            time.sleep(0.2)  # the author types; the watcher is idle in between
            start = time.perf_counter()
            edit_note(folder)
            _next_event(stream)
            page = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            page.request("GET", "/email.html")
            body = page.getresponse().read()
            times.append(time.perf_counter() - start)
            if b"Edited " not in body:
                raise SystemExit("preview: the edit is not in the page served after the event")
    finally:
        process.terminate()
        process.wait(timeout=10)
    median = statistics.median(times)
    row(
        "`preview`: save → new page served",
        median * 1000,
        "ms",
        "≤ 150 ms",
        median <= 0.150,
        f"median of {len(times)}, max {max(times) * 1000:.0f} ms; 50-entry month; a real HTTP client "
        "waits on /events, then GETs the email",
    )
    details["preview"] = times


def _next_event(stream) -> int:
    while line := stream.readline():
        if line.startswith(b"data: "):
            return int(line[6:])
    raise SystemExit("preview: the event stream ended")


def bench_cold_enrichment(ws: Path, month: str, env: dict, before_python: str | None, quick: bool, row, details):
    """200 links on 40 hosts, cold cache, each run a fresh process timing only the enrich stage."""
    runs = 3 if quick else 7
    pythons = {"after": PY, **({"before": before_python} if before_python else {})}
    results: dict[str, list[float]] = {name: [] for name in pythons}
    for _ in range(runs):
        for name, python in pythons.items():  # interleaved: a busy spell hits both alike
            subprocess.run(clear_cache(ws), check=True)
            out = subprocess.run(
                [python, str(HERE / "instant.py"), "enrich", str(ws), month],
                check=True,
                capture_output=True,
                text=True,
                env=env,
            ).stdout
            results[name].append(float(out))
    median = statistics.median(results["after"])
    notes = f"median of {runs}, fresh process each, 200 ms per answer, per-host limit unchanged"
    if "before" in results:
        old = statistics.median(results["before"])
        notes += f"; before: {old:.2f} s (after ÷ before {median / old:.2f})"
    row("enrich 200 cold links on 40 hosts", median, "s", "≤ 1.0 s", median <= 1.0, notes)
    details["enrich_200_cold"] = results


def _enrich_once(root: Path, month: str) -> None:
    """One cold enrichment, in this process: prints its seconds (bench_cold_enrichment's child)."""
    from newsletter import collect, config, enrich, read
    from newsletter.models import Period

    settings = config.load(root)
    span = Period.parse(month, settings.week_start)
    entries, editorial, _ = read.read_period(settings.entries_dir, span)
    edition = collect.collect(entries, editorial, span, settings)
    start = time.perf_counter()
    _, report = enrich.enrich(edition, settings)
    seconds = time.perf_counter() - start
    if report.failures or report.fetched != len(entries):
        raise SystemExit(f"enrich: {len(report.failures)} failures: {report.failures[:3]}")
    print(f"{seconds:.4f}")


if __name__ == "__main__":
    import sys

    if sys.argv[1] == "edit-note":
        edit_note(Path(sys.argv[2]))
        if len(sys.argv) > 3:  # the author's pause before typing `build`
            time.sleep(float(sys.argv[3]))
    elif sys.argv[1] == "enrich":
        _enrich_once(Path(sys.argv[2]), sys.argv[3])
    else:
        raise SystemExit(f"unknown: {sys.argv[1]}")
