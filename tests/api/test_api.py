"""The HTTP API in-process (TestClient) over the real embedded store holding the bundled corpus.

Expectations come from the corpus texts and its manifest (corpus/manifest.toml), not from the
code's output: file 002 is the 2016 program (42 activities, no. 28 under "OAS MEMBER STATES"),
file 004 is A/RES/68/179, whose preamble names 67/172.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from mandate_lineage.api.app import create_app
from mandate_lineage.api.deps import get_settings
from mandate_lineage.api.middleware import MAX_BODY_BYTES
from mandate_lineage.config import Settings, open_store
from mandate_lineage.errors import (
    ConfigError,
    MandatesError,
    NotFound,
    QueryError,
    QueryTimeout,
    ReadOnlyViolation,
    StoreUnavailable,
)
from mandate_lineage.ingest.pipeline import bundled_corpus
from mandate_lineage.queries.lineage import DEFAULT_DEPTH, MAX_DEPTH

CORPUS = bundled_corpus()
MANIFEST = tomllib.loads((CORPUS / "manifest.toml").read_text(encoding="utf-8"))
PROGRAM_2016 = "oas:program-migrants-2016"
ACTIVITY_28 = f"{PROGRAM_2016}#act-28"
UN_RES = "un:a-res-68-179"


def assert_error(response: Any, status: int, *fragments: str) -> None:
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert detail
    for fragment in fragments:
        assert fragment in str(detail)


@pytest.fixture
def settings_override(client: TestClient) -> Iterator[Any]:
    """Run requests on changed settings, the template's way: override ``get_settings``, then restore."""
    app: FastAPI = client.app  # type: ignore[assignment]
    original = app.dependency_overrides[get_settings]

    def override(**changes: object) -> None:
        app.dependency_overrides[get_settings] = lambda: original().with_(**changes)

    yield override
    app.dependency_overrides[get_settings] = original


# --- health ----------------------------------------------------------------------------------------------
def test_health_reports_backend_and_the_store_counts(client: TestClient, corpus_settings: Settings) -> None:
    with open_store(corpus_settings) as store:
        counts = store.counts()
    assert client.get("/health").json() == {"status": "ok", "backend": corpus_settings.store, "nodes": counts.nodes,
                                            "edges": counts.relationships}


# --- documents -----------------------------------------------------------------------------------------
def test_documents_lists_the_five_documents_with_their_source_files(client: TestClient) -> None:
    documents = client.get("/documents").json()
    assert {d["id"]: d["source"] for d in documents} == {d["key"]: d["file"] for d in MANIFEST["document"]}
    by_id = {d["id"]: d for d in documents}
    assert by_id[UN_RES] == {"id": UN_RES, "title": "Protection of migrants", "symbol": "A/RES/68/179",
                             "date": "2013-12-18", "source": "004_32ce6b0b3a7314ed.txt"}
    assert by_id["oas:draft-res-2007-migrant-workers-usa"]["symbol"] is None  # no symbol of its own


def test_un_resolution_cites_67_172_and_lists_its_paragraphs(client: TestClient) -> None:
    document = client.get(f"/documents/{UN_RES}").json()
    assert document["id"] == UN_RES and "Document" in document["labels"]
    assert document["source"] == "004_32ce6b0b3a7314ed.txt" and document["session"] == "68"
    assert {"id": "un:a-res-67-172", "symbol": "A/RES/67/172"}.items() <= \
        next(c for c in document["cites"] if c["id"] == "un:a-res-67-172").items()
    assert any(c["id"] == "conv:vienna-consular-relations" for c in document["cites"])
    paragraphs = document["paragraphs"]
    assert paragraphs[0]["text"] == "Protection of migrants"  # the title line comes first
    assert [p["start"] for p in paragraphs] == sorted(p["start"] for p in paragraphs)
    assert all(p["id"].startswith(UN_RES + "#") for p in paragraphs)


def test_unknown_document_and_a_paragraph_id_are_404(client: TestClient) -> None:
    assert_error(client.get("/documents/un:a-res-99-999"), 404, "un:a-res-99-999")
    # '#' travels as %23; the id then names a paragraph, which is not a document
    assert_error(client.get(f"/documents/{UN_RES}%23title"), 404, "not a document")


# --- activities ------------------------------------------------------------------------------------------
def test_activities_of_the_2016_program(client: TestClient) -> None:
    activities = client.get("/activities", params={"program": PROGRAM_2016}).json()
    assert [a["number"] for a in activities] == [str(n) for n in range(1, 43)]
    activity = activities[27]
    assert activity["id"] == ACTIVITY_28 and activity["program"] == PROGRAM_2016
    assert activity["text"].startswith("Promote consular assistance")
    assert activity["actors"] == [{"id": "collective:oas-member-states", "name": "OAS member states"}]


def test_activities_filtered_by_actor_and_unknown_filters(client: TestClient) -> None:
    assigned = client.get("/activities", params={"actor": "collective:oas-member-states"}).json()
    assert ACTIVITY_28 in {a["id"] for a in assigned}
    assert all("collective:oas-member-states" in {b["id"] for b in a["actors"]} for a in assigned)
    unknown = client.get("/activities", params={"program": "oas:no-such-program"})  # issue 10: not a silent []
    assert unknown.status_code == 404 and "oas:no-such-program" in unknown.json()["detail"]


# --- lineage -----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def activity_28_lineage(client: TestClient) -> dict[str, Any]:
    response = client.get("/activities/28/lineage")
    assert response.status_code == 200, response.text
    return response.json()


def test_activity_28_lineage_reaches_its_resolution_and_the_third_summit(activity_28_lineage: dict[str, Any]) -> None:
    lineage = activity_28_lineage
    assert lineage["subject"]["id"] == ACTIVITY_28  # the latest program with an activity 28
    assert lineage["direction"] == "upstream"
    assert (lineage["depth"], lineage["depthCap"]) == (DEFAULT_DEPTH, MAX_DEPTH)
    ids = {n["id"] for n in lineage["nodes"]}
    assert {ACTIVITY_28, "oas:ag-res-2141-xxxv-o-05", "summit:3"} <= ids
    assert lineage["institutional_root"]["id"] == "summit:3"
    assert lineage["institutional_root"]["name"] == "Third Summit of the Americas"
    assert {e["source"] for e in lineage["edges"]} | {e["target"] for e in lineage["edges"]} <= ids
    assert {e["kind"] for e in lineage["edges"]} <= {"institutional", "textual", "structural"}


def test_activity_28_textual_origin_is_the_second_summit(activity_28_lineage: dict[str, Any]) -> None:
    origins = [o["id"] for o in activity_28_lineage["origins"]]
    # the Second Summit (1998) or a paragraph of its plan of action, earliest of the origins
    assert origins and (origins[0] == "summit:2" or origins[0].startswith("summit:2:")), origins


def test_every_lineage_edge_quotes_its_source_file_at_its_offsets(client: TestClient,
                                                                   activity_28_lineage: dict[str, Any]) -> None:
    files = {d["id"]: d["source"] for d in client.get("/documents").json()}
    edges = activity_28_lineage["edges"]
    assert edges
    for edge in edges:
        evidence = edge["evidence"]
        text = (CORPUS / files[evidence["document"]]).read_text(encoding="utf-8")
        assert evidence["quote"], edge
        assert text[evidence["start"]:evidence["end"]] == evidence["quote"], edge


def test_lineage_by_node_id_with_an_encoded_hash(client: TestClient, activity_28_lineage: dict[str, Any]) -> None:
    response = client.get("/lineage/oas:program-migrants-2016%23act-28")
    assert response.json() == activity_28_lineage
    explicit = client.get("/activities/28/lineage", params={"program": PROGRAM_2016}).json()
    assert explicit == activity_28_lineage


def test_downstream_lineage_of_the_2005_adopting_resolution(client: TestClient) -> None:
    lineage = client.get("/lineage/oas:ag-res-2141-xxxv-o-05", params={"direction": "downstream", "depth": 3}).json()
    assert lineage["direction"] == "downstream" and lineage["institutional_root"] is None
    assert {"oas:program-migrants-2005", PROGRAM_2016, ACTIVITY_28} <= {n["id"] for n in lineage["nodes"]}


def test_depth_over_the_cap_is_clamped_and_reported(client: TestClient) -> None:
    lineage = client.get("/activities/28/lineage", params={"depth": 99}).json()
    assert (lineage["depth"], lineage["depthCap"]) == (MAX_DEPTH, MAX_DEPTH)


def test_a_node_limit_bounds_the_answer_and_says_so(client: TestClient) -> None:
    lineage = client.get("/lineage/summit:3", params={"direction": "downstream", "limit": 5}).json()
    assert len(lineage["nodes"]) == 5 and lineage["limit"] == 5 and lineage["truncated"] is True
    ids = {n["id"] for n in lineage["nodes"]}
    assert all(e["source"] in ids and e["target"] in ids for e in lineage["edges"])


@pytest.mark.parametrize("params", [{"depth": 0}, {"depth": -1}, {"depth": "deep"}, {"direction": "sideways"},
                                    {"limit": 0}, {"limit": 2001}])
def test_bad_lineage_parameters_are_422(client: TestClient, params: dict[str, Any]) -> None:
    assert_error(client.get("/activities/28/lineage", params=params), 422, next(iter(params)))


def test_unknown_lineage_subjects_are_404(client: TestClient) -> None:
    assert_error(client.get("/lineage/oas:no-such-node"), 404, "oas:no-such-node")
    assert_error(client.get("/activities/999/lineage"), 404, "999")
    assert_error(client.get("/activities/28/lineage", params={"program": "oas:program-migrants-2005"}), 404,
                 "oas:program-migrants-2005")


# --- search ----------------------------------------------------------------------------------------------
def test_search_finds_the_vienna_convention_first(client: TestClient) -> None:
    answer = client.get("/search", params={"q": "Vienna Convention on Consular Relations", "label": "Convention"}).json()
    assert answer["results"][0]["key"] == "conv:vienna-consular-relations"
    assert answer["results"][0]["name"] == "Vienna Convention on Consular Relations"


def test_search_answers_with_total_paging_and_filters(client: TestClient) -> None:
    """The issue's query: all words, any order (002 lines 65, 101, 136 and 003 line 115 hold all four)."""
    answer = client.get("/search", params={"q": "Vienna Convention consular assistance", "limit": 2}).json()
    assert answer["total"] == 4 and answer["offset"] == 0 and answer["limit"] == 2 and answer["truncated"]
    assert set(answer["results"][0]) >= {"key", "label", "name", "snippet", "document", "score"}
    rest = client.get("/search", params={"q": "assistance consular convention vienna", "offset": 2}).json()
    assert not rest["truncated"] and len(rest["results"]) == 2
    assert ACTIVITY_28 in {h["key"] for h in answer["results"] + rest["results"]}
    dated = client.get("/search", params={"q": "Vienna Convention consular assistance", "from": "2016", "to": "2016-12",
                                          "label": "Activity", "body": "oas:iachr"}).json()
    assert [h["key"] for h in dated["results"]] == ["oas:program-migrants-2016#act-10"]


@pytest.mark.parametrize("params", [{}, {"q": "v"}, {"q": "vienna", "limit": 0}, {"q": "vienna", "from": "June 2005"},
                                    {"q": "vienna", "label": "Nothing"}, {"q": "vienna", "offset": -1}])
def test_bad_search_parameters_are_422(client: TestClient, params: dict[str, Any]) -> None:
    assert_error(client.get("/search", params=params), 422)


# --- cypher ----------------------------------------------------------------------------------------------
def test_cypher_reads_with_parameters(client: TestClient) -> None:
    response = client.post("/cypher", json={"query": "MATCH (d:Document {key: $key}) RETURN d.symbol AS symbol, d",
                                            "parameters": {"key": UN_RES}})
    body = response.json()
    assert body["columns"] == ["symbol", "d"] and body["truncated"] is False
    assert body["rows"][0][0] == "A/RES/68/179"
    assert body["rows"][0][1]["properties"]["key"] == UN_RES


def test_cypher_write_is_refused_and_writes_nothing(client: TestClient, corpus_settings: Settings) -> None:
    with open_store(corpus_settings) as store:
        before = store.counts()
        response = client.post("/cypher", json={"query": "CREATE (:Intruder {key: 'x'})"})
        assert_error(response, 403, "read-only")
        detach = client.post("/cypher", json={"query": "MATCH (n) DETACH DELETE n"})
        assert_error(detach, 403)
        assert store.counts() == before


def test_cypher_errors_map_to_400_and_504(client: TestClient, settings_override: Any) -> None:
    assert_error(client.post("/cypher", json={"query": "MATCH (n RETURN n"}), 400)
    settings_override(timeout_ms=1)
    # Ninety million rows: seconds on either backend, past Neo4j's transaction monitor, which
    # checks time limits every 2 s by default (a query done sooner is never stopped there).
    ninety_million_rows = "UNWIND range(1, 30000) AS x UNWIND range(1, 3000) AS y RETURN count(*)"
    slow = client.post("/cypher", json={"query": ninety_million_rows})
    assert_error(slow, 504, "time limit")


def test_cypher_applies_the_row_cap(client: TestClient, settings_override: Any) -> None:
    settings_override(row_cap=2)
    body = client.post("/cypher", json={"query": "MATCH (d:Document) RETURN d.key"}).json()
    assert len(body["rows"]) == 2 and body["truncated"] is True


@pytest.mark.parametrize("body", [{}, {"query": ""}, {"query": "RETURN 1", "parameters": [1]}])
def test_cypher_bad_body_is_422(client: TestClient, body: dict[str, Any]) -> None:
    assert_error(client.post("/cypher", json=body), 422)


def test_request_body_over_one_mib_is_413(client: TestClient) -> None:
    oversized = b'{"query": "' + b"x" * MAX_BODY_BYTES + b'"}'
    assert_error(client.post("/cypher", content=oversized, headers={"content-type": "application/json"}), 413)

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while it arrives
        yield b'{"query": "'
        for _ in range(12):
            yield b"x" * 100_000
        yield b'"}'

    assert_error(client.post("/cypher", content=chunks(), headers={"content-type": "application/json"}), 413)


# --- errors and schema ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("error", "status"), [
    (NotFound("gone"), 404), (QueryError("bad"), 400), (ReadOnlyViolation("no writes"), 403),
    (QueryTimeout("slow"), 504), (StoreUnavailable("down"), 503), (ConfigError("odd"), 500),
])
def test_project_errors_become_statuses_with_detail(error: MandatesError, status: int) -> None:
    app = create_app(Settings())  # no lifespan run: the route below needs no store

    @app.get("/raise")
    def raise_it() -> None:
        raise error

    assert_error(TestClient(app).get("/raise"), status, str(error))


def test_openapi_documents_every_resource(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert schema["info"]["title"] == "mandate-lineage" and schema["info"]["description"]
    assert {t["name"] for t in schema["tags"]} == {"health", "documents", "activities", "lineage", "search", "cypher", "schema", "series"}
    assert {"/series/{document_id}/changes", "/paragraphs/{paragraph_id}/first-appearance"} <= set(schema["paths"])
    assert {"/health", "/documents", "/documents/{document_id}", "/activities", "/lineage/{node_id}",
            "/activities/{number}/lineage", "/search", "/cypher"} <= set(schema["paths"])
    lineage_fields = set(schema["components"]["schemas"]["Lineage"]["properties"])
    assert {"depthCap", "institutional_root", "origins", "edges"} <= lineage_fields
    assert "403" in schema["paths"]["/cypher"]["post"]["responses"]
    assert client.get("/docs").status_code == 200
