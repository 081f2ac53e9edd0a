"""An edition's post moves when its title changes (a new [site] title pattern, a `title:` in
its _index.md): its slug, so its folder and its address on the blog, change with it.

The post the last build wrote (its dist/<PERIOD>/post.json: path, sha256, aliases) is removed,
so Hugo does not publish both, unless someone edited it since; and its address goes into the
new post's `aliases`, so Hugo publishes a redirect there and every link to the old post (in
sent emails, feeds, other people's pages) keeps working. The aliases stay in the record, so a
second move keeps the first address too; those an author wrote into the post are kept as well.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from newsletter import config
from newsletter.config import Settings
from newsletter.errors import NewsletterError
from newsletter.files.derived import derived
from newsletter.files.listed import folder_names
from newsletter.formats.json_object import json_object_in
from newsletter.formats.permalinks import address_of_file
from newsletter.formats.post import split_post
from newsletter.formats.site import content_dir
from newsletter.models import Edition, Period


@dataclass
class LastPost:
    """The post an edition's last build wrote: where, the sha256 of what, and its aliases."""

    path: Path
    sha256: str
    aliases: list[str] = field(default_factory=list)


class Moved(NamedTuple):
    """The post the last build wrote elsewhere than the new one, still this edition's."""

    path: Path
    data: bytes
    unchanged: bool  # as the last build wrote it (else edited since, and kept)


def last_post(record: Path, settings: Settings) -> LastPost | None:
    """The edition's post.json; None without one (a first build, or one made before records existed)."""
    written = json_object_in(record) or {}
    try:
        return LastPost(settings.root / written["post"], written["sha256"], _strings(written.get("aliases", [])))
    except (KeyError, TypeError):  # (damaged: none)
        return None


def record_of(post: Path, data: bytes, aliases: list[str], settings: Settings) -> bytes:
    """The post.json of a post just written. Relative to the workspace, so the record survives
    moving it; absolute for a site kept elsewhere."""
    where = post.relative_to(settings.root) if post.is_relative_to(settings.root) else post
    record = {"post": where.as_posix(), "sha256": hashlib.sha256(data).hexdigest()}
    if aliases:
        record["aliases"] = aliases
    return (json.dumps(record, indent=2, ensure_ascii=False) + "\n").encode()


def aliases_for(last: LastPost | None, moved: Moved | None, post: Path, text: str, settings: Settings) -> list[str]:
    """The addresses that should redirect to the post about to be written at `post` (`text`):
    those kept before, those written into the post already there, and the last post's address
    if it moved and goes now; never the post's own address (a title changed back). Not the
    address of a post edited since, so kept: the current Hugo as often writes the redirect over
    the page at that address as the page (9 builds in 12), and the author's post is gone."""
    kept = list(last.aliases) if last else []
    kept += _written_aliases(post)
    if moved is not None and moved.unchanged:
        kept.append(address_of_file(settings.site_dir, moved.path, moved.data.decode("utf-8", "replace")) or "")
    if not any(kept):  # (most builds: worked out no further)
        return []
    own = address_of_file(settings.site_dir, post, text)
    leaving = moved.path if moved else None
    return [a for a in dict.fromkeys(kept) if a and a != own and not _taken(a, post, leaving, settings)]


def _taken(address: str, post: Path, leaving: Path | None, settings: Settings) -> bool:
    """Whether another post is published at `address` now: an edition that took the title this
    one had. Hugo writes the alias and the page to one file, and the current Hugo (0.168) wrote
    the redirect over the other edition's post in 9 builds of 12. Its folder is its slug, the
    address's last part, wherever [permalinks] put it: one look, not a walk through the site."""
    name = address.rstrip("/").rpartition("/")[2].removesuffix(".html")
    other = post.parent.parent / name / "index.md"
    if not name or other in (post, leaving) or not other.is_file():
        return False
    try:
        return address_of_file(settings.site_dir, other, other.read_text(encoding="utf-8")) == address
    except (OSError, UnicodeDecodeError):
        return False


def redirected_here(post: Path, last: LastPost | None, text: str, settings: Settings) -> list[str]:
    """What to do about the posts that redirect the address of `post`, new at its place (a first
    build, a moved post), to themselves: this edition took a title another had before its own
    rename, and the current Hugo mostly writes that redirect over this post. Their editions'
    next builds drop it (`_taken`)."""
    if last is not None and last.path == post:
        return []  # (most builds: the post stays where it was)
    own, found = None, []
    section = post.parent.parent
    for other in (section / name / "index.md" for name in sorted(folder_names(section))):
        aliases = _written_aliases(other) if other != post else []
        if aliases and (own := own or address_of_file(settings.site_dir, post, text)) in aliases:
            found.append(config.shown(other, settings.root))
    return [
        f"{other} redirects {own}, the address of this edition's post, to itself, and Hugo may write that "
        "redirect over this post: build that post's edition again (or `newsletter build --all`) to drop it."
        for other in found
    ]


def with_aliases(text: str, aliases: list[str], settings: Settings) -> str:
    """The post `text` (front matter as formats.post writes it) with an `aliases` line."""
    if not aliases:
        return text
    fence = "---" if settings.site.front_matter == "yaml" else "+++"
    values = ", ".join(json.dumps(address, ensure_ascii=False) for address in aliases)  # YAML and TOML alike
    line = f"aliases: [{values}]" if fence == "---" else f"aliases = [{values}]"
    head, end, body = text[len(fence) + 1 :].partition(f"\n{fence}\n")
    return f"{fence}\n{head}\n{line}{end}{body}"


def _written_aliases(post: Path) -> list[str]:
    """The aliases in the post already at `post`: an earlier version told authors to add them.
    Read once a process while the file stays as it was (files/derived.py): each edition's first
    build looks through every post of the section."""
    try:
        return derived(str(post), os.stat(post), _aliases_of)
    except (OSError, UnicodeDecodeError):
        return []


def _aliases_of(post: str) -> list[str]:
    return _aliases_in(_front_of(Path(post)))


_HEAD = 8192  # bytes: enough for a post's front matter, where its aliases are
_FENCED = re.compile(rb"\A(\+\+\+|---)[ \t]*\r?\n.*?^\1[ \t]*\r?\n", re.S | re.M)  # post.split_post's, whole


def _front_of(post: Path) -> str:
    """The post at `post` as far as the end of its front matter (or all of it, without one), as
    `read_text` gives it: a first build, and `build --all`'s end, look through every post of the
    section for aliases, and the posts' bodies were nearly all they read. Most front matter
    ends within the first few KB; a longer one is cut from the whole post, so that its body
    (saved in Latin-1, say) is never decoded either."""
    with open(post, "rb") as handle:
        data = handle.read(_HEAD)
        if not (fenced := _FENCED.match(data)):
            data += handle.read()
            fenced = _FENCED.match(data)
    data = data[: fenced.end()] if fenced else data
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # (read_text's newlines)


def redirecting_over_posts(settings: Settings) -> set[Path]:
    """The posts that redirect another post's address to themselves, in one look through the
    section: `build --all` builds them again (`_taken` then drops it) rather than look through it
    for every post it moves (a third more time, after a title pattern change)."""
    return {
        post
        for post in (content_dir(settings.site_dir, settings.language) / settings.site.section).glob("*/index.md")
        if any(_taken(address, post, None, settings) for address in _written_aliases(post))
    }


def _aliases_in(text: str) -> list[str]:
    if "aliases" not in text:  # (most posts: not parsed)
        return []
    meta, _ = split_post(text)
    return _strings(meta.get("aliases") if isinstance(meta, dict) else None)


def _strings(value) -> list[str]:
    """The addresses of an `aliases` value (a post's, Hugo's own list or space-separated text; a
    post.json's, which may have been edited by hand) that Hugo can publish a redirect at: not
    the site's home page (Hugo refuses the build: "alias "/" resolves to website root
    directory"), no control character (a TOML post Hugo cannot read) or lone surrogate (no
    UTF-8 to write: the build failed with a traceback)."""
    items = value.split() if isinstance(value, str) else value if isinstance(value, list) else []
    return [
        item
        for item in items
        if isinstance(item, str)
        and item.strip()
        and item.isprintable()
        and posixpath.normpath(re.sub("/+", "/", item.strip())) != "/"
    ]


def moved_from(last: LastPost | None, post: Path, settings: Settings, period: Period) -> Moved | None:
    """The last post and its bytes, if the post moved from there and it is still this edition's:
    as the last build wrote it, or edited since and dated in its period. The author may have
    deleted it and another edition's build written its own post there since: the build told
    them to delete that one too, and redirected its address to this edition's post."""
    if last is None or not _elsewhere(last.path, post, settings):
        return None
    try:
        data = last.path.read_bytes()
    except OSError:
        return None
    unchanged = hashlib.sha256(data).hexdigest() == last.sha256
    if not unchanged and _dated_outside(data.decode("utf-8", "replace"), period):
        return None
    return Moved(last.path, data, unchanged)


def _elsewhere(earlier: Path, post: Path, settings: Settings) -> bool:
    """Whether `earlier` is a post in the site other than `post` (not the same file by another
    name, as a [site] path through a symlink gives)."""
    try:
        inside_site = earlier.resolve().is_relative_to(settings.site_dir.resolve())
        return (
            earlier != post
            and inside_site
            and earlier.is_file()
            and not (post.exists() and os.path.samefile(earlier, post))
        )
    except OSError:
        return False


def retire_earlier_post(moved: Moved | None, post: Path, settings: Settings, aliased: list[str]) -> list[str]:
    """The edition's post moved (`moved_from`): remove the one written before, so Hugo does not
    publish both, but only if nobody edited it since; and its folder only if nothing else (the
    author's images) is in it. `aliased`: the addresses the new post redirects from."""
    if moved is None:
        return []
    earlier, data = moved.path, moved.data  # read once: hashed, then where Hugo published it
    shown_earlier = config.shown(earlier, settings.root)
    try:
        if not moved.unchanged:
            return [
                f"{shown_earlier} is this edition's earlier post and was edited since it "
                f"was written, so it was kept; delete it, or Hugo publishes both it and "
                f"{config.shown(post, settings.root)}."
            ]
        earlier.unlink()
    except OSError as error:
        return [
            f"Could not remove {shown_earlier}, this edition's earlier post "
            f"({error.strerror or error}); delete it, or Hugo publishes both."
        ]
    try:
        earlier.parent.rmdir()
    except OSError:
        return [
            f"Removed {shown_earlier} (the edition's earlier post); its folder still holds other files, so it was kept."
        ]
    # Where Hugo published it: its site's [permalinks] may have put it anywhere, from its front matter.
    address = address_of_file(settings.site_dir, earlier, data.decode("utf-8", "replace"))
    if address is None:  # not to be worked out: no line to paste, only what to do
        return [
            f"Removed {shown_earlier}, the edition's earlier post: its address on the blog "
            "changed (add an `aliases` line with its old address to the new post's front matter if links "
            "to the old one should keep working: the next builds keep it)."
        ]
    if address in aliased:
        return [
            f"Removed {shown_earlier}, the edition's earlier post: its address {address} "
            "now redirects to the new post (an `aliases` line in its front matter)."
        ]
    return []


def refuse_another_editions_post(post: Path, edition: Edition, last: LastPost | None) -> None:
    """Two editions whose titles give one slug would overwrite each other's post: refuse.

    The post this edition's last build wrote (its post.json: path and bytes) is its own, if it
    still holds those bytes: deleted since, the same path may now hold another edition's post.
    Any other post is dated within its own edition's period (render.publication_date), so an
    existing post dated outside this period belongs to another edition. (An edition still to
    come is dated the day it was built, before its period: hence the record first.)
    """
    try:
        if last is not None and last.path == post and hashlib.sha256(post.read_bytes()).hexdigest() == last.sha256:
            return
    except OSError:
        pass  # no post there any more
    try:
        dated = _dated_outside(post.read_text(encoding="utf-8"), edition.period)
    except (OSError, UnicodeDecodeError):
        return
    if dated:
        raise NewsletterError(
            f"{post} is the post of another edition (dated {dated}), and {edition.period.key}'s title "
            f"'{edition.title}' would replace it. Give the editions distinct titles: a `title:` in the "
            "period's _index.md, or {month}/{start} in the [site] title patterns."
        )


def _dated_outside(text: str, period: Period) -> str | None:
    """The date of the post `text` if it lies outside `period`: another edition's post, dated
    within its own edition's period (render.publication_date)."""
    match = re.search(r"^date\s*[=:]\s*\"?(\d{4}-\d{2}-\d{2})", text, re.M)
    return match[1] if match and dt.date.fromisoformat(match[1]) not in period else None
