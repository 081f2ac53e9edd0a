"""The "email-safe" checklist of DESIGN.md, as assertions over a parsed HTML document.

Used by the email tests for every example edition; each rule parses the HTML rather than
matching strings in one template, so a workspace's own template is held to the same list.
"""

import itertools
import re

from selectolax.lexbor import LexborHTMLParser

from newsletter.formats.phrases import PHRASES
from newsletter.formats.wording import Wording

FORBIDDEN_TAGS = ("script", "form", "iframe", "video", "audio", "svg", "picture", "object", "embed")
URL_ATTRIBUTES = ("href", "src", "background", "action", "formaction", "poster", "srcset", "xlink:href")
FORBIDDEN_CSS = re.compile(
    r"display\s*:\s*(flex|grid|inline-flex)|(?<![-\w])position\s*:|"
    r"(?<![-\w])float\s*:|var\(--",
    re.I,
)


def violations(html: str, text: str | None = None, max_kb: int = 90) -> list[str]:
    """Every broken rule, as readable lines; [] when the email is safe."""
    tree = LexborHTMLParser(html)
    found = []
    # 1. document basics
    if not html.startswith("<!DOCTYPE html>"):
        found.append("1: does not start with <!DOCTYPE html>")
    root = tree.css_first("html")
    if not root or not (root.attributes.get("lang") or "").strip() or root.attributes.get("lang") == "und":
        found.append("1: <html> has no lang")
    if not root or (root.attributes.get("dir") or "").lower() not in ("ltr", "rtl", "auto"):
        found.append("1: <html> has no dir")
    # inline styles override the inherited dir (and Gmail drops <html>'s attributes): they must agree
    direction = (root.attributes.get("dir") or "").lower() if root else ""
    if direction in ("ltr", "rtl"):
        for node in tree.root.traverse():
            style = (node.attributes or {}).get("style") or ""
            against = re.search(r"direction\s*:\s*(ltr|rtl)", style)
            if against and against[1] != direction:
                found.append(f"1: <{node.tag}> has direction: {against[1]} in a dir={direction} email")
                break
            if direction == "rtl" and "font-family" in style and re.search(r"text-align\s*:\s*left", style):
                found.append(f"1: <{node.tag}> text is aligned left in a dir=rtl email")
                break
    metas = [m.attributes for m in tree.css("meta")]
    if not any(
        (m.get("charset") or "").lower() == "utf-8" or "utf-8" in (m.get("content") or "").lower() for m in metas
    ):
        found.append("1: no UTF-8 charset meta")
    # HTML's encoding sniffing reads only the first 1024 bytes: a declaration later than that is
    # found only by a re-parse, and validators reject it
    if not re.search(rb"<meta[^>]*charset=[\"']?utf-8", html.encode()[:1024], re.I):
        found.append("1: the UTF-8 charset meta is not within the first 1024 bytes")
    if not any(m.get("name") == "viewport" for m in metas):
        found.append("1: no viewport meta")
    if not any(m.get("name") == "color-scheme" for m in metas):
        found.append("1: no color-scheme meta")
    title = tree.css_first("title")
    if not title or not title.text().strip():
        found.append("1: empty <title>")
    # 2. nothing active
    for tag in FORBIDDEN_TAGS:
        if tree.css(tag):
            found.append(f"2: has <{tag}>")
    for node in tree.root.traverse():
        for name, value in (node.attributes or {}).items():
            if name.lower().startswith("on"):
                found.append(f"2: <{node.tag}> has {name}")
            if name in URL_ATTRIBUTES and re.match(r"\s*(javascript|vbscript|data):", value or "", re.I):
                found.append(f"2: <{node.tag}> {name} is a {value.strip().split(':')[0].lower()}: URL")
            if name == "style" and re.search(r"url\(\s*['\"]?(?!https://)", value or "", re.I):
                found.append(f"2: <{node.tag}> style loads a url() that is not absolute https")
    for tag in ("base", "link"):  # a <base> changes where every link goes; a <link> loads something
        for node in tree.css(tag):
            found.append(f"2: has <{tag} {' '.join(f'{k}={v}' for k, v in node.attributes.items())}>")
    for meta in tree.css("meta"):
        if (meta.attributes.get("http-equiv") or "").lower() == "refresh":
            found.append("2: has a <meta http-equiv=refresh>")
    # 1. headings: one <h1>, then no level skipped (screen readers list them as the outline)
    levels = [int(node.tag[1]) for node in tree.root.traverse() if re.fullmatch(r"h[1-6]", node.tag)]
    if levels[:1] != [1] or levels.count(1) != 1:
        found.append(f"1: headings do not start with a single <h1>: {levels}")
    for before, after in itertools.pairwise(levels):
        if after > before + 1:
            found.append(f"1: heading <h{after}> follows <h{before}>, skipping a level")
            break
    # 3. table layout, 600 px, Outlook conditionals
    if not tree.css('table[role="presentation"]'):
        found.append('3: no table[role="presentation"] layout')
    if "<!--[if mso" not in html:
        found.append("3: no Outlook (<!--[if mso]>) conditional")
    if "600px" not in html and 'width="600"' not in html:
        found.append("3: no 600 px container")
    # 4. inlined CSS, nothing fragile
    for style in tree.css("style"):
        rules = re.sub(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", "", style.text()).strip()
        if rules:
            found.append(f"4: <style> holds more than @media rules: {rules[:60]!r}")
    for node in tree.root.traverse():
        style = (node.attributes or {}).get("style") or ""
        if FORBIDDEN_CSS.search(style):
            found.append(f"4: <{node.tag}> style uses {FORBIDDEN_CSS.search(style).group(0)!r}")
    # 5. images
    for img in tree.css("img"):
        attrs = img.attributes
        if attrs.get("alt") is None:
            found.append(f"5: <img src={attrs.get('src')}> has no alt")
        if not (attrs.get("width") or "").isdigit():
            found.append(f"5: <img src={attrs.get('src')}> has no numeric width")
        if "height" in attrs and not (attrs.get("height") or "").isdigit():  # height="auto" is no HTML
            found.append(f"5: <img src={attrs.get('src')}> has a height that is no number: {attrs.get('height')!r}")
        if not (attrs.get("src") or "").startswith("https://"):
            found.append(f"5: <img> src {attrs.get('src')!r} is not absolute https")
    # 6. links
    links = [a.attributes.get("href") or "" for a in tree.css("a")]
    for href in links:
        if not re.match(r"(https?|mailto):", href):
            found.append(f"6: link {href!r} is not absolute")
    # in the edition's language: "Abmelden", "Se désabonner", "配信停止"...
    words = {"unsubscribe", *(said.lower() for said in PHRASES["unsubscribe"].values())}
    words.add(Wording("pt-PT")("unsubscribe").lower())  # a region's own: Portugal's "Cancelar subscrição"
    if not any(word in a.text().lower() for a in tree.css("a") for word in words):
        found.append("6: no visible unsubscribe link")
    # 7. preheader first in <body>
    body = tree.body
    first = next((c for c in body.iter() if c.tag != "-text"), None) if body else None
    if first is None or "display:none" not in (first.attributes.get("style") or "").replace(" ", ""):
        found.append("7: the first element in <body> is not a hidden preheader")
    elif re.search(r"(?<![-\w])color\s*:", first.attributes.get("style") or ""):
        # hidden by display:none, not painted like the page: text coloured like its background
        # is what spam filters score as hidden (SpamAssassin's HTML_FONT_LOW_CONTRAST)
        found.append("7: the preheader is hidden by its colour, which spam filters score")
    elif first.attributes.get("aria-hidden") != "true":
        # a client that drops display:none shows it, and screen readers read it before the subject
        found.append('7: the preheader is not hidden from screen readers (aria-hidden="true")')
    # 8. size
    if len(html.encode()) > max_kb * 1024:
        found.append(f"8: {len(html.encode()) // 1024} KB, over {max_kb} KB")
    # 9. every link of the HTML in the text part
    if text is not None:
        for href in set(links):
            if href.removeprefix("mailto:") not in text:
                found.append(f"9: link {href} missing from the plain text")
    return found
