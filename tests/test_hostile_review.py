"""The year in review fed hostile pages: what a page calls its site reaches the review's text part."""

from click.testing import CliRunner

from newsletter.cli import main
from newsletter.formats import columns

from helpers import link_workspace, url_of


def test_a_pages_long_site_name_is_cut_in_the_text_parts_table_as_in_its_chart(server, tmp_path):
    """A page naming its site in 200 characters (the most kept of a fetched site name) made the
    review's 'Sites I read most' table in the email's text part 210 columns wide, every row
    padded to it, where its chart cut the name at 32 characters."""
    server.expect_request("/long").respond_with_data(
        '<html><head><title>A page</title><meta property="og:site_name" content="' + "Spam " * 40 + '"></head></html>',
        content_type="text/html",
    )
    server.expect_request("/short").respond_with_data(
        '<html><head><title>Another</title><meta property="og:site_name" content="Short"></head></html>',
        content_type="text/html",
    )
    root = link_workspace(tmp_path / "ws", [url_of(server, "/long"), url_of(server, "/short")], timeout=5)
    result = CliRunner().invoke(main, ["review", "2021", "-w", str(root)])
    assert result.exit_code == 0, result.output
    text = (root / "dist/2021/newsletter.txt").read_text(encoding="utf-8")
    table = text[text.index("\nSite ") + 1 :].split("\n\n")[0].splitlines()
    assert table[1:] == [f"{columns.clip('Spam ' * 40, 32)}        1", f"{columns.pad('Short', 32)}        1"], table
