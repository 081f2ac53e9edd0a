"""URLs as the tool compares and shows them: one key per page, trackers off, https twins, hosts.

Pure functions over strings, no network: the cache keys by `normalise_url`, and repeats are
found by `work_key` (one key for every version of an arXiv paper), `check` and
`import` drop trackers with `without_trackers`, `import` a user name and password with
`without_credentials`, `check` probes `https_twin`, providers read `host` and `path_parts`.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit, urlunsplit

# Query parameters that identify a campaign or a click, never the page.
TRACKING = {
    "fbclid",
    "gclid",
    "dclid",
    "mc_cid",
    "mc_eid",
    "ref_src",
    "igshid",
    "_hsenc",
    "_hsmi",
    "yclid",
    "msclkid",
    "twclid",
    "_ga",
}
SHARE_HOSTS = ("youtube.com", "youtu.be", "spotify.com")  # where `si` is a share tracker
DEFAULT_PORTS = {"http": 80, "https": 443}
ARXIV_HOSTS = {"arxiv.org", "export.arxiv.org"}
# An arXiv paper's pages: /abs/, /pdf/ (.pdf or not), /html/; a new id (2401.01234) or an old
# one (hep-th/9901001, math.GT/0309136), then a version (v5) or none.
ARXIV_PATH = re.compile(r"/(?:abs|pdf|html)/(\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(v\d+)?(?:\.pdf)?/?")


# A link that is its own key: http(s), a host in lower case (not YouTube's, which has one host for
# all its front ends), no port, user, query nor fragment: most links of a log. Read by this alone,
# not taken apart and put together again (6 us a link: each link of `build --all`'s archive).
_OWN_KEY = re.compile(
    r"https?://(?!(?:m\.)?youtube\.com(?:/|$)|youtu\.be(?:/|$))[a-z0-9-]+(?:\.[a-z0-9-]+)*(/[\w.~!$&'()*+,;=:@%/-]*)?"
)


@functools.lru_cache(maxsize=4096)  # a build asks for each link's key three times (cache, archive, repeats)
def normalise_url(url: str) -> str:
    """One key per page: scheme and host lower-cased, default port, fragment and trackers dropped.

    The remaining query keeps its order and its exact bytes: sorting or re-encoding it could,
    rarely, change which page a server returns, and the same link is pasted the same way anyway.
    The scheme is kept: http and https may serve different pages.
    """
    url = url.strip()
    if (own := _OWN_KEY.fullmatch(url)) and url.isascii():
        return url[:-1] if own[1] == "/" else url
    return _normalised(url)


def _normalised(url: str) -> str:
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme, host = parts.scheme.lower(), (parts.hostname or "").rstrip(".")
    if not host:
        return url
    path, query = parts.path, _kept_query(parts.query, host)
    if host in ("youtube.com", "m.youtube.com"):
        host = "www.youtube.com"  # the same video on every front end
    elif host == "youtu.be" and len(path) > 1:
        scheme, host, query = "https", "www.youtube.com", "&".join(filter(None, [f"v={path[1:]}", query]))
        path = "/watch"
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != DEFAULT_PORTS.get(scheme):
        netloc += f":{port}"
    if parts.username is not None:
        netloc = parts.netloc.rpartition("@")[0] + "@" + netloc
    # "#!" fragments were routes in old single-page apps: they name the page.
    fragment = parts.fragment if parts.fragment.startswith("!") else ""
    return urlunsplit((scheme, netloc, "" if path == "/" else path, query, fragment))


def arxiv_paper(url: str) -> tuple[str, str] | None:
    """(id without version, version or "") of an arXiv paper's link, or None."""
    if host(url) not in ARXIV_HOSTS:
        return None
    try:
        m = ARXIV_PATH.fullmatch(urlsplit(url).path)
    except ValueError:
        return None
    return (m.group(1), m.group(2) or "") if m else None


def work_key(url: str) -> str:
    """One key per work, for links shared twice: normalise_url's without the path's trailing
    slash (Pocket kept a post as .../dns/, a bookmark as .../dns: one page), and every link to an
    arXiv paper (abstract, PDF or HTML, any version, http or https) is the paper's abstract page.

    Not the cache's key: a version's title and abstract are its own, and a server may, rarely,
    answer .../dns and .../dns/ differently.
    """
    paper = arxiv_paper(url)
    if paper:
        return f"https://arxiv.org/abs/{paper[0]}"
    key = normalise_url(url)
    try:
        parts = urlsplit(key)
    except ValueError:
        return key
    # One slash: Wiktionary's entry for "/" is /wiki//, another page than /wiki/ (and /wiki).
    return urlunsplit(parts._replace(path=parts.path[:-1])) if parts.path.endswith("/") else key


def _kept_query(query: str, host: str) -> str:
    shared = host.endswith(SHARE_HOSTS)
    kept = []
    for pair in query.split("&"):
        name = pair.partition("=")[0].lower()
        if pair and not (name.startswith("utm_") or name in TRACKING or (shared and name == "si")):
            kept.append(pair)
    return "&".join(kept)


def without_trackers(url: str) -> str:
    """The URL as written, minus the query parameters normalise_url drops (utm_*, fbclid...)."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return url
    kept = _kept_query(parts.query, host)
    return url if kept == parts.query else urlunsplit(parts._replace(query=kept))


def without_credentials(url: str) -> str:
    """The URL without a user name and password (https://ann:secret@host/page -> https://host/page):
    an imported link keeps none, since the post and the email would publish them."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))


def https_twin(url: str) -> str | None:
    """The https:// address of an http:// link (default port dropped), else None."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "http" or not parts.hostname:
        return None
    netloc = parts.netloc.rpartition("@")[2]
    if parts.port == 80:
        netloc = netloc.rsplit(":", 1)[0]
    return urlunsplit(("https", netloc, parts.path, parts.query, parts.fragment))


@functools.lru_cache(maxsize=4096)  # each adapter's `matches` asks it of every link of a month
def host(url: str) -> str:
    """The host, lower case, without "www." (and "" for junk)."""
    try:
        return (urlsplit(url).hostname or "").removeprefix("www.")
    except ValueError:
        return ""


def under(where: str, domains) -> bool:
    """Whether the host `where` is one of `domains` or a subdomain of one."""
    return any(where == domain or where.endswith("." + domain) for domain in domains)


def path_parts(url: str) -> list[str]:
    try:
        return [part for part in urlsplit(url).path.split("/") if part]
    except ValueError:
        return []
