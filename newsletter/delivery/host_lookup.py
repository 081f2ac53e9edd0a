"""Whether the DNS answers for the SMTP host, asked once before a send waits on it twice.

On a train whose network had gone (new user 54), the system's DNS took every query and answered
none: `send --test` waited 5 s for the doctor's look-up of the From domain's records, then 10 s
more in smtplib's getaddrinfo (glibc asks twice, 5 s each), 16 s in all, to be told to "check
smtp_host and smtp_port". The host is now looked up first, for at most `seconds`: unanswered,
the send stops there, saying so, and no other look-up waits again. A send through Buttondown or
listmonk waited the same way in httpx's getaddrinfo: their API's host (or the proxy's, where the
environment sends it through one, as httpx does) is looked up first too.
"""

from __future__ import annotations

import socket
import threading
import urllib.request
from urllib.parse import urlsplit

from newsletter.errors import NewsletterError

SECONDS = 5.0  # as long as the doctor's look-ups get (doctor/records.py): one try of glibc's


def unanswered(host: str, port: int, seconds: float = SECONDS) -> str | None:
    """Why the DNS gave no answer for `host`, or None: it answered (an address, or that there is
    no such host, which the connection then says as before), or `host` needs no DNS (an IP
    address, localhost)."""
    answers: list[OSError | None] = []

    def ask() -> None:
        try:
            socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            answers.append(None)
        except (OSError, UnicodeError) as error:  # (UnicodeError: a name the IDNA codec refuses)
            answers.append(error if isinstance(error, socket.gaierror) else None)

    # A daemon thread: a look-up still waiting in the resolver when the send stops does not hold
    # the process's exit for the rest of its 10 s.
    asking = threading.Thread(target=ask, name=f"lookup {host}", daemon=True)
    asking.start()
    asking.join(seconds)
    if not answers:
        return f"the DNS gave no answer for {host} in {seconds:g} s"
    if (error := answers[0]) is not None and error.errno == socket.EAI_AGAIN:  # a resolver out of reach
        return f"the DNS could not be asked for {host} ({error.strerror})"
    return None


def stop_if_offline(send, via: str = "smtp") -> None:
    """Stop a send `via` SMTP, Buttondown or listmonk (`send`: its settings) before anything waits
    on a network that is not there: the doctor's look-ups, then the connection's."""
    if (asked := _host(send, via)) and (silent := unanswered(*asked)):
        raise NewsletterError(
            f"No network, it seems: {silent}. Nothing was sent; send again once you are online "
            "(`newsletter doctor --offline` checks the edition meanwhile)."
        )


def _host(send, via: str) -> tuple[str, int] | None:
    """The host and port a send `via` connects to first; None for another service (a plugin's),
    or an address that is none (the send says so, as before)."""
    if via == "smtp":
        return send.smtp_host, send.smtp_port
    url = {"buttondown": send.buttondown_url, "listmonk": send.listmonk_url}.get(via) or ""
    try:
        parts = urlsplit(url.strip())
        if parts.hostname and (proxy := urllib.request.getproxies().get(parts.scheme)):
            if not urllib.request.proxy_bypass(parts.hostname):  # (NO_PROXY)
                parts = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:  # (a port that is no number)
        return None
    return (parts.hostname, port) if parts.hostname else None
