"""Series of resolutions: what changed since the previous one, and where a paragraph first appeared."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from mandate_lineage.api.deps import StoreDep
from mandate_lineage.api.models import ErrorBody
from mandate_lineage.queries.series import changes, first_appearance

router = APIRouter(tags=["series"], responses={404: {"model": ErrorBody, "description": "Unknown id."}})


class DiffRun(BaseModel):
    op: Literal["equal", "insert", "delete", "replace"]
    old: str = Field(description="Words of the previous paragraph in this run.")
    new: str = Field(description="Words of the newer paragraph in this run.")


class ParagraphChange(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    localId: str
    kind: str
    number: str | None = None
    text: str
    status: Literal["new", "repeated", "amended"]
    similarity: float = Field(description="Word-sequence similarity with the best match, 0..1.")
    previous: str | None = Field(None, description="Key of the matching paragraph of the previous resolution.")
    previousLocalId: str | None = None
    diff: list[DiffRun] | None = Field(None, description="For an amended paragraph: the word-level edit script.")


class DocumentBrief(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    symbol: str | None = None
    title: str | None = None
    date: str | None = None
    session: str | None = None


class Changes(BaseModel):
    subject: DocumentBrief
    previous: DocumentBrief | None = Field(None, description="The previous resolution of the series; null if none.")
    summary: dict[str, int] = Field(description="How many paragraphs are new, repeated, amended and removed.")
    paragraphs: list[ParagraphChange]
    removed: list[dict[str, Any]] = Field(description="Paragraphs of the previous resolution that nothing matched.")


class ParagraphBrief(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str
    document: str | None = None
    localId: str | None = None
    date: str | None = None
    text: str | None = None


class FirstAppearance(BaseModel):
    subject: ParagraphBrief
    first: ParagraphBrief = Field(description="The earliest paragraph it repeats (itself if none).")
    isFirst: bool
    path: list[dict[str, Any]] = Field(description="The steps back from the subject to the first, with how each was found.")


@router.get("/series/{document_id:path}/changes", response_model=Changes,
            summary="What changed since the previous resolution of the series")
def series_changes(document_id: str, store: StoreDep) -> dict[str, Any]:
    """Each paragraph of the document as new, repeated or amended (with a word-level diff) against the
    previous resolution of its series, and the previous paragraphs nothing matched. Send `#` as `%23`."""
    return changes(store, document_id)


@router.get("/paragraphs/{paragraph_id:path}/first-appearance", response_model=FirstAppearance,
            summary="Where a paragraph first appeared")
def paragraph_first_appearance(paragraph_id: str, store: StoreDep) -> dict[str, Any]:
    """The earliest paragraph this one repeats, through text reuse and the series' previous resolutions.
    Send `#` in ids as `%23`."""
    return first_appearance(store, paragraph_id)
