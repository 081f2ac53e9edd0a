"""Buttondown and listmonk answering hostile things: what the service says of an email's or a
campaign's status reaches the terminal, the error and the ledger on one short line."""

import pytest
from click.testing import CliRunner

from newsletter.cli.editions import send as send_command

from fake_services import API_KEY, LISTMONK_TOKEN, LISTMONK_USER, PERIOD, FakeButtondown, FakeListmonk, workspace

HOSTILE = "\x1b]0;pwned\x07sent\nAll good: nothing to see here " + "A" * 3000


def answering(fake, method: str, status: str) -> None:
    """`fake` answers each `method` request with `status` as the email's or campaign's."""
    original = fake.route

    def route(asked, path, body, args):
        code, answer = original(asked, path, body, args)
        if asked == method and isinstance(answer, dict):
            inner = answer.get("data") if isinstance(answer.get("data"), dict) else answer
            if "status" in inner:
                inner["status"] = status
        return code, answer

    fake.route = route


def sent(root, env) -> str:
    result = CliRunner().invoke(send_command, [PERIOD, "-w", str(root), "--yes"], env=env)
    return result.output


@pytest.mark.parametrize("method", ["PATCH", "GET"])
def test_a_buttondown_status_is_one_short_line(tmp_path, httpserver, method):
    """The send's answer printed its status as it came: a new line, then a line of the server's
    own under the tool's ('All good: ...'), 3,000 characters long, and recorded it in the ledger."""
    buttondown = FakeButtondown(httpserver)
    root = workspace(tmp_path, f'via = "buttondown"\nbuttondown_url = "{buttondown.url}"\n')
    answering(buttondown, method, HOSTILE)
    output = sent(root, {"BUTTONDOWN_API_KEY": API_KEY})
    assert output.count("\n") == 1 and len(output) < 300, output
    assert "pwned" not in output or "\\x1b" in output
    ledger = (root / ".newsletter" / "ledger" / f"{PERIOD}.json").read_text(encoding="utf-8")
    assert "A" * 100 not in ledger


def test_a_listmonk_status_is_one_short_line(tmp_path, httpserver):
    listmonk = FakeListmonk(httpserver)
    root = workspace(tmp_path, f'via = "listmonk"\nlistmonk_url = "{listmonk.url}"\nlistmonk_list_ids = [3]\n')
    answering(listmonk, "PUT", HOSTILE)
    output = sent(root, {"LISTMONK_USERNAME": LISTMONK_USER, "LISTMONK_TOKEN": LISTMONK_TOKEN})
    assert output.count("\n") == 1 and len(output) < 300, output
