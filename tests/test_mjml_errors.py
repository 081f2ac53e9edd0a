"""A mistake in the author's own copy of the email template's MJML is named with its file, its
line and what to do: mrml says only "unexpected end of stream in root template"."""

import shutil

from click.testing import CliRunner

from newsletter.cli import main
from newsletter.formats.mjml_place import template_lines, unclosed
from newsletter.resources import default_templates

OPENING = '<mj-text padding="0 28px 6px"><h1>{{ edition.subject }}</h1></mj-text>'


def own_template(root, broken: str) -> tuple:
    (root / "templates").mkdir()
    template = root / "templates" / "email.mjml.j2"
    shutil.copy(default_templates() / "email.mjml.j2", template)
    source = template.read_text()
    assert source.count(OPENING) == 1
    template.write_text(source.replace(OPENING, broken))
    line = source[: source.index(OPENING)].count("\n") + 1
    return template, line


def test_a_tag_left_open_in_the_authors_template_is_named_with_its_file_and_line(example_workspace):
    """New user 49 (Léa) deleted one `</mj-text>` in her copy, preview open: the page said 'The
    email template is not valid MJML: unexpected end of stream in root template', and no more.
    Another line of the template opens an mj-text the same way (the sections' headings): the
    rest of the line tells hers."""
    template, line = own_template(example_workspace, OPENING.removesuffix("</mj-text>"))
    result = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1] == (
        f"Error: The email template in {template} is not valid MJML (unexpected end of stream in root "
        f'template): <mj-text padding="0 28px 6px"> (line {line}) is never closed; add its </mj-text> '
        "where it should end."
    )


def test_the_first_tag_left_open_is_the_one_a_closing_tag_of_another_name_finds():
    mjml = "<mjml><mj-body>\n<mj-section><mj-column>\n<mj-text>a\n</mj-column></mj-section></mj-body></mjml>"
    name, start = unclosed(mjml)
    assert (name, mjml[start:].split(">")[0]) == ("mj-text", "<mj-text")
    assert unclosed("<mjml><!-- <mj-text> --><mj-body><mj-image src='x' /></mj-body></mjml>") is None


def test_a_template_line_is_found_by_what_its_jinja_wrote():
    template = '<mj-text color="{{ c }}"><h2>{{ h }}</h2></mj-text>\n<mj-text color="{{ c }}"><h1>{{ t }}</h1>\n'
    assert template_lines('<mj-text color="#c2185b"><h1>Mes lectures</h1>\n</mj-column>', "mj-text", template) == [2]


def test_an_element_mjml_does_not_know_is_named_not_sent_as_written(example_workspace):
    """Léa typed `<mj-txt>` for `<mj-text>`: mrml left the tag in the email's HTML as written, its
    padding lost, and the build, the preview and `send` went on without a word."""
    template, line = own_template(example_workspace, OPENING.replace("<mj-text", "<mj-txt"))
    result = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1] == (
        f'Error: The email template in {template} has <mj-txt padding="0 28px 6px"> (line {line}), which is '
        "no MJML element: it would reach readers as written; check its name (mj-text, mj-image, mj-button, "
        "mj-section…: https://documentation.mjml.io)."
    )


def test_an_mjml_tag_written_in_a_comment_of_the_template_is_no_element(example_workspace):
    """A note to herself in her copy, `<!-- <mj-column> per entry was too wide -->`, is kept in
    the HTML as a comment: it was called an element MJML does not know, and the build refused."""
    own_template(example_workspace, f"<!-- <mj-column> per entry was too wide; <mj-txt> too -->{OPENING}")
    result = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    assert "no MJML element" not in result.output
    html = (example_workspace / "dist" / "2021-02" / "newsletter.html").read_text()
    assert "<!-- <mj-column> per entry was too wide; <mj-txt> too -->" in html


def test_a_jinja_mistake_in_the_authors_template_says_what_to_do(example_workspace):
    """Léa's copy, one `}` short, said only "template error: unexpected '}'": the file and line, and
    nothing of what to do."""
    template, line = own_template(example_workspace, OPENING.replace("subject }}", "subject }"))
    result = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1] == (
        f"Error: {template}:{line}: template error: unexpected '}}'; fix the Jinja on that line (a {{{{ … }}}} "
        f"or {{% … %}} left open, a tag's or filter's name): the default email.mjml.j2 in {default_templates()} shows "
        "how it is written"
    )


def test_a_line_of_jinja_parts_in_a_row_is_no_regex_to_backtrack_through():
    """Léa's intro runs long (her _index.md) and she left out its `</mj-text>`; another line of
    her copy opens an mj-text alike and writes `{% if s %}{{ s }}{% endif %}{{ more }}`, Jinja's
    every-day way. Each Jinja part was a '.*?' of one regex, which tried every way of sharing the
    MJML among them before it failed: 100 s for three parts in a row, hours for four, and the
    build and preview hung where they should say which line to fix. In a process of its own, so
    that the failure is one: it finishes within a minute, or hangs for hours."""
    import subprocess
    import sys

    code = """if True:
        from newsletter.formats.mjml_place import template_lines
        opening = '<mj-text padding="0 28px 6px">'
        written = opening + '<h1>Mes lectures</h1>\\n' + '<p>Une ligne de mon intro.</p>\\n' * 140
        template = opening + '<h1>{{ t }}</h1>\\n' + opening + '{% if s %}{{ s }}{% endif %}{{ more }}</mj-text>\\n'
        print(template_lines(written[:4000], 'mj-text', template))
    """
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[1]", done.stderr


def test_a_tag_whose_attributes_go_on_below_is_read_in_one_pass():
    """A designer's tag with its attributes over several lines: a line '<mj-text a0="{{ v0 }}" …'
    with no '>' on it was read two ways for each of its Jinja values before it was given up (22
    values: 1.6 s, twice that for each one more). Forty, in a process of its own, within a minute."""
    import subprocess
    import sys

    code = """if True:
        from newsletter.formats.mjml_place import template_lines
        long_tag = '<mj-text ' + ' '.join(f'a{i}="{{{{ v{i} }}}}"' for i in range(40))
        print(template_lines('<mj-text>Mes lectures\\n', 'mj-text', long_tag + '\\n>\\n<mj-text>{{ t }}\\n'))
    """
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "[3]", done.stderr
