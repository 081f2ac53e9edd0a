"""`newsletter import --from SERVICE` against local servers speaking each API's documented protocol."""

import json
from itertools import chain

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from newsletter.cli import main
from newsletter.importers import api, services
from newsletter.read import read_entry

TOKEN = "s3cret-t0ken-value"


@pytest.fixture
def workspace(tmp_path, monkeypatch, httpserver):
    root = tmp_path / "ws"
    root.mkdir()
    base = httpserver.url_for("").rstrip("/")
    (root / "newsletter.toml").write_text(f"""[newsletter]
name = "Test"

[imports]
readwise_url = "{base}/api/v2"
raindrop_url = "{base}/rest/v1"
hypothesis_url = "{base}/api"
linkding_url = "{base}"
zotero_url = "{base}"
zotero_library = "groups/4711"
retries = 1
""")
    for name in ("READWISE_TOKEN", "RAINDROP_TOKEN", "HYPOTHESIS_TOKEN", "LINKDING_TOKEN", "ZOTERO_API_KEY"):
        monkeypatch.setenv(name, TOKEN)
    monkeypatch.chdir(root)
    return root


def run(*args):
    return CliRunner().invoke(main, ["import", *args], catch_exceptions=False)


def entries(root):
    return {path.name: read_entry(path)[0] for path in (root / "entries").rglob("*.md")}


def authorised(header: str, value: str):
    """A handler that answers `value(request)` only with the right token, else 401 as the APIs do."""

    def handle(request: Request) -> Response:
        if request.headers.get(header) != value:
            return Response(json.dumps({"detail": "Invalid token."}), status=401, content_type="application/json")
        return Response(json.dumps(handle.answer(request)), content_type="application/json")

    return handle


# Readwise: GET /api/v2/export/ with Authorization: Token, pages by nextPageCursor

READWISE_PAGES = {
    None: {
        "count": 2,
        "nextPageCursor": "c2",
        "results": [
            {
                "user_book_id": 1,
                "title": "Essay on “quotes”",
                "readable_title": "Essay on “quotes”",
                "author": "Ann, Author",
                "category": "articles",
                "source_url": "https://essays.example/quotes?utm_source=rw",
                "book_tags": [{"name": "prose"}],
                "highlights": [
                    {
                        "id": 11,
                        "text": 'A line, with "quotes"\nand a second',
                        "note": "mine",
                        "location": 3,
                        "location_type": "order",
                        "highlighted_at": "2024-02-10T21:15:00Z",
                        "is_deleted": False,
                    },
                    {"id": 12, "text": "deleted", "highlighted_at": "2024-02-10T21:16:00Z", "is_deleted": True},
                ],
            }
        ],
    },
    "c2": {
        "count": 2,
        "nextPageCursor": None,
        "results": [
            {
                "user_book_id": 2,
                "title": "Thinking in Systems",
                "author": "Donella H. Meadows",
                "category": "books",
                "asin": "B005VSRFEA",
                "source_url": None,
                "highlights": [
                    {
                        "id": 21,
                        "text": "Everything is a model.",
                        "location": 320,
                        "location_type": "location",
                        "highlighted_at": "2024-03-01T08:00:00Z",
                    }
                ],
            }
        ],
    },
}


def test_readwise_pages_by_cursor_and_is_incremental(workspace, httpserver):
    seen = []
    handler = authorised("Authorization", f"Token {TOKEN}")
    handler.answer = lambda request: (seen.append(dict(request.args)), READWISE_PAGES[request.args.get("pageCursor")])[
        1
    ]
    httpserver.expect_request("/api/v2/export/").respond_with_handler(handler)
    result = run("--from", "readwise")
    assert result.exit_code == 0, result.output
    assert "Imported 2 entries from Readwise" in result.stderr
    found = entries(workspace)
    book = found["thinking-in-systems.md"]
    assert book.type == "book" and book.url is None and "> Everything is a model.\n> (location 320)" in book.notes
    essay = found["essay-on-quotes.md"]
    assert essay.url == "https://essays.example/quotes" and essay.tags == ["prose"]
    assert "deleted" not in essay.notes and "mine" in essay.notes
    assert [request.get("pageCursor") for request in seen] == [None, "c2"] and "updatedAfter" not in seen[0]
    again = run("--from", "readwise")
    assert "Imported 0 entries" in again.stderr
    assert "updatedAfter" in seen[-1]  # the second pull asks only for what changed since the first


@pytest.mark.parametrize("page", [None, "https://example.org/newsletter"])
def test_a_service_is_told_the_tool_its_version_and_the_projects_page_if_it_has_one(
    workspace, httpserver, monkeypatch, page
):
    """The User-Agent named a placeholder, "+https://github.com/": who calls is the tool and its
    version, with the page the package's metadata names ([project.urls] in pyproject), or none."""
    from email.message import Message
    from importlib import metadata

    from newsletter import __version__

    if page:  # the installed metadata, as a build of a pyproject with [project.urls] writes it
        about = Message()
        about["Name"], about["Project-URL"] = "newsletter", f"Homepage, {page}"
        monkeypatch.setattr(metadata, "metadata", lambda name: about if name == "newsletter" else None)
    seen = []
    handler = authorised("Authorization", f"Token {TOKEN}")
    handler.answer = lambda request: (seen.append(request.headers["User-Agent"]), {"results": []})[1]
    httpserver.expect_request("/api/v2/export/").respond_with_handler(handler)
    assert run("--from", "readwise").exit_code == 0
    assert seen == [f"newsletter/{__version__} (import{f'; +{page}' if page else ''})"]


def test_a_readwise_kindle_book_loses_the_edition_amazon_adds_to_its_title(workspace, httpserver):
    """Readwise keeps a Kindle book's title as the store wrote it, "La sombra del viento
    (Spanish Edition)", and the Spanish email said "(Spanish Edition)", in English; efab870
    left it out of the Kindle's own clippings only. A document with no ASIN keeps its title."""
    books = [
        {
            "user_book_id": 7,
            "title": "La sombra del viento (Spanish Edition)",
            "author": "Carlos Ruiz Zafón",
            "category": "books",
            "asin": "B00SOMBRA1",
            "highlights": [{"id": 1, "text": "Los libros son espejos.", "location": 1043, "location_type": "location"}],
        },
        {
            "user_book_id": 8,
            "title": "A Zine (Kindle Edition)",
            "author": "Ann Author",
            "category": "articles",
            "highlights": [{"id": 2, "text": "A passage.", "location": 3, "location_type": "location"}],
        },
    ]
    handler = authorised("Authorization", f"Token {TOKEN}")
    handler.answer = lambda request: {"count": 2, "nextPageCursor": None, "results": books}
    httpserver.expect_request("/api/v2/export/").respond_with_handler(handler)
    result = run("--from", "readwise")
    assert result.exit_code == 0, result.output
    assert sorted(entry.title for entry in entries(workspace).values()) == [
        "A Zine (Kindle Edition)",
        "La sombra del viento",
    ]


def test_a_refused_token_is_one_line_that_names_the_variable_not_the_token(workspace, httpserver):
    handler = authorised("Authorization", "Token something-else")
    handler.answer = lambda request: {}
    httpserver.expect_request("/api/v2/export/").respond_with_handler(handler)
    result = run("--from", "readwise")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: Readwise: the token was refused (HTTP 401); it may have expired or been "
        "revoked: make a new one and put it in $READWISE_TOKEN.\n"
    )
    assert TOKEN not in result.output


def test_a_missing_token_says_where_to_get_one(workspace, monkeypatch):
    monkeypatch.delenv("RAINDROP_TOKEN")
    result = run("--from", "raindrop")
    assert result.exit_code == 1 and "$RAINDROP_TOKEN" in result.stderr and "Traceback" not in result.output


def test_429_is_retried_after_retry_after(workspace, httpserver):
    calls = []

    def handle(request):
        calls.append(request.path)
        if len(calls) == 1:
            return Response("slow down", status=429, headers={"Retry-After": "0"})
        return Response(
            json.dumps({"count": 0, "nextPageCursor": None, "results": []}), content_type="application/json"
        )

    httpserver.expect_request("/api/v2/export/").respond_with_handler(handle)
    result = run("--from", "readwise")
    assert result.exit_code == 0, result.output
    assert len(calls) == 2


def test_429_for_good_is_a_clear_message(workspace, httpserver):
    httpserver.expect_request("/api/v2/export/").respond_with_response(
        Response("no", status=429, headers={"Retry-After": "0"})
    )
    result = run("--from", "readwise")
    assert result.exit_code == 1 and "still rate-limited (HTTP 429) after 2 tries" in result.stderr


def test_429_after_the_first_page_says_nothing_of_the_pull_was_imported(workspace, httpserver):
    """Every page is read before any entry is written, so a 429 on the second page imports
    nothing; the message said "what was imported stays", as if the first page's had been."""

    def handle(request):
        if request.args.get("pageCursor"):
            return Response("no", status=429, headers={"Retry-After": "0"})
        return Response(json.dumps(READWISE_PAGES[None]), content_type="application/json")

    httpserver.expect_request("/api/v2/export/").respond_with_handler(handle)
    result = run("--from", "readwise")
    assert result.exit_code == 1 and not (workspace / "entries").exists()
    assert "still rate-limited (HTTP 429) after 2 tries" in result.stderr
    assert "nothing was imported" in result.stderr and "stays" not in result.stderr


def test_a_network_failure_is_a_clear_message(workspace):
    settings = workspace / "newsletter.toml"
    lines = [line for line in settings.read_text().splitlines() if not line.startswith(("linkding_url", "retries"))]
    settings.write_text("\n".join(lines) + '\nlinkding_url = "http://127.0.0.1:9"\nretries = 0\n')  # nothing listens
    result = run("--from", "linkding")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: linkding: could not reach 127.0.0.1 (")
    assert "Traceback" not in result.output and TOKEN not in result.output


# Raindrop.io: GET /rest/v1/raindrops/0?page=N&perpage=50, Authorization: Bearer


def test_raindrop_pages_until_count(workspace, httpserver):
    items = [
        {
            "_id": n,
            "link": f"https://site.example/{n}",
            "title": f"Page {n}",
            "tags": ["t"],
            "created": "2024-05-01T10:00:00.000Z",
            "highlights": [{"text": f"quote {n}", "note": ""}] if n == 3 else [],
        }
        for n in range(1, 61)
    ]
    pages = []
    handler = authorised("Authorization", f"Bearer {TOKEN}")
    handler.answer = lambda request: (
        pages.append(int(request.args["page"])),
        {"result": True, "count": 60, "items": items[pages[-1] * 50 : (pages[-1] + 1) * 50]},
    )[1]
    httpserver.expect_request("/rest/v1/raindrops/0").respond_with_handler(handler)
    result = run("--from", "raindrop", "--limit", "55")
    assert result.exit_code == 0, result.output
    assert pages == [0, 1] and len(entries(workspace)) == 55
    assert "> quote 3" in entries(workspace)["page-3.md"].notes


def test_raindrop_titles_from_the_api_come_decoded(workspace, httpserver):
    """The API's titles hold the page's HTML entities too (the Obsidian plugin's users saw
    "&quot;" and "&amp;" in their notes): the draft got "Tabs &amp; spaces"."""
    item = {"_id": 1, "link": "https://site.example/1", "title": "Tabs &amp; spaces", "created": "2024-05-01T10:00:00Z"}
    handler = authorised("Authorization", f"Bearer {TOKEN}")
    handler.answer = lambda request: {
        "result": True,
        "count": 1,
        "items": [item] if request.args["page"] == "0" else [],
    }
    httpserver.expect_request("/rest/v1/raindrops/0").respond_with_handler(handler)
    result = run("--from", "raindrop")
    assert result.exit_code == 0, result.output
    assert [entry.title for entry in entries(workspace).values()] == ["Tabs & spaces"]


# Hypothesis: GET /api/profile for the user, then /api/search?user=…&search_after=…


def test_hypothesis_pages_with_search_after(workspace, httpserver):
    rows = [
        {
            "id": f"a{n}",
            "created": f"2024-05-0{n}T10:00:00+00:00",
            "uri": "https://paper.example/p.pdf",
            "text": "",
            "tags": [],
            "document": {"title": ["A paper"]},
            "target": [{"selector": [{"type": "TextQuoteSelector", "exact": f"passage {n}"}]}],
        }
        for n in range(1, 4)
    ]
    profile = authorised("Authorization", f"Bearer {TOKEN}")
    profile.answer = lambda request: {"userid": "acct:reader@hypothes.is"}
    search = authorised("Authorization", f"Bearer {TOKEN}")
    asked = []

    def answer(request):
        asked.append(request.args.get("search_after"))
        assert request.args["user"] == "acct:reader@hypothes.is"
        after = request.args.get("search_after") or ""
        return {"total": 3, "rows": [row for row in rows if row["created"] > after][:2]}

    search.answer = answer
    httpserver.expect_request("/api/profile").respond_with_handler(profile)
    httpserver.expect_request("/api/search").respond_with_handler(search)
    result = run("--from", "hypothesis")
    assert result.exit_code == 0, result.output
    [entry] = entries(workspace).values()
    assert [f"passage {n}" in entry.notes for n in (1, 2, 3)] == [True, True, True]
    assert asked == [None, rows[1]["created"], rows[2]["created"]]


# linkding: GET <base>/api/bookmarks/?limit=100, then the `next` URL; Authorization: Token


def test_linkding_follows_next_and_skips_unread(workspace, httpserver):
    base = httpserver.url_for("").rstrip("/")
    page_two = {
        "count": 2,
        "next": None,
        "results": [
            {
                "id": 2,
                "url": "https://b.example/",
                "title": "",
                "website_title": "B site",
                "description": "",
                "notes": "n",
                "tag_names": ["x"],
                "date_added": "2024-04-02T10:00:00Z",
                "unread": True,
            }
        ],
    }
    page_one = {
        "count": 2,
        "next": f"{base}/api/bookmarks/?limit=100&offset=1",
        "results": [
            {
                "id": 1,
                "url": "https://a.example/",
                "title": "A, “quoted”",
                "description": "why",
                "notes": "",
                "tag_names": [],
                "date_added": "2024-04-01T10:00:00Z",
                "unread": False,
            }
        ],
    }
    handler = authorised("Authorization", f"Token {TOKEN}")
    handler.answer = lambda request: page_two if request.args.get("offset") else page_one
    httpserver.expect_request("/api/bookmarks/").respond_with_handler(handler)
    result = run("--from", "linkding")
    assert result.exit_code == 0, result.output
    assert list(entries(workspace)) == ["a-quoted.md"] and "1 unread" in result.stderr
    run("--from", "linkding", "--include-unread")
    assert sorted(entries(workspace)) == ["a-quoted.md", "b-site.md"]


def test_a_next_page_on_another_host_is_refused(workspace, httpserver):
    handler = authorised("Authorization", f"Token {TOKEN}")
    handler.answer = lambda request: {"count": 2, "next": "http://elsewhere.example/steal", "results": []}
    httpserver.expect_request("/api/bookmarks/").respond_with_handler(handler)
    result = run("--from", "linkding")
    assert result.exit_code == 1 and "stopped rather than send the token there" in result.stderr


# Zotero: GET /groups/<id>/items/top, Zotero-API-Key, Link: <…>; rel="next"


def test_zotero_follows_link_next_and_writes_papers(workspace, httpserver):
    base = httpserver.url_for("").rstrip("/")
    first = [
        {
            "key": "K1",
            "data": {
                "key": "K1",
                "itemType": "journalArticle",
                "title": "Attention Is All You Need",
                "creators": [
                    {"creatorType": "author", "firstName": "Ashish", "lastName": "Vaswani"},
                    {"creatorType": "author", "firstName": "太郎", "lastName": "田中"},  # not '太郎 田中'
                ],
                "DOI": "10.48550/arXiv.1706.03762",
                "url": "https://arxiv.org/abs/1706.03762",
                "date": "2017-06-12",
                "dateAdded": "2024-03-05T10:00:00Z",
                "tags": [{"tag": "ml"}],
            },
        }
    ]
    second = [
        {"key": "N1", "data": {"key": "N1", "itemType": "note", "note": "x"}},
        {
            "key": "K2",
            "data": {
                "key": "K2",
                "itemType": "book",
                "title": "Thinking in Systems",
                "creators": [{"creatorType": "author", "name": "Donella H. Meadows"}],
                "dateAdded": "2024-03-06T10:00:00Z",
            },
        },
    ]

    def handle(request):
        if request.headers.get("Zotero-API-Key") != TOKEN:
            return Response("Forbidden", status=403)
        if request.args.get("start") == "1":
            return Response(json.dumps(second), content_type="application/json")
        return Response(
            json.dumps(first),
            content_type="application/json",
            headers={"Link": f'<{base}/groups/4711/items/top?limit=1&start=1>; rel="next"'},
        )

    httpserver.expect_request("/groups/4711/items/top").respond_with_handler(handle)
    result = run("--from", "zotero")
    assert result.exit_code == 0, result.output
    found = entries(workspace)
    paper = found["attention-is-all-you-need.md"]
    assert paper.type == "paper" and paper.issued == "2017-06-12" and paper.doi == "10.48550/arXiv.1706.03762"
    assert paper.date.isoformat() == "2024-03-05" and paper.speakers == ["Ashish Vaswani", "田中太郎"]
    assert found["thinking-in-systems.md"].type == "book" and found["thinking-in-systems.md"].url is None


def test_zotero_without_a_library_says_which_setting(workspace):
    settings = workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('zotero_library = "groups/4711"\n', ""))
    result = run("--from", "zotero")
    assert result.exit_code == 1 and "set `zotero_library` in [imports]" in result.stderr


def test_a_pull_with_since_asks_from_that_day_and_is_no_baseline_for_the_next(workspace, httpserver):
    seen = []
    handler = authorised("Authorization", f"Token {TOKEN}")
    handler.answer = lambda request: (seen.append(dict(request.args)), READWISE_PAGES[request.args.get("pageCursor")])[
        1
    ]
    httpserver.expect_request("/api/v2/export/").respond_with_handler(handler)
    assert run("--from", "readwise", "--since", "2024-01-01").exit_code == 0
    assert seen[0]["updatedAfter"] == "2024-01-01T00:00:00Z"
    assert run("--from", "readwise").exit_code == 0
    assert "updatedAfter" not in seen[-2]  # the first page of the second pull: everything


def test_an_answer_nested_past_the_decoder_or_of_odd_records_is_a_clear_message(workspace, httpserver):
    """A service (or whatever answers at its URL) sending JSON nested a hundred thousand deep
    raised RecursionError; Zotero records that are not objects raised AttributeError."""
    httpserver.expect_request("/api/v2/export/").respond_with_data(
        "[" * 100_000 + "]" * 100_000, content_type="application/json"
    )
    result = CliRunner().invoke(main, ["import", "--from", "readwise"])
    assert result.exit_code == 1 and "answered something that is not its API's JSON" in result.stderr, result.output
    httpserver.expect_request("/groups/4711/items/top").respond_with_json([5, "x", {"data": 5}, {"data": None}])
    result = CliRunner().invoke(main, ["import", "--from", "zotero"])
    assert result.exit_code == 0 and not result.exception, result.output
    assert not (workspace / "entries").exists() or not list((workspace / "entries").rglob("*.md"))


@pytest.mark.parametrize(
    "service, path, answer",
    [
        ("readwise", "/api/v2/export/", [1, 2]),
        ("readwise", "/api/v2/export/", {"results": [5, {"title": "T", "highlights": [7, {"text": "q"}]}]}),
        (
            "raindrop",
            "/rest/v1/raindrops/0",
            {"count": "many", "items": [5, {"link": "https://a.example/", "highlights": [3]}]},
        ),
        ("linkding", "/api/bookmarks/", {"results": ["x", None, {"url": "https://b.example/"}], "next": None}),
        ("hypothesis", "/api/search", {"rows": [5]}),
    ],
)
def test_answers_of_another_shape_are_read_as_far_as_they_go_or_named(workspace, httpserver, service, path, answer):
    """What a service sends is untrusted: a list where an object belongs, or records that are
    numbers or strings, raised AttributeError (and a count that is no number ValueError)."""
    httpserver.expect_request("/api/profile").respond_with_json({"userid": "acct:ann@hypothes.is"})
    httpserver.expect_request(path).respond_with_json(answer)
    result = CliRunner().invoke(main, ["import", "--from", service])
    assert not isinstance(result.exception, (AttributeError, TypeError, ValueError)), result.output
    if isinstance(answer, list):
        assert result.exit_code == 1 and "answered something that is not its API's JSON" in result.stderr
    else:
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("value", [["a", "b"], 123, {"x": 1}, True], ids=repr)
def test_a_service_field_of_the_wrong_type_is_left_out_with_a_warning(workspace, httpserver, value):
    """A number, list, object or true where an API sends text was written into the entry as
    "['a', 'b']", "123", "{'x': 1}" or "True", or raised TypeError (a list as Readwise's
    category or Zotero's itemType, a number as linkding's description)."""
    v = value
    answers = {
        "readwise": (
            "/api/v2/export/",
            {"results": [{"user_book_id": 1, "title": "Book", "author": v, "category": v, "book_tags": [v]}]},
        ),
        "raindrop": (
            "/rest/v1/raindrops/0",
            {"count": 1, "items": [{"_id": 9, "link": "https://r.example/", "title": v, "note": v, "tags": [v]}]},
        ),
        "linkding": (
            "/api/bookmarks/",
            {"results": [{"id": 4, "url": "https://l.example/", "title": v, "description": v, "notes": v}]},
        ),
        "zotero": (
            "/groups/4711/items/top",
            [{"data": {"key": "K", "itemType": v, "title": "Paper", "url": "https://z.example/", "tags": [v]}}]
            + [{"data": {"key": "K2", "itemType": "book", "title": "Manual", "creators": [{"firstName": v}]}}],
        ),
    }
    warned = {
        "readwise": "Readwise: 'Book': `author`",
        "raindrop": "Raindrop.io: item 9 (https://r.example/): `title`",
        "linkding": "linkding: bookmark 4 (https://l.example/): `title`",
        "zotero": "Zotero: item K: `itemType`",
    }
    for service, (path, answer) in answers.items():
        httpserver.expect_request(path).respond_with_json(answer)
        result = run("--from", service)
        assert result.exit_code == 0, (service, result.output)
        kind = {list: "a list", int: "a number (123)", dict: "an object", bool: "true"}[type(v)]
        assert f"warning: {warned[service]} is {kind}, not text; left out\n" in result.stderr, result.stderr
    written = "".join(path.read_text() for path in (workspace / "entries").rglob("*.md"))
    assert len(list((workspace / "entries").rglob("*.md"))) == 5
    assert not [s for s in ("['a', 'b']", "123", "{'x': 1}", "True") if s in written], written


def test_zotero_tags_are_read(workspace, httpserver):
    """The API writes tags as [{"tag": "ml"}]; only `name` was read, so every Zotero tag was lost."""
    data = {"key": "K", "itemType": "journalArticle", "title": "Paper", "url": "https://z.example/"}
    httpserver.expect_request("/groups/4711/items/top").respond_with_json([{"data": data | {"tags": [{"tag": "ml"}]}}])
    assert run("--from", "zotero").exit_code == 0
    assert entries(workspace)["paper.md"].tags == ["ml"]


def test_answers_past_the_size_cap_are_refused_as_they_come(workspace, httpserver, monkeypatch):
    """An answer was read whole, whatever its size (300 MB of JSON took 1 GB of memory, and one
    of gigabytes all there was), and a pull's pages, all kept until it ends, had no limit together."""
    monkeypatch.setattr(api, "MAX_PULL_BYTES", 50_000, raising=False)
    record = b'{"user_book_id": 1, "title": "' + b"x" * 100 + b'", "highlights": []},'

    def endless(request):  # no Content-Length: the size shows only as it comes
        pieces = (record for _ in range(100_000))
        return Response(
            chain([b'{"results": ['], pieces, [b'{}], "nextPageCursor": null}']), mimetype="application/json"
        )

    httpserver.expect_request("/api/v2/export/").respond_with_handler(endless)
    result = run("--from", "readwise")
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        "Error: Readwise: its answers came to more than 0.05 MB, more than one import reads; stopped, nothing "
        "was imported. Check the service's URL setting in newsletter.toml; if it is right, import the "
        "service's export file instead, in parts.\n"
    )

    def page(request):  # 20 KB each, ten of them
        number = int(request.args.get("offset", 0))
        results = [{"id": number + n, "url": f"https://l.example/{number + n}", "title": "t" * 150} for n in range(100)]
        following = httpserver.url_for(f"/api/bookmarks/?offset={number + 100}") if number < 900 else None
        return Response(json.dumps({"results": results, "next": following}), mimetype="application/json")

    httpserver.expect_request("/api/bookmarks/").respond_with_handler(page)
    result = run("--from", "linkding")
    assert result.exit_code == 1 and "Error: linkding: its answers came to more than" in result.stderr, result.output
    assert not (workspace / "entries").exists()


def test_a_next_page_at_another_port_of_the_host_is_refused(workspace, httpserver):
    """Only the host was compared: a `next` link to another port of it (another program there,
    or an app's own port behind its proxy) got the token."""
    other = HTTPServer()
    other.start()
    try:
        other.expect_request("/steal").respond_with_json({"results": [], "next": None})
        handler = authorised("Authorization", f"Token {TOKEN}")
        handler.answer = lambda request: {"next": f"http://localhost:{other.port}/steal", "results": []}
        httpserver.expect_request("/api/bookmarks/").respond_with_handler(handler)
        result = run("--from", "linkding")
        assert result.exit_code == 1, result.output
        assert result.stderr == (
            f"Error: linkding: the next page is at http://localhost:{other.port}, not at "
            f"http://localhost:{httpserver.port}; stopped rather than send the token there.\n"
        )
        assert not other.log
    finally:
        other.stop()


def test_a_next_page_over_plain_http_is_asked_for_over_https(tmp_path, monkeypatch, test_ca):
    """A service behind a proxy that does not tell it the client spoke https (linkding, Django
    REST) writes its `next` links as http://: the token went to port 80 unencrypted."""
    server = HTTPServer(ssl_context=test_ca.server_context)
    server.start()
    try:
        root = tmp_path / "ws"
        root.mkdir()
        base = server.url_for("").rstrip("/")
        settings = f'[newsletter]\nname = "Test"\n\n[imports]\nlinkding_url = "{base}"\nretries = 0\n'
        (root / "newsletter.toml").write_text(settings)
        monkeypatch.chdir(root)
        monkeypatch.setenv("LINKDING_TOKEN", TOKEN)
        monkeypatch.setenv("SSL_CERT_FILE", str(test_ca.ca_pem))
        monkeypatch.delenv("SSL_CERT_DIR", raising=False)
        handler = authorised("Authorization", f"Token {TOKEN}")
        handler.answer = lambda request: (
            {"next": None, "results": [{"id": 2, "url": "https://b.example/", "title": "B"}]}
            if request.args.get("offset")
            else {
                "next": "http://localhost/api/bookmarks/?limit=100&offset=100",
                "results": [{"id": 1, "url": "https://a.example/", "title": "A"}],
            }
        )
        server.expect_request("/api/bookmarks/").respond_with_handler(handler)
        result = run("--from", "linkding")
        assert result.exit_code == 0, result.output
        assert sorted(entries(root)) == ["a.md", "b.md"]
        assert [request.args.get("offset") for request, _ in server.log] == [None, "100"]
    finally:
        server.stop()


@pytest.mark.parametrize("following", [5, ["https://x.example/"], {"url": "/api/bookmarks/"}, True], ids=repr)
def test_a_next_page_named_by_something_other_than_an_address_is_a_clear_message(workspace, httpserver, following):
    """linkding's `next` is an address; a number or a list there raised AttributeError out of `import`."""
    httpserver.expect_request("/api/bookmarks/").respond_with_json({"results": [], "next": following})
    result = CliRunner().invoke(main, ["import", "--from", "linkding"])
    assert result.exit_code == 1 and not isinstance(result.exception, AttributeError), result.output
    kind = {int: "a number (5)", list: "a list", dict: "an object", bool: "true"}[type(following)]
    assert result.stderr == (
        f"Error: linkding: the next page is named by {kind}, not an address; stopped, nothing was imported.\n"
    )


def test_a_service_naming_the_same_next_page_again_is_stopped_at_once(workspace, httpserver, monkeypatch):
    """A cursor that never moves was asked for again and again, up to 10,000 pages (an hour of
    requests to a real service), before import gave up."""
    monkeypatch.setattr(services, "PAGE_CAP", 50)
    httpserver.expect_request("/api/v2/export/").respond_with_json(
        {"results": [{"title": "T", "highlights": [{"text": "q"}]}], "nextPageCursor": "c7"}
    )
    result = run("--from", "readwise")
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        "Error: Readwise: it named the same next page twice (c7); stopped rather than ask for it again, "
        "nothing was imported. Try again later.\n"
    )
    assert [request.args.get("pageCursor") for request, _ in httpserver.log] == [None, "c7"]


def test_a_service_failing_for_good_says_so_rather_than_blame_the_url_setting(workspace, httpserver):
    """A 500 or 503 after every retry said "check the service's URL setting": the setting was right."""
    httpserver.expect_request("/api/v2/export/").respond_with_data("oops", status=500, headers={"Retry-After": "0"})
    result = run("--from", "readwise")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: Readwise: localhost failed with HTTP 500 after 2 tries, a fault on the service's side; "
        "run again later: nothing was imported this time.\n"
    )
    httpserver.clear()
    httpserver.expect_request("/api/v2/export/").respond_with_data("down", status=503, headers={"Retry-After": "3600"})
    result = run("--from", "readwise")
    assert result.stderr == (
        "Error: Readwise: localhost failed with HTTP 503 after 1 try (it asked to wait 3600 s), a fault on "
        "the service's side; run again later: nothing was imported this time.\n"
    )


def test_an_id_holding_terminal_escapes_reaches_the_terminal_without_them(workspace, httpserver):
    """Warnings named a record by its id as the service sent it: ESC ] 0 ; … BEL in one retitled
    the terminal, and other sequences can recolour or rewrite what is on it."""
    evil = "\x1b]0;owned\x07\x1b[2J9"
    httpserver.expect_request("/rest/v1/raindrops/0").respond_with_json(
        {"count": 2, "items": [{"_id": evil}, {"_id": evil, "link": "https://r.example/", "title": ["x"]}]}
    )
    result = run("--from", "raindrop")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        "warning: Raindrop.io: skipped item ]0;owned[2J9: no web link\n"
        "warning: Raindrop.io: item ]0;owned[2J9 (https://r.example/): `title` is a list, not text; left out\n"
    )


def test_a_retry_after_of_digits_that_are_not_ascii_is_a_backoff_not_a_traceback(workspace, httpserver, monkeypatch):
    """ "²".isdigit() is true, and float("²") raised ValueError out of `import`."""
    monkeypatch.setattr(api, "sleep", lambda seconds: None)
    answers = iter([Response("busy", status=503, headers={"Retry-After": "²"})])

    def handle(request):
        return next(answers, None) or Response(json.dumps({"results": []}), content_type="application/json")

    httpserver.expect_request("/api/v2/export/").respond_with_handler(handle)
    result = run("--from", "readwise")
    assert result.exit_code == 0, result.output
    assert len(httpserver.log) == 2


def test_a_pull_that_cannot_be_recorded_is_named_and_its_entries_kept(workspace, httpserver):
    """A .newsletter that cannot hold the record of the pull (a file by that name here; a
    read-only folder alike) ended `import --from` in an OSError traceback, its entries written."""
    page = {
        "count": 1,
        "next": None,
        "results": [
            {"id": 1, "url": "https://a.example/", "title": "A", "date_added": "2024-04-01T10:00:00Z", "unread": False}
        ],
    }
    httpserver.expect_request("/api/bookmarks/").respond_with_json(page)
    (workspace / ".newsletter").write_text("not a folder")
    result = run("--from", "linkding")
    assert result.exit_code == 0
    assert result.stderr.startswith(
        "warning: .newsletter/imports.json: cannot record this pull (File exists); "
        "the next `import --from linkding` asks for everything again and skips what is in the log\n"
    )
    assert list(entries(workspace)) == ["a.md"] and (workspace / ".newsletter").read_text() == "not a folder"


@pytest.mark.parametrize("state", ["[" * 100_000 + "]" * 100_000, '{"readwise": "yesterday"}', '{"readwise": 3}'])
def test_a_record_of_pulls_that_cannot_be_read_asks_for_everything(workspace, httpserver, state):
    """.newsletter/imports.json of '[' 100,000 deep ended `import --from` in a RecursionError
    traceback (attack 31), and a time there that is none in a ValueError or TypeError one."""
    seen = []
    httpserver.expect_request("/api/v2/export/").respond_with_handler(
        lambda request: (seen.append(dict(request.args)), Response(json.dumps({"results": []})))[1]
    )
    (workspace / ".newsletter").mkdir(exist_ok=True)
    (workspace / ".newsletter/imports.json").write_text(state)
    result = run("--from", "readwise")
    assert result.exit_code == 0, result.output
    assert seen and "updatedAfter" not in seen[0]
    assert "readwise" in json.loads((workspace / ".newsletter/imports.json").read_text())
    assert "warning: .newsletter/imports.json: cannot read when each service was last pulled" in result.stderr
