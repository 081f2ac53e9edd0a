"""Will this edition reach the inbox, and can everyone read it? The checks `newsletter doctor`
prints and `send --yes` refuses on, in the order an author fixes them:

    who          what the delivery service does itself (Buttondown and listmonk address and
                 add the unsubscribe headers, Buttondown signs: those checks are "n/a", never a
                 fail; listmonk sends From the author's domain, so its SPF and DMARC count)
    settings     From, To, Reply-To, the unsubscribe link and headers, List-Id (readiness.py's
                 refusals are among them, so `check`, `send` and `doctor` agree)
    dns          SPF, the DKIM key, DMARC and alignment of the From domain (dnspython)
    message      size, text part, Message-ID, Date, header lines
    accessibility   lang/dir, layout tables, alt, headings, link text, contrast, link style

Each check is one line: pass, warn, fail or n/a, and what to do.
"""

from __future__ import annotations

from email.parser import BytesParser
from email.policy import default as default_policy

from newsletter.config import Settings
from newsletter.delivery.doctor import accessibility, message, own_template, records, setup
from newsletter.delivery.doctor.checks import Check, Report, maker
from newsletter.delivery.readiness import Concern

__all__ = ["Check", "Report", "run"]

SERVICES = {"buttondown": "Buttondown", "listmonk": "listmonk"}


def run(
    settings: Settings,
    via: str,
    eml: bytes,
    html: str,
    edition_concerns: list[Concern],
    *,
    key=None,
    offline: bool = False,
    nameserver: str | None = None,
    timeout: float = 5.0,
    base=None,
) -> list[Check]:
    """Every check of the built edition `eml` (and its `html`) going out via `via`.

    `edition_concerns`: readiness's concerns about the entries (sample entry, placeholder notes).
    `key`: the DKIM key (signing.Key) SMTP signs with, or None. `nameserver`: ask this DNS
    server ("host" or "host:port") instead of the system's.
    """
    headers = BytesParser(policy=default_policy).parsebytes(eml)
    service = SERVICES.get(via)
    checks = setup.who(settings, via, service, key)
    checks += setup.settings_checks(settings, service, headers, html)
    check = maker("edition")
    checks += [check("entry", "fail", c.shown(base)) for c in edition_concerns]
    checks += records.checks(settings, headers, service, key, offline=offline, nameserver=nameserver, timeout=timeout)
    checks += message.checks(settings, headers, eml, html, service)
    checks += own_template.blamed(accessibility.checks(html), settings.root / "templates", settings.root)
    return checks
