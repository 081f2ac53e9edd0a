"""The benchmark suite: one command, one table, every input generated, nothing from the internet.

    python bench/run.py [--quick] [--json bench/results/latest.json] [--keep]

Generates synthetic workspaces (bench/workspace.py) in a temporary folder, starts a slow
local web (bench/server.py: saved pages from tests/pages, 200 ms before each answer, on
127.0.0.1, reached as an HTTP proxy so links have forty distinct host names) and measures:

- whole commands, interpreter start included (hyperfine when installed, else our own timer):
  `newsletter --help`, a warm and a cold `newsletter build` of a 50-entry month, and the same
  cold month through bench/baseline.py (sequential requests, BeautifulSoup); Hugo's own build
  of the resulting site, for scale;
- the enrich stage in-process, cold, for 50 and 200 links: concurrent (the settings' limits)
  vs one at a time;
- extraction throughput on the saved pages, ours vs the baseline's BeautifulSoup;
- a rebuild of every monthly edition of 100-, 1,000- and 10,000-entry archives, warm cache,
  in one process each (bench/rebuild.py): time, peak memory, cost per entry, and one
  month's build in each archive with the files it opened.

`--quick` is a smoke run (fewer runs, no 10,000-entry archive, no 200-link runs): under a minute.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import instant  # noqa: E402
import workspace  # noqa: E402
from harness import PY, Web, clear_cache, clear_outputs, peak_rss, time_command  # noqa: E402

NEWSLETTER = str(Path(PY).parent / "newsletter")
MONTH = "2021-02"
ROWS: list[dict] = []
DETAILS: dict = {}


def row(name, value, unit, target="", ok=None, notes=""):
    ROWS.append(
        {
            "name": name,
            "value": value,
            "unit": unit,
            "target": target,
            "result": "" if ok is None else ("pass" if ok else "FAIL"),
            "notes": notes,
            "load": os.getloadavg()[0],
        }
    )  # in the JSON only: how busy the machine was
    print(f"  {name}: {_fmt(value)} {unit} {ROWS[-1]['result']}", file=sys.stderr, flush=True)


# --- the benchmarks ---------------------------------------------------------------------------


def bench_server(web: Web, delay: float, concurrent: int = 200) -> None:
    """Calibration: the server answers `concurrent` simultaneous requests in about one delay."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    barrier, errors = threading.Barrier(concurrent + 1), []

    def one(number: int) -> None:
        barrier.wait()
        try:
            opener.open(f"{web.proxy}/calibrate/{number}", timeout=30).read()
        except OSError as error:
            errors.append(error)

    threads = [threading.Thread(target=one, args=(n,)) for n in range(concurrent)]
    for thread in threads:
        thread.start()
    barrier.wait()
    start = time.perf_counter()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - start
    stats = web.stats()
    row(
        f"local server: {concurrent} concurrent requests",
        seconds,
        "s",
        f"≈ {delay:g} s (not the bottleneck)",
        not errors and seconds < delay + 1.0,
        f"{len(errors)} errors; server saw {stats['max_in_flight']} in flight; one request = {delay * 1000:g} ms",
    )


def bench_commands(ws50: Path, web: Web, quick: bool, before: str | None) -> None:
    """Whole commands against a bare start (bench/instant.py), then the cold month against the
    baseline's."""
    instant.bench_commands(ws50, MONTH, NEWSLETTER, before, quick, row, DETAILS)
    instant.bench_preview(ws50, MONTH, NEWSLETTER, quick, row, DETAILS)

    build = [NEWSLETTER, "build", MONTH, "-w", str(ws50), "--force"]
    cold_seconds, cold_rss, _ = peak_rss(build, web.env())  # the cold build that warms the cache
    stats = web.stats()
    runs = 1 if quick else 3
    cold = time_command(build, runs, warmup=0, prepare=clear_cache(ws50), env=web.env())
    row(
        "`newsletter build`, 50-entry month, cold cache",
        cold["median"],
        "s",
        "",
        None,
        f"median of {runs}, whole command; CPU {cold['cpu']:.2f} s; peak RSS {cold_rss:.0f} MB, "
        f"{stats['requests']} requests, ≤ {stats['max_in_flight']} in flight, {stats['refused']} https refused",
    )
    baseline = time_command([PY, str(HERE / "baseline.py"), str(ws50), MONTH], runs, warmup=0, env=web.env())
    row(
        "baseline (bench/baseline.py), same month, cold",
        baseline["median"],
        "s",
        "",
        None,
        f"median of {runs}: sequential httpx + BeautifulSoup, same templates",
    )
    ratio = baseline["median"] / cold["median"]
    row(
        "speed-up over the baseline, cold month",
        ratio,
        "×",
        "≥ 10×",
        ratio >= 10,
        "baseline time ÷ `newsletter build` time, both whole commands",
    )
    DETAILS["cold_month"], DETAILS["baseline_month"] = cold, baseline


def bench_enrich(roots: dict[int, Path], web: Web, quick: bool) -> None:
    from newsletter import collect, config, enrich, read
    from newsletter.models import Period

    os.environ.update(web.env())
    for count, root in roots.items():
        settings = config.load(root)
        span = Period.parse(MONTH, settings.week_start)
        entries, editorial, _ = read.read_period(settings.entries_dir, span)
        edition = collect.collect(entries, editorial, span, settings)
        limits = settings.fetch
        one_at_a_time = dataclasses.replace(limits, concurrency=1, per_host=1)
        results = {}
        for label, fetch, runs in (("concurrent", limits, 1 if quick else 3), ("one at a time", one_at_a_time, 1)):
            times = []
            for _ in range(runs):
                subprocess.run(clear_cache(root), check=True)
                web.stats()
                start = time.perf_counter()
                _, report = enrich.enrich(edition, dataclasses.replace(settings, fetch=fetch))
                times.append(time.perf_counter() - start)
                stats = web.stats()
                if report.failures or report.fetched != count:
                    raise SystemExit(f"enrich: {len(report.failures)} failures: {report.failures[:3]}")
            results[label] = statistics.median(times)
            concurrent = label == "concurrent"
            row(
                f"enrich {count} cold links, {label}",
                results[label],
                "s",
                "≤ 3 s" if concurrent and count == 200 else "",
                results[label] <= 3 if concurrent and count == 200 else None,
                f"median of {runs}; limits {fetch.concurrency} total / {fetch.per_host} per host; "
                f"≤ {stats['max_in_flight']} in flight; 40 hosts; {stats['requests']} requests, "
                f"{stats['refused']} https refused",
            )
            DETAILS[f"enrich_{count}_{label}"] = times
        row(
            f"enrich {count} links: concurrent speed-up",
            results["one at a time"] / results["concurrent"],
            "×",
            "",
            None,
            "one at a time ÷ concurrent",
        )
        if count == 50:  # every link on one host: the per-host limit is the bound
            port = web.port
            local = [dataclasses.replace(e, url=f"http://127.0.0.1:{port}/{e.path.stem}") for e in entries]
            single = collect.collect(local, editorial, span, settings)
            subprocess.run(clear_cache(root), check=True)
            start = time.perf_counter()
            _, report = enrich.enrich(single, settings)
            seconds = time.perf_counter() - start
            row(
                "enrich 50 cold links, all on one host",
                seconds,
                "s",
                "",
                None,
                f"1 run; per-host limit {limits.per_host}: ≥ {-(-count // limits.per_host)} rounds of "
                f"{web.stats()['max_in_flight']} in flight",
            )
    for key in web.env():
        if key.lower().endswith("_proxy"):
            os.environ.pop(key, None)


def bench_extraction(quick: bool) -> None:
    from baseline import page_metadata

    from newsletter.links.decode import decode_html
    from newsletter.links.extract import extract_metadata

    expected = json.loads((workspace.PAGES_DIR / "expected.json").read_text(encoding="utf-8"))
    pages = [(url, (workspace.PAGES_DIR / e["file"]).read_bytes()) for url, e in expected.items()]
    size = sum(len(body) for _, body in pages)

    def rate(function, seconds: float) -> float:
        rates = []
        for _ in range(3 if quick else 5):
            count, start = 0, time.perf_counter()
            while time.perf_counter() - start < seconds:
                for url, body in pages:
                    function(body, url)
                count += len(pages)
            rates.append(count / (time.perf_counter() - start))
        return statistics.median(rates)

    ours = rate(extract_metadata, 0.2 if quick else 0.5)
    theirs = rate(lambda body, url: page_metadata(decode_html(body), url), 0.2 if quick else 0.5)
    row(
        "extraction throughput, saved pages",
        ours,
        "pages/s",
        "",
        None,
        f"{len(pages)} pages of tests/pages ({size / len(pages) / 1024:.1f} KB avg), "
        f"{ours * size / len(pages) / 1e6:.1f} MB/s; bytes in, Metadata out; median of runs",
    )
    row(
        "extraction speed-up over BeautifulSoup",
        ours / theirs,
        "×",
        "",
        None,
        f"baseline's og:/twitter:/<title> picker: {theirs:.0f} pages/s (html.parser)",
    )


def bench_archives(sizes: list[int], tmp: Path, quick: bool) -> None:
    """Rebuild each archive in rounds (100, 1k, 10k, 100, 1k, 10k...) so that a busy spell on a
    shared machine hits every size alike, each with its caches warm (link metadata and notes);
    then time one month in the 1k and 10k archives, alternately, for the growth comparison."""
    roots, made = {}, {}
    for size in sizes:
        roots[size] = tmp / f"archive-{size}"
        start = time.perf_counter()
        info = workspace.make_workspace(roots[size], size, per_month=50, first_month=MONTH)
        workspace.seed_cache(roots[size], info["urls"])
        made[size] = time.perf_counter() - start
        # Every note parsed once, as in any log built before: the 10,000-entry archive, which
        # had time for one round, was measured with its notes cache empty and compared with the
        # 1,000-entry one's warm rounds (2.83× "growth", 1.04× when both are warm).
        subprocess.run(
            [NEWSLETTER, "build", "--all", "--offline", "-w", str(roots[size])], check=True, capture_output=True
        )
    measured = {size: [] for size in sizes}
    budget = time.perf_counter() + (0 if quick else 130)  # 3 rounds, the 10k archive fewer past 130 s
    for _ in range(1 if quick else 3):
        for size in sizes:
            if measured[size] and time.perf_counter() + measured[size][-1][0] > budget:
                continue
            clear_outputs(roots[size])  # every edition is written, as after a template change
            seconds, rss, out = peak_rss(
                [PY, str(HERE / "rebuild.py"), str(roots[size]), "--probe", MONTH, "--probe-runs", "3"]
            )
            measured[size].append((seconds, rss, json.loads(out)))
    results = {}
    for size in sizes:
        runs = sorted(measured[size], key=lambda m: m[0])
        seconds, rss, data = runs[len(runs) // 2]
        results[size] = {"seconds": seconds, "rss": rss, "data": data, "runs": [m[0] for m in runs]}
        DETAILS[f"archive_{size}"] = results[size]
        target = size == 10_000
        # The ≤ 10 s target is held by `newsletter build --all`, the user's way to rebuild (below);
        # this row is one process building month after month, as a script would.
        row(
            f"rebuild all {data['months']} editions, {size:,}-entry archive",
            seconds,
            "s",
            "",
            None,
            f"median of {len(runs)}, one process, warm cache, outputs rewritten; per month median "
            f"{statistics.median(data['per_month_ms']):.0f} ms; workspace made in {made[size]:.1f} s",
        )
        row(
            f"  per entry, {size:,}-entry archive",
            seconds / size * 1000,
            "ms",
            "",
            None,
            f"CPU time {data['cpu_seconds'] / size * 1000:.2f} ms; imports {data['import_seconds'] * 1000:.0f} ms "
            "included",
        )
        row(
            f"  peak memory, {size:,}-entry archive",
            rss,
            "MB",
            "≤ 300 MB" if target else "",
            rss <= 300 if target else None,
            "ru_maxrss of the rebuilding process, interpreter included",
        )
    if len(sizes) < 2:
        return
    small, big = sorted(sizes)[-2:]  # 1k and 10k (100 and 1k in a quick run)
    probes = {small: [], big: []}
    for _ in range(1 if quick else 3):
        for size in probes:
            _, _, out = peak_rss([PY, str(HERE / "rebuild.py"), str(roots[size]), "--probe", MONTH, "--probe-only"])
            probes[size].append(json.loads(out)["probe"])
    DETAILS["one_month_probes"] = probes
    median = {
        s: {k: statistics.median(p[k] for p in probes[s]) for k in ("median_ms", "cpu_median_ms")} for s in probes
    }
    for size in probes:
        first = probes[size][0]
        row(
            f"one month ({MONTH}, 50 entries) in the {size:,}-entry archive",
            median[size]["median_ms"],
            "ms",
            "",
            None,
            f"in-process, warm, median of {len(probes[size])}×5 (CPU {median[size]['cpu_median_ms']:.0f} ms); "
            f"opened {first['entries_opened']} files under entries/ ({first['distinct_entries_opened']} distinct "
            f"of the month's {first['month_files']}, {len(first['outside_month'])} outside it)",
        )
    # Per entry in CPU time: on a shared machine, wall time also measures the neighbours.
    growth = (results[big]["data"]["cpu_seconds"] / big) / (results[small]["data"]["cpu_seconds"] / small)
    wall = (results[big]["seconds"] / big) / (results[small]["seconds"] / small)
    row(
        f"growth: per-entry cost, {big:,} ÷ {small:,}",
        growth,
        "×",
        "≤ 1.2× (linear or better)",
        growth <= 1.2,
        f"CPU time of the rebuilding processes; wall time {wall:.2f}×",
    )
    one = median[big]["cpu_median_ms"] / median[small]["cpu_median_ms"]
    wall_one = median[big]["median_ms"] / median[small]["median_ms"]
    opened = {s: probes[s][0]["distinct_entries_opened"] for s in probes}
    row(
        f"growth: one month's build, {big:,} ÷ {small:,}",
        one,
        "×",
        "≈ 1× (≤ 1.2×)",
        one <= 1.2 and opened[big] == opened[small] and not probes[big][0]["outside_month"],
        f"CPU time, measured alternately; wall {wall_one:.2f}×; entry files read: {opened[big]} vs {opened[small]}",
    )


# The code issue #17 was filed on, and its `build --all` of the 10,000-entry archive then: the
# target, 5 s, is that figure's 0.58, which is the line a run on another day's machine (this
# one's speed has varied twofold from one session to the next) is held to, side by side.
FILED_ON, FILED_SECONDS, TARGET_SECONDS = "12060e77", 8.62, 5.0


def bench_build_all(tmp: Path, size: int, quick: bool, before: str | None = None, baseline: str | None = None) -> None:
    """`newsletter build --all`: how a user rebuilds the archive (after a template change), one
    process per core; the earlier checkout's beside it, interleaved, and the baseline's (the
    code the issue was filed on) too."""
    root = tmp / f"archive-{size}"
    commands = {"after": NEWSLETTER, **({"before": before} if before else {})}
    commands |= {"baseline": baseline} if baseline else {}
    # Each checkout on its own copy: a notes cache salted by another version is emptied when
    # opened, so the two taking turns on one workspace would each find it cold every time.
    roots = {name: root if name == "after" else tmp / f"archive-{size}-{name}" for name in commands}
    runs: dict[str, list] = {name: [] for name in commands}
    for name, command in commands.items():  # warm each one's notes cache
        if roots[name] != root:
            shutil.rmtree(roots[name], ignore_errors=True)
            shutil.copytree(root, roots[name], symlinks=True)
            # ...and its own notes cache, made by its warm-up: an earlier version cannot write
            # to a cache a later one migrated (this stop's `used` column), and it stayed cold,
            # 18 s a run against 5.7 s warm, its writes slowing the other's runs between
            for stale in roots[name].glob(".newsletter/notes.sqlite3*"):
                stale.unlink()
        clear_outputs(roots[name])
        build_all = [command, "build", "--all", "--offline", "-w", str(roots[name])]
        subprocess.run(build_all, check=True, capture_output=True)
    # three runs each, taking turns: the middle one is the median (of two, the index below took
    # the slower, and a run's disk, after the last run's outputs were deleted, varies by a second)
    for _ in range(1 if quick else 3):
        for name, command in commands.items():
            clear_outputs(roots[name])
            runs[name].append(peak_rss([command, "build", "--all", "--offline", "-w", str(roots[name])]))
    # ...and as after a settings change: every output is there and is replaced (renamed over),
    # where the runs above write into emptied folders. On this machine's disk (ext4 without a
    # journal) a file's creation passes over every inode deleted in the last minute or more, so
    # those runs also time the deletion of the last run's outputs; these time the user's case.
    replaced: dict[str, list] = {name: [] for name in commands if name != "baseline"}
    for turn in range(1 if quick else 3):
        for name, command in commands.items():
            if name == "baseline":
                continue
            _change_settings(roots[name], turn)
            replaced[name].append(peak_rss([command, "build", "--all", "--offline", "-w", str(roots[name])]))
    seconds, rss, _ = sorted(runs["after"])[len(runs["after"]) // 2]
    months = len(list((root / "entries").glob("*/*")))
    target = size == 10_000
    notes = (
        f"whole command, {months} editions, {os.cpu_count()} processes, warm cache; median of "
        f"{len(runs['after'])} ({', '.join(f'{run[0]:.1f}' for run in runs['after'])} s); peak RSS {rss:.0f} MB "
        "(largest process)"
    )
    if before:
        old, old_rss, _ = sorted(runs["before"])[len(runs["before"]) // 2]
        notes += (
            f"; before: {old:.1f} s ({', '.join(f'{run[0]:.1f}' for run in runs['before'])}), {old_rss:.0f} MB "
            f"(after ÷ before {seconds / old:.2f})"
        )
    row(
        f"`newsletter build --all`, {size:,}-entry archive",
        seconds,
        "s",
        "≤ 5 s, ≤ 150 MB" if target else "",
        seconds <= 5 and rss <= 150 if target else None,
        notes,
    )
    if baseline:
        base = sorted(runs["baseline"])[len(runs["baseline"]) // 2][0]
        row(
            f"  against the code #17 was filed on ({FILED_ON}: {FILED_SECONDS} s then)",
            seconds / base,
            "×",
            f"≤ {TARGET_SECONDS / FILED_SECONDS:.2f}× ({TARGET_SECONDS:g} s ÷ {FILED_SECONDS} s)" if target else "",
            seconds / base <= TARGET_SECONDS / FILED_SECONDS if target else None,
            f"its runs: {', '.join(f'{run[0]:.1f}' for run in runs['baseline'])} s, median {base:.1f} s; "
            "each checkout on its own copy of the archive, taking turns",
        )
    again = {name: sorted(r[0] for r in replaced[name])[len(replaced[name]) // 2] for name in replaced}
    row(
        "  after a settings change, every output replaced",
        again["after"],
        "s",
        "",
        None,
        f"median of {len(replaced['after'])} ({', '.join(f'{r[0]:.1f}' for r in replaced['after'])} s)"
        + (
            f"; before: {again['before']:.1f} s ({', '.join(f'{r[0]:.1f}' for r in replaced['before'])}), "
            f"after ÷ before {again['after'] / again['before']:.2f}"
            if before
            else ""
        ),
    )


def _change_settings(root: Path, turn: int) -> None:
    """The newsletter's name, author and category changed, which every output shows: each
    edition's post, email, web page and record, and the feeds, rewritten by the next build."""
    path = root / "newsletter.toml"
    text = re.sub(r'(?m)^(name|author|category) = "([^"(]*?)(?: \(\d+\))?"', rf'\1 = "\2 ({turn})"', path.read_text())
    path.write_text(text)


def bench_shell_loop(tmp: Path) -> None:
    root = tmp / "archive-1000"
    months = sorted(f"{y.name}-{m.name}" for y in (root / "entries").iterdir() for m in y.iterdir())
    clear_outputs(root)
    start = time.perf_counter()
    for month in months:
        subprocess.run(
            [NEWSLETTER, "build", month, "--offline", "-w", str(root)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    seconds = time.perf_counter() - start
    row(
        "shell loop of `newsletter build M --offline`, 1,000-entry archive",
        seconds,
        "s",
        "",
        None,
        f"1 run, {len(months)} commands, {seconds / len(months) * 1000:.0f} ms each",
    )


# --- the table --------------------------------------------------------------------------------


def _fmt(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}" if abs(value) >= 1 else f"{value:.3f}"
    return str(value)


def table() -> str:
    lines = ["| benchmark | value | unit | target | result | notes |", "| --- | ---: | --- | --- | --- | --- |"]
    for r in ROWS:
        lines.append(
            f"| {r['name']} | {_fmt(r['value'])} | {r['unit']} | {r['target']} | {r['result']} | {r['notes']} |"
        )
    return "\n".join(lines)


def machine() -> dict:
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    from newsletter import __version__

    def output(*argv) -> str:
        try:
            return subprocess.run(argv, capture_output=True, text=True, cwd=REPO).stdout.strip()
        except OSError:
            return ""

    return {
        "cpus": len(os.sched_getaffinity(0)),
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "newsletter": __version__,
        "commit": output("git", "rev-parse", "--short", "HEAD"),
        "dirty": bool(output("git", "status", "--porcelain", "--untracked-files=no")),
        "hyperfine": output("hyperfine", "--version"),
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "load_before": os.getloadavg()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the benchmark suite and print one table.")
    parser.add_argument("--quick", action="store_true", help="a smoke run: fewer runs, smaller archives")
    parser.add_argument("--json", type=Path, default=HERE / "results" / "latest.json", help="where to write results")
    parser.add_argument("--delay", type=float, default=0.2, help="the local server's latency, seconds")
    parser.add_argument("--keep", action="store_true", help="keep the generated workspaces")
    parser.add_argument(
        "--before",
        type=Path,
        help="another checkout with its own .venv (e.g. a `git worktree` of an earlier commit): "
        "its commands are timed beside ours, in the same run",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        help=f"a checkout of {FILED_ON} (the code issue #17 was filed on) with its own .venv: "
        "`build --all` is timed against it too, the issue's 5 s as a ratio of its 8.62 s then",
    )
    args = parser.parse_args()
    # Users' Pythons keep compiled modules (__pycache__); a machine that sets this would time
    # every command compiling the package from source instead.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    # Each command is timed as it runs with nothing loaded, though run at a terminal, where a build
    # would hand itself to the process the last one left (only the rows that say so do: instant.py)
    os.environ["NEWSLETTER_RESIDENT"] = "0"
    before = str(args.before / ".venv" / "bin" / "newsletter") if args.before else None
    before_python = str(args.before / ".venv" / "bin" / "python") if args.before else None
    started = time.perf_counter()
    info = machine()
    print(f"{info['cpus']} CPUs, {info['cpu']}, Python {info['python']}", file=sys.stderr)
    tmp = Path(tempfile.mkdtemp(prefix="newsletter-bench-"))
    web = Web(args.delay)
    try:
        ws50, ws200 = tmp / "month-50", tmp / "month-200"
        workspace.make_workspace(ws50, 50, per_month=50, first_month=MONTH)
        bench_server(web, args.delay)
        bench_commands(ws50, web, args.quick, before)
        roots = {50: ws50}
        if not args.quick:
            workspace.make_workspace(ws200, 200, per_month=200, first_month=MONTH, seed=1)
            roots[200] = ws200
        instant.bench_cold_enrichment(roots.get(200, ws50), MONTH, web.env(), before_python, args.quick, row, DETAILS)
        bench_enrich(roots, web, args.quick)
        bench_extraction(args.quick)
        bench_archives([100, 1000] if args.quick else [100, 1000, 10_000], tmp, args.quick)
        baseline = str(args.baseline / ".venv" / "bin" / "newsletter") if args.baseline else None
        bench_build_all(tmp, 1000 if args.quick else 10_000, args.quick, before, baseline)
        if not args.quick:
            bench_shell_loop(tmp)
    finally:
        web.stop()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"workspaces kept in {tmp}", file=sys.stderr)
    total = time.perf_counter() - started
    info["load_after"] = os.getloadavg()[0]
    print(
        f"\n{info['cpus']} CPUs · {info['cpu']} · Python {info['python']} · {info['platform']} · "
        f"newsletter {info['newsletter']} ({info['commit']}{', modified' if info['dirty'] else ''}) · "
        f"{'quick' if args.quick else 'full'} run in {total:.0f} s · load average {info['load_before']:.1f} before, "
        f"{info['load_after']:.1f} after\n"
    )
    print(table())
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps(
            {
                "machine": info,
                "quick": args.quick,
                "delay": args.delay,
                "seconds": total,
                "rows": ROWS,
                "details": DETAILS,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"\nwritten to {args.json}", file=sys.stderr)


if __name__ == "__main__":
    main()
