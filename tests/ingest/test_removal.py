"""Removing an ingested document leaves the graph an ingest without it gives (real embedded store).

For each file of the sample corpus: ingest the corpus, remove the document, and compare every
node and relationship (keys, labels, every property, the evidence lists and the recomputed
text-reuse scores included) with a fresh ingest of the other four files.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mandate_lineage.api.app import create_app
from mandate_lineage.config import Settings, open_store
from mandate_lineage.errors import NotFound
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.ingest.pipeline import bundled_corpus, ingest_paths
from mandate_lineage.ingest.removal import remove_document
from tests.conftest import run_cli, settings_for

CORPUS = bundled_corpus()
FILES = sorted(p.name for p in CORPUS.glob("*.txt"))
NODES = "MATCH (n) RETURN n.key AS key, labels(n) AS labels, properties(n) AS props"
RELS = "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.key AS source, b.key AS target, properties(r) AS props"
# A quoted summit commitment is one node for every document that quotes it, and holds the place
# of the quote in the least-keyed document that quotes it (its wording, position, offsets, heading,
# the words introducing it), whatever the order of ingest. 001 and 003 both quote the First
# Summit's pledge, and the node holds 001's place: removing 001 must leave 003's.
SHARED_QUOTE = "summit:1:plan-of-action#q-bdd0df2c3b"


def dump(store: GraphStore) -> tuple[dict[str, dict], dict[tuple, dict]]:
    nodes = {key: {"labels": sorted(labels), **props} for key, labels, props in store.read(NODES, row_cap=10**7).rows}
    rels = {(t, s, d): props for t, s, d, props in store.read(RELS, row_cap=10**7).rows}
    return nodes, rels


def fresh(settings: Settings) -> GraphStore:
    store = open_store(settings)
    store.clear()
    return store


@pytest.fixture(scope="module")
def graphs(embedded_dir: Path) -> tuple[Settings, Settings]:
    return (settings_for("embedded", embedded_dir, graph="removal-a"),
            settings_for("embedded", embedded_dir, graph="removal-b"))


@pytest.mark.parametrize("victim", FILES)
def test_removing_a_document_equals_an_ingest_without_it(victim: str, graphs, tmp_path: Path) -> None:
    with fresh(graphs[0]) as removed, fresh(graphs[1]) as without:
        assert not ingest_paths([CORPUS], removed).failed
        before = dump(removed)
        key = removed.read("MATCH (d:Document {source: $s}) RETURN d.key", {"s": victim}).rows[0][0]
        report = remove_document(removed, key)
        shutil.copy(CORPUS / "manifest.toml", tmp_path)
        for name in FILES:
            if name != victim:
                shutil.copy(CORPUS / name, tmp_path / name)
        assert not ingest_paths([tmp_path], without).failed
        got, want = dump(removed), dump(without)
    assert len(got[0]) < len(before[0]) and report.paragraphs > 0 and not report.kept_as_stub
    assert key not in got[0]
    assert not any(key in json.dumps(props) for props in got[1].values()), "a link still names the document"
    assert got[1] == want[1]
    assert set(got[0]) == set(want[0])
    assert {k for k in got[0] if got[0][k] != want[0][k]} == set()
    if victim.startswith("001"):
        assert before[0][SHARED_QUOTE]["sourceDocument"] == key  # 001 is the least-keyed of its two quoters
    if SHARED_QUOTE in before[0] and before[0][SHARED_QUOTE]["sourceDocument"] == key:
        assert got[0][SHARED_QUOTE]["sourceDocument"] != key  # the place is the next quoting document's


CITED = "AG/RES. 2999 (XLIX-O/19)"
MANIFEST = """
[[document]]
file = "a.txt"
key = "oas:ag-res-2999-xlix-o-19"
kind = "resolution"
title = "Strengthening the Rapporteurship"
symbol = "AG/RES. 2999 (XLIX-O/19)"
body = "oas:general-assembly"
date = "2019-06-28"
language = "en"

[[document]]
file = "b.txt"
key = "oas:ag-res-3001-l-o-20"
kind = "resolution"
title = "Follow-up"
symbol = "AG/RES. 3001 (L-O/20)"
body = "oas:general-assembly"
date = "2020-10-21"
language = "en"
"""
A_TEXT = ("THE GENERAL ASSEMBLY,\n\nRESOLVES:\n\n1. To instruct the Permanent Council to hold a special meeting on "
          "the rights of migrant workers and their families.\n")
B_TEXT = (f"THE GENERAL ASSEMBLY,\n\nRECALLING resolution {CITED};\n\nRESOLVES:\n\n"
          "1. To request the Inter-American Commission on Human Rights to report on the implementation of this "
          "resolution.\n")


def test_a_document_another_still_cites_stays_as_a_stub(graphs, tmp_path: Path) -> None:
    folder = tmp_path / "both"
    folder.mkdir()
    (folder / "manifest.toml").write_text(MANIFEST, encoding="utf-8")
    (folder / "a.txt").write_text(A_TEXT, encoding="utf-8")
    (folder / "b.txt").write_text(B_TEXT, encoding="utf-8")
    with fresh(graphs[0]) as store:
        assert not ingest_paths([folder], store).failed
        key = "oas:ag-res-2999-xlix-o-19"
        assert store.read("MATCH (p:Paragraph)-[:CITES]->(:Document {key: $k}) RETURN count(p)", {"k": key}).rows == [[1]]
        report = remove_document(store, CITED)  # by its symbol
        assert report.key == key and report.kept_as_stub
        node = store.read("MATCH (i:Instrument {key: $k}) RETURN labels(i), i.stub, i.source, i.title", {"k": key}).rows
        assert node and "Document" not in node[0][0] and node[0][1] is True and node[0][2] is None
        assert store.read("MATCH (:Paragraph {document: $k}) RETURN count(*)", {"k": key}).rows == [[0]]
        # the citing document's link is still there; the Permanent Council mandate of a.txt is not
        assert store.read("MATCH (p:Paragraph)-[:CITES]->(:Instrument {key: $k}) RETURN p.document", {"k": key}).rows == [
            ["oas:ag-res-3001-l-o-20"]]
        assert store.read("MATCH (:Paragraph {document: $k})-[:MANDATES]->(b:Body) RETURN b.key", {"k": key}).rows == []
        with pytest.raises(NotFound, match="no ingested document"):
            remove_document(store, CITED)  # a stub is not a document to remove


def test_remove_from_the_cli_and_over_http(graphs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = graphs[0]
    with fresh(settings) as store:
        assert not ingest_paths([CORPUS], store).failed
    env = {"MANDATES_GRAPH": settings.graph}
    result = run_cli("remove", "004_32ce6b0b3a7314ed.txt", "--yes", data_dir=settings.data_dir, env=env)
    assert result.returncode == 0, result.stderr
    assert "Removed un:a-res-68-179" in result.stdout
    again = run_cli("remove", "un:a-res-68-179", "--yes", data_dir=settings.data_dir, env=env)
    assert again.returncode == 1 and again.stderr.startswith("Error: no ingested document")

    monkeypatch.setenv("MANDATES_API_KEY", "s3cret")
    with TestClient(create_app(settings)) as client:
        assert client.delete("/documents/oas:program-migrants-2016").status_code == 401
        response = client.delete("/documents/oas:program-migrants-2016", headers={"X-API-Key": "s3cret"})
        assert response.status_code == 200, response.text
        assert response.json()["key"] == "oas:program-migrants-2016" and response.json()["paragraphs"] > 100
        assert client.get("/documents/oas:program-migrants-2016").status_code == 404
        assert client.delete("/documents/oas:no-such-document", headers={"X-API-Key": "s3cret"}).status_code == 404
        assert {d["id"] for d in client.get("/documents").json()} == {
            "oas:draft-res-2007-migrant-workers-usa", "oas:cajp-gt-tm-work-plan-2004", "oas:program-migrants-2005-work-plan"}
