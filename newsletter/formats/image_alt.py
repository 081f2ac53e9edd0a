"""A note's image whose alt text tells a reader nothing: none at all, or the picture's file name.

The alt text is what a screen reader says in the image's place, on the blog and in the web
edition, and what the email and its plain text show instead of the picture ("[image:
IMG_2041.jpg]"). An editor that pastes or drags a picture in (Obsidian, Typora, VS Code) writes
its file name there, and a reader who cannot see it heard "IMG underscore 2041 dot jpg".
The note is parsed as the build parses it (a reference image and an image in a link count; one
inside `code` is only shown).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from newsletter.formats.notes import NoteParser
from newsletter.models import Entry

# A picture's file name, ending as image files do: "IMG_2041.jpg", Obsidian's "Pasted image
# 20261119101532.png", macOS's "Screenshot 2026-11-19 at 10.15.32.png"
_FILE_NAME = re.compile(r"[^/\\]+\.(?:jpe?g|png|gif|webp|avif|heic|heif|svg|bmp|tiff?)", re.IGNORECASE)


def file_name_alts(entries: list[Entry], shown: str = "[image]") -> list[tuple[Entry, str]]:
    """(entry, what to say) for each entry with a note's image without alt text or with its file
    name as alt text, said once per entry; `shown`: what the email shows for an image without
    alt text, in the edition's language (Ines's Portuguese one shows '[imagem]')."""
    found = []
    parser = NoteParser()  # no state folder: these notes are parsed here only
    for entry in entries:
        if "![" not in entry.notes:
            continue  # most notes have no image: not parsed at all
        images = [(img.get("alt") or "", img.get("src") or "") for img in parser.parse(entry.notes).tree.iter("img")]
        bare = [src for alt, src in images if not alt.strip()]
        named = [(alt.strip(), src) for alt, src in images if alt.strip() and _is_file_name(alt.strip(), src)]
        if named:
            alt, src = named[0]
            src = _shown(src)
            found.append(
                (
                    entry,
                    f"the image {src} has its file name '{alt}' as alt text, which screen readers "
                    "read out and the email shows in its place; describe what it shows: ![a reading "
                    "room at dusk](…)",
                )
            )
        elif bare:
            found.append(
                (
                    entry,
                    f"the image {_shown(bare[0])} has no alt text, so screen readers skip it and the email "
                    f"shows '{shown}' in its place; describe what it shows: ![a reading room at dusk](…)",
                )
            )
    return found


def _shown(src: str) -> str:
    """The image's address for a one-line message: a picture pasted in as a data: URL is tens of
    thousands of letters of base64, named by its kind alone."""
    if src[:5].lower() == "data:":
        return src.split(",", 1)[0] + ",…"
    return src if len(src) <= 100 else src[:99] + "…"


def _is_file_name(alt: str, src: str) -> bool:
    stem = PurePosixPath(unquote(urlsplit(src).path)).stem
    return bool(_FILE_NAME.fullmatch(alt)) or (bool(stem) and alt.casefold() == stem.casefold())
