from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from mandate_lineage.api.deps import LineageDep, StoreDep
from mandate_lineage.api.models import DocumentDetail, DocumentRemoved, DocumentSummary, ErrorBody
from mandate_lineage.api.security import require_api_key
from mandate_lineage.errors import NotFound
from mandate_lineage.queries import run
from mandate_lineage.queries.lineage import node_view

router = APIRouter(prefix="/documents", tags=["documents"])


def _with_title(view: dict[str, Any]) -> dict[str, Any]:
    return {**view, "title": view.get("title") or view["name"]}


@router.get("", response_model=list[DocumentSummary], summary="Every ingested document")
def list_documents(store: StoreDep) -> list[dict[str, Any]]:
    """The documents read into the graph, by date; `source` is the file each was read from."""
    return [_with_title(node_view(row[0])) for row in run(store, "documents").rows]


@router.get("/{document_id:path}", response_model=DocumentDetail, summary="One document",
            responses={404: {"model": ErrorBody, "description": "No document with that id."}})
def get_document(document_id: str, store: StoreDep, service: LineageDep) -> dict[str, Any]:
    """The document's properties, the instruments it cites and its paragraphs in order.

    Ids contain `:`, `/` and `#`: send `#` as `%23`.
    """
    node = service.node(document_id)
    if "Document" not in node["labels"]:
        raise NotFound(f"{document_id!r} is not a document (labels {', '.join(sorted(node['labels']))})")
    cites = [{"id": key, "symbol": symbol, "name": name, "mentions": mentions}
             for key, symbol, name, mentions in run(store, "document_cites", {"key": document_id}).rows]
    paragraphs = [node_view(row[0]) for row in run(store, "document_paragraphs", {"key": document_id}).rows]
    return {**_with_title(node_view(node)), "cites": cites, "paragraphs": paragraphs}


@router.delete("/{document_id:path}", response_model=DocumentRemoved, summary="Remove an ingested document",
               dependencies=[Depends(require_api_key)],
               responses={401: {"model": ErrorBody, "description": "MANDATES_API_KEY is set and the request lacks it."},
                          404: {"model": ErrorBody, "description": "No ingested document with that id."}})
def delete_document(document_id: str, store: StoreDep) -> dict[str, Any]:
    """Remove the document (its key, symbol or file name), its paragraphs and the links it made;
    what other documents still cite stays as a stub, and text reuse is computed again, so the
    graph is the one an ingest without it gives. Needs the API key when `MANDATES_API_KEY` is set."""
    from dataclasses import asdict

    from mandate_lineage.ingest.removal import remove_document

    return asdict(remove_document(store, document_id))
