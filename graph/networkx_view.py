"""The mandate graph as a networkx ``MultiDiGraph``, and lineage helpers over it for notebooks.

``load_graph`` copies the whole store into memory; ``load_query`` copies only what one read-only
Cypher query returns. In both, a node is identified by its ``key`` and carries its other
properties plus ``labels`` (a list); an edge is keyed by the relationship's ``key`` and carries
its other properties (the evidence included) plus ``type`` and ``kind`` (institutional, textual
or structural, from the schema). The ``key`` property is not repeated among the attributes: it
is the node or edge identifier (``node_properties`` / ``edge_properties`` give the store's
property maps back).

The lineage helpers are pure functions with the semantics of ``queries/lineage.py``: upstream is
forward along ECHOES, QUOTES, REVISES, RENEWS, PART_OF and backward along ASSIGNS, ADOPTS,
MANDATES, CREATES; a body's upstream is only what created or renewed it. Downstream mirrors it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import networkx as nx

from mandate_lineage.errors import MandatesError, NotFound
from mandate_lineage.graph import schema
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.queries import hops

__all__ = [
    "GraphViewError",
    "downstream",
    "edge_properties",
    "institutional_root",
    "load_graph",
    "load_query",
    "node_properties",
    "origins",
    "upstream",
]

ALL_NODES = "MATCH (n) WHERE NOT n:ReuseBasis RETURN n"  # not the store's reuse weights (ingest/reuse/basis.py)
ALL_RELATIONSHIPS = "MATCH (a)-[r]->(b) RETURN a.key AS source, r AS rel, b.key AS target"
# Endpoints of relationships a query returned: the result shapes carry no endpoints of their own.
RELATIONSHIP_ENDS = "MATCH (a)-[r]->(b) WHERE r.key IN $keys RETURN a AS source, r AS rel, b AS target"

NODE_ATTRS = ("labels",)  # added by this module, so no stored property may use these names
EDGE_ATTRS = ("type", "kind")

# Step rules: (direction of the edge relative to the current node, the types followed), from the
# one table the lineage service reads too (queries/hops.py).
_UPSTREAM_STEPS = hops.STEPS["upstream"]
_DOWNSTREAM_STEPS = hops.STEPS["downstream"]


class GraphViewError(MandatesError):
    """The store's data cannot be represented as this module's networkx graph."""


# --- loading ------------------------------------------------------------------------------------
def load_graph(store: GraphStore) -> nx.MultiDiGraph:
    """The whole graph in ``store`` as a ``MultiDiGraph`` (see the module docstring for its shape).

    Parameters
    ----------
    store : GraphStore
        An open store; only read.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes keyed by ``key``, edges keyed by the relationship ``key``.

    Raises
    ------
    GraphViewError
        If two nodes share a key (under different merge labels), a relationship has no key, or a
        stored property is called like an attribute this module adds (``labels``, ``type``,
        ``kind``).
    """
    G = nx.MultiDiGraph()
    for (node,) in store.read(ALL_NODES, row_cap=None).rows:
        _add_node(G, node)
    for source, rel, target in store.read(ALL_RELATIONSHIPS, row_cap=None).rows:
        _add_edge(G, source, rel, target)
    return G


def load_query(store: GraphStore, query: str, params: Mapping[str, Any] | None = None) -> nx.MultiDiGraph:
    """The nodes, relationships and paths one read-only Cypher query returns, as a graph.

    Values are found anywhere in the result (columns, lists, maps). A relationship brings its two
    end nodes, read with one more query, since results do not say which nodes it joins. Scalar
    values are ignored. The store refuses a query that writes (``ReadOnlyViolation``).

    Parameters
    ----------
    store : GraphStore
        An open store.
    query : str
        Cypher text; values belong in ``params``.
    params : mapping, optional
        Query parameters.

    Returns
    -------
    networkx.MultiDiGraph
        Same shape as ``load_graph``.
    """
    G = nx.MultiDiGraph()
    rel_keys: set[str] = set()
    for value in _graph_values(store.read(query, dict(params or {}), row_cap=None).rows):
        if "labels" in value:
            _add_node(G, value)
        else:
            rel_keys.add(_relationship_key(value))
    if rel_keys:
        for source, rel, target in store.read(RELATIONSHIP_ENDS, {"keys": sorted(rel_keys)}, row_cap=None).rows:
            _add_node(G, source)
            _add_node(G, target)
            _add_edge(G, source["properties"]["key"], rel, target["properties"]["key"])
    return G


def _graph_values(value: Any) -> Iterator[dict[str, Any]]:
    """Every node and relationship dict inside a result value (paths and lists opened up)."""
    if isinstance(value, list):
        for item in value:
            yield from _graph_values(item)
    elif isinstance(value, dict):
        if "nodes" in value and "relationships" in value:  # a path
            yield from _graph_values(value["nodes"])
            yield from _graph_values(value["relationships"])
        elif set(value) == {"labels", "properties"} or set(value) == {"type", "properties"}:
            yield value
        else:  # a map the query built
            yield from _graph_values(list(value.values()))


def _add_node(G: nx.MultiDiGraph, node: Mapping[str, Any]) -> None:
    props = dict(node["properties"])
    key = props.pop("key", None)
    if not isinstance(key, str) or not key:
        raise GraphViewError(f"a node with labels {sorted(node['labels'])} has no key")
    _refuse_reserved(f"node {key}", props, NODE_ATTRS)
    labels = sorted(node["labels"])
    if key in G and G.nodes[key]["labels"] != labels:
        raise GraphViewError(f"two nodes share the key {key!r}: labels {G.nodes[key]['labels']} and {labels}")
    G.add_node(key, labels=labels, **props)


def _add_edge(G: nx.MultiDiGraph, source: str, rel: Mapping[str, Any], target: str) -> None:
    props = dict(rel["properties"])
    key = _relationship_key(rel)
    del props["key"]
    _refuse_reserved(f"relationship {key}", props, EDGE_ATTRS)
    G.add_edge(source, target, key=key, type=rel["type"], kind=_kind_of(rel["type"]), **props)


def _relationship_key(rel: Mapping[str, Any]) -> str:
    key = rel["properties"].get("key")
    if not isinstance(key, str) or not key:
        raise GraphViewError(f"a :{rel['type']} relationship has no key; edges are keyed by it")
    return key


def _refuse_reserved(where: str, props: Mapping[str, Any], reserved: Iterable[str]) -> None:
    clash = sorted(set(props) & set(reserved))
    if clash:
        raise GraphViewError(f"{where} has properties {clash}, names this view uses for its own attributes")


def _kind_of(type_: str) -> str:
    rel = schema.REL_TYPES.get(type_)
    return rel.kind if rel else "unknown"


def node_properties(G: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    """The store's property map of ``node``: its attributes without ``labels``, with ``key``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("oas:permanent-council", labels=["Body"], name="Permanent Council")
    >>> node_properties(G, "oas:permanent-council")
    {'name': 'Permanent Council', 'key': 'oas:permanent-council'}
    """
    props = {name: value for name, value in G.nodes[node].items() if name not in NODE_ATTRS}
    props["key"] = node
    return props


def edge_properties(G: nx.MultiDiGraph, source: str, target: str, key: str) -> dict[str, Any]:
    """The store's property map of one relationship: its attributes without ``type`` and ``kind``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("res#op-1", "res", key="p1", type="PART_OF", kind="structural", rule="paragraph")
    'p1'
    >>> edge_properties(G, "res#op-1", "res", "p1")
    {'rule': 'paragraph', 'key': 'p1'}
    """
    props = {name: value for name, value in G.edges[source, target, key].items() if name not in EDGE_ATTRS}
    props["key"] = key
    return props


# --- lineage ------------------------------------------------------------------------------------
def upstream(G: nx.MultiDiGraph, key: str, depth: int | None = None) -> nx.MultiDiGraph:
    """Where ``key`` came from: the nodes within ``depth`` lineage steps and the edges walked.

    The steps are ``queries/hops.py``'s, as ``LineageService.walk`` takes them: forward along
    ECHOES, QUOTES, REVISES, RENEWS, PART_OF and CITES (the later text points at the earlier) and
    backward along ASSIGNS, ADOPTS, MANDATES and CREATES (the earlier act points at what it led
    to); from the subject ``Body`` backward along CREATES, RENEWS and MANDATES and forward along
    PART_OF; a body reached on the way ends its branch. The edges are those leaving the nodes fewer
    than ``depth`` steps away.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph shaped like ``load_graph``'s (edges need a ``type``, bodies ``labels``).
    key : str
        The subject node.
    depth : int, optional
        Maximum number of steps; ``None`` walks until nothing new is reached.

    Returns
    -------
    networkx.MultiDiGraph
        A read-only view of ``G``; call ``.copy()`` for a graph of its own.

    Raises
    ------
    NotFound
        If ``key`` is not a node of ``G``.

    See Also
    --------
    downstream, origins, institutional_root

    Examples
    --------
    A paragraph of a resolution mandates an activity; the activity is part of a program:

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("res", labels=["Instrument", "Resolution"], date="2005-06-07")
    >>> G.add_edge("res#op-1", "res", key="p1", type="PART_OF")
    'p1'
    >>> G.add_edge("res#op-1", "prog#act-1", key="m1", type="MANDATES")
    'm1'
    >>> G.add_edge("prog#act-1", "prog", key="p2", type="PART_OF")
    'p2'
    >>> sorted(upstream(G, "prog#act-1"))
    ['prog', 'prog#act-1', 'res', 'res#op-1']
    >>> sorted(upstream(G, "prog#act-1", depth=1))
    ['prog', 'prog#act-1', 'res#op-1']
    >>> sorted(upstream(G, "prog#act-1", depth=1).edges(keys=True))
    [('prog#act-1', 'prog', 'p2'), ('res#op-1', 'prog#act-1', 'm1')]
    """
    return _walk(G, key, depth, _UPSTREAM_STEPS)


def downstream(G: nx.MultiDiGraph, key: str, depth: int | None = None) -> nx.MultiDiGraph:
    """What ``key`` led to: the mirror of ``upstream``.

    One step goes backward along ECHOES, QUOTES, REVISES, RENEWS, PART_OF and CITES and forward
    along ASSIGNS, ADOPTS, MANDATES and CREATES (PART_OF backward only from the subject, summits
    and summit instruments); from the subject ``Body`` forward along those acts and backward along
    ASSIGNS and PART_OF, then along text reuse only (``queries/hops.py``).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph shaped like ``load_graph``'s.
    key : str
        The subject node.
    depth : int, optional
        Maximum number of steps; ``None`` walks until nothing new is reached.

    Returns
    -------
    networkx.MultiDiGraph
        A read-only view of ``G``.

    Raises
    ------
    NotFound
        If ``key`` is not a node of ``G``.

    Examples
    --------
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("res#op-1", "res", key="p1", type="PART_OF")
    'p1'
    >>> G.add_edge("res#op-1", "prog#act-1", key="m1", type="MANDATES")
    'm1'
    >>> G.add_edge("res#op-1", "un:a-res-68-179", key="c1", type="CITES")
    'c1'
    >>> sorted(downstream(G, "res"))
    ['prog#act-1', 'res', 'res#op-1']
    """
    return _walk(G, key, depth, _DOWNSTREAM_STEPS)


def _walk(G: nx.MultiDiGraph, key: str, depth: int | None, steps: Mapping[str, tuple]) -> nx.MultiDiGraph:
    """Breadth-first over the step rules; the nodes reached and every edge stepped along."""
    _require_node(G, key)
    if depth is not None and (isinstance(depth, bool) or not isinstance(depth, int) or depth < 0):
        raise ValueError(f"depth must be a non-negative integer or None, got {depth!r}")
    reached = {key}
    walked: set[tuple[str, str, str]] = set()
    frontier = [key]
    level = 0
    while frontier and (depth is None or level < depth):
        next_frontier = []
        for node in frontier:
            for edge, other in _steps_from(G, node, steps, node == key, G.nodes[key].get("labels", ())):
                walked.add(edge)
                if other not in reached:
                    reached.add(other)
                    next_frontier.append(other)
        frontier = next_frontier
        level += 1
    return nx.subgraph_view(G, filter_node=reached.__contains__,
                            filter_edge=lambda u, v, k: (u, v, k) in walked)


def _steps_from(G: nx.MultiDiGraph, node: str, steps: Mapping[str, tuple], is_subject: bool = False,
                subject_labels: Iterable[str] = ()) -> Iterator[tuple[tuple[str, str, str], str]]:
    """``((source, target, key), other end)`` for each edge one step takes from ``node``."""
    labels = G.nodes[node].get("labels", ())
    direction_name = "upstream" if steps is _UPSTREAM_STEPS else "downstream"
    rules = hops.rules_for(direction_name, labels, subject_labels, is_subject)
    into_parts = hops.unfolds(direction_name, labels, is_subject)
    for direction, types in rules:
        edges = G.out_edges(node, keys=True, data="type") if direction == "out" else G.in_edges(node, keys=True, data="type")
        for source, target, k, type_ in edges:
            if type_ == "PART_OF" and direction == "in" and not into_parts:
                continue
            if type_ in types:
                yield (source, target, k), (target if direction == "out" else source)


def origins(G: nx.MultiDiGraph, key: str, depth: int | None = None) -> list[str]:
    """Where the content of ``key`` first appears, earliest first (``LineageService.origins``).

    The candidates are the nodes reached upstream through textual links only (ECHOES, QUOTES)
    and the nodes whose ``MANDATES`` edge with rule ``mandate-from`` names ``key`` itself. Of
    those with a ``date``, the ones not later than the subject are returned, sorted by date then
    key; ``[key]`` itself when there are none.

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph shaped like ``load_graph``'s (dates as ISO strings).
    key : str
        The subject node.
    depth : int, optional
        Upstream depth searched; ``LineageService.lineage`` uses 8 (``DEFAULT_DEPTH``).

    Returns
    -------
    list of str
        Node keys.

    Examples
    --------
    A 2016 activity quotes a 2001 summit commitment:

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("prog#act-1", labels=["Activity", "Paragraph"], date="2016-06-14")
    >>> G.add_node("summit:3#q-1", labels=["Paragraph"], date="2001-04-22")
    >>> G.add_edge("prog#act-1", "summit:3#q-1", key="q1", type="QUOTES")
    'q1'
    >>> origins(G, "prog#act-1")
    ['summit:3#q-1']
    >>> origins(G, "summit:3#q-1")
    ['summit:3#q-1']
    """
    lineage = upstream(G, key, depth)
    textual = _reach(lineage, key, lambda data: _kind_of(data.get("type")) == "textual")
    named = {source for source, _, data in lineage.in_edges(key, data=True)
             if data.get("type") == "MANDATES" and data.get("rule") == "mandate-from"}
    dated = sorted((n for n in (textual | named) - {key} if G.nodes[n].get("date")),
                   key=lambda n: (str(G.nodes[n]["date"]), n))
    subject_date = G.nodes[key].get("date")
    earlier = [n for n in dated if not subject_date or str(G.nodes[n]["date"]) <= str(subject_date)]
    return earlier or [key]


def institutional_root(G: nx.MultiDiGraph, key: str, depth: int | None = None) -> str | None:
    """The earliest dated node of the institutional chain above ``key``, or ``None``.

    The chain is reached upstream over institutional and structural edges (not CITES); the
    earliest ``date`` wins, then a ``Summit`` over its own instruments, then the smaller key
    (``LineageService.institutional_root``).

    Parameters
    ----------
    G : networkx.MultiDiGraph
        A graph shaped like ``load_graph``'s.
    key : str
        The subject node.
    depth : int, optional
        Upstream depth searched; ``LineageService.lineage`` uses 8.

    Returns
    -------
    str or None
        A node key.

    Examples
    --------
    A summit's plan of action adopts a program that assigns an activity:

    >>> G = nx.MultiDiGraph()
    >>> G.add_node("summit:3", labels=["Summit"], date="2001-04-22")
    >>> G.add_node("summit:3:plan", labels=["Instrument", "SummitInstrument"], date="2001-04-22")
    >>> G.add_node("prog", labels=["Instrument", "Program"], date="2005-06-07")
    >>> G.add_edge("summit:3:plan", "summit:3", key="p1", type="PART_OF")
    'p1'
    >>> G.add_edge("summit:3:plan", "prog", key="a1", type="ADOPTS")
    'a1'
    >>> G.add_edge("prog", "prog#act-1", key="a2", type="ASSIGNS")
    'a2'
    >>> institutional_root(G, "prog#act-1")
    'summit:3'
    >>> institutional_root(G, "summit:3") is None
    True
    """
    lineage = upstream(G, key, depth)
    reached = _reach(lineage, key, lambda data: _kind_of(data.get("type")) in {"institutional", "structural"}
                     and data.get("type") != "CITES")
    dated = [n for n in reached - {key} if G.nodes[n].get("date")]
    if not dated:
        return None
    return min(dated, key=lambda n: (str(G.nodes[n]["date"]), 0 if "Summit" in G.nodes[n].get("labels", ()) else 1, n))


def _reach(lineage: nx.MultiDiGraph, key: str, keep) -> set[str]:
    """Nodes reachable from ``key`` over the upstream edges ``keep`` accepts, walking upstream.

    As in ``LineageService._reach``: textual and structural edges, REVISES and RENEWS are
    followed source -> target, the other acts target -> source.
    """
    forward: dict[str, list[str]] = {}
    for source, target, data in lineage.edges(data=True):
        if keep(data):
            along = data.get("type") in schema.POINTS_UPSTREAM
            a, b = (source, target) if along else (target, source)
            forward.setdefault(a, []).append(b)
    seen = {key}
    queue = deque([key])
    while queue:
        for nxt in forward.get(queue.popleft(), []):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _require_node(G: nx.MultiDiGraph, key: str) -> None:
    if key not in G:
        raise NotFound(f"no node with id {key!r} in the graph")
