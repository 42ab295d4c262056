"""The walk's per-generation caches (node labels, views) change no answer and save the database
its work; a request reads the graph's generation once.

On the embedded store (Neo4j has no generation, so nothing is cached there): answers computed with
caches filled by earlier answers, in another order, and a second time with every label and
element already cached, must be byte for byte the reference walk's (``lineage_reference.py``,
the walk of commit 4fb6e60). A walk repeated within one generation sends no fetch or label
query, and one written change (a new generation) makes it read the graph again.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import orjson
import pytest

from mandate_lineage.api.answer_cache import AnswerCache
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.queries.lineage import LineageService
from tests.conftest import SharedGraph
from tests.queries.lineage_reference import ReferenceLineageService
from tests.queries.test_lineage_equivalence import LINKED, _filler, _synthetic

SHAPES = ((8, 250), (3, 3))


@pytest.fixture(scope="module")
def synthetic_graph(tmp_path_factory: pytest.TempPathFactory, embedded_dir: Path):
    shared = SharedGraph("embedded", embedded_dir, "lineage-caches", _filler(_synthetic(tmp_path_factory.mktemp("s"))))
    yield shared.ensure()
    shared.close()


class _Counting:
    """Counts the named queries a store is sent (the store itself is the real one)."""

    def __init__(self, store: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
        self.sent: list[str] = []
        self.generations = 0
        read, generation = store.read, store.generation

        def counted_read(query: str, *args: Any, **kwargs: Any):
            self.sent.append(query)
            return read(query, *args, **kwargs)

        def counted_generation():
            self.generations += 1
            return generation()

        monkeypatch.setattr(store, "read", counted_read)
        monkeypatch.setattr(store, "generation", counted_generation)

    def named(self, name: str) -> int:
        from mandate_lineage.queries import load

        # a query sent whole, or (``run_branches``) some of its UNION ALL branches: each branch's
        # text before any slot
        branches = [branch.split("__", 1)[0] for branch in load(name).text.split("\nUNION ALL ")]
        return sum(any(query.startswith(branch) for branch in branches) for query in self.sent)


def _answer(service: LineageService, key: str, direction: str, shape: tuple[int, int]) -> bytes:
    return orjson.dumps(service.lineage(key, direction=direction, depth=shape[0], limit=shape[1]).as_json())


def test_answers_from_filled_caches_equal_the_reference_walk(synthetic_graph: GraphStore) -> None:
    store = synthetic_graph
    keys = random.Random(9).sample([row[0] for row in store.read(LINKED, row_cap=1_000_000).rows], 60)
    old = ReferenceLineageService(store)
    items = [(key, direction, shape) for shape in SHAPES for key in keys for direction in ("upstream", "downstream")]
    expected = {item: _answer(old, *item) for item in items}
    new = LineageService(store)  # one service, its caches filling as it goes: forwards, backwards, again
    for order in (items, items[::-1], items):
        for item in order:
            assert _answer(new, *item) == expected[item], f"{item}: the answers differ"


def test_a_repeated_walk_reads_only_its_subject(synthetic_graph: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store = synthetic_graph
    key = max((row[0] for row in store.read(LINKED, row_cap=1_000_000).rows[:40]),
              key=lambda k: len(LineageService(store).lineage(k).nodes))
    service = LineageService(store)
    first = _answer(service, key, "upstream", (8, 250))
    assert len(orjson.loads(first)["nodes"]) > 5, "a walk of several levels"
    counting = _Counting(store, monkeypatch)
    assert _answer(service, key, "upstream", (8, 250)) == first
    assert counting.named("lineage_fetch") == 0, "every node and relationship came from the element cache"
    assert counting.named("describe_context") == 0, "every label came from the cache"
    store.write_statement("CREATE (:Body {key: $key, name: 'a new generation'})", {"key": "body:lineage-caches"})
    try:
        assert _answer(service, key, "upstream", (8, 250)) == first
        assert counting.named("lineage_fetch") > 0, "a new generation reads the graph again"
    finally:
        store.write_statement("MATCH (b:Body {key: $key}) DELETE b", {"key": "body:lineage-caches"})


def test_an_answer_reads_the_generation_once(synthetic_graph: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    store = synthetic_graph
    keys = [row[0] for row in store.read(LINKED, row_cap=1_000_000).rows][:20]
    service, cache = LineageService(store), AnswerCache(max_bytes=64 * 1024 * 1024)
    counting = _Counting(store, monkeypatch)
    for key in keys:
        before = counting.generations
        body = cache.answer(store, ("node", key), lambda key=key: service.lineage(key).as_json())
        assert counting.generations - before == 1, f"{key}: the generation was read more than once"
        assert body == _answer(ReferenceLineageService(store), key, "upstream", (8, 250))


def _answered(store: GraphStore, service: LineageService, key: str) -> dict[str, Any]:
    """A route's work as the API's answer cache runs it: the generation read first, then resolve and walk."""
    from mandate_lineage.queries.element_cache import generation_read
    from mandate_lineage.queries.resolve import Resolver

    with generation_read(store, store.generation()):
        return service.lineage(Resolver(store).resolve(key)).as_json()


def test_an_answer_reads_its_subject_once(synthetic_graph: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """The resolver's read of a key and the walk's read of its subject are one ``node`` query within
    an answer, none for an answer asked again in that generation, one again after a write; the
    resolver outside an answer reads no generation for it."""
    from mandate_lineage.queries.resolve import Resolver

    store = synthetic_graph
    keys = [row[0] for row in store.read(LINKED, row_cap=1_000_000).rows][20:30]
    service = LineageService(store)
    counting = _Counting(store, monkeypatch)
    for key in keys:
        expected = _answer(ReferenceLineageService(store), key, "upstream", (8, 250))
        before = counting.named("node")
        assert orjson.dumps(_answered(store, service, key)) == expected
        assert counting.named("node") - before == 1, f"{key}: the subject was not read exactly once"
    before = counting.named("node")
    _answered(store, service, keys[-1])
    assert counting.named("node") == before, "asked again in the same generation: the row was kept"
    store.write_statement("CREATE (:Body {key: $key, name: 'a new generation'})", {"key": "body:subject-once"})
    try:
        _answered(store, service, keys[-1])
        assert counting.named("node") == before + 1, "a new generation reads the subject again"
    finally:
        store.write_statement("MATCH (b:Body {key: $key}) DELETE b", {"key": "body:subject-once"})
    generations = counting.generations
    Resolver(store).resolve(keys[0])
    assert counting.generations == generations, "outside an answer the resolver reads no generation"


def test_a_changed_subject_is_read_again(synthetic_graph: GraphStore) -> None:
    """A node's property changed by a write shows in the next answer: its kept row was of the old generation."""
    store = synthetic_graph
    key = [row[0] for row in store.read(LINKED, row_cap=1_000_000).rows][31]
    service = LineageService(store)
    assert _answered(store, service, key)["subject"].get("note") is None
    store.write_statement("MATCH (n {key: $key}) SET n.note = 'changed'", {"key": key})
    try:
        assert _answered(store, service, key)["subject"]["note"] == "changed"
    finally:
        store.write_statement("MATCH (n {key: $key}) REMOVE n.note", {"key": key})
    assert _answered(store, service, key)["subject"].get("note") is None


def test_run_branches_sends_the_branches_with_keys(synthetic_graph: GraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """``run_branches`` answers as the whole named query does, sending only the branches whose list
    holds something, and nothing when none does."""
    from mandate_lineage.queries import run, run_branches

    store = synthetic_graph
    paragraphs = [row[0] for row in store.read("MATCH (n:Paragraph) RETURN n.key ORDER BY n.key LIMIT 5").rows]
    instruments = [row[0] for row in store.read("MATCH (n:Instrument) RETURN n.key ORDER BY n.key LIMIT 3").rows]
    params = {"instruments": instruments, "paragraphs": paragraphs, "summits": [], "bodies": [],
              "instrumentRels": [], "paragraphRels": [], "summitRels": [], "bodyRels": []}
    counting = _Counting(store, monkeypatch)
    whole = run(store, "lineage_fetch", params)
    some = run_branches(store, "lineage_fetch", params)
    assert len(whole.rows) == len(paragraphs) + len(instruments)
    assert (some.columns, sorted(map(repr, some.rows))) == (whole.columns, sorted(map(repr, whole.rows)))
    assert counting.sent[-1].count("UNION ALL") == 1, "the two branches with keys, not eight"
    sent = len(counting.sent)
    nothing = run_branches(store, "lineage_fetch", dict.fromkeys(params, []))
    assert (nothing.columns, nothing.rows) == (whole.columns, [])
    assert len(counting.sent) == sent, "no query for no keys"
