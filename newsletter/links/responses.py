"""Reading one HTTP response for the fetcher: the body decompressed in bounded pieces and cut
where it must be, a `<meta http-equiv="refresh">` to follow, and how long `Retry-After` asks
to wait."""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import html
import re
import zlib
from collections.abc import Callable
from datetime import UTC, datetime

import httpx

from newsletter.errors import FetchError

HTML_TYPES = {"text/html", "application/xhtml+xml"}
TEXT_TYPES = {
    "application/xml",
    "application/json",
    "application/ld+json",
    "application/rss+xml",
    "application/atom+xml",
}
PIECE = 64 * 1024  # most bytes one decompression step may produce
REFRESH_PAGE_MAX = 64 * 1024  # a meta refresh is only followed on a page this small
_HEAD_END = re.compile(rb"</head", re.IGNORECASE)
_TITLE_END = re.compile(rb"</title", re.IGNORECASE)


def media_type(header: str) -> str:
    """The type a Content-Type header names, in lower case without its parameters; "" for none,
    or for one that is no type (which a browser reads as none): a type holding U+009B, the
    terminal's CSI, was printed as the reason in the build's list of links it could not read,
    and turned the author's terminal red."""
    essence = header.partition(";")[0].strip().lower()
    return essence if _MEDIA_TYPE.fullmatch(essence) else ""


_MEDIA_TYPE = re.compile(r"[\w!#$%&'*+.^`|~-]+/[\w!#$%&'*+.^`|~-]+", re.ASCII)  # RFC 9110's tokens


def textual(content_type: str) -> bool:
    return content_type.startswith("text/") or content_type in HTML_TYPES | TEXT_TYPES


async def read_body(
    original: str,
    response: httpx.Response,
    content_type: str,
    cap: int,
    head_only: bool,
    body_deadline: Callable[[], float | None],
) -> tuple[bytes, bool]:
    """The body and whether it was cut: at most `cap` bytes once decompressed; HTML may stop
    after `</head>` (`head_only`).

    Once a page's `</head>` has come, a body that stalls, breaks off or runs past
    `body_deadline()` (loop time, asked when the head came) leaves the page cut there, not
    failed: the head has the metadata that matters most, and before reading bodies too,
    enrichment had only that. So does a head that never ends once its `</title>` has come (a
    page streamed for ever, its </head> never sent): it failed 'timed out after 30 s', the
    title it had sent lost with it.
    """
    # A cut web page still has its metadata; a cut PDF or image is useless.
    is_text = not content_type or textual(content_type)
    if not is_text and declared_length(response.headers) > cap:
        raise FetchError(original, f"response larger than {_size(cap)}")
    html = content_type in HTML_TYPES
    body, head_seen, titled = bytearray(), False, False
    try:
        async with contextlib.aclosing(inflated(original, response)) as pieces, asyncio.timeout(None) as body_time:
            async for piece in pieces:
                body += piece
                if len(body) > cap:
                    if not is_text:
                        raise FetchError(original, f"response larger than {_size(cap)}")
                    return bytes(body[:cap]), True
                if html and not head_seen and _HEAD_END.search(body, max(0, len(body) - len(piece) - 6)):
                    if head_only:
                        break
                    head_seen = True
                    body_time.reschedule(body_deadline())
                elif html and not (head_seen or titled) and _TITLE_END.search(body, max(0, len(body) - len(piece) - 7)):
                    titled = True  # (a page without a title waits for its head, or fails, as before)
                    body_time.reschedule(body_deadline())
    except (TimeoutError, httpx.TimeoutException, httpx.ReadError, httpx.RemoteProtocolError, FetchError):
        # FetchError: a compressed body that turns to garbage (or a wrong checksum) after the
        # head is a body broken off too; head-only reading never saw it
        if not (head_seen or titled):
            raise
        return bytes(body), True
    return bytes(body), False


def _size(count: int) -> str:
    return f"{count / 1e6:g} MB" if count >= 1e6 else f"{count / 1e3:g} KB"


async def inflated(original: str, response: httpx.Response):
    """The body's bytes, decompressed in pieces of at most PIECE bytes."""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if encoding in ("", "identity"):
        async for chunk in response.aiter_raw():
            yield chunk
        return
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(original, f"unsupported content encoding {encoding!r}")
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)  # | 32: a gzip or a zlib header
    try:
        async for chunk in response.aiter_raw():
            while chunk:
                yield inflater.decompress(chunk, PIECE)
                chunk = inflater.unconsumed_tail
        yield inflater.flush()
    except zlib.error:
        raise FetchError(original, f"could not decompress the {encoding} response") from None


def declared_length(headers) -> int:
    """The body's length as Content-Length declares it; 0 when it declares none (or no number:
    "²".isdigit() is true, and int() refuses it)."""
    declared = headers.get("content-length", "")
    return int(declared) if declared.isascii() and declared.isdigit() else 0


def retry_after(value: str) -> float | None:
    """Retry-After in seconds: either a number of seconds or an HTTP date (else None)."""
    value = value.strip()
    if value.isascii() and value.isdigit():  # "²".isdigit() too, which float() raised ValueError on
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def refresh_part(content_type: str, body: bytes) -> bytes | None:
    """Where a meta refresh worth following may be, if anywhere: a small HTML page, or the head
    of a larger one (up to `</head>` in its first REFRESH_PAGE_MAX bytes, what head-only reading
    had read), that says "refresh" (or is UTF-16 or -32, where the bytes would not say it in
    ASCII). The rest need not be decoded on the event loop to learn that they hold none."""
    if content_type not in HTML_TYPES:
        return None
    if len(body) > REFRESH_PAGE_MAX:
        head_end = _HEAD_END.search(body, 0, REFRESH_PAGE_MAX)
        if head_end is None:
            return None
        body = body[: head_end.start()]
    # bytes.lower() changes ASCII letters only, as IGNORECASE does on a bytes pattern: the same
    # test, ~10 µs a 7 KB page on the event loop where re's case-blind scan took ~95 (~17 ms a month)
    return body if b"refresh" in body.lower() or b"\x00" in body[:1024] else None


def meta_refresh(text: str | None) -> str | None:
    """The target of `<meta http-equiv="refresh" content="0; url=...">` in a page's text."""
    if text is None:
        return None
    # A refresh inside <noscript> is for browsers without JavaScript, not the page's real home.
    text = re.sub(r"<noscript\b.*?</noscript\s*>", "", text, flags=re.IGNORECASE | re.DOTALL)
    for tag in re.findall(r"<meta\b[^>]*>", text, re.IGNORECASE):
        content = re.search(r"""content\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", tag, re.IGNORECASE)
        if not re.search(r"""http-equiv\s*=\s*["']?refresh""", tag, re.IGNORECASE) or not content:
            continue
        value = html.unescape(next(group for group in content.groups() if group is not None))
        refresh = re.match(r"""\s*(\d+)[^;,]*[;,]?\s*(?:url\s*=\s*)?["']?([^"']*)""", value, re.IGNORECASE)
        if refresh and int(refresh[1]) <= 5 and refresh[2].strip():
            return refresh[2].strip()
    return None
