"""An edition made ahead, when a note is saved, for the `build` the author types next.

At a terminal, the loaded process the last build left (cli/build_server.py) sees the period's
entry folders change and makes the edition then, in memory: read, collect, enrich from the
cache (never the network), render. The build that follows publishes that instead of making it
again, but only if every input is as the edition was made from: the build checks the snapshot
the make took of its inputs (as a stamp is checked), and the made edition is taken only when
- the files it was made from (entries, editorial file, settings, archive records, templates,
  the site's settings, the other editions' records: uptodate.snapshot) hold the same bytes, the
  make read those bytes (not a file half saved), and none changed while it was being made;
- the metadata cache holds the same rows for its links, none of which has aged out since; a
  link with no row is left as its entry says by a build offline, as when the edition was made:
  such an edition is for a build offline only (online, the build fetches it);
- it is the same workspace, period, settings and day. The environment and folder it was made in
  are the last build's; cli/build_server.py offers it only to a build with the same (but for the
  variables that tell one terminal from another: cli/terminal_variables.py).
Anything else, and the build makes the edition itself, as it would have. Used once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from newsletter import build as pipeline
from newsletter import config, publish
from newsletter.commands import uptodate
from newsletter.formats import kept_fragments, output_digests, site, written_json
from newsletter.links.cache import DAY, FILENAME, within
from newsletter.links.urls import normalise_url


@dataclass
class Made:
    root: Path
    period: str
    settings: config.Settings
    before: dict  # the snapshot of its inputs taken as the make began (uptodate.snapshot)
    own: tuple  # the edition's own records and the site's posts, as they were (_own)
    inputs: dict[str, str]  # the build record's hashes of the files it was made from
    cache: tuple  # the cache's files as they were, the links' keys and their rows' digest
    fetched: list  # when each link's metadata was fetched (to tell none aged out since)
    online: bool  # whether a build online would fetch nothing either
    result: pipeline.BuildResult
    code: list  # the package's code as the make began (uptodate.code): the stamp's "made by"


_MADE: Made | None = None
# The package's code as this process's first make began (uptodate.code, a stat a module: a
# millisecond of each make). A module loaded here that changes ends the process at the next
# build (cli/build_server.py); one not loaded made none of the edition, and changed since, it
# makes the stamps of the editions made here stale, as any change of the code does.
_CODE: list | None = None


def folders(root: str, period: str | None) -> list[str]:
    """The folders whose change means the edition of `period` may have changed: its months'
    entry folders (where a note is saved). Empty when none can be told (a bad settings file)."""
    try:
        settings = config.load(Path(root))
        span = pipeline.edition_period(period, settings, None)
    except Exception:  # noqa: BLE001 (its build says what is wrong, when typed)
        return []
    return [str(folder) for folder in _months(settings, span) if os.path.isdir(folder)]


def make(root: str, period: str | None) -> None:
    """Make the edition of `period` ahead, in memory (or nothing, if it cannot be made now)."""
    global _MADE, _CODE
    _MADE = None
    # a process that makes editions ahead keeps each entry's rendered blocks for its next make:
    # a saved note's edition renders only that entry's again (formats/kept_fragments.py)
    kept_fragments.keep_fragments()
    try:
        code = _CODE = _CODE or uptodate.code()  # (before the edition is made from it)
        settings = config.load(Path(root))
        span = pipeline.edition_period(period, settings, None)
        with site.read_once():
            before = uptodate.snapshot(settings, span)
            own, cache = _own(settings, span.key), _cache_files(settings)
            contents = publish.read_edition_inputs(settings, span)
            result = pipeline.made_ahead(settings, span, contents)
            outputs = result.outputs  # (what the build writes and hashes of them, hashed now)
            output_digests.ahead(outputs.eml, outputs.utf8("html"), outputs.utf8("text"))
            written_json.encode_ahead(outputs.items)  # (as its build record holds them)
            if not any(entry.draft for entry in result.edition.entries):  # its web page, kept for the build to write
                publish.web_page(result.outputs, result.edition, settings, publish.built_records(settings), None)
            unchanged = _still(before, settings, span.key) and _read_as_seen(contents, before, settings.root)
    except Exception:  # noqa: BLE001 (a bad entry, say: the build typed next says so)
        return
    keys = sorted({normalise_url(entry.url) for entry in result.edition.entries if entry.url})
    rows = uptodate.cache_rows(str(settings.state_dir / FILENAME), keys)
    urls = {entry.url for entry in result.edition.entries if entry.url}
    same = unchanged and own == _own(settings, span.key) and cache == _cache_files(settings)
    if not same or rows is None:
        return  # changed while it was made
    # A link without metadata in the cache a build online would fetch; one offline leaves it as
    # its entry says, as this edition was made: made for a build offline only. And an episode's
    # cached page, for which a build online reads the show's feed.
    episodes = any(e.url and e.type == "podcast" and e.meta.kind != "podcast" for e in result.edition.entries)
    online = result.cached == len(urls) and not result.fetched and not episodes
    _MADE = Made(
        settings.root,
        span.key,
        settings,
        before,
        own,
        publish.hashes_of(contents, settings.root),
        (cache, keys, uptodate.digest_of(rows, keys)),
        [rows[("metadata", key)][1] for key in keys if ("metadata", key) in rows],
        online,
        result,
        code,
    )


def take(settings: config.Settings, period: str, offline: bool) -> tuple[dict, dict, pipeline.BuildResult] | None:
    """The edition made ahead for this build, or None: the snapshot of its inputs, as the build's
    own (with the package's code as the make began: uptodate.code), the hashes of the inputs it
    was made from (for the build record) and the edition. A build after a save took a snapshot
    of its own and read and hashed every input again to compare: a third of its time, to say
    what the check of the make's snapshot says."""
    global _MADE
    made, _MADE = _MADE, None
    if made is None or made.root != settings.root or made.period != period or made.settings != settings:
        return None
    if not (offline or made.online):
        return None
    if not _still(made.before, settings, period) or made.own != _own(settings, period):
        return None
    files, keys, digest = made.cache
    if files != _cache_files(settings) and uptodate.rows_digest(str(settings.state_dir / FILENAME), keys) != digest:
        return None
    now, age = _now(), settings.fetch.max_age_days * DAY
    if not all(within(now, fetched, age) for fetched in made.fetched):
        return None  # aged out since: the build fetches it again (offline: leaves it out)
    return made.before | {"code": made.code}, made.inputs, made.result


def forget() -> None:
    """No edition made ahead (the build it was for has run, or is another's)."""
    global _MADE
    _MADE = None


def _now() -> float:
    import time

    return time.time()


def _still(seen: dict, settings: config.Settings, period: str) -> bool:
    """Whether the inputs are as the snapshot `seen` (taken as the make began) saw them, told as a
    stamp is checked (uptodate.check): each file by its size and time, by its bytes where those
    changed or it was just written, each folder by its names. What a second snapshot said, in a
    third of its time: that listed the edition's inputs again (their paths made, sorted, each
    one's name relative to the workspace), and read the last stamp again."""
    import time

    if time.time() >= seen["valid_until"]:
        return False  # (a new day: an edition still in progress is dated by it)
    root, defaults = str(settings.root), seen["default_templates"]
    dist = uptodate.relative(settings.dist_dir, settings.root)  # (its listing names this edition's folder, once built)
    for folder, names in seen["listings"].items():
        now = set(uptodate.input_names(os.path.join(root, folder)))
        if sorted(now | {period} if folder == dist else now) != names:
            return False  # an entry, template, edition or site setting added, removed or renamed
    return all(
        uptodate.same_file(os.path.join(root, name), was, name == config.SETTINGS_FILE)
        for name, was in seen["inputs"].items()
    ) and all(uptodate.same_file(os.path.join(defaults, name), was) for name, was in seen["defaults"].items())


def _read_as_seen(contents: dict, seen: dict, root: Path) -> bool:
    """Whether the bytes the make read are those its snapshot saw: `_still` tells the files are as
    the snapshot saw them, not as they were read. A note saved in place (truncated, then written)
    with the same words while the edition was made was read half written and was whole again by
    the make's end and the build, which published the half note: that build read and hashed every
    input again, and this checks what that check did, in the make, off the build's path."""
    inputs = seen["inputs"]
    for path, data in contents.items():
        was = inputs.get(uptodate.relative(path, root), False)  # (False: not in the snapshot, added since)
        if was is False or (data is None) != (was is None or was[2] is None):
            return False
        if data is not None and uptodate.blake2b(data).hexdigest() != was[2]:
            return False
    return True


def _own(settings: config.Settings, period: str) -> tuple:
    """What else the edition is made from, which the stamp holds as outputs: the post's address
    is kept from the edition's last build record, or from the posts published on the site
    (formats/slugs.py), which another build (another terminal, `build --all`) may have changed."""
    folder = settings.dist_dir / period
    records = [uptodate.file_digest(str(folder / name)) for name in ("build.json", publish.POST_RECORD)]
    posts = site.content_dir(settings.site_dir, settings.language) / settings.site.section
    try:
        names = sorted(os.listdir(posts))
    except OSError:
        names = []
    return records, [(name, uptodate.stat_of(posts / name / "index.md")) for name in names]


def _cache_files(settings: config.Settings) -> list:
    """The metadata cache's file and its write-ahead log as a write leaves them: a commit grows
    the log, or (checkpointed) rewrites the file. An empty log is none: SQLite makes one when a
    connection opens and deletes it when the last closes, which writes nothing."""
    path = settings.state_dir / FILENAME
    found = [uptodate.stat_of(p) for p in (path, path.with_name(FILENAME + "-wal"))]
    return [None if seen is not None and seen[0] == 0 else seen for seen in found]


def _months(settings: config.Settings, span) -> list[Path]:
    from newsletter.formats.month_folders import folders_read

    return folders_read(settings.entries_dir, span)  # (a neighbour's may hold one of its entries)
