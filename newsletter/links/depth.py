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
them are listed by one C-level `findall` each. It reads UTF-8 bytes as they are.
"""

from __future__ import annotations

import re

from newsletter.links.openings import CLOSES_TOP, FORMATTING, IGNORED, TABLE_ONLY, VOID, Openings

MAX_DEPTH = 256
_RAW = "script style textarea title xmp iframe noembed noframes plaintext"
_WS = r"\t\n\f\r "
# A tag as the tokenizer reads it: quotes only after "=", a '>' inside them ends nothing.
# (Atomic groups: a tag that never ends costs one pass, not a backtracking search.)
_TAG = (
    rf"<(/?)([a-zA-Z][^{_WS}/>]*)(?:[{_WS}]|/(?!>)|(?>[^{_WS}/>][^{_WS}/>=]*)"
    rf"(?>[{_WS}]*=[{_WS}]*(?>\"[^\"]*\"|'[^']*'|[^{_WS}>]*))?)*+(/?)>"
)
# What is not markup: comments, doctypes and other "<!", "<?", "</3" (to the next '>'), and the
# elements whose content is text
_SPECIAL = rf"<(?:!|\?|/(?![a-zA-Z>])|((?i:{'|'.join(_RAW.split())}))(?=[{_WS}/>]))"
_SCRIPT = rf"(<!--)|(-->)|(</[sS][cC][rR][iI][pP][tT](?=[{_WS}/>]))|(<[sS][cC][rR][iI][pP][tT](?=[{_WS}/>]))"


def _either_case(name: str) -> str:
    """`name` in any case, without re.I (which stops the engine from skipping to a literal "<")."""
    return "".join(f"[{c}{c.upper()}]" for c in name)


def _patterns(kind):
    def compile_(pattern: str, flags=0):
        return re.compile(pattern if kind is str else pattern.encode(), flags)

    raw_end = {name: compile_(rf"</{_either_case(name)}(?=[{_WS}/>])") for name in _RAW.split()}
    tag = compile_(_TAG)  # groups: (slash, name, "/" if self-closed), what findall lists
    return {
        "tags": tag,
        "tag": tag,
        "special": compile_(_SPECIAL),
        "script": compile_(_SCRIPT),
        "raw_end": raw_end,
        "comment_end": compile_(r"--!?>"),
        "lit": (lambda s: s) if kind is str else str.encode,
    }


_PATTERNS = {str: _patterns(str), bytes: _patterns(bytes)}
_NAMES: dict = {}  # raw tag name -> lower-case str


def _name(raw) -> str:
    name = _NAMES.get(raw)
    if name is None:
        if len(_NAMES) > 4096:
            _NAMES.clear()
        name = _NAMES[raw] = (raw if isinstance(raw, str) else raw.decode("latin-1")).lower()
    return name


def _script_end(text, at: int, events) -> int:
    """Where the `</script` that ends a script starting at `at` is, or -1: the tokenizer's
    escaped states (`<!--<script>...</script>-->` inside a script ends nothing) included."""
    state = 0  # 0 script data, 1 escaped, 2 double escaped
    while (m := events.search(text, at)) is not None:
        kind = m.lastindex
        at = m.end()
        if kind == 3 and state < 2:
            return m.start()
        if state == 0 and kind == 1:
            state, at = 1, m.start() + 2  # "<!-->" is back in script data at once
        elif state and kind == 2:
            state = 0
        elif state == 1 and kind == 4:
            state = 2
        elif state == 2 and kind == 3:
            state = 1
    return -1


def _skip(text, match, model: Openings, p) -> tuple[int, tuple[int, int] | None]:
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
        at = _script_end(text, tag.end(), p["script"])  # escaped: the first </script may end nothing
    return at, None


def shallow(text: str | bytes, max_depth: int = MAX_DEPTH) -> str | bytes:
    """`text`, cut before the tag that could nest elements `max_depth` deep."""
    if len(text) < max_depth:
        return text  # too short to nest that deep (the most a tag adds is three levels, "<td>")
    p = _PATTERNS[type(text)]
    tags_in, special = p["tags"].findall, p["special"].search
    model = Openings()
    names = model.names
    position = 0
    while position >= 0:
        match = special(text, position)
        end = match.start() if match else len(text)
        cut = _run(model, names, tags_in(text, position, end), max_depth, starts_only=False)
        if cut is not None:
            return text[: _nth_tag(text, p["tags"], position, end, cut)]
        if match is None:
            return text
        position, stretch = _skip(text, match, model, p)
        if model.depth_exceeds(max_depth):
            return text[: match.start()]
        if stretch is not None:
            model.foreign = False
            cut = _run(model, names, tags_in(text, *stretch), max_depth, starts_only=True)
            if cut is not None:
                return text[: _nth_tag(text, p["tags"], *stretch, cut)]
    return text


_COUNTED = FORMATTING | {"svg", "math"}  # end tags the model keeps a count for
# Start tags that are only pushed (most of them): the loop below does that itself
_NOT_PLAIN = VOID | IGNORED | FORMATTING | TABLE_ONLY | set(CLOSES_TOP) | {"svg", "math", "frameset"}


def _run(model: Openings, names: list, tags, max_depth: int, starts_only: bool) -> int | None:
    """Feed `tags` to the model; the index of the first that reaches a limit, if one does."""
    for index, (slash, raw, closed) in enumerate(tags):
        name = _NAMES.get(raw) or _name(raw)
        if slash:
            if starts_only:
                continue
            if model.foreign:
                model.foreign_tag(name, True, False)
            elif names[-1] == name and name not in _COUNTED and len(names) > 2:
                names.pop()
                if len(names) == model.resume:  # out of an <svg><title>: foreign content again
                    model.foreign = True
            else:
                model.end(name)
            continue
        if model.foreign and not starts_only:
            model.foreign_tag(name, False, bool(closed))
        elif name not in _NOT_PLAIN:
            names.append(name)
        else:
            model.start(name)
        if model.depth_exceeds(max_depth):
            return index
    return None


def _nth_tag(text, tags, start: int, end: int, index: int) -> int:
    """Where the `index`-th tag found between start and end begins (found again: a rare page)."""
    for match in tags.finditer(text, start, end):
        if index == 0:
            return match.start()
        index -= 1
    return end
