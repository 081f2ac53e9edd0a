"""Reading one HTTP response for the fetcher: the body decompressed in bounded pieces, a
`<meta http-equiv="refresh">` to follow, and how long `Retry-After` asks to wait."""

from __future__ import annotations

import email.utils
import html
import re
import zlib
from datetime import UTC, datetime

import httpx

from newsletter.errors import FetchError

HTML_TYPES = {"text/html", "application/xhtml+xml"}
PIECE = 64 * 1024  # most bytes one decompression step may produce
REFRESH_PAGE_MAX = 64 * 1024  # a meta refresh is only followed on a page this small


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


def retry_after(value: str) -> float | None:
    """Retry-After in seconds: either a number of seconds or an HTTP date."""
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def may_refresh(content_type: str, body: bytes) -> bool:
    """Whether a page may hold a meta refresh worth following: a small HTML page that says
    "refresh" (or is UTF-16 or -32, where the bytes would not say it in ASCII). The rest
    need not be decoded on the event loop to learn that they do not."""
    if content_type not in HTML_TYPES or len(body) > REFRESH_PAGE_MAX:
        return False
    return _REFRESH.search(body) is not None or b"\x00" in body[:1024]


_REFRESH = re.compile(rb"refresh", re.IGNORECASE)


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
