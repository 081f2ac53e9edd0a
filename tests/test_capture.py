"""`newsletter capture`: the endpoint over real HTTP on 127.0.0.1, the drafts it writes, its refusals."""

import datetime as dt
import html
import http.client
import json
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner

from newsletter.cli import main
from newsletter.commands.capture import start
from newsletter.formats.notes import NoteParser
from newsletter.read import parse_front_matter, read_entry
from newsletter.stubs import PLACEHOLDER

DAY = dt.date(2026, 11, 30)


@pytest.fixture
def workspace(tmp_path) -> Path:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "newsletter.toml").write_text(
        '[newsletter]\nname = "N"\n[fetch]\nallow_private_addresses = true\ntimeout = 5\n[capture]\nport = 8799\n'
    )
    return root


@pytest.fixture
def endpoint(workspace):
    said = []
    server, link = start(workspace, 0, offline=True, say=said.append, today=lambda: DAY)
    port = server.server_address[1]
    token = (workspace / ".newsletter/capture-token").read_text().strip()
    yield Endpoint(port, token, workspace, said, link)
    server.shutdown()
    server.server_close()


class Endpoint:
    def __init__(self, port, token, root, said, link):
        self.port, self.token, self.root, self.said, self.link = port, token, root, said, link

    def request(self, method="POST", path="/entry", body=None, headers=None, token=True, raw=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        sent = {"Host": f"127.0.0.1:{self.port}", "Content-Type": "application/json"}
        if token:
            sent["X-Newsletter-Token"] = self.token
        sent |= headers or {}
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        for name, value in sent.items():
            if value is not None:
                connection.putheader(name, value)
        if data is not None:
            connection.putheader("Content-Length", str(len(data)))
        connection.endheaders(data)
        response = connection.getresponse()
        answer = response.read()
        connection.close()
        return response, answer

    def post(self, url, title="", selection="", **options):
        response, answer = self.request(body={"url": url, "title": title, "selection": selection}, **options)
        return response.status, json.loads(answer) if answer else None

    def entries(self):
        return sorted(p.relative_to(self.root).as_posix() for p in (self.root / "entries").rglob("*.md"))


def test_a_capture_becomes_a_typed_draft_with_the_selection_quoted_under_your_words(endpoint):
    status, answer = endpoint.post(
        "https://www.youtube.com/watch?v=z-WSrQDXkuM",
        "JAX talk - YouTube",
        "Composable transformations\nof Python programs",
    )
    assert status == 200
    # A video whose title says it was given somewhere is a talk (import's rule, importers/kinds.py).
    assert answer == {"path": "entries/2026/11/jax-talk-youtube.md", "type": "talk", "added": False}
    path = endpoint.root / answer["path"]
    entry, warnings = read_entry(path)
    assert (entry.type, entry.url, entry.date, entry.draft, entry.title) == (
        "talk",
        "https://www.youtube.com/watch?v=z-WSrQDXkuM",
        DAY,
        True,
        "JAX talk - YouTube",
    )
    assert entry.notes == f"{PLACEHOLDER}\n\n> Composable transformations\\\n> of Python programs"
    assert endpoint.said == ["Wrote entries/2026/11/jax-talk-youtube.md (talk)"]


def test_a_capture_in_a_french_log_leaves_room_for_notes_in_french(workspace):
    settings = workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('name = "N"', 'name = "N"\nlanguage = "fr-CA"'))
    said = []
    server, link = start(workspace, 0, offline=True, say=said.append, today=lambda: DAY)
    try:
        token = (workspace / ".newsletter/capture-token").read_text().strip()
        french = Endpoint(server.server_address[1], token, workspace, said, link)
        status, answer = french.post("https://example.org/article", "Un article", "Un passage choisi")
    finally:
        server.shutdown()
        server.server_close()
    assert status == 200
    entry, _ = read_entry(workspace / answer["path"])
    assert entry.notes == "Vos notes, en Markdown.\n\n> Un passage choisi"


def test_a_selection_is_written_as_a_person_would_type_it_first_and_added_alike(endpoint):
    """`Tom & Jerry` went into the draft as `Tom &amp; Jerry`, and `1 > 0` as `1 &gt; 0`: the
    entry is the author's file to edit, escaped only where Markdown would read markup."""
    url = "https://blog.example.org/cartoons"
    endpoint.post(url, "Cartoons", "Tom & Jerry: yes! 1 > 0, model_search\n<b>not bold</b> and *not* [a link]")
    endpoint.post(url, "Cartoons", "Again & again!")
    entry, _ = read_entry(endpoint.root / "entries/2026/11/cartoons.md")
    assert entry.notes == (
        f"{PLACEHOLDER}\n\n"
        "> Tom & Jerry: yes! 1 > 0, model_search\\\n> &lt;b>not bold&lt;/b> and \\*not\\* \\[a link\\]\n\n"
        "> Again & again!"
    )


def test_a_capture_keeps_no_password_nor_tracker_of_the_address_bar(endpoint):
    """The page's address as the browser had it: the draft kept a user name and password, which
    the post would publish, and the utm_source of the newsletter that led there; `import`
    writes neither."""
    status, answer = endpoint.post("https://ann:secret@blog.example.org/post?utm_source=news&id=7", "A post")
    assert status == 200
    entry, _ = read_entry(endpoint.root / answer["path"])
    assert entry.url == "https://blog.example.org/post?id=7"
    again = endpoint.post("https://blog.example.org/post?id=7&utm_medium=x", "A post", "A passage.")
    assert again[1]["added"] is True  # the same draft


def test_the_same_link_twice_adds_the_new_selection_to_its_draft(endpoint):
    first = endpoint.post("https://github.com/google/jax", "google/jax", "first passage")
    again = endpoint.post("https://github.com/google/jax#readme", "google/jax", "second passage")
    assert first[1]["path"] == again[1]["path"] and again[1]["added"] is True
    assert endpoint.entries() == [first[1]["path"]]
    notes = read_entry(endpoint.root / first[1]["path"])[0].notes
    assert notes == f"{PLACEHOLDER}\n\n> first passage\n\n> second passage"
    assert first[1]["type"] == "tool"


def test_the_same_passage_twice_is_kept_once(endpoint):
    """The bookmarklet clicked twice on one selection (or a slow page's second click) added the
    passage again under the first."""
    first = endpoint.post("https://github.com/google/jax", "google/jax", "a passage\nof two lines")
    again = endpoint.post("https://github.com/google/jax", "google/jax", "a passage\nof two lines")
    assert again == first[:1] + ({**first[1], "added": True},)
    notes = read_entry(endpoint.root / first[1]["path"])[0].notes
    assert notes == f"{PLACEHOLDER}\n\n> a passage\\\n> of two lines"
    assert endpoint.said[-1] == f"{first[1]['path']} holds that passage already (tool)"


def test_an_imported_book_without_a_link_in_this_months_drafts_is_no_obstacle(endpoint):
    book = endpoint.root / "entries" / f"{DAY:%Y}" / f"{DAY:%m}" / "a-book.md"
    book.parent.mkdir(parents=True)
    book.write_text(
        f'---\ntype: book\ndate: {DAY}\ntitle: "A Book"\ndraft: true\n'
        'imported: {source: "kindle", id: "A Book"}\n---\n> A passage.\n'
    )
    status, answer = endpoint.post("https://example.com/essay", "An essay", "a passage")
    assert status == 200 and answer["added"] is False and answer["type"] == "article"


def test_a_selections_line_breaks_and_paragraphs_are_kept(endpoint):
    """A captured stanza went into the draft as lines of one quote, which Markdown joins: the post
    and the email read it as one run-on line, as imported highlights did before they kept their
    breaks (importers/entry.py). Its lines end in Markdown's line break, its paragraphs stay two."""
    stanza = "Tyger Tyger, burning bright,\nIn the forests of the night;\n\nWhat immortal hand or eye,\n"
    status, answer = endpoint.post("https://example.org/tyger", "The Tyger", stanza)
    assert status == 200
    notes = read_entry(endpoint.root / answer["path"])[0].notes
    assert notes.endswith(
        "> Tyger Tyger, burning bright,\\\n> In the forests of the night;\n>\n> What immortal hand or eye,"
    )
    rendered = NoteParser().parse(notes).html
    assert re.search(r"burning bright,<br ?/?>\s*In the forests", rendered), rendered
    assert rendered.count("<p>") == 3  # the placeholder, and the passage's two paragraphs


def test_hostile_titles_stay_data_and_hostile_selections_stay_plain_text(endpoint):
    title = 'Hi"\n---\ntype: mine\u2028draft: false\n<script>alert(1)</script> {{< x >}}'
    selection = "<img src=x onerror=alert(1)> **bold** [link](javascript:alert(1))\n# not a heading\n1. no list"
    status, answer = endpoint.post("https://example.com/post", title, selection)
    assert status == 200
    text = (endpoint.root / answer["path"]).read_text()
    meta, body = parse_front_matter(text)
    assert meta["title"] == " ".join(title.split())  # one line, every character kept as text
    assert (meta["type"], meta["draft"]) == ("article", True)
    rendered = NoteParser().parse(body).html
    assert "<img" not in rendered and "<strong>" not in rendered and "<a " not in rendered
    assert "<h1>" not in rendered and "<ol>" not in rendered
    quoted = rendered.split("<blockquote>")[1]
    assert html.unescape(re.sub(r"<[^>]+>", "", quoted)).split() == selection.split()


def test_the_bookmarklet_carries_the_token_and_the_port(workspace):
    result = CliRunner().invoke(main, ["capture", "--bookmarklet", "-w", str(workspace)])
    assert result.exit_code == 0 and result.stderr == ""
    token_file = workspace / ".newsletter/capture-token"
    assert stat.S_IMODE(os.stat(token_file).st_mode) == 0o600
    token = token_file.read_text().strip()
    assert len(token) >= 40
    assert result.stdout == (
        "javascript:(()=>{const p=new URLSearchParams({t:'" + token + "',url:location.href,title:document.title,"
        "selection:String(getSelection())});window.open('http://127.0.0.1:8799/capture#'+p,'newsletter',"
        "'width=460,height=200')})()\n"
    )
    again = CliRunner().invoke(main, ["capture", "--bookmarklet", "--port", "9100", "-w", str(workspace)])
    assert f"t:'{token}'" in again.stdout and "127.0.0.1:9100/capture#" in again.stdout


@pytest.mark.parametrize("options", [["--port", "70000"], ["--port", "70000", "--bookmarklet"], []])
def test_a_port_that_cannot_exist_is_a_message_not_a_traceback(workspace, options):
    """Port 70000, given as --port or in [capture], ended `capture` in an OverflowError traceback
    from the socket, and `--bookmarklet` printed a bookmarklet no server could ever answer."""
    if not options:
        settings = workspace / "newsletter.toml"
        settings.write_text(settings.read_text().replace("port = 8799", "port = 70000"))
    result = CliRunner().invoke(main, ["capture", *options, "-w", str(workspace)])
    assert result.exit_code != 0 and not isinstance(result.exception, OverflowError), result.exception
    assert "javascript:" not in result.stdout
    assert "65535" in result.output


def test_the_capture_page_posts_to_its_own_origin_and_sends_no_cors_headers(endpoint):
    # Opened by the bookmarklet from whatever site is being read: a cross-site navigation.
    response, page = endpoint.request("GET", "/capture", token=False, headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status == 200 and response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert b'fetch("/entry"' in page and b"X-Newsletter-Token" in page and endpoint.token.encode() not in page
    assert "connect-src 'self'" in response.getheader("Content-Security-Policy")
    rebound, _ = endpoint.request("GET", "/capture", token=False, headers={"Host": f"evil.example:{endpoint.port}"})
    assert rebound.status == 421
    assert not [h for h, _ in response.getheaders() if h.lower().startswith("access-control-")]
    preflight, _ = endpoint.request(
        "OPTIONS",
        "/entry",
        token=False,
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert preflight.status == 405
    assert not [h for h, _ in preflight.getheaders() if h.lower().startswith("access-control-")]


@pytest.mark.parametrize(
    "options, status, says",
    [
        ({"token": False}, 403, "missing or wrong X-Newsletter-Token"),
        ({"headers": {"X-Newsletter-Token": "guess"}}, 403, "missing or wrong X-Newsletter-Token"),
        ({"headers": {"Host": "rebound.evil.example:PORT"}}, 421, "answers only as 127.0.0.1:PORT or localhost:PORT"),
        ({"headers": {"Host": "127.0.0.1:1"}}, 421, "answers only as"),
        ({"headers": {"Host": None}}, 421, "answers only as"),
        ({"headers": {"Origin": "https://evil.example"}}, 403, "requests from https://evil.example are refused"),
        ({"headers": {"Origin": "null"}}, 403, "requests from null are refused"),
        ({"headers": {"Sec-Fetch-Site": "cross-site"}}, 403, "requests from other sites are refused"),
        ({"headers": {"Content-Type": "text/plain"}}, 415, "send JSON"),
        ({"path": "/entries"}, 404, "nothing here"),
        ({"method": "GET", "path": "/entry"}, 405, "/entry takes only POST"),
    ],
)
def test_everything_else_is_refused_with_a_clear_4xx_and_nothing_written(endpoint, options, status, says):
    if "headers" in options:
        options["headers"] = {
            k: v.replace("PORT", str(endpoint.port)) if v else v for k, v in options["headers"].items()
        }
    response, answer = endpoint.request(body={"url": "https://example.com/a", "title": "", "selection": ""}, **options)
    assert response.status == status
    assert says.replace("PORT", str(endpoint.port)) in json.loads(answer)["error"]
    assert not (endpoint.root / "entries").exists()


def test_its_own_origin_and_localhost_are_accepted(endpoint):
    own = {
        "Origin": f"http://localhost:{endpoint.port}",
        "Host": f"localhost:{endpoint.port}",
        "Sec-Fetch-Site": "same-origin",
    }
    assert endpoint.post("https://example.com/a", headers=own)[0] == 200


def test_an_oversized_or_malformed_request_is_refused(endpoint):
    big = json.dumps({"url": "https://example.com/a", "selection": "x" * 70_000}).encode()
    response, answer = endpoint.request(raw=big)
    assert response.status == 413 and "at most 64 KB" in json.loads(answer)["error"]
    for raw, says in (
        (b"{not json", "not JSON"),
        (b"[" * 20_000 + b"]" * 20_000, "not JSON"),  # past the recursion limit: it was no answer at all
        (b'["https://example.com/a"]', "each a string"),
        (b'{"url": 5}', "each a string"),
    ):
        response, answer = endpoint.request(raw=raw)
        assert (response.status, says in json.loads(answer)["error"]) == (400, True)
    status, answer = endpoint.post("javascript:alert(1)")
    assert status == 400 and "is not a web address" in answer["error"]
    assert not (endpoint.root / "entries").exists()


def test_a_month_folder_that_leads_outside_entries_is_never_written(endpoint, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (endpoint.root / "entries/2026").mkdir(parents=True)
    (endpoint.root / "entries/2026/11").symlink_to(outside)
    status, answer = endpoint.post("https://example.com/a", "A page")
    assert status == 409 and "captures are written only there" in answer["error"]
    assert list(outside.iterdir()) == []


def test_metadata_is_prefilled_through_the_link_front_door(workspace, httpserver):
    page = (
        "<html><head><title>Ignored</title><meta property='og:title' content='Attention Is All You Need'>"
        "<meta property='og:type' content='book'>"
        "<meta name='author' content='Ashish Vaswani'></head><body></body></html>"
    )
    httpserver.expect_request("/paper").respond_with_data(page, content_type="text/html")
    server, _ = start(workspace, 0, offline=False, say=lambda _: None, today=lambda: DAY)
    try:
        endpoint = Endpoint(
            server.server_address[1], (workspace / ".newsletter/capture-token").read_text().strip(), workspace, [], ""
        )
        status, answer = endpoint.post(f"http://127.0.0.1:{httpserver.port}/paper", "a tab title", "")
    finally:
        server.shutdown()
        server.server_close()
    assert status == 200
    entry = read_entry(workspace / answer["path"])[0]
    assert (entry.title, entry.speakers) == ("Attention Is All You Need", ["Ashish Vaswani"])
    assert answer["path"] == "entries/2026/11/attention-is-all-you-need.md"
    assert entry.type == answer["type"] == "book"  # what the page says it is: the link says no more than article


def test_a_podcast_episodes_title_is_saved_without_the_number_its_page_gives(workspace, httpserver):
    """Beatriz's bookmarklet on an episode page whose JSON-LD gives episodeNumber 214 wrote the
    title "Ep. 214 – Pesquisa com usuários sem orçamento", and the email read it over "· Episódio
    214"; `new` of the same page takes the number off, and so does the capture now."""
    ld = '{"@context": "https://schema.org", "@type": "PodcastEpisode", "episodeNumber": "214"}'
    page = (
        "<html><head><meta charset='utf-8'><title>Ep. 214 – Pesquisa com usuários sem orçamento"
        f"</title><script type='application/ld+json'>{ld}</script></head><body><audio src='a.mp3'></audio>"
        "</body></html>"
    )
    httpserver.expect_request("/ep214").respond_with_data(page, content_type="text/html; charset=utf-8")
    server, _ = start(workspace, 0, offline=False, say=lambda _: None, today=lambda: DAY)
    try:
        endpoint = Endpoint(
            server.server_address[1], (workspace / ".newsletter/capture-token").read_text().strip(), workspace, [], ""
        )
        status, answer = endpoint.post(f"http://127.0.0.1:{httpserver.port}/ep214", "Ep. 214 – Pesquisa", "")
    finally:
        server.shutdown()
        server.server_close()
    assert status == 200
    assert read_entry(workspace / answer["path"])[0].title == "Pesquisa com usuários sem orçamento"


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
HEADLESS = [
    CHROMIUM,
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (`apt-get install chromium`)")
def test_a_real_browser_runs_the_capture_page_under_its_content_security_policy(endpoint, tmp_path):
    """The page as the bookmarklet opens it (its fragment as URLSearchParams writes one): its
    script must run under the page's own CSP and post to /entry with the token."""
    fragment = urlencode(
        {
            "t": endpoint.token,
            "url": "https://example.com/essay",
            "title": "An essay",
            "selection": "A line worth keeping",
        }
    )
    page = f"http://127.0.0.1:{endpoint.port}/capture#{fragment}"
    dom = subprocess.run(
        [*HEADLESS, f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=10000", "--dump-dom", page],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert "Saved entries/2026/11/an-essay.md" in dom
    assert read_entry(endpoint.root / "entries/2026/11/an-essay.md")[0].notes.endswith("> A line worth keeping")


@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (`apt-get install chromium`)")
def test_a_second_capture_while_the_capture_window_is_open_is_saved_too(endpoint, httpserver, tmp_path):
    """The bookmarklet opens its window by name: clicked again while the last capture's window
    is still open (the 2.5 s after a save, or a refusal left on screen), it only changes that
    page's fragment. The page saved on load only, so the second passage was lost, unsaid, under
    the first one's "Saved", and the token stayed in the window's address."""
    import threading
    import time

    from werkzeug import Response

    code = endpoint.link.removeprefix("javascript:")  # the bookmarklet as `capture` prints it
    first_saved = threading.Event()
    httpserver.expect_request("/go").respond_with_handler(lambda _: Response("yes" if first_saved.is_set() else ""))
    article = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Twice read</title></head><body>
<p id="one">First passage worth keeping.</p><p id="two">Second passage worth keeping.</p>
<script>
function pick(id) {{ const r = document.createRange(); r.selectNodeContents(document.getElementById(id));
  getSelection().removeAllRanges(); getSelection().addRange(r); }}
pick("one"); {code};
let clicked = false;  // fetches still in flight when /go says yes would each click again
const wait = setInterval(() => fetch("/go").then((r) => r.text()).then((go) => {{
  if (go && !clicked) {{ clicked = true; clearInterval(wait); pick("two"); {code}; }} }}), 100);
</script></body></html>"""
    httpserver.expect_request("/article").respond_with_data(article, content_type="text/html")
    browser = subprocess.Popen(
        [
            *HEADLESS,
            "--disable-popup-blocking",  # a bookmark's click is a user gesture; a page's script is not
            f"--user-data-dir={tmp_path / 'profile'}",
            f"http://127.0.0.1:{httpserver.port}/article",  # localhost/article is no web address to the reader
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while len(endpoint.said) < 2 and time.monotonic() < deadline:
            if endpoint.said:
                first_saved.set()  # the second click, while the first capture's window is open
            time.sleep(0.05)
    finally:
        browser.kill()
        browser.wait()
    assert endpoint.said == [
        "Wrote entries/2026/11/twice-read.md (article)",
        "Added to entries/2026/11/twice-read.md (article)",
    ]
    notes = read_entry(endpoint.root / "entries/2026/11/twice-read.md")[0].notes
    assert notes == f"{PLACEHOLDER}\n\n> First passage worth keeping.\n\n> Second passage worth keeping."


def test_the_pages_title_and_selection_are_cleaned_like_any_text_from_the_web(endpoint):
    """The title and selection come from the page: a bidi override (which reorders the words
    after it, unseen, in the author's editor and in the edition), control characters, and lone
    surrogates (a UnicodeEncodeError as the draft was written: no answer, a traceback) were
    written into the draft as sent. They are cleaned as fetched metadata is (links/untrusted)."""
    status, answer = endpoint.post(
        "https://a.example/p", "Safe \u202etxt.exe\x07 title", "one \u202eline\x1b[31m\nand \ud800 two"
    )
    assert status == 200, answer
    text = (endpoint.root / answer["path"]).read_text(encoding="utf-8")
    assert not re.search("[\u202a-\u202e\x00-\x08\x0b-\x1f\ud800-\udfff]", text)
    entry, _ = read_entry(endpoint.root / answer["path"])
    assert entry.title == "Safe txt.exe title"
    assert entry.notes.endswith("> one line\\[31m\\\n> and two")  # [ escaped: it is words, not Markdown


def test_a_selection_of_nothing_a_reader_sees_is_no_quote(endpoint):
    """A selection of zero-width spaces and marks of direction (a page's invisible text, or what
    is left of a bidi trick once cleaned) was quoted, a quote bar with no words in the edition;
    so was such a line between two of words, and a second capture of it added an empty quote."""
    invisible = "\u200b\u200e\u2060\u200f " * 5
    status, answer = endpoint.post("https://a.example/blank", "Blank", invisible)
    assert status == 200, answer
    assert read_entry(endpoint.root / answer["path"])[0].notes == PLACEHOLDER
    status, again = endpoint.post("https://a.example/blank", "Blank", f"first\n{invisible}\nsecond")
    assert (status, again["added"]) == (200, True)
    assert read_entry(endpoint.root / answer["path"])[0].notes == f"{PLACEHOLDER}\n\n> first\n>\n> second"
    status, third = endpoint.post("https://a.example/blank", "Blank", invisible)
    text = (endpoint.root / answer["path"]).read_text(encoding="utf-8")
    assert status == 200 and text.endswith("> first\n>\n> second\n")


def test_the_pages_address_is_cleaned_as_an_imported_link_is(endpoint):
    """The address was only checked to be one: a bidi override in it went into the draft's url,
    and from there as it was into the email's text part, where 'https://files.example/\u202egpj.exe'
    reads 'https://files.example/exe.jpg'; control characters went along, and a lone surrogate
    ended the request in a UnicodeEncodeError traceback, with no answer for the page. The
    bookmarklet sends `location.href`, which a browser writes without any; a page that read
    the token from the bookmarklet sends what it likes. It is cleaned as `import` cleans links."""
    status, answer = endpoint.post("https://files.example/\u202egpj.exe\u202c\x07", "Holiday photo")
    assert status == 200, answer
    assert read_entry(endpoint.root / answer["path"])[0].url == "https://files.example/gpj.exe"
    status, answer = endpoint.post("https://files.example/\ud800b", "Another")
    assert status == 200, answer
    assert read_entry(endpoint.root / answer["path"])[0].url == "https://files.example/b"


def test_a_draft_that_cannot_be_written_is_a_message_not_a_dropped_request(endpoint, monkeypatch):
    """Adding a passage to an existing draft opened it for appending without a guard: a full
    disk or a read-only file was a traceback in the capture terminal and no answer for the page."""
    from newsletter.commands import capture as capture_command

    first = endpoint.post("https://github.com/google/jax", "google/jax", "first passage")
    before = (endpoint.root / first[1]["path"]).read_text()

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(capture_command, "open", full_disk, raising=False)
    status, answer = endpoint.post("https://github.com/google/jax", "google/jax", "second passage")
    assert status == 400
    assert answer["error"] == (
        f"Could not add the passage to {first[1]['path']} (No space left on device); "
        "check that the file can be written, then capture again."
    )
    assert endpoint.said[-1] == f"Could not add to {first[1]['path']}: No space left on device"
    assert (endpoint.root / first[1]["path"]).read_text() == before


def test_a_capture_is_dated_today_in_the_workspaces_timezone(workspace, zone_on_another_day):
    """It was dated by the machine's clock: a server in UTC dated a capture made on the
    author's evening in New York (timezone in newsletter.toml) tomorrow, maybe next month."""
    from zoneinfo import ZoneInfo

    zone = zone_on_another_day
    settings = workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('name = "N"\n', f'name = "N"\ntimezone = "{zone}"\n'))
    server, _ = start(workspace, 0, offline=True, say=lambda _: None)
    try:
        token = (workspace / ".newsletter/capture-token").read_text().strip()
        endpoint = Endpoint(server.server_address[1], token, workspace, [], "")
        status, answer = endpoint.post("https://example.org/post", "A post")
    finally:
        server.shutdown()
        server.server_close()
    day = dt.datetime.now(ZoneInfo(zone)).date()
    assert status == 200 and answer["path"] == f"entries/{day:%Y}/{day:%m}/a-post.md"
    assert read_entry(workspace / answer["path"])[0].date == day


def test_a_link_already_in_an_earlier_month_is_written_and_named_as_a_twin(endpoint):
    """Sam's bookmark import made a draft of a Kafka post dated 2026-11-29; clicking the
    bookmarklet on it on 2 December wrote a second entry and said nothing, where `new` refuses
    the link and names the first. The capture is still saved (its day may be a later edition's),
    and the terminal and the capture window name the other entry to keep one of them."""
    earlier = endpoint.root / "entries/2026/10/kafka.md"
    earlier.parent.mkdir(parents=True)
    earlier.write_text(
        "---\ntype: article\nurl: https://blog.example.org/kafka/\ndate: 2026-10-29\n"
        'title: "Kafka"\ndraft: true\n---\nx\n'
    )
    status, answer = endpoint.post("https://blog.example.org/kafka?utm_source=hn", "Kafka", "a passage")
    assert status == 200 and answer["added"] is False
    assert answer["also"] == "entries/2026/10/kafka.md has this link too (dated 2026-10-29): keep one of them"
    assert endpoint.entries() == ["entries/2026/10/kafka.md", answer["path"]]
    assert endpoint.said == [f"Wrote {answer['path']} (article); {answer['also']}"]
    assert '" — " + j.also' in endpoint.request("GET", "/capture", token=False)[1].decode()


def test_a_window_closed_mid_answer_prints_no_traceback(capsys):
    """A browser that closed the capture window while it was answered printed a BrokenPipeError
    traceback into the author's terminal (review 6); any other failure of one request is a line,
    and the endpoint goes on listening."""
    from newsletter import capture

    server = capture.serve(0, "secret", save=lambda _: {})
    try:
        for error in (BrokenPipeError(32, "Broken pipe"), ConnectionResetError(104, "reset"), ValueError("odd")):
            try:
                raise error
            except Exception:
                server.handle_error(None, ("127.0.0.1", 5))
    finally:
        server.server_close()
    said = capsys.readouterr().err
    assert "Traceback" not in said
    assert said == "capture: a request failed (ValueError: odd); still listening\n"
