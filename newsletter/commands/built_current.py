"""Whether a built edition is the one its sources make now: `send` refuses one that is not, and
`doctor`, which checks the built files, says so first, as its other lines may be of an older
build (settings filled in after it, and the doctor still said no From address was set).
"""

from __future__ import annotations

from newsletter import config, publish
from newsletter.delivery.job import Built
from newsletter.models import Outputs, Period


def check_built(settings: config.Settings, period: Period, built: Built) -> str | None:
    """Why the built edition may not be sent as it is, or None if it was built from the current files."""
    rebuild = f"run `{Period.maker(period.key)}` first."
    record = built.record
    if not record:
        return f"{built.folder} has no {Outputs.build_record}, so it cannot be checked against the entries; {rebuild}"
    recorded = record.get("outputs") or {}
    for name, digest in built.digests.items():  # each file a service sends: .eml, .html, .txt
        if recorded.get(name, digest) != digest:
            return f"{built.folder}/{name} was changed after it was built; {rebuild}"
    if record.get("drafts"):
        return (
            f"{built.folder} was built with --drafts, so it may hold draft entries; "
            f"run `{Period.maker(period.key)}` without --drafts first."
        )
    current = publish.snapshot_inputs(settings, period)
    before = record.get("inputs")
    if before is None:  # a record with only the fingerprint: no names to give
        if record.get("entries_fingerprint") != publish.fingerprint_of(current):
            return f"{built.folder} was built before entries changed; {rebuild}"
        return None
    changed = sorted(name for name in current.keys() | before.keys() if current.get(name) != before.get(name))
    if not changed:
        return None
    what = "entries" if all(name.startswith("entries/") for name in changed) else "its sources"
    shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
    return f"{built.folder} was built before {what} changed ({shown}); {rebuild}"
