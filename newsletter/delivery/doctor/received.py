"""A test message as the author's inbox received it (its raw source, saved from the mail
client): what the receiving server concluded (Authentication-Results), whether the DKIM
signature covers both unsubscribe headers, and whether anything was rewritten on the way
(links, the unsubscribe headers, a tracking pixel added), compared with the built edition."""

from __future__ import annotations

import re
from email.errors import HeaderParseError
from email.parser import BytesParser
from email.policy import EmailPolicy
from email.policy import default as default_policy

from selectolax.lexbor import LexborHTMLParser

from newsletter.delivery.doctor.checks import Check, maker
from newsletter.delivery.job import OLD_TEST_MARK, TEST_MARK
from newsletter.links import untrusted
from newsletter.links.depth import shallow

_check = maker("received")


def check(name: str, status: str, message: str) -> Check:
    """A check whose message quotes what the mail path wrote (a signing domain, a link): its
    control characters left out, as the terminal would take an escape sequence for a command."""
    return _check(name, status, untrusted.text(message, None))


UNSUBSCRIBE = ("list-unsubscribe", "list-unsubscribe-post")


class _AsArrived(EmailPolicy):
    """The default policy, but a header it cannot read as one (an address whose name decodes to
    a line break, which a relay may have written) is its text as it arrived, not a ValueError.
    The email package's address parser also fails with IndexError on a From cut short ('a@',
    'Ann <') and AttributeError on an unclosed domain literal ('<a@[1.2.3>')."""

    def header_fetch_parse(self, name, value):
        try:
            return super().header_fetch_parse(name, value)
        except (ValueError, IndexError, AttributeError, HeaderParseError):
            return " ".join(value.split())


def checks(raw: bytes, built_eml: bytes | None) -> list[Check]:
    message = BytesParser(policy=_AsArrived()).parsebytes(raw)
    if not message.get("From") or not (
        message.get("Received") or message.get("Authentication-Results") or message.get("DKIM-Signature")
    ):
        return [
            check(
                "message",
                "fail",
                "this is not a received message's raw source ("
                + (
                    "no Received, Authentication-Results or DKIM-Signature header, which a mail server "
                    "adds as it takes a message: the built .eml, or a copy saved before it went out?"
                    if message.get("From")
                    else "no From header"
                )
                + '); save it with "Show original" or "View source" in your mail client',
            )
        ]
    found = _authentication(message) + [_coverage(message)]
    if built_eml is not None:
        built = BytesParser(policy=default_policy).parsebytes(built_eml)
        found += [_headers_kept(message, built), _links_kept(message, built)]
    return found


def _authentication(message) -> list[Check]:
    results = message.get_all("Authentication-Results") or []
    if not results:
        return [
            check(
                "authentication",
                "warn",
                "no Authentication-Results header: the receiving server added none, "
                "or this copy was saved without it; save the original message",
            )
        ]
    verdicts = str(results[0]).lower()  # the top one: added by the server that delivered it to you
    found = []
    for method in ("spf", "dkim", "dmarc"):
        seen = re.findall(rf"\b{method}\s*=\s*([a-z]+)(?:[^;]*?header\.d\s*=\s*([^\s;]+))?", verdicts)
        if not seen:
            found.append(check(method, "warn", f"the receiving server reported no {method.upper()} result"))
        elif any(verdict == "pass" for verdict, _ in seen):
            domain = next((d for v, d in seen if v == "pass" and d), "")
            found.append(check(method, "pass", f"{method.upper()} pass" + (f" ({domain})" if domain else "")))
        else:
            found.append(
                check(
                    method,
                    "fail",
                    f"{method.upper()} {seen[0][0]} at the receiving server; see the "
                    f"dns/{method} line of `newsletter doctor` for the fix",
                )
            )
    return found


def _coverage(message) -> Check:
    signatures = message.get_all("DKIM-Signature") or []
    if not signatures:
        return check(
            "dkim-headers",
            "fail",
            "the message has no DKIM signature, so nothing vouches for its "
            "unsubscribe headers; sign it (dkim_domain in [send])",
        )
    for signature in signatures:
        tags = dict(_tags(str(signature)))
        signed = [name.strip().lower() for name in tags.get("h", "").split(":")]
        missing = [name for name in UNSUBSCRIBE if name not in signed]
        if not missing:
            return check(
                "dkim-headers",
                "pass",
                f"the signature of {tags.get('d', '?')} covers List-Unsubscribe and List-Unsubscribe-Post",
            )
    return check(
        "dkim-headers",
        "fail",
        f"no DKIM signature's h= covers {' and '.join(missing)}; Gmail and Yahoo "
        "ignore one-click unsubscribe headers that are not signed",
    )


def _headers_kept(message, built) -> Check:
    changed = []
    for name in ("From", "List-Unsubscribe", "List-Unsubscribe-Post", "List-Id", "Reply-To"):
        before, after = _one_line(built.get(name)), _one_line(message.get(name))
        if before and "{email}" in before:  # filled in per recipient
            before = re.escape(before).replace(re.escape("{email}"), "[^>]+")
            if not re.fullmatch(before, after):
                changed.append(name)
        elif before != after:
            changed.append(name)
    subject = _one_line(message.get("Subject")).removeprefix(TEST_MARK).removeprefix(OLD_TEST_MARK)
    if subject != _one_line(built.get("Subject")):
        changed.append("Subject")
    if changed:
        return check(
            "rewritten-headers",
            "fail",
            f"{', '.join(changed)} arrived changed from the built edition; "
            "something on the way rewrites them (a relay, a list server), or "
            "the edition was rebuilt after the test",
        )
    return check("rewritten-headers", "pass", "From, Subject and the list headers arrived as built")


def _links_kept(message, built) -> Check:
    before, after = _html(built), _html(message)
    if after is None:
        return check(
            "rewritten-links", "fail", "the received message has no HTML part: something on the way dropped it"
        )
    # Each parsed once, cut at the depth a fetched page is (what arrived went through relays: a
    # parse is quadratic in the nesting, and 300,000 nested <div>s took minutes).
    built_tree, got_tree = (LexborHTMLParser(shallow(html)) for html in (before or "", after))
    sent = {a.attributes.get("href") for a in built_tree.css("a")}
    got = [a.attributes.get("href") for a in got_tree.css("a")]
    new = [href for href in got if href not in sent]
    images = {img.attributes.get("src") for img in built_tree.css("img")}
    pixels = [img.attributes.get("src") for img in got_tree.css("img") if img.attributes.get("src") not in images]
    if new:
        return check(
            "rewritten-links",
            "fail",
            f"{len(new)} links arrived rewritten (e.g. {str(new[0])[:60]}): "
            "a relay adds click tracking; turn it off there",
        )
    if pixels:
        return check(
            "rewritten-links",
            "fail",
            f"an image was added on the way ({str(pixels[0])[:60]}): a relay adds "
            "a tracking pixel; turn open tracking off there",
        )
    return check("rewritten-links", "pass", f"{len(got)} links arrived as built, no image added")


def _html(message) -> str | None:
    part = message.get_body(preferencelist=("html",))
    if part is None:
        return None
    try:
        return part.get_content()
    except LookupError:  # a charset no codec knows ('charset=""'): its bytes read as UTF-8, as they most likely are
        return (part.get_payload(decode=True) or b"").decode("utf-8", "replace")


def _one_line(value) -> str:
    return " ".join(str(value or "").split())


def _tags(value: str) -> list[tuple[str, str]]:
    """A DKIM-Signature's tags; their names as written, case-sensitive (RFC 6376, 3.2): a
    verifier reads no h= in `H=…`."""
    pairs = (part.split("=", 1) for part in value.split(";") if "=" in part)
    return [(name.strip(), re.sub(r"\s+", "", v)) for name, v in pairs]
