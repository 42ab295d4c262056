"""Text reuse (ECHOES links) between paragraphs of different documents.

True and false pairs were chosen by reading the corpus texts; the reason is on each row.
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from mandate_lineage.ingest.building.build import CorpusContext, build_document_graph
from mandate_lineage.ingest.identity.metadata import load_manifest
from mandate_lineage.ingest.parse import parse_document
from mandate_lineage.ingest.readers.sources import read_source
from mandate_lineage.ingest.reuse.detect import (
    DEFAULT,
    ReuseCandidate,
    ReuseLink,
    candidate_from_row,
    date_order,
    find_reuse,
    reuse_run,
)
from mandate_lineage.ingest.reuse.text import content_terms, load_stock_phrases

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
P16 = "oas:program-migrants-2016"
P05 = "oas:program-migrants-2005-work-plan"  # the 2007 work plan listing the 2005 program's activities
WP04 = "oas:cajp-gt-tm-work-plan-2004"
DRAFT07 = "oas:draft-res-2007-migrant-workers-usa"
UN13 = "un:a-res-68-179"
SANTIAGO_VIENNA = "summit:2:plan-of-action#q-9542861ce6"  # "Seek full respect for ... the 1963 Vienna Convention ..."


def paragraph_rows() -> list[tuple[str, dict, str]]:
    """(key, props, evidence file name) of every Paragraph row the ingest makes for the corpus."""
    manifest = load_manifest(CORPUS)
    context = CorpusContext.from_manifests([manifest])
    rows = []
    for path in sorted(CORPUS.glob("*.txt")):
        graph = build_document_graph(parse_document(read_source(path), manifest.documents.get(path.name)), context)
        for nodes in graph.batch.nodes:
            if nodes.labels[0] == "Paragraph":
                rows += [(row["key"], row["props"], path.name) for row in nodes.rows]
    return rows


@pytest.fixture(scope="module")
def rows() -> list[tuple[str, dict, str]]:
    return paragraph_rows()


@pytest.fixture(scope="module")
def candidates(rows) -> list[ReuseCandidate]:
    return [c for key, props, _ in rows if (c := candidate_from_row(key, props)) is not None]


@pytest.fixture(scope="module")
def links(candidates) -> list[ReuseLink]:
    return find_reuse(candidates)


@pytest.fixture(scope="module")
def linked(links) -> set[tuple[str, str]]:
    return {(link.source, link.target) for link in links}


# --- candidates -----------------------------------------------------------------------------
def test_candidate_keeps_the_verbatim_text_and_the_evidence_document(rows) -> None:
    key, props, _ = next(r for r in rows if r[0] == SANTIAGO_VIENNA)
    candidate = candidate_from_row(key, props)
    assert candidate is not None
    assert (candidate.owner, candidate.evidence_document) == ("summit:2:plan-of-action", WP04)
    assert candidate.date == "1998-04-18"
    assert candidate.text.startswith("Seek full respect for, and compliance with, the 1963 Vienna Convention")


@pytest.mark.parametrize("kind", ["title", "heading", "footnote"])
def test_titles_headings_and_footnotes_are_not_compared(kind: str) -> None:
    props = {"kind": kind, "text": "The Human Rights of All Migrant Workers", "start": 0, "document": "x"}
    assert candidate_from_row("x#1", props) is None


# --- links found on the corpus ---------------------------------------------------------------
TRUE_PAIRS = [
    # The product's question: activity 28 (member states) promotes consular assistance "in keeping
    # with the obligations of the states party to the Vienna Convention on Consular Relations,
    # ensuring the right ... to information, notification, communication" - the Santiago Plan of
    # Action's commitment (1998), quoted in the GT/TM work plan, reworded.
    (f"{P16}#act-28", SANTIAGO_VIENNA),
    # Specific objective 3 of the 2016 program ("Provide migrants with information, notification,
    # communication, and consular assistance in keeping with the obligations of states party to
    # the 1963 Vienna Convention on Consular Relations"): the same commitment.
    (f"{P16}#obj-s-3", SANTIAGO_VIENNA),
    # Activity 3 repeats the 2005 program's third cross-cutting activity "to all Program
    # implementers" ("Incorporate into assistance and technical cooperation activities the
    # condition of migrant and migrant family vulnerability ... without distinction as to race"),
    # with "sex" become "gender, sexual orientation".
    (f"{P16}#act-3", f"{P05}#wp-all-program-implementers.3"),
    # Activity 2 is the second cross-cutting activity word for word.
    (f"{P16}#act-2", f"{P05}#wp-all-program-implementers.2"),
    # Activity 9 is the IACHR's third 2005 activity word for word (training on due process).
    (f"{P16}#act-9", f"{P05}#wp-inter-american-commission-on-human-rights.3"),
    # Activity 10 rewords the IACHR's fourth: training on consular protection under the Vienna
    # Convention ("sending, transit, and receiving" became "origin, transit, and host").
    (f"{P16}#act-10", f"{P05}#wp-inter-american-commission-on-human-rights.4"),
    # Activity 12: the CIM's research on female migration and its impact on family structure.
    (f"{P16}#act-12", f"{P05}#wp-inter-american-commission-of-women.1"),
    # Activity 15: the IIN's "special situation of unaccompanied migrant children" (short).
    (f"{P16}#act-15", f"{P05}#wp-inter-american-childrens-institute.1"),
    # The UN resolution (2013) reuses the 2007 OAS draft's preamble on immigration programs that
    # let migrants integrate, facilitate family reunification and promote harmony.
    (f"{UN13}#op-5.c", f"{DRAFT07}#pre-16"),
    # The UN resolution reaffirms "full respect for and observance of the Vienna Convention on
    # Consular Relations ... the right of all foreign nationals, regardless of their migration
    # status, to communicate with a consular official": the Santiago commitment again.
    (f"{UN13}#op-4.f", SANTIAGO_VIENNA),
    # The 2007 draft recalls the Quebec City Plan of Action's inter-American program "within the
    # OAS for the promotion and protection of the human rights of migrants".
    (f"{DRAFT07}#pre-20", "summit:3:plan-of-action#q-629785dfcf"),
    # The 2016 program's background repeats the 2007 draft's preamble on the states' authority
    # "to regulate the entry and stay of foreigners in their territories".
    (f"{P16}#txt-12", f"{DRAFT07}#pre-13"),
]


@pytest.mark.parametrize(("source", "target"), TRUE_PAIRS)
def test_true_pairs_link_later_to_earlier(linked, source: str, target: str) -> None:
    assert (source, target) in linked


def test_the_cross_cutting_repetition_is_near_verbatim_and_the_santiago_echo_a_paraphrase(links) -> None:
    by_pair = {(link.source, link.target): link for link in links}
    act_2 = by_pair[(f"{P16}#act-2", f"{P05}#wp-all-program-implementers.2")]
    assert act_2.rule == "reuse:near-verbatim" and act_2.score == 1.0
    act_28 = by_pair[(f"{P16}#act-28", SANTIAGO_VIENNA)]
    assert act_28.rule == "reuse:paraphrase"
    assert "Vienna Convention on Consular Relations" in act_28.source_quote
    assert "Vienna Convention on Consular Relations" in act_28.target_quote
    assert (act_28.source_document, act_28.target_document) == (P16, WP04)


FALSE_PAIRS = [
    # (a, b, a phrase both texts hold, to show the pair really shares it)
    # Only the stock phrase "human rights of all migrants, including migrant workers and their
    # families" in common ("To urge member states to ... protect" / "We will ... guarantee").
    (f"{DRAFT07}#op-7", "summit:2:declaration#q-49b4eb6dbd",
     "human rights of all migrants, including migrant workers and their families"),
    # Only "organs, agencies, and entities" and the Program's name in common.
    (f"{P16}#txt-4", f"{DRAFT07}#op-12",
     "Inter-American Program for the Promotion and Protection of the Human Rights of Migrants"),
    # Only "in keeping with the domestic legal system of each state" / "each state's domestic legal
    # framework" and "applicable international human rights law" in common.
    (f"{P16}#act-25", f"{P05}#wp-all-program-implementers.3", "applicable international human rights law"),
    # Only a body's name: "Pan American Health Organization (PAHO)" in a list of actors.
    (f"{P16}#txt-25", f"{P05}#txt-22", "Pan American Health Organization (PAHO)"),
    # Only a citation: both name AG/RES. 2141 (XXXV-O/05) and the Program it adopted.
    (f"{P16}#txt-4", f"{DRAFT07}#pre-2", "AG/RES. 2141 (XXXV-O/05)"),
    # The same treaty-action formula ("consider signing ... or acceding to") about different
    # treaties (UNTOC / the ILO Domestic Workers Convention).
    (f"{P16}#act-24", f"{UN13}#op-4.h", "acceding to the"),
    # Same date: the Quebec City Declaration's words quoted in the 2007 work plan (under the
    # summit) and in the 2004 work plan (under its declaration) - identical text, both dated
    # 2001-04-20, so neither is earlier.
    ("summit:3#q-eed2fd9acb", "summit:3:declaration#q-a330be76aa",
     "cultural and economic contributions made by migrants to receiving societies"),
    # A quote and the paragraph that quotes it (same span of the same file).
    (f"{P16}#txt-2", "summit:3:plan-of-action#q-b539f75745", "establish an inter-American program within the OAS"),
]


@pytest.mark.parametrize(("a", "b", "shared"), FALSE_PAIRS)
def test_false_pairs_do_not_link(candidates, linked, a: str, b: str, shared: str) -> None:
    texts = {c.key: " ".join(c.text.split()).casefold() for c in candidates}
    assert shared.casefold() in texts[a] and shared.casefold() in texts[b]
    assert (a, b) not in linked and (b, a) not in linked


def test_no_link_within_one_evidence_document_or_one_owner(candidates, links) -> None:
    owner = {(c.key, c.evidence_document): c.owner for c in candidates}
    for link in links:
        assert link.source_document != link.target_document
        assert owner[(link.source, link.source_document)] != owner[(link.target, link.target_document)]


def test_direction_follows_dates(candidates, links) -> None:
    date = {(c.key, c.evidence_document): c.date for c in candidates}
    for link in links:
        assert date_order(date[(link.source, link.source_document)], date[(link.target, link.target_document)]) == 1


def test_every_quote_is_verbatim_in_its_file_at_its_offsets(rows, links) -> None:
    file_of = {props["document"]: name for _, props, name in rows if "sourceDocument" not in props}
    texts = {name: (CORPUS / name).read_text(encoding="utf-8") for name in set(file_of.values())}
    assert links
    for link in links:
        source_text = texts[file_of[link.source_document]]
        target_text = texts[file_of[link.target_document]]
        assert source_text[link.source_start:link.source_end] == link.source_quote
        assert target_text[link.target_start:link.target_end] == link.target_quote
        assert 0 < link.score <= 1


def test_quotes_are_slices_of_the_candidate_texts(candidates, links) -> None:
    by_key = {(c.key, c.evidence_document): c for c in candidates}
    for link in links:
        source = by_key[(link.source, link.source_document)]
        target = by_key[(link.target, link.target_document)]
        assert source.text[link.source_start - source.start:link.source_end - source.start] == link.source_quote
        assert target.text[link.target_start - target.start:link.target_end - target.start] == link.target_quote


# --- determinism and incremental runs --------------------------------------------------------
def test_shuffled_input_gives_identical_output(candidates, links) -> None:
    shuffled = list(candidates)
    random.Random(11).shuffle(shuffled)
    assert find_reuse(shuffled) == links


def test_new_keys_gives_the_subset_of_the_full_run_touching_them(candidates, links) -> None:
    new_keys = frozenset(c.key for c in candidates if c.evidence_document == P16)
    expected = [link for link in links if link.source in new_keys or link.target in new_keys]
    assert expected
    assert find_reuse(candidates, new_keys=new_keys) == expected


# --- rules on synthetic candidates -----------------------------------------------------------
COMMITMENT = ("Seek full respect for, and compliance with, the 1963 Vienna Convention on Consular Relations, "
              "especially as it relates to the right of nationals to communicate with a consular officer.")


def candidate(key: str, document: str, date: str | None, text: str = COMMITMENT) -> ReuseCandidate:
    return ReuseCandidate(key=f"{document}#{key}", owner=document, evidence_document=document, date=date,
                          kind="operative", text=text, start=100)


FILLER = [
    candidate("f1", "doc:f", "2000", "Recall the importance of ports and airports for trade statistics in the region."),
    candidate("f2", "doc:g", "2001", "Establish a fund for teachers of rural schools and the training of nurses."),
    candidate("f3", "doc:h", "2002", "Welcome the report on remittances and pensions sent by diaspora networks."),
]


@pytest.mark.parametrize(("earlier", "later", "links"), [
    ("1998-04-18", "2016-04-19", True),
    ("2007", "2007-03-01", False),  # same year at the shorter precision: direction unknown
    ("2007-03", "2007-03-01", False),
    ("2007", "2008", True),
    (None, "2016", False),  # undated: never linked
    ("September 16", "2016", False),  # not an ISO date (a schedule cell): never linked
])
def test_date_rules(earlier: str | None, later: str, links: bool) -> None:
    pair = [candidate("a", "doc:a", earlier), candidate("b", "doc:b", later)]
    found = find_reuse(pair + FILLER)
    assert bool(found) is links
    if links:
        assert (found[0].source, found[0].target) == ("doc:b#b", "doc:a#a")


def test_same_evidence_document_is_not_linked() -> None:
    pair = [candidate("a", "doc:a", "1998"), replace(candidate("b", "doc:b", "2016"), evidence_document="doc:a")]
    assert find_reuse(pair + FILLER) == []


def test_stock_phrases_are_matched_through_wording_variants() -> None:
    stock = load_stock_phrases(6)
    text = "the human rights of all migrants, including migrant workers, and their families"
    terms = tuple(t for t, _, _ in content_terms(text, 6))
    assert all(stock.mark(terms))


def test_a_paragraph_of_stock_phrases_only_does_not_link() -> None:
    text = ("To instruct the organs, agencies, and entities to protect the human rights of migrants, including "
            "migrant workers and their families, in keeping with the domestic legal system of each state.")
    pair = [candidate("a", "doc:a", "1998", text), candidate("b", "doc:b", "2016", text.replace("instruct", "urge"))]
    assert find_reuse(pair + FILLER) == []


def formula_corpus(n_documents: int) -> list[ReuseCandidate]:
    """Each document: one paragraph with the same unlisted 8-word formula, and four fillers."""
    rng = random.Random(n_documents)
    formula = "alpha bravo charlie delta echo foxtrot golf hotel"

    def words(k: int) -> str:
        return " ".join(f"u{rng.randrange(10**9)}z" for _ in range(k))

    out = []
    for d in range(n_documents):
        document, date = f"doc:{d:02d}", f"{2000 + d}"
        out.append(ReuseCandidate(f"{document}#f", document, document, date, "text", f"{formula} {words(3)}", 0))
        out += [ReuseCandidate(f"{document}#x{i}", document, document, date, "text", words(12), 0) for i in range(4)]
    return out


def test_document_frequency_takes_over_from_the_list_on_a_large_corpus() -> None:
    # on 3 documents an unlisted formula looks like shared content; on 24 it is in all of them
    assert find_reuse(formula_corpus(3))
    assert find_reuse(formula_corpus(24)) == []


# --- scaling --------------------------------------------------------------------------------
def synthetic_corpus(n: int, seed: int = 5) -> list[ReuseCandidate]:
    """``n`` paragraphs in 50 documents, words drawn Zipf-like from 4,000 made-up words, with a
    reworded copy of an earlier paragraph planted every 100 paragraphs."""
    rng = random.Random(seed)
    vocabulary = [f"w{i}x" for i in range(4000)]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    out: list[ReuseCandidate] = []
    for i in range(n):
        document = f"doc:{i % 50:02d}"
        date = f"{1990 + i % 50}-01-01"
        if i % 100 == 99:
            words = out[i - 51].text.split()  # an earlier document's paragraph, one word changed
            words[3] = "reworded"
        else:
            words = rng.choices(vocabulary, weights, k=rng.randint(20, 40))
        out.append(ReuseCandidate(f"{document}#p{i}", document, document, date, "operative", " ".join(words), 0))
    return out


def test_candidate_pairs_grow_far_below_all_pairs() -> None:
    corpus = synthetic_corpus(5000)
    run = reuse_run(corpus)
    all_pairs = 5000 * 4999 // 2
    assert run.pairs_proposed < all_pairs // 100
    planted = {(c.key, corpus[i - 51].key) for i, c in enumerate(corpus) if i % 100 == 99}
    assert planted <= {(link.source, link.target) for link in run.links}


def test_a_rephrased_commitment_links_only_when_the_earlier_paragraph_is_a_quoted_commitment() -> None:
    # Scores 0.42: below the threshold between ordinary paragraphs (copies with edits score far
    # higher), above the one towards a quoted summit commitment (programs rephrase those).
    rng = random.Random(3)
    unrelated = [candidate(f"f{i}", f"doc:f{i}", "2001", " ".join(f"w{rng.randrange(10**6)}x" for _ in range(12)))
                 for i in range(40)]
    activity = candidate("act", "doc:p", "2016-04-19",
                         "Promote full respect for the right of nationals to communicate with a consular officer, "
                         "through training of officials, exchange of good practices among ministries, "
                         "and public campaigns in countries of origin.")
    earlier = candidate("q", "summit:2:plan-of-action", "1998-04-18")
    assert find_reuse([earlier, activity] + unrelated) == []
    [link] = find_reuse([replace(earlier, commitment=True), activity] + unrelated)
    assert (link.source, link.target) == ("doc:p#act", "summit:2:plan-of-action#q")
    assert DEFAULT.min_score_commitment <= link.score < DEFAULT.min_score


def test_a_quoted_paragraph_attributed_to_an_instrument_is_a_commitment() -> None:
    props = {"kind": "quote", "document": "summit:2:plan-of-action", "sourceDocument": "oas:work-plan",
             "date": "1998-04-19", "text": COMMITMENT, "start": 0}
    assert candidate_from_row("k", {**props, "attributedTo": "summit:2:plan-of-action"}).commitment
    assert not candidate_from_row("k", props).commitment


def test_a_text_renewed_more_often_than_max_postings_still_forms_a_chain() -> None:
    # 60 documents, one a year, each renewing the same commitment: every shingle of it is held by
    # more than max_postings paragraphs (and by fewer than a quarter of the 360 documents, so it
    # is not taken for a formula of the corpus). Each copy links to a copy just before it, and the work
    # stays linear (at most chain_neighbours links a copy), not 60 * 59 / 2 pairs.
    rng = random.Random(7)
    text = ("Strengthen the consular protection of migrant farm workers in transit through bilateral "
            "agreements on labour inspection and access to interpreters")
    copies = [candidate("c", f"doc:{year}", str(1950 + year), text) for year in range(60)]
    unrelated = [candidate(f"f{i}", f"doc:u{i}", "2001", " ".join(f"w{rng.randrange(10**6)}x" for _ in range(12)))
                 for i in range(300)]
    assert len(copies) > DEFAULT.max_postings
    links = find_reuse(copies + unrelated)
    targets: dict[str, set[str]] = {}
    for link in links:
        targets.setdefault(link.source, set()).add(link.target)
    assert set(targets) == {c.key for c in copies[1:]}  # every copy but the first links back
    assert all(len(t) <= DEFAULT.chain_neighbours for t in targets.values())
    assert all(f"doc:{year - 1}#c" in targets[f"doc:{year}#c"] for year in range(1, 60))


def test_every_copy_of_a_much_repeated_commitment_links_to_the_commitment_itself() -> None:
    # The same 60 copies, the earliest a quoted commitment: past max_postings, each copy is still
    # paired with the commitment (the origin), not only with the copy before it.
    rng = random.Random(7)
    text = ("Strengthen the consular protection of migrant farm workers in transit through bilateral "
            "agreements on labour inspection and access to interpreters")
    copies = [candidate("c", f"doc:{year}", str(1950 + year), text) for year in range(60)]
    copies[0] = replace(copies[0], commitment=True)
    unrelated = [candidate(f"f{i}", f"doc:u{i}", "2001", " ".join(f"w{rng.randrange(10**6)}x" for _ in range(12)))
                 for i in range(300)]
    targets: dict[str, set[str]] = {}
    for link in find_reuse(copies + unrelated):
        targets.setdefault(link.source, set()).add(link.target)
    assert all(copies[0].key in targets[c.key] for c in copies[1:])
