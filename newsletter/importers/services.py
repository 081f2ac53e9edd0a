"""`import --from SERVICE`: what each service's API says, as the same `SavedItem`s a file gives.

Each service is a function from (its settings, a token, since) to a `Parsed`, paging through
the API with the one client in api.py. Items carry the same source names and ids as the
service's export file (Readwise's ASIN or title|author, Hypothesis's page URL...), so a file
import and an API pull of the same account sync with each other.

    Readwise     GET /export/?updatedAfter=…&pageCursor=…    Authorization: Token …   (v2 export API)
    Raindrop.io  GET /raindrops/0?page=N&perpage=50         Authorization: Bearer …
    Hypothesis   GET /profile, then /search?user=…&search_after=…&sort=created&order=asc   Bearer …
    linkding     GET <base>/api/bookmarks/?limit=100, then `next`   Authorization: Token …
    Zotero       GET /<users|groups>/<id>/items/top?limit=100&start=N (Link: rel="next")   Zotero-API-Key
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass

from newsletter.config import Imports
from newsletter.errors import NewsletterError
from newsletter.importers import hypothesis, raindrop, readwise, zotero_csl
from newsletter.importers.amazon_edition import without_edition
from newsletter.importers.api import Client, ServiceError
from newsletter.importers.common import Record, clean, unreadable, web_link, when
from newsletter.importers.model import Highlight, Parsed, SavedItem
from newsletter.links.name_order import full_name

PAGE_CAP = 10_000  # pages per pull: a loop that never ends is a service bug, not a big library


@dataclass(frozen=True)
class Service:
    name: str
    about: str
    url_setting: str  # in [imports]
    token_setting: str  # in [imports]: the name of the environment variable holding the token
    pull: Callable[[Client, Imports, dt.datetime | None], Parsed]
    auth: Callable[[str], dict[str, str]]
    needs: tuple[str, ...] = ()  # other [imports] settings it cannot work without


def pull(
    name: str, settings: Imports, since: dt.datetime | None = None, environ: dict[str, str] | None = None
) -> Parsed:
    """Everything the service holds (updated after `since`, where the API can ask for that)."""
    environ = os.environ if environ is None else environ
    service = SERVICES.get(name)
    if service is None:
        raise NewsletterError(f"Unknown service '{name}'; import knows {', '.join(SERVICES)}.")
    for setting in (service.url_setting, *service.needs):
        if not getattr(settings, setting):
            raise NewsletterError(
                f"{service.about}: set `{setting}` in [imports] in newsletter.toml "
                f"({_HINTS.get(setting, 'see the README')})."
            )
    token_env = getattr(settings, service.token_setting)
    token = (environ.get(token_env) or "").strip()
    if not token:
        raise NewsletterError(
            f"{service.about}: no token; put yours in the environment variable ${token_env} ({_TOKEN_PAGES[name]})."
        )
    base = getattr(settings, service.url_setting)
    if not re.match(r"https?://[^/\s]+", base):
        raise NewsletterError(
            f"{service.about}: [imports] {service.url_setting} = {base!r} is not a web "
            "address; write it like https://links.example.org."
        )
    with Client(
        service.about,
        base,
        service.auth(token),
        token_env=token_env,
        timeout=settings.timeout,
        retries=settings.retries,
    ) as client:
        return service.pull(client, settings, since)


def _pages(fetch: Callable[[int], object], service: str) -> None:
    """Call fetch(page number) until it names no next page. It returns the next page's name as
    the service gave it (a cursor, an address, the last record's time): one named twice is a
    service going round in circles, which was asked for the same page until PAGE_CAP."""
    asked: set[str] = set()
    for number in range(PAGE_CAP):
        following = fetch(number)
        if not following:
            return
        if repr(following) in asked:
            raise ServiceError(
                f"{service}: it named the same next page twice ({clean(str(following))[:80]}); stopped rather "
                "than ask for it again, nothing was imported. Try again later."
            )
        asked.add(repr(following))
    raise ServiceError(f"{service}: more than {PAGE_CAP} pages; stopped (the service kept saying there was more).")


def _objects(value) -> list[dict]:
    """The objects of a list in an API's answer: what a service sends is untrusted, and a record
    of another shape (a number, a string, null) raised AttributeError out of `import`."""
    return [one for one in value if isinstance(one, dict)] if isinstance(value, list) else []


def _shown(value) -> str:
    """A record's id as a warning names it: the answer is untrusted, and an id holding an escape
    sequence (ESC ] 0 ; … BEL retitles a terminal, others recolour or rewrite what is on it)
    reached the terminal as it was."""
    return clean(str(value))[:60]


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


# Readwise: the v2 export API, books (documents) with their highlights, incremental by updatedAfter.


def _readwise(client: Client, settings: Imports, since: dt.datetime | None) -> Parsed:
    parsed, cursor = Parsed(readwise.NAME), None

    def page(_: int):
        nonlocal cursor
        params = {"updatedAfter": _iso(since)} if since else {}
        data = client.json("/export/", {**params, **({"pageCursor": cursor} if cursor else {})})
        for book in _objects(data.get("results")):
            item = _readwise_book(book, parsed.warnings)
            if item is not None:
                parsed.items.append(item)
        cursor = data.get("nextPageCursor")
        return cursor

    _pages(page, "Readwise")
    return parsed


def _readwise_book(book: dict, warnings: list[str]) -> SavedItem | None:
    fields = Record(book, f"Readwise: document {_shown(book.get('user_book_id'))}", warnings)
    title = fields.text("readable_title") or fields.text("title")
    if not title:
        return None
    fields.where = f"Readwise: '{title}'"  # a document is known by its title
    author = fields.text("author")
    asin = fields.text("asin")
    item = SavedItem(
        source=readwise.NAME,
        source_id=asin or f"{title} | {author or ''}",
        title=without_edition(title) if asin else title,  # a Kindle book: the store's "(Spanish Edition)"
        url=(url := web_link(book.get("source_url") or book.get("unique_url"))),
        authors=readwise.authors(author, url),
        tags=fields.tags("book_tags"),
        kind=readwise.CATEGORY_KINDS.get((fields.text("category") or "").lower()),
        note=fields.text("document_note", lines=True),
    )
    for raw in _objects(book.get("highlights")):
        marked = Record(raw, fields.where, warnings)
        text = marked.text("text", lines=True)
        if not text or raw.get("is_deleted"):
            continue
        moment = when(raw.get("highlighted_at") or raw.get("created_at"))
        item.highlights.append(
            Highlight(
                text=text,
                note=marked.text("note", lines=True),
                location=readwise.location(raw.get("location_type"), raw.get("location")),
                highlighted_at=moment,
            )
        )
        if moment and (item.saved_at is None or moment > item.saved_at):
            item.saved_at = moment
    return item


# Raindrop.io: every collection (0), 50 a page, highlights included.


def _raindrop(client: Client, settings: Imports, since: dt.datetime | None) -> Parsed:
    parsed, per_page = Parsed("raindrop"), 50

    def page(number: int):
        data = client.json("/raindrops/0", {"page": number, "perpage": per_page, "sort": "created"})
        items = _objects(data.get("items"))
        for raw in items:
            url = web_link(raw.get("link"))
            if url is None:
                parsed.warnings.append(f"Raindrop.io: skipped item {_shown(raw.get('_id'))}: no web link")
                continue
            fields = Record(raw, f"Raindrop.io: item {_shown(raw.get('_id'))} ({url})", parsed.warnings)
            marks = [Record(h, fields.where, parsed.warnings) for h in _objects(raw.get("highlights"))]
            parsed.items.append(
                SavedItem(
                    source="raindrop",
                    source_id=fields.text("_id", number=True) or url,
                    url=url,
                    title=raindrop.title_of(fields.text("title")),
                    saved_at=when(raw.get("created")),
                    date_written=unreadable(raw.get("created")),
                    tags=fields.tags("tags"),
                    note=fields.text("note", lines=True),
                    excerpt=fields.text("excerpt", lines=True),
                    highlights=[
                        Highlight(text, mark.text("note", lines=True), highlighted_at=when(mark.raw.get("created")))
                        for mark in marks
                        if (text := mark.text("text", lines=True))
                    ],
                )
            )
        count = data.get("count")
        return number + 1 if items and isinstance(count, int) and (number + 1) * per_page < count else None

    _pages(page, "Raindrop.io")
    return parsed


# Hypothesis: the token's own user, then their annotations oldest first, by search_after.


def _hypothesis(client: Client, settings: Imports, since: dt.datetime | None) -> Parsed:
    user = client.json("/profile").get("userid")
    if not user:
        raise ServiceError(
            "Hypothesis: the token is not a user's (the profile has no userid); "
            "make a developer token at hypothes.is/account/developer and put it in "
            f"${client.token_env}."
        )
    rows: list = []
    after = _iso(since) if since else None

    def page(_: int):
        nonlocal after
        params = {"user": user, "limit": 200, "sort": "created", "order": "asc"}
        found = _objects(client.json("/search", {**params, **({"search_after": after} if after else {})}).get("rows"))
        rows.extend(found)
        after = found[-1].get("created") if found else None
        return after

    _pages(page, "Hypothesis")
    return hypothesis.from_rows(rows, "Hypothesis")


# linkding: a self-hosted bookmark manager; its REST API pages by `next` links.


def _linkding(client: Client, settings: Imports, since: dt.datetime | None) -> Parsed:
    parsed = Parsed("linkding")
    following = "/api/bookmarks/"

    def page(number: int):
        nonlocal following
        data = client.json(following, {"limit": 100} if number == 0 else None)
        for raw in _objects(data.get("results")):
            url = web_link(raw.get("url"))
            if url is None:
                continue
            fields = Record(raw, f"linkding: bookmark {_shown(raw.get('id'))} ({url})", parsed.warnings)
            notes = [fields.text("description", lines=True), fields.text("notes", lines=True)]
            parsed.items.append(
                SavedItem(
                    source="linkding",
                    source_id=fields.text("id", number=True) or url,
                    url=url,
                    title=fields.text("title") or fields.text("website_title"),
                    saved_at=when(raw.get("date_added")),
                    date_written=unreadable(raw.get("date_added")),
                    tags=fields.tags("tag_names"),
                    unread=bool(raw.get("unread")),
                    note="\n\n".join(filter(None, notes)) or None,
                )
            )
        following = data.get("next")
        return following

    _pages(page, "linkding")
    return parsed


# Zotero: the Web API v3, top-level items of a user or group library, Link rel="next" pagination.

ZOTERO_KINDS = {
    "book": "book",
    "bookSection": "book",
    "webpage": None,
    "blogPost": None,
    "forumPost": "thread",
    "videoRecording": "video",
    "podcast": "podcast",
    "computerProgram": "tool",
    "newspaperArticle": None,
    "magazineArticle": None,
    "presentation": "talk",
}


def _zotero(client: Client, settings: Imports, since: dt.datetime | None) -> Parsed:
    parsed = Parsed("zotero")
    library = settings.zotero_library.strip("/")
    if not re.fullmatch(r"(users|groups)/\d+", library):
        raise NewsletterError(
            f"Zotero: [imports] zotero_library = {settings.zotero_library!r}; write it as "
            "users/<your user id> or groups/<group id> (zotero.org/settings/keys shows yours)."
        )
    following = f"/{library}/items/top"

    def page(number: int):
        nonlocal following
        response = client.get(following, {"limit": 100, "format": "json"} if number == 0 else None)
        try:
            records = response.json()
        except (ValueError, RecursionError):
            raise ServiceError("Zotero: the answer was not JSON; check [imports] zotero_url.")
        for record in records if isinstance(records, list) else []:
            data = record.get("data") if isinstance(record, dict) else None
            item = _zotero_item(data, parsed.warnings) if isinstance(data, dict) else None
            if item is not None:
                parsed.items.append(item)
        following = response.links.get("next", {}).get("url")
        return following

    _pages(page, "Zotero")
    return parsed


def _zotero_item(data: dict, warnings: list[str]) -> SavedItem | None:
    fields = Record(data, f"Zotero: item {_shown(data.get('key'))}", warnings)
    kind = fields.text("itemType") or ""
    if kind in ("note", "attachment", "annotation"):
        return None
    title = zotero_csl.plain(fields.text("title"))
    if not title:
        return None
    doi = (fields.text("DOI") or "").removeprefix("https://doi.org/") or None
    people = [
        _zotero_person(person, fields)
        for person in _objects(data.get("creators"))
        if person.get("creatorType", "author") in ("author", "presenter")
    ]
    return SavedItem(
        source="zotero",
        source_id=fields.text("key") or doi or title,
        title=title,
        url=web_link(data.get("url")) or (f"https://doi.org/{doi}" if doi else None),
        saved_at=when(data.get("accessDate")) or when(data.get("dateAdded")),
        authors=[p for p in people if p],
        tags=fields.tags("tags"),
        kind=ZOTERO_KINDS.get(kind, "paper"),
        doi=doi,
        issued=fields.text("date"),
        excerpt=fields.text("abstractNote", lines=True),
    )


def _zotero_person(person: dict, fields: Record) -> str | None:
    """A creator's name: one field (`name`), or `firstName` and `lastName`."""
    if person.get("name") is not None:
        return fields.text("creators", value=person["name"])
    given, family = (fields.text("creators", value=person.get(part)) or "" for part in ("firstName", "lastName"))
    return clean(full_name(given, family)) or None


def _token(word: str) -> Callable[[str], dict[str, str]]:
    return lambda token: {"Authorization": f"{word} {token}"}


SERVICES = {
    service.name: service
    for service in [
        Service("readwise", "Readwise", "readwise_url", "readwise_token_env", _readwise, _token("Token")),
        Service("raindrop", "Raindrop.io", "raindrop_url", "raindrop_token_env", _raindrop, _token("Bearer")),
        Service("hypothesis", "Hypothesis", "hypothesis_url", "hypothesis_token_env", _hypothesis, _token("Bearer")),
        Service("linkding", "linkding", "linkding_url", "linkding_token_env", _linkding, _token("Token")),
        Service(
            "zotero",
            "Zotero",
            "zotero_url",
            "zotero_token_env",
            _zotero,
            lambda token: {"Zotero-API-Key": token, "Zotero-API-Version": "3"},
            needs=("zotero_library",),
        ),
    ]
}
_TOKEN_PAGES = {
    "readwise": "readwise.io/access_token",
    "raindrop": "app.raindrop.io/settings/integrations: a test token",
    "hypothesis": "hypothes.is/account/developer",
    "linkding": "your linkding's Settings > Integrations",
    "zotero": "zotero.org/settings/keys",
}
_HINTS = {
    "linkding_url": "your linkding's address, like https://links.example.org",
    "zotero_library": "users/<your user id> or groups/<group id>",
}
