"""The cross-document stage: text-reuse links (ECHOES) between stored paragraphs.

The links are a function of the *set* of stored paragraphs, not of the run that brought them:
term weights, corpus formulas and the chains of a widespread passage are all read from the whole
set, so a pass over new paragraphs only would keep links the larger set no longer supports (the
same 300 synthetic files gave 11,163 links in one run and 16,058 in two). So the stage recomputes
the links of the whole store and reconciles: it writes what is missing or changed and deletes
what is no longer found. It streams: paragraphs are read in batches and held as term ids
(:mod:`.engine`), links are compared and written one batch of source paragraphs at a time, so
the stage's memory is a few arrays per stored token, not the store's texts and links.

A document is written with ``reusePending`` set (in the same statement as its text); the marker
is cleared only once a pass that saw it has written its links. A run that was interrupted in
this stage (kill -9, Ctrl-C, database killed, disk full) leaves the markers, and the next run
finishes the pass even when every file is unchanged. Passes of concurrent runs take turns (the
store's ``reuse`` lock: interleaved, a pass that read an older set wrote its stale links after a
newer pass), and a pass checks that no document came or went while it ran: if one did, it runs
again, so the last pass always saw the final set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mandate_lineage.graph.evidence import EVIDENCE_LISTS
from mandate_lineage.graph.store import LOAD_BATCH_ROWS, GraphStore

from ..building.evidence import edge_key
from .detect import COMPARED_KINDS, DEFAULT, ReuseCandidate, candidate_from_row
from .engine import CompactLink, ReuseIndex, Work, spans_of, to_paragraph, tokenising_pool
from .token_cache import TokenCache

# Only the kinds compared and only the properties a candidate needs (``candidate_from_row``):
# the whole property maps of every paragraph took several times longer to read.
CANDIDATE_FIELDS = ("kind", "document", "sourceDocument", "date", "originalText", "text", "start", "attributedTo")
PARAGRAPH_KEYS = "MATCH (p:Paragraph) WHERE p.kind IN $kinds RETURN p.key AS key"
# the verbatim text only (``originalText`` where the cleaned ``text`` differs): each text sent once
PARAGRAPHS_BY_KEY = ("UNWIND $keys AS k MATCH (p:Paragraph {key: k}) RETURN p.key AS key, "
                     + ", ".join("coalesce(p.originalText, p.text) AS text" if name == "text" else
                                 "null AS originalText" if name == "originalText" else f"p.{name} AS {name}"
                                 for name in CANDIDATE_FIELDS))
READ_BATCH = 5_000  # paragraphs per read, and source paragraphs per written batch of links


PENDING = "MATCH (d:Document) WHERE d.reusePending = true RETURN d.key AS key"
DOCUMENT_SET = "MATCH (d:Document) RETURN d.key AS key, d.sha256 AS sha, d.pipelineVersion AS version"
STORED_ECHOES_OF = ("UNWIND $keys AS k MATCH (a:Paragraph {key: k})-[r:ECHOES]->() "
                    "RETURN k AS source, r.key AS key, properties(r) AS props")
ORPHAN_ECHOES = "MATCH (a:Paragraph)-[r:ECHOES]->() WHERE NOT a.kind IN $kinds RETURN a.key AS source, r.key AS key"
# A link computed anew replaces whatever link joins the two paragraphs (``_write_difference``
# deletes a changed link's old version first; MERGE, not CREATE, so two concurrent passes never
# leave two links between the same paragraphs).
# The one-entry evidence lists are built here from the scalars, so each value is sent once: the
# link gets the properties ``graph.evidence.merge_part`` gives a link of one evidence entry in one
# ``SET``, not the general merge of evidence lists, which was most of the stage's writing time (an
# ECHOES link only ever has its source paragraph's entry, see ``graph/evidence.py``).
WRITE_ECHOES = ("UNWIND $rows AS row MATCH (a:Paragraph {key: row.source}) MATCH (b:Paragraph {key: row.target}) "
                "MERGE (a)-[r:ECHOES]->(b) SET r = row.props, "
                + ", ".join(f"r.{listed} = [row.props.{name}]" for name, listed in EVIDENCE_LISTS.items()))
DELETE_ECHOES = "UNWIND $rows AS row MATCH (a:Paragraph {key: row.source})-[r:ECHOES {key: row.key}]->() DELETE r"
CLEAR_PENDING = "UNWIND $keys AS k MATCH (d:Instrument {key: k}) SET d.reusePending = null"
MAX_PASSES = 5  # a pass repeated while concurrent runs change the document set


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
        written, deleted = reconcile_reuse(store)
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


def reconcile_reuse(store: GraphStore, *, batch_size: int = READ_BATCH, work: Work | None = None) -> tuple[int, int]:
    """Recompute every link from the stored paragraphs; write the difference. Returns the links
    written (new or changed) and deleted.

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


def _reconcile(store: GraphStore, batch_size: int, work: Work | None, cache: TokenCache | None) -> tuple[int, int]:
    keys = sorted({row[0] for row in store.read(PARAGRAPH_KEYS, {"kinds": sorted(COMPARED_KINDS)},
                                                  row_cap=50_000_000).rows})
    index = ReuseIndex(DEFAULT)
    with tokenising_pool(len(keys)) as pool:
        for lo in range(0, len(keys), batch_size):
            index.add((to_paragraph(c) for c in _candidates(store, keys[lo:lo + batch_size]).values()), pool, cache)
    links = index.links(work=work)
    held = index.keys
    del index, keys
    written = deleted = 0
    at = 0
    for lo in range(0, len(held), batch_size):
        sources = held[lo:lo + batch_size]
        mine = []
        while at < len(links) and links[at].source < lo + batch_size:
            mine.append(links[at])
            at += 1
        texts = _candidates(store, sorted({held[k.source] for k in mine} | {held[k.target] for k in mine}))
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
        w, d = _write_difference(store, wanted, stored)
        written, deleted = written + w, deleted + d
    # links from paragraphs no longer compared (none unless a kind left COMPARED_KINDS)
    orphans = {key: (source, None) for source, key in
               store.read(ORPHAN_ECHOES, {"kinds": sorted(COMPARED_KINDS)}, row_cap=50_000_000).rows}
    deleted += _write_difference(store, {}, orphans)[1]
    return written, deleted


def link_row(source: ReuseCandidate, target: ReuseCandidate, k: CompactLink, s_spans: Sequence[tuple[int, int]],
             t_spans: Sequence[tuple[int, int]]) -> dict[str, Any]:
    """The ``WRITE_ECHOES`` row of the link ``k`` between two candidates, its quotes cut from their
    texts at the token spans, in one step (a ``detect.ReuseLink`` and two copies per link were a
    tenth of the stage's time; ``tests/ingest/reuse_reference.py`` keeps that path as the reference)."""
    s_start, s_end = source.start + s_spans[k.source_first][0], source.start + s_spans[k.source_last][1]
    t_start, t_end = target.start + t_spans[k.target_first][0], target.start + t_spans[k.target_last][1]
    rule = "reuse:near-verbatim" if k.verbatim else "reuse:paraphrase"
    score = round(k.score, 3)
    props: dict[str, Any] = {
        "evidenceDocument": source.evidence_document,
        "evidenceParagraph": source.key,
        "evidenceStart": s_start,
        "evidenceEnd": s_end,
        "evidenceQuote": source.text[s_start - source.start:s_end - source.start],
        "rule": rule,
        "confidence": score,
        "similarity": score,
        "targetDocument": target.evidence_document,
        "targetStart": t_start,
        "targetEnd": t_end,
        "targetQuote": target.text[t_start - target.start:t_end - target.start],
    }
    props["key"] = edge_key("ECHOES", source.key, target.key, props)
    return {"source": source.key, "target": target.key, "props": props}


def _candidates(store: GraphStore, keys: list[str]) -> dict[str, ReuseCandidate]:
    """The candidates of the paragraphs ``keys``, in that order (a paragraph gone or no longer of
    a compared kind is left out)."""
    rows = store.read(PARAGRAPHS_BY_KEY, {"keys": keys}, row_cap=50_000_000).rows if keys else []
    found = {}
    for key, *values in rows:
        props = {name: value for name, value in zip(CANDIDATE_FIELDS, values) if value is not None}
        if (candidate := candidate_from_row(key, props)) is not None:
            found[key] = candidate
    return {key: found[key] for key in keys if key in found}


def _write_difference(store: GraphStore, wanted: dict[str, dict], stored: dict[str, tuple]) -> tuple[int, int]:
    """``wanted``: rows of :func:`link_row` by key (as ``WRITE_ECHOES`` takes them)."""
    stale = [{"source": source, "key": key} for key, (source, _) in stored.items() if key not in wanted]
    fresh = [row for key, row in wanted.items() if key not in stored or not _same_link(stored[key][1], row)]
    for i in range(0, len(stale), LOAD_BATCH_ROWS):
        store.write_statement(DELETE_ECHOES, {"rows": stale[i:i + LOAD_BATCH_ROWS]})
    for i in range(0, len(fresh), LOAD_BATCH_ROWS):
        store.write_statement(WRITE_ECHOES, {"rows": fresh[i:i + LOAD_BATCH_ROWS]})
    return len(fresh), len(stale)


def _same_link(props: dict, row: dict) -> bool:
    """A stored link is the computed one: its only evidence entry is the row's, with the same values."""
    return (props.get("evidenceKeys") == [row["props"]["key"]]
            and all(props.get(k) == v for k, v in row["props"].items()))
