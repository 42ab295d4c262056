"""Faults during an ingest: the database killed mid-run, and readers that must see whole documents.

Bounded in time and loopback only (the embedded server listens on a Unix socket).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mandate_lineage.config import Settings, open_store
from mandate_lineage.graph.embedded_server import pid_alive
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.ingest.pipeline import bundled_corpus
from tests.conftest import embedded_server

COPIES = 12  # 60 documents: long enough to kill the server in the middle, short for CI
# Structural evidence entries of each document (a quoted commitment is one paragraph for every
# copy that quotes it: its PART_OF link holds one evidence entry per quoting document).
WHOLE_DOCUMENTS = (
    "MATCH (d:Document) "
    "OPTIONAL MATCH ()-[r:PART_OF]->() WHERE d.key IN r.evidenceDocuments "
    "WITH d, sum(size([i IN range(0, size(coalesce(r.evidenceKeys, [])) - 1) "
    "WHERE r.evidenceDocuments[i] = d.key AND r.evidenceRules[i] STARTS WITH 'structure:'])) AS parts "
    "RETURN d.key AS key, d.paragraphCount AS expected, parts"
)


def make_corpus(folder: Path) -> Path:
    """Copies of the sample texts under distinct names (no manifest: keys come from file names)."""
    folder.mkdir()
    for copy in range(COPIES):
        for source in sorted(bundled_corpus().glob("*.txt")):
            shutil.copy(source, folder / f"c{copy:02d}_{source.name}")
    return folder


def snapshot(store: GraphStore) -> tuple:
    nodes = store.read("MATCH (n) RETURN n.key, labels(n), properties(n) ORDER BY n.key", row_cap=10**7).rows
    rels = store.read("MATCH (a)-[r]->(b) RETURN r.key, a.key, type(r), b.key, properties(r) ORDER BY r.key",
                      row_cap=10**7).rows
    return [[k, sorted(labels), props] for k, labels, props in nodes], rels


def start_ingest(data_dir: Path, corpus: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MANDATES_", "NEO4J_"))}
    env["MANDATES_DATA_DIR"] = str(data_dir)
    return subprocess.Popen([sys.executable, "-m", "mandate_lineage.cli", "ingest", str(corpus), "--json"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_documents(store: GraphStore, at_least: int, process: subprocess.Popen[str], limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        if store.read("MATCH (d:Document) RETURN count(d)").rows[0][0] >= at_least:
            return
        time.sleep(0.05)


def test_a_database_killed_mid_ingest_recovers_to_a_clean_ingest(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    clean_dir, crash_dir = tmp_path / "clean", tmp_path / "crash"
    embedded_server(clean_dir), embedded_server(crash_dir)
    with open_store(Settings.from_env(env={}, data_dir=clean_dir)) as clean:
        assert start_ingest(clean_dir, corpus).wait(timeout=300) == 0
        expected = snapshot(clean)

    with open_store(Settings.from_env(env={}, data_dir=crash_dir)) as store:
        process = start_ingest(crash_dir, corpus)
        wait_for_documents(store, COPIES * 5 // 3, process)
        assert process.poll() is None, "the ingest finished before the kill: make the corpus larger"
        os.kill(int((crash_dir / "server.pid").read_text()), signal.SIGKILL)
        process.wait(timeout=300)  # it may finish (the store restarts the server) or report failures
        rerun = start_ingest(crash_dir, corpus)
        out, err = rerun.communicate(timeout=300)
        assert rerun.returncode == 0, err
        assert json.loads(out)["failed"] == 0
        assert snapshot(store) == expected


def test_readers_during_an_ingest_only_see_whole_documents(tmp_path: Path) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    data_dir = tmp_path / "data"
    embedded_server(data_dir)
    with open_store(Settings.from_env(env={}, data_dir=data_dir)) as store:
        process = start_ingest(data_dir, corpus)
        observations = 0
        partial: list[dict] = []
        deadline = time.monotonic() + 300
        while process.poll() is None and time.monotonic() < deadline:
            for row in store.read(WHOLE_DOCUMENTS, row_cap=10_000).records():
                observations += 1
                if row["parts"] != row["expected"]:
                    partial.append(row)
        assert process.wait(timeout=60) == 0
        assert observations > COPIES * 5, "the reader never saw the ingest in progress"
        assert not partial, partial[:3]
        final = store.read(WHOLE_DOCUMENTS, row_cap=10_000).records()
        assert len(final) == COPIES * 5 and all(r["parts"] == r["expected"] for r in final)


@pytest.fixture(autouse=True)
def _no_orphan_servers(tmp_path: Path):
    yield
    for pid_file in tmp_path.glob("*/server.pid"):
        pid = int(pid_file.read_text())
        assert not pid_alive(pid) or embedded_server(pid_file.parent).stop()
