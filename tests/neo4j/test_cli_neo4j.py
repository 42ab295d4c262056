"""``mandates --store neo4j`` as a user runs it: separate processes against a real Neo4j 5,
connection settings from NEO4J_URI (bolt:// and neo4j://), NEO4J_USER, NEO4J_PASSWORD."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from mandate_lineage.ingest.pipeline import bundled_corpus
from tests.conftest import fresh_store, run_cli


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def ingested(neo4j_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Neo4j cleared, then the bundled corpus ingested by ``mandates --store neo4j ingest``."""
    with fresh_store("neo4j", tmp_path_factory.mktemp("unused")):
        pass
    result = run_cli("--store", "neo4j", "ingest", "--json", env=neo4j_env, timeout=600)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary and "ingested" in result.stdout
    return neo4j_env


def test_status_names_the_backend_server_and_counts(ingested: dict[str, str]) -> None:
    result = run_cli("--store", "neo4j", "status", "--json", env=ingested)
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert status["backend"] == "neo4j" and status["uri"] == ingested["NEO4J_URI"]
    assert status["serverVersion"].startswith("5.")
    assert status["nodesByLabel"]["Document"] == 5 and status["relationships"] > 800


def test_a_routing_uri_works_the_same(ingested: dict[str, str]) -> None:
    env = {**ingested, "NEO4J_URI": ingested["NEO4J_URI"].replace("bolt://", "neo4j://", 1)}
    result = run_cli("status", "--json", env={**env, "MANDATES_STORE": "neo4j"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["nodesByLabel"]["Document"] == 5


def test_lineage_of_activity_28_reaches_the_summits(ingested: dict[str, str]) -> None:
    result = run_cli("--store", "neo4j", "lineage", "activity 28", env=ingested)
    assert result.returncode == 0, result.stderr
    assert "origin: 1998-04-18" in result.stdout and "[summit:2:plan-of-action#" in result.stdout
    assert "institutional root: 2001-04-20  Third Summit of the Americas, Quebec City, 20 April 2001  [summit:3]" in result.stdout


def test_cypher_reads_and_a_write_is_refused(ingested: dict[str, str]) -> None:
    read = run_cli("--store", "neo4j", "cypher", "MATCH (d:Document) WHERE d.key = $k RETURN d.title",
                   "-p", "k=un:a-res-68-179", "--format", "json", env=ingested)
    assert read.returncode == 0, read.stderr
    assert "Protection of migrants" in read.stdout
    write = run_cli("--store", "neo4j", "cypher", "MATCH (n) DETACH DELETE n", env=ingested)
    assert write.returncode == 1
    assert len(write.stderr.strip().splitlines()) == 1 and "read-only" in write.stderr
    status = json.loads(run_cli("--store", "neo4j", "status", "--json", env=ingested).stdout)
    assert status["nodesByLabel"]["Document"] == 5


def test_export_writes_the_graph_read_from_neo4j(ingested: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "graph.json"
    result = run_cli("--store", "neo4j", "export", "--format", "json", "--out", str(out), env=ingested)
    assert result.returncode == 0, result.stderr
    graph = json.loads(out.read_text(encoding="utf-8"))
    keys = {node["id"] for node in graph["nodes"]}
    assert "oas:program-migrants-2016#act-28" in keys and "summit:3" in keys


def test_serve_answers_from_neo4j(ingested: dict[str, str]) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MANDATES_", "NEO4J_"))}
    process = subprocess.Popen([sys.executable, "-m", "mandate_lineage.cli", "--store", "neo4j", "serve",
                                "--port", str(port)], env={**env, **ingested},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline, health = time.monotonic() + 60, None
        while time.monotonic() < deadline and health is None:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).json()
            except httpx.TransportError:
                assert process.poll() is None, "the server exited while starting"
                time.sleep(0.2)
        assert health is not None and health["backend"] == "neo4j"
        lineage = httpx.get(f"http://127.0.0.1:{port}/activities/28/lineage", timeout=60).json()
        assert {"summit:3", "oas:ag-res-2141-xxxv-o-05"} <= {n["id"] for n in lineage["nodes"]}
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def test_a_wrong_password_is_one_line(neo4j_env: dict[str, str]) -> None:
    result = run_cli("--store", "neo4j", "status", env={**neo4j_env, "NEO4J_PASSWORD": "wrong-password"})
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        f"Error: Neo4j at {neo4j_env['NEO4J_URI']} refused user 'neo4j': wrong user or password "
        "(check NEO4J_USER and NEO4J_PASSWORD)"]


def test_an_unreachable_server_is_one_line() -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    result = run_cli("--store", "neo4j", "ingest", str(bundled_corpus()),
                     env={"NEO4J_URI": uri, "NEO4J_PASSWORD": "x"})
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: cannot reach Neo4j at {uri}"), result.stderr


def test_neo4j_without_a_uri_says_what_to_set() -> None:
    result = run_cli("--store", "neo4j", "status")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: the neo4j store needs NEO4J_URI (and NEO4J_USER, NEO4J_PASSWORD)"]
