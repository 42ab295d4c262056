"""Issue 13, item 3, where the system cannot contain LOAD CSV: the clause is refused before it
reaches a database (a Neo4j server is not ours to close off; an embedded sandbox without a network
namespace of its own could connect anywhere), and neither a comment nor a string hides it."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from mandate_lineage.errors import QueryError
from mandate_lineage.graph import adhoc
from mandate_lineage.graph.cypher_guard import code_of, refuse_load_csv
from mandate_lineage.graph.falkordb_store import FalkorDBStore
from mandate_lineage.graph.store import GraphStore
from tests import conftest
from tests.security.test_adhoc_limits import Listener

REFUSED = [
    "LOAD CSV FROM 'https://example.org/x.csv' AS row RETURN row",
    "load csv with headers from $url as row return row",
    "MATCH (n) WITH n LIMIT 1\nLOAD\n  CSV FROM 'http://127.0.0.1:1/x' AS row RETURN row",
    "LOAD/* a comment */CSV FROM 'http://127.0.0.1:1/x' AS row RETURN row",
    "RETURN 1 AS x // harmless\nUNION LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row[0] AS x",
]
ALLOWED = [
    "RETURN 'LOAD CSV FROM here' AS said",
    'MATCH (p:Paragraph) WHERE p.text CONTAINS "load csv" RETURN p.key',
    "MATCH (`LOAD CSV` :Body) RETURN count(*)",
    "RETURN 1 // LOAD CSV FROM 'http://x'",
    "MATCH (n:Body) WHERE n.name = 'it''s' RETURN n.key /* LOAD CSV */",
    "MATCH (download:Body) WITH download AS csv RETURN csv.key",
]


@pytest.mark.parametrize("query", REFUSED)
def test_the_clause_is_refused_however_it_is_written(query: str) -> None:
    with pytest.raises(QueryError, match="LOAD CSV is refused"):
        refuse_load_csv(query)


@pytest.mark.parametrize("query", ALLOWED)
def test_strings_names_and_comments_that_say_load_csv_are_not_the_clause(query: str) -> None:
    refuse_load_csv(query)


def test_comments_and_strings_are_blanked_not_dropped() -> None:
    assert code_of("RETURN 'a' AS x /* c */ // d\n") == "RETURN _ AS x    \n"


def _no_connection(store: GraphStore, scheme: str) -> list[bytes]:
    listener = Listener()
    try:
        with pytest.raises(QueryError, match="LOAD CSV is refused"):
            store.adhoc_read(f"LOAD CSV FROM '{scheme}://127.0.0.1:{listener.port}/x.csv' AS row RETURN row",
                             timeout_ms=5000)
        time.sleep(0.5)  # a late connection would still be seen
    finally:
        listener.close()
    return listener.connections


@pytest.mark.parametrize("scheme", ["https", "http"])
def test_without_a_network_namespace_the_sandbox_path_refuses_it(hostile_store: FalkorDBStore, scheme: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(adhoc, "_ISOLATION", [])  # as on a system with user namespaces turned off
    assert _no_connection(hostile_store, scheme) == []
    assert hostile_store.adhoc_read("MATCH (n:Body) RETURN count(n)").rows == [[50]]  # other queries still run


def test_the_neo4j_path_refuses_it(neo4j_env: dict[str, str], embedded_dir: Path) -> None:
    with conftest.fresh_store("neo4j", embedded_dir) as store:
        assert _no_connection(store, "https") == []
