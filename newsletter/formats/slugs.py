"""A post's slug, its folder and the last part of its address on the blog: the edition's title
in lower-case ASCII words."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

from newsletter.formats.json_object import json_object_in
from newsletter.formats.post import split_post
from newsletter.models import Edition


def slug(edition: Edition, record: Path | None = None, posts: Path | None = None) -> str:
    """The post's slug: the title's words, with the year when the title lacks it; a title with no
    ASCII word but its numbers ('秋の読書', 'מה קראתי השבוע', '2026年 秋の読書', init's
    '本周阅读记录（2026年11月30日至12月6日）' and '2026年4月阅读记录') gives its period
    ('2026-w49', '2026-04'): the year alone was every such edition's slug, and the second one's
    build was refused; a date's numbers read as a date of their own ('2026-11-30-12-6') and April's
    month sorted after November's ('2026-4'). `record`, the edition's build.json: a post its last build put at the slug
    versions before 2026-12 gave the title keeps it (`_slugs_before`). Without a record that
    names a slug (dist/ deleted: it is build output), the site's `posts` folder tells: the post
    published there at the old slug, this edition's, keeps it, where the build wrote a second
    post of the edition at the new slug, both then published."""
    made = _with_period(_with_year(slugify(edition.title), edition), edition)
    earlier = [before for before in _slugs_before(edition) if before != made]
    if not earlier:
        return made
    recorded = _recorded(record) if record is not None else None
    if recorded is not None:
        return recorded if recorded in earlier else made
    if posts is not None and not (posts / made / "index.md").exists():
        return next((before for before in earlier if _published_at(posts, before, edition)), made)
    return made


def _published_at(posts: Path, slugged: str, edition: Edition) -> bool:
    """Whether `posts/<slugged>/index.md` is this edition's post: its front matter gives that
    slug and a date within the edition's period (render.publication_date), as no other's does.
    Read by the front matter's own parser, TOML or YAML: `hugo convert toYAML` rewrites them all."""
    try:
        meta, _ = split_post((posts / slugged / "index.md").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return False
    day = meta.get("date")
    if isinstance(day, str):  # quoted: '2021-02-28T00:00:00+09:00'
        try:
            day = dt.date.fromisoformat(day[:10])
        except ValueError:
            return False
    if isinstance(day, dt.datetime):
        day = day.date()
    return meta.get("slug") == slugged and isinstance(day, dt.date) and day in edition.period


def _with_year(slugged: str, edition: Edition, numbers: bool = False) -> str:
    """`numbers`: a slug of numbers alone but the year kept them, as versions before 2026-12 did."""
    words = [word for word in slugged.split("-") if word]
    year = str(edition.period.end.year)
    if not set(words) - {year}:  # '2026年 秋の読書', 'Что я читал в 2026': the year alone is every edition's
        return edition.period.key.lower()
    if not numbers and all(word.isdigit() for word in words):  # a date in words without ASCII spelling
        return edition.period.key.lower()
    return "-".join(words + ([] if year in words else [year]))


def _with_period(slugged: str, edition: Edition) -> str:
    """`slugged` ending in the month ('digest-2026-12') where the title's letters with no ASCII
    spelling were all that told it from the year's other months: 'Digest: {month} {year}' in
    Ukrainian, 'Digest: грудень 2026', was slugged digest-2026, as was every month of 2026, and
    the second month's build was refused as taking the first's post. A slug of numbers alone (the
    period already, by _with_year) or holding the month's number ('reading-12-2026' of 'Reading
    12月 2026') is as it was, and so is a week's, whose days tell it apart."""
    period, words = edition.period, [word for word in slugged.split("-") if word]
    if period.kind != "month" or not any(c.isalpha() and _parts_words(c) for c in edition.title):
        return slugged
    if str(period.start.month) in (word.lstrip("0") for word in words) or all(w.isdigit() for w in words):
        return slugged
    year = str(period.end.year)
    return "-".join([word for word in words if word != year] + period.key.split("-"))


# Latin letters NFKD leaves whole, spelled as their languages write them without the letter:
# 'Große Bücher' was slugged groe-bucher, 'Bøger' bger, 'Łódź' odz.
_SPELLED = str.maketrans(
    {"ß": "ss", "ẞ": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d"}
    | {"ł": "l", "Ł": "l", "þ": "th", "Þ": "th", "ð": "d", "Ð": "d"}
    # Turkish and Azeri dotless ı ('Kırmızı' was krmz; its capital İ decomposes), Maltese ħ, Sami ŧ
    | {"ı": "i", "ħ": "h", "Ħ": "h", "ŧ": "t", "Ŧ": "t"}
)


def spelled(text: str) -> str:
    """`text` with the Latin letters NFKD leaves whole spelled in ASCII ('ł' l, 'ø' o, 'æ' ae)."""
    return text.translate(_SPELLED)


# The vowels whose compatibility decomposition begins with a mark that joins nothing (found by
# scanning Unicode for one): NFKD spells Thai's and Lao's am as nikhahit and aa, which look the
# same but are other characters: 'ทำไม' was named ทํา…, a name her file search for ทำไม missed
_SPLIT_VOWELS = re.compile("([\u0e33\u0eb3\u0f77\u0f79])")


def compatibility_folded(text: str) -> str:
    """NFKD of `text` (full- and half-width forms as their letters, ligatures as theirs), the
    vowels it would split in two left as written."""
    parts = _SPLIT_VOWELS.split(text)
    return "".join(part if i % 2 else unicodedata.normalize("NFKD", part) for i, part in enumerate(parts))


def latin_in_ascii(text: str) -> str:
    """`text` with each Latin letter as ASCII writes it ('María' Maria, 'Große' Grosse, full-width
    'Ｌ' L), every other character as it is."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPELLED))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def slugify(text: str, spelled: bool = True) -> str:
    """Lower-case ASCII words joined by '-': a post's slug, part of its URL. (Entry file names
    keep every script: `entry_names.file_name`.) `spelled=False`: as versions before `_SPELLED` did."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPELLED) if spelled else text)
    parted = decomposed if decomposed.isascii() else "".join(" " if _parts_words(c) else c for c in decomposed)
    ascii_text = parted.encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text))


def _slugs_before(edition: Edition) -> list[str]:
    """The slugs earlier versions gave the title, which a post published at one keeps: before
    `_parts_words`, every letter with no ASCII spelling dropped (Yuki's '2026年11月に読んだもの'
    was published at /p/202611-2026/, and an edition built again after the change moved to
    /p/2026-11/: a redirect left at the old address, but a new address for her readers' feeds,
    and her images left in the old folder); before `_SPELLED` (/p/groe-bucher-2026/); and a title's
    numbers alone before they gave its period (Chen's /posts/2026-11-30-12-6/, '2026-4')."""
    ascii_text = unicodedata.normalize("NFKD", edition.title).encode("ascii", "ignore").decode().lower()
    oldest = _with_year("-".join(re.findall(r"[a-z0-9]+", ascii_text)), edition, numbers=True)
    spelled_before = _with_year(slugify(edition.title, spelled=False), edition, numbers=True)
    before = [oldest, spelled_before, _with_year(slugify(edition.title), edition, numbers=True)]
    return list(dict.fromkeys(before + _week_across_new_year(edition)))


def _week_across_new_year(edition: Edition) -> list[str]:
    """A week from December into January titled year first ("Data 2026年12月28日〜2027年1月3日")
    wrote its last day without its year before d7fe864 ("〜1月3日"): its post, published at
    /data-2026-12-28-1-3-2027/, moved when built again. Its slug without the new year's number
    there (a title that wrote it already, "… January 3, 2027", gives its own slug again)."""
    period = edition.period
    words = slugify(edition.title).split("-")
    if period.kind != "week" or period.start.year == period.end.year or str(period.end.year) not in words:
        return []
    words.remove(str(period.end.year))  # (the first: the {year} before the first day is the old year)
    return [_with_year("-".join(words), edition)]


def _recorded(record: Path) -> str | None:
    """The post slug the edition's last build recorded (None without a readable one)."""
    # (a damaged record names none, as the build's own reading of build.json takes it: one nested
    # past Python's recursion limit ended the build of an edition titled with a ß)
    return (json_object_in(record) or {}).get("post_slug")


def _parts_words(char: str) -> bool:
    """Whether `char` stands between the ASCII words around it as a space does: a letter or digit
    of a script with no ASCII spelling, or a wide character. '2026年11月' was slugged '202611',
    its 年 dropped and the year and month run together. Latin letters NFKD leaves whole (ß, æ,
    ø), punctuation (the apostrophe of 'd’avril') and modifier letters, which belong to the
    word around them (the ʻokina of 'Hawaiʻi', slugged hawai-i), are dropped, as they were. A
    dash parts words as the ASCII hyphen does: Swedish, Danish and Norwegian weeks run
    "30 november–6 december", slugged '30-november6-december'."""
    if char < "\x80" or unicodedata.combining(char):
        return False
    kind = unicodedata.category(char)
    if unicodedata.east_asian_width(char) in "WF" or kind == "Pd":
        return True
    return kind[0] in "LN" and kind != "Lm" and not unicodedata.name(char, "").startswith("LATIN")
