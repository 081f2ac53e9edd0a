"""The nesting guard is an upper bound on the parser's stack: every trick that makes the HTML5
parser nest deeper than the markup seems to must still be cut (issue 11). Nothing here times
anything: a cut is checked, and the bound is compared with the depth Lexbor really builds."""

import random

import pytest
from selectolax.lexbor import LexborHTMLParser

from newsletter.links.depth import MAX_DEPTH, SMALL_PAGE, bounded, shallow
from newsletter.links.openings import FORMATTING, MAX_FORMATTING

BODY = "<html><body>"

# Each of these parsed in 0.1-3 s (quadratic in the depth) and slipped past the old scan, which
# counted every end tag as closing something.
FOOLS = {
    "stray-end-tags": ("<div>" * 200 + "</b>" * 200) * 80,
    "stray-inline-end-tags": ("<span>" * 200 + "</i>" * 200) * 80,
    "end-tag-stopped-by-object": "<div><object></div></object>" * 8000,
    "end-tag-stopped-by-special": "<span><div></span>" * 8000,
    "items-nesting-in-definitions": "<li><dd>" * 8000,
    "option-groups": "<optgroup><option>" * 8000,
    "ruby-bases": "<rb>" * 8000,
    "paragraphs-in-objects": "<p><object>" * 8000,
    "abrupt-comment": "<!-->" + "<div>" * 8000,
    "end-tags-in-attributes": '<div title="</div>">' * 8000,
    "quote-in-unquoted-value": '<a b=x="><div>' * 8000 + '">',
    "style-in-svg-is-markup": "<svg><style>" + "<div>" * 8000 + "</style>",
    "script-ignored-in-frameset": "<frameset><xmp>" + "<frameset>" * 8000,
    "names-lower-cased-alike": "<a\u212a>x</ak>" * 8000,  # (the parser lower-cases ASCII letters only)
    "escaped-script": "<div>" * 200 + "<script><!--<script></script>" + "</div>" * 200 + "--></script>" + "<div>" * 100,
}


@pytest.mark.parametrize("page", list(FOOLS.values()), ids=list(FOOLS))
def test_pages_that_nest_more_than_their_end_tags_say_are_cut(page):
    for text in (BODY + page, (BODY + page).encode()):
        assert len(shallow(text)) < len(text)


def test_names_that_differ_in_utf8_bytes_are_different_elements():
    """Lower-cased as Latin-1, "\xe3\x80\x80" (U+3000) and "\xc3\x80\x80" ("À", a stray byte) are
    alike; the parser reads two names, and the end tag closes nothing."""
    page = b"<html><body>" + b"<a\xe3\x80\x80>x</a\xc3\x80\x80>" * 8000
    assert len(shallow(page)) < len(page)


def test_formatting_elements_the_parser_reopens_at_every_text_are_bounded():
    """250 open <b>s stay under the depth limit, but the parser re-opens all of them for each
    paragraph: 5 million elements for 160 KB. Open formatting elements are bounded too."""
    page = BODY + "<p>" + "".join(f"<b id={n}>" for n in range(250)) + "</p>" + "<p>x</p>" * 20_000
    kept = shallow(page)
    assert len(kept) < len(page) and kept.count("<b ") < 40


def _tree_depth(tree) -> int:
    """How deep the parser nested elements that hold something (a leaf never holds the stack)."""
    deepest, stack = 0, [(tree.root, 1)]
    while stack:
        node, depth = stack.pop()
        child = node.child
        deepest = max(deepest, depth) if child is not None else deepest
        while child is not None:
            if child.is_element_node:
                stack.append((child, depth + 1))
            child = child.next
    return deepest


_SOUP = (
    "div span p li ul dd dt b i a font nobr table tr td th tbody caption colgroup col object template svg path g"
    " math mi mtext foreignObject desc title select option optgroup button form h1 h2 ruby rb rt noscript section"
    " pre xmp textarea style script plaintext iframe frameset img br input html body label x-y"
).split()
_ODDS = ["x", " ", "<!-->", "<!--->", "<!-- c -->", "-->", "<![CDATA[", "]]>", "<!x>", "</ x>", "<?p>"]


def _token(rng: random.Random) -> str:
    roll, tag = rng.random(), rng.choice(_SOUP)
    if roll < 0.55:
        return f"<{tag}>" if roll < 0.45 else f"<{tag}/>"
    if roll < 0.85:
        return f"</{tag}>"
    if roll < 0.9:
        return rng.choice(_ODDS)
    return f'<{tag} a="</div>">' if roll < 0.95 else f"<{tag} a=b=\"'>"


def test_the_bound_is_never_below_the_depth_the_parser_builds():
    """Tag soup from the tricky corners of the tree builder (scope boundaries, implied table
    parts, foreign content, framesets, templates, formatting elements, raw text the parser
    ignores): wherever Lexbor nests D deep, the guard reaches D as well."""
    rng = random.Random(11)
    for _ in range(1500):
        page = "".join(_token(rng) for _ in range(rng.randint(20, 200)))
        depth = _tree_depth(LexborHTMLParser(page))
        if depth >= 3 and len(page) >= depth:
            assert len(shallow(page, max_depth=depth)) < len(page), page


def test_real_nesting_is_not_cut():
    page = BODY + ("<div><section><ul><li><a href='/x'><span>x</span></a>" * 40 + "</li></ul></section></div>" * 40)
    page += "<svg><title>t</title><path d='M0'/><g><use href='#a'/></g></svg>" * 400
    page += "<table><col><tr><td><p>cell</p><td>cell</table>" * 400 + "<p>one<p>two<li>three<li>four" * 400
    assert shallow(page) == page and MAX_DEPTH == 256


_NESTED = (
    "div span p li ul dd b i a font table tr td tbody object template svg g path title desc foreignObject select"
    " option button h1 ruby rb section pre textarea style script img br input html body x-y"
).split()


def _nested(rng: random.Random, budget: list, level: int = 0) -> str:
    """Markup that mostly nests as written (each end tag closes its own start tag), with
    self-closed tags and a few stray ones: the pages a shortcut for well-nested markup would take."""
    out = []
    while budget[0] > 0 and level < 40:
        budget[0] -= 1
        roll, tag = rng.random(), rng.choice(_NESTED)
        if roll < 0.03:
            out.append(rng.choice(["<p>", "</div>", "<li>", "<td>", "<b>", "<!-- c -->", "<x/>"]))
        elif roll < 0.1:
            out.append(f"<{rng.choice(['br', 'img', 'path', 'g', 'svg', 'div'])}/>")
        elif roll < 0.3:
            break
        else:
            out.append(f"<{tag}>" + _nested(rng, budget, level + 1) + f"</{tag}>")
    return "".join(out)


def test_the_bound_holds_for_markup_that_nests_as_written():
    rng = random.Random(12)
    for _ in range(800):
        page = _nested(rng, [rng.randint(5, 90)])
        depth = _tree_depth(LexborHTMLParser(page))
        if depth >= 3 and len(page) >= depth:
            assert len(shallow(page, max_depth=depth)) < len(page), page


# --- Pages too small to hurt --------------------------------------------------------------------


def test_a_small_page_with_few_formatting_tags_is_parsed_as_it_is():
    """Most real pages: no scan, not even the lean one (comments and scripts stay)."""
    page = BODY + "<!-- c --><script>var a = '<b>';</script>" + "<p>A <a href=/x>link</a>.</p>" * 700
    page += "<p>Some <em>emphasis</em>, <strong>strong</strong> <code>code</code>.</p>" * 9
    assert page.count("<") <= SMALL_PAGE
    assert bounded(page, lean=True) is page and bounded(page.encode(), lean=True) == page.encode()


def test_a_small_page_of_formatting_closed_where_it_opens_is_parsed_as_it_is():
    """Icons and bold labels, each closed around its text: the parser never re-opens them.
    (Not scanned, so not lean either: the comment stays.)"""
    page = BODY + "<!-- c -->" + '<p><i class="fa fa-bolt" aria-hidden="true"></i> <strong>Note:</strong> x</p>' * 200
    page += "<p>Some <em>emphasis</em> and <B>bold</B>.</p>" * 9
    assert page.count("<") <= SMALL_PAGE and page.count("<i ") > MAX_FORMATTING
    assert bounded(page, lean=True) is page and bounded(page.encode(), lean=True) == page.encode()


@pytest.mark.parametrize(
    "page",
    [
        BODY + "<div>" * (SMALL_PAGE + 1),  # one tag too many to be small
        BODY + "<p>" + "".join(f"<b id={n}>" for n in range(MAX_FORMATTING)) + "</p>" + "<p>x</p>" * 100,
        BODY + "<P>" + "<STRONG>" * MAX_FORMATTING + "</P>" + "<p>x</p>" * 100,  # (names in any case)
        # formatting that looks closed where it opens, and is left open:
        BODY + "<p>" + '<b title="x></b>">' * MAX_FORMATTING + "</p>" + "<p>x</p>" * 100,  # (in a value)
        BODY + "<p>" + "".join(f"<b id={n}>x</bx>" for n in range(MAX_FORMATTING)) + "</p>" + "<p>x</p>" * 100,
        BODY + "<p>" + "".join(f"<b id={n}><i></i>" for n in range(MAX_FORMATTING)) + "</p>" + "<p>x</p>" * 100,
    ],
    ids=[
        "many-tags",
        "formatting-to-re-open",
        "upper-case-formatting",
        "end-tag-in-a-value",
        "another-end-tag",
        "open-around-closed",
    ],
)
def test_pages_that_could_hurt_are_scanned(page):
    assert len(bounded(page)) < len(page) and len(bounded(page.encode())) < len(page)


_FORMATTING_NAMES = sorted(FORMATTING - {"a"})  # (the parser keeps one <a> open at most)
# What can stand between a formatting start tag and its end tag, or around them, and change what
# the parser makes of them (quotes, comments, tags, an end tag of another name, a missing '>')
_SLIPS = [" ", "\n", "/", '"', "'", ">", "<", "=", "x", " id=a", " hidden", "</", "<!--", "-->"]
_SLIPS += ["<i>", "</i>", "<p>", "<td>"]


def _formatting_closed_or_nearly(rng: random.Random, slip: bool) -> str:
    name = rng.choice(_FORMATTING_NAMES)
    name = name.upper() if rng.random() < 0.1 else name
    attributes = "".join(rng.choice([' id="a"', ' title="x>y"', ' color="red"']) for _ in range(rng.randint(0, 2)))
    parts = ["<", name, attributes, rng.choice([">", " >"]), rng.choice(["", "x", " "]), "</", name, ">"]
    if slip and rng.random() < 0.2:
        parts[6] = rng.choice(_FORMATTING_NAMES)  # (maybe another's)
    elif slip:
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(_SLIPS))
    return "".join(parts)


def test_formatting_counted_as_closed_is_closed_in_the_parser():
    """A small page with MAX_FORMATTING - 1 formatting elements left open is parsed as it is only
    while every other formatting tag is closed where it opens: any that the parser keeps open
    would be re-opened in every paragraph after, one more each time than the bound allows. The
    paragraphs after near-misses (an end tag of another name, a quote, a comment, a table cell,
    a '/>') never hold more than that."""
    rng = random.Random(5)
    opened = "<p>" + "".join(f"<b id={n}>" for n in range(MAX_FORMATTING - 1)) + "</p>"
    for _ in range(1500):
        middle = [_formatting_closed_or_nearly(rng, slip=False) for _ in range(rng.randint(0, 8))]
        middle += [rng.choice(["<p>x</p>", "<div>", "</div>", "</p>"]) for _ in range(rng.randint(0, 3))]
        middle.append(_formatting_closed_or_nearly(rng, slip=True))
        rng.shuffle(middle)
        page = BODY + opened + "".join(middle) + "<p>P</p>"
        if bounded(page) is not page:
            continue
        for probe in LexborHTMLParser(page).css("p"):  # (none when the page ends in a comment)
            if probe.text() == "P":  # the formatting open around its text: inside it and above it
                around, up = [node.tag for node in probe.css("*")], probe.parent
                while up is not None:
                    around, up = around + [up.tag], up.parent
                assert sum(tag in _FORMATTING_NAMES for tag in around) < MAX_FORMATTING, page


# The worst small pages we could write: 32,000-level shapes cut to size, formatting re-opened at
# every paragraph or closed through blocks, <a> re-opened, the adoption agency's cubic case.
_TAGS = SMALL_PAGE - BODY.count("<")
_WORST_SMALL = {
    "divs": "<div>" * _TAGS,
    "list-items": "<ul><li>" * (_TAGS // 2),
    "cells": "<table><tr><td>" * (_TAGS // 3),
    "formatting-re-opened": "<p>"
    + "".join(f"<b id={n}>" for n in range(MAX_FORMATTING - 1))
    + "</p>"
    + "<p>x</p>" * ((_TAGS - MAX_FORMATTING) // 2 - 1),
    "formatting-through-blocks": "".join(f"<i {n}>" for n in range(MAX_FORMATTING - 1)) + "<div>x</i>" * 1400,
    "links-re-opened": "<p><a id=1>" + "</p><p>x" * (_TAGS // 2 - 1),
    "formatting-re-opened-among-closed": "<p>"
    + "".join(f"<b id={n}>" for n in range(MAX_FORMATTING - 1))
    + "</p>"
    + "<p><i></i>x</p>" * ((_TAGS - MAX_FORMATTING) // 4 - 1),
    "adoption-agency": "".join(f"<b {n}>" for n in range(15))
    + "".join(f"<i {n}>" for n in range(15))
    + "x</b>" * (_TAGS - 30),
}


@pytest.mark.parametrize("page", list(_WORST_SMALL.values()), ids=list(_WORST_SMALL))
def test_what_a_small_page_can_make_the_parser_build_is_bounded(page):
    """The work the fast path lets through is the parser's, on a tree this size at most: a
    constant (bench/: under 30 ms), however the markup is arranged. Counted, not timed."""
    page = BODY + page
    assert page.count("<") <= SMALL_PAGE and bounded(page) is page
    elements = len(LexborHTMLParser(page).css("*"))
    assert elements <= MAX_FORMATTING * SMALL_PAGE


# Attributes escape both bounds: no '<' and no formatting tag is needed for them. Lexbor checks
# each attribute against every earlier one of its tag (quadratic: one <div> of 80,000 distinct
# attributes, 550 KB, parsed in 12 s), and re-opening a formatting element copies all its
# attributes and values (a <b> of 20,000 attributes re-opened in 1,400 paragraphs: 140 KB,
# 14 s and 4 GB). Both pass the fast path and the scan alike. Not bounded here yet (a sound
# bound measured 1 ms more per median page, README), but contained where pages are read: a
# worker process with a memory and a time limit (tests/test_untrusted.py). Strict xfail, so a
# bound turns these into failures to un-mark. Counted at a size that parses fast.
_ATTRIBUTE_FLOODS = {
    "many-distinct-attributes": "<div " + " ".join(f"a{n}" for n in range(10_000)) + ">x",
    "attributes-re-opened-small": "<p><b " + " ".join(f"a{n}" for n in range(1000)) + ">" + "</p><p>x" * 1400,
    "attributes-re-opened-scanned": "<p><b " + " ".join(f"a{n}" for n in range(1000)) + ">" + "</p><p>x" * 5000,
    "value-re-opened": '<p><a href="' + "x" * 20_000 + '">' + "</p><p>x" * 1400,
}


@pytest.mark.xfail(strict=True, reason="attributes are not bounded by the guard yet")
@pytest.mark.parametrize("page", list(_ATTRIBUTE_FLOODS.values()), ids=list(_ATTRIBUTE_FLOODS))
def test_what_the_attributes_of_a_page_make_the_parser_do_is_bounded(page):
    """Attribute work the parser is given (names compared within a tag, attributes and value
    bytes copied by re-opening) stays within a constant per byte of the page."""
    tree = LexborHTMLParser(bounded(BODY + page, lean=True))
    nodes = tree.css("*")
    widest = max(len(node.attributes) for node in nodes)
    copied = sum(len(node.attributes) + sum(len(v or "") for v in node.attributes.values()) for node in nodes)
    assert copied <= 64 * len(page)
    assert widest <= 256
