"""Exports on the real embedded store: every format written and read back gives the same graph."""

from __future__ import annotations

import doctest
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from mandate_lineage.config import open_store
from mandate_lineage.graph import export as export_module
from mandate_lineage.graph import export_cypher
from mandate_lineage.graph.batch import WriteBatch
from mandate_lineage.graph.export import (
    FORMATS,
    ExportError,
    export,
    read_graphml,
    read_node_link_json,
)
from mandate_lineage.graph.export_cypher import split_statements
from mandate_lineage.graph.networkx_view import load_graph
from mandate_lineage.graph.schema import EVIDENCE_PROPERTIES, REL_TYPES
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.ingest.pipeline import bundled_corpus, ingest_paths
from tests import conftest
from tests.conftest import SharedGraph, settings_for

# Everything a literal, a CSV field or an XML text can trip over.
TRICKY = "It's “curly” and \"straight\"; back\\slash \\n not a newline,\nreal newline\r\n\ttab, é 中 😀, {x: 1} // no comment"


def fresh_store(embedded_dir: Path, graph: str) -> GraphStore:
    store = open_store(settings_for("embedded", embedded_dir, graph=graph))
    store.clear()
    return store


def evidence(quote: str, start: int = 0) -> dict[str, Any]:
    return {"evidenceDocument": "oas:ag-res-1", "evidenceParagraph": "oas:ag-res-1#op-1", "evidenceStart": start,
            "evidenceEnd": start + len(quote), "evidenceQuote": quote, "rule": "test", "confidence": 0.9}


def tricky_batch() -> WriteBatch:
    batch = WriteBatch()
    batch.add_nodes(("Document", "Resolution"), [{"key": "oas:ag-res-1", "props": {
        "title": TRICKY, "date": "2005-06-07", "stub": False, "paragraphCount": 2**40, "score": 1e-05, "empty": ""}}])
    batch.add_nodes("Paragraph", [{"key": "oas:ag-res-1#op-1", "props": {"text": TRICKY, "position": 0}}])
    batch.add_nodes("Body", [{"key": "oas:it's-a-body", "props": {
        "name": "Body; with a semicolon", "names": ["A; B", "C|D", "“E”"], "years": [1959, 2005]}}])
    batch.add_relationships("PART_OF", "Paragraph", "Document",
                            [{"source": "oas:ag-res-1#op-1", "target": "oas:ag-res-1", "key": "p'1", "props": evidence(TRICKY)}])
    batch.add_relationships("MANDATES", "Paragraph", "Body", [
        {"source": "oas:ag-res-1#op-1", "target": "oas:it's-a-body", "key": "m1", "props": evidence(TRICKY, 3)},
        {"source": "oas:ag-res-1#op-1", "target": "oas:it's-a-body", "key": "m2", "props": {**evidence("x", 40), "mention": ""}},
    ])
    return batch


def _ingest_corpus(store: GraphStore) -> None:
    report = ingest_paths([bundled_corpus()], store)
    assert not report.failed, [o.error for o in report.failed]


# The exported store is each backend in turn; the Cypher script is replayed into an embedded graph
# (Neo4j Community has one database; tests/neo4j replays a script into Neo4j).
@pytest.fixture(scope="module")
def corpus_graph(module_backend: str, embedded_dir: Path) -> Iterator[SharedGraph]:
    graph = SharedGraph(module_backend, embedded_dir, "export-corpus", _ingest_corpus)
    yield graph
    graph.close()


@pytest.fixture
def corpus_store(corpus_graph: SharedGraph) -> GraphStore:
    return corpus_graph.ensure()


@pytest.fixture(scope="module")
def tricky_graph(module_backend: str, embedded_dir: Path) -> Iterator[SharedGraph]:
    graph = SharedGraph(module_backend, embedded_dir, "export-tricky", lambda store: store.load(tricky_batch()))
    yield graph
    graph.close()


@pytest.fixture
def tricky_store(tricky_graph: SharedGraph) -> GraphStore:
    return tricky_graph.ensure()


@pytest.fixture
def cypher_target(embedded_dir: Path) -> Iterator[GraphStore]:
    store = fresh_store(embedded_dir, "export-cypher-target")
    yield store
    store.close()


# --- reading every format back --------------------------------------------------------------------
def read_back(fmt: str, path: Path, cypher_target: GraphStore) -> nx.MultiDiGraph:
    if fmt == "graphml":
        return read_graphml(path)
    if fmt == "json":
        return read_node_link_json(path)
    if fmt == "csv":
        return read_neo4j_admin_csv(path)
    run_cypher_script(cypher_target, path)
    return load_graph(cypher_target)


def run_cypher_script(store: GraphStore, path: Path) -> None:
    for statement in split_statements(path.read_text(encoding="utf-8")):
        store.write_statement(statement)


def snapshot(G: nx.MultiDiGraph) -> tuple[dict, dict]:
    """Nodes and edges with every attribute; ``kind`` left out (derived, not stored)."""
    nodes = {n: {**data, "labels": sorted(data["labels"])} for n, data in G.nodes(data=True)}
    edges = {(u, v, k): {a: x for a, x in data.items() if a != "kind"} for u, v, k, data in G.edges(keys=True, data=True)}
    return nodes, edges


def assert_same_graph(got: nx.MultiDiGraph, expected: nx.MultiDiGraph) -> None:
    assert (got.number_of_nodes(), got.number_of_edges()) == (expected.number_of_nodes(), expected.number_of_edges())
    got_nodes, got_edges = snapshot(got)
    want_nodes, want_edges = snapshot(expected)
    assert {n: d["labels"] for n, d in got_nodes.items()} == {n: d["labels"] for n, d in want_nodes.items()}
    assert {e: d["type"] for e, d in got_edges.items()} == {e: d["type"] for e, d in want_edges.items()}
    for edge, data in want_edges.items():
        assert {p: got_edges[edge][p] for p in EVIDENCE_PROPERTIES} == {p: data[p] for p in EVIDENCE_PROPERTIES}, edge
    assert got_nodes == want_nodes
    assert got_edges == want_edges


# --- a reader for the neo4j-admin CSV layout, as neo4j-admin parses it --------------------------------
def csv_records(text: str) -> Iterator[list[tuple[str, bool]]]:
    """Records of (field, was quoted): a quoted empty field is "", a bare one is no value."""
    record: list[tuple[str, bool]] = []
    i = 0
    while i < len(text):
        if text[i] == '"':
            end = i + 1
            while not (text[end] == '"' and text[end + 1:end + 2] != '"'):
                end += 2 if text[end] == '"' else 1
            record.append((text[i + 1:end].replace('""', '"'), True))
            i = end + 1
        else:
            end = min(j for j in (text.find(",", i), text.find("\n", i), len(text)) if j >= 0)
            record.append((text[i:end], False))
            i = end
        if i < len(text) and text[i] == "\n":
            yield record
            record = []
        i += 1


ADMIN_ROLES = {"ID", "LABEL", "START_ID", "END_ID", "TYPE"}


def typed(field: tuple[str, bool], column_type: str, delimiter: str) -> Any:
    text, quoted = field
    if not text and not quoted:
        return None
    if column_type.endswith("[]"):
        return [typed((item, True), column_type[:-2], delimiter) for item in text.split(delimiter)]
    return {"long": int, "double": float, "boolean": lambda t: t == "true"}.get(column_type, str)(text)


def read_neo4j_admin_csv(directory: Path) -> nx.MultiDiGraph:
    delimiter = re.search(r"--array-delimiter='(.)'", (directory / "import.sh").read_text()).group(1)
    G = nx.MultiDiGraph()
    for path in sorted(directory.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:  # keep a \r inside a quoted field
            header, *rows = csv_records(fh.read())
        columns = [name.partition(":") for name, _ in header]  # (property, ":", type or role)
        for row in rows:
            roles: dict[str, Any] = {}
            props: dict[str, Any] = {}
            for (name, _, kind), field in zip(columns, row, strict=True):
                if kind in ADMIN_ROLES:
                    roles[kind] = field[0]
                    if name:  # "key:ID" is both the ID and the key property
                        props[name] = field[0]
                elif (value := typed(field, kind, delimiter)) is not None:
                    props[name] = value
            if "ID" in roles:
                G.add_node(props.pop("key"), labels=roles["LABEL"].split(delimiter), **props)
            else:
                G.add_edge(roles["START_ID"], roles["END_ID"], key=props.pop("key"), type=roles["TYPE"],
                           kind=REL_TYPES[roles["TYPE"]].kind, **props)
    return G


# --- round trips ----------------------------------------------------------------------------------
def out_path(tmp_path: Path, fmt: str) -> Path:
    return tmp_path / ("csv" if fmt == "csv" else f"graph.{fmt}")


@pytest.mark.parametrize("fmt", FORMATS)
def test_corpus_round_trips(fmt: str, corpus_store: GraphStore, cypher_target: GraphStore, tmp_path: Path) -> None:
    original = load_graph(corpus_store)
    summary = export(corpus_store, fmt, out_path(tmp_path, fmt))
    assert (summary.nodes, summary.relationships) == (original.number_of_nodes(), original.number_of_edges())
    assert all(path.is_file() for path in summary.files)
    back = read_back(fmt, summary.out, cypher_target)
    assert_same_graph(back, original)
    # the quotes with curly quotes and newlines came back verbatim
    quotes = [q for _, _, q in original.edges(data="evidenceQuote") if "\n" in q and ("’" in q or "“" in q)]
    assert quotes and set(quotes) <= {q for _, _, q in back.edges(data="evidenceQuote")}


@pytest.mark.parametrize("fmt", FORMATS)
def test_awkward_values_round_trip(fmt: str, tricky_store: GraphStore, cypher_target: GraphStore, tmp_path: Path) -> None:
    summary = export(tricky_store, fmt, out_path(tmp_path, fmt))
    back = read_back(fmt, summary.out, cypher_target)
    assert_same_graph(back, load_graph(tricky_store))
    assert back.nodes["oas:ag-res-1#op-1"]["text"] == TRICKY


def test_cypher_script_recreates_the_store_counts(corpus_store: GraphStore, cypher_target: GraphStore, tmp_path: Path) -> None:
    summary = export(corpus_store, "cypher", tmp_path / "graph.cypher")
    run_cypher_script(cypher_target, summary.out)
    assert cypher_target.counts() == corpus_store.counts()
    run_cypher_script(cypher_target, summary.out)  # MERGE on key: a second run changes nothing
    assert cypher_target.counts() == corpus_store.counts()


# --- what each file looks like --------------------------------------------------------------------
def test_cypher_statements_end_with_a_semicolon_line(tricky_store: GraphStore, tmp_path: Path) -> None:
    text = export(tricky_store, "cypher", tmp_path / "g.cypher").out.read_text(encoding="utf-8")
    statements = split_statements(text)
    assert text.count("\n;\n") == len(statements) == 5  # 3 label sets and 2 relationship patterns
    assert all(s.startswith("UNWIND [") for s in statements)
    assert "CREATE CONSTRAINT" in text and all(line.startswith("//") for line in text.split("\n\n")[0].splitlines())
    assert "\\n" in text and "'It\\'s “curly”" in text


def test_csv_layout_is_what_neo4j_admin_reads(tricky_store: GraphStore, tmp_path: Path) -> None:
    summary = export(tricky_store, "csv", tmp_path / "csv")
    assert sorted(p.name for p in summary.files) == sorted([
        "nodes_Body.csv", "nodes_Document_Instrument_Resolution.csv", "nodes_Paragraph.csv",
        "relationships_MANDATES.csv", "relationships_PART_OF.csv", "import.sh"])
    headers = {p.name: p.read_text(encoding="utf-8").split("\n", 1)[0] for p in summary.files if p.suffix == ".csv"}
    assert headers["nodes_Body.csv"] == "key:ID,:LABEL,name,names:string[],years:long[]"
    assert headers["nodes_Document_Instrument_Resolution.csv"].startswith(
        "key:ID,:LABEL,date,empty,paragraphCount:long,score:double,stub:boolean")
    assert headers["relationships_PART_OF.csv"] == (
        ":START_ID,:END_ID,:TYPE,key,confidence:double,evidenceConfidences:double[],evidenceDocument,"
        "evidenceDocuments:string[],evidenceEnd:long,evidenceEnds:long[],evidenceKeys:string[],evidenceParagraph,"
        "evidenceParagraphs:string[],evidenceQuote,evidenceQuotes:string[],evidenceRules:string[],evidenceStart:long,"
        "evidenceStarts:long[],rule")
    script = (summary.out / "import.sh").read_text()
    assert "neo4j-admin database import full" in script and "--multiline-fields=true" in script
    assert "--array-delimiter='¦'" in script  # ';' and '|' occur inside the names
    assert all(f"={p.name}" in script for p in summary.files if p.suffix == ".csv")


def test_csv_loses_empty_lists(small_graph_store: GraphStore, tmp_path: Path) -> None:
    batch = WriteBatch()
    batch.add_nodes("Body", [{"key": "oas:b", "props": {"names": []}}])
    small_graph_store.load(batch)
    export(small_graph_store, "csv", tmp_path / "csv")
    assert "names" not in read_neo4j_admin_csv(tmp_path / "csv").nodes["oas:b"]


def test_graphml_types_its_attributes_and_encodes_lists(tricky_store: GraphStore, tmp_path: Path) -> None:
    text = export(tricky_store, "graphml", tmp_path / "g.graphml").out.read_text(encoding="utf-8")
    for name, type_ in (("labels.json", "string"), ("names.json", "string"), ("paragraphCount", "long"),
                        ("score", "double"), ("stub", "boolean"), ("evidenceStart", "long"), ("confidence", "double")):
        assert re.search(f'attr.name="{re.escape(name)}" attr.type="{type_}"', text), name
    assert "&#13;" in text  # a carriage return survives XML's line-end normalisation


def test_graphml_refuses_a_control_character(small_graph_store: GraphStore, tmp_path: Path) -> None:
    small_graph_store.upsert_nodes("Body", [{"key": "oas:b", "props": {"name": "form\x0cfeed"}}])
    with pytest.raises(ExportError, match="property 'name' holds a control character XML cannot carry"):
        export(small_graph_store, "graphml", tmp_path / "g.graphml")


def test_an_unknown_format_is_refused_before_reading(tricky_store: GraphStore, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="unknown export format 'gexf'; choose one of graphml, json, csv, cypher"):
        export(tricky_store, "gexf", tmp_path / "g.gexf")


@pytest.mark.parametrize("module", [export_module, export_cypher])
def test_docstring_examples_run(module: Any) -> None:
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


@pytest.fixture
def small_graph_store(module_backend: str, embedded_dir: Path) -> Iterator[GraphStore]:
    store = conftest.fresh_store(module_backend, embedded_dir, "export-small")
    yield store
    store.close()


def test_json_loads_with_networkx_default_call(corpus_store: GraphStore, tmp_path: Path) -> None:
    """`networkx.node_link_graph(data)`, no keyword, no warning: what a user of the file types."""
    import json
    import warnings

    path = export(corpus_store, "json", tmp_path / "graph.json").out
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        G = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")))
    assert G.is_directed() and G.is_multigraph()
    assert_same_graph(G, load_graph(corpus_store))
    assert G.number_of_edges() > 500
