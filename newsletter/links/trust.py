"""The CA bundle a fetch trusts, read when the first TLS connection needs it.

httpx's `create_ssl_context` reads the whole bundle (certifi's, or the environment's
SSL_CERT_FILE or SSL_CERT_DIR) as the client is made: ~25-40 ms of a core at the start of a
cold enrichment, while no request has left yet. The first TLS handshake comes a connect's
round trip later, when the event loop is waiting on the network anyway; and a month whose
links are all plain http (or all through a proxy that refuses them) never reads it at all.
The context is otherwise the one httpx makes: same protocol, same checks, same sources.
"""

from __future__ import annotations

import os
import ssl
import sys

from newsletter.errors import NewsletterError


class TrustError(NewsletterError):
    """The CA bundle could not be read: no TLS connection can be checked, whatever the link."""


def ssl_context() -> ssl.SSLContext:
    """A client context verifying certificates against the environment's CA bundle, as httpx's
    `create_ssl_context(trust_env=True)` does, read on the first connection that needs it."""
    if os.environ.get("SSL_CERT_FILE"):
        source = ("SSL_CERT_FILE", os.environ["SSL_CERT_FILE"], None)
    elif os.environ.get("SSL_CERT_DIR"):
        source = ("SSL_CERT_DIR", None, os.environ["SSL_CERT_DIR"])
    else:
        import certifi

        source = ("certifi", certifi.where(), None)
    context = _Deferred(ssl.PROTOCOL_TLS_CLIENT)  # (verifies and checks host names by default)
    context.source = source
    # As ssl.create_default_context does from Python 3.13 (and so httpx): strict checks of each
    # certificate, and an intermediate in the bundle trusted as an anchor (RFC 5280's chains)
    if sys.version_info >= (3, 13):
        context.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN | ssl.VERIFY_X509_STRICT
    # As ssl.create_default_context does: a debugging user's SSLKEYLOGFILE is honoured.
    keylog = os.environ.get("SSLKEYLOGFILE")
    if keylog and not sys.flags.ignore_environment:
        try:
            context.keylog_filename = keylog  # (opened here, to append to)
        except OSError as error:
            raise TrustError(
                f"SSLKEYLOGFILE={keylog} could not be opened ({error.strerror or error}): point it at a "
                "file that can be written, or unset it (it records TLS keys, for debugging only)."
            ) from None
    return context


# OpenSSL's verify codes for a chain that ends at no certificate of the bundle (no issuer found,
# self-signed, in the chain or alone): the machine's bundle may lack a proxy's or a company's CA.
_NO_ANCHOR = frozenset({2, 18, 19, 20, 21})


def refused(error: ssl.SSLCertVerificationError) -> str:
    """Why a server's certificate was refused, pointing at the cause: the bundle (an unknown
    issuer) or the site (a certificate expired, or naming another host)."""
    message = (error.verify_message or "").strip().rstrip(".")
    if error.verify_code in _NO_ANCHOR or not message:
        return "TLS certificate not trusted (behind a proxy that inspects TLS? point SSL_CERT_FILE at its CA bundle)"
    return f"TLS certificate not trusted: {message} (the site's certificate is at fault, not this machine's settings)"


class _Deferred(ssl.SSLContext):
    """An SSLContext that loads its verify locations before its first connection."""

    source: tuple[str, str | None, str | None] | None = None

    def _trust(self) -> None:
        if self.source is None:
            return
        name, cafile, capath = self.source
        try:
            if capath is not None:  # OpenSSL ignores a missing one: every link was "not trusted"
                os.scandir(capath).close()
            self.load_verify_locations(cafile, capath)
        except (OSError, ssl.SSLError) as error:
            where = "certifi's bundle" if name == "certifi" else f"{name}={cafile or capath}"
            wanted = "a directory of hashed PEM certificates" if capath else "a readable bundle of PEM certificates"
            raise TrustError(
                f"The CA bundle ({where}) could not be read ({error.strerror or error}): "
                f"no https link can be checked; point {name if name != 'certifi' else 'SSL_CERT_FILE'} "
                f"at {wanted}."
            ) from None
        self.source = None

    def wrap_bio(self, *args, **kwargs):
        self._trust()
        return super().wrap_bio(*args, **kwargs)

    def wrap_socket(self, *args, **kwargs):
        self._trust()
        return super().wrap_socket(*args, **kwargs)
