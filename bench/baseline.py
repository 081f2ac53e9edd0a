"""The straightforward way to build one month, for the benchmark to compare against.

What a first script would do: read the month's entries with python-frontmatter, fetch each
link in turn (one httpx client, one request after the other, whole body), parse the page with
BeautifulSoup and take the OpenGraph / Twitter card / <title> tags, then render the same
templates as the tool (newsletter.render) and write the three files. No cache: every run is
cold. It honours HTTP_PROXY like the tool does, so it reaches the same local server.

    python bench/baseline.py WORKSPACE 2021-02      # prints seconds and what it wrote
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import frontmatter
import httpx
from bs4 import BeautifulSoup

from newsletter import collect, config, render
from newsletter.models import Entry, Metadata, Period
from newsletter.read import Editorial


def meta_tag(soup: BeautifulSoup, *names: str) -> str | None:
    for name in names:
        tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
        if tag and tag.get("content", "").strip():
            return tag["content"].strip()
    return None


def page_metadata(html: str, url: str) -> Metadata:
    soup = BeautifulSoup(html, "html.parser")
    title = meta_tag(soup, "og:title", "twitter:title")
    if not title and soup.title and soup.title.string:
        title = soup.title.string.strip()
    author = meta_tag(soup, "author", "article:author", "twitter:creator")
    return Metadata(
        url=meta_tag(soup, "og:url") or url,
        title=title,
        authors=[author] if author else [],
        site_name=meta_tag(soup, "og:site_name"),
        published=meta_tag(soup, "article:published_time"),
        description=meta_tag(soup, "og:description", "twitter:description", "description"),
        image=meta_tag(soup, "og:image", "twitter:image"),
    )


def read_month(root: Path, month: str) -> tuple[list[Entry], Editorial]:
    year, number = month.split("-")
    entries, editorial = [], Editorial()
    for path in sorted((root / "entries" / year / number).glob("*.md")):
        post = frontmatter.load(path)
        if path.name == "_index.md":
            editorial = Editorial(
                subtitle=post.get("subtitle", ""),
                intro=post.content,
                outro=post.get("outro", ""),
                sections=post.get("sections", []),
            )
            continue
        people = post.get("speakers") or post.get("authors") or []
        entries.append(
            Entry(
                path=path,
                type=post["type"],
                url=post["url"],
                date=post["date"],
                notes=post.content,
                title=post.get("title"),
                speakers=people,
                section=post.get("section"),
                tags=post.get("tags") or [],
            )
        )
    return entries, editorial


def build(root: Path, month: str) -> list[Path]:
    settings = config.load(root)
    entries, editorial = read_month(root, month)
    with httpx.Client(timeout=10, follow_redirects=True) as client:
        for entry in entries:
            try:
                response = client.get(entry.url)
                response.raise_for_status()
                entry.meta = page_metadata(response.text, str(response.url))
            except httpx.HTTPError as error:
                print(f"could not fetch {entry.url}: {error}", file=sys.stderr)
    edition = collect.collect(entries, editorial, Period.parse(month), settings)
    outputs = render.render(edition, settings)
    out = root / "baseline-out" / month
    out.mkdir(parents=True, exist_ok=True)
    files = {
        out / "index.md": outputs.post,
        out / "newsletter.html": outputs.html,
        out / "newsletter.txt": outputs.text,
    }
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return list(files)


if __name__ == "__main__":
    start = time.perf_counter()
    written = build(Path(sys.argv[1]), sys.argv[2])
    print(f"{time.perf_counter() - start:.3f} s; wrote {', '.join(str(p) for p in written)}")
