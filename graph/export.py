"""Export the whole graph to files other tools open: GraphML, node-link JSON, CSV, Cypher.

Every format is written from the networkx view (``networkx_view.load_graph``), so they agree on
what a node and a relationship are. What each keeps:

* ``graphml`` (Gephi, yEd, ``read_graphml`` here): one file. Strings, booleans, integers
  (``long``) and floats (``double``) are typed GraphML attributes. GraphML has no lists, so a
  property that holds a list anywhere (``labels``, ``names``, ...) or holds values of different
  types is written JSON-encoded under its name plus ``.json`` (``labels.json`` =
  ``["Instrument", "Resolution"]``); ``read_graphml`` decodes them back. XML 1.0 cannot hold
  control characters other than tab, newline and carriage return: such a value is refused
  (``ExportError``) rather than altered. yEd shows no node text by default: map an attribute
  (``name``) to the label with its Properties Mapper.
* ``json``: ``networkx.node_link_data``, UTF-8; lossless. The edges are under the name the
  installed networkx reads by default (``"edges"`` from networkx 3.6, ``"links"`` before), so
  ``networkx.node_link_graph(json.load(fh))`` reads it back with no argument.
* ``csv``: a directory in the layout of ``neo4j-admin database import full`` with ``import.sh``
  (see ``export_csv``). Loses empty lists.
* ``cypher``: a script of ``MERGE`` statements that recreates the graph in an empty database
  (see ``export_cypher``); lossless.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
from networkx.readwrite.graphml import GraphMLWriter

from mandate_lineage.errors import MandatesError
from mandate_lineage.graph import schema
from mandate_lineage.graph.networkx_view import load_graph
from mandate_lineage.graph.store import GraphStore

__all__ = [
    "FORMATS",
    "ExportError",
    "ExportSummary",
    "export",
    "read_graphml",
    "read_node_link_json",
    "write_graphml",
    "write_node_link_json",
]

JSON_SUFFIX = ".json"  # GraphML attribute names of JSON-encoded values
# Characters XML 1.0 cannot carry, even as character references.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class ExportError(MandatesError):
    """The graph cannot be written in the format asked for."""


@dataclass(frozen=True)
class ExportSummary:
    """What ``export`` wrote: the format, where, how much, and every file."""

    fmt: str
    out: Path
    nodes: int
    relationships: int
    files: tuple[Path, ...]


def export(store: GraphStore, fmt: str, out: Path) -> ExportSummary:
    """Write the whole graph in ``store`` to ``out`` in format ``fmt``.

    Parameters
    ----------
    store : GraphStore
        An open store; only read.
    fmt : {"graphml", "json", "csv", "cypher"}
        The format (see the module docstring for what each keeps).
    out : Path
        A file for graphml, json and cypher; a directory for csv. Parent folders are created;
        files of the same name are replaced.

    Returns
    -------
    ExportSummary

    Raises
    ------
    ExportError
        For an unknown format, or data the format cannot carry.
    """
    writer = _writer(fmt)
    G = load_graph(store)
    files = writer(G, Path(out))
    return ExportSummary(fmt, Path(out), G.number_of_nodes(), G.number_of_edges(), tuple(files))


FORMATS = ("graphml", "json", "csv", "cypher")


def _writer(fmt: str) -> Callable[[nx.MultiDiGraph, Path], list[Path]]:
    # Imported here: those modules import ExportError and the shared helpers from this one.
    from mandate_lineage.graph.export_csv import write_neo4j_csv
    from mandate_lineage.graph.export_cypher import write_cypher_script

    writers = {"graphml": write_graphml, "json": write_node_link_json, "csv": write_neo4j_csv,
               "cypher": write_cypher_script}
    if fmt not in writers:
        raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return writers[fmt]


def neo4j_key_constraints() -> list[str]:
    """The Neo4j 5 uniqueness constraints on ``key`` the application relies on, one per merge label."""
    return [f"CREATE CONSTRAINT {label.lower()}_key IF NOT EXISTS FOR (n:{label}) REQUIRE n.key IS UNIQUE;"
            for label in schema.merge_labels()]


def nodes_by_label_set(G: nx.MultiDiGraph) -> list[tuple[tuple[str, ...], list[str]]]:
    """Node keys grouped by their sorted labels, groups and keys in sorted order."""
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for node, labels in G.nodes(data="labels"):
        groups[tuple(sorted(labels or ()))].append(node)
    return [(labels, sorted(nodes)) for labels, nodes in sorted(groups.items())]


# --- GraphML --------------------------------------------------------------------------------------
def write_graphml(G: nx.MultiDiGraph, out: Path) -> list[Path]:
    """Write ``G`` as GraphML, list-valued and mixed-type attributes JSON-encoded (``name.json``)."""
    encoded = _graphml_ready(G)
    writer = GraphMLWriter(encoding="utf-8", prettyprint=True)
    writer.add_graph_element(encoded)
    # ElementTree writes a carriage return raw and XML readers turn it into a newline; a
    # character reference survives. Raw \r only occurs inside values: indentation uses \n.
    text = str(writer).replace("\r", "&#13;")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("<?xml version='1.0' encoding='utf-8'?>\n" + text + "\n", encoding="utf-8")
    return [out]


def read_graphml(path: Path) -> nx.MultiDiGraph:
    """Read a file ``write_graphml`` wrote, decoding its ``.json`` attributes.

    Examples
    --------
    >>> import tempfile
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("oas:iachr", labels=["Body"], names=["IACHR", "CIDH"], founded=1959)
    >>> G.add_edge("oas:ag-res-1#op-1", "oas:iachr", key="m1", type="MANDATES", confidence=0.9)
    'm1'
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = write_graphml(G, Path(tmp) / "g.graphml")
    ...     H = read_graphml(Path(tmp) / "g.graphml")
    >>> H.nodes["oas:iachr"] == G.nodes["oas:iachr"], list(H.edges(keys=True, data="confidence"))
    (True, [('oas:ag-res-1#op-1', 'oas:iachr', 'm1', 0.9)])
    """
    G = nx.read_graphml(path, node_type=str, edge_key_type=str, force_multigraph=True)
    for _, data in G.nodes(data=True):
        _decode_json_attributes(data)
    for _, _, data in G.edges(data=True):
        _decode_json_attributes(data)
    return G


def _graphml_ready(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``G`` whose attribute values are all GraphML scalars of one type per name."""
    node_encoded = _names_to_encode(data for _, data in G.nodes(data=True))
    edge_encoded = _names_to_encode(data for _, _, data in G.edges(data=True))
    H = nx.MultiDiGraph()
    for node, data in G.nodes(data=True):
        H.add_node(node, **_encode_attributes(f"node {node}", data, node_encoded))
    for source, target, key, data in G.edges(keys=True, data=True):
        H.add_edge(source, target, key=key, **_encode_attributes(f"relationship {key}", data, edge_encoded))
    return H


def _names_to_encode(items) -> set[str]:
    """Attribute names that hold a list somewhere, or values of more than one type."""
    types: dict[str, set[type]] = {}
    for data in items:
        for name, value in data.items():
            types.setdefault(name, set()).add(type(value))
    return {name for name, seen in types.items() if list in seen or len(seen) > 1}


def _encode_attributes(where: str, data: dict[str, Any], encoded: set[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in data.items():
        if value is None:
            continue
        if name in encoded:  # json.dumps escapes control characters, so any string fits
            out[name + JSON_SUFFIX] = json.dumps(value, ensure_ascii=False)
        else:
            _refuse_xml_illegal(where, name, value)
            out[name] = value
    return out


def _refuse_xml_illegal(where: str, name: str, value: Any) -> None:
    if isinstance(value, str) and _XML_ILLEGAL.search(value):
        raise ExportError(f"{where}: property {name!r} holds a control character XML cannot carry; "
                          "export as json, csv or cypher instead")


def _decode_json_attributes(data: dict[str, Any]) -> None:
    for name in [n for n in data if n.endswith(JSON_SUFFIX)]:
        data[name[: -len(JSON_SUFFIX)]] = json.loads(data.pop(name))


# --- node-link JSON -------------------------------------------------------------------------------
def node_link_edges_name() -> str:
    """The name of the edge list ``networkx.node_link_graph`` reads when called with no ``edges``:
    "edges" from networkx 3.6, "links" before (3.4 and 3.5 default to None, meaning "links")."""
    import inspect

    default = inspect.signature(nx.node_link_graph).parameters["edges"].default
    return default if isinstance(default, str) else "links"


def write_node_link_json(G: nx.MultiDiGraph, out: Path) -> list[Path]:
    """Write ``G`` as networkx node-link JSON, UTF-8, readable by ``node_link_graph(data)``."""
    data = nx.node_link_data(G, edges=node_link_edges_name())
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
    return [out]


def read_node_link_json(path: Path) -> nx.MultiDiGraph:
    """Read a file ``write_node_link_json`` wrote."""
    with Path(path).open(encoding="utf-8") as fh:
        data = json.load(fh)
    # files written before the default changed hold "links"
    return nx.node_link_graph(data, edges="links" if "links" in data and "edges" not in data else "edges")
