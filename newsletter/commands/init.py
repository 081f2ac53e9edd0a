"""Creating things in a workspace: a whole new workspace (`init`) and a new entry (`new`).

Both only ever create files; an existing file is never overwritten.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from newsletter import resources
from newsletter.config import SETTINGS_FILE
from newsletter.delivery.readiness import PLACEHOLDER, SAMPLE_NOTE
from newsletter.errors import NewsletterError
from newsletter.formats import post as markdown_safe
from newsletter.models import Entry, Metadata

SETTINGS_TEMPLATE = '''\
# Settings for this newsletter workspace. Entries live in entries/YYYY/MM/*.md;
# `newsletter build` writes the Hugo post into site/ and the email into dist/.

[newsletter]
name = "{name}"                     # the newsletter's name, shown in every edition
author = "{author}"
language = "en"                     # the email's <html lang>
timezone = "UTC"                    # for the post's date, e.g. "Europe/Berlin"
week_start = "monday"               # first day of a weekly edition (2021-W07)
greeting = "Hello!"
signoff = "Cheers,\\n{author}"

[links]                             # shown in the sign-off of every email
subscribe = ""                      # your list's subscribe page
website = ""
social = ""                         # where readers can reply, e.g. a Mastodon profile
social_name = "Mastodon"
support = ""                        # Patreon, GitHub Sponsors, Ko-fi... (optional)
support_name = "Patreon"
unsubscribe = ""                    # your list service's unsubscribe URL

[site]                              # the Hugo site the post goes into
path = "site"
section = "posts"
category = "what I read"
front_matter = "toml"               # or "yaml"
monthly_title = "What I read in {{month}} {{year}}"
weekly_title = "What I read this week ({{start}} - {{end}})"
shortcodes = false                  # true: Hugo shortcodes in your own notes run ({{{{< figure >}}}})

[email]
from = ""                           # "Your Name <you@example.com>"
to = ""                             # the list's address
reply_to = ""
list_unsubscribe_mailto = ""        # e.g. "mailto:unsubscribe@example.com"

[send]                              # `newsletter send`: secrets come from the environment
via = "smtp"                        # smtp | buttondown | listmonk
test_address = ""                   # you: where `send --test` goes
smtp_host = "localhost"             # with $SMTP_USERNAME and $SMTP_PASSWORD when set
smtp_port = 587
smtp_security = "starttls"          # starttls (port 587) | tls (port 465) | none (a local relay)

[fetch]                             # how link metadata is fetched
timeout = 10                        # seconds per request
max_age_days = 30                   # refetch cached metadata older than this
allow_private_addresses = false     # true to enrich links on your own network
'''

SAMPLE_ENTRY = '''\
---
type: article
url: https://www.markdownguide.org/getting-started/
date: {date}
title: "Getting Started with Markdown"
speakers: [Matt Cone]
tags: [writing]
---
{sample_note} Write your notes in **Markdown**; they become
the paragraph under the link. Run `newsletter new article URL` to start the next one.
Delete this file before you send an edition: `send` refuses one that still holds it.
'''

# Builds with `hugo --panicOnWarning` on Debian's Hugo 0.111 and on current ones: no
# `languageCode` (deprecated since 0.158 in favour of `locale`, which 0.111 does not know).
HUGO_CONFIG = '''\
baseURL = "https://example.com/"
defaultContentLanguage = "en"
title = {name}

[taxonomies]
category = "categories"
tag = "tags"
'''


def init(folder: Path, name: str, author: str, today: dt.date) -> list[Path]:
    """A new workspace in `folder` that builds at once; refuses to touch an existing one."""
    if (folder / SETTINGS_FILE).exists():
        raise NewsletterError(f"{folder / SETTINGS_FILE} already exists; this is already a workspace.")
    if (folder / "site").exists():
        raise NewsletterError(f"{folder / 'site'} already exists; init needs a folder without a site/.")
    files = {
        folder / SETTINGS_FILE: SETTINGS_TEMPLATE.format(name=_toml_text(name), author=_toml_text(author)),
        folder / "entries" / f"{today:%Y/%m}" / "getting-started-with-markdown.md":
            SAMPLE_ENTRY.format(date=today.isoformat(), sample_note=SAMPLE_NOTE),
        folder / "site" / "hugo.toml": HUGO_CONFIG.format(name=markdown_safe.quoted(name)),
        folder / ".gitignore": "dist/\n.newsletter/\nsite/public/\nsite/resources/\n",
    }
    for path in files:
        if path.exists():
            raise NewsletterError(f"{path} already exists; not overwriting it.")
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    shutil.copytree(resources.site_layouts(), folder / "site" / "layouts")
    (folder / "templates").mkdir(exist_ok=True)
    return list(files) + [folder / "site" / "layouts", folder / "templates"]


def next_steps(folder: Path) -> str:
    """What `init` tells the author to do next."""
    return (f"New workspace in {folder}. Next: fill in [email] (from, to) and [links] (unsubscribe) in "
            f"{folder / SETTINGS_FILE}, replace the sample entry with your own, then: cd {folder} && "
            "newsletter build")


def entry_text(kind: str, url: str, day: dt.date, meta: Metadata) -> str:
    """A new entry's Markdown, front matter prefilled from what the link says about itself.

    The title and people lines are always there, empty when the link said nothing, so the
    author sees where to fill them in.
    """
    people = "speakers" if kind in Entry.people_words else "authors"
    lines = ["---", f"type: {kind}", f"url: {url}" if url else "url:   # the link, https://…",
             f"date: {day.isoformat()}"]
    if meta.title:
        lines.append(f"title: {_yaml_string(meta.title)}")
    else:
        lines.append('title: ""          # empty: the page\'s own title, fetched at build')
    if meta.authors and kind != "mine":
        lines.append(f"{people}: [" + ", ".join(_yaml_string(a) for a in meta.authors) + "]")
    elif kind != "mine":
        lines.append(f"{people}: []")
    lines += ["tags: []", "---", "", PLACEHOLDER, ""]
    return "\n".join(lines)


def new_entry_path(entries_dir: Path, day: dt.date, title: str | None, url: str) -> Path:
    """A fresh file name under entries/YYYY/MM/, from the title or else the words of the URL's
    path (`/2019/10/why-x-matters/` -> why-x-matters); never an existing file."""
    base = _slugify(title or _words_of(url)) or "entry"
    folder = entries_dir / f"{day:%Y}" / f"{day:%m}"
    path = folder / f"{base}.md"
    number = 2
    while path.exists():
        path = folder / f"{base}-{number}.md"
        number += 1
    return path


def _words_of(url: str) -> str:
    """The part of a URL that reads like a title: its last path segment made of words, else
    host and path."""
    parts = urlsplit(url)
    for segment in reversed([s for s in parts.path.split("/") if s]):
        stem = re.sub(r"\.(html?|php|aspx?|pdf)$", "", segment, flags=re.I)
        stem = re.sub(r"[-_][0-9a-f]{8,}$", "", stem)  # Medium's trailing id
        if len(re.findall(r"[A-Za-z]{2,}", stem)) >= 2:
            return stem
    host = (parts.hostname or "").removeprefix("www.")
    return f"{host}{parts.path}".rstrip("/")


def write_new(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:  # "x": fail rather than overwrite
        handle.write(text)


def _slugify(text: str, limit: int = 60) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > limit:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def _toml_text(text: str) -> str:
    """Text for inside a TOML basic string ("..."): quotes, backslashes and newlines escaped."""
    return markdown_safe.quoted(text)[1:-1]


def _yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML): safe for colons and quotes."""
    return markdown_safe.quoted(text)

