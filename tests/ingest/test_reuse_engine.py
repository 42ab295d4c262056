"""The compiled reuse engine (issue 12, item 2): rapidfuzz alignment, numpy candidate pairs, and a
reuse stage that streams the store in batches.

Hand-made paragraphs, read as a reader would: a paraphrase of a commitment is found, a paragraph
on another subject is not; the stage gives the same links whatever its batch size, and writes
each link with exactly the properties the general evidence merge gives it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.synth import generate
from mandate_lineage.config import open_store
from mandate_lineage.graph.batch import WriteBatch
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.ingest.pipeline import ingest_paths
from mandate_lineage.ingest.reuse.align import best_passage, matching_blocks
from mandate_lineage.ingest.reuse.detect import DEFAULT, ReuseCandidate, find_reuse, reuse_run
from mandate_lineage.ingest.reuse.echoes import reconcile_reuse
from mandate_lineage.ingest.reuse.engine import ReuseIndex, Work, to_paragraph
from mandate_lineage.ingest.reuse.text import Content
from tests.conftest import settings_for
from tests.ingest.reuse_reference import echo_row, echoes_of

VIENNA = ("Seek full respect for, and compliance with, the 1963 Vienna Convention on Consular Relations, "
          "especially as it relates to the right of nationals to communicate with a consular officer.")
# the same commitment reworded: verbs changed, a clause inserted, "communicate" -> "communication"
VIENNA_REWORDED = ("Urge full compliance with the 1963 Vienna Convention on Consular Relations, in particular "
                   "with regard to the right of detained nationals to communication with a consular officer.")
# another subject, a few common words of the field ("states", "rights")
SCHOOLS = ("Establish a regional fund so that rural schools can hire teachers and train nurses, and report "
           "to the states on the rights of children to free primary education.")
# paragraphs on other subjects, so that the words of the pairs are rare (weights are ln(N/df))
FILLER = [f"Welcome the census of {topic} held in {place}." for topic in ("fisheries", "ports", "seeds", "pensions")
          for place in ("Lima", "Quito", "Panama", "Bogota", "Recife")]


def candidate(name: str, date: str, text: str) -> ReuseCandidate:
    return ReuseCandidate(key=f"doc:{name}#p1", owner=f"doc:{name}", evidence_document=f"doc:{name}", date=date,
                          kind="operative", text=text, start=40)


def corpus(*extra: ReuseCandidate) -> list[ReuseCandidate]:
    return [candidate(f"filler{i:02d}", f"{1980 + i}", text) for i, text in enumerate(FILLER)] + list(extra)


def test_a_reworded_commitment_links_later_to_earlier_with_a_verbatim_quote() -> None:
    earlier, later = candidate("plan", "2004-01-13", VIENNA), candidate("program", "2016-04-19", VIENNA_REWORDED)
    links = find_reuse(corpus(earlier, later))
    assert [(k.source, k.target) for k in links] == [(later.key, earlier.key)]
    link = links[0]
    assert link.rule == "reuse:paraphrase"  # reworded, not repeated
    assert 0.55 <= link.score < 0.8
    # the aligned passage runs from "full" ("full respect for, and compliance" / "full compliance") to
    # "consular officer" on both sides, cut verbatim from the texts
    assert link.source_quote.startswith("full compliance with the 1963") and link.source_quote.endswith("consular officer")
    assert link.target_quote.startswith("full respect for") and link.target_quote.endswith("consular officer")
    assert VIENNA_REWORDED[link.source_start - 40:link.source_end - 40] == link.source_quote
    assert VIENNA[link.target_start - 40:link.target_end - 40] == link.target_quote


def test_a_paragraph_on_another_subject_does_not_link() -> None:
    assert find_reuse(corpus(candidate("plan", "2004", VIENNA), candidate("schools", "2016", SCHOOLS))) == []


def test_the_same_wording_in_the_same_year_has_no_direction_and_no_link() -> None:
    assert find_reuse(corpus(candidate("plan", "2016-01", VIENNA), candidate("program", "2016", VIENNA_REWORDED))) == []


def content(words: str, stock: str = "") -> Content:
    terms = tuple(words.split())
    marked = tuple(t in stock.split() for t in terms)
    return Content(terms, tuple((i, i + 1) for i in range(len(terms))), marked)


def test_alignment_runs_skip_an_inserted_word_and_never_match_stock() -> None:
    a = content("vienna convention consular right nationals communicate officer")
    b = content("vienna convention consular detained right nationals communicate officer")
    assert [(m.a, m.b, m.size) for m in matching_blocks(a, b)] == [(0, 0, 3), (3, 4, 4)]
    weights = {t: 1.0 for t in a.terms + b.terms}
    passage = best_passage(a, b, weights, min_block=2, max_gap=8)
    assert passage is not None and (passage.a_first, passage.a_last, passage.b_first, passage.b_last) == (0, 6, 0, 7)
    # the same words marked stock (a name) on one side: nothing of them aligns
    named = content("vienna convention consular right nationals communicate officer", stock="vienna convention")
    assert [(m.a, m.b, m.size) for m in matching_blocks(named, b)] == [(2, 2, 1), (3, 4, 4)]


def test_the_index_gives_the_same_links_whatever_the_order_of_its_batches() -> None:
    paragraphs = corpus(candidate("plan", "2004", VIENNA), candidate("program", "2016", VIENNA_REWORDED),
                        candidate("schools", "2010", SCHOOLS))
    ordered = sorted(paragraphs, key=lambda c: c.key)
    one = ReuseIndex(DEFAULT)
    one.add(to_paragraph(c) for c in ordered)
    several = ReuseIndex(DEFAULT)
    for k in range(0, len(ordered), 2):
        several.add(to_paragraph(c) for c in ordered[k:k + 2])
    assert one.links() == several.links() != []


def test_pairs_touching_new_paragraphs_only_when_asked() -> None:
    paragraphs = corpus(candidate("plan", "2004", VIENNA), candidate("program", "2016", VIENNA_REWORDED))
    assert reuse_run(paragraphs, new_keys=frozenset({"doc:filler00#p1"})).links == []
    assert len(reuse_run(paragraphs, new_keys=frozenset({"doc:program#p1"})).links) == 1


# --- the stage against the store ---------------------------------------------------------------

@pytest.fixture(scope="module")
def synthetic_store(tmp_path_factory: pytest.TempPathFactory, embedded_dir: Path):
    folder = tmp_path_factory.mktemp("reuse-engine-corpus")
    generate(60, 5, folder)
    settings = settings_for("embedded", embedded_dir, graph="reuse-engine")
    with open_store(settings) as store:
        store.clear()
        report = ingest_paths(sorted(p for p in folder.iterdir() if p.suffix == ".txt"), store, workers=0)
        assert not report.failed
        yield store
        store.clear()


def test_the_stage_gives_the_same_links_whatever_its_batch_size(synthetic_store: GraphStore) -> None:
    store = synthetic_store
    whole = echoes_of(store)
    count = store.read("MATCH ()-[r:ECHOES]->() RETURN count(r)").rows[0][0]
    assert count > 20, "the corpus has too little text reuse for the comparison to prove anything"
    store.write_statement("MATCH ()-[r:ECHOES]->() DELETE r")
    work = Work()
    written, deleted = reconcile_reuse(store, batch_size=7, work=work)
    assert (written, deleted) == (count, 0)
    assert echoes_of(store) == whole
    assert work.paragraphs > 7 * 20  # many batches were read
    assert reconcile_reuse(store, batch_size=7) == (0, 0)  # nothing to change: nothing written


def test_a_stale_link_is_deleted_and_a_changed_one_rewritten(synthetic_store: GraphStore) -> None:
    store = synthetic_store
    whole = echoes_of(store)
    store.write_statement("MATCH ()-[r:ECHOES]->() WITH r LIMIT 3 SET r.similarity = 0.01")
    pair = store.read("MATCH (a:Paragraph)-[r:ECHOES]->(b:Paragraph) RETURN a.key, b.key LIMIT 1").rows[0]
    store.write_statement("MATCH (a:Paragraph {key: $a}), (b:Paragraph {key: $b}) MERGE (b)-[r:ECHOES]->(a) "
                          "SET r.key = 'bogus', r.evidenceKeys = ['bogus']", {"a": pair[0], "b": pair[1]})
    assert reconcile_reuse(store, batch_size=11) == (3, 1)
    assert echoes_of(store) == whole


def test_links_are_written_as_the_general_evidence_merge_writes_them(synthetic_store: GraphStore) -> None:
    store = synthetic_store
    rows = store.read("MATCH (a:Paragraph)-[r:ECHOES]->(b:Paragraph) RETURN a.key, b.key, properties(r) "
                      "ORDER BY a.key, b.key LIMIT 25", row_cap=100).rows
    assert rows
    for source, target, props in rows:
        # the row as echo_row makes it, from the stored scalars
        row = {"source": source, "target": target, "key": props["key"],
               "props": {name: props[name] for name in echo_row_props()}}
        store.write_statement("MATCH (:Paragraph {key: $s})-[r:ECHOES]->() DELETE r", {"s": source})
        batch = WriteBatch()
        batch.add_relationships("ECHOES", "Paragraph", "Paragraph", [row])
        store.write(batch)
        again = store.read("MATCH (:Paragraph {key: $s})-[r:ECHOES]->(:Paragraph {key: $t}) RETURN properties(r)",
                           {"s": source, "t": target}).rows
        assert again == [[props]]


def echo_row_props() -> list[str]:
    from mandate_lineage.ingest.reuse.detect import ReuseLink

    sample = ReuseLink("s", "t", 0.9, "reuse:paraphrase", 0, 1, "a", 0, 1, "b", "d", "e")
    return list(echo_row(sample)["props"])


def test_tokenising_in_worker_processes_gives_the_same_links(monkeypatch: pytest.MonkeyPatch) -> None:
    from mandate_lineage.ingest.reuse import engine

    paragraphs = sorted(corpus(candidate("plan", "2004", VIENNA), candidate("program", "2016", VIENNA_REWORDED),
                               candidate("schools", "2010", SCHOOLS)), key=lambda c: c.key)
    inline = ReuseIndex(DEFAULT)
    inline.add(to_paragraph(c) for c in paragraphs)
    monkeypatch.setattr(engine, "PARALLEL_MIN_TEXTS", 1)
    forked = ReuseIndex(DEFAULT)
    with engine.tokenising_pool(10**6) as pool:
        if pool is None:
            pytest.skip("one core or no fork here: nothing to compare")
        forked.add((to_paragraph(c) for c in paragraphs), pool)
    assert forked.links() == inline.links() != []
