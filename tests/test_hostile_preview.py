"""The preview server met by what a browser, or another local process, does to it."""

import socket
import struct
import threading
import time

from newsletter.commands import preview as preview_command
from newsletter.commands.preview import Preview, serve


def test_a_page_dropped_mid_answer_prints_no_traceback_and_the_preview_goes_on(example_workspace, capfd):
    """A browser reloading the post while a large picture beside an entry was sent (or closing
    the tab) printed a ConnectionResetError traceback into the author's terminal."""
    month = example_workspace / "entries" / "2021" / "02"
    (month / "big.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(20_000_000))  # more than the sockets buffer
    note = month / "model-search.md"
    note.write_text(note.read_text(encoding="utf-8") + "\n![Big](big.png)\n", encoding="utf-8")
    preview = Preview(example_workspace, "2021-02", offline=True)
    httpd = serve(preview, port=0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    port = httpd.server_address[1]
    try:
        capfd.readouterr()
        dropped = socket.create_connection(("127.0.0.1", port))
        dropped.sendall(f"GET /big.png HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        assert dropped.recv(100).startswith(b"HTTP/1.0 200")
        dropped.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset, as a tab closed
        dropped.close()
        with socket.create_connection(("127.0.0.1", port)) as asked:
            asked.sendall(f"GET /email.html HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
            assert asked.recv(100).startswith(b"HTTP/1.0 200")  # still serving
        time.sleep(0.5)  # (the dropped answer's thread meets the reset)
        said = capfd.readouterr().err
        assert "Traceback" not in said and "ConnectionResetError" not in said, said
    finally:
        httpd.shutdown()


def test_a_connection_that_never_finishes_its_request_is_let_go(example_workspace, monkeypatch):
    """A connection sending its request a byte at a time, or nothing (slowloris), held a thread of
    the preview for ever: enough of them, from any process on the machine, and no thread was left
    to start for the author's page."""
    monkeypatch.setattr(preview_command, "REQUEST_SECONDS", 0.5)
    preview = Preview(example_workspace, "2021-02", offline=True)
    httpd = serve(preview, port=0)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    port = httpd.server_address[1]
    try:
        with socket.create_connection(("127.0.0.1", port)) as slow:
            slow.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1")  # and no more
            slow.settimeout(30)
            assert slow.recv(100) == b""  # let go, long before the 30 s this side waits
    finally:
        httpd.shutdown()
        httpd.server_close()
