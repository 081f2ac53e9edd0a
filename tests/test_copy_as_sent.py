"""An edition's copy as sent (dist/<PERIOD>/sent.eml) is read once a build, and held to one size
(delivery/copy_as_sent.py): a build asked for its bytes, its HTML and its text one after the
other, each reading the file again, each with its own cap, and said nothing of one too large."""

import json
import os

from test_send_late_entries import WEEK, built, clone_without_the_ledger, ledger, sent_week

from fake_services import write_entry


def reads_of_the_copy(monkeypatch) -> list[str]:
    """Every opening of a sent.eml from here on (all of them go through os.open: open_regular,
    the opener every read of it is given, and Ledger.message's own)."""
    opened, real = [], os.open

    def counted(path, *args, **kwargs):
        if os.fspath(path).endswith("sent.eml"):
            opened.append(os.fspath(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", counted)
    return opened


def test_a_pulled_copy_is_read_once_a_build(tmp_path, monkeypatch):
    """The clone without the ledger (new user 53's) read the copy three times a build: its bytes
    for the digest, its HTML for the page, its text for the feed's item."""
    root, server = sent_week(tmp_path / "sent-here")
    try:
        other = clone_without_the_ledger(root, tmp_path / "other")
    finally:
        server.__exit__(None, None, None)
    write_entry(other, "late", 12, "A late talk")
    opened = reads_of_the_copy(monkeypatch)
    built(other)
    assert opened == [str(other / "dist" / WEEK / "sent.eml")]
    page = other / "site" / "static" / "newsletter" / WEEK / "index.html"
    assert "A late talk" not in page.read_text(encoding="utf-8")  # (the page is the copy's, as before)


def test_the_copy_of_a_week_sent_here_is_read_once_a_build(tmp_path, monkeypatch):
    """With the ledger of a version that kept no entries, a build read the copy for the page,
    then again for the late entries' links."""
    root, server = sent_week(tmp_path)
    server.__exit__(None, None, None)
    data = ledger(root)
    del data["entries"]
    (root / ".newsletter" / "ledger" / f"{WEEK}.json").write_text(json.dumps(data))
    write_entry(root, "late", 12, "A late talk")
    opened = reads_of_the_copy(monkeypatch)
    said = built(root)
    assert opened == [str(root / "dist" / WEEK / "sent.eml")]
    assert f"entries/2021/02/late.md: added to {WEEK} after it was emailed" in said  # (told by the copy)


def test_a_copy_too_large_to_be_one_is_said_once_and_used_for_nothing(tmp_path):
    """Past 4 MB a copy told nothing of the links that went out, but up to 256 MB it was still
    the edition's web page, and no build said why a 5 MB file there was half taken: one size now,
    and a line naming the file and what to do."""
    root, server = sent_week(tmp_path)
    server.__exit__(None, None, None)
    copy = root / "dist" / WEEK / "sent.eml"
    data = copy.read_bytes()
    padded = data.replace(b"</body>", b"<!-- " + b"x" * (5 * 1024 * 1024) + b" --><p>not the copy</p></body>", 1)
    assert padded != data
    copy.write_bytes(padded)
    page = root / "site" / "static" / "newsletter" / WEEK / "index.html"
    page.unlink()
    said = built(root)
    assert (
        f"warning: dist/{WEEK}/sent.eml is larger than any copy as sent (4 MB; an email of ours is a few hundred "
        "KB), so it is not read as the message that went out: the edition's web page is not made from it, nor "
        "are late entries told by it. Restore the copy its send kept (from git, or a backup)"
    ) in said
    assert "not the copy" not in page.read_text(encoding="utf-8")
