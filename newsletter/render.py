"""Stage 4, render: an enriched `Edition` -> the Hugo post, the email HTML, text and .eml.

Jinja does the layout; this module decides what is trusted. The author's own Markdown
(notes, intro, outro) is trusted. Everything fetched from the web is not: in HTML it is
autoescaped, in the Markdown post every value is Markdown-escaped unless marked safe.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2
from markupsafe import Markup, escape

from newsletter import mail_headers, resources
from newsletter.config import Settings
from newsletter.errors import NewsletterError
from newsletter.formats import (
    archived_copies,
    columns,
    entry_language,
    finished_blocks,
    french_titles,
    inbox_preview,
    kept_fragments,
    letter_case,
    mail_pictures,
    note_addresses,
    post_direction,
    post_notes,
    slugs,
    workspace_templates,
)
from newsletter.formats import email as email_html
from newsletter.formats import post as markdown_safe
from newsletter.formats import text as plaintext
from newsletter.formats.dates_in_words import date_words
from newsletter.formats.email_notes import EmailNotes
from newsletter.formats.entry_facts import EditionFacts, facts_line
from newsletter.formats.font_stack import font_stack
from newsletter.formats.kept_code import KeptCode
from newsletter.formats.language_tag import isolated, runs_against, text_direction, title_direction, title_language
from newsletter.formats.notes import NoteParser
from newsletter.formats.post_direction import reads_block_attributes
from newsletter.formats.raw_html import renders_raw_html
from newsletter.formats.site import content_dir, hugo_settings, web_edition_url
from newsletter.formats.wording import Wording
from newsletter.models import Edition, Entry, Outputs, Section, caseless

POST_TEMPLATE, HTML_TEMPLATE, TEXT_TEMPLATE = "post.md.j2", "email.mjml.j2", "email.txt.j2"
REVIEW_TEMPLATES = ("review.md.j2", "review.mjml.j2", "review.txt.j2")  # the year in review's


def render(
    edition: Edition,
    settings: Settings,
    *,
    templates: tuple[str, str, str] | None = None,
    extra: dict | None = None,
    message: bool = True,
) -> Outputs:
    """The edition's post, email HTML, text and .eml. The year in review renders through here
    too, with its own `templates` and its numbers and charts in `extra`. Without `message`, no
    .eml (empty bytes): the preview shows the parts, and assembling the message is a fifth of a
    rebuild."""
    post_template, html_template, text_template = templates or (POST_TEMPLATE, HTML_TEMPLATE, TEXT_TEMPLATE)
    post_date = publication_date(edition, settings)
    # The edition's page on the site (publish writes it there), for "View in your browser".
    web_url = web_edition_url(settings, edition.period.key) if settings.email.view_in_browser else None
    context = {
        "edition": edition,
        "settings": settings,
        "links": settings.links,
        "date": post_date,
        "web_url": web_url,
        **(extra or {}),
    }
    # One parser for the build: each note parsed once for both parts, and not at all when an
    # earlier build stored its parse in .newsletter/.
    words = Wording(settings.language, settings.wording)  # the notes' quotes and images in the language
    role = words("email_role")  # what screen readers call the email (below: `words` is the intro and outro)
    hugo = hugo_settings(settings.site_dir)
    emoji, shortcodes = hugo.get("enableemoji") is True, settings.site.shortcodes  # as on the blog
    record = settings.dist_dir / edition.period.key / Outputs.build_record
    posts = content_dir(settings.site_dir, settings.language) / settings.site.section
    post_slug = slugs.slug(edition, record, posts)
    # The post's address on the site: a note's relative links and pictures (the blog's) are
    # joined to it in the email, its text, its web page and the feeds, read away from the blog.
    page = note_addresses.post_page(settings, post_slug, edition.title, post_date, hugo)
    with NoteParser(settings.state_dir, words.quotes(), words.images(), emoji, shortcodes) as notes:
        text_links = plaintext.Links(inline=settings.email.text_links == "inline", page=page)
        # What earlier builds made of the notes, the HTML, the text and the post's Markdown, in
        # a query for each level the post's headings start at, not three a note.
        raw_html = renders_raw_html(hugo)
        post_kind = functools.partial(post_notes.made_kind, shortcodes=settings.site.shortcodes, raw_html=raw_html)
        notes.prefetch(
            [email_html.made_kind(page), plaintext.made_kind(text_links), post_kind(3)],
            [edition.intro, edition.outro, *(entry.notes for entry in edition.entries)],
        )
        notes.prefetch([post_kind(2)], [edition.intro or edition.subtitle, edition.outro])
        # what an entry's block may read besides the entry: a kept block of another is not this one's
        kept = kept_fragments.namespace(
            settings, page, web_url, post_date, raw_html, hugo, post_template, html_template
        )
        markdown = _environment(settings, "markdown", notes, None, raw_html, reads_block_attributes(hugo), kept=kept)
        body = _render(markdown, post_template, context).lstrip("\n")
        # Hugo's summary is what comes before `<!--more-->`, else the front matter's `summary`.
        post = markdown_safe.front_matter(edition, settings, post_date, post_slug, summary="<!--more-->" not in body)
        post += body
        # The email, its text and the feeds: the titles the author wrote spaced as their notes (French)
        shown = french_titles.spaced(edition, words.quotes())
        context = {**context, "edition": shown}
        # each note's email HTML made once, for the email and the feeds' item and the intro and outro
        email_notes = EmailNotes(notes, settings.language, page)
        facts = EditionFacts(words)  # each entry's, for both
        html_env = _environment(settings, "html", notes, email_notes=email_notes, facts=facts, kept=kept)
        mjml = _render(html_env, html_template, context)
        text_env = _environment(settings, "text", notes, text_links, raw_html, facts=facts, kept=kept)
        text = _render(text_env, text_template, context)
        # The log's feeds carry the editions' entries; a year in review repeats them, so none.
        items = (
            []
            if edition.period.kind == "year"
            else [
                feed_item(entry, notes, settings.language, page, email_notes, words("names_separator"))
                for entry in shown.entries
            ]
        )
        words = {part: str(email_notes(getattr(edition, part))) for part in ("intro", "outro")}
    # the template's file, which a message about its MJML names (the workspace's copy, or the default)
    html = email_html.finish(mjml, _file(html_env, html_template))
    # mrml names the email's wrapper in English for screen readers: a German voice read "email"
    html = html.replace('aria-roledescription="email"', f'aria-roledescription="{escape(role)}"', 1)
    outputs = Outputs(
        post=post, post_slug=post_slug, html=html, text=text, eml=b"", published=post_date, items=items, words=words
    )
    html_bytes, text_bytes = outputs.utf8("html"), outputs.utf8("text")  # once, for these and publish
    outputs.eml = email_html.message(shown, settings, html_bytes, text_bytes, post_date) if message else b""
    outputs.warnings = email_html.size_warnings(html_bytes, edition, settings, text_bytes)
    # A template copied before archived copies existed links a dead link itself: say so.
    parts = {post_template: body, html_template: html, text_template: text}
    outputs.warnings += archived_copies.unlinked_copies(
        edition.entries, parts, settings.root / "templates", settings.root
    )
    return outputs


def feed_item(
    entry: Entry,
    notes: NoteParser,
    language: str | None = None,
    page: str | None = None,
    email_notes: EmailNotes | None = None,
    separator: str = ", ",
) -> dict:
    """One entry as the log's feeds carry it: the notes as the email's sanitised HTML (a paragraph
    against `language`'s direction in its own, as in the email; `email_notes`, the email's, where
    it was made). A dead link's archived copy is its `link`, where the feeds point as the post
    does; `url` stays the link itself, which the item's id is made from (a new id is a new item
    to feed readers). Notes with a `by:` are signed under them, names joined by `separator`, as
    the email signs them."""
    email_notes = email_notes or EmailNotes(notes, language, page)
    html = str(email_notes(entry.notes, entry.language))
    if entry.notes and entry.by:  # (its authors are the work's, as every item's: the speaker, not Tom)
        html += f"\n<p>— {escape(separator.join(entry.by))}</p>"
    item = {
        "title": entry.display_title,
        "url": entry.url,
        "type": entry.type,
        "date": entry.date.isoformat(),
        "authors": entry.people,
        "tags": entry.tags,
        "html": html,
        "file": entry.path.name,  # two entries of one link and day are two items (feeds.item_id)
    }
    if entry.by:
        item["by"] = entry.by  # (who wrote the notes: the editions feed names them among its authors)
    own = entry_language.other(entry.language, language) if language else None
    if own:
        item["language"] = own  # (JSON Feed's item language, Atom's xml:lang on the entry)
    if entry.link_url != entry.url:
        item["link"] = entry.link_url
    # the page's language, where the title is the page's and in another than the item's: as the
    # email's lang (the author's title is the entry's, which the item says)
    if other := title_language(bool(not entry.title and entry.meta.title), entry.meta.language, own or language or ""):
        item["title_language"] = other
    return item


def publication_date(edition: Edition, settings: Settings) -> dt.datetime:
    """The post's date: the period's last day once it is over, else its latest entry.

    Deterministic (rebuilding gives the same file) and never in the future, which Hugo
    would silently leave unpublished.
    """
    zone = ZoneInfo(settings.timezone)
    today = dt.datetime.now(zone).date()
    day = edition.period.end
    if day >= today:
        day = max((e.date for e in edition.entries if e.date <= today), default=today)
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=zone)


def type_label(entry: Entry, words: Wording, under: str | None = None) -> str | None:
    """The word before an entry's title ("Talk", "Vortrag"); None for a type shown without one,
    and for a title that begins with that word and a colon already ("Podcast: Building in
    Public", as shows name their episodes): new user 41's screen reader read "Podcast: Podcast:".
    None too `under` a heading that is its type's own section, in English or the edition's language
    ("Papers", "Livros"), where each item read "Paper: …" under "Papers"; a topic ("MLOps") keeps
    it ("Tool: ml-ops.org"), as does the post, whose entries have no section headings."""
    if not entry.label or under is not None and own_section(entry, under, words):
        return None
    label = words.type_label(entry.type)
    title = entry.display_title
    said = title[: len(label)].casefold() == label.casefold() and title[len(label) :].lstrip()[:1] in _COLONS
    return None if said else label


def own_section(entry: Entry, heading: str, words: Wording) -> bool:
    """Whether `heading` is the name of the section of `entry`'s type, which says its type already."""
    names = (Entry.section_names[entry.type], words.section(entry.type))
    return caseless(heading) in {caseless(name) for name in names}


_COLONS = (":", "：", "|", "–", "—")  # after a label a title begins with ("Talk – …"; not "Podcast-Hosting Tips")


def people_word(entry: Entry, words: Wording) -> str:
    """ "Speaker", "Authors", "By": what introduces an entry's people, in the edition's language."""
    if entry.type in Entry.people_headings:
        return words("made_by")
    # A podcast's hosts and guests, on no stage; an author's own word for speakers, written
    # before podcasts had theirs ([wording] speakers), still says them
    if entry.type == "podcast" and ("podcast_people" in words.overrides or "speakers" not in words.overrides):
        return words.text("podcast_people", len(entry.people))
    return words.text("speakers" if entry.type in Entry.people_words else "authors", len(entry.people))


def section_title(section: Section, words: Wording) -> str:
    """A section's heading: a type's default heading in the edition's language ("Vorträge"),
    or the name its entries gave it (`section:` is the author's words, said as written).
    _index.md orders sections by the English default names, which stay the sections' keys."""
    named = any(entry.section for entry in section.entries)
    kinds = [kind for kind, name in Entry.section_names.items() if name == section.title]
    if not named and kinds:
        return words.section(kinds[0])
    # a name only entries of another language give is in that language's letters: "MACHINE
    # LEARNING" in a Turkish log's text part, where Turkish's capitals wrote "MACHİNE LEARNİNG"
    if len(said_in := {entry.language for entry in section.entries}) == 1 and None not in said_in:
        return letter_case.InLanguage(section.title, *said_in)
    return section.title


def said_in(name: str, text: str) -> bool:
    """Whether every word of `name` is in `text`, so a heading need not repeat it."""
    words = set(re.findall(r"\w+", text.casefold()))
    return all(word in words for word in re.findall(r"\w+", name.casefold()))


def _where(error: Exception, name: str) -> str:
    """`name`, or the template file and line the error was raised at (jinja maps its frames to
    the templates' lines), so a mistake in a long template is found without a search."""
    frame, found = error.__traceback__, name
    while frame is not None:
        if frame.tb_frame.f_code.co_filename.endswith(".j2"):
            found = f"{frame.tb_frame.f_code.co_filename}:{frame.tb_lineno}"
        frame = frame.tb_next
    return found


def _file(env: jinja2.Environment, name: str) -> Path | None:
    filename = env.get_template(name).filename
    return Path(filename) if filename else None


def _render(env: jinja2.Environment, name: str, context: dict) -> str:
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateSyntaxError as error:
        # what to do too: Léa (new user 49), a `}` short in her copy, read only "unexpected '}'"
        raise NewsletterError(
            f"{error.filename or error.name}:{error.lineno}: template error: {(error.message or '').rstrip('.')}; "
            f"fix the Jinja on that line (a {{{{ … }}}} or {{% … %}} left open, a tag's or filter's name): the default "
            f"{error.name or name} in {resources.default_templates()} shows how it is written"
        ) from None
    except jinja2.TemplateNotFound as error:  # an include or extends: it said only the name
        raise NewsletterError(
            f"template {_where(error, name)}: it includes {error.name}, which is neither in the workspace's "
            "templates/ nor a default template; check the name (relative to templates/)"
        )
    except jinja2.TemplateError as error:
        raise NewsletterError(f"template {_where(error, name)}: {error}; check the template's variables and filters")
    except (UnicodeDecodeError, ArithmeticError, TypeError, ValueError, AttributeError, LookupError) as error:
        raise NewsletterError(
            f"template {_where(error, name)}: {type(error).__name__}: {error}; check the template "
            "(a workspace's own templates/ overrides the default of the same name)"
        )
    except OSError as error:  # a template on a failing disk or network share: a read, not the output
        raise NewsletterError(
            f"template {error.filename or _where(error, name)}: a template file could not be read "
            f"({error.strerror}); check the file and the disk it is on"
        ) from None


# The environments `build --all` keeps from one edition to the next while `kept_environments`
# (or, in a worker, `keep_environments`): each edition's build made three, with their loaders,
# and loaded each template into them again (reading its source to find its compiled code), for
# every one of the archive's editions. A kept one is for the same settings; what is the
# edition's own (its notes, its text's links) is given to its filters at each build.
_KEPT: dict[tuple, jinja2.Environment] | None = None


def keep_environments() -> None:
    """From now on, for the life of this process (a worker of `build --all`), keep environments."""
    global _KEPT
    if _KEPT is None:
        _KEPT = {}


@contextlib.contextmanager
def kept_environments():
    """Environments kept while in the block (`build --all` in one process), and let go at its end."""
    global _KEPT
    if _KEPT is not None:  # already keeping (a worker)
        yield
        return
    _KEPT = {}
    try:
        yield
    finally:
        _KEPT = None


def _environment(
    settings: Settings,
    kind: str,
    notes: NoteParser | None,
    links: plaintext.Links | None = None,
    raw_html: bool | None = None,
    block_attributes: bool = False,
    email_notes: EmailNotes | None = None,
    facts: EditionFacts | None = None,
    kept: str | None = None,
) -> jinja2.Environment:
    """The environment of templates of `kind`; `raw_html`: whether the site renders a note's
    raw HTML (raw_html.renders_raw_html), for the post's and the text's; `block_attributes`:
    whether it reads Goldmark's (post_direction), for the post's; `email_notes`: the email's
    notes as HTML, their relative links joined to the post's address (the text's: its `links`');
    `facts`: the edition's entries' facts, made once for the email and its text; `kept`: the
    render's kept_fragments.namespace (without it, no block is kept)."""
    key = (kind, settings.root, settings.state_dir, settings.site.shortcodes, raw_html)
    env = _KEPT.get(key) if _KEPT is not None else None
    if env is None:
        env = _made_environment(settings, kind, raw_html)
        if _KEPT is not None:
            _KEPT[key] = env
    # the edition's own: its notes parser and its text's links (compiled templates look their
    # filters up as they render, so a kept environment renders with these)
    env.globals["facts"] = facts or EditionFacts(Wording(settings.language, settings.wording))
    env.fragment_namespace = kept and f"{kind}:{kept}"
    # the email's kept blocks finished once too (its MJML made HTML, its CSS inlined)
    env.fragment_marked = finished_blocks.marked if kind == "html" and kept else None
    if kind == "html":
        env.filters["markdown"] = email_notes or EmailNotes(notes, settings.language, None)
    elif kind == "markdown" and notes is not None:  # the post's: kept with the notes' other texts
        made = functools.partial(
            post_notes.authors_markdown, notes=notes, shortcodes=settings.site.shortcodes, raw_html=raw_html
        )
        env.filters["markdown"] = functools.partial(
            _post_note, made=made, language=settings.language, block_attributes=block_attributes
        )
    if links is not None:
        env.filters["text"] = lambda source, width=plaintext.WIDTH, written_in=None: plaintext.to_text(
            source, links, width, entry_language.parser_for(notes, written_in, settings.language) if notes else None
        )
        env.filters["cite"] = links.cite
        env.globals["reference_list"] = links.reference_list
        env.fragment_state = links  # a kept block numbers its links as the links before it left them
    return env


def _post_note(source, *args, made, language: str, block_attributes: bool, written_in: str | None = None, **kwargs):
    """A note as the post carries it; on a site reading Goldmark's block attributes, with a line
    after each paragraph giving its direction where it runs against the post's, and its language
    where the entry is `written_in` another (post_direction)."""
    note = made(source, *args, **kwargs)
    if not block_attributes:
        return note
    return Markup(post_direction.own_direction(note, language, entry_language.other(written_in, language)))


def _made_environment(settings: Settings, kind: str, raw_html: bool | None) -> jinja2.Environment:
    loader = jinja2.ChoiceLoader(
        [
            workspace_templates.Loader(settings.root / "templates"),  # a workspace overrides by name
            jinja2.FileSystemLoader(resources.default_templates()),
        ]
    )
    options: dict = {
        "loader": loader,
        "keep_trailing_newline": True,
        "trim_blocks": True,
        "lstrip_blocks": True,
        "undefined": jinja2.StrictUndefined,
        "bytecode_cache": _bytecode_cache(settings, kind),
        "extensions": [kept_fragments.Fragments],
    }
    if kind == "html":
        options["autoescape"] = True
    elif kind == "markdown":
        options["finalize"] = markdown_safe.escape_unless_safe
    env = jinja2.Environment(**options)
    # The fixed words in the newsletter's language ([newsletter] language, [wording]): formats/wording.py
    words = Wording(settings.language, settings.wording)
    env.globals["say"] = {"html": words.markup, "markdown": functools.partial(_said_in_markdown, words)}.get(
        kind, words
    )
    # "Paper: Mamba", "論文：Mamba"; a space is safe as it is in each format (the post's escape drops it)
    env.globals["after_colon"] = lambda said=None: Markup(words.after_colon(said))
    env.globals["names_separator"] = words("names_separator")  # ", ", Chinese 、 (as text: say's escape drops a space)
    env.globals["type_label"] = functools.partial(type_label, words=words)
    env.globals["people_word"] = functools.partial(people_word, words=words)
    env.globals["section_title"] = functools.partial(section_title, words=words)
    env.globals["date_words"] = functools.partial(date_words, language=settings.language)  # "3 de marzo de 2026"
    env.globals["direction"] = text_direction
    env.globals["font_stack"] = font_stack  # East Asian fonts before the generic one (formats/font_stack.py)
    env.globals["title_language"] = title_language
    env.globals["title_direction"] = title_direction
    env.tests["said_in"] = said_in
    env.tests["against_direction"] = runs_against
    if kind == "html":
        env.filters["inbox_text"] = mail_headers.inbox_text  # the preheader: on the inbox's line
        env.filters["inbox_cut"] = inbox_preview.cut  # and as long as the inbox shows it, cut at a word
    else:  # the post: the author's Markdown as written, made as safe as the email's
        env.filters["markdown"] = functools.partial(
            markdown_safe.authors_markdown, shortcodes=settings.site.shortcodes, own=True, raw_html=raw_html
        )
    env.filters["upper"] = functools.partial(letter_case.upper, language=settings.language)  # Turkish "İ"
    env.filters["md_url"] = markdown_safe.url
    env.filters["https_image"] = mail_pictures.https_image
    env.tests["drawn_by_word"] = mail_pictures.drawn_by_word
    if kind == "text":
        # its links numbered through the edition: a block is kept with the links before it (its
        # `fragment_state`), and the list of them all is made where it is
        env.unkept_names = frozenset({"reference_list"})
        env.filters["wrap"] = plaintext.wrap
        env.filters["unbroken"] = plaintext.unbroken  # the HTML's nowrap on a short fact
        env.filters["isolated"] = functools.partial(isolated, language=settings.language)  # the HTML's dir="auto"
        env.filters["facts_line"] = functools.partial(facts_line, language=settings.language)  # both
        env.filters["underline"] = lambda s, char="=": f"{s}\n{char * columns.width(s)}"
        env.filters["cells"] = columns.width  # a line's width in a monospace font
    return env


def _said_in_markdown(words: Wording, key: str, count: float | None = None, **values) -> Markup:
    """A phrase as the post writes it: Markdown-escaped, but for values marked safe (the
    template's own Markdown) and its no-break spaces (French "journal\u00a0:"), which the
    escape would make plain ones a line may break at."""
    marks = {name: f"\0{n}\0" for n, name in enumerate(values)}  # through the escape unchanged
    parts = re.split("([\u00a0\u202f])", words(key, count, **marks))
    said = "".join(part if n % 2 else markdown_safe.escape(part) for n, part in enumerate(parts))
    for name, value in values.items():
        said = said.replace(marks[name], value if isinstance(value, Markup) else markdown_safe.escape(str(value)))
    return Markup(said)


def _bytecode_cache(settings: Settings, kind: str) -> jinja2.BytecodeCache | None:
    """Compiled templates kept in .newsletter/, keyed by their source: compiling is most of a
    warm build's rendering time. Without a writable state folder, templates compile each time.
    A folder for each kind of environment: Jinja's key is the template's name and file, but its
    code holds the environment's escaping (the email's HTML escapes, its text does not), so a
    partial both include ran with the escaping of whichever compiled it first."""
    folder = settings.state_dir / "templates" / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return KeptCode(str(folder))
