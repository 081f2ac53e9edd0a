"""Whole builds against real local servers: hostile pages, and every way a link can fail.

- Fetched text is untrusted: HTML, Markdown, Jinja and Hugo shortcodes in a page's title,
  author or site name must come out as text in the post, the email HTML and the text part,
  and in the page Hugo renders from the post.
- A build whose links fail in every way finishes, renders every entry, and lists each failure
  exactly once, in the build's result and in what the CLI prints.
"""

import contextlib
import shutil
import socket
import struct
import subprocess
import threading
import zlib
from pathlib import Path

import markdown
import pytest
from click.testing import CliRunner
from selectolax.lexbor import LexborHTMLParser
from werkzeug import Response

from newsletter.build import build
from newsletter.cli import main
from newsletter.commands import build as build_module  # where `newsletter build` calls the pipeline
from newsletter.links.fetch import Fetcher

from helpers import url_of

REPO = Path(__file__).resolve().parent.parent
HUGO = shutil.which("hugo")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)  # proxies: conftest's no_proxy_settings
    monkeypatch.setattr(Fetcher, "backoff", 0.01)


@pytest.fixture(scope="module")
def server(threaded_server):
    return threaded_server


def make_workspace(root: Path, urls: dict[str, str], fetch: str = "allow_private_addresses = true") -> Path:
    """A workspace with one article per URL (named by the dict's keys), in February 2021."""
    root.mkdir()
    (root / "newsletter.toml").write_text(
        f'[newsletter]\nname = "Test"\n\n[fetch]\n{fetch}\ntimeout = 0.5\nmax_bytes = 1_000_000\n', encoding="utf-8"
    )
    shutil.copytree(REPO / "site", root / "site", ignore=shutil.ignore_patterns("public", "resources", "posts"))
    folder = root / "entries" / "2021" / "02"
    folder.mkdir(parents=True)
    for day, (name, url) in enumerate(urls.items(), start=1):
        kind = "video" if name.startswith("video") else "article"
        (folder / f"{name}.md").write_text(
            f"---\ntype: {kind}\nurl: {url}\ndate: 2021-02-{day:02d}\n---\nMy own note on {name}.\n", encoding="utf-8"
        )
    return root


# Hostile pages

HOSTILE = {
    "html": {
        "title": '<script>alert("title")</script><img src=x onerror=alert(1)> Safe words',
        "author": "Eve <b onmouseover=alert>Evil",
        "site": "<script>alert('site')</script>",
        "image": 'https://evil.example/x.png" onerror="alert(2)',
    },
    "markdown": {
        "title": "[click me](javascript:alert(1)) **bold** _it_ ![pic](https://evil.example/p.png) <https://evil.example>",
        "author": "Mallory [Link](javascript:void)",
        "site": "# Heading",
    },
    "jinja": {
        "title": "{{ 7*7191 }} {% raw %}{{ settings }}{% endraw %} {# comment #}",
        "author": "Jinja {{ settings.name }}",
        "site": "{% if true %}yes{% endif %}",
    },
    "hugo": {
        "title": '{{< shortcode >}} {{% shortcode %}} {{</* comment */>}} {{< figure src="x" >}}',
        "author": "Hugo {{< hello >}}",
        "site": "{{% site %}}",
    },
}


def hostile_page(values: dict) -> str:
    """A page stating its hostile values in the places extractors read: JSON-LD, OpenGraph, <meta>."""
    import html
    import json

    attribute = {key: html.escape(value, quote=True) for key, value in values.items()}
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "Article",
            "headline": values["title"],
            "author": {"@type": "Person", "name": values["author"]},
        }
    ).replace("</", "<\\/")
    return (
        f"<!DOCTYPE html><html><head><title>{attribute['title']}</title>"
        f'<meta property="og:title" content="{attribute["title"]}">'
        f'<meta property="og:site_name" content="{attribute["site"]}">'
        f'<meta name="author" content="{attribute["author"]}">'
        f'<meta property="og:image" content="{attribute.get("image", "")}">'
        f'<script type="application/ld+json">{ld}</script></head><body></body></html>'
    )


@pytest.fixture(scope="module")
def hostile_build(server, tmp_path_factory):
    """One build over the hostile pages, shared by the tests that read its outputs."""
    urls = {}
    for name, values in HOSTILE.items():
        server.expect_request(f"/{name}").respond_with_data(hostile_page(values), content_type="text/html")
        urls[f"video-{name}"] = url_of(server, f"/{name}")
    root = make_workspace(tmp_path_factory.mktemp("hostile") / "ws", urls)
    with pytest.MonkeyPatch.context() as patch:
        for name in (
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
            "NO_PROXY",
            "http_proxy",
            "https_proxy",
            "all_proxy",
            "no_proxy",
        ):
            patch.delenv(name, raising=False)
        result = build(root, "2021-02")
    server.clear()
    return root, result


def test_hostile_pages_are_fetched_as_they_are(hostile_build):
    # The premise: what the pages say reaches the entries untouched, so the outputs are really tested.
    _, result = hostile_build
    assert result.failures == []
    titles = {entry.meta.title for entry in result.edition.entries}
    assert titles == {clean(values["title"]) for values in HOSTILE.values()}
    assert {entry.meta.site_name for entry in result.edition.entries} == {v["site"] for v in HOSTILE.values()}
    assert any(entry.meta.image and "onerror" in entry.meta.image for entry in result.edition.entries)


def clean(text: str) -> str:
    return " ".join(text.split())


def assert_no_markup_from_pages(html: str) -> None:
    """No element, attribute or link that a hostile page could have put there."""
    tree = LexborHTMLParser(html)
    for script in tree.css("script"):
        assert "alert" not in (script.text() or "") and "evil" not in (script.attributes.get("src") or "")
    for node in tree.css("*"):
        for name, value in node.attributes.items():
            assert not name.lower().startswith("on"), f"{node.tag} has {name}={value!r}"
            assert not (value or "").strip().lower().startswith("javascript:"), f"{node.tag} {name}={value!r}"
    # "**bold**", "_it_", "<b ...>Evil", "# Heading" stay text; the templates' own "**Speaker**" is fine.
    emphasised = {node.text().strip() for node in tree.css("b, strong, em, i, h1, h2, h3")}
    assert not emphasised & {"bold", "it", "Evil", "Heading", "yes"}
    for link in tree.css("a[href]"):
        assert "evil.example" not in link.attributes["href"] and "void" not in link.attributes["href"]
    for image in tree.css("img[src]"):
        assert "evil.example" not in image.attributes["src"] or " " in image.attributes["src"]
    assert "51337" not in html  # {{ 7*7191 }} was never evaluated


def test_hostile_text_in_the_post_is_inert_markdown(hostile_build):
    _, result = hostile_build
    post = result.outputs.post.split("\n+++\n", 1)[1]
    assert "{{<" not in post and "{{%" not in post  # no shortcode can open
    assert "<script" not in post and "<img" not in post and "<b " not in post
    assert "51337" not in post
    rendered = markdown.markdown(post)
    assert_no_markup_from_pages(rendered)
    text = LexborHTMLParser(rendered).body.text()
    for values in HOSTILE.values():  # each title shows as its own literal text
        assert clean(values["title"]) in clean(text)
    assert "Eve <b onmouseover=alert>Evil" in text


def test_hostile_text_in_the_email_is_escaped(hostile_build):
    _, result = hostile_build
    html = result.outputs.html
    assert_no_markup_from_pages(html)
    text = LexborHTMLParser(html).body.text()
    for values in HOSTILE.values():
        assert clean(values["title"]) in clean(text)
        assert values["site"] in text


def test_hostile_text_in_the_text_part_is_literal(hostile_build):
    _, result = hostile_build
    text = result.outputs.text.replace("\u00a0", " ")  # (a short fact's no-break spaces)
    assert "51337" not in text
    for values in HOSTILE.values():
        assert values["site"] in text
    assert "{{ 7*7191 }} {% raw %}{{ settings }}{% endraw %} {# comment #}" in clean(text)


@pytest.mark.skipif(HUGO is None, reason="needs the hugo binary (Debian package `hugo`)")
def test_hugo_renders_the_hostile_post_as_text(hostile_build):
    root, result = hostile_build
    site = root / "site"
    run = subprocess.run([HUGO, "--panicOnWarning", "--quiet"], cwd=site, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr + run.stdout  # an unknown shortcode would have failed it
    page = (site / "public" / "posts" / result.outputs.post_slug / "index.html").read_text(encoding="utf-8")
    assert_no_markup_from_pages(page)
    text = LexborHTMLParser(page).body.text()
    assert "<script>alert(" in text and "<img src=x onerror=alert(1)>" in text  # Hugo curls the quotes
    assert "{{< shortcode >}}" in text and "{{ 7*7191 }}" in text


# Every failure at once


@pytest.fixture
def raw_server():
    """A bare socket server, for what HTTP servers will not do: reset the connection."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.05)
    stop = threading.Event()

    def loop():
        while not stop.is_set():
            with contextlib.suppress(TimeoutError, OSError):
                connection, _ = listener.accept()
                with connection:
                    connection.recv(65536)
                    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/reset"
    stop.set()
    thread.join()
    listener.close()


def _pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.add_metadata({"/Title": "A report in a PDF", "/Author": "Jane Roe"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _then_ok(status: int, headers: dict, title: str):
    calls = []

    def handler(_request):
        calls.append(1)
        if len(calls) == 1:
            return Response("busy", status=status, headers=headers)
        return Response(f"<html><head><title>{title}</title></head></html>", content_type="text/html")

    return handler


@pytest.fixture
def failing_links(server, raw_server, release, monkeypatch):
    """Entry name -> (URL, the failure's reason, or the title the entry should get)."""
    # The test server is on 127.0.0.1: treat that one address as public, so that private addresses
    # are refused as by default, and a redirect to one is caught.
    from newsletter.links import addresses

    public = addresses.is_public_address
    monkeypatch.setattr(addresses, "is_public_address", lambda address: address == "127.0.0.1" or public(address))

    def drip():
        yield b"<html><head>"
        while not release.wait(0.05):
            yield b" "

    bomb = zlib.compressobj(1, zlib.DEFLATED, 31)
    gzip_bomb = b"".join(bomb.compress(bytes(1 << 20)) for _ in range(20)) + bomb.flush()
    html = "<!DOCTYPE html><html><head>{}</head><body>{}</body></html>"
    serve = server.expect_request
    serve("/slow").respond_with_handler(lambda _: release.wait(5) and Response("late"))
    serve("/drip").respond_with_handler(lambda _: Response(drip(), content_type="text/html"))
    serve("/missing").respond_with_data("no", status=404)
    serve("/gone").respond_with_data("gone", status=410)
    serve("/busy").respond_with_handler(_then_ok(429, {"Retry-After": "1"}, "Busy, then fine"))
    serve("/flaky").respond_with_handler(_then_ok(500, {}, "Flaky, then fine"))
    serve("/loop-a").respond_with_data("", status=302, headers={"Location": "/loop-b"})
    serve("/loop-b").respond_with_data("", status=302, headers={"Location": "/loop-a"})
    serve("/inward").respond_with_data("", status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"})
    serve("/huge-html").respond_with_data(
        html.format("<title>Big but fine</title>", "x" * 3_000_000), content_type="text/html"
    )
    serve("/huge-download").respond_with_data(b"%PDF-1.7\n" + bytes(2_000_000), content_type="application/pdf")
    serve("/bomb").respond_with_data(gzip_bomb, content_type="text/html", headers={"Content-Encoding": "gzip"})
    serve("/ja").respond_with_data(
        html.format('<meta charset="Shift_JIS"><title>東京の天気</title>', "").encode("shift_jis"),
        content_type="text/html",
    )
    french = "<p>Crème brûlée, déjà vu, a naïve résumé — “quoted” and ‘single’… €5</p>"
    serve("/fr").respond_with_data(
        html.format("<title>Café society — “quoted”</title>", french).encode("cp1252"), content_type="text/html"
    )
    serve("/report.pdf").respond_with_data(_pdf(), content_type="application/pdf")
    serve("/empty").respond_with_data(b"", content_type="text/html")
    broken = "<html><head><title>Broken but readable</title><meta name=author content='Jane<body><div><p>text</b></i>"
    serve("/broken").respond_with_data(broken + "</div></div></span><td>", content_type="text/html")
    refused = (
        "refused: 169.254.169.254 resolves to 169.254.169.254, a link-local or cloud-metadata address, never fetched"
    )
    return {
        "timeout": (url_of(server, "/slow"), "timed out after 0.5 s"),
        "slow-body": (url_of(server, "/drip"), "timed out after 1.5 s"),
        "not-found": (url_of(server, "/missing"), "HTTP 404 Not Found"),
        "gone": (url_of(server, "/gone"), "HTTP 410 Gone"),
        "too-many-requests": (url_of(server, "/busy"), {"title": "Busy, then fine"}),
        "server-error": (url_of(server, "/flaky"), {"title": "Flaky, then fine"}),
        "redirect-loop": (url_of(server, "/loop-a"), "redirect loop"),
        "private-redirect": (url_of(server, "/inward"), refused),
        "oversized-page": (url_of(server, "/huge-html"), {"title": "Big but fine"}),
        "oversized-file": (url_of(server, "/huge-download"), "response larger than 1 MB"),
        "gzip-bomb": (url_of(server, "/bomb"), {"title": None}),
        "shift-jis": (url_of(server, "/ja"), {"title": "東京の天気"}),
        "windows-1252": (url_of(server, "/fr"), {"title": "Café society — “quoted”"}),
        "pdf": (url_of(server, "/report.pdf"), {"title": "A report in a PDF"}),
        "empty": (url_of(server, "/empty"), "empty response"),
        "malformed": (url_of(server, "/broken"), {"title": "Broken but readable"}),
        "reset": (raw_server, "connection reset, after 3 attempts"),
    }


def test_a_build_over_every_failure_finishes_renders_everything_and_lists_each_failure_once(
    failing_links, tmp_path, monkeypatch
):
    root = make_workspace(
        tmp_path / "ws",
        {name: url for name, (url, _) in failing_links.items()},
        fetch="allow_private_addresses = false",
    )
    results = []

    def keep(*args, **kwargs):
        results.append(real_build(*args, **kwargs))
        return results[-1]

    real_build = build_module.build
    monkeypatch.setattr(build_module, "build", keep)
    cli = CliRunner().invoke(main, ["build", "2021-02", "-w", str(root)], catch_exceptions=False)
    assert cli.exit_code == 0, cli.output
    (result,) = results

    expected_failures = {url: outcome for url, outcome in failing_links.values() if isinstance(outcome, str)}
    assert {failure.url: failure.reason for failure in result.failures} == expected_failures
    assert len(result.failures) == len(expected_failures)  # each once
    assert f"{len(expected_failures)} links could not be fetched" in cli.stderr
    for url, reason in expected_failures.items():
        assert cli.stderr.count(url) == 1, url
        assert f"  {url}: {reason}\n" in cli.stderr

    entries = {entry.url: entry for entry in result.edition.entries}
    assert len(entries) == len(failing_links)
    for name, (url, outcome) in failing_links.items():
        entry = entries[url]
        if isinstance(outcome, dict):
            assert entry.meta.title == outcome["title"], name
        assert f"]({url})" in result.outputs.post, name  # every entry is in the post...
        assert f'href="{url}"' in result.outputs.html, name  # ...the email...
        assert url in result.outputs.text, name  # ...and its text part
        assert f"My own note on {name}." in result.outputs.post
    assert (root / "dist" / "2021-02" / "newsletter.eml").is_file()


def test_an_imported_title_loses_the_site_name_its_page_gives(tmp_path, server):
    """Sam's bookmark of 'Taming p99: hedged requests in our edge proxy | Acme Streaming
    Engineering' (the tab's title; engineering.acme-stream.com names no such site) went into the
    email and the post whole: import cuts only a site name it can tell from the host. The page's
    og:site_name tells it at build; a title written by hand, or one whose end is not the site
    (a subtitle), is left as it is."""
    page = (
        '<html><head><title>Taming p99 | Acme Streaming Engineering</title><meta property="og:site_name" '
        'content="Acme Streaming Engineering"><meta property="og:title" content="Taming p99"></head></html>'
    )
    server.expect_request("/hedging").respond_with_data(page, content_type="text/html")
    url = url_of(server, "/hedging")
    root = make_workspace(tmp_path / "ws", {"imported": url, "by-hand": url + "?a=1", "subtitle": url + "?a=2"})
    folder = root / "entries/2021/02"
    mark = f'imported: {{source: "bookmarks-html", id: "{url}", url: "{url}"}}\n'
    for name, title, imported in (
        ("imported", "Taming p99 | Acme Streaming Engineering", True),
        ("by-hand", "Taming p99 | Acme Streaming Engineering", False),
        ("subtitle", "Taming p99 | Part two", True),
    ):
        path = folder / f"{name}.md"
        head = f'title: "{title}"\n' + (mark if imported else "")
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("---\nMy own", head + "---\nMy own", 1), encoding="utf-8")
    build(root, "2021-02")
    text = (root / "dist/2021-02/newsletter.txt").read_text(encoding="utf-8")
    post = next((root / "site/content/posts").glob("*/index.md")).read_text(encoding="utf-8")
    titles = [line for line in text.splitlines() if line.startswith("Taming p99")]
    assert titles == ["Taming p99 [1]", "Taming p99 | Acme Streaming Engineering [2]", "Taming p99 | Part two [3]"]
    assert f"## [Taming p99]({url})" in post
    assert "imported" in (folder / "imported.md").read_text(encoding="utf-8")  # the file is untouched
    assert "Acme Streaming Engineering" in (folder / "imported.md").read_text(encoding="utf-8")


def test_an_enriched_entry_is_a_copy_made_as_replace_makes_it(example_workspace):
    """enrich copies each entry with its metadata (enrich._changed) as dataclasses.replace does,
    without walking the fields through __init__: only right while Entry has no __post_init__ and
    no field outside __init__. The entry it was given is left as it was: the reader keeps the
    entries it parsed for the process's next read of the same file (files/kept_reads.py), and a
    second build of the edition must not find the first one's metadata in them."""
    import dataclasses

    from newsletter import config, enrich, read
    from newsletter.models import Entry, Metadata, Period

    assert not hasattr(Entry, "__post_init__") and all(f.init for f in dataclasses.fields(Entry))
    settings = config.load(example_workspace)
    [entry, *_] = read.read_period(settings.entries_dir, Period.parse("2021-02", settings.week_start))[0]
    meta = Metadata(title="Fetched", authors=["Ann"], extras={"stars": 3})
    made = enrich._changed(entry, meta=meta, title="Mine")
    assert made == dataclasses.replace(entry, meta=meta, title="Mine") and made is not entry
    assert entry.meta == Metadata() and entry.title != "Mine"
    again = read.read_period(settings.entries_dir, Period.parse("2021-02", settings.week_start))[0][0]
    assert again is entry and again.meta == Metadata()  # the kept entry, as read
