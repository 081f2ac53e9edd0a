"""The suite leaves the developer's own folders alone: what a build keeps outside its workspace
(the key that signs compiled templates and parsed notes, formats/own_key.py) goes to the suite's
cache folder, not to ~/.cache/newsletter, where it would sign with the developer's key, or make
one for them."""

import os
from pathlib import Path

from click.testing import CliRunner

from newsletter.cli import main
from newsletter.formats import own_key


def test_a_build_in_the_suite_keeps_its_key_in_the_suites_cache_folder(example_workspace, monkeypatch):
    suites = Path(os.environ["XDG_CACHE_HOME"])
    assert not suites.is_relative_to(Path.home() / ".cache")
    monkeypatch.setattr(own_key, "_keys", {})  # looked for again, as by a new process
    result = CliRunner().invoke(main, ["build", "2021-02", "--offline", "--force", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    assert (suites / "newsletter" / own_key.KEY_FILE).is_file()
