"""Nearest neighbours of every entry, computed at index time (numpy) and stored in the index.

After a change, only rows that can differ are recomputed in full: the changed entries' own,
rows without a list, those whose list held a removed entry, and those where a changed entry
fell below the list's last score (something outside the list may now belong in it). Every
other row can only gain changed entries: it is rewritten, merging its old list with their new
scores, when one beats its last score, and left alone otherwise. The old lists are read from
SQLite only for the rows rewritten; what decides it (each row's count and last score, which
rows hold a changed entry) is asked of SQLite, so a month's change does not walk the whole log
in Python.
"""

from __future__ import annotations

import sqlite3

# Scores held at once, whatever the log's size: 512 rows against the whole log was 820 MB a chunk
# for 100,000 entries (the scores, their negation and argpartition's int64 indices), and a log
# that doubled at once (an import) scored every other row against every new one in one matrix,
# 10 GB for 50,000 and 50,000. Rows go in chunks of at most CHUNK, fewer as the log grows, but
# not a handful: 10 rows at a time against 100,000 took three times the CPU of 512 (each chunk
# reads the whole matrix), 160 a quarter more. The k best are picked PICKED rows at a time.
CELLS = 16_000_000  # 64 MB of scores
CHUNK = 512
PICKED = 32


def rows_at_once(columns: int) -> int:
    """How many rows to score at once against `columns` others, CELLS at most (one at least)."""
    return max(1, min(CHUNK, CELLS // max(1, columns)))


def vectors(db: sqlite3.Connection):
    import numpy as np

    rows = db.execute("SELECT id, vec FROM entry ORDER BY id").fetchall()
    ids = np.array([id_ for id_, _ in rows], dtype=np.int64)
    matrix = np.frombuffer(b"".join(vec for _, vec in rows), dtype="<f2").reshape(len(rows), -1)
    return ids, matrix.astype(np.float32)


def update(db: sqlite3.Connection, changed: set[int], gone: set[int], k: int) -> None:
    import numpy as np

    ids, matrix = vectors(db)
    db.executemany("DELETE FROM neighbour WHERE id = ?", [(id_,) for id_ in gone])
    if not len(ids):
        db.execute("DELETE FROM neighbour")
        return
    position = {int(id_): n for n, id_ in enumerate(ids)}
    full = min(k, len(ids) - 1)  # how long a complete list is
    floor = np.full(len(ids), np.nan)  # each row's last score; -inf for a short list, nan for none
    lists = np.array(db.execute("SELECT id, count(*), min(score) FROM neighbour GROUP BY id").fetchall()).reshape(-1, 3)
    listed = lists[:, 0].astype(np.int64)
    at = np.minimum(np.searchsorted(ids, listed), len(ids) - 1)  # ids are sorted
    known = ids[at] == listed
    floor[at[known]] = np.where(lists[known, 1] >= full, lists[known, 2], -np.inf)
    redo = np.isnan(floor)
    redo[[position[i] for i in changed if i in position]] = True
    holds = np.zeros(len(ids), dtype=bool)  # rows whose list holds a changed entry
    pairs = [(position[id_], position.get(other, -1)) for id_, other in _holding(db, changed | gone) if id_ in position]
    if pairs:
        rows, others = np.array(pairs, dtype=np.int64).T
        redo[rows[others < 0]] = True  # held a removed entry
        rows, others = rows[others >= 0], others[others >= 0]
        now = np.einsum("ij,ij->i", matrix[rows], matrix[others])
        redo[rows[now < floor[rows]]] = True  # fell below the last score: its replacement is outside the list
        holds[rows[now >= floor[rows]]] = True
    if redo.sum() > len(ids) // 2:
        redo[:] = True
        db.execute("DELETE FROM neighbour")
    # rows recomputed in full, in chunks so memory stays small on a large log
    rows = np.nonzero(redo)[0]
    step = rows_at_once(len(ids))
    for start in range(0, len(rows), step):
        chunk = rows[start : start + step]
        scores = matrix[chunk] @ matrix.T
        scores[np.arange(len(chunk)), chunk] = -np.inf
        _write(db, ids, ids[chunk], scores, full)
    # the other rows: their old list plus the changed entries that beat its last score
    fresh = np.array(sorted(position[i] for i in changed if i in position), dtype=np.int64)
    keep = np.nonzero(~redo)[0]
    step = rows_at_once(len(fresh))
    for start in range(0, len(keep) if len(fresh) else 0, step):
        _merge(db, ids, keep[start : start + step], fresh, matrix, floor, holds, changed, full)


def _merge(db: sqlite3.Connection, ids, keep, fresh, matrix, floor, holds, changed: set[int], full: int) -> None:
    """Rows `keep` (positions) rewritten where one of the changed entries `fresh` now beats their
    list's last score, or their list holds one (its score moved): the old list and the new scores."""
    import numpy as np

    scores = matrix[keep] @ matrix[fresh].T
    better = scores >= floor[keep][:, None]
    rewrite = np.nonzero(better.any(axis=1) | holds[keep])[0]
    if not len(rewrite):
        return
    old = _lists(db, [int(ids[keep[r]]) for r in rewrite])
    rewritten = []
    for r in rewrite:
        id_ = int(ids[keep[r]])
        merged = {other: score for other, score in old.get(id_, ()) if other not in changed}
        merged.update({int(ids[fresh[j]]): float(scores[r, j]) for j in np.nonzero(better[r])[0]})
        rewritten += [(id_, other, score) for other, score in sorted(merged.items(), key=lambda item: -item[1])[:full]]
    db.executemany("DELETE FROM neighbour WHERE id = ?", [(int(ids[keep[r]]),) for r in rewrite])
    db.executemany("INSERT INTO neighbour VALUES (?, ?, ?)", rewritten)


def _holding(db: sqlite3.Connection, moved: set[int]) -> list[tuple[int, int]]:
    """(row, neighbour) pairs where a row's list holds one of `moved` (indexed by `other`)."""
    found = []
    moved = sorted(moved)
    for start in range(0, len(moved), 500):
        part = moved[start : start + 500]
        found += db.execute(
            f"SELECT id, other FROM neighbour WHERE other IN ({','.join('?' * len(part))})", part
        ).fetchall()
    return found


def _lists(db: sqlite3.Connection, rows: list[int]) -> dict[int, list[tuple[int, float]]]:
    found: dict[int, list[tuple[int, float]]] = {}
    for start in range(0, len(rows), 500):
        part = rows[start : start + 500]
        for id_, other, score in db.execute(
            f"SELECT id, other, score FROM neighbour WHERE id IN ({','.join('?' * len(part))})", part
        ):
            found.setdefault(id_, []).append((other, score))
    return found


def _write(db: sqlite3.Connection, ids, rows, scores, k: int) -> None:
    import numpy as np

    db.executemany("DELETE FROM neighbour WHERE id = ?", [(int(i),) for i in rows])
    if k <= 0:
        return
    # the k largest, without a negated copy, and argpartition's int64 indices for a few rows at once
    top = np.concatenate(
        [np.argpartition(scores[at : at + PICKED], -k, axis=1)[:, -k:] for at in range(0, len(scores), PICKED)]
    )
    db.executemany(
        "INSERT INTO neighbour VALUES (?, ?, ?)",
        [(int(id_), int(ids[col]), float(scores[row, col])) for row, id_ in enumerate(rows) for col in top[row]],
    )
