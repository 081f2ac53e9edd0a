"""Can everyone read the email? Checks over the HTML as built (CSS inlined):

lang and dir on <html> and on a wrapper inside <body> (webmail drops <html>), role=presentation
on layout tables, alt on images, one <h1> and headings in order, link text that says where it
goes, contrast of at least 4.5:1 in light mode and under the template's own
`prefers-color-scheme: dark` rules, and links told apart by more than colour.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from newsletter.config import counted
from newsletter.delivery.doctor.checks import Check, maker
from newsletter.delivery.doctor.contrast import colours_of_text, ratio
from newsletter.formats import vague_links

check = maker("accessibility")
MINIMUM = 4.5
DIRECTIONS = ("ltr", "rtl", "auto")


def checks(html: str) -> list[Check]:
    tree = LexborHTMLParser(html)
    return [
        _language(tree),
        _wrapper(tree),
        _tables(tree),
        _images(tree),
        _headings(tree),
        _link_text(tree),
        _contrast(tree, html, dark=False),
        _contrast(tree, html, dark=True),
        _link_style(tree),
    ]


def _shown(text: str, limit: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _language(tree) -> Check:
    root = tree.css_first("html")
    attrs = root.attributes if root else {}
    missing = [name for name in ("lang", "dir") if not (attrs.get(name) or "").strip()]
    if missing:
        return check(
            "lang-dir",
            "fail",
            f"<html> has no {' and no '.join(missing)}; screen readers guess the "
            "language from it: set `language` in [newsletter], and <mjml lang dir>",
        )
    if attrs["dir"] not in DIRECTIONS:
        return check("lang-dir", "fail", f'<html dir="{attrs["dir"]}"> is not one of {", ".join(DIRECTIONS)}')
    return check("lang-dir", "pass", f'<html lang="{attrs["lang"]}" dir="{attrs["dir"]}">')


def _wrapper(tree) -> Check:
    body = tree.body
    heading = tree.css_first("h1") or tree.css_first("h2")
    for node in body.css("[lang][dir]") if body else []:
        if heading is None or any(n.mem_id == heading.mem_id for n in node.css(heading.tag)):
            return check(
                "wrapper",
                "pass",
                f'<{node.tag} lang="{node.attributes["lang"]}" '
                f'dir="{node.attributes["dir"]}"> wraps the content inside <body>',
            )
    return check(
        "wrapper",
        "fail",
        "no element inside <body> wraps the content with lang and dir; webmail drops "
        "<html>, so its reader loses the language: wrap the content in "
        '<div lang=".." dir="..">',
    )


def _tables(tree) -> Check:
    bare = [
        t
        for t in tree.css("table")
        if (t.attributes.get("role") or "") != "presentation" and not (t.css_first("th") or t.css_first("caption"))
    ]
    if bare:
        return check(
            "layout-tables",
            "fail",
            f'{counted(len(bare), "layout table")} without role="presentation": screen '
            "readers announce their rows and cells; add the role",
        )
    return check("layout-tables", "pass", 'every layout table has role="presentation"')


def _images(tree) -> Check:
    bare = [img.attributes.get("src") or "?" for img in tree.css("img") if img.attributes.get("alt") is None]
    if bare:
        return check(
            "alt",
            "fail",
            f"{counted(len(bare), 'image')} without alt, e.g. {_shown(bare[0])}; "
            "give each an alt (empty for a decoration)",
        )
    images = len(tree.css("img"))
    return check("alt", "pass", "no images" if not images else f"{counted(images, 'image')}, each with alt")


def _headings(tree) -> Check:
    levels = [(int(node.tag[1]), node.text(strip=True)) for node in tree.css("h1, h2, h3, h4, h5, h6")]
    ones = [text for level, text in levels if level == 1]
    if len(ones) != 1:
        return check(
            "headings",
            "fail",
            f"{len(ones)} <h1> headings; an email has one, its subject, as screen reader users jump to it",
        )
    if levels[0][0] != 1:
        return check(
            "headings",
            "fail",
            f'the first heading is <h{levels[0][0]}> "{_shown(levels[0][1])}", '
            "before the <h1>; the subject comes first",
        )
    for (before, _), (level, text) in zip(levels, levels[1:], strict=False):
        if level > before + 1:
            return check(
                "headings",
                "fail",
                f'<h{level}> "{_shown(text)}" follows an <h{before}>: a level is '
                "skipped; in your notes, use ### for headings",
            )
    return check("headings", "pass", f"one <h1>, {len(levels)} headings in order")


def _link_text(tree) -> Check:
    page = tree.css_first("html")
    edition = (page.attributes.get("lang") if page else None) or ""
    led_to: dict[str, str] = {}  # a link text, as a screen reader's list of links says it -> where it leads
    twice = ""
    for link in tree.css("a"):
        if link.attributes.get("aria-hidden") == "true":  # a thumbnail's, beside its title's link: none to read
            continue
        href = link.attributes.get("href") or "?"
        text = link.text(strip=True) or " ".join(img.attributes.get("alt") or "" for img in link.css("img")).strip()
        if not text:
            return check(
                "link-text",
                "fail",
                f"a link to {_shown(href)} has no text (nor an image alt): screen readers read out the URL",
            )
        # a French entry's "[ici](…)" in an English edition is French, as its <div lang="fr"> says
        # an entry's title names its work, whatever its words: a French film's "La Suite"
        if not _in_heading(link) and vague_links.is_vague(text, _language_of(link) or edition, href):
            return check(
                "link-text",
                "fail",
                f'the link text "{text}" says nothing of where it goes ({_shown(href)}); link the words that name it',
            )
        said = " ".join(text.split()).casefold()
        if not href.startswith("#") and led_to.setdefault(said, href) != href and not twice:  # footnotes' "1"s
            # a warning, not a failure that stops the send: two entries may share a title, and a
            # "Previously" link names an earlier entry by its own
            twice = (
                f'two links say "{_shown(text)}" but lead to different pages ({_shown(led_to[said])} and '
                f"{_shown(href)}), which a list of links cannot tell apart; word each for its own page"
            )
    if twice:
        return check("link-text", "warn", twice)
    return check("link-text", "pass", f"{len(tree.css('a'))} links, each saying where it goes")


def _in_heading(node) -> bool:
    while node is not None and node.tag != "body":
        if node.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            return True
        node = node.parent
    return False


def _language_of(node) -> str:
    while node is not None and node.tag != "html":
        if language := node.attributes.get("lang"):
            return language
        node = node.parent
    return ""


def _contrast(tree, html: str, *, dark: bool) -> Check:
    name, mode = (
        ("contrast-dark", "under its prefers-color-scheme: dark rules") if dark else ("contrast", "in light mode")
    )
    worst = None
    for node, fg, bg in colours_of_text(tree, html, dark=dark):
        value = ratio(fg, bg)
        if value < MINIMUM and (worst is None or value < worst[0]):
            worst = (value, node.text(strip=True), fg, bg)
    if worst:
        value, text, fg, bg = worst
        return check(
            name,
            "fail",
            f'"{_shown(text, 40)}" is {_hex(fg)} on {_hex(bg)} {mode}: {value:.1f}:1, '
            f"under {MINIMUM}:1; darken (or in dark mode, lighten) the text in the template",
        )
    return check(name, "pass", f"all text at least {MINIMUM}:1 {mode}")


def _link_style(tree) -> Check:
    for link in tree.css("a"):
        style = (link.attributes.get("style") or "").replace(" ", "").lower()
        if link.css_first("img") and not link.text(strip=True):
            continue  # an image link is told by its image
        if "text-decoration:none" in style and not re.search(r"border-bottom:|font-weight:(bold|[6-9]00)", style):
            return check(
                "link-style",
                "fail",
                f'the link "{_shown(link.text(strip=True))}" has no underline, so '
                "only its colour tells it from text; keep the underline",
            )
    return check("link-style", "pass", "links are underlined, not told by colour alone")


def _hex(colour: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{c:02x}" for c in colour)
