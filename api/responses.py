"""Answers already in their final shape, sent without a second pass through the response model.

A lineage answer is built as plain JSON values by ``queries.lineage``; having FastAPI validate it
against the ``Lineage`` model and serialise it again cost as much as walking the graph on large
answers (hundreds of nodes: ~70 ms of ~130 ms). The routes keep ``response_model`` for the OpenAPI
schema, and the schema tests (schemathesis) check that what is sent conforms to it.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi.responses import Response


class PlainJSON(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content)
