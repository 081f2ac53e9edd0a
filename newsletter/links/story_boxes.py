"""What sits beside an article in its headline's neighbourhood and dates another thing: a box of
related stories (each teaser with its own story's day) and a picture's caption (with the day the
photo was taken). Their lines are left out when the lines around a headline are read for its date."""

from __future__ import annotations

from newsletter.links.caseless import Caseless

_BOXES = 'figure, figcaption, [class*="caption" i], [class*="picbox" i], [class*="related" i]'
# "related" starting a word of the class ("relatedContent", "related-posts"), not "unrelated"
_STORY_BOX = Caseless(r"picbox|(?<![a-z])related")
_CAPTION = Caseless(r"caption")


def _beside(box) -> bool:
    """Whether `box`, found by `_BOXES`, is a figure, a related stories' box or a picture's
    caption: a "caption" class with no picture in it or beside it is a theme's text style
    (IGN's byline and "updated" line, `.caption` in a `.byline-stack`), the article's own."""
    if box.tag in ("figure", "figcaption"):
        return True
    klass = box.attributes.get("class") or ""
    if _STORY_BOX.search(klass):
        return True
    return bool(_CAPTION.search(klass)) and (box.parent or box).css_first("img, picture") is not None


def teaser_lines(scope, headline: str) -> set[str]:
    """The lines of the boxes beside the article in `scope`, stripped; not a box around the
    `headline` (a theme's "has-related-posts" wrapping the article itself)."""
    return {
        line.strip()
        for box in scope.css(_BOXES)
        if _beside(box) and headline not in " ".join(box.text(separator=" ").split())
        for line in box.text(separator="\n").split("\n")
    }
