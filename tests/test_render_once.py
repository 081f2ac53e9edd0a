"""What rendering makes once an edition, though more than one of its parts shows it (issue #17:
the CPU of `build --all` an edition), and that what is made once for one edition stays its own:
another edition, built next in the same process, shows its own."""

from collections import Counter

from newsletter import mail_headers
from newsletter.build import build
from newsletter.commands.build import build_all
from newsletter.formats import email as email_html
from newsletter.formats import header_lines

# A note's relative link is joined to its post's address on the blog, which is each edition's own
SHARED_NOTE = "The same words in two months, and [my list](reading-list/) beside them.\n"


def test_each_notes_email_html_is_made_once_an_edition(example_workspace, monkeypatch):
    """The email and the feeds' item of an entry show its notes as the same HTML, and the intro
    and outro are in the email and in the edition's words for the web: each was made twice, its
    direction's regex and its quotes run over it again, for every entry of every edition."""
    made = Counter()
    markdown_to_html = email_html.markdown_to_html

    def counted(source, *args, **kwargs):
        made[source] += 1
        return markdown_to_html(source, *args, **kwargs)

    monkeypatch.setattr(email_html, "markdown_to_html", counted)
    outputs = build(example_workspace, "2021-02", offline=True).outputs
    assert len(outputs.items) == 8 and all(item["html"] for item in outputs.items)
    assert made and max(made.values()) == 1, [source[:40] for source, times in made.items() if times > 1]


def test_a_note_in_two_editions_links_each_to_its_own_post(example_workspace):
    """The same note in two editions built one after the other in one process (`build --all`):
    each edition's email and feed item join its relative link to that edition's own post, not
    to the post of the edition built before it."""
    for month, name in (("2021/02", "model-search.md"), ("2022/04", "made-with-ml.md")):
        entry = example_workspace / "entries" / month / name
        text = entry.read_text()
        entry.write_text(text[: text.index("---", 3) + 4] + SHARED_NOTE)
    build_all(example_workspace, offline=True, jobs=1)
    feed = (example_workspace / "site/static/feeds/entries.json").read_text()
    for period, slug in (("2021-02", "what-i-read-in-february-2021"), ("2022-04", "what-i-read-in-april-2022")):
        html = (example_workspace / "dist" / period / "newsletter.html").read_text()
        assert f"/{slug}/reading-list/" in html, period
        assert f"/{slug}/reading-list/" in feed, period


def test_each_entrys_facts_are_made_once_an_edition(example_workspace, monkeypatch):
    """The email and its text part both show the facts under each entry's title (who, where, how
    long): they were made twice, for every entry of every edition. Each edition's are its own:
    `build --all` in one process writes what each edition's own build does (test_cli's
    test_build_all_in_one_process_writes_each_edition_as_its_own_build_does)."""
    from newsletter.formats import entry_facts

    made = Counter()
    facts = entry_facts.entry_facts

    def counted(entry, words=None):
        made[entry.path.name] += 1
        return facts(entry, words)

    monkeypatch.setattr(entry_facts, "entry_facts", counted)
    outputs = build(example_workspace, "2022-04", offline=True).outputs
    assert "Episode\u00a0359" in outputs.text and "Episode 359" in outputs.html
    assert len(made) == 5 and set(made.values()) == {1}, made


def test_the_date_and_message_id_are_written_as_the_email_package_writes_them(example_workspace, monkeypatch):
    """Each edition's .eml had the email package parse its Date and Message-ID back and write them
    again, and its Content-Language, the settings' (1 % of build --all's CPU, issue #17): the
    settings' are made with the settings' other headers, once a process, and a Date and a
    Message-ID that fit on their line are written as given, as the package writes them; a
    longer one it folds, and is given to it. So is a plain ASCII subject that fits (fast 27)."""
    import datetime as dt
    import random
    from email.utils import format_datetime
    from zoneinfo import ZoneInfo

    rnd = random.Random(5)
    zones = ["UTC", "Asia/Kolkata", "America/St_Johns", "Pacific/Chatham", "Etc/GMT+12", "Europe/Berlin"]
    domains = [
        "example.com",
        "newsletter.invalid",
        "mail-1.lists.example.org",
        "x" * 30 + ".example",
        "y" * 50 + ".org",
    ]
    for _ in range(600):
        day = dt.datetime(
            rnd.randint(1900, 2200), rnd.randint(1, 12), rnd.randint(1, 28), tzinfo=ZoneInfo(rnd.choice(zones))
        )
        key = rnd.choice([f"{day.year}-{day.month:02d}", f"{day.year}-W{rnd.randint(1, 53):02d}", str(day.year)])
        message_id = f"<{key}.{rnd.getrandbits(64):016x}@{rnd.choice(domains)}>"
        date = format_datetime(day)
        assert header_lines.dated(date, message_id) == header_lines.headers(
            [("Date", date), ("Message-ID", message_id)]
        )
    # and a subject: ASCII that fits as given, anything else (a long one, folded; a tab, a double
    # space, an encoded word's look-alike, letters outside ASCII) as the package writes it
    pieces = ["What", "I", "read", "(March)", '"2022"', "=?", "?=", "a=b", "\\", ":", ";", "\t", "", "é", "’", "x" * 40]
    for _ in range(3000):
        words = [rnd.choice(pieces) for _ in range(rnd.randint(1, 12))]
        subject = mail_headers.value("Subject", rnd.choice([" ", " ", " ", "  "]).join(words))
        written = header_lines.headers([("Subject", subject)])  # its words back on the Subject line (nu61)
        written = mail_headers.words_on_first_line("Subject", subject, written) if type(subject) is str else written
        assert header_lines.subject(subject) == written, subject
    made = []
    headers = header_lines.headers
    monkeypatch.setattr(
        header_lines, "headers", lambda pairs: made.append([name for name, _ in pairs]) or headers(pairs)
    )
    build(example_workspace, "2021-02", offline=True)
    made.clear()
    eml = build(example_workspace, "2022-04", offline=True).outputs.eml
    assert made == [] and b"\r\nSubject: Data Science Programming April 2022 Newsletter\r\n" in b"\r\n" + eml
    assert b"\r\nDate: Sat, 30 Apr 2022 00:00:00 " in eml and b"\r\nContent-Language: en\r\n" in eml


def test_the_emails_entry_is_one_macro_call_and_its_title_none(example_workspace, monkeypatch):
    """The email's entry showed its title through a macro of its own, shown_title: a Jinja macro
    call for every entry of every edition of `build --all` (issue #17), for a span the entry's
    macro writes in its place. The email calls one macro an entry and one a section; the title is
    as it was, linked or not, its direction and language said."""
    import jinja2.runtime

    called = Counter()
    invoke = jinja2.runtime.Macro._invoke

    def counted(self, arguments, autoescape):
        if self._environment.autoescape:  # the email's environment (the text part's escapes nothing)
            called[self.name] += 1
        return invoke(self, arguments, autoescape)

    monkeypatch.setattr(jinja2.runtime.Macro, "_invoke", counted)
    edition = build(example_workspace, "2022-04", offline=True)
    entries = len(edition.edition.entries)
    assert called == {"entry_block": entries, "section_block": edition.edition.section_count}, called
    assert '<span dir="auto">' in edition.outputs.html
