"""The README and the code must not drift apart: commands, quickstart, CI."""

import dataclasses
import re
import shlex
import subprocess
from pathlib import Path

from click.testing import CliRunner

from newsletter.cli import main
from newsletter.config import Send

from helpers import unreachable

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text()


def quickstart() -> list[str]:
    block = re.search(r"## Quickstart.*?```sh\n(.*?)```", README, re.S).group(1)
    return block.strip().splitlines()


def test_every_command_is_in_the_readme_and_nothing_else():
    documented = set(re.findall(r"^\| `newsletter (\w+)", README, re.M))
    assert documented == set(main.commands)


def test_every_address_a_send_goes_to_is_a_setting_the_readme_names():
    """Hanna, trying Buttondown against a local stand-in first, found `listmonk_url` in the README
    and nothing for Buttondown: `buttondown_url` was a setting no page named."""
    addresses = [field.name for field in dataclasses.fields(Send) if field.name.endswith("_url")]
    assert addresses and [name for name in addresses if f"`{name}`" not in README] == []


def test_every_address_the_tool_talks_to_is_a_setting_the_readme_names():
    """The same for every table: a new user (docs 26) trying `import --from readwise` against a
    local stand-in found no word of `readwise_url`, nor of raindrop's, hypothesis's and zotero's,
    and the archive's "base URLs are settings" named none of them (`save_url`...)."""
    import json

    schema = json.loads(CliRunner().invoke(main, ["schema", "settings"]).output)["properties"]
    addresses = [
        f"[{table}] {key}"
        for table, fields in schema.items()
        for key in fields.get("properties", {})
        if key.endswith("_url")
    ]
    assert len(addresses) > 8 and [name for name in addresses if f"`{name.split()[1]}`" not in README] == []


def test_every_command_has_help_with_an_example():
    for name in main.commands:
        result = CliRunner().invoke(main, [name, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.output and f"newsletter {name}" in result.output, name


def test_every_file_of_the_workspace_a_help_example_names_is_in_the_example_workspace():
    """A new user (docs 26) ran `related --help`'s example in this repository, the example
    workspace, and was told `entries/2021/02/jax-talk.md: no such entry file`: the JAX talk is
    entries/2020/07/jax.md. An entry, template or site file an example names is one they can try."""
    examples = {name: command.help.split("Example:", 1)[1] for name, command in main.commands.items()}
    named = {
        (name, path)
        for name, example in examples.items()
        for path in re.findall(r"(?<![\w/~.-])((?:entries|templates|site)/[\w/.-]*\w)", example)
    }
    assert named and [(name, path) for name, path in sorted(named) if not (REPO / path).exists()] == []


def test_sends_first_example_sends_as_a_new_workspace_does(tmp_path):
    """`send --help` showed only `--via buttondown`, though init's workspace sends by SMTP: an
    author copying the example sent through a service she had no account with."""
    from newsletter.config import load

    assert CliRunner().invoke(main, ["init", str(tmp_path / "ws")]).exit_code == 0
    shown = CliRunner().invoke(main, ["send", "--help"]).output
    first = next(line.split() for line in shown.splitlines() if line.strip().startswith("newsletter send"))
    assert first[first.index("--via") + 1] == load(tmp_path / "ws").send.via == "smtp"


def test_quickstart_has_two_commands_install_and_build_then_install_and_test():
    build, test = quickstart()
    assert build == "python3 -m venv .venv && .venv/bin/pip install -e . && .venv/bin/newsletter build 2021-02"
    assert test == "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest -n auto"


def test_ci_runs_the_readme_test_command_word_for_word():
    picked = subprocess.run(
        ["grep", "-m1", "-E", "^python3 -m venv .+/pytest", "README.md"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    assert picked == quickstart()[1]
    ci = (REPO / ".ci/run").read_text()
    assert 'bash -c "$README_TEST_COMMAND"' in ci
    lint = ci.index("ruff check newsletter tests bench"), ci.index("ruff format --check newsletter tests bench")
    assert max(lint) < ci.index('bash -c "$README_TEST_COMMAND"')  # style fails first


def test_the_quickstart_build_works_without_the_internet(example_workspace, monkeypatch):
    monkeypatch.chdir(example_workspace)
    monkeypatch.setattr("newsletter.links.fetch.Fetcher.get", unreachable)
    args = shlex.split(quickstart()[0].split(".venv/bin/newsletter ", 1)[1])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert (example_workspace / "dist/2021-02/newsletter.eml").is_file()
    assert "8 links could not be fetched" in result.stderr


def test_the_quickstart_says_how_to_start_ones_own_log_and_those_commands_work(tmp_path, monkeypatch):
    """Kofi read the Quickstart, built the example edition, and found no word of how to begin
    his own log: `init` was first named halfway down, in a paragraph on editors."""
    section = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    assert len(blocks) == 2, "the Quickstart's second block: init, then build, of one's own log"
    block = blocks[1]
    init, build = (shlex.split(line.split(".venv/bin/newsletter ", 1)[1]) for line in block.strip().splitlines())
    assert init[:2] == ["init", "~/reading"] and build == ["build", "-w", "~/reading"]
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr("newsletter.links.fetch.Fetcher.get", unreachable)
    made = CliRunner().invoke(main, [str(tmp_path / "reading") if a == "~/reading" else a for a in init])
    assert made.exit_code == 0, made.output
    built = CliRunner().invoke(main, [str(tmp_path / "reading") if a == "~/reading" else a for a in build])
    assert built.exit_code == 0, built.output
    assert list((tmp_path / "reading" / "site" / "content" / "posts").glob("*/index.md"))


def test_the_readme_entry_example_is_a_valid_entry(tmp_path):
    from newsletter.read import parse_entry

    example = re.search(r"## Entries.*?```markdown\n(.*?)```", README, re.S).group(1)
    entry, warnings = parse_entry(tmp_path / "x.md", example)
    assert warnings == [] and entry.type == "talk" and entry.draft is True


def test_the_readme_entry_example_uses_only_keys_its_type_shows():
    """Kai (new user 48) copied the example talk and changed it: its `episode: 359`, a podcast's
    key, came out as "Folge 359" under a talk in his email."""
    from newsletter.models import Entry

    example = re.search(r"## Entries.*?```markdown\n(.*?)```", README, re.S).group(1)
    kind = re.search(r"^type: (\w+)", example, re.M).group(1)
    keys = set(re.findall(r"^(\w+):", example, re.M))
    another_types = {key for fields in Entry.type_fields.values() for key in fields} - set(Entry.type_fields[kind])
    assert keys & another_types == set()


def test_help_is_instant_because_the_core_is_not_imported():
    code = (
        "import sys\nfrom newsletter.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print([m for m in ('httpx', 'selectolax', 'jinja2', 'mrml', 'markdown', 'dns', 'dkim', 'numpy', "
        "'matplotlib') if m in sys.modules])"
    )
    out = subprocess.run([__import__("sys").executable, "-c", code], capture_output=True, text=True).stdout
    assert "  build " in out and "  send " in out  # the help was printed, every command listed
    assert out.splitlines()[-1] == "[]"  # ... without importing the core


def test_every_package_and_module_on_the_readme_map_exists():
    section = README[README.index("## Architecture") : README.index("\n## ", README.index("## Architecture") + 1)]
    block = re.search(r"```\nnewsletter/\n(.*?)```", section, re.S).group(1)
    named, package = [], ""
    for line in block.splitlines():
        words = line.split()
        if not line.startswith("   "):  # a row: its first word is a path under newsletter/
            package = words[0] if words[0].endswith("/") else ""
            named.append(words[0])
            words = words[1:]
        named += [package + word for word in (w.strip(",.;:()") for w in words) if re.fullmatch(r"\w+(\.py|/)", word)]
    missing = [name for name in named if not (REPO / "newsletter" / name).exists()]
    assert len(named) > 30 and missing == []
    packages = {f"{p.parent.relative_to(REPO / 'newsletter')}/" for p in (REPO / "newsletter").glob("*/__init__.py")}
    assert packages <= set(named)  # and every package is on the map
    # and every module at the top, where a newcomer looks first: review 33 found seven of its
    # seventeen (errors.py, workspace.py, fields.py...) named nowhere on it
    top = {p.name for p in (REPO / "newsletter").glob("*.py")} - {"__init__.py", "__main__.py"}
    assert sorted(top - set(named)) == []
    # and every command's module (its docstring begins `newsletter NAME`): index.py, search.py,
    # sections.py and quotes.py, the local model's, were not on it
    commands = REPO / "newsletter" / "commands"
    own = {f"commands/{p.name}" for p in commands.glob("*.py") if p.read_text().startswith('"""`newsletter ')}
    assert len(own) >= 15 and sorted(own - set(named)) == []


# What the README says of each reason `send` refuses an edition (delivery/readiness.concerns).
REFUSALS = {
    "sender": "without a From address",
    "unsubscribe_link": "without an unsubscribe link",
    "list_unsubscribe": "without an unsubscribe link",  # SMTP's header: the same setting fills both
    "placeholder_site": "`init`'s placeholder site address",
    "placeholder_signoff": '`init`\'s sign-off "Me"',
    "list_address": "without a To address for an SMTP list send",
    "unsubscribe_placeholder": "one without `{email}`",
    "entry_concerns": "`init`'s sample entry, a note's placeholder text",
}


def test_every_reason_send_refuses_an_edition_is_in_the_readme():
    """A new user (docs 25) filled in what the README's list of refusals named, and `check` and
    `send --yes` still refused: the email linked to init's placeholder site address, a reason
    readiness had gained and the list had not."""
    import inspect

    from newsletter.delivery import readiness

    called = set(re.findall(r"\b(\w+)\(", inspect.getsource(readiness.concerns)))
    reasons = {name for name in called if inspect.getmodule(getattr(readiness, name, None)) is readiness}
    assert reasons - {"concerns"} == set(REFUSALS)
    listed = " ".join(re.search(r"`send` refuses an edition (.*?); `check` reports the same", README, re.S)[1].split())
    assert [phrase for phrase in REFUSALS.values() if phrase not in listed] == []


def test_every_option_of_a_command_is_in_its_row_of_the_readme():
    """A new user (docs 25) typed what `--help` offered and the README's table of commands did
    not: `build --json` and `--jobs`, `list --json`, `preview --port`, `new --date`... ten
    commands had options their row never named."""
    unnamed = {}
    for name, command in main.commands.items():
        row = re.search(rf"^\| `newsletter {name}\b.*$", README, re.M)[0]
        options = [
            [o for o in p.opts + p.secondary_opts if o.startswith("--")]
            for p in command.params
            if p.name != "workspace"
        ]  # -w: below the table
        named = [option for option in options if any(re.search(rf"`[^`]*{o}\b", row) for o in option)]
        unnamed[name] = [option[0] for option in options if option and option not in named]
    assert {name: options for name, options in unnamed.items() if options} == {}


def test_every_file_a_build_writes_in_dist_is_on_the_workspace_map(example_workspace, monkeypatch):
    """A new user (docs 25) built the Quickstart's edition and found build.json and post.json in
    dist/2021-02/ beside the three files the README's map of the workspace named."""
    monkeypatch.chdir(example_workspace)
    monkeypatch.setattr("newsletter.links.fetch.Fetcher.get", unreachable)
    assert CliRunner().invoke(main, ["build", "2021-02"]).exit_code == 0
    tree = re.search(r"## The workspace\n\n```\n(.*?)```", README, re.S)[1]
    row = tree.split("\ndist/YYYY-MM/", 1)[1].split("\n.newsletter/", 1)[0]
    written = sorted(p.name for p in (example_workspace / "dist/2021-02").iterdir())
    assert len(written) >= 5
    named = {word.strip(",;()") for word in row.split()}  # newsletter.html, .txt, .eml; build.json...
    assert [name for name in written if not {name, name.removeprefix("newsletter")} & named] == []


def test_every_command_the_readme_shows_takes_the_options_it_is_shown_with():
    """Each `newsletter …` the README shows, in a code block or a sentence, is parsed by that
    command (docs 25 typed them all): an option renamed or removed, or one the README misspells,
    fails here. A value a placeholder stands for (TYPE, ~/reading) is not checked."""
    shown = set(re.findall(r"`(?:\.venv/bin/)?(newsletter [^`]+)`", README))
    for block in re.findall(r"```sh\n(.*?)```", README, re.S):
        for line in block.splitlines():  # "newsletter send …  # a comment", ".venv/bin/pip … && .venv/bin/newsletter …"
            shown |= {
                part.split("newsletter ", 1)[1] for part in line.split("#")[0].split("&&") if "newsletter " in part
            }
    refused = [(text, said) for text in shown if (said := refusal(text)) is not None]
    assert len(shown) > 40 and refused == []


def refusal(text: str) -> str | None:
    """What the shell's `newsletter` says of `text` when it cannot parse it, or None: its own options
    first (`-w DIR`, `--version`), then the command's; `--help` parses anywhere."""
    args = shlex.split(text.removeprefix("newsletter "))
    own = {option: p for p in main.params for option in p.opts + p.secondary_opts}
    at = 0  # the command's name follows the tool's own options
    while at < len(args) and args[at].startswith("-"):
        word = args[at]
        at += 2 if word in own and not own[word].is_flag else 1  # (-w DIR; --workspace=DIR is one word)
    if said := _parsed(main, "newsletter", args[: at + 1]):
        return said
    if at >= len(args):
        return None if "--version" in args or "--help" in args else "no command"
    command = main.commands.get(args[at])
    return _parsed(command, args[at], args[at + 1 :]) if command else f"no command {args[at]!r}"


def _parsed(command, name: str, args: list[str]) -> str | None:
    import click

    try:
        command.make_context(name, args)
    except click.exceptions.Exit:
        pass  # --help or --version, printed
    except (click.MissingParameter, click.BadParameter):
        pass  # "newsletter new" named alone, a folder the reader makes (~/reading)
    except click.UsageError as error:
        return str(error)
    return None


def test_a_command_the_readme_may_show_is_parsed_as_the_shell_parses_it(capsys):
    """`newsletter -w ~/reading build` and `newsletter send --help` are commands a README shows (its
    text says every command takes -w DIR, and --help has an example); review 26 found the check
    above refusing the first (no command '-w') and ending in click's Exit at the second."""
    assert refusal("newsletter -w ~/reading build 2021-02 --offline") is None
    assert refusal("newsletter --workspace=~/reading list") is None
    assert refusal("newsletter --version") is None
    assert refusal("newsletter send --help") is None
    assert refusal("newsletter build --tset") is not None  # a misspelled option
    assert refusal("newsletter -w ~/reading build --tset") is not None  # after a placeholder folder
    assert refusal("newsletter -w ~/reading biuld") is not None  # and command
    assert refusal("newsletter --wrokspace ~/reading build") is not None


def test_every_setting_the_readme_names_in_its_table_is_one():
    """`port` in `[capture]`, `[smart] previously`: each setting the README names with its table
    is a key of that table in the settings schema (docs 25 checked them all by hand)."""
    import json

    schema = json.loads(CliRunner().invoke(main, ["schema", "settings"]).output)["properties"]
    named = {(t, k) for k, t in re.findall(r"`(\w+)(?: = [^`]*)?` in `\[(\w+)\]`", README)}
    named |= set(re.findall(r"`\[(\w+)\] (\w+)(?: = [^`]*)?`", README))
    unknown = [f"[{t}] {k}" for t, k in sorted(named) if k not in schema.get(t, {}).get("properties", {})]
    assert len(named) > 15 and unknown == []


# Words in the package's prose that look like `module.name` and are not: a template's variable
# (entry.url), a JSON path (message.title), a TOML table ([permalinks.target]), a setting's path,
# the entry-point groups; and the ends of files' and hosts' names (plurals.xml, github.com).
NOT_A_MODULES_NAME = {
    "entry.url",
    "entry.link_url",
    "message.title",
    "permalinks.target",
    "wording.et_al",
    "http.server",
}
NOT_A_MODULES_NAME |= {"newsletter.providers", "newsletter.deliveries"}
SUFFIXES = {"py", "md", "toml", "json", "xml", "com", "org", "example"}


def test_every_module_name_the_comments_give_is_defined_there():
    """A comment or docstring that says where something is (`own_key.sealed`, `smart/tags.log_tags`)
    is followed by a reader; review 33 found the notes cache's salt naming kept_code.sealed, which
    moved to own_key.py with the signing, and importers.entry_parts, which that package does not
    export. Each `module.name` whose module is one of ours names something that module defines."""
    import ast
    import io
    import tokenize
    from collections import defaultdict

    package = REPO / "newsletter"
    modules = defaultdict(list)
    for path in package.rglob("*.py"):
        modules[path.parent.name if path.name == "__init__.py" else path.stem].append(path)

    def defines(path: Path) -> set[str]:
        tree = ast.parse(path.read_text())
        names = {
            alias.asname or alias.name.partition(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom))
            for alias in node.names
        }
        names |= {
            node.name
            for node in ast.walk(tree)
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        }
        names |= {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
        if path.name == "__init__.py":  # a package's modules and subpackages
            names |= {p.stem for p in path.parent.iterdir()}
        return names

    wrong = []
    for path in sorted(package.rglob("*.py")):
        for token in tokenize.generate_tokens(io.StringIO(path.read_text()).readline):
            if token.type == tokenize.COMMENT or token.type == tokenize.STRING and token.string.endswith('"""'):
                # module.name, not a host (github.com), a file (email.mjml) or a longer path (a.b.c)
                for module, name in re.findall(r"(?<![\w./-])([a-z_]+)\.([a-z_]\w*)\b(?![.\w/-])", token.string):
                    said = f"{module}.{name}"
                    if len(modules.get(module, [])) != 1 or said in NOT_A_MODULES_NAME:
                        continue
                    if name not in SUFFIXES and name not in defines(modules[module][0]):
                        wrong.append(f"{path.relative_to(package)}:{token.start[0]}: {said}")
    assert wrong == []


def test_every_source_file_the_docs_and_comments_name_exists():
    """`tests/test_schemas.py feeds the same entries to both`, `(commands/prepared.py)`: a path the
    README, a docstring or a comment sends the reader to is there (review 33 checked them all)."""
    package = REPO / "newsletter"
    said = "".join(path.read_text() for path in [REPO / "README.md", *sorted(package.rglob("*.py"))])
    said += "".join(path.read_text() for path in sorted((REPO / "bench").glob("*.py")))
    named = set(re.findall(r"(?<![\w/.-])((?:newsletter|tests|bench)/[\w/]+\.py)\b", said))
    rooms = "|".join(p.parent.relative_to(package).as_posix() for p in package.rglob("*/__init__.py"))
    named |= {f"newsletter/{path}" for path in re.findall(rf"(?<![\w/.-])((?:{rooms})/\w+\.py)\b", said)}
    assert len(named) > 80 and sorted(name for name in named if not (REPO / name).is_file()) == []


def test_the_readme_builds_again_before_it_checks_and_sends():
    """A new user (docs 26) built, filled in [email] as the README then says, and typed its next
    block, check, doctor, send: the built email still had no From address, and `send` refused it
    as built before its settings changed. The block begins with the build that makes it current."""
    block = next(b for b in re.findall(r"```sh\n(.*?)```", README, re.S) if "newsletter send" in b)
    steps = [shlex.split(line.split("#")[0])[:3] for line in block.strip().splitlines()]
    assert steps[0] == ["newsletter", "build", "2021-02"]
    assert [step[1] for step in steps[1:]] == ["check", "doctor", "send", "send", "send"]
    assert {step[2] for step in steps} == {"2021-02"}
