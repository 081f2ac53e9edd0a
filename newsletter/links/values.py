"""Cleaners for single metadata values: text, titles, names, durations, languages (dates: date_values.py).

Every function takes whatever a page offered (usually a string, sometimes junk) and
returns a clean value or None. "None" means "this source is no good, try the next one",
which is how `extract.py` makes the best source win without ever picking a bad value.
"""

from __future__ import annotations

import html
import re

from newsletter.links import unseen
from newsletter.links.caseless import Caseless
from newsletter.links.leaked_markup import without_markup
from newsletter.links.untrusted import shows, truncate  # the one clamp for fetched text, shared with the providers

_ENTITY = re.compile(r"&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]{1,31});", re.I)


def first_good(candidates, clean):
    """The first candidate that survives `clean`, or None."""
    for candidate in candidates:
        if candidate is not None and (value := clean(candidate)):
            return value
    return None


def clean_text(value) -> str | None:
    """Plain text, one line: entities decoded, whitespace collapsed, or None if empty.

    The parser already decoded entities once; pages that double-encode ("&amp;#39;")
    are common enough that one more pass is worth the rare literal "&lt;" it decodes.
    JSON-LD is no HTML, so the parser leaves its text as written: a CMS that escapes its
    HTML text and then the JSON's ("K&amp;uuml;hlt&amp;uuml;rme") needs a pass more.
    Tags are never interpreted: "<script>" in a title stays the literal text.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    for _ in range(2):
        if "&" not in value or not _ENTITY.search(value):
            break
        value = html.unescape(value)
    if not (value.isascii() and value.isprintable()):  # the common case needs no regex
        value = unseen.without(value)
    value = " ".join(value.split())
    return value if value and (value.isascii() or shows(value)) else None


# --- Titles -------------------------------------------------------------------------

# A title is cut to 300 characters in the end (untrusted.truncate): past this many, a <title> is
# junk, and a 1 MB one went whole through every cleaning step and word comparison (0.9 s of its page).
TITLE_READ = 3000

# Titles of pages that stand between us and the real one. Matched against the whole
# title, optionally followed by " | Whoever", so an article *about* logins is not a wall.
_WALLS = Caseless(  # (every title candidate is asked, and each of a few dozen alternatives tried)
    r"(before you continue( to .+)?|just a moment|attention required!?|access denied"
    r"|access to this page has been denied|you have been blocked|(sign|log) ?-?in( to .+)?"
    r"|login|are you (a robot|human)\??|verify (that )?you are (a )?human"
    r"|(human|bot|security|robot) (verification|check)|one more step|captcha"
    r"|checking (if the site connection is secure|your browser( before accessing .+)?)"
    r"|ddos-guard|please wait|redirecting|subscribe to (read|continue)|we value your privacy"
    r"|(cookie|privacy) (consent|settings|preferences)|consent required"
    r"|(error )?(403|404|410|429|500|502|503)( [a-z ]+)?|forbidden|(page )?not found)"
    r"[.…!\s]*(\s[|\-–—·•:]\s.*)?"
)
# "｜": Japanese sites, unspaced; "«": WordPress's old default "Post « Blog", still on many blogs
SEPARATOR = re.compile(r"\s+(?:[|\-–—·•»«:]|::)\s+|\s*｜\s*")
_LONE_AFFIX = re.compile(r"[|\-–—·•»«:｜]\s*(.+)|(.+?)\s*[|\-–—·•»«:｜]")  # " - YouTube": no title left
_BYLINE = re.compile(r"by\s+(\S.{0,60})", re.I)  # Medium: "Title | by Jane Doe | Site"
_DOCS = re.compile(r".{0,60}\sdocumentation", re.I)  # Sphinx: "Page — Project 2.3 documentation"
_ON_SITE = re.compile(r"(.+?)\s+on\s+(\S+)")  # Vimeo: "Title on Vimeo"
_BRACKETED = re.compile(r"(.+?)\s+(?:\[([^\[\]]{1,60})\]|\(([^()]{1,60})\))")  # LWN: "Title [LWN.net]"


def is_wall_title(title: str | None) -> bool:
    """True for consent walls, bot checks, login and error pages posing as titles."""
    return bool(title) and _WALLS.fullmatch(title.strip()) is not None


def norm_name(name: str) -> str:
    """A comparison key for site names: "YouTube", "youtube" and "You Tube" agree."""
    return re.sub(r"\W+", "", name.casefold())


def host_keys(host: str) -> set[str]:
    """The norm_name() keys a title's " | Site" may call its site by, from the host alone: the
    whole host, without its top-level label, and its first label."""
    return {norm_name(host), norm_name(host.rsplit(".", 1)[0]), norm_name(host.split(".")[0])} - {""}


def strip_site_affix(title: str, site_names: set[str]) -> str:
    """Drop " | Site" / " - Site" / "Site | " / " [Site]" and a Medium-style " | by Author" from a title.

    `site_names` holds norm_name() keys: the site name and the host's labels.
    The title is only cut where the cut-off part *is* the site, never a subtitle.
    """
    title = title.strip()
    bracketed = _BRACKETED.fullmatch(title)
    if bracketed and norm_name(bracketed.group(2) or bracketed.group(3)) in site_names:
        title = bracketed.group(1)
    lone = _LONE_AFFIX.fullmatch(title)
    if lone and norm_name(lone.group(1) or lone.group(2)) in site_names:
        return ""
    for _ in range(2):  # "Title | by Author | Site": site first, then the byline
        parts = SEPARATOR.split(title)
        seps = SEPARATOR.findall(title)
        if len(parts) < 2:
            break
        last = parts[-1]
        byline = _BYLINE.fullmatch(last)
        by_name = byline and all(w[0].isupper() for w in byline.group(1).split())  # not "by the book"
        if norm_name(last) in site_names or by_name or _DOCS.fullmatch(last):
            title = title[: len(title) - len(last) - len(seps[-1])]
        elif norm_name(parts[0]) in site_names:
            title = title[len(parts[0]) + len(seps[0]) :]
        else:
            break
    m = _ON_SITE.fullmatch(title)
    if m and norm_name(m.group(2)) in site_names:
        title = m.group(1)
    return title.strip()


_TAGLINE = re.compile(r"\s[-|:–—]\s")  # after the site's name: "bioRxiv - the preprint server..."
_BEFORE_SITE = re.compile(r"\s[-|]\s")
_AFTER_SITE = re.compile(r"\s[-|:]\s")


def clean_description(value, site_name: str | None) -> str | None:
    """A page description without the site's boilerplate, cut to a readable length.

    The site's name is looked for as text, not turned into a regular expression: one
    compiled per site would cost more than the rest of the description's cleaning."""
    text = without_markup(clean_text(value))
    if text and site_name and len(text.lower()) == len(text):
        lower, site = text.lower(), site_name.lower()
        # "bioRxiv - the preprint server for biology": the site's tagline, not the page's
        if lower.startswith(site) and _TAGLINE.match(text, len(site)):
            return None
        # GitHub: "<repo description> - GitHub - owner/repo: <repo description>"
        at = lower.find(site, 1)
        while at >= 3:
            if _BEFORE_SITE.fullmatch(text, at - 3, at) and _AFTER_SITE.match(text, at + len(site)):
                text = text[: at - 3]
                break
            at = lower.find(site, at + 1)
    return truncate(text) or None


# --- People -------------------------------------------------------------------------

_NOT_NAMES = {
    "get rights and content",
    "share",
    "follow",
    "admin",
    "administrator",
    "staff",
    "by",
    "unknown",
    "anonymous",
    "author",
    "authors",
    "editor",
    "editors",
    "editorial staff",
    "guest",
    "guest author",
    "guest contributor",
    "contributor",
    "team",
    "user",
    "root",
    "webmaster",
    "none",
    "null",
    "undefined",
    "n/a",
    "na",
    "more",
    "subscribe",
    "sign in",
    "log in",
    "menu",
    "home",
    "posted by",
    "written by",
    "the author",
    "publisher",
    "more posts",
    "opens in new window",
}
_BY_PREFIX = re.compile(r"^(?:(?:written|posted|words|story)\s+)?(?:by|author)\s*[:\-]?\s+", re.I)
# The same in other languages, and the labels of a name ("Eingestellt von" is Blogger's German
# "Posted by", "Recueilli par" an interview's): only before a name of two words or more,
# "Von Miller" being one
_CREDIT_TAIL = re.compile(r"\s(?:fotos?|photos?|bilder?|illustrations?|grafik|photographs?|zdjęci[ae])\s*:", re.I)
_LEAD_IN = re.compile(
    r"^(?:eingestellt|erstellt|geschrieben|verfasst|artikel|ein beitrag|publié|écrit|recueilli|"
    r"publicado|escrito)\s+(?:von|par|por)\b\s*|"
    r"^(?:von|par|por)\s+(?=\S+\s+\S)|"
    r"^(?:autor(?:in|en|ka|ki|zy)?|auteur|autore|interview|text|texte|tekst|texto|testo|автор|авторы)\s*:\s*",
    re.I,
)
_HANDLE = re.compile(r"@(\w{1,30})")
_URLISH = re.compile(r"://|^www\.|^[\w.-]+\.(com|org|net|io|dev|co|me)(/|$)|/", re.I)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_ASIDE = re.compile(r"(.+?)\s*\(\s*([^()]+?)\s*\)")
_ADDRESSED = re.compile(r"(.+?)\s*<\s*\S+@\S+\.\w+\s*>")  # "Kenji Suzuki <suzuki@kyoto-u.ac.jp>"
# A newsroom's short sign for its writer, after the name: "Elena Oberholzer (obe)" (NZZ, dpa)
_INITIALS = re.compile(r"[a-z]{2,4}\.?")
# "Selam G.'s Medium post": a link's text about someone's page, not a byline
_POSSESSIVE = re.compile(r"\w\.?['’]s\b")
# "and" in English, German, French, Danish and Norwegian, Swedish, Dutch, Polish; lower-case only for
# the others ("Le Figaro et AFP", "Trine Jørgensen og Tôrtia Reimer"): not "e" nor "y", which
# join Portuguese and Spanish surnames ("José Volta e Pinto", "Ortega y Gasset")
_LIST_SPLIT = re.compile(r"\s*(?:,\s*(?:and|&)\s+|,|\s+(?i:and)\s+|\s+(?:und|et|og|och|en|i)\s+|\s+&\s+)\s*")
# Small words inside one person's name, before the surname ("Ludwig van Beethoven", "Karl-Theodor
# zu Guttenberg", "José Volta e Pinto"): a name with them is still a name. One set for every
# reader of names (the byline's and the page's <meta> authors), so one page's writers are split
# into people the same way wherever they are written.
SURNAME_PARTICLES = frozenset(
    "van von der den de del della da di du le la bin ibn al el y e dos das ter ten st. mc zu".split()
)


def clean_author(value) -> str | None:
    """One person's name, or None for dates, URLs, emails and site boilerplate.

    A bare handle ("@jakevdp") is kept without its "@": it still says who wrote it,
    and "jakevdp" renders better next to real names than "@jakevdp" does.
    """
    name = clean_text(value)
    if not name:
        return None
    name = _LEAD_IN.sub("", _BY_PREFIX.sub("", name))
    name = _CREDIT_TAIL.split(name, 1)[0].strip(" ,;|·•-–—:")  # "Text: A Foto: B": the writer is A
    if m := _ADDRESSED.fullmatch(name):
        # a name and its address as mail writes them, as a PDF's author or a feed may: the name
        name = m.group(1).strip(' "')
    if m := _ASIDE.fullmatch(name):
        # "Jane Doe (@janedoe)", "Bradley M. Kuhn (http://ebb.org/bkuhn/)", and the feeds'
        # "jane@example.com (Jane Doe)": the name beside its handle or address
        outer, inner = m.groups()
        if _HANDLE.fullmatch(inner) or _EMAIL.fullmatch(inner) or _INITIALS.fullmatch(inner) or _URLISH.search(inner):
            name = outer
        elif _EMAIL.fullmatch(outer):
            name = inner
    handle = _HANDLE.fullmatch(name)
    if handle:
        name = handle.group(1)
    if (
        not name
        or len(name) > 80
        or len(name.split()) > 6
        or any(map(str.isdigit, name))  # (map: no Python step per character, as a generator takes)
        or not any(map(str.isalpha, name))
        or _URLISH.search(name)
        or _EMAIL.search(name)
        or name.casefold().strip(".!") in _NOT_NAMES
        or _POSSESSIVE.search(name)
    ):
        return None
    return name


def clean_handle(value) -> str | None:
    """A Twitter handle as "@name", whether the page wrote "@name" or "name"."""
    name = (clean_text(value) or "").lstrip("@")
    return "@" + name if re.fullmatch(r"\w{1,30}", name) else None


_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "phd", "md", "msc", "mba", "esq"}


def flip_name(name: str) -> str:
    """ "Last, First" (citation_author, DC.creator convention) -> "First Last"."""
    last, sep, first = name.partition(",")
    suffix = first.strip().strip(".").replace(".", "").lower() in _SUFFIXES  # "Jane Roe, PhD"
    if sep and first.strip() and not suffix and "," not in first and len(last.split()) <= 4:
        from newsletter.links.name_order import full_name  # (a small module: at first use)

        return full_name(first, last)  # "田中, 愛子" is 田中愛子, as Japanese write it: family first
    return name


def _looks_like_full_name(part: str) -> bool:
    words = part.split()
    if not 2 <= len(words) <= 5:
        return False
    return all(w[0].isupper() or w.lower() in SURNAME_PARTICLES or w[0] in "'’" for w in words)


_WITH = re.compile(r"\s*\((?:avec|with|con|mit|com)\s+([^()]+)\)\s*$", re.I)


def split_names(value: str) -> list[str]:
    """ "A and B", "A, B and C", "A; B" -> names, but only if every part is clearly a name.

    "Smith, John" or "Simon & Garfunkel" stay one string: their parts are not full names.
    """
    if ";" in value:  # "Doe, J.; Roe, J.": the commas belong to the names
        return [p.strip() for p in value.split(";") if p.strip()]
    # Le Monde's "Martin Untersinger (avec Damien Leloup et Morgane Tual)": co-writers in brackets
    value = _WITH.sub(r", \1", value) if "(" in value else value  # (the pattern tries every place else)
    parts = [p for p in _LIST_SPLIT.split(value) if p]
    if len(parts) > 1 and all(_looks_like_full_name(p) for p in parts):
        return parts
    return [value]


def dedupe(names) -> list[str]:
    """Unique names in first-seen order, ignoring case."""
    seen, out = set(), []
    for name in names:
        key = name.casefold()
        if key not in seen:
            seen.add(key)
            out.append(name)
    return out


# --- Durations and languages ----------------------------------------------------------

_ISO_DURATION = re.compile(
    r"P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?", re.I
)
# A clock's seconds, and its minutes after hours, run to 59: an author's "1:75" was read as 2:15
# and shown as "2 min", a length nobody wrote. Its first number alone may run on: "75:00".
_CLOCK = re.compile(r"(?:(\d+):([0-5]?\d)|(\d{1,3})):([0-5]\d)")
_ANY_CLOCK = re.compile(r"(?:(\d+):)?(\d{1,3}):(\d{2})")


def parse_duration(value) -> int | None:
    """Seconds from "PT1H2M3S", "3723", "3723.4" or "1:02:03"; None for zero or junk."""
    text = clean_text(value)
    if not text:
        return None
    seconds: float | None = None
    m = _ISO_DURATION.fullmatch(text)
    if m and any(m.groups()):
        weeks, days, hours, minutes, secs = (float(g or 0) for g in m.groups())
        seconds = (((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + secs
    elif re.fullmatch(r"\d+(\.\d+)?", text):
        seconds = float(text)
    elif m := _CLOCK.fullmatch(text):
        seconds = int(m.group(1) or 0) * 3600 + int(m.group(2) or m.group(3)) * 60 + int(m.group(4))
    if seconds is None or not 0 < seconds < 30 * 86400:
        return None
    return round(seconds)


def episode_number(value) -> str | None:
    """An episode's number as a page or a feed gives it ("359", 359), or None for anything else: a
    feed's itunes:episode of "-99999999999999999999999" was shown as "Episode -9999…" under the
    title in the email, and a page's episodeNumber of a sentence as "Episode <the sentence>"."""
    text = clean_text(value if isinstance(value, (str, int)) and not isinstance(value, bool) else None)
    return str(int(text)) if text and re.fullmatch(r"\d{1,6}", text) and int(text) else None


def clock_past_59(text: str) -> str:
    """What a refusal of `text` adds when it is a clock past 59: the length it would be ("1:75"
    -> "... that is 2:15"); "" for anything else."""
    text = text.strip()
    if not (m := _ANY_CLOCK.fullmatch(text)) or _CLOCK.fullmatch(text):
        return ""
    hours, minutes, seconds = (int(g or 0) for g in m.groups())
    whole, secs = divmod(hours * 3600 + minutes * 60 + seconds, 60)
    same = f"{whole // 60}:{whole % 60:02}:{secs:02}" if whole >= 60 else f"{whole}:{secs:02}"
    return f" (a clock's minutes and seconds run to 59: that is {same})"


_LANG = re.compile(r"([a-z]{2,3})(?:[-_]([a-z]{4}))?(?:[-_]([a-z]{2}|\d{3}))?", re.I)


def parse_language(value) -> str | None:
    """A BCP 47 tag in its usual case: "en_us" -> "en-US", "zh-hans-cn" -> "zh-Hans-CN"."""
    text = clean_text(value)
    if not text:
        return None
    m = _LANG.fullmatch(text.split(",")[0].strip())
    if not m:
        return None
    lang, script, region = m.groups()
    tag = lang.lower()
    if script:
        tag += "-" + script.title()
    if region:
        tag += "-" + region.upper()
    return tag
