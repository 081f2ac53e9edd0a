"""A build after an edit is the build from scratch (issue 17): what a process keeps from one build
to the next (the waiting process of cli/build_server.py builds many editions in one life: its
rendered fragments (formats/kept_fragments.py), parsed notes, compiled templates, open SQLite
connections) never shows in an output.

For every example edition, a seeded random sequence of edits (a note's text, an entry's front
matter, a template, a setting, an entry added, one removed) is built in this one process, as the
waiting process builds them; after each, a fresh process rebuilds the edition with --force, and
every output must already be on disk byte for byte as that full rebuild writes it.
"""

import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsletter.cli import main
from newsletter.files import kept_dbs
from newsletter.formats import finished_blocks, kept_fragments

from helpers import EDITIONS, REPO, seed_cache


def outputs(root: Path) -> dict[str, bytes]:
    """Every file a build writes: the edition's dist folder, the post bundle, the web page and feeds."""
    found = [*root.glob("dist/**/*"), *root.glob("site/content/**/*"), *root.glob("site/static/**/*")]
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in found if p.is_file()}


def build_here(root: Path, period: str) -> None:
    result = CliRunner().invoke(main, ["build", period, "-w", str(root), "--offline"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr


def rebuilt_from_scratch(root: Path, period: str) -> None:
    environment = os.environ | {"NEWSLETTER_RESIDENT": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "newsletter", "build", period, "-w", str(root), "--offline", "--force"],
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def entries_of(root: Path) -> list[Path]:
    return sorted(p for p in (root / "entries").glob("*/*/*.md") if p.name != "_index.md")


def edit_note(root: Path, entries: list[Path], rng: random.Random) -> str:
    path = rng.choice(entries)
    text = path.read_text(encoding="utf-8")
    words = ["A *second* look", "with a [link](https://example.org/more)", "and `code`", "— still worth it."]
    path.write_text(text.rstrip("\n") + "\n\n" + " ".join(rng.sample(words, 3)) + "\n", encoding="utf-8")
    return f"note of {path.name}"


def edit_front_matter(root: Path, entries: list[Path], rng: random.Random) -> str:
    path = rng.choice(entries)
    text = path.read_text(encoding="utf-8")
    tag = rng.choice(["later", "favourite", "deep dive"])
    if re.search(r"^title: ", text, re.MULTILINE):
        text = re.sub(r"^title: (.*)$", lambda m: f'title: "Retitled {rng.randint(1, 99)}"', text, count=1, flags=re.M)
    else:
        text = text.replace("\n---\n", f"\ntags: [{tag}]\n---\n", 1) if "\ntags:" not in text else text
        text = re.sub(r"^tags: \[", f"tags: [{tag}, ", text, count=1, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")
    return f"front matter of {path.name}"


def edit_template(name: str):
    def edit(root: Path, entries: list[Path], rng: random.Random) -> str:
        own = root / "templates" / name
        own.parent.mkdir(exist_ok=True)
        source = own.read_text(encoding="utf-8") if own.exists() else (REPO / "templates" / name).read_text("utf-8")
        # every entry's title, in the block each entry renders
        for title in ("{{ entry.display_title }}", "entry.display_title | isolated"):
            source = source.replace(title, title.replace("entry.display_title", "(entry.display_title ~ ' ~')"), 1)
        own.write_text(source, encoding="utf-8")
        return f"template {name}"

    return edit


def edit_language(root: Path, entries: list[Path], rng: random.Random) -> str:
    """A setting every entry's block reads: its words ("Talk", the colon) are the language's."""
    path = root / "newsletter.toml"
    language = rng.choice(["de", "fr", "ja"])
    path.write_text(re.sub(r'^language = "[^"]*"', f'language = "{language}"', path.read_text("utf-8"), flags=re.M))
    return f"language {language}"


def edit_greeting(root: Path, entries: list[Path], rng: random.Random) -> str:
    path = root / "newsletter.toml"
    greeting = f'greeting = "Hi there, reader {rng.randint(1, 99)}!"'
    path.write_text(re.sub(r"^greeting = .*$", greeting, path.read_text("utf-8"), flags=re.M))
    return "greeting"


def add_entry(root: Path, entries: list[Path], rng: random.Random) -> str:
    model = rng.choice(entries)
    copy = model.with_name(f"added-{rng.randint(1000, 9999)}.md")
    text = model.read_text(encoding="utf-8")
    text = re.sub(r"^url: (\S+)$", r"url: \1?copy=1", text, count=1, flags=re.MULTILINE)
    copy.write_text(text + "\nA copy of another entry, added between builds.\n", encoding="utf-8")
    entries.append(copy)
    return f"entry {copy.name} added"


def remove_entry(root: Path, entries: list[Path], rng: random.Random) -> str:
    if len(entries) <= 2:
        return add_entry(root, entries, rng)
    path = rng.choice(entries)
    path.unlink()
    entries.remove(path)
    return f"entry {path.name} removed"


# each kind of edit once, in an order of the edition's own
EDITS = [
    edit_note,
    edit_note,
    edit_front_matter,
    *(edit_template(name) for name in ("email.mjml.j2", "email.txt.j2", "post.md.j2")),
    edit_language,
    edit_greeting,
    add_entry,
    remove_entry,
]


@pytest.fixture
def keeping_blocks(monkeypatch):
    """Each entry's rendered blocks kept from build to build (formats/kept_fragments.py), as
    the waiting process's makes ahead keep them (conftest.py lets them go after the test); the
    blocks taken from the kept, counted."""
    kept_fragments.keep_fragments()
    taken = []
    kept = kept_fragments.Fragments._kept
    monkeypatch.setattr(
        kept_fragments.Fragments, "_kept", lambda self, key: (made := kept(self, key)) and taken.append(made) or made
    )
    return taken


@pytest.mark.parametrize("period", EDITIONS)
def test_each_build_after_an_edit_is_the_build_from_scratch(example_workspace, period, keeping_blocks, alone):
    root = example_workspace
    seed_cache(root)
    build_here(root, period)
    rng = random.Random(f"issue 17 {period}")
    kinds = rng.sample(EDITS, len(EDITS))
    done = []
    with kept_dbs():  # as the waiting process keeps its SQLite connections from build to build
        for edit in kinds:
            in_period = [p for p in entries_of(root) if _in_period(p, period)]
            done.append(edit(root, in_period, rng))
            build_here(root, period)
            incremental = outputs(root)
            rebuilt_from_scratch(root, period)  # (another process, writing to the caches meanwhile)
            assert outputs(root) == incremental, f"after {', '.join(done)}"
    # the email's and the post's entry blocks were kept, and taken: the comparisons above saw them used
    assert len(kept_fragments._KEPT) > 0 and len(keeping_blocks) > len(done)
    # and the email's edited blocks were finished alone, its others' HTML taken as kept
    assert len(alone) >= 2 and len(finished_blocks._BLOCKS) > 0
    assert not finished_blocks._OFF  # (its own check, once a process, found each way right)


def _in_period(path: Path, period: str) -> bool:
    """An entry of the edition: its month folder (a week's, the month its days are in)."""
    month = f"{path.parent.parent.name}-{path.parent.name}"
    return period.startswith(month) or (period == "2020-W28" and month == "2020-07")


def test_the_comparison_sees_a_stale_output(example_workspace):
    """The check above can fail: an output left from before an edit differs from the rebuild's."""
    root = example_workspace
    seed_cache(root)
    build_here(root, "2021-02")
    kept = outputs(root)
    edit_note(root, [p for p in entries_of(root) if _in_period(p, "2021-02")], random.Random(1))
    rebuilt_from_scratch(root, "2021-02")
    assert outputs(root) != kept


@pytest.mark.parametrize("change", ["a style in its body", "a font by an mj-class"])
def test_a_workspace_template_reading_beyond_an_entry_block_is_built_as_from_scratch(
    example_workspace, keeping_blocks, change
):
    """The workspace's own email template with a <style> in its body (an mj-raw, where a
    template may put one), or entries naming a font mrml links by itself (Lato, in an mj-class):
    a note given emphasis, then an entry retitled, each after an edit finished alone and checked
    (review 39: both made another email than a fresh build's)."""
    root, period = example_workspace, "2021-02"
    seed_cache(root)
    own = root / "templates" / "email.mjml.j2"
    own.parent.mkdir()
    source = (REPO / "templates" / "email.mjml.j2").read_text("utf-8")
    if change == "a style in its body":
        gutter = '<mj-section css-class="gutter" padding="28px 0 0"'
        source = source.replace(gutter, f"<mj-raw><style>em {{ color: #b31d28; }}</style></mj-raw>{gutter}", 1)
    else:
        serif = '<mj-class name="serif" font-family="Lato, Georgia" /></mj-attributes>'
        source = source.replace("</mj-attributes>", serif, 1)
        padding = "<mj-text padding=\"10px 28px {{ '0' if show_image else '4px' }}\""
        source = source.replace(
            padding, padding + "{% if 'Serif' in entry.display_title %} mj-class=\"serif\"{% endif %}", 1
        )
    own.write_text(source, encoding="utf-8")
    build_here(root, period)
    entries = [p for p in entries_of(root) if _in_period(p, period)]
    edits = [
        lambda text: text.rstrip("\n") + "\n\nA plain second look.\n",
        lambda text: text.rstrip("\n") + "\n\nA *second* look.\n",
        lambda text: (
            re.sub(r"^title: .*$", 'title: "Serif, retitled"', text, count=1, flags=re.M)
            if re.search(r"^title: ", text, re.M)
            else text.replace("\n---\n", '\ntitle: "Serif, retitled"\n---\n', 1)
        ),
    ]
    done = []
    with kept_dbs():
        for path, edit in zip(entries, edits, strict=False):
            path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
            done.append(path.name)
            build_here(root, period)
            incremental = outputs(root)
            rebuilt_from_scratch(root, period)
            assert outputs(root) == incremental, f"after {', '.join(done)}"
