"""Text that a list service renders as a template before sending, made to come out as written.

listmonk compiles a campaign's body (Go's html/template), its plain text and its subject (Go's
text/template) for every subscriber; a `{{` in them is an action. An edition's notes and
fetched titles are no template: a note about Hugo's `{{< figure >}}` or Jinja's `{{ x }}` made
listmonk refuse the campaign, and a hostile page's title could run listmonk's functions
(`{{ Safe "\\x3cscript…" }}` writes raw HTML) in every reader's copy.
"""

from __future__ import annotations

import re

# listmonk also rewrites `https://…@TrackLink` into a tracked link before compiling
# (models/common.go: regTplFuncs); a literal '@' action breaks that shorthand as well. A brace
# just before that '@' goes into the action too: left outside, "{@TrackLink" became
# '{{{"@"}}…', which Go reads as an action beginning with '{', and listmonk refused the campaign.
_GO_ACTIONS = re.compile(r"\{\{|\{?@(?=TrackLink)")


def for_go_template(text: str, meant: tuple[str, ...] = ()) -> str:
    """`text` as a Go template that renders `text` itself: each `{{` (and the '@' of an
    `@TrackLink`) written as an action printing it. `}}` outside an action is plain text. An
    action one of the `meant` texts holds whole (a merge tag the author wrote in a setting) is
    left to listmonk: [links] unsubscribe = "{{ UnsubscribeURL }}", as the setting says to give
    a service's merge tag, went out as '{{"{{"}} UnsubscribeURL }}', every reader's unsubscribe
    link a dead one (review 20). A fetched title holding the same action says to each reader what
    the author's setting already says to them."""
    wanted = sorted({found[0] for said in meant for found in _GO_CODE.finditer(said)}, key=len, reverse=True)
    if not wanted:
        return _GO_ACTIONS.sub(lambda found: '{{"' + found[0] + '"}}', text)
    either = re.compile("(" + "|".join(map(re.escape, wanted)) + ")|" + _GO_ACTIONS.pattern)
    return either.sub(lambda found: found[0] if found[1] else '{{"' + found[0] + '"}}', text)


# an action as a setting may hold one: from its `{{` to the first `}}` (Go's own reading)
_GO_CODE = re.compile(r"\{\{.*?\}\}", re.S)


def meant(settings) -> tuple[str, ...]:
    """The settings whose template code the author wrote for the list service: the links (the
    unsubscribe link is the service's merge tag), the greeting, the sign-off and the name."""
    links = settings.links
    return (links.unsubscribe, links.subscribe, links.website, links.social, links.support) + (
        settings.greeting,
        settings.signoff,
        settings.name,
    )


# Buttondown renders an email as a Django template (docs.buttondown.com/templating): `{{ … }}`,
# `{% … %}` and `{# … #}` are its code. Its documents give no way to send them as written, so
# they are named before the send rather than rewritten into tags it might not take.
_DJANGO_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def django_template_code(*texts: str, meant: tuple[str, ...] = ()) -> str | None:
    """The first piece of `texts` that a Django template reads as code, shortened, or None; code
    that one of the `meant` texts holds (a merge tag the author wrote in a setting) is left out."""
    wanted = {found[0] for text in meant for found in _DJANGO_CODE.finditer(text)}
    for text in texts:
        for found in _DJANGO_CODE.finditer(text):
            if found[0] not in wanted:
                code = " ".join(found[0].split())
                return code if len(code) <= 60 else code[:59] + "…"
    return None
