"""Files that ship with the tool: the default templates and the starter site's layouts and words.

In a checkout they live at the repository's top level (`templates/`, `site/layouts/`), the
single source; the wheel carries copies inside the package (see pyproject's force-include).
"""

from pathlib import Path

_PACKAGE = Path(__file__).parent


def _shipped(packaged: str, in_checkout: str) -> Path:
    inside = _PACKAGE / packaged
    return inside if inside.is_dir() else _PACKAGE.parent / in_checkout


def default_templates() -> Path:
    return _shipped("_templates", "templates")


def site_layouts() -> Path:
    return _shipped("_site_layouts", "site/layouts")


def site_words() -> Path:
    """The starter site's own words ("Read more…", "Categories") in each language, Hugo's i18n files."""
    return _shipped("_site_i18n", "site/i18n")
