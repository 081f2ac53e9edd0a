"""The fixed words of the email, the post, the web edition and the year in review, in the
newsletter's language ([newsletter] language), with the author's own in [wording]."""

import datetime as dt
import email
import json
import re
import string
from email.policy import default
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsletter.cli import main
from newsletter.errors import NewsletterError
from newsletter.formats.entry_facts import entry_facts
from newsletter.formats.phrases import PHRASES, PREVIEW, REVIEW, TYPES, WEB
from newsletter.formats.plurals import plural
from newsletter.formats.wording import ALL, KNOWN, Wording, checked, language_of
from newsletter.links import untrusted
from newsletter.models import Entry, Metadata

from email_rules import violations

POST = "site/content/posts/what-i-read-in-april-2022/index.md"
ENGLISH_WORDS = ("View in your browser", "Unsubscribe", "You receive this", "Thank you for reading", "Episode 359")


def run(root, *args):
    return CliRunner().invoke(main, [*args, "-w", str(root)])


def in_language(root, language, wording=""):
    settings = root / "newsletter.toml"
    text = settings.read_text(encoding="utf-8").replace('language = "en"', f'language = "{language}"', 1)
    settings.write_text(text + (f"\n[wording]\n{wording}\n" if wording else ""), encoding="utf-8")
    return root


def with_topic_course(root):
    """A course under a topic's heading, where its type's label shows ("Course: …"; under "Courses",
    the example's Made With ML is not labelled)."""
    (root / "entries/2022/04/fsdl.md").write_text(
        "---\ntype: course\nurl: https://fullstackdeeplearning.com/\ndate: 2022-04-13\n"
        "title: Full Stack Deep Learning\nsection: MLOps\n---\nNotes.\n",
        encoding="utf-8",
    )
    return root


def built(root, period="2022-04"):
    result = run(root, "build", period, "--offline")
    assert result.exit_code == 0, result.output
    html = (root / f"dist/{period}/newsletter.html").read_text(encoding="utf-8")
    text = (root / f"dist/{period}/newsletter.txt").read_text(encoding="utf-8")
    return html, text


def test_a_german_edition_says_its_fixed_words_in_german(example_workspace):
    """A German author with language = "de" sent a half-English newsletter: "View in your
    browser", "Unsubscribe", "Thank you for reading", "Episode 359", "From my collection"..."""
    root = with_topic_course(in_language(example_workspace, "de"))
    html, text = built(root)
    for said in ("Im Browser ansehen", "Abmelden", "Du erhältst diese E-Mail, weil du", "Danke fürs Lesen"):
        assert said in html
    assert ">Kurse</h2>" in html and ">Aus meiner Sammlung</h2>" in html and "Folge 359" in html
    assert '#57606a;">Kurs:</span> <a href="https://fullstackdeeplearning.com/"' in html
    assert "die Anmeldeseite</a> mit allen" in html and "Schreib mir auf <a" in html
    assert not [words for words in ENGLISH_WORDS if words in html or words in text]
    assert violations(html, text) == []  # still email-safe
    assert "Im Browser ansehen: https://" in text and "\nAbmelden: https://" in text
    assert "\nKURSE\n=====\n" in text and "\nDANKE FÜRS LESEN\n" in text
    assert "\nKurs: Full Stack Deep Learning [" in text
    assert "\nKURSE\n=====\n\nMade With ML [" in text  # its heading says it is a course
    post = (root / POST).read_text(encoding="utf-8")
    assert "## [Kurs] [Made With ML](" in post and "\n**Von**: Goku Mohandas\n" in post
    assert "\n**Sprecher**: Michael Kennedy" in post
    # the edition's web page is the email without what only a subscriber reads
    page = (root / "site/static/newsletter/2022-04/index.html").read_text(encoding="utf-8")
    assert ">Kurse</h2>" in page and "Abmelden" not in page and "Unsubscribe" not in page


def test_a_turkish_text_parts_headings_keep_the_dot_of_their_i_in_capitals(example_workspace):
    """Elif's Turkish text part headed her books "KITAPLAR" and ended "OKUDUĞUNUZ IÇIN
    TEŞEKKÜRLER" (new user 31): Python's capital of "i" is "I", Turkish's dotless ı's, where
    Turkish (and Azerbaijani) write "İ" (an English edition's headings keep their I: the golden files')."""
    wording = 'section_course = "Eğitimler"\nthank_you = "Okuduğunuz için teşekkürler"'
    _, text = built(in_language(example_workspace, "tr", wording))
    assert "\nEĞİTİMLER\n=========\n" in text and "\nOKUDUĞUNUZ İÇİN TEŞEKKÜRLER\n" in text
    assert "IÇIN" not in text
    # a heading the author left in English, which Turkish has no words for here, is English's capitals
    # (her year in review said "THE YEAR İN NUMBERS")
    assert "\nFROM MY COLLECTION\n" in text


def test_a_section_its_english_entries_name_keeps_englishs_capitals_in_a_turkish_log(example_workspace):
    """Review 23: an English entry (language: en) of a Turkish log, filed under "Machine Learning",
    was headed "MACHİNE LEARNİNG" in the text part; Turkish's i of the log's own sections is kept."""
    root = in_language(example_workspace, "tr", 'section_course = "Eğitimler"')
    entry = root / "entries/2022/04/made-with-ml.md"
    entry.write_text(entry.read_text().replace("tags:", "section: Machine Learning\nlanguage: en\ntags:", 1))
    _, text = built(root)
    assert "\nMACHINE LEARNING\n================\n" in text and "MACHİNE" not in text


def test_a_screen_reader_names_a_german_email_in_german(example_workspace):
    """Hanna's Austrian edition (language = "de-AT") was announced to screen readers with MJML's
    English aria-roledescription="email", read out by a German voice as an English word; the
    author's [wording] says it her way, as every fixed word."""
    html, _ = built(in_language(example_workspace, "de-AT"))
    assert html.count("aria-roledescription=") == 1 and 'aria-roledescription="E-Mail"' in html
    page = (example_workspace / "site/static/newsletter/2022-04/index.html").read_text(encoding="utf-8")
    assert 'aria-roledescription="email"' not in page
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + '\n[wording]\nemail_role = "Rundbrief"\n')
    html, _ = built(example_workspace)
    assert 'aria-roledescription="Rundbrief"' in html


def test_a_chinese_editions_own_work_is_not_called_bookmarks(example_workspace):
    """Chen (new user 25) read her Chinese edition's heading over the author's own work, type
    `mine`, as 来自我的收藏, "from my bookmarks" (收藏 is what a reader saves): a reader takes the
    entries under it for someone else's, which they are not. It says 我的作品, "my work"."""
    html, text = built(in_language(example_workspace, "zh"))
    assert ">我的作品</h2>" in html and "我的作品\n====" in text
    assert "收藏" not in html and "收藏" not in text


def test_a_chinese_edition_says_what_a_chinese_editor_writes(example_workspace):
    """Chen (new user 25) read words no Chinese editor would write: a podcast's host and guests
    under 主讲人 (a talk's lecturer), names joined by ", " where Chinese lists them with 、, a
    course 出品 (a studio's credit) and an earlier entry's line 此前记录 ("earlier records")."""
    root = in_language(example_workspace, "zh")
    html, text = built(root)
    post = (root / POST).read_text(encoding="utf-8")
    people = "Michael Kennedy、Demetrios Brinkmann、Kate Kuznecova、Vishnu Rachakonda"
    assert people in html and people in text.replace("\n", "") and f"**主播/嘉宾**：{people}" in post
    assert "**开课**：" in post and "出品" not in post and "主讲人" not in post
    assert Wording("zh")("previously") == "往期回顾："
    # a paper's authors are cited as Chinese citations write them, with commas
    assert Wording("zh")("names_separator") == "、" and Wording("en")("names_separator") == ", "


@pytest.mark.parametrize(
    "language, joined", [("ja", "Michael Kennedy、Demetrios Brinkmann"), ("ar", "Michael Kennedy، Demetrios")]
)
def test_japanese_and_arabic_editions_join_names_as_their_languages_do(example_workspace, language, joined):
    """A Japanese edition listed a podcast's four people as "Michael Kennedy, Demetrios
    Brinkmann, …", and an Arabic one with Latin commas, where Chinese now had its 、: Japanese
    lists names with 、 as Chinese does, Arabic with its own comma ،."""
    root = in_language(example_workspace, language)
    html, text = built(root)
    post = (root / POST).read_text(encoding="utf-8")
    assert joined in html and joined in " ".join(text.split()) and joined in post
    assert "Michael Kennedy, Demetrios" not in html + text + post


def test_a_videos_several_uploaders_are_joined_as_the_editions_language_joins_names():
    """A lecture page naming two uploaders (a school and its department) showed them joined by
    ", " in a Chinese edition whose speakers were joined by 、: the page's reader joined them
    itself; the edition joins them, as it joins an entry's people."""
    meta = Metadata(extras={"channel": ["北京大学", "数学科学学院"]})
    video = Entry(path=Path("v.md"), type="video", url="https://x.example/", date=dt.date(2026, 1, 5), meta=meta)
    assert entry_facts(video, Wording("zh"))[0] == "北京大学、数学科学学院"
    assert entry_facts(video, Wording("en"))[0] == "北京大学, 数学科学学院"
    meta = Metadata(extras={"channel": "Collège de France, Paris"})  # one name, as cached before too
    one = Entry(path=Path("v.md"), type="video", url="https://x.example/", date=dt.date(2026, 1, 5), meta=meta)
    assert entry_facts(one, Wording("zh"))[0] == "Collège de France, Paris"


@pytest.mark.parametrize(
    "channel, shown",
    [(5, []), (True, []), (["Inria", None, ["x"], {"k": 1}, " ", 3], ["Inria"]), ({"name": "Inria"}, [])],
)
def test_a_cache_rows_channel_of_another_shape_names_no_one(channel, shown):
    """A cache row's channel is a name or (since the edition joins them) a list of names; a row
    edited by hand or damaged holding a number ended the build in a TypeError, and a list's None
    or nested list was shown as 'None' and "['x']" beside the video."""
    meta = untrusted.metadata_from({"extras": {"channel": channel}, "site_name": "PeerTube"})
    video = Entry(path=Path("v.md"), type="video", url="https://x.example/", date=dt.date(2026, 1, 5), meta=meta)
    assert entry_facts(video, Wording("en")) == [*shown, "PeerTube"]


def test_an_arabic_edition_says_its_fixed_words_in_arabic(example_workspace):
    """An Amman librarian's Arabic newsletter (language = "ar") went out half in English: "View in
    your browser", "Articles", "Talk:", "Episode 359", "Thank you for reading", "Unsubscribe",
    read by her subscribers' screen readers with an Arabic voice, under an <html lang="ar">."""
    root = with_topic_course(in_language(example_workspace, "ar"))
    html, text = built(root)
    assert '<html lang="ar" dir="rtl"' in html
    for said in ("عرض في المتصفح", "إلغاء الاشتراك", "تصلك هذه الرسالة لأنك اشتركت في", "شكراً على القراءة"):
        assert said in html and said in text
    assert ">دورات</h2>" in html and ">من أعمالي</h2>" in html and "الحلقة 359" in html
    assert '#57606a;">دورة:</span>' in html  # in the edition's direction: no isolate needed
    assert not [words for words in ENGLISH_WORDS if words in html or words in text]
    assert violations(html, text) == []
    # the English title isolated in the Arabic text part (as dir="auto" in the HTML): its [n] stays after it
    assert "\nدورة: \u2068Full Stack Deep Learning\u2069 [" in text and "\nإلغاء الاشتراك: https://" in text
    post = (root / POST).read_text(encoding="utf-8")
    assert "## [دورة] [Made With ML](" in post and "\n**من إعداد**: Goku Mohandas\n" in post
    assert "\n**المتحدثون**: Michael Kennedy، Demetrios" in post  # four: the plural


def test_arabic_counts_take_their_six_forms():
    """Arabic says a dual and has forms for 3 to 10 and 11 to 99: two speakers are المتحدثان,
    and the review's "2 talks" is not "2 محاضرة", the singular English's "one or other" chose."""
    assert [plural("ar", n) for n in (0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111, 1.5)] == [
        "zero",
        "one",
        "two",
        "few",
        "few",
        "many",
        "many",
        "other",
        "other",
        "few",
        "many",
        "other",
    ]
    words = Wording("ar")
    assert [words.text("speakers", n) for n in (1, 2, 3, 12)] == ["المتحدث", "المتحدثان", "المتحدثون", "المتحدثون"]
    assert [words.kinds("talk", n) for n in (1, 2, 5)] == ["محاضرة", "محاضرات", "محاضرات"]
    assert words("things_read", count=12, year=2026) == "ما قرأته وشاهدته واستمعت إليه في 2026: 12"


@pytest.mark.parametrize(
    "minutes, said",
    [
        (1, "دقيقة واحدة"),
        (2, "دقيقتان"),
        (5, "5 دقائق"),
        (10, "10 دقائق"),
        (45, "45 دقيقة"),
        (66, "ساعة و6 دقائق"),
        (61, "ساعة ودقيقة"),
        (122, "ساعتان ودقيقتان"),
        (75, "ساعة و15 دقيقة"),
        (120, "ساعتان"),
        (60, "ساعة"),
        (185, "3 ساعات و5 دقائق"),
        (660, "11 ساعة"),
    ],
)
def test_an_arabic_editions_minutes_take_arabics_forms(example_workspace, minutes, said):
    """Layla (new user 23) read "5 دقيقة" under a talk in her Arabic edition, and "1 ساعة و06
    دقيقة" under an hour-long podcast: "minutes" had one form, right for 11 to 99 only (1 is
    دقيقة واحدة, 2 the dual دقيقتان, 3 to 10 take دقائق), and an hour's minutes were given two
    digits, as "1 h 05 min" is in English, which no Arabic writer does. Then the hours were
    said "1 ساعة", "2 ساعة", "3 ساعة": an hour's own word is counted as minutes are (ساعة,
    the dual ساعتان, 3 to 10 ساعات, 11 ساعة)."""
    root = in_language(example_workspace, "ar")
    talk = root / "entries/2022/04/talkpython-359.md"
    talk.write_text(
        re.sub(r"\nduration:[^\n]*", "", talk.read_text(encoding="utf-8")).replace(
            "\n---\n", f"\nduration: {minutes} min\n---\n", 1
        ),
        encoding="utf-8",
    )
    html, text = (part.replace("\xa0", " ") for part in built(root))  # a number and its word kept on one line
    assert f"الحلقة 359 · {said}\n" in text, [line for line in text.splitlines() if "359" in line]
    assert f'<span style="white-space: nowrap;">{said}</span></p>' in html


def test_an_arabic_override_with_counts_takes_arabics_forms(example_workspace):
    """[wording] took only "one" and "other": an Arabic author who wrote the dual or the form
    for 3 to 10 was refused, "should be text in quotes, or a table of its forms"."""
    forms = 'speakers = { one = "المتحدث", two = "المتحدثان", few = "الضيوف", other = "المتحدثون" }'
    root = in_language(example_workspace, "ar", forms)
    built(root)
    post = (root / POST).read_text(encoding="utf-8")
    assert "\n**الضيوف**: Michael Kennedy، Demetrios" in post  # four speakers: the form for 3 to 10


POLISH_MINUTES = (
    'minutes = { one = "{minutes} minuta", few = "{minutes} minuty", many = "{minutes} minut", '
    'other = "{minutes} minuty" }'
)


@pytest.mark.parametrize(
    "minutes, said", [(1, "1 minuta"), (2, "2 minuty"), (5, "5 minut"), (12, "12 minut"), (22, "22 minuty")]
)
def test_a_polish_wording_takes_polishs_forms(example_workspace, minutes, said):
    """Tomasz (new user 29) writes in Polish, which the templates do not speak, and said the
    minutes in [wording] as Polish counts them: 1 minuta, 2-4 minuty, 5 minut, 22 minuty. It
    was refused, "minutes has a few form, which no count takes in pl; its forms are one and
    other": a language without phrases of its own was counted as English is."""
    root = in_language(example_workspace, "pl", POLISH_MINUTES)
    talk = root / "entries/2022/04/talkpython-359.md"
    talk.write_text(
        re.sub(r"\nduration:[^\n]*", "", talk.read_text(encoding="utf-8")).replace(
            "\n---\n", f"\nduration: {minutes} min\n---\n", 1
        ),
        encoding="utf-8",
    )
    html, text = (part.replace("\xa0", " ") for part in built(root))
    assert f"Episode 359 · {said}\n" in text, [line for line in text.splitlines() if "359" in line]
    assert f'<span style="white-space: nowrap;">{said}</span></p>' in html


@pytest.mark.parametrize(
    "language, counts, forms",
    [
        (
            "pl",
            (0, 1, 2, 4, 5, 12, 21, 22, 25, 102, 112, 1.5),
            "many one few few many many many few many few many other",
        ),
        ("ru", (0, 1, 2, 5, 11, 21, 22, 1.5), "many one few many many one few other"),
        ("uk-UA", (1, 3, 11, 101), "one few many one"),
        ("cs", (1, 2, 5, 1.5), "one few other many"),
        ("hr", (1, 3, 11, 21, 1.2), "one few other one few"),
        ("sl", (1, 2, 3, 5, 101, 102), "one two few other one two"),
        ("lt", (1, 2, 10, 11, 21, 1.5), "one few other other one many"),
        ("ro", (1, 2, 19, 20, 101, 120), "one few few other few other"),
        ("he", (1, 2, 3), "one two other"),
        ("eo", (0, 1, 2), "other one other"),  # a language not listed counts as English does
        # CLDR's plurals.xml, checked against Babel's CLDR 47 for every count to 124 (review 20)
        ("ga", (0, 1, 2, 3, 6, 7, 10, 11, 1.5), "other one two few few many many other other"),
        ("cy", (0, 1, 2, 3, 4, 6, 7, 1.5), "zero one two few other many other other"),
        ("pt-PT", (0, 1, 2, 0.5, 1.5), "other one other other other"),  # Portugal counts as English
        ("pt-BR", (0, 1, 2, 0.5, 1.5), "one one other one one"),
        ("pt", (0, 1.5), "one one"),
        ("he", (0.5, 1.5), "one other"),
        ("lv", (0, 1, 11, 21, 0.1, 0.11, 0.21), "zero one zero one one zero one"),
        ("is", (1, 11, 21, 0.1), "one other one one"),
        ("mk", (1, 11, 21), "one other one"),
        ("hi", (0, 1, 2, 0.5, 1.5), "one one other one other"),
        ("fa-IR", (0,), "one"),
        # checked against Babel's CLDR 47 for every count to 2,999, millions and fractions (mend 14)
        ("fr", (0, 1, 2, 1.5, 1_000_000, 2_000_000, 1_000_001), "one one other one many many other"),
        ("es", (0, 1, 2, 1.5, 1_000_000, 1_000_001), "other one other other many other"),
        ("it", (1, 1_000_000), "one many"),
        ("pt-PT", (1, 1_000_000), "one many"),
        ("pt-BR", (0, 3_000_000), "one many"),
        ("ca", (1, 2, 1_000_000), "one other many"),
        ("da", (0, 1, 2, 0.5, 1.5, 2.5), "other one other one one other"),
        ("gd", (1, 2, 3, 10, 11, 12, 13, 19, 20, 21, 1.5), "one two few few one two few few other other other"),
        ("mt", (0, 1, 2, 3, 10, 11, 19, 20, 103, 111, 1.5), "few one two few few many many other few many other"),
        (
            "br",
            (1, 2, 3, 4, 5, 9, 11, 21, 22, 71, 73, 1_000_000),
            "one two few few other few other one two other other many",
        ),
    ],
)
def test_counts_take_cldrs_forms_in_languages_the_templates_do_not_speak(language, counts, forms):
    assert " ".join(plural(language, n) for n in counts) == forms


def test_english_words_in_a_language_without_phrases_are_counted_as_english():
    """A Russian log's phrases left in English say "21 entries": Russian's 21 is "one"."""
    assert Wording("ru")("preview_entries", count=21) == "21 entries"
    assert Wording("ru").kinds("talk", 21) == "talks" and Wording("ru").kinds("talk", 1) == "talk"
    assert (
        Wording(
            "ru",
            {
                "preview_entries": {"one": "{count} запись", "few": "{count} записи", "many": "{count} записей"}
                | {"other": "{count} записи"}
            },
        )("preview_entries", count=21)
        == "21 запись"
    )


def test_a_form_no_count_takes_is_still_refused_in_a_language_without_phrases():
    with pytest.raises(
        NewsletterError, match=r"a two form, which no count takes in pl; its forms are one, few, many and other"
    ):
        checked(
            Path("newsletter.toml"),
            {"minutes": {"two": "x", "other": "{minutes} minut"}},
            re.compile("[\x00-\x08]"),
            "pl",
        )


def test_scottish_gaelic_and_danish_forms_are_taken_and_said():
    """A Scottish Gaelic author's [wording] was refused its dual and "few" ("a two form, which no
    count takes in gd"), Gaelic, Maltese and Breton counting as English does, and a Danish
    author's 1,5 hours took the plural, where CLDR's Danish says "1,5 time" (mend 14, a real
    build of a Gaelic workspace)."""
    gaelic = {"one": "{count} innteart", "two": "{count} innteart.", "few": "{count} innteartan"}
    gaelic |= {"other": "{count} innteart!"}
    checked(Path("newsletter.toml"), {"preview_entries": gaelic}, re.compile("[\x00-\x08]"), "gd")
    said = [Wording("gd", {"preview_entries": gaelic})("preview_entries", count=n) for n in (1, 2, 3, 11, 12, 20)]
    assert said == ["1 innteart", "2 innteart.", "3 innteartan", "11 innteart", "12 innteart.", "20 innteart!"]
    danish = Wording("da", {"hours": {"one": "{hours} time", "other": "{hours} timer"}})
    assert [danish("hours", count=n, hours=str(n)) for n in (1, 1.5, 2.5)] == ["1 time", "1.5 time", "2.5 timer"]


def test_welsh_and_irish_forms_are_taken_and_said():
    """A Welsh or Irish author's [wording] was refused its dual, "few" and "many" (the languages
    counted as English does) and [wording] took only the forms of the counts it tried: Welsh's
    "many" is 6 alone, Irish's 7 to 10 (review 20)."""
    welsh = {"zero": "{count} cofnodion", "one": "{count} cofnod", "two": "{count} gofnod"}
    welsh |= {"few": "{count} chofnod", "many": "{count} chofnod!", "other": "{count} cofnod."}
    checked(Path("newsletter.toml"), {"preview_entries": welsh}, re.compile("[\x00-\x08]"), "cy")
    said = [Wording("cy", {"preview_entries": welsh})("preview_entries", count=n) for n in (0, 2, 3, 6, 7)]
    assert said == ["0 cofnodion", "2 gofnod", "3 chofnod", "6 chofnod!", "7 cofnod."]
    irish = {"one": "{count} iontráil", "two": "{count} iontráil", "few": "{count} iontráil"}
    irish |= {"many": "{count} n-iontráil", "other": "{count} iontráil."}
    checked(Path("newsletter.toml"), {"preview_entries": irish}, re.compile("[\x00-\x08]"), "ga-IE")
    assert Wording("ga-IE", {"preview_entries": irish})("preview_entries", count=8) == "8 n-iontráil"


def test_a_phrase_said_without_a_count_takes_its_other_form():
    """A phrase said without a count ("hours", the review's "12.5 hours") took the form of 2, which
    was "other" while languages had one and other only: an Arabic author's hours = { one = ...,
    two = "ساعتان", other = "{hours} ساعات" } said "ساعتان" (two hours) for 12.5 hours."""
    forms = {"one": "ساعة واحدة", "two": "ساعتان", "other": "{hours} ساعات"}
    checked(Path("newsletter.toml"), {"hours": forms}, re.compile("[\x00-\x08]"), "ar")
    assert Wording("ar", {"hours": forms})("hours", hours="12.5") == "12.5 ساعات"
    assert Wording("ar", {"hours": forms})("hours", count=2, hours="2") == "ساعتان"


def test_a_french_edition_keeps_french_punctuation(example_workspace):
    """French writes a no-break space before a colon ("Se désabonner : ..."), which a line must
    not break at; the post keeps it through the Markdown escape."""
    root = in_language(example_workspace, "fr-CA")
    html, text = built(root)
    assert "Se désabonner" in html and "Merci de votre lecture" in html and "Épisode 359" in html
    assert "\nSe désabonner\u00a0: https://" in text and "Voir dans le navigateur\u00a0: https://" in text
    post = (root / POST).read_text(encoding="utf-8")
    assert "\n**Intervenants**\u00a0: Michael Kennedy" in post and "## [Cours] [Made With ML](" in post
    assert not [words for words in ENGLISH_WORDS if words in html or words in text]


@pytest.mark.parametrize("language", ["ja", "zh"])
def test_a_full_width_colon_takes_no_space_after_it(example_workspace, language):
    """A Japanese edition read "論文： Mamba" in its subject, its entries' labels (email and text
    part) and the post's people: '：' is a full-width colon that holds its own space, and the
    templates' space after it showed a gap twice as wide. Before a link a space still stands."""
    root = with_topic_course(in_language(example_workspace, language))
    index = root / "entries/2022/04/_index.md"  # its subject without one, as init's editions have
    index.write_text(re.sub(r"(?m)^subject: .*\n", "", index.read_text(encoding="utf-8")), encoding="utf-8")
    html, text = built(root)
    colon = "："
    subject = text.splitlines()[0]
    assert colon in subject and f"{colon} " not in subject
    assert f'#57606a;">{Wording(language).type_label("course")}{colon}</span><a' in html
    assert f"\n{Wording(language).type_label('course')}{colon}Full Stack Deep Learning [" in text
    assert f"{colon} https://" in text  # the unsubscribe link, apart from the words before it
    post = (root / POST).read_text(encoding="utf-8")
    assert f"**{colon}Michael Kennedy" in post and f"**{colon} " not in post
    assert violations(html, text) == []


def test_no_full_width_colon_is_followed_by_a_space_but_before_an_address(example_workspace):
    """Beyond the entries' labels, Japanese labels ending in '：' were followed by a space in the
    year in review ("著者： 劉慈欣", "よく読んだ・聴いた人： …", the hours) and in the web editions'
    links to each other ("前号： …"); only a bare address keeps one ("配信停止： https://…")."""
    root = in_language(example_workspace, "ja")
    for n, (kind, title) in enumerate([("book", "三体"), ("article", "A"), ("talk", "B")]):
        (root / f"entries/2021/02/ja-{n}.md").write_text(
            f"---\ntype: {kind}\nurl: https://example.jp/{n}\ndate: 2021-02-1{n}\ntitle: {title}\n"
            f"{'speakers' if kind == 'talk' else 'authors'}: [劉慈欣]\nduration: 45 min\n---\nメモ。\n",
            encoding="utf-8",
        )
    built(root, "2021-02")
    built(root)
    result = run(root, "review", "2021", "--offline")
    assert result.exit_code == 0, result.output
    review = (root / "dist/2021/newsletter.txt").read_text(encoding="utf-8")
    assert "著者：劉慈欣" in review and "よく読んだ・聴いた人：劉慈欣" in review
    assert "講座の時間：" in review
    page = (root / "site/static/newsletter/2021-02/index.html").read_text(encoding="utf-8")
    assert "次号：<a" in page
    outputs = [*root.glob("dist/*/newsletter.*"), *root.glob("site/content/posts/*/index.md")]
    outputs += root.glob("site/static/newsletter/*/index.html")
    spaced = {
        path.relative_to(root).as_posix(): found
        for path in outputs
        if (found := re.findall(r"：[ \u00a0]+(?!https?://).{0,10}", path.read_text(encoding="utf-8")))
    }
    assert spaced == {}


def test_a_japanese_name_takes_no_space_before_the_japanese_words_after_it(example_workspace):
    """ "ゆきの読書メモ を楽しんでいただけたなら" and "ゆきの読書メモ にご登録いただいた方に": the
    phrases keep a space between the name and their own words, right after a Latin name ("Data
    Science Programming を") and a typo after a Japanese one."""
    root = in_language(example_workspace, "ja")
    english_name = built(root)[1]
    assert "Data Science Programming Newsletter にご登録いただいた方に" in english_name
    settings = root / "newsletter.toml"
    text = re.sub(r'(?m)^name = ".*"', 'name = "ゆきの読書メモ"', settings.read_text(encoding="utf-8"), count=1)
    settings.write_text(text, encoding="utf-8")
    html, text = built(root)
    for said in ("ゆきの読書メモにご登録いただいた方に", "ゆきの読書メモを楽しんでいただけたなら"):
        assert said in text and said in html
    assert "ゆきの読書メモ " not in text and violations(html, text) == []


def test_the_english_colon_keeps_its_space():
    assert Wording("en").after_colon() == Wording("fr").after_colon() == " "
    assert Wording("ja", {"colon": ":"}).after_colon() == " "  # an author's own half-width colon


def test_a_label_of_ones_own_that_ends_in_a_letter_keeps_its_space():
    """[wording] previously = "前回の記録", a label without a colon, ran into the title after it
    ('前回の記録Deep Learning入門'): only full-width punctuation holds its own space."""
    said = Wording("ja", {"previously": "前回の記録", "by": "著者（敬称略）"})
    assert said.after_colon(said("previously")) == " "
    assert said.after_colon(said("by")) == ""
    assert Wording("zh").after_colon(Wording("zh")("previously")) == ""  # 此前记录：


def test_the_year_in_review_in_german(example_workspace):
    root = in_language(example_workspace, "de")
    result = run(root, "review", "2021", "--offline")
    assert result.exit_code == 0, result.output
    post = (root / "site/content/posts/my-year-in-reading-2021/index.md").read_text(encoding="utf-8")
    html = (root / "dist/2021/newsletter.html").read_text(encoding="utf-8")
    text = (root / "dist/2021/newsletter.txt").read_text(encoding="utf-8")
    assert "8 Sachen gelesen, gesehen und gehört im Jahr 2021." in post
    assert "## Das Jahr in Zahlen" in post and ">Das Jahr in Zahlen</h2>" in html
    assert "\nDAS JAHR IN ZAHLEN\n==================\n" in text
    assert "Einträge pro Monat im Jahr 2021" in post  # a chart's alt text, or the table's heading
    assert "Feb. 8" in post or "| Feb. | 8 |" in post  # the months as German abbreviates them
    assert "Monat" in text and "Einträge" in text and "Anzahl" in text
    assert "Abmelden" in html and violations(html, text) == []
    assert "The year in numbers" not in post + html + text and "things read" not in post + html + text


def test_an_austrian_year_in_review_says_jaenner():
    """language = "de-AT" gave the review's months as Germany writes them ("Jan."); Austria's
    standard German writes "Jän.". Only that month differs, and [wording] still wins."""
    assert Wording("de-AT").months() == ["Jän.", *Wording("de").months()[1:]]
    assert Wording("de-at").months()[0] == "Jän." and Wording("de-DE").months()[0] == "Jan."
    assert Wording("de-AT", {"months_short": " ".join(["M"] * 12)}).months()[0] == "M"
    assert Wording("de-AT")("unsubscribe") == Wording("de")("unsubscribe")


def test_swiss_german_writes_its_own_quotes_and_numbers():
    """Kai in Zürich (language = "de-CH", new user 48) read Germany's „…“ around a quote in his
    edition, which Switzerland writes «…»; and its numbers are 1’234.5, not 1.234,5 (CLDR)."""
    for tag in ("de-CH", "de-LI", "de-ch"):
        assert Wording(tag).quotes() == ("«", "»") and Wording(tag).number(1234.5, grouped=True) == "1’234.5"
    assert Wording("de").quotes() == ("„", "“") and Wording("de").number(1234.5, grouped=True) == "1.234,5"
    assert Wording("de-CH")("unsubscribe") == Wording("de")("unsubscribe")
    assert Wording("de-CH", {"quote_open": "„", "quote_close": "“"}).quotes() == ("„", "“")  # [wording] wins


def test_a_portuguese_edition_from_portugal_says_portugal_s_words(example_workspace):
    """Ines in Lisbon read her own edition in Brazil's Portuguese ("Você está recebendo este
    e-mail", "compartilhe", "Me conte no Mastodon"), the only Portuguese the phrases had.
    language = "pt-PT" says them as Portugal does; "pt" and "pt-BR" stay Brazil's."""
    root = in_language(example_workspace, "pt-PT")
    html, text = built(root)
    for said in ("Está a receber este e-mail porque se inscreveu em", "Cancelar subscrição", "Conte-me no "):
        assert said in html and said in text
    assert "partilhe <a" in html and "Obrigado pela leitura" in html  # the phrases both countries share
    for brazil in ("Você", "você", "compartilhe", "Me conte", "Cancelar inscrição", "registro"):
        assert brazil not in html + text
    assert violations(html, text) == []
    assert Wording("pt")("subscribed", name="N") == Wording("pt-BR")("subscribed", name="N")
    assert Wording("pt")("subscribed", name="N").startswith("Você está recebendo")
    assert Wording("pt-PT", {"unsubscribe": "Sair"})("unsubscribe") == "Sair"


def test_a_mexican_edition_says_mexico_s_words(example_workspace):
    """Mariana in Mexico City (language = "es-MX") read Spain's Spanish in her own edition:
    "Si te ha gustado", "qué te ha gustado y qué has aprendido", "vídeos", «…» around a quote
    and "2,3" hours, where Mexico says "te gustó", "aprendiste", "videos", “…” and 2.3.
    "es" and "es-ES" stay Spain's; [wording] still wins."""
    root = in_language(example_workspace, "es-MX")
    html, text = built(root)
    for said in ("Si te gustó esta edición de", "qué te gustó y qué aprendiste", "\u201cyou are not Google\u201d"):
        assert said in html and said in text.replace("\n", " ")
    for spain in ("te ha gustado", "has aprendido", "\u00ab"):
        assert spain not in html + text
    assert violations(html, text) == []
    mexico, spain = Wording("es-MX"), Wording("es")
    assert mexico.number(2.3) == "2.3" and mexico.number(12345, grouped=True) == "12,345"
    assert spain.number(2.3) == "2,3" and spain.number(12345, grouped=True) == "12.345"
    assert mexico("hours_listened", hours="2.3 horas") == "2.3 horas de charlas, podcasts, videos y cursos"
    assert spain("share", name="N") == Wording("es-ES")("share", name="N") != mexico("share", name="N")
    assert Wording("es-419")("social", place="X") == mexico("social", place="X")
    assert Wording("es-MX", {"unsubscribe": "Darme de baja"})("unsubscribe") == "Darme de baja"


def test_a_spanish_podcasts_hosts_and_guests_are_not_a_talks_speakers(example_workspace):
    """Mariana's podcast episode named its host and guests "Ponentes", the people who speak at a
    conference; a podcast's people are its "Participantes". A talk keeps its "Ponente"."""
    root = in_language(example_workspace, "es-MX")
    built(root)
    post = (root / POST).read_text(encoding="utf-8")
    assert "\n**Participantes**: Michael Kennedy, Demetrios" in post and "Ponente" not in post
    assert Wording("es").text("speakers", 1) == "Ponente"


@pytest.mark.parametrize(
    "language, podcast, talk",
    [
        ("it", "Partecipanti", "Relatore"),
        ("pt", "Participantes", "Palestrante"),
        ("nb", "Medvirkende", "Foredragsholder"),
        ("ko", "출연", "연사"),
        ("sv", "Medverkande", "Talare"),
        ("da", "Medvirkende", "Taler"),
        ("nl", "Deelnemers", "Spreker"),
    ],
)
def test_a_podcasts_hosts_and_guests_are_not_a_talks_speakers_in_any_language(
    example_workspace, language, podcast, talk
):
    """As Spanish's "Ponentes" were, a podcast's host and guests were a talk's lecturers in
    Italian (Relatori), Portuguese (Palestrantes), Norwegian (Foredragsholdere) and Korean (연사),
    and Swedish (Talare), Danish (Taler) and Dutch (Sprekers): they are its participants, or a
    broadcast's credits (Medvirkende, Medverkande, 출연). A talk keeps its word."""
    root = in_language(example_workspace, language)
    built(root)
    post = (root / POST).read_text(encoding="utf-8")
    assert f"\n**{podcast}**" in post and "Michael Kennedy" in post.partition(f"**{podcast}**")[2][:20]
    assert talk not in post
    assert Wording(language).text("speakers", 1) == talk


def test_a_brazilian_podcasts_hosts_and_guests_are_not_a_talks_speakers(example_workspace):
    """Beatriz's podcast episode named its hosts "**Palestrantes**", the people who give a palestra,
    a talk on a stage; a Brazilian podcast's hosts and guests are its "Participantes"."""
    root = in_language(example_workspace, "pt-BR")
    built(root)
    post = (root / POST).read_text(encoding="utf-8")
    assert "\n**Participantes**: Michael Kennedy, Demetrios" in post and "Palestrante" not in post
    assert Wording("pt-BR").text("speakers", 1) == "Palestrante"


def test_an_override_in_the_settings_wins(example_workspace):
    root = in_language(example_workspace, "de", 'unsubscribe = "Genug davon"\nview_in_browser = "Online lesen"')
    html, text = built(root)
    assert ">Genug davon</a>" in html and ">Online lesen</a>" in html and "Abmelden" not in html
    assert "\nGenug davon: https://" in text


def test_an_override_with_counts_takes_its_forms(example_workspace):
    root = in_language(
        example_workspace, "en", 'things_read = { one = "{count} find of {year}", other = "{count} finds of {year}" }'
    )
    result = run(root, "review", "2021", "--offline")
    assert result.exit_code == 0, result.output
    assert "8 finds of 2021." in (root / "site/content/posts/my-year-in-reading-2021/index.md").read_text()


@pytest.mark.parametrize(
    ("wording", "said"),
    [
        ('unsubscrbe = "Abmelden"', "[wording] unsubscrbe is no phrase the templates say; did you mean unsubscribe?"),
        (
            'subscribed = "Danke, {nmae}!"',
            "[wording] subscribed has {nmae}, which this phrase cannot fill; it takes {name}.",
        ),
        # the list it pointed at, "the README's Wording section", is no section of the README
        (
            'nosuchphrase = "x"',
            "[wording] nosuchphrase is no phrase the templates say; `newsletter schema settings` lists every phrase",
        ),
        ("unsubscribe = 3", "[wording] unsubscribe should be text in quotes."),
        ('things_read = { few = "x" }', "[wording] things_read has no other form, said of every count its other"),
        # a form German never takes was kept and never said: "0 Fundstücke", not her "Nichts"
        (
            'things_read = { zero = "Nichts aus {year}", one = "{count} Fund", other = "{count} Funde" }',
            "[wording] things_read has a zero form, which no count takes in de; its forms are one and other.",
        ),
        # without its other form, "8 Sache aus 2021": the one form was said of every count
        (
            'things_read = { one = "{count} Sache aus {year}" }',
            "[wording] things_read has no other form, said of every count its other forms do not take (and of "
            "fractions, 1.5); its forms in de are one and other.",
        ),
        # a phrase whose English has no forms, written with them but other (Olena, new user 36): "should be
        # text in quotes" said nothing of the form it lacked
        (
            'minutes = { one = "{minutes} Minute" }',
            "[wording] minutes has no other form, said of every count its other forms do not take",
        ),
        ('things_read = { singular = "x", other = "y" }', "[wording] things_read should be text in quotes, or a table"),
        ('unsubscribe = "Weg {"', "[wording] unsubscribe = 'Weg {':"),
        ('unsubscribe = "Ab\\u0001melden"', "[wording] unsubscribe holds an invisible control character (U+0001"),
        # Python's format specs: ':d' failed the build blaming the template, a wide one filled the memory
        (
            'things_read = { one = "{count:d} Fund", other = "{count:d} Funde" }',
            "[wording] things_read has {count:d}; write {count} as it is",
        ),
        ('subscribed = "{name:>999999999999}"', "[wording] subscribed has {name:>999999999999}; write {name}"),
        ('subscribed = "{name!r}"', "[wording] subscribed has {name!r}; write {name} as it is"),
        # the charts' month labels: two of them failed `review` with a traceback from matplotlib
        (
            'months_short = "janv févr"',
            "[wording] months_short should be the twelve months' short names, separated by spaces; it has 2.",
        ),
    ],
)
def test_a_wrong_phrase_is_a_clear_error_naming_the_key_and_the_file(example_workspace, wording, said):
    root = in_language(example_workspace, "de", wording)
    result = run(root, "build", "2022-04", "--offline")
    assert result.exit_code == 1
    assert "newsletter.toml: " in result.output and said in result.output
    assert "Traceback" not in result.output


def test_every_default_the_settings_schema_shows_is_a_phrase_wording_takes(example_workspace):
    """The settings schema shows each phrase's English as its default, which an editor offers as
    [wording] is typed: hours_minutes' "{hours} h {minutes:02d} min", copied as shown, was refused
    ("write {minutes} as it is"), the rule refusing any format while the tool's own phrase has
    one. A format the tool's own phrase writes is taken, and says what it says there."""
    from newsletter.editors import schemas

    phrases = schemas.settings()["properties"]["wording"]["properties"]
    shown = {key: rule["description"].removeprefix("default: ") for key, rule in phrases.items()}
    assert shown["hours_minutes"] == "{hours} h {minutes:02d} min" and set(shown) == set(ALL)
    lines = "\n".join(f"{key} = {json.dumps(text, ensure_ascii=False)}" for key, text in shown.items())
    root = in_language(example_workspace, "en", lines)
    talk = root / "entries/2022/04/talkpython-359.md"
    written = re.sub(r"\nduration:[^\n]*", "", talk.read_text(encoding="utf-8"))
    talk.write_text(written.replace("\n---\n", "\nduration: 64 min\n---\n", 1), encoding="utf-8")
    html, text = built(root)
    assert "Episode 359 · 1 h 04 min\n" in text.replace("\xa0", " ")


@pytest.mark.parametrize("language", KNOWN)
def test_a_languages_own_phrases_copied_into_wording_are_taken(language):
    """What a writer copies from the phrases of their language (the README points there) is taken."""
    from newsletter.config import CONTROL_CHARACTERS

    for key, said in ALL.items():
        if language in said:
            checked(Path("newsletter.toml"), {key: said[language]}, CONTROL_CHARACTERS, language)
    with pytest.raises(NewsletterError, match=r"hours_minutes has \{minutes:03d\}"):  # only the tool's own format
        checked(Path("newsletter.toml"), {"hours_minutes": "{hours} h {minutes:03d}"}, CONTROL_CHARACTERS, language)


def test_an_unknown_language_and_a_traditional_chinese_one_read_english(example_workspace):
    assert language_of("eo") == language_of("zh-Hant-TW") == language_of("zh-HK") == "en"
    assert language_of("zh-Hans-CN") == "zh" and language_of("pt-BR") == "pt" and language_of("no") == "nb"
    # the script said outright wins over the region's usual one: Hong Kong's readers of simplified Chinese
    assert language_of("zh-Hans-HK") == language_of("zh-hans-tw") == "zh" and language_of("zh-Hant-CN") == "en"
    root = in_language(example_workspace, "eo")
    html, text = built(root)
    assert '<html lang="eo"' in html and ">Unsubscribe</a>" in html and "\nUnsubscribe: https://" in text


def test_japanese_chinese_and_korean_have_no_plural():
    for language in ("ja", "zh", "ko"):
        words = Wording(language)
        assert {plural(language, n) for n in (0, 1, 2, 21)} == {"other"}
        assert words.text("things_read", 1) == words.text("things_read", 2) == words.text("things_read", 0)
        assert words.text("speakers", 1) == words.text("speakers", 3)
    assert Wording("ja")("things_read", count=1, year=2021) == "2021年に読んだ・観た・聴いたもの：1件"


def test_plural_forms_per_language():
    assert Wording("en")("things_read", count=1, year=2021).startswith("1 thing read")
    assert Wording("en")("things_read", count=2, year=2021).startswith("2 things read")
    assert Wording("fr")("things_read", count=0, year=2021).startswith("0 chose lue")  # French: 0 is singular
    assert Wording("de")("things_read", count=0, year=2021).startswith("0 Sachen")
    assert Wording("de").kinds("talk", 3) == "Vorträge" and Wording("fr").kinds("talk", 3) == "conférences"
    assert Wording("en").kinds("mine", 1) == "from my collection" and Wording("en").kinds("paper", 1) == "paper"


def test_numbers_as_each_language_writes_them():
    assert Wording("en").number(12345, grouped=True) == "12,345" and Wording("en").number(1.5) == "1.5"
    assert Wording("de").number(12345, grouped=True) == "12.345" and Wording("de").number(1.5) == "1,5"
    assert Wording("fr").number(12345, grouped=True) == "12\u202f345"


@pytest.mark.parametrize(
    "tag, stars, crore",
    [("hi", "★ 1,23,456", "-1,23,45,678.5"), ("en-IN", "★ 1,23,456", "-1,23,45,678.5")]
    + [("bn-BD", "★ 1,23,456", "-1,23,45,678.5"), ("hi-Latn", "★ 1,23,456", "-1,23,45,678.5")]
    + [("en", "★ 123,456", "-12,345,678.5"), ("ur-PK", "★ 123,456", "-12,345,678.5")]
    # Punjabi and Sindhi as Pakistan writes them, in thousands as its Urdu (glibc's pa_PK copies
    # ur_PK's 3;3), not in lakhs as India's Punjabi (review 25: pa-PK was ★ 1,23,456)
    + [("pa-PK", "★ 123,456", "-12,345,678.5"), ("sd-Arab-PK", "★ 123,456", "-12,345,678.5")],
)
def test_numbers_group_in_lakhs_where_they_are_written_so(tag, stars, crore):
    """Ananya's Hindi edition (new user 34) showed a repository's ★ 123,456, which a Hindi reader
    writes ★ 1,23,456 (a lakh): India's languages and any language of India, Bangladesh or
    Bhutan group in twos above the thousands."""
    words = Wording(tag)
    assert words("stars", stars=words.number(123456, grouped=True)) == stars
    assert words.number(-12345678.5, grouped=True) == crore
    assert words.number(999, grouped=True) == "999" and words.number(1000, grouped=True) == "1,000"


def test_every_translation_fills_what_english_fills():
    """A translation with another placeholder would stop the build with a KeyError; a plural
    form no language has would never be said."""
    assert len(ALL) == len(PHRASES) + len(TYPES) + len(REVIEW) + len(WEB) + len(PREVIEW)  # no name twice
    for key, languages in ALL.items():
        assert set(languages) <= set(KNOWN), key
        english = fields(languages["en"])
        for language, text in languages.items():
            # a form chosen by a count may say it as {count}: Arabic's "و6 دقائق" for "{minutes}" ("06")
            counted = {"count"} if isinstance(text, dict) else set()
            assert fields(text) - counted == english - counted, (key, language)
            # said without a count, a phrase takes its "other" form, which then has no {count} to say
            assert not counted or "count" in english or "count" not in fields(text["other"]), (key, language)
            if isinstance(text, dict):
                forms = {"one", "other"} | ({"zero", "two", "few", "many"} if language == "ar" else set())
                assert set(text) <= forms and "other" in text, (key, language)
                assert language not in ("ja", "zh", "ko") or set(text) == {"other"}, (key, language)
    for language in KNOWN:
        assert len(Wording(language).months()) == 12


def fields(text) -> set[str]:
    texts = text.values() if isinstance(text, dict) else [text]
    return {f for one in texts for _, f, _, _ in string.Formatter().parse(one) if f is not None}


def test_a_copied_template_that_writes_english_keeps_working(example_workspace):
    """Templates copied into a workspace before the wording existed name entry.label and
    entry.people_word and write their words themselves: they render as they did."""
    root = in_language(example_workspace, "de")
    (root / "templates").mkdir()
    (root / "templates/email.txt.j2").write_text(
        "{{ edition.subject }}\n{% for section in edition.sections %}{{ section.title }}\n"
        "{% for entry in section.entries %}{{ entry.label }}: {{ entry.display_title }} ({{ entry.people_word }})\n"
        "{% endfor %}{% endfor %}Unsubscribe: {{ links.unsubscribe }}\n",
        encoding="utf-8",
    )
    _, text = built(root)
    assert "Courses\nCourse: Made With ML (By)\n" in text and "\nUnsubscribe: https://" in text


QUOTED = (
    "---\ntype: article\nurl: https://example.com/quoted\ndate: 2022-04-10\ntitle: Quoted\n---\n"
    'She said "start simple" and it\'s stuck.\n'
)


@pytest.mark.parametrize(
    ("language", "quoted"),
    [
        ("en", "“start simple”"),
        ("de", "„start simple“"),
        ("de-CH", "«start simple»"),  # Switzerland's German quotes as French does, with no space
        ("fr", "«\u202fstart simple\u202f»"),
        ("sv", "”start simple”"),
        ("ja", "「start simple」"),
    ],
)
def test_a_notes_quotes_are_the_languages_in_both_parts_of_the_email(example_workspace, language, quoted):
    """A German note's "quotes" showed as “English ones” in the email; the apostrophe stays ’."""
    (example_workspace / "entries/2022/04/quoted.md").write_text(QUOTED, encoding="utf-8")
    html, text = built(in_language(example_workspace, language))
    said = f"She said {quoted} and it’s stuck."
    assert said in html and said in text
    assert said in (example_workspace / "site/static/newsletter/2022-04/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("note", "shown", "curled"),
    [
        # A " between two Hebrew letters marks an abbreviation (ד"ר, a doctor; צה"ל) (new user 62)
        ('ד"ר כהן, ראש צה"ל לשעבר, אמר "שלום" לכולם.', 'ד"ר כהן, ראש צה"ל לשעבר, אמר “שלום” לכולם.', ("ד”ר", "צה”ל")),
        # The letter before the mark may carry niqqud (דָּ"ר), shin's dot (שׁ"ס), or be Yiddish's
        # doubled yod (ײ"ב): a point or a letter past U+05EA before the mark (review 41)
        (
            'דָּ"ר כהן, מסכת שׁ"ס, ײ"ב שנה; אמר "שָׁלוֹם" לכולם.',
            'דָּ"ר כהן, מסכת שׁ"ס, ײ"ב שנה; אמר “שָׁלוֹם” לכולם.',
            ("דָּ”ר", "שׁ”ס", "ײ”ב"),
        ),
    ],
)
def test_gershayim_stay_as_typed_where_a_quote_curls(example_workspace, note, shown, curled):
    """smarty curled gershayim into a closing quote in the email and its text part (ד”ר), where
    Hugo's typographer leaves them as typed on the blog (checked with hugo on the same words).
    Beside them a real quotation still curls."""
    entry = QUOTED.replace('She said "start simple" and it\'s stuck.', note)
    (example_workspace / "entries/2022/04/quoted.md").write_text(entry, encoding="utf-8")
    html, text = built(example_workspace)
    for part in (html, text):
        assert shown in part
        assert not any(form in part for form in curled)


def test_quotes_follow_a_change_of_language_though_the_notes_are_kept(example_workspace):
    """The notes' parse is kept in .newsletter/ between builds: an edition built in English and
    then in German would have kept the English quotes."""
    (example_workspace / "entries/2022/04/quoted.md").write_text(QUOTED, encoding="utf-8")
    html, _ = built(example_workspace)
    assert "“start simple”" in html
    html, text = built(in_language(example_workspace, "de", 'quote_open = "»"\nquote_close = "«"'))
    assert "»start simple«" in html and "»start simple«" in text


def test_the_web_editions_and_the_feeds_in_german(example_workspace):
    """The editions' pages linked each other with "Previous:", "Every edition" and "Next:", the
    index was "…: every edition", and the feeds said "what I read" in a German newsletter."""
    root = in_language(example_workspace, "de")
    for command in (("build", "--all", "--offline"), ("review", "2021", "--offline")):
        result = run(root, *command)
        assert result.exit_code == 0, result.output
    web, feeds = root / "site/static/newsletter", root / "site/static/feeds"
    page = (web / "2021-02/index.html").read_text(encoding="utf-8")
    assert '<nav class="editions" aria-label="Ausgaben"><ul><li>Vorherige: <a rel="prev" href="../2020-W28/">' in page
    assert '<li><a href="../">Alle Ausgaben</a></li><li>Nächste: <a rel="next" href="../2021/">' in page
    index = (web / "index.html").read_text(encoding="utf-8")
    assert "<title>Data Science Programming Newsletter: alle Ausgaben</title>" in index
    assert 'content="Alle Ausgaben von Data Science Programming Newsletter, die neueste zuerst."' in index
    assert (
        '"title": "Data Science Programming Newsletter: was ich gelesen habe"' in (feeds / "entries.json").read_text()
    )
    editions = (feeds / "editions.xml").read_text(encoding="utf-8")
    assert "Die neuesten Ausgaben des Newsletters, vollständig." in editions and "Das Jahr in Zahlen, mit" in editions
    assert not [said for said in ("Every edition", "what I read", "Previous:") if said in page + index + editions]


def test_a_language_whose_months_are_not_known_dates_its_editions_in_numbers(example_workspace):
    """Tomasz (new user 29) writes in Polish, whose month names the tool did not know: his index
    of editions dated each 'November 30, 2026', the one English line on the page."""
    root = in_language(example_workspace, "eo")
    built(root)
    index = (root / "site/static/newsletter/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2022-04-30">2022-04-30</time>' in index and "April 30" not in index
    settings = root / "newsletter.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('language = "eo"', 'language = "pl"', 1))
    built(root)  # Polish, whose months are known since: "30 kwietnia 2022", of April
    index = (root / "site/static/newsletter/index.html").read_text(encoding="utf-8")
    assert '<time datetime="2022-04-30">30 kwietnia 2022</time>' in index


def test_check_names_the_phrases_left_english_in_a_language_the_templates_do_not_speak(example_workspace):
    """Tomasz (new user 29): check named his English greeting and title, and not that his Polish
    edition would say "View in your browser", "Articles" and "Unsubscribe" until he wrote them in
    [wording]; a colon, a separator or a number alone is no English word to tell of."""

    def english(said):
        return said["en"] if isinstance(said["en"], str) else said["en"]["other"]

    words = {key: re.sub(r"\{[^}]*\}", "", english(said)) for key, said in (PHRASES | TYPES | WEB).items()}
    worded = [key for key, said in words.items() if re.search(r"[^\W\d_]", said)]

    def said(root):
        checked = run(root, "check", "2022-04", "--offline", "--json")
        return [f["message"] for f in json.loads(checked.stdout)["findings"] if f["code"] == "phrases-language"]

    root = in_language(example_workspace, "pl", 'view_in_browser = "Zobacz w przeglądarce"')
    (message,) = said(root)
    assert message.startswith(
        f'the templates do not speak "pl", so readers see {len(worded) - 1} of their {len(worded)} phrases in '
        'English: view_it_in_your_browser ("View it in your browser:"), subscribed ("You receive this because'
    )
    assert "colon" not in message and "names_separator" not in message
    settings = root / "newsletter.toml"
    written = "\n".join(f'{key} = "x"' for key in worded[1:] if isinstance((PHRASES | TYPES | WEB)[key]["en"], str))
    written += "\n" + "\n".join(
        f'{key} = {{ other = "x" }}' for key in worded if isinstance((PHRASES | TYPES | WEB)[key]["en"], dict)
    )
    settings.write_text(settings.read_text(encoding="utf-8") + written + "\n", encoding="utf-8")
    assert said(root) == []


def test_review_names_its_phrases_left_english_in_a_language_the_templates_do_not_speak(example_workspace):
    """Tomasz's Polish year in review said "The year in numbers", "Books" and "by", and nothing told
    him those were phrases of [wording] too; a French one, which the templates speak, says nothing."""
    root = in_language(example_workspace, "pl", 'year_in_numbers = "Rok w liczbach"')
    result = run(root, "review", "2021", "--offline")
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    told = f"readers see {len(REVIEW) - 1} of the year in review's {len(REVIEW)} phrases in English"
    assert f'newsletter.toml: the templates do not speak "pl", so {told}' in said
    assert 'hours_listened ("{hours} of talks, podcasts, videos and courses")' in said and "year_in_numbers" not in said
    settings = root / "newsletter.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('language = "pl"', 'language = "fr"', 1))
    french = run(root, "review", "2021", "--offline")
    assert french.exit_code == 0 and "phrases in English" not in french.output


def test_a_notes_image_is_said_in_the_language_in_both_parts(example_workspace):
    """An image in a note is words in the text part, and a link in the email: "[image: a
    chart]" in a German edition; a language changed since the notes were kept is said anew."""
    (example_workspace / "entries/2022/04/pictured.md").write_text(
        "---\ntype: article\nurl: https://example.com/pictured\ndate: 2022-04-10\ntitle: Pictured\n---\n"
        "![Ein Diagramm](https://example.com/chart.png) and ![](https://example.com/bare.png)\n",
        encoding="utf-8",
    )
    html, text = built(example_workspace)
    assert "[image: Ein Diagramm]" in html and "[image: Ein Diagramm] [" in text and "[image] [" in text
    html, text = built(in_language(example_workspace, "de"))
    assert '<a href="https://example.com/chart.png" style="color: #0b5cad;">[Bild: Ein Diagramm]</a>' in html
    assert "[Bild: Ein Diagramm] [" in text and "[Bild] [" in text and "[image" not in html + text


@pytest.mark.parametrize(
    ("language", "said"), [("de", "<strong>Sprecher</strong>: "), ("fr", "<strong>Intervenants</strong>\u00a0: ")]
)
def test_a_german_and_a_french_site_build_with_hugo(example_workspace, hugo, language, said):
    """Every edition, the year in review and the feeds in the language, through a real Hugo with
    --panicOnWarning: French's no-break spaces stay in Goldmark's output, no break before « : »."""
    from hugo_versions import hugo_build

    root = in_language(example_workspace, language)
    for command in (("build", "--all", "--offline"), ("review", "2021", "--offline")):
        result = run(root, *command)
        assert result.exit_code == 0, result.output
    public = root / "site" / "public"
    hugo_build(hugo, root / "site", "--destination", str(public))
    page = (public / "posts" / "what-i-read-in-april-2022" / "index.html").read_text(encoding="utf-8")
    assert said in page
    assert (public / "feeds" / "entries.xml").is_file() and (public / "newsletter" / "2021" / "index.html").is_file()


def test_an_untitled_link_in_an_arabic_text_part_is_its_own_reference(example_workspace):
    """An entry with no title and nothing fetched shows its address, which in the text part is its
    own reference: in an Arabic edition it was isolated as an English title is, so it went out
    as '⁨https://…⁩ [7]' with the same address again in the list of links, and a mail app
    linking the address took the U+2069 after it along (a broken link). An address is left bare."""
    root = in_language(example_workspace, "ar")
    url = "https://example.org/untitled/page"
    (root / "entries/2022/04/untitled.md").write_text(
        f"---\ntype: article\nurl: {url}\ndate: 2022-04-20\n---\nNotes.\n", encoding="utf-8"
    )
    html, text = built(root)
    assert f"\n{url}\n" in text and text.count(url) == 1
    assert "\n\u2068Made With ML\u2069 [" in text  # a title still is


SPACED = (
    "---\ntype: article\nurl: https://example.com/spaced\ndate: 2022-04-10\ntitle: Spaced\n---\n"
    "Relu : l'article qui a lancé les « Transformers ». Bravo ! Vraiment ?\n"
    "Sur 400 000 échantillons, 15 % ; en 2017 200 fois. `a : b ; « c »` et $x ? y$.\n"
)


def test_a_french_notes_typed_spaces_do_not_break_at_its_punctuation(example_workspace):
    """Amaury typed « Transformers » and « facile » : with plain spaces, as French is typed; at
    375 px the email put "»" and ":" alone at the start of a line, and "400" and "000" apart.
    Code and a formula keep the spaces typed."""
    (example_workspace / "entries/2022/04/spaced.md").write_text(SPACED, encoding="utf-8")
    html, text = built(in_language(example_workspace, "fr"))
    web = (example_workspace / "site/static/newsletter/2022-04/index.html").read_text(encoding="utf-8")
    n, nn = "\u202f", "\xa0"
    said = f"Relu{nn}: l’article qui a lancé les «{n}Transformers{n}». Bravo{n}! Vraiment{n}?"
    numbers = f"Sur 400{n}000 échantillons, 15{n}%{n}; en 2017 200 fois."
    for part in (html, web):
        part = part.replace("&nbsp;", nn)
        assert said in part and numbers in part
        assert re.search(r"<code[^>]*>a : b ; « c »</code> et \$x \? y\$", part)
    text = re.sub(r"[ \n]+", " ", text)  # lines rewrapped at plain spaces only
    assert said in text and numbers in text and "a : b ; « c » et $x ? y$" in text


def test_a_number_and_arabics_percent_sign_stay_on_one_line():
    """Arabic's percent sign (٪, U+066A), which Persian and Urdu notes write after their digits,
    and the per ten thousand sign got the plain space the rule above makes a no-break one for %
    (review 29): "۴۰ ٪" could break before its sign."""
    from newsletter.formats.note_markdown import parser

    md = parser(("«", "»"))
    assert md.convert("رشد ۴۰ ٪ در پنج سال، 40 ٪ و 3 ‱.") == "<p>رشد ۴۰\xa0٪ در پنج سال، 40\xa0٪ و 3\xa0‱.</p>"


def test_a_number_and_its_percent_sign_stay_on_one_line_in_every_language(example_workspace):
    """Lucía (new user 40) writes in Spanish, which sets a space before % as French does: her
    text part broke 'Lavapiés +40' / '% en cinco años', the sign alone at a line's start, as a
    narrow screen did in the email. The space is a no-break one there in any language; code
    keeps its spaces, and the post the note as typed."""
    notes = "Datos claros. El gráfico de alquileres por distrito es demoledor: Lavapiés +40 % en cinco años. `5 %`\n"
    (example_workspace / "entries/2022/04/spaced.md").write_text(SPACED.split("Relu")[0] + notes, encoding="utf-8")
    html, text = built(in_language(example_workspace, "es"))
    assert "Lavapiés +40&nbsp;% en cinco años." in html and re.search(r"<code[^>]*>5 %</code>", html)
    assert "\n+40\xa0% en cinco años." in text and "\n% en" not in text
    posts = [p.read_text(encoding="utf-8") for p in (example_workspace / "site/content").rglob("index.md")]
    (post,) = [post for post in posts if "Lavapiés" in post]
    assert "+40 % en cinco años." in post


def test_a_french_notes_punctuation_after_a_link_or_code_does_not_break_either(example_workspace):
    """After a link, `code` or *emphasis* the space before ! ? ; : was left as typed (the space
    began the text after the element, with no word before it in that text): "[l'article](…) !"
    and "`pip` : l'outil" still broke before the mark at 375 px."""
    notes = "Lisez [l'article](https://example.com/a) ! Puis `pip` : l'outil, et *vraiment* ?\n"
    (example_workspace / "entries/2022/04/spaced.md").write_text(SPACED.split("Relu")[0] + notes, encoding="utf-8")
    html, text = built(in_language(example_workspace, "fr"))
    n, nn = "\u202f", "\xa0"
    html = html.replace("&nbsp;", nn)
    assert re.search(f"l’article</a>{n}! Puis <code[^>]*>pip</code>{nn}: l’outil, et <em>vraiment</em>{n}\\?", html)
    assert f"{nn}: l’outil" in text and f"vraiment{n}?" in text


def test_code_a_french_note_types_in_raw_html_keeps_its_spaces(example_workspace):
    """Code typed as raw HTML in a French note, '<code>ls ; cd</code>', had its spaces made
    no-break ones, as `code` has not: copied from the email, the command was no command. The
    raw tags' text is kept as typed; the note's own words around it are still spaced."""
    notes = "Tapez <code>ls ; cd /tmp</code> puis <kbd>Ctrl : C</kbd> ! Et <b>fin</b> ?\n"
    (example_workspace / "entries/2022/04/spaced.md").write_text(SPACED.split("Relu")[0] + notes, encoding="utf-8")
    html, text = built(in_language(example_workspace, "fr"))
    html = html.replace("&nbsp;", "\xa0")
    assert re.search("<code[^>]*>ls ; cd /tmp</code> puis Ctrl : C\u202f! Et <b>fin</b>\u202f\\?", html)
    assert "ls ; cd /tmp" in text and "Ctrl : C" in text


def test_an_english_notes_spaces_are_left_as_typed(example_workspace):
    (example_workspace / "entries/2022/04/spaced.md").write_text(SPACED, encoding="utf-8")
    html, text = built(example_workspace)
    assert "les « Transformers ». Bravo ! Vraiment ?" in html and "Sur 400 000 échantillons, 15&nbsp;% ;" in html
    # (but a number and its sign, kept on one line in every language: test_a_number_and_its_percent_sign_…)


@pytest.mark.parametrize(
    ("language", "name", "title"),
    [
        ("fr", "Mes lectures", "Mes lectures"),  # was "Mes lectures : mes lectures"
        ("fr", "Les lectures d'Amaury", "Les lectures d'Amaury\u00a0: mes lectures"),
        ("en", "What I Read", "What I Read"),
        ("en", "Data Science Programming Newsletter", "Data Science Programming Newsletter: what I read"),
        ("ja", "読んだもの", "読んだもの"),
    ],
)
def test_the_entries_feed_does_not_say_its_name_twice(language, name, title):
    from newsletter.formats.feeds import entries_title

    assert entries_title(Wording(language), name) == title


def test_the_titles_a_french_author_wrote_are_spaced_as_their_notes(example_workspace):
    """The notes of a French log were spaced as French sets them, and the subject, the edition's
    title and the entries' titles above them were not: at 375 px the email's heading put « Mon
    mois » :'s colon, and an entry's '?', alone at a line's start. What the author wrote is spaced
    in the email, its text, its Subject and the feeds; a fetched title, code between backticks and
    the post (whose address is made from its title) are kept as typed."""
    index = example_workspace / "entries/2022/04/_index.md"
    index.write_text('---\nsubject: "« Mon mois » : lectures"\ntitle: "Avril : lectures"\n---\nBonjour.\n')
    entry = SPACED.replace("title: Spaced", 'title: "Pourquoi « Rust » ? `a : b`"')
    (example_workspace / "entries/2022/04/spaced.md").write_text(entry, encoding="utf-8")
    html, text = built(in_language(example_workspace, "fr"))
    n, nn = "\u202f", "\xa0"
    subject, heading = f"«{n}Mon mois{n}»{nn}: lectures", f"Pourquoi «{n}Rust{n}»{n}? `a : b`"
    html, text = html.replace("&nbsp;", nn), re.sub(r"[ \n]+", " ", text)
    for part in (html, text):
        assert subject in part and heading in part
    eml = email.message_from_bytes((example_workspace / "dist/2022-04/newsletter.eml").read_bytes(), policy=default)
    assert eml["Subject"] == subject
    feed = json.loads((example_workspace / "site/static/feeds/entries.json").read_text(encoding="utf-8"))
    assert heading in [item["title"] for item in feed["items"]]
    [post] = (example_workspace / "site/content/posts").rglob("avril*/index.md")
    assert 'title = "Avril : lectures"' in post.read_text(encoding="utf-8")
    assert "Pourquoi « Rust » ? `a : b`" in post.read_text(encoding="utf-8")


def test_an_english_authors_titles_keep_their_spaces(example_workspace):
    (example_workspace / "entries/2022/04/spaced.md").write_text(
        SPACED.replace("title: Spaced", 'title: "Pourquoi « Rust » ?"'), encoding="utf-8"
    )
    html, _ = built(example_workspace)
    assert "Pourquoi « Rust » ?" in html


def test_a_length_of_an_hour_and_more_is_said_without_a_leading_zero_where_the_language_does():
    """Yuki (new user 22) read '1時間04分' under a podcast: Japanese, Chinese and Korean say an
    hour and four minutes '1時間4分', '1 小时 4 分钟', '1시간 4분'; the zero is a clock's.
    English keeps '1 h 04 min', as before."""
    from newsletter.formats.entry_facts import entry_facts
    from newsletter.read import parse_entry

    text = "---\ntype: podcast\nurl: https://x.org/a\ndate: 2021-02-03\nduration: 1:04:10\n---\nN.\n"
    entry, _ = parse_entry(Path("x.md"), text)
    said = {tag: entry_facts(entry, Wording(tag))[-1] for tag in ("ja", "zh", "ko", "en", "de")}
    wide = {"ja": "1時間4分", "zh": "1 小时 4 分钟", "ko": "1시간 4분"}
    assert said == wide | {"en": "1 h 04 min", "de": "1 Std. 04 Min."}


def test_a_turkish_review_counts_its_kinds_of_entries_in_the_singular():
    """Elif's Turkish year in review said "**5** makaleler" (new user 31), the plural heading of her
    [wording], where Turkish says "5 makale": its nouns stay singular after a number (as Hungarian's,
    Persian's and the other Turkic languages' do). A type she names with İ is small as Turkish writes
    it ("ileti dizisi"), not Python's i and combining dot. English counts as before."""
    turkish = Wording(
        "tr",
        {
            "type_article": "Makale",
            "section_article": "Makaleler",
            "type_thread": "İleti dizisi",
            "section_thread": "İleti dizileri",
        },
    )
    assert [turkish.kinds("article", n) for n in (1, 5)] == ["makale", "makale"]
    assert [turkish.kinds("thread", n) for n in (1, 3)] == ["ileti dizisi", "ileti dizisi"]
    assert [Wording("en").kinds("article", n) for n in (1, 5)] == ["article", "articles"]
    assert Wording("de").kinds("talk", 3) == "Vorträge"


def test_a_phrase_with_nothing_to_fill_is_escaped_not_formatted_for_the_email(monkeypatch):
    """say() in the email: a phrase with no value ("colon", "previously", said for every entry of
    every edition) went through Markup's format, a Python formatter, for nothing to fill (issue
    #17, build --all's CPU). It is escaped as before; one with values is formatted, escaped."""
    from markupsafe import Markup, escape

    formatted = []
    format_ = Markup.format
    monkeypatch.setattr(Markup, "format", lambda self, *a, **kw: formatted.append(str(self)) or format_(self, *a, **kw))
    words = Wording("de", {"previously": "Früher <hier>"})
    assert words.markup("colon") == Markup(":") and words.markup("previously") == Markup("Früher &lt;hier&gt;")
    assert type(words.markup("colon")) is Markup and formatted == []
    assert words.markup("share", name="<A & B>") == Markup(escape(Wording("de")("share", name="<A & B>")))
    assert len(formatted) == 1
