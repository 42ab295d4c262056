"""Issue 10 over HTTP (the app in-process on the bundled corpus): names resolve, several matches are 409
with the candidates, filters that name nothing are 404, and an id with `#` has a way in that cannot lose
its fragment."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

ACT = "oas:program-migrants-2016#act-{}"


@pytest.mark.parametrize("name, key", [
    ("AG/RES. 2141", "oas:ag-res-2141-xxxv-o-05"),
    ("ag/res 2141", "oas:ag-res-2141-xxxv-o-05"),
    ("Second Summit", "summit:2"),
    ("Santiago", "summit:2"),
    ("IACHR", "oas:iachr"),
    ("Inter-American Commission of Women", "oas:cim"),
    ("activity 4 of the 2016 program", ACT.format(4)),
])
def test_names_resolve_and_answer_with_labels(client: TestClient, name: str, key: str) -> None:
    resolved = client.get("/resolve", params={"q": name})
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["match"]["id"] == key and resolved.json()["match"]["label"]
    for direction in ("upstream", "downstream"):
        answer = client.get("/lineage", params={"q": name, "direction": direction})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["subject"]["id"] == key and body["hops"]
        assert all(n["label"] for n in body["nodes"])
    by_path = client.get(f"/lineage/{name}")  # the path takes a name too ("ag/res 2141" holds a slash)
    assert by_path.status_code == 200 and by_path.json()["subject"]["id"] == key


@pytest.mark.parametrize("path, params, count", [
    ("/resolve", {"q": "activity 4"}, 5),  # 002 has one activity 4, 003 four (one per 2005 area)
    ("/resolve", {"q": "activity 4 of the 2005 program"}, 4),
    ("/lineage", {"q": "activity 4"}, 5),
    ("/activities/4/lineage", {}, 5),
])
def test_several_matches_are_409_with_the_candidates(client: TestClient, path: str, params: dict, count: int) -> None:
    response = client.get(path, params=params)
    assert response.status_code == 409, response.text
    body = response.json()
    assert len(body["candidates"]) == count
    assert all(c["id"] and c["label"].startswith("activity 4 of") for c in body["candidates"])
    assert "activity 4" in body["detail"]


def test_an_id_with_a_hash_has_a_way_in(client: TestClient) -> None:
    # a bare '#' starts the URL fragment, which no client sends: /lineage/oas:program-migrants-2016#act-28
    # reaches the server as the program's id. The query string carries it whole.
    answer = client.get("/lineage", params={"id": ACT.format(28)}).json()
    assert answer["subject"]["id"] == ACT.format(28)
    assert client.get("/lineage/" + ACT.format(28).replace("#", "%23")).json()["subject"]["id"] == ACT.format(28)
    assert client.get("/lineage").status_code == 422  # neither id nor q


def test_activity_filters_take_names_and_refuse_unknown_values(client: TestClient) -> None:
    by_acronym = client.get("/activities", params={"actor": "IACHR"}).json()
    # 002: activities 7-11 under the IACHR; 003: four activities of the 2005 program for the IACHR
    assert {ACT.format(n) for n in range(7, 12)} <= {a["id"] for a in by_acronym}
    assert all("oas:iachr" in {b["id"] for b in a["actors"]} for a in by_acronym)
    of_2016 = client.get("/activities", params={"program": "2016"}).json()
    assert len(of_2016) == 42 and {a["program"] for a in of_2016} == {"oas:program-migrants-2016"}  # 002: 1..42
    both = client.get("/activities", params={"program": "2016", "actor": "IACHR"}).json()
    assert {a["id"] for a in both} == {ACT.format(n) for n in range(7, 12)}
    for params in ({"actor": "Nobody At All"}, {"program": "1999"}):
        response = client.get("/activities", params=params)
        assert response.status_code == 404, params
        assert list(params.values())[0] in response.json()["detail"]
