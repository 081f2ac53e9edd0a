"""Every example edition's email, laid out by a real browser: headless Chromium (Debian's).

How: no driver and no extra dependency. A wrapper page holds the email in an `<iframe srcdoc>`
as wide as the screen under test (600 px: the desktop column; 375 px: a phone), so the email's
media queries see that width (a headless window itself cannot be narrower than 500 px). A
script in the wrapper measures the laid-out email once everything has loaded and writes the
numbers into the page, which `chromium --dump-dom` prints. Screenshots are a second run with
`--screenshot`, saved to tests/artifacts/ (gitignored): light at both widths, the phone in dark
mode (`prefers-color-scheme: dark`) and the phone as a client that inverts colours itself
(Chromium's forced dark mode, like Gmail's and Outlook's apps).

There is no network: each image's https URL is swapped for a 480x360 PNG placeholder (the size
of a YouTube thumbnail) as a data: URL in the test's copy, so images really load and take up
space; everything else is the HTML as built.
"""

import base64
import html
import json
import re
import shutil
import struct
import subprocess
import tempfile
import zlib
from pathlib import Path

import pytest

from newsletter.build import build

from helpers import EDITIONS, seed_cache
from hugo_versions import hugo_build

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None, reason="needs Debian's chromium (`apt-get install chromium`; .ci/run installs it)"
    ),
]

WIDTHS = (600, 375)
ARTIFACTS = Path(__file__).parent / "artifacts"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--mute-audio",
]
MODES = {
    "light": [],
    "dark": ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"],
    "inverted": ["--blink-settings=forceDarkModeEnabled=true"],
}

MEASURE = r"""
function describe(el) {
  const text = (el.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 50);
  return '<' + el.tagName.toLowerCase() + (el.className ? ' class="' + el.className + '"' : '') + '> ' + text;
}
function rgba(css) {
  const [r, g, b, a] = css.match(/[\d.]+/g).map(Number);
  return [r, g, b, a === undefined ? 1 : a];
}
function luminance([r, g, b]) {
  const c = [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
  return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
}
function background(el, win) {
  for (; el; el = el.parentElement) {
    const colour = rgba(win.getComputedStyle(el).backgroundColor);
    if (colour[3] > 0.5) return colour;
  }
  return win.matchMedia('(prefers-color-scheme: dark)').matches ? [18, 18, 18, 1] : [255, 255, 255, 1];
}
function lowContrast(doc, win) {
  // WCAG 2 contrast of every piece of visible text against the background it sits on.
  const found = [];
  for (const el of doc.body.querySelectorAll('*')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const box = el.getBoundingClientRect();
    if (!own || box.width === 0 || box.height === 0) continue;
    const style = win.getComputedStyle(el);
    const [l1, l2] = [luminance(rgba(style.color)), luminance(background(el, win))].sort((a, b) => b - a);
    const ratio = (l1 + 0.05) / (l2 + 0.05), size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) found.push(describe(el) + ' (contrast ' + ratio.toFixed(2) + ':1)');
  }
  return found;
}
function scrolledInside(el, win) {
  // inside a box that scrolls (a code block): what is past its edge is scrolled to, not past the page's
  for (el = el.parentElement; el; el = el.parentElement)
    if (win.getComputedStyle(el).overflowX !== 'visible') return true;
  return false;
}
function codeRows(doc, win) {
  // For each code block: on how many rows each of its lines is laid out (1: kept whole), and
  // the block's width on screen against its content's.
  return [...doc.querySelectorAll('pre')].map(pre => {
    const chars = [];
    const walker = doc.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());)
      for (let i = 0; i < node.length; i++) chars.push([node, i]);
    const rows = [];
    let tops = new Set();
    for (const [node, i] of chars) {
      if (node.data[i] === '\n') { rows.push(tops.size); tops = new Set(); continue; }
      const range = doc.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      for (const rect of range.getClientRects()) if (rect.width > 0) tops.add(Math.round(rect.top));
    }
    if (tops.size) rows.push(tops.size);
    return {rows: rows, client_width: pre.clientWidth, scroll_width: pre.scrollWidth,
            right: pre.getBoundingClientRect().right};
  });
}
function measure(frame) {
  const win = frame.contentWindow, doc = frame.contentDocument, right = win.innerWidth;
  const overflowing = [];
  for (const el of doc.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && box.height > 0 && box.right > right + 0.5 && !scrolledInside(el, win))
      overflowing.push(describe(el) + ' (right edge at ' + box.right.toFixed(1) + ')');
  }
  const images = [...doc.images].map(img => {
    const box = img.getBoundingClientRect();
    return {alt: img.alt, width_attribute: img.getAttribute('width'), loaded: img.complete && img.naturalWidth > 0,
            width: box.width, height: box.height, right: box.right, backdrop: background(img, win)};
  });
  return {inner_width: right, scroll_width: doc.documentElement.scrollWidth,
          height: Math.ceil(doc.body.getBoundingClientRect().bottom), overflowing: overflowing.slice(0, 20),
          images: images, low_contrast: lowContrast(doc, win).slice(0, 20), code: codeRows(doc, win),
          rules: [...doc.querySelectorAll('hr')].map(hr => ({colour: rgba(win.getComputedStyle(hr).borderTopColor),
                                                             backdrop: background(hr, win)})),
          dark: win.matchMedia('(prefers-color-scheme: dark)').matches};
}
window.addEventListener('load', () => {
  const out = {};
  for (const frame of document.querySelectorAll('iframe')) out[frame.dataset.width] = measure(frame);
  const pre = document.createElement('pre');
  pre.id = 'measurements';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
"""


def placeholder_png(width: int = 480, height: int = 360) -> bytes:
    """A two-tone PNG of the given size, made without an imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(
        b"\x00" + (b"\x8a\xa4\xc8" if y < height * 2 // 3 else b"\x4a\x63\x84") * width for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


PLACEHOLDER = "data:image/png;base64," + base64.b64encode(placeholder_png()).decode()


def logo_png(width: int = 480, height: int = 360) -> bytes:
    """A logo as sites name it for their og:image: dark letters (#24292f) on nothing (alpha 0)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ink, clear = b"\x24\x29\x2f\xff", b"\x00\x00\x00\x00"
    rows = b"".join(
        b"\x00" + b"".join(ink if (x // 40 + y // 40) % 2 else clear for x in range(width)) for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # colour type 6: RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def luminance(rgb) -> float:
    channels = [c / 255 for c in rgb[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def offline_images(email: str) -> str:
    """The email with each image's https URL swapped for the placeholder (there is no network)."""
    return re.sub(r'(<img\b[^>]*?\bsrc=")https://[^"]*"', rf'\1{PLACEHOLDER}"', email)


def wrapper(email: str, frames: list[tuple[int, int]], script: str = "") -> str:
    """A page showing the email in one iframe per (width, height), side by side."""
    srcdoc = html.escape(email, quote=True)
    iframes = "".join(
        f'<iframe data-width="{w}" width="{w}" height="{h}" srcdoc="{srcdoc}"></iframe>' for w, h in frames
    )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
        "body { margin: 0; background: #7f7f7f; } iframe { border: 0; display: block; float: left; }"
        f"</style></head><body>{iframes}<script>{script}</script></body></html>"
    )


def chromium(args: list[str], tmp_path: Path) -> subprocess.Popen:
    profile = tempfile.mkdtemp(prefix="profile-", dir=tmp_path)  # one per run: they may overlap
    return subprocess.Popen(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def measure(email: str, tmp_path: Path, *modes: str) -> dict:
    """Layout measurements of the email at each width, one Chromium run per colour mode (at once).

    Returns {width: numbers} for one mode, {mode: {width: numbers}} for several."""
    page = tmp_path / "measure.html"
    # Tall frames, so no vertical scrollbar takes width away from the email.
    page.write_text(wrapper(email, [(w, 20000) for w in WIDTHS], MEASURE))
    running = {
        mode: chromium(["--window-size=1200,900", *MODES[mode], "--dump-dom", page.as_uri()], tmp_path)
        for mode in modes or ("light",)
    }
    results = {}
    for mode, process in running.items():
        out, err = process.communicate(timeout=120)
        found = re.search(r'<pre id="measurements">(.*?)</pre>', out, re.S)
        assert found, f"Chromium printed no measurements (exit {process.returncode}):\n{err[-2000:]}"
        results[mode] = {int(width): value for width, value in json.loads(html.unescape(found.group(1))).items()}
    return results if len(results) > 1 else next(iter(results.values()))


PHONE = min(WIDTHS)
SHOTS = [(width, "light") for width in WIDTHS] + [(PHONE, "dark"), (PHONE, "inverted")]


def screenshots(email: str, heights: dict[int, int], name: str, tmp_path: Path, shots=SHOTS) -> list[Path]:
    """Full-length screenshots: light at each width, and the phone in dark and inverted modes."""
    ARTIFACTS.mkdir(exist_ok=True)
    running = []
    for width, mode in shots:
        page = tmp_path / f"shot-{width}-{mode}.html"
        page.write_text(wrapper(email, [(width, heights[width])]))
        target = ARTIFACTS / f"{name}-{width}-{mode}.png"
        target.unlink(missing_ok=True)
        # A headless window is at least 500 px wide: a phone's frame shows grey beside it.
        size = f"--window-size={max(width, 500)},{heights[width]}"
        running.append((target, chromium([size, f"--screenshot={target}", *MODES[mode], page.as_uri()], tmp_path)))
    for target, process in running:
        _, err = process.communicate(timeout=120)
        assert target.exists(), f"Chromium made no screenshot {target.name}:\n{err[-2000:]}"
    return [target for target, _ in running]


@pytest.mark.parametrize("period", EDITIONS)
def test_the_email_fits_a_desktop_and_a_phone(example_workspace, period, tmp_path):
    seed_cache(example_workspace)
    email = offline_images(build(example_workspace, period, offline=True).outputs.html)
    both = measure(email, tmp_path, "light", "dark")
    layout, dark = both["light"], both["dark"]
    for width in WIDTHS:
        seen = layout[width]
        assert seen["inner_width"] == width and not seen["dark"] and dark[width]["dark"]
        assert seen["low_contrast"] == [], f"{period} at {width} px: text hard to read"
        assert dark[width]["low_contrast"] == [], f"{period} at {width} px in dark mode: text hard to read"
        assert seen["scroll_width"] <= width, f"{period} scrolls sideways at {width} px"
        assert seen["overflowing"] == [], f"{period} at {width} px: elements past the right edge"
        for image in seen["images"]:
            assert image["loaded"] and image["width_attribute"] and image["width_attribute"].isdigit(), image
            assert image["width"] > 0 and image["height"] > 0, f"{period} at {width} px: image with no size {image}"
            assert image["right"] <= width, image
    shots = screenshots(email, {w: layout[w]["height"] for w in WIDTHS}, period, tmp_path)
    assert all(shot.stat().st_size > 1000 for shot in shots)


def test_a_phone_gets_one_column_and_scaled_images(example_workspace, tmp_path):
    """The talks' thumbnails fill the column on a desktop and shrink with the screen on a phone."""
    seed_cache(example_workspace)
    email = offline_images(build(example_workspace, "2020-W28", offline=True).outputs.html)
    layout = measure(email, tmp_path)
    desktop, phone = layout[600]["images"], layout[375]["images"]
    assert [image["alt"] for image in desktop] == ["", ""]  # each under its title, linked to the same page
    for wide, narrow in zip(desktop, phone, strict=True):
        assert wide["width"] == int(wide["width_attribute"])
        assert wide["height"] == pytest.approx(wide["width"] * 360 / 480, abs=1)  # no height attribute needed
        assert narrow["width"] < wide["width"] and narrow["width"] >= 375 - 2 * 28 - 1
        assert narrow["height"] == pytest.approx(narrow["width"] * 360 / 480, abs=1)  # keeps its shape


def test_the_checks_catch_an_overflowing_email(tmp_path):
    wide = (
        '<!DOCTYPE html><html><body style="margin:0"><table width="600"><tr><td>x</td></tr></table>'
        f'<img src="{PLACEHOLDER}" alt=""><p style="color: #777; background: #888">faint</p></body></html>'
    )
    layout = measure(wide, tmp_path)
    assert layout[600]["overflowing"] == [] and layout[600]["scroll_width"] <= 600
    assert layout[375]["scroll_width"] > 375
    assert any(line.startswith("<table>") for line in layout[375]["overflowing"])
    assert layout[375]["images"][0]["width_attribute"] is None
    assert layout[600]["low_contrast"] == ["<p> faint (contrast 1.26:1)"]


STRESS = """\
---
type: video
url: https://www.youtube.com/watch?v=z-WSrQDXkuM&list=PLYx7XA2nY5GejOB1lsvriFeMytD1-VS1B&index=2&t=42s
date: 2020-07-09
title: Supercalifragilisticexpialidocious_and_a_very_long_identifier_without_any_spaces_at_all
image: https://i.ytimg.com/vi/z-WSrQDXkuM/maxresdefault.jpg
---
A bare link: <https://example.com/a/very/long/path/that/never/breaks/because/it/has/no/spaces/at/all/index.html>,
and [a link whose text is a URL too](https://example.com/?q=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa).

Some code: `numpy.random.default_rng(seed=1234567890).standard_normal(size=(1000, 1000), dtype=numpy.float32)`.

```python
result = some_function_with_a_long_name(first_argument=1, second_argument=2, third_argument=3, fourth=4)
```

> A quote with a long word: pneumonoultramicroscopicsilicovolcanoconiosis_pneumonoultramicroscopicsilicovolcanoconiosis

- a list item with a long word: Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch_and_more_and_more
"""


def test_long_words_and_code_do_not_widen_a_phone(example_workspace, tmp_path):
    """Notes are pasted from anywhere: unbreakable URLs, code and identifiers must wrap or scroll inside."""
    seed_cache(example_workspace)
    (example_workspace / "entries/2020/07/stress.md").write_text(STRESS)
    email = offline_images(build(example_workspace, "2020-W28", offline=True).outputs.html)
    layout = measure(email, tmp_path)
    for width in WIDTHS:
        assert layout[width]["scroll_width"] <= width, layout[width]["overflowing"]
        assert layout[width]["overflowing"] == []
    screenshots(email, {w: layout[w]["height"] for w in WIDTHS}, "stress", tmp_path, [(PHONE, "light")])


TABLES = """\
---
type: paper
url: https://example.com/exceso
date: 2020-07-09
title: Exceso de mortalidad
---
La tabla de tasas por 100 000 habitantes:

| País | Exceso de muertes | Por 100 000 hab. |
| --- | ---: | ---: |
| Perú | 210 000 | 620 |
| México | 640 000 | 495 |
| Colombia | 160 000 | 310 |

Y una tabla con un enlace largo:

| Fuente | Dirección |
| --- | --- |
| INEGI | https://www.inegi.org.mx/contenidos/programas/mortalidad/doc/defunciones_registradas_2023_nota_tecnica.pdf |
"""

# Every word of a note table's cells that takes two lines (its letters' boxes on two rows)
WORDS_BROKEN = r"""
window.addEventListener('load', () => {
  const out = {};
  for (const frame of document.querySelectorAll('iframe')) {
    const doc = frame.contentDocument, win = frame.contentWindow, broken = [];
    for (const cell of doc.querySelectorAll('.note-table th, .note-table td')) {
      const walker = doc.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const word of node.data.matchAll(/\S+/g)) {
          const range = doc.createRange();
          range.setStart(node, word.index);
          range.setEnd(node, word.index + word[0].length);
          const rows = new Set([...range.getClientRects()].map(box => Math.round(box.top)));
          if (rows.size > 1) broken.push(word[0]);
        }
      }
    }
    out[frame.dataset.width] = {broken, scroll: doc.documentElement.scrollWidth, width: win.innerWidth};
  }
  const pre = document.createElement('pre');
  pre.id = 'measurements';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
"""


def test_a_notes_table_keeps_its_words_whole_on_a_phone(example_workspace, tmp_path):
    """Mariana's table of three countries read "Méxic / o" and "Colom / bia" on a 375 px phone:
    the text block's word-break let the table squeeze a column below its longest word. Its
    words stay whole, and a table too wide for the screen (a long URL) scrolls inside its
    frame, as code does, without widening the email."""
    seed_cache(example_workspace)
    (example_workspace / "entries/2020/07/tables.md").write_text(TABLES, encoding="utf-8")
    email = offline_images(build(example_workspace, "2020-W28", offline=True).outputs.html)
    page = tmp_path / "words.html"
    page.write_text(wrapper(email, [(w, 20000) for w in WIDTHS], WORDS_BROKEN))
    out, err = chromium(["--window-size=1200,900", "--dump-dom", page.as_uri()], tmp_path).communicate(timeout=120)
    found = re.search(r'<pre id="measurements">(.*?)</pre>', out, re.S)
    assert found, err[-2000:]
    seen = {int(width): value for width, value in json.loads(html.unescape(found.group(1))).items()}
    for width in WIDTHS:
        whole = [w for w in seen[width]["broken"] if not w.startswith("https://")]  # the URL may scroll or wrap
        assert whole == [], f"at {width} px: {whole}"
        assert seen[width]["scroll"] <= width, seen[width]
    layout = measure(email, tmp_path)
    assert layout[PHONE]["overflowing"] == [] and layout[PHONE]["scroll_width"] <= PHONE


def test_long_words_and_code_do_not_widen_the_blog_on_a_phone(example_workspace, hugo, tmp_path):
    """The same notes on the blog, in the starter site's layouts: the page must not scroll
    sideways on a phone (a code block may scroll inside itself)."""
    seed_cache(example_workspace)
    (example_workspace / "entries/2020/07/stress.md").write_text(STRESS)
    slug = build(example_workspace, "2020-W28", offline=True).outputs.post_slug
    hugo_build(hugo, example_workspace / "site")
    page = (example_workspace / "site/public/posts" / slug / "index.html").read_text()
    layout = measure(page, tmp_path)
    for width in WIDTHS:
        assert layout[width]["scroll_width"] <= width, layout[width]["overflowing"]


CODE = """\
---
type: tool
url: https://github.com/google/jax
date: 2020-07-09
title: JAX
---
How I use it:

```python
def fit(w, x, y, steps=100):
    for step in range(steps):
        w = w - learning_rate * jax.grad(loss)(w, x, y) + momentum * previous_update  # the line too long
    return w
```

```makefile
deploy: test
	kubectl set image deployment/churn churn=registry.internal/churn-model:$(GIT_SHA)
```
"""


def test_code_keeps_its_lines_and_indentation_on_a_phone(example_workspace, tmp_path):
    """Devi's indented code in the email on a 375 px phone: a line too long for the screen was
    broken after its leading spaces (`white-space: pre-wrap`), so its indentation was lost and
    what looked like a new line began at the left. Each line is one row now, at both widths and
    in dark mode: the block scrolls sideways inside itself, and the email does not."""
    seed_cache(example_workspace)
    (example_workspace / "entries/2020/07/code.md").write_text(CODE)
    email = offline_images(build(example_workspace, "2020-W28", offline=True).outputs.html)
    both = measure(email, tmp_path, "light", "dark")
    for mode, layout in both.items():
        for width in WIDTHS:
            seen = layout[width]
            assert seen["scroll_width"] <= width and seen["overflowing"] == [], (mode, width, seen["overflowing"])
            assert seen["low_contrast"] == [], (mode, width)
            [python, makefile] = seen["code"]
            assert python["rows"] == [1, 1, 1, 1] and makefile["rows"] == [1, 1], (mode, width, seen["code"])
            for block in (python, makefile):
                assert block["right"] <= width - 28  # inside the card's padding
            if width == PHONE:  # the long lines are there, scrolled to
                assert python["scroll_width"] > python["client_width"]
    screenshots(email, {w: both["light"][w]["height"] for w in WIDTHS}, "code", tmp_path, SHOTS[1:3])


def test_a_transparent_picture_keeps_a_light_backdrop_in_dark_mode(example_workspace, tmp_path):
    """A talk whose picture is its conference's logo (dark letters on a transparent PNG, as sites
    name for og:image) showed it on the dark card in dark mode (Apple Mail, iOS, Outlook.com):
    dark on near-black, 1.2:1, the logo gone. A picture sits on white, as on the page it came
    from, in light mode and dark: a photo, opaque, looks the same."""
    seed_cache(example_workspace)
    email = build(example_workspace, "2020-W28", offline=True).outputs.html
    logo = "data:image/png;base64," + base64.b64encode(logo_png()).decode()
    email = re.sub(r'(<img\b[^>]*?\bsrc=")https://[^"]*"', rf'\1{logo}"', email)
    ink = luminance((0x24, 0x29, 0x2F))
    for mode, layout in measure(email, tmp_path, "light", "dark").items():
        for width in WIDTHS:
            images = layout[width]["images"]
            assert len(images) == 2 and all(image["loaded"] for image in images)
            for image in images:
                ratio = (luminance(image["backdrop"]) + 0.05) / (ink + 0.05)
                assert ratio >= 3, f"{mode} at {width} px: the logo on {image['backdrop']} ({ratio:.2f}:1)"


def test_a_notes_rule_is_as_quiet_as_the_sections_in_dark_mode(example_workspace, tmp_path):
    """New user 61's footnote, under a list, was set off by a rule (`<hr>`) that Chromium drew in
    the text's colour: a bright white line on the dark card, the loudest thing in the email, where
    the sections' own rules are a dim grey. A note's rule is drawn as they are, in both modes."""
    note = example_workspace / "entries/2021/02/model-search.md"
    note.write_text(note.read_text() + "\nA claim.[^1]\n\n---\n\nAfter a rule.\n\n[^1]: Its source.\n")
    email = build(example_workspace, "2021-02", offline=True).outputs.html
    for mode, layout in measure(email, tmp_path, "light", "dark").items():
        for width in WIDTHS:
            rules = layout[width]["rules"]
            assert len(rules) == 2, rules  # the note's own, and the one above its footnotes
            for rule in rules:
                ratio = (max(luminance(rule["colour"]), luminance(rule["backdrop"])) + 0.05) / (
                    min(luminance(rule["colour"]), luminance(rule["backdrop"])) + 0.05
                )
                assert 1.1 < ratio < 1.6, f"{mode} at {width} px: a note's rule {rule} ({ratio:.2f}:1)"


LANGUAGES = r"""
window.addEventListener('load', () => {
  const frame = document.querySelector('iframe'), win = frame.contentWindow, doc = frame.contentDocument;
  const out = {};
  for (const p of doc.querySelectorAll('p')) {
    const box = p.getBoundingClientRect(), style = win.getComputedStyle(p);
    out[p.textContent.trim().replace(/\s+/g, ' ')] = {
      lang: (p.closest('[lang]') || {}).lang, direction: style.direction, align: style.textAlign,
      left: box.left, right: box.right, width: win.innerWidth, scroll_width: doc.documentElement.scrollWidth};
  }
  const pre = document.createElement('pre');
  pre.id = 'languages';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
});
"""


def test_an_english_entry_in_an_arabic_email_is_english_and_left_to_right_on_a_phone(example_workspace, tmp_path):
    """Layla's English entry: Chromium takes its paragraphs' language (what a screen reader reads
    them in) from the nearest lang, and lays them out left to right from the column's left, at 375 px."""
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "ar"'), encoding="utf-8")
    (example_workspace / "entries/2021/02/vi.md").write_text(
        "---\ntype: paper\nurl: https://example.org/vi\ndate: 2021-02-20\ntitle: Variational inference\n"
        'language: en\n---\nBlei asks "is variational inference good enough?" and answers it.\n',
        encoding="utf-8",
    )
    (example_workspace / "entries/2021/02/ar.md").write_text(
        "---\ntype: article\nurl: https://example.org/ar\ndate: 2021-02-21\ntitle: مقال\n---\n"
        "ملاحظة عربية قصيرة عن المقال.\n",
        encoding="utf-8",
    )
    email = offline_images(build(example_workspace, "2021-02", offline=True).outputs.html)
    page = tmp_path / "languages.html"
    page.write_text(wrapper(email, [(PHONE, 20000)], LANGUAGES))
    out, err = chromium(["--window-size=1200,900", "--dump-dom", page.as_uri()], tmp_path).communicate(timeout=120)
    found = re.search(r'<pre id="languages">(.*?)</pre>', out, re.S)
    assert found, f"Chromium printed nothing (exit):\n{err[-2000:]}"
    shown = json.loads(html.unescape(found.group(1)))
    english = shown["Blei asks “is variational inference good enough?” and answers it."]
    arabic = shown["ملاحظة عربية قصيرة عن المقال."]
    assert (english["lang"], english["direction"], english["align"]) == ("en", "ltr", "left")
    assert (arabic["lang"], arabic["direction"]) == ("ar", "rtl")
    assert english["scroll_width"] <= PHONE and english["right"] <= PHONE
    assert english["left"] < arabic["right"] - 200  # starts at the column's left, where the Arabic ends


LOOK = r"""
window.addEventListener('load', () => {
  const doc = document.querySelector('iframe').contentDocument, win = doc.defaultView;
  const style = el => win.getComputedStyle(el);
  const backdrop = el => {
    for (; el; el = el.parentElement) {
      const colour = style(el).backgroundColor;
      if (colour !== 'rgba(0, 0, 0, 0)' && colour !== 'transparent') return colour;
    }
    return 'none';
  };
  const h1 = doc.querySelector('h1'), link = doc.querySelector('h3 a') || doc.querySelector('li a');
  const pre = document.createElement('pre');
  pre.id = 'look';
  pre.textContent = JSON.stringify({
    page: backdrop(doc.body), card: backdrop(h1), heading: [style(h1).color, style(h1).fontSize],
    font: style(h1).fontFamily, link: [style(link).color, style(link).textDecorationLine],
    h1s: doc.querySelectorAll('h1').length, lang: doc.documentElement.lang,
    listed: doc.querySelectorAll('main ul > li > a').length});
  document.body.appendChild(pre);
});
"""


def test_the_index_of_editions_looks_like_the_editions_in_light_and_dark(example_workspace, tmp_path):
    """The web archive's index of editions was the browser's bare default (Times, black on white,
    in dark mode too), one click from each edition's page in the email's look. Chromium lays out
    both pages: the index has the edition's gutter, card, heading, font and link colours, in
    light and in dark mode, with one h1, its language and a list of the editions."""
    build(example_workspace, "2021-02", offline=True)
    web = example_workspace / "site/static/newsletter"
    looks = {}
    for mode in ("light", "dark"):
        for name, page in (("index", web / "index.html"), ("edition", web / "2021-02/index.html")):
            wrapped = tmp_path / f"{name}-{mode}.html"
            wrapped.write_text(wrapper(page.read_text(encoding="utf-8"), [(600, 1200)], LOOK))
            args = ["--window-size=1200,900", *MODES[mode], "--dump-dom", wrapped.as_uri()]
            out, err = chromium(args, tmp_path).communicate(timeout=120)
            found = re.search(r'<pre id="look">(.*?)</pre>', out, re.S)
            assert found, f"Chromium printed nothing:\n{err[-2000:]}"
            looks[name, mode] = json.loads(html.unescape(found.group(1)))
    for mode in ("light", "dark"):
        index, edition = looks["index", mode], looks["edition", mode]
        for key in ("page", "card", "heading", "font", "link"):
            assert index[key] == edition[key], (mode, key)
        assert (index["h1s"], index["lang"], index["listed"]) == (1, "en", 1)
    assert looks["index", "light"]["card"] != looks["index", "dark"]["card"]  # dark mode has its own
