"""The fetcher against real local servers: pytest-httpserver, a raw socket server, a TLS server."""

import asyncio
import contextlib
import gc
import socket
import struct
import threading
import time
import tracemalloc
import warnings
import zlib

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from newsletter import __version__
from newsletter.config import Fetch
from newsletter.errors import FetchError
from newsletter.links import trust
from newsletter.links.addresses import is_public_address
from newsletter.links.fetch import Fetcher, StatusError, make_client
from newsletter.links.trust import TrustError

HEAD = b"<!DOCTYPE html><html><head><title>A page</title></head>"


def fetch(url, *, head_only=True, waits=None, **settings):
    config = Fetch(**{"timeout": 2.0, "allow_private_addresses": True, **settings})

    async def go():
        async with make_client(config) as client:
            fetcher = Fetcher(client, config)
            fetcher.backoff = 0.01
            if waits is not None:

                async def record(seconds):
                    waits.append(seconds)

                fetcher.sleep = record
            return await fetcher.get(url, head_only=head_only)

    return asyncio.run(go())


def failure(url, **options) -> str:
    with pytest.raises(FetchError) as info:
        fetch(url, **options)
    assert info.value.url == url
    return info.value.reason


def html(body: str = "", head: str = "<title>A page</title>") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


# The basics


def test_html_page_is_fetched_with_an_honest_user_agent(server):
    server.expect_request("/page").respond_with_data(html("<p>Hi</p>"), content_type="text/html; charset=utf-8")
    page = fetch(server.url_for("/page"), head_only=False)
    assert page.status == 200
    assert page.url == server.url_for("/page")
    assert (page.content_type, page.charset) == ("text/html", "utf-8")
    assert "<p>Hi</p>" in page.text
    user_agent = server.log[0][0].headers["User-Agent"]
    assert user_agent == f"newsletter/{__version__} (link previews for a personal reading newsletter; httpx)"


def test_each_requests_headers_are_merged_with_the_clients_once_and_go_to_that_request_alone(server):
    """The client's headers and a request's are merged once for each set a build sends (httpx
    merged them anew for every request, a third of building one on the event loop): an API's
    token still goes only with the requests that carry it, and each asks for what it accepts."""
    for path in ("/page", "/api", "/other"):
        server.expect_request(path).respond_with_data(html(), content_type="text/html")
    config = Fetch(timeout=2.0, allow_private_addresses=True)

    async def go():
        async with make_client(config) as client:
            fetcher = Fetcher(client, config)
            await fetcher.get(server.url_for("/page"))
            await fetcher.get(server.url_for("/api"), accept="application/json", headers={"Authorization": "token t"})
            await fetcher.get(server.url_for("/other"))
            return len(client._merged)

    assert asyncio.run(go()) == 2  # the page's set, once for both pages, and the API's
    sent = {request.path: request.headers for request, _ in server.log}
    assert "Authorization" not in sent["/page"] and "Authorization" not in sent["/other"]
    assert sent["/api"]["Authorization"] == "token t" and sent["/api"]["Accept"] == "application/json"
    assert sent["/other"]["Accept"] == sent["/page"]["Accept"] != "application/json"
    assert {sent[path]["User-Agent"] for path in sent} == {
        f"newsletter/{__version__} (link previews for a personal reading newsletter; httpx)"
    }


@pytest.mark.parametrize(
    ("status", "reason"), [(404, "HTTP 404 Not Found"), (410, "HTTP 410 Gone"), (403, "HTTP 403 Forbidden")]
)
def test_client_errors_fail_at_once(server, status, reason):
    server.expect_request("/gone").respond_with_data("nope", status=status)
    assert failure(server.url_for("/gone")) == reason
    assert len(server.log) == 1  # not retried


def test_empty_body_is_an_error(server):
    server.expect_request("/empty").respond_with_data(b"", content_type="text/html")
    assert failure(server.url_for("/empty")) == "empty response"


def test_pdf_is_kept_as_bytes_without_text(server):
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Title (A paper) >> endobj\n%%EOF\n"
    server.expect_request("/paper.pdf").respond_with_data(pdf, content_type="application/pdf")
    page = fetch(server.url_for("/paper.pdf"))
    assert (page.content_type, page.body, page.text) == ("application/pdf", pdf, None)


def test_malformed_html_is_returned_as_text(server):
    broken = "<html><head><title>Unclosed <b>title<meta property=og:title content='x' <body><p>text"
    server.expect_request("/broken").respond_with_data(broken, content_type="text/html")
    assert fetch(server.url_for("/broken")).text == broken


@pytest.mark.parametrize(
    "url", ["ftp://example.com/file", "file:///etc/passwd", "javascript:alert(1)", "mailto:someone@example.com"]
)
def test_only_http_and_https(url):
    assert failure(url) == "unsupported URL scheme"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (f"http://{'a' * 64}.example/", f"invalid host name '{'a' * 64}.example': a part between dots"),
        ("http://a..b.example/", "invalid host name 'a..b.example': a part between dots"),
        ("http://xn--a.example/", "invalid URL 'http://xn--a.example/'"),
    ],
)
def test_a_host_name_no_resolver_can_encode_is_a_failure_of_its_link_not_a_traceback(url, reason):
    """A link whose host had a label over 63 characters or an empty one (a typo's double dot)
    stopped the whole build with a UnicodeError from the system resolver's IDNA codec, and a
    punycode label idna cannot decode did the same from httpx's URL: each is now its link's
    failure, named, and the build goes on. (Refused by the codec before any query is sent.)"""
    assert failure(url).startswith(reason)


@contextlib.contextmanager
def redirecting(location: str):
    """A server on 127.0.0.1 that redirects every request to `location`, sent as it is
    (werkzeug's rewrites a Location it cannot read into a 500)."""
    import http.server

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirect) as redirect:
        threading.Thread(target=redirect.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{redirect.server_address[1]}/hostile"
        finally:
            redirect.shutdown()


@pytest.mark.parametrize(
    "location", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "mailto:a@example.org", "http:page"]
)
def test_a_redirect_to_an_address_with_no_host_is_a_failure_of_its_link_not_a_traceback(location):
    """A page that redirected to a javascript:, data: or mailto: address (or 'http:page')
    stopped `check` and the build with httpx's InvalidURL: httpx makes each redirect's next
    request even when it does not follow it, and fails on an address with a scheme and no host."""
    with redirecting(location) as url:
        assert failure(url) == "redirect to an address with no host (javascript:, data:, mailto:…)"


def test_a_port_past_65535_is_a_failure_of_its_link_not_a_traceback():
    """A link, or a redirect, to port 99999 stopped the build with the socket's OverflowError."""
    assert failure("http://127.0.0.1:99999/").endswith("': no port 99999")
    with redirecting("http://127.0.0.1:99999/") as url:
        assert failure(url).endswith("': no port 99999")


# Character sets: decoded before parsing, never left to a parser's guess


def test_shift_jis_page_is_decoded_from_its_meta_charset(server):
    page = html("<p>日本語のページです。</p>", head='<meta charset="Shift_JIS"><title>東京の天気</title>')
    server.expect_request("/ja").respond_with_data(page.encode("shift_jis"), content_type="text/html")
    text = fetch(server.url_for("/ja"), head_only=False).text
    assert "東京の天気" in text
    assert "日本語のページです。" in text


def test_windows_1252_page_without_charset_is_decoded_sensibly(server):
    page = html(
        "<p>Crème brûlée, déjà vu, a naïve résumé — “quoted” and ‘single’… €5</p>", head="<title>Café society</title>"
    )
    server.expect_request("/fr").respond_with_data(page.encode("cp1252"), content_type="text/html")
    text = fetch(server.url_for("/fr"), head_only=False).text
    assert "Café society" in text
    assert "“quoted”" in text
    assert "€5" in text


def test_the_http_charset_is_passed_on_and_wins_over_meta(server):
    page = html("<p>“Smart quotes” in a page labelled latin-1</p>", head='<meta charset="utf-8">')
    server.expect_request("/old").respond_with_data(page.encode("cp1252"), content_type="text/html; charset=ISO-8859-1")
    fetched = fetch(server.url_for("/old"), head_only=False)
    assert fetched.charset == "iso-8859-1"
    assert "“Smart quotes”" in fetched.text  # browsers read latin-1 as windows-1252


def test_a_utf8_page_cut_in_the_middle_of_a_character_is_still_utf8(server):
    # ASCII first (as in most <head>s), then accented text, cut at max_bytes inside an "é".
    page = ("<html><head><title>x</title>" + " " * 70_000 + "</head><body>" + "é" * 20_000).encode()
    server.expect_request("/long").respond_with_data(page, content_type="text/html")
    fetched = fetch(server.url_for("/long"), head_only=False, max_bytes=100_000)
    assert fetched.truncated
    assert fetched.text.endswith("é" * 100)


# Timeouts, retries, broken connections


def test_slow_server_times_out(server, release):
    answered = threading.Event()

    def slow(request):
        release.wait(60)  # until the test ends
        answered.set()
        return Response("late")

    server.expect_request("/slow").respond_with_handler(slow)
    assert failure(server.url_for("/slow"), timeout=0.3) == "timed out after 0.3 s"
    assert not answered.is_set()  # given up on, not waited for


def test_slow_drip_body_hits_the_deadline(server, release):
    hung_up = threading.Event()

    def drip():
        try:
            yield b"<html><head>"
            while not release.wait(0.05):  # a byte every 50 ms: the read timeout never fires
                yield b" "
        finally:
            hung_up.set()

    server.expect_request("/drip").respond_with_handler(lambda _: Response(drip(), content_type="text/html"))
    assert failure(server.url_for("/drip"), timeout=0.3) == "timed out after 0.9 s"  # 3 x timeout: the deadline
    assert not release.is_set() and hung_up.wait(30)  # the client hung up while the drip went on


@pytest.mark.parametrize("stall", ["drip", "silence", "hang-up"])
def test_a_body_that_stalls_after_the_head_leaves_the_page_cut_there(server, release, stall):
    """Enrichment reads whole pages; one whose body drips, stalls or breaks off after
    `</head>` keeps its head (and the body so far) instead of failing the link."""

    def body():
        yield HEAD + b"<body><p>By Jane Doe</p>"
        if stall == "hang-up":
            raise ConnectionResetError  # werkzeug drops the connection mid-body
        while not release.wait(0.05 if stall == "drip" else 60):
            yield b" "

    server.expect_request("/stall").respond_with_handler(lambda _: Response(body(), content_type="text/html"))
    started = time.monotonic()
    page = fetch(server.url_for("/stall"), head_only=False, timeout=0.5)
    assert page.truncated and page.text.startswith(HEAD.decode()) and "By Jane Doe" in page.text
    assert time.monotonic() - started < 1.1  # one timeout after the head, before the deadline (1.5 s)


@pytest.mark.parametrize("broken", ["garbage", "checksum"])
def test_a_compressed_body_that_breaks_after_the_head_leaves_the_page_cut_there(server, broken):
    """gzip that turns to garbage or ends with a wrong checksum after `</head>` failed the link
    ('could not decompress'), where head-only reading had stopped before it."""
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)
    first = packer.compress(HEAD + b"<body><p>By Jane Doe</p>") + packer.flush(zlib.Z_SYNC_FLUSH)
    rest = b"\xff" * 64 if broken == "garbage" else packer.flush()[:-8] + b"\0" * 8  # a wrong CRC and size

    def body():
        yield first
        time.sleep(0.2)  # a read of its own
        yield rest

    headers = {"Content-Encoding": "gzip"}
    server.expect_request("/gz").respond_with_handler(
        lambda _: Response(body(), content_type="text/html", headers=headers)
    )
    page = fetch(server.url_for("/gz"), head_only=False)
    assert page.truncated and "By Jane Doe" in page.text


def test_a_whole_page_is_read_when_asked(server):
    server.expect_request("/page").respond_with_data(html("<p>" + "x" * 200_000 + "</p>"), content_type="text/html")
    assert len(fetch(server.url_for("/page")).body) < 200_000  # head_only, the default (`check`): a read or so
    whole = fetch(server.url_for("/page"), head_only=False)
    assert whole.text.endswith("</p></body></html>") and not whole.truncated


def test_429_honours_retry_after(server):
    server.expect_ordered_request("/busy").respond_with_data("", status=429, headers={"Retry-After": "1"})
    server.expect_ordered_request("/busy").respond_with_data(html(), content_type="text/html")
    waits = []
    assert fetch(server.url_for("/busy"), waits=waits).status == 200
    assert waits == [1.0]


def test_429_with_an_http_date(server):
    later = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 3))
    server.expect_ordered_request("/busy").respond_with_data("", status=429, headers={"Retry-After": later})
    server.expect_ordered_request("/busy").respond_with_data(html(), content_type="text/html")
    waits = []
    assert fetch(server.url_for("/busy"), waits=waits).status == 200
    assert len(waits) == 1
    assert 1 < waits[0] <= 3


def test_429_asking_for_too_long_a_pause_gives_up(server):
    server.expect_request("/busy").respond_with_data("", status=429, headers={"Retry-After": "3600"})
    waits = []
    reason = failure(server.url_for("/busy"), waits=waits)
    assert reason == "HTTP 429 Too Many Requests; the server asks to retry after 3600 s, longer than we wait"
    assert waits == []
    assert len(server.log) == 1


def test_500_then_200_is_retried(server):
    server.expect_ordered_request("/flaky").respond_with_data("oops", status=500)
    server.expect_ordered_request("/flaky").respond_with_data(html(), content_type="text/html")
    waits = []
    assert fetch(server.url_for("/flaky"), waits=waits).status == 200
    assert len(waits) == 1
    assert 0.5 * 0.01 < waits[0] < 0.02


def test_persistent_503_gives_up_after_three_attempts(server):
    server.expect_request("/down").respond_with_data("", status=503)
    assert failure(server.url_for("/down")) == "HTTP 503 Service Unavailable, after 3 attempts"
    assert len(server.log) == 3


@pytest.fixture
def raw_server():
    """A bare socket server: `serve(handle)` calls `handle(connection)` for each connection."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    stop, threads = threading.Event(), []

    def serve(handle):
        def loop():
            while not stop.is_set():
                with contextlib.suppress(TimeoutError):
                    connection, _ = listener.accept()
                    with connection, contextlib.suppress(OSError):
                        handle(connection)

        threads.append(threading.Thread(target=loop, daemon=True))
        threads[-1].start()
        return f"http://127.0.0.1:{listener.getsockname()[1]}/"

    yield serve
    stop.set()
    for thread in threads:
        thread.join()
    listener.close()


def test_connection_reset_is_retried_then_reported(raw_server):
    requests = []

    def reset(connection):
        requests.append(connection.recv(65536))  # read the request, so the client awaits an answer
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close sends RST

    assert failure(raw_server(reset)) == "connection reset, after 3 attempts"
    assert len(requests) == 3


@pytest.fixture
def unused_port():
    with socket.create_server(("127.0.0.1", 0)) as sock:
        return sock.getsockname()[1]


def test_connection_refused(unused_port):
    assert failure(f"http://127.0.0.1:{unused_port}/") == "connection refused, after 3 attempts"


def test_unknown_host():
    assert failure("http://newsletter-test.invalid/") == "host newsletter-test.invalid not found"


# Redirects


def test_redirect_chain_keeps_the_final_url(server):
    server.expect_request("/a").respond_with_data("", status=301, headers={"Location": "/b"})
    server.expect_request("/b").respond_with_data("", status=302, headers={"Location": server.url_for("/c")})
    server.expect_request("/c").respond_with_data("", status=307, headers={"Location": "d?x=1"})
    server.expect_request("/d").respond_with_data(html(), content_type="text/html")
    page = fetch(server.url_for("/a"))
    assert page.url == server.url_for("/d?x=1")
    assert [request.path for request, _ in server.log] == ["/a", "/b", "/c", "/d"]


def test_redirect_loop(server):
    server.expect_request("/x").respond_with_data("", status=302, headers={"Location": "/y"})
    server.expect_request("/y").respond_with_data("", status=302, headers={"Location": "/x"})
    assert failure(server.url_for("/x")) == "redirect loop"


def test_a_redirect_to_itself_that_sets_a_cookie_is_not_a_loop(server):
    def consent(request):
        if request.cookies.get("consent") == "yes":
            return Response(html(), content_type="text/html")
        return Response("", status=302, headers={"Location": "/page", "Set-Cookie": "consent=yes; Path=/"})

    server.expect_request("/page").respond_with_handler(consent)
    assert fetch(server.url_for("/page")).status == 200
    assert len(server.log) == 2


def test_too_many_redirects(server):
    for hop in range(12):
        location = {"Location": f"/{hop + 1}"}
        server.expect_request(f"/{hop}").respond_with_data("", status=302, headers=location)
    assert failure(server.url_for("/0")) == "too many redirects"
    assert len(server.log) == 11  # the first request and ten redirects


def test_meta_refresh_is_followed_once(server):
    refresh = '<meta http-equiv="refresh" content="0; url={}">'
    for path, target in (("/old", "/new"), ("/new", "/newer")):
        page = html(head=refresh.format(target))
        server.expect_request(path).respond_with_data(page, content_type="text/html")
    page = fetch(server.url_for("/old"))
    assert page.url == server.url_for("/new")


def test_meta_refresh_in_the_head_of_a_large_page_is_followed(server):
    """Head-only reading followed it; reading whole pages, a page past 64 KB was not looked at
    for a refresh at all, and the stub page ("This page has moved") became the link's title.
    A refresh in its body is still not looked for (it would mean decoding it all)."""
    body = "<p>This page has moved.</p>" * 4000  # 100 KB: its menus, its footer
    for path, place in (("/moved", "head"), ("/later", "body")):
        tag = '<meta http-equiv="refresh" content="0; url=/new">'
        page = html(head=f"<title>Moved</title>{tag}", body=body) if place == "head" else html(body=body + tag)
        server.expect_request(path).respond_with_data(page, content_type="text/html")
    server.expect_request("/new").respond_with_data(html(), content_type="text/html")
    assert fetch(server.url_for("/moved"), head_only=False).url == server.url_for("/new")
    assert fetch(server.url_for("/later"), head_only=False).url == server.url_for("/later")


def test_meta_refresh_inside_noscript_is_not_followed(server):
    head = '<title>App</title><noscript><meta http-equiv="refresh" content="0;url=/nojs"></noscript>'
    server.expect_request("/app").respond_with_data(html(head=head), content_type="text/html")
    assert fetch(server.url_for("/app")).url == server.url_for("/app")


def test_a_page_that_is_only_a_frame_is_read_from_the_frame(server):
    """A Naver blog post's address (new user 37) answers a shell whose body is one <iframe
    id="mainFrame"> filling the window: the title, the byline, the date and the text are all in
    the page it frames, and the shell's "제목 : 네이버 블로그" was the entry's title, with no author.
    A browser shows the framed page, so it is read as a meta refresh is followed; a page that
    shows anything beside its frame (an article with an embedded video), or only another site's
    player, is the page."""
    shell = (
        '<div id="wrap"><iframe id="mainFrame" src="/PostView.naver?blogId=a&amp;logNo=1" width="100%"></iframe></div>'
    )
    script = "<script>var blogId = 'a';</script>"
    server.expect_request("/a/1").respond_with_data(
        html(head="<title>글 : 네이버 블로그</title>", body=script + shell), content_type="text/html"
    )
    server.expect_request("/PostView.naver").respond_with_data(html(body="<h1>글</h1>"), content_type="text/html")
    article = html(body='<p>A talk worth watching:</p><iframe src="https://www.youtube.com/embed/x"></iframe>')
    server.expect_request("/article").respond_with_data(article, content_type="text/html")
    two = html(body='<frameset><frame src="/menu"><frame src="/main"></frameset>')
    server.expect_request("/frames").respond_with_data(two, content_type="text/html")
    assert fetch(server.url_for("/a/1"), head_only=False).url == server.url_for("/PostView.naver?blogId=a&logNo=1")
    assert fetch(server.url_for("/article"), head_only=False).url == server.url_for("/article")
    assert fetch(server.url_for("/frames"), head_only=False).url == server.url_for("/frames")  # which one is the page?
    app = html(body='<div id="root"></div><iframe src="/tracker" width="0" height="0"></iframe>')  # drawn by scripts
    server.expect_request("/app").respond_with_data(app, content_type="text/html")
    assert fetch(server.url_for("/app"), head_only=False).url == server.url_for("/app")
    player = html(body='<iframe src="https://www.youtube.com/embed/x" width="560"></iframe>')
    server.expect_request("/player").respond_with_data(player, content_type="text/html")
    assert fetch(server.url_for("/player"), head_only=False).url == server.url_for("/player")


# Size limits


def test_oversized_html_is_truncated_at_max_bytes(server):
    server.expect_request("/big").respond_with_data(html("x" * 3_000_000), content_type="text/html")
    page = fetch(server.url_for("/big"), head_only=False, max_bytes=1_000_000)
    assert len(page.body) == 1_000_000
    assert page.truncated
    assert page.text.startswith("<!DOCTYPE html>")


def test_oversized_binary_is_an_error(server):
    pdf = b"%PDF" + bytes(2_000_000)
    server.expect_request("/big.pdf").respond_with_data(pdf, content_type="application/pdf")
    assert failure(server.url_for("/big.pdf"), max_bytes=1_000_000) == "response larger than 1 MB"


def test_head_only_stops_after_the_head(server):
    def page():
        yield HEAD
        for _ in range(50):
            yield b"<p>" + b"x" * 10_000 + b"</p>"

    server.expect_request("/long").respond_with_handler(lambda _: Response(page(), content_type="text/html"))
    head_only = fetch(server.url_for("/long"))
    assert head_only.body.startswith(HEAD)
    assert len(head_only.body) < 100_000
    assert not head_only.truncated
    assert len(fetch(server.url_for("/long"), head_only=False).body) > 500_000


@pytest.fixture(scope="module")
def gzip_bomb():
    """200 MB of zeros, gzipped to under 1 MB."""
    packer, zeros = zlib.compressobj(1, zlib.DEFLATED, 31), bytes(1 << 20)
    return b"".join(packer.compress(zeros) for _ in range(200)) + packer.flush()


def test_gzip_bomb_is_cut_at_max_bytes_with_bounded_memory(raw_server, gzip_bomb):
    # A bare server: werkzeug's own allocations (~10 MB when the client hangs up) would blur the measure.
    response = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
        b"Content-Length: %d\r\n\r\n" % len(gzip_bomb)
    ) + gzip_bomb
    url = raw_server(lambda connection: (connection.recv(65536), connection.sendall(response)))
    config = Fetch(timeout=2.0, allow_private_addresses=True, max_bytes=1_000_000)

    async def go():
        async with make_client(config) as client:  # outside the measure: it loads the CA bundle
            tracemalloc.start()
            try:
                page = await Fetcher(client, config).get(url, head_only=False)
                return page, tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()

    page, peak = asyncio.run(go())
    assert len(page.body) == 1_000_000
    assert page.truncated
    assert set(page.body) == {0}
    # The body, its text and a few pieces in flight; httpx's own decoder could hold 64 MB at once.
    assert peak < 5_000_000, f"peak {peak / 1e6:.1f} MB while reading a body capped at 1 MB"


def test_gzip_page_is_decompressed(server):
    zipped = zlib.compress(html("zipped").encode(), wbits=31)
    server.expect_request("/gz").respond_with_data(
        zipped, content_type="text/html", headers={"Content-Encoding": "gzip"}
    )
    assert "zipped" in fetch(server.url_for("/gz"), head_only=False).text


# Concurrency limits


def test_per_host_and_global_limits(server):
    lock, in_flight, peaks = threading.Lock(), [0], {"localhost": 0, "127.0.0.1": 0, "all": 0}

    def slow(request):
        with lock:
            in_flight[0] += 1
            peaks[request.host.split(":")[0]] = max(peaks[request.host.split(":")[0]], in_flight[0])
            peaks["all"] = max(peaks["all"], in_flight[0])
        time.sleep(0.05)
        with lock:
            in_flight[0] -= 1
        return Response(html(), content_type="text/html")

    server.expect_request("/slow").respond_with_handler(slow)
    urls = [server.url_for("/slow")] * 6  # localhost
    config = Fetch(timeout=2.0, allow_private_addresses=True, per_host=2, concurrency=3)

    async def go(urls):
        async with make_client(config) as client:
            fetcher = Fetcher(client, config)
            await asyncio.gather(*(fetcher.get(url) for url in urls))

    asyncio.run(go(urls))
    assert peaks["localhost"] == 2
    other = [url.replace("localhost", "127.0.0.1") for url in urls]
    peaks.update({"all": 0})
    asyncio.run(go(urls + other))
    assert peaks["all"] == 3  # two hosts at two each would be four


def test_idle_connections_to_many_origins_are_closed_past_the_connection_limit():
    """Each origin's pool kept its idle connection until the client closed: a build over 500
    hosts held 500 sockets, and past the open-file limit (256 on macOS) connections failed.
    The pools together hold no more than the limit, as httpcore's one pool did."""
    page = html().encode()
    answer = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s" % (len(page), page)
    open_now, lock, listeners = [0], threading.Lock(), []

    def serve(conn):
        with lock:
            open_now[0] += 1
        try:
            while conn.recv(65536):  # one request a read, kept alive until the client closes
                conn.sendall(answer)
        except OSError:
            pass
        finally:
            conn.close()
            with lock:
                open_now[0] -= 1

    def accept(listener):
        with contextlib.suppress(OSError):
            while True:
                threading.Thread(target=serve, args=(listener.accept()[0],), daemon=True).start()

    for _ in range(8):  # eight origins: eight ports
        listener = socket.create_server(("127.0.0.1", 0))
        listeners.append(listener)
        threading.Thread(target=accept, args=(listener,), daemon=True).start()
    config = Fetch(timeout=2.0, allow_private_addresses=True, concurrency=3)
    urls = [f"http://127.0.0.1:{listener.getsockname()[1]}/" for listener in listeners]

    async def go():
        async with make_client(config) as client:
            fetcher = Fetcher(client, config)
            for url in urls:
                assert (await fetcher.get(url, head_only=False)).status == 200  # as enrichment reads
            await asyncio.sleep(0.2)
            with lock:
                return open_now[0]

    try:
        assert asyncio.run(go()) <= 3
    finally:
        for listener in listeners:
            listener.close()


# Private addresses


def test_private_addresses_are_refused_by_default(server):
    server.expect_request("/").respond_with_data(html(), content_type="text/html")
    url = server.url_for("/")
    assert failure(url, allow_private_addresses=False) == (
        "refused: localhost resolves to a private address "
        "(set allow_private_addresses = true in [fetch] of newsletter.toml to allow)"
    )
    assert failure(url.replace("localhost", "127.0.0.1"), allow_private_addresses=False).startswith(
        "refused: 127.0.0.1 resolves to a private address"
    )
    assert server.log == []  # refused before connecting


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
        "192.0.2.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "fec0::1",
        "ff02::1",
        "::ffff:127.0.0.1",
        "::ffff:10.0.0.1",
        "64:ff9b::a00:1",
        "2002:7f00:1::",
        "2001:db8::1",
    ],
)
def test_private_address(address):
    assert not is_public_address(address)


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"]
)
def test_public_address(address):
    assert is_public_address(address)


@pytest.fixture
def proxy(server, monkeypatch):
    """The local server as an HTTP proxy: it receives `GET http://host/path` for any host."""
    monkeypatch.setenv("http_proxy", server.url_for("/").rstrip("/"))
    return server


def test_through_a_proxy_names_are_not_resolved_locally(proxy):
    proxy.expect_request("/page").respond_with_data(html(), content_type="text/html")
    page = fetch("http://newsletter-test.invalid/page", allow_private_addresses=False)
    assert page.url == "http://newsletter-test.invalid/page"
    assert proxy.log[0][0].host == "newsletter-test.invalid"


def test_no_proxy_is_honoured(proxy, monkeypatch):
    monkeypatch.setenv("no_proxy", ".invalid")
    reason = failure("http://newsletter-test.invalid/page", allow_private_addresses=False, timeout=1.0)
    assert reason == "host newsletter-test.invalid not found"
    assert proxy.log == []


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:{port}/secret",
        "http://[::ffff:7f00:1]:{port}/secret",
        "http://2130706433:{port}/secret",
        "http://169.254.169.254/latest/meta-data/",
    ],
)
def test_redirect_to_a_private_address_is_refused(proxy, target):
    target = target.format(port=proxy.port)
    proxy.expect_request("/go").respond_with_data("", status=302, headers={"Location": target})
    reason = failure("http://public.invalid/go", allow_private_addresses=False)
    assert reason.startswith("refused: ")
    assert "private address" in reason or "cloud-metadata address" in reason
    assert [request.path for request, _ in proxy.log] == ["/go"]  # /secret never asked for


# TLS: SSL_CERT_FILE is honoured (httpx 0.28 reads it when trust_env is on)


@pytest.fixture(scope="module")
def tls_server(test_ca):
    context, ca_pem = test_ca.server_context, test_ca.ca_pem
    server = HTTPServer(ssl_context=context)
    server.start()
    server.expect_request("/").respond_with_data(html(), content_type="text/html")
    yield server, ca_pem
    server.stop()


def test_ssl_cert_file_is_honoured(tls_server, monkeypatch):
    server, ca = tls_server
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    monkeypatch.setenv("SSL_CERT_FILE", str(ca))
    assert fetch(server.url_for("/")).status == 200
    monkeypatch.delenv("SSL_CERT_FILE")
    assert failure(server.url_for("/")).startswith("TLS certificate not trusted")


def test_an_unreadable_ca_bundle_is_a_clear_error_not_a_traceback(tls_server, tmp_path, monkeypatch):
    """SSL_CERT_FILE naming a file that is missing (or not PEM) stops the fetch with a message
    naming the setting: httpx's create_ssl_context raised FileNotFoundError (a traceback)."""
    server, _ = tls_server
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    for bundle in (tmp_path / "missing.pem", tmp_path / "not-pem.pem"):
        if bundle.name == "not-pem.pem":
            bundle.write_text("not a certificate\n")
        monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
        with pytest.raises(TrustError) as info:
            fetch(server.url_for("/"))
        assert f"The CA bundle (SSL_CERT_FILE={bundle}) could not be read" in info.value.message


def test_an_ssl_cert_dir_that_is_no_directory_is_a_clear_error(tls_server, tmp_path, monkeypatch):
    """SSL_CERT_DIR naming a directory that is missing (or a file) was passed to OpenSSL, which
    ignores it: every https link then failed as "TLS certificate not trusted (behind a proxy
    that inspects TLS? point SSL_CERT_FILE at its CA bundle)", sending the user after a proxy."""
    server, _ = tls_server
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    (tmp_path / "a-file").write_text("not a directory\n")
    for folder, why in ((tmp_path / "missing", "No such file or directory"), (tmp_path / "a-file", "Not a directory")):
        monkeypatch.setenv("SSL_CERT_DIR", str(folder))
        with pytest.raises(TrustError) as info:
            fetch(server.url_for("/"))
        assert f"The CA bundle (SSL_CERT_DIR={folder}) could not be read ({why})" in info.value.message
        assert "point SSL_CERT_DIR at a directory of hashed PEM certificates" in info.value.message


def test_a_connection_given_up_for_an_unreadable_ca_bundle_is_closed(tmp_path, monkeypatch):
    """The bundle is read as the TLS handshake starts, after the TCP connection is open: that
    connection was left open when the bundle could not be read (the TrustError was no error
    streams.py closes on), and a server waiting for the handshake waited for the process's end."""
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "missing.pem"))
    with socket.create_server(("127.0.0.1", 0)) as listener:
        listener.settimeout(5)
        with pytest.raises(TrustError):
            fetch(f"https://127.0.0.1:{listener.getsockname()[1]}/")
        connection, _ = listener.accept()
        with connection:
            connection.settimeout(3)
            assert connection.recv(1) == b""  # closed by the client, not left waiting


def test_an_ssl_key_log_file_that_cannot_be_written_is_a_clear_error(server, tmp_path, monkeypatch):
    """SSLKEYLOGFILE (a debugging setting, honoured as ssl.create_default_context does) naming a
    file in a missing folder was a FileNotFoundError traceback as the client was made."""
    server.expect_request("/plain").respond_with_data(html(), content_type="text/html")
    keys = tmp_path / "missing" / "keys.log"
    monkeypatch.setenv("SSLKEYLOGFILE", str(keys))
    with pytest.raises(TrustError) as info:
        fetch(server.url_for("/plain"))
    assert f"SSLKEYLOGFILE={keys} could not be opened (No such file or directory)" in info.value.message


def test_plain_http_needs_no_ca_bundle(server, tmp_path, monkeypatch):
    """The bundle is read by the first TLS connection, not as the client is made: ~30 ms of a
    core that a cold enrichment spent before its first request could leave. A session of plain
    http links never reads it (here: it could not, and the page is fetched all the same)."""
    server.expect_request("/plain").respond_with_data(html(), content_type="text/html")
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "missing.pem"))
    assert fetch(server.url_for("/plain")).status == 200


def test_a_certificate_refused_for_the_sites_own_fault_says_so(test_ca, tls_server, monkeypatch):
    """Every refused certificate was "not trusted (behind a proxy that inspects TLS? point
    SSL_CERT_FILE at its CA bundle)": a certificate that has expired, or names another host,
    sent the user after a proxy and the machine's bundle, when the site is at fault. Only a
    chain that ends at no certificate of the bundle (an unknown or self-signed issuer) says so."""
    server, ca = tls_server
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    monkeypatch.setenv("SSL_CERT_FILE", str(ca))
    other = HTTPServer(host="127.0.0.2", ssl_context=test_ca.server_context)  # its certificate names 127.0.0.1
    other.start()
    try:
        other.expect_request("/").respond_with_data(html(), content_type="text/html")
        reason = failure(other.url_for("/"))
    finally:
        other.stop()
    mismatch = "IP address mismatch, certificate is not valid for '127.0.0.2'"
    assert reason.startswith(f"TLS certificate not trusted: {mismatch}")
    assert "proxy" not in reason and "SSL_CERT_FILE" not in reason
    monkeypatch.delenv("SSL_CERT_FILE")  # the test CA is no certifi anchor: an unknown issuer
    assert "behind a proxy that inspects TLS? point SSL_CERT_FILE at its CA bundle" in failure(server.url_for("/"))


def test_the_deferred_ca_bundle_checks_certificates_as_httpx_did(tls_server, monkeypatch):
    """The context read on first use (links/trust.py) replaced httpx's create_ssl_context, which
    is ssl.create_default_context: from Python 3.13 that also sets VERIFY_X509_STRICT (refusing
    malformed certificates) and VERIFY_X509_PARTIAL_CHAIN (an intermediate in SSL_CERT_FILE is
    trusted as an anchor), which the deferred context left out. Every check is the same again."""
    server, ca = tls_server
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    monkeypatch.setenv("SSL_CERT_FILE", str(ca))
    ours, theirs = trust.ssl_context(), httpx.create_ssl_context(trust_env=True)
    checks = ("verify_flags", "verify_mode", "check_hostname", "options", "minimum_version", "maximum_version")
    assert {name: getattr(ours, name) for name in checks} == {name: getattr(theirs, name) for name in checks}
    assert fetch(server.url_for("/")).status == 200  # (and the deferred bundle is still read)


def test_a_tls_server_that_closes_without_saying_goodbye_ends_the_body(test_ca, monkeypatch):
    """A body that runs to the connection's end, closed without TLS's close_notify (as many
    servers close): the page, not a read error."""
    import socket
    import threading

    body = html("<p>" + "words " * 4000 + "</p>").encode()
    listener = socket.create_server(("127.0.0.1", 0))

    def serve():
        raw, _ = listener.accept()
        with test_ca.server_context.wrap_socket(raw, server_side=True) as conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n" + body)
        # (closing the wrapped socket sends no close_notify: the connection just ends)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    monkeypatch.setenv("SSL_CERT_FILE", str(test_ca.ca_pem))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    page = fetch(f"https://127.0.0.1:{listener.getsockname()[1]}/", head_only=False)
    thread.join(5)
    listener.close()
    assert page.status == 200 and page.body == body


def test_a_tls_connection_is_closed_with_the_client_though_the_server_never_says_goodbye(test_ca, monkeypatch):
    """A pooled TLS connection is closed outright when the client closes: asyncio's own close
    waited (up to 30 s) for the server to answer its close_notify, and an idle server that
    never did had the socket outlive the event loop, left to the garbage collector."""
    listener = socket.create_server(("127.0.0.1", 0))
    ended = threading.Event()

    def serve():
        raw, _ = listener.accept()
        with test_ca.server_context.wrap_socket(raw, server_side=True) as conn:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(HEAD) + HEAD)
            ended.wait(10)  # reads nothing more: a close_notify goes unanswered

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    monkeypatch.setenv("SSL_CERT_FILE", str(test_ca.ca_pem))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    gc.collect()  # what earlier tests left behind is not this test's
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        page = fetch(f"https://127.0.0.1:{listener.getsockname()[1]}/")
        gc.collect()
    ended.set()
    thread.join(5)
    listener.close()
    assert page.status == 200
    assert [str(w.message) for w in caught if issubclass(w.category, ResourceWarning)] == []


def test_a_server_that_hangs_up_in_the_tls_handshake_could_not_be_connected_to(raw_server):
    """asyncio says ConnectionResetError, without an errno, for a server that closes the
    connection in the handshake (a TLS-filtering firewall does): not a reset, and a host that
    could not be connected to, as anyio's backend said (an unexpected EOF), so that a network
    where every such connection ends this way is seen as cut off."""

    def hang_up(connection):
        connection.recv(65536)  # the ClientHello, read so that closing sends no reset

    url = raw_server(hang_up).replace("http:", "https:")
    with pytest.raises(FetchError) as info:
        fetch(url)
    reason = "could not connect: the server closed the connection during the TLS handshake, after 3 attempts"
    assert (info.value.reason, info.value.kind) == (reason, "unreachable")


def test_every_connection_goes_through_the_asyncio_backend(monkeypatch):
    """Direct pools and proxy pools alike (httpx takes no backend; ours is set on its pools)."""
    from newsletter.links.addresses import PinnedBackend
    from newsletter.links.streams import AsyncioBackend

    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    client = make_client(Fetch())
    proxied = client._transport_for_url(httpx.URL("http://example.com/")).make()._pool
    direct = client._transport.make()._pool
    assert isinstance(proxied._network_backend, AsyncioBackend)
    assert isinstance(direct._network_backend, PinnedBackend)
    assert isinstance(direct._network_backend.inner, AsyncioBackend)


def head(url):
    config = Fetch(timeout=2.0, allow_private_addresses=True)

    async def go():
        async with make_client(config) as client:
            return await Fetcher(client, config).head(url)

    return asyncio.run(go())


def test_head_follows_redirects_and_reads_no_body(server):
    server.expect_request("/old", method="HEAD").respond_with_data("", status=301, headers={"Location": "/new"})
    server.expect_request("/new", method="HEAD").respond_with_data("", content_type="text/html")
    page = head(server.url_for("/old"))
    assert page.url == server.url_for("/new") and page.body == b"" and page.content_type == "text/html"


def test_head_raises_an_error_status_at_once_so_callers_can_ask_with_get(server):
    server.expect_request("/busy", method="HEAD").respond_with_data("", status=503)
    with pytest.raises(StatusError) as caught:
        head(server.url_for("/busy"))
    assert caught.value.status == 503
    assert len([r for r, _ in server.log if r.path == "/busy"]) == 1  # no retries for HEAD
