"""Series of resolutions on a real store: RENEWS by title across sessions, "what changed since the
last one" (new / repeated / amended with a word diff, removed) by function, API and CLI, and "where
did this paragraph first appear". The texts are short excerpts modelled on A/RES/79/109 and
A/RES/80/100 (Question of Saint Helena), with no manifest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

import pytest
from fastapi.testclient import TestClient

from mandate_lineage.api.app import create_app
from mandate_lineage.api.deps import get_settings
from mandate_lineage.config import Settings, open_store
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.ingest.pipeline import ingest_paths
from mandate_lineage.queries.series import changes, first_appearance
from tests.conftest import run_cli, settings_for

HEAD = """A/RES/{session}/{number}
United Nations
General Assembly
Distr.: General
{distr}
{ordinal} session
Agenda item 58
Resolution adopted by the General Assembly
on {adopted}
[on the report of the Special Political and Decolonization Committee
(Fourth Committee) (A/{session}/537, para. 15)]
{session}/{number}.
Question of Saint Helena
The General Assembly,
"""

RES_79 = HEAD.format(session=79, number=109, distr="9 December 2024", ordinal="Seventy-ninth",
                     adopted="4 December 2024") + """Having considered the question of Saint Helena and examined the report of the Special
Committee for 2024,
Noting with appreciation the working paper prepared by the Secretariat on Saint Helena,
Recognizing the need to ensure the full implementation of the Declaration on the Granting of Independence,
1. Reaffirms the inalienable right of the people of Saint Helena to self-determination, in
conformity with the Charter of the United Nations;
2. Requests the Special Committee to continue to examine the question of Saint Helena and to report
thereon to the General Assembly at its eightieth session;
3. Welcomes the visit of the Governor to the small island communities of the Territory in the
course of the year under review;
52nd plenary meeting
4 December 2024
"""

RES_80 = HEAD.format(session=80, number=100, distr="8 December 2025", ordinal="Eightieth",
                     adopted="5 December 2025") + """Having considered the question of Saint Helena and examined the report of the Special
Committee for 2025,
Noting with appreciation the working paper prepared by the Secretariat on Saint Helena,
Recognizing the need to ensure the full implementation of the Declaration on the Granting of Independence,
1. Reaffirms the inalienable right of the people of Saint Helena to self-determination, in
conformity with the Charter of the United Nations;
2. Requests the Special Committee to continue to examine the question of Saint Helena and to report
thereon to the General Assembly at its eighty-first session;
3. Calls upon the administering Power to assist the Territory in strengthening its resilience to
the effects of climate change and the loss of biodiversity on the island of Ascension;
49th plenary meeting
5 December 2025
"""

OTHER_80 = HEAD.format(session=80, number=101, distr="8 December 2025", ordinal="Eightieth",
                       adopted="5 December 2025").replace("Question of Saint Helena", "Question of Tokelau") + \
    """1. Reaffirms the inalienable right of the people of Tokelau to self-determination;
49th plenary meeting
5 December 2025
"""


@pytest.fixture(scope="module")
def series_settings(embedded_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    folder = tmp_path_factory.mktemp("series")
    (folder / "A_RES_79_109.txt").write_text(RES_79, encoding="utf-8")
    (folder / "A_RES_80_100.txt").write_text(RES_80, encoding="utf-8")
    (folder / "A_RES_80_101.txt").write_text(OTHER_80, encoding="utf-8")
    settings = settings_for("embedded", embedded_dir, graph="series")
    with open_store(settings) as store:
        store.clear()
        report = ingest_paths([folder], store)
    assert not report.failed, [o.error for o in report.failed]
    return settings


@pytest.fixture
def series_store(series_settings: Settings) -> Iterator[GraphStore]:
    with open_store(series_settings, setup=False) as store:
        yield store


def test_renews_the_previous_resolution_of_the_same_title(series_store: GraphStore) -> None:
    rows = series_store.read("MATCH (a)-[r:RENEWS]->(b) RETURN a.key, b.key, r.rule, r.evidenceQuote, r.evidenceStart, "
                             "r.evidenceEnd").rows
    assert len(rows) == 1
    source, target, rule, quote, start, end = rows[0]
    assert (source, target, rule, quote) == ("un:a-res-80-100", "un:a-res-79-109", "series-same-title",
                                             "Question of Saint Helena")
    assert RES_80[start:end] == quote  # verbatim in the stored text


def test_changes_since_the_last_resolution(series_store: GraphStore) -> None:
    answer = changes(series_store, "un:a-res-80-100")
    assert answer["previous"]["id"] == "un:a-res-79-109"
    by_id = {row["localId"]: row for row in answer["paragraphs"]}
    assert by_id["op-1"]["status"] == "repeated" and by_id["op-1"]["previous"] == "un:a-res-79-109#op-1"
    assert by_id["pre-2"]["status"] == "repeated"
    amended = by_id["op-2"]
    assert amended["status"] == "amended"
    changed = [(run["old"], run["new"]) for run in amended["diff"] if run["op"] != "equal"]
    assert changed == [("eightieth", "eighty-first")]
    assert [(r["old"], r["new"]) for r in by_id["pre-1"]["diff"] if r["op"] != "equal"] == [("2024,", "2025,")]
    assert by_id["op-3"]["status"] == "new"
    assert [row["localId"] for row in answer["removed"]] == ["op-3"]
    assert answer["summary"] == {"new": 1, "repeated": 3, "amended": 2, "removed": 1}


def test_a_resolution_with_no_predecessor_is_all_new(series_store: GraphStore) -> None:
    answer = changes(series_store, "un:a-res-80-101")
    assert answer["previous"] is None and answer["summary"]["new"] == len(answer["paragraphs"]) >= 1


def test_first_appearance(series_store: GraphStore) -> None:
    answer = first_appearance(series_store, "un:a-res-80-100#op-2")
    assert answer["first"]["id"] == "un:a-res-79-109#op-2" and not answer["isFirst"]
    assert answer["path"][-1]["id"] == "un:a-res-79-109#op-2"
    new = first_appearance(series_store, "un:a-res-80-100#op-3")
    assert new["isFirst"] and new["path"] == []


def test_api_routes(series_settings: Settings) -> None:
    app = create_app()
    app.dependency_overrides[get_settings] = lambda: series_settings
    with TestClient(app) as client:
        body = client.get("/series/un:a-res-80-100/changes").json()
        assert body["summary"]["amended"] == 2 and body["previous"]["symbol"] == "A/RES/79/109"
        first = client.get("/paragraphs/un:a-res-80-100%23op-1/first-appearance").json()
        assert first["first"]["id"] == "un:a-res-79-109#op-1"
        assert client.get("/series/un:nothing/changes").status_code == 404
        assert client.get("/paragraphs/un:a-res-80-100/first-appearance").status_code == 404  # a document


def test_cli_commands(series_settings: Settings, embedded_dir: Path) -> None:
    env = {"MANDATES_GRAPH": "series"}
    done = run_cli("changes", "A/RES/80/100", data_dir=embedded_dir, env=env)
    assert done.returncode == 0, done.stderr
    assert "previous: A/RES/79/109" in done.stdout and "[-eightieth-] {+eighty-first+}" in done.stdout
    as_json = json.loads(run_cli("changes", "un:a-res-80-100", "--json", data_dir=embedded_dir, env=env).stdout)
    assert as_json["summary"]["new"] == 1
    first = run_cli("first-appearance", "un:a-res-80-100#op-1", data_dir=embedded_dir, env=env)
    assert first.returncode == 0 and "first appearance: un:a-res-79-109#op-1" in first.stdout


def test_title_located_with_curly_quotes() -> None:
    from mandate_lineage.ingest.building.series import locate_title

    text = "80/79.\n\nPalestine refugees\u2019 properties and\ntheir revenues\nThe General Assembly,"
    start, end = locate_title(text, "Palestine refugees' properties and their revenues")
    assert text[start:end] == "Palestine refugees\u2019 properties and\ntheir revenues"


def test_a_resolution_that_comes_between_takes_the_link_whatever_the_order(
        embedded_dir: Path, tmp_path: Path) -> None:
    """78 and 80 ingested first: 80 renews 78. Then 79: 80 renews 79, 79 renews 78, and the link
    80 -> 78 goes, as in one run of all three (issue 13, item 6: the graph does not depend on the
    split of files into runs). Removing 79 brings 80 -> 78 back."""
    res_78 = HEAD.format(session=78, number=110, distr="11 December 2023", ordinal="Seventy-eighth",
                         adopted="6 December 2023") + RES_79.split("The General Assembly,\n", 1)[1]
    folder = tmp_path / "three"
    folder.mkdir()
    for name, text in (("A_RES_78_110.txt", res_78), ("A_RES_79_109.txt", RES_79), ("A_RES_80_100.txt", RES_80)):
        (folder / name).write_text(text, encoding="utf-8")
    files = sorted(folder.iterdir())
    series = ("MATCH (a)-[r:RENEWS]->(b) WHERE r.rule = 'series-same-title' OR 'series-same-title' IN r.evidenceRules "
              "RETURN a.key, b.key, properties(r) ORDER BY a.key")

    def renewals(runs: list[list[Path]], graph: str) -> list:
        with open_store(settings_for("embedded", embedded_dir, graph=graph)) as store:
            store.clear()
            for run in runs:
                ingest_paths(run, store, workers=0)
            return store.read(series).rows

    one_run = renewals([files], "series-one-run")
    assert [(a, b) for a, b, _ in one_run] == [("un:a-res-79-109", "un:a-res-78-110"),
                                               ("un:a-res-80-100", "un:a-res-79-109")]
    assert renewals([[files[0], files[2]], [files[1]]], "series-two-runs") == one_run
    with open_store(settings_for("embedded", embedded_dir, graph="series-two-runs")) as store:
        from mandate_lineage.ingest.removal import remove_document

        remove_document(store, "un:a-res-79-109")
        assert [(a, b) for a, b, _ in store.read(series).rows] == [("un:a-res-80-100", "un:a-res-78-110")]
