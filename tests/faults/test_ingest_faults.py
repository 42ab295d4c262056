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


def make_corpus(folder: Path, copies: int = COPIES) -> Path:
    """Copies of the sample texts under distinct names (no manifest: keys come from file names)."""
    folder.mkdir()
    for copy in range(copies):
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


PENDING = "MATCH (d:Document) WHERE d.reusePending = true RETURN count(d)"
DOCUMENTS = "MATCH (d:Document) RETURN count(d)"


def wait_for_reuse_stage(store: GraphStore, documents: int, process: subprocess.Popen[str], limit: float = 240) -> None:
    """Until every document is written and the text-reuse stage has not finished yet."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        if store.read(DOCUMENTS).rows[0][0] >= documents:
            return
        time.sleep(0.01)


@pytest.mark.parametrize("what", ["ingest-sigkill", "ingest-sigint", "database-sigkill"])
def test_an_ingest_stopped_in_its_text_reuse_stage_is_finished_by_the_next_run(tmp_path: Path, what: str) -> None:
    corpus = make_corpus(tmp_path / "corpus")
    n_docs = COPIES * len(list(bundled_corpus().glob("*.txt")))
    clean_dir, crash_dir = tmp_path / "clean", tmp_path / "crash"
    embedded_server(clean_dir), embedded_server(crash_dir)
    with open_store(Settings.from_env(env={}, data_dir=clean_dir)) as clean:
        assert start_ingest(clean_dir, corpus).wait(timeout=300) == 0
        expected = snapshot(clean)
        assert clean.read("MATCH ()-[r:ECHOES]->() RETURN count(r)").rows[0][0] > 0
        assert clean.read(PENDING).rows[0][0] == 0

    with open_store(Settings.from_env(env={}, data_dir=crash_dir)) as store:
        process = start_ingest(crash_dir, corpus)
        wait_for_reuse_stage(store, n_docs, process)
        assert process.poll() is None, "the ingest finished before the stop: make the corpus larger"
        if what == "database-sigkill":
            os.kill(int((crash_dir / "server.pid").read_text()), signal.SIGKILL)
        else:
            process.send_signal(signal.SIGKILL if what == "ingest-sigkill" else signal.SIGINT)
        process.communicate(timeout=300)
        if what != "database-sigkill":  # the stop landed in the reuse stage: the links are not all in
            assert store.read(PENDING).rows[0][0] > 0
        rerun = start_ingest(crash_dir, corpus)
        out, err = rerun.communicate(timeout=300)
        assert rerun.returncode == 0, err
        summary = json.loads(out)
        assert summary["failed"] == 0
        assert snapshot(store) == expected


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def test_parse_workers_end_when_the_ingest_is_killed(tmp_path: Path) -> None:
    from mandate_lineage.ingest.pipeline import PARALLEL_MIN_FILES, parse_workers

    copies = -(-PARALLEL_MIN_FILES * 2 // 5)
    if parse_workers(copies * 5) == 0:
        pytest.skip("one core: the ingest parses in its own process")
    corpus = make_corpus(tmp_path / "corpus", copies)
    data_dir = tmp_path / "data"
    embedded_server(data_dir)
    with open_store(Settings.from_env(env={}, data_dir=data_dir)) as store:
        process = start_ingest(data_dir, corpus)
        wait_for_documents(store, 5, process)
        server = int((data_dir / "server.pid").read_text())
        workers = [pid for pid in children_of(process.pid) if pid != server]
        assert process.poll() is None and workers, "no parse worker seen: make the corpus larger"
        process.kill()
        process.communicate(timeout=60)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(pid_alive(pid) for pid in workers):
            time.sleep(0.05)
        left = [pid for pid in workers if pid_alive(pid)]
        for pid in left:  # stop them by pid so the failing test leaves nothing behind
            os.kill(pid, signal.SIGKILL)
        assert not left, f"parse workers left running after a kill -9 of the ingest: {left}"


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def test_an_ingest_on_a_full_disk_keeps_its_summary_and_a_rerun_gives_the_clean_graph(tmp_path: Path) -> None:
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("a small file system is mounted for the full disk: needs root")
    corpus = make_corpus(tmp_path / "corpus")
    clean_dir = tmp_path / "clean"
    embedded_server(clean_dir)
    with open_store(Settings.from_env(env={}, data_dir=clean_dir)) as clean:
        assert start_ingest(clean_dir, corpus).wait(timeout=300) == 0
        expected = snapshot(clean)
    embedded_server(clean_dir).stop()
    disk = tmp_path / "disk"
    disk.mkdir()
    # room for the server and part of the documents: the disk fills during the run
    size = max(folder_size(clean_dir) // 2, 1 << 20)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(disk)],
                      capture_output=True).returncode != 0:
        pytest.skip("this machine does not let a file system be mounted")
    data_dir = disk / "data"
    server = embedded_server(data_dir)
    try:
        full = start_ingest(data_dir, corpus)
        out, err = full.communicate(timeout=300)
        assert full.returncode == 1, err
        summary = json.loads(out)  # the summary is printed even though the disk filled
        assert summary["failed"] > 0 and "unexpected" not in err
        assert all(line.startswith("Error: ") for line in err.splitlines()), err
        subprocess.run(["mount", "-o", "remount,size=512m", str(disk)], check=True)
        deadline = time.monotonic() + 30
        rerun = start_ingest(data_dir, corpus)
        out, err = rerun.communicate(timeout=300)
        while rerun.returncode != 0 and time.monotonic() < deadline:  # the server retries its log
            time.sleep(1)
            rerun = start_ingest(data_dir, corpus)
            out, err = rerun.communicate(timeout=300)
        assert rerun.returncode == 0, err
        with open_store(Settings.from_env(env={}, data_dir=data_dir)) as store:
            assert snapshot(store) == expected
    finally:
        server.stop()
        subprocess.run(["umount", str(disk)], capture_output=True)


@pytest.fixture(autouse=True)
def _no_orphan_servers(tmp_path: Path):
    yield
    for pid_file in tmp_path.glob("*/server.pid"):
        pid = int(pid_file.read_text())
        assert not pid_alive(pid) or embedded_server(pid_file.parent).stop()
