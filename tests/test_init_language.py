"""`newsletter init --language`: a workspace in the author's language from the start.

Hanna (de-AT, Vienna) and Amaury (fr, Lyon) each had to find and change eight settings init
wrote in English (language, date_language, greeting, signoff, category, the three titles, the
site's defaultContentLanguage), and `check` warned of each one left. With --language, init
writes them in that language, for every language the wording knows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import shutil
import sys
import tomllib
import zoneinfo
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsletter import config, stubs
from newsletter.cli import main
from newsletter.collect import titles
from newsletter.formats import first_weekday, phrases, sample_entry, slugs, wording
from newsletter.formats.dates_in_words import month_name
from newsletter.formats.language_tag import regional
from newsletter.models import Period
from newsletter.read import Editorial

from hugo_versions import hugo_build

# Every language the wording knows, and regional tags of them: Austria's months, Brazil's
# Portuguese (whose site words are pt's), Portugal's (its own words), Norwegian as "no",
# Jordan's months, Québec's French
TAGS = (*wording.KNOWN[1:], "de-AT", "pt-BR", "pt-PT", "es-MX", "no", "ar-JO", "fr-CA")
ENGLISH_LEFT = {"title-language", "category-language", "words-language", "site-language"}
# Titles with no ASCII word: the post's address is their numbers ("2026年4月に読んだもの":
# 2026-4), or with the year alone in them (Arabic's month is a word) the period, 2026-04
NO_LATIN_WORDS = ("ja", "zh", "ko", "ar")


def _init(folder: Path, *options: str):
    return CliRunner().invoke(main, ["init", str(folder), *options])


@pytest.fixture(scope="module")
def workspaces(tmp_path_factory) -> dict[str, Path]:
    """A workspace made by `init --language TAG` for each tag, its sample edition built."""
    made = {}
    for tag in TAGS:
        root = tmp_path_factory.mktemp("logs") / tag
        result = _init(root, "--language", tag, "--author", "Ada")
        assert result.exit_code == 0, result.output
        built = CliRunner().invoke(main, ["build", "--offline", "-w", str(root)])
        assert built.exit_code == 0, (tag, built.output)
        assert "warning" not in built.stderr, (tag, built.stderr)  # (an edition's first build says so too)
        made[tag] = root
    return made


def test_init_in_mexico_signs_off_as_mexico_does(workspaces):
    """`init --language es-MX` signed Mariana's edition "Un saludo,", Spain's letter ending;
    Mexico's is "Saludos," (and Spain's workspace keeps its own)."""
    assert config.load(workspaces["es-MX"]).signoff == "Saludos,\nAda"
    assert config.load(workspaces["es"]).signoff == "Un saludo,\nAda"


@pytest.mark.parametrize("tag", TAGS)
def test_init_writes_every_setting_in_the_language(workspaces, tag):
    root = workspaces[tag]
    settings = config.load(root)
    language = wording.language_of(tag)
    assert settings.language == tag
    words = {key: phrases.WORKSPACE[key][language] for key in phrases.WORKSPACE}
    words.update(regional(phrases.WORKSPACE_REGIONAL, tag, language) or {})  # Portugal's, Mexico's
    assert settings.greeting == words["greeting"]
    assert settings.signoff == words["signoff"] + "\nAda"
    # no --name: the log's name in its language, in the settings and the site's title
    assert settings.name == words["default_name"] != phrases.WORKSPACE["default_name"]["en"]
    assert tomllib.loads((root / "site/hugo.toml").read_text(encoding="utf-8"))["title"] == words["default_name"]
    assert settings.site.category == words["category"]
    for key in ("monthly_title", "weekly_title", "yearly_title"):
        assert getattr(settings.site, key) == words[key]
    # the tag where it has month names of its own, else its language's, as check would tell
    expected = {
        "de-AT": "de-AT",
        "ar-JO": "ar-JO",
        "pt-BR": "pt-BR",  # Portugal's month names, its own first of the month ("1º de março")
        "pt-PT": "pt",
        "es-MX": "es",
        "no": "nb",
        "fr-CA": "fr",
    }.get(tag, tag)
    assert settings.site.date_language == expected
    site = tomllib.loads((root / "site/hugo.toml").read_text(encoding="utf-8"))
    # the starter site's i18n file of the tag (pt-br's a copy of pt's, init's), or of its language
    assert site["defaultContentLanguage"] == {
        "de-AT": "de-at",
        "pt-BR": "pt-br",
        "pt-PT": "pt-pt",
        "no": "nb",
        "ar-JO": "ar",
    }.get(tag, wording.language_of(tag))
    assert (root / "site/i18n" / f"{site['defaultContentLanguage']}.toml").is_file()


@pytest.mark.parametrize("tag", TAGS)
def test_the_sample_edition_is_in_the_language_and_check_finds_nothing_english(workspaces, tag):
    root = workspaces[tag]
    settings = config.load(root)
    today = settings.today()
    checked = CliRunner().invoke(main, ["check", "--offline", "--json", "-w", str(root)])
    findings = json.loads(checked.stdout)["findings"]
    assert not [f for f in findings if f["code"] in ENGLISH_LEFT or f["severity"] == "warning"], findings
    # send still refuses the sample, in any language
    assert any("sample entry" in f["message"] for f in findings)

    [post] = (root / "site/content/posts").glob("*/index.md")
    front = tomllib.loads(post.read_text(encoding="utf-8").split("+++")[1])
    assert month_name(today, settings.site.date_language) in front["title"] and str(today.year) in front["title"]
    assert "What I read" not in front["title"]
    if wording.language_of(tag) in NO_LATIN_WORDS:
        # the period, "2026-04" (ja, zh and ko were at "2026-4", their title's numbers, from January to September)
        assert front["slug"] == post.parent.name == f"{today:%Y-%m}"
    else:
        assert front["slug"] == post.parent.name == slugs.slugify(front["title"])
        assert slugs.slugify(month_name(today, settings.site.date_language)) in post.parent.name
    text = (root / "dist" / f"{today:%Y-%m}" / "newsletter.txt").read_text(encoding="utf-8")
    language = wording.language_of(tag)
    assert settings.greeting in text and settings.signoff.split("\n")[0] in text
    notes = sample_entry.REGIONAL_SAMPLE_NOTES[("pt", "pt")] if tag == "pt-PT" else sample_entry.SAMPLE_NOTES[language]
    assert notes[0] in text  # the sample's notes in the language too


def test_hugo_builds_each_languages_site(workspaces, hugo, tmp_path):
    for tag, root in workspaces.items():
        out = tmp_path / tag
        hugo_build(hugo, root / "site", "--destination", str(out))
        [post] = (root / "site/content/posts").glob("*/index.md")
        page = (out / "posts" / post.parent.name / "index.html").read_text(encoding="utf-8")
        title = tomllib.loads(post.read_text(encoding="utf-8").split("+++")[1])["title"]
        assert title in page, tag
        # the starter site's own words in the language: its "categories" heading, from i18n/
        site_language = tomllib.loads((root / "site/hugo.toml").read_text(encoding="utf-8"))["defaultContentLanguage"]
        words = tomllib.loads((root / "site/i18n" / f"{site_language}.toml").read_text(encoding="utf-8"))
        assert words["categories"] in (out / "categories/index.html").read_text(encoding="utf-8"), tag


def test_english_is_init_as_before(tmp_path):
    """--language en writes what init always wrote, byte for byte."""
    assert _init(tmp_path / "plain").exit_code == 0
    assert _init(tmp_path / "english", "--language", "en").exit_code == 0
    for name in ("newsletter.toml", "site/hugo.toml"):
        assert (tmp_path / "plain" / name).read_bytes() == (tmp_path / "english" / name).read_bytes()
    [sample] = (tmp_path / "english/entries").glob("*/*/*.md")
    assert sample_entry.SAMPLE_NOTE in sample.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("given", "written"),
    [
        ("EN", "en"),
        ("de-at", "de-AT"),
        ("FR-ca", "fr-CA"),
        ("ZH-hant-tw", "zh-Hant-TW"),
        ("en-us-x-TWAIN", "en-US-x-twain"),
    ],
)
def test_a_tag_in_any_case_is_written_as_bcp47_writes_it(tmp_path, given, written):
    """`--language EN` wrote language = "EN" and date_language = "EN": a tag means the same in
    any case, but the settings and every page name it as written."""
    result = _init(tmp_path / "log", "--language", given)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "log/newsletter.toml").read_text(encoding="utf-8")
    read = tomllib.loads(text)
    assert read["newsletter"]["language"] == written
    assert read["site"]["date_language"] in (written, written[:2], "en")  # (fr-CA: fr; zh-Hant-TW: as zh-TW)
    if written == "en":  # as init without --language writes it, byte for byte
        assert _init(tmp_path / "plain").exit_code == 0
        assert text == (tmp_path / "plain/newsletter.toml").read_text(encoding="utf-8")
    if written == "de-AT":  # Austria's months, as with the tag written so
        assert config.load(tmp_path / "log").site.date_language == "de-AT"
    if written == "zh-Hant-TW":
        assert 'init has no words in "zh-Hant-TW"' in result.stderr.replace("\n", " ")


def test_a_bad_tag_is_refused_as_the_settings_refuse_it(tmp_path):
    result = _init(tmp_path / "lesen", "--language", "de_AT")
    assert result.exit_code == 1 and not (tmp_path / "lesen").exists()
    assert result.stderr == (
        "Error: language = 'de_AT' is not a language tag, which the email, the web pages and the feeds name "
        'their language by; write it like "de-AT".\n'
    )
    # the same words as the settings' own check gives for it
    made = _init(tmp_path / "log")
    assert made.exit_code == 0
    settings = tmp_path / "log/newsletter.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('language = "en"', 'language = "de_AT"'))
    built = CliRunner().invoke(main, ["build", "--offline", "-w", str(tmp_path / "log")])
    assert built.exit_code == 1 and result.stderr.removeprefix("Error: ").strip() in built.stderr


def test_a_language_with_month_names_but_no_words_names_its_date_language(tmp_path):
    """Noa's Hebrew log (new user 30): init said date_language stays English, and her titles
    said 'November 29 – December 5' inside Hebrew, laid out with its parentheses turned round."""
    result = _init(tmp_path / "reading", "--language", "he")
    assert result.exit_code == 0, result.output
    assert 'in your language with date_language = "he",' in result.stderr.replace("\n", " ")


def test_a_weekly_log_starts_its_weeks_on_the_day_they_start_where_its_author_lives(tmp_path):
    """Noa, in Tel Aviv (new user 30), sends weekly: Israel's week runs Sunday to Saturday, init
    wrote week_start = "monday", and her Sunday's reading went into the edition of the week before.
    init writes the first day of the week of the --timezone's country (CLDR's), Monday elsewhere."""
    import datetime as dt

    from newsletter.models import Period

    started = {}
    for zone in ("Asia/Jerusalem", "America/New_York", "Africa/Cairo", "Europe/Berlin", "UTC"):
        folder = tmp_path / zone.replace("/", "-")
        result = _init(folder, "--timezone", zone, "--cadence", "weekly")
        assert result.exit_code == 0, result.output
        started[zone] = config.load(folder).week_start
    assert started == {
        "Asia/Jerusalem": "sunday",
        "America/New_York": "sunday",
        "Africa/Cairo": "saturday",
        "Europe/Berlin": "monday",
        "UTC": "monday",
    }
    sunday = dt.date(2026, 11, 29)
    assert Period.week_of(sunday, started["Asia/Jerusalem"]) == Period.parse("2026-W49", "sunday")
    assert Period.parse("2026-W49", "sunday").start == sunday  # the week her Sunday begins


def test_a_turkish_log_is_told_its_date_language(tmp_path):
    """Elif's Turkish log (new user 31): init said date_language stays English, and her
    "{month} {year} okumaları" was "December 2026 okumaları", at december-2026-okumalari."""
    result = _init(tmp_path / "okuma", "--language", "tr")
    assert result.exit_code == 0, result.output
    assert 'in your language with date_language = "tr",' in result.stderr.replace("\n", " ")


def test_a_hindi_log_is_told_its_date_language(tmp_path):
    """Ananya's Hindi week (new user 34) was titled "(November 29 – December 5)", where a Hindi
    reader writes "29 नवंबर – 5 दिसंबर": init said date_language stays English."""
    result = _init(tmp_path / "padhna", "--language", "hi")
    assert result.exit_code == 0, result.output
    assert 'in your language with date_language = "hi",' in result.stderr.replace("\n", " ")


def test_a_ukrainian_log_is_told_its_date_language(tmp_path):
    """Olena's Ukrainian log (new user 36): init said date_language stays English, and her
    "Прочитане: {month} {year}" said "Прочитане: October 2026"; "uk" was refused as no date_language."""
    result = _init(tmp_path / "chytanka", "--language", "uk", "--timezone", "Europe/Kyiv")
    assert result.exit_code == 0, result.output
    assert 'in your language with date_language = "uk",' in result.stderr.replace("\n", " ")


def test_a_language_init_has_no_words_in_is_set_and_the_rest_named(tmp_path):
    """Esperanto: the language is set, the rest stays English, and init says what to write."""
    result = _init(tmp_path / "legado", "--language", "eo")
    assert result.exit_code == 0, result.output
    settings = config.load(tmp_path / "legado")
    assert (settings.language, settings.greeting, settings.site.date_language) == ("eo", "Hello!", "en")
    assert settings.site.monthly_title == "What I read in {month} {year}"
    assert 'init has no words in "eo": write greeting and signoff in [newsletter], category, monthly_title' in (
        result.stderr.replace("\n", " ")
    )
    assert "(date_language stays English: init knows no month names in it)" in result.stderr.replace("\n", " ")
    assert "defaultContentLanguage in site/hugo.toml" in result.stderr.replace("\n", " ")
    assert "the email's own words in a [wording] table (`check` names those left in English)" in (
        result.stderr.replace("\n", " ")
    )
    assert "the blog's own words in site/i18n/eo.toml (a copy of en.toml there)" in result.stderr.replace("\n", " ")
    # and check says it too, as it would have
    CliRunner().invoke(main, ["build", "--offline", "-w", str(tmp_path / "legado")])
    checked = CliRunner().invoke(main, ["check", "--offline", "--json", "-w", str(tmp_path / "legado")])
    codes = {f["code"] for f in json.loads(checked.stdout)["findings"]}
    assert {"title-language", "category-language", "words-language", "phrases-language"} <= codes


def test_a_known_language_is_not_told_to_set_its_language(tmp_path):
    result = _init(tmp_path / "lectures", "--language", "fr")
    said = result.stderr.replace("\n", " ")
    assert "`language`" not in said and "init has no words" not in said
    checked = CliRunner().invoke(main, ["check", "--offline", "--json", "-w", str(tmp_path / "lectures")])
    assert "phrases-language" not in {f["code"] for f in json.loads(checked.stdout)["findings"]}  # French is spoken


def test_a_script_init_has_no_words_in_is_told_its_month_names(tmp_path):
    """Traditional Chinese: the phrases are simplified, so init writes English words, but its
    months are zh's (12月), which the titles written by hand may take."""
    result = _init(tmp_path / "log", "--language", "zh-TW")
    assert result.exit_code == 0, result.output
    assert config.load(tmp_path / "log").site.date_language == "en"  # (not 12月 in an English title)
    said = result.stderr.replace("\n", " ")
    assert 'init has no words in "zh-TW"' in said and 'in your language with date_language = "zh",' in said


@pytest.mark.parametrize(
    "tag, title",
    [
        ("ja", "第53週に読んだもの（2026年12月28日〜2027年1月3日）"),
        ("zh", "第53周阅读记录（2026年12月28日至2027年1月3日）"),  # (本周, "this week", said of a past week)
        ("ko", "53주차에 읽은 것들 (2026년 12월 28일~2027년 1월 3일)"),
        ("de", "Was ich in KW 53 gelesen habe (28. Dezember – 3. Januar 2027)"),
        ("en", "What I read in week 53 (December 28 - January 3, 2027)"),
    ],
)
def test_a_week_into_the_new_year_gives_each_day_its_own_year(tmp_path, tag, title):
    """Japanese, Chinese and Korean write the year before the first day: the week from 28
    December 2026 was titled "2027年12月28日〜1月3日", a day a year later, as its post and
    address, then "2026年12月28日至1月3日", its last day back in January 2026: that day is
    written with its own year. A year after the days stays the last day's, as German writes it."""
    root = tmp_path / tag
    assert _init(root, "--language", tag, "--cadence", "weekly").exit_code == 0
    entry = root / "entries/2026/12/talk.md"
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text("---\ntype: talk\nurl: https://example.org/t\ndate: 2026-12-30\ntitle: T\n---\nN.\n", "utf-8")
    built = CliRunner().invoke(main, ["build", "2026-W53", "--offline", "-w", str(root)])
    assert built.exit_code == 0, built.output
    [post] = (root / "site/content/posts").glob("*/index.md")
    assert tomllib.loads(post.read_text(encoding="utf-8").split("+++")[1])["title"] == title


def test_no_weeks_title_says_this_week_of_a_week_gone_by():
    """Yuki's archive listed every past week as 今週読んだもの, "what I read this week" (as Korean
    이번 주 and English "this week" did), where Chinese now names it 第49周: a title stays with
    its edition for good, so each language's names the week by its number."""
    this_week = ("this week", "今週", "이번 주", "diese Woche", "esta semana", "questa settimana", "nesta semana")
    this_week += ("deze week", "den här veckan", "denne uge", "denne uken", "本周", "de la semaine (")
    for language, settings in phrases.WORKSPACE["weekly_title"].items():
        assert "{week}" in settings, language
        assert not [said for said in this_week if said in settings], language
    assert "{week}" in phrases.WORKSPACE_REGIONAL[("pt", "pt")]["weekly_title"]


@pytest.mark.parametrize(
    "tag, title",
    [
        ("zh", "第1周阅读记录（2027年1月4日至1月10日）"),
        ("ja", "第1週に読んだもの（2027年1月4日〜1月10日）"),
        ("ko", "1주차에 읽은 것들 (2027년 1월 4일~1월 10일)"),
    ],
)
def test_the_first_week_of_a_year_names_its_year_once(tmp_path, tag, title):
    root = tmp_path / tag
    assert _init(root, "--language", tag, "--cadence", "weekly").exit_code == 0
    entry = root / "entries/2027/01/talk.md"
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text("---\ntype: talk\nurl: https://example.org/t\ndate: 2027-01-05\ntitle: T\n---\nN.\n", "utf-8")
    built = CliRunner().invoke(main, ["build", "2027-W01", "--offline", "-w", str(root)])
    assert built.exit_code == 0, built.output
    [post] = (root / "site/content/posts").glob("*/index.md")
    assert tomllib.loads(post.read_text(encoding="utf-8").split("+++")[1])["title"] == title


def _week_titles(root: Path, *weeks: tuple[str, str]) -> list[str]:
    """The titles of `weeks` ((period, a day of it)) as a build gives them, one entry in each."""
    titles = []
    for period, day in weeks:
        entry = root / f"entries/{day[:4]}/{day[5:7]}/talk-{day}.md"
        entry.parent.mkdir(parents=True, exist_ok=True)
        entry.write_text(f"---\ntype: talk\nurl: https://example.org/{day}\ndate: {day}\ntitle: T\n---\nN.\n", "utf-8")
        built = CliRunner().invoke(main, ["build", period, "--offline", "-w", str(root)])
        assert built.exit_code == 0, built.output
        post = root / "dist" / period / "build.json"
        slug = json.loads(post.read_text())["post_slug"]
        front = (root / "site/content/posts" / slug / "index.md").read_text(encoding="utf-8").split("+++")[1]
        titles.append(tomllib.loads(front)["title"])
    return titles


@pytest.mark.parametrize(
    "tag, same_month, two_months",
    [
        ("pt-BR", "O que eu li na semana 48 (de 23 a 29 de novembro de 2026)", "de 30 de novembro a 6 de dezembro"),
        ("pt-PT", "O que li na semana 48 (de 23 a 29 de novembro de 2026)", "(de 30 de novembro a 6 de dezembro"),
        ("es", "Lo que leí en la semana 48 (del 23 al 29 de noviembre de 2026)", "(del 30 de noviembre al 6 de dic"),
        ("fr", "Mes lectures de la semaine 48 (du 23 au 29 novembre 2026)", "(du 30 novembre au 6 décembre"),
        ("it", "Cosa ho letto nella settimana 48 (dal 23 al 29 novembre 2026)", "(dal 30 novembre al 6 dicembre"),
    ],
)
def test_a_weeks_title_names_its_month_once(tmp_path, tag, same_month, two_months):
    """init's Portuguese weeks were titled "23 de novembro a 29 de novembro de 2026" where Brazil
    and Portugal write "de 23 a 29 de novembro de 2026" (Spain "del 23 al 29 de noviembre",
    France "du 23 au 29 novembre", Italy "dal 23 al 29 novembre"): the first day goes without
    its month when the last gives it, and a week of two months names both."""
    root = tmp_path / tag
    assert _init(root, "--language", tag, "--cadence", "weekly").exit_code == 0
    titles = _week_titles(root, ("2026-W48", "2026-11-25"), ("2026-W49", "2026-12-02"))
    assert titles[0] == same_month and two_months in titles[1], titles


@pytest.mark.parametrize(
    "tag, title, said",
    [
        ("de", "Was ich in KW {week} gelesen habe ({first}–{end} {year})", "(23.–29. November 2026)"),
        ("da", "Det, jeg læste i uge {week} ({first}–{end} {year})", "(23.–29. november 2026)"),
        ("ja", "{year}年{week}週目（{first}〜{end}）", "（23日〜11月29日）"),
    ],
)
def test_a_first_day_is_written_as_its_language_writes_a_day(tmp_path, tag, title, said):
    """A German workspace titled its weeks "({first}–{end} {year})", as German writes them:
    "(23–29. November 2026)", its first day without the dot German writes a day with (Danish and
    Norwegian too), Japanese's without its 日. The day is as the language writes it, the month
    left out; French's, Spanish's, Italian's and Portuguese's, init's, are as they were."""
    root = tmp_path / tag
    assert _init(root, "--language", tag, "--cadence", "weekly").exit_code == 0
    settings = root / "newsletter.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        re.sub(r"(?m)^weekly_title = .*$", lambda _: f"weekly_title = {json.dumps(title)}", text), "utf-8"
    )
    [shown] = _week_titles(root, ("2026-W48", "2026-11-25"))
    assert shown.endswith(said), shown


def test_an_italian_week_elides_before_a_day_said_with_a_vowel(tmp_path):
    """Italian writes "dall’8 al 14 marzo" and "all’1 novembre": uno, otto and undici open with
    a vowel, and "dal"/"al" before them are elided; other days keep them."""
    root = tmp_path / "it"
    assert _init(root, "--language", "it", "--cadence", "weekly").exit_code == 0
    weeks = (("2027-W05", "2027-02-02"), ("2027-W10", "2027-03-09"), ("2026-W44", "2026-10-27"))
    assert [title.partition("(")[2] for title in _week_titles(root, *weeks)] == [
        "dall’1 al 7 febbraio 2027)",
        "dall’8 al 14 marzo 2027)",
        "dal 26 ottobre all’1 novembre 2026)",
    ]


@pytest.mark.parametrize(
    "tag, said", [("pt-BR", "semana 9 (de 1º a 7 de março de 2021)"), ("pt-PT", "semana 9 (de 1 a 7 de março de 2021)")]
)
def test_a_brazilian_week_from_the_first_of_the_month_says_1o(tmp_path, tag, said):
    """Brazil writes the first of the month as an ordinal, "1º de março", where Portugal writes
    "1 de março"; a Brazilian log's week from 1 March was titled "de 1 a 7 de março" (and its
    year in review dated a book "1 de março de 2021")."""
    root = tmp_path / tag
    assert _init(root, "--language", tag, "--cadence", "weekly").exit_code == 0
    [title] = _week_titles(root, ("2021-W09", "2021-03-03"))
    assert title.endswith(said), title


def test_a_workspace_titled_by_its_first_day_keeps_its_title_and_address(tmp_path):
    """A workspace init wrote before {first} keeps "{start} a {end}" in its settings: its weeks'
    titles, and with them its posts' addresses, are what they were."""
    root = tmp_path / "pt"
    assert _init(root, "--language", "pt-BR", "--cadence", "weekly").exit_code == 0
    settings = root / "newsletter.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("(de {first} a {end} de {year})", "({start} a {end} de {year})"), "utf-8")
    [title] = _week_titles(root, ("2026-W48", "2026-11-25"))
    assert title == "O que eu li na semana 48 (23 de novembro a 29 de novembro de 2026)"
    assert json.loads((root / "dist/2026-W48/build.json").read_text())["post_slug"] == (
        "o-que-eu-li-na-semana-48-23-de-novembro-a-29-de-novembro-de-2026"
    )


def test_an_italian_title_says_ad_before_aprile_and_agosto(tmp_path):
    """init --language it titles a month "Cosa ho letto a {month} {year}": April and August went
    out as "a aprile", "a agosto" (in their subjects and addresses too), where Italian writes
    "ad aprile", "ad agosto"; "a ottobre" and "a dicembre" stay as they are."""
    root = tmp_path / "letture"
    assert _init(root, "--language", "it").exit_code == 0
    titles = {}
    for month in ("04", "08", "10", "12"):
        entry = root / f"entries/2027/{month}/a.md"
        entry.parent.mkdir(parents=True, exist_ok=True)
        front = f"---\ntype: article\nurl: https://example.org/a\ndate: 2027-{month}-02\ntitle: A\n---\n"
        entry.write_text(front + "Letto.\n", encoding="utf-8")
        built = CliRunner().invoke(main, ["build", f"2027-{month}", "--offline", "-w", str(root)])
        assert built.exit_code == 0, built.output
        post = root / json.loads((root / f"dist/2027-{month}/post.json").read_text(encoding="utf-8"))["post"]
        titles[month] = (tomllib.loads(post.read_text(encoding="utf-8").split("+++")[1])["title"], post.parent.name)
    assert titles == {
        "04": ("Cosa ho letto ad aprile 2027", "cosa-ho-letto-ad-aprile-2027"),
        "08": ("Cosa ho letto ad agosto 2027", "cosa-ho-letto-ad-agosto-2027"),
        "10": ("Cosa ho letto a ottobre 2027", "cosa-ho-letto-a-ottobre-2027"),
        "12": ("Cosa ho letto a dicembre 2027", "cosa-ho-letto-a-dicembre-2027"),
    }


def test_an_existing_workspace_is_not_told_it_is_french_by_an_editor_set_up(tmp_path):
    """`init --editor vscode --language fr` in an English workspace added the editor set-up, its
    templates English, and said nothing of the --language it had dropped: the author took the
    log for French. It is refused before any file, saying where the language is written."""
    root = tmp_path / "log"
    assert _init(root).exit_code == 0
    before = {path: path.read_bytes() for path in root.rglob("*") if path.is_file()}
    result = _init(root, "--editor", "vscode", "--language", "fr")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: --language 'fr': {root / 'newsletter.toml'} says language = \"en\", and init changes no setting "
        "of an existing workspace; write language (and the words in it) there, then run init --editor again.\n"
    )
    assert {path: path.read_bytes() for path in root.rglob("*") if path.is_file()} == before
    # the workspace's own language, in any case, is what it is: the set-up is added
    assert _init(root, "--editor", "vscode", "--language", "EN").exit_code == 0
    assert (root / "frontmatter.json").is_file()  # (Front Matter CMS, the vscode set-up)


def test_an_empty_language_is_refused_as_the_settings_refuse_it(tmp_path):
    """`--language ""` (an unset shell variable) made an English workspace and then told the
    author 'init has no words in "": write greeting and signoff...' for a language it had not set."""
    result = _init(tmp_path / "log", "--language", "")
    assert result.exit_code == 1 and not (tmp_path / "log").exists()
    assert result.stderr == (
        "Error: language = '' is not a language tag, which the email, the web pages and the feeds name their "
        'language by; write it like "de", "fr" or "pt-BR".\n'
    )


def test_a_new_workspace_s_editor_templates_are_in_its_language(tmp_path):
    """`init --language fr --editor obsidian` wrote Obsidian templates leaving "Your notes, in
    Markdown." for each note, where the same set-up added to the French workspace afterwards
    (`init --editor obsidian`) leaves the French line, as `new` does."""
    made, added = tmp_path / "made", tmp_path / "added"
    assert _init(made, "--language", "fr", "--editor", "obsidian").exit_code == 0
    assert _init(added, "--language", "fr").exit_code == 0
    assert _init(added, "--editor", "obsidian").exit_code == 0
    template = "obsidian-templates/article.md"
    assert stubs.placeholder_in("fr") in (made / template).read_text(encoding="utf-8")
    assert (made / template).read_bytes() == (added / template).read_bytes()


def test_a_tag_is_written_in_the_case_bcp_47_writes_it(tmp_path):
    """`--language EN` wrote language = "EN" and date_language = "EN" (and <html lang="EN"> in
    every page) where init writes "en"; "de-at" wrote "de-at" where the settings say "de-AT"."""
    assert _init(tmp_path / "plain").exit_code == 0
    assert _init(tmp_path / "shouted", "--language", "EN").exit_code == 0
    for name in ("newsletter.toml", "site/hugo.toml"):
        assert (tmp_path / "plain" / name).read_bytes() == (tmp_path / "shouted" / name).read_bytes()
    for given, written in (("de-at", "de-AT"), ("ZH-HANS-CN", "zh-Hans-CN"), ("ar-jo", "ar-JO")):
        assert _init(tmp_path / given, "--language", given).exit_code == 0
        settings = config.load(tmp_path / given)
        assert (settings.language, settings.site.date_language) == (written, "zh" if given[:2] == "ZH" else written)


def test_arabic_in_amman_names_the_months_as_jordan_does(tmp_path):
    """Layla (new user 23) ran `init --language ar --timezone Asia/Amman` and her titles said
    "نوفمبر", Cairo's November; Amman's newspapers write "تشرين الثاني". Her time zone says where
    she is: date_language is ar-JO there, and "ar" in Cairo, the language staying "ar"."""
    for zone, months in (("Asia/Amman", "ar-JO"), ("Africa/Cairo", "ar"), ("Asia/Beirut", "ar-LB")):
        root = tmp_path / zone.replace("/", "-")
        assert _init(root, "--language", "ar", "--timezone", zone).exit_code == 0
        settings = config.load(root)
        assert (settings.language, settings.site.date_language) == ("ar", months)
    assert month_name(dt.date(2026, 11, 1), "ar-JO") == "تشرين الثاني"
    root = tmp_path / "given"  # a region the author gave is theirs
    assert _init(root, "--language", "ar-EG", "--timezone", "Asia/Amman").exit_code == 0
    assert config.load(root).language == "ar-EG"


def test_arabic_weeks_with_the_same_days_have_posts_of_their_own(tmp_path):
    """An Arabic week's title names its month by a word, so its address is its numbers: weeks 5
    and 44 of 2029 (29 January – 4 February, 29 October – 4 November) were both `29-4-2029`, and
    the second build was refused as another edition's post. The week's number tells them apart."""
    root = tmp_path / "log"
    assert _init(root, "--language", "ar", "--cadence", "weekly").exit_code == 0
    for day in ("2029-01-30", "2029-10-30"):
        entry = root / "entries" / day[:4] / day[5:7] / f"read-{day}.md"
        entry.parent.mkdir(parents=True, exist_ok=True)
        entry.write_text(f"---\ntype: article\nurl: https://example.com/{day}\ndate: {day}\ntitle: T\n---\nملاحظة.\n")
    for week in ("2029-W05", "2029-W44"):
        built = CliRunner().invoke(main, ["build", week, "--offline", "-w", str(root)])
        assert built.exit_code == 0, built.output
    slugs_made = {
        json.loads((root / "dist" / week / "build.json").read_text())["post_slug"] for week in ("2029-W05", "2029-W44")
    }
    assert len(slugs_made) == 2, slugs_made


def _chen_builds(root: Path, week: str) -> str:
    built = CliRunner().invoke(main, ["build", week, "--offline", "-w", str(root)])
    assert built.exit_code == 0, built.output
    return json.loads((root / "dist" / week / "build.json").read_text())["post_slug"]


@pytest.mark.parametrize("tag", ["zh-CN", "ja", "ko"])
def test_a_chinese_japanese_or_korean_weeks_address_is_its_week(tmp_path, tag):
    """Chen (new user 25) writes weekly in Chinese: init's title '本周阅读记录（2026年11月30日至12月6日）'
    has no ASCII word but its numbers, and her post went to /posts/2026-11-30-12-6/, read as a
    date and a time, and her April month to /posts/2026-4/, sorting after November. Such a title
    gives its period, as an Arabic one does: 2026-w49, 2026-04."""
    root = tmp_path / "log"
    assert _init(root, "--language", tag, "--cadence", "weekly").exit_code == 0
    for day in ("2026-12-01", "2026-04-07"):
        entry = root / "entries" / day[:4] / day[5:7] / f"read-{day}.md"
        entry.parent.mkdir(parents=True, exist_ok=True)
        entry.write_text(f"---\ntype: article\nurl: https://example.com/{day}\ndate: {day}\ntitle: T\n---\n笔记。\n")
    assert _chen_builds(root, "2026-W49") == "2026-w49"
    assert _chen_builds(root, "2026-04") == "2026-04"
    assert (root / "site/content/posts/2026-w49/index.md").is_file()


def test_a_chinese_week_published_at_its_numbers_keeps_its_address(tmp_path, monkeypatch):
    """A week Chen published at /posts/2026-11-30-12-6/ before stays there, dist/ kept or not: a new
    address would be a new post in her readers' feeds. A week first built now is at its period."""
    root = tmp_path / "log"
    assert _init(root, "--language", "zh-CN", "--cadence", "weekly").exit_code == 0
    settings = root / "newsletter.toml"  # her workspace's title, as init wrote it then
    written = settings.read_text(encoding="utf-8")
    settings.write_text(
        written.replace(phrases.WORKSPACE["weekly_title"]["zh"], "本周阅读记录（{year}年{start}至{end}）")
    )
    assert "本周阅读记录" in settings.read_text(encoding="utf-8")
    for day in ("2026-12-01", "2026-12-08"):
        entry = root / "entries/2026/12" / f"read-{day}.md"
        entry.write_text(f"---\ntype: article\nurl: https://example.com/{day}\ndate: {day}\ntitle: T\n---\n笔记。\n")
    with_year = slugs._with_year
    with monkeypatch.context() as patched:
        patched.setattr(slugs, "_with_year", lambda slugged, edition, numbers=False: with_year(slugged, edition, True))
        assert _chen_builds(root, "2026-W49") == "2026-11-30-12-6"
    posts = root / "site/content/posts"
    (root / "entries/2026/12/read-2026-12-01.md").write_text(
        "---\ntype: article\nurl: https://example.com/a\ndate: 2026-12-01\ntitle: T\n---\n改过的笔记。\n"
    )
    assert _chen_builds(root, "2026-W49") == "2026-11-30-12-6"
    (root / "dist/2026-W49/build.json").unlink()
    assert _chen_builds(root, "2026-W49") == "2026-11-30-12-6"
    assert _chen_builds(root, "2026-W50") == "2026-w50"
    assert sorted(p.name for p in posts.iterdir()) == ["2026-11-30-12-6", "2026-w50"]


@pytest.mark.parametrize("tag, lang", [("pt-BR", "pt-br"), ("pt", "pt"), ("pt-PT", "pt-pt")])
def test_a_brazilian_site_says_so_in_its_pages_with_its_words_on_either_hugo(hugo, tmp_path, tag, lang):
    """init --language pt-BR wrote a site in "pt": its pages said <html lang="pt">, where the
    author had said Brazil. A pt-br.toml of the starter site's would do, but beside pt.toml it
    made Debian's Hugo 0.111 lose pt's words in a site in "pt" (a failed --panicOnWarning
    build): init writes the copy in a Brazilian site alone, and every site keeps its words."""
    root = tmp_path / tag
    assert _init(root, "--language", tag, "--author", "Ada").exit_code == 0
    assert CliRunner().invoke(main, ["build", "--offline", "-w", str(root)]).exit_code == 0
    hugo_build(hugo, root / "site", "--destination", str(tmp_path / "public"))
    page = (tmp_path / "public/index.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in page and "Feito com Hugo." in page and "Etiquetas" in page
    assert (root / "site/i18n/pt-br.toml").is_file() == (tag == "pt-BR")


def test_a_brazilian_site_set_to_portuguese_later_is_told_to_remove_brazils_words(hugo, tmp_path):
    """A log begun as pt-BR whose blog was set to "pt" later kept init's i18n/pt-br.toml beside
    pt.toml, and Debian's Hugo 0.111 took it for pt's words and lost them: the blog failed to
    build (error calling i18n), and nothing said which file. check names it; without it the
    blog builds on either Hugo, in Portuguese."""
    root = tmp_path / "pt-BR"
    assert _init(root, "--language", "pt-BR", "--author", "Ada").exit_code == 0
    hugo_toml = root / "site/hugo.toml"
    hugo_toml.write_text(
        hugo_toml.read_text().replace('defaultContentLanguage = "pt-br"', 'defaultContentLanguage = "pt"')
    )
    assert 'defaultContentLanguage = "pt"' in hugo_toml.read_text()
    checked = CliRunner().invoke(main, ["check", "--offline", "-w", str(root)])
    assert (
        'site/i18n/pt-br.toml\n  warning: the blog is in "pt" (defaultContentLanguage), and Hugo 0.111 (Debian\'s) '
        "takes this file"
    ) in checked.stdout, checked.output
    (root / "site/i18n/pt-br.toml").unlink()
    assert "pt-br.toml" not in CliRunner().invoke(main, ["check", "--offline", "-w", str(root)]).stdout
    assert CliRunner().invoke(main, ["build", "--offline", "-w", str(root)]).exit_code == 0
    hugo_build(hugo, root / "site", "--destination", str(tmp_path / "public"))
    page = (tmp_path / "public/index.html").read_text(encoding="utf-8")
    assert '<html lang="pt"' in page and "Feito com Hugo." in page


def test_a_blog_in_a_language_the_starter_site_has_no_words_in_is_told_where_to_write_them(hugo, tmp_path):
    """Tomasz (new user 29) set his site's defaultContentLanguage = "pl", as init told him: every
    page still said "Categories", "Tags" and "Built with Hugo.", and nothing said that a
    site/i18n/pl.toml would say them in Polish. check names the file; written, the blog says them."""
    root = tmp_path / "czytam"
    assert _init(root, "--language", "pl", "--author", "Tomasz").exit_code == 0
    hugo_toml = root / "site/hugo.toml"
    hugo_toml.write_text(
        hugo_toml.read_text().replace('defaultContentLanguage = "en"', 'defaultContentLanguage = "pl"')
    )
    checked = CliRunner().invoke(main, ["check", "--offline", "-w", str(root)])
    assert (
        'site/i18n/pl.toml\n  warning: the blog is in "pl" (defaultContentLanguage), and its own words ("Categories", '
    ) in checked.stdout, checked.output
    assert "copy en.toml in that folder to pl.toml" in checked.stdout
    words = (root / "site/i18n/en.toml").read_text(encoding="utf-8")
    words = words.replace('"Tags"', '"Tagi"').replace('"Built with Hugo."', '"Zbudowane w Hugo."')
    (root / "site/i18n/pl.toml").write_text(words, encoding="utf-8")
    assert "pl.toml" not in CliRunner().invoke(main, ["check", "--offline", "-w", str(root)]).stdout
    assert CliRunner().invoke(main, ["build", "--offline", "-w", str(root)]).exit_code == 0
    hugo_build(hugo, root / "site", "--destination", str(tmp_path / "public"))
    page = (tmp_path / "public/index.html").read_text(encoding="utf-8")
    assert '<html lang="pl"' in page and "Zbudowane w Hugo." in page and "Tagi" in page


@pytest.mark.parametrize("form", ["yaml", "json"])
def test_a_blogs_own_words_in_yaml_or_json_are_no_words_missing(hugo, tmp_path, form):
    """Hugo reads a language's words from i18n/pl.yaml or pl.json as from pl.toml, and check told
    an author who wrote them so to copy en.toml to pl.toml, at every run (review 20)."""
    root = tmp_path / "czytam"
    assert _init(root, "--language", "pl", "--author", "Tomasz").exit_code == 0
    hugo_toml = root / "site/hugo.toml"
    hugo_toml.write_text(
        hugo_toml.read_text().replace('defaultContentLanguage = "en"', 'defaultContentLanguage = "pl"')
    )
    words = {"tags": {"other": "Tagi"}, "built_with": {"other": "Zbudowane w Hugo."}}
    said = json.dumps(words, ensure_ascii=False) if form == "json" else "tags: Tagi\nbuilt_with: Zbudowane w Hugo.\n"
    (root / f"site/i18n/pl.{form}").write_text(said, encoding="utf-8")
    assert "pl.toml" not in CliRunner().invoke(main, ["check", "--offline", "-w", str(root)]).stdout
    assert CliRunner().invoke(main, ["build", "--offline", "-w", str(root)]).exit_code == 0
    hugo_build(hugo, root / "site", "--destination", str(tmp_path / "public"))
    page = (tmp_path / "public/index.html").read_text(encoding="utf-8")
    assert "Zbudowane w Hugo." in page and "Tagi" in page  # the words are the blog's: nothing missing


@pytest.mark.parametrize("tag", ["ja", "zh"])
def test_a_japanese_or_chinese_sites_posts_join_a_paragraphs_lines_as_the_email_does(hugo, tmp_path, tag):
    """Yuki (new user 22) writes a sentence to a line; the email joins those lines with nothing
    between two Japanese characters, and Goldmark kept each newline, which Chrome shows as a
    space after every '。' on the blog. init's site turns on Goldmark's CJK line breaks (Hugo
    0.112 and later; Debian's 0.111 ignores the setting and builds as before)."""
    from hugo_versions import DEBIAN

    root = tmp_path / tag
    assert _init(root, "--language", tag, "--author", "Ada").exit_code == 0
    (sample,) = (root / "entries").glob("*/*/*.md")
    sample.write_text(sample.read_text(encoding="utf-8") + "\n一行目です。\n二行目です。\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["build", "--offline", "-w", str(root)]).exit_code == 0
    hugo_build(hugo, root / "site", "--destination", str(tmp_path / "public"))
    (page,) = [p for p in (tmp_path / "public/posts").glob("*/index.html")]
    joined = "一行目です。二行目です。" in page.read_text(encoding="utf-8")
    assert joined == (hugo != DEBIAN)
    assert (root / "site/hugo.toml").read_text(encoding="utf-8").count("eastAsianLineBreaks = true") == 1


@pytest.mark.parametrize("tag", ["ja", "zh"])
def test_a_japanese_or_chinese_sites_theme_counts_the_words_of_a_post(hugo, tmp_path, tag):
    """New user 51 (Yuki, Tokyo): a theme's "3 min read" and word count (PaperMod's, Blowfish's:
    .ReadingTime, .WordCount) counted a post of a thousand Japanese characters as the few "words"
    its spaces part, one minute to read; Hugo counts Chinese and Japanese text by its characters
    only where the site says hasCJKLanguage, which init's site now does, on both Hugos."""
    root = tmp_path / tag
    assert _init(root, "--language", tag, "--author", "Ada").exit_code == 0
    (sample,) = (root / "entries").glob("*/*/*.md")
    notes = "\n" + "読書の記録を毎週書いています。" * 70  # 1050 characters, 70 sentences, no space
    sample.write_text(sample.read_text(encoding="utf-8") + notes, encoding="utf-8")
    assert CliRunner().invoke(main, ["build", "--offline", "-w", str(root)]).exit_code == 0
    layout = root / "site/layouts/_default/single.html"
    layout.write_text("{{ .WordCount }} words, {{ .ReadingTime }} min", encoding="utf-8")
    hugo_build(hugo, root / "site", "--destination", str(tmp_path / "public"))
    (page,) = [p for p in (tmp_path / "public/posts").glob("*/index.html")]
    words, minutes = map(int, re.fullmatch(r"(\d+) words, (\d+) min", page.read_text(encoding="utf-8")).groups())
    assert words > 1000 and minutes >= 2, (words, minutes)


@pytest.mark.parametrize("system_data", [True, False], ids=["system tz data", "tzdata package only"])
def test_a_time_zone_given_by_a_link_name_starts_weeks_as_the_zone_it_names(tmp_path, monkeypatch, system_data):
    """`--timezone Israel`, `Asia/Tel_Aviv` or `US/Eastern`, names zoneinfo takes, are links that
    zone.tab does not list: init wrote week_start = "monday" for each (review 21). Read from the
    system's time zone data, or from the tzdata package's alone (Windows, a slim container)."""
    if not system_data:
        monkeypatch.setattr(zoneinfo, "TZPATH", ())
    first_weekday._countries.cache_clear()
    first_weekday._links.cache_clear()
    try:
        started = {}
        for zone in ("Israel", "Asia/Tel_Aviv", "US/Eastern", "Egypt", "Etc/GMT+3", "Nowhere/Land"):
            started[zone] = first_weekday.week_start(zone)
        folder = tmp_path / "reading"
        result = _init(folder, "--timezone", "Israel", "--cadence", "weekly")
    finally:
        first_weekday._countries.cache_clear()
        first_weekday._links.cache_clear()
    assert started == {
        "Israel": "sunday",
        "Asia/Tel_Aviv": "sunday",
        "US/Eastern": "sunday",
        "Egypt": "saturday",
        "Etc/GMT+3": "monday",
        "Nowhere/Land": "monday",
    }
    assert result.exit_code == 0, result.output
    assert config.load(folder).week_start == "sunday"


@pytest.mark.parametrize("linked", ["copy", "symlink"])
def test_a_link_name_starts_weeks_as_its_zone_where_the_time_zone_data_has_no_tzdata_zi(tmp_path, monkeypatch, linked):
    """Time zone data older than tzdata.zi (2017c), or a system that does not install it, and no
    tzdata package (a dependency on Windows alone): `--timezone Israel` or `US/Eastern` wrote
    week_start = "monday" (review 22). A link's file is its zone's, linked or copied."""
    system = Path(zoneinfo.TZPATH[0])
    data = tmp_path / "zoneinfo"
    for zone in ("Asia/Jerusalem", "America/New_York", "Africa/Cairo", "Etc/GMT+3"):
        (data / zone).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(system / zone, data / zone)
    shutil.copyfile(system / "zone.tab", data / "zone.tab")
    for name, zone in (("Israel", "Asia/Jerusalem"), ("US/Eastern", "America/New_York"), ("Egypt", "Africa/Cairo")):
        (data / name).parent.mkdir(parents=True, exist_ok=True)
        if linked == "symlink":
            (data / name).symlink_to(os.path.relpath(data / zone, (data / name).parent))
        else:
            shutil.copyfile(data / zone, data / name)
    monkeypatch.setattr(zoneinfo, "TZPATH", (str(data),))
    monkeypatch.setitem(sys.modules, "tzdata", None)  # (not installed: its tzdata.zi is not found)
    first_weekday._countries.cache_clear()
    first_weekday._links.cache_clear()
    try:
        started = {zone: first_weekday.week_start(zone) for zone in ("Israel", "US/Eastern", "Egypt", "Etc/GMT+3")}
    finally:
        first_weekday._countries.cache_clear()
        first_weekday._links.cache_clear()
    assert started == {"Israel": "sunday", "US/Eastern": "sunday", "Egypt": "saturday", "Etc/GMT+3": "monday"}


@pytest.mark.parametrize("tag", TAGS)
def test_a_subject_never_says_the_name_its_title_says(tmp_path, tag):
    """Named as init's category in the language ("Gelesen", "det jag har läst", "読んだもの"), a
    log's months and weeks are titled with the same words: the default subject, "{name}: {title}",
    said them twice ("Gelesen: Was ich im Dezember 2026 gelesen habe"). It is the title then; a
    year's title in other words keeps the name ("Gelesen: Mein Lesejahr 2026")."""
    assert _init(tmp_path / tag, "--language", tag).exit_code == 0
    settings = config.load(tmp_path / tag)
    settings = dataclasses.replace(settings, name=settings.site.category)
    for key in ("2026-12", "2026-W49", "2026"):
        title, subject = titles(Editorial(), Period.parse(key, settings.week_start), settings)
        assert subject == title or (key == "2026" and subject.endswith(title) and title not in subject[: -len(title)])
        assert subject.casefold().count(settings.name.casefold()) <= 1, subject
    if tag == "de":
        assert titles(Editorial(), Period.parse("2026"), settings)[1] == "Gelesen: Mein Lesejahr 2026"


def test_a_ukrainian_subject_does_not_say_its_name_twice_in_other_words(tmp_path):
    """Olena (new user 36) named her log "Що я прочитала" ("what I read") and titled its months
    "Прочитане: {month} {year}" ("read: …"): every subject said "Що я прочитала: Прочитане:
    грудень 2026". The title says it; "My Reading Notes", init's name, is no other form of it."""
    assert _init(tmp_path / "uk", "--language", "uk", "--name", "Що я прочитала").exit_code == 0
    settings = config.load(tmp_path / "uk")
    site = dataclasses.replace(settings.site, monthly_title="Прочитане: {month} {year}", date_language="uk")
    settings = dataclasses.replace(settings, site=site)
    assert titles(Editorial(), Period.parse("2026-12"), settings)[1] == "Прочитане: грудень 2026"
    english = dataclasses.replace(settings, name="My Reading Notes", site=dataclasses.replace(site, date_language="en"))
    assert titles(Editorial(), Period.parse("2026-12"), english)[1] == "My Reading Notes: Прочитане: December 2026"


def test_a_name_given_is_kept_and_english_keeps_its_default(tmp_path):
    """--name wins over the language's default name; a log in English, or in a language init has
    no words in, is "My Reading Notes" as it always was."""
    assert _init(tmp_path / "de", "--language", "de", "--name", 'Gelesen "und" gehört').exit_code == 0
    assert config.load(tmp_path / "de").name == 'Gelesen "und" gehört'
    for folder, options in (("en", ()), ("fi", ("--language", "fi"))):
        assert _init(tmp_path / folder, *options).exit_code == 0
        assert config.load(tmp_path / folder).name == "My Reading Notes"


@pytest.mark.parametrize(
    "settings, told",
    [
        ("languageCode = 'he'\ndefaultContentLanguage = 'he'\n", None),  # Noa's blog: nothing to set
        ("", 'defaultContentLanguage = "he" in'),  # Hugo's default, English: set it in the blog's settings
    ],
)
def test_init_in_ones_own_blog_names_no_file_of_the_starter_site(tmp_path, monkeypatch, settings, told):
    """New user 62 (Noa) ran `init . --language he` in her Hugo blog, whose settings say "he"
    already, and was told to set defaultContentLanguage "in site/hugo.toml" and to copy
    "site/i18n/en.toml": files of init's starter site, which a workspace in her own blog has not."""
    (tmp_path / "hugo.toml").write_text(f"baseURL = 'https://noa.example.co.il/'\ntitle = 'x'\n{settings}")
    monkeypatch.chdir(tmp_path)
    result = _init(tmp_path, "--language", "he")
    assert result.exit_code == 0, result.output
    said = result.stderr.replace("\n", " ")
    assert 'init has no words in "he"' in said
    assert "site/hugo.toml" not in said and "site/i18n" not in said
    assert (told in said) if told else ("defaultContentLanguage" not in said)
    assert not (tmp_path / "site").exists()
