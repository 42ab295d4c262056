"""What only the Neo4j backend has: connection errors in the user's terms, routing URIs, the
version check, and the driver's retries of a managed transaction. Against a real Neo4j 5."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from mandate_lineage.config import Settings, open_store
from mandate_lineage.errors import ConfigError, StoreUnavailable
from mandate_lineage.graph.neo4j_store import Neo4jStore, check_version
from mandate_lineage.graph.store import GraphStore
from tests.conftest import fresh_store


@pytest.fixture
def neo4j_store(neo4j_env: dict[str, str], tmp_path: Path) -> GraphStore:
    store = fresh_store("neo4j", tmp_path)
    yield store
    store.close()


def test_a_wrong_password_is_one_clear_line(neo4j_env: dict[str, str]) -> None:
    store = Neo4jStore(neo4j_env["NEO4J_URI"], neo4j_env.get("NEO4J_USER", "neo4j"), "not-the-password")
    with pytest.raises(StoreUnavailable, match=r"refused user 'neo4j': wrong user or password") as caught:
        store.open()
    assert "\n" not in str(caught.value)


def test_an_unreachable_server_is_one_clear_line() -> None:
    import socket

    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    store = Neo4jStore(f"bolt://127.0.0.1:{port}", "neo4j", "x")
    with pytest.raises(StoreUnavailable, match=rf"cannot reach Neo4j at bolt://127.0.0.1:{port}") as caught:
        store.open()
    assert "\n" not in str(caught.value)


def test_a_bad_uri_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="bad NEO4J_URI"):
        Neo4jStore("http://127.0.0.1:7474", "neo4j", "x").open()


@pytest.mark.parametrize("versions, ok", [(["5.26.30"], True), (["2025.01.0"], True), (["4.4.30"], False),
                                          (["3.5.35"], False)])
def test_neo4j_older_than_5_is_refused_by_version(versions: list[str], ok: bool) -> None:
    if ok:
        assert check_version(versions, "bolt://x") == versions[0]
    else:
        with pytest.raises(StoreUnavailable, match=rf"version {versions[0]}; mandate-lineage needs Neo4j 5 or newer"):
            check_version(versions, "bolt://x")


def test_the_server_reports_its_version(neo4j_store: GraphStore) -> None:
    assert int(neo4j_store.describe()["serverVersion"].split(".")[0]) >= 5


def test_a_routing_uri_reads_and_writes(neo4j_env: dict[str, str], neo4j_store: GraphStore) -> None:
    routing = neo4j_env["NEO4J_URI"].replace("bolt://", "neo4j://", 1).replace("bolt+s://", "neo4j+s://", 1)
    settings = Settings.from_env(env={**neo4j_env, "NEO4J_URI": routing}, store="neo4j")
    with open_store(settings) as store:
        store.upsert_nodes("Body", [{"key": "oas:cam", "props": {"name": "CAM"}}])
        assert store.read("MATCH (b:Body) RETURN b.name").rows == [["CAM"]]
    assert neo4j_store.read("MATCH (b:Body) RETURN count(b)").rows == [[1]]


def test_writers_that_deadlock_are_retried_until_both_commit(neo4j_store: GraphStore) -> None:
    # Two writers touching the same nodes in opposite orders deadlock on Neo4j's locks; the server
    # aborts one (a transient error) and the managed transaction runs it again.
    keys = [f"b{i}" for i in range(200)]
    neo4j_store.upsert_nodes("Body", [{"key": k, "props": {"n": 0}} for k in keys])
    errors: list[BaseException] = []

    def writer(order: list[str], value: int) -> None:
        try:
            for _ in range(15):
                neo4j_store.upsert_nodes("Body", [{"key": k, "props": {"n": value}} for k in order])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(keys, 1)), threading.Thread(target=writer, args=(keys[::-1], 2))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[:1]
    values = {row[0] for row in neo4j_store.read("MATCH (b:Body) RETURN b.n").rows}
    assert values <= {1, 2} and neo4j_store.counts().nodes == 200
