"""One rule for the characters that hide or reorder text, used by the four places that keep text
they did not write from a terminal or an entry: a path in a message, a bad value in a message, a
cached title in `list` and `search`, and an imported export's text. Each had a set of its own and
each missed some of what the others caught."""

import json
import re
import sqlite3
from pathlib import Path

import pytest

from newsletter.fields import brief
from newsletter.formats import hidden_characters
from newsletter.formats.shown_paths import printable, shown
from newsletter.importers.common import clean
from newsletter.links import cached_titles

# One of each kind of the rule: C0, DEL, C1, a mark of direction, an override, an isolate, the
# zero-width space, the word joiner, the BOM, a joiner joining nothing, the line separators
HIDING = ["\x1b", "\x7f", "\x9b", "\u061c", "\u200f", "\u202e", "\u2067", "\u200b", "\u2060", "\ufeff"]
HIDING += ["\u200d", "\u2028", "\u2029"]
RULE = re.compile(f"[{re.escape(hidden_characters.RULE)}]")
TECHNOLOGIST = "\U0001f469\u200d\U0001f4bb"  # one emoji of two, joined
PERSIAN = "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"  # 'I want': its non-joiner keeps two letters apart


def cached_title(tmp_path: Path, title: str) -> str:
    """The title `list` and `search` show for a link whose cached metadata holds `title`."""
    with sqlite3.connect(tmp_path / cached_titles.FILENAME) as db:
        db.execute("CREATE TABLE metadata (url TEXT PRIMARY KEY, data TEXT)")
        db.execute("INSERT INTO metadata VALUES (?, ?)", ("https://a.example/p", json.dumps({"title": title})))
    db.close()
    return cached_titles.titles(tmp_path, ["https://a.example/p"]).get("https://a.example/p", "")


@pytest.mark.parametrize("char", HIDING)
def test_each_place_keeps_the_same_characters_from_the_terminal(tmp_path, char):
    """A file name with a zero-width space or a line separator was named as it was (`printable`
    knew neither), a bad value's Arabic letter mark reached the message (`brief`), and a cached
    title's BOM and Arabic letter mark reached `list` and `search`."""
    text = f"pay{char}pal"
    assert not RULE.search(printable(text)) and "\\" in printable(text)
    assert not RULE.search(shown(Path(text), Path("/")))
    assert not RULE.search(brief(text)) and "\\" in brief(text)
    assert cached_title(tmp_path, f"Read {text} now") in ("Read pay pal now", "Read paypal now")


@pytest.mark.parametrize("text", [TECHNOLOGIST, PERSIAN, "\u0915\u094d\u200d\u0937"])
def test_a_joiner_between_the_letters_it_joins_is_kept_everywhere(tmp_path, text):
    """The joiners are writing: brief wrote a tag's emoji as '👩\\u200d💻', a cached title showed
    it as two emoji and split a Persian word in two."""
    assert printable(f"{text}.md") == f"{text}.md"
    assert brief(text) == text
    assert cached_title(tmp_path, f"A {text} title") == f"A {text} title"
    assert clean(f"A {text} title") == f"A {text} title"


def test_each_caller_keeps_what_it_needs():
    # a message quotes a value in one line: YAML's tab and line breaks become spaces, not escapes
    assert brief("one\ttwo\nthree\r\nfour") == "one two three four"
    assert printable("new\nline.md") == "new\\nline.md"  # a path's newline is part of its name: shown
    # an import keeps the lines of a note, NEL and the separators as spaces, a Hebrew text's marks
    # of direction and Thai's zero-width spaces between words
    assert clean("a\tb\r\nc", lines=True) == "a\tb\nc"
    assert clean("Ann\x85Author\u2028here") == "Ann Author here"
    assert clean("C++\u200f \u05d1\u05e2\u05d1\u05e8\u05d9\u05ea") == "C++\u200f \u05d1\u05e2\u05d1\u05e8\u05d9\u05ea"
    assert clean("\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\u200b\u0e04\u0e23\u0e31\u0e1a") == (
        "\u0e2a\u0e27\u0e31\u0e2a\u0e14\u0e35\u200b\u0e04\u0e23\u0e31\u0e1a"
    )


def test_an_import_drops_what_hides_text_as_a_fetched_title_loses_it():
    """An exported title with invisible operators or a joiner beside an ASCII letter ('Pay\\u2062Pal',
    '\\u200dReport') kept them: the post and the email showed 'PayPal', a search for it found nothing."""
    assert clean("Pay\u2062Pal \u200dReport\u2060 \ufeffnow\ufffe") == "PayPal Report now"


def test_a_value_is_cut_after_a_whole_escape():
    """A list's repr writes a joiner as \\u200d, and brief's cut at 60 characters left "\\u200…"
    at the end of the message: neither the character nor its code. The cut is after a whole
    character or escape."""
    assert brief(["b" * 52 + "\u200d"]) == "['" + "b" * 52 + "…"
    assert brief(["x" * 50, "y\u200dz"]) == "['" + "x" * 50 + "', 'y…"
    assert brief("c" * 54 + "\u202e" + "d" * 10) == "c" * 54 + "…"
    assert brief("e" * 70) == "e" * 59 + "…"


class _Counted(str):
    """A text that counts how often its characters are looked at one by one."""

    looks = 0

    def __getitem__(self, index):
        type(self).looks += 1
        return str.__getitem__(self, index)


def test_a_long_run_of_joiners_is_looked_along_once():
    """Each joiner of a run looked along the whole run for the letters it joins: a 16,000-joiner
    value took brief 19 seconds (a pasted 1 MB one, or an imported note of them, hours)."""
    text = _Counted("\U0001f469" + "\u200d" * 2000 + "\U0001f4bb x\u200d\u200c\u200d y")
    assert hidden_characters.substituted(text, "") == TECHNOLOGIST + " x y"
    assert _Counted.looks < 100
    many = "\u0645" + "\u200c" * 1_000_000 + "\u06cc"
    assert clean(many) == "\u0645\u200c\u06cc" and brief("\u200d" * 1_000_000) == "\\u200d" * 9 + "…"
