"""Page bytes to text, the way browsers do it, before any parsing.

The fetcher calls `decode_html` with the HTTP charset; `extract_metadata` calls it on bytes.
"""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# Codecs that browsers read as a superset (WHATWG Encoding), keyed by Python's name: pages
# labelled latin-1 use cp1252's quotes, Shift_JIS pages use cp932's "①". A UTF-16 label
# in an ASCII-readable <meta> is a lie by definition.
_SUPERSETS = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "shift_jis": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc_kr": "cp949",
    "utf-16": "utf-8",
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
}
_ALIASES = {"x-sjis": "cp932", "windows-31j": "cp932", "x-cp1252": "cp1252"}  # unknown to Python


# Python's text codecs that no browser reads a page with: UTF-7 makes "+ADw-" a "<", the escape
# codecs make "\\u0041" an "A". A page declaring one is read as one declaring nothing.
_NOT_CHARSETS = {"utf-7", "unicode-escape", "raw-unicode-escape"}
_EVERY_BYTE = bytes(range(256))
# A page's markup is ASCII, so a charset it can name reads ASCII's letters, digits and markup as
# themselves: EBCDIC's cp037 or cp500 read "<title>" as "\x04\x9e…" and UTF-32 as nothing, so a
# page declaring one had no title at all (browsers know neither, and read such a page undeclared).
_MARKUP = b"<!-- > </ = ' \" ; & # : / . _ 0123456789 ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz"


def _codec(label: str | None) -> str | None:
    """Python's name for a charset label, or None if Python does not know it as one: a page
    may declare rot13, base64, idna or punycode, codecs that `bytes.decode` refuses or fails
    with (punycode only on a byte past ASCII, whatever `errors` says: such a page was unreadable,
    its UnicodeDecodeError the reason given)."""
    try:
        label = (label or "").strip().strip("\"'").lower()
        name = codecs.lookup(_ALIASES.get(label, label)).name
        if name in _NOT_CHARSETS:
            return None
        _EVERY_BYTE.decode(name, errors="replace")
        name = _SUPERSETS.get(name, name)
        if _MARKUP.decode(name, errors="replace") != _MARKUP.decode("ascii"):
            return None
    except (LookupError, ValueError):  # (UnicodeError is one; a NUL in the label is another)
        return None
    return name


def _declared(body: bytes, header_charset: str | None) -> str | None:
    """The charset a page declares, as Python names it: the HTTP header's, else a `<meta>`'s in
    its first 2 KB; None when neither names one Python knows."""
    declared = _codec(header_charset)
    if declared == "cp1252" and not body.isascii() and _is_utf8(body):
        # A header saying ISO-8859-1 over UTF-8 bytes is a server's default, not the page's
        # word: Tomcat and old Apache and PHP set it on any page that names none, and read as
        # it, "concentré" became "concentrÃ©" in the edition. Latin-1 text is practically
        # never valid UTF-8. (A header naming any other charset is not second-guessed.)
        return "utf-8"
    if not declared and (m := _META_CHARSET.search(body[:2048])):
        declared = _codec(m.group(1).decode("ascii", "replace"))
        if declared and declared != "utf-8" and not body.isascii() and _is_utf8(body):
            # A <meta> naming a legacy charset over bytes that are valid UTF-8 is stale: a
            # template never updated, a page saved again as UTF-8. Latin-1 or GBK text is
            # practically never valid UTF-8, and read as it, "für" became "fÃ¼r".
            declared = "utf-8"
    return declared


# How much of a page is looked at for non-ASCII at a time (one C-level isascii on a slice)
_STRETCH = 8192


def _is_utf8(body: bytes, final: bool = False) -> bool:
    """Whether `body` is UTF-8 (a cut last character is fine unless `final`). Only the stretches
    holding non-ASCII bytes are decoded: an English page's few curly quotes made the whole page,
    400 KB, a str of two bytes a character, a fifth of its extraction, to be dropped at once.
    Exact, as no UTF-8 sequence holds an ASCII byte: a run of non-ASCII stretches between ASCII
    ones (or the ends) begins and ends where a character does, when the whole page is UTF-8."""
    run = None  # where the current run of non-ASCII stretches began
    for at in range(0, len(body), _STRETCH):
        if not body[at : at + _STRETCH].isascii():
            run = at if run is None else run
        elif run is not None:
            if not _decodes(body[run:at], final=True):
                return False
            run = None
    return run is None or _decodes(body[run:], final)


def _decodes(stretch: bytes, final: bool) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(stretch, final=final)
    except UnicodeDecodeError:
        return False
    return True


def decode_html(body: bytes, header_charset: str | None = None) -> str:
    """Bytes of a page as text: BOM, then the HTTP header's charset, then a `<meta>`
    charset in the first 2 KB, then UTF-8 if it is valid, then charset-normalizer's
    guess, else UTF-8 with replacement characters. Never raises.

    A BOM beats the header, as in browsers: it cannot be there by accident.
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(name, errors="replace")
    declared = _declared(body, header_charset)
    if declared:
        return body.decode(declared, errors="replace")
    try:
        # The common case, and cheaper than any detector. final=False: a body that a
        # size cap cut in the middle of a character is still UTF-8.
        return codecs.getincrementaldecoder("utf-8")().decode(body, final=False)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # only undeclared, non-UTF-8 pages pay for it

    # The detector samples chunks across what it is given, so give it all (up to 1 MB):
    # a long ASCII <head> must not hide the body's accented text.
    matches = from_bytes(body[:1_000_000])
    best = matches.best()
    guessed = _codec(best.encoding) if best else None
    # Among single-byte code pages the detector's pick is often arbitrary (cp1257 reads
    # "déjà" as "déją"; a long ASCII head even yields cp1006, Urdu). Browsers default an
    # undeclared page to windows-1252 (WHATWG), so take it whenever it is a candidate and the
    # guess is not a multi-byte encoding (Shift_JIS, GBK, EUC-KR, Big5...), which it can tell.
    # (UTF-16 without a BOM is never right for HTML, whose markup is ASCII: not on that list.)
    multibyte = guessed and re.search(r"jis|932|euc|gb|big5|949|950|hz|2022|johab", guessed)
    if guessed and not multibyte and any("cp1252" in m.could_be_from_charset for m in matches):
        guessed = "cp1252"
    return body.decode(guessed or "utf-8", errors="replace")


def decode_for_parser(body: bytes, header_charset: str | None = None) -> str | bytes:
    """What to hand the HTML parser: the bytes themselves when they are UTF-8 (Lexbor reads
    UTF-8 natively, so decoding to str only for it to encode again costs a third of a parse),
    else decode_html's text. Same decision as decode_html, never a different reading."""
    if body.startswith(codecs.BOM_UTF8):
        return body[len(codecs.BOM_UTF8) :]
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_html(body, header_charset)
    declared = _declared(body, header_charset)
    if declared == "utf-8":
        return body  # declared UTF-8: Lexbor replaces a bad sequence as decode_html would
    if not declared and body.isascii():
        return body
    if not declared and _is_utf8(body, final=True):
        return body
    return decode_html(body, header_charset)


# NUL, as a byte or a reference (&#0;, &#x00): the HTML parser makes it U+FFFD in a title, an
# attribute or a script, the very mark of bytes read in the wrong charset, so a page whose
# <title> held one had its title shown with a "\ufffd", and the author told its server sent
# another encoding than it declared. It is no character of any text. (The other control
# characters reach the text as themselves, and clean_text drops them.)
_NUL_REFERENCE = r"&#(?:[xX]0+(?![0-9a-fA-F])|0+(?![0-9]));?"
_NUL_REFERENCES = {str: re.compile(_NUL_REFERENCE), bytes: re.compile(_NUL_REFERENCE.encode())}


def without_nul(text):
    """`text` (str or bytes, decoded for the parser) without NULs and references to them; the
    same object when it has none."""
    nul = "\0" if isinstance(text, str) else b"\0"
    if nul in text:
        text = text.replace(nul, nul[:0])
    if _NUL_REFERENCES[type(text)].search(text) is not None:
        text = _NUL_REFERENCES[type(text)].sub(nul[:0], text)
    return text
