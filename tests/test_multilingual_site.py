"""A Hugo site in several languages (Hugo's "translation by content directory"): the post goes
where Hugo reads the default language's pages, and a real Hugo of both versions publishes it."""

import re

from newsletter.build import build

from hugo_versions import DEBIAN, hugo_build

# A French blog with an English part, each language's pages in its own folder
LANGUAGES = """
[languages.fr]
weight = 1
contentDir = "content/fr"
[languages.en]
weight = 2
contentDir = "content/en"
"""


def _in_french_and_english(site):
    """A French blog, with a French newsletter (an English one goes into the English part)."""
    text = (site / "hugo.toml").read_text().replace('defaultContentLanguage = "en"', 'defaultContentLanguage = "fr"')
    (site / "hugo.toml").write_text(text + LANGUAGES)
    settings = site.parent / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "fr"', 1))


def test_the_post_goes_into_the_default_languages_content_folder_and_is_published(example_workspace, hugo):
    site = example_workspace / "site"
    _in_french_and_english(site)
    written = build(example_workspace, "2021-02", offline=True).paths
    posts = [p.relative_to(site).as_posix() for p in written if p.name == "index.md"]
    assert len(posts) == 1 and posts[0].startswith("content/fr/posts/"), posts
    hugo_build(hugo, site)
    slug = posts[0].split("/")[3]
    assert (site / "public" / "posts" / slug / "index.html").is_file()


def test_a_site_whose_content_folder_has_another_name_gets_the_post_there(example_workspace, hugo):
    site = example_workspace / "site"
    text = (site / "hugo.toml").read_text()
    (site / "hugo.toml").write_text(text.replace("[taxonomies]", 'contentDir = "pages"\n\n[taxonomies]'))
    written = build(example_workspace, "2021-02", offline=True).paths
    posts = [p.relative_to(site).as_posix() for p in written if p.name == "index.md"]
    assert len(posts) == 1 and posts[0].startswith("pages/posts/"), posts
    hugo_build(hugo, site)
    assert (site / "public" / "posts" / posts[0].split("/")[2] / "index.html").is_file()


def test_a_newsletter_in_the_sites_other_language_is_published_in_that_language(example_workspace, hugo):
    """A French newsletter on an English blog with a French part got its posts in the English
    part (content/en/posts/), published at /posts/… as lang="en", and nothing said so. They go
    where Hugo reads the French pages now, and a renamed post's redirect is in the French part too."""
    site = example_workspace / "site"
    (site / "hugo.toml").write_text((site / "hugo.toml").read_text() + LANGUAGES)  # English the default
    settings = example_workspace / "newsletter.toml"
    settings.write_text(settings.read_text().replace('language = "en"', 'language = "fr-CA"', 1))
    written = build(example_workspace, "2021-02", offline=True).paths
    posts = [p.relative_to(site).as_posix() for p in written if p.name == "index.md"]
    assert len(posts) == 1 and posts[0].startswith("content/fr/posts/"), posts
    old_slug = posts[0].split("/")[3]
    text = settings.read_text()
    settings.write_text(text.replace("[site]\n", '[site]\nmonthly_title = "Mes lectures de {month} {year}"\n', 1))
    text = re.sub(r"(?m)^monthly_title = \"What.*\n", "", settings.read_text())
    settings.write_text(text.replace("[site]\n", '[site]\ndate_language = "fr"\n', 1))
    written = build(example_workspace, "2021-02", offline=True).paths
    posts = [p.relative_to(site).as_posix() for p in written if p.name == "index.md"]
    assert posts == ["content/fr/posts/mes-lectures-de-fevrier-2021/index.md"], posts
    hugo_build(hugo, site)
    page = (site / "public/fr/posts/mes-lectures-de-fevrier-2021/index.html").read_text(encoding="utf-8")
    assert '<html lang="fr' in page
    # (Hugo 0.111 writes a language's redirects at the site's root, the current one in its folder)
    folder = "public/posts" if hugo == DEBIAN else "public/fr/posts"
    redirect = (site / folder / old_slug / "index.html").read_text(encoding="utf-8")
    assert "/fr/posts/mes-lectures-de-fevrier-2021/" in redirect
