"""A real DNS server on 127.0.0.1 (dnslib) answering TXT records from a dict, for the doctor's
SPF/DKIM/DMARC lookups and for dkimpy's verification of what was sent.

    with DnsServer({"example.com": ["v=spf1 -all"]}) as dns:
        dns.address          # "127.0.0.1:PORT", for [send] dns_server or a nameserver parameter
        dns.records[...] = [...]   # change an answer between lookups

`Silent()` is a UDP socket that never answers: a DNS server that times out.
"""

from __future__ import annotations

import base64
import shutil
import socket
import subprocess
from pathlib import Path

from dnslib import QTYPE, RCODE, RR, TXT
from dnslib.server import BaseResolver, DNSLogger, DNSServer

SPF = "v=spf1 ip4:127.0.0.1 -all"
DMARC = "v=DMARC1; p=none; rua=mailto:dmarc@example.com"


def records_of(domain: str = "example.com") -> dict[str, list[str]]:
    """A From domain set up right, but for its DKIM key (see `dkim_record`)."""
    return {domain: [SPF, "google-site-verification=abc"], f"_dmarc.{domain}": [DMARC]}


class _Zone(BaseResolver):
    def __init__(self, records: dict[str, list[str]]):
        self.records = records
        self.asked: list[str] = []

    def resolve(self, request, handler):
        reply = request.reply()
        name = str(request.q.qname).rstrip(".").lower()
        self.asked.append(name)
        if name not in self.records:
            reply.header.rcode = RCODE.NXDOMAIN
        elif request.q.qtype == QTYPE.TXT:
            for text in self.records[name]:
                data = text.encode()
                chunks = [data[i : i + 255] for i in range(0, len(data), 255)] or [b""]
                reply.add_answer(RR(request.q.qname, QTYPE.TXT, rdata=TXT(chunks), ttl=60))
        return reply


class DnsServer:
    def __init__(self, records: dict[str, list[str]] | None = None):
        self.zone = _Zone(records if records is not None else records_of())
        quiet = DNSLogger("-request,-reply,-truncated,-error,-recv,-send,-data")
        self.server = DNSServer(self.zone, port=0, address="127.0.0.1", logger=quiet)

    @property
    def records(self) -> dict[str, list[str]]:
        return self.zone.records

    @property
    def asked(self) -> list[str]:
        return self.zone.asked

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.server.server.server_address[1]}"

    def __enter__(self) -> DnsServer:
        self.server.start_thread()
        return self

    def __exit__(self, *exc) -> None:
        self.server.stop()
        self.server.server.server_close()


class Silent:
    """A UDP port that takes queries and never answers."""

    def __enter__(self) -> str:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        return f"127.0.0.1:{self.sock.getsockname()[1]}"

    def __exit__(self, *exc) -> None:
        self.sock.close()


def rsa_key(folder: Path, bits: int = 2048) -> tuple[Path, str] | None:
    """A new RSA private key (PEM file) and its public half as a DKIM record, by openssl."""
    if not shutil.which("openssl"):
        return None
    key = folder / "dkim.pem"
    subprocess.run(["openssl", "genrsa", "-out", str(key), str(bits)], check=True, capture_output=True)
    der = subprocess.run(
        ["openssl", "rsa", "-in", str(key), "-pubout", "-outform", "DER"], check=True, capture_output=True
    ).stdout
    return key, f"v=DKIM1; k=rsa; p={base64.b64encode(der).decode()}"
