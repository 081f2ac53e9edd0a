"""What a Zhihu answer (zhihu.com/question/…/answer/…) says of itself in its page's data, where
other pages have <meta> tags: its head names the question and the site (og:title, 知乎) and no
one who wrote the answer or when. The answer's author and times are in the JSON the page is
rendered from, `<script id="js-initialData">`, under the answer's id: the page holds other
answers there too, each under its own."""

from __future__ import annotations

import datetime as dt
import re

from newsletter.formats.json_object import json_object
from newsletter.links.wechat import CHINA

MARK = 'id="js-initialData"'
_ANSWER_ID = re.compile(r"/answer/(\d{1,30})(?![\w-])")
_MOST = 16 << 20  # the data of a long answer with its neighbours is a few hundred KB


def answer_tags(source: str, url: str) -> dict[str, str]:
    """The answer's author and times, as the <meta> tags that would say them; {} for a page that
    is no answer's (a question's page lists many, no one's) or whose data does not hold it."""
    answer_id = _ANSWER_ID.search(url)
    data = _initial_data(source) if answer_id else None
    entities = (data or {}).get("initialState", {})
    entities = entities.get("entities", {}) if isinstance(entities, dict) else {}
    answers = entities.get("answers") if isinstance(entities, dict) else None
    answer = answers.get(answer_id[1]) if isinstance(answers, dict) else None
    if not isinstance(answer, dict):
        return {}
    tags = {}
    author = answer.get("author")
    # (an anonymous answer's author is "匿名用户", "anonymous user", with no address of their own)
    if isinstance(author, dict) and author.get("urlToken") and isinstance(author.get("name"), str):
        tags["article:author"] = author["name"]
    for key, tag in (("createdTime", "article:published_time"), ("updatedTime", "article:modified_time")):
        moment = answer.get(key)
        if isinstance(moment, int) and not isinstance(moment, bool) and 0 < moment < 2**32:
            tags[tag] = dt.datetime.fromtimestamp(moment, CHINA).isoformat()  # the day its readers saw
    return tags


def _initial_data(source: str) -> dict | None:
    """The JSON of the page's js-initialData script: after its start tag, up to its end tag."""
    at = source.find(MARK)
    start = source.find(">", at) + 1 if at >= 0 else 0
    end = source.find("</script", start) if start else -1
    if end < 0 or end - start > _MOST:
        return None
    return json_object(source[start:end])
