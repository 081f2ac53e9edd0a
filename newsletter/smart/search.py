"""Search and related entries over the index, in pure Python (no numpy: these must start fast).

Words are ranked by SQLite FTS5's BM25 (title, people and tags weigh more than notes); meaning
by cosine similarity, found by a Hamming scan of 256-bit signatures and re-scored exactly on
the best few hundred. The two lists are fused by reciprocal rank, and each hit says why.
"""

from __future__ import annotations

import heapq
import operator
import os
import re
import sqlite3
import struct
from array import array
from pathlib import Path
from typing import NamedTuple

from newsletter.smart import cjk, quick
from newsletter.smart.model import DIM
from newsletter.smart.word_forms import folded as _folded
from newsletter.smart.word_forms import other_forms
from newsletter.smart.words import STOP, compatible, plain_letters, stop_words

SHORTLIST = 150  # entries re-scored exactly after the signature scan
FUSION = 60  # reciprocal-rank constant
FLOOR = 0.5
_ROW = struct.Struct(f"<{DIM}e")


class Hit(NamedTuple):  # not a dataclass: its module alone would cost a search a few per cent
    path: str
    title: str
    date: str
    type: str
    url: str
    score: float
    why: str

    def as_dict(self) -> dict:
        return self._asdict()


def terms(query: str, stop: frozenset[str] = STOP) -> list[str]:
    """The query's words, but `stop`'s (words.stop_words: the log's language's); a CJK run's
    words are its pieces between particles (see `cjk.words`), read as the index spells them
    (words.compatible: ｹﾝｻｸ is ケンサク, a run of katakana)."""
    query = compatible(query)
    runs = cjk.words(query.lower())
    words = [t for t in re.findall(r"\w+", cjk.without(query.lower())) if len(t) > 1]
    # each once: a paragraph pasted as the query said "model" 300 times, in FTS5's query and in
    # each hit's words (100 KB of a note: 52 s, and a "why" of thousands of words)
    return list(dict.fromkeys(([t for t in words if t not in stop] or ([] if runs else words)) + runs))


def _matching(word: str, language: str | None = None) -> str:
    """FTS5's query for one word as the index spells it, in either number where the stemmer
    would not join them (word_forms: "lição" or "lições" in a Portuguese log)."""
    if cjk.has(word):
        return cjk.matching(word)
    return " OR ".join(f'"{plain_letters(form)}"' for form in [word, *other_forms(word, language)])


def by_words(
    db: sqlite3.Connection, query: str, limit: int = 100, stop: frozenset[str] = STOP, language: str | None = None
) -> list[tuple[int, float]]:
    words = terms(query, stop)
    if not words:
        return []
    match = " OR ".join(_matching(word, language) for word in words)
    return db.execute(
        "SELECT rowid, bm25(words, 4.0, 3.0, 3.0, 1.0) FROM words WHERE words MATCH ? ORDER BY 2 LIMIT ?",
        (match, limit),
    ).fetchall()


def by_meaning(
    db: sqlite3.Connection, vector: list[float], limit: int = 100, exclude: int | None = None
) -> list[tuple[int, float]]:
    """Entries nearest a unit vector: Hamming on signatures, then exact cosine on a shortlist."""
    signature = int.from_bytes(bytes(_bits(vector)), "big")
    number = int.from_bytes
    packed = db.execute("SELECT ids, sigs FROM packed").fetchone()
    if packed is None:
        return []
    ids, sigs = array("q", packed[0]), packed[1]
    distance = [(signature ^ number(sigs[at : at + 32], "big")).bit_count() for at in range(0, len(sigs), 32)]
    near = heapq.nsmallest(SHORTLIST, range(len(ids)), key=distance.__getitem__)
    found = []
    for id_, vec in db.execute(
        f"SELECT id, vec FROM entry WHERE id IN ({','.join('?' * len(near))})", [ids[n] for n in near]
    ):
        if id_ != exclude:
            found.append((id_, sum(map(operator.mul, vector, _ROW.unpack(vec)))))
    return sorted(found, key=lambda item: -item[1])[:limit]


def _bits(vector: list[float]):
    for start in range(0, DIM, 8):
        yield sum(1 << (7 - n) for n, value in enumerate(vector[start : start + 8]) if value > 0)


def search(db: sqlite3.Connection, query: str, limit: int = 10, language: str | None = None) -> list[Hit]:
    """Entries matching `query` by words and by meaning, best first. `language`: the log's, whose
    stop words the query's words are not (an English log's "ela", "tem" are words to find)."""
    stop = stop_words(language)
    lexical = by_words(db, query, stop=stop, language=language)
    semantic = by_meaning(db, _embedded(db, query)) if query.strip() else []
    if semantic:  # a meaning-only hit must be at least half as close as the closest, and close at all
        semantic = [(id_, score) for id_, score in semantic if score > 0 and score >= semantic[0][1] * FLOOR]
    fused: dict[int, float] = {}
    for ranking in (lexical, semantic):
        for rank, (id_, _) in enumerate(ranking):
            fused[id_] = fused.get(id_, 0.0) + 1 / (FUSION + rank)
    similarity = dict(semantic)
    best = sorted(fused, key=lambda id_: -fused[id_])[:limit]
    # Which query words an entry holds, accents aside on both sides, as FTS5 matched them: 'zoe'
    # found "Zoë" and the hit said no word at all; in either number, as by_words found them
    stems = [
        (w, re.compile(r"\b(?:" + "|".join(_stem(form) for form in [w, *other_forms(w, language)]) + ")", re.I))
        for w in terms(query, stop)
        if not cjk.has(w)
    ]
    # a CJK word is in the entry when its pairs are, one after the other, in the spaced text
    # (folded as the text is: NFKD takes the dakuten off データ's デ)
    stems += [
        (
            w,
            re.compile(
                r"(?<!\S)" + " ".join(re.escape(_folded(p)) for p in cjk.pairs(w)) + ("" if len(w) == 1 else r"(?!\S)")
            ),
        )
        for w in terms(query, stop)
        if cjk.has(w)
    ]
    texts = dict(
        db.execute(
            f"SELECT rowid, title || ' ' || people || ' ' || tags || ' ' || notes FROM words "
            f"WHERE rowid IN ({','.join('?' * len(best))})",
            best,
        ).fetchall()
    )
    hits = []
    for id_ in best:
        text = _folded(texts[id_])
        found = [w for w, stem in stems if stem.search(text)]
        why = []
        if found:
            why.append("words: " + ", ".join(found))
        if id_ in similarity:
            why.append(f"meaning {similarity[id_]:.2f}")
        hits.append(_hit(db, id_, round(fused[id_], 4), "; ".join(why)))
    return hits


def _stem(word: str) -> str:
    """A pattern of the start of `word` that its inflected forms share."""
    return re.escape(_folded(plain_letters(word))[: max(4, len(word) - 2)])


def related(db: sqlite3.Connection, root: Path, target: str, limit: int = 10) -> tuple[str, list[Hit], list[str]]:
    """What `target` is (an entry, a link, text), the entries nearest it, and the paths of the
    other entries of its link, which are not among them: new user 43's article read four times
    had its three other entries as its nearest, at 1.00, where he looked for other reading."""
    id_ = _entry_id(db, root, target)
    if id_ is not None:
        title, url, vec = db.execute("SELECT title, url, vec FROM entry WHERE id = ?", (id_,)).fetchone()
        same = dict(_same_link(db, id_, url))
        rows = db.execute(  # a score of 0 or less is no relation (an entry with no words has only those)
            "SELECT other, score FROM neighbour WHERE id = ? AND score > 0 ORDER BY score DESC", (id_,)
        ).fetchall()
        stored = len(rows)
        rows = [(other, score) for other, score in rows if other not in same]
        from newsletter.smart.index import NEIGHBOURS

        if len(rows) < limit and stored >= NEIGHBOURS:  # more asked than the index keeps: found as for a text
            rows = [
                (other, score)
                for other, score in by_meaning(db, list(_ROW.unpack(vec)), limit + len(same), exclude=id_)
                if score > 0 and other not in same
            ]
        hits = [_hit(db, other, round(score, 3), f"similarity {score:.2f}") for other, score in rows[:limit]]
        return title or url, hits, sorted(same.values())
    if re.match(r"https?://", target):
        raise LookupError(f"no entry has the link {target}; give an entry file, or some text about it")
    path = Path(target)
    text = _file_text(path) if path.suffix == ".md" and path.is_file() else target
    rows = [(other, score) for other, score in by_meaning(db, _embedded(db, text), limit) if score > 0]
    return "the text given", [_hit(db, other, round(score, 3), f"similarity {score:.2f}") for other, score in rows], []


def _file_text(path: Path) -> str:
    """A Markdown file given to relate, read if it is no more than an entry may hold: an entry the
    index left out for its size (a 5.3 MB note) was read whole and embedded word by word, 94 s
    before any answer, and a file of gigabytes would have filled the memory."""
    from newsletter.errors import NewsletterError
    from newsletter.models import LARGEST_ENTRY_FILE, oversized

    with open(path, "rb") as file:
        data = file.read(LARGEST_ENTRY_FILE + 1)
        size = max(len(data), os.fstat(file.fileno()).st_size)
    if wrong := oversized(size, data if len(data) <= LARGEST_ENTRY_FILE else None):
        raise NewsletterError(f"{path}: {wrong}.")
    return data.decode("utf-8")


# quick.embed looks up each word's merges in SQLite, in pure Python: a query's few words in
# milliseconds, but a page of text in seconds (a note of 1 MB, an entry's most, ~18 s). A longer
# text is embedded by the model, whose vector is the same (test_smart_index) and whose import
# (numpy) costs less than such a text's words would.
QUICK_TEXT = 2_000


def _embedded(db: sqlite3.Connection, text: str) -> list[float]:
    if len(text) <= QUICK_TEXT:
        return quick.embed(db, text)
    from newsletter.smart.model import model

    return [float(v) for v in model().embed([quick.clean(text)])[0]]


def _same_link(db: sqlite3.Connection, id_: int, url: str) -> list[tuple[int, str]]:
    """(id, path) of the other entries of `url`, as _entry_id matches a link: its scheme and a
    final "/" aside."""
    if not url or "://" not in url:
        return []
    wanted = url.rstrip("/").split("://", 1)[1]
    return [
        (other, path)
        for other, path, link in db.execute(
            "SELECT id, path, url FROM entry WHERE url LIKE ? AND id != ?", (f"%{wanted}%", id_)
        )
        if link.rstrip("/").split("://", 1)[-1] == wanted
    ]


def previously(state_dir: Path, entry_path: str, threshold: float = 0.8) -> list[Hit]:
    """Earlier entries strongly related to one entry, from the neighbours stored at index time.

    For the build's optional "Previously in this log" line: no model, no numpy, read-only;
    an entry that is not indexed (or no index at all) has none.
    """
    from newsletter.smart.index import path_of

    path = path_of(state_dir)
    if not path.is_file():
        return []
    db = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        rows = db.execute(
            "SELECT n.other, n.score FROM neighbour n JOIN entry e ON e.id = n.id "
            "JOIN entry o ON o.id = n.other WHERE e.path = ? AND o.date < e.date AND n.score >= ? "
            "ORDER BY n.score DESC",
            (entry_path, threshold),
        ).fetchall()
        return [_hit(db, other, round(score, 3), "neighbour") for other, score in rows]
    except sqlite3.DatabaseError:
        return []
    finally:
        db.close()


def _entry_id(db: sqlite3.Connection, root: Path, target: str) -> int | None:
    if re.match(r"https?://", target):
        wanted = target.rstrip("/").split("://", 1)[1]
        for id_, url in db.execute("SELECT id, url FROM entry WHERE url LIKE ?", (f"%{wanted}%",)):
            if url.rstrip("/").split("://", 1)[1] == wanted:
                return id_
        return None
    path = Path(target)
    if path.suffix == ".md" and " " not in target and not path.is_file():
        from newsletter.errors import NewsletterError

        raise NewsletterError(f"{target}: no such entry file; give an entry's path, its link, or some text.")
    if path.suffix != ".md":
        return None
    try:
        name = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None
    row = db.execute("SELECT id FROM entry WHERE path = ?", (name,)).fetchone()
    return row[0] if row else None


def _hit(db: sqlite3.Connection, id_: int, score: float, why: str) -> Hit:
    path, title, date, type_, url = db.execute(
        "SELECT path, title, date, type, url FROM entry WHERE id = ?", (id_,)
    ).fetchone()
    return Hit(path, title or url, date, type_, url, score, why)
