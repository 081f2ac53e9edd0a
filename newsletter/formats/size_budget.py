"""The email's size warning as figures as well as words (formats/email.size_warnings writes it):
`build --all` says it once for every edition over the budget (commands/said_once.py), and took
each edition's size, the budget and which advice it gave back out of the sentence, so a change
of its wording would have left the line it says once wrong or a traceback."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OverBudget:
    size: int  # the email's HTML, in bytes
    budget_kb: int  # [email] max_html_kb
    weekly: bool  # its advice: a week's worth would fit, with cadence = "weekly"
    far_links: bool  # its advice: text_links = "inline", its text part listing the links far down


class SizeWarning(str):
    """The warning's words, a str to every reader of warnings, with its figures (`over`): they
    reach `build` through render's list of warnings, which holds strings. (Pickle keeps them, as
    `build --all`'s workers return it; marshal does not, and the up-to-date stamp keeps words.)"""

    over: OverBudget


def warning(words: str, over: OverBudget) -> SizeWarning:
    said = SizeWarning(words)
    said.over = over
    return said


def over_the_budget(budget_kb: int) -> str:
    """How the warning says the budget, in one edition's words and in the line for all of them."""
    return f"over the {budget_kb} KB budget (Gmail clips messages at about 102 KB)"
