"""`newsletter check` on real files, with links served by local HTTP(S) servers; exact output."""

import codecs
import http.server
import json
import re
import shlex
import shutil
import socket
import socketserver
import ssl
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote, urljoin

import pytest
from click.testing import CliRunner
from werkzeug import Response

from newsletter import read
from newsletter.cli import main
from newsletter.commands.check import check
from newsletter.formats import site_title_case
from newsletter.links import sent_home as sent_home_module
from newsletter.links.urls import https_twin

EARLIER = Path(__file__).parent / "earlier_schemas" / "701dc08"  # schemas/ as its init wrote them
PAGE = "<!DOCTYPE html><html><head><title>A page</title></head><body>Hello</body></html>"


@pytest.fixture
def workspace(example_workspace, monkeypatch):
    """The example workspace, allowed to fetch from 127.0.0.1, with a short timeout."""
    settings = example_workspace / "newsletter.toml"
    text = settings.read_text().replace("allow_private_addresses = false", "allow_private_addresses = true")
    text = text.replace("timeout = 10.0 ", "timeout = 1.0 ").replace("per_host = 4 ", "per_host = 16 ")
    settings.write_text(text)
    monkeypatch.chdir(example_workspace)
    monkeypatch.setattr("newsletter.links.fetch.Fetcher.backoff", 0.01)
    return example_workspace


def run(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def write(root, name, url, date, notes="Worth it.", extra=""):
    path = root / "entries" / date[:4] / date[5:7] / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntype: article\nurl: {url}\ndate: {date}\n{extra}---\n{notes}\n")


def moved(server, path: str, location: str, status: int = 301) -> None:
    """`path` on the test server answers a redirect to `location`."""
    server.expect_request(path).respond_with_data("", status=status, headers={"Location": location})


def test_a_clean_edition_passes(workspace):
    result = run("check", "2021-02", "--offline")
    assert result.exit_code == 0
    assert (result.stdout, result.stderr) == ("", "0 errors, 0 warnings in 8 entries.\n")
    # Nothing built, no metadata cache started (render may keep its compiled templates).
    assert not (workspace / "dist").exists() and not (workspace / ".newsletter/cache.sqlite3").exists()


def test_a_schema_an_earlier_version_wrote_is_named_with_how_to_write_it_again(workspace):
    """Priya began her log with an older version, whose init wrote schemas/ for her editor, and
    upgraded: the tool read the [wording] keys it had learnt since, and her editor, checking
    newsletter.toml against the old schema, underlined them as errors. A schema that this version
    would write otherwise is named, with the command that writes it again; one as it writes it,
    or none, says nothing."""
    from newsletter.editors import schemas

    folder = workspace / "schemas"
    folder.mkdir()
    for kind, name in schemas.FILES.items():
        (folder / name).write_text(schemas.dumps(schemas.entry() if kind == "entry" else schemas.settings()))
    assert run("check", "2021-02", "--offline").stderr == "0 errors, 0 warnings in 8 entries.\n"

    shutil.copyfile(EARLIER / "settings.schema.json", folder / "settings.schema.json")  # as 701dc08 wrote it
    result = run("check", "2021-02", "--offline")

    assert result.exit_code == 0, result.output
    assert (
        "schemas/settings.schema.json\n  warning: written by an earlier version of newsletter, so your editor "
        "checks newsletter.toml by rules this version has changed; write it again: "
        "newsletter schema settings > schemas/settings.schema.json\n"
    ) in result.stdout, result.output
    assert "entry.schema.json" not in result.stdout


def test_the_command_to_write_a_schema_again_works_from_where_check_was_run(workspace, tmp_path, monkeypatch):
    """`newsletter -w DIR check` run from another folder said to write the schema again with
    `newsletter schema settings > schemas/settings.schema.json`: run there, the shell found no
    schemas/ folder (or wrote one of its own) and the workspace's stayed an earlier version's."""
    shutil.copytree(EARLIER, workspace / "schemas")
    elsewhere = tmp_path / "an other folder"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)

    said = run("-w", str(workspace), "check", "2021-02", "--offline").stdout
    [command] = re.findall(r"write it again: (newsletter schema settings > .*)\n", said)
    newsletter = Path(sys.executable).with_name("newsletter")
    subprocess.run(command.replace("newsletter", shlex.quote(str(newsletter)), 1), shell=True, check=True)

    assert "schemas/settings.schema.json" not in run("-w", str(workspace), "check", "2021-02", "--offline").stdout
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_a_schema_saved_in_utf_16_is_checked_as_any_other(workspace, encoding):
    """A schemas/ file saved as UTF-16 (Notepad's "Unicode", Windows PowerShell 5's `>`) was taken
    for no text, so an earlier version's was never named; read by its byte order mark now."""
    from newsletter.editors import schemas

    folder = workspace / "schemas"
    folder.mkdir()
    mark = {"utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")  # (utf-16 and utf-32 write their own)
    for kind, name in schemas.FILES.items():  # this version's, in Windows' line ends: nothing to say
        text = schemas.dumps(schemas.entry() if kind == "entry" else schemas.settings()).replace("\n", "\r\n")
        (folder / name).write_bytes(mark + text.encode(encoding))
    assert run("check", "2021-02", "--offline").stderr == "0 errors, 0 warnings in 8 entries.\n"

    earlier = (EARLIER / "settings.schema.json").read_text(encoding="utf-8")
    (folder / "settings.schema.json").write_bytes(mark + earlier.encode(encoding))
    said = run("check", "2021-02", "--offline").stdout
    assert "schemas/settings.schema.json\n  warning: written by an earlier version of newsletter" in said


def test_a_schema_its_author_edited_is_never_told_to_be_written_over(workspace):
    """Ann had added her own tag list to the settings schema an earlier init wrote, and check
    called it an earlier version's and told her to write it again (`newsletter schema settings >
    schemas/settings.schema.json`), which lost her list. A file no version wrote is the author's:
    named for the keys this version reads that it lacks, to copy in by hand; one that lacks
    none, or that is not even JSON, is never told to be written over either."""
    from newsletter.editors import schemas

    folder = workspace / "schemas"
    folder.mkdir()
    edited = json.loads((EARLIER / "settings.schema.json").read_text())
    edited["properties"]["newsletter"]["properties"]["name"]["maxLength"] = 40  # her own rule
    (folder / "settings.schema.json").write_text(json.dumps(edited, indent=2))
    result = run("check", "2021-02", "--offline")

    assert result.exit_code == 0, result.output
    said = result.stdout.split("schemas/settings.schema.json\n  warning: ", 1)[1].split("\n")[0]
    assert said.startswith(
        "edited since newsletter wrote it, and lacks what this version reads: newsletter.cadence, "
        "site.yearly_title, site.date_language, "
    ), said
    assert said.endswith(
        "your editor checks newsletter.toml without them. Copy them in from `newsletter schema settings` "
        "(writing it over your file would lose your edits)"
    ), said
    assert "> schemas/" not in result.stdout

    mine = schemas.settings()
    mine["properties"]["newsletter"]["properties"]["name"]["maxLength"] = 40
    (folder / "settings.schema.json").write_text(json.dumps(mine))
    assert run("check", "2021-02", "--offline").stderr == "0 errors, 0 warnings in 8 entries.\n"

    (folder / "settings.schema.json").write_text(json.dumps(mine, indent=1)[:-2] + ",\n}")  # a comma too many
    assert ("schemas/settings.schema.json\n  warning: is no JSON your editor can read (line ") in run(
        "check", "2021-02", "--offline"
    ).stdout
    assert (
        "mend it (`newsletter schema settings` prints this version's, to compare)"
        in run("check", "2021-02", "--offline").stdout
    )


def test_a_schema_as_this_version_writes_it_laid_out_otherwise_is_not_named(workspace):
    """Git on Windows checks schemas/ out with CRLF line ends (core.autocrlf), and an editor
    formatting on save indents the JSON its own way: the rules are this version's, but check
    compared the text and told the author on every run that an earlier version wrote them."""
    import json

    from newsletter.editors import schemas

    folder = workspace / "schemas"
    folder.mkdir()
    entry, settings = (folder / name for name in (schemas.FILES["entry"], schemas.FILES["settings"]))
    entry.write_bytes(schemas.dumps(schemas.entry()).replace("\n", "\r\n").encode())
    settings.write_text(json.dumps(schemas.settings(), indent=4, sort_keys=True))
    assert run("check", "2021-02", "--offline").stderr == "0 errors, 0 warnings in 8 entries.\n"
    # and a byte order mark, which Windows' Notepad wrote at the start of every file it saved until 2019
    settings.write_bytes(b"\xef\xbb\xbf" + settings.read_bytes())
    assert run("check", "2021-02", "--offline").stderr == "0 errors, 0 warnings in 8 entries.\n"


def test_problems_are_listed_by_entry_and_errors_fail(workspace):
    folder = workspace / "entries/2021/02"
    (folder / "broken.md").write_text("---\ntype: tlak\nurl: https://x.org\ndate: 2021-02-03\n---\nNotes.\n")
    write(
        workspace,
        "tracked.md",
        "https://blog.example.org/post?utm_source=twitter&id=7&fbclid=abc#top",
        "2021-02-04",
        extra="titel: A post\n",
    )
    write(workspace, "repeat.md", "https://youtube.com/watch?v=z-WSrQDXkuM", "2021-02-05", notes="")
    write(workspace, "twice.md", "https://ml-ops.org", "2021-02-28")
    (folder / "misfiled.md").write_text(
        "---\ntype: article\nurl: https://blog.example.org/march\ndate: 2021-03-01\n---\nMisfiled.\n"
    )
    write(
        workspace,
        "stub.md",
        "https://blog.example.org/stub",
        "2021-02-07",
        notes="Your notes, in Markdown.",
        extra="draft: true\n",
    )
    result = run("check", "2021-02", "--offline")
    assert result.exit_code == 1
    assert result.stdout == (
        "entries/2021/02/broken.md\n"
        "  error: line 2: unknown type 'tlak' (did you mean 'talk'?); use one of talk, paper, tool, article, "
        "podcast, video, book, course, thread, mine\n"
        "entries/2021/02/misfiled.md\n"
        "  warning: dated 2021-03-01 but filed under 2021/02; the edition of 2021-03-01 takes it from there; "
        "move it to entries/2021/03/, where its date files it\n"
        "entries/2021/02/repeat.md\n"
        "  warning: no notes; a line or two on why it is worth reading is what readers come for\n"
        "  warning: link already shared in an earlier edition (entries/2020/07/jax.md, dated 2020-07-06); "
        "drop it or say why it is back\n"
        "entries/2021/02/tracked.md\n"
        "  warning: line 5: unknown key 'titel' (did you mean 'title'?); it is ignored\n"
        "  warning: the link carries tracking parameters (utm_source, fbclid); use "
        "https://blog.example.org/post?id=7#top\n"
        "entries/2021/02/twice.md\n"
        "  warning: same link as entries/2021/02/ml-ops-org.md in this edition\n"
    )
    assert result.stderr == "1 error, 6 warnings in 13 entries.\n"
    drafts = run("check", "2021-02", "--offline", "--drafts")
    # send refuses placeholder notes, so check calls them an error too
    assert (
        "entries/2021/02/stub.md\n  error: the notes still say 'Your notes, in Markdown.'; write yours, or "
        "delete the entry\n" in drafts.stdout
    )


@pytest.mark.parametrize("tags", ["42", "{a: b}"])
def test_tags_that_are_not_a_list_are_an_error_not_a_traceback(workspace, tags):
    """The log's tags, counted for near-duplicates, were read as a list: `tags: 42` stopped
    check with "TypeError: 'int' object is not iterable"."""
    write(workspace, "odd-tags.md", "https://blog.example.org/odd", "2021-02-07", extra=f"tags: {tags}\n")
    result = run("check", "2021-02", "--offline")
    assert result.exit_code == 1
    assert "entries/2021/02/odd-tags.md\n  error: line 5: `tags` should be a list" in result.stdout


def test_relative_links_in_notes_are_said_to_be_lost_in_the_email(workspace):
    """`[my other post](/posts/other/)` works on the blog, but the email, its web page and the
    feeds kept only the words, and nothing told the author. They are joined to the post's address
    on the site now (test_note_addresses.py), which a site on init's placeholder has none of:
    then its setting is named."""
    notes = (
        "See [my other post](/posts/other/), ![a pic](pic.jpg), [top](#top), [ok](https://x.org), "
        "`[code](/in/code/)` and [ref].\n\n[ref]: ../sibling/\n"
    )
    write(workspace, "relative.md", "https://blog.example.org/rel", "2021-02-07", notes=notes)
    assert "relative-link" not in run("check", "2021-02", "--offline", "--json").stdout  # a real baseURL
    hugo_toml = workspace / "site/hugo.toml"
    hugo_toml.write_text(re.sub(r'(?m)^baseURL = ".*"$', 'baseURL = "https://example.com/"', hugo_toml.read_text()))
    said = (
        "the notes link to /posts/other/, pic.jpg, ../sibling/, an address on the blog, which the email and "
        "the feeds link from the site's address, still the placeholder https://example.com/: they keep the "
        "words but not the link until you set baseURL in site/hugo.toml (or base_url in [site] of newsletter.toml)"
    )
    checked = run("check", "2021-02", "--offline")
    assert f"entries/2021/02/relative.md\n  warning: {said}\n" in checked.stdout
    built = run("build", "2021-02", "--offline")
    assert f"warning: entries/2021/02/relative.md: {said}\n" in built.stderr


def test_a_link_from_the_domains_root_on_a_site_under_a_path_is_said_to_leave_the_site(workspace):
    """Lucía's blog (new user 40) is at https://luciafernandez.es/blog/; her note linked to her
    own post as [Leer más](/2026/11/datos-abiertos-madrid/), which Hugo writes as typed: on the
    blog, as in the email, it led to https://luciafernandez.es/2026/11/…, outside the site, and
    nothing said so. A link under the site's path, or relative to the post, is not named."""
    hugo_toml = workspace / "site/hugo.toml"
    hugo_toml.write_text(
        re.sub(r'(?m)^baseURL = ".*"$', 'baseURL = "https://luciafernandez.es/blog/"', hugo_toml.read_text())
    )
    notes = "[Leer más](/2026/11/datos/), [bien](/blog/2026/11/otro/), [blog](/blog), [cdn](//cdn.ex/x), "
    notes += "![la Gran Vía](foto.jpg).\n"
    write(workspace, "raiz.md", "https://blog.example.org/raiz", "2021-02-07", notes=notes)
    said = (
        "the notes link to /2026/11/datos/, from the root of the site's domain: the site is at "
        "https://luciafernandez.es/blog/, so on the blog, as in the email, it leads to "
        "https://luciafernandez.es/2026/11/datos/; write /blog/2026/11/datos/ (or the whole address) to link "
        "to the site's page"
    )
    checked = run("check", "2021-02", "--offline")
    assert f"entries/2021/02/raiz.md\n  warning: {said}\n" in checked.stdout
    assert checked.stdout.count("the root of the site's domain") == 1
    hugo_toml.write_text(hugo_toml.read_text().replace("https://luciafernandez.es/blog/", "https://luciafernandez.es/"))
    assert "root of the site's domain" not in run("check", "2021-02", "--offline").stdout  # a site at the root


def test_the_intros_link_from_the_domains_root_on_a_site_under_a_path_is_said_too(workspace):
    """New user 56's site is at https://example.org/reading/; his months' intro linked the archive
    of editions as [the archive](/newsletter/), which led to https://example.org/newsletter/ on the
    blog, in the email, the editions feed and the web archive, and check and build said nothing:
    only the entries' notes were read for it. The edition's own words are read the same way."""
    hugo_toml = workspace / "site/hugo.toml"
    hugo_toml.write_text(
        re.sub(r'(?m)^baseURL = ".*"$', 'baseURL = "https://example.org/reading/"', hugo_toml.read_text())
    )
    index = workspace / "entries/2021/02/_index.md"
    index.write_text(index.read_text() + "\nEvery edition is in [the archive](/newsletter/).\n")
    said = (
        "the edition's words link to /newsletter/, from the root of the site's domain: the site is at "
        "https://example.org/reading/, so on the blog, as in the email, it leads to https://example.org/newsletter/; "
        "write /reading/newsletter/ (or the whole address) to link to the site's page"
    )
    checked = run("check", "2021-02", "--offline")
    assert f"entries/2021/02/_index.md\n  warning: {said}\n" in checked.stdout
    assert f"warning: entries/2021/02/_index.md: {said}\n" in run("build", "2021-02", "--offline").stderr
    index.write_text(index.read_text().replace("(/newsletter/)", "(/reading/newsletter/)"))
    assert "root of the site's domain" not in run("check", "2021-02", "--offline").stdout


@pytest.mark.parametrize("rewrites", ["canonifyURLs", "relativeURLs"])
def test_a_link_from_the_domains_root_that_hugo_rewrites_is_told_the_whole_address(workspace, tmp_path, rewrites):
    """A site under a path that sets canonifyURLs or relativeURLs has Hugo take a link from the
    domain's root under its path (review 29, real `hugo`): the blog's link worked, the advice
    to write /blog/2026/11/datos/ made /blog/blog/2026/11/datos/ there, while the email still
    led out of the site. Only the whole address works in both, and the blog Hugo builds from the
    warning's own address agrees."""
    hugo_toml = workspace / "site/hugo.toml"
    settings = re.sub(r'(?m)^baseURL = ".*"$', 'baseURL = "https://luciafernandez.es/blog/"', hugo_toml.read_text())
    hugo_toml.write_text(f"{rewrites} = true\n{settings}")
    write(workspace, "raiz.md", "https://blog.example.org/raiz", "2021-02-07", notes="[Leer más](/2026/11/datos/).\n")
    said = (
        "the notes link to /2026/11/datos/, from the root of the site's domain: on the blog Hugo "
        f"({rewrites}) takes it under the site's path, https://luciafernandez.es/blog/, but in the email it leads "
        "to https://luciafernandez.es/2026/11/datos/; write the whole address, "
        "https://luciafernandez.es/blog/2026/11/datos/, to link to the site's page from both"
    )
    assert f"entries/2021/02/raiz.md\n  warning: {said}\n" in run("check", "2021-02", "--offline").stdout
    # what Hugo makes of the link as typed, and of the address the warning says to write
    site = tmp_path / "hugo"
    (site / "content/posts").mkdir(parents=True)
    (site / "layouts/_default").mkdir(parents=True)
    (site / "layouts/_default/single.html").write_text("{{ .Content }}")
    (site / "hugo.toml").write_text(
        f'baseURL = "https://luciafernandez.es/blog/"\n{rewrites} = true\ndisableKinds = ["taxonomy", "term", "RSS"]\n'
    )
    (site / "content/posts/p.md").write_text(
        "---\ntitle: p\n---\n[typed](/2026/11/datos/) [said](https://luciafernandez.es/blog/2026/11/datos/)\n"
    )
    subprocess.run(["hugo", "--quiet", "-s", str(site), "-d", str(tmp_path / "public")], check=True)
    page = "https://luciafernandez.es/blog/posts/p/"
    hrefs = re.findall(r'href="([^"]+)"', (tmp_path / "public/posts/p/index.html").read_text())
    assert {urljoin(page, href) for href in hrefs} == {"https://luciafernandez.es/blog/2026/11/datos/"}


@pytest.mark.parametrize(
    "image, said",
    [
        ("![IMG_2041.jpg](https://cdn.example.org/2041.jpg)", "its file name 'IMG_2041.jpg' as alt text"),
        ("![IMG_2041](https://cdn.example.org/a/IMG_2041.JPG)", "its file name 'IMG_2041' as alt text"),
        (
            "[![Screenshot 2026-11-19 at 10.15.32.png][shot]](https://x.org)\n\n[shot]: https://cdn.example.org/s.png",
            "its file",
        ),
        ("![](https://cdn.example.org/2041.jpg)", "no alt text"),
        # a picture pasted in as a data: URL (Typora, HackMD): named by its kind, not its 40 000 letters
        ("![](data:image/png;base64," + "iVBORw0KGgo" * 4000 + ")", "the image data:image/png;base64,… has no alt"),
        ("![واجهة مبنى مكتبة شومان الجديد](https://cdn.example.org/IMG_2041.jpg)", None),
        ("`![IMG_1.jpg](https://cdn.example.org/1.jpg)` is how Obsidian writes it", None),
        ("The shelf is 2.5m tall.", None),
    ],
)
def test_an_image_whose_alt_text_is_its_file_name_or_nothing_is_said(workspace, image, said):
    """A picture dragged into a note in Obsidian or Typora gets its file name as alt text: blind
    readers of the blog and the web edition heard "IMG underscore 2041 dot jpg", and the email
    showed "[image: IMG_2041.jpg]" in its place, with nothing said to the author."""
    write(workspace, "pictured.md", "https://blog.example.org/pic", "2021-02-07", notes=f"Opened.\n\n{image}\n")
    checked = run("check", "2021-02", "--offline", "--json")
    found = [f for f in json.loads(checked.stdout)["findings"] if f["code"] == "image-alt"]
    if said is None:
        assert found == []
    else:
        [finding] = found
        assert finding["file"] == "entries/2021/02/pictured.md" and finding["severity"] == "warning"
        assert said in finding["message"] and "describe what it shows" in finding["message"]
        assert len(finding["message"]) < 300  # one line


def test_an_image_without_alt_text_is_said_as_the_edition_s_email_shows_it(workspace):
    """Ines's Portuguese edition shows a picture without alt text as '[imagem]'; check told her
    the email showed '[image]', a text she would look for in vain."""
    settings = workspace / "newsletter.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(re.sub(r'(?m)^language = "en"', 'language = "pt"', text, count=1), encoding="utf-8")
    write(workspace, "pictured.md", "https://blog.example.org/pic", "2021-02-07", notes="![](mapa.png)\n")
    [finding] = [
        f
        for f in json.loads(run("check", "2021-02", "--offline", "--json").stdout)["findings"]
        if f["code"] == "image-alt"
    ]
    assert "the email shows '[imagem]' in its place" in finding["message"]
    built = workspace / "dist/2021-02/newsletter.txt"
    assert run("build", "2021-02", "--offline").exit_code == 0 and "[imagem]" in built.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "notes, extra, said",
    [
        ("Read more [here](https://x.org/a).", "", '"here" (https://x.org/a)'),
        ("[Click here](https://x.org/a) for the table.", "", '"Click here"'),
        ("See [1](https://x.org/a) and [2](https://x.org/b).", "", '"1" (https://x.org/a)'),
        ("Un article. Voir [ici](https://x.org/a).", "language: fr\n", '"ici"'),
        ("The slides are [ici][s].\n\n[s]: https://x.org/s", "language: fr\n", '"ici" (https://x.org/s)'),
        # in an English entry, "ici" is a word of no vague meaning; a footnote's mark is a number by convention
        ("[Ici](https://x.org/a), a French magazine's name.", "", None),
        ("A claim[^1].\n\n[^1]: Smith, 2020, p. 4.", "", None),
        ("`[here](https://x.org/a)` is Markdown for a link.", "", None),
    ],
)
def test_a_note_s_link_that_says_nothing_of_where_it_goes_is_named(workspace, notes, extra, said):
    """Amara (new user 41) reads her edition with Orca, as her subscribers do: a list of links said
    "here", "Click here", "1" and a French entry's "ici", and check said nothing; only doctor and
    send did, naming the address but not the entry she had to change."""
    write(workspace, "linked.md", "https://blog.example.org/l", "2021-02-07", notes=notes, extra=extra)
    found = [
        f
        for f in json.loads(run("check", "2021-02", "--offline", "--json").stdout)["findings"]
        if f["code"] == "link-text"
    ]
    if said is None:
        assert found == []
    else:
        [finding] = found
        assert finding["file"] == "entries/2021/02/linked.md" and finding["severity"] == "warning"
        assert f"the link {said}" in finding["message"] and "link the words that name it" in finding["message"]


def test_a_footnote_is_no_relative_link(workspace):
    """`[^1]: Smith, 2020.` starts a line as a reference definition does, and every note with a
    footnote was said to link to 'Smith,', an address on the blog only."""
    notes = "A claim[^1].\n\n[^1]: Smith, 2020, p. 4.\n"
    write(workspace, "footnote.md", "https://blog.example.org/fn", "2021-02-07", notes=notes)
    assert "relative-link" not in run("check", "2021-02", "--offline", "--json").stdout
    assert "an address on the blog only" not in run("build", "2021-02", "--offline").stderr


def test_a_pasted_pages_address_and_tag_are_quoted_short(workspace):
    """A page pasted into a note, a `](` followed by 80 KB with no space or `)`, and a `<tag`
    with 80 KB of attributes: check and build quoted each whole, two warnings of 80 KB each
    (attack 31, a build of such a note)."""
    hugo_toml = workspace / "site/hugo.toml"
    hugo_toml.write_text(re.sub(r'(?m)^baseURL = ".*"$', 'baseURL = "https://example.com/"', hugo_toml.read_text()))
    notes = "See [the page](" + "x" * 80_000 + "\n\nAnd <frob " + "a=b " * 20_000 + "> too.\n"
    write(workspace, "pasted.md", "https://blog.example.org/pasted", "2021-02-07", notes=notes)
    checked, built = run("check", "2021-02", "--offline").stdout, run("build", "2021-02", "--offline").stderr
    for output in (checked, built):
        assert max(len(line) for line in output.splitlines()) < 500
        assert f"the notes link to {'x' * 59}…, an address on the blog" in output
        assert f"the notes hold <frob {'a=b ' * 13}a…, which reads as an HTML tag" in output


def test_notes_whose_links_all_have_a_scheme_skip_the_relative_link_patterns_with_the_same_answers():
    """relative_links takes a note through its two patterns (code taken out, then every link)
    only if a `](` not followed by a scheme, or a `]:`, is in the note as written: on random
    notes of links, code spans, fences, indented code and definitions, the same concerns as
    with every note taken through both. Except `[b]``(/rel)`, no link in Markdown: it was said
    to be one (taking the code out joins `]` and `(`) only in a note with some other `](`."""
    import random
    from types import SimpleNamespace

    from newsletter.delivery import readiness

    def every_note_through_both(entries):
        found = []
        for entry in entries:
            prose = readiness._CODE.sub("", entry.notes)
            relative = list(dict.fromkeys(m[1] or m[2] for m in readiness._RELATIVE.finditer(prose)))
            if relative:
                found.append((entry.path, relative))
        return found

    pieces = [
        "[a](https://x.org/a)",
        "](",
        "](/posts/b/)",
        "](#top)",
        "](<c.jpg>)",
        "]( mailto:x@y)",
        "`",
        "```",
        "\n",
        "\n    ",
        "[r]: ",
        "[^1]: ",
        "../d/",
        "https://e.org",
        " ",
        "word",
        "]",
        "(",
        "<",
        ")",
        "~~~",
    ]
    rnd = random.Random(5)
    notes = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(0, 14))) for _ in range(20_000)]
    entries = [SimpleNamespace(notes=text, path=Path(f"{n}.md")) for n, text in enumerate(notes)]
    expected = every_note_through_both(entries)
    site = SimpleNamespace(site=SimpleNamespace(base_url="https://example.com/"), site_dir=Path("site"), root=Path())
    found = readiness.relative_links(entries, site)
    assert [c.path for c in found] == [path for path, _ in expected]
    for concern, (_, relative) in zip(found, expected, strict=True):
        assert concern.message.startswith(f"the notes link to {', '.join(map(readiness._quoted, relative[:3]))}")
    assert len(expected) > 1000  # and as many that were not
    joined = SimpleNamespace(notes="[a](https://x.org/a) and [b]``(/rel)", path=Path("joined.md"))
    assert every_note_through_both([joined]) and not readiness.relative_links([joined], site)


def test_build_says_which_notes_still_hold_the_placeholder(workspace):
    """An import or `new` published without a word written: check and send said so, but the
    build wrote the post, with 'Your notes, in Markdown.' for the blog's readers, in silence."""
    write(workspace, "stub.md", "https://blog.example.org/stub", "2021-02-07", notes="Your notes, in Markdown.")
    review = "A review from Goodreads, my own words.\n\nVos notes, en Markdown."  # (an import's, in French)
    quotes = "Your notes, in Markdown.\n\n> A passage the author kept.\n\n*location 99:*"  # no words of theirs
    write(workspace, "quoted.md", "https://blog.example.org/quoted", "2021-02-09", notes=quotes)
    write(workspace, "imported.md", "https://blog.example.org/imported", "2021-02-08", notes=review)
    result = run("build", "2021-02", "--offline")
    assert result.exit_code == 0
    assert (
        "warning: entries/2021/02/stub.md: the notes still say 'Your notes, in Markdown.'; write yours, "
        "or delete the entry\n" in result.stderr
    )
    assert (
        "warning: entries/2021/02/quoted.md: the notes still say 'Your notes, in Markdown.'; write yours, "
        "or delete the entry\n" in result.stderr
    )
    # ... and of a review imported under it, that the line is to go, not to "write yours" above the author's words
    assert (
        "warning: entries/2021/02/imported.md: the notes still hold the line 'Vos notes, en Markdown.' above your "
        "own words; delete that line\n" in result.stderr
    )
    # ... and no reader reads it: not in the post, the email's two parts, the web page or the feeds
    outputs = [*(workspace / "dist/2021-02").glob("newsletter.*"), *(workspace / "site").rglob("*.md")]
    outputs += [*(workspace / "site/static").rglob("*.html"), *(workspace / "site/static/feeds").glob("*")]
    read = "\n".join(path.read_text(encoding="utf-8") for path in outputs)
    assert "A review from Goodreads, my own words." in read
    assert "Your notes, in Markdown." not in read and "Vos notes, en Markdown." not in read


def test_no_title_is_said_only_of_a_link_a_build_asked_for(workspace):
    """Entries written since the last build: their pages were never read, yet every one without
    a `title:` was warned about ("no title: its heading will be the bare link")."""
    from newsletter.config import load
    from newsletter.errors import FetchError
    from newsletter.links.cache import MetadataCache
    from newsletter.models import Metadata

    from helpers import seed_cache

    seed_cache(workspace)  # earlier builds' metadata: the cache is there
    write(workspace, "new.md", "https://blog.example.org/new", "2021-02-11")
    write(workspace, "failed.md", "https://blog.example.org/failed", "2021-02-12")
    write(workspace, "blank.md", "https://blog.example.org/blank", "2021-02-13")
    settings = load(workspace)
    with MetadataCache(settings.state_dir, settings.fetch.max_age_days) as cache:
        cache.put_all({}, [FetchError("https://blog.example.org/failed", "HTTP 500", "")])
        cache.put("https://blog.example.org/blank", Metadata(site_name="Blog"))  # a page without a title
    findings = check(workspace, "2021-02", offline=True).findings
    assert sorted(f.file for f in findings if f.code == "no-title") == [
        "entries/2021/02/blank.md",
        "entries/2021/02/failed.md",
    ]


def test_warnings_fail_only_with_strict_and_json_is_for_machines(workspace):
    write(workspace, "later.md", "https://blog.example.org/later", "2999-01-05")
    plain = run("check", "2999-01", "--offline")
    assert plain.exit_code == 0
    assert plain.stdout == (
        "entries/2999/01/later.md\n"
        "  warning: dated 2999-01-05, in the future; the date is when you read it "
        "(a typo in the year?)\n"
    )
    assert plain.stderr == "0 errors, 1 warning in 1 entry.\n"
    strict = run("check", "2999-01", "--offline", "--strict", "--json")
    assert strict.exit_code == 1
    assert json.loads(strict.stdout) == {
        "period": "2999-01",
        "entries": 1,
        "links": 0,
        "errors": 0,
        "warnings": 1,
        "findings": [
            {
                "file": "entries/2999/01/later.md",
                "severity": "warning",
                "code": "future-date",
                "message": "dated 2999-01-05, in the future; the date is when you read it (a typo in the year?)",
                "line": None,
            }
        ],
    }


def test_an_email_over_budget_is_a_warning(workspace):
    settings = workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace("max_html_kb = 90 ", "max_html_kb = 1 "))
    result = run("check", "2020-W28", "--offline")
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "entries/2020/07/jax.md\n  warning: tag 'ml' looks like 'machine learning' (by "
        "spelling; in the log: 'machine learning' ×2, 'ml' ×1); use 'machine learning'\n"
        "email edition 2020-W28\n  warning: The email is "
    )
    assert (
        "over the 1 KB budget (Gmail clips messages at about 102 KB). Its 3 entries are too many for one "
        "email even without their notes (3.4 KB of notes in all): leave some for the next edition (a later "
        "`date:`, or `draft: true`).\n" in result.stdout
    )
    assert result.stderr == "0 errors, 2 warnings in 3 entries.\n"  # the other: near-duplicate tags


def test_a_long_list_of_findings_is_summed_up_by_kind(workspace):
    """New user 55's (Hiro's) month of 150 entries gave 86 warnings on 172 lines, and the last
    line, all a terminal showed of it, said "86 warnings": 70 were links with tracking parameters,
    15 entries without notes. Past a screenful of findings the summary says them by kind; a
    short list, read whole, is summed up as before (test_a_clean_edition_passes and the rest)."""
    for number in range(18):
        write(workspace, f"tracked-{number}.md", f"https://blog.example.org/{number}?utm_source=rss", "2021-02-10")
    for number in range(3):
        write(workspace, f"quiet-{number}.md", f"https://blog.example.org/q{number}", "2021-02-11", notes="")
    result = run("check", "2021-02", "--offline")
    assert result.stdout.count("  warning: ") == 21
    assert result.stderr == "0 errors, 21 warnings in 29 entries: 18 tracking, 3 no-notes.\n"
    for number in range(2, 18):
        (workspace / f"entries/2021/02/tracked-{number}.md").unlink()
    assert run("check", "2021-02", "--offline").stderr == "0 errors, 5 warnings in 13 entries.\n"


def test_links_are_checked_head_then_get(server, workspace, release):
    server.expect_request("/ok").respond_with_data(PAGE, content_type="text/html")
    server.expect_request("/no-head", method="HEAD").respond_with_data("", status=405)
    server.expect_request("/no-head", method="GET").respond_with_data(PAGE, content_type="text/html")
    server.expect_request("/missing").respond_with_data("", status=404)
    server.expect_request("/gone").respond_with_data("", status=410)
    moved(server, "/moved", "/ok")
    server.expect_request("/busy").respond_with_data("", status=503)
    answered = threading.Event()

    def slow(request):
        release.wait(60)  # until the test ends
        answered.set()
        return Response(PAGE)

    server.expect_request("/slow").respond_with_handler(slow)
    links = {
        "ok": "/ok",
        "no-head": "/no-head",
        "missing": "/missing",
        "gone": "/gone",
        "moved": "/moved",
        "busy": "/busy",
        "slow": "/slow",
    }
    for name, path in links.items():  # 127.0.0.1: an entry's url needs a dot in its host
        write(workspace, f"{name}.md", f"http://127.0.0.1:{server.port}{path}", "2023-03-01")
    write(workspace, "nowhere.md", "https://nonexistent.invalid/page", "2023-03-02")
    result = run("check", "2023-03")
    assert not answered.is_set()  # the check gave up on /slow at its timeout instead of waiting for it
    assert result.exit_code == 1
    assert result.stdout == (
        "entries/2023/03/busy.md\n"
        "  warning: could not check the link (HTTP 503 Service Unavailable, after 3 attempts)\n"
        "entries/2023/03/gone.md\n"
        "  error: dead link (HTTP 410 Gone); fix the url or link an archived copy "
        "(`newsletter archive` finds one)\n"
        "entries/2023/03/missing.md\n"
        "  error: dead link (HTTP 404 Not Found); fix the url or link an archived copy "
        "(`newsletter archive` finds one)\n"
        "entries/2023/03/nowhere.md\n"
        "  error: dead link (host nonexistent.invalid not found); fix the url or link an archived copy "
        "(`newsletter archive` finds one)\n"
        "entries/2023/03/slow.md\n"
        "  warning: could not check the link (timed out after 1 s)\n"
    )
    assert result.stderr == "3 errors, 2 warnings in 8 entries.\n"
    methods = {(request.method, request.path) for request, _ in server.log}
    assert ("HEAD", "/ok") in methods and ("GET", "/ok") not in methods  # HEAD was enough
    assert {("HEAD", "/no-head"), ("GET", "/no-head")} <= methods  # 405 to HEAD: asked again with GET


def test_a_page_that_now_leads_to_the_home_page_is_said(server, workspace):
    """A removed post that its site answers with a redirect to the home page, or a domain sold
    on, passed as alive: readers found the front page, not what the notes were about."""
    server.expect_request("/").respond_with_data(PAGE, content_type="text/html")
    moved(server, "/blog/2021/removed-post", "/")
    server.expect_request("/old-slug", method="HEAD").respond_with_data(
        "", status=301, headers={"Location": "/new-slug"}
    )
    server.expect_request("/new-slug", method="HEAD").respond_with_data("", content_type="text/html")
    server.expect_request("/search", method="HEAD").respond_with_data(
        "", status=302, headers={"Location": "/?q=removed"}
    )
    base = f"http://127.0.0.1:{server.port}"
    write(workspace, "removed.md", f"{base}/blog/2021/removed-post", "2023-03-01")
    write(workspace, "renamed.md", f"{base}/old-slug", "2023-03-01")  # moved to another page: fine
    write(workspace, "searched.md", f"{base}/search", "2023-03-01")  # a page of results, not the home page
    result = run("check", "2023-03")
    assert result.exit_code == 0  # a warning: a site may send a page home for a while and back
    assert result.stdout == (
        "entries/2023/03/removed.md\n"
        f"  warning: the link now leads to {base}/, the site's home page, not the page: it may be gone; "
        "link its new address, or an archived copy (`newsletter archive` finds one)\n"
    )
    assert result.stderr == "0 errors, 1 warning in 3 entries.\n"


def test_a_page_a_server_sends_home_only_when_asked_with_head_is_not_said_gone(server, workspace):
    """Some servers send every HEAD request to the home page and a GET to the page: check, which
    asks with HEAD first, warned that such a link now leads to the home page and may be gone,
    though a reader's browser (a GET) finds the page. HEAD's landing on a home page is asked
    again with GET; a page GET finds home too is still said."""
    for path in ("/blog/kept-post", "/blog/removed-post"):
        server.expect_request(path, method="HEAD").respond_with_data("", status=302, headers={"Location": "/"})
    server.expect_request("/blog/kept-post", method="GET").respond_with_data(PAGE, content_type="text/html")
    server.expect_request("/blog/removed-post", method="GET").respond_with_data(
        "", status=302, headers={"Location": "/"}
    )
    server.expect_request("/").respond_with_data(PAGE, content_type="text/html")
    base = f"http://127.0.0.1:{server.port}"
    write(workspace, "kept.md", f"{base}/blog/kept-post", "2023-03-01")
    write(workspace, "removed.md", f"{base}/blog/removed-post", "2023-03-01")
    result = run("check", "2023-03")
    assert result.stdout == (
        "entries/2023/03/removed.md\n"
        f"  warning: the link now leads to {base}/, the site's home page, not the page: it may be gone; "
        "link its new address, or an archived copy (`newsletter archive` finds one)\n"
    )


def test_a_home_page_by_another_name_a_short_link_and_a_routed_page_are_not_sent_home(server, workspace):
    """9520b0e warned of each of these as a page sent home, gone: a link to /index.html or a
    language's /en/ (a home page already, under another name), a short link (t.co, bit.ly) made
    to lead to another site's home page, and a single-page site's page (/#/app/page)."""
    server.expect_request("/").respond_with_data(PAGE, content_type="text/html")
    for path, target in [
        ("/index.html", "/"),
        ("/en/", "/"),
        ("/aB3xY", f"http://localhost:{server.port}/"),  # a short link's code, to another site
        ("/app/page", "/#/app/page"),
        ("/2019/05/post", f"http://localhost:{server.port}/"),  # a domain sold on: a page, to another site
    ]:
        moved(server, path, target)
    base = f"http://127.0.0.1:{server.port}"
    for name, path in [("index", "/index.html"), ("en", "/en/"), ("short", "/aB3xY"), ("app", "/app/page")]:
        write(workspace, f"{name}.md", base + path, "2023-03-01")
    write(workspace, "sold.md", f"{base}/2019/05/post", "2023-03-01")
    result = run("check", "2023-03")
    assert result.stdout == (
        "entries/2023/03/sold.md\n"
        f"  warning: the link now leads to http://localhost:{server.port}/, the site's home page, not the page: "
        "it may be gone; link its new address, or an archived copy (`newsletter archive` finds one)\n"
    )


def another_site(landed: str) -> str:
    """check's warning of a link that now leads to `landed`, another site's page."""
    return (
        f"  warning: the link now leads to another site, {landed}: if the domain changed hands, "
        "readers get its new owner's page, and the edition its title; link the page's new address, "
        "or an archived copy (`newsletter archive` finds one)\n"
    )


def test_a_page_that_now_leads_to_another_sites_page_is_said(server, workspace):
    """A post whose domain lapsed and was bought by a casino passed as alive: its link now
    redirected to the casino's page, so the build put "Best Online Casino 2026 - Win Big" and
    the casino's name under the author's "A great read on compilers", in every reader's email.
    A page that now leads to another site's page is said, as one sent home is. A short link
    (one code, made to lead elsewhere) and a move within the site (www., a subdomain) are not."""
    other = f"http://localhost:{server.port}"
    server.expect_request("/casino").respond_with_data(PAGE, content_type="text/html")
    moved(server, "/2019/05/compilers", f"{other}/casino")
    moved(server, "/aB3xY", f"{other}/casino")
    moved(server, "/blog/old", "/blog/new")
    server.expect_request("/blog/new").respond_with_data(PAGE, content_type="text/html")
    base = f"http://127.0.0.1:{server.port}"
    write(workspace, "sold.md", f"{base}/2019/05/compilers", "2023-03-01", notes="A great read on compilers.")
    write(workspace, "short.md", f"{base}/aB3xY", "2023-03-01")
    write(workspace, "moved.md", f"{base}/blog/old", "2023-03-01")
    result = run("check", "2023-03")
    assert result.exit_code == 0  # a warning: a site that moved to a new domain leads there too
    assert result.stdout == ("entries/2023/03/sold.md\n" + another_site(f"{other}/casino"))


def test_a_site_that_moved_to_another_domain_with_its_pages_is_not_another_site(server, workspace):
    """Every tweet's link leads from twitter.com to x.com now, and a Substack's, a Medium post's,
    a BBC story's (bbc.co.uk to bbc.com), Go's documentation (golang.org to go.dev) to another
    domain too: each was said to lead to another site whose new owner readers would get, a
    warning on every tweet that would teach authors to skip the one that matters. A page that
    landed under its own name (the last part of its path) went with its site; a casino has none."""
    other = f"http://localhost:{server.port}"
    moved(server, "/jack/status/20", f"{other}/x/jack/status/20")
    server.expect_request("/x/jack/status/20").respond_with_data(PAGE, content_type="text/html")
    moved(server, "/2019/05/compilers.html", f"{other}/blog/compilers")
    server.expect_request("/blog/compilers").respond_with_data(PAGE, content_type="text/html")
    moved(server, "/2019/05/index.html", f"{other}/casino/index.html")
    server.expect_request("/casino/index.html").respond_with_data(PAGE, content_type="text/html")
    base = f"http://127.0.0.1:{server.port}"
    write(workspace, "tweet.md", f"{base}/jack/status/20", "2023-03-01")
    write(workspace, "moved.md", f"{base}/2019/05/compilers.html", "2023-03-01")
    write(workspace, "sold.md", f"{base}/2019/05/index.html", "2023-03-01")  # any site has an index
    result = run("check", "2023-03")
    assert result.stdout == ("entries/2023/03/sold.md\n" + another_site(f"{other}/casino/index.html"))
    from newsletter.links.sent_home import sent_away

    assert not sent_away("https://twitter.com/jack/status/20", "https://x.com/jack/status/20")
    assert not sent_away("https://www.bbc.co.uk/news/technology-123", "https://www.bbc.com/news/technology-123")
    assert not sent_away("https://medium.com/pub/a-post-1f2e", "https://pub.example/a-post-1f2e")
    assert not sent_away("https://www.aclweb.org/anthology/P19-1001", "https://aclanthology.org/P19-1001/")
    assert sent_away("https://old.example/2019/05/compilers", "https://casino.example/win/compilers-casino")


def test_a_consent_wall_on_the_way_to_the_page_is_not_another_site(server, workspace):
    """From the EU, a Yahoo-owned site's story or a Google Maps link first leads to a consent
    page (consent.yahoo.com, guce.yahoo.com/consent?done=…, consent.google.com/ml?continue=…),
    and check said the link now led to another site, as of a domain sold. A wall that carries
    the link back (or a well-known one) is the way to the page, not another site's page."""
    other = f"http://localhost:{server.port}"
    base = f"http://127.0.0.1:{server.port}"
    moved(server, "/2023/01/story", f"{other}/consent?done={quote(base + '/2023/01/story', safe='')}", status=302)
    server.expect_request("/consent").respond_with_data(PAGE, content_type="text/html")
    moved(server, "/2019/05/compilers", f"{other}/casino?from=elsewhere")
    server.expect_request("/casino").respond_with_data(PAGE, content_type="text/html")
    write(workspace, "story.md", f"{base}/2023/01/story", "2023-03-01")
    write(workspace, "sold.md", f"{base}/2019/05/compilers", "2023-03-01")
    result = run("check", "2023-03")
    assert result.stdout == "entries/2023/03/sold.md\n" + another_site(f"{other}/casino?from=elsewhere")
    from newsletter.links.sent_home import sent_away

    assert not sent_away(
        "https://www.engadget.com/a-story-123.html", "https://consent.yahoo.com/v2/collectConsent?sessionId=3"
    )
    maps = "https://consent.google.com/ml?continue=https://www.google.com/maps/place/x&gl=DE"
    assert not sent_away("https://maps.app.goo.gl/XyZ12", maps)
    assert sent_away(
        "https://old.example/2019/05/compilers", "https://consent.example/?continue=https://casino.example/"
    )


def test_a_short_link_of_two_parts_is_a_short_link():
    """goo.gl/maps/…, a.co/d/…, flic.kr/p/… lead to another site as bit.ly/… does: what they
    were made for. A short domain, a short word, then a code; a longer name's such path is a page."""
    from newsletter.links.sent_home import sent_away, sent_home

    assert not sent_away("https://goo.gl/maps/AbC123xyz", "https://www.google.com/maps/place/Foo/@1,2")
    assert not sent_away("https://a.co/d/3kX9yZ1", "https://www.amazon.com/dp/B0ABCDEF/ref=x")
    assert not sent_away("https://flic.kr/p/2kFqXa", "https://www.flickr.com/photos/someone/123456/")
    assert not sent_home("https://a.co/d/3kX9yZ1", "https://www.amazon.com/")
    assert sent_away("https://old.example/blog/x7Gq2", "https://casino.example/win")
    assert sent_away("https://goo.gl/maps/my-great-post-here", "https://casino.example/win")
    assert sent_away("https://goo.gl/a/b/c7Gq2", "https://casino.example/win")


def test_a_blog_post_named_by_its_whole_path_is_not_a_short_link(server, workspace):
    """A Ghost or WordPress blog names a post by one part of its path (/my-great-post-on-compilers/),
    as a short link names its target by one code: a lapsed blog's post sent on to a casino's page,
    or its home page, was taken for a short link made to lead there, and nothing was said. A path
    of words joined by hyphens is a page's name; a code ("aB3xY", YouTube's "z-WSrQDXkuM") is not."""
    other = f"http://localhost:{server.port}"
    server.expect_request("/casino").respond_with_data(PAGE, content_type="text/html")
    server.expect_request("/").respond_with_data(PAGE, content_type="text/html")
    for path, target in [
        ("/my-great-post-on-compilers/", "/casino"),
        ("/a-post-on-parsers", "/"),
        ("/aB3xY", "/casino"),
    ]:
        moved(server, path, other + target)
    base = f"http://127.0.0.1:{server.port}"
    write(workspace, "away.md", f"{base}/my-great-post-on-compilers/", "2023-03-01")
    write(workspace, "home.md", f"{base}/a-post-on-parsers", "2023-03-01")
    write(workspace, "short.md", f"{base}/aB3xY", "2023-03-01")
    result = run("check", "2023-03")
    assert result.stdout == (
        "entries/2023/03/away.md\n" + another_site(f"{other}/casino") + "entries/2023/03/home.md\n"
        f"  warning: the link now leads to {other}/, the site's home page, not the page: "
        "it may be gone; link its new address, or an archived copy (`newsletter archive` finds one)\n"
    )
    from newsletter.links.sent_home import sent_home

    assert not sent_home("https://youtu.be/z-WSrQDXkuM", "https://www.youtube.com/")


def test_a_languages_home_page_by_another_name_is_not_sent_home():
    """A multilingual site's home page in a language, under another name (/en/index.html,
    /de/home), was taken for a page its site sends home: recorded gone (223cf7b0), and once seen
    so twice its archived copy replaced a live home page in the post, the email and the feeds."""
    from newsletter.links.sent_home import sent_home

    for path in ("/en/index.html", "/de/home", "/pt-br/default.aspx", "/home/index.php"):
        assert not sent_home(f"https://example.org{path}", "https://example.org/"), path
    assert sent_home("https://example.org/en/about", "https://example.org/")  # a page of the site, gone


def test_a_site_is_told_from_its_neighbours_on_a_shared_host():
    """Every foo.github.io was one site with every other (its last two labels, github.io), so a
    page sent to someone else's Pages, Substack or Blogspot was not said; and a university's
    department (www.cit.tum.de of tum.de: a short name under a country's domain, taken for one
    like co.uk) and an address written with its final dot (example.com.) were other sites."""
    from newsletter.links.sent_home import sent_away

    assert sent_away("https://foo.github.io/post/x", "https://evil.github.io/casino")
    assert sent_away("https://foo.substack.com/p/x", "https://bar.substack.com/p/win")
    assert not sent_away("https://foo.github.io/post/x", "https://foo.github.io/posts/y")
    assert not sent_away("https://medium.com/@foo/x-1f", "https://foo.medium.com/y-1f")  # the host's to its user's
    assert not sent_away("https://www.tum.de/en/news/x", "https://www.cit.tum.de/en/news/y")
    assert not sent_away("https://example.com./post/x", "https://example.com/post/y")
    assert not sent_away("https://news.bbc.co.uk/1/hi/x", "https://www.bbc.co.uk/news/y")


def test_a_redirect_within_a_site_or_to_a_resolver_target_is_not_another_site():
    from newsletter.links.sent_home import sent_away

    assert sent_away("https://old.example/2019/05/post", "https://casino.example/win")
    assert sent_away("https://old.example/", "https://casino.example/")
    assert not sent_away("https://example.com/blog/post", "https://www.example.com/blog/post")
    assert not sent_away("https://example.com/blog/post", "https://blog.example.com/post")
    assert not sent_away("https://doi.org/10.1145/3290605", "https://dl.acm.org/doi/10.1145/3290605")
    assert not sent_away("https://bit.ly/3xYz", "https://example.org/a/long/page")
    assert not sent_away("https://example.com/page", None)


# An http:// link whose https:// twin works: one port speaking both, as a real site's 80 and 443 do.


class _BothHandler(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self):
        secure = isinstance(self.connection, ssl.SSLSocket)
        status = 404 if self.path == "/plain-only" and secure else 301 if self.path == "/removed" else 200
        self.send_response(status)
        if status == 301:  # a page removed: both its addresses lead to the home page
            self.send_header("Location", "/")
        body = PAGE.encode() if status == 200 else b""  # (HEAD is told the length, and sent nothing)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)

    do_GET = do_HEAD

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def both_server(test_ca):
    context, ca_pem = test_ca.server_context, test_ca.ca_pem

    class Both(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True

        def get_request(self):
            sock, address = super().get_request()
            sock.settimeout(2)
            if sock.recv(1, socket.MSG_PEEK) == b"\x16":  # a TLS handshake starts with 0x16
                sock = context.wrap_socket(sock, server_side=True)
            return sock, address

    server = Both(("127.0.0.1", 0), _BothHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{server.server_address[1]}", ca_pem
    server.shutdown()


def test_http_links_with_a_working_https_twin_are_flagged(both_server, workspace, monkeypatch):
    host, ca = both_server
    monkeypatch.setenv("SSL_CERT_FILE", str(ca))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    write(workspace, "upgradable.md", f"http://{host}/page", "2023-04-01")
    write(workspace, "plain.md", f"http://{host}/plain-only", "2023-04-02")
    result = run("check", "2023-04")
    assert (result.exit_code, result.stdout) == (
        0,
        (f"entries/2023/04/upgradable.md\n  warning: an http:// link, and https://{host}/page works; use that\n"),
    )
    assert result.stderr == "0 errors, 1 warning in 2 entries.\n"


def test_an_https_twin_that_leads_home_too_is_not_offered(both_server, workspace, monkeypatch):
    """An http:// link to a removed page, whose https:// twin its site sends home too, was told
    "https://…/removed works; use that" under the warning that it leads to the home page."""
    host, ca = both_server
    monkeypatch.setenv("SSL_CERT_FILE", str(ca))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    write(workspace, "removed.md", f"http://{host}/removed", "2023-04-01")
    result = run("check", "2023-04")
    assert result.stdout == (
        f"entries/2023/04/removed.md\n  warning: the link now leads to http://{host}/, the site's home page, "
        "not the page: it may be gone; link its new address, or an archived copy (`newsletter archive` finds one)\n"
    )


def test_https_twin():
    assert https_twin("http://example.org:80/a?b=1#c") == "https://example.org/a?b=1#c"
    assert https_twin("http://user@example.org:8080/") == "https://example.org:8080/"
    assert https_twin("https://example.org/") is None


def test_earlier_editions_are_read_without_the_full_reader(workspace, monkeypatch):
    """Simple entries of other editions take read.scan_archive's fast path (type, url, date, draft
    lines only): that is what keeps check quick over years of entries (bench/ times it)."""
    for n in range(500):
        write(workspace, f"old-{n}.md", f"https://old.example.org/{n}", "2019-05-01")
    write(workspace, "again.md", "https://old.example.org/499", "2023-05-01")
    fully_read = []
    parse_entry = read.parse_entry

    def counting(path, text, store=None):
        fully_read.append(path.name)
        return parse_entry(path, text, store)

    monkeypatch.setattr(read, "parse_entry", counting)
    report = check(workspace, "2023-05", offline=True)
    assert [f.code for f in report.findings] == ["repeat"]
    assert [name for name in fully_read if name.startswith("old-")] == []


def test_a_page_with_and_without_a_trailing_slash_is_the_same_link(workspace):
    """Pocket's .../dns/ and a bookmark's .../dns are one post: check said nothing when it was
    shared again, nor when two entries of one edition linked it, and readers got it twice."""
    write(workspace, "first.md", "https://jvns.ca/blog/dns/", "2023-04-03")
    write(workspace, "again.md", "https://jvns.ca/blog/dns", "2023-05-02")
    write(workspace, "twice.md", "https://jvns.ca/blog/dns/?utm_source=rss", "2023-05-09")
    write(workspace, "other.md", "https://jvns.ca/blog/dns/more/", "2023-05-10")
    result = run("check", "2023-05", "--offline")
    assert result.stdout == (
        "entries/2023/05/again.md\n"
        "  warning: link already shared in an earlier edition (entries/2023/04/first.md, dated 2023-04-03); "
        "drop it or say why it is back\n"
        "entries/2023/05/twice.md\n"
        "  warning: the link carries tracking parameters (utm_source); use https://jvns.ca/blog/dns/\n"
        "  warning: link already shared in an earlier edition (entries/2023/04/first.md, dated 2023-04-03); "
        "drop it or say why it is back\n"
        "  warning: same link as entries/2023/05/again.md in this edition\n"
    )


def test_a_link_twice_is_said_once_where_the_build_cached_metadata(workspace):
    """With metadata cached, check looks at repeats again as the build does (one paper by the DOI
    its pages name): the same link twice, found before from the front matter alone, is said once."""
    write(workspace, "once.md", "https://jvns.ca/blog/dns/", "2023-05-02")
    write(workspace, "again.md", "https://jvns.ca/blog/dns/", "2023-05-09")
    assert run("build", "2023-05", "--offline").exit_code == 0
    from newsletter.links import cache

    assert (workspace / ".newsletter" / cache.FILENAME).is_file()  # what makes check look again
    result = run("check", "2023-05", "--offline")
    assert result.stdout.count("same link as entries/2023/05/once.md in this edition") == 1, result.stdout


def test_only_one_trailing_slash_is_no_matter(workspace):
    """Every trailing slash was dropped: Wiktionary's entry for "/" (/wiki//) was its main page
    (/wiki/) shared again, and check said so."""
    write(workspace, "main.md", "https://en.wiktionary.org/wiki/", "2023-04-03")
    write(workspace, "slash.md", "https://en.wiktionary.org/wiki//", "2023-05-02")
    write(workspace, "again.md", "https://en.wiktionary.org/wiki/%2F/", "2023-05-09")
    write(workspace, "same.md", "https://en.wiktionary.org/wiki/%2F", "2023-05-10")
    result = run("check", "2023-05", "--offline")
    assert "slash.md" not in result.stdout
    assert (
        result.stdout == "entries/2023/05/same.md\n  warning: same link as entries/2023/05/again.md in this edition\n"
    )


def test_an_arxiv_paper_is_the_same_link_whatever_its_version_or_page(workspace):
    """arxiv.org/abs/2401.01234v5 was not the paper shared as arxiv.org/abs/2401.01234, nor its
    PDF: check said nothing of the repeat. What the author wrote is what the warnings name."""
    write(workspace, "first.md", "https://arxiv.org/abs/2401.01234", "2023-04-03")
    write(workspace, "again.md", "https://arxiv.org/abs/2401.01234v5", "2023-05-02")
    write(workspace, "pdf.md", "http://arxiv.org/pdf/2401.01234v2.pdf", "2023-05-09")
    write(workspace, "other.md", "https://arxiv.org/abs/2401.01235v5", "2023-05-10")
    result = run("check", "2023-05", "--offline")
    assert result.stdout == (
        "entries/2023/05/again.md\n"
        "  warning: link already shared in an earlier edition (entries/2023/04/first.md, dated 2023-04-03); "
        "drop it or say why it is back\n"
        "entries/2023/05/pdf.md\n"
        "  warning: link already shared in an earlier edition (entries/2023/04/first.md, dated 2023-04-03); "
        "drop it or say why it is back\n"
        "  warning: same link as entries/2023/05/again.md in this edition\n"
    )
    from newsletter.links.urls import normalise_url, work_key

    assert work_key("https://www.arxiv.org/abs/hep-th/9901001v3") == "https://arxiv.org/abs/hep-th/9901001"
    assert work_key("https://arxiv.org/html/2401.01234v1/") == "https://arxiv.org/abs/2401.01234"
    # The cache keeps each version's own metadata (titles change between versions).
    assert normalise_url("https://arxiv.org/abs/2401.01234v5") != normalise_url("https://arxiv.org/abs/2401.01234")


def test_a_paper_is_the_same_link_by_its_doi_or_its_publishers_page(workspace):
    """New user 46 shared a paper by its DOI one week and from the ACM page it leads to the next,
    AlphaFold from nature.com and by its DOI, a bioRxiv preprint's two versions, and a preprint
    by arXiv's DOI as Zotero exports it: check said nothing of any repeat."""
    write(workspace, "acm.md", "https://doi.org/10.1145/3442188.3445922", "2023-04-03")
    write(workspace, "nature.md", "https://www.nature.com/articles/s41586-021-03819-2", "2023-04-04")
    write(workspace, "arxiv.md", "https://arxiv.org/abs/2310.06825", "2023-04-05")
    write(workspace, "acm-page.md", "https://dl.acm.org/doi/10.1145/3442188.3445922", "2023-05-02")
    write(workspace, "nature-doi.md", "https://doi.org/10.1038/S41586-021-03819-2", "2023-05-03")
    write(workspace, "arxiv-doi.md", "https://doi.org/10.48550/arXiv.2310.06825", "2023-05-04")
    write(workspace, "biorxiv.md", "https://www.biorxiv.org/content/10.1101/2020.07.12.199588v1", "2023-05-05")
    write(workspace, "biorxiv-v2.md", "https://www.biorxiv.org/content/10.1101/2020.07.12.199588v2.full", "2023-05-06")
    write(workspace, "springer.md", "https://link.springer.com/article/10.1007/s11263-015-0816-y", "2023-05-07")
    write(workspace, "other.md", "https://dl.acm.org/doi/10.1145/3442188.3445923", "2023-05-08")
    result = run("check", "2023-05", "--offline")
    assert result.stdout == (
        "entries/2023/05/acm-page.md\n"
        "  warning: link already shared in an earlier edition (entries/2023/04/acm.md, dated 2023-04-03); "
        "drop it or say why it is back\n"
        "entries/2023/05/arxiv-doi.md\n"
        "  warning: link already shared in an earlier edition (entries/2023/04/arxiv.md, dated 2023-04-05); "
        "drop it or say why it is back\n"
        "entries/2023/05/biorxiv-v2.md\n"
        "  warning: same link as entries/2023/05/biorxiv.md in this edition\n"
        "entries/2023/05/nature-doi.md\n"
        "  warning: link already shared in an earlier edition (entries/2023/04/nature.md, dated 2023-04-04); "
        "drop it or say why it is back\n"
    )


def test_an_openreview_or_acl_anthology_paper_is_the_same_link_as_its_pdf(workspace):
    """OpenReview's forum and its PDF (forum?id=, pdf?id=), the ACL Anthology's page, its PDF
    and its DOI are one paper each: new user 46's ViT and BERT, logged from their pages, were
    not found again from their PDFs. Another paper of the same venue is another link."""
    write(workspace, "vit.md", "https://openreview.net/forum?id=YicbFdNTTy", "2023-04-03")
    write(workspace, "bert.md", "https://aclanthology.org/N19-1423/", "2023-04-04")
    write(workspace, "vit-pdf.md", "https://openreview.net/pdf?id=YicbFdNTTy", "2023-05-02")
    write(workspace, "bert-pdf.md", "https://aclanthology.org/N19-1423.pdf", "2023-05-03")
    write(workspace, "bert-doi.md", "https://doi.org/10.18653/v1/N19-1423", "2023-05-04")
    write(workspace, "other.md", "https://aclanthology.org/N19-1424.pdf", "2023-05-05")
    write(workspace, "group.md", "https://openreview.net/group?id=YicbFdNTTy", "2023-05-06")
    result = run("check", "2023-05", "--offline")
    earlier = "link already shared in an earlier edition (entries/2023/04/{}); drop it or say why it is back"
    bert, vit = earlier.format("bert.md, dated 2023-04-04"), earlier.format("vit.md, dated 2023-04-03")
    assert result.stdout == (
        f"entries/2023/05/bert-doi.md\n  warning: {bert}\n"
        "  warning: same link as entries/2023/05/bert-pdf.md in this edition\n"
        f"entries/2023/05/bert-pdf.md\n  warning: {bert}\n"
        f"entries/2023/05/vit-pdf.md\n  warning: {vit}\n"
    )


def test_a_video_is_the_same_link_whatever_form_it_was_shared_in(workspace):
    """A talk watched on youtu.be and logged again from the watch page with its timestamp, and a
    Vimeo talk logged from its page and from the player's embed, each showed twice in the
    edition, under the same title: check and build said nothing of the repeat."""
    write(workspace, "first.md", "https://youtu.be/Lfw9H63g0OQ", "2023-04-03")
    write(workspace, "again.md", "https://www.youtube.com/watch?v=Lfw9H63g0OQ&t=120s", "2023-05-02")
    write(workspace, "talk.md", "https://vimeo.com/379834851", "2023-05-03")
    write(workspace, "embed.md", "https://player.vimeo.com/video/379834851", "2023-05-09")
    write(workspace, "other.md", "https://www.youtube.com/watch?v=aR2bC3dE4fG", "2023-05-10")
    result = run("check", "2023-05", "--offline")
    assert result.stdout == (
        "entries/2023/05/again.md\n"
        "  warning: link already shared in an earlier edition (entries/2023/04/first.md, dated 2023-04-03); "
        "drop it or say why it is back\n"
        "entries/2023/05/embed.md\n"
        "  warning: same link as entries/2023/05/talk.md in this edition\n"
    )


def test_finding_a_video_twice_loads_no_http_client(workspace):
    """Asking the YouTube and Vimeo adapters which video a link is (links/same_work.py) loaded the
    fetcher and httpx with them, into every build, check and doctor, offline too: 0.15 s of CPU
    more to start each, for two pure functions of a URL."""
    import subprocess
    import sys

    write(workspace, "first.md", "https://youtu.be/Lfw9H63g0OQ", "2023-05-02")
    write(workspace, "again.md", "https://www.youtube.com/watch?v=Lfw9H63g0OQ&t=120s", "2023-05-03")
    code = (
        "import sys; from click.testing import CliRunner; from newsletter.cli import main; "
        "result = CliRunner().invoke(main, ['check', '2023-05', '--offline']); "
        "print('same link as' in result.stdout, 'httpx' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=workspace, timeout=60)
    assert (done.stdout, done.stderr) == ("True False\n", "")


def test_a_year_is_refused_naming_the_review_as_build_refuses_it(workspace):
    """`check 2022` checked the year's entries as one monthly email (a size, a render) that is
    never sent: a year's edition is its review, which `build` refuses to make too."""
    result = run("check", "2022", "--offline")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        "Error: 2022 is a year: its edition is the year in review, which `newsletter review 2022` writes "
        "and warns about. `check` takes a month (2022-01) or a week (2022-W01).\n"
    )
    assert run("build", "2022", "--offline").stderr == result.stderr.replace("`check`", "`build`")  # one message


def test_a_period_without_entries_says_so_rather_than_passing(workspace):
    """'0 errors, 0 warnings in 0 entries.' in green read as a clean edition: an author who
    typed the wrong month thought it was ready."""
    result = run("check", "2020-05", "--offline")
    assert result.exit_code == 0
    assert result.stderr == "No entries for 2020-05 (2020-05-01 to 2020-05-31): nothing to check.\n"


def test_a_blog_in_another_language_than_the_newsletter_is_said(example_workspace):
    """A German log built into the Hugo site `init` wrote: every post said <html lang="en">, as
    the site's defaultContentLanguage did, and nothing told the author."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(re.sub(r'(?m)^language = ".*"', 'language = "de"', settings.read_text()), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    said = [line for line in result.stdout.splitlines() if 'lang="en"' in line]
    assert said == [
        '  warning: the blog\'s pages say lang="en" (defaultContentLanguage), but the newsletter is in "de" '
        '([newsletter] language); set defaultContentLanguage = "de" there, so readers\' browsers and screen '
        "readers read the posts in their language"
    ]
    assert "site/hugo.toml\n" + said[0] in result.stdout
    hugo = example_workspace / "site/hugo.toml"
    hugo.write_text(hugo.read_text().replace('defaultContentLanguage = "en"', 'defaultContentLanguage = "de"'))
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    assert 'lang="' not in result.stdout


@pytest.mark.parametrize("language, setting, warned", [("es", "", True), ("es", "false", False), ("en", "", False)])
def test_a_blog_that_titles_a_non_english_logs_tags_in_english_title_case_is_said(
    example_workspace, language, setting, warned
):
    """A Spanish log on a Hugo site an older `init` made: a current Hugo showed "no-ficción" as
    "No-Ficción" and the category "lo que leí" as "Lo Que Leí", and nothing said why or what
    to set (a new `init` sets capitalizeListTitles = false). An English site keeps its title case."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(re.sub(r'(?m)^language = ".*"', f'language = "{language}"', settings.read_text()))
    hugo = example_workspace / "site/hugo.toml"
    without = re.sub(r"(?m)^capitalizeListTitles = false\n", "", hugo.read_text())
    assert without != hugo.read_text()
    hugo.write_text(
        without.replace("[taxonomies]", f"capitalizeListTitles = {setting}\n\n[taxonomies]") if setting else without
    )
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    said = [line for line in result.stdout.splitlines() if "capitalizeListTitles" in line and "No-Ficción" in line]
    expected = (
        "  warning: Hugo (0.123 and later) shows the posts' tags and categories in English title case "
        '("No-Ficción" for "no-ficción"), not as written in "es" ([newsletter] language); '
        "set capitalizeListTitles = false there to show them as written"
    )
    assert said == ([expected] if warned else [])
    if warned:  # under the file it names
        lines = result.stdout.splitlines()
        heading = [line for line in lines[: lines.index(expected)] if not line.startswith(" ")][-1]
        assert heading == "site/hugo.toml"


@pytest.mark.parametrize(
    "taxonomies, dropped",
    [
        ("  tema: temas\n  categoria: categorias\n", "tags and categories"),
        ("  tema: temas\n  tag: tags\n", "categories"),
        ("  tag: tags\n  category: categories\n", None),
        ("", None),  # unset: Hugo's own, tags and categories
    ],
)
def test_a_blog_whose_own_taxonomies_drop_the_posts_tags_is_said(example_workspace, tmp_path, taxonomies, dropped):
    """Lucía's Hugo site (new user 40) lists taxonomies of its own, temas and categorias: Hugo
    then has only those, and dropped the posts' tags and categories without a word (no tag on
    the post, no tag page), as check, build and `hugo --panicOnWarning` did."""
    blog = tmp_path / "blog"
    (blog / "content/lecturas").mkdir(parents=True)
    listed = f"taxonomies:\n{taxonomies}" if taxonomies else ""
    (blog / "hugo.yaml").write_text(f"baseURL: https://lucia.example/blog/\ntitle: Blog\n{listed}", encoding="utf-8")
    settings = example_workspace / "newsletter.toml"
    settings.write_text(re.sub(r'(?m)^path = "site"', f'path = "{blog}"', settings.read_text(), count=1))
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    said = [line for line in result.stdout.splitlines() if "taxonomies" in line]
    if not dropped:
        assert said == []
        return
    own = "categorias, temas" if "categorias" in taxonomies else "tags, temas"
    add = '`tag: "tags"` and `category: "categories"`' if "and" in dropped else '`category: "categories"`'
    assert said == [
        f"  warning: the site's taxonomies ({own}) leave out {dropped}, which the posts give: Hugo drops them, "
        f"and the posts show none; add {add} to its taxonomies"
    ]
    lines = result.stdout.splitlines()
    assert [line for line in lines[: lines.index(said[0])] if not line.startswith(" ")][-1] == str(blog / "hugo.yaml")
    built = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])
    assert f"warning: {blog / 'hugo.yaml'}: {said[0].removeprefix('  warning: ')}" in built.output  # its first build


@pytest.mark.parametrize(
    "name, written",
    [
        ("hugo.toml", '[taxonomies]\ntema = "temas"\ncategoria = "categorias"\n'),
        ("hugo.json", '{"taxonomies": {"tema": "temas", "categoria": "categorias"}}'),
        ("hugo.yaml", "taxonomies:\n  tema: temas\n  categoria: categorias\n"),
        ("config/_default/taxonomies.toml", 'tema = "temas"\ncategoria = "categorias"\n'),
    ],
)
def test_the_taxonomies_to_add_are_said_as_the_settings_file_reads_them(example_workspace, tmp_path, name, written):
    """The pairs the taxonomies warning says to add are lines the settings file's own format
    reads (review 29): after site.setting took the format's shape, a hugo.toml was told to add
    `tag = tags` and a hugo.json `"tag": tags`, which TOML and JSON refuse, where it said
    `tag = "tags"` the day before."""
    import tomllib

    import yaml

    blog = tmp_path / "blog"
    (blog / "content/lecturas").mkdir(parents=True)
    (blog / name).parent.mkdir(parents=True, exist_ok=True)
    (blog / name).write_text(written, encoding="utf-8")
    if name.startswith("config/"):
        (blog / "config/_default/hugo.toml").write_text('baseURL = "https://lucia.example/blog/"\n', encoding="utf-8")
    settings = example_workspace / "newsletter.toml"
    settings.write_text(re.sub(r'(?m)^path = "site"', f'path = "{blog}"', settings.read_text(), count=1))
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    said = [line for line in result.stdout.splitlines() if "taxonomies (" in line]
    assert len(said) == 1, result.stdout
    pairs = re.findall(r"`([^`]+)`", said[0])
    read = {".toml": tomllib.loads, ".json": lambda pair: json.loads("{" + pair + "}"), ".yaml": yaml.safe_load}[
        Path(name).suffix
    ]
    assert [read(pair) for pair in pairs] == [{"tag": "tags"}, {"category": "categories"}]


def test_a_setting_to_change_in_a_yaml_site_is_said_as_yaml_writes_it(example_workspace, tmp_path):
    """Lucía's site (new user 40) has its settings in hugo.yaml, and check told her to "set
    capitalizeListTitles = false there", and a German log's to "set defaultContentLanguage = ..."
    there: TOML, a line YAML cannot read. Each is said as the file writes a setting."""
    blog = tmp_path / "blog"
    (blog / "content/posts").mkdir(parents=True)
    (blog / "hugo.yaml").write_text("baseURL: https://lucia.example/blog/\ntitle: Blog\n", encoding="utf-8")
    settings = example_workspace / "newsletter.toml"
    text = re.sub(r'(?m)^path = "site"', f'path = "{blog}"', settings.read_text(), count=1)
    settings.write_text(re.sub(r'(?m)^language = ".*"', 'language = "es"', text, count=1))
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    assert "; set capitalizeListTitles: false there to show them as written" in result.stdout
    assert '; set defaultContentLanguage: "es" there, so readers' in result.stdout


@pytest.mark.parametrize("tags, warned", [("[nlp, transformers]", "nlp"), ("[NLP, transformers]", None)])
def test_an_english_blog_that_titles_an_acronym_tag_with_one_capital_is_said(example_workspace, tags, warned):
    """An English site without capitalizeListTitles = false (a blog of the author's own) showed
    the tag llms as "Llms" and nlp as "Nlp", title case's one capital, and check said nothing, as
    it said nothing of English title case: an acronym written in small letters is named."""
    hugo = example_workspace / "site/hugo.toml"
    hugo.write_text(re.sub(r"(?m)^capitalizeListTitles = false\n", "", hugo.read_text()))
    for entry in (example_workspace / "entries/2021/02").glob("*.md"):
        entry.write_text(re.sub(r"(?m)^tags: \[.*\]$", f"tags: {tags}", entry.read_text(encoding="utf-8")))
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    said = [line for line in result.stdout.splitlines() if "capitalizeListTitles" in line]
    expected = (
        '  warning: Hugo (0.123 and later) shows the tag "nlp" in English title case, "Nlp"; write it "NLP" '
        "in the entries, or set capitalizeListTitles = false there to show tags as written"
    )
    assert said == ([expected] if warned else [])
    spelt = {word: site_title_case.acronym(word) for word in ("llms", "nfts", "css", "dns", "ml", "apis", "rust")}
    assert spelt == {"llms": "LLMs", "nfts": "NFTs", "css": "CSS", "dns": "DNS", "ml": "ML", "apis": None, "rust": None}


def test_a_two_letter_acronyms_plural_is_spelt_as_readers_write_it():
    """site_title_case.acronym spelt "vms" and "prs" VMS and PRS (an s after two letters taken
    for the acronym's own, as in css), where readers write VMs and PRs; check told an English
    blog to write its tag "VMS"."""
    spelt = {word: site_title_case.acronym(word) for word in ("vms", "prs", "dms", "gps", "rss", "sms")}
    assert spelt == {"vms": "VMs", "prs": "PRs", "dms": "DMs", "gps": "GPS", "rss": "RSS", "sms": "SMS"}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_blog_whose_title_case_style_is_none_is_not_told_its_tags_are_title_cased(example_workspace, language):
    """A site setting titleCaseStyle = "none" shows its tags as written, nlp as nlp (Hugo's list
    titles are cased by that style), but check said Hugo would show it "Nlp", and, for a Spanish
    log, "No-Ficción", and told the author to set capitalizeListTitles."""
    hugo = example_workspace / "site/hugo.toml"
    without = re.sub(r"(?m)^capitalizeListTitles = false\n", "", hugo.read_text())
    hugo.write_text(without.replace("[taxonomies]", 'titleCaseStyle = "none"\n\n[taxonomies]'))
    settings = example_workspace / "newsletter.toml"
    settings.write_text(re.sub(r'(?m)^language = "en"', f'language = "{language}"', settings.read_text(), count=1))
    for entry in (example_workspace / "entries/2021/02").glob("*.md"):
        entry.write_text(re.sub(r"(?m)^tags: \[.*\]$", "tags: [nlp, no-ficción]", entry.read_text(encoding="utf-8")))
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    assert "titleCaseStyle" not in result.stdout and "capitalizeListTitles" not in result.stdout


def test_an_older_inits_taxonomy_layout_that_empties_the_tag_pages_is_said(example_workspace):
    """A site an older `init` made keeps layouts/_default/taxonomy.html, which a current Hugo
    also reads for each tag's and category's own page: every one said "None yet." and listed
    no post (394c39f renamed it in new sites), and nothing told the sites made before."""
    layouts = example_workspace / "site/layouts/_default"
    (layouts / "terms.html").rename(layouts / "taxonomy.html")  # as an older init left it
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    lines = result.stdout.splitlines()
    said = [line for line in lines if "None yet" in line]
    assert said == [
        "  warning: Hugo 0.146 and later draw each tag's and category's own page with this list of all tags, "
        'so they say "None yet." and list no posts; rename it terms.html, as a new `newsletter init` '
        "names it (Hugo 0.111 reads either name)"
    ]
    assert lines[lines.index(said[0]) - 1] == "site/layouts/_default/taxonomy.html"
    (layouts / "taxonomy.html").rename(layouts / "terms.html")
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    assert "None yet" not in result.stdout


def test_an_older_inits_site_without_the_layouts_the_rss_relies_on_is_told_what_to_copy(example_workspace):
    """A site an older `init` made has no RSS render hooks, no partials/feed_address.html and no
    render-image.html (f45c8bb): its RSS showed a post's pictures and links relative to the feed,
    and nothing told the author, who upgraded. check names what is missing and where to get it,
    and writes nothing: a file of the author's by one of those names stays theirs."""
    layouts = example_workspace / "site/layouts"
    (layouts / "partials/feed_address.html").unlink()  # as an older init left it
    for name in ("render-image.html", "render-image.rss.xml", "render-link.rss.xml"):
        (layouts / "_default/_markup" / name).unlink()
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    lines = result.stdout.splitlines()
    said = [line for line in lines if "feed_address.html" in line]
    assert said == [
        "  warning: lacks partials/feed_address.html, _default/_markup/render-image.rss.xml, "
        "_default/_markup/render-link.rss.xml, _default/_markup/render-image.html, which a new `newsletter init` "
        "writes: without them the blog's RSS shows a post's pictures and links relative to the feed (broken "
        "pictures, dead links); run `newsletter init` in an empty folder and copy those files from its "
        "site/layouts/ into this one (a file of yours by one of those names is yours: keep it)"
    ]
    assert lines[lines.index(said[0]) - 1] == "site/layouts"
    assert not (layouts / "partials/feed_address.html").exists()  # (nothing written)

    (layouts / "_markup").mkdir()  # the author's own hooks, where Hugo 0.146 reads them too
    for name in ("render-image.html", "render-image.rss.xml", "render-link.rss.xml"):
        (layouts / "_markup" / name).write_text("{{ .Destination }}")
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    assert (  # one file is one ("without them … copy those files" said of it too)
        "  warning: lacks partials/feed_address.html, which a new `newsletter init` writes: without it the "
        "blog's RSS shows a post's pictures and links relative to the feed (broken pictures, dead links); run "
        "`newsletter init` in an empty folder and copy that file from its site/layouts/ into this one (a file "
        "of yours by that name is yours: keep it)"
    ) in result.stdout.splitlines()

    (layouts / "partials/feed_address.html").write_text("{{ return .Destination }}")
    hugo = example_workspace / "site/hugo.toml"
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    assert "lacks" not in result.stdout
    (layouts / "partials/feed_address.html").unlink()
    hugo.write_text('theme = "paper"\n' + hugo.read_text())  # a theme draws with its own
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    assert "lacks" not in result.stdout


def test_a_blog_the_author_drew_without_a_theme_is_not_told_to_copy_inits_rss_layouts(example_workspace):
    """Tomás pointed `path` at his own Hugo blog: no theme, a layouts/ folder of his own with its
    baseof.html. check took it for a site an older `init` made (it has a baseof.html) and told him
    it "lacks" four files "which a new `newsletter init` writes", to run init in an empty folder
    and copy them into his layouts: his pages, like a theme's, draw with their own. A site is
    init's when its baseof.html is (its site title's class), as older_site.py tells it."""
    layouts = example_workspace / "site/layouts"
    (layouts / "partials/feed_address.html").unlink()
    for name in ("render-image.html", "render-image.rss.xml", "render-link.rss.xml"):
        (layouts / "_default/_markup" / name).unlink()
    (layouts / "_default/baseof.html").write_text(  # the author's own, as a hand-made blog has one
        '<!doctype html><html lang="{{ site.Language.Lang }}"><head><title>{{ .Title }}</title></head>\n'
        '<body><header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>'
        '<main>{{ block "main" . }}{{ end }}</main></body></html>\n'
    )
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    assert "feed_address.html" not in result.stdout, result.stdout


# PaperMod's baseof.html, in short: its pages drawn by its own partials (head, header, footer)
THEMES_BASEOF = """<!DOCTYPE html>
<html lang="{{ site.Language }}" dir="auto">
<head>{{- partial "head.html" . }}</head>
<body class="list" id="top">
  {{- partialCached "header.html" . .Page -}}
  <main class="main">{{- block "main" . }}{{ end }}</main>
  {{ partialCached "footer.html" . .Layout .Kind -}}
</body>
</html>
"""


def test_an_older_inits_site_is_told_what_a_new_ones_pages_have_and_where_to_take_it(example_workspace):
    """A site an older `init` made kept its baseof.html, without the links to the log's feeds, the
    Open Graph tags and the footer's link to every edition, had no 404 page, and its words file
    lacked the words of both (new user 56's starter site got them): nothing told its owner, who
    upgraded. check names what is missing and where to take it from, and writes nothing."""
    site = example_workspace / "site"
    baseof = site / "layouts/_default/baseof.html"
    older = [
        line
        for line in baseof.read_text().splitlines(keepends=True)
        if "feeds/entries." not in line and "og:" not in line and '"newsletter/" | relURL' not in line
    ]
    baseof.write_text("".join(older))  # as an older init wrote it
    (site / "layouts/404.html").unlink()
    title = site / "layouts/partials/list_title.html"
    title.write_text(title.read_text().replace('eq .Kind "404"', 'eq .Kind "none"'))
    french = site / "i18n/fr.toml"
    french.write_text("".join(line for line in french.read_text().splitlines(True) if "every_edition" not in line))
    french.write_text(french.read_text().replace('not_found = "Page introuvable"\n', ""))
    hugo = site / "hugo.toml"
    hugo.write_text(hugo.read_text().replace('defaultContentLanguage = "en"', 'defaultContentLanguage = "fr"'))
    before = {path: path.read_bytes() for path in (baseof, title, french)}
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    lines = result.stdout.splitlines()
    said = [(lines[n - 1], line) for n, line in enumerate(lines) if "a new `newsletter init`" in line]
    assert said == [  # (in the order of their files, as check says them)
        (
            "site/i18n/fr.toml",
            "  warning: lacks every_edition, not_found, which a new `newsletter init`'s fr.toml has, so the blog "
            'says them in English; add these lines to it: every_edition = "Toutes les éditions", '
            'not_found = "Page introuvable"',
        ),
        (
            "site/layouts",
            "  warning: has no 404.html, which a new `newsletter init` writes: the host serves its own bare page "
            "for an old or mistyped address, with no way back to the posts or the editions; run `newsletter init` "
            "in an empty folder and copy 404.html from its site/layouts/ into this folder (and "
            "partials/list_title.html, which titles it in the blog's language, if yours is init's)",
        ),
        (
            "site/layouts/_default/baseof.html",
            "  warning: lacks the links to the log's feeds (a feed reader given a page of the blog finds only "
            "Hugo's RSS); the Open Graph tags (a page shared shows as a bare address); the footer's link to every "
            "edition (no page of the blog links the editions), which a new `newsletter init`'s baseof.html has; "
            "run `newsletter init` in an empty folder and copy those lines from its "
            "site/layouts/_default/baseof.html into this one (the file is yours: nothing overwrites it)",
        ),
    ]
    assert {path: path.read_bytes() for path in before} == before and not (site / "layouts/404.html").exists()

    baseof.write_text(THEMES_BASEOF)  # the site drawn by a theme's baseof, copied into its layouts
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    assert "a new `newsletter init`" not in result.stdout
    baseof.write_text("".join(older))
    hugo.write_text('theme = "paper"\n' + hugo.read_text())  # a theme draws with its own
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    assert "a new `newsletter init`" not in result.stdout


@pytest.mark.parametrize(
    "language, french_part, warned",
    [("de", 'contentDir = "content/fr"', True), ("fr", 'contentDir = "content/fr"', False), ("fr-CA", "", True)],
)
def test_a_newsletter_without_a_part_of_its_own_in_a_blog_in_several_languages_is_said(
    example_workspace, language, french_part, warned
):
    """A German newsletter on an English and French blog, or a French one where the French pages
    are told apart by their files' names, went out as the English part's (lang="en", /posts/…),
    and nothing said so: the check of the blog's language left sites in several languages out."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(re.sub(r'(?m)^language = ".*"', f'language = "{language}"', settings.read_text()))
    hugo = example_workspace / "site/hugo.toml"
    parts = f'\n[languages.en]\nweight = 1\ncontentDir = "content/en"\n[languages.fr]\nweight = 2\n{french_part}\n'
    hugo.write_text(hugo.read_text() + parts)
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    said = [line for line in result.stdout.splitlines() if "defaultContentLanguage" in line]
    own = language.split("-")[0]
    assert said == (
        [
            '  warning: the posts go in the blog\'s default language, "en" (defaultContentLanguage), but the '
            f'newsletter is in "{language}" ([newsletter] language); give [languages] a "{own}" language with a '
            "contentDir of its own, where the posts then go"
        ]
        if warned
        else []
    )
    assert not warned or "site/hugo.toml\n" + said[0] in result.stdout


@pytest.mark.parametrize("where", ["params", "top level"])
def test_a_theme_that_lists_another_section_than_the_posts_is_said(example_workspace, where):
    """Stack lists the pages of `post` (its mainSections); with the default section `posts` its
    home page showed none of the "What I read" posts, and `check` said nothing. A string is
    read as Hugo reads it, as a list of one; a site naming ours (any case) is not warned."""
    hugo = example_workspace / "site/hugo.toml"
    text = hugo.read_text()
    if where == "params":
        hugo.write_text(text.replace("[params]\n", '[params]\nmainSections = ["post"]\n'))
    else:  # before any table
        hugo.write_text('mainSections = "post"\n' + text)
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    said = [line for line in result.stdout.splitlines() if "mainSections" in line]
    assert said == [
        '  warning: the blog\'s theme lists only the posts in "post" (mainSections), but the posts go into '
        '"posts" ([site] section), so its home page and archives will not show them; set section = "post" '
        'in [site] of newsletter.toml, or add "posts" to mainSections there'
    ]
    assert "site/hugo.toml\n" + said[0] in result.stdout
    hugo.write_text(hugo.read_text().replace('"post"', '"Posts"'))
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    assert "mainSections" not in result.stdout


def test_dead_links_in_notes_and_the_intro_are_said_with_their_line(server, workspace):
    """A reader follows a note's link as readily as the entry's own; the build never swaps it for an
    archived copy, so check names it, at its line. Code is not a link; mailto is not checked."""
    server.expect_request("/page").respond_with_data(PAGE, content_type="text/html")
    for path in ("/gone-inline", "/gone-bare", "/gone-ref", "/gone-intro"):
        server.expect_request(path).respond_with_data("", status=404)
    server.expect_request("/busy").respond_with_data("", status=503)
    base = f"http://127.0.0.1:{server.port}"
    notes = (
        f"Good, and see [the follow-up]({base}/gone-inline).\n\n"
        f"Also {base}/gone-bare and [the data][data], and `{base}/in-code` and <mailto:me@example.org>.\n\n"
        f"    {base}/in-code-block\n\n"
        f"Busy: [a mirror]({base}/busy). The page again: {base}/page\n\n"
        f"[data]: {base}/gone-ref\n"
    )
    write(workspace, "noted.md", f"{base}/page", "2023-03-01", notes=notes)
    intro = workspace / "entries/2023/03/_index.md"
    intro.write_text(f"---\ntitle: March\n---\nHello.\n\nLast month's [talk]({base}/gone-intro) is gone.\n")
    result = run("check", "2023-03")
    assert result.exit_code == 1
    copy = "fix or remove it, or link an archived copy (https://web.archive.org/web/*/{} lists them)"
    assert result.stdout == (
        "entries/2023/03/_index.md\n"
        f"  error: line 6: dead link {base}/gone-intro (HTTP 404 Not Found); {copy.format(base + '/gone-intro')}\n"
        "entries/2023/03/noted.md\n"
        f"  error: line 6: dead link {base}/gone-inline (HTTP 404 Not Found); {copy.format(base + '/gone-inline')}\n"
        f"  error: line 8: dead link {base}/gone-bare (HTTP 404 Not Found); {copy.format(base + '/gone-bare')}\n"
        f"  error: line 8: dead link {base}/gone-ref (HTTP 404 Not Found); {copy.format(base + '/gone-ref')}\n"
        f"  warning: line 12: could not check the link {base}/busy (HTTP 503 Service Unavailable, after 3 attempts)\n"
    )
    asked = {request.path for request, _ in server.log}
    assert not asked & {"/in-code", "/in-code-block"}


def test_a_dead_note_link_outside_ascii_is_said_as_written_and_its_archive_without_the_fragment(server, workspace):
    """The dead link was printed percent-encoded ('K%C3%A4se' for the 'Käse' the author wrote),
    and the archive's list of copies was offered with the link's #fragment, which browsers
    never send: the archive knows the page by its address alone."""
    server.expect_request("/page").respond_with_data(PAGE, content_type="text/html")
    server.expect_request("/wiki/Käse").respond_with_data("", status=404)
    base = f"http://127.0.0.1:{server.port}"
    write(workspace, "noted.md", f"{base}/page", "2023-03-01", notes=f"See {base}/wiki/Käse#Geschichte for more.\n")
    result = run("check", "2023-03")
    assert result.exit_code == 1
    assert result.stdout == (
        "entries/2023/03/noted.md\n"
        f"  error: line 6: dead link {base}/wiki/Käse#Geschichte (HTTP 404 Not Found); fix or remove it, or link "
        f"an archived copy (https://web.archive.org/web/*/{base}/wiki/K%C3%A4se lists them)\n"
    )


def test_links_in_notes_are_not_asked_for_offline(workspace, monkeypatch):
    monkeypatch.setattr("newsletter.commands.note_links.links_in", lambda path: pytest.fail("read offline"))
    assert run("check", "2021-02", "--offline").exit_code == 0


def test_a_note_link_written_otherwise_than_the_parser_gives_it_is_said_at_its_own_line(tmp_path):
    """The parser gives `www.` as `http://www.`, an accent or a space percent-encoded: each was
    said to be on its paragraph's first line, sending the author to the wrong one."""
    from newsletter.commands.note_links import links_in

    note = tmp_path / "noted.md"
    note.write_text(
        "---\ntitle: Noted\n---\nA paragraph\nwith www.example.org/www in it,\n"
        "https://fr.wikipedia.org/wiki/Collège_de_France and\n[a space](<https://example.com/a b>).\n",
        encoding="utf-8",
    )
    assert links_in(note) == [
        ("http://www.example.org/www", 5, "www.example.org/www"),
        ("https://fr.wikipedia.org/wiki/Coll%C3%A8ge_de_France", 6, "https://fr.wikipedia.org/wiki/Collège_de_France"),
        ("https://example.com/a%20b", 7, "https://example.com/a b"),
    ]


def test_a_note_link_is_named_as_the_author_wrote_it(tmp_path):
    """check named 'https://bücher.de/straße' as 'https://xn--bcher-kva.de/stra%C3%9Fe', the
    parser's form, which the author finds nowhere in the file. A reference defined elsewhere is
    named as a reader reads it; a control character is never printed as it is."""
    from newsletter.commands.note_links import links_in

    note = tmp_path / "noted.md"
    note.write_text(
        "Bought at https://bücher.de/straße today, see [the shop][shop].\n\n"
        "[shop]: https://xn--bcher-kva.de/K%C3%A4se\n\n"
        "And <https://example.com/a%1B[31m>.\n",
        encoding="utf-8",
    )
    assert links_in(note) == [
        ("https://xn--bcher-kva.de/stra%C3%9Fe", 1, "https://bücher.de/straße"),
        ("https://xn--bcher-kva.de/K%C3%A4se", 1, "https://bücher.de/Käse"),
        ("https://example.com/a%1B%5B31m", 5, "https://example.com/a%1B%5B31m"),
    ]


def test_a_note_links_line_is_the_line_it_starts_on_past_code_and_references(tmp_path):
    """Each link was looked for in every line of its paragraph from the first, a note of 8,000
    links one a line taking 27 s (100,000: hours) before a request went out; it is counted from
    the line breaks before it. A reference link was said at its paragraph's first line; a code
    span over two lines, whose break the parser keeps as no break, puts the next link no earlier."""
    from newsletter.commands.note_links import links_in

    note = tmp_path / "noted.md"
    note.write_text(
        "---\ntitle: Noted\n---\nFirst [one][a],\nthen [two][b], `a code\nspan` and\n"
        "https://example.com/c then https://example.com/c/d.\n\n[a]: https://example.com/a\n"
        "[b]: https://example.com/b\n",
        encoding="utf-8",
    )
    assert [(link.url, link.line) for link in links_in(note)] == [
        ("https://example.com/a", 4),
        ("https://example.com/b", 5),
        ("https://example.com/c", 7),
        ("https://example.com/c/d", 7),
    ]


def test_a_link_in_the_front_matter_is_no_notes_link(tmp_path):
    """The build reads front matter after blank lines and closed by '----' as well; the notes' own
    reading took such a file's `image:` for a link in its notes, a dead one an error there."""
    from newsletter.commands.note_links import links_in

    note = tmp_path / "noted.md"
    note.write_text(
        "\n---\ntype: article\nurl: https://example.com/x\nimage: https://example.com/i.png\n"
        "date: 2023-03-01\n----\nSee https://example.com/b\n",
        encoding="utf-8",
    )
    assert links_in(note) == [("https://example.com/b", 8, "https://example.com/b")]


@pytest.mark.parametrize(
    "language, setting, warned", [("ja", "", True), ("zh-TW", "", True), ("ja", "true", False), ("en", "", False)]
)
def test_a_blog_that_spaces_a_japanese_notes_lines_is_said(example_workspace, language, setting, warned):
    """Yuki (new user 22) posts into her own Stack blog: the email joins a note's lines with no
    space between two Japanese characters, but Goldmark keeps the newline, a space after each
    '。' on the blog, and nothing said what to set (a new `init` sets it)."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(re.sub(r'(?m)^language = ".*"', f'language = "{language}"', settings.read_text()))
    hugo = example_workspace / "site/hugo.toml"
    if setting:
        hugo.write_text(hugo.read_text() + f"\n[markup.goldmark.extensions.cjk]\neastAsianLineBreaks = {setting}\n")
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    said = [line for line in result.stdout.splitlines() if "eastAsianLineBreaks" in line]
    expected = (
        "  warning: Hugo shows a line break inside a paragraph as a space between two Japanese or Chinese "
        f'characters ("。 次"), where the email joins the lines ([newsletter] language "{language}"); '
        "set enable = true and eastAsianLineBreaks = true under [markup.goldmark.extensions.cjk] there "
        "(Hugo 0.112 and later)"
    )
    assert said == ([expected] if warned else [])
    if warned:  # under the file it names
        lines = result.stdout.splitlines()
        assert [line for line in lines[: lines.index(expected)] if not line.startswith(" ")][-1] == "site/hugo.toml"


@pytest.mark.parametrize(
    "language, setting, warned", [("ja", "", True), ("zh-TW", "", True), ("ja", "false", False), ("en", "", False)]
)
def test_a_blog_that_counts_a_japanese_posts_words_by_its_spaces_is_said(example_workspace, language, setting, warned):
    """New user 51 (Yuki, Tokyo): without hasCJKLanguage, Hugo took a post of a thousand Japanese
    characters for 18 words, "1 min read" under it in a theme; a new `init` sets it, and check
    says so to a site made before, or the author's own (set either way, it is her choice)."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(re.sub(r'(?m)^language = ".*"', f'language = "{language}"', settings.read_text()))
    hugo = example_workspace / "site/hugo.toml"
    if setting:
        hugo.write_text(f"hasCJKLanguage = {setting}\n" + hugo.read_text())
    result = CliRunner().invoke(main, ["check", "2021-02", "--offline", "-w", str(example_workspace)])
    said = [line for line in result.stdout.splitlines() if "hasCJKLanguage" in line]
    expected = (
        "  warning: Hugo counts a post's words by its spaces, so a theme's word count and reading time take a "
        f'Japanese or Chinese post for a few words ([newsletter] language "{language}"); set hasCJKLanguage = true '
        "there, before its first table"
    )
    assert said == ([expected] if warned else [])


def test_an_impossible_date_does_not_hide_the_files_other_problems(workspace):
    """`check` stopped at `date: 2021-02-30` (YAML's ValueError) and named nothing else of the
    file: its bad type and bad link came one fix later, and an unknown key was told beside no
    error (stop 46 left it). A key misspelt for a missing one is told once, as the error."""
    (workspace / "entries/2021/02/odd.md").write_text(
        "---\ntype: tlak\nurl: not a link\ndate: 2021-02-30\ntitel: Odd\n---\nX.\n"
    )
    (workspace / "entries/2021/02/typo.md").write_text(
        "---\nTyp: talk\nurl: https://a.example/\ndate: 2021-02-03\n---\nX.\n"
    )
    result = run("check", "2021-02", "--offline")
    assert result.exit_code == 1
    assert result.stdout.count("'Typ'") == 1
    told = result.stdout[result.stdout.index("entries/2021/02/odd.md\n") :].splitlines()[1:5]
    assert told[3] == "  warning: line 5: unknown key 'titel' (did you mean 'title'?); it is ignored"
    assert told[0].startswith("  error: line 2: unknown type 'tlak' (did you mean 'talk'?)")
    assert told[1].startswith("  error: line 3: ") and "url" in told[1]
    assert told[2] == (
        "  error: line 4: `date: 2021-02-30` is an impossible value (day is out of range for month); "
        "check the dates (YYYY-MM-DD)"
    )


def test_a_link_a_parking_service_answers_for_is_said_gone(server, workspace):
    """A blog whose domain was not renewed answers every address with its parking service's page:
    GoDaddy's redirects to /lander on the domain itself, which is neither its home page nor another
    site, so check passed the link as alive and readers found an advertisement for the domain."""
    moved(server, "/2019/05/my-post", "/lander")
    server.expect_request("/lander").respond_with_data(PAGE, content_type="text/html")
    base = f"http://127.0.0.1:{server.port}"
    write(workspace, "lapsed.md", f"{base}/2019/05/my-post", "2023-03-01")
    result = run("check", "2023-03")
    assert result.stdout == (
        "entries/2023/03/lapsed.md\n"
        f"  warning: the link now leads to {base}/lander, a parking page for the whole domain (not renewed): "
        "the page is gone; link an archived copy (`newsletter archive` finds one)\n"
    )


def test_a_link_redirected_to_another_sites_lander_is_not_said_parked(server, workspace):
    """A short link made to lead to a campaign's page, /lander on another site, was told "a parking
    page for the whole domain (not renewed): the page is gone", and its archived copy offered in its
    place: GoDaddy's /lander is on the lapsed domain itself (attack 35, a redirect chain through
    two local hosts, 127.0.0.1 and localhost)."""
    moved(server, "/3xYzAb", f"http://127.0.0.1:{server.port}/hop")
    moved(server, "/hop", f"http://localhost:{server.port}/lander")
    server.expect_request("/lander").respond_with_data(PAGE, content_type="text/html")
    write(workspace, "campaign.md", f"http://127.0.0.1:{server.port}/3xYzAb", "2023-03-01")
    result = run("check", "2023-03")
    assert "parking page" not in result.stdout and "gone" not in result.stdout


@pytest.mark.parametrize(
    ("url", "landed", "parked"),
    [
        ("https://old-blog.example/2019/05/post", "https://old-blog.example/lander", True),  # GoDaddy
        ("https://www.old-blog.example/post", "http://ww1.old-blog.example/?subid1=x", True),  # Bodis
        ("https://old-blog.example/post", "https://ww38.old-blog.example/", True),  # ParkingCrew
        ("https://old-blog.example/lander", "https://old-blog.example/lander/", False),  # its own page
        ("https://ww1.example.org/post", "https://ww1.example.org/post/", False),  # a host so named
        ("https://example.org/post", "https://ww1.other.example/", False),  # another site (sent_away's)
        ("https://example.org/post", "https://ww1.example.org.evil.example/", False),  # another's subdomain
        # a /lander on another site is its page, not a parking service's for this domain (attack 35):
        ("https://bit.ly/3xYzAb", "https://shop.example/lander", False),  # a short link to an ad's page
        ("https://old-blog.example/2019/05/post", "https://parking.example/lander", False),  # sent_away's
        ("https://www.old-blog.example/post", "https://old-blog.example/lander", True),  # www. is no other
        ("https://example.org/post", None, False),
    ],
)
def test_a_parking_services_landing_is_told_from_a_sites_own_pages(url, landed, parked):
    assert sent_home_module.parked(url, landed) is parked
