"""A day written as much of Europe writes it, and the same day as an entry's `date` must be."""

from __future__ import annotations

import datetime as dt
import re

# A day as much of Europe writes it, 3.12.2026 or 03. 12. 2026: day, month, year, never month
# first (slashes' ambiguity, not dots'), so the refusal can give that very day in YYYY-MM-DD.
_DOTTED = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})")


def iso_example(text: str) -> str:
    """The day to show in "write it as YYYY-MM-DD, like …": the one a dotted date means, else
    an example. Kai in Zürich (new user 48) wrote `date: 03.12.2026` and was shown 2021-02-14."""
    if found := _DOTTED.fullmatch(text.strip()):
        try:
            return dt.date(int(found[3]), int(found[2]), int(found[1])).isoformat()
        except ValueError:  # 31.02.2026: no day to give
            pass
    return "2021-02-14"
