"""`check` says what the author's own email template breaks of "email-safe", as `send` does."""

import shutil

from newsletter.commands.check import check
from newsletter.delivery.doctor.own_template import CHECK_NOTE
from newsletter.resources import default_templates

HEADING = '<mj-text padding="0 28px 6px"><h1>{{ edition.subject }}</h1></mj-text>'


def own_template(root, edit) -> None:
    (root / "templates").mkdir()
    template = root / "templates" / "email.mjml.j2"
    shutil.copy(default_templates() / "email.mjml.j2", template)
    template.write_text(edit(template.read_text()))


def template_findings(root):
    report = check(root, "2021-02", offline=True)
    return [(f.file, f.severity, f.message) for f in report.findings if f.code == "template-email-safe"]


def test_a_recoloured_template_that_fails_contrast_and_alt_is_an_error_of_its_file(example_workspace):
    """New user 49 (Léa, a designer) added a header of her own to her copy: a logo without alt and
    a pale grey line under it. `send` refused the edition for both, and `check`, run first, said
    nothing of either."""
    header = (
        '<mj-image src="https://lea.example.ca/logo.png" width="200px" />'
        '<mj-text color="#d6d6d6">Le carnet de Léa</mj-text>'
    )
    own_template(example_workspace, lambda source: source.replace(HEADING, HEADING + header, 1))
    assert template_findings(example_workspace) == [
        (
            "templates/email.mjml.j2",
            "error",
            "1 image without alt, e.g. https://lea.example.ca/logo.png; give each an alt (empty for a "
            "decoration)" + CHECK_NOTE,
        ),
        (
            "templates/email.mjml.j2",
            "error",
            '"Le carnet de Léa" is #d6d6d6 on #ffffff in light mode: 1.5:1, under 4.5:1; darken (or in dark '
            "mode, lighten) the text in the template" + CHECK_NOTE,
        ),
    ]


def test_an_edited_template_that_stays_email_safe_is_not_named(example_workspace):
    own_template(example_workspace, lambda source: source.replace("#0b5cad", "#8a1538"))
    assert template_findings(example_workspace) == []
