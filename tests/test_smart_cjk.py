"""The local model on a Japanese and Chinese log: words without spaces between them (no mocks)."""

import json

import pytest
from click.testing import CliRunner
from smart_cjk_data import make_cjk_log

from newsletter.cli import main
from newsletter.smart import cjk, quick
from newsletter.smart.index import connect, refresh
from newsletter.smart.model import model
from newsletter.smart.search import by_words


@pytest.fixture
def log(tmp_path, monkeypatch):
    root = tmp_path / "log"
    labels = make_cjk_log(root)
    monkeypatch.chdir(root)
    db, _ = connect(root / ".newsletter")
    refresh(db, root, root / "entries")
    return root, labels, db


def test_a_word_inside_a_sentence_is_found_by_its_characters(log):
    """Yuki's `search 機械学習` found no entry by its words: a Japanese sentence was one token."""
    root, labels, db = log
    path = dict(db.execute("SELECT id, path FROM entry"))
    for query, topic in (("機械学習", "ml"), ("データベース", "db"), ("数据库", "db"), ("交響曲", "music")):
        found = [labels[path[id_]] for id_, _ in by_words(db, query)]
        assert found and set(found[:2]) == {topic}, (query, found)
    hits = json.loads(CliRunner().invoke(main, ["search", "機械学習", "--json"]).stdout)
    assert [labels[h["path"]] for h in hits[:3]] == ["ml"] * 3, hits
    assert "words: 機械学習" in hits[0]["why"], hits[0]


def test_related_entries_of_a_cjk_log_are_mostly_on_topic(log):
    """Every CJK entry was nearest every other: their ideographs the model knows only as the
    same few UTF-8 bytes. The three nearest of each are now mostly of its topic."""
    root, labels, db = log
    path = dict(db.execute("SELECT id, path FROM entry"))
    same = total = 0
    for id_, entry in path.items():
        near = db.execute("SELECT other FROM neighbour WHERE id = ? ORDER BY score DESC LIMIT 3", (id_,)).fetchall()
        same += sum(labels[path[other]] == labels[entry] for (other,) in near)
        total += len(near)
    assert same / total >= 0.45, (same, total)  # chance is 0.21; before: 22 of 60


def test_a_cjk_query_embedded_in_pure_python_equals_the_batch_model(tmp_path):
    import sqlite3

    db = sqlite3.connect(tmp_path / "t.sqlite")
    quick.tokenizer_tables(db)
    for text in ("機械学習の基礎", "PostgreSQLのインデックス設計", "数据库索引", "기계 학습 입문", "café 猫"):
        ours = quick.embed(db, text)
        assert max(abs(a - b) for a, b in zip(ours, model().embed([text])[0], strict=True)) < 1e-5, text


def test_text_without_cjk_letters_is_read_as_before():
    assert cjk.spaced("Bayesian inference, naïve café") == "Bayesian inference, naïve café"
    assert cjk.features("Łukasz Søndergaard — Zoë") == []
    assert cjk.spaced("日本語LLMの設計") == " 日本 本語 LLM の設 設計 "
