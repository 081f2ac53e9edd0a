"""The preview server: real HTTP on 127.0.0.1, rebuilding when an entry changes."""

import http.client
import re
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from selectolax.lexbor import LexborHTMLParser

from newsletter.commands.preview import Preview, serve
from newsletter.resources import default_templates


@pytest.fixture
def server(example_workspace):
    preview = Preview(example_workspace, "2020-W28", offline=True)
    httpd = serve(preview, port=0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    stop = threading.Event()
    threading.Thread(target=preview.watch, kwargs={"interval": 0.05, "stop": stop}, daemon=True).start()
    yield preview, f"http://127.0.0.1:{httpd.server_address[1]}"
    stop.set()
    httpd.shutdown()


def get(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.headers["Content-Type"], response.read().decode()


def test_serves_the_email_text_and_post(server):
    preview, base = server
    kind, email = get(base + "/email.html")
    assert kind == "text/html; charset=utf-8" and email == preview.result.outputs.html
    assert "JAX: Accelerated Machine Learning Research" in get(base + "/text")[1]
    post = get(base + "/post")[1]
    assert '<h2>[Talk] <a href="https://www.youtube.com/watch?v=z-WSrQDXkuM">' in post
    assert '<iframe src="/email.html"' in get(base + "/")[1]


def test_a_french_workspaces_preview_page_is_french(example_workspace):
    """The preview page said lang="en" over a French post and its text part (screen readers read
    them out, and the browser hyphenated them, as English), and its own words were English:
    "Plain text", "7 entries", "build 1". It is in the workspace's language, in its words."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "fr"', 1))
    preview = Preview(example_workspace, "2020-W28", offline=True)
    count = len(preview.result.edition.entries)
    for path, tag in (("/post", "article"), ("/text", "pre")):
        page = LexborHTMLParser(preview.page(path)[2].decode())
        assert (page.css_first("html").attributes["lang"], page.css_first("html").attributes["dir"]) == ("fr", "ltr")
        assert (page.css_first(tag).attributes.get("lang"), page.css_first(tag).attributes.get("dir")) == ("fr", "ltr")
        assert [a.text() for a in page.css("nav a")] == ["E-mail", "Texte brut", "Article de blog"]
        assert page.css_first("nav .status").text() == f"2020-W28 · {count} entrées · génération 1"
        assert page.css_first("title").text().endswith(" · aperçu")
    frames = LexborHTMLParser(preview.page("/")[2].decode()).css("iframe")
    assert [frame.attributes["title"] for frame in frames] == ["E-mail, 600 px", "E-mail, téléphone"]


def test_an_english_workspaces_preview_page_says_what_it_always_said(example_workspace):
    preview = Preview(example_workspace, "2020-W28", offline=True)
    page = LexborHTMLParser(preview.page("/")[2].decode())
    assert page.css_first("html").attributes["lang"] == "en"
    assert [a.text() for a in page.css("nav a")] == ["Email", "Plain text", "Blog post"]
    count = len(preview.result.edition.entries)
    assert page.css_first("nav .status").text() == f"2020-W28 · {count} entries · build 1"
    assert [frame.attributes["title"] for frame in page.css("iframe")] == ["Email, 600 px", "Email, phone"]


def test_a_right_to_left_previews_status_keeps_its_period_whole(example_workspace):
    """Noa's Hebrew preview (new user 30) said "W49 · 7 entries · build 1-2026" in Chromium: the
    week's key "2026-W49", digits first, and the English words the preview says in a language it
    does not speak, laid out right to left with the page, took the year to the far end of the line.
    The key is isolated left to right, and the line takes its words' direction (a <bdi>)."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "he"', 1))
    preview = Preview(example_workspace, "2020-W28", offline=True)
    page = LexborHTMLParser(preview.page("/")[2].decode())
    assert page.css_first("html").attributes["dir"] == "rtl"
    line = page.css_first("nav .status > bdi")  # its own direction, by its words (a bdi's dir is auto)
    assert line is not None and "dir" not in line.attributes
    key = page.css_first("nav .status bdi bdi")
    assert (key.text(), key.attributes.get("dir")) == ("2020-W28", "ltr")
    assert page.css_first("nav .status").text().startswith("2020-W28 · ")


def test_rebuilds_when_an_entry_changes(server, example_workspace):
    preview, base = server
    version = int(get(base + "/version")[1])
    entry = example_workspace / "entries/2020/07/ray.md"
    entry.write_text(entry.read_text().replace("Sounds cool!", "Sounds very cool!"))
    deadline = time.time() + 5
    while int(get(base + "/version")[1]) == version and time.time() < deadline:
        time.sleep(0.05)
    assert "Sounds very cool!" in get(base + "/email.html")[1]


def events(base: str):
    """The preview's server-sent events, as a browser's EventSource reads them: each `data:`."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", "/events")
    response = connection.getresponse()
    assert response.status == 200 and response.headers["Content-Type"] == "text/event-stream"
    while line := response.readline():
        if line.startswith(b"data: "):
            yield int(line[6:])


def test_the_page_is_told_to_reload_after_a_save(server, example_workspace):
    preview, base = server
    stream = events(base)
    assert next(stream) == preview.version  # at once, so a page built earlier reloads
    page = get(base + "/")[1]
    assert "new EventSource('/events')" in page and "setInterval" not in page
    entry = example_workspace / "entries/2020/07/ray.md"
    entry.write_text(entry.read_text().replace("Sounds cool!", "Sounds pushed!"))
    assert next(stream) == preview.version  # pushed when the rebuild is done, no polling
    assert "Sounds pushed!" in get(base + "/email.html")[1]


def test_an_entry_vim_saves_is_built_once_with_it_never_without_it(server, example_workspace):
    """Vim saves by renaming the entry to ray.md~ and writing ray.md anew (its default on Linux):
    new user 58's (Ingrid's) preview looked in between, built the edition without the entry and
    reloaded the page into it, then built it again with the entry and reloaded it again, once a
    save in five in Chromium. The edition is built once, from the file as saved."""
    preview, base = server
    entry = example_workspace / "entries/2020/07/ray.md"
    stream = events(base)
    version = next(stream)
    text = entry.read_text().replace("Sounds cool!", "Sounds saved by vim!")
    backup = entry.with_name("ray.md~")
    entry.rename(backup)
    time.sleep(0.15)  # vim writes the new file and syncs it; the preview looks every 0.05 s
    entry.write_text(text)
    backup.unlink()
    assert next(stream) == version + 1
    assert "ray.md" in {built.path.name for built in preview.result.edition.entries}
    assert "Sounds saved by vim!" in preview.result.outputs.text
    time.sleep(0.6)
    assert preview.version == version + 1


def test_the_sites_address_changed_rebuilds(server, example_workspace):
    """The email links the edition's web page and the post's pictures at the site's address,
    baseURL in site/hugo.toml: new user 58 (Ingrid) moved her blog under /blog/ with preview open,
    and the page kept the old links until her next save of an entry, while `build` wrote the new."""
    preview, base = server
    version = preview.version
    assert "https://ericmjl.github.io/newsletter/" in get(base + "/email.html")[1]
    settings = example_workspace / "site/hugo.toml"
    settings.write_text(settings.read_text().replace("https://ericmjl.github.io/", "https://moved.example/blog/"))
    deadline = time.time() + 5
    while preview.version == version and time.time() < deadline:
        time.sleep(0.05)
    assert "https://moved.example/blog/newsletter/" in get(base + "/email.html")[1]


def test_an_editors_swap_file_is_no_rebuild(server, example_workspace):
    preview, _ = server
    version = preview.version
    (example_workspace / "entries/2020/07/.ray.md.swp").write_bytes(b"vim")
    time.sleep(0.3)
    assert preview.version == version


def test_a_broken_entry_shows_the_problem_and_keeps_the_last_good_build(server, example_workspace):
    preview, base = server
    version = preview.version
    (example_workspace / "entries/2020/07/bad.md").write_text("---\ntype: talk\n---\n")
    deadline = time.time() + 5
    while preview.version == version and time.time() < deadline:
        time.sleep(0.05)
    page = get(base + "/")[1]
    assert "bad.md: missing `url`" in page
    assert "JAX" in get(base + "/email.html")[1]


def test_broken_settings_show_the_problem_and_fixing_them_rebuilds(server, example_workspace):
    """A newsletter.toml saved with a mistake was never reported (the watcher skipped it as a
    file mid-save, forever), and one broken between the watcher's look and the rebuild's raised
    out of the watcher thread, which died: the preview then never rebuilt again."""
    preview, base = server
    settings = example_workspace / "newsletter.toml"
    good = settings.read_text()
    version = preview.version
    settings.write_text(good.replace("[newsletter]", "[newsletter", 1))
    deadline = time.time() + 5
    while preview.version == version and time.time() < deadline:
        time.sleep(0.05)
    assert "newsletter.toml" in preview.problem and "newsletter.toml" in get(base + "/")[1]
    version = preview.version
    settings.write_text(good)
    entry = example_workspace / "entries/2020/07/ray.md"
    entry.write_text(entry.read_text().replace("Sounds cool!", "Sounds fixed!"))
    deadline = time.time() + 5
    while "Sounds fixed!" not in get(base + "/email.html")[1] and time.time() < deadline:
        time.sleep(0.05)
    assert "Sounds fixed!" in get(base + "/email.html")[1] and preview.problem == ""
    settings.write_text(good.replace("[newsletter]", "[newsletter", 1))
    preview.rebuild()  # broken as the rebuild lists its inputs: reported, not raised
    assert "newsletter.toml" in preview.problem


def start(root):
    """A preview server of 2020-W28 in `root`, on a free port; returns its port and a stopper."""
    preview = Preview(root, "2020-W28", offline=True)
    httpd = serve(preview, port=0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd.server_address[1], httpd.shutdown


def get_with_host(port: int, path: str, host: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.putrequest("GET", path, skip_host=True)
    connection.putheader("Host", host)
    connection.endheaders()
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response.status, body


def test_answers_only_to_its_own_host_names(server):
    preview, base = server
    port = int(base.rsplit(":", 1)[1])
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
        assert get_with_host(port, "/email.html", host) == (200, preview.result.outputs.html)
    # A hostile page reaching 127.0.0.1 through its own name (DNS rebinding) sends its own Host.
    for host in (f"attacker.example:{port}", "127.0.0.1", f"127.0.0.1:{port + 1}", f"127.0.0.1.nip.io:{port}", ""):
        status, body = get_with_host(port, "/email.html", host)
        assert (status, body) == (421, f"The preview answers only at http://127.0.0.1:{port}/."), host


def preview_post(root) -> tuple[str, LexborHTMLParser]:
    port, stop = start(root)
    try:
        status, page = get_with_host(port, "/post", f"127.0.0.1:{port}")
    finally:
        stop()
    assert status == 200
    return page, LexborHTMLParser(page)


def test_the_post_is_rendered_as_hugo_renders_it_without_raw_html(example_workspace):
    (example_workspace / "entries/2020/07/script.md").write_text(
        "---\ntype: article\nurl: https://example.com/s\ndate: 2020-07-08\ntitle: Scripted\n---\n"
        "Before <script>alert(1)</script> and <img src=x onerror=alert(2)> and "
        "[x](JaVaScRiPt:alert(3)) after.\n"
    )
    page, tree = preview_post(example_workspace)
    assert not [s for s in tree.css("script") if "alert" in s.text()]
    assert not tree.css("[onerror]")
    assert all(not (a.attributes.get("href") or "").lower().startswith("javascript:") for a in tree.css("a"))
    assert "Before" in page and "after." in page


def test_a_notes_raw_html_is_left_out_as_hugo_leaves_it_out_not_shown_as_text(example_workspace):
    """Hugo (unsafe = false) leaves a note's `<br>`, `<details>` and `<friends>` out of the post;
    the preview showed them as text. The post now holds the words without the tags, for such a
    site (formats/raw_html.py): a `<br>` is a line break, and no "raw HTML omitted" is left."""
    (example_workspace / "entries/2020/07/raw.md").write_text(
        "---\ntype: article\nurl: https://example.com/s\ndate: 2020-07-08\ntitle: Raw\n---\n"
        "Line one<br>line two, and my <friends>.\n\n<details>\n<summary>More</summary>\n\nHidden\n\n</details>\n\n"
        "Kept: `<code>` and \\<b>.\n"
    )
    page, tree = preview_post(example_workspace)
    assert "<p>Line one<br />\nline two, and my .</p>" in page
    assert "<p>More</p>\n<p>Hidden</p>\n<p>Kept" in page and "raw HTML omitted" not in page
    assert "<p>Kept: <code>&lt;code&gt;</code> and &lt;b&gt;.</p>" in page
    assert "&lt;br&gt;" not in page and "&lt;details&gt;" not in page and "&lt;friends&gt;" not in page


def test_the_posts_quotes_dashes_and_dots_are_hugos_typographers(example_workspace, hugo):
    """Hugo's Goldmark makes a note's straight quotes, `--`, `---` and `...` typographic by default
    (its typographer extension): new user 58's (Ingrid's) blog said “thank you” and O’Brien, as
    her email did, where the preview's post said "thank you" and O'Brien. A code span keeps its own."""
    from newsletter.build import build

    from hugo_versions import hugo_build

    note = 'Slides are up; "thank you" to Elle O\'Brien -- and \'all\' --- of you... Kept: `"as -- typed"`.'
    (example_workspace / "entries/2020/07/quoted.md").write_text(
        f"---\ntype: article\nurl: https://example.com/q\ndate: 2020-07-08\ntitle: Quoted\n---\n{note}\n"
    )
    _, tree = preview_post(example_workspace)
    build(example_workspace, "2020-W28", offline=True)
    hugo_build(hugo, example_workspace / "site")
    [blog] = [
        LexborHTMLParser(page.read_text())
        for page in (example_workspace / "site/public/posts").glob("*/index.html")
        if "Slides are up" in page.read_text()
    ]
    said = [[p.text() for p in page.css("p") if "Slides are up" in p.text()] for page in (tree, blog)]
    typographic = 'Slides are up; “thank you” to Elle O’Brien – and ‘all’ — of you… Kept: "as -- typed".'
    assert said[0] == said[1] == [typographic]


def test_the_posts_front_matter_is_parsed_not_split_on_plus_signs(example_workspace):
    editorial = example_workspace / "entries/2020/07/_2020-W28.md"
    editorial.write_text(editorial.read_text().replace("---\n", '---\ntitle: "C++ +++ notes"\n', 1))
    page, tree = preview_post(example_workspace)
    assert [node.text() for node in tree.css("article h1")] == ["C++ +++ notes"]
    assert "slug =" not in page and "categories =" not in page and "&lt;!--more--&gt;" not in page
    assert tree.css("article h2")[0].text().startswith("[Talk] JAX")


def test_the_posts_bare_urls_are_links_as_hugos_linkify_makes_them(example_workspace):
    (example_workspace / "entries/2020/07/bare.md").write_text(
        "---\ntype: article\nurl: https://example.com/s\ndate: 2020-07-08\ntitle: Bare\n---\n"
        "Code at https://github.com/google/model_search and docs at www.example.org.\n"
    )
    page, tree = preview_post(example_workspace)
    hrefs = {a.attributes.get("href") for a in tree.css("article a")}
    assert {"https://github.com/google/model_search", "http://www.example.org"} <= hrefs


def test_a_month_without_entries_yet_rebuilds_when_its_first_entry_is_saved(example_workspace):
    """Previewing a month before writing its first entry: entries/YYYY/MM/ did not exist, so
    nothing was watched and the first entry went unseen; and the error page was plain text,
    without the script that reloads it once a build succeeds."""
    preview = Preview(example_workspace, "2031-01", offline=True)
    httpd = serve(preview, port=0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    stop = threading.Event()
    threading.Thread(target=preview.watch, kwargs={"interval": 0.05, "stop": stop}, daemon=True).start()
    port = httpd.server_address[1]
    try:
        status, page = get_with_host(port, "/", f"127.0.0.1:{port}")
        assert status == 500 and "No entries for 2031-01" in page and "new EventSource('/events')" in page
        time.sleep(0.3)  # a few looks of the watcher first, as while the writer starts typing
        folder = example_workspace / "entries/2031/01"
        folder.mkdir(parents=True)
        ray = (example_workspace / "entries/2020/07/ray.md").read_text()
        (folder / "ray.md").write_text(ray.replace("date: 2020-07-08", "date: 2031-01-08"))
        deadline = time.time() + 5
        while preview.result is None and time.time() < deadline:
            time.sleep(0.05)
        assert get_with_host(port, "/email.html", f"127.0.0.1:{port}")[0] == 200
        assert "Ray: A System for Scalable Python" in get_with_host(port, "/text", f"127.0.0.1:{port}")[1]
    finally:
        stop.set()
        httpd.shutdown()


def test_the_post_shows_a_picture_kept_beside_its_entry(example_workspace):
    """Ines's '![Mapa de atenção](mapa-atencao.png)', kept beside her entry, which the build
    copies into the post's bundle: the preview's blog post showed a broken image, asking for
    /mapa-atencao.png and getting a 404. Only a picture a note shows is served."""
    folder = example_workspace / "entries/2020/07"
    entry = folder / "jax.md"
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
    (folder / "mapa atencao.png").write_bytes(png)
    (folder / "unshown.png").write_bytes(png)
    entry.write_text(entry.read_text() + "\n![Mapa de atenção](<mapa atencao.png>)\n")
    preview = Preview(example_workspace, "2020-W28", offline=True)
    httpd = serve(preview, port=0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        img = LexborHTMLParser(get(base + "/post")[1]).css_first('img[alt="Mapa de atenção"]')
        address = urllib.parse.urljoin(base + "/post", img.attributes["src"])
        with urllib.request.urlopen(address, timeout=5) as response:
            assert (response.headers["Content-Type"], response.read()) == ("image/png", png)
        for unserved in ("/unshown.png", "/" + entry.name, "/../../newsletter.toml"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(base + unserved, timeout=5)
            assert refused.value.code == 404
    finally:
        httpd.shutdown()


def test_the_post_shows_a_picture_kept_beside_the_editions_own_words(example_workspace):
    """New user 58 (Ingrid) showed a picture of Oslo in her month's intro, kept beside its _index.md:
    the build copies it into the post's bundle and her blog showed it, but the preview's post
    showed a broken image (a 404 for /oslo.png), serving only the entries' pictures."""
    folder = example_workspace / "entries/2020/07"
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
    (folder / "oslo.png").write_bytes(png)
    editorial = folder / "_2020-W28.md"
    editorial.write_text(editorial.read_text() + "\n![Oslo at night](oslo.png)\n")
    port, stop = start(example_workspace)
    base = f"http://127.0.0.1:{port}"
    try:
        img = LexborHTMLParser(get(base + "/post")[1]).css_first('img[alt="Oslo at night"]')
        with urllib.request.urlopen(urllib.parse.urljoin(base + "/post", img.attributes["src"]), timeout=5) as response:
            assert (response.headers["Content-Type"], response.read()) == ("image/png", png)
    finally:
        stop()


def test_a_paragraph_against_the_posts_direction_is_laid_out_in_its_own_not_shown_with_its_line(example_workspace):
    """Layla's Arabic post carries an English quote with Goldmark's `{dir="ltr"}` line after it,
    which the blog reads as the paragraph's direction; the preview showed the line as text under
    the quote, and the quote right to left. The paragraph gets its `dir`, and the line goes."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "ar"', 1))
    (example_workspace / "entries/2020/07/quote.md").write_text(
        "---\ntype: article\nurl: https://example.com/q\ndate: 2020-07-08\ntitle: مكتبة\n---\n"
        "مقال جميل عن المكتبات العامة.\n\n> The library is the last quiet place. Is it?\n"
    )
    page, tree = preview_post(example_workspace)
    assert "{dir=" not in page
    (quote,) = [p for p in tree.css("blockquote p") if "last quiet place" in p.text()]
    assert quote.attributes.get("dir") == "ltr" and quote.text().strip().endswith("Is it?")


def test_an_entry_in_another_language_is_previewed_in_it_without_its_lines(example_workspace):
    """Layla's English entry (language: en) in her Arabic post ends each paragraph, list and table
    in `{lang="en" dir="ltr"}`, Goldmark's block attributes; the preview read only `{dir="…"}`
    (4b9dbf5, merged beside langent's lines) and showed the rest as text: under each paragraph,
    in the list's last item, and as the table's last row. Each block gets its lang and dir."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "ar"', 1))
    (example_workspace / "entries/2020/07/english.md").write_text(
        "---\ntype: article\nurl: https://example.com/e\ndate: 2020-07-08\ntitle: Libraries\nlanguage: en\n---\n"
        "A fine essay on public libraries.\n\n- Quiet rooms.\n- Free books.\n\n"
        "| City | Libraries |\n|---|---|\n| Amman | 12 |\n"
    )
    page, tree = preview_post(example_workspace)
    assert "{lang=" not in page and "{dir=" not in page
    (said,) = [p for p in tree.css("p") if "public libraries" in p.text()]
    (listed,) = [ul for ul in tree.css("ul") if "Free books" in ul.text()]
    (table,) = [t for t in tree.css("table") if "Amman" in t.text()]
    for block in (said, listed, table):
        assert (block.attributes.get("lang"), block.attributes.get("dir")) == ("en", "ltr"), block.html[:80]
    assert len(table.css("tr")) == 2
    # its title's heading ends in `{lang="en"}` (Amara's French titles, new user 41): the heading's
    (heading,) = [h2 for h2 in tree.css("h2") if "Libraries" in h2.text()]
    assert heading.attributes.get("lang") == "en" and heading.text().strip().endswith("Libraries")


def test_a_tab_left_open_reloads_when_the_preview_is_started_again_on_its_port(example_workspace):
    """New user 49 (Léa) stopped the preview, changed her template and started it again on the same
    port: the open tab, told the new preview's first version, "1" as its own page's, kept the
    email as it was before her change."""
    first = Preview(example_workspace, "2020-W28", offline=True)
    httpd = serve(first, port=0)
    port = httpd.server_address[1]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    page = get(f"http://127.0.0.1:{port}/")[1]
    seen = int(re.search(r"const seen = (\d+);", page)[1])
    assert LexborHTMLParser(page).css_first("nav .status").text().endswith(" · build 1")  # as it was
    httpd.shutdown()
    httpd.server_close()
    (example_workspace / "templates").mkdir()
    (example_workspace / "templates/email.txt.j2").write_text("Changed while stopped\n")
    again = serve(Preview(example_workspace, "2020-W28", offline=True), port=port)
    threading.Thread(target=again.serve_forever, daemon=True).start()
    try:
        assert next(events(f"http://127.0.0.1:{port}")) != seen  # so the tab reloads
        assert get(f"http://127.0.0.1:{port}/text.txt")[1] == "Changed while stopped\n"
    finally:
        again.shutdown()
        again.server_close()


def test_the_page_says_what_the_authors_own_template_breaks_of_email_safe(server, example_workspace):
    """Léa (new user 49) recoloured her copy of the email template for an hour in the preview: a
    pale grey line there was said to fail only by `send`, at the end, not on the page she watched."""
    preview, base = server
    (example_workspace / "templates").mkdir()
    template = example_workspace / "templates/email.mjml.j2"
    shutil.copy(default_templates() / "email.mjml.j2", template)
    heading = '<mj-text padding="0 28px 6px"><h1>{{ edition.subject }}</h1></mj-text>'
    version = preview.version
    template.write_text(template.read_text().replace(heading, heading + '<mj-text color="#d6d6d6">Le carnet</mj-text>'))
    deadline = time.time() + 5
    while preview.version == version and time.time() < deadline:
        time.sleep(0.05)
    notice = LexborHTMLParser(get(base + "/")[1]).css_first(".notice")
    assert notice is not None and notice.text().startswith(
        'templates/email.mjml.j2: "Le carnet" is #d6d6d6 on #ffffff in light mode: 1.5:1, under 4.5:1'
    )
    version = preview.version
    template.write_text(template.read_text().replace("#d6d6d6", "#57606a"))  # fixed: the notice goes
    deadline = time.time() + 5
    while preview.version == version and time.time() < deadline:
        time.sleep(0.05)
    assert LexborHTMLParser(get(base + "/")[1]).css_first(".notice") is None


def test_a_port_past_the_last_is_refused_by_the_command_line(example_workspace):
    """`preview --port 99999` ended in socketserver's OverflowError traceback: refused as `capture`
    refuses it, naming the option and its range."""
    from click.testing import CliRunner

    from newsletter.cli import main

    result = CliRunner().invoke(main, ["preview", "-w", str(example_workspace), "--port", "99999"])
    assert result.exit_code == 2 and "'--port': 99999 is not in the range 0<=x<=65535" in result.output


def test_a_warning_a_rebuild_brings_is_said_once_in_the_terminal(example_workspace, monkeypatch):
    """New user 52's (Ben's) sync client put a conflict copy of an entry beside it while the
    preview ran: the terminal said 'Rebuilt', and nothing of the copy left out of the edition."""
    import _thread

    from newsletter.commands.preview import run

    monkeypatch.chdir(example_workspace)  # (paths are said from the current folder)
    entry = example_workspace / "entries/2020/07/ray.md"
    copy = entry.parent / "ray (Ben's conflicted copy 2020-07-09).md"
    said, saves = [], threading.Event()

    def say(line):
        said.append(line)
        if line.startswith("Previewing"):
            saves.set()

    def rebuilt(times):
        deadline = time.time() + 10
        while sum("Rebuilt" in line for line in said) < times and time.time() < deadline:
            time.sleep(0.05)

    def sync_client():
        saves.wait(10)
        copy.write_text(entry.read_text() + "From the phone.\n")
        rebuilt(1)
        entry.write_text(entry.read_text().replace("Sounds cool!", "Sounds cooler!"))  # a save after it
        rebuilt(2)
        time.sleep(0.5)  # (what it says after its 'Rebuilt')
        _thread.interrupt_main()  # Ctrl+C

    threading.Thread(target=sync_client, daemon=True).start()
    watchdog = threading.Timer(30, _thread.interrupt_main)
    watchdog.start()
    try:
        run(example_workspace, "2020-W28", 0, False, True, say)
    finally:
        watchdog.cancel()
    assert sum("Rebuilt" in line for line in said) == 2
    told = [line for line in said if "conflicted copy" in line]
    assert told == [
        "warning: entries/2020/07/ray (Ben's conflicted copy 2020-07-09).md: left out: a conflicted copy of ray.md, "
        "made by a sync client; merge what it adds into ray.md, then delete it"
    ]  # once, not again at the next save


def test_an_entry_a_sync_client_renames_over_with_its_old_mtime_is_rebuilt(example_workspace):
    """New user 52's (Ben's) entries had a 1980 mtime (unzipped on his phone); the sync client put
    his laptop's edit in place by a rename, with that mtime: the preview built nothing."""
    import os

    entry = example_workspace / "entries/2020/07/ray.md"
    then = 315532800 * 10**9
    os.utime(entry, ns=(then, then))
    preview = Preview(example_workspace, "2020-W28", offline=True)
    stop = threading.Event()
    threading.Thread(target=preview.watch, kwargs={"interval": 0.05, "stop": stop}, daemon=True).start()
    try:
        version = preview.version
        synced = entry.with_name(".syncthing.ray.md.tmp")
        synced.write_text(entry.read_text().replace("Sounds cool!", "Sounds synced!"))
        os.utime(synced, ns=(then, then))
        os.replace(synced, entry)
        deadline = time.time() + 5
        while preview.version == version and time.time() < deadline:
            time.sleep(0.05)
        assert "Sounds synced!" in preview.result.outputs.text
    finally:
        stop.set()


def test_a_year_is_refused_before_the_preview_serves_a_page_that_cannot_build(example_workspace):
    """Tomás ran `newsletter preview 2026` to look at his year in review before sending it: the
    preview started, said "Previewing 2026 at http://127.0.0.1:…", and served a page whose every
    build failed with "`build` takes a month", while it kept running. A period that can never
    build (the year's edition is `review`'s) is refused at once, naming preview and review."""
    ran = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsletter",
            "preview",
            "2021",
            "--no-open",
            "--port",
            "0",
            "-w",
            str(example_workspace),
        ],
        capture_output=True,
        text=True,
        timeout=60,  # (before the fix it served until stopped: TimeoutExpired)
    )
    assert ran.returncode == 1, ran.stderr
    assert "Previewing" not in ran.stdout + ran.stderr
    assert "`newsletter review 2021`" in ran.stderr and "`preview` takes a month (2021-01)" in ran.stderr, ran.stderr
