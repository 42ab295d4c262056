"""A Cypher script that recreates the graph in an empty database (Neo4j 5 or the embedded FalkorDB).

Statements are ``UNWIND [<literal rows>] AS row MERGE ...`` batches, the same shape as the
store's own writes (``graph/batch.py``) but with the values written as literals, so the script
runs in ``cypher-shell`` or a query browser without parameters. Nodes come first, grouped by label
set, then relationships grouped by type and end labels, each MERGEd on ``key``: running the script
twice changes nothing.

Each statement is followed by a line holding only ``;``. String literals never contain a raw
newline (it is escaped as ``\\n``), so splitting the text at those lines is safe
(``split_statements``). The index and constraint statements are left out: their syntax differs
per backend (shared CYPHER.md). They appear as ``//`` comments at the top; run them first on a
large graph, since every relationship MATCHes its ends by ``key``.

Literal escaping: ``\\`` ``'`` newline, carriage return, tab, backspace and form feed are
backslash-escaped inside single quotes; every other character, non-ASCII and other control
characters included, is written as itself (UTF-8), because FalkorDB does not read ``\\uXXXX``
escapes.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import networkx as nx

from mandate_lineage.errors import SchemaError
from mandate_lineage.graph import schema
from mandate_lineage.graph.export import (
    ExportError,
    neo4j_key_constraints,
    nodes_by_label_set,
)
from mandate_lineage.graph.networkx_view import edge_properties, node_properties

__all__ = [
    "BATCH_CHARS",
    "BATCH_ROWS",
    "cypher_literal",
    "cypher_script",
    "split_statements",
    "write_cypher_script",
]

BATCH_ROWS = 500  # rows per UNWIND statement
BATCH_CHARS = 500_000  # ... or fewer when the literals are long (paragraph texts)
STATEMENT_END = ";"
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_TO_ESCAPE = re.compile("[\\\\'\n\r\t\b\f]")


def write_cypher_script(G: nx.MultiDiGraph, out: Path) -> list[Path]:
    """Write ``cypher_script(G)`` to ``out`` (UTF-8)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        for chunk in cypher_script(G):
            fh.write(chunk)
    return [out]


def cypher_script(G: nx.MultiDiGraph) -> Iterator[str]:
    """The script as text chunks: a comment header, then one statement per chunk."""
    yield _header(G)
    for labels, nodes in nodes_by_label_set(G):
        rows = [_node_row(node_properties(G, node)) for node in nodes]
        for batch in _batches(rows):
            yield _statement(batch, _node_merge(labels))
    for (type_, source_label, target_label), edges in sorted(_edges_by_pattern(G).items(), key=_pattern_order):
        rows = [_edge_row(source, target, edge_properties(G, source, target, key))
                for source, target, key in sorted(edges, key=lambda e: e[2])]
        for batch in _batches(rows):
            yield _statement(batch, _edge_merge(type_, source_label, target_label))


def split_statements(script: str) -> list[str]:
    """The statements of a script ``write_cypher_script`` wrote, without comments or ``;``.

    Examples
    --------
    >>> split_statements("// set-up\\nCREATE (:A {t: 'x;\\\\ny'})\\n;\\nMATCH (n) RETURN n\\n;\\n")
    ["CREATE (:A {t: 'x;\\\\ny'})", 'MATCH (n) RETURN n']
    """
    statements, current = [], []
    for line in script.split("\n"):
        if line == STATEMENT_END:
            statements.append("\n".join(current))
            current = []
        elif not (line.startswith("//") and not current):
            current.append(line)
    return [s for s in (s.strip() for s in statements) if s]


# --- literals -------------------------------------------------------------------------------------
def cypher_literal(value: Any) -> str:
    """``value`` as a Cypher literal both Neo4j and FalkorDB read back unchanged.

    Examples
    --------
    >>> print(cypher_literal("it's “quoted”\\non two lines \\\\ ok"))
    'it\\'s “quoted”\\non two lines \\\\ ok'
    >>> cypher_literal([1, 0.5, True, None])
    '[1, 0.5, true, null]'
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ExportError(f"{value!r} has no Cypher literal")
        return repr(value)
    if isinstance(value, str):
        return "'" + _TO_ESCAPE.sub(lambda m: _ESCAPES[m.group()], value) + "'"
    if isinstance(value, list):
        return "[" + ", ".join(cypher_literal(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_name(k)}: {cypher_literal(v)}" for k, v in value.items()) + "}"
    raise ExportError(f"a {type(value).__name__} value has no Cypher literal")


def _name(identifier: str) -> str:
    """A label, type or property name, backquoted unless it is a plain identifier."""
    return identifier if _IDENTIFIER.match(identifier) else "`" + identifier.replace("`", "``") + "`"


# --- statements -----------------------------------------------------------------------------------
def _header(G: nx.MultiDiGraph) -> str:
    labels = schema.merge_labels()
    lines = [
        f"// mandate-lineage graph: {G.number_of_nodes()} nodes, {G.number_of_edges()} relationships.",
        "// Run on an EMPTY database; each statement ends at a line holding only ';'.",
        "// Index and constraint statements differ per backend and are not part of the script;",
        "// run the ones for your backend first (every relationship MATCHes its ends by key).",
        "// Neo4j 5:",
        *[f"//   {statement}" for statement in neo4j_key_constraints()],
        "// FalkorDB (the embedded store does this itself on open):",
        *[f"//   CREATE INDEX FOR (n:{label}) ON (n.key);" for label in labels],
    ]
    return "\n".join(lines) + "\n\n"


def _statement(rows: list[str], tail: str) -> str:
    return "UNWIND [\n" + ",\n".join(rows) + "\n] AS row\n" + tail + f"\n{STATEMENT_END}\n"


def _batches(rows: list[str]) -> Iterator[list[str]]:
    batch: list[str] = []
    size = 0
    for row in rows:
        if batch and (len(batch) >= BATCH_ROWS or size + len(row) > BATCH_CHARS):
            yield batch
            batch, size = [], 0
        batch.append(row)
        size += len(row)
    if batch:
        yield batch


def _merge_label(labels: Iterable[str]) -> str | None:
    """The label to MERGE on: the schema's merge label, else the first label, else none."""
    labels = sorted(labels)
    try:
        return schema.merge_label_of(labels) if labels else None
    except SchemaError:  # labels outside the schema: still recreate them faithfully
        return labels[0]


def _node_merge(labels: tuple[str, ...]) -> str:
    merge = _merge_label(labels)
    pattern = f"(n:{_name(merge)} {{key: row.key}})" if merge else "(n {key: row.key})"
    extra = [label for label in labels if label != merge]
    add_labels = " SET n:" + ":".join(_name(label) for label in extra) if extra else ""
    return f"MERGE {pattern} SET n += row.props{add_labels}"


def _edge_merge(type_: str, source_label: str | None, target_label: str | None) -> str:
    a = f"(a:{_name(source_label)} {{key: row.source}})" if source_label else "(a {key: row.source})"
    b = f"(b:{_name(target_label)} {{key: row.target}})" if target_label else "(b {key: row.target})"
    return f"MATCH {a} MATCH {b}\nMERGE (a)-[r:{_name(type_)} {{key: row.key}}]->(b) SET r += row.props"


def _node_row(props: dict[str, Any]) -> str:
    rest = {name: value for name, value in props.items() if name != "key" and value is not None}
    return "{key: " + cypher_literal(props["key"]) + ", props: " + cypher_literal(rest) + "}"


def _edge_row(source: str, target: str, props: dict[str, Any]) -> str:
    rest = {name: value for name, value in props.items() if name != "key" and value is not None}
    return (f"{{source: {cypher_literal(source)}, target: {cypher_literal(target)}, "
            f"key: {cypher_literal(props['key'])}, props: {cypher_literal(rest)}}}")



def _pattern_order(item: tuple[tuple[str, Any, Any], list]) -> tuple[str, ...]:
    return tuple(part or "" for part in item[0])  # an unlabelled end (None) sorts first


def _edges_by_pattern(G: nx.MultiDiGraph) -> dict[tuple[str, str | None, str | None], list[tuple[str, str, str]]]:
    """Edges grouped by (type, source merge label, target merge label): one MATCH shape each."""
    groups: dict[tuple[str, Any, Any], list[tuple[str, str, str]]] = defaultdict(list)
    for source, target, key, type_ in G.edges(keys=True, data="type"):
        ends = (_merge_label(G.nodes[source].get("labels", ())), _merge_label(G.nodes[target].get("labels", ())))
        groups[(type_, *ends)].append((source, target, key))
    return groups
