"""Nearest neighbours of every entry, computed at index time (numpy) and stored in the index.

After a change, only rows that can differ are recomputed: the changed entries' own, those
whose list held a removed entry, and those where a changed entry fell below the list's last
score (something outside the list may now belong in it). Every other row merges its old
list with the changed entries' new scores, which is exact because nothing else moved.
"""

from __future__ import annotations

import sqlite3


def vectors(db: sqlite3.Connection):
    import numpy as np

    rows = db.execute("SELECT id, vec FROM entry ORDER BY id").fetchall()
    ids = np.array([id_ for id_, _ in rows], dtype=np.int64)
    matrix = np.frombuffer(b"".join(vec for _, vec in rows), dtype="<f2").reshape(len(rows), -1)
    return ids, matrix.astype(np.float32)


def update(db: sqlite3.Connection, changed: set[int], gone: set[int], k: int) -> None:
    import numpy as np

    ids, matrix = vectors(db)
    if not len(ids):
        db.execute("DELETE FROM neighbour")
        return
    position = {int(id_): n for n, id_ in enumerate(ids)}
    moved = changed | gone
    old: dict[int, list[tuple[int, float]]] = {}
    for id_, other, score in db.execute("SELECT id, other, score FROM neighbour"):
        old.setdefault(id_, []).append((other, score))
    redo = {id_ for id_ in position if id_ in changed or id_ not in old or any(other in gone for other, _ in old[id_])}
    touched = [id_ for id_ in position if id_ not in redo and any(other in moved for other, _ in old[id_])]
    if touched:  # a changed neighbour that fell below the row's k-th score may leave a gap: recompute
        fresh_ids = [i for i in changed if i in position]
        column = {i: n for n, i in enumerate(fresh_ids)}
        scores = matrix[[position[i] for i in touched]] @ matrix[[position[i] for i in fresh_ids]].T
        for row, id_ in enumerate(touched):
            floor = min(s for _, s in old[id_])
            if any(other in column and scores[row, column[other]] < floor for other, _ in old[id_]):
                redo.add(id_)
    if len(redo) > len(ids) // 2:
        redo = set(position)
    # rows recomputed in full, in chunks so memory stays small on a large log
    order = np.array(sorted(redo, key=position.get), dtype=np.int64)
    rows = [position[int(i)] for i in order]
    for start in range(0, len(rows), 512):
        chunk = rows[start : start + 512]
        scores = matrix[chunk] @ matrix.T
        scores[np.arange(len(chunk)), chunk] = -np.inf
        _write(db, ids, ids[chunk], scores, k)
    # the other rows: old list plus the changed entries' new scores
    fresh = [position[i] for i in changed if i in position]
    keep = [id_ for id_ in position if id_ not in redo]
    if fresh and keep:
        scores = matrix[[position[i] for i in keep]] @ matrix[fresh].T
        # only a row a changed entry now gets into (beats its k-th, or the list is short) is rewritten
        floor = np.array([min(s for _, s in old[id_]) if len(old[id_]) >= k else -np.inf for id_ in keep])
        for row in np.nonzero((scores > floor[:, None]).any(axis=1))[0]:
            id_ = keep[row]
            merged = dict(old[id_])
            merged.update({int(ids[col]): float(scores[row, n]) for n, col in enumerate(fresh)})
            best = sorted(merged.items(), key=lambda item: -item[1])[:k]
            db.execute("DELETE FROM neighbour WHERE id = ?", (id_,))
            db.executemany("INSERT INTO neighbour VALUES (?, ?, ?)", [(id_, o, s) for o, s in best])
    for id_ in gone:
        db.execute("DELETE FROM neighbour WHERE id = ?", (id_,))


def _write(db: sqlite3.Connection, ids, rows, scores, k: int) -> None:
    import numpy as np

    k = min(k, scores.shape[1] - 1)
    if k <= 0:
        db.executemany("DELETE FROM neighbour WHERE id = ?", [(int(i),) for i in rows])
        return
    top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    db.executemany("DELETE FROM neighbour WHERE id = ?", [(int(i),) for i in rows])
    db.executemany(
        "INSERT INTO neighbour VALUES (?, ?, ?)",
        [(int(id_), int(ids[col]), float(scores[row, col])) for row, id_ in enumerate(rows) for col in top[row]],
    )
