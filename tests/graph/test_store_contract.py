"""One contract, every backend: what any GraphStore must do (embedded always, Neo4j with NEO4J_URI)."""

from __future__ import annotations

import threading

import pytest

from mandate_lineage.config import open_store
from mandate_lineage.errors import QueryError, QueryTimeout, ReadOnlyViolation, SchemaError
from mandate_lineage.graph.batch import WriteBatch
from mandate_lineage.graph.store import GraphStore
from tests.conftest import settings_for


def evidence(doc: str = "oas:ag-res-1", start: int = 0, quote: str = "To instruct") -> dict:
    return {
        "evidenceDocument": doc,
        "evidenceParagraph": f"{doc}#op-1",
        "evidenceStart": start,
        "evidenceEnd": start + len(quote),
        "evidenceQuote": quote,
        "rule": "test",
        "confidence": 0.9,
    }


def small_batch(title: str = "A resolution") -> WriteBatch:
    batch = WriteBatch()
    batch.add_nodes(("Document", "Resolution"), [{"key": "oas:ag-res-1", "props": {"title": title, "date": "2005-06-07", "stub": False}}])
    batch.add_nodes("Paragraph", [{"key": "oas:ag-res-1#op-1", "props": {"text": "To instruct the Permanent Council"}}])
    batch.add_nodes("Body", [{"key": "oas:permanent-council", "props": {"name": "Permanent Council"}}])
    batch.add_relationships("PART_OF", "Paragraph", "Document",
                            [{"source": "oas:ag-res-1#op-1", "target": "oas:ag-res-1", "key": "p1", "props": evidence()}])
    batch.add_relationships("MANDATES", "Paragraph", "Body",
                            [{"source": "oas:ag-res-1#op-1", "target": "oas:permanent-council", "key": "m1", "props": evidence()}])
    return batch


def snapshot(store: GraphStore) -> tuple:
    nodes = store.read("MATCH (n) RETURN n.key AS key, labels(n) AS labels, properties(n) AS props ORDER BY key").rows
    rels = store.read("MATCH (a)-[r]->(b) RETURN a.key, type(r), b.key, properties(r) ORDER BY r.key").rows
    return [[k, sorted(labels), p] for k, labels, p in nodes], rels


def test_upserts_are_idempotent(store: GraphStore) -> None:
    store.write(small_batch())
    first = snapshot(store)
    store.write(small_batch())
    assert snapshot(store) == first
    counts = store.counts()
    assert (counts.nodes, counts.relationships) == (3, 2)
    assert counts.nodes_by_label["Document"] == 1 and counts.relationships_by_type == {"MANDATES": 1, "PART_OF": 1}


def test_upsert_updates_properties_in_place(store: GraphStore) -> None:
    store.write(small_batch("old title"))
    store.write(small_batch("new title"))
    rows = store.read("MATCH (n:Instrument {key: $k}) RETURN n.title", {"k": "oas:ag-res-1"}).rows
    assert rows == [["new title"]]


def test_stub_is_filled_in_place_and_never_overwrites(store: GraphStore) -> None:
    stub = WriteBatch()
    stub.add_nodes("Instrument", [{"key": "oas:ag-res-1", "props": {"stub": True, "title": "cited"}}], create_only=True)
    store.write(stub)
    store.write(small_batch("ingested"))
    store.write(stub)  # a later document citing it again must not turn it back into a stub
    rows = store.read("MATCH (n:Instrument {key: 'oas:ag-res-1'}) RETURN n.title, n.stub, labels(n)").rows
    assert len(rows) == 1
    title, stub_flag, labels = rows[0]
    assert (title, stub_flag) == ("ingested", False)
    assert {"Document", "Resolution", "Instrument"} <= set(labels)


def test_other_evidence_for_a_link_is_an_entry_of_the_one_relationship(store: GraphStore) -> None:
    store.write(small_batch())
    more = WriteBatch()
    more.add_relationships("MANDATES", "Paragraph", "Body", [
        {"source": "oas:ag-res-1#op-1", "target": "oas:permanent-council", "key": "m2", "props": evidence(start=40)},
        {"source": "oas:ag-res-1#op-1", "target": "oas:permanent-council", "key": "m3", "props": evidence(start=50)}])
    store.write(more)
    store.write(more)  # writing the same evidence again changes nothing
    # FalkorDB collapses parallel edges when r is unused (CYPHER.md): with one relationship per
    # (source, type, target), every way of asking counts the same.
    for query in ("MATCH (:Paragraph)-[r:MANDATES]->(:Body) RETURN count(r)",
                  "MATCH (:Paragraph)-[:MANDATES]->(:Body) RETURN count(*)",
                  "MATCH (a:Paragraph)-[:MANDATES]->(b:Body) RETURN count(b)"):
        assert store.read(query).rows == [[1]], query
    rows = store.read("MATCH ()-[r:MANDATES]->() RETURN r.key, r.evidenceKeys, r.evidenceStarts, r.evidenceStart").rows
    first_key = rows[0][0]
    assert rows[0][1][0] == first_key and sorted(rows[0][1][1:]) == ["m2", "m3"] and len(rows[0][2]) == 3
    assert rows[0][3] == rows[0][2][0]  # the scalar evidence is the first entry's


def test_write_through_read_path_is_refused_and_writes_nothing(store: GraphStore) -> None:
    store.write(small_batch())
    before = snapshot(store)
    with pytest.raises(ReadOnlyViolation, match="read-only"):
        store.read("CREATE (n:Document {key: 'intruder'}) RETURN n")
    with pytest.raises(ReadOnlyViolation):
        store.read("MATCH (n:Instrument {key: 'oas:ag-res-1'}) SET n.title = 'changed' RETURN n")
    with pytest.raises(ReadOnlyViolation):
        store.read("MATCH (n) DETACH DELETE n")
    assert snapshot(store) == before


def test_values_only_travel_as_parameters(store: GraphStore) -> None:
    hostile = "x'}) DETACH DELETE n //"
    batch = WriteBatch()
    batch.add_nodes("Body", [{"key": hostile, "props": {"name": 'quote " and \\ backslash'}}])
    store.write(batch)
    rows = store.read("MATCH (n:Body {key: $k}) RETURN n.name", {"k": hostile}).rows
    assert rows == [['quote " and \\ backslash']]


def test_write_past_timeout_is_stopped_and_leaves_nothing(store: GraphStore) -> None:
    # Big enough to outlast Neo4j's transaction monitor, which checks time limits every 2 s:
    # a write done sooner is never stopped there, so the batch must take Neo4j longer than that.
    big = WriteBatch()
    big.add_nodes("Paragraph", [{"key": f"doc#p{i}", "props": {"text": "x" * 50, "n": i}} for i in range(150_000)])
    with pytest.raises(QueryTimeout, match="time limit"):
        store.write(big, timeout_ms=1)
    assert store.counts().nodes == 0


@pytest.mark.parametrize(
    "build, message",
    [
        (lambda b: b.add_nodes("Foo", [{"key": "k"}]), "undeclared node label 'Foo'"),
        (lambda b: b.add_relationships("LIKES", "Body", "Body", [{"source": "a", "target": "b", "key": "k", "props": evidence()}]),
         "undeclared relationship type 'LIKES'"),
        (lambda b: b.add_relationships("ADOPTS", "Body", "Body", [{"source": "a", "target": "b", "key": "k", "props": evidence()}]),
         r"pattern \(:Body\)-\[:ADOPTS\]->\(:Body\) is not allowed"),
        (lambda b: b.add_relationships("CITES", "Document", "Instrument", [{"source": "a", "target": "b", "key": "k", "props": {"rule": "x"}}]),
         "lacks evidence"),
        (lambda b: b.add_nodes("Body", [{"key": "b", "props": {"evidence": {"nested": "map"}}}]), "only str, int, float, bool"),
        (lambda b: b.add_nodes("Body", [{"key": "b", "props": {"snake_case": 1}}]), "not camelCase"),
        (lambda b: b.add_nodes(("Paragraph", "Body"), [{"key": "b"}]), "do not share one merge label"),
    ],
)
def test_schema_violation_is_refused_and_writes_nothing(store: GraphStore, build, message: str) -> None:
    batch = small_batch()
    build(batch)
    with pytest.raises(SchemaError, match=message):
        store.write(batch)
    assert store.counts().nodes == 0


def test_bad_query_is_a_query_error(store: GraphStore) -> None:
    with pytest.raises(QueryError):
        store.read("MATCH (n RETURN n")


def test_row_cap_truncates_and_says_so(store: GraphStore) -> None:
    store.upsert_nodes("Body", [{"key": f"b{i}", "props": {"name": str(i)}} for i in range(25)])
    result = store.read("MATCH (n:Body) RETURN n.key", row_cap=10)
    assert len(result.rows) == 10 and result.truncated
    assert not store.read("MATCH (n:Body) RETURN n.key", row_cap=25).truncated


def test_results_have_one_shape_on_every_backend(store: GraphStore) -> None:
    store.write(small_batch())
    row = store.read("MATCH p = (a:Paragraph)-[r:MANDATES]->(b:Body) RETURN a, r, p").rows[0]
    node, rel, path = row
    assert node["labels"] == ["Paragraph"] and node["properties"]["key"] == "oas:ag-res-1#op-1"
    assert rel["type"] == "MANDATES" and rel["properties"]["evidenceQuote"] == "To instruct"
    assert [n["properties"]["key"] for n in path["nodes"]] == ["oas:ag-res-1#op-1", "oas:permanent-council"]


def test_schema_setup_is_idempotent(store: GraphStore) -> None:
    store.setup_schema()
    store.setup_schema()
    store.write(small_batch())
    assert store.counts().nodes == 3


def test_clear_empties_the_graph(store: GraphStore) -> None:
    store.write(small_batch())
    store.clear()
    assert store.counts().nodes == 0 and store.counts().relationships == 0


WHOLE_DOCUMENT = ("MATCH (d:Document) OPTIONAL MATCH (p:Paragraph)-[r:PART_OF]->(d) "
                  "WITH d, count(r) AS parts RETURN d.paragraphCount AS expected, parts")


def one_document(paragraphs: int) -> WriteBatch:
    batch = WriteBatch()
    batch.add_nodes(("Document", "Resolution"), [{"key": "oas:ag-res-1", "props": {"paragraphCount": paragraphs}}])
    keys = [f"oas:ag-res-1#op-{i}" for i in range(paragraphs)]
    batch.add_nodes("Paragraph", [{"key": k, "props": {"text": "To instruct " * 20}} for k in keys])
    batch.add_relationships("PART_OF", "Paragraph", "Document",
                            [{"source": k, "target": "oas:ag-res-1", "key": f"{k}>", "props": evidence()} for k in keys])
    return batch


def test_a_reader_racing_the_first_write_of_a_fresh_graph_sees_a_whole_document(
        store: GraphStore, backend: str, embedded_dir) -> None:
    # FalkorDB plans a read before it locks: a plan made before PART_OF existed once saw the first
    # document without its paragraphs (6 fresh graphs in 30 here before the store declared its types).
    reader = open_store(settings_for(backend, embedded_dir), setup=False)
    seen: list[list] = []
    try:
        for _ in range(12):
            store.clear()
            done = threading.Event()

            def watch(done: threading.Event = done) -> None:
                while not done.is_set():
                    seen.extend(reader.read(WHOLE_DOCUMENT).rows)

            thread = threading.Thread(target=watch)
            thread.start()
            try:
                store.write(one_document(400))
            finally:
                done.set()
                thread.join()
    finally:
        reader.close()
    assert seen, "the reader never ran"
    assert all(parts == expected for expected, parts in seen), [r for r in seen if r[0] != r[1]][:3]
