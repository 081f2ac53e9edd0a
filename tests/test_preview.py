"""The preview server: real HTTP on 127.0.0.1, rebuilding when an entry changes."""

import threading
import time
import urllib.request

import pytest

from newsletter.commands.preview import Preview, serve


@pytest.fixture
def server(example_workspace):
    preview = Preview(example_workspace, "2020-W28", offline=True)
    httpd = serve(preview, port=0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    stop = threading.Event()
    threading.Thread(target=preview.watch, kwargs={"interval": 0.05, "stop": stop}, daemon=True).start()
    yield preview, f"http://127.0.0.1:{httpd.server_address[1]}"
    stop.set()
    httpd.shutdown()


def get(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.headers["Content-Type"], response.read().decode()


def test_serves_the_email_text_and_post(server):
    preview, base = server
    kind, email = get(base + "/email.html")
    assert kind == "text/html; charset=utf-8" and email == preview.result.outputs.html
    assert "JAX: Accelerated Machine Learning Research" in get(base + "/text")[1]
    post = get(base + "/post")[1]
    assert '<h2>[Talk] <a href="https://www.youtube.com/watch?v=z-WSrQDXkuM">' in post
    assert '<iframe src="/email.html"' in get(base + "/")[1]


def test_rebuilds_when_an_entry_changes(server, example_workspace):
    preview, base = server
    version = int(get(base + "/version")[1])
    entry = example_workspace / "entries/2020/07/ray.md"
    entry.write_text(entry.read_text().replace("Sounds cool!", "Sounds very cool!"))
    deadline = time.time() + 5
    while int(get(base + "/version")[1]) == version and time.time() < deadline:
        time.sleep(0.05)
    assert "Sounds very cool!" in get(base + "/email.html")[1]


def test_a_broken_entry_shows_the_problem_and_keeps_the_last_good_build(server, example_workspace):
    preview, base = server
    version = preview.version
    (example_workspace / "entries/2020/07/bad.md").write_text("---\ntype: talk\n---\n")
    deadline = time.time() + 5
    while preview.version == version and time.time() < deadline:
        time.sleep(0.05)
    page = get(base + "/")[1]
    assert "bad.md: missing `url`" in page
    assert "JAX" in get(base + "/email.html")[1]
