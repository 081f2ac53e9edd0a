"""The names each edition title setting may use, as `collect.default_title` fills them.

A month's title has no {start}: checking every title against every name let "{start}" in
`monthly_title` through to a KeyError in the build. A week's title may give its number,
as in "Links I loved, week {week}".
"""

from __future__ import annotations

PLACEHOLDERS = {
    "monthly_title": {"month": "February", "year": 2021, "period": "2021-02"},
    "weekly_title": {"start": "July 6", "end": "July 12", "week": 28, "year": 2020, "period": "2020-W28"},
    "yearly_title": {"year": 2021, "period": "2021"},
}


def problem(key: str, pattern: str) -> str | None:
    """What is wrong with the `[site] key` title `pattern`, or None when the build can fill it."""
    try:
        pattern.format(**PLACEHOLDERS[key])
    except (KeyError, IndexError, ValueError) as error:
        names = ", ".join("{" + name + "}" for name in PLACEHOLDERS[key])
        return f"[site] {key} has a placeholder it cannot fill ({error}); use {names}."
    return None
