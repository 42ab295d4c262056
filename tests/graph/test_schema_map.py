"""The map for writing Cypher (``mandates schema``, ``GET /schema``), answers that do not depend on
how a question is written, whole keys in tables, and errors that name a missing parameter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mandate_lineage.api.app import create_app
from mandate_lineage.config import open_store
from mandate_lineage.errors import QueryError
from mandate_lineage.graph import schema
from mandate_lineage.graph.schema_map import schema_map
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.ingest.pipeline import bundled_corpus, ingest_paths
from mandate_lineage.output import format_rows
from tests.conftest import run_cli, settings_for


@pytest.fixture(scope="module")
def corpus(embedded_dir: Path):
    settings = settings_for("embedded", embedded_dir, graph="schema-map")
    store = open_store(settings)
    store.clear()
    assert not ingest_paths([bundled_corpus()], store).failed
    yield store, settings
    store.close()


def test_the_map_covers_every_label_and_type_with_direction_and_example() -> None:
    data = schema_map()
    assert [label["name"] for label in data["labels"]] == list(schema.NODE_LABELS)
    assert [rel["type"] for rel in data["relationships"]] == list(schema.REL_TYPES)
    assigns = next(rel for rel in data["relationships"] if rel["type"] == "ASSIGNS")
    assert ["Paragraph", "Body"] in assigns["patterns"] and "(activity)-[:ASSIGNS]->(body" in assigns["direction"]
    cites = next(rel for rel in data["relationships"] if rel["type"] == "CITES")
    assert "Paragraph" in cites["direction"] and {s for s, _ in cites["patterns"]} == {"Instrument", "Paragraph"}
    assert set(schema.EVIDENCE_PROPERTIES) <= set(data["relationshipProperties"])
    assert any("acronyms" in note for note in data["notes"])


def test_every_example_query_answers_on_the_corpus(corpus: tuple[GraphStore, object]) -> None:
    store, _ = corpus
    data = schema_map()
    empty = [item.get("name") or item.get("type") for item in data["labels"] + data["relationships"]
             if not store.read(item["example"]["query"], item["example"]["parameters"]).rows]
    assert empty == []


def test_the_same_question_gives_the_same_count_however_it_is_written(corpus: tuple[GraphStore, object]) -> None:
    """Two documents (002, 003) report that AG/RES. 2027 renewed the Working Group's mandate:
    one RENEWS relationship with two evidence entries, so count(*) and count(e) agree (3 and 4
    on the embedded store before)."""
    store, _ = corpus
    for type_ in schema.REL_TYPES:
        star = store.read(f"MATCH ()-[:{type_}]->() RETURN count(*)").rows[0][0]
        named = store.read(f"MATCH ()-[e:{type_}]->() RETURN count(e)").rows[0][0]
        ends = store.read(f"MATCH (a)-[:{type_}]->(b) RETURN count(b)").rows[0][0]
        assert star == named == ends, type_
    assert store.read("MATCH ()-[:RENEWS]->() RETURN count(*)").rows == [[3]]
    renewal = store.read("MATCH (:Instrument {key: 'oas:ag-res-2027-xxxiv-o-04'})-[e:RENEWS]->(:Body {key: 'oas:gt-tm'}) "
                         "RETURN e.evidenceDocuments").rows
    assert sorted(renewal[0][0]) == ["oas:program-migrants-2005-work-plan", "oas:program-migrants-2016"]
    parallel = store.read("MATCH (a)-[r]->(b) WITH a, type(r) AS t, b, count(r) AS c WHERE c > 1 RETURN count(*)").rows
    assert parallel == [[0]]


def test_every_evidence_entry_is_verbatim(corpus: tuple[GraphStore, object]) -> None:
    store, _ = corpus
    sources = {key: (bundled_corpus() / name).read_text(encoding="utf-8")
               for key, name in store.read("MATCH (d:Document) RETURN d.key, d.source").rows}
    rows = store.read("MATCH ()-[r]->() RETURN r.evidenceDocuments, r.evidenceStarts, r.evidenceEnds, r.evidenceQuotes, "
                      "r.key, r.evidenceKeys", row_cap=100_000).rows
    for docs, starts, ends, quotes, key, keys in rows:
        assert key == keys[0] and len(set(keys)) == len(keys) == len(docs) == len(starts) == len(quotes)
        for doc, start, end, quote in zip(docs, starts, ends, quotes):
            assert sources[doc][start:end] == quote


def test_schema_over_http_and_the_cli(corpus: tuple[GraphStore, object]) -> None:
    _, settings = corpus
    with TestClient(create_app(settings)) as client:
        data = client.get("/schema").json()
    assert data == json.loads(json.dumps(schema_map()))
    text = run_cli("schema").stdout
    assert ":Activity" in text and "[:ASSIGNS]" in text and "evidenceQuotes" in text


def test_tables_never_cut_a_key() -> None:
    key = "oas:program-migrants-2005-work-plan#wp-inter-american-commission-on-human-rights.4"
    text = format_rows(["key", "text", "keys"], [[key, "word " * 40, [key, key]]])
    assert text.count(key) == 3 and "…" in text  # the keys whole, the long sentence cut


def test_missing_parameters_are_named(corpus: tuple[GraphStore, object]) -> None:
    store, _ = corpus
    with pytest.raises(QueryError, match=r"Missing parameters: \$body"):
        store.read("MATCH (b:Body {key: $body}) RETURN b")
    with pytest.raises(QueryError, match=r"\$second") as info:
        store.read("RETURN $first, $second, '$quoted'", {"first": 1})
    assert "$first" not in str(info.value) and "$quoted" not in str(info.value)
