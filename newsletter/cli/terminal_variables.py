"""The environment as an edition is made from it: without the variables a shell, a terminal or a
benchmark sets for itself, which differ from one terminal (one command) to the next and which no
build reads.

The waiting process (cli/build_server.py) makes an edition ahead when a note is saved, in the last
build's environment, and hands it to the next build only if that build's environment is the
same. Compared whole, it almost never was where it matters: a build typed in the editor's terminal
after one in the system's (TERM_PROGRAM, VSCODE_*), after a `cd` (OLDPWD), in a subshell (SHLVL),
or timed by hyperfine, which gives every run an environment of another length
(HYPERFINE_RANDOMIZED_ENVIRONMENT_OFFSET), made the edition again. Everything else stays
compared, a variable this list does not know included: TZ (the day), HOME and XDG_* (folders),
LANG and LC_* (LC_TERMINAL, iTerm's, is a terminal's name, not a locale), PATH, PYTHON*, and
whatever a plugin may read.
"""

from __future__ import annotations

# Set by shells for their own bookkeeping, by terminals and multiplexers to name their window,
# session or pane, by ssh for its connection, by hyperfine to vary the environment's size.
_NAMES = frozenset(
    {
        "_",
        "OLDPWD",
        "PWD",  # (the build's folder is compared as the folder itself, not as the shell spells it)
        "SHLVL",
        "COLUMNS",  # (what the build prints is printed in its own environment, not the made one's)
        "LINES",
        "TERM",
        "COLORTERM",
        "TERM_PROGRAM",
        "TERM_PROGRAM_VERSION",
        "TERM_SESSION_ID",
        "TERMINAL_EMULATOR",
        "WINDOWID",
        "WINDOW",
        "STY",
        "TMUX",
        "TMUX_PANE",
        "VTE_VERSION",
        "WT_SESSION",
        "WT_PROFILE_ID",
        "LC_TERMINAL",
        "LC_TERMINAL_VERSION",
        "SECURITYSESSIONID",
        "INSIDE_EMACS",
        "SSH_TTY",
        "SSH_CLIENT",
        "SSH_CONNECTION",
        "GPG_TTY",
    }
)
_PREFIXES = (
    "HYPERFINE_",
    "VSCODE_",
    "ITERM_",
    "KONSOLE_",
    "GNOME_TERMINAL_",
    "KITTY_",
    "ALACRITTY_",
    "WEZTERM_",
    "GHOSTTY_",
)


def made_in(environ: dict[str, str]) -> dict[str, str]:
    """`environ` without the variables that tell one terminal or command from another."""
    return {name: value for name, value in environ.items() if name not in _NAMES and not name.startswith(_PREFIXES)}
