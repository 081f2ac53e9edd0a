"""One key per work a link can name, for finding a link shared twice.

`urls.work_key` knows the forms of any page (trailing slash, trackers, case) and of an arXiv
paper; a video has more forms than that: youtu.be/ID, youtube.com/watch?v=ID&t=120s,
/shorts/ID, /embed/ID, and vimeo.com/ID, player.vimeo.com/video/ID, /channels/NAME/ID. Their
providers know each form, so the key of a video is the page their fetch names it by.

A paper has two: its DOI's link and its publisher's page, which the DOI leads to and which
most researchers copy from the address bar. Where the page's address holds the DOI
(`dois.paper_doi`), both are the DOI's key (a DOI is caseless); arXiv's own DOIs
(10.48550/arXiv.ID, as Zotero exports a preprint) are the arXiv paper.
"""

from __future__ import annotations

import re

from newsletter.links.dois import paper_doi
from newsletter.links.providers import vimeo, youtube
from newsletter.links.urls import work_key

_ARXIV_DOI = re.compile(r"10\.48550/arxiv\.(.+)", re.I)


def work_of(url: str) -> str:
    """The key two links to the same work share: the video's page, the paper's DOI, else
    `urls.work_key`."""
    if video := youtube.video_id(url):
        return f"https://www.youtube.com/watch?v={video}"
    if found := vimeo.video(url):
        number, secret = found
        return f"https://vimeo.com/{number}" + (f"/{secret}" if secret else "")
    if named := paper_doi(url):
        arxiv = _ARXIV_DOI.fullmatch(named)
        return work_key(f"https://arxiv.org/abs/{arxiv[1]}") if arxiv else f"https://doi.org/{named.casefold()}"
    return work_key(url)
