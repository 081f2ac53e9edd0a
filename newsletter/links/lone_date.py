"""The day a page shows on a line of its own, as nothing but a date, when it shows one such day
and no other: a press release's "2019.03.05" at the foot of its text, a news service's
"01.11.2023 11:35" over it. A page with no date anywhere else (no head tag, no dateline, no
label) still shows its day so; a page showing two such days (a list of stories, a post and its
comments) says nothing of which is its own. Only on a page with no heading saying its title:
under a story's headline, the rules reading the headline's neighbourhood decide alone.
"""

from __future__ import annotations

import re

from newsletter.links.dates import date_in_text
from newsletter.links.headline import story_heading
from newsletter.links.month_words import MONTHS
from newsletter.links.site_parts import shared_lines

_LINE = 30  # a date and an hour, a weekday: more is a sentence telling of a day
_WORD = re.compile(r"[^\W\d_]+")
# The words a line of nothing but a date may hold besides its month's: its weekday's, its hour's.
# Any other word is a label ("Updated 01.01.2024", "Stand: 01.12.2026", "Termin: ..."), which
# says whose day it is, and such lines have their own readers (links/updated.py, links/dates.py).
_DAY_WORDS = frozenset(
    """mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday friday saturday
    sunday mo di mi do fr sa so montag dienstag mittwoch donnerstag freitag samstag sonntag lundi
    mardi mercredi jeudi vendredi samedi dimanche lun mar mer jeu ven sam dim lunes martes miércoles
    jueves viernes sábado domingo lunedì martedì mercoledì giovedì venerdì sabato domenica maandag
    dinsdag woensdag donderdag vrijdag zaterdag zondag am pm uhr h""".split()
)


def _date_only(line: str, day_first: bool) -> str | None:
    if len(line) > _LINE:
        return None
    words = [word.lower() for word in _WORD.findall(line)]
    # (a month's or a weekday's name at most: "Apr 7, 2009", "Mo., 06.10.2017")
    if len(words) > 2 or sum(map(len, words)) > 12 or any(w not in MONTHS and w not in _DAY_WORDS for w in words):
        return None
    return date_in_text(line, day_first)


def lone_date(tree, title: str | None, day_first: bool = False) -> str | None:
    """The one day the body shows on lines that hold only a date, if it shows exactly one, on a
    page with no heading agreeing with its `title`: under a story's headline, the rules reading
    its neighbourhood have judged its dates already (a sidebar's, a teaser's, a comment's)."""
    body = tree.body if tree is not None else None
    if body is None or story_heading(body.css("h1, h2, h3"), title) is not None:
        return None
    days, site = set(), None  # (the site's header, footer, menus: today's date, a print stamp)
    for line in body.text(deep=True, separator="\n", strip=True).split("\n"):
        if (day := _date_only(line := " ".join(line.split()), day_first)) is None:
            continue
        site = shared_lines(tree) if site is None else site  # (walked only for a page showing such a line)
        if line not in site:
            days.add(day)
            if len(days) > 1:
                return None
    return days.pop() if days else None
