import shutil
from pathlib import Path

import pytest

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
