"""Issue 10 on the real embedded store: names instead of keys, no silent guesses, the lineage of every
kind of node, answers that say what each node is.

The graph holds the bundled corpus, then ``data/ag-res-2999-follow-up.txt`` ingested after it: a
made-up resolution whose preamble recalls AG/RES. 2141 (XXXV-O/05) and whose operative paragraph 1
instructs the Permanent Council. Expectations are read from the texts; the reasoning is beside each.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mandate_lineage.config import open_store
from mandate_lineage.errors import Ambiguous, NotFound
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.ingest.pipeline import bundled_corpus, ingest_paths
from mandate_lineage.queries import hops
from mandate_lineage.queries.lineage import LineageService
from mandate_lineage.queries.resolve import Resolver
from tests.conftest import settings_for

CORPUS = bundled_corpus()
NEW = Path(__file__).parent / "data" / "ag-res-2999-follow-up.txt"
NEW_KEY = "oas:ag-res-2999-xlvi-o-16"
AG_RES_2141 = "oas:ag-res-2141-xxxv-o-05"
WP_2005 = "oas:program-migrants-2005-work-plan#wp-{}.4"


@pytest.fixture(scope="module")
def store(embedded_dir: Path):
    store = open_store(settings_for("embedded", embedded_dir, graph="resolve"))
    store.clear()
    assert not ingest_paths([CORPUS], store).failed
    assert not ingest_paths([NEW], store).failed  # after the corpus, as an analyst would add it
    yield store
    store.close()


@pytest.fixture(scope="module")
def resolver(store: GraphStore) -> Resolver:
    return Resolver(store)


@pytest.fixture(scope="module")
def service(store: GraphStore) -> LineageService:
    return LineageService(store)


def _sources(store: GraphStore) -> dict[str, str]:
    texts = {key: (CORPUS / name).read_text(encoding="utf-8")
             for key, name in store.read("MATCH (d:Document) RETURN d.key, d.source").rows if key != NEW_KEY}
    texts[NEW_KEY] = NEW.read_text(encoding="utf-8")
    return texts


# --- names -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, key, why", [
    ("AG/RES. 2141", AG_RES_2141, "003: the 2005 program 'adopted by AG/RES. 2141 (XXXV-O/05)'"),
    ("ag/res 2141", AG_RES_2141, "the same symbol typed in lower case without the period"),
    ("AG/RES.  2141 (XXXV-O/05)", AG_RES_2141, "the full symbol, two spaces"),
    ("Second Summit", "summit:2", "DOMAIN.md: the Second Summit of the Americas"),
    ("Santiago", "summit:2", "the Second Summit met in Santiago, Chile, April 1998"),
    ("Quebec City", "summit:3", "the Third Summit met in Quebec City, April 2001"),
    ("IACHR", "oas:iachr", "the acronym of the Inter-American Commission on Human Rights"),
    ("iachr", "oas:iachr", "acronyms in any case"),
    ("CAM", "oas:cam", "002: 'the CIDI Committee on Migration Issues (CAM)'"),
    ("Inter-American Commission of Women", "oas:cim", "002: 'Inter-American Commission of Women (CIM):'"),
    ("Office of Education, Science, and Technology", "oas:department-education-culture-science-technology",
     "a former name: Executive Order 05-13 Rev. 1 renamed it the Department of Education, Culture, Science, and "
     "Technology"),
    ("activity 28", "oas:program-migrants-2016#act-28", "only the 2016 program numbers an activity 28"),
    ("activity 4 of the 2016 program", "oas:program-migrants-2016#act-4", "002 activity 4, under the CAM"),
    ("op. 7 of AG/RES. 2027", "oas:ag-res-2027-xxxiv-o-04#op-7", "001 quotes operative paragraph 7 of AG/RES. 2027"),
    ("summit:3", "summit:3", "a key is a key"),
    ("AG/RES. 2999 (XLVI-O/16)", NEW_KEY, "the resolution ingested after the corpus"),
])
def test_names_resolve_to_one_node(resolver: Resolver, text: str, key: str, why: str) -> None:
    assert resolver.resolve(text) == key, why


def test_activity_4_is_never_picked_silently(resolver: Resolver) -> None:
    # 002 numbers one activity 4 (under the CAM); 003 numbers an activity 4 under each of four areas
    # of the 2005 program (Secretariat for Political Affairs, DEC, CIM, IACHR)
    with pytest.raises(Ambiguous) as every:
        resolver.resolve("activity 4")
    ids = {c["id"] for c in every.value.candidates}
    assert ids == {"oas:program-migrants-2016#act-4", WP_2005.format("secretariat-for-political-affairs"),
                   WP_2005.format("department-of-education-culture-science-and-technology"),
                   WP_2005.format("inter-american-commission-of-women"),
                   WP_2005.format("inter-american-commission-on-human-rights")}
    assert all(c["label"] and c["label"].startswith("activity 4 of the Inter-American Program") for c in every.value.candidates)
    with pytest.raises(Ambiguous) as of_2005:
        resolver.resolve("activity 4 of the 2005 program")
    assert {c["id"] for c in of_2005.value.candidates} == ids - {"oas:program-migrants-2016#act-4"}
    # each candidate says whom it is assigned to, so the analyst can choose
    assert any("Inter-American Commission of Women" in c["label"] for c in of_2005.value.candidates)


@pytest.mark.parametrize("text", ["xyzzy", "AG/RES. 9999", "activity 99", "op. 99 of AG/RES. 2027", "", "\x00"])
def test_nothing_matching_is_not_found_and_not_ambiguous(resolver: Resolver, text: str) -> None:
    with pytest.raises(NotFound) as error:
        resolver.resolve(text)
    assert not isinstance(error.value, Ambiguous)


# --- lineage of every kind of node --------------------------------------------------------------------
def test_a_resolution_ingested_later_has_the_lineage_of_its_paragraphs(service: LineageService, store: GraphStore) -> None:
    answer = service.lineage(NEW_KEY).as_json()
    ids = {n["id"] for n in answer["nodes"]}
    assert AG_RES_2141 in ids  # "RECALLING resolution AG/RES. 2141 (XXXV-O/05)"
    cites = [e for e in answer["edges"] if e["type"] == "CITES" and e["target"] == AG_RES_2141]
    assert len(cites) == 1 and cites[0]["source"].startswith(NEW_KEY + "#")
    evidence = cites[0]["evidence"]
    assert _sources(store)[NEW_KEY][evidence["start"]:evidence["end"]] == evidence["quote"]
    assert "AG/RES. 2141" in evidence["quote"]
    # summarised per document: the preamble leads to AG/RES. 2141 by CITES
    assert [(d["document"], d["types"]) for d in answer["documents"]] == [(AG_RES_2141, ["CITES"])]
    assert answer["hops"] == hops.said("upstream", "Instrument")
    # a paragraph with no link of its own (the title, the operative paragraph's mandate points downstream) is left out
    assert all(n.get("partOfSubject") is not True or n["id"] in {cites[0]["source"]} for n in answer["nodes"])
    downstream = service.lineage(NEW_KEY, direction="downstream").as_json()
    mandates = [e for e in downstream["edges"] if e["type"] == "MANDATES"]
    assert [e["target"] for e in mandates] == ["oas:permanent-council"]  # "1. To instruct the Permanent Council"
    # and AG/RES. 2141's downstream now shows the resolution that recalls it
    led_to = service.lineage(AG_RES_2141, direction="downstream").as_json()
    assert cites[0]["source"] in {n["id"] for n in led_to["nodes"]}


def test_a_body_has_an_upstream_and_a_downstream(service: LineageService) -> None:
    upstream = service.lineage("oas:iachr").as_json()
    # 000 op. 18 "To entrust the Inter-American Commission on Human Rights with:"; 001 quotes AG/RES. 2027
    # op. 10 "To entrust the Inter-American Commission on Human Rights with:"
    mandated_by = {e["source"] for e in upstream["edges"] if e["type"] == "MANDATES" and e["target"] == "oas:iachr"}
    assert mandated_by == {"oas:draft-res-2007-migrant-workers-usa#op-18", "oas:ag-res-2027-xxxiv-o-04#op-10"}
    assert "IACHR" in upstream["subject"]["label"]
    downstream = service.lineage("oas:iachr", direction="downstream").as_json()
    assigned = {e["source"] for e in downstream["edges"] if e["type"] == "ASSIGNS" and e["target"] == "oas:iachr"}
    # 003: "The Program assigns the following four specific activities to the Inter-American Commission on
    # Human Rights"; 002 activities 7-11 sit under the IACHR's heading
    assert {WP_2005.format("inter-american-commission-on-human-rights")[:-1] + n for n in "1234"} <= assigned
    assert {f"oas:program-migrants-2016#act-{n}" for n in range(7, 12)} <= assigned
    # another body's work is not what the IACHR led to: the walk stops at bodies it meets
    assert WP_2005.format("inter-american-commission-of-women") not in {n["id"] for n in downstream["nodes"]}


def test_a_former_name_is_on_the_body_label(service: LineageService) -> None:
    answer = service.lineage("oas:department-education-culture-science-technology").as_json()
    assert "also named Office of Education, Science, and Technology until 15 December 2005" in answer["subject"]["label"]


def test_downstream_of_a_summit_puts_acts_before_structure(service: LineageService) -> None:
    # 001/002: the Third Summit's Plan of Action: "establish an inter-American program within the OAS ..."
    answer = service.lineage("summit:3", direction="downstream").as_json()
    types = [g["type"] for g in answer["summary"]]
    assert "oas:program-migrants-2005" in next(g["nodes"] for g in answer["summary"] if g["type"] == "MANDATES")
    assert types[-1] == "PART_OF" and types.index("MANDATES") < types.index("PART_OF")
    # documents met on the way are named, not unfolded: no heading of the 2016 program is in the answer
    assert not [n for n in answer["nodes"] if n.get("document") == "oas:program-migrants-2016"
                and n.get("kind") == "heading"]


def test_a_resolution_known_only_by_citation_says_so(service: LineageService) -> None:
    answer = service.lineage(AG_RES_2141).as_json()
    assert "not in the graph" in answer["note"]
    assert answer["subject"]["label"] == "AG/RES. 2141 (XXXV-O/05), resolution of the OAS General Assembly, 2005"


# --- self-describing answers ----------------------------------------------------------------------------
def test_activity_28_names_its_origin_in_words(service: LineageService, store: GraphStore) -> None:
    answer = service.lineage("oas:program-migrants-2016#act-28").as_json()
    origin = answer["origins"][0]
    # DOMAIN.md: the Second Summit, Santiago, April 18-19, 1998; its Plan of Action: "Seek full respect for ..."
    assert origin["label"].startswith("commitment of the Plan of Action of the Second Summit of the Americas, "
                                      "Santiago, 18 April 1998: ‘Seek full respect for")
    assert "ECHOES" in answer["origin_reason"]
    assert all(n.get("label") for n in answer["nodes"])
    sources = _sources(store)
    pairs = [(e["source"], e["type"], e["target"]) for e in answer["edges"]]
    assert len(pairs) == len(set(pairs))  # one edge per (source, type, target)
    merged = [e for e in answer["edges"] if e["count"] > 1]
    assert merged, "AG/RES. 2027 is cited as mandate twice (002 and 003)"
    for edge in merged:
        assert len(edge["evidences"]) == edge["count"]
        for ev in edge["evidences"]:
            assert sources[ev["document"]][ev["start"]:ev["end"]] == ev["quote"]


def test_an_origin_that_is_the_subject_says_why(service: LineageService) -> None:
    # 002 activity 1 "Coordinate with the Committee on Migration Issues" is new in 2016 (the CAM dates from 2012)
    answer = service.lineage("oas:program-migrants-2016#act-1").as_json()
    assert answer["origins"][0]["id"] == "oas:program-migrants-2016#act-1"
    assert answer["origin_reason"].startswith("no earlier text in the graph carries this content")
