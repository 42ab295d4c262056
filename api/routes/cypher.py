"""``POST /cypher``: user Cypher, apart from the serving path.

The store runs it on its ad-hoc query servers (``graph.adhoc``), and this route admits at most
``ADHOC_SLOTS`` running and ``ADHOC_QUEUE`` waiting requests: one more is answered 503 at once,
so slow ad-hoc queries hold neither the database that answers lineage, search and ``/health``
nor more than ``ADHOC_SLOTS`` of the API's worker threads.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from mandate_lineage.api.deps import SettingsDep, StoreDep
from mandate_lineage.api.models import CypherRequest, CypherResult, ErrorBody
from mandate_lineage.errors import StoreUnavailable
from mandate_lineage.graph.adhoc import ADHOC_SERVERS, servers_per_process

ADHOC_SLOTS = ADHOC_SERVERS  # queries running at once, shared by the worker processes (``adhoc.share_of``)
ADHOC_QUEUE = 32  # requests waiting for a slot (on the event loop, holding no thread); more get 503

router = APIRouter(tags=["cypher"])


class AdhocGate:
    """A concurrency limit with a queue: ``enter`` raises ``StoreUnavailable`` (503) when the
    queue is full or no slot frees within ``wait_s``. Waiting happens on the event loop, so
    queued requests take none of the worker threads that lineage, search and /health use."""

    def __init__(self, slots: int | None = None, queue: int = ADHOC_QUEUE) -> None:
        slots = servers_per_process() if slots is None else slots  # as many as the process's ad-hoc servers
        self._slots = asyncio.Semaphore(slots)
        self._capacity = slots + queue
        self._admitted = 0

    @contextlib.asynccontextmanager
    async def enter(self, wait_s: float) -> AsyncIterator[None]:
        if self._admitted >= self._capacity:
            raise StoreUnavailable(f"ad-hoc Cypher is busy ({self._capacity} queries running or waiting); "
                                   "retry shortly")
        self._admitted += 1
        try:
            try:
                await asyncio.wait_for(self._slots.acquire(), timeout=wait_s)
            except asyncio.TimeoutError:
                raise StoreUnavailable("ad-hoc Cypher is busy: no slot freed in time; retry shortly") from None
            try:
                yield
            finally:
                self._slots.release()
        finally:
            self._admitted -= 1


def gate_of(request: Request) -> AdhocGate:
    state = request.app.state
    if getattr(state, "adhoc_gate", None) is None:
        state.adhoc_gate = AdhocGate()
    return state.adhoc_gate


@router.post("/cypher", response_model=CypherResult, summary="Run a read-only Cypher query", responses={
    400: {"model": ErrorBody, "description": "The database rejected the query (syntax, parameters)."},
    403: {"model": ErrorBody, "description": "The query writes; the database refused it."},
    503: {"model": ErrorBody, "description": "Too many ad-hoc queries are running or waiting; retry shortly."},
    504: {"model": ErrorBody, "description": "The query ran past the time limit and was stopped."},
})
async def cypher(request: CypherRequest, http: Request, store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    """Runs on the database's read-only path, apart from the one that serves the other routes
    (no network, no files); any write is refused by the database itself. The settings' time
    limit and row cap apply (`truncated` says the cap cut the rows)."""
    async with gate_of(http).enter(wait_s=settings.timeout_ms / 1000):
        result = await run_in_threadpool(store.adhoc_read, request.query, request.parameters,
                                         timeout_ms=settings.timeout_ms, row_cap=settings.row_cap)
    return {"columns": result.columns, "rows": result.rows, "truncated": result.truncated}
