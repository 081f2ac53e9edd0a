"""Plugins: what joins a registry through a Python entry-point group, built-ins included.

The built-in providers and delivery services are listed in this package's own pyproject.toml
exactly as a third-party package lists its own, so both are found the same way:

    [project.entry-points."newsletter.providers"]
    bluesky = "newsletter_bluesky"            # a module with matches/fetch/needs_page

    [project.entry-points."newsletter.deliveries"]
    ghost = "newsletter_ghost:delivery"       # an object with describe/test/send

A group is read the first time it is needed (a warm build never needs one), then kept.
"""

from __future__ import annotations

import functools

from newsletter.errors import NewsletterError

PROVIDERS = "newsletter.providers"
DELIVERIES = "newsletter.deliveries"


@functools.cache
def registered(group: str) -> dict[str, object]:
    """name -> the loaded plugin, for every entry point of `group`; the first of a name wins."""
    from importlib.metadata import entry_points  # here: a warm build never reads a registry

    found: dict[str, object] = {}
    for point in sorted(entry_points(group=group), key=lambda p: p.value.startswith("newsletter.")):
        if point.name in found:
            continue
        try:
            found[point.name] = point.load()
        except Exception as error:  # a broken plugin must not take the tool down with it
            raise NewsletterError(
                f"The plugin '{point.name}' ({point.value}) in {group} does not load "
                f"({type(error).__name__}: {error}); upgrade or uninstall it."
            )
    return found
