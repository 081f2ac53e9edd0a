"""A feed fetched from the web that declares XML entities ("billion laughs") is not read: a
clear reason for that one feed, nothing expanded, whichever expat the system has."""

import pytest

from newsletter.errors import NewsletterError
from newsletter.importers.feeds import parse_feed
from newsletter.links import feed_parser

_ENTITIES = '<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{n} "' + f"&lol{n - 1 if n > 1 else ''};" * 10 + '">' for n in range(1, 10)
)
LAUGHS = (
    f'<?xml version="1.0"?><!DOCTYPE rss [{_ENTITIES}]><rss version="2.0"><channel><title>&lol9;</title>'
    "<item><title>x</title><link>https://example.org/1</link></item></channel></rss>"
)


@pytest.mark.parametrize("codec", ["utf-8", "utf-16"])
def test_a_feed_declaring_entities_is_not_read(codec):
    body = (
        LAUGHS.encode(codec)
        if codec == "utf-8"
        else LAUGHS.replace('"1.0"?>', '"1.0" encoding="utf-16"?>').encode(codec)
    )
    parsed = feed_parser.parse(body)
    assert parsed.bozo and isinstance(parsed.bozo_exception, feed_parser.DeclaresEntities)
    assert parsed.entries == []


def test_importing_such_a_feed_says_why_in_one_line():
    with pytest.raises(NewsletterError) as raised:
        parse_feed(LAUGHS.encode(), "https://example.org/feed.xml")
    message = str(raised.value.message)
    assert "https://example.org/feed.xml" in message and "declares XML entities" in message
    assert "\n" not in message


def test_a_feed_that_only_mentions_entities_is_read():
    body = LAUGHS.replace(f"<!DOCTYPE rss [{_ENTITIES}]>", "").replace("&lol9;", "On &amp;lt;!ENTITY&amp;gt;")
    assert len(feed_parser.parse(body.encode()).entries) == 1
