"""Run the HTTP API with uvicorn: ``serve(settings, host, port)`` or ``python -m mandate_lineage.serve``.

The listening socket is bound here, before uvicorn starts, so a port already in use is one clear
error (``ConfigError``) rather than a log line and an exit from inside uvicorn; the store is
opened once up front for the same reason (a traceback from the lifespan otherwise).

Workers: a lineage answer is CPU work in Python, so one process used one core whatever the
concurrency. ``serve`` forks ``workers`` processes (default: one per core the process may use,
``MANDATES_WORKERS`` to change it) that accept on the one bound socket, each with its own store
connection (opened by the app's lifespan after the fork). The first process only supervises: on
SIGTERM or SIGINT it stops every worker by its pid and returns once all have exited (so the port is
free when it is gone), a worker that dies is replaced, and a worker whose supervisor dies is
stopped by the kernel (``PR_SET_PDEATHSIG``): nothing outlives the server.
"""

from __future__ import annotations

import argparse
import ctypes
import errno
import gc
import logging
import os
import signal
import socket
import sys
import time
from typing import Any

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


WORKERS_ENV = "MANDATES_WORKERS"
STOP_WORKERS_S = 10.0
_PR_SET_PDEATHSIG = 1


def default_workers() -> int:
    """``MANDATES_WORKERS`` if set, else the number of cores this process may run on."""
    value = os.environ.get(WORKERS_ENV, "").strip()
    if value:
        try:
            workers = int(value)
        except ValueError:
            raise ConfigError(f"{WORKERS_ENV} must be a whole number of processes, got {value!r}") from None
        if not 1 <= workers <= 64:
            raise ConfigError(f"{WORKERS_ENV} must be between 1 and 64, got {workers}")
        return workers
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)


def _die_with_parent(parent: int) -> None:
    """In a worker: the kernel sends SIGTERM when the supervising process dies, however it dies."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: the supervisor's own stop still applies
        pass
    if os.getppid() != parent:  # it died before the request above
        os._exit(0)


def _fork_worker(server: Any, sock: socket.socket) -> int:
    """One more process serving ``server`` on ``sock``; its pid."""
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the supervisor's handlers are not the worker's
            signal.signal(signal.SIGINT, signal.default_int_handler)
            _die_with_parent(parent)
            server.run(sockets=[sock])
        except BaseException:  # noqa: BLE001 - a worker reports through its log and exit status
            logging.getLogger("uvicorn.error").exception("API worker %d failed", os.getpid())
            code = 1
        finally:
            os._exit(code)
    return pid


def _supervise(workers: int, server: Any, sock: socket.socket) -> None:
    """Run ``workers`` worker processes until SIGTERM or SIGINT, replacing any that dies; then
    stop them all by pid and return."""
    stopping: list[int] = []

    def stop(signum: int, frame: Any) -> None:  # noqa: ARG001 - a signal handler's signature
        stopping.append(signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    pids: list[int] = []
    try:
        pids = [_fork_worker(server, sock) for _ in range(workers)]
        while not stopping:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                pid = 0
            if pid in pids and not stopping:
                logging.getLogger("uvicorn.error").warning("API worker %d exited; starting another", pid)
                pids[pids.index(pid)] = _fork_worker(server, sock)
                time.sleep(0.5)  # a worker that cannot start must not spin the supervisor
            time.sleep(0.1)
    finally:
        _stop_workers(pids)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _stop_workers(pids: list[int]) -> None:
    """SIGTERM each worker by its pid (a graceful uvicorn shutdown), SIGKILL what is left after
    ``STOP_WORKERS_S``, and reap them all."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + STOP_WORKERS_S
    waiting = set(pids)
    while waiting:
        for pid in list(waiting):
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done = pid
            if done:
                waiting.discard(pid)
        if waiting and time.monotonic() > deadline:
            for pid in waiting:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            deadline = float("inf")
        if waiting:
            time.sleep(0.05)


# Cyclic garbage collection in the API: the answer and element caches hold millions of small
# objects (views, step rows, labels) with no cycles among them, and every full collection walked
# them all again: on the 20k-document graph 29-38 ms of a cold answer's 51-58 ms of CPU. Young
# objects are now collected 100,000 allocations apart (not 700), older generations far more
# rarely, and what the process holds once started is frozen out of every collection.
GC_THRESHOLDS = (100_000, 50, 100)


def tune_gc() -> None:
    """Collection thresholds for a long-running API process (workers forked after inherit them)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000, workers: int | None = None) -> None:
    """Serve the API until interrupted (SIGINT or SIGTERM stop it cleanly, closing the store).
    Beyond loopback only with ``MANDATES_API_KEY`` set, and then every route requires it.
    ``workers`` processes share the socket (default: ``default_workers()``)."""
    import uvicorn  # imported here: the CLI imports this module and should stay quick to start

    from mandate_lineage.api import create_app
    from mandate_lineage.graph.adhoc import ADHOC_SERVERS_ENV, share_of

    exposed = check_exposure(host)
    workers = default_workers() if workers is None else max(1, int(workers))
    # Each worker has its own ad-hoc query servers (copies of the graph): the API keeps two in all.
    os.environ.setdefault(ADHOC_SERVERS_ENV, str(share_of(workers)))
    sock = bind_socket(host, port)
    try:
        open_store(settings).close()  # fail here, in one line, if the store cannot be opened
        app = create_app(settings, api_key_everywhere=exposed)
        server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="info"))
        tune_gc()
        # uvicorn announces its address only for sockets it bound itself.
        bound_host, bound_port = sock.getsockname()[:2]
        logging.getLogger("uvicorn.error").info("Serving the API on http://%s:%d (docs at /docs)%s, %d process%s",
                                                bound_host, bound_port,
                                                "; every route requires the API key" if exposed else "",
                                                workers, "" if workers == 1 else "es")
        if workers > 1:
            sock.listen(2048)  # before the fork: every worker accepts on the same listening socket
            _supervise(workers, server, sock)
        else:
            server.run(sockets=[sock])
    finally:
        sock.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m mandate_lineage.serve",
        description="Serve the mandate-lineage HTTP API (settings from MANDATES_* variables).")
    parser.add_argument("--host", default="127.0.0.1", help="Interface to listen on [default: 127.0.0.1].")
    parser.add_argument("--port", type=int, default=8000, help="Port [default: 8000].")
    parser.add_argument("--workers", type=int, default=None,
                        help=f"Processes sharing the socket [default: ${WORKERS_ENV} or one per core].")
    args = parser.parse_args(argv)
    try:
        serve(Settings.from_env(), args.host, args.port, args.workers)
    except MandatesError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
