"""DKIM signing of what SMTP sends (dkimpy), and the key it signs with.

The key comes from the file `[send] dkim_private_key_file` names or from the environment
variable `dkim_private_key_env` names; never from newsletter.toml, and never printed. The
.eml in dist/ stays unsigned: each message is signed as it goes out, after its per-recipient
headers (To, the one-click URL) are filled in.

The signature covers the headers a reader sees and a mailbox acts on, and over-signs From,
Subject and the List-Unsubscribe headers (each named once more in h= than it occurs) so that
nobody on the way can add a second one without breaking it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from newsletter import mail_headers
from newsletter.config import Settings
from newsletter.errors import NewsletterError, aside
from newsletter.workspace import open_regular

SIGNED = (
    "from",
    "to",
    "subject",
    "date",
    "message-id",
    "reply-to",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
    "content-language",  # the edition's language, by which a screen reader picks its voice
    "list-id",
    "list-unsubscribe",
    "list-unsubscribe-post",
)
OVERSIGNED = ("from", "subject", "list-unsubscribe", "list-unsubscribe-post")
# The smallest RSA key a verifier counts (RFC 8301 3.2): a signature by a smaller one is ignored,
# and dkimpy's verify raises "public key too small". A 768-bit key passed the doctor and signed a
# whole send that no inbox would count as signed.
LARGEST_KEY_FILE = 64 << 10  # bytes: a 4096-bit RSA key's PEM is 3.2 KB, with a certificate chain a few more
MIN_BITS = 1024


@dataclass(frozen=True)
class Key:
    domain: str
    selector: str
    pem: bytes

    def public(self) -> tuple[int, int]:
        """(modulus, exponent) of the RSA key, to compare with the one published in DNS."""
        import dkim.crypto

        try:
            key = dkim.crypto.parse_pem_private_key(self.pem)
        except (dkim.crypto.UnparsableKeyError, ValueError, IndexError):
            raise NewsletterError(
                "The DKIM private key is not an RSA key in PEM form (BEGIN RSA PRIVATE KEY "
                "or BEGIN PRIVATE KEY); make one with `openssl genrsa 2048`."
            )
        return key["modulus"], key["publicExponent"]


def configured(settings: Settings) -> bool:
    s = settings.send
    return bool(s.dkim_domain or s.dkim_selector or s.dkim_private_key_file)


def load_key(settings: Settings, env: Mapping[str, str]) -> Key | None:
    """The DKIM key the settings name, or None when DKIM signing is not set up."""
    s = settings.send
    from_env = env.get(s.dkim_private_key_env, "") if s.dkim_private_key_env else ""
    if not (configured(settings) or from_env):
        return None
    if not (s.dkim_domain and s.dkim_selector):
        raise NewsletterError("DKIM signing needs both dkim_domain and dkim_selector in [send] of newsletter.toml.")
    if s.dkim_private_key_file:
        # "~/.keys/dkim.pem": a private key is kept out of the workspace's repository
        path = settings.root / Path(s.dkim_private_key_file).expanduser()
        pem = _key_file(path, s.dkim_private_key_file)
    elif from_env:
        pem = from_env.encode("ascii", "replace").replace(b"\\n", b"\n")
    else:
        raise NewsletterError(
            f"DKIM signing is set up for {s.dkim_domain}, but there is no key: set "
            f"dkim_private_key_file in [send], or put the PEM in ${s.dkim_private_key_env}."
        )
    # d= in ASCII (a domain outside it as its A-label, as the From domain is written): a header of
    # an ASCII message, and the name verifiers look the key up under
    domain = mail_headers.ascii_domain(s.dkim_domain.strip().lower())
    for name, value in (("dkim_domain", domain), ("dkim_selector", s.dkim_selector.strip())):
        if not value.isascii():  # IDNA refused it ('☕.example'): it went into d= or s= as raw UTF-8
            raise NewsletterError(
                f"[send] {name} = {value!r} in newsletter.toml has no ASCII form (a DNS name IDNA refuses), "
                "so no verifier can look the key up under it; check its spelling."
            )
    if b"-----BEGIN ENCRYPTED PRIVATE KEY-----" in pem or b"Proc-Type: 4,ENCRYPTED" in pem:
        # the one RSA key whose public half is in DNS already: "make one with openssl genrsa", as
        # any unreadable key is told, would have the author publish a new one for nothing
        where = s.dkim_private_key_file or f"${s.dkim_private_key_env}"
        raise NewsletterError(
            f"The DKIM private key in {where} is encrypted with a passphrase, which a send cannot type. "
            "Keep a decrypted copy only you can read: `openssl pkey -in encrypted.pem -out dkim.pem && "
            "chmod 600 dkim.pem` (the same key, so its DNS record stays as it is)."
        )
    key = Key(domain, s.dkim_selector.strip(), pem.replace(b"\r\n", b"\n"))
    bits = key.public()[0].bit_length()  # a key that cannot be read is said now, not mid-send
    if bits < MIN_BITS:
        raise NewsletterError(
            f"The DKIM key is {bits} bits: receivers treat a signature made with a key under {MIN_BITS} "
            "bits as no signature at all (RFC 8301; dkimpy and Gmail refuse it), so every message "
            "would go out unsigned. Make a 2048-bit key (`openssl genrsa -out dkim.pem 2048`) and publish "
            f"its public half at {key.selector}._domainkey.{key.domain}."
        )
    return key


def _key_file(path: Path, given: str) -> bytes:
    """The bytes of the key file `given` names: a regular file of at most LARGEST_KEY_FILE bytes.
    A FIFO there was waited on for ever (the doctor and send hung without a word), and a link to
    /dev/zero, or a disk image named by mistake, read until memory ran out."""
    try:
        with open(path, "rb", opener=open_regular) as handle:
            pem = handle.read(LARGEST_KEY_FILE + 1)
    except IsADirectoryError:  # (open_regular's: a folder, a FIFO, a device)
        raise NewsletterError(
            f"[send] dkim_private_key_file: {given} is no file (a folder, a named pipe or a device); "
            "name the PEM file of the key itself."
        ) from None
    except OSError as error:
        raise NewsletterError(
            f"[send] dkim_private_key_file: cannot read {given} ({error.strerror or error})."
        ) from None
    if len(pem) > LARGEST_KEY_FILE:
        raise NewsletterError(
            f"[send] dkim_private_key_file: {given} is larger than {LARGEST_KEY_FILE // 1024} KB, and a DKIM key's "
            "PEM is a few KB (3.2 KB for 4096 bits); check that it names the key."
        )
    return pem


def readable_by_others(settings: Settings) -> str | None:
    """Why the key file needs `chmod 600`, or None: anyone who can read it can sign mail as the
    domain, and a key pasted into an editor or unpacked from a download is written with the
    machine's umask (0644, openssl's own 0600 aside), readable to every user and service there.
    Said, not changed: the file is the author's, and a key a mail server also reads may be shared
    with its group on purpose."""
    name = settings.send.dkim_private_key_file
    if not name or os.name != "posix":
        return None
    path = settings.root / Path(name).expanduser()
    try:
        mode = path.stat().st_mode
    except OSError:  # load_key has said it cannot be read
        return None
    if not mode & stat.S_IROTH:
        return None
    return (
        f"{name} can be read by every user of this machine (mode {stat.filemode(mode)}), and anyone who "
        f"reads it can sign mail as {settings.send.dkim_domain}; make it yours alone: chmod 600 {name}"
    )


def sign(message: bytes, key: Key) -> bytes:
    """`message` with a DKIM-Signature header first (relaxed/relaxed, rsa-sha256)."""
    import dkim

    headers = [name.encode() for name in SIGNED + OVERSIGNED]
    try:
        signature = dkim.DKIM(message).sign(
            key.selector.encode(),
            key.domain.encode(),
            key.pem,
            canonicalize=(b"relaxed", b"relaxed"),
            include_headers=headers,
        )
    except dkim.DKIMException as error:
        raise NewsletterError(f"DKIM signing failed {aside(str(error))}; check the key and dkim_domain in [send].")
    return signature.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n") + message
