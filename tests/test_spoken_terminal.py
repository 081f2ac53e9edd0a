"""What a command writes to a terminal, as a screen reader (Orca) reads it out: each redraw of a
progress line is read again, and colour is left out where NO_COLOR says so. Run in a process of
its own on a real terminal (a pseudo-terminal), which is what the commands look for."""

import os
import pty
import subprocess
import sys

import pytest


def on_terminal(arguments: list[str], cwd=None, **env: str) -> str:
    """What `arguments` write to stdout and stderr, both a terminal."""
    main, other = pty.openpty()
    process = subprocess.Popen(arguments, cwd=cwd, stdout=other, stderr=other, env={**os.environ, **env})
    os.close(other)
    said = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal's other end closed: the process is done
            break
        if not chunk:
            break
        said += chunk
    os.close(main)
    assert process.wait(timeout=60) in (0, 1)
    return said.decode()


def python(code: str, **env: str) -> str:
    return on_terminal([sys.executable, "-c", f"from newsletter.cli.common import progress_line, say\n{code}"], **env)


def test_a_progress_line_is_redrawn_at_each_tenth_not_for_each_link():
    """Amara (new user 41) heard 'Checking links: 1 slash 200, 2 slash 200…' read out for each of
    the edition's links: the line was redrawn for every one."""
    said = python("show = progress_line('Checking links')\nfor done in range(1, 201): show(done, 200)")
    redraws = said.count("\r") - 1  # (the last erases the line)
    assert redraws == 10 and said.startswith("\rChecking links: 1/200") and said.endswith("\r\x1b[K")
    assert "Checking links: 180/200" in said


def test_a_short_progress_is_shown_for_each_step():
    said = python("show = progress_line('Sending')\nfor done in range(1, 4): show(done, 3)")
    assert said == "\rSending: 1/3\rSending: 2/3\r\x1b[K"


@pytest.mark.parametrize("no_color, coloured", [("1", False), ("", True)])
def test_no_color_leaves_the_colours_out(no_color, coloured):
    """A warning was yellow on a terminal with NO_COLOR=1 set (no-color.org); an empty NO_COLOR
    is as none."""
    said = python("say(\"warning: the link 'here' says nothing\", fg='yellow')", NO_COLOR=no_color)
    assert "warning: the link 'here' says nothing" in said and ("\x1b[" in said) == coloured


def test_check_s_summary_is_plain_with_no_color(example_workspace):
    """The whole command on a terminal: check's last line, its count, was yellow under NO_COLOR."""
    entry = example_workspace / "entries/2021/02/here.md"
    entry.write_text("---\ntype: article\nurl: https://example.org/h\ndate: 2021-02-09\ntitle: H\n---\nSome notes.\n")
    newsletter = os.path.join(os.path.dirname(sys.executable), "newsletter")
    said = on_terminal([newsletter, "check", "2021-02", "--offline"], cwd=example_workspace, NO_COLOR="1")
    assert "0 errors, 0 warnings in 9 entries." in said and "\x1b[" not in said


@pytest.mark.parametrize("no_color, coloured", [("1", False), ("", True)])
def test_build_s_own_lines_are_plain_with_no_color(example_workspace, no_color, coloured):
    """A plain `build` is answered by the launcher (cli/launch.py), which writes its lines itself:
    its warning was yellow under NO_COLOR after check's and send's were plain."""
    entry = example_workspace / "entries/2021/02/odd.md"
    entry.write_text(
        "---\ntype: article\nurl: https://example.org/o\ndate: 2021-02-09\ntitle: O\ntitel: O\n---\nSome notes.\n"
    )
    newsletter = os.path.join(os.path.dirname(sys.executable), "newsletter")
    said = on_terminal(
        [newsletter, "build", "2021-02", "--offline"], cwd=example_workspace, NO_COLOR=no_color, NEWSLETTER_RESIDENT="0"
    )
    assert "unknown key 'titel'" in said and "Built 2021-02" in said
    assert ("\x1b[33m" in said) == coloured


def test_build_s_fetching_line_is_redrawn_at_each_tenth():
    """The launcher's own progress line for a build's fetch, as check's: ten redraws for 200 links."""
    said = on_terminal(
        [
            sys.executable,
            "-c",
            "from newsletter.cli.launch import _progress\nshow = _progress()\n"
            "for done in range(1, 201): show(done, 200)",
        ]
    )
    assert said.count("\r") - 1 == 10 and said.startswith("\rFetching link metadata: 1/200")
