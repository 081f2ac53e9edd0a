"""The text part's links: numbered references shared by the whole edition (`[3]`, listed at the
end), or each address written after its words (`[email] text_links = "inline"`)."""

from __future__ import annotations

import hashlib
import re

from newsletter.formats import link_uris


class Links:
    """Numbered link references shared by a whole edition: the same URL keeps its number."""

    def __init__(self, inline: bool = False, page: str | None = None):
        self.inline = inline
        self.page = page  # the post's address, which a note's relative links are joined to
        self.urls: list[str] = []
        self._numbers: dict[str, int] = {}  # each URL's number, found without a search of `urls`
        self._listed = (0, "")  # reference_list's last list, with how many URLs it lists
        self._digest = ""  # of `urls` in order: what a kept block of the text part is kept under

    def cite(self, text: str, url: str) -> str:
        if text.strip() in ("", url, url.removeprefix("mailto:"), url.removeprefix("http://")):
            # a bare URL or address is its own reference; a bare www. one shows its full URL,
            # the link the HTML part makes of it
            return url.removeprefix("mailto:")
        return text + self.mark(url)

    def mark(self, url: str) -> str:
        """What follows a link's words: its number in the list below, or its address."""
        if self.inline:
            return f" ({shown_url(url)})"
        number = self._numbers.get(url)
        if number is None:
            self.urls.append(url)
            number = self._numbers[url] = len(self.urls)
            self._digest = hashlib.blake2b(f"{self._digest}\0{url}".encode("utf-8", "surrogatepass")).hexdigest()
        return f" [{number}]"

    # The state a kept block of the text part reads and adds to (formats/kept_fragments.py): its
    # numbers are those of the links before it, and the links it numbers first are the next's.
    def position(self) -> int:
        return len(self.urls)

    def key(self) -> str:
        return f"{self.inline}\0{self._digest}"

    def added_since(self, position: int) -> tuple[str, ...]:
        return tuple(self.urls[position:])

    def replay(self, added: tuple[str, ...]) -> None:
        for url in added:
            self.mark(url)

    def reference_list(self) -> str:
        """The numbered list of the links cited. The template asks whether there is one, then
        for it: made once while no link is added (each address made shown, for every edition)."""
        if self._listed[0] != len(self.urls):
            listed = "\n".join(  # each as its URI, as the HTML part's hrefs (formats/link_uris.py)
                f"[{n}] {shown_url(link_uris.as_uri(url))}" for n, url in enumerate(self.urls, start=1)
            )
            self._listed = (len(self.urls), listed)
        return self._listed[1]


# Characters a URL never holds as typed (RFC 3986), where a mail client's linkifier stops: in
# `https://example.com/?q="a"` the reader's click went to `https://example.com/?q=`.
_NOT_IN_URLS = re.compile(r'[\s"<>`{}|\\^]')


def shown_url(url: str) -> str:
    """`url` as the text part prints it: what would cut the link short percent-encoded, as the
    post's links are; the rest (letters of any script, parentheses) left readable."""
    return _NOT_IN_URLS.sub(lambda m: "".join(f"%{b:02X}" for b in m[0].encode()), url)
