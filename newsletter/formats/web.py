"""Every email edition on the web: the edition's HTML as a page of the site, and an index of all.

The page is the email as readers got it, less what belongs to one subscriber (the footer's
"you subscribed" line and unsubscribe link, marked .subscriber-only: a web page has no
subscriber). The index is a small standalone page, escaped throughout.
"""

from __future__ import annotations

import html as html_lib

from newsletter.config import text_direction

# What fills the preheader after its words in the inbox preview: nothing to show on the web
_INVISIBLE = dict.fromkeys(map(ord, "\u034f\u200c\u200b\ufeff"))


def edition_page(email_html: str, unsubscribe: str | None, url: str) -> str:
    """The email edition as a web page at `url`: the same document without its unsubscribe
    link, nor a link to itself (the email's "View in your browser"), and with what a web page
    has and an email does not: its canonical address and a description for search results and
    link previews, which is the email's preheader (the text inboxes show under the subject)."""
    from selectolax.lexbor import LexborHTMLParser  # here: a warm build that changes nothing needs no parser

    tree = LexborHTMLParser(email_html)
    for node in tree.css(".subscriber-only"):  # "You receive this because you subscribed…"
        node.decompose()
    for link in tree.css("a[href]"):  # templates written before that class: the link at least
        if link.attributes.get("href") in (unsubscribe, url):
            link.decompose()
    body = tree.body
    first = next((node for node in body.iter() if node.tag != "-text"), None) if body else None
    hidden = first is not None and "display:none" in (first.attributes.get("style") or "").replace(" ", "")
    title = tree.css_first("title")
    description = (first.text() if hidden else title.text() if title else "").translate(_INVISIBLE)
    description = " ".join(description.split())
    head = f'<link rel="canonical" href="{html_lib.escape(url)}">'
    if description:
        head += f'<meta name="description" content="{html_lib.escape(description)}">'
    page = tree.html.removeprefix("<!DOCTYPE html>").lstrip().replace("</head>", head + "</head>", 1)
    return "<!DOCTYPE html>\n" + page


def index_page(title: str, language: str, editions: list[tuple[str, str, str]], url: str) -> str:
    """A list of editions, newest first: (folder name, subject, date shown), at `url`."""
    items = "\n".join(
        f'    <li><a href="{html_lib.escape(folder)}/">{html_lib.escape(subject)}</a> '
        f"<small>{html_lib.escape(day)}</small></li>"
        for folder, subject, day in editions
    )
    return f"""<!DOCTYPE html>
<html lang="{html_lib.escape(language)}" dir="{text_direction(language)}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{html_lib.escape(title)}: every edition</title>
  <meta name="description" content="Every edition of {html_lib.escape(title)}, newest first.">
  <link rel="canonical" href="{html_lib.escape(url)}">
</head>
<body>
  <h1>{html_lib.escape(title)}</h1>
  <ul>
{items}
  </ul>
</body>
</html>
"""
