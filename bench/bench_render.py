"""How long rendering an edition takes, and how much of it is turning MJML into inlined HTML.

Builds the February 2021 edition offline from a warm metadata cache (read, collect, enrich),
then times, in-process and each as the median of repeated runs:

- `newsletter.render.render` on the enriched edition: the Hugo post, the MJML email through
  mrml and css-inline, the plain text and the .eml;
- `newsletter.formats.email.finish` alone on that edition's MJML (and its two halves: mrml, then
  css-inline).

Two Februaries: the repository's example edition (8 entries, the metadata seeded as the golden
tests seed it) and the benchmark suite's synthetic 50-entry month (bench/workspace.py), when
that module is there.

    /tmp/venv/bin/python bench/bench_render.py [--runs 50]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from newsletter import build, config, render
from newsletter.formats import email as email_html
from newsletter.links.cache import MetadataCache
from newsletter.models import Metadata

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
MONTH = "2021-02"


def example_workspace(root: Path) -> Path:
    """A copy of the repository's workspace with the golden tests' metadata in its cache."""
    shutil.copy(REPO / "newsletter.toml", root)
    shutil.copytree(REPO / "entries", root / "entries")
    settings = config.load(root)
    seeds = json.loads((REPO / "tests" / "golden" / "cache-seed.json").read_text())
    with MetadataCache(settings.state_dir, settings.fetch.max_age_days) as cache:
        for url, fields in seeds.items():
            cache.put(url, Metadata(**fields))
    return root


def synthetic_workspace(root: Path) -> Path | None:
    """The benchmark suite's 50-entry February, warm cache; None when bench/workspace.py is absent."""
    sys.path.insert(0, str(HERE))
    try:
        import workspace
    except ImportError:
        return None
    made = workspace.make_workspace(root, entries=50, per_month=50, first_month=MONTH)
    workspace.seed_cache(root, made["urls"])
    return root


def median_ms(function, runs: int) -> tuple[float, float]:
    function()  # warm: templates compiled, caches filled
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def measure(name: str, root: Path, runs: int) -> None:
    prepared = build.prepare(root, MONTH, offline=True)
    edition, settings = prepared.edition, config.load(root)
    if prepared.failures:
        print(f"  note: {len(prepared.failures)} links had no cached metadata", file=sys.stderr)

    captured = {}
    finish = email_html.finish

    def capture(mjml, *rest):
        captured["mjml"] = mjml
        return finish(mjml, *rest)

    email_html.finish = capture  # render() calls it through the module: catch its MJML once
    try:
        outputs = render.render(edition, settings)
    finally:
        email_html.finish = finish
    mjml = captured["mjml"]
    html = email_html.mrml.to_html(mjml).content

    print(
        f"{name}: {MONTH}, {len(edition.entries)} entries; email {len(outputs.html.encode()) // 1024} KB HTML, "
        f"{len(outputs.text.encode()) // 1024} KB text ({runs} runs each)"
    )
    rows = [
        ("render.render (post, email HTML, text, .eml)", lambda: render.render(edition, settings)),
        ("email_html.finish alone (MJML -> inlined HTML)", lambda: email_html.finish(mjml)),
        ("  of which mrml.to_html", lambda: email_html.mrml.to_html(mjml)),
        ("  of which css-inline", lambda: email_html._INLINER.inline(html)),
    ]
    for label, function in rows:
        median, best = median_ms(function, runs)
        print(f"  {label:<48} median {median:7.2f} ms   min {best:7.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        measure("Example February edition", example_workspace(Path(tmp)), args.runs)
    with tempfile.TemporaryDirectory() as tmp:
        root = synthetic_workspace(Path(tmp) / "bench")
        if root is None:
            print("Synthetic February: skipped (bench/workspace.py not found)")
        else:
            measure("Synthetic February (bench/workspace.py)", root, args.runs)


if __name__ == "__main__":
    main()
