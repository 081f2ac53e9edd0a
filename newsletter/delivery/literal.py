"""Text that a list service renders as a template before sending, made to come out as written.

listmonk compiles a campaign's body (Go's html/template), its plain text and its subject (Go's
text/template) for every subscriber; a `{{` in them is an action. An edition's notes and
fetched titles are no template: a note about Hugo's `{{< figure >}}` or Jinja's `{{ x }}` made
listmonk refuse the campaign, and a hostile page's title could run listmonk's functions
(`{{ Safe "\\x3cscript…" }}` writes raw HTML) in every reader's copy.
"""

from __future__ import annotations

import re

from markupsafe import escape

# listmonk also rewrites `https://…@TrackLink` into a tracked link before compiling
# (models/common.go: regTplFuncs); a literal '@' action breaks that shorthand as well. A brace
# just before that '@' goes into the action too: left outside, "{@TrackLink" became
# '{{{"@"}}…', which Go reads as an action beginning with '{', and listmonk refused the campaign.
# So does a brace ending a piece of text that a setting's kept action follows ('{' + '{{ Unsub…'):
# a piece's last brace is an action too (review 21).
_GO_ACTIONS = re.compile(r"\{\{|\{?@(?=TrackLink)|\{\Z")


# An action as the author writes one in a setting: `{{ UnsubscribeURL }}`, `{{ .Subscriber.Name }}`.
_GO_ACTION = re.compile(r"\{\{.*?\}\}", re.S)


def meant_for_the_service(settings) -> tuple[str, ...]:
    """The settings whose template code the author wrote for the list service: its merge tags
    in the links, greeting, sign-off or name (an unsubscribe link given as the service's tag,
    as [links] unsubscribe says to). Notes and fetched text are none of them."""
    links = settings.links
    return (links.unsubscribe, links.subscribe, links.website, links.social, links.support) + (
        settings.greeting,
        settings.signoff,
        settings.name,
    )


def for_go_template(text: str, meant: tuple[str, ...] = ()) -> str:
    """`text` as a Go template that renders `text` itself: each `{{` (and the '@' of an
    `@TrackLink`) written as an action printing it. `}}` outside an action is plain text. Where
    `text` holds one of the `meant` texts whole (a setting with tags the author wrote for
    listmonk), its actions are left actions, so listmonk fills them in: Ann's
    `unsubscribe = "{{ UnsubscribeURL }}"` reached readers as that text, and the HTML's link went
    to '%7b%7b UnsubscribeURL }}'. The same tag in a note is not the setting, and stays text."""
    kept: dict[str, str] = {}
    for written in meant:
        if _GO_ACTION.search(written):
            # the HTML part holds the setting escaped, as Jinja escapes it (a quote as &#34;) or as
            # the inliner writes it out again (in text '&amp;' alone, in an attribute '&quot;' too);
            # listmonk needs its actions as written
            for form in _HTML_FORMS:
                kept.setdefault(form(written), _with_actions(written, form))
    if not kept:
        return _GO_ACTIONS.sub(lambda found: '{{"' + found[0] + '"}}', text)
    settings = re.compile("|".join(re.escape(said) for said in sorted(kept, key=len, reverse=True)))
    pieces, start = [], 0
    for found in settings.finditer(text):
        pieces += [for_go_template(text[start : found.start()]), kept[found[0]]]
        start = found.end()
    return "".join(pieces) + for_go_template(text[start:])


def _with_actions(written: str, form) -> str:
    """The Go template of a setting as the edition holds it (`form`, one of _HTML_FORMS): its
    actions as written, the text around them made literal."""
    pieces, start = [], 0
    for found in _GO_ACTION.finditer(written):
        pieces += [for_go_template(form(written[start : found.start()])), found[0]]
        start = found.end()
    return "".join(pieces) + for_go_template(form(written[start:]))


_HTML_FORMS = (
    str,
    lambda text: str(escape(text)),
    lambda text: text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
    lambda text: text.replace("&", "&amp;").replace('"', "&quot;"),
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
