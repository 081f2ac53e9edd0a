"""An entry's `language:` that is not the language its notes are written in
(newsletter/formats/notes_script.py), as `check` says it."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from newsletter.cli import main
from newsletter.formats.notes_script import unlike_notes, written_in

CHINESE = (
    "给 Vite 点了 star。最近在读它的源码，`packages/vite/src/node/server` 下面的中间件写得很干净。\n\n"
    "README 里的“It's fast!”一点也不夸张。"
)
ENGLISH = "Goku Mohandas talks about MadeWithML: how to take a model 从零 to production, with testing."


@pytest.mark.parametrize(
    "notes, language, log, warned",
    [
        (CHINESE, "en", "zh-CN", True),  # Chen's GitHub star: `new` wrote the page's language
        (ENGLISH, "en", "zh-CN", False),  # English notes marked English, a few Chinese words in them
        ("この発表は分かりやすかった。特に「Vite」の話。", "en", "ja", True),
        ("هذه الورقة مفيدة جدًا لفهم النماذج.", "en", "ar", True),  # Layla's Arabic notes on an English paper
        ("Notes in English about it.", "en", "ar", False),
        (CHINESE, "zh-TW", "zh-CN", False),  # one script: not told apart
        (CHINESE, "sr", "zh-CN", False),  # a language in two alphabets is not judged
        ("```ts\nconst 变量 = 1\n```\nA short note.", "en", "zh-CN", False),  # code is not the notes' words
    ],
)
def test_a_language_unlike_the_notes_is_said(notes, language, log, warned):
    assert (unlike_notes(notes, language, log) is not None) == warned


def test_the_script_most_words_are_in_counts_each_cjk_character_as_a_word():
    assert written_in(CHINESE) == "cjk"
    assert written_in(ENGLISH) == "latin"
    assert written_in("") is None


def test_check_names_the_line_of_a_language_new_wrote_above_chinese_notes(tmp_path):
    """Chen (new user 25) starred a GitHub repository with `newsletter new`: the stub said
    `language: "en"`, the page's, and her Chinese notes went out marked English (a screen reader's
    English voice, a Japanese font in Chromium). `check` names the line to remove."""
    root = tmp_path / "yuedu"
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(root), "--language", "zh-CN"]).exit_code == 0
    for sample in (root / "entries").rglob("*.md"):
        sample.unlink()
    entry = root / "entries/2026/12/vite.md"
    entry.parent.mkdir(parents=True, exist_ok=True)
    front = '---\ntype: tool\nurl: https://github.com/vitejs/vite\ndate: 2026-12-01\nlanguage: "en"\ntags: []\n---\n'
    entry.write_text(front + CHINESE + "\n", encoding="utf-8")
    checked = runner.invoke(main, ["check", "2026-12", "--offline", "--json", "-w", str(root)])
    [found] = [f for f in json.loads(checked.stdout)["findings"] if f["code"] == "language-unlike-notes"]
    assert (found["file"], found["line"], found["severity"]) == ("entries/2026/12/vite.md", 5, "warning")
    assert found["message"].startswith("language: en, but its notes are written in zh-CN's letters")
    entry.write_text(front.replace('language: "en"\n', "") + CHINESE + "\n", encoding="utf-8")
    checked = runner.invoke(main, ["check", "2026-12", "--offline", "--json", "-w", str(root)])
    assert not [f for f in json.loads(checked.stdout)["findings"] if f["code"] == "language-unlike-notes"]
