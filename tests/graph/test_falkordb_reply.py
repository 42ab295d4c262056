"""The embedded store reads replies itself (``graph/falkordb_reply.py``): every value must come out
as the falkordb client's own parser, turned plain, gives it."""

from __future__ import annotations

from pathlib import Path

import pytest
from falkordb.query_result import QueryResult as ClientResult

from mandate_lineage.graph.falkordb_reply import client_plain, read_reply
from mandate_lineage.graph.falkordb_store import FalkorDBStore

SETUP = ("CREATE (a:Paragraph:Activity {key: 'a', text: 'Énfasis \"quoted\" \\\\ back', n: 3, x: 0.25, ok: true, "
         "tags: ['x', 'y'], empty: ''})-[:ECHOES {similarity: 0.61, quote: 'q', start: 0}]->"
         "(b:Paragraph {key: 'b'}), (:Body)")
QUERIES = [
    "MATCH (n) RETURN n ORDER BY n.key",
    "MATCH (a)-[r]->(b) RETURN a, r, b, type(r), properties(r)",
    "RETURN null, 'text', 7, -2, true, false, 1.5, [1, 'two', [3.0, null]], {k: 1, m: {n: [true]}}",
    "MATCH p = (:Paragraph {key: 'a'})-[:ECHOES]->() RETURN p",
    "RETURN point({latitude: 1.5, longitude: 2.5})",
    "RETURN vecf32([1.0, 2.0])",
    "MATCH (n:Paragraph) RETURN collect(n), collect(properties(n))",
    "MATCH (n) WHERE n.key = 'none' RETURN n",
]


@pytest.fixture(scope="module")
def graph(embedded_dir: Path):
    store = FalkorDBStore(embedded_dir, graph="reply-test").open()
    store.clear()
    store.write_statement(SETUP)
    try:
        yield store._graph
    finally:
        store.clear()
        store.close()


@pytest.mark.parametrize("query", QUERIES)
def test_values_read_as_the_client_reads_them(graph, query: str) -> None:
    raw = graph.execute_command("GRAPH.RO_QUERY", graph.name, query, "--compact")
    columns, rows, truncated = read_reply(graph, raw)
    client = ClientResult(graph, graph.execute_command("GRAPH.RO_QUERY", graph.name, query, "--compact"))
    assert rows == [[client_plain(v) for v in row] for row in client.result_set]
    assert columns == [str(h[1]) for h in client.header] and not truncated


def test_a_row_cap_truncates_and_says_so(graph) -> None:
    raw = graph.execute_command("GRAPH.RO_QUERY", graph.name, "UNWIND range(1, 5) AS i RETURN i", "--compact")
    assert read_reply(graph, raw, row_cap=2) == (["i"], [[1], [2]], True)


def test_a_write_without_return_has_no_rows(graph) -> None:
    raw = graph.execute_command("GRAPH.QUERY", graph.name, "MATCH (n:Nothing) SET n.x = 1", "--compact")
    assert read_reply(graph, raw) == ([], [], False)
