"""Reading fetched pages in worker processes, so that no page can take the build down with it.

Parsing is where a hostile page does its harm. The HTML parser's work on some markup grows
faster than the page: `depth` bounds nesting before parsing, but attributes are not bounded
(a 136 KB page whose `<b>` of 20,000 attributes is re-opened in 1,400 paragraphs took 6.7 s
and 4 GB), and a PDF reader can be made to loop. Nothing in a thread can be stopped or held to
a memory limit. So pages are read in worker processes (`python -m newsletter.links.worker`),
one page at a time each: a link's page for its metadata, a page given to `quotes` for its text,
and a web page given to `import` as a feed, for the feed it names. A worker reads its page

- under an address-space limit of MEMORY bytes where the system enforces one (Linux): past it
  the parser fails cleanly, and the worker answers that the page could not be read;
- against a time limit (the fetch timeout but at least AT_LEAST, or SECONDS): a worker that
  has not answered by then is killed. The limit is the page's: it starts once the worker has started (a worker
  says when, and its start, ~0.2 s and more on a busy machine, is held to STARTING instead).

Either way only that link fails, with a message saying so; the next page gets a fresh worker.
Workers are kept for the life of the process (a test run starts them once) and read in
parallel with the event loop, outside its GIL. (An oEmbed answer's few lines of HTML, from the
site's own API, are still parsed in the process.)

The worker's answer is JSON, read back as untrusted as the page itself: a worker is only as
trustworthy as the parser that just read a hostile page.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import subprocess
import sys
import threading
import time

from newsletter.errors import FetchError
from newsletter.links import untrusted
from newsletter.models import Metadata

MEMORY = 1 << 30  # bytes of address space a worker may use: a 2 MB page of dense markup takes ~60 MB
SECONDS = 10.0  # to read a page where no fetch timeout applies (a file, a command's one page)
# The least time a page is given, whatever the fetch timeout: reading is the machine's work, not
# the network's, and a busy machine (a worker's first PDF imports its reader) took a short
# timeout's 0.5 s for a page of a few KB. A hostile page is still stopped within it.
AT_LEAST = 2.0
STARTING = 30.0  # for a worker to start (import its parsers): far more than it takes, even on a busy machine
# How long a page waits for a busy worker before another is started for it. A page takes a worker
# a few ms (the first without a declared charset ~70 ms more in a worker not started ahead), a start
# ~0.2 s of a core: a batch of light pages is read by one worker, and a page behind a heavy one
# (a 2 MB page can take a third of a second) gets a worker of its own.
PATIENCE = 0.1
READY = b'{"ready": true}\n'  # what a worker says once it has started
TOO_BIG = "the page could not be read: its markup needs more memory than any page should (a hostile page?)"


def _why_gone(status: int | None) -> str:
    """Why a worker stopped without answering, from its exit status: killed (by the kernel's
    OOM killer) or aborted is a page too big to parse, as the parser failing to allocate
    aborts; another signal is a crash on the page; an exit of its own, a worker that could
    not start (a broken environment: every page fails the same way)."""
    import signal

    if status is not None and status > 0:
        command = f"{sys.executable} -P -m newsletter.links.worker"
        return f"the page reader stopped before answering (exit status {status}); check that `{command}` starts"
    if status is not None and status < 0 and -status not in (signal.SIGKILL, signal.SIGABRT):
        return f"the page could not be read: its reader crashed on it ({signal.Signals(-status).name}; a hostile page?)"
    return TOO_BIG


class _Gone(Exception):
    """The worker stopped without answering: killed, out of memory, or crashed."""


# The folder this package was imported from: the workers' working folder (see _Worker).
PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _worker_env() -> dict:
    """This environment, with the directory this package was imported from on PYTHONPATH if
    only the parent's own first path entry (its script's directory, or the current one) has it;
    PYTHONPATH's relative folders made absolute, as the workers run elsewhere."""
    given = [os.path.abspath(entry) for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep) if entry]
    if PACKAGE_ROOT not in (os.path.abspath(entry) for entry in sys.path[1:]):
        given.insert(0, PACKAGE_ROOT)
    return {**os.environ, "PYTHONPATH": os.pathsep.join(given)} if given else dict(os.environ)


class _Worker:
    def __init__(self, memory: int, ahead: bool = False):
        # -P: `-m` would put the current directory first on the worker's path, where a json.py
        # or another checkout's newsletter/ would be imported instead (and every page fail)
        command = [sys.executable, "-P", "-m", "newsletter.links.worker", str(memory), *(["ahead"] if ahead else [])]
        # cwd: a worker may outlive the build that started it by minutes (kept by the loaded
        # process a build at a terminal leaves, cli/build_server.py), and in the workspace's folder
        # it kept a USB drive or a network share holding it from being unmounted
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=_worker_env(),
            cwd=PACKAGE_ROOT,
        )
        self.timed_out = False
        self.started = False
        self.asked = 0.0  # when it was given its latest page (time.monotonic())

    def wait_started(self) -> None:
        """Wait (this blocks) until the worker says it has started: its imports are not the page's time."""
        if self.started:
            return
        try:
            line = self.process.stdout.readline()
        except (OSError, ValueError):  # closed by `kill` meanwhile
            raise _Gone from None
        if line != READY:  # it stopped before starting (EOF), or is not a worker
            raise _Gone
        self.started = True

    def ask(self, job: str, body: bytes, fields: dict) -> dict:
        """Send one page, wait for the answer (this blocks)."""
        request = json.dumps({**fields, "job": job, "size": len(body)}).encode()
        self.asked = time.monotonic()
        try:
            self.process.stdin.write(request + b"\n" + body)
            self.process.stdin.flush()
            line = self.process.stdout.readline()
            answer = json.loads(line)
        except (OSError, ValueError):  # a broken pipe, closed by `kill` meanwhile, or no JSON
            raise _Gone from None
        if not line.endswith(b"\n") or not isinstance(answer, dict):
            raise _Gone
        return answer

    def kill(self, timed_out: bool = False) -> None:
        self.timed_out = self.timed_out or timed_out
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(OSError, subprocess.TimeoutExpired):
            self.process.wait(timeout=5)
        for stream in (self.process.stdin, self.process.stdout):
            with contextlib.suppress(OSError):
                stream.close()

    def close(self) -> None:
        """Let the worker finish: it stops at the end of its input."""
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.kill()
        with contextlib.suppress(OSError):
            self.process.stdout.close()


class _Watchdog:
    """One thread that kills a worker whose wait outlives its deadline.

    (A threading.Timer per wait started a thread for every page, twice: ~1.5 ms of each
    page's ~1 ms round trip to its worker, and CPU taken from the event loop.) The thread
    starts with the first wait and sleeps until the nearest deadline or a new one.
    """

    def __init__(self):
        self._lock = threading.Condition()
        self._deadlines: dict[int, tuple[float, _Worker]] = {}  # a wait's number -> (deadline, its worker)
        self._count = 0
        self._thread: threading.Thread | None = None

    def within(self, seconds: float, worker: _Worker, wait):
        """`wait()`, the worker killed (and `wait` ending in _Gone) if it takes more than `seconds`."""
        with self._lock:
            self._count += 1
            number = self._count
            self._deadlines[number] = (time.monotonic() + seconds, worker)
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="page-reader-watchdog", daemon=True)
                self._thread.start()
            self._lock.notify()
        try:
            return wait()
        finally:
            with self._lock:  # a kill under way holds the lock: it finishes before the worker is kept
                self._deadlines.pop(number, None)

    def _watch(self) -> None:
        with self._lock:
            while True:
                now = time.monotonic()
                for number, (deadline, worker) in list(self._deadlines.items()):
                    if deadline <= now:
                        del self._deadlines[number]
                        # whatever one kill raises, the watchdog lives on: dead, no wait would end
                        with contextlib.suppress(Exception):
                            worker.kill(timed_out=True)
                nearest = min((deadline for deadline, _ in self._deadlines.values()), default=None)
                # from now, after the kills: a slow one would make every later deadline as late
                self._lock.wait(None if nearest is None else nearest - time.monotonic())


_WATCHDOG = _Watchdog()
if hasattr(os, "register_at_fork"):  # a forked child has no watchdog thread, and maybe a held lock
    os.register_at_fork(after_in_child=_WATCHDOG.__init__)


def page_fields(page) -> dict:
    """What a worker is told of a fetched page besides its bytes (worker.page_metadata's `ask`)."""
    return {
        "url": page.url,
        "type": page.content_type,
        "charset": page.charset,
        "textual": page.textual,
        "language": page.language,
    }


class Readers:
    """The workers of this process, idle ones kept for the next page: `read` for a fetched
    page's metadata (on the event loop), `call` for any job the worker knows (blocking)."""

    def __init__(self, memory: int = MEMORY):
        self.memory = memory
        self._idle: list[_Worker] = []
        self._busy: set[_Worker] = set()  # workers reading a page, or starting for one
        self._lock = threading.Condition()  # notified when a worker is idle again
        atexit.register(self.close)

    def warm(self, count: int) -> None:
        """Start workers ahead of the first page, so their start overlaps the first requests (and
        they warm up more: `worker._warm_up`)."""
        with self._lock:
            self._idle += [_Worker(self.memory, ahead=True) for _ in range(count - len(self._idle))]

    def call(self, job: str, body: bytes, seconds: float, original: str, **fields) -> dict:
        """The worker's answer to `job` on `body` (the page at `original`) within `seconds`;
        FetchError if it cannot be read, or said why not."""
        return self.answer(job, body, seconds, original, fields, [])

    def answer(
        self, job: str, body: bytes, seconds: float, original: str, fields: dict, held: list, since: float | None = None
    ) -> dict:
        """`call`, telling `held` the worker it took: a None there (the caller was cancelled)
        has it killed. `since`: when the page began to wait for a reader (time.monotonic()).
        For callers waiting on a thread of their own: `read`, and `batches`, which reads many."""
        worker = self._take(since)
        try:
            return self._ask(worker, job, body, seconds, original, fields, held)
        finally:
            with self._lock:
                self._busy.discard(worker)
                if worker.started and not worker.timed_out and worker.process.returncode is None:
                    self._idle.append(worker)  # (a worker that was killed, or died, is not kept)
                self._lock.notify()

    def _ask(self, worker: _Worker, job: str, body: bytes, seconds: float, original: str, fields: dict, held: list):
        held.append(worker)
        seconds = max(seconds, AT_LEAST)
        if None in held:  # (cancelled before the worker was taken: `read` did not see it)
            worker.kill()
        try:
            # The page's time starts when the worker has started: its start is not the page's.
            if not worker.started:
                _WATCHDOG.within(STARTING, worker, worker.wait_started)
            answer = _WATCHDOG.within(seconds, worker, lambda: worker.ask(job, body, {**fields, "original": original}))
        except _Gone:
            worker.kill()
            if worker.timed_out and not worker.started:
                command = f"{sys.executable} -P -m newsletter.links.worker"
                raise FetchError(
                    original, f"the page reader did not start within {STARTING:g} s; check that `{command}` starts"
                ) from None
            if worker.timed_out:
                raise FetchError(original, f"reading the page took more than {seconds:g} s; it was given up") from None
            raise FetchError(original, _why_gone(worker.process.returncode)) from None
        except BaseException:  # Ctrl-C: the worker is mid-page, and would outlive this process
            worker.kill()
            raise
        if "error" in answer:
            raise FetchError(original, str(answer["error"])[:300])
        return answer

    def _take(self, since: float | None = None) -> _Worker:
        """An idle worker still running (one can be killed from outside, by the OOM killer or
        a user); else, once this page has waited PATIENCE for one (`since`, else from now:
        in a queue of pages too, which a worker reading them one after another is not keeping
        up with), a new one."""
        with self._lock:
            deadline = (time.monotonic() if since is None else since) + PATIENCE
            while True:
                while self._idle:
                    worker = self._idle.pop()
                    if worker.process.poll() is None:
                        self._busy.add(worker)
                        return worker
                    worker.kill()  # (closes its pipes)
                left = deadline - time.monotonic()
                if not self._busy or left <= 0:
                    break
                self._lock.wait(left)  # (notified when a worker is idle again)
            worker = _Worker(self.memory)  # (under the lock: a start takes a few ms, not its imports)
            self._busy.add(worker)
            return worker

    async def read(self, page, original: str, seconds: float, since: float | None = None) -> Metadata:
        """`page`'s metadata, read by a worker within `seconds`; FetchError if it cannot be.
        If the caller is cancelled (^C), the worker is killed: a page taking the whole time
        would otherwise hold the process's exit, which waits for the thread asking it.
        `since`: when the page was ready to be read (time.monotonic()), if it waited before."""
        import asyncio  # (here: a worker, which imports this module, has no event loop)

        fields = page_fields(page)
        held: list[_Worker | None] = []
        try:
            answer = await asyncio.to_thread(self.answer, "metadata", page.body, seconds, original, fields, held, since)
        except asyncio.CancelledError:
            held.append(None)
            for worker in held:
                if worker is not None:
                    worker.kill()
            raise
        meta = untrusted.metadata_from(answer.get("meta"))
        if meta is None:
            raise FetchError(original, "the page could not be read")
        return meta

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.close()


READERS = Readers()  # no process is started before the first page
