"""The bundled corpus ingested once per module and backend: its own graph of the session's embedded
server, or the session's Neo4j database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mandate_lineage.api.app import create_app
from mandate_lineage.api.deps import get_settings
from mandate_lineage.config import Settings
from mandate_lineage.ingest.pipeline import bundled_corpus, ingest_paths
from tests.conftest import SharedGraph


def _ingest_corpus(store) -> None:
    report = ingest_paths([bundled_corpus()], store)
    assert not report.failed, [o.error for o in report.failed]


@pytest.fixture(scope="module")
def corpus_settings(module_backend: str, embedded_dir: Path, request: pytest.FixtureRequest) -> Iterator[Settings]:
    """Settings of a graph holding exactly the bundled corpus (cleared, then ingested), per backend."""
    graph = SharedGraph(module_backend, embedded_dir, f"api-{request.module.__name__.rsplit('.', 1)[-1]}",
                        _ingest_corpus)
    try:
        graph.ensure()
        yield graph.store_settings
    finally:
        graph.close()


@pytest.fixture(scope="module")
def client(corpus_settings: Settings) -> Iterator[TestClient]:
    """The app in-process on the corpus graph, settings given the way the template does it."""
    app = create_app()
    app.dependency_overrides[get_settings] = lambda: corpus_settings
    with TestClient(app) as test_client:  # runs the lifespan: opens and closes the store
        yield test_client
