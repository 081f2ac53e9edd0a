"""The headline a reader sees: the page's `<h1>`, when it is the story's and not the logo's.

Head titles are written for search engines and share cards ("Best Rain Jackets (2023):
Cheap, Eco-Friendly..."); the `<h1>` is what the author titled the piece, and what a
person copying the title into a newsletter would take. It wins only when it looks like a
headline (3 to 40 words) and shares words with the head's title, so a site banner, a
section name ("Latest news") or another story's heading never replaces the real title; and
only when it is worded differently: an `<h1>` that merely pads the head's title ("Title: ...")
or is contained in it leaves the head's title in place, unless what the head adds is a short
affix after a separator ("Notes on parsing | A blog", "Post – Site"): the site's name, which
the head's own tags did not give (no og:site_name to cut it by), and the `<h1>` says it is not
part of the title.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from newsletter.links.text import shown_text
from newsletter.links.values import SEPARATOR, TITLE_READ, clean_text, first_good, is_wall_title

_WORD = re.compile(r"\w+")


# Chinese and Japanese write no spaces between words: a run of their characters is one \w+ "word"
_HAN_KANA = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def _words(text: str, pairs: bool = False) -> set[str]:
    """`text`'s words, case-folded; with `pairs`, a Chinese or Japanese run as its pairs of
    characters, so that two headlines in those languages can share some."""
    found = _WORD.findall(text, 0, TITLE_READ)  # words past it say nothing of agreement
    if not (pairs and _HAN_KANA.search(text, 0, TITLE_READ)):  # (most titles: no such run to look for)
        return {w.casefold() for w in found}
    words = set()
    for word in found:
        if len(word) > 2 and _HAN_KANA.search(word):
            words.update(word[i : i + 2] for i in range(len(word) - 1))  # its pairs of characters, then
        else:
            words.add(word.casefold())
    return words


def _word_count(text: str) -> int:
    """Words in `text`, a Chinese or Japanese run counting one word for every two characters."""
    return len(text.split()) + (0 if text.isascii() else len(_HAN_KANA.findall(text)) // 2)


# Function words shared by unrelated titles ("The Map is Mostly Water", a newsletter's name,
# and its post's "The Most Precious Resource is Agency"): they do not count as agreement.
_FUNCTION_WORDS = frozenset(
    "a an the is are was be of in on at to for from by with and or as it its this that how what why "
    "der die das und ist ein eine von zu im le la les des du un une et est en el los las y es "
    # more German: mobilsicher.de's logo <h1> "Das Infoportal für sichere Handynutzung" agreed
    # with "Apple kippt Verschlüsselungspläne für iCloud" by its "für" and became the title
    "für mit auf den dem des einer eines nicht sich bei aus am an auch".split()
)


def _content(words: set[str]) -> set[str]:
    return (words - _FUNCTION_WORDS) or words


def visible_headline(
    nodes, head_title: str | None, shown=lambda: None, site: str | None = None, tag: str = "h1"
) -> str | None:
    """The first `<h1>` among `nodes` that agrees with `head_title` (a fifth of its words), or
    holds all its words and more as the fuller headline a shortened title was cut from.

    Worded apart from `head_title`, the `<h1>` still wins when it says word for word what
    `shown()` gives, the page's `<title>` with its site's name cut (None where `head_title` is
    the headline the article's own JSON-LD declares): two of the page's own places agree, over
    a social og:title ("Schrödinger’s Hack" over "Hacking, Cryptography, and the Countdown to
    Quantum Computing"); a live page's <h1> and <title> follow its latest entry, where its
    JSON-LD keeps the article's headline.

    A short affix naming a year's event is no site's name where the page names another (`site`,
    its og:site_name): PeerTube's "Talk — Journées du Libre 2026" on Framatube is the talk's
    title. (Any other affix stays cut: an author's name, "Opinion |", a section.)"""
    if not head_title:
        return None
    head = _words(head_title, pairs=True)
    for node in nodes:
        if node.tag != tag or _links_home(node) or (tag == "h2" and _beside_the_story(node)):
            continue
        text = clean_text(shown_text(node))
        if text and text.endswith("¶"):  # Sphinx's and MkDocs' permalink after the heading's words
            text = text[:-1].rstrip()
        if text and one_word(head_title) and _key(text) == _key(head_title):
            return None  # a one-word title on show: an <h1> after it is an aside's ("More posts about …")
        if not text or not 3 <= _word_count(text) <= 40 or is_wall_title(text):
            continue
        if ticker_line(text) and not ticker_line(head_title):
            return None  # a live ticker's latest news in its <h1>: the page's headline is the head's
        words = _words(text, pairs=True)
        if head < words:
            # (a head title of one word is a topic's or a section's name, "Arbeit" on a party's
            # page, whose <h1> "Wir kämpfen für gute Arbeit" is the headline that holds it)
            return text if _fuller(text, head_title) or one_word(head_title) else None
        if words <= head:
            other = _site_affix(head_title, text)  # else the head's: it may be fuller
            if other and site and _EDITION.search(other) and not _names(other, site):
                return None
            before = other is not None and _key(head_title).startswith(_key(other))
            return text if other and not (before and _another_says(nodes, node, other)) else None
        if (number := _numbered(text)) and (own := _numbered(head_title)) and number != own:
            return None  # another episode's heading ("Latest: Episode 47" on episode 46's page)
        words, heads = _content(words), _content(head)
        shared = len(words & heads) / max(1, min(len(words), len(heads)))
        return text if shared >= 0.2 or _key(shown() or "") == _key(text) else None
    return None


# An episode's number as a show titles it: "Episode 47: …", "Ep. 12 -", "#359:"
_EPISODE_NUMBER = re.compile(r"(?:\b(?:episode|ep\.?)\s*#?\s*|#)(\d{1,5})\b", re.I)


def _numbered(title: str) -> str | None:
    """The episode number `title` gives, if it gives one: two headings numbered apart are two
    episodes, however many words ("Episode", the show's) they share."""
    return m[1] if (m := _EPISODE_NUMBER.search(title)) else None


def one_word(title: str) -> bool:
    """Whether `title` is one word: a topic's or a section's name, which a headline holding it
    beats, unless a heading shows it alone (an essay's "Boredom")."""
    return _word_count(title) == 1


def ticker_line(text: str) -> bool:
    """Whether `text` strings news together with "+++", as a live ticker's headline gives its latest
    ("Krieg in Nahost: USA schliessen Hafen +++ Israel schickt Panzer nach Rafah"; n-tv, Focus,
    NZZ, Bild, t-online): it follows each new entry, and names none of the page's own."""
    return "+++" in text


# An event's edition: words, then its year ("Journées du Libre 2026", "PyCon US 2024"); not a date
_EDITION = re.compile(r"[^\W\d_]{2,}.*\s(?:19|20)\d\d$")


def _names(affix: str, site: str) -> bool:
    """Whether `affix` says the site's name or part of it ("The Verge" for "Verge")."""
    words, names = _content(_words(affix)), _content(_words(site))
    return bool(words & names) or _key(site).replace(" ", "") in _key(affix).replace(" ", "")


def _fuller(headline: str, title: str) -> bool:
    """Whether `headline`, holding all of `title`'s words and more, is the fuller headline the
    title was shortened from for sharing: words dropped from inside it (og:title "... Tags on
    Her Coat" for the <h1> "... Tags on Her Céline Coat: 'I Wore It Four Times...'"), or a
    subtitle after a colon. Not a label or a kicker's <span> read into the <h1> before the title
    ("Opinion The cartoons..."), nor a line glued after it ("... Hot and Fresh Welcome to the
    Flavor Capital", "... Region 02.02.2022 • Presse"): those leave the head's title."""
    whole, short = _key(headline), _key(title)
    if short not in whole:
        return True
    return _key(_SUBTITLE.split(headline, maxsplit=1)[0]) == short


_SUBTITLE = re.compile(r"\s*[:：]\s")
_NON_WORD = re.compile(r"\W+")


def _key(text: str) -> str:
    """`text` for comparison: words only, case-folded."""
    return _NON_WORD.sub(" ", text).strip().casefold()


def says(nodes, text: str) -> bool:
    """Whether one of `nodes` (headings) says `text` word for word, soft hyphens aside."""
    key = _key(text)
    return any(_key(shown_text(node).replace("\xad", "")) == key for node in nodes)


def headline_under_breadcrumb(h1, chosen: str, og_titles: list[str], clean) -> str | None:
    """The og:title (the first of `og_titles` that `clean` keeps) when the page shows it as its
    headline in the `<h2>` that follows `h1`, alone or after a kicker, while `h1` only repeats
    `chosen` (the <title>'s or JSON-LD's words): news sites that put the search engines' headline
    in the breadcrumb's `<h1>` (`<h1 class="breadcrumb__headline">`, `<li itemprop="itemListElement">
    <h1 itemprop="name">`, `<h1 class="seotitle">`) and the one a reader sees, set large, in an
    `<h2>` with its kicker (`<h2><span class="title__kicker">Meinung</span> <span class="title__
    headline">...`): Stern, n-tv, t-online, RP Online, Spektrum, Tages-Anzeiger, Business Insider,
    POPSUGAR. Any other `<h2>` saying it is not the headline: a "Most popular" box lists the page's
    own story under its social headline."""
    key = _key(chosen)
    if _key(shown_text(h1)) != key:
        return None
    # An og:title of the chosen title's words or fewer, as on most pages, is no other headline;
    # cleaning it to see would be most of what this costs
    if all(_key(raw) in key for raw in og_titles) or not (social := first_good(og_titles, clean)):
        return None
    if _key(social) in key:  # the same, or the <h1> is kicker and headline ("Bei Protesten 2022: Bericht: ...")
        return None
    shown = heading_after(h1, "h2")
    return social if shown is not None and _says_after_kicker(shown, social) else None


def _says_after_kicker(node, text: str) -> bool:
    """Whether `node` says `text` word for word, soft hyphens aside, alone or after a kicker of
    up to eight words."""
    key = _key(text.replace("\xad", ""))
    shown = _key(shown_text(node).replace("\xad", ""))
    return shown == key or shown.endswith(" " + key) and len(shown[: -len(key)].split()) <= 8


def heading_after(node, tag: str, budget: int = 200):
    """The first `tag` element after `node` in the document, or None. Each following sibling of
    `node` and of its ancestors is searched by the parser's own selector engine, and no more than
    `budget` of them: a page of ten thousand sibling paragraphs is not walked."""
    while node is not None:
        sibling = node.next
        while sibling is not None:
            budget -= 1
            if budget < 0:
                return None
            if sibling.tag == tag:
                return sibling
            if sibling.tag[0] != "-" and (found := sibling.css_first(tag)) is not None:  # not text, comments
                return found
            sibling = sibling.next
        node = node.parent
    return None


def logos_only(nodes) -> bool:
    """Whether `nodes` (the `<h1>` elements) are there and all the site's logo, linking home: the
    theme titles its story with an `<h2>` (WordPress news themes, Blogger's and Kubrick's)."""
    return bool(nodes) and all(_links_home(node) for node in nodes)


# Where a theme's <h2>s are the sidebar's, not the story's: a widget's title ("Trump news: more
# from our electors coverage", WordPress's <h2 class="widget-title">), a menu's, the footer's
_BESIDE = frozenset(("aside", "nav", "footer"))
# A class of its own, not a layout's that holds the story too ("has-sidebar", "with-sidebar"), nor
# Blogger's "widget Blog", whose posts are a widget of the page, nor a page builder's content
# widget: SiteOrigin Page Builder wraps a page's every part, its story's text too, in "widget
# widget_sow-editor" (its Widgets Bundle's) or "widget_siteorigin-panels-builder"; one put in a
# real sidebar is still in its "widget-area" or <aside>
_BESIDE_CLASS = re.compile(r"(?:^|\s)(?:sidebar|widget[-_](?!sow-|siteorigin-panels))", re.I)


def _beside_the_story(node) -> bool:
    """Whether the heading `node` is in an aside, a menu, the footer or a sidebar's widget."""
    while node is not None and node.tag not in ("body", "html"):
        if node.tag in _BESIDE or _BESIDE_CLASS.search(node.attributes.get("class") or ""):
            return True
        node = node.parent
    return False


def shown_alone(tree, marks, title: str, headline: str) -> bool:
    """Whether a one-word `title` is the story's own, shown alone in one of its <h2>s (an essay's
    "Boredom"), over `headline`, an <h1> holding the word outside the story (a promotion's
    "Subscribe to read more on Boredom and other essays"). An <h2> in a menu, the footer or a
    sidebar saying it names the topic in the site's lists, and an <h1> in the page's <main> or
    <article> is the story's headline: a party's page titled "Arbeit", whose menu lists its topics
    in <h2>s, is "Wir kämpfen für gute Arbeit", as before cb15217."""
    if any(_in_story(h1) for h1 in marks if says([h1], headline)):
        return False
    return any(not _beside_the_story(h2) for h2 in tree.tags("h2") if says([h2], title))


def _in_story(node) -> bool:
    while node is not None and node.tag not in ("body", "html"):
        if node.tag in ("main", "article") or node.attributes.get("role") == "main":
            return True
        node = node.parent
    return False


def _links_home(node) -> bool:
    """A logo: an `<h1>` that links to the site's front page (`<h1><a href="/">Archive of Our
    Own <sup>beta</sup></a></h1>`, WordPress themes' `.site-title`), whatever words it shares
    with the page's title ("... [Archive of Our Own]")."""
    link = node.child
    while link is not None and link.tag == "-text" and not (link.text_content or "").strip():
        link = link.next
    if link is None or link.tag != "a":
        return False
    href = (link.attributes.get("href") or "").strip()
    parts = urlsplit(href)
    return (parts.path == "/" or bool(parts.netloc) and not parts.path) and not parts.query and not parts.fragment


def story_heading(nodes, head_title: str | None):
    """Of `nodes` (headings), the one sharing the most words with `head_title`, and at least
    a fifth of its own or the title's: the story's, where a logo's or a menu's `<h1>`
    ("Navigation und Service", the site's name) comes first. None when none agrees, or with
    no title to compare."""
    if not head_title:
        return None
    heads = _content(_words(head_title))
    best, most = None, 0
    for node in nodes:
        words = _content(_words(shown_text(node).replace("\xad", "")))  # soft hyphens
        shared = len(words & heads)
        if shared > most and shared / min(len(words), len(heads)) >= 0.2:
            best, most = node, shared
    return best


def _site_affix(title: str, headline: str) -> str | None:
    """The short affix `title` adds to `headline` before or after a separator (not a colon:
    "Title: subtitle" is a title), or None."""
    parts = SEPARATOR.split(title.strip())
    if len(parts) != 2 or ":" in SEPARATOR.search(title).group():
        return None
    same = [part.casefold() == headline.casefold() for part in parts]
    other = parts[1] if same[0] else parts[0]
    return other if any(same) and 1 <= _word_count(other) <= 5 and not _NUMBERED.search(other) else None


def _another_says(nodes, node, affix: str) -> bool:
    """Whether a heading among `nodes` other than `node` says `affix`, which the title puts
    first: then the affix is the story's title and `node` the site's (Sphinx: "Evolve: Shared
    Mutable History — evolve extension for Mercurial", the project's <h1> in the sidebar
    before the page's own). A site's name after the title stays cut, whatever logo says it."""
    key = _key(affix)
    return any(other is not node and _key(shown_text(other)) == key for other in nodes)


# "Part 2", "Chapter III", "Episode 12", "#4": which post of a series, not the site's name
_NUMBERED = re.compile(
    r"\b(?:part|chapter|episode|ep|vol|volume|book|lesson|day|week|step|no|issue)\.?\s*(?:\d+|[ivxlc]+\b)|#\d",
    re.IGNORECASE,
)


def titled_heading(nodes, head_title: str | None):
    """Of lesser headings (`<h3>`), the first whose words are all the head title's and at least
    half of them: a theme that titles its story with one (a Svelte magazine's, WordPress news
    themes' `<h3>` over the date). Agreeing only in part, it is a teaser's or a box's heading."""
    heads = _words(head_title or "")
    for node in nodes if heads else ():
        words = _words(shown_text(node).replace("\xad", ""))
        if len(words) >= 2 and words <= heads and 2 * len(words) >= len(heads):
            return node
    return None
