"""A loaded `newsletter` kept waiting for the next build: the command's half.

An author at a terminal runs `build` again and again while writing an edition, and most of each
run is Python loading the pipeline and its libraries (Jinja, Markdown and the rest), several
times the interpreter's own start, then reading what the last build already read. So a build at
a terminal leaves behind a process that keeps them loaded (cli/build_server.py), waiting at most
ten minutes after its last build or a note's save, on a socket in a folder only its user can open.
The next build hands it the edition to build, with the command's own stdin, stdout and stderr,
its folder and its environment; it builds as the command would, and the command exits with its
exit status.

NEWSLETTER_RESIDENT=0 turns this off; =1 turns it on where there is no terminal (the bench). At a
terminal means in a session that has one, whatever the command's streams are (_at_a_terminal).
This half runs before anything is loaded, so it imports only modules built into Python.
"""

from __future__ import annotations

import os
import sys

SWITCH = "NEWSLETTER_RESIDENT"
# How long the command waits for the waiting process to take its build, which it does in
# milliseconds when it is idle; one stopped (`kill -STOP`) or hung is passed by after it.
ANSWER_SECONDS = 2.0


def build(root: str, period: str | None, offline: bool) -> int | None:
    """The exit status of this build done by the waiting process, or None if none took it
    (then the caller builds in this process, and calls `leave_one` after)."""
    address = address_of_server()
    if address is None:
        return None
    import _socket

    try:
        streams = [stream.fileno() for stream in (sys.stdin, sys.stdout, sys.stderr)]
    except (AttributeError, ValueError, OSError):  # a stream closed or replaced: build here
        return None
    connection = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    connection.settimeout(ANSWER_SECONDS)
    try:
        connection.connect(address)
        descriptors = b"".join(fd.to_bytes(4, sys.byteorder, signed=True) for fd in streams)
        request = _request(root, period, offline)
        connection.sendmsg([request], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, descriptors)])
        answer = receive(connection, 5)
    except OSError:  # no process waits there (or it has just ended, or is stopped): build here
        answer = None
    except KeyboardInterrupt:  # ^C before it took the build, which it now never does
        connection.close()
        print("\nAborted!", file=sys.stderr)  # as the command says it while it loads
        return 1
    if answer is None or answer[:1] != b"P":  # b"S": it loaded code that has changed since
        connection.close()
        return None
    return _wait(connection, int.from_bytes(answer[1:], "little"))


def leave_one(root: str | None = None, period: str | None = None, offline: bool = False) -> None:
    """After a build done here, start a process that loads what it loaded and waits for the next
    (with this build's request, `root` given: the edition it makes ahead when a note is saved)."""
    address = address_of_server(create=True)
    if address is None:
        return
    import subprocess

    modules = "\n".join(name for name in list(sys.modules) if name != "__main__")
    try:
        waiting = subprocess.Popen(
            [sys.executable, "-P", "-m", "newsletter.cli.build_server", address],  # -P: as readers.py
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # the terminal's ^C and hang-up are the command's, not its
            cwd=os.path.dirname(address),
        )
        waiting.stdin.write(modules.encode())
        if root is not None:  # (after a NUL: no module's name)
            waiting.stdin.write(b"\0" + _request(root, period, offline)[4:])
        waiting.stdin.close()
    except OSError:
        pass  # the next build loads afresh, as this one did


def address_of_server(create: bool = False) -> str | None:
    """The socket of the waiting process for this interpreter and this copy of the tool, in a
    folder that is this user's alone (else None: another user could read the environment
    handed over, and answer for the build)."""
    if not _wanted() or not hasattr(os, "getuid") or not hasattr(os, "fork"):  # (Windows: no such sockets)
        return None
    # (a relative one is no such folder, as the XDG spec says: it would be made in the workspace)
    bases = [os.environ.get("XDG_RUNTIME_DIR"), os.environ.get("TMPDIR"), "/tmp"]
    base = next(path for path in bases if path and os.path.isabs(path))
    folder = os.path.join(base, f"newsletter-{os.getuid()}")
    name = f"build-{_fnv(sys.prefix + os.path.dirname(__file__)):016x}.sock"
    # A socket's path has at most 107 bytes (103 on macOS), its name while it is bound ".PID" more:
    # a longer one (a deep $TMPDIR) cannot be bound, and the process started for it would load
    # everything (0.3 s of a core) only to end.
    if len(os.fsencode(os.path.join(folder, name))) + len(".4194304") >= (108 if sys.platform == "linux" else 104):
        return None
    if create:
        try:
            os.mkdir(folder, 0o700)
        except OSError:
            pass
    try:
        held = os.lstat(folder)
    except OSError:
        return None
    if held.st_uid != os.getuid() or held.st_mode & 0o170077 != 0o040000:  # a folder, closed to others
        return None
    return os.path.join(folder, name)


def _wanted() -> bool:
    chosen = os.environ.get(SWITCH, "")
    if chosen in ("0", "1"):
        return chosen == "1"
    return _at_a_terminal()


def _at_a_terminal() -> bool:
    """Whether an author is at a terminal: the command's stdin and stderr are one, or its session
    has one, its streams sent elsewhere (`build > log`, `build | less`, a Makefile, hyperfine's
    /dev/null). A job of cron, CI or a service has none: opening /dev/tty fails there."""
    try:
        if sys.stdin.isatty() and sys.stderr.isatty():
            return True
    except (AttributeError, ValueError, OSError):
        pass
    try:
        os.close(os.open("/dev/tty", os.O_RDONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_NONBLOCK", 0)))
    except OSError:
        return False
    return True


def _fnv(text: str) -> int:
    """A stable 64-bit hash (FNV-1a) of `text`, without importing hashlib."""
    value = 0xCBF29CE484222325
    for byte in text.encode("utf-8", "surrogatepass"):
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return value


def _request(root: str, period: str | None, offline: bool) -> bytes:
    import marshal

    mask = os.umask(0o022)
    os.umask(mask)
    body = marshal.dumps(
        {
            "root": root,
            "period": period,
            "offline": offline,
            "cwd": os.getcwd(),
            "environ": dict(os.environ),
            "umask": mask,
            "argv": sys.argv,
            "path": sys.path if sys.flags.safe_path else sys.path[1:],  # (less the script's folder: -P)
            "streams": [(s.encoding, s.errors) for s in (sys.stdin, sys.stdout, sys.stderr)],
        }
    )
    return len(body).to_bytes(4, "little") + body


def receive(connection, size: int) -> bytes | None:
    """`size` bytes from `connection`, or None if it closes first."""
    data = b""
    while len(data) < size:
        chunk = connection.recv(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def _wait(connection, server: int) -> int | None:
    """The build's exit status, passing on ^C, `kill` and the terminal's hang-up to the process
    building, which ends of them as the command would have; None if it could not be told to build."""
    import _signal

    passed = []

    def pass_on(number, _frame):
        passed.append(number)
        try:
            os.kill(server, number)
        except OSError:
            pass

    # (not one the command ignores: `nohup newsletter build` must outlive its terminal here too)
    numbers = [n for n in (_signal.SIGINT, _signal.SIGTERM, _signal.SIGHUP) if _signal.getsignal(n) != _signal.SIG_IGN]
    earlier = {number: _signal.signal(number, pass_on) for number in numbers}
    try:  # the go-ahead: it builds only once told, so never for a command that gave up on it
        connection.sendall(b"G")
    except OSError:
        connection.close()
        for number, handler in earlier.items():
            _signal.signal(number, handler)
        return None
    connection.settimeout(None)
    try:
        status = receive(connection, 4)
    except OSError:
        status = None
    connection.close()
    if status is not None:
        return int.from_bytes(status, "little", signed=True)
    for number in passed:  # killed by what killed the command: it dies of it too, as it would have
        if number != _signal.SIGINT:
            _signal.signal(number, _signal.SIG_DFL)
            os.kill(os.getpid(), number)
    # (^C, or nothing passed on: it ended without a word, killed, or the machine short of memory)
    print("Error: the build was stopped before it ended. Run it again.", file=sys.stderr)
    return 1
