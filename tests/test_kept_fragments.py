"""A template's `{% fragment %}` block is made once for the same values and kept (issue #17):
and only a block whose output those values and the build's namespace decide is kept; any other
is made every time, as without the tag. tests/test_incremental_builds.py proves the kept blocks
byte-identical to a build from scratch over every example edition."""

import dataclasses
import functools

import jinja2
import pytest
from markupsafe import Markup, escape

from newsletter.formats import kept_code, kept_fragments, letter_case


@pytest.fixture
def keeping():
    kept_fragments.keep_fragments()  # (let go after the test: conftest.py)


class Counted:
    """A filter that counts its calls: a block made again calls it again."""

    def __init__(self):
        self.calls = 0

    def __call__(self, value):
        self.calls += 1
        return str(value).upper()


def environment(namespace="settings 1", unkept=frozenset()):
    env = jinja2.Environment(extensions=[kept_fragments.Fragments], undefined=jinja2.StrictUndefined)
    env.filters["shout"] = counted = Counted()
    env.globals["say"] = lambda word: f"<{word}>"
    env.fragment_namespace = namespace
    env.unkept_names = unkept
    return env, counted


BLOCK = "{% for entry in entries %}{% fragment entry %}BODY{% endfragment %}{% endfor %}"
ENTRIES = BLOCK.replace("BODY", "[{{ entry.title | shout }}{{ say('x') }}]")


def test_a_block_made_of_its_keys_is_made_once(keeping):
    env, counted = environment()
    template = env.from_string(ENTRIES)
    entries = [{"title": "one"}, {"title": "two"}]
    assert template.render(entries=entries) == "[ONE<x>][TWO<x>]"
    assert template.render(entries=entries) == "[ONE<x>][TWO<x>]"
    assert counted.calls == 2  # not 4: the second render's blocks were kept
    entries[1]["title"] = "changed"  # only the changed entry's block is made again
    assert template.render(entries=entries) == "[ONE<x>][CHANGED<x>]"
    assert counted.calls == 3


def test_nothing_is_kept_unless_the_process_keeps():
    env, counted = environment()
    template = env.from_string(ENTRIES)
    for _ in range(2):
        assert template.render(entries=[{"title": "one"}]) == "[ONE<x>]"
    assert counted.calls == 2


def test_a_changed_namespace_or_template_makes_blocks_again(keeping):
    env, counted = environment("settings 1")
    env.from_string(ENTRIES).render(entries=[{"title": "one"}])
    env.fragment_namespace = "settings 2"  # a setting changed
    env.from_string(ENTRIES).render(entries=[{"title": "one"}])
    assert counted.calls == 2
    edited = env.from_string(ENTRIES.replace("[{{", "({{"))  # the author's template changed
    assert edited.render(entries=[{"title": "one"}]) == "(ONE<x>]"
    assert counted.calls == 3


@pytest.mark.parametrize(
    ("block", "second"),
    [
        ("{{ entry.title | shout }} of {{ edition }}", "ONE of April"),  # a value the tag does not list
        ("{{ entry.title | shout }} {{ loop.length }}", "ONE 2 TWO 2"),  # the loop around it
        ("{{ entry.title | shout }}{% include 'other' %}", "ONEApril"),  # another template
        ("{{ entry.title | cite }}", "one [1]"),  # a filter whose output depends on the blocks before
        ("{% if entry.title == 'x' %}{% set x = 1 %}{% endif %}{{ x | shout }}", "APRIL"),  # maybe the outer x
    ],
)
def test_a_block_reading_more_than_its_keys_is_made_every_time(keeping, block, second):
    env, _ = environment(unkept=frozenset({"cite"}))
    cited: list = []
    env.filters["cite"] = lambda value: f"{value} [{len(cited)}]"
    env.loader = jinja2.DictLoader({"other": "{{ edition }}"})
    template = env.from_string(BLOCK.replace("BODY", block))
    entries = [{"title": "one"}]
    template.render(entries=entries, edition="March", x="March")
    cited.append(1)
    if "loop" in block:
        entries.append({"title": "two"})  # the first entry's block, unchanged, now says 2
    assert template.render(entries=entries, edition="April", x="April").replace("ONE 2TWO", "ONE 2 TWO") == second


def test_the_oldest_blocks_are_let_go(keeping, monkeypatch):
    monkeypatch.setattr(kept_fragments, "LIMIT", 3)
    env, counted = environment()
    template = env.from_string(ENTRIES)
    template.render(entries=[{"title": str(n)} for n in range(5)])
    assert len(kept_fragments._KEPT) == 3
    template.render(entries=[{"title": "0"}])  # let go: made again
    assert counted.calls == 6


def test_the_oldest_blocks_are_let_go_past_the_size_too(keeping, monkeypatch):
    """Each save of a long note made its blocks anew, and the old ones, never shown again, were
    let go only after a thousand: 1.9 MB a save of a 976 KB note, some 950 MB at the count."""
    monkeypatch.setattr(kept_fragments, "SIZE", 10, raising=False)
    env, counted = environment()
    template = env.from_string(BLOCK.replace("BODY", "{{ entry | shout }}"))
    template.render(entries=["aaaa", "bbbb", "cccc"])  # 12 characters: the first let go
    assert [made for made, _ in kept_fragments._KEPT.values()] == ["BBBB", "CCCC"]
    template.render(entries=["x" * 11, "cccc"])  # larger than all: made, never kept
    assert [made for made, _ in kept_fragments._KEPT.values()] == ["BBBB", "CCCC"]
    assert counted.calls == 4


@pytest.mark.parametrize("autoescape", [False, True])
def test_a_block_is_printed_as_made_whatever_the_environment_escapes(autoescape):
    """The post's environment escapes every printed string not marked safe (its `finalize`): a
    block captured and printed again was escaped twice, `<` and the entry's escaped `&lt;` with it,
    kept or not. Made, kept and taken from the kept, it prints as without the tag."""
    finalize = None if autoescape else (lambda value: value if isinstance(value, Markup) else escape(value))
    env = jinja2.Environment(extensions=[kept_fragments.Fragments], autoescape=autoescape, finalize=finalize)
    env.fragment_namespace = "settings 1"
    plain = env.from_string("{% for entry in entries %}It's <{{ entry }}> & more{% endfor %}")
    tagged = env.from_string(BLOCK.replace("BODY", "It's <{{ entry }}> & more"))
    expected = plain.render(entries=["<b>"])
    assert tagged.render(entries=["<b>"]) == expected  # nothing kept
    kept_fragments.keep_fragments()
    assert [tagged.render(entries=["<b>"]) for _ in range(2)] == [expected, expected]  # made, then kept


def test_a_block_numbering_links_through_the_render_is_kept_with_the_links_before_it(keeping):
    """The text part numbers its links through the edition: an entry's `[2]` depends on the
    links before it, and the list at the end on every block's. A block is kept under the links
    before it, and taken from the kept, numbers its links again for the list."""
    from newsletter.formats.text import Links

    env = jinja2.Environment(extensions=[kept_fragments.Fragments])
    env.fragment_namespace = "settings 1"
    env.filters["cite"] = Links().cite  # (set again for each render, as render.py does)
    template = env.from_string(
        "{% for entry in entries %}{% fragment entry %}{{ entry.title | cite(entry.url) }} "
        "{% endfragment %}{% endfor %}| {{ reference_list() }}"
    )

    def render(entries):
        links = Links()
        env.filters["cite"], env.globals["reference_list"] = links.cite, links.reference_list
        env.fragment_state = links
        return template.render(entries=entries)

    one, two = {"title": "One", "url": "https://one.example/"}, {"title": "Two", "url": "https://two.example/"}
    both = "One [1] Two [2] | [1] https://one.example/\n[2] https://two.example/"
    assert render([one, two]) == both
    assert render([one, two]) == both  # both taken from the kept: the list still lists both
    one["url"] = "https://two.example/"  # the first entry now cites the second's link
    assert render([one, two]) == "One [1] Two [1] | [1] https://two.example/"


def test_code_compiled_by_another_version_of_the_tag_is_compiled_again(tmp_path, monkeypatch):
    """Compiled templates are kept in .newsletter/ (kept_code), and a template with the tag
    compiles to calls of its methods: after an upgrade that changed them, code kept by its
    source alone was run by the new tool: a workspace's own email template built by one version
    and then by one whose `_key` takes more arguments ended in 'TypeError: Fragments._key()
    missing 3 required positional arguments'. The tag's and render.py's digests are part of the key: the
    next build compiles it again."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))  # (the key signing the code)
    monkeypatch.setattr(kept_code.KeptCode, "_code", {})

    def compiles(version: str) -> int:
        monkeypatch.setattr(kept_code, "_COMPILER", version.encode())
        kept_code.KeptCode._code.clear()  # (the next process)
        env = jinja2.Environment(
            extensions=[kept_fragments.Fragments],
            loader=jinja2.DictLoader({"t": BLOCK.replace("BODY", "[{{ entry }}]")}),
            bytecode_cache=kept_code.KeptCode(str(tmp_path)),
        )
        made = []
        compile_ = env.compile
        env.compile = lambda *args, **kwargs: made.append(1) or compile_(*args, **kwargs)
        assert env.get_template("t").render(entries=["a"]) == "[a]"
        return len(made)

    assert [compiles("old"), compiles("old"), compiles("new")] == [1, 0, 1]


@pytest.mark.parametrize(
    ("template", "values", "expected"),
    [
        # the author's template sets a global's name, then edits it: the block's own code unchanged
        ("{% set say = SEP %}" + BLOCK.replace("BODY", "{{ entry }}{{ say }}"), [" and ", " & "], ["a and ", "a & "]),
        # a macro's argument named as the render's `date`, called twice for the same entry
        (
            "{% macro shown(entry, date) %}{% fragment entry %}{{ entry }} on {{ date }}{% endfragment %}{% endmacro %}"
            "{% for entry in entries %}{{ shown(entry, SEP) }}{% endfor %}",
            ["Monday", "Tuesday"],
            ["a on Monday", "a on Tuesday"],
        ),
        # a loop's variable named as a global
        (
            "{% for say in [SEP] %}" + BLOCK.replace("BODY", "{{ entry }}{{ say }}") + "{% endfor %}",
            ["1", "2"],
            ["a1", "a2"],
        ),
    ],
)
def test_a_name_the_template_binds_over_the_renders_own_is_not_kept(keeping, template, values, expected):
    """The namespace stands for the render's settings, date and globals; a block reading one of
    those names bound by the template itself (a `set`, a macro's argument, a loop's variable)
    read a value the key does not hold, and showed the one it was first made with."""
    env, _ = environment()
    shown = [env.from_string(template.replace("SEP", repr(value))).render(entries=["a"], date="d") for value in values]
    assert shown == expected


def test_a_block_calling_an_unkept_global_is_made_every_time(keeping):
    """An unkept global (the text part's `reference_list`, whose numbers run through the edition)
    was looked for only among the names Jinja's `meta` reports, which leaves the globals out."""
    env, _ = environment(unkept=frozenset({"numbered"}))
    seen: list = []
    env.globals["numbered"] = lambda: len(seen)
    template = env.from_string(BLOCK.replace("BODY", "{{ entry }}{{ numbered() }}"))
    assert template.render(entries=["a"]) == "a0"
    seen.append(1)
    assert template.render(entries=["a"]) == "a1"


def test_a_heading_in_another_language_is_not_taken_for_the_same_words_in_the_editions(keeping):
    """A section's heading named by entries of another language (letter_case.InLanguage) takes
    that language's capitals; its `repr` is the words alone, as a plain heading's, and the block
    kept under the one showed the other's: 'MACHINE LEARNING' in a Turkish text, not 'MACHİNE'."""
    env, _ = environment()
    env.filters["upper"] = functools.partial(letter_case.upper, language="tr")
    template = env.from_string("{% fragment entry, under %}{{ under | upper }}{% endfragment %}")
    english = letter_case.InLanguage("Machine Learning", "en")
    shown = [template.render(entry="a", under=under) for under in (english, "Machine Learning", english)]
    assert shown == ["MACHINE LEARNING", "MACHİNE LEARNİNG", "MACHINE LEARNING"]
    shown = [template.render(entry="b", under=under) for under in (letter_case.InEnglish("in"), "in")]
    assert shown == ["IN", "İN"]


@pytest.mark.parametrize("body", ["{% set x = entry %}", "{% set x = entry ~ edition %}"])
def test_a_block_is_a_scope_kept_or_not(keeping, body):
    """A block that may be kept is captured, and what it sets stays inside; one reading more
    (`edition`) was its body as written, its `set` seen after it: a block printed 'aE' after it
    where the same block without `edition` printed the outer 'outer'."""
    env, _ = environment()
    template = env.from_string("{% set x = 'outer' %}{% fragment entry %}" + body + "{% endfragment %}[{{ x }}]")
    assert template.render(entry="a", edition="E") == "[outer]"


@pytest.mark.parametrize("namespace", [None, "settings 1"])
def test_a_render_that_keeps_nothing_writes_each_block_as_it_is(keeping, namespace):
    """Without a namespace (`build --all`, a build run once) the tag compiles to its body alone,
    no key made (stop 53: three calls and a capture for each of ~200 blocks an edition, for
    nothing): the same output, the same scope, and nothing kept."""
    env, counted = environment(namespace=namespace)
    template = env.from_string(
        "{% set x = 'outer' %}" + ENTRIES + "{% fragment entry %}{% set x = 1 %}{% endfragment %}[{{ x }}]"
    )
    for _ in range(2):
        assert template.render(entries=[{"title": "one"}], entry="e") == "[ONE<x>][outer]"
    assert counted.calls == (2 if namespace is None else 1)
    assert ("_fragment_key" in env.compile(ENTRIES, raw=True)) and "environment.fragment_namespace" in env.compile(
        ENTRIES, raw=True
    )


@dataclasses.dataclass
class Read:
    title: str


def test_a_value_changed_between_two_renders_is_made_again(keeping):
    """An entry's `repr`, its key, is made once a render for all its blocks (`_shown_once`): the
    next render's is its own, though the entry is the same object, changed."""
    env, counted = environment()
    template = env.from_string(ENTRIES)
    entry = Read("one")
    kept_fragments.namespace("settings 1")  # (what render() calls as each render starts)
    assert template.render(entries=[entry, entry]) == "[ONE<x>][ONE<x>]"
    assert counted.calls == 1  # its second block: the first's key, made once
    entry.title = "two"
    kept_fragments.namespace("settings 1")
    assert template.render(entries=[entry]) == "[TWO<x>]"
