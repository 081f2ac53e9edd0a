"""A run holds as many connections as asked when the process may open that many files
(links/open_files.py), raising its own soft limit where the hard one allows, else fewer."""

from __future__ import annotations

import subprocess
import sys

import pytest

resource = pytest.importorskip("resource", reason="no file limits to mind on this system (Windows)")


def _allowed_under(soft: int, hard: int, wanted: int) -> tuple[int, int]:
    """connections_allowed(wanted) in a process started with these limits, and its soft limit after."""
    code = (
        "import resource\n"
        f"resource.setrlimit(resource.RLIMIT_NOFILE, ({soft}, {hard}))\n"
        "from newsletter.links.open_files import connections_allowed\n"
        f"print(connections_allowed({wanted}), resource.getrlimit(resource.RLIMIT_NOFILE)[0])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    allowed, after = map(int, out.split())
    return allowed, after


def _hard_limit() -> int:
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    return 4096 if hard == resource.RLIM_INFINITY else hard


def test_the_soft_limit_is_raised_to_hold_every_connection():
    """macOS starts a process at 256 files: 256 connections and the cache would not fit."""
    if _hard_limit() < 256 + 64:
        pytest.skip("this machine's hard limit is below what the test needs")
    assert _allowed_under(256, _hard_limit(), 256) == (256, 256 + 64)


def test_fewer_connections_when_the_hard_limit_is_low():
    assert _allowed_under(100, 100, 256) == (36, 100)


def test_a_high_limit_is_left_as_it_is():
    if _hard_limit() < 2048:
        pytest.skip("this machine's hard limit is below what the test needs")
    assert _allowed_under(2048, _hard_limit(), 256) == (256, 2048)
