"""Plain helpers several test modules share (fixtures live in conftest.py; no test module imports another)."""

import contextlib
import json
import os
import re
import shutil
import threading
import unicodedata
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


REPO = Path(__file__).resolve().parent.parent


def url_of(server, path: str) -> str:
    """A local server's URL with a host entries accept (one with a dot)."""
    return server.url_for(path).replace("localhost", "127.0.0.1")


def link_workspace(root: Path, urls: list[str], timeout: float) -> Path:
    """A workspace whose February 2021 holds one article per URL, fetching from local servers."""
    root.mkdir()
    (root / "newsletter.toml").write_text(
        f'[newsletter]\nname = "Test"\n\n[fetch]\nallow_private_addresses = true\ntimeout = {timeout}\n',
        encoding="utf-8",
    )
    shutil.copytree(REPO / "site", root / "site", ignore=shutil.ignore_patterns("public", "resources", "posts"))
    folder = root / "entries" / "2021" / "02"
    folder.mkdir(parents=True)
    for day, url in enumerate(urls, start=1):
        (folder / f"entry-{day}.md").write_text(
            f"---\ntype: article\nurl: {url}\ndate: 2021-02-{day:02d}\n---\nNote {day}.\n", encoding="utf-8"
        )
    return root


def slugged_before(text: str) -> str:
    """The slugs of versions before 2026-12: every character with no ASCII spelling left out
    (formats/slugs.py's `slugify` parts words there now)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text))


def past(fifos, run):
    """What `run()` gives, if it ended without waiting on any of `fifos`; a failure (not a hung
    suite) if it waited: the FIFOs are then opened for writing and closed, which ends its wait."""
    results = []
    worker = threading.Thread(target=lambda: results.append(run()), daemon=True)
    worker.start()
    worker.join(60)
    waited = worker.is_alive()
    while worker.is_alive():
        for fifo in fifos:
            with contextlib.suppress(OSError):  # (no reader on it: ENXIO)
                os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(0.1)
    assert not waited, "the build waited on a FIFO"
    return results[0]
