import shutil
import threading
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

REPO = Path(__file__).resolve().parent.parent


def pytest_addoption(parser):
    parser.addoption("--regen-golden", action="store_true",
                     help="Rewrite tests/golden/ from the current output instead of comparing.")


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
    return root


@pytest.fixture(autouse=True)
def no_proxy_settings(monkeypatch):
    """A proxy set on the machine running the tests must not catch requests to the test servers."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.fixture(scope="module")
def threaded_server():
    """A local HTTP server, threaded so a handler that stalls on purpose does not stall the next."""
    server = HTTPServer(threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


@pytest.fixture
def release():
    """Set at teardown, so handlers that stall on purpose end with their test."""
    event = threading.Event()
    yield event
    event.set()
