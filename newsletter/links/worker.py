"""A page reader's process (`python -m newsletter.links.worker MEMORY [ahead]`): `readers` starts it.

Once started (its parsers imported, and with `ahead`, what an undeclared non-UTF-8 page needs
too), it says so: one line, READY. Then it reads one request
at a time from stdin (a line of JSON naming the job, then the page's bytes) and answers each
with one line of JSON on stdout, until its input ends: a page's metadata (enrichment), its
readable text (`quotes`), the feed it names (`import`), or why it could not be read. It holds
itself to MEMORY bytes of address space first, where the system enforces that.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sys
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, SelectolaxError

from newsletter.errors import FetchError
from newsletter.links.decode import decode_html
from newsletter.links.depth import bounded
from newsletter.links.extract import extract_metadata
from newsletter.links.providers import pdf
from newsletter.links.readers import READY, TOO_BIG
from newsletter.links.text import page_text
from newsletter.links.values import parse_language
from newsletter.models import Metadata


def page_metadata(body: bytes, ask: dict) -> Metadata:
    """What a fetched page says about itself: HTML is extracted, a PDF read as one. `ask`: the
    page's final `url`, content `type`, `charset`, whether it is `textual`, and the URL asked
    for (`original`), which errors name."""
    if pdf.is_pdf(ask["type"], body):  # a PDF behind a link that did not look like one
        return pdf.from_pdf(body, ask["url"])
    # An API's JSON is text, but no page: read as HTML it gave no title, and a date from its text.
    # (Some APIs still answer as text/json, a "text/" type, which reads as textual.)
    if not body or not ask["textual"] or re.fullmatch(r"(?:application|text)/(?:[\w.-]+\+)?json", ask["type"] or ""):
        raise FetchError(ask["original"], f"not a web page ({ask['type'] or 'unknown type'})")
    meta = extract_metadata(body, ask["url"], ask["charset"])  # bytes: UTF-8 is not decoded twice
    # a page that names its language only in its HTTP header (Content-Language), by the same rule;
    # "de, en" names the languages of its audiences (RFC 9110), not which one this page is in
    header = ask.get("language")
    if meta.language is None and "," not in (header or "") and (said := parse_language(header)):
        meta = dataclasses.replace(meta, language=said)
    return meta


def alternate_feed(body: bytes, base: str | None) -> str | None:
    """The feed a web page names (<link rel="alternate" type="application/rss+xml">), if any."""
    tree = LexborHTMLParser(bounded(decode_html(body), lean=True))
    for link in tree.css('link[rel~="alternate"][href]'):
        if re.match(r"application/(rss|atom)\+xml", (link.attributes.get("type") or "").strip(), re.I):
            href = (link.attributes.get("href") or "").strip()
            return urljoin(base, href) if base else href
    return None


_JOBS = {
    "metadata": lambda body, ask: {"meta": page_metadata(body, ask).as_dict()},
    "text": lambda body, ask: {  # for `quotes`: a page's readable text, or a PDF's
        "text": pdf.pdf_text(body) if pdf.is_pdf("", body) else page_text(body, ask["charset"])
    },
    "feed": lambda body, ask: {"feed": alternate_feed(body, ask["base"])},  # for `import`
}


def _limit_memory(memory: int) -> None:
    """Hold this process to `memory` bytes of address space, where the system enforces it."""
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        resource.setrlimit(resource.RLIMIT_AS, (memory if hard == resource.RLIM_INFINITY else min(memory, hard), hard))
    except (ImportError, ValueError, OSError):
        pass  # Windows has no such limit, macOS does not enforce it: the time limit still holds


def _warm_up(ahead: bool) -> None:
    """The caches a page fills, before the first page. `ahead`: a worker started before any page
    came (`Readers.warm`, while the first requests are in flight) also reads a page without a
    declared charset that is not UTF-8: charset-normalizer's import and its first guess (~60
    encodings imported) cost ~60-90 ms once, which the one such page of a month paid mid-batch,
    holding up the pages after it. A worker started for a waiting page skips it: it has none to spare."""
    warm = {"url": "https://example.com/", "type": "text/html", "charset": None, "textual": True, "original": ""}
    page_metadata(b"<title>warm</title>", warm)
    if ahead:
        page_metadata(b"<title>Caf\xe9</title>", warm)


def serve(memory: int, stdin=None, stdout=None, ahead: bool = False) -> None:
    """The worker: read pages from stdin, answer each with one line of JSON, until stdin ends."""
    stdin, stdout = stdin or sys.stdin.buffer, stdout or sys.stdout.buffer
    _limit_memory(memory)
    _warm_up(ahead)
    # Started: the parent's timer for a page starts now, not while this process was starting.
    stdout.write(READY)
    stdout.flush()
    while line := stdin.readline():
        request = json.loads(line)
        body = stdin.read(request["size"])
        try:
            answer = _JOBS[request["job"]](body, request)
        except FetchError as error:
            answer = {"error": error.reason}
        except (MemoryError, SelectolaxError):  # (Lexbor fails only when it cannot allocate)
            answer = {"error": TOO_BIG}
        except Exception as error:  # a reader's own failure: said, not hidden
            answer = {"error": f"the page could not be read ({type(error).__name__}: {str(error)[:100]})"}
        stdout.write(json.dumps(answer, default=str).encode() + b"\n")
        stdout.flush()


if __name__ == "__main__":
    serve(int(sys.argv[1]), ahead=sys.argv[2:] == ["ahead"])
    # Its input ended: every answer is written and flushed, and nothing else is kept. Python's
    # own ending (freeing the parsers' and the extractor's modules, ~15-30 ms of a core) would
    # only hold up the process that waits for this one at its exit (`readers.Readers.close`).
    os._exit(0)
