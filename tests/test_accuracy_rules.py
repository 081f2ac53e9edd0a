"""The matching rules of bench/accuracy.py, as issue 11 states them: the bench's numbers
are only as good as these. No corpus needed; without one the bench skips with a note."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "accuracy", Path(__file__).resolve().parents[1] / "bench" / "accuracy.py"
)
accuracy = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(accuracy)


@pytest.mark.parametrize(
    "got, label, right",
    [
        ("Taylor Swift’s new romance: the year | Site", "Taylor Swift's new romance - the year", True),
        ("ＡＢＣ News roundup", "abc news", True),  # NFKC and case-folding
        ("Short", "Short title", False),
        (None, "Anything", False),
    ],
)
def test_title_contains_the_label(got, label, right):
    assert accuracy.title_right(got, label) is right


@pytest.mark.parametrize(
    "got, label, right",
    [
        (["Travis Andersen", "Adam Sennott"], "Travis Andersen,  Adam Sennott", True),
        (["José Martí"], "jose marti", True),  # accents folded
        (["Hans Müller", "Petra Schmidt"], "Hans Müller und Petra Schmidt", True),
        ("Aaron Scott; Berly McCoy | Rebecca Ramirez", "Aaron Scott , Berly McCoy & Rebecca Ramirez", True),
        (["Robbie Dunlop", "Megan Garside"], "Robbie Dunlop", False),
        ([], "", True),
    ],
)
def test_authors_as_sets(got, label, right):
    assert (accuracy.name_set(got) == accuracy.name_set(label)) is right


@pytest.mark.parametrize(
    "got, label, right",
    [
        ("2023-12-20", "2023-12-20", True),
        ("2023-12-20T01:00:21+00:00", "2023-12-19", True),  # evening of the 19th in America
        ("2023-12-22T11:21:00+00:00", "2023-12-22", True),
        ("2023-12-22T11:21:00+00:00", "2023-12-24", False),
        ("2023-12-20T10:00:00", "2023-12-21", False),  # no offset: the day as written
        ("2024-12-20", "2023-12-20", False),
        (None, "2023-12-20", False),
    ],
)
def test_published_same_day_allowing_for_time_zones(got, label, right):
    assert accuracy.date_right(got, label) is right


def test_the_bench_skips_without_the_corpus(tmp_path, capsys):
    assert accuracy.main([str(tmp_path)]) == 0
    assert "not found" in capsys.readouterr().out


def test_a_label_a_pool_does_not_give_leaves_the_page_out_of_that_field():
    """A held-out pool's corpora label different fields (Readability's test pages give no date
    for most pages, fundus's no empty bylines): null is no label, "" is "names no one"."""
    pages = [
        ({"title": None, "authors": None, "date": None}, b""),
        ({"title": "Tide tables", "authors": "", "date": "2019-10-21"}, b""),
    ]
    got = [{"title": "Whatever", "authors": ["Someone"], "date": None}] * 2
    counts = accuracy.score(pages, got)
    assert counts["title"] == (0, 1) and counts["authors"] == (0, 1) and counts["published"] == (0, 1)
    assert counts["spurious"] == (1, 1)
