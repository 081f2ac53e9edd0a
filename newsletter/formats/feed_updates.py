"""When a feed's item last changed: Atom's `<updated>` and JSON Feed's `date_modified`.

A feed reader shows an item again, or marks it changed, by its `updated` (RFC 4287 4.2.15:
"the most recent instant in time when an entry … was modified in a way the publisher considers
significant"). Every item said its `published` there, so a note edited after its edition went
out reached no reader that goes by it (new user 56's readers follow him by feed alone).

The feed as last written is the record of what readers were given: an item whose content is
what the feed's JSON file holds keeps the time it says (its `published`, unless it changed
before), and one whose content differs is changed now. So a build with nothing changed writes
the feed byte for byte as it was, on this machine or in a fresh clone of the site (the feeds
are in the site's `static/`, committed with it), and an edit moves the one item it changed.

An item that leaves a feed (an edition pushed out of the size-capped editions feed by a big one,
back once that is rebuilt smaller) is remembered there, if it had changed, under the extension
"_left": coming back unchanged, it keeps its `updated`, where it showed its `published` again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from newsletter.files import derived
from newsletter.formats import code_frame, feeds
from newsletter.formats.json_object import json_object
from newsletter.workspace import regular_bytes

# Far more than the feeds hold ([site] feed_length entries, the editions' HTML capped at
# feed_editions_kb, the newest whatever it weighs): a larger file is no feed of ours.
LARGEST_FEED = 256 * 1024 * 1024
LEFT_KEPT = 1000  # items remembered out of a feed, the latest changed: a log's editions of decades


def stamped(made: dict[str, feeds.Feed], folder: Path, timezone: str):
    """Each of the feeds `made` by name, its items given their `updated`: as the feed's JSON Feed in
    `folder` (NAME.json) says it, for an item unchanged since; now, in `timezone` (never before
    its `published`), for one whose content changed; none for an item new to the feed."""
    now = dt.datetime.now(ZoneInfo(timezone)).replace(microsecond=0)
    for name, feed in made.items():
        before, left = _items(folder / f"{name}.json")
        for item in feed.items:
            if (old := before.get(item.id)) is None:
                _came_back(item, left.get(item.id), now)
                continue
            given = old.get("date_modified")
            item.updated = None  # (so its JSON is as the one written, but for that date)
            said = {key: _as_now(key, value) for key, value in old.items() if key != "date_modified"}
            if feeds.json_item(item) != said:
                item.updated = max(now, item.published)
            elif (moment := _moment(given)) is not None and moment >= item.published:
                item.updated = moment  # (never before it was published: a hand edit, said as none)
        feed.left = _left_now(feed, before, left)
        yield name, feed


def _came_back(item: feeds.FeedItem, gone: object, now: dt.datetime) -> None:
    """An item new to the feed that was in it and had changed (`gone`, as "_left" keeps it):
    its updated as it was, if its content is as it was then; changed since, now."""
    if not isinstance(gone, dict) or (moment := _moment(gone.get("date_modified"))) is None:
        return
    item.updated = None
    if _content(feeds.json_item(item)) != gone.get("content"):
        item.updated = max(now, item.published)
    elif moment >= item.published:
        item.updated = moment


def _left_now(feed: feeds.Feed, before: dict[str, dict], left: dict[str, dict]) -> dict[str, dict]:
    """What "_left" keeps after this build: the items that had changed and are out of the feed now."""
    here = {item.id for item in feed.items}
    kept = {key: gone for key, gone in left.items() if key not in here}
    for key, old in before.items():
        if key not in here and _moment(given := old.get("date_modified")) is not None and _writable(key):
            said = {name: _as_now(name, value) for name, value in old.items() if name != "date_modified"}
            kept[key] = {"date_modified": given, "content": _content(said)}
    latest = sorted(kept, key=lambda key: str(kept[key].get("date_modified")), reverse=True)[:LEFT_KEPT]
    return {key: kept[key] for key in latest}


def _content(item: dict) -> str:
    """An item's JSON (without its date_modified) as a digest: what "_left" compares."""
    # (surrogatepass: a lone surrogate a hand edit wrote as "\\ud800" is digested, not a traceback)
    text = json.dumps(item, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _as_written(key: str, gone: object) -> bool:
    """Whether a "_left" entry is one as _left_now writes it: its time and its content's digest,
    under an id UTF-8 can write. A feed edited by hand, or pulled from someone else's clone, had
    whatever its "_left" held written back into the public feed, build after build, and a lone
    surrogate ("\\ud800", which JSON reads) in it ended the build in a UnicodeEncodeError (attack 34)."""
    return (
        isinstance(gone, dict)
        and gone.keys() == {"date_modified", "content"}
        and _moment(gone["date_modified"]) is not None
        and isinstance(content := gone["content"], str)
        and _DIGEST.fullmatch(content) is not None
        and _writable(key)
    )


_DIGEST = re.compile(r"[0-9a-f]{64}")


def _writable(text: str) -> bool:
    """Whether UTF-8 can write `text` (no lone surrogate)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _as_now(key: str, value: object) -> object:
    """An item's value as the feed last written said it, in the form this version writes it: a
    code block in the email's frame, as the feeds carried it before code_frame.unframed, is the
    same content (its item was no more changed by that than by any build)."""
    return code_frame.unframed(value) if key == "content_html" and isinstance(value, str) else value


def _items(path: Path) -> tuple[dict[str, dict], dict[str, dict]]:
    """The items of the JSON Feed at `path` by id, and those it keeps as left ("_left"); none
    where it is missing or is no feed of ours."""
    try:
        status = os.stat(path)
    except OSError:
        return {}, {}
    return derived(str(path), status, _read)


def _read(name: str) -> tuple[dict[str, dict], dict[str, dict]]:
    # A regular file only, of a size a feed of ours has: a FIFO by its name (a sync tool's) held
    # every build waiting for a writer, and a link to /dev/zero would be read until memory ran out.
    data = json_object(regular_bytes(name, LARGEST_FEED))
    items = data.get("items") if data else None
    if not isinstance(items, list):
        return {}, {}
    left = data.get("_left")
    left = {key: gone for key, gone in left.items() if _as_written(key, gone)} if isinstance(left, dict) else {}
    return {item["id"]: item for item in items if isinstance(item, dict) and isinstance(item.get("id"), str)}, left


def _moment(text: object) -> dt.datetime | None:
    """A time the feed wrote, with its zone; none for anything else (a hand edit). An offset of
    seconds is none either: Python reads "+01:00:30" and writes it back, no RFC 3339 time, and
    the Atom feed's <updated> holding it was refused by the W3C validator (review 35). Nor is a
    time after tomorrow (a day for a clone's clock ahead of this one's): "9999-12-31T23:59:59Z"
    was every later build's <updated> of the item and of the feed (attack 35)."""
    try:
        moment = dt.datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None
    offset = moment and moment.utcoffset()
    if offset is None or offset % dt.timedelta(minutes=1):
        return None
    return moment if moment <= dt.datetime.now(dt.UTC) + dt.timedelta(days=1) else None
