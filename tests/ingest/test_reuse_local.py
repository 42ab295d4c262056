"""A store with a reuse basis compares only what changed, and gets the links a whole recompute gets
(issue 13, item 9: an ingest's cost independent of what is already stored).

The first tests drive the local pass's planning (``local.plan``) and scoring (``links_among``) on
their own, with thresholds small enough that shingles cross ``max_postings`` and
``max_chain_postings`` and chains split and join at every step, over random orders of additions,
replacements and removals; after every step the links must be the whole recompute's with the same
basis. The store tests then ingest a synthetic corpus into the real embedded database (and
Neo4j) in several splits and orders, replace and remove documents, and compare every ECHOES link
and its properties with a whole pass.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from bench.synth import generate
from mandate_lineage.config import open_store
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.ingest.pipeline import ingest_paths
from mandate_lineage.ingest.removal import remove_document
from mandate_lineage.ingest.reuse import echoes, local
from mandate_lineage.ingest.reuse.basis import ReuseBasis, new_state, read_basis, write_basis
from mandate_lineage.ingest.reuse.detect import COMPARED_KINDS, ReuseCandidate, ReuseConfig
from mandate_lineage.ingest.reuse.echoes import _held_rows, bring_in_line, freeze_reuse
from mandate_lineage.ingest.reuse.engine import ReuseIndex, Work, to_paragraph
from mandate_lineage.ingest.reuse.local import held_of, plan, proposed_by
from mandate_lineage.ingest.reuse.shingle_index import Held, ShingleIndex
from tests.conftest import fresh_store, settings_for

# Small caps so that a few dozen paragraphs cross them; low score floors so that links are many.
SMALL = replace(ReuseConfig(), max_postings=3, max_chain_postings=7, chain_neighbours=1, min_terms=4,
                min_shared_weight=1.0, min_anchor_weight=1.0, min_score=0.3, min_score_commitment=0.2,
                widespread_min_documents=4, widespread_share=0.5)
WORDS = ("migrant", "consular", "treaty", "protocol", "fisheries", "ocean", "climate", "finance", "women", "children",
         "education", "health", "water", "energy", "tourism", "justice", "prison", "border", "trade", "labour")
DATES = ("2019-06-04", "2020-06-10", "2020-06-10", "2021", None, "2022-11-01")


def _document(rng: random.Random, name: str, version: int = 0) -> list[ReuseCandidate]:
    date = rng.choice(DATES)
    owner = f"doc:{name}"
    out = []
    for n in range(rng.randint(1, 4)):
        words = [rng.choice(WORDS[:6]) if rng.random() < 0.7 else rng.choice(WORDS) for _ in range(rng.randint(5, 12))]
        formula = "ocean energy tourism " if rng.random() < 0.6 else ""  # a phrase in most documents
        formula += "justice prison border " if rng.random() < 0.35 else ""  # in many, not a formula
        out.append(ReuseCandidate(key=f"{owner}#p{n}", owner=owner, evidence_document=owner, date=date,
                                  kind="operative", text=formula + " ".join(words) + f" v{version}.", start=0,
                                  commitment=rng.random() < 0.1))
    return out


def _sha(candidates: list[ReuseCandidate]) -> tuple[str, str]:
    return hashlib.sha256("|".join(c.text for c in candidates).encode()).hexdigest(), "1"


def _index(candidates: list[ReuseCandidate]) -> ReuseIndex:
    index = ReuseIndex(SMALL)
    index.add(to_paragraph(c) for c in sorted(candidates, key=lambda c: c.key))
    return index


def _as_keys(index: ReuseIndex, links: list) -> dict[tuple[str, str], tuple]:
    keys = index.keys
    return {(keys[k.source], keys[k.target]): (k.score, k.verbatim, k.source_first, k.source_last, k.target_first,
                                               k.target_last) for k in links}


def _whole(candidates: list[ReuseCandidate], basis: ReuseBasis) -> dict[tuple[str, str], tuple]:
    index = _index(candidates)
    return _as_keys(index, index.links(basis=basis))


def _step(shingles: ShingleIndex, docs: dict[str, list[ReuseCandidate]], links: dict, basis: ReuseBasis,
          removed: set[str], added: dict[str, list[ReuseCandidate]]) -> dict:
    """One change as a store sees it: the changed documents' paragraphs and their links go, the new
    ones come, then the local pass writes the links of the pairs it planned."""
    gone = {c.key for d in removed | set(added) for c in docs.get(d, [])}
    for d in removed:
        docs.pop(d)
    docs.update(added)
    new = held_of([c for cs in added.values() for c in cs], basis, None, SMALL)
    change = plan(shingles, shingles.paragraphs_of(removed | set(added)), new, SMALL)
    links = {p: v for p, v in links.items() if p[0] not in gone and p[1] not in gone}
    new_keys = {h.key for h in new}
    links = {p: v for p, v in links.items()
             if p[0] not in new_keys and p[1] not in new_keys and tuple(sorted(p)) not in change.checked}
    every = {c.key: c for cs in docs.values() for c in cs}
    involved = sorted({k for p in change.compared for k in p})
    index = _index([every[k] for k in involved])
    at = {k: i for i, k in enumerate(index.keys)}
    links.update(_as_keys(index, index.links_among([(at[a], at[b]) for a, b in change.compared], basis)))
    shingles.apply(removed, {d: _sha(cs) for d, cs in added.items()}, gone, new, {"state": "test"})
    return links


@pytest.mark.parametrize("seed", range(6))
def test_local_steps_give_the_whole_recompute_with_the_same_basis(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    docs = {f"d{i}": _document(rng, f"d{i}") for i in range(12)}
    first = [c for cs in docs.values() for c in cs]
    index = _index(first)
    basis = index.freeze()
    assert basis.formulas, "the small caps make formulas, so their marking is exercised"
    links = _as_keys(index, index.links(basis=basis))
    shingles = ShingleIndex(tmp_path / "index.sqlite")
    shingles.rebuild({f"doc:{d}": _sha(cs) for d, cs in docs.items()}, _held_rows(index, basis), {"state": "test"})
    docs = {f"doc:{d}": cs for d, cs in docs.items()}
    crossed = False
    for step in range(20):
        kind = rng.choice(("add", "add", "replace", "remove", "several"))
        if kind == "add":
            name = f"n{step}"
            removed, added = set(), {f"doc:{name}": _document(rng, name)}
        elif kind == "replace":
            target = rng.choice(sorted(docs))
            removed, added = set(), {target: _document(rng, target.split(":")[1], version=step)}
        elif kind == "remove" and len(docs) > 3:
            removed, added = {rng.choice(sorted(docs))}, {}
        else:
            names = [f"m{step}-{k}" for k in range(3)]
            removed = {rng.choice(sorted(docs))}
            added = {f"doc:{name}": _document(rng, name) for name in names}
        counts = shingles.counts({int(c) for h in held_of([c for cs in added.values() for c in cs], basis, None, SMALL)
                                  for c in h.codes})
        crossed = crossed or any(n >= SMALL.max_postings for n in counts.values())
        links = _step(shingles, docs, links, basis, removed, added)
        assert links == _whole([c for cs in docs.values() for c in cs], basis), f"step {step} ({kind})"
    assert crossed, "some step touched a shingle at or past max_postings"
    assert links, "the corpus has links"


def test_proposed_by_is_the_whole_pairing_rule_for_one_shingle() -> None:
    """Holders in chain order by date, then series position, then key; commitments pair with all."""
    def held(key: str, date: str | None, commitment: bool = False) -> Held:
        return Held(key, key.split("#")[0], date, key.split("#")[0], commitment, None)  # type: ignore[arg-type]

    few = [held("a#1", "2020"), held("b#1", "2019"), held("c#1", None)]
    assert proposed_by(few, SMALL) == {("a#1", "b#1"), ("a#1", "c#1"), ("b#1", "c#1")}
    chain = [held("e#1", "2021"), held("a#1", "2020"), held("b#1", "2019"), held("c#1", None), held("d#1", "2020")]
    # time order: c (no date first), b 2019, a 2020, d 2020 (key order breaks the tie), e 2021
    assert proposed_by(chain, SMALL) == {("b#1", "c#1"), ("a#1", "b#1"), ("a#1", "d#1"), ("d#1", "e#1")}
    chain[0] = held("e#1", "2021", commitment=True)
    assert proposed_by(chain, SMALL) >= {("a#1", "e#1"), ("b#1", "e#1"), ("c#1", "e#1"), ("d#1", "e#1")}
    assert proposed_by([held(f"x{i}#1", "2020") for i in range(SMALL.max_chain_postings + 1)], SMALL) == set()


# --- the real store -------------------------------------------------------------------------------
N_DOCS = 48


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("local-corpus")
    generate(N_DOCS, 5, folder)
    return sorted(p for p in folder.iterdir() if p.suffix == ".txt")


def _echoes(store: GraphStore) -> dict[str, tuple]:
    rows = store.read("MATCH (a:Paragraph)-[r:ECHOES]->(b:Paragraph) RETURN a.key, b.key, properties(r)",
                      row_cap=10**7).rows
    return {props["key"]: (a, b, json.dumps(props, sort_keys=True)) for a, b, props in rows}


def _whole_pass_changes_nothing(store: GraphStore) -> None:
    """A whole recompute with the store's basis (forced: a new state makes the shingle index stale)
    writes and deletes no link."""
    with store.exclusive("reuse"):
        new_state(store)
        work = Work()
        assert bring_in_line(store, work=work) == (0, 0)
        assert work.paragraphs == store.read("MATCH (p:Paragraph) WHERE p.kind IN $kinds RETURN count(p)",
                                             {"kinds": sorted(COMPARED_KINDS)}).rows[0][0], "it was a whole pass"


BUNDLED = Path(__file__).resolve().parents[2] / "corpus"


def _copy(files: list[Path], folder: Path) -> list[Path]:
    """The files in a folder of their own with their manifest (the keys stay theirs)."""
    folder.mkdir()
    shutil.copy(files[0].parent / "manifest.toml", folder / "manifest.toml")
    for f in files:
        shutil.copy(f, folder / f.name)
    return sorted(folder / f.name for f in files)


@pytest.mark.parametrize(("corpus", "caps"), [("synthetic", "default"), ("synthetic", "small"), ("bundled", "small")])
def test_a_store_with_a_basis_gets_the_whole_passes_links_whatever_the_runs(
        synth: list[Path], backend: str, embedded_dir: Path, tmp_path: Path, corpus: str, caps: str,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``small``: the caps crossed and chains split at every run, as the 20,000-document store
    does at the default caps. ``bundled``: the five bundled documents, whose quoted commitments
    and tables are paragraphs of other instruments than the file that holds their text."""
    if caps == "small":
        monkeypatch.setattr(echoes, "DEFAULT", replace(SMALL, min_shared_weight=4.0, min_score=0.5))
    files = synth if corpus == "synthetic" else sorted(BUNDLED.glob("*.txt"))
    first, middle, last = (files[:24], files[24:36], files[36:]) if corpus == "synthetic" else (
        files[:2], files[2:3], files[3:])
    store = fresh_store(backend, embedded_dir, graph=f"reuse-local-{corpus}-{caps}")
    try:
        ingest_paths(first, store, workers=0)
        before = _echoes(store)
        basis, _, _ = freeze_reuse(store)
        assert read_basis(store) == basis and basis.documents == len(first)
        assert _echoes(store) == before, "frozen from the same documents, the weights are the store's own"
        ingest_paths(last, store, workers=0)  # later files first, then the middle
        ingest_paths(middle, store, workers=0)
        local = _echoes(store)
        assert len(local) > len(before)
        _whole_pass_changes_nothing(store)
        assert _echoes(store) == local

        # the same files in one run on another graph with the same basis: the same links
        other = (fresh_store(backend, embedded_dir, graph=f"reuse-local-{corpus}-{caps}-b")
                 if backend == "embedded" else None)
        if other is not None:
            try:
                write_basis(other, basis)
                ingest_paths(files, other, workers=0)
                assert _echoes(other) == local
                # and as two concurrent runs (their passes take turns under the store's lock)
                other.clear()
                write_basis(other, basis)
                settings = settings_for("embedded", embedded_dir, graph=f"reuse-local-{corpus}-{caps}-b")
                errors: list[BaseException] = []

                def run(part: list[Path]) -> None:
                    try:
                        with open_store(settings) as own:
                            ingest_paths(part, own, workers=0)
                    except BaseException as exc:  # noqa: BLE001 - reported below
                        errors.append(exc)

                threads = [threading.Thread(target=run, args=(part,)) for part in (files[::2], files[1::2])]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=600)
                assert not errors and not any(t.is_alive() for t in threads)
                assert _echoes(other) == local
            finally:
                other.clear()  # the session's shared server holds less for the tests after
                other.close()

        # one more pass over one stored document compares its neighbourhood only
        work = Work()
        one = store.read("MATCH (d:Document) RETURN d.key ORDER BY d.key LIMIT 1").rows[0][0]
        with store.exclusive("reuse"):
            assert bring_in_line(store, {one}, work=work) == (0, 0)
        stored = store.read("MATCH (p:Paragraph) WHERE p.kind IN $kinds RETURN count(p)",
                            {"kinds": sorted(COMPARED_KINDS)}).rows[0][0]
        if corpus == "synthetic":
            assert 0 < work.paragraphs < stored / 3

        # a changed file replaces its document (the one quoting most commitments, of the bundled
        # five); a removed document takes its links away
        copies = _copy(files, tmp_path / "copies")
        quoting = store.read("MATCH (p:Paragraph) WHERE p.sourceDocument IS NOT NULL RETURN p.sourceDocument, "
                             "count(p) AS n ORDER BY n DESC, p.sourceDocument LIMIT 1").rows
        target = copies[5] if corpus == "synthetic" else next(
            c for c in copies if store.read("MATCH (d:Document {key: $k}) RETURN d.source", {"k": quoting[0][0]}
                                            ).rows[0][0].endswith(c.name))
        text = target.read_text()
        target.write_text(text.replace("the ", "the said ", 5))
        assert target.read_text() != text
        report = ingest_paths([target], store, workers=0)
        assert [o.status for o in report.outcomes] == ["replaced"]
        remove_document(store, store.read("MATCH (d:Document) RETURN d.key ORDER BY d.key SKIP 1 LIMIT 1").rows[0][0])
        after = _echoes(store)
        assert after != local
        _whole_pass_changes_nothing(store)
        assert _echoes(store) == after
    finally:
        store.clear()
        store.close()


@pytest.mark.parametrize("stop", ["before the state is named", "before the index is written"])
def test_a_local_pass_stopped_midway_is_finished_by_the_next_run(
        synth: list[Path], embedded_dir: Path, stop: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C after the links were written: the documents stay pending, and the next run (the same
    files, all unchanged) brings the links in line, locally or by a whole pass."""
    store = fresh_store("embedded", embedded_dir, graph="reuse-local-stop")
    try:
        ingest_paths(synth[:20], store, workers=0)
        freeze_reuse(store)

        def interrupt(*args: object, **kwargs: object) -> None:
            raise KeyboardInterrupt

        target = (local, "new_state") if stop.startswith("before the state") else (ShingleIndex, "apply")
        with monkeypatch.context() as patched:
            patched.setattr(*target, interrupt)
            with pytest.raises(KeyboardInterrupt):
                ingest_paths(synth[20:], store, workers=0)
        assert store.read("MATCH (d:Document) WHERE d.reusePending RETURN count(d)").rows[0][0] > 0
        report = ingest_paths(synth, store, workers=0)
        assert {o.status for o in report.outcomes} == {"unchanged"}
        assert store.read("MATCH (d:Document) WHERE d.reusePending RETURN count(d)").rows[0][0] == 0
        _whole_pass_changes_nothing(store)
    finally:
        store.clear()
        store.close()
