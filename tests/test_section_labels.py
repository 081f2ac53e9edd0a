"""An entry's type label ("Paper:") where its section's heading says its type already, and
where the heading is a topic, in the email, its text part and the post."""

from selectolax.lexbor import LexborHTMLParser

from newsletter.build import build

ENTRY = "---\ntype: {kind}\nurl: https://example.org/{name}\ndate: 2021-02-{day}\ntitle: {title}\n{more}---\nRead.\n"


def shown(root, language="en"):
    """The email's entry headings, its text part's lines and the post, of a build of February 2021."""
    settings = root / "newsletter.toml"
    settings.write_text(settings.read_text(encoding="utf-8").replace('language = "en"', f'language = "{language}"', 1))
    outputs = build(root, "2021-02", offline=True).outputs
    headings = [" ".join(h.text().split()) for h in LexborHTMLParser(outputs.html).css("h3")]
    post = next((root / "site/content/posts").glob("*/index.md")).read_text(encoding="utf-8")
    return headings, outputs.text.splitlines(), post


def test_an_entry_under_its_types_own_section_does_not_repeat_its_type(example_workspace):
    """Two users read "Paper: Hidden Technical Debt…" for each item under "Papers", and "Livro: …"
    under "Livros": the heading says the type already. Where the section is a topic ("MLOps") the
    label stays ("Tool: ml-ops.org"), and the post, which has no section headings, keeps each."""
    folder = example_workspace / "entries/2021/02"
    for name, kind, title, more in (
        ("attention.md", "paper", "Attention Is All You Need", ""),  # the type's own section
        ("systems.md", "book", "Thinking in Systems", "section: books\n"),  # named, in English
        ("hooked.md", "book", "Hooked", "section: Livros\n"),  # named, in Portuguese
    ):
        (folder / name).write_text(ENTRY.format(kind=kind, name=name, day=20, title=title, more=more))
    headings, lines, post = shown(example_workspace)
    for title in ("Attention Is All You Need", "Thinking in Systems"):
        assert title in headings, headings
        assert any(line.startswith(f"{title} [") for line in lines), lines
    assert "Book: Hooked" in headings and any(line.startswith("Book: Hooked [") for line in lines)  # not English's
    assert "Tool: ml-ops.org" in headings and any(line.startswith("Tool: ml-ops.org [") for line in lines)
    for label, title in (("Paper", "Attention Is All You Need"), ("Book", "Thinking in Systems")):
        assert f"## [{label}] [{title}](" in post
    assert "## [Tool] [ml-ops.org](" in post


def test_a_section_in_the_editions_language_says_the_type_too(example_workspace):
    """A Portuguese edition's "Livros" heading said "Livro: …" over each book, whether the entries
    named no section or named it in Portuguese; an English "Books" says it as well."""
    folder = example_workspace / "entries/2021/02"
    for name, title, more in (
        ("hooked.md", "Hooked", ""),
        ("systems.md", "Thinking in Systems", "section: Livros\n"),
        ("habits.md", "Atomic Habits", "section: Books\n"),
    ):
        (folder / name).write_text(ENTRY.format(kind="book", name=name, day=21, title=title, more=more))
    headings, lines, post = shown(example_workspace, "pt")
    for title in ("Hooked", "Thinking in Systems", "Atomic Habits"):
        assert title in headings, headings
        assert not any(line.startswith("Livro") and title in line for line in lines), lines
        assert f"## [Livro] [{title}](" in post
    assert "Ferramenta: ml-ops.org" in headings
