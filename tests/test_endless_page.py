"""A page that never ends (a stream, a server that keeps the head open for ever) is cut, not
failed, once its <title> has come: it failed 'timed out after 30 s' and its entry lost the title
the page had sent. Real local servers; the page drips until the test ends."""

import asyncio

import pytest
from click.testing import CliRunner
from werkzeug import Response

from newsletter.cli import main
from newsletter.config import Fetch
from newsletter.errors import FetchError
from newsletter.links.fetch import Fetcher, make_client

from helpers import link_workspace, url_of

START = b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Endless stream</title>"


def endless(release, start: bytes = START):
    """A handler sending `start`, then a byte every 50 ms (the read timeout never fires), for ever."""

    def body():
        yield start
        while not release.wait(0.05):
            yield b" "

    return lambda _: Response(body(), content_type="text/html")


def fetch(url: str, head_only: bool):
    settings = Fetch(timeout=0.4, allow_private_addresses=True)

    async def go():
        async with make_client(settings) as client:
            return await Fetcher(client, settings).get(url, head_only=head_only)

    return asyncio.run(go())


@pytest.mark.parametrize("head_only", [True, False])
def test_a_page_whose_head_never_ends_is_cut_after_its_title(server, release, head_only):
    server.expect_request("/stream").respond_with_handler(endless(release))
    page = fetch(server.url_for("/stream"), head_only)
    assert page.truncated and page.text.startswith(START.decode())


def test_one_that_sent_no_title_before_it_stalled_still_times_out(server, release):
    server.expect_request("/stream").respond_with_handler(endless(release, b"<html><head><meta charset='utf-8'>"))
    with pytest.raises(FetchError, match="timed out after 1.2 s"):
        fetch(server.url_for("/stream"), False)


def test_the_entry_of_a_page_that_never_ends_is_built_with_its_title(server, release, tmp_path):
    server.expect_request("/stream").respond_with_handler(endless(release))
    root = link_workspace(tmp_path / "ws", [url_of(server, "/stream")], 0.4)
    built = CliRunner().invoke(main, ["build", "2021-02", "-w", str(root)], catch_exceptions=False)
    assert built.exit_code == 0 and "could not be fetched" not in built.stderr
    assert "Endless stream" in (root / "dist/2021-02/newsletter.txt").read_text()
    meta = CliRunner().invoke(main, ["meta", url_of(server, "/stream"), "-w", str(root)], catch_exceptions=False)
    assert '"title": "Endless stream"' in meta.stdout
