"""Refuse request bodies over a size limit with 413, before the route reads them into memory."""

from __future__ import annotations

from fastapi import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 1024 * 1024


class BodySizeLimit:
    """Pure ASGI middleware: a declared Content-Length over the limit is refused at once; a body
    sent without one (chunked) is counted as it arrives and refused when it passes the limit."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _too_large(self) -> str:
        return f"request body larger than {self.max_bytes} bytes"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await JSONResponse({"detail": self._too_large()}, status_code=413)(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # An HTTPException passes through FastAPI's body parsing untouched and its
                    # handler answers 413 with the usual {"detail": ...} body.
                    raise HTTPException(status_code=413, detail=self._too_large())
            return message

        await self.app(scope, counting_receive, send)


def is_loopback(host: str) -> bool:
    """True for loopback addresses and ``localhost``; any other name or address is beyond this machine."""
    import ipaddress

    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class ApiKeyEverywhere:
    """Beyond loopback, every route needs the API key (``MANDATES_API_KEY``).

    ``everywhere`` is set by ``serve`` on a non-loopback host; without it, a request that arrived
    on a non-loopback address of this server (however it was started) needs the key too. With no
    key configured such a request is refused: an exposed API without a key is a mistake.
    """

    def __init__(self, app: ASGIApp, everywhere: bool = False) -> None:
        self.app = app
        self.everywhere = everywhere

    def _needs_key(self, scope: Scope) -> bool:
        if self.everywhere:
            return True
        server = scope.get("server")
        if not server:
            return False
        host = str(server[0])
        try:
            import ipaddress

            ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            return False  # not an address (an in-process test client): nothing was bound
        return not is_loopback(host)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self._needs_key(scope):
            await self.app(scope, receive, send)
            return
        from starlette.requests import Request

        from mandate_lineage.api.security import API_KEY_ENV, configured_api_key, key_matches

        expected = configured_api_key()
        if expected is None or not key_matches(Request(scope), expected):
            detail = (f"this API is served beyond loopback: every route needs the API key ({API_KEY_ENV}); "
                      "send it as 'X-API-Key: <key>' or 'Authorization: Bearer <key>'")
            await JSONResponse({"detail": detail}, status_code=401,
                               headers={"WWW-Authenticate": "Bearer"})(scope, receive, send)
            return
        await self.app(scope, receive, send)
