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

import functools
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from newsletter.errors import NewsletterError
from newsletter.formats.json_object import json_object_in

# What Hugo can publish as a picture a browser shows; the up-to-date check watches these too.
SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg")
RECORD = "pictures.json"  # in dist/<PERIOD>/: the copies the last build made, and their hashes

# An image's destination with no scheme, not /rooted (the site's static/) and not a #fragment.
_LOCAL = re.compile(r"(?![A-Za-z][A-Za-z0-9+.-]*:|[/#\\])")


@dataclass(frozen=True)
class _Words:
    """An edition's own words (its intro and outro) as a note of its editorial file's folder."""

    notes: str
    path: Path


def with_words(entries, editorial: Path | None, *words: str) -> list:
    """The entries, and the edition's own `words` from its `editorial` file (`_index.md`), whose
    pictures are the post's too: a picture kept beside _index.md and shown in the intro was left
    out of the bundle, a broken image on the blog (found with new user 55's month, building
    init's site with a chart in the intro)."""
    written = "\n\n".join(text for text in words if text)
    return [*entries, _Words(written, editorial)] if editorial and written else list(entries)


def images_beside(entries, raw_html: bool = True, state_dir: Path | None = None) -> dict[str, Path]:
    """{the path the notes wrote: the file} for each entry's image of its own folder. Two
    pictures of one name (a week's edition, its entries in two months' folders, each with its
    `image.png`) cannot both be beside the post: the build stops, naming them, where the blog
    showed the first in place of the second. `raw_html`: whether the site renders a note's raw
    HTML (raw_html.renders_raw_html), so that an `<img src="…">` in it is shown on the blog.
    `state_dir`: where the notes cache keeps what each note was found to show."""
    found: dict[str, Path] = {}
    for entry, name, file in _named(entries, raw_html, state_dir):
        if file is None:
            continue
        if found.setdefault(name, file) != file:
            raise NewsletterError(
                f"{entry.path} shows {file} as '{name}', a name another note gives {found[name]}; "
                "the post can hold only one picture by that name, so rename one of them."
            )
    return found


def not_beside(entries, state_dir: Path | None = None) -> list[tuple[object, str]]:
    """(the entry, the name its note writes) for each picture a note shows from beside it that is
    not there: new user 58 (Ingrid) wrote `![Missing chart](missing-chart.png)` and no build,
    check or preview said a word, while the blog would show a broken image and the email its alt
    text linked to an address with nothing at it (a name mistyped, its case, a picture not saved yet)."""
    return [(entry, name) for entry, name, file in _named(entries, True, state_dir) if file is None]


def _named(entries, raw_html: bool, state_dir: Path | None):
    """(entry, the name its note writes, the file or None when there is none) for each picture a
    note shows by a relative path in its own folder or below."""
    # most notes: not read at all
    pictured = [e for e in entries if "![" in e.notes or (raw_html and "<img" in e.notes.lower())]
    shown = _shown_by(list(dict.fromkeys(e.notes for e in pictured)), raw_html, state_dir) if pictured else {}
    for entry in pictured:
        folder = entry.path.parent.resolve()
        for written in shown[entry.notes]:
            name = unquote(written.split("#")[0].split("?")[0])
            if not _LOCAL.match(written) or not name.lower().endswith(SUFFIXES) or ".." in Path(name).parts:
                continue
            try:
                file = (folder / name).resolve()
            except (OSError, ValueError, RuntimeError):  # a NUL ('x%00.png') or a loop of links: no file to copy
                continue
            if file.is_relative_to(folder):  # (a link out of the folder is no picture to copy, nor to miss)
                yield entry, name, file if file.is_file() else None


# What the notes cache keeps a note's pictures under: change it with `_destinations`' rules.
_KIND = "pictures-1"


def _shown_by(notes: list[str], raw_html: bool, state_dir: Path | None) -> dict[str, list[str]]:
    """{a note: where each of its pictures is}, kept in the notes cache: reading a note with
    markdown-it cost each build of a month with a picture its import, ~40 ms of CPU, where the
    pattern before it took 2 ms; now only a note not read before is."""
    from newsletter.formats.notes import NotesCache

    kind = f"{_KIND}-{'raw' if raw_html else 'markdown'}"  # (a raw <img> is a picture or not)
    cache = NotesCache(state_dir) if state_dir is not None else None
    try:
        kept = cache.get_made_many([(kind, note) for note in notes]) if cache else {}
        shown = {}
        for note in notes:
            if (listed := _listed(kept.get((kind, note)))) is None:
                listed = list(_destinations(note, raw_html))
                if cache:
                    cache.put_made(kind, note, json.dumps(listed))
            shown[note] = listed
        return shown
    finally:
        if cache:
            cache.close()


def _listed(value: str | None) -> list[str] | None:
    try:
        listed = json.loads(value) if value is not None else None
    except (ValueError, RecursionError):  # (RecursionError: arrays nested past Python's limit)
        return None  # damaged: read the note again
    return listed if isinstance(listed, list) and all(isinstance(item, str) for item in listed) else None


def _destinations(notes: str, raw_html: bool):
    """Where each picture of a note is, as the blog's Markdown (CommonMark, Goldmark's) reads it:
    `![a](pic.png)`, `![a][ref]` by its `[ref]: pic.png`, and with `raw_html` an `<img src>`;
    none in code, and a list item's indented line is the item's text. A pattern over the text
    missed the reference-style and raw pictures, and had to guess at code and lists."""
    for token in _parser().parse(_FOOTNOTE.sub(r"\1", notes)):
        if token.type == "html_block" and raw_html:
            yield from _sources(token.content)
        for child in token.children or ():
            if child.type == "image":
                yield str(child.attrs.get("src", ""))
            elif child.type == "html_inline" and raw_html:
                yield from _sources(child.content)


# A footnote's definition ('[^1]: ![Loss](loss.png)', Goldmark's footnotes, on in Hugo): its text
# is Markdown the blog shows, which CommonMark alone reads as a link's definition, its picture
# as an address. Without its label it is a paragraph, read as the footnote's text is.
_FOOTNOTE = re.compile(r"^( {0,3})\[\^[^\]\s]+\]:", re.MULTILINE)


def _sources(html: str) -> list[str]:
    """The src of each <img> in a note's raw HTML, as the browser reads it: read by a pattern, a
    commented-out screenshot (`<!-- <img src="draft.png"> -->`) was copied into the bundle, which
    Hugo publishes whole, and 88 KB of unclosed `<img alt=x ` took 16 s."""
    from selectolax.lexbor import LexborHTMLParser  # (only for a note with raw HTML)

    return [img.attributes.get("src") or "" for img in LexborHTMLParser(html).css("img")]


@functools.cache
def _parser():
    from markdown_it import MarkdownIt  # (only for a note with a picture)

    return MarkdownIt("commonmark").enable("table")  # GFM tables, as Goldmark has them in Hugo


def copies(
    entries, bundle: Path, record: Path, raw_html: bool = True, state_dir: Path | None = None
) -> dict[Path, bytes]:
    """{the copy's path in the post's `bundle`: its bytes}, with the `record` of them (the
    edition's pictures.json, once there are any). A copy the last build made that this one does
    not make goes now: Hugo publishes whatever is in a bundle, so a picture taken out of a note,
    renamed or deleted stayed on the blog (a screenshot shown by mistake among them), and a post
    that moved left its old folder with them. Only a copy as it was written goes; a file of the
    author's in the bundle (Blowfish's feature.png) is never written over. `raw_html`: as
    `images_beside`'s, whether the blog shows a note's <img> (with Hugo's defaults it does not);
    `state_dir`, where the notes cache is."""
    ours = _recorded(record)
    made = {}
    for name, file in images_beside(entries, raw_html, state_dir).items():
        made[bundle / name] = _read(file)
        _refuse_overwriting(bundle / name, made[bundle / name], file, ours)
    kept = {os.path.normpath(copy) for copy in made}
    for path, (digest, folders) in ours.items():
        if path not in kept:
            _retire(Path(path), digest, folders)
    if not made and not record.is_file():
        return made  # (most editions: no record)
    listed = {"bundle": os.path.relpath(bundle, record.parent), "pictures": {}}
    for path, data in made.items():
        listed["pictures"][path.relative_to(bundle).as_posix()] = _digest(data)
    return {**made, record: (json.dumps(listed, indent=2, ensure_ascii=False) + "\n").encode()}


def _recorded(record: Path) -> dict[str, tuple[str, int]]:
    """{a copy's path: its sha256, and how many folders down the bundle it is} as the last build
    wrote them."""
    listed = json_object_in(record) or {}
    try:
        bundle, pictures = record.parent / listed["bundle"], dict(listed["pictures"])
    except (ValueError, KeyError, TypeError):  # (ValueError: a list of no pairs)
        return {}  # no record (a first build), or not ours to read: nothing is ours
    return {
        os.path.normpath(bundle / name): (digest, len(Path(name).parts) - 1)
        for name, digest in pictures.items()
        if ".." not in Path(name).parts and Path(name).suffix.lower() in SUFFIXES
    }


def _refuse_overwriting(copy: Path, data: bytes, picture: Path, ours: dict[str, tuple[str, int]]) -> None:
    try:
        there = copy.read_bytes()
    except OSError:
        return  # none yet
    if there != data and ours.get(os.path.normpath(copy), ("",))[0] != _digest(there):
        raise NewsletterError(
            f"{copy} is a file in the post's folder that is not {picture}, the picture a note shows "
            "by that name; rename one of them (or delete the first if it is an older copy of the picture)."
        )


def _retire(path: Path, digest: str, folders: int) -> None:
    try:
        if _digest(path.read_bytes()) == digest:  # else replaced since: the author's
            path.unlink()
        for folder in path.parents[:folders]:  # the folders made for it (figures/), not the bundle
            folder.rmdir()
    except OSError:
        pass  # gone already, or a folder with other files: left


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pictures_in(folder: Path) -> set[Path]:
    """Every picture in a month's folder of entries, which the build is made from. Listed with
    os.scandir: pathlib's rglob made a path of every file of the folder (0.22 against 0.06 ms for
    a 50-entry month, each edition's build in `build --all`)."""
    found, folders = set(), [os.fspath(folder)]
    while folders:
        try:
            listing = os.scandir(folders.pop())
        except OSError:  # (no such folder: a month without entries)
            continue
        with listing:
            for item in listing:
                if item.is_dir(follow_symlinks=False):  # as rglob: a linked folder is not walked (nor looped)
                    folders.append(item.path)
                elif os.path.splitext(item.name)[1].lower() in SUFFIXES and _is_file(item):
                    found.add(Path(item.path))
    return found


def _is_file(item: os.DirEntry) -> bool:
    """Whether `item` is a file (or a link to one), as pathlib says: False for a link that loops."""
    try:
        return item.is_file()
    except OSError:
        return False


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise NewsletterError(f"Cannot read {path} ({error.strerror or error}), a picture a note shows; check it.")
