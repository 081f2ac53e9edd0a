import datetime as dt

import pytest

from newsletter.errors import NewsletterError
from newsletter.models import Period


def test_a_month():
    period = Period.parse("2021-02")
    assert (period.key, period.start, period.end) == ("2021-02", dt.date(2021, 2, 1), dt.date(2021, 2, 28))


def test_a_sunday_first_week_keeps_the_iso_number():
    period = Period.parse("2020-W28", "sunday")
    assert (period.start, period.end) == (dt.date(2020, 7, 5), dt.date(2020, 7, 11))
    assert Period.parse("2020-w28").start == dt.date(2020, 7, 6)  # ISO: Monday first


def test_week_of_is_the_inverse():
    # (year 999 too: its key "999-W18" was no period parse reads, and `list 0999-05` ended in an error)
    for day in (
        dt.date(2020, 7, 5),
        dt.date(2020, 7, 11),
        dt.date(2021, 1, 2),
        dt.date(2024, 12, 29),
        dt.date(999, 5, 1),
    ):
        for start in ("monday", "sunday", "saturday"):
            period = Period.week_of(day, start)
            assert day in period and Period.parse(period.key, start) == period


def test_no_period_means_this_month():
    assert Period.parse(None, today=dt.date(2026, 11, 22)).key == "2026-11"


@pytest.mark.parametrize("text", ["2021-13", "2021-W54", "February", "21-02"])
def test_bad_periods_say_what_a_period_looks_like(text):
    with pytest.raises(NewsletterError, match="a month like 2021-02 or a week like 2020-W28"):
        Period.parse(text)


@pytest.mark.parametrize("text", ["x", "2021-13", "2021-W54", "0001-02"])
def test_a_commands_bad_period_says_it_may_be_last(example_workspace, text):
    """A command's PERIOD takes `last`, the edition before the current one (new user 47), and
    "Period 'x' is not a month like …" listed every form but that one (review 31)."""
    from newsletter import config

    with pytest.raises(
        NewsletterError, match=r"a week like 2020-W28 .*, or 'last' for the edition before the current one\.$"
    ):
        config.load(example_workspace).period(text)


def test_the_first_of_a_month_is_the_premier_in_french():
    import datetime as dt

    from newsletter.formats.dates_in_words import day_words

    assert day_words(dt.date(2026, 10, 1), "fr") == "1er octobre"
    assert day_words(dt.date(2026, 10, 2), "FR") == "2 octobre"


@pytest.mark.parametrize(
    "tag, day, date, first",
    [
        ("pt-BR", "1º de março", "1º de março de 2026", "1º"),
        ("pt_BR", "1º de março", "1º de março de 2026", "1º"),
        ("pt-PT", "1 de março", "1 de março de 2026", "1"),
        ("pt", "1 de março", "1 de março de 2026", "1"),
    ],
)
def test_the_first_of_a_month_is_an_ordinal_in_brazil_only(tag, day, date, first):
    """Brazil writes "1º de março" (the review's dates, a week's title), Portugal "1 de março"."""
    from newsletter.formats.dates_in_words import date_words, day_words, first_day

    assert day_words(dt.date(2026, 3, 1), tag) == day
    assert date_words(dt.date(2026, 3, 1), tag) == date
    assert first_day(dt.date(2026, 3, 1), dt.date(2026, 3, 7), tag) == first
    assert date_words(dt.date(2026, 3, 2), tag) == "2 de março de 2026"


def test_a_thai_date_is_of_the_buddhist_era():
    """Ploy's Thai edition said "5 ธันวาคม 2026" where Thailand writes "5 ธันวาคม 2569" (new user 32)."""
    from newsletter.formats.dates_in_words import date_words

    assert date_words(dt.date(2026, 12, 5), "th") == "5 ธันวาคม 2569"
    assert date_words(dt.date(2026, 12, 5), "th-TH") == "5 ธันวาคม 2569"
    assert date_words(dt.date(2026, 12, 5), "th-u-ca-gregory") == "5 ธันวาคม 2026"


@pytest.mark.parametrize(
    "tag, day, date",
    [
        ("fa", "۱۲ آذر", "۱۲ آذر ۱۴۰۵"),  # Iran's Solar Hijri day, in Persian digits
        ("fa-IR", "۱۲ آذر", "۱۲ آذر ۱۴۰۵"),
        ("fa-AF", "۱۲ قوس", "۱۲ قوس ۱۴۰۵"),  # Afghanistan's, its months named by the zodiac
        ("fa-u-ca-gregory", "۳ دسامبر", "۳ دسامبر ۲۰۲۶"),  # the Common Era's, still in Persian digits
        ("fa-AF-u-ca-gregory", "۳ دسمبر", "۳ دسمبر ۲۰۲۶"),
    ],
)
def test_a_persian_date_is_of_the_solar_hijri_calendar(tag, day, date):
    """Dariush's week was titled "(November 28 تا December 4 2026)" (new user 35): English months
    in a Persian title, whose Latin words turned its parentheses round, where Iran writes the day
    "۱۲ آذر ۱۴۰۵"."""
    from newsletter.formats.dates_in_words import date_words, day_words

    assert day_words(dt.date(2026, 12, 3), tag) == day
    assert date_words(dt.date(2026, 12, 3), tag) == date


def _persian_settings(tmp_path, site: str):
    from newsletter import config

    (tmp_path / "newsletter.toml").write_text(
        '[newsletter]\nname = "یادداشت‌ها"\nlanguage = "fa"\nweek_start = "saturday"\n'
        f'[site]\ndate_language = "fa"\n{site}',
        encoding="utf-8",
    )
    return config.load(tmp_path)


@pytest.mark.parametrize(
    "period, title",
    [
        ("2026-W49", "هفته‌ی ۴۹ (۷ تا ۱۳ آذر ۱۴۰۵)"),
        ("2026-W53", "هفته‌ی ۵۳ (۵ تا ۱۱ دی ۱۴۰۵)"),  # into 2027, and still 1405
        ("2027-W12", "هفته‌ی ۱۲ (۲۹ اسفند تا ۶ فروردین ۱۴۰۶)"),  # Nowruz's week: its last day's year
    ],
)
def test_a_persian_week_is_titled_by_its_solar_hijri_days(tmp_path, period, title):
    from newsletter.collect import default_title

    settings = _persian_settings(tmp_path, 'weekly_title = "هفته‌ی {week} ({first} تا {end} {year})"\n')
    assert default_title(Period.parse(period, "saturday"), settings) == title


def test_a_persian_month_and_year_are_the_common_eras_in_persian(tmp_path):
    """A month's edition is a month of the Common Era, and a year in review its year: named so, in
    Persian words and digits (a Solar Hijri month would be another period); a title's own format
    applies to a number in other digits as to any ('{week:02d}')."""
    from newsletter.collect import default_title

    settings = _persian_settings(
        tmp_path,
        'monthly_title = "آنچه در {month} {year} خواندم"\nyearly_title = "سال {year}"\n'
        'weekly_title = "هفته‌ی {week:02d}، {start} تا {end}"\n',
    )
    assert default_title(Period.parse("2026-12"), settings) == "آنچه در دسامبر ۲۰۲۶ خواندم"
    assert default_title(Period.parse("2026"), settings) == "سال ۲۰۲۶"
    assert default_title(Period.parse("2026-W02", "saturday"), settings) == "هفته‌ی ۰۲، ۱۳ دی تا ۱۹ دی"


def _turkish_log(tmp_path):
    """Elif's settings (new user 31) in `tmp_path`, and the folder of her November 2026."""
    (tmp_path / "newsletter.toml").write_text('[newsletter]\nname = "Okuma"\nlanguage = "tr"\n', encoding="utf-8")
    folder = tmp_path / "entries" / "2026" / "11"
    folder.mkdir(parents=True)
    return folder


def _entry(folder, name, section):
    (folder / name).write_text(
        f"---\ntype: article\nurl: https://example.com/{name}\ndate: 2026-11-{len(name):02d}\n"
        f"section: {section}\n---\nN.\n",
        encoding="utf-8",
    )


def test_sections_named_alike_but_for_case_are_one_section(tmp_path):
    """Elif's November email had two 'İnceleme' sections one after the other, 'İNCELEME' twice in
    its text part (new user 31): one entry said `section: İnceleme`, the next `inceleme`. A name
    differing only in case is one section, headed as the editorial file or its first entry spells it
    ("İ" too, whose casefold is an i and a combining dot)."""
    from newsletter import config
    from newsletter.collect import collect
    from newsletter.read import read_period

    folder = _turkish_log(tmp_path)
    _entry(folder, "a.md", "İnceleme")
    _entry(folder, "bb.md", "Şiir")
    _entry(folder, "ccc.md", "inceleme")
    _entry(folder, "dddd.md", "ŞİİR")
    _entry(folder, "eeeee.md", "Review")
    _entry(folder, "ffffff.md", "review")
    period = Period.parse("2026-11")
    entries, editorial, _ = read_period(tmp_path / "entries", period)
    edition = collect(entries, editorial, period, config.load(tmp_path))
    sections = [(s.title, [e.path.name for e in s.entries]) for s in edition.sections]
    assert sections == [
        ("İnceleme", ["a.md", "ccc.md"]),
        ("Şiir", ["bb.md", "dddd.md"]),
        ("Review", ["eeeee.md", "ffffff.md"]),
    ]
    (folder / "_index.md").write_text("---\nsections: [review, şiir]\n---\n", encoding="utf-8")
    entries, editorial, warnings = read_period(tmp_path / "entries", period)
    assert warnings == []  # (the names it lists are the entries' sections: none unused)
    edition = collect(entries, editorial, period, config.load(tmp_path))
    assert [(s.title, len(s.entries)) for s in edition.sections] == [("review", 2), ("şiir", 2), ("İnceleme", 2)]


def test_an_editions_tags_alike_but_for_case_are_one(tmp_path):
    """Elif's November post listed both 'İstanbul' and 'istanbul' in its eight tags (new user 31),
    one page on her blog, one of the eight taken twice: one tag, under its most used spelling."""
    from newsletter import config
    from newsletter.collect import collect
    from newsletter.read import read_period

    folder = _turkish_log(tmp_path)
    for n, tags in enumerate(["[kitap, İstanbul]", "[istanbul]", "[İstanbul, Kitap]", "[şiir]"]):
        (folder / f"{n}.md").write_text(
            f"---\ntype: article\nurl: https://example.com/{n}\ndate: 2026-11-0{n + 1}\ntags: {tags}\n---\nN.\n",
            encoding="utf-8",
        )
    period = Period.parse("2026-11")
    entries, editorial, _ = read_period(tmp_path / "entries", period)
    assert collect(entries, editorial, period, config.load(tmp_path)).tags == ["İstanbul", "kitap", "şiir"]


def test_a_turkish_section_whose_capital_is_a_dotless_i_is_one_section(tmp_path):
    """Review 23: 'Işık' and 'ışık' (light; Turkish's capital of ı is I) were two sections, 'IŞIK'
    twice in the text part, as 'İnceleme' and 'inceleme' were: Unicode's casefold, of no language,
    makes I an i. 'AI' and 'ai' stay one, and the editorial file's 'ışık' orders 'Işık'."""
    from newsletter import config
    from newsletter.collect import collect
    from newsletter.read import read_period

    folder = _turkish_log(tmp_path)
    _entry(folder, "a.md", "Işık")
    _entry(folder, "bb.md", "AI")
    _entry(folder, "ccc.md", "ışık")
    _entry(folder, "dddd.md", "ai")
    (folder / "_index.md").write_text("---\nsections: [ai, ışık]\n---\n", encoding="utf-8")
    period = Period.parse("2026-11")
    entries, editorial, warnings = read_period(tmp_path / "entries", period)
    assert warnings == []
    edition = collect(entries, editorial, period, config.load(tmp_path))
    assert [(s.title, [e.path.name for e in s.entries]) for s in edition.sections] == [
        ("ai", ["bb.md", "dddd.md"]),
        ("ışık", ["a.md", "ccc.md"]),
    ]


def test_sections_hold_their_entries_in_order_whatever_the_mix(tmp_path):
    """collect groups each entry under its section's key made once (fast 28: the key of every
    entry was made again for each section, a twentieth of an edition's CPU outside rendering): the
    sections and their entries are those of one filter a section, for 300 random editions of
    entries of every type (the author's own apart), sections in cases alike, with and without an
    editorial order naming sections no entry has."""
    import random

    from newsletter import config
    from newsletter.collect import collect
    from newsletter.models import Entry, section_key
    from newsletter.read import Editorial

    _turkish_log(tmp_path)
    settings, period, rng = config.load(tmp_path), Period.parse("2026-11"), random.Random(28)
    names = [None, "Review", "review", "İnceleme", "inceleme", "Işık", "ışık", "Talks", "AI"]
    for _ in range(300):
        entries = [
            Entry(
                tmp_path / f"e{n}.md",
                rng.choice(Entry.types),
                f"https://example.com/{n}",
                dt.date(2026, 11, rng.randint(1, 30)),
                section=rng.choice(names),
            )
            for n in range(rng.randint(0, 30))
        ]
        editorial = Editorial(sections=rng.sample(names[1:], rng.randint(0, 4)))
        edition = collect(entries, editorial, period, settings)
        ordered = sorted(entries, key=lambda e: (e.date, e.path.name))
        others = [e for e in ordered if e.type != "mine"]
        keys = dict.fromkeys(
            [section_key(n) for n in editorial.sections] + [section_key(e.section_name) for e in others]
        )
        expected = [[e for e in others if section_key(e.section_name) == key] for key in keys]
        assert [s.entries for s in edition.sections] == [group for group in expected if group]
        assert edition.mine == [e for e in ordered if e.type == "mine"]
