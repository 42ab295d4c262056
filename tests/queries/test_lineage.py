"""Lineage answers on the sample corpus, through the named queries on each real store (embedded, Neo4j).

Each expected origin is established from the texts; the reasoning is written beside it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from mandate_lineage.errors import NotFound
from mandate_lineage.graph.batch import WriteBatch
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.ingest.pipeline import bundled_corpus, ingest_paths
from mandate_lineage.lineage_view import render_tree, resolve_target
from mandate_lineage.queries import load, names, run
from mandate_lineage.queries.lineage import DEFAULT_LIMIT, EDGES_PER_NODE, MAX_DEPTH, LineageService
from tests import conftest
from tests.conftest import SharedGraph

CORPUS = bundled_corpus()
ACT = "oas:program-migrants-2016#act-{}"


def _ingest_corpus(store: GraphStore) -> None:
    report = ingest_paths([CORPUS], store)
    assert not report.failed


@pytest.fixture(scope="module")
def corpus_graph(module_backend: str, embedded_dir: Path):
    graph = SharedGraph(module_backend, embedded_dir, "lineage", _ingest_corpus)
    yield graph
    graph.close()


@pytest.fixture
def store(corpus_graph: SharedGraph) -> GraphStore:
    """The bundled corpus on the module's backend (filled again on Neo4j after a test took it over)."""
    return corpus_graph.ensure()


@pytest.fixture
def service(store: GraphStore) -> LineageService:
    return LineageService(store)


@pytest.fixture
def sources(store: GraphStore) -> dict[str, str]:
    return {key: (CORPUS / name).read_text(encoding="utf-8")
            for key, name in store.read("MATCH (d:Document) RETURN d.key, d.source").rows}


def test_every_named_query_is_documented_and_uses_parameters() -> None:
    for name in names():
        query = load(name)
        assert query.doc.startswith(name + ":"), name
        assert "'" not in query.text.replace("''", ""), f"{name}: literal strings belong in parameters"


def test_activity_28_upstream_reaches_the_third_summit_through_ag_res_2141(service: LineageService,
                                                                          sources: dict[str, str]) -> None:
    answer = service.lineage(service.activity_key("28")).as_json()
    assert answer["subject"]["id"] == ACT.format(28)
    ids = {n["id"] for n in answer["nodes"]}
    # 002: the 2016 program revises the 2005 program, which AG/RES. 2141 (XXXV-O/05) adopted
    assert {"oas:program-migrants-2016", "oas:program-migrants-2005", "oas:ag-res-2141-xxxv-o-05"} <= ids
    assert any(e["type"] == "ADOPTS" and e["source"] == "oas:ag-res-2141-xxxv-o-05" for e in answer["edges"])
    # 002/003: AG/RES. 2027 renewed the Working Group's mandate; AG/RES. 1928 began the program
    assert {"oas:ag-res-2027-xxxiv-o-04", "oas:ag-res-1928-xxxiii-o-03"} <= ids
    # every activity sits under the Third Summit's mandate (Quebec City, 2001)
    assert answer["institutional_root"]["id"] == "summit:3"
    assert answer["truncated"] is False
    for edge in answer["edges"]:
        ev = edge["evidence"]
        assert sources[ev["document"]][ev["start"]:ev["end"]] == ev["quote"], edge
        assert edge["kind"] in {"institutional", "textual", "structural"}


def test_activity_4_originates_in_the_resolution_it_names(service: LineageService) -> None:
    # 002 line 89: "4. Implementation and monitoring of the Inter-American Program ... (Mandate from
    # resolution AG/RES. 2738 (XLII-O/12)": the activity names its own mandate.
    answer = service.lineage(ACT.format(4)).as_json()
    assert answer["origins"][0]["id"] == "oas:ag-res-2738-xlii-o-12"


def test_downstream_of_the_third_summit_reaches_the_2016_activities(service: LineageService) -> None:
    answer = service.lineage("summit:3", direction="downstream").as_json()
    ids = {n["id"] for n in answer["nodes"]}
    assert "oas:program-migrants-2005" in ids
    assert ACT.format(28) in ids or answer["truncated"]


def test_explain_gives_the_hops_between_two_nodes(service: LineageService) -> None:
    hops = service.explain(ACT.format(28), "summit:3")
    assert {hops[0]["source"], hops[0]["target"]} == {"oas:program-migrants-2016", ACT.format(28)}
    assert hops[-1]["target"] == "summit:3"
    assert {h["type"] for h in hops} >= {"REVISES", "MANDATES"}
    for before, after in zip(hops, hops[1:]):  # consecutive hops share a node
        assert {before["source"], before["target"]} & {after["source"], after["target"]}


def test_explain_between_unlinked_nodes_is_not_found(service: LineageService) -> None:
    with pytest.raises(NotFound, match="no lineage path"):
        service.explain("un:a-res-68-179", "summit:3", depth=3)


def test_depth_is_capped_and_truncation_reported(service: LineageService) -> None:
    shallow = service.lineage(ACT.format(28), depth=1).as_json()
    assert shallow["truncated"] is True and shallow["depth"] == 1
    deep = service.lineage(ACT.format(28), depth=99).as_json()
    assert deep["depth"] == MAX_DEPTH


def test_unknown_node_is_not_found(service: LineageService) -> None:
    with pytest.raises(NotFound, match="no node with id"):
        service.lineage("oas:no-such-thing")
    with pytest.raises(NotFound, match="no activity numbered 99"):
        service.activity_key("99")


def test_by_body_finds_work_across_renamings(store: GraphStore) -> None:
    # 003 assigns four activities to the Department of Education, Culture, Science, and Technology,
    # the name the Office of Education, Science, and Technology took on December 15, 2005
    rows = run(store, "by_body", {"key": "oas:department-education-culture-science-technology"}).records()
    assigned = [r for r in rows if r["type"] == "ASSIGNS" and "Activity" in r["source"]["labels"]]
    assert len(assigned) == 4
    names_held = store.read("MATCH (b:Body {key: $k}) RETURN b.names",
                            {"k": "oas:department-education-culture-science-technology"}).rows[0][0]
    assert len(names_held) == 2


@pytest.mark.parametrize("target, key", [
    ("activity 28", ACT.format(28)),
    ("Activity #4 of the 2016 program", ACT.format(4)),
    ("AG/RES. 2141", "oas:ag-res-2141-xxxv-o-05"),
    ("AG/RES. 2141 (XXXV-O/05)", "oas:ag-res-2141-xxxv-o-05"),
    ("summit:3", "summit:3"),
])
def test_targets_a_user_types(service: LineageService, target: str, key: str) -> None:
    assert resolve_target(service, target) == key


def test_the_tree_shows_dates_kinds_and_quotes(service: LineageService) -> None:
    answer = service.lineage(ACT.format(28)).as_json()
    tree = render_tree(answer, width=120)
    assert tree.splitlines()[0].startswith("2016-04-19  activity 28")
    assert "institutional ADOPTS: 2005  AG/RES. 2141 (XXXV-O/05)" in tree
    assert '"The thirty-fifth regular session of the General Assembly' in tree
    assert "institutional root: 2001-04-20  Third Summit of the Americas" in tree


def test_activity_28_originates_at_the_second_summit(service: LineageService, sources: dict[str, str]) -> None:
    # 002 act-28 "Promote consular assistance, in keeping with the obligations of the states party to
    # the Vienna Convention on Consular Relations" carries the Santiago Plan of Action's commitment
    # (1998), quoted in the GT/TM work plan (001): "Seek full respect for, and compliance with, the
    # 1963 Vienna Convention on Consular Relations ..."
    answer = service.lineage(service.activity_key("28")).as_json()
    origin = answer["origins"][0]
    assert origin["date"] == "1998-04-18" and "Vienna Convention on Consular Relations" in origin["text"]
    assert origin["document"] == "summit:2:plan-of-action"
    textual = [e for e in answer["edges"] if e["kind"] == "textual"]
    assert textual and all(e["type"] in {"ECHOES", "QUOTES"} for e in textual)
    for edge in textual:
        if edge["type"] == "ECHOES":  # both aligned passages are verbatim in their files
            assert sources[edge["targetDocument"]][edge["targetStart"]:edge["targetEnd"]] == edge["targetQuote"]
    assert answer["institutional_root"]["id"] == "summit:3"  # reported apart from the origin


CROSS_CUTTING = "oas:program-migrants-2005-work-plan#wp-all-program-implementers.{}"
IACHR_2005 = "oas:program-migrants-2005-work-plan#wp-inter-american-commission-on-human-rights.{}"


@pytest.mark.parametrize("number, origin, why", [
    (3, CROSS_CUTTING.format(3), "002 act-3 'Incorporate into assistance and technical cooperation activities "
        "consideration of the condition of migrant...' repeats the 2005 program's third cross-cutting activity "
        "(003, 'cross-cutting activities to all Program implementers'), as DOMAIN.md notes"),
    (2, CROSS_CUTTING.format(2), "002 act-2 'Enter into cooperation agreements in order to contribute to the "
        "implementation of this Program's objectives' is the 2005 cross-cutting activity 2 word for word"),
    (9, IACHR_2005.format(3), "002 act-9 'Offer training on guarantees of due process in migration "
        "proceedings' is the IACHR's third activity in the 2005 program (003)"),
    (12, "oas:program-migrants-2005-work-plan#wp-inter-american-commission-of-women.1",
        "002 act-12 'Conduct research on, inter alia, female migration and its impact on family structure' "
        "repeats the CIM's first 2005 activity, adding 'inter alia'"),
    (15, "oas:program-migrants-2005-work-plan#wp-inter-american-childrens-institute.1",
        "002 act-15 'Consider as part of its activities ... unaccompanied migrant children' rewords the IIN's "
        "2005 activity 'Include in its activities the special situation of unaccompanied migrant children'"),
    (1, ACT.format(1), "002 act-1 'Coordinate with the Committee on Migration Issues' is new in 2016 (the CAM "
        "was created in 2012): nothing earlier carries it, so its origin is its own paragraph"),
])
def test_origins_established_from_the_texts(service: LineageService, number: int, origin: str, why: str) -> None:
    answer = service.lineage(ACT.format(number)).as_json()
    assert answer["origins"][0]["id"] == origin, why
    if origin != ACT.format(number):
        assert answer["origins"][0]["date"] == "2005-06-07"  # dated by the 2005 program's adoption


def test_a_node_limit_keeps_the_nearest_levels_and_no_edge_to_a_node_left_out(service: LineageService) -> None:
    whole = service.lineage("summit:3", direction="downstream").as_json()
    assert whole["truncated"] is False and whole["limit"] == DEFAULT_LIMIT
    cut = service.lineage("summit:3", direction="downstream", limit=20).as_json()
    assert cut["truncated"] is True and len(cut["nodes"]) == 20 and cut["limit"] == 20
    ids = {n["id"] for n in cut["nodes"]}
    assert ids < {n["id"] for n in whole["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in cut["edges"])
    # nearest first: every node one step from the summit that fits is in, before anything further
    first_level = {e["target"] if e["source"] == "summit:3" else e["source"] for e in whole["edges"]
                   if "summit:3" in (e["source"], e["target"])}
    assert len(first_level & ids) == min(len(first_level), 19)




def test_a_web_of_copies_is_cut_at_four_links_per_node_with_every_node_linked(module_backend: str,
                                                                             embedded_dir: Path) -> None:
    # 30 copies of one text, each echoing every earlier one (435 links): all 30 fit in a limit of
    # 30 nodes, which allows 120 links; every node keeps the link that reached it.
    batch = WriteBatch()
    keys = [f"doc:{year}#op-1" for year in range(30)]
    batch.add_nodes("Paragraph", [{"key": k, "props": {"text": "the same text", "date": str(1990 + i)}}
                                  for i, k in enumerate(keys)])
    quote = "the same text"
    batch.add_relationships("ECHOES", "Paragraph", "Paragraph", [
        {"source": keys[i], "target": keys[j], "key": f"e{i}-{j}",
         "props": {"evidenceDocument": keys[i].split("#")[0], "evidenceParagraph": keys[i], "evidenceStart": 0,
                   "evidenceEnd": len(quote), "evidenceQuote": quote, "rule": "test", "confidence": 1.0}}
        for i in range(30) for j in range(i)])
    with conftest.fresh_store(module_backend, embedded_dir, "web-of-copies") as web:
        web.write(batch)
        answer = LineageService(web).lineage(keys[-1], limit=30).as_json()
        web.clear()
    assert answer["truncated"] is True
    assert len(answer["nodes"]) == 30 and len(answer["edges"]) == EDGES_PER_NODE * 30
    touched = {e["source"] for e in answer["edges"]} | {e["target"] for e in answer["edges"]}
    assert {n["id"] for n in answer["nodes"]} <= touched
