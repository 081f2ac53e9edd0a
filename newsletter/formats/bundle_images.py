"""A note's pictures kept beside it, copied into the post's bundle.

Devi keeps a figure beside its entry (`entries/2026/11/heatmap.png`) and writes
`![Attention weights](heatmap.png)`, which her editor's preview shows. The post is a page bundle
elsewhere (`content/posts/<slug>/index.md`), where Hugo found no such file: the blog showed a
broken image and its alt text, in Blowfish as with Hugo's own image rendering. An image a note
names by a relative path to a file in its entry's own folder (or below it) is copied beside the
post under that path, where the same words find it: a page resource, published with the page.
Nothing outside the entry's folder is copied (`../../newsletter.toml` is no picture to publish).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from newsletter.errors import NewsletterError

# What Hugo can publish as a picture a browser shows; the up-to-date check watches these too.
SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg")

# Code shows `![x](y.png)` as typed; an image's destination with no scheme, not /rooted (the
# site's static/) and not a #fragment, bare or in <…> (CommonMark's way to write a space in one).
_CODE = re.compile(r"^(```|~~~).*?^\1[ \t]*$|`[^`\n]*`|^(?: {4}|\t)[^\n]*$", re.M | re.S)
_LOCAL = r"(?![A-Za-z][A-Za-z0-9+.-]*:|[/#\\])"
_IMAGE = re.compile(rf"!\[[^\]\n]*\]\([ \t]*(?:<{_LOCAL}([^<>\n]+)>|{_LOCAL}([^\s)<>]+))")


def images_beside(entries) -> dict[str, Path]:
    """{the path the notes wrote: the file} for each entry's image of its own folder; a path
    two entries both use names the first one's file (two figures of one name: rename one)."""
    found: dict[str, Path] = {}
    for entry in entries:
        if "![" not in entry.notes:
            continue  # most notes: no pattern run
        folder = entry.path.parent.resolve()
        for match in _IMAGE.finditer(_CODE.sub("", entry.notes)):
            name = unquote((match[1] or match[2]).split("#")[0].split("?")[0])
            if name in found or not name.lower().endswith(SUFFIXES) or ".." in Path(name).parts:
                continue
            try:
                file = (folder / name).resolve()
            except (OSError, ValueError, RuntimeError):  # a NUL ('x%00.png') or a loop of links: no file to copy
                continue
            if file.is_file() and file.is_relative_to(folder):
                found[name] = file
    return found


def copies(entries, bundle: Path) -> dict[Path, bytes]:
    """{the copy's path in the post's `bundle`: its bytes}."""
    return {bundle / name: _read(file) for name, file in images_beside(entries).items()}


def pictures_in(folder: Path) -> set[Path]:
    """Every picture in a month's folder of entries, which the build is made from."""
    if not folder.is_dir():
        return set()
    return {p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()}


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise NewsletterError(f"Cannot read {path} ({error.strerror or error}), a picture a note shows; check it.")
