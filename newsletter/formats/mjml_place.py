"""Where an email template's MJML goes wrong: mrml says only "unexpected end of stream in root
template", with no line, so an author who left out one `</mj-text>` in her copy of
`email.mjml.j2` (new user 49, Léa, editing it with `preview` open) was told neither the file nor
where in its 150 lines to look. The tags are matched here, by name, in the MJML the template
wrote; the first one left open is found in the template by its literal text.
"""

from __future__ import annotations

import re
from pathlib import Path

# An MJML tag (not the HTML inside an mj-text), or a comment, which may hold anything.
_TAG = re.compile(r"<!--.*?-->|<(/?)(mjml|mj-[a-z-]+)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>", re.S)
# Jinja's parts of a template line: any text in the MJML it wrote
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
# One {{ }} or {% %} in a tag, ending at its first close: a '.*?' that could run on to a later
# one gave a tag line with no '>' (its attributes go on below) 2 ways of reading each part, and
# one of 22 took 1.6 s to give up, twice as long for each part more
_PART = r"\{\{(?:(?!\}\}).)*\}\}|\{%(?:(?!%\}).)*%\}"


def unclosed(mjml: str) -> tuple[str, int] | None:
    """The first MJML tag left open in `mjml`, as (name, where it starts): the one on top when a
    closing tag of another name comes, or left at the end."""
    stack: list[tuple[str, int]] = []
    for match in _TAG.finditer(mjml):
        if match[2] is None or match[4]:  # a comment, or <mj-image … />
            continue
        if not match[1]:
            stack.append((match[2], match.start()))
        elif stack and stack[-1][0] == match[2]:
            stack.pop()
        else:
            return stack[-1] if stack else None
    return stack[-1] if stack else None


def template_lines(written: str, name: str, template: str) -> list[int]:
    """The lines of `template` whose `<name …>` tag, and what follows it on its line, could have
    written the start of `written` (their Jinja parts writing anything): two lines may open an
    mj-text alike, and only the rest of the line tells which."""
    found, loose = [], []
    for number, line in enumerate(template.splitlines(), 1):
        for opening in re.finditer(rf"<{re.escape(name)}\b(?:[^>{{]|{_PART})*>", line):
            if _could_write(_JINJA.split(line[opening.start() :]), written, to_line_end=True):
                found.append(number)
            elif _could_write(_JINJA.split(opening[0]), written, to_line_end=False):
                loose.append(number)
    return found or loose


def _could_write(pieces: list[str], written: str, *, to_line_end: bool) -> bool:
    """Whether `written` starts with the template's literal `pieces` in order, anything between
    them (what a Jinja part wrote), and with `to_line_end` the last one ends a line of it.
    Each piece is looked for where it first comes: a later place would leave less room for the
    pieces after it. (A regex of them, '.*?' for each Jinja part, took 100 s to fail for a line
    of three Jinja parts in a row, `{% if x %}{{ y }}{% endif %}`, and hours for four.)"""
    if not written.startswith(pieces[0]):
        return False
    at = len(pieces[0])
    if len(pieces) == 1:
        return not to_line_end or bool(_LINE_END.match(written, at))
    for piece in pieces[1:-1]:
        if (at := written.find(piece, at)) < 0:
            return False
        at += len(piece)
    last = pieces[-1]
    if not last:  # (a line ending in a Jinja part: it wrote up to a line's end)
        return True
    while (at := written.find(last, at)) >= 0:
        if not to_line_end or _LINE_END.match(written, at + len(last)):
            return True
        at += 1
    return False


_LINE_END = re.compile(r"[ \t]*(?:\n|$)")


def explained(error: str, mjml: str, template: Path | None) -> str:
    """mrml's `error`, with the template file, the tag left open and its line, and what to do."""
    where = f" in {template}" if template else ""
    said = f"The email template{where} is not valid MJML ({error})"
    open_tag = unclosed(mjml)
    if open_tag is None:
        return f"{said}: check that its tags are closed and its attributes' quotes too."
    name, start = open_tag
    tag = _TAG.match(mjml, start)[0]
    lines = []
    if template is not None:
        try:
            lines = template_lines(mjml[start : start + 4000], name, template.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            lines = []
    shown = tag if len(tag) <= 80 else tag[:77] + "…"
    if lines:
        place = f"line {lines[0]}" if len(lines) == 1 else "one of lines " + ", ".join(map(str, lines))
    else:
        place = f"line {mjml.count(chr(10), 0, start) + 1} of the MJML it wrote"
    return f"{said}: {shown} ({place}) is never closed; add its </{name}> where it should end."


_COMMENT = re.compile(r"<!--.*?-->", re.S)
_LEFT = re.compile(r"<(mj-[a-z-]+)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>")


def unknown_element(html: str, mjml: str, template: Path | None) -> str | None:
    """What to say of an element MJML does not know, which mrml leaves in the email's HTML as
    written: Léa's `<mj-txt>`, a typo, went to her readers as a tag no client knows, its padding
    lost, and neither the build nor the preview said a word."""
    # (not in a comment, which mrml keeps as written: `<!-- <mj-column> was two -->` is no element)
    left = _LEFT.search(_COMMENT.sub("", html))
    if left is None:
        return None
    start = mjml.find(left[0])
    lines = []
    if template is not None and start >= 0:
        try:
            lines = template_lines(mjml[start : start + 4000], left[1], template.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            lines = []
    where = f" in {template}" if template else ""
    place = (
        f" (line {lines[0]})" if len(lines) == 1 else f" (one of lines {', '.join(map(str, lines))})" if lines else ""
    )
    shown = left[0] if len(left[0]) <= 80 else left[0][:77] + "…"
    return (
        f"The email template{where} has {shown}{place}, which is no MJML element: it would reach readers as "
        f"written; check its name (mj-text, mj-image, mj-button, mj-section…: https://documentation.mjml.io)."
    )
