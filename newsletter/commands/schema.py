"""`newsletter schema`: the JSON Schema of an entry's front matter or of newsletter.toml."""

from __future__ import annotations

from newsletter.editors import schemas


def schema_text(kind: str) -> str:
    """The schema as JSON text: generated from the reader's and the settings loader's rules."""
    return schemas.dumps(schemas.entry() if kind == "entry" else schemas.settings())
