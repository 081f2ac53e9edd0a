"""`init` writes the schemas and, on request, an editor set-up; each checked as far as offline allows."""

import datetime as dt
import json
import os
import re
import shutil
import tomllib
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from newsletter.cli import main
from newsletter.editors import schemas
from newsletter.models import Entry
from newsletter.read import parse_entry

# Front Matter CMS's own settings schema (its package.json, `frontMatter.taxonomy.contentTypes`
# and `frontMatter.content.pageFolders`), transcribed in the parts a content type uses.
FRONT_MATTER_FIELD_TYPES = [
    "string",
    "number",
    "datetime",
    "boolean",
    "image",
    "file",
    "choice",
    "taxonomy",
    "tags",
    "categories",
    "draft",
    "fields",
    "json",
    "block",
    "list",
    "dataFile",
    "slug",
    "divider",
    "heading",
    "customField",
    "contentRelationship",
    "fieldCollection",
]
FRONT_MATTER_CMS = {
    "type": "object",
    "required": ["frontMatter.taxonomy.contentTypes", "frontMatter.taxonomy.dateFormat"],
    "properties": {
        "frontMatter.taxonomy.dateFormat": {"type": "string", "minLength": 1},
        "frontMatter.taxonomy.frontMatterType": {"enum": ["YAML", "TOML", "JSON"]},
        "frontMatter.content.pageFolders": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["title", "path"],
                "additionalProperties": False,
                "properties": {
                    "title": {"type": "string"},
                    "path": {"type": "string"},
                    "contentTypes": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
        "frontMatter.taxonomy.contentTypes": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "fields"],
                "properties": {
                    "name": {"type": "string"},
                    "pageBundle": {"type": "boolean"},
                    "previewPath": {"type": ["null", "string"]},
                    "fields": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["type", "name"],
                            "properties": {
                                "type": {"enum": FRONT_MATTER_FIELD_TYPES},
                                "name": {"type": "string"},
                                "title": {"type": "string"},
                                "description": {"type": "string"},
                                "required": {"type": "boolean"},
                                "dateFormat": {"type": "string"},
                                "isPublishDate": {"type": "boolean"},
                                "choices": {"type": "array", "items": {"type": "string"}},
                            },
                        },
                    },
                },
            },
        },
    },
}
ENTRY = jsonschema.Draft202012Validator(schemas.entry())


def init(tmp_path, *args) -> tuple[Path, str]:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "ws"), "--name", "N", *args])
    assert result.exit_code == 0, result.output
    return tmp_path / "ws", result.output


def test_init_writes_the_schemas_and_names_the_settings_schema_for_taplo(tmp_path):
    ws, _ = init(tmp_path)
    settings_text = (ws / "newsletter.toml").read_text()
    assert settings_text.splitlines()[0] == "#:schema ./schemas/settings.schema.json"
    settings = json.loads((ws / "schemas/settings.schema.json").read_text())
    assert settings == schemas.settings()
    jsonschema.Draft202012Validator(settings).validate(tomllib.loads(settings_text))
    assert json.loads((ws / "schemas/entry.schema.json").read_text()) == schemas.entry()
    sample = next((ws / "entries").rglob("*.md"))
    meta = yaml.safe_load(sample.read_text().split("---")[1])
    ENTRY.validate({k: v.isoformat() if isinstance(v, dt.date) else v for k, v in meta.items()})


def test_vscode_gets_one_front_matter_content_type_per_entry_type(tmp_path):
    ws, output = init(tmp_path, "--editor", "vscode")
    assert str(ws / "frontmatter.json") in output
    config = json.loads((ws / "frontmatter.json").read_text())
    jsonschema.Draft202012Validator(FRONT_MATTER_CMS).validate(config)
    assert config["frontMatter.taxonomy.dateFormat"] == "yyyy-MM-dd"
    types = config["frontMatter.taxonomy.contentTypes"]
    assert [t["name"] for t in types] == list(Entry.types)  # Front Matter picks a content type by `type`
    for content_type in types:
        fields = {f["name"]: f for f in content_type["fields"]}
        assert set(fields) <= set(schemas.entry()["properties"]), content_type["name"]
        needed = [name for name, f in fields.items() if f.get("required")]
        # a book goes without a link, as the reader takes it, and then needs its title to show
        assert needed == (["type", "date", "title"] if content_type["name"] == "book" else list(Entry.required))
        assert fields["type"]["default"] == content_type["name"]
        assert fields["type"]["choices"] == list(Entry.types)
        assert fields["date"]["dateFormat"] == "yyyy-MM-dd"
        assert "url" not in fields or fields["url"]["title"] == "URL"  # Yuki's form said "Url"
    podcast = {f["name"] for f in types[Entry.types.index("podcast")]["fields"]}
    assert {"speakers", "episode", "duration"} <= podcast


def test_obsidian_gets_a_template_per_type_in_a_folder_of_their_own(tmp_path):
    ws, _ = init(tmp_path, "--editor", "obsidian")
    plugin = json.loads((ws / ".obsidian/templates.json").read_text())
    folder = ws / plugin["folder"]
    assert folder.name != "templates" and folder.is_dir()
    assert sorted(p.stem for p in folder.glob("*.md")) == sorted(Entry.types)
    assert not any((ws / "templates").iterdir())  # the Jinja overrides' folder stays empty
    for path in folder.glob("*.md"):
        text = path.read_text()
        assert set(re.findall(r"\{\{[^}]*\}\}", text)) == {"{{date:YYYY-MM-DD}}"}  # the plugin's variable
        # What the plugin inserts on Nov 30, 2026, once the author adds the link:
        inserted = text.replace("{{date:YYYY-MM-DD}}", "2026-11-30").replace(
            "url:   # the link, https://…", "url: https://example.com/post"
        )
        entry, warnings = parse_entry(path, inserted)
        assert (entry.type, entry.date, warnings) == (path.stem, dt.date(2026, 11, 30), [])
        meta = yaml.safe_load(inserted.split("---")[1])
        ENTRY.validate({k: v.isoformat() if isinstance(v, dt.date) else v for k, v in meta.items()})


def test_a_french_logs_obsidian_templates_leave_room_for_notes_in_french(tmp_path):
    """`new`, the bookmarklet and import leave the notes' line in the log's language, but the
    Obsidian set-up added to a French log wrote "Your notes, in Markdown." in every template."""
    ws, _ = init(tmp_path)
    settings = ws / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "fr"', 1))
    result = CliRunner().invoke(main, ["init", str(ws), "--editor", "obsidian"])
    assert result.exit_code == 0, result.output
    for kind in Entry.types:
        template = (ws / f"obsidian-templates/{kind}.md").read_text(encoding="utf-8")
        assert template.endswith("---\n\nVos notes, en Markdown.\n") and "Your notes" not in template, kind


def test_an_existing_workspace_gets_an_editor_set_up_without_being_rewritten(tmp_path):
    ws, _ = init(tmp_path)
    before = (ws / "newsletter.toml").read_text()
    result = CliRunner().invoke(main, ["init", str(ws), "--editor", "vscode", "--editor", "obsidian"])
    assert result.exit_code == 0, result.output
    assert (ws / "frontmatter.json").is_file() and (ws / "obsidian-templates/talk.md").is_file()
    assert (ws / "newsletter.toml").read_text() == before
    assert "Added the vscode and obsidian set-up to" in result.stderr
    again = CliRunner().invoke(main, ["init", str(ws), "--editor", "vscode"])
    assert again.exit_code == 1
    assert again.stderr.startswith("Error: ") and "frontmatter.json already exists; not overwriting" in again.stderr


def test_options_of_a_new_workspace_given_with_an_editor_in_an_existing_one_are_said_unused(tmp_path):
    """`init --editor obsidian --timezone Europe/Paris` in an existing workspace wrote the set-up
    and said nothing of --timezone, which it had not used: the settings stayed UTC, unsaid. A
    --language there is refused unless it is the workspace's own (test_init_language), and its
    own is used, not said unused: 'change `language`' sent the author to a setting already right."""
    ws, _ = init(tmp_path)
    before = (ws / "newsletter.toml").read_text()
    result = CliRunner().invoke(main, ["init", str(ws), "--editor", "obsidian", "--timezone", "Europe/Paris"])
    assert result.exit_code == 0, result.output
    assert (ws / "newsletter.toml").read_text() == before
    assert " ".join(result.stderr.split()) == (
        f"Added the obsidian set-up to {ws}. --timezone was not used: init writes it into a new workspace's "
        f"settings, and this one has its own; change `timezone` in {ws / 'newsletter.toml'}."
    )
    again = CliRunner().invoke(main, ["init", str(ws), "--editor", "vscode", "--language", "en", "--cadence", "weekly"])
    assert again.exit_code == 0, again.output
    assert " ".join(again.stderr.split()).endswith(
        f"--cadence was not used: init writes it into a new workspace's settings, and this one has its own; "
        f"change `cadence` in {ws / 'newsletter.toml'}."
    )
    assert "--language" not in again.stderr
    quiet = CliRunner().invoke(main, ["init", str(ws / "other"), "--editor", "vscode", "--language", "fr"])
    assert quiet.exit_code == 0 and "not used" not in quiet.stderr  # (a new workspace: used)


def test_an_editor_set_up_asked_for_in_a_workspaces_folder_goes_to_that_workspace(tmp_path, monkeypatch):
    """Run from entries/2026/11, as every other command may be, `init --editor vscode` made a
    second workspace there, whose newsletter.toml then hid the author's from every command
    run in that folder ("No entries for 2026-11")."""
    ws, _ = init(tmp_path)
    [month] = (ws / "entries").glob("*/*")
    monkeypatch.chdir(month)
    result = CliRunner().invoke(main, ["init", "--editor", "vscode"])
    assert result.exit_code == 0, result.output
    assert (ws / "frontmatter.json").is_file()
    assert sorted(p.name for p in month.iterdir()) == ["getting-started-with-markdown.md"]
    assert f"Added the vscode set-up to {ws}." in result.stderr
    listed = CliRunner().invoke(main, ["list", f"{month.parent.name}-{month.name}"])
    assert "getting-started-with-markdown.md" in listed.stdout


def test_a_workspace_inside_a_workspace_is_refused(tmp_path, monkeypatch):
    """`init` alone, run from entries/2026/11, made a second workspace there as `init --editor`
    did, its newsletter.toml hiding the author's from every command run in that folder."""
    ws, _ = init(tmp_path)
    [month] = (ws / "entries").glob("*/*")
    monkeypatch.chdir(month)
    result = CliRunner().invoke(main, ["init"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {month} is inside the workspace {ws}; a workspace there would hide")
    assert sorted(p.name for p in month.iterdir()) == ["getting-started-with-markdown.md"]


@pytest.mark.parametrize("editor", [[], ["--editor", "vscode"]])
def test_a_workspace_beside_another_ones_entries_is_made(tmp_path, monkeypatch, editor):
    """A new user's `init reading` in a clone of this repository (a workspace itself) was
    refused, and `init reading --editor vscode` set up the clone instead of making reading/."""
    ws, _ = init(tmp_path)
    monkeypatch.chdir(ws)
    result = CliRunner().invoke(main, ["init", "reading", *editor])
    assert result.exit_code == 0, result.output
    assert (ws / "reading/newsletter.toml").is_file() and (ws / "reading/entries").is_dir()
    assert (ws / "reading/frontmatter.json").is_file() == bool(editor)
    assert not (ws / "frontmatter.json").exists()


@pytest.mark.parametrize("editor", ["emacs"])
def test_an_unknown_editor_is_refused(tmp_path, editor):
    result = CliRunner().invoke(main, ["init", str(tmp_path / "ws"), "--editor", editor])
    assert result.exit_code == 2 and "'emacs' is not one of 'vscode', 'obsidian'" in result.stderr


def test_a_note_obsidian_makes_is_in_the_edition_of_its_date(tmp_path):
    """Obsidian puts a new note at the vault's top, outside entries/: one written there from a
    template was never in any edition, and neither `list` nor `check` said a word about it."""
    ws, _ = init(tmp_path, "--editor", "obsidian")
    app = json.loads((ws / ".obsidian/app.json").read_text())
    assert app["newFileLocation"] == "folder"
    template = (ws / "obsidian-templates/article.md").read_text()
    note = ws / app["newFileFolderPath"] / "Untitled.md"  # what Obsidian names a new note
    note.write_text(
        template.replace("{{date:YYYY-MM-DD}}", "2026-11-30")
        .replace("url:   # the link, https://…", "url: https://example.com/post")
        .replace('title: ""', 'title: "Written in Obsidian"')
    )
    result = CliRunner().invoke(main, ["list", "2026-11", "-w", str(ws)])
    assert result.exit_code == 0, result.output
    assert "Written in Obsidian" in result.stdout


EARLIER = Path(__file__).parent / "earlier_schemas" / "701dc08"  # as the first init that wrote schemas/ wrote them


def test_an_editor_set_up_in_a_workspace_keeps_a_schema_its_author_edited(tmp_path):
    """Ann listed her own tags in schemas/entry.schema.json, so her editor would flag a typo in
    one; `init --editor vscode`, run to add the set-up, wrote a fresh schema over it and said
    nothing, her list lost. A schema its author edited is kept and said to be; one this version
    or an earlier one wrote is written as this version writes it."""
    ws, _ = init(tmp_path)
    mine = schemas.entry()
    mine["properties"]["tags"]["items"] = {"enum": ["ml", "python", "rust"]}
    (ws / "schemas/entry.schema.json").write_text(json.dumps(mine, indent=2))
    shutil.copyfile(EARLIER / "settings.schema.json", ws / "schemas/settings.schema.json")

    result = CliRunner().invoke(main, ["init", str(ws), "--editor", "vscode"])

    assert result.exit_code == 0, result.output
    assert json.loads((ws / "schemas/entry.schema.json").read_text()) == mine
    assert (ws / "schemas/settings.schema.json").read_text() == schemas.dumps(schemas.settings())
    assert str(ws / "schemas/entry.schema.json") not in result.stdout.splitlines()
    assert (
        f"Kept {ws / 'schemas/entry.schema.json'} as you edited it; `newsletter check` names what this version "
        "reads that it lacks."
    ) in result.stderr


@pytest.mark.parametrize("kind", sorted(schemas.FILES))
def test_the_schemas_this_version_writes_are_known_to_the_next(kind):
    """The next version tells a file this one's init wrote, safe to write again, from one its
    author edited, by the digests of what every version wrote: a change to the schema adds its."""
    written = schemas.digest(schemas.entry() if kind == "entry" else schemas.settings())
    assert written in schemas.WRITTEN[kind], (
        f'add "{written}" to WRITTEN["{kind}"] in newsletter/editors/earlier_schemas.py'
    )
    assert schemas.state(kind, (EARLIER / schemas.FILES[kind]).read_text()) == "earlier"


def test_an_obsidian_vaults_own_settings_are_kept(tmp_path):
    """A vault Obsidian has opened has .obsidian/app.json: the set-up leaves it as it is."""
    ws, _ = init(tmp_path)
    (ws / ".obsidian").mkdir()
    (ws / ".obsidian/app.json").write_text('{"newFileLocation": "current", "vimMode": true}\n')
    result = CliRunner().invoke(main, ["init", str(ws), "--editor", "obsidian"])
    assert result.exit_code == 0, result.output
    assert (ws / ".obsidian/app.json").read_text() == '{"newFileLocation": "current", "vimMode": true}\n'
    assert (ws / ".obsidian/templates.json").is_file()


@pytest.mark.parametrize("kind", ["deep", "fifo"])
def test_a_vaults_settings_that_cannot_be_read_are_obsidians_defaults_not_a_hang(tmp_path, kind):
    """A vault's .obsidian/app.json of '[' 100,000 deep ended init in a RecursionError traceback,
    and a named pipe there (a synced vault's) had it wait for a writer for ever (attack 31)."""
    ws, _ = init(tmp_path)
    (ws / ".obsidian").mkdir()
    app = ws / ".obsidian/app.json"
    app.write_text("[" * 100_000 + "]" * 100_000) if kind == "deep" else os.mkfifo(app)
    result = CliRunner().invoke(main, ["init", str(ws), "--editor", "obsidian"])
    assert result.exit_code == 0, result.output
    assert (ws / ".obsidian/templates.json").is_file() and "Default location for new notes" in result.output


@pytest.mark.parametrize("name", [".obsidian/app.json", ".obsidian/templates.json"])
def test_a_link_to_nowhere_in_a_vault_is_left_alone(tmp_path, name):
    """A vault's settings linked from a folder not there (a synced folder not synced yet): the
    set-up met the link when it wrote, in a FileExistsError traceback, after writing the rest."""
    ws, _ = init(tmp_path)
    (ws / ".obsidian").mkdir()
    (ws / name).symlink_to(tmp_path / "not-synced-yet" / Path(name).name)
    result = CliRunner().invoke(main, ["init", str(ws), "--editor", "obsidian"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert (ws / name).is_symlink() and not (tmp_path / "not-synced-yet").exists()
    if name.endswith("app.json"):  # the vault's own settings: kept, and the rest is written
        assert result.exit_code == 0, result.output
        assert (ws / ".obsidian/templates.json").is_file()
    else:
        assert result.exit_code == 1 and "templates.json already exists; not overwriting it" in result.stderr


@pytest.mark.parametrize(
    "app, advised",
    [
        ('{"promptDelete": false}\n', True),  # Obsidian's default: new notes at the vault's top
        ('{"newFileLocation": "current"}\n', True),
        ('{"newFileLocation": "folder", "newFileFolderPath": "inbox"}\n', True),
        ('{"newFileLocation": "folder", "newFileFolderPath": "entries/2026"}\n', False),
        ('{"newFileLocation": "folder", "newFi', True),  # half written: Obsidian's defaults
        ("[1, 2]\n", True),
    ],
)
def test_a_kept_vault_setting_that_makes_notes_outside_entries_is_named(tmp_path, app, advised):
    """A vault Obsidian had opened kept its app.json, and its new notes were made at the vault's
    top, in no edition, as before the set-up: init said nothing of it."""
    ws, _ = init(tmp_path)
    (ws / ".obsidian").mkdir()
    (ws / ".obsidian/app.json").write_text(app)
    result = CliRunner().invoke(main, ["init", str(ws), "--editor", "obsidian"])
    assert result.exit_code == 0, result.output
    assert (ws / ".obsidian/app.json").read_text() == app
    assert ("Default location for new notes to the folder entries" in result.stderr) is advised


@pytest.mark.parametrize(
    "app, advised",
    [('{"promptDelete": false}\n', True), ('{"newFileLocation": "folder", "newFileFolderPath": "entries"}\n', False)],
)
def test_a_new_workspace_in_a_vault_names_its_kept_setting_too(tmp_path, app, advised):
    """A workspace made in a vault Obsidian had opened (`init --editor obsidian vault`) kept the
    vault's app.json as well, and said nothing of the notes it makes outside entries/."""
    (tmp_path / "vault/.obsidian").mkdir(parents=True)
    (tmp_path / "vault/.obsidian/app.json").write_text(app)
    result = CliRunner().invoke(main, ["init", str(tmp_path / "vault"), "--editor", "obsidian"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "vault/.obsidian/app.json").read_text() == app
    assert result.stderr.startswith("New workspace in ")
    assert ("Default location for new notes to the folder entries" in result.stderr) is advised


@pytest.mark.parametrize("name", [".obsidian", "obsidian-templates"])
def test_a_file_where_the_set_up_makes_a_folder_is_named(tmp_path, name):
    """A file named .obsidian or obsidian-templates in the workspace stopped the set-up with a
    message to check that entries/ and its folders can be written to, which they could."""
    ws, _ = init(tmp_path)
    (ws / name).write_text("not a folder")
    result = CliRunner().invoke(main, ["init", str(ws), "--editor", "obsidian"])
    assert result.exit_code == 1
    assert f"{ws / name} is a file, where the obsidian set-up makes a folder; move it away" in result.stderr
    assert "entries/" not in result.stderr and (ws / name).read_text() == "not a folder"


def test_a_set_up_that_cannot_be_written_into_a_workspace_is_named(tmp_path):
    """`init --editor` in a workspace it could not write to (read-only, or a folder where a
    schema goes) ended in an OSError traceback at its first file, the entry schema."""
    ws, _ = init(tmp_path)
    schema = ws / "schemas" / "entry.schema.json"
    schema.unlink()
    schema.mkdir()
    result = CliRunner().invoke(main, ["init", str(ws), "--editor", "vscode"])
    assert result.exit_code == 1 and not isinstance(result.exception, OSError), result.output
    assert result.stderr == (
        f"Error: Cannot write {schema} (Is a directory); check that the workspace {ws} is a folder you can "
        "write to, with space left on the disk.\n"
    )
    assert not (ws / "frontmatter.json").exists()


def test_a_schema_that_cannot_be_written_is_named_not_its_temporary(tmp_path):
    """In a workspace whose schemas/ refuses new files (a read-only folder or mount), the message
    named the temporary file the schema is first written to (schemas/.entry.schema.json.4242.
    a0863ab6.tmp), a file that never was there, instead of the schema."""
    ws, _ = init(tmp_path)
    schema = ws / "schemas" / "entry.schema.json"
    schema.unlink()
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    if root and not Path("/sys/kernel").is_dir():
        pytest.skip("no folder refuses root a new file here")
    if root:  # no mode stops root: schemas/ is a link to sysfs, which refuses anyone a new file
        shutil.rmtree(schema.parent)
        schema.parent.symlink_to("/sys/kernel")
    else:
        schema.parent.chmod(0o555)
    try:
        result = CliRunner().invoke(main, ["init", str(ws), "--editor", "vscode"])
    finally:
        if root:
            schema.parent.unlink()
        else:
            schema.parent.chmod(0o755)
    assert result.exit_code == 1 and not isinstance(result.exception, OSError), result.output
    assert result.stderr == (
        f"Error: Cannot write {schema} (Permission denied); check that the workspace {ws} is a folder you can "
        "write to, with space left on the disk.\n"
    )
    assert not (ws / "frontmatter.json").exists()
