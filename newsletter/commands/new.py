"""`newsletter new`: a new entry for a link, prefilled from what the link says about itself."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

from newsletter import config, fields, read, stubs
from newsletter.errors import FetchError, NewsletterError, aside
from newsletter.formats import dotted_dates, web_address
from newsletter.links.urls import without_credentials
from newsletter.models import Entry, Metadata

AUTO = "auto"  # the type from the link, as import and capture type links


def new_entry(
    root: Path, kind: str, url: str, day: dt.date | None, offline: bool, force: bool = False, *, quotes: bool = False
) -> tuple[Path, list[str]]:
    """Write a new entry file; returns its path and warnings (the link could not be read; its
    user name and password were dropped).

    `kind` "auto" (or a link given as the kind, `newsletter new URL`) types the entry from the
    link and its metadata with importers.infer_type, the rule `import` and `capture` use.
    A link that already has an entry is refused (`force` writes a second one anyway).
    `quotes` drafts the page's key passages under the notes placeholder (the smart extra).
    Without a `day`, today in the workspace's timezone.
    """
    if not url and re.match(r"https?://", kind, re.I):  # `newsletter new URL`
        kind, url = AUTO, kind
    if quotes:
        from newsletter import smart

        smart.require("new --quotes")
        if not url or offline:
            raise NewsletterError("--quotes reads the page: give a URL, and leave out --offline.")
    settings = config.load(root)
    day = day or settings.today()  # where the author reads, not the machine's clock
    kind = kind.lower()
    if kind not in Entry.types and kind != AUTO:
        hint = fields.did_you_mean(kind, Entry.types)
        raise NewsletterError(f"Unknown type '{kind}'{hint}; use one of {', '.join(Entry.types)}.")
    if kind == AUTO and not url:
        raise NewsletterError("`new auto` types the entry from its link; give the URL, or a type.")
    if url and (wrong := web_address.refusal(url)):  # the reader's own rule: never an entry it refuses
        raise NewsletterError(f"'{fields.brief(url)}' {wrong.replace('write it in full', 'give the full link')}")
    try:  # the reader's own rule: a day no edition covers makes an entry no build would ever show
        fields.parse_date(day)
    except fields.Problem as problem:
        raise NewsletterError(f"--date: {problem}.")
    warnings = []
    if url and (bare := without_credentials(url)) != url:  # as `import` drops them: the post would show them
        warnings.append(
            f"dropped the user name and password from the link ({bare}); the post and the email would show them"
        )
        url = bare
    if url and not force:
        _refuse_known(settings, url)
    meta = Metadata()
    if url and not offline:
        try:
            meta = lookup(settings, url)
        except FetchError as error:
            warnings.append(f"could not read {error.url} {aside(error.reason)}; fill in the title yourself")
        else:
            if not meta.title:  # a bot check or a consent wall answers 200 and names nothing: say so now, not at build
                warnings.append(
                    f"{url} gave no title (a bot check or a cookie wall shows none); fill in the title yourself"
                )
            elif "\ufffd" in meta.title:  # written into the entry, it is the author's own, which no build doubts
                sample = meta.title if len(meta.title) <= 60 else meta.title[:59] + "…"
                warnings.append(
                    f"the page's title {sample!r} has characters that could not be read (its server declared "
                    "another encoding than it sent); correct the entry's `title:` as it should read"
                )
    if kind == AUTO:
        from newsletter.importers.kinds import infer_type

        kind = infer_type(url, title=meta.title, page=meta.kind)
    if meta.title and (episode := meta.extras.get("episode")):
        # Sam's "Episode 412: Streaming without the tears" showed "· Episode 412" again under it, as
        # an imported feed's episode no longer does
        from newsletter.importers.feeds import without_episode_number

        meta = dataclasses.replace(meta, title=without_episode_number(meta.title, episode))
    path = stubs.path_for(settings.entries_dir, day, meta.title, url)
    text = stubs.new_entry(kind, url, day, meta, settings.language)
    if own := stubs.page_language(meta.language, settings.language):
        # Mariana (es-MX) wrote Spanish notes under `language: en`, written for her English paper's
        # page, and every output marked them English; nothing had said what the line means.
        warnings.append(
            f"the page is in {own}, so the entry says `language: {own}` and its notes are marked {own} in the "
            f"email, feeds and post; delete that line if you write them in {settings.language}"
        )
    if quotes:
        from newsletter.commands.quotes import as_markdown
        from newsletter.commands.quotes import quotes as key_passages

        found, lined = key_passages(root, url, language=meta.language or settings.language)  # (the page's, if it says)
        text += "\n" + as_markdown(found, settings, own or settings.language, located=lined) + "\n"
    stubs.write(path, text)
    return path, warnings


def _refuse_known(settings: config.Settings, url: str) -> None:
    # the same work as check and import find a repeat by: a paper by its DOI, a video by its id
    from newsletter.links.same_work import work_of

    key = work_of(url)
    # (the entry, never a sync client's copy beside it, which no build reads: scan_archive leaves those out)
    holding = [saved for saved in read.scan_archive(settings.entries_dir)[0] if saved.url and work_of(saved.url) == key]
    for saved in holding[:1]:
        raise NewsletterError(
            f"{config.shown(saved.path, settings.root)} already has this link (dated "
            f"{saved.date}); edit that entry, or add --force to write a second one."
        )


def lookup(settings: config.Settings, url: str) -> Metadata:
    """One link's metadata, from the cache or the web (and then cached)."""
    from newsletter.links import Links

    with Links(settings.fetch, settings.state_dir) as links:
        return links.one(url)


def day_example(typed: str) -> str:
    """The day to show when `--date` (or import's `--since`) is no YYYY-MM-DD: the one a dotted
    date means (30.01.2021: 2021-01-30), as an entry's `date:` is told, else an example."""
    return dotted_dates.iso_example(typed)
