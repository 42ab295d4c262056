"""The graph is the same whatever the split of files into runs and their order (issue 13, item 6).

Text-reuse links depend on the whole set of stored paragraphs (term weights, corpus formulas),
so a run that compared only its own new paragraphs left links the larger set no longer supports.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

import pytest

from bench.synth import generate
from mandate_lineage.config import open_store
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.ingest.pipeline import ingest_paths
from tests.conftest import settings_for

N_DOCS = 80


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("split-corpus")
    generate(N_DOCS, 11, folder)
    return sorted(p for p in folder.iterdir() if p.suffix == ".txt")


def graph_of(store: GraphStore) -> tuple[str, int]:
    """A digest of every node and relationship with all their properties, and the ECHOES count."""
    nodes = store.read("MATCH (n) RETURN n.key, labels(n), properties(n)", row_cap=10**7).rows
    rels = store.read("MATCH (a)-[r]->(b) RETURN type(r), a.key, b.key, properties(r)", row_cap=10**7).rows
    items = sorted(json.dumps([n[0], sorted(n[1]), n[2]], sort_keys=True) for n in nodes)
    items += sorted(json.dumps(r, sort_keys=True) for r in rels)
    echoes = sum(1 for r in rels if r[0] == "ECHOES")
    return hashlib.sha256("\n".join(items).encode()).hexdigest(), echoes


def ingest_runs(embedded_dir: Path, name: str, runs: list[list[Path]], concurrent: bool = False) -> tuple[str, int]:
    settings = settings_for("embedded", embedded_dir, graph=f"split-{name}")
    with open_store(settings) as store:
        store.clear()
    if concurrent:
        errors: list[BaseException] = []

        def one(files: list[Path]) -> None:
            try:
                with open_store(settings) as own:
                    ingest_paths(files, own, workers=0)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=one, args=(files,)) for files in runs]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=600)
        assert not errors, errors
    else:
        with open_store(settings) as store:
            for files in runs:
                report = ingest_paths(files, store, workers=0)
                assert not report.failed, [o.error for o in report.failed]
    with open_store(settings) as store:
        result = graph_of(store)
        store.clear()
    return result


def test_the_graph_is_the_same_whatever_the_split_into_runs(corpus: list[Path], embedded_dir: Path) -> None:
    half = len(corpus) // 2
    first, second = corpus[:half], corpus[half:]
    one_run = ingest_runs(embedded_dir, "one", [corpus])
    assert one_run[1] > 0, "the corpus has no text reuse: the comparison would prove nothing"
    assert ingest_runs(embedded_dir, "ab", [first, second]) == one_run
    assert ingest_runs(embedded_dir, "ba", [second, first]) == one_run
    assert ingest_runs(embedded_dir, "interleaved", [corpus[0::2], corpus[1::2]]) == one_run
    assert ingest_runs(embedded_dir, "concurrent", [first, second], concurrent=True) == one_run


def test_a_commitment_quoted_by_two_documents_is_the_same_node_in_either_order(
        tmp_path: Path, embedded_dir: Path) -> None:
    """Each document quoting a commitment writes its passage node (keyed by the quoted text): the
    node keeps one writer's facts (the least document key), not the last writer's."""
    generate(300, 7, tmp_path)
    from mandate_lineage.ingest.identity.metadata import load_manifest

    manifest = load_manifest(tmp_path)
    assert manifest is not None
    by_key = {entry["key"]: tmp_path / name for name, entry in manifest.documents.items()}
    pair = [by_key["oas:cp-doc-6045-07"], by_key["oas:cp-doc-6124-12"]]
    forward = ingest_runs(embedded_dir, "quoted-forward", [pair[:1], pair[1:]])
    assert ingest_runs(embedded_dir, "quoted-backward", [pair[1:], pair[:1]]) == forward
    assert ingest_runs(embedded_dir, "quoted-one", [pair]) == forward
