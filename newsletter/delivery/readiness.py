"""Would this edition embarrass its author in the readers' inboxes? One list of reasons, for all.

`send` refuses a list send for any of them (and `send --test` warns), `check` reports them as
problems of the edition, so the two always agree. Each reason says what to change.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from email.utils import getaddresses
from pathlib import Path
from urllib.parse import urlsplit

from newsletter.config import Settings, shown
from newsletter.formats import bundle_images, decoded_twice, heavy_notes, hidden_characters, mail_pictures
from newsletter.formats.raw_html import HTML_ELEMENTS
from newsletter.formats.sample_entry import is_sample
from newsletter.links.same_work import work_of
from newsletter.links.urls import without_credentials
from newsletter.models import Entry
from newsletter.stubs import placeholder_of


@dataclass(frozen=True)
class Concern:
    path: Path | None  # the entry at fault; None: the edition or the settings
    message: str

    def shown(self, base: Path | None = None) -> str:
        """For messages: the file (relative to `base`, default the current folder), then the message."""
        return f"{shown(self.path, base)}: {self.message}" if self.path else self.message


REBUILD = "and build again"
_NAMED = 5  # entries a warning that many share names, before "and N more"


def shown_together(concerns: list[Concern], base: Path | None = None) -> list[str]:
    """Concerns for messages, one line each, but one line for more than a few entries saying the
    same: new user 55's (Hiro's) build of 150 entries, with no network, said "no title: …" on 147
    lines above the line saying there was no network. (`check` names each entry, by its file.)"""
    by_message: dict[str, list[Concern]] = {}
    for concern in concerns:
        by_message.setdefault(concern.message, []).append(concern)
    lines = []
    for message, same in by_message.items():
        if len(same) <= _NAMED or any(concern.path is None for concern in same):
            lines += [concern.shown(base) for concern in same]
            continue
        names = ", ".join(shown(concern.path, base) for concern in same[:_NAMED])
        rest = len(same) - _NAMED
        lines.append(f"{len(same)} entries: {message}: {names} and {rest} more (`newsletter check` names each)")
    return lines


def concerns(settings: Settings, via: str, eml: bytes, html: str, entries: list[Entry]) -> list[Concern]:
    """Why the built (or rendered) edition should not go to the list via `via`."""
    headers = BytesHeaderParser(policy=default_policy).parsebytes(eml)
    found = [sender(headers), unsubscribe_link(settings, html), placeholder_site(settings, html)]
    found.append(placeholder_signoff(settings))
    if via == "smtp":
        found += [list_unsubscribe(headers), list_address(settings, headers), unsubscribe_placeholder(settings)]
    return [c for c in found if c] + entry_concerns(entries)


def sender(headers) -> Concern | None:
    if address(headers.get("From")):
        return None
    return Concern(
        None,
        "the email has no From address; set `from` in [email] of newsletter.toml, "
        f'like "Ann <ann@example.com>", {REBUILD}',
    )


def unsubscribe_link(settings: Settings, html: str) -> Concern | None:
    if _links_to(html, settings.links.unsubscribe):
        return None
    where = (
        f"set `unsubscribe` in [links] of newsletter.toml (your list service's unsubscribe URL or merge tag) {REBUILD}"
        if not settings.links.unsubscribe
        else "the email template must show [links] unsubscribe (templates/email.mjml.j2)"
    )
    return Concern(None, f"the email has no unsubscribe link; {where}")


# On `newsletter init`'s baseURL (PLACEHOLDER_SITE), the email's "View in your browser" (the
# edition's page on the site) points nowhere until the site's real address is set.
def placeholder_site(settings: Settings, html: str) -> Concern | None:
    from newsletter.config import shown
    from newsletter.formats.site import PLACEHOLDER_SITE, hugo_config, site_base_url

    base = site_base_url(settings)
    if base != PLACEHOLDER_SITE or f'href="{base}newsletter/' not in html:  # render's web_url
        return None
    return Concern(
        None,
        f"the email links to {base}newsletter/…, a placeholder address; set baseURL in "
        f"{shown(hugo_config(settings.site_dir), settings.root)} (or base_url in [site] of newsletter.toml) "
        f"to your site's {REBUILD}",
    )


def placeholder_signoff(settings: Settings) -> Concern | None:
    """`init` without --author signs "Cheers,\\nMe"; an author who then puts their name in `author`
    (as the settings' first lines invite), or only in `from` (as init's next steps ask), sent every
    edition signed "Me"."""
    if settings.signoff != "Cheers,\nMe":
        return None
    if settings.author not in ("", "Me"):
        name, keys = settings.author, "`signoff`"
    else:
        # the display name of `from` ("Ann Lee <ann@…>"); a bare address names no one
        named = [name.strip() for name, address in getaddresses([settings.email.sender]) if "@" in address]
        if not named or named[0] in ("", "Me"):
            return None
        name, keys = named[0], "`author` and `signoff`"
    return Concern(
        None,
        f'the email is signed "Me", as `newsletter init` wrote it, not {name}; set {keys} in '
        f'[newsletter] of newsletter.toml (like "Cheers,\\n{name}") {REBUILD}',
    )


def list_unsubscribe(headers) -> Concern | None:
    if headers.get("List-Unsubscribe"):
        return None
    return Concern(
        None,
        "the message has no List-Unsubscribe header, which mail providers "
        "require of lists; set `unsubscribe` in [links] or "
        f"`list_unsubscribe_mailto` in [email] of newsletter.toml {REBUILD}",
    )


# `{email}`, which `send` fills in per recipient in the List-Unsubscribe header only; and a list
# service's merge tag (Buttondown's `{{ subscriber.email }}`, listmonk's `{{ UnsubscribeURL }}`,
# Mailchimp's `*|UNSUB|*`), which only that service fills in, and an SMTP send goes through none.
_PLACEHOLDER = re.compile(r"(?<!\{)\{email\}(?!\})")
_MERGE_TAG = re.compile(r"\{\{.*?\}\}|\*\|\w+(?::\w+)?\|\*", re.S)


def unsubscribe_placeholder(settings: Settings) -> Concern | None:
    """An SMTP send leaves the email's own words as built: `{email}` in [links] unsubscribe, which
    new user 42 wrote there as list_unsubscribe's README says, reached every reader as typed, a
    visible unsubscribe link that unsubscribes no one, while the doctor said the link was there;
    so did a list service's merge tag, kept from the service the author sent with before."""
    link = settings.links.unsubscribe
    if _PLACEHOLDER.search(link):
        said = (
            "holds {email}, which `send` fills in only in the List-Unsubscribe header (`list_unsubscribe` "
            "in [email]), never in the email itself"
        )
    elif tag := _MERGE_TAG.search(link):
        said = f"holds {tag[0]}, a list service's merge tag, which only that service fills in, and an SMTP send "
        said += "goes through none"
    else:
        return None
    return Concern(
        None,
        f"the email's unsubscribe link ({link}) {said}: every reader would get the link as written; set "
        f"`unsubscribe` in [links] of newsletter.toml to a page where readers unsubscribe themselves {REBUILD}",
    )


def list_address(settings: Settings, headers) -> Concern | None:
    """An SMTP send to the list address needs that address in To."""
    if settings.send.smtp_recipients.strip() not in ("", "list") or address(headers.get("To")):
        return None
    return Concern(
        None,
        "the message has no To address, and an SMTP list send goes to the "
        f"list's address; set `to` in [email] of newsletter.toml {REBUILD}",
    )


def entry_concerns(entries: list[Entry], *, shown: str | None = None) -> list[Concern]:
    """The entries the edition should not go out with. `shown` is the year in review's message as
    built (its text and its HTML's words): the default review lists titles and counts, never a
    note, and a placeholder it does not show is no reason to refuse it (a year of imports, not each
    written up, could not be sent without --force); a workspace's own review template that shows
    the notes shows the placeholder too, and it is one, as in an edition."""
    found = []
    for entry in entries:
        if is_sample(entry.notes):
            found.append(
                Concern(entry.path, "the sample entry from `newsletter init` is still in this edition; delete it")
            )
        elif (said := placeholder_of(entry.notes)) and (shown is None or _shows(shown, said, entry)):
            found.append(_placeholder(entry))
    return found


def _shows(shown: str, said: str, entry: Entry) -> bool:
    """Whether the review `shown` shows the placeholder `said` and the entry it is under (by its
    title or its link: the review names an entry whose notes it shows, and another entry's
    placeholder, the same words, is not this one's). As a reader would see them: a template of the
    workspace's own that shows a title in capitals or title case, or cut to its first words and
    '...' to fit a line, shows the entry all the same."""
    words = _as_read(shown)
    titles = {_as_read(title) for title in (entry.title, entry.display_title) if title}
    return _as_read(said) in words and (
        bool(entry.url and _as_read(entry.url) in words)
        or any(title in words or _cut_short(title, words) for title in titles if title)
    )


def _as_read(text: str) -> str:
    """`text` as a reader tells it from another: any case, any run of spaces."""
    return " ".join(text.casefold().split())


def _cut_short(title: str, words: str) -> bool:
    """Whether `words` show `title` cut short: eight characters of it or more, from its start,
    then '...' or '…' (Jinja's truncate, or a template's own)."""
    for end in re.finditer(r"\.\.\.|…", words):
        before = words[: end.start()].rstrip()
        for size in range(len(title) - 1, 7, -1):
            start = len(before) - size
            if start >= 0 and before.endswith(title[:size]) and (start == 0 or not before[start - 1].isalnum()):
                return True
    return False


def placeholder_notes(entries: list[Entry]) -> list[Concern]:
    """Entries whose notes still hold the stub's placeholder (an import or `new` not yet written
    up): the build says so too, as its post goes to the blog with it. Not the sample entry,
    which `init` meant to build without a word."""
    return [_placeholder(e) for e in entries if placeholder_of(e.notes) and not is_sample(e.notes)]


def sample_on_a_blog(entries: list[Entry], settings: Settings) -> list[Concern]:
    """init's sample entry in an edition whose post goes to a Hugo site outside the workspace:
    the author's own blog, not the one init made to show a build. Sam pointed his new workspace
    at his blog and built, and the sample went onto it as his first edition, unsaid."""
    if settings.site_dir.resolve().is_relative_to(settings.root.resolve()):
        return []
    return [
        Concern(
            entry.path,
            f"init's sample entry is in this edition, whose post goes to your blog ({shown(settings.site_dir)}); "
            "delete the entry and build again (the build then names the post to remove)",
        )
        for entry in entries
        if is_sample(entry.notes)
    ]


def _placeholder(entry: Entry) -> Concern:
    said = placeholder_of(entry.notes)
    if _own_words(entry.notes.replace(said, "")):  # an import's review: "write yours" above it
        return Concern(entry.path, f"the notes still hold the line '{said}' above your own words; delete that line")
    return Concern(entry.path, f"the notes still say '{said}'; write yours, or delete the entry")


def _own_words(notes: str) -> bool:
    """Whether notes hold a paragraph of the author's (a review an import brought in), not only
    quoted passages (highlights, a feed's summary) or the locations a Kindle note is under."""
    return any(
        line.strip() and not line.lstrip().startswith(">") and not re.fullmatch(r"\*[^*]*:\*", line.strip())
        for line in notes.splitlines()
    )


def credentials(entries: list[Entry]) -> list[Concern]:
    """Entries whose link holds a user name and password (`https://ann:secret@…`, as a browser's
    address bar or a pasted link may): the post, the email and the feeds would publish them.
    `import`, `new` and capture drop them; a link written by hand is said here."""
    found = []
    for entry in entries:
        if entry.url and (bare := without_credentials(entry.url)) != entry.url:
            found.append(
                Concern(
                    entry.path,
                    f"the link holds a user name and password, which the post and the email would publish; use {bare}",
                )
            )
    return found


def unshown_pictures(entries: list[Entry]) -> list[Concern]:
    """Entries whose own `image:` no inbox is shown (a file name, an http:// or a javascript:
    address, an SVG, a router's): it was left out of the email and its web page without a word,
    and the page's own picture with it, the author's `image` winning over it."""
    return [
        Concern(
            e.path,
            f"`image` '{hidden_characters.shortened(hidden_characters.escaped(e.image), 80)}' is in no inbox: "
            "the email shows a picture only from a full https:// address on the web (not SVG, HEIC or TIFF, "
            "not in a reader's own network); write one, or leave `image` out for the page's own",
        )
        for e in entries
        if e.image and not mail_pictures.https_image(e.image)
    ]


def pictures_not_beside(entries: list[Entry], own: OwnWords, state_dir: Path | None = None) -> list[Concern]:
    """Entries, and the edition's `own` words (its intro and outro), that show a picture from beside
    their file that is not there (bundle_images.not_beside)."""
    return [
        Concern(
            entry.path,
            f"shows the picture '{hidden_characters.shortened(hidden_characters.escaped(name), 80)}', which is not "
            "in its folder: the blog would show a broken image and the email its words; save the picture "
            "there under that name (its case too), or correct the name",
        )
        for entry, name in bundle_images.not_beside(bundle_images.with_words(entries, own.path, own.notes), state_dir)
    ]


def untitled(entries: list[Entry]) -> list[Concern]:
    """Entries with no title from the front matter or the page: their heading is a bare URL."""
    return [
        Concern(
            e.path,
            "no title: its heading will be the bare link; add `title:` to the front matter "
            "(the page gave none, or could not be fetched)",
        )
        for e in entries
        if not (e.title or e.meta.title)
    ]


def undecodable(entries: list[Entry]) -> list[Concern]:
    """Entries whose fetched title or authors hold U+FFFD: the page's server declared a charset
    its bytes are not in (a Latin-1 page sent as UTF-8), and "Caf\ufffd cr\ufffdme" went to
    every reader with no word to the author; and a title the page holds garbled in its bytes
    ("CafÃ© naÃ¯ve"), said with the title it was. Their own words are never questioned."""
    found = []
    for e in entries:
        if not e.title and "\ufffd" in (e.meta.title or ""):
            found.append(Concern(e.path, _garbled("title", e.meta.title, "title:")))
        elif not e.title and (mended := decoded_twice.repaired(e.meta.title or "")):
            found.append(Concern(e.path, _stored_twice(e.meta.title, mended)))
        if not e.speakers and any("\ufffd" in name for name in e.meta.authors or ()):
            shown_names = ", ".join(e.meta.authors)
            found.append(Concern(e.path, _garbled("author", shown_names, "speakers: [...]")))
    return found


def _stored_twice(title: str, mended: str) -> str:
    """A title the page itself holds garbled, "CafÃ© naÃ¯ve": its site stored UTF-8 as Windows-1252
    (a database moved between servers), so a browser's tab shows it so too, and the email did."""
    sample = title if len(title) <= 60 else title[:59] + "…"
    written = f"title: {json.dumps(mended, ensure_ascii=False)}" if decoded_twice.wholly(mended) else "title:"
    return (
        f"the page's title {sample!r} is garbled on the page itself (its site stored UTF-8 as Windows-1252); "
        f"add `{written}` to the front matter"
    )


def _garbled(what: str, text: str, key: str) -> str:
    sample = text if len(text) <= 60 else text[:59] + "…"
    return (
        f"the page's {what} {sample!r} has characters that could not be read (its server declared "
        f"another encoding than it sent); add `{key}` to the front matter as it should read"
    )


def repeated_links(entries: list[Entry], base: Path | None = None) -> list[Concern]:
    """Entries whose link an earlier entry of the same edition has (by work_of: an arXiv paper's
    versions are one, so are a video's links): readers would get it twice. `base`: what the
    first entry's path is shown relative to."""
    first: dict[str, Entry] = {}  # by link
    papers: dict[str, Entry] = {}  # by the work its DOI names, and by link
    found = []
    for entry in sorted((e for e in entries if e.url), key=lambda e: (e.date, e.path.name)):
        key = work_of(entry.url)
        doi = _doi_of(entry)
        paper = work_of(f"https://doi.org/{doi}") if doi else key
        titled = _paper_title(entry)
        if key in first:
            found.append(Concern(entry.path, f"same link as {shown(first[key].path, base)} in this edition"))
        elif earlier := papers.get(paper) or papers.get(key):
            found.append(
                Concern(entry.path, f"same paper as {shown(earlier.path, base)} in this edition ({doi or key})")
            )
        elif titled and (earlier := papers.get(titled)):
            why = "the same title: a preprint and its published version?"
            found.append(Concern(entry.path, f"same paper as {shown(earlier.path, base)} in this edition ({why})"))
        first.setdefault(key, entry)
        for known in (paper, key, titled):
            if known:
                papers.setdefault(known, entry)
    return found


def _paper_title(entry: Entry) -> str | None:
    """A paper's title, its words alone and caseless, when it is long enough to name one work:
    new user 59's preprint (arXiv, by her Zotero export) and its published version (a journal's
    DOI) were two entries of one edition, with one title and nothing else in common, until the
    arXiv record names the DOI. (Zotero finds duplicates by title too.)"""
    title = entry.title or entry.meta.title
    words = re.findall(r"\w+", title.casefold()) if entry.type == "paper" and title else []
    # (a Japanese or Chinese title is one run of letters: its length says it is a whole title)
    return "title: " + " ".join(words) if len(words) >= 4 or len("".join(words)) >= 15 else None


def _doi_of(entry: Entry) -> str | None:
    """The DOI the entry's front matter or its page names: new user 59 logged a paper from
    PubMed and from its journal, two links naming one DOI, and her readers got it twice. (A
    preprint names its published version's DOI too: arXiv's API gives it.)"""
    doi = entry.doi or entry.meta.extras.get("doi")
    return doi.strip() if isinstance(doi, str) and doi.strip().startswith("10.") else None


_CODE = re.compile(r"^(```|~~~).*?^\1[ \t]*$|`[^`\n]*`|^(?: {4}|\t)[^\n]*$", re.M | re.S)
_TAG = re.compile(r"(?<!\\)</?([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>")


def vanishing_words(entries: list[Entry]) -> list[Concern]:
    """Entries whose notes hold words in angle brackets that read as an HTML tag but are none
    (`<friends>`): the blog and the email would leave them out without a word."""
    found = []
    for entry in entries:
        if "<" not in entry.notes:
            continue  # most notes: no pass of the patterns (a build reads every entry's)
        prose = _CODE.sub("", entry.notes)  # in code, <this> is shown as typed
        odd = sorted({m[0] for m in _TAG.finditer(prose) if m[1].lower() not in HTML_ELEMENTS})
        if odd:
            gone = (
                "the post leaves it out" + _AS_TYPED
                if heavy_notes.heavy(entry.notes)
                else "the post and the email leave it out"
            )
            found.append(
                Concern(
                    entry.path,
                    f"the notes hold {', '.join(map(_quoted, odd[:3]))}, which reads as an HTML tag: {gone}; "
                    "write it in `backticks`, or as \\<word\\>, to show it",
                )
            )
    return found


# A heavy note (formats/heavy_notes.py) is shown in the email and the feeds as plain text, every
# character as typed: no link or tag of it is one there, whatever the settings, and what is said
# of its links and tags is of the post alone (its own warning says why the email shows it so).
_AS_TYPED = " (the email and the feeds show this note as plain text, as typed)"


def _quoted(found: str) -> str:
    """What the notes hold, as a warning quotes it: a pasted page's `<tag` or `](` ran to 80 KB
    (its every character a line of the terminal's), and a control character in it drove it."""
    return hidden_characters.shortened(hidden_characters.escaped(found), 60)


# A link's or image's destination, inline `](…)` or a reference definition `[label]: …`, that
# has no scheme and is not a #fragment: an address on the blog (`/posts/other/`, `pic.jpg`).
_INLINE = r"\]\([ \t]*<?(?![A-Za-z][A-Za-z0-9+.-]*:|#|[)>])([^\s)>]+)"
_RELATIVE = re.compile(
    _INLINE
    + r"|^[ \t]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*<?(?![A-Za-z][A-Za-z0-9+.-]*:|#)([^\s>]+)",  # not [^1]:, a footnote
    re.M,
)
# The inline kind alone, in the notes as written: where it finds nothing, nor would it once the
# code is taken out (that leaves the text after any `](` as it was, or starting with a backtick,
# which this finds as well), and without a `]:` there is no definition to find.
_INLINE_RELATIVE = re.compile(_INLINE).search


@dataclass
class OwnWords:
    """An edition's own words, its intro and outro, read as an entry's notes are by `relative_links`:
    `path`, the file they are written in (its _index.md)."""

    path: Path | None
    notes: str
    said = "the edition's words"


def relative_links(entries: list[Entry], settings, own: OwnWords | None = None) -> list[Concern]:
    """Entries whose notes link to a relative address (`[my post](/posts/other/)`, an image
    `pic.jpg` in the post's bundle) while the site has no real address: it works on the blog,
    but the email, its web page and the feeds are read elsewhere, and join such an address to
    the post's on the site (note_addresses.py), which is none yet: they keep only the words.
    `own`: the edition's intro and outro, which join such an address the same way (new user 56's
    intro linked `/newsletter/` on a site at https://example.org/reading/, and nothing said so)."""
    from newsletter.formats.site import PLACEHOLDER_SITE, hugo_config, site_base_url

    found, base = [], None
    for entry in [*entries, own] if own else entries:
        if "]:" not in entry.notes and not _INLINE_RELATIVE(entry.notes):
            continue  # most notes (their links have a scheme): not taken through both patterns, ~40 µs each
        prose = _CODE.sub("", entry.notes)
        relative = list(dict.fromkeys(m[1] or m[2] for m in _RELATIVE.finditer(prose)))
        if relative and base is None:
            base = site_base_url(settings)  # (read once, only where wanted)
        what = getattr(entry, "said", "the notes")
        plain = bool(relative) and heavy_notes.heavy(entry.notes) is not None  # (no link in the email: _AS_TYPED)
        if relative and base != PLACEHOLDER_SITE and (outside := _outside(relative, base, settings, what, plain)):
            found.append(Concern(entry.path, outside))
        if relative and base == PLACEHOLDER_SITE and not plain:  # (baseURL makes no link of a heavy note's)
            found.append(
                Concern(
                    entry.path,
                    f"{what} link to {', '.join(map(_quoted, relative[:3]))}{' …' if len(relative) > 3 else ''}, "
                    f"an address on the blog, which the email and the feeds link from the site's address, "
                    f"still the placeholder {PLACEHOLDER_SITE}: they keep the words but not the link until "
                    f"you set baseURL in {shown(hugo_config(settings.site_dir), settings.root)} "
                    "(or base_url in [site] of newsletter.toml)",
                )
            )
    return found


def _outside(relative: list[str], base: str, settings, what: str = "the notes", plain: bool = False) -> str | None:
    """What to say of addresses from the domain's root (`/2026/11/post/`) on a site under a path
    (baseURL `https://ana.example/blog/`): Hugo writes such a link as typed, so on the blog, as in
    the email and the feeds, it leads out of the site (new user 40's link to her own post). But
    a site that sets canonifyURLs or relativeURLs has Hugo take it under the site's path: there
    the blog's link works and `/blog/…` makes `/blog/blog/…` (real `hugo`, review 29); the email
    still leads out, and only the whole address works in both. `plain`: a heavy note's, which the
    email shows as typed: only the blog's link is said."""
    from newsletter.formats.site import hugo_settings

    root = urlsplit(base).path.rstrip("/")
    if not root:
        return None
    inside = ("//", root + "/", root + "?", root + "#")  # (a "//host/…" link is another site's)
    out = [link for link in relative if link.startswith("/") and link != root and not link.startswith(inside)]
    if not out:
        return None
    origin = base[: len(base) - len(urlsplit(base).path)]
    hugo = hugo_settings(settings.site_dir)
    if rewrites := next((key for key in ("canonifyURLs", "relativeURLs") if hugo.get(key.lower()) is True), None):
        if plain:  # the blog's link works, and the email has none
            return None
        return (
            f"{what} link to {', '.join(out[:3])}{' …' if len(out) > 3 else ''}, from the root of the site's "
            f"domain: on the blog Hugo ({rewrites}) takes it under the site's path, {base}, but in the email it "
            f"leads to {origin}{out[0]}; write the whole address, {origin}{root}{out[0]}, to link to the "
            "site's page from both"
        )
    return (
        f"{what} link to {', '.join(out[:3])}{' …' if len(out) > 3 else ''}, from the root of the site's "
        f"domain: the site is at {base}, so on the blog{'' if plain else ', as in the email,'} it leads to "
        f"{origin}{out[0]}{_AS_TYPED if plain else ''}; write {root}{out[0]} (or the whole address) to link to the "
        "site's page"
    )


def address(value) -> str:
    """The first address of a header, if it is one (name@domain), else ""."""
    for _, address in getaddresses([str(value or "")]):
        local, _, domain = address.rpartition("@")
        if local and domain:
            return address
    return ""


def _links_to(html: str, url: str) -> bool:
    return bool(url) and (f'href="{html_lib.escape(url)}"' in html or f'href="{url}"' in html)
