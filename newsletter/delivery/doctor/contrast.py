"""Colours of text as a mail client shows them: inline styles (the CSS is inlined), `bgcolor`,
and in dark mode the template's own `@media (prefers-color-scheme: dark)` rules on top (they
say !important, so they win over the inline styles). WCAG 2 contrast ratio."""

from __future__ import annotations

import re

Colour = tuple[int, int, int]
NAMED = {
    "white": (255, 255, 255),
    "black": (0, 0, 0),
    "red": (255, 0, 0),
    "green": (0, 128, 0),
    "blue": (0, 0, 255),
    "gray": (128, 128, 128),
    "grey": (128, 128, 128),
    "silver": (192, 192, 192),
    "yellow": (255, 255, 0),
    "navy": (0, 0, 128),
    "maroon": (128, 0, 0),
    "orange": (255, 165, 0),
}
_COLOUR = re.compile(r"#[0-9a-f]{6}\b|#[0-9a-f]{3}\b|rgba?\([^)]*\)|\b(?:" + "|".join(NAMED) + r")\b", re.I)
_HIDDEN = re.compile(r"display:\s*none|visibility:\s*hidden|opacity:\s*0(?![.\d]*[1-9])", re.I)


def parse(value: str | None) -> Colour | None:
    """The first colour in a CSS value; None for none, transparent or what it cannot read."""
    found = _COLOUR.search(value or "")
    if not found:
        return None
    text = found.group(0).lower()
    if text in NAMED:
        return NAMED[text]
    if text.startswith("#"):
        digits = text[1:] if len(text) == 7 else "".join(c * 2 for c in text[1:])
        return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)
    parts = [p.strip() for p in text[text.index("(") + 1 : -1].split(",")]
    if len(parts) == 4 and float(parts[3] or 1) == 0:
        return None  # fully transparent
    try:
        return tuple(min(255, int(float(p.rstrip("%")) * (2.55 if p.endswith("%") else 1))) for p in parts[:3])
    except ValueError:
        return None


def ratio(one: Colour, two: Colour) -> float:
    def luminance(colour: Colour) -> float:
        def channel(c: int) -> float:
            c = c / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(c) for c in colour)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(one), luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def declarations(text: str) -> dict[str, str]:
    pairs = (part.split(":", 1) for part in text.split(";") if ":" in part)
    return {name.strip().lower(): value.replace("!important", "").strip() for name, value in pairs}


def dark_rules(html: str) -> list[tuple[str, dict[str, str]]]:
    """(selector, declarations) of every rule inside `@media (prefers-color-scheme: dark)`."""
    rules = []
    for media in re.finditer(r"@media[^{]*prefers-color-scheme\s*:\s*dark[^{]*\{", html):
        depth, start, index = 1, media.end(), media.end()
        while depth and index < len(html):
            depth += {"{": 1, "}": -1}.get(html[index], 0)
            index += 1
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", html[start : index - 1]):
            for selector in selectors.split(","):
                rules.append((selector.strip(), declarations(body)))
    return rules


def colours_of_text(tree, html: str, *, dark: bool):
    """(node, text colour, background) of every element with visible text of its own."""
    overrides: dict[int, dict[str, str]] = {}
    if dark:
        for selector, values in dark_rules(html):
            try:
                nodes = tree.css(selector)
            except Exception:  # a selector lexbor does not know: its rule is not checked
                continue
            for node in nodes:
                overrides.setdefault(node.mem_id, {}).update(values)
    found = []
    default = ((230, 237, 243), (13, 17, 23)) if dark else ((0, 0, 0), (255, 255, 255))
    start = tree.body
    if start is not None:
        _walk(start, *default, overrides, found)
    return found


def _walk(node, fg: Colour, bg: Colour, overrides, found) -> None:
    style = declarations(node.attributes.get("style") or "")
    if _HIDDEN.search(node.attributes.get("style") or ""):
        return
    mine = overrides.get(node.mem_id, {})
    fg = parse(mine.get("color")) or parse(style.get("color")) or parse(node.attributes.get("color")) or fg
    bg = (
        parse(mine.get("background-color"))
        or parse(mine.get("background"))
        or parse(style.get("background-color"))
        or parse(style.get("background"))
        or parse(node.attributes.get("bgcolor"))
        or bg
    )
    if any(child.tag == "-text" and (child.text_content or "").strip() for child in node.iter(include_text=True)):
        found.append((node, fg, bg))
    for child in node.iter():
        if child.tag not in ("style", "script", "title", "-comment"):
            _walk(child, fg, bg, overrides, found)
