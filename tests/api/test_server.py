"""The API as users run it: a real uvicorn process on a loopback port, real HTTP with httpx.

Each server process is stopped by its own pid (terminate, wait, kill after a grace period); the
embedded database server it shares with the test session is stopped by the session fixture.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mandate_lineage.config import Settings, open_store
from mandate_lineage.errors import ConfigError
from mandate_lineage.serve import serve
from tests.conftest import settings_for

STARTUP_SECONDS = 30
STOP_GRACE_SECONDS = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MANDATES_", "NEO4J_"))}
    env.update(MANDATES_DATA_DIR=str(settings.data_dir), MANDATES_GRAPH=settings.graph, MANDATES_STORE=settings.store)
    if settings.store == "neo4j":
        env.update(NEO4J_URI=settings.neo4j_uri or "", NEO4J_USER=settings.neo4j_user,
                   NEO4J_PASSWORD=settings.neo4j_password, **({"NEO4J_DATABASE": settings.neo4j_database}
                                                            if settings.neo4j_database else {}))
    return env


def start_server(settings: Settings, port: int) -> subprocess.Popen[str]:
    # The log goes to a file, not a pipe: nobody reads a pipe while the server runs, and uvicorn's
    # access log would fill it (64 KB) and block the server.
    log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "mandate_lineage.serve", "--port", str(port)],
                               env=server_env(settings), stdout=log, stderr=subprocess.STDOUT, text=True)
    process.log = log  # type: ignore[attr-defined]
    return process


def stop_process(process: subprocess.Popen) -> None:
    """Stop this one process by its pid: terminate, then kill after a grace period."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=STOP_GRACE_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_GRACE_SECONDS)


def stop_server(process: subprocess.Popen[str]) -> str:
    """Stop this one process by its pid; returns what it printed."""
    stop_process(process)
    log = getattr(process, "log", None)
    if log is None:
        return ""
    log.seek(0)
    printed = log.read()
    log.close()
    return printed


def wait_for_health(process: subprocess.Popen[str], base_url: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited with {process.returncode} while starting:\n{stop_server(process)}")
        try:
            if httpx.get(f"{base_url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail(f"no answer on {base_url}/health after {STARTUP_SECONDS} s:\n{stop_server(process)}")


@pytest.fixture(scope="module")
def server(corpus_settings: Settings) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    process = start_server(corpus_settings, port)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_for_health(process, base_url)
        yield base_url, process
    finally:
        stop_server(process)
    assert process.returncode is not None


def test_real_server_answers_over_http(server: tuple[str, subprocess.Popen[str]], corpus_settings: Settings) -> None:
    base_url, _ = server
    with open_store(corpus_settings) as store:
        counts = store.counts()
    with httpx.Client(base_url=base_url, timeout=30) as http:
        assert http.get("/health").json() == {"status": "ok", "backend": corpus_settings.store, "nodes": counts.nodes,
                                              "edges": counts.relationships}
        assert len(http.get("/documents").json()) == 5
        document = http.get("/documents/un:a-res-68-179").json()
        assert "un:a-res-67-172" in {c["id"] for c in document["cites"]}
        # '#' must reach the server as %23: through uvicorn's real URL handling
        lineage = http.get("/lineage/oas:program-migrants-2016%23act-28").json()
        assert lineage["subject"]["id"] == "oas:program-migrants-2016#act-28"
        assert lineage["institutional_root"]["id"] == "summit:3"
        assert http.get("/lineage/oas:nothing").status_code == 404
        assert http.get("/docs").status_code == 200


def test_real_server_refuses_writes_and_large_bodies(server: tuple[str, subprocess.Popen[str]],
                                                      corpus_settings: Settings) -> None:
    base_url, _ = server
    with open_store(corpus_settings) as store:
        before = store.counts()
        with httpx.Client(base_url=base_url, timeout=30) as http:
            refused = http.post("/cypher", json={"query": "MATCH (n) SET n.touched = true"})
            assert refused.status_code == 403 and "read-only" in refused.json()["detail"]
            oversized = http.post("/cypher", content=b"x" * (2 * 1024 * 1024),
                                  headers={"content-type": "application/json"})
            assert oversized.status_code == 413 and oversized.json()["detail"]
        assert store.counts() == before
        assert store.read("MATCH (n) WHERE n.touched RETURN count(n)").rows == [[0]]


def test_server_stops_cleanly_on_terminate(corpus_settings: Settings) -> None:
    port = free_port()
    process = start_server(corpus_settings, port)
    try:
        wait_for_health(process, f"http://127.0.0.1:{port}")
    finally:
        output = stop_server(process)
    # uvicorn shuts down (the lifespan closes the store), then re-raises SIGTERM so the exit says why
    assert process.returncode in (0, -signal.SIGTERM), output
    assert "Application shutdown complete" in output
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", port))  # the port is free again


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield holder.getsockname()[1]


def test_port_in_use_is_one_clear_error(taken_port: int, corpus_settings: Settings) -> None:
    with pytest.raises(ConfigError, match=f"port {taken_port} on 127.0.0.1 is already in use"):
        serve(corpus_settings, port=taken_port)
    result = subprocess.run([sys.executable, "-m", "mandate_lineage.serve", "--port", str(taken_port)],
                            env=server_env(corpus_settings), capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: port {taken_port} on 127.0.0.1 is already in use; stop what uses it or choose another port"]


def test_unusable_data_dir_is_one_clear_error(tmp_path: Path, embedded_dir: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")  # the embedded store's own failure; Neo4j's are in tests/neo4j
    env = {**server_env(settings_for("embedded", embedded_dir)), "MANDATES_DATA_DIR": str(blocker / "data")}
    result = subprocess.run([sys.executable, "-m", "mandate_lineage.serve", "--port", str(free_port())],
                            env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot create data directory"), result.stderr
