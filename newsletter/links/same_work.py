"""One key per work a link can name, for finding a link shared twice.

`urls.work_key` knows the forms of any page (trailing slash, trackers, case) and of an arXiv
paper; a video has more forms than that: youtu.be/ID, youtube.com/watch?v=ID&t=120s,
/shorts/ID, /embed/ID, and vimeo.com/ID, player.vimeo.com/video/ID, /channels/NAME/ID. Their
providers know each form, so the key of a video is the page their fetch names it by.

A paper has two: its DOI's link and its publisher's page, which the DOI leads to and which
most researchers copy from the address bar. Where the page's address holds the DOI
(`dois.paper_doi`), both are the DOI's key (a DOI is caseless); arXiv's own DOIs
(10.48550/arXiv.ID, as Zotero exports a preprint) are the arXiv paper. Two sites give a
paper's page and its PDF addresses of their own, with no DOI in them: OpenReview's forum and
PDF are the paper's id (forum?id=ID, pdf?id=ID), and the ACL Anthology's page and PDF are its
anthology id (aclanthology.org/N19-1423/, /N19-1423.pdf), which its DOI 10.18653/v1/N19-1423
names too.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from newsletter.links.dois import paper_doi
from newsletter.links.providers import vimeo, youtube
from newsletter.links.urls import host, work_key

_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(.+)", re.I)
_ACL_DOI = re.compile(r"10\.18653/v1/(.+)", re.I)
_ACL_PATH = re.compile(r"/([A-Za-z0-9][\w.-]*?\d)(?:\.pdf|/)?")  # an anthology id ends in its number
_OPENREVIEW_PATH = re.compile(r"/(?:forum|pdf|attachment)/?")


def work_of(url: str) -> str:
    """The key two links to the same work share: the video's page, the paper's DOI, else
    `urls.work_key`."""
    if video := youtube.video_id(url):
        return f"https://www.youtube.com/watch?v={video}"
    if found := vimeo.video(url):
        number, secret = found
        return f"https://vimeo.com/{number}" + (f"/{secret}" if secret else "")
    if named := paper_doi(url):
        if arxiv := _ARXIV_DOI.fullmatch(named):
            return work_key(f"https://arxiv.org/abs/{arxiv[1]}")
        acl = _ACL_DOI.fullmatch(named)
        return f"https://aclanthology.org/{acl[1].casefold()}" if acl else f"https://doi.org/{named.casefold()}"
    return _paper_site_work(url) or work_key(url)


def _paper_site_work(url: str) -> str | None:
    """The key of an OpenReview or ACL Anthology paper's page or PDF, or None."""
    site = host(url)
    if site not in ("openreview.net", "aclanthology.org"):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if site == "aclanthology.org":
        found = _ACL_PATH.fullmatch(parts.path)
        return f"https://aclanthology.org/{found[1].casefold()}" if found else None
    paper = parse_qs(parts.query).get("id", [""])[0]
    return f"https://openreview.net/forum?id={paper}" if _OPENREVIEW_PATH.fullmatch(parts.path) and paper else None
