"""Issue 9, item 7: send is safe under races and edits.

The ledger is read once its lock is held, so a send that finished while another run waited
is seen; and every file a service sends must be the one the build recorded.
"""

import pytest

from newsletter.commands.send import send
from newsletter.delivery.ledger import Ledger
from newsletter.errors import NewsletterError

from fake_services import PERIOD, SmtpServer, workspace


def test_a_send_that_finished_before_the_lock_was_taken_is_seen(tmp_path):
    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings())
        folder = root / ".newsletter" / "ledger"
        # A second `send --yes` has opened the ledger but not yet taken its lock (the real file
        # lock, held meanwhile by the first run) when the first run sends and lets go.
        second = Ledger(folder, PERIOD)
        with Ledger(folder, PERIOD) as first:
            with pytest.raises(NewsletterError, match="Another `newsletter send"):
                second.__enter__()  # the lock is really held
            first.intend("smtp.send", mode="list")
            first.done("smtp.send")
        with second:
            assert second.sent() is not None and second.sent()[0] == "smtp"
        # and through send itself: the list gets the edition once
        with pytest.raises(NewsletterError, match="already sent via smtp"):
            send(root, PERIOD, yes=True, env={})
    assert server.received == []


@pytest.mark.parametrize("via", ["smtp", "buttondown", "listmonk"])
@pytest.mark.parametrize("name", ["newsletter.html", "newsletter.txt"])
def test_an_edited_html_or_text_file_is_not_sent_by_any_service(tmp_path, via, name):
    settings = f'via = "{via}"\nlistmonk_url = "http://127.0.0.1:9"\nlistmonk_list_ids = [1]\n'
    root = workspace(tmp_path, settings)
    path = root / "dist" / PERIOD / name
    path.write_bytes(path.read_bytes().replace(b"February", b"Febuary"))
    env = {"BUTTONDOWN_API_KEY": "k", "LISTMONK_USERNAME": "u", "LISTMONK_TOKEN": "t"}
    for yes in (False, True):  # the dry run says so too
        with pytest.raises(NewsletterError) as error:
            send(root, PERIOD, yes=yes, env=env)
        assert error.value.message == (
            f"dist/{PERIOD}/{name} was changed after it was built; run `newsletter build {PERIOD}` first."
        )


def test_a_file_saved_with_other_line_endings_counts_as_changed(tmp_path):
    root = workspace(tmp_path)
    path = root / "dist" / PERIOD / "newsletter.txt"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    with pytest.raises(NewsletterError, match="newsletter.txt was changed after it was built"):
        send(root, PERIOD, yes=True, env={})


def test_a_folder_that_takes_no_lock_is_said_so_not_taken_for_another_send(tmp_path, monkeypatch):
    """flock on a file system without locks (a FUSE mount, a VM's shared folder) fails with
    ENOLCK or EOPNOTSUPP, which was said as "Another `newsletter send` is running": waited for,
    it never finished, and nothing told the author what to do. Nothing is sent either way."""
    import errno
    import fcntl

    with SmtpServer() as server:
        root = workspace(tmp_path, server.settings())
        flock = fcntl.flock

        def no_locks_here(handle, operation):
            raise OSError(errno.ENOLCK, "No locks available")

        monkeypatch.setattr(fcntl, "flock", no_locks_here)
        with pytest.raises(NewsletterError) as refused:
            send(root, PERIOD, yes=True, env={})
        monkeypatch.setattr(fcntl, "flock", flock)
    assert refused.value.message == (
        f"Could not lock the send ledger in {root / '.newsletter' / 'ledger'} (No locks available); nothing was "
        "sent. The lock keeps two sends of an edition from running at once: move the workspace to a disk of "
        "this machine, then run again."
    )
    assert server.received == []
