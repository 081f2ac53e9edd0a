"""Authors written in the page body: the byline a reader sees under the headline.

Publishing platforms mark bylines in a handful of ways, and `BYLINE_NODES` asks for all of
them in the one walk over the tree that `extract.read_page` makes:

- WordPress: `<span class="byline">by <span class="author vcard"><a rel="author" ...>`;
  Blogger: `<span class="post-author vcard">Posted by <span class="fn">...`; Ghost:
  `.gh-article-author-name a[href*="/author/"]`; Substack and Medium: links to the author's
  page (`/@handle`); news sites: `.byline`, `.author`,
  `p.story-meta__authors` with "By A, B and C"; German and French blogs: "Von ...", "Par ...".
- links to an author page (`/author/`, `/staff/`, `/writer/`, `/@handle`, and the German and
  French sites' `/autor/`, `/autoren/`, `/auteur/`).

The first byline after the page's `<h1>` wins (then the first before it): later ones belong
to related stories, comments and author boxes. Its text is cut at the date or separator that
usually follows the names, split into names, and every name must look like a person's.
"""

from __future__ import annotations

import re

from newsletter.formats.language_tag import may_hold_right_to_left
from newsletter.links.caseless import Caseless, Words
from newsletter.links.people import CJK_JOBS, clean_person, is_job_title, is_organisation
from newsletter.links.values import SURNAME_PARTICLES, dedupe

# Few alternatives on purpose: each one costs a few percent of a parse on every page.
BYLINE_NODES = (
    # ("aut": "author", and French, German, Spanish and Italian themes' "auteur", "autor", "autore",
    # in one alternative; _is_byline leaves out the "autoplay"s it also finds)
    'h1, [rel~="author"], [class*="byline" i], [class*="aut"], a[href*="/author"],'
    ' a[href*="/staff/"], a[href*="/writer"], a[href*="/@"], a[href*="/auteur"], a[href*="/autor"]'
)
_NOT_BYLINE = Caseless(  # (searched in every candidate's class list, some 150 characters long)
    r"comment|avatar|bio|about|image|photo|caption|credit|related|more-|"
    r"recommend|popular|footer|widget|share|social|follow|tweet|embed|quote"
)
# Class names (whole tokens) of boxes around other people's names: "comment-list",
# "related-posts", "author-bio", "sidebar" (but not a layout's "has-right-sidebar-300",
# nor a state flag saying the box is absent: the Washington Post's byline line is
# `<div class="pb-sig-line hasnt-headshot hasnt-bio">`).
_OTHER_BOX = re.compile(
    r"(?:^|\s)(?:comment|related|recommend)[\w-]*"
    r"|(?:^|\s)(?!(?:has|hasnt|has-no|no|without)-)(?:sidebar|widget|popular|promo|bio|[\w-]+-bio)(?:\s|$)",
    re.I,
)
# A word _OTHER_BOX's class names all hold: asked first, since most class lists hold none and
# the whole pattern, case-insensitive with its lookahead, took 22 µs on a 150-character list
_OTHER_BOX_WORDS = Words("comment", "related", "recommend", "sidebar", "widget", "popular", "promo", "bio")
# Blogger puts the posts themselves in a widget: `<div class="widget Blog" id="Blog1">`
_POSTS_WIDGET = re.compile(r"(?:^|\s)Blog(?:\s|$)")
# "by" in the languages it leads a byline in: Hebrew's מאת, Thai's โดย and Hindi's लेखक ("writer:")
# too, which tell a name in a script without capitals (_person_shaped's `uncased`); and Persian's
# "نوشته‌ی" ("written of", its ی after a non-joiner, or its hamza above: نوشتهٔ), "نویسنده:" ("writer:")
# and "به قلم" ("by the pen of"): Dariush's pages' «نوشته‌ی مریم رضایی» gave no writer
_LEAD = re.compile(
    r"^\W*(?:(?:posted|written|words|story|reported|text|edited)\s+)?"
    r"(?:by|von|par|por|door|di|af|av|autor(?:in|ka|ki|zy)?|authors?|author\(s\)|auteur|written by|"
    r"מאת|โดย|yazan|yazar|लेखक|نوشته(?:\u200c?ی|\u0654)?|نویسنده|به قلم)"
    r"\s*:?\s+"  # (Turkish "Yazan:", "written by", and "Yazar:", "author")
    # "Text:" as a writer's label, with its colon (German; Polish "Tekst:", "Opracowanie:" and "Oprac.",
    # Spanish "Texto:", Italian "Testo:"), and Polish "Autorka:", a woman's, "Autorzy:", several writers'
    r"|^\W*(?:text|texte|tekst|texto|testo|opracowanie)\s*:\s+|^\W*oprac\.\s+"
    # what the piece is, in the page's language: "Pressemitteilung von", "Publié par", "Escrito por"
    # (named: "Walter von Aachen" is a name)
    r"|^\W*(?:pressemitteilung|kommentar|gastbeitrag|beitrag|artikel|publié|publicado|escrito|pubblicato)"
    r"\s+(?:von|par|por|da)\s+"
    # an author box's link to the writer's other pieces: WordPress's "Alle Beiträge von Anna
    # Schmidt anzeigen", "Weitere Artikel von", "Altri articoli di"
    r"|^\W*(?:(?:alle|weitere|mehr|altri|tutti\s+gli)\s+)?(?:beiträge|artikel|articoli)\s+(?:von|di)\s+",
    re.I,
)
# Other people a byline names beside its writers
_OTHER_ROLE = re.compile(
    r"\b(?:reviewed|edited|fact[- ]?checked|photo(?:graph)?s|illustrations?|produced|translated)\s+by\b", re.I
)
# What _OTHER_ROLE needs somewhere: a parent's whole text is searched, often a long one
_OTHER_ROLE_WORDS = Words("reviewed", "edited", "fact", "photo", "illustration", "produced", "translated")
# Where the names end: a separator ("Name / TNN / Updated ..."), a date, "Updated", "on Monday", an email...
_TAIL = re.compile(
    r"\s[|•·—–/]\s|\s[|•·]|[|•·]\s|\n|\b(?:updated|published|posted|veröffentlicht|aktualisiert|publié|"
    r"publicado|publicada|pubblicato|actualizado|aggiornato|"
    r"mis à jour|contact|follow|email|e-mail|twitter|read more|view all|anzeigen)\b|"
    r"\s(?:on|am|le|el|il|at|in|for|about|is|was|reports?|writes?)\s|\d",
    re.I,
)
# A month name after the names starts the date: "Ken Yu August 23, 2023", "ESPN Dec 22";
# a month's whole name or its abbreviation, with a day after it or last (`_TAIL` cut at the
# day): "Martin", "Mark", "Janet", "Novak" and "June Smith" are co-authors' names
_MONTH_TAIL = re.compile(
    r"\s(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?(?:\s+\d|\s*$)"
)
# The weekday (or "Stand", German for "as of") that the date cut off after the names began
# with: "Heiko Sauer Do 9 Apr 2020", "Tomas Spahn Fr, 18. Oktober", "Katherine Fidler Thursday 5"
_DAY_TAIL = re.compile(
    r"\s(?:Mo|Di|Mi|Do|Fr|Sa|So|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun|"
    r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:Mon|Diens|Donners|Frei|Sams|Sonn)tag|Mittwoch|"
    r"lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|Stand)[.,:]?\s*$"
)
# Lower-case conjunctions only: "Cam E. Kettles" is one person, "A e B" (Italian) two.
# Polish and Croatian "i" ("Jan Kowalski i Anna Nowak") parts two names only before a name of two
# words: Catalan joins a surname's two halves with it ("Josep Puig i Cadafalch"), one person's name.
# Thai's และ, Turkish's ve, Hindi's और and Persian's و, "and", are written with a space either side,
# between two names as between words; so is Persian's comma, "،".
# Korean joins two reporters with a middle dot and no space: "홍길동·김철수 기자".
_SPLIT = re.compile(
    r"\s*(?:,|،|;|&|\s(?:and|AND|und|et|y|e|en|og|และ|ve|और|و)\s|\si\s(?=[^\s,;&]+\s+[^\s,;&])"
    r"|(?<=[\uac00-\ud7a3])·(?=[\uac00-\ud7a3]))\s*"
)


# A Korean or Chinese name: one word of two to four syllables (Hangul) or characters (Han),
# "김서연", "王小明"; a Korean phrase of several words is no one's name ("by 편집부의 추천 글")
_ONE_WORD_NAME = re.compile(r"[\uac00-\ud7a3\u4e00-\u9fff]{2,4}")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# "홍길동 기자": Korean and Chinese newsrooms write "reporter" after the name, where others write
# "By"; most Korean papers print the reporter's e-mail after it ("홍길동 기자 gildong@hani.co.kr")
_JOB_AFTER = re.compile(rf"(.*?\s(?:{'|'.join(sorted(CJK_JOBS))}))(?:\s+\(?[\w.+-]+@[\w-]+(?:\.[\w-]+)+\)?)?$")


def _person_shaped(name: str, uncased: bool = False) -> bool:
    """ "Anna Chan", "Cam E. Kettles", "James O'Neil", "RALPH D. RUSSO": 2-5 capitalised words;
    with `uncased`, words of a script without capitals count as such ("דנה כהן"): a byline that
    said "by" in its language, where no capital can tell a name from other words."""

    def capital(word: str) -> bool:
        return word[0].isupper() or (uncased and word[0].isalpha() and word[0].lower() == word[0].upper())

    words = name.split()
    if uncased and (_ONE_WORD_NAME.fullmatch(name) or _HANGUL.search(name)):
        return _ONE_WORD_NAME.fullmatch(name) is not None
    if not 2 <= len(words) <= 5 or not capital(words[0]):
        return False  # (a lower-case particle first is where the writer works: "Por Ana Luz, da Folha", "do UOL")
    cased = all(capital(w) or w.casefold() in SURNAME_PARTICLES for w in words)
    return cased and any(len(w.strip(".")) > 1 for w in words)


# Hebrew writes "and" as ו on the next word: "מאת יוסי אברהם ורונית שמש" is two writers. A name
# may begin with ו too (ורד, Vered), so a part is split there only into two names of two words or more.
_HEBREW_AND = re.compile(r"\s(?=ו[\u05d0-\u05ea])")


def _hebrew_pair(part: str) -> list[str]:
    for found in _HEBREW_AND.finditer(part):
        first, second = part[: found.start()], part[found.end() + 1 :]
        if len(first.split()) >= 2 and (len(second.split()) >= 2 or is_organisation(second)):
            return [first, second]  # (or "דנה כהן וסוכנויות", "and agencies": a writer and no name)
    return [part]


# A slash before a person's two capitalised words joins co-authors ("Anna Schmidt / Max Müller");
# before an agency or a date ("/ TNN / Updated:", "/ dpa") it ends the names, as `_TAIL` says
_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_SLASHED_NAME = re.compile(rf"\s/\s(?=[{_UPPER}][\w'’.-]*\s+[{_UPPER}])")

# Where the last of several names begins: "Jane Doe and Lily Sun"
_LAST_NAME_START = re.compile(r".*(?:,|\band\b|\bund\b|\bet\b|&)", re.I)


def _cut_weekday(text: str) -> str:
    """`text` without the weekday it ends with, unless that leaves its last name one word: the
    weekday is then the surname ("Lily Sun", "Linh Do", "Nancy Friday", "Anna Montag")."""
    cut = _DAY_TAIL.sub("", text)
    last = _LAST_NAME_START.sub("", cut.rstrip(" ,;"), count=1)
    return cut if len(last.split()) >= 2 else text


def _names(text: str, site_keys, clean=clean_person) -> list[str]:
    text = " ".join(text.split())
    if not text or len(text) > 160:
        return []
    # "by" said (or "reporter" after the name): a name in a script without capitals can be told
    if job := _JOB_AFTER.fullmatch(text):
        text = job[1]  # (the e-mail after it goes)
    led = _LEAD.match(text) is not None or job is not None
    text = _SLASHED_NAME.sub(", ", _LEAD.sub("", text, count=1))
    if m := _TAIL.search(text):
        text = text[: m.start()]
        if m.group()[-1:].isdigit():
            text = _cut_weekday(text)  # "Maximilian Steinbeis Sa 13 Jul 2019"
    if m := _MONTH_TAIL.search(text):
        text = _cut_weekday(text[: m.start()])  # "Bryan Walsh Tuesday, Aug. 17, 2010" (TIME)
    out, employer = [], False
    parts = _SPLIT.split(text)
    if led and may_hold_right_to_left(text):
        parts = [pair for part in parts for pair in _hebrew_pair(part)]
    for part in parts:
        part = part.strip(" .,:;-")
        joined = part[:4].casefold() == "and "  # ", and Jo Roe": the comma took the split
        part = part[4:] if joined else part
        if employer and not joined:
            employer = False
            continue  # "Brian Stevens, Vice President, Google Cloud": the job's company
        employer = is_job_title(part)
        name = clean(part, site_keys) if part else None
        if name and _person_shaped(name, uncased=led):
            out.append(name)
    return out


def _in_figure(node) -> bool:
    """A photographer's credit under an image links to their page too, an <aside> or
    <nav> lists other stories' authors, a <blockquote> holds a quoted tweet's: not the byline."""
    for _ in range(6):
        node = node.parent
        if node is None:
            return False
        if node.tag in ("figure", "figcaption", "picture", "aside", "nav", "blockquote"):
            return True
        klass = node.attributes.get("class") or ""
        if _OTHER_BOX_WORDS.found_in(klass) and _OTHER_BOX.search(klass) and not _POSTS_WIDGET.search(klass):
            return True
    return False


def _text(node) -> str:
    return node.text(deep=True, separator=" ", strip=False)


_AUTHOR_PATH = re.compile(
    r"/(?:author|authors|staff|writers?|people|profile|contributors?|autor|autoren|auteur|auteurs)/|/@\w"
)


# French, German, Spanish and Italian themes' marks: "auteur", "post-autor", "articolo-autore";
# whole words, not "autoresize" or "autorotate"
_OTHER_LANGUAGES = re.compile(r"\b(?:auteurs?|autor(?:e|es|in|en)?)\b")


def _is_byline(node) -> bool:
    """Did BYLINE_NODES (rather than another selector of the same walk) match this node?"""
    attrs = node.attributes
    marks = " ".join(filter(None, (attrs.get("class"), attrs.get("id"), attrs.get("rel")))).lower()
    return (
        "author" in marks
        or "byline" in marks
        or _OTHER_LANGUAGES.search(marks) is not None
        or attrs.get("data-testid") == "authorName"
        or node.tag == "a"
        and _AUTHOR_PATH.search(attrs.get("href") or "") is not None
    )


LEVELS = 3  # how far up from the <h1> the byline's neighbourhood reaches


def near_headline(h1):
    """The headline's neighbourhood: its ancestor LEVELS up (at most <body>)."""
    scope = h1
    for _ in range(LEVELS):
        parent = scope.parent
        if parent is None or parent.tag == "html":
            break
        scope = parent
        if parent.tag == "body":
            break
    return scope


def body_authors(tree, h1s, site_keys=frozenset(), whole: bool = False, clean=clean_person) -> list[str]:
    """Names in the page's byline: first near the headline (a small walk, cheap on big
    pages), then, when `whole` (the head named no one), anywhere in the document."""
    if h1s:
        if names := _first_byline(near_headline(h1s[0]).css(BYLINE_NODES), site_keys, clean):
            return names
    return _first_byline(tree.css(BYLINE_NODES), site_keys, clean) if whole and tree is not None else []


# A byline's lead-in standing alone on its line, the names on the next ("By" in a <span>, then
# the writer's link): CSS-in-JS themes mark neither with a class that says so
_LEAD_ALONE = re.compile(r"(?:by|von|par|por|door)\s*:?", re.I)
_JOINER = re.compile(r",|&|and|und|et", re.I)
_UNDER_HEADLINE = 6  # lines under the headline read for it: a kicker, a dek, the byline row


def _up(node, levels: int):
    for _ in range(levels):
        if node.parent is None or node.parent.tag in ("body", "html"):
            break
        node = node.parent
    return node


def lead_in_byline(headline, site_keys=frozenset(), clean=clean_person) -> list[str]:
    """Names a byline gives on the few lines under `headline` ("By" then "Yomi Kazeem", or
    "By Yomi Kazeem"), read as text: for a page whose byline no markup names (Quartz's and
    Bustle's generated class names)."""
    scope = near_headline(headline)
    if len(scope.text(strip=True)) - len(headline.text(strip=True)) < 20:
        scope = _up(scope, LEVELS)  # a headline alone in its block (Bustle's): the byline row is a cousin
    under = _lines_under(scope.text(separator="\n", strip=True), " ".join(headline.text().split()))
    if under is None:
        return []
    for i, line in enumerate(under):
        row = None  # a byline row of parts, whose writer's part is read
        if _LEAD_ALONE.fullmatch(line) and i + 1 < len(under):
            line, j = under[i + 1], i + 2
            while j + 1 < len(under) and _JOINER.fullmatch(under[j]):  # each co-author's own link
                line, j = f"{line} {under[j]} {under[j + 1]}", j + 2
        elif not (len(line) <= 80 and (_LEAD.match(line) or _JOB_AFTER.fullmatch(line))):
            if (labelled := _labelled_part(line)) is None:
                continue
            row, line = line, labelled
        names = _names(line, site_keys, clean)
        if not names:
            return []
        # (the element saying it, the innermost, the last in document order: an author box's or
        # a caption's "By" is no byline)
        said = next((node for node in reversed(scope.css("*")) if " ".join(node.text().split()) == (row or line)), None)
        return [] if said is not None and _in_figure(said) else names
    return []


# A byline row of parts, the date first: "Opublikowano: 28 października 2026 r. | Autor: Piotr
# Konieczny", "Published: Oct 28, 2026 · By Jane Doe"
_PARTS = re.compile(r"\s[|•·]\s")


def _labelled_part(line: str) -> str | None:
    """The part of a byline row of parts that a writer's label opens, with what follows it;
    None when no part after the first is one."""
    if len(line) > 160:
        return None
    for part in _PARTS.split(line)[1:]:
        if _LEAD.match(part) and len(part) <= 80:
            return part
    return None


def _lines_under(text: str, title: str) -> list[str] | None:
    """The few lines of `text` under the first that is `title`, spaces collapsed and blank lines
    left out; None when no line is `title`. (Read only as far as needed: the headline's
    neighbourhood may be most of a long page.)"""
    under = None
    for line in text.split("\n"):
        if not (line := " ".join(line.split())):
            continue
        if under is not None:
            under.append(line)
            if len(under) == _UNDER_HEADLINE:
                break
        elif line == title:
            under = []
    return under


_SKIP_TAGS = frozenset(("meta", "link", "img", "script", "style", "body", "html", "article"))


def _inside(node, box, levels: int = 4) -> bool:
    """Whether `node` is in `box`, at most `levels` elements down."""
    for _ in range(levels):
        node = node.parent
        if node is None:
            return False
        if node.mem_id == box.mem_id:
            return True
    return False


# An element marked as a name or an author's (DW's "author", Arc's "byline__name", rel="author",
# a link to the author's page), not an item of a byline's line ("byline__item" holds the section,
# "Ana Ruiz | Middle East", as it holds the author)
_NAME_MARK = re.compile(r"aut|name|writer|contributor|creator|staff|/@", re.I)


def _marks_a_name(node) -> bool:
    attributes = node.attributes
    return any(_NAME_MARK.search(attributes.get(key) or "") for key in ("class", "rel", "itemprop", "href"))


def _first_byline(nodes, site_keys, clean=clean_person) -> list[str]:
    """Names in the first byline among `nodes` (BYLINE_NODES' matches, document order)."""
    candidates, h1 = [], None
    for node in nodes:
        if h1 is not None and len(candidates) >= h1 + 16:
            break  # all that are read below: the rest of a big page's matches cost their tests for nothing
        tag = node.tag
        if tag == "h1":
            h1 = len(candidates) if h1 is None else h1
            continue
        if tag in _SKIP_TAGS or not _is_byline(node):
            continue
        attrs = node.attributes
        klass = (attrs.get("class") or "") + " " + (attrs.get("id") or "")
        if _NOT_BYLINE.search(klass) and "byline" not in klass.lower():
            continue
        candidates.append(node)
    start = h1 or 0
    # the few just after the headline, then the few just before it: a byline further down
    # is a related story's, a comment's or an author box's, and a wrong author is worse
    # than none
    ordered = candidates[start : start + 16] + candidates[max(0, start - 3) : start][::-1]
    for i, node in enumerate(ordered):
        if _in_figure(node) or not (names := _names(_text(node), site_keys, clean)):
            continue
        # DW: the byline's box, marked as the author's, holds each author marked so in turn, with
        # " | " between them, where the box's line ends at the first
        # (the innermost marked elements, marked alike, a name each: not a "Kommentar von" prefix's)
        boxed = [other for other in ordered[i + 1 : i + 16] if _inside(other, node)]
        leaves = [other for other in boxed if not any(_inside(o, other) for o in boxed)]
        if (
            len(leaves) > len(names)
            and len({(leaf.tag, leaf.attributes.get("class")) for leaf in leaves}) == 1
            and all(_marks_a_name(leaf) for leaf in leaves)  # (each: a link's or rel's is its own)
        ):
            inner = [_names(_text(leaf), site_keys, clean) for leaf in leaves]
            if all(len(found) == 1 for found in inner) and set(names) < {found[0] for found in inner}:
                if not _OTHER_ROLE_WORDS.found_in(_text(node)):
                    return dedupe(found[0] for found in inner)[:8]
        # Boston Globe, WordPress multi-author: one element per name under a shared parent,
        # each marked like the first (a sibling marked otherwise is the writer's location,
        # job or outlet: "Daniel Neira" then "Los Angeles")
        parent, kind = node.parent, (node.tag, node.attributes.get("class"))
        # The New York Times marks only the last of "By A, B, C and D" as its byline: the
        # line around it, whose first child says "By", names them all. (That child is read
        # first: the line's whole text only then, a parent may be a whole article.)
        if (
            len(names) == 1
            and parent is not None
            and (first := parent.child) is not None
            and first.mem_id != node.mem_id
        ):
            if _LEAD.match(first.text(deep=True).lstrip() + " ") and len(line := _text(parent)) <= 300:
                if len(whole := _names(line, site_keys, clean)) > 1 and names[0] in whole:
                    return dedupe(whole)[:8]
        if parent is not None:
            for other in ordered[i + 1 : i + 16]:
                up = other.parent
                if up is not None and up.mem_id == parent.mem_id and (other.tag, other.attributes.get("class")) == kind:
                    names += _names(_text(other), site_keys, clean)
            shared = _text(parent) if len(names) > 1 else ""
            if _OTHER_ROLE_WORDS.found_in(shared) and (m := _OTHER_ROLE.search(shared)):
                # "By Geoff Williams | Reviewed by Liisa Rajala | Edited by Dawn Bradbury":
                # the names after "Reviewed by" are not the writers
                names = [n for n in names if n in shared[: m.start()]] or names
        return dedupe(names)[:8]
    return []
