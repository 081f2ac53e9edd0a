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
