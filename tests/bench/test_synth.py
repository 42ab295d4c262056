"""The synthetic corpus generator (bench/synth.py) and the scorer (bench/score.py).

The generated texts must look like the sample corpus *and* be read by the real ingest: the truth
it writes is only worth something if the ingest's own segmenters give the paragraph ids it
predicts and its finders give the reference keys it records.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.score import PR, score, score_edges
from bench.synth import generate
from bench.synth_data import SUMMIT_COMMITMENTS
from bench.synth_model import TRUTH_NAME, Para, light_edit, load_truth
from mandate_lineage.config import open_store
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.ingest.identity.metadata import load_manifest
from mandate_lineage.ingest.parse import parse_document
from mandate_lineage.ingest.pipeline import ingest_paths
from mandate_lineage.ingest.readers.sources import discover, read_source
from mandate_lineage.ingest.references.finder import find_references, parse_symbol
from tests.conftest import settings_for

N_DOCS = 100
SEED = 11


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    generate(N_DOCS, SEED, out)
    return out


@pytest.fixture(scope="module")
def truth(corpus: Path) -> dict:
    return load_truth(corpus)


def file_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# --- determinism -----------------------------------------------------------------------------------


def test_same_seed_writes_byte_identical_files(tmp_path: Path, corpus: Path) -> None:
    generate(N_DOCS, SEED, tmp_path)
    assert file_bytes(tmp_path) == file_bytes(corpus)


def test_another_seed_writes_other_texts(tmp_path: Path, corpus: Path) -> None:
    generate(N_DOCS, SEED + 1, tmp_path)
    other, ours = file_bytes(tmp_path), file_bytes(corpus)
    assert sum(other.get(name) != data for name, data in ours.items()) > N_DOCS // 2


# --- what is written -------------------------------------------------------------------------------


def test_manifest_loads_and_symbols_normalise_to_the_keys(corpus: Path, truth: dict) -> None:
    manifest = load_manifest(corpus)
    assert manifest is not None and len(manifest.documents) == N_DOCS
    for entry in manifest.documents.values():
        parsed = parse_symbol(entry["symbol"])
        assert parsed is not None and parsed.key == entry["key"], entry
    assert [d["file"] for d in truth["documents"]] == sorted(manifest.documents)


def test_the_ingest_reads_the_truth_file_as_no_document(corpus: Path) -> None:
    assert (corpus / TRUTH_NAME).is_file()
    assert len(discover([corpus])) == N_DOCS


def test_dates_strictly_increase(truth: dict) -> None:
    dates = [d["date"] for d in truth["documents"]]
    assert dates == sorted(dates) and len(set(dates)) == len(dates)


def test_reuse_points_to_earlier_documents(truth: dict) -> None:
    # a paraphrase's source is a quoted summit commitment: its "document" is the summit instrument
    date_of = {d["key"]: d["date"] for d in truth["documents"]} | {key: day for _, key, day, _ in SUMMIT_COMMITMENTS}
    pairs = [(d, r) for d in truth["documents"] for r in d["reuse"]]
    assert {r["mode"] for _, r in pairs} == {"verbatim", "edited", "paraphrase"}
    assert all(date_of[r["source_document"]] < d["date"] for d, r in pairs)
    assert any(d["distractors"] for d in truth["documents"])


def test_written_symbols_normalise_to_the_recorded_keys(truth: dict) -> None:
    """Every symbol-like reference, alone, is found by find_references with the recorded key
    (summits and conventions need their own finders; they are checked through the graph)."""
    for doc in truth["documents"]:
        for ref in doc["references"]:
            # summits, conventions, "its resolution 2013/11" and bare list items ("2027 (XXXIV-O/04)")
            # need their context; the graph test covers them
            if ref["kind"] in {"summit", "convention"} or ref["text"].startswith("its ") or ref["text"][0].isdigit():
                continue
            assert [r.key for r in find_references(ref["text"])] == [ref["key"]], ref


def test_predicted_paragraph_ids_are_the_segmenter_ids(corpus: Path, truth: dict) -> None:
    manifest = load_manifest(corpus)
    for doc in truth["documents"]:
        parsed = parse_document(read_source(corpus / doc["file"]), manifest.documents[doc["file"]])
        ids = {p.local_id for p in parsed.paragraphs}
        assert set(doc["paragraphs"]) <= ids, (doc["file"], sorted(set(doc["paragraphs"]) - ids))


def test_paraphrases_rephrase_commitments_quoted_by_earlier_documents(truth: dict) -> None:
    quoted_at: dict[str, str] = {}
    for doc in truth["documents"]:
        for r in doc["reuse"]:
            if r["mode"] == "paraphrase":
                key = f"{r['source_document']}#{r['source_locator']}"
                assert key in quoted_at and quoted_at[key] < doc["date"], (doc["file"], r)
        for q in doc["quotes"]:
            quoted_at.setdefault(q["key"], doc["date"])
            assert q["key"].startswith(q["instrument"] + "#q-")
    # several documents quote the same commitment (a fixed pool per instrument)
    quotes = [q["key"] for d in truth["documents"] for q in d["quotes"]]
    assert quotes and len(set(quotes)) <= len(quotes)


def test_noise_of_the_real_texts_is_present(corpus: Path) -> None:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt")))
    for noise in ("AG/RES.\u00a0", "\u201c", "\ufffd.", "\n/\n"):
        assert noise in text, repr(noise)


def test_a_light_edit_changes_a_few_words_and_keeps_protected_names() -> None:
    import random

    name = "Vienna Convention on Consular Relations"
    text = ("Promote timely consular notification for seasonal farmworkers in border cities for local judges, "
            f"in order to reduce court backlogs, in keeping with the obligations of states party to the {name}.")
    edited = light_edit(Para(text, [], (name,)), random.Random(3))
    assert edited.text != text and name in edited.text
    assert abs(len(edited.text.split()) - len(text.split())) <= 0.25 * len(text.split())


# --- scoring -------------------------------------------------------------------------------------


def test_scores_from_edges_count_copies_of_one_source_as_true() -> None:
    documents = [
        {"key": "a", "references": [{"key": "x", "kind": "oas-res"}], "renewals": [], "assignments": {},
         "reuse": [], "paragraphs": ["op-1"], "formulas": []},
        {"key": "b", "references": [], "renewals": [], "assignments": {}, "paragraphs": ["op-1"], "formulas": [],
         "reuse": [{"locator": "op-1", "source_document": "a", "source_locator": "op-1", "mode": "verbatim"}]},
        {"key": "c", "references": [], "renewals": [], "assignments": {}, "paragraphs": ["op-1"], "formulas": [],
         "reuse": [{"locator": "op-1", "source_document": "b", "source_locator": "op-1", "mode": "edited"}]},
    ]
    cites = [{"doc": "a", "target": "x", "rule": "cite:oas-res"}, {"doc": "b", "target": "y", "rule": "cite:oas-doc"},
             {"doc": "elsewhere", "target": "z", "rule": "cite:oas-doc"}]
    echoes = [{"source": "c#op-1", "target": "a#op-1"}, {"source": "b#op-1", "target": "a#op-1"}]
    scores = score_edges(documents, cites=cites, echoes=echoes)
    assert (scores.references.precision, scores.references.recall) == (0.5, 1.0)
    assert scores.reuse is not None and (scores.reuse.precision, scores.reuse.recall) == (1.0, 1.0)
    assert scores.reuse_by_mode["exact"] == 0.5
    assert score_edges(documents, cites=cites, echoes=None).reuse is None
    assert PR(0, 0, 0).precision == 1.0
    assert scores.commitment_links is None and "paraphrase" not in scores.reuse_by_mode


def test_links_to_quoted_commitments_are_scored_apart() -> None:
    quote = "summit:2:plan-of-action#q-0123456789"
    documents = [
        {"key": "w", "references": [], "renewals": [], "assignments": {}, "reuse": [], "paragraphs": ["op-1"],
         "formulas": [], "quotes": [{"locator": "quote-1", "key": quote, "instrument": "summit:2:plan-of-action"}]},
        {"key": "p", "references": [], "renewals": [], "assignments": {}, "paragraphs": ["act-1", "act-2"],
         "formulas": [], "reuse": [{"locator": "act-1", "source_document": "summit:2:plan-of-action",
                                    "source_locator": "q-0123456789", "mode": "paraphrase"}]},
        {"key": "c", "references": [], "renewals": [], "assignments": {}, "paragraphs": ["op-1"], "formulas": [],
         "reuse": [{"locator": "op-1", "source_document": "p", "source_locator": "act-2", "mode": "verbatim"}]},
    ]
    echoes = [{"source": "p#act-1", "target": quote, "similarity": 0.41},
              {"source": "p#act-2", "target": quote, "similarity": 0.33},  # false: not a paraphrase of it
              {"source": "c#op-1", "target": "p#act-2", "similarity": 1.0}]
    scores = score_edges(documents, cites=(), echoes=echoes)
    links = scores.commitment_links
    assert links is not None and (links.true_positives, links.false_positives, links.false_negatives) == (1, 1, 0)
    assert scores.reuse_by_mode["paraphrase"] == 1.0 and scores.paraphrase_similarity == {">=0.4": 1}
    assert scores.reuse is not None and scores.reuse.false_positives == 1  # the quote is a tracked paragraph


# --- through the real ingest and a real store ----------------------------------------------------


@pytest.fixture(scope="module")
def ingested(embedded_dir: Path, corpus: Path) -> Iterator[tuple[GraphStore, object]]:
    store = open_store(settings_for("embedded", embedded_dir, graph="synth"))
    store.clear()
    report = ingest_paths([corpus], store)
    try:
        yield store, report
    finally:
        store.close()


def test_every_generated_document_ingests(ingested: tuple[GraphStore, object]) -> None:
    _, report = ingested
    assert not report.failed, [o.error for o in report.failed]
    assert len(report.outcomes) == N_DOCS


def test_reference_precision_and_recall_through_the_graph(ingested: tuple[GraphStore, object], truth: dict) -> None:
    store, _ = ingested
    scores = score(store, truth)
    assert scores.references.precision >= 0.95, scores.as_json()
    assert scores.references.recall >= 0.95, scores.as_json()
    assert scores.assignments.recall >= 0.95 and scores.renewals.recall >= 0.95, scores.as_json()


def test_predicted_paragraph_ids_exist_in_the_graph(ingested: tuple[GraphStore, object], truth: dict) -> None:
    store, _ = ingested
    keys = {row["key"] for row in store.read("MATCH (p:Paragraph) RETURN p.key AS key", row_cap=1_000_000).records()}
    predicted = {f"{d['key']}#{loc}" for d in truth["documents"] for loc in d["paragraphs"]}
    assert predicted <= keys, sorted(predicted - keys)[:10]


def test_text_reuse_precision_and_recall_through_the_graph(ingested: tuple[GraphStore, object], truth: dict) -> None:
    # At a 0.3 threshold for every pair, paragraphs written from the same topics and clauses made
    # most links (precision 0.13-0.23); true copies score well above them (see ingest/reuse/detect.py).
    store, _ = ingested
    reuse = score(store, truth).reuse
    assert reuse is not None
    assert reuse.precision >= 0.9 and reuse.recall >= 0.95, reuse.as_json()


# --- quoted summit commitments and their paraphrases, through the real ingest ---------------------


def test_quoted_commitments_are_attributed_to_their_instrument(ingested: tuple[GraphStore, object],
                                                               truth: dict) -> None:
    store, _ = ingested
    quotes = {q["key"]: q["instrument"] for d in truth["documents"] for q in d["quotes"]}
    assert len(quotes) >= 3
    rows = store.read("MATCH (p:Paragraph) WHERE p.kind = 'quote' RETURN p.key AS key, p.document AS document, "
                      "p.attributedTo AS attributedTo", row_cap=1_000_000).records()
    found = {row["key"]: row for row in rows}
    for key, instrument in quotes.items():
        assert key in found, key
        assert found[key]["attributedTo"] and found[key]["document"] == instrument, found[key]


def test_paraphrase_pairs_point_at_paragraphs_in_the_graph(ingested: tuple[GraphStore, object], truth: dict) -> None:
    store, _ = ingested
    keys = {row["key"] for row in store.read("MATCH (p:Paragraph) RETURN p.key AS key", row_cap=1_000_000).records()}
    pairs = [(f"{d['key']}#{r['locator']}", f"{r['source_document']}#{r['source_locator']}")
             for d in truth["documents"] for r in d["reuse"] if r["mode"] == "paraphrase"]
    assert len(pairs) >= 10
    assert all(a in keys and b in keys for a, b in pairs), [p for p in pairs if not set(p) <= keys][:5]


def test_paraphrases_of_quoted_commitments_through_the_graph(ingested: tuple[GraphStore, object],
                                                             truth: dict) -> None:
    # Measured (N_DOCS=100, seed 11): 17 paraphrase pairs, 12 linked exactly (recall 0.71), 15 to a
    # member of their family (0.88), all 17 links to a quoted commitment true (precision 1.0). At
    # 1,000 documents (seed 7): 187 pairs, exact recall 0.83, family 0.95, precision 0.99; the misses
    # score 0.2-0.3, below the ingest's threshold towards a quoted commitment (0.3).
    store, _ = ingested
    scores = score(store, truth)
    links = scores.commitment_links
    assert links is not None, scores.as_json()
    assert links.recall >= 0.65 and links.precision >= 0.9, links.as_json()
    assert scores.reuse_by_mode["paraphrase"] >= 0.8, scores.as_json()
