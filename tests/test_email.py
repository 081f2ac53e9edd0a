"""Every example edition's email passes the email-safe checklist; the .eml is well formed."""

import email
import json
import os
import re
import threading
from email import policy
from html import unescape
from types import SimpleNamespace

import pytest

from newsletter.build import build
from newsletter.errors import NewsletterError
from newsletter.formats import email as made_email

from email_rules import violations
from helpers import EDITIONS, seed_cache
from hugo_versions import hugo_build


@pytest.mark.parametrize("period", EDITIONS)
def test_example_editions_are_email_safe(example_workspace, period):
    seed_cache(example_workspace)
    outputs = build(example_workspace, period, offline=True).outputs
    assert violations(outputs.html, outputs.text) == []


def test_the_checklist_catches_what_it_should():
    bad = (
        "<!doctype html><html><head></head><body><p>hi</p><script>x()</script>"
        '<img src="http://x/a.png"><a href="/relative" onclick="x()">a</a>'
        '<div style="display:flex"></div><style>p { color: red }</style>'
        '<h1>t</h1><h3>skips</h3><a href=" DATA:text/html,x">d</a><div style="background: url(/x.png)"></div>'
        '<base href="https://x.example/"><link rel="preload" href="https://fonts.example/f.woff2">'
        '<meta http-equiv="refresh" content="0;url=https://x.example/"></body></html>'
    )
    white = '<!DOCTYPE html><html><body><div style="display:none;color:#ffffff;">Preview</div></body></html>'
    assert "7: the preheader is hidden by its colour, which spam filters score" in violations(white)
    heard = '<!DOCTYPE html><html><body><div style="display:none;">Preview</div></body></html>'
    assert '7: the preheader is not hidden from screen readers (aria-hidden="true")' in violations(heard)
    found = "\n".join(violations(bad, text=""))
    for rule in (
        "1: does not start",
        "1: <html> has no lang",
        "2: has <script>",
        "2: <a> has onclick",
        "4: <style> holds more",
        "4: <div> style uses",
        "5: <img src=http://x/a.png> has no alt",
        "5: <img> src 'http://x/a.png' is not absolute https",
        "6: link '/relative' is not absolute",
        "6: no visible unsubscribe link",
        "7: the first element",
        "9: link /relative missing",
        "1: <html> has no dir",
        "1: heading <h3> follows <h1>, skipping a level",
        "2: <a> href is a data: URL",
        "2: <div> style loads a url() that is not absolute https",
        "2: has <base href=https://x.example/>",
        "2: has <link rel=preload",
        "2: has a <meta http-equiv=refresh>",
    ):
        assert rule in found
    mixed = '<!DOCTYPE html><html lang="ar" dir="rtl"><body><div style="direction: ltr"></div></body></html>'
    assert "1: <div> has direction: ltr in a dir=rtl email" in violations(mixed)


def test_fetched_text_cannot_inject_markup(example_workspace):
    seed_cache(example_workspace)  # the DevOps article's fetched title carries a <script>
    entry = example_workspace / "entries/2020/07/devops-for-data-scientists.md"
    entry.write_text(re.sub(r"(?m)^title:.*\n", "", entry.read_text()))
    outputs = build(example_workspace, "2020-W28", offline=True).outputs
    assert "<script>" not in outputs.html and "&lt;script&gt;alert(1)&lt;/script&gt;" in outputs.html
    assert "<script>" not in outputs.post and "&lt;script&gt;alert(1)&lt;/script&gt;" in outputs.post
    assert "http://insecure.example/picture.png" not in outputs.html  # images must be https


def test_the_eml_is_multipart_alternative_text_first(example_workspace):
    outputs = build(example_workspace, "2021-02", offline=True).outputs
    message = email.message_from_bytes(outputs.eml, policy=policy.default)
    assert message.get_content_type() == "multipart/alternative"
    parts = [part.get_content_type() for part in message.iter_parts()]
    assert parts == ["text/plain", "text/html"]
    assert message["Subject"] == "Data Science Programming February 2021 Newsletter"
    assert message["From"] == "Eric Ma <eric@example.com>"
    assert message["List-Unsubscribe"] == (
        "<https://tinyletter.com/ericmjl/unsubscribe>, <mailto:unsubscribe@example.com>"
    )
    assert message["List-Unsubscribe-Post"] is None  # the unsubscribe page is no one-click endpoint
    assert message["List-Id"] == "Data Science Programming Newsletter <data-science-programming-newsletter.example.com>"
    assert message["Message-ID"].startswith("<2021-02.") and message["Message-ID"].endswith("@example.com>")
    text, html = (part.get_content() for part in message.iter_parts())
    assert text.replace("\r\n", "\n") == outputs.text and html.replace("\r\n", "\n").rstrip("\n") == outputs.html


def test_the_eml_bodies_round_trip_in_lines_rfc_2045_allows(example_workspace):
    """Both bodies decode to exactly what was rendered, whatever the text holds: trailing
    spaces and tabs, '=', long words, non-ASCII, a lone dot; no encoded line passes 76, or
    begins "From "."""
    import datetime as dt
    import random

    from newsletter import config
    from newsletter.formats.email import message

    result = build(example_workspace, "2021-02", offline=True)
    settings = config.load(example_workspace)
    rng = random.Random(7)
    pieces = ["word", "=", "= ", " ", "\t", "é", "’", "—", "😀", ".", "From ", "x" * 90, "=3D", "\r"]
    for _ in range(200):
        lines = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(rng.randint(1, 6))]
        text = "\n".join(lines).replace("\r", "")
        html = "<p>" + "\n".join(lines).replace("\r", "") + "</p>"
        raw = message(result.edition, settings, html, text, dt.datetime(2021, 2, 28, tzinfo=dt.UTC))
        assert max(len(line) for line in raw.split(b"\r\n")) <= 76
        assert b"\n" not in raw.replace(b"\r\n", b"")  # CRLF only
        assert b"\nFrom " not in raw  # a mailbox file would store it as ">From "
        parsed = email.message_from_bytes(raw, policy=policy.default)
        assert not parsed.defects and all(not part.defects for part in parsed.iter_parts())
        got_text, got_html = (part.get_content().replace("\r\n", "\n") for part in parsed.iter_parts())
        assert got_text == "\n".join(text.splitlines()) + "\n"
        assert got_html == "\n".join(html.splitlines()) + "\n"


def test_the_eml_bodies_end_their_lines_where_the_bytes_splitlines_would(example_workspace):
    """Each body's lines end in CRLF where the UTF-8 bytes' splitlines() ends a line (CR, LF,
    CRLF; not at the vertical tab, form feed, U+001C, U+0085 or U+2028 that str.splitlines
    breaks at), replaced in place rather than split into lines and joined; a base64 body is
    base64.encodebytes' lines with CRLF."""
    import base64
    import datetime as dt
    import random

    from newsletter import config
    from newsletter.formats.email import message

    result = build(example_workspace, "2021-02", offline=True)
    settings = config.load(example_workspace)
    rng = random.Random(11)
    pieces = ["word", " ", "\r", "\n", "\r\n", "\n\r", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "é", "x" * 80]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        html = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        raw = message(result.edition, settings, html, text, dt.datetime(2021, 2, 28, tzinfo=dt.UTC))
        text_part, html_part = email.message_from_bytes(raw, policy=policy.default).iter_parts()
        for part, body in ((text_part, text), (html_part, html)):
            assert part.get_payload(decode=True) == b"\r\n".join(body.encode().splitlines()) + b"\r\n"
        for encoded in re.findall(rb"Content-Transfer-Encoding: base64\r\n\r\n(.*?)\r\n--", raw, re.S):
            decoded = base64.b64decode(encoded)
            assert encoded.rstrip(b"\r\n") + b"\r\n" == base64.encodebytes(decoded).replace(b"\n", b"\r\n")
        # render gives the parts as the UTF-8 it encoded once: the same message
        assert (
            message(result.edition, settings, html.encode(), text.encode(), dt.datetime(2021, 2, 28, tzinfo=dt.UTC))
            == raw
        )


def test_an_oversized_email_warns_and_names_the_longest_notes(example_workspace):
    long_note = example_workspace / "entries/2021/02/model-search.md"
    long_note.write_text(long_note.read_text() + "\n\nMore words here, at length. " * 4000)
    result = build(example_workspace, "2021-02", offline=True)
    assert len(result.warnings) == 1
    assert "over the 90 KB budget (Gmail clips messages at about 102 KB)" in result.warnings[0]
    assert "the longest first: model-search.md" in result.warnings[0]


def test_an_email_over_budget_from_many_short_entries_is_not_told_to_trim_notes(example_workspace):
    """A month of 150 one-line entries was told to "trim the longest notes" (three of a few
    bytes, "1 KB of notes" each): it would have been over the budget with no notes at all."""
    for number in range(150):
        (example_workspace / f"entries/2021/02/short-{number}.md").write_text(
            f"---\ntype: article\nurl: https://example.com/{number}\ndate: 2021-02-03\ntitle: T{number}\n---\nNote.\n"
        )
    result = build(example_workspace, "2021-02", offline=True)
    [warning] = result.warnings
    assert "over the 90 KB budget" in warning and "from the notes" not in warning
    assert "Its 158 entries are too many for one email even without their notes" in warning
    # how many to leave, not only "some" (new user 55's 150 entries, 518 KB: 26 fit)
    size = len(result.outputs.html.encode())
    average = f"{size / 158 / 1024:.1f}"  # (config.kb rounds up: a few hundred bytes each here)
    assert f"leave some for the next edition ({90 * 1024 * 158 // size} of its 158 fit, at their average" in warning
    assert float(re.search(r"average of ([\d.]+) KB each", warning)[1]) >= float(average)
    # a week's share of them fits: said (40 of the 158 a week, in February's 28 days)
    assert 'a week\'s worth (about 40) would, with `cadence = "weekly"` in [newsletter]; a later' in warning
    assert (warning.over.size, warning.over.budget_kb, warning.over.weekly) == (size, 90, True)  # (as data too)
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('week_start = "sunday"', 'week_start = "monday"'))
    for number in range(150):  # a week of them, then, is past what fits: not said
        (example_workspace / f"entries/2021/02/short-{number}.md").write_text(
            f"---\ntype: article\nurl: https://example.com/{number}\ndate: 2021-02-03\ntitle: T{number}\n---\n"
            + "A longer note, of a few lines, on why this one is worth a reader's time. " * 40
            + "\n"
        )
    [warning] = build(example_workspace, "2021-02", offline=True).warnings
    assert "of its 158 fit" in warning and "cadence" not in warning and not warning.over.weekly
    [warning] = build(example_workspace, "2021-W05", offline=True).warnings
    assert "of its 151 fit" in warning and "cadence" not in warning  # a week is said no week


def test_a_month_of_forty_entries_fits_in_gmail(example_workspace):
    """A real month of 40 entries (a title, a byline, a line of notes or none) was a 140 KB
    email, clipped by Gmail below its 30th entry or so, unsubscribe link and all: each entry
    was an MJML section of its own, some 2.5 KB of Outlook tables. An entry is rows of its
    section's column now, and the month fits, with room for notes."""
    for number in range(40):
        note = "" if number % 3 else "A short note on why this one is worth the time, and what stuck.\n"
        (example_workspace / f"entries/2021/02/month-{number}.md").write_text(
            f"---\ntype: article\nurl: https://news.example.com/2021/02/{number}/a-story-about-it\n"
            f"date: 2021-02-03\ntitle: A headline of ordinary length, number {number}\n"
            f"authors: [Jane Doe]\n---\n{note}"
        )
    result = build(example_workspace, "2021-02", offline=True)
    assert result.warnings == []
    assert violations(result.outputs.html, result.outputs.text) == []
    assert len(result.outputs.html.encode()) < 75_000


LONG_NOTE = (
    "A paragraph on what the paper found, with [its data](https://example.org/data/{n}) and *the one "
    "figure* worth a look, and what I would try next on our own numbers at work. "
) * 4


def test_a_month_of_long_notes_is_told_how_much_to_trim_to_fit_in_gmail(example_workspace):
    """40 entries, each with three paragraphs of notes, made a 156 KB email, and build said
    "Trim the longest notes" naming three of 3 KB: with those three gone whole, the email was
    still 147 KB, clipped by Gmail with its last entries and the unsubscribe link. The warning
    says how much the notes must lose, and losing that much, longest first, brings it under."""
    folder = example_workspace / "entries/2021/02"
    for number in range(40):
        notes = "\n\n".join(LONG_NOTE.format(n=number) for _ in range(3))
        (folder / f"long-{number:02d}.md").write_text(
            f"---\ntype: paper\nurl: https://example.org/papers/{number}\ndate: 2021-02-03\n"
            f"title: Paper {number}\n---\n{notes}\n"
        )
    [warning] = build(example_workspace, "2021-02", offline=True).warnings
    said = re.search(
        r"Trim about ([\d.]+) KB from the notes \(([\d.]+) KB in all\), the longest first: (\S+) ", warning
    )
    assert said, warning
    to_cut = float(said[1]) * 1024
    assert float(said[2]) > float(said[1])  # the advice can be followed
    entries = sorted(folder.glob("*.md"), key=lambda p: len(p.read_bytes().split(b"---\n", 2)[-1]), reverse=True)
    longest = len(entries[0].read_bytes().split(b"---\n", 2)[-1])
    assert said[3] in [p.name for p in entries if len(p.read_bytes().split(b"---\n", 2)[-1]) == longest]
    for path in entries:  # as an author would: the longest notes first, by the amount said
        head, notes = path.read_text().rsplit("---\n", 1)
        cut = min(len(notes) - 1, int(to_cut))
        path.write_text(head + "---\n" + notes[: len(notes) - cut].rstrip(" *[(") + "\n")
        to_cut -= cut
        if to_cut <= 0:
            break
    result = build(example_workspace, "2021-02", offline=True)
    assert result.warnings == [], result.warnings


def test_a_long_edition_whose_text_part_lists_its_links_far_down_is_told_of_inline_links(example_workspace):
    """New user 55's (Hiro's) 150 entries made a text part that numbers every link to a list at
    its very end, 215 links from line 4,277 of 4,496; `text_links = "inline"` existed and
    nothing said so. The size warning, which speaks of the edition's length, says it where the
    list starts far down, with where; not where the links are inline already."""
    for number in range(150):
        (example_workspace / f"entries/2021/02/short-{number}.md").write_text(
            f"---\ntype: article\nurl: https://example.com/{number}\ndate: 2021-02-03\ntitle: T{number}\n---\nNote.\n"
        )
    result = build(example_workspace, "2021-02", offline=True)
    [warning] = result.warnings
    lines = result.outputs.text.splitlines()
    start = max(number for number, line in enumerate(lines, start=1) if line.startswith("[1] "))
    count = sum(bool(re.match(r"\[\d+\] ", line)) for line in lines[start - 1 :])
    assert start > 200 and count > 150
    assert warning.endswith(
        f" Its text part lists its {count} links at the end, from line {start:,} of {len(lines):,}: "
        '`text_links = "inline"` in [email] writes each beside its words.'
    ), warning
    assert warning.over.far_links  # (the figures `build --all` says once: commands/said_once.py)
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace("[email]\n", '[email]\ntext_links = "inline"\n', 1))
    [warning] = build(example_workspace, "2021-02", offline=True).warnings
    assert "over the 90 KB budget" in warning and "text_links" not in warning and not warning.over.far_links


def test_a_short_edition_over_a_small_budget_is_not_told_of_inline_links(example_workspace):
    """Over a 1 KB budget, an edition of a few entries lists its links a screen below them: inline
    links would not help, and are not suggested."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace("max_html_kb = 90 ", "max_html_kb = 1 "))
    result = build(example_workspace, "2021-02", offline=True)
    [warning] = [warning for warning in result.warnings if "over the 1 KB budget" in warning]
    assert "text_links" not in warning and len(result.outputs.text.splitlines()) < 200


def test_an_email_over_budget_by_more_than_its_notes_is_not_told_to_trim_more_than_they_hold(example_workspace):
    """105 entries with two lines of notes each made a 121 KB email, and build said "Trim about
    30.7 KB from the notes (24.5 KB in all)": advice no one can follow (with every note cut to a
    word the email was still 100 KB). Where the notes hold less than the excess, it says so and
    that entries may have to wait for the next edition."""
    folder = example_workspace / "entries/2021/02"
    note = ("Plain words about what I read and why it matters to me. " * 4)[:200]
    for number in range(105):
        (folder / f"short-{number:03d}.md").write_text(
            f"---\ntype: article\nurl: https://example.com/{number}\ndate: 2021-02-03\ntitle: T{number}\n---\n{note}\n"
        )
    [warning] = build(example_workspace, "2021-02", offline=True).warnings
    figures = re.search(r"Trim about ([\d.]+) KB from the notes \(([\d.]+) KB in all\)", warning)
    assert figures is None or float(figures[1]) <= float(figures[2]), warning
    assert "leave some entries for the next edition" in warning and "the longest first: " in warning


def test_an_editions_html_and_text_are_encoded_once_for_every_use(example_workspace):
    """The .eml, the size check, the files and the build record each encoded the ~250 KB of HTML
    (four times an edition): render's outputs keep one encoding of each part, anew for a part
    replaced since, and the size check measures the bytes as it measured the text."""
    from newsletter.build import prepare
    from newsletter.formats.email import size_warnings

    outputs = prepare(example_workspace, "2021-02", offline=True).outputs
    assert outputs.utf8("html") == outputs.html.encode() and outputs.utf8("html") is outputs.utf8("html")
    assert outputs.utf8("text") == outputs.text.encode()
    outputs.html = "<p>Café ’s</p>"
    assert outputs.utf8("html") == "<p>Café ’s</p>".encode()
    settings = SimpleNamespace(email=SimpleNamespace(max_html_kb=1))
    edition = SimpleNamespace(entries=[])
    for html in ("é" * 600, "é" * 400, "x" * 1100):
        assert size_warnings(html.encode(), edition, settings) == size_warnings(html, edition, settings)
    assert size_warnings(("é" * 600).encode(), edition, settings)  # 1,200 bytes: over 1 KB


def test_an_email_just_over_budget_is_not_said_to_be_the_budget():
    """Floored to whole KB, an email 150 bytes over a 90 KB budget was "90 KB, over the 90 KB budget"."""
    from newsletter.formats.email import size_warnings

    settings = SimpleNamespace(email=SimpleNamespace(max_html_kb=90))
    edition = SimpleNamespace(entries=[])
    [warning] = size_warnings("x" * (90 * 1024 + 150), edition, settings)
    assert warning.startswith("The email is 90.2 KB, over the 90 KB budget")
    assert size_warnings("x" * (90 * 1024), edition, settings) == []


def test_an_entrys_notes_in_the_budget_warning_are_said_as_every_size_is(tmp_path):
    """The warning said each of the longest entries' notes in whole KB, one over ("3,072 bytes
    of notes" as "4 KB of notes", 100 bytes as "1 KB"), beside "Trim about 2.0 KB from the notes
    (4.5 KB in all)" in the same line; and they were ordered by characters, not the bytes the
    email holds, so a Chinese note of 1,100 characters (3,300 bytes) came after an English one
    of 1,200."""
    from newsletter.formats.email import size_warnings

    settings = SimpleNamespace(email=SimpleNamespace(max_html_kb=1))
    chinese, english, short = ("读" * 1100, "e" * 1200, "n" * 100)
    edition = SimpleNamespace(
        entries=[
            SimpleNamespace(path=tmp_path / f"{name}.md", notes=notes)
            for name, notes in (("english", english), ("chinese", chinese), ("short", short))
        ]
    )
    [warning] = size_warnings("x" * (3 * 1024), edition, settings)
    assert warning.endswith(
        "the longest first: chinese.md (3.3 KB of notes), english.md (1.2 KB of notes), short.md (0.1 KB of notes)."
    ), warning


def test_a_length_or_an_episode_number_is_never_broken_across_lines(example_workspace):
    """Kofi read his weekly edition on a phone: the podcast's line ended "… · Episode 42 · 1" and
    the next began "h 06 min", a talk's "42" stood apart from its "min". A short fact (a length,
    an episode, a repository's stars) keeps its words on one line; a long list of people still
    wraps where it must."""
    podcast = example_workspace / "entries/2022/04/talkpython-359.md"
    podcast.write_text(podcast.read_text().replace("episode: 359\n", "episode: 359\nduration: 1:05:37\n"))
    outputs = build(example_workspace, "2022-04", offline=True).outputs
    (facts,) = re.findall(r'<p class="facts"[^>]*>(Michael Kennedy.*?)</p>', outputs.html)
    unbroken = re.findall(r'<span style="[^"]*white-space: ?nowrap[^"]*">([^<]*)</span>', facts)
    assert unbroken == ["Episode 359", "1 h 06 min"]
    assert facts.startswith("Michael Kennedy, Demetrios Brinkmann, Kate Kuznecova, Vishnu Rachakonda · ")
    assert violations(outputs.html, outputs.text) == []


def test_the_text_part_keeps_a_length_or_an_episode_number_on_one_line_too(example_workspace):
    """The HTML kept "1 h 06 min" on one line (nowrap); the text part joined its words with plain
    spaces, which its own wrap at 78 columns, and a reader's narrow window, broke after "1"."""
    podcast = example_workspace / "entries/2022/04/talkpython-359.md"
    podcast.write_text(podcast.read_text().replace("episode: 359\n", "episode: 359\nduration: 1:05:37\n"))
    outputs = build(example_workspace, "2022-04", offline=True).outputs
    (facts,) = [line for line in outputs.text.split("\n\n") if "Episode" in line]
    assert facts.endswith("Episode\u00a0359 · 1\u00a0h\u00a006\u00a0min")
    assert "Demetrios Brinkmann, Kate Kuznecova" in facts  # a long fact still wraps where it must
    assert violations(outputs.html, outputs.text) == []


def test_a_thumbnail_under_its_title_is_not_read_out_a_second_time(example_workspace):
    """A talk's thumbnail had its title as alt text, linked to the same page as the title a screen
    reader had just read: the title twice. And mrml's height="auto" on it is no HTML (a height is
    a number). The thumbnail says nothing (alt="") and its link is hidden from screen readers;
    its height is the CSS's alone, and Outlook sizes it by its numeric width."""
    seed_cache(example_workspace)
    html = build(example_workspace, "2020-W28", offline=True).outputs.html
    thumbnails = re.findall(r"<a ([^>]*)><img ([^>]*)>", html)
    assert len(thumbnails) == 2
    for link, image in thumbnails:
        assert 'alt=""' in image and 'width="544"' in image and "height: auto" in image
        assert 'aria-hidden="true" tabindex="-1"' in link
    assert 'height="auto"' not in html
    assert html.count("JAX: Accelerated Machine Learning Research</span></a></h3>") == 1
    assert violations(html) == []


def test_a_books_cover_is_shown_small_at_the_texts_edge(example_workspace):
    """New user 50 (Olu) reads books, linked to Open Library, Goodreads or Bookshop.org, whose
    pages give the cover (og:image): his edition showed none, only talks' and videos' thumbnails.
    A book's cover is shown at 120 px, not at the column's 544 (a cover is tall: it filled a
    phone's screen), at the text's left edge, saying nothing a second time (alt="") as a
    thumbnail does; a book without a picture or without a link has none, and talks keep theirs."""
    from newsletter.config import load
    from newsletter.links.cache import MetadataCache
    from newsletter.models import Metadata

    seed_cache(example_workspace)
    folder = example_workspace / "entries/2020/07"
    page, cover = "https://openlibrary.org/works/OL484722W", "https://covers.openlibrary.org/b/id/6979861-L.jpg"
    (folder / "things-fall-apart.md").write_text(
        f"---\ntype: book\nurl: {page}\ndate: 2020-07-08\nauthors: [Chinua Achebe]\n---\nRead again.\n"
    )
    (folder / "kintu.md").write_text("---\ntype: book\ndate: 2020-07-09\ntitle: Kintu\n---\nRead.\n")
    settings = load(example_workspace)
    with MetadataCache(settings.state_dir, settings.fetch.max_age_days) as cache:
        cache.put(page, Metadata(url=page, title="Things Fall Apart", image=cover, kind="book"))
    html = build(example_workspace, "2020-W28", offline=True).outputs.html
    pictures = dict(re.findall(r'<img alt="" src="([^"]+)" width="(\d+)"', html))
    assert pictures.pop(cover) == "120" and set(pictures.values()) == {"544"} and len(pictures) == 2
    assert len(re.findall(f'<a href="{page}"[^>]*aria-hidden="true"[^>]*><img', html)) == 1
    assert re.search(r'<td align="left"[^>]*8px 28px 12px[^>]*><table[^>]*><tbody><tr><td[^>]*width: 120px', html)
    assert violations(html) == []


def test_an_image_in_a_note_becomes_a_link_with_its_alt_text(example_workspace):
    """Images in notes have no known size (Outlook stretches an image without a width): the
    email shows them as the text part does, `[image: alt]`, linked to the picture, instead of
    dropping them and leaving a broken sentence; only http(s) pictures are linked."""
    note = example_workspace / "entries/2021/02/model-search.md"
    note.write_text(
        note.read_text() + "\nA chart: ![the chart](https://example.com/chart.png) and "
        '<img src="javascript:alert(1)" alt="a trap"> then [![a badge](https://example.com/b.svg)](https://example.com/ci).\n'
    )
    outputs = build(example_workspace, "2021-02", offline=True).outputs
    assert '<a href="https://example.com/chart.png"' in outputs.html and "[image: the chart]</a>" in outputs.html
    assert "[image: a trap]" in outputs.html and "javascript" not in outputs.html
    assert '<a href="https://example.com/ci"' in outputs.html and "[image: a badge]</a>" in outputs.html
    assert violations(outputs.html, outputs.text) == []


def test_a_table_and_footnotes_in_a_note_read_in_both_parts_as_on_the_blog(example_workspace):
    """Hugo renders Markdown tables and footnotes on the blog; the email showed their pipes,
    em-dashes (smarty's ---) and [^1] marks as text."""
    note = example_workspace / "entries/2021/02/model-search.md"
    note.write_text(
        note.read_text() + "\n| Model | Score |\n|---|---:|\n| NAS | **0.9** |\n\n"
        "Searched for days[^days].\n\n[^days]: Three, on [a cluster](https://example.com/cluster).\n"
    )
    outputs = build(example_workspace, "2021-02", offline=True).outputs
    assert "<table" in outputs.html and ">NAS</td>" in outputs.html and "|—|" not in outputs.html
    assert "[^days]" not in outputs.html and "Searched for days<sup>1</sup>" in outputs.html
    assert "Model | Score\n-------------\nNAS   |   0.9" in outputs.text  # lined up, Score to the right
    assert "Searched for days¹." in outputs.text and "\n¹ Three, on a cluster [" in outputs.text
    assert "[^days]" not in outputs.text and "qq" not in outputs.text
    assert violations(outputs.html, outputs.text) == []


def test_a_table_s_columns_keep_their_alignment_in_the_email_as_on_the_blog(example_workspace):
    """Ines's table of timings, '| --- | ---: | :-: |': the blog (Goldmark) and the text part
    aligned the figures right, the email set every cell to the left, the parser's alignment
    dropped with the other styles a note cannot bring in. A cell's own style stays out."""
    note = example_workspace / "entries/2021/02/model-search.md"
    note.write_text(
        note.read_text() + "\n| método | amostras | ok |\n| --- | ---: | :-: |\n| NUTS | 400 000 | sim |\n\n"
        '<table><tr><td style="color: red; text-align: right;">raw</td></tr></table>\n'
    )
    outputs = build(example_workspace, "2021-02", offline=True).outputs
    cells = re.findall(r'<t([hd]) style="[^"]*text-align: (\w+)[^"]*">([^<]*)<', outputs.html)
    assert ("h", "left", "método") in cells and ("h", "right", "amostras") in cells and ("h", "center", "ok") in cells
    assert ("d", "left", "NUTS") in cells and ("d", "right", "400 000") in cells and ("d", "center", "sim") in cells
    assert ("d", "left", "raw") in cells and "color: red" not in outputs.html
    # Outlook on Windows gives a table's cells Times New Roman unless they name a font themselves
    fonts = re.findall(r'<t[hd] style="([^"]*border: 1px solid #d0d7de[^"]*)">', outputs.html)
    assert len(fonts) == 7 and all("font-family: -apple-system, BlinkMacSystemFont" in f for f in fonts)
    assert violations(outputs.html, outputs.text) == []


def test_struck_words_in_a_note_are_struck_in_both_parts_as_on_the_blog(example_workspace):
    """Hugo's Goldmark strikes ~~words~~ (strikethrough is on by default); the email showed the
    tildes as text, and the text part would have dropped them, saying the opposite."""
    note = example_workspace / "entries/2021/02/model-search.md"
    note.write_text(note.read_text() + "\nI ~~hate~~ love it; H~2~O stays as typed.\n")
    outputs = build(example_workspace, "2021-02", offline=True).outputs
    assert "I <del>hate</del> love it; H~2~O stays as typed." in outputs.html
    assert "I ~~hate~~ love it; H~2~O stays as typed." in outputs.text
    assert violations(outputs.html, outputs.text) == []


def test_a_backslash_ending_a_line_breaks_it_in_both_parts_as_on_the_blog(example_workspace):
    """CommonMark (Hugo's Goldmark) breaks a line that ends in a backslash, the hard break of an
    author whose editor strips trailing spaces; the email showed 'Line one\\ line two', with the
    backslash and without the break, in both parts. One ending the paragraph stays, as there."""
    note = example_workspace / "entries/2021/02/model-search.md"
    note.write_text(note.read_text() + "\nLine one\\\nline two, and a path C:\\\n")
    outputs = build(example_workspace, "2021-02", offline=True).outputs
    assert re.search(r"Line one<br ?/?>\s*line two, and a path C:\\</p>", outputs.html)
    assert "Line one\nline two, and a path C:\\\n" in outputs.text
    assert violations(outputs.html, outputs.text) == []


def test_hugos_own_escape_of_a_shortcode_shows_in_the_email_as_on_the_blog(example_workspace):
    """`{{</* youtube id */>}}` is how a Hugo author shows a shortcode as typed; the blog shows
    `{{< youtube id >}}`, and the email and its text part showed the /* */ too."""
    note = example_workspace / "entries/2021/02/model-search.md"
    note.write_text(note.read_text() + "\nEmbed it with {{</* youtube abc */>}} or `{{%/* x */%}}`.\n")
    outputs = build(example_workspace, "2021-02", offline=True).outputs
    assert "Embed it with {{&lt; youtube abc &gt;}} or <code" in outputs.html and "{{% x %}}</code>" in outputs.html
    assert "Embed it with {{< youtube abc >}} or {{% x %}}." in outputs.text
    assert "/*" not in outputs.html + outputs.text
    assert "{{</* youtube abc */>}}" in outputs.post  # the blog's Hugo does the showing


def test_a_bare_url_or_address_in_a_note_is_a_link_as_on_the_blog(example_workspace):
    """Hugo's Goldmark links bare URLs, www. addresses and email addresses (linkify is on by
    default); the email and the web archive showed them as dead text."""
    note = example_workspace / "entries/2021/02/model-search.md"
    note.write_text(
        note.read_text() + "\nCode at https://github.com/google/model_search, docs at www.example.org. "
        "Questions to authors@example.com, or see https://en.wikipedia.org/wiki/Rust_(language).\n"
    )
    outputs = build(example_workspace, "2021-02", offline=True).outputs
    page = (example_workspace / "site/static/newsletter/2021-02/index.html").read_text()
    for html in (outputs.html, page):
        assert '<a href="https://github.com/google/model_search"' in html
        assert '<a href="http://www.example.org"' in html and "www.example.org</a>." in html
        assert "https://en.wikipedia.org/wiki/Rust_(language)</a>." in html
        assert re.search(r'<a href="(mailto:|&#109;)[^"]*"[^>]*>[^<]*</a>, or see', html)
    text = " ".join(outputs.text.split())  # as written, whichever line each falls on
    assert "Code at https://github.com/google/model_search, docs at http://www.example.org. " in text
    assert "Questions to authors@example.com, or see https://en.wikipedia.org/wiki/Rust_(language). " in text
    assert violations(outputs.html, outputs.text) == []


def test_a_notes_headings_and_details_keep_their_shape_in_the_email(example_workspace):
    """The sanitiser drops tags it does not allow and keeps their words: a note's `## heading`
    became a plain line and a <details> ran its summary into its text ("SpoilerThe butler")."""
    note = example_workspace / "entries/2021/02/model-search.md"
    note.write_text(
        note.read_text() + "\n## What I tried\n\nA paragraph.\n\n"
        '<details><summary title="a>b">Spoiler</summary>The butler did it.</details>\n'
    )
    outputs = build(example_workspace, "2021-02", offline=True).outputs
    assert re.search(r"<h4[^>]*>What I tried</h4>", outputs.html)
    assert re.search(r"<p[^>]*><strong[^>]*>Spoiler</strong></p>\s*<p[^>]*>The butler did it.</p>", outputs.html)
    assert "SpoilerThe" not in outputs.html and "details" not in outputs.html
    assert violations(outputs.html, outputs.text) == []


def test_a_notes_headings_keep_their_nesting_in_the_email(example_workspace):
    """New user 61's long note had a `## What he gets right` and, under it, a `### A smaller
    point`: the post nested them (h3, h4) but the email made both an <h4>, so a screen reader
    listing the headings put the smaller point beside the one it belongs under. The note's
    shallowest heading is the <h4> under its entry's, each deeper one a level below, as far as
    <h6>; a note of `###` alone still starts at <h4>, skipping no level."""
    from newsletter.formats.email import markdown_to_html

    nested = markdown_to_html("## Right\n\nA.\n\n### Smaller\n\nB.\n\n#### Smallest\n\n##### Tiny\n\n## Also")
    assert re.findall(r"<(h\d)>(\w+)</h\d>", nested) == [
        ("h4", "Right"),
        ("h5", "Smaller"),
        ("h6", "Smallest"),
        ("h6", "Tiny"),
        ("h4", "Also"),
    ]
    assert re.findall(r"<(h\d)>", markdown_to_html("### Only\n\nA.\n\n#### Below")) == ["h4", "h5"]
    # a deeper heading against an Arabic edition's direction is laid out in its own, as an <h4> is
    arabic = markdown_to_html("## مكتبة المدينة\n\nنص عربي.\n\n### The quiet library of the city", language="ar")
    assert '<h5 dir="ltr"' in arabic
    note = example_workspace / "entries/2021/02/model-search.md"
    note.write_text(note.read_text() + "\n## What I tried\n\nA paragraph.\n\n### The first try\n\nIt failed.\n")
    outputs = build(example_workspace, "2021-02", offline=True).outputs
    assert re.search(r"<h4[^>]*>What I tried</h4>.*<h5[^>]*>The first try</h5>", outputs.html, re.S)
    assert violations(outputs.html, outputs.text) == []


@pytest.mark.parametrize("tag", ["not", "textarea", "title", "xmp", "iframe", "template", "nav"])
def test_a_word_in_angle_brackets_leaves_the_rest_of_its_paragraph_in_the_email(tag):
    """Devi wrote 'a 5% interval is <not> what people think it is.': check said the post and the
    email leave the tag out, but the email's HTML ended the sentence at 'is ', while the text
    part and the blog showed the rest. The sanitiser's HTML5 parser read on past an unknown tag
    (or made what followed a <textarea>'s, <title>'s or <xmp>'s raw text, or a <template>'s
    hidden content, or closed the paragraph at a <nav>). A tag the email does not keep goes
    before it is parsed, its words staying, as the text part and the blog keep them; <script>
    and <style> still go with their content."""
    from newsletter.formats.email import markdown_to_html

    html = markdown_to_html(f"a 5% interval is <{tag}> what people think it is.\n\nNext.")
    assert html == "<p>a 5% interval is  what people think it is.</p>\n<p>Next.</p>"
    hidden = markdown_to_html("Before <script>alert(1)</script><style>p{}</style> after. <b onclick=x>Bold</b>")
    assert hidden == "<p>Before  after. <b>Bold</b></p>"


def test_an_apostrophe_inside_an_unknown_tag_leaves_the_words_after_it_in_the_email():
    """In an HTML block, '<x don't> know what's up' lost 'know what's up': the tag-stripping read
    the apostrophe as a quote opening an attribute's value and ran the tag on to the next quote
    and '>'. HTML5 opens a value only after '=', as it does here; a '>' in a quoted value is
    still the value's."""
    from newsletter.formats.email import markdown_to_html

    html = markdown_to_html("<div>\nI <x don't> know what's up.\n</div>\n\nNext.")
    assert " ".join(html.split()) == "I know what's up. <p>Next.</p>"
    html = markdown_to_html("<div>\n<y title=\"a>b\" data='c>d'>kept</y> words\n</div>")
    assert " ".join(html.split()) == "kept words"


@pytest.mark.parametrize("enabled", [True, False])
def test_emoji_shortcodes_are_emoji_in_the_email_where_the_blog_shows_them(example_workspace, hugo, enabled):
    """Devi's Blowfish site sets `enableEmoji = true` (Blowfish's own settings do), so the blog
    showed 'tell the team 🚀' and '⚠️ Jinja inside SQL…', while the email and its text part said
    ':rocket:' and ':warning:'. The email follows the site: emoji where Hugo makes them, the
    shortcode as typed where it does not (and in code either way). A shortcode needs no word
    boundary: Hugo's Emojify (0.111 and 0.168 alike) makes 'key:id:value' 'key🆔value' on the
    blog, so the email does too (a session took it for the email's mistake)."""
    site = example_workspace / "site"
    if enabled:
        (site / "hugo.toml").write_text("enableEmoji = true\n" + (site / "hugo.toml").read_text())
    note = example_workspace / "entries/2021/02/model-search.md"
    note.write_text(note.read_text() + "\nTell the team :rocket:, not `:rocket:` in code. A key:id:value pair.\n")
    outputs = build(example_workspace, "2021-02", offline=True).outputs
    shown = "Tell the team \U0001f680, not" if enabled else "Tell the team :rocket:, not"
    assert shown in outputs.html and shown in " ".join(outputs.text.split())
    pair = "A key\U0001f194value pair." if enabled else "A key:id:value pair."
    assert pair in outputs.html
    assert ":rocket:</code>" in outputs.html

    hugo_build(hugo, site)
    page = unescape((site / "public/posts" / outputs.post_slug / "index.html").read_text())
    assert shown in page  # (Hugo 0.111 writes the character, and makes one in code too; current Hugos an entity)
    assert pair in page


@pytest.mark.parametrize("run", [True, False])
def test_a_shortcode_that_runs_on_the_blog_is_left_out_of_the_email(example_workspace, run):
    """Blowfish renders a page's math only when it calls `{{< katex >}}`, so Devi set `shortcodes
    = true` and put one in her notes: the blog ran it, and her readers got '{{< katex >}}' as
    typed, in both parts. Where shortcodes run on the blog, the email leaves their tags out and
    keeps the words between a pair; Hugo's escape still shows one as typed, as on the blog; where
    they do not run, the blog shows them as typed, and so does the email."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace("shortcodes = false", f"shortcodes = {str(run).lower()}"))
    note = example_workspace / "entries/2021/02/model-search.md"
    note.write_text(
        note.read_text() + '\n{{< katex >}}\nMaths, {{< alert icon="fire" >}}careful{{< /alert >}}, '
        "and `{{</* katex */>}}` to show one.\n"
    )
    outputs = build(example_workspace, "2021-02", offline=True).outputs
    text = " ".join(outputs.text.split())
    if run:
        assert ">Maths, careful, and <code" in outputs.html and "Maths, careful, and {{< katex >}} to show one." in text
        assert "{{&lt; katex &gt;}}</code> to show one." in outputs.html and outputs.html.count("katex") == 1
    else:
        assert "{{&lt; katex &gt;}} Maths, {{&lt; alert" in " ".join(outputs.html.split())
        assert (
            "{{< katex >}} Maths, {{< alert icon=”fire” >}}careful{{< /alert >}}, and" in text
        )  # (quotes curled, as in any note)


def test_the_markdown_inside_a_details_block_is_markdown_in_the_email():
    """Devi's '<details>' on why her team does not auto-deploy held a paragraph after a blank
    line, 'can still be *worse*': the blog (Goldmark, both Hugos, Blowfish) shows it in italics,
    while the email showed the stars and ran the paragraph into the next one, and the text part
    kept the stars too: the whole element was raw HTML to Python-Markdown. Its inside is parsed
    as Markdown now; one in code is shown as typed."""
    from newsletter.formats.email import markdown_to_html
    from newsletter.formats.text import Links, to_text

    source = (
        "Intro.\n\n<details>\n<summary>Why we do not auto-deploy</summary>\n\n"
        "A model can still be *worse*.\n\n- a list\n\n</details>\n\nNext.\n\n```\n<details>\n```\n"
    )
    html = " ".join(str(markdown_to_html(source)).split())
    assert html == (
        "<p>Intro.</p> <p><strong>Why we do not auto-deploy</strong></p> <p>A model can still be "
        "<em>worse</em>.</p> <ul> <li>a list</li> </ul> <p>Next.</p> "
        '<table role="presentation" width="100%" '
        'cellpadding="0" cellspacing="0" border="0" style="table-layout: fixed; width: 100%; border-collapse: '
        'collapse;"><tr><td dir="ltr" style="text-align: left;">'
        "<pre><code>&lt;details&gt; </code></pre></td></tr></table>"
    )
    assert to_text(source, Links()) == (
        "Intro.\n\nWhy we do not auto-deploy\n\nA model can still be worse.\n\n- a list\n\nNext.\n\n    <details>"
    )


def test_a_task_list_shows_its_boxes_in_the_email():
    """Devi's 'What I want to try' list ('- [x] rewrite the bootstrap loop', '- [ ] port the
    Kalman filter') showed its Markdown in the email, '[x] rewrite…', where the blog draws a
    checkbox (Goldmark's task lists, on in Hugo by default). A mail client draws no <input>, so
    the item starts with the box as a character, ☑ or ☐; brackets elsewhere are left alone, and the
    text part keeps '[x]', plain text's own way to write it."""
    from newsletter.formats.email import markdown_to_html
    from newsletter.formats.text import Links, to_text

    source = "- [x] done\n- [ ] todo\n    - [ ] nested\n\n1. [X] one\n\n2. [ ] loose\n\nA [ ] box in text. [x]\n"
    html = markdown_to_html(source)
    assert "<li>\u2611 done</li>" in html and "<li>\u2610 todo<ul>" in html and "<li>\u2610 nested</li>" in html
    assert "<p>\u2611 one</p>" in html and "<p>\u2610 loose</p>" in html
    assert "<p>A [ ] box in text. [x]</p>" in html
    assert "- [x] done" in to_text(source, Links())


def test_an_escaped_box_is_no_task_in_the_email():
    """'- \\[x] marks a box' is how Markdown says the brackets are text, and the blog shows
    '[x] marks a box' (Goldmark's task lists see no box); the email drew a ☑ all the same."""
    from newsletter.formats.email import markdown_to_html
    from newsletter.formats.text import Links, to_text

    source = "- \\[x] marks a box\n- \\[ ] and so\n- [x] a task\n\n1. \\[X] loose\n\n2. [ ] loose task\n"
    html = markdown_to_html(source)
    assert "<li>[x] marks a box</li>" in html and "<li>[ ] and so</li>" in html and "<li>\u2611 a task</li>" in html
    assert "<p>[X] loose</p>" in html and "<p>\u2610 loose task</p>" in html
    assert "task-list-item" not in html
    assert "- [x] marks a box" in to_text(source, Links()) and "- [x] a task" in to_text(source, Links())


@pytest.mark.parametrize("period", EDITIONS)
def test_the_inbox_preview_shows_the_preheader_and_nothing_after_it(example_workspace, period):
    """Inboxes show the first words of the body's text after the subject (Gmail and Apple Mail
    about 100 to 200 characters), hidden ones included: that is the preheader. A short one was
    followed by "View in your browser" and the newsletter's name; invisible characters after it
    fill the preview instead."""
    from selectolax.lexbor import LexborHTMLParser

    seed_cache(example_workspace)
    outputs = build(example_workspace, period, offline=True).outputs
    body = LexborHTMLParser(outputs.html).body
    preheader = " ".join(next(node for node in body.iter() if node.tag != "-text").text().split())
    preview = " ".join(body.text(separator=" ").split())[:200]
    shown = " ".join(re.sub("[\u034f\u200c\u200b\ufeff]", "", preview).split())
    assert preheader and shown == re.sub("[\u034f\u200c]", "", preheader).strip()


@pytest.mark.parametrize("written", ["Ma, Éric <eric@example.com>", '"Ma, Éric" <eric@example.com>'])
def test_a_name_with_a_comma_stays_one_mailbox(example_workspace, written):
    """ "Last, First <address>" is how many write a name, and how Outlook shows one. Unquoted in
    the header, the comma made From two mailboxes, one with no domain: Gmail refuses a message
    whose From has several addresses, and the Message-ID fell back to newsletter.invalid."""
    settings = example_workspace / "newsletter.toml"
    text = settings.read_text()
    text = re.sub(r"(?m)^from = .*$", lambda _: f"from = {json.dumps(written)}", text)  # a TOML string too
    text = re.sub(r"(?m)^to = .*$", 'to = "Readers, all of them <list@example.com>"', text)
    text = re.sub(r"(?m)^reply_to = .*$", 'reply_to = "\\"A\\" <a@example.com>, B <b@example.com>"', text)
    settings.write_text(text, encoding="utf-8")
    eml = build(example_workspace, "2021-02", offline=True).outputs.eml
    message = email.message_from_bytes(eml, policy=policy.default)
    for name, (display, address) in {
        "From": ("Ma, Éric", "eric@example.com"),
        "To": ("Readers, all of them", "list@example.com"),
    }.items():
        header = message[name]
        assert [(a.display_name, a.addr_spec) for a in header.addresses] == [(display, address)], name
        assert header.defects == (), (name, header.defects)
    assert [a.addr_spec for a in message["Reply-To"].addresses] == ["a@example.com", "b@example.com"]
    assert message["Message-ID"].endswith("@example.com>")


def test_a_right_to_left_edition_reads_right_to_left_in_every_block(example_workspace):
    """dir="rtl" on <html> is not enough: Gmail drops <html>'s attributes, and every section and
    text block carried MJML's inline `direction: ltr` and `text-align: left`, which override an
    inherited direction, so Arabic or Hebrew ran left to right, flush left."""
    from selectolax.lexbor import LexborHTMLParser

    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "ar"'), encoding="utf-8")
    seed_cache(example_workspace)
    html = build(example_workspace, "2020-W28", offline=True).outputs.html
    tree = LexborHTMLParser(html)
    assert tree.css_first("html").attributes["dir"] == "rtl"
    styles = [(node.tag, (node.attributes or {}).get("style") or "") for node in tree.root.traverse()]
    assert [s for s in styles if re.search(r"direction\s*:\s*ltr", s[1])] == []
    texts = [s for tag, s in styles if tag == "div" and "font-family" in s]  # MJML's text blocks
    indented = [s for tag, s in styles if tag in ("ul", "ol", "blockquote")]  # from the notes
    assert indented and all(re.search(r"padding: 0 \d+px 0 0", s) for s in indented), indented
    assert all("border-left" not in s for s in indented)
    assert texts and [s for s in texts if re.search(r"text-align\s*:\s*left", s)] == []


def test_the_eml_says_the_editions_language(example_workspace):
    """The .eml named no language: an Arabic edition's message said so only in its HTML part's
    <html lang>, which webmail drops with <html> and the text part has none of. It carries
    RFC 3282's Content-Language, the newsletter's `language`."""
    settings = example_workspace / "newsletter.toml"
    seed_cache(example_workspace)
    languages = {}
    for language in ("en", "ar"):
        settings.write_text(re.sub(r'language = "\w+"', f'language = "{language}"', settings.read_text(), count=1))
        eml = build(example_workspace, "2020-W28", offline=True).outputs.eml
        languages[language] = email.message_from_bytes(eml, policy=policy.default).get_all("Content-Language")
    assert languages == {"en": ["en"], "ar": ["ar"]}


@pytest.mark.parametrize(
    "name, decoded",
    [
        ('Ma, \\"Eric\\" Notes', '"Ma, \\"Eric\\" Notes" <ma-eric-notes.example.com>'),
        ("Lettre d’Éric", "Lettre d’Éric <lettre-d-eric.example.com>"),
    ],
)
def test_the_list_id_phrase_is_quoted_or_encoded_as_rfc_2919_asks(example_workspace, name, decoded):
    """List-Id's phrase is RFC 5322's: a newsletter name with a comma or quotes went in bare,
    which a mail filter reads as a broken header and a list reader cannot group by."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(re.sub(r'(?m)^name = ".*"$', f'name = "{name}"', settings.read_text(), count=1))
    eml = build(example_workspace, "2021-02", offline=True).outputs.eml
    message = email.message_from_bytes(eml, policy=policy.default)
    assert str(message["List-Id"]) == decoded and not message["List-Id"].defects
    assert re.search(rb"(?m)^List-Id: [\x20-\x7e]+<[a-z0-9.-]+>\r$", eml)


@pytest.mark.parametrize(
    "name, label",
    [
        ("Qué leí: lecturas de Mariana", "que-lei-lecturas-de-mariana"),
        ("Große Bücher", "grosse-bucher"),
        ("Çà et là", "ca-et-la"),
        ("陈静的阅读周报", "newsletter"),  # no Latin letter to spell: the list's word, as before
    ],
)
def test_a_list_id_spells_an_accented_name_in_ascii(example_workspace, name, label):
    """Mariana's List-Id, made from her newsletter's name, went out as 'que-le-lecturas-de-mariana':
    each accented letter a '-', where RFC 2919's ids write the name's letters without their accents."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(re.sub(r'(?m)^name = ".*"$', f'name = "{name}"', settings.read_text(), count=1))
    message = email.message_from_bytes(
        build(example_workspace, "2021-02", offline=True).outputs.eml, policy=policy.default
    )
    assert str(message["List-Id"]).endswith(f" <{label}.example.com>")


def test_a_list_that_went_out_under_its_accent_dashed_id_keeps_it(example_workspace):
    """Readers filter a list by its id: one whose editions went out as 'lecturas-de-mar-a' keeps it
    (its copy as sent says so), where a list that has sent nothing yet takes the spelled one."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(re.sub(r'(?m)^name = ".*"$', 'name = "Lecturas de María"', settings.read_text(), count=1))
    sent = example_workspace / "dist/2021-01/sent.eml"
    sent.parent.mkdir(parents=True)
    sent.write_bytes(
        b"From: m@example.com\r\nList-Id: =?utf-8?q?Lecturas_de_Mar=C3=ADa?=\r\n <lecturas-de-mar-a.example.com>\r\n"
        b"Subject: x\r\n\r\nList-Id: <lecturas-de-maria.example.com>\r\n"
    )
    eml = build(example_workspace, "2021-02", offline=True).outputs.eml
    assert str(email.message_from_bytes(eml, policy=policy.default)["List-Id"]).endswith(
        " <lecturas-de-mar-a.example.com>"
    )
    sent.unlink()
    made_email._MADE.clear()  # (the headers made from the settings are kept for the process)
    eml = build(example_workspace, "2021-02", offline=True).outputs.eml
    assert str(email.message_from_bytes(eml, policy=policy.default)["List-Id"]).endswith(
        " <lecturas-de-maria.example.com>"
    )


def test_a_line_beginning_from_survives_a_mailbox_file_and_its_signature(example_workspace, tmp_path):
    """2022-04's note "From the archives, ..." began a text-part line with "From ". A mailbox file
    (mbox: Thunderbird's local folders, mutt, many servers' deliveries) begins each message with
    "From ", so it stores such a line as ">From ": readers saw ">From the archives", and the
    stored copy no longer matched its DKIM signature. Quoted-printable writes it "=46rom "."""
    import mailbox

    import dkim

    from newsletter.delivery import signing

    from fake_dns import rsa_key

    made = rsa_key(tmp_path)
    if made is None:
        pytest.skip("no openssl to make a DKIM key")
    pem, record = made
    key = signing.Key("example.com", "news", pem.read_bytes())
    result = build(example_workspace, "2022-04", offline=True)
    assert "\nFrom the archives" in result.outputs.text  # the case itself, in the example edition
    signed = signing.sign(result.outputs.eml, key)
    box = mailbox.mbox(tmp_path / "inbox")  # Python's mbox stores as MDAs do (mboxo: ">From ")
    box.add(signed)
    box.flush()
    [stored] = mailbox.mbox(tmp_path / "inbox")
    raw = stored.as_bytes().replace(b"\n", b"\r\n")
    text = email.message_from_bytes(raw, policy=policy.default).get_body(("plain",)).get_content()
    assert text.replace("\r\n", "\n") == result.outputs.text
    assert dkim.verify(raw, dnsfunc=lambda name, timeout=5: record.encode())
    # the edition's language is signed too: relabelled on the way, the signature fails
    relabelled = signed.replace(b"\r\nContent-Language: en\r\n", b"\r\nContent-Language: fr\r\n", 1)
    assert relabelled != signed and not dkim.verify(relabelled, dnsfunc=lambda name, timeout=5: record.encode())


def test_a_long_non_ascii_list_name_is_encoded_words_rfc_2047_allows(example_workspace):
    """List-Id goes out folded only at its spaces (a long list id is never encoded words), so
    its name must come encoded already: formataddr makes one word of any length, 76 characters
    for this name, over RFC 2047's 75, on a line of 85. Each word is within 75, each line within
    76, and readers decode the name as it was written."""
    name = "Zoë’s Lesezeichen — Ünïcödé Weekly 📚"
    settings = example_workspace / "newsletter.toml"
    settings.write_text(re.sub(r'(?m)^name = ".*"$', f'name = "{name}"', settings.read_text(), count=1))
    eml = build(example_workspace, "2021-02", offline=True).outputs.eml
    head = eml.split(b"\r\n\r\n")[0].decode("ascii")
    field = re.search(r"^List-Id:[^\r]*(?:\r\n[ \t][^\r]*)*", head, re.MULTILINE)[0]
    assert max(len(line) for line in field.split("\r\n")) <= 76
    assert max(len(word) for word in re.findall(r"=\?[^?]*\?[bq]\?[^?]*\?=", field)) <= 75
    message = email.message_from_bytes(eml, policy=policy.default)
    assert str(message["List-Id"]).startswith(f"{name} <") and not message["List-Id"].defects


def list_unsubscribe_with(root, line: str) -> str:
    """The February edition's List-Unsubscribe, unfolded, built with `line` in place of the
    example's list_unsubscribe_mailto setting."""
    settings = root / "newsletter.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r'(?m)^list_unsubscribe_mailto = ".*"', line, text), encoding="utf-8")
    eml = build(root, "2021-02", offline=True).outputs.eml
    head = eml.split(b"\r\n\r\n")[0].decode("ascii")
    field = re.search(r"^List-Unsubscribe:([^\r]*(?:\r\n[ \t][^\r]*)*)", head, re.MULTILINE)[1]
    return " ".join(field.split())


@pytest.mark.parametrize(
    "written", ["Unsubscribe <unsubscribe@example.com>", '"Zoë, Abmeldung" <unsubscribe@example.com>']
)
def test_an_unsubscribe_mailto_written_like_a_from_is_its_address(example_workspace, written):
    """`list_unsubscribe_mailto` written as the other address settings are, "Name <address>", went
    out as '<mailto:Unsubscribe <unsubscribe@example.com>>' (or as encoded words, for a name
    outside ASCII): no URI a mail provider can use, and the doctor passed it. The address is used."""
    field = list_unsubscribe_with(example_workspace, f"list_unsubscribe_mailto = '{written}'")
    assert field == "<https://tinyletter.com/ericmjl/unsubscribe>, <mailto:unsubscribe@example.com>"


@pytest.mark.parametrize(
    "written, sent",
    [
        ("https://bücher.example?u={email}", "https://xn--bcher-kva.example?u={email}"),
        ("https://bücher.example#abmelden", "https://xn--bcher-kva.example#abmelden"),
        ("https://bücher.example/ä", "https://xn--bcher-kva.example/%C3%A4"),
        # a '>' kept as typed ended the header's <…> early (attack 30); a '"' or '<' is no URI's either
        ("https://lists.example/u?a=b>c&e={email}", "https://lists.example/u?a=b%3Ec&e={email}"),
        ("https://lists.example/u?x=<1>&q=`a`", "https://lists.example/u?x=%3C1%3E&q=%60a%60"),
    ],
)
def test_an_unsubscribe_url_with_no_path_after_its_host_keeps_the_host(example_workspace, written, sent):
    """'https://bücher.example?u={email}' (a query right after the host, as a URL may have it) went
    out as '<https://b%C3%BCcher.example?u=...>': the host was read up to a / only, so the query
    came with it, IDNA refused the whole and the host was percent-encoded, a name no resolver
    finds. The host ends at a /, ? or #, as in a browser."""
    assert list_unsubscribe_with(example_workspace, f'list_unsubscribe = "{written}"') == f"<{sent}>"


@pytest.mark.parametrize("key", ["list_unsubscribe", "unsubscribe"])
def test_a_space_around_an_unsubscribe_url_is_no_part_of_it(example_workspace, key):
    """list_unsubscribe = " https://…/optout?u={email} " (a space pasted with the URL) went out as
    '<%20https://…%20>', the space percent-encoded like one inside a URL: no URI an inbox's
    unsubscribe button can use, and no longer https, so List-Unsubscribe-Post was dropped too. The
    URL is written without the spaces around it, as the mailto already was; so is the page's."""
    url = "https://lists.example.com/optout?u={email}"
    settings = example_workspace / "newsletter.toml"
    text = settings.read_text(encoding="utf-8")
    if key == "unsubscribe":
        url = "https://lists.example.com/unsubscribe"
        text = re.sub(r'(?m)^unsubscribe = ".*"', f'unsubscribe = " {url} "', text)
    else:
        text = re.sub(r'(?m)^list_unsubscribe_mailto = ".*"', f'list_unsubscribe = " {url} "', text)
    settings.write_text(text, encoding="utf-8")
    eml = build(example_workspace, "2021-02", offline=True).outputs.eml
    message = email.message_from_bytes(eml, policy=policy.default)
    assert str(message["List-Unsubscribe"]).split(", ")[0] == f"<{url}>"
    assert message["List-Unsubscribe-Post"] == ("List-Unsubscribe=One-Click" if key == "list_unsubscribe" else None)


@pytest.mark.parametrize(
    "written, raw, decoded",
    [
        ("Bücher <liste.bücher.example>", "=?utf-8?q?B=C3=BCcher?= <liste.xn--bcher-kva.example>", None),
        ('"Zoë, Liste" <liste.bücher.example>', None, "Zoë, Liste <liste.xn--bcher-kva.example>"),
        ("<liste.bücher.example>", "<liste.xn--bcher-kva.example>", None),
        ("Books <liste.bücher.example>", "Books <liste.xn--bcher-kva.example>", None),
    ],
)
def test_a_list_id_setting_on_a_domain_outside_ascii_is_an_id_providers_read(example_workspace, written, raw, decoded):
    """list_id = "Bücher <liste.bücher.example>" (the list on a domain the merged work writes in its
    ASCII form everywhere else) went out as one encoded word, '=?utf-8?q?B=C3=BCcher_=3Cliste=2E…',
    no <id> a mail provider files the list under, and its domain not the From's ASCII form. The id
    is the A-label form, and the name encoded words, as a default List-Id's."""
    settings = example_workspace / "newsletter.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("[email]\n", f"[email]\nlist_id = '{written}'\n", 1), encoding="utf-8")
    eml = build(example_workspace, "2021-02", offline=True).outputs.eml
    head = eml.split(b"\r\n\r\n")[0].decode("ascii")
    field = " ".join(re.search(r"^List-Id:([^\r]*(?:\r\n[ \t][^\r]*)*)", head, re.MULTILINE)[1].split())
    message = email.message_from_bytes(eml, policy=policy.default)
    if raw:
        assert field == raw
    if decoded:
        assert field.endswith(" <liste.xn--bcher-kva.example>") and str(message["List-Id"]) == decoded
    assert not message["List-Id"].defects


@pytest.mark.parametrize(
    "setting, written",
    [("list_unsubscribe_mailto", "abmelden@☕.example"), ("list_unsubscribe", "https://☕.example/abmelden?u={email}")],
)
def test_an_unsubscribe_uri_on_a_host_idna_refuses_is_refused_by_name(example_workspace, setting, written):
    """list_unsubscribe_mailto = "abmelden@☕.example" (a name IDNA refuses: no ASCII form) went out
    as '<mailto:abmelden@%E2%98%95.example>', the host percent-encoded as if part of a path: a
    domain no mail provider can send to or fetch from, and nothing said so. The build names it."""
    settings = example_workspace / "newsletter.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        re.sub(r'(?m)^list_unsubscribe_mailto = ".*"', f'{setting} = "{written}"', text), encoding="utf-8"
    )
    with pytest.raises(NewsletterError) as error:
        build(example_workspace, "2021-02", offline=True)
    assert error.value.message.startswith(f"[email] {setting} = {written!r} in newsletter.toml: ☕.example is not")


def _font_stacks(html: str) -> list[list[str]]:
    """Each inline font-family of the email (the text blocks and table cells), as its list of
    families, the code's monospace ones left out."""
    from selectolax.lexbor import LexborHTMLParser

    stacks = []
    for node in LexborHTMLParser(html).root.traverse():
        for declaration in ((node.attributes or {}).get("style") or "").split(";"):
            name, _, value = declaration.partition(":")
            if name.strip().lower() == "font-family":
                families = [family.strip().strip("'\"") for family in value.split(",")]
                if families[-1] != "monospace":
                    stacks.append(families)
    return stacks


@pytest.mark.parametrize(
    "language, native",
    [
        ("ja", ("Meiryo", "Noto Sans CJK JP")),
        ("zh-TW", ("Microsoft JhengHei", "Noto Sans CJK TC")),
        ("zh", ("Microsoft YaHei", "Noto Sans CJK SC")),
        ("ko", ("Malgun Gothic", "Noto Sans CJK KR")),
        ("th", ("Thonburi", "Leelawadee UI", "Noto Sans Thai")),
        ("hi", ("Kohinoor Devanagari", "Nirmala UI", "Noto Sans Devanagari")),
        ("sd-Deva", ("Nirmala UI", "Noto Sans Devanagari")),
        ("fa", ("Geeza Pro", "Noto Sans Arabic")),
        ("pa-PK", ("Geeza Pro", "Noto Sans Arabic")),
        ("he", ("Arial Hebrew", "Noto Sans Hebrew")),
    ],
)
def test_an_edition_in_a_script_the_latin_fonts_lack_names_a_font_of_it_before_the_generic_one(
    example_workspace, language, native
):
    """A Japanese edition's font-family was the Latin stack then sans-serif, none of whose fonts
    has a Japanese letter: Outlook on Windows drew the text in its East Asian default (a Mincho),
    and a client that drops lang let another language's fallback choose the Han characters'
    shapes. A native font of the script now comes before the generic family, after the Latin
    fonts, which draw the Latin words as before; the English stack is as it was. So for Thai and
    Devanagari (no letter of them in Segoe UI or Arial), and Arabic script and Hebrew (none in
    Linux's Arial, Liberation Sans), by the language or the script or region the tag names."""
    settings = example_workspace / "newsletter.toml"
    seed_cache(example_workspace)
    stacks = {}
    for tag in ("en", language):
        settings.write_text(re.sub(r'language = "[\w-]+"', f'language = "{tag}"', settings.read_text(), count=1))
        stacks[tag] = _font_stacks(build(example_workspace, "2020-W28", offline=True).outputs.html)
    # Windows' font, and Linux's by the name fontconfig knows (not Google Fonts' 'Noto Sans JP')
    assert stacks[language] and all(
        font in stack and stack.index(font) < stack.index("sans-serif") for stack in stacks[language] for font in native
    ), stacks[language][:3]
    assert stacks[language][0][:5] == ["-apple-system", "BlinkMacSystemFont", "Segoe UI", "Helvetica", "Arial"]
    assert {tuple(stack) for stack in stacks["en"]} == {
        ("-apple-system", "BlinkMacSystemFont", "Segoe UI", "Helvetica", "Arial", "sans-serif")
    }


@pytest.mark.parametrize(
    "log, entry, notes, fonts",
    [
        ("ja", "zh-Hans", "这篇文章回顾了中文分词十年的变化。", ("PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC")),
        ("en", "ja", "日本語の文法を考える本。", ("Hiragino Sans", "Meiryo", "Noto Sans CJK JP")),
    ],
)
def test_an_entry_in_another_script_than_the_editions_is_in_fonts_of_its_own(
    example_workspace, log, entry, notes, fonts
):
    """New user 51 (Yuki, Tokyo) marked a Chinese entry of her Japanese edition `language: zh-Hans`:
    its notes said lang="zh-Hans" but were drawn in the edition's Japanese fonts (Hiragino Sans,
    Meiryo), the Simplified forms those lack (词, 变) in a Chinese font beside them and the rest in
    Japanese shapes; a Japanese entry of an English log had the Latin fonts alone. Its notes now
    name its own language's fonts; an English entry keeps the edition's stack."""
    from selectolax.lexbor import LexborHTMLParser

    settings = example_workspace / "newsletter.toml"
    settings.write_text(re.sub(r'language = "[\w-]+"', f'language = "{log}"', settings.read_text(), count=1))
    jax = example_workspace / "entries/2020/07/jax.md"
    text = jax.read_text(encoding="utf-8")
    head, _, _ = text.partition("\n---\n")
    jax.write_text(f"{head}\nlanguage: {entry}\n---\n{notes}\n", encoding="utf-8")
    seed_cache(example_workspace)
    html = build(example_workspace, "2020-W28", offline=True).outputs.html
    (paragraph,) = [p for p in LexborHTMLParser(html).css("p") if p.text() == notes]
    node = paragraph  # up to the nearest font-family, which the paragraph inherits
    while "font-family" not in ((node.attributes or {}).get("style") or ""):
        node = node.parent
    style = re.search(r"font-family:([^;]*)", node.attributes["style"])[1]
    families = [family.strip().strip("'\"") for family in style.split(",")]
    assert [f for f in families if f in fonts] == list(fonts), families
    assert families.index(fonts[0]) < families.index("sans-serif")


def test_each_body_of_the_eml_is_in_the_shorter_of_its_two_encodings(example_workspace):
    """The HTML part was always base64, a third larger than the mostly ASCII markup of an English
    edition is in quoted-printable, and a text part rspamd scores as disguised (MIME_BASE64_TEXT);
    the text part was always quoted-printable, three characters for each byte of a Japanese
    note, twice its size in base64. Each part now takes the shorter, as the email package's
    set_content would; either decodes to what was rendered."""
    import base64
    import quopri

    def bodies(eml: bytes) -> dict[str, tuple[str, int, int]]:
        """Each part's subtype: (its encoding, its encoded size, the other encoding's size)."""
        found = {}
        for part in email.message_from_bytes(eml, policy=policy.default).iter_parts():
            raw = part.get_payload(decode=True)
            sizes = {"base64": len(base64.encodebytes(raw)), "quoted-printable": len(quopri.encodestring(raw))}
            used = part["Content-Transfer-Encoding"]
            other = "base64" if used == "quoted-printable" else "quoted-printable"
            found[part.get_content_subtype()] = (used, len(part.get_payload().encode()), sizes[other])
        return found

    english = bodies(build(example_workspace, "2021-02", offline=True).outputs.eml)
    note = example_workspace / "entries/2021/02/model-search.md"
    front, _, _ = note.read_text(encoding="utf-8").rpartition("---\n")
    words = "週末をかけてじっくり読みました。議論は丁寧で、例はすべて実際のものです。"
    note.write_text(front + "---\n" + words * 40 + "\n", encoding="utf-8")
    settings = example_workspace / "newsletter.toml"
    settings.write_text(re.sub(r'language = "en"', 'language = "ja"', settings.read_text(), count=1))
    japanese = bodies(build(example_workspace, "2021-02", offline=True).outputs.eml)

    assert english["html"][0] == "quoted-printable" and japanese["plain"][0] == "base64"
    for subtype, (used, size, other) in [*english.items(), *japanese.items()]:
        assert size <= other, (subtype, used, size, other)


def test_a_body_that_goes_quoted_printable_is_not_encoded_in_base64_too(example_workspace, monkeypatch):
    """Each body's base64 was made only to be measured against its quoted-printable: an English
    edition's HTML (250 KB in the bench's archive, each of its 200 editions in build --all) was
    encoded twice. base64's size is known from the body's; it is encoded only when it is sent,
    and its length is what the encoding gives, for every size of body."""
    import binascii

    from newsletter.formats import mime_body

    for size in [*range(0, 300), 57 * 1000, 57 * 1000 + 1, 250_001]:
        assert mime_body.base64_length(size) == len(mime_body._base64(os.urandom(size))), size
    encoded = []
    b2a_base64 = binascii.b2a_base64
    monkeypatch.setattr(binascii, "b2a_base64", lambda data, **kw: encoded.append(len(data)) or b2a_base64(data, **kw))
    eml = build(example_workspace, "2021-02", offline=True).outputs.eml
    assert eml.count(b"Content-Transfer-Encoding: quoted-printable") == 2 and encoded == []
    assert mime_body.encoded("週末をかけて".encode() * 40)[0] == "base64" and len(encoded) == 1


def test_code_in_a_right_to_left_edition_reads_left_to_right(example_workspace):
    """A Python block in an Arabic edition took the edition's direction and its right alignment:
    each line's indentation sat at its right, and 'def retry(call):' showed its ':' first. Code
    reads left to right in every language: a code block says so, and aligns to the left."""
    from selectolax.lexbor import LexborHTMLParser

    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "ar"'), encoding="utf-8")
    note = example_workspace / "entries/2021/02/model-search.md"
    code = "def retry(call):\n    for n in range(3):\n        return call()"
    note.write_text(note.read_text(encoding="utf-8") + f"\n```python\n{code}\n```\n", encoding="utf-8")

    html = build(example_workspace, "2021-02", offline=True).outputs.html
    [pre] = LexborHTMLParser(html).css("pre")
    assert pre.text() == code + "\n"
    # the nearest dir and text-align around the code's lines (each inherited) are left to right
    around, node = [], pre
    while node is not None and node.tag != "-undef":
        around.append(node)
        node = node.parent
    directions = [node.attributes.get("dir") for node in around if node.attributes.get("dir")]
    aligned = [
        value.strip()
        for node in around
        for name, _, value in (d.partition(":") for d in (node.attributes.get("style") or "").split(";"))
        if name.strip() == "text-align"
    ]
    assert directions[0] == "ltr" and aligned[0] == "left", (directions, aligned)


def test_code_in_a_sentence_of_a_right_to_left_note_reads_left_to_right(example_workspace):
    """'x = f(y);' in an Arabic sentence showed as ';x = f(y)' (Chromium): the code took the
    sentence's direction, which moved its closing ';' to its start. Code in a sentence is
    isolated, left to right, as a code block is; the words around it keep theirs."""
    from selectolax.lexbor import LexborHTMLParser

    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "ar"'), encoding="utf-8")
    note = example_workspace / "entries/2021/02/model-search.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nشغّل `x = f(y);` في الطرفية.\n", encoding="utf-8")

    tree = LexborHTMLParser(build(example_workspace, "2021-02", offline=True).outputs.html)
    [code] = [node for node in tree.css("code") if node.text() == "x = f(y);"]
    assert code.attributes.get("dir") == "ltr"
    assert code.parent.tag == "p" and "شغّل" in code.parent.text()


def test_a_sent_copy_that_is_no_file_leaves_the_list_id_spelled(example_workspace):
    """A FIFO in a sent copy's place (dist/<PERIOD>/sent.eml) held the build for ever: the list's
    id was looked for in it, and opening it to read waited for a writer. A folder or a FIFO there
    is no copy as sent."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(re.sub(r'(?m)^name = ".*"$', 'name = "Lecturas de María"', settings.read_text(), count=1))
    (example_workspace / "dist/2021-01").mkdir(parents=True)
    fifo = example_workspace / "dist/2021-01/sent.eml"
    os.mkfifo(fifo)
    (example_workspace / "dist/2021-03/sent.eml").mkdir(parents=True)
    made_email._MADE.clear()
    built = threading.Event()

    def writer():  # a writer for whoever opens the FIFO to read: the dashed id, then its end
        while not built.is_set():
            try:
                end = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # (no reader yet)
                built.wait(0.01)
                continue
            os.write(end, b"List-Id: <lecturas-de-mar-a.example.com>\r\n\r\n")
            os.close(end)
            return

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        eml = build(example_workspace, "2021-02", offline=True).outputs.eml
    finally:
        built.set()
        thread.join()
    assert str(email.message_from_bytes(eml, policy=policy.default)["List-Id"]).endswith(
        " <lecturas-de-maria.example.com>"
    )


def test_a_link_outside_ascii_is_written_as_its_uri_and_shown_as_typed(example_workspace):
    """A Cyrillic Wikipedia path or an IDN host went into the email's href as typed, an IRI (the
    feeds encoded it): some mail clients and link scanners cut or mangle such a link. The href
    and the text part's list are the URI, host in IDNA, the rest UTF-8 percent-encoded (an escape
    already there left alone); the words the reader sees are as typed."""
    kyiv = "https://uk.wikipedia.org/wiki/Київ"
    (example_workspace / "entries/2021/02/kyiv.md").write_text(
        f"---\ntype: article\nurl: {kyiv}\ndate: 2021-02-20\ntitle: Київ\n---\n"
        "Від [книгарні](https://bücher.example/straße?q=ä&x=%C3%A4).\n"
    )
    outputs = build(example_workspace, "2021-02", offline=True).outputs
    page = (example_workspace / "site/static/newsletter/2021-02/index.html").read_text()
    kyiv_uri = "https://uk.wikipedia.org/wiki/%D0%9A%D0%B8%D1%97%D0%B2"
    books_uri = "https://xn--bcher-kva.example/stra%C3%9Fe?q=%C3%A4&amp;x=%C3%A4"
    for html in (outputs.html, page):
        assert f'href="{kyiv_uri}"' in html and f'href="{books_uri}"' in html
        assert re.search(r">Київ(</span>)?</a>", html) and ">книгарні</a>" in html
        assert "bücher" not in html and "/wiki/Київ" not in html
    text = " ".join(outputs.text.split())
    assert "Від книгарні [" in text and f"] {kyiv_uri}" in text and f"] {unescape(books_uri)}" in text
    assert violations(outputs.html, outputs.text) == []


def test_only_an_href_attribute_outside_ascii_is_rewritten():
    """What link_uris rewrites is the href attribute: not a `data-href`, nor an href that is
    ASCII already (written as it was, the very same string)."""
    from newsletter.formats.link_uris import ascii_hrefs

    page = (
        '<p>“</p><a data-href="https://x.example/ä" href="https://x.example/ä">ä</a><a href="https://y.example/">y</a>'
    )
    assert ascii_hrefs(page) == (
        '<p>“</p><a data-href="https://x.example/ä" href="https://x.example/%C3%A4">ä</a>'
        '<a href="https://y.example/">y</a>'
    )
