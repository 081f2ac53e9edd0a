"""The send ledger: for one edition, every remote step, recorded before it is taken and after.

`.newsletter/ledger/<period>.json` holds one record per step (`buttondown.draft`,
`smtp.send`, ...): `intent` is written before the remote call, `done` after it, each
atomically. A run killed between the two leaves an intent without its completion, and the
next run looks at the remote side (or refuses) instead of doing the step again.

Per-recipient progress of an SMTP send goes to an append-only journal beside it
(`<period>.recipients.jsonl`, one fsynced line per step), so a thousand recipients cost a
thousand small appends rather than a thousand rewrites of the ledger. Such a send keeps the
message it began with (`<period>.began.eml`), which the rest of the list gets after a rebuild,
until the send is done and the message kept as sent.
Nothing secret is ever written to these files: credentials never reach this module.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import stat
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newsletter.errors import NewsletterError, aside
from newsletter.files import synced_folder, write_atomic
from newsletter.formats.json_object import json_object
from newsletter.models import Outputs
from newsletter.workspace import open_regular

# A ledger holds a record of each step of an edition's sends, a few KB: one far larger is none of ours
LARGEST_LEDGER = 4 * 1024 * 1024

# The message as it went out, beside the edition's outputs (dist/<PERIOD>/): a later build
# rewrites those, and this copy is what the readers got.
SENT_COPY = Outputs.sent_copy
# A reader's state when a run stopped mid-message (SMTP's one message a reader): it may have gone
UNSURE = frozenset({"intent", "unknown"})

try:  # one `send` per edition at a time; POSIX only, which is where people run cron
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None


def now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def when(stamp: str | None, zone: str = "UTC") -> str:
    """'2021-02-27T10:02:31Z' -> '2021-02-27 10:02 UTC', for messages; in `zone` (the workspace's
    `timezone`), '2021-02-27 11:02 CET': an author in Berlin read 10:02 as their own time."""
    if not stamp or not isinstance(stamp, str):  # (a number edited in: no time)
        return "an unknown time"
    try:
        moment = dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        local = moment.astimezone(ZoneInfo(zone))
    except (ValueError, KeyError, ZoneInfoNotFoundError):  # a ledger edited by hand: shown as written
        return stamp[:10] + " " + stamp[11:16] + " UTC"
    # The zone's name as its own database gives it, as `date` prints it: "CET", or for a zone
    # with no letter abbreviation its offset, "+0545" (Kathmandu), "+03" (Istanbul). "UTC+0545"
    # was neither that nor how a person writes an offset.
    return f"{local:%Y-%m-%d %H:%M} {local.tzname() or local.strftime('%z')}"


class Ledger:
    """The steps taken for one edition. Use as a context manager: it holds a lock."""

    def __init__(self, folder: Path, period: str):
        self.folder = folder
        self.period = period
        self.path = folder / f"{period}.json"
        self._lock = None
        self.data: dict = {}  # read in __enter__, once the lock is held

    def __enter__(self) -> Ledger:
        try:  # before anything is sent: a read-only .newsletter/ was an OSError traceback here
            self.folder.mkdir(parents=True, exist_ok=True)
            self._lock = open(self.folder / f".{self.period}.lock", "w") if fcntl is not None else None
        except OSError as error:
            raise NewsletterError(
                f"Could not open the send ledger in {self.folder} ({error.strerror or error}); nothing was "
                "sent. It records every send so that none goes out twice: make the folder writable, then run again."
            ) from None
        if self._lock is not None:
            try:
                fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as error:
                self._lock.close()
                self._lock = None
                if not isinstance(error, BlockingIOError):  # (held by another run: EWOULDBLOCK)
                    # A file system with no locks (a FUSE mount, a VM's shared folder: ENOLCK,
                    # EOPNOTSUPP) was said to be another send running, for ever, with no way on.
                    raise NewsletterError(
                        f"Could not lock the send ledger in {self.folder} ({error.strerror or error}); nothing "
                        "was sent. The lock keeps two sends of an edition from running at once: move the "
                        "workspace to a disk of this machine, then run again."
                    ) from None
                raise NewsletterError(
                    f"Another `newsletter send {self.period}` is running in this "
                    "workspace; wait for it to finish, then run again."
                )
        # Read only now: a ledger read before the lock may predate a send that finished while
        # this run waited for the lock, and would let it send the edition a second time.
        try:
            self.data = self._load()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc) -> None:
        if self._lock is not None:
            self._lock.close()  # closing releases the lock
            self._lock = None

    def _load(self) -> dict:
        try:
            # (opened as a regular file only: a FIFO by its name held every build of the edition,
            # which reads the ledger, waiting for a writer for ever)
            with open(self.path, "rb", opener=open_regular) as handle:
                raw = handle.read(LARGEST_LEDGER + 1)
            if len(raw) > LARGEST_LEDGER:  # (239 MB took every build of its edition 13 s and 3.2 GB: attack 35)
                raise NewsletterError(
                    f"{self.path} is larger than any send ledger ({LARGEST_LEDGER // 2**20} MB; one records the "
                    "steps of an edition's sends in a few KB), so this tool did not write it; it records what was "
                    "already sent, so restore it from a backup rather than deleting it."
                )
            data = json.loads(raw.decode("utf-8"))
        except FileNotFoundError:
            return {"period": self.period, "steps": {}, "history": []}
        except OSError as error:  # a folder by its name, a file it may not read, a FIFO
            why = error.strerror or ("Is a directory" if self.path.is_dir() else "not a file")  # (open_regular's)
            raise NewsletterError(
                f"Could not read the send ledger {self.path} ({why}); it records what was "
                "already sent, so make it a file that can be read rather than deleting it."
            ) from None
        # (ValueError: JSONDecodeError, UnicodeDecodeError, and a number past 4,300 digits)
        except ValueError as error:
            raise NewsletterError(
                f"{self.path} is not valid JSON {aside(str(error))}; it records what was "
                "already sent, so fix or restore it rather than deleting it."
            )
        except RecursionError:  # arrays in arrays past Python's limit: JSON, but no ledger
            data = None
        if (
            not isinstance(data, dict)
            or not isinstance(data.setdefault("steps", {}), dict)
            or not isinstance(data.setdefault("history", []), list)
            or not all(isinstance(step, dict) for step in data["steps"].values())
        ):
            raise NewsletterError(
                f"{self.path} is not a send ledger (it should hold an object with `steps` "
                "and `history`); it records what was already sent, so restore it from a "
                "backup rather than deleting it."
            )
        return data

    def _save(self, so: str = "") -> None:
        """Write the ledger; a full disk or a read-only folder is a message saying where the send
        stands (`so`), where OSError came out of `send` as a traceback."""
        text = json.dumps(self.data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        try:
            write_atomic(self.path, text.encode("utf-8"))
        except OSError as error:
            raise NewsletterError(
                f"Could not write the send ledger {self.path} ({error.strerror or error}){so}; "
                "free some space or make its folder writable, then run again."
            ) from None

    def step(self, name: str) -> dict | None:
        return self.data["steps"].get(name)

    def intend(self, step: str, /, **data) -> None:
        """Record that `step` is about to happen: call this right before the remote call."""
        record = dict(self.data["steps"].get(step) or {})
        record.update(data, state="intent", intent_at=now())
        record.pop("done_at", None)
        self.data["steps"][step] = record
        self._save(f", so {step} was not begun: nothing went out")

    def done(self, step: str, /, **data) -> None:
        """Record that `step` happened, with what the remote side answered (ids, status)."""
        record = self.data["steps"].setdefault(step, {})
        record.update(data, state="done", done_at=now())
        self._save(f" after {step} happened; the ledger still says it was about to, so no run repeats it unasked")

    def failed(self, step: str, /, **data) -> None:
        """Record that `step` was refused by the remote side: nothing happened, it may be retried."""
        record = self.data["steps"].setdefault(step, {})
        record.update(data, state="failed", failed_at=now())
        self._save()

    def record_entries(self, names: list[str], links: list[str], *, to_all: bool = False) -> None:
        """Which entry files, and links, the edition about to go out is made of, written with the send's
        first step (not here: a send refused before any step leaves no ledger): an entry added to the
        edition later is then named as never emailed (late_entries.py). After a send that began
        and did not finish, what may have gone out is what that run held: an entry added since
        and rebuilt into this run reached no reader that run reached (Buttondown or listmonk
        finding it sent, SMTP skipping the readers its journal has), so only what both held is kept.
        `to_all`: once this run's send went to the whole list, what it held is what all have; saved."""
        kept, went = self.data.get("entries"), self.data.get("links")
        if self.unfinished() and isinstance(kept, list) and not to_all:
            names = [name for name in names if name in kept]
            links = [link for link in links if link in went] if isinstance(went, list) else []
        self.data["entries"], self.data["links"] = sorted(names), sorted(set(links))
        if to_all:
            self._save(", though the edition went out")

    def note(self, event: str, /, **data) -> None:
        """Append to the edition's history (test sends, forced resends): kept, never consulted."""
        self.data["history"].append({"event": event, "at": now(), **data})
        self._save()

    def sent(self) -> tuple[str, dict] | None:
        """(via, record) of the edition's completed real send, by any service."""
        for name, record in self.data["steps"].items():
            if name.endswith(".send") and record.get("state") == "done":
                return name.split(".")[0], record
        return None

    def unfinished(self) -> tuple[str, dict] | None:
        """(via, record) of a real send that began and did not finish: some of the list may
        have the edition."""
        for name, record in self.data["steps"].items():
            if name.endswith(".send") and record.get("state") == "intent":
                return name.split(".")[0], record
        return None

    @classmethod
    def peek(cls, folder: Path, period: str) -> tuple[str, dict] | None:
        """(via, record) of the edition's completed send, read without the lock: for notes only
        (`build` mentions it), never to decide whether to send."""
        ledger = cls.read_only(folder, period)
        return ledger.sent() if ledger is not None else None

    def reached_list(self) -> bool:
        """Whether any of the list may have the edition: a real send done, or begun (a build
        keeps its web page the message as sent)."""
        return bool(self.sent() or self.unfinished())

    def sent_on(self, timezone: str) -> str | None:
        """How and when its real send was done, as messages say it ("via smtp on …"); None if not."""
        if (sent := self.sent()) is None:
            return None
        return f"via {sent[0]} on {when(sent[1].get('done_at'), timezone)}"

    @classmethod
    def read_only(cls, folder: Path, period: str) -> Ledger | None:
        """The edition's ledger read without the lock, for notes only; None if it cannot be read."""
        try:
            ledger = cls(folder, period)._with_data()
            ledger.sent()  # a ledger edited into another shape is none
            return ledger
        except (NewsletterError, AttributeError, TypeError):
            return None

    def _with_data(self) -> Ledger:
        self.data = self._load()
        return self

    def journal(self) -> Journal:
        return Journal(self.folder / f"{self.period}.recipients.jsonl")

    def keep_message(self, eml: bytes) -> str:
        """Keeps `eml`, the message a send begins with, beside the ledger, and returns its digest
        (for the step's `content`): a run resuming that send after a rebuild sends the rest of the
        list this, not the rebuild, and it is the copy kept as sent."""
        try:
            write_atomic(self.began_path(), eml)
        except OSError as error:
            raise NewsletterError(
                f"Could not keep the message {self.period} is sent as in {self.folder} ({error.strerror or error}); "
                "nothing was sent. Free some space or make the folder writable, then run again."
            ) from None
        return digest(eml)

    def forget_message(self) -> None:
        """The message a send began with, removed once the send is done and kept as sent
        (dist/<PERIOD>/sent.eml): no run resumes a finished send, and every per-reader send
        left a copy of its edition in .newsletter/ledger/ for good. Left in place if the copy
        as sent could not be written: then it is the only one."""
        with contextlib.suppress(OSError):  # (one that cannot be removed is only a file too many)
            self.began_path().unlink()

    def began_path(self) -> Path:
        return self.folder / f"{self.period}.began.eml"

    def message(self, content: str | None) -> bytes | None:
        """The message a send began with, if it is the one of `content` (its step's digest of it).

        Only a file this tool could have written is read: the file itself, not what a link in
        its place names, and no larger than a message a server takes. A link to /dev/zero read
        until memory ran out, a named pipe until something wrote to it (the send hung before
        a word), a 10 GB file was read whole to learn it is not the message."""
        if not content:
            return None
        try:
            fd = os.open(self.began_path(), os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
        except OSError:  # gone, unreadable, or a link (ELOOP)
            return None
        with os.fdopen(fd, "rb") as handle:
            facts = os.fstat(handle.fileno())
            if not stat.S_ISREG(facts.st_mode) or facts.st_size > _LARGEST_MESSAGE:
                return None
            eml = handle.read(_LARGEST_MESSAGE + 1)
        return eml if digest(eml) == content else None


def digest(eml: bytes) -> str:
    """A message's digest as a send's step keeps it (`content`), to know the message again."""
    return hashlib.sha256(eml).hexdigest()


# No SMTP server takes a message this large (most refuse past 25 to 50 MB): a began.eml larger
# is none this tool wrote. O_NONBLOCK: opening a named pipe for reading waits for a writer.
_LARGEST_MESSAGE = 256 * 1024 * 1024
_NOFOLLOW, _NONBLOCK = getattr(os, "O_NOFOLLOW", 0), getattr(os, "O_NONBLOCK", 0)


class Journal:
    """Per-recipient states of a one-message-per-recipient SMTP send, append-only.

    States: `intent` (about to send), `done` (the server accepted it), `failed` (the server
    refused it: safe to retry), `unknown` (the connection died while the server had the
    message: it may have gone out, so it is not resent without --resend-uncertain).
    """

    def __init__(self, path: Path):
        self.path = path
        self._handle = None

    def states(self) -> dict[str, dict]:
        """The last record of each recipient (by lower-cased address)."""
        states: dict[str, dict] = {}
        try:
            # errors="replace": a line torn inside a character is unreadable, not the whole file
            lines = self.path.read_text(encoding="utf-8", errors="replace").splitlines()
        except FileNotFoundError:
            return states
        for line in lines:
            record = json_object(line)  # None for a line torn by a crash mid-write: its step is redone or reported
            if record is not None and isinstance(record.get("to"), str):
                states[record["to"].lower()] = record
        return states

    def record(self, address: str, state: str, **data) -> None:
        line = json.dumps({"to": address, "state": state, "at": now(), **data}, ensure_ascii=False)
        try:
            created = False
            if self._handle is None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                if _torn(self.path):  # a crash mid-write: this record goes on a line of its own
                    line = "\n" + line
                created = not self.path.exists()
                self._handle = open(self.path, "a", encoding="utf-8")
            self._handle.write(line + "\n")
            self._handle.flush()
            os.fsync(self._handle.fileno())
            if created:  # its name in the folder too: a power cut lost the whole journal (see synced_folder)
                synced_folder(self.path.parent)
        except OSError as error:  # a full disk: a traceback stopped the send with no word of where it stood
            raise NewsletterError(
                f"Could not write the send journal {self.path} ({error.strerror or error}); stopped at "
                f"{address}, {'not sent' if state == 'intent' else 'which may have it: it is not resent unasked'}. "
                "Free some space, then run the same command again to continue with the rest."
            ) from None

    def close(self) -> None:
        if self._handle is not None:
            handle, self._handle = self._handle, None
            with contextlib.suppress(OSError):  # what a full disk kept out of it, record() said
                handle.close()


def _torn(path: Path) -> bool:
    """Whether `path` ends in a line a crash left unfinished (appended to, the next record
    would join it and be unreadable too)."""
    try:
        with open(path, "rb") as handle:
            handle.seek(-1, os.SEEK_END)
            return handle.read(1) != b"\n"
    except OSError:  # no file, or an empty one
        return False
