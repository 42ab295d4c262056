"""Lineage routes. Every id may be a key or a name the resolver understands ("IACHR", "ag/res 2141",
"activity 4 of the 2005 program"); several matches are 409 with the candidates, never a guess."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import BaseModel, Field

from mandate_lineage.api.deps import LineageDep
from mandate_lineage.api.models import ErrorBody, Lineage
from mandate_lineage.queries.lineage import DEFAULT_DEPTH, DEFAULT_LIMIT, MAX_DEPTH, MAX_NODES
from mandate_lineage.queries.resolve import Resolver, candidate


class Candidate(BaseModel):
    id: str = Field(description="The node key.")
    name: str | None = None
    label: str | None = Field(None, description="What the node is, in words: instrument, body, summit, date.")
    labels: list[str]
    date: str | None = None


class AmbiguousBody(BaseModel):
    detail: str
    candidates: list[Candidate]


class Resolved(BaseModel):
    query: str
    match: Candidate


def _answer(request: Request, service: LineageDep, key: tuple, compute) -> Response:  # noqa: ANN001
    """The answer's JSON, from the process's answer cache when the graph has not changed since."""
    body = request.app.state.answer_cache.answer(service.store, key, compute)
    return Response(body, media_type="application/json")


router = APIRouter(tags=["lineage"],
                   responses={404: {"model": ErrorBody, "description": "Nothing matches the id or name."},
                              409: {"model": AmbiguousBody, "description": "Several nodes match: the candidates."}})

Direction = Annotated[Literal["upstream", "downstream"], Query(
    description="`upstream`: where it came from; `downstream`: what it led to.")]
# Only a lower bound here: a larger depth is not an error, the service clamps it to MAX_DEPTH
# and the answer reports `depth` and `depthCap`.
Depth = Annotated[int, Query(ge=1, description=f"Steps to walk; values above {MAX_DEPTH} are clamped.")]
Limit = Annotated[int, Query(ge=1, le=MAX_NODES, description=(
    "Most nodes in the answer, nearest first; `truncated` says when more were left out."))]
Program = Annotated[str | None, Query(description="For an activity: its program (key, year such as `2016`, or title).")]


@router.get("/resolve", response_model=Resolved, summary="The node a key or name stands for")
def resolve(service: LineageDep, q: Annotated[str, Query(min_length=1, description="A key or a name.")],
            program: Program = None) -> dict:
    """The one node `q` names (a key, `activity 4 of the 2005 program`, `ag/res 2141`, `op. 7 of
    AG/RES. 2027`, `Second Summit`, `Santiago`, `IACHR`, ...); 409 with the candidates when several do."""
    resolver = Resolver(service.store)
    key = resolver.resolve(q, program=program)
    return {"query": q, "match": candidate(resolver.candidates(key)[0])}


@router.get("/lineage", response_model=Lineage, summary="Lineage of a node given as a query parameter")
def lineage_by_query(request: Request, service: LineageDep,
                     id: Annotated[str | None, Query(description="A node key; `#` needs no escaping here "
                                                                 "beyond the usual URL encoding.")] = None,
                     q: Annotated[str | None, Query(description="A name or key, resolved as by `/resolve`.")] = None,
                     program: Program = None, direction: Direction = "upstream", depth: Depth = DEFAULT_DEPTH,
                     limit: Limit = DEFAULT_LIMIT) -> Response:
    """Like `/lineage/{id}`, with the id in the query string: `curl -G /lineage --data-urlencode
    'id=oas:program-migrants-2016#act-28'` cannot lose the `#act-28` part to the URL fragment."""
    if (id is None) == (q is None):
        raise RequestValidationError([{"type": "value_error", "loc": ("query", "id" if id is None else "q"),
                                       "msg": "give exactly one of id (a node key) or q (a name)", "input": id or q}])

    def compute() -> dict:
        key = Resolver(service.store).resolve(id if id is not None else q, program=program)
        return service.lineage(key, direction=direction, depth=depth, limit=limit).as_json()

    return _answer(request, service, ("query", id, q, program, direction, depth, limit), compute)


@router.get("/lineage/{node_id:path}", response_model=Lineage, summary="Lineage of any node")
def node_lineage(request: Request, node_id: str, service: LineageDep, direction: Direction = "upstream",
                 depth: Depth = DEFAULT_DEPTH, limit: Limit = DEFAULT_LIMIT) -> Response:
    """The subgraph within `depth` steps of the node, with origins, institutional root and the
    evidence behind every edge. `node_id` is a key or a name (`IACHR`, `AG%2FRES.%202141`). Send
    `#` as `%23`: a bare `#` starts the URL's fragment, which never reaches the server, so
    `/lineage/oas:program-migrants-2016#act-28` asks for the program; `/lineage?id=` avoids that."""

    def compute() -> dict:
        key = Resolver(service.store).resolve(node_id)
        return service.lineage(key, direction=direction, depth=depth, limit=limit).as_json()

    return _answer(request, service, ("node", node_id, direction, depth, limit), compute)


@router.get("/activities/{number}/lineage", response_model=Lineage, summary="Lineage of a program activity")
def activity_lineage(
    request: Request,
    number: str,
    service: LineageDep,
    program: Program = None,
    direction: Direction = "upstream",
    depth: Depth = DEFAULT_DEPTH,
    limit: Limit = DEFAULT_LIMIT,
) -> Response:
    """Where activity `number` came from (or, downstream, what it led to); 409 with the candidates
    when several programs have an activity with that number and `program` does not pick one."""

    def compute() -> dict:
        key = Resolver(service.store).resolve(f"activity {number}", program=program, what="activity")
        return service.lineage(key, direction=direction, depth=depth, limit=limit).as_json()

    return _answer(request, service, ("activity", number, program, direction, depth, limit), compute)
