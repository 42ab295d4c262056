"""The quotes of ECHOES links are the paragraphs' texts at the links' offsets, on both backends, also
for texts with characters beyond the Basic Multilingual Plane (one code point in Python and
FalkorDB, two UTF-16 units in Java); a second pass finds every stored link right and writes
nothing; a stored quote that is not its text's at its offsets is rewritten.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.synth import generate
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.ingest.pipeline import ingest_paths
from mandate_lineage.ingest.reuse.echoes import reconcile_reuse
from tests.conftest import fresh_store

ASTRAL = "\U0001d465\U0001d466"  # mathematical italic x and y
LINKS = ("MATCH (a:Paragraph)-[r:ECHOES]->(b:Paragraph) RETURN coalesce(a.originalText, a.text), a.start, "
         "coalesce(b.originalText, b.text), b.start, properties(r)")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("quotes-corpus")
    generate(60, 29, folder)
    files = sorted(p for p in folder.iterdir() if p.suffix == ".txt")
    for path in files:  # the same astral characters in many copied passages, before the words they share
        path.write_text(path.read_text(encoding="utf-8").replace("Member States", f"Member {ASTRAL} States"),
                        encoding="utf-8")
    return files


def _check_quotes(store: GraphStore) -> int:
    """Every link's quotes are its paragraphs' texts at its offsets; the links touching an astral text."""
    rows = store.read(LINKS, row_cap=1_000_000).rows
    assert len(rows) > 20, "too little text reuse for the check to prove anything"
    astral = 0
    for a_text, a_start, b_text, b_start, props in rows:
        assert props["evidenceQuote"] == a_text[props["evidenceStart"] - a_start:props["evidenceEnd"] - a_start]
        assert props["targetQuote"] == b_text[props["targetStart"] - b_start:props["targetEnd"] - b_start]
        assert props["evidenceQuotes"] == [props["evidenceQuote"]]
        assert props["evidenceQuote"] and props["targetQuote"]
        astral += ASTRAL in a_text or ASTRAL in b_text
    return astral


def test_quotes_are_the_texts_at_their_offsets_beyond_the_bmp_too(backend: str, corpus: list[Path],
                                                                   tmp_path: Path, embedded_dir: Path) -> None:
    store = fresh_store(backend, embedded_dir, graph="quotes")
    try:
        report = ingest_paths(corpus, store, workers=0)
        assert not report.failed
        assert _check_quotes(store) > 5
        # a second pass finds them right
        assert reconcile_reuse(store) == (0, 0)
        # a quote spoiled in the store (as a paragraph changed under a pass would leave it) is rewritten
        store.write_statement("MATCH ()-[r:ECHOES]->() WITH r ORDER BY r.key LIMIT 2 SET r.targetQuote = 'spoiled'")
        assert store.read("MATCH ()-[r:ECHOES]->() WHERE r.targetQuote = 'spoiled' RETURN count(r)").rows == [[2]]
        assert reconcile_reuse(store) == (2, 0)
        _check_quotes(store)
    finally:
        store.clear()
        store.close()
