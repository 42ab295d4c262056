"""The properties of what a lineage walk kept, read once: ``lineage_fetch`` and the element cache.

The walk (``queries/lineage.py``) steps on keys; here its stand-ins become the API's node and
edge views, from the element cache (``queries/element_cache.py``) or one ``lineage_fetch`` query
for the rest. A relationship read is checked against the step's row (type and key): ids are the
database's, and a writer may have removed it and another taken its id meanwhile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mandate_lineage.graph import schema
from mandate_lineage.graph.evidence import EVIDENCE_LISTS, evidence_entries
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.queries import element_cache, run, run_branches

if TYPE_CHECKING:
    from mandate_lineage.queries.lineage import Lineage

EVIDENCE_FIELDS = {"evidenceDocument": "document", "evidenceParagraph": "paragraph", "evidenceQuote": "quote",
                   "evidenceStart": "start", "evidenceEnd": "end"}
_MERGE_PARAMS = {"Instrument": "instruments", "Paragraph": "paragraphs", "Summit": "summits", "Body": "bodies"}
_ROW_CAP = 20_000  # 2,000 nodes and 8,000 edges at most in one answer (queries/lineage.py)
# The evidence lists in the order of a view's entry (document, paragraph, quote, start, end, rule,
# confidence), the keys last.
_LISTS_IN_VIEW_ORDER = tuple(EVIDENCE_LISTS[name] for name in (*EVIDENCE_FIELDS, "rule", "confidence", "key"))
_REL_PARAMS = {"Instrument": "instrumentRels", "Paragraph": "paragraphRels", "Summit": "summitRels", "Body": "bodyRels"}


def node_view(node: dict[str, Any]) -> dict[str, Any]:
    """The API's Node: ``id``, ``labels``, ``name``, ``date`` and the other properties."""
    props = dict(node["properties"])
    key = props.pop("key")
    return {"id": key, "labels": sorted(node["labels"]), "name": props.pop("name", None) or key,
            "date": props.pop("date", None), **props}


def edge_view(rel: dict[str, Any], source: str, target: str) -> dict[str, Any]:
    """The API's Edge: its first sentence as ``evidence`` and, in ``evidences``, every sentence the
    relationship holds (one relationship per (source, type, target) carries them all as lists)."""
    props = dict(rel["properties"])
    lists = [props.pop(listed, None) for listed in _LISTS_IN_VIEW_ORDER]
    keys = lists[-1]
    if keys and all(type(values) is list and len(values) == len(keys) for values in lists):
        # the usual relationship: parallel lists, zipped into the views' entries in one pass
        evidences = [{"document": document, "paragraph": paragraph, "quote": quote, "start": start, "end": end,
                      "rule": rule, "confidence": confidence, "id": key}
                     for document, paragraph, quote, start, end, rule, confidence, key in zip(*lists)]
    else:
        evidences = _evidences(rel["properties"])
    for name in [name for name in props if name.startswith("place")]:
        props.pop(name)  # a quote's place in its document: the node says it (see QUOTE_PLACE)
    evidence = {name: props.pop(field_, None) for field_, name in EVIDENCE_FIELDS.items()}
    type_ = rel["type"]
    return {"id": props.pop("key", None), "source": source, "target": target, "type": type_,
            "kind": schema.REL_TYPES[type_].kind if type_ in schema.REL_TYPES else "unknown",
            "confidence": props.pop("confidence", None), "rule": props.pop("rule", None),
            "evidence": evidence, **props, "evidences": evidences}


def _evidences(props: dict[str, Any]) -> list[dict[str, Any]]:
    """The entries of a relationship whose lists are missing or uneven (``evidence_entries`` reads them)."""
    return [{**{name: entry[field_] for field_, name in EVIDENCE_FIELDS.items()},
             "rule": entry["rule"], "confidence": entry["confidence"], "id": entry["key"]}
            for entry in evidence_entries(props)]


def read_node(store: GraphStore, key: str) -> dict[str, Any] | None:
    """The ``node`` query's row for ``key`` (labels and properties), or None. Within an answer
    (``element_cache.for_request``) the row is kept for the generation: the resolver reads the
    key it was given and the walk then wants the same row as its subject, one query for both."""
    cache = element_cache.for_request(store)
    row = cache.get(("row", key)) if cache is not None else None
    if row is not None:
        return row
    rows = run(store, "node", {"key": key}).rows
    if not rows:
        return None
    if cache is not None:
        cache.put(("row", key), rows[0][0])
    return rows[0][0]


class Changed(Exception):
    """Something the walk reached was gone or replaced when its properties were read."""


def fetch_views(store: GraphStore, lineage: Lineage, pending: dict[str, str], lenient: bool) -> None:
    """Replace the walk's stand-ins by the API's views: one query reads every node reached and
    every relationship kept that the element cache does not hold. Something gone or replaced
    meanwhile raises ``_Changed`` (the walk runs again), or with ``lenient`` keeps its stand-in
    (the last attempt)."""
    cache = element_cache.for_store(store)
    params: dict[str, list[Any]] = {name: [] for name in (*_MERGE_PARAMS.values(), *_REL_PARAMS.values())}
    views: dict[Any, dict[str, Any]] = {}
    for node_key, merge in pending.items():
        view = cache.get(("node", node_key)) if cache else None
        if view is not None:
            views[("node", node_key)] = view
        else:
            params[_MERGE_PARAMS[merge]].append(node_key)
    stubs = {edge_id: edge for edge_id, edge in lineage.edges.items() if "relId" in edge}
    by_source: dict[tuple[str, str], list[Any]] = {}
    for edge in stubs.values():
        key = ("rel", edge["source"], edge["relId"])
        view = cache.get(key) if cache else None
        if view is not None and view["type"] == edge["type"] and view["id"] == edge["id"]:
            views[key] = view
        else:
            by_source.setdefault((edge["sourceMerge"], edge["source"]), []).append(edge["relId"])
    for (merge, source), ids in by_source.items():
        params[_REL_PARAMS[merge]].append({"source": source, "ids": ids})
    if any(params.values()):
        for row in run_branches(store, "lineage_fetch", params, row_cap=_ROW_CAP).rows:
            if row[1] is None:
                views[("node", row[0])] = view = node_view(row[2])
                if cache is not None:
                    cache.put(("node", row[0]), view)
            else:  # checked and made a view below, where the step's row is at hand
                views[("rel", row[0], row[1])] = {"rel": row[2]}
    for node_key in pending:
        view = views.get(("node", node_key))
        if view is not None:
            lineage.nodes[node_key] = dict(view)
        elif not lenient:
            raise Changed
    for edge_id, edge in stubs.items():
        key = ("rel", edge["source"], edge["relId"])
        view = views.get(key)
        if view is not None and "rel" in view:  # read now: check it is the relationship the step saw
            rel = view["rel"]
            view = None
            if rel["type"] == edge["type"] and rel["properties"].get("key") == edge["id"]:
                view = edge_view(rel, edge["source"], edge["target"])
                if cache is not None:
                    cache.put(key, view)
        if view is not None:
            lineage.edges[edge_id] = dict(view)
        elif not lenient:
            raise Changed
        else:
            lineage.edges[edge_id] = edge_view({"type": edge["type"], "properties": {"key": edge["id"]}},
                                               edge["source"], edge["target"])
