"""`newsletter preview`: the email, its text and the post, served on 127.0.0.1, rebuilt on change.

The preview pages wrap the outputs (the email in an iframe, exactly as built); only the
wrapper carries the few lines of script that reload it after a rebuild. The reload is pushed:
the page listens on /events (server-sent events) and the watcher looks at the inputs' times
every 50 ms, so a save shows in the browser about a warm build (tens of ms) after it.
"""

from __future__ import annotations

import html
import json
import mimetypes
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

from newsletter import config, publish, read
from newsletter.build import BuildResult, edition_period, prepare
from newsletter.commands.preview_post import language_attributes, post_html
from newsletter.delivery.doctor import own_template
from newsletter.errors import NewsletterError
from newsletter.formats import bundle_images, kept_fragments, site
from newsletter.formats.month_folders import folders_read
from newsletter.formats.wording import Wording
from newsletter.models import Period

WRAPPER = """<!DOCTYPE html>
<html{language}><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
 /* On a phone (375 px) the 620 px frame is wider than the screen: it goes, and the phone's frame
    fits; 'safe' centring never pushes a wide child's start off the screen, left or (rtl) right.
    The links and the status are laid out by flex in the page's own direction, not floated right. */
 :root {{ color-scheme: light dark; }}
 body {{ margin: 0; font: 15px/1.5 system-ui, sans-serif; background: #eef0f3; color: #1f2328; }}
 nav {{ padding: 10px 16px; background: #fff; border-bottom: 1px solid #d8dee4;
  display: flex; flex-wrap: wrap; gap: 2px 14px; }}
 nav .status {{ margin-inline-start: auto; color: #57606a; }}
 main {{ padding: 16px; display: flex; gap: 16px; justify-content: safe center; flex-wrap: wrap; }}
 iframe {{ border: 1px solid #d8dee4; background: #fff; height: calc(100vh - 90px); max-width: 100%;
  box-sizing: border-box; }}
 @media (max-width: 660px) {{ iframe.wide {{ display: none; }} main {{ padding: 16px 0; }} }}
 pre {{ background: #fff; padding: 16px; border: 1px solid #d8dee4; max-width: 80ch; white-space: pre-wrap;
  overflow-wrap: anywhere; }}
 article {{ background: #fff; padding: 24px 32px; border: 1px solid #d8dee4; max-width: 720px; min-width: 0;
  overflow-wrap: anywhere; }}
 article img {{ max-width: 100%; height: auto; }}
 @media (max-width: 660px) {{ article {{ padding: 16px; }} }}
 .problem {{ background: #fff3f3; border: 1px solid #e5a3a3; padding: 16px; white-space: pre-wrap; }}
 .notice {{ background: #fff8e1; border: 1px solid #d8b85a; padding: 16px; white-space: pre-wrap; flex-basis: 100%; }}
 @media (prefers-color-scheme: dark) {{
  body {{ background: #010409; color: #e6edf3; }}
  nav, pre, article {{ background: #0d1117; border-color: #30363d; }}
  iframe {{ border-color: #30363d; background: #0d1117; }}
  a {{ color: #58a6ff; }} nav .status {{ color: #8b949e; }}
  .problem {{ background: #2d1214; border-color: #8e3a3f; }}
  .notice {{ background: #2b2411; border-color: #7a6427; }}
 }}
</style></head><body>
<nav><a href="/">{email}</a><a href="/text">{text}</a><a href="/post">{post}</a>
<span class="status"><bdi>{status}</bdi></span></nav>
<main>{body}</main>
<script>
 // Reload when a rebuild finishes, told by the server (the email itself never contains script).
 const seen = {version};
 new EventSource('/events').onmessage = (event) => {{ if (Number(event.data) !== seen) location.reload(); }};
 // Beside the wide frame, the phone's shows the same email again, which a screen reader read out
 // twice: it is inert there (out of screen readers' and Tab's reach); on a phone it is the one shown.
 const phone = document.querySelector('iframe.phone'), narrow = matchMedia('(max-width: 660px)');
 const once = () => {{ if (phone) phone.inert = !narrow.matches; }};
 once(); narrow.addEventListener('change', once);
</script></body></html>"""


# How long a file the edition was built from may be missing before the preview builds without
# it: an editor that saves by renaming writes the new file in milliseconds.
SETTLE_SECONDS = 0.5


class Preview:
    """Holds the latest build of one period and rebuilds it when its inputs change."""

    def __init__(self, root: Path, period: str | None, offline: bool):
        self.root, self.period, self.offline = root, period, offline
        # The versions count on from when this preview started (in ms), not from 0: the page
        # reloads when the version it was served with is not the server's, and after a preview
        # stopped and started again (templates edited in between) the new one's first build was
        # "1" again, as the open tab's was, so the tab kept the old email (new user 49, Léa).
        # Builds take far more than a millisecond, so no earlier run reaches the new one's numbers.
        self.version = self.first = time.time_ns() // 1_000_000
        self.result: BuildResult | None = None
        self.problem = ""
        self.notices: list[str] = []  # what the author's own email template breaks of email-safe
        self.lock = threading.Lock()
        self.language = "en"  # the newsletter's, once its settings are read
        self.words = Wording()  # the page's own words in it (a French workspace's preview said "7 entries")
        self.rebuilt = threading.Condition(self.lock)  # notified with each new version
        self.folders: list[Path] = []  # where the period's entries are filed, set by `inputs`
        self.editorial: Path | None = None  # its _index.md (or _2020-W28.md), whose pictures the post shows too
        self.seen = self.inputs()  # settings that cannot be read at the start: the command's error
        self.rebuild()

    def inputs(self) -> dict[Path, tuple[int, int]]:
        """What a build reads (the files `send` checks an edition against), with their times:
        settings, the period's entry files and editorial text, the workspace's templates; and the
        Hugo site's settings."""
        settings = config.load(self.root)
        self.language = settings.language  # the page's, its text's and its post's
        self.words = Wording(settings.language, settings.wording)
        period = settings.period(self.period)
        self.folders = _entry_folders(settings.entries_dir, period)
        self.editorial = read.editorial_file(settings.entries_dir, period)
        # The Hugo site's settings too: the email links the web edition and the post's pictures at
        # its baseURL, and new user 58's (Ingrid's) page kept the old one after she moved her blog.
        files = [*publish.edition_inputs(settings, period), *site.settings_files(settings.site_dir)]
        return {path: changed for path in files if (changed := _changed(path)) is not None}

    def watched(self) -> dict[Path, tuple[int, int] | None]:
        """The inputs and the folders holding them, with their times: stat only, cheap enough
        to look 20 times a second; a change here means `inputs` is listed again."""
        # The period's own folders too, present or not: a month with no entry yet has no file
        # to watch, and its first entry (with its new entries/YYYY/MM/) went unseen.
        folders = {path.parent for path in self.seen} | {self.root / "templates", *self.folders}
        return {path: _changed(path) for path in [*self.seen, *sorted(folders)]}

    def rebuild(self) -> None:
        try:
            self.seen = self.inputs()  # before building, so an edit made during the build is caught
        except NewsletterError as error:  # the settings cannot be read: shown, and watched on
            self.quick = self.watched()
            return self._show(self.result, error.format_message())
        # the files' times as listed, not stat'ed again: an edit in between is still a change
        self.quick = {**self.watched(), **self.seen}
        try:
            result, problem = prepare(self.root, self.period, offline=self.offline, message=False), ""
        except NewsletterError as error:
            result, problem = self.result, error.format_message()
        self._show(result, problem, _template_notices(self.root, result) if not problem else self.notices)

    def _show(self, result: BuildResult | None, problem: str, notices: list[str] | None = None) -> None:
        with self.lock:
            self.result, self.problem = result, problem
            self.notices = self.notices if notices is None else notices
            self.version += 1
            self.rebuilt.notify_all()

    def wait_for(self, version: int, timeout: float) -> int:
        """The version after `version`, or `version` again after `timeout` seconds."""
        with self.lock:
            self.rebuilt.wait_for(lambda: self.version != version, timeout)
            return self.version

    def watch(self, interval: float = 0.05, stop: threading.Event | None = None) -> None:
        stop = stop or threading.Event()
        while not stop.wait(interval):
            try:
                now = self.watched()
                changed = now != self.quick and self.inputs() != self.seen
                if not changed:
                    self.quick = now  # a swap file came and went: nothing to build
            except NewsletterError:
                # newsletter.toml cannot be read: say so (it was skipped as a file mid-save,
                # forever, and the page kept the old build without a word); a later save of
                # it is a change again.
                changed = True
            except OSError:
                continue  # a file mid-save; look again next time
            if changed:
                self._settle(interval, stop)
                self.rebuild()

    def _settle(self, interval: float, stop: threading.Event) -> None:
        """Wait, for SETTLE_SECONDS at most, while a file the last build read is missing. Vim
        saves by renaming the entry to entry.md~ and writing entry.md anew: new user 58's (Ingrid's)
        preview looked in between, built the edition without that entry, reloaded the page into
        it, then built and reloaded again. An entry deleted or renamed is built that much later."""
        deadline = time.monotonic() + SETTLE_SECONDS
        while any(_changed(path) is None for path in self.seen) and time.monotonic() < deadline:
            if stop.wait(interval):
                return

    def page(self, path: str) -> tuple[int, str, bytes]:
        with self.lock:
            result, problem, version, notices = self.result, self.problem, self.version, self.notices
        if path == "/version":
            return 200, "application/json", json.dumps(version).encode()
        if result is None:
            if path not in ("/", "/text", "/post"):
                return 500, "text/plain; charset=utf-8", problem.encode()
            # Still a page with the reload script: a plain-text error page never reloaded, so
            # the first good build after it (the period's first entry saved) went unseen.
            body = f'<div class="problem">{html.escape(problem)}</div>'
            status = html.escape(self.words("preview_no_build"))
            return 500, "text/html; charset=utf-8", self._wrapped("", status, body, version)
        outputs = result.outputs
        if path == "/email.html":
            return 200, "text/html; charset=utf-8", outputs.html.encode()
        if path == "/text.txt":
            return 200, "text/plain; charset=utf-8", outputs.text.encode()
        if path == "/":
            wide, phone = (html.escape(self.words(key), quote=True) for key in ("preview_wide", "preview_phone"))
            body = (
                f'<iframe class="wide" src="/email.html" width="620" title="{wide}"></iframe>'
                f'<iframe src="/email.html" class="phone" width="390" title="{phone}"></iframe>'
            )
        elif path == "/text":
            body = f"<pre{language_attributes(self.language)}>{html.escape(outputs.text)}</pre>"
        elif path == "/post":
            body = post_html(outputs.post, self.language)
        elif picture := _picture(result, path, self.editorial):
            return 200, mimetypes.guess_type(picture.name)[0] or "application/octet-stream", picture.read_bytes()
        else:
            return 404, "text/plain; charset=utf-8", b"Not found"
        if path == "/" and notices:  # beside the email they are about, under any problem
            body = f'<div class="notice">{html.escape(chr(10).join(notices))}</div>' + body
        if problem:
            body = f'<div class="problem">{html.escape(problem)}</div>' + body
        entries = self.words("preview_entries", len(result.edition.entries))
        # the period's key left to right in its own run, and the line in its words' direction (a
        # <bdi>'s, as dir="auto" finds it, skipping the key; the span stays at the page's end): Noa's
        # Hebrew preview showed "2026-W49 · 7 entries · build 1" as "W49 · 7 entries · build 1-2026"
        key = f'<bdi dir="ltr">{html.escape(result.edition.period.key)}</bdi>'
        build = html.escape(self.words("preview_build", build=version - self.first))
        status = f"{key} · {html.escape(entries)} · {build}"
        return 200, "text/html; charset=utf-8", self._wrapped(result.edition.subject, status, body, version)

    def _wrapped(self, subject: str, status: str, body: str, version: int) -> bytes:
        """The page around an output, in the workspace's language and its words; `status` is HTML."""
        said = {key: html.escape(self.words(f"preview_{key}")) for key in ("email", "text", "post")}
        title = self.words("preview_title", title=subject) if subject else self.words("preview")
        return WRAPPER.format(
            language=language_attributes(self.language),
            title=html.escape(title),
            status=status,
            body=body,
            version=version,
            **said,
        ).encode()


def _template_notices(root: Path, result: BuildResult | None) -> list[str]:
    """What the workspace's own email template breaks of "email-safe" (contrast, link style,
    alt…), which `send --yes` refuses: Léa (new user 49) recoloured hers for an hour in the
    preview, and learnt of a 1.5:1 grey only from `send`. As `check` says it; a few ms a build."""
    if result is None or not (own := own_template.failures(result.outputs.html, root / "templates")):
        return []
    return [f"{config.shown(own[0], root)}: {failed.message}{own_template.CHECK_NOTE}" for failed in own[1]]


def _picture(result: BuildResult, path: str, editorial: Path | None) -> Path | None:
    """A picture a note shows from beside its entry ('![…](heatmap.png)'), which the build
    copies into the post's bundle: the post page, at /post, reads it at /heatmap.png, and
    Ines's showed a broken image there, the preview writing no bundle. Only such a picture is
    served, never another file of the workspace. The edition's own words' too, its intro's and
    outro's beside its `editorial` file, which the build copies as well: new user 58's (Ingrid's)
    picture of Oslo in her intro was a broken image in the preview's post, not on her blog."""
    if not path.lower().endswith(bundle_images.SUFFIXES):
        return None
    edition = result.edition
    try:
        shown = bundle_images.with_words(edition.entries, editorial, edition.intro, edition.outro)
        beside = {Path(name).as_posix(): file for name, file in bundle_images.images_beside(shown).items()}
    except NewsletterError:  # two notes' pictures of one name: the build says so
        return None
    picture = beside.get(Path(unquote(path.lstrip("/"))).as_posix())
    return picture if picture and picture.is_file() else None


def _entry_folders(entries: Path, period: Period) -> list[Path]:
    """entries/, and each of the period's entries/YYYY and entries/YYYY/MM, whether they exist
    or not: making one changes the time of the folder above it."""
    folders = {entries}
    for folder in folders_read(entries, period):  # its neighbours' too: one may hold its entry
        folders |= {folder, folder.parent}
    return sorted(folders)


def _changed(path: Path) -> tuple[int, int] | None:
    """When `path` last changed: its mtime and its change time. A sync client renames the other
    machine's file over an entry with the mtime it had there, which may be the old one's (new user
    52's entries, unzipped with a 1980 mtime): the preview saw its folder change, listed the same
    mtimes and built nothing. No program sets the change time back."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_mtime_ns, status.st_ctime_ns


# How long a connection may take to send its request (and a page to take an answer): one that
# sends a byte now and then (slowloris), or nothing, held a thread of the preview for ever, and
# enough of them, from any process on the machine, left it none to start for the author's page.
REQUEST_SECONDS = 15


def serve(preview: Preview, port: int = 8765) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        timeout = REQUEST_SECONDS

        def do_GET(self):  # noqa: N802 (the stdlib's name)
            if self.path == "/events" and self._own_host():
                return self._events()
            # Only a page the user opened at 127.0.0.1 or localhost: another site's page, through a
            # DNS name rebound to 127.0.0.1, sends its own Host and is turned away.
            if not self._own_host():
                status, kind, data = (
                    421,
                    "text/plain; charset=utf-8",
                    (f"The preview answers only at http://127.0.0.1:{self.server.server_address[1]}/.").encode(),
                )
            else:
                status, kind, data = preview.page(self.path.split("?", 1)[0])
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(data)

        def _own_host(self) -> bool:
            own = {f"{host}:{self.server.server_address[1]}" for host in ("127.0.0.1", "localhost")}
            return (self.headers.get("Host") or "").lower() in own

        def _events(self) -> None:
            """Server-sent events: the current build's version now, then each new one as it is
            built; a comment every 15 s finds out when the page has gone."""
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            version = preview.version
            try:
                self.wfile.write(f"retry: 500\ndata: {version}\n\n".encode())
                self.wfile.flush()
                while True:
                    newer = preview.wait_for(version, timeout=15)
                    self.wfile.write(f"data: {newer}\n\n".encode() if newer != version else b": still here\n\n")
                    self.wfile.flush()
                    version = newer
            except OSError:
                pass  # the page was closed or reloaded

        def log_message(self, *args):  # quiet: the terminal shows rebuilds, not requests
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True  # an open /events stream must not keep Ctrl+C waiting

        def handle_error(self, request, client_address) -> None:
            """A request that failed, in a line: a browser reloading while a large picture or
            email was sent printed a ConnectionResetError traceback into the author's terminal,
            between the rebuilds it shows. The preview goes on either way."""
            error = sys.exc_info()[1]
            if not isinstance(error, ConnectionError):  # (the page went away mid-answer: nothing to say)
                print(f"preview: a request failed ({type(error).__name__}: {error}); still serving", file=sys.stderr)

    try:
        return Server(("127.0.0.1", port), Handler)
    except OSError as error:
        raise NewsletterError(f"Cannot listen on 127.0.0.1:{port} ({error.strerror}); try --port 0 for any free port.")


def _refuse_what_never_builds(root: Path, period: str | None) -> None:
    """A year (its edition is `review`'s) or a period that is none: no save can ever build it, and
    the preview served a page of that failure until stopped (Tomás, new user 60, `preview 2026`).
    Settings that do not load yet are left to the page, which rebuilds once they are fixed."""
    try:
        settings = config.load(root)
    except NewsletterError:
        return
    edition_period(period, settings, None, "preview")


def new_warnings(result: BuildResult | None, told: set[str]) -> list[str]:
    """The build's warnings not said before in this preview, each as `build` says it, and now
    `told`: new user 52's (Ben's) sync client put a conflict copy of an entry beside it while
    the preview ran, and the terminal said 'Rebuilt', the page nothing, of the copy left out
    (an entry iCloud took back, the same). Each said once, not at every save."""
    fresh = [warning for warning in (result.warnings if result else []) if warning not in told]
    told.update(fresh)
    return [f"warning: {warning}" for warning in fresh]


def run(root: Path, period: str | None, port: int, open_browser: bool, offline: bool, say) -> None:
    _refuse_what_never_builds(root, period)
    kept_fragments.keep_fragments()  # a save makes again only the blocks of what it changed (issue #17)
    preview = Preview(root, period, offline)
    server = serve(preview, port)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    say(
        f"Previewing {preview.result.edition.period.key if preview.result else period} at {url} "
        "(Ctrl+C to stop); rebuilding when entries, templates or settings change."
    )
    told: set[str] = set()
    for line in new_warnings(preview.result, told):
        say(line)
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    try:
        version = preview.version
        stop = threading.Event()
        threading.Thread(target=preview.watch, kwargs={"stop": stop}, daemon=True).start()
        while True:
            time.sleep(0.3)
            if preview.version != version:
                version = preview.version
                said = preview.problem or f"Rebuilt ({time.strftime('%H:%M:%S')})."
                if preview.notices and not preview.problem:
                    said += " Your email template breaks what send --yes refuses: the page says what."
                say(said)
                for line in new_warnings(None if preview.problem else preview.result, told):
                    say(line)
    except KeyboardInterrupt:
        stop.set()
        server.shutdown()
