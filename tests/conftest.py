"""Fixtures shared by the suite: real stores over every backend, each server stopped by pid.

The embedded store always runs; Neo4j runs when ``NEO4J_URI`` is set (skipped otherwise).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from mandate_lineage.config import Settings, open_store
from mandate_lineage.graph.embedded_server import EmbeddedServer, pid_alive
from mandate_lineage.graph.store import GraphStore

BACKENDS = ["embedded", "neo4j"]
_started: list[EmbeddedServer] = []


def embedded_server(data_dir: Path) -> EmbeddedServer:
    """An EmbeddedServer the session will stop (by its pid) at the end, whoever started it."""
    server = EmbeddedServer(data_dir)
    _started.append(server)
    return server


@pytest.fixture(scope="session", autouse=True)
def _stop_every_server() -> Iterator[None]:
    yield
    leftovers = []
    for server in _started:
        pid = server.pid()
        server.stop()
        if pid is not None and pid_alive(pid):
            leftovers.append(pid)
    assert not leftovers, f"database servers left running: {leftovers}"


@pytest.fixture(scope="session")
def embedded_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("embedded")
    embedded_server(path)
    return path


def settings_for(backend: str, data_dir: Path, graph: str = "test") -> Settings:
    if backend == "neo4j":
        if not os.environ.get("NEO4J_URI"):
            pytest.skip("NEO4J_URI is not set: the Neo4j backend is not tested here")
        return Settings.from_env(store="neo4j")
    return Settings.from_env(env={}, store="embedded", data_dir=data_dir, graph=graph)


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def store(backend: str, embedded_dir: Path) -> Iterator[GraphStore]:
    """A cleared store of each backend; one embedded server for the session, graph reset per test."""
    s = open_store(settings_for(backend, embedded_dir))
    s.clear()
    try:
        yield s
    finally:
        s.close()


def run_cli(*args: str, data_dir: Path | None = None, timeout: float = 120, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``mandates`` in a separate process (a second user of the same data directory)."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("MANDATES_", "NEO4J_"))}
    if data_dir is not None:
        full_env["MANDATES_DATA_DIR"] = str(data_dir)
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "mandate_lineage.cli", *args], capture_output=True, text=True,
                          timeout=timeout, env=full_env)
