"""What `build --all` says once for all its editions: which emails are over the size budget,
which were sent already, which left web archive captures unfinished, and the drafts they left
out. Each edition's build says these of itself (`BuildResult.alike`), and `--all` of a log sent
every month printed the same two lines again between every edition's own."""

from __future__ import annotations

from newsletter.commands import drafts_left_out
from newsletter.commands.build import Summary
from newsletter.config import counted, kb
from newsletter.delivery.ledger import SENT_COPY
from newsletter.formats import edition_keys
from newsletter.formats.size_budget import OverBudget, over_the_budget


def report(summaries: list[Summary], say) -> None:
    """After all of `build --all`'s editions, one line for those over the size budget, one for
    those sent already and one for those whose web archive captures are unfinished, naming them
    (the first six, a year in review first: one among a log's months was hidden in "and 1 more";
    each with its own details when there are few)."""

    def named(pairs: list[tuple[str, str]], each: bool) -> str:
        pairs = sorted(pairs, key=lambda pair: not edition_keys.is_year(pair[0]))  # (stable: the rest as they came)
        shown = [f"{period} ({part})" if each else period for period, part in pairs[:6]]
        return ", ".join(shown) + (f" and {len(pairs) - 6} more" if len(pairs) > 6 else "")

    kinds = {kind: [(s.period, s.alike[kind][1]) for s in summaries if kind in s.alike] for kind in ("sent", "archive")}
    for line in _over_budget([(s.period, s.alike["size"]) for s in summaries if "size" in s.alike], named):
        say(line, fg="yellow")
    if sent := kinds["sent"]:
        them = "it" if len(sent) == 1 else "them"
        say(
            f"warning: {counted(len(sent), 'edition was', 'editions were')} already sent: "
            f"{named(sent, len(sent) <= 3)}. `send` will not send {them} again; each message as it went out "
            # (none when Buttondown or listmonk had sent it from another build: each build says so)
            f"is kept in dist/<PERIOD>/{SENT_COPY} where its send could keep one.",
            fg="yellow",
        )
    unfinished = kinds["archive"]
    if unfinished and all(_out_of_reach(part) for _, part in unfinished):  # no network: not the links' doing
        say(
            f"warning: archive: the web archive could not be reached (no network?) for the links of "
            f"{counted(len(unfinished), 'edition')}: {named(unfinished, False)}; the next build online "
            "archives them; `--offline` builds without trying",
            fg="yellow",
        )
    elif unfinished:
        say(
            f"warning: archive: captures left unfinished in {counted(len(unfinished), 'edition')}: "
            f"{named(unfinished, True)}; `newsletter archive PERIOD` says which",
            fg="yellow",
        )
    drafts(summaries, say)


def _over_budget(held: list[tuple[str, tuple[str, OverBudget]]], named) -> list[str]:
    """The emails over the size budget, in one line: new user 55's `build --all` said the
    warning 11 times, a month's own figures in each, between every edition's lines. One edition's
    is said whole; for more, their sizes, where to find one's figures, and the settings their
    advice named (a week's share fits, inline links in the text) for how many of them: from the
    figures each warning carries (formats/size_budget.py), where they were read out of its words."""
    if len(held) == 1:
        period, (said, _) = held[0]
        return [f"warning: {period}: {said}"]
    if not held:
        return []
    budget = over_the_budget(held[0][1][1].budget_kb)  # (one workspace's settings: one budget)
    sizes = named([(period, kb(over.size)) for period, (_, over) in held], True)
    line = (
        f"warning: the emails of {len(held)} editions are {budget}: {sizes}. "
        "`newsletter build PERIOD` says, for one, how many of its entries fit or which notes to trim"
    )
    if weekly := sum(over.weekly for _, (_, over) in held):
        line += f'; a week\'s worth would fit in {weekly} of them, with `cadence = "weekly"` in [newsletter]'
    if far := sum(over.far_links for _, (_, over) in held):  # (formats/far_links.py)
        lists = "lists its" if far == 1 else "list their"
        line += f'; {far} of them {lists} links far down the text part: `text_links = "inline"` in [email]'
    return [line + "."]


def drafts(summaries: list[Summary], say) -> None:
    """The drafts every edition left out, in one line after them all (each edition's said none)."""
    names = [f"{name} ({summary.period})" for summary in summaries for name in summary.drafts]  # (one name, two months)
    for line in drafts_left_out.line(names, sum(bool(summary.drafts) for summary in summaries)):
        say(line)


def _out_of_reach(part: str) -> bool:
    """Whether an edition's archive note ('3 unreachable', 'not asked', '1 pending, 2 unreachable')
    is only that the archive could not be reached."""
    return all(each == "not asked" or each.endswith(" unreachable") for each in part.split(", "))
