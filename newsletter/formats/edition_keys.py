"""What an edition's key says of it by itself, before it is parsed into a Period: a key as
models.Period.parse writes it is '2021' for a year (its review), '2021-02' for a month, '2021-W06'
for a week. Asked where only the key is at hand (a dist/ folder's name, a ledger's period), and
asked one way: it was a regex in three modules and len() with str.isdigit() in a fourth, which
takes '２０２１' (full-width digits) for a year where the regex's \\d took them too."""

from __future__ import annotations

import re

_YEAR = re.compile(r"[0-9]{4}")  # (ASCII digits: a key is written with those alone)


def is_year(key: str) -> bool:
    """Whether `key` names a year's edition, its review ('2025'; a month's is '2025-01')."""
    return _YEAR.fullmatch(key) is not None
