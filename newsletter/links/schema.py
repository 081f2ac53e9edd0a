"""schema.org data on a page: JSON-LD blocks (leniently parsed) and microdata items.

Both become plain dicts in JSON-LD shape, so one reader, `Schema`, answers "what is this
page's main thing, and what are its title, authors, dates..." for either source. Values
come back raw; `extract.py` cleans them with the readers of `values.py` and `date_values.py`
(`first_good`, `clean_text`, `parse_date`...).
"""

from __future__ import annotations

import json
import re

from newsletter.links.name_order import full_name

# Which schema.org types make a page's main entity, and what kind of link that is.
KINDS = {
    "video": {"VideoObject", "Movie", "TVEpisode", "Clip", "MusicVideoObject"},
    "paper": {"ScholarlyArticle", "MedicalScholarlyArticle", "Thesis"},
    "podcast": {"PodcastEpisode", "PodcastSeries", "PodcastSeason", "RadioEpisode", "AudioObject"},
    "book": {"Book", "Audiobook"},
    "repo": {"SoftwareSourceCode"},
    "course": {"Course"},
    # a conference's page of one session: its speakers are its performers (PyCon's, Pretalx's)
    "talk": {"Event", "EducationEvent", "BusinessEvent"},
    "article": {
        "Article",
        "NewsArticle",
        "BlogPosting",
        "TechArticle",
        "Report",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "ReportageNewsArticle",
        "ReviewNewsArticle",
        "BackgroundNewsArticle",
        "SocialMediaPosting",
        "DiscussionForumPosting",
        "LiveBlogPosting",
        "Review",
        "HowTo",
        "Posting",
    },
}
TYPE_KIND = {t: kind for kind, types in KINDS.items() for t in types}
PAGE_TYPES = frozenset(
    {
        "WebPage",
        "ItemPage",
        "AboutPage",
        "CollectionPage",
        "ProfilePage",
        "QAPage",
        "FAQPage",
        "MediaGallery",
        "SearchResultsPage",
        "ContactPage",
    }
)
SITE_TYPES = frozenset({"WebSite", "Periodical", "PodcastSeries", "Blog", "NewsMediaOrganization"})
_WEBSITE = frozenset({"WebSite"})


# --- JSON-LD ------------------------------------------------------------------------

_WRAPPERS = re.compile(r"^\s*(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)\s*;?\s*$")


def _repair(text: str) -> str:
    """Fix what hand-written JSON-LD gets wrong, outside of strings only:
    trailing commas, raw control characters and invalid escapes inside strings."""
    out, in_string, escape = [], False, False
    for ch in text:
        if in_string:
            if escape:
                escape = False
                if ch not in '"\\/bfnrtu':
                    out[-1] = ""  # "\'" and friends: keep the character, drop the backslash
            elif ch == "\\":
                escape = True
            elif ch == '"':
                in_string = False
            elif ch in "\n\r\t":
                ch = " "
        elif ch == '"':
            in_string = True
        elif ch in "}]":
            j = len(out) - 1
            while j >= 0 and out[j].isspace():
                j -= 1
            if j >= 0 and out[j] == ",":
                out[j] = ""
        out.append(ch)
    return "".join(out)


def parse_jsonld(text: str) -> list:
    """The JSON values in one <script type="application/ld+json">, broken ones repaired.

    Returns [] when nothing can be recovered: a bad block must never cost the page.
    """
    text = text.strip()
    if not (text.startswith(("{", "[")) and text.endswith(("}", "]"))):  # the regex costs 3x json.loads
        text = _WRAPPERS.sub("", text).strip()
    if not text:
        return []
    try:
        value = json.loads(text, strict=False)  # strict=False: raw newlines in strings
        return value if isinstance(value, list) else [value]
    except (ValueError, RecursionError):  # RecursionError: "[[[[..." thousands deep
        pass
    # Repaired, then every object we can read: also copes with several objects back to
    # back, or junk after the first one.
    values, decoder, pos, text = [], json.JSONDecoder(strict=False), 0, _repair(text)
    while (start := text.find("{", pos)) != -1:
        try:
            value, pos = decoder.raw_decode(text, start)
        except (ValueError, RecursionError):
            break
        values.append(value)
    return values


def top_nodes(values: list, depth: int = 0) -> list[dict]:
    """Top-level entities, with @graph arrays and nested lists flattened."""
    nodes = []
    for value in values if depth < 5 else ():
        if isinstance(value, list):
            nodes.extend(top_nodes(value, depth + 1))
        elif isinstance(value, dict):
            graph = value.get("@graph")
            if isinstance(graph, list):
                nodes.extend(top_nodes(graph, depth + 1))
            if "@type" in value:
                nodes.append(value)
    return nodes


# --- Microdata ----------------------------------------------------------------------

TEXT_BUDGET = 1_000_000  # characters of property text read per page, whatever its nesting


# Properties whose value is words: a link marked with one means its text. Microdata's rule
# (an <a>'s value is its href) made a blog theme's `<a itemprop="name" href="/code/2013/post/">
# Post title</a>` title its page "/code/2013/post/".
_WORDS = frozenset(("name", "headline", "alternativeHeadline", "author", "creator"))


def _prop_value(node, budget: list[int], names: list[str] = ()):
    attrs = node.attributes
    for attr in ("content", "datetime", "href", "src", "value"):
        if attrs.get(attr):
            if attr == "href" and node.tag == "a" and not _WORDS.isdisjoint(names):
                continue
            return attrs[attr]
    if budget[0] <= 0:  # nested properties re-read the same text: stop before that turns quadratic
        return ""
    text = node.text(deep=True, separator=" ", strip=True)
    budget[0] -= len(text) + 1
    return text


def _owner(node, scopes, memo: dict[int, int | None]) -> int | None:
    """The nearest itemscope strictly above `node`. Every ancestor walked past is remembered,
    so all the calls of one page together visit each element once: linear, however deep."""
    path, parent, found = [], node.parent, None
    while parent is not None:
        key = parent.mem_id
        if key in scopes:
            found = key
            break
        if key in memo:
            found = memo[key]
            break
        path.append(key)
        parent = parent.parent
    for key in path:
        memo[key] = found
    return found


def microdata_items(tree, scopes: list | None = None) -> list[dict]:
    """Top-level microdata items (itemscope without itemprop) as JSON-LD-shaped dicts.

    Linear in the page: 16,000 nested `<div itemscope itemprop=a>` once took 35 s.
    """
    scopes = tree.css("[itemscope]") if scopes is None else scopes
    if not scopes:
        return []
    items = {scope.mem_id: {"@type": (scope.attributes.get("itemtype") or "").split()[:1]} for scope in scopes}
    memo: dict[int, int | None] = {}
    budget = [TEXT_BUDGET]
    for prop in tree.css("[itemprop]"):  # document order
        item = items.get(_owner(prop, items.keys(), memo))
        if item is None:
            continue
        names = (prop.attributes.get("itemprop") or "").split()
        value = items.get(prop.mem_id) or _prop_value(prop, budget, names)
        for name in names:
            item.setdefault(name, []).append(value)
    return [items[s.mem_id] for s in scopes if "itemprop" not in s.attributes]


# --- Reading entities ---------------------------------------------------------------


def _type_names(node) -> list[str]:
    types = node.get("@type") if isinstance(node, dict) else None
    types = types if isinstance(types, list) else [types]
    # "http://schema.org/Article" and "schema:Article" both mean Article: what follows the
    # last "/", ":" or "#" (three rfinds: a regular expression's split costs several times that)
    return [t[max(t.rfind("/"), t.rfind(":"), t.rfind("#")) + 1 :] for t in types if isinstance(t, str) and t]


# An event is the main entity only of a page that holds no other: a news story or a video
# about a conference may list the conference (an Event) before itself
_EVENTS = frozenset(KINDS["talk"])
_MAIN_TYPES = frozenset(TYPE_KIND) - _EVENTS
_SITE_OR_ORGANISATION = frozenset(SITE_TYPES | {"Organization"})
_BOOKS = frozenset(KINDS["book"])


class Schema:
    """The main entity of one schema.org source, and the page and site around it."""

    def __init__(self, nodes: list[dict], url: str | None = None, article: bool = False):
        """`article`: the page calls itself one (og:type article), so an event it holds is what
        it tells of, not the page."""
        self._nodes, self._ids = nodes, None
        candidates = list(nodes)
        for node in nodes:  # a WebPage's mainEntity is often the article itself
            candidates.extend(self.values(node, "mainEntity"))
        self.main = (
            self._first(candidates, _MAIN_TYPES)
            or (self._answer(candidates, url) if url else None)
            or (None if article else self._event(candidates))
        )
        self.page = self._first(candidates, PAGE_TYPES)
        self.site = self._first(candidates, _WEBSITE)
        self.types = _type_names(self.main or self.page or {})

    @property
    def index(self) -> dict[str, dict]:
        """Every "@id" mapped to its fullest node, so {"@id": ...} references resolve: made the
        first time one is met (a walk over every value of every block, which pages whose
        blocks hold no reference never need)."""
        if self._ids is None:
            self._ids = {}
            self._index(self._nodes)
        return self._ids

    def _index(self, value, depth: int = 0) -> None:
        """Map every "@id" under `value` to its fullest node, into `_ids`."""
        if depth > 20:
            return
        if isinstance(value, list):
            for item in value:
                self._index(item, depth + 1)
        elif isinstance(value, dict):
            ref = value.get("@id")
            if isinstance(ref, str) and len(value) > len(self._ids.get(ref, {})):
                self._ids[ref] = value
            for item in value.values():
                if isinstance(item, (dict, list)):
                    self._index(item, depth + 1)

    def _answer(self, nodes, url: str) -> dict | None:
        """On a page of one answer to a question (Zhihu's /question/…/answer/…), that answer,
        which the page's Question holds beside others by its own url: the question's item
        names no one who wrote the page, nor when."""
        wanted = _bare(url)
        for question in (node for node in nodes if "Question" in _type_names(node)):
            if _bare(self.text(question, "url") or "") == wanted:
                return None  # the question's own page
            for key in ("acceptedAnswer", "suggestedAnswer"):
                for answer in self.values(question, key):
                    # (a place in the page, 'question1#acceptedAnswer' as Google's QAPage example
                    # writes each answer's url, is the question's page: its asker's, not the answer's)
                    address = self.text(answer, "url") or ""
                    if "Answer" in _type_names(answer) and "#" not in address and _bare(address) == wanted:
                        return answer
        return None

    def _first(self, nodes, types: frozenset) -> dict | None:
        return next((n for n in nodes if not types.isdisjoint(_type_names(n))), None)

    def _event(self, nodes) -> dict | None:
        """The one event a session's page is: a page of several (a programme, a city's events
        this weekend) is none of them, as a post that calls itself an article is its own."""
        events = [n for n in nodes if not _EVENTS.isdisjoint(_type_names(n))]
        return events[0] if len({n.get("@id") or id(n) for n in events}) == 1 else None

    def values(self, node, *keys) -> list:
        """All values of the first key present, lists flattened and references resolved."""
        if not isinstance(node, dict):
            return []
        for key in keys:
            value = node.get(key)
            if value in (None, "", []):
                continue
            out = []
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict) and set(item) <= {"@id", "@type"}:
                    item = self.index.get(item.get("@id"), item)
                out.append(item)
            return out
        return []

    def text(self, node, *keys) -> str | None:
        """The first plain value of the first key present ({"@value": x} unwrapped)."""
        for value in self.values(node, *keys):
            if isinstance(value, dict):
                value = value.get("@value") or value.get("name")
            if isinstance(value, (str, int, float)) and not isinstance(value, bool):
                return str(value)
        return None

    # Each field: raw candidates, best first. The caller cleans and picks.

    def titles(self, shown: str | None = None) -> list:
        """The headline, else the name; but the name when only it is in the page's `shown`
        <title>: MediaWiki gives an article's one-line description as its headline
        ("constitutional monarchy in Oceania", for "New Zealand - Wikipedia")."""
        headline, name = self.text(self.main, "headline"), self.text(self.main, "name")
        if headline and name and shown:
            shown = shown.casefold()
            if name.casefold() in shown and headline.casefold() not in shown:
                headline = None
        return [headline or name, self.text(self.page, "name")]

    def authors(self) -> list:
        """Raw names of people: an author the page itself types as an Organization is its
        publisher or a syndication partner ("Mic" on Yahoo), however person-like its name. A
        talk's (an Event's) people are its performers: the speakers its page lists."""
        people = []
        for value in self.values(self.main, "author", "creator", "actor", "performer"):
            if isinstance(value, dict):
                if "Organization" in _type_names(value):
                    continue
                name = self.text(value, "name") or full_name(
                    self.text(value, "givenName") or "", self.text(value, "familyName") or ""
                )
                people.append(name)
            else:
                people.append(value)
        return people

    def typed_people(self) -> list[str]:
        """The authors the page types as a Person in so many words."""
        return [
            self.text(value, "name") or ""
            for value in self.values(self.main, "author", "creator")
            if isinstance(value, dict) and "Person" in _type_names(value)
        ]

    def published(self) -> list:
        return [
            self.text(self.main, "datePublished", "uploadDate", "dateCreated"),
            self.text(self.page, "datePublished"),
        ]

    def start_date(self) -> str | None:
        """The day an event, a talk, was given: its page's date when it gives none other."""
        return self.text(self.main, "startDate") if _EVENTS.intersection(self.types) else None

    def modified(self) -> str | None:
        return self.text(self.main, "dateModified") or self.text(self.page, "dateModified")

    def descriptions(self) -> list:
        return [self.text(self.main, "description", "abstract"), self.text(self.page, "description")]

    def images(self) -> list:
        out = []
        for node in (self.main, self.page):
            for value in self.values(node, "image", "thumbnailUrl", "primaryImageOfPage"):
                out.append(self.text(value, "url", "contentUrl") if isinstance(value, dict) else value)
        return out

    def site_names(self) -> list:
        names = [self.text(self.site, "name")]
        # (an episode's series is its show; a newspaper's story in a series, "The Lagos Files",
        # is the newspaper's: its og:site_name was put after the series' name, review 29)
        episode = any(TYPE_KIND.get(name) == "podcast" for name in self.types)
        # (a book's publisher is the book's, often an imprint: Penguin Random House's page of a
        # Knopf novel was credited to "Knopf" over its og:site_name, and a shop's or Goodreads'
        # page of it would be too; the page's own publisher is still the site's, new user 50)
        book = not _BOOKS.isdisjoint(self.types)
        for key in ("isPartOf", "partOfSeries", "publisher"):
            for value in ([] if book and key == "publisher" else self.values(self.main, key)) + self.values(
                self.page, key
            ):
                types = _type_names(value)
                # Apple Podcasts types an episode's show a CreativeWorkSeries: the show, not the
                # "Apple Podcasts" of its og:site_name (an article's isPartOf series is no site)
                if (
                    not _SITE_OR_ORGANISATION.isdisjoint(types)
                    or episode
                    and key == "partOfSeries"
                    and "CreativeWorkSeries" in types
                ):
                    names.append(self.text(value, "name"))
        return names

    def duration(self) -> str | None:
        return self.text(self.main, "duration", "timeRequired")

    def languages(self) -> list:
        out = []
        for node in (self.main, self.page, self.site):
            for value in self.values(node, "inLanguage"):
                out.append(self.text(value, "alternateName", "name") if isinstance(value, dict) else value)
        return out

    def keywords(self) -> list:
        out = []
        for value in self.values(self.main, "keywords"):
            if isinstance(value, str):
                out.extend(value.split(","))
        return out

    def identifiers(self) -> list[str]:
        """Strings that may hold a DOI: identifier, sameAs, url."""
        out = []
        for value in self.values(self.main, "identifier", "sameAs"):
            out.append(self.text(value, "value", "@id") if isinstance(value, dict) else value)
        return [v for v in out if isinstance(v, str)]

    def extra(self, *keys) -> str | None:
        return self.text(self.main, *keys)


def _bare(url: str) -> str:
    """An address compared as the same page: without its scheme, www., query, fragment or
    closing slash."""
    return re.sub(r"^(?:https?:)?//(?:www\.)?", "", url.split("#")[0].split("?")[0].strip()).rstrip("/").lower()
