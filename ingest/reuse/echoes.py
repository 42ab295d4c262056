"""The cross-document stage: text-reuse links (ECHOES) between stored paragraphs.

The links are a function of the *set* of stored paragraphs, not of the run that brought them:
term weights, corpus formulas and the chains of a widespread passage are all read from the whole
set, so a pass over new paragraphs only would keep links the larger set no longer supports (the
same 300 synthetic files gave 11,163 links in one run and 16,058 in two). So the stage recomputes
the links of the whole store and reconciles: it writes what is missing or changed and deletes
what is no longer found.

A document is written with ``reusePending`` set (in the same statement as its text); the marker
is cleared only once a pass that saw it has written its links. A run that was interrupted in
this stage (kill -9, Ctrl-C, database killed, disk full) leaves the markers, and the next run
finishes the pass even when every file is unchanged. A pass also checks that no document came or
went while it ran (a concurrent ingest): if one did, it runs again, so the last pass to finish
always saw the final set.
"""

from __future__ import annotations

from dataclasses import dataclass

from mandate_lineage.graph.batch import WriteBatch, split_batch
from mandate_lineage.graph.store import LOAD_BATCH_ROWS, GraphStore

from ..building.evidence import edge_key
from .detect import COMPARED_KINDS, ReuseLink, candidate_from_row, find_reuse

# Only the kinds compared and only the properties a candidate needs (``candidate_from_row``):
# the whole property maps of every paragraph took several times longer to read.
CANDIDATE_FIELDS = ("kind", "document", "sourceDocument", "date", "originalText", "text", "start", "attributedTo")
ALL_PARAGRAPHS = ("MATCH (p:Paragraph) WHERE p.kind IN $kinds RETURN p.key AS key, "
                  + ", ".join(f"p.{name} AS {name}" for name in CANDIDATE_FIELDS))


def echo_row(link: ReuseLink) -> dict[str, object]:
    props: dict[str, object] = {
        "evidenceDocument": link.source_document,
        "evidenceParagraph": link.source,
        "evidenceStart": link.source_start,
        "evidenceEnd": link.source_end,
        "evidenceQuote": link.source_quote,
        "rule": link.rule,
        "confidence": round(link.score, 3),
        "similarity": round(link.score, 3),
        "targetDocument": link.target_document,
        "targetStart": link.target_start,
        "targetEnd": link.target_end,
        "targetQuote": link.target_quote,
    }
    return {"source": link.source, "target": link.target, "key": edge_key("ECHOES", link.source, link.target, props),
            "props": props}


PENDING = "MATCH (d:Document) WHERE d.reusePending = true RETURN d.key AS key"
DOCUMENT_SET = "MATCH (d:Document) RETURN d.key AS key, d.sha256 AS sha, d.pipelineVersion AS version"
STORED_ECHOES = "MATCH (a:Paragraph)-[r:ECHOES]->() RETURN a.key AS source, r.key AS key, properties(r) AS props"
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
    for _ in range(MAX_PASSES):
        marked = {row[0] for row in store.read(PENDING, row_cap=10_000_000).rows}
        if not (marked or pending):
            return outcome
        before = _document_set(store)
        written, deleted = reconcile_reuse(store)
        outcome.written += written
        outcome.deleted += deleted
        outcome.passes += 1
        if _document_set(store) == before:
            if marked:
                store.write_statement(CLEAR_PENDING, {"keys": sorted(marked)})
            return outcome
        pending = frozenset()  # the documents changed under the pass: look again
    return outcome


def _document_set(store: GraphStore) -> list[tuple]:
    return sorted(tuple(row) for row in store.read(DOCUMENT_SET, row_cap=10_000_000).rows)


def reconcile_reuse(store: GraphStore) -> tuple[int, int]:
    """Recompute every link from the stored paragraphs; write the difference. Returns the links
    written (new or changed) and deleted."""
    rows = store.read(ALL_PARAGRAPHS, {"kinds": sorted(COMPARED_KINDS)}, row_cap=50_000_000).rows
    candidates = []
    for key, *values in rows:
        props = {name: value for name, value in zip(CANDIDATE_FIELDS, values) if value is not None}
        if (candidate := candidate_from_row(key, props)) is not None:
            candidates.append(candidate)
    wanted = {row["key"]: row for row in (echo_row(link) for link in find_reuse(candidates))}
    stored = {key: (source, props) for source, key, props in store.read(STORED_ECHOES, row_cap=50_000_000).rows}
    stale = [{"source": source, "key": key} for key, (source, _) in stored.items() if key not in wanted]
    fresh = [row for key, row in wanted.items() if key not in stored or not _same_link(stored[key][1], row)]
    for i in range(0, len(stale), LOAD_BATCH_ROWS):
        store.write_statement(DELETE_ECHOES, {"rows": stale[i:i + LOAD_BATCH_ROWS]})
    if fresh:
        batch = WriteBatch()
        batch.add_relationships("ECHOES", "Paragraph", "Paragraph", fresh)
        # ``store.load`` would validate every row, then ``write`` each part again: each part is
        # validated once here (the rows are this module's, of one fixed shape).
        for part in split_batch(batch, LOAD_BATCH_ROWS):
            store.write(part)
    return len(fresh), len(stale)


def _same_link(props: dict, row: dict) -> bool:
    """A stored link is the computed one: its only evidence entry is the row's, with the same values."""
    return props.get("evidenceKeys") == [row["key"]] and all(props.get(k) == v for k, v in row["props"].items())
