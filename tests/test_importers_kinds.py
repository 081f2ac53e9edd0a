"""infer_type: the one rule for what kind of entry a link is."""

import pytest

from newsletter.importers import infer_type


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://arxiv.org/abs/1706.03762", "paper"),
        ("https://arxiv.org/pdf/1706.03762v5.pdf", "paper"),
        ("https://doi.org/10.1000/xyz.123", "paper"),
        ("https://dl.acm.org/doi/10.1145/3313831.3376727", "paper"),
        ("https://openreview.net/forum?id=abc", "paper"),
        ("https://www.biorxiv.org/content/10.1101/2020.01.01.000001v1", "paper"),
        ("https://www.youtube.com/watch?v=z-WSrQDXkuM", "video"),
        ("https://youtu.be/z-WSrQDXkuM", "video"),
        ("https://m.youtube.com/watch?v=z-WSrQDXkuM", "video"),
        ("https://vimeo.com/123456", "video"),
        ("https://podcasts.apple.com/us/podcast/x/id123?i=456", "podcast"),
        ("https://overcast.fm/+AbCdEf", "podcast"),
        ("https://open.spotify.com/episode/abc", "podcast"),
        ("https://talkpython.fm/episodes/show/359/lifecycle-of-a-python-release", "podcast"),
        ("https://cdn.example.com/episodes/42.mp3", "podcast"),
        ("https://read.amazon.com/notebook?asin=B00ABC1234", "book"),
        ("https://www.goodreads.com/book/show/123", "book"),
        ("https://github.com/google/jax", "tool"),
        ("https://github.com/google/jax/tree/main/docs", "tool"),
        ("https://gitlab.com/inkscape/inkscape", "tool"),
        ("https://codeberg.org/forgejo/forgejo", "tool"),
        ("https://pypi.org/project/httpx/", "tool"),
        ("https://github.com/google/jax/issues/1234", "thread"),
        ("https://news.ycombinator.com/item?id=123", "thread"),
        ("https://www.reddit.com/r/Python/comments/abc/title/", "thread"),
        ("https://www.coursera.org/learn/machine-learning", "course"),
        ("https://github.com/topics/python", "article"),
        ("https://github.com/google", "article"),
        ("https://blog.example.com/2020/07/why-x-matters/", "article"),
        ("https://www.amazon.com/dp/0135957052", "article"),
        # a deck shared on a slides site is the talk it was shown at; the speaker's own page is not
        ("https://speakerdeck.com/hanako/ebpf-observability", "talk"),
        ("https://www.slideshare.net/slideshow/platform-engineering/123456", "talk"),
        ("https://speakerdeck.com/hanako", "article"),
        (None, "article"),
        ("", "article"),
    ],
)
def test_by_link(url, expected):
    assert infer_type(url) == expected


@pytest.mark.parametrize(
    "title, expected",
    [
        ("JAX: Accelerated Machine Learning Research | SciPy 2020 talk", "talk"),
        ("Keynote: the future of Python", "talk"),
        ("PyCon US 2023 — Async all the way down", "talk"),
        ("Building USSD services that don't drop sessions | DevFest Accra 2026", "talk"),  # Kofi's bookmarklet
        ("RubyKaigi 2026 - Ractor in production", "talk"),
        # Japanese runs its words on: no \b before 講演 in 基調講演 (Yuki, new user 22)
        ("【基調講演】Platform Engineeringの現在地", "talk"),
        ("SRE NEXT 2026 登壇資料：オンコールを減らす", "talk"),
        ("ご飯の炊き方", "video"),
        ("How I cook rice", "video"),
        (None, "video"),
    ],
)
def test_a_video_is_a_talk_when_its_title_says_it_was_given_somewhere(title, expected):
    assert infer_type("https://www.youtube.com/watch?v=abc", title=title) == expected


@pytest.mark.parametrize(
    "tags, expected",
    [(["golang", "talks"], "talk"), (["Keynote"], "talk"), (["conference-talk"], "talk"), (["golang"], "video")],
)
def test_a_saved_video_tagged_as_a_talk_is_a_talk(tags, expected):
    """Kofi tags the talks he saves in Pocket "talks"; "Go Concurrency Patterns", a YouTube link
    whose title names no conference, was imported as a video all the same."""
    from newsletter.importers import pocket
    from newsletter.importers.entry import item_type

    csv = f"title,url,time_added,tags,status\nGo Concurrency Patterns,https://www.youtube.com/watch?v=f6kdp27TYZs,1551521520,{'|'.join(tags)},archive\n"
    (item,) = pocket.parse(csv, "part_000000.csv").items
    assert item_type(item) == expected


def test_a_tag_makes_a_talk_only_of_a_video():
    assert infer_type("https://blog.example.com/notes-from-a-talk", tags=["talks"]) == "article"


@pytest.mark.parametrize(
    "hints, url, expected",
    [
        (["paper"], "https://example.com/page", "paper"),  # a Zotero item's kind
        (["csl-json"], "https://example.com/page", "paper"),  # its source
        (["kindle"], None, "book"),
        (["repo"], "https://example.com", "tool"),  # link metadata's kind
        ([None, "book"], "https://arxiv.org/abs/1", "book"),  # the first hint that means something wins
        (["nonsense"], "https://arxiv.org/abs/1", "paper"),  # an unknown hint falls through to the link
        (["VIDEO"], "https://example.com", "video"),
    ],
)
def test_hints_come_first(hints, url, expected):
    assert infer_type(url, hints) == expected


def test_a_kindle_store_page_is_a_book_but_other_amazon_pages_are_not():
    assert infer_type("https://www.amazon.com/Pragmatic-Programmer-ebook/dp/B07VRS84D1?ref=kindle_store") == "book"
    assert infer_type("https://www.amazon.com/dp/B000000000") == "article"


@pytest.mark.parametrize(
    "url, page, expected",
    [
        ("https://git.example.org/me/tool", "repo", "tool"),  # a self-hosted forge: only the page knows
        ("https://example.com/some-book", "book", "book"),
        ("https://example.com/show/42", "podcast", "podcast"),
        ("https://example.com/page", "website", "article"),  # nothing more than article
        ("https://www.youtube.com/watch?v=abc", "book", "video"),  # the link is more specific: it wins
        ("https://arxiv.org/abs/1706.03762", "article", "paper"),
    ],
)
def test_what_the_page_says_counts_only_where_the_link_says_article(url, page, expected):
    assert infer_type(url, page=page) == expected


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/readme/featured/open-source-maintainers",
        "https://github.com/site/terms",
        "https://github.com/events/universe",
        "https://github.com/solutions/ci-cd",
        "https://github.com/blog/2019-github-actions",
        "https://github.com/education/students",
        "https://github.com/education/Teachers",
    ],
)
def test_a_code_hosts_own_page_is_no_repository_for_any_of_the_three_that_tell(url):
    """An import, a page's kind and the GitHub provider tell a repository by one list: each had its
    own, and an import typed GitHub's events and terms pages as tools, which the provider did not
    take for repositories, and a fetched ReadME story came out a repository's page."""
    from newsletter.links import extract
    from newsletter.links.providers import github

    assert infer_type(url) == "article"
    assert extract._host_kind(url) is None
    assert not github.matches(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/pallets/jinja",
        # GitHub's Education pages share their first segment with a real organisation's repositories
        "https://github.com/education/classroom",
        "https://github.com/education/GitHubGraduation-2021",
    ],
)
def test_a_repository_is_one_for_all_three(url):
    from newsletter.links import extract
    from newsletter.links.providers import github

    assert (infer_type(url), extract._host_kind(url), github.matches(url)) == ("tool", "repo", True)


@pytest.mark.parametrize(
    "url",
    [
        "https://gitlab.com/team/handbook",
        "https://codeberg.org/events/website",
        "https://gitea.com/site/docs",
        "https://bitbucket.org/site/master",
    ],
)
def test_a_word_github_keeps_for_its_own_pages_is_an_owner_on_another_code_host(url):
    """GitHub's own pages (/team, /events, /site) were taken for every code host's, so a GitLab
    group named 'team' or Bitbucket's own issue tracker, bitbucket.org/site/master, came out an
    article: each host reserves its own words."""
    from newsletter.links import extract

    assert (infer_type(url), extract._host_kind(url)) == ("tool", "repo")


@pytest.mark.parametrize(
    "url",
    [
        "https://gitlab.com/explore/projects",
        "https://gitlab.com/-/snippets/2054432",
        "https://gitlab.com/users/sign_in",
        "https://codeberg.org/explore/repos",
        "https://codeberg.org/user/login",
        "https://bitbucket.org/account/settings",
        "https://bitbucket.org/dashboard/overview",
    ],
)
def test_each_code_hosts_own_pages_are_no_repository(url):
    from newsletter.links import extract

    assert (infer_type(url), extract._host_kind(url)) == ("article", None)


@pytest.mark.parametrize(
    "url",
    [
        "https://docs.github.com/en/actions/quickstart",
        "https://about.gitlab.com/handbook/values",
        "https://docs.gitlab.com/ee/user/reserved_names.html",
        "https://pages.github.com/versions/json",
    ],
)
def test_a_code_hosts_own_sites_under_it_are_articles(url):
    """GitHub's and GitLab's documentation and handbook were typed as tools (mend 14): a host
    under a code host was taken for one, its pages for OWNER/REPO."""
    assert infer_type(url) == "article"


def test_a_gist_is_still_code():
    assert infer_type("https://gist.github.com/karpathy/d4dee566867f8291f086") == "tool"


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/advisories/GHSA-jfh8-c2jp-5v3q",
        "https://github.com/open-source/stories/hynek",
        "https://github.com/git-guides/install-git",
        "https://github.com/mobile/ios",
    ],
)
def test_githubs_advisory_database_and_its_guides_are_no_repository(url):
    """A security advisory a reader logs (github.com/advisories/GHSA-...) was typed as a tool, and
    the GitHub provider asked for repository "advisories/GHSA-..." (review 24): GitHub's own pages,
    as its stories of open source, its git guides and its mobile app's."""
    from newsletter.links import extract

    assert (infer_type(url), extract._host_kind(url)) == ("article", None)


@pytest.mark.parametrize(
    "url",
    [
        "https://man.sr.ht/builds.sr.ht/compatibility.md",
        "https://lists.sr.ht/~sircmpwn/sr.ht-discuss/patches/1",
        "https://todo.sr.ht/~sircmpwn/hut/3",
    ],
)
def test_sourcehuts_manual_lists_and_trackers_are_no_repository(url):
    """SourceHut's manual was typed as a tool on import, its path's first two parts taken for
    OWNER/REPO (review 24): under sr.ht, as under GitHub, only the code hosts (git.sr.ht, hg.sr.ht)
    hold owners' repositories."""
    assert infer_type(url) == "article"


@pytest.mark.parametrize("url", ["https://git.sr.ht/~sircmpwn/hut", "https://sr.ht/~emersion/hut/"])
def test_a_sourcehut_repository_and_project_are_still_code(url):
    assert infer_type(url) == "tool"
