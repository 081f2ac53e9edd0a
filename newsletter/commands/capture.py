"""`newsletter capture`: drafts from the browser, through a bookmarklet and a local endpoint.

A capture becomes a draft entry for today's month: typed from its link as `import` types
links, prefilled from the link's metadata as `new` prefills (unless offline), with the selected
passage quoted under the line for the author's own words. The same link again, while its draft
is this month's, adds the new passage to that draft instead of writing a second file.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path

from newsletter import capture, config, read, stubs
from newsletter.capture import Capture, Refused
from newsletter.errors import FetchError, NewsletterError, aside
from newsletter.fields import Problem, web_address
from newsletter.links.urls import without_credentials, without_trackers
from newsletter.models import Metadata


class Drafts:
    """Writes captures into one workspace's entries/: `save` is what the endpoint calls."""

    def __init__(
        self,
        settings: config.Settings,
        offline: bool = False,
        today: Callable[[], dt.date] | None = None,
        say: Callable[[str], None] = lambda _: None,
    ):
        # Today where the author reads (the workspace's timezone), not on the machine's clock.
        self.settings, self.offline, self.today, self.say = settings, offline, today or settings.today, say

    def save(self, got: Capture) -> dict:
        got = _cleaned(got)
        try:
            url = web_address(got.url, "url", None)
        except Problem as problem:
            raise Refused(400, str(problem))
        # The address bar's link as `import` writes one: the post would publish a user name and
        # password, and a tracker (utm_source from the newsletter that led here) is noise.
        url = without_trackers(without_credentials(url))
        day = self.today()
        entries = self.settings.entries_dir
        existing = self.draft_of(url, entries / f"{day:%Y}" / f"{day:%m}")
        held = False  # the passage is in the draft already: the bookmarklet clicked twice
        if existing is not None:
            path = self.inside(entries, existing)
            if got.selection.strip():
                try:
                    text, block = path.read_text(encoding="utf-8"), stubs.passage(got.selection)
                    held = f"\n{block}\n" in f"{text}\n"
                    if not held:
                        with open(path, "a", encoding="utf-8") as handle:
                            handle.write(("" if text.endswith("\n") else "\n") + f"\n{block}\n")
                except OSError as error:  # a full disk, a file made read-only: say so, to the page too
                    shown = config.shown(path, self.settings.root)
                    self.say(f"Could not add to {shown}: {error.strerror or error}")
                    raise NewsletterError(
                        f"Could not add the passage to {shown} ({error.strerror or error}); "
                        "check that the file can be written, then capture again."
                    )
            kind, added = read.read_entry(path)[0].type, True
        else:
            meta = self.metadata(url)
            if meta.title and (episode := meta.extras.get("episode")):
                # Beatriz's bookmarklet wrote "Ep. 214 – Pesquisa com usuários…" over "· Episódio 214",
                # where `new` of the same page takes the number off
                from newsletter.importers.feeds import without_episode_number

                meta.title = without_episode_number(meta.title, episode)
            if not meta.title and got.title.strip():
                meta.title = " ".join(got.title.split())[:300]  # one line: every line break is a space
            from newsletter.importers.kinds import infer_type

            kind = infer_type(url, title=meta.title, page=meta.kind)
            path = self.inside(entries, stubs.path_for(entries, day, meta.title, url))
            stubs.write(path, stubs.captured(kind, url, day, meta, got.selection, self.settings.language))
            added = False
        shown = config.shown(path, self.settings.root)
        # Written all the same (its day may belong to a later edition), but named, as `new`
        # names it when it refuses: an import's draft of last month was duplicated unsaid.
        twin = None if added else self.twin_of(url, path)
        also = (
            twin
            and f"{config.shown(twin.path, self.settings.root)} has this link too (dated {twin.date}): keep one of them"
        )
        self.say(
            f"{shown} holds that passage already ({kind})"
            if held
            else f"{'Added to' if added else 'Wrote'} {shown} ({kind})" + (f"; {also}" if twin else "")
        )
        return {"path": shown, "type": kind, "added": added} | ({"also": also} if twin else {})

    def twin_of(self, url: str, written: Path) -> read.Saved | None:
        """Another entry of the whole log with the same link (outside this month's drafts)."""
        from newsletter.links.urls import work_key

        key = work_key(url)
        for saved in read.scan_archive(self.settings.entries_dir)[0]:
            if saved.url and saved.path != written and work_key(saved.url) == key:
                return saved
        return None

    def metadata(self, url: str) -> Metadata:
        from newsletter.links import Links

        with Links(self.settings.fetch, self.settings.state_dir, offline=self.offline) as links:
            try:
                return links.one(url)
            except FetchError as error:
                if not self.offline:
                    self.say(f"warning: could not read {url} {aside(error.reason)}; the build fetches it later")
                return Metadata()

    @staticmethod
    def draft_of(url: str, folder: Path) -> Path | None:
        """This month's draft of the same link, if there is one."""
        from newsletter.links.urls import normalise_url

        key = normalise_url(url)
        for path in read.entry_files(folder)[0] if folder.is_dir() else []:
            try:
                entry, _ = read.read_entry(path)
            except Problem:
                continue
            if entry.draft and entry.url and normalise_url(entry.url) == key:  # an imported book has none
                return path
        return None

    @staticmethod
    def inside(entries: Path, path: Path) -> Path:
        """`path`, if it really is under entries/ (no folder on the way links elsewhere)."""
        if not path.parent.resolve().is_relative_to(entries.resolve()) or path.is_symlink():
            raise Refused(409, f"{path} is not inside {entries}; captures are written only there")
        return path


def _cleaned(got: Capture) -> Capture:
    """The page's address, title and selection are text from the web, cleaned as fetched
    metadata is: a bidi override reordered the words after it unseen, control characters went
    into the draft, and a lone surrogate failed its writing (UnicodeEncodeError, no answer).
    A line of nothing a reader sees (zero-width spaces, marks of direction, a selection of a
    page's invisible text) is a blank line: it was quoted, an empty quote bar in the edition."""
    from newsletter.links.untrusted import shows, text

    lines = [text(line, None) for line in got.selection.splitlines()]  # line by line: newlines stay
    lines = [line if shows(line) else "" for line in lines]
    return Capture(text(got.url, None), text(got.title, None), "\n".join(lines))


def bookmarklet(root: Path, port: int | None, say: Callable[[str], None] = lambda _: None) -> str:
    settings = config.load(root)
    return capture.bookmarklet(port or settings.capture.port, capture.token(settings.state_dir, say))


def start(
    root: Path, port: int | None, offline: bool, say: Callable[[str], None], today: Callable[[], dt.date] | None = None
):
    """The endpoint, serving in a thread; returns the server (call `shutdown()`) and its bookmarklet."""
    settings = config.load(root)
    secret = capture.token(settings.state_dir, say)
    drafts = Drafts(settings, offline, today, say)
    server = capture.serve(settings.capture.port if port is None else port, secret, drafts.save)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, capture.bookmarklet(server.server_address[1], secret)


def run(
    root: Path,
    port: int | None,
    offline: bool,
    only_bookmarklet: bool,
    say: Callable[..., None],
    echo: Callable[[str], None],
) -> None:
    """`newsletter capture`: serve until Ctrl+C, the bookmarklet on stdout, each capture on stderr
    (or, `only_bookmarklet`, print the bookmarklet and return)."""
    import time

    if only_bookmarklet:
        return echo(bookmarklet(root, port, say))
    server, link = start(root, port, offline, say)
    echo(link)
    say(
        f"Capturing into entries/ at http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C to stop). "
        "Bookmark the line above and click it on a page to save it."
    )
    try:
        while True:
            time.sleep(1)
    except KeyboardInterrupt:
        server.shutdown()
