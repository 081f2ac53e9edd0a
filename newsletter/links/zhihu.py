"""What a Zhihu answer (zhihu.com/question/…/answer/…) or column article (zhuanlan.zhihu.com/p/…)
says of itself in its page's data, where other pages have <meta> tags: its head names the
question or the article and the site (og:title, 知乎) and no one who wrote it or when. The author
and times are in the JSON the page is rendered from, `<script id="js-initialData">`, under the
answer's or the article's id: the page holds others there too, each under its own."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from newsletter.formats.json_object import json_object
from newsletter.links.wechat import CHINA

MARK = 'id="js-initialData"'
_ANSWER_ID = re.compile(r"/answer/(\d{1,30})(?![\w-])")
_ARTICLE_ID = re.compile(r"^/p/(\d{1,30})(?![\w-])")  # (on zhuanlan.zhihu.com, a column's article)
# Each kind's entities and the keys of its times: an answer's createdTime, an article's created
_TIMES = {"answers": ("createdTime", "updatedTime"), "articles": ("created", "updated")}
_MOST = 16 << 20  # the data of a long answer with its neighbours is a few hundred KB


def answer_tags(source: str, url: str) -> dict[str, str]:
    """The answer's or article's author and times, as the <meta> tags that would say them; {}
    for a page that is no one's (a question's page lists many answers) or whose data does not
    hold it."""
    kind, item_id = _item(url)
    data = _initial_data(source) if item_id else None
    entities = (data or {}).get("initialState", {})
    entities = entities.get("entities", {}) if isinstance(entities, dict) else {}
    items = entities.get(kind) if isinstance(entities, dict) else None
    item = items.get(item_id) if isinstance(items, dict) else None
    if not isinstance(item, dict):
        return {}
    tags = {}
    author = item.get("author")
    # (an anonymous answer's author is "匿名用户", "anonymous user", with no address of their own)
    if isinstance(author, dict) and author.get("urlToken") and isinstance(author.get("name"), str):
        tags["article:author"] = author["name"]
    for key, tag in zip(_TIMES[kind], ("article:published_time", "article:modified_time"), strict=True):
        moment = item.get(key)
        if isinstance(moment, int) and not isinstance(moment, bool) and 0 < moment < 2**32:
            tags[tag] = dt.datetime.fromtimestamp(moment, CHINA).isoformat()  # the day its readers saw
    return tags


def _item(url: str) -> tuple[str, str | None]:
    """The entities a page of `url` is one of, and its id there (None for no one's page)."""
    parts = urlsplit(url)
    if (parts.hostname or "").lower() == "zhuanlan.zhihu.com" and (found := _ARTICLE_ID.match(parts.path)):
        return "articles", found[1]
    found = _ANSWER_ID.search(url)
    return "answers", found[1] if found else None


def china_time(date: str | None) -> str | None:
    """An answer's microdata time (dateCreated, as JavaScript's toISOString writes it: UTC,
    "2024-11-26T23:30:00.000Z", or the same without its Z) in China's time, where its readers
    read it: the UTC day was a day early for anything written before 08:00 there."""
    try:
        moment = dt.datetime.fromisoformat(date or "")
    except ValueError:
        return None
    if len(date or "") <= 10:  # a day alone says no time to move
        return None
    try:
        return moment.replace(tzinfo=moment.tzinfo or dt.UTC).astimezone(CHINA).isoformat()
    except OverflowError:  # "9999-12-31T23:30:00Z", eight hours from the last day there is
        return None


def _initial_data(source: str) -> dict | None:
    """The JSON of the page's js-initialData script: after its start tag, up to its end tag."""
    at = source.find(MARK)
    start = source.find(">", at) + 1 if at >= 0 else 0
    end = source.find("</script", start) if start else -1
    if end < 0 or end - start > _MOST:
        return None
    return json_object(source[start:end])
