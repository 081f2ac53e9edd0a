"""A publication date given as a labelled value, in a definition list or a table (issue 11):
a shop's book page, a catalogue's record. Read only when the label is a publication's, and only
when the page shows no better date."""

from __future__ import annotations

import pytest

from newsletter.links.extract import extract_metadata

URL = "https://shop.example.jp/de2b8f78c6/"


# the blurb, a few paragraphs: the details come well after the lines right under the headline
_TEXT = "".join(f"<p>Paragraph {n} of the blurb.</p>" for n in range(1, 9))


def page(body: str, head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head><title>A book about gardens</title>{head}</head>"
        # (the details far from the headline, in a column of their own: not the dateline's place)
        '<body><div class="row"><div class="col"><div class="box"><div><h1>A book about gardens</h1>'
        f"</div></div></div></div><div class='text'>{_TEXT}</div>"
        f"<div class='details'><div><div>{body}</div></div></div></body></html>"
    )


def published(body: str, head: str = "") -> str | None:
    return extract_metadata(page(body, head), URL).published


# an e-book shop's details list, as served: entities for the Japanese labels, each tag on its line
_SHOP = """
<div class="product-detail"><dl class="p-information__data">
    <dt>&#x8457;&#x8005;</dt>
    <dd><a href="/author/1">Jo Doe</a></dd>
    <dt>&#x30DA;&#x30FC;&#x30B8;&#x6570;</dt>
    <dd><a href="javascript:void(0);"><span>258</span></a></dd>

    <dt>&#x914D;&#x4FE1;&#x958B;&#x59CB;&#x65E5;</dt>
    <dd>2019/3/5</dd>
</dl></div>
"""


@pytest.mark.parametrize(
    "body, expected",
    [
        (_SHOP, "2019-03-05"),
        ('<table class="specs"><tr><th>Published</th><td>March 5, 2019</td></tr></table>', "2019-03-05"),
        ("<dl><dt>Veröffentlicht:</dt>\n<dd>5. März 2019</dd></dl>", "2019-03-05"),
        (
            "<table><tbody><tr><td>Format</td><td>PDF</td></tr>"
            "<tr><td>Erscheinungsdatum</td><td>05.03.2019</td></tr></tbody></table>",
            "2019-03-05",
        ),
        ('<dl class="specs"><dt>Date de publication</dt><dd>5 mars 2019</dd></dl>', "2019-03-05"),
    ],
)
def test_a_date_given_as_a_labelled_value(body, expected):
    assert published(body) == expected


# labels of other days than the publication's, and a cell that only mentions publication (an
# update's day is the page's last resort, read by its own rule)
@pytest.mark.parametrize(
    "body",
    [
        "<table><tr><th>Event date</th><td>March 5, 2019</td></tr></table>",
        "<dl><dt>Deadline</dt><dd>2019-03-05</dd></dl>",
        "<dl><dt>Joined</dt><dd>March 5, 2019</dd></dl>",
        "<dl><dt>Registriert</dt><dd>05.03.2019</dd></dl>",
        "<table><tr><td>Published works of the author, 1990 to now</td><td>2019-03-05</td></tr></table>",
        # a longer row's first cell: a column's heading over a table's values, not one value's label
        "<table><tr><td>Released</td><td>2019-03-05</td><td>Version 2.1</td></tr></table>",
        # a label whose value is not beside it: the next term's, not its own
        "<dl><dt>Published</dt><dt>Deadline</dt><dd>2019-03-05</dd></dl>",
    ],
)
def test_no_date_from_another_label(body):
    assert published(body) is None


def test_the_head_s_publication_date_wins():
    head = '<meta property="article:published_time" content="2019-02-01T10:00:00+00:00">'
    body = "<dl><dt>Release date</dt><dd>March 5, 2019</dd></dl>"
    assert published(body, head)[:10] == "2019-02-01"
