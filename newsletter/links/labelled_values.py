"""The publication date a page gives as a labelled value: a definition list's
`<dt>Veröffentlicht</dt><dd>5. März 2019</dd>`, a table's `<th>Published</th><td>March 5,
2019</td>` or a two-cell row. Product and book pages (a shop's "発売日", "Release date") and
records in catalogues show their day so, with no byline or dateline around it.
"""

from __future__ import annotations

import re

from newsletter.links.dates import date_in_text

# The label is all its cell says (but a colon): a cell that merely mentions publication is no
# label. Not an update's, an event's, a deadline's or a member's day ("Updated", "Event date",
# "Deadline", "Joined"), which are not the publication's.
_PUBLISHED = re.compile(
    r"(?:published(?: on)?|date published|publication date|date of publication|posted(?: on)?|"
    r"release date|released(?: on)?|veröffentlicht(?: am)?|veröffentlichungsdatum|erscheinungsdatum|"
    r"erschienen(?: am)?|date de (?:publication|parution|mise en ligne)|publié le|"
    r"fecha de publicación|publicado(?: el)?|data di pubblicazione|pubblicato(?: il)?|"
    r"publicatiedatum|gepubliceerd(?: op)?|公開日|発売日|配信日|配信開始日|掲載日|投稿日|発行日|发布日期|發佈日期)"
    r"\s*[:：]?",
    re.I,
)
_LABEL = 40  # a label is a few words; a longer cell is a sentence
_VALUE = 80  # a date cell holds the date and little else (a weekday, an hour)


def _next_element(node):
    """The element after `node` among its siblings (whitespace and comments skipped)."""
    node = node.next
    while node is not None and not node.tag.isalnum():
        node = node.next
    return node


def _label(node) -> bool:
    text = " ".join(node.text(deep=True, separator=" ").split())
    return len(text) <= _LABEL and _PUBLISHED.fullmatch(text) is not None


def value_date(tree, day_first: bool = False) -> str | None:
    """The date in the cell beside the first publication label of a definition list or a table,
    for a page that shows its date nowhere else."""
    body = tree.body if tree is not None else None
    if body is None:
        return None
    for label in body.css("dt, th, td"):
        if not _label(label) or label.tag == "td" and len(label.parent.css("td, th")) != 2:
            continue  # (a longer row's first cell heads a column of values, not one)
        value = _next_element(label)
        if value is None or value.tag not in {"dd", "td"} or (label.tag == "dt") != (value.tag == "dd"):
            continue
        text = " ".join(value.text(deep=True, separator=" ").split())
        if len(text) <= _VALUE and (date := date_in_text(text, day_first)):
            return date
    return None
