"""The line of facts under an entry's title (who · where · how long), as a reader sees it in
the email and its text part, from pages served by a real local server."""

import json
import re
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from newsletter.build import build
from newsletter.links.providers import github, vimeo

from helpers import link_workspace, url_of

RESPONSES = Path(__file__).parent / "provider_responses"

PERSONAL_BLOG = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Simple Anomaly Detection Using Plain SQL</title>
<meta name="author" content="Haki Benita" />
<meta property="og:title" content="Simple Anomaly Detection Using Plain SQL" />
<script type="application/ld+json">
  <![CDATA[
  {"@context": "http://schema.org", "@type": "Article", "headline": "Simple Anomaly Detection Using Plain SQL",
   "datePublished": "2020-09-21", "author": {"@type": "Person", "name": "Haki Benita"},
   "publisher": {"@type": "Organization", "name": "Haki Benita",
                 "logo": {"@type": "ImageObject", "url": "https://hakibenita.com/images/favicon-32x32.png"}}}
  ]]>
</script>
</head><body><article><h1>Simple Anomaly Detection Using Plain SQL</h1>
<p>Many developers think that having a critical bug in their code is the worst thing.</p></article></body></html>"""


def test_a_blog_named_after_its_writer_says_the_name_once(httpserver, tmp_path):
    """hakibenita.com's posts were bylined "Haki Benita · Haki Benita": the writer, then the
    site, named after him."""
    httpserver.expect_request("/sql-anomaly-detection").respond_with_data(PERSONAL_BLOG, content_type="text/html")
    root = link_workspace(tmp_path / "ws", [url_of(httpserver, "/sql-anomaly-detection")], timeout=5)
    outputs = build(root, "2021-02").outputs
    assert "Simple Anomaly Detection Using Plain SQL" in outputs.text
    text = outputs.text.replace("\u00a0", " ")  # (a short fact's no-break spaces)
    assert "Haki Benita" in text and "Haki Benita · Haki Benita" not in text
    assert outputs.html.count("Haki Benita") == 1


@pytest.mark.parametrize(("stars", "shown"), [(0, None), (7, "★ 7"), (312457, "★ 312,457")])
def test_a_repository_nobody_starred_yet_shows_no_star_count(httpserver, tmp_path, monkeypatch, stars, shown):
    """A new tool's repository read "GitHub · ★ 0" under its title, which reads as a rating of
    nothing rather than as news."""
    monkeypatch.setattr(github, "API", httpserver.url_for("").rstrip("/"))
    answer = json.loads((RESPONSES / "github-repo.json").read_text(encoding="utf-8"))
    answer.update(full_name="dana/tiny-tool", description="Tiny things", stargazers_count=stars)
    httpserver.expect_request("/repos/dana/tiny-tool").respond_with_json(answer)
    root = link_workspace(tmp_path / "ws", ["https://github.com/dana/tiny-tool"], timeout=5)
    outputs = build(root, "2021-02").outputs
    assert "dana/tiny-tool: Tiny things" in outputs.text
    for output in (outputs.text.replace("\u00a0", " "), outputs.html):  # (the text's no-break spaces)
        assert (shown in output) if shown else ("★" not in output)


TALK_PAGE = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>{title}</title>
<meta property="og:title" content="{title}"><meta property="og:type" content="video.other">
<meta data-testid="ogimage" property="og:image" content="{image}"></head>
<body><main><h1>{title}</h1><p>Die Aufzeichnung des Vortrags.</p></main></body></html>"""


@pytest.mark.parametrize(
    ("image", "shown"),
    [
        ("https://www.be.ch/content/dam/global/bilder/logo-be.svg", False),  # be.ch's og:image
        ("https://alexanderlasch.files.wordpress.com/2019/11/flag_of_the_cherokee_nation.svg_.png", True),
    ],
)
def test_a_talks_svg_picture_is_left_out_of_the_email(httpserver, tmp_path, image, shown):
    """Gmail and Outlook draw no SVG in an <img>: a talk whose page names its site's SVG logo as
    its picture got an empty box 544 px wide under its title, with the title again as alt text."""
    httpserver.expect_request("/vortrag").respond_with_data(
        TALK_PAGE.format(title="Impfen: was die Forschung weiss", image=image), content_type="text/html"
    )
    root = link_workspace(tmp_path / "ws", [url_of(httpserver, "/vortrag")], timeout=5)
    [entry] = (root / "entries" / "2021" / "02").glob("*.md")
    entry.write_text(entry.read_text(encoding="utf-8").replace("type: article", "type: talk"), encoding="utf-8")
    outputs = build(root, "2021-02").outputs
    assert "Impfen: was die Forschung weiss" in outputs.html
    assert (f'src="{image}"' in outputs.html) == shown
    assert '.svg"' not in outputs.html


TALK_ENTRY = """---
type: talk
url: https://example.org/talks/{n}
date: 2021-02-0{n}
title: Talk {n}
image: {image}
---
Notes.
"""


@pytest.mark.parametrize(
    ("image", "shown"),
    [
        ("https://cdn.example.org/talks/cover.heic", False),  # an iPhone's photo, as uploaded
        ("https://cdn.example.org/talks/cover.HEIF", False),
        ("https://cdn.example.org/talks/poster.tif?v=2", False),
        ("https://cdn.example.org/talks/poster.tiff", False),
        ("https://cdn.example.org/talks/cover.jxl", False),
        ("https://cdn.example.org/talks/cover.jpg", True),
        ("https://cdn.example.org/talks/heic-cover.png", True),
    ],
)
def test_a_talks_picture_in_a_format_inboxes_cannot_draw_is_left_out(example_workspace, image, shown):
    """A talk's picture in HEIC/HEIF or TIFF is drawn by neither Outlook (Windows, Outlook.com,
    Android) nor Thunderbird nor Yahoo's app (caniemail), nor by Chrome or Firefox, in which
    webmail shows it; JPEG XL by neither browser: readers saw a broken-image box 544 px wide
    under the title. Such a picture is left out, as an SVG one is."""
    folder = example_workspace / "entries" / "2021" / "02"
    (folder / "talk.md").write_text(TALK_ENTRY.format(n=1, image=image), encoding="utf-8")
    html = build(example_workspace, "2021-02", offline=True).outputs.html
    assert "Talk 1" in html
    assert (f'src="{image}"' in html) == shown


def as_outlook_on_windows_reads(html: str) -> str:
    """The HTML as Outlook on Windows (Word) reads it: a block between <!--[if !mso]><!--> and
    <!--<![endif]--> is not for it (every other reader takes those two for comments)."""
    return re.sub(r"<!--\[if !mso\]><!-->.*?<!--<!\[endif\]-->", "", html, flags=re.DOTALL)


@pytest.mark.parametrize(
    "image",
    [
        "https://cdn.example.org/cover.webp",
        "https://cdn.example.org/cover.AVIF?w=1200",
        # an image CDN's format in the query, the path keeping the original's ending (Contentful, imgix)
        "https://images.ctfassets.net/space/id/cover.jpg?fm=webp",
        "https://cdn.example.org/_next/image?url=%2Fcover.avif",
    ],
)
def test_a_talks_webp_or_avif_picture_is_shown_to_every_inbox_but_outlook_on_windows(example_workspace, image):
    """Outlook on Windows draws neither WebP nor AVIF (caniemail's image-webp and image-avif):
    its readers saw a box 544 px wide with a red cross and 'The picture can't be displayed'
    under the talk's title, where Gmail, Apple Mail, Outlook.com and the Outlook apps, Yahoo and
    Thunderbird draw the picture. It is hidden from Outlook on Windows alone; a JPEG is not."""
    folder = example_workspace / "entries" / "2021" / "02"
    (folder / "talk-1.md").write_text(TALK_ENTRY.format(n=1, image=image), encoding="utf-8")
    jpeg = "https://cdn.example.org/other.jpg"
    (folder / "talk-2.md").write_text(TALK_ENTRY.format(n=2, image=jpeg), encoding="utf-8")
    html = build(example_workspace, "2021-02", offline=True).outputs.html
    shown = [img.attributes["src"] for img in LexborHTMLParser(html).css("img")]
    assert image in shown and jpeg in shown  # the comments are only comments to a browser
    word = as_outlook_on_windows_reads(html)
    assert image not in word and f'src="{jpeg}"' in word
    assert "Talk 1" in word and "Notes." in word  # the title, its link and the notes stay
    assert word.count("<tr") == word.count("</tr>")  # whole rows went, not half of one


def test_a_talk_uploaded_by_its_conference_credits_no_speaker(httpserver, tmp_path, monkeypatch):
    """A Vimeo talk uploaded by PyData's account read "**Speaker**: PyData" in the post and
    "PyData · Vimeo" in the email: oEmbed's author is the uploader, as often a conference's or a
    company's account as the speaker. It is the channel now, as YouTube's is: shown where the
    speaker would be until the entry names one, and never called the speaker."""
    monkeypatch.setattr(vimeo, "API", httpserver.url_for("/api/oembed.json"))
    httpserver.expect_request("/api/oembed.json").respond_with_data(
        (RESPONSES / "vimeo-oembed.json").read_bytes(), content_type="application/json"
    )
    root = link_workspace(tmp_path / "ws", ["https://vimeo.com/379834851"], timeout=5)
    [entry] = (root / "entries" / "2021" / "02").glob("*.md")
    entry.write_text(entry.read_text(encoding="utf-8").replace("type: article", "type: talk"), encoding="utf-8")
    outputs = build(root, "2021-02").outputs
    assert "PyData · Vimeo · 39\u00a0min" in outputs.text  # a short fact, never broken
    assert "PyData" not in outputs.post
    entry.write_text(entry.read_text(encoding="utf-8").replace("type: talk", "type: talk\nspeakers: [Matthew Seal]"))
    outputs = build(root, "2021-02").outputs
    assert "Matthew\u00a0Seal · Vimeo · 39\u00a0min" in outputs.text and "PyData" not in outputs.text
    assert "**Speaker**: Matthew Seal" in outputs.post


def test_a_title_that_begins_with_its_label_is_not_labelled_again(example_workspace):
    """A show names its episodes "Podcast: …": new user 41's screen reader read the email's
    heading as "Podcast: Podcast: Building in Public", the label, then the title. A title that
    begins with its entry's label and a colon or dash is shown alone; others keep the label."""
    folder = example_workspace / "entries/2021/02"
    for name, title in (("labelled.md", "Podcast: Building in Public"), ("plain.md", "Shipping Small")):
        (folder / name).write_text(
            f'---\ntype: podcast\nurl: https://example.org/{name}\ndate: 2021-02-20\ntitle: "{title}"\n'
            "section: Shows\n---\nHeard.\n"  # a topic: under "Podcasts" no podcast is labelled
        )
    outputs = build(example_workspace, "2021-02", offline=True).outputs
    post = next((example_workspace / "site/content/posts").glob("*/index.md")).read_text()
    heading = LexborHTMLParser(outputs.html).css("h3")
    headings = [" ".join(h.text().split()) for h in heading]
    assert "Podcast: Building in Public" in headings and "Podcast: Shipping Small" in headings
    for shown in (" ".join(outputs.text.split()), " ".join(headings), post):
        assert "Podcast: Podcast" not in shown and "Podcast**: Podcast" not in shown
    assert "Shipping Small" in post and re.search(r"Podcast\W+\[?Shipping Small", post)
