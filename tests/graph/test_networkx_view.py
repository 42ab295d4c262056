"""The networkx view on the real embedded store: loading, and lineage equal to LineageService's."""

from __future__ import annotations

import doctest
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from mandate_lineage.config import open_store
from mandate_lineage.errors import NotFound, ReadOnlyViolation
from mandate_lineage.graph import networkx_view
from mandate_lineage.graph.batch import WriteBatch
from mandate_lineage.graph.networkx_view import (
    GraphViewError,
    downstream,
    institutional_root,
    load_graph,
    load_query,
    origins,
    upstream,
)
from mandate_lineage.graph.schema import EVIDENCE_PROPERTIES
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.ingest.pipeline import bundled_corpus, ingest_paths
from mandate_lineage.queries.lineage import DEFAULT_DEPTH, MAX_NODES, LineageService
from tests.conftest import settings_for

ACT_28 = "oas:program-migrants-2016#act-28"
# The service is asked for its largest answer (MAX_NODES) where it must equal the networkx walk,
# which has no node limit.
WORK_PLAN_2005 = "oas:program-migrants-2005-work-plan"


def fresh_store(embedded_dir: Path, graph: str) -> GraphStore:
    store = open_store(settings_for("embedded", embedded_dir, graph=graph))
    store.clear()
    return store


@pytest.fixture(scope="module")
def corpus_store(embedded_dir: Path) -> Iterator[GraphStore]:
    store = fresh_store(embedded_dir, "nx-view-corpus")
    report = ingest_paths([bundled_corpus()], store)
    assert not report.failed, [o.error for o in report.failed]
    yield store
    store.close()


@pytest.fixture(scope="module")
def corpus_graph(corpus_store: GraphStore) -> nx.MultiDiGraph:
    return load_graph(corpus_store)


@pytest.fixture
def small_store(embedded_dir: Path) -> Iterator[GraphStore]:
    store = fresh_store(embedded_dir, "nx-view-small")
    yield store
    store.close()


def test_docstring_examples_run() -> None:
    result = doctest.testmod(networkx_view, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 10 and result.failed == 0


# --- load_graph -----------------------------------------------------------------------------------
def test_load_graph_holds_every_node_and_relationship(corpus_store: GraphStore, corpus_graph: nx.MultiDiGraph) -> None:
    counts = corpus_store.counts()
    assert (corpus_graph.number_of_nodes(), corpus_graph.number_of_edges()) == (counts.nodes, counts.relationships)
    by_type = {}
    for _, _, type_ in corpus_graph.edges(data="type"):
        by_type[type_] = by_type.get(type_, 0) + 1
    assert by_type == counts.relationships_by_type


def test_nodes_carry_labels_and_properties(corpus_store: GraphStore, corpus_graph: nx.MultiDiGraph) -> None:
    (row,) = corpus_store.read("MATCH (n:Instrument {key: $k}) RETURN n", {"k": "oas:program-migrants-2016"}).rows
    node = corpus_graph.nodes["oas:program-migrants-2016"]
    assert node["labels"] == sorted(row[0]["labels"])
    assert {**node, "key": "oas:program-migrants-2016"} == {**row[0]["properties"], "labels": node["labels"]}


def test_edges_are_keyed_by_relationship_key_and_carry_evidence(corpus_graph: nx.MultiDiGraph) -> None:
    for source, target, key, data in corpus_graph.edges(keys=True, data=True):
        assert key and "key" not in data
        assert set(EVIDENCE_PROPERTIES) <= set(data), (source, target, key)
        assert data["kind"] in {"institutional", "textual", "structural"}
    kinds = {data["type"]: data["kind"] for _, _, data in corpus_graph.edges(data=True)}
    assert (kinds["QUOTES"], kinds["MANDATES"], kinds["PART_OF"]) == ("textual", "institutional", "structural")


def test_two_nodes_sharing_a_key_are_refused(small_store: GraphStore) -> None:
    batch = WriteBatch()
    batch.add_nodes("Body", [{"key": "oas:x", "props": {"name": "a body"}}])
    batch.add_nodes("Instrument", [{"key": "oas:x", "props": {"name": "an instrument"}}])
    small_store.load(batch)
    with pytest.raises(GraphViewError, match="two nodes share the key 'oas:x'"):
        load_graph(small_store)


# --- load_query -----------------------------------------------------------------------------------
def test_load_query_builds_the_graph_of_returned_paths(corpus_store: GraphStore) -> None:
    G = load_query(corpus_store, "MATCH p = (a:Paragraph {key: $k})-[:PART_OF]->(d) RETURN p", {"k": ACT_28})
    assert list(G.edges(data="type")) == [(ACT_28, "oas:program-migrants-2016", "PART_OF")]
    assert "Activity" in G.nodes[ACT_28]["labels"]


def test_load_query_places_a_bare_relationship_between_its_ends(corpus_store: GraphStore, corpus_graph: nx.MultiDiGraph) -> None:
    G = load_query(corpus_store, "MATCH ()-[r:QUOTES]->() RETURN collect(r) AS quotes")
    expected = [(u, v, k) for u, v, k, t in corpus_graph.edges(keys=True, data="type") if t == "QUOTES"]
    assert sorted(G.edges(keys=True)) == sorted(expected)
    for u, v, k in expected:
        assert G.edges[u, v, k] == corpus_graph.edges[u, v, k]
        assert G.nodes[u] == corpus_graph.nodes[u]


def test_load_query_ignores_scalars(corpus_store: GraphStore) -> None:
    G = load_query(corpus_store, "MATCH (n:Summit) RETURN n.key AS key, {node: n} AS wrapped")
    assert sorted(G) == sorted(k for (k,) in corpus_store.read("MATCH (n:Summit) RETURN n.key").rows)


def test_load_query_is_read_only(corpus_store: GraphStore) -> None:
    with pytest.raises(ReadOnlyViolation):
        load_query(corpus_store, "CREATE (n:Body {key: 'oas:new'}) RETURN n")


# --- lineage: the same answers as LineageService --------------------------------------------------
@pytest.mark.parametrize("depth", [1, 2, 3, DEFAULT_DEPTH])
def test_upstream_of_act_28_is_the_lineage_service_walk(corpus_store: GraphStore, corpus_graph: nx.MultiDiGraph,
                                                        depth: int) -> None:
    walk = LineageService(corpus_store).walk(ACT_28, direction="upstream", depth=depth, limit=MAX_NODES)
    view = upstream(corpus_graph, ACT_28, depth)
    assert set(view) == set(walk.nodes)
    assert {key for _, _, key in view.edges(keys=True)} == set(walk.edges)


@pytest.mark.parametrize("depth", [1, 3])
def test_downstream_is_the_lineage_service_walk(corpus_store: GraphStore, corpus_graph: nx.MultiDiGraph, depth: int) -> None:
    walk = LineageService(corpus_store).walk(WORK_PLAN_2005, direction="downstream", depth=depth, limit=MAX_NODES)
    view = downstream(corpus_graph, WORK_PLAN_2005, depth)
    assert set(view) == set(walk.nodes) and len(view) > 1
    assert {key for _, _, key in view.edges(keys=True)} == set(walk.edges)


def test_bodies_walk_like_the_lineage_service(corpus_store: GraphStore, corpus_graph: nx.MultiDiGraph) -> None:
    service = LineageService(corpus_store)
    bodies = [n for n, labels in corpus_graph.nodes(data="labels") if "Body" in labels]
    assert bodies
    for body in bodies:
        assert set(upstream(corpus_graph, body, 3)) == set(service.walk(body, direction="upstream", depth=3, limit=MAX_NODES).nodes)
        assert set(downstream(corpus_graph, body, 3)) == set(service.walk(body, direction="downstream", depth=3, limit=MAX_NODES).nodes)


def test_origins_and_institutional_root_are_the_lineage_service_answers(corpus_store: GraphStore,
                                                                        corpus_graph: nx.MultiDiGraph) -> None:
    with_textual_origins = [n for n in corpus_graph if origins(corpus_graph, n, DEFAULT_DEPTH) != [n]]
    assert with_textual_origins  # the corpus quotes earlier commitments
    service = LineageService(corpus_store)
    for key in [ACT_28, WORK_PLAN_2005, *with_textual_origins]:
        expected = service.lineage(key, depth=DEFAULT_DEPTH)
        assert origins(corpus_graph, key, DEFAULT_DEPTH) == [n["id"] for n in expected.origins], key
        root = expected.institutional_root["id"] if expected.institutional_root else None
        assert institutional_root(corpus_graph, key, DEFAULT_DEPTH) == root, key


def test_unbounded_upstream_contains_every_bounded_one(corpus_graph: nx.MultiDiGraph) -> None:
    assert set(upstream(corpus_graph, ACT_28, 2)) <= set(upstream(corpus_graph, ACT_28))
    assert set(upstream(corpus_graph, ACT_28, 0)) == {ACT_28}


def test_lineage_of_an_unknown_key_is_not_found(corpus_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(NotFound, match="no node with id 'oas:nothing'"):
        upstream(corpus_graph, "oas:nothing")


def test_a_negative_depth_is_refused(corpus_graph: nx.MultiDiGraph) -> None:
    with pytest.raises(ValueError, match="depth must be a non-negative integer"):
        downstream(corpus_graph, ACT_28, -1)
