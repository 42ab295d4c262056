"""A text-reuse pass over what changed, for a store with a basis (:mod:`.basis`).

With frozen weights and formulas a link is the function of its two paragraphs that
:meth:`.engine.ReuseIndex.links_among` computes, and a pair is compared when one of the shingles
the two share proposes it (:func:`proposed_by`, the rule of ``ReuseIndex._pairs`` for one
shingle): every pair of its holders while it has at most ``max_postings``; up to
``max_chain_postings``, each holder with its ``chain_neighbours`` predecessors in time and with
every quoted commitment among them; none beyond. So when documents come or go, the links that can
change are those of

* the pairs of a new paragraph with the holders of its shingles (compared), and
* the pairs of untouched paragraphs whose proposal by a shingle of a new or gone paragraph
  changed: a chain split or joined, a shingle crossing ``max_postings`` or
  ``max_chain_postings`` (each then checked against all the shingles the pair shares).

Everything else keeps its link, so a pass reads and compares the changed documents' paragraphs
and their neighbours only, from the shingle index (:mod:`.shingle_index`) and the graph by key,
and its cost does not grow with the store. A test checks it gives the links a whole recompute
with the same basis gives, over splits, orders, replacements and removals
(``tests/ingest/test_reuse_local.py``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from mandate_lineage.graph.store import GraphStore

from .basis import ReuseBasis, new_state
from .detect import COMPARED_KINDS, DEFAULT, ReuseCandidate, ReuseConfig, series_position
from .engine import ReuseIndex, Work, spans_of, to_paragraph
from .shingle_index import Held, ShingleIndex
from .stored_links import STORED_ECHOES_OF, link_row, read_candidates, write_difference
from .token_cache import TokenCache

Pair = tuple[str, str]  # paragraph keys, the smaller first

# the paragraphs a document's file holds: its own, and those it quotes of other instruments (their
# ``sourceDocument``); both properties are indexed
PARAGRAPHS_OF_DOCUMENTS = ("UNWIND $docs AS d MATCH (p:Paragraph {document: d}) WHERE p.kind IN $kinds RETURN p.key "
                           "UNION UNWIND $docs AS d MATCH (p:Paragraph {sourceDocument: d}) WHERE p.kind IN $kinds "
                           "RETURN p.key")
ECHOES_INTO = ("UNWIND $keys AS k MATCH (b:Paragraph)-[r:ECHOES]->(a:Paragraph {key: k}) "
               "RETURN b.key AS source, r.key AS key, properties(r) AS props")
ECHOES_BETWEEN = ("UNWIND $rows AS row MATCH (a:Paragraph {key: row.s})-[r:ECHOES]->(b:Paragraph {key: row.t}) "
                  "RETURN row.s AS source, r.key AS key, properties(r) AS props")


def rank_key(h: Held) -> tuple:
    """A holder's place in time: ``ReuseIndex._order_ranks`` (date, series position, then key order)."""
    return (h.date or "", series_position(h.owner) or ("", 0, 0), h.key)


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a < b else (b, a)


def regime(count: int, config: ReuseConfig) -> int:
    """0: every pair of holders; 1: chained; 2: none."""
    return 0 if count <= config.max_postings else 1 if count <= config.max_chain_postings else 2


def proposed_by(holders: Sequence[Held], config: ReuseConfig = DEFAULT) -> set[Pair]:
    """The pairs one shingle held by ``holders`` proposes (``ReuseIndex._pairs`` for one shingle)."""
    count = len(holders)
    if count < 2 or count > config.max_chain_postings:
        return set()
    if count <= config.max_postings:
        keys = sorted(h.key for h in holders)
        return {(a, b) for i, a in enumerate(keys) for b in keys[i + 1:]}
    chain = sorted(holders, key=rank_key)
    out = set()
    for m in range(1, len(chain)):
        for a in chain[max(0, m - config.chain_neighbours):m]:
            out.add(_pair(a.key, chain[m].key))
    for c in (h for h in holders if h.commitment):
        out.update(_pair(c.key, h.key) for h in holders if h.key != c.key)
    return out


@dataclass
class Change:
    """The pairs whose links a change of paragraphs makes to compute or to check."""

    compared: set[Pair]  # pairs proposed after the change that touch a new paragraph or were checked
    checked: set[Pair]  # untouched pairs whose proposal changed: their stored link is compared


def plan(shingles: ShingleIndex, gone: list[Held], new: list[Held], config: ReuseConfig = DEFAULT) -> Change:
    """The pairs a change touches (see the module docstring): the index's paragraphs ``gone``
    leave, the paragraphs ``new`` come (a paragraph changed is in both)."""
    gone_keys, new_keys = {h.key for h in gone}, {h.key for h in new}
    touched = gone_keys | new_keys
    leaving = Counter(c for h in gone for c in h.codes.tolist())
    coming: dict[int, list[Held]] = defaultdict(list)
    for h in new:
        for c in h.codes.tolist():
            coming[c].append(h)
    affected = set(leaving) | set(coming)
    before_counts = shingles.counts(affected)
    after_counts = {s: before_counts.get(s, 0) - leaving[s] + len(coming.get(s, ())) for s in affected}
    # a shingle past max_chain_postings before and after proposes nothing either way: not read
    loaded = [s for s in affected if min(before_counts.get(s, 0), after_counts[s]) <= config.max_chain_postings]
    before = shingles.holders(loaded)
    compared: set[Pair] = set()
    changed: set[Pair] = set()
    after_of: dict[int, list[Held]] = {}
    for s in loaded:
        was = before.get(s, [])
        now = [h for h in was if h.key not in gone_keys] + coming.get(s, [])
        after_of[s] = now
        was_regime, now_regime = regime(len(was), config), regime(len(now), config)
        if now_regime == 0:  # every pair: a new paragraph's pairs without listing the others'
            for h in coming.get(s, []):
                compared.update(_pair(h.key, other.key) for other in now if other.key != h.key)
        else:
            compared.update(p for p in proposed_by(now, config) if p[0] in new_keys or p[1] in new_keys)
        if was_regime == now_regime == 0:
            continue  # the pairs of untouched holders are all proposed, before as after
        flipped = proposed_by(was, config) ^ proposed_by(now, config)
        changed.update(p for p in flipped if p[0] not in touched and p[1] not in touched)
    still = _still_proposed(shingles, changed, after_of, set(affected) - set(loaded), config)
    return Change(compared | still, changed)


def _still_proposed(shingles: ShingleIndex, pairs: set[Pair], after_of: dict[int, list[Held]], silent: set[int],
                    config: ReuseConfig) -> set[Pair]:
    """The ``pairs`` (untouched by the change) that a shingle they share still proposes:
    ``after_of`` holds the holders of the changed shingles, ``silent`` the changed shingles that
    propose nothing either way; the others are read from the index (unchanged)."""
    if not pairs:
        return set()
    held = shingles.held({k for p in pairs for k in p})
    shared = {p: np.intersect1d(held[p[0]].codes, held[p[1]].codes).tolist() for p in pairs
              if p[0] in held and p[1] in held}
    unchanged = {s for codes in shared.values() for s in codes} - set(after_of) - silent
    counts = shingles.counts(unchanged)
    chained = [s for s in unchanged if regime(counts.get(s, 0), config) == 1]
    holders = {**shingles.holders(chained), **after_of}
    proposals: dict[int, set[Pair]] = {}
    out = set()
    for p, codes in shared.items():
        for s in codes:
            if s in silent:
                continue
            if s not in holders:
                if regime(counts.get(s, 0), config) == 0 and counts.get(s, 0) >= 2:
                    out.add(p)
                    break
                continue
            found = proposals.get(s)
            if found is None:
                found = proposals[s] = proposed_by(holders[s], config)
            if p in found:
                out.add(p)
                break
    return out


def held_of(candidates: Sequence[ReuseCandidate], basis: ReuseBasis, cache: TokenCache | None,
            config: ReuseConfig = DEFAULT) -> list[Held]:
    """The paragraphs as the index holds them, their shingles coded with ``basis``."""
    index = ReuseIndex(config)
    ordered = sorted(candidates, key=lambda c: c.key)
    index.add((to_paragraph(c) for c in ordered), cache=cache)
    sets = index.shingle_sets(basis)
    return [Held(c.key, c.evidence_document, c.date, c.owner, bool(c.commitment), codes)
            for c, codes in zip(ordered, sets)]


def links_of(store: GraphStore, pairs: Iterable[Pair], known: dict[str, ReuseCandidate], basis: ReuseBasis,
             cache: TokenCache | None, work: Work, config: ReuseConfig = DEFAULT) -> dict[str, dict]:
    """The ``WRITE_ECHOES`` rows, by link key, of the links of ``pairs`` (``known``: candidates
    already read)."""
    pairs = set(pairs)
    keys = sorted({k for p in pairs for k in p})
    missing = [k for k in keys if k not in known]
    candidates = {**{k: known[k] for k in keys if k in known}, **(read_candidates(store, missing) if missing else {})}
    index = ReuseIndex(config)
    present = sorted(candidates)
    index.add((to_paragraph(candidates[k]) for k in present), cache=cache)
    at = {key: i for i, key in enumerate(present)}
    found = index.links_among([(at[a], at[b]) for a, b in pairs if a in at and b in at], basis, work)
    linked = {present[k.source] for k in found} | {present[k.target] for k in found}
    spans = spans_of({key: candidates[key].text for key in linked}, config.stem_length, cache)
    rows = {}
    for k in found:
        source, target = candidates[present[k.source]], candidates[present[k.target]]
        row = link_row(source, target, k, spans[source.key], spans[target.key])
        rows[row["props"]["key"]] = row
    return rows


def stored_links(store: GraphStore, touching: Iterable[str], pairs: Iterable[Pair]) -> dict[str, tuple]:
    """The stored ECHOES of or into the paragraphs ``touching``, and those joining ``pairs`` (either
    way): key -> (source key, properties)."""
    out: dict[str, tuple] = {}
    keys = sorted(touching)
    for lo in range(0, len(keys), 5_000):
        part = keys[lo:lo + 5_000]
        for query in (STORED_ECHOES_OF, ECHOES_INTO):
            for source, key, props in store.read(query, {"keys": part}, row_cap=50_000_000).rows:
                out[key] = (source, props)
    rows = [{"s": a, "t": b} for p in sorted(pairs) for a, b in (p, p[::-1])]
    for lo in range(0, len(rows), 5_000):
        for source, key, props in store.read(ECHOES_BETWEEN, {"rows": rows[lo:lo + 5_000]}, row_cap=50_000_000).rows:
            out[key] = (source, props)
    return out


def local_reconcile(store: GraphStore, basis: ReuseBasis, shingles: ShingleIndex, stamp: dict[str, str],
                    documents: dict[str, tuple[str, str]], held_documents: dict[str, tuple[str, str]],
                    pending: set[str], cache: TokenCache | None,
                    work: Work | None = None, config: ReuseConfig = DEFAULT) -> tuple[int, int]:
    """Bring the links in line after the documents changed since the index was written
    (``documents``: the store's, key -> (sha, version); ``held_documents``: the index's; ``pending``:
    documents written since, whatever their sha). Returns the links written and deleted; the index
    and the basis's state follow."""
    work = work if work is not None else Work()
    changed = {k for k, v in documents.items() if held_documents.get(k) != v} | (pending & set(documents))
    removed = set(held_documents) - set(documents)
    added = {k: documents[k] for k in changed}
    gone = shingles.paragraphs_of(removed | changed)
    gone_keys = {h.key for h in gone}
    written_by = sorted({row[0] for row in store.read(PARAGRAPHS_OF_DOCUMENTS, {"docs": sorted(added),
                                                                                "kinds": sorted(COMPARED_KINDS)},
                                                      row_cap=50_000_000).rows}) if added else []
    # A paragraph's node can outlive the file that wrote it (a commitment two documents quote):
    # one the index held under a changed document is read again, wherever it now comes from.
    candidates = {key: c for key, c in read_candidates(store, sorted(set(written_by) | gone_keys)).items()
                  if c.evidence_document in changed or key in gone_keys}
    new = held_of(list(candidates.values()), basis, cache, config)
    gone += shingles.held({h.key for h in new} - gone_keys).values()  # came from an unchanged file
    change = plan(shingles, gone, new, config)
    wanted = links_of(store, change.compared, candidates, basis, cache, work, config)
    stored = stored_links(store, set(candidates), change.checked)
    written, deleted = write_difference(store, wanted, stored)
    state = new_state(store)
    shingles.apply(removed, added, {h.key for h in gone}, new, {**stamp, "state": state})
    return written, deleted
