"""A workspace's own templates, copied from an older version and edited by hand since: they
still render, and where they link a dead link itself instead of its archived copy, the build
says so, naming the template, instead of sending readers to a page that is gone."""

import shutil
from pathlib import Path

from test_robust_links import ARCHIVE, RAY, RAY_COPY

from newsletter.build import build
from newsletter.resources import default_templates

# templates/post.md.j2 as `newsletter init` left it in a workspace a year ago (before archived
# copies), with the author's own line added under each entry's notes.
OLD_POST = """{{ edition.intro | markdown }}

<!--more-->
{% for entry in edition.entries %}

## {% if entry.label %}[{{ entry.label }}] {% endif %}[{{ entry.display_title }}]({{ entry.url | md_url }})
{% if entry.people and entry.type != "mine" %}
**{{ entry.people_word }}**: {{ entry.people | join(", ") }}
{% endif %}

{{ entry.notes | markdown }}

*Tags: {{ entry.tags | join(', ') }}*

{% endfor %}
"""


def own_templates(root: Path) -> None:
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates/post.md.j2").write_text(OLD_POST)
    # the plain text, edited to cite each entry's link itself (its "Archived copy" line kept)
    text = (default_templates() / "email.txt.j2").read_text().replace("entry.link_url", "entry.url")
    (root / "templates/email.txt.j2").write_text(text)


def test_an_old_template_that_links_a_dead_link_itself_is_named(example_workspace):
    (example_workspace / "entries/2020/07/_archive.toml").write_text(ARCHIVE)
    own_templates(example_workspace)
    result = build(example_workspace, "2020-W28", offline=True)
    assert f"]({RAY})" in result.outputs.post.split("+++")[-1]  # what the old template does
    said = [w for w in result.warnings if "rather than the archived copy" in w]
    # the text gives the copy too, on a line of its own, which readers see: only the post is named
    assert len(said) == 1, result.warnings
    assert "templates/post.md.j2 (your copy of the template) links `entry.url`" in said[0]
    assert RAY in said[0] and "entries/2020/07/" in said[0]


def test_the_default_templates_link_every_copy_and_say_nothing(example_workspace):
    (example_workspace / "entries/2020/07/_archive.toml").write_text(ARCHIVE)
    result = build(example_workspace, "2020-W28", offline=True)
    assert f"]({RAY_COPY})" in result.outputs.post
    assert RAY_COPY in result.outputs.text and RAY_COPY in result.outputs.html
    assert not [w for w in result.warnings if "archived copy" in w], result.warnings


def test_an_old_template_without_dead_links_says_nothing(example_workspace):
    own_templates(example_workspace)
    result = build(example_workspace, "2020-W28", offline=True)
    assert not [w for w in result.warnings if "archived copy" in w], result.warnings


def test_the_default_email_links_a_dead_links_image_to_its_copy(example_workspace):
    """The entry's picture linked the page that is gone, where its title linked the copy."""
    (example_workspace / "entries/2020/07/_archive.toml").write_text(ARCHIVE)
    ray = example_workspace / "entries/2020/07/ray.md"
    ray.write_text(ray.read_text().replace("type: talk", "type: talk\nimage: https://example.com/ray.png", 1))
    result = build(example_workspace, "2020-W28", offline=True)
    assert f'href="{RAY}"' not in result.outputs.html
    assert not [w for w in result.warnings if "archived copy" in w], result.warnings


def test_a_dead_link_written_in_its_own_notes_is_not_blamed_on_the_templates(example_workspace):
    """The notes say where the video was: the default templates, which link its copy, were named
    as linking the dead page (in this repository, whose templates/ are the defaults, as "your copy")."""
    (example_workspace / "entries/2020/07/_archive.toml").write_text(ARCHIVE)
    shutil.copytree(default_templates(), example_workspace / "templates")
    ray = example_workspace / "entries/2020/07/ray.md"
    ray.write_text(ray.read_text() + f"\nThe video was at <{RAY}> until 2024.\n")
    result = build(example_workspace, "2020-W28", offline=True)
    assert not [w for w in result.warnings if "archived copy" in w], result.warnings


def test_a_template_that_links_the_original_beside_its_copy_on_purpose_says_nothing(example_workspace):
    (example_workspace / "entries/2020/07/_archive.toml").write_text(ARCHIVE)
    (example_workspace / "templates").mkdir()
    both = OLD_POST.replace(
        "({{ entry.url | md_url }})",
        "({{ entry.url | md_url }}){% if entry.dead %} ([archived]({{ entry.archive_url | md_url }})){% endif %}",
    )
    assert both != OLD_POST
    (example_workspace / "templates/post.md.j2").write_text(both)
    result = build(example_workspace, "2020-W28", offline=True)
    assert f"]({RAY}) ([archived]({RAY_COPY}))" in result.outputs.post
    assert not [w for w in result.warnings if "archived copy" in w], result.warnings
