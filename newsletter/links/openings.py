"""The HTML5 parser's stack of open elements, over-approximated tag by tag, for `depth.shallow`.

The shadow may hold more elements than the parser (then a page is cut a little early), never
fewer: stray end tags, end tags a scope boundary stops (`<div><object></div>`), formatting
elements the parser re-opens, `<li><dd>` or `<rb>` nesting without saying so must not hide
depth. So it only ever pops what it can prove the parser pops too:

- every start tag of an element that can hold others is pushed, "flat" ones (`<p>`, `<li>`)
  and self-closed ones (`<x/>`, an HTML element outside `<svg>`) too; a cell or row also
  counts the row and table body the parser may add around it;
- an end tag pops the top entry only when it names it. If the parser has that element, all it
  holds above it is re-opened formatting (never a scope boundary), so it pops it too; if it
  does not, the entry was one too many. Everything else pops nothing here, whatever the parser
  does, and a formatting element the parser popped on the way is still counted where it was:
  the shadow never walks down its stack, so an entry the parser lost only ever over-counts;
- inside `<svg>`/`<math>`, `<x/>` opens nothing: the shadow trusts that only while it moves in
  lock-step with the parser, from the `<svg>` start tag on, through foreign elements and their
  own end tags (and back out of an HTML integration point such as `<title>` the same way);
  anything else (a breakout tag like `<div>`, an end tag of another element) ends the trust;
- a start tag that makes the parser close the element on top closes it here too (a `<p>` by
  any block, an `<li>` by the next, a cell by the next cell...): the parser's walk for it
  passes only re-opened formatting, which is never special nor a boundary; a table part with
  no table open (here, so not in the parser either) is ignored, as the parser does.

Re-opening is work as well: each text between tags re-opens up to every formatting element
that is pending, so `formatting` (how many are open here) is bounded too.
"""

from __future__ import annotations

MAX_FORMATTING = 32  # open formatting elements: each text may re-open them all (real pages: <= 4)
FORMATTING = frozenset("a b big code em font i nobr s small strike strong tt u".split())
VOID = frozenset(
    "area base basefont bgsound br col embed frame hr image img input keygen link meta param source track wbr".split()
)
IGNORED = frozenset(("html", "head", "body"))  # merged into the page's own, never nested
# start tag -> entries it closes when on top (the parser walks for them past formatting only)
CLOSES_TOP: dict[str, frozenset] = {}
for _name in (
    "address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer"
    " header hgroup main menu nav ol p search section summary ul pre listing plaintext xmp hr"
).split():
    CLOSES_TOP[_name] = frozenset({"p"})
for _name in "h1 h2 h3 h4 h5 h6".split():
    CLOSES_TOP[_name] = frozenset({"p"})
CLOSES_TOP["li"] = frozenset({"p", "li"})
CLOSES_TOP["dd"] = CLOSES_TOP["dt"] = frozenset({"p", "dd", "dt"})
CLOSES_TOP["td"] = CLOSES_TOP["th"] = frozenset({"td", "th"})
CLOSES_TOP["tr"] = frozenset({"tr"})
# start tags that take the parser out of <svg>/<math> content (<font> only with some attributes:
# taken as one here, which is the safe side)
BREAKOUT = frozenset(
    "b big blockquote body br center code dd div dl dt em embed font h1 h2 h3 h4 h5 h6 head hr i img li"
    " listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt u ul var".split()
)
# <svg>/<math> elements whose content is HTML again (names as lower-cased here)
INTEGRATION = frozenset("foreignobject desc title mi mo mn ms mtext annotation-xml".split())
# Start tags the parser ignores outside a table (or a <template>)
TABLE_ONLY = frozenset("td th tr tbody thead tfoot caption colgroup".split())
_BODIES = frozenset(("tbody", "thead", "tfoot", "#tbody"))
_IMPLIED = frozenset(("#tbody", "#tr", "#colgroup"))
# What a </table> pops on its way (only <html> and <template> stop the parser's walk for it;
# table parts exist only above their table, so one the parser lost went with it)
_TABLE_INSIDE = _IMPLIED | TABLE_ONLY
_TABLE_ENDS = {"table": ("table",), "tbody": _BODIES, "thead": _BODIES, "tfoot": _BODIES, "tr": ("tr", "#tr")}


class Openings:
    """The over-approximated stack, as lower-case names; `len(names)` bounds the parser's depth."""

    __slots__ = ("names", "formatting", "foreign", "resume", "svg", "frames")

    def __init__(self) -> None:
        self.names: list[str] = ["html", "body"]
        self.formatting = 0
        self.svg = 0  # <svg>/<math> entries: while any is open, the parser may be in its content
        self.frames = False  # a <frameset> was seen: the parser may ignore <script>, <xmp>...
        self.foreign = False  # surely in <svg>/<math> content, where "/>" closes
        self.resume = 0  # popping back to this many entries is foreign content again

    def foreign_tag(self, name: str, end: bool, closed: bool) -> None:
        """A tag while the parser is surely in <svg>/<math> content."""
        names = self.names
        if end:
            if names[-1] == name:
                names.pop()
                self.foreign = name not in ("svg", "math")
                self.svg -= not self.foreign
                self.resume = 0
            else:
                self.foreign = False
                self.end(name)
        elif name in BREAKOUT:
            self.foreign = False
            self.start(name)
        elif not closed:
            names.append(name)
            self.svg += name in ("svg", "math")
            if name in INTEGRATION:  # HTML inside, until this element's own end tag
                self.foreign, self.resume = False, len(names) - 1

    def raw_is_text(self) -> bool:
        """Does a <script>, <style>, <xmp>... start tag surely make its content text? Not in
        <svg>/<math>, nor where the parser ignores it (a frameset, a <template>'s column group)."""
        return not self.svg and not self.frames and "template" not in self.names

    def depth_exceeds(self, max_depth: int) -> bool:
        return len(self.names) >= max_depth or self.formatting >= MAX_FORMATTING

    def start(self, name: str) -> None:
        """A start tag, lower-case (any but a plain one the scan pushes itself)."""
        self.resume = 0
        names = self.names
        if name in ("svg", "math"):
            names.append(name)
            self.foreign, self.svg = True, self.svg + 1
            return
        if self.svg and name not in BREAKOUT and names[-1] not in BREAKOUT:
            # maybe in <svg>/<math> content (not under an element only HTML has), where an
            # <input>, a <td> or an <html> is an element like any other: pushed, never
            # ignored nor closing the one on top
            if name in FORMATTING:
                self.formatting += 1
            names.append(name)
            return
        if name in IGNORED:
            return
        if name == "frameset":
            self.frames = True
        closes = CLOSES_TOP.get(name)
        if closes is not None:
            if names[-1] == "p" and "p" in closes:
                names.pop()
            if names[-1] in closes and names[-1] != "p":  # the list item or cell it ends
                names.pop()
        if name == "col" and names[-1] not in ("colgroup", "#colgroup") and ("table" in names or "template" in names):
            names.append("#colgroup")  # the parser adds the group a column lacks
        if name in VOID:
            return
        if name in TABLE_ONLY:
            if "table" not in names and "template" not in names:
                return  # no table open here, so none in the parser: it ignores the tag
            if name in ("td", "th", "tr"):  # the parser adds the row and the body a cell lacks
                if names[-1] not in ("tr", "#tr") and names[-1] not in _BODIES:
                    names.append("#tbody")
                if name != "tr" and names[-1] not in ("tr", "#tr"):
                    names.append("#tr")
        if name in FORMATTING:
            self.formatting += 1
        names.append(name)

    def end(self, name: str) -> None:
        """An end tag, lower-case: pops the top entry when it is that element."""
        self.resume = 0
        names = self.names
        ends = _TABLE_ENDS.get(name)
        if ends is not None:  # through the rows and bodies the parser added itself
            passable = _TABLE_INSIDE if name == "table" else _IMPLIED
            at = len(names) - 1
            while names[at] in passable and names[at] not in ends:
                at -= 1
            if names[at] in ends and at > 1:
                del names[at:]
            return
        if names[-1] == name and len(names) > 2:
            names.pop()
            if name in FORMATTING:
                self.formatting -= 1
            elif name in ("svg", "math"):
                self.svg -= 1
