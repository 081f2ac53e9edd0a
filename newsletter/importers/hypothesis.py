"""Hypothesis annotations, as the API's search returns them: `{"total": N, "rows": [annotation…]}`,
or as the sidebar's "Export annotations" writes them: `{"export_date", "export_userid",
"client_version", "annotations": [annotation…]}`, the same annotations under another key.

An annotation has `id`, `created`, `uri`, `text` (the reader's note), `tags`, `document.title`
and `target[0].selector`, whose `TextQuoteSelector` holds the highlighted passage (`exact`) and
whose `PageSelector` (PDFs) the page label. Annotations are grouped into one item per `uri`;
one without a quote is a page note and becomes the item's note. An item is dated by its latest
annotation: when it was read.
API reference: https://h.readthedocs.io/en/latest/api-reference/ (search annotations)
"""

from __future__ import annotations

from newsletter.importers.common import ExportError, Record, json_data, web_link, when
from newsletter.importers.model import Highlight, Parsed, SavedItem

NAME = "hypothesis"


def parse(text: str, name: str) -> Parsed:
    data = json_data(text, name)
    rows = data.get("rows", data.get("annotations")) if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise ExportError(
            f"{name}: expected the API's search result, {{\"rows\": [annotations]}}, or the sidebar's export, "
            '{"annotations": [annotations]}'
        )
    return from_rows(rows, name)


def from_rows(rows: list, name: str) -> Parsed:
    """Annotations (the search result's `rows`, from a file or the API) grouped into items."""
    parsed = Parsed(NAME)
    documents: dict[str, SavedItem] = {}
    for number, row in enumerate(rows, start=1):
        url = web_link(row.get("uri")) if isinstance(row, dict) else None
        if url is None:
            parsed.warnings.append(f"{name}: skipped annotation {number}: no web address in `uri`")
            continue
        fields = Record(row, f"{name}: annotation {number} ({url})", parsed.warnings)
        item = documents.get(url)
        if item is None:
            document = row.get("document")  # untrusted shapes: anything but an object is no title
            titles = document.get("title") if isinstance(document, dict) else None
            title = titles[0] if isinstance(titles, list) and titles else titles  # a list of titles
            item = documents[url] = SavedItem(
                source=NAME, source_id=url, url=url, title=fields.text("document.title", value=title or None)
            )
            parsed.items.append(item)
        moment = when(row.get("created"))
        if moment and (item.saved_at is None or moment > item.saved_at):
            item.saved_at = moment
        for tag in fields.tags("tags"):
            if tag not in item.tags:
                item.tags.append(tag)
        quote, page = _selectors(row.get("target"), fields)
        note = fields.text("text", lines=True)
        if quote:
            item.highlights.append(
                Highlight(text=quote, note=note, location=f"page {page}" if page else None, highlighted_at=moment)
            )
        elif note:
            item.note = f"{item.note}\n\n{note}" if item.note else note
    return parsed


def _selectors(targets, fields: Record) -> tuple[str, str]:
    quote = page = ""
    for target in targets if isinstance(targets, list) else []:
        selectors = target.get("selector") if isinstance(target, dict) else None
        for selector in selectors if isinstance(selectors, list) else []:
            if not isinstance(selector, dict):  # a file from another tool, or edited: skip what is no selector
                continue
            if selector.get("type") == "TextQuoteSelector" and not quote:
                quote = fields.text("exact", lines=True, value=selector.get("exact")) or ""
            elif selector.get("type") == "PageSelector" and not page:
                label = selector.get("label") or selector.get("index")  # a page's index is a number
                page = fields.text("label", value=label, number=True) or ""
    return quote, page
