"""The cross-document stage: text-reuse links (ECHOES) between stored paragraphs.

The links are a function of the *set* of stored paragraphs, not of the run that brought them:
term weights, corpus formulas and the chains of a widespread passage are all read from the whole
set, so a pass over new paragraphs only would keep links the larger set no longer supports (the
same 300 synthetic files gave 11,163 links in one run and 16,058 in two). So the stage recomputes
the links of the whole store and reconciles: it writes what is missing or changed and deletes
what is no longer found. It streams: paragraphs are read in batches and held as term ids
(:mod:`.engine`), links are compared and written one batch of source paragraphs at a time, so
the stage's memory is a few arrays per stored token, not the store's texts and links.

With a frozen basis (:mod:`.basis`, ``mandates reuse freeze``) a link depends on its two
paragraphs and their shingles' holders only, and a pass compares what changed since the last one
(:mod:`.local`), from a shingle index kept beside the data (:mod:`.shingle_index`).

A document is written with ``reusePending`` set (in the same statement as its text); the marker
is cleared only once a pass that saw it has written its links. A run that was interrupted in
this stage (kill -9, Ctrl-C, database killed, disk full) leaves the markers, and the next run
finishes the pass even when every file is unchanged. Passes of concurrent runs take turns (the
store's ``reuse`` lock: interleaved, a pass that read an older set wrote its stale links after a
newer pass), and a pass checks that no document came or went while it ran: if one did, it runs
again, so the last pass always saw the final set.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from mandate_lineage.errors import MandatesError
from mandate_lineage.graph.store import GraphStore

from .basis import ReuseBasis, drop_basis, new_state, read_basis, write_basis
from .detect import COMPARED_KINDS, DEFAULT
from .engine import ReuseIndex, Work, spans_of, to_paragraph, tokenising_pool
from .local import local_reconcile
from .shingle_index import Held, ShingleIndex
from .stored_links import STORED_ECHOES_OF, link_row, read_candidates, write_difference
from .token_cache import TokenCache, fingerprint

PARAGRAPH_KEYS = "MATCH (p:Paragraph) WHERE p.kind IN $kinds RETURN p.key AS key"
READ_BATCH = 5_000  # paragraphs per read, and source paragraphs per written batch of links


PENDING = "MATCH (d:Document) WHERE d.reusePending = true RETURN d.key AS key"
DOCUMENT_SET = "MATCH (d:Document) RETURN d.key AS key, d.sha256 AS sha, d.pipelineVersion AS version"
ORPHAN_ECHOES = "MATCH (a:Paragraph)-[r:ECHOES]->() WHERE NOT a.kind IN $kinds RETURN a.key AS source, r.key AS key"
CLEAR_PENDING = "UNWIND $keys AS k MATCH (d:Instrument {key: k}) SET d.reusePending = null"
MAX_PASSES = 5  # a pass repeated while concurrent runs change the document set


class ReuseError(MandatesError):
    """A text-reuse step that cannot be done (said on one line)."""


@dataclass
class ReuseOutcome:
    written: int = 0  # links written or updated
    deleted: int = 0  # links no longer supported by the stored paragraphs
    passes: int = 0


def finish_reuse(store: GraphStore, pending: frozenset[str] = frozenset()) -> ReuseOutcome:
    """Bring the ECHOES links in line with the stored paragraphs when a document is pending.

    ``pending``: documents this process knows to be pending (it wrote them); the store's markers
    are read too. Nothing is done when none is pending."""
    outcome = ReuseOutcome()
    with store.exclusive("reuse"):  # two passes interleaving their writes left stale links
        _passes(store, pending, outcome)
    return outcome


def _passes(store: GraphStore, pending: frozenset[str], outcome: ReuseOutcome) -> None:
    for _ in range(MAX_PASSES):
        marked = {row[0] for row in store.read(PENDING, row_cap=10_000_000).rows}
        if not (marked or pending):
            return
        before = _document_set(store)
        written, deleted = bring_in_line(store, set(marked) | set(pending), documents=_as_map(before))
        outcome.written += written
        outcome.deleted += deleted
        outcome.passes += 1
        if _document_set(store) == before:
            if marked:
                store.write_statement(CLEAR_PENDING, {"keys": sorted(marked)})
            return
        pending = frozenset()  # the documents changed under the pass: look again


def _document_set(store: GraphStore) -> list[tuple]:
    return sorted(tuple(row) for row in store.read(DOCUMENT_SET, row_cap=10_000_000).rows)


def _as_map(documents: list[tuple]) -> dict[str, tuple[str, str]]:
    return {key: (str(sha), str(version)) for key, sha, version in documents}


def bring_in_line(store: GraphStore, pending: set[str] | frozenset[str] = frozenset(), *,
                  documents: dict[str, tuple[str, str]] | None = None, work: Work | None = None) -> tuple[int, int]:
    """Bring the ECHOES links in line with the stored paragraphs (call it holding the store's
    ``reuse`` lock); returns the links written and deleted. Without a basis every link is
    recomputed (:func:`reconcile_reuse`); with one only what changed since the shingle index was
    written (:mod:`.local`), or every link when the index cannot be trusted, which rewrites it.
    ``pending``: documents written since the last pass (compared again whatever their sha);
    ``documents``: the store's documents, read before the pass began."""
    basis = read_basis(store)
    if basis is None:
        return reconcile_reuse(store, work=work)
    documents = documents if documents is not None else _as_map(_document_set(store))
    with _side_files(store) as (cache, shingles):
        stamp = {"basis": basis.ident, "tokens": fingerprint(DEFAULT.stem_length)}
        if shingles is not None and shingles.valid_for({**stamp, "state": basis.state}):
            held = shingles.documents()
            if not _most_changed(held, documents, pending):
                return local_reconcile(store, basis, shingles, stamp, documents, held, set(pending), cache, work,
                                       DEFAULT)
        return _reconcile(store, READ_BATCH, work, cache, basis=basis, shingles=shingles, stamp=stamp,
                          documents=documents)


@contextmanager
def _side_files(store: GraphStore) -> Iterator[tuple[TokenCache | None, ShingleIndex | None]]:
    """The store's token cache and shingle index (either None where it cannot be opened)."""
    cache = TokenCache.open_for(store, DEFAULT.stem_length)
    shingles = ShingleIndex.open_for(store)
    try:
        yield cache, shingles
    finally:
        for opened in (cache, shingles):
            if opened is not None:
                opened.close()


LOCAL_SHARE = 0.2  # past this share of the documents changed, one whole pass is cheaper than a local one


def _most_changed(held: dict[str, tuple[str, str]], documents: dict[str, tuple[str, str]],
                  pending: set[str] | frozenset[str]) -> bool:
    """Whether so many documents changed since the index (``held``) that a whole pass is the
    cheaper way to the same links."""
    changed = sum(1 for k, v in documents.items() if held.get(k) != v or k in pending) + len(set(held) - set(documents))
    return changed > LOCAL_SHARE * max(len(documents), 1) and changed > 50


def freeze_reuse(store: GraphStore, *, work: Work | None = None) -> tuple[ReuseBasis, int, int]:
    """Make the store's basis from its documents (replacing any) and recompute every link with it;
    returns the basis and the links written and deleted."""
    with store.exclusive("reuse"):
        documents = _as_map(_document_set(store))
        with _side_files(store) as (cache, shingles):
            written, deleted = _reconcile(store, READ_BATCH, work, cache, basis=None, shingles=shingles,
                                          stamp={"tokens": fingerprint(DEFAULT.stem_length)}, documents=documents,
                                          freeze=True)
        marked = sorted(row[0] for row in store.read(PENDING, row_cap=10_000_000).rows)
        if marked and _as_map(_document_set(store)) == documents:
            store.write_statement(CLEAR_PENDING, {"keys": marked})
    basis = read_basis(store)
    assert basis is not None
    return basis, written, deleted


def unfreeze_reuse(store: GraphStore) -> tuple[bool, int, int]:
    """Drop the store's basis and recompute every link with store-wide weights; returns whether
    there was one, and the links written and deleted."""
    with store.exclusive("reuse"):
        had = read_basis(store) is not None
        drop_basis(store)
        shingles = ShingleIndex.open_for(store)
        if shingles is not None:
            try:
                shingles.forget()
            finally:
                shingles.close()
        written, deleted = reconcile_reuse(store)
    return had, written, deleted


def reconcile_reuse(store: GraphStore, *, batch_size: int = READ_BATCH, work: Work | None = None) -> tuple[int, int]:
    """Recompute every link from the stored paragraphs with store-wide weights; write the
    difference. Returns the links written (new or changed) and deleted.

    Memory does not hold the store: paragraphs are read ``batch_size`` at a time and kept as term
    ids (:class:`.engine.ReuseIndex`), and the links are written and compared with the stored ones
    one batch of source paragraphs at a time, the texts of those paragraphs read again for their
    quotes. ``work`` receives the counts of paragraphs held and pairs compared."""
    cache = TokenCache.open_for(store, DEFAULT.stem_length)
    try:
        return _reconcile(store, batch_size, work, cache)
    finally:
        if cache is not None:
            cache.close()


def _reconcile(store: GraphStore, batch_size: int, work: Work | None, cache: TokenCache | None, *,
               basis: ReuseBasis | None = None, shingles: ShingleIndex | None = None,
               stamp: dict[str, str] | None = None, documents: dict[str, tuple[str, str]] | None = None,
               freeze: bool = False) -> tuple[int, int]:
    """Every link recomputed and the difference written. With ``basis`` (or ``freeze``: a basis
    made from the held paragraphs and stored first) the links are scored with it, a new state is
    named and the shingle index, if any, is written anew for ``documents``."""
    keys = sorted({row[0] for row in store.read(PARAGRAPH_KEYS, {"kinds": sorted(COMPARED_KINDS)},
                                                  row_cap=50_000_000).rows})
    index = ReuseIndex(DEFAULT)
    with tokenising_pool(len(keys)) as pool:
        for lo in range(0, len(keys), batch_size):
            index.add((to_paragraph(c) for c in read_candidates(store, keys[lo:lo + batch_size]).values()), pool, cache)
    if freeze:
        if not len(index):
            raise ReuseError("no stored paragraph to freeze text-reuse weights from; ingest documents first")
        write_basis(store, index.freeze())
        basis = read_basis(store)  # as stored: the values every later pass reads
        assert basis is not None
        stamp = {**(stamp or {}), "basis": basis.ident}
    links = index.links(work=work, basis=basis)
    held = index.keys
    rows = _held_rows(index, basis) if basis is not None and shingles is not None else []
    del index, keys
    written = deleted = 0
    at = 0
    for lo in range(0, len(held), batch_size):
        sources = held[lo:lo + batch_size]
        mine = []
        while at < len(links) and links[at].source < lo + batch_size:
            mine.append(links[at])
            at += 1
        texts = read_candidates(store, sorted({held[k.source] for k in mine} | {held[k.target] for k in mine}))
        spans = spans_of({key: c.text for key, c in texts.items()}, DEFAULT.stem_length, cache)
        wanted = {}
        for k in mine:
            source, target = texts.get(held[k.source]), texts.get(held[k.target])
            if (source is None or target is None or k.source_last >= len(spans[source.key])
                    or k.target_last >= len(spans[target.key])):
                continue  # changed by a concurrent run since it was read: finish_reuse runs a pass again
            row = link_row(source, target, k, spans[source.key], spans[target.key])
            wanted[row["props"]["key"]] = row
        stored = {key: (source, props) for source, key, props in
                  store.read(STORED_ECHOES_OF, {"keys": sources}, row_cap=50_000_000).rows}
        w, d = write_difference(store, wanted, stored)
        written, deleted = written + w, deleted + d
    # links from paragraphs no longer compared (none unless a kind left COMPARED_KINDS)
    orphans = {key: (source, None) for source, key in
               store.read(ORPHAN_ECHOES, {"kinds": sorted(COMPARED_KINDS)}, row_cap=50_000_000).rows}
    deleted += write_difference(store, {}, orphans)[1]
    if basis is not None:
        state = new_state(store)
        if shingles is not None:
            shingles.rebuild(documents or {}, rows, {**(stamp or {}), "state": state})
    return written, deleted


def _held_rows(index: ReuseIndex, basis: ReuseBasis) -> list[Held]:
    """Every paragraph of ``index`` as the shingle index holds it."""
    sets = index.shingle_sets(basis)
    return [Held(key, index.evidence_of(i), index.date_of(i), index.owner_of(i), index.is_commitment(i), sets[i])
            for i, key in enumerate(index.keys)]
