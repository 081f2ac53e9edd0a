"""Whether an address in an email points into the network of whoever opens it.

A picture in an email is fetched by each reader's mail app, from where that reader sits: a
page's og:image at https://192.168.1.1/cgi-bin/… or https://printer.local/… is a request every
reader's app sends to their own router or printer as the edition is opened (Apple Mail,
Thunderbird and Outlook fetch pictures themselves; only some webmail goes through a proxy).
No picture meant for a list of readers lives there, so such an address is never shown.

The host is read as a browser reads it (the WHATWG URL standard), not as urllib does: slashes and
backslashes after `https://` are skipped, percent escapes and full-width letters and dots are
decoded, and a host ending in a number is an IPv4 address in any of the forms browsers take
(`2130706433`, `0x7f.1`, `0177.0.0.1`: all 127.0.0.1). Names are judged by the suffixes set
aside for local networks (RFC 6761 `localhost`, RFC 6762 `.local`, RFC 8375 `home.arpa`, ICANN's
`.internal`) and those routers and companies use that ICANN will never delegate; a name without a
dot is looked up in the reader's own search domains.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import unquote

_AUTHORITY = re.compile(r"[a-z][a-z0-9+.-]*:[/\\]*([^/\\?#]*)", re.IGNORECASE)
_LOCAL_SUFFIXES = ("localhost", "local", "home.arpa", "internal", "lan", "localdomain", "home", "corp", "intranet")
_LOCAL_ENDINGS = tuple("." + suffix for suffix in _LOCAL_SUFFIXES)
_NUMBER = re.compile(r"[0-9]+|0x[0-9a-f]*")
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})  # IDNA's other full stops


def points_inward(url: str) -> bool:
    """Whether `url` (absolute) leads a reader's app into the reader's own network, carries a
    user name and password (which browsers refuse to send for a picture), or names no host."""
    found = _AUTHORITY.match(url)
    authority = found.group(1) if found else ""
    if "@" in authority:
        return True
    if authority.startswith("["):
        host = authority[1:].partition("]")[0]
    else:
        host = authority.rpartition(":")[0] if ":" in authority else authority
    host = unicodedata.normalize("NFKC", unquote(host)).translate(_DOTS).lower().rstrip(".")
    if not host:
        return True
    if ":" in host:  # a bracketed IPv6 literal (an IPv4 address in it counts as itself)
        try:
            return not is_public_address(str(ipaddress.IPv6Address(host.partition("%")[0])))
        except ValueError:
            return True  # no host any reader reaches
    if _NUMBER.fullmatch(host.split(".")[-1]):  # a host ending in a number is an IPv4 address
        address = _ipv4(host)
        return address is None or not is_public_address(str(address))  # (or none, which no browser loads)
    return "." not in host or host in _LOCAL_SUFFIXES or host.endswith(_LOCAL_ENDINGS)


def unwrapped(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """The IP address, with an IPv4 address wrapped in IPv6 (mapped, 6to4, NAT64) as itself."""
    ip = ipaddress.ip_address(address)
    if ip.version == 6:
        nat64 = ip in ipaddress.ip_network("64:ff9b::/96")
        ip = ip.ipv4_mapped or ip.sixtofour or (ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF) if nat64 else ip)
    return ip


def is_public_address(address: str) -> bool:
    """Whether an IP address is on the public internet (not private, loopback, link-local...): the
    fetcher's rule for a link's host (links/addresses.py) and this module's for a picture's."""
    ip = unwrapped(address)
    return ip.is_global and not (
        ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or ip.is_loopback
        or ip.is_link_local
        or getattr(ip, "is_site_local", False)
    )


def _ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The address a browser reads in a host ending in a number (one to four parts, each
    decimal, 0x hex or 0-led octal, the last filling the bytes left), or None if it is none."""
    parts = host.split(".")
    if len(parts) > 4:
        return None
    numbers = []
    for part in parts:
        if not _NUMBER.fullmatch(part):
            return None
        base = 16 if part.startswith("0x") else 8 if len(part) > 1 and part.startswith("0") else 10
        digits = part[2:] if base == 16 else part
        try:
            numbers.append(int(digits or "0", base))
        except ValueError:  # "09": not octal, and no address for a browser either
            return None
    *leading, last = numbers
    if any(number > 255 for number in leading) or last >= 256 ** (5 - len(numbers)):
        return None
    value = sum(number << (8 * (3 - at)) for at, number in enumerate(leading)) + last
    return ipaddress.IPv4Address(value)
