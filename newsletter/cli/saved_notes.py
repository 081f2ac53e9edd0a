"""The entry folders the waiting process (cli/build_server.py) watches, to make the next edition
as soon as a note is saved rather than when `build` is typed: Linux's inotify, through the C
library. Where there is none (macOS, Windows), nothing is watched and each build makes its own.
"""

from __future__ import annotations

import os
import struct

# a file written and closed, moved in or out (an editor's save by rename), made or deleted
_EVENTS = 0x8 | 0x40 | 0x80 | 0x100 | 0x200
_HEADER = struct.Struct("iIII")  # struct inotify_event: wd, mask, cookie, len (then the name)


class SavedNotes:
    def __init__(self) -> None:
        self.fd: int | None = None
        self.folders: list[str] = []

    def watch(self, folders: list[str]) -> None:
        """From now on, the files in `folders` (those before are no longer watched). The same
        folders stay watched as they are: a note saved while the edition was being built is
        still seen (watched anew, it was lost, and the next build made its edition itself)."""
        if folders == self.folders and self.fd is not None:
            return
        self.close()
        if not folders:
            return
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        except (OSError, AttributeError):  # no inotify here
            return
        if fd < 0:
            return
        self.fd, self.folders = fd, folders
        for folder in folders:
            libc.inotify_add_watch(fd, os.fsencode(folder), _EVENTS)

    def saved(self) -> bool:
        """Whether an entry-like file was saved since last asked (an editor's swap or backup
        file is none: vim writes its .swp every few seconds of typing, Emacs its #x.md# every
        300 characters)."""
        if self.fd is None:
            return False
        found = False
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                return found
            except OSError:
                self.close()
                return found
            at = 0
            while at + _HEADER.size <= len(data):
                _, _, _, size = _HEADER.unpack_from(data, at)
                name = data[at + _HEADER.size : at + _HEADER.size + size].rstrip(b"\0")
                at += _HEADER.size + size
                found = found or not (name.startswith(b".") or name.endswith((b"~", b".swp", b".tmp", b"#")))

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd, self.folders = None, []
