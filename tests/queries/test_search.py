"""Full-text search on the sample corpus, through the store's full-text index (real embedded store).

Expected hits are read from the texts: the four paragraphs holding all of "Vienna", "Convention",
"consular" and "assistance" are 002 (the 2016 program) line 65 (objective), line 101 (activity
10, under the IACHR heading of line 93) and line 136 (activity 28), and 003 (the 2005 program's
work plan) line 115 (the fourth IACHR activity). 000 line 60, 001 line 24 and 004 line 222 name
the Convention and consular officers but never "assistance".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mandate_lineage.config import open_store
from mandate_lineage.errors import NotFound, QueryError
from mandate_lineage.graph.batch import WriteBatch
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.ingest.pipeline import bundled_corpus, ingest_paths
from mandate_lineage.queries.search import in_range, search, snippet, words_of
from tests.conftest import run_cli, settings_for

ACT_10 = "oas:program-migrants-2016#act-10"
ACT_28 = "oas:program-migrants-2016#act-28"
OBJECTIVE = "oas:program-migrants-2016#obj-s-3"
WP_IACHR_4 = "oas:program-migrants-2005-work-plan#wp-inter-american-commission-on-human-rights.4"
VIENNA = {ACT_10, ACT_28, OBJECTIVE, WP_IACHR_4}


@pytest.fixture(scope="module")
def store(embedded_dir: Path):
    store = open_store(settings_for("embedded", embedded_dir, graph="search"))
    store.clear()
    assert not ingest_paths([bundled_corpus()], store).failed
    yield store
    store.close()


def keys(answer: dict) -> set[str]:
    return {hit["key"] for hit in answer["results"]}


def test_all_words_in_any_order_find_the_four_paragraphs(store: GraphStore) -> None:
    answer = search(store, "Vienna Convention consular assistance")
    assert keys(answer) == VIENNA and answer["total"] == 4 and not answer["truncated"] and answer["complete"]
    again = search(store, "ASSISTANCE, consular vienna -- convention")
    assert keys(again) == VIENNA
    scores = [hit["score"] for hit in answer["results"]]
    assert scores == sorted(scores, reverse=True)


def test_the_old_exact_phrase_search_missed_it_but_words_find_activity_28(store: GraphStore) -> None:
    """The issue's query: the words are not adjacent in activity 28's text."""
    text = store.read("MATCH (p:Paragraph {key: $k}) RETURN p.text", {"k": ACT_28}).rows[0][0]
    assert "vienna convention consular assistance" not in text.lower()
    assert ACT_28 in keys(search(store, "Vienna Convention consular assistance"))


def test_word_endings_do_not_matter(store: GraphStore) -> None:
    assert ACT_28 in keys(search(store, "promoting consular", limit=200))


def test_paging_and_total(store: GraphStore) -> None:
    first = search(store, "Vienna Convention consular assistance", limit=3)
    rest = search(store, "Vienna Convention consular assistance", offset=3, limit=3)
    assert first["total"] == rest["total"] == 4
    assert len(first["results"]) == 3 and first["truncated"]
    assert len(rest["results"]) == 1 and not rest["truncated"]
    assert keys(first) | keys(rest) == VIENNA


def test_filters(store: GraphStore) -> None:
    q = "Vienna Convention consular assistance"
    assert keys(search(store, q, label="Activity")) == {ACT_10, ACT_28, WP_IACHR_4}
    assert keys(search(store, q, label="Body")) == set()
    assert keys(search(store, q, date_from="2016")) == {ACT_10, ACT_28, OBJECTIVE}
    assert keys(search(store, q, date_from="2016-04-20")) == set()
    assert keys(search(store, q, date_to="2010")) == {WP_IACHR_4}
    # activity 10 and the work plan's fourth activity are the IACHR's (listed under its heading)
    assert keys(search(store, q, body="IACHR")) == {ACT_10, WP_IACHR_4}
    assert keys(search(store, q, body="oas:iachr")) == {ACT_10, WP_IACHR_4}


def test_bodies_summits_and_symbols_are_found_by_name(store: GraphStore) -> None:
    assert search(store, "IACHR")["results"][0]["key"] == "oas:iachr"
    assert search(store, "Inter-American Commission of Women")["results"][0]["key"] == "oas:cim"
    assert search(store, "CIM", label="Body")["results"][0]["key"] == "oas:cim"
    # the Second Summit of the Americas met in Santiago (DOMAIN.md; 001 quotes its Plan of Action)
    assert keys(search(store, "Santiago", label="Summit")) == {"summit:2"}
    assert search(store, "AG/RES. 2141")["results"][0]["key"] == "oas:ag-res-2141-xxxv-o-05"


def test_snippets_are_verbatim_and_hits_name_their_document(store: GraphStore) -> None:
    for hit in search(store, "migrant workers families", limit=50)["results"]:
        if hit["label"] in {"Activity", "Paragraph"}:
            text = store.read("MATCH (p:Paragraph {key: $k}) RETURN p.text, p.document", {"k": hit["key"]}).rows[0]
            assert hit["snippet"] in text[0] and hit["document"] == text[1]


def test_a_paragraph_written_later_is_found(store: GraphStore) -> None:
    batch = WriteBatch()
    batch.add_nodes("Paragraph", [{"key": "test:late#p-1", "props": {"text": "Zanzibar quokka consular xylophone"}}])
    store.write(batch)
    try:
        assert keys(search(store, "xylophone quokka")) == {"test:late#p-1"}
    finally:
        store.write_statement("MATCH (p:Paragraph {key: 'test:late#p-1'}) DETACH DELETE p")
    assert keys(search(store, "xylophone quokka")) == set()


def test_bad_searches_say_why(store: GraphStore) -> None:
    with pytest.raises(QueryError, match="no words"):
        search(store, "?! --")
    with pytest.raises(QueryError, match="ISO date"):
        search(store, "vienna", date_from="2005/06")
    with pytest.raises(NotFound, match="no body named"):
        search(store, "vienna", body="Ministry of Silly Walks")


def test_helpers() -> None:
    assert words_of("AG/RES. 2141 ag res") == ["ag", "res", "2141"]
    assert in_range("2007", "2007-05", "2007-05") and not in_range("2007-06", "2007-07", None)
    assert not in_range(None, "2000", None) and in_range(None, None, None)
    text = "word " * 100 + "needle " + "word " * 100
    cut = snippet(text, ["needle"])
    assert "needle" in cut and cut in text and len(cut) <= 200


def test_cli_search_finds_activity_28(store: GraphStore, embedded_dir: Path) -> None:
    result = run_cli("search", "Vienna Convention consular assistance", data_dir=embedded_dir,
                     env={"MANDATES_GRAPH": "search"})
    assert result.returncode == 0, result.stderr
    assert ACT_28 in result.stdout and WP_IACHR_4 in result.stdout and "of 4 matches" in result.stdout
    as_json = run_cli("search", "vienna", "--label", "Activity", "--limit", "2", "--json", data_dir=embedded_dir,
                      env={"MANDATES_GRAPH": "search"})
    answer = json.loads(as_json.stdout)
    assert answer["total"] == 3 and len(answer["results"]) == 2 and answer["truncated"]
