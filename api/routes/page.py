"""The lineage page: ``GET /`` serves ``static/index.html``; its script and style are under ``/static``.

The page itself only calls the public API (``/search``, ``/lineage``, ``/activities/{n}/lineage``)
and one endpoint of its own, ``/page/paragraphs/{id}``: the verbatim text of an evidence paragraph
with the file offsets needed to highlight an edge's quote inside it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from mandate_lineage.api.deps import LineageDep, StoreDep
from mandate_lineage.api.models import ErrorBody
from mandate_lineage.errors import NotFound
from mandate_lineage.queries import run
from mandate_lineage.queries.lineage import LineageService, node_view

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

router = APIRouter(tags=["page"])


class ParagraphContext(BaseModel):
    id: str = Field(description="The paragraph returned: the one asked for, or the one holding the span.")
    requested: str = Field(description="The paragraph asked for (an edge's `evidence.paragraph`).")
    name: str
    document: str | None = Field(None, description="Key of the document the paragraph belongs to.")
    documentName: str | None = Field(None, description="That document's title or name, when it is in the graph.")
    section: str | None = None
    verbatim: str = Field(description="The paragraph as it is in the original file (`originalText`, else `text`).")
    start: int | None = Field(None, description="Offset of `verbatim` in the original file; evidence offsets "
                                                "minus this give the quote's place in `verbatim`.")
    end: int | None = None
    sourceDocument: str | None = Field(None, description="For a quoted passage: the document that quotes it.")
    attributedTo: str | None = Field(None, description="For a quoted passage: the sentence introducing it.")


@router.get("/", include_in_schema=False)
def index() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html", media_type="text/html")


@router.get("/page/paragraphs/{paragraph_id:path}", response_model=ParagraphContext,
            summary="An evidence paragraph, verbatim, with its file offsets",
            responses={404: {"model": ErrorBody, "description": "No paragraph with that id."}})
def paragraph_context(
    paragraph_id: str,
    service: LineageDep,
    store: StoreDep,
    start: Annotated[int | None, Query(description="The quote's `evidence.start`.")] = None,
    end: Annotated[int | None, Query(description="The quote's `evidence.end`.")] = None,
) -> dict[str, Any]:
    """What the lineage page shows when a link is clicked: the paragraph named by the link's
    `evidence.paragraph`, in which the quote (`evidence.start` - `start` .. `evidence.end` - `start`)
    is highlighted. Given the quote's `start` and `end`, a span the paragraph does not hold is looked
    up in the rest of its document: an activity's evidence is often the sentence introducing its
    list, just before it. Send `#` as `%23`."""
    view = node_view(service.node(paragraph_id))
    if "Paragraph" not in view["labels"]:
        raise NotFound(f"{paragraph_id!r} is not a paragraph (labels {', '.join(view['labels'])})")
    if start is not None and end is not None and not _holds(view, start, end) and view.get("document"):
        # offsets are in the file the paragraph was read from: a quoted passage's sourceDocument
        file_key = view.get("sourceDocument") or view["document"]
        siblings = [node_view(row[0]) for row in run(store, "document_paragraphs", {"key": file_key}).rows]
        holding = [p for p in siblings if _holds(p, start, end) and (p.get("sourceDocument") or p["document"]) == file_key]
        if holding:  # the narrowest: a quoted passage rather than the paragraph around it
            view = min(holding, key=lambda p: p["end"] - p["start"])
    return {**view, "requested": paragraph_id, "documentName": _document_name(service, view.get("document")),
            "verbatim": view.get("originalText") or view.get("text") or ""}


def _holds(paragraph: dict[str, Any], start: int, end: int) -> bool:
    first, last = paragraph.get("start"), paragraph.get("end")
    return isinstance(first, int) and isinstance(last, int) and first <= start and end <= last


def _document_name(service: LineageService, key: str | None) -> str | None:
    if not key:
        return None
    try:
        document = node_view(service.node(key))
    except NotFound:  # a paragraph may belong to an instrument known only by reference
        return None
    return document.get("title") or document["name"]


def install(app: FastAPI) -> None:
    """Add the page's routes and serve ``static/`` (the page's script, style and vendored files)."""
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
