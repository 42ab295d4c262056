"""Reading and writing text-reuse links: what the whole pass (:mod:`.echoes`) and the local pass
(:mod:`.local`) both do: the candidates of paragraphs by key, a link's row with its quotes, the
stored links of paragraphs, and the difference between wanted and stored links written."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mandate_lineage.graph.evidence import EVIDENCE_LISTS
from mandate_lineage.graph.store import LOAD_BATCH_ROWS, GraphStore

from ..building.evidence import edge_key
from .detect import ReuseCandidate, candidate_from_row
from .engine import CompactLink

# Only the kinds compared and only the properties a candidate needs (``candidate_from_row``):
# the whole property maps of every paragraph took several times longer to read.
CANDIDATE_FIELDS = ("kind", "document", "sourceDocument", "date", "originalText", "text", "start", "attributedTo")
# the verbatim text only (``originalText`` where the cleaned ``text`` differs): each text sent once
PARAGRAPHS_BY_KEY = ("UNWIND $keys AS k MATCH (p:Paragraph {key: k}) RETURN p.key AS key, "
                     + ", ".join("coalesce(p.originalText, p.text) AS text" if name == "text" else
                                 "null AS originalText" if name == "originalText" else f"p.{name} AS {name}"
                                 for name in CANDIDATE_FIELDS))
STORED_ECHOES_OF = ("UNWIND $keys AS k MATCH (a:Paragraph {key: k})-[r:ECHOES]->() "
                    "RETURN k AS source, r.key AS key, properties(r) AS props")
# A link computed anew replaces whatever link joins the two paragraphs (``write_difference``
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


def read_candidates(store: GraphStore, keys: list[str]) -> dict[str, ReuseCandidate]:
    """The candidates of the paragraphs ``keys``, in that order (a paragraph gone or no longer of
    a compared kind is left out)."""
    rows = store.read(PARAGRAPHS_BY_KEY, {"keys": keys}, row_cap=50_000_000).rows if keys else []
    found = {}
    for key, *values in rows:
        props = {name: value for name, value in zip(CANDIDATE_FIELDS, values) if value is not None}
        if (candidate := candidate_from_row(key, props)) is not None:
            found[key] = candidate
    return {key: found[key] for key in keys if key in found}


def write_difference(store: GraphStore, wanted: dict[str, dict], stored: dict[str, tuple]) -> tuple[int, int]:
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
