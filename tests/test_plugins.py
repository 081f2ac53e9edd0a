"""A third-party plugin joins the registries exactly as the built-ins do: through entry points.

The plugin is the README's example ("Writing a plugin"): a module and a
`*.dist-info/entry_points.txt` in a temporary folder put on PYTHONPATH, which is all an
installed package amounts to for importlib.metadata: no build step, no network. It adds a
provider and a delivery service; a real build and a real send, each in its own process, use them.
"""

import json
import os
import re
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text()
SECTION = README[README.index("## Writing a plugin") :]
# The plugin is the README's example, word for word, so the example is known to work.
PLUGIN = re.search(r"```python\n(.*?)```", SECTION, re.S).group(1)
GROUPS = tomllib.loads(re.search(r"```toml\n(.*?)```", SECTION, re.S).group(1))["project"]["entry-points"]
ENTRY_POINTS = "".join(
    f"[{group}]\n" + "".join(f"{name} = {target}\n" for name, target in names.items())
    for group, names in GROUPS.items()
)


@pytest.fixture
def plugin_path(tmp_path):
    folder = tmp_path / "plugins"
    info = folder / "newsletter_demo_plugin-0.1.dist-info"
    info.mkdir(parents=True)
    (folder / "newsletter_demo_plugin.py").write_text(textwrap.dedent(PLUGIN))
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: newsletter-demo-plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(ENTRY_POINTS)
    return folder


def newsletter(workspace, plugin_path, *args):
    env = {**os.environ, "PYTHONPATH": str(plugin_path)}
    return subprocess.run(
        [sys.executable, "-m", "newsletter", "-w", str(workspace), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_a_plugin_adds_a_provider_and_a_delivery_service(example_workspace, plugin_path):
    entry = example_workspace / "entries/2021/02/demo.md"
    entry.write_text("---\ntype: article\nurl: https://demo.example/post\ndate: 2021-02-12\n---\nA demo.\n")

    built = newsletter(example_workspace, plugin_path, "build", "2021-02", "--json")
    assert built.returncode == 0, built.stderr
    # The provider answered without the network: its title and author are in every output.
    failed = [f["url"] for f in json.loads(built.stdout)["editions"][0]["failed_links"]]
    assert "https://demo.example/post" not in failed
    text = (example_workspace / "dist/2021-02/newsletter.txt").read_text()
    assert "Told by the demo provider" in text and "Demo\u00a0Author" in text  # a short fact: unbroken

    dry = newsletter(example_workspace, plugin_path, "send", "2021-02", "--via", "pigeon")
    assert dry.returncode == 0, dry.stderr
    assert "Would send 2021-02 via pigeon:" in dry.stdout and "the pigeon loft" in dry.stdout

    # (--force: the example log's 2022-04 makes 2021-02 an old edition, which --yes alone refuses)
    sent = newsletter(example_workspace, plugin_path, "send", "2021-02", "--via", "pigeon", "--yes", "--force")
    assert sent.returncode == 0, sent.stderr
    assert "Sent 2021-02 by pigeon." in sent.stderr + sent.stdout
    assert (example_workspace / "carried.txt").read_text() == "Data Science Programming February 2021 Newsletter"

    again = newsletter(example_workspace, plugin_path, "send", "2021-02", "--via", "pigeon", "--yes")
    # the ledger holds for plugins; nothing to do is exit status 3 (new user 47's cron told it from a failure)
    assert again.returncode == 3 and "already sent via pigeon" in again.stderr


def test_without_the_plugin_its_names_are_unknown(example_workspace, tmp_path):
    result = newsletter(example_workspace, tmp_path, "send", "2021-02", "--via", "pigeon")
    assert result.returncode == 1
    assert "Unknown delivery 'pigeon'; use --via buttondown, listmonk, smtp" in result.stderr


def _package(folder: Path, name: str, entry_points: str) -> None:
    info = folder / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(entry_points)


def _providers(folder: Path) -> subprocess.CompletedProcess:
    code = (
        "from newsletter import plugins\n"
        "from newsletter.errors import NewsletterError\n"
        "try:\n    print(sorted(plugins.registered(plugins.PROVIDERS)))\n"
        "except NewsletterError as error:\n    print(error)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(folder)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)


def test_another_packages_malformed_entry_points_do_not_stop_the_registry(tmp_path):
    """A cold build reads the registry before its first request: every installed package's
    entry_points.txt was read and parsed, and one malformed line anywhere (here a console
    script without "=") stopped the build with a TypeError's traceback. Only the packages that
    list plugins of the group are read now; one of those that is malformed is named."""
    _package(tmp_path / "unrelated", "broken_tool", "[console_scripts]\nbroken-tool\n")
    done = _providers(tmp_path / "unrelated")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert "'youtube'" in done.stdout and "'arxiv'" in done.stdout

    _package(tmp_path / "ours", "broken_plugin", "[newsletter.providers]\nbroken-plugin\n")
    done = _providers(tmp_path / "ours")
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert "The package 'broken_plugin' lists plugins for newsletter.providers" in done.stdout
    assert "reinstall or uninstall it" in done.stdout


def test_the_registry_reads_the_entry_points_importlib_metadata_gives(tmp_path):
    """The registry reads only the packages that list its group, and must still find what
    importlib.metadata.entry_points(group=…) finds. A package installed twice (a user site and
    a venv, an old copy left behind) counts once, as its first copy on the path, the one that is
    imported: an upgrade that dropped a provider had the old copy's provider loaded, from a
    module the imported copy no longer has. Two packages whose METADATA has no Name are two."""
    _package(tmp_path / "upgraded", "plug", "[console_scripts]\nplug = plug:main\n")
    _package(tmp_path / "left-behind", "plug", "[newsletter.providers]\nold = plug.old:Provider\n")
    for name in ("nameless", "anonymous"):
        _package(tmp_path / "left-behind", name, f"[newsletter.providers]\n{name} = {name}:Provider\n")
        metadata = tmp_path / "left-behind" / f"{name}-1.0.dist-info" / "METADATA"
        metadata.write_text("Metadata-Version: 2.1\nVersion: 1.0\n")
    code = (
        "from importlib.metadata import entry_points\n"
        "from newsletter import plugins\n"
        "group = plugins.PROVIDERS\n"
        "print([(p.name, p.value) for p in plugins.entry_points(group)])\n"
        "print([(p.name, p.value) for p in entry_points(group=group)])\n"
    )
    path = os.pathsep.join(str(tmp_path / folder) for folder in ("upgraded", "left-behind"))
    env = {**os.environ, "PYTHONPATH": path}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    ours, importlibs = done.stdout.splitlines()
    assert ours == importlibs and "nameless" in ours and "anonymous" in ours and "plug.old" not in ours


NAIVE_PLUGIN = """
import json
from newsletter.models import Metadata

def matches(url):
    return "/naive/" in url

async def fetch(fetcher, url):  # trusts the service's answer to be shaped as documented
    answer = json.loads((await fetcher.get(url, head_only=False)).body)
    return Metadata(title=answer["title"]["text"], site_name="Naive")

def needs_page(meta):
    return False
"""


def test_a_plugin_adapter_that_breaks_on_an_answer_fails_that_link_not_the_build(example_workspace, tmp_path, server):
    """A provider's bug on an answer it did not foresee (here a plugin's; in attack 36 our own GitHub
    adapter's, on "license": "MIT") was a traceback that ended the whole build: it fails its link,
    named with the kind of error, and the edition is built from what the entries say."""
    server.expect_request("/naive/post").respond_with_json({"title": "text where an object was documented"})
    folder = tmp_path / "plugins"
    _package(folder, "newsletter_naive_plugin", "[newsletter.providers]\nnaive = newsletter_naive_plugin\n")
    (folder / "newsletter_naive_plugin.py").write_text(NAIVE_PLUGIN)
    settings = example_workspace / "newsletter.toml"
    allowed = settings.read_text().replace("allow_private_addresses = false", "allow_private_addresses = true")
    settings.write_text(allowed)
    link = server.url_for("/naive/post").replace("localhost", "127.0.0.1")
    entry = example_workspace / "entries/2021/02/naive.md"
    entry.write_text(f"---\ntype: article\nurl: {link}\ndate: 2021-02-12\ntitle: Kept\n---\nA note.\n")

    built = newsletter(example_workspace, folder, "build", "2021-02", "--json")
    assert built.returncode == 0, built.stderr
    failed = {f["url"]: f["reason"] for f in json.loads(built.stdout)["editions"][0]["failed_links"]}
    assert failed[link] == "its answer could not be read (TypeError): a bug to report"
    assert "Traceback" not in built.stderr
    assert "Kept" in (example_workspace / "dist/2021-02/newsletter.txt").read_text()
