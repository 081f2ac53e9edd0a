"""`{% fragment entry, under %}…{% endfragment %}`: a block of a template rendered once for the
same values, and its output kept for the next build in this process (issue #17, criterion 2).

A process that builds the same edition again and again (the waiting process of a build at a
terminal, `preview`) rendered every entry's block anew after any one note changed. Measured
in a 50-entry month with one note changed (stop 51): the email's Jinja 2.5 -> 2.1 ms, the
post's 1.2 -> 1.05 ms, of a 19 ms make ahead; Jinja is quick, and what it saves is small, but
a block is made only when what it shows changed. A kept block is keyed by what it is made of:

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
whatever it does inside one.

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
# what nothing shows: nodes whose output depends on more than the block's own code
_OPAQUE = (nodes.Include, nodes.Import, nodes.FromImport, nodes.Extends, nodes.Block)

_KEPT: OrderedDict[bytes, tuple[Markup, tuple]] | None = None  # each block, and what it added to the state
_ORDER = threading.Lock()  # a make ahead and a build in two threads of the waiting process


def keep_fragments() -> None:
    """From now on, for the life of this process, keep the blocks it renders."""
    global _KEPT
    if _KEPT is None:
        _KEPT = OrderedDict()


def namespace(*values: object) -> str | None:
    """The digest of everything a kept block may read besides its names, for one render; None
    when this process keeps no blocks (nothing to key, and `repr` of the settings saved)."""
    if _KEPT is None:
        return None
    return hashlib.blake2b(repr(values).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class Fragments(Extension):
    """The `fragment` tag. An environment sets `fragment_namespace` before each render and may
    list in `unkept_names` the filters and globals whose output depends on the blocks before,
    or set `fragment_state`: an object that says where it stands (`position`, `key`), what was
    added since a position (`added_since`) and adds it again (`replay`)."""

    tags = {"fragment"}

    def __init__(self, environment):
        super().__init__(environment)
        environment.extend(fragment_namespace=None, unkept_names=frozenset(), fragment_state=None)

    def parse(self, parser):
        lineno = next(parser.stream).lineno
        keys = [parser.parse_expression()]
        while parser.stream.skip_if("comma"):
            keys.append(parser.parse_expression())
        body = parser.parse_statements(("name:endfragment",), drop_needle=True)
        if not self._keepable(body, keys):
            return body
        code = hashlib.blake2b(repr([body, keys]).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        # Compiled as `{% set key = _key(…) %}{% set kept = _kept(key) %}{% if kept is not none %}{{
        # kept }}{% else %}{% set made %}…{% endset %}{{ _keep(key, made) }}{% endif %}`: a call
        # block makes a macro of its body at every call, kept or not, which cost what keeping saved.
        names = [f"_fragment_{name}_{lineno}_{code[:8]}" for name in ("key", "kept", "made")]
        key, kept, made = (nodes.Name(name, "load") for name in names)
        return [
            nodes.Assign(
                nodes.Name(names[0], "store"), self.call_method("_key", [nodes.Const(code), nodes.List(keys)])
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

    def _keepable(self, body: list[nodes.Node], keys: list[nodes.Expr]) -> bool:
        block = nodes.Template(body)
        block.set_environment(self.environment)
        if any(True for _ in block.find_all(_OPAQUE)):
            return False
        unkept = self.environment.unkept_names
        used = {node.name for node in block.find_all((nodes.Filter, nodes.Test))}
        readable = {key.name for key in keys if isinstance(key, nodes.Name)} | FIXED | set(self.environment.globals)
        read = meta.find_undeclared_variables(block)
        return read <= readable - unkept and not used & unkept

    def _key(self, code: str, keys: list) -> tuple[bytes, int] | None:
        """The block's key in this render and where the render's state stood before it, None when
        nothing is kept (the block is made as is)."""
        if _KEPT is None or not self.environment.fragment_namespace:
            return None
        state = self.environment.fragment_state
        before = f"\0{state.key()}" if state is not None else ""
        digest = hashlib.blake2b(
            f"{self.environment.fragment_namespace}\0{code}\0{keys!r}{before}".encode("utf-8", "surrogatepass"),
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
        return made

    def _keep(self, key: tuple[bytes, int] | None, made: str) -> Markup:
        made, kept, state = Markup(made), _KEPT, self.environment.fragment_state
        if key is not None and kept is not None:
            added = state.added_since(key[1]) if state is not None else ()
            with _ORDER:
                kept[key[0]] = (made, added)
                if len(kept) > LIMIT:
                    kept.popitem(last=False)
        return made
