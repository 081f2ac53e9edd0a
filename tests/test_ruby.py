"""Ruby (furigana) in a note: the reading in parentheses wherever it is not drawn above its word.

New user 51 (Yuki, Tokyo) wrote a reading over a word in her note,
`<ruby>特徴量<rt>とくちょうりょう</rt></ruby>`: the text part and the post (her site leaves raw HTML
out) said "特徴量とくちょうりょうストア", the reading run into the sentence, and the email dropped the
tags, so even an inbox that draws ruby showed it so. HTML's fallback is <rp>: formats/ruby.py."""

from selectolax.lexbor import LexborHTMLParser

from newsletter.formats.email import markdown_to_html
from newsletter.formats.raw_html import without_raw_html
from newsletter.formats.text import Links, to_text

NOTE = "特に<ruby>特徴量<rt>とくちょうりょう</rt></ruby>ストアの話は面白い。"


def test_the_text_part_gives_the_reading_in_parentheses():
    assert to_text(NOTE, Links()) == "特に特徴量（とくちょうりょう）ストアの話は面白い。"


def test_the_post_without_raw_html_gives_the_reading_in_parentheses():
    assert without_raw_html(NOTE) == "特に特徴量（とくちょうりょう）ストアの話は面白い。"
    # an HTML block of its own too
    assert without_raw_html(f"<div>\n{NOTE}\n</div>\n") == "特に特徴量（とくちょうりょう）ストアの話は面白い。\n"


def test_the_email_keeps_the_ruby_with_parentheses_for_a_client_without_it():
    html = markdown_to_html(NOTE)
    assert "<ruby>特徴量<rp>（</rp><rt>とくちょうりょう</rt><rp>）</rp></ruby>" in html
    # a client that knows no ruby shows every word in order: the reading in its parentheses
    assert LexborHTMLParser(html).body.text() == "特に特徴量（とくちょうりょう）ストアの話は面白い。"


def test_a_ruby_with_its_own_parentheses_or_in_code_is_left_as_written():
    own = "<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp>字<rp>(</rp><rt>ji</rt><rp>)</rp></ruby>"
    assert to_text(own, Links()) == "漢(kan)字(ji)"
    assert own in markdown_to_html(own)
    code = "`<ruby>漢<rt>かん</rt></ruby>`"
    assert to_text(code, Links()) == "<ruby>漢<rt>かん</rt></ruby>"
    assert without_raw_html(code) == code


def test_a_ruby_holding_code_or_a_link_reads_them_and_leaves_no_placeholder():
    """(attack 32) Code or a link in a ruby was read before the ruby, which was kept whole with
    Markdown's placeholder for it, '\x02klzzwxh:0000\x03', in place of it: the email's MJML
    renderer refused it, and the build ended 'The email template … is not valid MJML'."""
    note = "<ruby>`字`<rt>[じ](https://example.com/ji)</rt></ruby> and more"
    html = markdown_to_html(note)
    assert "\x02" not in html and "klzzwxh" not in html
    assert '<a href="https://example.com/ji"' in html and ">字</code>" in html
    text = to_text(note, Links())
    assert "\x02" not in text and "字" in text and "じ" in text


def test_each_reading_of_a_ruby_gets_its_own_and_latin_ones_latin_parentheses():
    assert to_text("<ruby>東<rt>とう</rt>京<rt>きょう</rt></ruby>", Links()) == "東（とう）京（きょう）"
    assert to_text("<ruby>Bach<rt>バッハ</rt></ruby>", Links()) == "Bach（バッハ）"
    assert to_text("<ruby>DNA<rt>deoxyribonucleic acid</rt></ruby>", Links()) == "DNA(deoxyribonucleic acid)"


def test_rubies_left_open_are_read_in_one_pass():
    """A note of '<ruby>字' 20,000 times (a page pasted whole; heavy_notes counts no tags) took
    13 s of every build: each ruby's pattern scanned to the note's end for a '</ruby>', and
    ten times as many took a hundred times as long. 200,000, in a process of its own, within a
    minute; each one left open is left as typed, and a ruby closed after them is still read."""
    import subprocess
    import sys

    code = """if True:
        from newsletter.formats import raw_html, ruby
        note = '<ruby>字' * 200_000 + '<ruby>漢<rt>かん</rt></ruby>'
        print(ruby.flattened_in(note) == note[:-25] + '漢（かん）')
        print(raw_html.without_raw_html('<ruby x ' * 200_000 + 'end').endswith(' end'))
    """
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["True", "True"], done.stderr
