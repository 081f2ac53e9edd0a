"""Outputs and the Hugo site (issue 9, item 9): permissions, leftovers, renamed editions,
`build --all`, front matter Hugo accepts, init's site; built by a real Hugo, both versions."""

import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsletter.build import build
from newsletter.cli import main
from newsletter.commands.build import _open_caches, build_all
from newsletter.errors import NewsletterError

from hugo_versions import hugo_build

WEEK_EDITORIAL = "entries/2020/07/_2020-W28.md"


@pytest.fixture
def umask():
    """Set a umask for the test, and put back the one the tests run with."""
    old = os.umask(0o022)
    yield os.umask
    os.umask(old)


@pytest.mark.parametrize("mask, mode", [(0o027, 0o640), (0o002, 0o664)])
def test_outputs_get_the_users_umask(example_workspace, umask, mask, mode):
    umask(mask)
    result = build(example_workspace, "2020-W28", offline=True)
    for path in result.paths:
        assert stat.S_IMODE(path.stat().st_mode) == mode, path


KILLED_BUILD = """
import os, sys
from pathlib import Path
from newsletter.build import build
os.replace = lambda *args: os.kill(os.getpid(), 9)  # killed between writing a file and renaming it
build(Path(sys.argv[1]), "2020-W28", offline=True)
"""


def temporary_files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.tmp"))


def test_the_next_build_removes_what_a_killed_build_left(example_workspace):
    build(example_workspace, "2020-W28", offline=True)
    entry = example_workspace / "entries/2020/07/ray.md"
    text = entry.read_text()
    entry.write_text(text.replace("Sounds cool!", "Sounds cool, really!"))
    killed = subprocess.run([sys.executable, "-c", KILLED_BUILD, str(example_workspace)], capture_output=True)
    assert killed.returncode == -9, killed.stderr
    [leftover] = temporary_files(example_workspace)
    assert re.fullmatch(r"site/content/posts/[a-z0-9-]+/\.index\.md\.\d+\.[0-9a-f]+\.tmp", leftover)

    entry.write_text(text)  # back as it was: the next build writes nothing new, and still tidies up
    build(example_workspace, "2020-W28", offline=True)
    assert temporary_files(example_workspace) == []


KILLED_AT_THE_WEB_PAGE = """
import os, sys
from pathlib import Path
from newsletter.build import build
rename = os.replace
def dying(source, target):  # killed between writing the edition's web page and renaming it
    if "static" in str(target):
        os.kill(os.getpid(), 9)
    rename(source, target)
os.replace = dying
build(Path(sys.argv[1]), "2020-W28", offline=True)
"""


def _two_editions_built_and_a_note_changed(root: Path) -> None:
    """The week and a month built, then a note of the week changed: its next build writes anew."""
    for period in ("2020-W28", "2022-04"):
        build(root, period, offline=True)
    entry = root / "entries/2020/07/ray.md"
    entry.write_text(entry.read_text().replace("Sounds cool!", "Sounds cool, really!"))


def test_a_killed_builds_leftover_in_static_is_swept_by_the_next_build_of_any_edition(example_workspace, hugo):
    """A build killed between writing the week's web page and renaming it left
    static/newsletter/2020-W28/.index.html.PID.x.tmp, which Hugo published as it is, until that
    page was next written: the next build of another edition left it there, and Hugo with it."""
    _two_editions_built_and_a_note_changed(example_workspace)
    killed = subprocess.run([sys.executable, "-c", KILLED_AT_THE_WEB_PAGE, str(example_workspace)], capture_output=True)
    assert killed.returncode == -9, killed.stderr
    [leftover] = temporary_files(example_workspace)
    assert re.fullmatch(r"site/static/newsletter/2020-W28/\.index\.html\.\d+\.[0-9a-f]+\.tmp", leftover)
    running = example_workspace / "site/content/posts/.index.md.1.0badcafe.tmp"  # pid 1 runs: not ours to delete
    running.write_bytes(b"another process's, still being written")
    kept = example_workspace / ".newsletter/writers/notes.txt"  # (the folder a link elsewhere, say): no mark
    kept.write_text("not the tool's")

    build(example_workspace, "2022-04", offline=True)
    assert temporary_files(example_workspace) == ["site/content/posts/.index.md.1.0badcafe.tmp"]
    assert kept.read_text() == "not the tool's"
    running.unlink()
    hugo_build(hugo, example_workspace / "site")
    assert temporary_files(example_workspace / "site/public") == []


KILLED_AT = """
import os, sys
from pathlib import Path
from newsletter.build import build
from newsletter.commands.build import build_all
rename = os.replace
def dying(source, target):  # killed between writing a file and renaming it
    if str(target).endswith(sys.argv[2]):
        os.kill(os.getpid(), 9)
    rename(source, target)
os.replace = dying
if sys.argv[3] == "all":
    build_all(Path(sys.argv[1]), offline=True, jobs=2)
elif sys.argv[3] == "review":
    from newsletter.commands.review import review
    review(Path(sys.argv[1]), "2021", offline=True)
else:
    build(Path(sys.argv[1]), sys.argv[3], offline=True)
"""


@pytest.mark.parametrize(
    ("killed", "at", "left"),
    [
        ("all", "feeds/entries.xml", r"site/static/feeds/\.entries\.xml"),  # build --all's own writes, at its end
        ("2020-W28", "newsletter.txt", r"dist/2020-W28/\.newsletter\.txt"),
        ("review", "newsletter.txt", r"dist/2021/\.newsletter\.txt"),  # a year in review writes the same
    ],
)
def test_a_killed_builds_leftover_of_the_feeds_or_in_dist_is_swept_too(example_workspace, killed, at, left):
    """`build --all` wrote the feeds and the web index itself, after its workers, without a mark
    in .newsletter/writers/, so a run killed there left its temporaries to no sweep; and dist/,
    where every build writes the email edition, was never swept, nor did a killed review's
    temporaries have a mark (mend 14, a real run killed)."""
    run = subprocess.run([sys.executable, "-c", KILLED_AT, str(example_workspace), at, killed], capture_output=True)
    assert run.returncode == -9, run.stderr
    [leftover] = temporary_files(example_workspace)
    assert re.fullmatch(left + r"\.\d+\.[0-9a-f]+\.tmp", leftover)

    build(example_workspace, "2022-04", offline=True, log=False)  # another edition, as a worker of --all builds it
    assert temporary_files(example_workspace) == []


def test_the_workers_of_build_all_take_their_marks_with_them(example_workspace):
    """A build marks .newsletter/writers/ while it writes into the site; a worker of `build --all`
    ends in os._exit, past atexit, and left its mark, so the next build swept the whole site as
    if a build had been killed."""
    build_all(example_workspace, offline=True, jobs=2)
    marks = [mark.name.split(".")[0] for mark in (example_workspace / ".newsletter/writers").iterdir()]
    assert marks == [str(os.getpid())]  # this process's own, which writes the feeds: removed as it exits


def test_build_all_leaves_nothing_of_this_process_frozen(example_workspace):
    """The workers' build freezes this process's objects (gc.freeze, so that no worker's full
    collection walks or copies them) and thaws them after: a process that goes on (a preview, the
    process waiting at a terminal) would otherwise never collect a cycle made before the build."""
    import gc

    build_all(example_workspace, offline=True, jobs=2)
    assert gc.get_freeze_count() == 0


def test_only_what_cannot_be_rebuilt_waits_for_the_disk(example_workspace, monkeypatch):
    """Derived files (outputs, records) are renamed into place without an fsync; what no build
    can make again (the send ledger, the months' archive files) is written the durable way."""
    from newsletter import files
    from newsletter.files import atomic

    synced = []
    real = os.fsync
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: synced.append(os.readlink(f"/proc/self/fd/{fd}")) or real(fd))
    result = build(example_workspace, "2021-02", offline=True)
    assert result.paths and synced == []
    files.write_atomic(example_workspace / "kept.txt", b"a send's record")
    # the temporary, then the folder naming it (new user 54: ext4 saves a rename up to ~5 s later)
    assert [os.path.basename(name).startswith(".kept.txt.") for name in synced] == [True, False]
    assert synced[1] == os.path.realpath(example_workspace)


def rename_week(root, title="Week 28: JAX and Ray"):
    editorial = root / WEEK_EDITORIAL
    text = re.sub(r"^title: .*\n", "", editorial.read_text(), flags=re.M)
    editorial.write_text(text.replace("---\n", f'---\ntitle: "{title}"\n', 1))


def test_a_renamed_edition_leaves_one_post_and_its_old_address_redirects(example_workspace, hugo):
    """The edition's earlier post is removed, so Hugo does not publish both; and links to
    it (in the sent email, the feeds, other people's pages) broke: the build said to paste an
    `aliases` line into the new post, which the next build overwrote."""
    first = build(example_workspace, "2020-W28", offline=True)
    rename_week(example_workspace)
    second = build(example_workspace, "2020-W28", offline=True)
    posts = example_workspace / "site/content/posts"
    assert [p.name for p in posts.iterdir()] == [second.outputs.post_slug] != [first.outputs.post_slug]
    old = first.outputs.post_slug
    assert second.warnings == [
        f"Removed site/content/posts/{old}/index.md, the edition's earlier post: its address "
        f"/posts/{old}/ now redirects to the new post (an `aliases` line in its front matter)."
    ]
    post = posts / second.outputs.post_slug / "index.md"
    assert f'\naliases = ["/posts/{old}/"]\n+++\n' in post.read_text()
    assert build(example_workspace, "2020-W28", offline=True).warnings == []  # kept, said once
    assert f'aliases = ["/posts/{old}/"]' in post.read_text()
    site = example_workspace / "site"
    hugo_build(hugo, site)
    redirect = (site / "public/posts" / old / "index.html").read_text()
    assert "https://ericmjl.github.io/posts/week-28-jax-and-ray-2020/" in redirect


def test_every_earlier_address_of_a_post_renamed_twice_redirects_but_its_own(example_workspace):
    """A second title change must not drop the first address; a title changed back is not an
    alias of itself (Hugo would write a redirect over the post)."""
    first = build(example_workspace, "2020-W28", offline=True).outputs.post_slug
    rename_week(example_workspace, "Week 28: JAX")
    second = build(example_workspace, "2020-W28", offline=True).outputs.post_slug
    rename_week(example_workspace, "Week 28: Ray")
    third = build(example_workspace, "2020-W28", offline=True).outputs.post_slug
    post = example_workspace / "site/content/posts" / third / "index.md"
    assert f'aliases = ["/posts/{first}/", "/posts/{second}/"]' in post.read_text()
    editorial = example_workspace / WEEK_EDITORIAL
    editorial.write_text(re.sub(r"^title: .*\n", "", editorial.read_text(), flags=re.M))  # back to the first
    again = build(example_workspace, "2020-W28", offline=True).outputs.post_slug
    assert again == first
    post = example_workspace / "site/content/posts" / first / "index.md"
    assert f'aliases = ["/posts/{second}/", "/posts/{third}/"]' in post.read_text()


def test_the_aliases_an_author_wrote_into_the_post_are_kept(example_workspace):
    """The warning of earlier versions said to paste an `aliases` line into the new post: the
    next build wrote the post again without it."""
    slug = build(example_workspace, "2020-W28", offline=True).outputs.post_slug
    post = example_workspace / "site/content/posts" / slug / "index.md"
    post.write_text(post.read_text().replace("\n+++\n", '\naliases = ["/posts/old-name/"]\n+++\n', 1))
    build(example_workspace, "2020-W28", offline=True)
    assert 'aliases = ["/posts/old-name/"]' in post.read_text()


def test_aliases_are_read_from_the_front_matter_whatever_the_body_holds(example_workspace):
    """Aliases are looked for in every post of the section (a first build, a moved post, the end
    of `build --all`), and only the front matter holds them: reading whole posts was nearly all
    of that, and a body an editor saved in Latin-1 ("caf\xe9") hid them, so the next build
    dropped them."""
    slug = build(example_workspace, "2020-W28", offline=True).outputs.post_slug
    post = example_workspace / "site/content/posts" / slug / "index.md"
    written = post.read_bytes().replace(b"\n+++\n", b'\naliases = ["/posts/old-name/"]\n+++\n', 1)
    post.write_bytes(written + b"\nOne more caf\xe9.\n")
    build(example_workspace, "2020-W28", offline=True)
    assert 'aliases = ["/posts/old-name/"]' in post.read_text()


def test_aliases_in_a_front_matter_longer_than_what_is_read_first_are_kept_whatever_the_body_holds(example_workspace):
    """The front matter is read from the first 8 KB when it ends there; one longer (a blog
    moved many times: hundreds of aliases) was read with the whole post, and a body saved in
    Latin-1 hid its aliases again, so the next build dropped them all."""
    slug = build(example_workspace, "2020-W28", offline=True).outputs.post_slug
    post = example_workspace / "site/content/posts" / slug / "index.md"
    moved = ", ".join(f'"/{year}/{n:03d}/reading/"' for year in (2016, 2017) for n in range(200)).encode()
    written = post.read_bytes().replace(b"\n+++\n", b"\naliases = [" + moved + b"]\n+++\n", 1)
    assert written.index(b"\n+++\n", 4) > 8192
    post.write_bytes(written + b"\nOne more caf\xe9.\n")
    build(example_workspace, "2020-W28", offline=True)
    assert '"/2016/000/reading/", "/2016/001/reading/"' in post.read_text()


@pytest.mark.parametrize("fence, key", [("---", "aliases: "), ("+++", "aliases = ")])
def test_a_post_whose_aliases_nest_deeper_than_python_reads_ends_no_build(example_workspace, fence, key):
    """Every post of the section is looked through for aliases (a first build, `build --all`'s
    end): one whose front matter nests lists deeper than Python's recursion limit (a damaged or
    hostile post among the blog's) ended `build --all` with a RecursionError traceback. Such a
    front matter is not read, as one YAML or TOML refuses is not, and the post is left as it is."""
    build(example_workspace, "2020-W28", offline=True)
    other = example_workspace / "site/content/posts/another/index.md"
    other.parent.mkdir()
    other.write_text(f"{fence}\ntitle: Another\n{key}{'[' * 100_000}\n{fence}\nA post.\n", encoding="utf-8")
    before = other.read_bytes()
    result = CliRunner().invoke(main, ["build", "--all", "--offline", "-w", str(example_workspace)])
    assert result.exit_code == 0, result.output
    assert other.read_bytes() == before


def test_aliases_an_author_wrote_as_text_are_kept(example_workspace, hugo):
    """Hugo reads `aliases = "/a/ /b/"` as two addresses; the build dropped them."""
    slug = build(example_workspace, "2020-W28", offline=True).outputs.post_slug
    post = example_workspace / "site/content/posts" / slug / "index.md"
    post.write_text(post.read_text().replace("\n+++\n", '\naliases = "/posts/old-name/"\n+++\n', 1))
    build(example_workspace, "2020-W28", offline=True)
    assert 'aliases = ["/posts/old-name/"]' in post.read_text()
    hugo_build(hugo, example_workspace / "site")
    assert (example_workspace / "site/public/posts/old-name/index.html").is_file()


def test_a_hand_edited_post_record_gives_the_post_only_addresses_hugo_can_redirect(example_workspace, hugo):
    """A post.json edited by hand: a lone surrogate failed the build with a traceback, a control
    character gave a post Hugo cannot read, and "/" (the home page) made Hugo refuse the site."""
    slug = build(example_workspace, "2020-W28", offline=True).outputs.post_slug
    record = example_workspace / "dist/2020-W28/post.json"
    written = json.loads(record.read_text())
    written["aliases"] = ["/", "//", "/posts/\ud800/", "/posts/a\x7fb/", 7, "", "/posts/kept/"]
    record.write_text(json.dumps(written))
    build(example_workspace, "2020-W28", offline=True)
    post = example_workspace / "site/content/posts" / slug / "index.md"
    assert tomllib.loads(post.read_text().split("+++")[1])["aliases"] == ["/posts/kept/"]
    hugo_build(hugo, example_workspace / "site")
    assert (example_workspace / "site/public/posts/kept/index.html").is_file()


def test_the_old_address_of_a_renamed_edition_redirects_under_permalinks(example_workspace, hugo):
    """A site with [permalinks] had the post at /2020/07/<title>/: the alias is that address,
    not /posts/<slug>/, where it never was."""
    site = example_workspace / "site"
    (site / "hugo.toml").write_text(
        (site / "hugo.toml").read_text() + '[permalinks]\nposts = "/:year/:month/:title/"\n'
    )
    build(example_workspace, "2020-W28", offline=True)
    rename_week(example_workspace)
    second = build(example_workspace, "2020-W28", offline=True)
    old = "/2020/07/what-i-read-this-week-july-5-july-11-2020/"
    assert f"its address {old} now redirects" in second.warnings[0]
    hugo_build(hugo, site)
    assert (
        "https://ericmjl.github.io/2020/07/week-28-jax-and-ray/"
        in (site / "public" / old[1:] / "index.html").read_text()
    )


def test_the_aliases_line_of_a_renamed_edition_is_in_the_posts_front_matter_language(example_workspace, hugo):
    """With `front_matter = "yaml"`, a TOML `aliases = [...]` line in the post's YAML block makes
    Hugo fail to read the post."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('front_matter = "toml"', 'front_matter = "yaml"'))
    old = build(example_workspace, "2020-W28", offline=True).outputs.post_slug
    rename_week(example_workspace)
    slug = build(example_workspace, "2020-W28", offline=True).outputs.post_slug
    text = (example_workspace / "site/content/posts" / slug / "index.md").read_text()
    assert f'\naliases: ["/posts/{old}/"]\n---\n' in text
    hugo_build(hugo, example_workspace / "site")
    assert (example_workspace / "site/public/posts" / old / "index.html").is_file()


def test_a_site_path_by_another_name_keeps_the_post_it_wrote(example_workspace, tmp_path):
    """[site] path changed from one name of the site to another ("site" to "blog", both links to
    the one folder): the post the last build wrote was taken for this edition's post under an
    earlier title and removed, which was the post just written; the build said "Built" and the
    blog had no post for the edition."""
    blog = tmp_path / "blog"
    (example_workspace / "site").rename(blog)
    (example_workspace / "site").symlink_to(blog, target_is_directory=True)
    (example_workspace / "blog").symlink_to(blog, target_is_directory=True)
    build(example_workspace, "2020-W28", offline=True)
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('path = "site"', 'path = "blog"'))
    result = build(example_workspace, "2020-W28", offline=True)
    assert (blog / "content/posts" / result.outputs.post_slug / "index.md").is_file()
    assert not result.warnings, result.warnings


def test_a_renamed_editions_earlier_post_is_kept_when_edited_and_its_images_stay(example_workspace):
    first = build(example_workspace, "2020-W28", offline=True)
    earlier = example_workspace / "site/content/posts" / first.outputs.post_slug
    (earlier / "cover.jpg").write_bytes(b"\xff\xd8 an image of the author's")
    rename_week(example_workspace)
    second = build(example_workspace, "2020-W28", offline=True)
    assert sorted(p.name for p in earlier.iterdir()) == ["cover.jpg"]  # the post went, the image stayed
    assert second.warnings == [
        f"Removed site/content/posts/{first.outputs.post_slug}/index.md (the edition's "
        "earlier post); its folder still holds other files, so it was kept."
    ]

    third_post = example_workspace / "site/content/posts" / second.outputs.post_slug / "index.md"
    third_post.write_text(third_post.read_text() + "\nA line the author added on the blog.\n")
    rename_week(example_workspace, "Week 28, again")
    third = build(example_workspace, "2020-W28", offline=True)
    assert third_post.is_file()
    assert third.warnings == [
        f"site/content/posts/{second.outputs.post_slug}/index.md is this edition's earlier post "
        f"and was edited since it was written, so it was kept; delete it, or Hugo publishes both it and "
        f"site/content/posts/{third.outputs.post_slug}/index.md."
    ]


def a_may_edition(root):
    """May 2022, an edition of its own: April's conda-hacks entry moved to it."""
    may = root / "entries/2022/05"
    may.mkdir()
    moved = root / "entries/2022/04/conda-hacks.md"
    (may / moved.name).write_text(moved.read_text().replace("date: 2022-04-", "date: 2022-05-"))
    moved.unlink()
    return may


def test_an_old_address_another_edition_took_since_stops_redirecting(example_workspace, hugo):
    """April renamed ('Spring reading' -> 'Spring reading, one') redirects its old address; May
    then took the title 'Spring reading', and its post that address. The current Hugo wrote
    April's redirect over May's post in most builds: May's post was gone from the blog."""
    may = a_may_edition(example_workspace)
    april = example_workspace / "entries/2022/04/_index.md"
    april.write_text(april.read_text().replace("---\n", '---\ntitle: "Spring reading"\n', 1))
    taken = build(example_workspace, "2022-04", offline=True).outputs.post_slug
    april.write_text(april.read_text().replace('title: "Spring reading"', 'title: "Spring reading, one"'))
    renamed = build(example_workspace, "2022-04", offline=True).outputs.post_slug
    (may / "_index.md").write_text('---\ntitle: "Spring reading"\n---\n')
    assert build(example_workspace, "2022-05", offline=True).warnings[-1] == (
        f"site/content/posts/{renamed}/index.md redirects /posts/{taken}/, the address of this edition's post, to "
        "itself, and Hugo may write that redirect over this post: build that post's edition again (or "
        "`newsletter build --all`) to drop it."
    )
    assert build(example_workspace, "2022-04", offline=True).warnings == []
    posts = example_workspace / "site/content/posts"
    assert "aliases" not in (posts / renamed / "index.md").read_text()
    assert "aliases" not in (example_workspace / "dist/2022-04/post.json").read_text()
    site = example_workspace / "site"
    hugo_build(hugo, site)
    assert "<title>Spring reading" in (site / "public/posts" / taken / "index.html").read_text()


def test_build_all_drops_an_old_address_another_edition_takes_in_the_same_run(example_workspace):
    """April renamed, then May given April's old title, both in one `build --all`: April, built
    first, kept redirecting the address May's post took after it."""
    may = a_may_edition(example_workspace)
    april = example_workspace / "entries/2022/04/_index.md"
    april.write_text(april.read_text().replace("---\n", '---\ntitle: "Spring reading"\n', 1))
    build_all(example_workspace, offline=True, jobs=1)
    april.write_text(april.read_text().replace('title: "Spring reading"', 'title: "Spring reading, one"'))
    (may / "_index.md").write_text('---\ntitle: "Spring reading"\n---\n')
    built = {s.period: s for s in build_all(example_workspace, offline=True, jobs=1)}
    posts = example_workspace / "site/content/posts"
    assert "aliases" not in (posts / "spring-reading-one-2022/index.md").read_text()
    assert 'aliases = ["/posts/what-i-read-in-may-2022/"]' in (posts / "spring-reading-2022/index.md").read_text()
    assert built["2022-04"].warnings == []  # not that its old address redirects to it


def test_a_renamed_edition_leaves_alone_the_post_another_edition_wrote_where_its_own_was(example_workspace):
    """April's post deleted by its author, May took its title and wrote its post there; April
    renamed then called May's post its own "edited since" and told the author to delete it."""
    may = a_may_edition(example_workspace)
    (may / "_index.md").write_text('---\ntitle: "Spring reading"\n---\n')
    april = example_workspace / "entries/2022/04/_index.md"
    april.write_text(april.read_text().replace("---\n", '---\ntitle: "Spring reading"\n', 1))
    slug = build(example_workspace, "2022-04", offline=True).outputs.post_slug
    posts = example_workspace / "site/content/posts"
    (posts / slug / "index.md").unlink()  # the author deletes April's post
    assert build(example_workspace, "2022-05", offline=True).outputs.post_slug == slug
    april.write_text(april.read_text().replace('title: "Spring reading"', 'title: "April things"'))
    renamed = build(example_workspace, "2022-04", offline=True)
    assert renamed.warnings == []
    assert "aliases" not in (posts / renamed.outputs.post_slug / "index.md").read_text()
    assert "2022-05" in (posts / slug / "index.md").read_text()


def test_build_all_does_not_make_a_month_of_a_week(example_workspace, hugo):
    summaries = build_all(example_workspace, offline=True, jobs=1)
    assert [s.period for s in summaries] == ["2021-02", "2022-04", "2020-W28"]
    site = example_workspace / "site"
    hugo_build(hugo, site)
    titles = [p.name for p in (site / "public/posts").iterdir() if p.is_dir()]
    assert len(titles) == 3 and not any(t.startswith("what-i-read-in-july-2020") for t in titles)


def test_build_all_keeps_a_month_with_an_entry_no_week_publishes(example_workspace):
    (example_workspace / "entries/2020/07/later.md").write_text(
        "---\ntype: article\nurl: https://example.com/later\ndate: 2020-07-20\ntitle: Later\n---\nNotes.\n"
    )
    assert [s.period for s in build_all(example_workspace, offline=True, jobs=1)] == [
        "2020-07",
        "2021-02",
        "2022-04",
        "2020-W28",
    ]


def test_build_all_skips_a_month_of_drafts_only(tmp_path):
    root = tmp_path / "ws"
    (root / "entries/2021/02").mkdir(parents=True)
    (root / "entries/2021/03").mkdir(parents=True)
    (root / "newsletter.toml").write_text('[newsletter]\nname = "T"\n')
    entry = "---\ntype: book\ntitle: B\ndate: 2021-{m}-02\n{extra}---\nN.\n"
    (root / "entries/2021/02/b.md").write_text(entry.format(m="02", extra=""))
    (root / "entries/2021/03/d.md").write_text(entry.format(m="03", extra="draft: true\n"))
    assert [s.period for s in build_all(root, offline=True, jobs=1)] == ["2021-02"]
    assert [s.period for s in build_all(root, offline=True, jobs=1, drafts=True)] == ["2021-02", "2021-03"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_build_all_links_the_editions_around_a_month_of_drafts_only(tmp_path, jobs):
    # the month of drafts is listed unread and dropped by its own build: its neighbours' pages
    # link each other, as when it was read before building any
    root = tmp_path / "ws"
    root.mkdir()
    (root / "newsletter.toml").write_text('[newsletter]\nname = "T"\n')
    entry = "---\ntype: book\ntitle: B\ndate: 2021-{m}-02\n{extra}---\nN.\n"
    for month, extra in (("01", ""), ("02", "draft: true\n"), ("03", "")):
        (root / f"entries/2021/{month}").mkdir(parents=True)
        (root / f"entries/2021/{month}/b.md").write_text(entry.format(m=month, extra=extra))
    assert [s.period for s in build_all(root, offline=True, jobs=jobs)] == ["2021-01", "2021-03"]
    web = root / "site/static/newsletter"
    assert 'rel="next" href="../2021-03/"' in (web / "2021-01/index.html").read_text()
    assert 'rel="prev" href="../2021-01/"' in (web / "2021-03/index.html").read_text()
    assert not (web / "2021-02").exists() and not (root / "dist/2021-02").exists()


def test_build_all_of_drafts_only_has_nothing_to_build(tmp_path):
    # Priya imported four years of Pocket and Goodreads, every entry a draft, and build --all
    # said the log had no entries at all: it says they are drafts, and what to do
    root = tmp_path / "ws"
    (root / "entries/2021/03").mkdir(parents=True)
    (root / "entries/2022/07").mkdir(parents=True)
    (root / "newsletter.toml").write_text('[newsletter]\nname = "T"\n')
    (root / "entries/2021/03/d.md").write_text("---\ntype: book\ntitle: B\ndate: 2021-03-02\ndraft: true\n---\nN.\n")
    draft = '---\ntype: article\nurl: "https://example.org/a"\ndate: 2022-07-09\ndraft: true\n'
    draft += 'imported: {source: "pocket", id: "a"}\n---\n'
    (root / "entries/2022/07/a.md").write_text(draft)
    with pytest.raises(NewsletterError) as raised:
        build_all(root, offline=True, jobs=1)
    assert str(raised.value.message) == (
        f"No entries under {root / 'entries'} to build: its 2 entries are all drafts (`draft: true`, as import "
        "writes them). Remove `draft: true` from an entry when it is ready, or add --drafts to try them out; "
        "nothing was written."
    )
    assert not (root / "dist").exists() and not (root / "site").exists()
    (root / "entries/2022/07/a.md").unlink()
    with pytest.raises(NewsletterError, match=r"its 1 entry is a draft \(`draft: true`"):
        build_all(root, offline=True, jobs=1)
    (root / "entries/2021/03/d.md").unlink()
    with pytest.raises(NewsletterError, match="No entries under .*; nothing to build"):
        build_all(root, offline=True, jobs=1)


def test_build_all_reports_a_month_whose_entries_are_dated_elsewhere(tmp_path):
    # no drafts there: the month is an edition whose build says where its entries go
    root = tmp_path / "ws"
    (root / "entries/2021/03").mkdir(parents=True)
    (root / "newsletter.toml").write_text('[newsletter]\nname = "T"\n')
    (root / "entries/2021/03/b.md").write_text("---\ntype: book\ntitle: B\ndate: 2021-05-02\n---\nN.\n")
    [summary] = build_all(root, offline=True, jobs=1)
    assert summary.period == "2021-03" and summary.error.startswith("No entries for 2021-03")


def test_build_all_leaves_out_a_month_whose_entries_the_next_one_takes(tmp_path):
    """A folder holding only an entry dated the month after is no failed edition: that month's
    build takes it from there and says where to move it (formats/month_folders.py); `build --all`
    said '1 of 2 editions were not built' and ended in error."""
    root = tmp_path / "ws"
    (root / "entries/2021/03").mkdir(parents=True)
    (root / "newsletter.toml").write_text('[newsletter]\nname = "T"\n')
    (root / "entries/2021/03/b.md").write_text("---\ntype: book\ntitle: B\ndate: 2021-04-02\n---\nN.\n")
    [summary] = build_all(root, offline=True, jobs=1)
    assert summary.period == "2021-04" and summary.error is None and summary.entries == 1
    assert any("move it to entries/2021/04/" in warning for warning in summary.warnings)


def test_a_post_built_with_drafts_is_a_hugo_draft_and_not_on_the_web(tmp_path):
    root = tmp_path / "ws"
    (root / "entries/2021/03").mkdir(parents=True)
    (root / "newsletter.toml").write_text('[newsletter]\nname = "T"\n')
    entry = "---\ntype: book\ntitle: {title}\ndate: 2021-03-02\n{extra}---\nN.\n"
    (root / "entries/2021/03/b.md").write_text(entry.format(title="Finished", extra=""))
    (root / "entries/2021/03/d.md").write_text(entry.format(title="Half-written", extra="draft: true\n"))
    post = root / "site/content/posts/what-i-read-in-march-2021/index.md"
    page = root / "site/static/newsletter/2021-03/index.html"
    build(root, "2021-03", offline=True, drafts=True)
    assert "draft = true" in post.read_text() and not page.exists()
    build(root, "2021-03", offline=True)
    assert "draft = false" in post.read_text() and "Half-written" not in page.read_text()


def test_a_build_with_drafts_takes_down_the_web_page_a_build_without_them_put_up(tmp_path):
    """A build with --drafts, after one without: its post a Hugo draft (off the blog), the feeds
    and the web archive's list leaving the edition out, yet the page the build before had put
    up stayed on the web, an edition the blog no longer showed, reached from nowhere. It is
    taken down with the rest, said, and put back by the next build without drafts."""
    root = tmp_path / "ws"
    (root / "entries/2021/03").mkdir(parents=True)
    (root / "newsletter.toml").write_text('[newsletter]\nname = "T"\n')
    entry = "---\ntype: book\ntitle: {title}\ndate: 2021-03-02\n{extra}---\nN.\n"
    (root / "entries/2021/03/b.md").write_text(entry.format(title="Finished", extra=""))
    (root / "entries/2021/03/d.md").write_text(entry.format(title="Half-written", extra="draft: true\n"))
    page = root / "site/static/newsletter/2021-03/index.html"
    build(root, "2021-03", offline=True)
    assert "Finished" in page.read_text()
    tried = build(root, "2021-03", offline=True, drafts=True)
    assert not page.parent.exists()
    assert (
        "site/static/newsletter/2021-03/, the web page of this edition's build without drafts, is taken down: "
        "this build's post is a Hugo draft, and the feeds and the web archive leave the edition out, until a "
        "build without --drafts puts them back"
    ) in tried.warnings
    build(root, "2021-03", offline=True)
    assert "Finished" in page.read_text() and "Half-written" not in page.read_text()


@pytest.mark.parametrize("front_matter", ["toml", "yaml"])
def test_control_characters_in_titles_and_tags_reach_hugo_escaped(example_workspace, hugo, front_matter):
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('front_matter = "toml"', f'front_matter = "{front_matter}"'))
    editorial = example_workspace / WEEK_EDITORIAL
    editorial.write_text(
        editorial.read_text()
        .replace(
            # C1 controls and DEL; line breaks (U+0085, U+2028) are refused in titles (test_mail_headers)
            "---\nsubject:",
            '---\ntitle: "Caf\\u00e9 \\x80 \\x9b \\x7f week"\nsubject:',
            1,
        )
        .replace("tags: [jax, ml]", 'tags: [jax, "m\\x9bl"]')
    )
    result = build(example_workspace, "2020-W28", offline=True)
    assert not any(0x7F <= ord(c) <= 0x9F for c in result.outputs.post)
    site = example_workspace / "site"
    hugo_build(hugo, site)
    page = (site / "public/posts" / result.outputs.post_slug / "index.html").read_text()
    # read as the notes are: a C1 control is the cp1252 character it was pasted for, DEL goes
    assert "Café € › week" in page and ">m›l</a>" in page


def test_init_with_a_backslash_in_the_name_gives_a_site_hugo_builds(tmp_path, hugo, monkeypatch):
    name = 'C:\\Reading "Notes"'
    folder = tmp_path / "reading"
    assert CliRunner().invoke(main, ["init", str(folder), "--name", name]).exit_code == 0
    assert tomllib.loads((folder / "site/hugo.toml").read_text())["title"] == name
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, ["build", "--offline"])
    assert result.exit_code == 0, result.output
    hugo_build(hugo, folder / "site")
    home = (folder / "site/public/index.html").read_text()
    assert "<title>C:\\Reading &#34;Notes&#34;</title>" in home
    [post] = (folder / "site/public/posts").glob("*/index.html")
    assert "Getting Started with Markdown" in post.read_text()


def test_inits_site_says_its_own_words_in_the_sites_language(tmp_path, hugo, monkeypatch):
    """A German author's blog said "Read more…", "Categories", "Built with Hugo." and
    "November 30, 2026" around the German posts: the starter site's layouts wrote English
    whatever the site's language. They now take Hugo's i18n files and localised dates."""
    folder = tmp_path / "reading"
    assert CliRunner().invoke(main, ["init", str(folder)]).exit_code == 0
    config = folder / "site/hugo.toml"
    german = re.sub(r'defaultContentLanguage = "en".*', 'defaultContentLanguage = "de-at"', config.read_text())
    config.write_text(german)
    monkeypatch.chdir(folder)
    entries = folder / "entries/2026/01"
    entries.mkdir(parents=True)
    entry = "---\ntype: article\nurl: https://example.org/a\ndate: 2026-01-20\ntitle: Straße\ntags: [wien]\n---\n"
    (entries / "a.md").write_text(entry + "Eine Notiz.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "2026-01", "--offline"])
    assert result.exit_code == 0, result.output
    hugo_build(hugo, folder / "site")
    [post] = [p.read_text() for p in (folder / "site/public/posts").glob("*2026*/index.html")]
    assert ">31. Jänner 2026</time>" in post and " · in " in post and "Schlagwörter:" in post
    assert ">Kategorien</a>" in post and "Erstellt mit Hugo." in post
    tags = (folder / "site/public/tags/index.html").read_text()
    assert "<h1>Schlagwörter</h1>" in tags
    shown = post + tags + (folder / "site/public/tags/wien/index.html").read_text()
    shown += (folder / "site/public/index.html").read_text()
    assert not [w for w in ("Read more", "Categories", "Built with", "Posts filed", "Tags:", "None yet") if w in shown]


def test_a_hebrew_sites_in_is_written_onto_the_category(tmp_path, hugo, monkeypatch):
    """A Hebrew author's post said its category as "ב מה קראתי": init's site/i18n/he.toml, a copy
    of en.toml as init tells her to make, says "in" as Hebrew does, the letter ב written onto the
    word after it, and the starter site's post layout put a space between the two (mend 14).
    Every other language keeps its word apart: "in", "em", "i"."""
    folder = tmp_path / "reading"
    assert CliRunner().invoke(main, ["init", str(folder), "--language", "he"]).exit_code == 0
    config = folder / "site/hugo.toml"
    config.write_text(re.sub(r'defaultContentLanguage = "en".*', 'defaultContentLanguage = "he"', config.read_text()))
    words = (folder / "site/i18n/en.toml").read_text().replace('in_category = "in"', 'in_category = "ב"')
    (folder / "site/i18n/he.toml").write_text(words, encoding="utf-8")
    settings = folder / "newsletter.toml"
    settings.write_text(settings.read_text().replace('category = "what I read"', 'category = "מה קראתי"'))
    monkeypatch.chdir(folder)
    entries = folder / "entries/2026/01"
    entries.mkdir(parents=True)
    entry = "---\ntype: article\nurl: https://example.org/a\ndate: 2026-01-20\ntitle: מאמר\n---\nהערה.\n"
    (entries / "a.md").write_text(entry, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "2026-01", "--offline"])
    assert result.exit_code == 0, result.output
    hugo_build(hugo, folder / "site")
    [post] = [p.read_text() for p in (folder / "site/public/posts").glob("*/index.html") if "מאמר" in p.read_text()]
    assert re.search(r" · ב<a href=\"[^\"]+\">מה קראתי</a>", post), re.findall(r".{20}מה קראתי.{5}", post)


def test_inits_site_says_portugal_s_words_for_pt_pt(tmp_path, hugo, monkeypatch):
    """Ines in Lisbon set her blog's defaultContentLanguage to "pt-pt": Hugo found no i18n file of
    that name and her Portuguese posts sat under "Read more…", "Categories" and "Built with Hugo."
    in English ("pt" alone gave Brazil's "Continuar lendo…"). The starter site has Portugal's."""
    folder = tmp_path / "leituras"
    assert CliRunner().invoke(main, ["init", str(folder)]).exit_code == 0
    config = folder / "site/hugo.toml"
    config.write_text(
        re.sub(r'defaultContentLanguage = "en".*', 'defaultContentLanguage = "pt-pt"', config.read_text())
    )
    monkeypatch.chdir(folder)
    entries = folder / "entries/2026/01"
    entries.mkdir(parents=True)
    entry = "---\ntype: book\ndate: 2026-01-20\ntitle: Livro\ntags: [lisboa]\n---\nUma nota.\n"
    (entries / "a.md").write_text(entry, encoding="utf-8")
    (entries / "_index.md").write_text("---\nsubject: Janeiro\n---\nUm mês.\n", encoding="utf-8")  # a summary
    result = CliRunner().invoke(main, ["build", "2026-01", "--offline"])
    assert result.exit_code == 0, result.output
    hugo_build(hugo, folder / "site")
    home = (folder / "site/public/index.html").read_text()
    assert "Continuar a ler…" in home and ">Categorias</a>" in home and "Feito com Hugo." in home
    assert not [w for w in ("Read more", "Categories", "Built with", "Continuar lendo") if w in home]


def test_inits_site_is_right_to_left_in_arabic(tmp_path, hugo, monkeypatch):
    """An Amman librarian's blog, made by init with defaultContentLanguage = "ar", was laid out
    left to right (<html lang="ar"> and no dir), its quotes ruled on the left, around "Read
    more…", "Tags:" and "Built with Hugo." in English, and an English title's question mark at the
    wrong end. Its <html> now names the direction of the site's language, the rules sit where a
    line starts, its words are Arabic, and a link's words keep their own direction."""
    folder = tmp_path / "qiraat"
    assert CliRunner().invoke(main, ["init", str(folder)]).exit_code == 0
    config = folder / "site/hugo.toml"
    english = config.read_text()
    config.write_text(re.sub(r'defaultContentLanguage = "en".*', 'defaultContentLanguage = "ar"', english))
    monkeypatch.chdir(folder)
    entries = folder / "entries/2026/01"
    entries.mkdir(parents=True)
    entry = "---\ntype: book\ndate: 2026-01-20\ntitle: موسم الهجرة إلى الشمال\ntags: [رواية]\n---\n> اقتباس.\n"
    (entries / "mawsim.md").write_text(entry, encoding="utf-8")
    quiet = "---\ntype: article\nurl: https://example.org/q\ndate: 2026-01-21\ntitle: Is the Library Quiet?\n---\n"
    (entries / "quiet.md").write_text(quiet + "مقال [ممتع](https://example.org/q).\n", encoding="utf-8")
    assert CliRunner().invoke(main, ["build", "2026-01", "--offline"]).exit_code == 0
    hugo_build(hugo, folder / "site")
    [post] = [p.read_text(encoding="utf-8") for p in (folder / "site/public/posts").glob("*2026*/index.html")]
    assert '<html lang="ar" dir="rtl">' in post
    assert "border-inline-start: 3px solid" in post and "border-left" not in post
    assert "الوسوم:" in post and "صُنع باستخدام Hugo." in post
    # a link's words keep their own direction: the English title's "?" at its end, not the line's start
    assert 'href="https://example.org/q" dir="auto">Is the Library Quiet?</a>' in post
    assert 'dir="auto">ممتع</a>' in post
    home = (folder / "site/public/index.html").read_text(encoding="utf-8")
    assert '<html lang="ar" dir="rtl">' in home
    config.write_text(english)
    hugo_build(hugo, folder / "site")
    assert '<html lang="en" dir="ltr">' in (folder / "site/public/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_links_words_of_both_directions_keep_the_pages(tmp_path, hugo, language):
    """The link render hook gave every link dir="auto", which lays a link out by its first letter:
    an Arabic post's 'Zotero 8 يدعم العربية' (Zotero 8 supports Arabic) was laid out left to right,
    'Zotero 8' at the left, so that it read 'supports Arabic Zotero 8' from the right. A link whose
    letters are all of one direction keeps its own; one with both takes the direction most of them
    have (a Hebrew title's 'C++' turns it no more than 'Zotero' an Arabic one); one with none, '(1)',
    is laid out in the page's, as before the hook said a direction."""
    import shutil

    from conftest import REPO
    from selectolax.lexbor import LexborHTMLParser

    site = tmp_path / "site"
    shutil.copytree(REPO / "site", site, ignore=shutil.ignore_patterns("public", "resources", "content"))
    config = site / "hugo.toml"
    config.write_text(
        config.read_text().replace('defaultContentLanguage = "en"', f'defaultContentLanguage = "{language}"')
    )
    (site / "content/posts").mkdir(parents=True)
    (site / "content/posts/links.md").write_text(
        '---\ntitle: "روابط"\ndate: 2026-01-01\n---\n'
        "- [Zotero 8 يدعم العربية](https://example.org/z)\n- [Are Newsletters *Accessible*?](https://example.org/q)\n"
        "- [كتب &amp; مكتبات](https://example.org/k)\n- [(1)](https://example.org/n)\n"
        "- [שלום עולם: C++ ב-2024!](https://example.org/h)\n- [Arabic script: العربية](https://example.org/s)\n",
        encoding="utf-8",
    )
    hugo_build(hugo, site)
    page = LexborHTMLParser((site / "public/posts/links/index.html").read_text(encoding="utf-8"))
    directions = {link.text(): link.attributes.get("dir") for link in page.css("li a")}

    assert directions == {
        "Zotero 8 يدعم العربية": "rtl",
        "Are Newsletters Accessible?": "auto",
        "كتب & مكتبات": "auto",
        "(1)": None,
        "שלום עולם: C++ ב-2024!": "rtl",
        "Arabic script: العربية": "ltr",
    }


def test_inits_site_shows_tags_as_written_not_in_english_title_case(tmp_path, hugo, monkeypatch):
    """A Spanish librarian's post said "Etiquetas: Clásicos, No-Ficción" and its tag page
    "No-Ficción" with a current Hugo, which titles terms in English title case; she wrote
    "clásicos" and "no-ficción", as Spanish writes them (and an English "ml" read "Ml")."""
    folder = tmp_path / "lecturas"
    assert CliRunner().invoke(main, ["init", str(folder)]).exit_code == 0
    config = folder / "site/hugo.toml"
    config.write_text(re.sub(r'defaultContentLanguage = "en".*', 'defaultContentLanguage = "es"', config.read_text()))
    monkeypatch.chdir(folder)
    entries = folder / "entries/2026/01"
    entries.mkdir(parents=True)
    entry = "---\ntype: book\ndate: 2026-01-20\ntitle: Nada\ntags: [clásicos, no-ficción, ml]\n---\nUna nota.\n"
    (entries / "nada.md").write_text(entry, encoding="utf-8")
    result = CliRunner().invoke(main, ["build", "2026-01", "--offline"])
    assert result.exit_code == 0, result.output
    hugo_build(hugo, folder / "site")
    [post] = [p.read_text(encoding="utf-8") for p in (folder / "site/public/posts").glob("*2026*/index.html")]
    assert re.findall(r'/tags/[^/"]+/">([^<]*)</a>', post) == ["clásicos", "no-ficción", "ml"]
    tag_page = (folder / "site/public/tags/no-ficción/index.html").read_text(encoding="utf-8")
    assert "<h1>no-ficción</h1>" in tag_page


def test_inits_site_still_titles_its_own_pages_with_tags_shown_as_written(tmp_path, hugo, monkeypatch):
    """capitalizeListTitles = false (tags as written) also left the pages Hugo names after a
    folder in lower case under a current Hugo: an English site's post list read "<h1>posts</h1>"
    and its tab "posts | …", and the tag list's tab "tags | …", where Hugo 0.111 says "Posts"."""
    folder = tmp_path / "reading"
    assert CliRunner().invoke(main, ["init", str(folder)]).exit_code == 0
    monkeypatch.chdir(folder)
    entries = folder / "entries/2026/01"
    entries.mkdir(parents=True)
    entry = "---\ntype: book\ndate: 2026-01-20\ntitle: Nada\ntags: [classics, ml]\n---\nA note.\n"
    (entries / "nada.md").write_text(entry, encoding="utf-8")
    assert CliRunner().invoke(main, ["build", "2026-01", "--offline"]).exit_code == 0
    hugo_build(hugo, folder / "site")
    public = folder / "site/public"
    posts = (public / "posts/index.html").read_text(encoding="utf-8")
    assert "<h1>Posts</h1>" in posts and "<title>Posts | " in posts
    assert "<title>Tags | " in (public / "tags/index.html").read_text(encoding="utf-8")
    assert "<title>Categories | " in (public / "categories/index.html").read_text(encoding="utf-8")


def test_the_default_site_builds_empty(tmp_path, hugo):
    """The repository's site as it ships, before any post."""
    import shutil

    from conftest import REPO

    shutil.copytree(REPO / "site", tmp_path / "site", ignore=shutil.ignore_patterns("public", "resources", "content"))
    hugo_build(hugo, tmp_path / "site")
    assert '<html lang="en" dir="ltr">' in (tmp_path / "site/public/index.html").read_text()


def test_a_site_outside_the_workspace_is_renamed_too(example_workspace, tmp_path):
    blog = tmp_path / "blog"
    (example_workspace / "site").rename(blog)
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('path = "site"', f'path = "{blog.as_posix()}"'))
    build(example_workspace, "2020-W28", offline=True)
    rename_week(example_workspace)
    second = build(example_workspace, "2020-W28", offline=True)
    assert [p.name for p in (blog / "content/posts").iterdir()] == [second.outputs.post_slug]


def test_a_new_workspaces_site_builds_a_note_with_raw_html(tmp_path, hugo, monkeypatch):
    """`init`'s site, like the repository's, leaves out raw HTML without a warning that
    `hugo --panicOnWarning` would turn into a failed build."""
    folder = tmp_path / "reading"
    assert CliRunner().invoke(main, ["init", str(folder)]).exit_code == 0
    [entry] = (folder / "entries").glob("*/*/*.md")
    entry.write_text(entry.read_text() + "\nA line<br>break and <details><summary>a</summary>b</details>.\n")
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(main, ["build", "--offline"])
    assert result.exit_code == 0, result.output
    hugo_build(hugo, folder / "site")


@pytest.mark.parametrize("jobs", [1, 2])
def test_build_all_of_a_workspace_named_relative_to_here(example_workspace, monkeypatch, jobs):
    """The caches held open were opened by their file: URI, which a relative path has none of:
    build_all(Path("workspace")) stopped with a ValueError, or in two processes a broken pool."""
    monkeypatch.chdir(example_workspace.parent)
    build_all(Path(example_workspace.name), offline=True, jobs=jobs)  # the caches made by this first build
    summaries = build_all(Path(example_workspace.name), offline=True, jobs=jobs)
    assert [s.error for s in summaries] == [None, None, None]


def test_build_all_holds_its_caches_open_read_only_and_gives_the_same_editions(example_workspace):
    """--all keeps a read-only connection to each cache while it builds (so SQLite does not tear
    down and set up each cache's log for every edition); a second --all, the caches then warm and
    held open, writes what the first wrote."""
    build_all(example_workspace, offline=True, jobs=1)
    written = {p: p.read_bytes() for p in sorted((example_workspace / "dist").rglob("newsletter.*"))}
    kept = _open_caches(example_workspace / ".newsletter")
    try:
        assert len(kept) == 3
        for db in kept:
            with pytest.raises(sqlite3.OperationalError, match="readonly"):
                db.execute("CREATE TABLE t (x)")
        for path in written:
            path.unlink()
        build_all(example_workspace, offline=True, jobs=2)
        assert {p: p.read_bytes() for p in written} == written
    finally:
        for db in kept:
            db.close()


HELD_AT_THE_WEB_PAGE = """
import os, sys, time
from pathlib import Path
from newsletter.build import build
rename = os.replace
def waiting(source, target):  # holds the edition's web page written, not yet renamed
    if "static" in str(target) and not os.path.exists(sys.argv[2]):
        Path(sys.argv[2] + ".held").write_text(str(source))
        while not os.path.exists(sys.argv[2]):
            time.sleep(0.05)
    rename(source, target)
os.replace = waiting
build(Path(sys.argv[1]), "2020-W28", offline=True)
"""


HELD_AT_THE_FEED = HELD_AT_THE_WEB_PAGE.replace('"static" in str(target)', 'str(target).endswith("editions.xml")')


IN_CONTAINERS = pytest.mark.skipif(
    subprocess.run(["unshare", "-rpf", "true"], capture_output=True).returncode != 0
    if sys.platform == "linux"
    else True,
    reason="needs Linux's unshare, allowed to make a PID namespace (a container's)",
)


def _killed_in_a_container(root: Path) -> subprocess.CompletedProcess:
    """A build of the week killed at its web page in a new container, under a shell that is the
    container's first process (a first process takes no SIGKILL of its own) and prints the
    build's exit status."""
    contained = '"$0" -c "$1" "$2"; echo "$?"'
    return subprocess.run(
        ["unshare", "-rpf", "--mount-proc", "sh", "-c", contained, sys.executable, KILLED_AT_THE_WEB_PAGE, str(root)],
        capture_output=True,
        text=True,
    )


@IN_CONTAINERS
@pytest.mark.parametrize(
    "held_at",
    [HELD_AT_THE_WEB_PAGE, HELD_AT_THE_FEED],
    ids=["its web page, after a killed build (review 21)", "the feed every build writes (review 22)"],
)
def test_a_build_in_another_pid_namespace_leaves_a_running_builds_files(example_workspace, tmp_path, held_at):
    """A build in a container sharing the workspace (its own PID namespace) found this machine's
    running build's mark, a process id it cannot see, took it for a killed build's and swept the
    site: the running build's web page, written and not yet renamed, went, and that build failed
    (review 21, a real build under `unshare --pid`). And every build writes the editions feed:
    the contained one deleted the running build's, written and not yet renamed, before writing its
    own, a temporary whose process id it cannot see taken for a killed build's, though no build
    was killed (review 22)."""
    _two_editions_built_and_a_note_changed(example_workspace)
    go = tmp_path / "go"
    held = subprocess.Popen(
        [sys.executable, "-c", held_at, str(example_workspace), str(go)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        while not Path(f"{go}.held").exists() and held.poll() is None:
            time.sleep(0.05)
        assert held.poll() is None, held.communicate()
        other = [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from newsletter.build import build; "
            "build(Path(sys.argv[1]), '2022-04', offline=True)",
            str(example_workspace),
        ]
        contained = subprocess.run(["unshare", "-rpf", "--mount-proc", *other], capture_output=True, text=True)
        assert contained.returncode == 0, contained.stderr
        assert Path(Path(f"{go}.held").read_text()).exists()  # the held build's file, still there
    finally:
        go.touch()
        out, err = held.communicate(timeout=120)
    assert held.returncode == 0, err
    assert temporary_files(example_workspace) == []


@IN_CONTAINERS
def test_a_build_killed_in_a_container_is_swept_by_the_next_build_in_or_out_of_one(example_workspace):
    """A build killed in a container (its own PID namespace) between writing the week's web page
    and renaming it left its mark and .index.html.PID.x.tmp, which Hugo publishes, for good: its
    id is a container's first few (1, or 2 under a shell), which run on the machine and in every
    new container, and its mark's namespace is another's, never taken for gone by any later build
    (review 22, real builds under `unshare --pid`, the build killed from outside or within)."""
    _two_editions_built_and_a_note_changed(example_workspace)
    killed = _killed_in_a_container(example_workspace)
    assert killed.stdout.split() == ["137"], killed
    [leftover] = temporary_files(example_workspace)
    assert re.fullmatch(r"site/static/newsletter/2020-W28/\.index\.html\.[12]\.[0-9a-f]+\.tmp", leftover)
    marks = example_workspace / ".newsletter/writers"
    left = {name for name in os.listdir(marks) if not name.startswith(f"{os.getpid()}.")}  # (its mark, not ours)
    assert left
    build(example_workspace, "2022-04", offline=True)  # on the machine, of another edition
    assert temporary_files(example_workspace) == []
    assert not left & set(os.listdir(marks))


@IN_CONTAINERS
def test_a_running_build_in_a_container_keeps_its_mark_and_files_while_a_killed_ones_are_swept(
    example_workspace, tmp_path
):
    """A mark not locked is a killed build's, in any namespace (the test before): a build held in
    a container, its week's web page written and not renamed, holds its mark locked, so neither a
    build killed beside it in another container nor the next build on the machine takes it, or
    its page, for gone; the killed one's page is swept all the same."""
    _two_editions_built_and_a_note_changed(example_workspace)
    marks = example_workspace / ".newsletter/writers"
    go = tmp_path / "go"
    held = subprocess.Popen(  # (its container's process 1)
        ["unshare", "-rpf", "--mount-proc", sys.executable, "-c", HELD_AT_THE_WEB_PAGE]
        + [str(example_workspace), str(go)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        while not Path(f"{go}.held").exists() and held.poll() is None:
            time.sleep(0.05)
        assert held.poll() is None, held.communicate()
        held_page = Path(Path(f"{go}.held").read_text()).name
        assert re.fullmatch(r"\.index\.html\.1\.[0-9a-f]+\.tmp", held_page)
        [held_mark] = [name for name in os.listdir(marks) if name.startswith("1.")]
        killed = _killed_in_a_container(example_workspace)  # (its container's process 2)
        assert killed.stdout.split() == ["137"], killed
        pages = "site/static/newsletter/2020-W28/"
        found = temporary_files(example_workspace)
        assert pages + held_page in found  # (a process 1 runs in the killed one's namespace too)
        [killed_page] = [name for name in found if name != pages + held_page]
        assert re.fullmatch(re.escape(pages) + r"\.index\.html\.2\.[0-9a-f]+\.tmp", killed_page)
        assert held_mark in os.listdir(marks)  # the killed build, in its own namespace, left it

        build(example_workspace, "2022-04", offline=True)  # on the machine: a mark was left, it sweeps
        assert temporary_files(example_workspace) == [pages + held_page]
        assert held_mark in os.listdir(marks)
        assert not [name for name in os.listdir(marks) if name.startswith("2.")]
    finally:
        go.touch()
        out, err = held.communicate(timeout=120)
    assert held.returncode == 0, err
    assert temporary_files(example_workspace) == []


def test_a_write_deletes_a_killed_writes_temporary_and_never_an_authors_file_named_alike(tmp_path):
    """Before writing a file, its killed writes' temporaries go; an author's `.index.md.draft-notes.tmp`
    beside a post went too (review 24): only `write_atomic`'s own `.NAME.PID.8-HEX.tmp` is one."""
    from newsletter.files import write_atomic

    post = tmp_path / "index.md"
    killed = tmp_path / ".index.md.4194305.0badcafe.tmp"  # past any pid_max: a process gone
    authors = [tmp_path / name for name in (".index.md.draft-notes.tmp", ".index.md.12.tmp", ".index.md.tmp")]
    for path in (killed, *authors):
        path.write_text("kept?")
    assert write_atomic(post, b"the post")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["index.md", *(p.name for p in authors)])


def test_a_write_keeps_a_folder_or_link_named_as_its_temporary_and_another_files_temporary(tmp_path):
    """A folder an author named `.index.md.4194305.0badcafe.tmp` stopped every write of `index.md`
    with IsADirectoryError (review 27): only a regular file is a killed write's temporary. Nor is
    `index.md.bak`'s temporary, whose name starts as `index.md`'s do, taken for one of `index.md`'s."""
    from newsletter.files import write_atomic

    post = tmp_path / "index.md"
    folder = tmp_path / ".index.md.4194305.0badcafe.tmp"  # past any pid_max: no process runs it
    folder.mkdir()
    (folder / "draft.md").write_text("the author's")
    link = tmp_path / ".index.md.4194306.0badcafe.tmp"
    link.symlink_to("index.md.bak")
    other = tmp_path / ".index.md.bak.4194305.0badcafe.tmp"
    other.write_text("index.md.bak's, not index.md's")
    assert write_atomic(post, b"the post")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["index.md", folder.name, link.name, other.name])
    assert (folder / "draft.md").read_text() == "the author's"
