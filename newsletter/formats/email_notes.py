"""The email's notes as HTML for one edition's render (formats/email.py's markdown_to_html),
each note made once though the email and the feeds' item both show it."""

from __future__ import annotations

from markupsafe import Markup

from newsletter.formats import email as email_html
from newsletter.formats.notes import NoteParser


class EmailNotes:
    """markdown_to_html for one edition's render (its notes parser, language and post's page),
    each note's HTML made once: the email and the feeds' item show the same, and making it the
    second time ran its direction's regex over it again, and its quotes' (issue #17, a build of
    the 10,000-entry archive). One an edition (render.py): another's post has another page."""

    def __init__(self, notes: NoteParser, language: str | None, page: str | None):
        self.notes, self.language, self.page = notes, language, page
        self.made: dict[tuple[str, str | None], Markup] = {}

    def __call__(self, source: str, written_in: str | None = None, **other) -> Markup:
        if other:  # a template's own (language=, page=): as the filter took them, made as asked
            made = {"parser": self.notes, "language": self.language, "page": self.page, **other}
            return email_html.markdown_to_html(source, written_in=written_in, **made)
        key = (source, written_in)
        if (html := self.made.get(key)) is None:
            html = email_html.markdown_to_html(source, self.notes, self.language, self.page, written_in)
            self.made[key] = html
        return html
