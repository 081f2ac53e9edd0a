"""The capture endpoint: a bookmarklet's page on 127.0.0.1 posts {url, title, selection} here.

    bookmarklet  -> opens http://127.0.0.1:PORT/capture#t=TOKEN&url=…&title=…&selection=…
                    (a top-level navigation: no CORS, and the visited page's CSP does not apply)
    /capture     -> a tiny page that POSTs the fragment as JSON to /entry, on its own origin
    /entry       -> `save(url, title, selection)`, which writes or extends a draft

A browser full of other sites can reach 127.0.0.1, so /entry answers only a POST that carries
the workspace's secret token (`X-Newsletter-Token`), names this endpoint in `Host` (a DNS name
rebound to 127.0.0.1 does not), and comes from no other origin; bodies are capped. No CORS
headers are ever sent, so no other site can read an answer.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
import stat
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from pathlib import Path

from newsletter.errors import NewsletterError

TOKEN_FILE = "capture-token"  # under .newsletter/
MAX_BODY = 64 * 1024  # a URL, a title and a generous selection
TOKEN_HEADER = "X-Newsletter-Token"

# The bookmarklet opens its window by name, so a capture made while the last one's window is
# still open (its 2.5 s, or a refusal left on screen) only changes this page's fragment: no new
# page, only a hashchange, which must save too.
PAGE_SCRIPT = """\
const say = (text) => { document.getElementById("said").textContent = text; };
let closing;
const save = () => {
  const q = new URLSearchParams(location.hash.slice(1));
  history.replaceState(null, "", location.pathname);
  clearTimeout(closing);
  say("Saving…");
  fetch("/entry", {method: "POST", headers: {"Content-Type": "application/json",
    "X-Newsletter-Token": q.get("t") || ""}, body: JSON.stringify({url: q.get("url") || "",
    title: q.get("title") || "", selection: q.get("selection") || ""})})
    .then((r) => r.json().then((j) => {
      say(r.ok ? "Saved " + j.path + (j.also ? " — " + j.also : "") : "Not saved: " + j.error);
      if (r.ok && !j.also) closing = setTimeout(() => window.close(), 2500); }))
    .catch((e) => say("Not saved: is `newsletter capture` still running? (" + e + ")"));
};
addEventListener("hashchange", save);
save();
"""
PAGE = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>newsletter capture</title></head>
<body style="font: 15px system-ui, sans-serif; margin: 1.5em"><p id="said">Saving…</p>
<script>{PAGE_SCRIPT}</script></body></html>
""".encode()
# The page may run its own script and talk to its own origin, nothing else.
PAGE_POLICY = (
    "default-src 'none'; script-src 'sha256-"
    + base64.b64encode(hashlib.sha256(PAGE_SCRIPT.encode()).digest()).decode()
    + "'; connect-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)


class Refused(Exception):
    """A request /entry will not take: an HTTP status and one line saying why."""

    def __init__(self, status: int, message: str):
        self.status = status
        super().__init__(message)


@dataclass(frozen=True)
class Capture:
    """What the bookmarklet sent."""

    url: str
    title: str
    selection: str


def token(state_dir: Path, say: Callable[[str], None] = lambda _: None) -> str:
    """The workspace's capture token: created on first use, readable by its owner only. One that
    is no token (an empty file, a sync's half copy, a FIFO), or that other users could read, is
    replaced, and `say` tells the author to drag the bookmarklet again: an empty one let any
    request without a token through, and anyone who can read it can write drafts."""
    path = state_dir / TOKEN_FILE
    kept, wrong = _kept_token(path)
    if kept:
        return kept
    state_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(32)
    if wrong is None:  # none yet
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another capture made it a moment ago
            return token(state_dir, say)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secret + "\n")
        return secret
    temporary = path.with_name(f".{TOKEN_FILE}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # (a link there: not followed)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(secret + "\n")
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise NewsletterError(
            f"{path} {wrong}, and a new token could not be written there ({error.strerror or error}); "
            "remove it and run `newsletter capture` again."
        )
    say(
        f"warning: {path} {wrong}: a new capture token is in it; drag the bookmarklet "
        "`newsletter capture` prints to your bookmarks again (the old one is refused)"
    )
    return secret


_TOKEN = re.compile(r"[A-Za-z0-9_-]{32,128}")


def _kept_token(path: Path) -> tuple[str | None, str | None]:
    """(the token in `path`, None), or (None, what is wrong with it), or (None, None) if none."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None, None
    except OSError as error:
        return None, f"could not be read ({error.strerror or error})"
    try:
        facts = os.fstat(descriptor)
        if not stat.S_ISREG(facts.st_mode):
            return None, "is not a file"
        if hasattr(os, "getuid") and facts.st_uid != os.getuid():
            return None, "belongs to another user"
        if facts.st_mode & 0o077:
            # a sync client (Dropbox, Drive, Syncthing) writes the author's own file with the
            # machine's umask: made private again, kept, so each machine's bookmarklet still works
            os.fchmod(descriptor, 0o600)
        text = os.read(descriptor, 4096).decode("utf-8", "replace").strip()
    except OSError as error:
        return None, f"could not be read ({error.strerror or error})"
    finally:
        os.close(descriptor)
    return (text, None) if _TOKEN.fullmatch(text) else (None, "held no token")


def bookmarklet(port: int, secret: str) -> str:
    """A `javascript:` link that opens the capture page with this page's URL, title and selection."""
    return (
        "javascript:(()=>{const p=new URLSearchParams({t:'" + secret + "',url:location.href,"
        "title:document.title,selection:String(getSelection())});window.open('http://127.0.0.1:"
        + str(port)
        + "/capture#'+p,'newsletter','width=460,height=200')})()"
    )


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # (a stalled connection must not keep Ctrl+C waiting)

    def handle_error(self, request, client_address) -> None:
        """A request that failed, said in a line: a browser that closed the capture window while
        it was answered printed a BrokenPipeError traceback into the author's terminal (review 6).
        The endpoint goes on either way."""
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):
            return  # the window went away mid-answer: what it asked for was done or refused already
        print(f"capture: a request failed ({type(error).__name__}: {error}); still listening", file=sys.stderr)


def serve(port: int, secret: str, save: Callable[[Capture], dict]) -> HTTPServer:
    """The endpoint on 127.0.0.1:`port` (0: any free port); `save` answers a good capture.

    Each connection in a thread of its own: one that sends its request a byte at a time held the
    one-at-a-time endpoint 15 s, again and again, and the bookmarklet's capture waited behind it.
    One capture is saved at a time: two of the same link must not race."""
    saving = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        timeout = 15  # a client that stalls mid-request is dropped

        def do_GET(self):  # noqa: N802 (the stdlib's names)
            self.answer(self.refusals("GET") or (200, PAGE))

        def do_POST(self):  # noqa: N802
            refused = self.refusals("POST")
            if refused:
                return self.answer(refused)
            try:
                got = self.capture()
                with saving:
                    saved = save(got)
                self.answer((200, json.dumps(saved).encode()))
            except Refused as refusal:
                self.answer((refusal.status, json.dumps({"error": str(refusal)}).encode()))
            except NewsletterError as error:
                self.answer((400, json.dumps({"error": error.format_message()}).encode()))

        def do_other(self):
            self.answer(self.refusals(self.command) or (405, json.dumps({"error": "use the bookmarklet"}).encode()))

        do_HEAD = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_other  # noqa: N815

        def refusals(self, method: str) -> tuple[int, bytes] | None:
            try:
                self.check(method)
            except Refused as refusal:
                self.close_connection = True
                return refusal.status, json.dumps({"error": str(refusal)}).encode()
            return None

        def check(self, method: str) -> None:
            port = self.server.server_address[1]
            own = {f"{host}:{port}" for host in ("127.0.0.1", "localhost")}
            if (self.headers.get("Host") or "").lower() not in own:
                raise Refused(421, f"this endpoint answers only as 127.0.0.1:{port} or localhost:{port}")
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            routes = {"/capture": "GET", "/entry": "POST"}
            if path not in routes:
                raise Refused(404, "nothing here; the bookmarklet opens /capture")
            if routes[path] != method:
                raise Refused(405, f"{path} takes only {routes[path]}")
            if method == "GET":  # the page, opened from any site by the bookmarklet: it holds no secret
                return
            origin = self.headers.get("Origin")
            if origin is not None and origin.lower() not in {f"http://{o}" for o in own}:
                raise Refused(403, f"requests from {origin[:100]} are refused; use the bookmarklet")
            if self.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
                raise Refused(403, "requests from other sites are refused; use the bookmarklet")
            given = (self.headers.get(TOKEN_HEADER) or "").encode()
            if not secret or not hmac.compare_digest(given, secret.encode()):  # (no token is no key)
                raise Refused(
                    403,
                    f"missing or wrong {TOKEN_HEADER}; drag the bookmarklet that "
                    "`newsletter capture` prints to your bookmarks again",
                )

        def capture(self) -> Capture:
            if self.headers.get("Transfer-Encoding"):
                raise Refused(411, "send the body with a Content-Length")
            try:
                length = int(self.headers.get("Content-Length", ""))
            except ValueError:
                raise Refused(411, "send the body with a Content-Length")
            if not 0 <= length <= MAX_BODY:
                self.close_connection = True  # the body is not read
                raise Refused(413, f"a capture is at most {MAX_BODY // 1024} KB; select less text")
            if (self.headers.get("Content-Type") or "").split(";")[0].strip().lower() != "application/json":
                raise Refused(415, "send JSON (Content-Type: application/json)")
            try:
                data = json.loads(self.rfile.read(length).decode("utf-8"))
            except (UnicodeDecodeError, ValueError, RecursionError):  # "[[[…" past Python's limit: a traceback
                raise Refused(400, "the body is not JSON")
            if not isinstance(data, dict) or not all(
                isinstance(data.get(k, ""), str) for k in ("url", "title", "selection")
            ):
                raise Refused(400, 'send {"url": …, "title": …, "selection": …}, each a string')
            return Capture(data.get("url", "").strip(), data.get("title", ""), data.get("selection", ""))

        def answer(self, reply: tuple[int, bytes]) -> None:
            status, body = reply
            self.send_response(status)
            page = body is PAGE
            self.send_header("Content-Type", "text/html; charset=utf-8" if page else "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("Content-Security-Policy", PAGE_POLICY if page else "default-src 'none'")
            if status == 405:
                self.send_header("Allow", "POST" if self.path.startswith("/entry") else "GET")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def log_message(self, *args):  # quiet: the command says what was saved
            pass

    try:
        return _Server(("127.0.0.1", port), Handler)
    except OSError as error:
        raise NewsletterError(
            f"Cannot listen on 127.0.0.1:{port} ({error.strerror}); set another port with "
            "--port (or `port` in [capture])."
        )
