"""The FastAPI application: routers, the store's life cycle, and HTTP statuses for project errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import metadata

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from mandate_lineage.api.answer_cache import AnswerCache
from mandate_lineage.api.deps import get_settings, resolve_settings
from mandate_lineage.api.middleware import MAX_BODY_BYTES, ApiKeyEverywhere, BodySizeLimit
from mandate_lineage.api.routes import activities, cypher, documents, health, lineage, page, search, series
from mandate_lineage.api.routes import docs as offline_docs
from mandate_lineage.api.routes import schema as schema_route
from mandate_lineage.config import Settings, open_store
from mandate_lineage.errors import (
    Ambiguous,
    MandatesError,
    NotFound,
    QueryError,
    QueryTimeout,
    ReadOnlyViolation,
    StoreUnavailable,
)

DESCRIPTION = """\
Where did this mandate come from? The graph of resolutions, programs, work plans, summits and
the bodies they task, with the sentence behind every link.

Ids are node keys such as `oas:program-migrants-2016#act-28`; send `#` as `%23`.
Every error body has a `detail`.
"""

TAGS = [
    {"name": "health", "description": "Is the API up, and how large is the graph."},
    {"name": "documents", "description": "The documents read into the graph."},
    {"name": "activities", "description": "Program activities and the bodies they are assigned to."},
    {"name": "lineage", "description": "Upstream (origins) and downstream walks with evidence."},
    {"name": "search", "description": "Find nodes by key, symbol, name or text."},
    {"name": "series", "description": "What changed since the previous resolution; where a paragraph first appeared."},
    {"name": "cypher", "description": "Read-only Cypher for anything the named endpoints do not cover."},
    {"name": "schema", "description": "The map for writing Cypher: labels, relationship types, properties, examples."},
]

# The library raises; this table is the one place its errors become HTTP statuses. A handler
# is found along the exception's MRO, so the most specific class listed wins.
ERROR_STATUS: dict[type[MandatesError], int] = {
    Ambiguous: 409,  # several nodes match: the body lists them as `candidates`
    NotFound: 404,
    QueryError: 400,
    ReadOnlyViolation: 403,
    QueryTimeout: 504,  # the database (our upstream) stopped the query: a gateway timeout, not a slow client
    StoreUnavailable: 503,
    MandatesError: 500,
}


def status_for(exc: MandatesError) -> int:
    return next(ERROR_STATUS[cls] for cls in type(exc).__mro__ if cls in ERROR_STATUS)


async def project_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, MandatesError)
    body = {"detail": str(exc)}
    if isinstance(exc, Ambiguous):
        body["candidates"] = exc.candidates
    return JSONResponse(body, status_code=status_for(exc))


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    store = open_store(resolve_settings(app))
    app.state.store = store
    try:
        yield
    finally:
        store.close()


def create_app(settings: Settings | None = None, *, api_key_everywhere: bool = False) -> FastAPI:
    """The API; with ``settings`` it runs on them, else on ``get_settings()`` (the environment).
    ``api_key_everywhere``: every route needs ``MANDATES_API_KEY`` (set by ``serve`` beyond loopback)."""
    app = FastAPI(title="mandate-lineage", description=DESCRIPTION, version=metadata.version("mandate-lineage"),
                  openapi_tags=TAGS, lifespan=lifespan, docs_url=None, redoc_url=None)
    if settings is not None:
        app.dependency_overrides[get_settings] = lambda: settings
    app.state.answer_cache = AnswerCache()
    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(ApiKeyEverywhere, everywhere=api_key_everywhere)  # added last: runs first
    for error in ERROR_STATUS:
        app.add_exception_handler(error, project_error)
    for module in (health, documents, activities, lineage, search, cypher, series, schema_route):
        app.include_router(module.router)
    page.install(app)  # the lineage page at / and its static files
    offline_docs.install(app)  # /docs and /redoc with their scripts served from here, not a CDN
    return app
