"""Cached lineage answers never outlive a change to the graph, in any worker process.

A real server with two worker processes (each with its own answer and element caches) answers a
lineage question many times over fresh connections (so both workers answer it); then this process
removes a document on that lineage, and every answer after it must be the one the graph now gives
(computed here, with no cache), not the cached one; an ingest that restores the document brings
the first answer back. On Neo4j nothing is cached and the same must hold. The server and its
workers are stopped by pid, and none may outlive it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

import httpx
import orjson
import pytest

from mandate_lineage.config import Settings, open_store
from mandate_lineage.graph.embedded_server import pid_alive
from mandate_lineage.ingest.pipeline import bundled_corpus, ingest_paths
from mandate_lineage.ingest.removal import remove_document
from mandate_lineage.queries import element_cache
from mandate_lineage.queries.lineage import LineageService
from tests.api.test_server import free_port, server_env, stop_server, wait_for_health

TARGET = "oas:program-migrants-2016#act-28"
# Its evidence sentences and MANDATES links of the 2005 program are on the lineage of activity 28 (README).
REMOVED = "oas:program-migrants-2005-work-plan"
ASKS = 8


def _start(settings: Settings, port: int) -> subprocess.Popen[str]:
    log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
    env = {**server_env(settings), "MANDATES_WORKERS": "2"}
    process = subprocess.Popen([sys.executable, "-m", "mandate_lineage.serve", "--port", str(port)],
                               env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    process.log = log  # type: ignore[attr-defined]
    return process


def _children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _asked(base_url: str) -> list[dict]:
    """The answer, asked ASKS times, each on a new connection (the workers share the accepts)."""
    url = f"{base_url}/lineage/{urllib.parse.quote(TARGET, safe='')}"
    answers = []
    for _ in range(ASKS):
        response = httpx.get(url, timeout=60)
        assert response.status_code == 200, response.text
        answers.append(response.json())
    return answers


def _expected(settings: Settings) -> dict:
    """The answer the graph gives now, computed in this process with the element cache off."""
    with open_store(settings, setup=False) as store:
        previous = os.environ.get(element_cache.CACHE_ENV)
        os.environ[element_cache.CACHE_ENV] = "0"
        try:
            return orjson.loads(orjson.dumps(LineageService(store).lineage(TARGET).as_json()))
        finally:
            if previous is None:
                del os.environ[element_cache.CACHE_ENV]
            else:
                os.environ[element_cache.CACHE_ENV] = previous


def test_no_cached_answer_survives_a_removal_or_an_ingest(corpus_settings: Settings) -> None:
    port = free_port()
    process = _start(corpus_settings, port)
    base_url = f"http://127.0.0.1:{port}"
    workers: list[int] = []
    try:
        wait_for_health(process, base_url)
        workers = _children(process.pid)
        assert len(workers) == 2, "two worker processes under the supervising one"
        before = _expected(corpus_settings)
        assert all(answer == before for answer in _asked(base_url))

        with open_store(corpus_settings, setup=False) as store:
            remove_document(store, REMOVED)
        after = _expected(corpus_settings)
        assert after != before, "the removal changes this answer"
        assert all(answer == after for answer in _asked(base_url)), "an answer from before the removal was served"

        with open_store(corpus_settings, setup=False) as store:
            report = ingest_paths([bundled_corpus()], store)
            assert not report.failed
        restored = _expected(corpus_settings)
        assert restored != after, "the ingest changes it again"
        assert all(answer == restored for answer in _asked(base_url)), "an answer from before the ingest was served"
    finally:
        output = stop_server(process)
    assert process.returncode in (0, -15), output
    assert workers and not [pid for pid in workers if pid_alive(pid)], "a worker outlived the server"


@pytest.mark.parametrize("write", ["statement", "clear"])
def test_every_write_changes_the_generation(write: str, tmp_path: Path) -> None:
    settings = Settings.from_env(env={}, store="embedded", data_dir=tmp_path / "data", graph="generation")
    from tests.conftest import embedded_server

    embedded_server(settings.data_dir)  # the session stops it by pid
    with open_store(settings) as store, open_store(settings) as other:
        first = other.generation()
        if write == "statement":
            store.write_statement("CREATE (:Body {key: $key})", {"key": "b"})
        else:
            store.clear()
        assert other.generation() > first, "another connection (process) sees the new generation"
