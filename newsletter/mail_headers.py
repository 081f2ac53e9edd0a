"""Header values of the email edition: one line each, and shown to readers exactly as written.

Three things the `email` package does not do for us:

- A value with a line break cannot be a header. CR and LF make it raise ValueError, and
  U+2028, U+2029, NEL and friends are line breaks to `str.splitlines`, which it folds by.
  `line_break()` finds them so the reader of a setting or an editorial file can name the file.
- A value that holds text shaped like an encoded word (`=?utf-8?b?SGk=?=`) is *decoded* by
  the email package when it is set, and mail readers would decode it too: the subject
  "About =?utf-8?b?...?= headers" would not arrive as written. `header()` encodes such a
  value as a whole, so the literal text survives.
- Bidirectional formatting characters are dropped (`inbox_text()`): an inbox shows the
  subject and the preheader on one line, and one an author typed and left open there (an
  RLO without its PDF) reverses the rest of that line.
- An address whose domain has letters outside ASCII (`ann@bücher.example`) is written with the
  domain's ASCII form (`ascii_address()`): the email package wrote it as an encoded word
  (`ann@=?utf-8?q?b=C3=BCcher?=.example`), an address no reply reaches.
"""

from __future__ import annotations

import datetime as dt
import re
from email.errors import HeaderParseError
from email.header import Header
from email.headerregistry import Address
from email.policy import SMTP
from email.utils import format_datetime, getaddresses
from urllib.parse import quote
from zoneinfo import ZoneInfo

# How the edition's headers are folded: the SMTP policy, with lines of at most 76 characters,
# RFC 2047's limit for a line holding encoded words (a non-ASCII subject); the policy's 78 is
# RFC 5322's for other lines.
POLICY = SMTP.clone(max_line_length=76)
# Every character str.splitlines() breaks at.
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"
ADDRESS_HEADERS = ("from", "to", "cc", "bcc", "reply-to", "sender")
_ENCODED_WORD = re.compile(r"=\?[^?\s]*\?[bBqQ]\?")
# Embeddings and overrides (U+202A-U+202E), isolates (U+2066-U+2069) and the marks LRM, RLM.
# In the edition's HTML a paragraph's end closes what one opened; on an inbox's line nothing does.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_MAILBOX = re.compile(r"\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*")
_FOREIGN_DOMAIN = re.compile(r"@[^\s<>,;\"]*[^\x00-\x7f]")  # a domain with a letter outside ASCII


def line_break(value: str) -> str | None:
    """How the first line break in `value` is written (`\\n`, `U+2028`...), or None."""
    for char in value:
        if char in LINE_BREAKS:
            return {"\n": "\\n", "\r": "\\r"}.get(char, f"U+{ord(char):04X}")
    return None


class _Encoded(str):
    """A header the email package keeps as is: its text is `str(self)`, its folded form is
    encoded words throughout (the package uses objects with a `name` and `fold` unparsed)."""

    def __new__(cls, name: str, value: str):
        self = super().__new__(cls, value)
        self.name = name
        # Header's own default is 78 characters a line, over RFC 2047's 76 for encoded words.
        self._folded = f"{name}: " + Header(value, "utf-8", POLICY.max_line_length, header_name=name).encode(
            linesep="\r\n"
        )
        return self

    def fold(self, *, policy) -> str:
        return self._folded.replace("\r\n", policy.linesep) + policy.linesep


class _Verbatim(str):
    """A header of angle-bracketed URIs or ids, folded only at its spaces. The email package folds
    List-Unsubscribe as text, and a word longer than a line (a one-click URL of 73 characters or
    more, a long List-Id) it wrote as encoded words, which no mail provider reads as a URI: the
    inbox's unsubscribe button was gone. A word too long for a line stands alone on one (RFC 5322
    allows 998 characters; 78 is advice)."""

    def __new__(cls, name: str, value: str):
        self = super().__new__(cls, " ".join(value.split()))
        self.name = name
        return self

    def fold(self, *, policy) -> str:
        lines = [f"{self.name}:"]
        for word in self.split(" "):
            if len(lines[-1]) + 1 + len(word) > policy.max_line_length and lines[-1] != f"{self.name}:":
                lines.append("")
            lines[-1] += " " + word
        return policy.linesep.join(lines) + policy.linesep


# Headers of URIs and ids in angle brackets (RFC 2369, 2919, 8058), never encoded words.
VERBATIM_HEADERS = ("list-unsubscribe", "list-unsubscribe-post", "list-id")


def inbox_text(text: str) -> str:
    """`text` for a line of the inbox (a header, the preheader): without bidi controls."""
    return BIDI_CONTROLS.sub("", text) if BIDI_CONTROLS.search(text) else text


def value(name: str, text: str) -> str:
    """What to assign to `message[name]` so readers see `text` exactly (bidi controls aside)."""
    text = inbox_text(text)
    if name.lower() in VERBATIM_HEADERS and text.isascii():  # (a List-Id's name is encoded already)
        return _Verbatim(name, text)
    return _Encoded(name, text) if _ENCODED_WORD.search(text) or _folds_badly(name, text) else text


def folded(name: str, text: str) -> bytes:
    """One header line (folded, no final CRLF) for splicing into a message's bytes. An address
    header is parsed as addresses: encoded as a whole, it would hold no address at all."""
    text = inbox_text(text)
    if name.lower() in ADDRESS_HEADERS:
        text = str(mailbox(text))  # a name of encoded words, decoded and quoted (see `mailbox`)
    elif name.lower() in VERBATIM_HEADERS and text.isascii():
        return _Verbatim(name, text).fold(policy=POLICY).encode("ascii").rstrip(b"\r\n")
    elif _ENCODED_WORD.search(text) or _folds_badly(name, text):
        return _Encoded(name, text).fold(policy=POLICY).encode("ascii").rstrip(b"\r\n")
    line = POLICY.header_factory(name, text).fold(policy=POLICY).encode("ascii").rstrip(b"\r\n")
    return words_on_first_line(name, text, line)


# A value of plain ASCII words, one space between them: folded anew at any of its spaces
_PLAIN_WORDS = re.compile(r"[!-~]+(?: [!-~]+)*", re.ASCII)


def words_on_first_line(name: str, text: str, line: bytes) -> bytes:
    """The header `line` (folded, CRLF between its lines) with the value's first words back on
    the name's line, where the email package moved a plain value that fits on a line of its own
    (a subject of 68 to 75 characters) whole to the next one: "Subject:" alone, then the subject.
    That is legal, but Python's own parser reads the value as beginning with a space, and some
    readers (YAM) show no subject at all (new user 61's test send)."""
    if not line.startswith(f"{name}:\r\n".encode("ascii")) or not _PLAIN_WORDS.fullmatch(text):
        return line
    lines, current = [], f"{name}:"
    for word in text.split(" "):
        if current != f"{name}:" and len(current) + 1 + len(word) > POLICY.max_line_length:
            lines.append(current)
            current = ""
        current += " " + word
    ending = line[len(line.rstrip(b"\r\n")) :]
    return "\r\n".join([*lines, current]).encode("ascii") + ending


# What the email package's folding of a non-ASCII value can hold that RFC 2047 forbids: an empty
# encoded word (`=?utf-8?q??=`, CPython gh-136052) where a word ends a line, and two encoded words
# with no space between them (`?==?`, gh-144156), for which Yahoo refuses the message; or a line
# ending in the space before an encoded word, which unfolds into two spaces. And a space between
# two words it puts outside both encoded words, where RFC 2047 readers drop it: the folded value
# is read back, as a reader would, and must say `text`.
_BAD_FOLD = re.compile(r"=\?[^?\s]*\?[bBqQ]\?\?=|\?==\?|[ \t]\r?\n[ \t]")


def _folds_badly(name: str, text: str) -> bool:
    """Whether the email package would fold `text` into encoded words RFC 2047 forbids, or that
    read as other text (only a non-ASCII value is encoded); such a value is encoded as a whole,
    which folds cleanly."""
    if text.isascii() or name.lower() in ADDRESS_HEADERS:
        return False
    line = POLICY.header_factory(name, text).fold(policy=POLICY)
    if _BAD_FOLD.search(line):
        return True
    unfolded = re.sub(r"\r?\n(?=[ \t])", "", line.split(":", 1)[1]).strip()
    return str(POLICY.header_factory(name, unfolded)) != text.strip()


def address_problem(text: str) -> str | None:
    """What keeps an address setting from its header, said to follow the setting's name; or None.

    RFC 2047 allows no encoded word in an address, and the email package decodes one there,
    raising ValueError at a line break it holds. Letters outside ASCII before the @ travel only
    between servers that all speak SMTPUTF8, which this tool does not ask for: the email package
    wrote them as an encoded word, an address nobody can reply to."""
    for _, address in getaddresses([text]):
        if "=?" in address:
            return "has an encoded word (=?…?=) in its address; write the address as it is, like ann@example.com."
        local, at, domain = address.rpartition("@")
        if at and not local.isascii():
            return (
                f"has letters outside ASCII before the @ ({address}): only mail sent with SMTPUTF8 "
                "can carry them, which this tool does not use; write an ASCII address."
            )
        if at and domain.endswith("."):  # a DNS root dot: no address (RFC 5321), and the email package
            # wrote one outside ASCII as an encoded word ('a@=?utf-8?q?b=C3=BCcher?=.example.')
            return f"has a domain ending in a dot ({address}); write it without the dot."
        if at and not ascii_address(address).isascii():
            return f"has a domain that is not a valid internationalised domain name ({domain}); check its spelling."
    return None


def ascii_address(address: str) -> str:
    """`address` with its domain in ASCII, as a header or an SMTP envelope without SMTPUTF8 carries
    it: `ann@bücher.example` is `ann@xn--bcher-kva.example`. Anything else, or a domain IDNA
    refuses, is left as it is (`address_problem` says why)."""
    local, at, domain = address.rpartition("@")
    if not at or not local.isascii():
        return address
    return f"{local}@{ascii_domain(domain)}"


def ascii_domain(domain: str) -> str:
    """A domain's A-label form (IDNA 2008 with UTS 46 mapping, as browsers and mail clients look
    such a name up); as it is when it is ASCII already or IDNA refuses it."""
    if domain.isascii():
        return domain
    import idna  # only for such a domain: its tables take 25 ms to import

    try:
        return idna.encode(domain, uts46=True).decode("ascii")
    except idna.IDNAError:
        return domain


# Printable ASCII but the space: what a URI holds (an existing %XX escape stays as it is).
# Printable ASCII but what a browser percent-encodes in an address (WHATWG's fragment set): a '>'
# kept ended the header's <…> early ('<https://x.example/u?a=b>c>', attack 30), a '"' an attribute
_URI_SAFE = "".join(c for c in map(chr, range(33, 127)) if c not in '"<>`')
_UNSAFE = re.compile(r'[\s"<>`]')


def ascii_uri(uri: str) -> str:
    """`uri` as a List-Unsubscribe header carries it (RFC 2369: a URI, ASCII, in angle brackets):
    a host or a mailto's domain outside ASCII in its A-label form, any other character outside
    ASCII (or a space, a quote, an angle bracket) percent-encoded as UTF-8, as a browser sends
    it. Left to the email package, such a URI was folded into encoded words, which no mail
    provider reads as a link. ValueError
    for a host (or a mailto's domain) that has no ASCII form."""
    if uri.isascii() and not _UNSAFE.search(uri):
        return uri
    scheme, colon, rest = uri.partition(":")
    if scheme.lower() == "mailto":
        address, mark, query = rest.partition("?")
        address = ascii_address(address)
        domain, rest = address.rpartition("@")[2], address + mark + query
    elif rest.startswith("//"):
        # the authority ends at the first /, ? or #: 'https://bücher.example?u=1' has no path
        authority, slash, path = re.match(r"([^/?#]*)(.?)(.*)", rest[2:], re.DOTALL).groups()
        user, at, host_port = authority.rpartition("@")
        host, port_colon, port = host_port.partition(":")
        domain = ascii_domain(host)
        rest = f"//{user}{at}{domain}{port_colon}{port}{slash}{path}"
    else:
        domain = ""
    if not domain.isascii():  # IDNA refused it ('☕.example'): percent-encoded, it names no host
        raise ValueError(f"{domain} is not a domain name IDNA can write in ASCII")
    return quote(scheme + colon + rest, safe=_URI_SAFE)


def mailbox(text: str) -> str | Address:
    """A "Name <address>" setting as one mailbox, its name quoted where it needs to be: written
    as is, "Ma, Eric <eric@example.com>" is two mailboxes to a mail reader (the comma separates
    them), and a From with several is refused by Gmail. Anything else is left as written."""
    text = inbox_text(text)  # the sender's name is on the inbox's line too
    match = _MAILBOX.fullmatch(text)
    if not match:  # a bare address (or several): a domain outside ASCII still needs its ASCII form
        return _several(text) if _FOREIGN_DOMAIN.search(text) else text
    name = match[1]
    quoted = re.fullmatch(r'"((?:[^"\\]|\\.)*)"', name)
    if quoted:  # already quoted: the name inside
        name = re.sub(r"\\(.)", r"\1", quoted[1])
    elif re.search(r'[<>@"]', name):  # more than one address ("A <a@x>, B <b@x>"): as written, but
        # no name of encoded words and no domain outside ASCII left to the email package
        return _several(text) if _ENCODED_WORD.search(text) or _FOREIGN_DOMAIN.search(text) else text
    if _ENCODED_WORD.search(name):
        name = _decoded(name)
    try:
        return Address(display_name=name, addr_spec=ascii_address(match[2]))
    except (ValueError, IndexError, HeaderParseError):
        return text


def _several(text: str) -> str:
    """Mailboxes of a setting that holds several, each name of encoded words decoded and quoted as
    in `mailbox`: left to the email package, such a name in the second mailbox of a reply_to or
    to raised ValueError (a line break), or was written bare as a group holding another address."""
    found = getaddresses([text])
    try:
        return ", ".join(
            str(Address(display_name=_decoded(name), addr_spec=ascii_address(address))) for name, address in found
        )
    except (ValueError, IndexError, HeaderParseError):
        return text


def _decoded(name: str) -> str:
    """A display name of encoded words as mail readers show it, on one line. Left to the email
    package, '=?utf-8?q?Eve=0D=0ABcc=3A_x=40evil=2Eexample?=' raised ValueError (a line break in
    an address), and a name decoding to 'Bcc: x@evil.example' was written decoded and unquoted,
    which readers take for a group holding that address; as text, it is quoted where it must be."""
    for _ in range(3):  # an encoded word may decode to another one
        if not _ENCODED_WORD.search(name):
            break
        name = " ".join(str(POLICY.header_factory("X-Name", name)).split())
    return _ENCODED_WORD.sub(lambda word: word[0].replace("=?", "= ?"), name)


def date_now(zone: str) -> str:
    """A Date header's value for now, RFC 5322's form with the offset of `zone` (the workspace's
    `timezone`): 'Wed, 02 Dec 2026 11:02:31 +0100'. UTC's '+0000' gave a Berlin author's test of
    11:02 as 10:02 in the raw message and in mail apps that show the Date as written."""
    return format_datetime(dt.datetime.now(ZoneInfo(zone)))
