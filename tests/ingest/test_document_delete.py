"""Replacing (``--force``) or removing a document costs that document, not the store (issue 13,
item 5): its edges are found through an index on their evidence document, its paragraphs through
the index on their document."""

from __future__ import annotations

from pathlib import Path

import pytest

from mandate_lineage.graph import schema
from mandate_lineage.graph.falkordb_reply import read_reply  # noqa: F401 - the embedded backend is loaded
from mandate_lineage.graph.falkordb_store import FalkorDBStore, _params_header
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.ingest.pipeline import REPLACE_PREAMBLE, bundled_corpus, ingest_paths
from mandate_lineage.ingest.removal import MERGE_PARAMS, REMOVE_STATEMENT, TOUCHED, remove_document

RESOLUTION = "un:a-res-68-179"
RESOLUTION_FILE = "004_32ce6b0b3a7314ed.txt"


def snapshot(store: GraphStore) -> tuple[list, list]:
    nodes = store.read("MATCH (n) RETURN n.key, labels(n), properties(n) ORDER BY n.key", row_cap=10**7).rows
    rels = store.read("MATCH (a)-[r]->(b) RETURN r.key, a.key, type(r), b.key, properties(r) ORDER BY r.key",
                      row_cap=10**7).rows
    return [[k, sorted(labels), props] for k, labels, props in nodes], rels


def plan(store: FalkorDBStore, query: str, params: dict) -> list[str]:
    text = _params_header(params) + query
    return [str(step).strip() for step in store._call(
        lambda db, g: db.connection.execute_command("GRAPH.EXPLAIN", g.name, text))]


def test_replace_and_delete_look_up_every_edge_and_node_by_an_index(store: GraphStore) -> None:
    if not isinstance(store, FalkorDBStore):
        pytest.skip("plans are read from the embedded backend")
    assert not ingest_paths([bundled_corpus()], store).failed
    removal = {"docKey": RESOLUTION, "stubProps": {}, **{param: ["x"] for param in MERGE_PARAMS.values()}}
    # per type, the replace and the removal make one indexed lookup for the edges to delete and one
    # for those to update, and the removal's look-up of what it touches one per end; no scan
    for query, params in ((REPLACE_PREAMBLE + " RETURN 0", {"docKey": RESOLUTION, "keepKeys": []}),
                          (REMOVE_STATEMENT, removal), (TOUCHED, {"docKey": RESOLUTION})):
        steps = plan(store, query, params)
        assert not [s for s in steps if "All Node Scan" in s or "Label Scan" in s], steps
        edge_scans = [s for s in steps if s.startswith("Edge By Index Scan")]
        assert len(edge_scans) == 2 * len(schema.REL_TYPES), steps


def test_force_and_delete_then_ingest_give_the_graph_of_a_clean_ingest(store: GraphStore) -> None:
    assert not ingest_paths([bundled_corpus()], store).failed
    expected = snapshot(store)
    resolution = bundled_corpus() / RESOLUTION_FILE
    report = ingest_paths([resolution], store, force=True)
    assert [o.status for o in report.outcomes] == ["replaced"]
    assert snapshot(store) == expected

    remove_document(store, RESOLUTION)
    assert store.read("MATCH (p:Paragraph) WHERE p.document = $k RETURN count(p)", {"k": RESOLUTION}).rows[0][0] == 0
    assert store.read("MATCH ()-[r]->() WHERE r.evidenceDocument = $k RETURN count(r)",
                      {"k": RESOLUTION}).rows[0][0] == 0
    assert store.read("MATCH (d:Document {key: $k}) RETURN count(d)", {"k": RESOLUTION}).rows[0][0] == 0
    others = store.read("MATCH (d:Document) RETURN count(d)").rows[0][0]
    assert others == len(list(bundled_corpus().glob("*.txt"))) - 1

    ingest_paths([bundled_corpus()], store)
    assert snapshot(store) == expected


def test_a_document_removed_is_gone_from_a_store_that_holds_only_it(store: GraphStore, tmp_path: Path) -> None:
    (tmp_path / "alone.txt").write_text("THE GENERAL ASSEMBLY,\n\nRESOLVES:\n\n1. To thank the member states.\n")
    report = ingest_paths([tmp_path], store)
    key = report.outcomes[0].key
    remove_document(store, key)
    assert store.totals() == (0, 0)
