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
import os
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
    countries = _countries()
    zone = _links().get(timezone, timezone)
    if zone not in countries:  # (no tzdata.zi: a link's file is its zone's, by name or by bytes)
        zone = _zone_of_file(timezone, countries) or zone
    return _FIRST_DAY.get(countries.get(zone, ""), "monday")


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


def _zone_of_file(name: str, zones: dict[str, str]) -> str | None:
    """The zone zone.tab names whose time zone file `name`'s is, in the system's time zone data:
    a symbolic link to it (Debian's Israel -> Asia/Jerusalem), or the same bytes (a hard link, a
    copy). Where there is no tzdata.zi (time zone data older than its 2017c, or a system that does
    not install it) and no tzdata package (a dependency on Windows alone), `--timezone Israel`
    wrote week_start = "monday" (review 22)."""
    if "\0" in name or name.startswith("/") or ".." in name.split("/"):
        return None
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / name
        try:
            target = os.path.relpath(os.path.realpath(path), os.path.realpath(folder))
            if target in zones:
                return target
            data = path.read_bytes()
        except (OSError, ValueError):
            continue
        same = [zone for zone in zones if _holds(Path(folder) / zone, data)]
        # (zones of two countries may share a file since tzdata merged them: only if their weeks agree)
        return same[0] if len({_FIRST_DAY.get(zones[zone], "monday") for zone in same}) == 1 else None
    return None


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except (OSError, ValueError):
        return False


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
