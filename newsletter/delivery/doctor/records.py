"""The From domain's DNS (dnspython): SPF, the DKIM selector's key, DMARC, and alignment.

All lookups share one time limit (about 5 s): a DNS server that does not answer makes the
checks it could not do a warning that says what was not checked, never a crash or a fail.
Organisational domains are taken as the last two labels, three under a country's second level
(example.co.uk, rafael.com.br), with no public suffix list: right for example.com, a subdomain
of it and most countries' registries.
"""

from __future__ import annotations

import base64
import re
import time

from newsletter.config import Settings
from newsletter.delivery.doctor.checks import Check, maker
from newsletter.delivery.doctor.setup import YOUR_DOMAIN, domain_of
from newsletter.formats import hidden_characters

check = maker("dns")
NAMES = ("spf", "dkim", "dmarc", "alignment")


class Unanswered(Exception):
    """The DNS did not answer (timeout, no server, refused): nothing can be said about the record."""


class Lookup:
    """TXT lookups against one resolver, all within one deadline."""

    def __init__(self, nameserver: str | None, timeout: float):
        import dns.resolver

        if nameserver:
            host, _, port = nameserver.rpartition(":") if nameserver.count(":") == 1 else (nameserver, "", "")
            self.resolver = dns.resolver.Resolver(configure=False)
            self.resolver.nameservers = [host]
            self.resolver.port = int(port or 53)
        else:
            try:
                self.resolver = dns.resolver.Resolver()
            except dns.resolver.NoResolverConfiguration as error:
                raise Unanswered(f"no DNS server configured ({error})")
        self.deadline = time.monotonic() + timeout
        self.missing: set[str] = set()  # names the DNS says do not exist (NXDOMAIN)
        self.answers: dict[str, list[str]] = {}  # DMARC's record is read by two checks: asked once

    def txt(self, name: str) -> list[str]:
        """The TXT strings at `name` ([] when there is none; and when there is no such name,
        which `missing` then holds)."""
        if name in self.answers:
            return self.answers[name]
        import dns.exception
        import dns.resolver

        left = self.deadline - time.monotonic()
        if left <= 0:
            raise Unanswered("out of time")
        try:
            answer = self.resolver.resolve(name, "TXT", lifetime=left, raise_on_no_answer=False)
        except dns.resolver.NXDOMAIN:
            self.missing.add(name)
            self.answers[name] = []
            return []
        except dns.exception.Timeout:
            raise Unanswered("no answer in time")
        except (dns.exception.DNSException, OSError, ValueError) as error:
            raise Unanswered(str(error).split(";")[0] or type(error).__name__)
        found = [b"".join(record.strings).decode("utf-8", "replace") for record in answer]
        self.answers[name] = found
        return found


SHOWN_RECORD = 300  # characters of a record a line quotes: an SPF record is at most a few hundred


def shown_record(record: str) -> str:
    """A TXT record as a line of the doctor quotes it: its control characters escaped, cut to
    SHOWN_RECORD. The DNS answer is anyone's who can answer for the domain (a spoofed reply, a
    registrar's parking page): an SPF record holding ESC ]0;…BEL set the terminal's title, ESC [2J
    cleared it, and one of 10 KB was a line of 10 KB (attack 31)."""
    return hidden_characters.shortened(hidden_characters.escaped(record), SHOWN_RECORD)


def organisational(domain: str) -> str:
    """The registered name `domain` belongs to. Its last two labels were taken alone: example.co.uk
    and another.co.uk were one organisation ('co.uk'), a key on the one 'aligned' with a From on the
    other, and news.example.co.uk's parent policy was looked for at _dmarc.co.uk."""
    labels = domain.lower().rstrip(".").split(".")
    keep = 3 if len(labels) > 2 and len(labels[-1]) == 2 and labels[-2] in _COUNTRY_SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


# Where a country's registry names its domains one level down: co.uk, com.br, com.au, co.jp, ac.nz
_COUNTRY_SECOND_LEVEL = frozenset("co com org net ac gov edu ne or go gob nic ltd plc sch".split())


def checks(
    settings: Settings, headers, service: str | None, key, *, offline: bool, nameserver: str | None, timeout: float
) -> list[Check]:
    if service and service not in YOUR_DOMAIN:
        return [check(name, "n/a", f"done by {service}") for name in NAMES]
    domain = domain_of(headers.get("From"))
    if not domain:
        return [check("records", "n/a", "no From domain to look up (see settings/from)")]
    if offline:
        return [check("records", "n/a", f"the DNS of {domain} is not looked up with --offline")]
    nameserver = nameserver or settings.send.dns_server or None
    try:
        lookup = Lookup(nameserver, timeout)
    except Unanswered as error:
        return [check("records", "warn", f"could not check the DNS of {domain} ({error})")]
    spf = _spf(lookup, domain)  # first: the others say nothing more of a domain it found missing
    if service:  # its SMTP server signs, or not: only a received message shows which
        signed = f"{service}'s SMTP server signs, if it does: send a test and run `doctor --received` on it"
        return [spf, check("dkim", "n/a", signed), _dmarc(lookup, domain), check("alignment", "n/a", signed)]
    return [spf, _dkim(lookup, key), _dmarc(lookup, domain), _alignment(lookup, domain, key)]


def _asked(what: str, lookup_name: str, run) -> Check:
    try:
        return run()
    except Unanswered as error:
        return check(what, "warn", f"could not look up {lookup_name} ({error}), so {what.upper()} was not checked")


def _spf(lookup: Lookup, domain: str) -> Check:
    def run():
        records = [t for t in lookup.txt(domain) if t.lower().startswith("v=spf1")]
        if domain in lookup.missing:
            return check("spf", "fail", _no_such(domain))
        if not records:
            return check(
                "spf",
                "fail",
                f'{domain} has no SPF record; publish a TXT record "v=spf1 include:<your '
                "SMTP provider> -all\" (your provider's documentation names it)",
            )
        if len(records) > 1:
            return check("spf", "fail", f"{domain} has {len(records)} SPF records; receivers ignore both: merge them")
        if re.search(r"(^|\s)\+?all\b", records[0]):
            return check("spf", "fail", f"{domain}'s SPF ends in +all, so anyone may send as you; use -all or ~all")
        if (lookups := len(_LOOKUPS.findall(records[0]))) > MAX_LOOKUPS:
            return check(
                "spf",
                "fail",
                f"{domain}'s SPF asks for {lookups} DNS lookups (include:, a, mx, ptr, exists:, redirect=), more "
                f"than the {MAX_LOOKUPS} receivers make (RFC 7208, 4.6.4): they read it as an error, and no mail "
                "of yours passes SPF; keep the includes of the services that send your mail, or flatten "
                "the others into ip4:/ip6: ranges",
            )
        if neutral := _neutral(records[0]):
            return check("spf", "warn", f"{domain}'s SPF {neutral}{NEUTRAL}")
        return check("spf", "pass", f"{domain}: {shown_record(records[0])}")

    return _asked("spf", domain, run)


# The terms of an SPF record that each cost a DNS lookup (RFC 7208, 4.6.4), of which receivers
# make at most MAX_LOOKUPS for a record and the records it includes: more is a permerror, no
# pass. Those of the record itself, counted here (its includes' own would need more lookups).
_LOOKUPS = re.compile(
    r"(?:^|(?<=\s))(?:[-+~?]?(?:include:|exists:|a(?=[:/\s]|$)|mx(?=[:/\s]|$)|ptr(?=[:\s]|$))|redirect=)", re.I
)
MAX_LOOKUPS = 10


# What a neutral SPF does for the author's mail, and what to end it in: it passed without a word
NEUTRAL = (
    ": receivers take mail from a server it does not list as if you published no SPF, so mail forged "
    "in your name is not marked; once it lists every server that sends your mail, end it in ~all (such "
    "mail is marked suspect, most often as spam) or -all (refused outright)"
)


def _neutral(record: str) -> str:
    """How an SPF record leaves what it does not list neutral, in words; "" when it does not: a
    ?all, or no all at all, which receivers read as ?all (RFC 7208, 4.7), unless a redirect= says
    another domain's record decides."""
    if re.search(r"(^|\s)\?all\b", record, re.IGNORECASE):
        return "ends in ?all (neutral)"
    if re.search(r"(^|\s)[-~+]?all\b|(^|\s)redirect=", record, re.IGNORECASE):
        return ""
    return "has no all at its end, which receivers read as ?all (neutral)"


def _no_such(domain: str) -> str:
    return (
        f"{domain} does not exist in DNS (NXDOMAIN), so no mail from it can pass; check the "
        "From address (`from` in [email]) for a typo, or register the domain"
    )


def _dkim(lookup: Lookup, key) -> Check:
    if key is None:
        return check(
            "dkim",
            "warn",
            "no DKIM key configured, so this tool does not sign: your SMTP server must "
            "(see `doctor --received`); or set dkim_domain, dkim_selector and the key",
        )
    name = f"{key.selector}._domainkey.{key.domain}"
    if key.domain in lookup.missing:  # the From domain, which SPF's check fails for, and says what to do
        return check("dkim", "n/a", f"{key.domain} does not exist in DNS, so it has no DKIM key (see dns/spf)")

    def run():
        records = lookup.txt(name)
        if len(records) > 1:
            # Joined, two records read as one whose last p= won: an old key left beside the new one
            # (or a key split over two records) passed here, while dkimpy reads the first it gets
            return check(
                "dkim",
                "fail",
                f"{name} has {len(records)} TXT records, and receivers read only one of them, which one "
                "undefined (RFC 6376, 3.6.2.2); keep the one record of the key you sign with (a long key "
                "goes in one record as several quoted strings)",
            )
        tags = dict(_tags(records[0] if records else "", as_written=True))  # (a DKIM key's P= is no p=)
        if not tags.get("p"):
            state = "revoked (p= is empty)" if "p" in tags else "not published"
            return check(
                "dkim",
                "fail",
                f'the DKIM key at {name} is {state}; publish the TXT record "v=DKIM1; k=rsa; p=<your public key>"',
            )
        if _public(tags["p"]) != key.public():
            return check(
                "dkim",
                "fail",
                f"the key at {name} does not match the configured private key; "
                "publish the public half of the key you sign with",
            )
        if "y" in tags.get("t", "").lower().split(":"):
            # opendkim-genkey's -t writes it, and the record is often left so after the first test
            return check(
                "dkim",
                "warn",
                f"the key at {name} is published in testing mode (t=y), so receivers may treat what it "
                "signs as unsigned (RFC 6376); once a test arrives signed, remove t=y from the record",
            )
        bits = key.public()[0].bit_length()
        if bits < 2048:  # (under 1024 is refused before the doctor runs: delivery/signing.py)
            return check(
                "dkim",
                "warn",
                f"{name} publishes the public half of the configured key, a {bits}-bit one; Google recommends "
                "2048 bits where your DNS can hold the longer record: make one, publish it under a new "
                "selector, and switch dkim_selector to it once the record is live",
            )
        return check("dkim", "pass", f"{name} publishes the public half of the configured key")

    return _asked("dkim", name, run)


def _dmarc_names(domain: str) -> list[str]:
    return [f"_dmarc.{domain}"] + ([f"_dmarc.{organisational(domain)}"] if organisational(domain) != domain else [])


def _dmarc_record(lookup: Lookup, domain: str) -> tuple[str, str, int] | None:
    """(name, record, how many records) of the DMARC policy that governs `domain`: its own, else
    its parent's."""
    for name in _dmarc_names(domain):
        records = [t for t in lookup.txt(name) if t.replace(" ", "").lower().startswith("v=dmarc1")]
        if records:
            return name, records[0], len(records)
    return None


def _dmarc(lookup: Lookup, domain: str) -> Check:
    names = _dmarc_names(domain)

    def run():
        found = _dmarc_record(lookup, domain)
        if found:
            name, record, count = found
            if count > 1:  # the first was passed, though receivers then apply no policy at all
                return check(
                    "dmarc",
                    "fail",
                    f"{name} has {count} DMARC records, so receivers apply none of them (RFC 7489, 6.6.3); keep one",
                )
            tags = dict(_tags(record))
            policy = tags.get("p", "").lower()  # (p=Reject is reject, as receivers read it)
            if policy not in ("none", "quarantine", "reject") and _reports_to(tags.get("rua", "")):
                # a record with somewhere to send reports is applied as p=none (RFC 7489, 6.6.3)
                return check(
                    "dmarc",
                    "warn",
                    f"the DMARC record at {name} has no valid p= policy, so receivers read it as p=none "
                    "(RFC 7489, 6.6.3) and send reports to its rua=; add p=none (or quarantine, reject) "
                    "to say so",
                )
            if policy not in ("none", "quarantine", "reject"):
                return check("dmarc", "fail", f"the DMARC record at {name} has no valid p= policy")
            return check("dmarc", "pass", f"{name}: {shown_record(record)}")
        if domain in lookup.missing:  # SPF's check fails for it, and says what to do: once
            return check("dmarc", "n/a", f"{domain} does not exist in DNS, so it has no DMARC record (see dns/spf)")
        return check(
            "dmarc",
            "fail",
            f"{domain} has no DMARC record; publish a TXT record at _dmarc.{domain} "
            'such as "v=DMARC1; p=none; rua=mailto:you@' + domain + '"',
        )

    return _asked("dmarc", names[0], run)


def _alignment(lookup: Lookup, domain: str, key) -> Check:
    if key is None:
        return check(
            "alignment",
            "warn",
            f"DMARC alignment rests on SPF alone (the envelope sender is on {domain}), "
            "which forwarding breaks; sign with DKIM on your domain",
        )
    if organisational(key.domain) != organisational(domain):
        return check(
            "alignment",
            "fail",
            f"the DKIM domain {key.domain} is not the From domain {domain}, so DMARC "
            "fails; sign with a key on the From domain",
        )
    if key.domain != domain.lower():
        # Relaxed alignment (same organisational domain) is DMARC's default; adkim=s asks for the
        # very domain, and a key on mail.example.com then aligns no more than one on another site's
        try:
            found = _dmarc_record(lookup, domain)
        except Unanswered:  # the DMARC check says what was not looked up
            found = None
        if found and dict(_tags(found[1])).get("adkim", "r").lower() == "s":
            return check(
                "alignment",
                "fail",
                f"the DKIM domain {key.domain} is not the From domain {domain}, and {found[0]} asks for strict "
                f"DKIM alignment (adkim=s), so DMARC's DKIM check fails; set dkim_domain to {domain} (with the "
                f"key published at {key.selector}._domainkey.{domain}), or relax it to adkim=r",
            )
    return check("alignment", "pass", f"From ({domain}) and DKIM ({key.domain}) are aligned")


def _tags(record: str, as_written: bool = False) -> list[tuple[str, str]]:
    """A record's tags, each (name, value). DMARC's names are read whatever their case, as
    receivers do; a DKIM key's `as_written`: its tag names are case-sensitive (RFC 6376, 3.2),
    and a verifier finds no key in `P=…`."""
    pairs = (part.split("=", 1) for part in record.split(";") if "=" in part)
    return [(name.strip() if as_written else name.strip().lower(), re.sub(r"\s+", "", value)) for name, value in pairs]


def _reports_to(rua: str) -> bool:
    """Whether a DMARC record's rua= holds a reporting address a receiver can read (a URI)."""
    return any(re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s,!]+(?:![0-9]+[kmgt]?)?", uri) for uri in rua.split(","))


def _public(p: str) -> tuple[int, int] | None:
    import dkim.crypto

    try:
        key = dkim.crypto.parse_public_key(base64.b64decode(p))
    except (ValueError, dkim.crypto.UnparsableKeyError, IndexError):
        return None
    return key["modulus"], key["publicExponent"]
