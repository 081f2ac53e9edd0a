"""What listmonk does to a campaign before it sends it: the body, the plain text and the subject
are Go templates (its models/campaigns.go). Rendered here by Go's own html/template and
text/template (tests/listmonk_render/main.go), as listmonk renders them, after a real send to
the local listmonk stand-in; skipped where the `go` command is missing."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from newsletter.commands.send import send
from newsletter.delivery.literal import for_go_template

from fake_services import LISTMONK_TOKEN, LISTMONK_USER, PERIOD, FakeListmonk, build, workspace

ENV = {"LISTMONK_USERNAME": LISTMONK_USER, "LISTMONK_TOKEN": LISTMONK_TOKEN}
RENDER = Path(__file__).parent / "listmonk_render" / "main.go"
pytestmark = pytest.mark.skipif(not shutil.which("go"), reason="needs Go (Debian package golang-go)")

NOTE = """\
Hugo's `{{< figure src="a.png" >}}` and Jinja's `{{ title }}` are no template of listmonk's;
nor is {{ .Subscriber.Email }} or https://example.org/page@TrackLink in a note,
or a brace before it: {@TrackLink}.
"""
HOSTILE_TITLE = '{{ Safe "\\x3cscript\\x3ealert(1)\\x3c/script\\x3e" }} A page'


def rendered(campaign: dict) -> dict:
    """The campaign's subject, body and plain text as listmonk renders them for a subscriber."""
    env = {**os.environ, "GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod"}
    given = json.dumps({k: campaign[k] for k in ("subject", "body", "altbody")})
    done = subprocess.run(["go", "run", str(RENDER)], input=given, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def without_comments(html: str) -> str:
    return re.sub(r"<!--.*?-->", "", html, flags=re.S)  # html/template drops HTML comments


def test_notes_and_titles_with_braces_reach_readers_as_written(tmp_path, httpserver):
    """A note about Hugo or Jinja (`{{< figure >}}`, `{{ title }}`) made listmonk refuse the
    campaign, its `{{ .Subscriber.Email }}` became the reader's address, and a fetched title's
    `{{ Safe "\\x3cscript…" }}` a live <script> in every reader's copy."""
    listmonk = FakeListmonk(httpserver)
    root = workspace(tmp_path, f'via = "listmonk"\nlistmonk_url = "{listmonk.url}"\nlistmonk_list_ids = [3]\n')
    (root / "entries" / "2021" / "02" / "braces.md").write_text(
        "---\ntype: article\nurl: https://example.com/braces\ndate: 2021-02-20\n"
        f"title: {json.dumps(HOSTILE_TITLE)}\n---\n{NOTE}",
        encoding="utf-8",
    )
    (root / "entries" / "2021" / "02" / "_index.md").write_text(
        '---\nsubject: "Test Letter #2: {{ .Subscriber.Name }} in February"\n---\nWelcome.\n', encoding="utf-8"
    )
    build(root)
    folder = root / "dist" / PERIOD
    html = (folder / "newsletter.html").read_text(encoding="utf-8")
    text = (folder / "newsletter.txt").read_text(encoding="utf-8")
    assert "{{ .Subscriber.Email }}" in text and "Safe" in html  # what the edition says, as built

    send(root, PERIOD, test="ann@example.com", env=ENV)
    send(root, PERIOD, yes=True, env=ENV)
    [campaign] = listmonk.campaigns.values()
    got = rendered(campaign)
    assert "error" not in got, got["error"]
    assert got["subject"] == "Test Letter #2: {{ .Subscriber.Name }} in February"
    assert got["altbody"] == text
    assert got["body"] == without_comments(html)
    assert "<script" not in got["body"] and "reader@example.org" not in got["body"] + got["altbody"]
    [test] = [r.json for r in listmonk.requests if r.path.endswith("/test")]
    assert rendered(test)["subject"] == "[Test] Test Letter #2: {{ .Subscriber.Name }} in February"


def sent_with_a_settings_tag(tmp_path, httpserver, entry: str, greeting: str = "", force: bool = False) -> dict:
    """The edition listmonk got, as Go renders it for a reader, from a workspace whose unsubscribe
    link is listmonk's own `{{ UnsubscribeURL }}` (as [links] says to give a service's merge tag),
    with `greeting` (a settings line) and one more entry, `entry`'s front matter and note."""
    listmonk = FakeListmonk(httpserver)
    root = workspace(tmp_path, f'via = "listmonk"\nlistmonk_url = "{listmonk.url}"\nlistmonk_list_ids = [3]\n')
    settings = root / "newsletter.toml"
    text = re.sub(r'(?m)^unsubscribe = ".*"$', 'unsubscribe = "{{ UnsubscribeURL }}"', settings.read_text())
    settings.write_text(text.replace("[newsletter]\n", f"[newsletter]\n{greeting}\n", 1), encoding="utf-8")
    (root / "entries" / "2021" / "02" / "tags.md").write_text(entry, encoding="utf-8")
    build(root)
    send(root, PERIOD, yes=True, force=force, env=ENV)
    [campaign] = listmonk.campaigns.values()
    got = rendered(campaign)
    assert "error" not in got, got["error"]
    return got


def test_tags_the_author_wrote_in_the_settings_reach_listmonk_as_tags(tmp_path, httpserver):
    """Ann's `unsubscribe = "{{ UnsubscribeURL }}"`, listmonk's own tag as [links] says to give
    it, reached every reader as that text, and the HTML's link went to '%7b%7b UnsubscribeURL }}';
    her greeting's `{{ .Subscriber.Name }}` named no one. A note's template code stays text."""
    got = sent_with_a_settings_tag(
        tmp_path,
        httpserver,
        "---\ntype: article\nurl: https://example.com/braces\ndate: 2021-02-20\ntitle: Braces\n---\n"
        'A note on {{ .Subscriber.Email }} and {{ .Subscriber.Name | printf "%s!" }}.\n',
        greeting="""greeting = 'Hi {{ .Subscriber.Name | printf "%s!" }} & co,'""",  # (a quote, an ampersand: escaped)
    )
    assert "Hi Reader! &amp; co," in got["body"] and "Hi Reader! & co," in got["altbody"]
    for part in ("body", "altbody"):
        assert "{{ UnsubscribeURL }}" not in got[part]
        # the note's are as written, though the greeting's tag is the same text
        assert "A note on {{ .Subscriber.Email }} and {{ .Subscriber.Name | printf " in got[part]  # (quotes typeset)
    assert '<a href="https://lists.example.org/unsub"' in got["body"]
    assert "Unsubscribe: https://lists.example.org/unsub" in got["altbody"]


def test_an_unsubscribe_link_given_as_listmonks_merge_tag_reaches_readers_as_their_link(tmp_path, httpserver):
    """[links] unsubscribe takes "the list service's unsubscribe URL (or its merge tag)": given as
    listmonk's {{ UnsubscribeURL }}, it went out escaped like a note's braces, and every reader's
    unsubscribe link was the text '{{ UnsubscribeURL }}' (review 20). A setting's merge tag is
    listmonk's to fill; a fetched title's other code is still sent as written."""
    got = sent_with_a_settings_tag(
        tmp_path,
        httpserver,
        "---\ntype: article\nurl: https://example.com/braces\ndate: 2021-02-20\n"
        f"title: {json.dumps(HOSTILE_TITLE)}\n---\nA note.\n",
        force=True,  # (--force: example.com's mail is no test's concern)
    )
    assert 'href="https://lists.example.org/unsub"' in got["body"] and "UnsubscribeURL" not in got["body"]
    assert "https://lists.example.org/unsub" in got["altbody"] and "UnsubscribeURL" not in got["altbody"]
    assert "<script" not in got["body"] and "{{ Safe" in got["body"]  # the title's code, shown as written


def test_listmonk_tags_written_in_the_settings_reach_readers_as_listmonk_fills_them(tmp_path, httpserver):
    """Noa gave listmonk's own unsubscribe tag as her unsubscribe link, `unsubscribe = "{{
    UnsubscribeURL }}"`, as the setting says to give a list service's merge tag, and a greeting
    with the reader's name (new user 30): every `{{` was sent to be shown as written, so her
    readers got a link to '%7b%7b UnsubscribeURL }}' in the HTML and the words '{{ UnsubscribeURL
    }}' in the plain text, and no way to unsubscribe. A tag the settings hold is left to listmonk
    (wherever the edition has it); a note's other tags still show as written."""
    got = sent_with_a_settings_tag(
        tmp_path,
        httpserver,
        "---\ntype: article\nurl: https://example.com/tags\ndate: 2021-02-20\ntitle: Tags\n---\n"
        "A note on {{ title }} and {{ ManageURL }}.\n",
        greeting='greeting = "Hi {{ .Subscriber.Name }},"',
    )
    assert '<a href="https://lists.example.org/unsub"' in got["body"] and "%7b" not in got["body"].lower()
    assert "\nUnsubscribe: https://lists.example.org/unsub\n" in got["altbody"]
    assert "Hi Reader," in got["body"] and "Hi Reader," in got["altbody"]
    # a note's tags, no setting's, are shown as written
    assert "A note on {{ title }} and {{ ManageURL }}." in got["altbody"]


def test_a_brace_written_just_before_a_settings_tag_stays_text():
    """A note (Handlebars' triple braces, `{{{ UnsubscribeURL }}}`) or a fetched title with a
    brace just before the text of a setting with a tag: the piece before ended in '{', the tag
    kept for listmonk began '{{', and Go read '{{{' as an action beginning with '{': listmonk
    refused the campaign (review 21, rendered by Go's templates)."""
    meant = ("{{ UnsubscribeURL }}", "Hi {{ .Subscriber.Name }}")
    text = "Handlebars: {{{ UnsubscribeURL }}} and x{Hi {{ .Subscriber.Name }}, {"
    campaign = {key: for_go_template(text, meant) for key in ("subject", "body", "altbody")}
    out = rendered(campaign)
    assert "error" not in out, out
    said = "Handlebars: {https://lists.example.org/unsub} and x{Hi Reader, {"
    assert out["subject"] == out["altbody"] == said
