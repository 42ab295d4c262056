from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from mandate_lineage.api.deps import StoreDep
from mandate_lineage.api.models import ErrorBody, SearchResults
from mandate_lineage.graph import schema
from mandate_lineage.queries.search import MAX_LIMIT
from mandate_lineage.queries.search import search as run_search

router = APIRouter(tags=["search"])

_LABELS = "|".join(sorted(schema.NODE_LABELS))


@router.get("/search", response_model=SearchResults, summary="Full-text search, ranked, filtered and paged",
            responses={400: {"model": ErrorBody, "description": "No word to look for, or from after to."},
                       404: {"model": ErrorBody, "description": "No body of that name."}})
def search(
    store: StoreDep,
    q: Annotated[str, Query(min_length=2, max_length=500, pattern=r"^[^\x00]*$",
                            description="Words to find, all of them, in any order (case and word endings do not matter).")],
    label: Annotated[str | None, Query(pattern=f"^({_LABELS})$", description="Only nodes with this label.")] = None,
    body: Annotated[str | None, Query(min_length=1, max_length=300, pattern=r"^[^\x00]*$",
                                      description="Only nodes linked to this body (key, name or acronym), or "
                                                  "from documents it issued.")] = None,
    date_from: Annotated[str | None, Query(alias="from", pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
                                           description="Dated on or after (ISO, may be partial: 2005, 2005-06).")] = None,
    date_to: Annotated[str | None, Query(alias="to", pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$",
                                         description="Dated on or before (ISO, may be partial).")] = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
) -> dict[str, Any]:
    """Paragraphs, instruments, summits and bodies whose text, title, symbol or names hold every
    word of `q`, best first. `total` counts every match after the filters; `truncated` says more
    follow this page. Undated nodes are left out when `from` or `to` is given."""
    return run_search(store, q, label=label, body=body, date_from=date_from, date_to=date_to, offset=offset,
                      limit=limit)
