"""Whether an edition's title (or its post's category, or the email's greeting and sign-off) is
still English in a newsletter written in another language.

`[newsletter] language = "fr"` puts every word the templates write into French, but the title
comes from `[site] monthly_title` (weekly_title, yearly_title), English unless written, with
its month names in `[site] date_language`, English unless set: a French newsletter went out as
"Mes lectures : What I read in December 2026", posted at /posts/what-i-read-in-december-2026/,
and nothing said so. Those defaults do not follow `language` by themselves, since a title is
the post's address (an existing blog's posts would move); this says what to set instead. So
with the category, `init`'s "what I read", which a French blog listed its posts under.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from newsletter.config import Site
from newsletter.formats import phrases, wording
from newsletter.formats.dates_in_words import month_language
from newsletter.formats.language_tag import primary

if TYPE_CHECKING:
    from newsletter.config import Settings

_SETTING = {"month": "monthly_title", "week": "weekly_title", "year": "yearly_title"}
# The English titles: the settings' defaults, and what `newsletter init` writes
_ENGLISH = {
    "month": {Site.monthly_title},
    "week": {
        Site.weekly_title,
        "What I read this week ({start} - {end}, {year})",  # init's before it named the week
        "What I read in week {week} ({start} - {end}, {year})",
    },
    "year": {Site.yearly_title},
}
_MONTH_NAMES = ("{month}", "{start}", "{first}", "{end}")


def english_title(settings: Settings, kind: str) -> str | None:
    """What to set when the `kind` ("month", "week", "year") of edition is titled in English, or
    with English month names, in a newsletter in another language; None when it is not."""
    language = primary(settings.language)
    name = _SETTING.get(kind)
    if language == "en" or name is None:
        return None
    pattern = getattr(settings.site, name)
    written = date_language(settings.language)
    month_names = f', with date_language = "{written}" for its month names' if written and kind != "year" else ""
    if pattern in _ENGLISH[kind]:
        return (
            f'the edition\'s title is English ({name} = "{pattern}" in [site]) but the newsletter is in '
            f'"{settings.language}" ([newsletter] language); write {name} in your language{month_names}, '
            "before the edition is published: a title is the post's address"
        )
    dated = any(part in pattern for part in _MONTH_NAMES)
    if written and dated and settings.site.date_language.lower().split("-")[0] == "en":
        return (
            f'the month names in {name} are English ([site] date_language = "en") but the newsletter is in '
            f'"{settings.language}"; set date_language = "{written}" in [site], before the edition is '
            "published: a title is the post's address"
        )
    return None


def date_language(tag: str) -> str | None:
    """The `date_language` that writes `tag`'s month names: the tag itself where it has names of
    its own (an Austrian log, "de-AT", was told to set "de" and got "Januar" for its "Jänner"),
    else its language's ("fr-CA": "fr"); None for a language with none."""
    names = month_language(tag)
    return tag if names is not None and names == tag.lower().replace("_", "-") else names


def english_category(settings: Settings) -> str | None:
    """What to set when the posts' category is still `init`'s English one in a newsletter in
    another language; None when it is not."""
    if primary(settings.language) == "en" or settings.site.category != Site.category:
        return None
    return (
        f'the posts\' category is English (category = "{Site.category}" in [site]) but the newsletter is in '
        f'"{settings.language}"; name it in your language, before the edition is published: the blog lists '
        "the posts under it"
    )


def english_words(settings: Settings) -> str | None:
    """What to set when the email's greeting or sign-off is still `init`'s English one ("Hello!",
    "Cheers,") in a newsletter in another language: a French edition, French in every word the
    templates write, opened with "Hello!" and closed with "Cheers,"; None when neither is."""
    if primary(settings.language) == "en":
        return None
    english = [
        f"{name} = {value!r}"
        for name, value, default in (("greeting", settings.greeting, "Hello!"), ("signoff", settings.signoff, "Cheers"))
        if value.replace("\n", ",").split(",")[0].strip() == default.rstrip(",")
    ]
    if not english:
        return None
    return (
        f"the email's opening and closing words are English ({', '.join(english)} in [newsletter]) but the "
        f'newsletter is in "{settings.language}"; write them in your language'
    )


def english_phrases(settings: Settings, review: bool = False) -> str | None:
    """What to write when the templates do not speak the newsletter's language and [wording] leaves
    some of the words its readers see in English: Tomasz's Polish edition would have said "View in
    your browser", "Articles" and "Unsubscribe", and check named only the greeting and the title;
    his year in review, `review`, "The year in numbers", "Books" and "by"."""
    if primary(settings.language) == "en" or wording.language_of(settings.language) != "en":
        return None
    # the email's, the blog post's and the web pages' words, or the year in review's own (not a
    # colon, a separator or a number alone)
    words = phrases.REVIEW if review else {**phrases.PHRASES, **phrases.TYPES, **phrases.WEB}
    seen = {key: said for key, said in words.items() if _worded(said)}
    left = [key for key in seen if key not in settings.wording]
    if not left:
        return None
    named = ", ".join(f'{key} ("{_english(seen[key])}")' for key in left[:3])
    more, whose = "…" if len(left) > 3 else "", "the year in review's" if review else "their"
    return (
        f'the templates do not speak "{settings.language}", so readers see {len(left)} of '
        f"{whose} {len(seen)} phrases in English: {named}{more}; say them in [wording] of newsletter.toml, as "
        'the README\'s "In your language" shows (`newsletter schema settings` lists every phrase with its English)'
    )


def _english(said: dict) -> str:
    english = said["en"]
    return english if isinstance(english, str) else english["other"]


def _worded(said: dict) -> bool:
    return any(char.isalpha() for char in re.sub(r"\{\w+[^}]*\}", "", _english(said)))
