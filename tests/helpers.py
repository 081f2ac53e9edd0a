"""Plain helpers several test modules share (fixtures live in conftest.py; no test module imports another)."""

import json
from pathlib import Path
from urllib.parse import urlsplit

from newsletter.config import load
from newsletter.errors import FetchError
from newsletter.links.cache import MetadataCache
from newsletter.models import Metadata

GOLDEN = Path(__file__).parent / "golden"
EDITIONS = ["2021-02", "2020-W28", "2022-04"]


def seed_cache(root: Path) -> None:
    """What the web said about some links, as if fetched earlier (the build runs offline)."""
    settings = load(root)
    seeds = json.loads((GOLDEN / "cache-seed.json").read_text())
    with MetadataCache(settings.state_dir, settings.fetch.max_age_days) as cache:
        for url, fields in seeds.items():
            cache.put(url, Metadata(**fields))


async def unreachable(self, url, **kwargs):
    """Stands in for Fetcher.get: every host is not found, as on a machine with no network."""
    raise FetchError(url, f"host {urlsplit(url).hostname} not found")
