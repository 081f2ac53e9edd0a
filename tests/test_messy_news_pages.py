"""What news pages from many countries put in their metadata that a reader must not see.

Each page here is cut down from a real outlet's markup (fundus and NAEB corpora): the
tags and their order as the site writes them, only the story shortened.
"""

from __future__ import annotations

import pytest

from newsletter.links.extract import extract_metadata

URL = "https://www.zeitung.example/inhalt.rueckbau-kuehltuerme-gesprengt.html"


def test_jsonld_description_escaped_twice_reads_as_words():
    # A CMS that escapes its text as HTML, then again as it writes the JSON-LD into the page
    page = """<!DOCTYPE html><html lang="de"><head>
<meta name="description" content="Die Sprengung der K&uuml;hlt&uuml;rme markiert das Ende einer &Auml;ra.">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"K&amp;uuml;hlt&amp;uuml;rme von AKW Gundremmingen gesprengt",
"description":"Die Sprengung der K&amp;uuml;hlt&amp;uuml;rme markiert das Ende einer &amp;Auml;ra &ndash; \
und macht Platz."}</script>
</head><body><h1>Kühltürme von AKW Gundremmingen gesprengt</h1></body></html>"""
    meta = extract_metadata(page, URL)
    assert meta.description == "Die Sprengung der Kühltürme markiert das Ende einer Ära – und macht Platz."
    assert meta.title == "Kühltürme von AKW Gundremmingen gesprengt"


def test_teaser_markup_in_a_description_is_not_shown_as_text():
    # The Japan News: og:description and JSON-LD filled from the stored teaser, "<p>" and all
    teaser = "<p>Prime Minister Shigeru Ishiba demonstrated his <strong>commitment</strong> during a debate.</p>\n"
    page = f"""<!DOCTYPE html><html lang="en"><head>
<meta property="og:title" content="Japan Prime Minister Dodges Criticism During Leaders Debate" />
<meta property="og:description" content="{teaser}">
<script type="application/ld+json">{{"@type":"NewsArticle","description":"{teaser.replace(chr(10), "")}"}}</script>
</head><body></body></html>"""
    meta = extract_metadata(page, "https://japannews.example/politics/20241013-216478/")
    assert meta.description == "Prime Minister Shigeru Ishiba demonstrated his commitment during a debate."


def test_a_description_about_a_tag_keeps_it():
    page = """<html><head><meta name="description" content="Why the &lt;p&gt; element still matters for screen readers">
</head><body></body></html>"""
    meta = extract_metadata(page, "https://blog.example/html/p-element")
    assert meta.description == "Why the <p> element still matters for screen readers"


def test_the_day_after_the_site_name_in_a_title_goes_with_it():
    # Deutsche Welle: og:title and <title> end with the site's short name and the day
    page = """<!DOCTYPE html><html lang="de"><head>
<title>Ukrainische Gegenoffensive: Ziele, Chancen, Risiken | Europa | DW | 28.04.2023</title>
<meta property="og:site_name" content="DW.COM"/>
<meta property="og:title" content="Ukrainische Gegenoffensive: Ziele, Chancen, Risiken | DW | 28.04.2023"/>
</head><body></body></html>"""
    meta = extract_metadata(page, "https://www.dw.com/de/ukrainische-gegenoffensive-ziele-chancen-risiken/a-65464327")
    assert meta.title == "Ukrainische Gegenoffensive: Ziele, Chancen, Risiken"


def test_a_day_after_a_part_that_is_not_the_site_stays():
    page = """<html><head><meta property="og:site_name" content="DW.COM"/>
<meta property="og:title" content="Wahlen | Ergebnisse vom 28.04.2023 | 28.04.2023"/></head><body></body></html>"""
    meta = extract_metadata(page, "https://www.dw.com/de/wahlen/a-1")
    assert meta.title == "Wahlen | Ergebnisse vom 28.04.2023 | 28.04.2023"


def test_a_theme_s_no_picture_stand_in_is_no_image():
    # WordPress's tagDiv "Newspaper" theme: a post without a picture names the theme's stand-in
    page = """<!DOCTYPE html><html lang="en-US"><head><title>The Mother of All Antioxidants</title></head><body>
<article itemscope itemtype="https://schema.org/Article"><footer>
<span class="td-page-meta" itemprop="publisher" itemscope itemtype="https://schema.org/Organization">
<meta itemprop="name" content="WorldTruth.Tv"></span>
<meta itemprop="headline " content="The Mother of All Antioxidants">
<span class="td-page-meta" itemprop="image" itemscope itemtype="https://schema.org/ImageObject">
<meta itemprop="url" content="https://worldtruth.tv/wp-content/themes/Newspaper87/images/no-thumb/td_meta_replacement.png">
<meta itemprop="width" content="1068"><meta itemprop="height" content="580"></span></footer></article></body></html>"""
    assert extract_metadata(page, "https://worldtruth.tv/the-mother-of-all-antioxidants/").image is None


def test_pictures_whose_names_only_start_like_a_stand_in_are_pictures():
    for name in ("nophotography-sign.jpg", "notebook-images/desk.jpg", "norway-photo.jpg"):
        url = f"https://blog.example/uploads/{name}"
        page = f'<html><head><meta property="og:image" content="{url}"></head><body></body></html>'
        assert extract_metadata(page, "https://blog.example/post").image == url


def test_a_paper_s_name_ending_in_its_host_s_is_cut_from_the_title():
    # Die Neue Südtiroler Tageszeitung (tageszeitung.it) names itself in no tag but the title
    page = """<!DOCTYPE html><html lang="de-DE"><head>
<title>„Unermüdlicher Einsatz“ - Die Neue Südtiroler Tageszeitung</title>
<meta property="og:type" content="article" /></head><body></body></html>"""
    meta = extract_metadata(page, "https://www.tageszeitung.it/2025/04/01/unermuedlicher-einsatz/")
    assert meta.title == "„Unermüdlicher Einsatz“"


def test_a_subtitle_ending_in_the_host_s_name_stays():
    page = """<html><head><title>Ein Jahr danach - Ein Besuch bei der Tageszeitung</title></head><body></body></html>"""
    meta = extract_metadata(page, "https://www.tageszeitung.it/2025/04/01/ein-jahr-danach/")
    assert meta.title == "Ein Jahr danach - Ein Besuch bei der Tageszeitung"


def test_a_paper_is_named_by_its_masthead_not_its_owning_company():
    # Tages-Anzeiger: JSON-LD's publisher is the company that owns the paper
    page = """<!DOCTYPE html><html lang="de"><head>
<title>SVP-Sonderparteitag zur Migration: Chiesa ruft zum «politischen Widerstand» auf | Tages-Anzeiger</title>
<meta property="og:site_name" content="Tages-Anzeiger"/>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"SVP-Sonderparteitag zur Migration: Chiesa ruft zum «politischen Widerstand» auf",
"publisher":{"@type":"Organization","name":"Tamedia AG","url":"https://www.tagesanzeiger.ch",
"logo":{"@type":"ImageObject","url":"https://www.tagesanzeiger.ch/logo.png"}}}</script>
</head><body></body></html>"""
    meta = extract_metadata(page, "https://www.tagesanzeiger.ch/chiesa-ruft-zum-politischen-widerstand-150193073111")
    assert meta.site_name == "Tages-Anzeiger"


def test_a_blog_is_named_by_its_own_name_not_its_blogging_platform_s():
    """Jiwoo's Tistory post (new user 37) came with "하늘바다 · TISTORY" under its title: Tistory's
    JSON-LD names the platform as every blog's publisher, and og:site_name the blog, "하늘바다의 개발
    노트", at haneulbada.tistory.com. A publisher named as the domain the page is a subdomain of is
    the platform, not the site."""
    page = """<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>러스트로 CLI 만들기 회고</title>
<meta property="og:site_name" content="하늘바다의 개발 노트">
<script type="application/ld+json">{"@context":"http://schema.org","@type":"BlogPosting",
"headline":"러스트로 CLI 만들기 회고","author":{"@type":"Person","name":"하늘바다"},
"publisher":{"@type":"Organization","name":"TISTORY"}}</script>
</head><body></body></html>"""
    assert extract_metadata(page, "https://haneulbada.tistory.com/182").site_name == "하늘바다의 개발 노트"
    # the platform's own pages, and a site named as its domain on its own host, keep the name
    assert extract_metadata(page, "https://www.tistory.com/182").site_name == "TISTORY"
    assert (
        extract_metadata(page.replace("하늘바다의 개발 노트", "TISTORY"), "https://a.tistory.com/1").site_name
        == "TISTORY"
    )


def test_a_company_named_nowhere_else_stays_the_site_s_name():
    page = """<html><head><title>Quarterly results</title>
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Quarterly results",
"publisher":{"@type":"Organization","name":"Example Media GmbH"}}</script></head><body></body></html>"""
    assert extract_metadata(page, "https://news.example/q3").site_name == "Example Media GmbH"


@pytest.mark.parametrize("company", ["アイティメディア株式会社", "株式会社アイティメディア"])
def test_a_japanese_site_is_named_by_its_masthead_not_its_company(company):
    # ITmedia AI+: JSON-LD's publisher is the company, in the form Japanese writes it
    page = f"""<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">
<title>国産LLM「LLM-jp-4」公開、1720億パラメータで日本語性能を大幅改善 - ITmedia AI+</title>
<meta property="og:site_name" content="ITmedia AI+">
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"国産LLM「LLM-jp-4」公開、1720億パラメータで日本語性能を大幅改善",
"publisher":{{"@type":"Organization","name":"{company}"}}}}</script>
</head><body></body></html>"""
    meta = extract_metadata(page, "https://www.itmedia.co.jp/aiplus/articles/2611/26/news042.html")
    assert meta.site_name == "ITmedia AI+"
    alone = page.replace('<meta property="og:site_name" content="ITmedia AI+">', "").replace(" - ITmedia AI+", "")
    assert extract_metadata(alone, "https://www.itmedia.co.jp/a.html").site_name == company
