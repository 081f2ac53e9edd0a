"""A page whose server declares one charset and sends another (Latin-1 bytes as UTF-8): what
could not be read reaches the build's warnings, not the readers unnoticed."""

from werkzeug import Response

from newsletter.build import build

from helpers import link_workspace, url_of

PAGE = (
    "<html><head><title>Caf\u00e9 cr\u00e8me notes</title>"
    '<meta name="author" content="Ren\u00e9e L\u00f6w"></head><body><p>Text.</p></body></html>'
).encode("latin-1")


def test_a_title_the_page_garbled_is_named_and_what_the_entry_says_is_not(tmp_path, server):
    server.expect_request("/cafe").respond_with_response(
        Response(PAGE, headers={"Content-Type": "text/html; charset=utf-8"})
    )
    url = url_of(server, "/cafe")
    root = link_workspace(tmp_path / "ws", [url], timeout=5)
    [entry] = (root / "entries" / "2021" / "02").glob("*.md")
    result = build(root, "2021-02")
    name = str(entry)  # as the other warnings name it at this level
    assert [w for w in result.warnings if "could not be read" in w] == [
        f"{name}: the page's title 'Caf\ufffd cr\ufffdme notes' has characters that could not be read (its "
        "server declared another encoding than it sent); add `title:` to the front matter as it should read",
        f"{name}: the page's author 'Ren\ufffde L\ufffdw' has characters that could not be read (its server "
        "declared another encoding than it sent); add `speakers: [...]` to the front matter as it should read",
    ]
    text = entry.read_text(encoding="utf-8")
    entry.write_text(
        text.replace("---\n", '---\ntitle: "Café crème notes"\nspeakers: [Renée Löw]\n', 1), encoding="utf-8"
    )
    again = build(root, "2021-02", offline=True)
    assert not [w for w in again.warnings if "could not be read" in w]


# Slate.fr's shape: a UTF-8 page that says so in its <meta>, served by a server whose default
# header says ISO-8859-1 (Tomcat's, old Apache's and PHP's when the page names none).
UTF8_UNDER_A_LATIN1_HEADER = (
    '<!DOCTYPE html><html lang="fr"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8" />'
    "<title>Tapie, Mougeotte et La Provence, un concentré d'histoire de France | Slate.fr</title>"
    '<meta property="og:title" content="Tapie, Mougeotte et La Provence, un concentré d’histoire de France" />'
    '<meta name="author" content="Titiou Lecoq" /></head>'
    "<body><article><h1>Tapie, Mougeotte et La Provence, un concentré d’histoire de France</h1>"
    "<p>Le rachat de La Provence par Bernard Tapie… « une histoire française ».</p></article></body></html>"
).encode()


def test_a_utf8_page_under_a_servers_default_latin1_header_is_read_as_utf8(tmp_path, server):
    server.expect_request("/story/64063").respond_with_response(
        Response(UTF8_UNDER_A_LATIN1_HEADER, headers={"Content-Type": "text/html; charset=ISO-8859-1"})
    )
    root = link_workspace(tmp_path / "ws", [url_of(server, "/story/64063")], timeout=5)
    build(root, "2021-02")
    [post] = (root / "site" / "content" / "posts").glob("*/index.md")
    text = post.read_text(encoding="utf-8")
    assert "concentré d’histoire de France" in text
    assert "Ã" not in text and "â€" not in text


def test_new_says_the_title_it_writes_holds_what_could_not_be_read(tmp_path, server):
    """`new` wrote the page's garbled title into the entry without a word (attack 36), and a title
    the entry gives is the author's own, which no build questions: "Caf\ufffd cr\ufffdme notes"
    went to every reader."""
    from click.testing import CliRunner

    from newsletter.cli import main

    server.expect_request("/cafe").respond_with_response(
        Response(PAGE, headers={"Content-Type": "text/html; charset=utf-8"})
    )
    root = link_workspace(tmp_path / "ws", [], timeout=5)
    result = CliRunner().invoke(main, ["new", "article", url_of(server, "/cafe"), "--no-edit", "-w", str(root)])
    assert result.exit_code == 0, result.output
    assert (
        "the page's title 'Caf\ufffd cr\ufffdme notes' has characters that could not be read (its server declared "
        "another encoding than it sent); correct the entry's `title:` as it should read"
    ) in result.stderr
