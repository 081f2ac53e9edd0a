"""Archived copies in the outputs: Robust Links in the post (a real Hugo build, both versions),
dead links as `check` recorded them, the email's model; `check --all`."""

import datetime as dt
import json
import re
import shutil
import tomllib

import pytest
from click.testing import CliRunner
from test_post_safety import HOSTILE_NOTES, write_notes
from werkzeug import Response

from newsletter.build import build
from newsletter.cli import main
from newsletter.commands.check import check
from newsletter.config import load
from newsletter.formats.post import split_post

from fake_wayback import FakeWayback
from hugo_versions import hugo_build

JAX = "https://www.youtube.com/watch?v=z-WSrQDXkuM"
RAY = "https://www.youtube.com/watch?v=XIu8ZF7RSkw"
JAX_COPY = f"https://web.archive.org/web/20200706120000/{JAX}"
RAY_COPY = f"https://web.archive.org/web/20200708000000/{RAY}"
HOSTILE = "https://example.com/hostile"
HOSTILE_COPY = "https://web.archive.org/web/20200708000000/https://example.com/hostile"
ARCHIVE = f"""
[[link]]
url = "{JAX}"
versionurl = "{JAX_COPY}"
versiondate = "2020-07-06T12:00:00Z"

[[link]]
url = "{RAY}"
versionurl = "{RAY_COPY}"
versiondate = "2020-07-08T00:00:00Z"
gone_reason = "HTTP 404"
gone_since = 2026-11-01
gone_seen = 2026-11-05

[[link]]
url = "{HOSTILE}"
versionurl = "{HOSTILE_COPY}"
versiondate = "2020-07-08T00:00:00Z"
"""


@pytest.fixture
def archived(example_workspace):
    (example_workspace / "entries/2020/07/_archive.toml").write_text(ARCHIVE)
    write_notes(example_workspace, HOSTILE_NOTES)
    return example_workspace


def test_the_post_lists_its_copies_and_a_dead_link_points_at_its_copy(archived):
    result = build(archived, "2020-W28", offline=True)
    meta, body = split_post(result.outputs.post)
    assert meta["robustlinks"] == [
        {
            "url": "https://www.youtube.com/watch?v=z-WSrQDXkuM",
            "versionurl": JAX_COPY,
            "versiondate": "2020-07-06T12:00:00Z",
        },
        {
            "url": "https://www.youtube.com/watch?v=XIu8ZF7RSkw",
            "versionurl": RAY_COPY,
            "versiondate": "2020-07-08T00:00:00Z",
        },
        {"url": HOSTILE, "versionurl": HOSTILE_COPY, "versiondate": "2020-07-08T00:00:00Z"},
    ]
    assert f"]({JAX})" in body and f"]({RAY_COPY})" in body and f"]({RAY})" not in body
    # the model the email templates receive: the copy, whether the link is dead, whether to show it
    shown = {e.url: (e.archive_url, e.dead, e.show_archive) for e in result.edition.entries}
    assert shown[JAX] == (JAX_COPY, False, False)
    assert shown[RAY] == (RAY_COPY, True, True)  # [archive] email = "dead", the default


def test_yaml_front_matter_carries_the_same_list(archived):
    settings = archived / "newsletter.toml"
    settings.write_text(settings.read_text().replace('front_matter = "toml"', 'front_matter = "yaml"'))
    meta, _ = split_post(build(archived, "2020-W28", offline=True).outputs.post)
    assert [link["versionurl"] for link in meta["robustlinks"]] == [JAX_COPY, RAY_COPY, HOSTILE_COPY]


def test_hugo_renders_the_robust_links_attributes_and_no_script_link(archived, hugo):
    result = build(archived, "2020-W28", offline=True)
    site = archived / "site"
    hugo_build(hugo, site)
    page = (site / "public/posts" / result.outputs.post_slug / "index.html").read_text()
    jax = re.search(r'<a href="https://www.youtube.com/watch\?v=z-WSrQDXkuM"[^>]*>', page)[0]
    assert f'data-originalurl="{JAX}"' in jax.replace("&amp;", "&")
    assert f'data-versionurl="{JAX_COPY}"' in jax and 'data-versiondate="2020-07-06T12:00:00Z"' in jax
    ray = re.search(rf'<a href="{re.escape(RAY_COPY)}"[^>]*>', page)[0]
    assert f'data-originalurl="{RAY}"' in ray
    # the hostile notes went through the same hook: none of their links runs
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert not [h for h in hrefs if re.match(r"\s*(javascript|vbscript|data):", h, re.I)]
    assert "https://example.com/ok" in hrefs
    assert f'data-versionurl="{HOSTILE_COPY}"' in page  # the hook ran on that entry's heading


def test_example_editions_have_no_archive_file_and_no_robust_links(example_workspace):
    post = build(example_workspace, "2021-02", offline=True).outputs.post
    assert "robustlinks" not in post


@pytest.fixture
def links(httpserver, example_workspace, monkeypatch):
    """The example workspace whose 2020-07 entries link to a local server."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(
        settings.read_text().replace("allow_private_addresses = false", "allow_private_addresses = true")
    )
    monkeypatch.setattr("newsletter.links.fetch.Fetcher.backoff", 0.01)
    urls = {"jax.md": "/gone", "ray.md": "/flaky", "devops-for-data-scientists.md": "/ok"}
    for name, path in urls.items():
        entry = example_workspace / "entries/2020/07" / name
        text = re.sub(r"(?m)^url: .*$", f"url: {local(httpserver, path)}", entry.read_text())
        # the notes' links too: check asks for them, and this machine has no network to ask
        entry.write_text(re.sub(r"\(https://[^)]*\)", f"({local(httpserver, '/ok')})", text))
    httpserver.expect_request("/ok").respond_with_data("<title>ok</title>", content_type="text/html")
    httpserver.expect_request("/flaky").respond_with_response(Response("busy", status=503))
    return example_workspace


def local(server, path: str) -> str:
    return f"http://127.0.0.1:{server.port}{path}"


def records(root) -> dict[str, dict]:
    text = (root / "entries/2020/07/_archive.toml").read_text()
    return {link["url"].rsplit("/", 1)[1]: link for link in tomllib.loads(text)["link"]}


def test_check_records_a_gone_link_and_twice_days_apart_makes_it_dead(links, httpserver):
    gone = httpserver.expect_request("/gone")
    gone.respond_with_response(Response("no", status=404))
    first = dt.date(2026, 11, 1)
    check(links, "2020-07", today=first)
    assert records(links) == {
        "gone": {
            "url": local(httpserver, "/gone"),
            "gone_reason": "HTTP 404 Not Found",
            "gone_since": first,
            "gone_seen": first,
        }
    }  # a 503 proves nothing

    check(links, "2020-07", today=first + dt.timedelta(days=1))
    result = build(links, "2020-W28", offline=True)
    assert not [e for e in result.edition.entries if e.dead]  # one day apart: not yet

    check(links, "2020-07", today=first + dt.timedelta(days=4))
    result = build(links, "2020-W28", offline=True)
    assert [e.url.rsplit("/", 1)[1] for e in result.edition.entries if e.dead] == ["gone"]

    listed = CliRunner().invoke(main, ["-w", str(links), "check", "--all"])
    assert listed.stdout == (
        f"2020-07  {local(httpserver, '/gone')}  gone since 2026-11-01 (HTTP 404 Not Found)  "
        "no archived copy yet: `newsletter archive 2020-07`\n"
    )
    assert listed.stderr == "1 dead link recorded.\n"
    as_data = CliRunner().invoke(main, ["-w", str(links), "check", "--all", "--json"])
    assert json.loads(as_data.stdout) == [  # --json was ignored: the text lines came out
        {
            "period": "2020-07",
            "url": local(httpserver, "/gone"),
            "gone_reason": "HTTP 404 Not Found",
            "gone_since": "2026-11-01",
            "gone_seen": "2026-11-05",
            "versionurl": None,
            "versiondate": None,
        }
    ]
    assert as_data.stderr == "1 dead link recorded.\n"


def test_a_gone_link_that_answers_again_is_cleared(links, httpserver):
    (links / "entries/2020/07/_archive.toml").write_text(
        f'[[link]]\nurl = "{local(httpserver, "/gone")}"\nversionurl = "https://w/1"\n'
        'gone_reason = "HTTP 410"\ngone_since = 2026-10-01\ngone_seen = 2026-10-09\n'
    )
    httpserver.expect_request("/gone").respond_with_data("<title>back</title>", content_type="text/html")
    check(links, "2020-07", today=dt.date(2026, 11, 1))
    assert records(links) == {"gone": {"url": local(httpserver, "/gone"), "versionurl": "https://w/1"}}
    (links / "entries/2020/07/_archive.toml").write_text(
        f'[[link]]\nurl = "{local(httpserver, "/gone")}"\ngone_reason = "HTTP 410"\ngone_since = 2026-10-01\n'
        "gone_seen = 2026-10-01\n"
    )
    check(links, "2020-07", today=dt.date(2026, 11, 2))
    assert "[[link]]" not in (links / "entries/2020/07/_archive.toml").read_text()  # nothing left to say


def test_a_gone_link_that_its_site_now_sends_home_is_not_cleared(links, httpserver):
    """A removed page answered 404, then its site redirected it home (as many do, later): check
    took it for back, cleared its record, and the build linked the home page instead of its copy."""
    gone = (
        f'[[link]]\nurl = "{local(httpserver, "/gone")}"\nversionurl = "https://w/1"\n'
        'gone_reason = "HTTP 410"\ngone_since = 2026-10-01\ngone_seen = 2026-10-09\n'
    )
    (links / "entries/2020/07/_archive.toml").write_text(gone)
    httpserver.expect_request("/gone").respond_with_data("", status=301, headers={"Location": "/"})
    httpserver.expect_request("/").respond_with_data("<title>Home</title>", content_type="text/html")
    report = check(links, "2020-07", today=dt.date(2026, 11, 1))
    assert "sent-home" in [f.code for f in report.findings]
    assert records(links)["gone"]["gone_since"] == dt.date(2026, 10, 1)
    assert records(links)["gone"]["gone_seen"] == dt.date(2026, 11, 1)  # seen gone again


def test_a_link_its_site_sends_home_is_recorded_gone_and_twice_days_apart_links_its_copy(links, httpserver):
    """New user 45 (Ingrid, six years of links): a talk's page her old site removed now redirects
    to its home page. check warned "link its new address, or an archived copy (`newsletter archive`
    finds one)", while `archive` had recorded a copy already, but recorded nothing: the link was
    never dead, so every rebuild, the post, the email and the feeds, kept sending readers home."""
    (links / "entries/2020/07/_archive.toml").write_text(
        f'[[link]]\nurl = "{local(httpserver, "/gone")}"\nversionurl = "https://web.archive.org/web/2020/x"\n'
    )
    httpserver.expect_request("/gone").respond_with_data("", status=301, headers={"Location": "/"})
    httpserver.expect_request("/").respond_with_data("<title>Home</title>", content_type="text/html")
    first = dt.date(2026, 11, 1)
    report = check(links, "2020-07", today=first)
    assert records(links)["gone"]["gone_reason"] == f"sent to the home page {local(httpserver, '/')}"
    (said,) = [f.message for f in report.findings if f.code == "sent-home"]
    assert said.endswith(
        "it may be gone; its archived copy https://web.archive.org/web/2020/x replaces it once `newsletter check` "
        "sees it gone again, 3 days after 2026-11-01, and the edition is rebuilt"
    )

    check(links, "2020-07", today=first + dt.timedelta(days=4))
    result = build(links, "2020-W28", offline=True)
    assert [e.link_url for e in result.edition.entries if e.dead] == ["https://web.archive.org/web/2020/x"]
    listed = CliRunner().invoke(main, ["-w", str(links), "check", "--all"])
    assert listed.stdout == (
        f"2020-07  {local(httpserver, '/gone')}  gone since 2026-11-01 (sent to the home page "
        f"{local(httpserver, '/')})  archived copy: https://web.archive.org/web/2020/x\n"
    )


def test_no_network_records_nothing(example_workspace):
    # hosts that never resolve, and nothing else: as a machine without network sees every link
    for number, entry in enumerate(sorted((example_workspace / "entries/2020/07").glob("[a-z]*.md"))):
        entry.write_text(re.sub(r"(?m)^url: .*$", f"url: https://gone{number}.invalid/", entry.read_text()))
    report = check(example_workspace, "2020-07", today=dt.date(2026, 11, 1))
    assert [f.code for f in report.findings if f.code in ("no-network", "dead-link")] == ["no-network"]
    assert not (example_workspace / "entries/2020/07/_archive.toml").exists()


def test_build_archives_when_the_setting_says_so_and_never_offline(example_workspace, httpserver, monkeypatch):
    from helpers import unreachable as _unreachable

    monkeypatch.setattr("newsletter.links.fetch.Fetcher.get", _unreachable)  # no metadata: not the point
    wayback = FakeWayback(httpserver)
    settings = example_workspace / "newsletter.toml"
    table = wayback.settings().lstrip("\n").replace("[archive]\n", "[archive]\non_build = true\n")
    settings.write_text(re.sub(r"\[archive\]\non_build = false[^\n]*\n", lambda _: table, settings.read_text()))
    build(example_workspace, "2020-W28", offline=True)
    assert wayback.requests == []

    result = build(example_workspace, "2020-W28")
    assert sorted(wayback.saved) == sorted(e.url for e in result.edition.entries)
    meta, _ = split_post(result.outputs.post)
    assert len(meta["robustlinks"]) == 3
    assert (example_workspace / "entries/2020/07/_archive.toml").is_file()


def test_build_never_waits_past_its_budget_and_says_what_is_left(example_workspace, httpserver, monkeypatch):
    from helpers import unreachable as _unreachable

    monkeypatch.setattr("newsletter.links.fetch.Fetcher.get", _unreachable)
    wayback = FakeWayback(httpserver)
    settings = example_workspace / "newsletter.toml"
    table = wayback.settings(build_wait_seconds=0).lstrip("\n").replace("[archive]\n", "[archive]\non_build = true\n")
    settings.write_text(re.sub(r"\[archive\]\non_build = false[^\n]*\n", lambda _: table, settings.read_text()))
    result = build(example_workspace, "2020-W28")
    assert wayback.requests == []
    assert "archive: 3 failed; `newsletter archive 2020-W28` says which" in result.warnings


def test_a_build_that_cannot_reach_the_archive_says_so_not_that_links_failed(
    example_workspace, httpserver, monkeypatch
):
    """Ines, offline for a week with [archive] on_build, was told 'archive: 3 failed; `newsletter
    archive 2020-W28` says which' by every build: nothing had failed but the network, and that
    command would have said so of each link. Such links are counted as unreachable, with what to do."""
    from fake_services import free_port
    from helpers import unreachable as _unreachable

    monkeypatch.setattr("newsletter.links.fetch.Fetcher.get", _unreachable)
    closed = f"http://127.0.0.1:{free_port()}"  # nothing listens: refused, as with no network
    table = (
        FakeWayback(httpserver)
        .settings(build_wait_seconds=5)
        .lstrip("\n")
        .replace("[archive]\n", "[archive]\non_build = true\n")
    )
    table = table.replace(httpserver.url_for("").rstrip("/"), closed)
    settings = example_workspace / "newsletter.toml"
    settings.write_text(re.sub(r"\[archive\]\non_build = false[^\n]*\n", lambda _: table, settings.read_text()))
    result = build(example_workspace, "2020-W28")
    assert [w for w in result.warnings if w.startswith("archive:")] == [
        "archive: 3 unreachable; the web archive could not be reached for 3 links (no network?), which the "
        "next build online archives; `--offline` builds without trying"
    ]


def test_an_archive_record_written_after_the_build_makes_the_edition_stale(archived):
    from newsletter.config import load
    from newsletter.models import Period
    from newsletter.publish import snapshot_inputs

    build(archived, "2020-W28", offline=True)
    settings = load(archived)
    before = snapshot_inputs(settings, Period.parse("2020-W28", settings.week_start))
    assert "entries/2020/07/_archive.toml" in before
    path = archived / "entries/2020/07/_archive.toml"
    path.write_text(path.read_text().replace("gone_seen = 2026-11-05", "gone_seen = 2026-11-09"))
    assert snapshot_inputs(settings, Period.parse("2020-W28", settings.week_start)) != before


def test_a_link_seen_gone_once_with_a_copy_recorded_is_not_sent_to_archive_again(links, httpserver):
    """The first sighting of a gone link that already had a copy said "link an archived copy
    (`newsletter archive` finds one)": the copy was recorded, and `archive` had nothing to add."""
    copy = "https://web.archive.org/web/20200706120000/https://example.com/jax"
    (links / "entries/2020/07/_archive.toml").write_text(
        f'[[link]]\nurl = "{local(httpserver, "/gone")}"\nversionurl = "{copy}"\nversiondate = "2020-07-06T12:00:00Z"\n'
    )
    httpserver.expect_request("/gone").respond_with_response(Response("no", status=404))
    report = check(links, "2020-07", today=dt.date(2026, 11, 1))
    [found] = [f for f in report.findings if f.code == "dead-link"]
    assert found.message == (
        f"dead link (HTTP 404 Not Found); its archived copy {copy} replaces it once `newsletter check` "
        "sees it gone again, 3 days after 2026-11-01, and the edition is rebuilt"
    )
    # a warning: the build links the copy, and an old edition's check failed on it (exit 1)
    assert found.severity == "warning" and report.errors == 0


def test_the_feeds_link_a_dead_links_copy_as_the_post_does_and_keep_its_id(archived):
    """The post and the web page linked a dead link's archived copy; both feeds still linked
    the dead link. The item's id must not change: readers would show it again as new."""
    feeds = archived / "site/static/feeds"
    record = archived / "entries/2020/07/_archive.toml"
    record.write_text(ARCHIVE.replace('gone_reason = "HTTP 404"', "").replace("gone_since = 2026-11-01", ""))
    build(archived, "2020-W28", offline=True)  # RAY alive
    alive = {i["title"]: i for i in json.loads((feeds / "entries.json").read_text())["items"]}
    record.write_text(ARCHIVE)
    build(archived, "2020-W28", offline=True)  # RAY dead
    dead = {i["title"]: i for i in json.loads((feeds / "entries.json").read_text())["items"]}
    [ray] = [title for title, item in alive.items() if item["url"] == RAY]
    assert dead[ray]["url"] == RAY_COPY and dead[ray]["id"] == alive[ray]["id"]
    assert f'href="{RAY_COPY}"' in (feeds / "entries.xml").read_text().replace("&amp;", "&")
    for name in ("editions.json", "editions.xml"):
        text = (feeds / name).read_text().replace("&amp;", "&").replace("\\u0026", "&").replace('\\"', '"')
        assert RAY_COPY in text and f'href="{RAY}"' not in text, name


def test_check_all_says_how_many_links_were_seen_gone_once_and_when_they_count(links, httpserver):
    """One link seen gone was told of as several: '1 more link seen gone: ... of their edition
    ... makes them dead if they still are' (Sam's first `check --all`)."""
    httpserver.expect_request("/gone").respond_with_response(Response("no", status=404))
    check(links, "2020-07", today=dt.date(2026, 11, 1))  # a first check of an old edition
    listed = CliRunner().invoke(main, ["-w", str(links), "check", "--all"])
    days = load(links).archive.dead_after_days
    assert listed.stdout == ""
    assert listed.stderr == (
        "0 dead links recorded. 1 more link seen gone: `newsletter check` of its edition "
        f"{days} days or more after 2026-11-01 makes it dead if it still is.\n"
    )


def test_a_site_without_the_link_render_hook_is_told_to_copy_it(archived):
    """A site made by an older `init` has no link render hook: the post's robustlinks published
    as plain links, and nothing said so."""
    hook = archived / "site/layouts/_default/_markup/render-link.html"
    assert "robustlinks" in hook.read_text()
    said = [w for w in build(archived, "2020-W28", offline=True).warnings if "render hook" in w]
    assert said == []
    hook.unlink()
    said = [w for w in build(archived, "2020-W28", offline=True).warnings if "render hook" in w]
    assert len(said) == 1 and said[0].startswith("site/layouts/_default/_markup/render-link.html: ")


def test_no_copies_no_word_about_the_hook(example_workspace):
    (example_workspace / "site/layouts/_default/_markup/render-link.html").unlink()
    assert not [w for w in build(example_workspace, "2020-W28", offline=True).warnings if "render hook" in w]


def hook_warnings(root) -> list[str]:
    return [w for w in build(root, "2020-W28", offline=True).warnings if "render hook" in w]


def test_a_themes_hook_that_reads_the_copies_is_found(archived, hugo):
    """The site's theme carries the hook (the author moved it there, with the rest of the
    layouts): Hugo uses it, and the build said the site had none."""
    layouts = archived / "site/layouts"
    theme = archived / "site/themes/mine"
    theme.mkdir(parents=True)
    shutil.move(layouts, theme / "layouts")
    (archived / "site/hugo.toml").write_text('theme = "mine"\n' + (archived / "site/hugo.toml").read_text())
    assert hook_warnings(archived) == []
    hugo_build(hugo, archived / "site")
    slug = build(archived, "2020-W28", offline=True).outputs.post_slug
    assert f'data-versionurl="{RAY_COPY}"' in (archived / "site/public/posts" / slug / "index.html").read_text()


def test_a_hook_for_the_posts_alone_is_found(archived):
    markup = archived / "site/layouts/_default/_markup"
    (archived / "site/layouts/posts").mkdir(parents=True, exist_ok=True)
    shutil.move(markup, archived / "site/layouts/posts/_markup")
    assert hook_warnings(archived) == []


def test_a_themes_own_hook_that_ignores_the_copies_is_named(archived):
    (archived / "site/layouts/_default/_markup/render-link.html").unlink()
    hook = archived / "site/themes/paper/layouts/_default/_markup/render-link.html"
    hook.parent.mkdir(parents=True)
    hook.write_text('<a href="{{ .Destination | safeURL }}">{{ .Text | safeHTML }}</a>')
    (archived / "site/hugo.toml").write_text('theme = ["paper"]\n' + (archived / "site/hugo.toml").read_text())
    said = hook_warnings(archived)
    assert len(said) == 1
    assert said[0].startswith("site/themes/paper/layouts/_default/_markup/render-link.html: ")
    assert "no link render hook" not in said[0]


def test_a_theme_hugo_fetches_as_a_module_is_not_guessed_at(archived):
    """The theme's layouts are not in the site's folder: its hook, if any, cannot be read."""
    (archived / "site/layouts/_default/_markup/render-link.html").unlink()
    (archived / "site/hugo.toml").write_text(
        (archived / "site/hugo.toml").read_text()
        + '\n[module]\n[[module.imports]]\npath = "github.com/adityatelange/hugo-PaperMod"\n'
    )
    assert hook_warnings(archived) == []


def test_build_all_says_a_site_wide_warning_once(archived):
    """84 editions with archived copies and a site without the hook: the same line, naming the
    same file, was printed 84 times between the editions' own warnings."""
    url = "https://theaisummer.com/transformer/"
    copy = f"https://web.archive.org/web/20210201000000/{url}"
    (archived / "entries/2021/02/_archive.toml").write_text(
        f'[[link]]\nurl = "{url}"\nversionurl = "{copy}"\nversiondate = "2021-02-01T00:00:00Z"\n'
    )
    (archived / "site/layouts/_default/_markup/render-link.html").unlink()
    result = CliRunner().invoke(main, ["build", "--all", "--offline", "-w", str(archived)])
    assert result.exit_code == 0, result.output
    assert result.stderr.count("Built ") >= 2
    assert result.stderr.count("no link render hook") == 1, result.stderr


def test_build_all_says_once_which_editions_were_sent_and_which_left_captures_unfinished(
    example_workspace, httpserver, monkeypatch
):
    """`build --all` of a log sent every month said "… was already sent via smtp on …; the message
    as sent is kept in …, and `send` will not send it again." and "archive: 3 failed; …" again for
    each edition, between the lines that matter: each is said once now, naming the editions."""
    from newsletter.delivery.ledger import Ledger

    from helpers import unreachable as _unreachable

    monkeypatch.setattr("newsletter.links.fetch.Fetcher.get", _unreachable)  # no metadata: not the point
    wayback = FakeWayback(httpserver)
    settings = example_workspace / "newsletter.toml"
    table = wayback.settings(build_wait_seconds=0).lstrip("\n").replace("[archive]\n", "[archive]\non_build = true\n")
    settings.write_text(re.sub(r"\[archive\]\non_build = false[^\n]*\n", lambda _: table, settings.read_text()))
    settings.write_text(settings.read_text().replace('timezone = "America/New_York"', 'timezone = "UTC"'))
    for period in ("2021-02", "2022-04", "2020-W28"):
        with Ledger(example_workspace / ".newsletter" / "ledger", period) as ledger:
            ledger.intend("smtp.send", mode="list")
            ledger.done("smtp.send")
    result = CliRunner().invoke(main, ["build", "--all", "--jobs", "1", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert [line.split(":")[0] for line in lines if line.startswith("Built ")] == [
        "Built 2021-02",
        "Built 2022-04",
        "Built 2020-W28",
    ]
    assert not any("was already sent via" in line or "`newsletter archive 2" in line for line in lines)
    sent, archive = lines[-2:]
    assert re.fullmatch(
        r"warning: 3 editions were already sent: 2021-02 \(via smtp on [-\d]+ [:\d]+ UTC\), 2022-04 \(via smtp "
        r"on [-\d]+ [:\d]+ UTC\), 2020-W28 \(via smtp on [-\d]+ [:\d]+ UTC\)\. `send` will not send them again; "
        r"each message as it went out is kept in dist/<PERIOD>/sent\.eml where its send could keep one\.",
        sent,
    ), sent
    assert archive == (
        "warning: archive: captures left unfinished in 3 editions: 2021-02 (8 failed), 2022-04 (5 failed), "
        "2020-W28 (3 failed); `newsletter archive PERIOD` says which"
    )


def test_build_all_names_the_first_six_editions_sent_and_counts_the_rest():
    from newsletter.commands import said_once
    from newsletter.commands.build import Summary

    sent = "2021-01 was already sent via smtp on 2021-02-01 09:00 UTC; …"
    summaries = [Summary(f"2021-{m:02d}", 1, 1, alike={"sent": (sent, "via smtp on …")}) for m in range(1, 9)]
    lines: list[str] = []
    said_once.report([*summaries, Summary("2021-09", 1, 1)], lambda line, **_: lines.append(line))
    assert lines == [
        "warning: 8 editions were already sent: 2021-01, 2021-02, 2021-03, 2021-04, 2021-05, 2021-06 and 2 more. "
        "`send` will not send them again; each message as it went out is kept in dist/<PERIOD>/sent.eml "
        "where its send could keep one."
    ]


def test_build_all_names_a_year_in_review_sent_among_many_editions_first():
    """Priya's `build --all` named six of her sent months, then "and 7 more": her emailed 2021
    review, built last, was among the seven, and the line that was to tell her it went out hid it."""
    from newsletter.commands import said_once
    from newsletter.commands.build import Summary

    said = ("… was already sent …", "via smtp on …")
    summaries = [Summary(f"2021-{m:02d}", 1, 1, alike={"sent": said}) for m in range(1, 13)]
    lines: list[str] = []
    said_once.report([*summaries, Summary("2021", 1, 1, alike={"sent": said})], lambda line, **_: lines.append(line))
    assert lines[0].startswith(
        "warning: 13 editions were already sent: 2021, 2021-01, 2021-02, 2021-03, 2021-04, 2021-05 and 7 more. "
    )


def test_build_all_says_once_which_emails_are_over_the_size_budget(example_workspace):
    """New user 55's `build --all` said "The email is … KB, over the 90 KB budget …" 11 times, one
    between each edition's lines: once now, naming the editions with their sizes."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace("max_html_kb = 90 ", "max_html_kb = 1 "))
    result = CliRunner().invoke(main, ["build", "--all", "--offline", "--jobs", "1", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    over = [line for line in result.stderr.splitlines() if "over the 1 KB budget" in line]
    assert len(over) == 1, result.stderr
    assert re.fullmatch(
        r"warning: the emails of 3 editions are over the 1 KB budget \(Gmail clips messages at about 102 KB\): "
        r"2021-02 \([\d.]+ KB\), 2022-04 \([\d.]+ KB\), 2020-W28 \([\d.]+ KB\)\. `newsletter build PERIOD` "
        r"says, for one, how many of its entries fit or which notes to trim\.",
        over[0],
    ), over[0]
    single = CliRunner().invoke(main, ["build", "2021-02", "--offline", "--force", "-w", str(example_workspace)])
    assert "warning: The email is " in single.stderr  # one edition's build says its own, whole


def test_build_all_says_one_editions_size_warning_whole_and_the_weeks_that_would_fit():
    """From the figures each warning carries (formats/size_budget.py), not its words: the budget,
    each size and which advice each gave were read back out of the sentence, where a change of
    its wording made the line for all of them wrong (a traceback, without its "budget (…).")."""
    from newsletter.commands import said_once
    from newsletter.commands.build import Summary
    from newsletter.formats.size_budget import OverBudget

    weekly = "The email is 224.0 KB. … a week's worth would fit …"  # (words that hold no setting's name)
    other = "The email is 518.0 KB. Its 150 entries are too many …"
    lines: list[str] = []
    one = Summary("2025-10", 1, 1, alike={"size": (weekly, OverBudget(224 * 1024, 90, True, False))})
    said_once.report([one], lambda line, **_: lines.append(line))
    assert lines == [f"warning: 2025-10: {weekly}"]
    lines.clear()
    far = " Its text part lists its 215 links at the end, …"
    held = [
        ("2025-10", weekly + far, OverBudget(224 * 1024, 90, True, True)),
        ("2025-11", other, OverBudget(518 * 1024, 90, False, False)),
        ("2025-12", weekly, OverBudget(230 * 1024, 90, True, False)),
    ]
    summaries = [Summary(period, 1, 1, alike={"size": (said, over)}) for period, said, over in held]
    said_once.report(summaries, lambda line, **_: lines.append(line))
    assert lines == [
        "warning: the emails of 3 editions are over the 90 KB budget (Gmail clips messages at about 102 KB): "
        "2025-10 (224.0 KB), 2025-11 "
        "(518.0 KB), 2025-12 (230.0 KB). `newsletter build PERIOD` says, for one, how many of its entries fit or "
        'which notes to trim; a week\'s worth would fit in 2 of them, with `cadence = "weekly"` in [newsletter]; 1 of '
        'them lists its links far down the text part: `text_links = "inline"` in [email].'
    ]


def test_build_all_still_says_an_editions_own_warning_for_each_edition():
    """Two editions over the email's budget by the same size: the same words, about two emails."""
    from newsletter.commands.build import Summary, report

    over = "The email is 103 KB, over the 100 KB budget (Gmail clips messages at about 102 KB)."
    hookless = "site/layouts/_default/_markup/render-link.html: the site has no link render hook"
    lines: list[str] = []
    said: set[str] = set()
    for period in ("2021-01", "2021-02"):
        report(Summary(period, 1, 1, warnings=[over, hookless]), lambda line, **_: lines.append(line), print, said)
    assert sum(over in line for line in lines) == 2
    assert sum(hookless in line for line in lines) == 1


def test_a_folder_named_like_the_hook_is_no_hook(archived):
    """A folder `render-link.html/` (a mistaken `mkdir -p`) stopped the build with
    IsADirectoryError. It reads no copies: the site is told to copy the hook there, in place of
    the folder (`cp` into it put the hook inside, where it is still no hook)."""
    hook = archived / "site/layouts/_default/_markup/render-link.html"
    hook.unlink()
    hook.mkdir()
    said = hook_warnings(archived)
    assert len(said) == 1 and "no link render hook" in said[0]
    assert "there, in place of the folder of that name, which is no hook (see the README)" in said[0]


@pytest.fixture
def no_network(tmp_path, monkeypatch):
    """No network for the web archive at archive.test: its name is never found, as on a machine
    with no network (where each connection first waits in getaddrinfo), each look-up counted in
    a file, which build --all's worker processes (forked) append to as well."""
    import socket

    tries, resolve = tmp_path / "tries", socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if host not in ("archive.test", b"archive.test"):  # (asyncio passes it encoded)
            return resolve(host, *args, **kwargs)
        with tries.open("a") as counted:
            counted.write("1")
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return "http://archive.test", lambda: len(tries.read_text()) if tries.exists() else 0


def archiving_on_build(workspace, wayback: FakeWayback, address: str | None = None, **extra) -> None:
    """The example workspace's settings with [archive] on_build, asking `wayback` (or `address`)."""
    table = wayback.settings(**extra).lstrip("\n").replace("[archive]\n", "[archive]\non_build = true\n")
    if address:
        table = table.replace(wayback.server.url_for("").rstrip("/"), address)
    settings = workspace / "newsletter.toml"
    settings.write_text(re.sub(r"\[archive\]\non_build = false[^\n]*\n", lambda _: table, settings.read_text()))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_build_all_offline_asks_the_archive_for_one_edition_and_says_it_once(
    example_workspace, httpserver, no_network, monkeypatch, jobs
):
    """Priya's `build --all` of four years with [archive] on_build and no network asked the web
    archive for every edition's links, each waiting in getaddrinfo: 142 s of a 151 s build, to be
    told 48 times that it could not be reached. Once an edition finds it out of reach, the next
    ones built do not ask, and the run says so once, naming them."""
    from helpers import unreachable as _unreachable

    monkeypatch.setattr("newsletter.links.fetch.Fetcher.get", _unreachable)  # no metadata: not the point
    address, seen = no_network
    archiving_on_build(example_workspace, FakeWayback(httpserver), address)
    result = CliRunner().invoke(main, ["build", "--all", "--jobs", jobs, "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    built = [line.split(":")[0].removeprefix("Built ") for line in result.stderr.splitlines() if "Built " in line]
    assert built == ["2021-02", "2022-04", "2020-W28"]
    # each link asked is two tries (the availability API, then the TimeMap): 2021-02's 8 links,
    # and with two jobs perhaps 2022-04's 5 too, built beside it before either knew; never 2020-W28's
    assert seen() in {"1": (16,), "2": (16, 26)}[jobs]
    assert [line for line in result.stderr.splitlines() if "archive" in line] == [
        "warning: archive: the web archive could not be reached (no network?) for the links of 3 editions: "
        "2021-02, 2022-04, 2020-W28; the next build online archives them; `--offline` builds without trying"
    ]
    assert not (example_workspace / "entries/2020/07/_archive.toml").exists()


def test_build_all_asks_the_archive_again_after_an_edition_whose_answers_were_slow(
    example_workspace, server, monkeypatch
):
    """A read timeout was taken for no network: one slow answer for each of 2021-02's links (the
    archive was busy) stopped the run's archiving, and 2022-04 and 2020-W28 were 'not asked',
    said to have no network. Only a connection never made is out of reach; the next edition asks."""
    import time

    from helpers import unreachable as _unreachable

    slow = {
        "https://theaisummer.com/transformer/",
        "https://github.com/visenger/awesome-mlops",
        "https://papers.nips.cc/paper/2015/hash/86df7dcfd896fcaf2674f757a2463eba-Abstract.html",
        "https://jalammar.github.io/illustrated-transformer/",
        "https://ericmjl.github.io/essays-on-data-science/machine-learning/infinitely-wide-neural-networks/",
        "https://ml-ops.org/",
        "https://github.com/google/model_search",
        "https://labs.quansight.org/blog/2021/01/python-packaging-brainstorm/",
    }

    class SlowFor2021(FakeWayback):
        def availability(self, request):
            if request.args["url"] in slow:
                time.sleep(0.6)  # past the 0.2 s timeout: httpx's ReadTimeout
            return super().availability(request)

        def link_format(self, request):
            if request.full_path.split("/web/timemap/link/", 1)[1].rstrip("?") in slow:
                time.sleep(0.6)
            return super().link_format(request)

    monkeypatch.setattr("newsletter.links.fetch.Fetcher.get", _unreachable)  # no metadata: not the point
    wayback = SlowFor2021(server)
    archiving_on_build(example_workspace, wayback, timeout=0.2)
    result = CliRunner().invoke(main, ["build", "--all", "--jobs", "1", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    assert "no network" not in result.output and "not asked" not in result.output
    assert "2021-02 (8 failed)" in result.stderr  # each link's own failure, for `newsletter archive` later
    asked = {path for _, path, _ in wayback.requests}
    assert "/save" in asked  # the later editions' links were captured
    for month in ("2022/04", "2020/07"):
        assert "versionurl" in (example_workspace / f"entries/{month}/_archive.toml").read_text()


def test_build_all_without_network_names_only_the_editions_with_links_to_archive(
    example_workspace, httpserver, no_network, monkeypatch
):
    """With no network, 'could not be reached for the links of 3 editions' named 2022-04 too,
    whose every link had its copy in _archive.toml already: that edition had nothing to ask."""
    from helpers import unreachable as _unreachable

    monkeypatch.setattr("newsletter.links.fetch.Fetcher.get", _unreachable)
    address, _ = no_network
    archiving_on_build(example_workspace, FakeWayback(httpserver), address)
    urls = [
        "https://ericmjl.github.io/blog/2019/1/21/advi-scalable-bayesian-inference/",
        "https://ericmjl.github.io/blog/2018/12/25/conda-hacks-for-data-science-efficiency/",
        "https://madewithml.com/",
        "https://ericmjl.github.io/blog/2018/11/13/solving-problems-actionably/",
        "https://talkpython.fm/episodes/show/359/lifecycle-of-a-machine-learning-project",
    ]
    (example_workspace / "entries/2022/04/_archive.toml").write_text(
        "".join(
            f'[[link]]\nurl = "{url}"\nversionurl = "https://web.archive.org/web/20220401000000/{url}"\n'
            'versiondate = "2022-04-01T00:00:00Z"\n\n'
            for url in urls
        )
    )
    result = CliRunner().invoke(main, ["build", "--all", "--jobs", "1", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    assert [line for line in result.stderr.splitlines() if "archive" in line] == [
        "warning: archive: the web archive could not be reached (no network?) for the links of 2 editions: "
        "2021-02, 2020-W28; the next build online archives them; `--offline` builds without trying"
    ]


def test_a_dead_link_its_copy_replaces_is_not_called_a_failure_at_each_build(archived):
    """New user 45's `build --all` said "1 link could not be fetched … HTTP 404, in an earlier
    build" for each of 23 dead links whose archived copy the post, the email and the feeds already
    link: nothing the author can do, said again at every build. Such a link is no failure of the
    build; a dead link without a copy still is."""
    from newsletter.errors import FetchError
    from newsletter.links.cache import MetadataCache

    settings = load(archived)
    urls = [e.url for e in build(archived, "2020-W28", offline=True).edition.entries if e.url]
    with MetadataCache(settings.state_dir, settings.fetch.max_age_days) as cache:
        for url in urls:  # every link failed in an earlier build: this one asks none again
            cache.put_all({}, [FetchError(url, "HTTP 404 Not Found" if url in (RAY, JAX) else "HTTP 500", kind="gone")])
    failed = {f.url for f in build(archived, "2020-W28").failures}
    assert failed == set(urls) - {RAY}  # RAY is dead and its copy linked; JAX has a copy but is not dead yet
    said = CliRunner().invoke(main, ["-w", str(archived), "build", "2020-W28", "--force"])
    assert said.exit_code == 0 and f"{JAX}: HTTP 404 Not Found" in said.stderr and RAY not in said.stderr
