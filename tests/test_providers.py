"""Provider adapters against a local server answering like the real services.

The responses in tests/provider_responses/ are shaped like the real ones (field names, nesting,
types, content types, error statuses and headers); each API's base URL is a module constant
pointed at the local server.
"""

import asyncio
import dataclasses
import io
import json
import time
import zlib
from pathlib import Path

import pytest
from werkzeug import Response

from newsletter.config import Fetch
from newsletter.errors import FetchError
from newsletter.links.fetch import Fetcher, make_client
from newsletter.links.providers import adapters, arxiv, doi, find, github, later_steps, pdf, twitter, vimeo, youtube
from newsletter.models import Metadata

RESPONSES = Path(__file__).parent / "provider_responses"
ATOM = "application/atom+xml; charset=utf-8"


def response(name: str) -> str:
    return (RESPONSES / name).read_text(encoding="utf-8")


def answer(name: str) -> dict:
    return json.loads(response(name))


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """No proxy of the machine running the tests, and no GitHub token unless a test sets one."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "GITHUB_TOKEN"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def run(step, **settings):
    """Run `step(fetcher)` with a fetcher allowed to reach the local server."""
    config = Fetch(**{"timeout": 2.0, "allow_private_addresses": True, **settings})

    async def go():
        async with make_client(config) as client:
            fetcher = Fetcher(client, config)
            fetcher.backoff = 0.001
            return await step(fetcher)

    return asyncio.run(go())


def fetch(adapter, url, **settings) -> Metadata:
    return run(lambda fetcher: adapter.fetch(fetcher, url), **settings)


def failure(adapter, url, **settings) -> str:
    with pytest.raises(FetchError) as info:
        fetch(adapter, url, **settings)
    assert info.value.url == url  # the user's link, not the API's
    return info.value.reason


def test_every_adapter_has_the_interface():
    assert {youtube, vimeo, arxiv, github, doi, twitter, pdf} <= set(adapters())  # the loop below sees them
    assert later_steps()
    for adapter in adapters():
        assert callable(adapter.matches) and callable(adapter.needs_page)
        assert asyncio.iscoroutinefunction(adapter.fetch), adapter.__name__
        assert not hasattr(adapter, "refine") or asyncio.iscoroutinefunction(adapter.refine)
    for step in later_steps():
        assert callable(step.wants) and asyncio.iscoroutinefunction(step.refine), step.__name__


def test_finding_a_links_adapter_reads_no_answer_parser():
    """The registry loads every adapter to ask `matches`, before a cold build's first request
    leaves: what only reads an answer (values, depth, xml) is not imported then (~30 ms)."""
    import subprocess
    import sys

    code = (
        "import sys; import newsletter.links.web; from newsletter.links.providers import find; "
        "find('https://blog.example/post'); find('https://www.youtube.com/watch?v=z-WSrQDXkuM'); "
        "print([m for m in ('newsletter.links.values', 'newsletter.links.depth', 'xml.etree.ElementTree') "
        "if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (done.stdout.strip(), done.stderr) == ("[]", "")


def test_a_links_adapter_is_found_without_sorting_the_registry_or_parsing_the_link_again():
    """`find` runs for every link of a cold month on the event loop before its request leaves:
    the adapters are listed and ordered once (as the registry is read once), and the link's host,
    which each adapter's `matches` asks for, is parsed once, not by each adapter."""
    from newsletter.links import urls

    assert adapters() is adapters() and later_steps() is later_steps()
    link = "https://www.example.com/a-post-read-once"
    before = urls.host.cache_info()
    assert find(link) is None
    after = urls.host.cache_info()
    assert after.misses - before.misses == 1
    assert after.hits - before.hits >= 3  # youtube, vimeo, arxiv and github ask it too


@pytest.mark.parametrize(
    ("url", "adapter"),
    [
        ("https://www.youtube.com/watch?v=z-WSrQDXkuM", youtube),
        ("https://vimeo.com/379834851", vimeo),
        ("https://arxiv.org/pdf/1706.03762.pdf", arxiv),  # arXiv's own PDFs go to its API
        ("https://github.com/google/jax", github),
        ("https://doi.org/10.1371/journal.pcbi.1005510", doi),
        ("https://x.com/jakevdp/status/1280215453361221632", twitter),
        ("https://example.com/papers/report.PDF", pdf),
        ("https://example.com/blog/post", None),
        ("not a url", None),
    ],
)
def test_find_picks_the_adapter(url, adapter):
    assert find(url) is adapter


# YouTube


@pytest.mark.parametrize(
    ("url", "video"),
    [
        ("https://www.youtube.com/watch?v=z-WSrQDXkuM", "z-WSrQDXkuM"),
        ("https://youtube.com/watch?feature=share&v=z-WSrQDXkuM&t=42", "z-WSrQDXkuM"),
        ("https://m.youtube.com/watch?v=z-WSrQDXkuM", "z-WSrQDXkuM"),
        ("https://youtu.be/z-WSrQDXkuM?si=abc", "z-WSrQDXkuM"),
        ("https://www.youtube.com/shorts/aqz-KE-bpKQ", "aqz-KE-bpKQ"),
        ("https://www.youtube.com/live/XIu8ZF7RSkw?feature=share", "XIu8ZF7RSkw"),
        ("https://www.youtube.com/embed/XIu8ZF7RSkw", "XIu8ZF7RSkw"),
        ("https://www.youtube-nocookie.com/embed/XIu8ZF7RSkw", "XIu8ZF7RSkw"),
        ("https://www.youtube.com/@enthought", None),
        ("https://www.youtube.com/playlist?list=PLYx7XA2nY5Gde0WF1yswQw5InhmSNED8o", None),
        ("https://www.youtube.com/watch?v=short", None),
        ("https://notyoutube.com/watch?v=z-WSrQDXkuM", None),
    ],
)
def test_youtube_links(url, video):
    assert youtube.video_id(url) == video


def test_youtube_oembed_gives_title_and_channel_not_speaker(httpserver, monkeypatch):
    monkeypatch.setattr(youtube, "API", httpserver.url_for("/oembed"))
    watch = "https://www.youtube.com/watch?v=z-WSrQDXkuM"
    httpserver.expect_request("/oembed", query_string={"url": watch, "format": "json"}).respond_with_data(
        response("youtube-oembed.json"), content_type="application/json"
    )
    meta = fetch(youtube, "https://youtu.be/z-WSrQDXkuM")
    assert meta == Metadata(
        url=watch,
        title="JAX: Accelerated Machine Learning Research | SciPy 2020 | VanderPlas",
        authors=[],  # "Enthought" is the channel
        site_name="YouTube",
        image="https://i.ytimg.com/vi/z-WSrQDXkuM/hqdefault.jpg",
        kind="video",
        extras={"channel": "Enthought"},
    )
    assert youtube.needs_page(meta)  # for the upload date and duration


@pytest.mark.parametrize(("status", "body"), [(404, "Not Found"), (400, "Bad Request")])
def test_youtube_removed_video(httpserver, monkeypatch, status, body):
    monkeypatch.setattr(youtube, "API", httpserver.url_for("/oembed"))
    httpserver.expect_request("/oembed").respond_with_data(body, status=status, content_type="text/html")
    url = "https://www.youtube.com/watch?v=AAAAAAAAAAA"
    assert failure(youtube, url) == "video unavailable: removed, or the link is wrong"


def test_youtube_oembed_down_falls_back_to_the_page(httpserver, monkeypatch):
    monkeypatch.setattr(youtube, "API", httpserver.url_for("/oembed"))
    httpserver.expect_request("/oembed").respond_with_data("", status=503)
    meta = fetch(youtube, "https://www.youtube.com/watch?v=z-WSrQDXkuM")
    assert (meta.title, meta.kind, meta.site_name) == (None, "video", "YouTube")
    assert youtube.needs_page(meta)


# Vimeo


@pytest.mark.parametrize(
    ("url", "video"),
    [
        ("https://vimeo.com/379834851", ("379834851", None)),
        ("https://vimeo.com/379834851/5b0d6e2a1f", ("379834851", "5b0d6e2a1f")),
        ("https://vimeo.com/channels/staffpicks/379834851", ("379834851", None)),
        ("https://vimeo.com/groups/pydata/videos/379834851", ("379834851", None)),
        ("https://vimeo.com/showcase/6543210/video/379834851", ("379834851", None)),
        ("https://player.vimeo.com/video/379834851?h=5b0d6e2a1f", ("379834851", "5b0d6e2a1f")),
        ("https://vimeo.com/pydata", None),
        ("https://vimeo.com/channels/staffpicks", None),
    ],
)
def test_vimeo_links(url, video):
    assert vimeo.video(url) == video


def test_vimeo_oembed(httpserver, monkeypatch):
    monkeypatch.setattr(vimeo, "API", httpserver.url_for("/api/oembed.json"))
    httpserver.expect_request(
        "/api/oembed.json", query_string={"url": "https://vimeo.com/379834851"}
    ).respond_with_data(response("vimeo-oembed.json"), content_type="application/json")
    meta = fetch(vimeo, "https://vimeo.com/channels/pydata/379834851")
    assert meta == Metadata(
        url="https://vimeo.com/379834851",
        title="Notebooks in Production: Lessons from Two Years of Papermill",
        authors=[],  # PyData's account uploaded it; Matthew Seal spoke
        site_name="Vimeo",
        published="2019-12-11T14:03:09",
        description="Talk by Matthew Seal at PyData New York 2019. Netflix has been running Jupyter notebooks "
        "as scheduled production jobs for two years.",
        image="https://i.vimeocdn.com/video/839420163-7f6bb4a3e4c6a8b1d1a0f5b0d6b2b97b8dcf1d1c6e5f0c9e1b3c4a2d7e8"
        "f9a0b-d_640",  # oEmbed's is 295x166, stretched to 544 px in the email
        kind="video",
        duration=2317,
        extras={"channel": "PyData", "uploader_url": "https://vimeo.com/pydata"},
    )
    assert not vimeo.needs_page(meta)


@pytest.mark.parametrize(
    ("thumbnail", "image"),
    [
        ("https://i.vimeocdn.com/video/452001751_295x166.webp", "https://i.vimeocdn.com/video/452001751_640.webp"),
        ("https://i.vimeocdn.com/video/938592587_295x166.jpg", "https://i.vimeocdn.com/video/938592587_640.jpg"),
        (
            "https://i.vimeocdn.com/video/1234567890-abcdef0123-d_295x166",
            "https://i.vimeocdn.com/video/1234567890-abcdef0123-d_640",
        ),
        (
            "https://i.vimeocdn.com/video/938592587.jpg",
            "https://i.vimeocdn.com/video/938592587.jpg",
        ),  # full size already
        ("https://cdn.example.com/thumbs/clip_295x166.jpg", "https://cdn.example.com/thumbs/clip_295x166.jpg"),
    ],
)
def test_vimeo_thumbnail_is_asked_for_as_wide_as_the_email_shows_it(httpserver, monkeypatch, thumbnail, image):
    """oEmbed answers with Vimeo's smallest thumbnail, 295 px wide, which the email stretched
    to 544 px; Vimeo's CDN draws one at the width its name asks for."""
    monkeypatch.setattr(vimeo, "API", httpserver.url_for("/api/oembed.json"))
    answer = json.loads(response("vimeo-oembed.json"))
    answer["thumbnail_url"] = thumbnail
    httpserver.expect_request("/api/oembed.json").respond_with_json(answer)
    assert fetch(vimeo, "https://vimeo.com/379834851").image == image


def test_vimeo_domain_restricted_video_falls_back_to_the_page(httpserver, monkeypatch):
    monkeypatch.setattr(vimeo, "API", httpserver.url_for("/api/oembed.json"))
    httpserver.expect_request("/api/oembed.json").respond_with_data(
        response("vimeo-oembed-domain-restricted.json"), content_type="application/json"
    )
    meta = fetch(vimeo, "https://vimeo.com/379834851")
    assert meta.title is None and vimeo.needs_page(meta)


def test_vimeo_private_video(httpserver, monkeypatch):
    monkeypatch.setattr(vimeo, "API", httpserver.url_for("/api/oembed.json"))
    httpserver.expect_request("/api/oembed.json").respond_with_data(
        "404 Not Found", status=404, content_type="text/html"
    )
    reason = failure(vimeo, "https://vimeo.com/111111111")
    assert reason == "video unavailable: private, removed, or the link is wrong"


# arXiv


@pytest.mark.parametrize(
    ("url", "paper"),
    [
        ("https://arxiv.org/abs/1706.03762", ("1706.03762", "")),
        ("https://arxiv.org/abs/1706.03762v5", ("1706.03762", "v5")),
        ("https://arxiv.org/pdf/1706.03762", ("1706.03762", "")),
        ("https://arxiv.org/pdf/1706.03762v7.pdf", ("1706.03762", "v7")),
        ("http://export.arxiv.org/abs/2101.00001v2", ("2101.00001", "v2")),
        ("https://www.arxiv.org/html/2101.00001v1/", ("2101.00001", "v1")),
        ("https://arxiv.org/abs/hep-th/9901001", ("hep-th/9901001", "")),
        ("https://arxiv.org/pdf/math.GT/0309136v1", ("math.GT/0309136", "v1")),
        ("https://arxiv.org/abs/1706.03762?context=cs#abstract", ("1706.03762", "")),
        ("https://arxiv.org/list/cs.LG/recent", None),
        ("https://arxiv.org/a/vaswani_a_1", None),
        ("https://example.com/abs/1706.03762", None),
    ],
)
def test_arxiv_links(url, paper):
    assert arxiv.paper_id(url) == paper


def _arxiv_api(httpserver, monkeypatch, id_list, body, status=200):
    monkeypatch.setattr(arxiv, "API", httpserver.url_for("/api/query"))
    httpserver.expect_request("/api/query", query_string={"id_list": id_list}).respond_with_data(
        body, status=status, content_type=ATOM
    )


def test_arxiv_api(httpserver, monkeypatch):
    _arxiv_api(httpserver, monkeypatch, "1706.03762", response("arxiv-1706.03762.atom"))
    meta = fetch(arxiv, "https://arxiv.org/pdf/1706.03762.pdf")
    abstract = " ".join(response("arxiv-1706.03762.atom").split("<summary>")[1].split("</summary>")[0].split())
    assert abstract.startswith("The dominant sequence") and abstract.endswith("limited training data.")
    assert meta == Metadata(
        url="https://arxiv.org/abs/1706.03762",
        title="Attention Is All You Need",
        authors=[
            "Ashish Vaswani",
            "Noam Shazeer",
            "Niki Parmar",
            "Jakob Uszkoreit",
            "Llion Jones",
            "Aidan N. Gomez",
            "Lukasz Kaiser",
            "Illia Polosukhin",
        ],
        site_name="arXiv",
        published="2017-06-12T17:57:34+00:00",  # version 1, not the <updated> of v7
        description=meta.description,
        kind="paper",
        extras={
            "arxiv_id": "1706.03762",
            "abstract": abstract,
            "primary_category": "cs.CL",
            "pdf_url": "http://arxiv.org/pdf/1706.03762v7",
        },
    )
    assert abstract.startswith(meta.description.rstrip("…")) and len(meta.description) <= 300
    assert not arxiv.needs_page(meta)


def test_an_arxiv_answer_declaring_entities_fails_that_link_saying_so(httpserver, monkeypatch):
    entities = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {"b" * n}a "' + f"&{'b' * (n - 1)}a;" * 10 + '">' for n in range(1, 9)
    )
    feed = response("arxiv-1706.03762.atom").replace("<feed", f"<!DOCTYPE feed [{entities}]><feed", 1)
    _arxiv_api(httpserver, monkeypatch, "1706.03762", feed.replace("<title>", "<title>&bbbbbbbba;", 1))
    with pytest.raises(FetchError, match="declares XML entities"):
        fetch(arxiv, "https://arxiv.org/abs/1706.03762")


def test_arxiv_old_style_versioned_id_with_doi(httpserver, monkeypatch):
    _arxiv_api(httpserver, monkeypatch, "hep-th/9901001v1", response("arxiv-hep-th-9901001.atom"))
    meta = fetch(arxiv, "https://arxiv.org/abs/hep-th/9901001v1")
    assert meta.title == "Toward a Noncommutative Geometric Approach to Matrix Compactification"
    assert meta.authors == ["P. -M. Ho", "Y. -S. Wu"]
    assert meta.url == "https://arxiv.org/abs/hep-th/9901001"
    assert meta.published == "1999-01-02T01:10:32+00:00"
    assert meta.extras == {
        "arxiv_id": "hep-th/9901001",
        "primary_category": "hep-th",
        "doi": "10.1103/PhysRevD.58.066003",
        "journal": "Phys.Rev. D58 (1998) 066003",
        "pdf_url": "http://arxiv.org/pdf/hep-th/9901001v1",
        "abstract": "In this paper we study the compactification of the matrix model in the light of "
        "noncommutative geometry.",
    }


def test_arxiv_error_feed_with_status_200(httpserver, monkeypatch):
    _arxiv_api(httpserver, monkeypatch, "1706.0376", response("arxiv-error.atom"))
    assert failure(arxiv, "https://arxiv.org/abs/1706.0376") == "arXiv: incorrect id format for 1706.0376"


def test_arxiv_error_feed_with_status_400(httpserver, monkeypatch):
    _arxiv_api(httpserver, monkeypatch, "1706.0376", response("arxiv-error.atom"), status=400)
    assert failure(arxiv, "https://arxiv.org/abs/1706.0376") == "arXiv: the API does not accept the id 1706.0376"


def test_arxiv_unknown_paper(httpserver, monkeypatch):
    _arxiv_api(httpserver, monkeypatch, "2101.99999", response("arxiv-empty.atom"))
    assert failure(arxiv, "https://arxiv.org/abs/2101.99999") == "arXiv: no such paper 2101.99999"


def test_arxiv_api_down_falls_back_to_the_abs_page(httpserver, monkeypatch):
    _arxiv_api(httpserver, monkeypatch, "1706.03762", "", status=503)
    monkeypatch.setattr(arxiv, "ABS", httpserver.url_for("/abs/"))
    page = (Path(__file__).parent / "pages" / "arxiv-abs.html").read_bytes()
    httpserver.expect_request("/abs/1706.03762").respond_with_data(page, content_type="text/html")
    meta = fetch(arxiv, "https://arxiv.org/abs/1706.03762")
    assert meta.title == "Attention Is All You Need"
    assert len(meta.authors) == 8 and meta.kind == "paper"


def test_arxiv_api_and_page_down(httpserver, monkeypatch):
    _arxiv_api(httpserver, monkeypatch, "1706.03762", "", status=503)
    monkeypatch.setattr(arxiv, "ABS", httpserver.url_for("/abs/"))
    httpserver.expect_request("/abs/1706.03762").respond_with_data("", status=503)
    reason = failure(arxiv, "https://arxiv.org/abs/1706.03762")
    assert reason == "arXiv API: HTTP 503 Service Unavailable, after 3 attempts"


# GitHub


@pytest.mark.parametrize(
    ("url", "repo"),
    [
        ("https://github.com/google/jax", ("google", "jax", False)),
        ("https://www.github.com/google/jax/", ("google", "jax", False)),
        ("https://github.com/google/jax.git", ("google", "jax", False)),
        ("https://github.com/google/jax#readme", ("google", "jax", False)),
        ("https://github.com/google/jax/issues/1234", ("google", "jax", True)),
        ("https://github.com/google/jax/blob/main/README.md", ("google", "jax", True)),
        ("https://github.com/google", None),
        ("https://github.com/orgs/google/repositories", None),
        ("https://github.com/features/actions", None),
        ("https://github.com/topics/machine-learning", None),
        ("https://gist.github.com/jakevdp/1234567", None),
        # dot segments name no repository: /repos/../.. was asked, the API's root (attack 31)
        ("https://github.com/../..", None),
        ("https://github.com/google/..", None),
        ("https://github.com/./jax", None),
    ],
)
def test_github_links(url, repo):
    assert github.repository(url) == repo


@pytest.fixture
def github_api(httpserver, monkeypatch):
    monkeypatch.setattr(github, "API", httpserver.url_for("").rstrip("/"))
    return httpserver


def test_github_repository(github_api):
    github_api.expect_request("/repos/google/jax").respond_with_data(
        response("github-repo.json"),
        content_type="application/json; charset=utf-8",
        headers={
            "x-ratelimit-limit": "60",
            "x-ratelimit-remaining": "59",
            "x-ratelimit-reset": "1709630000",
            "x-ratelimit-used": "1",
            "x-ratelimit-resource": "core",
            "x-github-api-version-selected": "2022-11-28",
        },
    )
    meta = fetch(github, "https://github.com/google/jax")
    description = (
        "Composable transformations of Python+NumPy programs: differentiate, vectorize, JIT to GPU/TPU, and more"
    )
    assert meta == Metadata(
        url="https://github.com/google/jax",
        title=f"google/jax: {description}",
        authors=[],  # google is an organisation, not an author
        site_name="GitHub",
        published="2018-10-25T21:25:02+00:00",
        description=description,
        image="https://opengraph.githubassets.com/1/google/jax",
        kind="repo",
        extras={
            "repo": "google/jax",
            "owner": "google",
            "stars": 27845,
            "language": "Python",
            "topics": ["jax"],
            "license": "Apache-2.0",
            "pushed": "2024-03-05T08:58:31+00:00",
            "homepage": "http://jax.readthedocs.io/",
        },
    )
    assert not github.needs_page(meta)
    request = github_api.log[0][0]
    assert request.headers["Accept"] == "application/vnd.github+json"
    assert request.headers["X-GitHub-Api-Version"] == "2022-11-28"
    assert "Authorization" not in request.headers


# zhayujie/chatgpt-on-wechat's description, and one of several sentences: a paragraph where a heading goes.
LONG_DESCRIPTIONS = [
    (
        "基于大模型搭建的聊天机器人，同时支持 微信公众号、企业微信应用、飞书、钉钉 等接入，可选择GPT3.5/GPT-4o/"
        "GPT-o1/ Claude/文心一言/讯飞星火/通义千问/ Gemini/GLM-4/Claude/Kimi/LinkAI，能处理文本、语音和图片，"
        "访问操作系统和互联网，支持基于自有知识库进行定制企业智能客服。",
        "基于大模型搭建的聊天机器人，同时支持 微信公众号、企业微信应用、飞书、钉钉 等接入，"
        "可选择GPT3.5/GPT-4o/GPT-o1/…",
    ),
    (
        "The Web framework for perfectionists with deadlines. Django is a high-level Python web framework that "
        "encourages rapid development and clean, pragmatic design.",
        "The Web framework for perfectionists with deadlines.",
    ),
    # An abbreviation ends no sentence: these were "owner/repo: Fast, correct parsers for many
    # formats, e.g." and "owner/repo: A converter by Dr."
    (
        "Fast, correct parsers for many formats, e.g. JSON, YAML, TOML, INI and XML, with streaming support, "
        "schema validation and good error messages.",
        "Fast, correct parsers for many formats, e.g. JSON, YAML, TOML, INI and XML, with streaming support, "
        "schema validation…",
    ),
    (
        "A converter by Dr. Smith for documents between dozens of formats with excellent fidelity. It handles "
        "PDFs, DOCX, ODT and Markdown files.",
        "A converter by Dr. Smith for documents between dozens of formats with excellent fidelity.",
    ),
    (
        "Parsers for many formats (e.g. JSON, YAML, TOML, INI and XML) with streaming support, schema "
        "validation and good error messages.",
        "Parsers for many formats (e.g. JSON, YAML, TOML, INI and XML) with streaming support, schema validation "
        "and good error…",
    ),
    # Short sentences first: as many as fit, not "owner/repo: Fast."
    (
        "Fast. Simple. Reliable. A distributed key-value store built for the edge with replication, snapshots, "
        "and a tiny footprint.",
        "Fast. Simple. Reliable.",
    ),
]


@pytest.mark.parametrize(("description", "heading"), LONG_DESCRIPTIONS)
def test_a_repository_whose_description_is_a_paragraph_is_titled_by_its_start(github_api, description, heading):
    answer = json.loads(response("github-repo.json"))
    answer.update(full_name="someone/tool", description=description)
    github_api.expect_request("/repos/someone/tool").respond_with_json(answer)
    meta = fetch(github, "https://github.com/someone/tool")
    assert meta.title == f"someone/tool: {heading}"
    assert meta.description == description  # the whole of it, where a description is shown


@pytest.mark.parametrize("odd", [{"license": "MIT"}, {"owner": "google"}, {"topics": 5}, {"topics": "ml"}])
def test_a_repository_answer_with_a_field_of_another_shape_reads_the_rest(github_api, odd):
    """A field GitHub gives as an object or a list, answered as text or a number (a proxy's or a
    stand-in's answer): "license": "MIT" was an AttributeError, a traceback that ended the whole
    build, not a link (attack 36, a hostile local API); "topics": "ml" became topics "m" and "l"."""
    answer = {**json.loads(response("github-repo.json")), **odd}
    github_api.expect_request("/repos/google/jax").respond_with_json(answer)
    meta = fetch(github, "https://github.com/google/jax")
    assert meta.title.startswith("google/jax: ") and meta.extras["stars"] == answer["stargazers_count"]
    assert odd.keys().isdisjoint(meta.extras)


def test_github_token_is_sent_but_never_shown(github_api, monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_s3cretT0ken")
    github_api.expect_ordered_request("/repos/google/jax").respond_with_data(
        response("github-repo.json"), content_type="application/json"
    )
    github_api.expect_ordered_request("/repos/google/gone").respond_with_data(
        response("github-not-found.json"), status=404, content_type="application/json"
    )
    assert fetch(github, "https://github.com/google/jax").extras["stars"] == 27845
    reason = failure(github, "https://github.com/google/gone")
    assert github_api.log[0][0].headers["Authorization"] == "Bearer ghp_s3cretT0ken"
    assert "s3cret" not in reason


def test_github_token_is_not_sent_on_a_redirect_to_another_host(github_api, monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_s3cretT0ken")
    elsewhere = github_api.url_for("/repositories/154739597").replace("localhost", "127.0.0.1")
    github_api.expect_request("/repos/google/old-name").respond_with_data(
        "", status=301, headers={"Location": elsewhere}
    )
    github_api.expect_request("/repositories/154739597").respond_with_data(
        response("github-repo.json"), content_type="application/json"
    )
    assert fetch(github, "https://github.com/google/old-name").url == "https://github.com/google/jax"
    first, second = (request for request, _ in github_api.log)
    assert first.headers["Authorization"] == "Bearer ghp_s3cretT0ken"
    assert "Authorization" not in second.headers
    assert second.headers["X-GitHub-Api-Version"] == "2022-11-28"


@pytest.mark.parametrize("status", [403, 429])
def test_github_rate_limit(github_api, status):
    reset = int(time.time()) + 1800
    github_api.expect_request("/repos/google/jax").respond_with_data(
        response("github-rate-limit.json"),
        status=status,
        content_type="application/json; charset=utf-8",
        headers={
            "x-ratelimit-limit": "60",
            "x-ratelimit-remaining": "0",
            "x-ratelimit-reset": str(reset),
            "x-ratelimit-used": "60",
            "x-ratelimit-resource": "core",
        },
    )
    reason = failure(github, "https://github.com/google/jax")
    when = time.strftime("%H:%M UTC", time.gmtime(reset))
    assert reason == (
        f"GitHub API rate limit of 60 requests an hour used up; it resets at {when}; "
        "set GITHUB_TOKEN to a GitHub token for 5000 requests an hour"
    )
    assert len(github_api.log) == 1  # not retried: the quota refills at the reset time


def test_github_rate_limit_with_a_token_does_not_suggest_one(github_api, monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_s3cretT0ken")
    github_api.expect_request("/repos/google/jax").respond_with_data(
        response("github-rate-limit.json"),
        status=403,
        content_type="application/json",
        headers={"x-ratelimit-limit": "5000", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "1709630000"},
    )
    reason = failure(github, "https://github.com/google/jax")
    assert reason.startswith("GitHub API rate limit of 5000 requests an hour used up; it resets at ")
    assert "GITHUB_TOKEN" not in reason and "s3cret" not in reason


@pytest.mark.parametrize("reset", ["²", "9" * 30, "soon"])
def test_github_rate_limit_with_a_reset_that_is_no_time(github_api, reset):
    """Headers are untrusted: int("²") raised ValueError, and gmtime of 30 digits OverflowError,
    out of the build; the reset is then simply 'within the hour'."""
    github_api.expect_request("/repos/google/jax").respond_with_data(
        response("github-rate-limit.json"),
        status=403,
        content_type="application/json",
        headers={"x-ratelimit-limit": "60", "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset},
    )
    reason = failure(github, "https://github.com/google/jax")
    assert reason.startswith("GitHub API rate limit of 60 requests an hour used up; it resets within the hour")


def test_github_secondary_rate_limit(github_api):
    github_api.expect_request("/repos/google/jax").respond_with_data(
        response("github-secondary-limit.json"),
        status=403,
        content_type="application/json",
        headers={"retry-after": "60", "x-ratelimit-limit": "60", "x-ratelimit-remaining": "41"},
    )
    assert failure(github, "https://github.com/google/jax") == "GitHub API secondary rate limit; retry in 60 s"


def test_github_repository_not_found(github_api):
    github_api.expect_request("/repos/someone/private-thing").respond_with_data(
        response("github-not-found.json"), status=404, content_type="application/json; charset=utf-8"
    )
    reason = failure(github, "https://github.com/someone/private-thing")
    assert reason == "repository not found (private or renamed?)"


def test_github_refused_token(github_api, monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_expired")
    github_api.expect_request("/repos/google/jax").respond_with_json(
        {"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401"}, status=401
    )
    reason = failure(github, "https://github.com/google/jax")
    assert reason == "GitHub API: GITHUB_TOKEN was refused (expired or revoked?)"


def test_github_deep_link_takes_repository_facts_and_the_page_names_it(github_api):
    github_api.expect_request("/repos/google/jax").respond_with_data(
        response("github-repo.json"), content_type="application/json"
    )
    meta = fetch(github, "https://github.com/google/jax/issues/1234")
    assert (meta.title, meta.url, meta.description) == (None, None, None)
    assert meta.extras["stars"] == 27845 and meta.extras["license"] == "Apache-2.0"
    assert github.needs_page(meta)


def test_github_api_down_falls_back_to_the_page(github_api):
    github_api.expect_request("/repos/google/jax").respond_with_data("", status=502)
    meta = fetch(github, "https://github.com/google/jax")
    assert meta.title is None and github.needs_page(meta)


# DOIs and Crossref


@pytest.mark.parametrize(
    ("url", "found"),
    [
        ("https://doi.org/10.1371/journal.pcbi.1005510", "10.1371/journal.pcbi.1005510"),
        ("http://dx.doi.org/10.1016/j.neunet.2014.09.003", "10.1016/j.neunet.2014.09.003"),
        (
            "https://doi.org/10.1002/(SICI)1097-4571(199806)49:8%3C693::AID-ASI4%3E3.0.CO;2-0",
            "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0",
        ),
        ("https://dl.acm.org/doi/10.1145/3292500.3330701", "10.1145/3292500.3330701"),
        ("https://onlinelibrary.wiley.com/doi/full/10.1002/widm.1249", "10.1002/widm.1249"),
        ("https://www.tandfonline.com/doi/abs/10.1080/00031305.2017.1375989/", "10.1080/00031305.2017.1375989"),
        (
            "https://journals.plos.org/ploscompbiol/article?id=10.1371/journal.pcbi.1005510",
            "10.1371/journal.pcbi.1005510",
        ),
        ("https://doi.org/", None),
        ("https://example.com/10.1000/not-a-doi-link", None),
    ],
)
def test_doi_links(url, found):
    assert doi.find_doi(url) == found


@pytest.fixture
def crossref(httpserver, monkeypatch):
    monkeypatch.setattr(doi, "API", httpserver.url_for("/works"))
    return httpserver


def test_crossref_journal_article(crossref):
    crossref.expect_request("/works/10.1371/journal.pcbi.1005510").respond_with_data(
        response("crossref-work.json"), content_type="application/json"
    )
    meta = fetch(doi, "https://journals.plos.org/ploscompbiol/article?id=10.1371/journal.pcbi.1005510")
    abstract = meta.extras["abstract"]
    assert abstract.startswith("Computers are now essential in all branches of science, but most researchers")
    assert abstract.endswith("workshops to over 11,000 people since 2010.") and "<" not in abstract
    assert meta == Metadata(
        url="https://doi.org/10.1371/journal.pcbi.1005510",
        title="Good enough practices in scientific computing",
        authors=["Greg Wilson", "Jennifer Bryan", "Karen Cranston", "Justin Kitzes", "Lex Nederbragt", "Tracy K. Teal"],
        published="2017-06-22",
        description=meta.description,
        kind="paper",
        language="en",
        extras={
            "doi": "10.1371/journal.pcbi.1005510",
            "journal": "PLOS Computational Biology",
            "publisher": "Public Library of Science (PLoS)",
            "abstract": abstract,
        },
    )
    assert meta.description.startswith("Computers are now essential") and len(meta.description) <= 300
    assert not doi.needs_page(meta)


def test_a_crossref_type_that_is_no_text_is_a_paper_not_a_traceback(crossref):
    """Crossref's "type" as a list, ["journal-article"], was a TypeError (a list is no key of the
    book types), a traceback that ended the whole build (attack 36, a hostile local API)."""
    answer = json.loads(response("crossref-work.json"))
    answer["message"]["type"] = [answer["message"]["type"]]
    crossref.expect_request("/works/10.1371/journal.pcbi.1005510").respond_with_json(answer)
    meta = fetch(doi, "https://doi.org/10.1371/journal.pcbi.1005510")
    assert (meta.title, meta.kind) == ("Good enough practices in scientific computing", "paper")


def test_crossref_book_with_a_partial_date(crossref):
    crossref.expect_request("/works/10.7591/9781501735783").respond_with_data(
        response("crossref-book.json"), content_type="application/json"
    )
    meta = fetch(doi, "https://doi.org/10.7591/9781501735783")
    assert (meta.title, meta.authors, meta.kind) == (
        "The Twenty-Six Words That Created the Internet",
        ["Jeff Kosseff"],
        "book",
    )
    assert meta.published == "2019-04"  # as precise as Crossref's date-parts, no invented day
    assert meta.extras == {"doi": "10.7591/9781501735783", "publisher": "Cornell University Press"}


def test_crossref_markup_in_titles_becomes_text(crossref):
    work = answer("crossref-work.json")
    work["message"].update(
        {
            "title": ["Growth of <i>E. coli</i> in H<sub>2</sub>O &amp; <script>x</script>"],
            "subtitle": ["A <b>study</b>"],
            "author": [{"name": "The ATLAS Collaboration", "sequence": "first", "affiliation": []}],
            "published": {"date-parts": [[None]]},
            "issued": {"date-parts": [[2015]]},
        }
    )
    crossref.expect_request("/works/10.1371/journal.pcbi.1005510").respond_with_json(work)
    meta = fetch(doi, "https://doi.org/10.1371/journal.pcbi.1005510")
    assert meta.title == "Growth of E. coli in H2O & x: A study"
    assert meta.authors == ["The ATLAS Collaboration"]
    assert meta.published == "2015"


def test_japanese_authors_are_named_family_name_first_from_crossref_a_page_and_its_json_ld(crossref):
    """New user 59 (Aiko, in Kyoto) read a Japanese paper whose authors Crossref gives as
    {given: 愛子, family: 田中}, a university repository's DC.creator as "田中, 愛子" and a page's
    JSON-LD as givenName/familyName: the edition named them "愛子 田中", given name first, as no
    Japanese writes it. Turned around as `import` already turns them: 田中愛子 (a Latin name as before)."""
    from newsletter.links.extract import extract_metadata

    work = answer("crossref-work.json")
    work["message"]["author"] = [
        {"given": "愛子", "family": "田中", "sequence": "first"},
        {"given": "Kenji", "family": "Suzuki", "sequence": "additional"},
        {"given": "민수", "family": "김", "sequence": "additional"},
    ]
    crossref.expect_request("/works/10.1371/journal.pcbi.1005510").respond_with_json(work)
    assert fetch(doi, "https://doi.org/10.1371/journal.pcbi.1005510").authors == ["田中愛子", "Kenji Suzuki", "김민수"]
    page = (
        '<html lang="ja"><head><meta charset="utf-8"><title>睡眠とワーキングメモリに関する縦断研究</title>'
        '<meta name="DC.title" content="睡眠とワーキングメモリに関する縦断研究">'
        '<meta name="DC.creator" content="田中, 愛子"><meta name="DC.creator" content="Müller, Jürgen">'
        "</head><body></body></html>"
    )
    assert extract_metadata(page.encode(), "https://repository.example.ac.jp/1").authors == [
        "田中愛子",
        "Jürgen Müller",
    ]
    jsonld = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": "睡眠とワーキングメモリに関する縦断研究",
        "author": [
            {"@type": "Person", "givenName": "健二", "familyName": "鈴木"},
            {"@type": "Person", "givenName": "Aiko", "familyName": "Tanaka"},
        ],
    }
    page = f'<html><head><script type="application/ld+json">{json.dumps(jsonld)}</script></head></html>'
    assert extract_metadata(page.encode(), "https://journal.example.jp/2").authors == ["鈴木健二", "Aiko Tanaka"]


def test_doi_unknown_to_crossref_falls_back_to_the_page(crossref):
    crossref.expect_request("/works/10.5281/zenodo.1234567").respond_with_data(
        "Resource not found.", status=404, content_type="text/plain"
    )
    meta = fetch(doi, "https://doi.org/10.5281/zenodo.1234567")
    assert meta == Metadata(extras={"doi": "10.5281/zenodo.1234567"})
    assert doi.needs_page(meta)


def test_an_answer_nested_too_deeply_is_a_failed_lookup_not_a_traceback(crossref):
    """Crossref's answer (or any API's) of '[' 100,000 deep raised RecursionError out of the
    adapter, past the build's handling of failed links (only FetchError), and stopped the build
    (attack 31). It is an answer that is no use: the page decides, as for one that is no JSON."""
    crossref.expect_request("/works/10.1000/deep").respond_with_data(
        "[" * 100_000 + "]" * 100_000, content_type="application/json"
    )
    meta = fetch(doi, "https://doi.org/10.1000/deep")
    assert meta == Metadata(extras={"doi": "10.1000/deep"}) and doi.needs_page(meta)


def test_a_doi_of_dot_segments_asks_crossref_nothing(crossref):
    """'10.1000/../../journals/1234-5678' asked https://api.crossref.org/journals/1234-5678 (the
    client resolves the dots), whose answer is a journal's record: its title became the paper's
    (attack 31, a link typed so or a page's citation_doi). No DOI has such a segment: the page decides."""
    journal = {"status": "ok", "message-type": "journal", "message": {"title": "A Journal's Name"}}
    crossref.expect_request("/journals/1234-5678").respond_with_json(journal)
    for link in (
        "https://doi.org/10.1000/../../journals/1234-5678",
        "https://doi.org/10.1000/%2E%2E/%2e%2e/journals/1234-5678",
    ):
        meta = fetch(doi, link)
        assert meta.title is None and doi.needs_page(meta)
    assert crossref.log == []


# X (Twitter)


@pytest.mark.parametrize(
    ("url", "found"),
    [
        ("https://twitter.com/jakevdp/status/1280215453361221632", ("jakevdp", "1280215453361221632")),
        ("https://x.com/jakevdp/status/1280215453361221632?s=20", ("jakevdp", "1280215453361221632")),
        ("https://mobile.twitter.com/jakevdp/status/1280215453361221632/photo/1", ("jakevdp", "1280215453361221632")),
        ("https://twitter.com/jakevdp", None),
        ("https://x.com/i/lists/123", None),
    ],
)
def test_twitter_links(url, found):
    assert twitter.post(url) == found


def test_twitter_oembed(httpserver, monkeypatch):
    monkeypatch.setattr(twitter, "API", httpserver.url_for("/oembed"))
    link = "https://twitter.com/jakevdp/status/1280215453361221632"
    httpserver.expect_request("/oembed", query_string={"url": link, "dnt": "true"}).respond_with_data(
        response("twitter-oembed.json"), content_type="application/json; charset=utf-8"
    )
    meta = fetch(twitter, "https://x.com/jakevdp/status/1280215453361221632?s=20")
    text = (
        'My #SciPy2020 talk on JAX is now online: "JAX: Accelerated Machine Learning Research" '
        "Composable transforms & XLA under the hood https://t.co/3xQd8ZkY1a"
    )
    assert meta == Metadata(
        url=link,
        title='My #SciPy2020 talk on JAX is now online: "JAX: Accelerated Machine Learning Research" '
        "Composable transforms & XLA…",
        authors=["Jake VanderPlas"],
        site_name="X (Twitter)",
        published="2020-07-06",
        description=text,
        kind="post",
        extras={"handle": "@jakevdp"},
    )
    assert len(meta.title) <= twitter.TITLE_LENGTH
    assert not twitter.needs_page(meta)


@pytest.mark.parametrize(
    ("status", "reason"),
    [
        (404, "post not found (deleted, or the link is wrong)"),
        (403, "post not available (a protected or suspended account)"),
    ],
)
def test_twitter_unavailable_post(httpserver, monkeypatch, status, reason):
    monkeypatch.setattr(twitter, "API", httpserver.url_for("/oembed"))
    httpserver.expect_request("/oembed").respond_with_data("", status=status)
    assert failure(twitter, "https://twitter.com/someone/status/1") == reason


# PDFs


def make_pdf(title=None, author=None, producer=None, pages=1, xmp: str | None = None) -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(612, 792)
    info = {"/Title": title, "/Author": author, "/Producer": producer}
    writer.add_metadata({key: value for key, value in info.items() if value is not None})
    if xmp is not None:  # the XMP packet, as the catalog's /Metadata stream
        stream = DecodedStreamObject()
        stream.set_data(xmp.encode())
        stream.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
        writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_pdf_title_and_authors_from_its_metadata(httpserver):
    body = make_pdf("Attention Is All You Need", "Ashish Vaswani; Noam Shazeer", "pdfTeX-1.40.17")
    httpserver.expect_request("/papers/1706.03762v7.pdf").respond_with_data(body, content_type="application/pdf")
    url = httpserver.url_for("/papers/1706.03762v7.pdf")
    meta = fetch(pdf, url)
    assert meta == Metadata(
        url=url, title="Attention Is All You Need", authors=["Ashish Vaswani", "Noam Shazeer"], kind="paper"
    )
    assert httpserver.log[0][0].headers["Accept"].startswith("application/pdf")


@pytest.mark.parametrize(
    "author, people",
    [
        ("Aiko Tanaka (Kyoto University), Kenji Suzuki <suzuki@kyoto-u.ac.jp>", ["Aiko Tanaka", "Kenji Suzuki"]),
        ("Kenji Suzuki <suzuki@kyoto-u.ac.jp>", ["Kenji Suzuki"]),
        ("Aiko Tanaka (Kyoto University) and Wei Zhang (Tsinghua University)", ["Aiko Tanaka", "Wei Zhang"]),
        ("jane@example.com (Jane Doe)", ["Jane Doe"]),  # (as before)
    ],
)
def test_a_pdfs_authors_without_their_affiliations_and_addresses(httpserver, author, people):
    """New user 59 (Aiko) logged her preprint's PDF, whose Author field (Word's, as many fill it)
    reads "Aiko Tanaka (Kyoto University), Kenji Suzuki <suzuki@kyoto-u.ac.jp>": the edition
    named no author at all (a list with brackets was one name, and a name with its address none)."""
    body = make_pdf("睡眠紡錘波と記憶の固定化", author, "pdfTeX-1.40.25")
    httpserver.expect_request("/papers/tanaka2024_preprint.pdf").respond_with_data(body, content_type="application/pdf")
    meta = fetch(pdf, httpserver.url_for("/papers/tanaka2024_preprint.pdf"))
    assert (meta.title, meta.authors) == ("睡眠紡錘波と記憶の固定化", people)


XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>{doctype}
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>Jared Kaplan</rdf:li><rdf:li>Sam McCandlish</rdf:li></rdf:Seq></dc:creator>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""


@pytest.mark.parametrize("title", [None, "Microsoft Word - kaplan20.docx"])
def test_pdf_title_and_authors_from_its_xmp_packet(httpserver, title):
    """New user 46's paper from a lab's site, made by Acrobat Distiller, names its title and
    authors only in its XMP packet (dc:title, dc:creator), its document information left empty
    or a file's name: the edition cited it as 'Kaplan20 scaling', by no one."""
    xmp = XMP.format(doctype="", title="Scaling Laws for Neural Language Models")
    body = make_pdf(title, producer="Acrobat Distiller 23.0 (Windows)", xmp=xmp)
    httpserver.expect_request("/papers/kaplan20_scaling.pdf").respond_with_data(body, content_type="application/pdf")
    meta = fetch(pdf, httpserver.url_for("/papers/kaplan20_scaling.pdf"))
    assert (meta.title, meta.authors) == ("Scaling Laws for Neural Language Models", ["Jared Kaplan", "Sam McCandlish"])
    # the document information's own title and author win; a packet declaring entities is not read
    # (pypdf refuses it: the file's name is the title, as for any PDF it cannot read)
    both = make_pdf("Scaling Laws", "Jared Kaplan", xmp=xmp)
    hostile = make_pdf(author="Jared Kaplan", xmp=XMP.format(doctype='<!DOCTYPE x [<!ENTITY a "aaaa">]>', title="&a;"))
    httpserver.expect_request("/both.pdf").respond_with_data(both, content_type="application/pdf")
    httpserver.expect_request("/entities.pdf").respond_with_data(hostile, content_type="application/pdf")
    read = {name: fetch(pdf, httpserver.url_for(f"/{name}.pdf")) for name in ("both", "entities")}
    assert (read["both"].title, read["both"].authors) == ("Scaling Laws", ["Jared Kaplan"])
    assert (read["entities"].title, read["entities"].authors) == ("Entities", ["Jared Kaplan"])


def text_pdf(*shown: str, info: str = "/Producer (pdfTeX-1.40.21)", deflated: bool = False) -> bytes:
    """A one-page PDF drawing `shown`, each "SIZE X Y TEXT" (or "SIZE X Y rotated TEXT": set
    up the margin, as arXiv stamps its PDFs), in Times, with the information dictionary `info`;
    `deflated`: its drawing compressed, as PDF writers do."""
    lines = []
    for run in shown:
        size, x, y, text = run.split(" ", 3)
        matrix = f"0 1 -1 0 {x} {y}" if text.startswith("rotated ") else f"1 0 0 1 {x} {y}"
        lines.append(f"BT /F1 {size} Tf {matrix} Tm ({text.removeprefix('rotated ')}) Tj ET")
    content = "\n".join(lines).encode()
    content = zlib.compress(content) if deflated else content
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d%s >>\nstream\n%s\nendstream"
        % (len(content), b" /Filter /FlateDecode" if deflated else b"", content),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>",
        f"<< {info} >>".encode(),
    ]
    out, offsets = bytearray(b"%PDF-1.5\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_a_pdf_without_a_title_is_titled_by_its_first_pages_heading(httpserver):
    """A LaTeX paper without hyperref's pdftitle, as NeurIPS' style file makes them, names its
    title only on its first page, and NeurIPS names its files by a hash: new user 46's GPT-3
    paper was cited as '1457c0d6bfcb4967418bfb8ac142f64a Paper'. The text the first page sets
    largest is the title, across its lines; not the arXiv stamp up the margin, set larger."""
    body = text_pdf(
        "17.2 100 700 Language Models are",
        "17.2 100 680 Few-Shot Learners",
        "12 100 640 Tom B. Brown, Benjamin Mann, Nick Ryder",
        "10 100 600 Abstract. Recent work has demonstrated substantial gains on many NLP tasks.",
        "20 30 200 rotated arXiv:2005.14165v4 [cs.CL] 22 Jul 2020",
    )
    httpserver.expect_request("/paper/2020/file/1457c0d6bfcb4967418bfb8ac142f64a-Paper.pdf").respond_with_data(
        body, content_type="application/pdf"
    )
    meta = fetch(pdf, httpserver.url_for("/paper/2020/file/1457c0d6bfcb4967418bfb8ac142f64a-Paper.pdf"))
    assert (meta.title, meta.kind) == ("Language Models are Few-Shot Learners", "paper")
    # a title the document information gives wins; a page whose largest text is a number is no heading
    titled = text_pdf("17.2 100 700 Language Models", info="/Title (GPT-3) /Producer (pdfTeX-1.40.21)")
    numbered = text_pdf("40 100 700 12", "10 100 600 Slides of the week")
    httpserver.expect_request("/titled.pdf").respond_with_data(titled, content_type="application/pdf")
    httpserver.expect_request("/week_12.pdf").respond_with_data(numbered, content_type="application/pdf")
    assert fetch(pdf, httpserver.url_for("/titled.pdf")).title == "GPT-3"
    assert fetch(pdf, httpserver.url_for("/week_12.pdf")).title == "Week 12"


def test_a_pdf_whose_first_page_draws_too_much_is_titled_by_its_file_name(httpserver):
    """A first page of 60,000 runs of text (a poster, a map, a hostile file; 2.4 MB of drawing,
    0.3 MB deflated) and no title in its metadata: reading it for its heading ran past the page
    reader's time limit, and the link failed ('reading the page took more than 2 s; it was given
    up'), where before the heading was read it had its file's name (attack 31). A page drawing
    more than 256 KB is not read for a heading."""
    runs = [f"{5 + n % 7} {n % 500} {n % 700} w{n}" for n in range(60_000)]
    httpserver.expect_request("/posters/metro_map-2020.pdf").respond_with_data(
        text_pdf(*runs, deflated=True), content_type="application/pdf"
    )
    meta = fetch(pdf, httpserver.url_for("/posters/metro_map-2020.pdf"))
    assert (meta.title, meta.kind) == ("Metro map 2020", "paper")


@pytest.mark.parametrize(
    "title", ["Microsoft Word - draft3.docx", "slides.pptx", "Untitled", "", "   ", "PowerPoint Presentation", None]
)
def test_pdf_meaningless_title_gives_way_to_the_file_name(httpserver, title):
    httpserver.expect_request("/files/quarterly_report-2021-02-15.pdf").respond_with_data(
        make_pdf(title, "Microsoft Office User"), content_type="application/pdf"
    )
    meta = fetch(pdf, httpserver.url_for("/files/quarterly_report-2021-02-15.pdf"))
    assert (meta.title, meta.authors, meta.kind) == ("Quarterly report 2021-02-15", [], "document")


def test_broken_pdf_still_gets_a_title(httpserver):
    httpserver.expect_request("/Deep Learning Book.pdf").respond_with_data(
        b"%PDF-1.7\n1 0 obj << /Title (x" + bytes(range(256)), content_type="application/pdf"
    )
    meta = fetch(pdf, httpserver.url_for("/Deep%20Learning%20Book.pdf"))
    assert (meta.title, meta.kind) == ("Deep Learning Book", "document")


def test_pdf_too_large_to_read_still_gets_a_title(httpserver):
    httpserver.expect_request("/big_report.pdf").respond_with_data(
        b"%PDF-1.7\n" + bytes(200_000), content_type="application/pdf"
    )
    meta = fetch(pdf, httpserver.url_for("/big_report.pdf"), max_bytes=100_000)
    assert meta.title == "Big report"


def test_pdf_link_answering_with_a_web_page_is_read_as_one(httpserver):
    page = "<html><head><title>Download the report</title><meta name=author content='Jane Roe'></head></html>"
    httpserver.expect_request("/report.pdf").respond_with_data(page, content_type="text/html")
    meta = fetch(pdf, httpserver.url_for("/report.pdf"))
    assert (meta.title, meta.authors) == ("Download the report", ["Jane Roe"])


def test_pdf_errors_are_fetch_errors(httpserver):
    httpserver.expect_request("/gone.pdf").respond_with_data("", status=410)
    assert failure(pdf, httpserver.url_for("/gone.pdf")) == "HTTP 410 Gone"


# The fetcher's part: extra headers, error statuses


def test_status_errors_carry_status_and_headers(httpserver):
    httpserver.expect_request("/limited").respond_with_response(
        Response("{}", status=403, headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1"})
    )
    with pytest.raises(FetchError) as info:
        run(lambda fetcher: fetcher.get(httpserver.url_for("/limited")))
    assert (info.value.reason, info.value.status) == ("HTTP 403 Forbidden", 403)
    assert info.value.headers["X-RateLimit-Remaining"] == "0"


def test_extra_headers_are_sent(httpserver):
    httpserver.expect_request("/api", headers={"X-Api-Version": "2"}).respond_with_json({"ok": True})
    page = run(
        lambda fetcher: fetcher.get(
            httpserver.url_for("/api"), headers={"X-Api-Version": "2"}, accept="application/json"
        )
    )
    assert json.loads(page.body) == {"ok": True}
    assert httpserver.log[0][0].headers["Accept"] == "application/json"


def test_metadata_is_a_plain_dataclass():
    # Adapters build Metadata directly; asdict() must stay the JSON shape `meta` prints.
    assert [f.name for f in dataclasses.fields(Metadata)] == [
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


def test_a_feed_feedparser_raises_on_is_read_with_its_references_mended(httpserver, monkeypatch):
    """A numeric character reference to no character made feedparser raise UnicodeEncodeError
    (feedparser#591), out of the build, `meta` and `import`: any podcast page could name such a feed."""
    body = response("arxiv-1706.03762.atom").replace(
        "<title>Attention Is All You Need</title>", "<title>Attention Is All You Need &#55357;&#56832; &#xD800;</title>"
    )
    _arxiv_api(httpserver, monkeypatch, "1706.03762", body)
    assert fetch(arxiv, "https://arxiv.org/abs/1706.03762").title == "Attention Is All You Need 😀 \ufffd"
