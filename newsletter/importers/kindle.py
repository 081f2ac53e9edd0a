"""Kindle's "My Clippings.txt": highlights and notes of every book read on the device.

Each clipping is four parts ended by a line of ten `=`:

    Title (Author; Other Author)
    - Your Highlight on page 12 | Location 1406-1410 | Added on Sunday, 5 March 2023 22:11:12

    The highlighted text
    ==========

Notes (`- Your Note on …`) are attached to the highlight whose location they fall in or end at;
bookmarks are skipped; a highlight widened or shortened on the device (a second clipping holding
or held by the first) is kept once, at its longest. One item per book (`kind: book`, no link),
dated by its latest clipping, titled without the "(Spanish Edition)" Amazon adds in a store of
another language.
The file is read clipping by clipping. Amazon does not document the format; this follows what
the devices write, in the device's language: English, German, French, Spanish, Italian, Portuguese
or Japanese labels and dates ("- Ihre Notiz bei Position 40 | Hinzugefügt am Samstag, 14. November 2026 09:02:11",
"- Seu destaque ou posição 3631-3632 | Adicionado: quinta-feira, 12 de janeiro de 2017 17:34:14",
"- 25ページ|位置No. 372-373のハイライト |作成日: 2025年4月2日水曜日 21:05:10", where the kind
ends the place); in another language each clipping is kept as a highlight, undated.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable

from newsletter.importers.amazon_edition import is_edition, without_edition
from newsletter.importers.common import clean
from newsletter.importers.model import AS_WRITTEN, Highlight, Parsed, SavedItem
from newsletter.links.name_order import full_name

NAME = "kindle"
SEPARATOR = "=========="
_META = re.compile(r"^-\s*(?:Your\s+)?(?P<what>\w+)(?P<rest>.*)$")
_DATE_FORMATS = ("%A, %B %d, %Y %I:%M:%S %p", "%A, %d %B %Y %H:%M:%S", "%A, %B %d, %Y, %I:%M %p")
# The clipping's kind in each device language: its label word, then where it is and when it was added
_LABELS = {
    **dict.fromkeys(
        ("highlight", "markierung", "surlignement", "subrayado", "evidenziazione", "destaque"), "highlight"
    ),
    **dict.fromkeys(("note", "notiz", "nota"), "note"),
    **dict.fromkeys(("bookmark", "lesezeichen", "signet", "marcador", "segnalibro"), "bookmark"),
}
_ADDED = r"(?:added on|hinzugefügt am|ajouté le|añadido el|aggiunto (?:in data|il)|adicionado:|作成日\s*[:：])"
_LOCATION = r"(?:location|position|emplacement|posici[oó]n|posizione|posição|位置no\.?)"
_PAGE = r"(?:page|seite|p[aá]gina)"
# A Japanese device names the kind after the place, before the date: "…位置No. 15-16のハイライト |作成日: …"
_JAPANESE_KIND = re.compile(r"の(ハイライト|メモ|ブックマーク)\s*(?=\||$)")
_JAPANESE_KINDS = {"ハイライト": "highlight", "メモ": "note", "ブックマーク": "bookmark"}
# "2025年4月2日水曜日 21:05:10", and older devices' "2015年9月17日 木曜日 午後11:15:51" (午前 AM, 午後 PM)
_JAPANESE_DATE = re.compile(r"(\d{4})年\s*(\d{1,2})月\s*(\d{1,2})日\D*?(午前|午後)?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?")
_MONTHS = {
    name: number
    for names in (
        "january february march april may june july august september october november december",
        "januar februar märz april mai juni juli august september oktober november dezember",
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
        "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
        "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    )
    for number, name in enumerate(names.split(), start=1)
}
# "Samstag, 14. November 2026 09:02:11", "dimanche 15 novembre 2026 11:00:00", "martes, 15 de enero de 2019 20:56:13"
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\.?\s+(?:de\s+)?(\w+)\s+(?:de\s+)?(\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?")


def _label(line: str) -> tuple[str, str] | None:
    """(kind, the rest of the line) of a clipping's second line: its first known label word
    ("- La tua evidenziazione a pagina 8 | ..."), else its first word after "Your" (kept as a
    highlight); None when it is not such a line."""
    if japanese := _JAPANESE_KIND.search(line):
        return _JAPANESE_KINDS[japanese[1]], line[1 : japanese.start()] + line[japanese.end() :]
    head = line.split("|", 1)[0]
    for word in re.finditer(r"\w+", head):
        if (kind := _LABELS.get(word[0].lower())) is not None:
            return kind, line[word.end() :]
    meta = _META.match(line)
    return (meta["what"].lower(), meta["rest"]) if meta else None


def parse(text: str | Iterable[str], name: str) -> Parsed:
    parsed = Parsed(NAME)
    books: dict[tuple[str, tuple[str, ...]], SavedItem] = {}
    undated = 0  # clippings whose "Added on" part is in a language not read here
    placed: dict[str, dict[int, list[Highlight]]] = {}  # each book's highlights by where they are (_place)
    for start, lines in _clippings(text):
        meta = _label(lines[1].strip()) if len(lines) >= 2 and lines[1].strip().startswith("-") else None
        if meta is None:
            parsed.warnings.append(f"{name}:{start}: skipped a clipping without a '- Your Highlight…' line")
            continue
        what, rest = meta
        if what == "bookmark":
            continue
        title, authors = _title_authors(clean(lines[0]))
        body = clean("\n".join(lines[2:]), lines=True)
        if not title or not body:
            parsed.warnings.append(f"{name}:{start}: skipped an empty clipping")
            continue
        book = books.get((title, tuple(authors)))
        if book is None:
            book = books[(title, tuple(authors))] = SavedItem(
                source=NAME, source_id=" | ".join([title, *authors]), title=title, authors=authors, kind="book"
            )
            parsed.items.append(book)
        moment = _added(rest)
        undated += moment is None and "|" in rest
        if moment and (book.saved_at is None or moment > book.saved_at):
            book.saved_at = moment
        location = _location(rest)
        if what == "note":
            target = _highlight_at(book.highlights, rest)
            if target is not None and target.note is None:
                target.note = body
                continue
            book.highlights.append(Highlight(text="", note=body, location=location, highlighted_at=moment))
        elif not _extends(book.highlights, body, location, moment, placed.setdefault(book.source_id, {})):
            book.highlights.append(Highlight(text=body, location=location, highlighted_at=moment))
            _place(placed[book.source_id], book.highlights[-1])
    if undated:  # else the whole library lands, silently, in the edition of the import's day
        parsed.warnings.append(
            f"{name}: could not read when {undated} clipping{'s were' if undated > 1 else ' was'} added (the device's "
            "language is not English, German, French, Spanish, Italian, Portuguese or Japanese?); a book none of "
            "whose clippings has a date is dated the day of the import"
        )
    return parsed


def _extends(
    highlights: list[Highlight], body: str, location: str | None, moment, placed: dict[int, list[Highlight]]
) -> bool:
    """True if `body` re-marks a highlight (Kindle adds a clipping each time one is widened,
    shortened or moved over part of it, and keeps the old one too): the longer text is kept,
    once. The last five highlights, and any earlier one whose location range meets this one's
    (a re-highlight on a second reading comes long after), found by `placed` (_place)."""
    span = _span(location)
    nearby = [h for bucket in _buckets(span) for h in placed.get(bucket, ())] if span else []
    for highlight in [*reversed(highlights[-5:]), *nearby]:
        near = _span(highlight.location)
        if span and near and (near[1] < span[0] or span[1] < near[0]):
            continue  # elsewhere in the book
        if highlight.text and (body in highlight.text or highlight.text in body or _overlap(highlight.text, body)):
            if len(body) > len(highlight.text):
                highlight.text, highlight.location, highlight.highlighted_at = body, location, moment
                _place(placed, highlight)
            return True
    return False


def _place(placed: dict[int, list[Highlight]], highlight: Highlight) -> None:
    """File a highlight under every stretch of LOCATIONS its range touches: the ones a new
    clipping's range meets are looked up there, not every highlight of the book (3,000 clippings
    of one book took 0.78 s compared with every earlier one, ~0.2 s so; 0.08 s with the last five only)."""
    for bucket in _buckets(_span(highlight.location)):
        filed = placed.setdefault(bucket, [])
        if not any(each is highlight for each in filed):  # (one widened: filed again where it reaches now)
            filed.append(highlight)


LOCATIONS = 100


def _buckets(span: tuple[int, int] | None) -> range:
    return range(span[0] // LOCATIONS, min(span[1], span[0] + 100 * LOCATIONS) // LOCATIONS + 1) if span else range(0)


@functools.lru_cache(maxsize=4096)  # (each earlier highlight's, at every clipping of its book)
def _span(location: str | None) -> tuple[int, int] | None:
    return _numbers(location or "", _LOCATION) or _numbers(location or "", _PAGE)


OVERLAP = 12  # characters two highlights share at least, one's end the other's start, to be one passage


def _overlap(one: str, other: str) -> bool:
    """Whether one text's end is the other's start, on a word's edge (a highlight moved over
    part of another: 'A B C' and 'B C D'), at least OVERLAP characters of it."""
    for first, second in ((one, other), (other, one)):
        start = first.find(second[:OVERLAP])
        while start > 0:
            if second.startswith(first[start:]) and not (first[start - 1].isalnum() and second[0].isalnum()):
                return True
            start = first.find(second[:OVERLAP], start + 1)
    return False


def _clippings(text: str | Iterable[str]):
    """(first line, lines) of each clipping, read line by line."""
    lines: list[str] = []
    start = 1
    for number, line in enumerate(text.splitlines() if isinstance(text, str) else text, start=1):
        line = line.rstrip("\r\n")
        if line.strip() == SEPARATOR:
            while lines and not lines[0].strip():
                lines.pop(0)
                start += 1
            if lines:
                yield start, lines
            lines, start = [], number + 1
        else:
            lines.append(line)
    if any(line.strip() for line in lines):
        yield start, lines


def _title_authors(line: str) -> tuple[str, list[str]]:
    """'Title (Last, First; Other)' -> ('Title', ['First Last', 'Other']); no parentheses, or only
    Amazon's "(Spanish Edition)" (a book without an author, bought in a store of another language): no author."""
    match = re.match(r"^(.*?)\s*\(([^()]*)\)\s*$", line)
    if not match or is_edition(match[2]):
        return without_edition(line), []
    return without_edition(match[1]), [_first_last(name.strip()) for name in match[2].split(";") if name.strip()]


def _first_last(name: str) -> str:
    """Kindle writes 'Hunt, Andrew'; entries name people as they are called: 'Andrew Hunt'
    (and '夏目, 漱石' as 夏目漱石)."""
    last, comma, first = name.partition(",")
    return full_name(first, last) if comma and first.strip() and "," not in first else name


def _location(rest: str) -> str | None:
    parts = [part.strip() for part in rest.split("|")]
    found = [
        re.sub(r"^(?:on|at|auf|bei|sur(?: la)?|en(?: la)?|a|alla?|ou|na|no)\s+", "", part, flags=re.I)
        for part in parts
        if re.search(r"\d", part) and not re.match(_ADDED, part, re.I)
    ]
    # "Location 12" reads "location 12" inside a sentence; "位置No. 12" keeps its "No."
    return ", ".join(part[:1].lower() + part[1:] for part in found) or None


def _numbers(rest: str, word: str) -> tuple[int, int] | None:
    # a few digits: int() of more than 4,300 (a damaged or made-up file) raised ValueError out of `import`
    match = re.search(word + r"\s+(\d{1,9})(?:-(\d{1,9}))?(?!\d)", rest, re.I)
    return (int(match[1]), int(match[2] or match[1])) if match else None


def _highlight_at(highlights: list[Highlight], rest: str) -> Highlight | None:
    """The latest highlight whose location range holds the note's location (Kindle puts it at the end)."""
    spot = _numbers(rest, _LOCATION) or _numbers(rest, _PAGE)
    if spot is None:
        return None
    for highlight in reversed(highlights):
        span = _numbers(highlight.location or "", _LOCATION) or _numbers(highlight.location or "", _PAGE)
        if highlight.text and span and span[0] <= spot[0] <= span[1]:
            return highlight
    return None


def _added(rest: str) -> dt.datetime | None:
    match = re.search(_ADDED + r"\s*(.*)$", rest, re.I)
    if not match:
        return None
    if japanese := _JAPANESE_DATE.search(match[1]):
        year, month, day, half, hour, minute, second = japanese.groups()
        hour = int(hour) % 12 + 12 if half == "午後" else int(hour) % 12 if half == "午前" else int(hour)
        try:
            return dt.datetime(int(year), int(month), int(day), hour, int(minute), int(second or 0), tzinfo=AS_WRITTEN)
        except ValueError:  # 31 February: a damaged file
            return None
    for pattern in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(match[1].strip(), pattern).replace(tzinfo=AS_WRITTEN)
        except ValueError:
            continue
    found = _DAY_MONTH_YEAR.search(match[1])
    if found is None or found[2].lower() not in _MONTHS:
        return None
    day, month, year, hour, minute = (
        int(found[1]),
        _MONTHS[found[2].lower()],
        int(found[3]),
        int(found[4]),
        int(found[5]),
    )
    try:
        return dt.datetime(year, month, day, hour, minute, int(found[6] or 0), tzinfo=AS_WRITTEN)
    except ValueError:  # 31 February: a damaged file
        return None
