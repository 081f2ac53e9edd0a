"""`init` in an author's own Hugo blog whose settings are YAML (Kwame, new user 63): a hugo.yaml
blog, its theme a git submodule, kept in git. Its posts open with `---`; the log's own first post
should too, and the file every `hugo` run leaves behind should stay out of his commits."""

import subprocess

import pytest
from click.testing import CliRunner

from newsletter import config
from newsletter.cli import main

from hugo_versions import hugo_build

ENTRY = """\
---
type: talk
url: https://www.youtube.com/watch?v=ZZtop999xyz
date: 2026-11-20
speakers: [Ama Owusu, Kofi Boateng]
title: "Building payments for West Africa: mobile money at scale"
---
Idempotency keys everywhere.
"""


def kwames_blog(tmp_path, settings_name: str):
    blog = tmp_path / "blog"
    (blog / "content/posts/hello").mkdir(parents=True)
    (blog / settings_name).parent.mkdir(parents=True, exist_ok=True)
    (blog / settings_name).write_text("baseURL: https://kwame.example.com/\ntitle: Kwame's notes\n")
    (blog / "content/posts/hello/index.md").write_text("---\ntitle: Hello\ndate: 2026-01-05\n---\nHi.\n")
    (blog / "layouts/_default").mkdir(parents=True)  # (his theme's, a submodule, in short)
    (blog / "layouts/_default/single.html").write_text("<h1>{{ .Title }}</h1>{{ .Content }}\n")
    (blog / "layouts/_default/list.html").write_text("{{ range .Pages }}{{ .Title }}{{ end }}\n")
    return blog


@pytest.mark.parametrize("settings_name", ["hugo.yaml", "config.yml", "config/_default/hugo.yaml"])
def test_init_in_a_yaml_blog_writes_its_posts_front_matter_in_yaml(tmp_path, monkeypatch, hugo, settings_name):
    """init wrote `front_matter = "toml"` whatever the blog: in Kwame's hugo.yaml one, the first
    edition's post opened with +++ among posts that all open with ---. Hugo reads both, but the
    blog is his, written one way: init now follows its settings' format, as `hugo new site
    --format yaml` makes its archetypes; the post is still one Hugo builds."""
    blog = kwames_blog(tmp_path, settings_name)
    monkeypatch.chdir(blog)
    runner = CliRunner()
    made = runner.invoke(main, ["init", ".", "--author", "Kwame Mensah", "--timezone", "Africa/Accra"])
    assert made.exit_code == 0, made.output
    assert config.load(blog).site.front_matter == "yaml"
    assert f'front_matter = "yaml"               # as {settings_name.rsplit("/", 1)[-1]}; or "toml"\n' in (
        (blog / "newsletter.toml").read_text()
    )
    for sample in (blog / "entries").rglob("*.md"):
        sample.unlink()
    (blog / "entries/2026/11").mkdir(parents=True, exist_ok=True)
    (blog / "entries/2026/11/payments.md").write_text(ENTRY)
    built = runner.invoke(main, ["build", "2026-11", "--offline"])
    assert built.exit_code == 0, built.output
    post = blog / "content/posts/what-i-read-in-november-2026/index.md"
    assert post.read_text().startswith('---\ntitle: "What I read in November 2026"\n'), post.read_text()[:200]
    hugo_build(hugo, blog)
    page = (blog / "public/posts/what-i-read-in-november-2026/index.html").read_text()
    assert "Building payments for West Africa" in page


def test_a_toml_blog_keeps_toml_front_matter(tmp_path, monkeypatch):
    """The same init in a blog with hugo.toml writes the settings as before."""
    blog = tmp_path / "blog"
    blog.mkdir()
    (blog / "hugo.toml").write_text('baseURL = "https://kwame.example.com/"\n')
    monkeypatch.chdir(blog)
    made = CliRunner().invoke(main, ["init", "."])
    assert made.exit_code == 0, made.output
    assert 'front_matter = "toml"               # or "yaml"\n' in (blog / "newsletter.toml").read_text()


@pytest.mark.parametrize("in_blog", [True, False])
def test_inits_gitignore_keeps_hugos_build_lock_out_of_git(tmp_path, monkeypatch, hugo, in_blog):
    """Every `hugo` run leaves an empty .hugo_build.lock at the site's root; with init's
    .gitignore, Kwame's `git add -A` after his first build committed it, which Hugo's docs say to
    leave out. Checked with git itself after a real hugo build, in his blog and in init's site/."""
    folder = kwames_blog(tmp_path, "hugo.yaml") if in_blog else tmp_path / "log"
    made = CliRunner().invoke(main, ["init", str(folder)])
    assert made.exit_code == 0, made.output
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    site = folder if in_blog else folder / "site"
    hugo_build(hugo, site)
    lock = site / ".hugo_build.lock"
    assert lock.exists()
    asked = ["git", "status", "--porcelain", "--untracked-files=all"]
    status = subprocess.run(asked, cwd=folder, capture_output=True, text=True, check=True).stdout
    assert ".hugo_build.lock" not in status, status
    assert "newsletter.toml" in status  # (git does see the rest)
