"""An edition's key read by itself (formats/edition_keys.py): the one place that tells a year's
key from a month's or a week's, which four modules told three ways."""

import pytest

from newsletter.formats.edition_keys import is_year
from newsletter.models import Period


@pytest.mark.parametrize("text", ["2021", "2021-02", "2020-W28", "0002", "9998-12"])
def test_a_key_is_a_year_exactly_when_its_period_is(text):
    period = Period.parse(text)
    assert is_year(period.key) is (period.kind == "year")


@pytest.mark.parametrize("key", ["202", "20210", "２０２１", "2021\n", " 2021", "", "last"])
def test_nothing_else_is_a_year(key):
    """Full-width digits passed both str.isdigit() (commands/said_once.py's way) and the \\d of
    the others' regex; no key is written with them."""
    assert not is_year(key)


def test_a_years_edition_is_made_by_review():
    assert (Period.maker("2021"), Period.maker("2021-02")) == ("newsletter review 2021", "newsletter build 2021-02")
