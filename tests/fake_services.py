"""Local stand-ins for what `newsletter send` talks to, and a built edition to send.

- `SmtpServer`: a real SMTP server (aiosmtpd) on 127.0.0.1, optionally with AUTH, STARTTLS or
  implicit TLS, that keeps what it receives and can refuse recipients or drop the connection.
- `FakeButtondown`, `FakeListmonk`: the documented endpoints of each API, with state, status
  codes and error bodies, served by pytest-httpserver; every request is kept for assertions.
- `workspace()`: a minimal workspace with a built 2021-02 edition.
- `crash_at()`: makes the ledger "die" at a step, as a killed process would.
"""

from __future__ import annotations

import base64
import email
import hmac
import itertools
import json
import re
import shutil
import socket
import ssl
import subprocess
from dataclasses import dataclass, field
from email.policy import default as default_policy
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult
from werkzeug import Request, Response

PERIOD = "2021-02"
API_KEY = "bd-secret-key-1f4c9e"
LISTMONK_USER = "api-user"
LISTMONK_TOKEN = "lm-secret-token-77aa"
SMTP_USER = "ann"
SMTP_PASSWORD = "smtp-secret-pw-93b1"

SETTINGS = """\
[newsletter]
name = "Test Letter"
author = "Ann"

[site]
base_url = "https://letters.example.org/"

[links]
subscribe = "https://example.com/subscribe"
unsubscribe = "https://example.com/unsubscribe"

[email]
from = "Ann <ann@example.com>"
to = "Test Letter <list@example.com>"
list_unsubscribe_mailto = "unsubscribe@example.com"

[send]
test_address = "ann@example.com"
"""

ENTRY = """\
---
type: article
url: https://example.com/{slug}
date: 2021-02-{day:02d}
title: "{title}"
---
Notes about {title}.
"""


def workspace(root: Path, send: str = "") -> Path:
    """A workspace with two entries in February 2021, built; `send` is appended to [send]."""
    (root / "entries" / "2021" / "02").mkdir(parents=True)
    (root / "newsletter.toml").write_text(SETTINGS + send, encoding="utf-8")
    write_entry(root, "first", 3, "The first article")
    write_entry(root, "second", 14, "The second article")
    (root / "entries" / "2021" / "02" / "_index.md").write_text(
        '---\nsubject: "Test Letter #2: February"\n---\nWelcome to February.\n', encoding="utf-8"
    )
    build(root)
    return root


def write_entry(root: Path, slug: str, day: int, title: str) -> Path:
    path = root / "entries" / "2021" / "02" / f"{slug}.md"
    path.write_text(ENTRY.format(slug=slug, day=day, title=title), encoding="utf-8")
    return path


def build(root: Path, period: str = PERIOD) -> None:
    """`newsletter build PERIOD --offline`, then the build record `send` checks against.

    Writing the record here too is a no-op once build.py writes it itself (an unchanged
    record is left alone), so this stays right before and after that lands.
    """
    from newsletter import build as pipeline
    from newsletter import config
    from newsletter.publish import write_build_record

    result = pipeline.build(root, period, offline=True)
    write_build_record(config.load(root), result.edition, result.outputs)


def crash_at(monkeypatch, method: str, step: str, *, after_write: bool = False):
    """Make `Ledger.<method>(step, ...)` kill the run: before recording it (the remote call of
    a `done` happened, its record did not), or just after (`after_write`)."""
    from newsletter.delivery.ledger import Ledger

    original = getattr(Ledger, method)

    def dying(self, name, /, **data):
        if name == step:
            if after_write:
                original(self, name, **data)
            raise SystemExit(f"killed at {method} {step}")
        return original(self, name, **data)

    monkeypatch.setattr(Ledger, method, dying)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- SMTP ------------------------------------------------------------------------------------


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.data, policy=default_policy)


@dataclass
class Handler:
    received: list[Received] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)  # address -> "550 ..." answer to RCPT
    drop_on_mail: set[int] = field(default_factory=set)  # hang up on the Nth MAIL command (1-based)
    drop_after_data: set[int] = field(default_factory=set)  # keep the Nth message, then hang up
    drop_on_data: set[int] = field(default_factory=set)  # hang up on the Nth DATA command, before its 354
    datas_asked: int = 0
    refuse_data: dict[str, str] = field(default_factory=dict)  # address -> "554 ..." answer to its message
    mails: int = 0
    logins: list[str] = field(default_factory=list)

    async def handle_MAIL(self, server, session, envelope, address, options):
        self.mails += 1
        if self.mails in self.drop_on_mail:
            server.transport.close()
            return "421 closing"
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        for address in envelope.rcpt_tos:
            if address in self.refuse_data:
                return self.refuse_data[address]
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        if len(self.received) in self.drop_after_data:
            server.transport.close()
        return "250 Message accepted for delivery"


@dataclass
class CramMd5Handler(Handler):
    """A Handler whose server offers CRAM-MD5 (RFC 2195) too, taking `password` (as UTF-8)."""

    password: str | None = SMTP_PASSWORD  # None: kept hashed, so no answer is right

    async def auth_CRAM__MD5(self, server, args):  # noqa: N802 (aiosmtpd's name for "CRAM-MD5")
        challenge = b"<1896.697170952@127.0.0.1>"
        answer = await server.challenge_auth(challenge)
        expected = hmac.new(self.password.encode(), challenge, "md5").hexdigest() if self.password else None
        ok = expected is not None and answer == f"{SMTP_USER} {expected}".encode()
        if ok:
            self.logins.append(SMTP_USER)
        return AuthResult(success=ok, handled=False)  # (handled: a refusal is answered by aiosmtpd, 535)


@dataclass
class AskingPlainHandler(Handler):
    """A Handler whose PLAIN passes over the credentials sent with the command and asks for them
    with an empty challenge ("334 "), which smtplib answers by sending them again; `asks` times,
    the last answer the one checked (more than a client answers: until it cancels)."""

    password: str = SMTP_PASSWORD
    asks: int = 1

    async def auth_PLAIN(self, server, args):  # noqa: N802 (aiosmtpd's name)
        for _ in range(self.asks):
            answer = await server.challenge_auth(b"")
            if not isinstance(answer, bytes):  # the client cancelled ('*'): aiosmtpd has answered 501
                return AuthResult(success=False, handled=True)
        ok = answer == b"\0" + SMTP_USER.encode() + b"\0" + self.password.encode()
        if ok:
            self.logins.append(SMTP_USER)
        return AuthResult(success=ok, handled=False)


@dataclass
class UnencodedChallengeHandler(Handler):
    """A Handler whose CRAM-MD5 and LOGIN send their challenge as plain text where RFC 4954
    says base64 ("334 <1896.697170952@127.0.0.1>", "334 Enter password:"): no answer is taken."""

    async def auth_CRAM__MD5(self, server, args):  # noqa: N802 (aiosmtpd's name for "CRAM-MD5")
        await server.challenge_auth(b"<1896.697170952@127.0.0.1>", encode_to_b64=False)
        return AuthResult(success=False, handled=False)

    async def auth_LOGIN(self, server, args):  # noqa: N802 (aiosmtpd's name)
        if len(args) < 2:  # no initial response: the user name asked for first, encoded
            await server.challenge_auth(b"Username:")
        await server.challenge_auth(b"Enter password:", encode_to_b64=False)
        return AuthResult(success=False, handled=False)


class _Smtp(SMTP):
    """aiosmtpd's session, hanging up on a DATA command as its handler's `drop_on_data` says:
    after the RCPT was taken and before the message was asked for (aiosmtpd has no hook there)."""

    async def smtp_DATA(self, arg: str) -> None:
        handler = self.event_handler
        handler.datas_asked += 1
        if handler.datas_asked in handler.drop_on_data:
            self.transport.abort()
            return
        await super().smtp_DATA(arg)


class _Controller(Controller):
    def factory(self):
        return _Smtp(self.handler, **self.SMTP_kwargs)


class SmtpServer:
    """aiosmtpd on 127.0.0.1: `with SmtpServer(...) as server:` then server.handler.received."""

    def __init__(
        self,
        *,
        login: bool = False,
        starttls: ssl.SSLContext | None = None,
        implicit_tls: ssl.SSLContext | None = None,
        password: str = SMTP_PASSWORD,
        only_mechanism: str | None = None,
        cram_md5_refused: bool = False,
        plain_asks: int = 0,
        unencoded_challenges: bool = False,
    ):
        """`password`: the one it takes, as UTF-8; `only_mechanism`: "LOGIN", "PLAIN" or
        "CRAM-MD5", the one AUTH mechanism it offers (aiosmtpd offers the first two);
        `cram_md5_refused`: it offers CRAM-MD5 besides them and refuses every answer to it, as
        Dovecot does for a user whose password it keeps hashed; `plain_asks`: how many times its
        PLAIN asks for the credentials after the command (AskingPlainHandler);
        `unencoded_challenges`: its CRAM-MD5 and LOGIN challenges are not base64."""
        if unencoded_challenges:
            self.handler = UnencodedChallengeHandler()
        elif plain_asks:
            self.handler = AskingPlainHandler(password=password, asks=plain_asks)
        elif only_mechanism == "CRAM-MD5" or cram_md5_refused:
            self.handler = CramMd5Handler(password=None if cram_md5_refused else password)
        else:
            self.handler = Handler()
        self.port = free_port()
        self.password = password
        kwargs = {}
        if login:
            kwargs.update(authenticator=self._authenticate, auth_required=True, auth_require_tls=starttls is not None)
        if only_mechanism:
            kwargs.update(auth_exclude_mechanism=[m for m in ("LOGIN", "PLAIN", "CRAM-MD5") if m != only_mechanism])
        if starttls is not None:
            kwargs.update(tls_context=starttls, require_starttls=True)
        if implicit_tls is not None:
            kwargs.update(ssl_context=implicit_tls)
        self.controller = _Controller(self.handler, hostname="127.0.0.1", port=self.port, **kwargs)

    def _authenticate(self, server, session, envelope, mechanism, auth_data):
        ok = auth_data.login == SMTP_USER.encode() and auth_data.password == self.password.encode()
        if ok:
            self.handler.logins.append(auth_data.login.decode())
        return AuthResult(success=ok, handled=False)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()

    @property
    def received(self) -> list[Received]:
        return self.handler.received

    def settings(self, security: str = "none", recipients: str = "list") -> str:
        return (
            f'via = "smtp"\nsmtp_host = "127.0.0.1"\nsmtp_port = {self.port}\n'
            f'smtp_security = "{security}"\nsmtp_recipients = "{recipients}"\ntimeout = 5.0\n'
        )


def self_signed(folder: Path) -> tuple[Path, ssl.SSLContext] | None:
    """A certificate for 127.0.0.1 made by the openssl tool, and a server context using it."""
    if not shutil.which("openssl"):
        return None
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return cert, context


# --- HTTP APIs -------------------------------------------------------------------------------


@dataclass
class Seen:
    method: str
    path: str
    query: dict
    headers: dict
    json: object


class FakeApi:
    """Routes every request to `route()`; `fail(...)` queues canned failures first."""

    prefix = ""

    def __init__(self, httpserver):
        self.server = httpserver
        self.requests: list[Seen] = []
        self.failures: list[tuple[str, str, Response]] = []
        httpserver.expect_request(re.compile(".*")).respond_with_handler(self._handle)

    @property
    def url(self) -> str:
        return self.server.url_for(self.prefix)

    def fail(self, method: str, path_pattern: str, status: int, body=None, headers=None, times: int = 1):
        for _ in range(times):
            response = Response(
                json.dumps(body) if body is not None else "",
                status=status,
                headers=headers or {},
                content_type="application/json",
            )
            self.failures.append((method, path_pattern, response))

    def calls(self) -> list[tuple[str, str]]:
        return [(r.method, r.path) for r in self.requests]

    def _handle(self, request: Request) -> Response:
        try:
            body = json.loads(request.get_data() or b"null")
        except ValueError:
            body = "<not json>"
        self.requests.append(Seen(request.method, request.path, dict(request.args), dict(request.headers), body))
        for index, (method, pattern, response) in enumerate(self.failures):
            if method == request.method and re.fullmatch(pattern, request.path):
                del self.failures[index]
                return response
        if not self.authorized(request):
            return self.unauthorized()
        status, answer = self.route(request.method, request.path[len(self.prefix) :], body, request.args)
        return Response(json.dumps(answer), status=status, content_type="application/json")


class FakeButtondown(FakeApi):
    """POST/GET/PATCH /v1/emails, POST /v1/emails/{id}/send-draft, with X-Idempotency-Key."""

    prefix = "/v1"

    def __init__(self, httpserver):
        super().__init__(httpserver)
        self.emails: dict[str, dict] = {}
        self.keys: dict[str, str] = {}
        self.answers: dict[str, dict] = {}
        self.drafts_sent: list[tuple[str, list[str]]] = []
        self.sends: list[str] = []
        self._ids = (f"0f1e2d3c-0000-4000-8000-{n:012d}" for n in itertools.count(1))

    def authorized(self, request) -> bool:
        return request.headers.get("Authorization") == f"Token {API_KEY}"

    def unauthorized(self) -> Response:
        return Response(json.dumps({"detail": "Invalid token."}), status=401, content_type="application/json")

    def route(self, method, path, body, args):
        if method == "POST" and path == "/emails":
            key = self.requests[-1].headers.get("X-Idempotency-Key")
            if key in self.keys:  # the same answer as the first time, nothing created
                # (its email deleted since: the answer as it was, naming an email that is gone)
                return 201, self.emails.get(self.keys[key], self.answers[key])
            missing = [name for name in ("subject", "body") if not (body or {}).get(name)]
            if missing:
                return 400, {"code": "invalid_input", "detail": f"{missing[0]}: This field is required."}
            email_id = next(self._ids)
            status = body.get("status", "about_to_send")  # no status: Buttondown sends at once
            self.emails[email_id] = {
                "id": email_id,
                "subject": body["subject"],
                "body": body["body"],
                "status": status,
                "email_type": "public",
            }
            if status == "about_to_send":
                self.sends.append(email_id)
            if key:
                self.keys[key], self.answers[key] = email_id, dict(self.emails[email_id])
            return 201, self.emails[email_id]
        match = re.fullmatch(r"/emails/([\w-]+)(/send-draft)?", path)
        if not match or match[1] not in self.emails:
            return 404, {"code": "not_found", "detail": "Not found."}
        email_ = self.emails[match[1]]
        if match[2] and method == "POST":
            if email_["status"] != "draft":
                return 400, {"code": "email_not_draft", "detail": "Only drafts can be sent this way."}
            self.drafts_sent.append((email_["id"], list(body.get("recipients") or [])))
            return 200, {}
        if method == "GET":
            return 200, email_
        if method == "PATCH":
            if body.get("status") == "about_to_send":
                if email_["status"] != "draft":
                    return 400, {"code": "email_already_sent", "detail": "This email was already sent."}
                self.sends.append(email_["id"])
            email_.update(body)
            return 200, email_
        return 405, {"detail": "Method not allowed."}


class FakeListmonk(FakeApi):
    """/api/campaigns: list (query, per_page), create, get, update, test, status."""

    def __init__(self, httpserver):
        super().__init__(httpserver)
        self.campaigns: dict[int, dict] = {}
        self.tests: list[tuple[int, list[str]]] = []
        self.starts: list[int] = []
        self._ids = itertools.count(7)

    def authorized(self, request) -> bool:
        expected = base64.b64encode(f"{LISTMONK_USER}:{LISTMONK_TOKEN}".encode()).decode()
        return request.headers.get("Authorization") == f"Basic {expected}"

    def unauthorized(self) -> Response:
        return Response(json.dumps({"message": "Invalid API credentials"}), status=403, content_type="application/json")

    def route(self, method, path, body, args):
        if path == "/api/campaigns" and method == "GET":
            query = args.get("query", "").lower()
            found = [c for c in self.campaigns.values() if query in c["name"].lower() or query in c["subject"].lower()]
            return 200, {
                "data": {"results": found, "query": query, "total": len(found), "per_page": len(found), "page": 1}
            }
        if path == "/api/campaigns" and method == "POST":
            problem = self._invalid(body)
            if problem:
                return 400, {"message": problem}
            campaign_id = next(self._ids)
            self.campaigns[campaign_id] = {
                **body,
                "id": campaign_id,
                "status": "draft",
                "lists": [{"id": i, "name": f"List {i}"} for i in body["lists"]],
            }
            return 200, {"data": self.campaigns[campaign_id]}
        match = re.fullmatch(r"/api/campaigns/(\d+)(/test|/status)?", path)
        if not match or int(match[1]) not in self.campaigns:
            return 404, {"message": "Campaign not found."}
        campaign = self.campaigns[int(match[1])]
        if match[2] == "/test" and method == "POST":
            if not body.get("subscribers"):
                return 400, {"message": "No subscribers to send the test to."}
            self.tests.append((campaign["id"], body["subscribers"]))
            return 200, {"data": True}
        if match[2] == "/status" and method == "PUT":
            if body.get("status") == "running":
                if campaign["status"] not in ("draft", "paused"):
                    return 400, {"message": "Only draft and paused campaigns can be started."}
                self.starts.append(campaign["id"])
            campaign["status"] = body["status"]
            return 200, {"data": campaign}
        if method == "GET" and not match[2]:
            return 200, {"data": campaign}
        if method == "PUT" and not match[2]:
            if campaign["status"] in ("running", "finished", "cancelled"):  # listmonk's isCampaignalMutable
                return 400, {"message": "Cannot update a running or finished campaign."}
            problem = self._invalid(body)
            if problem:
                return 400, {"message": problem}
            campaign.update({k: v for k, v in body.items() if k != "lists"})
            return 200, {"data": campaign}
        return 405, {"message": "Method not allowed."}

    @staticmethod
    def _invalid(body) -> str | None:
        for name in ("name", "subject", "lists", "type", "content_type"):
            if not (body or {}).get(name):
                return f"invalid {name}"
        return None
