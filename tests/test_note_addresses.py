"""A note's relative links and pictures, which the blog follows from the post's page, reach the
email, its text part, its web page and the feeds as the addresses a reader of the post follows."""

import json
import re
from urllib.parse import urlsplit

from test_bundle_images import png

from newsletter.build import build

from hugo_versions import hugo_build

NOTES = (
    "\n![Heatmap of attention weights](attention-heatmap.png)\n\n"
    "![Loss curve](/images/loss-curve.png), as in [my post on priors](/posts/priors/) "
    "and [the section below](#below).\n"
)


def with_relative_notes(workspace, base_url: str | None) -> None:
    month = workspace / "entries/2021/02"
    (month / "attention-heatmap.png").write_bytes(png(6, 4))
    note = month / "model-search.md"
    note.write_text(note.read_text() + NOTES)
    hugo_toml = workspace / "site/hugo.toml"
    settings = hugo_toml.read_text()
    if base_url is not None:
        settings = re.sub(r'(?m)^baseURL = ".*"$', f'baseURL = "{base_url}"', settings)
    # a permalink pattern of its own: the address is the post's, as Hugo makes it, not /posts/<slug>/
    hugo_toml.write_text(settings + '\n[permalinks]\nposts = "/:year/:month/:slug/"\n')


def test_relative_pictures_and_links_are_joined_to_the_posts_address(example_workspace, hugo):
    """Devi's heatmap beside its entry, her site's /images/loss-curve.png and a link to her own
    post showed as '[image: …]' with no link, or as bare words, in the email and the feeds, where
    readers are not on her blog. They are the addresses a reader of the post follows: the
    heatmap's is where Hugo publishes the copy in the post's bundle."""
    with_relative_notes(example_workspace, "https://blog.example.org/")
    built = build(example_workspace, "2021-02", offline=True)
    hugo_build(hugo, example_workspace / "site")

    html, text = built.outputs.html, built.outputs.text
    [heatmap] = set(re.findall(r'href="(https://[^"]*attention-heatmap\.png)"', html))
    # the copy Hugo published at that very address, under the site's own permalink pattern
    published = example_workspace / "site/public" / urlsplit(heatmap).path.lstrip("/")
    assert published.read_bytes() == png(6, 4)
    assert re.fullmatch(r"https://blog\.example\.org/2021/02/[^/]+/attention-heatmap\.png", heatmap)
    for address, words in (
        (heatmap, "[image: Heatmap of attention weights]"),
        ("https://blog.example.org/images/loss-curve.png", "[image: Loss curve]"),
        ("https://blog.example.org/posts/priors/", "my post on priors"),
    ):
        assert re.search(rf'<a href="{re.escape(address)}"[^>]*>{re.escape(words)}</a>', html), words
    assert "the section below" in html and 'href="#below"' not in html  # a place in the email, if anywhere

    # the text part cites the same addresses
    for address in (
        heatmap,
        "https://blog.example.org/images/loss-curve.png",
        "https://blog.example.org/posts/priors/",
    ):
        assert re.search(rf"^\[\d+\] {re.escape(address)}$", text, re.M), address

    # the web page (another folder of the site) and the feeds, read away from the post
    page = (example_workspace / "site/static/newsletter/2021-02/index.html").read_text()
    feed = (example_workspace / "site/static/feeds/entries.json").read_text()
    editions = (example_workspace / "site/static/feeds/editions.xml").read_text()
    assert f'href="{heatmap}"' in page
    item = next(i for i in json.loads(feed)["items"] if "Heatmap" in i["content_html"])
    assert f'href="{heatmap}"' in item["content_html"]
    assert "https://blog.example.org/posts/priors/" in editions
    assert "an address on the blog" not in " ".join(built.warnings)


def test_without_a_real_site_address_nothing_is_invented_and_the_setting_is_named(example_workspace):
    """A site still on `newsletter init`'s baseURL, https://example.com/, has no address to join
    them to: the email keeps the words, as before, and the build says which setting to change."""
    with_relative_notes(example_workspace, "https://example.com/")
    built = build(example_workspace, "2021-02", offline=True)
    assert "example.com/2021" not in built.outputs.html + built.outputs.text
    assert "example.com/images" not in built.outputs.html + built.outputs.text
    assert "[image: Heatmap of attention weights]" in built.outputs.html
    [said] = [w for w in built.warnings if "an address on the blog" in w]
    assert "entries/2021/02/model-search.md: the notes link to attention-heatmap.png, /images/loss-curve.png" in said
    assert "set baseURL in site/hugo.toml (or base_url in [site] of newsletter.toml)" in said
