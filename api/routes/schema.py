"""``GET /schema``: the map of the graph for people writing Cypher (``graph.schema_map``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from mandate_lineage.graph.schema_map import schema_map

router = APIRouter(tags=["schema"])


@router.get("/schema", summary="Labels, relationship types, properties and an example query for each")
def get_schema() -> dict[str, Any]:
    """Every node label (its properties and the merge label to match on), every relationship type
    (which way it points, what it means, between which labels, whether a walk towards origins
    follows it forwards or backwards), the evidence every relationship carries, one example query
    for each label and type (they run on the sample corpus), and the traps a first query falls into."""
    return schema_map()
