"""What a cache key knows of the code that made what it keeps (the notes cache's salt, the post
Markdown's key): a digest of one file of a package, where a library states its version (an
upgrade rewrites it) or where our own parsing code is, read without importing the package.

Read through the package's own loader, so a zipped install (a zipapp) reads it too; where it
cannot be read at all (a frozen build keeps no source), the version the package states, imported
then. Never the file's location: a frozen one-file build unpacks into a new folder each run, and
a key made of it emptied the notes cache on every run while an upgrade left it unchanged.
"""

from __future__ import annotations

import hashlib
import os
from importlib.util import find_spec


def stamp(package: str, name: str) -> bytes:
    """The digest of `name` in `package` (`"markdown"`, `"__meta__.py"`), or else its version."""
    spec = find_spec(package)  # of a top-level name, runs none of the package
    if spec is None:
        return b"absent"  # nothing is parsed with it, then; its arrival changes the key
    folders = list(spec.submodule_search_locations or [])
    try:
        data = spec.loader.get_data(os.path.join(folders[0], name))
    except (OSError, AttributeError, IndexError):  # no source (frozen), or no loader that reads files
        return f"version {_stated_version(package)}".encode()
    return hashlib.sha256(data).hexdigest().encode()


def _stated_version(package: str) -> str:
    """The version a library states, imported (named here, not computed: no import is hidden)."""
    if package == "markdown":
        import markdown as library
    elif package == "pymdownx":
        import pymdownx as library
    elif package == "markdown_it":
        import markdown_it as library
    else:  # our own code: this tool's version, in every key already
        return "-"
    return library.__version__
