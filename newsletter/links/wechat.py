"""What a WeChat official-account article (mp.weixin.qq.com) says of itself in its script's
variables, where other pages have <meta> tags: its head often has none of og:, its <title> is
empty and `#publish_time` is filled in by that script, so the account's name (the site its
readers know it by, "前端早读课") and the day it was published were nowhere else to be read."""

from __future__ import annotations

import datetime as dt
import html
import re

MARK = "var msg_title"  # every such article's script has it; a page without it is not read here
HOST = "mp.weixin.qq.com"  # where the articles are; a page elsewhere with such a script is not one
# What WeChat serves in an article's place to a client it does not trust, with 200 OK: a page
# headed 环境异常 ("unusual environment": verify to go on) or 访问过于频繁 ("too many visits"),
# whose script has no article's variables
_CHECKPOINTS = ("环境异常", "访问过于频繁")
_HEADING = re.compile(r"<h[1-3]\b[^<>]{0,300}>\s*([^<]{1,200}?)\s*</h[1-3]>", re.IGNORECASE)
# var msg_title = 'Title'.html(false);  var nickname = htmlDecode("Name");  var ct = "1795739400";
_VARIABLE = re.compile(
    # (a string on one line, as JavaScript's are, and not a page long: an unclosed quote is
    # not followed to the script's end, from each of thousands)
    # A statement of the script: at a line's start or after a ';', '{' or '}', not inside a
    # string of its data ("<pre><code>var msg_title = …", an article about WeChat's pages in a
    # Zhihu or Juejin page's JSON)
    r"""(?:^|(?<=[;{}]))[ \t]*var\s+(msg_title|msg_desc|msg_cdn_url|nickname|ct)\s*=\s*(?:htmlDecode\(\s*)?(["'])"""
    r"""((?:\\[^\n]|(?!\2)[^\\\n]){0,4000})\2""",
    re.MULTILINE,
)
# the page's scripts, read in its source: the parser's lean copy of a long page has no script
# text, and a variable quoted in the page's own words (a post about WeChat) is not the page's.
# Split at each end tag, the text after the last start tag before it: one pass, where a pattern
# spanning start to end scanned the rest of a page of unclosed <script>s from each of them
_SCRIPT_END = re.compile(r"</script", re.IGNORECASE)
_SCRIPT_START = re.compile(r"<script\b[^<>]{0,1000}>", re.IGNORECASE)
_ESCAPE = re.compile(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|u\{([0-9a-fA-F]{1,6})\}|(.))")
# JavaScript's one-letter escapes: "\n" is a line break, not an "n" (a description's two lines
# were read "第一行n第二行"); any other escaped character is itself ("\'" is ')
_LETTER = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_AS_TAG = {
    "msg_title": "og:title",
    "msg_desc": "og:description",
    "msg_cdn_url": "og:image",
    "nickname": "og:site_name",
    "ct": "article:published_time",
}
# What an article's head says where its script says better: every article's og:site_name is the
# platform's name, not its account's, and its description has the script's escapes undecoded
# ("第一行\x0d\x0a第二行"): every article's site read 微信公众平台 where its head had them.
PLATFORM = "微信公众平台"
_RAW_ESCAPE = re.compile(r"\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}")
# The platform is China's, and its readers read the day in China's time: 00:30 there is still
# the day before in UTC
CHINA = dt.timezone(dt.timedelta(hours=8))


def wechat_tags(source: str) -> dict[str, str]:
    """The article's facts from its script, as the <meta> tags that would say them."""
    tags: dict[str, str] = {}
    found = []
    for script in (script for script in _scripts(source) if MARK in script):
        said = _VARIABLE.findall(script)
        if any(name == "msg_title" for name, _, _ in said):  # the article's own script: its title a statement
            found += said
    for name, _, quoted in found:
        # JavaScript's escapes, then the entities the platform writes in its strings ("&amp;")
        value = html.unescape(_whole_characters(_ESCAPE.sub(_unescaped, quoted))).strip()
        if name == "ct":
            # (ASCII digits: isdigit() is true of '²', which int() refuses, and the whole page
            # went unread over one character of its script)
            if not (value.isascii() and value.isdigit()) or not 0 < int(value) < 2**32:
                continue
            value = dt.datetime.fromtimestamp(int(value), CHINA).isoformat()
        if value:
            tags.setdefault(_AS_TAG[name], value)
    return tags


def checkpoint(source: str) -> str | None:
    """The heading of WeChat's verification page, where a page of mp.weixin.qq.com is one (it
    would be the link's title, "环境异常"); None for an article, or any other page."""
    if MARK in source:
        return None
    for heading in _HEADING.finditer(source[:200_000]):
        if heading[1].startswith(_CHECKPOINTS):
            return heading[1]
    return None


def before_head(key: str, head: list[str]) -> bool:
    """Whether a script's value of tag `key` goes before the values the page's head gave it."""
    if key == "og:site_name":
        return all(said.strip() == PLATFORM for said in head)
    return key == "og:description" and any(_RAW_ESCAPE.search(said) for said in head)


def _unescaped(match: re.Match) -> str:
    code = match[1] or match[2] or match[3]
    return chr(min(int(code, 16), 0x10FFFF)) if code else _LETTER.get(match[4], match[4])


def _whole_characters(text: str) -> str:
    """An emoji escaped as JavaScript writes it, a pair of UTF-16 halves ("\\ud83d\\ude00"), as
    the one character it is: read as two halves, no character UTF-8 can write, a saved page's
    title (meta --html) lost its emoji, and a fetched one's came back whole only because the
    reader's JSON answer joins them. A half without its other is U+FFFD."""
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _scripts(source: str):
    """The text of each <script> of the page's source."""
    for chunk in _SCRIPT_END.split(source)[:-1]:
        starts = [start.end() for start in _SCRIPT_START.finditer(chunk)]
        if starts:
            yield chunk[starts[-1] :]  # the last start tag's: the one this end tag closes
