"""The email's pictures are addressed by their URI, as its links are (formats/link_uris.py): a
picture on `bücher.example` or named `bild 1.png` went into the src as typed (some clients load
no such address) or, with a space, was left out of the email. The post keeps what Hugo makes."""

import email
import email.policy
import re
import shutil

from click.testing import CliRunner

from newsletter.cli import main
from newsletter.formats import mail_pictures

from helpers import REPO

PICTURE = "https://bücher.example/Straße/bild 1.png?größe=groß"
URI = "https://xn--bcher-kva.example/Stra%C3%9Fe/bild%201.png?gr%C3%B6%C3%9Fe=gro%C3%9F"


def test_a_talks_picture_outside_ascii_or_with_a_space_is_in_the_email_as_its_uri(tmp_path):
    root = tmp_path / "ws"
    root.mkdir()
    (root / "newsletter.toml").write_text('[newsletter]\nname = "Test"\n')
    shutil.copytree(REPO / "site", root / "site", ignore=shutil.ignore_patterns("public", "resources", "posts"))
    (root / "entries/2021/02").mkdir(parents=True)
    note = "![Bild eins](<https://exämple.org/bild 1.png>)"
    (root / "entries/2021/02/talk.md").write_text(
        f'---\ntype: talk\nurl: https://talks.example/one\ndate: 2021-02-02\ntitle: "One"\nimage: "{PICTURE}"\n---\n'
        f"\n{note}\n",
        encoding="utf-8",
    )
    built = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(root)], catch_exceptions=False)
    assert built.exit_code == 0, built.output
    page = (root / "dist/2021-02/newsletter.html").read_text()
    assert re.findall(r'<img[^>]* src="([^"]*)"', page) == [URI]
    message = email.message_from_bytes((root / "dist/2021-02/newsletter.eml").read_bytes(), policy=email.policy.default)
    assert f'src="{URI}"' in message.get_body(("html",)).get_content()
    [post] = (root / "site/content/posts").glob("*/index.md")
    assert note in post.read_text()  # as written: Hugo's to render


def test_a_picture_a_template_writes_itself_is_addressed_by_its_uri_too():
    """One that did not go through the https_image filter (a workspace's own template, a chart
    on a site whose host is not ASCII); an ASCII one is left as the same string."""
    laid_out = mail_pictures.as_laid_out(
        f'<img alt="Logo" src="{PICTURE.replace("&", "&amp;")}" width="100"><img alt="" src="https://a.example/x.png">'
    )
    assert laid_out == f'<img alt="Logo" src="{URI}" width="100"><img alt="" src="https://a.example/x.png">'
