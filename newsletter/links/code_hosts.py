"""A code host's own pages: the first path segments that are the host's, not an owner's.

github.com/topics/x and gitlab.com/explore/projects are no repository, while gitlab.com/team/x
and codeberg.org/events/x may well be: each host reserves its own words, so each has its own
list. One rule for the GitHub provider, a page's kind (links/extract.py) and the entry type an
import or capture gives (importers/kinds.py).
"""

from __future__ import annotations

# GitHub publishes no list: the pages that took a first segment, as links to them were met
# (github.com/readme/featured/x, /site/terms, /events/universe, /orgs/x, the advisory database's
# /advisories/GHSA-..., /open-source/stories/x, /git-guides/x...).
GITHUB = frozenset(
    {
        "about",
        "account",
        "advisories",
        "apps",
        "blog",
        "codespaces",
        "collections",
        "contact",
        "customer-stories",
        "dashboard",
        "enterprise",
        "events",
        "explore",
        "features",
        "git-guides",
        "github-copilot",
        "issues",
        "join",
        "login",
        "logout",
        "marketplace",
        "mobile",
        "new",
        "nonprofit",
        "notifications",
        "open-source",
        "organizations",
        "orgs",
        "pricing",
        "pulls",
        "readme",
        "resources",
        "search",
        "security",
        "settings",
        "signup",
        "site",
        "solutions",
        "sponsors",
        "stars",
        "team",
        "topics",
        "trending",
        "users",
        "watching",
    }
)
# GitLab's TOP_LEVEL_ROUTES (lib/gitlab/path_regex.rb: the names no user or group may take),
# less the file names (robots.txt, favicon.ico...), which are never followed by a second part.
# Its own pages since 2018 live under /-/ (gitlab.com/-/snippets/1).
GITLAB = frozenset(
    {
        "-",
        ".well-known",
        "abuse_reports",
        "admin",
        "api",
        "assets",
        "autocomplete",
        "ci",
        "dashboard",
        "explore",
        "files",
        "groups",
        "health_check",
        "help",
        "import",
        "invites",
        "jwt",
        "oauth",
        "profile",
        "projects",
        "public",
        "s",
        "search",
        "sent_notifications",
        "snippets",
        "u",
        "unsubscribes",
        "uploads",
        "users",
    }
)
# Gitea's and Forgejo's reservedUsernames (models/user/user.go), less the file names: gitea.com
# runs Gitea, codeberg.org Forgejo, and the two lists differ by a few words.
GITEA = frozenset(
    {
        "-",
        ".well-known",
        "admin",
        "api",
        "assets",
        "attachments",
        "avatar",
        "avatars",
        "captcha",
        "commits",
        "debug",
        "error",
        "explore",
        "forgejo-actions",
        "ghost",
        "gitea-actions",
        "issues",
        "login",
        "metrics",
        "milestones",
        "new",
        "notifications",
        "org",
        "pulls",
        "raw",
        "repo",
        "repo-avatars",
        "report_abuse",
        "search",
        "user",
        "v2",
    }
)
# Bitbucket publishes no list: its own pages as links to them are written (bitbucket.org/account/
# settings, /dashboard/overview, /repo/create, /snippets/OWNER/ID, /product/pricing, /blog/x).
# Not "site": bitbucket.org/site/master is a repository, Bitbucket's own public issue tracker.
BITBUCKET = frozenset({"account", "blog", "dashboard", "product", "repo", "snippets"})
# SourceHut names every owner with a "~" (sr.ht/~emersion/hut): none of its own pages takes a first
# segment there; its documentation, lists and trackers are hosts under it (man.sr.ht, lists.sr.ht).
SOURCEHUT = frozenset()
OWN_PAGES = {
    "github.com": GITHUB,
    "gitlab.com": GITLAB,
    "codeberg.org": GITEA,
    "gitea.com": GITEA,
    "bitbucket.org": BITBUCKET,
    "sr.ht": SOURCEHUT,
}


# The hosts under a code host that hold owners' code (gist.github.com/OWNER/ID, git.sr.ht/~OWNER/
# REPO): every page of the others (docs.github.com/en/actions, about.gitlab.com/handbook,
# docs.gitlab.com/ee, man.sr.ht/builds.sr.ht/...) is the host's own.
OWNERS_UNDER = frozenset({"gist.github.com", "git.sr.ht", "hg.sr.ht"})


# GitHub's Education pages (github.com/education/students, /teachers, /schools) share their first
# segment with a real organisation, whose repositories (github.com/education/classroom,
# /teachers_pet, /GitHubGraduation-2021) the GitHub provider took for pages and never asked for
# (review 22): a first segment that is the host's only with one of these second ones.
OWN_UNDER = {"github.com": {"education": frozenset({"students", "teachers", "schools", "benefits"})}}


def hosts_own_page(host: str, segments: list[str]) -> bool:
    """Whether a link on `host` (or a host under it: docs.github.com) whose path's segments are
    `segments` is one of the host's own pages rather than an owner's."""
    first = segments[0].lower() if segments else ""
    name = host
    while name:
        if name in OWN_PAGES:
            if name != host and host not in OWNERS_UNDER:
                return True
            second = OWN_UNDER.get(name, {}).get(first)
            return first in OWN_PAGES[name] or (
                second is not None and len(segments) > 1 and segments[1].lower() in second
            )
        name = name.partition(".")[2]
    return False
