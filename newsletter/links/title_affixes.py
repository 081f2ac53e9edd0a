"""The site's and section's names that a title carries after a separator `strip_site_affix`
does not read: Chinese sites' "Title_Section_Site" ("…人工智能迈上新台阶_科技_腾讯网",
"…_教育频道_中国青年网", Bilibili's "…_哔哩哔哩_bilibili"), a site and then its section
("… - BBC中文网 - 两岸三地"), and a site's name with its reading in brackets ("… | TECH+（テックプラス）").

A part goes only when it is shaped like a name and not a phrase: a site's name or one that
starts with it ("BBC中文网" at bbc.com), a section's one or two words, CJK parts of up to six
characters, two or more of them or one naming the site. A title's own underscores in Latin
text ("file_name", "snake_case") never count.
"""

from __future__ import annotations

import re

from newsletter.links.values import SEPARATOR, norm_name

_CJK = r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]"
# An underscore between CJK text and what follows: "新台阶_科技_腾讯网", "很严重 _探索者 _光明网"
_CJK_UNDERSCORE = re.compile(rf"(?<={_CJK})\s*_\s*(?=\S)|(?<={_CJK}\s)_\s*(?=\S)")
_CJK_NAME = re.compile(rf"{_CJK}{{2,6}}")
_CJK_ADDED = re.compile(rf"{_CJK}{{0,3}}")  # "中文网", "Chinese web": the site's edition
# What a Chinese site's name ends with: "net", "encyclopedia", "paper", "news", "channel"...
_SITE_WORD = re.compile(r"(?:网|網|百科|报|報|新闻|新聞|频道|頻道|在线|社区|论坛|博客)$")
# A name's reading or translation after it: "TECH+（テックプラス）", "Heise (c't)"
_READING = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")


def strip_named_parts(title: str, keys: set[str]) -> str:
    """`title` without a trailing chain of CJK section and site names, nor a site's name (with
    its reading, or a section after it) after its last separator."""
    marks = list(_CJK_UNDERSCORE.finditer(title))
    cut = len(marks)
    while cut and (
        _CJK_NAME.fullmatch(
            part := title[marks[cut - 1].end() : marks[cut].start() if cut < len(marks) else None].strip()
        )
        # the chain may end in the site's name in Latin letters: Bilibili's "…_哔哩哔哩_bilibili"
        or cut == len(marks)
        and _names_site(part, keys)
    ):
        cut -= 1
    # one part alone is a site only if it names the site or says it is one ("_百度百科"):
    # "东京_大阪" (Tokyo_Osaka), "我的日记_第一天" (My diary_Day one) are the title's own
    last = title[marks[cut].end() :].strip() if cut < len(marks) else ""
    if len(marks) - cut >= 2 or last and (_names_site(last, keys) or _SITE_WORD.search(last)):
        title = title[: marks[cut].start()].strip()
    parts = SEPARATOR.split(title)
    if len(parts) >= 3 and _names_site(parts[-2], keys) and _is_section(parts[-1]):
        return title[: _start_of(title, len(parts) - 2)].strip()
    if len(parts) >= 2 and (_names_site(parts[-1], keys) or _host_in_name(parts[-1], keys)):
        return title[: _start_of(title, len(parts) - 1)].strip()
    return title


def _host_in_name(part: str, keys: set[str]) -> bool:
    """A paper's name that ends with its host's: "Die Neue Südtiroler Tageszeitung" at
    tageszeitung.it, "Berliner Morgenpost" at morgenpost.de. Every word capitalised, as a name
    is: a subtitle ("Ein Besuch bei der Tageszeitung") is not."""
    words = part.split()
    return (
        2 <= len(words) <= 5
        and len(last := norm_name(words[-1])) >= 5
        and last in keys
        and all(word[:1].isupper() for word in words)
    )


def _start_of(title: str, index: int) -> int:
    """Where the separator before part `index` starts."""
    return list(SEPARATOR.finditer(title))[index - 1].start()


def _names_site(part: str, keys: set[str]) -> bool:
    """The site's name, with its reading in brackets, or a name that starts with it and adds a
    few letters: "BBC中文网" at bbc.com, "TECH+（テックプラス）" for "TECH+". A short name
    counts only as itself: DW's "… | DW | 28.04.2023", not a word that starts with "dw"."""
    key = norm_name(_READING.sub("", part))
    return bool(key) and (
        key in keys or any(len(k) >= 3 and key.startswith(k) and _CJK_ADDED.fullmatch(key[len(k) :]) for k in keys)
    )


def _is_section(part: str) -> bool:
    """A section's name: one or two words, or up to six CJK characters."""
    return len(part.split()) <= 2 and len(part) <= 20 or bool(_CJK_NAME.fullmatch(part.strip()))
