"""The day a page shows as its last update, for a page that shows no publication date at all
("Aktualisiert: 30.12.2016", "Updated June 13, 2019", a wiki's "(last edited 2019-11-10 ...)"):
then it is the one date a reader has for it, and the best there is.

Only the page's own update line counts. A line in its footer, menu or sidebar is one every
page of the site shares ("© 2024 Acme Corp. Last updated 01.01.2024", a CMS's "[Stand: ...]" on
every printout, "Page last updated: " the day it was served); a line saying something else was
updated ("Preise aktualisiert am ...", "Photo credited: ...") dates that, not the page.
"""

from __future__ import annotations

import re

from newsletter.links.dates import MODIFIED, body_lines, date_in_text
from newsletter.links.site_parts import shared_lines

_LINE = 100  # (longer lines are text, not a date's label)
# what may come before the label on its line: nothing, a separator after a byline or a page's
# name ("By Jane Doe | Updated ...", "BeginnersGuide/Download (last edited ..."), and the page
# itself as the thing updated ("This page was last edited on", "Zuletzt aktualisiert am")
_LEAD = re.compile(
    r"(?:.*[(\[|·•,;–—-]\s*)?(?:(?:this|dieser|diese|dieses)\s+)?(?:(?:page|article|post|story|seite|artikel|beitrag)\s+(?:was\s+|wurde\s+)?)?"
    r"(?:(?:last|zuletzt|letztmals)\s+)?",
    re.I,
)


def updated_date(tree, day_first: bool = False) -> str | None:
    """The day the body shows as the page's own last update, on the label's line or the next."""
    lines = body_lines(tree)
    shared = None
    for i, line in enumerate(lines):
        if len(line) > _LINE or not (m := MODIFIED.search(line)) or not _LEAD.fullmatch(line[: m.start()]):
            continue
        rest = line[m.end() :]
        date = date_in_text(rest, day_first)
        if not date and not rest.strip(" :") and i + 1 < len(lines):
            date, line = date_in_text(lines[i + 1][:_LINE], day_first), line + "\n" + lines[i + 1]
        if date:
            shared = shared_lines(tree) if shared is None else shared
            if not any(part in shared for part in line.split("\n")):
                return date
    return None
