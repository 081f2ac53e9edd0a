"""The names each edition title setting may use, as `collect.default_title` fills them.

A month's title has no {start}: checking every title against every name let "{start}" in
`monthly_title` through to a KeyError in the build. A week's title may give its number,
as in "Links I loved, week {week}".
"""

from __future__ import annotations

import string

PLACEHOLDERS = {
    "monthly_title": {"month": "February", "year": 2021, "period": "2021-02"},
    "weekly_title": {"start": "July 6", "end": "July 12", "week": 28, "year": 2020, "period": "2020-W28"},
    "yearly_title": {"year": 2021, "period": "2021"},
}


def problem(key: str, pattern: str) -> str | None:
    """What is wrong with the `[site] key` title `pattern`, or None when the build can fill it."""
    names = ", ".join("{" + name + "}" for name in PLACEHOLDERS[key])
    try:
        # A name only, never "{month[:3]}" or "{year.real}": format() reaches into the value
        # there, and "{month[:3]}" was a TypeError traceback, "{month[7]}" one in May only, and
        # "{month.upper}" a title (and a post's address) holding a memory address.
        for _, name, _, _ in string.Formatter().parse(pattern):
            if name is not None and name not in PLACEHOLDERS[key]:
                raise KeyError(name)
        pattern.format(**PLACEHOLDERS[key])
    except (KeyError, IndexError, ValueError, AttributeError, TypeError) as error:  # a spec's own {year.x}
        return f"[site] {key} has a placeholder it cannot fill ({error}); use {names}."
    return None
