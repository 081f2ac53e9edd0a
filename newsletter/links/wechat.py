"""What a WeChat official-account article (mp.weixin.qq.com) says of itself in its script's
variables, where other pages have <meta> tags: its head often has none of og:, its <title> is
empty and `#publish_time` is filled in by that script, so the account's name (the site its
readers know it by, "前端早读课") and the day it was published were nowhere else to be read."""

from __future__ import annotations

import datetime as dt
import html
import re

MARK = "var msg_title"  # every such article's script has it; a page without it is not read here
# var msg_title = 'Title'.html(false);  var nickname = htmlDecode("Name");  var ct = "1795739400";
_VARIABLE = re.compile(
    r"""\bvar\s+(msg_title|msg_desc|msg_cdn_url|nickname|ct)\s*=\s*(?:htmlDecode\(\s*)?(["'])((?:\\.|(?!\2).)*)\2"""
)
# the page's scripts, read in its source: the parser's lean copy of a long page has no script
# text, and a variable quoted in the page's own words (a post about WeChat) is not the page's
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_ESCAPE = re.compile(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|(.))")
_AS_TAG = {
    "msg_title": "og:title",
    "msg_desc": "og:description",
    "msg_cdn_url": "og:image",
    "nickname": "og:site_name",
    "ct": "article:published_time",
}
# The platform is China's, and its readers read the day in China's time: 00:30 there is still
# the day before in UTC
_CHINA = dt.timezone(dt.timedelta(hours=8))


def wechat_tags(source: str) -> dict[str, str]:
    """The article's facts from its script, as the <meta> tags that would say them."""
    tags: dict[str, str] = {}
    found = (v for script in _SCRIPT.findall(source) if MARK in script for v in _VARIABLE.findall(script))
    for name, _, quoted in found:
        # JavaScript's escapes, then the entities the platform writes in its strings ("&amp;")
        value = html.unescape(_ESCAPE.sub(_unescaped, quoted)).strip()
        if name == "ct":
            if not value.isdigit() or not 0 < int(value) < 2**32:
                continue
            value = dt.datetime.fromtimestamp(int(value), _CHINA).isoformat()
        if value:
            tags.setdefault(_AS_TAG[name], value)
    return tags


def _unescaped(match: re.Match) -> str:
    code = match[1] or match[2]
    return chr(int(code, 16)) if code else match[3]
