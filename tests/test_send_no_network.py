"""A send where the system's DNS takes every query and answers none: a train's hotspot whose
network has gone (new user 54). Run for real: the command in a network namespace of its own,
whose resolv.conf names a DNS server on 127.0.0.1 that never answers."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fake_services import PERIOD, workspace

SILENT_DNS = """\
import socket, sys
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
udp.bind(("127.0.0.1", 53))
tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
tcp.bind(("127.0.0.1", 53))
tcp.listen(50)
open(sys.argv[1], "w").close()
while True:
    udp.recvfrom(4096)
"""

# lo up, the namespace's own resolv.conf, the silent server, then the command
CONTAINED = """\
ip link set lo up
mount --bind "$1/resolv.conf" /etc/resolv.conf
"$2" "$1/silent.py" "$1/ready" & server=$!
while [ ! -e "$1/ready" ]; do sleep 0.05; done
shift 2
"$@"; status=$?
kill $server
exit $status
"""


def _contained() -> bool:
    if not (shutil.which("unshare") and shutil.which("ip")):
        return False
    return subprocess.run(["unshare", "-rnm", "ip", "link", "set", "lo", "up"], capture_output=True).returncode == 0


@pytest.mark.skipif(
    not _contained(), reason="needs Linux's unshare, allowed to make a network and mount namespace, and ip"
)
def test_a_send_with_the_dns_silent_stops_at_its_first_lookup_and_says_the_network(tmp_path):
    """`send --test` waited for the doctor's DNS look-up of the From domain (5 s), then for
    smtplib's of the SMTP host (10 s, glibc asking twice), and said "Could not connect to
    smtp.example.com:587 (gaierror: Temporary failure in name resolution); check smtp_host and
    smtp_port in [send]": 16 s, to blame the settings. The host is looked up first, once: no
    answer, and the send stops there, saying the network, with no doctor look-up after it."""
    root = workspace(tmp_path / "log", 'smtp_host = "smtp.example.com"\n')
    here = tmp_path / "ns"
    here.mkdir()
    (here / "silent.py").write_text(SILENT_DNS)
    (here / "resolv.conf").write_text("nameserver 127.0.0.1\n")
    newsletter = [sys.executable, "-m", "newsletter", "send", PERIOD, "--test", "-w", str(root)]
    command = ["unshare", "-rnm", "sh", "-c", CONTAINED, "sh", str(here), sys.executable, *newsletter]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=Path(__file__).parent.parent)
    assert done.returncode == 1, done.stderr
    assert done.stderr == (
        "Error: No network, it seems: the DNS gave no answer for smtp.example.com in 5 s. Nothing was sent; "
        "send again once you are online (`newsletter doctor --offline` checks the edition meanwhile).\n"
    )
    assert not (root / "dist" / PERIOD / "sent.eml").exists()


SERVICES = {
    "buttondown": (
        'via = "buttondown"\nbuttondown_url = "https://api.buttondown.example/v1"\n',
        "api.buttondown.example",
    ),
    "listmonk": (
        'via = "listmonk"\nlistmonk_url = "https://lists.example.org"\nlistmonk_list_ids = [1]\n',
        "lists.example.org",
    ),
}


@pytest.mark.skipif(
    not _contained(), reason="needs Linux's unshare, allowed to make a network and mount namespace, and ip"
)
@pytest.mark.parametrize("via", SERVICES)
def test_a_send_through_a_list_service_with_the_dns_silent_stops_at_its_first_lookup(tmp_path, via):
    """The SMTP send stopped at its first look-up with the DNS silent (7275e491), but a send
    through Buttondown or listmonk still waited the doctor's look-up and httpx's getaddrinfo (10 s,
    glibc asking twice) to fail on the network: the service's host is looked up first, once, too."""
    settings, host = SERVICES[via]
    root = workspace(tmp_path / "log", settings)
    here = tmp_path / "ns"
    here.mkdir()
    (here / "silent.py").write_text(SILENT_DNS)
    (here / "resolv.conf").write_text("nameserver 127.0.0.1\n")
    newsletter = [sys.executable, "-m", "newsletter", "send", PERIOD, "--test", "-w", str(root)]
    command = ["unshare", "-rnm", "sh", "-c", CONTAINED, "sh", str(here), sys.executable, *newsletter]
    keys = {"BUTTONDOWN_API_KEY": "bd-key", "LISTMONK_USERNAME": "api", "LISTMONK_TOKEN": "lm-token"}
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=120, cwd=Path(__file__).parent.parent, env=os.environ | keys
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr == (
        f"Error: No network, it seems: the DNS gave no answer for {host} in 5 s. Nothing was sent; "
        "send again once you are online (`newsletter doctor --offline` checks the edition meanwhile).\n"
    )
