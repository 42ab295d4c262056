from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from mandate_lineage.api.deps import StoreDep
from mandate_lineage.api.models import Activity, ErrorBody
from mandate_lineage.errors import Ambiguous, NotFound
from mandate_lineage.queries import run
from mandate_lineage.queries.resolve import Resolver, candidate

router = APIRouter(prefix="/activities", tags=["activities"])


@router.get("", response_model=list[Activity], summary="Program activities and who carries them out",
            responses={404: {"model": ErrorBody, "description": "A filter names nothing in the graph."},
                       409: {"description": "A filter names several programs or bodies: the candidates."}})
def list_activities(
    store: StoreDep,
    program: Annotated[str | None, Query(description="Only this program: its key (`oas:program-migrants-2016`), "
                                                     "year (`2016`) or title.")] = None,
    actor: Annotated[str | None, Query(description="Only activities assigned to this body: key (`oas:cim`), "
                                                   "name, former name or acronym (`IACHR`, `CIM`).")] = None,
) -> list[dict[str, Any]]:
    """Activities in program order, each with the bodies it is assigned to. A filter that names
    nothing is 404 and one that names several is 409 with the candidates (never a silent `[]`)."""
    resolver = Resolver(store)
    program_key = _program(resolver, program) if program else None
    actor_key = resolver.resolve(actor, labels={"Body"}, what="body") if actor else None
    rows = run(store, "activities", {"program": program_key, "actor": actor_key}).rows
    return [
        {"id": props["key"], "number": props.get("number"), "text": props.get("text"), "program": program_key,
         "actors": [{"id": a["key"], "name": a["name"]} for a in actors]}
        for props, program_key, actors in ((row[0]["properties"], row[1], row[2]) for row in rows)
    ]


def _program(resolver: Resolver, text: str) -> str:
    keys = resolver.program_keys(text)
    if not keys:
        raise NotFound(f"no program in the graph matches {text!r} (give its key, its year such as 2016, or its title)")
    if len(keys) > 1:
        found = [candidate(n) for key in keys for n in resolver.candidates(key)]
        raise Ambiguous(f"{text!r} matches {len(keys)} programs: {', '.join(keys)}", found)
    return keys[0]
