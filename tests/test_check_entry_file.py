"""`newsletter check FILE`: the edition an entry's file is in, as an editor without a language
server for a Markdown file's front matter runs it on the file at hand (Vim's `:!newsletter check %`)."""

import json

import pytest
from click.testing import CliRunner

from newsletter.cli import main


@pytest.fixture
def weekly_log(tmp_path):
    """Noa's (new user 62): weekly, weeks from Sunday, an entry of hers in 2026-W49."""
    root = tmp_path / "log"
    made = CliRunner().invoke(main, ["init", str(root), "--cadence", "weekly", "--timezone", "Asia/Jerusalem"])
    assert made.exit_code == 0, made.output
    for sample in (root / "entries").rglob("*.md"):
        sample.unlink()
    (root / "entries/2026/12").mkdir(parents=True, exist_ok=True)
    (root / "entries/2026/12/dicta.md").write_text(
        "---\ntype: tool\nurl: https://github.com/dicta-il/dictabert\ndate: 2026-12-02\n"
        'title: "DictaBERT: מודל BERT לעברית"\n---\nכלי של מרכז דיקטה.\n',
        encoding="utf-8",
    )
    return root


def _check(root, argument):
    return CliRunner().invoke(main, ["check", "--offline", "--json", "-w", str(root), argument])


def test_check_of_an_entry_file_checks_the_edition_its_date_is_in(weekly_log, monkeypatch):
    """Noa wrote her entry in Vim, where no schema reaches a Markdown file's front matter, and ran
    `:!newsletter check %`: "Period 'entries/2026/12/….md' is not a month like 2021-02"."""
    entry = weekly_log / "entries/2026/12/pycon.md"
    entry.write_text("---\ntype: talkk\nurl: https://example.org/pycon-il\ndate: 2026-11-29\n---\nהרצאה.\n")
    monkeypatch.chdir(weekly_log)
    checked = _check(weekly_log, "entries/2026/12/pycon.md")
    assert checked.exit_code == 1, checked.output  # the entry's error
    report = json.loads(checked.stdout)
    assert report["period"] == "2026-W49"  # Sunday November 29 to Saturday December 5
    mistakes = [(f["file"], f["line"], f["severity"]) for f in report["findings"] if f["code"] == "invalid"]
    assert mistakes == [("entries/2026/12/pycon.md", 2, "error")]
    assert report["entries"] == 2  # the week's other entry is checked too, as `check 2026-W49` would


def test_an_entry_whose_date_cannot_be_read_is_checked_with_its_folders_month(weekly_log):
    entry = weekly_log / "entries/2026/12/undated.md"
    entry.write_text("---\ntype: talk\nurl: https://example.org/pycon-il\ndate: 2026-13-29\n---\nהרצאה.\n")
    checked = _check(weekly_log, str(entry))
    report = json.loads(checked.stdout)
    assert report["period"] == "2026-12"
    assert any(f["file"] == "entries/2026/12/undated.md" and f["severity"] == "error" for f in report["findings"])


def test_a_period_is_taken_as_before(weekly_log):
    assert json.loads(_check(weekly_log, "2026-W49").stdout)["period"] == "2026-W49"


def test_an_entry_filed_far_from_its_date_is_checked_with_its_folders_edition(weekly_log):
    """entries/2026/12/ holding an entry dated January 2025 (copied from an old one, its date left):
    no build of January 2025's weeks lists that folder, so `check FILE` checked an edition without
    the file and passed it, its unknown type a warning about another edition's entry (review 41);
    `check 2026-12`, its folder's, names it as an error."""
    entry = weekly_log / "entries/2026/12/far.md"
    entry.write_text("---\ntype: talkk\nurl: https://example.org/far\ndate: 2025-01-15\n---\nהרצאה.\n")
    checked = _check(weekly_log, str(entry))
    assert checked.exit_code == 1, checked.output
    report = json.loads(checked.stdout)
    assert report["period"] == "2026-12"
    assert ("entries/2026/12/far.md", 2, "error") in [
        (f["file"], f["line"], f["severity"]) for f in report["findings"] if f["code"] == "invalid"
    ]
