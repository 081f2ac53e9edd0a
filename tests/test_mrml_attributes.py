"""Attribute values reach the email's HTML as written: mrml spelled out no-break spaces,
combining accents, joiners and backslashes in them as Rust escapes ("\\u{a0}")."""

import html
import re
import sys

import pytest
from click.testing import CliRunner

from newsletter.cli import main
from newsletter.formats.email import finish

MJML = (
    '<mjml><mj-body><mj-section><mj-column><mj-image src="https://example.org/a.png" alt="{}" width="100px"/>'
    "</mj-column></mj-section></mj-body></mjml>"
)
# What HTML itself changes in an attribute (a carriage return, NUL), a template never writes
# there raw (the quote, <, >, & are escaped by Jinja before this), and the C1 controls, which
# reading a note turns into the cp1252 punctuation they were
LEFT_OUT = {"\r", "\0", '"', "<", ">", "&", *map(chr, range(0x80, 0xA0))}
# and Unicode's noncharacters, whose references html.unescape drops (a browser keeps them)
LEFT_OUT |= {
    *map(chr, range(0xFDD0, 0xFDF0)),
    *(chr(p + c) for p in range(0, 0x110000, 0x10000) for c in (0xFFFE, 0xFFFF)),
}


def test_every_character_of_an_images_alt_reaches_the_html():
    chars = [chr(c) for c in range(1, sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF and chr(c) not in LEFT_OUT]
    # the planes with characters in them, and a little of the private-use ones
    chars = [c for c in chars if ord(c) < 0x40000 or 0xE0000 <= ord(c) < 0xF0100]
    for start in range(0, len(chars), 20000):
        alt = "".join(chars[start : start + 20000])
        out = finish(MJML.format(alt))
        assert html.unescape(re.search(r'<img[^>]*?alt="([^"]*)"', out)[1]) == alt


def test_a_french_year_in_reviews_chart_descriptions_keep_their_no_break_spaces(example_workspace):
    """The charts' descriptions, read where images are blocked (most inboxes, at first) and by
    screen readers, said "Entrées par mois en 2021\\u{a0}: janv. 0…" in a French review."""
    pytest.importorskip("matplotlib")
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "fr"', 1))
    result = CliRunner().invoke(main, ["review", "2021", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    page = (example_workspace / "dist/2021/newsletter.html").read_text(encoding="utf-8")
    alts = [html.unescape(a) for a in re.findall(r'<img[^>]*?alt="([^"]*)"', page)]
    assert any(a.startswith("Entrées par mois en 2021\u00a0: janv. ") for a in alts), alts
    assert "\\u{" not in page


def test_a_tag_written_over_several_lines_keeps_its_attributes():
    """Only values are rewritten: a line break between two attributes of a template's tag is no
    value's, and as a reference it would have ended the tag."""
    source = MJML.replace(
        '<mj-image src="https://example.org/a.png" alt="{}"', '<mj-image\n  alt="{}"\n  src="https://example.org/a.png"'
    )
    out = finish(source.format("Entrées\u00a0: janv."))
    image = re.search(r"<img[^>]*>", out)[0]
    assert 'src="https://example.org/a.png"' in image
    assert html.unescape(re.search(r'alt="([^"]*)"', image)[1]) == "Entrées\u00a0: janv."
