"""The three example editions, rendered, compared byte for byte with tests/golden/.

Regenerate after an intended change with `pytest tests/test_golden.py --regen-golden`,
then read the diff before committing it.
"""

import pytest

from newsletter.build import build

from helpers import EDITIONS, GOLDEN, seed_cache


@pytest.mark.parametrize("period", EDITIONS)
def test_example_edition_matches_golden(example_workspace, period, regen_golden):
    seed_cache(example_workspace)
    result = build(example_workspace, period, offline=True)
    assert result.failures == [] and result.warnings == []
    outputs = {
        "post.md": result.outputs.post.encode(),
        "newsletter.html": result.outputs.html.encode(),
        "newsletter.txt": result.outputs.text.encode(),
        "newsletter.eml": result.outputs.eml,
    }
    folder = GOLDEN / period
    for name, data in outputs.items():
        path = folder / name
        if regen_golden:
            folder.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        assert path.read_bytes() == data, f"{period}/{name} differs from golden; see --regen-golden"


def test_rebuilding_gives_identical_files(example_workspace):
    first = build(example_workspace, "2020-W28", offline=True)
    before = {path: path.read_bytes() for path in first.paths}
    mtimes = {path: path.stat().st_mtime_ns for path in first.paths}
    second = build(example_workspace, "2020-W28", offline=True)
    assert {path: path.read_bytes() for path in second.paths} == before
    assert {path: path.stat().st_mtime_ns for path in second.paths} == mtimes  # untouched


def test_a_workspace_template_overrides_the_default(example_workspace):
    (example_workspace / "templates").mkdir()
    (example_workspace / "templates" / "post.md.j2").write_text(
        "{% for e in edition.entries %}* {{ e.display_title }}\n{% endfor %}"
    )
    post = build(example_workspace, "2020-W28", offline=True).outputs.post
    assert post.endswith(
        "* JAX: Accelerated Machine Learning Research\n"
        "* Ray: A System for Scalable Python and ML\n"
        "* What data scientists need to know about DevOps\n"
    )
