"""`newsletter review YEAR`: the year in review as a post with charts and an email edition."""

import re
import shutil
import struct
import sys
import unicodedata
import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner
from conftest import REPO

from newsletter.cli import main
from newsletter.models import Entry
from newsletter.review.stats import year_stats

from email_rules import violations
from fake_services import SmtpServer

POST = "site/content/posts/my-year-in-reading-2021"
WEB = "site/static/newsletter/2021"  # the review's web page, and the PNG charts its email shows


def run(root, *args):
    return CliRunner().invoke(main, [*args, "-w", str(root)])


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    return struct.unpack(">II", data[16:24])


@pytest.fixture
def reviewed(example_workspace):
    (example_workspace / "entries/2021/_review.md").write_text(
        '---\nsubject: "2021, the year in reading"\nfavourites: [illustrated-transformer, '
        "https://github.com/google/model_search]\n---\nA year of transformers and packaging.\n"
    )
    result = run(example_workspace, "review", "2021", "--offline")
    assert result.exit_code == 0, result.output
    return example_workspace


def test_the_review_writes_a_post_with_charts_and_an_email(reviewed):
    post = (reviewed / POST / "index.md").read_text()
    assert 'title = "My year in reading, 2021"' in post
    assert "A year of transformers and packaging." in post.split("<!--more-->")[0]
    assert "![Entries per month in 2021: Jan 0, Feb 8, Mar 0" in post and "(entries-per-month.svg)" in post
    assert "## Favourites" in post and "[The Illustrated Transformer](https://jalammar.github.io/" in post
    html = (reviewed / "dist/2021/newsletter.html").read_text()
    text = (reviewed / "dist/2021/newsletter.txt").read_text()
    assert violations(html, text) == []
    assert 'src="https://ericmjl.github.io/newsletter/2021/entries-per-month.png"' in html  # beside its web page
    assert 'alt="Entries per month in 2021: Jan 0, Feb 8' in html
    assert "Month  Entries\nJan          0\nFeb          8\n" in text  # the chart's numbers as a table
    assert "2021, the year in reading" in (reviewed / "dist/2021/newsletter.eml").read_text()


def test_the_email_tells_what_the_post_tells(reviewed):
    """Every section of the post is in both parts of the email: a reader of the newsletter
    gets the same year as a reader of the blog (the charts' numbers as text in the text part)."""
    post = (reviewed / POST / "index.md").read_text()
    html = (reviewed / "dist/2021/newsletter.html").read_text()
    text = (reviewed / "dist/2021/newsletter.txt").read_text()
    headings = [line.removeprefix("## ") for line in post.splitlines() if line.startswith("## ")]
    assert {"The year in numbers", "Favourites", "What I wrote most about"} <= set(headings)
    for heading in headings:
        assert f">{heading}</h2>" in html and f"\n{heading.upper()}\n" in text, heading
    page = "https://ericmjl.github.io/newsletter/2021/"  # the edition on the web, as every edition links it
    assert f"View it in your browser: {page}" in text and f'href="{page}"' in html
    assert (reviewed / "site/static/newsletter/2021/index.html").is_file()


def test_only_people_read_more_than_once_are_read_most(example_workspace):
    """A paper's ten co-authors, each read once, were the year's "Read and heard most"."""
    run(example_workspace, "review", "2021", "--offline")
    post = (example_workspace / POST / "index.md").read_text()
    assert "Sculley" in (example_workspace / "entries/2021/02/hidden-technical-debt.md").read_text()
    assert "heard most" not in post  # everyone in the example is read once
    (example_workspace / "entries/2021/03").mkdir()
    (example_workspace / "entries/2021/03/packaging-again.md").write_text(
        "---\ntype: talk\nurl: https://example.org/packaging-talk\ndate: 2021-03-02\n"
        "speakers: [Ralf Gommers]\ntitle: Packaging, again\n---\nMore on packaging.\n"
    )
    assert run(example_workspace, "review", "2021", "--offline").exit_code == 0
    post = (example_workspace / POST / "index.md").read_text()
    html = (example_workspace / "dist/2021/newsletter.html").read_text()
    text = (example_workspace / "dist/2021/newsletter.txt").read_text()
    assert "\nRead and heard most: Ralf Gommers.\n" in post
    assert "Read and heard most: Ralf Gommers.</p>" in html and "\nRead and heard most: Ralf Gommers.\n" in text


def test_the_counts_by_type_read_as_english_in_the_post_the_email_and_the_charts(reviewed):
    """The email said "3 article", "3 tool" and "1 mine" where the post said "3 articles"."""
    post = (reviewed / POST / "index.md").read_text()
    html = (reviewed / "dist/2021/newsletter.html").read_text()
    said = ["3 articles", "3 tools", "1 paper", "1 from my collection"]
    assert [f"- **{n}** {kind}" in post for n, kind in (s.split(" ", 1) for s in said)] == [True] * 4
    assert [f"<strong>{n}</strong> {kind}</li>" in html for n, kind in (s.split(" ", 1) for s in said)] == [True] * 4
    assert "By type: 3 articles, 3 tools, 1 paper, 1 from my collection." in html  # the chart's alt text


def test_the_charts_are_valid_images_of_the_stated_size(reviewed):
    for name in ("entries-per-month", "top-sites", "top-tags"):
        width, height = png_size((reviewed / WEB / f"{name}.png").read_bytes())
        assert width == 1200 and height >= 300  # 600 px wide in the email, twice that for retina
        svg = ET.fromstring((reviewed / POST / f"{name}.svg").read_bytes())
        assert svg.tag.endswith("svg") and svg.get("width") and svg.get("viewBox")
        assert b"prefers-color-scheme: dark" in (reviewed / POST / f"{name}.svg").read_bytes()


def test_the_emails_charts_keep_their_room_and_shape_in_every_client(reviewed):
    """The charts' size is known, so each <img> says it in numbers: Outlook lays an image out
    by its width and height attributes (and shows a blocked one's alt text in that box), and
    `height="auto"` is no valid HTML (html-validate: attribute-allowed-values). Its CSS height
    stays auto, so a phone scales the chart down without squashing it."""
    html = (reviewed / "dist/2021/newsletter.html").read_text()
    images = re.findall(r"<img\b[^>]*>", html)
    assert len(images) == 3
    for image in images:
        name = re.search(r'src="[^"]*/([\w-]+)\.png"', image)[1]
        width, height = png_size((reviewed / WEB / f"{name}.png").read_bytes())
        shown = int(re.search(r'\bwidth="(\d+)"', image)[1])
        assert re.search(r'\bheight="(\d+)"', image), image
        assert int(re.search(r'\bheight="(\d+)"', image)[1]) == round(shown * height / width)
        assert re.search(r"(?<![-\w])height: auto", image) and "width: 100%" in image


def test_without_an_intro_every_part_says_how_much_was_read(example_workspace):
    """The post and the HTML part open with "8 things read, ..." when the review has no intro
    of its own; the text part said nothing there."""
    assert run(example_workspace, "review", "2021", "--offline").exit_code == 0
    said = "8 things read, watched and listened to in 2021."
    assert said in (example_workspace / POST / "index.md").read_text()
    assert said in (example_workspace / "dist/2021/newsletter.html").read_text()
    assert f"Hello, fellow datanistas!\n\n{said}\n" in (example_workspace / "dist/2021/newsletter.txt").read_text()


def test_the_subtitle_of_a_review_is_in_its_email_as_in_an_editions(example_workspace):
    """Sam gave his year in review a subtitle (the line PaperMod shows under the post's title):
    the post had it, the email and its text part did not, where an edition's show it."""
    (example_workspace / "entries/2021/_review.md").write_text("---\nsubtitle: Mostly transformers & packaging\n---\n")
    assert run(example_workspace, "review", "2021", "--offline").exit_code == 0
    html = (example_workspace / "dist/2021/newsletter.html").read_text()
    assert "Mostly transformers &amp; packaging</div>" in html
    assert "\nMostly transformers & packaging\n" in (example_workspace / "dist/2021/newsletter.txt").read_text()


def test_a_favourite_that_names_no_entry_is_said(example_workspace):
    """A misspelt file name in `favourites:` was dropped without a word: the year in review went
    out without the favourite its author picked."""
    (example_workspace / "entries/2021/_review.md").write_text(
        "---\nfavourites: [illustrated-transfomer, https://github.com/google/model_search, ml-ops-org.md]\n---\n"
    )
    result = run(example_workspace, "review", "2021", "--offline")
    assert result.exit_code == 0, result.output
    assert (
        "warning: entries/2021/_review.md: favourite 'illustrated-transfomer' is no entry of 2021 (did you mean "
        "'illustrated-transformer'?), so the review leaves it out; give an entry's file name or its link\n"
    ) in result.stderr
    assert result.stderr.count("favourite") == 1  # a link and a file name with .md name entries
    post = (example_workspace / POST / "index.md").read_text()
    assert "[model_search](https://github.com/google/model_search)" in post and "[ml-ops.org]" in post


def test_a_favourite_named_by_its_path_as_list_prints_it_is_that_entry(example_workspace):
    """Sam copied a book's path from `newsletter list` into `favourites:` (entries/2026/01/piranesi.md),
    and the review left it out as "no entry of 2026": a path, from the workspace or the year's
    folder, names the entry it leads to; one leading nowhere is still said."""
    (example_workspace / "entries/2021/_review.md").write_text(
        "---\nfavourites: [entries/2021/02/ml-ops-org.md, 2021/02/illustrated-transformer.md, "
        "entries/2021/03/ml-ops-org.md]\n---\n"
    )
    result = run(example_workspace, "review", "2021", "--offline")
    assert result.exit_code == 0, result.output
    assert result.stderr.count("favourite") == 1
    assert "favourite 'entries/2021/03/ml-ops-org.md' is no entry of 2021" in result.stderr
    post = (example_workspace / POST / "index.md").read_text()
    favourites = post.split("## Favourites")[1].split("##")[0]
    assert favourites.index("[ml-ops.org]") < favourites.index("The Illustrated Transformer")


def test_the_review_is_an_edition_send_can_find(reviewed):
    result = run(reviewed, "send", "2021", "--via", "smtp")
    assert "Would send 2021 via smtp:" in result.stdout, result.output
    assert "Subject: 2021, the year in reading" in result.stdout


def test_a_review_is_sent_though_entries_it_shows_no_notes_of_are_not_written_up(reviewed):
    """Sam imported a year of bookmarks, wrote up November, and reviewed the year: `send 2026`
    listed every imported entry's "Your notes, in Markdown." and `--yes` refused the review,
    which shows titles and counts, never a note. The month's edition, which shows them, still
    refuses."""
    entry = reviewed / "entries/2021/02/python-packaging.md"
    front, _, _ = entry.read_text().partition("\n---\n")
    entry.write_text(front + "\n---\nYour notes, in Markdown.\n")
    assert run(reviewed, "review", "2021", "--offline").exit_code == 0
    assert run(reviewed, "build", "2021-02", "--offline").exit_code == 0

    review = run(reviewed, "send", "2021", "--via", "buttondown")
    month = run(reviewed, "send", "2021-02", "--via", "buttondown")

    assert "Would send 2021 via buttondown:" in review.stdout, review.output
    assert "not ready for the list" not in review.stderr and "Your notes" not in review.stderr
    assert (
        "entries/2021/02/python-packaging.md: the notes still say 'Your notes, in Markdown.'; write yours, "
        "or delete the entry"
    ) in month.stderr


def test_the_review_says_how_many_drafts_of_the_year_it_left_out(example_workspace):
    """Sam imported a year of bookmarks (drafts, as import writes them), wrote up November, and
    `review 2026` said "Reviewed 2026: 9 entries." and nothing of the 67 drafts it left out."""
    for name in ("python-packaging", "model-search"):
        entry = example_workspace / f"entries/2021/02/{name}.md"
        entry.write_text(entry.read_text().replace("\ndate:", "\ndraft: true\ndate:", 1))

    result = run(example_workspace, "review", "2021", "--offline")

    assert result.exit_code == 0, result.output
    assert (
        "warning: the review leaves out 2 drafts dated 2021; remove `draft: true` from those you want counted "
        "(all that `import` writes are drafts), and review again\n"
    ) in result.stderr
    assert "leaves out" not in run(example_workspace, "review", "2022", "--offline").stderr


def test_a_review_whose_own_template_shows_notes_is_not_sent_with_a_placeholder(reviewed):
    """A workspace's own review template that shows each favourite's notes showed 'Your notes,
    in Markdown.' with one, and `send 2021` said nothing of it: the review's check left every
    placeholder out, as the default review shows none. What the review shows is checked: the
    favourite's placeholder is said, an entry the review shows no notes of is still not."""
    for name in ("2021/02/illustrated-transformer.md", "2021/02/python-packaging.md"):
        entry = reviewed / "entries" / name
        front, _, _ = entry.read_text().partition("\n---\n")
        entry.write_text(front + "\n---\nYour notes, in Markdown.\n")
    own = (REPO / "templates/review.txt.j2").read_text()
    (reviewed / "templates").mkdir(exist_ok=True)
    listed = "{% for entry in stats.favourites %}\n"  # each favourite's notes above its title
    assert listed in own
    own = own.replace(listed, listed + "{{ entry.notes }}\n", 1)
    (reviewed / "templates/review.txt.j2").write_text(own)
    assert run(reviewed, "review", "2021", "--offline").exit_code == 0

    review = run(reviewed, "send", "2021", "--via", "buttondown")

    assert (
        "entries/2021/02/illustrated-transformer.md: the notes still say 'Your notes, in Markdown.'"
    ) in review.stderr, review.output
    assert "python-packaging.md" not in review.stderr


@pytest.mark.parametrize("shown", ["upper", "title", "truncate(20, leeway=0)"])
def test_a_placeholder_under_a_title_the_review_shows_otherwise_is_still_said(reviewed, shown):
    """A review template of the workspace's own showed each book's notes under its title in
    capitals (or title case, or cut to fit a line, or spaced its own way), and `send 2021` said
    nothing of the 'Your notes, in Markdown.' under one: the review was searched for the title
    exactly as written. A reader sees the same title in capitals, and in its first words with
    '...'; the placeholder is said."""
    (reviewed / "entries/2021/05").mkdir()
    (reviewed / "entries/2021/05/book.md").write_text(
        "---\ntype: book\ndate: 2021-05-28\ntitle: Thinking, Fast and Slow\nauthors: [Daniel Kahneman]\n---\n"
        "Your notes, in Markdown.\n"
    )
    (reviewed / "templates").mkdir(exist_ok=True)
    for name, listed in (
        ("review.txt.j2", "{% for entry in stats.books %}\n"),
        ("review.mjml.j2", "{% for entry in stats.books %}<li>"),
    ):
        own = (REPO / "templates" / name).read_text()
        assert listed in own
        own = own.replace(listed, listed + "{{ entry.notes }}\n", 1)
        (reviewed / "templates" / name).write_text(own.replace("entry.display_title", f"entry.display_title | {shown}"))
    assert run(reviewed, "review", "2021", "--offline").exit_code == 0
    assert "Thinking, Fast and Slow" not in (reviewed / "dist/2021/newsletter.txt").read_text()

    review = run(reviewed, "send", "2021", "--via", "buttondown")

    assert "entries/2021/05/book.md: the notes still say 'Your notes, in Markdown.'" in review.stderr, review.output


def test_send_names_review_as_what_rebuilds_a_stale_or_missing_review(reviewed):
    # `build 2021` refuses a year, so send must not tell the user to run it
    settings = reviewed / "newsletter.toml"
    settings.write_text(settings.read_text().replace('greeting = "Hello, fellow datanistas!"', 'greeting = "Hi!"'))
    stale = run(reviewed, "send", "2021", "--via", "smtp")
    assert stale.exit_code == 1
    assert stale.stderr == (
        "Error: dist/2021 was built before its sources changed (newsletter.toml); run `newsletter review 2021` first.\n"
    )
    missing = run(reviewed, "send", "2020", "--via", "smtp")
    assert missing.exit_code == 1
    assert missing.stderr == "Error: dist/2020/newsletter.eml does not exist; run `newsletter review 2020` first.\n"
    month = run(reviewed, "send", "2020-05", "--via", "smtp")
    assert "run `newsletter build 2020-05` first." in month.stderr


def test_build_all_writes_the_reviews_again_after_a_settings_change(reviewed):
    """`build --all` after a settings change rebuilt every edition but left the year in review
    as it was: `send 2021` then refused it as built before the change."""
    settings = reviewed / "newsletter.toml"
    settings.write_text(settings.read_text().replace('greeting = "Hello, fellow datanistas!"', 'greeting = "Hi!"'))
    result = run(reviewed, "build", "--all", "--offline")
    assert result.exit_code == 0, result.output
    assert re.search(r"^Built 2021: \d+ entries in \d+ sections\.$", result.stderr, re.M), result.stderr
    assert "Hi!" in (reviewed / "dist/2021/newsletter.txt").read_text()
    assert "Would send 2021 via smtp:" in run(reviewed, "send", "2021", "--via", "smtp").stdout
    assert not (reviewed / "dist/2020/build.json").exists()  # no review was written for a year without one


def test_an_emailed_reviews_charts_stay_as_sent_and_build_all_names_it_sent(reviewed):
    """Priya emailed her year in review, upgraded, wrote up a late December talk and ran
    `build --all`: the review's web page stayed the message as sent, but its chart of entries per
    month, which the sent email shows from beside that page, was drawn again with the late talk,
    and the warning naming the editions already sent left the review out. The charts the email
    went out with stay, the post counts the talk, and the review is named as sent."""
    from newsletter.commands.send import send

    settings = reviewed / "newsletter.toml"
    with SmtpServer() as server:
        settings.write_text(settings.read_text().replace('via = "buttondown"', server.settings().strip()))
        send(reviewed, "2021", yes=True, force=True, env={})
        assert len(server.received) == 1
    chart = reviewed / WEB / "entries-per-month.png"
    as_sent = chart.read_bytes()
    late = reviewed / "entries/2021/12/late-talk.md"
    late.parent.mkdir()
    late.write_text(
        "---\ntype: talk\nurl: https://example.com/late\ndate: 2021-12-20\ntitle: A late talk\n---\nNotes.\n"
    )

    result = run(reviewed, "build", "--all", "--offline")

    assert result.exit_code == 0, result.output
    assert "Dec 1" in (reviewed / POST / "index.md").read_text()  # the post counts the late talk
    assert chart.read_bytes() == as_sent
    assert re.search(r"already sent: [^.]*\b2021\b", result.stderr), result.stderr
    alone = run(reviewed, "review", "2021", "--offline")
    assert "2021 was already sent via smtp on " in alone.stderr, alone.stderr
    assert chart.read_bytes() == as_sent


def test_build_all_goes_on_when_a_review_cannot_be_written(reviewed):
    """A year whose entries were all removed since its review: the editions are built, the
    review is reported as not written, and the command fails saying so."""
    for entry in (reviewed / "entries/2021").rglob("*.md"):
        if not entry.name.startswith("_"):
            entry.unlink()
    result = run(reviewed, "build", "--all", "--offline")
    assert result.exit_code == 1
    assert "2021: No entries dated 2021; nothing was written." in result.stderr
    assert "editions were not built (see above)" in result.stderr


def test_a_year_without_entries_writes_nothing(example_workspace):
    result = run(example_workspace, "review", "2019", "--offline")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: No entries dated 2019; nothing was written.")
    assert not (example_workspace / "dist").exists()


def test_a_month_is_not_a_year(example_workspace):
    result = run(example_workspace, "review", "2021-02", "--offline")
    assert result.exit_code == 1 and "is not a year; give one like 2021" in result.stderr


def test_without_matplotlib_the_review_is_tables_only(example_workspace, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if the review extra were not installed
    result = run(example_workspace, "review", "2021", "--offline")
    assert result.exit_code == 0
    assert "warning: no charts: install the review extra" in result.stderr
    assert not list((example_workspace / POST).glob("*.png")) and not list((example_workspace / WEB).glob("*.png"))
    assert "Feb          8" in (example_workspace / "dist/2021/newsletter.txt").read_text()


def test_without_charts_the_post_and_the_email_show_their_numbers_as_tables(example_workspace, monkeypatch):
    """The warning promises tables: the text part had them, but the post and the email's HTML
    showed neither the months nor the sites nor the tags, the charts' numbers, at all."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert run(example_workspace, "review", "2021", "--offline").exit_code == 0
    post = (example_workspace / POST / "index.md").read_text()
    assert "### Entries per month in 2021\n\n| Month | Entries |\n| :-- | --: |\n| Jan | 0 |\n| Feb | 8 |\n" in post
    assert "### Sites I read most in 2021" in post and "### Tags I used most in 2021" in post
    html = (example_workspace / "dist/2021/newsletter.html").read_text()
    text = (example_workspace / "dist/2021/newsletter.txt").read_text()
    assert violations(html, text) == []
    cells = re.sub(r"\s*<(/?)(td|th)[^>]*>\s*", r"<\1\2>", html)
    assert "Entries per month in 2021</h3>" in html and "<td>Feb</td><td>8</td>" in cells
    assert "Sites I read most in 2021</h3>" in html and "Tags I used most in 2021</h3>" in html


def test_with_charts_the_numbers_are_not_shown_twice(reviewed):
    post = (reviewed / POST / "index.md").read_text()
    assert "| Month | Entries |" not in post
    assert "Entries per month in 2021</h3>" not in (reviewed / "dist/2021/newsletter.html").read_text()


def test_a_year_of_one_entry_says_one_thing(example_workspace):
    for name in ("ray.md", "devops-for-data-scientists.md"):
        (example_workspace / "entries/2020/07" / name).unlink()
    result = run(example_workspace, "review", "2020", "--offline")
    assert result.exit_code == 0, result.output
    post = (example_workspace / "site/content/posts/my-year-in-reading-2020/index.md").read_text()
    html = (example_workspace / "dist/2020/newsletter.html").read_text()
    assert "\n1 thing read, watched and listened to in 2020.\n" in post  # not "1 things"
    assert ">1 thing read, watched and listened to in 2020.</p>" in html
    assert "1 things" not in post + html


def test_missing_durations_are_unknown_not_zero(tmp_path):
    import datetime as dt

    talks = [
        Entry(
            tmp_path / f"t{n}.md",
            "talk",
            f"https://example.com/{n}",
            dt.date(2021, 3, n + 1),
            duration=3600 if n < 2 else None,
        )
        for n in range(5)
    ]
    stats = year_stats(2021, talks)
    assert (stats.hours, stats.timed, stats.untimed) == (2.0, 2, 3)


def test_a_book_logged_twice_is_listed_once_among_the_years_books(tmp_path):
    """New user 43 logged "Python Fluente" in March (a chapter) and in October (the end): the
    review's books listed it twice. A book is its link, or its title and authors without one."""
    import datetime as dt

    def book(name, month, url=None, title=None, people=("Luciano Ramalho",)):
        return Entry(tmp_path / f"{name}.md", "book", url, dt.date(2026, month, 1), title=title, speakers=list(people))

    fluent = "https://www.oreilly.com/library/view/fluent-python-2nd/9781492056348/"
    chapter, kahneman, finished = book("a", 3, fluent), book("b", 5, title="Rápido e devagar"), book("c", 10, fluent)
    kahneman_again = book("d", 11, title="rápido e devagar")  # unlinked, its title as typed once more
    other = book("e", 12, title="Rápido e devagar", people=["Someone Else"])
    stats = year_stats(2026, [chapter, kahneman, finished, kahneman_again, other])
    assert stats.books == [finished, kahneman_again, other]
    assert stats.by_type == [("book", 3)] and stats.things == 3  # as the list has them (next test)
    assert sum(stats.month_totals) == 3 and stats.by_month[9] == {"book": 1}  # where it is listed: October


def test_a_book_logged_twice_is_counted_once_as_the_review_lists_it(example_workspace):
    """New user 43's review counted "6 livros" in the year in numbers, the text part and the
    chart's alt text, over a list of five books: a book read twice was listed once, but counted
    as each of its entries. It counts as it is listed, and so does the year's total."""
    folder = example_workspace / "entries/2021/05"
    folder.mkdir()
    link = "https://www.oreilly.com/library/view/fluent-python-2nd/9781492056348/"
    for name, day in (("fluent-chapter", "03"), ("fluent-end", "28")):
        (folder / f"{name}.md").write_text(f"---\ntype: book\nurl: {link}\ndate: 2021-05-{day}\n---\nRead.\n")
    (folder / "systems.md").write_text("---\ntype: book\ndate: 2021-05-10\ntitle: Thinking in Systems\n---\nRead.\n")
    result = run(example_workspace, "review", "2021", "--offline")
    assert result.exit_code == 0, result.output
    post = (example_workspace / POST / "index.md").read_text()
    html = (example_workspace / "dist/2021/newsletter.html").read_text()
    text = (example_workspace / "dist/2021/newsletter.txt").read_text()
    books = post.split("\n## Books\n")[1].split("\n## ")[0]
    assert books.count("\n- ") == 2  # listed once
    assert "- **2** books" in post and "<strong>2</strong> books</li>" in html
    assert re.search(r"\nbooks +2\n", text), text
    assert re.search(r'alt="[^"]*By type: [^"]*\b2 books\b', html) and "3 books" not in html + text + post
    assert "10 things read" in post and "10 things read" in html and "10 things read" in text  # 8, and 2 books


def test_a_book_read_twice_is_one_read_of_its_author_site_and_tags(tmp_path):
    """Fluent Python logged twice (a chapter, then the end) made Luciano Ramalho "read and heard
    most" (2) and counted O'Reilly and its tag twice, under a list of books giving it once: the
    people, sites and tags are counted over the things read, as the counts and the lists are."""
    import datetime as dt

    fluent = "https://www.oreilly.com/library/view/fluent-python-2nd/9781492056348/"

    def entry(name, month, kind="book", url=fluent, people=("Luciano Ramalho",)):
        made = Entry(tmp_path / f"{name}.md", kind, url, dt.date(2026, month, 1), speakers=[*people], tags=["python"])
        made.meta.site_name = "O'Reilly Media"
        return made

    talks = [entry(f"talk{n}", 4, "talk", f"https://example.com/{n}", ["Łukasz Langa"]) for n in range(2)]
    stats = year_stats(2026, [entry("chapter", 3), entry("end", 10), *talks])
    assert [book.path.stem for book in stats.books] == ["end"]
    assert stats.people == [("Łukasz Langa", 2)]  # read twice, in two talks
    assert stats.tags == [("python", 3)]  # the book once, the two talks
    assert stats.sites == [("O'Reilly Media", 2)]  # the talks: a book's shop page is no site read (new user 50)


def test_a_book_given_up_on_is_no_book_read(tmp_path):
    """New user 50 (Olu) gave up on Atomic Habits at chapter 6 (tagged did-not-finish, as import
    writes it), and his review counted "8 books" and listed it among them. A book given up on is
    listed apart and counted nowhere, unless another entry of the year read it to the end."""
    import datetime as dt

    def book(name, month, title, tags=()):
        return Entry(tmp_path / f"{name}.md", "book", None, dt.date(2026, month, 1), title=title, tags=list(tags))

    habits = book("habits", 10, "Atomic Habits", ["self-help", "Did-Not-Finish"])
    dust = book("dust", 11, "Dust")
    kintu_dropped, kintu_read = book("kintu", 3, "Kintu", ["did-not-finish"]), book("kintu-again", 9, "Kintu")
    stats = year_stats(2026, [kintu_dropped, kintu_read, habits, dust])
    assert stats.books == [kintu_read, dust] and stats.unfinished == [habits]
    assert stats.by_type == [("book", 2)] and stats.things == 2 and sum(stats.month_totals) == 2


def test_the_review_lists_the_books_given_up_on_apart_in_the_post_and_both_parts_of_the_email(example_workspace):
    folder = example_workspace / "entries/2021/05"
    folder.mkdir()
    (folder / "habits.md").write_text(
        "---\ntype: book\ndate: 2021-05-03\ntitle: Atomic Habits\nauthors: [James Clear]\n"
        "tags: [did-not-finish]\n---\nGave up at chapter 6.\n"
    )
    (folder / "systems.md").write_text("---\ntype: book\ndate: 2021-05-10\ntitle: Thinking in Systems\n---\nRead.\n")
    result = run(example_workspace, "review", "2021", "--offline")
    assert result.exit_code == 0, result.output
    post = (example_workspace / POST / "index.md").read_text()
    html = (example_workspace / "dist/2021/newsletter.html").read_text()
    text = (example_workspace / "dist/2021/newsletter.txt").read_text()
    books, unfinished = post.split("\n## Books\n")[1].split("\n## Did not finish\n")
    assert "Thinking in Systems" in books and "Atomic Habits" not in books
    assert unfinished.split("\n## ")[0].strip() == "- Atomic Habits by James Clear"
    assert "- **1** book\n" in post and "<strong>1</strong> book</li>" in html and "2 books" not in post + html + text
    assert re.search(r">Did not finish</h2><ul[^>]*><li><span dir=.auto.>Atomic Habits</span> by James Clear<", html)
    assert "\n\nDID NOT FINISH\n==============\n\nAtomic Habits by James Clear\n" in text


def test_what_i_wrote_most_about_counts_my_own_words_and_favourites_keep_my_order(tmp_path):
    """Sam's review listed, among what he "wrote most about", a Raindrop bookmark whose notes were
    the import's placeholder and three Hypothesis highlights, above a note of his own; and his
    favourites came in the year's order, not the order he picked them in."""
    import datetime as dt

    passages = "\n\n".join(f"> A long highlighted passage {n} " * 8 for n in range(3))
    highlights = f"Your notes, in Markdown.\n\n{passages}"
    mine = "Chad's organised, honest account of rolling data contracts out across forty teams."
    quoted_and_mine = "> One passage I kept, quoted at some length to remember it by.\n\nWorth it."

    def entry(name, notes, day):
        url = f"https://example.com/{name}"
        return Entry(tmp_path / f"{name}.md", "article", url, dt.date(2026, day, 1), notes=notes)

    imported, written, stub, quoted = (
        entry("imported", highlights, 1),
        entry("written", mine, 2),
        entry("stub", "Your notes, in Markdown.", 3),
        entry("quoted", quoted_and_mine, 4),
    )
    stats = year_stats(2026, [imported, written, stub, quoted], ["quoted.md", "https://example.com/written", "stub"])
    assert stats.longest_notes == [written, quoted]
    assert stats.favourites == [quoted, written, stub]


def test_no_hours_are_claimed_when_no_length_is_known(example_workspace):
    """2022's podcast and course have no duration (offline, nothing cached): the review said
    "0.0 hours of talks, podcasts and videos (and 2 of unknown length)", a zero it never measured."""
    result = run(example_workspace, "review", "2022", "--offline")
    assert result.exit_code == 0, result.output
    post = (example_workspace / "site/content/posts/my-year-in-reading-2022/index.md").read_text()
    html = (example_workspace / "dist/2022/newsletter.html").read_text()
    text = (example_workspace / "dist/2022/newsletter.txt").read_text()
    for part in (post, html, text):
        assert "0.0" not in part and "of unknown length" not in part
    assert "- **1** podcast\n- **1** course\n" in post


def test_the_hours_name_every_type_they_count(example_workspace):
    """A course without a length was counted among "13 of unknown length" in a sentence about
    "talks, podcasts and videos", so a reader counting those found only 9."""
    podcast = example_workspace / "entries/2022/04/talkpython-359.md"
    podcast.write_text(podcast.read_text().replace("episode: 359\n", "episode: 359\nduration: 1:30:00\n"))
    result = run(example_workspace, "review", "2022", "--offline")
    assert result.exit_code == 0, result.output
    post = (example_workspace / "site/content/posts/my-year-in-reading-2022/index.md").read_text()
    html = (example_workspace / "dist/2022/newsletter.html").read_text()
    text = (example_workspace / "dist/2022/newsletter.txt").read_text()
    said = "of talks, podcasts, videos and courses (and 1 of unknown length)"
    assert f"- **1.5 hours** {said}" in post and f"<strong>1.5 hours</strong> {said}" in html
    assert f"Hours {said.removesuffix(' (and 1 of unknown length)')}: 1.5 (and 1 of unknown length)" in text


def test_the_text_parts_counts_by_type_read_as_the_post_reads_them(reviewed):
    """The plain-text email listed its counts by the front matter's keys: "mine 1", "article 3"."""
    text = (reviewed / "dist/2021/newsletter.txt").read_text()
    table = text.split("THE YEAR IN NUMBERS\n===================\n\n", 1)[1].split("\n\n", 1)[0]
    assert table.splitlines() == [
        "Type                Count",
        "articles                3",
        "tools                   3",
        "paper                   1",
        "from my collection      1",
    ]


def test_every_type_has_its_own_colour_and_the_legend_names_types_as_the_post_does(tmp_path):
    """Talks and videos were drawn in two blues 6 apart, books and the author's own work in two
    greys, and the legend said "mine" where the post says "from my collection"."""
    import datetime as dt
    import itertools

    from newsletter.review.charts import COLOURS, charts

    rgb = {kind: tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5)) for kind, colour in COLOURS.items()}
    close = [
        (a, b)
        for a, b in itertools.combinations(rgb, 2)
        if sum((x - y) ** 2 for x, y in zip(rgb[a], rgb[b], strict=True)) ** 0.5 < 40
    ]
    assert close == []
    entries = [
        Entry(tmp_path / f"{kind}.md", kind, f"https://example.com/{kind}", dt.date(2021, 3, 1))
        for kind in ("talk", "video", "mine")
    ]
    svg = next(chart.svg for chart in charts(year_stats(2021, entries)) if chart.name == "entries-per-month")
    texts = [t.text for t in ET.fromstring(svg).iter() if t.tag.endswith("text")]
    assert {"talks", "videos", "from my collection"} <= set(texts) and "mine" not in texts


def test_tags_alike_but_for_case_are_counted_as_one_as_the_blog_counts_them(tmp_path):
    """Elif's review listed 'İstanbul' 2 and 'istanbul' 1 (new user 31), where her blog has one
    page for the tag, Hugo's terms being caseless: one tag, under its most used spelling."""
    import datetime as dt

    tags = [["İstanbul", "Python"], ["istanbul"], ["İstanbul", "python"], ["Edebiyat"], ["edebiyat"]]
    entries = [
        Entry(tmp_path / f"e{n}.md", "article", f"https://example.com/{n}", dt.date(2026, 11, n + 1), tags=t)
        for n, t in enumerate(tags)
    ]
    assert year_stats(2026, entries).tags == [("İstanbul", 3), ("Python", 2), ("Edebiyat", 2)]


@pytest.mark.parametrize(
    "language, overrides, listed",
    [
        ("en", {}, "Jan 1, Feb 1"),
        ("ar", {}, "يناير 1، فبراير 1"),  # Arabic's comma, as its names_separator lists people
        ("ja", {}, "1月 1、2月 1"),
        (
            "fa",
            {
                "names_separator": "، ",
                "months_short": "ژانویه فوریه مارس آوریل مه ژوئن ژوئیه اوت سپتامبر اکتبر نوامبر دسامبر",
            },
            "ژانویه 1، فوریه 1",
        ),
    ],
)
def test_a_charts_alt_text_lists_as_its_language_lists(tmp_path, language, overrides, listed):
    """Dariush's Persian review described its chart as "نوامبر 9, دسامبر 3" (new user 35): the alt
    text's lists were parted by English's comma in every language, where Arabic and Persian write
    "،" and Japanese "、", as their lists of people in the email already were."""
    import datetime as dt

    from newsletter.formats.wording import Wording
    from newsletter.review.charts import charts

    entries = [Entry(tmp_path / f"e{n}.md", "article", f"https://s{n}.example/", dt.date(2021, n, 1)) for n in (1, 2)]
    made = {chart.name: chart for chart in charts(year_stats(2021, entries, words=Wording(language, overrides)))}
    assert listed in made["entries-per-month"].alt, made["entries-per-month"].alt
    separator = overrides.get("names_separator") or {"ar": "، ", "ja": "、"}.get(language, ", ")
    assert f"s1.example 1{separator}s2.example 1" in made["top-sites"].alt, made["top-sites"].alt


def test_a_thousand_tags_still_make_a_legible_chart(tmp_path):
    import datetime as dt

    from newsletter.review.charts import charts

    entries = [
        Entry(
            tmp_path / f"e{n}.md",
            "article",
            f"https://site{n % 40}.example/{n}",
            dt.date(2021, n % 12 + 1, 1),
            tags=[f"tag-{n}", "common"],
        )
        for n in range(1000)
    ]
    made = {chart.name: chart for chart in charts(year_stats(2021, entries))}
    tags = made["top-tags"]
    assert tags.alt.startswith("Tags I used most in 2021: common 1000,") and tags.alt.count(",") == 9
    assert png_size(tags.png)[1] <= 1000  # ten bars, not a thousand


def test_tags_and_sites_are_drawn_as_written_not_as_tex(tmp_path):
    """matplotlib reads text between two dollar signs as TeX: a tag "$\\notacommand$" stopped
    the review with a traceback, and "$5 vs $10" was drawn in math italics without its dollars."""
    import datetime as dt

    from newsletter.review.charts import charts

    entries = [
        Entry(
            tmp_path / f"e{n}.md",
            "article",
            f"https://site{n}.example/",
            dt.date(2021, 3, 1),
            tags=["$\\notacommand$", "$5 vs $10", "a_b^c"],
        )
        for n in range(2)
    ]
    made = {chart.name: chart for chart in charts(year_stats(2021, entries))}
    svg = made["top-tags"].svg.decode()
    for tag in ("$\\notacommand$", "$5 vs $10", "a_b^c"):
        assert f">{tag}</text>" in svg


def test_a_label_the_font_cannot_draw_is_said_once_in_words(example_workspace, recwarn):
    """The bundled font has no CJK or emoji: matplotlib warned once per glyph and per format,
    each warning a Python source line on stderr; the review says it once, and what it means."""
    (example_workspace / "entries/2021/02/ja.md").write_text(
        "---\ntype: article\nurl: https://example.jp/a\ndate: 2021-02-05\ntags: [機械学習, 🔥]\n---\nメモ。\n",
        encoding="utf-8",
    )
    result = run(example_workspace, "review", "2021", "--offline")
    assert result.exit_code == 0, result.output
    said = [line for line in result.stderr.splitlines() if "glyph" in line.lower()]
    assert said == [
        "warning: the charts' font has no glyph for 学 械 機 習 🔥: the email's PNG charts show a box "
        "for each (the post's SVG charts use the reader's fonts)"
    ]
    assert not [w for w in recwarn if "Glyph" in str(w.message)]


def test_a_first_review_titled_in_english_in_another_language_says_what_to_set(example_workspace):
    """A Japanese log (language = "ja", monthly_title in Japanese) got its year in review posted as
    "My year in reading, 2026", at the address that title gives, and nothing said so: only an
    edition's first build looked at its title's language, and `check` looks at a month's or week's."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "ja"', 1), encoding="utf-8")
    first = run(example_workspace, "review", "2021", "--offline")
    assert first.exit_code == 0, first.output
    assert (
        'warning: newsletter.toml: the edition\'s title is English (yearly_title = "My year in reading, {year}" in '
        '[site]) but the newsletter is in "ja" ([newsletter] language); write yearly_title in your language, '
        "before the edition is published: a title is the post's address"
    ) in first.stderr.splitlines()
    again = run(example_workspace, "review", "2021", "--offline")  # its address now: moving it is the author's call
    assert again.exit_code == 0 and "yearly_title" not in again.stderr
    (example_workspace / "entries/2021/_review.md").write_text('---\ntitle: "2021年の読書"\n---\n', encoding="utf-8")
    shutil.rmtree(example_workspace / "dist/2021")
    own = run(example_workspace, "review", "2021", "--offline")  # a title of its own is the author's words
    assert own.exit_code == 0 and "yearly_title" not in own.stderr


def test_a_japanese_note_is_counted_in_words_not_in_runs_between_spaces(example_workspace):
    """Japanese has no spaces between words: a 100-character note was three "words", so the
    review's "What I wrote most about" left out every Japanese note of a mixed log."""
    note = "最初の数トークンに注意が集中する現象を利用して、キャッシュを固定長に保ったまま長い系列を扱う手法。" * 8
    (example_workspace / "entries/2021/02/ja.md").write_text(
        "---\ntype: paper\nurl: https://arxiv.org/abs/2309.17453\ndate: 2021-02-05\ntitle: 注意の吸い込み\n---\n"
        f"{note}\n",
        encoding="utf-8",
    )
    result = run(example_workspace, "review", "2021", "--offline")
    assert result.exit_code == 0, result.output
    text = (example_workspace / "dist/2021/newsletter.txt").read_text(encoding="utf-8")
    most = text.split("WHAT I WROTE MOST ABOUT\n", 1)[1].split("\n\n\n", 1)[0]
    assert most.split("\n\n")[1].startswith("注意の吸い込み"), most


def test_the_hugo_site_shows_the_review(reviewed, hugo):
    from hugo_versions import hugo_build

    hugo_build(hugo, reviewed / "site")
    page = (reviewed / "site/public/posts/my-year-in-reading-2021/index.html").read_text()
    assert 'src="entries-per-month.svg"' in page or "entries-per-month.svg" in page
    assert (reviewed / "site/public/newsletter/2021/entries-per-month.png").is_file()


def test_the_emails_charts_are_where_the_site_publishes_them_whatever_its_permalinks(example_workspace, hugo):
    """With [permalinks] posts = "/:year/:month/:slug/", Hugo publishes a post (and its bundle)
    at /2021/12/<slug>/: the email showed its charts from /posts/<slug>/, broken images."""
    import re

    from hugo_versions import hugo_build

    config = example_workspace / "site/hugo.toml"
    config.write_text(config.read_text() + '\n[permalinks]\nposts = "/:year/:month/:slug/"\n')
    assert run(example_workspace, "review", "2021", "--offline").exit_code == 0
    hugo_build(hugo, example_workspace / "site")
    html = (example_workspace / "dist/2021/newsletter.html").read_text()
    images = re.findall(r'<img [^>]*src="https://ericmjl\.github\.io/([^"]+)"', html)
    assert len(images) == 3
    for image in images:
        assert (example_workspace / "site/public" / image).is_file(), image
    page = (example_workspace / "site/public/2021/12/my-year-in-reading-2021/index.html").read_text()
    assert 'src="entries-per-month.svg"' in page  # the post's own charts, in its bundle


def test_build_refuses_a_year_and_leaves_its_review_alone(example_workspace):
    from click.testing import CliRunner

    from newsletter.cli import main

    root = example_workspace
    assert CliRunner().invoke(main, ["review", "2021", "--offline", "-w", str(root)]).exit_code == 0
    posts = {p: p.read_bytes() for p in root.glob("site/content/posts/*/index.md")}
    email = (root / "dist" / "2021" / "newsletter.html").read_bytes()
    refused = CliRunner().invoke(main, ["build", "2021", "--offline", "-w", str(root)])
    assert refused.exit_code == 1
    assert refused.output == (
        "Error: 2021 is a year: its edition is the year in review, which `newsletter review 2021` writes "
        "and warns about. `build` takes a month (2021-01) or a week (2021-W01).\n"
    )
    assert {p: p.read_bytes() for p in root.glob("site/content/posts/*/index.md")} == posts
    assert (root / "dist" / "2021" / "newsletter.html").read_bytes() == email


def test_a_right_to_left_review_reads_right_to_left(example_workspace):
    """As the editions: MJML's inline direction: ltr and text-align: left overrode the language's."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "he"'), encoding="utf-8")
    result = run(example_workspace, "review", "2021", "--offline")
    assert result.exit_code == 0, result.output
    html = (example_workspace / "dist/2021/newsletter.html").read_text()
    text = (example_workspace / "dist/2021/newsletter.txt").read_text()
    assert 'dir="rtl"' in html.split(">", 2)[1]
    assert violations(html, text) == []


def test_the_reviews_web_page_says_nothing_to_a_subscriber(reviewed):
    """The web page is the email less what belongs to one subscriber; the review's footer was
    not marked so, and its page told every visitor "You receive this because you subscribed"
    over the empty line its unsubscribe link had left."""
    from selectolax.lexbor import LexborHTMLParser

    page = LexborHTMLParser((reviewed / WEB / "index.html").read_text()).body.text()
    assert "subscribed" not in page and "Unsubscribe" not in page
    email = LexborHTMLParser((reviewed / "dist/2021/newsletter.html").read_text()).body.text()
    assert "You receive this because you subscribed to Data Science Programming Newsletter." in email
    assert "Unsubscribe" in email


def test_a_year_of_drafts_only_says_so(example_workspace):
    """Everything `import` writes is a draft: a year of imported books was "No entries dated
    2023 ... Entries go in entries/2023/MM/", where they already were."""
    folder = example_workspace / "entries/2023/05"
    folder.mkdir(parents=True)
    for name in ("dune", "emma"):
        draft = f"---\ntype: book\ntitle: {name}\ndate: 2023-05-02\ndraft: true\n---\nRead.\n"
        (folder / f"{name}.md").write_text(draft)
    result = run(example_workspace, "review", "2023", "--offline")
    assert result.exit_code == 1
    assert "No entries dated 2023; nothing was written. It has 2 drafts: remove `draft: true`" in result.stderr
    assert "Entries go in" not in result.stderr


def test_the_text_parts_tables_line_up_under_japanese_labels(example_workspace):
    """A monospace font gives a Japanese character two cells: padded by code points, the count
    after '言語設計' stood four cells right of the others in the email's text part."""
    (example_workspace / "entries/2021/02/ja.md").write_text(
        "---\ntype: article\nurl: https://example.jp/a\ndate: 2021-02-05\ntags: [言語設計, ruby]\n---\nメモ。\n",
        encoding="utf-8",
    )
    result = run(example_workspace, "review", "2021", "--offline")
    assert result.exit_code == 0, result.output
    text = (example_workspace / "dist/2021/newsletter.txt").read_text(encoding="utf-8")
    table = text[text.index("\nTag ") + 1 :].split("\n\n")[0].splitlines()
    assert any(line.startswith("言語設計 ") for line in table)

    def cells(line: str) -> int:
        return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)

    assert len({cells(line) for line in table}) == 1, table


def test_the_text_parts_counts_end_under_a_japanese_heading(example_workspace):
    """New user 51 (Yuki, Tokyo): in her Japanese year in review the counts stood two cells left
    of their heading's end ('種類    件数' over '記事     5'): the heading '件数' was measured in code
    points, two, where a monospace font gives it four. Every line of each table now ends in the
    same column, heading and counts alike."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(re.sub(r'language = "[\w-]+"', 'language = "ja"', settings.read_text(), count=1))
    result = run(example_workspace, "review", "2021", "--offline")
    assert result.exit_code == 0, result.output
    text = (example_workspace / "dist/2021/newsletter.txt").read_text(encoding="utf-8")
    tables = [block.splitlines() for block in text.split("\n\n") if "件数" in block.partition("\n")[0]]
    assert len(tables) >= 3, text

    def cells(line: str) -> int:
        return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)

    for table in tables:
        assert len({cells(line) for line in table}) == 1, table


def test_a_favourite_whose_link_died_links_its_archived_copy(example_workspace):
    """The editions of 2021 linked the copy of a link `check` found dead, but the year in review
    linked the dead page: its entries were not read with their month's _archive.toml."""
    url = "https://jalammar.github.io/illustrated-transformer/"
    copy = f"https://web.archive.org/web/20210201000000/{url}"
    (example_workspace / "entries/2021/02/_archive.toml").write_text(
        f'[[link]]\nurl = "{url}"\nversionurl = "{copy}"\nversiondate = "2021-02-01T00:00:00Z"\n'
        'gone_reason = "HTTP 404"\ngone_since = 2026-10-01\ngone_seen = 2026-11-01\n'
    )
    (example_workspace / "entries/2021/_review.md").write_text("---\nfavourites: [illustrated-transformer]\n---\n")
    result = run(example_workspace, "review", "2021", "--offline")
    assert result.exit_code == 0, result.output
    post = (example_workspace / POST / "index.md").read_text().split("+++")[-1]  # the body, not robustlinks
    html = (example_workspace / "dist/2021/newsletter.html").read_text()
    text = (example_workspace / "dist/2021/newsletter.txt").read_text()
    assert f"]({copy})" in post and f"]({url})" not in post
    assert f'href="{copy}"' in html and f'href="{url}"' not in html
    assert copy in text and f"] {url}\n" not in text
    assert "rather than the archived copy" not in result.output


def reviewed_in(root, language: str, book: str, author: str, sentence: str) -> tuple[str, str, str]:
    """(post, email HTML, text part) of 2021's review in `language`, with a book read on 28 May
    2021 whose notes, `sentence` forty times, are the year's longest."""
    settings = root / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', f'language = "{language}"', 1))
    (root / "entries/2021/05").mkdir()
    (root / "entries/2021/05/book.md").write_text(
        f"---\ntype: book\ndate: 2021-05-28\ntitle: {book}\nauthors: [{author}]\n---\n" + sentence * 40 + "\n",
        encoding="utf-8",
    )
    result = run(root, "review", "2021", "--offline")
    assert result.exit_code == 0, result.output
    post = (root / "site/content/posts/my-year-in-reading-2021/index.md").read_text(encoding="utf-8")
    return post, *(
        (root / "dist/2021" / name).read_text(encoding="utf-8") for name in ("newsletter.html", "newsletter.txt")
    )


def test_the_days_of_what_i_wrote_most_about_read_as_the_newsletters_language_writes_them(example_workspace):
    """A Spanish year in review listed what its author wrote most about as
    "Nada (2021-05-28)": an ISO date in a page otherwise in Spanish, which says
    "28 de mayo de 2021"; the post, the email and its text part each said it so."""
    sentence = "Andrea en la Barcelona de posguerra, un libro que releo cada pocos años. "
    post, html, text = reviewed_in(example_workspace, "es", "Nada", "Carmen Laforet", sentence)
    assert "\n- Nada (28 de mayo de 2021)\n" in post
    assert '<li><span dir="auto">Nada</span> (28 de mayo de 2021)</li>' in html
    assert "\nNada (28 de mayo de 2021)\n" in text
    assert "2021-05-28" not in post + html + text


def test_a_norwegian_reviews_days_are_in_norwegian_as_its_words_are(example_workspace):
    """language = "no", what most Norwegians write for Bokmål: the year in review's words were
    Norwegian (the wording reads "no" as "nb") but what its author wrote most about was dated
    "(May 28, 2021)", in English, since the month names knew only "nb"."""
    sentence = "En roman om filosofiens historie, fortalt for en fjortenåring. "
    _, html, text = reviewed_in(example_workspace, "no", "Sofies verden", "Jostein Gaarder", sentence)
    assert "<h2" in html and "Det jeg skrev mest om</h2>" in html
    assert '<li><span dir="auto">Sofies verden</span> (28. mai 2021)</li>' in html
    assert "\nSofies verden (28. mai 2021)\n" in text


def test_an_indian_english_reviews_days_are_written_day_first(example_workspace):
    """Priya (language = "en-IN", Bengaluru) read "DuckDB in the browser (June 2, 2025)" in her
    year in review: America's order, where India, Britain and most English outside North America
    write "2 June 2025". An English tag with such a region is written day first; en-US as before."""
    sentence = "A novel of the Partition told from both sides of the new border. "
    post, html, text = reviewed_in(example_workspace, "en-IN", "Train to Pakistan", "Khushwant Singh", sentence)
    assert "\n- Train to Pakistan (28 May 2021)\n" in post
    assert '<li><span dir="auto">Train to Pakistan</span> (28 May 2021)</li>' in html
    assert "\nTrain to Pakistan (28 May 2021)\n" in text


@pytest.mark.parametrize(
    ("tag", "said"),
    [("en", "May 28, 2021"), ("en-US", "May 28, 2021"), ("en-CA", "May 28, 2021"), ("en-GB", "28 May 2021")]
    + [("en-AU", "28 May 2021"), ("en_IN", "28 May 2021"), ("EN-ie", "28 May 2021"), ("de-AT", "28. Mai 2021")]
    # a language whose month names are not known: the day in numbers, not in English; Polish's day
    # names its month in the genitive ("maja", of May; May alone is "maj")
    + [("eo", "2021-05-28"), ("pl", "28 maja 2021"), ("he", "28 במאי 2021"), ("tr", "28 Mayıs 2021")]
    + [("hi", "28 मई 2021"), ("uk", "28 травня 2021")],  # Ukrainian's genitive too: "травень" alone
)
def test_an_english_date_is_in_its_regions_order(tag, said):
    import datetime as dt

    from newsletter.formats.dates_in_words import date_words

    assert date_words(dt.date(2021, 5, 28), tag) == said


def test_a_year_not_over_yet_is_reviewed_and_says_so(example_workspace):
    """Sam ran `newsletter review 2026` on 2 December to see it: the post, dated that day and
    not a draft, was written for the blog's next build with nothing said of the weeks left."""
    from newsletter.config import load

    today = load(example_workspace).today()
    folder = example_workspace / f"entries/{today:%Y}/{today:%m}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "this-year.md").write_text(
        f'---\ntype: article\nurl: https://example.com/a\ndate: {today}\ntitle: "A"\n---\nNotes.\n'
    )
    result = run(example_workspace, "review", f"{today:%Y}", "--offline")
    assert result.exit_code == 0, result.output
    assert (
        f"warning: {today:%Y} is not over: the review counts what is dated up to today, {today}; "
        f"run `newsletter review {today:%Y}` again once it is, to count the whole year.\n"
    ) in result.stderr
    past = run(example_workspace, "review", "2021", "--offline")
    assert past.exit_code == 0 and "is not over" not in past.stderr


def test_the_review_publishes_no_picture_of_the_notes_it_does_not_show(example_workspace):
    """The year's review post shows no entry's notes, yet its bundle got a copy of every picture
    the year's notes showed, published with it a second time, and a picture named as one of its
    charts (types.svg) would have been written over by the chart. Only an edition's post, which
    shows the notes, gets their pictures."""
    month = example_workspace / "entries/2021/02"
    (month / "loss.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    note = month / "model-search.md"
    note.write_text(note.read_text() + "\n![Loss](loss.png)\n")
    result = run(example_workspace, "review", "2021", "--offline")
    assert result.exit_code == 0, result.output
    assert not list((example_workspace / POST).glob("*.png")) and (example_workspace / POST / "index.md").is_file()
    assert not (example_workspace / "dist/2021/pictures.json").exists()


def test_the_pages_books_link_are_no_sites_read(tmp_path):
    """New user 50 (Olu) reads books, linked to Goodreads, Open Library, Bookshop.org and a
    publisher: his review's "Sites I read most" listed them, with a chart, for pages he read
    nothing on. A book's link names the book, not a site read; an article's site still counts."""
    import dataclasses
    import datetime as dt

    from newsletter.models import Metadata

    def read(kind: str, url: str, site: str) -> Entry:
        entry = Entry(tmp_path / "e.md", kind, url, dt.date(2026, 11, 1), title=url)
        return dataclasses.replace(entry, meta=Metadata(site_name=site))

    books = [
        read("book", "https://www.goodreads.com/book/show/15796700", "Goodreads"),
        read("book", "https://www.goodreads.com/book/show/20518872", "Goodreads"),
        read("book", "https://openlibrary.org/works/OL484722W", "Open Library"),
    ]
    stats = year_stats(2026, books)
    assert stats.sites == [] and [heading for heading, _, _ in stats.tables] == ["Entries per month in 2026"]
    essay = read("article", "https://aeon.co/essays/on-reading", "Aeon")
    assert year_stats(2026, [*books, essay]).sites == [("Aeon", 1)]


def test_a_chart_the_review_no_longer_draws_is_no_longer_published(reviewed):
    """New user 50's review drew the sites his books linked; once books no longer counted as
    sites, the review drew no sites chart, and the earlier one stayed in the post's bundle and
    beside the web page, published and linked from nowhere. Tags taken out do the same."""
    for name in ("top-tags.svg", "top-sites.svg", "entries-per-month.svg"):
        assert (reviewed / POST / name).is_file()
    for entry in (reviewed / "entries/2021").rglob("*.md"):
        entry.write_text(re.sub(r"(?m)^tags:.*\n", "", entry.read_text()))
    assert run(reviewed, "review", "2021", "--offline").exit_code == 0
    assert not (reviewed / POST / "top-tags.svg").exists() and not (reviewed / WEB / "top-tags.png").exists()
    for name in ("top-sites", "entries-per-month"):
        assert (reviewed / POST / f"{name}.svg").is_file() and (reviewed / WEB / f"{name}.png").is_file()


def test_a_site_is_counted_once_whether_its_page_gave_a_name_or_not(tmp_path):
    """Links to one host, some of whose pages gave its name (og:site_name) and some not (fetched
    offline, or failed), were two rows of the year's sites, "GitHub" and "github.com". Hosts of
    one name are one row; a host of several names (medium.com's publications) keeps them apart,
    and its unnamed link its host, as does a link whose host no page named."""
    import dataclasses
    import datetime as dt

    from newsletter.models import Metadata

    def read(url: str, site: str | None) -> Entry:
        entry = Entry(tmp_path / "e.md", "article", url, dt.date(2021, 3, 1))
        return dataclasses.replace(entry, meta=Metadata(site_name=site))

    entries = [
        read("https://github.com/a/one", "GitHub"),
        read("https://github.com/b/two", None),
        read("https://www.github.com/c/three", None),
        read("https://ann.substack.com/p/x", "Substack"),
        read("https://bob.substack.com/p/y", "Substack"),
        read("https://example.org/page", None),
        read("https://medium.com/better-programming/a", "Better Programming"),
        read("https://medium.com/towards-data-science/b", "Towards Data Science"),
        read("https://medium.com/@someone/c", None),
    ]
    assert year_stats(2021, entries).sites == [
        ("GitHub", 3),
        ("Substack", 2),
        ("example.org", 1),
        ("Better Programming", 1),
        ("Towards Data Science", 1),
        ("medium.com", 1),
    ]


@pytest.mark.parametrize(
    "length, hours",
    [("1:00:00", "ساعة واحدة"), ("2:00:00", "ساعتان"), ("3:00:00", "3.0 ساعات"), ("12:30:00", "12.5 ساعة")],
)
def test_an_arabic_reviews_hours_are_counted_as_arabic_counts_them(example_workspace, length, hours):
    """Layla's Arabic review said "2.0 ساعة" of talks and podcasts, the hour's word in the form of
    11 and more whatever the count, "(ومدة 1 منها غير معروفة)" after it ("and the length of 1
    of them is unknown"): the hours take Arabic's forms, and the one without a length is "one
    more of unknown length", as the English says it."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "ar"'), encoding="utf-8")
    podcast = example_workspace / "entries/2022/04/talkpython-359.md"
    podcast.write_text(podcast.read_text().replace("episode: 359\n", f"episode: 359\nduration: {length}\n"))
    result = run(example_workspace, "review", "2022", "--offline")
    assert result.exit_code == 0, result.output
    post = (example_workspace / "site/content/posts/my-year-in-reading-2022/index.md").read_text()
    html = (example_workspace / "dist/2022/newsletter.html").read_text()
    assert f"**{hours}** من المحاضرات والبودكاست والفيديو والدورات (وواحد آخر مجهول المدة)" in post
    assert f"<strong>{hours}</strong> من المحاضرات والبودكاست والفيديو والدورات (وواحد آخر مجهول المدة)" in html


@pytest.mark.parametrize("language", ["en", "de", "ar"])
def test_a_review_counts_the_months_from_the_one_the_log_began(example_workspace, language):
    """A log begun in October had a year in review listing nine empty months before it, January
    to September at 0, in its chart, the chart's text and the text part's table. The months
    begin with the log's first (here February 2021, the 2020 entries taken away); a year after
    the first has all twelve."""
    from newsletter.formats.wording import Wording

    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', f'language = "{language}"'), encoding="utf-8")
    shutil.rmtree(example_workspace / "entries/2020")
    result = run(example_workspace, "review", "2021", "--offline")
    assert result.exit_code == 0, result.output
    months = Wording(language).months()
    post = (example_workspace / POST / "index.md").read_text(encoding="utf-8")
    alt = re.search(r"!\[([^\]]*)\]\(entries-per-month\.svg\)", post)[1]
    assert re.findall(rf"({'|'.join(months)}) \d+", alt) == months[1:], alt
    text = (example_workspace / "dist/2021/newsletter.txt").read_text(encoding="utf-8")
    table = [line.split()[0] for line in text.splitlines() if re.fullmatch(rf"({'|'.join(months)}) +\d+", line.strip())]
    assert table == months[1:]
    # the next year's review has all twelve
    result = run(example_workspace, "review", "2022", "--offline")
    assert result.exit_code == 0, result.output
    post = (example_workspace / "site/content/posts/my-year-in-reading-2022/index.md").read_text(encoding="utf-8")
    alt = re.search(r"!\[([^\]]*)\]\(entries-per-month\.svg\)", post)[1]
    assert re.findall(rf"({'|'.join(months)}) \d+", alt) == months
