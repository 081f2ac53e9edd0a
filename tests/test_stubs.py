"""The one writer of entry stubs: fresh names, and never a file overwritten or left half written."""

import datetime as dt
import errno
import json
import random
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsletter import collect, read, stubs
from newsletter.cli import main
from newsletter.errors import NewsletterError
from newsletter.formats import sample_entry
from newsletter.formats.phrases import PHRASES
from newsletter.formats.post import quoted
from newsletter.models import Edition, Entry, Period, Section

DAY = dt.date(2024, 3, 5)


def test_names_skip_what_is_on_disk_and_what_was_handed_out(tmp_path):
    folder = tmp_path / "2024" / "03"
    folder.mkdir(parents=True)
    (folder / "a-title.md").write_text("the author's own")
    names = stubs.Names(tmp_path)
    first = names.path_for(DAY, "A title", "https://x.example/")
    second = names.path_for(DAY, "A title", "https://x.example/")  # a dry run: nothing written yet
    assert (first.name, second.name) == ("a-title-2.md", "a-title-3.md")
    assert names.path_for(DAY, None, "https://x.example/2019/why-x-matters/").name == "why-x-matters.md"
    assert names.path_for(DAY, "A title", "") == stubs.path_for(tmp_path, DAY, "A title", "").with_name("a-title-4.md")


def test_a_link_to_nowhere_holds_its_name(tmp_path):
    """A name taken by a link to nowhere (a synced entry's link whose file is not there yet, an
    entry moved away) was free to path_for: `new` ended in a FileExistsError traceback writing
    there, and `capture` refused the page, saying its draft was not inside entries/ (attack 33)."""
    from newsletter import config
    from newsletter.capture import Capture
    from newsletter.commands.capture import Drafts

    (tmp_path / "newsletter.toml").write_text('[newsletter]\nname = "N"\n')
    folder = tmp_path / "entries/2024/03"
    folder.mkdir(parents=True)
    (folder / "a-title.md").symlink_to(tmp_path / "nowhere.md")
    assert stubs.path_for(tmp_path / "entries", DAY, "A title", "").name == "a-title-2.md"
    drafts = Drafts(config.load(tmp_path), offline=True, today=lambda: DAY)
    assert drafts.save(Capture("https://x.example/a", "A title", ""))["path"] == "entries/2024/03/a-title-2.md"
    (folder / "x-example-a-title.md").symlink_to(tmp_path / "nowhere-either.md")
    arguments = ["new", "article", "https://x.example/a-title", "--date", "2024-03-05", "--no-edit", "--offline"]
    made = CliRunner().invoke(main, [*arguments, "-w", str(tmp_path)])
    assert made.exit_code == 0, made.output
    assert (folder / "x-example-a-title-2.md").is_file()


def test_a_name_taken_meanwhile_is_never_overwritten(tmp_path):
    names = stubs.Names(tmp_path)
    path = names.path_for(DAY, "Taken", "https://x.example/")
    path.parent.mkdir(parents=True)
    path.write_text("written by someone else meanwhile")
    written = names.write(path, "---\nstub\n---\n")
    assert written.name == "taken-2.md" and written.read_text() == "---\nstub\n---\n"
    assert path.read_text() == "written by someone else meanwhile"
    with pytest.raises(FileExistsError):
        stubs.write(path, "over it")


def test_a_write_that_fails_part_way_leaves_no_half_entry(tmp_path, monkeypatch):
    def full_disk(handle, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    names = stubs.Names(tmp_path)
    path = names.path_for(DAY, "Full", "https://x.example/")
    monkeypatch.setattr(stubs.os, "write", full_disk)
    with pytest.raises(NewsletterError, match=r"Cannot write .*full.md \(No space left on device\)"):
        names.write(path, "---\nstub\n---\n")
    assert not path.exists()


def test_quoted_writes_plain_ascii_as_json_would_and_escapes_the_rest():
    rng = random.Random(7)
    for _ in range(20_000):  # ASCII, control characters included: where the fast path may apply
        text = "".join(chr(rng.randrange(0, 128)) for _ in range(rng.randrange(6)))
        assert quoted(text) == json.dumps(text).replace("\x7f", "\\u007f")
    assert quoted("plain words, 100% ASCII") == '"plain words, 100% ASCII"'
    assert quoted('a "b" \\ c\td\x7f') == '"a \\"b\\" \\\\ c\\td\\u007f"'


def test_a_stub_appears_whole_and_leaves_no_temporary_file(tmp_path):
    names = stubs.Names(tmp_path)
    written = [names.write(names.path_for(DAY, f"Entry {n}", ""), f"---\nentry {n}\n---\n") for n in range(3)]
    assert sorted(p.name for p in written[0].parent.iterdir()) == ["entry-0.md", "entry-1.md", "entry-2.md"]
    assert written[2].read_text() == "---\nentry 2\n---\n"


@pytest.mark.parametrize("interrupted", ["open", "link"])
def test_a_ctrl_c_as_a_stub_is_written_leaves_no_temporary_file(tmp_path, monkeypatch, interrupted):
    """A Ctrl-C is raised as the system call it arrived during returns: one arriving as the
    temporary file was opened left it, empty, among the entries of 5 of 10 interrupted imports."""
    done = getattr(stubs.os, interrupted)

    def then_interrupted(*args, **kwargs):
        result = done(*args, **kwargs)
        if isinstance(result, int):
            stubs.os.close(result)  # (the process ends here, its descriptors with it)
        raise KeyboardInterrupt

    names = stubs.Names(tmp_path)
    path = names.path_for(DAY, "Interrupted", "")
    monkeypatch.setattr(stubs.os, interrupted, then_interrupted)
    with pytest.raises(KeyboardInterrupt):
        names.write(path, "---\nstub\n---\n")
    monkeypatch.undo()
    assert [p.name for p in path.parent.iterdir()] == (["interrupted.md"] if interrupted == "link" else [])


def test_without_hard_links_a_stub_is_created_in_place_and_still_never_over_a_file(tmp_path, monkeypatch):
    def no_links(source, target):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(stubs.os, "link", no_links)
    names = stubs.Names(tmp_path)
    path = names.path_for(DAY, "No links", "")
    assert names.write(path, "---\nstub\n---\n") == path and path.read_text() == "---\nstub\n---\n"
    assert [p.name for p in path.parent.iterdir()] == ["no-links.md"]
    with pytest.raises(FileExistsError):
        stubs.write(path, "over it")
    assert path.read_text() == "---\nstub\n---\n"


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("深度学习入门", "深度学习入门"),
        ("Машинное обучение", "машинное-обучение"),
        # an apostrophe inside a Ukrainian word, straight or curly, is part of it (Olena, new user 36)
        ("П'ять уроків про м’яту й ґрунт", "пять-уроків-про-мяту-й-ґрунт"),
        ("Об'єкти 'у лапках'", "обєкти-у-лапках"),
        ("Μηχανική Μάθηση", "μηχανική-μάθηση"),
        ("التعلم العميق", "التعلم-العميق"),
        ("हिन्दी भाषा", "हिन्दी-भाषा"),  # the vowel signs stay with their letters
        ("ｶﾞｲﾄﾞ：Ｐｙｔｈｏｎ入門", "ガイド-python入門"),  # NFKC: half- and full-width forms
        # the Latin letters no accent makes are spelled as a post's slug spells them: a Polish
        # title was named łodz-miasto-włokniarzy, its other letters folded and its ł kept
        ("Straße nach Øresund", "strasse-nach-oresund"),
        ("Łódź – miasto włókniarzy", "lodz-miasto-wlokniarzy"),
        ("Źdźbło trawy i susza", "zdzblo-trawy-i-susza"),
        ("Blåbær", "blabaer"),
        ("Python 深度学习", "python-深度学习"),
        # a vowel NFKD spells as two characters is kept as typed: Ploy's 'ทำไม…' was named
        # ทํา… (nikhahit and sara aa), which her search for ทำไม did not find (Lao's ຳ too)
        ("ทำไมภาษาไทยจึงไม่เว้นวรรคระหว่างคำ", "ทำไมภาษาไทยจึงไม่เว้นวรรคระหว่างคำ"),
        ("ນ້ຳຂອງ", "ນ້ຳຂອງ"),
        # the non-joiner inside a Persian word is its spelling: 'می‌خوانم' was named میخوانم
        ("چرا هنوز کتاب کاغذی می\u200cخوانم", "چرا-هنوز-کتاب-کاغذی-می\u200cخوانم"),
        ("नीम\u200dहकीम", "नीम\u200dहकीम"),  # and the joiner, which shapes an Indic script's letters
    ],
)
def test_an_entry_is_named_after_its_title_in_any_script(tmp_path, title, name):
    """A Chinese, Russian, Arabic... title gave entry.md, entry-2.md...: nothing of it was ASCII."""
    assert stubs.path_for(tmp_path, DAY, title, "https://x.example/a").name == f"{name}.md"
    assert stubs.Names(tmp_path).path_for(DAY, title, "https://x.example/a").name == f"{name}.md"


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Café déjà vu", "cafe-deja-vu"),
        ("Hello, World! It's 2021", "hello-world-it-s-2021"),
        ("Don’t stop — «believing»", "dont-stop-believing"),
        ("İstanbul ½ x² ﬁne", "istanbul-12-x2-fine"),
        ("JAX: Accelerated Machine Learning Research", "jax-accelerated-machine-learning-research"),
        ("word " * 20, "-".join(["word"] * 12)),  # cut at a word boundary within 60 characters
    ],
)
def test_a_latin_title_keeps_the_name_it_always_had(title, name):
    assert stubs.file_name(title, "") == name


def test_a_long_run_of_a_script_without_spaces_is_cut_not_dropped():
    assert stubs.file_name("深度学习" * 20, "") == ("深度学习" * 15)
    assert stubs.file_name("Python " + "深" * 70, "") == "python-" + "深" * 53
    assert stubs.file_name("Python " + "x" * 70, "") == "python"  # a Latin word still is not cut
    assert stubs.file_name("x" * 70, "") == "x" * 60  # unless it is the only one: it was entry.md
    for run in ("ภาษาไทย" * 12, "क" * 60 + "ि", "क" * 59 + "्ि"):  # marks stay with their letter
        name = stubs.file_name(run, "")
        assert run.startswith(name) and len(name) <= 60 and unicodedata.category(run[len(name)])[0] != "M"
    assert len(stubs.file_name("𠀀" * 60, "").encode()) <= 200  # four bytes each: room for -2.md


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("国産LLM「LLM-jp-4」公開、1720億パラメータ", "国産llm-llm-jp-4-公開-1720億パラメータ"),
        ("JAXのシャーディング入門：pjitからshard_mapまで", "jaxのシャーディング入門-pjitからshard-mapまで"),
        ("《三体》读后感・第二部", "三体-读后感-第二部"),
    ],
)
def test_chinese_and_japanese_punctuation_parts_words(title, name):
    """'LLM「LLM-jp-4」' was named llmllm-jp-4: the brackets, like ’ — « », were left out, so
    the words on either side ran together; in a script without spaces, they are its spaces."""
    assert stubs.file_name(title, "") == name


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("\u3164", "why-x-matters"),  # a title of one Hangul filler was named "\u1160.md", shown as ".md"
        ("\u115f\u1160\uffa0", "why-x-matters"),
        ("Hello\u3164World", "hello-world"),  # a filler stands for a space
        ("\uffa0\uffa0 Rust", "rust"),
        ("Кот\ufe0f и пёс\U000e0041", "кот-и-пёс"),  # selectors and tags after a letter
        ("Khmer \u1780\u17b4 x\u034fy \u1820\u180b", "khmer-\u1780-xy-\u1820"),
    ],
)
def test_a_name_holds_no_character_drawn_as_nothing(tmp_path, title, name):
    """Every character of the name shows in Finder, Explorer and ls: none is a letter or mark
    that is drawn as nothing, which would make two names that look alike, or one that looks empty."""
    assert stubs.file_name(title, "https://x.example/2019/why-x-matters/") == name
    written = stubs.Names(tmp_path).path_for(DAY, title, "https://x.example/2019/why-x-matters/")
    assert written.name == f"{name}.md"


def test_a_joiner_stays_only_inside_a_word_it_joins():
    """Between two letters beyond ASCII a joiner is the word's spelling; at a word's edge, beside a
    Latin letter or before a cut, it joins nothing anyone sees, and is left out."""
    assert stubs.file_name("\u200cمی\u200c خوانم\u200c", "") == "می-خوانم"
    assert stubs.file_name("ab\u200ccd \u200dx", "") == "abcd-x"
    assert stubs.file_name("ی" * 59 + "\u200cی" * 3, "") == "ی" * 59  # never ending on one


def test_a_title_without_letters_falls_back_to_the_words_of_the_link():
    assert stubs.file_name("🔥🔥 ???", "https://x.example/2019/why-x-matters/") == "why-x-matters"
    cyrillic = "https://ru.wikipedia.org/wiki/%D0%9C%D0%B0%D1%88%D0%B8%D0%BD%D0%BD%D0%BE%D0%B5_%D0%BE%D0%B1%D1%83%D1%87%D0%B5%D0%BD%D0%B8%D0%B5"
    assert stubs.file_name(None, cyrillic) == "машинное-обучение"
    assert stubs.file_name("", "https://zh.wikipedia.org/wiki/深度学习") == "zh-wikipedia-org-wiki-深度学习"
    assert stubs.file_name("🔥", "") == "entry"


def test_an_entry_name_is_safe_on_every_system(tmp_path):
    for title in ("CON", "nul", "Com1", "LPT9", "aux"):
        assert stubs.file_name(title, "") == f"{title.lower()}-entry"
    rng = random.Random(11)
    forbidden = set('/\\:*?"<>|') | {chr(n) for n in range(32)}
    for _ in range(3000):
        title = "".join(
            chr(rng.choice([rng.randrange(0x20, 0x3000), rng.randrange(0x3000, 0x30000)]))
            for _ in range(rng.randrange(1, 90))
        )
        name = stubs.file_name(title, "")
        assert name and len(name) <= 60 and len(name.encode()) <= 200, repr(title)
        assert not forbidden & set(name) and not name.startswith((".", "-")) and not name.endswith("-"), repr(title)
        # (a joiner only inside a word, between two letters it joins)
        kept = [i for i, c in enumerate(name) if c in "\u200c\u200d"]
        assert all(name[i - 1] not in "-\u200c\u200d" and name[i + 1 : i + 2].isalpha() for i in kept), repr(title)
        assert all(unicodedata.category(c)[0] in "LNM" or c in "-\u200c\u200d" for c in name), repr(title)
        assert unicodedata.category(name[0])[0] != "M", repr(title)
    stubs.write(tmp_path / f"{stubs.file_name('𠀀' * 60, '')}-22.md", "the longest name fits on a disk")


def test_new_and_import_name_entries_in_the_title_s_script(example_workspace, monkeypatch):
    monkeypatch.chdir(example_workspace)
    export = example_workspace / "pinboard.json"
    items = [
        ("https://z.example/a", "深度学习入门"),
        ("https://z.example/b", "深度学习入门"),
        ("https://z.example/c", "Машинное обучение"),
    ]
    export.write_text(
        json.dumps([{"href": url, "description": title, "time": "2026-01-05T00:00:00Z"} for url, title in items])
    )
    result = CliRunner().invoke(main, ["import", str(export)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (example_workspace / "entries/2026/01").iterdir()) == [
        "машинное-обучение.md",
        "深度学习入门-2.md",
        "深度学习入门.md",
    ]
    url = "https://ru.wikipedia.org/wiki/%D0%93%D0%BB%D1%83%D0%B1%D0%BE%D0%BA%D0%BE%D0%B5_%D0%BE%D0%B1%D1%83%D1%87%D0%B5%D0%BD%D0%B8%D0%B5"
    result = CliRunner().invoke(main, ["new", "article", url, "--date", "2026-01-05", "--offline", "--no-edit"])
    assert result.stdout == "entries/2026/01/глубокое-обучение.md\n", result.output


def test_inits_sample_entry_names_its_people_as_the_docs_and_new_do():
    """The sample is the first entry an author copies: an article's people are `authors:`
    (README, `newsletter schema entry`, `new`'s stubs), and it said `speakers:`, a talk's."""
    from newsletter.front_matter import parse_front_matter

    meta, _ = parse_front_matter(sample_entry.sample_entry(DAY))
    written = stubs.stub(meta["type"], "https://example.com/", DAY, people=["Ada"])
    word = "speakers" if "\nspeakers:" in written else "authors"
    other = "authors" if word == "speakers" else "speakers"
    assert meta.get(word) == ["Matt Cone"] and other not in meta


@pytest.mark.parametrize(
    "url",
    [
        "https://wiki.example/Special:",
        "https://x.example/search?q=tag:",
        "https://x.example/a:#b",
        "https://x.example/&*!'a'",
    ],
)
def test_a_stub_reads_back_its_link_whatever_it_ends_with(url):
    """A link ending in ':' was written bare, which YAML reads as a mapping: feed import skipped
    the item ("front matter is not valid YAML"), and `new` and capture wrote entries that do not read."""
    text = stubs.stub("article", url, DAY, title="T")
    assert read.parse_entry(Path("entries/2024/03/t.md"), text)[0].url == url


def test_every_language_the_templates_speak_has_its_placeholder():
    """Arabic joined the languages the email and post are written in, and the placeholders were
    completed for the others on another branch at the same time: an Arabic log's new entries
    said "Your notes, in Markdown." in English."""
    assert {language for forms in PHRASES.values() for language in forms} <= set(stubs.PLACEHOLDERS)


def test_a_hebrew_logs_new_entries_hold_the_placeholder_in_hebrew():
    """Hebrew is no language the templates speak (its log writes its own [wording]), and every new
    entry of a Hebrew log said "Your notes, in Markdown." in English (new user 62)."""
    said = stubs.placeholder_in("he-IL")
    assert said != stubs.PLACEHOLDER and "שלך" in said
    assert stubs.placeholder_of(f"> ציטוט\n\n{said}") == said


def test_every_placeholder_line_is_found_in_notes_by_its_one_word_search():
    """placeholder_of looks for the fifteen lines only in notes that hold IN_EVERY_PLACEHOLDER
    (fast 28: one search a note, not fifteen, for each of an archive's notes): a placeholder added
    without that word would be left in posts and emails unflagged. Each is found where an import or
    `new` leaves it (alone, after a highlight, with words after it), and words without it are not."""
    for said in stubs.ALL_PLACEHOLDERS:
        for notes in (said, f"> A highlight\n\n{said}", f"{said}\n\nMy own take, after it."):
            assert stubs.placeholder_of(notes) == said
            assert collect.without_placeholders(_edition_of(notes)).sections[0].entries[0].notes != notes
    assert stubs.placeholder_of("Your notes, in Markdown") is None  # (no full stop: not the line)
    assert stubs.placeholder_of("Notes in “Markdown”: mine, in full.") is None


def _edition_of(notes: str):
    entry = Entry(Path("entries/2024/03/a.md"), "article", "https://example.com/a", DAY, notes=notes)
    return Edition(Period.parse("2024-03"), [Section("Articles", [entry])], [], "T", "S")


def test_inits_japanese_and_chinese_samples_put_no_space_after_their_full_stop():
    """The sample's two parts were joined by a space in every language: in Japanese that is a
    gap after '。' ("作ります。 メモは"), the first note Yuki (new user 22) read, and one a
    Japanese reader takes for a typo. Chinese too; the languages that space sentences keep it."""
    notes = {tag: sample_entry.sample_entry(DAY, tag).split("---\n")[-1] for tag in ("ja", "zh", "en", "ko")}
    assert "ファイルを一つ作ります。メモは" in notes["ja"] and "写一个文件。用" in notes["zh"]
    assert "thing you read. Write" in notes["en"] and "만듭니다. 메모는" in notes["ko"]
