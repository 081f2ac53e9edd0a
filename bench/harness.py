"""What bench/run.py runs things with: the local web, whole-command timing, peak memory.

- `Web`: bench/server.py in its own process (its event loop must not share the benchmark's GIL),
  with `env()` routing every request through it (http served, https refused);
- `time_command`: the median wall time of a whole command, by hyperfine when it is installed
  (`apt-get install hyperfine`), else by perf_counter around subprocess.run;
- `peak_rss`: one run of a command with its own peak RSS (os.wait4 on that child).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable


class Web:
    """bench/server.py in its own process (its event loop must not share our GIL)."""

    def __init__(self, delay: float):
        self.process = subprocess.Popen(
            [PY, str(HERE / "server.py"), "--delay", str(delay)], stdout=subprocess.PIPE, text=True
        )
        self.port = int(self.process.stdout.readline())
        self.proxy = f"http://127.0.0.1:{self.port}"

    def stats(self) -> dict:
        with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(
            f"{self.proxy}/__stats", timeout=10
        ) as response:
            return json.load(response)

    def env(self) -> dict:
        """Every request through the local server: http links are served, https ones refused.
        (Not ALL_PROXY too: httpx would build one more transport, and load one more CA bundle.)"""
        env = {k: v for k, v in os.environ.items() if k.lower() not in ("no_proxy", "all_proxy")}
        return {**env, **{name: self.proxy for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy")}}

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def time_command(
    argv: list[str],
    runs: int,
    *,
    warmup: int = 1,
    prepare: list[str] | None = None,
    env: dict | None = None,
    same_environment: bool = False,
) -> dict:
    """Median wall time of a whole command (and its mean CPU time, user + system): hyperfine if
    installed, else perf_counter around subprocess.run. `prepare` runs before each timed run.
    `same_environment`: every run in the same environment, as at a terminal, which hyperfine's is
    not (it pads each run's with a variable of random length, HYPERFINE_RANDOMIZED_ENVIRONMENT_OFFSET,
    and the loaded process a build leaves makes an edition ahead only for a build in its own)."""
    if shutil.which("hyperfine") and not same_environment:
        with tempfile.NamedTemporaryFile(suffix=".json") as export:
            command = [
                "hyperfine",
                "-N",
                "--style",
                "none",
                "--runs",
                str(runs),
                "--warmup",
                str(warmup),
                "--export-json",
                export.name,
            ]
            if prepare:
                command += ["--prepare", shlex.join(prepare)]
            subprocess.run(
                command + [shlex.join(argv)], check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            result = json.loads(Path(export.name).read_text())["results"][0]
        times, cpu = result["times"], result["user"] + result["system"]
        tool = "hyperfine"
    else:
        times, cpu = [], 0.0
        for number in range(warmup + runs):
            if prepare:
                subprocess.run(prepare, check=True, env=env)
            before = _children_cpu()  # (after `prepare`: the command's CPU alone)
            start = time.perf_counter()
            subprocess.run(argv, check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if number >= warmup:
                times.append(time.perf_counter() - start)
                cpu += _children_cpu() - before
        cpu /= runs
        tool = "perf_counter"
    return {
        "median": statistics.median(times),
        "min": min(times),
        "max": max(times),
        "times": times,
        "cpu": cpu,
        "runs": runs,
        "tool": tool,
    }


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def peak_rss(argv: list[str], env: dict | None = None, cwd: Path | None = None) -> tuple[float, float, str]:
    """(seconds, this child's own peak RSS in MB, stdout), via os.wait4 on the child itself."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        pid = os.posix_spawn(
            argv[0],
            argv,
            env if env is not None else os.environ,
            file_actions=[(os.POSIX_SPAWN_DUP2, out.fileno(), 1), (os.POSIX_SPAWN_DUP2, err.fileno(), 2)],
        )
        _, status, usage = os.wait4(pid, 0)
        seconds = time.perf_counter() - start
        out.seek(0), err.seek(0)
        if os.waitstatus_to_exitcode(status):
            raise SystemExit(f"{shlex.join(argv)} failed:\n{err.read()[-2000:]}")
        return seconds, usage.ru_maxrss / 1024, out.read()


def clear_cache(root: Path) -> list[str]:
    """The command that empties a workspace's metadata cache (for hyperfine's --prepare)."""
    cache = root / ".newsletter" / "cache.sqlite3"
    return ["rm", "-f", str(cache), f"{cache}-wal", f"{cache}-shm"]


def clear_outputs(root: Path) -> None:
    shutil.rmtree(root / "dist", ignore_errors=True)
    shutil.rmtree(root / "site" / "content" / "posts", ignore_errors=True)
    (root / "site" / "content" / "posts").mkdir(parents=True)
