"""One exception base class for everything the user should read instead of a traceback."""

import click


class NewsletterError(click.ClickException):
    """A problem the user can fix; click prints `Error: <message>` and exits 1."""


class EntryErrors(NewsletterError):
    """Every invalid entry found in one pass, so the user fixes them all at once."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        count = "1 entry needs" if len(problems) == 1 else f"{len(problems)} entries need"
        super().__init__(f"{count} fixing; nothing was written:\n  " + "\n  ".join(problems))


class FetchError(Exception):
    """One link could not be fetched; it degrades that entry, never the build.

    `kind` says what sort of failure it is, for how long it is remembered and whether the
    network itself is down: "unreachable" (no such host, connection refused), "gone" (HTTP 404
    or 410), "refused" (an address we do not connect to), or "" for everything else.
    """

    def __init__(self, url: str, reason: str, kind: str = ""):
        self.url, self.reason, self.kind = url, reason, kind
        super().__init__(f"{url}: {reason}")
