"""Response models, one group per resource, so the OpenAPI schema says what each endpoint returns.

Graph nodes carry more properties than any schema can list (each label has its own), so ``Node``
names the fields every node has and allows the rest (``extra="allow"``).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ErrorBody(BaseModel):
    detail: Any = Field(description="What went wrong: a message, or FastAPI's list of validation errors.")


# --- graph shapes -------------------------------------------------------------------------------
class Node(BaseModel):
    model_config = ConfigDict(extra="allow", json_schema_extra={"example": {
        "id": "summit:3", "labels": ["Summit"], "name": "Third Summit of the Americas", "date": "2001-04-20",
        "city": "Quebec City"}})

    id: str = Field(description="The node key, e.g. `oas:program-migrants-2016#act-28`.")
    labels: list[str]
    name: str = Field(description="A display name; the key when the node has none.")
    date: str | None = Field(None, description="ISO 8601, possibly partial (`2007`, `2016-04`).")
    label: str | None = Field(None, description="The node in words: what it is, whose instrument, which body, "
                                                "summit and date (set on lineage answers).")


class Evidence(BaseModel):
    model_config = ConfigDict(extra="allow")

    document: str | None = Field(None, description="Key of the document the quote is from.")
    paragraph: str | None = Field(None, description="Key of the paragraph the quote is from.")
    quote: str | None = Field(None, description="The exact text behind the edge.")
    start: int | None = Field(None, description="Character offset of the quote in the original file.")
    end: int | None = None


class Edge(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str | None = None
    source: str
    target: str
    type: str = Field(description="Relationship type: ASSIGNS, MANDATES, QUOTES, PART_OF ...")
    kind: str = Field(description="institutional, textual or structural.")
    confidence: float | None = None
    rule: str | None = Field(None, description="The extraction rule that made the edge.")
    evidence: Evidence
    evidences: list[Evidence] = Field(default_factory=list, description=(
        "Lineage answers: every sentence behind this (source, type, target), each with its rule and confidence."))
    count: int | None = Field(None, description="Lineage answers: how many sentences state this link.")


# --- resources ---------------------------------------------------------------------------------------
class Health(BaseModel):
    status: Literal["ok"]
    backend: str
    nodes: int
    edges: int


class DocumentSummary(BaseModel):
    id: str
    title: str
    symbol: str | None = None
    date: str | None = None
    source: str | None = Field(None, description="The file name the document was read from.")


class DocumentRemoved(BaseModel):
    key: str
    name: str
    paragraphs: int = Field(description="Paragraphs removed with it.")
    relationships_before: int
    relationships_after: int
    nodes_before: int
    nodes_after: int
    kept_as_stub: bool = Field(description="True when other documents still link to it: it stays, as a stub.")
    echoes_removed: int = Field(description="Text-reuse links removed by computing text reuse again.")
    echoes_added: int = Field(description="Text-reuse links written by computing text reuse again.")


class CitedInstrument(BaseModel):
    id: str
    symbol: str | None = None
    name: str | None = None
    mentions: int = Field(description="How many citations of it the document's paragraphs make.")


class DocumentDetail(Node):
    title: str
    symbol: str | None = None
    source: str | None = None
    cites: list[CitedInstrument]
    paragraphs: list[Node] = Field(description="The document's paragraphs in document order.")


class Actor(BaseModel):
    id: str
    name: str | None = None


class Activity(BaseModel):
    id: str
    number: str | None = None
    text: str | None = None
    program: str | None = None
    actors: list[Actor] = Field(description="The bodies the activity is assigned to.")


class Lineage(BaseModel):
    subject: Node
    direction: Literal["upstream", "downstream"]
    depth: int = Field(description="The depth walked: the one asked for, clamped to `depthCap`.")
    depthCap: int = Field(description="The largest depth the API walks.")
    limit: int = Field(description="The most nodes this answer may hold (the `limit` asked for, clamped).")
    origins: list[Node] = Field(description="Where the subject's content first appears, earliest first.")
    institutional_root: Node | None = Field(description="The earliest node of the institutional chain above.")
    nodes: list[Node]
    edges: list[Edge]
    truncated: bool = Field(description="True when the walk stopped at the depth or the node limit with more to see.")
    hops: str | None = Field(None, description="Which links this question followed (queries/hops.py).")
    origin_reason: str | None = Field(None, description="Why the first origin is the origin.")
    note: str | None = Field(None, description="What the graph cannot say here (a resolution known only by citation).")
    summary: list[dict[str, Any]] = Field(default_factory=list, description=(
        "Links by type, acts first and structure last: `type`, `kind`, `links`, `nodes` (ids reached)."))
    documents: list[dict[str, Any]] = Field(default_factory=list, description=(
        "For a document's own paragraphs: each document they lead to (`document`, `label`), from which "
        "paragraphs and by which link types."))


class SearchHit(BaseModel):
    key: str = Field(description="The node key (an id for `/lineage/{id}`).")
    label: str = Field(description="The most specific label: Activity, Paragraph, Resolution, Body, Summit ...")
    labels: list[str]
    name: str
    date: str | None = None
    document: str | None = Field(None, description="Key of the ingested document the hit is part of (or is).")
    score: float = Field(description="The backend's full-text relevance; bodies matched by name: 10 whole name or "
                                     "acronym, 2 all words in one name.")
    snippet: str = Field(description="A verbatim slice of the matched text (paragraph text, title, names).")


class SearchResults(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": {
        "query": "Vienna Convention consular assistance", "words": ["vienna", "convention", "consular", "assistance"],
        "total": 4, "offset": 0, "limit": 20, "truncated": False, "complete": True, "results": []}})

    query: str
    words: list[str] = Field(description="The words looked for (lower-cased); every one must occur, in any order.")
    total: int = Field(description="Matches after the filters, all pages together.")
    offset: int
    limit: int
    truncated: bool = Field(description="True when more results follow this page (ask again with a larger offset).")
    complete: bool = Field(description="False when an index held more candidates than were read: total is then a "
                                       "lower bound.")
    results: list[SearchHit]


class CypherRequest(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": {
        "query": "MATCH (d:Document) RETURN d.key AS key, d.date AS date ORDER BY date", "parameters": {}}})

    query: str = Field(min_length=1)
    parameters: dict[str, Any] = Field(default_factory=dict)


class CypherResult(BaseModel):
    columns: list[str]
    rows: list[list[Any]] = Field(
        description="Plain values; nodes as {labels, properties}, relationships as {type, properties}.")
    truncated: bool = Field(description="True when the row cap cut the result.")
