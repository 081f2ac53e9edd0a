"""`newsletter send`: hand the built edition (dist/<PERIOD>/) to SMTP, Buttondown or listmonk.

The built files are the source of truth: nothing is rendered here. Before a real send the
edition is checked against the entries it was built from (`build.json`, written by
`newsletter build`), and the ledger (`newsletter.delivery.ledger`) records every remote step before
it is taken, so a second run, or a run after a crash, never sends the edition twice.
The delivery modules (`delivery_smtp`, `delivery_buttondown`, `delivery_listmonk`) each
offer the same three functions: `describe(job)`, `test(job, address)`, `send(job)`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.parser import BytesHeaderParser
from email.policy import default as default_policy
from email.utils import parseaddr
from pathlib import Path

from newsletter import collect, config, read
from newsletter.delivery import readiness, redact
from newsletter.delivery.ledger import Ledger, when
from newsletter.errors import NewsletterError
from newsletter.models import Edition, Outputs, Period
from newsletter.publish import write_atomic

VIAS = ("smtp", "buttondown", "listmonk")
BUILD_RECORD = "build.json"
FILES = {"eml": "newsletter.eml", "html": "newsletter.html", "text": "newsletter.txt"}


@dataclass
class Built:
    """The edition as `newsletter build` wrote it to dist/<PERIOD>/."""

    period: str
    folder: str  # "dist/2021-02", for messages
    eml: bytes
    html: str
    text: str
    subject: str
    sender: str
    to: str
    message_id: str
    record: dict | None  # build.json, or None for an edition built before build records existed
    digests: dict[str, str] = field(default_factory=dict)  # sha256 of each file as it is now

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.eml).hexdigest()


@dataclass
class Job:
    """What a delivery module needs: settings, the edition, the ledger, the environment."""

    settings: config.Settings
    built: Built
    ledger: Ledger
    env: Mapping[str, str]
    force: bool = False
    progress: Callable[[int, int], None] | None = None


@dataclass
class SendResult:
    lines: list[str] = field(default_factory=list)  # what was (or would be) sent: stdout
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False


def send(root: Path, period: str | None = None, *, via: str | None = None, test: str | None = None,
         yes: bool = False, force: bool = False, env: Mapping[str, str] | None = None,
         progress=None) -> SendResult:
    """Send (or, without `yes`, describe) the built edition. `test=""` means the test address."""
    settings = config.load(root)
    span = collect.parse_period(period, settings.week_start)
    via = (via or settings.send.via).strip().lower()
    if via not in VIAS:
        raise NewsletterError(f"Unknown delivery '{via}'; use --via smtp, buttondown or listmonk "
                              "(or set `via` in [send] of newsletter.toml).")
    address = _test_address(test, settings, span.key)
    env = os.environ if env is None else env
    delivery = importlib.import_module(f"newsletter.delivery.{via}")
    result = SendResult()
    # Everything that decides whether to send is read with the lock held: the ledger (a run
    # that just finished sending), and the built files (a build that just finished writing).
    with Ledger(settings.state_dir / "ledger", span.key) as ledger:
        built = load_built(settings, span.key)
        job = Job(settings, built, ledger, env, force, progress)
        problem = check_built(settings, span, built)
        concerns = [c.shown(settings.root) for c in readiness.concerns(
            settings, via, built.eml, built.html, _entries(settings, span, built))]
        try:
            if address:
                if problem:
                    result.warnings.append(f"{problem} (The test shows the edition as built.)")
                result.warnings += [f"{c} (the real send will refuse it)" for c in concerns]
                result.lines.append(delivery.test(job, address))
                return result
            already = ledger.sent()
            if already:
                sent = f"{span.key} was already sent via {already[0]} on {when(already[1].get('done_at'))}"
                if yes:
                    raise NewsletterError(f"{sent}; nothing sent.")
                result.lines.append(f"{sent}; there is nothing left to send.")  # a dry run: no error
                return result
            if problem:
                raise NewsletterError(problem)
            if concerns:
                raise NewsletterError(f"{built.folder} is not ready for the list; nothing sent:\n  "
                                      + "\n  ".join(concerns))
            if not yes:
                result.dry_run = True
                result.lines, result.warnings = plan(job, via, delivery)
                return result
            result.lines.append(delivery.send(job))
        except NewsletterError as error:  # one place where every delivery's message is cleaned
            error.message = redact.scrub(error.message, _secrets(settings, env))
            raise
    result.lines = [redact.scrub(line, _secrets(settings, env)) for line in result.lines]
    return result


def _entries(settings: config.Settings, span: Period, built: Built) -> list:
    """The entries the edition was built from (drafts too if the build took them)."""
    return read.scan_period(settings.entries_dir, span, drafts=bool((built.record or {}).get("drafts"))).entries


def _secrets(settings: config.Settings, env: Mapping[str, str]) -> list[tuple[str, str]]:
    """(secret, its user) of every credential the settings name, to hide from any message."""
    s = settings.send
    return [(env.get(s.smtp_password_env, ""), env.get(s.smtp_username_env, "")),
            (env.get(s.buttondown_api_key_env, ""), ""),
            (env.get(s.listmonk_password_env, ""), env.get(s.listmonk_username_env, ""))]


def plan(job: Job, via: str, delivery) -> tuple[list[str], list[str]]:
    """What `send --yes` would do, for the dry run."""
    built = job.built
    lines, warnings = delivery.describe(job)
    sizes = (f"message {_kb(len(built.eml))} (HTML {_kb(len(built.html.encode()))}, "
             f"text {_kb(len(built.text.encode()))})")
    tests = [h for h in job.ledger.data["history"] if h.get("event") == "test"]
    last_test = (f"last sent to {tests[-1]['to']} via {tests[-1]['via']} on {when(tests[-1]['at'])}"
                 if tests else f"none yet; try `newsletter send {built.period} --via {via} --test`")
    built_at = when((built.record or {}).get("built_at"))
    return [
        f"Would send {built.period} via {via}:",
        f"  Subject: {built.subject}",
        f"  From:    {built.sender}",
        *lines,
        f"  Size:    {sizes}",
        f"  Built:   {built_at}, from the current entries",
        f"  Tests:   {last_test}",
    ], warnings


def load_built(settings: config.Settings, period: str) -> Built:
    folder = settings.dist_dir / period
    shown = config.shown(folder, settings.root)
    try:
        data = {kind: (folder / name).read_bytes() for kind, name in FILES.items()}
        eml, html, text = data["eml"], data["html"].decode("utf-8"), data["text"].decode("utf-8")
    except FileNotFoundError as error:
        raise NewsletterError(f"{shown}/{Path(error.filename).name} does not exist; "
                              f"run `newsletter build {period}` first.")
    except UnicodeDecodeError:
        raise NewsletterError(f"{shown} holds a file that is not UTF-8 text, so it was changed after it "
                              f"was built; run `newsletter build {period}` again.")
    headers = BytesHeaderParser(policy=default_policy).parsebytes(eml)
    record = None
    try:
        record = json.loads((folder / BUILD_RECORD).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        pass
    sender = str(headers.get("From") or "")  # an edition without a From address: readiness refuses it
    return Built(period, shown, eml, html, text, str(headers.get("Subject") or ""), sender,
                 str(headers.get("To") or ""), str(headers.get("Message-ID") or ""), record,
                 {name: hashlib.sha256(data[kind]).hexdigest() for kind, name in FILES.items()})


def check_built(settings: config.Settings, period: Period, built: Built) -> str | None:
    """Why the built edition may not be sent as it is, or None if it was built from the current files."""
    rebuild = f"run `newsletter build {period.key}` first."
    record = built.record
    if not record:
        return f"{built.folder} has no {BUILD_RECORD}, so it cannot be checked against the entries; {rebuild}"
    recorded = record.get("outputs") or {}
    for name, digest in built.digests.items():  # each file a service sends: .eml, .html, .txt
        if recorded.get(name, digest) != digest:
            return f"{built.folder}/{name} was changed after it was built; {rebuild}"
    if record.get("drafts"):
        return (f"{built.folder} was built with --drafts, so it may hold draft entries; "
                f"run `newsletter build {period.key}` without --drafts first.")
    current = input_hashes(edition_inputs(settings, period), settings.root)
    before = record.get("inputs")
    if before is None:  # a record with only the fingerprint: no names to give
        if record.get("entries_fingerprint") != _fingerprint_of(current):
            return f"{built.folder} was built before entries changed; {rebuild}"
        return None
    changed = sorted(name for name in current.keys() | before.keys() if current.get(name) != before.get(name))
    if not changed:
        return None
    what = "entries" if all(name.startswith("entries/") for name in changed) else "its sources"
    shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
    return f"{built.folder} was built before {what} changed ({shown}); {rebuild}"


# --- the build record, written by `newsletter build` -------------------------------------------

def edition_inputs(settings: config.Settings, period: Period) -> list[Path]:
    """Every file the edition of `period` is made from: the entry files its build reads (drafts
    too), its editorial file, newsletter.toml and the workspace's templates."""
    # The files the build reads (not their parsed entries: hashing bytes is all that is needed).
    paths = set(read.period_files(settings.entries_dir, period))
    editorial = read.editorial_file(settings.entries_dir, period)
    if editorial is not None:
        paths.add(editorial)
    paths.add(settings.root / config.SETTINGS_FILE)
    templates = settings.root / "templates"
    if templates.is_dir():
        paths.update(p for p in templates.rglob("*") if p.is_file()
                     and not any(part.startswith(".") or part.endswith("~") for part in p.parts[-1:]))
    return sorted(paths)


def input_hashes(paths: list[Path], root: Path) -> dict[str, str]:
    return {config.shown(path, root): hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}


def entries_fingerprint(paths: list[Path], root: Path) -> str:
    """sha256 over the sorted (path relative to root, content) of `paths`."""
    return _fingerprint_of(input_hashes(paths, root))


def _fingerprint_of(hashes: dict[str, str]) -> str:
    text = "".join(f"{name}\0{digest}\n" for name, digest in sorted(hashes.items()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def snapshot_inputs(settings: config.Settings, period: Period) -> dict[str, str]:
    """The hashes of every file the edition of `period` is made from, as they are now."""
    return input_hashes(edition_inputs(settings, period), settings.root)


def write_build_record(settings: config.Settings, edition: Edition, outputs: Outputs, *,
                       drafts: bool = False, inputs: dict[str, str] | None = None) -> Path:
    """dist/<PERIOD>/build.json: what the edition was built from, so `send` can tell it is current.

    Call it after the email files are written. An unchanged build keeps its `built_at`, so
    rebuilding without changes leaves the file untouched.
    """
    inputs = inputs if inputs is not None else snapshot_inputs(settings, edition.period)
    record = {
        "period": edition.period.key,
        "entries_fingerprint": _fingerprint_of(inputs),
        "inputs": inputs,
        "outputs": {FILES["eml"]: hashlib.sha256(outputs.eml).hexdigest(),
                    FILES["html"]: hashlib.sha256(outputs.html.encode("utf-8")).hexdigest(),
                    FILES["text"]: hashlib.sha256(outputs.text.encode("utf-8")).hexdigest()},
        "subject": edition.subject,
        "drafts": drafts,
        "built_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    path = settings.dist_dir / edition.period.key / BUILD_RECORD
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        old = {}
    if {k: v for k, v in old.items() if k != "built_at"} == {k: v for k, v in record.items() if k != "built_at"}:
        record["built_at"] = old.get("built_at", record["built_at"])
    write_atomic(path, (json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode())
    return path


# --- helpers for the delivery modules ----------------------------------------------------------

def credential(env: Mapping[str, str], name: str, what: str) -> str:
    """A secret from the environment; the message names the variable, never a value."""
    value = env.get(name, "")
    if not value:
        raise NewsletterError(f"Set the environment variable {name} to your {what}; credentials come "
                              "from the environment, never from newsletter.toml.")
    return value


def idempotency_key(built: Built) -> str:
    """The same for every run that sends this edition: period + Message-ID."""
    digest = hashlib.sha256(f"{built.period}\0{built.message_id}".encode()).hexdigest()[:24]
    return f"newsletter-{built.period}-{digest}"


def _test_address(test: str | None, settings: config.Settings, period: str) -> str | None:
    if test is None:
        return None
    address = test.strip() or settings.send.test_address.strip()
    if not address:
        raise NewsletterError("--test needs an address: `--test you@example.com`, or set test_address "
                              "in [send] of newsletter.toml.")
    if "@" not in parseaddr(address)[1]:
        if re.fullmatch(r"\d{4}-(\d{1,2}|[Ww]\d{1,2})", address):  # `send --test 2021-02`
            raise NewsletterError(f"--test took {address} for the address; put the period first: "
                                  f"`newsletter send {address} --test`.")
        raise NewsletterError(f"--test {address}: not an email address.")
    return address


def _kb(size: int) -> str:
    return f"{size / 1024:.1f} KB" if size < 10 * 1024 else f"{size // 1024} KB"

