"""Who does what, and the settings that become the message's headers: From, To, Reply-To,
the unsubscribe link and headers, List-Id."""

from __future__ import annotations

import re

from newsletter.config import Settings
from newsletter.delivery import readiness, signing
from newsletter.delivery.doctor.checks import Check, maker
from newsletter.links.urls import normalise_url

# Mailbox providers whose DMARC policy rejects their addresses sent from anywhere else.
FREE_MAIL = {
    "gmail.com",
    "googlemail.com",
    "yahoo.com",
    "yahoo.co.uk",
    "yahoo.fr",
    "ymail.com",
    "aol.com",
    "outlook.com",
    "hotmail.com",
    "hotmail.co.uk",
    "live.com",
    "msn.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "proton.me",
    "protonmail.com",
    "pm.me",
    "yandex.com",
    "yandex.ru",
    "mail.ru",
    "zoho.com",
    "fastmail.com",
    "tutanota.com",
    "qq.com",
    "163.com",
    "orange.fr",
    "free.fr",
    "t-online.de",
    "libero.it",
    "comcast.net",
}
PLACEHOLDER = "{email}"
# Services that send as the author's From domain through an SMTP server the author runs or
# chose (listmonk is self-hosted): that domain's SPF and DMARC decide the inbox as for SMTP.
YOUR_DOMAIN = {"listmonk"}

check = maker("settings")


def domain_of(value) -> str:
    return readiness.address(value).rpartition("@")[2].lower()


def per_recipient(settings: Settings) -> bool:
    """SMTP sends one message per recipient (a file of addresses), not one to the list address."""
    return settings.send.smtp_recipients.strip() not in ("", "list")


def who(settings: Settings, via: str, service: str | None, key) -> list[Check]:
    did = maker("who")
    if service in YOUR_DOMAIN:
        return [
            did(
                "service",
                "pass",
                f"{service} sends the edition through the SMTP server set in it, From your domain: it "
                "addresses each reader and adds the unsubscribe headers (those checks are n/a here); "
                "your domain's SPF and DMARC are checked below",
            )
        ]
    if service:
        return [
            did(
                "service",
                "pass",
                f"{service} sends the edition: it addresses each reader, signs (DKIM) and "
                "adds the unsubscribe headers; those checks are n/a here",
            )
        ]
    if via != "smtp":
        return [
            did(
                "service",
                "warn",
                f"{via} is a plugin: the checks below assume it sends this message as "
                "built; its documentation says what it signs and adds itself",
            )
        ]
    mode = (
        f"one message per recipient in {settings.send.smtp_recipients}"
        if per_recipient(settings)
        else "one message to the list address, which the list server fans out"
    )
    signs = (
        f"this tool signs with DKIM ({key.selector}._domainkey.{key.domain})"
        if key
        # (set up, but its key could not be read: the dkim-key line says why)
        else "this tool signs with DKIM once its key can be read (settings/dkim-key)"
        if signing.configured(settings)
        else "this tool does not sign (no dkim_domain in [send]): your SMTP server must sign it "
        "(`doctor --received` shows whether it does)"
    )
    found = [did("service", "pass", f"SMTP via {settings.send.smtp_host}:{settings.send.smtp_port}, {mode}; {signs}")]
    if key and (exposed := signing.readable_by_others(settings)):
        found.append(did("dkim-key-file", "warn", exposed))
    return found


def _same_page(one: str, other: str) -> bool:
    """Whether two link settings name the same page (a trailing slash or the scheme's case aside)."""
    if not one or not other:
        return False
    return normalise_url(one).rstrip("/") == normalise_url(other).rstrip("/")


def settings_checks(settings: Settings, service: str | None, headers, html: str) -> list[Check]:
    found = [_from(headers)]
    if service:
        done = f"done by {service}"
        mine = [_from_domain(headers)] if service in YOUR_DOMAIN else [check("from-domain", "n/a", done)]
        found += mine + [check(name, "n/a", done) for name in ("to", "reply-to", "list-unsubscribe", "list-id")]
    else:
        found += [_from_domain(headers), _to(settings, headers), _reply_to(headers)]
    link = readiness.unsubscribe_link(settings, html) or (
        None if service else readiness.unsubscribe_placeholder(settings)
    )
    if link:
        found.append(check("unsubscribe-link", "fail", link.message))
    elif _same_page(settings.links.unsubscribe, settings.links.subscribe):  # a copy-paste slip
        found.append(
            check(
                "unsubscribe-link",
                "warn",
                f"the unsubscribe link is the subscribe address ({settings.links.subscribe}): readers who want "
                "to leave land on the sign-up page; set `unsubscribe` in [links] to your list service's "
                "unsubscribe URL or merge tag and build again",
            )
        )
    else:
        found.append(check("unsubscribe-link", "pass", "the email shows an unsubscribe link"))
    site = readiness.placeholder_site(settings, html)
    if site:  # the "View in your browser" link of every reader's copy would point nowhere
        found.append(check("site-address", "fail", site.message))
    if signoff := readiness.placeholder_signoff(settings):  # every copy signed "Me"
        found.append(check("signoff", "fail", signoff.message))
    if not service:
        found += _list_unsubscribe(settings, headers)
        found.append(
            check("list-id", "pass", f"List-Id: {headers['List-Id']}")
            if headers.get("List-Id")
            else check(
                "list-id",
                "warn",
                "no List-Id header, which lets mail providers tell the list "
                "apart; set `list_id` in [email] and build again",
            )
        )
    return [c for c in found if c]


def _from(headers) -> Check:
    concern = readiness.sender(headers)
    if concern:
        return check("from", "fail", concern.message)
    return check("from", "pass", f"From: {headers['From']}")


def _from_domain(headers) -> Check | None:
    domain = domain_of(headers.get("From"))
    if not domain:
        return None  # said by `from`
    if domain in FREE_MAIL:
        return check(
            "from-domain",
            "fail",
            f"{domain} is a free-mail domain: its DMARC policy makes providers "
            "reject or junk list mail from it sent by your server; send From an "
            "address on a domain you control",
        )
    return check("from-domain", "pass", f"{domain}: a domain of your own (its DNS is checked below)")


def _to(settings: Settings, headers) -> Check:
    if per_recipient(settings):
        return check("to", "pass", f"each message is To: its recipient, from {settings.send.smtp_recipients}")
    concern = readiness.list_address(settings, headers)
    return check("to", "fail", concern.message) if concern else check("to", "pass", f"To: {headers['To']}")


def _reply_to(headers) -> Check:
    if readiness.address(headers.get("Reply-To")):
        return check("reply-to", "pass", f"Reply-To: {headers['Reply-To']}")
    return check(
        "reply-to",
        "warn",
        "no Reply-To: replies go to the From address; set `reply_to` in [email] if you read another mailbox",
    )


def _list_unsubscribe(settings: Settings, headers) -> list[Check]:
    concern = readiness.list_unsubscribe(headers)
    if concern:
        return [check("list-unsubscribe", "fail", concern.message)]
    uris = re.findall(r"<([^>]*)>", str(headers["List-Unsubscribe"]))
    web = [u for u in uris if not u.lower().startswith("mailto:")]
    post = str(headers.get("List-Unsubscribe-Post") or "")
    if post:
        if post.strip() != "List-Unsubscribe=One-Click":
            return [
                check(
                    "list-unsubscribe",
                    "fail",
                    f"List-Unsubscribe-Post: {post} should be exactly List-Unsubscribe=One-Click (RFC 8058)",
                )
            ]
        if not (web and web[0].lower().startswith("https://")):
            return [
                check(
                    "list-unsubscribe",
                    "fail",
                    "List-Unsubscribe-Post needs an https URL in List-Unsubscribe; "
                    "set `list_unsubscribe` in [email] to your one-click endpoint",
                )
            ]
        return [check("list-unsubscribe", "pass", f"one-click (RFC 8058) to {web[0]}"), _recipient(settings, web[0])]
    if not web:
        return [
            check(
                "list-unsubscribe",
                "warn",
                "a mailto alone: readers' unsubscribe button sends an email "
                "you must act on by hand, and Gmail and Yahoo want one-click "
                "(RFC 8058); set `list_unsubscribe` in [email] to your https "
                "one-click endpoint",
            )
        ]
    return [
        check(
            "list-unsubscribe",
            "warn",
            f"{web[0]} is a page, not a one-click endpoint, so there is no "
            "List-Unsubscribe-Post; Gmail and Yahoo want one-click (RFC 8058): "
            "set `list_unsubscribe` in [email] to an https URL that unsubscribes "
            "on a POST",
        )
    ]


def _recipient(settings: Settings, url: str) -> Check:
    """One-click must say who unsubscribes; the doctor never requests the URL (a POST would do it)."""
    if per_recipient(settings):
        if PLACEHOLDER in url:
            return check("one-click-recipient", "pass", f"{PLACEHOLDER} is filled in per recipient, before signing")
        return check(
            "one-click-recipient",
            "fail",
            f"every recipient gets the same one-click URL, so it cannot "
            f"tell who unsubscribes; put {PLACEHOLDER} (or your service's "
            "per-recipient token) in `list_unsubscribe`",
        )
    if PLACEHOLDER in url:
        return check(
            "one-click-recipient",
            "fail",
            f"one message to the list address cannot fill {PLACEHOLDER}; "
            "send one message per recipient (smtp_recipients) or use the "
            "list server's own unsubscribe headers",
        )
    return check(
        "one-click-recipient",
        "warn",
        "one message goes to the list address: readers get the list "
        "server's own List-Unsubscribe headers, not these; check a "
        "received copy with `newsletter doctor --received`",
    )
