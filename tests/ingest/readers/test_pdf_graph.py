"""A real PDF ingested into the real embedded store: verbatim evidence against the stored text,
pages on paragraphs and evidence, footnotes as nodes linked from the paragraph holding their marker.

Expectations about A/RES/79/217 are read from the PDF: footnote 14 ("Resolution 217 A (III).") is
pointed at by the preambular paragraph "Reaffirming the Universal Declaration of Human Rights,14"
on page 3; operative paragraph 21 is on page 10.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mandate_lineage.config import open_store
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.ingest.pipeline import ingest_paths
from tests.conftest import settings_for
from tests.ingest.readers.realworld import realworld


@pytest.fixture(scope="module")
def pdf_store(embedded_dir: Path):
    store = open_store(settings_for("embedded", embedded_dir, graph="readers-pdf"))
    store.clear()
    report = ingest_paths([realworld("un-ga-79", "A_RES_79_217.pdf"), realworld("un-ga-79", "A_RES_79_104.pdf")], store)
    assert not report.failed, [o.error for o in report.failed]
    yield store
    store.close()


@pytest.fixture(scope="module")
def doc_key(pdf_store: GraphStore) -> str:
    """The key of A/RES/79/217's Document node (whatever the identity stage names it)."""
    (key,), = pdf_store.read("MATCH (d:Document {source: 'A_RES_79_217.pdf'}) RETURN d.key").rows
    return key


def _texts(store: GraphStore) -> dict[str, str]:
    return dict(store.read("MATCH (t:SourceText) RETURN t.document, t.text").rows)


def test_every_quote_of_every_edge_is_verbatim_at_its_offsets_in_the_stored_text(pdf_store: GraphStore) -> None:
    texts = _texts(pdf_store)
    assert len(texts) == 2
    rows = pdf_store.read("MATCH ()-[r]->() RETURN type(r), r.evidenceDocument, r.evidenceStart, r.evidenceEnd, "
                          "r.evidenceQuote, r.evidencePages, r.rule", row_cap=1_000_000).rows
    assert len(rows) > 200
    for type_, doc, start, end, quote, pages, rule in rows:
        assert quote and texts[doc][start:end] == quote, (type_, rule, doc, start, end, quote[:60])
        assert pages and all(isinstance(p, int) and p >= 1 for p in pages), (type_, rule, quote[:60])


def test_the_stored_text_is_the_readers_and_names_its_format(pdf_store: GraphStore, doc_key: str) -> None:
    (doc_text, fmt, pages, key), = pdf_store.read(
        "MATCH (d:Document {key: $key}) MATCH (t:SourceText {key: d.sourceText}) "
        "RETURN t.text, t.format, d.pageCount, t.key", {"key": doc_key}).rows
    assert fmt == "pdf" and pages == 10 and key == doc_key + "#text"
    assert "A/RES/79/217 International migration" not in doc_text  # the running header is not in it
    # listing documents never carries the text
    assert all("text" not in props for (props,) in pdf_store.read(
        "MATCH (d:Document) RETURN properties(d)").rows)


def test_paragraphs_record_their_pages(pdf_store: GraphStore, doc_key: str) -> None:
    rows = dict(pdf_store.read("MATCH (p:Paragraph {document: $key}) RETURN p.localId, p.pages", {"key": doc_key}).rows)
    assert rows["op-21"] == [10]
    assert rows["pre-1"] == [1, 2]  # "Recalling its resolutions 58/208 ..." runs onto page 2
    assert all(pages for pages in rows.values())


def test_footnotes_are_paragraphs_of_their_own_part_of_the_paragraph_with_the_marker(pdf_store: GraphStore, doc_key: str) -> None:
    notes = pdf_store.read(
        "MATCH (f:Paragraph {document: $key, kind: 'footnote'})-[:PART_OF]->(p:Paragraph) "
        "RETURN f.number, f.text, f.pages, p.text", {"key": doc_key}, row_cap=1000).rows
    assert len(notes) == 23
    by_number = {n: (text, pages, holder) for n, text, pages, holder in notes}
    text, pages, holder = by_number["14"]
    assert text == "Resolution 217 A (III)." and pages == [3]
    assert holder.startswith("Reaffirming the Universal Declaration of Human Rights")


def test_a_citation_only_in_a_footnote_is_cited_by_the_paragraph_with_the_marker(pdf_store: GraphStore, doc_key: str) -> None:
    rows = pdf_store.read(
        "MATCH (p:Paragraph {document: $key})-[r:CITES]->(i) WHERE r.rule STARTS WITH 'cite-footnote:' "
        "RETURN p.text, i.key, r.evidenceQuote, r.evidenceParagraph", {"key": doc_key}, row_cap=1000).rows
    by_target = {target: (text, quote, paragraph) for text, target, quote, paragraph in rows}
    # footnote 8: "Resolution 71/256, annex." (the New Urban Agenda) for "Reaffirming further the New Urban Agenda,8"
    text, quote, paragraph = by_target["un:a-res-71-256"]
    assert text.startswith("Reaffirming further the New Urban Agenda")
    assert "71/256" in quote and paragraph == doc_key + "#fn-8"
