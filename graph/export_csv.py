"""CSV files in the layout ``neo4j-admin database import full`` reads, plus the ``import.sh`` that runs it.

The directory holds one ``nodes_<Label>_<Label>.csv`` per label set and one
``relationships_<TYPE>.csv`` per relationship type. Headers follow neo4j-admin:

* nodes: ``key:ID`` (one ID space: keys are unique across the graph), ``:LABEL`` (labels joined
  by the array delimiter), then the properties;
* relationships: ``:START_ID``, ``:END_ID``, ``:TYPE``, ``key``, then the properties;
* a property column is typed from its values: ``name:boolean``, ``name:long`` (64-bit, as the
  store's integers; neo4j-admin's ``int`` is 32-bit), ``name:double`` (neo4j-admin's ``float``
  is 32-bit and would turn 0.9 into 0.8999999761581421), plain ``name`` for strings, and
  ``name:string[]`` / ``long[]`` / ``double[]`` / ``boolean[]`` for lists, elements joined by the
  array delimiter (``;``, neo4j-admin's default, unless an element contains one: then ``|`` or
  ``¦``, and ``import.sh`` passes ``--array-delimiter``).

Strings are always quoted (``"`` doubled inside) so an empty string stays a value, while an
unquoted empty field means "no property". Values may contain newlines, hence
``--multiline-fields=true``. Lost on the way: empty lists (neo4j-admin stores no property for an
empty field), and the exact type of a column mixing types (written as strings, lists
JSON-encoded).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from mandate_lineage.graph.export import (
    ExportError,
    neo4j_key_constraints,
    nodes_by_label_set,
)
from mandate_lineage.graph.networkx_view import edge_properties, node_properties

__all__ = ["ARRAY_DELIMITERS", "IMPORT_SCRIPT", "write_neo4j_csv"]

ARRAY_DELIMITERS = (";", "|", "¦")  # the first no list element contains is used
IMPORT_SCRIPT = "import.sh"
_OUR_FILES = ("nodes_*.csv", "relationships_*.csv", IMPORT_SCRIPT)
_SCALAR_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}


def write_neo4j_csv(G: nx.MultiDiGraph, out: Path) -> list[Path]:
    """Write ``G`` into directory ``out`` for ``neo4j-admin database import full``.

    Files an earlier export left in ``out`` (``nodes_*.csv``, ``relationships_*.csv``,
    ``import.sh``) are removed first so ``import.sh`` and the directory agree.
    """
    out.mkdir(parents=True, exist_ok=True)
    for pattern in _OUR_FILES:
        for old in out.glob(pattern):
            old.unlink()
    delimiter = _array_delimiter(G)
    node_files, rel_files = [], []
    for labels, nodes in nodes_by_label_set(G):
        path = out / f"nodes_{_file_part(labels)}.csv"
        rows = [(node_properties(G, n), labels) for n in nodes]
        _write_nodes_file(path, rows, delimiter)
        node_files.append(path)
    for type_, edges in sorted(_edges_by_type(G).items()):
        path = out / f"relationships_{_file_part([type_])}.csv"
        rows = [(source, target, edge_properties(G, source, target, key))
                for source, target, key in sorted(edges, key=lambda e: e[2])]
        _write_relationships_file(path, type_, rows, delimiter)
        rel_files.append(path)
    script = out / IMPORT_SCRIPT
    script.write_text(_import_script(node_files, rel_files, delimiter), encoding="utf-8")
    script.chmod(0o755)
    return node_files + rel_files + [script]



def _edges_by_type(G: nx.MultiDiGraph) -> dict[str, list[tuple[str, str, str]]]:
    groups: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for source, target, key, type_ in G.edges(keys=True, data="type"):
        groups[type_].append((source, target, key))
    return groups


def _file_part(names: Iterable[str]) -> str:
    return "_".join(re.sub(r"[^A-Za-z0-9_]+", "-", name) for name in names) or "unlabelled"


def _array_delimiter(G: nx.MultiDiGraph) -> str:
    """The first delimiter that no label and no list element contains."""
    elements = set()
    for _, data in G.nodes(data=True):
        elements.update(_list_strings(data.values()))
    for _, _, data in G.edges(data=True):
        elements.update(_list_strings(data.values()))
    for delimiter in ARRAY_DELIMITERS:
        if not any(delimiter in element for element in elements):
            return delimiter
    raise ExportError(f"list values contain every array delimiter tried ({' '.join(ARRAY_DELIMITERS)}); "
                      "export as json or cypher instead")


def _list_strings(values: Iterable[Any]) -> Iterable[str]:
    for value in values:
        if isinstance(value, list):
            yield from (item for item in value if isinstance(item, str))


# --- columns --------------------------------------------------------------------------------------
def _column_type(values: list[Any]) -> str:
    """The neo4j-admin type of a column ("string[]", "long" ...), or "mixed" for a string fallback."""
    lists = [v for v in values if isinstance(v, list)]
    if lists and len(lists) == len(values):
        element = _scalar_type([item for value in lists for item in value] or [""])
        return "mixed" if element == "mixed" else element + "[]"
    if lists:
        return "mixed"
    return _scalar_type(values)


def _scalar_type(values: list[Any]) -> str:
    seen = {_SCALAR_TYPES.get(type(v), "mixed") for v in values}
    if seen == {"long", "double"}:
        return "double"
    return seen.pop() if len(seen) == 1 else "mixed"


def _header(name: str, column_type: str) -> str:
    return name if column_type in {"string", "mixed"} else f"{name}:{column_type}"


def _field(value: Any, column_type: str, delimiter: str) -> str:
    """One CSV field: strings quoted, numbers and booleans bare, absent values and [] empty."""
    if value is None or value == []:
        return ""
    if column_type == "mixed":
        return _quote(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
    if column_type.endswith("[]"):
        return _quote(delimiter.join(_scalar_text(item) for item in value))
    if column_type == "string":
        return _quote(value)
    return _scalar_text(value)


def _scalar_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _write_csv(path: Path, header: list[str], rows: Iterable[list[str]]) -> None:
    # Written by hand, not with the csv module: it cannot quote '' while leaving None bare.
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(header) + "\n")
        for row in rows:
            fh.write(",".join(row) + "\n")


def _property_columns(maps: list[dict[str, Any]], skip: str = "key") -> list[tuple[str, str]]:
    names = sorted({name for props in maps for name in props if name != skip})
    return [(name, _column_type([props[name] for props in maps if props.get(name) is not None])) for name in names]


def _write_nodes_file(path: Path, rows: list[tuple[dict[str, Any], tuple[str, ...]]], delimiter: str) -> None:
    columns = _property_columns([props for props, _ in rows])
    header = ["key:ID", ":LABEL"] + [_header(name, type_) for name, type_ in columns]
    _write_csv(path, header, (
        [_quote(props["key"]), _quote(delimiter.join(labels))]
        + [_field(props.get(name), type_, delimiter) for name, type_ in columns]
        for props, labels in rows
    ))


def _write_relationships_file(path: Path, type_: str, rows: list[tuple[str, str, dict[str, Any]]], delimiter: str) -> None:
    columns = _property_columns([props for _, _, props in rows])
    header = [":START_ID", ":END_ID", ":TYPE", "key"] + [_header(name, t) for name, t in columns]
    _write_csv(path, header, (
        [_quote(source), _quote(target), _quote(type_), _quote(props["key"])]
        + [_field(props.get(name), t, delimiter) for name, t in columns]
        for source, target, props in rows
    ))


# --- import.sh ------------------------------------------------------------------------------------
def _import_script(node_files: list[Path], rel_files: list[Path], delimiter: str) -> str:
    constraints = [f"#   {statement}" for statement in neo4j_key_constraints()]
    options = [f"  --nodes={path.name} \\" for path in node_files]
    options += [f"  --relationships={path.name} \\" for path in rel_files]
    options += [f"  --array-delimiter='{delimiter}' \\", "  --multiline-fields=true \\"]
    return "\n".join([
        "#!/bin/sh",
        "# Loads the CSV files of this directory into an EMPTY, stopped Neo4j 5 database:",
        "#   sh import.sh [database]      (default: neo4j; neo4j-admin must be on PATH)",
        "# Then create the key constraints the application relies on, in cypher-shell:",
        *constraints,
        "set -e",
        'cd "$(dirname "$0")"',
        "neo4j-admin database import full \\",
        *options,
        '  "${1:-neo4j}"',
        "",
    ])
