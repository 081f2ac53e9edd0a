"""A log two people keep in one git repository, each in a clone (new user 53, Priya and Tom):
an edition one clone sent is refused on the other once pulled, by what `init`'s .gitignore lets
git carry (the copy as sent), against a real SMTP server (aiosmtpd) and real git clones."""

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from newsletter.commands.init import init
from newsletter.commands.send import send
from newsletter.errors import NewsletterError

from fake_services import PERIOD, SmtpServer, build, workspace

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git to clone a log")


def git(folder: Path, *args: str) -> str:
    who = ["-c", "user.name=Priya", "-c", "user.email=priya@example.org", "-c", "init.defaultBranch=main"]
    done = subprocess.run(["git", *who, *args], cwd=folder, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def server():
    with SmtpServer() as server:
        yield server


def test_an_edition_sent_from_one_clone_is_refused_on_the_other(tmp_path, server):
    """Before, init's .gitignore kept all of dist/ out of git, and Tom's `send --yes` on his clone,
    whose ledger knows nothing of Priya's send, sent the edition to the whole list again."""
    init(tmp_path / "fresh", "What We Read", "Priya and Tom", dt.date(2021, 2, 1))
    priya = workspace(tmp_path / "priya", server.settings())
    shutil.copy(tmp_path / "fresh" / ".gitignore", priya)
    git(tmp_path, "init", "-q", "--bare", "log.git")
    git(priya, "init", "-q")
    git(priya, "add", "-A")
    assert "dist/" not in git(priya, "status", "--short")  # a build's files stay out
    git(priya, "commit", "-qm", "the log")
    git(priya, "push", "-q", str(tmp_path / "log.git"), "HEAD:main")
    git(tmp_path, "clone", "-q", "log.git", "tom")
    tom = tmp_path / "tom"
    build(tom)

    result = send(priya, PERIOD, yes=True, env={})
    copy = f"dist/{PERIOD}/sent.eml"
    assert result.lines[1] == (
        f"Commit {copy} and push it (`git add {copy}`): a clone "
        f"of this log that has it refuses to send {PERIOD} again (each clone's ledger knows only its own sends)."
    )  # init's .gitignore lets the copy through: no -f, nor an old .gitignore to blame
    git(priya, "add", "-A")
    assert git(priya, "status", "--short").split() == ["A", copy]  # the copy as sent, nothing else
    git(priya, "commit", "-qm", "sent")
    git(priya, "push", "-q", str(tmp_path / "log.git"), "HEAD:main")
    git(tom, "pull", "-q", "origin", "main")

    with pytest.raises(NewsletterError, match="was it sent from another clone of this log"):
        send(tom, PERIOD, yes=True, env={})
    assert len(server.received) == 1


def test_under_an_older_gitignore_the_send_says_to_force_the_copy_in(tmp_path, server):
    """An older init's .gitignore left all of dist/ out: there the copy as sent is added with -f."""
    root = workspace(tmp_path / "ws", server.settings())
    (root / ".gitignore").write_text("dist/\n.newsletter/\n", encoding="utf-8")
    git(root, "init", "-q")
    copy = f"dist/{PERIOD}/sent.eml"
    lines = send(root, PERIOD, yes=True, env={}).lines
    assert f"(`git add -f {copy}`, as your .gitignore leaves dist/ out)" in lines[1]
    git(root, "add", "-f", copy)
    assert f"A  {copy}" in git(root, "status", "--short").splitlines()


def test_outside_git_the_send_says_nothing_of_clones(tmp_path, server):
    root = workspace(tmp_path, server.settings())
    assert [line for line in send(root, PERIOD, yes=True, env={}).lines if "clone" in line] == []


def test_a_clone_that_never_sent_is_told_it_cannot_know_of_another_clones_send(tmp_path, server):
    """Tom's dry run on his clone, Priya's send of the edition not pulled: before, it planned the
    send to the whole list without a word of the ledger his clone lacks."""
    priya = workspace(tmp_path / "priya", server.settings())
    git(priya, "init", "-q")
    shutil.copytree(priya, tmp_path / "tom", ignore=shutil.ignore_patterns(".newsletter", "dist"))
    tom = tmp_path / "tom"
    build(tom)
    send(priya, PERIOD, yes=True, env={})
    (tom / "dist" / "2021-01").mkdir()
    shutil.copy(priya / "dist" / PERIOD / "sent.eml", tom / "dist" / "2021-01" / "sent.eml")  # an older one, pulled
    said = (
        "this clone has sent nothing (its ledger, .newsletter/ledger, records no send): if 2021-02 went out from "
        "another clone, it is known here only by its dist/2021-02/sent.eml, committed there and pulled here "
        "(`git pull` first); 2021-01 went out with no record here (pulled from another clone?): is 2021-02 sent there?"
    )
    assert said in send(tom, PERIOD, env={}).warnings
    assert not [w for w in send(priya, PERIOD, env={}).warnings if "clone" in w]  # hers knows
    # (attack 32) a pulled folder of another name is no edition, and its name was printed as it
    # was: an escape sequence there set the terminal's title and cleared its screen
    for name in ("\x1b]0;pwned\x07\x1b[2J", "notes", "2021-01 (Tom's conflicted copy)"):
        (tom / "dist" / name).mkdir()
        (tom / "dist" / name / "sent.eml").write_bytes(b"")
    assert said in send(tom, PERIOD, env={}).warnings


def test_a_clone_that_built_one_edition_is_told_the_feeds_leave_out_the_others(example_workspace):
    """A fresh clone has the site's pages of every edition but no dist/ (git carries no build
    record): its build of one month wrote the feeds and the index of editions without the
    others, silently, and committed, the site lost them."""
    from click.testing import CliRunner

    from newsletter.cli import main

    def build_(*args):
        return CliRunner().invoke(main, ["build", *args, "--offline", "-w", str(example_workspace)])

    assert build_("2020-07").exit_code == 0 and build_("2021-02").exit_code == 0
    shutil.rmtree(example_workspace / "dist")  # a clone: the site's files, none of dist/ or .newsletter/
    shutil.rmtree(example_workspace / ".newsletter")
    built = build_("2021-02")
    assert built.exit_code == 0
    assert (
        "warning: the feeds and the index of editions leave out 2020-07: their pages are in site/static/newsletter, "
        "but they were not built here (on another clone of the log, or dist/ was cleared); build them here to put "
        "them back: `newsletter build 2020-07` (`newsletter build --all`: every edition of your cadence)"
    ) in built.stderr.replace(str(example_workspace) + "/", "")
    assert "2020-07" not in (example_workspace / "site" / "static" / "newsletter" / "index.html").read_text()
    assert build_("2020-07").exit_code == 0
    assert "2020-07" in (example_workspace / "site" / "static" / "newsletter" / "index.html").read_text()
    assert "leave out" not in build_("2021-02", "--force").stderr


def test_init_keeps_a_repositorys_own_gitignore_and_check_says_what_it_lacks(tmp_path):
    """`init .` in a repository GitHub made with a .gitignore of its own stopped at '.gitignore
    already exists; not overwriting it', and no workspace was made; the author's file is kept,
    and `check` says that .newsletter/ is not kept out of git."""
    from click.testing import CliRunner

    from newsletter.cli import main

    folder = tmp_path / "log"
    folder.mkdir()
    git(folder, "init", "-q")
    (folder / ".gitignore").write_text("__pycache__/\n")
    assert CliRunner().invoke(main, ["init", str(folder)]).exit_code == 0
    assert (folder / ".gitignore").read_text() == "__pycache__/\n"
    checked = CliRunner().invoke(main, ["check", "--offline", "-w", str(folder)])
    assert (
        ".gitignore\n  warning: .newsletter/ is not kept out of git: `git add -A` would commit this clone's own "
        "state (SQLite databases with their -wal and -shm files, taken mid-write, and the send ledger of this "
        "clone's sends) for the other clone to pull; add a line `.newsletter/` to .gitignore\n"
    ) in checked.stdout
    (folder / ".gitignore").write_text("__pycache__/\n.newsletter/\n")
    assert "git" not in CliRunner().invoke(main, ["check", "--offline", "-w", str(folder)]).stdout


def test_a_committed_state_folder_is_said_by_check_and_doctor(example_workspace):
    """A workspace made before init wrote a .gitignore, put in git with `git add -A` by two
    authors (new user 53): its .newsletter/ went in, the link cache's SQLite database with its
    -wal and -shm files and the send ledger, and the other clone pulled them; neither check nor
    doctor said a word of it."""
    from click.testing import CliRunner

    from newsletter.cli import main

    def run(*args):
        return CliRunner().invoke(main, [*args, "--offline", "-w", str(example_workspace)])

    assert run("build", "2021-02").exit_code == 0
    git(example_workspace, "init", "-q")
    git(example_workspace, "add", "-A")
    git(example_workspace, "commit", "-qm", "the log")
    state = example_workspace / ".newsletter"
    committed = len([path for path in state.rglob("*") if path.is_file()])
    said = f".newsletter/ is committed to git ({committed} files: cache.sqlite3-"
    advice = "take it out, keeping the files: `git rm -r --cached .newsletter`, add `.newsletter/` to .gitignore"
    checked = run("check", "2021-02").stdout
    assert f".newsletter\n  warning: {said}" in checked and advice in checked
    doctor = run("doctor", "2021-02").stdout
    assert f"WARN  settings/state-in-git: {said}" in doctor and advice in doctor
    git(example_workspace, "rm", "-rq", "--cached", ".newsletter")
    (example_workspace / ".gitignore").write_text(".newsletter/\n")
    assert "state-in-git" not in run("doctor", "2021-02").stdout
