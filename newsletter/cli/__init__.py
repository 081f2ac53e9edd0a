"""The `newsletter` command.

launch.py is the entry point: it answers `--help` and an up-to-date `build` before click is
even imported, and hands everything else to app.py, the click group. The commands live in
modules by what they are about (entries.py, editions.py, sources.py, and smart.py for the
local model's) and import their core (newsletter.commands) inside the function.
"""


def __getattr__(name):
    # `from newsletter.cli import main` (tests, `python -m newsletter`) gets the click group;
    # importing this package alone imports no click.
    if name == "main":
        from newsletter.cli.app import main

        return main
    raise AttributeError(name)
