"""Text a server encoded in UTF-8 twice: "CafÃ© naÃ¯ve", "donâ€™t".

A site whose database took UTF-8 bytes for Windows-1252 (a WordPress moved between servers, a
CMS's export and import) serves its titles so in every byte, whatever charset it declares: the
bytes are read right, and what they say is garbled. A browser shows the page's tab so too; the
email put "CafÃ© naÃ¯ve" in front of every reader. Each such run of characters, written back as
the Windows-1252 bytes it was read from, is valid UTF-8 again, which text in any language almost
never is by chance (two to four letters of Latin-1 in a row of exactly UTF-8's shape).
"""

from __future__ import annotations

import re

# The characters Windows-1252 reads from bytes 0x80-0xBF (its five unassigned ones as Latin-1's,
# C1 controls), which are UTF-8's continuation bytes; 0xC2-0xF4, as Latin-1 letters, lead.
_FOLLOWING = "".join(bytes([byte]).decode("cp1252", errors="ignore") or chr(byte) for byte in range(0x80, 0xC0))
_NEXT = "[" + re.escape(_FOLLOWING) + "]"
_LEAD_AND_NEXT = re.compile(f"[\u00c2-\u00f4]{_NEXT}")
_RUN = re.compile(f"[\u00c2-\u00df]{_NEXT}|[\u00e0-\u00ef]{_NEXT}{{2}}|[\u00f0-\u00f4]{_NEXT}{{3}}")


# The leads of what such text is made of, Latin-1's letters (Ã, Â), Latin Extended-A's (Ä, Å) and
# typographic punctuation (â€™): a title with one run led otherwise is a capital and a sign, as
# typed ("THE CAFÉ’S MENU", "L'ÉTÉ—LE RETOUR" are "CAFɒS" and "ÉTɗLE" read as such runs).
_COMMON_LEADS = "\u00c2\u00c3\u00c4\u00c5\u00e2"


def repaired(text: str) -> str | None:
    """`text` as it was written, if some of it is UTF-8 read as Windows-1252; else None. One run
    alone counts only with a common lead: any other is as likely a capital before a sign."""
    if text.isascii():
        return None
    runs = [run[0] for run in _RUN.finditer(text) if _as_written(run) != run[0]]
    if not runs or (len(runs) == 1 and runs[0][0] not in _COMMON_LEADS):
        return None
    return _RUN.sub(_as_written, text)


def wholly(text: str) -> bool:
    """Whether `text` (repaired) holds no piece of such a run left: a character read from a
    C1 byte (U+0081…, the sanitiser's to remove) was lost, and the run with it."""
    return not _LEAD_AND_NEXT.search(text)


def _as_written(run: re.Match) -> str:
    raw = bytes(_FOLLOWING.index(char) + 0x80 if char in _FOLLOWING else ord(char) for char in run[0])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return run[0]
