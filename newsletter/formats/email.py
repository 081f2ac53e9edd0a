"""The email edition's HTML and MIME message: MJML -> inbox-safe HTML, and the .eml.

MJML (rendered in-process by mrml) gives the table layout Outlook and phones need;
css-inline moves the CSS onto the elements, leaving only @media rules in <style>.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import html as html_lib
import re
from email.header import Header
from email.headerregistry import Address
from email.utils import format_datetime, formataddr, parseaddr
from pathlib import Path

import css_inline
import mrml
import nh3
from markupsafe import Markup

from newsletter import mail_headers
from newsletter.config import Settings, kb
from newsletter.errors import NewsletterError
from newsletter.formats import (
    code_frame,
    entry_language,
    far_links,
    finished_blocks,
    header_lines,
    link_uris,
    mail_pictures,
    mime_body,
    mjml_place,
    note_tables,
    note_tags,
    size_budget,
)
from newsletter.formats.block_direction import own_direction
from newsletter.formats.code_stamp import stamp
from newsletter.formats.mrml_attributes import safe_for_mrml
from newsletter.formats.note_addresses import absolute
from newsletter.formats.notes import NoteParser
from newsletter.formats.slugs import latin_in_ascii
from newsletter.models import Edition, Outputs
from newsletter.workspace import open_regular

# What a note may contain in an email: text formatting and links, nothing active (note_tags.py).
_TAGS = set(note_tags.IN_EMAIL)
_INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
_HEAD_META = '<meta name="color-scheme" content="light dark"><meta name="supported-color-schemes" content="light dark">'


# What markdown_to_html's text depends on besides the note: change the first part whenever
# _TAGS (note_tags.py), the attributes or the link rules below change (the notes cache keeps its results); a
# change to note_tables.py changes it by itself (12: its frame, which Mariana's workspace, built
# before, would not have shown until she edited the note; 14: code marked left to right; 15: ruby;
# 16: a note's headings nested).
_SANITISED = f"email-html-16\0{nh3.__version__}\0{stamp(__package__, 'note_tables.py').decode()}"


def made_kind(page: str | None = None) -> str:
    """What `markdown_to_html` keeps a note's HTML under in the notes cache (NoteParser.prefetch):
    its relative addresses are joined to the post's `page`, so that is part of it."""
    return f"{_SANITISED}\0{page}" if page else _SANITISED


def markdown_to_html(
    source: str,
    parser: NoteParser | None = None,
    language: str | None = None,
    page: str | None = None,
    written_in: str | None = None,
) -> Markup:
    """The author's Markdown as email-safe HTML (sanitised: notes may be pasted from anywhere);
    parsed by the build's `parser`, which shares the parse with the text part and keeps the
    result with it. Given the edition's `language`, a paragraph written wholly in the other
    direction gets its own (block_direction.py); given the post's `page` on the site, a relative
    link or picture is joined to it (note_addresses.py), else it keeps only its words. An entry
    `written_in` another language than the edition's is quoted and marked in it (entry_language)."""
    parser = parser or NoteParser()
    if written_in and language:
        parser = entry_language.parser_for(parser, written_in, language)
    make = functools.partial(_email_safe, images=parser.images, page=page)
    made = parser.made_from(made_kind(page), source or "", make)
    if not language:
        return Markup(made)
    own = entry_language.other(written_in, language)  # its paragraphs' direction counted against its own
    return Markup(entry_language.wrapped(own_direction(made, own or language), written_in, language))


def _email_safe(parsed, images: tuple[str, str], page: str | None = None) -> str:
    html = _TASK.sub(_task_box, parsed.html) if "task-list-item" in parsed.html else parsed.html
    clean = nh3.clean(
        _FOREIGN_TAG.sub(_kept_tag, _BLOCKS.sub(functools.partial(_email_block, blocks_as=_blocks_as(html)), html)),
        tags=_TAGS | {"img"},
        attributes={"a": {"href", "title"}, "img": {"src", "alt"}, "th": {"style"}, "td": {"style"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        attribute_filter=functools.partial(_kept_attribute, page=page),
    )
    clean = _IMAGE.sub(lambda match: _image_as_link(match, clean, images), clean)
    if "<table>" in clean:  # styled here: the template's CSS would reach its layout tables
        clean = note_tables.framed(clean)
    if "<code>" in clean:  # code in a sentence reads left to right too (a block's: its frame's cell)
        clean = _INLINE_CODE.sub('<code dir="ltr">', clean)
    if "<pre>" in clean:
        clean = clean.replace("<pre>", code_frame.FRAME[0]).replace("</pre>", code_frame.FRAME[1])
    return re.sub(r'<a(?: title="[^"]*")?>(.*?)</a>', r"\1", clean, flags=re.DOTALL)  # hrefless: just words


# A tag the email does not keep goes before the sanitiser's HTML5 parser reads it: that parser
# ran on past some unknown tags ('is <not> what people think' ended at 'is'), made what followed
# a <textarea>, <title> or <xmp> raw text, or a <template> hidden, dropping the rest of the
# note, where the text part and the blog keep its words. <script> and <style> stay for nh3,
# which drops them with their content. (Python-Markdown escapes the '<' of code, so every tag
# left in its HTML is one the author typed, or its own.) A quote opens a value only after an '='
# (an HTML5 tag's rule): the apostrophe of '<x don't>' is part of a name, and read as a quote it
# ran the tag on to the next one, taking the words between with it.
_FOREIGN_TAG = re.compile(r"""</?([A-Za-z][A-Za-z0-9-]*)(?:=\s*"[^"]*"|=\s*'[^']*'|[^>])*+>""")
_PARSED_AS_IS = _TAGS | {"img", "script", "style"}


def _kept_tag(match) -> str:
    return match[0] if match[1].lower() in _PARSED_AS_IS else ""


# Blocks the email keeps in another form, where the sanitiser would drop the tag and run its
# words into the next ones. The subject is the <h1>, sections <h2> and entries <h3>, so a note's
# headings go under its entry's: its shallowest an <h4>, each deeper level one below, down to
# <h6>, so they keep the nesting the post gives them (all of them <h4> put a `###` beside the
# `##` it belongs under, for a screen reader listing headings: new user 61). A <details> is
# shown open (most inboxes have no toggle), its <summary> as a bold line.
_BLOCKS = re.compile(r"""<(/?)(h[1-6]|summary|details)\b(?:[^>"']|"[^"]*"|'[^']*')*>""", re.IGNORECASE)
_HEADING_LEVEL = re.compile(r"<h([1-6])\b", re.IGNORECASE)


def _blocks_as(html: str) -> dict[str, str]:
    """Each heading tag of the note's `html` as the email writes it: its levels in order from
    <h4>, a level it skips not skipped (a `#` then a `###` are <h4> and <h5>)."""
    levels = sorted({int(level) for level in _HEADING_LEVEL.findall(html)})
    return {f"h{level}": f"h{min(4 + rank, 6)}" for rank, level in enumerate(levels)}


def _email_block(match, blocks_as: dict[str, str]) -> str:
    closing, name = match.group(1), match.group(2).lower()
    if name in blocks_as:
        return f"<{closing}{blocks_as[name]}>"
    if name == "summary":
        return "</strong></p>" if closing else "<p><strong>"
    return ""  # details: its contents stay


# A task list's item ('- [x] done'), whose box the blog draws (Goldmark's task lists) and no
# mail client would: the box as a character, in the items the parser marked as tasks (an
# escaped '\\[x]' is none: note_markdown._TaskItems).
_TASK = re.compile(r'<li class="task-list-item">(\s*(?:<p>)?)\[([ xX])\][ \t]')


def _task_box(match) -> str:
    return "<li>" + match[1] + ("\u2610 " if match[2] == " " else "\u2611 ")


# Code in a sentence of an Arabic note took the sentence's direction: 'x = f(y);' showed as
# ';x = f(y)' (Chromium). dir isolates it, as the HTML standard has dir do on inline elements.
_INLINE_CODE = re.compile(r"(?<!<pre>)<code>")
# nh3 writes an image as <img> with only src and alt left, values escaped in double quotes.
_IMAGE = re.compile(r"<img\b([^>]*)>")


def _image_as_link(match, html: str, images: tuple[str, str]) -> str:
    """An image in a note, as the text part shows it: `[image: alt]`, linked to the picture
    (an http(s) one: nh3 dropped any other src). Its size is unknown, and an image without a
    width is what Outlook stretches across the page (the email-safe checklist wants one);
    a link is safe in every client."""
    values = dict(re.findall(r'(src|alt)="([^"]*)"', match[1]))
    alt = values.get("alt", "").strip()
    words = html_lib.escape(images[0], quote=False).format(alt=alt) if alt else html_lib.escape(images[1], quote=False)
    in_link = html.rfind("<a ", 0, match.start()) > html.rfind("</a>", 0, match.start())
    return f'<a href="{values["src"]}">{words}</a>' if values.get("src") and not in_link else words


def _kept_attribute(tag: str, attribute: str, value: str, page: str | None = None) -> str | None:
    """The sanitiser's filter of each attribute it allows: a table cell keeps only its column's
    alignment. A relative link or #anchor leads nowhere from an inbox: joined to the post's `page`
    where the site has a real address, else (and an #anchor) its words kept, the href dropped."""
    if tag in ("th", "td"):  # a cell's alignment, as the parser writes it, and nothing else
        return value if re.fullmatch(note_tables.ALIGNMENT, value) else None
    if tag in ("a", "img") and attribute in ("href", "src"):
        value = absolute(value, page)
    if tag == "a" and attribute == "href" and not re.match(r"(https?|mailto):", value, re.IGNORECASE):
        return None
    if tag == "img" and attribute == "src" and not re.match(r"https?:", value, re.IGNORECASE):
        return None
    return value


def finish(mjml_source: str, template: Path | None = None) -> str:
    """The email's HTML from the MJML `template` (its file, named when it is not valid) wrote;
    its blocks kept in this process finished once each (finished_blocks.py)."""
    return finished_blocks.finish(mjml_source, functools.partial(_finish_whole, template=template))


def _finish_whole(mjml_source: str, template: Path | None = None) -> str:
    try:
        html = mrml.to_html(safe_for_mrml(mjml_source)).content
    except Exception as error:  # mrml raises a bare Exception subclass with the parser's message
        raise NewsletterError(mjml_place.explained(str(error), mjml_source, template)) from None
    if "<mj-" in html and (unknown := mjml_place.unknown_element(html, mjml_source, template)):
        raise NewsletterError(unknown)
    if _FIXED_HEIGHT_MARK in html:  # (a search of all of the 250 KB for images that are rarely there)
        html = _FIXED_HEIGHT.sub(r"\1height:auto;\2", html)
    if "<img " in html:
        html = mail_pictures.as_laid_out(html)
    html = link_uris.ascii_hrefs(_INLINER.inline(html))  # (an IRI in an href: some clients break it)
    if doctype := _DOCTYPE.match(html):  # a match at the start, not re.sub's try at every character
        html = "<!DOCTYPE html>" + html[doctype.end() :]
    # The charset first: a browser opening the file (or the edition's web page) looks for it in
    # the first 1024 bytes only, and mrml writes it after the <style> block.
    charset = re.search(r"<meta http-equiv=\"Content-Type\"[^>]*>", html)
    head = _HEAD_META
    if charset:
        html = html[: charset.start()] + html[charset.end() :]
        head = charset.group(0) + head
    html = _PREHEADER.sub(r'\1 aria-hidden="true" \2mso-hide:all;', html, count=1)
    return html.replace("<head>", "<head>" + head, 1)


# An mj-image given a height (a chart's, known) gets it as the attribute Outlook lays out by,
# and as a CSS height that would squash it on a phone, where its width is 100% of less room.
_FIXED_HEIGHT = re.compile(r'(<img\b[^>]*?\bstyle="[^"]*?)height:\d+px;(width:100%;)')
_FIXED_HEIGHT_MARK = "px;width:100%;"  # in every text _FIXED_HEIGHT matches
_DOCTYPE = re.compile(r"<!doctype html>", re.IGNORECASE)
# mrml hides the preheader (mj-preview) with display:none and more, and also paints it white:
# text coloured like its background is what spam filters score as hidden (SpamAssassin's
# HTML_FONT_LOW_CONTRAST, on every edition). Outlook, which may show a display:none block, is
# told mso-hide:all instead. A client that drops display:none (some webmail rewrites styles)
# would have screen readers read it out before the subject, and again: aria-hidden hides it there.
_PREHEADER = re.compile(r'(<body\b[^>]*>\s*<div) (style="display:none;[^"]*?)color:#ffffff;')


def size_warnings(html: str | bytes, edition: Edition, settings: Settings, text: str | bytes = "") -> list[str]:
    """The email's size against its budget; `html` as text or as its UTF-8. An edition that long
    is told of inline links where its `text` part lists them too far down (formats/far_links.py).
    The warning carries its figures (size_budget.SizeWarning): `build --all` says it once for
    every edition over the budget (commands/said_once.py), where new user 55 read it 11 times."""
    size = len(html) if isinstance(html, bytes) or html.isascii() else len(html.encode("utf-8"))
    if size <= settings.email.max_html_kb * 1024:
        return []
    said, weekly = _over_budget(size, edition, settings)
    far = far_links.advice(text, settings.email.text_links) if text else ""
    return [
        size_budget.warning(said + far, size_budget.OverBudget(size, settings.email.max_html_kb, weekly, bool(far)))
    ]


def _over_budget(size: int, edition: Edition, settings: Settings) -> tuple[str, bool]:
    """What to say of an email of `size` bytes over the budget, and whether it says a week's worth would fit."""
    budget = settings.email.max_html_kb * 1024
    over = f"The email is {kb(size)}, {size_budget.over_the_budget(settings.email.max_html_kb)}."
    # Trimming notes is the advice only if it can help: 1,000 entries of one line each were told
    # to trim three notes of 9 bytes ("1 KB of notes"), and would have been over with none. A
    # note weighs up to a few times its text in the HTML (each paragraph's inlined style).
    notes = sum(len(e.notes.encode()) for e in edition.entries)
    if edition.entries and notes * 4 < size - budget:
        fitting, weekly = _fitting(edition, size, budget)
        return (
            f"{over} Its {len(edition.entries)} entries are too many for one email even without their notes "
            f"({kb(notes)} of notes in all): leave some for the next edition "
            f"({fitting}a later `date:`, or `draft: true`).",
            weekly,
        )
    # How much to trim, not only where: 40 notes of 3 KB were told to trim the three "longest",
    # which gone whole left the email clipped. A note's HTML is at least its text (markup and
    # inlined styles only add), so notes that lose the excess bring the email under the budget.
    # (by the bytes the email holds, said as every size is: a Chinese note weighs three times its characters)
    largest = sorted(edition.entries, key=lambda e: len(e.notes.encode()), reverse=True)[:3]
    names = ", ".join(f"{e.path.name} ({kb(len(e.notes.encode()))} of notes)" for e in largest)
    if size - budget > notes:  # "trim 30.7 KB from the notes (24.5 KB in all)": not advice one can follow
        fitting, weekly = _fitting(edition, size, budget)
        return (
            f"{over} Its notes ({kb(notes)} in all) are less than the {kb(size - budget)} to cut, "
            "so trimming them may not be enough: leave some entries for the next edition "
            f"({fitting}a later `date:`, or `draft: true`), or trim the notes, the longest first: {names}.",
            weekly,
        )
    return (
        f"{over} Trim about {kb(size - budget)} from the notes ({kb(notes)} in all), the longest first: {names}.",
        False,
    )


def _fitting(edition: Edition, size: int, budget: int) -> tuple[str, bool]:
    """How many to leave, not only that some: new user 55's (Hiro's) 150 entries, a 518 KB email,
    were told to leave "some" for the next edition, and some 26 of them fit: as many as fit at
    their average weight (the part that is no entry's shared out among them: a bound, not a plan).
    A month whose week's share would fit is said to be a weekly newsletter's (his, with one-line
    notes: 60 of 150 fit, and his weeks are 29 to 44). None fits a budget smaller than an entry
    (a test's 1 KB): then the count is no help. And whether a week's worth is said to fit."""
    count = len(edition.entries)
    fitting = budget * count // size
    if not fitting:
        return "", False
    said = f"{fitting} of its {count} fit, at their average of {kb(size // count)} each; "
    days = (edition.period.end - edition.period.start).days + 1
    if weekly := edition.period.kind == "month" and count * 7 <= fitting * days:
        said += f'a week\'s worth (about {-(-count * 7 // days)}) would, with `cadence = "weekly"` in [newsletter]; '
    return said, weekly


def message(edition: Edition, settings: Settings, html: str | bytes, text: str | bytes, date: dt.datetime) -> bytes:
    """The edition as a multipart/alternative message: text first, HTML preferred. The parts
    as text or as their UTF-8 (render gives the bytes it encoded once for every use).

    The email package writes the headers (folding, encoded words, addresses); the two bodies
    are encoded by mime_body.py (binascii's C encoders) and joined here. The package's own body
    encoders are pure Python, line by line, and were a fifth of a build; its quoted-printable
    lines also ran to 78 characters, where RFC 2045 allows 76.
    """
    digest = hashlib.sha256(f"{settings.name}\0{edition.period.key}".encode()).hexdigest()[:16]
    senders, lists, domain = _settings_headers(settings)
    boundary = f"==newsletter-{digest}=="  # fixed, so rebuilding gives the same bytes
    return b"".join(
        [
            header_lines.subject(mail_headers.value("Subject", edition.subject)),  # a literal =?...?= stays literal
            senders,
            header_lines.dated(format_datetime(date), f"<{edition.period.key}.{digest}@{domain}>"),
            lists,  # and Content-Language, the settings' too
            b'MIME-Version: 1.0\r\nContent-Type: multipart/alternative;\r\n boundary="%s"\r\n\r\n' % boundary.encode(),
            mime_body.part(boundary, "plain", text),
            b"\r\n",
            mime_body.part(boundary, "html", html),
            b"\r\n--%s--\r\n" % boundary.encode(),
        ]
    )


_MADE: dict[tuple, tuple[bytes, bytes, str]] = {}


def _settings_headers(settings: Settings) -> tuple[bytes, bytes, str]:
    """The headers made from the settings alone (From, To and Reply-To; the List- ones and
    Content-Language) and the Message-ID's domain: the same in every edition, so made once a
    process (the email package's parsing and folding of them was a tenth of `build --all`).
    Keyed by every setting they read."""
    email = settings.email
    key = (
        settings.name,
        settings.author,
        email.sender,
        email.to,
        email.reply_to,
        email.list_id,
        email.list_unsubscribe,
        email.list_unsubscribe_mailto,
        settings.links.unsubscribe,
        settings.dist_dir,  # (a list id already sent is kept: list_id)
        settings.language,
    )
    if key not in _MADE:
        senders = [("From", mail_headers.mailbox(email.sender or settings.author or settings.name))]
        if email.to:
            senders.append(("To", mail_headers.mailbox(email.to)))
        if email.reply_to:
            senders.append(("Reply-To", mail_headers.mailbox(email.reply_to)))
        lists = [("List-Id", list_id(settings))]
        unsubscribe = list_unsubscribe(settings)
        if unsubscribe:
            lists.append(("List-Unsubscribe", ", ".join(f"<{u}>" for u in unsubscribe)))
            if email.list_unsubscribe.strip() and is_one_click(unsubscribe[0]):  # the endpoint, not a page
                lists.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
        lists = [(name, mail_headers.value(name, text)) for name, text in lists]  # URIs, never encoded words
        # RFC 3282: the language of the whole message, the text part's too, which only the HTML
        # part's <html lang> said (and webmail drops <html>); a tag, as config checks
        lists.append(("Content-Language", settings.language))
        _MADE[key] = header_lines.headers(senders), header_lines.headers(lists), _domain(settings)
    return _MADE[key]


def list_unsubscribe(settings: Settings) -> list[str]:
    """The List-Unsubscribe URIs: the one-click endpoint (else the unsubscribe page), then a mailto."""
    mailto = settings.email.list_unsubscribe_mailto.strip()
    if isinstance(mailbox := mail_headers.mailbox(mailto), Address):  # written like a From: "Name <address>"
        mailto = mailbox.addr_spec  # a name has no place in a URI: '<mailto:Name <address>>' is none
    if mailto and not mailto.startswith("mailto:"):
        mailto = "mailto:" + mailto
    # a space around a URL in the settings is no part of it (percent-encoded, '%20https://…' is no URL)
    web = settings.email.list_unsubscribe.strip() or settings.links.unsubscribe.strip()
    web_name = "[email] list_unsubscribe" if settings.email.list_unsubscribe.strip() else "[links] unsubscribe"
    uris = []
    written = settings.email.list_unsubscribe_mailto.strip()
    for name, uri in ((f"{web_name} = {web!r}", web), (f"[email] list_unsubscribe_mailto = {written!r}", mailto)):
        try:
            uris += [mail_headers.ascii_uri(uri)] if uri else []
        except ValueError as refused:  # a host IDNA refuses, percent-encoded, named no host
            raise NewsletterError(f"{name} in newsletter.toml: {refused}; check its spelling.")
    return uris


def is_one_click(url: str) -> bool:
    """An RFC 8058 one-click URI must be https; a landing page gets no List-Unsubscribe-Post."""
    return url.lower().startswith("https://")


def list_id(settings: Settings) -> str:
    """`"Name" <name-as-label.from-domain>`, or [email] list_id as written (ASCII; see below)."""
    written = settings.email.list_id
    if written and written.isascii():
        return written
    if written:  # 'Bücher <liste.bücher.example>' went out as one encoded word, no id a provider reads:
        # the id's domain in its A-label form, as the From's, and the name as a default one's
        match = re.fullmatch(r"\s*(.*?)\s*<([^<>]*)>\s*", written)
        if not match:  # a bare id
            return mail_headers.ascii_domain(written.strip())
        name, address = re.sub(r'^"(.*)"$', r"\1", match[1]), mail_headers.ascii_domain(match[2].strip())
        return _phrase(name, address) if name else f"<{address}>"
    # The name's letters as RFC 2919's ids write them, 'lecturas-de-mariana' (an accent was a
    # '-': 'lecturas-de-mar-a'); a list that went out under such an id keeps it, as its readers'
    # filters and folders match it
    address, before = (f"{_label(name)}.{_domain(settings)}" for name in (latin_in_ascii(settings.name), settings.name))
    if before != address and _went_out_with(settings, before):
        address = before
    return _phrase(settings.name, address)


def _label(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "newsletter"


def _went_out_with(settings: Settings, address: str) -> bool:
    """Whether an edition was sent with List-Id <address>: its copy as sent (Outputs.sent_copy,
    dist/<PERIOD>/sent.eml) says so in its head."""
    said = f"<{address}>".encode()
    for copy in sorted(settings.dist_dir.glob(f"*/{Outputs.sent_copy}")):
        try:
            with open(copy, "rb", opener=open_regular) as sent:  # (a FIFO there waited for a writer, for ever)
                head = sent.read(64 * 1024).partition(b"\r\n\r\n")[0]
        except OSError:
            continue
        if re.search(rb"(?im)^List-Id:[^\r]*(?:\r\n[ \t][^\r]*)*" + re.escape(said), head):
            return True
    return False


def _phrase(name: str, address: str) -> str:
    # RFC 2919's phrase is RFC 5322's: a name with a comma, quote or other special is quoted, as
    # formataddr does for a From; a non-ASCII one is encoded words, each within RFC 2047's 75
    # characters (formataddr makes one of any length), and folded at the spaces between them
    if name.isascii():
        return formataddr((name, address))
    words = Header(name, "utf-8", mail_headers.POLICY.max_line_length, header_name="List-Id").encode()
    return f"{' '.join(words.split())} <{address}>"


def _domain(settings: Settings) -> str:
    sender = mail_headers.mailbox(settings.email.sender)
    address = sender.addr_spec if isinstance(sender, Address) else parseaddr(sender)[1]
    try:
        return Address(addr_spec=address).domain or "newsletter.invalid"
    except (ValueError, IndexError):
        return "newsletter.invalid"
