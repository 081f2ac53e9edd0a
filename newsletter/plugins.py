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
    found: dict[str, object] = {}
    for point in sorted(entry_points(group), key=lambda p: p.value.startswith("newsletter.")):
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


def entry_points(group: str) -> list:
    """The entry points of `group`, as importlib.metadata.entry_points(group=group) gives them,
    read from only the installed distributions whose entry_points.txt names the group. It read
    and parsed every one (~90 in a virtualenv with the test tools), on a cold build's way to
    its first request (~10 ms of a core), and one package's malformed file anywhere in the
    environment (a line without "=") stopped every build with a traceback."""
    import re
    from importlib.metadata import distributions  # here: a warm build never reads a registry

    found, seen = [], set()
    for dist in distributions():
        # Installed twice (user site and venv, an old copy left behind): the first on the path is
        # the one imported, and the only one that counts, whether or not it lists plugins; it is
        # named by its folder as importlib.metadata does (its Name, read only where there is none).
        name = getattr(dist, "_normalized_name", None) or re.sub(r"[-_.]+", "_", dist.metadata["Name"] or "").lower()
        if name in seen:
            continue
        seen.add(name)
        text = dist.read_text("entry_points.txt")
        if not text or f"[{group}]" not in text:
            continue
        try:
            found += [point for point in dist.entry_points if point.group == group]
        except (TypeError, ValueError) as error:
            raise NewsletterError(
                f"The package '{dist.metadata['Name']}' lists plugins for {group} in an entry_points.txt "
                f"that cannot be read ({type(error).__name__}: {error}); reinstall or uninstall it."
            ) from None
    return found
