"""Notes on the blog are as safe as in the email (issue 9, item 10): a real Hugo build of a post
whose notes carry every spelling of a script link and shortcodes; both Hugo versions."""

import html
import re

import pytest
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from newsletter.build import build

from hugo_versions import hugo_build

HOSTILE_NOTES = r"""Links that must not run:
[a](JaVaScRiPt:alert(1)) [b](jav&#x61;script:alert(2)) <javascript:alert(3)>
[c](<javascript:alert(4)>) [e][ref] ![i](javascript:alert(6)) [f](javascript&colon;alert(7))
[g](  vbscript:msgbox(8)) [h](data:text/html;base64,PHNjcmlwdD4=) [j](java\script:alert(10))
[k](
javascript:alert(11)) [l](&#x20;javascript:alert(12)) [m](JAVASCRIPT&#58;alert(13))

[ref]: javascript:alert(5)

Links that stay: [site](https://example.com/ok) [mail](mailto:me@example.com) [here](/posts/) <https://example.org/x>
"""
SHORTCODES = """Shortcodes: {{< boom >}} and {{% boom %}} and one left open {{< boom
```
{{< boom >}}
```
"""


def write_notes(root, notes: str) -> None:
    (root / "entries/2020/07/hostile.md").write_text(
        "---\ntype: article\nurl: https://example.com/hostile\ndate: 2020-07-08\ntitle: Hostile notes\n---\n" + notes
    )


@pytest.fixture
def hostile(example_workspace):
    """The example workspace, with a shortcode `boom` in its site that would say it ran."""
    shortcodes = example_workspace / "site/layouts/shortcodes"
    shortcodes.mkdir(parents=True)
    (shortcodes / "boom.html").write_text("SHORTCODE-RAN")
    return example_workspace


def rendered_post(root, hugo):
    result = build(root, "2020-W28", offline=True)
    hugo_build(hugo, root / "site")
    return (root / "site/public/posts" / result.outputs.post_slug / "index.html").read_text()


def schemes(page: str) -> list[str]:
    """The scheme of every link and image on the page, as a browser reads the URL."""
    found = []
    for node in HTMLParser(page).css("[href], [src]"):
        url = node.attributes.get("href") or node.attributes.get("src") or ""
        url = re.sub(r"[\t\n\r]", "", url).lstrip("".join(map(chr, range(33))))
        match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", url)
        found.append(match[1].lower() if match else "")
    return found


def test_no_link_in_the_notes_runs_script(hostile, hugo):
    write_notes(hostile, HOSTILE_NOTES)
    page = rendered_post(hostile, hugo)
    assert set(schemes(page)) <= {"https", "mailto", ""}
    for url in ("https://example.com/ok", "mailto:me@example.com", "/posts/", "https://example.org/x"):
        assert f'href="{url}"' in page
    assert "alert(3)" in page  # the autolink's text is still there to read, as text


def test_shortcodes_in_the_notes_show_as_typed(hostile, hugo):
    write_notes(hostile, SHORTCODES)
    page = rendered_post(hostile, hugo)
    assert "SHORTCODE-RAN" not in page
    text = html.unescape(page)
    assert "{{< boom >}} and {{% boom %}}" in text
    assert "<code>{{< boom >}}\n</code>" in text


def test_the_author_can_let_their_shortcodes_run(hostile, hugo):
    settings = hostile / "newsletter.toml"
    text = re.sub(r"^shortcodes = .*\n", "", settings.read_text(), flags=re.M)
    settings.write_text(text.replace("[site]\n", "[site]\nshortcodes = true\n"))
    write_notes(hostile, HOSTILE_NOTES + SHORTCODES.replace("one left open {{< boom", ""))
    page = rendered_post(hostile, hugo)
    assert page.count("SHORTCODE-RAN") == 3
    assert set(schemes(page)) <= {"https", "mailto", ""}  # links stay safe either way


RAW_HTML = "Before.\n\n<details><summary>More</summary>Hidden text</details>\n\nInline <b>bold</b> and a<br>break.\n"


def test_raw_html_in_the_notes_builds_with_a_strict_hugo(example_workspace, hugo):
    """The email keeps a note's <details>, <b> or <br>; the site drops raw HTML (unsafe = false)
    and says so: current Hugo warns "Raw HTML omitted" for each, which --panicOnWarning made
    an error, so one <br> in a note failed the blog's build."""
    write_notes(example_workspace, RAW_HTML)
    page = rendered_post(example_workspace, hugo)
    assert "Inline bold and abreak." in re.sub(r"<!--.*?-->", "", page)  # the tags dropped, the words kept
    assert "<b>" not in page and "<details>" not in page
