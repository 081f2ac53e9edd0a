"""JSON Schemas (draft 2020-12) of an entry's front matter and of newsletter.toml, generated
from the rules the reader (`fields.FIELDS`, `models.Entry`) and the settings loader
(`config.TABLES`, `CHOICES`, `ONE_LINE`, `RANGES`) enforce, so an editor's warnings cannot drift from
what a build refuses. Written into a workspace by `init`, printed by `newsletter schema`.
"""

from __future__ import annotations

import codecs
import dataclasses
import hashlib
import json
import shlex
from pathlib import Path

from newsletter import config
from newsletter.editors.earlier_schemas import WRITTEN
from newsletter.fields import FIELDS, any_case, one_line_pattern
from newsletter.formats import wording
from newsletter.formats.dates_in_words import LANGUAGES
from newsletter.models import Entry
from newsletter.workspace import open_regular

DRAFT = "https://json-schema.org/draft/2020-12/schema"
FILES = {"entry": "entry.schema.json", "settings": "settings.schema.json"}  # under schemas/


# A title that shows: a number or a word, or text with a character that is neither a space nor
# a control character (fields.text drops those, then strips the spaces).
SHOWN = {
    "anyOf": [
        {"type": ["number", "boolean"]},
        {"type": "string", "pattern": "[^\\s\\u0000-\\u0008\\u000e-\\u001f\\u0085\\ufffe\\uffff]"},
    ]
}


def entry() -> dict:
    """The front matter of one entry: required keys, every key's rule, a hint per type.
    Unknown keys are allowed, as the reader allows them (with a warning)."""
    per_type = []
    for kind in Entry.types:
        people = "Its people" if kind in Entry.people_headings else Entry.people_words.get(kind, "Author") + "s"
        hints = {
            key: {"description": f"{people}, as a list (`speakers` and `authors` are synonyms)"}
            for key in ("speakers", "authors")
        }
        hints |= {
            key: {"description": FIELDS[key].description + f" (for a {kind})"}
            for key in Entry.type_fields.get(kind, ())
        }
        per_type.append(
            {"if": {"properties": {"type": {"const": kind}}, "required": ["type"]}, "then": {"properties": hints}}
        )
    return {
        "$schema": DRAFT,
        "title": "newsletter entry",
        "description": "The YAML front matter of one entry under entries/YYYY/MM/. Unknown keys are "
        "allowed (the reader warns about them).",
        "type": "object",
        "required": [key for key in Entry.required if key != "url"],
        # A link, unless the entry is a book or an imported item its source gave none (then a
        # title to show), as read.entry_from decides: `url:` left empty (as `new book` writes
        # it) is no link, `type: Book` is a book, and a title of spaces is none.
        "anyOf": [
            {"required": ["url"], "properties": {"url": {"type": "string", "minLength": 1}}},
            {
                "required": ["type", "title"],
                "properties": {"type": {"type": "string", "pattern": f"^\\s*{any_case('book')}\\s*$"}, "title": SHOWN},
            },
            {
                "required": ["imported", "title"],
                "properties": {
                    "imported": {"anyOf": [{"type": "object"}, {"type": "array", "minItems": 1}]},
                    "title": SHOWN,
                },
            },
        ],
        "properties": {key: {**rule.schema, "description": rule.description} for key, rule in FIELDS.items()},
        "additionalProperties": True,
        "allOf": per_type,
    }


def settings() -> dict:
    """newsletter.toml: its tables, each table's keys and their types, the choices, the
    one-line settings. Unknown tables and keys are errors, as the loader makes them."""
    tables = {"newsletter": config.Settings, **config.TABLES}
    properties = {name: _table(name, cls) for name, cls in tables.items()}
    properties["newsletter"]["required"] = ["name"]
    properties["wording"] = _wording()
    properties["newsletter"]["properties"]["name"] = {
        "type": "string",
        "minLength": 1,
        "pattern": one_line_pattern(),
        "description": "the newsletter's name",
    }
    return {
        "$schema": DRAFT,
        "title": "newsletter settings",
        "description": "newsletter.toml of a newsletter workspace.",
        "type": "object",
        "required": ["newsletter"],
        "properties": properties,
        "additionalProperties": False,
    }


def dumps(schema: dict) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def stale(root: Path) -> list[tuple[Path, str]]:
    """The schemas in the workspace's schemas/ (init's) that this version would write otherwise,
    each with what to do. Priya upgraded: the build read the [wording] keys it had learnt since,
    and her editor, checking newsletter.toml against the schema her first version wrote,
    underlined them as errors. A file that is not there, or not text, is none of init's.

    A file an earlier version wrote is told to be written again; one the author edited (no
    version wrote it) never is, as that would lose the edits: it is named only for the keys and
    choices of this version's it lacks, to copy in by hand, or for being no JSON."""
    found = []
    for kind, name in FILES.items():
        text = read(root / "schemas" / name)
        if text is None or (said := _said_of(kind, root / "schemas" / name, text)) is None:
            continue
        found.append((root / "schemas" / name, said))
    return found


# The most a schema file is read of: this version's are 18 and 104 KB. Read whole, a 200 MB file
# in schemas/ (a damaged sync, a collaborator's) took every `check` 430 MB, and its size more.
MAX_BYTES = 4_000_000


def read(path: Path) -> str | None:
    """A schema file's text; None when there is none to read, it is not text, or it is larger
    than any schema (MAX_BYTES)."""
    try:  # (a regular file only: a FIFO by its name, a sync tool's, held `check` waiting for a writer)
        with open(path, "rb", opener=open_regular) as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError:
        return None
    if len(data) > MAX_BYTES:
        return None
    try:  # (a BOM is no rule: an editor on Windows writes one)
        return data.decode(_encoding_by_mark(data))
    except UnicodeDecodeError:
        return None


def _encoding_by_mark(data: bytes) -> str:
    """The encoding a file's byte order mark names, UTF-8 without one. A schema saved as UTF-16
    (Notepad's "Unicode", or the `>` of Windows PowerShell 5 writing `newsletter schema` out) was
    taken for no text and never named, though an editor reads it, an earlier version's rules and all."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # (before UTF-16's: FF FE begins both)
        return "utf-32"
    return "utf-16" if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"


def state(kind: str, text: str) -> str:
    """Who wrote a schema file's `text`: "this" version, an "earlier" one, or none ("edited", by
    its author, or no JSON at all). Compared as JSON, however laid out: Git on Windows gives it
    CRLF line ends, an editor formatting on save its own indent, and neither is an edit."""
    try:
        rules = json.loads(text)
    except (ValueError, RecursionError):
        return "edited"
    if rules == _ours(kind):
        return "this"
    return "earlier" if digest(rules) in WRITTEN[kind] else "edited"


def digest(rules: object) -> str:
    """A schema's rules as a short digest, the same however its file is laid out (earlier_schemas)."""
    text = json.dumps(rules, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _ours(kind: str) -> dict:
    return entry() if kind == "entry" else settings()


def _said_of(kind: str, path: Path, text: str) -> str | None:
    """What check says of a schema file of `kind` at `path`, or None when it has nothing to say."""
    checked = "entries" if kind == "entry" else config.SETTINGS_FILE
    written = state(kind, text)
    if written == "this":
        return None
    if written == "earlier":
        return (
            f"written by an earlier version of newsletter, so your editor checks {checked} by rules "
            # the file as the shell reaches it from here: `-w DIR` run elsewhere wrote to (or
            # failed on) a schemas/ of the current folder, and the workspace's stayed as it was
            f"this version has changed; write it again: newsletter schema {kind} > {shlex.quote(config.shown(path))}"
        )
    try:
        theirs = set(_rules_in(json.loads(text)))
        lacking = [rule for rule in dict.fromkeys(_rules_in(_ours(kind))) if rule not in theirs]
    except (ValueError, RecursionError) as error:  # (a JSONDecodeError says where; arrays past Python's limit)
        where = f" (line {error.lineno}: {error.msg})" if isinstance(error, json.JSONDecodeError) else ""
        return (
            f"is no JSON your editor can read{where}, so it checks {checked} by no rule; mend it "
            f"(`newsletter schema {kind}` prints this version's, to compare)"
        )
    if not lacking:  # edited, and knows all this version's: the author's rules
        return None
    missing = set(lacking)  # (a key it lacks is named, not each key and choice under it)
    lacking = [rule for rule in lacking if not _under(rule, missing)]
    named = ", ".join(lacking[:6]) + (f" and {len(lacking) - 6} more" if len(lacking) > 6 else "")
    return (
        f"edited since newsletter wrote it, and lacks what this version reads: {named}; your editor checks "
        f"{checked} without them. Copy them in from `newsletter schema {kind}` (writing it over your file "
        "would lose your edits)"
    )


def _under(rule: str, keys: set[str]) -> bool:
    """Whether `rule` (a key's path, or a key's path and a choice) is of a key among `keys`."""
    parts = rule.partition(": ")[0].split(".")
    return any(".".join(parts[:size]) in keys for size in range(1, len(parts) + (": " in rule)))


def _rules_in(schema: object, path: tuple[str, ...] = ()) -> list[str]:
    """Each key a schema knows, by its path (wording.et_al), and each choice it allows
    (type: "course"): what an editor flags as unknown in a file that lacks it."""
    found: list[str] = []
    if isinstance(schema, list):
        for item in schema:
            found += _rules_in(item, path)
    elif isinstance(schema, dict):
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                for name, rule in value.items():
                    found += [".".join((*path, name)), *_rules_in(rule, (*path, name))]
            elif key == "enum" and isinstance(value, list):
                found += [f"{'.'.join(path)}: {json.dumps(choice, ensure_ascii=False)}" for choice in value]
            else:
                found += _rules_in(value, path)
    return found


TYPES = {bool: "boolean", int: "integer", float: "number", str: "string"}


def _table(name: str, cls) -> dict:
    keys = {}
    for f in dataclasses.fields(cls):
        if f.name == "root" or (
            cls is config.Settings and f.name in {*config.TABLES, "wording"}
        ):  # tables of their own
            continue
        key = next((k for (t, k), field in config.RENAMED.items() if t == name and field == f.name), f.name)
        keys[key] = _setting(name, key, f)
    return {"type": "object", "properties": keys, "additionalProperties": False}


def _wording() -> dict:
    """[wording]: a phrase's name -> the author's text, or its forms by count ({ one, other }; the
    language's others, CLDR's zero, two, few and many, too)."""
    forms = {"type": "object", "properties": {form: {"type": "string"} for form in wording.FORMS}}
    phrases = {
        key: {
            "anyOf": [{"type": "string"}, {**forms, "additionalProperties": False, "required": ["other"]}],
            "description": f"default: {english['en'] if isinstance(english['en'], str) else english['en']['other']}",
        }
        for key, english in wording.ALL.items()
    }
    return {"type": "object", "properties": phrases, "additionalProperties": False}


def _setting(table: str, key: str, f: dataclasses.Field) -> dict:
    default = f.default if f.default is not dataclasses.MISSING else None
    if f.default_factory is list:
        return {"type": "array", "items": {"type": "integer"}}  # the one list: listmonk_list_ids
    rule: dict = {}
    if type(default) in TYPES:
        rule["type"] = TYPES[type(default)]  # a float setting takes an int too: "number"
        rule["default"] = default
    if (table, key) in config.CHOICES:
        allowed = config.CHOICES[(table, key)]
        words = "|".join(map(any_case, allowed))
        rule["anyOf"] = [{"enum": list(allowed)}, {"type": "string", "pattern": f"^(?:{words})$"}]
    if (table, key) == ("site", "date_language"):  # one of these, or a regional tag of one ("fr-CA")
        words = "|".join(map(any_case, LANGUAGES))
        regional = f"^(?:{words})(?:[-_][0-9A-Za-z]{{1,8}})*$"
        rule["anyOf"] = [{"enum": list(LANGUAGES)}, {"type": "string", "pattern": regional}]
    if (table, key) in config.ONE_LINE:
        rule["pattern"] = one_line_pattern()
    if (table, key) in config.RANGES:
        rule["minimum"], rule["maximum"] = config.RANGES[(table, key)]
    return rule
