"""The address Hugo gives a post: /<section>/<slug>/, unless the site's settings give the section a
pattern of its own, expanded as Hugo expands it.

    [permalinks]                    posts = "/:year/:month/:slug/"   (any Hugo)
    [permalinks.page]               posts = "/:year/:month/:slug/"   (Hugo 0.120 and later)
    [[permalinks]] pattern = "…"    with an optional [permalinks.target] (Hugo 0.161 and later)

The tokens are Hugo's (https://gohugo.io/configuration/permalinks/#tokens), including a Go time
layout such as `:06` or `:Jan`; the path is then cleaned, lower-cased (unless
`disablePathToLower`) and escaped as Hugo does it, and ends in ".html" with `uglyURLs`.
Checked against real builds by both Hugo versions the tests use (tests/test_permalinks.py).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, unquote_plus

from newsletter.config import Settings, shown
from newsletter.errors import NewsletterError
from newsletter.formats.site import content_dir, content_dirs, hugo_settings, posts_language, site_base_url, source_of

TOKENS_HELP = "https://gohugo.io/configuration/permalinks/#tokens"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September")
MONTHS += ("October", "November", "December")
WEEKDAYS = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")  # Go's order


@dataclass(frozen=True)
class Post:
    """What decides a post's address: its section (content/<section>/), its front matter's slug
    (also its bundle's folder name), title and date (with the offset it is written with, which
    Hugo keeps)."""

    section: str
    slug: str
    title: str
    date: dt.datetime


def post_url(settings: Settings, post: Post, hugo: dict | None = None) -> str:
    """The post's address on the published site. `hugo`: the site's settings, when already read."""
    hugo = hugo_settings(settings.site_dir) if hugo is None else hugo
    content = content_dir(settings.site_dir, settings.language)  # (the newsletter's language's)
    address = post_address(hugo, post, settings.site_dir, content).lstrip("/")
    return site_base_url(settings) + _language_folder(hugo, settings.language) + address


def _language_folder(hugo: dict, language: str) -> str:
    """The folder ("fr/") of the posts' language: another than the site's default (posts_language),
    or the default one where a site in several languages publishes it apart too
    (defaultContentLanguageInSubdir); "" otherwise. Not part of `post_address`, whose paths are
    also the aliases, which current Hugo takes as the language's own paths."""
    if own := posts_language(hugo, language):
        return own + "/"
    if not isinstance(hugo.get("languages"), dict) or hugo.get("defaultcontentlanguageinsubdir") is not True:
        return ""
    return str(hugo.get("defaultcontentlanguage") or "en").lower() + "/"


def post_address(hugo: dict, post: Post, site_dir: Path, content: Path | None = None) -> str:
    """The post's path on the site, as Hugo makes it: "/2021/02/what-i-read-in-february-2021/".
    `content`: the folder Hugo reads it from (its language's), where its sections' pages are."""
    lower = not hugo.get("disablepathtolower")
    accents = bool(hugo.get("removepathaccents"))
    pattern = _pattern(hugo.get("permalinks"), post)
    if pattern is None:
        path = f"/{post.section.strip('/')}/{post.slug}"
    else:
        try:
            expanded = _Expander(post, content or content_dir(site_dir), lower, accents).expand(pattern)
        except _UnknownToken as error:
            raise NewsletterError(
                f"{shown(source_of(site_dir, 'permalinks'))}: the permalink pattern {pattern!r} has "
                f":{error}, a token Hugo does not know (it refuses to build the site): correct it; "
                f"the tokens are listed at {TOKENS_HELP}"
            ) from None
        # Hugo decodes the expansion as a query string ("+" is a space) and cleans it as a path.
        path = posixpath.normpath("/" + unquote_plus(expanded).lstrip("/"))
    # Then the whole path is sanitised (a space is "-", ":" and the like dropped) and lower-cased.
    path = _sanitized(path, lower, accents).rstrip("/")
    link = f"{path}.html" if _ugly(hugo.get("uglyurls"), post.section) else f"{path}/"
    return quote(link.replace("#", "%23"), safe="/-_.~$&+,:;=@%")


def address_of_file(site_dir: Path, index: Path, text: str) -> str | None:
    """The address Hugo gives the post whose bundle's index.md (under content/) holds `text`,
    as a path on the site ("/2021/02/what-i-read-in-february-2021/", not escaped: as an alias
    is written); None when that cannot be told (no date, or a pattern Hugo would refuse)."""
    from newsletter.formats.post import split_post

    meta, _ = split_post(text)
    date = meta.get("date")
    if isinstance(date, str):  # YAML front matter quotes it; Hugo reads the text as a date
        try:
            date = dt.datetime.fromisoformat(date)
        except ValueError:
            return None
    if isinstance(date, dt.date) and not isinstance(date, dt.datetime):
        date = dt.datetime.combine(date, dt.time(0))
    try:
        # (the folder it is in: a site in several languages has one for each)
        folder = next((d for d in content_dirs(site_dir) if index.is_relative_to(d)), site_dir / "content")
        section = index.parent.parent.relative_to(folder).as_posix()
        post = Post(section, str(meta.get("slug") or index.parent.name), str(meta.get("title") or ""), date)
        if not isinstance(date, dt.datetime):
            return None
        return unquote(post_address(hugo_settings(site_dir), post, site_dir, folder))
    except (ValueError, NewsletterError):
        return None


def _pattern(permalinks, post: Post) -> str | None:
    """The pattern Hugo applies to the post, if any: the first rule of an array that matches it,
    else (a table) a [permalinks.page] key before a plain one, the most specific section first."""
    page = f"/{post.section.strip('/')}/{post.slug}".lower()
    if isinstance(permalinks, list):
        for rule in (r for r in permalinks if isinstance(r, dict) and isinstance(r.get("pattern"), str)):
            if _targets(rule.get("target") or {}, page):
                return rule["pattern"]
        return None
    if not isinstance(permalinks, dict):
        return None
    tables = [permalinks.get("page"), {k: v for k, v in permalinks.items() if isinstance(v, str)}]
    for table in (t for t in tables if isinstance(t, dict)):
        keys = sorted((k for k, v in table.items() if isinstance(v, str)), key=len, reverse=True)
        for key in keys:
            section = key.strip(" /")
            if section and _glob(f"/{{{section},{section}/**}}").fullmatch(page):
                return table[key]
    return None


def _targets(target: dict, page: str) -> bool:
    """Whether an array rule's target takes the post: a page, at `page`, in the production build
    (what `hugo` publishes). Its `sites` are not looked at: the tool writes one language."""
    if not isinstance(target, dict):
        return False
    wanted = {"kind": "page", "path": page, "environment": "production"}
    return all(_glob(str(target[key]).lower()).fullmatch(value) for key, value in wanted.items() if target.get(key))


def _glob(pattern: str) -> re.Pattern:
    """A Hugo glob (gobwas/glob, "/" separating): `*` within a segment, `**` across, `?`, `[…]`, `{a,b}`."""
    out, depth, i = [], 0, 0
    while i < len(pattern):
        char = pattern[i]
        if pattern.startswith("**", i):
            out.append(".*")
            i += 1
        elif char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "{":
            out.append("(?:")
            depth += 1
        elif char == "}" and depth:
            out.append(")")
            depth -= 1
        elif char == "," and depth:
            out.append("|")
        elif char == "[" and "]" in pattern[i:]:
            end = pattern.index("]", i)
            body = pattern[i + 1 : end]
            out.append("[^" + re.escape(body[1:]) + "]" if body.startswith("!") else "[" + re.escape(body) + "]")
            i = end
        elif char == "\\" and i + 1 < len(pattern):
            i += 1
            out.append(re.escape(pattern[i]))
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out))


def _ugly(setting, section: str) -> bool:
    """`uglyURLs`, for everything or by section (`[uglyURLs] posts = true`)."""
    if isinstance(setting, dict):
        return bool(setting.get(section.strip("/").split("/")[0].lower()))
    return bool(setting)


def _sanitized(text: str, lower: bool, accents: bool) -> str:
    """Hugo's MakePathSanitized: letters, digits, marks and `./\\_#+~-@` (and a %-escape) kept,
    a run of spaces made one "-", anything else dropped; accents removed if asked; lower-cased."""
    if accents:
        text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    out, pending, hyphen = [], False, False
    for i, char in enumerate(text):
        if _allowed(text, i, char):
            hyphen = char == "-"
            if pending and not hyphen:
                out.append("-")
            pending = False
            out.append(char)
        elif out and not hyphen and char.isspace():
            pending = True
    result = "".join(out)
    return result.lower() if lower else result


def _allowed(text: str, i: int, char: str) -> bool:
    if char == " ":
        return False
    if char in "./\\_#+~-@" or unicodedata.category(char)[0] in "LM" or unicodedata.category(char) == "Nd":
        return True
    return char == "%" and re.fullmatch(r"[0-9a-fA-F]{2}", text[i + 1 : i + 3]) is not None


class _UnknownToken(Exception):
    pass


class _Expander:
    """One post's values for the tokens of a pattern."""

    def __init__(self, post: Post, content: Path, lower: bool, accents: bool):
        self.post, self.content, self.lower, self.accents = post, content, lower, accents
        self.sections = [s for s in post.section.strip("/").split("/") if s]

    def expand(self, pattern: str) -> str:
        pattern = pattern.replace("\\:", "\0")  # an escaped colon is no token (Hugo 0.144 and later)
        expanded = re.sub(r":\w+(\[.+?\])?", lambda m: self.value(m[0][1:]), pattern)
        return expanded.replace("\0", ":")

    def value(self, token: str) -> str:
        post, date = self.post, self.post.date
        dates = {
            "year": str(date.year),
            "month": f"{date.month:02d}",
            "monthname": MONTHS[date.month - 1],
            "day": f"{date.day:02d}",
            "weekday": str(date.isoweekday() % 7),
            "weekdayname": WEEKDAYS[date.isoweekday() % 7],
            "yearday": str(date.timetuple().tm_yday),
        }
        if token in dates:
            return dates[token]
        if token == "title":
            # "/" and "\\" are "-" (Hugo 0.111 kept them: a subfolder, a backslash in the address)
            return self.urlize(post.title.replace("/", "-").replace("\\", "-"))
        if token in ("slug", "slugorfilename", "slugorcontentbasename", "filename", "contentbasename"):
            return self.urlize(post.slug)  # the front matter's slug is also the bundle's folder name
        if token == "section":
            return self.sections[0] if self.sections else ""
        if token == "sections" or token.startswith("sections["):
            return "/".join(_sliced(self.sections, token[len("sections") :]))
        if token == "sectionslug":
            return self.section_slug(1)
        if token == "sectionslugs" or token.startswith("sectionslugs["):
            slugs = [self.section_slug(depth) for depth in range(1, len(self.sections) + 1)]
            return "/".join(_sliced(slugs, token[len("sectionslugs") :]))
        formatted = go_time_format(date, token)
        if formatted is None:
            raise _UnknownToken(token)
        return formatted

    def urlize(self, text: str) -> str:
        return _sanitized(text, self.lower, self.accents)

    def section_slug(self, depth: int) -> str:
        """A section's slug, else its title, from its _index.md: Hugo's own title for a section
        without one is its name made plural ("post" becomes "posts"), which is not worked out here."""
        from newsletter.formats.post import split_post

        index = self.content / "/".join(self.sections[:depth]) / "_index.md"
        try:
            meta, _ = split_post(index.read_text(encoding="utf-8"))
        except OSError:
            meta = {}
        name = meta.get("slug") or meta.get("title")
        if not name:
            raise NewsletterError(
                f"The permalinks of the Hugo site name a section's slug (:sectionslug), and "
                f"{shown(index)} gives it none: add a title (or a slug) to its front matter, "
                "which Hugo then uses too."
            )
        return self.urlize(str(name))


def _sliced(items: list[str], cut: str) -> list[str]:
    """Hugo's slice syntax after :sections: "[1:]", "[:last]", "[last]", "[1:2]", "[0]";
    lenient as Hugo is (out of range gives nothing, never an error)."""
    cut = cut.strip().lower()
    if not cut:
        return items
    if len(cut) < 3 or cut[0] != "[" or cut[-1] != "]":
        return []
    if not items:
        return []
    inner = cut[1:-1]

    def index(text: str, low: bool) -> int:
        if text == "":
            return 0 if low else len(items)
        if text == "last":
            return len(items) - 1
        number = max(int(text) if text.isdigit() else 0, 0)
        return (-1 if low else len(items)) if number >= len(items) else number

    if ":" not in inner:
        at = index(inner, True)
        return [items[at]] if at >= 0 and items[at] else []
    parts = inner.split(":")
    low, high = index(parts[0], True), index(parts[1], False)
    return items[low:high] if low >= 0 and high >= 0 else []


# Go's time layout: each element's text in the reference time (Mon Jan 2 15:04:05 MST 2006),
# tried in Go's own order (time/format.go nextStdChunk) at each place of the layout.
def go_time_format(date: dt.datetime, layout: str) -> str | None:
    """`date` formatted by a Go time layout made of word characters (`06`, `Jan`, `2006_01`):
    what Hugo does with a token it does not know; None when `layout` holds no element of one
    (Hugo then refuses the token) or one of a time zone (not worked out here)."""
    out, found, i = [], False, 0
    while i < len(layout):
        element, length = _element(layout, i)
        if element is None:
            out.append(layout[i])
            i += 1
            continue
        if element == "zone":
            return None
        found = True
        out.append(_formatted(date, element))
        i += length
    return "".join(out) if found else None


def _element(layout: str, i: int) -> tuple[str | None, int]:
    rest = layout[i:]

    def lower_next(n: int) -> bool:
        return len(rest) > n and rest[n].islower()

    if rest.startswith("January"):
        return "January", 7
    if rest.startswith("Jan") and not lower_next(3):
        return "Jan", 3
    if rest.startswith("Monday"):
        return "Monday", 6
    if rest.startswith("Mon") and not lower_next(3):
        return "Mon", 3
    if rest.startswith("MST") or re.match(r"Z07", rest):
        return "zone", 0
    if re.match(r"0[1-6]", rest):
        return rest[:2], 2
    if rest.startswith("002"):
        return "002", 3
    if rest.startswith("15"):
        return "15", 2
    if rest.startswith("1"):
        return "1", 1
    if rest.startswith("2006"):
        return "2006", 4
    if rest.startswith("2"):
        return "2", 1
    if rest.startswith("_2006"):  # a literal "_", then the year
        return None, 1
    if rest.startswith("_2"):
        return "_2", 2
    if rest.startswith("__2"):
        return "__2", 3
    if rest[0] in "345":
        return rest[0], 1
    if rest.startswith(("PM", "pm")):
        return rest[:2], 2
    return None, 1


def _formatted(date: dt.datetime, element: str) -> str:
    hour12 = date.hour % 12 or 12
    yearday = date.timetuple().tm_yday
    weekday = WEEKDAYS[date.isoweekday() % 7]
    return {
        "January": MONTHS[date.month - 1],
        "Jan": MONTHS[date.month - 1][:3],
        "Monday": weekday,
        "Mon": weekday[:3],
        "01": f"{date.month:02d}",
        "02": f"{date.day:02d}",
        "03": f"{hour12:02d}",
        "04": f"{date.minute:02d}",
        "05": f"{date.second:02d}",
        "06": f"{date.year % 100:02d}",
        "002": f"{yearday:03d}",
        "15": f"{date.hour:02d}",
        "1": str(date.month),
        "2006": str(date.year),
        "2": str(date.day),
        "_2": f"{date.day:>2}",
        "__2": f"{yearday:>3}",
        "3": str(hour12),
        "4": str(date.minute),
        "5": str(date.second),
        "PM": "PM" if date.hour >= 12 else "AM",
        "pm": "pm" if date.hour >= 12 else "am",
    }[element]
