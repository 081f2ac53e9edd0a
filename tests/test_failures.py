"""Failed fetches are remembered for a while, and a build with no network says so once."""

import socket
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsletter.cli import main
from newsletter.errors import FetchError, aside
from newsletter.links.cache import FAILURE_TTL, GONE_TTL, MetadataCache
from newsletter.links.fetch import Fetcher

from helpers import link_workspace, url_of


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):
    monkeypatch.setattr(Fetcher, "backoff", 0.01)


def workspace(root: Path, urls: list[str], timeout: float = 0.5) -> Path:
    return link_workspace(root, urls, timeout=timeout)


def build(root: Path, *options: str):
    return CliRunner().invoke(main, ["build", "2021-02", "-w", str(root), *options], catch_exceptions=False)


@pytest.fixture
def silent_server():
    """Accepts connections and never answers, like a proxy that swallows requests."""
    listener = socket.create_server(("127.0.0.1", 0))
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/silent"
    listener.close()


def test_a_failed_link_is_not_fetched_again_by_the_next_build(server, silent_server, tmp_path):
    server.expect_request("/missing").respond_with_data("no", status=404)
    server.expect_request("/down").respond_with_data("down", status=503)
    server.expect_request("/fine").respond_with_data(
        "<html><head><title>Fine</title></head></html>", content_type="text/html"
    )
    urls = [url_of(server, "/missing"), url_of(server, "/down"), silent_server, url_of(server, "/fine")]
    root = workspace(tmp_path / "ws", urls)

    first = build(root)
    assert first.exit_code == 0, first.output
    asked = len(server.log)
    assert asked == 1 + 3 + 1  # the 503 three times
    assert "3 links could not be fetched" in first.stderr

    second = build(root, "--force")  # a build, not the "up to date" of an unchanged edition
    assert second.exit_code == 0, second.output
    assert len(server.log) == asked  # nothing asked again: neither the failures nor the success
    assert "3 links could not be fetched" in second.stderr
    for url in urls[:3]:
        assert second.stderr.count(url) == 1
    # One clause after another: it was "(after 3 attempts) (in an earlier build; …)".
    assert f"{urls[1]}: HTTP 503 Service Unavailable, after 3 attempts, in an earlier build; --refresh" in second.stderr
    assert build(root, "--strict").exit_code == 1  # a remembered failure is still a failure

    third = build(root, "--refresh")
    assert third.exit_code == 0
    assert len(server.log) == 2 * asked


def test_transient_failures_are_remembered_for_an_hour_and_gone_pages_for_longer(tmp_path):
    now = [1_000_000.0]
    with MetadataCache(tmp_path, clock=lambda: now[0]) as cache:
        cache.put_all({}, [FetchError("https://example.com/slow", "timed out after 10 s")])
        cache.put_all({}, [FetchError("https://example.com/gone", "HTTP 410 Gone", kind="gone")])
        now[0] += FAILURE_TTL - 1
        assert cache.failure("https://example.com/slow").reason.startswith("timed out after 10 s")
        now[0] += 2
        assert cache.failure("https://example.com/slow") is None
        assert cache.failure("https://example.com/gone").kind == "gone"
        now[0] += GONE_TTL
        assert cache.failure("https://example.com/gone") is None


@pytest.fixture
def closed_ports():
    sockets = [socket.create_server(("127.0.0.1", 0)) for _ in range(2)]
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


def test_with_no_network_build_and_check_say_so_once_and_remember_nothing(closed_ports, tmp_path):
    urls = [f"http://127.0.0.1:{port}/page" for port in closed_ports] + ["http://newsletter-test.invalid/page"]
    # Refused at once, so a long timeout costs nothing; a short one was reached on a loaded
    # machine before the refusal, and a timeout is not "no network".
    root = workspace(tmp_path / "ws", urls, timeout=10)

    result = build(root)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("no network: 3 links could not be checked; use --offline") == 1
    assert not any(url in result.stderr for url in urls)  # not a list of "dead" links
    assert build(root, "--strict").exit_code == 1
    with MetadataCache(root / ".newsletter") as cache:
        assert all(cache.failure(url) is None for url in urls)  # the next build tries them all again

    check = CliRunner().invoke(main, ["check", "2021-02", "-w", str(root)], catch_exceptions=False)
    assert check.output.count("no network: 3 links could not be checked; use --offline") == 1
    assert "dead link" not in check.output


def test_with_no_network_a_build_of_an_edition_nothing_changed_in_says_it_is_as_it_was(closed_ports, tmp_path):
    """Offline, every plain build of a month built the same way (its links, never fetched, are
    tried again) and said "Built" and every path as if something new was there. When nothing it
    is made of changed and no link was reached, it says so, why it built, and what to run;
    nothing is rewritten. A changed entry is still a build, said as one."""
    import os
    import subprocess
    import sys

    urls = [f"http://127.0.0.1:{port}/page" for port in closed_ports]  # refused, as with no network
    root = workspace(tmp_path / "ws", urls, timeout=10)
    assert "Built 2021-02" in build(root).stderr
    outputs = [p for p in (*root.glob("dist/2021-02/*"), *root.glob("site/**/*")) if p.is_file()]
    written = {p: p.stat().st_mtime_ns for p in outputs}

    again = build(root)
    assert again.exit_code == 0 and again.stdout == ""
    assert again.stderr.endswith(
        "\n2021-02 is as it was: nothing it is made of changed; it was built again only to fetch 2 links, and no "
        "network was reached. `--offline` builds from what is cached, and says up to date.\n"
    )
    assert again.stderr.count("warning: ") == 2 and "Built" not in again.stderr  # (the titles not fetched)
    # The same at a terminal, where the launcher checks the stamp and has the build forced
    code = "import sys; from newsletter.cli.launch import run; sys.argv = ['newsletter', *sys.argv[1:]]; run()"
    launched = subprocess.run(
        [sys.executable, "-c", code, "build", "2021-02", "-w", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NEWSLETTER_RESIDENT": "0"},
    )
    assert launched.returncode == 0 and launched.stdout == "" and "2021-02 is as it was" in launched.stderr
    assert {p: p.stat().st_mtime_ns for p in outputs} == written
    assert build(root, "--strict").exit_code == 1  # the links are still not fetched
    assert "is up to date" in build(root, "--offline").stderr

    entry = root / "entries/2021/02/entry-1.md"
    entry.write_text(entry.read_text().replace("Note 1.", "Note one, rewritten."))
    os.utime(entry, ns=(time.time_ns() + 10**9,) * 2)
    rebuilt = build(root)
    assert "Built 2021-02" in rebuilt.stderr and "dist/2021-02/newsletter.txt" in rebuilt.stdout
    assert "no network: 2 links could not be checked; use --offline" in rebuilt.stderr


def test_a_server_of_ones_own_answering_is_no_proof_of_a_network(server, closed_ports, tmp_path):
    """Ines, offline, with one entry linking the page her own http.server served on 127.0.0.1
    (allow_private_addresses): it answered, so every other link, whose host was not found,
    was called dead by `check` (errors) and recorded in _archive.toml as gone, twice of which
    days apart makes the build link an archived copy instead. Only an answer from the public
    internet shows that the network works."""
    server.expect_request("/mine").respond_with_data(
        "<html><head><title>Mine</title></head></html>", content_type="text/html"
    )
    urls = [url_of(server, "/mine"), f"http://127.0.0.1:{closed_ports[0]}/page", "http://newsletter-test.invalid/p"]
    root = workspace(tmp_path / "ws", urls, timeout=10)

    result = build(root)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("no network: 2 links could not be checked; use --offline") == 1
    check = CliRunner().invoke(main, ["check", "2021-02", "-w", str(root)], catch_exceptions=False)
    assert check.output.count("no network: 2 links could not be checked; use --offline") == 1
    assert "dead link" not in check.output
    assert not (root / "entries/2021/02/_archive.toml").exists()


def test_a_server_of_ones_own_answering_an_error_is_no_proof_of_a_network_either(server, closed_ports, tmp_path):
    """Kofi, with no way out to the internet, linked a podcast page of his own http.server on
    127.0.0.1 that he had moved: it answered 404, and that answer made `check` take the network
    to be up, so every other link, its host not found, was called dead (errors), as Ines's were
    before an answer of one's own server stopped counting; a 404 still counted. Now no answer
    of one's own network does: the run says there is no network, and records nothing."""
    server.expect_request("/moved").respond_with_data("not here", status=404)
    urls = [url_of(server, "/moved"), f"http://127.0.0.1:{closed_ports[0]}/page", "http://newsletter-test.invalid/p"]
    root = workspace(tmp_path / "ws", urls, timeout=10)

    check = CliRunner().invoke(main, ["check", "2021-02", "-w", str(root)], catch_exceptions=False)
    assert check.output.count("no network: 3 links could not be checked; use --offline") == 1
    assert "dead link" not in check.output
    assert not (root / "entries/2021/02/_archive.toml").exists()
    result = build(root)
    assert result.exit_code == 0, result.output
    assert result.stderr.count("no network: 3 links could not be checked; use --offline") == 1


def test_a_corrupt_cache_moved_aside_is_reported_once(tmp_path):
    root = workspace(tmp_path / "ws", ["https://example.com/a", "https://example.com/b"])
    (root / ".newsletter").mkdir()
    (root / ".newsletter" / "cache.sqlite3").write_bytes(b"not a database, garbage " * 100)
    first = build(root, "--offline")
    assert first.exit_code == 0, first.output
    assert first.stderr.count("moved it to cache.sqlite3.broken") == 1
    assert (root / ".newsletter" / "cache.sqlite3.broken").is_file()
    assert "cache.sqlite3" not in build(root, "--offline").stderr  # the new cache is fine: nothing to say


def test_a_service_api_unreachable_is_the_networks_fault_too(closed_ports, tmp_path):
    """An arXiv link goes to the arXiv API (export.arxiv.org); with no network, that host not
    found is the network's failure like any other, not a dead link remembered for an hour."""
    urls = ["https://arxiv.org/abs/2101.00001", f"http://127.0.0.1:{closed_ports[0]}/page"]
    root = workspace(tmp_path / "ws", urls)
    result = build(root)
    assert result.exit_code == 0, result.output
    assert "no network: 2 links could not be checked; use --offline" in result.stderr
    assert "arXiv API" not in result.stderr
    with MetadataCache(root / ".newsletter") as cache:
        assert all(cache.failure(url) is None for url in urls)


def test_a_private_address_refused_by_the_settings_is_fetched_once_they_allow_it(server, tmp_path):
    """The refusal says "set allow_private_addresses = true ... to allow": after doing so, the
    next build fetches the link, rather than repeat the remembered refusal."""
    server.expect_request("/intranet").respond_with_data(
        "<html><head><title>Our wiki</title></head></html>", content_type="text/html"
    )
    root = workspace(tmp_path / "ws", [url_of(server, "/intranet")])
    settings = root / "newsletter.toml"
    settings.write_text(
        settings.read_text().replace("allow_private_addresses = true", "allow_private_addresses = false")
    )
    first = build(root)
    assert "set allow_private_addresses = true" in first.stderr and not server.log
    settings.write_text(
        settings.read_text().replace("allow_private_addresses = false", "allow_private_addresses = true")
    )
    second = build(root)
    assert second.exit_code == 0 and "could not be fetched" not in second.stderr, second.stderr
    assert len(server.log) == 1


@pytest.mark.parametrize(
    ("reason", "shown"),
    [
        ("HTTP 404 Not Found", "(HTTP 404 Not Found)"),
        ("connection refused (after 3 attempts)", "(connection refused, after 3 attempts)"),  # cached by 0.x
        ("repository not found (private or renamed?)", "(repository not found, private or renamed?)"),
        ("not in the cache (offline)", "(not in the cache, offline)"),
        (
            "could not connect: [SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)",
            "(could not connect: [SSL: WRONG_VERSION_NUMBER] wrong version number, _ssl.c:1006)",
        ),
        ("SMTPResponseException: (421, b'closing')", "(SMTPResponseException, 421, b'closing')"),
        ("a (b (c))", "(a, b, c)"),
        ("(only an aside)", "(only an aside)"),
        ("a smile :)", "(a smile :))"),  # no parenthesis of its own to close: left as it is
    ],
)
def test_a_reason_in_parentheses_never_closes_two_at_once(reason, shown):
    """Messages put a reason in parentheses, and many reasons end in their own: "could not check
    the link (HTTP 503 Service Unavailable (after 3 attempts))"."""
    assert aside(reason) == shown


def test_new_says_why_it_could_not_read_a_link_in_one_pair_of_parentheses(server, tmp_path):
    server.expect_request("/picture").respond_with_data(b"\x89PNG\r\n\x1a\n", content_type="image/png")
    url = url_of(server, "/picture")
    root = workspace(tmp_path / "ws", [])
    result = CliRunner().invoke(main, ["new", "article", url, "--no-edit", "-w", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"warning: could not read {url} (not a web page, image/png); fill in the title yourself" in result.stderr


def test_new_says_when_a_page_it_read_gave_no_title(server, tmp_path):
    """A Cloudflare check answers 200 with a page that names nothing: the entry's title was left
    empty with no word, and only the build said so."""
    page = (Path(__file__).parent / "pages" / "cloudflare-challenge.html").read_bytes()
    server.expect_request("/post").respond_with_data(page, content_type="text/html")
    url = url_of(server, "/post")
    root = workspace(tmp_path / "ws", [])
    result = CliRunner().invoke(main, ["new", "article", url, "--no-edit", "-w", str(root)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"warning: {url} gave no title (a bot check or a cookie wall shows none); fill in" in result.stderr
