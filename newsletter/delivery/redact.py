"""Hide credentials in anything we show: as typed, and in the encoded forms a server echoes back.

A server that quotes the request in its error can send the secret back as the client sent it:
base64 of `user:token` (HTTP Basic), of `\\0user\\0password` (SMTP AUTH PLAIN), of the
password alone (AUTH LOGIN), or URL-encoded. Every such form is replaced by `***`.
"""

from __future__ import annotations

import base64
from urllib.parse import quote

MASK = "***"


def forms(secret: str, user: str = "") -> list[str]:
    """The ways `secret` can appear in a server's answer, longest first."""
    if not secret:
        return []
    raw = [
        secret.encode(),
        f"{user}:{secret}".encode(),
        f"\0{user}\0{secret}".encode(),
        f"{user}\0{user}\0{secret}".encode(),
    ]
    found = {secret, quote(secret, safe=""), quote(secret)}
    for data in raw:
        encoded = base64.b64encode(data).decode()
        found |= {encoded, encoded.rstrip("="), base64.urlsafe_b64encode(data).decode().rstrip("=")}
    return sorted((f for f in found if len(f) >= 4), key=len, reverse=True)


def scrub(text: str, secrets: list[tuple[str, str]]) -> str:
    """`text` with every form of every (secret, user) pair hidden."""
    for secret, user in secrets:
        for form in forms(secret, user):
            text = text.replace(form, MASK)
    return text
