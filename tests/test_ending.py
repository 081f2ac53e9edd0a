"""The `newsletter` command ends at once when its work is done (newsletter/cli/ending.py): its
output written and its exit handlers run, as Python's own ending does, without Python's tear-down
of every module, which the operating system does at once; and the ordinary way when Python would
still wait for a thread or say something. Each case is a real process."""

import os
import subprocess
import sys

import pytest

SCRIPT = """
import atexit, sys, threading, time
from newsletter.cli import ending

class TornDown:
    def __del__(self):
        print("torn down", flush=True)

kept = TornDown()  # freed by Python's tear-down of this module, and only by it
atexit.register(print, "exit handlers ran")  # (a handler's output: written after the command's)
atexit.register(sys.stderr.write, "a line not ended")
print("the command's output", end="")  # (not flushed yet)
if "thread" in sys.argv:
    threading.Thread(target=time.sleep, args=(0.3,)).start()
ending.end(int(sys.argv[1]) if sys.argv[1].isdigit() else sys.argv[1])
print()
print("the ordinary ending")
"""


def ended(*arguments: str) -> subprocess.CompletedProcess:
    """The script run as in an author's shell: its output buffered by Python (no PYTHONUNBUFFERED),
    where what is still in a buffer when the process exits is lost."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, *arguments], capture_output=True, text=True, timeout=60, env=env
    )


def newsletter_in(workspace, *arguments: str, stdout=subprocess.PIPE, **options) -> subprocess.CompletedProcess:
    """`newsletter -w WORKSPACE ARGUMENTS…` as a real process, its output written to `stdout`."""
    return subprocess.run(
        [sys.executable, "-m", "newsletter", "-w", str(workspace), *arguments],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=120,
        **options,
    )


@pytest.mark.parametrize("code", [0, 3])
def test_a_command_ends_at_once_with_its_output_and_exit_handlers(code):
    done = ended(str(code))
    assert done.returncode == code
    assert done.stdout == "the command's outputexit handlers ran\n"  # no tear-down after them
    assert done.stderr == "a line not ended"


def test_a_thread_still_at_work_or_a_message_for_an_exit_code_get_the_ordinary_ending():
    waited = ended("0", "thread")  # Python waits for the thread: so does the command
    assert waited.returncode == 0
    assert waited.stdout.splitlines()[-3:] == ["the ordinary ending", "exit handlers ran", "torn down"]
    said = ended("a message")  # an exit code that is a message (printed, status 1): left to Python
    assert said.returncode == 0 and said.stdout.endswith("the ordinary ending\nexit handlers ran\ntorn down\n")


def test_the_installed_command_ends_this_way(tmp_path):
    """`python -m newsletter` (and the `newsletter` script) go through it: the version and an error's status."""
    version = subprocess.run([sys.executable, "-m", "newsletter", "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.strip()
    missing = subprocess.run(
        [sys.executable, "-m", "newsletter", "-w", str(tmp_path / "nowhere"), "list"], capture_output=True, text=True
    )
    assert missing.returncode != 0 and "Traceback" not in missing.stderr and missing.stderr.strip()


def test_a_profiler_still_reports_on_the_command(tmp_path):
    """`python -m cProfile -m newsletter …` prints its report once the command returns: a
    command that left at once took the report with it (the README's figures are cProfile's)."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    profiled = subprocess.run(
        [sys.executable, "-m", "cProfile", "-s", "ncalls", "-m", "newsletter", "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert profiled.returncode == 0, profiled.stderr
    assert "function calls" in profiled.stdout and "Ordered by: call count" in profiled.stdout


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs Linux's /dev/full, a file every write to fails")
@pytest.mark.parametrize("arguments", [["--help"], ["build", "2021-02", "--offline", "--force"], ["list"]])
def test_output_to_a_full_disk_is_one_line_and_status_1(example_workspace, arguments):
    """`newsletter build > log` on a full disk ended in a traceback ("OSError: [Errno 28] No
    space left on device") from the first line it printed."""
    with open("/dev/full", "w") as full:
        done = newsletter_in(example_workspace, *arguments, stdout=full)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert done.stderr.splitlines()[-1] == (
        "Error: could not write the command's output: No space left on device. Free some space and run it again."
    )


@pytest.mark.parametrize("arguments", [["--help"], ["list"], ["build", "2021-02", "--offline", "--force"]])
@pytest.mark.parametrize("closed", [1, 2], ids=["stdout", "stderr"])
def test_a_command_whose_output_is_closed_does_its_work_without_a_traceback(example_workspace, arguments, closed):
    """`newsletter list >&-` (a stream closed before the command started, as a daemon's are):
    Python makes it None, and --help and list ended in an AttributeError traceback; with stderr
    closed, the build failed with status 1. What would be said there goes nowhere, as
    click.echo drops it, and the command does its work."""
    post = example_workspace / "dist/2021-02/build.json"
    done = newsletter_in(example_workspace, *arguments, preexec_fn=lambda: os.close(closed))  # (after its streams)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert post.is_file() == (arguments[0] == "build")


@pytest.mark.skipif(not os.path.exists("/proc/self/mem"), reason="needs Linux's /proc/self/mem")
def test_output_to_a_failing_disk_is_not_told_to_free_space(example_workspace):
    """An I/O error (a failing disk, a share gone: /proc/self/mem's start gives one to every
    write) was told "Free some space and run it again", as a full disk is; and as EIO is what a
    read on such a disk fails with too, the line no longer says it was the output's for sure."""
    with open("/proc/self/mem", "wb") as failing:
        done = newsletter_in(example_workspace, "list", "2021-02", stdout=failing)
    assert done.returncode == 1
    assert done.stderr == (
        "Error: could not read or write a file, or the command's output: Input/output error. "
        "The disk (or network share) it is on is failing: check it, then run it again.\n"
    )


def test_output_past_the_file_size_limit_is_not_told_to_free_space(example_workspace, tmp_path):
    """`newsletter list > out` past the largest file the disk or `ulimit -f` allows (EFBIG) was
    told to free some space, which does not help."""
    resource = pytest.importorskip("resource")
    limit = lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))  # noqa: E731  (Python ignores SIGXFSZ)
    # (unbuffered, Python drops what a short write left out, and says nothing: a buffered command's case)
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    with open(tmp_path / "out", "w") as out:
        done = newsletter_in(example_workspace, "list", "2021-02", stdout=out, preexec_fn=limit, env=environment)
    assert done.returncode == 1
    assert done.stderr == (
        "Error: could not write the command's output: File too large. "
        "Write it to another disk, or raise the file size limit (ulimit -f), and run it again.\n"
    )
