from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from mandate_lineage.api.deps import StoreDep
from mandate_lineage.api.models import SearchHit
from mandate_lineage.queries import run
from mandate_lineage.queries.lineage import node_view

router = APIRouter(tags=["search"])


@router.get("/search", response_model=list[SearchHit], summary="Find nodes by key, symbol, name or text")
def search(
    store: StoreDep,
    q: Annotated[str, Query(min_length=2, pattern=r"^[^\x00]*$", description="Case-insensitive substring.")],
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> list[dict[str, Any]]:
    """Matching nodes, best first: `rank` 0 is an exact key or symbol, 1 a key or symbol that
    contains `q`, 2 a name, 3 a text; shorter names first within a rank."""
    rows = run(store, "search", {"q": q.lower(), "limit": limit}).rows
    return [{"node": node_view(node), "rank": rank} for node, rank in rows]
