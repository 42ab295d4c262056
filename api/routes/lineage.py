from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from mandate_lineage.api.deps import LineageDep
from mandate_lineage.api.models import ErrorBody, Lineage
from mandate_lineage.api.responses import PlainJSON
from mandate_lineage.queries.lineage import DEFAULT_DEPTH, DEFAULT_LIMIT, MAX_DEPTH, MAX_NODES

router = APIRouter(tags=["lineage"],
                   responses={404: {"model": ErrorBody, "description": "Unknown id or activity."}})

Direction = Annotated[Literal["upstream", "downstream"], Query(
    description="`upstream`: where it came from; `downstream`: what it led to.")]
# Only a lower bound here: a larger depth is not an error, the service clamps it to MAX_DEPTH
# and the answer reports `depth` and `depthCap`.
Depth = Annotated[int, Query(ge=1, description=f"Steps to walk; values above {MAX_DEPTH} are clamped.")]
Limit = Annotated[int, Query(ge=1, le=MAX_NODES, description=(
    "Most nodes in the answer, nearest first; `truncated` says when more were left out."))]


@router.get("/lineage/{node_id:path}", response_model=Lineage, summary="Lineage of any node")
def node_lineage(node_id: str, service: LineageDep, direction: Direction = "upstream",
                 depth: Depth = DEFAULT_DEPTH, limit: Limit = DEFAULT_LIMIT) -> PlainJSON:
    """The subgraph within `depth` steps of the node, with origins, institutional root and the
    evidence behind every edge. Send `#` in ids as `%23`."""
    return PlainJSON(service.lineage(node_id, direction=direction, depth=depth, limit=limit).as_json())


@router.get("/activities/{number}/lineage", response_model=Lineage, summary="Lineage of a program activity")
def activity_lineage(
    number: str,
    service: LineageDep,
    program: Annotated[str | None, Query(description="Program key; default: the latest with that number.")] = None,
    direction: Direction = "upstream",
    depth: Depth = DEFAULT_DEPTH,
    limit: Limit = DEFAULT_LIMIT,
) -> PlainJSON:
    """Where activity `number` came from (or, downstream, what it led to)."""
    key = service.activity_key(number, program)
    return PlainJSON(service.lineage(key, direction=direction, depth=depth, limit=limit).as_json())
