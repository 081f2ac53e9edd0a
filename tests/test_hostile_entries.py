"""Attack 30: a careless author's entries, and a hostile page, against the whole build: what an
entry lets through must not reach the readers hidden, reversed or broken."""

from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from newsletter.cli import main
from newsletter.editors import schemas
from newsletter.read import Problem, parse_entry

ENTRY = "---\ntype: article\nurl: {url}\ndate: 2021-02-03\n---\nNotes.\n"

HIDDEN_IN_LINKS = [
    ("https://example.com/\u202egpj.exe", "\\u202e"),  # reads 'https://example.com/exe.jpg'
    ("https://exa\u202emple.com/x", "\\u202e"),  # in the host: every href held it as typed
    ("https://example.com/pay\u200bment", "\\u200b"),  # a zero-width space: another address, unseen
    ("https://example.com/\u200fpage", "\\u200f"),
    ("https://example.com/\u2066x\u2069", "\\u2066"),
    ("https://example.com/\ufeffx", "\\ufeff"),
]


@pytest.mark.parametrize("url, escape", HIDDEN_IN_LINKS)
def test_a_link_holding_an_invisible_character_is_refused_with_it_named(url, escape):
    """An address pasted with a right-to-left override or a zero-width space (copied with the link
    from a chat or a page) was taken as typed: an entry without a title shows its link as its
    heading, and 'https://example.com/\\u202egpj.exe' read 'https://example.com/exe.jpg' in the
    email, its text part, the post and the feeds (attack 30, an offline build); in a host it went
    into the email's and the feeds' hrefs as it was. It is the file's problem, named with its line
    and the character written as its escape, as a title's line break is; the editors' schema
    refuses it too."""
    with pytest.raises(Problem) as caught:
        parse_entry(Path("x.md"), ENTRY.format(url=f'"{url}"'))
    assert caught.value.line == 3
    assert f"holds an invisible character ({escape})" in str(caught.value) and "delete it" in str(caught.value)
    assert not any(char in str(caught.value) for char in "\u202e\u200b\u200f\u2066\ufeff")
    schema = jsonschema.Draft202012Validator(schemas.entry())
    assert not schema.is_valid({"type": "article", "url": url, "date": "2021-02-03"})


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/\U0001f469\u200d\U0001f4bb",  # an emoji of two, joined
        "https://fa.wikipedia.org/wiki/\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian's non-joiner
        "https://example.com/%E2%80%AEx",  # escaped, the address says what it is
        "https://ru.wikipedia.org/wiki/\u041c\u043e\u0441\u043a\u0432\u0430",
    ],
)
def test_a_link_with_joiners_letters_need_or_escapes_is_kept(url):
    entry, _ = parse_entry(Path("x.md"), ENTRY.format(url=f'"{url}"'))
    assert entry.url == url
    assert jsonschema.Draft202012Validator(schemas.entry()).is_valid(
        {"type": "article", "url": url, "date": "2021-02-03"}
    )


def test_new_refuses_a_link_holding_an_invisible_character_and_names_it_inertly(example_workspace, monkeypatch):
    """`new` checks a link by the reader's rule, so it never writes an entry the next build
    refuses; its message quoted the link as given, the override and all."""
    monkeypatch.chdir(example_workspace)
    before = sorted(example_workspace.rglob("*.md"))
    result = CliRunner().invoke(main, ["new", "article", "https://example.com/\u202egpj.exe", "--no-edit", "--offline"])
    assert result.exit_code == 1
    assert "'https://example.com/\\u202egpj.exe' holds an invisible character (\\u202e)" in result.stderr
    assert "\u202e" not in result.output
    assert sorted(example_workspace.rglob("*.md")) == before
