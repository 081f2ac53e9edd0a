"""Reading entries: valid files parse, every kind of bad file gets one clear, located line."""

import datetime as dt
from pathlib import Path

import pytest

from newsletter.errors import EntryErrors
from newsletter.models import Period
from newsletter.read import Problem, parse_editorial, parse_entry, parse_front_matter, read_period

GOOD = """---
type: talk
url: https://www.youtube.com/watch?v=z-WSrQDXkuM
date: 2020-07-06
speakers: [Jake VanderPlas]
title: "JAX: Accelerated Machine Learning Research"
tags: [jax, ml]
---
This talk, from (virtual) SciPy 2020, motivates JAX.
"""


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_front_matter_is_a_pure_split():
    meta, body = parse_front_matter(GOOD)
    assert meta["type"] == "talk" and meta["date"] == dt.date(2020, 7, 6)
    assert body == "This talk, from (virtual) SciPy 2020, motivates JAX."


def test_a_good_entry_parses_into_the_model():
    entry, warnings = parse_entry(Path("jax.md"), GOOD)
    assert warnings == []
    assert (entry.type, entry.date, entry.speakers, entry.tags) == (
        "talk",
        dt.date(2020, 7, 6),
        ["Jake VanderPlas"],
        ["jax", "ml"],
    )
    assert entry.title == "JAX: Accelerated Machine Learning Research"
    assert entry.display_title == entry.title and entry.people_word == "Speaker"


def test_speakers_may_be_a_comma_separated_string():
    entry, _ = parse_entry(Path("x.md"), GOOD.replace("[Jake VanderPlas]", "Ada Lovelace, Alan Turing"))
    assert entry.speakers == ["Ada Lovelace", "Alan Turing"]
    assert entry.people_word == "Speakers"


@pytest.mark.parametrize(
    "kind, one, many", [("talk", "Speaker", "Speakers"), ("paper", "Author", "Authors"), ("course", "By", "By")]
)
def test_each_type_names_its_people_with_its_own_word(kind, one, many):
    """A course's people were its "Author": a course is taught, made by a school, or written,
    and no one role fits them all, so they are what it is by."""
    entry, _ = parse_entry(Path("x.md"), GOOD.replace("type: talk", f"type: {kind}"))
    assert entry.people_word == one
    entry, _ = parse_entry(Path("x.md"), GOOD.replace("type: talk", f"type: {kind}").replace("Plas]", "Plas, Ada]"))
    assert entry.people_word == many


@pytest.mark.parametrize(
    "text, message, line",
    [
        ("", "the file is empty", None),
        ("just notes\n", "no front matter", 1),
        ("---\ntype: talk\nurl: https://x.org\ndate: 2020-07-06\ntitle: JAX: fast\n---\n", "not valid YAML", 5),
        ('---\ntype: talk\ntitle: "JAX\nurl: https://x.org\ndate: 2020-07-06\n---\n', "a quote opened on this line", 3),
        ("---\ntype: talk\ntags: [jax, numpy\nurl: https://x.org\n---\n", "a [ or { opened on this line", 3),
        ('---\ntype: talk\ntags: [c++, "a"b]\nurl: https://x.org\n---\n', "check quotes and colons in values", 3),
        (GOOD.replace("url: https://www.youtube.com/watch?v=z-WSrQDXkuM\n", ""), "missing `url`", None),
        (GOOD.replace("date: 2020-07-06\n", ""), "missing `date`", None),
        (GOOD.replace("2020-07-06", "July 6th"), "date 'July 6th' is not a date; write it as YYYY-MM-DD", 4),
        # as Kai in Zürich wrote it (new user 48): the very day, in the form to write, not an example's
        (
            GOOD.replace("2020-07-06", "03.12.2026"),
            "date '03.12.2026' is not a date; write it as YYYY-MM-DD, like 2026-12-03",
            4,
        ),
        (
            GOOD.replace("2020-07-06", "31.02.2026"),
            "date '31.02.2026' is not a date; write it as YYYY-MM-DD, like 2021-02-14",
            4,
        ),
        # Tomás (new user 60) typed the day without its zero, and a link as his browser's bar showed
        # it: the very day, and the very address, in the form to write, not an example's
        (
            GOOD.replace("2020-07-06", "2026-12-3"),
            "date '2026-12-3' is not a date; write it as YYYY-MM-DD, like 2026-12-03",
            4,
        ),
        (
            GOOD.replace("2020-07-06", "2026/12/03"),
            "date '2026/12/03' is not a date; write it as YYYY-MM-DD, like 2026-12-03",
            4,
        ),
        (GOOD.replace("type: talk", "type: tlak"), "unknown type 'tlak' (did you mean 'talk'?)", 2),
        (GOOD.replace("https://www.youtube.com/watch?v=z-WSrQDXkuM", "youtube dot com"), "not a web address", 3),
        (
            GOOD.replace("https://www.", "www."),
            "url 'www.youtube.com/watch?v=z-WSrQDXkuM' is not a web address; write it in full, "
            "https://www.youtube.com/watch?v=z-WSrQDXkuM",
            3,
        ),
        (GOOD.replace("tags:", "duration: an hour\ntags:"), "duration 'an hour' is not a length of time", 7),
        # a zero is a length, just none to show: "not a length of time" sent the author looking for a typo
        (GOOD.replace("tags:", "duration: 0:00:00\ntags:"), "duration '0:00:00' is zero; write how long it runs", 7),
        (GOOD.replace("tags:", "episode: three\ntags:"), "episode 'three' is not a number", 7),
        ("---\n- type: talk\n- url: https://x.org\n---\nNotes.\n", "front matter must be `key: value` lines", 2),
    ],
)
def test_bad_entries_say_what_to_do(text, message, line):
    with pytest.raises(Problem) as caught:
        parse_entry(Path("x.md"), text)
    assert message in str(caught.value)
    assert caught.value.line == line


def test_unknown_keys_warn_with_a_hint_but_do_not_fail():
    entry, warnings = parse_entry(Path("x.md"), GOOD.replace("speakers:", "speaker:"))
    assert [str(w) for w in warnings] == ["x.md:5: unknown key 'speaker' (did you mean 'speakers'?); it is ignored"]
    assert entry.speakers == []


@pytest.mark.parametrize(
    "key, hint",
    [
        ("rating: 4", ""),  # difflib's likeness said 'duration'
        ("stars: 5", ""),
        ("link: https://x.org", ""),
        ("titel: T", " (did you mean 'title'?)"),  # two letters swapped
        ("dat: 2020-07-06", " (did you mean 'date'?)"),  # one missing
        ("sectoin: S", " (did you mean 'section'?)"),
        ("duraton: 1:00", " (did you mean 'duration'?)"),
        ("Episode: 3", " (did you mean 'episode'?)"),
    ],
)
def test_an_unknown_key_is_said_to_be_a_typo_only_of_a_key_it_nearly_is(key, hint):
    _, warnings = parse_entry(Path("x.md"), GOOD.replace("---\nThis talk", f"{key}\n---\nThis talk"))
    name = key.split(":")[0]
    assert [w.message for w in warnings] == [f"unknown key '{name}'{hint}; it is ignored"]


ENGLISH = "'? they are written in English)"


@pytest.mark.parametrize(
    "key, hint",
    [
        ("autores: [Ana Luz]", " (did you mean 'authors" + ENGLISH),
        ("duração: 52 min", " (did you mean 'duration" + ENGLISH),
        ("Rascunho: true", " (did you mean 'draft" + ENGLISH),
        ("etiquetas: [design]", " (did you mean 'tags" + ENGLISH),
        ("Schlagwörter: [design]", " (did you mean 'tags" + ENGLISH),
        ("sobre: x", ""),
    ],
)
def test_a_key_written_in_the_authors_language_names_the_english_one(key, hint):
    """Beatriz wrote `autores:` and `duração:`, as she says them: both were ignored with no word of
    what to write instead, where a typing slip (`titel:`) is named."""
    _, warnings = parse_entry(Path("x.md"), GOOD.replace("---\nThis talk", f"{key}\n---\nThis talk"))
    name = key.split(":")[0]
    assert [w.message for w in warnings] == [f"unknown key '{name}'{hint}; it is ignored"]


def test_a_type_and_a_missing_key_written_in_the_authors_language_are_named():
    text = GOOD.replace("type: talk", "tipo: palestra")
    with pytest.raises(Problem) as caught:
        parse_entry(Path("x.md"), text)
    assert "missing `type`: 'tipo' is not a key" in str(caught.value)
    with pytest.raises(Problem, match=r"unknown type 'palestra' \(did you mean 'talk'\? they are written in English\)"):
        parse_entry(Path("x.md"), GOOD.replace("type: talk", "type: palestra"))
    # An English word is not told that types are written in English; the French one is
    with pytest.raises(Problem, match=r"unknown type 'conference' \(did you mean 'talk'\?\); "):
        parse_entry(Path("x.md"), GOOD.replace("type: talk", "type: conference"))
    with pytest.raises(
        Problem, match=r"unknown type 'conférence' \(did you mean 'talk'\? they are written in English\)"
    ):
        parse_entry(Path("x.md"), GOOD.replace("type: talk", "type: conférence"))


def test_a_toot_is_not_taken_for_a_slip_of_tool():
    """`type: toot`, a Mastodon post, was asked "did you mean 'tool'?": a letter away, but a word
    of its own. It is told what fits it, and every type there is; a slip of `tool` is still asked."""
    with pytest.raises(Problem) as caught:
        parse_entry(Path("x.md"), GOOD.replace("type: talk", "type: toot"))
    assert str(caught.value).startswith(
        "unknown type 'toot' (a Mastodon post is no 'tool': a post, or a thread of them, is a 'thread'); "
        "use one of talk, paper, tool, article, podcast, video, book, course, thread, mine"
    )
    with pytest.raises(Problem, match=r"unknown type 'tooll' \(did you mean 'tool'\?\); "):
        parse_entry(Path("x.md"), GOOD.replace("type: talk", "type: tooll"))


@pytest.mark.parametrize("key", ["2021", "~", "2020-07-06", "true", "1.5"])
def test_a_key_yaml_reads_as_no_text_is_an_unknown_key_not_a_traceback(key):
    """YAML reads `2021:`, `~:` or a date as a number, null or date key; the typo hint compared
    it with the known keys as text, and `check` and `build` ended in a TypeError traceback."""
    entry, warnings = parse_entry(Path("x.md"), GOOD.replace("tags:", f"{key}: a good year\ntags:"))
    assert len(warnings) == 1 and "unknown key" in str(warnings[0]) and "it is ignored" in str(warnings[0])
    assert entry.tags == ["jax", "ml"]
    editorial = f"---\nsubject: S\n{key}: a good year\n---\nIntro.\n"
    with pytest.raises(Problem, match="unknown key"):
        parse_editorial(editorial)


def test_every_bad_file_is_reported_in_one_run(tmp_path):
    month = tmp_path / "2020" / "07"
    write(month, "good.md", GOOD)
    write(month, "latin1.md", GOOD.replace("motivates", "motivé").encode("latin-1"))
    write(month, "empty.md", "")
    write(month, "typo.md", GOOD.replace("type: talk", "type: artcle"))
    with pytest.raises(EntryErrors) as caught:
        read_period(tmp_path, Period.parse("2020-07"))
    problems = caught.value.problems
    assert len(problems) == 3
    assert any("empty.md: the file is empty" in p for p in problems)
    assert any(
        "latin1.md:9: not UTF-8 text (byte 0xe9, which is 'é' in Windows-1252 (\"ANSI\")); re-save the file as UTF-8"
        in p
        for p in problems
    )
    assert any("typo.md:2: unknown type 'artcle' (did you mean 'article'?)" in p for p in problems)
    assert "3 entries need fixing; nothing was written" in caught.value.format_message()


def test_an_impossible_date_is_one_of_the_files_problems_not_the_only_one(tmp_path):
    """`date: 2026-02-30` (YAML builds a date, Python refuses the day) made the whole front matter
    one problem: the same file's bad type and its tags' were told only once the date was fixed."""
    text = GOOD.replace("type: talk", "type: artcle").replace("2020-07-06", "2020-07-32").replace("[jax, ml]", "{a: b}")
    with pytest.raises(Problem) as caught:
        parse_entry(Path("x.md"), text)
    told = [(each.line, str(each)) for each in caught.value.each()]
    assert [line for line, _ in told] == [2, 4, 7]
    assert told[0][1].startswith("unknown type 'artcle'")
    assert (
        told[1][1]
        == "`date: 2020-07-32` is an impossible value (day is out of range for month); check the dates (YYYY-MM-DD)"
    )
    assert "tags" in told[2][1]
    # on any other key too
    with pytest.raises(Problem, match="`issued: 2021-02-29` is an impossible value"):
        parse_entry(Path("x.md"), GOOD.replace("tags:", "issued: 2021-02-29\ntags:"))


@pytest.mark.parametrize("offset", ["+25:00", "-99:99", "+05:99"])
def test_a_time_zone_offset_that_is_none_says_the_form_on_its_line(offset):
    """`date: 2020-07-06T10:00:00+25:00` was told "(offset must be a timedelta strictly between
    -timedelta(hours=24) and timedelta(hours=24), not datetime.timedelta(days=1, seconds=3600).)",
    and +05:99 was read as +06:39 without a word (attack 36)."""
    text = GOOD.replace("date: 2020-07-06", f"date: 2020-07-06T10:00:00{offset}")
    with pytest.raises(Problem) as caught:
        parse_entry(Path("x.md"), text)
    [(line, said)] = [(each.line, str(each)) for each in caught.value.each()]
    assert line == 4 and "timedelta" not in said
    assert said.startswith(f"`date: 2020-07-06T10:00:00{offset}` is an impossible value (no time zone is {offset} ")
    assert "+HH:MM or -HH:MM, at most 23:59, like 2020-07-06T10:00:00+01:00" in said
    entry, _ = parse_entry(Path("x.md"), text.replace(offset, "+05:30"))  # a real one, as ever
    assert entry.date == dt.date(2020, 7, 6)


def test_only_the_periods_folders_are_read(tmp_path):
    write(tmp_path / "2020" / "07", "jax.md", GOOD)
    write(tmp_path / "2019" / "01", "broken.md", "not an entry")  # another month: never opened
    entries, _, warnings = read_period(tmp_path, Period.parse("2020-W28", "sunday"))
    assert [e.path.name for e in entries] == ["jax.md"] and warnings == []


def test_a_misfiled_entry_is_flagged(tmp_path):
    write(tmp_path / "2020" / "07", "late.md", GOOD.replace("2020-07-06", "2020-09-02"))  # (a month off: test_misfiled)
    entries, _, warnings = read_period(tmp_path, Period.parse("2020-07"))
    assert entries == []
    assert "late.md: dated 2020-09-02 but filed under 2020/07; move it to entries/2020/09/ so its own" in warnings[0]


def test_drafts_are_left_out_unless_asked_for(tmp_path):
    write(tmp_path / "2020" / "07", "draft.md", GOOD.replace("tags:", "draft: true\ntags:"))
    assert read_period(tmp_path, Period.parse("2020-07"))[0] == []
    assert len(read_period(tmp_path, Period.parse("2020-07"), drafts=True)[0]) == 1


def test_editorial_text_of_a_month_and_a_week(tmp_path):
    write(tmp_path / "2020" / "07", "_index.md", "---\nsubject: July\nsections: [Talks]\n---\nHello July.\n")
    write(tmp_path / "2020" / "07", "_2020-W28.md", "---\nsubtitle: SciPy week\n---\nThis week, talks.\n")
    _, month, _ = read_period(tmp_path, Period.parse("2020-07"))
    _, week, _ = read_period(tmp_path, Period.parse("2020-W28", "sunday"))
    assert (month.subject, month.sections, month.intro) == ("July", ["Talks"], "Hello July.")
    assert (week.subtitle, week.intro) == ("SciPy week", "This week, talks.")


def test_an_editorial_file_without_front_matter_is_all_intro_not_an_entry(tmp_path):
    """An `_index.md` of text alone (Hugo reads one so) stopped the build with an entry's words:
    "no front matter; start the file with a '---' line, then the keys (type, url, date)". It is
    the edition's intro; Hugo's TOML front matter is named, not mailed to readers as the intro."""
    write(tmp_path / "2020" / "07", "jax.md", GOOD)
    write(tmp_path / "2020" / "07", "_index.md", "\ufeffHello **July**: talks, mostly.\n")
    entries, month, _ = read_period(tmp_path, Period.parse("2020-07"))
    assert (len(entries), month.intro, month.subject) == (1, "Hello **July**: talks, mostly.", "")
    write(tmp_path / "2020" / "07", "_index.md", '+++\ntitle = "July"\n+++\nHello.\n')
    with pytest.raises(EntryErrors) as error:
        read_period(tmp_path, Period.parse("2020-07"))
    said = str(error.value)
    assert "_index.md:1: an edition's own words take front matter in YAML between two '---' lines" in said
    assert "TOML (+++)" in said and "type, url, date" not in said
    write(tmp_path / "2020" / "07", "_index.md", "subject: July\n\nHello.\n")  # its '---' lines forgotten
    with pytest.raises(EntryErrors, match="_index.md:1: an edition's own words take front matter in YAML between"):
        read_period(tmp_path, Period.parse("2020-07"))


def test_an_editorial_files_front_matter_after_a_blank_line_is_said_not_mailed(tmp_path):
    """Hugo skips blank lines before front matter (hugo on such a page: its title read, its body
    alone shown), and a line left blank above '---' made the whole file the intro since the
    change above: '---', the keys and '---' went to the readers, `subject: March` a heading
    (review 41). It is named at line 1, as the other front matter that is not read."""
    write(tmp_path / "2020" / "07", "jax.md", GOOD)
    write(tmp_path / "2020" / "07", "_index.md", "\n---\nsubject: March\n---\nHello.\n")
    with pytest.raises(EntryErrors, match="_index.md:1: .*the first of them the file's first line"):
        read_period(tmp_path, Period.parse("2020-07"))


def test_a_weeks_second_editorial_file_in_its_other_month_is_said_to_be_left_out(tmp_path):
    """A week across two months may keep its own words in either month's folder; with a file in
    each, the second was read by nothing, and nothing said so."""
    entries = tmp_path / "entries"
    write(entries / "2026" / "11", "_2026-W49.md", "---\nsubject: First\n---\nHello.\n")
    write(entries / "2026" / "12", "_2026-W49.md", "---\nsubject: Second\n---\nHello.\n")
    _, week, warnings = read_period(entries, Period.parse("2026-W49"))
    assert week.subject == "First"
    assert warnings == [
        f"{entries / '2026' / '12' / '_2026-W49.md'}: left out: entries/2026/11/_2026-W49.md holds this "
        "week's own words, and a week has one such file; merge the two into one"
    ]


def test_a_section_the_editorial_text_orders_but_no_entry_has_is_warned_of(tmp_path):
    write(tmp_path / "2020" / "07", "jax.md", GOOD.replace("tags:", "section: Conda, pip and JAX\ntags:"))
    write(tmp_path / "2020" / "07", "_index.md", "---\nsections: [Conda, pip and JAX, Talks]\n---\nHello.\n")
    _, _, warnings = read_period(tmp_path, Period.parse("2020-07"))
    assert [w.split(": `")[0] for w in warnings] == [str(tmp_path / "2020" / "07" / "_index.md:2")] * 3
    assert ["'Conda'" in warnings[0], "'pip and JAX'" in warnings[1], "'Talks'" in warnings[2]] == [True] * 3


@pytest.mark.parametrize("written, at", [("Type: talk", 2), ("typ: talk", 2), ("TYPE: talk", 2)])
def test_a_required_key_misspelled_is_named_on_its_line(written, at):
    with pytest.raises(Problem) as caught:
        parse_entry(Path("x.md"), GOOD.replace("type: talk", written))
    assert f"missing `type`: '{written.split(':')[0]}' is not a key" in str(caught.value)
    assert caught.value.line == at


def test_episode_and_duration_are_read():
    entry, _ = parse_entry(Path("x.md"), GOOD.replace("tags:", "episode: 359\nduration: 1:05:37\ntags:"))
    assert (entry.episode, entry.duration) == (359, 3937)


@pytest.mark.parametrize(
    "line, advice, at",
    [
        ("tags: [mlops,", "a [ or { opened on this line is never closed", 5),
        ("  section: MLOps", "keys start at the beginning of the line", 5),
        ("\tsection: MLOps", "indent with spaces, not tabs", 5),
        ("tags:\n\t- mlops", "indent with spaces, not tabs", 6),
        ("imported:\n\tsource: x", "indent with spaces, not tabs", 6),
        ("title: *ml-ops", "must be quoted: put it in double quotes", 5),
        ("title: `ml`", "must be quoted: put it in double quotes", 5),
        ("title: - ml", "must be quoted: put it in double quotes", 5),
        ("title: 'it's broken'", "write an apostrophe as two", 5),
    ],
)
def test_a_yaml_mistake_says_what_to_do_on_its_line(line, advice, at):
    text = f"---\ntype: article\nurl: https://x.org/a\ndate: 2021-02-03\n{line}\n---\nNotes.\n"
    with pytest.raises(Problem) as caught:
        parse_entry(Path("x.md"), text)
    assert advice in str(caught.value) and caught.value.line == at


def test_a_key_given_twice_is_warned_of():
    text = "---\ntype: article\nurl: https://x.org/a\nsection: MLOps\ndate: 2021-02-03\nsection: Other\n---\nN.\n"
    entry, warnings = parse_entry(Path("x.md"), text)
    assert entry.section == "Other"
    assert [(w.line, w.code) for w in warnings] == [(6, "repeated-key")]
    assert "`section` is given twice (lines 4 and 6); the second is used" in warnings[0].message


@pytest.mark.parametrize(
    ("written", "seconds"),
    [("65 min", 3900), ("1 h 5 min", 3900), ("1h05", 3900), ("1 hour and 5 minutes", 3900), ("1.5 hours", 5400),
     ("45m30s", 2730), ("1:05:00", 3900), ("PT1H5M", 3900), ("3900", 3900),
     # in German, as a German edition writes it ("1 Std. 05 Min.") and as people do
     ("1 Std. 05 Min.", 3900), ("58 Minuten", 3480), ("1 Stunde und 5 Minuten", 3900), ("90 Sek.", 90),
     # and in Polish, as Tomasz's edition writes it ("1 godz. 5 min") and as Poles do
     ("1 godz. 5 min", 3900), ("65 minut", 3900), ("1 godzina i 5 minut", 3900), ("2 godziny 3 minuty", 7380),
     ("1 minuta", 60), ("90 sekund", 90),
     # and in Turkish, as Elif's [wording] writes it ("1 sa 5 dk") and as Turks do
     ("1 sa 5 dk", 3900), ("45 dk", 2700), ("1 saat 5 dakika", 3900), ("90 sn", 90), ("30 saniye", 30),
     # and as a Japanese, Chinese or Korean edition writes it ("1時間4分", "31分"), and people do
     ("1時間4分", 3840), ("1時間04分", 3840), ("31分", 1860), ("1 小时 4 分钟", 3840), ("45分钟", 2700),
     ("1시간 4분", 3840), ("90秒", 90), ("1 小時 4 分鐘", 3840), ("45分鐘", 2700),
     # and in Hindi, as Ananya's [wording] writes it ("1 घंटा 6 मिनट") and as she wrote `duration: 42 मिनट`
     ("42 मिनट", 2520), ("1 घंटा 6 मिनट", 3960), ("2 घंटे 5 मिनट", 7500), ("1 घण्टा", 3600), ("90 सेकंड", 90),
     # and in Persian, as Dariush's [wording] writes it ("1 ساعت و 5 دقیقه", its و "and")
     ("45 دقیقه", 2700), ("1 ساعت و 5 دقیقه", 3900), ("1 ساعت 5 دقیقه", 3900), ("2 ساعت", 7200), ("90 ثانیه", 90)],
)  # fmt: skip
def test_a_duration_reads_as_people_write_it(written, seconds):
    """`duration: 65 min` was "not a length of time": only clocks, ISO 8601 and seconds were."""
    text = f"---\ntype: talk\nurl: https://x.org/a\ndate: 2021-02-03\nduration: {written}\n---\nN.\n"
    entry, warnings = parse_entry(Path("x.md"), text)
    assert entry.duration == seconds and warnings == []


@pytest.mark.parametrize(
    "written, meant", [("１時間４分", "1時間4分"), ("９０分", "90分"), ("١:٠٥:٣٧", "1:05:37"), ("۴۵ دقیقه", "45 دقیقه")]
)
def test_a_duration_in_other_digits_is_told_the_digits_to_write(written, meant):
    """Yuki's IME typed `duration: １時間４分` in full-width digits: 'not a length of time; write it
    as 1:05:37, 65 min or 1 h 5 min', as if the units were wrong. The digits are named, with the
    length in 0-9, which the editors' schema reads too."""
    text = f"---\ntype: talk\nurl: https://x.org/a\ndate: 2021-02-03\nduration: {written}\n---\nN.\n"
    with pytest.raises(Problem) as told:
        parse_entry(Path("x.md"), text)
    assert str(told.value) == (
        f"duration '{written}' is written with digits other than 0-9, which editors do not read as a length; "
        f"write it as {meant}"
    )


def test_a_short_duration_without_a_unit_is_warned_of_as_seconds():
    """`duration: 65` is 65 seconds, as the schema says; an author who meant a 65-minute talk
    published "1 min" to every reader, warned of nothing."""
    text = "---\ntype: talk\nurl: https://x.org/a\ndate: 2021-02-03\nduration: 65\n---\nN.\n"
    entry, warnings = parse_entry(Path("x.md"), text)
    assert entry.duration == 65
    assert [(w.line, w.code) for w in warnings] == [(5, "duration-seconds")]
    assert "duration 65 reads as 65 seconds; if you meant minutes, write `duration: 65 min`" in warnings[0].message
    entry, warnings = parse_entry(Path("x.md"), text.replace("65", "'3600'"))  # an hour, in seconds: as written
    assert entry.duration == 3600 and warnings == []


def test_a_markdown_file_not_named_md_is_reported_not_skipped(tmp_path):
    from newsletter.models import Period
    from newsletter.read import scan_period

    folder = tmp_path / "2021" / "02"
    folder.mkdir(parents=True)
    entry = "---\ntype: article\nurl: https://x.org/a\ndate: 2021-02-03\n---\nN.\n"
    for name in ("a.md", "b.markdown", "c.MD", "a.md.bak", "a.md~"):
        (folder / name).write_text(entry)
    reading = scan_period(tmp_path, Period.parse("2021-02", "monday"))
    assert [e.path.name for e in reading.entries] == ["a.md"]
    found = sorted((f.path.name, f.message) for f in reading.problems + reading.warnings if f.code == "misnamed")
    assert found == [
        ("b.markdown", "entry files end in .md; rename it to b.md"),
        ("c.MD", "entry files end in .md; rename it to c.md"),
    ]


def test_a_misnamed_editorial_file_is_reported_not_skipped(tmp_path):
    """_Index.md, _idnex.md or _2021-w07.md: no build read it, and the edition went out without
    its intro unsaid. A `_notes.md` of the author's own is left alone."""
    from newsletter.models import Period
    from newsletter.read import scan_period

    folder = tmp_path / "2021" / "02"
    folder.mkdir(parents=True)
    for name in ("_idnex.md", "_2021-w07.md", "_notes.md", "_index.md"):
        (folder / name).write_text("---\nsubject: Hello\n---\nThe intro.\n")
    reading = scan_period(tmp_path, Period.parse("2021-02", "monday"))
    found = sorted((f.path.name, f.message) for f in reading.problems + reading.warnings if f.code == "misnamed")
    assert found == [
        ("_2021-w07.md", "no edition reads _2021-w07.md; rename it to _2021-W07.md"),
        ("_idnex.md", "no edition reads _idnex.md; rename it to _index.md"),
    ]


@pytest.mark.parametrize(
    "day", ["0001-01-01", "9999-12-31", "'0001-01-01'", "9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00+05:00"]
)
def test_a_date_no_edition_can_cover_is_named_with_its_line(day):
    """Such an entry was never part of any edition and nothing said so: periods end at 0002 and 9998."""
    with pytest.raises(Problem) as caught:
        parse_entry(Path("x.md"), GOOD.replace("2020-07-06", day))
    assert caught.value.line == 4
    assert str(caught.value).endswith(
        "is outside the years an edition can cover (0002 to 9998): no edition would ever include it; "
        "write the day you read it, like 2021-02-14"
    )
    assert parse_entry(Path("x.md"), GOOD.replace("2020-07-06", "0002-01-01"))[0].date == dt.date(2, 1, 1)


def test_a_buddhist_era_year_is_named_with_the_common_eras_day():
    """A Thai author's 'date: 2569-12-03' (this year's in the Buddhist Era, as her titles write it with
    date_language th) was a day 543 years on: in no edition she builds, and check said to move it."""
    this_year = dt.date.today().year
    with pytest.raises(Problem) as caught:
        parse_entry(Path("x.md"), GOOD.replace("2020-07-06", f"{this_year + 543}-03-05"))
    assert caught.value.line == 4
    assert str(caught.value) == (
        f"date '{this_year + 543}-03-05' is 543 years ahead: its year is the Buddhist Era's, "
        f"and entries are dated in the Common Era; write {this_year}-03-05"
    )
    # a year past that range is taken as written, as before
    assert parse_entry(Path("x.md"), GOOD.replace("2020-07-06", f"{this_year + 545}-01-01"))[0].date.year > 2500


def test_a_misfiled_entry_of_an_early_year_is_told_its_real_folder(tmp_path):
    write(tmp_path / "2020" / "07", "early.md", GOOD.replace("2020-07-06", "0999-08-02"))
    warnings = read_period(tmp_path, Period.parse("2020-07"))[2]
    assert "early.md: dated 0999-08-02 but filed under 2020/07; move it to entries/0999/08/" in warnings[0]


def test_a_misfiled_entry_dated_in_the_solar_hijri_calendar_is_told_its_day(tmp_path):
    """Dariush's `date: 1405-09-12`, 12 Azar as he dates a day, in entries/2026/12/ (new user 35),
    was told to move to entries/1405/09/, where no edition reads it. Where the date, read as the
    Solar Hijri calendar's, is a day of the month it is filed under, it is told that day; else (its
    Solar Hijri day of another month, or none) to move it, as before."""
    write(tmp_path / "2026" / "12", "hijri.md", GOOD.replace("2020-07-06", "1405-09-12"))
    write(tmp_path / "2026" / "12", "other.md", GOOD.replace("2020-07-06", "1405-07-12"))
    write(tmp_path / "2025" / "03", "leap.md", GOOD.replace("2020-07-06", "1403-12-30"))
    write(tmp_path / "2026" / "11", "none.md", GOOD.replace("2020-07-06", "1405-08-31"))  # Aban has 30 days

    def told(period):  # each warning, its file by name
        return [
            f"{Path(w.split(': ', 1)[0]).name}: {w.split(': ', 1)[1]}"
            for w in read_period(tmp_path, Period.parse(period))[2]
        ]

    assert told("2026-12") == [
        "hijri.md: dated 1405-09-12 but filed under 2026/12; as a day of the Solar Hijri calendar it is "
        "2026-12-03; dates are the Common Era's: write 2026-12-03",
        "other.md: dated 1405-07-12 but filed under 2026/12; move it to entries/1405/07/ so its own month's build "
        "finds it",
    ]
    assert (
        "leap.md: dated 1403-12-30 but filed under 2025/03; as a day of the Solar Hijri calendar it is 2025-03-20"
        in (told("2025-03")[0])
    )
    assert "none.md: dated 1405-08-31 but filed under 2026/11; move it to entries/1405/08/" in told("2026-11")[0]


@pytest.mark.parametrize(
    "url, shown",
    [
        (  # a title-less link, offline: the heading reads as the address bar shows it
            "https://ru.wikipedia.org/wiki/%D0%9C%D0%B0%D1%88%D0%B8%D0%BD%D0%BD%D0%BE%D0%B5_%D0%BE%D0%B1%D1%83%D1%87%D0%B5%D0%BD%D0%B8%D0%B5",
            "https://ru.wikipedia.org/wiki/Машинное_обучение",
        ),
        ("https://x.org/%e6%b7%b1%E5%BA%A6?q=%E5%AD%A6#%E4%B9%A0", "https://x.org/深度?q=学#习"),
        ("https://x.org/a%20b%2Fc%41", "https://x.org/a%20b%2Fc%41"),  # ASCII stays as written
        ("https://x.org/%E2%80%AEgpj.exe", "https://x.org/%E2%80%AEgpj.exe"),  # a bidi override: no
        ("https://x.org/%EF%BC%8Fetc", "https://x.org/%EF%BC%8Fetc"),  # a fullwidth slash: no
        ("https://x.org/%FF%D0%9C%D0", "https://x.org/%FFМ%D0"),  # not UTF-8: those bytes stay
        ("https://x.org/%ef%bf%bd%C3%A9", "https://x.org/%EF%BF%BDé"),
        (  # ノ is a letter that looks like a slash: in the user part it made this read as bank.com
            "https://bank.com%E3%83%8Elogin@evil.example/%E3%83%8E",
            "https://bank.com%E3%83%8Elogin@evil.example/ノ",
        ),
        ("https://x.org/a%E3%85%A4%E3%85%A4b", "https://x.org/a%E3%85%A4%E3%85%A4b"),  # Hangul fillers: blank
        ("https://x.org/e%CC%81" + "%CC%B8" * 6, "https://x.org/e\u0301" + "\u0338" * 3 + "%CC%B8" * 3),
    ],
)
def test_a_title_less_link_shows_its_escaped_letters(url, shown):
    entry, _ = parse_entry(Path("x.md"), f"---\ntype: article\nurl: {url}\ndate: 2020-07-06\n---\n")
    assert entry.display_title == shown
    assert entry.url == url  # the link itself is untouched


def test_words_and_numbers_in_text_keys_show_as_typed():
    """YAML 1.1 reads No as false, on as true and 3.10 as 3.1: a speaker, a section and a title
    then showed as "False", "TRUE" and "3.1" in every output. Only true/false are booleans."""
    text = GOOD.replace("speakers: [Jake VanderPlas]", "speakers: [No, Yes]\nsection: on").replace(
        'title: "JAX: Accelerated Machine Learning Research"', "title: 3.10"
    )
    entry, _ = parse_entry(
        Path("x.md"), text.replace("tags: [jax, ml]", "tags: [python, 3.10, off, 010]\ndraft: false")
    )
    assert (entry.speakers, entry.section, entry.title) == (["No", "Yes"], "on", "3.10")
    assert (entry.tags, entry.draft) == (["python", "3.10", "off", "010"], False)


def test_a_build_reads_each_entry_once_and_records_the_bytes_it_parsed(example_workspace, monkeypatch):
    """The build record's hashes are of the bytes the build parsed, read once: an edit landing
    between a hash and a second read would have recorded one text and published another."""
    import hashlib
    import json
    import sys

    from newsletter.build import build

    entry = sorted((example_workspace / "entries" / "2021" / "02").glob("[!_]*.md"))[0]
    opened, counting = [], [True]

    def count(event, args):
        if counting and event == "open" and str(args[0]) == str(entry):
            opened.append(args[0])

    sys.addaudithook(count)  # a hook cannot be removed: this one stops counting after the build
    build(example_workspace, "2021-02", offline=True)
    counting.clear()
    reads = len(opened)
    record = json.loads((example_workspace / "dist" / "2021-02" / "build.json").read_text())
    assert reads == 1
    assert record["inputs"]["entries/2021/02/" + entry.name] == hashlib.sha256(entry.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("notes", "rendered"),
    [
        ("    pip install jax\n\nThen run it.", "<pre><code>pip install jax\n</code></pre>"),
        ("  - first\n  - second", "<ul>\n<li>first</li>\n<li>second</li>\n</ul>"),  # not second inside first
    ],
)
def test_notes_and_an_intro_keep_the_indent_of_their_first_line(tmp_path, notes, rendered):
    """Only the blank lines around the notes go: the first line's indent is Markdown (an
    indented code block, a list's items), and stripping it made code a paragraph and moved
    the second item into the first."""
    from newsletter.formats.email import markdown_to_html
    from newsletter.read import parse_editorial

    text = GOOD.split("---\n")
    entry, _ = parse_entry(Path("jax.md"), f"---\n{text[1]}---\n\n{notes}\n\n")
    intro = parse_editorial(f"---\nsubject: S\n---\n\n{notes}\n").intro
    assert entry.notes == intro == notes
    assert rendered in markdown_to_html(entry.notes)


def test_an_entry_may_say_its_own_language_as_a_tag():
    # Layla's Arabic log, one entry in English: the tag marks its notes (lang) and quotes them in English
    front = "---\ntype: paper\nurl: https://example.com/vi\ndate: 2026-11-03\nlanguage: {}\n---\nNotes.\n"
    assert parse_entry(Path("vi.md"), front.format("EN-us"))[0].language == "en-US"
    assert parse_entry(Path("vi.md"), front.format("''"))[0].language is None
    assert parse_entry(Path("vi.md"), front.replace("language: {}\n", ""))[0].language is None
    with pytest.raises(Problem) as caught:
        parse_entry(Path("vi.md"), front.format("en_US"))
    assert str(caught.value) == "`language: en_US` is not a language tag; write it like `language: en-US`"
    assert caught.value.line == 5
    with pytest.raises(Problem, match="like `language: en`, `language: pt-BR`"):
        parse_entry(Path("vi.md"), front.format("English"))


def test_a_period_read_again_parses_only_the_entries_whose_text_changed(tmp_path):
    """The waiting process at a terminal reads the period again at each save of one note
    (commands/prepared.py): the other entries are the ones it parsed, a changed one is new."""
    write(tmp_path / "2020" / "07", "jax.md", GOOD)
    other = write(tmp_path / "2020" / "07", "other.md", GOOD.replace("z-WSrQDXkuM", "other"))
    first, _, _ = read_period(tmp_path, Period.parse("2020-07"))
    other.write_text(GOOD.replace("z-WSrQDXkuM", "other").replace("motivates JAX", "says why"), encoding="utf-8")
    again, _, _ = read_period(tmp_path, Period.parse("2020-07"))
    assert again[0] is first[0]  # jax.md: unchanged, not parsed again
    assert again[1] is not first[1] and again[1].notes.endswith("says why.") and first[1].notes.endswith("JAX.")
    other.unlink()
    assert read_period(tmp_path, Period.parse("2020-07"))[0] == [first[0]]


def test_an_entry_kept_from_the_last_read_is_read_again_when_what_its_date_is_read_by_changed(tmp_path):
    """A Thai author's 2569-12-03 is the Buddhist Era's year, refused with the day to write; where
    that year is read as written (buddhist_era_read off), the same text is an entry: the entry
    kept from that read must not stand for the text when the switch is back on."""
    from newsletter.links.date_values import buddhist_era_read

    write(tmp_path / "2569" / "12", "thai.md", GOOD.replace("2020-07-06", "2569-12-03"))
    era = buddhist_era_read.set(False)
    try:
        assert len(read_period(tmp_path, Period.parse("2569-12"))[0]) == 1
    finally:
        buddhist_era_read.reset(era)
    with pytest.raises(EntryErrors, match="years ahead: its year is the Buddhist Era's"):
        read_period(tmp_path, Period.parse("2569-12"))


def test_the_entries_kept_for_their_next_read_are_the_last_ones_parsed(tmp_path, monkeypatch):
    """`build --all` reads every entry of an archive once: no more than KEPT stay in memory."""
    from newsletter.files import kept_reads

    monkeypatch.setattr(kept_reads, "KEPT", 2)
    monkeypatch.setattr(kept_reads, "_PARSED", {})
    for day in ("06", "07", "08"):
        write(tmp_path / "2020" / "07", f"{day}.md", GOOD.replace("2020-07-06", f"2020-07-{day}"))
    read_period(tmp_path, Period.parse("2020-07"))
    assert [path.name for path in kept_reads._PARSED] == ["07.md", "08.md"]


def test_a_file_is_read_whole_in_one_read_and_the_one_that_finds_its_end(tmp_path):
    """files.read_whole reads what read_bytes reads (fast 28: `build --all` reads every entry so,
    in five system calls where a buffered open made nine): files of no bytes, of one, past the first
    read's 64 KB, of its size and the one after, Markdown in other scripts; a file whose size its
    file system does not tell (/proc says 0) read on to its end; no file, or a folder, an OSError
    as read_bytes raises. An edition's inputs are those bytes."""
    import os

    from newsletter import config, publish
    from newsletter.files import read_whole

    for size in (0, 1, 4095, 4096, 4097, 65535, 65536, 65537, 300_001):
        path = write(tmp_path, f"f{size}.md", bytes(range(256)) * (size // 256) + b"\xe2\x80\x9c" * (size % 256 // 3))
        assert read_whole(path) == path.read_bytes()
    if os.path.exists("/proc/self/status"):
        assert os.stat("/proc/self/status").st_size == 0
        assert read_whole("/proc/self/status").startswith(b"Name:") and read_whole("/proc/self/status").endswith(b"\n")
    for missing in (tmp_path / "gone.md", tmp_path):
        with pytest.raises(OSError) as raised:
            missing.read_bytes()
        with pytest.raises(type(raised.value)):
            read_whole(missing)

    (tmp_path / "newsletter.toml").write_text('[newsletter]\nname = "N"\n', encoding="utf-8")
    month = tmp_path / "entries" / "2020" / "07"
    write(month, "a.md", GOOD)
    write(month, "b.md", GOOD.replace("This talk", "Ce « talk », " * 20_000))
    (month / "c.md").mkdir()  # (a folder named like an entry: unreadable, its reader says why)
    settings = config.load(tmp_path)
    contents = publish.read_edition_inputs(settings, Period.parse("2020-07"))
    assert contents == {
        month / "a.md": (month / "a.md").read_bytes(),
        month / "b.md": (month / "b.md").read_bytes(),
        tmp_path / "newsletter.toml": (tmp_path / "newsletter.toml").read_bytes(),
    }


def test_a_key_given_empty_still_goes_through_its_rule_but_an_empty_link():
    """entry_from looks at the keys an entry gives before their rules (fast 28: each of the twenty
    was looked up in every entry): one given with no value is still checked (`draft:` left empty
    is no answer, and says so, on its line), an empty `url:` is a book's or highlight's no link,
    and an unknown key is still named, as is a required one missing."""
    base = {"type": "book", "date": "2021-02-03", "title": "T"}
    for empty in ("", None):
        with pytest.raises(Problem) as raised:
            read_entry_from({**base, "draft": empty})
        assert [(str(each), each.line) for each in raised.value.each()] == [
            (f"`draft: {'' if empty == '' else 'None'}` should be true or false, without quotes", 5)
        ]
        entry, warnings = read_entry_from({**base, "url": empty, "tags": empty, "imported": empty, "speaker": "Ada"})
        assert (entry.url, entry.tags, entry.imported, [w.code for w in warnings]) == (None, [], [], ["unknown-key"])
    with pytest.raises(Problem, match="missing `date`"):
        read_entry_from({"type": "book", "title": "T", "url": ""})


def read_entry_from(meta: dict):
    from newsletter.read import entry_from

    return entry_from(Path("entries/2021/02/a.md"), meta, "Notes.", dict.fromkeys(meta, 5))
