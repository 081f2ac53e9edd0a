"""A local Wayback-compatible archive speaking the documented protocols, on pytest-httpserver:
the availability API (JSON), the Memento TimeMap (link format, RFC 7089) and Save Page Now 2
(submit, then job status: pending, success, error; 429 with Retry-After; 5xx)."""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import unquote

from werkzeug import Request, Response


class FakeWayback:
    def __init__(self, server):
        self.server = server
        self.available: dict[str, str] = {}  # url -> a capture's timestamp the availability API knows
        self.timemap: dict[str, list[str]] = {}  # url -> capture timestamps the TimeMap lists
        self.available_status: list[int] = []  # statuses to answer first (then 200)
        self.save_answers: list[tuple[int, dict, dict]] = []  # (status, headers, json) to answer first
        self.jobs: dict[str, list[dict]] = {}  # job id -> status answers, in turn (the last one repeats)
        self.requests: list[tuple[str, str, str]] = []  # (method, path, Authorization)
        self.saved: list[str] = []
        self.copies: dict[str, str] = {}  # url -> the copy's address to answer instead of the usual one
        server.expect_request(re.compile(r"^/wayback/available$")).respond_with_handler(self.availability)
        server.expect_request(re.compile(r"^/web/timemap/link/.*")).respond_with_handler(self.link_format)
        server.expect_request(re.compile(r"^/save/status/.*")).respond_with_handler(self.status)
        server.expect_request(re.compile(r"^/save$"), method="POST").respond_with_handler(self.save)

    def settings(self, **extra) -> str:
        """The [archive] table pointing at this server."""
        base = self.server.url_for("").rstrip("/")
        values = {
            "availability_url": f"{base}/wayback/available",
            "timemap_url": f"{base}/web/timemap/link/",
            "save_url": f"{base}/save",
            "snapshot_url": "https://archive.test/web/",
            "poll_seconds": 0.01,
            "wait_seconds": 5.0,
            "max_retry_after": 2.0,
            **extra,
        }
        return "\n[archive]\n" + "".join(f"{key} = {json.dumps(value)}\n" for key, value in values.items())

    def _log(self, request: Request) -> None:
        self.requests.append((request.method, request.path, request.headers.get("Authorization", "")))

    def availability(self, request: Request) -> Response:
        self._log(request)
        if self.available_status:
            return Response("busy", status=self.available_status.pop(0))
        url = request.args["url"]
        closest = {}
        if url in self.available:
            stamp = self.available[url]
            closest = {
                "closest": {
                    "status": "200",
                    "available": True,
                    "timestamp": stamp,
                    "url": self.copies.get(url, f"http://web.archive.org/web/{stamp}/{url}"),
                }
            }
        return Response(json.dumps({"url": url, "archived_snapshots": closest}), content_type="application/json")

    def link_format(self, request: Request) -> Response:
        self._log(request)
        url = unquote(request.full_path.split("/web/timemap/link/", 1)[1].rstrip("?"))
        stamps = self.timemap.get(url)
        if not stamps:
            return Response("", status=404)
        lines = [
            f'<{url}>; rel="original"',
            f'<{self.server.url_for("/web/timemap/link/")}{url}>; rel="self"; type="application/link-format"',
        ]
        for number, stamp in enumerate(stamps):
            when = dt.datetime.strptime(stamp, "%Y%m%d%H%M%S")
            rel = "first memento" if number == 0 else "memento"
            copy = self.copies.get(url, f"http://web.archive.org/web/{stamp}/{url}")
            lines.append(f'<{copy}>; rel="{rel}"; datetime="{when:%a, %d %b %Y %H:%M:%S} GMT"')
        return Response(",\n".join(lines) + "\n", content_type="application/link-format")

    def save(self, request: Request) -> Response:
        self._log(request)
        if self.save_answers:
            status, headers, answer = self.save_answers.pop(0)
            return Response(json.dumps(answer), status=status, headers=headers, content_type="application/json")
        url = request.form["url"]
        self.saved.append(url)
        job = f"spn2-{len(self.saved):040x}"
        self.jobs.setdefault(job, [{"status": "success", "timestamp": "20200707101500", "original_url": url}])
        return Response(json.dumps({"url": url, "job_id": job}), content_type="application/json")

    def status(self, request: Request) -> Response:
        self._log(request)
        job = request.path.rsplit("/", 1)[1]
        answers = self.jobs.get(job) or [
            {"status": "error", "status_ext": "error:not-found", "message": "Job not found."}
        ]
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if "http_status" in answer:
            return Response("oops", status=answer["http_status"])
        return Response(json.dumps({"job_id": job, **answer}), content_type="application/json")
