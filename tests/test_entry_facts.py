"""The line of facts under an entry's title (who · where · how long), as a reader sees it in
the email and its text part, from pages served by a real local server."""

from newsletter.build import build

from helpers import link_workspace, url_of

PERSONAL_BLOG = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Simple Anomaly Detection Using Plain SQL</title>
<meta name="author" content="Haki Benita" />
<meta property="og:title" content="Simple Anomaly Detection Using Plain SQL" />
<script type="application/ld+json">
  <![CDATA[
  {"@context": "http://schema.org", "@type": "Article", "headline": "Simple Anomaly Detection Using Plain SQL",
   "datePublished": "2020-09-21", "author": {"@type": "Person", "name": "Haki Benita"},
   "publisher": {"@type": "Organization", "name": "Haki Benita",
                 "logo": {"@type": "ImageObject", "url": "https://hakibenita.com/images/favicon-32x32.png"}}}
  ]]>
</script>
</head><body><article><h1>Simple Anomaly Detection Using Plain SQL</h1>
<p>Many developers think that having a critical bug in their code is the worst thing.</p></article></body></html>"""


def test_a_blog_named_after_its_writer_says_the_name_once(httpserver, tmp_path):
    """hakibenita.com's posts were bylined "Haki Benita · Haki Benita": the writer, then the
    site, named after him."""
    httpserver.expect_request("/sql-anomaly-detection").respond_with_data(PERSONAL_BLOG, content_type="text/html")
    root = link_workspace(tmp_path / "ws", [url_of(httpserver, "/sql-anomaly-detection")], timeout=5)
    outputs = build(root, "2021-02").outputs
    assert "Simple Anomaly Detection Using Plain SQL" in outputs.text
    assert "Haki Benita" in outputs.text and "Haki Benita · Haki Benita" not in outputs.text
    assert outputs.html.count("Haki Benita") == 1
