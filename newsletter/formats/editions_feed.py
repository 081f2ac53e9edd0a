"""The editions feed: one item per edition, each in full, as its build record keeps it (an
emailed edition's as it was sent: publish's `as_sent`)."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from collections.abc import Callable

from newsletter.config import Settings
from newsletter.formats import code_frame, feeds, language_tag, wording
from newsletter.formats.name_in_title import listed_as
from newsletter.formats.site import WEB_DIR

Reader = Callable[[str], tuple[list[dict], dict[str, str]]]  # a record's path -> its items, intro and outro


def item_language(item: dict, key: str = "title_language") -> str:
    """A record's item's title_language (or `language`, the entry's own), if it is a language
    tag (records are files: read, not trusted)."""
    found = item.get(key)
    return found if isinstance(found, str) and not language_tag.problem(found) else ""


def _lang_attribute(item: dict) -> str:
    """An edition's heading's lang (in the edition's language): the fetched title's, else the entry's own."""
    language = item_language(item) or item_language(item, "language")
    return f' lang="{language}"' if language else ""  # a tag: nothing to escape


def _writers(author: str, entries: list[dict]) -> list[str]:
    """An edition's authors: the newsletter's, then each name its entries' notes are signed by
    (`by:`) that it does not hold already: Priya and Tom's edition (new user 53), whose author
    was "Priya Shah", named her alone in feed readers, where Tom wrote half its notes."""
    names = [author] if author else []
    for item in entries:
        by = item.get("by")
        for name in by if isinstance(by, list) else ():  # (records are files: read, not trusted)
            name = name.strip() if isinstance(name, str) else ""
            if name and not any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", other, re.I) for other in names):
                names.append(name)
    return names


def editions_feed(settings: Settings, records: list[dict], base: str, full: Reader) -> feeds.Feed:
    """The latest `feed_editions` editions, each read in full by `full`. An item's id, address
    and date are its page's and its first publication's: the same at every build (feed readers);
    an emailed edition's subject and date as it went out (its record's summary says them).

    Older editions stop at `feed_editions_kb` of their HTML, the newest always in: new user 55's
    (Hiro's) months of 150 entries weigh 270 KB each, and ten made a feed of 2.9 MB, which feed
    readers fetch again every hour or so and some refuse whole (goread's limit is 2 MiB)."""
    items = []
    budget, size = settings.site.feed_editions_kb * 1024, 0
    for record in records[: settings.site.feed_editions]:  # every edition in full: the latest few
        page = f"{base}{WEB_DIR}/{record['period']}/"
        entries, words = full(record["path"])
        body = words["intro"] + "".join(
            f'<h2{_lang_attribute(i)}><a href="{html_lib.escape(i.get("link") or i.get("url") or page, quote=True)}">'
            f"{html_lib.escape(i['title'])}"
            f"</a></h2>{i['html']}"
            for i in entries
        )
        body = code_frame.unframed(body + words["outro"])  # (the email's frame around code is the email's)
        size += len(body.encode("utf-8"))
        if items and size > budget:
            break
        if record.get("kind") == "year":  # its numbers and charts are on its page, not in the record
            body += (
                f'<p><a href="{html_lib.escape(page, quote=True)}">'
                + html_lib.escape(wording.Wording(settings.language, settings.wording)("year_with_charts"))
                + "</a></p>"
            )
        items.append(
            feeds.FeedItem(
                id=page,
                url=page,
                # (a feed reader shows the feed's name, the newsletter's, above each: not again in each)
                title=listed_as(record.get("subject") or record["period"], record.get("title") or "", settings.name),
                html=body,
                published=dt.datetime.fromisoformat(record["published"]),
                authors=_writers(settings.author, entries),
            )
        )
    return feeds.Feed(
        settings.name,
        # Its page is the index of editions, which lists what it carries: a reader clicking the
        # feed's title (Atom's alternate link, JSON Feed's home_page_url) landed on the blog.
        f"{base}{WEB_DIR}/",
        "",
        settings.author,
        items,
        wording.Wording(settings.language, settings.wording)("feed_editions_description"),
        settings.language,
    )
