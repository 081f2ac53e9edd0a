"""`newsletter meta`: one link's metadata as JSON, from a saved page or the web."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsletter.cli import main

PAGES = Path(__file__).parent / "pages"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_meta_of_a_saved_page_prints_exact_json(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # outside any workspace, and no network is needed
    result = run(
        "meta",
        "--html",
        str(PAGES / "shift-jis.html"),
        "--url",
        "http://technote.example.jp/entry/2021/01/29/python-ml-1",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "\n".join(
        [
            "{",
            '  "url": "http://technote.example.jp/entry/2021/01/29/python-ml-1",',
            '  "title": "Pythonで始める機械学習①～環境構築編～",',
            '  "authors": [',
            '    "山田 太郎"',
            "  ],",
            '  "site_name": "テックノート",',
            '  "published": "2021-01-29T10:00:00+09:00",',
            '  "description": "Anacondaとcondaを使って、機械学習の開発環境を作る手順を説明します。'
            '仮想環境の作り方から、Jupyterの起動まで。",',
            '  "image": "http://technote.example.jp/images/entry/python-ml-1.png",',
            '  "kind": "article",',
            '  "duration": null,',
            '  "language": "ja",',
            '  "extras": {',
            '    "keywords": [',
            '      "Python",',
            '      "機械学習",',
            '      "conda",',
            '      "Jupyter"',
            "    ]",
            "  }",
            "}",
            "",
        ]
    )
    assert result.stderr == ""
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_meta_keys_are_the_metadata_fields(tmp_path):
    result = run("meta", "--html", str(PAGES / "github-repo.html"), "--url", "https://github.com/google/jax")
    assert list(json.loads(result.stdout)) == [
        "url",
        "title",
        "authors",
        "site_name",
        "published",
        "description",
        "image",
        "kind",
        "duration",
        "language",
        "extras",
    ]


@pytest.mark.parametrize("url", ["https://github.com/google/jax", "https://GitHub.com/google/jax"])
def test_a_saved_github_page_gives_its_stars_whatever_the_hosts_case(url):
    # The stars were read only where "github" was in the URL as written (5bd12b9), not GitHub.com
    extras = json.loads(run("meta", "--html", str(PAGES / "github-repo.html"), "--url", url).stdout)["extras"]
    assert extras["stars"] == 27845


def test_a_star_count_in_other_digits_than_asciis_is_none_and_the_page_is_read(tmp_path):
    """'²' is a digit to isdigit() and no number to int(): a page whose star counter's title held
    one was not read at all (a ValueError's traceback from meta --html)."""
    saved = tmp_path / "repo.html"
    page = (PAGES / "github-repo.html").read_text(encoding="utf-8")
    assert page.count('title="27,845"') == 1
    saved.write_text(page.replace('title="27,845"', 'title="27,845²"'), encoding="utf-8")
    result = run("meta", "--html", str(saved), "--url", "https://github.com/google/jax")
    assert result.exit_code == 0, result.output
    meta = json.loads(result.stdout)
    assert "stars" not in meta["extras"] and meta["title"].startswith("google/jax: Composable")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--html", "{page}"],
            "Error: --html needs --url, the address the page was saved from (its relative links resolve against it).\n",
        ),
        ([], "Error: Give a URL, or --html FILE --url URL for a saved page.\n"),
        (
            ["example.com/page"],
            "Error: 'example.com/page' is not a web address; give the full link, like https://example.com/page\n",
        ),
        (
            ["https://a.example/", "--url", "https://b.example/"],
            "Error: Two different URLs given (https://a.example/ and --url https://b.example/); give one.\n",
        ),
        (
            ["--html", "{missing}", "--url", "https://a.example/"],
            "Error: Cannot read {missing}: No such file or directory.\n",
        ),
    ],
)
def test_meta_usage_errors(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    values = {"page": str(PAGES / "medium.html"), "missing": str(tmp_path / "nope.html")}
    result = run("meta", *[arg.format(**values) for arg in args])
    assert result.exit_code == 1
    assert result.stderr == message.format(**values)


@pytest.fixture
def workspace(tmp_path):
    root = tmp_path / "ws"
    root.mkdir()
    (root / "newsletter.toml").write_text(
        '[newsletter]\nname = "Test"\n\n[fetch]\nallow_private_addresses = true\ntimeout = 2.0\n'
    )
    return root


def test_meta_fetches_through_the_workspace_cache(httpserver, workspace, monkeypatch):
    monkeypatch.chdir(workspace)
    httpserver.expect_request("/post").respond_with_data(
        '<html lang="en"><head><title>A post | Blog</title><meta property="og:site_name" content="Blog"></head></html>',
        content_type="text/html",
    )
    url = httpserver.url_for("/post")
    first = run("meta", url)
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["title"] == "A post"
    assert (workspace / ".newsletter").is_dir()
    assert run("meta", url).stdout == first.stdout
    assert len(httpserver.log) == 1  # the second answer came from the cache
    assert run("meta", "--refresh", url).stdout == first.stdout
    assert len(httpserver.log) == 2


def test_meta_outside_a_workspace_uses_the_defaults_and_no_cache(httpserver, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    url = httpserver.url_for("/post").replace("localhost", "127.0.0.1")
    result = run("meta", url)
    assert result.exit_code == 1
    # The default settings refuse private addresses, the local test server included.
    assert result.stderr == (
        f"Error: Could not fetch {url}: refused: 127.0.0.1 resolves to a private address "
        "(set allow_private_addresses = true in [fetch] of newsletter.toml to allow)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_meta_fetch_failure_is_one_line(httpserver, workspace):
    httpserver.expect_request("/gone").respond_with_data("", status=410)
    url = httpserver.url_for("/gone")
    result = run("meta", "-w", str(workspace), url)
    assert result.exit_code == 1
    assert result.stderr == f"Error: Could not fetch {url}: HTTP 410 Gone\n"


def test_meta_with_a_workspace_option_that_is_not_one(tmp_path):
    result = run("meta", "-w", str(tmp_path), "https://example.com/")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: No newsletter.toml in {tmp_path.resolve()}")
