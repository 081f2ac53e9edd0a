"""A day written as much of Europe writes it, or year first unpadded, and that day as `date` must be."""

from __future__ import annotations

import datetime as dt
import re

# A day as much of Europe writes it, 3.12.2026 or 03. 12. 2026: day, month, year, never month
# first (slashes' ambiguity, not dots'), so the refusal can give that very day in YYYY-MM-DD.
_DOTTED = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})")
# A day year first but not as YAML's date: 2026-12-3, 2026/12/03 (the year first, no doubt which is the month)
_YEAR_FIRST = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")


def iso_example(text: str) -> str:
    """The day to show in "write it as YYYY-MM-DD, like …": the one a dotted date means, else
    an example. Kai in Zürich (new user 48) wrote `date: 03.12.2026` and was shown 2021-02-14."""
    if found := _DOTTED.fullmatch(text.strip()):
        year, month, day = found[3], found[2], found[1]
    elif found := _YEAR_FIRST.fullmatch(text.strip()):  # Tomás (new user 60): 2026-12-3 was shown 2021-02-14
        year, month, day = found[1], found[3], found[4]
    else:
        return "2021-02-14"
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:  # 31.02.2026: no day to give
        return "2021-02-14"
