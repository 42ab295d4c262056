"""Lineage answers kept as the bytes sent, keyed by the graph's generation.

A walk of a few hundred nodes costs tens of milliseconds of Python and database time and a
repeated question asks it again. Each API process keeps the JSON bytes of recent answers, keyed by
the route and its arguments, and valid for one ``store.generation()``: every write to the graph
(an ingest, a removal, a clear) changes that number in every process at once (the embedded store
keeps it in its server), so an answer is never served from before a change. A backend without a
generation (Neo4j) caches nothing. The number is read before the answer is computed: an answer
computed while a write lands is stored under the number from before it, which that write retires.

Bounded by the bytes held (``MANDATES_ANSWER_CACHE_MB``, 64 per process by default, 0 turns it
off), least recently used first out.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from typing import Any, Callable, Hashable

import orjson

from mandate_lineage.errors import ConfigError
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.queries.element_cache import generation_read

CACHE_ENV = "MANDATES_ANSWER_CACHE_MB"
DEFAULT_MB = 64


def budget_bytes() -> int:
    value = os.environ.get(CACHE_ENV, "").strip()
    if not value:
        return DEFAULT_MB * 1024 * 1024
    try:
        megabytes = float(value)
    except ValueError:
        raise ConfigError(f"{CACHE_ENV} must be a number of megabytes, got {value!r}") from None
    return max(0, int(megabytes * 1024 * 1024))


class AnswerCache:
    def __init__(self, max_bytes: int | None = None) -> None:
        self.max_bytes = budget_bytes() if max_bytes is None else max_bytes
        self._answers: OrderedDict[Hashable, bytes] = OrderedDict()
        self._held = 0
        self._generation: int | None = None
        self._lock = threading.Lock()  # routes run in a thread pool

    def answer(self, store: GraphStore, key: Hashable, compute: Callable[[], Any]) -> bytes:
        """The JSON bytes of ``compute()`` (orjson), from the cache when this generation has them."""
        generation = store.generation() if self.max_bytes else None
        if generation is None:
            return orjson.dumps(compute())
        with self._lock:
            if self._generation is not None and generation < self._generation:
                generation = None  # read before another request saw a newer one: compute, keep nothing
            elif generation != self._generation:
                self._answers.clear()
                self._held, self._generation = 0, generation
            body = self._answers.get(key) if generation is not None else None
            if body is not None:
                self._answers.move_to_end(key)
                return body
        with generation_read(store, generation):  # read once per request: the walk reuses it
            body = orjson.dumps(compute())
        with self._lock:
            if generation is not None and generation == self._generation and len(body) <= self.max_bytes // 8 and key not in self._answers:
                self._answers[key] = body
                self._held += len(body)
                while self._held > self.max_bytes:
                    _, old = self._answers.popitem(last=False)
                    self._held -= len(old)
        return body
