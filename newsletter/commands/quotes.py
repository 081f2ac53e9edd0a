"""`newsletter quotes`: the key passages of a long text (file or link), extractively and offline."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from newsletter import smart
from newsletter.errors import FetchError, NewsletterError, aside

if TYPE_CHECKING:
    from newsletter.config import Settings

MAX_BYTES = 5_000_000  # a file, as a page from a link: far more than the longest transcript


def text_of(root: Path | None, source: str) -> tuple[str, str | None, bool]:
    """The text behind a file (plain text, Markdown, HTML) or a link (fetched through links/),
    the language an entry file says it is in (its own `language:`), if it says one, and whether
    its lines are the source's: a web page's are the reader's, which no one who opens it sees."""
    from newsletter.links.providers import pdf  # (what a PDF is: its signature, as a link's PDF)

    if source.startswith(("http://", "https://")):
        from newsletter import config
        from newsletter.links import Links

        settings = config.load(root or config.find_root(Path.cwd()))
        with Links(settings.fetch, settings.state_dir) as links:
            accept = "text/html,text/plain;q=0.9,application/pdf;q=0.8"
            page = links.download([source], accept=accept, max_bytes=MAX_BYTES)[source]
        if isinstance(page, FetchError):
            raise NewsletterError(f"Could not read {source} {aside(page.reason)}; save the page and give the file.")
        if pdf.is_pdf("", page.body):  # a paper's PDF: its text, read in a page reader's process (it is untrusted)
            return _page_text(page.body, None, source, settings.fetch.timeout), None, False
        if "html" not in (page.content_type or "html"):
            return page.body.decode(page.charset or "utf-8", "replace"), None, True
        return _page_text(page.body, page.charset, source, settings.fetch.timeout), None, False
    path = Path(source)
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_BYTES + 1)  # never more: a video given by mistake, or /dev/zero, hung it
    except OSError as error:
        raise NewsletterError(f"Cannot read {source} ({error.strerror or error}); give a text file or a link.")
    if len(data) > MAX_BYTES:
        raise NewsletterError(
            f"{source} is larger than {MAX_BYTES // 1_000_000} MB; give a transcript or an article, "
            "or the part of it to quote."
        )
    if pdf.is_pdf("", data):  # a paper saved as a PDF: its text (its lines are the file's layout, no reader's)
        from newsletter.links import readers

        return _page_text(data, None, source, readers.SECONDS), None, False
    if b"\x00" in data:  # no text file holds a NUL; a recording does
        raise NewsletterError(f"{source} is not a text file; give a transcript, Markdown or HTML file, or a link.")
    if path.suffix.lower() in (".html", ".htm"):  # a saved page is as untrusted as a fetched one
        from newsletter.links import readers

        return _page_text(data, None, source, readers.SECONDS), None, False
    text, language = data.decode("utf-8", "replace"), None
    if path.suffix.lower() == ".md" and text.startswith("---"):
        from newsletter.read import parse_front_matter

        meta, text = parse_front_matter(text)
        language = meta.get("language") if isinstance(meta, dict) and isinstance(meta.get("language"), str) else None
    return text, language, True


def _page_text(body: bytes, charset: str | None, source: str, seconds: float) -> str:
    """A page's readable text, read in a page reader's process (links/readers.py)."""
    from newsletter.links import readers

    try:
        text = readers.READERS.call("text", body, seconds, source, charset=charset).get("text")
    except FetchError as error:
        raise NewsletterError(f"Could not read {source} {aside(error.reason)}; give the part of it to quote.") from None
    return text if isinstance(text, str) else ""


def quotes(root: Path | None, source: str, count: int = 10, language: str | None = None) -> tuple[list, bool]:
    """The key passages of `source`, scored without the stop words of its language: an entry
    file's own `language:`, else `language` (the workspace's; none: every language's); and
    whether their lines are the source's, to say where each was (text_of)."""
    smart.require("quotes")
    from newsletter.smart.quotes import TooLong
    from newsletter.smart.quotes import quotes as key_passages

    text, own, lined = text_of(root, source)
    try:
        found = key_passages(text, count, own or language)
    except TooLong as error:
        raise NewsletterError(f"{source} has {error}; give the part of it to quote.") from None
    if not found:
        raise NewsletterError(f"{source} has no passage long enough to quote.")
    return found, lined


def quotes_markdown(start: Path, source: str, count: int = 10) -> str:
    """`newsletter quotes`: the key passages of `source` as Markdown, where each was said in the
    language of the workspace holding `start`; a file may be quoted outside any workspace (in
    English), a link is fetched with the workspace's settings."""
    from newsletter import config

    link = source.startswith(("http://", "https://"))
    try:
        settings = config.load(config.find_root(start))
    except NewsletterError:
        if link:
            raise
        settings = None
    found, lined = quotes(settings.root if settings and link else None, source, count, settings and settings.language)
    return as_markdown(found, settings, located=lined)


def as_markdown(
    found: list, settings: Settings | None = None, language: str | None = None, located: bool = True
) -> str:
    """The quotes as Markdown blockquotes, each the words it is: a page's text is untrusted, and
    in a draft's notes (the author's Markdown) its `![x](https://…)` was an image the blog loaded
    from the page's server, its bidi override reordered the words after it. Cleaned and escaped
    as a captured selection is (links/untrusted.py, stubs.passage). `settings`: the workspace's,
    whose language says where each quote was ("ligne 3, à 12 % du texte" under a French one), or
    `language`, the entry's (an English page's in a Portuguese log). `located`: the source's lines
    are a reader's too; a web page's are not, and "line 3, 5% through" found nothing on it."""
    from newsletter.formats.wording import Wording
    from newsletter.links.untrusted import text
    from newsletter.stubs import passage

    own = settings and language in (None, settings.language)
    words = Wording(settings.language, settings.wording) if own else Wording(language or "en")
    position = words.text("quote_position") if located else None

    return "\n\n".join(
        replace(quote, text=passage(text(quote.text, None)).removeprefix("> ")).as_markdown(position) for quote in found
    )
