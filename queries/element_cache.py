"""The views of nodes and relationships that lineage answers showed, kept per store and process.

Distinct lineage questions on one graph overlap: a family of copies that echo each other, the
summit a plan of action belongs to, the program an activity comes from appear in many answers,
and reading their properties (a few hundred bytes of evidence per relationship) from the database
and parsing them was the largest part of a large answer. ``lineage_fetch`` asks only for what this
cache does not hold. Entries are valid for one ``store.generation()``: every write to the graph
changes it in every process (see ``api/answer_cache.py``), and the cache empties when it does. A
backend without a generation (Neo4j) gets no cache. Bounded by entries
(``MANDATES_ELEMENT_CACHE``, 100,000 by default, 0 turns it off), least recently used first out.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import threading
import weakref
from collections import OrderedDict
from typing import Any, Hashable, Iterator

from mandate_lineage.errors import ConfigError
from mandate_lineage.graph.store import GraphStore

CACHE_ENV = "MANDATES_ELEMENT_CACHE"
DEFAULT_ENTRIES = 100_000


def budget_entries() -> int:
    value = os.environ.get(CACHE_ENV, "").strip()
    if not value:
        return DEFAULT_ENTRIES
    try:
        return max(0, int(value))
    except ValueError:
        raise ConfigError(f"{CACHE_ENV} must be a whole number of entries, got {value!r}") from None


class ElementCache:
    """Views by key: ``("node", key)``, ``("rel", source key, relationship id)``, ``("label", key)``
    and ``("row", key)`` (the ``node`` query's row, ``read_node``). Callers copy what they take
    before changing it (``get`` hands out the stored dict)."""

    def __init__(self, max_entries: int, generation: int) -> None:
        self.max_entries = max_entries
        self.generation = generation
        self._views: OrderedDict[Hashable, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> dict[str, Any] | None:
        with self._lock:
            view = self._views.get(key)
            if view is not None:
                self._views.move_to_end(key)
            return view

    def put(self, key: Hashable, view: dict[str, Any]) -> None:
        with self._lock:
            self._views[key] = view
            while len(self._views) > self.max_entries:
                self._views.popitem(last=False)


_CACHES: "weakref.WeakKeyDictionary[GraphStore, ElementCache]" = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()
# The generation a request already read (``api/answer_cache.py``): the walk, its fetch and every
# retry use it instead of asking the database again (a round trip each).
_REQUEST_GENERATION: contextvars.ContextVar[tuple[int, int] | None] = contextvars.ContextVar(
    "mandates_request_generation", default=None)


@contextlib.contextmanager
def generation_read(store: GraphStore, generation: int | None) -> Iterator[None]:
    """Within this block, ``for_store(store)`` takes ``generation`` as the store's, unread."""
    token = _REQUEST_GENERATION.set((id(store), generation) if generation is not None else None)
    try:
        yield
    finally:
        _REQUEST_GENERATION.reset(token)


def _generation(store: GraphStore) -> int | None:
    known = _REQUEST_GENERATION.get()
    if known is not None and known[0] == id(store):
        return known[1]
    return store.generation()


def for_request(store: GraphStore) -> ElementCache | None:
    """The cache of ``store`` when this request already read the generation (``generation_read``),
    else None: a caller outside an answer pays no round trip for the generation."""
    known = _REQUEST_GENERATION.get()
    if known is None or known[0] != id(store):
        return None
    return for_store(store)


def for_store(store: GraphStore) -> ElementCache | None:
    """The cache of ``store`` at its current generation (emptied if the graph changed), or None."""
    entries = budget_entries()
    if not entries:
        return None
    generation = _generation(store)
    if generation is None:
        return None
    with _LOCK:
        cache = _CACHES.get(store)
        if cache is not None and generation < cache.generation:
            return None  # read before another answer saw a newer generation: use nothing, keep nothing
        if cache is None or cache.generation != generation:
            cache = _CACHES[store] = ElementCache(entries, generation)
        return cache
