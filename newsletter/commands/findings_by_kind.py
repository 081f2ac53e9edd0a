"""What `check` found, by kind, for the line that sums it up: new user 55's (Hiro's) month of
150 entries gave 86 warnings on 172 lines, and the last line, all a terminal showed of it, said
"86 warnings" where 70 were links with tracking parameters and 15 entries without notes."""

from __future__ import annotations

from collections import Counter

SCREENFUL = 20  # findings, a line or two each: a list that long is not read whole


def by_kind(codes: list[str]) -> str:
    """ ": 70 tracking, 15 no-notes, 1 email-size" (most first) past a screenful; else nothing."""
    if len(codes) <= SCREENFUL:
        return ""
    counted = sorted(Counter(codes).items(), key=lambda kind: (-kind[1], kind[0]))
    return ": " + ", ".join(f"{count} {code}" for code, count in counted)
