"""The local model on a Japanese and Chinese log: words without spaces between them (no mocks)."""

import json
import re

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


def test_a_cjk_word_is_found_whole_not_by_any_of_its_pairs(log):
    """インデックス found クラシック音楽の聴き方 by the pair ック the two words share; a query's
    particles (の) are no word to find."""
    root, labels, db = log
    path = dict(db.execute("SELECT id, path FROM entry"))
    assert [labels[path[id_]] for id_, _ in by_words(db, "PostgreSQL インデックス")] == ["db"]
    hits = json.loads(CliRunner().invoke(main, ["search", "機械学習の基礎", "--json"]).stdout)
    assert hits[0]["title"] == "機械学習の基礎をもう一度" and "words: 機械学習, 基礎" in hits[0]["why"], hits[0]


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


def _month(root, entries, language="ja"):
    month = root / "entries/2026/11"
    month.mkdir(parents=True)
    (root / "newsletter.toml").write_text(f'[newsletter]\nname = "N"\nlanguage = "{language}"\n', encoding="utf-8")
    for n, (title, notes) in enumerate(entries):
        (month / f"{n}.md").write_text(
            f'---\ntype: article\nurl: https://example.jp/{n}\ndate: 2026-11-0{n + 1}\ntitle: "{title}"\n---\n'
            f"{notes}\n",
            encoding="utf-8",
        )


def _sections(root, count):
    shown = CliRunner().invoke(main, ["sections", "2026-11", "--count", str(count), "-w", str(root)])
    assert shown.exit_code == 0, shown.output
    return re.findall(r"^## (.+)$", shown.stdout, re.M)


def test_unrelated_japanese_entries_are_not_named_for_one_entrys_english_words(tmp_path):
    """Yuki's five unrelated entries were proposed as one section 'JaxとJIT': the English words
    one of them repeated. No word is shared by two of them, so they are "その他" (other)."""
    _month(
        tmp_path,
        [
            ("JAXで始める高速な数値計算", "JAXのJITコンパイルとvmap。JITが効くとループが百倍速くなった。JAXは面白い。"),
            ("出汁の取り方を覚える", "昆布と鰹節で取る一番出汁。沸騰させないのがコツ。"),
            ("ピアノの練習を毎日続けるには", "一日十五分でも毎日弾く。好きな曲を半分ずつ。"),
            ("トランザクション分離レベル入門", "ダーティリードとファントムリード。同時実行制御の難しさ。"),
            ("京都の紅葉を歩く", "嵐山から嵯峨野へ。朝早く出ると人が少ない。"),
        ],
    )
    assert _sections(tmp_path, 1) == ["その他"]


def test_a_chinese_logs_sections_are_named_by_the_words_their_entries_share(tmp_path):
    """A Chinese sentence is one run of ideographs: a section was named by a clause of one entry
    ("白菜先用盐腌出水") or by a word saying how ("如何"), not by what the entries are about."""
    _month(
        tmp_path,
        [
            ("数据库索引的原理", "B+树索引为什么适合范围查询，联合索引的最左前缀原则，以及如何用执行计划找出慢查询。"),
            ("MySQL事务与锁", "事务的隔离级别、行锁和间隙锁，死锁是怎么产生的，数据库如何检测并回滚。"),
            ("如何欣赏交响乐", "了解交响曲的乐章结构和乐器编制，听音乐会之前先听几遍录音。"),
            ("交响曲的历史", "从海顿到马勒，交响曲的乐章越来越长，乐器编制也越来越大。"),
        ],
        language="zh",
    )
    names = sorted(_sections(tmp_path, 2))
    assert len(names) == 2 and names[0].startswith("交响曲") and names[1].startswith("数据库"), names
    texts = [path.read_text(encoding="utf-8") for path in tmp_path.glob("entries/*/*/*.md")]
    for word in (word for name in names for word in name.split("和")):  # "{first}和{second}"
        assert sum(word in text for text in texts) >= 2, (word, names)


def test_a_korean_word_is_found_whatever_particle_follows_it(tmp_path, monkeypatch):
    """Korean puts spaces between words but writes each noun with its particle (데이터베이스의,
    데이터베이스를): a search for 데이터베이스 matched no entry by its words."""
    _month(
        tmp_path,
        [
            ("데이터베이스의 인덱스 설계", "실행 계획을 읽고 느린 쿼리의 원인을 찾는다."),
            ("김치찌개 끓이는 법", "잘 익은 김치와 돼지고기를 볶은 뒤 물을 붓는다."),
            ("피아노 연습 습관", "하루 십오 분이라도 매일 친다."),
        ],
        language="ko",
    )
    monkeypatch.chdir(tmp_path)
    db, _ = connect(tmp_path / ".newsletter")
    refresh(db, tmp_path, tmp_path / "entries")
    path = dict(db.execute("SELECT id, path FROM entry"))
    assert [path[id_] for id_, _ in by_words(db, "데이터베이스")] == ["entries/2026/11/0.md"]
    assert [path[id_] for id_, _ in by_words(db, "김치")] == ["entries/2026/11/1.md"]


def test_a_korean_querys_particle_does_not_hide_the_noun(tmp_path, monkeypatch):
    """`search 데이터베이스를` (the noun as an object) found the entry on 데이터베이스의 인덱스 by
    meaning alone, not by its words: the query was the phrase of its pairs ending 스를, which the
    entry does not hold. The query's particle goes, as the entry's is no part of its noun."""
    _month(
        tmp_path,
        [
            ("데이터베이스의 인덱스 설계", "실행 계획을 읽고 느린 쿼리의 원인을 찾는다."),
            ("김치찌개 끓이는 법", "잘 익은 김치와 돼지고기를 볶은 뒤 물을 붓는다."),
        ],
        language="ko",
    )
    monkeypatch.chdir(tmp_path)
    db, _ = connect(tmp_path / ".newsletter")
    refresh(db, tmp_path, tmp_path / "entries")
    path = dict(db.execute("SELECT id, path FROM entry"))
    for query, entry in (("데이터베이스를", 0), ("데이터베이스에서", 0), ("인덱스가", 0), ("김치를", 1)):
        assert [path[id_] for id_, _ in by_words(db, query)] == [f"entries/2026/11/{entry}.md"], query
    hits = json.loads(CliRunner().invoke(main, ["search", "데이터베이스를", "--json"]).stdout)
    assert "words: 데이터베이스" in hits[0]["why"], hits[0]


def test_full_width_latin_and_half_width_katakana_find_what_the_entries_write(tmp_path, monkeypatch):
    """New user 51 (Yuki, Tokyo) typed `search ＰＹＴＨＯＮ` with her keyboard in full-width
    mode and found nothing by its words, as ｹﾝｻｸ (half-width katakana) found no ケンサク: FTS5
    reads them as other characters. Index and query are read in their compatibility form (NFKC),
    both ways: an entry that writes ＰｙＴｏｒｃｈ is found by `pytorch`."""
    _month(
        tmp_path,
        [
            ("Pythonで作る全文検索", "ケンサクエンジンを一から作る。"),
            ("ＰｙＴｏｒｃｈ入門", "テンソルの基本から２０２６年版まで。"),
            ("味噌汁の作り方", "出汁をとってから味噌を溶く。"),
        ],
        language="ja",
    )
    monkeypatch.chdir(tmp_path)
    db, _ = connect(tmp_path / ".newsletter")
    refresh(db, tmp_path, tmp_path / "entries")
    path = dict(db.execute("SELECT id, path FROM entry"))
    for query, entry in (("ＰＹＴＨＯＮ", 0), ("ｹﾝｻｸ", 0), ("pytorch", 1), ("2026", 1)):
        assert [path[id_] for id_, _ in by_words(db, query)] == [f"entries/2026/11/{entry}.md"], query
    hits = json.loads(CliRunner().invoke(main, ["search", "ｹﾝｻｸ", "--json"]).stdout)
    assert "words: ケンサク" in hits[0]["why"], hits[0]
