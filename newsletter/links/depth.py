"""Bounding a page's nesting before it is parsed, so extraction stays linear in the page's size.

An HTML5 parser looks through its stack of open elements for many start tags (is a `<p>` in
scope? where does this `<li>` end?), so a page nesting 16,000 `<div>`s or `<li>`s costs it time
quadratic in the depth: seconds, for a 100 KB page. Real pages nest a few dozen levels; browsers
stop building deeper than about 512. `shallow` cuts the text at the first tag that could open
level MAX_DEPTH (or keep MAX_FORMATTING formatting elements open, each of which the parser may
re-open at every text); the metadata a page has is in its head and its first levels, which are
kept.

The scan reads the markup as the parser's tokenizer does (attributes, comments, raw text) and
feeds the tags to `openings.Openings`, an upper bound on the parser's stack. Python loops only
over the comments and raw-text elements (a few dozen a page) and once per tag; the tags between
them are listed by one C-level `findall` each. It reads UTF-8 bytes as they are. `bounded` is
what callers use: it skips the scan for a page too small to hurt.
"""

from __future__ import annotations

import re

from newsletter.links.openings import CLOSES_TOP, FORMATTING, IGNORED, MAX_FORMATTING, TABLE_ONLY, VOID, Openings

MAX_DEPTH = 256
_RAW = "script style textarea title xmp iframe noembed noframes plaintext"
_READ = ("title", "textarea")  # raw text the extractor reads (a <script> only when JSON-LD)
_WS = r"\t\n\f\r "
# A tag as the tokenizer reads it: quotes only after "=", a '>' inside them ends nothing, and a
# value that opens a quote is quoted to the end. (Possessive: a tag that never ends costs one
# pass, not a backtracking search.)
_TAG = (
    rf"<(/?)([a-zA-Z][^{_WS}/>]*)(?:[{_WS}]++(?:[a-zA-Z_:][-\w:.]*+=\"[^\"]*+\")?+|/(?!>)"  # (the usual name="value")
    rf"|[^{_WS}/>][^{_WS}/>=]*+(?:[{_WS}]*+=[{_WS}]*+(?:\"[^\"]*+(?:\"|\Z)|'[^']*+(?:'|\Z)|[^{_WS}>\"'][^{_WS}>]*+)?+)?+)*+"
    r"(?:(/?)(>)|\Z)"  # the last group is empty when the tag runs on past where the scan stops
)


def _either_case(name: str) -> str:
    """`name` in any case, without re.I (which stops the engine from skipping to a literal "<")."""
    return "".join(f"[{c}{c.upper()}]" for c in name)


# What is not markup: comments, doctypes and other "<!", "<?", "</3" (to the next '>'), and the
# elements whose content is text
def _alternation(words: list[str]) -> str:
    """A regular expression for any of `words`, grouped by prefix like a trie, in both cases:
    the engine tries one branch per tag instead of every name."""
    groups: dict[str, list[str]] = {}
    for word in sorted(set(words)):
        groups.setdefault(word[:1], []).append(word[1:])
    branches = []
    for first, rests in groups.items():
        letter = f"[{first}{first.upper()}]"
        longer = [rest for rest in rests if rest]
        optional = "|" if "" in rests else ""
        branches.append(f"{letter}(?:{_alternation(longer)}{optional})" if longer else letter)
    return "|".join(branches)


_SPECIAL = rf"<(?:!|\?|/(?![a-zA-Z>])|({_alternation(_RAW.split())})(?=[{_WS}/>]))"


def _patterns(kind):
    def compile_(pattern: str, flags=0):
        return re.compile(pattern if kind is str else pattern.encode(), flags)

    raw_end = {name: compile_(rf"</{_either_case(name)}(?=[{_WS}/>])") for name in _RAW.split()}
    tag = compile_(_TAG)  # groups: (slash, name, "/" if self-closed, ">" if it ends), for findall
    return {
        "tags": tag,
        # a tag or what is not markup, for reading on from a special construct found in a tag
        "token": compile_(_TAG[: -len(r"(?:(/?)(>)|\Z)")] + r"(?:(/?)(>)|\Z)|<(!|\?|/(?![a-zA-Z>]))"),
        "tag": tag,
        "special": compile_(_SPECIAL),
        "script_start": compile_(rf"<{_either_case('script')}(?=[{_WS}/>])"),
        "raw_end": raw_end,
        "comment_end": compile_(r"--!?>"),
        "ld_json": compile_(r"[lL][dD]\+[jJ][sS][oO][nN]"),
        "lit": (lambda s: s) if kind is str else str.encode,
    }


_PATTERNS = {str: _patterns(str), bytes: _patterns(bytes)}
_NAMES: dict = {}  # raw tag name -> lower-case str
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _name(raw) -> str:
    name = _NAMES.get(raw)
    if name is None:
        if len(_NAMES) > 4096:
            _NAMES.clear()
        # ASCII letters only, as the parser: "\u212a" (Kelvin) is no "k", nor "\xc3" (in UTF-8) "\xe3"
        name = _NAMES[raw] = raw.translate(_ASCII_LOWER) if isinstance(raw, str) else raw.lower().decode("latin-1")
    return name


def _script_end(text, at: int, p) -> int:
    """Where the `</script` that ends a script starting at `at` is, or -1: the tokenizer's
    escaped states (`<!--<script>...</script>-->` inside a script ends nothing) included.
    Each kind of event is found by a search that skips to its first character, and found
    again only once passed: one pass over the script."""
    lit = p["lit"]
    finders = (
        lambda i: text.find(lit("<!--"), i),
        lambda i: text.find(lit("-->"), i),
        lambda i: m.start() if (m := p["raw_end"]["script"].search(text, i)) else -1,
        lambda i: m.start() if (m := p["script_start"].search(text, i)) else -1,
    )
    ahead = [-2] * 4  # the next of each: "<!--", "-->", "</script", "<script"; -2 unknown
    wanted = ((0, 2), (1, 2, 3), (1, 2))  # what matters in script data, escaped, double escaped
    state = 0
    while True:
        for kind in wanted[state]:
            if ahead[kind] != -1 and ahead[kind] < at:
                ahead[kind] = finders[kind](at)
        found = [(ahead[kind], kind) for kind in wanted[state] if ahead[kind] >= 0]
        if not found:
            return -1
        where, kind = min(found)
        if kind == 2 and state < 2:
            return where
        if state == 0:  # "<!--": escaped ("<!-->" is back in script data at once)
            state, at = 1, where + 2
        elif kind == 1:  # "-->": script data
            state, at = 0, where + 3
        elif kind == 3:  # "<script" while escaped: double escaped
            state, at = 2, where + 7
        else:  # "</script" while double escaped: escaped again
            state, at = 1, where + 8


def _skip(text, match, model: Openings, p, drops: list | None = None) -> tuple[int, tuple[int, int] | None]:
    """Past a special construct at `match`: where markup resumes (-1: never), and a stretch
    before it in which only start tags count: raw text the parser may read as markup (inside
    <svg>/<math>, or a raw-text start tag it may ignore)."""
    start, lit = match.start(), p["lit"]
    name = match[1]
    if name is None:
        if text.startswith(lit("<!--"), start):
            if text.startswith(lit(">"), start + 4):
                return start + 5, None
            if text.startswith(lit("->"), start + 4):
                return start + 6, None
            end = p["comment_end"].search(text, start + 4)
            if drops is not None:
                drops.append((start, end.end() if end else len(text)))
            return (end.end() if end else -1), None
        if text.startswith(lit("<![CDATA["), start) and model.svg:  # text there, a comment in HTML
            end = text.find(lit("]]>"), start)
            return (end + 3 if end >= 0 else -1), (start + 2, end + 3 if end >= 0 else len(text))
        end = text.find(lit(">"), start)  # a doctype, "<?...>", "</3...>": a bogus comment
        return (end + 1 if end >= 0 else -1), None
    tag = p["tag"].match(text, start)
    if tag is None:
        return start + 1, None  # never ends: text to the end, tags inside or not
    name = _name(name)
    text_inside = model.raw_is_text()
    if model.foreign:
        model.foreign_tag(name, False, bool(tag[3]))
    else:
        model.start(name)
    model.foreign = False  # its content: text or markup, whichever the parser makes of it
    if not text_inside:  # maybe markup: its start tags count, its end tags close nothing
        close = p["raw_end"][name].search(text, tag.end()) if name != "plaintext" else None
        return (close.start() if close else -1), (tag.end(), close.start() if close else len(text))
    if name == "plaintext":
        return -1, None
    close = p["raw_end"][name].search(text, tag.end())
    at = close.start() if close else -1
    if name == "script" and text.find(p["lit"]("<!--"), tag.end(), at if at >= 0 else len(text)) >= 0:
        at = _script_end(text, tag.end(), p)  # escaped: the first </script may end nothing
    if drops is not None and name not in _READ and at > tag.end():
        if name != "script" or p["ld_json"].search(text, match.start(), tag.end()) is None:
            drops.append((tag.end(), at))
    return at, None


# A page too small to hurt is parsed as it is: on most real pages the scan costs more than it
# could save (NAEB's median page has 1,683 "<"s and 9 formatting start tags; the scan took half
# of its extraction time). With at most SMALL_PAGE "<"s there are as many tags, each nesting at
# most three levels (a <td> with its row and body); with fewer than MAX_FORMATTING start tags of
# formatting elements other than <a>, there are never more to re-open (the parser keeps one <a>
# at a time: the next closes it). The worst such markup we could write (tests/test_depth.py's
# _WORST_SMALL: 3,000 nested <div>s, formatting re-opened at every paragraph, the adoption
# agency's cubic case) parses in at most ~25 ms and 20 MB here: a constant, not a rate.
SMALL_PAGE = 3000
_FORMATTING_NAMES = sorted(FORMATTING - {"a"})
# (the lookahead on the first letter first: most "<"s fail it at once, and the search runs
# for every "<" of every page: a third less time than trying the names' branches each time)
_FIRST_LETTERS = "".join(sorted({n[0] + n[0].upper() for n in _FORMATTING_NAMES}))
_FORMATTING_START = rf"<(?=[{_FIRST_LETTERS}])(?:{_alternation(_FORMATTING_NAMES)})(?=[{_WS}/>])"
_FORMATTING_STARTS = {str: re.compile(_FORMATTING_START), bytes: re.compile(_FORMATTING_START.encode())}
# A formatting element closed where it opens, around text alone (`<strong>Note:</strong>`, an
# icon's `<i class="fa fa-bolt"></i>`), is the parser's current node when its end tag comes: the
# end tag takes it off the list of formatting elements, and nothing ever re-opens it. Only the
# others can pile up, so a page of many such is parsed as it is, not scanned (53 of the 60 NAEB
# pages scanned for their formatting tags alone). Strict on purpose, so that what looks closed
# here is closed in the parser too: attributes only name="value" with no '<', '>' or '"' in the
# value, no "/>", nothing but text inside, the end tag's name in the same case; else it counts.
# (Possessive: a tag that never ends, however many attributes it has, is one pass.)
_CLOSED_IN_PLACE = (
    rf"<({_alternation(_FORMATTING_NAMES)})(?:[{_WS}]++[a-zA-Z][-\w]*+=\"[^\"<>]*+\")*+[{_WS}]*+>[^<]*+</\1[{_WS}]*+>"
)
_CLOSED_IN_PLACES = {str: re.compile(_CLOSED_IN_PLACE, re.ASCII), bytes: re.compile(_CLOSED_IN_PLACE.encode())}


def bounded(text: str | bytes, lean: bool = False) -> str | bytes:
    """`text` as the parser may be given it: as it is when it is too small to nest deep or
    re-open much, else `shallow(text, lean=lean)`. (Small pages keep comments and scripts.)"""
    if text.count(_PATTERNS[type(text)]["lit"]("<")) <= SMALL_PAGE:
        formatting = len(_FORMATTING_STARTS[type(text)].findall(text))
        if formatting < MAX_FORMATTING:
            return text
        if formatting - len(_CLOSED_IN_PLACES[type(text)].findall(text)) < MAX_FORMATTING:
            return text
    return shallow(text, lean=lean)


def shallow(text: str | bytes, max_depth: int = MAX_DEPTH, lean: bool = False) -> str | bytes:
    """`text`, cut before the tag that could nest elements `max_depth` deep. `lean`: without
    comments and the text of scripts (but JSON-LD), styles and the like, which the extractor
    never reads and the parser would copy into the tree."""
    if len(text) < max_depth:
        return text  # too short to nest that deep (the most a tag adds is three levels, "<td>")
    p = _PATTERNS[type(text)]
    tags_in, special = p["tags"].findall, p["special"].search
    model = Openings()
    names = model.names
    position = 0
    drops: list | None = [] if lean else None
    while position >= 0:
        match = special(text, position)
        end = match.start() if match else len(text)
        tags = tags_in(text, position, end)
        if match is not None and tags and not tags[-1][3]:
            # what looked like a comment or a <script> is inside a tag (an attribute's value):
            # read on tag by tag to the real one
            match, cut_at = _in_order(text, position, model, max_depth, p)
            if cut_at is not None:
                return _lean(text, cut_at, drops)
        else:
            cut = _run(model, names, tags, max_depth, starts_only=False)
            if cut is not None:
                return _lean(text, _nth_tag(text, p["tags"], position, end, cut), drops)
        if match is None:
            return _lean(text, len(text), drops)
        position, stretch = _skip(text, match, model, p, drops)
        if model.depth_exceeds(max_depth):
            return _lean(text, match.start(), drops)
        if stretch is not None:
            model.foreign = False
            start, end = stretch
            tags = tags_in(text, start, end)
            if tags and not tags[-1][3]:  # a tag runs on past it: count every start tag to the end
                position, tags = -1, tags_in(text, start)
            cut = _run(model, names, tags, max_depth, starts_only=True)
            if cut is not None:
                return _lean(text, _nth_tag(text, p["tags"], start, len(text) if position < 0 else end, cut), drops)
    return _lean(text, len(text), drops)


def _lean(text, end: int, drops: list | None):
    """`text` up to `end`, without the stretches in `drops` (when there are any)."""
    if not drops:
        return text[:end] if end < len(text) else text
    pieces, at = [], 0
    for start, stop in drops:
        if start >= end:
            break
        pieces.append(text[at:start])
        at = stop
    if at < end:
        pieces.append(text[at:end])
    return text[:0].join(pieces)


def _in_order(text, position: int, model: Openings, max_depth: int, p):
    """Tags from `position` one at a time, up to the first comment or raw-text element really
    outside a tag: (its match, None), or (None, where to cut), or (None, None) at the end."""
    raw = frozenset(_RAW.split())
    for token in p["token"].finditer(text, position):
        slash, name, closed, ends, other = token.groups()
        if other is not None or not slash and _name(name) in raw:
            return p["special"].match(text, token.start()), None
        if not ends:
            return None, None  # the page ends inside this tag: the parser drops it
        if _run(model, model.names, [(slash, name, closed, ends)], max_depth, starts_only=False) is not None:
            return None, token.start()
    return None, None


def _run(model: Openings, names: list, tags, max_depth: int, starts_only: bool) -> int | None:
    """Feed `tags` to the model; the index of the first that reaches a limit, if one does.
    (The common tags are handled here, without a call: this loop runs for every tag.)"""
    kinds, push, pop = _KINDS, names.append, names.pop
    foreign, svg, resume = model.foreign and not starts_only, model.svg, model.resume
    for index, (slash, raw, closed, ends) in enumerate(tags):
        if not ends:
            break  # the page ends inside this tag: the parser drops it
        name, kind = kinds.get(raw) or _kind(raw)
        if slash:
            if starts_only:
                continue
            if not foreign and names[-1] == name and kind < _COUNTED:
                pop()
                if len(names) == resume:  # out of an <svg><title>: foreign content again
                    model.foreign, model.resume = foreign, resume = True, 0
                continue
            if foreign:
                model.foreign_tag(name, True, False)
            else:
                model.end(name)
        elif foreign:
            model.foreign_tag(name, False, bool(closed))
        elif kind == _PLAIN:
            push(name)
            if len(names) >= max_depth:
                return index
            continue
        elif kind == _VOID and not svg:
            continue  # (an <img> may re-open formatting elements: counted where they are)
        elif kind == _BLOCK and not svg:
            if names[-1] == "p":
                pop()
            push(name)
            if len(names) >= max_depth:
                return index
            continue
        else:
            model.start(name)
            if model.formatting >= MAX_FORMATTING:
                return index
        foreign, svg, resume = model.foreign and not starts_only, model.svg, model.resume
        if len(names) >= max_depth:
            return index
    return None


_PLAIN, _VOID, _BLOCK, _OTHER, _COUNTED, _BASE = range(6)  # end tags from _COUNTED on: the model's
_KINDS: dict = {}  # raw tag name -> (lower-case name, how the loop treats it)


def _kind(raw) -> tuple[str, int]:
    name = _name(raw)
    if name in IGNORED:
        kind = _BASE  # <html>, <body>: never pushed, never popped
    elif name in FORMATTING or name in ("svg", "math"):
        kind = _COUNTED  # the model keeps a count of these
    elif name in VOID and name not in CLOSES_TOP and name != "col":  # (<hr> closes a <p>; <col> opens a group)
        kind = _VOID
    elif CLOSES_TOP.get(name) == CLOSES_TOP["div"] and name not in VOID:
        kind = _BLOCK  # closes a <p> on top, then is pushed
    elif name in TABLE_ONLY or name in CLOSES_TOP or name in VOID or name == "frameset":
        kind = _OTHER
    else:
        kind = _PLAIN
    if len(_KINDS) > 4096:
        _KINDS.clear()
    _KINDS[raw] = (name, kind)
    return name, kind


def _nth_tag(text, tags, start: int, end: int, index: int) -> int:
    """Where the `index`-th tag found between start and end begins (found again: a rare page)."""
    for match in tags.finditer(text, start, end):
        if index == 0:
            return match.start()
        index -= 1
    return end
