"""A document's own links are written optimistically (created whole, ``evidence.create_part``); a
link that already existed with other evidence fails that statement whole and the write merges
(``GraphStore.write``); either way the relationship is the one the merging write gives."""

from __future__ import annotations

import pytest

from mandate_lineage.errors import QueryError
from mandate_lineage.graph.batch import NodeWrite, WriteBatch
from mandate_lineage.graph.store import GraphStore
from tests.graph.test_store_contract import evidence, snapshot

PARAGRAPH = "oas:ag-res-1#op-1"
BODY = "oas:permanent-council"


def own_batch(entries: list[tuple[str, str, int]]) -> WriteBatch:
    """A document's write as the ingest makes it: its own paragraph written whole (``replace``), a
    body, and ``MANDATES`` evidence entries ``(key, document, start)`` from the paragraph to the body."""
    batch = WriteBatch()
    batch.nodes.append(NodeWrite(("Paragraph",), [{"key": PARAGRAPH, "props": {"text": "To instruct the Council"}}],
                                 replace=True))
    batch.add_nodes("Body", [{"key": BODY, "props": {"name": "Permanent Council"}}])
    batch.add_relationships("MANDATES", "Paragraph", "Body", [
        {"source": PARAGRAPH, "target": BODY, "key": key, "props": evidence(doc=doc, start=start)}
        for key, doc, start in entries])
    return batch


def made_ahead(store: GraphStore, batch: WriteBatch) -> WriteBatch:
    encoder = store.batch_encoder()
    assert encoder is not None, "each backend makes its statements ahead"
    batch.encoded = encoder(batch)
    return batch


def links(store: GraphStore) -> list:
    return store.read("MATCH (:Paragraph)-[r:MANDATES]->(:Body) RETURN properties(r)").rows


def test_an_own_link_that_exists_with_other_evidence_is_merged_not_replaced(store: GraphStore) -> None:
    store.write(own_batch([("m1", "oas:ag-res-1", 0)]))  # written at write time: the merging write
    before = snapshot(store)
    later = made_ahead(store, own_batch([("m2", "oas:ag-res-0", 40)]))
    with pytest.raises(QueryError):  # the optimistic statement alone meets the link and is refused whole
        store._write_encoded(later.encoded, None)
    assert snapshot(store) == before
    store.write(later)  # refused, then written again merging
    [[props]] = links(store)
    assert props["evidenceKeys"] == ["m2", "m1"]  # stored order: document, start, key
    assert props["evidenceStarts"] == [40, 0]
    assert (props["key"], props["evidenceDocument"], props["evidenceStart"]) == ("m2", "oas:ag-res-0", 40)


@pytest.mark.parametrize("entries", [
    # Python orders "oas:a" before "oas:a-b"; the stored order compares "oas:a|..." with
    # "oas:a-b|..." and '-' sorts before '|'
    [("k1", "oas:a", 5), ("k2", "oas:a-b", 5)],
    [("k1", "oas:a", 10), ("k2", "oas:a", 9), ("k3", "oas:a", 100)],
])
def test_a_new_link_is_written_in_the_order_the_merging_write_sorts_it(store: GraphStore, entries) -> None:
    for entry in entries:  # one entry per write: each later one merged and re-sorted in Cypher
        store.write(own_batch([entry]))
    merged = snapshot(store)
    store.clear()
    store.write(made_ahead(store, own_batch(entries)))  # created whole, its lists sorted before sending
    assert snapshot(store) == merged
    [[props]] = links(store)
    assert len(props["evidenceKeys"]) == len(entries)
