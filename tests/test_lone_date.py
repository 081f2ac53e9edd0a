"""The day a page shows as a line of its own and nothing else (issue 11): a press release's
date at the foot of its text, where no head tag, dateline or label gives one. Only when the
page shows one such day: a list of stories, or a post and its comments, shows several. (Under
a heading that says the page's title, the headline's rules judge the dates alone: the sidebar's,
the comment's and the far line's dates in test_extract_body.py stay unread.)"""

from __future__ import annotations

import pytest

from newsletter.links.extract import extract_metadata

URL = "https://www.example.co.jp/news/201903/keyboard/index.html"

# a maker's press release, laid out in tables as served: its title in a paragraph (no heading
# says it), the text, the date last
_RELEASE = """
<table width="100%" border="0"><tbody>
  <tr><td><p class="section-title">Keyboards with quieter keys</p></td></tr>
  <tr><td>
    <table><tbody>
      <tr><td><p>We announce a new range of keyboards.</p></td></tr>
      <tr><td><p>They come in three colours, with keys a third quieter.</p></td></tr>
      <tr><td><p>Prices start at 3,980 yen; the range ships in 250 shops.</p></td></tr>
    </tbody></table>
  </td></tr>
  <tr>
    <td align="right">
      <p class="section-last">{date}</p>
    </td>
  </tr>
</tbody></table>
"""


def published(body: str) -> str | None:
    head = "<title>Keyboards with quieter keys | Example</title>"
    html = f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"
    return extract_metadata(html, URL).published


@pytest.mark.parametrize("date", ["2019.03.05", "2019/03/05 10:00", "March 5, 2019", "Tue, 05.03.2019"])
def test_a_day_on_a_line_of_its_own(date):
    assert published(_RELEASE.format(date=date)) == "2019-03-05"


@pytest.mark.parametrize(
    "foot",
    [
        # two days shown alone: a list of other releases, each with its day
        '2019.03.05</p><ul><li><a href="/a">Mice</a> <span>2019.02.11</span></li></ul><p>',
        # a day told of in a sentence: what the text is about, not the page's day
        "Available from 5 March 2019 in every shop",
    ],
)
def test_no_day_when_it_is_not_alone(foot):
    assert published(_RELEASE.format(date=foot)) is None


@pytest.mark.parametrize(
    "foot",
    [
        # a label says whose day it is, and such lines have their own readers (an update's,
        # links/updated.py): an event's day, a deadline
        "Termin: 20.07.2024",
        "Deadline: March 5, 2019",
    ],
)
def test_no_day_from_a_labelled_line(foot):
    assert published(_RELEASE.format(date=foot)) is None


@pytest.mark.parametrize(
    "site",
    [
        # the site's top bar showing the day it was served, its footer's print stamp
        '<header id="top"><p>Tuesday, 1 December 2026</p></header>',
        '<div id="footer"><p>01.12.2026</p></div>',
    ],
)
def test_no_day_from_the_sites_header_or_footer(site):
    assert published(site + _RELEASE.format(date="")) is None
