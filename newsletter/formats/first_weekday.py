"""The day a week starts on where the author lives, for `init` to write as `week_start`.

Noa, in Tel Aviv (new user 30), sends weekly; Israel's week runs Sunday to Saturday, and init
wrote `week_start = "monday"`, so her Sunday's reading went into the edition of the week before.
`--timezone` says where the author is: its country is the time zone database's (zone.tab, which
Python's own time zone data and the `tzdata` package both ship), and the country's first day
CLDR's (supplemental weekData, `firstDay`). Without zone.tab, or for a zone of no country (UTC),
Monday: ISO's week, as before.
"""

from __future__ import annotations

import functools
import importlib.resources
import zoneinfo
from pathlib import Path

# CLDR's supplementalData.xml, <weekData>: the countries whose weeks start on another day than
# Monday ("001", every other)
_OTHER_FIRST_DAYS = {
    "sunday": "AG AS BD BR BS BT BW BZ CA CO DM DO ET GT GU HK HN ID IL IN JM JP KE KH KR LA MH MM MO MT MX MZ"
    " NI NP PA PE PH PK PR PT PY SA SG SV TH TT TW UM US VE VI WS YE ZA ZW",
    "saturday": "AF BH DJ DZ EG IQ IR JO KW LY OM QA SD SY",
    "friday": "MV",
}
_FIRST_DAY = {country: day for day, countries in _OTHER_FIRST_DAYS.items() for country in countries.split()}


def week_start(timezone: str) -> str:
    """'sunday' for "Asia/Jerusalem" and "America/New_York", 'saturday' for "Africa/Cairo",
    'monday' for "Europe/Berlin", "UTC" or a zone zone.tab does not name. A link's name is read
    as the zone it names ("Israel", "Asia/Tel_Aviv", "US/Eastern")."""
    return _FIRST_DAY.get(_countries().get(_links().get(timezone, timezone), ""), "monday")


@functools.cache
def _countries() -> dict[str, str]:
    """Each time zone zone.tab names -> its country's ISO code ("Asia/Jerusalem" -> "IL")."""
    text = _zone_data("zone.tab")
    found = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            fields = line.split("\t")
            if len(fields) >= 3:
                found[fields[2]] = fields[0]
    return found


@functools.cache
def _links() -> dict[str, str]:
    """Each link's name -> the zone it names ("Israel" -> "Asia/Jerusalem"), from tzdata.zi's
    `L TARGET NAME` lines. zone.tab names no link, and `--timezone Israel`, `Asia/Tel_Aviv` or
    `US/Eastern` (zoneinfo takes each) wrote week_start = "monday" (review 21)."""
    found = {}
    for line in _zone_data("tzdata.zi").splitlines():
        fields = line.split()
        if len(fields) == 3 and fields[0] == "L":
            found[fields[2]] = fields[1]
    return found


def _zone_data(name: str) -> str:
    """A text file of the time zone data zoneinfo reads (the system's, or the `tzdata` package's)."""
    for folder in zoneinfo.TZPATH:
        try:
            return (Path(folder) / name).read_text(encoding="utf-8")
        except OSError:
            continue
    try:
        return importlib.resources.files("tzdata.zoneinfo").joinpath(name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError):
        return ""
