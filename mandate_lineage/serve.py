"""Run the HTTP API with uvicorn: ``serve(settings, host, port)`` or ``python -m mandate_lineage.serve``.

The listening socket is bound here, before uvicorn starts, so a port already in use is one clear
error (``ConfigError``) rather than a log line and an exit from inside uvicorn; the store is
opened once up front for the same reason (a traceback from the lifespan otherwise).
"""

from __future__ import annotations

import argparse
import errno
import logging
import socket
import sys

from mandate_lineage.config import Settings, open_store
from mandate_lineage.errors import ConfigError, MandatesError


def bind_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host:port`` (not yet listening), or ``ConfigError`` naming the problem."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP spelled out: asyncio turns Nagle off (TCP_NODELAY) only on sockets whose proto
    # says TCP, and accepted sockets inherit it. With proto 0 every response waited ~45 ms for
    # the client's delayed ACK between its header and body writes.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    # As uvicorn does: reuse a port left in TIME_WAIT; a port someone listens on still fails.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ConfigError(
                f"port {port} on {host} is already in use; stop what uses it or choose another port") from None
        raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


def check_exposure(host: str) -> bool:
    """True when ``host`` is beyond loopback; then ``MANDATES_API_KEY`` must be set (``ConfigError``)."""
    from mandate_lineage.api.middleware import is_loopback
    from mandate_lineage.api.security import API_KEY_ENV, configured_api_key

    if is_loopback(host):
        return False
    if configured_api_key() is None:
        raise ConfigError(f"--host {host} would expose the API beyond this machine without a key: set {API_KEY_ENV} "
                          "(every route will then require it) or serve on 127.0.0.1")
    return True


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the API until interrupted (SIGINT or SIGTERM stop it cleanly, closing the store).
    Beyond loopback only with ``MANDATES_API_KEY`` set, and then every route requires it."""
    import uvicorn  # imported here: the CLI imports this module and should stay quick to start

    from mandate_lineage.api import create_app

    exposed = check_exposure(host)
    sock = bind_socket(host, port)
    try:
        open_store(settings).close()  # fail here, in one line, if the store cannot be opened
        app = create_app(settings, api_key_everywhere=exposed)
        server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="info"))
        # uvicorn announces its address only for sockets it bound itself.
        bound_host, bound_port = sock.getsockname()[:2]
        logging.getLogger("uvicorn.error").info("Serving the API on http://%s:%d (docs at /docs)%s",
                                                bound_host, bound_port,
                                                "; every route requires the API key" if exposed else "")
        server.run(sockets=[sock])
    finally:
        sock.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mandate_lineage.serve",
        description="Serve the mandate-lineage HTTP API (settings from MANDATES_* variables).")
    parser.add_argument("--host", default="127.0.0.1", help="Interface to listen on [default: 127.0.0.1].")
    parser.add_argument("--port", type=int, default=8000, help="Port [default: 8000].")
    args = parser.parse_args(argv)
    try:
        serve(Settings.from_env(), args.host, args.port)
    except MandatesError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
