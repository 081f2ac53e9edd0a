"""The posts in a site whose theme is not ours: what popular themes (PaperMod, Ananke, Stack,
Terminal, Hugo Blog Awesome) read of a post, reproduced by a line of layout each, with Hugo's
defaults (no render hooks of ours, goldmark's `unsafe = false`)."""

import html
import re
import subprocess
from pathlib import Path

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
    first.write_text(first.read_text().replace(title, 'title: "*pip* & conda_forge   5<6 2021"'))
    result = build(example_workspace, "2021-02", offline=True)
    site = example_workspace / "site"
    _theme_single(site, DESCRIPTION_ONLY)
    hugo_build(hugo, site)
    page = (site / "public/posts" / result.outputs.post_slug / "index.html").read_text()
    shown = _meta_description(page)
    assert shown.startswith("*pip* & conda_forge 5<6 2021 · ") and shown.endswith(" · …")


RAW_HTML_NOTE = """A line with a break<br>and a <kbd>Ctrl</kbd> key, `<b>code</b>` kept.

<details>
  <summary>More</summary>
  <p>The hidden words.</p>
</details>

<script>alert("no")</script>
"""


def _site_with_hugo_defaults(site) -> None:
    """The example site as a new user's: without the setting that silences Hugo's warning."""
    config = site / "hugo.toml"
    config.write_text(config.read_text().replace('ignoreLogs = ["warning-goldmark-raw-html"]\n', ""))


def _hostile_note(root, notes: str) -> None:
    (root / "entries/2020/07/html.md").write_text(
        "---\ntype: article\nurl: https://example.com/html\ndate: 2020-07-08\ntitle: HTML in notes\n---\n" + notes
    )


def test_raw_html_in_a_note_builds_in_a_site_with_hugo_defaults(example_workspace, hugo):
    """A note's <br> or <details> (written for the email) made current Hugo warn "Raw HTML
    omitted" in any site without `unsafe = true`, so `hugo --panicOnWarning` failed, and the
    words inside the <details> were left out. The post now holds the words without the tags."""
    site = example_workspace / "site"
    _site_with_hugo_defaults(site)
    _hostile_note(example_workspace, RAW_HTML_NOTE)
    result = build(example_workspace, "2020-W28", offline=True)
    hugo_build(hugo, site)
    page = (site / "public/posts" / result.outputs.post_slug / "index.html").read_text()
    assert "A line with a break<br>\nand a Ctrl key, <code>&lt;b&gt;code&lt;/b&gt;</code> kept." in page
    assert "More\nThe hidden words." in page
    assert "raw HTML omitted" not in page and "alert" not in page and "<kbd>" not in page


def test_a_site_that_renders_raw_html_gets_it_as_written(example_workspace, hugo):
    site = example_workspace / "site"
    config = site / "hugo.toml"
    config.write_text(config.read_text().replace("unsafe = false", "unsafe = true"))
    _hostile_note(example_workspace, RAW_HTML_NOTE.replace('<script>alert("no")</script>\n', ""))
    result = build(example_workspace, "2020-W28", offline=True)
    assert "<kbd>Ctrl</kbd>" in result.outputs.post and "<details>" in result.outputs.post
    hugo_build(hugo, site)
    page = (site / "public/posts" / result.outputs.post_slug / "index.html").read_text()
    assert "<kbd>Ctrl</kbd>" in page and "<summary>More</summary>" in page


@pytest.mark.parametrize("empty", ["markup:\n", "goldmark:\n", "goldmark:\n  renderer:\n"])
def test_a_site_whose_markup_settings_are_empty_builds(example_workspace, hugo, empty):
    """YAML reads a key whose lines below are commented out (`markup:` then `#  goldmark: …`) as
    empty, which Hugo takes for its defaults; reading whether the site renders raw HTML took it
    for a table, and the build stopped with a traceback (AttributeError) before writing a thing."""
    site = example_workspace / "site"
    (site / "config/_default").mkdir(parents=True)
    stem = "hugo" if empty.startswith("markup") else "markup"
    (site / f"config/_default/{stem}.yaml").write_text(empty + "#    unsafe: true\n")
    _hostile_note(example_workspace, RAW_HTML_NOTE)
    result = build(example_workspace, "2020-W28", offline=True)
    assert "The hidden words." in result.outputs.post and "<details>" not in result.outputs.post
    hugo_build(hugo, site)


@pytest.mark.parametrize(
    ("note", "in_the_post"),
    [
        (
            "a `<b>` span, a [link](<a b.html>), <https://x.org>, a<b",
            "a `<b>` span, a [link](<a b.html>), <https://x.org>, a<b",
        ),
        ("```\n<b>fenced</b>\n```\n\n    <b>indented</b>", "```\n<b>fenced</b>\n```\n\n    <b>indented</b>"),
        ("a comment <!-- kept -->, a <em>tag</em>", "a comment <!-- kept -->, a tag"),
        ("last<br>\n\nnext<br/>", "last\n\nnext"),
        ("> quoted <i>x</i>\n> <div>in the quote</div>", "> quoted x\n> in the quote"),
        ("| a<br>b | <b>c</b> |\n| - | - |", "| a b | c |\n| - | - |"),
        ("text\n<div>\n      <p>deep</p>\n</div>\n\nafter", "text\n\ndeep\n\nafter"),
    ],
)
def test_raw_html_left_out_keeps_the_markdown_around_it(note, in_the_post):
    from newsletter.formats.post import authors_markdown

    assert authors_markdown(note, raw_html=False) == in_the_post


# Terminal's list of posts, in short: a post's description as Markdown, else its summary.
DESCRIPTION_AS_MARKDOWN = """{{ define "main" }}
{{- range where site.RegularPages "Section" "posts" }}
<section class="summary">{{ with .Description }}<p>{{ . | markdownify }}</p>{{ else }}{{ .Summary }}{{ end }}</section>
{{- end }}
{{ end }}
"""


def _titled_on_a_markdown_home_page(root, hugo, title: str):
    """The week 2020-W28, its html.md entry titled `title` and no subtitle (the description is the
    titles), built offline into a site whose home page makes Markdown of each description
    (Terminal's), and Hugo's build of it: the site's folder and the build's result."""
    site = root / "site"
    _site_with_hugo_defaults(site)
    (site / "layouts/index.html").write_text(DESCRIPTION_AS_MARKDOWN)
    (root / "entries/2020/07/_2020-W28.md").unlink()  # no subtitle: the titles
    _hostile_note(root, "Notes.")
    post = root / "entries/2020/07/html.md"
    post.write_text(post.read_text().replace("title: HTML in notes", f'title: "{title}"'))
    result = build(root, "2020-W28", offline=True)
    hugo_build(hugo, site)
    return site, result


def test_a_theme_that_makes_markdown_of_the_description_shows_the_titles(example_workspace, hugo):
    """A fetched title with a tag in it ('Fish & Chips <b>bold</b>') went into the description
    as it reads; Terminal's home page makes Markdown of it, so current Hugo left the tag out and
    warned "Raw HTML omitted", which failed `hugo --panicOnWarning` on the home page."""
    site, _ = _titled_on_a_markdown_home_page(example_workspace, hugo, "Fish & Chips <b>bold</b> here")
    home = (site / "public/index.html").read_text()
    assert "Fish &amp; Chips bold here" in home and "raw HTML omitted" not in home


def test_a_word_in_angle_brackets_in_a_title_stays_in_the_description(example_workspace, hugo):
    """Kofi's talk 'Going <live> with Hugo': the list page's summary (Markdown, escaped) showed
    "<live>", while the description, tags left out, said "Going with Hugo": a word lost, in the
    <meta name="description"> search engines and link previews show. A word that names no HTML
    element keeps it, in look-alike brackets no theme's Markdown takes for a tag; a real tag
    still goes, its words kept."""
    site, result = _titled_on_a_markdown_home_page(example_workspace, hugo, "Going <live> with <b>Hugo</b>")
    front = (site / "content/posts" / result.outputs.post_slug / "index.md").read_text()
    assert " · Going \u2039live\u203a with Hugo · " in front  # the description
    assert " · Going &lt;live&gt; with &lt;b&gt;Hugo&lt;/b&gt; · " in front  # the summary, as before
    home = (site / "public/index.html").read_text()
    assert "Going \u2039live\u203a with Hugo" in home and "raw HTML omitted" not in home


def test_a_summary_divider_in_a_note_does_not_end_the_summary(example_workspace, hugo):
    """A note holding `<!--more-->` (pasted from a blog post of one's own) ended the summary
    there: a month without an intro showed its first entry on the home page, heading, byline
    and notes run together, as PaperMod's list of posts does. Now the titles, as without it."""
    _hostile_note(example_workspace, "First part.\n\n<!--more-->\n\nSecond part.\n")
    result = build(example_workspace, "2020-07", offline=True)
    assert "summary = " in result.outputs.post  # the titles: no <!--more--> is the post's
    site = example_workspace / "site"
    hugo_build(hugo, site)
    home = (site / "public/index.html").read_text()
    shown = home[home.index('<section class="summary">') :].split("</section>")[0]
    assert " · ".join(entry.display_title for entry in result.edition.entries[:2]) in shown
    assert "First part" not in shown and "Author" not in shown
    page = (site / "public/posts" / result.outputs.post_slug / "index.html").read_text()
    assert re.search(r"<p>First part\.</p>\s*(?:<!--[^>]*-->\s*)?<p>Second part\.</p>", page)  # nothing shown


UNCLOSED = ["<!--", "<?", "<![CDATA[", "<!DOCTYPE"]


@pytest.mark.parametrize("opening", UNCLOSED)
def test_openings_that_close_nowhere_are_text_and_read_once(opening):
    """Each comment, processing instruction, CDATA section or declaration opened after the last
    mark that could close it was looked for to the note's end from every one: 20,000 `<!--` in
    a note (an import's junk) took 29 s, and twice as many four times that. They are text, kept
    as written. Guarded against a hang (a child process, ended far past the linear cost), not timed."""
    import subprocess
    import sys

    code = (
        "from newsletter.formats.post import authors_markdown\n"
        "from newsletter.formats.raw_html import without_tags\n"
        f"note = {opening!r} + ' x ' + ({opening!r} + ' x ') * 39_999\n"
        f"kept = ' '.join([{opening!r}, 'x'] * 40_000)\n"
        "print(authors_markdown(note, raw_html=False) == kept, without_tags(note) == kept)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["True", "True"]


def test_a_title_that_reads_as_a_markdown_image_shows_no_image_where_a_theme_makes_markdown_of_it(
    example_workspace, hugo
):
    """A page titled 'Pixel ![seen](https://tracker.example/p.gif)' (a fetched title is the entry's
    when it gives none) went into the description as it reads, and Terminal's home page made
    Markdown of it: every visitor's browser loaded the tracker's image, and a '[click](…)' was a
    link the author never made. The description now has such a link's or image's words only."""
    site = example_workspace / "site"
    (site / "layouts/index.html").write_text(DESCRIPTION_AS_MARKDOWN)
    (example_workspace / "entries/2020/07/_2020-W28.md").unlink()  # no subtitle: the titles
    first = example_workspace / "entries/2020/07/jax.md"
    hostile = "Pixel ![seen](https://tracker.example/p.gif) and [click](javascript:alert(1)) [![x](/a.png)](<b c>)"
    first.write_text(first.read_text().replace('"JAX: Accelerated Machine Learning Research"', repr(hostile)))
    build(example_workspace, "2020-W28", offline=True)
    hugo_build(hugo, site)
    summaries = re.findall(r'<section class="summary">(.*?)</section>', (site / "public/index.html").read_text())
    assert summaries[0].startswith("<p>Pixel seen and click x · ")
    assert not re.search("<img|<a |tracker|javascript", "".join(summaries))


# PaperMod's home page, archives and next/previous links, in short: the regular pages whose type
# (top folder under content/) is in the site's mainSections.
MAIN_SECTIONS_HOME = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ site.Title }}</title></head><body>
{{ range where site.RegularPages "Type" "in" site.Params.mainSections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>
{{ end }}</body></html>
"""


def _unlisted(warnings: list[str]) -> list[str]:
    return [warning for warning in warnings if "mainSections" in warning]


def test_a_theme_whose_main_sections_leave_the_posts_out_is_told_what_to_set(example_workspace, hugo):
    """A PaperMod blog keeping its posts in content/blog/ (`mainSections = ["blog"]`): the post
    went into content/posts/, the build said "Built" and Hugo built it, but the home page and
    the archives never listed it, and nothing said why. The build now says so and what to set;
    set as told, the home page lists it."""
    site = example_workspace / "site"
    config = site / "hugo.toml"
    config.write_text(config.read_text().replace("[params]\n", '[params]\nmainSections = ["blog"]\n'))
    (site / "layouts/index.html").write_text(MAIN_SECTIONS_HOME)
    result = build(example_workspace, "2021-02", offline=True)
    assert _unlisted(result.warnings) == [
        'site/hugo.toml: the blog\'s theme lists only the posts in "blog" (mainSections), but the posts go '
        'into "posts" ([site] section), so its home page and archives will not show them; set section = '
        '"blog" in [site] of newsletter.toml, or add "posts" to mainSections there'
    ]
    hugo_build(hugo, site)
    assert f"/{result.outputs.post_slug}/" not in (site / "public/index.html").read_text()

    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('section = "posts"', 'section = "blog"', 1))
    result = build(example_workspace, "2021-02", offline=True)
    assert _unlisted(result.warnings) == []
    hugo_build(hugo, site)
    assert f'href="/blog/{result.outputs.post_slug}/"' in (site / "public/index.html").read_text()


def test_a_blog_whose_theme_lists_its_busiest_section_is_told_where_its_posts_are(example_workspace, hugo):
    """No mainSections set: Hugo lists the section with the most pages. A blog with its posts in
    content/post/ (Stack's folder, or a PaperMod blog's by habit: one by year, one a bundle) got
    the "What I read" post in content/posts/, which its home page never listed."""
    site = example_workspace / "site"
    (site / "layouts/index.html").write_text(MAIN_SECTIONS_HOME)
    for page in ("post/2025/first.md", "post/second/index.md"):
        (site / "content" / page).parent.mkdir(parents=True, exist_ok=True)
        (site / "content" / page).write_text('+++\ntitle = "Mine"\ndate = 2025-01-02\n+++\nMy words.\n')
    result = build(example_workspace, "2021-02", offline=True)
    assert _unlisted(result.warnings) == [
        'site/hugo.toml: the blog\'s theme lists only the posts in "post" (mainSections: unset, so Hugo takes '
        'the section with the most pages, post), but the posts go into "posts" ([site] section), so its home '
        'page and archives will not show them; set section = "post" in [site] of newsletter.toml, or add '
        '"posts" to mainSections there'
    ]
    hugo_build(hugo, site)
    home = (site / "public/index.html").read_text()
    assert "/post/second/" in home and f"/{result.outputs.post_slug}/" not in home

    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('section = "posts"', 'section = "post"', 1))
    result = build(example_workspace, "2021-02", offline=True)
    assert _unlisted(result.warnings) == []
    hugo_build(hugo, site)
    assert f'href="/post/{result.outputs.post_slug}/"' in (site / "public/index.html").read_text()


FANCY_IMAGE_HOOK = '<figure class="fancy"><img src="{{ .Destination }}" alt="{{ .PlainText }}" loading="lazy"></figure>'


def _with_a_theme_drawing_pictures(example_workspace):
    site = example_workspace / "site"
    hook = site / "themes/fancy/layouts/_default/_markup/render-image.html"
    hook.parent.mkdir(parents=True)
    hook.write_text(FANCY_IMAGE_HOOK)
    config = site / "hugo.toml"
    config.write_text('theme = "fancy"\n' + config.read_text())
    note = example_workspace / "entries/2021/02/model-search.md"
    note.write_text(note.read_text() + "\n![the search space](https://example.com/space.png)\n")
    return site


def test_inits_image_hook_no_longer_hides_the_themes_own(example_workspace, hugo):
    """An author added a theme whose image hook draws figures with lazy loading; the pictures kept the
    plain <img> of the render-image.html `init` writes (there for Hugo 0.111, which without one
    draws a page's pictures with the feed's hook), found before the theme's. init's own file,
    unchanged, is taken out at the next build, and said; the theme's hook draws the pictures."""
    site = _with_a_theme_drawing_pictures(example_workspace)
    result = build(example_workspace, "2021-02", offline=True)
    assert (
        "site/layouts/_default/_markup/render-image.html, which `newsletter init` wrote for a site without a "
        "theme, was taken out: it hid the theme's own image hook "
        "(site/themes/fancy/layouts/_default/_markup/render-image.html), which now draws the pictures"
    ) in result.warnings
    assert not (site / "layouts/_default/_markup/render-image.html").exists()
    assert (site / "layouts/_default/_markup/render-image.rss.xml").is_file()  # the feed's stays
    hugo_build(hugo, site)
    page = (site / "public/posts" / result.outputs.post_slug / "index.html").read_text()
    assert '<figure class="fancy"><img src="https://example.com/space.png"' in page
    again = build(example_workspace, "2021-02", offline=True)
    assert not [w for w in again.warnings if "image hook" in w]


def test_an_image_hook_of_the_authors_own_in_front_of_the_themes_is_named_not_removed(example_workspace):
    site = _with_a_theme_drawing_pictures(example_workspace)
    ours = site / "layouts/_default/_markup/render-image.html"
    ours.write_text(ours.read_text() + "{{/* mine */}}")
    result = build(example_workspace, "2021-02", offline=True)
    assert (
        "site/layouts/_default/_markup/render-image.html hides the theme's own image hook "
        "(site/themes/fancy/layouts/_default/_markup/render-image.html): if you did not write it (an older "
        "`newsletter init` did), delete it, and the theme draws the pictures"
    ) in result.warnings
    assert ours.read_text().endswith("{{/* mine */}}")


@pytest.mark.parametrize("where", ["themes", "_vendor"])
def test_inits_image_hook_no_longer_hides_a_hugo_modules_own(example_workspace, hugo, where):
    """The theme imported as a Hugo module ([[module.imports]]), in themes/ under its module
    path or vendored by `hugo mod vendor` into _vendor/: its image hook stayed hidden behind
    init's, and the build said nothing, as a theme = "..." one's no longer is."""
    site = example_workspace / "site"
    hook = site / where / "example.com/fancy/layouts/_default/_markup/render-image.html"
    hook.parent.mkdir(parents=True)
    hook.write_text(FANCY_IMAGE_HOOK)
    if where == "_vendor":  # as `hugo mod vendor` leaves it
        (site / "_vendor/modules.txt").write_text("# example.com/fancy v1.0.0\n")
    config = site / "hugo.toml"
    config.write_text(config.read_text() + '\n[module]\n[[module.imports]]\npath = "example.com/fancy"\n')
    note = example_workspace / "entries/2021/02/model-search.md"
    note.write_text(note.read_text() + "\n![the search space](/images/space.png)\n")
    result = build(example_workspace, "2021-02", offline=True)
    assert (
        "site/layouts/_default/_markup/render-image.html, which `newsletter init` wrote for a site without a "
        f"theme, was taken out: it hid the theme's own image hook (site/{where}/example.com/fancy/layouts/"
        "_default/_markup/render-image.html), which now draws the pictures"
    ) in result.warnings
    hugo_build(hugo, site)
    page = (site / "public/posts" / result.outputs.post_slug / "index.html").read_text()
    assert '<figure class="fancy"><img src="/images/space.png"' in page


@pytest.mark.parametrize("linked", ["layouts/_default/_markup", "layouts/_default/_markup/render-image.html"])
def test_a_themes_image_hook_behind_a_link_hugo_does_not_follow_leaves_inits(example_workspace, hugo, linked):
    """Hugo follows a link that is a theme (one kept outside the site) and none inside it: a
    theme whose _markup folder or hook file is a link had init's hook taken out for it, and
    Hugo drew the pictures with neither."""
    site = _with_a_theme_drawing_pictures(example_workspace)
    theme = site / "themes/fancy"
    outside = example_workspace / "elsewhere" / linked
    outside.parent.mkdir(parents=True)
    (theme / linked).rename(outside)
    (theme / linked).symlink_to(outside)
    result = build(example_workspace, "2021-02", offline=True)
    assert not [w for w in result.warnings if "image hook" in w]
    assert (site / "layouts/_default/_markup/render-image.html").is_file()
    # (without --panicOnWarning: Hugo 0.111 warns of the link it passes over)
    subprocess.run([hugo, "--quiet"], cwd=site, capture_output=True, check=True)
    page = (site / "public/posts" / result.outputs.post_slug / "index.html").read_text()
    assert '<img src="https://example.com/space.png" alt="the search space"' in page


def test_an_earlier_inits_image_hook_is_taken_out_too(example_workspace):
    """init's hook changed (pictures loaded lazily, with their size: new user 55's long posts):
    the one an earlier init wrote, unchanged, is still init's, and taken out when a theme draws
    the pictures, not named as the author's own."""
    site = _with_a_theme_drawing_pictures(example_workspace)
    earlier = Path(__file__).parent / "earlier_layouts/f45c8bb3/render-image.html"  # as f45c8bb3's init wrote it
    (site / "layouts/_default/_markup/render-image.html").write_bytes(earlier.read_bytes())
    result = build(example_workspace, "2021-02", offline=True)
    assert any(w.endswith("which now draws the pictures") and "was taken out" in w for w in result.warnings)
    assert not (site / "layouts/_default/_markup/render-image.html").exists()
    (site / "layouts/_default/_markup/render-image.html").write_bytes(earlier.read_bytes() + b"{{/* mine */}}\n")
    result = build(example_workspace, "2021-02", offline=True)
    assert any("if you did not write it" in w for w in result.warnings)  # one changed is the author's


def test_a_theme_that_is_a_link_out_of_the_site_has_its_image_hook_draw(example_workspace, hugo):
    site = _with_a_theme_drawing_pictures(example_workspace)
    (site / "themes/fancy").rename(example_workspace / "fancy")
    (site / "themes/fancy").symlink_to(example_workspace / "fancy")
    result = build(example_workspace, "2021-02", offline=True)
    assert not (site / "layouts/_default/_markup/render-image.html").exists()
    hugo_build(hugo, site)
    page = (site / "public/posts" / result.outputs.post_slug / "index.html").read_text()
    assert '<figure class="fancy"><img src="https://example.com/space.png"' in page


def test_inits_image_hook_that_cannot_be_taken_out_is_named(example_workspace, monkeypatch):
    """A layouts folder build may not write to (a read-only checkout) ended the build with a
    PermissionError traceback where it takes init's hook out for the theme's."""
    from pathlib import Path

    site = _with_a_theme_drawing_pictures(example_workspace)
    ours = site / "layouts/_default/_markup/render-image.html"
    real = Path.unlink

    def refused(self, *args, **kwargs):
        if self == ours:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "unlink", refused)
    result = build(example_workspace, "2021-02", offline=True)
    assert (
        "site/layouts/_default/_markup/render-image.html hides the theme's own image hook "
        "(site/themes/fancy/layouts/_default/_markup/render-image.html) and could not be taken out "
        "(Permission denied): delete it, and the theme draws the pictures"
    ) in result.warnings
    assert ours.is_file()
