from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from mandate_lineage.api.deps import StoreDep
from mandate_lineage.api.models import Activity
from mandate_lineage.queries import run

router = APIRouter(prefix="/activities", tags=["activities"])


@router.get("", response_model=list[Activity], summary="Program activities and who carries them out")
def list_activities(
    store: StoreDep,
    program: Annotated[str | None, Query(description="Only this program (key: `oas:program-migrants-2016`).")] = None,
    actor: Annotated[str | None, Query(description="Only activities assigned to this body (key: `oas:cim`).")] = None,
) -> list[dict[str, Any]]:
    """Activities in program order, each with the bodies it is assigned to; an unknown filter gives `[]`."""
    rows = run(store, "activities", {"program": program, "actor": actor}).rows
    return [
        {"id": props["key"], "number": props.get("number"), "text": props.get("text"), "program": program_key,
         "actors": [{"id": a["key"], "name": a["name"]} for a in actors]}
        for props, program_key, actors in ((row[0]["properties"], row[1], row[2]) for row in rows)
    ]
