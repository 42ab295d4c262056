"""The API key: one secret (``MANDATES_API_KEY``) that guards routes that change the graph, and
every route when the API is served beyond loopback.

A client sends it as ``X-API-Key: <key>`` or ``Authorization: Bearer <key>``. Comparison is in
constant time. With no key configured, ``require_api_key`` lets the request through (loopback use).
"""

from __future__ import annotations

import hmac
import os

from fastapi import HTTPException, Request

API_KEY_ENV = "MANDATES_API_KEY"


def configured_api_key() -> str | None:
    """The key from the environment, or None when unset or empty."""
    return os.environ.get(API_KEY_ENV) or None


def presented_key(request: Request) -> str | None:
    """The key a request carries, from ``X-API-Key`` or a bearer token."""
    header = request.headers.get("x-api-key")
    if header:
        return header
    auth = request.headers.get("authorization", "")
    scheme, _, token = auth.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


def key_matches(request: Request, expected: str) -> bool:
    presented = presented_key(request)
    return presented is not None and hmac.compare_digest(presented.encode(), expected.encode())


def require_api_key(request: Request) -> None:
    """FastAPI dependency: 401 when a key is configured and the request does not carry it."""
    expected = configured_api_key()
    if expected is not None and not key_matches(request, expected):
        raise HTTPException(status_code=401, detail=f"this route needs the API key ({API_KEY_ENV}): "
                                                    "send it as 'X-API-Key: <key>' or 'Authorization: Bearer <key>'")
