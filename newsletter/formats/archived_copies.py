"""Did each part of the edition link the archived copy of every dead link?

The default templates link `entry.link_url`: the archived copy once `check` found the link dead.
A template a workspace copied before archived copies existed, and edited since, links
`entry.url`, and so sends readers to a page that is gone, silently: this names the part and
the links, so its author can bring the template up to date.
"""

from __future__ import annotations

import html
from pathlib import Path

from newsletter.config import counted, shown
from newsletter.formats.post import url as markdown_url
from newsletter.models import Entry
from newsletter.resources import default_templates


def unlinked_copies(entries: list[Entry], parts: dict[str, str], templates_dir: Path, root: Path) -> list[str]:
    """A warning for each rendered part (template name -> its text, without the post's front
    matter, which lists the copies whatever the template does) that links a dead link itself
    rather than its archived copy."""
    dead = [entry for entry in entries if entry.dead and entry.archive_url]
    warnings = []
    for name, text in parts.items():
        missing = [entry for entry in dead if _links_itself(text, entry.url, entry.archive_url)]
        if not missing:
            continue
        own = templates_dir / name
        where = (
            f"{shown(own, root)} (your copy of the template) links `entry.url` where the default links "
            "`entry.link_url`, the archived copy once the link is dead: use that (the default is "
            f"{default_templates() / name})"
            if own.is_file()
            else f"{name} leaves them out"
        )
        first = missing[0]
        warnings.append(
            f"readers get {counted(len(missing), 'dead link')} rather than the archived copy "
            f"({shown(first.path, root)}: {first.url}); {where}"
        )
    return warnings


def _forms(address: str) -> tuple[str, ...]:
    """An address as a template writes it: as is, in a Markdown link, in HTML."""
    return address, str(markdown_url(address)), html.escape(address, quote=True)


def _links_itself(text: str, url: str, copy: str) -> bool:
    """Whether `text` holds the dead link's own address outside its copy's (a Wayback copy's
    address ends with it), and nowhere the copy. A part that lists only some entries (the year
    in review) and leaves a dead one out links no dead page; one that gives the copy beside the
    original ("original | archived", or the default's "Archived copy" line under notes that
    quote the address) lets readers choose."""
    gives_copy = any(form in text for form in _forms(copy))
    return not gives_copy and any(form in text for form in _forms(url))
