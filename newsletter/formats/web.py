"""Every email edition on the web: the edition's HTML as a page of the site, and an index of all.

The page is the email as readers got it, less what belongs to one subscriber (the unsubscribe
link: a web page has no subscriber). The index is a small standalone page, escaped throughout.
"""

from __future__ import annotations

import html as html_lib


def edition_page(email_html: str, unsubscribe: str | None) -> str:
    """The email edition as a web page: the same document without its unsubscribe link."""
    if not unsubscribe:
        return email_html
    from selectolax.lexbor import LexborHTMLParser  # here: a warm build that changes nothing needs no parser

    tree = LexborHTMLParser(email_html)
    for link in tree.css("a[href]"):
        if link.attributes.get("href") == unsubscribe:
            link.decompose()
    return "<!DOCTYPE html>\n" + tree.html.removeprefix("<!DOCTYPE html>").lstrip()


def index_page(title: str, language: str, editions: list[tuple[str, str, str]]) -> str:
    """A list of editions, newest first: (folder name, subject, date shown)."""
    items = "\n".join(
        f'    <li><a href="{html_lib.escape(folder)}/">{html_lib.escape(subject)}</a> '
        f"<small>{html_lib.escape(day)}</small></li>"
        for folder, subject, day in editions
    )
    return f"""<!DOCTYPE html>
<html lang="{html_lib.escape(language)}">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{html_lib.escape(title)}: every edition</title>
</head>
<body>
  <h1>{html_lib.escape(title)}</h1>
  <ul>
{items}
  </ul>
</body>
</html>
"""
