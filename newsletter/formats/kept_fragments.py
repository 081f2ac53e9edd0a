"""`{% fragment entry, under %}…{% endfragment %}`: a block of a template rendered once for the
same values, and its output kept for the next build in this process (issue #17, criterion 2).

A process that builds the same edition again and again (the waiting process of a build at a
terminal, `preview`) rendered every entry's block anew after any one note changed. Measured
in a 50-entry month with one note changed (stop 51): the email's Jinja 2.70 -> 2.33 ms, the
post's 1.25 -> 1.19 ms, of a ~20 ms make ahead: Jinja is quick, and what keeping saves is small.
The text part's blocks, kept too, cost more than they saved (1.9-2.1 -> 2.2-2.3 ms) until each
entry's `repr` was made once a render for all its blocks (`_shown_once`; stop 52, a busy machine: 4.2-4.6 ->
3.2-3.3 ms, the email's blocks finished once too: finished_blocks.py). A kept block is keyed by
what it is made of:

- the block's own code (its syntax tree, so an edited template makes new keys),
- the values of the names the tag lists (`entry`: every field, the fetched metadata with it,
  its link's recorded state, compared by `repr`),
- the build's namespace (`namespace`): the settings, the post's address, the site's Markdown
  rules: every value a block may read besides those names, so a changed setting makes new keys.

A block is kept only when that is the whole of what it reads: when the template compiles,
each name the block reads but does not set must be a name the tag lists or one of `FIXED` and
the environment's globals (the settings' words and functions), and it may use no filter or
global the environment marks `unkept` (the text part's numbered links, which run through the
edition). A block reading anything else (`edition`, an outer `loop`, a macro of the template, an
include) is rendered every time, as without the tag: an author's own template stays right
whatever it does inside one. A block is a scope, as a `for` loop's body is: what it `set`s is
not seen after it, kept or not. So is a block, as it renders, whose names of `FIXED` and the
globals hold other values than the render's own (the template's `{% set say = … %}`, a macro's
argument or a loop's variable of such a name): the namespace does not stand for those.

A render whose blocks share a state (the text part numbers its links through the edition: a
block's `[3]` depends on the links before it) names it `fragment_state`: a block is kept under
the state as it stood before it too, and what the block added to it (the links it numbered
first) is kept with it and added again when the block is taken from the kept.

Keeping is off unless `keep_fragments()` was called: `build --all` makes each edition once,
and a build run once has nothing to reuse.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from jinja2 import meta, nodes
from jinja2.ext import Extension
from markupsafe import Markup

# names a block may read whose values the namespace stands for (render's context)
FIXED = frozenset({"settings", "links", "date", "web_url"})
# kept blocks at most, the oldest let go first: a 200-entry edition's email and post blocks twice
LIMIT = 1000
# and at most this many characters of them: the count alone held what each save of a long note
# made, never shown again, a thousand times over (a 976 KB note's email and post blocks are
# 1.9 MB a save: 19.1 MB after ten saves of it, measured; some 950 MB at LIMIT)
SIZE = 32 << 20
# what nothing shows: nodes whose output depends on more than the block's own code
_OPAQUE = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends, nodes.Block)

_MISSING = object()  # (a name the render has no value of)

_KEPT: OrderedDict[bytes, tuple[Markup, tuple]] | None = None  # each block, and what it added to the state
_SIZE = 0  # the characters of the blocks in _KEPT
_ORDER = threading.Lock()  # a make ahead and a build in two threads of the waiting process
# Each value's `repr` in the render under way (this thread's): an entry is the key of its email's,
# post's and text's blocks, four in all, and its repr (its notes, its page's metadata) was most
# of what keeping cost: 237 keys at 28 us each, 6.7 ms of a 50-entry build (stop 52). The value
# is held with it, so its id is no other's while the render lasts; each render starts anew.
_RENDER = threading.local()


def keep_fragments() -> None:
    """From now on, for the life of this process, keep the blocks it renders."""
    global _KEPT, _SIZE
    if _KEPT is None:
        _KEPT, _SIZE = OrderedDict(), 0


def namespace(*values: object) -> str | None:
    """The digest of everything a kept block may read besides its names, for one render; None
    when this process keeps no blocks (nothing to key, and `repr` of the settings saved)."""
    if _KEPT is None:
        return None
    _RENDER.shown = {}
    return hashlib.blake2b(repr(values).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _shown_once(value: object) -> str:
    """`repr(_shown(value))`, made once a render for a value that is no plain string or number."""
    if value is None or type(value) in (str, int, bool):
        return repr(value)
    shown = getattr(_RENDER, "shown", None)
    if shown is None:
        return repr(_shown(value))
    made = shown.get(id(value))
    if made is None:
        made = shown[id(value)] = (value, repr(_shown(value)))
    return made[1]


def _shown(value: object) -> object:
    """`value` as its key holds it: its `repr`, but for a string of a subclass that carries more
    than its letters, which `repr` hides: a heading in another language than the edition's
    (letter_case.InLanguage, InEnglish) is written in that language's capitals, and a kept block
    of the same words as a heading of the edition's language showed the other's ("MACHINE", not
    Turkish's "MACHİNE")."""
    if isinstance(value, str) and type(value) not in (str, Markup):
        return (type(value).__module__, type(value).__qualname__, str(value), getattr(value, "__dict__", None))
    return value


class Fragments(Extension):
    """The `fragment` tag. An environment sets `fragment_namespace` before each render and may
    list in `unkept_names` the filters and globals whose output depends on the blocks before,
    or set `fragment_state`: an object that says where it stands (`position`, `key`), what was
    added since a position (`added_since`) and adds it again (`replay`); its `fragment_marked`,
    when set, writes each kept block as the render's output shows it (the email's:
    finished_blocks.marked, for its finish to keep the block's HTML too)."""

    tags = {"fragment"}

    def __init__(self, environment):
        super().__init__(environment)
        environment.extend(fragment_namespace=None, unkept_names=frozenset(), fragment_state=None, fragment_marked=None)

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        keys = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            keys.append(parser.parse_expression())
        body = parser.parse_statements(("name:endfragment",), drop_needle=True)
        outside = self._outside(body, keys)
        if outside is None:
            # its own scope all the same, as the kept's capture is: a `{% set %}` inside showed
            # after the block only while it read something unkept (`edition`), an outer value else
            return nodes.Scope(body, lineno=lineno)
        code = hashlib.blake2b(repr([body, keys]).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        # Compiled as `{% set key = _key(…) %}{% set kept = _kept(key) %}{% if kept is not none %}{{
        # kept }}{% else %}{% set made %}…{% endset %}{{ _keep(key, made) }}{% endif %}`: a call
        # block makes a macro of its body at every call, kept or not, which cost what keeping saved.
        names = [f"_fragment_{name}_{lineno}_{code[:8]}" for name in ("key", "kept", "made")]
        key, kept, made = (nodes.Name(name, "load") for name in names)
        keeping = [
            nodes.Assign(
                nodes.Name(names[0], "store"),
                self.call_method(
                    "_key",
                    [
                        nodes.Const(code),
                        nodes.List(keys),
                        nodes.ContextReference(),
                        nodes.Const(outside),
                        nodes.List([nodes.Name(name, "load") for name in outside]),
                    ],
                ),
            ),
            nodes.Assign(nodes.Name(names[1], "store"), self.call_method("_kept", [key])),
            nodes.If(
                nodes.Not(nodes.Test(kept, "none", [], [], None, None)),
                [nodes.Output([kept])],
                [],
                [
                    nodes.AssignBlock(nodes.Name(names[2], "store"), None, body),
                    nodes.Output([self.call_method("_keep", [key, made])]),
                ],
            ),
        ]
        # A render that keeps nothing (no namespace: `build --all`, a build run once) writes the
        # block as it is, not through the three calls and the capture above: those were ~200
        # blocks of each edition of `build --all`, each for nothing. The same body in both
        # branches: each is compiled on its own (the optimizer's in-place folding of constants,
        # done to it twice, is done once).
        return nodes.If(
            nodes.EnvironmentAttribute("fragment_namespace"), keeping, [], [nodes.Scope(body, lineno=lineno)]
        )

    def _outside(self, body: list[nodes.Node], keys: list[nodes.Expr]) -> tuple[str, ...] | None:
        """The names of `FIXED` and the globals the block reads, if it may be kept, else None."""
        block = nodes.Template(body)
        block.set_environment(self.environment)
        if any(True for _ in block.find_all(_OPAQUE)):
            return None
        unkept = self.environment.unkept_names
        used = {node.name for node in block.find_all((nodes.Filter, nodes.Test))}
        listed = {key.name for key in keys if isinstance(key, nodes.Name)}
        read = meta.find_undeclared_variables(block)  # (which leaves the globals out)
        if not read <= (listed | FIXED) - unkept or used & unkept:
            return None
        loaded = {node.name for node in block.find_all(nodes.Name) if node.ctx == "load"}
        globals_read = loaded & set(self.environment.globals)
        if globals_read & unkept:
            return None
        return tuple(sorted((read | globals_read) - listed))

    def _key(self, code: str, keys: list, context, names: tuple[str, ...], values: list) -> tuple[bytes, int] | None:
        """The block's key in this render and where the render's state stood before it, None when
        nothing is kept (the block is made as is).

        None too when a name of `FIXED` or the globals the block reads is not the render's own
        value there (the namespace stands for those alone): the template's own `{% set say = … %}`,
        a macro's argument or a loop's variable of that name, which the block's code, alone in
        its key, does not show: a kept block showed the value it had when made."""
        if _KEPT is None or not self.environment.fragment_namespace:
            return None
        own = self.environment.globals
        for name, value in zip(names, values, strict=True):
            if value is not (context.parent.get(name, _MISSING) if name in FIXED else own.get(name, _MISSING)):
                return None
        state = self.environment.fragment_state
        before = f"\0{state.key()}" if state is not None else ""
        shown = "\0".join(_shown_once(key) for key in keys)  # (each a repr: a \0 in it is written \x00)
        digest = hashlib.blake2b(
            f"{self.environment.fragment_namespace}\0{code}\0{shown}{before}".encode("utf-8", "surrogatepass"),
            digest_size=16,
        ).digest()
        return digest, state.position() if state is not None else 0

    # Both give the block as Markup: it is output already made, which the environment's escaping
    # (the post's `finalize` escapes every printed string not so marked) must not escape again.
    def _kept(self, key: tuple[bytes, int] | None) -> Markup | None:
        """The block as made before under `key`, if it is still kept; what it added to the
        render's state is added again (the text part's links it numbered)."""
        kept = _KEPT
        if key is None or kept is None:
            return None
        with _ORDER:
            found = kept.get(key[0])
            if found is not None:
                kept.move_to_end(key[0])
        if found is None:
            return None
        made, added = found
        if added:
            self.environment.fragment_state.replay(added)
        return self._shown(made)

    def _keep(self, key: tuple[bytes, int] | None, made: str) -> Markup:
        global _SIZE
        made, kept, state = Markup(made), _KEPT, self.environment.fragment_state
        if key is not None and kept is not None and len(made) <= SIZE:
            added = state.added_since(key[1]) if state is not None else ()
            with _ORDER:
                if (before := kept.pop(key[0], None)) is not None:  # (made in two threads at once)
                    _SIZE -= len(before[0])
                kept[key[0]], _SIZE = (made, added), _SIZE + len(made)
                while len(kept) > LIMIT or _SIZE > SIZE:
                    _SIZE -= len(kept.popitem(last=False)[1][0])
        return made if key is None else self._shown(made)

    def _shown(self, made: Markup) -> Markup:
        marked = self.environment.fragment_marked
        return made if marked is None else Markup(marked(made))
