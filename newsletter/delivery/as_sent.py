"""What the list got of an emailed edition, for what a build keeps as sent: its web page (where
the email's "view in the browser" link goes) and its item in the editions feed.

A build after the send may hold an entry written in since, and it is not always the build before
the send that went out: a Buttondown or listmonk send interrupted before it went, rebuilt with a
title fixed and run again, sent the rebuild, while the page and the feed kept the build before
it, an edition no reader got. So the page is made from the copy as sent (dist/<PERIOD>/sent.eml)
when a send kept one, and the feed's item from the build record whose message is the one the
send names (its step's `content`, the digest the build record keeps of its .eml).
"""

from __future__ import annotations

import binascii
import email
import email.errors
import email.policy
import re
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote

from newsletter.delivery.copy_as_sent import CopyAsSent
from newsletter.delivery.ledger import Ledger

EML = "newsletter.eml"  # its name among a build record's outputs (Outputs.files["eml"])


def of_edition(state_dir: Path, copy: CopyAsSent) -> tuple[Ledger | None, bool, str | None]:
    """What a build (an edition's, a year in review's) keeps of an emailed edition: its ledger,
    read once without the lock (notes only), whether any of the list may have it (its web page
    then stays as sent), and the HTML of the copy as sent (`copy`, the edition's), when a done
    send kept one."""
    ledger = Ledger.read_only(state_dir / "ledger", copy.folder.name)
    emailed = bool(ledger and ledger.reached_list())
    return ledger, emailed, copy_html(copy) if ledger and ledger.sent() else None


def copy_html(copy: CopyAsSent) -> str | None:
    """The HTML of the message as it went out, from the copy a send kept in the edition's
    dist/<PERIOD>/; None without one, or one that is no message of ours or is cut short (our
    HTML part's opening without its closing boundary, or any part's defect saying so)."""
    data = copy.data
    if data is None or of_another_edition(data, copy.folder.name) or too_many_parts(data):
        return None
    try:
        html = _html_part(data)
        if html is None and _OUR_HTML.search(data) is None:  # (a copy written otherwise: the email package reads any)
            message = email.message_from_bytes(data, policy=email.policy.default)
            if any(cut_short(part) for part in message.walk()):
                return None
            part = message.get_body(("html",))
            html = part.get_content() if part is not None else None
    except (LookupError, ValueError, TypeError, AttributeError, binascii.Error):  # (damaged: no page from it)
        return None
    if not isinstance(html, str) or not html.strip():
        return None
    # as the build had it: a message's lines end in CRLF, its body in one (mime_body.crlf_lines)
    return html.replace("\r\n", "\n").removesuffix("\n")


# formats/email.py names a message <PERIOD.DIGEST@domain>: '2021-W06', '2021-02', '2021' (a review)
_EDITION_ID = re.compile(rb"^Message-ID:[ \t]*<(\d{4}(?:-\d{2}|-W\d{2})?)\.", re.M | re.I)


def of_another_edition(data: bytes, period: str) -> bool:
    """Whether a copy's Message-ID names another edition than `period`: another week's sent.eml
    in this week's folder (a folder copied to start the next, a restore into the wrong one) was
    this week's page on the web, another week's subject, entries and links at its address
    (review 22). A copy naming none as ours does (an earlier version's) is taken as before."""
    ends = [at for at in (data.find(b"\r\n\r\n"), data.find(b"\n\n")) if at >= 0]
    found = _EDITION_ID.search(data, 0, min(ends) if ends else len(data))
    return found is not None and found[1].decode() != period


def too_many_parts(data: bytes) -> bool:
    """Whether a copy has more lines that may open a MIME part than any message of ours (a text
    and an HTML part: the example edition has 7 lines beginning "--", its boundaries among them).
    A copy of 100,000 empty parts in 3.9 MB, committed to dist/2021-02/, took every build of the
    edition 5.3 s in the email package (attack 35); every part opens with such a line, so this
    bounds the parts whatever the boundaries are named, without parsing."""
    return data.count(b"\n--") > _MOST_PART_LINES


_MOST_PART_LINES = 1000  # (a part costs the email package ~50 us: at most ~50 ms a build)


def cut_short(part) -> bool:
    """Whether a part of a copy ends before its last boundary: a copy cut short (a sync tool's
    half download, a restore that stopped) gave the email package the HTML it had, and the
    edition's page on the web became its first half, an edition cut off mid-table (review 20)."""
    return any(isinstance(defect, _CUT) for defect in part.defects)


_CUT = (email.errors.CloseBoundaryNotFoundDefect, email.errors.StartBoundaryNotFoundDefect)


# The HTML part as formats/email.py's `message` writes it (mime_body.part), read with binascii's
# decoders: the email package took 9 ms a copy, a tenth of each emailed edition's `build --all`.
_OUR_HTML = re.compile(
    rb'\r\n--(==newsletter-[0-9a-f]{16}==)\r\nContent-Type: text/html; charset="utf-8"\r\n'
    rb"Content-Transfer-Encoding: (quoted-printable|base64)\r\n\r\n"
)


def _html_part(data: bytes) -> str | None:
    if (found := _OUR_HTML.search(data)) is None or (end := data.find(b"\r\n--" + found[1], found.end())) < 0:
        return None
    body = data[found.end() : end]
    return (binascii.a2b_qp(body) if found[2] == b"quoted-printable" else binascii.a2b_base64(body)).decode()


class WentOut(NamedTuple):
    """What the ledger says of the message the edition's real send sent, or began sending."""

    digest: str  # its .eml's, as the build record keeps it
    links: frozenset[str] | None  # the links it held (None: a ledger of a version that kept none)
    entries: frozenset[str] | None = None  # the entry files it was made of (None: as for links)
    shown: str | None = None  # its copy's text, a link held where `holds` finds it (delivery/pulled_copy.py)
    published: str | None = None  # its copy's Date, as a build record keeps `published` (pulled_copy.py)


def went_out(ledger: Ledger | None) -> WentOut | None:
    """The message the edition's real send sent, or began sending; None if the ledger does not
    say (a send by an earlier version to an SMTP list's address)."""
    step = ledger and (ledger.sent() or ledger.unfinished())
    content = step[1].get("content") if step else None
    if not isinstance(content, str):
        return None
    links, entries = ledger.data.get("links"), ledger.data.get("entries")
    return WentOut(content, _texts(links), _texts(entries))


def _texts(found) -> frozenset[str] | None:
    return frozenset(k for k in found if isinstance(k, str)) if isinstance(found, list) else None  # (hand-edited)


def sent_part(record: dict, old: dict, went: str | None) -> dict | None:
    """What a build record keeps under "sent" for an emailed edition (`record`: this build's;
    `old`: the record before it): the items, words, subject and date of the build whose message
    went out (`went`), this one or the one before it, else what the one before kept; without a
    `went` that any of them matches, the one before (the build a send refuses to go past), less
    the items whose links `went` did not hold."""
    kept = old.get("sent") if isinstance(old.get("sent"), dict) else None
    for candidate, digest in ((record, _eml(record)), (old, _eml(old)), (kept, kept and kept.get("eml"))):
        if went and candidate and digest == went.digest and "items" in candidate:
            return _part(candidate, digest)
    if kept is not None:
        return kept
    # A clone that did not send (its ledger none, the copy as sent pulled) may have no build
    # before: this one, less what the copy does not hold
    base = old if "items" in old else record if went and went.shown is not None else None
    if base is None:
        return None
    part = _part(base, _eml(base))
    if went and went.published:  # (a late entry may date the build's post later: the list's is the copy's)
        part["published"] = went.published
    if went and isinstance(part["items"], list) and _holds_a_late_file(base, went):
        # The build before is not the message that went out: an earlier version, which kept no
        # "sent", built an entry written in since into it (new user 33). Its items whose links the
        # send did not hold never reached the list; one without a link cannot tell, and stays.
        # Only where it holds an entry file the send did not: a build that only mended a link of
        # one that went out (made http://, a typo corrected) emptied a week's item of its one article.
        if went.links is not None:
            links = {_either_scheme(link) for link in went.links}
            part["items"] = [item for item in part["items"] if not _late(item, links)]
        elif went.shown is not None:
            part["items"] = [item for item in part["items"] if not _unshown(item, went.shown)]
    return part


def _holds_a_late_file(record: dict, went: WentOut) -> bool:
    """Whether `record` holds an entry file that the send did not (or it cannot be told)."""
    files = record.get("entries")
    if went.entries is None or not isinstance(files, list):
        return True
    return any(name not in went.entries for name in files)


def _late(item, links: set[str]) -> bool:
    return isinstance(item, dict) and isinstance(item.get("url"), str) and _either_scheme(item["url"]) not in links


def _unshown(item, shown: str) -> bool:
    return isinstance(item, dict) and isinstance(item.get("url"), str) and not holds(shown, unquote(item["url"]))


def holds(shown: str, link: str) -> bool:
    """Whether the message's text has `link` whole: https://example.com/sec is not sent because
    https://example.com/second was (an archived copy's address ends with the link, and holds it).
    Under either scheme: the web archive keeps a page under the address it captured, often
    http:// where the link is https:// (.../web/<time>/http://example.com/second), and a link
    that went out as http:// may be https:// since, as `check` tells an author whose http://
    link has an https:// twin to write it; readers got the page all the same."""
    scheme, sep, rest = link.partition("://")
    either = "(?i:https?)://" + re.escape(rest) if sep and scheme.lower() in ("http", "https") else re.escape(link)
    return re.search(either + _LINK_ENDS, shown) is not None


# where an address ends in a message's text or HTML (a sentence's stop after it)
_LINK_ENDS = r"""(?=$|[\s"'<>)\]]|[.,;:!?]+(?:\s|$))"""


def _either_scheme(link: str) -> str:
    """http:// and https:// of one address are one page, as delivery/late_entries.py has them."""
    scheme, sep, rest = link.partition("://")
    return f"https://{rest}" if sep and scheme.lower() in ("http", "https") else link


def _eml(record: dict) -> str | None:
    outputs = record.get("outputs")
    return outputs.get(EML) if isinstance(outputs, dict) else None


def _part(record: dict, digest: str | None) -> dict:
    return {
        "items": record.get("items"),
        "words": record.get("words"),
        "subject": record.get("subject"),
        "published": record.get("published"),
        "eml": digest,
    }
