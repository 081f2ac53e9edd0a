"""GitHub repositories: the REST API's repository object.

    GET https://api.github.com/repos/{owner}/{repo}
    Accept: application/vnd.github+json, X-GitHub-Api-Version: 2022-11-28
    Authorization: Bearer $GITHUB_TOKEN   (only when set; never printed)

- Links: github.com/OWNER/REPO, with or without ".git", a trailing slash, a query or fragment.
  Not github.com/orgs/..., /features, /topics..., nor gist.github.com.
- Gives: title "owner/repo: description" (as GitHub titles the page; a description past 120
  columns by the sentences that fit, cut with an ellipsis if need be), the whole description,
  `published` = created_at, extras stars (stargazers_count), language, topics, license
  (spdx_id, unless NOASSERTION), owner (owner.login: an organisation is not an author, so
  `authors` stays empty), repo (full_name), pushed (pushed_at), archived, homepage; `url` is
  html_url (a renamed repository redirects to its new name); the image is the repository's
  social card, opengraph.githubassets.com/1/OWNER/REPO.
- A deeper link (an issue, a file, a pull request) is about that page, not the repository:
  the API still gives the stars, language and licence, and the page gives title, description
  and URL.

Failures: 404 -> FetchError "repository not found (private or renamed?)". A spent quota (403 or
429 with x-ratelimit-remaining: 0) -> FetchError naming the limit and its reset time, suggesting
GITHUB_TOKEN (60 requests an hour without one, 5000 with); a secondary rate limit (403 with
Retry-After) says when to retry. Neither reads the page, which would only hide the problem.
Anything else (a 5xx, a timeout) falls back to the page, which has the title (cut as the API's
is, by `refine`) and stars.
"""

from __future__ import annotations

import dataclasses
import os
import re
import time
import unicodedata
from urllib.parse import quote

from newsletter.errors import FetchError
from newsletter.links.code_hosts import hosts_own_page
from newsletter.links.fetch import Fetcher
from newsletter.links.providers.common import get_json, status, text_of, web_url
from newsletter.links.untrusted import truncate
from newsletter.links.urls import host, path_parts
from newsletter.models import Metadata

API = "https://api.github.com"
SITE = "GitHub"
# A title is a heading in the edition: past this many columns (a CJK character takes two) it
# carries the description's first sentence, cut further if need be, not the whole paragraph.
TITLE_COLUMNS = 120
# A sentence ends at "。" or at ".!?" and a space before a word that is not in lower case, but
# not after an abbreviation: "e.g. JSON", "by Dr. Smith" end no sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)|(?<=[。！？])")
_ABBREVIATION = re.compile(
    r"\b(?:(?:[A-Za-z]\.)+[A-Za-z]|al|approx|cf|dr|fig|incl|jr|mr|mrs|ms|prof|sr|st|vs)\.$", re.IGNORECASE
)
_CUT_AFTER = re.compile(r"[\s,;、，；]")
TOKEN_VARIABLE = "GITHUB_TOKEN"


def repository(url: str) -> tuple[str, str, bool] | None:
    """(owner, repo, whether the link goes deeper than the repository) or None."""
    if host(url) != "github.com":
        return None
    parts = path_parts(url)
    if len(parts) < 2 or hosts_own_page("github.com", parts):
        return None
    owner, repo = parts[0], parts[1].removesuffix(".git")
    if not repo or not all(c.isalnum() or c in "-_." for c in owner + repo) or {owner, repo} & {".", ".."}:
        return None  # (a dot segment: the client resolves /repos/../.. to the API's root)
    return owner, repo, len(parts) > 2


def matches(url: str) -> bool:
    return repository(url) is not None


def headers() -> dict[str, str]:
    found = {"X-GitHub-Api-Version": "2022-11-28"}
    if token := os.environ.get(TOKEN_VARIABLE, "").strip():
        found["Authorization"] = f"Bearer {token}"
    return found


async def fetch(fetcher: Fetcher, url: str) -> Metadata:
    owner, repo, deep = repository(url)
    try:
        data = await get_json(
            fetcher,
            f"{API}/repos/{quote(owner)}/{quote(repo)}",
            headers=headers(),
            accept="application/vnd.github+json",
        )
    except FetchError as error:
        if _definite(error):
            raise _reason(url, error) from None
        return Metadata(site_name=SITE, kind="repo")  # the page alone
    if not isinstance(data, dict):
        raise FetchError(url, "GitHub API: an answer that is not a repository")
    from newsletter.links.date_values import parse_date  # (here: see providers/__init__.py)

    full_name = text_of(data.get("full_name")) or f"{owner}/{repo}"
    description = text_of(data.get("description"))
    license_id = _inner(data, "license", "spdx_id")
    topics = data.get("topics")  # "ml" is no list of topics "m" and "l"
    topics = [t for t in topics if isinstance(t, str)] if isinstance(topics, list) else []
    stars = data.get("stargazers_count")
    extras = {
        "repo": full_name,
        "owner": _inner(data, "owner", "login"),
        "stars": stars if isinstance(stars, int) and not isinstance(stars, bool) else None,
        "language": text_of(data.get("language")),
        "topics": topics,
        "license": None if license_id == "NOASSERTION" else license_id,
        "pushed": parse_date(data.get("pushed_at")),
        "archived": data.get("archived") is True or None,
        "homepage": web_url(data.get("homepage")),
    }
    extras = {k: v for k, v in extras.items() if v not in (None, "", [])}
    if deep:  # an issue, a file: the page names it
        return Metadata(site_name=SITE, extras=extras)
    owner_name, repo_name = full_name.split("/", 1) if "/" in full_name else (owner, repo)
    return Metadata(
        url=web_url(data.get("html_url")) or f"https://github.com/{full_name}",
        title=f"{full_name}: {_heading(description)}" if description else full_name,
        site_name=SITE,
        published=parse_date(data.get("created_at")),
        description=truncate(description),
        image=f"https://opengraph.githubassets.com/1/{quote(owner_name)}/{quote(repo_name)}",
        kind="repo",
        extras=extras,
    )


def _inner(data: dict, key: str, inner: str) -> str | None:
    """The text at data[key][inner], where the answer holds an object there: a hostile or broken
    API's "license": "MIT" (a string, not GitHub's {"spdx_id": ...}) was an AttributeError that
    ended the whole build, not this one link."""
    value = data.get(key)
    return text_of(value.get(inner)) if isinstance(value, dict) else None


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _heading(description: str) -> str:
    """The description as a title carries it: whole when short, else the sentences that fit, else
    cut after a space or a comma with an ellipsis. A repository's description may be a
    paragraph ("基于大模型搭建的聊天机器人，同时支持 微信公众号、企业微信应用…" runs to 200
    characters), which as a heading would fill a phone's screen; it stays whole as `description`."""
    if _columns(description) <= TITLE_COLUMNS:
        return description
    ends = [m.start() for m in _SENTENCE_END.finditer(description) if _ends_sentence(description, m)]
    fitting = [end for end in ends if _columns(description[:end]) <= TITLE_COLUMNS]
    if fitting:  # as many whole sentences as fit: "Fast. Simple. Reliable.", not "Fast."
        return description[: fitting[-1]].rstrip()
    first = description[: ends[0]] if ends else description
    cut, width = "", 0
    for char in first:
        width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
        if width > TITLE_COLUMNS - 1:
            break
        cut += char
    spaces = [m.end() for m in _CUT_AFTER.finditer(cut) if m.end() > len(cut) // 2]
    return (cut[: spaces[-1]] if spaces else cut).rstrip(" ,;:.-–—、，；") + "…"


def _ends_sentence(text: str, end: re.Match) -> bool:
    """Whether the sentence-end `end` found in `text` is one: "e.g." followed by "JSON" is not,
    and made the title "owner/repo: Fast parsers for many formats, e.g."."""
    before, after = text[: end.start()], text[end.end() : end.end() + 1]
    return before.endswith(("。", "！", "？")) or not (after.islower() or _ABBREVIATION.search(before))


def needs_page(meta: Metadata) -> bool:
    return meta.title is None  # a deeper link, or the API failed


async def refine(fetcher: Fetcher, url: str, meta: Metadata) -> Metadata:
    """After the page, read when the API failed (a 5xx, a timeout): its title is GitHub's
    "owner/repo: description" too, and a paragraph of a description was the heading again."""
    owner, repo, deep = repository(url)
    named = len(f"{owner}/{repo}: ")
    if deep or not meta.title or meta.title[:named].lower() != f"{owner}/{repo}: ".lower():
        return meta
    return dataclasses.replace(meta, title=meta.title[:named] + _heading(meta.title[named:]))


def _definite(error: FetchError) -> bool:
    """An answer about this repository or our access, which the page cannot improve on."""
    return status(error) in (401, 403, 404, 429)


def _reason(url: str, error: FetchError) -> FetchError:
    code, answer = status(error), getattr(error, "headers", {})
    if code == 404:
        return FetchError(url, "repository not found (private or renamed?)")
    if code in (403, 429) and answer.get("x-ratelimit-remaining") == "0":
        limit = answer.get("x-ratelimit-limit", "?")
        reset = answer.get("x-ratelimit-reset", "")
        # The headers are untrusted: "²".isdigit() too, and gmtime refuses a moment past year 9999
        plausible = reset.isascii() and reset.isdigit() and len(reset) <= 11
        when = time.strftime("at %H:%M UTC", time.gmtime(int(reset))) if plausible else "within the hour"
        hint = (
            ""
            if os.environ.get(TOKEN_VARIABLE, "").strip()
            else f"; set {TOKEN_VARIABLE} to a GitHub token for 5000 requests an hour"
        )
        return FetchError(url, f"GitHub API rate limit of {limit} requests an hour used up; it resets {when}{hint}")
    if code in (403, 429) and (wait := answer.get("retry-after", "")).isascii() and wait.isdigit() and len(wait) < 7:
        return FetchError(url, f"GitHub API secondary rate limit; retry in {wait} s")
    if code == 401:
        return FetchError(url, f"GitHub API: {TOKEN_VARIABLE} was refused (expired or revoked?)")
    return FetchError(url, f"GitHub API: {error.reason}")
