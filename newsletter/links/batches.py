"""Fetched pages handed to the page readers (`readers`) in batches, by at most two lanes.

A page used to be handed over on its own: a thread to wait on its reader, then the next page's
turn once the event loop had run the first one's callbacks. While a month's answers arrive the
loop has hundreds of callbacks a turn, and the pages waited there, not in the readers: on the
200-link bench (bench/cold.py --timeline) a page waited 0.4-0.6 s after its body arrived for a
round trip of ~2 ms to its reader, and the reading ended ~1 s after the last answer. Now a lane
takes every page waiting (up to BATCH) to one thread, which has them read one after another as
before: each within its own time limit, by an idle worker or, past `readers.PATIENCE`, a new
one; a page that kills its worker fails alone, and the next gets a fresh worker.

Two lanes at most, as two pages were read at once before: a machine has few cores to spare. The
second opens only for pages held up behind a heavy one (the page being read has taken
`readers.PATIENCE`), not for a queue of light ones: a queue is what a month's answers make, and
a second worker's start (~0.2 s of a core, more on a busy machine) was then ready about when the
first had read them all, its CPU taken from the event loop and the first reader meanwhile.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque

from newsletter.errors import FetchError
from newsletter.links import readers, untrusted
from newsletter.models import Metadata

BATCH = 16  # pages a lane takes at once: a few ms each, so answers come back every few tens of ms


class Batches:
    """The pages of one Fetcher waiting for a reader; `parsing` bounds the pages read at once."""

    def __init__(self, parsing: asyncio.Semaphore, lanes: int = 2):
        self.parsing, self.lanes = parsing, lanes
        self.waiting: deque = deque()  # (page, original URL, seconds, since, future)
        self.running = 0
        self.tasks: set[asyncio.Task] = set()  # the lanes, held until done
        self.held: list = []  # the workers the newest batch's thread took: its page's is the last
        self.watch: asyncio.TimerHandle | None = None  # when to look again whether pages are held up

    async def read(self, page, original: str, seconds: float, since: float | None = None) -> Metadata:
        """`page`'s metadata, as `readers.Readers.read` gives it: FetchError if it cannot be read.
        `since`: when the page was ready to be read (time.monotonic())."""
        future = asyncio.get_running_loop().create_future()
        self.waiting.append((page, original, seconds, since, future))
        self._open()
        meta = untrusted.metadata_from((await future).get("meta"))
        if meta is None:
            raise FetchError(original, "the page could not be read")
        return meta

    def _open(self) -> None:
        """A lane for the pages waiting: the first at once, the second once the page being read
        has taken PATIENCE (looked at again until then, while pages wait)."""
        if not self.waiting or self.running >= self.lanes or self.watch is not None:
            return
        if self.running:
            left = self._left()
            if left > 0:
                self.watch = asyncio.get_running_loop().call_later(left, self._look_again)
                return
        self.running += 1
        lane = asyncio.create_task(self._lane())
        self.tasks.add(lane)
        lane.add_done_callback(self.tasks.discard)

    def _look_again(self) -> None:
        self.watch = None
        self._open()

    def _left(self) -> float:
        """Seconds until the page being read has taken PATIENCE; 0 if it has. A worker still
        starting is not held up by its page (a second, started now, would be ready later)."""
        worker = self.held[-1] if self.held else None
        if worker is None or not worker.started:
            return readers.PATIENCE
        return max(0.0, worker.asked + readers.PATIENCE - time.monotonic())

    def close(self) -> None:
        """Stop the lanes (their session is over, or was cancelled): a page mid-read has its
        worker killed, and the pages no caller waits for any more are not read."""
        if self.watch is not None:
            self.watch.cancel()
        for lane in self.tasks:
            lane.cancel()

    async def _lane(self) -> None:
        try:
            async with self.parsing:
                while self.waiting:
                    batch = [self.waiting.popleft() for _ in range(min(BATCH, len(self.waiting)))]
                    await self._read(batch)
        finally:
            self.running -= 1

    async def _read(self, batch: list) -> None:
        self.held = held = []  # the workers the thread took; a None there stops it (cancelled)
        try:
            answers = await asyncio.to_thread(_read_all, batch, held)
        except BaseException as error:
            if isinstance(error, asyncio.CancelledError):  # ^C: a worker mid-page would outlive us
                held.append(None)  # first: a worker the thread takes from now on sees it and is killed
                current = next((w for w in reversed(held) if w is not None), None)  # (earlier pages' are idle)
                if current is not None:
                    current.kill()
            for *_, future in batch:
                if not future.done():
                    future.cancel() if isinstance(error, asyncio.CancelledError) else future.set_exception(error)
            if isinstance(error, asyncio.CancelledError):
                raise
            return  # (each caller has the error: the lane has nothing more to say)
        for (*_, future), answer in zip(batch, answers, strict=True):
            if future.done():  # its caller was cancelled meanwhile
                continue
            if isinstance(answer, FetchError):
                future.set_exception(answer)
            else:
                future.set_result(answer)


def _read_all(batch: list, held: list) -> list:
    """Each page's answer (a dict) or FetchError, read one after another (in a thread)."""
    answers: list = []
    for page, original, seconds, since, _ in batch:
        if None in held:  # cancelled: the rest of the batch is not read
            break
        try:
            answers.append(
                readers.READERS.answer("metadata", page.body, seconds, original, readers.page_fields(page), held, since)
            )
        except FetchError as error:
            answers.append(error)
    return answers
