"""A period typed with the Buddhist Era's year, as a Thai log's titles write it ('2569-12' for
December 2026): no entry is ever dated in one (fields.parse_date refuses such a day and names its
Common Era's), so its build said only "No entries", and told her to file them under entries/2569/.
Which period was meant, and what to type."""

from __future__ import annotations

from newsletter import config, read
from newsletter.errors import NewsletterError
from newsletter.formats.language_tag import primary
from newsletter.models import Period


def common_era_period(span: Period, week_start: str = "monday") -> Period | None:
    """`span` with its year read as the Buddhist Era's, where it is one past next year that Era
    counts (2569-12 -> 2026-12, 2569-W49 -> 2026-W49, 2569 -> 2026); else None."""
    from newsletter.links.date_values import common_era  # (here: a list with entries needs none of it)

    year = int(span.key[:4])
    if (meant := common_era(year)) == year:
        return None
    try:
        return Period.parse(f"{meant:04d}{span.key[4:]}", week_start)
    except NewsletterError:  # 2570-W53: 2027 has no week 53
        return None


def common_era_hint(settings: config.Settings, span: Period, command: str) -> str:
    """What to type for `span` in the Common Era, with how many entries that period holds; "" for
    a period of a year no era confuses, or of none in a log not in Thai."""
    meant = common_era_period(span, settings.week_start)
    if meant is None:
        return ""
    held = len(read.scan_period(settings.entries_dir, meant, drafts=True).entries)
    # In a log not in Thai, 2520 is a typo (2025 backwards), not the Buddhist Era's 1977: where
    # neither period holds an entry, naming that Era said only nonsense (review 25)
    if not held and "th" not in {primary(settings.language), primary(settings.site.date_language)}:
        return ""
    said = f"{span.key[:4]} is the Buddhist Era's year {meant.key[:4]}, and entries are dated in the Common Era: "
    if not held:
        return said + f"{meant.key} has no entries either."
    return said + f"`newsletter {command} {meant.key}` for its {config.counted(held, 'entry', 'entries')}."
