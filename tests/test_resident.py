"""The loaded process a build at a terminal leaves (cli/resident.py, cli/build_server.py): a
build it does must be the build the command would have done, word for word and byte for byte.

Each test runs the real command as real processes, with the process's socket in a folder of its
own, and tells which process built by what the waiting one wrote and ran (Linux's /proc): a
build handed over moves one or both, a build the command did itself leaves it still.
"""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from werkzeug import Response

from newsletter.cli import resident

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="tells who built by /proc (Linux)")

PERIOD = "2021-02"
COMMAND = "from newsletter.cli.ending import command; command()"  # the installed script's body


@pytest.fixture
def sockets():
    """A folder of its own for the waiting process's socket (short: a socket's path is at most
    108 bytes, and pytest's folders are long); the process ended after the test."""
    folder = Path(tempfile.mkdtemp(prefix="nl-", dir="/tmp"))
    yield folder
    subprocess.run(["pkill", "-f", str(folder)], check=False)
    shutil.rmtree(folder, ignore_errors=True)


def newsletter(arguments: list[str], cwd: Path, sockets: Path, resident_on: bool = True, **options):
    """The `newsletter` command as the installed script runs it, with Python's own buffering."""
    options.setdefault("capture_output", True)
    options.setdefault("timeout", 120)
    return subprocess.run(**{**_command(arguments, sockets, resident_on), **options}, cwd=cwd)


def started(arguments: list[str], cwd: Path, sockets: Path, **options) -> subprocess.Popen:
    """The command of `newsletter`, started and left running."""
    options.setdefault("stdout", subprocess.PIPE)
    options.setdefault("stderr", subprocess.PIPE)
    return subprocess.Popen(**{**_command(arguments, sockets, True), **options}, cwd=cwd)


def _command(arguments: list[str], sockets: Path, resident_on: bool) -> dict:
    env = {name: value for name, value in os.environ.items() if name != "PYTHONUNBUFFERED"}
    env.update(XDG_RUNTIME_DIR=str(sockets), NEWSLETTER_RESIDENT="1" if resident_on else "0")
    code = f"import sys; sys.argv = ['newsletter', *{arguments!r}]\n" + COMMAND
    return {"args": [sys.executable, "-c", code], "env": env, "preexec_fn": ignoring()}


def ignoring(*numbers: int):
    """A command's signals as at a terminal, but for `numbers`, ignored as under `nohup` (SIGHUP)
    or in a script's `&` (SIGINT). (As at a terminal even when the tests run under nohup.)"""

    def set_them() -> None:
        for number in (signal.SIGINT, signal.SIGHUP):
            signal.signal(number, signal.SIG_IGN if number in numbers else signal.SIG_DFL)

    return set_them


def waiting(sockets: Path) -> int:
    """The pid of the process waiting on a socket in `sockets`, once it takes builds."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for pid in _pids(sockets):
            if list(sockets.glob("newsletter-*/build-*.sock")):
                return pid
        time.sleep(0.05)
    raise AssertionError("no process is waiting for a build")


def left_waiting(root: Path, sockets: Path) -> int:
    """The pid of the process the first plain build of `root`'s February leaves waiting."""
    assert newsletter(["build", PERIOD, "--offline"], root, sockets).returncode == 0
    return waiting(sockets)


def edit_a_note(root: Path) -> None:
    """A few words more in one of February's notes: the edition is no longer up to date."""
    note = next((root / "entries/2021/02").glob("[!_]*.md"))
    note.write_text(note.read_text() + "\nMore.\n")


def _pids(sockets: Path) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
        except (OSError, ValueError):
            continue
        if b"newsletter.cli.build_server" in command and any(str(sockets).encode() in part for part in command):
            found.append(int(entry.name))
    return found


def bytes_written(pid: int) -> int:
    """The bytes `pid` has written (Linux's /proc/PID/io): a build handed over writes its outputs
    and its report, a process waiting writes nothing. (Its CPU time, in 10 ms ticks, missed a
    build that failed at once.)"""
    for line in Path(f"/proc/{pid}/io").read_text().splitlines():
        if line.startswith("wchar:"):
            return int(line.split()[1])
    raise AssertionError(f"/proc/{pid}/io has no wchar")


def cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def activity(pid: int) -> tuple[int, int]:
    """What `pid` has written and its CPU time: a waiting process moves neither."""
    return bytes_written(pid), cpu_ticks(pid)


def worked_since(pid: int, before: tuple[int, int]) -> bool:
    """Whether `pid` wrote or ran since `before` (`activity`): a build that fails at once may
    run under a 10 ms tick, and one still fetching may have written nothing yet."""
    return any(now > then for now, then in zip(activity(pid), before, strict=True))


def gone(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1][:3]:
            return True
        time.sleep(0.05)
    return False


def outputs(root: Path) -> dict[str, bytes]:
    files = [*root.glob(f"dist/{PERIOD}/*"), *root.glob("site/content/posts/*/index.md")]
    files += root.glob("site/static/**/*")
    return {str(p.relative_to(root)): p.read_bytes() for p in files if p.is_file()}


def built_here(root: Path, arguments: list[str], cwd: Path, sockets: Path):
    """The same build done by the command itself (its stamps removed: not up to date)."""
    shutil.rmtree(root / ".newsletter" / "builds", ignore_errors=True)
    return newsletter(arguments, cwd, sockets, resident_on=False)


def test_builds_handed_over_are_the_commands_own_through_a_run_of_edits(example_workspace, sockets):
    root = example_workspace
    arguments = ["-w", root.name, "build", PERIOD, "--offline"]  # relative: its folder is handed over too
    first = newsletter(arguments, root.parent, sockets)
    assert first.returncode == 0, first.stderr
    pid = waiting(sockets)
    folder = root / "entries" / "2021" / "02"
    note = sorted(p for p in folder.glob("*.md") if not p.name.startswith("_"))[0]
    edits = {
        "a note's words": lambda: note.write_text(note.read_text() + "\nA few more words.\n"),
        "the settings": lambda: (root / "newsletter.toml").write_text(
            (root / "newsletter.toml").read_text().replace('greeting = "', 'greeting = "Hi again! ', 1)
        ),
        "a template of the workspace's own": lambda: _own_text_template(root),
        "a new entry": lambda: (folder / "zz-new.md").write_text(
            "---\ntype: book\ntitle: A New Book\ndate: 2021-02-20\n---\nJust added.\n"
        ),
        "an entry removed": lambda: (folder / "zz-new.md").unlink(),
        "the workspace's caches deleted": lambda: shutil.rmtree(root / ".newsletter"),
    }
    for edit, change in edits.items():
        change()
        before = activity(pid)
        served = newsletter(arguments, root.parent, sockets)
        assert worked_since(pid, before), f"{edit}: not built by the waiting process"
        written = outputs(root)
        here = built_here(root, arguments, root.parent, sockets)
        assert (served.returncode, served.stdout, served.stderr) == (here.returncode, here.stdout, here.stderr), edit
        assert written == outputs(root), edit
        assert served.returncode == 0 and b"Built 2021-02" in served.stderr, edit
    assert _pids(sockets) == [pid]


def _own_text_template(root: Path) -> None:
    shipped = Path(resident.__file__).parents[2] / "templates" / "email.txt.j2"
    if not shipped.exists():  # installed from a wheel
        shipped = Path(resident.__file__).parents[1] / "_templates" / "email.txt.j2"
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates" / "email.txt.j2").write_text(shipped.read_text() + "\nMade by hand.\n")


def test_a_failed_build_is_said_as_the_command_says_it_and_ends_the_waiting_process(example_workspace, sockets):
    root = example_workspace
    arguments = ["build", PERIOD, "--offline"]
    pid = left_waiting(root, sockets)
    (root / "entries/2021/02/broken.md").write_text("---\ntype: book\ntitle: [unclosed\ndate: 2021-02-01\n---\nN.\n")
    before = activity(pid)
    served = newsletter(arguments, root, sockets)
    assert worked_since(pid, before)
    assert served.returncode == 1 and b"broken.md" in served.stderr and b"Traceback" not in served.stderr
    assert gone(pid), "it may hold what the failed build left half made"
    here = built_here(root, arguments, root, sockets)
    assert (served.returncode, served.stdout, served.stderr) == (here.returncode, here.stdout, here.stderr)


def test_a_closed_pipe_is_exit_status_1_and_silence_as_from_the_command(example_workspace, sockets):
    """`build | head -0` through the waiting process: 1, no "Exception ignored", as click."""
    root = example_workspace
    arguments = ["build", PERIOD, "--offline"]
    pid = left_waiting(root, sockets)
    edit_a_note(root)
    reader, writer = os.pipe()
    os.close(reader)
    try:
        before = activity(pid)
        served = newsletter(arguments, root, sockets, capture_output=False, stdout=writer, stderr=subprocess.PIPE)
        assert worked_since(pid, before)
        shutil.rmtree(root / ".newsletter" / "builds")  # not up to date: built by the command itself
        here = newsletter(
            arguments, root, sockets, resident_on=False, capture_output=False, stdout=writer, stderr=subprocess.PIPE
        )
    finally:
        os.close(writer)
    assert served.returncode == here.returncode == 1
    assert served.stderr == here.stderr and b"Exception" not in served.stderr


def test_a_changed_module_ends_it_and_the_command_builds_and_leaves_a_new_one(example_workspace, sockets, tmp_path):
    """An upgrade or an edit of the tool while it waits: it must not build with the old code."""
    loaded_by_all = tmp_path / "site-packages"
    loaded_by_all.mkdir()
    module = loaded_by_all / "sitecustomize.py"  # loaded by every Python started with it on the path
    module.write_text("")
    os.environ["PYTHONPATH"] = f"{loaded_by_all}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"
    try:
        root = example_workspace
        arguments = ["build", PERIOD, "--offline"]
        old = left_waiting(root, sockets)
        module.write_text("# upgraded\n")
        os.utime(module, ns=(time.time_ns(), time.time_ns() + 10**9))
        edit_a_note(root)
        built = newsletter(arguments, root, sockets)
        assert built.returncode == 0 and b"Built 2021-02" in built.stderr
        assert gone(old)
        assert waiting(sockets) != old
    finally:
        os.environ["PYTHONPATH"] = os.environ["PYTHONPATH"].split(os.pathsep, 1)[1]


@pytest.mark.parametrize("folder", ["open to others", "a link", "someone else's"])
def test_no_socket_is_used_in_a_folder_others_could_use(tmp_path, monkeypatch, folder):
    """Another user's socket would be handed the environment (an SMTP password, say) and the
    terminal, and could answer for the build."""
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    monkeypatch.setenv(resident.SWITCH, "1")
    own = tmp_path / f"newsletter-{os.getuid()}"
    if folder == "a link":
        (tmp_path / "elsewhere").mkdir(mode=0o700)
        own.symlink_to(tmp_path / "elsewhere")
    else:
        own.mkdir(mode=0o700)
        if folder == "open to others":
            own.chmod(0o777)
        else:
            monkeypatch.setattr(os, "getuid", lambda: os.stat(own).st_uid + 1)
    assert resident.address_of_server() is None
    assert resident.build(str(tmp_path), PERIOD, True) is None


def at_a_terminal(sockets: Path, with_terminal: bool, streams=subprocess.DEVNULL) -> bool:
    """Whether a command in a session of its own, with a terminal (a pseudo-terminal it opens
    first, as a login shell's is) or none (cron's, a service's), its stdin and stderr `streams`,
    would leave a process waiting."""
    main_end, terminal_end = os.openpty()
    opened = f"os.close(os.open({os.ttyname(terminal_end)!r}, os.O_RDWR))" if with_terminal else "pass"
    code = (
        f"import os\n{opened}\n"
        "from newsletter.cli import resident\nprint(resident.address_of_server(create=True) is not None)"
    )
    env = {name: value for name, value in os.environ.items() if name != resident.SWITCH}
    done = subprocess.run(
        [sys.executable, "-c", code],
        stdin=streams,
        stderr=streams,
        stdout=subprocess.PIPE,
        start_new_session=True,  # (no terminal of the test's: a session of its own has none until it opens one)
        env={**env, "XDG_RUNTIME_DIR": str(sockets)},
        text=True,
        check=True,
    )
    os.close(main_end)
    os.close(terminal_end)
    return done.stdout.strip() == "True"


def test_on_at_a_terminal_though_the_commands_streams_go_elsewhere(sockets):
    """`build > log`, `build | less`, hyperfine's runs (stdin and output /dev/null) are still an
    author's at a terminal; cron's, CI's and a service's builds have none."""
    assert at_a_terminal(sockets, with_terminal=True)
    assert not at_a_terminal(sockets, with_terminal=False)


def test_off_unless_at_a_terminal_or_asked(sockets, monkeypatch):
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(sockets))
    monkeypatch.delenv(resident.SWITCH, raising=False)
    monkeypatch.setattr(resident, "_at_a_terminal", lambda: False)  # (as from cron: tests may run at one)
    assert resident.address_of_server(create=True) is None
    monkeypatch.setenv(resident.SWITCH, "1")
    assert resident.address_of_server(create=True).startswith(str(sockets / f"newsletter-{os.getuid()}"))
    monkeypatch.setenv(resident.SWITCH, "0")
    assert resident.address_of_server() is None


def test_a_build_takes_on_the_commands_streams_folder_environment_and_umask_and_gives_them_back(tmp_path):
    from newsletter.cli import build_server

    reader, writer = os.pipe()
    streams = [os.open(os.devnull, os.O_RDONLY), writer, os.dup(writer)]
    environ = {"PATH": os.environ["PATH"], "TZ": "Asia/Tokyo", "ONLY_THE_COMMANDS": "1"}
    request = {
        "cwd": str(tmp_path),
        "environ": environ,
        "umask": 0o077,
        "argv": ["newsletter", "build"],
        "streams": [("utf-8", "strict"), ("utf-8", "strict"), ("utf-8", "backslashreplace")],
    }
    before = (dict(os.environ), os.getcwd(), sys.argv, time.tzname, os.dup(1))
    with build_server._taken_on(request, streams):
        seen = (dict(os.environ), os.getcwd(), sys.argv, time.tzname, os.umask(0o077))
        print("to the command's stdout", flush=True)
        print("and its stderr", file=sys.stderr)
    os.close(writer)
    for fd in streams:
        if fd != writer:
            os.close(fd)
    assert seen == (environ, str(tmp_path), ["newsletter", "build"], ("JST", "JST"), 0o077)
    assert os.read(reader, 1000) == b"to the command's stdout\nand its stderr\n"
    assert (dict(os.environ), os.getcwd(), sys.argv, time.tzname) == before[:4]
    assert os.path.sameopenfile(1, before[4])
    os.close(before[4])


def held_month(root: Path, server, release) -> threading.Event:
    """March 2021: one link whose page is held until the test ends (`release`), so that its
    online build is under way as long as the test needs; the event is set once it is asked for."""
    asked = threading.Event()

    def held(_request):
        asked.set()
        release.wait(60)
        return Response("<title>Held</title>", content_type="text/html")

    server.expect_request("/held").respond_with_handler(held)
    settings = root / "newsletter.toml"
    allowed = settings.read_text().replace("allow_private_addresses = false", "allow_private_addresses = true")
    settings.write_text(allowed.replace("timeout = 10.0", "timeout = 60.0"))
    (root / "entries/2021/03").mkdir()
    (root / "entries/2021/03/held.md").write_text(
        f"---\ntype: article\nurl: http://127.0.0.1:{server.port}/held\ndate: 2021-03-02\n---\nHeld.\n"
    )
    return asked


def under_way(building: subprocess.Popen, asked: threading.Event) -> bool:
    """Whether the held page was asked for while the command still runs."""
    deadline = time.monotonic() + 60
    while not asked.wait(0.05):
        if building.poll() is not None or time.monotonic() > deadline:
            return False
    return True


@pytest.mark.parametrize("ending", [signal.SIGTERM, signal.SIGHUP])
def test_a_command_killed_mid_build_ends_killed_not_as_built(example_workspace, sockets, server, release, ending):
    """`kill PID` of the command (or its terminal closed): the command itself would die of it, and
    a script or make sees that it did not build. Passed on, it ended the waiting process's build by
    SystemExit(0), and the command exited 0, saying nothing."""
    root = example_workspace
    asked = held_month(root, server, release)
    assert newsletter(["build", PERIOD, "--offline"], root, sockets).returncode == 0
    pid = waiting(sockets)
    before = activity(pid)
    building = started(["build", "2021-03"], root, sockets)
    assert under_way(building, asked), building.communicate()
    assert worked_since(pid, before), "not built by the waiting process"
    building.send_signal(ending)
    _, said = building.communicate(timeout=60)
    assert building.returncode == -ending, said
    assert gone(pid)
    assert not (root / "dist/2021-03").exists()


def test_a_process_left_by_a_build_under_nohup_still_ends_a_build_killed_by_a_hang_up(
    example_workspace, sockets, server, release
):
    """The waiting process inherited the hang-up ignored from the `nohup newsletter build` (or a
    script's `build &`) that left it: a later command at a terminal, killed by its terminal
    closing, passed the hang-up on to a build that went on, and the command waited for it."""
    root = example_workspace
    asked = held_month(root, server, release)
    started_it = newsletter(
        ["build", PERIOD, "--offline"], root, sockets, preexec_fn=ignoring(signal.SIGHUP, signal.SIGINT)
    )
    assert started_it.returncode == 0
    pid = waiting(sockets)
    building = started(["build", "2021-03"], root, sockets)
    assert under_way(building, asked), building.communicate()
    building.send_signal(signal.SIGHUP)
    _, said = building.communicate(timeout=60)
    assert building.returncode == -signal.SIGHUP, said
    assert gone(pid)


def test_nohup_newsletter_build_outlives_its_terminal_when_the_waiting_process_builds(
    example_workspace, sockets, server, release
):
    """`nohup newsletter build`: the command took the hang-up its terminal's closing sends, which
    nohup had it ignore, and passed it on, ending the build nohup was for."""
    root = example_workspace
    asked = held_month(root, server, release)
    assert newsletter(["build", PERIOD, "--offline"], root, sockets).returncode == 0
    pid = waiting(sockets)
    building = started(["build", "2021-03"], root, sockets, preexec_fn=ignoring(signal.SIGHUP))
    assert under_way(building, asked), building.communicate()
    building.send_signal(signal.SIGHUP)
    time.sleep(0.5)  # (long enough for a hang-up passed on to have ended the build)
    assert building.poll() is None and Path(f"/proc/{pid}").exists()
    release.set()
    _, said = building.communicate(timeout=60)
    assert building.returncode == 0, said
    assert (root / "dist/2021-03/newsletter.eml").is_file()


def test_output_to_a_full_disk_is_said_in_a_line_as_by_the_command(example_workspace, sockets):
    """`newsletter build > log` on a full disk (`> /dev/full`): the command says so in a line
    (cli/ending.py); the waiting process printed a traceback."""
    root = example_workspace
    arguments = ["build", PERIOD, "--offline"]
    pid = left_waiting(root, sockets)
    edit_a_note(root)
    with open("/dev/full", "w") as full:
        before = activity(pid)
        served = newsletter(arguments, root, sockets, capture_output=False, stdout=full, stderr=subprocess.PIPE)
        assert worked_since(pid, before)
        shutil.rmtree(root / ".newsletter" / "builds")
        here = newsletter(arguments, root, sockets, False, capture_output=False, stdout=full, stderr=subprocess.PIPE)
    assert (served.returncode, served.stderr) == (here.returncode, here.stderr)
    assert served.returncode == 1 and b"No space left on device" in served.stderr


def test_a_build_in_another_terminal_meanwhile_is_its_commands_own_at_once(example_workspace, sockets, server, release):
    """Two terminals, two workspaces: while the waiting process builds one's edition (fetching,
    which can take a minute), the other's build waited for it, saying nothing."""
    root = example_workspace
    other = root.parent / "other"
    shutil.copytree(root, other)
    asked = held_month(root, server, release)
    assert newsletter(["build", PERIOD, "--offline"], root, sockets).returncode == 0
    waiting(sockets)
    building = started(["build", "2021-03"], root, sockets)
    try:
        assert under_way(building, asked), building.communicate()
        meanwhile = newsletter(["build", PERIOD, "--offline"], other, sockets)
        assert meanwhile.returncode == 0 and b"Built 2021-02" in meanwhile.stderr
        assert building.poll() is None, "it waited for the other terminal's build to end"
    finally:
        release.set()
        building.communicate(timeout=60)
    assert building.returncode == 0


def test_a_stopped_waiting_process_is_passed_by_and_builds_nothing_once_continued(example_workspace, sockets, tmp_path):
    """`kill -STOP` (a debugger, a job control slip) of the waiting process: every build waited for
    it for ever, and ^C, passed on to it, did nothing. Continued, it must not build for a
    command that has built without it."""
    root = example_workspace
    arguments = ["build", PERIOD, "--offline"]
    pid = left_waiting(root, sockets)
    edit_a_note(root)
    said = tmp_path / "said.txt"
    os.kill(pid, signal.SIGSTOP)
    try:
        with said.open("wb") as stderr:
            passed_by = newsletter(arguments, root, sockets, capture_output=False, stderr=stderr, timeout=60)
    finally:
        os.kill(pid, signal.SIGCONT)
    assert passed_by.returncode == 0 and said.read_bytes().count(b"Built 2021-02") == 1
    for _ in range(20):  # until one is handed over: it has dealt with the one passed by
        edit_a_note(root)  # (each time a few words more)
        before = activity(pid)
        assert newsletter(arguments, root, sockets).returncode == 0
        if worked_since(pid, before):
            break
    else:
        raise AssertionError("the process continued takes no build")
    assert said.read_bytes().count(b"Built 2021-02") == 1


def test_a_plugin_installed_while_it_waits_is_the_next_builds(
    example_workspace, sockets, server, tmp_path, monkeypatch
):
    """`pip install` of a provider plugin changes no module the waiting process loaded, but it had
    read the registry of plugins (once a process) and built the next edition without it."""
    import re

    installed = tmp_path / "site-packages"
    installed.mkdir()
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(installed), os.environ.get("PYTHONPATH")])))
    server.expect_request(re.compile("/plugin/.*")).respond_with_data(
        "<title>The page</title>", content_type="text/html"
    )
    root = example_workspace
    settings = root / "newsletter.toml"
    settings.write_text(
        settings.read_text().replace("allow_private_addresses = false", "allow_private_addresses = true")
    )
    folder = root / "entries/2021/03"
    folder.mkdir()

    def entry(name: str) -> None:
        url = f"http://127.0.0.1:{server.port}/plugin/{name}"
        (folder / f"{name}.md").write_text(f"---\ntype: article\nurl: {url}\ndate: 2021-03-02\n---\nA note.\n")

    entry("a")
    assert newsletter(["build", "2021-03"], root, sockets).returncode == 0
    pid = waiting(sockets)
    entry("b")  # fetched by the waiting process, which reads the registry for it
    before = activity(pid)
    assert newsletter(["build", "2021-03"], root, sockets).returncode == 0
    assert worked_since(pid, before)
    (installed / "localprov.py").write_text(
        "from newsletter.models import Metadata\n"
        "priority = 1\n"
        "def matches(url):\n    return '/plugin/' in url\n"
        "async def fetch(fetcher, url):\n    return Metadata(title='From the plugin')\n"
        "def needs_page(meta):\n    return False\n"
    )
    (installed / "localprov-1.0.dist-info").mkdir()
    (installed / "localprov-1.0.dist-info/METADATA").write_text(
        "Metadata-Version: 2.1\nName: localprov\nVersion: 1.0\n"
    )
    (installed / "localprov-1.0.dist-info/entry_points.txt").write_text(
        "[newsletter.providers]\nlocalprov = localprov\n"
    )
    entry("c")
    built = newsletter(["build", "2021-03"], root, sockets)
    assert built.returncode == 0, built.stderr
    post = next((root / "site/content/posts").glob("*/index.md")).read_text()
    assert f"[From the plugin](http://127.0.0.1:{server.port}/plugin/c)" in post


def test_a_module_replaced_with_its_old_time_kept_ends_it(example_workspace, sockets, tmp_path, monkeypatch):
    """A copy of the tool that keeps files' times (`cp -p`, tar, `rsync -a`, a wheel's install by
    hard links) leaves a changed module with a time the old one could have had: it must not
    build with the old code."""
    loaded_by_all = tmp_path / "site-packages"
    loaded_by_all.mkdir()
    module = loaded_by_all / "sitecustomize.py"  # loaded by every Python started with it on the path
    module.write_text("VERSION = 1\n")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(loaded_by_all), os.environ.get("PYTHONPATH")])))
    root = example_workspace
    arguments = ["build", PERIOD, "--offline"]
    old = left_waiting(root, sockets)
    kept = module.stat()
    module.write_text("VERSION = 2\n")  # as long as the old one
    os.utime(module, ns=(kept.st_atime_ns, kept.st_mtime_ns))
    edit_a_note(root)
    built = newsletter(arguments, root, sockets)
    assert built.returncode == 0 and b"Built 2021-02" in built.stderr
    assert gone(old)


def test_no_socket_is_named_where_none_can_be_bound_or_in_the_workspace(tmp_path, sockets, monkeypatch):
    """A socket's path is at most 107 bytes: under a deep $TMPDIR each build started a process
    that loaded everything (0.3 s of a core) only to fail to bind it and end. A relative
    $XDG_RUNTIME_DIR ('.') made the socket's folder in the workspace."""
    monkeypatch.setenv(resident.SWITCH, "1")
    deep = tmp_path / ("d" * 100)
    deep.mkdir()
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(deep))
    assert resident.address_of_server(create=True) is None
    monkeypatch.setenv("XDG_RUNTIME_DIR", ".")
    monkeypatch.setenv("TMPDIR", str(sockets))
    monkeypatch.chdir(tmp_path)
    assert resident.address_of_server(create=True).startswith(str(sockets / f"newsletter-{os.getuid()}") + "/")
    assert not (tmp_path / f"newsletter-{os.getuid()}").exists()


def test_the_socket_takes_builds_from_the_moment_it_has_its_name(sockets, monkeypatch):
    """A build that found the socket just made (the one right after the first, in a script, or a
    test's) was refused, and done by the command itself: the socket had its name before it listened."""
    import io
    import socket

    from newsletter.cli import build_server

    address = str(sockets / "build.sock")
    answered = []
    rename = os.replace

    def named(source, target):
        rename(source, target)
        probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            probe.connect(target)
            answered.append(True)
        except ConnectionRefusedError:
            answered.append(False)
        finally:
            probe.close()
        raise OSError("enough: it has its name")

    monkeypatch.setattr(os, "replace", named)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))  # no modules to load
    # what serve sets for the life of its process, not for the tests after this one: kept SQLite
    # connections (a notes cache's test found its store unshrunk: never closed), module watching
    monkeypatch.setattr("newsletter.commands.build.keep_between_builds", lambda: None)
    monkeypatch.setattr(sys, "meta_path", list(sys.meta_path))
    ending = signal.getsignal(signal.SIGTERM)
    try:
        build_server.serve(address)
    finally:
        signal.signal(signal.SIGTERM, ending)
    assert answered == [True]


def test_a_build_with_another_module_path_is_its_commands_own(example_workspace, sockets, tmp_path, monkeypatch):
    """PYTHONPATH set in one terminal (a plugin being written, another copy of a library) and not
    in the next: the waiting process finds modules and plugins where the first found them."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.setenv("PYTHONPATH", str(elsewhere))
    root = example_workspace
    arguments = ["build", PERIOD, "--offline"]
    old = left_waiting(root, sockets)
    monkeypatch.delenv("PYTHONPATH")
    edit_a_note(root)
    built = newsletter(arguments, root, sockets)
    assert built.returncode == 0 and b"Built 2021-02" in built.stderr
    assert gone(old)


def test_a_file_written_beside_the_installed_tool_does_not_end_it(example_workspace, sockets, tmp_path, monkeypatch):
    """A checkout the tool is installed from (pip install -e) is on the module path, and is a
    workspace: an editor's swap file there, or a tool's cache, is nothing installed."""
    beside = tmp_path / "checkout"
    beside.mkdir()
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(beside), os.environ.get("PYTHONPATH")])))
    root = example_workspace
    arguments = ["build", PERIOD, "--offline"]
    pid = left_waiting(root, sockets)
    (beside / ".newsletter.toml.swp").write_bytes(b"b0VIM 9.0")
    edit_a_note(root)
    assert newsletter(arguments, root, sockets).returncode == 0
    assert _pids(sockets) == [pid], "it ended, and the command built and left another"


def installed_provider(name: str, source: str, tmp_path, monkeypatch, server) -> Path:
    """A provider plugin, module `name` of `source`, installed where the builds' Python finds it
    (a folder on PYTHONPATH, with its entry point), and the local server answering its links."""
    import re

    installed = tmp_path / "site-packages"
    installed.mkdir()
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(installed), os.environ.get("PYTHONPATH")])))
    server.expect_request(re.compile("/plugin/.*")).respond_with_data(
        "<title>The page</title>", content_type="text/html"
    )
    (installed / f"{name}.py").write_text(source)
    (installed / f"{name}-1.0.dist-info").mkdir()
    (installed / f"{name}-1.0.dist-info/METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (installed / f"{name}-1.0.dist-info/entry_points.txt").write_text(f"[newsletter.providers]\n{name} = {name}\n")
    return installed / f"{name}.py"


def waiting_for_march(root: Path, sockets, server):
    """A process left waiting by an offline build (no provider asked for), and a writer of March
    entries whose links the plugin matches."""
    settings = root / "newsletter.toml"
    settings.write_text(
        settings.read_text().replace("allow_private_addresses = false", "allow_private_addresses = true")
    )
    pid = left_waiting(root, sockets)
    folder = root / "entries/2021/03"
    folder.mkdir()

    def entry(name: str) -> None:
        url = f"http://127.0.0.1:{server.port}/plugin/{name}"
        (folder / f"{name}.md").write_text(f"---\ntype: article\nurl: {url}\ndate: 2021-03-02\n---\nA note.\n")

    return pid, entry


_PROVIDER_HEAD = (
    "from newsletter.models import Metadata\npriority = 1\n"
    "def matches(url):\n    return '/plugin/' in url\n"
    "def needs_page(meta):\n    return False\n"
)


def test_a_module_first_loaded_by_a_build_it_did_and_changed_since_ends_it(
    example_workspace, sockets, server, tmp_path, monkeypatch
):
    """What the waiting process checks for changes was the modules it had loaded when it started:
    one a build handed to it loaded first (a provider plugin an offline build never asks for, a
    reader), changed on disk after, was still built with as it was, and the edition made by code
    no longer installed."""

    def provider(title: str) -> str:
        return _PROVIDER_HEAD + f"async def fetch(fetcher, url):\n    return Metadata(title={title!r})\n"

    plugin = installed_provider("lateprov", provider("Before the edit"), tmp_path, monkeypatch, server)
    root = example_workspace
    pid, entry = waiting_for_march(root, sockets, server)
    entry("a")
    before = activity(pid)
    assert newsletter(["build", "2021-03"], root, sockets).returncode == 0
    assert worked_since(pid, before)  # (handed over: it loaded the plugin)
    plugin.write_text(provider("After the edit"))
    os.utime(plugin, ns=(time.time_ns(), time.time_ns() + 10**9))
    entry("b")
    built = newsletter(["build", "2021-03"], root, sockets)
    assert built.returncode == 0, built.stderr
    post = root / "site/content/posts/what-i-read-in-march-2021/index.md"
    assert f"[After the edit](http://127.0.0.1:{server.port}/plugin/b)" in post.read_text()


def test_a_module_edited_during_the_build_that_first_loaded_it_ends_it(
    example_workspace, sockets, server, tmp_path, monkeypatch
):
    """The file of a module a build loaded first was noted as it was after that build: edited
    while the build ran (a minute's fetching), it was never seen as changed, and the next build
    was made by the code as it had been loaded. This plugin edits itself once it runs."""
    edited = _PROVIDER_HEAD + "async def fetch(fetcher, url):\n    return Metadata(title='After the edit')\n"
    source = (
        _PROVIDER_HEAD + "import pathlib\n"
        "async def fetch(fetcher, url):\n"
        f"    pathlib.Path(__file__).write_text({edited!r})  # the edit, while the build runs\n"
        "    return Metadata(title='Before the edit')\n"
    )
    plugin = installed_provider("busyprov", source, tmp_path, monkeypatch, server)
    root = example_workspace
    pid, entry = waiting_for_march(root, sockets, server)
    entry("a")
    before = activity(pid)
    assert newsletter(["build", "2021-03"], root, sockets).returncode == 0
    assert worked_since(pid, before)  # (handed over: it loaded the plugin, which edited itself)
    assert plugin.read_text() == edited
    entry("b")
    built = newsletter(["build", "2021-03"], root, sockets)
    assert built.returncode == 0, built.stderr
    post = (root / "site/content/posts/what-i-read-in-march-2021/index.md").read_text()
    assert f"[Before the edit](http://127.0.0.1:{server.port}/plugin/a)" in post
    assert f"[After the edit](http://127.0.0.1:{server.port}/plugin/b)" in post
    assert gone(pid)


def test_a_build_after_a_save_it_made_ahead_is_the_commands_own(example_workspace, sockets):
    """Each link cached, so that the waiting process makes the edition when a note is saved
    (commands/prepared.py; tests/test_made_ahead.py shows it is used): the build it then hands
    over says and writes what the command's own build does, save after save."""
    from test_made_ahead import cache_every_link

    from helpers import seed_cache

    root = example_workspace
    seed_cache(root)
    cache_every_link(root)
    arguments = ["build", PERIOD, "--offline"]
    assert newsletter(arguments, root, sockets).returncode == 0  # the command's own: it leaves one, told of it
    pid = waiting(sockets)
    for _ in range(2):
        before = activity(pid)
        edit_a_note(root)
        deadline = time.monotonic() + 30
        while not worked_since(pid, before) and time.monotonic() < deadline:  # it makes the edition
            time.sleep(0.05)
        assert worked_since(pid, before), "nothing was made when the note was saved"
        time.sleep(0.5)
        served = newsletter(arguments, root, sockets)
        written = outputs(root)
        here = built_here(root, arguments, root, sockets)
        assert (served.returncode, served.stdout, served.stderr) == (here.returncode, here.stdout, here.stderr)
        assert written == outputs(root)
    assert _pids(sockets) == [pid]
