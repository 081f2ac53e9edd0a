"""The frame the email puts around a note's code block, and the block without it, as the feeds
carry it."""

from __future__ import annotations

# A code block keeps its lines as written: on a phone an indented line too long for the screen
# was broken after its leading spaces ('pre-wrap'), its indentation lost and a blank-looking
# line left. The template's `pre` scrolls instead (overflow-x, which Gmail, Apple Mail and iOS
# honour); this frame is what keeps it from widening the email: a table of fixed layout gives
# the line's width nowhere to push (an auto one grows to its longest line, and every layout
# table around it with it). Outlook on Windows (Word) scrolls nothing and ignores white-space,
# but lays out a fixed table as Word's own, at its width, wrapping the line inside it.
# Code reads left to right in every language: in an Arabic edition (or an Arabic entry's note)
# each line took the right-to-left direction and the right alignment around it, so its
# indentation sat at the right and a line's closing ':' or ';' moved to its start.
FRAME = (
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"'
    ' style="table-layout: fixed; width: 100%; border-collapse: collapse;"><tr>'
    '<td dir="ltr" style="text-align: left;"><pre>',
    "</pre></td></tr></table>",
)

# A feed's item is no layout of ours: a feed reader styles it itself, and the W3C feed validator
# warned of the frame's style ("style attribute contains potentially dangerous content":
# table-layout is none of the CSS it lets pass) at every code block of new user 56's log.
# Without the frame the block still reads left to right (its own dir).
FEEDS_PRE = '<pre dir="ltr">'


def unframed(html: str) -> str:
    """An email's note, intro or outro `html` with each code block as a feed carries it: out of
    the frame (which only the email, itself a layout of tables, needs)."""
    return html.replace(FRAME[0], FEEDS_PRE).replace(FRAME[1], "</pre>") if FRAME[0] in html else html
