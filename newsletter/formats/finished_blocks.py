"""The email's kept blocks finished once: their MJML made HTML (mrml) and the CSS inlined on it
(css-inline), kept for the next build in this process (issue #17, criterion 2).

kept_fragments keeps an entry's block of the template's output; the whole email then went
through mrml and the inliner again, 5 ms of a 50-entry month's 85 KB of MJML where the block's
Jinja had cost 2 ms (measured in stop 52). Here the blocks the render marks (`marked`) are
taken out of the MJML, leaving its skeleton with a slot for each, and:

- the first time a skeleton is seen (or when most of its blocks are new: a changed template
  or setting), the whole email is finished at once, marks and all, and its HTML cut at them
  into the skeleton's pieces and each block's HTML, both kept;
- a block new since is finished alone, in a probe of its place: the skeleton's head (its
  styles and defaults) and the tags that hold the slot, mj-body down to its mj-column, so mrml
  lays it out at the same width and the inliner sees the same ancestors;
- the email is the skeleton's pieces with each block's HTML in its slot.

That is the email a whole finish makes, byte for byte (tests/test_incremental_builds.py,
tests/test_finished_blocks.py), only where nothing in a block's HTML depends on what is beside
it. So a skeleton is kept in pieces only when its styles select by no neighbour (`+`, `~`,
`:first-child`, `:has()`…: the slot's siblings are others in a probe) and name no font (mrml
links one in the head only when the body uses it), each slot is alone in a one-column section's
column, no <style> is in its body (the inliner reads one there; a probe has only the head), and
every block holds only elements mrml lays out each in a row of its own, balanced, with no
stylesheet of its own (an mj-raw only comments: the inliner's parser moves other HTML out of the
table it sits in). mrml writes styles in the head by the kinds of element the email holds
(mj-image's for phones), and links the fonts it knows (Lato, Roboto…) that an element's
font-family or mj-class names, in the order the email first names them, so the skeleton's head
is kept with the kinds each of its blocks held in order, each its name with those attributes,
and other kinds in any slot finish the whole again. Anything else is finished whole, as
without keeping.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

# A mark no note or page can write: notes and fetched text reach the MJML escaped or sanitised
# (comments dropped), and the token is new in each process.
_TOKEN = f"newsletter-block-{secrets.token_hex(8)}"
OPEN, CLOSE = (f"<mj-raw><!--{_TOKEN}{side}--></mj-raw>" for side in "{}")
_SLOT = f"<mj-raw><!--{_TOKEN}--></mj-raw>"
_IN_HTML = re.compile(f"<!--{_TOKEN}([{{}}]?)-->")

# blocks and bytes kept at most (a block's MJML and its HTML each): a 200-entry edition's twice
LIMIT = 1000
SIZE = 32 << 20
MOST_PROBES = 4  # blocks finished alone in a build; more new ones and the whole is quicker

# what a block may hold: elements mrml lays out each in its own row of the column
_ALONE = frozenset({"mj-text", "mj-image", "mj-raw", "mj-divider", "mj-spacer", "mj-button", "mj-table"})
_TAG = r"""<!--.*?-->|<(?P<closing>/?)(?P<name>mjml|mj-[a-z-]+)\b(?P<attributes>(?:"[^"]*"|'[^']*'|[^'">])*)>"""
_SCAN = re.compile(f"(?P<slot>{re.escape(_SLOT)})|{_TAG}", re.DOTALL)
_HOLDERS = ("mj-body", "mj-wrapper", "mj-section", "mj-column")  # what may hold a slot
_STYLES = re.compile(r"<(mj-style|mj-html-attributes|style)\b[^>]*>(.*?)</\1\s*>", re.DOTALL | re.IGNORECASE)
# a selector that reads an element's neighbours or what it holds (ahead of it, the inliner or
# mrml match elements outside a block against the block's, and a block's against its own)
_BY_NEIGHBOUR = re.compile(r"[+~]|:(?:first|last|nth|only)-|:has\(|:empty|:blank", re.IGNORECASE)
# what of an element names the fonts mrml links in the head (Lato, Roboto… it knows without an
# mj-font), beside its name: an element's kind, so a block naming another font makes the head again
_FONT_NAMING = re.compile(r"""\b(?:font-family|mj-class)\s*=\s*(?:"[^"]*"|'[^']*')""")
# an mj-raw's HTML sits between its column's rows, in a table: the inliner's HTML parser moves
# anything but comments and spaces there (a <p>, words) to before the table, out of its block
_RAW_HTML = re.compile(r"<mj-raw\b[^>]*>(?:\s|<!--.*?-->)*+(?!</mj-raw\s*>)", re.DOTALL | re.IGNORECASE)
_OWN_STYLES = re.compile(r"<(?:style|link)\b|<mj-(?:style|head|attributes)\b", re.IGNORECASE)


def marked(made: str) -> str:
    """A kept block as the render writes it into the email's MJML, for `finish` to find: its marks
    inside the spaces around it, which mrml writes out or not by the whole run of them (a run
    with a line break in it, not), so each run stays whole; a block that opens or closes with
    words, not a tag, unmarked (mrml writes the words, and a mark would cut their run)."""
    core = made.strip()
    if not core.startswith("<") or not core.endswith(">"):
        return made
    lead = len(made) - len(made.lstrip())
    return f"{made[:lead]}{OPEN}{core}{CLOSE}{made[lead + len(core) :]}"


@dataclass
class _Skeleton:
    pieces: list[str] | None  # its HTML cut at the slots (None: finished whole, never in pieces)
    around: list[tuple[str, str]] | None = None  # the probe's MJML before and after each slot
    kinds: tuple[tuple[str, ...], ...] = ()  # each block's kinds of element, which its HTML's head is made for


_SKELETONS: OrderedDict[str, _Skeleton] = OrderedDict()
# (the probe's MJML before and after it, its MJML): its HTML and the elements it holds (the
# probe's texts are the same objects build after build, from the skeleton's `around`)
_BLOCKS: OrderedDict[tuple[str, str, str], tuple[str, tuple[str, ...]]] = OrderedDict()
_SIZE = 0
_KINDS: dict[tuple[str, ...], tuple[str, ...]] = {}  # one of each list of kinds, compared by identity first
_CHECKED: set[str] = set()  # the ways of making the email compared with the whole finish (`_checked`)
_OFF = False  # one of them made another email: every email finished whole
_LOCK = threading.Lock()  # a make ahead and a build in two threads of the waiting process


def finish(mjml: str, whole: Callable[[str], str]) -> str:
    """The email's HTML from `mjml`, as `whole` makes it of the MJML without marks, its marked
    blocks finished once each (see above)."""
    if OPEN not in mjml:
        return whole(mjml)
    texts, blocks = _cut(mjml)
    if texts is None or _OFF:  # a mark out of place (a block inside a block), or keeping off: as if none
        return whole(mjml.replace(OPEN, "").replace(CLOSE, ""))
    skeleton = _SLOT.join(texts)
    with _LOCK:
        known = _SKELETONS.get(skeleton)
    if known is None:
        around = _slots(skeleton, len(blocks))
        if around is None:
            _remember(skeleton, _Skeleton(None))
            return whole(_plain(texts, blocks))
        return _at_once(mjml, texts, skeleton, around, blocks, whole)
    if known.pieces is None:
        return whole(_plain(texts, blocks))
    with _LOCK:
        made = [_BLOCKS.get((*place, block)) for place, block in zip(known.around, blocks, strict=True)]
    new = [number for number, html in enumerate(made) if html is None]
    if len(new) > MOST_PROBES:
        return _at_once(mjml, texts, skeleton, known.around, blocks, whole)
    for number in new:
        made[number] = _alone(known, number, blocks[number], whole)
        if made[number] is None:
            return _at_once(mjml, texts, skeleton, known.around, blocks, whole)
    # mrml writes styles in the head for the kinds of element the email holds (mj-image's for
    # phones) and links fonts in the order it meets them: the skeleton's head is this email's
    # only for the same kinds in the same slots
    if tuple(kinds for _, kinds in made) != known.kinds:
        return _at_once(mjml, texts, skeleton, known.around, blocks, whole)
    html = _spliced(known.pieces, [html for html, _ in made])
    return _checked("alone", html, texts, blocks, whole) if new else html


def _cut(mjml: str) -> tuple[list[str] | None, list[str]]:
    """The texts between the marked blocks of `mjml`, and the blocks; no texts when a mark is out
    of place."""
    chunks = mjml.split(OPEN)
    texts, blocks = [chunks[0]], []
    for chunk in chunks[1:]:
        block, closed, text = chunk.partition(CLOSE)
        if not closed or CLOSE in text:
            return None, []
        blocks.append(block)
        texts.append(text)
    return (None, []) if CLOSE in texts[0] else (texts, blocks)


def _plain(texts: list[str], blocks: list[str]) -> str:
    """The MJML without the marks."""
    return _spliced(texts, blocks)


def _at_once(mjml: str, texts: list[str], skeleton: str, around, blocks: list[str], whole) -> str:
    """The whole email finished with its marks in, cut at them into the skeleton's pieces and the
    blocks' HTML, each kept; the HTML without the marks."""
    try:
        html = whole(mjml)
    except Exception:
        _remember(skeleton, _Skeleton(None))
        return whole(_plain(texts, blocks))  # its message, at the author's places (the marks moved them)
    cut = _IN_HTML.split(html)
    sides, between = cut[1::2], cut[0::2]
    if sides != ["{", "}"] * len(blocks):  # (a mark the inliner or mrml did not keep in place)
        _remember(skeleton, _Skeleton(None))
        return whole(_plain(texts, blocks))
    pieces = [between[0], *between[2::2]]
    made = between[1::2]
    kinds = [_alone_in_row(block) for block in blocks]
    if not all(kinds):  # (this skeleton's blocks are finished whole from now on)
        _remember(skeleton, _Skeleton(None))
    else:
        _remember(skeleton, _Skeleton(pieces, around, tuple(kinds)))
        with _LOCK:
            for place, block, block_html, its_kinds in zip(around, blocks, made, kinds, strict=True):
                _keep((*place, block), (block_html, its_kinds))
    return _checked("cut", _spliced(pieces, made), texts, blocks, whole)


def _checked(way: str, html: str, texts: list[str], blocks: list[str], whole) -> str:
    """`html`, made `way`, compared with the whole finish's the first time in this process: a
    release of mrml or css-inline that wrote a mark's spaces or a block's rows otherwise than
    the ones this was proven with would make another email than a fresh build, and keeping
    is off from then on (its cost, a whole finish once a process for each way)."""
    global _OFF
    if way in _CHECKED:
        return html
    _CHECKED.add(way)
    plain = whole(_plain(texts, blocks))
    if plain != html:
        _OFF = True
    return plain


def _spliced(pieces: list[str], blocks: list[str]) -> str:
    """The skeleton's HTML with each block's in its slot."""
    return "".join(piece for pair in zip(pieces, [*blocks, ""], strict=True) for piece in pair)


def _alone(skeleton: _Skeleton, number: int, block: str, whole) -> tuple[str, tuple[str, ...]] | None:
    """One block's HTML, finished alone in a probe of its place, and the elements it holds; None
    when it may not be."""
    if not (kinds := _alone_in_row(block)):
        return None
    before, after = skeleton.around[number]
    try:
        html = whole(f"{before}{OPEN}{block}{CLOSE}{after}")
    except Exception:
        return None
    cut = _IN_HTML.split(html)
    if len(cut) != 5 or cut[1::2] != ["{", "}"]:
        return None
    with _LOCK:
        _keep((before, after, block), (cut[2], kinds))
    return cut[2], kinds


def _slots(skeleton: str, count: int) -> list[tuple[str, str]] | None:
    """The probe's MJML before and after each slot of `skeleton`: its head, and the open tags of
    what holds the slot; None when a slot's HTML could depend on more (see above)."""
    if any(_BY_NEIGHBOUR.search(style) for _, style in _STYLES.findall(skeleton)) or "<mj-font" in skeleton:
        return None  # (mrml links a font in the head only when the body names it, a block maybe)
    open_tags: list[list] = []  # [name, its tag, the columns in it]
    slots, head_end = [], None
    shared: dict[str, str] = {}  # one text for the slots of a column, or of alike ones: the head is in each
    for tag in _SCAN.finditer(skeleton):
        closing, name, attributes = tag.group("closing", "name", "attributes")
        if tag["slot"]:
            names = [name for name, _, _ in open_tags]
            if head_end is None or names[:2] != ["mjml", "mj-body"] or names[-2:] != ["mj-section", "mj-column"]:
                return None
            if any(name not in _HOLDERS for name in names[1:]):
                return None
            before = skeleton[:head_end] + "".join(tag for _, tag, _ in open_tags[1:])
            after = "".join(f"</{name}>" for name in reversed(names))
            slots.append((shared.setdefault(before, before), shared.setdefault(after, after), open_tags[-2]))
        elif name is None or attributes.endswith("/"):
            continue
        elif not closing:
            if name == "mj-column" and open_tags:
                open_tags[-1][2] += 1
            open_tags.append([name, tag[0], 0])
        elif not open_tags or open_tags.pop()[0] != name:
            return None
        elif name == "mj-head":
            head_end = tag.end()
    # each slot's section holds one column, counted now that every section has closed
    if open_tags or len(slots) != count or any(section[2] != 1 for _, _, section in slots):
        return None
    if _OWN_STYLES.search(skeleton, head_end):  # (the inliner reads a <style> in the body too; a probe has none)
        return None
    return [(before, after) for before, after, _ in slots]


def _alone_in_row(block: str) -> tuple[str, ...] | None:
    """The kinds of element `block` holds, in the order it first holds them, if they are elements
    mrml lays out each in a row of its own, balanced, with no stylesheet of its own (one would
    style the rest of the email)."""
    if _OWN_STYLES.search(block) or _RAW_HTML.search(block):
        return None
    depth, kinds = 0, {}
    for tag in _SCAN.finditer(block):
        closing, name, attributes = tag.group("closing", "name", "attributes")
        if name is None:
            continue
        if name not in _ALONE:
            return None
        kinds.setdefault(" ".join([name, *_FONT_NAMING.findall(attributes)]))
        if not attributes.endswith("/"):
            depth += -1 if closing else 1
        if depth < 0:
            return None
    if not kinds or depth != 0:
        return None
    if len(_KINDS) >= LIMIT:  # (only shared, never looked up by identity alone: let go, made again)
        _KINDS.clear()
    return _KINDS.setdefault(tuple(kinds), tuple(kinds))


def _remember(skeleton: str, finished: _Skeleton) -> None:
    with _LOCK:
        _SKELETONS[skeleton] = finished
        _SKELETONS.move_to_end(skeleton)
        while len(_SKELETONS) > 2:
            _SKELETONS.popitem(last=False)


def _keep(key: tuple[str, str, str], made: tuple[str, tuple[str, ...]]) -> None:
    global _SIZE
    if (kept := _BLOCKS.pop(key, None)) is not None:
        _SIZE -= _size(key, kept)
    _BLOCKS[key], _SIZE = made, _SIZE + _size(key, made)
    while len(_BLOCKS) > LIMIT or _SIZE > SIZE:
        _SIZE -= _size(*_BLOCKS.popitem(last=False))


def _size(key: tuple[str, str, str], made: tuple[str, tuple[str, ...]]) -> int:
    """A kept block's characters, its probe's too: a block outlives its skeleton, and its probe
    holds the head (a workspace's stylesheet), which a new title or language makes anew for each
    (the probe's texts, shared by the slots of a skeleton, counted for each: a bound, not a measure)."""
    return sum(map(len, key)) + len(made[0])
