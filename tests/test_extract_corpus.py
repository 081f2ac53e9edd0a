"""The regression corpus: saved pages in the shape of real sites, and what we must get from each.

`tests/pages/expected.json` maps each page's URL to its file and the fields we assert
(only those listed; `extras` keys are checked one by one). Pages are read as bytes, so
charset handling is part of what is tested. Run with `-s` to see the accuracy table.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path

import pytest

from newsletter.links.extract import extract_metadata

PAGES = Path(__file__).parent / "pages"
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))


def _checks(url: str, expected: dict):
    """(field, wanted, got) for every asserted field of one page."""
    got = dataclasses.asdict(extract_metadata((PAGES / expected["file"]).read_bytes(), url))
    for name, wanted in expected.items():
        if name == "file":
            continue
        if name == "extras":
            for key, value in wanted.items():
                yield f"extras.{key}", value, got["extras"].get(key)
        else:
            yield name, wanted, got[name]


def test_corpus_is_big_and_small_enough():
    files = sorted(p.name for p in PAGES.glob("*.html"))
    assert len(files) >= 16
    assert sorted(e["file"] for e in EXPECTED.values()) == files, "every page has expectations"
    assert all((PAGES / f).stat().st_size < 40_000 for f in files)


def test_corpus_field_accuracy():
    correct, total, failures = Counter(), Counter(), []
    for url, expected in EXPECTED.items():
        for name, wanted, got in _checks(url, expected):
            total[name] += 1
            if got == wanted:
                correct[name] += 1
            else:
                failures.append(f"{expected['file']}: {name}: wanted {wanted!r}, got {got!r}")
    width = max(map(len, total))
    print(f"\n{'field':<{width}}  correct/total")
    for name in sorted(total, key=lambda n: (n.startswith("extras."), n)):
        print(f"{name:<{width}}  {correct[name]:>3}/{total[name]:<3} {100 * correct[name] / total[name]:5.1f}%")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("url", EXPECTED, ids=[e["file"] for e in EXPECTED.values()])
def test_page(url):
    """The same checks per page, so a regression names the page that broke."""
    for name, wanted, got in _checks(url, EXPECTED[url]):
        assert got == wanted, name
