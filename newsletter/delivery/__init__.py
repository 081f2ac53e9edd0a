"""Delivery: what is sent and how. The contract every service meets is in `job.py`; the ledger
that makes a second run harmless in `ledger.py`; one module per built-in service.

Services are plugins (`newsletter.plugins`): the built-ins are listed under the entry-point
group `newsletter.deliveries` in pyproject.toml, exactly as a third-party package lists its own,
so `--via` takes every name found there.
"""

from __future__ import annotations

from newsletter import plugins
from newsletter.errors import NewsletterError


def names() -> list[str]:
    """Every delivery service there is, by the name `--via` and `via` take."""
    return sorted(plugins.registered(plugins.DELIVERIES))


def service(name: str):
    """The delivery service called `name` (smtp, buttondown, listmonk, or a plugin's)."""
    found = plugins.registered(plugins.DELIVERIES)
    if name not in found:
        raise NewsletterError(
            f"Unknown delivery '{name}'; use --via {', '.join(sorted(found))} "
            "(or set `via` in [send] of newsletter.toml)."
        )
    return found[name]
