"""The smart extra's model and index, with real inference on a small labelled log (no mocks)."""

import errno
import json
import os
import re
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsletter.cli import main
from newsletter.smart import quick
from newsletter.smart.index import connect, path_of, refresh
from newsletter.smart.model import files, model
from newsletter.smart.search import QUICK_TEXT, previously

from smart_data import TOPICS, make_log


@pytest.fixture
def offline(monkeypatch, tmp_path):
    """$HOME empty and no network: a cache on this machine or a download cannot hide."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))

    def refuse(*args, **kwargs):
        raise OSError("network blocked in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def log(tmp_path, monkeypatch):
    root = tmp_path / "log"
    labels = make_log(root)
    monkeypatch.chdir(root)
    return root, labels


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_our_vectors_are_wordllamas_own_loaded_offline(offline):
    from wordllama import WordLlama

    ours = model().embed(["Bayesian inference", "Growing tomatoes"])
    theirs = WordLlama.load(cache_dir=files().weights.parent.parent, disable_download=True).embed(
        ["Bayesian inference", "Growing tomatoes"], norm=True
    )
    assert abs(ours - theirs).max() < 1e-5


TRICKY = [
    "bayesian inference in production",
    "héllo wörld — naïve café 🙂 日本語",
    "ml, machine-learning!",
    "  two  spaces\tand a tab ",
    "PyMC3 v5.10 (2024)",
    "a<s>b </s> c<unk>",
    "new\nline, trailing space ",
    "",
]


@pytest.fixture(scope="module")
def reference():
    """The `tokenizers` library on the same file: what our pure-Python tokenizers must give."""
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(files().tokenizer))
    return lambda text: tokenizer.encode(text, add_special_tokens=False).ids


def test_our_tokenizer_gives_the_librarys_ids(reference):
    texts = TRICKY + [
        line
        for name in ("reading-talkpython-359-transcript.txt", "reading-blog-posts.txt")
        for line in (Path(__file__).parent / "texts" / name).read_text(encoding="utf-8").splitlines()
    ]
    assert [model().tokenizer.ids(text) for text in texts] == [reference(text) for text in texts]


class CountedRanks(dict):
    """The tokenizer's merge ranks, counting how often a pair's rank is asked for."""

    asked = 0

    def get(self, *args):
        self.asked += 1
        return super().get(*args)


@pytest.mark.parametrize("word", ["x" * 3_000, "ab" * 1_500, "https://example.com/" + "path/" * 600])
def test_a_word_of_thousands_of_letters_is_merged_in_steps_in_proportion_to_it(reference, word):
    """Each merge looked up the rank of every pair of the word: a page's 65,000 letters without a
    space (`quotes URL` of a hostile page, attack 36) were ~2 billion lookups, `quotes` held for
    hours. The same ids as the library's, in a few lookups a letter."""
    from newsletter.smart.tokens import Tokenizer

    tokenizer = Tokenizer(files().tokenizer)
    tokenizer.ranks = counted = CountedRanks(tokenizer.ranks)
    assert tokenizer.ids(word) == reference(word)
    assert counted.asked < 4 * len(word)


class Steps:
    """A trace function counting the lines run in the smart package, and stopping past `most`:
    the work done, however fast or slow the machine."""

    class TooMany(Exception):
        pass

    def __init__(self, most: int):
        self.most, self.count = most, 0

    def __call__(self, frame, event, arg):
        if "newsletter/smart/" not in frame.f_code.co_filename.replace(os.sep, "/"):
            return None
        if event == "line":
            self.count += 1
            if self.count > self.most:
                raise Steps.TooMany
        return self


@pytest.mark.parametrize(
    "word", ["x" * QUICK_TEXT, "ab" * (QUICK_TEXT // 2), "".join(chr(0x4E00 + n) for n in range(QUICK_TEXT))]
)
def test_a_long_typed_query_is_merged_in_steps_in_proportion_to_it_in_few_parameters(tmp_path, reference, word):
    """quick.py merged a query word as the tokenizer did before attack 36's fix, scanning every
    pair at each merge (a second for 2,000 letters, the longest query it embeds), and asked SQLite
    for every symbol at once: with SQLite before 3.32 (at most 999 parameters, as older systems'
    Pythons have) 2,000 Chinese letters were "too many SQL variables"."""
    db = sqlite3.connect(tmp_path / "t.sqlite")
    quick.tokenizer_tables(db)
    db.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
    assert quick.token_ids(db, word) == reference(word)
    steps = Steps(most=100 * len(word))  # 32 a letter for x, the most; each of 2,000 merges scanned 2,000 pairs
    sys.settrace(steps)
    try:
        quick.token_ids(db, word)
    except Steps.TooMany:
        pass
    finally:
        sys.settrace(None)
    assert steps.count <= steps.most, steps.count


def test_a_query_embedded_in_pure_python_equals_the_batch_model(tmp_path, reference):
    db = sqlite3.connect(tmp_path / "t.sqlite")
    quick.tokenizer_tables(db)
    for text in TRICKY:
        if "<" not in text:  # a query's special tokens are plain text: a search for "<s>" finds "<s>"
            assert quick.token_ids(db, text) == reference(quick.clean(text))
    vector = quick.embed(db, TRICKY[0])
    assert max(abs(a - b) for a, b in zip(vector, model().embed([TRICKY[0]])[0], strict=True)) < 1e-5


def test_related_entries_rank_above_unrelated_ones(log, offline):
    root, labels = log
    db, _ = connect(root / ".newsletter")
    refresh(db, root, root / "entries")
    path_by_id = dict(db.execute("SELECT id, path FROM entry"))
    hits, total = 0, 0
    for id_, path in path_by_id.items():
        near = [
            path_by_id[o]
            for (o,) in db.execute("SELECT other FROM neighbour WHERE id = ? ORDER BY score DESC LIMIT 3", (id_,))
        ]
        assert labels[near[0]] == labels[path], (path, near)  # the nearest is always the same topic
        hits += sum(labels[n] == labels[path] for n in near)
        total += len(near)
    assert hits / total >= 0.8


def test_search_finds_by_words_and_by_meaning(log, offline):
    result = run("search", "Monte Carlo sampler")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["TITLE", "DATE", "TYPE", "WHY"]
    assert lines[1].startswith("MCMC diagnostics") and "words: monte, carlo, sampler" in lines[1]
    # no shared word: found by meaning alone, and the whole top three is on topic
    hits = json.loads(run("search", "planting vegetables in the soil", "--json").stdout)
    assert {h["path"].split("/")[-1].split("-")[0] for h in hits[:3]} == {"gardening"}
    assert all(set(h) == {"path", "title", "date", "type", "url", "score", "why"} for h in hits)


def test_a_hit_found_without_its_accents_says_which_words_matched(log, offline):
    """FTS5 finds "Zoë Müller" for `zoe muller` (unicode61 drops accents); the hit then said
    no word at all, an empty WHY, as if it had matched nothing."""
    root, _ = log
    (root / "entries/2021/04/talk.md").write_text(
        "---\ntype: talk\nurl: https://example.com/crdt\ndate: 2021-04-20\ntitle: Local-first software\n"
        "speakers: [Zoë Müller, Renée Søndergård]\n---\nSyncing documents between devices without a server.\n"
    )
    for query, words in (("zoe muller", "zoe, muller"), ("Zoë Müller", "zoë, müller"), ("renee", "renee")):
        hits = json.loads(run("search", query, "--json").stdout)
        assert hits[0]["title"] == "Local-first software", query
        assert hits[0]["why"].startswith(f"words: {words}"), (query, hits[0]["why"])


def test_an_english_logs_search_keeps_another_languages_function_words(log, offline):
    """The stop words were one set for every language: an English log's search for "Ela Minus"
    (a musician) left out "ela", Portuguese for "she", and matched "minus" alone. A query leaves
    out its log's language's stop words (and English's); a Brazilian log's still leaves "ela" out."""
    root, _ = log
    (root / "entries/2021/04/ela.md").write_text(
        "---\ntype: article\nurl: https://example.com/ela\ndate: 2021-04-20\ntitle: Ela Minus live at KEXP\n"
        "---\nA synthesiser set.\n"
    )
    hits = json.loads(run("search", "ela minus", "--json").stdout)
    assert hits[0]["title"] == "Ela Minus live at KEXP" and hits[0]["why"].startswith("words: ela, minus")
    settings = root / "newsletter.toml"
    settings.write_text(settings.read_text() + 'language = "pt-BR"\n')
    hits = json.loads(run("search", "ela minus", "--json").stdout)
    assert hits[0]["title"] == "Ela Minus live at KEXP" and hits[0]["why"].startswith("words: minus")


def test_a_portuguese_logs_search_finds_a_word_in_either_number(log, offline):
    """SQLite's stemmer is English's: it joins "modelo" and "modelos", but new user 43's Brazilian
    log found no "redes neurais" for `rede neural`, no "lições" for `lição`, no "flores" for `flor`.
    A word of a Portuguese log is looked for in its other number too; an English log's is not."""
    root, _ = log
    settings = root / "newsletter.toml"
    settings.write_text(settings.read_text() + 'language = "pt-BR"\n')
    for name, title in (("redes", "Redes neurais do zero"), ("licoes", "Todas as lições de MLOps"),
                        ("flores", "Um jardim de flores nativas")):  # fmt: skip
        (root / f"entries/2021/04/{name}.md").write_text(
            f"---\ntype: article\nurl: https://example.com/{name}\ndate: 2021-04-20\ntitle: {title}\n---\nNotas.\n"
        )
    for query, title, words in (
        ("rede neural", "Redes neurais do zero", "rede, neural"),
        ("lição", "Todas as lições de MLOps", "lição"),
        ("flor", "Um jardim de flores nativas", "flor"),
    ):
        hits = json.loads(run("search", query, "--json").stdout)
        assert hits[0]["title"] == title, (query, [h["title"] for h in hits])
        assert hits[0]["why"].startswith(f"words: {words}"), (query, hits[0]["why"])
    settings.write_text(settings.read_text().replace('language = "pt-BR"', 'language = "en"'))
    hits = json.loads(run("search", "lição", "--json").stdout)
    assert "Todas as lições de MLOps" not in [h["title"] for h in hits if "words" in h["why"]]


def test_letters_with_no_accent_to_drop_are_found_spelled_plainly(log, offline):
    """FTS5 drops accents, but ł, ø, ß, æ are letters of their own, not a letter with an accent:
    `lukasz` found no "Łukasz", `soren` no "Søren", `strasse` no "Straße"."""
    root, _ = log
    (root / "entries/2021/04/talk.md").write_text(
        "---\ntype: talk\nurl: https://example.com/scale\ndate: 2021-04-20\ntitle: Die Straße der Modelle\n"
        "speakers: [Łukasz Kaiser, Søren Ærø]\n---\nScaling attention.\n"
    )
    for query, words in (
        ("lukasz", "lukasz"),
        ("Łukasz", "łukasz"),
        ("soren aero", "soren, aero"),
        ("strasse", "strasse"),
    ):
        hits = json.loads(run("search", query, "--json").stdout)
        assert hits[0]["title"] == "Die Straße der Modelle", query
        assert hits[0]["why"].startswith(f"words: {words}"), (query, hits[0]["why"])


def test_the_stubs_placeholder_is_not_searched(log, offline):
    """An entry not yet written up still holds the stub's "Your notes, in Markdown.": a search
    for "notes" or "markdown" found every such entry, though none says a word about either."""
    from newsletter.stubs import PLACEHOLDER

    root, _ = log
    (root / "entries/2021/04/stub.md").write_text(
        f"---\ntype: paper\nurl: https://example.com/gat\ndate: 2021-04-20\ntitle: Graph networks\n---\n{PLACEHOLDER}\n"
    )
    for query in ("notes", "markdown"):
        hits = json.loads(run("search", query, "--json").stdout)
        assert not any(h["path"].endswith("stub.md") and "words" in h["why"] for h in hits), hits
    hits = json.loads(run("search", "graph", "--json").stdout)
    assert hits[0]["path"].endswith("stub.md")  # its own words are still searched


def test_a_regional_placeholder_is_not_searched_either():
    """Portugal's placeholder line ('As tuas notas, em Markdown.', init --language pt-PT's) was
    searched where every other language's was taken out: a pt-PT log's search for "notas" found
    every entry not yet written up."""
    from types import SimpleNamespace

    from newsletter.smart.index import document
    from newsletter.stubs import placeholder_in

    entry = SimpleNamespace(title="Redes", speakers=[], tags=[], section=None, notes=placeholder_in("pt-PT"))
    assert "notas" not in document(entry)[3].lower()


def test_entries_in_hidden_folders_are_not_indexed_nor_their_tags_counted(log, offline):
    """An editor's trash inside entries/ (Obsidian's .trash/) kept deleted entries: search and
    related offered them, and check counted their tags, though no build reads them."""
    from newsletter.smart.tags import log_tags

    root, _ = log
    trash = root / "entries/.trash/2021/04"
    trash.mkdir(parents=True)
    (trash / "deleted.md").write_text(
        "---\ntype: paper\nurl: https://example.com/zebra\ndate: 2021-04-20\ntitle: Zebra stripes\n"
        "tags: [zoology]\n---\nWhy zebras have stripes.\n"
    )
    assert run("index").exit_code == 0
    hits = json.loads(run("search", "zebra stripes", "--json").stdout)
    assert not any("deleted.md" in h["path"] for h in hits), hits
    assert "zoology" not in log_tags(root / "entries")


def test_index_says_what_it_did_on_stdout(log, offline):
    """The command's one result, "Index built: …", went to stderr as send's "Sent …" did, where a
    cron job's log of stdout never had it; stderr is for what went wrong."""
    first, again = run("index"), run("index")
    assert first.exit_code == again.exit_code == 0
    assert first.stdout.startswith("Index built: ") and first.stderr == ""
    assert again.stdout.startswith("Index updated: ") and again.stdout.endswith(" embedded, 0 removed.\n")


def test_a_sync_clients_conflict_copy_is_not_indexed(log, offline):
    """New user 52's (Ben's) search listed his talk once for each conflict copy Dropbox and
    Syncthing made of it; the builds leave them out."""
    root, _ = log
    folder = root / "entries/2021/04"
    folder.mkdir(parents=True, exist_ok=True)
    entry = (
        "---\ntype: paper\nurl: https://example.com/zebra\ndate: 2021-04-20\ntitle: Zebra stripes\n---\nWhy zebras.\n"
    )
    (folder / "zebra.md").write_text(entry)
    (folder / "zebra (Ben's conflicted copy 2021-04-21).md").write_text(entry + "From the phone.\n")
    (folder / "zebra.sync-conflict-20210421-101010-ABCDEFG.md").write_text(entry)
    assert run("index").exit_code == 0
    hits = json.loads(run("search", "zebra stripes", "--json").stdout)
    assert [h["path"] for h in hits if "zebra" in h["path"]] == ["entries/2021/04/zebra.md"], hits


def test_related_takes_an_entry_a_link_or_text(log, offline):
    root, labels = log
    by_file = run("related", "entries/2021/03/transformers-1.md", "--json")
    assert by_file.exit_code == 0, by_file.output
    found = json.loads(by_file.stdout)
    assert "transformers-1" not in {h["path"] for h in found}
    assert [labels[h["path"]] for h in found[:3]] == ["transformers"] * 3
    by_link = json.loads(run("related", "https://transformers.example.com/1", "--json").stdout)
    assert by_link == found
    by_text = json.loads(run("related", "which compost for my apple trees", "--json").stdout)
    assert labels[by_text[0]["path"]] == "gardening"
    unknown = run("related", "https://nowhere.example.com/")
    assert unknown.exit_code == 1
    assert unknown.stderr == (
        "Error: No entry has the link https://nowhere.example.com/; give an entry file, or some text about it.\n"
    )


def test_related_leaves_out_the_entries_own_link_and_says_so(log, offline):
    """New user 43 read the Illustrated Transformer four times: `related` on one of its entries
    gave the other three first, at 1.00, where he looked for other reading. The entries of its
    link are left out and named above the list, in both of the command's ways of answering."""
    root, labels = log
    first = root / "entries/2021/03/transformers-1.md"
    again = root / "entries/2021/05/transformers-1-again.md"
    again.parent.mkdir()
    again.write_text(first.read_text().replace("2021-03-03", "2021-05-02"))
    said = "Related to {} (its link is also in entries/2021/05/transformers-1-again.md):\n"
    for answer in (run("related", str(first)), launched(root, "related", str(first))):
        assert answer.stderr == said.format(re.search(r'title: "(.*)"', first.read_text())[1])
        assert "transformers-1-again" not in answer.stdout
    found = json.loads(run("related", "https://transformers.example.com/1", "--json").stdout)
    assert {h["path"] for h in found}.isdisjoint(
        {"entries/2021/03/transformers-1.md", "entries/2021/05/transformers-1-again.md"}
    )
    assert [labels[h["path"]] for h in found[:3]] == ["transformers"] * 3


def test_related_gives_as_many_entries_as_asked_beyond_those_the_index_keeps(log, offline):
    """The index keeps ten neighbours an entry: `related ENTRY --limit 12` gave ten, as did a
    list of ten with three of them its own link's entries left out."""
    root, labels = log
    found = json.loads(run("related", "entries/2021/03/transformers-1.md", "--limit", "12", "--json").stdout)
    assert len(found) == 12 and "entries/2021/03/transformers-1.md" not in {h["path"] for h in found}
    assert found[:10] == json.loads(run("related", "entries/2021/03/transformers-1.md", "--json").stdout)
    assert [h["score"] for h in found] == sorted((h["score"] for h in found), reverse=True)


def test_related_to_nothing_says_so(log, offline):
    """An empty TARGET, or an entry with no words (no title, no notes): every entry of the log
    came back "related", each at similarity 0.00."""
    root, _ = log
    for empty in ("", "  "):
        said = run("related", empty)
        assert said.exit_code == 1 and said.stderr == (
            "Error: Give an entry file, a link or some text, e.g. newsletter related 'bayesian inference'\n"
        )
    blank = root / "entries/2021/03/blank.md"
    blank.write_text("---\ntype: article\nurl: https://blank.example.com/\ndate: 2021-03-30\n---\n")
    assert run("index").exit_code == 0
    for answer in (run("related", str(blank)), launched(root, "related", str(blank))):
        assert (answer.stdout, answer.stderr) == (
            "Nothing in the log is related to it.\n",
            "Related to https://blank.example.com/:\n",
        )


def test_search_does_not_offer_what_is_not_close_at_all(tmp_path, offline, monkeypatch):
    """A log whose only entry has no words (no title, no notes): any query found it "by meaning",
    at 0.00, since the closest hit set the bar and it was the closest."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "newsletter.toml").write_text('[newsletter]\nname = "N"\n')
    month = tmp_path / "entries/2021/03"
    month.mkdir(parents=True)
    (month / "blank.md").write_text("---\ntype: article\nurl: https://blank.example.com/\ndate: 2021-03-30\n---\n")
    for answer in (run("search", "compost"), launched(tmp_path, "search", "compost")):
        assert (answer.stdout, answer.stderr) == ("", "Nothing matches.\n")


def test_an_entry_too_large_to_index_is_named_not_related_as_text(log, offline):
    """An entry of 5.3 MB (a log pasted into a note), which the index leaves out as the build does
    (more than an entry may hold): `related` on it read the file whole as the text to relate and
    embedded it word by word, 94 s before it answered "Related to the text given" (attack 33). It
    says what `check` says of it, in both of the command's ways of answering."""
    root, _ = log
    giant = root / "entries/2021/03/giant.md"
    giant.write_text(
        "---\ntype: article\nurl: https://giant.example.com/\ndate: 2021-03-30\n---\n" + "attention heads " * 70_000
    )
    assert run("index").exit_code == 0
    said = (
        f"Error: {giant}: 1.1 MB, more than the 1 MB an entry may hold; "
        "keep the rest in a file of your own and link to it from the entry.\n"
    )
    for answer in (run("related", str(giant)), launched(root, "related", str(giant))):
        assert (answer.stdout, answer.stderr) == ("", said)


def test_a_long_text_is_related_and_searched_by_the_model_as_a_short_one_is(log, offline):
    """A page of text to relate, or pasted as a query, was embedded in pure Python, each word's
    merges asked of SQLite one by one (100 KB of a note as a query: 52 s); past a few thousand
    characters the model embeds it, to the same vector. Counted in SQL statements, not seconds."""
    from newsletter.smart import search as searching

    root, labels = log
    text = (root / "entries/2021/04/gardening-1.md").read_text().split("---\n", 2)[2] * 60
    db, _ = connect(root / ".newsletter")
    refresh(db, root, root / "entries")
    statements = []  # (those FTS5 runs inside one of them start with "--")
    db.set_trace_callback(lambda statement: statements.append(statement) if statement[:2] != "--" else None)
    what, hits, _ = searching.related(db, root, text)
    assert len(statements) < 20 and labels[hits[0].path] == "gardening"
    statements.clear()
    assert labels[searching.search(db, text)[0].path] == "gardening" and len(statements) < 20
    assert max(abs(a - b) for a, b in zip(searching._embedded(db, text), quick.embed(db, text), strict=True)) < 1e-6
    db.close()


def test_a_query_word_said_many_times_is_one_word(log, offline):
    """A paragraph pasted as the query: each of its words was asked of FTS5 and said in each
    hit's "words:" as often as the paragraph said it ("model, model, model, …")."""
    from newsletter.smart.search import terms

    assert terms("Model data MODEL model データ data") == ["model", "data", "データ"]
    found = json.loads(run("search", "compost " * 50 + "tomato plants tomato", "--json").stdout)
    assert found and all(hit["why"].count("compost") == 1 for hit in found if "compost" in hit["why"])


def launched(root: Path, *arguments: str) -> subprocess.CompletedProcess:
    """The installed command's own fast path for search and related (cli/launch.py, no click)."""
    code = f"import sys; from newsletter.cli.launch import run; sys.argv = ['newsletter', *{list(arguments)!r}]; run()"
    return subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, timeout=60)


def test_the_index_is_incremental_and_rebuilt_when_corrupt(log, offline):
    root, _ = log
    state, entries = root / ".newsletter", root / "entries"
    db, new = connect(state)
    first = refresh(db, root, entries)
    assert new and (first.entries, first.embedded) == (16, 16)
    again = refresh(db, root, entries)
    assert (again.read, again.embedded) == (0, 0)
    edited = entries / "2021/04/gardening-1.md"
    edited.write_text(edited.read_text().replace("tomato plants", "chilli plants"))
    (entries / "2021/04/gardening-2.md").touch()  # same text, new mtime: read, not re-embedded
    (entries / "2021/01/bayes-4.md").unlink()
    stats = refresh(db, root, entries)
    assert (stats.read, stats.embedded, stats.removed, stats.entries) == (2, 1, 1, 15)
    db.close()
    path_of(state).write_bytes(b"this is not a database" * 100)
    db, new = connect(state)
    assert new and refresh(db, root, entries).entries == 15


def test_a_new_date_or_link_is_stored_without_re_embedding(log):
    root, _ = log
    state, entries = root / ".newsletter", root / "entries"
    db, _ = connect(state)
    refresh(db, root, entries)
    edited = entries / "2021/04/gardening-1.md"
    edited.write_text(
        edited.read_text().replace("2021-04-03", "2021-04-20").replace("example.com/1", "example.com/one")
    )
    stats = refresh(db, root, entries)
    assert (stats.read, stats.embedded) == (1, 0)
    row = db.execute("SELECT date, url FROM entry WHERE path = 'entries/2021/04/gardening-1.md'").fetchone()
    assert row == ("2021-04-20", "https://gardening.example.com/one")


def test_previously_reads_stored_neighbours_without_the_model(log):
    root, _ = log
    assert run("index").exit_code == 0
    code = (
        "import sys; from pathlib import Path; from newsletter.smart.search import previously; "
        "found = previously(Path('.newsletter'), 'entries/2021/02/packaging-4.md', 0.3); "
        "print([h.path for h in found]); print('numpy' in sys.modules, 'tokenizers' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
    out = done.stdout.splitlines()
    assert done.returncode == 0, done.stderr
    earlier = eval(out[0])
    assert earlier and all(p < "entries/2021/02/packaging-4.md" for p in earlier)  # only earlier entries
    assert out[1] == "False False"
    assert previously(root / ".newsletter", "entries/nope.md") == []
    assert previously(root / "missing", "entries/2021/02/packaging-4.md") == []


def test_without_the_extra_the_commands_say_how_to_install_it(log):
    root, _ = log
    hide = (
        "import sys\nclass Hide:\n    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] == 'wordllama':\n            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, Hide())\nfrom newsletter.cli import main\nmain(sys.argv[1:])\n"
    )
    for args in (["search", "x"], ["related", "x"], ["sections", "2021-01"], ["quotes", "x.txt"], ["index"]):
        done = subprocess.run([sys.executable, "-c", hide, *args], capture_output=True, text=True, cwd=root)
        assert done.returncode == 1
        assert done.stderr == (
            f"Error: `newsletter {args[0]}` needs the local model, an optional extra: pip install 'newsletter[smart]'\n"
        )


def test_the_labelled_log_has_several_topics_of_several_entries():
    assert len(TOPICS) >= 4 and all(len(entries) >= 4 for entries in TOPICS.values())


def test_help_does_not_import_the_model():
    code = (
        "import sys; from newsletter.cli import main; print([m for m in ('numpy', 'tokenizers', 'sqlite3') "
        "if m in sys.modules])"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "[]"


def test_paths_are_relative_to_the_workspace(log):
    root, labels = log
    run("index")
    stored = {p for (p,) in sqlite3.connect(root / ".newsletter/smart.sqlite").execute("SELECT path FROM entry")}
    assert stored == set(labels) and not any(Path(p).is_absolute() for p in stored)


def test_incremental_neighbours_equal_a_rebuild(log, monkeypatch):
    monkeypatch.setattr("newsletter.smart.index.NEIGHBOURS", 3)  # short lists: most rows merge, few recompute
    root, _ = log
    entries = root / "entries"
    db, _ = connect(root / ".newsletter")
    refresh(db, root, entries)
    moved = entries / "2021/04/gardening-3.md"  # becomes an entry about Bayesian statistics
    moved.write_text(moved.read_text().replace("Cut crossing branches", "Posterior sampling with MCMC: cut"))
    (entries / "2021/03/transformers-2.md").unlink()
    refresh(db, root, entries)
    fresh, _ = connect(root / "rebuilt")
    refresh(fresh, root, entries)

    def neighbours(database):
        query = (
            "SELECT e.path, o.path, round(n.score, 4) FROM neighbour n JOIN entry e ON e.id = n.id "
            "JOIN entry o ON o.id = n.other"
        )
        return sorted(database.execute(query).fetchall())

    assert neighbours(db) == neighbours(fresh)


def test_neighbours_of_a_log_that_doubles_at_once_are_scored_in_bounded_chunks(tmp_path, monkeypatch):
    """Neighbours are scored a few rows at a time against the whole log, however large: 512 rows
    at once held 820 MB for a log of 100,000 entries (attack 37: `newsletter index` of 100,000
    tiny entries peaked at 1.5 GB), and after an import that doubled the log every other row was
    scored against every new one in one matrix (20,000 entries, half new: 700 MB against 360 MB
    for the same log indexed at once; 10 GB at 100,000). Here 3,100 entries, then 2,900 more, a
    million scores at a time (16 million in use, for a log of 20,000 and more): 60 MB before, 20
    now, and the lists are a rebuild's."""
    import tracemalloc

    import numpy as np

    from newsletter.smart import neighbours
    from newsletter.smart.neighbours import update

    monkeypatch.setattr(neighbours, "CELLS", 1_000_000, raising=False)

    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((6000, 256)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)

    def add(db, first, last):
        db.executemany(
            "INSERT INTO entry (id, path, vec) VALUES (?, ?, ?)",
            [(n + 1, f"e{n}.md", vectors[n].astype("<f2").tobytes()) for n in range(first, last)],
        )
        return set(range(first + 1, last + 1))

    grown, _ = connect(tmp_path / "grown")
    update(grown, add(grown, 0, 3100), set(), 10)
    new = add(grown, 3100, 6000)
    tracemalloc.start()
    try:
        update(grown, new, set(), 10)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 30_000_000, f"{peak / 1e6:.0f} MB"
    rebuilt, _ = connect(tmp_path / "rebuilt")
    update(rebuilt, add(rebuilt, 0, 6000), set(), 10)
    lists = "SELECT id, other, round(score, 4) FROM neighbour ORDER BY id, other"
    assert grown.execute(lists).fetchall() == rebuilt.execute(lists).fetchall()


def test_an_index_damaged_past_its_header_is_remade(log):
    root, _ = log
    assert run("index").exit_code == 0
    index = root / ".newsletter/smart.sqlite"
    data = bytearray(index.read_bytes())
    half = len(data) // 2
    data[half:] = b"\xff" * (len(data) - half)  # the header and the entries survive, the tokenizer tables do not
    index.write_bytes(bytes(data))
    result = run("search", "compost")
    assert result.exit_code == 0, result.output
    assert "Composting kitchen scraps" in result.stdout


def test_the_build_can_say_previously_in_this_log(log):
    root, _ = log
    settings = root / "newsletter.toml"
    assert run("build", "2021-02", "--offline").exit_code == 0  # the earlier month has its post
    plain = (root / "dist/2021-02/newsletter.txt").read_text()
    settings.write_text(settings.read_text() + "\n[smart]\npreviously = true\nprevisouly_threshold = 0.3\n")
    assert "previsouly_threshold" in run("build", "2021-03", "--offline").output  # a typo is named
    settings.write_text(settings.read_text().replace("previsouly_threshold", "previously_threshold"))
    without_index = run("build", "2021-03", "--offline")
    assert (
        without_index.exit_code == 0
        and "Previously in this log" not in (root / "dist/2021-03/newsletter.txt").read_text()
    )  # nothing indexed: nothing said, nothing computed
    assert run("index").exit_code == 0
    assert run("build", "2021-03", "--offline").exit_code == 0
    text = (root / "dist/2021-03/newsletter.txt").read_text()
    post = next((root / "site/content/posts").glob("*march*/index.md")).read_text()
    assert "Previously in this log:" in text and "*Previously in this log:* [" in post
    assert "Previously in this log" not in plain  # off by default: the same outputs without the extra


def _a_march_entry_close_to_a_february_one(root: Path) -> None:
    """[smart] previously on, and a March entry that February's lock-file entry is close to, indexed."""
    (root / "newsletter.toml").write_text(
        '[newsletter]\nname = "Test log"\n[smart]\npreviously = true\npreviously_threshold = 0.8\n'
    )
    (root / "entries/2021/03/lock-files-again.md").write_text(
        "---\ntype: article\nurl: https://lock.example.com/again\ndate: 2021-03-20\n"
        'title: "Lock files for reproducible installs"\ntags: [packaging]\n---\n'
        "Pinning every dependency version in a lock file so that pip install gives the same "
        "packages on every machine and in CI.\n"
    )
    assert run("index").exit_code == 0


def test_previously_never_names_a_draft(log):
    """An import not yet written up is a draft, in no edition: "Previously in this log" named it,
    linking its month's post, which never mentions it."""
    root, _ = log
    assert run("build", "2021-02", "--offline").exit_code == 0
    [lock] = [p for p in (root / "entries/2021/02").glob("*.md") if "Lock files" in p.read_text()]
    lock.write_text(lock.read_text().replace("---\n", "---\ndraft: true\n", 1))
    _a_march_entry_close_to_a_february_one(root)
    assert run("build", "2021-03", "--offline").exit_code == 0
    assert "Previously in this log" not in (root / "dist/2021-03/newsletter.txt").read_text()
    lock.write_text(lock.read_text().replace("draft: true\n", ""))  # published after all: named again
    assert run("index").exit_code == 0 and run("build", "2021-03", "--offline").exit_code == 0
    assert "Previously in this log: Lock files for reproducible installs" in (
        root / "dist/2021-03/newsletter.txt"
    ).read_text().replace("\n", " ")


def _an_untitled_february_entry(root: Path, server) -> str:
    """February's lock-file entry leaving its title ("Lock Files, Explained") to its page, on
    the local server: its link."""
    from helpers import url_of

    server.expect_request("/lock-files").respond_with_data(
        "<html><head><title>Lock Files, Explained</title></head><body></body></html>", content_type="text/html"
    )
    link = url_of(server, "/lock-files")
    [lock] = [p for p in (root / "entries/2021/02").glob("*.md") if "Lock files" in p.read_text()]
    lock.write_text(
        re.sub(r"url: .*\n", f"url: {link}\n", lock.read_text()).replace(
            'title: "Lock files for reproducible installs"\n', ""
        )
    )
    settings = root / "newsletter.toml"
    settings.write_text(settings.read_text() + "\n[fetch]\nallow_private_addresses = true\n")
    return link


def test_previously_names_an_untitled_entry_by_the_title_its_build_fetched(log, server):
    """An entry that left its title to the page showed in its own edition under the fetched
    title, and "Previously in this log" named it by its bare link (http://127.0.0.1:…/x.html)."""
    root, _ = log
    _an_untitled_february_entry(root, server)
    assert run("build", "2021-02").exit_code == 0  # fetches the page's title, as any build does
    assert "Lock Files, Explained" in (root / "dist/2021-02/newsletter.txt").read_text()
    _a_march_entry_close_to_a_february_one(root)
    assert run("build", "2021-03", "--offline").exit_code == 0
    slug = json.loads((root / "dist/2021-02/build.json").read_text())["post_slug"]
    post = next((root / "site/content/posts").glob("*march*/index.md")).read_text()
    assert f"*Previously in this log:* [Lock Files, Explained](https://example.com/posts/{slug}/)" in post
    text = (root / "dist/2021-03/newsletter.txt").read_text().replace("\n", " ")
    assert "Previously in this log: Lock Files, Explained" in text


def test_search_related_sections_and_list_name_an_untitled_entry_by_its_fetched_title(log, server):
    """Most entries of a log leave the title to the page: the edition shows the title its build
    fetched, and search, related, sections and list showed each as its bare link."""
    root, _ = log
    link = _an_untitled_february_entry(root, server)
    assert run("list", "2021-02").stdout.count(link) == 1  # before any build: the link, all there is
    assert run("build", "2021-02").exit_code == 0 and run("index").exit_code == 0
    found = json.loads(run("search", "lock file pinning", "--json").stdout)
    assert found[0]["title"] == "Lock Files, Explained" and found[0]["url"] == link
    assert "Lock Files, Explained" in run("search", "lock file pinning").stdout
    other = next(p for p in (root / "entries/2021/02").glob("*.md") if "Python packaging in 2021" in p.read_text())
    near = run("related", str(other.relative_to(root))).stdout
    assert "Lock Files, Explained" in near and link not in near
    lock = next(p for p in (root / "entries/2021/02").glob("*.md") if link in p.read_text())
    about = run("related", str(lock.relative_to(root)))  # the heading names the entry asked about
    assert "Related to Lock Files, Explained:" in about.stderr and link not in about.stderr
    for args in (["sections", "2021-02"], ["list", "2021-02"]):
        shown = run(*args).stdout
        assert "Lock Files, Explained" in shown and link not in shown, args


def test_sections_run_from_a_subfolder_names_an_untitled_entry_by_its_fetched_title(log, server, monkeypatch):
    """`sections` looked for the fetched titles in the current folder's .newsletter/, not the
    workspace's: run from entries/2021/02 (or with -w), it showed the bare link again."""
    root, _ = log
    link = _an_untitled_february_entry(root, server)
    assert run("build", "2021-02").exit_code == 0
    monkeypatch.chdir(root / "entries/2021/02")
    shown = run("sections", "2021-02").stdout
    assert "Lock Files, Explained" in shown and link not in shown
    assert "[packaging-1.md]" in shown  # paths still shown from the current folder


def test_list_names_the_people_the_page_gave_an_entry_that_names_none(log, server):
    """An article entry may leave its authors to the page, as its edition shows them: `list`'s BY
    column (and its JSON's "by") stayed empty for it, and named no one the build had found."""
    from helpers import url_of

    root, _ = log
    server.expect_request("/lock-files").respond_with_data(
        '<html><head><title>Lock Files</title><meta name="author" content="Ann Lee">'
        '<meta name="author" content="Bo \u202eEvil"></head><body></body></html>',
        content_type="text/html",
    )
    link = url_of(server, "/lock-files")
    [lock] = [p for p in (root / "entries/2021/02").glob("*.md") if "Lock files" in p.read_text()]
    text = re.sub(r"url: .*\n", f"url: {link}\n", lock.read_text())
    assert not re.search(r"^(authors|speakers):", text, re.M)
    lock.write_text(text)
    settings = root / "newsletter.toml"
    settings.write_text(settings.read_text() + "\n[fetch]\nallow_private_addresses = true\n")
    assert run("build", "2021-02").exit_code == 0
    row = next(line for line in run("list", "2021-02").stdout.splitlines() if lock.name in line)
    assert "Ann Lee" in row and "\u202e" not in row, row  # sanitised: no bidi control reaches the terminal
    listed = json.loads(run("list", "2021-02", "--json").stdout)["entries"]
    assert next(e["by"] for e in listed if e["url"] == link)[0] == "Ann Lee"


def test_previously_links_the_post_of_a_weekly_edition(log):
    """A log published weekly builds no month editions: "Previously in this log" looked only for
    the month's post, so it always linked the earlier entry's page, never the post it was in."""
    root, _ = log
    for week in ("2021-W05", "2021-W06"):  # February's entries, as weekly editions
        assert run("build", week, "--offline").exit_code == 0
    _a_march_entry_close_to_a_february_one(root)
    assert run("build", "2021-W11", "--offline").exit_code == 0
    slug = json.loads((root / "dist/2021-W06/build.json").read_text())["post_slug"]  # Feb 9 is in W06
    post = next((root / "site/content/posts").glob("*march-15*/index.md")).read_text()
    assert (
        f"*Previously in this log:* [Lock files for reproducible installs](https://example.com/posts/{slug}/)" in post
    )


@pytest.mark.parametrize(("period", "days"), [("2021-03", ("03", "25")), ("2021-W12", ("22", "25"))])
def test_previously_never_names_an_entry_of_the_same_edition(log, period, days):
    """Two close entries in one edition, as a talk and the tool it presents often are in a
    week: the later one's "Previously in this log" named the earlier, a few lines above it, and
    linked the post the reader was reading (in the post itself, a link to the same page). The
    line names an entry of an earlier edition only; February's still is named in March."""
    root, _ = log
    _a_march_entry_close_to_a_february_one(root)
    for day in days:  # two March entries closer to each other than to any other
        (root / f"entries/2021/03/sourdough-{day}.md").write_text(
            f"---\ntype: article\nurl: https://bread.example.com/{day}\ndate: 2021-03-{day}\n"
            'title: "Sourdough starters"\n---\nFeeding a sourdough starter with rye flour and water every day.\n'
        )
    assert run("build", "2021-02", "--offline").exit_code == 0
    assert run("index").exit_code == 0 and run("build", period, "--offline").exit_code == 0
    slug = json.loads((root / f"dist/{period}/build.json").read_text())["post_slug"]
    post = (root / "site/content/posts" / slug / "index.md").read_text()
    text = (root / f"dist/{period}/newsletter.txt").read_text()
    lines = [line for line in post.splitlines() if line.startswith("*Previously in this log:*")]
    assert not [line for line in lines if "Sourdough starters" in line], lines
    assert "Previously in this log: Sourdough starters" not in text
    assert f"/posts/{slug}/)" not in post  # the post never links itself
    if period == "2021-03":  # the March lock-file entry still names February's
        feb = json.loads((root / "dist/2021-02/build.json").read_text())["post_slug"]
        lock_files = "[Lock files for reproducible installs]"
        assert f"*Previously in this log:* {lock_files}(https://example.com/posts/{feb}/)" in post


def test_previously_links_the_moved_post_after_a_title_change_and_build_all(log):
    """After a new weekly_title, `build --all` moved every week's post, but built March (in
    the order of its list, months first) while W06's record still named the old post: March's
    "Previously in this log" linked a post the same run had removed, a broken link. March, built
    twice by the run, is left up to date by its second build, as the weeks are by their one."""
    root, _ = log
    for week in ("2021-W05", "2021-W06"):
        assert run("build", week, "--offline").exit_code == 0
    _a_march_entry_close_to_a_february_one(root)
    assert run("build", "2021-03", "--offline").exit_code == 0
    old = json.loads((root / "dist/2021-W06/build.json").read_text())["post_slug"]
    settings = root / "newsletter.toml"
    settings.write_text(settings.read_text() + '[site]\nweekly_title = "Reading notes, {start} to {end}"\n')
    result = run("build", "--all", "--offline", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert f"Removed site/content/posts/{old}/index.md" in result.stderr  # still said, once
    assert result.stderr.count(f"Removed site/content/posts/{old}/index.md") == 1
    new = json.loads((root / "dist/2021-W06/build.json").read_text())["post_slug"]
    assert new != old and (root / "site/content/posts" / new / "index.md").is_file()
    post = next((root / "site/content/posts").glob("*march*/index.md")).read_text()
    assert f"*Previously in this log:* [Lock files for reproducible installs](https://example.com/posts/{new}/)" in post
    for period in ("2021-W06", "2021-03"):  # the newest (all_stamps.NEWEST), March built twice
        assert "is up to date" in run("build", period, "--offline").stderr, period
    assert next((root / "site/content/posts").glob("*march*/index.md")).read_text() == post


def test_previously_links_the_post_where_the_sites_permalinks_put_it(log):
    """A site with [permalinks] publishes its posts elsewhere than /posts/<slug>/: the line linked
    that address all the same, a broken link (tests/test_permalinks.py checks the addresses
    against real Hugo builds)."""
    root, _ = log
    (root / "site").mkdir()
    (root / "site/hugo.toml").write_text(
        'baseURL = "https://blog.example.org/"\n[permalinks]\nposts = "/:year/:month/:slug/"\n'
    )
    assert run("build", "2021-02", "--offline").exit_code == 0
    _a_march_entry_close_to_a_february_one(root)
    assert run("build", "2021-03", "--offline").exit_code == 0
    slug = json.loads((root / "dist/2021-02/build.json").read_text())["post_slug"]  # dated February 28
    post = next((root / "site/content/posts").glob("*march*/index.md")).read_text()
    assert (
        "*Previously in this log:* [Lock files for reproducible installs]"
        f"(https://blog.example.org/2021/02/{slug}/)" in post
    )


def test_search_finds_the_workspace_as_the_settings_do(log):
    from newsletter import config
    from newsletter.commands.index import ENTRIES, STATE, workspace
    from newsletter.workspace import SETTINGS_FILE

    root, _ = log
    settings = config.Settings(root=root, name="")
    assert (root / STATE, root / ENTRIES, SETTINGS_FILE) == (
        settings.state_dir,
        settings.entries_dir,
        config.SETTINGS_FILE,
    )
    assert workspace(root / "entries" / "2021") == config.find_root(root / "entries" / "2021")
    outside = run("-w", str(root.parent), "search", "compost")
    assert outside.exit_code == 1 and "No newsletter.toml in" in outside.stderr


def test_search_imports_neither_the_settings_nor_numpy(log):
    root, _ = log
    assert run("index").exit_code == 0
    code = (
        "import sys; from newsletter.cli import main; sys.argv = ['newsletter', 'search', 'compost']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print([m for m in ('newsletter.config', 'numpy', 'tokenizers') if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root)
    assert done.stdout.splitlines()[-1] == "[]", done.stderr


def test_the_shipped_weights_header_is_read_as_json_reads_it():
    import json
    import struct

    from newsletter.smart.model import SHIPPED

    data = files().weights.read_bytes()[:4096]
    size = struct.unpack("<Q", data[:8])[0]
    table = json.loads(data[8 : 8 + size])["embedding.weight"]
    shipped = SHIPPED.fullmatch(data[8 : 8 + size])
    assert shipped and (int(shipped[1]), int(shipped[2])) == (table["shape"][0], table["data_offsets"][0])
    assert (files().rows, files().offset) == (table["shape"][0], 8 + size + table["data_offsets"][0])


def test_token_means_are_the_same_in_any_group_size():
    import numpy as np

    rows = [[5, 9, 9, 31999], [], [7], list(range(100, 160)), [3, 3]]
    plain = np.array([model().table[r].astype(np.float32).mean(axis=0) if r else np.zeros(256) for r in rows])
    for tokens in (1, 5, 64, 1 << 16):
        assert abs(model().means(rows, tokens) - plain).max() < 1e-6


@pytest.mark.parametrize("args", [["index"], ["search", "transformers"], ["related", "attention and transformers"]])
def test_a_full_disk_under_the_index_is_a_message(log, offline, monkeypatch, args):
    """sqlite3's "database or disk is full" came out of index, search and related as a
    traceback (search and related first deleted the index and tried again, to the same end)."""
    connect_for_real = sqlite3.connect

    def on_a_full_disk(*given, **options):  # SQLite itself refuses to grow the file
        db = connect_for_real(*given, **options)
        db.execute("PRAGMA max_page_count = 1")
        return db

    monkeypatch.setattr(sqlite3, "connect", on_a_full_disk)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and not isinstance(result.exception, sqlite3.Error), result.output
    assert "Could not write the index .newsletter/smart.sqlite (database or disk is full)" in result.stderr


@pytest.mark.parametrize("args", [["search", "transformers"], ["related", "attention and transformers"]])
def test_an_index_on_a_read_only_disk_is_a_message(log, offline, monkeypatch, args):
    """On a read-only .newsletter/, search and related met "attempt to write a readonly
    database", took the index for damaged, and its deletion was an OSError traceback."""
    root, _ = log
    assert CliRunner().invoke(main, ["index"]).exit_code == 0
    (root / "entries/2021/01/new.md").write_text(
        "---\ntype: article\nurl: https://n.example/\ndate: 2021-01-09\n---\nNew.\n"
    )
    connect_for_real, unlink_for_real = sqlite3.connect, Path.unlink

    def read_only(*given, **options):  # what SQLite and the disk say of a read-only mount
        db = connect_for_real(*given, **options)
        db.execute("PRAGMA query_only = 1")
        return db

    def unlink(path, missing_ok=False):
        if path.name.startswith("smart.sqlite"):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return unlink_for_real(path, missing_ok=missing_ok)

    monkeypatch.setattr(sqlite3, "connect", read_only)
    monkeypatch.setattr(Path, "unlink", unlink)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and not isinstance(result.exception, OSError), result.output
    assert "Could not write the index .newsletter/smart.sqlite (attempt to write a readonly database)" in result.stderr


@pytest.mark.parametrize("damage", ["[" * 100_000 + "]" * 100_000, "[1, 2]", '{"published": 5}'])
def test_previously_links_the_entry_when_the_earlier_build_record_is_damaged(log, damage):
    """Another edition's build.json nested past Python's recursion limit (or not a record at all)
    ended this edition's build with a traceback: it names no post, so the line links the entry."""
    root, _ = log
    for week in ("2021-W05", "2021-W06"):
        assert run("build", week, "--offline").exit_code == 0
    (root / "dist/2021-W06/build.json").write_text(damage)
    _a_march_entry_close_to_a_february_one(root)
    result = run("build", "2021-W11", "--offline")
    assert result.exit_code == 0, result.output
    post = next((root / "site/content/posts").glob("*march-15*/index.md")).read_text()
    assert "*Previously in this log:* [Lock files for reproducible installs](https://" in post
    assert "/posts/" not in post.split("*Previously in this log:*")[1].split(")")[0]


def test_a_terminal_that_reports_no_size_gets_eighty_columns(tmp_path):
    """Priya ran `newsletter search` under `script` (a terminal whose size no one set, 0x0, as in
    CI or an editor's shell) and read every title cut to 20 characters, "DuckDB in the brows…"
    five times: the fast path took the 0 columns the terminal reported as its width, where
    shutil (click's side) falls back to 80. The title now takes what 80 columns leave it."""
    import os

    (tmp_path / "newsletter.toml").write_text('[newsletter]\nname = "N"\n')
    month = tmp_path / "entries/2021/03"
    month.mkdir(parents=True)
    title = "Composting kitchen scraps on a Bengaluru balcony"
    (month / "compost.md").write_text(
        f'---\ntype: article\nurl: https://compost.example.com/\ndate: 2021-03-30\ntitle: "{title}"\n---\nCompost.\n'
    )
    main_fd, terminal = os.openpty()  # a new pseudo-terminal reports 0 rows and 0 columns
    code = "import sys; from newsletter.cli.launch import run; sys.argv = ['newsletter', 'search', 'compost']; run()"
    environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=tmp_path,
            stdout=terminal,
            stderr=subprocess.PIPE,
            env=environment,
            timeout=60,
        )
        os.close(terminal)
        said = b""
        while chunk := _read_or_none(main_fd):
            said += chunk
    finally:
        os.close(main_fd)
    assert done.returncode == 0, done.stderr
    lines = said.decode().splitlines()
    assert lines[1].startswith("Composting kitchen scraps on…  2021-03-30") and max(map(len, lines)) == 80


def _read_or_none(fd: int) -> bytes:
    import os

    try:
        return os.read(fd, 65536)
    except OSError:  # EIO: the terminal's other end is closed and all is read
        return b""


def test_search_in_a_log_whose_settings_nest_past_pythons_limit_still_searches(log, offline):
    """search reads only the language of newsletter.toml: `x = [[[…` 100,000 deep there ended it
    in a RecursionError traceback (attack 31) where settings it cannot read mean every language."""
    root, _ = log
    settings = root / "newsletter.toml"
    settings.write_text(settings.read_text() + "\n[imports]\nx = " + "[" * 100_000 + "]" * 100_000 + "\n")
    result = run("search", "Monte Carlo sampler")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1].startswith("MCMC diagnostics")


def test_an_entry_a_sync_client_replaced_with_its_size_and_old_mtime_is_read_again(log):
    """Dropbox, Syncthing, rsync or `cp -p` put another machine's file in place with the mtime it
    had there: new user 52's entry, dated 1980 by his phone's unzip, came back with new words, the
    same size and that mtime, and the index (which skipped files of an unchanged size and mtime)
    kept the old words: search never found the new ones. Its change time tells it apart."""
    root, _ = log
    state, entries = root / ".newsletter", root / "entries"
    entry = entries / "2021/04/gardening-1.md"
    then = 315532800 * 10**9  # 1980-01-01
    os.utime(entry, ns=(then, then))
    db, _ = connect(state)
    refresh(db, root, entries)
    synced = entry.with_name(".gardening-1.md.synctemp")
    synced.write_text(entry.read_text().replace("tomato plants", "chilli plants"))
    os.utime(synced, ns=(then, then))
    os.replace(synced, entry)
    assert (refresh(db, root, entries).read, refresh(db, root, entries).read) == (1, 0)
    found = db.execute("SELECT path FROM entry JOIN words ON words.rowid = entry.id WHERE words MATCH 'chilli'")
    assert found.fetchall() == [("entries/2021/04/gardening-1.md",)]


def test_a_sync_clients_duplicate_holding_the_entrys_link_is_not_indexed(log, offline):
    """`talk (1).md`, a duplicate Dropbox or OneDrive made, was listed by search beside the talk
    (new user 52), though the builds leave it out while it holds the talk's link; one holding
    another link is an entry of the author's own, and found."""
    root, _ = log
    folder = root / "entries/2021/04"
    entry = (
        "---\ntype: paper\nurl: https://example.com/zebra\ndate: 2021-04-20\ntitle: Zebra stripes\n---\nWhy zebras.\n"
    )
    (folder / "zebra.md").write_text(entry)
    (folder / "zebra (1).md").write_text(entry + "From the phone.\n")
    (folder / "zebra (2).md").write_text(entry.replace("/zebra", "/zebra-2"))
    assert run("index").exit_code == 0
    hits = json.loads(run("search", "zebra stripes", "--json").stdout)
    found = sorted(h["path"] for h in hits if "zebra" in h["path"])
    assert found == ["entries/2021/04/zebra (2).md", "entries/2021/04/zebra.md"], hits


def test_a_macs_decomposed_twin_holding_the_entrys_link_is_not_indexed_nor_its_tags_counted(log, offline):
    """`café.md` beside its NFD twin (a Mac's spelling of the same name) is one entry to the
    build (formats/sync_copies.py); search, related and the tag counts read the folder as it
    does. The twin holding another link is the author's own entry, and found."""
    import unicodedata

    from newsletter.smart.tags import log_tags

    root, _ = log
    folder = root / "entries/2021/04"
    entry = "---\ntype: paper\nurl: https://example.com/zebra\ndate: 2021-04-20\ntitle: Zebra stripes\n"
    entry += "tags: [zoology]\n---\nWhy zebras.\n"
    (folder / unicodedata.normalize("NFC", "zébra.md")).write_text(entry)
    (folder / unicodedata.normalize("NFD", "zébra.md")).write_text(entry + "From the Mac.\n")
    assert run("index").exit_code == 0
    hits = json.loads(run("search", "zebra stripes", "--json").stdout)
    assert [h["path"] for h in hits if "bra" in h["path"]] == [unicodedata.normalize("NFC", "entries/2021/04/zébra.md")]
    related = run("related", "https://example.com/zebra")
    assert related.exit_code == 0 and "its link is also in" not in related.output
    assert log_tags(root / "entries")["zoology"] == 1
    (folder / unicodedata.normalize("NFD", "zébra.md")).write_text(entry.replace("/zebra", "/zebra-2"))
    assert run("index").exit_code == 0
    assert len([h for h in json.loads(run("search", "zebra stripes", "--json").stdout) if "bra" in h["path"]]) == 2
    assert log_tags(root / "entries")["zoology"] == 2
