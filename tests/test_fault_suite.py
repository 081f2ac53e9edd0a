"""The fault suite (issue 9, item 12): one build of 25 entries over every way a link can fail or
attack, against real local servers. It fetches the links side by side (several requests on the
wire at once, not one deadline after another), renders every entry, names each failure once,
lets nothing hostile through, and a second build of the same period asks no server anything."""

import contextlib
import re
import shutil
import socket
import struct
import threading
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from werkzeug import Response

from newsletter.cli import main
from newsletter.links.fetch import Fetcher

REPO = Path(__file__).resolve().parent.parent
TIMEOUT = 2.0  # [fetch] timeout; a link's whole deadline is three times that. 0.5 s timed out on a loaded machine
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
PAGE = "<!DOCTYPE html><html><head>{}</head><body>{}</body></html>"


class RawServer:
    """A bare socket server doing one thing to every connection, counting them."""

    def __init__(self, handle):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)
        self.handle, self.connections, self.stop = handle, 0, threading.Event()
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/raw"

    def serve(self):
        while not self.stop.is_set():
            with contextlib.suppress(TimeoutError):
                connection, _ = self.listener.accept()
                self.connections += 1
                with connection, contextlib.suppress(OSError):
                    self.handle(connection, self.stop)

    def close(self):
        self.stop.set()
        self.thread.join()
        self.listener.close()


def reset_at_once(connection, _stop):
    connection.recv(65536)
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close sends RST


def reset_mid_body(connection, _stop):
    connection.recv(65536)
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n<html><head>")
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def never_answer(connection, stop):
    connection.recv(65536)
    stop.wait(10)  # like a proxy that accepts and never answers


@pytest.fixture
def raw_servers():
    servers = {
        name: RawServer(handle)
        for name, handle in (("reset", reset_at_once), ("reset-mid-body", reset_mid_body), ("silent", never_answer))
    }
    yield servers
    for server in servers.values():
        server.close()


@pytest.fixture
def closed_port():
    with socket.create_server(("127.0.0.1", 0)) as sock:
        return sock.getsockname()[1]


@pytest.fixture
def links(threaded_server, raw_servers, closed_port, release):
    """Entry name -> (URL, the reason it fails with, or the title the entry should get)."""
    server = threaded_server
    server.clear()

    def url(path):
        return server.url_for(path).replace("localhost", "127.0.0.1")

    def drip():
        yield b"<html><head>"
        while not release.wait(0.05):
            yield b" "

    bomb = zlib.compressobj(1, zlib.DEFLATED, 31)
    gzip_bomb = b"".join(bomb.compress(bytes(1 << 20)) for _ in range(20)) + bomb.flush()
    poison = (
        '<script type="application/ld+json">{"@type": "Article", '
        '"headline": "Poisoned \\ud800 title \u202egnp.exe\u202c \u0085end"}</script>'
    )
    serve = server.expect_request
    serve("/slow").respond_with_handler(lambda _: release.wait(5) and Response("late"))
    serve("/drip").respond_with_handler(lambda _: Response(drip(), content_type="text/html"))
    serve("/missing").respond_with_data("no", status=404)
    serve("/gone").respond_with_data("gone", status=410)
    serve("/down").respond_with_data("down", status=503)
    serve("/loop-a").respond_with_data("", status=302, headers={"Location": "/loop-b"})
    serve("/loop-b").respond_with_data("", status=302, headers={"Location": "/loop-a"})
    serve("/metadata4").respond_with_data("", status=302, headers={"Location": "http://169.254.169.254/latest/"})
    serve("/metadata6").respond_with_data("", status=302, headers={"Location": "http://[fd00:ec2::254]/latest/"})
    serve("/refresh").respond_with_data(
        PAGE.format('<meta http-equiv="refresh" content="0; url=http://100.100.100.200/latest/meta-data/">', ""),
        content_type="text/html",
    )
    serve("/file").respond_with_data("", status=302, headers={"Location": "file:///etc/passwd"})
    serve("/huge-download").respond_with_data(b"%PDF-1.7\n" + bytes(2_000_000), content_type="application/pdf")
    serve("/empty").respond_with_data(b"", content_type="text/html")
    serve("/binary").respond_with_data(b"\x89PNG\r\n\x1a\n" + bytes(100), content_type="image/png")
    serve("/poison").respond_with_data(PAGE.format("<title>x</title>" + poison, ""), content_type="text/html")
    serve("/huge-title").respond_with_data(
        PAGE.format("<title>" + "Long words " * 90_000 + "</title>", ""), content_type="text/html"
    )
    serve("/deep").respond_with_data(
        PAGE.format("<title>Deep page</title>", '<div itemscope itemprop="a">' * 30_000), content_type="text/html"
    )
    serve("/bomb").respond_with_data(gzip_bomb, content_type="text/html", headers={"Content-Encoding": "gzip"})
    serve("/fine").respond_with_data(PAGE.format("<title>A fine page</title>", ""), content_type="text/html")
    never = "a link-local or cloud-metadata address, never fetched"
    return {
        "timeout": (url("/slow"), f"timed out after {TIMEOUT:g} s"),
        "slow-body": (url("/drip"), f"timed out after {3 * TIMEOUT:g} s"),
        "not-found": (url("/missing"), "HTTP 404 Not Found"),
        "gone": (url("/gone"), "HTTP 410 Gone"),
        "server-error": (url("/down"), "HTTP 503 Service Unavailable, after 3 attempts"),
        "redirect-loop": (url("/loop-a"), "redirect loop"),
        "metadata-redirect": (url("/metadata4"), f"refused: 169.254.169.254 resolves to 169.254.169.254, {never}"),
        "metadata-redirect-v6": (url("/metadata6"), f"refused: fd00:ec2::254 resolves to fd00:ec2::254, {never}"),
        "metadata-refresh": (url("/refresh"), f"refused: 100.100.100.200 resolves to 100.100.100.200, {never}"),
        "file-redirect": (url("/file"), "unsupported URL scheme"),
        "metadata-link": (
            "http://169.254.169.254/latest/meta-data/",
            f"refused: 169.254.169.254 resolves to 169.254.169.254, {never}",
        ),
        "oversized-file": (url("/huge-download"), "response larger than 1 MB"),
        "empty": (url("/empty"), "empty response"),
        "not-a-page": (url("/binary"), "not a web page (image/png)"),
        "reset": (raw_servers["reset"].url, "connection reset, after 3 attempts"),
        "reset-mid-body": (raw_servers["reset-mid-body"].url, "connection reset, after 3 attempts"),
        "silent": (raw_servers["silent"].url, f"timed out after {TIMEOUT:g} s"),
        "refused": (f"http://127.0.0.1:{closed_port}/page", "connection refused, after 3 attempts"),
        "unknown-host": ("http://newsletter-fault-suite.invalid/page", "host newsletter-fault-suite.invalid not found"),
        "poison": (url("/poison"), {"title": "Poisoned title gnp.exe end"}),
        "huge-title": (url("/huge-title"), {"title": "Long words"}),
        "deep-nesting": (url("/deep"), {"title": "Deep page"}),
        "gzip-bomb": (url("/bomb"), {"title": None}),
        "fine": (url("/fine"), {"title": "A fine page"}),
        "fine-again": (url("/fine") + "?again", {"title": "A fine page"}),
    }


def make_workspace(root: Path, links: dict) -> Path:
    root.mkdir()
    (root / "newsletter.toml").write_text(
        '[newsletter]\nname = "Test"\n\n[fetch]\nallow_private_addresses = true\n'
        f"timeout = {TIMEOUT}\nmax_bytes = 1_000_000\n",
        encoding="utf-8",
    )
    shutil.copytree(REPO / "site", root / "site", ignore=shutil.ignore_patterns("public", "resources", "posts"))
    folder = root / "entries" / "2021" / "02"
    folder.mkdir(parents=True)
    for day, (name, (url, _)) in enumerate(links.items(), start=1):
        (folder / f"{name}.md").write_text(
            f"---\ntype: article\nurl: {url}\ndate: 2021-02-{day:02d}\n---\nMy own note on {name}.\n", encoding="utf-8"
        )
    return root


def test_a_build_over_every_failure_mode(links, threaded_server, raw_servers, tmp_path, monkeypatch):
    monkeypatch.setattr(Fetcher, "backoff", 0.01)
    assert len(links) == 25
    root = make_workspace(tmp_path / "ws", links)
    runner = CliRunner()
    in_flight, peak = 0, 0
    request = Fetcher._request

    async def counting(self, trip, url):  # inside the concurrency limits: one request on the wire
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        try:
            return await request(self, trip, url)
        finally:
            in_flight -= 1

    monkeypatch.setattr(Fetcher, "_request", counting)

    first = runner.invoke(main, ["build", "2021-02", "-w", str(root)], catch_exceptions=False)
    assert first.exit_code == 0, first.output
    print(
        f"fault suite: {peak} requests at once at most, {len(threaded_server.log)} HTTP requests, "
        f"{sum(s.connections for s in raw_servers.values())} raw connections"
    )
    assert peak >= 2  # concurrent: the slow links' deadlines run side by side, not one after another

    failures = {url: reason for url, reason in links.values() if isinstance(reason, str)}
    assert f"{len(failures)} links could not be fetched" in first.stderr
    for url, reason in failures.items():
        assert first.stderr.count(url) == 1, (url, first.stderr)  # each failure named once
        assert f"  {url}: {reason}" in first.stderr, [line for line in first.stderr.splitlines() if url in line]
    for url, outcome in links.values():
        if isinstance(outcome, dict):
            assert url not in first.stderr

    post = next((root / "site" / "content" / "posts").glob("*/index.md")).read_text(encoding="utf-8")
    email = (root / "dist" / "2021-02" / "newsletter.html").read_text(encoding="utf-8")
    text = (root / "dist" / "2021-02" / "newsletter.txt").read_text(encoding="utf-8")
    for name, (url, outcome) in links.items():  # every entry, in all three outputs
        assert f"]({url})" in post and f'href="{url.replace("&", "&amp;")}"' in email and url in text, name
        assert f"My own note on {name}." in post and f"My own note on {name}." in text, name
        if isinstance(outcome, dict) and outcome["title"]:
            assert outcome["title"] in post and outcome["title"] in text, name
    for output in (post, email, text):  # nothing hostile through
        assert not UNSAFE.search(output)
        assert "Long words " * 40 not in output
    assert len(email) < 90_000

    asked = (len(threaded_server.log), [s.connections for s in raw_servers.values()])
    # Nothing changed: "up to date", and the failures counted, not fetched again
    unchanged = runner.invoke(main, ["build", "2021-02", "-w", str(root)], catch_exceptions=False)
    assert unchanged.exit_code == 0 and "is up to date" in unchanged.stderr
    assert f"{len(failures)} links that could not be fetched" in unchanged.stderr
    # ... and a build all the same (--force) asks no server again either: failures are remembered
    second = runner.invoke(main, ["build", "2021-02", "-w", str(root), "--force"], catch_exceptions=False)
    assert second.exit_code == 0, second.output
    assert (len(threaded_server.log), [s.connections for s in raw_servers.values()]) == asked  # no new request
    for url in failures:
        assert second.stderr.count(url) == 1, url
    assert (root / "dist" / "2021-02" / "newsletter.html").read_text(encoding="utf-8") == email
