"""FalkorDB's compact replies read straight into the plain values ``QueryResult`` documents.

The falkordb client parses every value into its own objects (``Node``, ``Edge``, ordered dicts)
through a generic per-value dispatch, and the store then turned those into plain dicts again: on
lineage answers of a few hundred nodes the two passes were half of the request (profile in
docs/benchmarks.md). This module does one pass for the types the project's queries return
(null, string, integer, boolean, double, array, node, edge, map) and hands any other type (path,
point, vector, temporal values) to the client's own parser, so the values are the same either way
(``tests/graph/test_falkordb_reply.py`` compares the two on every type).
"""

from __future__ import annotations

from typing import Any

from redis.exceptions import ResponseError

_NULL, _STRING, _INTEGER, _BOOLEAN, _DOUBLE, _ARRAY, _EDGE, _NODE, _PATH, _MAP = range(1, 11)


def client_plain(value: Any) -> Any:
    """The falkordb client's parsed values as plain shapes: node and edge dicts, lists, dicts."""
    from falkordb import Edge, Node
    from falkordb import Path as FPath

    if isinstance(value, Node):
        return {"labels": list(value.labels or []), "properties": dict(value.properties)}
    if isinstance(value, Edge):
        return {"type": value.relation, "properties": dict(value.properties)}
    if isinstance(value, FPath):
        return {"nodes": [client_plain(n) for n in value.nodes()],
                "relationships": [client_plain(e) for e in value.edges()]}
    if isinstance(value, list):
        return [client_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: client_plain(v) for k, v in value.items()}
    return value


class ReplyReader:
    """Reads the cells of one compact reply; ``graph`` is the client's ``Graph`` (its schema maps
    label, type and property ids to names and refreshes itself on an id it has not seen)."""

    def __init__(self, graph: Any) -> None:
        self.graph = graph
        schema = graph.schema
        self._label, self._relation, self._property = schema.get_label, schema.get_relation, schema.get_property
        self._property_names: dict[int, str] = {}

    def _name(self, prop_id: int) -> str:
        name = self._property_names.get(prop_id)
        if name is None:
            name = self._property_names[prop_id] = self._property(prop_id)
        return name

    def _properties(self, props: list) -> dict[str, Any]:
        names, out = self._property_names, {}
        for prop in props:  # [property id, type, value]; strings and integers inline (most values)
            name = names.get(prop[0]) or self._name(prop[0])
            kind, raw = prop[1], prop[2]
            if kind == _STRING and type(raw) is str:
                out[name] = raw
            elif kind == _INTEGER:
                out[name] = int(raw)
            elif kind == _ARRAY:  # evidence lists: strings and numbers, read without a call per item
                out[name] = self._array(raw)
            else:
                out[name] = self.value(prop[1:])
        return out

    def _array(self, items: list) -> list[Any]:
        out = []
        for item in items:
            kind, raw = item[0], item[1]
            if kind == _STRING and type(raw) is str:
                out.append(raw)
            elif kind == _INTEGER:
                out.append(int(raw))
            else:
                out.append(self.value(item))
        return out

    def value(self, cell: list) -> Any:
        kind, raw = cell[0], cell[1]
        if kind == _STRING:
            return raw if type(raw) is str else (raw.decode() if isinstance(raw, bytes) else str(raw))
        if kind == _INTEGER:
            return int(raw)
        if kind == _NULL:
            return None
        if kind == _NODE:
            labels = [self._label(i) for i in raw[1]]
            return {"labels": labels, "properties": self._properties(raw[2])}
        if kind == _EDGE:
            return {"type": self._relation(raw[1]), "properties": self._properties(raw[4])}
        if kind == _DOUBLE:
            return float(raw)
        if kind == _BOOLEAN:
            return (raw.decode() if isinstance(raw, bytes) else raw) == "true"
        if kind == _ARRAY:
            return self._array(raw)
        if kind == _MAP:
            return {(raw[i].decode() if isinstance(raw[i], bytes) else raw[i]): self.value(raw[i + 1])
                    for i in range(0, len(raw), 2)}
        from falkordb.query_result import parse_scalar  # rarer types: the client's own reading

        return client_plain(parse_scalar(cell, self.graph))


def read_reply(graph: Any, response: list, row_cap: int | None = None) -> tuple[list[str], list[list[Any]], bool]:
    """``(columns, rows, truncated)`` of a ``GRAPH.QUERY``/``GRAPH.RO_QUERY ... --compact`` reply;
    raises the server's error as the client would (a ``ResponseError``)."""
    if isinstance(response[0], ResponseError):
        raise response[0]
    if isinstance(response[-1], ResponseError):
        raise response[-1]
    if len(response) == 1:  # statistics only: a write without RETURN
        return [], [], False
    header, records = response[0], response[1]
    columns = [str(h[1]) if isinstance(h, (list, tuple)) else str(h) for h in header]
    if not columns:
        return [], [], False
    truncated = row_cap is not None and len(records) > row_cap
    if truncated:
        records = records[:row_cap]
    value = ReplyReader(graph).value
    return columns, [[value(cell) for cell in row] for row in records], truncated
