"""Hugo's shortcode tags in a note, and its escape for showing one as typed, found in time linear
in the note's length.

- `{{< name >}}`, `{{% name %}}`: a shortcode's tags, which run on the blog (`shortcodes_left_out`);
- `{{</* name */>}}`, `{{%/* name */%}}`: Hugo's escape, which the blog shows as `{{< name >}}`
  (`hugo_comments_shown`).

Each tag ends at the nearest closing after it, as Hugo's lexer ends it. Regular expressions
said the same (`\\{\\{<(?!/\\*)(?:[^>]|>(?!\\}\\}))*>\\}\\}`, `\\{\\{</\\*(.*?)\\*/>\\}\\}`), but one of them
scans to the end for each tag left open: a note of `{{< ` 20,000 times (80 KB) took 32 s to leave its
shortcodes out, `{{</*` 20,000 times 23 s to show its escapes (attack 31). Here a tag left open
with no closing after it ends the search for its kind: no later one of that kind can close either.
"""

from __future__ import annotations

import re

_OPENING = re.compile(r"\{\{([<%])(/\*)?")


def hugo_comments_shown(source: str) -> str:
    """The note as the blog shows it: an author who wrote Hugo's own escape (copied from their
    blog, say) sees `{{< name >}}` there, and saw the escape's /* */ in the email."""
    return _replaced(source, True, lambda kind, inside: "{{" + kind + inside + kind.replace("<", ">") + "}}")


def shortcodes_left_out(source: str) -> str:
    """The note as the email can show it where its shortcodes run on the blog: Devi's
    `{{< katex >}}`, which has Blowfish load KaTeX for the page, reached her readers as typed.
    No inbox runs Hugo: a shortcode's tags go, the words between a pair of them stay (Blowfish's
    `{{< alert >}}Careful{{< /alert >}}` says 'Careful'). Hugo runs them in code too, so here."""
    return _replaced(source, False, lambda kind, inside: "")


def _replaced(source: str, escapes: bool, by) -> str:
    """`source` with each tag (`escapes`: each of Hugo's escapes) replaced `by(kind, inside)`,
    kind "<" or "%", leftmost first, as re.sub replaces its matches."""
    if "{{" not in source:
        return source
    out, start, at, unclosed = [], 0, 0, set()
    while len(unclosed) < 2 and (found := _OPENING.search(source, at)):
        kind = found[1]
        if (found[2] is not None) != escapes or kind in unclosed:
            at = found.start() + 1  # (no tag of its kind here: the next character may start one)
            continue
        closing = ("*/" if escapes else "") + ("%}}" if kind == "%" else ">}}")
        end = source.find(closing, found.end())
        if end < 0:
            unclosed.add(kind)
            at = found.start() + 1
            continue
        out += [source[start : found.start()], by(kind, source[found.end() : end])]
        start = at = end + len(closing)
    return "".join(out) + source[start:]
