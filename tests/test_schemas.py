"""`newsletter schema`: the schemas say what the reader and the settings loader say, no more, no less."""

import datetime as dt
import json
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from newsletter import config
from newsletter.cli import main
from newsletter.editors import schemas
from newsletter.errors import NewsletterError
from newsletter.fields import FIELDS
from newsletter.models import Entry
from newsletter.read import Problem, parse_entry, parse_front_matter

REPO = Path(__file__).resolve().parent.parent
ENTRY = jsonschema.Draft202012Validator(schemas.entry())
SETTINGS = jsonschema.Draft202012Validator(schemas.settings())


def as_an_editor_sees_it(value):
    """YAML as JSON: an editor's YAML 1.2 reads 2021-02-14 as text, not a date."""
    if isinstance(value, dict):
        return {key: as_an_editor_sees_it(v) for key, v in value.items()}
    if isinstance(value, list):
        return [as_an_editor_sees_it(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def schema_accepts(front_matter: str) -> bool:
    meta = yaml.safe_load(front_matter)
    return ENTRY.is_valid(as_an_editor_sees_it(meta))


def reader_accepts(front_matter: str) -> bool:
    try:
        parse_entry(Path("x.md"), f"---\n{front_matter}\n---\nNotes.\n")
    except Problem:
        return False
    return True


BASE = "type: talk\nurl: https://example.com/a\ndate: 2021-02-14\n"
GOOD = [
    BASE,
    BASE.replace("talk", "Paper"),
    BASE.replace("talk", " video "),
    BASE + "speakers: [Ada Lovelace, Alan Turing]",
    BASE.replace("talk", "paper") + "speakers: Ada Lovelace, Alan Turing",  # synonyms on every type
    BASE + "authors: [Ada]\nspeakers: [Alan]",
    BASE + "title: 'JAX: accelerated'\nsection: Transformers\ntags: [jax, 2021]",
    BASE + "title: 42",
    BASE + "draft: false\nimage: https://example.com/a.png",
    BASE + "episode: 359\nduration: 1:05:37",
    BASE + "episode: '12'\nduration: PT1H5M37S",
    BASE + "duration: '65:37'",
    BASE + "duration: '75:00'",  # a clock's first number alone runs on: 75 minutes
    BASE + "duration: '1:5:59'",
    BASE + "duration: 3600",
    BASE + "duration: 65 min",  # as people write a length
    BASE + "duration: 1 h 5 min",
    BASE + "duration: 1h05",
    BASE + "duration: 1 Hour and 5 Minutes.",
    BASE + "duration: 1.5 hours",
    BASE + "duration: 45m30s",
    BASE + "duration: 1 Std. 05 Min.",  # as a German edition writes it
    BASE + "duration: 1 Stunde und 5 Minuten",
    BASE + "duration: 1 godz. 5 min",  # as a Polish [wording] says it
    BASE + "duration: 1 godzina i 5 minut",
    BASE + "duration: 1 sa 5 dk",  # as a Turkish [wording] says it
    BASE + "duration: 1 saat 5 dakika",
    BASE + "duration: 1時間4分",  # as a Japanese edition writes it
    BASE + "duration: 31分",
    BASE + "duration: 1 小时 4 分钟",
    BASE + "duration: 1시간 4분",
    BASE + "duration: 1 小時 4 分鐘",  # as Taiwan and Hong Kong write it
    BASE + "duration: 1 घंटा 6 मिनट",  # as a Hindi [wording] says it
    BASE + "duration: 42 मिनट",
    BASE + "duration: 1 ساعت و 5 دقیقه",  # as a Persian [wording] says it
    BASE + "title: ''\nspeakers: []\ntags:\nepisode:\nduration:",
    BASE + "colour: blue",  # unknown keys: a warning, not an error
    BASE + "tags: [2021-02-14, ml]\nspeakers: [2021-02-14]",  # a date in a list is text, as an editor reads it
    BASE + "language: en",  # an entry in another language than the log's
    BASE + "language: ' pt-BR '\nduration:",
    BASE + "language: zh-Hant-TW",
    BASE + "language: ''",
    BASE + "imported: {source: pocket, id: ~}",  # what `imported:` takes, as the reader reads it
    BASE + "imported: [{source: zotero, id: 1.5, url: ''}]",
    BASE + "imported: ''",
    BASE.replace("2021-02-14", "'2021-02-14'"),
    BASE.replace("2021-02-14", "2021-02-14 10:30:00"),
    BASE.replace("2021-02-14", "2021-02-14 9:05:00"),  # YAML's own timestamp: one-digit hours
    BASE.replace("2021-02-14", "'2021-02-14T23:59:59.5+05:30'"),
    BASE.replace("https://example.com/a", "https://localhost"),
    BASE.replace("https://example.com/a", "'  https://example.com/a b '").replace("a b", "a"),
]
BAD = [
    "url: https://example.com/a\ndate: 2021-02-14",  # no type
    "type: talk\ndate: 2021-02-14",  # no url
    "type: talk\nurl: https://example.com/a",  # no date
    BASE.replace("talk", "tlak"),
    BASE.replace("talk", "''"),
    BASE.replace("talk", "[talk]"),
    BASE.replace("https://example.com/a", "example.com/a"),
    BASE.replace("https://example.com/a", "https://example.com/a b"),
    BASE.replace("https://example.com/a", "''"),
    BASE.replace("2021-02-14", "14.02.2021"),
    BASE.replace("2021-02-14", "'2021-2-14'"),
    BASE.replace("2021-02-14", "'20210214'"),
    BASE.replace("2021-02-14", "20210214"),
    BASE.replace("2021-02-14", "0001-01-01"),  # a year no edition covers
    BASE.replace("2021-02-14", "'9999-12-31'"),
    BASE.replace("2021-02-14", "'2021-13-01'"),  # no 13th month, 32nd day, 25th hour, 60th minute
    BASE.replace("2021-02-14", "'2021-00-14'"),
    BASE.replace("2021-02-14", "'2021-02-32'"),
    BASE.replace("2021-02-14", "'2021-02-14T25:00'"),
    BASE.replace("2021-02-14", "'2021-02-14 10:60'"),
    BASE.replace("2021-02-14", "'2021-02-14T10:30+24:00'"),
    BASE + "title: [a, b]",
    BASE + 'title: "one\\ntwo"',
    BASE + 'title: "one\\u2028two"',
    BASE + "section: {a: b}",
    BASE + "speakers: {name: Ada}",
    BASE + "speakers: [Ada]\nauthors: {name: Alan}",  # a synonym is checked even when the other is set
    BASE + "authors: [[Ada]]",
    BASE + "speakers: 5",
    BASE + "tags: true",
    BASE + "draft: 'false'",
    BASE + "draft:",
    BASE + "image: [a]",
    BASE + "language: en_US",  # a locale, not a tag
    BASE + "language: English",
    BASE + "language: [en]",
    BASE + "language: 42",
    BASE + "language: true",
    BASE + "episode: twelve",
    BASE + "episode: -3",
    BASE + "episode: 3.5",
    BASE + "episode: true",
    BASE + "duration: an hour",
    BASE + "duration: true",
    BASE + "duration: 0",
    BASE + "duration: -5",
    BASE + "duration: '0:00'",  # no length at all, written as text
    BASE + "duration: '00:00:00'",
    BASE + "duration: PT0S",
    BASE + "duration: PT",
    BASE + "duration: P",
    BASE + "duration: '١٠ min'",  # other scripts' digits: editors' patterns read 0-9 only
    BASE + "duration: '٥'",
    BASE + "duration: 1h75",  # read as 2 h 15 min
    BASE + "duration: '1:75'",  # read as 2:15, shown as "2 min": a clock's seconds run to 59
    BASE + "duration: 1:75",
    BASE + "duration: '1:75:00'",  # and its minutes, after hours
    BASE + "duration: '1:075:00'",
    BASE + "duration: '0:05:60'",
    BASE + "duration: 1 h" + "   1 h" * 40 + " x",  # refused at once: the pattern took years to say so
    BASE + "duration: '0'",
    BASE + "duration: 0 min",
    BASE + "duration: 5 parsecs",
    BASE + "duration: min",
    BASE + "duration: 5 minsx",
    BASE + "duration: 1h5",
    BASE + "imported: {source: ''}",
    BASE + "imported: {source: 0}",
    BASE + "imported: [{id: k1}]",
    BASE + "imported: {source: kindle, page: 3}",
    BASE + "imported: kindle",
]


@pytest.mark.parametrize("front_matter", GOOD)
def test_a_good_entry_is_accepted_by_both(front_matter):
    assert reader_accepts(front_matter)
    assert schema_accepts(front_matter)


@pytest.mark.parametrize("front_matter", BAD)
def test_a_bad_entry_is_rejected_by_both(front_matter):
    assert not reader_accepts(front_matter)
    assert not schema_accepts(front_matter)


def test_only_the_reader_knows_the_calendar():
    """A pattern cannot know February has no 30th: the reader says so (as the issue allows)."""
    day = BASE.replace("2021-02-14", "'2021-02-30'")
    assert schema_accepts(day) and not reader_accepts(day)


def test_the_schema_covers_every_key_the_reader_knows():
    assert set(FIELDS) == set(Entry.required + Entry.optional)
    # url is required but for a book or an imported item without one (which then needs a title)
    assert ENTRY.schema["required"] == [key for key in Entry.required if key != "url"]
    assert {"required": ["url"], "properties": {"url": {"type": "string", "minLength": 1}}} in ENTRY.schema["anyOf"]
    assert ENTRY.schema["additionalProperties"] is True


def test_every_example_entry_is_valid():
    files = [p for p in (REPO / "entries").rglob("*.md") if not p.name.startswith("_")]
    assert len(files) > 10
    for path in files:
        meta, _ = parse_front_matter(path.read_text(encoding="utf-8"))
        errors = [e.message for e in ENTRY.iter_errors(as_an_editor_sees_it(meta))]
        assert errors == [], path


def test_the_example_settings_are_valid():
    SETTINGS.validate(tomllib.loads((REPO / "newsletter.toml").read_text(encoding="utf-8")))


GOOD_SETTINGS = [
    '[newsletter]\nname = "N"',
    '[newsletter]\nname = "N"\nweek_start = "Sunday"\n[email]\nfrom = "A <a@example.com>"',
    '[newsletter]\nname = "N"\n[fetch]\ntimeout = 5\n[send]\nlistmonk_list_ids = [1, 3]\n[capture]\nport = 9000',
    '[newsletter]\nname = "N"\n[wording]\nunsubscribe = "Abmelden"\nthings_read = { one = "1 x", other = "{count} x" }',
    '[newsletter]\nname = "N"\nlanguage = "fr-CA"\n[site]\ndate_language = "fr-CA"',  # a Québec author's, refused
    '[newsletter]\nname = "N"\n[site]\ndate_language = "de-AT"',
]
BAD_SETTINGS = [
    '[newsletter]\nname = ""',
    '[newsletter]\nname = "N"\ncolour = "blue"',
    '[newsletter]\nname = "N"\n[colours]\nred = 1',
    '[newsletter]\nname = "N"\nweek_start = "someday"',
    '[newsletter]\nname = "N"\n[site]\nfront_matter = "json"',
    '[newsletter]\nname = "N"\n[site]\ndate_language = "xx-CA"',
    '[newsletter]\nname = "N"\n[site]\ndate_language = "fr CA"',
    '[newsletter]\nname = "N"\n[fetch]\ntimeout = "5"',
    '[newsletter]\nname = "N"\n[fetch]\nconcurrency = 6.5',
    '[newsletter]\nname = "N"\n[fetch]\nallow_private_addresses = 1',
    '[newsletter]\nname = "N"\n[email]\nsubject = "x"',
    '[newsletter]\nname = "N"\n[email]\nto = "a@example.com\\nBcc: b@example.com"',
    '[newsletter]\nname = "N"\n[send]\nlistmonk_list_ids = ["1"]',
    '[newsletter]\nname = "N"\n[capture]\nport = "8767"',
    '[newsletter]\nname = "N"\n[capture]\nport = 70000',  # no such port: a bookmarklet that never works
    '[newsletter]\nname = "N"\n[capture]\nport = 0',
    '[newsletter]\nname = "N"\n[send]\nsmtp_port = 65536',
    '[newsletter]\nname = "N"\n[wording]\nunsubscrbe = "Abmelden"',  # no such phrase
    '[newsletter]\nname = "N"\n[wording]\nunsubscribe = 3',
    '[newsletter]\nname = "N"\n[wording]\nthings_read = { few = "x" }',
    '[newsletter]\nname = "N"\n[wording]\nthings_read = { one = "{count} x" }',  # every count said as one
    '[newsletter]\nname = "N"\nwording = { unsubscribe = "Abmelden" }',  # a table of its own
]


def loader_accepts(tmp_path, text: str) -> bool:
    (tmp_path / config.SETTINGS_FILE).write_text(text, encoding="utf-8")
    try:
        config.load(tmp_path)
    except NewsletterError:
        return False
    return True


@pytest.mark.parametrize("text", GOOD_SETTINGS)
def test_good_settings_are_accepted_by_both(tmp_path, text):
    assert loader_accepts(tmp_path, text)
    assert SETTINGS.is_valid(tomllib.loads(text))


@pytest.mark.parametrize("text", BAD_SETTINGS)
def test_bad_settings_are_rejected_by_both(tmp_path, text):
    assert not loader_accepts(tmp_path, text)
    assert not SETTINGS.is_valid(tomllib.loads(text))


@pytest.mark.parametrize("kind", ["entry", "settings"])
def test_the_command_prints_a_valid_draft_2020_12_schema(kind):
    result = CliRunner().invoke(main, ["schema", kind])
    assert result.exit_code == 0
    printed = json.loads(result.output)
    jsonschema.Draft202012Validator.check_schema(printed)
    assert printed["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert printed == (schemas.entry() if kind == "entry" else schemas.settings())


@pytest.mark.parametrize(
    ("front_matter", "valid"),
    [
        ("type: book\ndate: 2021-02-01\ntitle: Deep Work\n", True),
        ("type: book\ndate: 2021-02-01\n", False),
        ("type: article\ndate: 2021-02-01\ntitle: A highlight\nimported: {source: kindle, id: k1}\n", True),
        ("type: article\ndate: 2021-02-01\ntitle: No link\n", False),
        # `newsletter new book` writes `url:` left empty, and types are any case, as the reader reads them
        ("type: book\nurl:\ndate: 2021-02-01\ntitle: Deep Work\n", True),
        ("type: book\nurl: ''\ndate: 2021-02-01\ntitle: Deep Work\n", True),
        ("type: Book\ndate: 2021-02-01\ntitle: Deep Work\n", True),
        ("type: ' BOOK '\ndate: 2021-02-01\ntitle: 1984\n", True),
        ("type: talk\nurl:\ndate: 2021-02-01\ntitle: A talk\n", False),
        ("type: talk\nurl: ''\ndate: 2021-02-01\ntitle: A talk\n", False),
        ("type: book\nurl: '  '\ndate: 2021-02-01\ntitle: Deep Work\n", False),
        # ...and a title that shows nothing is none
        ("type: book\ndate: 2021-02-01\ntitle: ''\n", False),
        ("type: book\ndate: 2021-02-01\ntitle: '   '\n", False),
        ("type: book\ndate: 2021-02-01\ntitle:\n", False),
        ('type: book\ndate: 2021-02-01\ntitle: "\\u0001"\n', False),
        ("type: article\ndate: 2021-02-01\ntitle: ''\nimported: {source: kindle}\n", False),
        ("type: article\ndate: 2021-02-01\ntitle: A highlight\nimported: []\n", False),
    ],
)
def test_linkless_entries_agree_between_reader_and_schema(tmp_path, front_matter, valid):
    import jsonschema
    import yaml

    text = f"---\n{front_matter}---\nNotes.\n"
    try:
        parse_entry(tmp_path / "x.md", text)
        reader = True
    except Problem:
        reader = False
    schema = jsonschema.Draft202012Validator(ENTRY.schema).is_valid(
        {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in yaml.safe_load(front_matter).items()}
    )
    assert reader is valid and schema is valid


def test_a_book_from_new_is_valid_once_titled(tmp_path):
    """`newsletter new book` writes `url:` with nothing after it; the build takes the entry once
    it has a title, and the editor's schema must not mark it wrong."""
    import datetime as dt

    from newsletter.models import Metadata
    from newsletter.stubs import new_entry

    text = new_entry("book", "", dt.date(2021, 2, 1), Metadata()).replace('title: ""', 'title: "Deep Work"')
    assert "\nurl:" in text
    parse_entry(tmp_path / "x.md", text)
    ENTRY.validate(as_an_editor_sees_it(parse_front_matter(text)[0]))
