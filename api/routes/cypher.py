from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from mandate_lineage.api.deps import SettingsDep, StoreDep
from mandate_lineage.api.models import CypherRequest, CypherResult, ErrorBody

router = APIRouter(tags=["cypher"])


@router.post("/cypher", response_model=CypherResult, summary="Run a read-only Cypher query", responses={
    400: {"model": ErrorBody, "description": "The database rejected the query (syntax, parameters)."},
    403: {"model": ErrorBody, "description": "The query writes; the database refused it."},
    504: {"model": ErrorBody, "description": "The query ran past the time limit and was stopped."},
})
def cypher(request: CypherRequest, store: StoreDep, settings: SettingsDep) -> dict[str, Any]:
    """Runs on the database's read-only path, so any write is refused by the database itself;
    the settings' time limit and row cap apply (`truncated` says the cap cut the rows)."""
    result = store.read(request.query, request.parameters, timeout_ms=settings.timeout_ms, row_cap=settings.row_cap)
    return {"columns": result.columns, "rows": result.rows, "truncated": result.truncated}
