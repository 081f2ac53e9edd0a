"""One line of `newsletter doctor`, and the report they make."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from newsletter.config import counted

STATUSES = ("pass", "warn", "fail", "n/a")


@dataclass(frozen=True)
class Check:
    group: str  # who | settings | dns | message | accessibility | received
    name: str  # a short id: from, spf, contrast-dark...
    status: str  # pass | warn | fail | n/a
    message: str

    def line(self) -> str:
        """The check as the table prints it. An "n/a" is a check not made, said so in words ("SKIP
        … not checked: done by Buttondown"): "N/A" told an author nothing of why, or whether it
        mattered, and a screen reader spelled it out. `--json` keeps the status as it is."""
        if self.status == "n/a":
            return f"SKIP  {self.group}/{self.name}: not checked: {self.message}"
        return f"{self.status.upper():<4}  {self.group}/{self.name}: {self.message}"


@dataclass
class Report:
    title: str
    checks: list[Check] = field(default_factory=list)

    def failed(self) -> list[Check]:
        return [c for c in self.checks if c.status == "fail"]

    def warned(self) -> list[Check]:
        return [c for c in self.checks if c.status == "warn"]

    def as_text(self) -> str:
        return "\n".join(c.line() for c in self.checks)

    def as_json(self) -> str:
        return json.dumps(
            {
                "title": self.title,
                "checks": [asdict(c) for c in self.checks],
                "failed": len(self.failed()),
                "warned": len(self.warned()),
            },
            indent=2,
            ensure_ascii=False,
        )

    def summary(self) -> str:
        fails, warns = len(self.failed()), len(self.warned())
        if fails:
            return f"{self.title}: {fails} failed, {counted(warns, 'warning')}; fix the FAIL lines before sending."
        if warns:
            return f"{self.title}: no check failed, {counted(warns, 'warning')} (the WARN lines say why)."
        return f"{self.title}: every check passed."


def maker(group: str):
    """check(name, status, message) for one group."""

    def check(name: str, status: str, message: str) -> Check:
        assert status in STATUSES, status
        return Check(group, name, status, message)

    return check
