"""Lineage answers assembled from the named step query: upstream, downstream, origins, explain.

A lineage walk runs ``lineage_step`` once per level from a frontier of keys, along the links
``queries/hops.py`` says each kind of question follows, so the work is proportional to the
subgraph returned, not to the number of paths through it (paths multiply on a DAG; see shared
CYPHER.md). The answer is that subgraph: distinct nodes, each with a human label
(``queries/describe.py``), and one edge per (source, type, target) with every evidence sentence.

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
from mandate_lineage.queries import element_cache, hops, run, run_branches
from mandate_lineage.queries.describe import describe
from mandate_lineage.queries.lineage_views import (  # noqa: F401 - node_view, edge_view, EVIDENCE_FIELDS: imported from here
    _MERGE_PARAMS,
    EVIDENCE_FIELDS,
    Changed,
    edge_view,
    fetch_views,
    node_view,
    read_node,
)

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
# A walk whose nodes or relationships a writer removed before they were read runs again; the
# last attempt keeps what it found.
FETCH_ATTEMPTS = 3


def _edge_stub(row: dict[str, Any], frontier: dict[str, str]) -> dict[str, Any]:
    """What the walk keeps of a step row's relationship until ``lineage_fetch`` reads it: its key,
    ends and type, its id and the merge label of its source (where the fetch finds it)."""
    source_merge = frontier[row["from"]] if row["source"] == row["from"] else merge_label(row["labels"])
    return {"id": row["relKey"], "source": row["source"], "target": row["target"], "type": row["type"],
            "relId": row["relId"], "sourceMerge": source_merge}


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
    origin_reason: str | None = None
    hops: str | None = None
    note: str | None = None
    summary: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    merged: list[dict[str, Any]] | None = None  # merged_edges of the finished answer (``lineage``), made once

    def as_json(self) -> dict[str, Any]:
        return {
            "subject": self.subject,
            "direction": self.direction,
            "depth": self.depth,
            "depthCap": MAX_DEPTH,
            "limit": self.limit,
            "hops": self.hops,
            "note": self.note,
            "origins": self.origins,
            "origin_reason": self.origin_reason,
            "institutional_root": self.institutional_root,
            "nodes": sorted(self.nodes.values(), key=_date_order),
            "edges": self.merged if self.merged is not None else merged_edges(self.edges.values()),
            "summary": self.summary,
            "documents": self.documents,
            "truncated": self.truncated,
        }


def merged_edges(edges: Any) -> list[dict[str, Any]]:
    """One edge per (source, type, target): the first one's fields, ``evidences`` holding every
    sentence behind it (with its rule and confidence), ``count`` how many, the best confidence."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for edge in sorted(edges, key=lambda e: (e["source"], e["type"], e["target"], e["id"] or "")):
        groups.setdefault((edge["source"], edge["type"], edge["target"]), []).append(edge)
    merged = []
    for group in groups.values():
        first = dict(group[0])
        first["evidences"] = list({ev["id"]: ev for e in group for ev in e["evidences"]}.values())
        first["count"] = len(first["evidences"])
        confidences = [ev["confidence"] for ev in first["evidences"] if isinstance(ev["confidence"], (int, float))]
        first["confidence"] = max(confidences) if confidences else first["confidence"]
        merged.append(first)
    return merged


# Order of the summary: the acts first, the text links next, structure last.
_TYPE_ORDER = ("MANDATES", "ASSIGNS", "ADOPTS", "CREATES", "RENEWS", "REVISES", "CITES", "QUOTES", "ECHOES", "PART_OF")


def summarise(lineage: Lineage, merged: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The answer grouped by kind of link, acts first and structure last, so the mandates are not
    buried under headings: per type, how many links and the nodes they reach."""
    subject = lineage.subject["id"]
    groups: dict[str, dict[str, Any]] = {}
    for edge in merged:
        group = groups.setdefault(edge["type"], {"type": edge["type"], "kind": edge["kind"], "links": 0, "nodes": []})
        group["links"] += 1
        upstream = lineage.direction == "upstream"
        along = edge["type"] in hops.POINTS_UPSTREAM
        far = edge["target"] if along == upstream else edge["source"]
        if far != subject and far not in group["nodes"]:
            group["nodes"].append(far)
    return sorted(groups.values(), key=lambda g: _TYPE_ORDER.index(g["type"]) if g["type"] in _TYPE_ORDER else 99)


def parts_by_document(lineage: Lineage, merged: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """For the subject's own paragraphs in the answer: each document they lead to, which of them
    lead there and by which links ("preamble 1 CITES AG/RES. 2141")."""
    by_document: dict[str, dict[str, Any]] = {}
    for edge in merged:
        near = edge["source"] if edge["source"] in lineage.nodes and lineage.nodes[edge["source"]].get("partOfSubject") \
            else edge["target"] if lineage.nodes.get(edge["target"], {}).get("partOfSubject") else None
        far = edge["target"] if near == edge["source"] else edge["source"]
        if near is None or edge["type"] == "PART_OF" or far == lineage.subject["id"]:
            continue
        node = lineage.nodes[far]
        document = node.get("document") if "Paragraph" in node["labels"] else far
        entry = by_document.setdefault(str(document), {"document": document, "paragraphs": [], "types": []})
        name = lineage.nodes[near].get("name") or near
        if name not in entry["paragraphs"]:
            entry["paragraphs"].append(name)
        if edge["type"] not in entry["types"]:
            entry["types"].append(edge["type"])
    for entry in by_document.values():
        node = lineage.nodes.get(entry["document"])
        entry["label"] = node.get("label") if node else entry["document"]
    return list(by_document.values())


def _date_order(node: dict[str, Any]) -> tuple[int, str, str]:
    date = node.get("date")
    return (0 if date else 1, str(date or ""), node["id"])


class LineageService:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    def node(self, key: str) -> dict[str, Any]:
        if "\x00" in key:  # no key holds one; do not hand it to the database
            raise NotFound(f"no node with id {key!r}")
        row = read_node(self.store, key)
        if row is None:
            raise NotFound(f"no node with id {key!r}")
        return row

    def _step(self, direction: str, frontier: dict[str, str], subject: dict[str, Any],
              first: bool) -> list[dict[str, Any]]:
        types = hops.step_parameters(direction, subject["labels"], merge_label(subject["labels"]) if first else None)
        params: dict[str, Any] = {}
        slots: dict[str, tuple[str, ...]] = {}
        for merge, name in _MERGE_PARAMS.items():
            keys = [k for k, label in frontier.items() if label == merge]
            for way in ("Out", "In"):
                followed = tuple(types[name + way])
                # a way with nothing to follow gets no keys (any type fills its pattern)
                params[name + way] = keys if followed else []
                slots[f"{name}_{way}"] = followed or ("PART_OF",)
        rows = run_branches(self.store, "lineage_step", params, row_cap=MAX_NODES * 10, **slots).records()
        for row in rows:  # the relationship's own direction, from the way it was followed
            row["source"], row["target"] = (row["from"], row["node"]) if row.pop("out") else (row["node"], row["from"])
        # Keys order the rows, not the database: which nodes fit under the limit must not depend
        # on the backend's row order (Neo4j and FalkorDB cut one answer differently without this).
        return sorted(rows, key=lambda row: (row["from"], row["type"], row["node"], str(row["relKey"] or "")))

    def _parts(self, key: str) -> dict[str, dict[str, Any]]:
        """The paragraphs read from instrument ``key`` (or quoted from it), by key."""
        return {row[0]["properties"]["key"]: row[0] for row in run(self.store, "document_paragraphs", {"key": key}).rows}

    def walk(self, key: str, *, direction: str = "upstream", depth: int = DEFAULT_DEPTH,
             types: frozenset[str] | None = None, limit: int = DEFAULT_LIMIT, parts: bool = False,
             _subject: dict[str, Any] | None = None) -> Lineage:
        """The subgraph within ``depth`` steps of ``key`` in ``direction``, optionally only some
        types, of at most ``limit`` nodes (clamped to 1..MAX_NODES; nearest levels first). With
        ``parts``, the subject's paragraphs step with it; one joins the answer (with its PART_OF
        chain) only when it has a link of its own. The walk steps on keys; the properties of what
        it kept are read in one query at the end (``lineage_fetch``)."""
        if direction not in {"upstream", "downstream"}:
            raise ValueError("direction must be upstream or downstream")
        subject = _subject or self.node(key)
        for _ in range(FETCH_ATTEMPTS - 1):
            try:
                return self._walk(key, direction, depth, types, limit, parts, subject, lenient=False)
            except Changed:  # a writer removed or replaced something between the step and the fetch
                continue
        return self._walk(key, direction, depth, types, limit, parts, subject, lenient=True)

    def _walk(self, key: str, direction: str, depth: int, types: frozenset[str] | None, limit: int, parts: bool,
              subject: dict[str, Any], lenient: bool) -> Lineage:
        depth = max(1, min(int(depth), MAX_DEPTH))
        limit = max(1, min(int(limit), MAX_NODES))
        edge_limit = EDGES_PER_NODE * limit
        lineage = Lineage(node_view(subject), direction, depth, limit)
        lineage.nodes[key] = lineage.subject
        frontier = {key: merge_label(subject["labels"])}
        own = self._parts(key) if parts else {}
        frontier.update({k: "Paragraph" for k in own})
        whole = own.keys() | {key}
        held: dict[str, list[dict[str, Any]]] = {}  # a part's PART_OF edges, added if the part joins
        pending: dict[str, str] = {}  # nodes reached, by key: their merge label (properties read at the end)
        for level in range(depth + 1):
            if not frontier:
                break
            rows = [row for row in self._step(direction, frontier, subject, level == 0)
                    if (types is None or row["type"] in types) and self._may_step(lineage, row, whole)]
            if level == depth:
                lineage.truncated = any(row["node"] not in lineage.nodes for row in rows)
                break
            rest = []
            for row in rows:  # the structure among the subject's parts waits until a part joins
                if own and row["type"] == "PART_OF" and {row["source"], row["target"]} <= whole:
                    edge = _edge_stub(row, frontier)
                    if edge not in held.setdefault(row["source"], []):
                        held[row["source"]].append(edge)
                else:
                    rest.append(row)
            next_frontier: dict[str, str] = {}
            for row in rest:
                node_key = row["node"]
                edge = _edge_stub(row, frontier)
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
                    merge = merge_label(row["labels"])
                    lineage.nodes[node_key] = {"id": node_key, "labels": sorted(row["labels"])}
                    pending[node_key] = merge
                    next_frontier[node_key] = merge
                lineage.edges[edge_id] = edge
            frontier = next_frontier
            if lineage.truncated:  # full: a deeper level could only be cut too
                break
        fetch_views(self.store, lineage, pending, lenient)
        return lineage

    @staticmethod
    def _may_step(lineage: Lineage, row: dict[str, Any], whole: Any) -> bool:
        """PART_OF backward (into a node's parts) only where ``hops.unfolds`` allows it."""
        if row["type"] != "PART_OF" or row["target"] != row["from"]:
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

    def lineage(self, key: str, *, direction: str = "upstream", depth: int = DEFAULT_DEPTH,
                limit: int = DEFAULT_LIMIT) -> Lineage:
        """The full answer: the subgraph (with the subject's parts where the question takes them),
        origins and the institutional root, every node labelled in words."""
        subject = self.node(key)
        merge = merge_label(subject["labels"])
        lineage = self.walk(key, direction=direction, depth=depth, limit=limit, parts=merge in hops.PARTS[direction],
                            _subject=subject)
        lineage.hops = hops.said(direction, merge)
        if lineage.subject.get("stub") and direction == "upstream":
            lineage.note = ("its own text is not in the graph (it is known from the documents that cite it), so what "
                            "it recalls or was mandated by is not known here; its downstream shows what cites, adopts "
                            "or renews through it")
        if direction == "upstream" and merge != "Body":  # a body has a history, not a content that originates
            lineage.origins = self.origins(key, lineage)
            lineage.institutional_root = self.institutional_root(key, lineage)
            lineage.origin_reason = self.origin_reason(key, lineage)
        if direction == "upstream" and merge == "Body":
            lineage.institutional_root = self.institutional_root(key, lineage)
        describe(self.store, lineage.nodes.values(), element_cache.for_store(self.store))
        merged = lineage.merged = merged_edges(lineage.edges.values())
        lineage.summary = summarise(lineage, merged)
        lineage.documents = parts_by_document(lineage, merged)
        return lineage

    @staticmethod
    def origin_reason(key: str, lineage: Lineage) -> str:
        """Why the first origin is the origin, in words."""
        first = lineage.origins[0]["id"] if lineage.origins else key
        if first == key and lineage.subject.get("stub"):
            return "its own text is not in the graph, only the documents that cite it: nothing earlier is known here"
        if first == key:
            return ("no earlier text in the graph carries this content (nothing it repeats or quotes, and no "
                    "resolution it names as its mandate, comes before it)")
        textual = LineageService._reach(key, lineage, lambda e: e["kind"] == "textual")
        if first in textual:
            return "the earliest text in the graph that carries the same content (reached through ECHOES and QUOTES links)"
        return "the resolution it names as its own mandate"

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
            along = edge["type"] in hops.POINTS_UPSTREAM
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

