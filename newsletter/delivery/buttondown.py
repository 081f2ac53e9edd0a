"""Delivery by Buttondown's API (https://docs.buttondown.com/api-emails-create).

The edition becomes one Buttondown email, created as a draft (`"status": "draft"`: without
it, creating an email sends it at once) with an `X-Idempotency-Key` derived from the period
and the Message-ID, so a create repeated after a crash returns the same email. A test is
`POST /emails/{id}/send-draft` to one address; the real send sets the draft's status to
`about_to_send`, after checking its current status, so an interrupted run never sends twice.
"""

from __future__ import annotations

import hashlib
from email.utils import parseaddr

from newsletter.delivery.http import Api, ApiError, addressable, plain_id, shown_status, unaddressable, unencrypted
from newsletter.delivery.job import Job, credential, idempotency_key
from newsletter.delivery.literal import django_template_code, meant_for_the_service
from newsletter.errors import NewsletterError

DRAFT, SEND = "buttondown.draft", "buttondown.send"
# Not found remotely without the ledger (send.py then holds the copy as sent to be the record): the
# email of a lost ledger is found by its X-Idempotency-Key only, not for good: Buttondown's keys are
# modelled on Stripe's, which are kept a day. A ledger cleared and the edition sent a week later
# made a second email, sent to the whole list. (listmonk's campaign is found by its name, for good.)
finds_sends_remotely = False
# What an email's status says of the list (https://docs.buttondown.com/api-emails-status): on
# its way or gone, or stopped short of some readers. Any status but these two kinds was recorded
# as sent, so an email that errored or was deleted on Buttondown stayed "already sent" for good.
GOING = {"about_to_send", "scheduled", "in_flight", "throttled", "sent", "resending"}
STOPPED = {
    "paused": "is paused on Buttondown, so part of the list may not have it yet: resume it there",
    "errored": "failed on Buttondown (status errored), so some or all of the list may not have it",
    "deleted": "was deleted on Buttondown, so nobody got it from there: restore it, or send it from there",
}


def describe(job: Job) -> tuple[list[str], list[str]]:
    s = job.settings.send
    warnings = [] if job.env.get(s.buttondown_api_key_env) else [f"{s.buttondown_api_key_env} is not set."]
    if said := unencrypted(s.buttondown_url, "buttondown_url", f"the API key in {s.buttondown_api_key_env}"):
        warnings.append(said + ".")
    if said := _template_code(job):
        warnings.append(said)
    draft = job.ledger.step(DRAFT) or {}
    if refused := unaddressable(draft, job.ledger.path, "Buttondown draft"):
        # said as `--yes` will refuse it: a plan of a draft made afresh was followed by a refusal
        state = "nothing: `--yes` refuses a draft recorded with no id, see below"
        warnings.append(f"{refused} `send --yes` refuses until then.")
    elif plain_id(draft.get("id")):
        state = f"draft {draft['id']} exists, then sent"
    else:
        state = "a draft is created first, then sent"
    return [
        f"  To:      every subscriber of the Buttondown newsletter of ${s.buttondown_api_key_env}",
        f"  Service: {s.buttondown_url} ({state})",
    ], warnings


def test(job: Job, address: str) -> str:
    with _api(job) as api:
        try:
            email_id = _test(job, api, address)
        except ApiError as error:
            _made_again_if_gone(job, error, f"--test {address}")
            email_id = _test(job, api, address)
        job.ledger.note("test", via="buttondown", to=address, content=job.built.digest)
    said = _template_code(job)
    return f"Sent a test of {job.built.period} to {address} via Buttondown (draft {email_id})." + (
        f" {said}" if said else ""
    )


def _test(job: Job, api: Api, address: str) -> str:
    email_id, left = ensure_draft(job, api)
    if left is not None:  # Buttondown tests drafts only
        raise NewsletterError(
            f"{job.built.period} is no draft on Buttondown any more (email {email_id} is {left!r:.40}), so "
            "there is no test to send: it is left as it was there, without this build's changes. "
            f"`newsletter preview {job.built.period}` shows this build."
        )
    if (job.ledger.step(SEND) or {}).get("state") == "done":
        # The build it was sent with (not asked again: unchanged since), which Buttondown answered
        # with "HTTP 400: Only drafts can be sent this way", saying nothing of the send (Chidi, new
        # user 39, a test after the real send).
        raise NewsletterError(
            f"{job.built.period} is no draft on Buttondown any more (email {email_id} was sent with "
            "`send --yes`), so there is no test to send: Buttondown tests drafts only. Its archive shows "
            f"the email as it went; `newsletter preview {job.built.period}` shows this build. Nothing sent."
        )
    job.ledger.intend("buttondown.test", to=address, id=email_id)
    api.call(
        "POST",
        f"emails/{email_id}/send-draft",
        f"sending the test to {address}",
        json={"recipients": [parseaddr(address)[1]]},
    )
    job.ledger.done("buttondown.test")
    return email_id


def _made_again_if_gone(job: Job, error: ApiError, flag: str) -> None:
    """Re-raises `error` unless Buttondown no longer has the draft the ledger made: deleted in
    Buttondown's web app after its test. Every run stopped at the 404, with no way on but
    deleting the ledger. It may have gone out before it was deleted (from the web app, or by a
    run of this tool that died asking), so a new draft is made only with --resend-uncertain."""
    draft, sent = job.ledger.step(DRAFT) or {}, job.ledger.step(SEND) or {}
    if error.status != 404 or draft.get("state") != "done" or sent.get("state") == "done":
        raise error
    if not job.resend_uncertain:
        period = job.built.period
        asked = (
            f"which a run of this tool asked it to send ({sent.get('intent_at')}) and died before the answer: "
            "it may have reached the list before it was deleted there. Look for it in your own inbox or "
            "Buttondown's archive."
            if sent
            else "which this tool never sent: it was deleted there (or [send] buttondown_url names another "
            "account than it was made in). Nothing was sent. If it did not go out from Buttondown's web app either,"
        )
        raise NewsletterError(
            f"Buttondown has no email {draft.get('id')} any more, the draft made for {period}, {asked}"
            + (" If it did not go out, " if sent else " ")
            + f"`newsletter send {period} {flag} --resend-uncertain` makes a new draft and "
            + ("sends it." if flag == "--yes" else "sends the test.")
        ) from None
    job.ledger.failed(DRAFT, gone=draft.get("id"))  # not done: ensure_draft makes a new one


def _template_code(job: Job) -> str | None:
    """A note about Jinja or Hugo (`{{< figure >}}`, `{% for %}`) is template code to Buttondown:
    it was sent unnoticed, to reach readers as something else, or to fail the email. A merge tag
    the author wrote in the settings is meant for it: Tomasz's unsubscribe link, Buttondown's own
    `{{ unsubscribe_url }}` as [links] says to give it, was named as template code to reword."""
    meant = meant_for_the_service(job.settings)
    code = django_template_code(job.built.subject, job.built.text, meant=meant)
    if code is None:
        return None
    return (
        f"Buttondown reads the email as a Django template, so {code!r} in the edition{_where(job.built, code)} "
        "is template code to it, not text: see how the test copy shows it, and reword it if it does not read "
        "as you wrote it (a title or name fetched from a page: give its entry a `title:` of your own)."
    )


def _where(built, code: str) -> str:
    """Where the text part shows `code`, for the author to find it: a page's title can bring it
    (Chidi's, new user 39: '{{ subscriber.email }}' in a page's og:title), in no file of theirs."""
    code = code.removesuffix("…")
    if code in " ".join(built.subject.split()):
        return " (its subject)"
    for number, line in enumerate(built.text.splitlines(), 1):
        if code in " ".join(line.split()):
            return f" ({built.folder}/newsletter.txt, line {number})"
    return ""  # across two of its lines: the text part wraps at 78 columns


def send(job: Job) -> str:
    period, ledger = job.built.period, job.ledger
    with _api(job) as api:
        try:
            email_id, left, email = _looked_up(job, api)
        except ApiError as error:
            _made_again_if_gone(job, error, "--yes")
            email_id, left, email = _looked_up(job, api)
        status = email.get("status", "draft")
        if not isinstance(status, str) or not status:
            # Not "already sent": that would be recorded as done, and nothing would ever go out.
            raise NewsletterError(
                f"Buttondown answered email {email_id} without a status ({status!r:.40}), so whether "
                "it was sent is unknown; look at it on Buttondown, then run again."
            )
        if status in GOING:
            ledger.done(SEND, id=email_id, status=status, found="remote")
            return (
                f"{period} is already {status.replace('_', ' ')} on Buttondown (email {email_id}); nothing sent again."
                + ("" if left is None else " It was left as it was there, without what changed here since.")
            )
        if status != "draft":  # not recorded as sent: it was (or may be) kept from part of the list
            said = STOPPED.get(status) or f"is {status!r:.40} on Buttondown, a status this tool does not know"
            raise NewsletterError(
                f"{period} {said} (email {email_id}); nothing sent by this run. "
                "Look at it on Buttondown, then run again."
            )
        ledger.intend(SEND, id=email_id, content=job.built.digest)  # what went, for a run finding it sent
        try:
            email = _dict(
                api.call("PATCH", f"emails/{email_id}", "sending the email", json={"status": "about_to_send"})
            )
        except ApiError as error:
            email = _sent_all_the_same(api, email_id, error)
        status = shown_status(email.get("status", "about_to_send"))
        ledger.done(SEND, id=email_id, status=status)
    return f"Sent {period} via Buttondown (email {email_id}, status {status})."


def _sent_all_the_same(api: Api, email_id: str, error: ApiError) -> dict:
    """The email, if a send that failed did send it: a PATCH whose answer timed out is sent
    again, and the email the first one sent refuses it ("This email was already sent", HTTP
    400), which said "Buttondown rejected sending the email" of one going out to the list (new
    user 54, on a train). Else `error` stands."""
    try:
        email = _dict(api.call("GET", f"emails/{email_id}", "checking the email's status"))
    except ApiError:
        raise error from None
    if email.get("status") not in GOING:
        raise error
    return email


def _looked_up(job: Job, api: Api) -> tuple[str, str | None, dict]:
    """The draft (see `ensure_draft`) and Buttondown's answer about it now."""
    email_id, left = ensure_draft(job, api)
    # Look before sending: a run killed after asking Buttondown to send, or a send from
    # Buttondown's own dashboard, shows here as a status other than "draft".
    return email_id, left, _dict(api.call("GET", f"emails/{email_id}", "checking the email's status"))


def ensure_draft(job: Job, api: Api) -> tuple[str, str | None]:
    """The edition's Buttondown email id, created once and kept current with the build while it
    is a draft; and None, or the status of an email no draft any more and so left as it was
    (sent or scheduled: never changed, see `_update`)."""
    built, ledger = job.built, job.ledger
    step = ledger.step(DRAFT)
    if step and step.get("state") == "done":
        addressable(step, ledger.path, "Buttondown draft")
        if step.get("content") == built.digest:
            return step["id"], None
        # rebuilt since: a typo fixed after the test, or a line added after the send
        left = _update(job, api, step["id"])
        if left is None:
            ledger.done(DRAFT, content=built.digest)
        return step["id"], left
    key = idempotency_key(built)
    if step and step.get("gone"):
        # a draft in place of one deleted on Buttondown: the first key would answer with that one
        key += "-" + hashlib.sha256(str(step["gone"]).encode()).hexdigest()[:12]
    ledger.intend(DRAFT, idempotency_key=key, content=built.digest)
    email = api.call(
        "POST",
        "emails",
        "creating the draft",
        json={"subject": built.subject, "body": built.html, "status": "draft"},
        headers={"X-Idempotency-Key": key},
    )
    if not isinstance(email, dict) or not plain_id(email.get("id")):
        raise NewsletterError(
            "Buttondown answered the new draft without an id"
            + (f" it can be addressed by ({email['id']!r:.60})" if isinstance(email, dict) and "id" in email else "")
            + "; check [send] buttondown_url. Nothing was sent."
        )
    ledger.done(DRAFT, id=email["id"], status=email.get("status", "draft"))
    if (email.get("subject", built.subject), email.get("body", built.html)) == (built.subject, built.html):
        return email["id"], None
    # The key returned an email created by an earlier run from an older build, in the answer
    # that run had: whatever its status said then, it may have gone out since.
    if (left := _update(job, api, email["id"])) is not None:
        ledger.done(DRAFT, content=None)  # it holds that earlier build, not this one
    return email["id"], left


def _update(job: Job, api: Api, email_id: str) -> str | None:
    """Puts the build into email `email_id` if it is still a draft (None), else says its status.
    Looked up first: Buttondown lets a sent email be edited, and its archive and web page then
    show the rebuild (a line added after the send) as what the list got."""
    status = _dict(api.call("GET", f"emails/{email_id}", "checking the email's status")).get("status", "draft")
    if status != "draft":
        return str(status)  # "None" for a status of null: not taken for a draft, nor for a send
    fields = {"subject": job.built.subject, "body": job.built.html}
    api.call("PATCH", f"emails/{email_id}", "updating the draft", json=fields)
    return None


def _api(job: Job) -> Api:
    s = job.settings.send
    key = credential(job.env, s.buttondown_api_key_env, "Buttondown API key (Settings > API)")
    return Api(
        "Buttondown",
        s.buttondown_url,
        url_setting="buttondown_url",
        credentials_hint=f"the API key in {s.buttondown_api_key_env}",
        secrets=[key],
        timeout=s.timeout,
        retries=s.retries,
        headers={"Authorization": f"Token {key}"},
    )


def _dict(answer) -> dict:
    return answer if isinstance(answer, dict) else {}
