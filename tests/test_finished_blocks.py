"""The email's kept blocks finished once (formats/finished_blocks.py): whatever the MJML, the HTML
is the whole finish's byte for byte, a changed block finished alone where nothing in it depends
on its neighbours, and the whole email finished again where something may.

tests/test_incremental_builds.py proves it on every example edition through real builds; these
take the MJML a workspace's own template may write, mrml and css-inline real throughout."""

import random

import pytest

from newsletter.formats import email, finished_blocks
from newsletter.formats.finished_blocks import marked

HEAD = """<mjml lang="en"><mj-head><mj-title>March</mj-title><mj-preview>Talks and tools</mj-preview>
  <mj-attributes><mj-text font-size="16px" padding="0 28px" /></mj-attributes>
  <mj-style>p { margin: 0 0 14px 0; } h3 { font-size: 18px; } .facts { color: #57606a; }{css}</mj-style>
</mj-head>
<mj-body width="600px" css-class="page">
"""


def entry(title: str, note: str = "A note.", image: bool = False) -> str:
    block = (
        f'\n        <mj-text padding="10px 28px 4px"><h3>{title}</h3><p class="facts">Talk</p><p>{note}</p></mj-text>'
    )
    if image:
        block += '\n        <mj-image src="https://example.org/talk.png" alt="" width="544px" />'
    return marked(block + "\n")


def email_of(blocks: list[str], css: str = "", columns: int = 1) -> str:
    other = "<mj-column><mj-text>Aside</mj-text></mj-column>" * (columns - 1)
    section = '<mj-section css-class="card"><mj-column><mj-text><h2>Talks</h2></mj-text>{}</mj-column>{}</mj-section>'
    return (
        HEAD.replace("{css}", css)
        + section.format("".join(blocks), other)
        + "\n<mj-section><mj-column><mj-text><p>Thanks for reading.</p></mj-text></mj-column></mj-section>"
        + "\n</mj-body></mjml>"
    )


def whole(mjml: str) -> str:
    return email._finish_whole(mjml.replace(finished_blocks.OPEN, "").replace(finished_blocks.CLOSE, ""))


def finished(mjml: str) -> str:
    return finished_blocks.finish(mjml, email._finish_whole)


def test_a_changed_block_is_finished_alone_and_the_email_is_the_whole_finish(alone):
    blocks = [entry("Boring Python"), entry("Zero to ONNX", image=True), entry("Polars in anger")]
    first = email_of(blocks)
    assert finished(first) == whole(first)
    assert alone == []  # the first: finished whole, and cut into its pieces
    blocks[1] = entry("Zero to ONNX", "A note, *rewritten*: <code>onnx.load</code> &amp; more.", image=True)
    second = email_of(blocks)
    assert finished(second) == whole(second)
    assert len(alone) == 1  # the one changed block
    assert finished(first) == whole(first)  # and back, from the kept alone
    assert len(alone) == 1


def test_the_head_is_made_again_when_the_kinds_of_element_change(alone):
    """mrml writes a phone's rule for pictures in the head only when the email has one: the only
    entry with a picture losing it changes the head, which the kept skeleton's did not show."""
    blocks = [entry("Boring Python"), entry("Zero to ONNX", image=True)]
    assert finished(email_of(blocks)) == whole(email_of(blocks))
    blocks[1] = entry("Zero to ONNX")
    changed = email_of(blocks)
    assert "mj-full-width-mobile" not in whole(changed)
    assert finished(changed) == whole(changed)


@pytest.mark.parametrize(
    "css",
    [
        "h3 + p { color: red; }",
        "p ~ p { margin: 0; }",
        "tr:first-child td { padding: 0; }",
        "p:nth-of-type(2) { color: red; }",
        "td:has(img) { padding: 0; }",
        "tbody:empty { display: none; }",
    ],
)
def test_styles_that_read_neighbours_finish_the_whole_email(css, alone):
    """A block's rows are another's neighbours: alone in a probe, a selector by neighbour matches
    other elements than in the email."""
    blocks = [entry("Boring Python"), entry("Zero to ONNX")]
    assert finished(email_of(blocks, css)) == whole(email_of(blocks, css))
    blocks[0] = entry("Boring Python", "Changed.")
    assert finished(email_of(blocks, css)) == whole(email_of(blocks, css))
    assert alone == []


def test_a_block_in_a_section_of_two_columns_finishes_the_whole_email(alone):
    """mrml lays a column out by how many its section has: a probe of one would be wider."""
    blocks = [entry("Boring Python", image=True), entry("Zero to ONNX")]
    assert finished(email_of(blocks, columns=2)) == whole(email_of(blocks, columns=2))
    blocks[0] = entry("Boring Python", "Changed.", image=True)
    assert finished(email_of(blocks, columns=2)) == whole(email_of(blocks, columns=2))
    assert alone == []


@pytest.mark.parametrize(
    "block",
    [
        "<mj-text>An aside</mj-text></mj-column><mj-column><mj-text>split</mj-text>",  # unbalanced
        '<mj-carousel><mj-carousel-image src="https://example.org/a.png" /></mj-carousel>',  # ids of its own
        "<mj-raw><style>p { color: red; }</style></mj-raw><mj-text>styled</mj-text>",  # styles the rest
    ],
)
def test_a_block_that_is_not_alone_in_its_rows_is_finished_with_the_email(block, alone):
    blocks = [entry("Boring Python"), marked(block), entry("Zero to ONNX")]
    try:
        expected = whole(email_of(blocks))
    except Exception as error:  # (mrml may refuse it: then so does the finish, with the same words)
        with pytest.raises(type(error), match=str(error)[:40]):
            finished(email_of(blocks))
        return
    assert finished(email_of(blocks)) == expected
    blocks[0] = entry("Boring Python", "Changed.")
    assert finished(email_of(blocks)) == whole(email_of(blocks))
    assert alone == []


def test_a_block_marked_inside_another_is_finished_unmarked():
    inner = entry("Inner")
    nested = marked(f"<mj-text>Outer</mj-text>{inner}<mj-text>after</mj-text>")
    mjml = email_of([entry("Boring Python"), nested])
    assert finished(mjml) == whole(mjml)


def test_an_invalid_template_is_named_with_its_own_lines(tmp_path):
    """The marks moved the author's columns: the message is the whole finish's of the MJML they wrote."""
    broken = email_of([entry("Boring Python"), entry("Zero to ONNX")]).replace("</mj-section>", "", 1)
    with pytest.raises(Exception) as plain:
        whole(broken)
    with pytest.raises(type(plain.value)) as kept:
        finished(broken)
    assert str(kept.value) == str(plain.value)


def test_a_way_that_makes_another_email_turns_keeping_off(monkeypatch):
    """Each way of making the email is compared with the whole finish's once a process: a
    release of mrml or css-inline that lays a probe's rows out otherwise is caught there, the
    whole finish's email given, and every email finished whole from then on."""
    blocks = [entry("Boring Python"), entry("Zero to ONNX")]
    assert finished(email_of(blocks)) == whole(email_of(blocks))
    finish_alone = finished_blocks._alone
    monkeypatch.setattr(
        finished_blocks, "_alone", lambda *args: (lambda made: (made[0] + " ", made[1]))(finish_alone(*args))
    )
    blocks[0] = entry("Boring Python", "Changed.")
    assert finished(email_of(blocks)) == whole(email_of(blocks))
    assert finished_blocks._OFF
    blocks[0] = entry("Boring Python", "Changed again.")
    assert finished(email_of(blocks)) == whole(email_of(blocks))


def test_a_style_in_the_body_is_inlined_on_a_block_finished_alone(alone):
    """css-inline inlines a <style> wherever it is, one a template writes in an mj-raw of the
    body too: a probe holds only the head, so a block finished alone missed the body's styles
    (the second change, emphasis under `em { color }`, after a first change the check passed)."""
    styled = "<mj-section><mj-column><mj-raw><style>em { color: #b31d28; }</style></mj-raw></mj-column></mj-section>"

    def email_with_style(blocks: list[str]) -> str:
        return email_of(blocks).replace("<mj-section", styled + "<mj-section", 1)

    blocks = [entry("Boring Python"), entry("Zero to ONNX")]
    for note in ("A note.", "Changed.", "Changed, <em>with emphasis</em>."):
        blocks[0] = entry("Boring Python", note)
        assert finished(email_with_style(blocks)) == whole(email_with_style(blocks))
    assert alone == []


@pytest.mark.parametrize("font", ['font-family="Lato, Arial"', 'mj-class="serif"'])
def test_a_block_that_names_a_font_of_its_own_makes_the_head_again(font, alone):
    """mrml links a font it knows (Lato, Roboto, Open Sans…) in the head when an element's
    font-family names it, given or by an mj-class, no mj-font needed: a block that comes to
    name one changes the head, which the kept skeleton's did not have."""
    classes = '<mj-attributes><mj-class name="serif" font-family="Lato, Arial" /></mj-attributes></mj-head>'

    def email_with_fonts(blocks: list[str]) -> str:
        return email_of(blocks).replace("</mj-head>", classes, 1)

    blocks = [entry("Boring Python"), entry("Zero to ONNX")]
    assert finished(email_with_fonts(blocks)) == whole(email_with_fonts(blocks))
    blocks[0] = entry("Boring Python", "Changed.")  # (the first alone: checked against the whole)
    assert finished(email_with_fonts(blocks)) == whole(email_with_fonts(blocks))
    blocks[1] = entry("Zero to ONNX").replace('<mj-text padding="10px 28px 4px"', f"<mj-text {font}")
    assert "fonts.googleapis.com" in whole(email_with_fonts(blocks))
    assert finished(email_with_fonts(blocks)) == whole(email_with_fonts(blocks))
    blocks[1] = entry("Zero to ONNX")
    assert finished(email_with_fonts(blocks)) == whole(email_with_fonts(blocks))


def test_what_is_kept_stays_within_its_size_when_the_head_changes_build_after_build():
    """A kept block's key holds its probe, the head and all: each new title made a new head for
    each slot, uncounted, so a workspace's 70 KB stylesheet and a 50-entry edition retitled 40
    times held 68 MB against a SIZE of 32 MB that counted 0.4 MB."""
    sheet = "".join(f".c{number} {{ color: #{number % 999:03d}; }}\n" for number in range(3000))
    blocks = [entry(f"Talk {number}") for number in range(50)]
    for title in range(40):
        mjml = email_of(blocks, sheet).replace("<mj-title>March", f"<mj-title>March {title}")
        assert finished(mjml) == whole(mjml)
    held = {id(text): text for key, (html, _) in finished_blocks._BLOCKS.items() for text in (*key, html)}
    assert sum(map(len, held.values())) <= finished_blocks.SIZE


def test_the_kinds_of_element_shared_between_blocks_are_let_go_past_the_limit():
    """Each list of kinds of element a block holds is kept once and shared: a template naming a
    new font or class in each edition's blocks grew that store with every build, uncounted."""
    for number in range(finished_blocks.LIMIT * 3):
        block = f'<mj-text font-family="Font {number}">x</mj-text>'
        assert f'font-family="Font {number}"' in finished_blocks._alone_in_row(block)[0]
        assert len(finished_blocks._KINDS) <= finished_blocks.LIMIT


def test_a_block_with_raw_html_beside_its_rows_is_finished_with_the_email(alone):
    """mrml writes an mj-raw's HTML in its column's table, between rows, and the inliner's HTML
    parser moves what a table may not hold (a <p>, words) to before the table: out of its block's
    marks, into the skeleton's piece, where the block's next version left it (found by a fuzz of
    templates, review 39)."""
    raw = '\n        <mj-raw><p class="sponsor">{}</p></mj-raw>\n'
    blocks = [entry("Boring Python"), marked(raw.format("Thanks to Acme.")), entry("Zero to ONNX")]
    assert finished(email_of(blocks)) == whole(email_of(blocks))
    blocks[0] = entry("Boring Python", "Changed.")  # (the first alone: checked against the whole)
    assert finished(email_of(blocks)) == whole(email_of(blocks))
    blocks[1] = marked(raw.format("Thanks to Initech."))
    assert finished(email_of(blocks)) == whole(email_of(blocks))
    assert alone == []


def test_a_block_with_outlooks_conditionals_in_raw_is_still_finished_alone(alone):
    """An mj-raw of comments only (the default template's, hiding a picture from Outlook) stays
    between its block's marks."""
    hidden = "\n        <mj-raw><!--[if !mso]><!--></mj-raw><mj-text>{}</mj-text><mj-raw><!--<![endif]--></mj-raw>\n"
    blocks = [entry("Boring Python"), marked(hidden.format("A picture")), entry("Zero to ONNX")]
    assert finished(email_of(blocks)) == whole(email_of(blocks))
    blocks[1] = marked(hidden.format("Another picture"))
    assert finished(email_of(blocks)) == whole(email_of(blocks))
    assert len(alone) == 1


def test_the_head_is_made_again_when_its_fonts_come_in_another_order(alone):
    """mrml links the fonts in the order the email first names them: two entries trading their
    fonts keep the same kinds between them, but not in the same places (found by the fuzz)."""
    arial = '<mj-attributes><mj-all font-family="Arial" /></mj-attributes></mj-head>'

    def in_font(title: str, font: str) -> str:
        return entry(title).replace('<mj-text padding="10px 28px 4px"', f'<mj-text font-family="{font}, Arial"')

    def email_with_fonts(blocks: list[str]) -> str:
        return email_of(blocks).replace("</mj-head>", arial, 1)

    blocks = [in_font("Boring Python", "Roboto"), in_font("Zero to ONNX", "Lato"), entry("Polars in anger")]
    assert finished(email_with_fonts(blocks)) == whole(email_with_fonts(blocks))
    blocks[2] = entry("Polars in anger", "Changed.")  # (the first alone: checked against the whole)
    assert finished(email_with_fonts(blocks)) == whole(email_with_fonts(blocks))
    blocks[:2] = in_font("Boring Python", "Lato"), in_font("Zero to ONNX", "Roboto")
    assert finished(email_with_fonts(blocks)) == whole(email_with_fonts(blocks))


def _random_email(rng):
    """A random template's email maker, its slots' count, and a random block: sections with and
    without wrappers, fonts, styles and whitespace of their own (review 39's fuzz, which found
    the mj-raw and font-order breaks)."""
    spaces = ["", " ", "\n", "\n  ", "\t"]

    def element() -> str:
        words = rng.choice(["a", "<em>x</em>", "<p>p</p>", '<a href="https://e.org/é?q=1 2">l</a>'])
        text = rng.choice(["", ' css-class="q"', ' font-family="Lato"', ' mj-class="f"'])
        picture = rng.choice(['src="https://e.org/a.png"', 'src="https://e.org/b c.png" height="80px"'])
        raw = rng.choice(["<!--[if mso]><p>m</p><![endif]-->", "<!--[if !mso]><!-->", "<p>raw</p>", " "])
        return rng.choice(
            [
                f"<mj-text{text}>{words}</mj-text>",
                f"<mj-image {picture} />",
                f"<mj-raw>{raw}</mj-raw>",
                f'<mj-spacer height="{rng.randint(1, 30)}px" />',
                f'<mj-button href="https://e.org/{rng.randint(1, 9)}">{words}</mj-button>',
                f"<mj-table><tr><td>{words}</td></tr></mj-table>",
            ]
        )

    head = rng.choice(
        [
            '<mj-attributes><mj-class name="f" font-family="Roboto, Arial" /><mj-all font-family="Arial" />'
            "</mj-attributes>",
            '<mj-style>em { color: red } [href*="e.org"] { color: blue } .q p { margin: 0 }</mj-style>',
            '<mj-breakpoint width="320px" /><mj-attributes><mj-class name="f" padding="2px" /></mj-attributes>',
        ]
    )
    body = rng.choice(["", "<mj-raw><style>em { color: green }</style></mj-raw>", ""])
    layout = [
        (rng.choice(["", ' padding="0"', ' full-width="full-width"', ' direction="rtl"']), rng.random() < 0.3, items)
        for items in (["slot" if rng.random() < 0.6 else element() for _ in range(rng.randint(1, 5))] for _ in "ab")
    ]
    fixed = [rng.choice(spaces) for _ in range(40)]

    def email(blocks: list[str]) -> str:
        slots, space = iter(blocks), iter(fixed)
        sections = ""
        for attributes, wrapped, items in layout:
            column = "".join(next(space) + (next(slots) if item == "slot" else item) for item in items)
            section = f"<mj-section{attributes}>{next(space)}<mj-column>{column}</mj-column></mj-section>"
            sections += f'<mj-wrapper padding="10px">{section}</mj-wrapper>' if wrapped else section
        return f"<mjml><mj-head><mj-title>T</mj-title>{head}</mj-head><mj-body>{body}{sections}</mj-body></mjml>"

    def block() -> str:
        return marked("\n  " + rng.choice(spaces).join(element() for _ in range(rng.randint(1, 3))) + "\n")

    return email, sum(item == "slot" for _, _, items in layout for item in items), block


@pytest.mark.parametrize("seed", range(4))
def test_random_templates_and_edits_make_the_whole_finishs_email(seed, alone):
    """Whatever the template, each email is the whole finish's, with the once-a-process check
    out of the way (`_CHECKED` full), so that it hides nothing."""
    rng = random.Random(f"review 39, {seed}")
    for _ in range(12):
        finished_blocks._SKELETONS.clear()
        finished_blocks._CHECKED.update({"alone", "cut"})
        email, count, block = _random_email(rng)
        blocks = [block() for _ in range(count)]
        for _ in range(4):
            assert finished(email(blocks)) == whole(email(blocks))
            for _ in range(rng.randint(1, 2) if blocks else 0):
                blocks[rng.randrange(len(blocks))] = block()
    assert alone  # (the probes were taken, not only whole finishes)
