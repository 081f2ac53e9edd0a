"""What `send --json` prints: where the edition's send stands after a run, for a script or a
cron job, which otherwise had only sentences on stderr to tell a full send from part of one."""

from __future__ import annotations

import json
from pathlib import Path

from newsletter import config
from newsletter.delivery.ledger import UNSURE, Ledger
from newsletter.errors import NewsletterError, NothingToDo

# a recipient's last journal state: the server took it; or the run ended between handing it
# over and hearing back (`unknown`), or was killed after `intent`: either may have reached them
REACHED = {"done"}


def as_json(root: Path, period: str | None, result=None, error: NewsletterError | None = None) -> str:
    """The run's `result` (a SendResult) or its `error`, and what the ledger records now."""
    key, ledger = period or "", None
    try:
        settings = config.load(root)
        key = settings.period(period).key
        ledger = Ledger.read_only(settings.state_dir / "ledger", key)
    except NewsletterError:  # settings or a PERIOD that cannot be read: `error` says which
        pass
    done = ledger.sent() if ledger is not None else None
    states = ledger.journal().states() if ledger is not None else {}
    return json.dumps(
        {
            "period": key,
            "dry_run": bool(result and result.dry_run),
            "sent": done is not None,  # the whole edition, to the list or every reader
            "via": done[0] if done else None,
            "sent_at": done[1].get("done_at") if done else None,
            "readers_sent": sum(record.get("state") in REACHED for record in states.values()),
            "uncertain": sorted(to for to, record in states.items() if record.get("state") in UNSURE),
            "nothing_to_do": isinstance(error, NothingToDo),
            "lines": result.lines if result else [],
            "warnings": result.warnings if result else [],
            "error": error.format_message() if error else None,
        },
        ensure_ascii=False,
        indent=2,
    )
