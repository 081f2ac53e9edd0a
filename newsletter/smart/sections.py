"""Sections for a period: the entries grouped by meaning, each group named from its own words.

Grouping is average-linkage clustering of the entries' vectors (deterministic, no seed); a
group's name is the tag most of its entries share, else its most distinctive words (frequent
in the group, rare in the rest of the period). `write` sets `section:` in an entry by editing
that one line of its front matter (or adding it before the closing `---`), nothing else.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from newsletter import files
from newsletter.formats.post import quoted
from newsletter.formats.site_title_case import acronym
from newsletter.smart import cjk
from newsletter.smart.words import UNNAMING


@dataclass
class Proposal:
    name: str
    entries: list = field(default_factory=list)  # Entry objects


def propose(entries: list, size: int | None = None, say=None) -> list[Proposal]:
    """Groups of the entries, named; about one group per four or five entries unless `size`.
    `say` (a Wording) joins two words in the newsletter's language: a German log's proposals
    were "Größe and Made", and --write put that English "and" into its headings."""
    from newsletter.formats.wording import Wording
    from newsletter.smart.index import document
    from newsletter.smart.model import model

    say = say or Wording()

    if not entries:
        return []
    docs = [document(entry) for entry in entries]
    vectors = model().embed([" ".join(part for part in doc if part) for doc in docs])
    if len(entries) > 2:
        vectors = vectors - vectors.mean(axis=0)
    groups = _cluster(vectors, size or max(1, min(8, round(len(entries) / 4.5))))
    # a section is a topic: "Kwame and APIs" named one after the speaker the notes kept naming
    people = {w.casefold() for entry in entries for name in entry.people for w in _WORD.findall(name)}
    words = [[w for w in _words(doc) if w.casefold() not in people] for doc in docs]
    for bag, shared in zip(words, _shared_han(docs), strict=True):
        bag += shared
    everywhere = Counter(w for bag in words for w in set(bag))
    # Named largest first, each with the first of its names no other group took: two groups of
    # one name are one section once written, and the proposal showed the heading twice.
    taken: set[str] = set()
    proposals = []
    for g in sorted(groups, key=lambda g: -len(g)):
        names = _names([entries[i] for i in g], [words[i] for i in g], everywhere, len(entries), say)
        name = next((n for n in names if n.casefold() not in taken), None)
        if name is None:
            name = next(
                f"{names[0]} ({n})" for n in range(2, len(groups) + 2) if f"{names[0]} ({n})".casefold() not in taken
            )
        taken.add(name.casefold())
        proposals.append(Proposal(name, [entries[i] for i in g]))
    return sorted(proposals, key=lambda p: (-len(p.entries), p.name))


def _cluster(vectors, count: int) -> list[list[int]]:
    """Average linkage: the two groups whose entries are most alike on average merge, until
    `count` are left (ties: the pair that comes first, groups ordered by their first entry).

    The average between a merged group and each other is the two halves' averages weighed by
    their sizes, so a merge costs one pass over a row and the best pair is one argmax: every
    pair's average read again from the entries' similarities at each merge took 9 s for a month
    of 200 entries and an hour for a year of 1,800 (`sections 2026`)."""
    import numpy as np

    norms = np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    unit = (vectors / norms).astype(np.float64)
    n = len(vectors)
    scores = unit @ unit.T  # the average similarity of groups i and j, for i < j; -inf elsewhere
    scores[np.tril_indices(n)] = -np.inf
    sizes = np.ones(n)
    groups: dict[int, list[int]] = {i: [i] for i in range(n)}  # by each group's first entry
    while len(groups) > count:
        a, b = divmod(int(np.argmax(scores)), n)  # (row-major: the first pair of the best)
        merged = (sizes[a] * _averages(scores, a) + sizes[b] * _averages(scores, b)) / (sizes[a] + sizes[b])
        sizes[a] += sizes[b]
        scores[b, :] = scores[:, b] = -np.inf
        gone = np.full(n, True)
        gone[list(groups)] = False
        gone[[a, b]] = True
        merged[gone] = -np.inf
        scores[a, a + 1 :], scores[:a, a] = merged[a + 1 :], merged[:a]
        groups[a] = sorted(groups[a] + groups.pop(b))
    return sorted(groups.values())


def _averages(scores, i: int):
    """Group i's average with every group, read from the upper triangle (row i after it, column i before)."""
    import numpy as np

    return np.concatenate([scores[:i, i], [-np.inf], scores[i, i + 1 :]])


# Japanese and Chinese have no spaces, so a "word" ran from one punctuation mark to the next: a
# section was proposed as "LLM jp 4と億パラメータで日本語性能を大幅改善". Their words here are a
# run of katakana (a loanword: トークナイザ) or of two to eight ideographs (日本語, 分散学習) between
# others' letters; hiragana, mostly particles and endings, and longer runs of ideographs (Chinese
# sentences) name nothing. Five to eight ideographs are a word only beside kana (大規模言語の):
# between a Chinese sentence's commas they are a clause ("白菜先用盐腌出水"). Other scripts'
# words start with a letter ([A-Za-z] read "Überblick" as "berblick"), three letters or more.
_IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KANA = "\u3040-\u30ff"
_WORD = re.compile(
    rf"[\u30a1-\u30faー]{{2,}}"
    rf"|(?<![{_IDEOGRAPHS}])[{_IDEOGRAPHS}]{{2,4}}(?![{_IDEOGRAPHS}])"
    rf"|(?<=[{_KANA}])[{_IDEOGRAPHS}]{{5,8}}(?![{_IDEOGRAPHS}])|(?<![{_IDEOGRAPHS}])[{_IDEOGRAPHS}]{{5,8}}(?=[{_KANA}])"
    rf"|[^\W\d_{_KANA}{_IDEOGRAPHS}](?:[^\W{_KANA}{_IDEOGRAPHS}]|-){{2,}}"
)


def _words(doc: tuple[str, str, str, str]) -> list[str]:
    title, _, _, notes = doc
    text = f"{title} {title} {notes}"
    return [w for w in _WORD.findall(text) if w.lower() not in UNNAMING]


# A Chinese sentence is one run of ideographs: its words are the pieces of two to four of them
# that another entry of the period writes too (数据库, 交响曲), never beginning or ending with a
# particle or a measure word ("的原", "个和").
_FUNCTION = set("的了是在和与及或也都就而把被让给对从向于为以之其这那个些着过很更最再又还将要能会")


def _shared_han(docs: list) -> list[list[str]]:
    runs = [re.findall(rf"[{_IDEOGRAPHS}]{{5,}}", f"{doc[0]} {doc[0]} {doc[3]}") for doc in docs]
    pieces = [[run[i : i + n] for run in found for n in (2, 3, 4) for i in range(len(run) - n + 1)] for found in runs]
    pieces = [
        [p for p in found if p[0] not in _FUNCTION and p[-1] not in _FUNCTION and p not in UNNAMING] for found in pieces
    ]
    held = Counter(p for found in pieces for p in set(found))
    return [[p for p in found if held[p] > 1] for found in pieces]


def _names(entries: list, words: list[list[str]], everywhere: Counter, total: int, say) -> list[str]:
    """A group's possible names, best first: the section most of it already has, the tags most
    of it shares, then its most distinctive words, two by two.

    A group of Japanese or Chinese entries is named only by words two of them share: five
    unrelated entries were proposed as 'JaxとJIT', the English words one of them kept repeating."""
    names = []
    named = Counter(entry.section for entry in entries if entry.section)
    if named and named.most_common(1)[0][1] * 2 > len(entries):
        names.append(named.most_common(1)[0][0])  # most of the group already says it
    # dict.fromkeys, not set: a tie between tags goes to the one written first, whatever the
    # process's hash seed (with a set, the same entries were named differently run to run)
    tags = Counter(tag for entry in entries for tag in dict.fromkeys(entry.tags))
    for tag, count in tags.most_common():
        # (a tag of no letter or digit names nothing: "---" was proposed as "   ", and written)
        if (count >= max(2, (len(entries) + 1) // 2) or len(entries) == 1) and any(c.isalnum() for c in tag):
            names.append(_title(_spelling(tag, words, entries)))
    counts = Counter(w.lower() for bag in words for w in bag)
    spelled = {}
    for bag in words:
        for w in bag:
            spelled.setdefault(w.lower(), w)
    inside = Counter(w.lower() for bag in words for w in set(bag))

    def weight(w: str) -> float:
        return inside[w] * counts[w] ** 0.5 * (total / everywhere.get(w, everywhere.get(spelled[w], 1))) ** 0.5

    candidates = list(counts)
    if len(entries) > 1 and cjk.share(" ".join(w for bag in words for w in bag)) > 0.5:
        candidates = [w for w in candidates if inside[w] > 1]
        # a piece of a longer word as common in the group is that word cut short (数据 of 数据库)
        candidates = [
            w for w in candidates if not any(w != o and w in o and inside[o] == inside[w] for o in candidates)
        ]
    best = sorted(candidates, key=lambda w: (-weight(w), w))[:6]
    for pair in (best[n : n + 2] for n in range(0, len(best), 2)):
        first, *second = (_title(spelled[w]) for w in pair)
        names.append(say("sections_pair", first=first, second=second[0]) if second else first)
    return names or [say("sections_other")]


def _spelling(tag: str, words: list[list[str]], entries: list = ()) -> str:
    """The tag as the entries themselves write it ("mlops" -> "MLOps"), if they do; a tag the
    author wrote with a capital is spelt already: "JAX" became "Jax" from a note's code
    `jax.sharding`, its "jax" the one other spelling found. A tag of two letters is no word of
    `words` (three letters or more): Beatriz's "ml" was proposed as "Ml" where her titles say
    "ML", so their titles and notes are read for it."""
    if tag != tag.lower():
        return tag
    seen = Counter(w for bag in words for w in bag if w.lower() == tag.lower() and w != tag)
    if not seen:
        said = re.compile(rf"(?<![\w-]){re.escape(tag)}(?![\w-])", re.I)
        texts = (f"{entry.title or ''} {entry.notes}" for entry in entries)
        seen = Counter(w for text in texts for w in said.findall(text) if w != tag)
    if seen:
        return seen.most_common(1)[0][0]
    # a plural the entries write only in the singular, in capitals ("llms" where notes say "LLM")
    stem = tag[:-1]
    capitals = Counter(w for bag in words for w in bag if w.isupper() and w.lower() == stem) if tag[-1:] == "s" else {}
    return f"{stem.upper()}s" if capitals else tag


def _title(word: str) -> str:
    """A name's first letter in capitals, where the author wrote none; an acronym (no vowel but
    a plural's s) in its own: "llms" was proposed as "Llms", where readers write LLMs."""
    word = word.replace("-", " ").replace("_", " ")
    if spelt := acronym(word):
        return spelt
    return word if any(c.isupper() for c in word) else word[:1].upper() + word[1:]


def write(path: Path, name: str) -> bool:
    """Set `section: name` in the entry's front matter, changing only that line; False if unchanged."""
    data = path.read_bytes()
    text = data.decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    # closed as the reader closes it (python-frontmatter): any line of three or more dashes
    head = re.match(r"---[ \t]*\r?\n(.*?)(?=^-{3,}[ \t]*\r?$)", body, re.S | re.M)
    if not head:
        raise ValueError(f"{path} has no front matter")
    value = name if re.fullmatch(r"[A-Za-z0-9][\w ,.&'()/+-]*", name) and not name.endswith(":") else quoted(name)
    line = f"section: {value}"
    old = re.search(r"^section[ \t]*:.*?(?=\r?$)(?:\r?\n[ \t]+\S.*?(?=\r?$))*", head[1], re.M)
    if old:
        start = head.start(1) + old.start()
        new = body[:start] + line + body[start + len(old[0]) :]
    else:
        end = head.end(1)
        new = body[:end] + line + newline + body[end:]
    if new == body:
        return False
    files.write_atomic(path, (bom + new).encode("utf-8"))  # the author's file: whole, and on disk
    return True
