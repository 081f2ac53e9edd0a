"""`newsletter sections`: proposed sections for a period's entries; `--write` sets them."""

from __future__ import annotations

from pathlib import Path

from newsletter import config, read, smart
from newsletter.errors import NewsletterError
from newsletter.formats.era_periods import common_era_hint


def sections(
    root: Path, period_text: str | None, *, write: bool = False, size: int | None = None, drafts: bool = False
):
    """The proposals, and the files whose `section:` line was written (only with `write`).

    Drafts are left out unless `drafts`, as the build leaves them out: an imported item not yet
    written up is not in the edition, and its words named sections it would not be in."""
    smart.require("sections")
    from newsletter.smart import sections as grouping

    settings = config.load(root)
    period = settings.period(period_text)
    reading = read.scan_period(settings.entries_dir, period, drafts=drafts)
    if reading.problems:
        raise NewsletterError(
            f"{config.counted(len(reading.problems), 'entry file')} of {period.key} cannot be "
            f"read; `newsletter check {period.key}` says how to fix each."
        )
    if not reading.entries:
        held = [] if drafts else read.scan_period(settings.entries_dir, period, drafts=True).entries
        hint = f" It has {config.counted(len(held), 'draft')}: add --drafts to group them too." if held else ""
        if not held and (era := common_era_hint(settings, period, "sections", read.entries_held)):
            hint = f" {era}"
        raise NewsletterError(f"No entries for {period.key} ({period.start} to {period.end}).{hint}")
    from newsletter.formats.wording import Wording

    say = Wording(settings.language, settings.wording)  # "Größe und Maß", not "Größe and Maß"
    proposals = grouping.propose(sorted(reading.entries, key=lambda e: (e.date, e.path.name)), size, say)
    written = []
    if write:
        for proposal in proposals:
            for entry in proposal.entries:
                try:
                    if entry.section != proposal.name and grouping.write(entry.path, proposal.name):
                        written.append(entry.path)
                except OSError as error:  # a full disk, a read-only file: a traceback said neither which nor how many
                    raise NewsletterError(
                        f"Could not write {config.shown(entry.path, root)} ({error.strerror or error}); it is "
                        f"unchanged, and {config.counted(len(written), 'entry')} got a section before it. "
                        "Free some space (or make it writable), then run the same command again."
                    ) from None
    return period, proposals, written


def as_text(proposals, root: Path, here: Path) -> str:
    """The proposals, for the terminal: each entry's file shown from `here` (the current folder),
    each entry that leaves its title to the page named by the title the workspace's build fetched."""
    from newsletter.links.cached_titles import titles

    untitled = [e.url for proposal in proposals for e in proposal.entries if not e.title and e.url]
    fetched = titles(config.Settings(root=root, name="").state_dir, untitled)  # as the build named them
    lines = []
    for proposal in proposals:
        lines.append(f"## {proposal.name}")
        for entry in proposal.entries:
            now = f"  (now: {entry.section})" if entry.section and entry.section != proposal.name else ""
            title = entry.title or fetched.get(entry.url or "") or entry.url
            lines.append(f"  - {title}  [{config.shown(entry.path, here)}]{now}")
        lines.append("")
    return "\n".join(lines).rstrip()
