"""The short facts shown under an entry's title, in the email and its text part: who, where, how
long, how popular."""

from __future__ import annotations

from newsletter.formats import citation
from newsletter.formats.language_tag import isolated
from newsletter.formats.text import unbroken
from newsletter.formats.wording import Wording
from newsletter.models import Entry


class EditionFacts:
    """entry_facts of one edition's entries, each entry's made once for the email and its text
    part, which both show them (issue #17: made twice, for every entry of every edition). One an
    edition's render, in its language: each entry's kept with the entry it was made for."""

    def __init__(self, words: Wording):
        self.words = words
        self.made: dict[int, tuple[Entry, list[str]]] = {}

    def __call__(self, entry: Entry) -> list[str]:
        kept = self.made.get(id(entry))
        if kept is None or kept[0] is not entry:
            kept = self.made[id(entry)] = (entry, entry_facts(entry, self.words))
        return list(kept[1])  # (a template's own changes to the list are its own)


def facts_line(facts: list[str], separator: str, language: str) -> str:
    """The facts under an entry's title as one line of text, joined by `separator`: each
    text.unbroken and isolated, as the HTML keeps it (nowrap, dir="auto"). The template's
    `map("unbroken") | map("isolated") | join` did the same through Jinja's call of a filter for
    each fact, a quarter of the line's making, on every entry of `build --all` (issue #17)."""
    return separator.join(isolated(unbroken(fact), language) for fact in facts)


def entry_facts(entry: Entry, words: Wording | None = None) -> list[str]:
    """Short facts shown under an entry's title: who, where, how long, how popular."""
    words = words or Wording()
    facts = []
    paper = entry.type == "paper"  # cited as a researcher cites it: first authors et al., venue, year, DOI
    if entry.people:
        facts.append(
            citation.authors(entry.people, words("et_al")) if paper else words("names_separator").join(entry.people)
        )
    elif channel := _uploaders(entry.meta.extras.get("channel")):  # a video's uploader: who published it, not who spoke
        # (several uploaders, as a page names them, are joined as the edition's language joins names)
        facts.append(words("names_separator").join(channel))
    # A personal blog named after its writer ("Haki Benita · Haki Benita") says the name once.
    site = entry.meta.site_name
    if paper and (where := citation.venue(entry)):  # the journal, not the archive hosting it (PMC)
        facts.append(where)
    elif site and entry.type not in ("mine",) and site.casefold() not in {p.casefold() for p in entry.people}:
        facts.append(site)
    if paper:
        facts.extend(said for said in (citation.year(entry), citation.doi(entry)) if said)
    episode = entry.episode or entry.meta.extras.get("episode")
    if episode:
        facts.append(words("episode", number=episode))
    duration = entry.duration or entry.meta.duration
    if duration:
        minutes = round(duration / 60)
        if minutes >= 60:
            hours, rest = divmod(minutes, 60)  # Arabic counts the rest
            hours_said = words("hour_count", count=hours, hours=hours)  # Arabic counts the hours too
            facts.append(words("hours_minutes", count=rest, hours=hours_said, minutes=rest))
        else:
            facts.append(words("minutes", count=max(minutes, 1), minutes=max(minutes, 1)))  # Arabic counts them
    stars = entry.meta.extras.get("stars")
    if isinstance(stars, int) and stars > 0:  # "★ 0" reads as a rating of nothing, not as news
        facts.append(words("stars", stars=words.number(stars, grouped=True)))
    return facts


def _uploaders(channel) -> list[str]:
    """A video's uploaders as a cache row holds them: one name, or several (a list, since d804bdd).
    A row of another shape (edited by hand, or damaged: a number, a list of lists) names none:
    `channel: 5` ended the build in a TypeError, and a list's None or nested list was shown as
    "None" and "['x']" beside the video's title."""
    names = [channel] if isinstance(channel, str) else channel if isinstance(channel, list) else []
    return [name for name in names if isinstance(name, str) and name.strip()]
