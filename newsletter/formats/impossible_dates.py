"""Front matter holding a date no calendar has (`date: 2026-02-30`), read on to its other keys.

YAML builds a date-shaped value as a date, and Python refuses February 30 (a ValueError): the
whole front matter was one problem then, "an impossible value", and `check` said nothing of the
same file's bad type or missing link until that was fixed. Read again here with each such value
kept as its text, the entry's rules run on every other key, and each impossible value is one
problem among the file's, on its own line.
"""

from __future__ import annotations

from newsletter.fields import Problem


class ImpossibleDate(str):
    """A date-shaped value that is no day (2026-02-30), as written, with Python's words for it."""

    reason = ""


def lenient(loader):
    """`loader` (a YAML loader class) with a date no calendar has kept as an ImpossibleDate."""

    def timestamp(self, node):
        try:
            return loader.construct_yaml_timestamp(self, node)
        except ValueError as error:
            kept = ImpossibleDate(self.construct_scalar(node))
            kept.reason = str(error)
            return kept

    made = type(f"Lenient{loader.__name__}", (loader,), {"yaml_constructors": dict(loader.yaml_constructors)})
    made.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    return made


def problems(meta: dict, line_of: dict[str, int]) -> list[Problem]:
    """One problem for each key whose value is an impossible date, on its line."""
    return [
        Problem(
            f"`{key}: {value}` is an impossible value ({value.reason}); check the dates (YYYY-MM-DD)", line_of.get(key)
        )
        for key, value in meta.items()
        if isinstance(value, ImpossibleDate)
    ]
