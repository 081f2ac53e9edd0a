"""The HTML elements a note keeps in the email: text formatting and links, nothing active.

The email's sanitiser (formats/email.py) keeps these and drops every other tag, its text kept;
heavy_notes counts only these where it counts elements left open inside each other, since only
they reach the email's MJML renderer, which a tree thousands deep crashes. A change here is one
of the notes' email HTML: change the first part of email.py's _SANITISED with it.
"""

IN_EMAIL = frozenset(
    {
        "p",
        "a",
        "em",
        "strong",
        "b",
        "i",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "br",
        "h4",
        "h5",  # a note's deeper headings, nested under its h4 (email.py _blocks_as)
        "h6",
        "hr",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "sup",
        "sub",
        "del",
        "ruby",  # furigana, with the <rp> parentheses a client without ruby shows (formats/ruby.py)
        "rt",
        "rp",
    }
)
