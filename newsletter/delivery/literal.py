"""Text that a list service renders as a template before sending, made to come out as written.

listmonk compiles a campaign's body (Go's html/template), its plain text and its subject (Go's
text/template) for every subscriber; a `{{` in them is an action. An edition's notes and
fetched titles are no template: a note about Hugo's `{{< figure >}}` or Jinja's `{{ x }}` made
listmonk refuse the campaign, and a hostile page's title could run listmonk's functions
(`{{ Safe "\\x3cscript…" }}` writes raw HTML) in every reader's copy.
"""

from __future__ import annotations

import html
import re

# listmonk also rewrites `https://…@TrackLink` into a tracked link before compiling
# (models/common.go: regTplFuncs); a literal '@' action breaks that shorthand as well. A brace
# just before that '@' goes into the action too: left outside, "{@TrackLink" became
# '{{{"@"}}…', which Go reads as an action beginning with '{', and listmonk refused the campaign.
_GO_ACTIONS = re.compile(r"\{\{|\{?@(?=TrackLink)")


def for_go_template(text: str, meant: tuple[str, ...] = ()) -> str:
    """`text` as a Go template that renders `text` itself: each `{{` (and the '@' of an
    `@TrackLink`) written as an action printing it. `}}` outside an action is plain text. An
    action one of the `meant` texts holds (a tag the author wrote in a setting, as written or as
    the HTML escapes it) is left to listmonk: Noa's `unsubscribe = "{{ UnsubscribeURL }}"` reached
    readers as a link to "%7b%7b UnsubscribeURL }}" and as those words in the plain text."""
    tags = {tag for said in meant for found in _GO_ACTION.finditer(said) for tag in (found[0], html.escape(found[0]))}
    if not tags:
        return _GO_ACTIONS.sub(lambda found: '{{"' + found[0] + '"}}', text)
    kept = re.compile("|".join(re.escape(tag) for tag in sorted(tags, key=len, reverse=True)))
    parts, at = [], 0
    for found in kept.finditer(text):
        parts += [for_go_template(text[at : found.start()]), found[0]]
        at = found.end()
    return "".join(parts) + for_go_template(text[at:])


# A whole action, as a setting holds one: "{{ UnsubscribeURL }}", "{{ .Subscriber.FirstName }}"
_GO_ACTION = re.compile(r"\{\{.*?\}\}", re.S)


def settings_texts(settings) -> tuple[str, ...]:
    """The settings whose words an edition carries and a list service's tags are written in: the
    links (the unsubscribe link above all), the greeting, the sign-off and the name."""
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
