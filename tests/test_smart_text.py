"""Quotes, section proposals and near-duplicate tags, with the real model (no mocks)."""

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsletter.cli import main
from newsletter.smart.quotes import MAX_WORDS, Quote, _cut, _whole, quotes, sentences
from newsletter.smart.sections import write
from newsletter.smart.tags import near_duplicates

from helpers import url_of
from smart_data import TOPICS, make_log

TEXTS = Path(__file__).parent / "texts"

# What a reader of Talk Python #359 (MLOps) would quote: the claims and advice, not the chat,
# the bios or the sponsor reads. Each is a phrase of one passage.
EPISODE_359 = [
    "first rule of machine learning is don't use machine learning",  # the episode's best-known line
    "driving value on a single business metric",  # what matters most
    "most solved portion of the stack",  # compute is easy, data is not
    "never make it into production",  # the 80% statistic
    "it's documentation",  # tests as documentation
    "prescriptive guardrails",  # Netflix: notebooks in production
    "seems to me like overkill",  # Kubernetes for one model
    "multivariate requirements",  # ML vs software engineering
    "version control, CI, CD testing",  # the practices to borrow
    "go learn a little bit about data engineering",  # advice on data versioning
]
# The blog posts (ADVI at scale, conda hacks, maths for programmers, problem solving).
BLOG_POSTS = [
    "key enabler for this model",  # ADVI: a week of NUTS became 2.5 hours
    "stemmed from mismatched expectations",  # why maths papers frustrate programmers
    'teaching" the computer',  # implementing maths in code
    "solve the right problem approximately",  # the closing maxim
    "started with a simple model",  # the problem-solving method
    "scalability necessitates a whole different world of tooling",
]


def picked(found, wanted):
    return [w for w in wanted if any(w.lower() in q.text.lower() for q in found)]


def test_the_episode_quotes_a_reader_would_pick():
    text = (TEXTS / "reading-talkpython-359-transcript.txt").read_text()
    found = quotes(text, 10)
    assert len(found) == 10
    assert len(picked(found, EPISODE_359)) >= 5, [q.text for q in found]
    assert not any(re.search(r"brought to you|Sentry|Stack Overflow podcast", q.text) for q in found)
    for quote in found:  # extractive, at the position it says
        assert text[quote.start : quote.start + len(quote.text)] == quote.text
        assert text.count("\n", 0, quote.start) + 1 == quote.line


def test_the_blog_quotes_a_reader_would_pick():
    found = quotes((TEXTS / "reading-blog-posts.txt").read_text(), 10)
    assert len(picked(found, BLOG_POSTS)) >= 4, [q.text for q in found]
    assert not any(re.search(r"conda (install|env)|alias |\$ENV", q.text) for q in found)  # no code


def test_a_german_ordinal_does_not_end_a_sentence():
    """An Austrian ministry's page said "Am 3. Juli 2018 nahm sie ... teil.": quotes (and `new
    --quotes`) split it after "3." and drafted a quote beginning "Juli 2018 auf Einladung…"."""
    text = (
        "Am 3. Juli 2018 nahm die Außenministerin am jährlichen Treffen teil. Im 19. Jahrhundert war das anders. "
        "It shipped in 2019. Then it grew."
    )
    assert [s for _, s in sentences(text)] == [
        "Am 3. Juli 2018 nahm die Außenministerin am jährlichen Treffen teil.",
        "Im 19. Jahrhundert war das anders.",
        "It shipped in 2019.",
        "Then it grew.",
    ]


def test_a_full_stop_after_a_title_an_initial_or_before_small_letters_ends_no_sentence():
    """A Portuguese article about banks' models (new user 43): quotes drafted "Paulo Mendes, da
    USP, os primeiros modelos…", its sentence begun "Segundo o Dr.", and one ending "… em
    produção, p." before "ex. quando a inflação…"; "etc. e ninguém" ended one too."""
    text = (
        "Segundo o Dr. Paulo Mendes, da USP, os modelos já rodavam em 2012. A Sra. Ana Lima discorda.\n"
        "Acompanhar a deriva em produção, p. ex. quando a inflação muda, custa caro, etc. e ninguém mede.\n"
        "Jake T. VanderPlas showed JAX, e.g. the jit. Then it grew."
    )
    assert [s for _, s in sentences(text)] == [
        "Segundo o Dr. Paulo Mendes, da USP, os modelos já rodavam em 2012.",
        "A Sra. Ana Lima discorda.",
        "Acompanhar a deriva em produção, p. ex. quando a inflação muda, custa caro, etc. e ninguém mede.",
        "Jake T. VanderPlas showed JAX, e.g. the jit.",
        "Then it grew.",
    ]
    assert [at for at, _ in sentences(text)][:2] == [0, text.index("A Sra.")]


def test_a_transcript_without_punctuation_still_splits_into_quotable_sentences():
    text = re.sub(r"[.?!,;:]", "", (TEXTS / "reading-talkpython-359-transcript.txt").read_text()).lower()
    found = sentences(text)
    assert max(len(s.split()) for _, s in found) <= MAX_WORDS
    assert sum(len(s.split()) for _, s in found) == len(text.split())  # nothing lost
    drafted = quotes(text, 10)
    assert len(drafted) == 10 and len(picked(drafted, [w.replace(",", "") for w in EPISODE_359])) >= 2


def test_a_quote_cut_from_a_longer_run_of_words_says_so_with_ellipses():
    text = "Intro line.\n" + " ".join(f"word{n}" for n in range(60)) + " and so on.\nLast line here.\n"
    start = text.index("word0")
    first = _cut(start, text[start:].split("\n")[0])
    rendered = [Quote(s, at, 2, 0, 1.0, _whole(text, at, s)).as_markdown().split("\n")[0] for at, s in first]
    assert rendered[0].startswith("> word0 ") and rendered[0].endswith("…")
    assert rendered[-1].startswith("> …") and rendered[-1].endswith(" and so on.")
    assert (
        Quote("Last line here.", 0, 3, 0, 1.0, _whole(text, text.index("Last"), "Last line here."))
        .as_markdown()
        .startswith("> Last line here.\n")
    )


def test_chinese_and_japanese_are_quoted_a_sentence_at_a_time():
    """Text without spaces: a paragraph was one "sentence" (no space after its full stops) of
    one "word", so the whole paragraph came back as a single quote."""
    japanese = (
        "人工知能の研究は過去十年で大きく進歩した。特に深層学習は画像認識や音声認識の分野で驚くべき成果を上げている。"
        "しかし、モデルの解釈可能性は依然として大きな課題である。研究者たちは説明可能なAIの開発に取り組んでいる。"
        "データの偏りが公平性に与える影響も重要な問題だ。"
    )
    chinese = (
        "机器学习项目从原型到生产需要很多步骤。"
        "数据质量是最重要的问题之一，我们必须始终监控数据。"
        "模型的版本管理也同样重要！"
    )
    text = japanese + "\n" + chinese + "\n"
    assert [s for _, s in sentences(chinese)] == [
        "机器学习项目从原型到生产需要很多步骤。",
        "数据质量是最重要的问题之一，我们必须始终监控数据。",
        "模型的版本管理也同样重要！",
    ]
    found = quotes(text, 4)
    assert len(found) == 4
    for quote in found:
        assert quote.text.endswith(("。", "！")) and quote.text.count("。") + quote.text.count("！") == 1
        assert text[quote.start : quote.start + len(quote.text)] == quote.text


def test_no_two_quotes_say_the_same():
    text = (TEXTS / "reading-blog-posts.txt").read_text()
    found = quotes(text + "\n" + text, 10)  # every passage twice
    assert len({q.text for q in found}) == len(found)


def test_quotes_command_prints_markdown_blockquotes(tmp_path):
    result = CliRunner().invoke(main, ["quotes", str(TEXTS / "reading-blog-posts.txt"), "-n", "2"])
    assert result.exit_code == 0, result.output
    blocks = result.stdout.strip().split("\n\n")
    assert len(blocks) == 2 and all(re.fullmatch(r"> .+\n>\n> — line \d+, \d+% through", b) for b in blocks)


def test_a_pages_text_has_each_paragraph_once():
    """A quotation's paragraphs, a list item's paragraph: the outer block's text was listed too,
    so `quotes URL` offered every quoted paragraph twice, once run together with the next."""
    from newsletter.links.text import page_text

    html = (
        b"<article><h2>Title</h2><blockquote><p>Quoted one.</p><p>Quoted two.</p></blockquote>"
        b"<ul><li><p>Item with a paragraph.</p></li><li>Bare item.</li></ul><p>Last.</p></article>"
    )
    assert page_text(html).split("\n") == [
        "Title",
        "Quoted one.",
        "Quoted two.",
        "Item with a paragraph.",
        "Bare item.",
        "Last.",
    ]


def test_a_pages_words_run_on_around_a_link_or_bold_as_a_reader_sees_them():
    """New user 51 (Yuki, Tokyo): `new --quotes` on a Zenn article drafted 'これは リンク です。' and
    '重要 な点は pip を使う': each text node of a paragraph was joined to the next by a space, so
    every link, bold word or code in a Japanese sentence parted it, and an English one's comma
    after a link stood apart ('this link ,'). Only a line break or a block parts words now."""
    from newsletter.links.text import page_text

    html = (
        "<article><p>これは<a href='/x'>リンク</a>です。<strong>重要</strong>な点は<code>pip</code>を使うことです。</p>"
        "<p>See <a href='/x'>this link</a>, and <b>bold</b> text.<br>Next line.</p>"
        "<table><tr><td><div>Cell one.</div><div>Cell two.</div></td></tr></table></article>"
    )
    assert page_text(html.encode()).split("\n") == [
        "これはリンクです。重要な点はpipを使うことです。",
        "See this link, and bold text. Next line.",
        "Cell one. Cell two.",
    ]


def test_quotes_refuses_a_file_too_large_or_not_text_rather_than_reading_it_all(tmp_path):
    """`newsletter quotes talk.mp4` (the recording, not its transcript) or /dev/zero read the
    whole file into memory and decoded it: hung, or quoted the bytes of a video."""
    huge = tmp_path / "recording.txt"
    with open(huge, "wb") as file:
        file.truncate(20_000_000)  # sparse: no disk used
    result = CliRunner().invoke(main, ["quotes", str(huge)])
    assert result.exit_code == 1 and "is larger than 5 MB" in result.stderr, result.output
    video = tmp_path / "talk.mp4"
    video.write_bytes(b"\x00\x00\x00 ftypisom" + b"This sentence is long enough to be quoted as a passage. " * 40)
    result = CliRunner().invoke(main, ["quotes", str(video)])
    assert result.exit_code == 1 and "is not a text file" in result.stderr, result.output


ENTRY = (
    "---\r\n"
    "type: article   # what it is\r\n"
    "url: https://example.com/a\r\n"
    "date: 2021-02-03\r\n"
    "section: Old name\r\n"
    "tags: [x,   y]\r\n"
    "---\r\n"
    "section: this line is in the notes and stays\r\n"
)


def test_write_changes_the_section_line_and_nothing_else(tmp_path):
    path = tmp_path / "a.md"
    path.write_bytes(ENTRY.encode())
    assert write(path, "Bayesian methods: a primer")
    assert path.read_bytes() == ENTRY.replace("section: Old name", 'section: "Bayesian methods: a primer"').encode()
    assert not write(path, "Bayesian methods: a primer")  # already so: file untouched


def test_write_adds_a_section_line_at_the_end_of_the_front_matter(tmp_path):
    path = tmp_path / "b.md"
    original = "\ufeff---\ntitle: Hello\ntags:\n  - a\n---\nnotes\n"
    path.write_bytes(original.encode())
    write(path, "MLOps")
    assert path.read_bytes() == "\ufeff---\ntitle: Hello\ntags:\n  - a\nsection: MLOps\n---\nnotes\n".encode()


def test_write_finds_the_end_of_front_matter_as_the_reader_does(tmp_path):
    """The reader closes front matter at any line of three or more dashes (`-----`, `--- `);
    `sections --write` looked only for `---` and raised ValueError ("has no front matter")
    on an entry every other command reads."""
    from newsletter.read import parse_entry

    path = tmp_path / "c.md"
    path.write_text("---\ntype: article\nurl: https://e.example/c\ndate: 2021-02-05\n-----\nnotes\n")
    assert write(path, "MLOps")
    assert (
        path.read_text()
        == "---\ntype: article\nurl: https://e.example/c\ndate: 2021-02-05\nsection: MLOps\n-----\nnotes\n"
    )
    assert parse_entry(path, path.read_text())[0].section == "MLOps"


def test_sections_groups_by_topic_and_writes_only_when_asked(tmp_path, monkeypatch):
    root = tmp_path / "log"
    labels = make_log(root)
    monkeypatch.chdir(root)
    month = root / "entries/2021/05"
    month.mkdir()
    for path in sorted(root.glob("entries/2021/0[1-4]/*.md")):  # one month holding every topic
        (month / path.name).write_text(re.sub(r"date: .*", "date: 2021-05-10", path.read_text()))
        path.unlink()
        labels[f"entries/2021/05/{path.name}"] = labels[path.relative_to(root).as_posix()]
    before = {p: p.read_bytes() for p in root.glob("entries/**/*.md")}
    shown = CliRunner().invoke(main, ["sections", "2021-05", "--count", "4"])
    assert shown.exit_code == 0, shown.output
    assert {p: p.read_bytes() for p in before} == before  # a proposal writes nothing
    groups = [re.findall(r"\[(entries/\S+)\]", block) for block in shown.stdout.split("## ")[1:]]
    assert sorted(sorted({labels[p] for p in group}) for group in groups) == [
        [t] for t in sorted({"bayes", "packaging", "transformers", "gardening"})
    ]
    names = re.findall(r"^## (.+)$", shown.stdout, re.M)
    assert "Garden" in names and "Bayesian" in names  # the entries' own words (here: shared tags)
    written = CliRunner().invoke(main, ["sections", "2021-05", "--count", "4", "--write"])
    assert written.stderr.endswith("Set the section of 16 entries.\n")
    for path, old in before.items():
        new = path.read_bytes()
        added = set(new.decode().splitlines()) - set(old.decode().splitlines())
        assert len(added) == 1 and added.pop().startswith("section: ")
        assert [
            line for line in new.decode().splitlines() if not line.startswith("section: ")
        ] == old.decode().splitlines()


def test_a_groups_name_is_the_same_in_every_run(tmp_path):
    """A group named by its tags, two of them tied: the set the tags were counted from put them
    in the order of the process's hash seed, so the same entries got another name run to run."""
    import os
    import subprocess
    import sys

    month = tmp_path / "entries/2021/02"
    month.mkdir(parents=True)
    (tmp_path / "newsletter.toml").write_text('[newsletter]\nname = "N"\n')
    (month / "a.md").write_text(
        "---\ntype: article\nurl: https://example.com/a\ndate: 2021-02-03\n"
        "tags: [deep learning, gaussian processes, kernels, bayes]\n---\nNeural networks of infinite width.\n"
    )
    names = set()
    for seed in range(6):
        run = subprocess.run(
            [sys.executable, "-m", "newsletter", "sections", "2021-02", "-w", str(tmp_path)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        )
        assert run.returncode == 0, run.stderr
        names.add(run.stdout.splitlines()[0])
    assert names == {"## Deep learning"}  # the tag written first


def test_a_text_of_many_sentences_is_quoted_without_comparing_all_at_once():
    """Every sentence's likeness to every other was held at once: 12,000 sentences took 1.2 GB, a
    book of 20,000 4 GB, and 5 MB of short ones from a page (`new --quotes`) more than a machine
    has (attack 33). A block of sentences at a time, the same quotes."""
    import tracemalloc

    from newsletter.smart.model import model

    model()  # (its tables are no part of what is measured)
    text = "\n".join(
        f"Sentence {i} tells the reader something about topic {i % 50} and {i % 7}." for i in range(12_000)
    )
    tracemalloc.start()
    try:
        found = quotes(text, 3)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found and peak < 400_000_000, peak


def test_a_text_of_more_sentences_than_quotes_reads_is_named(tmp_path):
    """Past 20,000 sentences (5 MB of a page's short lines were 100,000), quotes says so and how
    to go on, before it reads any; it compared them all, for minutes and gigabytes."""
    text = tmp_path / "chat.txt"
    text.write_text("\n".join(f"Line {i} of a long chat log about nothing much at all." for i in range(20_001)))
    said = CliRunner().invoke(main, ["quotes", str(text)])
    assert (said.exit_code, said.stderr) == (
        1,
        f"Error: {text} has 20,001 sentences, more than the 20,000 quotes reads; give the part of it to quote.\n",
    )


def test_a_tag_of_no_letter_names_no_section(tmp_path):
    """Three entries tagged "---" and "__" were proposed as a section named "   " (a tag's dashes
    and underscores are its spaces), and --write set `section: "   "` in each, a heading the
    build drops: no name at all. A tag of no letter or digit is passed over for the next name."""
    month = tmp_path / "entries/2026/10"
    month.mkdir(parents=True)
    (tmp_path / "newsletter.toml").write_text('[newsletter]\nname = "N"\n')
    for i in (1, 2, 3):
        (month / f"e{i}.md").write_text(
            f"---\ntype: article\nurl: https://example.com/{i}\ndate: 2026-10-0{i}\n"
            f'tags: ["---", "__", "…"]\n---\nA compiler for array programs, lowering loops {i}.\n'
        )
    shown = CliRunner().invoke(main, ["sections", "2026-10", "--count", "1", "-w", str(tmp_path)])
    assert shown.exit_code == 0, shown.output
    name = re.findall(r"^## (.*)$", shown.stdout, re.M)
    assert len(name) == 1 and re.search(r"\w", name[0]), name


def test_a_year_of_entries_is_grouped_in_seconds_not_an_hour(tmp_path):
    """`sections 2026` over a year of 1,000 entries (about Hiro's 150 a month over half a year):
    the grouping read every pair of groups' average again from the entries at each merge, 9.9 s
    for a month of 200, 112 s for 400, growing about as the cube: a year of 1,800, hours (attack
    33). In a process of its own with a minute to finish (a few seconds now, loaded)."""
    import subprocess
    import sys

    words = [w for _, entries in TOPICS.items() for title, _, notes in entries for w in f"{title} {notes}".split()]
    for i in range(1000):
        month = tmp_path / f"entries/2026/{i % 12 + 1:02d}"
        month.mkdir(parents=True, exist_ok=True)
        notes = " ".join(words[(i * 7) % len(words) :][:40])
        (month / f"e{i}.md").write_text(
            f"---\ntype: article\nurl: https://example.com/{i}\ndate: 2026-{i % 12 + 1:02d}-{i % 28 + 1:02d}\n"
            f"tags: [t{i % 30}]\n---\n{notes}\n"
        )
    (tmp_path / "newsletter.toml").write_text('[newsletter]\nname = "N"\n')
    shown = subprocess.run(
        [sys.executable, "-m", "newsletter", "sections", "2026", "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.returncode == 0, shown.stderr
    assert len(re.findall(r"^  - ", shown.stdout, re.M)) == 1000 and len(re.findall("^## ", shown.stdout, re.M)) == 8


def test_grouping_is_average_linkage_with_the_first_pair_of_ties(tmp_path):
    """The faster grouping merges as the definition does: the pair of groups whose entries are most
    alike on average, the first such pair on a tie (identical notes: the first entries together,
    not whichever rounding made a hair more alike)."""
    import numpy as np

    from newsletter.smart.sections import _cluster

    def defined(vectors, count):
        unit = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        similarity, groups = unit @ unit.T, [[i] for i in range(len(vectors))]
        while len(groups) > count:
            pairs = [(a, b) for a in range(len(groups)) for b in range(a + 1, len(groups))]
            a, b = max(pairs, key=lambda p: (similarity[np.ix_(groups[p[0]], groups[p[1]])].mean(), -p[0], -p[1]))
            groups[a] = sorted(groups[a] + groups.pop(b))
        return sorted(groups)

    rng = np.random.default_rng(3)
    for trial in range(200):
        vectors = rng.normal(size=(int(rng.integers(1, 40)), int(rng.integers(2, 12))))
        if trial % 2:
            vectors[rng.integers(0, len(vectors), size=len(vectors) // 2)] = vectors[0]  # identical notes
        if trial % 5 == 0:
            vectors[: len(vectors) // 3] = 0  # notes of no word the model knows
        count = int(rng.integers(1, 9))
        assert _cluster(vectors.astype(np.float32), count) == defined(vectors.astype(np.float32).astype(float), count)
    same = np.tile(rng.normal(size=(1, 16)).astype(np.float32), (9, 1))
    assert _cluster(same, 7) == [[0, 1, 2], [3], [4], [5], [6], [7], [8]]


def test_no_two_proposed_sections_share_a_name(example_workspace):
    """February 2021 in four groups: two of them were both named "MLOps" (the section their
    entries already had), so --write made three sections of the four proposed."""
    from newsletter.read import read_entry

    shown = CliRunner().invoke(main, ["sections", "2021-02", "--count", "4", "-w", str(example_workspace)])
    assert shown.exit_code == 0, shown.output
    names = re.findall(r"^## (.+)$", shown.stdout, re.M)
    assert len(names) == 4 and len({n.casefold() for n in names}) == 4, names
    written = CliRunner().invoke(main, ["sections", "2021-02", "--count", "4", "--write", "-w", str(example_workspace)])
    assert written.exit_code == 0, written.output
    entries = [p for p in (example_workspace / "entries/2021/02").glob("*.md") if not p.name.startswith("_")]
    assert {read_entry(p)[0].section for p in entries} == set(names)


def test_sections_leave_out_drafts_as_the_build_does(tmp_path):
    """An imported item not yet written up (`draft: true`) is not in the edition: sections took
    it in, grouped it with the rest and named a section from its words."""
    month = tmp_path / "entries/2024/03"
    month.mkdir(parents=True)
    (tmp_path / "newsletter.toml").write_text('[newsletter]\nname = "N"\n')
    for n, (title, draft) in enumerate([("Attention heads", ""), ("Sourdough starter", "draft: true\n")]):
        (month / f"{n}.md").write_text(
            f"---\ntype: article\nurl: https://example.com/{n}\ndate: 2024-03-0{n + 1}\ntitle: {title}\n"
            f"{draft}---\n{title} notes.\n"
        )
    shown = CliRunner().invoke(main, ["sections", "2024-03", "-w", str(tmp_path)])
    assert shown.exit_code == 0, shown.output
    assert "Attention heads" in shown.stdout and "Sourdough" not in shown.stdout
    both = CliRunner().invoke(main, ["sections", "2024-03", "--drafts", "-w", str(tmp_path)])
    assert "Sourdough starter" in both.stdout
    (month / "0.md").unlink()
    none = CliRunner().invoke(main, ["sections", "2024-03", "-w", str(tmp_path)])
    assert none.exit_code != 0 and "It has 1 draft: add --drafts" in none.output


def titled_log(root: Path, month: str, entries: list[tuple[str, str]], language: str = "", host: str = "example.com"):
    """A log of articles in `month` ("2026-11"), one a day from the 1st, each (title, notes)."""
    folder = root / "entries" / month.replace("-", "/")
    folder.mkdir(parents=True)
    said = f'language = "{language}"\n' if language else ""
    (root / "newsletter.toml").write_text(f'[newsletter]\nname = "N"\n{said}', encoding="utf-8")
    for n, (title, notes) in enumerate(entries):
        (folder / f"{n}.md").write_text(
            f'---\ntype: article\nurl: https://{host}/{n}\ndate: {month}-0{n + 1}\ntitle: "{title}"\n---\n{notes}\n',
            encoding="utf-8",
        )


def proposed_sections(root: Path, month: str, *counts: str) -> list[str]:
    """The section names `sections` proposes for `month`, asked for each count in turn."""
    names = []
    for count in counts:
        shown = CliRunner().invoke(main, ["sections", month, "--count", count, "-w", str(root)])
        assert shown.exit_code == 0, shown.output
        names += re.findall(r"^## (.+)$", shown.stdout, re.M)
    return names


def test_sections_are_named_in_topic_words_of_every_language_of_the_log(tmp_path):
    """German and French entries among English ones: their articles named the sections ("Der and
    Attention", "Les and Attention"), and a word beginning with an umlaut lost its first letter."""
    entries = [
        ("Der Transformer: Überblick", "Der Überblick über die Attention und der Encoder und der Decoder."),
        ("Wie funktioniert die Attention?", "Die Queries, die Keys und die Values der Attention im Überblick."),
        ("L'attention dans les réseaux", "Les requêtes, les clés et les valeurs de l'attention dans les modèles."),
        ("Notes on BOM", "Why a byte order mark starts the UTF-8 file, and why the parser fails on it."),
    ]
    titled_log(tmp_path, "2024-03", entries)
    names = proposed_sections(tmp_path, "2024-03", "1", "2", "3", "4")
    words = {w.casefold() for name in names for w in re.findall(r"\w+", name)} - {"and"}
    assert not words & {"der", "die", "und", "über", "wie", "les", "dans", "des", "notes", "why", "the"}, names
    assert "berblick" not in words, names
    assert "bom" in words, names


def test_a_spanish_log_s_sections_are_named_in_its_topic_words(tmp_path):
    """Mariana's month of Spanish titles and notes was proposed as the section "Panorama y Las":
    "las", the article of "Salud en las Américas", named it."""
    entries = [
        ("Salud en las Américas 2025: panorama regional", "El panorama de la salud en las Américas, por la OPS."),
        ("Panorama epidemiológico de dengue", "Los casos de dengue en las costas, según la Secretaría de Salud."),
        ("La salud pública en México", "Una historia de las instituciones de salud y de sus desafíos."),
        ("Vacunas y desconfianza: ¿qué aprendimos?", "Por qué bajó la confianza en las vacunas del sarampión."),
    ]
    titled_log(tmp_path, "2026-11", entries, language="es-MX")
    names = proposed_sections(tmp_path, "2026-11", "1", "2", "3")
    words = [w.casefold() for name in names for w in re.findall(r"\w+", name) if w != "y"]  # "y": the pair's
    assert words and not set(words) & {"las", "la", "de", "en", "el", "los", "por", "qué", "una", "sus"}, names


def test_a_portuguese_log_s_sections_are_named_in_its_topic_words(tmp_path):
    """Beatriz's week of Brazilian titles and notes was proposed as the section "Não e
    Acessibilidade": "não", not, of "Não me faça pensar" and of her notes, named it."""
    entries = [
        ("Não me faça pensar", "Não é só usabilidade: não faça as pessoas pensarem sem necessidade."),
        ("Acessibilidade não é opcional", "A acessibilidade não é um extra para os bancos, é lei."),
        ("Design inclusivo na prática", "Acessibilidade do começo ao fim, não só no contraste das cores."),
        ("Apps de bancos excluem pessoas", "Os apps dos bancos não passam nos testes com leitor de tela."),
    ]
    titled_log(tmp_path, "2026-11", entries, language="pt-BR")
    names = proposed_sections(tmp_path, "2026-11", "1", "2", "3")
    words = [w.casefold() for name in names for w in re.findall(r"\w+", name) if w != "e"]  # "e": the pair's
    assert words and not set(words) & {"não", "é", "os", "dos", "das", "do", "só", "um", "com", "na"}, names


def test_a_two_letter_tag_names_its_section_as_the_entries_spell_it(tmp_path):
    """Beatriz tagged two entries `ml`, whose titles say "ML": the section was proposed as "Ml",
    since a word of the entries has three letters or more, and "ML" was none."""
    month = tmp_path / "entries/2026/11"
    month.mkdir(parents=True)
    (tmp_path / "newsletter.toml").write_text('[newsletter]\nname = "N"\nlanguage = "pt-BR"\n')
    titles = ["Fundamentos de ML e MLOps", "O ciclo de vida de um projeto de ML"]
    for n, title in enumerate(titles):
        (month / f"{n}.md").write_text(
            f'---\ntype: article\nurl: https://example.com/{n}\ndate: 2026-11-0{n + 1}\ntitle: "{title}"\n'
            "tags: [ml]\n---\nNotas.\n",
            encoding="utf-8",
        )
    shown = CliRunner().invoke(main, ["sections", "2026-11", "--count", "1", "-w", str(tmp_path)])
    assert shown.exit_code == 0, shown.output
    assert re.findall(r"^## (.+)$", shown.stdout, re.M) == ["ML"]


def test_a_tag_written_with_capitals_names_its_section_as_written(tmp_path):
    """Two entries tagged JAX, one of whose notes named `jax.sharding` in code: the section was
    proposed as "Jax", the code's lower-case jax taken for the way the entries spell the tag."""
    month = tmp_path / "entries/2026/11"
    month.mkdir(parents=True)
    (tmp_path / "newsletter.toml").write_text('[newsletter]\nname = "N"\n')
    notes = ["Sharding explained: `jax.sharding.NamedSharding` in pictures.", "Scaling a model on TPUs."]
    for n, note in enumerate(notes):
        (month / f"{n}.md").write_text(
            f"---\ntype: article\nurl: https://example.com/{n}\ndate: 2026-11-0{n + 1}\ntags: [JAX]\n---\n{note}\n",
            encoding="utf-8",
        )
    shown = CliRunner().invoke(main, ["sections", "2026-11", "--count", "1", "-w", str(tmp_path)])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.splitlines()[0] == "## JAX"


@pytest.mark.parametrize(
    "tag, notes, name",
    [
        ("llms", ["Evaluating chatbots without a benchmark.", "Prompt caching, explained."], "LLMs"),
        ("apis", ["Versioning an API without breaking clients.", "Pagination for a public API."], "APIs"),
    ],
)
def test_an_acronyms_plural_names_its_section_in_capitals(tmp_path, tag, notes, name):
    """Entries tagged llms were proposed as a section "Llms", title case's first capital alone,
    where readers write LLMs: an acronym's plural (no vowel before its s), or a plural the notes
    write in capitals in the singular (API), names it in capitals."""
    month = tmp_path / "entries/2026/11"
    month.mkdir(parents=True)
    (tmp_path / "newsletter.toml").write_text('[newsletter]\nname = "N"\n')
    for n, note in enumerate(notes):
        (month / f"{n}.md").write_text(
            f"---\ntype: article\nurl: https://example.com/{n}\ndate: 2026-11-0{n + 1}\ntags: [{tag}]\n---\n{note}\n",
            encoding="utf-8",
        )
    shown = CliRunner().invoke(main, ["sections", "2026-11", "--count", "1", "-w", str(tmp_path)])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.splitlines()[0] == f"## {name}"


def test_a_section_is_named_for_its_topic_not_for_the_people_read(tmp_path):
    """Six talks, three by one speaker whose notes kept naming him: the week's section was
    proposed as "Kwame and APIs". People's names (speakers, authors) name no section."""
    month = tmp_path / "entries/2026/11"
    month.mkdir(parents=True)
    (tmp_path / "newsletter.toml").write_text('[newsletter]\nname = "N"\n')
    notes = [
        "Kwame shows how Kwame's team versions APIs without breaking mobile clients.",
        "Kwame again: pagination for APIs, and why cursors beat offsets.",
        "Kwame on rate limits for public APIs.",
        "Idempotency keys make retried payment APIs safe.",
    ]
    for n, note in enumerate(notes):
        speakers = "speakers: [Kwame Mensah]\n" if n < 3 else "speakers: [Ama Owusu]\n"
        (month / f"{n}.md").write_text(
            f"---\ntype: talk\nurl: https://example.com/{n}\ndate: 2026-11-0{n + 1}\n{speakers}---\n{note}\n",
            encoding="utf-8",
        )
    shown = CliRunner().invoke(main, ["sections", "2026-11", "--count", "1", "-w", str(tmp_path)])
    assert shown.exit_code == 0, shown.output
    heading = shown.stdout.splitlines()[0]
    assert heading.startswith("## ") and "APIs" in heading and "Kwame" not in heading, heading


@pytest.mark.parametrize("part", ["Part", "Parte"])
def test_a_section_is_not_named_for_the_parts_of_a_series(tmp_path, part):
    """New user 43 read two series in parts ("Designing ML Systems (part 4)", "Bayesian models
    explained with baseball (part 9)"): their section was proposed as "Systems and Part". A
    series' "Part 2" says which piece, not what it is about, in English or Portuguese."""
    month = tmp_path / "entries/2026/11"
    month.mkdir(parents=True)
    (tmp_path / "newsletter.toml").write_text('[newsletter]\nname = "N"\n')
    titles = ["Hierarchical models with baseball", "Designing systems", "Priors for models", "Serving systems"]
    for n, title in enumerate(titles):
        (month / f"{n}.md").write_text(
            f"---\ntype: article\nurl: https://example.com/{n}\ndate: 2026-11-0{n + 1}\n"
            f'title: "{title} ({part.lower()} {n + 2})"\n---\nRead on the bus, {part.lower()} {n + 2} of the series.\n',
            encoding="utf-8",
        )
    shown = CliRunner().invoke(main, ["sections", "2026-11", "--count", "2", "-w", str(tmp_path)])
    assert shown.exit_code == 0, shown.output
    headings = [line for line in shown.stdout.splitlines() if line.startswith("## ")]
    assert len(headings) == 2 and not any(part in h.split() for h in headings), headings


def test_a_japanese_logs_sections_are_named_in_words_not_clauses(tmp_path):
    """Japanese has no spaces: each run of text between punctuation counted as one word, and a
    section was proposed as "LLM jp 4と億パラメータで日本語性能を大幅改善"."""
    entries = [
        ("日本語LLMのトークナイザ設計", "語彙サイズと圧縮率のトレードオフを実測した。トークナイザの選び方が大事。"),
        ("Let's build the GPT Tokenizer", "日本語がなぜ高くつくのか、トークナイザの仕組みから説明されていた。"),
    ]
    titled_log(tmp_path, "2026-11", entries, language="ja", host="example.jp")
    shown = CliRunner().invoke(main, ["sections", "2026-11", "--count", "1", "-w", str(tmp_path)])
    assert shown.exit_code == 0, shown.output
    name = shown.stdout.splitlines()[0].removeprefix("## ")
    assert re.fullmatch(r"[ァ-ヺー一-鿿]+(?:と[ァ-ヺー一-鿿]+)?", name), name
    assert "トークナイザ" in name, name


def test_a_german_logs_sections_are_joined_in_german(tmp_path):
    """A log with language = "de-AT" was proposed sections like "Größe and Made": --write put the
    English "and" into the German edition's headings."""
    entries = [
        ("Größe und Maß in der Stadtplanung", "Straßen, Plätze und Maße der Stadt Wien."),
        ("Radwege in Wien", "Die Straßen der Stadt und ihre Radwege."),
        ("Wasserstoff als Schlüsseltechnologie", "Energie aus Wasserstoff für die Industrie."),
        ("Sonnenstrom am Dach", "Energie aus Photovoltaik für Haushalte."),
    ]
    titled_log(tmp_path, "2026-11", entries, language="de-AT")
    names = proposed_sections(tmp_path, "2026-11", "2")
    assert len(names) == 2 and all(" und " in name and " and " not in name for name in names), names


def test_near_duplicate_tags_by_spelling_alone():
    counts = {
        "ml": 12,
        "machine-learning": 3,
        "Machine Learning": 1,
        "python": 9,
        "Python": 2,
        "visualisation": 2,
        "visualization": 1,
        "jax": 2,
        "pytorch": 3,
        "statistics": 2,
        "stats": 3,
    }
    groups = {g.canonical: g.variants for g in near_duplicates(counts, meaning=False)}
    assert groups == {
        "ml": {"ml": 12, "machine-learning": 3, "Machine Learning": 1},
        "python": {"python": 9, "Python": 2},
        "visualisation": {"visualisation": 2, "visualization": 1},
    }


def test_a_tag_with_a_capital_dotted_i_looks_like_its_small_letters_by_spelling():
    """Elif's 'istanbul' was not said to look like her 'İstanbul' without the smart extra (new
    user 31): "İ".lower() is "i" and a combining dot, so the two were other letters. Turkish's
    dotless ı is another letter, and its words stay apart ('ılık', lukewarm; 'ilik', marrow)."""
    counts = {"İstanbul": 2, "istanbul": 1, "İnceleme": 1, "inceleme": 3, "ılık": 1, "ilik": 1}
    groups = {g.canonical: g.variants for g in near_duplicates(counts, meaning=False)}
    assert groups == {"İstanbul": {"İstanbul": 2, "istanbul": 1}, "inceleme": {"inceleme": 3, "İnceleme": 1}}


def test_a_turkish_tag_whose_capital_is_a_dotless_i_looks_like_its_small_letters_by_spelling():
    """Review 23: 'Işık' (light, its I the capital of ı) was not said to look like 'ışık', though
    Hugo makes them two tag pages ('işık' and 'ışık', as Go lower-cases): "I".lower() is an i.
    An English capital I stays English's ('AI' is 'ai'), and 'ılık' and 'ilik' stay apart."""
    counts = {"Işık": 1, "ışık": 3, "AI": 2, "ai": 1, "ılık": 1, "ilik": 1}
    groups = {g.canonical: g.variants for g in near_duplicates(counts, meaning=False)}
    assert groups == {"ışık": {"ışık": 3, "Işık": 1}, "AI": {"AI": 2, "ai": 1}}


@pytest.mark.parametrize("pair", [("statistics", "stats"), ("testing", "tests"), ("bayesian", "bayes")])
def test_near_duplicate_tags_by_meaning_with_the_model(pair):
    counts = {pair[0]: 2, pair[1]: 1, "jax": 2, "gardening": 1, "deep learning": 1, "machine learning": 1}
    groups = near_duplicates(counts, meaning=True)
    assert [(g.canonical, set(g.variants), g.how) for g in groups] == [(pair[0], set(pair), "meaning")]


def test_many_tags_are_compared_by_meaning_a_block_at_a_time():
    """Every pair of the log's tags was compared at once, in every `check`: 8,000 tags (a Pinboard
    import's) took 333 MB, 50,000 would have taken 12 GB (attack 33); and each pair alike was read
    word by word even once both were in one group: 8,000 tags 'garden-1', 'river-2'… (four groups
    of 2,000 alike) took 27.5 s, 4 s now. The same groups, from a block of tags at a time (here
    a block of 16 among 40: the pairs found across blocks too); the 8,000's memory measured in a
    process of their own."""
    import subprocess
    import sys

    from newsletter.smart import tags

    code = (  # (the process's peak memory, in KB: tracemalloc slowed the pairs' loop past the minute)
        "import resource; from newsletter.smart.model import model; from newsletter.smart.tags import "
        "near_duplicates; model(); many = {f'{w}-{n}': 1 for n, w in enumerate(['garden', 'compiler', 'river', "
        "'violin'] * 2000)}; peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss; before = peak(); "
        "groups = near_duplicates(many, meaning=True); print(peak() - before, sorted(len(g.variants) for g in groups))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    grew, sizes = done.stdout.split(" ", 1)
    assert int(grew) < 150_000 and sizes.strip() == str([2_000] * 4), done.stdout + done.stderr
    counts = {"statistics": 2, "stats": 1, "testing": 2, "tests": 1, "bayesian": 2, "bayes": 1}
    counts |= {f"topic-{word}-{n}": 1 for n, word in enumerate(["garden", "compiler", "river", "violin"] * 8)}
    whole = near_duplicates(counts, meaning=True)
    assert {("statistics", "meaning"), ("testing", "meaning"), ("bayesian", "meaning")} <= {
        (g.canonical, g.how) for g in whole
    }
    blocks, tags.BLOCK = tags.BLOCK, 16 * len(counts)
    try:
        assert near_duplicates(counts, meaning=True) == whole
    finally:
        tags.BLOCK = blocks
    # pairs read word by word (calls of _one_within, counted): once per pair alike, 4,729 for these
    # 200 tags, where each tag is joined to its group once
    alike = {f"{word}-{n}": 1 for n, word in enumerate(["garden", "compiler", "river", "violin"] * 50)}
    read, code_of = [], tags._one_within.__code__
    sys.setprofile(lambda frame, event, _: read.append(1) if event == "call" and frame.f_code is code_of else None)
    try:
        grouped = near_duplicates(alike, meaning=True)
    finally:
        sys.setprofile(None)
    assert sorted(len(g.variants) for g in grouped) == [50] * 4 and len(read) < 2 * len(alike), len(read)


def test_a_tag_and_a_narrower_one_holding_its_words_are_not_alike_by_meaning():
    """New user 43's check said his 'ciência-de-dados' (data science) looks like 'dados' (data)
    "by meaning", and to use 'dados': the model's phrase is the mean of its words, so each of its
    words is near it. A tag made of another and more words is a narrower topic, not a spelling."""
    counts = {"ciência-de-dados": 7, "dados": 8, "bayesian-statistics": 2, "statistics": 3, "stats": 1}
    counts |= {"redes-neurais": 6, "neurais": 1, "dívida-técnica": 2, "técnica": 1}
    groups = near_duplicates(counts, meaning=True)
    assert [(g.canonical, set(g.variants), g.how) for g in groups] == [
        ("statistics", {"statistics", "stats"}, "meaning")
    ]


def test_tags_the_model_knows_only_letter_by_letter_are_not_alike_by_meaning():
    """An Arabic log was told its 'رواية' (novel) looks like 'إتاحة' (accessibility) and its
    'أدوات' (tools) like 'مكتبات' (libraries), "by meaning": the model spells Arabic, Hebrew
    and Greek letter by letter, so any two words of one script looked alike. A Latin tag is
    compared by meaning as before."""
    arabic = {"مكتبات": 4, "إتاحة": 3, "بريد": 2, "مجتمع": 1, "قراءة": 1, "أدوات": 1, "عمّان": 1, "رواية": 1}
    hebrew = {"ספרייה": 2, "בישול": 1, "טיולים": 1, "קריאה": 1}
    assert near_duplicates({**arabic, **hebrew, "jax": 2}, meaning=True) == []
    groups = near_duplicates({**arabic, "statistics": 2, "stats": 1}, meaning=True)
    assert [(g.canonical, set(g.variants), g.how) for g in groups] == [
        ("statistics", {"statistics", "stats"}, "meaning")
    ]


def test_a_turkish_tag_the_model_knows_letter_by_letter_is_not_alike_by_meaning():
    """Elif was told her tag 'ışık' (light) looks like 'ıssızlık' (loneliness), "by meaning" (new
    user 31): the model knows 'ışık' as '▁', 'ı', 'ş', 'ı', 'k', letters, of which the one Latin
    'k' made it a word to the check. Latin tags of single letters ('ml') are compared as before."""
    assert near_duplicates({"ışık": 1, "ıssızlık": 1, "kitap": 2}, meaning=True) == []
    groups = near_duplicates({"ışık": 1, "statistics": 2, "stats": 1, "ml": 1}, meaning=True)
    assert [(g.canonical, set(g.variants), g.how) for g in groups] == [
        ("statistics", {"statistics", "stats"}, "meaning")
    ]


def test_new_with_quotes_puts_them_under_the_notes_placeholder(tmp_path, monkeypatch, httpserver):
    from newsletter.stubs import PLACEHOLDER

    root = tmp_path / "log"
    make_log(root)
    (root / "newsletter.toml").write_text('[newsletter]\nname = "Test log"\n[fetch]\nallow_private_addresses = true\n')
    monkeypatch.chdir(root)
    paragraphs = (TEXTS / "reading-blog-posts.txt").read_text().split("\n\n")
    page = (
        "<html><head><title>Blog posts</title></head><body><nav>Home | About</nav><article>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</article><footer>© me</footer></body></html>"
    )
    httpserver.expect_request("/posts").respond_with_data(page, content_type="text/html; charset=utf-8")
    result = CliRunner().invoke(
        main, ["new", "article", url_of(httpserver, "/posts"), "--no-edit", "--quotes", "--date", "2021-06-01"]
    )
    assert result.exit_code == 0, result.output
    text = (root / result.stdout.strip()).read_text()
    notes = text.split(PLACEHOLDER + "\n", 1)[1]
    assert notes.startswith("\n> ") and notes.count("\n\n> ") == 9  # ten, a web page's without a line
    assert "key enabler for this model" in notes and "Home | About" not in notes


def test_quotes_drafted_in_a_french_log_say_where_they_were_in_french(tmp_path, monkeypatch, httpserver):
    """`new --quotes` in a French log wrote "— line 12, 40% through" under each quote, into
    notes that go out as written: English in a French edition. (A transcript's lines, served as
    text; a web page's quotes say no line: the next test.)"""
    root = tmp_path / "log"
    make_log(root)
    (root / "newsletter.toml").write_text(
        '[newsletter]\nname = "Mes lectures"\nlanguage = "fr"\n[fetch]\nallow_private_addresses = true\n'
    )
    monkeypatch.chdir(root)
    paragraphs = (TEXTS / "reading-blog-posts.txt").read_text().split("\n\n")
    httpserver.expect_request("/posts").respond_with_data("\n\n".join(paragraphs), content_type="text/plain")
    result = CliRunner().invoke(
        main, ["new", "article", url_of(httpserver, "/posts"), "--no-edit", "--quotes", "--date", "2021-06-01"]
    )
    assert result.exit_code == 0, result.output
    notes = (root / result.stdout.strip()).read_text()
    assert len(re.findall(r"\n> — ligne \d+, à \d+\u00a0% du texte\n", notes)) == 10 and "through" not in notes
    result = CliRunner().invoke(main, ["quotes", str(TEXTS / "reading-blog-posts.txt"), "-n", "2"])
    blocks = result.stdout.strip().split("\n\n")
    assert len(blocks) == 2 and all(re.fullmatch(r"> .+\n>\n> — ligne \d+, à \d+\u00a0% du texte", b) for b in blocks)


def test_quotes_of_a_page_in_another_language_are_drafted_in_its_language_without_lines(
    tmp_path, monkeypatch, httpserver
):
    """`new --quotes` of an English page in a Portuguese log wrote the entry's `language: en` over
    the log's placeholder, "Suas notas, em Markdown.", and "— linha 4, a 3% do texto" under each
    quote: the entry's notes are English, and a web page has no lines a reader can find (its text's
    are the page reader's). The placeholder is the entry's language's, and a page's quotes stand
    alone; a transcript's (its lines its own) say where they were in the entry's language."""
    from newsletter.stubs import PLACEHOLDER, placeholder_in

    root = tmp_path / "log"
    make_log(root)
    (root / "newsletter.toml").write_text(
        '[newsletter]\nname = "Minhas leituras"\nlanguage = "pt"\n[fetch]\nallow_private_addresses = true\n'
    )
    monkeypatch.chdir(root)
    paragraphs = (TEXTS / "reading-blog-posts.txt").read_text().split("\n\n")
    page = '<html lang="en"><head><title>Blog posts</title></head><body><article>'
    page += "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>"
    httpserver.expect_request("/posts").respond_with_data(page, content_type="text/html; charset=utf-8")
    result = CliRunner().invoke(
        main, ["new", "article", url_of(httpserver, "/posts"), "--no-edit", "--quotes", "--date", "2021-06-01"]
    )
    assert result.exit_code == 0, result.output
    text = (root / result.stdout.strip()).read_text()
    assert '\nlanguage: "en"\n' in text and f"\n{PLACEHOLDER}\n" in text and placeholder_in("pt") not in text
    quoted = text.split(PLACEHOLDER + "\n", 1)[1]
    assert quoted.count("\n> ") == 10 and "— " not in quoted and "linha" not in quoted and "through" not in quoted
    transcript = "\n\n".join(paragraphs)
    httpserver.expect_request("/transcript.txt").respond_with_data(
        transcript, content_type="text/plain; charset=utf-8", headers={"Content-Language": "en"}
    )
    result = CliRunner().invoke(
        main, ["new", "podcast", url_of(httpserver, "/transcript.txt"), "--no-edit", "--quotes", "--date", "2021-06-01"]
    )
    assert result.exit_code == 0, result.output
    text = (root / result.stdout.strip()).read_text()
    assert '\nlanguage: "en"\n' in text and "linha" not in text
    assert len(re.findall(r"\n> — line \d+, \d+% through\n", text)) == 10


def test_quotes_in_a_japanese_log_say_where_they_were_in_japanese(tmp_path, monkeypatch):
    """`quotes` in a Japanese log said "— line 2, 8% through" under each passage: the phrase was
    English in six of the thirteen languages."""
    root = tmp_path / "log"
    make_log(root)
    (root / "newsletter.toml").write_text('[newsletter]\nname = "読書メモ"\nlanguage = "ja"\n', encoding="utf-8")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["quotes", str(TEXTS / "reading-blog-posts.txt"), "-n", "2"])
    assert result.exit_code == 0, result.output
    blocks = result.stdout.strip().split("\n\n")
    assert len(blocks) == 2 and all(re.fullmatch(r"> .+\n>\n> — \d+行目、全体の\d+%の位置", b) for b in blocks), blocks


def test_a_pages_markup_in_its_quotes_stays_words(tmp_path, monkeypatch, httpserver):
    """A page's text is untrusted: quoted into a draft's notes (the author's own Markdown, which
    the post and the email render), its `![x](https://…)` was an image the blog loaded from the
    page's server, its `[x](…)` a link, its bidi override reordered the words after it. Quotes
    are the words they are, as a captured selection is."""
    root = tmp_path / "log"
    make_log(root)
    (root / "newsletter.toml").write_text('[newsletter]\nname = "Test log"\n[fetch]\nallow_private_addresses = true\n')
    monkeypatch.chdir(root)
    hostile = [
        "The researchers found that ![a chart](https://evil.example/pixel.gif) explains most of the variance.",
        "Another finding: see [the appendix](https://evil.example/phish) for the complete list of datasets.",
        "Data pipelines break silently \u202egnp.exe\u202c when upstream schemas change without warning.",
        "Careful evaluation matters because **benchmark scores** often hide failure modes in deployments.",
    ]
    paragraphs = (TEXTS / "reading-blog-posts.txt").read_text().split("\n\n")[:6] + hostile
    page = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>"
    httpserver.expect_request("/posts").respond_with_data(page, content_type="text/html; charset=utf-8")
    result = CliRunner().invoke(
        main, ["new", "article", url_of(httpserver, "/posts"), "--no-edit", "--quotes", "--date", "2021-06-01"]
    )
    assert result.exit_code == 0, result.output
    text = (root / result.stdout.strip()).read_text()
    assert "explains most of the variance" in text and "gnp.exe" in text  # quoted
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").render(text.split("---\n", 2)[2])
    assert "<img" not in rendered and 'evil.example/phish"' not in rendered and "<strong>" not in rendered
    assert "![a chart](https://evil.example/pixel.gif)" in rendered  # as the words it is
    assert "\u202e" not in text


def test_a_full_disk_under_sections_write_says_which_entry_and_how_many_before(tmp_path, monkeypatch):
    """--write rewrites the author's entries one by one; on a full disk OSError came out as a
    traceback, naming neither the entry it stopped at nor how many had changed."""
    import errno
    import os

    root = tmp_path / "log"
    make_log(root)
    monkeypatch.chdir(root)
    replace, written = os.replace, []

    def full_after_two(source, target, *args, **kwargs):
        if str(target).endswith(".md"):
            if len(written) == 2:
                raise OSError(errno.ENOSPC, "No space left on device")
            written.append(target)
        return replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "replace", full_after_two)
    result = CliRunner().invoke(main, ["sections", "2021-02", "--count", "2", "--write", "--drafts"])
    assert result.exit_code == 1, result.output
    said = r"\(No space left on device\); it is unchanged, and 2 entries got a section before it"
    assert re.search(r"Could not write entries/2021/02/\S+\.md " + said, result.stderr), result.stderr


def test_stop_words_are_the_texts_languages_and_englishs():
    """One set for every language dropped Portuguese "ela" and "tem" from an English log's
    queries and quotes. Each language keeps its own list; English's (titles as the source gave
    them) and Chinese's are every log's; a language without a list keeps every list, as before."""
    from newsletter.smart.quotes import quality
    from newsletter.smart.words import STOP, stop_words

    assert not {"ela", "tem", "der", "las"} & stop_words("en")
    assert {"ela", "tem", "the", "如何"} <= stop_words("pt-BR") and "der" not in stop_words("pt-BR")
    assert {"der", "ela"} <= stop_words("de", "pt")  # the log's and an entry's own `language:`
    assert stop_words("it") == stop_words() == STOP
    sentence = "Ela Bhatt and Tem Horwitz kept the union going for decades across rural Gujarat."
    assert quality(sentence, stop_words("en")) > quality(sentence, stop_words("pt"))


def test_a_question_weighs_less_in_any_scripts_question_mark():
    """A question weighs less than a statement as a key passage, but only one ending in "?" was
    one: new user 51's (Yuki, Tokyo) `new --quotes` on a Qiita article weighed its "…でしょうか？"
    as a statement, and an Arabic one's "؟" too. A question quoted, "…months?\"", is one as well;
    a sentence that only quotes a question is a statement."""
    from newsletter.smart.quotes import quality

    for statement, question in (
        (
            "データの分布が少しずつ変わるので監視はとても重要なのです。",
            "データの分布が少しずつ変わるので監視はなぜ重要なのでしょうか？",
        ),
        (
            "المراقبة مهمة عندما تتغير البيانات ببطء على مدى أشهر عديدة.",
            "لماذا تعتبر المراقبة مهمة عندما تتغير البيانات ببطء على مدى أشهر؟",
        ),
        (
            'She said: "monitoring matters when the data drifts slowly over months."',
            'She asked: "why does monitoring matter when the data drifts over months?"',
        ),
    ):
        assert 0 < quality(question) < 0.8 * quality(statement), (question, quality(question), quality(statement))
    told = "「なぜ監視が重要なのでしょうか？」と彼女は問いかけて答えを出さなかった。"
    assert quality(told) == quality(told.replace("？", "。"))


def test_a_sentence_goes_on_inside_brackets_and_after_a_closing_one():
    """New user 51 (Yuki, Tokyo) ran new --quotes on an article quoting its source: '彼は「まず計測
    せよ。そして改善せよ。」と言った。' came out as three quotes, '彼は「まず計測せよ。' with its bracket
    never closed, 'そして改善せよ。」' and 'と言った。'. A full stop inside a pair of brackets or quotes
    ends no sentence, nor does a closing one with a letter right after it; a bracket the line
    never closes changes nothing."""
    from newsletter.smart.quotes import sentences

    def split(text: str) -> list[str]:
        return [sentence for _, sentence in sentences(text)]

    assert split(
        "彼は「まず計測せよ。そして改善せよ。」と言った。これが教訓だ！『データは嘘をつかない。』と書いてある。"
    ) == [
        "彼は「まず計測せよ。そして改善せよ。」と言った。",
        "これが教訓だ！",
        "『データは嘘をつかない。』と書いてある。",
    ]
    assert split("He said “Measure first. Then improve.”") == ["He said “Measure first. Then improve.”"]
    assert split("He left (as planned.) Then it rained.") == ["He left (as planned.)", "Then it rained."]
    assert split("「はい。」「いいえ。」") == ["「はい。」", "「いいえ。」"]
    assert split("普通の文。閉じない「括弧がある。次の文。") == ["普通の文。", "閉じない「括弧がある。", "次の文。"]


def test_a_full_width_or_half_width_tag_looks_like_the_one_it_spells_by_spelling():
    """New user 51 (Yuki, Tokyo) tagged one entry 'ＭＬＯｐｓ', her keyboard in full-width mode, and
    another 'MLOps': Hugo made them two tag pages (/tags/ｍｌｏｐｓ/, /tags/mlops/) and check said
    nothing; so for half-width katakana ('ﾃﾞｰﾀ', 'データ'). Tags are compared in their
    compatibility form (NFKC)."""
    counts = {"MLOps": 2, "ＭＬＯｐｓ": 1, "データ": 3, "ﾃﾞｰﾀ": 1, "機械学習": 2}
    groups = {g.canonical: g.variants for g in near_duplicates(counts, meaning=False)}
    assert groups == {"MLOps": {"MLOps": 2, "ＭＬＯｐｓ": 1}, "データ": {"データ": 3, "ﾃﾞｰﾀ": 1}}
    # used as often, the spelling to keep is the one it stands for
    assert [g.canonical for g in near_duplicates({"ＭＬＯｐｓ": 1, "MLOps": 1}, meaning=False)] == ["MLOps"]


def paper_pdf(paragraphs: list[str]) -> bytes:
    """A PDF setting `paragraphs` in lines of a page's width, as TeX does (a word broken at a
    line's end with a hyphen), under a heading; one page per four paragraphs."""
    import textwrap

    pages = []
    for start in range(0, len(paragraphs), 4):
        lines = ["Abstract"] if not start else []
        for paragraph in paragraphs[start : start + 4]:
            wrapped = textwrap.wrap(paragraph.replace("’", "'"), 70)
            if len(wrapped) > 1 and len(wrapped[1]) > 6:  # a hyphen where TeX breaks a word
                word = wrapped[1].split()[0]
                if word.isalpha() and len(word) > 5:
                    wrapped[0] += " " + word[:3] + "-"
                    wrapped[1] = word[3:] + wrapped[1][len(word) :]
            lines += wrapped
        escaped = (line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines)
        shown = " ".join(f"({line}) Tj T*" for line in escaped)
        pages.append(f"BT /F1 10 Tf 72 740 Td 12 TL {shown} ET".encode("latin-1", "replace"))
    count = len(pages)
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{4 + 2 * n} 0 R" for n in range(count))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>")
    for n, content in enumerate(pages):
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % (5 + 2 * n)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
    out, offsets = bytearray(b"%PDF-1.5\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_quotes_of_a_papers_pdf_are_its_words(tmp_path, monkeypatch, httpserver):
    """New user 59 (Aiko) drafts quotes from the papers she reads, most of them PDFs: `new paper
    URL --quotes` read the PDF's bytes as text and said it had "no passage long enough to quote"
    (a file saved from it: "not a text file"). A PDF's quotes are its text's, its lines joined
    where the page's width broke them (a word broken with a hyphen whole), its headings apart."""
    from newsletter.stubs import PLACEHOLDER

    root = tmp_path / "log"
    make_log(root)
    (root / "newsletter.toml").write_text('[newsletter]\nname = "Papers"\n[fetch]\nallow_private_addresses = true\n')
    monkeypatch.chdir(root)
    paragraphs = [p for p in (TEXTS / "reading-blog-posts.txt").read_text().split("\n\n") if p.strip()]
    body = paper_pdf(paragraphs)
    httpserver.expect_request("/paper.pdf").respond_with_data(body, content_type="application/pdf")
    result = CliRunner().invoke(
        main, ["new", "paper", url_of(httpserver, "/paper.pdf"), "--no-edit", "--quotes", "--date", "2021-06-01"]
    )
    assert result.exit_code == 0, result.output
    notes = (root / result.stdout.strip()).read_text().split(PLACEHOLDER + "\n", 1)[1]
    assert notes.count("\n\n> ") == 9 and "— line" not in notes  # ten, without the file's lines
    assert "key enabler for this model" in notes and "Tj" not in notes and "Abstract" not in notes
    assert not re.search(r"\w- \w", notes)  # no word left broken across a line
    (tmp_path / "paper.pdf").write_bytes(body)
    result = CliRunner().invoke(main, ["quotes", str(tmp_path / "paper.pdf"), "-n", "3"])
    assert result.exit_code == 0 and result.stdout.count("\n> ") == 2 and "line" not in result.stdout, result.output
    (tmp_path / "broken.pdf").write_bytes(body[:400])  # cut short: no text, and no traceback
    result = CliRunner().invoke(main, ["quotes", str(tmp_path / "broken.pdf")])
    assert result.exit_code == 1 and "has no passage long enough to quote" in result.stderr, result.output


def test_a_section_is_not_named_for_a_number_the_notes_count_with(tmp_path):
    """New user 61's month of long reads was proposed the section "Three and Boring": "three
    things I am taking with me", "three innovation tokens", "three rivers". A number counts what
    a note is about; it names no topic."""
    entries = [
        ("The Maintenance of Everything", "Three things I am taking with me about repair and maintenance."),
        ("Software that lasts", "Every team gets about three innovation tokens; spend them on maintenance."),
        ("Is a River Alive?", "Macfarlane follows three rivers and asks whether a river can have rights."),
        ("Two cheers for rivers", "The first of two essays on rivers, their rights and their maintenance."),
    ]
    titled_log(tmp_path, "2026-11", entries)
    names = proposed_sections(tmp_path, "2026-11", "1", "2")
    words = {w.casefold() for name in names for w in re.findall(r"\w+", name)} - {"and"}
    assert not words & {"three", "two", "first"}, names
    assert words & {"maintenance", "rivers"}, names
