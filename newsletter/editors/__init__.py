"""What editors are told about entries and settings: the JSON Schemas (`schemas.py`, with
`earlier_schemas.py`, what every earlier version wrote, so `check` tells an old file from an
edited one) and, here, the editor set-ups `init --editor` writes.

    vscode     frontmatter.json for Front Matter CMS: one content type per entry type (it picks
               the content type by an entry's `type`), dates as YYYY-MM-DD
    obsidian   one template per entry type for Obsidian's Templates plugin, in a folder of their
               own (templates/ holds the Jinja overrides), the plugin's settings pointing there,
               and new notes made in entries/ (Obsidian's default, the vault's top folder, is
               outside it: a note written there was never in any edition, and nothing said so)

Both are made from the same rules as the reader's (`models.Entry`, `fields.FIELDS`), and the
templates are written by `stubs.stub`, like every other entry stub.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from newsletter import stubs
from newsletter.errors import NewsletterError
from newsletter.fields import FIELDS
from newsletter.formats.json_object import json_object
from newsletter.models import Entry
from newsletter.workspace import regular_bytes

EDITORS = ("vscode", "obsidian")
DATE_FORMAT = "yyyy-MM-dd"  # date-fns, as Front Matter CMS formats dates
OBSIDIAN_FOLDER = "obsidian-templates"
OBSIDIAN_DATE = "{{date:YYYY-MM-DD}}"  # the Templates plugin's date variable (moment.js format)

# How Front Matter CMS edits each key (its field types).
FIELD_TYPES = {
    "type": "choice",
    "url": "string",
    "date": "datetime",
    "title": "string",
    "speakers": "list",
    "authors": "list",
    "section": "string",
    "tags": "list",
    "draft": "boolean",
    "image": "string",
    "episode": "number",
    "duration": "string",
    "language": "string",
}


def files(editor: str, language: str = "en") -> dict[str, str]:
    """The set-up of one editor: path relative to the workspace -> text. `language`, the log's
    ([newsletter] language): the line its templates leave for the author's notes is in it."""
    if editor == "vscode":
        return {"frontmatter.json": json.dumps(front_matter_cms(), indent=2) + "\n"}
    templates = {f"{OBSIDIAN_FOLDER}/{kind}.md": obsidian_template(kind, language) for kind in Entry.types}
    settings = {"folder": OBSIDIAN_FOLDER, "dateFormat": "YYYY-MM-DD"}
    new_notes = {"newFileLocation": "folder", "newFileFolderPath": "entries"}
    return {
        **templates,
        ".obsidian/templates.json": json.dumps(settings, indent=2) + "\n",
        ".obsidian/app.json": json.dumps(new_notes, indent=2) + "\n",
    }


# The editor's own settings a folder may hold already: Obsidian writes app.json in every vault it
# has opened. Such a file is left as it is (the author's settings), and the rest is written.
KEPT_IF_THERE = {".obsidian/app.json"}


def kept_vault_advice(folder: Path) -> str | None:
    """What to change in a vault's own .obsidian/app.json, kept as it is, for Obsidian to make new
    notes in entries/: without `newFileLocation` it makes them at the vault's top, outside every
    edition, the very thing the set-up's app.json is for, and init said nothing of it."""
    # (a regular file only, of at most 1 MB: a FIFO there, in a synced vault, had init wait for a
    # writer for ever; and JSON nested past Python's limit, '[' 100,000 deep, ended it in a traceback)
    kept = regular_bytes(folder / ".obsidian/app.json", 1 << 20)
    app = json_object(kept) if kept is not None else None  # (None: a file half written: Obsidian's defaults)
    if app is not None and app.get("newFileLocation") == "folder":
        if str(app.get("newFileFolderPath", "")).strip("/").split("/")[0] == "entries":
            return None
    return (
        "Kept the vault's own .obsidian/app.json as it is, where new notes are not made in entries/ "
        "(a note outside it is in no edition): in Obsidian, set Settings > Files and links > "
        "Default location for new notes to the folder entries."
    )


def people_key(kind: str) -> str | None:
    """The word a stub of this type uses for its people (`speakers` and `authors` are synonyms)."""
    if kind == "mine":
        return None
    return "speakers" if kind in Entry.people_words else "authors"


def keys_of(kind: str) -> list[str]:
    """The keys an entry of this type is offered, in the order a stub writes them."""
    people = people_key(kind)
    return [
        *Entry.required,
        "title",
        *([people] if people else []),
        "section",
        *Entry.type_fields.get(kind, ()),
        "tags",
        "draft",
        "language",  # (a form's field, left empty: a stub writes it only when the page says another)
    ]


def front_matter_cms() -> dict:
    return {
        "$schema": "https://frontmatter.codes/frontmatter.schema.json",
        "frontMatter.taxonomy.frontMatterType": "YAML",
        "frontMatter.taxonomy.dateFormat": DATE_FORMAT,
        "frontMatter.content.pageFolders": [
            {"title": "Entries", "path": "[[workspace]]/entries", "contentTypes": list(Entry.types)}
        ],
        "frontMatter.taxonomy.contentTypes": [
            {
                "name": kind,
                "pageBundle": False,
                "previewPath": None,
                "fields": [_field(kind, key) for key in keys_of(kind)],
            }
            for kind in Entry.types
        ],
    }


def required(kind: str) -> tuple[str, ...]:
    """The keys an entry of this type cannot go without: a book may have no link, and then
    shows its title (read.entry_from), so its form asks for the title, not the link."""
    if kind == "book":
        return tuple(key for key in Entry.required if key != "url") + ("title",)
    return Entry.required


# A form's label, where capitalising the key is not how it is written ("Url").
LABELS = {"url": "URL", "language": "Language (when not the log's)"}


def _field(kind: str, key: str) -> dict:
    label = LABELS.get(key, key.capitalize())
    field = {"title": label, "name": key, "type": FIELD_TYPES[key], "description": FIELDS[key].description}
    if key in required(kind):
        field["required"] = True
    if key == "type":
        field |= {"choices": list(Entry.types), "default": kind}
    elif key == "date":
        field |= {"dateFormat": DATE_FORMAT, "isPublishDate": True, "default": "{{now}}"}
    elif key == "draft":
        field["default"] = False
    return field


def obsidian_template(kind: str, language: str = "en") -> str:
    """An entry stub with Obsidian's date variable where the date goes: today, when inserted; the
    notes' placeholder in the log's `language`, as `new` writes it (a French log's every note
    made in Obsidian said "Your notes, in Markdown.")."""
    placeholder = dt.date(1, 1, 1)  # no real entry is dated in year 1
    extra = {key: "" for key in Entry.type_fields.get(kind, ())}
    said = stubs.placeholder_in(language)
    text = stubs.stub(kind, "", placeholder, fill_in=True, extra=extra, placeholder=said)
    return text.replace(f"date: {placeholder.isoformat()}", f"date: {OBSIDIAN_DATE}")


def _kept(folder: Path, path: Path) -> bool:
    return path.relative_to(folder).as_posix() in KEPT_IF_THERE


def write(folder: Path, editor: str, language: str = "en") -> list[Path]:
    """Write one editor's set-up into the workspace; an existing file is never replaced."""
    paths = {folder / name: text for name, text in files(editor, language).items()}
    # lexists: a link to nowhere is there too (a vault's settings linked from a synced folder not
    # synced yet); exists() said no, and the write met it in a FileExistsError traceback.
    paths = {path: text for path, text in paths.items() if not (os.path.lexists(path) and _kept(folder, path))}
    for path in paths:
        if os.path.lexists(path):
            raise NewsletterError(
                f"{path} already exists; not overwriting it (move it away to get the {editor} set-up)."
            )
        # a file where the set-up's folder goes (a .obsidian that is no vault's): the write's
        # message sent the author to check that entries/ can be written to
        if (parent := path.parent).exists() and not parent.is_dir():
            raise NewsletterError(
                f"{parent} is a file, where the {editor} set-up makes a folder; move it away to get the set-up."
            )
    for path, text in paths.items():  # (a read-only workspace: not entries/'s fault, as the message said)
        stubs.write(path, text, within=f"the workspace {folder} is a folder")
    return list(paths)
