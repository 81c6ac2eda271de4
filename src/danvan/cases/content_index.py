"""The text index intake searches for similar petitions: one per process, over the
content of every petition, kept up to date by loading the rows added since the last
search (petitions' content does not change after intake).

The first search in a process loads every petition (about a minute per million on one
core, see bench/dedup_index.py); later searches add only the new rows. Visibility is
applied by the caller on the ids found, in the database.
"""

from __future__ import annotations

import threading

from danvan.dedup.index import ShingleIndex
from danvan.dedup.matcher import DEFAULT_THRESHOLD
from danvan.petitions.models import Petition

LOAD_CHUNK = 5_000

_lock = threading.Lock()
_index: ShingleIndex | None = None
_last_pk = 0


def reset() -> None:
    """Forget the index (tests, or after petitions were deleted)."""
    global _index, _last_pk
    with _lock:
        _index, _last_pk = None, 0


def _catch_up(index: ShingleIndex) -> None:
    global _last_pk
    while True:
        rows = list(
            Petition.objects.filter(pk__gt=_last_pk)
            .order_by("pk")
            .values_list("pk", "content")[:LOAD_CHUNK]
        )
        if not rows:
            return
        index.add_many(rows)
        _last_pk = rows[-1][0]


def search(
    text: str, *, limit: int, threshold: float = DEFAULT_THRESHOLD
) -> list[tuple[int, float]]:
    """Ids of petitions whose content scores at least ``threshold`` with ``text``, with
    the score, best first."""
    global _index
    with _lock:  # the index is not thread-safe
        if _index is None:
            _index = ShingleIndex()
        _catch_up(_index)
        return _index.candidates(text, limit=limit, threshold=threshold)
