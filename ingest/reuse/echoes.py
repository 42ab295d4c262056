"""The cross-document stage: text-reuse links (ECHOES) between stored paragraphs and new ones.

Runs after the documents of a run are written. It reads every comparable paragraph from the
store (so a new document is compared with everything ingested before), finds the pairs where at
least one side was written in this run, and writes the links in one batch. Edge keys are
deterministic, so a second run writes nothing new.
"""

from __future__ import annotations

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


def link_reuse(store: GraphStore, new_keys: frozenset[str]) -> int:
    """Write ECHOES links touching ``new_keys``; return how many."""
    if not new_keys:
        return 0
    rows = store.read(ALL_PARAGRAPHS, {"kinds": sorted(COMPARED_KINDS)}, row_cap=50_000_000).rows
    candidates = []
    for key, *values in rows:
        props = {name: value for name, value in zip(CANDIDATE_FIELDS, values) if value is not None}
        if (candidate := candidate_from_row(key, props)) is not None:
            candidates.append(candidate)
    links = find_reuse(candidates, new_keys=new_keys)
    if links:
        batch = WriteBatch()
        batch.add_relationships("ECHOES", "Paragraph", "Paragraph", [echo_row(link) for link in links])
        # ``store.load`` would validate every row, then ``write`` each part again: each part is
        # validated once here (the rows are this module's, of one fixed shape).
        for part in split_batch(batch, LOAD_BATCH_ROWS):
            store.write(part)
    return len(links)
