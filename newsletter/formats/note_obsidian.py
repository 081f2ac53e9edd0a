"""Obsidian's own Markdown in a note, as the email, its text part and the blog can show it.

A note written in an Obsidian vault links other notes of the vault (`[[Note]]`,
`[[Note|words]]`, `[[Note#Heading]]`), embeds its files (`![[photo.jpg]]`), sets callouts
(`> [!quote] Title`, folded `> [!note]-`) and hides comments (`%% … %%`). No reader of the
edition has the vault: Python-Markdown and Hugo's Goldmark both printed `[[Note]]`,
`![[photo.jpg]]` and `[!quote]` as typed, and published the comments the author had hidden.
Read here, as the note is read (the file untouched): a link is its words as Obsidian shows
them, a callout a plain quote under its title in bold, an embed and a comment nothing
(`vault_warnings` names the embeds, with how to show a picture, and a comment left open).

Every line stays a line, so a line of the note is still the file's line. Code (fenced blocks,
indented blocks, code spans) is left as typed: it may be about Obsidian's syntax.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"^ {0,3}(?:>[ \t]?)*[ \t]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).*?(?<!`)\1(?!`)")
_LINK = re.compile(r"(!?)\[\[([^\[\]\n]+)\]\]")
_CALLOUT = re.compile(r"^((?: {0,3}>[ \t]?)+)\[!([^\]\s]+)\][+-]?[ \t]*(.*?)[ \t]*$")
_COMMENT = "%%"
# An indented code block, as Markdown reads one: four spaces or a tab, after a blank line (or at
# the start), the lines after it while they are indented or blank. Under a list item such a line
# is the item's next paragraph, not code.
_INDENTED = re.compile(r"^(?: {0,3}\t| {4})")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")


def readable(notes: str) -> str:
    """`notes` without Obsidian's wiki links, embeds, callout markers and comments (above)."""
    if "[[" not in notes and "[!" not in notes and _COMMENT not in notes:
        return notes  # (most notes: nothing to do)
    return "\n".join(_lines(notes.split("\n"))[0])


def _lines(lines: list[str]) -> tuple[list[str], list[tuple[int, str]], int | None]:
    """The lines read, the embeds found (line, as typed), and the line of a comment left open."""
    out, found, fence, hidden, opened_at = [], [], None, False, None
    blank_before, in_list, indented = True, False, False
    for number, line in enumerate(lines, 1):
        if not line.strip():
            blank_before = True
            out.append(line)
            continue
        if not fence and not hidden and _INDENTED.match(line) and (indented or (blank_before and not in_list)):
            indented, blank_before = True, False
            out.append(line)
            continue
        if not fence:
            # (a line after a blank one, neither an item nor indented, ends the list; one right
            # after an item's line continues its paragraph)
            in_list = bool(_LIST_ITEM.match(line)) or (in_list and (not blank_before or bool(_INDENTED.match(line))))
        blank_before = indented = False
        opening = _FENCE.match(line)
        if (fence or opening) and not hidden:
            # (a closing fence has no info string: "```python" inside a ``` block is its text)
            closes = opening and fence and opening[1][0] == fence[0] and len(opening[1]) >= len(fence)
            fence = None if closes and not line[opening.end() :].strip() else fence or opening[1]
            out.append(line)
            continue
        line, hidden, opened = _uncommented(line, hidden)
        opened_at = number if opened else opened_at
        if callout := _CALLOUT.match(line):
            # Untitled, Obsidian (and GitHub, `> [!WARNING]`) shows its type as its title: without
            # it a warning read as a quote of the page. The title stays on the callout's first
            # line, ended by a hard break ("  "), so that the quote's first line is not joined to
            # it, and no line is added.
            prefix, title = callout[1].rstrip(), callout[3] or callout[2].capitalize()
            line = f"{prefix} **{title}**  "
        out.append(_outside_code(line, lambda text, at=number: _LINK.sub(lambda link: _shown(link, at, found), text)))
    return out, found, opened_at if hidden else None


def _uncommented(line: str, hidden: bool) -> tuple[str, bool, bool]:
    """The line's text outside `%%` comments, whether a comment is still open after it (an
    unclosed one hides the rest of the note, as Obsidian's reading view does), and whether that
    one opened on this line."""
    if _COMMENT not in line and not hidden:
        return line, False, False
    kept, opened = [], False
    for span in _split_code(line):
        if span.startswith("`") and not hidden:
            kept.append(span)
            continue
        parts = span.split(_COMMENT)
        for index, part in enumerate(parts):
            if not hidden:
                kept.append(part)
            if index < len(parts) - 1:
                hidden = opened = not hidden
    return "".join(kept), hidden, opened


def _split_code(line: str) -> list[str]:
    """The line in pieces, each a code span or the text between them."""
    pieces, last = [], 0
    for span in _CODE_SPAN.finditer(line):
        pieces += [line[last : span.start()], span[0]]
        last = span.end()
    return [*pieces, line[last:]]


def _outside_code(line: str, change) -> str:
    if "[[" not in line:
        return line
    return "".join(span if span.startswith("`") else change(span) for span in _split_code(line))


def _shown(link: re.Match, number: int, found: list[tuple[int, str]]) -> str:
    """A wiki link's words as Obsidian shows them: its alias, else its target with each heading
    after " > " (a block's id, `#^abc`, not shown); an embed, nothing."""
    if link[1]:
        found.append((number, link[0]))
        return ""
    target, alias = re.split(r"\\?\|", link[2], maxsplit=1) if "|" in link[2] else (link[2], "")
    if alias.strip():
        return alias.strip()
    note, *headings = target.rstrip("\\").split("#")
    shown = [part.strip() for part in (note, *headings) if part.strip() and not part.startswith("^")]
    return " > ".join(shown) or link[0]


# The keys Obsidian's Properties give every note (and their older names): the vault's, not the
# edition's, so they are no 'unknown key' to warn of in each entry written there.
OWN_KEYS = ("aliases", "alias", "cssclasses", "cssclass")


def vault_warnings(text: str, body: str) -> list[tuple[int | None, str, str]]:
    """A warning (its line in the file, its code, what to do) for each embed of the note `body`
    of the file `text`, and for a comment no `%%` closes: it hides the rest of the note, as in
    Obsidian, where a note written elsewhere meant a percent sign ('50%%', a MATLAB cell, a
    link's `?q=a%%b`) and lost every word after it without a sign."""
    if "%%" not in body and "![[" not in body:
        return []
    lines = body.split("\n")
    _, found, opened_at = _lines(lines)
    first = lines_before(text, body)
    said = [
        (
            number,
            "vault-embed",
            f"{embed} embeds a file of your Obsidian vault, which no reader of the email or the blog"
            " has: it is left out. To show a picture, keep it beside the entry and write"
            " ![what it shows](its-file.jpg); for a note, write the words to show",
        )
        for number, embed in found
    ]
    if opened_at is not None:
        hidden = len([line for line in lines[opened_at:] if line.strip()])
        said.append(
            (
                opened_at,
                "vault-comment",
                f"%% opens a comment (Obsidian's, hidden from readers) that no %% closes: the rest of the note"
                f" from here ({hidden} more {'line' if hidden == 1 else 'lines'}) is left out of the edition."
                " Close it with %%, or write a pair of percent signs in `code`",
            )
        )
    return [(None if first is None else first + number, code, message) for number, code, message in said]


def lines_before(text: str, body: str) -> int | None:
    """How many lines of the file `text` come before its note `body`: a line of the note plus
    these is its line in the file."""
    text = text.replace("\r\n", "\n")  # (a file saved on Windows: its body is read with "\n" alone)
    start = text.rfind(body)  # (the body ends the file, trimmed)
    return text.count("\n", 0, start) if start >= 0 else None


def property_words(value: str) -> str:
    """A front matter value as Obsidian's Properties show it: a link to a note of the vault,
    which Properties write quoted as the whole value (`authors: ["[[Martin Kleppmann]]"]`,
    `section: "[[Verteilte Systeme]]"`), is its words; an embed there is nothing. Brackets among
    other words are those words' own ("Attributes like [[nodiscard]]"; a web address, an `image:`
    at https://…/plot[[1]].png), kept as written: cut, they were other words, a picture not there."""
    if "[[" not in value or not (link := _WHOLE_LINK.fullmatch(value)):
        return value
    return _shown(link, 0, [])


_WHOLE_LINK = re.compile(r"\s*" + _LINK.pattern + r"\s*")
