"""Markup patterns read wrong on held-out labelled pages (Mozilla Readability's test pages,
the Washington Post's PageBuilder, personal blogs...), each on a small page shaped like the
platform's. Wrong is worse than empty: each rule also has the case where it must not fire."""

from __future__ import annotations

import json

import pytest

from newsletter.links.extract import extract_metadata

URL = "https://news.example.com/world/2015/03/18/attack-stokes-fears/"


def page(head: str = "", body: str = "", title: str = "Attack stokes instability fears") -> str:
    return f"<!DOCTYPE html><html><head><title>{title}</title>{head}</head><body>{body}</body></html>"


def extract(head="", body="", url=URL, **kw):
    return extract_metadata(page(head, body, **kw), url)


def jsonld(obj) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


# The Washington Post's PageBuilder flags what its byline line lacks in class names
WAPO = """
<div id="pb-root" class="pb-container"><div class="pb-layout-item main-content">
<h1 itemprop="headline">Attack stokes instability fears</h1>
<div class="pb-f-article-article-body"><div class="article-body">
<div class="pb-sig-line hasnt-headshot has-0-headshots {flag} is-not-column">
<span class="pb-byline">By <a href="http://www.example.com/people/erin-cunningham">Erin Cunningham</a></span>
<span class="pb-timestamp">March 18 at 3:57 PM</span></div>
<article><p>Text of the story.</p></article></div></div></div></div>"""


def test_a_byline_flagged_as_having_no_bio_is_the_byline():
    assert extract(body=WAPO.format(flag="hasnt-bio")).authors == ["Erin Cunningham"]


def test_an_author_bio_box_is_still_not_the_byline():
    body = WAPO.replace("<h1", "<p>Intro.</p><h1").format(flag="").replace("pb-sig-line", "pb-author-bio")
    assert extract(body=body).authors == []


# A hand-made personal site: the author tag gives the name with the home page after it
def test_an_author_tag_with_the_home_page_in_brackets_names_the_person():
    head = '<meta content="Bradley M. Kuhn (http://ebb.org/bkuhn/)" name="author" />'
    assert extract(head).authors == ["Bradley M. Kuhn"]


def test_a_link_to_someones_medium_post_in_the_text_is_no_byline():
    body = (
        "<h1>On recent events</h1><p>Those who only learned of this story believed "
        '<a href="https://medium.com/@selamjie/remove-richard-stallman-fec6ec210794">Selam G.\'s Medium post</a>'
        " raised an entirely new issue.</p>"
    )
    assert extract(body=body, title="On recent events").authors == []
    byline = '<h1>On recent events</h1><p>By <a href="https://medium.com/@selamjie">Selam Jie</a></p>'
    assert extract(body=byline, title="On recent events").authors == ["Selam Jie"]


# A blog theme's microdata marks the post's title and author with links to their pages
BLOG_POSTING = """
<header class="main-title"><h1><a href="/">Hi, I'm <strong>Nicolas.</strong></a></h1></header>
<article itemscope itemtype="http://schema.org/BlogPosting">
  <link itemprop="url" href="/code/2013/get-your-frontend-javascript-code-covered/"/>
  <header><h2><a itemprop="name" href="/code/2013/get-your-frontend-javascript-code-covered/">Get your
    Frontend JavaScript Code Covered</a></h2>
  <p>Written by <a itemprop="author" href="/about/">Nicolas Perriault</a></p></header>
  <section><p>So finally you're testing your frontend JavaScript code? Great!</p></section>
</article>"""


def test_a_microdata_title_marked_on_a_link_is_the_links_text_not_its_address():
    meta = extract(body=BLOG_POSTING, title="", url="https://nicolas.example.net/code/2013/get-your-code-covered/")
    assert meta.title == "Get your Frontend JavaScript Code Covered"
    assert meta.authors == ["Nicolas Perriault"]


# MediaWiki (Wikipedia and every wiki on it) gives the Wikidata description as the headline
def _wiki(headline: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "name": "New Zealand",
        "url": "https://en.wikipedia.org/wiki/New_Zealand",
        "author": {"@type": "Organization", "name": "Contributors to Wikimedia projects"},
        "datePublished": "2001-10-29T01:59:14Z",
        "headline": headline,
    }
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def test_a_wikis_headline_that_describes_the_article_is_not_its_title():
    url = "https://en.wikipedia.org/wiki/New_Zealand"
    meta = extract(body=_wiki("constitutional monarchy in Oceania"), url=url, title="New Zealand - Wikipedia")
    assert meta.title == "New Zealand"
    # a news site's fuller headline, which its <title> shows, stays the title
    news = _wiki("New Zealand votes to keep its flag").replace("Article", "NewsArticle")
    meta = extract(body=news, url=url, title="New Zealand votes to keep its flag | The Paper")
    assert meta.title == "New Zealand votes to keep its flag"


# A byline with the writer's job after the name, in the line or in an element of its own
def test_a_technologist_and_a_games_editor_are_jobs_not_names():
    aclu = (
        "<h1>Facebook is tracking me even though I'm not on Facebook</h1>"
        '<div class="field-byline">By <a href="/bio/daniel-kahn-gillmor">Daniel Kahn Gillmor</a>, Senior Staff '
        "Technologist, ACLU Speech, Privacy, and Technology Project</div><p>Text.</p>"
    )
    assert extract(body=aclu, title="Facebook is tracking me").authors == ["Daniel Kahn Gillmor"]
    yahoo = (
        "<h1>These are the 8 coolest PlayStation VR games</h1>"
        '<div class="auth-prov-soc"><div class="author Mb(4px)"><a class="author-link" '
        'href="https://www.example.com/author/ben-silverman">Ben Silverman</a>'
        '<div class="author-title C(#999)">Games Editor</div></div></div><p>Text.</p>'
    )
    assert extract(body=yahoo, title="The 8 coolest PlayStation VR games").authors == ["Ben Silverman"]


# A personal blog named after its writer: the site's name is the author's, when the page says so twice
def _own_site(author_tag: str, name: str = "Haki Benita") -> str:
    data = {
        "@context": "http://schema.org",
        "@type": "Article",
        "headline": "Simple Anomaly Detection Using Plain SQL",
        "datePublished": "2020-09-21",
        "author": {"@type": "Person", "name": name},
        "publisher": {"@type": "Organization", "name": name},
    }
    return f'{author_tag}<script type="application/ld+json">{json.dumps(data)}</script>'


def test_a_personal_site_named_after_its_writer_names_its_author():
    url = "https://hakibenita.example/sql-anomaly-detection"
    title = "Simple Anomaly Detection Using Plain SQL | Haki Benita"
    meta = extract(_own_site('<meta name="author" content="Haki Benita" />'), url=url, title=title)
    assert meta.authors == ["Haki Benita"]
    # a paper typing its own name as a Person, with no author tag saying so, is no author
    title = "Le fil info | Les Echos"
    meta = extract(_own_site("", "Les Echos"), url="https://www.lesechos.example/monde/le-fil-info", title=title)
    assert meta.authors == []


def test_a_personal_site_whose_byline_names_its_writer_names_its_author():
    """jvns.ca-like: og:site_name "Julia Evans", a JSON-LD Person as the post's author and a
    rel=author byline, but no author tag: her name was dropped as the site's, so a year in
    review's "Read and heard most" left out a writer read 10 times."""
    byline = '<h1>How DNS works</h1><p class="byline">by <a rel="author" href="/about">Julia Evans</a></p>'
    head = '<meta property="og:site_name" content="Julia Evans" />'
    page = _own_site(head, "Julia Evans") + byline + "<p>Text.</p>"
    meta = extract(page, url="https://jvns.example/blog/dns", title="How DNS works | Julia Evans")
    assert meta.authors == ["Julia Evans"]
    # a byline element that says it without a link: <span class="author">
    page = _own_site(head, "Julia Evans") + '<h1>How DNS works</h1><span class="author">Julia Evans</span>'
    meta = extract(page, url="https://jvns.example/blog/dns", title="How DNS works | Julia Evans")
    assert meta.authors == ["Julia Evans"]
    # a byline naming her without the JSON-LD Person is still the site's name
    page = head + byline + "<p>Text.</p>"
    assert extract(page, url="https://jvns.example/blog/dns", title="How DNS works | Julia Evans").authors == []
    # a paper's Person of its own name, whose byline names a writer, is no author either
    page = _own_site("", "Les Echos") + '<h1>Le fil</h1><p class="byline">Par <a rel="author">Anne Dupont</a></p>'
    meta = extract(page, url="https://www.lesechos.example/monde/le-fil", title="Le fil | Les Echos")
    assert meta.authors == ["Anne Dupont"]


# A news CMS (eZ Publish, as South Tyrol's stol.it runs it) prints the day above the section
# name and the headline, every element on its own indented line
EZ = """
<div class="roundCorner mb8 fl textBox">
    <div class="boxHeader">

        <span>14. Februar 2012</span>

        <span class="tools">

            <a href="#print">Drucken</a>

        </span>

    </div>

    <div class="copyright">

        © 2012 APA/AP

    </div>

    <div class="section">

        Politik

    </div>

    <h1>Verfassungsgericht: Berlusconis Prozess geht weiter</h1>
    <p>Der Prozess geht weiter, entschied das Gericht in Rom am Dienstag.</p>
</div>"""


def test_the_day_printed_above_the_headline_is_found_past_blank_lines_between_tags():
    title = "Verfassungsgericht: Berlusconis Prozess geht weiter / Politik"
    meta = extract(body=EZ, title=title, url="https://www.example.it/Artikel/Politik/Verfassungsgericht-Prozess")
    assert meta.published == "2012-02-14"


# Movable Type and the blogs built like it (goo blog) announce each post's trackback address
# in RDF inside an HTML comment, the only place the post's date is in machine form
TRACKBACK = """
<h1>鉄山～弥山～八経ヶ岳</h1><div class="entry-body">オオヤマレンゲ咲いてます</div>
<!--
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  xmlns:trackback="http://madskills.com/public/xml/rss/module/trackback/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
<rdf:Description
  rdf:about="https://blog.example.jp/jgccg115/e/5d8c31a659b95cc18a43ad75d152e80f"
  dc:title="鉄山～弥山～八経ヶ岳"
  dc:date="2020-07-03T17:16:22+09:00"
  trackback:ping="https://blog.example.jp/tb/5d8c31a659b95cc18a43ad75d152e80f" />
</rdf:RDF>
-->"""


def test_a_blogs_trackback_rdf_dates_the_post():
    url = "https://blog.example.jp/jgccg115/e/5d8c31a659b95cc18a43ad75d152e80f"
    assert (
        extract(body=TRACKBACK, title="鉄山～弥山～八経ヶ岳 - goo blog", url=url).published
        == "2020-07-03T17:16:22+09:00"
    )


# A Spanish paper names its special correspondent with the job in brackets, in the byline
def test_a_job_in_brackets_after_a_name_goes_and_the_name_stays():
    body = (
        "<h1>El incendio forestal en Los Gallardos</h1>"
        '<div class="article_details"><p class="author_name"><span><a href="/autores/chus-del-pino.html" '
        'rel="author">Chus del Pino</a>, <a href="/autores/marti-abad.html" rel="author">Martí Abad '
        "(Enviado especial)</a></span></p></div><p>Texto.</p>"
    )
    meta = extract(body=body, title="El incendio forestal en Los Gallardos", url="https://www.example.es/local/1.html")
    assert meta.authors == ["Chus del Pino", "Martí Abad"]


# CSS-in-JS (Emotion) names its classes after the component, capitalised: "css-1wkce1i-Byline"
def test_a_byline_components_class_in_capitals_is_a_byline():
    body = (
        '<h1 class="css-u9fr6g">Aussie Government Sparks Fury Over Covid-19 Ad</h1><div class="css-rh72n6">'
        '<div class="css-1wkce1i-Byline"><div class="css-1i94zmg-Avatar"></div><div class="css-1rzujy7">'
        '<span class="css-1vq2rpi">Stewart Perrie</span></div></div></div><p>Text.</p>'
    )
    assert extract(body=body, title="Aussie Government Sparks Fury Over Covid-19 Ad").authors == ["Stewart Perrie"]


# A local TV station's page: its logo's text in the byline line, then its newsroom's name
def test_a_stations_logo_before_its_desks_byline_is_no_one():
    body = (
        '<h1 class="headline">Penn Station to close overnight</h1><div class="originBylineContainer">'
        '<div class="origin-logo wabc byline"><span class="wabc byline">WABC</span></div>'
        '<div class="wabc byline">By <!-- -->Eyewitness News</div></div><p>Text.</p>'
    )
    assert extract(body=body, title="Penn Station to close overnight").authors == []


# A Java CMS fills its date tags with Java's default date string
def test_a_head_date_in_javas_default_format_is_read_and_a_tweets_in_the_body_is_not():
    head = '<meta property="article:published_time" content="Mon Aug 03 12:45:00 EDT 2015">'
    assert extract(head, url="https://news.example.com/energy/gender-bias/").published == "2015-08-03"
    body = (
        '<span class="headline-timestamp"><time datetime="2016-10-03T16:35:39.000Z">Posted on 3 Oct 2016</time></span>'
        '<h1>People are calling out this edited picture</h1><blockquote class="subbuzz-tweet"><p>Here</p>'
        '<time class="subbuzz-tweet__timestamp"><a href="https://twitter.com/x/status/1">'
        "Fri Sep 30 15:13:45 UTC+0000 2016</a></time></blockquote>"
    )
    meta = extract(body=body, title="People are calling out this edited picture", url="https://www.example.com/ikrd/p")
    assert meta.published == "2016-10-03T16:35:39+00:00"


# A site's logo in an <h1> linking to its front page, before the story's own heading
def test_a_logo_h1_linking_home_is_not_the_title_whatever_words_it_shares():
    title = "Conversations with a Cryptid - Chapter 1 - AMournfulHowl [Archive of Our Own]"
    body = (
        '<h1 class="heading"><a href="/"><span>Archive of Our Own</span> <sup>beta</sup>'
        '<img alt="Archive of Our Own" class="logo" src="/logo.png"></a></h1>'
        '<div id="workskin"><h2 class="title heading">Conversations with a Cryptid</h2><p>Text.</p></div>'
    )
    meta = extract(body=body, title=title, url="https://archive.example.org/works/1/chapters/2")
    assert meta.title == title
    # the story's <h1> linking to its own page is still the headline it shows
    body = '<h1><a href="/works/1">Conversations with a Cryptid</a></h1><p>Text.</p>'
    meta = extract(
        body=body, title="Conversations with a Cryptid | Fan Fiction Hub", url="https://archive.example.org/w/1"
    )
    assert meta.title == "Conversations with a Cryptid"


# Le Monde names the writers who helped in brackets after the first: all three wrote it
def test_co_writers_in_brackets_after_a_name_are_authors_too():
    body = (
        '<article itemscope itemtype="http://schema.org/NewsArticle"><h1 itemprop="Headline">Le projet de loi '
        'approuvé</h1><p class="bloc_signature"><span class="signature_article">Par <span itemprop="author" '
        'class="auteur"><a class="auteur" href="/journaliste/martin-untersinger/">Martin Untersinger</a> '
        "(avec Damien Leloup et Morgane Tual)</span></span></p><p>Texte.</p></article>"
    )
    meta = extract(
        body=body, title="Le projet de loi approuvé", url="https://www.example.fr/pixels/article/2015/05/04/a"
    )
    assert meta.authors == ["Martin Untersinger", "Damien Leloup", "Morgane Tual"]
    assert extract('<meta name="author" content="Ana Ruiz (con Pedro Gil)">').authors == ["Ana Ruiz", "Pedro Gil"]


def _funke(h2: str) -> str:
    """Funke's news sites (WAZ, Abendblatt, Morgenpost): the <h1> is the breadcrumb's line and
    repeats the <title> written for search engines; the headline on show is an <h2>."""
    return (
        '<nav><h1 class="whitespace-nowrap" data-breadcrumb-headline="">Archäologische Sensation: Uralte '
        f'Maya-Städte in Guatemala entdeckt</h1></nav><article><h2 class="outline-none expressive-heading-3xl">\n'
        f"      {h2}\n\t\t</h2><p>Text.</p></article>"
    )


def test_the_declared_headline_on_show_in_an_h2_beats_the_h1_that_repeats_the_seo_title():
    declared = "Unbekannte Maya-Städte werfen neues Licht auf die Frühzeit"
    seo = "Archäologische Sensation: Uralte Maya-Städte in Guatemala entdeckt"
    head = jsonld({"@context": "https://schema.org", "@type": "NewsArticle", "headline": declared})
    head += f'<meta property="og:title" content="{seo}">'
    url = "https://www.waz.de/panorama/article409182690/unbekannte-maya-staedte.html"
    assert extract(head, _funke(declared), title=seo, url=url).title == declared
    # An <h2> that says something else (a teaser's) leaves the <h1> its win over the JSON-LD
    assert extract(head, _funke("Weitere Videos"), title=seo, url=url).title == seo


def _under_breadcrumb(headline: str, after: str = "") -> str:
    """Stern's, n-tv's, Spektrum's articles: the breadcrumb's last item is an <h1> repeating the
    <title> written for search engines; the headline a reader sees is the next <h2>, a kicker
    over it in its own <span>."""
    return (
        '<nav><h2 class="show-for-small-only">Fachgebiete</h2><ul><li><a href="/wirtschaft/">Wirtschaft</a></li>'
        '</ul></nav><div class="breadcrumb"><ol itemscope itemtype="https://schema.org/BreadcrumbList">'
        '<li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"><span class="sr-only">'
        'Aktuelle Seite: </span><h1 itemprop="name" class="breadcrumb__headline">EPI Zahlungssystem: So kann '
        'Europa Paypal, Apple Pay und Visa schlagen</h1></li></ol></div><header class="title"><h2 class="title__'
        'heading"> <span class="title__kicker">European Payments Initiative</span> <span class="sr-only">: '
        f'</span><span class="title__headline">{headline}</span> </h2></header><p>Text.</p>{after}'
    )


def test_the_social_headline_on_show_in_the_h2_after_a_breadcrumbs_h1_is_the_title():
    seo = "EPI Zahlungssystem: So kann Europa Paypal, Apple Pay und Visa schlagen"
    social = "Statt Paypal &amp; Co.: So könnte Europas neues Bezahlsystem die US-Konkurrenz schlagen"
    head = jsonld({"@context": "https://schema.org", "@type": "NewsArticle", "headline": seo})
    head += f'<meta property="og:title" content="{social}">'
    url = "https://www.stern.de/wirtschaft/geld/epi-zahlungssystem--so-kann-europa-paypal-33745930.html"
    want = "Statt Paypal & Co.: So könnte Europas neues Bezahlsystem die US-Konkurrenz schlagen"
    assert extract(head, _under_breadcrumb(social), title=f"{seo} | STERN.de", url=url).title == want
    # Soft hyphens the <h2> breaks a long word with are no other words (Tages-Anzeiger)
    hyphened = social.replace("Bezahlsystem", "Bezahl&shy;system")
    assert extract(head, _under_breadcrumb(hyphened), title=seo, url=url).title == want
    # The next <h2> saying something else (the story's first section) leaves the <h1>'s title
    assert extract(head, _under_breadcrumb("Onlineshops sollen es 2024 bekommen"), title=seo, url=url).title == seo


def test_the_social_headline_said_in_another_box_or_inside_the_h1_is_not_the_title():
    """A "Most popular" box lists the page's own story under its social headline (i): no
    headline on show. An <h1> that is kicker and headline, and the og:title the headline alone
    (Mitteldeutsche Zeitung): the <h1> says more. A live ticker's <h1> following its latest
    entry, worded apart from the JSON-LD's headline (BR24): the h2 after it says the same."""
    url = "https://news.example.com/sport/tennis/us-open-2023-results-2580837"
    seo = "US Open 2023 results: Andy Murray among six British players to record first-round wins"
    social = "16-0! All six British players win without dropping a set on perfect Tuesday"
    head = f'<meta property="og:title" content="{social}">'
    body = (
        f'<h1 class="headline">{seo}</h1><h2 class="excerpt">Boulter, Burrage, Draper, Evans, Murray and Norrie '
        f"all won</h2><p>Text.</p><aside><h2>Most popular</h2><ul><li><h2>{social}</h2></li></ul></aside>"
    )
    assert extract(head, body, title=seo, url=url).title == seo
    whole = "Bei Protesten 2022: Bericht: Aktivistin getötet - Irans Justiz dementiert"
    head = jsonld({"@context": "https://schema.org", "@type": "NewsArticle", "headline": whole})
    head += '<meta property="og:title" content="Bericht: Aktivistin getötet - Irans Justiz dementiert">'
    body = (
        f'<ol><li><h1 itemprop="name" class="fp-breadcrumbs__item-text">{whole}</h1></li></ol><h2><span class="'
        'fp-article-heading__catchline">Bei Protesten 2022&nbsp;</span><span class="fp-article-heading__title">'
        "Bericht: Aktivistin getötet - Irans Justiz dementiert</span></h2><p>Text.</p>"
    )
    assert extract(head, body, title=whole, url=url).title == whole
    declared = "Krieg in Israel und Gaza im News-Ticker vom 26. August bis 1. September"
    latest = "Nahost-Ticker: Palästinenser mutmaßlich von Siedlern erschossen"
    head = jsonld({"@context": "https://schema.org", "@type": "NewsArticle", "headline": declared})
    head += f'<meta property="og:title" content="{latest}">'
    body = f'<h1 class="breadcrumbHeadline">{latest}</h1><h2 class="heading1">{latest}</h2><p>Text.</p>'
    assert extract(head, body, title=f"{latest} | BR24", url=url).title == declared


def test_piano_cxense_author_tag_names_the_writer():
    """Piano's cXense tags, the only byline in the head of Mainichi's and Raw Story's articles
    (the body's is a plain link); a desk's name there is still no person."""
    tag = '<meta name="cXenseParse:author" content="{}" data-separator=",">'
    url = "https://mainichi.jp/articles/20250114/k00/00m/030/335000c"
    assert extract(tag.format("松岡大地"), "<h1>停戦</h1><p>本文。</p>", url=url).authors == ["松岡大地"]
    raw = '<meta content="Tana Ganeva" name="cXenseParse:author">'
    assert extract(raw, url="https://www.rawstory.com/2016/12/these-6-celebrities/").authors == ["Tana Ganeva"]
    assert extract(tag.format("ZDNet Japan Staff"), url="https://japan.zdnet.com/article/35136396/").authors == []


def test_a_byline_whose_names_end_at_a_slash_before_the_agency_and_date():
    """The Times of India: "Saibal Dasgupta / TNN / Updated: Oct 9, 2019" (the writer, the
    agency, the date); a German paper's "Anna Schmidt / dpa" is the same shape."""
    toi = (
        '<h1 class="K55Ut"><span>China snubs Imran, says resolve Kashmir bilaterally</span></h1>'
        '<div class="C--nQ byline_action"><div class="yYIu- byline"><a href="https://timesofindia.indiatimes.com/'
        'toireporter/author-Saibal-Dasgupta-13399.cms" target="_blank" rel="noopener">Saibal Dasgupta</a> / TNN / '
        "<span>Updated: Oct 9, 2019, 11:05 IST</span></div></div><p>Text.</p>"
    )
    url = "https://timesofindia.indiatimes.com/india/china-snubs-imran/articleshow/71500413.cms"
    assert extract(body=toi, url=url).authors == ["Saibal Dasgupta"]
    german = '<h1>Brand in Lichterfelde</h1><p class="byline">Anna Schmidt / dpa</p><p>Text.</p>'
    assert extract(body=german, url="https://www.morgenpost.de/berlin/article2422/brand.html").authors == [
        "Anna Schmidt"
    ]
    # a slash between two people joins them: the first alone is half a list (review 6)
    both = '<h1>Brand in Lichterfelde</h1><p class="byline">Anna Schmidt / Max Müller</p><p>Text.</p>'
    assert extract(body=both, url="https://www.morgenpost.de/berlin/article2422/brand.html").authors == [
        "Anna Schmidt",
        "Max Müller",
    ]


def test_an_author_tag_naming_the_publisher_by_its_own_address_is_no_one():
    """Deutsche Welle's pages: <meta name="author" content="Deutsche Welle (www.dw.com)">, the
    site itself (its writer is only in the body's side list). A person's own site in brackets,
    on another host, still names the person."""
    head = '<meta name="author" content="Deutsche Welle (www.dw.com)"><meta property="og:site_name" content="DW.COM">'
    url = "https://www.dw.com/de/ukrainische-gegenoffensive-ziele-chancen-risiken/a-65464327"
    assert extract(head, "<h1>Ukrainische Gegenoffensive: Ziele, Chancen, Risiken</h1>", url=url).authors == []
    own = '<meta name="author" content="Bradley M. Kuhn (http://ebb.org/bkuhn/)">'
    assert extract(own, url="https://sfconservancy.org/blog/2017/mar/01/").authors == ["Bradley M. Kuhn"]
    blog = '<meta name="author" content="Jane Doe (janedoe.net)"><meta property="og:site_name" content="janedoe.net">'
    assert extract(blog, url="https://janedoe.net/2024/05/notes/").authors == ["Jane Doe"]


def test_a_team_blogs_account_in_a_blogger_byline_is_no_person():
    """Google's team blogs on Blogger: "Posted by Android Developers", the account the team
    posts with (a person's own account there reads "Posted by Jane Doe"); on a host that does
    not spell the team's name (Readability's copy of the page, a blog's own domain)."""
    footer = (
        '<h3 class="post-title entry-title">Saving Data: Reducing the size of App Updates by 65%</h3>'
        '<div class="post-body entry-content"><p>Text.</p></div><div class="post-footer">'
        '<div class="post-footer-line post-footer-line-1"><span class="post-author vcard">\nPosted by\n'
        '<span class="fn">\n<a href="https://www.blogger.com/profile/08588467489110681140" itemprop="author" '
        'rel="author" title="author profile">\n{}\n</a>\n</span>\n</span></div></div>'
    )
    url = "https://blog.example.dev/2016/12/saving-data-reducing-the-size-of-app-updates.html"
    title = "Saving Data: Reducing the size of App Updates by 65% | Android Developers Blog"
    assert extract(body=footer.format("Android Developers"), url=url, title=title).authors == []
    assert extract(body=footer.format("Jane Doe"), url=url, title=title).authors == ["Jane Doe"]


def test_a_by_line_under_the_headline_that_no_class_marks_names_the_writer():
    """Quartz and Bustle generate their class names ("_ceVT", "Yc FC"): the byline is only
    "By" and a name on the lines under the headline. Not an agency, nor a "By" lower down."""
    quartz = (
        '<header><h1 class="_21349">Nigeria’s economy has had its best quarterly growth</h1>'
        '<div class="fDcR9"><div class="_ceVT">By <span class="rlwyg">Yomi Kazeem</span></div>'
        '<div class="rpyRU">Published <time datetime="2020-02-24T13:03:23.000Z">February 24, 2020</time></div>'
        "</div></header><p>Text.</p>"
    )
    url = "https://qz.com/africa/1807355/nigerias-economy-has-best-quarterly-growth"
    assert extract(body=quartz, url=url).authors == ["Yomi Kazeem"]
    bustle = (  # (its headline alone in three blocks of its own: the byline row is a cousin's)
        '<main><div class="Gh"><div class="Ab"><div class="Cd"><div class="Ef"><h1>The Transformative Power Of '
        'Feminist Compliments</h1></div></div></div><div class="gO"><div class="Yc FC"><span>By </span>'
        '<a href="/p/teresa-newsome" class="NU">Teresa Newsome</a></div></div></div><p>Text.</p></main>'
    )
    assert extract(body=bustle, url="https://www.bustle.com/articles/194709-13-ways").authors == ["Teresa Newsome"]
    agency = quartz.replace("Yomi Kazeem", "Reuters")
    assert extract(body=agency, url=url).authors == []
    lower = quartz.replace('<div class="_ceVT">By <span class="rlwyg">Yomi Kazeem</span></div>', "")
    lower += "".join(f"<p>Paragraph {n}.</p>" for n in range(8)) + "<p>By <span>Yomi Kazeem</span></p>"
    assert extract(body=lower, url=url).authors == []
    afp = (
        "<h1>Nein, dieses Video zeigt keine Proteste in Paris</h1><ul>"
        '<li class="information-item">Von:\n<span class="person-link"><a href="https://faktencheck.afp.com/bill-'
        'mccarthy">Bill  MCCARTHY</a>,\n</span>\n<span class="person-link"><a href="https://faktencheck.afp.com/'
        'marisha-goldhamer">Marisha GOLDHAMER</a></span></li>'
        '<li class="information-item">Übersetzung und Adaptierung: <span class="person-link">AFP Deutschland'
        "</span></li></ul><p>Text.</p>"
    )
    # (each co-author's link on a line of its own, the comma on the next)
    names = extract(body=afp, url="https://faktencheck.afp.com/doc.afp.com.B2LA2G3").authors
    assert names == ["Bill MCCARTHY", "Marisha GOLDHAMER"]


# Deutsche Welle's older article layout: the related stories' teasers, each with its day, sit in
# the headline's block; the article's own day is in the side list, labelled "Datum"
DW = """
<div class="col3"><h4 class="artikel">Krieg in der Ukraine</h4>
<h1>Ukrainische Gegenoffensive: Ziele, Chancen, Risiken </h1>
<p class="intro">Die Ukraine bereitet sich auf eine Gegenoffensive vor.</p>
<div class="col3 relatedContent"><div class="col1"><div class="news">
<a href="/de/ukrainischer-militaergeheimdienst-zuversichtlich/a-65453399"><h2>
<span class="date">24.04.2023</span> Militärgeheimdienst zuversichtlich</h2></a></div></div></div></div>
<div class="col1 dim"><div class="group"><ul class="smallList">
<li><strong>Datum</strong> 28.04.2023 </li><li><strong>Autorin/Autor</strong> Roman Goncharenko </li></ul></div></div>
"""


def test_a_related_storys_day_beside_the_headline_is_not_the_articles():
    url = "https://www.dw.com/de/ukrainische-gegenoffensive-ziele-chancen-risiken/a-65464327"
    assert (
        extract(body=DW, title="Ukrainische Gegenoffensive: Ziele, Chancen, Risiken", url=url).published == "2023-04-28"
    )


def test_a_japanese_headline_worded_apart_from_its_seo_title_is_the_title():
    """Lifehacker Japan: the <title> and share card say "…！ 新聞も家具も簡単に固定", the article's
    <h1> "…！ 家具の固定も簡単". Japanese puts no spaces between words: the two agree by their
    characters, not by space-separated words."""
    site = "ライフハッカー［日本版］"
    seo = "ファインの新聞ストッカーは引越しにも使える！ 新聞も家具も簡単に固定"
    head = f'<meta property="og:site_name" content="{site}"><meta name="twitter:title" content="{seo} | {site}">'
    body = (
        '<h1 class="header_stHeader_Logo__2j-rC"><a href="/"><svg><title>lifehacker</title></svg></a></h1>'
        '<article><h1 class="article_pArticle_Title__1ms6s">ファインの新聞ストッカーは引越しにも使える！ '
        "家具の固定も簡単</h1><p>本文。</p></article>"
    )
    url = "https://www.lifehacker.jp/2019/03/amazon-fine-newspaper-stocker.html"
    meta = extract(head, body, title=f"{seo} | {site}", url=url)
    assert meta.title == "ファインの新聞ストッカーは引越しにも使える！ 家具の固定も簡単"


def test_a_japanese_blogs_name_in_an_h1_is_not_its_posts_title():
    """A diary blog (takagi-hiromitsu.jp): "Blog - Post" in <title>, the blog's name in an <h1>
    that does not link home: the post's long title is no short affix beside the blog's name."""
    blog, post = (
        "高木浩光＠自宅の日記",
        "改正NICT法がプチ炎上、工場出荷時共通初期パスワードが識別符号に当たらないことが理解されていない",
    )
    body = f"<h1>{blog}</h1><h3>■ {post}</h3><p>本文。</p>"
    meta = extract(body=body, title=f"{blog} - {post}", url="http://takagi-hiromitsu.jp/diary/20190211.html")
    assert post in meta.title


def test_an_events_labelled_day_further_down_is_not_the_articles():
    """A club's or a meetup's announcement prints its own day under the headline, unlabelled,
    and the event's below, labelled "Datum:" or "Date:" as any event's is: the labelled day
    read before the headline's lines made every such page dated by its event, months ahead."""
    url = "https://verein.example.de/aktuelles/sommerfest"
    german = (
        "<article><h1>Sommerfest im Stadtpark</h1><p>3. März 2024</p><p>Kommen Sie vorbei!</p>"
        "<dl><dt>Datum</dt><dd>12.05.2024</dd><dt>Ort</dt><dd>Stadtpark</dd></dl></article>"
    )
    assert extract(body=german, title="Sommerfest im Stadtpark", url=url).published == "2024-03-03"
    english = (
        "<article><h1>Python meetup returns to Berlin</h1><p>March 3, 2024</p><p>Join us.</p>"
        "<ul><li>Date: May 12, 2024</li><li>Venue: c-base</li></ul></article>"
    )
    assert extract(body=english, title="Python meetup returns to Berlin", url=url).published == "2024-03-03"


def test_a_wrapper_named_for_related_posts_around_the_article_hides_not_its_day():
    """A theme's "has-related-posts" class on the article's own wrapper is no box of other
    stories: the day under its headline is still the article's."""
    body = (
        "<div class='article has-related-posts'><div><h1>Storm batters the coast overnight</h1>"
        "<p>3 May 2024</p><p>Text.</p></div></div><aside><p>Datum: 12.05.2024</p></aside>"
    )
    url = "https://news.example.com/coast/storm"
    assert extract(body=body, title="Storm batters the coast overnight", url=url).published == "2024-05-03"


def test_a_pictures_caption_under_the_headline_gives_not_the_articles_day():
    """DW's page as it is: under the headline a picture's caption ends with the day the photo
    was taken ("…um Bachmut, 24. April 2023", in a `.picBox`), read as the article's own day
    before the side list's "Datum 28.04.2023"."""
    caption = (
        '<div class="col3 picBox full"><img src="/image/65447270_303.jpg" alt="">'
        "<p>Ukrainische Kriegstechnik bei den Kämpfen um Bachmut, 24. April 2023</p></div>"
    )
    body = DW.replace('<p class="intro">', caption + '<p class="intro">')
    url = "https://www.dw.com/de/ukrainische-gegenoffensive-ziele-chancen-risiken/a-65464327"
    assert extract(body=body, title="Ukrainische Gegenoffensive: Ziele, Chancen, Risiken", url=url).published == (
        "2023-04-28"
    )


def test_a_class_saying_unrelated_is_no_box_of_related_stories():
    """ "related" marks a box of other stories (DW's `.relatedContent`, a theme's `.related-posts`),
    not the word inside another ("unrelated"): a theme's byline row `.entry-meta unrelated`
    holds the article's own day, which was passed over for a side list's story's."""
    side = "<aside><ul><li><span class='date'>12.05.2024</span> Other story</li></ul></aside>"
    url = "https://news.example.com/coast/storm"
    marked = (
        "<div class='site'><div class='content'><div class='wrap'><main><article class='post'>"
        "<header><h1>Storm batters the coast overnight</h1></header><div class='entry-meta unrelated'>"
        "<time datetime='2024-05-03T08:00:00+02:00'>Friday</time></div><p>Text.</p></article></main></div></div>"
    )
    meta = extract(body=marked + side + "</div>", title="Storm batters the coast overnight", url=url)
    assert meta.published == "2024-05-03T08:00:00+02:00"
    # (and the line under the headline, read as text: no teaser of a related story either)
    shown = "<article><h1>Storm batters the coast overnight</h1><p class='unrelated'>3 May 2024</p><p>Text.</p>"
    more = "<ul class='more'><li>Other story, 12.05.2024</li></ul>"
    meta = extract(body=shown + more + "</article>", title="Storm batters the coast overnight", url=url)
    assert meta.published == "2024-05-03"


def test_a_kicker_the_headline_shows_is_kept_as_the_share_card_punctuates_it():
    """Tageblatt (Luxembourg, WordPress): the <h1> shows a kicker in a <span> over the headline,
    the share card writes both ("Nationale Demo / Der 9. Juli naht: ..."), the JSON-LD the
    headline alone. The title is every word on show, as the card punctuates them."""
    headline = "Der 9. Juli naht: OGBL und LCGB demonstrieren Stärke und Einheit gegenüber Regierung Frieden"
    head = f'<meta property="og:title" content="Nationale Demo / {headline}">' + jsonld(
        {"@context": "https://schema.org", "@type": "NewsArticle", "headline": headline}
    )
    body = f"<article><h1>\n  <span>Nationale Demo</span>{headline}  </h1><p>Text.</p></article>"
    url = "https://www.tageblatt.lu/headlines/der-9-juli-naht-ogbl-und-lcgb-demonstrieren-staerke/"
    meta = extract(head, body, title=f"Nationale Demo {headline} - Tageblatt.lu", url=url)
    assert meta.title == f"Nationale Demo / {headline}"


def test_a_one_word_sections_label_over_the_headline_is_no_kicker():
    """The Washington Post's opinion pieces: "Opinion" in a <span> over the headline, "Opinion |"
    in the share card; a section's label, which a title leaves out."""
    headline = "What I’ll be praying for this Christmas"
    head = f'<meta property="og:title" content="Opinion | {headline}">' + jsonld(
        {"@context": "https://schema.org", "@type": "NewsArticle", "headline": headline}
    )
    body = (
        '<h1 data-qa="headline"><span data-qa="headline-opinion-prefix">Opinion<span role="separator"> '
        f'</span> </span><span data-qa="headline-opinion-text">{headline}</span></h1><p>Text.</p>'
    )
    url = "https://www.washingtonpost.com/opinions/2023/12/22/christmas-prayer/"
    meta = extract(head, body, title=f"Opinion | {headline} season - The Washington Post", url=url)
    assert meta.title == headline


def test_a_magazine_story_filed_under_its_print_issues_day_is_dated_as_it_shows():
    """The New Yorker files a magazine story under its print issue's day ("/magazine/2016/12/05/"),
    a week after it went online: the head's day, shown under the headline, is the publication's.
    (A URL's day still beats a head date the page does not show: a template's or a copy's.)"""
    head = '<meta name="article:published_time" content="2016-11-28T00:00:00.000Z">'
    body = (
        "<article><header><h1>Lessons from My Mother</h1><p>By James Wood</p>"
        '<time data-testid="ContentHeaderPublishDate" class="ContentHeaderPublishDate-kdfRBW">November 27, 2016</time>'
        "</header><p>Text.</p><p>Published in the print edition of the "
        '<a href="/magazine/2016/12/05">December 5, 2016</a>, issue.</p></article>'
    )
    url = "http://www.newyorker.com/magazine/2016/12/05/lessons-from-my-mother"
    assert extract(head, body, url=url, title="Lessons from My Mother").published == "2016-11-28T00:00:00+00:00"
    unshown = body.replace("November 27, 2016", "")
    assert extract(head, unshown, url=url, title="Lessons from My Mother").published == "2016-12-05"


def test_a_theme_text_style_named_caption_is_no_pictures_caption():
    """IGN's wiki pages set the byline and the date line under the headline in `.caption`, a
    text style with no picture near it: only a caption by a picture dates the photo, not the page.
    (Without it the page fell through to readers that scan all of a 1.3 MB page.)"""
    body = (
        '<div class="page-header"><h1 class="display-title">All Shrine Locations and Solutions</h1>'
        '<div class="stack byline-stack"><div class="caption jsx-1541923331">By Miranda Sanchez</div>'
        '<div class="caption jsx-1541923331 stack wiki-page-date-modified">updated'
        '<time itemprop="dateModified" class="jsx-3322652205">Sep 4, 2023</time></div></div></div>'
        "<p>Text.</p><aside><ul><li>Other guide, 12.05.2024</li></ul></aside>"
    )
    url = "https://www.ign.com/wikis/the-legend-of-zelda-tears-of-the-kingdom/All_Shrine_Locations_and_Solutions"
    assert extract(body=body, title="All Shrine Locations and Solutions", url=url).published == "2023-09-04"
    # (a caption beside its picture still dates only the photo: DW's)
    pictured = body.replace(
        '<div class="stack byline-stack">', '<div class="stack byline-stack"><img src="/a.jpg" alt="">'
    )
    assert extract(body=pictured, title="All Shrine Locations and Solutions", url=url).published != "2023-09-04"


# Vox Media's Chorus (Vox, The Verge, Polygon) and WordPress VIP's Sailthru plugin fill
# "sailthru.date" with the story's last edit, which the byline shows as an update
CHORUS = """
<meta property="article:published_time" content="2017-12-15T08:50:02-05:00" />
<meta property="article:modified_time" content="2018-07-24T14:15:58-04:00" />
<meta name="sailthru.date" content="2018-07-24" />"""
CHORUS_BODY = """
<div class="c-entry-hero"><h1 class="c-page-title">The 21 best movies of 2017</h1>
<p class="c-entry-summary">How to watch the greatest movies of the year.</p>
<div class="c-byline">
<span class="c-byline__item">By <a href="/authors/alissa-wilkinson">Alissa Wilkinson</a></span>
<span class="c-byline__item">{label}<time class="c-byline__item" datetime="2018-07-24T18:15:58+00:00">
Jul 24, 2018, 2:15pm EDT</time></span></div></div>
<div class="c-entry-content"><p>Text of the story.</p></div>"""
WP_VIP = """
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "City council votes on the budget",
"datePublished": "2021-03-02T09:00:00-06:00", "dateModified": "2021-05-10T16:30:00-05:00"}</script>
<meta name="sailthru.date" content="2021-05-10 16:30:00" />"""
WP_VIP_BODY = """
<article class="post"><header class="entry-header"><h1 class="entry-title">City council votes on the budget</h1>
<div class="entry-meta"><span class="byline">By <a rel="author" href="/author/jdoe/">Jane Doe</a></span>
<span class="posted-on">{label}<time class="updated" datetime="2021-05-10T16:30:00-05:00">May 10, 2021</time></span>
</div></header><div class="entry-content"><p>Text of the story.</p></div></article>"""


def test_a_publication_tag_holding_the_update_the_byline_shows_does_not_outvote_the_published_time():
    url = "https://www.vox.com/culture/best-movies-2017"
    chorus = extract(CHORUS, CHORUS_BODY.format(label="Updated "), url, title="The 21 best movies of 2017 - Vox")
    assert chorus.published[:10] == "2017-12-15"
    url = "https://citynews.example.com/news/council-budget-vote/"
    vip = extract(WP_VIP, WP_VIP_BODY.format(label="Updated on "), url, title="City council votes on the budget")
    assert vip.published[:10] == "2021-03-02"


def test_a_date_shown_unlabelled_that_a_second_head_tag_agrees_with_still_outvotes_the_first():
    # (no "Updated": the page shows the day the second tag says, the first was a template's)
    url = "https://citynews.example.com/news/council-budget-vote/"
    vip = extract(WP_VIP, WP_VIP_BODY.format(label=""), url, title="City council votes on the budget")
    assert vip.published[:10] == "2021-05-10"
    # nor is an editor's credit beside the day an update's label (U.S. News's byline)
    usnews = extract(WP_VIP, USNEWS_BODY, url, title="City council votes on the budget")
    assert usnews.published[:10] == "2021-05-10"


USNEWS_BODY = """
<h1 class="Heading__HeadingStyled">City council votes on the budget</h1>
<div class="BylineArticle__Container"><p class="Paragraph">By <a href="/topics/author/jane-doe">Jane Doe</a></p>
<span class="BylineArticle__Pipe">|</span><p class="Paragraph">Edited by
<a href="/topics/author/dawn-bradbury">Dawn Bradbury</a></p><span class="BylineArticle__Pipe">|</span>
<span class="BylineArticle__DateSpan byline-article-date-span">May 10, 2021</span></div>
<div class="Raw"><p>Text of the story.</p></div>"""


# A live ticker: its <h1> and its <time> follow the latest entry, its head keeps the page's own
NZZ_TICKER = """
<script type="application/ld+json">{"@type": "NewsArticle",
"headline": "Israel und Gaza: News und Entwicklungen im Nahostkonflikt",
"datePublished": "2023-10-07T09:53:36+02:00", "dateModified": "2024-07-18T13:08:27+02:00"}</script>"""
NZZ_TICKER_BODY = """
<header class="headline"><h1 class="headline__title"><span>{h1}</span></h1>
<p class="headline__lead">Die wichtigsten Neuigkeiten zum Gaza-Krieg im Überblick</p>
<div class="metainfo"><span class="metainfo__item--author">NZZ-Redaktion</span>
<span class="metainfo__item--date"><time datetime="2024-07-18T09:08:27.012Z">18.07.2024, 11.08 Uhr</time></span>
</div></header><section class="liveticker"><p>Die neusten Entwicklungen.</p></section>"""
# schema.org's LiveBlogPosting (the Guardian's, the BBC's, WordPress live-blog plugins')
LIVE_BLOG = """
<script type="application/ld+json">{"@type": "LiveBlogPosting",
"headline": "Election night 2024: results as they come in",
"datePublished": "2024-11-05T18:00:00-05:00", "dateModified": "2024-11-07T09:12:00-05:00",
"coverageStartTime": "2024-11-05T18:00:00-05:00"}</script>"""
LIVE_BLOG_BODY = """
<div class="live-blog"><h1>Election night 2024: results as they come in</h1>
<div class="meta"><time datetime="2024-11-07T09:12:00-05:00">Nov 7, 2024, 9:12 AM</time></div>
<article class="block"><p>The latest count.</p></article></div>"""


def test_a_live_tickers_headline_of_its_latest_news_is_not_its_title_nor_its_last_entry_its_day():
    url = "https://www.nzz.ch/international/israel-und-gaza-news-und-entwicklungen-im-nahostkonflikt-ld.1759794"
    h1 = "Krieg in Nahost: USA schliessen provisorischen Hafen +++ Israel schickt Panzer in Norden von Rafah"
    title = "Israel und Gaza: News und Entwicklungen im Nahostkonflikt"
    ticker = extract_metadata(page(NZZ_TICKER, NZZ_TICKER_BODY.format(h1=h1), title=title), url)
    assert (ticker.title, ticker.published[:10]) == (title, "2023-10-07")
    live = extract(LIVE_BLOG, LIVE_BLOG_BODY, "https://www.example.com/us-news/live/election-results")
    assert live.published[:10] == "2024-11-05"


def test_a_stories_headline_worded_apart_from_its_head_title_still_wins_and_its_update_dates_it():
    # (the same page, not live: the <h1> the reader sees is the title, and the page shows its
    # last edit's day as its own, republished)
    url = "https://www.nzz.ch/international/hafen-vor-gaza-ld.1759794"
    h1 = "Krieg in Nahost: USA schliessen den provisorischen Hafen vor der Gaza-Küste"
    title = "Israel und Gaza: USA schliessen Hafen"
    story = extract_metadata(page(NZZ_TICKER, NZZ_TICKER_BODY.format(h1=h1), title=title), url)
    assert (story.title, story.published[:10]) == (h1, "2024-07-18")


def test_a_topic_pages_one_word_title_gives_way_to_the_headline_that_holds_it():
    # a party's topic page (Gatsby), a docs page (Sphinx), a charity's campaign page (WordPress)
    gruene = extract(
        '<meta name="twitter:title" content="Arbeit">',
        '<main><h1 class="styles-module--headline--niWjO">Wir kämpfen für gute Arbeit</h1>'
        "<h2>Das haben wir vor: So wollen wir die Arbeitswelt gerechter machen</h2></main>",
        "https://www.gruene.de/themen/arbeit",
        title="Arbeit - BÜNDNIS 90/DIE GRÜNEN",
    )
    assert gruene.title == "Wir kämpfen für gute Arbeit"
    sphinx = extract(
        "",
        '<div class="body" role="main"><section id="installation"><h1>Installation from source and wheels'
        '<a class="headerlink" href="#installation">¶</a></h1><p>Text.</p></section></div>',
        "https://docs.example.org/en/latest/install.html",
        title="Installation — Example 2.1 documentation",
    )
    assert sphinx.title == "Installation from source and wheels"


def test_a_headline_padding_a_title_of_several_words_still_leaves_it():
    # (a kicker read into the <h1> before a title of several words is no fuller headline)
    story = extract(
        '<meta property="og:title" content="The cartoons that got Tehran talking">',
        '<h1><span class="kicker">Opinion</span> The cartoons that got Tehran talking</h1>',
        "https://www.example.com/opinion/cartoons-tehran",
        title="The cartoons that got Tehran talking | Example",
    )
    assert story.title == "The cartoons that got Tehran talking"


def test_a_themes_h2_headline_under_logo_h1s_beats_a_social_title_worded_apart():
    # a WordPress news theme whose <h1>s are its logo at three sizes, and Blogger's Minima, whose
    # <h1> is the blog's name linking home and each post's title an <h2>
    logo = '<h1><a href="https://www.example-insider.com/"><img src="/logo.png" alt="The Insider"></a></h1>'
    wordpress = extract(
        '<meta name="twitter:title" content="As Electoral College Elects Trump, Hillary is Embarrassed!">',
        logo * 3 + '<h2 class="sr-only">Site Navigation</h2><article><h2>Hillary Clinton Gets More Faithless'
        " Electors Than Trump</h2><p>Text.</p></article>",
        "https://www.example-insider.com/hillary-faithless-electors/",
        title="As Electoral College Elects Trump, Hillary is Embarrassed!",
    )
    assert wordpress.title == "Hillary Clinton Gets More Faithless Electors Than Trump"
    blogger = extract(
        "",
        '<div class="header"><h1 class="title"><a href="https://notes.example.net/">Notes from the shed</a></h1></div>'
        '<div class="post"><h2 class="post-title entry-title">Rebuilding a 1962 lathe motor, part two</h2>'
        "<p>Text.</p></div>",
        "https://notes.example.net/2019/03/lathe-motor-2.html",
        title="Notes from the shed: Lathe motor, part 2",
    )
    assert blogger.title == "Rebuilding a 1962 lathe motor, part two"


def test_an_h2_under_logo_h1s_naming_another_story_is_not_the_title():
    logo = '<h1><a href="https://www.example-insider.com/"><img src="/logo.png" alt="The Insider"></a></h1>'
    other = extract(
        "",
        logo + "<aside><h2>Most read this week in politics</h2></aside><article><p>Text.</p></article>",
        "https://www.example-insider.com/hillary-faithless-electors/",
        title="Hillary Clinton Gets More Faithless Electors Than Trump",
    )
    assert other.title == "Hillary Clinton Gets More Faithless Electors Than Trump"


def test_the_share_cards_written_by_row_names_the_writer_the_page_shows():
    # Börsen-Zeitung (WordPress VIP, Yoast): the author tag is an e-mail address, the byline an
    # Angular element no reader knows; LinkedIn's articles: Yoast's two rows, the writer's card
    bz = extract(
        '<meta name="author" content="d.kuckelkorn@boersen-zeitung.de">'
        '<meta name="twitter:misc:Written by" content="Dieter Kuckelkorn">',
        "<h1>Steigende US-Zinsen setzen Dax zu</h1><storefront-element><storefront-html id=authors>"
        "<span>Dieter Kuckelkorn</span></storefront-html></storefront-element><p>Text.</p>",
        "https://www.boersen-zeitung.de/kapitalmaerkte/steigende-us-zinsen-setzen-dax-zu",
        title="Steigende US-Zinsen setzen Dax zu | Börsen-Zeitung",
    )
    assert bz.authors == ["Dieter Kuckelkorn"]
    linkedin = extract(
        '<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Ellyn Shook">'
        '<meta name="twitter:label2" content="Est. reading time"><meta name="twitter:data2" content="4 minutes">',
        '<h1 class="pulse-title">Why equality drives innovation</h1><div class="base-main-card__info">'
        '<h3 class="base-main-card__title">Ellyn Shook</h3><h4>Chief Leadership Officer</h4></div><p>Text.</p>',
        "https://www.linkedin.com/pulse/why-equality-drives-innovation-ellyn-shook",
        title="Why equality drives innovation",
    )
    assert linkedin.authors == ["Ellyn Shook"]


def test_a_written_by_row_the_page_does_not_show_or_of_one_word_names_no_one():
    # a sponsored post (the Inquirer's BrandRoom): the row names the editor's account that posted
    # it, which only a script says; a German Yoast site's login name
    sponsored = extract(
        '<meta name="twitter:label1" content="Written by"><meta name="twitter:data1" content="Benjo Diaz">',
        "<h1>Travel to the Philippines with peace of mind</h1><p>Text.</p>"
        '<script>var dfp = {article_authors: ["Benjo Diaz"]};</script>',
        "https://technology.example.net/130750/travel-to-the-philippines",
        title="Travel to the Philippines with peace of mind",
    )
    assert sponsored.authors == []
    login = extract(
        '<meta name="twitter:label1" content="Verfasst von"><meta name="twitter:data1" content="Nachrichten">',
        "<h1>Neue Buslinie ab Montag</h1><p>Nachrichten</p><p>Text.</p>",
        "https://www.example-hora.de/neue-buslinie",
        title="Neue Buslinie ab Montag",
    )
    assert login.authors == []


def test_each_author_marked_in_the_byline_box_is_an_author_past_the_separator():
    # DW (styled-components): each author in a <span> of their own, " | " between them; a news
    # theme's byline box whose names are spans marked alike
    dw = extract(
        "",
        '<header><h1 class="sc-jrsJWt">Post-Vac-Syndrom nach COVID-19-Impfung: Was wissen wir?</h1>'
        '<div class="sc-lfiFoR author-details"><span><span class="sc-gicCDI kRilOd author no-link">Julia Vergin</span>'
        '</span><span><span class="sc-gicCDI separator"> | </span><span class="sc-gicCDI kRilOd author no-link">'
        'Clare Roth</span></span></div><div class="time-area"><time>vor 3 Stunden</time></div></header><p>Text.</p>',
        "https://www.dw.com/de/post-vac-syndrom-nach-covid-19-impfung-was-wissen-wir/a-65147191",
        title="Post-Vac-Syndrom nach COVID-19-Impfung: Was wissen wir? – DW – 28.04.2023",
    )
    assert dw.authors == ["Julia Vergin", "Clare Roth"]
    arc = extract(
        "",
        '<h1 class="headline">Storm closes schools across the county</h1><div class="byline">By '
        '<span class="byline__name">Ana Ruiz</span> | <span class="byline__name">Tom Becker</span></div><p>Text.</p>',
        "https://www.example-herald.com/news/storm-closes-schools",
        title="Storm closes schools across the county",
    )
    assert arc.authors == ["Ana Ruiz", "Tom Becker"]


def test_a_byline_boxs_prefix_or_photographer_marked_inside_it_is_no_author():
    # the Stuttgarter Zeitung's "Kommentar von" in an element of its own; a photographer's credit
    stz = extract(
        "",
        '<h1>Stuttgart hat’s drauf: Stadt der Superlative</h1><div class="u-article-header__author-info">'
        '<div class="u-article-header__author-prefix">Kommentar von</div><div class="u-article-header__authorlist">'
        '<div class="u-author"><a href="/autor/jan-sellner-78818852.html"><div class="u-author__name">Jan Sellner'
        "</div></a></div></div></div><p>Text.</p>",
        "https://www.stuttgarter-zeitung.de/lokales/stuttgart/stadt-der-superlative-79290836.html",
        title="Stuttgart hat’s drauf: Stadt der Superlative",
    )
    assert stz.authors == ["Jan Sellner"]
    photo = extract(
        "",
        '<h1 class="headline">Storm closes schools across the county</h1><div class="byline">By '
        '<span class="byline__name">Ana Ruiz</span> | Photos by <span class="byline__name">Tom Becker</span></div>'
        "<p>Text.</p>",
        "https://www.example-herald.com/news/storm-closes-schools",
        title="Storm closes schools across the county",
    )
    assert photo.authors == ["Ana Ruiz"]


def test_a_one_word_title_on_show_alone_stays_the_title():
    """An essay titled with one word, shown so in its <h1> or <h2>, took another heading holding
    the word for its title (a one-word title was taken for a topic's name): its aside's <h1>, a
    promotion's <h1> over an <h2> story (wrong is worse than the head's own title)."""
    head = '<meta property="og:title" content="Boredom">'
    aside = extract(
        head,
        "<article><h1>Boredom</h1><p>Essay.</p></article><aside><h1>More posts about boredom and focus</h1></aside>",
        title="Boredom - Jane's notes",
    )
    promoted = extract(
        head,
        '<div class="promo"><h1>Subscribe to read more on Boredom and other essays</h1></div>'
        "<article><h2>Boredom</h2><p>Essay.</p></article>",
        title="Boredom",
    )
    assert (aside.title, promoted.title) == ("Boredom", "Boredom")


@pytest.mark.parametrize(
    "beside",
    [
        "<nav><ul><li><h2>Arbeit</h2></li><li><h2>Klima</h2></li></ul></nav>",  # a menu of the topics
        "<footer><h2>Arbeit</h2><p>Mehr zum Thema</p></footer>",
        '<section class="related"><h2>Arbeit</h2><p>Mehr zum Thema</p></section>',
    ],
)
def test_a_topic_pages_one_word_title_in_a_menus_h2_still_gives_way_to_its_headline(beside):
    """A party's page titled "Arbeit", its <h1> "Wir kämpfen für gute Arbeit", took "Arbeit" for its
    title since cb15217 when the word stood alone in any <h2> of the page: its menu's list of
    topics, the footer's, a box of more on the topic. That is the essay's title on show only in
    the story's own <h2>, the <h1> holding it outside the story (a promotion's)."""
    headline = '<main><h1 class="headline">Wir kämpfen für gute Arbeit</h1><p>Text.</p></main>'
    for body in (beside + headline, headline + beside):
        gruene = extract(
            '<meta name="twitter:title" content="Arbeit">',
            body,
            "https://www.gruene.de/themen/arbeit",
            title="Arbeit - BÜNDNIS 90/DIE GRÜNEN",
        )
        assert gruene.title == "Wir kämpfen für gute Arbeit"


def test_a_sidebars_h2_under_logo_h1s_is_not_the_title():
    """A theme's <h1>s all logos, its first <h2> a sidebar widget's title sharing a few words with
    the head's: the widget's 'Trump news: more from our electors coverage' was taken for the
    story's headline, in an <aside> or a widget area alike."""
    logo = '<h1><a href="https://www.example-insider.com/"><img src="/logo.png" alt="The Insider"></a></h1>'
    title = "Hillary Clinton Gets More Faithless Electors Than Trump"
    for sidebar in (
        '<aside id="secondary"><h2>Trump news: more from our electors coverage</h2></aside>',
        '<div class="widget-area"><section class="widget"><h2 class="widget-title">Trump news: more from our'
        " electors coverage</h2></section></div>",
    ):
        story = extract(
            f'<meta property="og:title" content="{title}">',
            logo + sidebar + "<article><p>Text.</p></article>",
            "https://www.example-insider.com/hillary-faithless-electors/",
            title=f"{title} - The Insider",
        )
        assert story.title == title


def test_a_bylines_items_marked_alike_past_the_separator_are_not_all_authors():
    """A byline whose line's items share one class, the author's and the section's ('By Ana Ruiz
    | Middle East'), named the section an author: the items' being marked alike was taken for each
    being an author's, as DW marks them. Only elements marked as a name or an author's are."""
    story = extract(
        "",
        '<h1 class="headline">Storm closes schools across the county</h1><div class="byline">By <span class='
        '"byline__item">Ana Ruiz</span> | <span class="byline__item">Middle East</span></div><p>Text.</p>',
        "https://www.example-herald.com/news/storm-closes-schools",
        title="Storm closes schools across the county",
    )
    assert story.authors == ["Ana Ruiz"]


def test_an_h2_story_in_a_layout_with_a_sidebar_or_bloggers_blog_widget_is_still_read():
    # a theme's wrapper naming its layout ("has-sidebar") and Blogger's posts, in its "widget Blog"
    logo = '<h1><a href="https://notes.example.net/">Notes from the shed</a></h1>'
    for wrapper in ('<div class="site-content has-sidebar">', '<div class="widget Blog" id="Blog1">'):
        story = extract(
            "",
            f'{logo}{wrapper}<div class="post"><h2 class="post-title entry-title">Rebuilding a 1962 lathe motor,'
            " part two</h2><p>Text.</p></div></div>",
            "https://notes.example.net/2019/03/lathe-motor-2.html",
            title="Notes from the shed: Lathe motor, part 2",
        )
        assert story.title == "Rebuilding a 1962 lathe motor, part two"


def test_an_h2_story_in_a_page_builders_content_widget_is_still_read():
    """SiteOrigin Page Builder wraps each part of a page, its story's text too, in "widget
    widget_sow-editor": its <h2> headline was taken for a sidebar's and the story titled by the
    site's name. A page builder's content widget is no sidebar; one in a widget area still is."""
    logo = '<h1><a href="https://www.example-charity.org/">Riverside Trust</a></h1>'
    panel = (
        '<div class="so-panel widget widget_sow-editor panel-first-child" id="panel-8-0-0-0">'
        '<div class="so-widget-sow-editor so-widget-sow-editor-base"><div class="siteorigin-widget-tinymce textwidget">'
    )
    for wrapper in (panel, '<div class="so-panel widget widget_siteorigin-panels-builder">' + panel):
        story = extract(
            "",
            f"{logo}{wrapper}<h2>Volunteers replant the lower meadow after the floods</h2><p>Text.</p>"
            + "</div>" * wrapper.count("<div"),
            "https://www.example-charity.org/news/replanting-the-meadow/",
            title="Volunteers replant the lower meadow after the floods - Riverside Trust",
        )
        assert story.title == "Volunteers replant the lower meadow after the floods"
    title = "Hillary Clinton Gets More Faithless Electors Than Trump"
    story = extract(
        f'<meta property="og:title" content="{title}">',
        '<h1><a href="https://www.example-insider.com/"><img src="/logo.png" alt="The Insider"></a></h1>'
        '<div class="widget-area"><div class="widget widget_sow-editor"><h2>Trump news: more from our electors '
        "coverage</h2></div></div><article><p>Text.</p></article>",
        "https://www.example-insider.com/hillary-faithless-electors/",
        title=f"{title} - The Insider",
    )
    assert story.title == title


@pytest.mark.parametrize(
    "author, section",
    [
        ('href="/author/ana-ruiz"', 'href="/topic/middle-east"'),  # a link to each one's page
        ('rel="author" href="/people/ana-ruiz"', 'href="/world/middle-east"'),
    ],
)
def test_a_bylines_links_marked_alike_are_authors_only_where_each_links_an_author(author, section):
    """The same byline with its items links of one class, the first to the author's page, the
    second to the section's: the first's link was taken for all of them, and the section named
    an author. Each item is marked as an author's, or the line's names stand."""
    story = extract(
        "",
        '<h1 class="headline">Storm closes schools across the county</h1><div class="byline">By <a class='
        f'"byline__link" {author}>Ana Ruiz</a> | <a class="byline__link" {section}>Middle East</a></div><p>Text.</p>',
        "https://www.example-herald.com/news/storm-closes-schools",
        title="Storm closes schools across the county",
    )
    assert story.authors == ["Ana Ruiz"]
