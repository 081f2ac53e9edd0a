"""A web address as an entry may give it, one rule for the reader, `new` and the editors' schema.

An address pasted with a character no address holds, one that hides or reorders the text around it
(a right-to-left override, a zero-width space, a mark of direction, copied with the link from a
chat or a page), was taken as typed: an entry with no title shows its link as its heading, and
'https://example.com/\u202egpj.exe' read 'https://example.com/exe.jpg' in the email, its text part,
the post and the feeds; in a host it went into every href as it was. The joiners stay: an emoji of
several in a path is joined by them, as in a title.
"""

from __future__ import annotations

import re

from newsletter.formats import hidden_characters

# (as \uXXXX escapes, which Python's regexes and JSON Schema's ECMAScript ones read alike)
_HIDDEN = "".join(f"\\u{ord(char):04x}" for char in hidden_characters.RULE if char not in hidden_characters.JOINERS)
# A web address as the reader accepts it (surrounding spaces are stripped first).
WEB_ADDRESS = rf"https?://[^\s/{_HIDDEN}]+\.[^\s{_HIDDEN}]*|https?://[^\s/{_HIDDEN}]+"
HIDDEN = hidden_characters.pattern(keep=hidden_characters.JOINERS)  # one of them (mail_pictures refuses them too)
_SCHEMES = ("http", "https")


def mended(url: str) -> str:
    """`url` as an import writes it into an entry, the address it is: without the characters no
    address holds (a zero-width space or a mark of direction an export or a feed kept in it) and
    with its scheme in small letters, where the reader's rule refused it and the item was skipped."""
    url = HIDDEN.sub("", url).strip()
    scheme, colon, rest = url.partition(":")
    return scheme.lower() + colon + rest if colon and scheme.lower() in _SCHEMES else url


def refusal(url: str) -> str | None:
    """Why `url` is no web address an entry may hold, as a message's end, or None when it is one."""
    hidden = HIDDEN.search(url)
    if hidden:
        return (
            f"holds an invisible character ({hidden_characters.escaped(hidden[0])}), which would hide or "
            "reorder what readers see of the link and is no part of its address; delete it"
        )
    if re.fullmatch(WEB_ADDRESS, url):
        return None
    scheme, colon, rest = url.partition(":")
    if colon and scheme.lower() in _SCHEMES and re.fullmatch(WEB_ADDRESS, scheme.lower() + colon + rest):
        # (HTTPS://EXAMPLE.COM/, typed or pasted from a document: told it was no address "in full")
        return f"starts with {scheme}{colon} in capitals; write it in small letters, {scheme.lower()}{colon}"
    if ":" not in url.split("/")[0] and re.fullmatch(rf"[^\s/{_HIDDEN}]+\.[^\s{_HIDDEN}]+", url):
        # www.example.com/post, as a browser's bar shows it: told to write "in full" with an example
        # of another page (Tomás, new user 60), when the address is this one with its scheme
        return f"is not a web address; write it in full, https://{url}"
    return "is not a web address; write it in full, like https://example.com/page"
