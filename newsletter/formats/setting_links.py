"""The links every edition gives its readers from the settings ([links], and [email]'s one-click
unsubscribe address): each a full address, as an inbox opens one.

`support = "www.patreon.com/ericmjl"`, `subscribe = "tinyletter.com/ericmjl"` or `social =
"@ericmjl"`, as people write them, went into the email's closing paragraph and footer as they
were: relative links, which lead nowhere from an inbox (and on the edition's web page to a page of
the blog that is not there), the unsubscribe link among them and in List-Unsubscribe, which no
mail provider can use; `javascript:` and `data:` ones, which no email may hold, as written too.
Nothing said so, not even `check`. A list service's merge tag for the unsubscribe link
(`{{ unsubscribe_url }}`, `*|UNSUB|*`, `[unsubscribe]`, `%unsubscribe_url%`) is the service's.
"""

from __future__ import annotations

import re

from newsletter.formats import hidden_characters

KEYS = (("links", "subscribe"), ("links", "website"), ("links", "social"), ("links", "support"))
KEYS += (("links", "unsubscribe"), ("email", "list_unsubscribe"))
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_OPENED_FROM_EMAIL = ("http", "https", "mailto")
# What a list service's merge tag is written with, and no bare web address holds
_MERGE_TAG = re.compile(r"[{}\[\]*|%<>$]")


def problem(table: str, key: str, value: str) -> str | None:
    """What is wrong with the setting [table] key = value as a link readers follow; None if nothing."""
    value = value.strip()  # (a space pasted around a URL is no part of it: email.py strips it)
    if not value:
        return None
    named = f"[{table}] {key} = '{hidden_characters.shortened(hidden_characters.escaped(value), 80)}'"
    scheme = _SCHEME.match(value)
    if scheme and scheme[1].lower() in _OPENED_FROM_EMAIL:
        return None
    if scheme:
        return f"{named} is a {scheme[1].lower()}: address, no page readers open from an email; write its https:// one"
    if (table, key) == ("links", "unsubscribe") and _MERGE_TAG.search(value):
        return None  # the list service's merge tag, filled in for each reader
    example = f"https://{value.lstrip('/')}" if re.match(r"/*[\w-]+(\.[\w-]+)+(/|$)", value) else "https://…"
    return (
        f"{named} is not a full address: from an inbox, a link without https:// leads nowhere; "
        f"write it in full, like {example}"
    )
