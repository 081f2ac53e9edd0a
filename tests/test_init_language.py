"""`newsletter init --language`: a workspace in the author's language from the start.

Hanna (de-AT, Vienna) and Amaury (fr, Lyon) each had to find and change eight settings init
wrote in English (language, date_language, greeting, signoff, category, the three titles, the
site's defaultContentLanguage), and `check` warned of each one left. With --language, init
writes them in that language, for every language the wording knows.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsletter import config
from newsletter.cli import main
from newsletter.formats import phrases, sample_entry, slugs, wording
from newsletter.formats.dates_in_words import month_name

from hugo_versions import hugo_build

# Every language the wording knows, and regional tags of them: Austria's months, Brazil's
# Portuguese (whose site words are pt's), Portugal's (its own words), Norwegian as "no",
# Jordan's months, Québec's French
TAGS = (*wording.KNOWN[1:], "de-AT", "pt-BR", "pt-PT", "no", "ar-JO", "fr-CA")
ENGLISH_LEFT = {"title-language", "category-language", "words-language", "site-language"}
# Titles with no ASCII word: the post's address is its period, as slugs.slug makes it for any
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


@pytest.mark.parametrize("tag", TAGS)
def test_init_writes_every_setting_in_the_language(workspaces, tag):
    root = workspaces[tag]
    settings = config.load(root)
    language = wording.language_of(tag)
    assert settings.language == tag
    words = {key: phrases.WORKSPACE[key][language] for key in phrases.WORKSPACE}
    words.update(phrases.WORKSPACE_REGIONAL.get(("pt", "pt"), {}) if tag == "pt-PT" else {})
    assert settings.greeting == words["greeting"]
    assert settings.signoff == words["signoff"] + "\nAda"
    assert settings.site.category == words["category"]
    for key in ("monthly_title", "weekly_title", "yearly_title"):
        assert getattr(settings.site, key) == words[key]
    # the tag where it has month names of its own, else its language's, as check would tell
    expected = {"de-AT": "de-AT", "ar-JO": "ar-JO", "pt-BR": "pt", "pt-PT": "pt", "no": "nb", "fr-CA": "fr"}.get(
        tag, tag
    )
    assert settings.site.date_language == expected
    site = tomllib.loads((root / "site/hugo.toml").read_text(encoding="utf-8"))
    # the starter site's i18n file of the tag, or of its language ("pt-br" has none)
    assert site["defaultContentLanguage"] == {
        "de-AT": "de-at",
        "pt-BR": "pt",
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
    # and check says it too, as it would have
    CliRunner().invoke(main, ["build", "--offline", "-w", str(tmp_path / "legado")])
    checked = CliRunner().invoke(main, ["check", "--offline", "--json", "-w", str(tmp_path / "legado")])
    codes = {f["code"] for f in json.loads(checked.stdout)["findings"]}
    assert {"title-language", "category-language", "words-language"} <= codes


def test_a_known_language_is_not_told_to_set_its_language(tmp_path):
    result = _init(tmp_path / "lectures", "--language", "fr")
    said = result.stderr.replace("\n", " ")
    assert "`language`" not in said and "init has no words" not in said


def test_a_script_init_has_no_words_in_is_told_its_month_names(tmp_path):
    """Traditional Chinese: the phrases are simplified, so init writes English words, but its
    months are zh's (12月), which the titles written by hand may take."""
    result = _init(tmp_path / "log", "--language", "zh-TW")
    assert result.exit_code == 0, result.output
    assert config.load(tmp_path / "log").site.date_language == "en"  # (not 12月 in an English title)
    said = result.stderr.replace("\n", " ")
    assert 'init has no words in "zh-TW"' in said and 'in your language with date_language = "zh",' in said
