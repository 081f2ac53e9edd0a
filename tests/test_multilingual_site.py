"""A Hugo site in several languages (Hugo's "translation by content directory"): the post goes
where Hugo reads the default language's pages, and a real Hugo of both versions publishes it."""

from newsletter.build import build

from hugo_versions import hugo_build

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
    text = (site / "hugo.toml").read_text().replace('defaultContentLanguage = "en"', 'defaultContentLanguage = "fr"')
    (site / "hugo.toml").write_text(text + LANGUAGES)


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
