"""bench/harness.py's `time_command` with `same_environment`: every run sees the environment it
was given, as at a terminal. The loaded process a build leaves makes the next edition ahead only
for a build in the environment of the last, so a row timed by hyperfine, which pads each run's
environment with a variable of random length, measured builds that never found it ready."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
spec = importlib.util.spec_from_file_location("harness", BENCH / "harness.py")
harness = importlib.util.module_from_spec(spec)
spec.loader.exec_module(harness)

RECORD = "import os, sys; open(sys.argv[1], 'a').write(repr(sorted(os.environ.items())) + chr(10))"


def environments(tmp_path: Path, **options) -> list[str]:
    seen = tmp_path / "environments"
    seen.unlink(missing_ok=True)
    harness.time_command([sys.executable, "-c", RECORD, str(seen)], 3, warmup=1, env={"KEEP": "1"}, **options)
    return seen.read_text().splitlines()


def test_every_run_in_the_same_environment_when_asked(tmp_path):
    runs = environments(tmp_path, same_environment=True)
    assert len(runs) == 4 and len(set(runs)) == 1  # the warm-up's and the three timed runs'
    assert "('KEEP', '1')" in runs[0] and "HYPERFINE" not in runs[0]


@pytest.mark.skipif(not shutil.which("hyperfine"), reason="no hyperfine here: every run is in one environment")
def test_hyperfine_gives_each_run_another_environment(tmp_path):
    # why `same_environment` exists: should hyperfine stop padding, the rows could go back to it
    assert len(set(environments(tmp_path))) > 1


def test_build_all_splits_wall_time_counts_the_process_start_and_imports(example_workspace):
    """bench/build_all_split.py's table began at `build_all`, past the interpreter's start and the
    imports (about 0.3 s, found by fast 22): a `newsletter build --all` at a terminal waits for them
    too. The first run says them, read from /proc, and the wall time from the process's start."""
    import re
    import subprocess

    script = [sys.executable, str(BENCH / "build_all_split.py"), str(example_workspace), "--jobs", "2", "--runs", "2"]
    first, second = (
        line for line in subprocess.check_output(script, text=True).splitlines() if " editions in " in line
    )
    found = re.search(
        r"editions in ([\d.]+) s;.* the process's start and imports before it ([\d.]+) s, ([\d.]+) s in all", first
    )
    assert found, first
    run, start, total = map(float, found.groups())
    assert start > 0 and abs(start + run - total) <= 0.011  # (each rounded to 10 ms)
    assert "the process's start" not in second  # a second run in the same process imports nothing again


def test_the_render_bench_runs_against_the_render_it_times():
    """bench/bench_render.py stood in for formats/email.finish with a function of two arguments,
    which render.render has called with three since 56d97715 (the template's file, for its MJML
    messages): the bench ended in a TypeError before timing anything (review 33, following
    finish's unused `settings` to its callers)."""
    import subprocess

    ran = subprocess.run(
        [sys.executable, str(BENCH / "bench_render.py"), "--runs", "1"], capture_output=True, text=True
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.count("email_html.finish alone") == 2  # the example's February and the synthetic one
