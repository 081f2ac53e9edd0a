"""The names each edition title setting may use, as `collect.default_title` fills them.

A month's title has no {start}: checking every title against every name let "{start}" in
`monthly_title` through to a KeyError in the build. A week's title may give its number,
as in "Links I loved, week {week}", and its first day without the month its last day gives
({first}: "de {first} a {end}", "de 23 a 29 de novembro").
"""

from __future__ import annotations

import re
import string

PLACEHOLDERS = {
    "monthly_title": {"month": "February", "year": 2021, "period": "2021-02"},
    "weekly_title": {"start": "July 6", "first": "6", "end": "July 12", "week": 28, "year": 2020, "period": "2020-W28"},
    "yearly_title": {"year": 2021, "period": "2021"},
}
# A spec may pad or align a name ("{week:02d}", "{month:<10}"), to a width of two digits at
# most: "{year:>999999999}" made a title of a gigabyte, which took the build's memory and
# time until it was killed, and "{month:{year}}" one of 2,021 spaces.
_SPEC = re.compile(r"[^{}]?[<>=^]?[-+ ]?[#0]?\d{0,2}[,_]?(?:\.\d{0,2})?[a-zA-Z%]?")


def problem(key: str, pattern: str) -> str | None:
    """What is wrong with the `[site] key` title `pattern`, or None when the build can fill it."""
    names = ", ".join("{" + name + "}" for name in PLACEHOLDERS[key])
    try:
        # A name only, never "{month[:3]}" or "{year.real}": format() reaches into the value
        # there, and "{month[:3]}" was a TypeError traceback, "{month[7]}" one in May only, and
        # "{month.upper}" a title (and a post's address) holding a memory address.
        # Nor "{month!r}": a conversion writes the name's value as code, "'February'" in quotes.
        for _, name, spec, conversion in string.Formatter().parse(pattern):
            if name is not None and name not in PLACEHOLDERS[key]:
                raise KeyError(name)
            if conversion or spec and not _SPEC.fullmatch(spec):
                raise ValueError(f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}")
        pattern.format(**PLACEHOLDERS[key])
    except (KeyError, IndexError, ValueError, AttributeError, TypeError) as error:  # a spec's own {year.x}
        return f"[site] {key} has a placeholder it cannot fill ({error}); use {names}."
    return None
