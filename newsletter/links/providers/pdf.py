"""Direct PDF links: the file's own metadata, never an HTML parser's guess.

- Links: any http(s) URL whose path ends in ".pdf" (arXiv's come earlier, to the arXiv API).
  `enrich` also sends here any page that turns out to be a PDF (by Content-Type or by its
  "%PDF-" signature), whatever its URL looked like.
- Gives: the title and author from the PDF's document information (pypdf), else from its XMP
  packet's dc:title and dc:creator (as Acrobat Distiller, InDesign and publishers' pipelines
  write them, the information dictionary left empty, which PDF 2.0 deprecates), when they mean
  something: not empty, not a file name ("Microsoft Word - draft3.docx", "slides.pptx"), not
  "Untitled" or "PowerPoint Presentation"; else the first page's heading, the text it sets
  largest (a LaTeX paper without hyperref's pdftitle, as NeurIPS' and most conferences' style
  files make them, names its title only there, and its file is often named by a hash:
  "1457c0d6bfcb4967418bfb8ac142f64a-Paper.pdf"); else the title is the file name made
  readable ("attention_is_all-you-need.pdf" -> "Attention is all you need"). kind "paper" when TeX made
  it or it names a DOI, else "document". No date: a PDF's CreationDate is when the file was
  last written, which for papers and slides is rarely when the work was published.
- A link ending in .pdf that answers with a web page (a landing page, a login) is read as one.

Failures: a PDF pypdf cannot read, or one larger than `max_bytes` (its metadata sits at the
end), still gets its title from the file name. HTTP errors are FetchErrors as for any page.
"""

from __future__ import annotations

import io
import logging
import re
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from newsletter.errors import FetchError
from newsletter.links import readers
from newsletter.models import Metadata

if TYPE_CHECKING:  # (a page reader's process reads PDFs without loading the HTTP client)
    from newsletter.links.fetch import Fetcher

priority = 90  # after every adapter that knows a site whose links end in .pdf (arXiv)

ACCEPT = "application/pdf, */*;q=0.5"
_SIGNATURE = b"%PDF-"
_FILE_NAME = re.compile(r".*\.(pdf|docx?|pptx?|xlsx?|odt|odp|tex|dvi|ps|indd|pages|key|rtf|txt)", re.I)
_APP_PREFIX = re.compile(r"(microsoft (word|powerpoint|excel)|powerpoint|word)\s*-\s*", re.I)
_MEANINGLESS = re.compile(
    r"(untitled|untitled document|document\d*|presentation\d*|powerpoint presentation"
    r"|slide \d+|title|no title|none|null|unknown|\W*)",
    re.I,
)
# The most bytes of drawing the first page may hold for its heading to be looked for: pypdf's
# time grows with them (Debian's TeX manuals' first pages, 1-3 KB, in 11-19 ms; a third page of
# 12 KB in 71 ms), and a page of 20,000 runs of text (907 KB drawn, 121 KB as a file) took 5 s,
# past the reader's time limit, which lost the PDF its every title.
FIRST_PAGE_READ = 256 << 10
TEXT_PAGES = 60  # `quotes` reads a paper's text from its first pages: its body, not every appendix
_ASIDES = re.compile(r"\s*(?:\([^()]*\)|<[^<>]*>)")
_NOT_PEOPLE = {"microsoft office user", "windows user", "user", "owner", "author", "admin", "unknown"}

# pypdf warns about every oddity in a file through `logging`, which an unconfigured CLI prints.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def matches(url: str) -> bool:
    try:
        return unquote(urlsplit(url).path).lower().endswith(".pdf")
    except ValueError:
        return False


def is_pdf(content_type: str, body: bytes) -> bool:
    return content_type == "application/pdf" or body[:1024].lstrip().startswith(_SIGNATURE)


async def fetch(fetcher: Fetcher, url: str) -> Metadata:
    try:
        page = await fetcher.get(url, head_only=False, accept=ACCEPT)
    except FetchError as error:
        if error.reason.startswith("response larger than"):
            return _from_name(url, "document")
        raise
    if not is_pdf(page.content_type, page.body) and page.text is None:
        raise FetchError(url, f"not a PDF nor a web page ({page.content_type or 'unknown type'})")
    async with fetcher.parsing:  # in a worker process, as every page is (links/readers.py)
        return await readers.READERS.read(page, url, fetcher.settings.timeout)


def needs_page(meta: Metadata) -> bool:
    return False


def from_pdf(body: bytes, url: str) -> Metadata:
    """Metadata of a PDF file fetched from `url`."""
    info, producer = _document_info(body)
    kind = "paper" if re.search(r"\btex\b|latex|pdftex|xetex|luatex", producer, re.I) or info.get("doi") else "document"
    meta = _from_name(url, kind)
    if title := _meaningful_title(info.get("title")):
        meta.title = title
    meta.authors = _people(info.get("author"))
    if info.get("doi"):
        meta.extras["doi"] = info["doi"]
    return meta


def _document_info(body: bytes) -> tuple[dict, str]:
    """Title, author and DOI from the document information dictionary, and the producer."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(body), strict=False)
        if reader.is_encrypted:
            reader.decrypt("")  # most "encrypted" PDFs only restrict printing, with an empty password
        raw = reader.metadata or {}
        info = {"title": raw.get("/Title"), "author": raw.get("/Author"), "doi": raw.get("/doi") or raw.get("/DOI")}
        producer = " ".join(str(raw.get(key) or "") for key in ("/Producer", "/Creator"))
        if not _meaningful_title(str(info["title"] or "")) or not info["author"]:
            title, creators = _xmp(reader)
            if not _meaningful_title(str(info["title"] or "")):
                info["title"] = title or info["title"]
            info["author"] = info["author"] or "; ".join(creators) or None
        if not _meaningful_title(str(info["title"] or "")):
            info["title"] = _first_page_heading(reader) or info["title"]
    except Exception:  # pypdf raises many kinds of errors on broken or hostile files
        return {}, ""
    from newsletter.links.values import clean_text  # (here: see providers/__init__.py)

    return {k: clean_text(str(v)) if isinstance(v, str) else None for k, v in info.items()}, producer


def _xmp(reader) -> tuple[str | None, list[str]]:
    """dc:title and dc:creator of the document's XMP packet, if it has one (pypdf refuses a
    packet declaring entities, as feed_parser refuses such a feed): a packet it cannot read
    takes nothing from the document information."""
    try:
        xmp = reader.xmp_metadata
    except Exception:  # PdfReadError, or any error of a broken packet
        return None, []
    titles = (xmp.dc_title or {}) if xmp is not None else {}
    title = titles.get("x-default") or next(iter(titles.values()), None)
    creators = [str(c) for c in (xmp.dc_creator or []) if isinstance(c, str)] if xmp is not None else []
    return (title if isinstance(title, str) else None), creators


def _first_page_heading(reader) -> str | None:
    """The text the first page sets in its largest letters, when it reads as a title: a few
    words, not a number. A letter's height is its size scaled by the text and page matrices'
    vertical part, which is 0 for text turned on its side (an arXiv stamp up the margin, set
    larger than the title)."""
    runs: list[tuple[float, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            runs.append((round(abs(size * tm[3] * cm[3]), 1), text.strip()))

    try:
        contents = reader.pages[0].get_contents()
        if contents is None or len(contents.get_data()) > FIRST_PAGE_READ:
            return None  # (a poster's, a map's or a hostile page: the file's name then)
        reader.pages[0].extract_text(visitor_text=visit)
    except Exception:  # a page pypdf cannot read: the file's name then
        return None
    largest = max((size for size, _ in runs), default=0)
    heading = " ".join(" ".join(text for size, text in runs if size == largest).split())
    letters = sum(c.isalpha() for c in heading)
    return heading if letters >= 4 and len(heading) <= 300 else None


def pdf_text(body: bytes) -> str:
    """The text of a PDF's first pages, one paragraph a line, for `quotes`: a paper's words, not
    its file's bytes (which `quotes` read as text, finding nothing to quote in a paper). A page
    drawing more than FIRST_PAGE_READ is skipped, as its heading is (pypdf's time grows with it);
    a file pypdf cannot read has no text."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(body), strict=False)
        if reader.is_encrypted:
            reader.decrypt("")
        pages = []
        for page in reader.pages[:TEXT_PAGES]:
            contents = page.get_contents()
            if contents is not None and len(contents.get_data()) <= FIRST_PAGE_READ:
                pages.append(page.extract_text() or "")
    except Exception:  # pypdf raises many kinds of errors on broken or hostile files
        return ""
    text = re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", "\n".join(pages))  # "consoli-\ndation": one word
    # A line ending a sentence ends its paragraph, and a heading ("Abstract", "1 Introduction")
    # is one; the other lines end where the page is full, not where the text does.
    paragraphs, open_ = [], False
    for line in (" ".join(line.split()) for line in text.splitlines()):
        heading = 0 < len(line.split()) <= 3 and not line.endswith((".", "!", "?", ":"))
        if open_ and line and not heading:
            paragraphs[-1] += " " + line
        elif line:
            paragraphs.append(line)
        open_ = bool(line) and not heading and not line.endswith((".", "!", "?", ":"))
    return "\n".join(paragraphs)


def _meaningful_title(title: str | None) -> str | None:
    if not title or _APP_PREFIX.match(title) or _FILE_NAME.fullmatch(title) or _MEANINGLESS.fullmatch(title):
        return None
    return title


def _people(value: str | None) -> list[str]:
    if not value:
        return []
    from newsletter.links.people import clean_person  # (here: see providers/__init__.py)
    from newsletter.links.values import dedupe, split_names

    names = []
    for part in re.split(r"\s*;\s*", value):
        # "Aiko Tanaka (Kyoto University), Kenji Suzuki <suzuki@kyoto-u.ac.jp>": an author's
        # affiliation or address, as Word's Author field is filled in, is no part of the list
        # (nor its name: clean_person drops it); a list of them was read as one name, then as none
        listed = split_names(_ASIDES.sub("", part))
        names += listed if len(listed) > 1 else [part]
    return dedupe(n for n in map(clean_person, names) if n and n.casefold() not in _NOT_PEOPLE)


def _from_name(url: str, kind: str) -> Metadata:
    """The file name, made readable, as the title: "deep_learning-2015.pdf" -> "Deep learning 2015"."""
    try:
        name = unquote(urlsplit(url).path.rstrip("/").rpartition("/")[2])
    except ValueError:
        name = ""
    stem = re.sub(r"\.pdf$", "", name, flags=re.I)
    from newsletter.links.values import clean_text  # (here: see providers/__init__.py)

    words = clean_text(re.sub(r"[_+]+|(?<=\D)-|-(?=\D)", " ", stem))
    if words and words == words.lower():
        words = words[0].upper() + words[1:]
    return Metadata(url=url, title=words, kind=kind)
