"""The lineage walk as it was before it stepped on keys (commit 4fb6e60), kept callable so a test
can compare its answers with the current code's: one query per level returning every row's whole
node and relationship, views built from each row.

Only the walk and the labels' context differ between the two; ``lineage()``, origins and the root
are the service's own, so this subclass overrides ``_step`` and ``walk``, and relabels the finished
answer as ``describe`` did before ``describe_context`` returned only the properties a label uses
(``reference_describe``: the whole instrument, summit and body, as at 7091ee1).
"""

from __future__ import annotations

from typing import Any

from mandate_lineage.graph.store import GraphStore
from mandate_lineage.queries import describe as describing
from mandate_lineage.queries import hops
from mandate_lineage.queries.lineage import (
    _MERGE_PARAMS,
    DEFAULT_DEPTH,
    DEFAULT_LIMIT,
    EDGES_PER_NODE,
    MAX_DEPTH,
    MAX_NODES,
    Lineage,
    LineageService,
    edge_view,
    merge_label,
    node_view,
    parts_by_document,
)

# lineage_step.cypher at 4fb6e60, verbatim.
STEP_BEFORE = """UNWIND $instruments AS k MATCH (n:Instrument {key: k})-[r]->(m) WHERE type(r) IN $instrumentsOut RETURN k AS from, r AS rel, m AS node, n.key AS source, m.key AS target
UNION ALL UNWIND $instruments AS k MATCH (n:Instrument {key: k})<-[r]-(m) WHERE type(r) IN $instrumentsIn RETURN k AS from, r AS rel, m AS node, m.key AS source, n.key AS target
UNION ALL UNWIND $paragraphs AS k MATCH (n:Paragraph {key: k})-[r]->(m) WHERE type(r) IN $paragraphsOut RETURN k AS from, r AS rel, m AS node, n.key AS source, m.key AS target
UNION ALL UNWIND $paragraphs AS k MATCH (n:Paragraph {key: k})<-[r]-(m) WHERE type(r) IN $paragraphsIn RETURN k AS from, r AS rel, m AS node, m.key AS source, n.key AS target
UNION ALL UNWIND $summits AS k MATCH (n:Summit {key: k})-[r]->(m) WHERE type(r) IN $summitsOut RETURN k AS from, r AS rel, m AS node, n.key AS source, m.key AS target
UNION ALL UNWIND $summits AS k MATCH (n:Summit {key: k})<-[r]-(m) WHERE type(r) IN $summitsIn RETURN k AS from, r AS rel, m AS node, m.key AS source, n.key AS target
UNION ALL UNWIND $bodies AS k MATCH (n:Body {key: k})-[r]->(m) WHERE type(r) IN $bodiesOut RETURN k AS from, r AS rel, m AS node, n.key AS source, m.key AS target
UNION ALL UNWIND $bodies AS k MATCH (n:Body {key: k})<-[r]-(m) WHERE type(r) IN $bodiesIn RETURN k AS from, r AS rel, m AS node, m.key AS source, n.key AS target"""


# describe_context.cypher at 7091ee1, verbatim: whole nodes.
DESCRIBE_CONTEXT_BEFORE = """UNWIND $keys AS k
OPTIONAL MATCH (d:Instrument {key: k})
WITH k, d
OPTIONAL MATCH (s:Summit) WHERE s.key = coalesce(d.summit, k)
WITH k, d, s
OPTIONAL MATCH (b:Body) WHERE b.key = d.body
RETURN k AS key, d AS document, s AS summit, b AS body"""


def _props(value: Any) -> dict[str, Any] | None:
    if not value:
        return None
    return {**value["properties"], "labels": value.get("labels", [])}


def reference_describe(store: GraphStore, nodes: list[dict[str, Any]]) -> None:
    """``describe._describe`` at 7091ee1: labels from the whole context nodes, no cache."""
    container = describing._container
    wanted = sorted({str(container(n)) for n in nodes if "Paragraph" in n["labels"] and container(n)}
                    | {n["id"] for n in nodes if "Instrument" in n["labels"]})
    contexts: dict[str, dict[str, Any]] = {}
    if wanted:
        for row in store.read(DESCRIBE_CONTEXT_BEFORE, {"keys": wanted}).records():
            contexts[row["key"]] = {name: _props(row[name]) for name in ("document", "summit", "body")}
    for node in nodes:
        labels = set(node["labels"])
        if "Paragraph" in labels:
            node["label"] = describing.paragraph_label(node, contexts.get(str(container(node))))
        elif "Body" in labels:
            node["label"] = describing.body_label(node)
        elif "Summit" in labels:
            node["label"] = describing.summit_phrase(node)
        else:
            context = contexts.get(node["id"], {})
            node["label"] = describing.instrument_phrase({**node, "key": node["id"]}, labels, context.get("summit"),
                                                         context.get("body"))
            if node["label"].startswith("the "):
                node["label"] = node["label"][4:]


class ReferenceLineageService(LineageService):
    def lineage(self, key: str, **kwargs: Any) -> Lineage:
        """The service's answer, its labels made again by ``reference_describe`` (in place: origins,
        root and subject are the same node dicts) and the documents list that quotes them redone."""
        lineage = super().lineage(key, **kwargs)
        reference_describe(self.store, list(lineage.nodes.values()))
        lineage.documents = parts_by_document(lineage, lineage.merged)
        return lineage

    def _step(self, direction: str, frontier: dict[str, str], subject: dict[str, Any],
              first: bool) -> list[dict[str, Any]]:
        params: dict[str, Any] = {name: [k for k, label in frontier.items() if label == merge]
                                  for merge, name in _MERGE_PARAMS.items()}
        params.update(hops.step_parameters(direction, subject["labels"], merge_label(subject["labels"]) if first else None))
        rows = self.store.read(STEP_BEFORE, params, row_cap=MAX_NODES * 10).records()
        # Keys order the rows, not the database: which nodes fit under the limit must not depend
        # on the backend's row order (Neo4j and FalkorDB cut one answer differently without this).
        return sorted(rows, key=lambda row: (row["from"], row["rel"]["type"], row["node"]["properties"]["key"],
                                             str(row["rel"]["properties"].get("key") or "")))

    def walk(self, key: str, *, direction: str = "upstream", depth: int = DEFAULT_DEPTH,
             types: frozenset[str] | None = None, limit: int = DEFAULT_LIMIT, parts: bool = False,
             _subject: dict[str, Any] | None = None) -> Lineage:
        """The subgraph within ``depth`` steps of ``key`` in ``direction``, optionally only some
        types, of at most ``limit`` nodes (clamped to 1..MAX_NODES; nearest levels first). With
        ``parts``, the subject's paragraphs step with it; one joins the answer (with its PART_OF
        chain) only when it has a link of its own."""
        if direction not in {"upstream", "downstream"}:
            raise ValueError("direction must be upstream or downstream")
        depth = max(1, min(int(depth), MAX_DEPTH))
        limit = max(1, min(int(limit), MAX_NODES))
        edge_limit = EDGES_PER_NODE * limit
        subject = _subject or self.node(key)
        lineage = Lineage(node_view(subject), direction, depth, limit)
        lineage.nodes[key] = lineage.subject
        frontier = {key: merge_label(subject["labels"])}
        own = self._parts(key) if parts else {}
        frontier.update({k: "Paragraph" for k in own})
        whole = own.keys() | {key}
        held: dict[str, list[dict[str, Any]]] = {}  # a part's PART_OF edges, added if the part joins
        for level in range(depth + 1):
            if not frontier:
                break
            rows = [row for row in self._step(direction, frontier, subject, level == 0)
                    if (types is None or row["rel"]["type"] in types) and self._may_step(lineage, row, whole)]
            if level == depth:
                lineage.truncated = any(row["node"]["properties"]["key"] not in lineage.nodes for row in rows)
                break
            rest = []
            for row in rows:  # the structure among the subject's parts waits until a part joins
                if own and row["rel"]["type"] == "PART_OF" and {row["source"], row["target"]} <= whole:
                    edge = edge_view(row["rel"], row["source"], row["target"])
                    if edge not in held.setdefault(row["source"], []):
                        held[row["source"]].append(edge)
                else:
                    rest.append(row)
            next_frontier: dict[str, str] = {}
            for row in rest:
                node = row["node"]
                node_key = node["properties"]["key"]
                edge = edge_view(row["rel"], row["source"], row["target"])
                joined = [k for k in (row["from"], node_key) if k in own and k not in lineage.nodes]
                if joined and not all(self._join_part(lineage, k, own, held, limit) for k in joined):
                    continue
                edge_id = edge["id"] or f"{edge['source']}>{edge['target']}"
                if edge_id in lineage.edges:
                    continue
                if len(lineage.edges) >= edge_limit or (node_key not in lineage.nodes and len(lineage.nodes) >= limit):
                    lineage.truncated = True  # and no edge to a node left out, no node without its edge
                    continue
                if node_key not in lineage.nodes:
                    lineage.nodes[node_key] = node_view(node)
                    next_frontier[node_key] = merge_label(node["labels"])
                lineage.edges[edge_id] = edge
            frontier = next_frontier
            if lineage.truncated:  # full: a deeper level could only be cut too
                break
        return lineage

    @staticmethod
    def _may_step(lineage: Lineage, row: dict[str, Any], whole: Any) -> bool:
        """PART_OF backward (into a node's parts) only where ``hops.unfolds`` allows it."""
        if row["rel"]["type"] != "PART_OF" or row["target"] != row["from"]:
            return True
        frontier_node = lineage.nodes.get(row["from"])
        labels = frontier_node["labels"] if frontier_node else ["Paragraph"]
        return hops.unfolds(lineage.direction, labels, row["from"] in whole)

    @staticmethod
    def _join_part(lineage: Lineage, part: str, own: dict[str, dict[str, Any]],
                   held: dict[str, list[dict[str, Any]]], limit: int) -> bool:
        """Add the subject's paragraph ``part`` and its PART_OF chain up to the subject; False when
        the node limit leaves no room for it."""
        chain = [part]
        for key in chain:  # grows as a sub-paragraph's paragraph is found
            for edge in held.get(key, []):
                if edge["target"] in own and edge["target"] not in lineage.nodes and edge["target"] not in chain:
                    chain.append(edge["target"])
        if len(lineage.nodes) + len(chain) > limit:
            lineage.truncated = True
            return False
        for key in chain:
            lineage.nodes[key] = {**node_view(own[key]), "partOfSubject": True}
            for edge in held.get(key, []):
                lineage.edges[edge["id"] or f"{edge['source']}>{edge['target']}"] = edge
        return True

