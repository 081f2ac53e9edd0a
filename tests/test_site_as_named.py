"""A site's name given as its address or as its company's legal name is shown as the site
calls itself (newsletter/links/site_hosts.py), with markup as the real pages have it."""

from __future__ import annotations

import json

import pytest

from newsletter.links.extract import extract_metadata


def page(head: str, title: str) -> str:
    return f"<!DOCTYPE html><html><head><title>{title}</title>{head}</head><body><p>Text.</p></body></html>"


# Libération (2012): og:site_name is its host; its titles end "- Libération".
def test_a_host_as_site_name_gives_way_to_the_name_in_the_title():
    html = page('<meta property="og:site_name" content="www.liberation.fr">', "Une méthode assumée - Libération")
    meta = extract_metadata(html, "http://www.liberation.fr/politiques/2012/10/28/une-methode_856451")
    assert meta.site_name == "Libération"
    assert meta.title == "Une méthode assumée"


# Another name the page gives that does not spell the host is no better: an application-name
# "Startseite" ("Home"), the CMS's "WordPress", a short "LIB" for the phone's home screen.
@pytest.mark.parametrize("other", ["Startseite", "Home", "WordPress", "LIB"])
def test_a_host_as_site_name_gives_way_only_to_a_name_that_spells_it(other):
    head = f'<meta property="og:site_name" content="www.liberation.fr"><meta name="application-name" content="{other}">'
    html = page(head, "Une méthode assumée - Libération")
    meta = extract_metadata(html, "http://www.liberation.fr/politiques/2012/10/28/une-methode_856451")
    assert meta.site_name == "Libération"


# TMZ: JSON-LD's publisher and application-name say "TMZ.COM", og:site_name "TMZ".
def test_a_host_in_capitals_gives_way_to_the_pages_other_name_for_the_site():
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "publisher": {"@type": "Organization", "name": "TMZ.COM"},
    }
    head = (
        f'<script type="application/ld+json">{json.dumps(ld)}</script>'
        '<meta name="application-name" content="TMZ.COM"><meta property="og:site_name" content="TMZ">'
    )
    meta = extract_metadata(page(head, "Larry Merchant Is Not Watching"), "https://www.tmz.com/2015/09/08/larry/")
    assert meta.site_name == "TMZ"


# SimplyFound: application-name "SIMPLYFOUND.COM" only, and a title ending "- SimplyFound";
# a page naming its site nowhere else shows the host in small letters.
@pytest.mark.parametrize(
    "title, site",
    [
        ("Raspberry Pi 3 - The credit card sized PC - SimplyFound", "SimplyFound"),
        ("Raspberry Pi 3: the credit card sized PC", "simplyfound.com"),
    ],
)
def test_a_host_named_nowhere_else_is_shown_tidy(title, site):
    html = page('<meta name="application-name" content="SIMPLYFOUND.COM">', title)
    assert extract_metadata(html, "https://simplyfound.com/article/eb9a5e137034/raspberry-pi-3").site_name == site
    # its og:site_name adds its writer's name as a tagline: "SIMPLYFOUND.COM | BY: JOE WEE"
    html = page('<meta property="og:site_name" content="SIMPLYFOUND.COM | BY: JOE WEE">', title)
    assert extract_metadata(html, "https://simplyfound.com/article/eb9a5e137034/raspberry-pi-3").site_name == site


# A brand written as an address, with its own capitals, is the site's name as it styles it.
@pytest.mark.parametrize("name", ["Phys.org", "Golem.de", "INQUIRER.net", "tagesschau.de"])
def test_a_brand_written_as_an_address_stays(name):
    html = page(f'<meta property="og:site_name" content="{name}">', "A story about gardens")
    assert extract_metadata(html, "https://example.org/2020/01/02/gardens").site_name == name


# The New York Times (2018-2019): microdata names the publisher "The New York Times Company";
# its titles end "- The New York Times". A company named so nowhere else keeps its legal name.
@pytest.mark.parametrize(
    "title, site",
    [
        ("As Debt Rises, the Government Will Spend More - The New York Times", "The New York Times"),
        ("As Debt Rises, the Government Will Spend More", "The New York Times Company"),
    ],
)
def test_a_publishers_legal_name_gives_way_to_the_name_its_titles_use(title, site):
    body = (
        '<article itemscope itemtype="http://schema.org/NewsArticle">'
        '<div itemprop="publisher" itemscope itemtype="http://schema.org/Organization">'
        '<meta itemprop="name" content="The New York Times Company"></div></article>'
    )
    html = page("", title).replace("<p>Text.</p>", body + "<p>Text.</p>")
    meta = extract_metadata(html, "https://www.nytimes.com/2018/09/25/business/economy/debt.html")
    assert meta.site_name == site
    assert meta.title == "As Debt Rises, the Government Will Spend More"
