"""A title in another script keeps its direction, and a fetched one its language, inside an
edition in English: a Hebrew title was laid out in the English paragraph's direction (its
trailing punctuation jumped to the wrong end) and read by screen readers with an English voice."""

import json
import re
from types import SimpleNamespace

from selectolax.lexbor import LexborHTMLParser

from newsletter.config import load
from newsletter.formats.post_direction import own_direction
from newsletter.links.cache import MetadataCache
from newsletter.models import Metadata

from fake_services import PERIOD, build, workspace, write_entry

HEBREW = "שלום עולם: C++ ב-2024!"
ARABIC = "مرحبا بالعالم"


def titles(html: str) -> dict[str, dict]:
    """Each entry heading's title text -> the attributes of the element that holds it."""
    tree = LexborHTMLParser(html)
    return {span.text(): span.attributes for span in tree.css("h3 span[dir]")}


def in_language(root, language: str | None) -> None:
    """The workspace's newsletter written in `language` from now on (None: the default)."""
    path = root / "newsletter.toml"
    settings = re.sub(r'(?m)^language = "[^"]*"\n', "", path.read_text(), count=1)
    if language:
        settings = settings.replace("[newsletter]\n", f'[newsletter]\nlanguage = "{language}"\n', 1)
    path.write_text(settings)


def built_email(root) -> LexborHTMLParser:
    """The edition built, its email's HTML parsed."""
    build(root)
    return LexborHTMLParser((root / "dist" / PERIOD / "newsletter.html").read_text())


def test_titles_keep_their_direction_and_a_fetched_one_its_language(tmp_path):
    root = workspace(tmp_path)
    write_entry(root, "hebrew", 20, HEBREW)
    untitled = root / "entries" / "2021" / "02" / "arabic.md"
    untitled.write_text("---\ntype: article\nurl: https://example.com/arabic\ndate: 2021-02-21\n---\nNotes.\n")
    fetched = root / "entries" / "2021" / "02" / "english.md"
    fetched.write_text("---\ntype: article\nurl: https://example.com/english\ndate: 2021-02-22\n---\nNotes.\n")
    settings = load(root)
    with MetadataCache(settings.state_dir, settings.fetch.max_age_days) as cache:
        cache.put("https://example.com/arabic", Metadata(title=ARABIC, language="ar"))
        cache.put("https://example.com/english", Metadata(title="Written in English", language="en-GB"))
    build(root)

    found = titles((root / "dist" / PERIOD / "newsletter.html").read_text())

    assert {text: attrs.get("dir") for text, attrs in found.items()} == dict.fromkeys(
        ["The first article", "The second article", ARABIC, "Written in English"], "auto"
    ) | {HEBREW: "rtl"}  # its C++ is Latin: laid out by most of its letters, as "auto" by its first
    # the page's language, only where the title came from that page and differs from the edition's
    assert {text: attrs.get("lang") for text, attrs in found.items() if "lang" in attrs} == {ARABIC: "ar"}


def test_a_page_language_that_is_not_a_tag_is_left_out(tmp_path):
    root = workspace(tmp_path)
    (root / "entries" / "2021" / "02" / "junk.md").write_text(
        "---\ntype: article\nurl: https://example.com/junk\ndate: 2021-02-21\n---\nNotes.\n"
    )
    settings = load(root)
    with MetadataCache(settings.state_dir, settings.fetch.max_age_days) as cache:
        cache.put("https://example.com/junk", Metadata(title="Junk", language='he" onmouseover="x'))
    build(root)

    found = titles((root / "dist" / PERIOD / "newsletter.html").read_text())

    assert found["Junk"] == {"dir": "auto"}


def test_the_year_in_reviews_titles_keep_their_direction(example_workspace):
    """The review's favourites, books and most-written-about entries list titles as the
    editions do: a Hebrew favourite in the English review kept the English direction."""
    from click.testing import CliRunner

    from newsletter.cli import main

    favourite = example_workspace / "entries" / "2021" / "02" / "hebrew.md"
    favourite.write_text(f'---\ntype: article\nurl: https://example.com/he\ndate: 2021-02-20\ntitle: "{HEBREW}"\n---\n')
    (example_workspace / "entries/2021/_review.md").write_text("---\nfavourites: [hebrew]\n---\n")
    result = CliRunner().invoke(main, ["review", "2021", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output

    tree = LexborHTMLParser((example_workspace / "dist/2021/newsletter.html").read_text())
    items = tree.css("li span[dir]")

    directions = {span.text(): span.attributes for span in items}
    assert directions.pop(HEBREW) == {"dir": "rtl"}  # by most of its letters: C++ is Latin
    assert directions and all(attributes == {"dir": "auto"} for attributes in directions.values())


def test_facts_in_the_other_direction_are_isolated(tmp_path):
    """A Hebrew speaker's name before "45 min" in an English edition: the bidi algorithm moved
    the number and the dot into the name's run ("45 · ןהכ ינד min"). Facts written against the
    edition's direction are isolated; the others are left in their direction (a short one only
    kept on one line)."""
    root = workspace(tmp_path)
    (root / "entries" / "2021" / "02" / "talk.md").write_text(
        "---\ntype: talk\nurl: https://example.com/talk\ndate: 2021-02-20\ntitle: A talk\n"
        "speakers: [דני כהן]\nduration: 2700\n---\nNotes.\n"
    )
    tree = built_email(root)
    (facts,) = [p for p in tree.css("p.facts") if "45 min" in p.text()]

    assert [(span.text(), span.attributes) for span in facts.css("span")] == [
        ("דני כהן", {"dir": "auto", "style": "white-space: nowrap;"}),
        ("45 min", {"style": "white-space: nowrap;"}),
    ]
    assert facts.text() == "דני כהן · 45 min"


def test_a_short_fact_against_a_right_to_left_editions_direction_is_kept_on_one_line_too(tmp_path):
    """In a Hebrew edition (its phrases English), "1 h 06 min" is Latin, against the edition's
    direction: it was isolated and nothing more, so a phone still broke it after "1", as an
    English edition's was before short facts were kept whole. It is both."""
    root = workspace(tmp_path)
    in_language(root, "he")
    (root / "entries" / "2021" / "02" / "talk.md").write_text(
        "---\ntype: talk\nurl: https://example.com/talk\ndate: 2021-02-20\ntitle: הרצאה\n"
        "speakers: [דני כהן]\nduration: 3960\n---\nהערות.\n"
    )
    tree = built_email(root)
    (facts,) = [p for p in tree.css("p.facts") if "06 min" in p.text()]

    assert [(span.text(), span.attributes) for span in facts.css("span")] == [
        ("דני כהן", {"style": "white-space: nowrap;"}),
        ("1 h 06 min", {"dir": "auto", "style": "white-space: nowrap;"}),
    ]


def test_a_locales_spelling_of_a_right_to_left_language_is_right_to_left():
    """text_direction split the tag at "-" alone, where every other reading of a tag
    (language_tag.primary) takes "_" too: "he_IL", from a caller that did not check the tag
    (config refuses it; `preview` of a page, a plugin), was laid out left to right (9af41dc)."""
    from newsletter.formats.language_tag import text_direction

    assert [text_direction(tag) for tag in ("he_IL", "AR_EG", "fa-IR", "ar")] == ["rtl"] * 4
    assert [text_direction(tag) for tag in ("en_US", "de", "zh-Hant")] == ["ltr"] * 3


def test_a_label_against_the_editions_direction_is_isolated(tmp_path):
    """A Hebrew or Persian edition says a talk's label in English ("Talk", for want of words of
    its own; so did an Arabic one): laid out right to left with the heading, its colon landed
    before it, ":Talk". A label against the edition's direction is isolated; one in its
    direction, English's or Arabic's own, is left as it was."""
    root = workspace(tmp_path)
    (root / "entries" / "2021" / "02" / "talk.md").write_text(
        f'---\ntype: talk\nurl: https://example.com/talk\ndate: 2021-02-20\ntitle: "{ARABIC}"\n'
        "section: SciPy\n---\nملاحظات.\n"  # a topic: under "Talks" no talk is labelled
    )
    labels = {}
    for language in ("he", "fa", "en", "ar"):
        in_language(root, language)
        (label,) = built_email(root).css("h3 span.label")
        labels[language] = (label.text(), label.attributes.get("dir"))

    assert labels == {"he": ("Talk:", "auto"), "fa": ("Talk:", "auto"), "en": ("Talk:", None), "ar": ("محاضرة:", None)}


def test_a_notes_paragraph_in_the_other_direction_is_laid_out_in_its_own(tmp_path):
    """An Arabic edition's note quoting an English sentence was laid out right to left with the
    rest: flush right, its question mark at the wrong end ("?the city. Is it"). A paragraph, list
    item or heading written wholly in the other direction gets its own; one mixing both keeps
    the edition's (dir="auto" would have turned "Zotero 8 يدعم العربية" by its first word)."""
    from email_rules import violations

    root = workspace(tmp_path)
    in_language(root, "ar")
    (root / "entries" / "2021" / "02" / "quoted.md").write_text(
        "---\ntype: article\nurl: https://example.com/quoted\ndate: 2021-02-20\ntitle: مقال\n---\n"
        "> The library is the *last* quiet place. Is it?\n\nZotero 8 يدعم العربية.\n\n"
        "- Read &amp; kept\n- قرأته\n\n#### Why it matters\n"
    )
    build(root)
    html = (root / "dist" / PERIOD / "newsletter.html").read_text()
    tree = LexborHTMLParser(html)
    directions = {" ".join(node.text().split()): node.attributes.get("dir") for node in tree.css("p, li, h4")}

    assert directions["The library is the last quiet place. Is it?"] == "ltr"
    assert directions["Read & kept"] == "ltr" and directions["Why it matters"] == "ltr"
    assert directions["Zotero 8 يدعم العربية."] is None and directions["قرأته"] is None
    (quote,) = tree.css("blockquote p")
    assert "text-align: left" in quote.attributes["style"]
    assert violations(html, (root / "dist" / PERIOD / "newsletter.txt").read_text()) == []

    # and the other way round: a Hebrew paragraph in an English edition
    in_language(root, None)
    (root / "entries" / "2021" / "02" / "quoted.md").write_text(
        "---\ntype: article\nurl: https://example.com/quoted\ndate: 2021-02-20\ntitle: Quoted\n---\n"
        "שלום עולם, זה ציטוט!\n\nIn English.\n"
    )
    tree = built_email(root)
    directions = {" ".join(node.text().split()): node.attributes.get("dir") for node in tree.css("p")}
    assert directions["שלום עולם, זה ציטוט!"] == "rtl" and directions["In English."] is None


def test_a_title_with_letters_of_both_directions_takes_the_direction_most_of_them_have(tmp_path):
    """An Arabic edition's title 'Zotero 8 يدعم العربية' (Zotero 8 supports Arabic) was laid out left
    to right, 'Zotero 8' at the left, read 'supports Arabic Zotero 8' from the right: dir="auto"
    goes by the first letter. A title with letters of both directions takes the direction most
    of them have; one of one direction keeps dir="auto"."""
    root = workspace(tmp_path)
    in_language(root, "ar")
    write_entry(root, "zotero", 20, "Zotero 8 يدعم العربية")
    write_entry(root, "script", 21, "Arabic script: العربية")
    write_entry(root, "quiet", 22, "Is the Library Quiet?")
    build(root)

    found = titles((root / "dist" / PERIOD / "newsletter.html").read_text())

    assert {
        text: attrs["dir"]
        for text, attrs in found.items()
        if text in ("Zotero 8 يدعم العربية", "Arabic script: العربية", "Is the Library Quiet?")
    } == {"Zotero 8 يدعم العربية": "rtl", "Arabic script: العربية": "ltr", "Is the Library Quiet?": "auto"}


def test_a_notes_paragraph_mostly_in_the_other_direction_is_laid_out_in_it(tmp_path):
    """A paragraph with one word of the edition's direction kept the edition's: an Arabic edition's
    'The Arabic word مكتبة means library.' was laid out right to left, its full stop at the wrong
    end, and an English edition's Hebrew quote 'שלום עולם: C++ ב-2024!' left to right for its one
    Latin letter. A paragraph takes the direction most of its letters have; 'Zotero 8 يدعم
    العربية', mostly Arabic, keeps the Arabic edition's."""
    root = workspace(tmp_path)
    notes = (
        "The Arabic word مكتبة means library.\n\nZotero 8 يدعم العربية.\n\n- שלום עולם: C++ ב-2024!\n\n"
        # an address or code is no words of a language: counted, they turned these left to right
        "اقرأ هنا: https://www.example.org/articles/library-quiet-place\n\n"
        "شغّل `pip install newsletter --upgrade` أولاً\n\n`pip install newsletter`\n"
    )
    (root / "entries" / "2021" / "02" / "mixed.md").write_text(
        f"---\ntype: article\nurl: https://example.com/mixed\ndate: 2021-02-20\ntitle: Mixed\n---\n{notes}"
    )
    directions = {}
    for language in ("ar", "en"):
        in_language(root, language)
        directions[language] = {
            " ".join(node.text().split()): node.attributes.get("dir")
            for node in built_email(root).css("p, li")
            if any(words in node.text() for words in ("مكتبة", "Zotero", "C++", "اقرأ", "شغّل", "pip"))
        }

    assert directions == {
        "ar": {
            "The Arabic word مكتبة means library.": "ltr",
            "Zotero 8 يدعم العربية.": None,
            "שלום עולם: C++ ב-2024!": None,
            "اقرأ هنا: https://www.example.org/articles/library-quiet-place": None,
            "شغّل pip install newsletter --upgrade أولاً": None,
            "pip install newsletter": "ltr",  # code alone is laid out as it is written
        },
        "en": {
            "The Arabic word مكتبة means library.": None,
            "Zotero 8 يدعم العربية.": "rtl",
            "שלום עולם: C++ ב-2024!": "rtl",
            "اقرأ هنا: https://www.example.org/articles/library-quiet-place": "rtl",
            "شغّل pip install newsletter --upgrade أولاً": "rtl",
            "pip install newsletter": None,
        },
    }


def test_a_sentence_naming_long_terms_of_the_other_script_keeps_the_direction_of_its_words(tmp_path):
    """Noa's Hebrew note 'סרטון קצר (12 דקות) על margin-inline-start ו-padding-inline-end.' (a short
    video on two CSS properties) was laid out left to right in her email and on her blog, its
    Hebrew words in the wrong order: the two terms have more Latin letters than the sentence has
    Hebrew ones (new user 30). A paragraph, and a title, go by their words, each by its first
    letter: five Hebrew words (ו-, "and", written onto the next) to one English."""
    root = workspace(tmp_path)
    in_language(root, "he")
    hebrew = "סרטון קצר (12 דקות) על margin-inline-start ו-padding-inline-end."
    english = "The Hebrew word ספרייה means library."
    title = "CSS: מדריך קצר ל-margin-inline-start"  # its first letter is Latin, as most of its letters
    (root / "entries" / "2021" / "02" / "css.md").write_text(
        "---\ntype: video\nurl: https://example.com/css\ndate: 2021-02-20\n"
        f"title: {json.dumps(title)}\n---\n{hebrew}\n\n{english}\n",
        encoding="utf-8",
    )
    email = built_email(root)
    paragraphs = {" ".join(p.text().split()): p.attributes.get("dir") for p in email.css("p")}
    assert (paragraphs[hebrew], paragraphs[english]) == (None, "ltr")
    assert titles(email.html)[title] == {"dir": "rtl"}
    # the post's, for a site that reads Goldmark's block attributes (as init's does)
    assert own_direction(f"{hebrew}\n\n{english}\n", "he") == f'{hebrew}\n\n{english}\n{{dir="ltr"}}\n'


def test_the_quick_right_to_left_test_misses_no_right_to_left_character():
    """Notes and titles with no right-to-left character skip the per-character look at their
    direction (an English note's curly quotes made every one of its paragraphs looked up letter
    by letter: build --all of 10,000 entries took 1.6 times as long). The quick test may say
    yes wrongly, never no: every code point Unicode writes right to left is caught."""
    import sys
    import unicodedata

    from newsletter.formats.language_tag import may_hold_right_to_left

    missed = [
        hex(point)
        for point in range(sys.maxunicode + 1)
        if unicodedata.bidirectional(chr(point)) in ("R", "AL") and not may_hold_right_to_left(chr(point))
    ]
    assert missed == []
    assert not may_hold_right_to_left("It’s a note — with “quotes”, «guillemets» and 日本語")


def test_the_quick_right_to_left_test_scans_no_ascii_text(monkeypatch):
    """A build asks the quick test of some 460 texts an edition (names, sites, durations, notes),
    and the regex scanned each character by character, 6 % of a build --all worker's instructions
    (callgrind); 260 of them are ASCII alone (the bench's 2030-05), which holds no right-to-left
    letter and is not scanned. The rest is, as before."""
    from newsletter.formats import language_tag

    scanned = []
    blocks = language_tag._RIGHT_TO_LEFT_BLOCKS
    monkeypatch.setattr(
        language_tag, "_RIGHT_TO_LEFT_BLOCKS", SimpleNamespace(search=lambda t: scanned.append(t) or blocks.search(t))
    )
    assert not language_tag.may_hold_right_to_left("Ada Lovelace - 1 h 05 min - https://example.com/a?b=c")
    assert scanned == []
    assert language_tag.may_hold_right_to_left("Read \u05d3\u05e0\u05d9")
    assert not language_tag.may_hold_right_to_left("It’s")
    assert len(scanned) == 2


def test_a_loose_list_item_in_the_other_direction_is_laid_out_in_its_own(tmp_path):
    """An Arabic edition's loose list (items parted by blank lines) with an English item: its
        paragraph was laid out left to right and the item not, so its bullet stayed at the right,
        outside the English text's column. The item takes the direction of its paragraphs' letters
        as a tight list's item does, and room for its bullet at its left (Chromium, 375 px: the bullet
    sat in the card's margin, left of the text column); an Arabic item stays as it was."""
    root = workspace(tmp_path)
    in_language(root, "ar")
    (root / "entries" / "2021" / "02" / "loose.md").write_text(
        "---\ntype: article\nurl: https://example.com/loose\ndate: 2021-02-20\ntitle: مقال\n---\n"
        "- The library is the last quiet place. Is it?\n\n- قرأته مرتين\n"
    )
    items = {" ".join(node.text().split()): node for node in built_email(root).css("li") if node.css_first("p")}

    english, arabic = items["The library is the last quiet place. Is it?"], items["قرأته مرتين"]
    assert english.attributes.get("dir") == english.css_first("p").attributes.get("dir") == "ltr"
    # its bullet at its own start, inside the column: the list's 22 px are on the right
    assert "text-align: left" in english.attributes["style"] and "margin-left: 22px" in english.attributes["style"]
    assert arabic.attributes.get("dir") is None and arabic.css_first("p").attributes.get("dir") is None
