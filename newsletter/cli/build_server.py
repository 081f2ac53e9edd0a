"""The process a build at a terminal leaves waiting for the next build (`python -m
newsletter.cli.build_server SOCKET`; cli/resident.py is the command's half).

It loads the modules the build that started it had loaded (named on its stdin), then builds
each edition it is handed, one at a time, in itself: what a build reads and makes on first use
(the settings, Jinja's compiled templates, the entries' cached parts, the Markdown parser, the
page readers) stays made for the next, as it does in `preview`. For each build it takes on the
command's stdin, stdout and stderr, folder, environment, umask and arguments, and gives them back
after. It ends
- after IDLE_SECONDS without a build or a note saved, and after MOST_BUILDS builds (what it
  keeps grows);
- after a build that did not end well (^C, an error, a bug): what it keeps may be half made;
- when a module it loaded has changed on disk (an upgrade, an edit of the tool): that build is
  then done by the command itself, which leaves a new one.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib
import io
import marshal
import os
import select
import signal
import socket
import sys
import time

from newsletter.cli import terminal_variables
from newsletter.cli.build_request import request_in
from newsletter.cli.resident import ANSWER_SECONDS, receive
from newsletter.cli.saved_notes import SavedNotes

IDLE_SECONDS = 600
MOST_BUILDS = 100
REQUEST_LIMIT = 1 << 20  # bytes: an environment is a few KB


def serve(address: str) -> None:
    lock = open(address + ".lock", "a")  # noqa: SIM115 (held for the process's life)
    if not _locked(lock):
        return  # another one waits on this socket already
    with contextlib.suppress(OSError):  # moved aside by one killed while it built
        os.unlink(address + ".busy")
    path = list(sys.path)  # (as it started: the modules named may add to it)
    names, _, last = sys.stdin.buffer.read().partition(b"\0")  # the modules, then the build that started it
    for name in names.decode().split():
        try:
            importlib.import_module(name)
        except BaseException:  # noqa: BLE001, S112 (one that loads only where it was loaded: the build loads it)
            continue
    from newsletter import config
    from newsletter.commands.build import keep_between_builds  # (loaded: every build loads it)

    # what a build frees and opens, and the settings while their text is the same, kept for the next
    # (not the templates' environments, as `build --all` keeps them: they hold the settings' words)
    keep_between_builds()
    config.keep_loaded()
    loaded = _loaded_files()
    sys.meta_path.insert(0, _Watching(loaded))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # ended the ordinary way: its page readers stop
    # ^C and a hang-up reach it only from a command passing on its own: they end that build (not ignored as by `nohup`)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    # watching before it has the socket's name: a note saved once a build can find it is seen
    notes, served = SavedNotes(), _started_by(last)
    if served:
        _watch(notes, served[-1])
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    fresh = f"{address}.{os.getpid()}"
    try:
        listener.bind(fresh)
        listener.listen(16)  # before it has the socket's name: a build finding it there is taken
        os.replace(fresh, address)  # over the socket of one that was killed
    except OSError:  # a path too long for a socket (a deep $TMPDIR): every build is the command's
        notes.close()
        return
    ours = os.stat(address).st_ino
    listener.settimeout(IDLE_SECONDS)
    try:
        for _ in range(MOST_BUILDS):
            connection = _next_build(listener, notes, served)
            with connection, _aside(address):
                if not _serve_one(connection, loaded, path, served):
                    return
            if served:
                _watch(notes, served[-1])
    except (TimeoutError, KeyboardInterrupt):  # idle long enough, or a ^C passed on after its build
        return
    finally:
        notes.close()
        with contextlib.suppress(OSError):
            if os.stat(address).st_ino == ours:
                os.unlink(address)


def _locked(lock) -> bool:
    for _ in range(20):  # one that is ending (its code changed) may hold it for a moment
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            time.sleep(0.1)
    return False


def _loaded_files() -> dict[str, tuple | None]:
    """Each loaded module's file as it is now, and what is installed in each folder modules and
    plugins are found in: a change of the tool, or of what is installed beside it, changes one of
    them. (A plugin installed changes no loaded module, and the registry of plugins, read once a
    process, would not have had it.)"""
    modules = [getattr(module, "__file__", None) for module in list(sys.modules.values())]
    found = {path: _state(path) for path in modules if isinstance(path, str)}
    return found | {(INSTALLED, folder): _installed(folder) for folder in sys.path}


def _state(path: str) -> tuple | None:
    """What changes when a file is written, replaced or moved: its change time as well as its
    modification time, which `cp -p`, tar and rsync give back to a file they replace."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return (status.st_mtime_ns, status.st_ctime_ns, status.st_ino, status.st_size)


# What an install, upgrade or removal writes in a folder on the module path: the packages'
# metadata (their plugins' entry points) and .pth files. Not any file: a checkout the tool is
# installed from (pip install -e) is such a folder, and an editor's swap file there, a tool's
# cache, would have ended the waiting process at every build.
INSTALLED = (".dist-info", ".egg-info", ".egg-link", ".pth")


def _installed(folder: str) -> dict[str, tuple | None] | None:
    try:
        names = os.listdir(folder)
    except OSError:  # (none, or a zip file: the standard library's)
        return None
    return {name: _state(os.path.join(folder, name)) for name in names if name.endswith(INSTALLED)}


class _Watching:
    """First on sys.meta_path, it finds no module itself: it notes the state of each module's file
    the finders after it find, before the file is read. A module a build loads first (a provider
    plugin, a page reader an offline build never asked for) is watched from then on: noted after
    that build instead, an edit while it ran (the build fetching for a minute) was never seen."""

    def __init__(self, loaded: dict):
        self.loaded = loaded

    def find_spec(self, name, path=None, target=None):
        for finder in list(sys.meta_path):
            find = getattr(finder, "find_spec", None)
            if finder is self or find is None:
                continue
            spec = find(name, path, target)
            if spec is not None:
                if spec.has_location and isinstance(spec.origin, str):
                    self.loaded.setdefault(spec.origin, _state(spec.origin))
                return spec
        return None


def _add_loaded(loaded: dict) -> None:
    """The files of modules a build loaded without the import system's finders (a file a plugin
    runs by its path) watched from now on, as they are after the build."""
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path not in loaded:
            loaded[path] = _state(path)


def _changed(loaded: dict) -> bool:
    return any(
        (_installed(path[1]) if isinstance(path, tuple) else _state(path)) != was for path, was in loaded.items()
    )


def _next_build(listener, notes: SavedNotes, served: list[dict]):
    """The next build's connection; meanwhile, each time a note of the last build's edition is
    saved, that edition made ahead for it (commands/prepared.py). TimeoutError when idle long enough."""
    deadline = time.monotonic() + IDLE_SECONDS
    while True:
        waits = [listener] if notes.fd is None else [listener, notes.fd]
        ready = select.select(waits, [], [], max(0.0, deadline - time.monotonic()))[0]
        if listener in ready:
            return listener.accept()[0]
        if not ready:
            raise TimeoutError
        if notes.saved():
            _make(served[-1])
            deadline = time.monotonic() + IDLE_SECONDS  # (an author saving is at work: a long note's build found none)


def _started_by(data: bytes) -> list[dict]:
    """The request of the build that started this process, as `served` holds it (none if unreadable)."""
    try:
        request = marshal.loads(data) if data else None
    except (ValueError, EOFError, TypeError):
        return []
    wanted = {"root", "period", "cwd", "environ", "umask"}
    return [request] if isinstance(request, dict) and wanted <= request.keys() else []


def _make(request: dict) -> None:
    """The edition of the last build made ahead, as that build would make it."""
    from newsletter.commands import prepared  # (loaded: every build loads it)

    # (its folder removed since: nothing made, as for any edition that cannot be made now)
    with contextlib.suppress(OSError), _as_in(request):
        prepared.make(request["root"], request["period"])


def _watch(notes: SavedNotes, request: dict) -> None:
    """The entry folders of the edition just built watched for the next save."""
    from newsletter.commands import prepared

    with contextlib.suppress(OSError), _as_in(request):  # (its folder removed: as _make)
        notes.watch(prepared.folders(request["root"], request["period"]))


@contextlib.contextmanager
def _as_in(request: dict):
    """The build's folder, environment and umask (not its streams: the command has ended)."""
    environ, folder, mask = dict(os.environ), os.getcwd(), os.umask(request["umask"])
    try:
        os.chdir(request["cwd"])
        _environment(request["environ"])
        yield
    finally:
        _environment(environ)
        os.chdir(folder)
        os.umask(mask)


def _made_for(request: dict) -> tuple:
    """What an edition made ahead was made for: a build of it elsewhere, or in another
    environment (but for what only tells one terminal from another), is its command's own."""
    environ = terminal_variables.made_in(request.get("environ") or {})
    return (*(request.get(key) for key in ("root", "period", "cwd", "umask")), sorted(environ.items()))


def _serve_one(connection, loaded: dict, path: list[str], served: list[dict]) -> bool:
    """One build handed over on `connection`; whether to wait for another (`served`: the
    requests built, the last of which an edition is made ahead for)."""
    connection.settimeout(ANSWER_SECONDS)  # a command sends its request at once: a silent one is none
    try:
        data, fds, _, _ = socket.recv_fds(connection, 1 << 16, 3)
    except OSError:
        return True
    try:
        size = int.from_bytes(data[:4], "little")
        if len(fds) != 3 or len(data) < 4 or size > REQUEST_LIMIT:
            return True  # not a build's request: nothing was taken on
        try:
            rest = receive(connection, size + 4 - len(data)) if len(data) < size + 4 else b""
        except OSError:
            rest = None
        if rest is None:
            return True
        request = request_in(data[4:] + rest)
        if request is None:
            return True  # not a build's request either: this user's, as the folder is, but no command's
        # another PYTHONPATH (or Python's options) finds other modules and plugins: the command's own build
        if _changed(loaded) or request.get("path") != path:
            with contextlib.suppress(OSError):
                connection.sendall(b"S\0\0\0\0")
            return False
        if not _go_ahead(connection):
            return True
        from newsletter.commands import prepared

        if served and _made_for(served[-1]) != _made_for(request):
            prepared.forget()  # made in another folder, environment or for another edition
        with _taken_on(request, fds):
            code = _build(request)
        prepared.forget()  # (used, or not: made of what the build has just changed)
        if code == 0:
            served[-1:] = [request]
        _add_loaded(loaded)
        with contextlib.suppress(OSError):  # the command was killed meanwhile
            connection.sendall(code.to_bytes(4, "little", signed=True))
        return code == 0
    finally:
        for fd in fds:
            os.close(fd)


def _go_ahead(connection) -> bool:
    """Whether the command, told this process takes its build, says to go ahead: not if it gave up
    waiting (this process was stopped, or busy) and builds itself."""
    try:
        connection.sendall(b"P" + os.getpid().to_bytes(4, "little"))
        connection.settimeout(ANSWER_SECONDS)
        told = receive(connection, 1)
        connection.settimeout(None)
    except OSError:  # (closed by the command meanwhile)
        return False
    return told == b"G"


@contextlib.contextmanager
def _aside(address: str):
    """The socket moved aside while this process builds: a build in another terminal meanwhile is
    its command's own at once, not one that waits for this one to end (a minute's fetching)."""
    busy = address + ".busy"
    try:
        os.rename(address, busy)
    except OSError:
        yield
        return
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.rename(busy, address)


@contextlib.contextmanager
def _taken_on(request: dict, fds: list[int]):
    """The command's streams, folder, environment, umask and arguments, for the build's time."""
    kept = [os.dup(number) for number in (0, 1, 2)]
    streams, argv, environ, folder = (sys.stdin, sys.stdout, sys.stderr), sys.argv, dict(os.environ), os.getcwd()
    mask = os.umask(request["umask"])
    # `kill` of the command, passed on, ends the build as it ends the command: at once, not by the
    # SystemExit that ends this process while it waits, which a build would take for its success
    stopping = signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        for number, fd in enumerate(fds):
            os.dup2(fd, number)
        os.chdir(request["cwd"])
        _environment(request["environ"])
        sys.argv = request["argv"]
        (in_code, in_errors), (out_code, out_errors), (err_code, err_errors) = request["streams"]
        sys.stdin = io.TextIOWrapper(open(0, "rb", closefd=False), in_code, in_errors)
        # as Python opens them: stdout line by line only on a terminal, stderr always
        terminal = os.isatty(1)
        sys.stdout = io.TextIOWrapper(open(1, "wb", closefd=False), out_code, out_errors, line_buffering=terminal)
        sys.stderr = io.TextIOWrapper(open(2, "wb", closefd=False), err_code, err_errors, line_buffering=True)
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):  # a reader gone (`build | head -0`)
                stream.flush()
        for number, fd in enumerate(kept):
            os.dup2(fd, number)
            os.close(fd)
        (sys.stdin, sys.stdout, sys.stderr), sys.argv = streams, argv
        _environment(environ)
        os.chdir(folder)
        os.umask(mask)
        signal.signal(signal.SIGTERM, stopping)


def _environment(wanted: dict) -> None:
    os.environ.clear()
    os.environ.update(wanted)
    time.tzset()  # TZ: the build's "today"


def _build(request: dict) -> int:
    """The edition built as the command builds it; its exit status."""
    from newsletter.cli import ending
    from newsletter.cli.launch import build_here

    try:  # the command's output on a full disk said in a line, as the command says it
        ending.said_if_unwritable(lambda: build_here(request["root"], request["period"], request["offline"]))
        return 0
    except SystemExit as done:
        code = done.code
    except BaseException:  # noqa: BLE001 (said as Python says it, on the command's stderr)
        import traceback

        traceback.print_exc()
        return 1
    if code is None or isinstance(code, int):
        return code or 0
    print(code, file=sys.stderr)
    return 1


if __name__ == "__main__":
    serve(sys.argv[1])
