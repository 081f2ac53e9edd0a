"""The keys of the notes cache follow the libraries that parse the notes, however they are
installed: an upgrade changes them, a run that changed nothing does not."""

import compileall
import importlib.util
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

# Where each library states its version, and its major version there (an upgrade's change)
LIBRARIES = {"markdown": "__meta__.py", "pymdownx": "__meta__.py", "markdown_it": "__init__.py"}
_VERSION = re.compile(r"^(__version(?:_info)?__ = \D*)(\d+)", re.M)
KEYS = (
    "import hashlib, sys\n"
    "from newsletter.formats import notes, post_notes\n"
    "print(hashlib.sha256(notes._SALT).hexdigest(), post_notes._code(), 'markdown' in sys.modules)\n"
)


def _installed(folder: Path, *, upgraded: bool, form: str) -> Path:
    """The three libraries copied into `folder` as a zip (a zipapp's) or as bytecode without
    source (a frozen build's), each a major version on when `upgraded`."""
    copies = folder / "site"
    for name, version_file in LIBRARIES.items():
        source = Path(importlib.util.find_spec(name).submodule_search_locations[0])
        shutil.copytree(source, copies / name, ignore=shutil.ignore_patterns("__pycache__"))
        if upgraded:
            stated = copies / name / version_file
            text, bumped = re.subn(_VERSION, lambda m: m[1] + str(int(m[2]) + 1), stated.read_text(), count=1)
            assert bumped, stated
            stated.write_text(text)
    if form == "sourceless":
        compileall.compile_dir(copies, quiet=1, legacy=True)
        for path in copies.rglob("*.py"):
            path.unlink()
        return copies
    archive = folder / "site.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for path in sorted(copies.rglob("*.py")):
            zipped.write(path, path.relative_to(copies).as_posix())
    return archive


def _keys(libraries: Path) -> tuple[str, str, str]:
    done = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(libraries)!r})\n" + KEYS],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    salt, post_code, loaded = done.stdout.split()
    return salt, post_code, loaded


@pytest.mark.parametrize("form", ["zip", "sourceless"])
def test_an_upgrade_of_the_note_libraries_changes_the_keys_however_they_are_installed(tmp_path, form):
    """In a zipped or frozen install the version files could not be read as files, and the key
    took their location instead: an upgrade in place kept every note parsed by the old version."""
    before = _keys(_installed(tmp_path / "before", upgraded=False, form=form))
    (tmp_path / "before").rename(tmp_path / "moved")
    after = _keys(_installed(tmp_path / "before", upgraded=True, form=form))
    assert before[0] != after[0] and before[1] != after[1]


@pytest.mark.parametrize("form", ["zip", "sourceless"])
def test_the_same_libraries_elsewhere_give_the_same_keys(tmp_path, form):
    """A frozen one-file build unpacks into a new folder at each run: a key made of the
    location emptied the notes cache on every run. A zip is read without importing Markdown."""
    here = _keys(_installed(tmp_path / "one", upgraded=False, form=form))
    there = _keys(_installed(tmp_path / "two", upgraded=False, form=form))
    assert here == there
    assert here[2] == ("False" if form == "zip" else "True")  # without source, only the library says its version
