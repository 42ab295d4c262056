"""Lineage answers assembled from the named step queries: upstream, downstream, origins, explain.

A lineage walk runs ``upstream_step`` (or ``downstream_step``) once per level from a frontier of
keys, so the work is proportional to the subgraph returned, not to the number of paths through
it (paths multiply on a DAG; see shared CYPHER.md). The answer is that subgraph: distinct nodes
and edges, each edge with its kind (institutional or textual) and its evidence.

* ``origins``: where the subject's *content* first appears: nodes reached from the subject
  through textual links only (ECHOES, QUOTES, followed upstream), and the resolutions whose
  mandate names the subject itself (MANDATES with rule ``mandate-from``), earliest first; the
  subject itself when nothing earlier carries its content.
* ``institutional_root``: the earliest node of the institutional chain above the subject
  (ASSIGNS, ADOPTS, MANDATES, CREATES, RENEWS, REVISES, PART_OF); a Summit wins a tie with
  its own instruments.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from mandate_lineage.errors import NotFound
from mandate_lineage.graph import schema
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.queries import run

DEFAULT_DEPTH = 8
MAX_DEPTH = 12
# Nodes in one answer: 250 by default (the sample corpus's largest answer, downstream of the
# Third Summit, has 216), up to 2,000 on request. On a large corpus a walk through a web of text
# reuse can reach thousands of nodes within 8 steps; the cap keeps every answer bounded in time
# and size, nearest levels first, and says so (``truncated``).
DEFAULT_LIMIT = 250
MAX_NODES = 2_000
# Edges in one answer: 4 per node allowed. Copies of one text link to each other (a family of
# forty copies holds 780 ECHOES), so 250 nodes could carry thousands of quoted edges (2.2 MB
# answers on the 20k-document graph); the sample's largest answer has 1.7 edges per node.
EDGES_PER_NODE = 4
TEXTUAL_TYPES = frozenset(t.name for t in schema.REL_TYPES.values() if t.kind == "textual")
EVIDENCE_FIELDS = {"evidenceDocument": "document", "evidenceParagraph": "paragraph", "evidenceQuote": "quote",
                   "evidenceStart": "start", "evidenceEnd": "end"}
_MERGE_PARAMS = {"Instrument": "instruments", "Paragraph": "paragraphs", "Summit": "summits", "Body": "bodies"}


def node_view(node: dict[str, Any]) -> dict[str, Any]:
    """The API's Node: ``id``, ``labels``, ``name``, ``date`` and the other properties."""
    props = dict(node["properties"])
    key = props.pop("key")
    return {"id": key, "labels": sorted(node["labels"]), "name": props.pop("name", None) or key,
            "date": props.pop("date", None), **props}


def edge_view(rel: dict[str, Any], source: str, target: str) -> dict[str, Any]:
    props = dict(rel["properties"])
    evidence = {name: props.pop(field_, None) for field_, name in EVIDENCE_FIELDS.items()}
    type_ = rel["type"]
    return {"id": props.pop("key", None), "source": source, "target": target, "type": type_,
            "kind": schema.REL_TYPES[type_].kind if type_ in schema.REL_TYPES else "unknown",
            "confidence": props.pop("confidence", None), "rule": props.pop("rule", None),
            "evidence": evidence, **props}


def merge_label(labels: list[str]) -> str:
    return schema.merge_label_of([label for label in labels if label in schema.NODE_LABELS])


@dataclass
class Lineage:
    subject: dict[str, Any]
    direction: str
    depth: int
    limit: int = DEFAULT_LIMIT
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: dict[str, dict[str, Any]] = field(default_factory=dict)
    truncated: bool = False
    origins: list[dict[str, Any]] = field(default_factory=list)
    institutional_root: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "direction": self.direction,
            "depth": self.depth,
            "depthCap": MAX_DEPTH,
            "limit": self.limit,
            "origins": self.origins,
            "institutional_root": self.institutional_root,
            "nodes": sorted(self.nodes.values(), key=_date_order),
            "edges": sorted(self.edges.values(), key=lambda e: (e["source"], e["type"], e["target"], e["id"] or "")),
            "truncated": self.truncated,
        }


def _date_order(node: dict[str, Any]) -> tuple[int, str, str]:
    date = node.get("date")
    return (0 if date else 1, str(date or ""), node["id"])


class LineageService:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def node(self, key: str) -> dict[str, Any]:
        if "\x00" in key:  # no key holds one; do not hand it to the database
            raise NotFound(f"no node with id {key!r}")
        rows = run(self.store, "node", {"key": key}).rows
        if not rows:
            raise NotFound(f"no node with id {key!r}")
        return rows[0][0]

    def _step(self, direction: str, frontier: dict[str, str]) -> list[dict[str, Any]]:
        params = {name: [k for k, label in frontier.items() if label == merge] for merge, name in _MERGE_PARAMS.items()}
        rows = run(self.store, f"{direction}_step", params, row_cap=MAX_NODES * 10).records()
        # Keys order the rows, not the database: which nodes fit under the limit must not depend
        # on the backend's row order (Neo4j and FalkorDB cut one answer differently without this).
        return sorted(rows, key=lambda row: (row["from"], row["rel"]["type"], row["node"]["properties"]["key"],
                                             str(row["rel"]["properties"].get("key") or "")))

    def walk(self, key: str, *, direction: str = "upstream", depth: int = DEFAULT_DEPTH,
             types: frozenset[str] | None = None, limit: int = DEFAULT_LIMIT) -> Lineage:
        """The subgraph within ``depth`` steps of ``key`` in ``direction``, optionally only some
        types, of at most ``limit`` nodes (clamped to 1..MAX_NODES; nearest levels first)."""
        if direction not in {"upstream", "downstream"}:
            raise ValueError("direction must be upstream or downstream")
        depth = max(1, min(int(depth), MAX_DEPTH))
        limit = max(1, min(int(limit), MAX_NODES))
        edge_limit = EDGES_PER_NODE * limit
        subject = self.node(key)
        lineage = Lineage(node_view(subject), direction, depth, limit)
        lineage.nodes[key] = lineage.subject
        frontier = {key: merge_label(subject["labels"])}
        for level in range(depth + 1):
            if not frontier:
                break
            rows = [row for row in self._step(direction, frontier) if types is None or row["rel"]["type"] in types]
            if level == depth:
                lineage.truncated = any(row["node"]["properties"]["key"] not in lineage.nodes for row in rows)
                break
            next_frontier: dict[str, str] = {}
            for row in rows:
                node = row["node"]
                node_key = node["properties"]["key"]
                edge = edge_view(row["rel"], row["source"], row["target"])
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

    def lineage(self, key: str, *, direction: str = "upstream", depth: int = DEFAULT_DEPTH,
                limit: int = DEFAULT_LIMIT) -> Lineage:
        """The full answer: the subgraph, origins and the institutional root."""
        lineage = self.walk(key, direction=direction, depth=depth, limit=limit)
        if direction == "upstream":
            lineage.origins = self.origins(key, lineage)
            lineage.institutional_root = self.institutional_root(key, lineage)
        return lineage

    def origins(self, key: str, lineage: Lineage) -> list[dict[str, Any]]:
        """Textual ancestors and the resolutions that mandate the subject by name, earliest first."""
        textual = self._reach(key, lineage, lambda e: e["kind"] == "textual")
        named = {e["source"] for e in lineage.edges.values()
                 if e["target"] == key and e["type"] == "MANDATES" and e.get("rule") == "mandate-from"}
        found = [lineage.nodes[k] for k in (textual | named) if k != key and k in lineage.nodes]
        dated = sorted((n for n in found if n.get("date")), key=_date_order)
        if not dated:
            return [lineage.subject]
        subject_date = lineage.subject.get("date")
        earlier = [n for n in dated if not subject_date or str(n["date"]) <= str(subject_date)]
        return earlier or [lineage.subject]

    def institutional_root(self, key: str, lineage: Lineage) -> dict[str, Any] | None:
        reached = self._reach(key, lineage, lambda e: e["kind"] in {"institutional", "structural"} and e["type"] != "CITES")
        candidates = [lineage.nodes[k] for k in reached if k != key and lineage.nodes[k].get("date")]
        if not candidates:
            return None
        return min(candidates, key=lambda n: (str(n["date"]), 0 if "Summit" in n["labels"] else 1, n["id"]))

    @staticmethod
    def _reach(key: str, lineage: Lineage, keep) -> set[str]:  # noqa: ANN001 - a predicate on edges
        """Keys reachable from ``key`` over the lineage's edges that ``keep`` accepts, in its direction."""
        upstream = lineage.direction == "upstream"
        forward: dict[str, list[str]] = {}
        for edge in lineage.edges.values():
            if not keep(edge):
                continue
            along = edge["type"] in schema.POINTS_UPSTREAM
            a, b = (edge["source"], edge["target"]) if along == upstream else (edge["target"], edge["source"])
            forward.setdefault(a, []).append(b)
        seen = {key}
        queue = deque([key])
        while queue:
            for nxt in forward.get(queue.popleft(), []):
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        return seen

    def explain(self, source: str, target: str, *, depth: int = DEFAULT_DEPTH) -> list[dict[str, Any]]:
        """The hops from ``source`` to ``target`` (upstream, else downstream); NotFound if unlinked."""
        for direction in ("upstream", "downstream"):
            lineage = self.walk(source, direction=direction, depth=depth, limit=MAX_NODES)
            if target in lineage.nodes:
                return _path(lineage, source, target)
        self.node(target)
        raise NotFound(f"no lineage path between {source!r} and {target!r} within {depth} steps")

    def activity_key(self, number: str, program: str | None = None) -> str:
        if "\x00" in str(number) or (program and "\x00" in program):
            raise NotFound(f"no activity numbered {number!r}")
        rows = run(self.store, "activity", {"number": str(number), "program": program}).rows
        if not rows:
            where = f" in program {program!r}" if program else ""
            raise NotFound(f"no activity numbered {number}{where}")
        return rows[0][0]["properties"]["key"]


def _path(lineage: Lineage, source: str, target: str) -> list[dict[str, Any]]:
    adjacent: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for edge in lineage.edges.values():
        adjacent.setdefault(edge["source"], []).append((edge["target"], edge))
        adjacent.setdefault(edge["target"], []).append((edge["source"], edge))
    previous: dict[str, tuple[str, dict[str, Any]]] = {}
    queue = deque([source])
    seen = {source}
    while queue:
        current = queue.popleft()
        if current == target:
            break
        for nxt, edge in adjacent.get(current, []):
            if nxt not in seen:
                seen.add(nxt)
                previous[nxt] = (current, edge)
                queue.append(nxt)
    hops: list[dict[str, Any]] = []
    at = target
    while at != source:
        before, edge = previous[at]
        hops.append(edge)
        at = before
    return list(reversed(hops))
