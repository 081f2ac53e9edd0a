"""The repository is itself an example workspace: its entries must be valid, so the tool works
right after install and its outputs read like the real editions they reconstruct."""

import datetime as dt
from pathlib import Path

import frontmatter
import pytest

from newsletter.models import Entry
from newsletter.read import Editorial

ROOT = Path(__file__).resolve().parent.parent
ENTRIES = ROOT / "entries"
# Editorial files: `_index.md` for a month, `_2020-W28.md` for a week.
EDITORIAL = sorted(ENTRIES.rglob("_*.md"))
ENTRY_FILES = sorted(p for p in ENTRIES.rglob("*.md") if not p.name.startswith("_"))
LISTS = ("speakers", "authors", "tags")
STRINGS = ("type", "url", "title", "section", "image")

FEBRUARY_2021_URLS = {
    "https://labs.quansight.org/blog/2021/01/python-packaging-brainstorm/",
    "https://ml-ops.org/",
    "https://github.com/visenger/awesome-mlops",
    "https://papers.nips.cc/paper/2015/hash/86df7dcfd896fcaf2674f757a2463eba-Abstract.html",
    "https://jalammar.github.io/illustrated-transformer/",
    "https://theaisummer.com/transformer/",
    "https://github.com/google/model_search",
    "https://ericmjl.github.io/essays-on-data-science/machine-learning/infinitely-wide-neural-networks/",
}


def load(path: Path) -> frontmatter.Post:
    return frontmatter.loads(path.read_text(encoding="utf-8"))


def name(path: Path) -> str:
    return str(path.relative_to(ENTRIES))


def test_the_workspace_has_entries_and_editorial_files():
    assert len(ENTRY_FILES) >= 15
    assert {name(p) for p in EDITORIAL} >= {"2021/02/_index.md", "2020/07/_2020-W28.md", "2022/04/_index.md"}


@pytest.mark.parametrize("path", ENTRY_FILES, ids=name)
def test_entry_is_valid(path):
    post = load(path)
    meta = post.metadata
    for key in Entry.required:
        assert key in meta, f"{name(path)}: missing {key}"
    unknown = set(meta) - set(Entry.required) - set(Entry.optional)
    assert not unknown, f"{name(path)}: unknown keys {sorted(unknown)}"
    assert meta["type"] in Entry.types
    assert isinstance(meta["date"], dt.date) and not isinstance(meta["date"], dt.datetime)
    assert meta["url"].startswith("https://")
    for key in STRINGS:
        if key in meta:
            assert isinstance(meta[key], str) and meta[key].strip(), f"{name(path)}: {key}"
    for key in LISTS:
        if key in meta:
            value = meta[key]
            assert isinstance(value, list), f"{name(path)}: {key} should be a list"
            assert all(isinstance(item, str) and item.strip() for item in value)
    if "draft" in meta:
        assert isinstance(meta["draft"], bool)
    assert post.content.strip(), f"{name(path)}: no notes"


@pytest.mark.parametrize("path", ENTRY_FILES, ids=name)
def test_entry_lives_in_the_folder_of_its_month(path):
    day = load(path)["date"]
    assert path.parent == ENTRIES / f"{day:%Y}" / f"{day:%m}"


@pytest.mark.parametrize("path", EDITORIAL, ids=name)
def test_editorial_file_parses(path):
    post = load(path)
    meta = post.metadata
    unknown = set(meta) - (set(Editorial.__dataclass_fields__) - {"intro"})  # the body is the intro
    assert not unknown, f"{name(path)}: unknown keys {sorted(unknown)}"
    assert isinstance(meta.get("subject"), str) and meta["subject"].strip()
    for key in ("subtitle", "outro"):
        if key in meta:
            assert isinstance(meta[key], str)
    for key in ("sections", "tags"):
        if key in meta:
            assert isinstance(meta[key], list) and all(isinstance(v, str) for v in meta[key])
    assert post.content.strip(), f"{name(path)}: the body is the intro"


@pytest.mark.parametrize("path", EDITORIAL, ids=name)
def test_editorial_sections_name_sections_of_that_period(path):
    sections = load(path).get("sections", [])
    # A month's folder holds its entries; in this workspace a week's folder holds only that week.
    entries = [load(p) for p in ENTRY_FILES if p.parent == path.parent]
    available = {e.get("section") or Entry.section_names[e["type"]] for e in entries if e["type"] != "mine"}
    assert set(sections) <= available, f"{name(path)}: no entries for {set(sections) - available}"


def test_february_2021_reconstructs_the_edition():
    posts = [load(p) for p in ENTRY_FILES if p.parent == ENTRIES / "2021" / "02"]
    assert {p["url"] for p in posts} == FEBRUARY_2021_URLS
    assert all(dt.date(2021, 2, 1) <= p["date"] <= dt.date(2021, 2, 28) for p in posts)
    index = load(ENTRIES / "2021" / "02" / "_index.md")
    assert index["subject"] == "Data Science Programming February 2021 Newsletter"
    assert index["sections"] == ["Conda, pip and more Python packaging", "MLOps", "Transformers", "Model Search"]


def test_week_28_of_2020_lies_in_sunday_to_saturday():
    # week_start = "sunday" in newsletter.toml: 2020-W28 is Sunday July 5 to Saturday July 11.
    posts = [load(p) for p in ENTRY_FILES if p.parent == ENTRIES / "2020" / "07"]
    assert len(posts) == 3
    assert all(dt.date(2020, 7, 5) <= p["date"] <= dt.date(2020, 7, 11) for p in posts)


def test_settings_load():
    from newsletter.config import load as load_settings

    settings = load_settings(ROOT)
    assert settings.name == "Data Science Programming Newsletter"
    assert settings.email.sender == "Eric Ma <eric@example.com>"
    assert settings.week_start == "sunday"
    assert settings.signoff == "Cheers,\nEric"
