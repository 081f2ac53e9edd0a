"""Every email edition on the web: the edition's HTML as a page of the site, and an index of all.

The page is the email as readers got it, less what belongs to one subscriber (the footer's
"you subscribed" line and unsubscribe link, marked .subscriber-only: a web page has no
subscriber). The index is a small standalone page, escaped throughout. Each page ends with
links to the editions before and after it and to the index (`edition_nav`), between two
comments, so that the build puts in the next edition's link when there is one (`with_nav`).
"""

from __future__ import annotations

import datetime as dt
import functools
import html as html_lib
import re
from collections.abc import Collection

from markupsafe import Markup, escape

from newsletter.formats.dates_in_words import date_words
from newsletter.formats.font_stack import font_stack
from newsletter.formats.language_tag import text_direction
from newsletter.formats.name_in_title import listed_as
from newsletter.formats.wording import Wording

# What fills the preheader after its words in the inbox preview: nothing to show on the web. Cut
# from its end only: a non-joiner inside a Persian title's word is a letter's business.
_FILL = "\u034f\u200c\u200b\ufeff\u00a0 \t\n"


_LAST_PAGE: tuple[tuple, str] | None = None  # the last page made, with what it was made from


def edition_page(email_html: str, unsubscribe: str | None, url: str, nav: str, feed: str = "") -> str:
    """_edition_page, made again only when what it is made from changed: the process waiting
    for the next build at a terminal makes it when a note is saved (commands/prepared.py), and
    the build then writes it; its parse and serialisation were a tenth of that build."""
    global _LAST_PAGE
    made_from = (email_html, unsubscribe, url, nav, feed)
    if _LAST_PAGE is None or _LAST_PAGE[0] != made_from:
        _LAST_PAGE = (made_from, _edition_page(*made_from))
    return _LAST_PAGE[1]


def _edition_page(email_html: str, unsubscribe: str | None, url: str, nav: str, feed: str = "") -> str:
    """The email edition as a web page at `url`: the same document without its unsubscribe
    link, nor a link to itself (the email's "View in your browser"), and with what a web page
    has and an email does not: its canonical address and a description for search results and
    link previews, which is the email's preheader (the text inboxes show under the subject),
    and `nav`, the links to the editions before and after it (`edition_nav`), and `feed`, the
    feed of editions to subscribe to (`feed_links`)."""
    from selectolax.lexbor import LexborHTMLParser  # here: a warm build that changes nothing needs no parser

    tree = LexborHTMLParser(email_html)
    for node in tree.css(".subscriber-only"):  # "You receive this because you subscribed…"
        node.decompose()
    for link in tree.css("a[href]"):  # templates written before that class: the link at least
        if link.attributes.get("href") in (unsubscribe, url):
            link.decompose()
    root = tree.root
    for name in ("xmlns:v", "xmlns:o"):  # Outlook's namespaces, an HTML checker's errors on a page
        if root is not None and name in root.attributes:
            del root.attrs[name]
    body = tree.body
    first = next((node for node in body.iter() if node.tag != "-text"), None) if body else None
    hidden = first is not None and "display:none" in (first.attributes.get("style") or "").replace(" ", "")
    title = tree.css_first("title")
    description = (first.text() if hidden else title.text() if title else "").rstrip(_FILL)
    description = " ".join(description.split())
    head = f'<link rel="canonical" href="{html_lib.escape(url)}">'
    if description:
        head += f'<meta name="description" content="{html_lib.escape(description)}">'
    head += _open_graph(url, title.text() if title else "", description, tree)
    # The page is cut and joined by positions in the serialised tree: each copy of the 250 KB
    # (removeprefix, lstrip, every `+`) was a quarter of making it.
    page = without_mso(tree.html)
    start = _LEADING_SPACE.match(page, len(_DOCTYPE) if page.startswith(_DOCTYPE) else 0).end()
    page = page.replace("</head>", head + feed + _NAV_STYLE + "</head>", 1)  # (none in what `start` skips)
    # The email is the page's main content, and the links to other editions follow it: as
    # landmarks, a screen reader's list of the page's parts names both, and skips to either.
    opened, closed = page.index(">", page.index("<body", start)) + 1, page.rfind("</body>")
    parts = (page[start:opened], "<main>", page[opened:closed], "</main>", _NAV_START, nav, _NAV_END, page[closed:])
    return "".join(("<!DOCTYPE html>\n", *parts))


def _open_graph(url: str, title: str, description: str, tree) -> str:
    """The Open Graph tags of the page: what Facebook, LinkedIn, WhatsApp, Slack and Mastodon show
    of a shared link (its title, description and picture), where a page without them showed as a
    bare address or its first words (new user 56's readers share one edition). Its picture is the
    email's first (absolute https, as every picture of the email is), where it has one."""
    tags = {"og:type": "article", "og:url": url, "og:title": " ".join(title.split()), "og:description": description}
    sources = (img.attributes.get("src") or "" for img in tree.css("body img[src]"))
    if image := next((src for src in sources if src.startswith("https://")), None):
        tags["og:image"] = image
    tags["twitter:card"] = "summary_large_image" if image else "summary"
    return "".join(
        f'<meta {"name" if key.startswith("twitter:") else "property"}="{key}" content="{html_lib.escape(value)}">'
        for key, value in tags.items()
        if value
    )


# What the email says in its styles to Outlook's Word engine alone, `mso-table-lspace:0pt` and
# the like in ~90 style attributes: errors to an HTML checker (the Nu validator), and nothing a
# browser uses, so the page looks the same without them. Cut from the serialised page: set node
# by node in the tree, it was 4 ms of each edition. (Outlook's conditional comments stay: comments.)
# Only in a tag: a note quoting email markup (`<td style="mso-padding-alt: 0">`) is text, which
# the serialiser writes with its quotes, and the reader is to see it as written.
_MSO_STYLE = re.compile(r'style="([^"]*?\bmso-[^"]*)"')
# The same declarations in the values of those attributes joined by '"' (which none holds).
_MSO_DECLARATION = re.compile(r'(?<![\w-])mso-[\w-]+\s*:[^;"]*(?:;|(?="|\Z))', re.IGNORECASE)


def without_mso(page: str) -> str:
    """`page` with each style attribute _MSO_STYLE matches stripped of its mso- declarations,
    the attribute's value then stripped of spaces at either end. As `_MSO_STYLE.sub` finds them,
    but not by trying it at each of the page's 250 KB: it tries only the style attribute each
    "mso-" is in (the '"' before it, if `style="` ends there, and no match began before it
    ended), and cuts the declarations of each distinct value once. Both were two thirds of
    making the page, about 4 ms an edition. Each '"' is tried once: a note's `style="` and
    thousands of "xmso-" were tried again for each, 11 s for 40 KB of text. A match in text,
    not in a tag, is left as written: the serialiser escapes '<' and '>' in text and in
    attribute values, so a `style="` is in a tag when the last '<' before it follows the last '>'."""
    spans, done, at = [], 0, page.find("mso-")
    seen, in_tag = 0, False  # whether `seen` is inside a tag (found from the last one on: linear)
    while at >= 0:
        start = page.rfind('"', done, at) - 6
        end = page.find('"', at)  # where the value `at` is in ends: _MSO_STYLE's match at `start`, if any
        found = start >= done and end >= 0 and page.startswith('style="', start)
        if found and _word_mso(page, at, end):
            opened, closed = page.rfind("<", seen, start), page.rfind(">", seen, start)
            in_tag, seen = opened > closed if opened != closed else in_tag, start
        else:
            found = False
        if not found or not in_tag:  # as would every "mso-" up to the next '"', which have the same one before them
            at = page.find("mso-", end) if end >= 0 else -1
            continue
        spans.append((start + 7, end))
        done = end + 1
        at = page.find("mso-", done)
    if not spans:
        return page
    # The ~450 attributes of an edition are ~20 texts, the template's inlined rules: each is cut
    # once (the pattern's sub of all of them joined was half of this function). Alone or joined
    # by '"', a value is cut alike: '"' is no word character, and ends a declaration as \Z does.
    cut: dict[str, str] = {}
    parts, last = [], 0
    for start, end in spans:
        value = page[start:end]
        if (clean := cut.get(value)) is None:
            clean = cut[value] = _MSO_DECLARATION.sub("", value).strip()
        parts += (page[last:start], clean)
        last = end
    parts.append(page[last:])
    return "".join(parts)


def _word_mso(page: str, at: int, end: int) -> bool:
    r"""Whether a "mso-" from `at` (the first in its value) to the value's closing quote at `end`
    begins a word, as _MSO_STYLE's `\bmso-` asks: after a character that is not re's `\w`
    (str.isalnum or '_', checked equal over every code point). re's `\b` reads the characters
    on both sides of each position it tries, ~0.2 µs a character: trying the lazy pattern along
    each of ~450 values was most of making the page."""
    while 0 <= at <= end - 4:
        before = page[at - 1]  # (the value's opening quote at least)
        if not (before.isalnum() or before == "_"):
            return True
        at = page.find("mso-", at + 1, end)
    return False


_DOCTYPE = "<!DOCTYPE html>"
_LEADING_SPACE = re.compile(r"\s*")  # what str.lstrip() strips: re's \s is str.isspace


# The links between editions, in colours of their own in both schemes: they sit on the page's
# background, which is the template's to choose (or to leave light in dark mode).
_NAV_STYLE = (
    "<style>.editions { max-width: 600px; margin: 0 auto; padding: 0 16px 32px; text-align: center; "
    "font-family: -apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif; "
    "font-size: 14px; line-height: 1.8; background-color: #f3f4f6; color: #1f2328; } "
    ".editions ul { list-style: none; margin: 0; padding: 0; } "
    ".editions a { color: #0b5cad; text-decoration: underline; } "
    "@media (prefers-color-scheme: dark) { .editions { background-color: #0d1117; color: #e6edf3; } "
    ".editions a { color: #7cb7ff; } }</style>"
)
_NAV_START, _NAV_END = "<!--editions-->", "<!--/editions-->"


def edition_nav(older: tuple[str, str] | None, newer: tuple[str, str] | None, words: Wording | None = None) -> str:
    """The links at the end of an edition's page: the (folder name, subject) of the edition
    before it and of the one after it, when there are, and the index of every edition. Relative,
    as the index's own links are, so they work wherever the site is served. In the newsletter's
    language (`words`, formats/wording.py)."""
    say = words or Wording()
    links = []
    if older:
        link = f'<a rel="prev" href="../{html_lib.escape(older[0])}/">{html_lib.escape(older[1])}</a>'
        links.append(say.markup("previous") + Markup(say.after_colon(say("previous"))) + Markup(link))
    links.append(Markup('<a href="../">{}</a>').format(say("every_edition")))
    if newer:
        link = f'<a rel="next" href="../{html_lib.escape(newer[0])}/">{html_lib.escape(newer[1])}</a>'
        links.append(say.markup("next") + Markup(say.after_colon(say("next"))) + Markup(link))
    items = "".join(f"<li>{link}</li>" for link in links)
    return f'<nav class="editions" aria-label="{escape(say("editions"))}"><ul>{items}</ul></nav>'


def edition_navs(
    records: list[dict], around: Collection[str] | None = None, words: Wording | None = None, name: str = ""
) -> dict[str, str]:
    """Each edition's `edition_nav`, by folder name, from every edition's build record newest
    first (its `period`, `subject` and `title`); with `around` (the edition being written, or the
    one built and its neighbours before the build: `beside`), only theirs and their neighbours':
    the only ones its build can change. Each named as the index names it, without the newsletter's
    `name` (name_in_title.listed_as): on a page of that newsletter, every link read "Previous:
    My Reading Notes: What I read in January 2021"."""
    around = set(around or ())
    at = [n for n, record in enumerate(records) if record["period"] in around]
    # (only the pages written and their neighbours named: the log's every edition, at every build)
    wanted = {m for a in at for m in range(a - 2, a + 3) if 0 <= m < len(records)} if at else range(len(records))
    editions = {
        n: (
            records[n]["period"],
            listed_as(records[n].get("subject") or records[n]["period"], records[n].get("title") or "", name),
        )
        for n in wanted
    }
    return {
        editions[n][0]: edition_nav(editions.get(n + 1), editions.get(n - 1), words)
        for n in sorted(editions)
        if not at or any(abs(n - a) <= 1 for a in at)
    }


def beside(records: list[dict], period: str) -> set[str]:
    """`period` and the editions either side of it in `records` (newest first): a build that
    moves it among the others (a month built while it ran, dated by its last day once over)
    changes the links of the pages it leaves as well as of those it joins."""
    periods = [r["period"] for r in records]
    at = periods.index(period) if period in periods else None
    return {period} if at is None else set(periods[max(at - 1, 0) : at + 2])


def with_nav(page: str, nav: str) -> str:
    """The edition's page with `nav` as its links to other editions, in place of those it had;
    a page written before there were any is left as it is (its next build puts them in)."""
    start = page.rfind(_NAV_START)  # the last: a template's own comment could read the same
    end = page.find(_NAV_END, start)
    if start < 0 or end < 0:
        return page
    return page[: start + len(_NAV_START)] + nav + page[end:]


@functools.lru_cache(maxsize=4096)  # (the index lists every edition, and each build writes it anew)
def _day_words(day: str, language: str) -> str:
    try:
        return date_words(dt.date.fromisoformat(day), language)
    except ValueError:  # a build record written by hand: shown as it says
        return day


def feed_links(title: str, feed: str) -> str:
    """What a feed reader given a page's address looks for (RSS autodiscovery): the feed of
    editions at `feed` (its address without .xml or .json), in Atom and JSON Feed."""
    title, feed = html_lib.escape(title), html_lib.escape(feed)
    return (
        f'<link rel="alternate" type="application/atom+xml" title="{title}" href="{feed}.xml">'
        f'<link rel="alternate" type="application/feed+json" title="{title}" href="{feed}.json">'
    )


def index_editions(records: list[dict], name: str) -> list[tuple[str, str, str]]:
    """`index_page`'s editions from their build records, newest first: each as the index headed by
    the newsletter's `name` lists it, without the name again (name_in_title.listed_as); every line
    read "Data Science Programming Newsletter: What I read in April 2022" under that heading."""
    return [
        (r["period"], listed_as(r.get("subject") or r["period"], r.get("title") or "", name), r["published"][:10])
        for r in records
    ]


# The index in the look of the editions it lists (the default email template's, email.mjml.j2):
# its grey gutter, its white card 600 px wide, its fonts, sizes and colours, and its dark colours
# where the reader's system is dark. It was the browser's bare default, Times on white, one click
# from an edition's styled page. The list keeps its bullets: without them Safari's VoiceOver
# stops reading it as a list.
_INDEX_STYLE = """<style>
    body { margin: 0; padding: 28px 0 32px; background-color: #f3f4f6; color: #1f2328;
      font-family: FONTS; font-size: 16px; line-height: 1.6; }
    main { max-width: 600px; margin: 0 auto; padding: 28px; box-sizing: border-box; background-color: #ffffff; }
    h1 { font-size: 26px; line-height: 1.3; margin: 0 0 14px 0; color: #111827; }
    ul { margin: 0; padding-inline-start: 22px; }
    li { margin: 0 0 8px 0; }
    a { color: #0b5cad; text-decoration: underline; }
    small { font-size: 14px; color: #57606a; }
    @media (prefers-color-scheme: dark) {
      body { background-color: #0d1117; color: #e6edf3; }
      main { background-color: #161b22; }
      h1 { color: #e6edf3; }
      a { color: #7cb7ff; }
      small { color: #9da7b3; }
    }
  </style>"""


def index_page(
    title: str,
    language: str,
    editions: list[tuple[str, str, str]],
    url: str,
    feed: str = "",
    wording: dict | None = None,
) -> str:
    """A list of editions, newest first: (folder name, subject, its day as YYYY-MM-DD), at `url`,
    and the feed of them (`feed_links`), in `language` with the author's `wording` ([wording]).
    Each day is written as the language writes it ("2026年11月30日", "30 novembre 2026"), as the
    year in review writes its days: a Japanese index said 2026-11-30."""
    say = Wording(language, wording)
    items = "\n".join(
        f'    <li><a href="{html_lib.escape(folder)}/">{html_lib.escape(subject)}</a> '
        f'<small><time datetime="{html_lib.escape(day)}">{html_lib.escape(_day_words(day, language))}</time>'
        "</small></li>"
        for folder, subject, day in editions
    )
    return f"""<!DOCTYPE html>
<html lang="{html_lib.escape(language)}" dir="{text_direction(language)}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{html_lib.escape(say("index_title", name=title))}</title>
  <meta name="description" content="{html_lib.escape(say("index_description", name=title))}">
  <meta name="color-scheme" content="light dark">
  <link rel="canonical" href="{html_lib.escape(url)}">
  {feed}
  {_INDEX_STYLE.replace("FONTS", font_stack(language))}
</head>
<body>
<main>
  <h1>{html_lib.escape(title)}</h1>
  <ul>
{items}
  </ul>
</main>
</body>
</html>
"""
