"""The ECHOES rows the reuse stage made before ``echoes.link_row`` (a ``ReuseLink``, then its row,
then the row ``WRITE_ECHOES`` takes), kept as the reference the stage's rows are compared with, and
the digest of a store's ECHOES links the reuse tests compare."""

from __future__ import annotations

import hashlib
import json

from mandate_lineage.graph.store import GraphStore
from mandate_lineage.ingest.building.evidence import edge_key
from mandate_lineage.ingest.reuse.detect import ReuseLink


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


def stored_row(row: dict) -> dict[str, object]:
    """An ECHOES row for ``WRITE_ECHOES``, which gives the link the properties
    ``graph.evidence.merge_part`` gives a link of one evidence entry (its scalars and one-entry
    evidence lists) in one ``SET`` instead of the general merge of evidence lists,
    which was most of the stage's writing time (an ECHOES link only ever has its source
    paragraph's entry, see ``graph/evidence.py``)."""
    return {"source": row["source"], "target": row["target"], "props": {**row["props"], "key": row["key"]}}


def echoes_of(store: GraphStore) -> str:
    rows = store.read("MATCH (a)-[r:ECHOES]->(b) RETURN a.key, b.key, properties(r)", row_cap=10**7).rows
    return hashlib.sha256("\n".join(sorted(json.dumps(r, sort_keys=True) for r in rows)).encode()).hexdigest()
