"""A worker of `build --all` keeps the memory an edition frees for the next one (files/kept.py's
keep_freed_memory): glibc gave it back to the kernel, and every page of the next edition's
was faulted in and zeroed again, ~1,200 page faults an edition."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc",
    reason="glibc's malloc is the one that hands freed blocks back (other systems: nothing is done)",
)

# An edition's worth of large blocks, as a build makes them (the email's HTML and MJML, the
# .eml, the web page: 100-500 KB each, written to), held together and then freed; the page
# faults of ten editions after two to warm up, in a fresh process that started as a worker.
_EDITIONS = """
import resource, sys
from pathlib import Path
from newsletter import config
from newsletter.commands import build

build._start_worker(config.load(Path(sys.argv[1])), {"offline": True})

def edition():
    held = [b"%d" % n * 100_000 for n in range(20)]
    del held

edition(); edition()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(10):
    edition()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def test_a_worker_keeps_what_an_edition_freed(example_workspace):
    faults = subprocess.run(
        [sys.executable, "-c", _EDITIONS, str(example_workspace)], capture_output=True, text=True, check=True
    ).stdout
    assert int(faults) < 100  # (without: ~6,800, 4 KB at a time)
