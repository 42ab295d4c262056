from __future__ import annotations

from fastapi import APIRouter

from mandate_lineage.api.deps import StoreDep
from mandate_lineage.api.models import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, summary="Liveness and graph size")
def health(store: StoreDep) -> dict[str, object]:
    """`ok` with the backend and its node and relationship counts; 503 if the store is unreachable."""
    nodes, edges = store.totals()
    return {"status": "ok", "backend": store.backend, "nodes": nodes, "edges": edges}
