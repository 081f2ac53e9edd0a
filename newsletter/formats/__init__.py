"""How the outputs are written: the email (email), its text part (text), the post (post), the
notes (notes), the feeds (feeds), the web pages (web); and JSON for people and programs alike."""

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
