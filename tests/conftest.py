"""Fixtures shared by the suite: real stores over every backend, each server stopped by pid.

The embedded store always runs. Neo4j runs from ``tools/neo4j-launcher`` (a real Neo4j 5 built
with Maven, started once per session) when ``java`` and ``mvn`` are on the PATH, or against any
Neo4j 5 that ``NEO4J_URI``/``NEO4J_USER``/``NEO4J_PASSWORD`` name. Without either the Neo4j half
skips, saying how to enable it; in CI (``CI=true``) it fails instead.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Callable, Iterator

import pytest

from mandate_lineage.config import Settings, open_store
from mandate_lineage.graph.embedded_server import EmbeddedServer, pid_alive
from mandate_lineage.graph.store import GraphStore
from tests import neo4j_server

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


_NEO4J_ENV: dict[str, str] = {}  # connection settings of the session's Neo4j, once started
NEO4J_VARS = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


@pytest.fixture(scope="session")
def neo4j_env() -> Iterator[dict[str, str]]:
    """``NEO4J_*`` settings of a real Neo4j 5: the one ``NEO4J_URI`` names, else the launcher
    (built once, started once, stopped by its pid at the end)."""
    if os.environ.get("NEO4J_URI"):
        _NEO4J_ENV.update({k: os.environ[k] for k in NEO4J_VARS if os.environ.get(k)})
        yield dict(_NEO4J_ENV)
        return
    if problem := neo4j_server.missing_toolchain():
        message = (f"Neo4j half not run: {problem}. Install Java 17+ and Maven (the suite then builds and "
                   "starts tools/neo4j-launcher) or set NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD to a Neo4j 5")
        if _in_ci():
            pytest.fail(message)
        pytest.skip(message)
    neo4j_server.build()
    server = neo4j_server.start()
    _NEO4J_ENV.update(server.env())
    try:
        yield dict(_NEO4J_ENV)
    finally:
        _NEO4J_ENV.clear()
        server.stop()
        assert not pid_alive(server.pid), f"Neo4j launcher left running: {server.pid}"


def settings_for(backend: str, data_dir: Path, graph: str = "test") -> Settings:
    """Settings of a store; for Neo4j, ask for the ``neo4j_env`` (or a backend) fixture first.
    Neo4j Community holds one user database: ``graph`` names only embedded graphs."""
    if backend == "neo4j":
        if not _NEO4J_ENV:
            pytest.fail("settings_for('neo4j') before the neo4j_env fixture started Neo4j")
        return Settings.from_env(env=_NEO4J_ENV, store="neo4j")
    return Settings.from_env(env={}, store="embedded", data_dir=data_dir, graph=graph)


def _use_backend(request: pytest.FixtureRequest) -> str:
    if request.param == "neo4j":
        request.getfixturevalue("neo4j_env")
    return request.param


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Each backend, per test (Neo4j started on first use)."""
    return _use_backend(request)


@pytest.fixture(scope="module", params=BACKENDS)
def module_backend(request: pytest.FixtureRequest) -> str:
    """Each backend, per module: pytest runs a module's tests on one backend, then the other,
    so a graph a module fills once is filled once per backend."""
    return _use_backend(request)


# Neo4j Community has one user database, shared by every Neo4j test: the SharedGraph now in it.
_neo4j_holder: list[object | None] = [None]


def fresh_store(backend: str, data_dir: Path, graph: str = "test") -> GraphStore:
    """An opened, cleared store (on Neo4j: the one database, taken over from any shared graph)."""
    store = open_store(settings_for(backend, data_dir, graph=graph))
    store.clear()
    if backend == "neo4j":
        _neo4j_holder[0] = None
    return store


class SharedGraph:
    """A graph a module fills once and many tests read. Embedded: its own named graph. Neo4j: the
    one database; when a test took it over (``fresh_store``), the next ``ensure`` fills it again."""

    def __init__(self, backend: str, data_dir: Path, name: str, fill: Callable[[GraphStore], None]) -> None:
        self.backend, self.fill = backend, fill
        self.store_settings = settings_for(backend, data_dir, graph=name)
        self.store = open_store(self.store_settings)
        self._filled = False

    def ensure(self) -> GraphStore:
        current = self._filled if self.backend == "embedded" else _neo4j_holder[0] is self
        if not current:
            self.store.clear()
            self.fill(self.store)
            self._filled = True
            if self.backend == "neo4j":
                _neo4j_holder[0] = self
        return self.store

    def close(self) -> None:
        if _neo4j_holder[0] is self:
            _neo4j_holder[0] = None
        self.store.close()


@pytest.fixture
def store(backend: str, embedded_dir: Path) -> Iterator[GraphStore]:
    """A cleared store of each backend; one embedded server for the session, graph reset per test."""
    s = fresh_store(backend, embedded_dir)
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
