"""The faster lineage walk gives the same answers as the walk it replaced, on each real store.

``ReferenceLineageService`` (``lineage_reference.py``) is the walk of commit 4fb6e60, kept
callable: one query per level returning whole nodes and relationships. The current walk steps on
keys and reads the properties of what it kept once. Every answer, as the JSON the API sends, must
be byte for byte the same: on the bundled corpus (every node with a link, both directions) and on
a 100-document synthetic corpus (``bench/synth.py``, seeded), with the default limits and with
small ones that cut answers short (which nodes fit under a limit is where a walk could differ).
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from mandate_lineage.graph.store import GraphStore
from mandate_lineage.ingest.pipeline import bundled_corpus, ingest_paths
from mandate_lineage.queries.lineage import LineageService
from tests.conftest import SharedGraph
from tests.queries.lineage_reference import ReferenceLineageService

ROOT = Path(__file__).resolve().parents[2]
# Keys with at least one link, whatever their label (a node with none has a one-node answer).
LINKED = "MATCH (n)-[r]-() WHERE n.key IS NOT NULL AND NOT n:SourceText RETURN DISTINCT n.key ORDER BY n.key"
# (depth, limit): the defaults, and cuts that truncate by depth, by nodes and by edges.
SHAPES = ((8, 250), (2, 250), (8, 12), (3, 3))


def _synthetic(tmp: Path) -> Path:
    out = tmp / "synth-100"
    subprocess.run([sys.executable, str(ROOT / "bench" / "synth.py"), "--docs", "100", "--seed", "11", "--out", str(out)],
                   check=True, capture_output=True)
    (out / "__truth__.json").unlink()  # the generator's answer key, not a document
    return out


@pytest.fixture(scope="module")
def synthetic_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _synthetic(tmp_path_factory.mktemp("synth"))


def _filler(path: Path):
    def fill(store: GraphStore) -> None:
        report = ingest_paths([path], store)
        assert not report.failed

    return fill


@pytest.fixture(scope="module", params=["corpus", "synthetic"])
def graph(request: pytest.FixtureRequest, module_backend: str, embedded_dir: Path):
    path = bundled_corpus() if request.param == "corpus" else request.getfixturevalue("synthetic_dir")
    shared = SharedGraph(module_backend, embedded_dir, f"equivalence-{request.param}", _filler(path))
    yield request.param, shared
    shared.close()


def _answers(service: LineageService, keys: list[str], depth: int, limit: int) -> dict[tuple[str, str], bytes]:
    return {(key, direction): orjson.dumps(service.lineage(key, direction=direction, depth=depth, limit=limit).as_json())
            for key in keys for direction in ("upstream", "downstream")}


def test_answers_equal_the_reference_walk(graph) -> None:
    name, shared = graph
    store = shared.ensure()
    keys = [row[0] for row in store.read(LINKED, row_cap=1_000_000).rows]
    assert len(keys) > 100, f"{name}: too few linked nodes to compare ({len(keys)})"
    sample = keys if name == "corpus" and len(keys) <= 200 else random.Random(5).sample(keys, 200)
    new, old = LineageService(store), ReferenceLineageService(store)
    compared = truncated = 0
    for depth, limit in SHAPES:
        keys_here = sample if (depth, limit) == (8, 250) else sample[::4]
        expected = _answers(old, keys_here, depth, limit)
        got = _answers(new, keys_here, depth, limit)
        for item, answer in expected.items():
            assert got[item] == answer, f"{name}: {item} depth {depth} limit {limit}: the answers differ"
        compared += len(expected)
        truncated += sum(orjson.loads(a)["truncated"] for a in expected.values())
    # the comparison covered answers cut short, not only small complete ones
    assert truncated > 20, f"{name}: only {truncated} truncated answers among {compared}"


def test_explain_equals_the_reference_walk(graph) -> None:
    _, shared = graph
    store = shared.ensure()
    new, old = LineageService(store), ReferenceLineageService(store)
    pairs = store.read("MATCH (a)-[:ECHOES|MANDATES|PART_OF]->(b) RETURN a.key, b.key ORDER BY a.key, b.key LIMIT 40").rows
    assert pairs
    for source, target in pairs:
        assert orjson.dumps(new.explain(source, target)) == orjson.dumps(old.explain(source, target))
