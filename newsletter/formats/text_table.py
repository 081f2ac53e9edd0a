"""A note's table in the text part, its columns lined up.

Devi's timings table reached the text part as rows of uneven cells ('read 1 GB CSV | 14.2 s |
2.1 s' above 'fit OLS (n = 10^6) | 0.8 s | 0.3 s'), no column to be read down. Where the widest
row fits the line, each column is filled to its widest cell (a right-aligned one to the right,
a wide character counted as two cells), and the header's rule is as wide as the table.
"""

from __future__ import annotations

from newsletter.formats import columns

Cell = tuple[str, bool]  # its words, and whether its column is aligned to the right


def table(sections: list[tuple[str, list[list[Cell]]]], width: int, wrap) -> str:
    """The table's lines (`sections`: thead/tbody and their rows): lined up where the widest row
    fits `width`, else each row as it comes, wrapped by `wrap` (text.wrap)."""
    lines = _lined_up(sections, width)
    if lines is None:
        lines = []
        for tag, rows in sections:
            lines += [wrap(" | ".join(text for text, _ in row), width, indent="  ") for row in rows]
            if tag == "thead" and lines:
                lines.append("-" * min(width, max(len(line) for line in "\n".join(lines).splitlines())))
    return "\n".join(lines)


def _lined_up(sections: list[tuple[str, list[list[Cell]]]], width: int) -> list[str] | None:
    rows = [row for _, found in sections for row in found]
    sizes = [
        max(columns.width(row[i][0]) if i < len(row) else 0 for row in rows)
        for i in range(max(map(len, rows), default=0))
    ]
    total = sum(sizes) + 3 * (len(sizes) - 1)
    if total > width:
        return None
    lines = []
    for tag, found in sections:
        lines += [
            " | ".join(_filled(text, sizes[i], right) for i, (text, right) in enumerate(row)).rstrip() for row in found
        ]
        if tag == "thead" and lines:
            lines.append("-" * total)
    return lines


def _filled(text: str, size: int, right: bool) -> str:
    return " " * (size - columns.width(text)) + text if right else columns.pad(text, size)
