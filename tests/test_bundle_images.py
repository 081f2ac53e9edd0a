"""A note's picture kept beside its entry reaches the blog: copied into the post's bundle."""

import json
import struct
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsletter.build import build
from newsletter.cli import main
from newsletter.errors import NewsletterError

from hugo_versions import hugo_build


def png(width: int, height: int, colour: bytes = b"\xc8\x50\x28") -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + colour * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def add_to_note(month: Path, text: str) -> None:
    """`text` added at the end of the example's model-search note in `month`."""
    note = month / "model-search.md"
    note.write_text(note.read_text() + text)


def built_bundle(workspace: Path):
    """(the build of February, its post's bundle folder)."""
    built = build(workspace, "2021-02", offline=True)
    return built, workspace / "site/content/posts" / built.outputs.post_slug


def test_a_picture_beside_an_entry_is_published_with_the_post(example_workspace, hugo):
    """Devi kept her attention heatmap beside its entry and wrote `![…](attention-heatmap.png)`:
    the post's bundle had no such file, so the blog (Blowfish, and Hugo's own rendering alike)
    showed a broken image and its alt text. It is copied beside the post's index.md, where Hugo
    publishes it with the page; a path leading out of the entry's folder, or one in code, is not."""
    month = example_workspace / "entries/2021/02"
    (month / "figures").mkdir()
    (month / "figures/heatmap.png").write_bytes(png(12, 8))
    (month / "loss.png").write_bytes(png(4, 4))
    add_to_note(
        month,
        "\n![Attention weights of one head](figures/heatmap.png)\n\n"
        "![Outside](../../../newsletter.toml) and `![in code](loss.png)`\n",
    )
    built, bundle = built_bundle(example_workspace)
    assert (bundle / "figures/heatmap.png").read_bytes() == (month / "figures/heatmap.png").read_bytes()
    assert sorted(p.name for p in bundle.rglob("*") if p.is_file()) == ["heatmap.png", "index.md"]

    hugo_build(hugo, example_workspace / "site")
    page = example_workspace / "site/public/posts" / built.outputs.post_slug
    assert (page / "figures/heatmap.png").read_bytes() == (month / "figures/heatmap.png").read_bytes()
    assert 'src="figures/heatmap.png"' in (page / "index.html").read_text()


def test_a_picture_in_the_intro_or_outro_is_published_with_the_post(example_workspace, hugo):
    """A chart kept beside the month's _index.md and shown in its intro was left out of the
    post's bundle (only the entries' notes were looked at): the blog showed a broken image. Found
    with new user 55's month, building init's site. The outro's pictures are the post's too."""
    month = example_workspace / "entries/2021/02"
    (month / "chart.png").write_bytes(png(4, 3))
    (month / "figures").mkdir()
    (month / "figures/end.png").write_bytes(png(2, 2))
    editorial = month / "_index.md"
    text = editorial.read_text().replace("Let’s get started!", "Let’s get started: ![a chart](chart.png).")
    editorial.write_text(text.replace("keep hacking!", "keep hacking! ![the end](figures/end.png)"))
    built, bundle = built_bundle(example_workspace)
    assert sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file()) == [
        "chart.png",
        "figures/end.png",
        "index.md",
    ]
    hugo_build(hugo, example_workspace / "site")
    page = example_workspace / "site/public/posts" / built.outputs.post_slug
    assert (page / "chart.png").read_bytes() == (month / "chart.png").read_bytes()
    assert 'src="chart.png"' in (page / "index.html").read_text()


def test_a_changed_picture_is_copied_again(example_workspace):
    """`newsletter build PERIOD` says "up to date" when nothing the edition is made from changed:
    the picture is among those things, or the blog would keep the first version of a redrawn
    figure."""
    month = example_workspace / "entries/2021/02"
    (month / "loss.png").write_bytes(png(4, 4))
    add_to_note(month, "\n![Loss](loss.png)\n")

    def cli_build():
        return CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(example_workspace)])

    assert "Built 2021-02" in cli_build().stderr
    assert "is up to date" in cli_build().stderr
    copy = next((example_workspace / "site/content/posts").glob("*/loss.png"))
    assert copy.read_bytes() == png(4, 4)
    redrawn = png(4, 4, b"\x28\x50\xc8")
    (month / "loss.png").write_bytes(redrawn)
    assert "Built 2021-02" in cli_build().stderr
    assert copy.read_bytes() == redrawn


def test_a_picture_a_note_shows_that_is_not_beside_it_is_named_by_build_and_check(example_workspace):
    """New user 58 (Ingrid) wrote `![Missing chart](missing-chart.png)` before saving the chart,
    and named a `loss.png` as `Loss.png`: build, check and preview said nothing, while the blog
    would show a broken image and the email the words linked to an address with nothing at it.
    Each is named, the intro's too; a picture that is there, one in code or one out of the entry's
    folder is not."""
    month = example_workspace / "entries/2021/02"
    (month / "loss.png").write_bytes(png(4, 4))
    add_to_note(
        month,
        "\n![Loss](loss.png) ![Missing chart](missing-chart.png) ![Loss again](Loss.png)\n\n"
        "`![in code](gone.png)` ![Outside](../gone.png)\n",
    )
    editorial = month / "_index.md"
    editorial.write_text(editorial.read_text().replace("Let’s get started!", "Let’s get started: ![Oslo](oslo.png)"))
    root = str(example_workspace)
    built = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", root])
    checked = CliRunner().invoke(main, ["check", "2021-02", "--offline", "--json", "-w", root])

    assert built.exit_code == 0, built.output
    said = [line for line in built.stderr.splitlines() if "shows the picture" in line]
    assert [(line.split(": ")[1].rsplit("/")[-1], line.split("'")[1]) for line in said] == [
        ("model-search.md", "missing-chart.png"),
        ("model-search.md", "Loss.png"),
        ("_index.md", "oslo.png"),
    ], built.stderr
    assert all("which is not in its folder: " in line for line in said)
    found = [
        (f["file"], f["severity"]) for f in json.loads(checked.stdout)["findings"] if f["code"] == "picture-not-beside"
    ]
    assert found == [("entries/2021/02/_index.md", "warning")] + [("entries/2021/02/model-search.md", "warning")] * 2


def test_a_picture_path_no_file_can_have_is_left_as_the_note_wrote_it(example_workspace):
    """'![x](x%00.png)' in a note stopped the build with Python's 'ValueError: embedded null byte'
    and a traceback, a path no file can have (or a loop of links) is no picture to copy: the post
    keeps the note's words and the build goes on."""
    month = example_workspace / "entries/2021/02"
    (month / "loop.png").symlink_to("loop.png")
    add_to_note(month, "\n![Nothing](x%00.png) ![Loop](loop.png)\n")
    built, bundle = built_bundle(example_workspace)
    assert "![Nothing](x%00.png)" in (bundle / "index.md").read_text()
    assert [p.name for p in bundle.iterdir()] == ["index.md"]


def test_a_picture_named_with_a_space_is_published_too(example_workspace, hugo):
    """'![Loss curve](<loss curve.png>)', CommonMark's way to name a file with a space in it,
    which Devi's editor previews, was a broken picture on the blog: only a bare path was looked
    for, and '<loss' named nothing. Written in <…>, the picture is copied as a bare one is."""
    month = example_workspace / "entries/2021/02"
    (month / "loss curve.png").write_bytes(png(4, 4))
    add_to_note(month, "\n![Loss curve](<loss curve.png>)\n")
    built = build(example_workspace, "2021-02", offline=True)
    assert (example_workspace / "site/content/posts" / built.outputs.post_slug / "loss curve.png").is_file()

    hugo_build(hugo, example_workspace / "site")
    page = example_workspace / "site/public/posts" / built.outputs.post_slug
    assert (page / "loss curve.png").read_bytes() == png(4, 4)
    assert 'src="loss%20curve.png"' in (page / "index.html").read_text()


def test_a_picture_no_note_shows_any_more_leaves_the_blog(example_workspace):
    """Devi showed a screenshot by mistake, took it out of her note and built again: its copy
    stayed in the post's bundle, and Hugo kept publishing it at the post's address; a renamed
    figure stayed twice, and a post that moved (a new subject) left its old folder behind with
    the copies in it. A copy the last build made that this one does not make goes, with the
    folder it made for it; one the author replaced since is theirs, and stays."""
    month = example_workspace / "entries/2021/02"
    (month / "figures").mkdir()
    (month / "figures/screenshot.png").write_bytes(png(4, 4))
    (month / "loss.png").write_bytes(png(2, 2))
    (month / "kept.png").write_bytes(png(3, 3))
    note = month / "model-search.md"
    original = note.read_text()
    note.write_text(original + "\n![Oops](figures/screenshot.png) ![Loss](loss.png) ![Kept](kept.png)\n")
    posts = example_workspace / "site/content/posts"
    first = posts / build(example_workspace, "2021-02", offline=True).outputs.post_slug
    assert (first / "figures/screenshot.png").is_file() and (first / "loss.png").is_file()
    (first / "kept.png").write_bytes(png(5, 5))  # the author's own picture now, under that name

    note.write_text(original + "\n![Loss](loss.png)\n")
    build(example_workspace, "2021-02", offline=True)
    assert sorted(p.relative_to(first).as_posix() for p in first.rglob("*")) == ["index.md", "kept.png", "loss.png"]

    index = month / "_index.md"
    index.write_text(index.read_text().replace("---\n", '---\ntitle: "Devi reads"\n', 1))
    moved = posts / build(example_workspace, "2021-02", offline=True).outputs.post_slug
    assert moved != first and (moved / "loss.png").read_bytes() == png(2, 2)
    assert sorted(p.name for p in first.iterdir()) == ["kept.png"]  # (the post itself retired, as before)


def test_a_file_of_the_authors_in_the_bundle_is_never_written_over(example_workspace):
    """Blowfish shows a post's `feature.png`, kept in its bundle, as its header picture; Devi put
    hers there, and a note showed another `feature.png`, kept beside its entry: the build wrote
    the note's over hers, which no build could give back. The build stops instead, naming both;
    a copy it made itself it still updates."""
    month = example_workspace / "entries/2021/02"
    (month / "feature.png").write_bytes(png(2, 2))
    add_to_note(month, "\n![Feature](feature.png)\n")
    posts = example_workspace / "site/content/posts"
    bundle = posts / build(example_workspace, "2021-02", offline=True).outputs.post_slug
    (month / "feature.png").write_bytes(png(3, 3))  # redrawn: its copy follows
    build(example_workspace, "2021-02", offline=True)
    assert (bundle / "feature.png").read_bytes() == png(3, 3)

    (bundle / "feature.png").write_bytes(png(9, 9))  # the author's own header picture
    with pytest.raises(
        NewsletterError, match=r"feature\.png is a file in the post's folder that is not .*feature\.png"
    ):
        build(example_workspace, "2021-02", offline=True)
    assert (bundle / "feature.png").read_bytes() == png(9, 9)


def test_a_picture_in_a_list_item_is_published_too(example_workspace, hugo):
    """Devi's steps, '1. Open the profiler' with its screenshot under it, indented as the item's
    ('    ![The flame graph](flame.png)'), showed a broken picture on the blog: a line indented four
    spaces was taken for code and its picture never copied, where Goldmark reads it as the list
    item's. Indented code after a paragraph is still code."""
    month = example_workspace / "entries/2021/02"
    (month / "flame.png").write_bytes(png(4, 4))
    (month / "code.png").write_bytes(png(2, 2))
    add_to_note(
        month,
        "\n1. Open the profiler\n\n    ![The flame graph](flame.png)\n\n"
        "- and then\n\n\tmore ![again](flame.png)\n\nIn code:\n\n    ![shown as typed](code.png)\n",
    )
    built, bundle = built_bundle(example_workspace)
    assert sorted(p.name for p in bundle.iterdir()) == ["flame.png", "index.md"]

    hugo_build(hugo, example_workspace / "site")
    page = (example_workspace / "site/public/posts" / built.outputs.post_slug / "index.html").read_text()
    assert 'src="flame.png"' in page and "![shown as typed](code.png)" in page


def test_two_pictures_of_one_name_in_a_weeks_edition_stop_the_build(example_workspace):
    """A week's edition holds entries of two months, whose folders can each keep an `image.png`
    (the name many editors paste a picture as): both notes named 'image.png', the bundle could
    hold one, and the blog showed the first month's picture under the second month's note. The
    build stops instead, naming both files; one picture shown by two notes is copied once."""
    for month, colour in (("03", b"\x00\x00\xff"), ("04", b"\xff\x00\x00")):
        folder = example_workspace / f"entries/2021/{month}"
        folder.mkdir(exist_ok=True)
        (folder / "image.png").write_bytes(png(2, 2, colour))
        day = "31" if month == "03" else "01"
        for name in ("a", "b"):
            (folder / f"{name}.md").write_text(
                f"---\ntype: article\nurl: https://example.com/{month}/{name}\ndate: 2021-{month}-{day}\n"
                f"title: A {month} {name}\n---\nSee ![the chart](image.png).\n"
            )
    with pytest.raises(NewsletterError, match=r"entries/2021/04/a\.md shows .*04/image\.png as 'image\.png'"):
        build(example_workspace, "2021-W13", offline=True)
    (example_workspace / "entries/2021/04/image.png").unlink()
    (example_workspace / "entries/2021/04/a.md").unlink()
    (example_workspace / "entries/2021/04/b.md").unlink()
    built = build(example_workspace, "2021-W13", offline=True)
    bundle = example_workspace / "site/content/posts" / built.outputs.post_slug
    assert (bundle / "image.png").read_bytes() == png(2, 2, b"\x00\x00\xff")


def test_reference_style_and_raw_html_pictures_are_published_too(example_workspace, hugo):
    """Devi's long note names its figures once at the end ('![Loss curve][loss]', '[loss]:
    figures/loss.png'), and a picture she sized by hand is an `<img src="wide.png" width="300">`:
    the blog, whose Hugo renders raw HTML (`unsafe = true`), showed both broken, neither copied
    into the post's bundle. Read as the blog's Markdown reads them, both are; a picture in code
    is still not."""
    month = example_workspace / "entries/2021/02"
    (month / "figures").mkdir()
    for name in ("figures/loss.png", "wide.png", "code.png"):
        (month / name).write_bytes(png(3, 3))
    add_to_note(
        month,
        '\n![Loss curve][loss] and <img src="wide.png" width="300" alt="Wide">\n\n'
        "    ![in code][code]\n\n[loss]: figures/loss.png\n[code]: code.png\n",
    )
    hugo_config = example_workspace / "site/hugo.toml"
    hugo_config.write_text(hugo_config.read_text().replace("unsafe = false", "unsafe = true"))
    built, bundle = built_bundle(example_workspace)
    assert sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*.png")) == ["figures/loss.png", "wide.png"]

    hugo_build(hugo, example_workspace / "site")
    page = example_workspace / "site/public/posts" / built.outputs.post_slug
    assert (page / "figures/loss.png").is_file() and (page / "wide.png").is_file()
    html = (page / "index.html").read_text()
    assert 'src="figures/loss.png"' in html and 'src="wide.png"' in html


def test_a_raw_picture_the_blog_leaves_out_is_not_published(example_workspace):
    """With Hugo's default `unsafe = false` the blog leaves a note's <img> out of the page: a
    copy of its picture would be published with the post, shown nowhere."""
    month = example_workspace / "entries/2021/02"
    (month / "wide.png").write_bytes(png(3, 3))
    add_to_note(month, '\nSized: <img src="wide.png" width="300" alt="Wide">\n')
    built, bundle = built_bundle(example_workspace)
    assert not list(bundle.rglob("*.png"))


def test_a_commented_out_raw_picture_is_not_published(example_workspace):
    """A screenshot Devi took out of her note by commenting it out (`<!-- <img src="draft.png"> -->`)
    is shown nowhere on her blog, which renders raw HTML; a pattern over the HTML read it as a
    picture all the same and copied it into the bundle, which Hugo publishes whole."""
    month = example_workspace / "entries/2021/02"
    for name in ("draft.png", "kept.png"):
        (month / name).write_bytes(png(3, 3))
    add_to_note(month, '\n<div>\n<!-- <img src="draft.png" alt="Draft"> -->\n<img src="kept.png" alt="Kept">\n</div>\n')
    hugo_config = example_workspace / "site/hugo.toml"
    hugo_config.write_text(hugo_config.read_text().replace("unsafe = false", "unsafe = true"))
    built, bundle = built_bundle(example_workspace)
    assert sorted(p.name for p in bundle.rglob("*.png")) == ["kept.png"]


def test_a_picture_in_a_footnote_is_published_too(example_workspace, hugo):
    """Hugo shows a footnote's text, picture and all ('[^loss]: ![Loss](loss.png)'); read as
    CommonMark alone reads it, the footnote was a link's definition and its picture was not
    copied, broken on the blog (as found by a pattern before, it was)."""
    month = example_workspace / "entries/2021/02"
    (month / "loss.png").write_bytes(png(3, 3))
    add_to_note(month, "\nThe curve flattens[^loss].\n\n[^loss]: ![Loss](loss.png)\n")
    built, bundle = built_bundle(example_workspace)
    assert (bundle / "loss.png").is_file()
    hugo_build(hugo, example_workspace / "site")
    assert (
        'src="loss.png"'
        in (example_workspace / "site/public/posts" / built.outputs.post_slug / "index.html").read_text()
    )


def test_a_note_whose_pictures_were_found_before_is_not_read_again(example_workspace, monkeypatch):
    """Reading a note with markdown-it to find its pictures cost every build of a month with a
    picture the parser's import, ~40 ms of CPU: what a note shows is kept in the notes cache,
    and a build of notes read before finds their pictures without it."""
    from newsletter.formats import bundle_images

    month = example_workspace / "entries/2021/02"
    (month / "loss.png").write_bytes(png(3, 3))
    add_to_note(month, "\n![Loss](loss.png)\n")
    build(example_workspace, "2021-02", offline=True)

    def no_reading():
        raise AssertionError("a note read before was read again")

    monkeypatch.setattr(bundle_images, "_parser", no_reading)
    built = build(example_workspace, "2021-02", offline=True)
    assert (example_workspace / "site/content/posts" / built.outputs.post_slug / "loss.png").is_file()
