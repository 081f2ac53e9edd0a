"""The site's name a page gives only after its <title>'s last separator, where no tag names the
site (og:site_name and the like) to cut the title by: "Why X | Linguistics blog", "ทำไม… |
บล็อกภาษาศาสตร์". `new` wrote such a title whole into the entry, the blog's name and all.

The part after the separator is the site's name, and not the end of a title that holds a "|",
only when the page says so twice: its story's <h1> says the rest of the title word for word,
without that part (nor a section's name before it: "… | News | The Harvard Crimson"); and the
page shows that part where every page of the site does (its header, footer or menus, or a link
to its front page), or its host spells its words ("Linguistics blog" at linguisticsblog.example).
A title the <h1> says whole, or a part shown nowhere else, stays.
"""

from __future__ import annotations

import re
import unicodedata

from newsletter.links import urls
from newsletter.links.headline import logos_only, says
from newsletter.links.site_parts import menu_lines, shared_lines
from newsletter.links.values import SEPARATOR, TITLE_READ, clean_text, norm_name

_MOST_WORDS = 6  # a site's name: "Notes from the Data Lab"; more is a subtitle
_SECTION_WORDS = 2  # a section's between the title and the site's name: "| Opinion |", "| Science |"


def site_after_title(page) -> list[str]:
    """The site's name after the last separator of `page`'s <title>, told as above, and the
    section's name before it, if any ("… | News | The Harvard Crimson"); else none."""
    title = clean_text(page.title[:TITLE_READ]) if page.title else None
    separators = list(SEPARATOR.finditer(title)) if title and page.marks else []
    if not separators or ":" in separators[-1].group():  # "Title: its subtitle" is one title
        return []
    name = title[separators[-1].end() :].strip()
    if not name or len(name.split()) > _MOST_WORDS:
        return []
    headings = [h1 for h1 in page.marks if not logos_only([h1])]
    named = [name]
    if len(separators) >= 2 and ":" not in separators[-2].group():
        section = title[separators[-2].end() : separators[-1].start()].strip()
        if len(section.split()) <= _SECTION_WORDS and says(headings, title[: separators[-2].start()]):
            named.append(section)
    if len(named) == 1 and not says(headings, title[: separators[-1].start()]):
        return []
    return named if _spelled_by_host(name, page.url) or _shown_around(page, name) else []


def _spelled_by_host(name: str, url: str) -> bool:
    """Whether the host spells `name`'s words: as its labels ("Linguistics blog" at
    blog.linguistics.example or linguistics-blog.example) or run together in one
    (linguisticsblog.example). Whole labels only: a word found anywhere in the host took the
    end of "Yes | No" at notes.example ("no") and of "Reading list - Me" at someone.example."""
    labels = {_folded(label) for label in re.split(r"[.-]", urls.host(url).rsplit(".", 1)[0])}
    words = [_folded(word) for word in name.split()]
    return all(words) and (all(word in labels for word in words) or "".join(words) in labels)


def _folded(text: str) -> str:
    """`text`'s letters and digits only, without accents, case-folded: "Linguística" is linguistica."""
    return norm_name("".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)))


def _shown_around(page, name: str) -> bool:
    """Whether `name` is a line of the page's header or footer, or a link to its front page. Not
    a line of a menu or a sidebar alone: those list a series' parts ("Building a compiler - Part
    2", its sidebar "Part 1, Part 2, ..."), a glossary's letters ("Glossary - Z") or sections,
    each a title's own end."""
    tree, key = page.tree, norm_name(name)
    if tree is None or not key:
        return False
    if key in {norm_name(line) for line in shared_lines(tree)} - {norm_name(line) for line in menu_lines(tree)}:
        return True
    origin = re.match(r"https?://[^/?#\"\\\s]+", page.url or "")
    homes = ['a[href="/"]'] + ([f'a[href="{origin[0]}/"]', f'a[href="{origin[0]}"]'] if origin else [])
    return any(norm_name(link.text(deep=True)) == key for link in tree.css(", ".join(homes)))
