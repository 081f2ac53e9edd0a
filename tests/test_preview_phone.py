"""The preview page on a phone, laid out by a real browser: headless Chromium (Debian's).

As in test_browser.py: no driver; the page as served goes into an `<iframe srcdoc>` 375 px wide,
so its media queries see a phone's width, and a script measures it once it has loaded, writing
the numbers into the wrapper, which `chromium --dump-dom` prints. The email's own frames stay
empty (about:srcdoc cannot load /email.html); their size is the page's, not the email's.
"""

import html
import json
import re
import subprocess
import tempfile

import pytest
from test_browser import CHROMIUM, FLAGS, MODES

from newsletter.commands.preview import Preview

pytestmark = [pytest.mark.browser, pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium")]

PHONE = 375
MEASURE = r"""
addEventListener('load', () => {
  const doc = document.querySelector('iframe').contentDocument, win = doc.defaultView;
  const width = doc.documentElement.clientWidth;
  const outside = [...doc.querySelectorAll('nav a, nav .status, main > *')]
    .filter(el => win.getComputedStyle(el).display !== 'none')
    .map(el => [el.tagName.toLowerCase() + ' ' + (el.textContent || el.title).trim(), el.getBoundingClientRect()])
    .filter(([, box]) => box.left < -0.5 || box.right > width + 0.5)
    .map(([name, box]) => `${name}: ${Math.round(box.left)}..${Math.round(box.right)}`);
  const out = document.createElement('pre');
  out.id = 'measurements';
  out.textContent = JSON.stringify({width, scroll: doc.documentElement.scrollWidth, outside,
    background: win.getComputedStyle(doc.body).backgroundColor});
  document.body.append(out);
});
"""


def measured(page: str, mode: str, tmp_path) -> dict:
    wrapper = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">'
        f'<iframe width="{PHONE}" height="800" style="border:0" srcdoc="{html.escape(page, quote=True)}"></iframe>'
        f"<script>{MEASURE}</script></body></html>"
    )
    path = tmp_path / f"phone-{mode}.html"
    path.write_text(wrapper)
    profile = tempfile.mkdtemp(prefix="profile-", dir=tmp_path)
    run = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--window-size=800,900", *MODES[mode]]
    out = subprocess.run([*run, "--dump-dom", path.as_uri()], capture_output=True, text=True, timeout=120).stdout
    found = re.search(r'<pre id="measurements">(.*?)</pre>', out, re.S)
    assert found, "Chromium printed no measurements"
    return json.loads(html.unescape(found.group(1)))


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_preview_page_fits_a_phone_in_either_direction(example_workspace, tmp_path, language, mode):
    """At 375 px the 620 px frame ran off the screen, centred, so the email's start was out of
    reach, and in an Arabic (right-to-left) workspace the page, wider than the screen, showed its
    top links without their first letters. Every link, the status and each frame shown fit the
    screen; in dark mode the page is dark around the dark email."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', f'language = "{language}"', 1))
    preview = Preview(example_workspace, "2020-W28", offline=True)
    for path in ("/", "/text", "/post"):
        found = measured(preview.page(path)[2].decode(), mode, tmp_path)
        assert (found["width"], found["outside"]) == (PHONE, []), path
        assert found["scroll"] <= PHONE, path
        dark = sum(map(int, re.findall(r"\d+", found["background"])[:3])) < 3 * 64
        assert dark == (mode == "dark"), found["background"]


FRAMES = r"""
addEventListener('load', () => {
  const doc = document.querySelector('iframe').contentDocument, win = doc.defaultView;
  const out = document.createElement('pre');
  out.id = 'measurements';
  out.textContent = JSON.stringify([...doc.querySelectorAll('main iframe')]
    .filter(frame => win.getComputedStyle(frame).display !== 'none')
    .map(frame => [frame.title, frame.inert]));
  document.body.append(out);
});
"""


@pytest.mark.parametrize("width, read", [(PHONE, [["Email, phone", False]]), (1000, [["Email, 600 px", False]])])
def test_a_screen_reader_reads_the_email_once(example_workspace, tmp_path, width, read):
    """Amara (new user 41) previewed her edition with Orca: it read the email out twice, from the
    wide frame and then from the phone's beside it. Beside the wide frame, the phone's is inert
    (out of screen readers' and Tab's reach); on a phone, where the wide one is not shown, the
    phone's is the email and is read."""
    page = Preview(example_workspace, "2020-W28", offline=True).page("/")[2].decode()
    wrapper = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0">'
        f'<iframe width="{width}" height="800" style="border:0" srcdoc="{html.escape(page, quote=True)}"></iframe>'
        f"<script>{FRAMES}</script></body></html>"
    )
    path = tmp_path / "frames.html"
    path.write_text(wrapper)
    profile = tempfile.mkdtemp(prefix="profile-", dir=tmp_path)
    run = [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "--window-size=1200,900"]
    out = subprocess.run([*run, "--dump-dom", path.as_uri()], capture_output=True, text=True, timeout=120).stdout
    found = re.search(r'<pre id="measurements">(.*?)</pre>', out, re.S)
    assert found, "Chromium printed no measurements"
    shown = json.loads(html.unescape(found.group(1)))
    assert [frame for frame in shown if not frame[1]] == read, shown
