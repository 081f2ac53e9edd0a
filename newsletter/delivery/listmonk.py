"""Delivery by listmonk's API (https://listmonk.app/docs/apis/campaigns/).

The edition becomes one campaign with a deterministic name ("<newsletter name> <period>"),
looked up by that name before it is ever created, so a run killed mid-create finds the
campaign instead of making a second. A test is `POST /api/campaigns/{id}/test`; the real
send sets the status to `running`, after checking it is still a draft.
"""

from __future__ import annotations

from email.utils import parseaddr

from newsletter.delivery import http as delivery_http
from newsletter.delivery.http import Api, ApiError, shown_status
from newsletter.delivery.job import TEST_MARK, Job, credential
from newsletter.delivery.literal import for_go_template, meant_for_the_service
from newsletter.errors import NewsletterError

CAMPAIGN, SEND = "listmonk.campaign", "listmonk.send"
# A lost ledger is no danger: its campaign's status is looked up before anything is sent (see send.py).
finds_sends_remotely = True
# What a campaign's status says of the list: on its way or gone, or stopped short of some
# readers. Any status but a draft was recorded as sent, so a campaign listmonk paused after too
# many errors stayed "already sent" for good while part of the list never got it.
GOING = {"scheduled", "running", "finished"}
STOPPED = {
    "paused": "is paused on listmonk (by hand, or by listmonk after too many errors), so part of the list "
    "may not have it yet: resume it there",
    "cancelled": "was cancelled on listmonk, so the readers it had not reached do not have it, and listmonk "
    "cannot start it again",
}


def describe(job: Job) -> tuple[list[str], list[str]]:
    s = job.settings.send
    warnings = [
        f"{name} is not set." for name in (s.listmonk_username_env, s.listmonk_password_env) if not job.env.get(name)
    ]
    if not s.listmonk_list_ids:
        warnings.append("listmonk_list_ids is empty in [send]: set the IDs of the lists to send to.")
    if not s.listmonk_url:
        warnings.append("listmonk_url is empty in [send]: set your listmonk's address.")
    elif said := delivery_http.unencrypted(s.listmonk_url, "listmonk_url", f"the token in {s.listmonk_password_env}"):
        warnings.append(said + ".")
    if not s.listmonk_template_id:
        # A wrapped page arrives with two <body>s and listmonk's own styles over ours; the
        # first send is too late to learn of it, so the dry run says it
        warnings.append(
            "listmonk_template_id is not set in [send]: listmonk will put the edition, a whole page "
            "already, inside its default template's page. Make a campaign template whose body is only "
            '{{ template "content" . }} and set its id there.'
        )
    lists = ", ".join(str(i) for i in s.listmonk_list_ids) or "(none set)"
    campaign = f'campaign "{campaign_name(job)}"'
    if refused := delivery_http.unaddressable(job.ledger.step(CAMPAIGN) or {}, job.ledger.path, "listmonk campaign"):
        # said as `--yes` will refuse it, as Buttondown's plan does: the plan named the campaign as if
        # it would be started, and `--yes` then refused the ledger
        campaign = "nothing: `--yes` refuses a campaign recorded with no id, see below"
        warnings.append(f"{refused} `send --yes` refuses until then.")
    return [
        f"  To:      listmonk {'lists' if len(s.listmonk_list_ids) > 1 else 'list'} {lists}",
        f"  Service: {s.listmonk_url or '(listmonk_url not set)'} ({campaign})",
    ], warnings


def test(job: Job, address: str) -> str:
    with _api(job) as api:
        campaign_id, left = ensure_campaign(job, api)
        try:
            _test(job, api, campaign_id, address)
        except ApiError as error:
            _made_again_if_gone(job, error, campaign_id, f"--test {address}")
            campaign_id, left = ensure_campaign(job, api)
            _test(job, api, campaign_id, address)
        job.ledger.note("test", via="listmonk", to=address, content=job.built.digest)
    return f"Sent a test of {job.built.period} to {address} via listmonk (campaign {campaign_id})." + (
        ""
        if left is None
        else f" The campaign is {left!r:.40} on listmonk and was left as it was: the test shows this build, "
        "the campaign does not."
    )


def _test(job: Job, api: Api, campaign_id: int, address: str) -> None:
    job.ledger.intend("listmonk.test", to=address, id=campaign_id)
    api.call(
        "POST",
        f"api/campaigns/{campaign_id}/test",
        f"sending the test to {address}",
        # listmonk tests the campaign as the request says (its UI tests unsaved edits), so
        # the copy is marked as SMTP's is; the campaign itself keeps its subject
        json={
            **fields(job),
            "subject": for_go_template(TEST_MARK + job.built.subject, meant_for_the_service(job.settings)),
            "subscribers": [parseaddr(address)[1]],
        },
    )
    job.ledger.done("listmonk.test")


def _made_again_if_gone(job: Job, error: ApiError, campaign_id: int, flag: str) -> None:
    """Re-raises `error` unless listmonk no longer has the campaign the ledger made, never
    started by this tool: a draft deleted in the dashboard after its test. It may still have
    gone out from there first, so a new one is made only with --resend-uncertain."""
    if error.status != 404 or job.ledger.step(SEND) is not None:
        raise error
    if not job.resend_uncertain:
        period = job.built.period
        raise NewsletterError(
            f"listmonk has no campaign {campaign_id} any more, the one made for {period}, which this tool "
            "never started: it was deleted there. Nothing was sent. If it did not go out from listmonk's "
            f"dashboard either, `newsletter send {period} {flag} --resend-uncertain` makes a new campaign "
            "and sends it."
        ) from None
    job.ledger.failed(CAMPAIGN, gone=campaign_id)  # not done: ensure_campaign looks it up, or makes it


def send(job: Job) -> str:
    period, ledger = job.built.period, job.ledger
    with _api(job) as api:
        campaign_id, left = ensure_campaign(job, api)
        # Look before starting: an interrupted run, or a start from listmonk's dashboard,
        # shows as a status other than "draft".
        try:
            answer = api.call("GET", f"api/campaigns/{campaign_id}", "checking the campaign's status")
        except ApiError as error:
            _made_again_if_gone(job, error, campaign_id, "--yes")
            campaign_id, left = ensure_campaign(job, api)
            answer = api.call("GET", f"api/campaigns/{campaign_id}", "checking the campaign's status")
        status = _data(answer).get("status", "draft")
        if not isinstance(status, str) or not status:
            # Not "already sent": that would be recorded as done, and nothing would ever go out.
            raise NewsletterError(
                f"listmonk answered campaign {campaign_id} without a status ({status!r:.40}), so whether "
                "it was started is unknown; look at it in listmonk, then run again."
            )
        if status in GOING:
            ledger.done(SEND, id=campaign_id, status=status, found="remote")
            return f"{period} is already {status} on listmonk (campaign {campaign_id}); nothing sent again." + (
                "" if left is None else " It was left as it was there, without what changed here since."
            )
        if status != "draft":  # not recorded as sent: it was (or may be) kept from part of the list
            said = STOPPED.get(status) or f"is {status!r:.40} on listmonk, a status this tool does not know"
            raise NewsletterError(
                f"{period} {said} (campaign {campaign_id}); nothing sent by this run. "
                "Look at it in listmonk, then run again."
            )
        ledger.intend(SEND, id=campaign_id, content=job.built.digest)  # what went, for a run finding it sent
        try:
            answer = api.call(
                "PUT", f"api/campaigns/{campaign_id}/status", "starting the campaign", json={"status": "running"}
            )
        except ApiError as error:
            answer = {"data": _started_all_the_same(api, campaign_id, error)}
        status = shown_status(_data(answer).get("status", "running"))
        ledger.done(SEND, id=campaign_id, status=status)
    return f"Sent {period} via listmonk (campaign {campaign_id}, status {status})."


def _started_all_the_same(api: Api, campaign_id: int, error: ApiError) -> dict:
    """The campaign, if a start that failed did start it: a start whose answer timed out is sent
    again, and the campaign the first one started refuses it ("Only draft and paused campaigns
    can be started", HTTP 400), which said "listmonk rejected starting the campaign" of a
    campaign going out to the whole list (new user 54, on a train). Else `error` stands."""
    try:
        campaign = _data(api.call("GET", f"api/campaigns/{campaign_id}", "checking the campaign's status"))
    except ApiError:
        raise error from None
    if campaign.get("status") not in GOING:
        raise error
    return campaign


def ensure_campaign(job: Job, api: Api) -> tuple[int, str | None]:
    """The edition's campaign id, found by name or created once, and kept current with the build
    while it is a draft; and None, or the status of a campaign no draft any more and so left as
    it was (started, scheduled, paused: never changed, see `_update`)."""
    built, ledger = job.built, job.ledger
    step = ledger.step(CAMPAIGN)
    setup = _setup(job)
    if step and step.get("state") == "done":
        delivery_http.addressable(step, ledger.path, "listmonk campaign")
        # Rebuilt since the campaign was made, or [send] changed (no part of a build): a template
        # or a list set after the test send. A ledger older than `setup` counts as unchanged.
        if step.get("content") == built.digest and step.get("setup", setup) == setup:
            return step["id"], None
        if (left := _update(job, api, step["id"])) is None:
            ledger.done(CAMPAIGN, content=built.digest, setup=setup)
        return step["id"], left
    name = campaign_name(job)
    ledger.intend(CAMPAIGN, name=name, content=built.digest, setup=setup)
    retries, left = job.settings.send.retries, None
    for attempt in range(1, retries + 2):
        campaign = find_campaign(api, name)
        if campaign is not None:
            wanted = fields(job)
            if (campaign.get("body"), campaign.get("subject")) != (wanted["body"], wanted["subject"]):
                left = _update(job, api, campaign["id"], campaign.get("status", "draft"))
            break
        try:  # not repeated blindly: a create that failed may have happened; look again first
            answer = api.call("POST", "api/campaigns", "creating the campaign", json=fields(job))
        except ApiError as error:
            if attempt > retries or (error.status is not None and error.status < 500):
                raise
            delivery_http.sleep(delivery_http.backoff(attempt))
            continue
        campaign = _data(answer)
        if not _campaign_id(campaign):
            raise NewsletterError(
                "listmonk answered the new campaign without an id"
                + (f" it can be addressed by ({campaign['id']!r:.60})" if "id" in campaign else "")
                + "; check [send] listmonk_url. Nothing was sent."
            )
        break
    # a campaign found holding an earlier build and left so is recorded as holding none
    ledger.done(
        CAMPAIGN, id=campaign["id"], status=campaign.get("status", "draft"), **({"content": None} if left else {})
    )
    return campaign["id"], left


def _update(job: Job, api: Api, campaign_id: int, status: object = None) -> str | None:
    """Puts the build into campaign `campaign_id` if it is still a draft (None), else says its
    status (`status`, when just looked up). Looked up first: listmonk edits a scheduled or
    paused campaign, so a rebuild (a line added after the author scheduled it) went into what
    the list got, or into its rest."""
    if status is None:
        answer = api.call("GET", f"api/campaigns/{campaign_id}", "checking the campaign's status")
        status = _data(answer).get("status", "draft")
    if status != "draft":
        return str(status)  # "None" for a status of null: not taken for a draft, nor for a send
    try:
        api.call("PUT", f"api/campaigns/{campaign_id}", "updating the campaign", json=fields(job))
    except ApiError as error:
        # started from listmonk's dashboard since the look: what it sends is settled, and send()
        # says so from its status; any other refusal says what is wrong (a template it lacks)
        if error.status != 400:
            raise
        answer = api.call("GET", f"api/campaigns/{campaign_id}", "checking the campaign's status")
        if (status := _data(answer).get("status")) == "draft":
            raise
        return str(status)
    return None


def find_campaign(api: Api, name: str) -> dict | None:
    answer = api.call("GET", "api/campaigns", "looking up the campaign", params={"query": name, "per_page": "all"})
    results = _data(answer).get("results")
    matches = [c for c in results if isinstance(c, dict) and c.get("name") == name] if isinstance(results, list) else []
    unusable = [c.get("id") for c in matches if not _campaign_id(c)]
    if unusable:  # not taken for "none yet": a second campaign of the edition could send it twice
        raise NewsletterError(
            f'listmonk answered the lookup of campaign "{name}" with one that has no id it can be '
            f"addressed by ({unusable[0]!r:.60}); check [send] listmonk_url, and the campaign in listmonk."
        )
    return min(matches, key=lambda c: c["id"]) if matches else None


def _campaign_id(campaign: dict) -> int | None:
    """listmonk's campaign ids are numbers; anything else in a path could address another resource."""
    found = delivery_http.plain_id(campaign.get("id"))
    return found if isinstance(found, int) else None


def _setup(job: Job) -> dict:
    """What the campaign takes from [send] rather than from the built edition."""
    s = job.settings.send
    return {"lists": list(s.listmonk_list_ids), "template_id": s.listmonk_template_id}


def campaign_name(job: Job) -> str:
    return f"{job.settings.name} {job.built.period}"


def fields(job: Job) -> dict:
    s, built, meant = job.settings.send, job.built, meant_for_the_service(job.settings)
    if not s.listmonk_list_ids:
        raise NewsletterError(
            "Set listmonk_list_ids in [send] of newsletter.toml, e.g. [3]: the IDs of the "
            "listmonk lists to send to (shown on listmonk's Lists page)."
        )
    body = {
        "name": campaign_name(job),
        # what listmonk compiles as Go templates, written so that they come out as built, but for
        # the tags the author wrote in the settings for listmonk to fill in
        "subject": for_go_template(built.subject, meant),
        "lists": list(s.listmonk_list_ids),
        "from_email": built.sender,
        "content_type": "html",
        "body": for_go_template(built.html, meant),
        "altbody": for_go_template(built.text, meant),
        "type": "regular",
        "messenger": "email",
        "tags": ["newsletter"],
    }
    if s.listmonk_template_id:
        body["template_id"] = s.listmonk_template_id
    return body


def _api(job: Job) -> Api:
    s = job.settings.send
    fields(job)  # complain about missing settings before any request
    user = credential(job.env, s.listmonk_username_env, "listmonk API user name")
    token = credential(job.env, s.listmonk_password_env, "listmonk API token")
    return Api(
        "listmonk",
        s.listmonk_url,
        url_setting="listmonk_url",
        credentials_hint=f"{s.listmonk_username_env} and {s.listmonk_password_env}",
        secrets=[token],
        timeout=s.timeout,
        retries=s.retries,
        auth=(user, token),
    )


def _data(answer) -> dict:
    """listmonk wraps every answer in {"data": ...}; anything else reads as empty."""
    data = answer.get("data") if isinstance(answer, dict) else None
    return data if isinstance(data, dict) else {}
