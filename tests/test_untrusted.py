"""Nothing fetched can poison the build: one sanitiser for every fetched string, length clamps,
parsing that stays linear and off the event loop. Real local servers, real builds."""

import asyncio
import json
import os
import re
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from werkzeug import Response

from newsletter import config
from newsletter.cli import main
from newsletter.errors import FetchError
from newsletter.links import readers, web
from newsletter.links.extract import extract_metadata

from helpers import link_workspace, url_of

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def workspace(root: Path, urls: list[str]) -> Path:
    return link_workspace(root, urls, timeout=2)


# A lone surrogate, as JSON-LD may write it (json.loads turns it into a str that no encoder takes),
# bidi controls that would reverse the text around them, and C0/C1 controls.
POISON = (
    '<!DOCTYPE html><html><head><title>ignored</title><script type="application/ld+json">'
    '{"@type": "Article", "headline": "Poisoned \\ud800 title \u202egnp.exe\u202c \u0085\u009b\u0007end",'
    ' "author": {"@type": "Person", "name": "Eve \\udfff\u2066Evil\u2069"},'
    ' "description": "A \\ud800 description"}</script></head><body></body></html>'
)
HUGE = (
    "<!DOCTYPE html><html><head><title>" + "Long title words " * 60_000 + "</title>"
    '<meta name="description" content="'
    + "many words " * 30_000
    + '">'
    + "".join(f'<meta name="citation_author" content="Jo {a}{b}ington">' for a in "ABCDE" for b in "abcdefghij")
    + "</head></html>"
)


def test_fetched_text_is_sanitised_and_clamped_in_every_command(server, tmp_path):
    server.expect_request("/poison").respond_with_data(POISON, content_type="text/html")
    server.expect_request("/huge").respond_with_data(HUGE, content_type="text/html")
    poison, huge = url_of(server, "/poison"), url_of(server, "/huge")
    root = workspace(tmp_path / "ws", [poison, huge])
    runner = CliRunner()

    for _ in range(2):  # the second build reads what the first one cached
        result = runner.invoke(main, ["build", "2021-02", "-w", str(root)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert "could not be fetched" not in result.stderr
    post = next((root / "site" / "content" / "posts").glob("*/index.md")).read_text(encoding="utf-8")
    email = (root / "dist" / "2021-02" / "newsletter.html").read_text(encoding="utf-8")
    text = (root / "dist" / "2021-02" / "newsletter.txt").read_text(encoding="utf-8")
    for output in (post, email, text):
        assert "Poisoned title gnp.exe end" in output
        assert not UNSAFE.search(output)
    assert len(email) < 120_000  # a 1 MB <title> and description, 50 long authors: clamped

    meta = runner.invoke(main, ["meta", huge, "-w", str(root), "--refresh"], catch_exceptions=False)
    found = json.loads(meta.stdout)
    assert len(found["title"]) <= 300 and found["title"].startswith("Long title words")
    assert len(found["description"]) <= 500
    assert len(found["authors"]) == 20 and all(len(name) <= 100 for name in found["authors"])
    saved = tmp_path / "saved.html"
    saved.write_text(POISON, encoding="utf-8")
    meta = runner.invoke(main, ["meta", "--html", str(saved), "--url", poison], catch_exceptions=False)
    assert meta.exit_code == 0 and not UNSAFE.search(json.loads(meta.stdout)["title"])

    new = runner.invoke(
        main, ["new", "article", poison, "-w", str(root), "--no-edit", "--force"], catch_exceptions=False
    )
    assert new.exit_code == 0, new.output
    written = [p for p in (root / "entries").rglob("*.md") if not p.name.startswith("entry-")]
    assert written and not UNSAFE.search(written[0].read_text(encoding="utf-8"))


def test_every_fetched_page_is_cut_before_parsing(monkeypatch):
    """`quotes` reads a fetched page's text, `import` looks for a page's feed, a post's embed is
    fetched markup too: each parse gets the guard metadata has, where 32,000 levels of nesting
    cost minutes (quadratic in the depth)."""
    import selectolax.lexbor

    from newsletter.importers.feeds import _named_feed
    from newsletter.links import text, worker
    from newsletter.links.depth import MAX_DEPTH
    from newsletter.links.providers import twitter

    parsed, parser = [], selectolax.lexbor.LexborHTMLParser

    def spy(markup):
        parsed.append(markup)
        return parser(markup)

    for module in (selectolax.lexbor, text, worker):  # twitter imports it from selectolax.lexbor when called
        monkeypatch.setattr(module, "LexborHTMLParser", spy)
    head = '<html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head>'
    deep = (head + "<body><blockquote><p>Kept.</p>" + "<div>" * 32_000 + "</body></html>").encode()
    assert text.page_text(deep) == "Kept."
    assert worker.alternate_feed(deep, "https://example.com/post") == "https://example.com/feed.xml"
    assert _named_feed(deep, "https://example.com/post") == "https://example.com/feed.xml"  # (in a worker)
    assert twitter._post_text(deep.decode()) == ("Kept.", None)
    assert len(parsed) == 3 and all(
        markup.count(b"<div>" if isinstance(markup, bytes) else "<div>") < MAX_DEPTH for markup in parsed
    )


@pytest.mark.parametrize("nesting", ['<div itemscope itemprop="a">', "<ul><li>", "<div>"])
def test_deep_nesting_is_cut_before_parsing(nesting, monkeypatch):
    """32,000 levels: parsing them took minutes (quadratic in the depth); the parser is given the page
    cut at MAX_DEPTH levels, so it stays linear (bench/ times extraction)."""
    from newsletter.links import page as extract  # where the page is parsed, once
    from newsletter.links.depth import MAX_DEPTH

    parsed = []
    parser = extract.LexborHTMLParser
    monkeypatch.setattr(
        extract, "LexborHTMLParser", lambda text, **options: parsed.append(text) or parser(text, **options)
    )
    page = (
        '<html><head><title>Deep</title><meta property="og:description" content="Still read">'
        "</head><body>" + nesting * 32_000 + "bottom</body></html>"
    )
    meta = extract_metadata(page, "https://example.com/deep")
    assert (meta.title, meta.description) == ("Deep", "Still read")
    assert parsed and all(text.count(nesting) < MAX_DEPTH for text in parsed)


@pytest.mark.parametrize(
    "page, cut",
    [
        # end tags inside a script, a style or a comment close nothing: they hide no depth
        ("<div>" * 200 + "<SCRIPT>" + "</div>" * 200 + "</SCRIPT>" + "<div>" * 100 + "x", True),
        ("<div>" * 200 + "<style>" + "</b>" * 200 + "</style><!--" + "</i>" * 99 + "-->" + "<DIV>" * 100, True),
        ("<div>" * 200 + "<script>" + "<div>" * 200, False),  # a script left open is all text
        # elements that hold nothing, or close themselves, do not deepen the page
        ("<div>" + "<img src=a.png><br><li>item<p>text<meta name=x content=y><td>" * 400 + "</div>", False),
        ("<ul>" + "<li><a href=/x>x</a><span>y</span></li>" * 1000 + "</ul>", False),
    ],
    ids=["script", "style-and-comment", "open-script", "flat-elements", "wide-not-deep"],
)
def test_the_depth_scan_counts_what_the_parser_nests(page, cut):
    from newsletter.links.depth import shallow

    for text in (page, page.encode()):
        short = shallow(text)
        assert (len(short) < len(text)) is cut
        if cut:
            assert short.count(b"<" if isinstance(text, bytes) else "<") >= 256


def test_microdata_at_a_normal_depth_is_still_read():
    page = (
        '<html><body><div itemscope itemtype="https://schema.org/Article"><h1 itemprop="headline">Micro</h1>'
        '<span itemprop="author" itemscope itemtype="https://schema.org/Person"><span itemprop="name">Ann Lee'
        "</span></span></div></body></html>"
    )
    meta = extract_metadata(page, "https://example.com/m")
    assert (meta.title, meta.authors) == ("Micro", ["Ann Lee"])


def test_parsing_a_heavy_page_does_not_hold_up_the_other_fetches(server, tmp_path):
    """The light page's answer arrives while the heavy page is being parsed: it finishes first
    only if parsing runs off the event loop. Order, not time, is asserted."""
    heavy_sent = threading.Event()
    heavy = "<html><head><title>Heavy</title>" + "".join(
        f'<meta name="k{n}" content="value {n}">' for n in range(60_000)
    )

    def send_heavy(_):
        heavy_sent.set()
        return Response(heavy, content_type="text/html")

    def send_light(_):
        heavy_sent.wait(5)
        threading.Event().wait(0.1)  # the heavy body is on its way, and its parsing starts
        return Response("<html><head><title>Light</title></head></html>", content_type="text/html")

    server.expect_request("/heavy").respond_with_handler(send_heavy)
    server.expect_request("/light").respond_with_handler(send_light)
    root = workspace(tmp_path / "ws", [])
    settings = config.load(root)
    urls = [url_of(server, "/heavy"), url_of(server, "/light")]
    # Two page readers, started before the pages come: a page behind a busy reader waits 0.1 s
    # for it, then gets a reader of its own, whose start (~0.2 s, more on a busy machine) raced
    # the heavy page's parse and sometimes lost. The order asserted is the event loop's, not theirs.
    readers.READERS.warm(2)
    for worker in readers.READERS._idle:
        worker.wait_started()
    results, _ = asyncio.run(web.fetch_all(urls, settings.fetch, None))
    assert [results[url].title for url in urls] == ["Heavy", "Light"]
    assert list(results) == [urls[1], urls[0]]  # completion order: the light page first


# Markup whose parsing grows faster than the page, which no scan before parsing bounds yet
# (tests/test_depth.py's attribute floods): a <b> of 20,000 attributes re-opened in 1,400
# paragraphs took 6.7 s and 4 GB in-process; one <div> of 80,000 distinct attributes, 14 s.
REOPENED = "<html><body><p><b " + " ".join(f"a{n}" for n in range(20_000)) + ">" + "</p><p>x" * 1400
WIDE = "<html><body><div " + " ".join(f"a{n}" for n in range(80_000)) + ">x"


@pytest.fixture
def small_readers(monkeypatch):
    """Page readers held to 256 MB, so the memory test never takes more from the machine."""
    from newsletter.links import readers

    pool = readers.Readers(memory=256 << 20)
    monkeypatch.setattr(readers, "READERS", pool)
    yield pool
    pool.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="only Linux enforces a process's address-space limit")
def test_a_page_that_would_take_gigabytes_to_parse_fails_alone(server, tmp_path, small_readers):
    """Its reader runs out of its own memory and says so; the parent never holds the tree, and
    the other link of the batch is read as usual, by a worker that is still there."""
    server.expect_request("/hostile").respond_with_data(REOPENED, content_type="text/html")
    server.expect_request("/fine").respond_with_data("<title>Fine</title>", content_type="text/html")
    settings = config.load(workspace(tmp_path / "ws", []))
    # time enough to reach the memory limit on a busy machine: this is about memory, not time
    # (the full suite's load once made the 2 s timeout end it first)
    settings.fetch.timeout = 30.0
    urls = [url_of(server, "/hostile"), url_of(server, "/fine")]
    import resource  # (not on Windows)

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    results, _ = asyncio.run(web.fetch_all(urls, settings.fetch, None))
    assert isinstance(results[urls[0]], FetchError) and "needs more memory" in results[urls[0]].reason
    assert results[urls[1]].title == "Fine"
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000  # KB: not here either


def test_a_page_that_takes_too_long_to_parse_is_given_up(server, tmp_path, small_readers):
    """Past the fetch timeout (but not before readers.AT_LEAST, 2 s: a short timeout is the
    network's) its worker is killed: that link fails with a message saying so, and the next
    page gets a fresh worker."""
    server.expect_request("/wide").respond_with_data(WIDE, content_type="text/html")
    server.expect_request("/fine").respond_with_data("<title>Fine</title>", content_type="text/html")
    settings = config.load(workspace(tmp_path / "ws", []))
    settings.fetch.timeout = 1.0
    results, _ = asyncio.run(web.fetch_all([url_of(server, "/wide")], settings.fetch, None))
    error = results[url_of(server, "/wide")]
    assert isinstance(error, FetchError) and "took more than 2 s" in error.reason
    results, _ = asyncio.run(web.fetch_all([url_of(server, "/fine")], settings.fetch, None))
    assert results[url_of(server, "/fine")].title == "Fine"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="only Linux enforces a process's address-space limit")
def test_a_page_given_up_among_others_waiting_fails_alone(server, tmp_path, small_readers):
    """Pages that arrive together are handed to the readers in batches (links/batches.py): the
    page whose worker is killed fails alone, and those after it in its batch are read by a
    fresh worker."""
    server.expect_request("/wide").respond_with_data(WIDE, content_type="text/html")
    for number in range(12):
        server.expect_request(f"/fine-{number}").respond_with_data(
            f"<title>Fine {number}</title>", content_type="text/html"
        )
    settings = config.load(workspace(tmp_path / "ws", []))
    settings.fetch.timeout = 1.0
    urls = [url_of(server, f"/fine-{number}") for number in range(6)]
    urls += [url_of(server, "/wide")] + [url_of(server, f"/fine-{number}") for number in range(6, 12)]
    results, _ = asyncio.run(web.fetch_all(urls, settings.fetch, None))
    error = results.pop(url_of(server, "/wide"))
    assert isinstance(error, FetchError) and "took more than 2 s" in error.reason
    assert {url: meta.title for url, meta in results.items()} == {
        url_of(server, f"/fine-{number}"): f"Fine {number}" for number in range(12)
    }


def test_a_saved_page_given_to_quotes_is_read_in_a_worker_too(tmp_path, small_readers):
    """`quotes page.html` reads its text; a hostile saved page is refused, naming it, and the
    command's own process never builds its tree."""
    from newsletter.commands.quotes import text_of
    from newsletter.errors import NewsletterError

    fine, hostile = tmp_path / "fine.html", tmp_path / "hostile.html"
    fine.write_text("<html><body><nav>Menu</nav><article><p>Kept, and quoted.</p></article>")
    hostile.write_text(REOPENED)
    assert text_of(tmp_path, str(fine)) == ("Kept, and quoted.", None, False)  # (its lines are the reader's)
    with pytest.raises(NewsletterError, match="hostile.html.*needs more memory"):
        text_of(tmp_path, str(hostile))


def test_a_worker_does_not_import_from_the_current_directory(tmp_path, monkeypatch, small_readers):
    """`python -m` puts the current directory first on the path: a json.py there (or another
    checkout's newsletter/) would be imported by every worker, and every page fail."""
    (tmp_path / "json.py").write_text("raise SystemExit('the wrong json')")
    monkeypatch.chdir(tmp_path)
    assert small_readers.call("text", b"<p>Read.</p>", 10, "page", charset=None) == {"text": "Read."}


def test_a_worker_that_died_while_idle_is_not_given_the_next_page(small_readers):
    """One killed from outside (the OOM killer, a user), or by a timer that fired just as its
    answer came, is replaced: the next page is not failed for it."""
    assert small_readers.call("text", b"<p>One.</p>", 10, "page", charset=None) == {"text": "One."}
    (worker,) = small_readers._idle
    worker.process.kill()
    worker.process.wait()
    assert small_readers.call("text", b"<p>Two.</p>", 10, "page", charset=None) == {"text": "Two."}


def test_a_batch_of_light_pages_is_read_by_one_worker(server, tmp_path, small_readers, monkeypatch):
    """Two pages are read at once, but a light page's wait for a busy worker is shorter than a
    second worker's start (~0.2 s of a core, taken from the event loop): one reads them all."""
    from newsletter.links import readers

    started, real = [], readers._Worker
    monkeypatch.setattr(readers, "_Worker", lambda memory, **kw: started.append(real(memory, **kw)) or started[-1])
    monkeypatch.setattr(readers, "PATIENCE", 30.0)  # however busy the machine: a page never waits that long
    for n in range(12):
        server.expect_request(f"/light{n}").respond_with_data(f"<title>Light {n}</title>", content_type="text/html")
    settings = config.load(workspace(tmp_path / "ws", []))
    urls = [url_of(server, f"/light{n}") for n in range(12)]
    results, _ = asyncio.run(web.fetch_all(urls, settings.fetch, None))
    assert [results[url].title for url in urls] == [f"Light {n}" for n in range(12)]
    assert len(started) == 1


def test_a_page_that_queued_too_long_gets_a_reader_of_its_own(small_readers, monkeypatch):
    """Pages wait their turn in a queue before they ask a reader: one that has waited PATIENCE
    there is not held up behind a heavy page as well, but given a worker of its own."""
    import time

    from newsletter.links import readers
    from newsletter.links.fetch import Page

    started, real = [], readers._Worker
    monkeypatch.setattr(readers, "_Worker", lambda memory, **kw: started.append(real(memory, **kw)) or started[-1])
    monkeypatch.setattr(readers, "PATIENCE", 30.0)
    heavy = "<html><head><title>Heavy</title>" + "".join(f'<meta name="k{n}" content="v{n}">' for n in range(60_000))
    finished = []

    async def read(title: str, body: str, since: float | None) -> None:
        page = Page("https://example.com/" + title, 200, "text/html", "utf-8", body.encode())
        finished.append((await small_readers.read(page, page.url, 60, since)).title)

    async def both() -> None:
        first = asyncio.create_task(read("Heavy", heavy, None))
        while not small_readers._busy:  # the heavy page has its worker
            await asyncio.sleep(0.01)
        await read("Light", "<title>Light</title>", time.monotonic() - 60)  # queued for a minute
        await first

    asyncio.run(both())
    assert (finished, len(started)) == (["Light", "Heavy"], 2)


def test_a_queue_of_light_pages_gets_no_second_worker_however_long_it_waited(small_readers, monkeypatch):
    """A month's answers queue up for the reader (the longer while it starts, on a busy machine);
    pages held up by nothing heavier than that queue are read by the one worker: a second one's
    start (~0.2 s of a core) was ready about when the first had read them all, its CPU taken
    from the event loop and the first reader. Only a page behind a heavy one gets its own."""
    from newsletter.links import readers
    from newsletter.links.batches import BATCH, Batches
    from newsletter.links.fetch import Page

    started, real = [], readers._Worker
    monkeypatch.setattr(readers, "_Worker", lambda memory, **kw: started.append(real(memory, **kw)) or started[-1])
    monkeypatch.setattr(readers, "PATIENCE", 5.0)  # however busy the machine: no light page takes that long
    queued = time.monotonic() - 60  # each page queued for a minute, far past PATIENCE

    async def read_all() -> list[str]:
        reading = Batches(asyncio.Semaphore(2))
        pages = [
            Page(f"https://example.com/{n}", 200, "text/html", "utf-8", b"<title>L%d</title>" % n)
            for n in range(3 * BATCH)
        ]
        found = await asyncio.gather(*(reading.read(page, page.url, 60, queued) for page in pages))
        return [meta.title for meta in found]

    assert asyncio.run(read_all()) == [f"L{n}" for n in range(3 * BATCH)]
    assert len(started) == 1


@pytest.mark.skipif(sys.platform == "win32", reason="signals a Ctrl-C to the test's own process")
def test_ctrl_c_while_a_page_is_read_leaves_no_worker_behind(monkeypatch, small_readers):
    """`quotes` or `import` interrupted mid-page: the worker is killed, not left to finish (or
    loop) after the command has gone."""
    import signal

    from newsletter.links import readers

    started, real = [], readers._Worker
    monkeypatch.setattr(readers, "_Worker", lambda memory, **kw: started.append(real(memory, **kw)) or started[-1])
    # pytest started from a background job (`pytest &`) inherits SIGINT ignored, and Python then
    # raises no KeyboardInterrupt: this ^C needs Python's own handler, which a terminal gives
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGINT)).start()
        with pytest.raises(KeyboardInterrupt):
            small_readers.call("text", WIDE.encode(), 30, "page", charset=None)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert started and started[0].process.poll() is not None


def test_a_cancelled_enrichment_does_not_wait_for_its_page_to_be_read(server, tmp_path, small_readers):
    """^C in a build cancels its tasks, but the process's exit waits for the threads asking the
    workers: the worker reading a slow page is killed, not left to take the whole timeout."""
    import time

    server.expect_request("/wide").respond_with_data(WIDE, content_type="text/html")
    settings = config.load(workspace(tmp_path / "ws", []))
    settings.fetch.timeout = 60.0

    async def cancelled() -> None:
        task = asyncio.create_task(web.fetch_all([url_of(server, "/wide")], settings.fetch, None))
        await asyncio.sleep(1.0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    start = time.monotonic()
    asyncio.run(cancelled())  # returns once its executor's threads have ended
    assert time.monotonic() - start < 4


@pytest.mark.parametrize("label", ["punycode", "utf-7", "unicode_escape", "raw-unicode-escape", "idna"])
def test_a_page_in_a_legacy_charset_declaring_a_codec_no_browser_reads_pages_with_is_read_as_undeclared(label):
    """A page in windows-1252 declaring `charset=punycode` could not be read at all (the
    UnicodeDecodeError given as the reason), and one declaring UTF-7 or an escape codec was
    read as no browser reads it: "+ADw-b+AD4-" as "<b>", "\\u0041" as "A"."""
    from newsletter.links.decode import decode_html

    page = f"<meta charset={label}><title>+ADw-b+AD4- \\u0041 Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e</title>".encode(
        "cp1252"
    )
    shown = "+ADw-b+AD4- \\u0041 Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e"
    assert shown in decode_html(page) and shown in decode_html(page, label)
    assert extract_metadata(page, "https://example.com/").title == shown


@pytest.mark.parametrize("label", ["utf-32", "UTF-32LE", "cp037", "ebcdic-cp-us", "cp500", "ibm273", "cp1140"])
def test_a_page_declaring_a_charset_that_cannot_read_its_markup_is_read_as_undeclared(label):
    """A page declaring UTF-32 or an EBCDIC code page had no title at all: read in one, its
    ASCII markup was nothing (UTF-32) or "\\x04\\x9e\\x14ÈÑÈ%Á" (cp037). No browser knows them;
    the page is read as one declaring nothing, as it is read in a browser."""
    from newsletter.links.decode import decode_html

    title = "Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e"
    page = f"<html><head><meta charset={label}><title>{title}</title></head><body><p>Hi</p></body></html>"
    for body in (page.encode("cp1252"), page.encode("utf-8")):
        assert f"<title>{title}</title>" in decode_html(body) and f"<title>{title}</title>" in decode_html(body, label)
        assert extract_metadata(body, "https://example.com/").title == title


@pytest.mark.parametrize("label", ["rot13", "base64", "zlib", "idna", "utf-8\x00"])
def test_a_page_declaring_a_codec_that_is_no_charset_is_still_read(label):
    """`<meta charset=idna>` (or rot13, base64…) is known to Python's codecs but decodes no
    page: it is ignored as an unknown charset is, not fatal (a meta refresh decodes the page
    in the build's own process, where idna was a traceback)."""
    from newsletter.links.decode import decode_html

    page = f"<meta charset={label}><title>Caf\u00e9</title>".encode()
    assert "Caf\u00e9" in decode_html(page) and "Caf\u00e9" in decode_html(page, label)
    assert extract_metadata(page, "https://example.com/").title == "Caf\u00e9"


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell script stands for the worker")
@pytest.mark.parametrize(
    ("script", "said"),
    [("exit 1", "stopped before answering (exit status 1); check that"), ("kill -SEGV $$", "crashed on it (SIGSEGV")],
)
def test_a_worker_that_fails_without_answering_says_how(script, said, tmp_path, monkeypatch, small_readers):
    """A worker that cannot start (a broken environment) or crashes on a page is not reported as
    a page needing too much memory: that would send the user after the wrong cause."""
    python = tmp_path / "python"
    python.write_text(f"#!/bin/sh\n{script}\n")
    python.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(python))
    with pytest.raises(FetchError, match=re.escape(said)):
        small_readers.call("text", b"<p>Read.</p>", 10, "page", charset=None)


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell script stands for the worker")
def test_a_workers_start_is_not_counted_against_its_pages_time(tmp_path, monkeypatch, small_readers):
    """A worker takes ~0.2 s to start, more on a busy machine: the page's timer ran from the
    moment it was asked for, so a short page timeout failed pages that took no time to read."""
    python = tmp_path / "python"
    python.write_text(f'#!/bin/sh\nsleep 1.5\nexec "{sys.executable}" "$@"\n')  # a slow start
    python.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(python))
    assert small_readers.call("text", b"<p>Read.</p>", 1.0, "page", charset=None) == {"text": "Read."}


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX shell script stands for the worker")
def test_a_worker_that_never_starts_is_given_up_and_said_so(tmp_path, monkeypatch, small_readers):
    from newsletter.links import readers

    python = tmp_path / "python"
    python.write_text("#!/bin/sh\nexec sleep 60\n")
    python.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(python))
    monkeypatch.setattr(readers, "STARTING", 0.5)
    with pytest.raises(FetchError, match=re.escape("the page reader did not start within 0.5 s; check that `")):
        small_readers.call("text", b"<p>Read.</p>", 10, "page", charset=None)


def test_a_short_wait_is_given_up_on_time_while_a_long_one_runs():
    """One watchdog thread keeps every reader's deadline (a thread per wait cost more than
    reading a small page): a wait that starts later with a nearer deadline is still ended at
    its own deadline, and a wait that returned in time is never ended afterwards."""
    import time

    from newsletter.links import readers

    class Stuck:
        """Stands for a worker that never answers: `kill` is what ends its wait."""

        def __init__(self):
            self.killed = threading.Event()

        def kill(self, timed_out=False):
            self.killed.set()

    watchdog = readers._Watchdog()
    slow, quick, done = Stuck(), Stuck(), Stuck()
    assert watchdog.within(5.0, done, lambda: "read") == "read"
    long_wait = threading.Thread(target=watchdog.within, args=(5.0, slow, lambda: slow.killed.wait(10)))
    long_wait.start()
    time.sleep(0.1)  # the watchdog now sleeps towards the 5 s deadline
    start = time.monotonic()
    watchdog.within(0.3, quick, lambda: quick.killed.wait(10))
    assert quick.killed.is_set() and time.monotonic() - start < 3.0
    assert not slow.killed.is_set() and not done.killed.is_set()
    slow.killed.set()
    long_wait.join()


def test_a_deadline_is_kept_after_a_slow_kill():
    """The watchdog's sleep towards the next deadline is measured from when it ends a kill, not
    from before it: a kill that took a second (a worker slow to reap) made every later deadline
    a second late, as long as the kill took."""
    import time

    from newsletter.links import readers

    class Worker:
        def __init__(self, slow):
            self.killed, self.slow = threading.Event(), slow

        def kill(self, timed_out=False):
            if self.slow:
                time.sleep(1.0)
            self.killed.set()

    watchdog = readers._Watchdog()
    first, second = Worker(slow=True), Worker(slow=False)
    waiting = threading.Thread(target=watchdog.within, args=(0.1, first, lambda: first.killed.wait(10)))
    waiting.start()
    start = time.monotonic()
    watchdog.within(1.6, second, lambda: second.killed.wait(10))
    assert second.killed.is_set()
    assert time.monotonic() - start < 2.2  # its deadline, 1.6 s; 2.6 s when the kill's second was slept again
    waiting.join()


def test_a_kill_that_fails_leaves_the_watchdog_keeping_the_other_deadlines():
    """Were one kill to raise, the watchdog's thread died with it, and no later wait would ever
    end: a hostile page could then hold the build for good."""
    import time

    from newsletter.links import readers

    class Stuck:
        def __init__(self, fails=False):
            self.killed, self.fails = threading.Event(), fails

        def kill(self, timed_out=False):
            self.killed.set()
            if self.fails:
                raise RuntimeError("cannot kill")

    watchdog = readers._Watchdog()
    broken, next_one = Stuck(fails=True), Stuck()
    watchdog.within(0.1, broken, lambda: broken.killed.wait(10))
    start = time.monotonic()
    watchdog.within(0.2, next_one, lambda: next_one.killed.wait(10))
    assert next_one.killed.is_set() and time.monotonic() - start < 3.0


# Each shows as nothing at all: marks of direction, a soft hyphen and a combining grapheme joiner,
# a braille blank, Hangul fillers, a Mongolian vowel separator, a private-use icon, tag characters.
@pytest.mark.parametrize(
    "invisible",
    ["\u200e\u200f", "\u00ad\u034f", "\u2800", "\u3164\uffa0", " \u180e ", "\ue001", "\U000e0041\U000e0042"],
)
def test_a_title_of_invisible_characters_is_no_title(server, tmp_path, invisible):
    """A page titled with characters that show as nothing had that for its title: the post's
    heading was a link with no visible text, the email's an empty line, and the build said
    nothing, as a title was found. Such text is no value: the next source is read (the
    page's <h1> here), and with none, the heading is the link, with the usual warning."""
    named = f'<html><head><title>{invisible}</title><meta property="og:site_name" content="{invisible}"></head>'
    server.expect_request("/h1").respond_with_data(named + "<body><h1>The visible heading</h1></body></html>")
    server.expect_request("/none").respond_with_data(named + "<body><p>No heading.</p></body></html>")
    with_h1, without = url_of(server, "/h1"), url_of(server, "/none")
    root = workspace(tmp_path / "ws", [with_h1, without])
    result = CliRunner().invoke(main, ["build", "2021-02", "-w", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "entry-2.md: no title: its heading will be the bare link" in result.stderr
    assert "entry-1.md: no title" not in result.stderr, result.stderr
    post = next((root / "site" / "content" / "posts").glob("*/index.md")).read_text(encoding="utf-8")
    headings = [line for line in post.splitlines() if line.startswith("## ")]
    assert headings[0].startswith("## [The visible heading](")
    assert not any(char in post for char in invisible.strip())


def test_a_blank_fetched_title_gives_way_to_the_link(server, tmp_path):
    """A page whose title was only a direction mark (`<title>&rlm;</title>`, seen on Hebrew and
    Arabic sites) or invisible fillers gave the email a link with no text: screen readers said
    "link" and nothing more. A title that shows nothing is no title, so the link's address shows."""
    from selectolax.lexbor import LexborHTMLParser

    server.expect_request("/blank").respond_with_data(
        '<!DOCTYPE html><html lang="he"><head><title>&rlm;</title>'
        '<meta property="og:title" content="&#x200F;&#x3164; &#x2800;"></head><body></body></html>',
        content_type="text/html",
    )
    url = url_of(server, "/blank")
    root = workspace(tmp_path / "ws", [url])

    for _ in range(2):  # the second build reads what the first one cached
        result = CliRunner().invoke(main, ["build", "2021-02", "-w", str(root)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        email = LexborHTMLParser((root / "dist" / "2021-02" / "newsletter.html").read_text(encoding="utf-8"))
        (link,) = [a for a in email.css("h3 a") if a.attributes.get("href") == url]
        assert link.text(strip=True) == url


def test_a_title_an_older_version_cached_is_sanitised_for_list(server, tmp_path):
    """`list` names an entry that leaves its title to the page by its cached title, and read it
    past the sanitiser: a row an older version wrote, with a lone surrogate in its title, ended
    `list` (and search, related, sections) in a UnicodeEncodeError traceback, a 100,000-character
    title filled the terminal, and one of braille blanks showed as no title at all."""
    import sqlite3

    server.expect_request("/old").respond_with_data("<title>Fetched today</title>", content_type="text/html")
    server.expect_request("/blank").respond_with_data("<title>Fetched too</title>", content_type="text/html")
    old, blank = url_of(server, "/old"), url_of(server, "/blank")
    root = workspace(tmp_path / "ws", [old, blank])
    assert CliRunner().invoke(main, ["build", "2021-02", "-w", str(root)]).exit_code == 0
    with sqlite3.connect(root / ".newsletter" / "cache.sqlite3") as db:  # as an older version wrote them
        for path, title in (("/old", "Old \\ud800 title \\ufffe " + "word " * 20_000), ("/blank", "\\u2800\\u2800")):
            db.execute("UPDATE metadata SET data = ? WHERE url LIKE ?", (f'{{"title": "{title}"}}', f"%{path}"))
    db.close()
    listed = CliRunner().invoke(main, ["list", "2021-02", "-w", str(root)], catch_exceptions=False)
    assert listed.exit_code == 0
    [line] = [line for line in listed.stdout.splitlines() if "Old title" in line]
    assert not UNSAFE.search(listed.stdout) and "\ufffe" not in listed.stdout
    assert len(line) < 400  # the title clamped to 300 characters, as the build shows it
    assert blank in listed.stdout


def test_a_reader_started_ahead_of_the_pages_is_ready_for_a_page_without_a_charset():
    """A reader started before any page came (`Readers.warm`, while the first requests are in
    flight) has already read a page that declares no charset and is not UTF-8: the import of
    charset-normalizer and its first guess (~60-90 ms, ~60 encodings) were paid by the one such
    page of a month, mid-batch, holding up the pages behind it. A reader started for a page
    already waiting does not spend that time before it."""
    import subprocess

    def loaded(ahead: bool) -> bool:
        script = (
            "import io, sys; from newsletter.links import worker; "
            f"worker.serve(256 << 20, io.BytesIO(), io.BytesIO(), ahead={ahead}); "
            "print('charset_normalizer' in sys.modules)"
        )
        done = subprocess.run([sys.executable, "-P", "-c", script], capture_output=True, text=True, check=True)
        return done.stdout.strip() == "True"

    assert loaded(ahead=True)
    assert not loaded(ahead=False)
    warmed = readers.Readers(memory=256 << 20)
    try:
        warmed.warm(1)
        (worker,) = warmed._idle
        assert worker.process.args[-1] == "ahead"
        assert warmed.call("text", b"<p>Caf\xe9</p>", 10, "page", charset=None) == {"text": "Café"}
    finally:
        warmed.close()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads a process's folder and environment in /proc")
def test_a_reader_holds_no_folder_the_build_was_started_in(tmp_path, monkeypatch):
    """A page reader may outlive its build by minutes (kept by the loaded process a build at a
    terminal leaves), and working in the workspace's folder it held a USB drive or a share from
    being unmounted. It works in the package's folder; a relative PYTHONPATH folder given to the
    build still names the same folder for it."""
    from newsletter.links import readers

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYTHONPATH", "plugins")
    pool = readers.Readers(memory=256 << 20)
    try:
        pool.warm(1)
        (worker,) = pool._idle
        assert pool.call("text", b"<p>Caf\xe9</p>", 10, "page", charset=None) == {"text": "Café"}
        assert Path(os.readlink(f"/proc/{worker.process.pid}/cwd")) == Path(readers.PACKAGE_ROOT)
        environment = Path(f"/proc/{worker.process.pid}/environ").read_bytes().split(b"\0")
        (path,) = [item for item in environment if item.startswith(b"PYTHONPATH=")]
        assert str(tmp_path / "plugins") in path.decode().split("=", 1)[1].split(os.pathsep)
    finally:
        pool.close()


def test_a_reader_ends_at_once_when_its_input_ends_its_answers_all_given():
    """A page reader whose input ends leaves without Python's own ending (freeing its parsers'
    and the extractor's modules, 15-30 ms of a core), which the parent's exit waited for
    (`Readers.close`, at the exit of every command that read a page): everything it answered
    was written and flushed as it was given."""
    import subprocess

    script = (
        "import atexit, runpy, sys; atexit.register(print, 'python ended me', file=sys.stderr); "
        "sys.argv = ['worker', str(256 << 20)]; runpy.run_module('newsletter.links.worker', run_name='__main__')"
    )
    page = b"<title>Caf\xc3\xa9 notes</title>"
    ask = {"job": "metadata", "size": len(page), "url": "https://example.com/", "original": "https://example.com/"}
    ask |= {"type": "text/html", "charset": "utf-8", "textual": True}
    done = subprocess.run(
        [sys.executable, "-P", "-c", script], input=json.dumps(ask).encode() + b"\n" + page, capture_output=True
    )
    assert done.returncode == 0 and b"python ended me" not in done.stderr
    ready, answer = done.stdout.splitlines(keepends=True)
    assert ready == readers.READY and json.loads(answer)["meta"]["title"] == "Café notes"


@pytest.mark.parametrize(
    "title, shown",
    [
        ("Plain \x7f ASCII", "Plain ASCII"),  # DEL: JSON writes it as it is, no backslash
        ("Escaped \x1b[2J control", "Escaped [2J control"),  # JSON writes \u001b
        ("Raw \u202e bidi", "Raw bidi"),  # not ASCII
        ("Long " + "word " * 100, "Long" + " word" * 58 + "…"),  # printable ASCII: only clamped
        ("\u2800\u2800", None),  # braille blanks: no title
        ("   ", None),
    ],
)
def test_a_cached_row_is_sanitised_as_a_fetched_page_is(tmp_path, title, shown):
    """The cache reads a row of plain ASCII (no backslash, no DEL) without looking in each of
    its strings for characters to remove, as none can hold one: every other row is read through
    the whole sanitiser, and each gives what sanitising the row's values gives."""
    import sqlite3

    from newsletter.links import untrusted
    from newsletter.links.cache import MetadataCache
    from newsletter.models import Metadata

    values = {
        "title": title,
        "authors": [title, "Ann"],
        "extras": {title: title, "stars": 5},
        "url": "https://a.example/x",
    }
    with MetadataCache(tmp_path) as cache:
        cache.put("https://a.example/x", Metadata(title="placeholder"))
    with sqlite3.connect(tmp_path / "cache.sqlite3") as db:  # as another program, or an older version, wrote it
        db.execute("UPDATE metadata SET data = ?", (json.dumps(values, ensure_ascii=False),))
    db.close()
    with MetadataCache(tmp_path) as cache:
        read = cache.get("https://a.example/x")
    assert read == untrusted.metadata(Metadata(**values))
    assert read.title == shown
    assert not any(UNSAFE.search(text) for text in (str(read.title), *read.authors, *map(str, read.extras)))
