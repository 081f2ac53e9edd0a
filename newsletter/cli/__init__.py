"""The `newsletter` command.

launch.py is the entry point (called by ending.py, which ends the process as soon as the work is
done): it answers `--help` and an up-to-date `build` before click is even imported, and hands
everything else to app.py, the click group. The commands live in modules by what they are about
(entries.py, editions.py, sources.py, and smart.py for the local model's), share common.py's
options and messages, and import their core (newsletter.commands) inside the function.

A build at a terminal leaves a loaded process waiting for the next one: resident.py is the
command's half, build_server.py the waiting process (build_request.py what it takes from the
command, saved_notes.py the folders it watches, terminal_variables.py the environment a build
is made in); spoken.py is the progress line as a screen reader hears it.
"""


def __getattr__(name):
    # `from newsletter.cli import main` (tests, `python -m newsletter`) gets the click group;
    # importing this package alone imports no click.
    if name == "main":
        from newsletter.cli.app import main

        return main
    raise AttributeError(name)
