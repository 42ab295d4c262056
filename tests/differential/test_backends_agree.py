"""The same input on both backends gives the same graph and the same answers.

The bundled corpus plus real documents from ``../shared/realworld/`` are ingested into the embedded
store and into Neo4j; every node, relationship and property must be equal, and so must every
lineage answer (upstream and downstream of every activity, document, body and summit: nodes,
edges, origins, institutional root, truncation). A Cypher export of the embedded graph replayed
into Neo4j must give the same graph again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from mandate_lineage.graph.export import export
from mandate_lineage.graph.export_cypher import split_statements
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.ingest.pipeline import bundled_corpus, ingest_paths
from mandate_lineage.queries.lineage import LineageService
from tests import conftest

REALWORLD = Path(__file__).resolve().parents[2].parent / "shared" / "realworld"
# Real documents: the two Los Angeles Declaration texts (English, Spanish) and official UN PDFs,
# among them two series pairs (79/109 -> 80/100, 79/3 -> 80/2) so RENEWS and series reuse are compared.
PDFS = ("un-ga-79/A_RES_79_109.pdf", "un-ga-80/A_RES_80_100.pdf", "un-ga-79/A_RES_79_3.pdf", "un-ga-80/A_RES_80_2.pdf",
        "un-ga-79/A_RES_79_217.pdf", "un-ga-79/A_RES_79_15.pdf", "un-ga-80/A_RES_80_14.pdf")
REAL_SAMPLE = sorted((REALWORLD / "summits").glob("*.md")) + [REALWORLD / name for name in PDFS if (REALWORLD / name).exists()]
SUBJECT_LABELS = ("Activity", "Document", "Body", "Summit")


def _inputs() -> list[Path]:
    if not REAL_SAMPLE:
        pytest.fail(f"no real documents under {REALWORLD / 'summits'} (CI has ../shared/realworld/)")
    return [bundled_corpus(), *REAL_SAMPLE]


def _ingest(store: GraphStore) -> None:
    report = ingest_paths(_inputs(), store)
    assert not report.failed, [o.error for o in report.failed]
    assert len(report.outcomes) == 5 + len(REAL_SAMPLE)


def snapshot(store: GraphStore) -> tuple[list, list]:
    nodes = store.read("MATCH (n) RETURN n.key, labels(n), properties(n) ORDER BY n.key", row_cap=10**7).rows
    rels = store.read("MATCH (a)-[r]->(b) RETURN r.key, type(r), a.key, b.key, properties(r) "
                      "ORDER BY r.key, type(r), a.key, b.key", row_cap=10**7).rows
    return [[key, sorted(labels), props] for key, labels, props in nodes], rels


def subjects(store: GraphStore) -> list[str]:
    keys: list[str] = []
    for label in SUBJECT_LABELS:
        keys += [row[0] for row in store.read(f"MATCH (n:{label}) RETURN n.key ORDER BY n.key", row_cap=10**6).rows]
    return keys


def answers(store: GraphStore, keys: list[str]) -> dict[str, Any]:
    service = LineageService(store)
    return {f"{direction} {key}": service.lineage(key, direction=direction).as_json()
            for key in keys for direction in ("upstream", "downstream")}


@pytest.fixture(scope="module")
def embedded(embedded_dir: Path) -> Iterator[GraphStore]:
    store = conftest.fresh_store("embedded", embedded_dir, "differential")
    _ingest(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def neo4j_graph(neo4j_env: dict[str, str], embedded_dir: Path) -> Iterator[conftest.SharedGraph]:
    graph = conftest.SharedGraph("neo4j", embedded_dir, "differential", _ingest)
    yield graph
    graph.close()


@pytest.fixture
def neo4j(neo4j_graph: conftest.SharedGraph) -> GraphStore:
    return neo4j_graph.ensure()


def test_every_node_relationship_and_property_is_equal(embedded: GraphStore, neo4j: GraphStore) -> None:
    left, right = snapshot(embedded), snapshot(neo4j)
    assert len(left[0]) > 700 and len(left[1]) > 1000  # the corpus and the declarations are there
    sources = {props.get("source") for _, labels, props in left[0] if "Document" in labels}
    assert {path.name for path in REAL_SAMPLE} <= sources
    assert left[0] == right[0]
    assert left[1] == right[1]
    assert embedded.counts() == neo4j.counts()


def test_every_lineage_answer_is_equal(embedded: GraphStore, neo4j: GraphStore) -> None:
    keys = subjects(embedded)
    assert keys == subjects(neo4j) and len(keys) > 100
    left, right = answers(embedded, keys), answers(neo4j, keys)
    differing = [name for name in left if left[name] != right[name]]
    assert not differing, f"{len(differing)} of {len(left)} answers differ, e.g. {differing[:5]}"
    assert sum(len(a["edges"]) for a in left.values()) > 1000  # the answers are not trivially empty


def test_a_cypher_export_replayed_into_neo4j_is_the_same_graph(embedded: GraphStore, neo4j_env: dict[str, str],
                                                               embedded_dir: Path, tmp_path: Path) -> None:
    summary = export(embedded, "cypher", tmp_path / "graph.cypher")
    with conftest.fresh_store("neo4j", embedded_dir) as target:
        for statement in split_statements(summary.out.read_text(encoding="utf-8")):
            # the test is of equality, not speed: a loaded machine took a statement past the 30 s default
            target.write_statement(statement, timeout_ms=600_000)
        assert snapshot(target) == snapshot(embedded)
