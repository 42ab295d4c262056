"""The ingest end to end, on each real store (embedded and Neo4j): the graph the analyst sees.

Expectations are read from the sample texts (line numbers of the files in comments), not from
the code's output.
"""

from __future__ import annotations

import shutil
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from mandate_lineage.config import open_store
from mandate_lineage.errors import QueryError
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.ingest.building.build import CorpusContext, build_document_graph
from mandate_lineage.ingest.identity.metadata import load_manifest
from mandate_lineage.ingest.parse import parse_document
from mandate_lineage.ingest.pipeline import bundled_corpus, ingest_paths
from mandate_lineage.ingest.readers.sources import read_source
from tests import conftest
from tests.conftest import SharedGraph, settings_for

CORPUS = bundled_corpus()
DRAFT = "oas:draft-res-2007-migrant-workers-usa"
PROGRAM_2016 = "oas:program-migrants-2016"
PROGRAM_2005 = "oas:program-migrants-2005"
UN_RES = "un:a-res-68-179"


def fresh_store(embedded_dir: Path, graph: str) -> GraphStore:
    store = open_store(settings_for("embedded", embedded_dir, graph=graph))
    store.clear()
    return store


def _ingest_corpus(store: GraphStore) -> None:
    report = ingest_paths([CORPUS], store)
    assert not report.failed, [o.error for o in report.failed]


@pytest.fixture(scope="module")
def corpus_graph(module_backend: str, embedded_dir: Path):
    graph = SharedGraph(module_backend, embedded_dir, "ingest-corpus", _ingest_corpus)
    yield graph
    graph.close()


@pytest.fixture
def corpus_store(corpus_graph: SharedGraph) -> GraphStore:
    """The bundled corpus, ingested once per backend (again on Neo4j after a test took it over)."""
    return corpus_graph.ensure()


@pytest.fixture
def new_store(module_backend: str, embedded_dir: Path):
    """``new_store(graph)``: an empty store of the module's backend."""
    return lambda graph: conftest.fresh_store(module_backend, embedded_dir, graph)


def edges(store: GraphStore, type_: str, source: str | None = None) -> set[tuple[str, str]]:
    query = f"MATCH (a)-[r:{type_}]->(b) RETURN a.key, b.key"
    rows = store.read(query, row_cap=1_000_000).rows
    return {(a, b) for a, b in rows if source is None or a == source or a.startswith(source + "#")}


# --- evidence -----------------------------------------------------------------------------------
def test_every_edge_quote_is_verbatim_in_its_file_at_its_offsets(corpus_store: GraphStore) -> None:
    sources = {key: (CORPUS / name).read_text(encoding="utf-8") for key, name in
               corpus_store.read("MATCH (d:Document) RETURN d.key, d.source").rows}
    rows = corpus_store.read(
        "MATCH ()-[r]->() RETURN type(r), r.evidenceDocument, r.evidenceStart, r.evidenceEnd, r.evidenceQuote, "
        "r.evidenceParagraph, r.rule, r.confidence", row_cap=1_000_000).rows
    assert len(rows) > 800
    for type_, doc, start, end, quote, paragraph, rule, confidence in rows:
        assert doc in sources, (type_, doc)
        assert quote and sources[doc][start:end] == quote, (type_, rule, doc, start, end, quote[:60])
        assert paragraph and rule and 0 < confidence <= 1


def test_paragraph_offsets_point_at_their_text(corpus_store: GraphStore) -> None:
    sources = {key: (CORPUS / name).read_text(encoding="utf-8") for key, name in
               corpus_store.read("MATCH (d:Document) RETURN d.key, d.source").rows}
    rows = corpus_store.read("MATCH (p:Paragraph) RETURN coalesce(p.sourceDocument, p.document), p.start, p.end, "
                             "coalesce(p.originalText, p.text)", row_cap=100_000).rows
    assert len(rows) > 500
    for doc, start, end, text in rows:
        assert sources[doc][start:end] == text


# --- structure -------------------------------------------------------------------------------------
ACTORS_2016 = {  # 002 lines 83-158: the actor heading above each activity
    **{n: "oas:general-secretariat" for n in (1, 2, 3)},
    **{n: "oas:cam" for n in (4, 5, 6)},
    **{n: "oas:iachr" for n in range(7, 12)},
    **{n: "oas:cim" for n in (12, 13, 14)},
    **{n: "oas:iin" for n in (15, 16)},
    **{n: "oas:paho" for n in range(17, 21)},
    **{n: "collective:oas-member-states" for n in range(21, 43)},  # "B. OAS MEMBER STATES"
}


def test_the_2016_program_assigns_42_activities_each_to_its_actor(corpus_store: GraphStore) -> None:
    rows = corpus_store.read(
        "MATCH (prog:Program {key: $p})-[:ASSIGNS]->(a:Activity)-[r:ASSIGNS]->(b:Body) "
        "RETURN a.number, collect(b.key)", {"p": PROGRAM_2016}).rows
    assigned = {int(number): set(bodies) for number, bodies in rows}
    assert sorted(assigned) == list(range(1, 43))
    assert {n: bodies for n, bodies in assigned.items()} == {n: {body} for n, body in ACTORS_2016.items()}


# 003: "The Program assigns the following N specific activities to X:" blocks
WORK_PLAN_COUNTS = {
    "oas:iachr": 4, "oas:iachr-rapporteurship-migrant-workers": 4, "oas:cim": 5, "oas:iin": 2,
    "oas:department-education-culture-science-technology": 4, "oas:summits-department": 2,
    "oas:secretariat-political-affairs": 7,
}


def test_work_plan_activities_belong_to_the_2005_program_and_its_bodies(corpus_store: GraphStore) -> None:
    rows = corpus_store.read(
        "MATCH (:Program {key: $p})-[:ASSIGNS]->(a:Activity)-[:ASSIGNS]->(b:Body) RETURN b.key, count(DISTINCT a)",
        {"p": PROGRAM_2005}).rows
    counts = dict(rows)
    for body, expected in WORK_PLAN_COUNTS.items():
        assert counts.get(body) == expected, (body, counts)
    dates = corpus_store.read("MATCH (a:Activity) WHERE a.program = $p RETURN DISTINCT a.date", {"p": PROGRAM_2005}).rows
    assert dates == [["2005-06-07"]]  # dated by the program's adoption (AG/RES. 2141), not the work plan


# 000 RESOLVES: the addressee of each operative paragraph that instructs, requests, entrusts or urges
DRAFT_ADDRESSEES = {
    "op-3": {"collective:oas-member-states"}, "op-4": {"collective:oas-member-states"},
    "op-7": {"collective:oas-member-states"}, "op-9": {"collective:oas-member-states"},
    "op-10": {"oas:permanent-council"}, "op-11": {"oas:secretary-general"},
    "op-12": {"collective:oas-organs-agencies-entities"}, "op-13": {"collective:oas-member-states"},
    "op-15": {"collective:oas-organs-agencies-entities"}, "op-16": {"oas:cajp"},
    "op-17": {"collective:oas-member-states"}, "op-18": {"oas:iachr"},
    "op-19": {"collective:oas-member-states"}, "op-20": {"collective:oas-member-states"},
    "op-21": {"oas:permanent-council"},
}
# 004: operative paragraphs addressed to someone other than States
UN_ADDRESSEES = {
    "op-13": {"un:cmw"},  # "Invites the Chair of the Committee on the Protection of the Rights of All Migrant Workers"
    "op-16": {"un:secretary-general"},  # "Requests the Secretary-General to submit ... a report"
    "op-9.d": {"collective:un-system"},  # "Calls upon the United Nations system"
    "op-1": {"collective:un-member-states"}, "op-4.a": {"collective:un-member-states"},
    "op-4.c": {"collective:un-member-states"}, "op-6": {"collective:un-member-states"},
}


def _addressees(store: GraphStore, doc: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = defaultdict(set)
    for source, target in edges(store, "MANDATES", doc):
        if target.startswith(("oas:", "un:", "collective:")) and "#" in source and "program" not in target:
            found[source.split("#", 1)[1]].add(target)
    return found


def test_addressees_of_the_draft_resolution(corpus_store: GraphStore) -> None:
    found = _addressees(corpus_store, DRAFT)
    assert {k: v for k, v in found.items()} == DRAFT_ADDRESSEES


def test_addressees_of_the_un_resolution(corpus_store: GraphStore) -> None:
    found = _addressees(corpus_store, UN_RES)
    for paragraph, bodies in UN_ADDRESSEES.items():
        assert found[paragraph] == bodies, paragraph
    assert sum(1 for k in found if k.startswith("op-")) >= 20


@pytest.mark.parametrize("type_, source, target, why", [
    ("ADOPTS", "oas:ag-res-2141-xxxv-o-05", PROGRAM_2005, "002: through resolution AG/RES. 2141 ..., adopted the Program"),
    ("CREATES", "oas:ag-res-2738-xlii-o-12", "oas:cam", "002: Pursuant to AG/RES. 2738 ..., the CAM was created"),
    ("RENEWS", "oas:ag-res-2027-xxxiv-o-04", "oas:gt-tm", "002/003: instructed the PC to renew the mandate of the Working Group"),
    ("RENEWS", UN_RES, "un:a-res-67-172", "004: the most recent of which is resolution 67/172"),
    ("REVISES", PROGRAM_2016, PROGRAM_2005, "002 revises the program; CAM instructed to review it"),
    ("MANDATES", "oas:ag-res-1928-xxxiii-o-03", PROGRAM_2005, "003: AG/RES. 1928 instructed the PC to begin to prepare the Program"),
    ("MANDATES", "oas:ag-res-2027-xxxiv-o-04", PROGRAM_2005, "002: so that it might draft the proposed Program"),
    ("MANDATES", "oas:ag-res-2738-xlii-o-12", "oas:cam", "002: Under this same resolution, the CAM was instructed"),
    ("MANDATES", "oas:ag-res-2738-xlii-o-12", PROGRAM_2016 + "#act-4", "002 activity 4: Mandate from resolution AG/RES. 2738"),
])
def test_institutional_acts_named_in_the_texts(corpus_store: GraphStore, type_: str, source: str, target: str,
                                               why: str) -> None:
    assert (source, target) in edges(corpus_store, type_), why


def test_the_third_summit_commitment_mandates_the_program(corpus_store: GraphStore) -> None:
    rows = corpus_store.read(
        "MATCH (q:Paragraph)-[:PART_OF]->(:SummitInstrument {key: 'summit:3:plan-of-action'}) "
        "MATCH (q)-[:MANDATES]->(p:Program) RETURN DISTINCT p.key").rows
    assert rows == [[PROGRAM_2005]]


def test_quoted_commitments_belong_to_the_quoted_instrument(corpus_store: GraphStore) -> None:
    rows = corpus_store.read(
        "MATCH (q:Paragraph)-[r:PART_OF]->(:SummitInstrument {key: 'summit:2:plan-of-action'}) "
        "RETURN q.text, q.sourceDocument, r.evidenceDocument").rows
    vienna = [row for row in rows if "Vienna Convention on Consular Relations" in row[0]]
    assert len(vienna) == 1
    assert vienna[0][1] == vienna[0][2] == "oas:cajp-gt-tm-work-plan-2004"


def test_a_document_never_cites_itself(corpus_store: GraphStore) -> None:
    for doc in (DRAFT, PROGRAM_2016, UN_RES):
        assert not [e for e in edges(corpus_store, "CITES", doc) if e[1] == doc]


def test_cited_instruments_are_stubs_and_documents_are_not(corpus_store: GraphStore) -> None:
    stubs = dict(corpus_store.read("MATCH (i:Instrument) RETURN i.key, i.stub", row_cap=10_000).rows)
    assert stubs["oas:ag-res-2141-xxxv-o-05"] is True
    assert stubs[DRAFT] is False and stubs[UN_RES] is False
    assert "unresolved:ag-doc-xxx-07" in stubs  # placeholders stay unresolved but visible


def test_manifest_facts_and_inference_are_recorded(corpus_store: GraphStore) -> None:
    row = corpus_store.read("MATCH (d:Document {key: $k}) RETURN d.date, d.symbol, d.body, d.inferred, d.source",
                            {"k": UN_RES}).rows[0]
    assert row[:3] == ["2013-12-18", "A/RES/68/179", "un:general-assembly"]
    assert row[3] in (None, [])  # nothing inferred: the manifest gives it all
    assert row[4] == "004_32ce6b0b3a7314ed.txt"


# --- idempotent, incremental, atomic -----------------------------------------------------------
def _snapshot(store: GraphStore) -> tuple:
    nodes = store.read("MATCH (n) RETURN n.key, labels(n), properties(n) ORDER BY n.key", row_cap=10**6).rows
    rels = store.read("MATCH (a)-[r]->(b) RETURN r.key, a.key, type(r), b.key, properties(r) ORDER BY r.key",
                      row_cap=10**6).rows
    return [[k, sorted(labels), p] for k, labels, p in nodes], rels


def test_ingesting_twice_changes_nothing(new_store) -> None:
    store = new_store("ingest-twice")
    try:
        ingest_paths([CORPUS], store)
        before = _snapshot(store)
        report = ingest_paths([CORPUS], store)
        assert Counter(o.status for o in report.outcomes) == {"unchanged": 5}
        assert _snapshot(store) == before
        forced = ingest_paths([CORPUS], store, force=True)  # rewriting everything also converges
        assert Counter(o.status for o in forced.outcomes) == {"replaced": 5}
        assert _snapshot(store) == before
    finally:
        store.close()


def test_adding_a_file_links_it_and_fills_the_stub_in_place(new_store, tmp_path: Path) -> None:
    store = new_store("ingest-incremental")
    try:
        ingest_paths([CORPUS], store)
        cited_before = edges(store, "CITES")
        assert any(t == "oas:ag-res-2141-xxxv-o-05" for _, t in cited_before)
        text = ("AG/RES. 2141 (XXXV-O/05)\n\nINTER-AMERICAN PROGRAM FOR THE PROMOTION AND PROTECTION OF THE HUMAN "
                "RIGHTS OF MIGRANTS\n\n(Adopted at the fourth plenary session, held on June 7, 2005)\n\n"
                "THE GENERAL ASSEMBLY,\n\nRESOLVES:\n\n1. To adopt the Inter-American Program.\n\n"
                "2. To instruct the Permanent Council to follow up on this resolution.\n")
        new = tmp_path / "ag-res-2141.txt"
        new.write_text(text, encoding="utf-8")
        report = ingest_paths([new], store)
        assert [o.status for o in report.outcomes] == ["ingested"]
        assert report.outcomes[0].key == "oas:ag-res-2141-xxxv-o-05"
        row = store.read("MATCH (n:Instrument {key: 'oas:ag-res-2141-xxxv-o-05'}) RETURN n.stub, labels(n), "
                         "n.date, n.inferred").rows
        assert len(row) == 1
        stub, labels, date, inferred = row[0]
        assert stub is False and "Document" in labels and date == "2005-06-07"
        assert {"genre", "symbol", "date", "body"} <= set(inferred)
        assert cited_before <= edges(store, "CITES")  # what cited the stub now cites the document
        assert ("oas:ag-res-2141-xxxv-o-05#op-2", "oas:permanent-council") in edges(store, "MANDATES")
    finally:
        store.close()


def test_a_changed_file_replaces_its_old_version_whole(new_store, tmp_path: Path) -> None:
    store = new_store("ingest-changed")
    try:
        folder = tmp_path / "corpus"
        folder.mkdir()
        shutil.copy(CORPUS / "000_e98abcfe31e404be.txt", folder / "draft.txt")
        ingest_paths([folder], store)
        doc = store.read("MATCH (d:Document) RETURN d.key").rows[0][0]
        original = (folder / "draft.txt").read_text(encoding="utf-8")
        cut = original.index("21. To request the Permanent Council")
        (folder / "draft.txt").write_text(original[:cut], encoding="utf-8")
        report = ingest_paths([folder], store)
        assert [o.status for o in report.outcomes] == ["replaced"]
        ops = {r[0] for r in store.read("MATCH (p:Paragraph {document: $d, kind: 'operative'}) RETURN p.localId",
                                        {"d": doc}).rows}
        assert "op-20" in ops and "op-21" not in ops
        stale = store.read("MATCH ()-[r]->() WHERE r.evidenceDocument = $d AND r.evidenceEnd > $n RETURN count(r)",
                           {"d": doc, "n": cut}).rows
        assert stale == [[0]]
    finally:
        store.close()


def test_a_document_write_that_fails_leaves_nothing(new_store) -> None:
    """The document's own parts are written first, then a last part the database itself refuses
    (a map is no property value in either backend): nothing of the document may remain. (A 1 ms
    time limit made this fail on a fast machine, where Neo4j finished the write within it.)"""
    store = new_store("ingest-atomic")
    try:
        manifest = load_manifest(CORPUS)
        path = CORPUS / "003_4d307232e6960949.txt"
        graph = build_document_graph(parse_document(read_source(path), manifest.documents[path.name]),
                                     CorpusContext.from_manifests([manifest]))
        batch = graph.batch
        assert batch.nodes and batch.relationships
        batch.encoded = None
        batch.add_nodes("Body", [{"key": "oas:refused-body", "props": {"name": {"not": "a property value"}}}])
        with pytest.raises(QueryError):
            store.write(batch, validated=True)  # past the client's checks, so the database refuses it
        assert store.counts().nodes == 0
        assert store.read("MATCH ()-[r]->() RETURN count(r)").rows == [[0]]
    finally:
        store.close()


# --- bad input ------------------------------------------------------------------------------------
BAD_FILES = {
    "empty.txt": (b"", "empty file"),
    "blank.txt": (b"  \n\n\t\n", "empty file"),
    "binary.txt": (b"\x00\x01\x02PK\x03\x04" * 200, "binary file"),
    "latin1.txt": ("Résolution de l'Assemblée générale".encode("latin-1"), "not UTF-8 text"),
    "scan.pdf": (b"%PDF-1.7 ...", "malformed PDF"),
    "digits.txt": (b"1234 5678\n", "no letters"),
}


def test_bad_files_fail_with_one_line_and_the_others_load(new_store, tmp_path: Path) -> None:
    store = new_store("ingest-bad")
    try:
        ingest_paths([CORPUS / "004_32ce6b0b3a7314ed.txt"], store)
        before = _snapshot(store)
        for name, (data, _) in BAD_FILES.items():
            (tmp_path / name).write_bytes(data)
        (tmp_path / "huge.txt").write_text("word " * 8000, encoding="utf-8")  # 40 KB
        shutil.copy(CORPUS / "000_e98abcfe31e404be.txt", tmp_path / "good.txt")
        report = ingest_paths([tmp_path, tmp_path / "missing.txt"], store, max_bytes=30_000)
        by_name = {o.path.name: o for o in report.outcomes}
        assert by_name["good.txt"].status == "ingested"
        expected = {**{n: why for n, (_, why) in BAD_FILES.items()}, "huge.txt": "too large",
                    "missing.txt": "no such file"}
        for name, why in expected.items():
            outcome = by_name[name]
            assert outcome.status == "failed" and why in outcome.error and name in outcome.error
            assert "\n" not in outcome.error
        after = _snapshot(store)
        assert [n for n in after[0] if n[0].startswith(UN_RES)] == [n for n in before[0] if n[0].startswith(UN_RES)]
    finally:
        store.close()


def test_evidence_names_the_paragraph_that_holds_the_quote(corpus_store: GraphStore) -> None:
    rows = corpus_store.read(
        "MATCH ()-[r]->() WHERE r.evidenceParagraph CONTAINS '#' "
        "RETURN r.evidenceParagraph, r.evidenceDocument, r.evidenceStart, r.evidenceEnd, r.rule",
        row_cap=1_000_000).rows
    # a quoted passage shared by two documents keeps the offsets of one of them: compare in that one
    spans = {(key, doc): (start, end) for key, doc, start, end in corpus_store.read(
        "MATCH (p:Paragraph) RETURN p.key, coalesce(p.sourceDocument, p.document), p.start, p.end",
        row_cap=100_000).rows}
    checked = 0
    for paragraph, document, start, end, rule in rows:
        if (paragraph, document) in spans and not rule.startswith("reuse:"):
            checked += 1
            p_start, p_end = spans[paragraph, document]
            assert p_start <= start and end <= p_end, (paragraph, rule, start, end, (p_start, p_end))
    assert checked > 800


def test_a_renamed_body_keeps_both_names_with_their_dates(corpus_store: GraphStore) -> None:
    # Executive Order No. 05-13 Rev. 1 (December 15, 2005) renamed the Office of Education,
    # Science, and Technology
    row = corpus_store.read("MATCH (b:Body {key: $k}) RETURN b.names, b.namesFrom, b.namesTo",
                            {"k": "oas:department-education-culture-science-technology"}).rows[0]
    names, starts, ends = row
    assert len(names) == len(starts) == len(ends) == 2
    assert ends[0] == starts[1] == "2005-12-15"


def test_a_broken_manifest_is_reported_and_its_files_still_load(new_store, tmp_path: Path) -> None:
    store = new_store("ingest-bad-manifest")
    try:
        shutil.copy(CORPUS / "004_32ce6b0b3a7314ed.txt", tmp_path / "un.txt")
        (tmp_path / "manifest.toml").write_text('[[document]]\nfile = "un.txt"\ndate = "2013-02-30"\n', encoding="utf-8")
        report = ingest_paths([tmp_path], store)
        statuses = {o.path.name: (o.status, o.error) for o in report.outcomes}
        assert statuses["un.txt"][0] == "ingested"
        status, error = statuses["manifest.toml"]
        assert status == "failed" and "manifest.toml" in error and "2013-02-30" in error
    finally:
        store.close()
