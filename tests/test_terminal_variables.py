"""An edition made ahead is handed to the next build when only what tells one terminal from another
differs (cli/terminal_variables.py), and to no build whose environment may change what it makes."""

import pytest

from newsletter.cli import build_server
from newsletter.cli.terminal_variables import made_in

AT_THE_SYSTEMS_TERMINAL = {
    "PATH": "/usr/local/bin:/usr/bin",
    "HOME": "/home/ada",
    "LANG": "en_GB.UTF-8",
    "TZ": "Europe/London",
    "TERM": "xterm-256color",
    "SHLVL": "1",
    "_": "/home/ada/.venv/bin/newsletter",
    "PWD": "/home/ada/reading",
}


def request(**environ: str) -> dict:
    changed = {**AT_THE_SYSTEMS_TERMINAL, **environ}
    return {
        "root": "/home/ada/reading",
        "period": "2026-11",
        "cwd": "/home/ada/reading",
        "umask": 0o22,
        "environ": changed,
    }


@pytest.mark.parametrize(
    "elsewhere",
    [
        {"HYPERFINE_RANDOMIZED_ENVIRONMENT_OFFSET": "xxxxxxxx"},  # hyperfine: another length each run
        {"OLDPWD": "/home/ada/reading/entries"},  # after `cd entries; vim …; cd ..`
        {"SHLVL": "2", "_": "/usr/bin/env"},  # a subshell, `env newsletter build`
        {"TERM_PROGRAM": "vscode", "VSCODE_GIT_IPC_HANDLE": "/run/user/1000/vscode-git.sock", "COLORTERM": "truecolor"},
        {"TMUX": "/tmp/tmux-1000/default,1234,0", "TMUX_PANE": "%3", "TERM": "tmux-256color"},
        {"ITERM_SESSION_ID": "w0t1p0:1", "LC_TERMINAL": "iTerm2", "COLUMNS": "120"},
        {"SSH_TTY": "/dev/pts/4", "SSH_CONNECTION": "10.0.0.2 50022 10.0.0.1 22"},
    ],
)
def test_a_build_typed_in_another_terminal_is_given_the_edition_made_ahead(elsewhere):
    assert build_server._made_for(request(**elsewhere)) == build_server._made_for(request())


@pytest.mark.parametrize(
    "elsewhere",
    [
        {"TZ": "Asia/Tokyo"},  # another day
        {"LANG": "de_DE.UTF-8"},
        {"LC_ALL": "C"},
        {"HOME": "/home/other"},
        {"XDG_CACHE_HOME": "/tmp/cache"},
        {"PATH": "/opt/bin:/usr/bin"},
        {"PYTHONHASHSEED": "0"},
        {"MY_PLUGINS_SETTING": "on"},  # a variable nobody knows of: a plugin may read it
    ],
)
def test_a_build_in_an_environment_that_may_change_the_edition_makes_it_itself(elsewhere):
    assert build_server._made_for(request(**elsewhere)) != build_server._made_for(request())


def test_another_folder_umask_or_period_still_makes_it_itself():
    here = build_server._made_for(request())
    for key, other in (("cwd", "/home/ada"), ("umask", 0o77), ("period", "2026-10"), ("root", "/home/ada/other")):
        assert build_server._made_for({**request(), key: other}) != here


def test_only_the_terminals_variables_are_left_out():
    assert made_in({**AT_THE_SYSTEMS_TERMINAL, "KITTY_WINDOW_ID": "1", "TERMINFO": "/x"}) == {
        "PATH": "/usr/local/bin:/usr/bin",
        "HOME": "/home/ada",
        "LANG": "en_GB.UTF-8",
        "TZ": "Europe/London",
        "TERMINFO": "/x",
    }
