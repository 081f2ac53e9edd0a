"""How long `newsletter check` and `newsletter import` take on realistic loads, on 127.0.0.1 only.

check: an edition of 100 entries whose links are served by local servers that answer every
request after 200 ms (a distant server's time to first byte), through the real code path
(validation, HEAD requests with the build's Fetcher and its limits, the offline render).
Three shapes: 100 https links over 25 hosts (a real month), 100 on one host (the per-host
limit decides), and 100 http links over 25 hosts (each also probed for an https twin).

import: a 5,000-item podcast-style feed (itunes tags, enclosures, HTML show notes) served
locally, imported into an empty workspace in a fresh process: wall time and peak RSS, then
the second run (everything skipped), and a file of 3,000 items of one title in one month;
with --tracemalloc, also the Python heap's peak (a run four times slower).

    /tmp/venv/bin/python bench/bench_check_import.py [--tracemalloc]
"""

from __future__ import annotations

import http.server
import multiprocessing
import os
import resource
import shutil
import socket
import socketserver
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

DELAY = 0.2
HOSTS = [f"127.0.0.{n}" for n in range(1, 26)]  # Linux routes all of 127/8 to the loopback
SETTINGS = """\
[newsletter]
name = "Bench Letter"
[fetch]
allow_private_addresses = true
"""


# The servers: one per loopback address, HTTP and HTTPS on the same port, 200 ms per answer


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_HEAD(self):  # noqa: N802
        self._answer(body=False)

    def do_GET(self):  # noqa: N802
        self._answer(body=True)

    def _answer(self, body: bool) -> None:
        if self.path == "/feed.xml":
            data, kind = self.server.feed.read_bytes(), "application/rss+xml; charset=utf-8"
        else:
            time.sleep(DELAY)
            data = b"<!DOCTYPE html><html><head><title>A page</title></head><body>Hello</body></html>"
            kind = "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def log_message(self, *args):
        pass


def _serve(folder: Path, ports, ready) -> None:
    context = None
    if (folder / "leaf.pem").exists():
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(folder / "leaf.pem", folder / "leaf.key")

    class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
        daemon_threads = True
        request_queue_size = 1024
        feed = folder / "feed.xml"

        def get_request(self):
            sock, address = super().get_request()
            sock.settimeout(10)
            if context and sock.recv(1, socket.MSG_PEEK) == b"\x16":  # a TLS handshake
                sock = context.wrap_socket(sock, server_side=True)
            return sock, address

    servers = [Server((host, 0), _Handler) for host in HOSTS]
    for index, server in enumerate(servers):
        ports[index] = server.server_address[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
    ready.set()
    threading.Event().wait()


def _certificates(folder: Path) -> Path | None:
    if not shutil.which("openssl"):
        return None

    def openssl(*args):
        subprocess.run(["openssl", *args], cwd=folder, check=True, capture_output=True)

    key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    openssl(
        "req",
        "-x509",
        *key,
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-days",
        "2",
        "-subj",
        "/CN=Bench CA",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign",
    )
    openssl("req", *key, "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=bench")
    (folder / "ext.cnf").write_text("subjectAltName=" + ",".join(f"IP:{h}" for h in HOSTS) + "\n")
    openssl(
        "x509",
        "-req",
        "-in",
        "leaf.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-out",
        "leaf.pem",
        "-days",
        "2",
        "-extfile",
        "ext.cnf",
    )
    return folder / "ca.pem"


# check


def _edition(root: Path, urls: list[str]) -> None:
    shutil.rmtree(root, ignore_errors=True)
    folder = root / "entries/2021/03"
    folder.mkdir(parents=True)
    (root / "newsletter.toml").write_text(SETTINGS)
    for n, url in enumerate(urls):
        (folder / f"link-{n:03d}.md").write_text(
            f'---\ntype: article\nurl: {url}\ndate: 2021-03-{n % 28 + 1:02d}\ntitle: "Link {n}"\n---\n'
            f"Notes on link {n}: why it is worth reading, in a sentence or two.\n"
        )


def _time_check(root: Path, offline: bool = False):
    from newsletter.commands.check import check

    started, cpu = time.perf_counter(), time.process_time()
    report = check(root, "2021-03", offline=offline)
    return time.perf_counter() - started, time.process_time() - cpu, report


def _findings(report) -> str:
    codes = Counter(f"{f.severity} {f.code}" for f in report.findings)
    return f"{report.links} links; " + (", ".join(f"{n} {code}" for code, n in sorted(codes.items())) or "clean")


# import


def _feed(path: Path, items: int) -> None:
    notes = (
        "<p>In this episode we talk about packaging, testing and deploying Python code, and "
        "about the <strong>community</strong> around it.</p><ul><li>Links from the show</li>"
        "<li><a href='https://example.com/a'>A link</a></li></ul>"
    )
    with path.open("w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel>'
            "<title>Bench Cast</title><link>https://cast.example.com/</link>"
            "<itunes:author>Ann Host</itunes:author>\n"
        )
        for n in range(items, 0, -1):
            day = time.strftime("%a, %d %b %Y 08:00:00 GMT", time.gmtime(1_600_000_000 - (items - n) * 86_400))
            out.write(
                f"<item><title>#{n}: Episode number {n}</title><itunes:episode>{n}</itunes:episode>"
                f'<guid isPermaLink="false">ep-{n}</guid>'
                f"<link>https://cast.example.com/episodes/{n}</link><pubDate>{day}</pubDate>"
                f"<description><![CDATA[{notes}]]></description><itunes:duration>01:0{n % 10}:00"
                f'</itunes:duration><enclosure url="https://cast.example.com/{n}.mp3" length="1" '
                f'type="audio/mpeg"/></item>\n'
            )
        out.write("</channel></rss>\n")


def _one_title_feed(path: Path, items: int) -> None:
    """A feed of notes all titled "Untitled", in one month: every draft's name is untitled-N.md."""
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Notes</title>\n')
        for n in range(items):
            out.write(
                f"<item><title>Untitled</title><link>https://notes.example.com/n/{n}</link>"
                f"<pubDate>Tue, 03 Nov 2026 08:{n % 60:02d}:00 GMT</pubDate>"
                f"<description>Note {n}</description></item>\n"
            )
        out.write("</channel></rss>\n")


def _import_child(root: str, url: str, trace: bool, queue) -> None:
    from newsletter.commands.imports import import_feed

    if trace:
        import tracemalloc

        tracemalloc.start()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu = time.perf_counter(), time.process_time()
    results = import_feed(Path(root), url)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    heap = tracemalloc.get_traced_memory()[1] if trace else 0
    queue.put((seconds, cpu, len(results[0].written), results[0].summary(), before / 1024, peak / 1024, heap / 1e6))


def _time_import(root: Path, url: str, trace: bool = False):
    queue = multiprocessing.get_context("fork").Queue()
    child = multiprocessing.get_context("fork").Process(target=_import_child, args=(str(root), url, trace, queue))
    child.start()
    result = queue.get(timeout=600)
    child.join()
    return result


def main() -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        os.environ.pop(name, None)
    work = Path(tempfile.mkdtemp(prefix="bench-check-import-"))
    ca = _certificates(work)
    if ca:
        os.environ["SSL_CERT_FILE"] = str(ca)
    _feed(work / "feed.xml", 5000)
    context = multiprocessing.get_context("fork")
    ports, ready = context.Array("i", len(HOSTS)), context.Event()
    server = context.Process(target=_serve, args=(work, ports, ready), daemon=True)
    server.start()
    ready.wait(30)
    rows = []
    try:
        scheme = "https" if ca else "http"
        shapes = [
            (f"check: 100 {scheme} links, 25 hosts", scheme, lambda n: n % len(HOSTS)),
            (f"check: 100 {scheme} links, 1 host", scheme, lambda n: 0),
            ("check: 100 http links, 25 hosts (+ https probes)", "http", lambda n: n % len(HOSTS)),
        ]
        for label, kind, host in shapes:
            urls = [f"{kind}://{HOSTS[host(n)]}:{ports[host(n)]}/page/{n}" for n in range(100)]
            _edition(work / "edition", urls)
            seconds, cpu, report = _time_check(work / "edition")
            rows.append((label, seconds, cpu, _findings(report)))
        seconds, cpu, report = _time_check(work / "edition", offline=True)
        rows.append(("check --offline: 100 entries (validate, render)", seconds, cpu, _findings(report)))

        feed_url = f"http://{HOSTS[0]}:{ports[0]}/feed.xml"
        size = (work / "feed.xml").stat().st_size / 1e6
        (work / "imports").mkdir()
        (work / "imports/newsletter.toml").write_text(SETTINGS)
        seconds, cpu, written, summary, before, peak, _ = _time_import(work / "imports", feed_url)
        rows.append(
            (
                f"import: 5,000-item feed ({size:.1f} MB)",
                seconds,
                cpu,
                f"{written} files; peak RSS {peak:.0f} MB (at start {before:.0f} MB)",
            )
        )
        seconds, cpu, written, summary, *_ = _time_import(work / "imports", feed_url)
        rows.append(("import again: all 5,000 skipped", seconds, cpu, summary.replace(feed_url, "<feed>")))
        # named in the square of the count before 4d2266c (3,000: 84 s on a loaded machine)
        _one_title_feed(work / "untitled.xml", 3000)
        (work / "untitled").mkdir()
        (work / "untitled/newsletter.toml").write_text(SETTINGS)
        seconds, cpu, written, *_ = _time_import(work / "untitled", str(work / "untitled.xml"))
        rows.append(("import: 3,000 items of one title, one month (a file)", seconds, cpu, f"{written} files"))
        if "--tracemalloc" in sys.argv:
            shutil.rmtree(work / "imports/entries")
            seconds, cpu, written, _, _, _, heap = _time_import(work / "imports", feed_url, trace=True)
            rows.append(("import under tracemalloc", seconds, cpu, f"Python heap peak {heap:.0f} MB"))
    finally:
        server.kill()
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs (load {os.getloadavg()[0]:.1f}), "
        f"every answer after {DELAY * 1000:.0f} ms"
    )
    width = max(len(row[0]) for row in rows)
    print(f"{'what':<{width}}  {'wall':>7}  {'CPU':>7}  result")
    for label, seconds, cpu, result in rows:
        print(f"{label:<{width}}  {seconds:>6.2f}s  {cpu:>6.2f}s  {result}")


if __name__ == "__main__":
    main()
