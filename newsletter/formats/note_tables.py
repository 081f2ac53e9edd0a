"""A note's table in the email: ruled and aligned cells, its words whole, in a frame that
scrolls it on a screen narrower than the table (as code blocks scroll)."""

from __future__ import annotations

import re

# A note's table (Markdown's pipes) in the email: ruled cells, as on the blog, each aligned as
# its column's '---:' or ':-:' says (the parser's style, the only one a cell keeps): a column
# of figures Ines aligned right was left-aligned in the email alone, the blog and the text
# part aligning it right.
TABLE_STYLE = "border-collapse: collapse; margin: 0 0 14px 0;"
ALIGNMENT = r"text-align: (left|right|center);"  # as the parser writes a column's
CELL = re.compile(rf'<(th|td)(?: style="{ALIGNMENT}")?>')


def ruled_cell(match) -> str:
    return (
        f'<{match[1]} style="border: 1px solid #d0d7de; padding: 4px 8px; text-align: {match[2] or "left"};'
        ' word-break: normal;">'
    )


# Mariana's table of three countries showed "Méxic|o" and "Colom|bia" on a 375 px phone: the
# text block's `word-break: break-word` (mrml's mj-text), which cells inherit, lets a table
# squeeze a column below its longest word. A cell breaks words nowhere now ('normal'), and a
# table wider than the screen (a long URL in a cell) scrolls inside this frame, as code does,
# where it would widen the email: the fixed outer table gives its width nowhere to push.
TABLE_FRAME = (
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"'
    ' style="table-layout: fixed; width: 100%; border-collapse: collapse;"><tr><td>'
    '<div style="overflow-x: auto;">',
    "</div></td></tr></table>",
)


def framed(html: str) -> str:
    """The sanitised note `html` with each of its tables styled, ruled and framed."""
    table = f'{TABLE_FRAME[0]}<table class="note-table" style="{TABLE_STYLE}">'  # the class: the template's font
    ruled = CELL.sub(ruled_cell, html)  # the note's cells, before the frame's own is added
    return ruled.replace("<table>", table).replace("</table>", "</table>" + TABLE_FRAME[1])
