"""docs/cookbook.md: every recipe's query runs on the sample corpus and gives the answer the page
states (read from the texts by hand; each expectation is in an HTML comment under its recipe)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from mandate_lineage.config import open_store
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.ingest.pipeline import bundled_corpus, ingest_paths
from tests.conftest import settings_for

COOKBOOK = Path(__file__).resolve().parents[2] / "docs" / "cookbook.md"
RECIPE = re.compile(r"^### (\d+)\. (.+?)$(.*?)(?=^### |\Z)", re.M | re.S)
QUERY = re.compile(r"```cypher\n(.*?)```", re.S)
PARAMS = re.compile(r"^Parameters: `(.*?)`$", re.M)
EXPECT = re.compile(r"<!-- expect: (\{.*?\}) -->")


def recipes() -> list[dict]:
    out = []
    for number, question, body in RECIPE.findall(COOKBOOK.read_text(encoding="utf-8")):
        params = PARAMS.search(body)
        expect = EXPECT.search(body)
        out.append({"id": f"{number}-{question}", "question": question,
                    "query": QUERY.search(body).group(1) if QUERY.search(body) else None,
                    "params": json.loads(params.group(1)) if params else {},
                    "expect": json.loads(expect.group(1)) if expect else None})
    return out


def flat(value) -> list:
    if isinstance(value, list):
        return [x for item in value for x in flat(item)]
    return [value]


def test_the_cookbook_has_at_least_twelve_complete_recipes() -> None:
    found = recipes()
    assert len(found) >= 12
    incomplete = [r["id"] for r in found if not r["query"] or not r["expect"]]
    assert incomplete == []


@pytest.fixture(scope="module")
def store(embedded_dir: Path):
    store = open_store(settings_for("embedded", embedded_dir, graph="cookbook"))
    store.clear()
    assert not ingest_paths([bundled_corpus()], store).failed
    yield store
    store.close()


@pytest.mark.parametrize("recipe", recipes(), ids=lambda r: r["id"][:60])
def test_recipe_answers_as_the_cookbook_says(recipe: dict, store: GraphStore) -> None:
    result = store.read(recipe["query"], recipe["params"])
    expect = recipe["expect"]
    assert result.rows, f"{recipe['question']}: no rows"
    if "rows" in expect:
        assert len(result.rows) == expect["rows"], result.rows
    if "min_rows" in expect:
        assert len(result.rows) >= expect["min_rows"], result.rows
    values = set(map(str, flat(result.rows)))
    missing = [v for v in expect.get("contains", []) if v not in values]
    assert not missing, f"{recipe['question']}: {missing} not in {result.rows}"
    if "first" in expect:
        assert result.rows[0][: len(expect["first"])] == expect["first"]
