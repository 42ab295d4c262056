"""The embedded server: restarts, shared data directories, kill -9, the start-up lock."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mandate_lineage.config import Settings, open_store
from mandate_lineage.errors import StoreUnavailable
from mandate_lineage.graph.batch import WriteBatch
from mandate_lineage.graph.embedded_server import pid_alive
from tests.conftest import embedded_server, run_cli


def _open(data_dir: Path):
    embedded_server(data_dir)  # make sure the session stops it
    return open_store(Settings.from_env(env={}, data_dir=data_dir))


def _fill(store, n: int, prefix: str = "b") -> None:
    store.upsert_nodes("Body", [{"key": f"{prefix}{i}", "props": {"name": f"body {i}"}} for i in range(n)])


def _status(data_dir: Path) -> dict:
    result = run_cli("status", "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _kill9(data_dir: Path) -> int:
    pid = int((data_dir / "server.pid").read_text())
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert not pid_alive(pid)
    return pid


def test_data_survives_a_clean_restart(tmp_path: Path) -> None:
    with _open(tmp_path) as store:
        _fill(store, 50)
        first_pid = store.server.pid()
    assert store.server.stop()
    assert not pid_alive(first_pid)
    with _open(tmp_path) as store:
        assert store.counts().nodes_by_label == {"Body": 50}
        assert store.server.pid() != first_pid


def test_two_processes_share_one_server(tmp_path: Path) -> None:
    with _open(tmp_path) as store:
        _fill(store, 7)
        status = _status(tmp_path)  # another process, same data directory, while we hold it open
        assert status["serverPid"] == store.server.pid()
        assert status["nodes"] == 7
        _fill(store, 3, prefix="c")  # our writes are visible to the next process too
        assert _status(tmp_path)["nodes"] == 10


def test_concurrent_first_users_start_exactly_one_server(tmp_path: Path) -> None:
    embedded_server(tmp_path)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MANDATES_", "NEO4J_"))}
    env["MANDATES_DATA_DIR"] = str(tmp_path)
    procs = [subprocess.Popen([sys.executable, "-m", "mandate_lineage.cli", "status", "--json"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err for _, err in outputs]
    assert len({json.loads(out)["serverPid"] for out, _ in outputs}) == 1


def test_kill_9_is_survived_by_the_next_command(tmp_path: Path) -> None:
    with _open(tmp_path) as store:
        _fill(store, 200)
    before = _status(tmp_path)
    dead = _kill9(tmp_path)
    started = time.monotonic()
    after = _status(tmp_path)
    elapsed = time.monotonic() - started
    assert after["serverPid"] != dead
    assert (after["nodes"], after["nodesByLabel"]) == (before["nodes"], before["nodesByLabel"])
    assert elapsed < 60, f"recovery took {elapsed:.1f}s"


def test_an_open_store_reconnects_after_its_server_died(tmp_path: Path) -> None:
    with _open(tmp_path) as store:
        _fill(store, 5)
        _kill9(tmp_path)
        assert store.counts().nodes == 5  # restarted on next use


@pytest.mark.slow
def test_kill_9_right_after_a_100k_node_load(tmp_path: Path) -> None:
    with _open(tmp_path) as store:
        batch = WriteBatch()
        batch.add_nodes("Paragraph", [{"key": f"doc#p-{i}", "props": {"text": f"paragraph {i} " * 4, "n": i}}
                                      for i in range(100_000)])
        store.load(batch)
        # Acknowledged writes reach the append-only file within appendfsync's second.
        time.sleep(1.5)
    _kill9(tmp_path)
    started = time.monotonic()
    after = _status(tmp_path)
    elapsed = time.monotonic() - started
    assert after["nodesByLabel"] == {"Paragraph": 100_000}
    assert elapsed < 90, f"recovery took {elapsed:.1f}s"


def test_a_server_that_cannot_start_is_a_clear_error(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "VERSION").write_text("99.0.0\n")  # written by a newer build than the installed one
    with pytest.raises(StoreUnavailable, match="older"):
        _open(data_dir)


def test_a_server_that_stops_answering_is_replaced_and_the_data_kept(tmp_path: Path) -> None:
    from mandate_lineage.graph.falkordb_store import FalkorDBStore

    embedded_server(tmp_path)
    store = FalkorDBStore(tmp_path, hung_after_s=2.0).open()  # short, so the test is quick
    try:
        store.setup_schema()
        _fill(store, 5)
        time.sleep(1.2)  # past appendfsync's second
        hung = int((tmp_path / "server.pid").read_text())
        os.kill(hung, signal.SIGSTOP)  # alive but silent, like the lock-up seen once in a while
        try:
            assert store.counts().nodes == 5
        finally:
            if pid_alive(hung):
                os.kill(hung, signal.SIGKILL)
        assert store.server.pid() != hung
    finally:
        store.close()


def test_the_start_up_watchdog_replaces_a_silent_server(tmp_path: Path) -> None:
    from mandate_lineage.graph.embedded_server import EmbeddedServer

    first = embedded_server(tmp_path)
    first.ensure_running()
    silent = first.pid()
    os.kill(silent, signal.SIGSTOP)
    try:
        EmbeddedServer(tmp_path, watchdog_base=1.0).ensure_running()
        assert not pid_alive(silent) and first.pid() not in (None, silent)
    finally:
        if pid_alive(silent):
            os.kill(silent, signal.SIGKILL)


def test_threads_sharing_a_store_survive_a_server_kill(tmp_path: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with _open(tmp_path) as store:
        _fill(store, 20)
        time.sleep(1.2)  # past appendfsync's second

        def reader(n: int) -> list[int]:
            seen = []
            for i in range(40):
                if n == 0 and i == 10:
                    _kill9(tmp_path)
                seen.append(store.counts().nodes)
            return seen

        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(reader, range(8)))
        assert all(count == 20 for seen in results for count in seen)


def test_the_start_wait_survives_a_data_file_replaced_while_it_is_measured(tmp_path: Path) -> None:
    """Opening the store sizes the append-only files to set its patience; a rewrite of them
    (``BGREWRITEAOF`` after another process's ingest) can remove one between listing and sizing:
    that was "unexpected FileNotFoundError" for the process opening the store."""
    from mandate_lineage.graph.embedded_server import EmbeddedServer

    aof = tmp_path / "appendonlydir"
    aof.mkdir()
    (aof / "appendonly.aof.2.incr.aof").write_bytes(b"x" * 5_000_000)
    (aof / "appendonly.aof.1.base.rdb").symlink_to(tmp_path / "gone")  # listed, then gone
    server = EmbeddedServer(tmp_path, watchdog_base=20.0)
    assert server._watchdog_seconds() == 21.0
    assert EmbeddedServer(tmp_path / "new", watchdog_base=20.0)._watchdog_seconds() == 20.0
