"""A paper in the edition is cited as a researcher cites it: its first three authors "et al."
past four, where it appeared (the journal the page names, not the archive hosting it; else its
arXiv number), its year and its DOI, from the page's Highwire tags or from the entry itself.

Mariana, a public-health researcher, read "Lucía García-Ramírez, Tomás Hernández, Katrin Müller,
Chidi Okonkwo, Ana María Santos Peña, Jon Wakefield · arXiv.org" and a PMC article as "… ·
PubMed Central (PMC)", with no year and no DOI, though both pages and her Zotero export had them.
"""

import datetime as dt
import shutil
from pathlib import Path

from click.testing import CliRunner

from newsletter.cli import main
from newsletter.formats import citation
from newsletter.formats.entry_facts import entry_facts
from newsletter.formats.wording import Wording
from newsletter.models import Entry, Metadata

from helpers import url_of

REPO = Path(__file__).resolve().parent.parent

PMC = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Dengue incidence and climate variability in southern Mexico - PMC</title>
<meta name="citation_journal_title" content="The Lancet Regional Health – Americas">
<meta name="citation_title" content="Dengue incidence and climate variability in southern Mexico">
<meta name="citation_author" content="Rosa Elena Villalobos">
<meta name="citation_author" content="Jorge Castañeda-Orjuela">
<meta name="citation_author" content="Rachel Lowe">
<meta name="citation_publication_date" content="2025/03/01">
<meta name="citation_doi" content="10.1016/j.lana.2025.100987">
<meta property="og:site_name" content="PubMed Central (PMC)">
</head><body><h1>Dengue incidence and climate variability in southern Mexico</h1></body></html>"""

ARXIV = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>[2410.08123] Estimating excess mortality in Latin America</title>
<meta name="citation_title" content="Estimating excess mortality in Latin America">
<meta name="citation_author" content="García-Ramírez, Lucía">
<meta name="citation_author" content="Hernández, Tomás">
<meta name="citation_author" content="Müller, Katrin">
<meta name="citation_author" content="Okonkwo, Chidi">
<meta name="citation_author" content="Santos Peña, Ana María">
<meta name="citation_author" content="Wakefield, Jon">
<meta name="citation_date" content="2024/10/10">
<meta name="citation_arxiv_id" content="2410.08123">
<meta property="og:site_name" content="arXiv.org">
</head><body><h1>Estimating excess mortality in Latin America</h1></body></html>"""

# As `import` writes a Zotero (CSL-JSON) item: its DOI and date of issue in the front matter.
ZOTERO = """---
type: paper
url: "{url}"
date: 2021-02-03
title: "Air pollution and mortality in Mexico City"
authors: ["Martha María Téllez-Rojo", "Isabelle Romieu", "Horacio Riojas-Rodríguez",
  "José Luis Texcalac-Sangrador", "Joel Schwartz"]
doi: "10.1289/EHP12345"
issued: "2024-06"
---
Mi nota.
"""


def paper(name: str, url: str, day: int) -> str:
    return f"---\ntype: paper\nurl: {url}\ndate: 2021-02-{day:02d}\n---\nMi nota sobre {name}.\n"


def test_papers_are_cited_with_et_al_venue_year_and_doi(tmp_path, httpserver):
    httpserver.expect_request("/pmc/articles/PMC9876543/").respond_with_data(PMC, content_type="text/html")
    httpserver.expect_request("/abs/2410.08123").respond_with_data(ARXIV, content_type="text/html")
    httpserver.expect_request("/ehp").respond_with_data(
        "<html><head><title>EHP</title></head></html>", content_type="text/html"
    )
    root = tmp_path / "lecturas"
    root.mkdir()
    (root / "newsletter.toml").write_text(
        '[newsletter]\nname = "Lecturas"\nlanguage = "es-MX"\n\n[fetch]\nallow_private_addresses = true\n',
        encoding="utf-8",
    )
    shutil.copytree(REPO / "site", root / "site", ignore=shutil.ignore_patterns("public", "resources", "posts"))
    folder = root / "entries" / "2021" / "02"
    folder.mkdir(parents=True)
    (folder / "pmc.md").write_text(
        paper("el dengue", url_of(httpserver, "/pmc/articles/PMC9876543/"), 1), encoding="utf-8"
    )
    (folder / "arxiv.md").write_text(paper("la mortalidad", url_of(httpserver, "/abs/2410.08123"), 2), encoding="utf-8")
    (folder / "zotero.md").write_text(ZOTERO.format(url=url_of(httpserver, "/ehp")), encoding="utf-8")

    result = CliRunner().invoke(main, ["build", "2021-02", "-w", str(root)])
    assert result.exit_code == 0, result.output
    text = (root / "dist/2021-02/newsletter.txt").read_text(encoding="utf-8")
    html = (root / "dist/2021-02/newsletter.html").read_text(encoding="utf-8")
    said = " ".join(text.split())  # the text part wraps its lines
    assert (
        "Rosa Elena Villalobos, Jorge Castañeda-Orjuela, Rachel Lowe · The Lancet Regional Health – Americas"
        " · 2025 · doi:10.1016/j.lana.2025.100987" in said
    )
    assert "Lucía García-Ramírez, Tomás Hernández, Katrin Müller et al. · arXiv:2410.08123 · 2024" in said
    assert (
        "Martha María Téllez-Rojo, Isabelle Romieu, Horacio Riojas-Rodríguez et al. · 2024 · doi:10.1289/EHP12345"
        in said
    )
    for gone in ("PubMed Central (PMC)", "arXiv.org", "Chidi Okonkwo", "Joel Schwartz"):
        assert gone not in text and gone not in html
    assert "Katrin Müller et al." in html and "doi:10.1016/j.lana.2025.100987" in html


def made(kind: str, people: list[str], **fields) -> Entry:
    return Entry(
        path=Path("entry.md"), type=kind, url="https://x.example/", date=dt.date(2021, 2, 1), speakers=people, **fields
    )


def test_what_the_entry_says_wins_and_other_types_are_as_before():
    meta = Metadata(site_name="Some Site", published="2019-05-01", extras={"doi": "10.1/page", "journal": "J"})
    four, five = ["A B", "C D", "E F", "G H"], ["A B", "C D", "E F", "G H", "I J"]
    mine = made("paper", four, doi="10.2/mine", issued="2017", meta=meta)
    assert entry_facts(mine, Wording("es")) == ["A B, C D, E F, G H", "J", "2017", "doi:10.2/mine"]  # four: all named
    assert entry_facts(made("paper", five, meta=meta), Wording("es")) == [
        "A B, C D, E F et al.",
        "J",
        "2019",
        "doi:10.1/page",
    ]
    assert entry_facts(made("paper", five), Wording("ja")) == ["A B, C D, E F ほか"]
    assert entry_facts(made("article", five, meta=meta), Wording("es")) == ["A B, C D, E F, G H, I J", "Some Site"]
    assert citation.venue(made("paper", [], meta=Metadata(extras={"arxiv_id": "2410.08123"}))) == "arXiv:2410.08123"


def test_a_paper_imported_from_zotero_is_cited_by_its_journal(tmp_path):
    """Mariana's Zotero export (CSL-JSON) names each paper's journal in `container-title`: import
    kept its DOI and date but not the journal, so offline, or where the page names none, her email
    cited the paper without where it appeared. import writes `journal:`, which the build cites."""
    root = tmp_path / "lecturas"
    root.mkdir()
    (root / "newsletter.toml").write_text('[newsletter]\nname = "Lecturas"\nlanguage = "es-MX"\n', encoding="utf-8")
    shutil.copytree(REPO / "site", root / "site", ignore=shutil.ignore_patterns("public", "resources", "posts"))
    export = tmp_path / "zotero.json"
    export.write_text(
        '[{"id": "http://zotero.org/users/1/items/AB12", "type": "article-journal",'
        ' "title": "Air pollution and mortality in Mexico City",'
        ' "container-title": "Environmental Health Perspectives",'
        ' "DOI": "10.1289/EHP12345", "author": [{"family": "Téllez-Rojo", "given": "Martha María"}],'
        ' "accessed": {"date-parts": [["2026", 11, 18]]}, "issued": {"date-parts": [["2024", 6]]}},'
        ' {"id": "http://zotero.org/users/1/items/CD34", "type": "book", "title": "Epidemiología",'
        ' "container-title": "Serie Salud", "author": [{"family": "Hernández-Ávila", "given": "Mauricio"}],'
        ' "accessed": {"date-parts": [["2026", 11, 20]]}}]',
        encoding="utf-8",
    )
    imported = CliRunner().invoke(main, ["import", str(export), "-w", str(root)])
    assert imported.exit_code == 0, imported.output
    paper_file = root / "entries/2026/11/air-pollution-and-mortality-in-mexico-city.md"
    assert 'journal: "Environmental Health Perspectives"' in paper_file.read_text(encoding="utf-8")
    book_file = root / "entries/2026/11/epidemiologia.md"
    assert "journal" not in book_file.read_text(encoding="utf-8")  # a book's series is no journal
    for path in (paper_file, book_file):
        path.write_text(path.read_text(encoding="utf-8").replace("draft: true\n", ""), encoding="utf-8")
    built = CliRunner().invoke(main, ["build", "2026-11", "--offline", "-w", str(root)])
    assert built.exit_code == 0, built.output
    text = " ".join((root / "dist/2026-11/newsletter.txt").read_text(encoding="utf-8").split())
    assert "Martha María Téllez-Rojo · Environmental Health Perspectives · 2024 · doi:10.1289/EHP12345" in text


def test_a_doi_written_with_its_prefix_or_as_a_link_is_cited_once():
    """A researcher copies a DOI as her reference list prints it or as the link Crossref asks it
    be shown as: the edition said "doi:doi:10.1289/EHP12345" and "doi:https://doi.org/…"."""
    for written in (
        "doi:10.1289/EHP12345",
        "DOI: 10.1289/EHP12345",
        "https://doi.org/10.1289/EHP12345",
        "http://dx.doi.org/10.1289/EHP12345",
        " doi.org/10.1289/EHP12345 ",
    ):
        assert citation.doi(made("paper", ["A B"], doi=written)) == "doi:10.1289/EHP12345", written
    assert citation.doi(made("paper", ["A B"], doi="doi:")) is None  # a prefix alone is no DOI


def test_an_arxiv_number_given_with_its_prefix_is_cited_once():
    """NASA ADS's abstract pages write citation_arxiv_id as "arXiv:1108.0669": a preprint reached
    through ADS was cited "arXiv:arXiv:1108.0669"."""
    for given in ("arXiv:1108.0669", "arxiv: 1108.0669", "1108.0669"):
        entry = made("paper", ["A B"], meta=Metadata(extras={"arxiv_id": given}))
        assert citation.venue(entry) == "arXiv:1108.0669", given
    assert citation.venue(made("paper", ["A B"], meta=Metadata(extras={"arxiv_id": "arXiv:"}))) is None


def page_of(title: str, doi: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta name="citation_title" content="{title}"><meta name="citation_doi" content="{doi}">'
        f"</head><body><h1>{title}</h1></body></html>"
    )


def test_one_paper_from_two_sites_is_named_as_the_same_paper(tmp_path, httpserver, monkeypatch):
    """New user 59 (Aiko) logged a paper from PubMed and again from its journal's page, and an
    ACL paper from its Zotero export and from the Anthology's page: two links, one DOI each pair
    (the pages' citation_doi, a DOI's case aside, and the front matter's). Her readers got each
    twice and the build said nothing, as it says of the same link twice."""
    spindles = "Sleep spindles predict memory consolidation"
    httpserver.expect_request("/pubmed/37012345/").respond_with_data(
        page_of(f"{spindles} - PubMed", "10.1038/s41467-023-36912-x"), content_type="text/html"
    )
    httpserver.expect_request("/articles/s41467").respond_with_data(
        page_of(spindles, "10.1038/S41467-023-36912-X"), content_type="text/html"
    )
    httpserver.expect_request("/anthology/keigo/").respond_with_data(
        page_of("日本語の大規模言語モデルにおける敬語の理解", "10.18653/v1/2023.acl-long.15"), content_type="text/html"
    )
    httpserver.expect_request("/other").respond_with_data(page_of("Another", "10.1038/other"), content_type="text/html")
    root = tmp_path / "papers"
    root.mkdir()
    (root / "newsletter.toml").write_text(
        '[newsletter]\nname = "Papers"\n\n[fetch]\nallow_private_addresses = true\n', encoding="utf-8"
    )
    shutil.copytree(REPO / "site", root / "site", ignore=shutil.ignore_patterns("public", "resources", "posts"))
    folder = root / "entries" / "2021" / "02"
    folder.mkdir(parents=True)
    for day, (name, path) in enumerate(
        [("pubmed", "/pubmed/37012345/"), ("journal", "/articles/s41467"), ("acl", "/anthology/keigo/")], 1
    ):
        (folder / f"{name}.md").write_text(paper(name, url_of(httpserver, path), day), encoding="utf-8")
    (folder / "other.md").write_text(paper("other", url_of(httpserver, "/other"), 4), encoding="utf-8")
    (folder / "zotero.md").write_text(
        '---\ntype: paper\nurl: "https://aclanthology.org/2023.acl-long.15.pdf"\ndate: 2021-02-05\n'
        'title: "日本語の大規模言語モデルにおける敬語の理解"\ndoi: "10.18653/v1/2023.acl-long.15"\n---\nNote.\n',
        encoding="utf-8",
    )

    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["build", "2021-02", "--offline"])
    assert "same" not in result.stderr  # offline: the pages' DOIs are not known yet
    result = CliRunner().invoke(main, ["build", "2021-02"])
    assert result.exit_code == 0, result.output
    said = [line for line in result.stderr.splitlines() if "same " in line]
    assert said == [
        "warning: entries/2021/02/journal.md: same paper as entries/2021/02/pubmed.md in this edition"
        " (10.1038/S41467-023-36912-X)",
        "warning: entries/2021/02/zotero.md: same paper as entries/2021/02/acl.md in this edition"
        " (10.18653/v1/2023.acl-long.15)",
    ]
    # check says so too, from the metadata the build cached (as it said nothing of it before)
    checked = CliRunner().invoke(main, ["check", "2021-02", "--offline"])
    assert "entries/2021/02/journal.md\n  warning: same paper as entries/2021/02/pubmed.md" in checked.stdout
    assert "entries/2021/02/zotero.md\n  warning: same paper as entries/2021/02/acl.md" in checked.stdout
    assert checked.stdout.count("same paper") == 2, checked.output


def test_a_papers_doi_in_the_email_is_a_link_to_it(tmp_path):
    """New user 59 (Aiko) found her email's papers cited "doi:10.1038/…" as words: a reader of an
    HTML email clicks a DOI to open the paper (Crossref asks DOIs be shown as links). It links
    https://doi.org/DOI, a DOI's every character kept (an old Wiley one holds <, >, ; and #)."""
    root = tmp_path / "papers"
    root.mkdir()
    (root / "newsletter.toml").write_text('[newsletter]\nname = "Papers"\n', encoding="utf-8")
    shutil.copytree(REPO / "site", root / "site", ignore=shutil.ignore_patterns("public", "resources", "posts"))
    folder = root / "entries" / "2021" / "02"
    folder.mkdir(parents=True)
    for day, doi in enumerate(
        ["10.1038/s41467-023-36912-x", "10.1002/(SICI)1097-4571(199806)49:8<693::AID#1>3.0.CO;2-O"], 1
    ):
        (folder / f"p{day}.md").write_text(
            f"---\ntype: paper\nurl: https://papers.example.org/{day}\ndate: 2021-02-0{day}\n"
            f"title: Paper {day}\ndoi: '{doi}'\n---\nNote.\n",
            encoding="utf-8",
        )
    built = CliRunner().invoke(main, ["build", "2021-02", "--offline", "-w", str(root)])
    assert built.exit_code == 0, built.output
    html = (root / "dist/2021-02/newsletter.html").read_text(encoding="utf-8")
    assert '<a href="https://doi.org/10.1038/s41467-023-36912-x"' in html
    assert ">doi:10.1038/s41467-023-36912-x</a>" in html
    wiley = "https://doi.org/10.1002/%28SICI%291097-4571%28199806%2949%3A8%3C693%3A%3AAID%231%3E3.0.CO%3B2-O"
    assert (
        f'<a href="{wiley}"' in html
        and ">doi:10.1002/(SICI)1097-4571(199806)49:8&lt;693::AID#1&gt;3.0.CO;2-O</a>" in html
    )


def test_a_preprint_and_its_published_version_are_named_as_the_same_paper(tmp_path, monkeypatch):
    """Aiko's Zotero export held her preprint (its arXiv page) and its published version (the
    journal's, with its DOI): two entries of one edition, one title, no DOI in common while the
    arXiv record names none (or offline). A paper of the same title, its case and punctuation
    aside (in Japanese too), is the same paper; a short title ("Introduction") or an article's is not."""
    root = tmp_path / "papers"
    root.mkdir()
    (root / "newsletter.toml").write_text('[newsletter]\nname = "Papers"\n', encoding="utf-8")
    shutil.copytree(REPO / "site", root / "site", ignore=shutil.ignore_patterns("public", "resources", "posts"))
    folder = root / "entries" / "2021" / "02"
    folder.mkdir(parents=True)
    entries = [
        (
            "preprint",
            "paper",
            "https://arxiv.org/abs/2310.01234",
            "Sleep spindles and declarative memory: a meta-analysis",
        ),
        (
            "published",
            "paper",
            "https://journal.example.org/S1087",
            "Sleep Spindles and Declarative Memory — A Meta-Analysis",
        ),
        ("keigo", "paper", "https://papers.example.org/keigo", "日本語の大規模言語モデルにおける敬語の理解"),
        ("keigo-pdf", "paper", "https://lab.example.org/keigo.pdf", "日本語の大規模言語モデルにおける敬語の理解"),
        ("intro", "paper", "https://papers.example.org/a", "Introduction"),
        ("intro-again", "paper", "https://papers.example.org/b", "Introduction"),
        ("post", "article", "https://blog.example.org/x", "Sleep spindles and declarative memory: a meta-analysis"),
    ]
    for day, (name, kind, url, title) in enumerate(entries, 1):
        (folder / f"{name}.md").write_text(
            f'---\ntype: {kind}\nurl: {url}\ndate: 2021-02-{day:02d}\ntitle: "{title}"\n---\nNote.\n', encoding="utf-8"
        )
    monkeypatch.chdir(root)
    result = CliRunner().invoke(main, ["build", "2021-02", "--offline"])
    assert result.exit_code == 0, result.output
    assert [line for line in result.stderr.splitlines() if "same " in line] == [
        "warning: entries/2021/02/published.md: same paper as entries/2021/02/preprint.md in this edition"
        " (the same title: a preprint and its published version?)",
        "warning: entries/2021/02/keigo-pdf.md: same paper as entries/2021/02/keigo.md in this edition"
        " (the same title: a preprint and its published version?)",
    ]
