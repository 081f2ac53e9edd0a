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


def test_a_partial_both_emails_include_is_escaped_only_in_the_html(example_workspace):
    """Compiled templates are kept per environment: the HTML one escapes, the text one does not,
    and Jinja keys compiled code by template name alone, so the text email used the HTML's code
    for a partial both include ('Tom &amp; Jerry') on every build after the first."""
    from newsletter import resources

    templates = example_workspace / "templates"
    templates.mkdir()
    (templates / "footer.j2").write_text('{{ "Tom & Jerry <3" }}')
    defaults = resources.default_templates()
    html = (defaults / "email.mjml.j2").read_text()
    html = html.replace("</mj-body>", '<mj-text>{% include "footer.j2" %}</mj-text></mj-body>', 1)
    (templates / "email.mjml.j2").write_text(html)
    (templates / "email.txt.j2").write_text((defaults / "email.txt.j2").read_text() + '{% include "footer.j2" %}\n')
    for _ in range(2):  # the second build reads the compiled templates the first kept
        outputs = build(example_workspace, "2020-W28", offline=True).outputs
        assert "Tom &amp; Jerry &lt;3" in outputs.html and outputs.text.endswith("\nTom & Jerry <3")
