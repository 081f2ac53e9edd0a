"""The layering, written down as a contract and checked over the real import graph (grimp).

    cli/           parses options; imports only commands (and config/errors for messages)
    smart/         the local model and its index: uses the pipeline's reader, never a command
    commands/      one module per command; may use everything below
    build, read, collect, enrich, render, publish    the pipeline: never imports a command
    links/, delivery/    what one link is, what is sent: never the pipeline, commands or cli
    importers/, review/, editors/    what import reads, the year's numbers, the editors' schemas: the same
    formats/, models, config, errors, ...    shared by all of the above
    files/         how files are written and kept: imports nothing of the package

grimp sees imports inside functions too, which is where the lazy ones live.
"""

import ast
import collections
import io
import re
import tokenize
from pathlib import Path

import grimp
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "newsletter"
STAGES = [
    "newsletter.read",
    "newsletter.collect",
    "newsletter.enrich",
    "newsletter.render",
    "newsletter.publish",
    "newsletter.build",
]
ROOMS = ["newsletter.links", "newsletter.delivery"]


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("newsletter")


def importers_of(graph, target: str, source: str) -> list[tuple[str, ...]]:
    """Import chains from `source` (a module or a package) to `target` (the same), if any."""
    found = graph.find_shortest_chains(importer=source, imported=target, as_packages=True)
    return sorted(found)


@pytest.mark.parametrize("stage", STAGES)
def test_the_pipeline_never_imports_a_command(graph, stage):
    assert importers_of(graph, "newsletter.commands", stage) == []
    assert importers_of(graph, "newsletter.cli", stage) == []


@pytest.mark.parametrize("room", ROOMS)
@pytest.mark.parametrize("above", [*STAGES, "newsletter.commands", "newsletter.cli"])
def test_links_and_delivery_never_import_the_pipeline_or_commands(graph, room, above):
    assert importers_of(graph, above, room) == []


def test_the_cli_imports_only_commands_and_messages(graph):
    allowed = {"newsletter", "newsletter.config", "newsletter.errors"}
    for module in graph.find_descendants("newsletter.cli") | {"newsletter.cli"}:
        direct = graph.find_modules_directly_imported_by(module)
        assert {m for m in direct if not m.startswith(("newsletter.commands", "newsletter.cli"))} <= allowed, module


@pytest.mark.parametrize("above", ["newsletter.commands", "newsletter.cli"])
def test_the_smart_extra_never_imports_a_command(graph, above):
    assert importers_of(graph, above, "newsletter.smart") == []


def test_only_the_command_line_imports_a_command(graph):
    """commands/ is called by cli/ alone, and cli/ by `python -m newsletter` alone: a command
    imported from below would turn the layers upside down however the rest is checked."""
    upward = [
        (module, imported)
        for module in sorted(graph.modules)
        for imported in graph.find_modules_directly_imported_by(module)
        if imported.startswith("newsletter.commands")
        and not module.startswith(("newsletter.commands", "newsletter.cli"))
        or imported.startswith("newsletter.cli")
        and not module.startswith("newsletter.cli")
        and module != "newsletter.__main__"
    ]
    assert upward == []


LOWER_ROOMS = ["newsletter.importers", "newsletter.review", "newsletter.editors", "newsletter.formats"]


@pytest.mark.parametrize("room", LOWER_ROOMS)
@pytest.mark.parametrize("above", [*STAGES, "newsletter.smart", "newsletter.delivery"])
def test_the_rooms_below_the_pipeline_never_import_it(graph, room, above):
    # (era_periods, which counts the entries of the period a Thai or Persian log meant, was the one
    # exception: it is given read.entries_held by its callers now)
    assert importers_of(graph, above, room) == []


def test_files_is_the_floor(graph):
    """files/ (atomic writes, leftovers, what a waiting process keeps) is used by every layer,
    the up-to-date check among them: it imports nothing else of the package."""
    reached = {
        imported
        for module in graph.find_descendants("newsletter.files") | {"newsletter.files"}
        for imported in graph.find_modules_directly_imported_by(module)
        if imported.startswith("newsletter.") and not imported.startswith("newsletter.files")
    }
    assert reached == set()


def test_no_import_cycles(graph):
    cycles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            if graph.chain_exists(importer=imported, imported=module):
                cycles.append((module, imported))
    # A package importing its own submodule (links/__init__ -> links.cache) is no cycle unless
    # the submodule imports the package back; chain_exists counts that too.
    assert cycles == []


def test_no_import_hidden_behind_importlib():
    hidden = [
        f"{path.relative_to(PACKAGE)}: {line.strip()}"
        for path in PACKAGE.rglob("*.py")
        for line in path.read_text().splitlines()
        if re.search(r"import_module\(|__import__\(", line)
    ]
    # Plugins come through entry points (newsletter/plugins.py), nothing else. The build server
    # names no module itself: it loads those the build that started it had loaded.
    assert hidden == ["cli/build_server.py: importlib.import_module(name)"]


def test_no_module_reaches_into_another_modules_private_names():
    reaches = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("newsletter"):
                reaches += [
                    f"{path.name}: from {node.module} import {a.name}"
                    for a in node.names
                    if a.name.startswith("_") and not a.name.startswith("__")
                ]
            elif (
                isinstance(node, ast.Attribute)
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
                and isinstance(node.value, ast.Name)
                and node.value.id not in ("self", "cls")
                and node.value.id in _imported_modules(tree)
            ):
                reaches.append(f"{path.name}: {node.value.id}.{node.attr}")
    assert reaches == []


def _imported_modules(tree: ast.Module) -> set[str]:
    """Names bound to newsletter modules in this file (`from newsletter import read`, `... as x`)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("newsletter"):
            names |= {alias.asname or alias.name for alias in node.names if alias.name.islower()}
    return names


def test_every_module_says_what_it_is_for():
    """A newcomer reads the layout top-down, each package's docstring first: review 33 found
    commands/ and review/ saying nothing of what lives in them, where every other package did."""
    silent = [
        str(p.relative_to(PACKAGE))
        for p in sorted(PACKAGE.rglob("*.py"))
        if not ast.get_docstring(ast.parse(p.read_text()))
    ]
    assert silent == []


def test_every_function_and_class_is_used_by_the_package():
    """Code the tool no longer calls reads as if it mattered: review 33 found publish.items_of
    and MetadataCache.put_failure called by tests alone. A module's functions and classes, and
    the methods of a class of its own (not a library's hooks, which the library calls), are
    each named somewhere in the package, its entry points or its templates."""
    named, defined = collections.Counter(), []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Name):
                named[node.id] += 1
            elif isinstance(node, ast.Attribute):
                named[node.attr] += 1
            elif isinstance(node, ast.alias):
                named[node.name.rpartition(".")[2]] += 1
            elif (
                isinstance(node, ast.Constant) and isinstance(node.value, str) and re.fullmatch(r"[\w.:]+", node.value)
            ):
                named.update(re.findall(r"\w+", node.value))  # getattr(module, "name"), "module:name"
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                defined.append((path, node.name))
            if isinstance(node, ast.ClassDef) and not node.bases:
                methods = (f for f in node.body if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef)))
                defined += [(path, f.name) for f in methods]
    repo = PACKAGE.parent
    elsewhere = (repo / "pyproject.toml").read_text() + "".join(
        p.read_text() for p in (repo / "templates").rglob("*.j2")
    )
    unused = [
        f"{path.relative_to(PACKAGE)}: {name}"
        for path, name in defined
        if not named[name] and not name.startswith("__") and not re.search(rf"\b{name}\b", elsewhere)
    ]
    assert unused == []


def test_the_layout_stays_small():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= 20, top
    assert not {"send.py", "check.py", "preview.py", "importer.py"} & set(top)  # commands live in commands/
    long = {str(p.relative_to(PACKAGE)): n for p in PACKAGE.rglob("*.py") if (n := statements(p.read_text())) > 300}
    assert long == {}


def statements(source: str) -> int:
    """A module's size in statements and comment lines: the same however the formatter lays out a call
    (one argument per line or all on one). 300 of them were about 400 lines before ruff format."""
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return sum(
        1
        for token in tokens
        if token.type == tokenize.NEWLINE or (token.type == tokenize.COMMENT and token.line.lstrip().startswith("#"))
    )


def test_the_public_api():
    from newsletter import Metadata, extract_metadata

    meta = extract_metadata(b"<html><head><title>Hello</title></head></html>", "https://example.com/")
    assert isinstance(meta, Metadata) and meta.title == "Hello"


def test_the_copy_as_sent_is_named_in_one_place():
    """dist/<PERIOD>/sent.eml is read by formats/ (built_days, email) and delivery/ and written by
    a send: formats/built_days.py spelled its name out again, so a rename would have left builds
    taking an emailed month for one never sent (mend 29). Code names it by Outputs.sent_copy;
    docstrings and comments may say it."""
    spelled = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        spelled += [
            f"{path.relative_to(PACKAGE)}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and "sent.eml" in node.value
            and id(node) not in docstrings
        ]
    assert spelled == ["models.py:418"]
