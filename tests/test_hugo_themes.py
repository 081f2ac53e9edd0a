"""The posts in a site whose theme is not ours: what popular themes (PaperMod, Ananke, Stack,
Terminal, Hugo Blog Awesome) read of a post, reproduced by a line of layout each, with Hugo's
defaults (no render hooks of ours, goldmark's `unsafe = false`)."""

import html
import re

import pytest

from newsletter.build import build

from hugo_versions import hugo_build

# Hugo Blog Awesome's head, in short: the description is `.Description` and nothing else.
DESCRIPTION_ONLY = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title>
<meta name="description" content="{{ .Description }}"></head>
<body>{{ .Content }}</body></html>
"""


def _theme_single(site, layout: str) -> None:
    (site / "layouts/_default/single.html").write_text(layout)


def _meta_description(page: str) -> str:
    match = re.search(r'<meta name="description" content="([^"]*)">', page)
    assert match, page[:500]
    return html.unescape(match[1])


@pytest.mark.parametrize("period", ["2021-02", "2020-07"])
def test_a_theme_that_reads_only_the_description_gets_one(example_workspace, hugo, period):
    """Hugo Blog Awesome's <meta name="description"> and og:description were empty on every post:
    it reads `.Description` alone, and the post had none. Now the subtitle, else the titles."""
    result = build(example_workspace, period, offline=True)
    site = example_workspace / "site"
    _theme_single(site, DESCRIPTION_ONLY)
    hugo_build(hugo, site)
    page = (site / "public/posts" / result.outputs.post_slug / "index.html").read_text()
    shown = _meta_description(page)
    edition = result.edition
    if edition.subtitle:
        assert shown == " ".join(edition.subtitle.split())
    else:
        assert shown.startswith(edition.entries[0].display_title + " · ")
        assert all(entry.display_title in shown for entry in edition.entries)
    assert "\n" not in shown and "<" not in shown


def test_a_description_is_plain_text_on_one_line(example_workspace, hugo):
    """Titles go into the description as they read, not Markdown-escaped (a theme prints it as
    text: `model\\_search` would show its backslash), and a subtitle's line breaks are spaces."""
    index = example_workspace / "entries/2021/02/_index.md"
    index.write_text(index.read_text().replace('subtitle: "Packaging, MLOps and making fancy models"\n', ""))
    first = example_workspace / "entries/2021/02/python-packaging.md"
    title = 'title: "Python packaging in 2021 - pain points and bright spots"'
    first.write_text(first.read_text().replace(title, 'title: "*pip* & conda_forge   <in> 2021"'))
    result = build(example_workspace, "2021-02", offline=True)
    site = example_workspace / "site"
    _theme_single(site, DESCRIPTION_ONLY)
    hugo_build(hugo, site)
    page = (site / "public/posts" / result.outputs.post_slug / "index.html").read_text()
    shown = _meta_description(page)
    assert shown.startswith("*pip* & conda_forge <in> 2021 · ") and shown.endswith(" · …")
