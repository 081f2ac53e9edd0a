"""This user's own key, kept outside every workspace, and what the tool signs with it.

What the tool keeps in a workspace's .newsletter/ (compiled templates, notes parsed and
sanitised) is read back as its own work, and a sync folder or a shared drive hands that folder to
others. Signed with a key only this user can read, a file or row someone else wrote is no longer
taken for the tool's: it is made again. The standard library only.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import stat
import sys

from newsletter.workspace import regular_bytes

KEY_FILE = "code-key"
_KEY_BYTES = 32
SIGNATURE = 32
_keys: dict[tuple, bytes | None] = {}


def signature(key: bytes, data: bytes) -> bytes:
    """BLAKE2b in its keyed mode, a MAC (RFC 7693), at half HMAC-SHA256's cost a note."""
    return hashlib.blake2b(data, key=key, digest_size=SIGNATURE).digest()


def own_key() -> bytes | None:
    """This user's key, in their cache folder outside any workspace (made on first use, readable
    by them alone); None where there is no such folder, or others could read or replace it.
    Looked for once a process for each place it would be (a build signs and checks every note)."""
    where = (os.environ.get("XDG_CACHE_HOME"), os.environ.get("HOME"))
    if where not in _keys:
        folder = _key_folder()
        _keys[where] = None if folder is None else _read_or_make(os.path.join(folder, KEY_FILE))
    return _keys[where]


def _key_folder() -> str | None:
    base = os.environ.get("XDG_CACHE_HOME") or ""
    if not os.path.isabs(base):  # (a relative one is none, as the XDG spec says)
        base = os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):
        return None
    folder = os.path.join(base, "newsletter")
    with contextlib.suppress(OSError):
        os.makedirs(folder, 0o700, exist_ok=True)
    return folder if _private(folder, 0o022) else None


def _private(path: str, others: int) -> bool:
    """Whether `path` is this user's, and none of the `others` bits are set (on Windows: there)."""
    try:
        facts = os.lstat(path)
    except OSError:
        return False
    if not hasattr(os, "getuid") or sys.platform == "win32":
        return True
    return facts.st_uid == os.getuid() and not facts.st_mode & others and not stat.S_ISLNK(facts.st_mode)


def _read_or_make(path: str) -> bytes | None:
    for _ in range(2):
        if _private(path, 0o077):
            key = regular_bytes(path, _KEY_BYTES)
            if key is not None and len(key) == _KEY_BYTES:
                return key
            with contextlib.suppress(OSError):  # damaged (the disk, a hand): made again
                os.unlink(path)
        made = _made_whole(path)
        if made is not False:
            return made
    return None


def _made_whole(path: str) -> bytes | None | bool:
    """A new key at `path`, written to a file of its own and linked there whole: made in place, a
    build starting at the same moment (the waiting process a first build starts) read it empty,
    removed it as cut short and wrote its own, and one of the two signed with a key no later build
    had. False if a key is there by now (another's, to be read), None if none can be made."""
    temporary = f"{path}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "wb") as handle:
            key = secrets.token_bytes(_KEY_BYTES)
            handle.write(key)
        _link_or_move(temporary, path)
    except FileExistsError:
        return False
    except OSError:
        return None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    return key


def _link_or_move(temporary: str, path: str) -> None:
    try:
        os.link(temporary, path)
    except (FileExistsError, FileNotFoundError):
        raise
    except OSError:  # no hard links on this file system (FAT, some FUSE): moved in, if none is there yet
        if os.path.lexists(path):
            raise FileExistsError(path) from None
        os.rename(temporary, path)


def sealed(key: str, value: str) -> str:
    """`value`, kept under `key` in a cache of the workspace, with this user's signature before it:
    a row a synced or shared .newsletter/ brought (a note's sanitised HTML, written by anyone who
    can compute its key) is not what this user's tool made, and would go into the post as it is."""
    return signature(own_key() or b"", f"{key}\0{value}".encode()).hex() + value


def unsealed(key: str, kept) -> str | None:
    """The value `sealed` kept under `key`, or None if this user's key did not seal it there."""
    return unsealed_with(own_key(), key, kept)


def unsealed_with(own: bytes | None, key: str, kept) -> str | None:
    """`unsealed` with this user's key (`own_key()`) given: looked up once for a batch of rows,
    not for each (two environment variables read each time; a build unseals some 200 notes)."""
    if not isinstance(kept, str) or own is None:
        return None
    value, given = kept[2 * SIGNATURE :], kept[: 2 * SIGNATURE]
    # (compare_digest takes text of ASCII alone: a seal that is not ASCII is none of ours)
    made = signature(own, f"{key}\0{value}".encode()).hex()
    return value if given.isascii() and hmac.compare_digest(given, made) else None


def unsealed_bytes(own: bytes | None, key: str, kept) -> str | None:
    """`unsealed_with` of a row read as its UTF-8 bytes (SQL's CAST(value AS BLOB)): the seal is
    checked over the bytes the file holds, and the value decoded once, after. Read as text, each
    of a build's ~150 kept notes was decoded from UTF-8 by sqlite3 and encoded again to check its
    seal, a copy of a few KB each way (fast 28). The same bytes are signed: those of the text
    `sealed` was given (a value that is not UTF-8 is none of ours)."""
    if not isinstance(kept, bytes) or own is None:
        return None
    value, given = kept[2 * SIGNATURE :], kept[: 2 * SIGNATURE]
    made = signature(own, b"%s\0%s" % (key.encode(), value)).hex().encode()
    if not (given.isascii() and hmac.compare_digest(given, made)):
        return None
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return None
