"""The Hugo site the posts go into: the settings file Hugo reads, the site's address, and where
the tool's own pages (every email edition on the web) are published on it."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from newsletter.config import Settings

HUGO_CONFIGS = tuple(f"{stem}.{ext}" for stem in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json"))


def hugo_config(site_dir: Path) -> Path:
    """The file Hugo reads the site's settings from, looked for as Hugo does (HUGO_CONFIGS: hugo.*
    since 0.110, then the older config.*); hugo.toml (what `init` writes) if none is there."""
    return next((site_dir / name for name in HUGO_CONFIGS if (site_dir / name).is_file()), site_dir / "hugo.toml")


def site_base_url(settings: Settings) -> str:
    """Where the site is published, ending in '/': [site] base_url, else the Hugo site's baseURL
    (a key Hugo reads in any case: older sites write `baseurl`)."""
    url = settings.site.base_url
    if not url:
        found = _hugo_settings(hugo_config(settings.site_dir)).items()
        url = str(next((v for k, v in found if str(k).lower() == "baseurl"), ""))
    return (url or "https://example.com/").rstrip("/") + "/"


def _hugo_settings(path: Path) -> dict:
    """A Hugo settings file's top level; empty when missing or unreadable (Hugo then says why)."""
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix in (".yaml", ".yml"):
            import yaml  # for a YAML site only: a build whose entries are cached reads no YAML

            found = yaml.safe_load(text)
        else:
            import json

            found = tomllib.loads(text) if path.suffix == ".toml" else json.loads(text)
    except (OSError, ValueError):  # a bad TOML or JSON file, or not UTF-8
        return {}
    except Exception as error:  # yaml.YAMLError, whose module is imported only above
        if type(error).__module__.split(".")[0] != "yaml":
            raise
        return {}
    return found if isinstance(found, dict) else {}


WEB_DIR = "newsletter"  # the site's folder of edition pages: static/newsletter/<period>/index.html


def web_edition_url(settings: Settings, period: str) -> str:
    """Where an edition's page is published: what "View in your browser" links to."""
    return f"{site_base_url(settings)}{WEB_DIR}/{period}/"
