"""One exception base class for everything the user should read instead of a traceback.

Not a click exception: commands that answer before click is imported (cli/launch.py) raise it
too. The click group (cli/app.py) turns it into click's own error, so both print
`Error: <message>` and exit with its `exit_code`: 1, or 3 when there was nothing to do.
"""


class NewsletterError(Exception):
    """A problem the user can fix; the command line prints `Error: <message>` and exits 1."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def format_message(self) -> str:
        return self.message

    def __str__(self) -> str:
        return self.message


def aside(reason: str) -> str:
    """`reason` in parentheses, as a message puts it after what failed: "could not check the link
    (HTTP 404 Not Found)". A reason that ends in a parenthesis of its own (a library's
    "... (_ssl.c:1006)", "repository not found (private or renamed?)") has it made a clause, so
    a message never closes two at once: "(repository not found, private or renamed?)"."""
    reason = " ".join(reason.split())
    while reason.endswith(")") and (start := _opening(reason)) >= 0:
        head, inner = reason[:start].rstrip().rstrip(",;:"), reason[start + 1 : -1].strip()
        reason = f"{head}, {inner}" if head else inner
    return f"({reason})"


def _opening(text: str) -> int:
    """Where the parenthesis closed at the end of `text` opens; -1 if nowhere."""
    depth = 0
    for at in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[at], 0)
        if depth == 0:
            return at
    return -1


class EntryErrors(NewsletterError):
    """Every invalid entry found in one pass, so the user fixes them all at once."""

    def __init__(self, findings: list):
        """`findings`: read.Finding, each a file and what to fix in it (a file may have several)."""
        self.problems = [str(finding) for finding in findings]
        files = len({finding.path for finding in findings})
        count = "1 entry needs" if files == 1 else f"{files} entries need"
        super().__init__(f"{count} fixing; nothing was written:\n  " + "\n  ".join(self.problems))


class NothingToDo(NewsletterError):
    """Nothing was done because nothing is left to do (an edition sent already): not a failure,
    but not a success either, so a script or cron job can tell it from both by the exit status."""

    exit_code = 3


class NoEntries(NothingToDo):
    """A period with no entry to build (its message says why, and where they go): `build --all`
    drops a month it listed unread when its build finds only drafts there. Nothing to do, not a
    failure: a weekly cron job's build of a week with no reading exited 1, as a broken entry does."""


class FetchError(Exception):
    """One link could not be fetched; it degrades that entry, never the build.

    `kind` says what sort of failure it is, for how long it is remembered and whether the
    network itself is down: "unreachable" (no such host, connection refused), "gone" (HTTP 404
    or 410), "refused" (an address we never connect to), "private" (one the settings do not let
    us connect to: allow_private_addresses), or "" for everything else.
    """

    def __init__(self, url: str, reason: str, kind: str = ""):
        self.url, self.reason, self.kind = url, reason, kind
        super().__init__(f"{url}: {reason}")
