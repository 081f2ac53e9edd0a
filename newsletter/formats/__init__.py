"""Text as the tool reads and writes it, shared by every layer above (the stages, links/,
delivery/, the commands), one module per question:

- the outputs: the email (email.py), its text part (text.py), the post (post.py), the notes in
  each (notes.py and note_*.py), the feeds (feeds.py), the web pages (web.py), the .eml (mime_body.py);
- an entry file as text, before it is an entry: its encoding (entry_text.py), a merge's conflict
  markers, a sync client's copies, a date no calendar has (merge_conflicts.py, sync_copies.py,
  impossible_dates.py);
- languages, scripts and calendars: the templates' words (wording.py, phrases.py, plurals.py),
  directions, line breaks, dates (dates_in_words.py, solar_hijri.py...);
- the Hugo site the posts go into: its settings and what it does with a post (site.py, site_*.py,
  permalinks.py, slugs.py);
- JSON read from what may be damaged (json_object.py) and written readably (below).
"""

from __future__ import annotations

import json


def readable_json(data: dict, *, sort_keys: bool = False, encoded: dict[str, str] | None = None) -> str:
    """`data` as JSON with one top-level key a line: readable and diffable, yet encoded by the
    json module's C encoder (any `indent` sends every value through its pure-Python one, and a
    build record or feed carries every entry's notes). `encoded`: values' JSON text, given."""
    keys, encoded = sorted(data) if sort_keys else list(data), encoded or {}
    return json_lines(
        {key: encoded.get(key) or json.dumps(data[key], sort_keys=sort_keys, ensure_ascii=False) for key in keys}
    )


def json_lines(encoded: dict[str, str]) -> str:
    """As `readable_json` writes an object whose values are `encoded` already (JSON text)."""
    lines = (f"  {json.dumps(key)}: {value}" for key, value in encoded.items())
    return "{\n" + ",\n".join(lines) + "\n}\n" if encoded else "{}\n"
