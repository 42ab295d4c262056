"""Writes as plain data (``WriteBatch``) and the one Cypher text both backends run for them.

A batch becomes a single query of ``UNWIND $pN AS row MERGE ...`` parts joined by
``WITH count(*) AS _`` so one batch is one atomic statement on FalkorDB (one query) and on
Neo4j (one transaction). Labels and types come from the validated schema, values only
from parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from mandate_lineage.errors import MandatesError, SchemaError
from mandate_lineage.graph import evidence, schema


@dataclass(frozen=True)
class NodeWrite:
    """Rows ``{"key": str, "props": {...}}`` for nodes carrying ``labels``.

    ``create_only``: set the properties only when the node is new (stubs for cited
    instruments must not overwrite what an ingest of that instrument wrote).
    ``replace``: the properties become exactly the row's (an ingested document's node drops what a
    stub written by a citing document put there, so the node is the same whichever came first).
    """

    labels: tuple[str, ...]
    rows: list[Mapping[str, Any]]
    create_only: bool = False
    replace: bool = False
    # ``borrowed``: passages several documents write (a commitment quoted by each, keyed by its
    # text): of the writers, the least ``sourceDocument`` key wins, never a node its own document
    # wrote, so the node is the same whatever order the documents came in.
    borrowed: bool = False


@dataclass(frozen=True)
class RelWrite:
    """Rows ``{"source": key, "target": key, "key": str, "props": {...evidence...}}``."""

    type: str
    source_label: str
    target_label: str
    rows: list[Mapping[str, Any]]


@dataclass
class WriteBatch:
    nodes: list[NodeWrite] = field(default_factory=list)
    relationships: list[RelWrite] = field(default_factory=list)
    # Cypher run first in the same statement, e.g. removing a document's stale paragraphs.
    # Fixed text from this package only (never user input); parameters go in ``params``.
    preamble: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    # The statement as the store sends it, made ahead of the write (in a parse worker, by the
    # store's ``batch_encoder``) so the writing process only sends it; None: made at write time.
    # Set it last: it is not remade when the batch changes.
    encoded: Any = field(default=None, compare=False, repr=False)

    def add_nodes(self, labels: tuple[str, ...] | str, rows: list[Mapping[str, Any]], *, create_only: bool = False) -> None:
        if isinstance(labels, str):
            labels = (labels,)
        if rows:
            self.nodes.append(NodeWrite(tuple(labels), list(rows), create_only))

    def add_relationships(self, type_: str, source_label: str, target_label: str, rows: list[Mapping[str, Any]]) -> None:
        if rows:
            self.relationships.append(RelWrite(type_, source_label, target_label, list(rows)))

    def __len__(self) -> int:
        return sum(len(n.rows) for n in self.nodes) + sum(len(r.rows) for r in self.relationships)

    def validate(self) -> None:
        for nodes in self.nodes:
            schema.validate_node_rows(nodes.labels, nodes.rows)
        for rels in self.relationships:
            schema.validate_rel_rows(rels.source_label, rels.type, rels.target_label, rels.rows)


def _node_part(write: NodeWrite, param: str) -> str:
    merge = schema.merge_label_of(write.labels)
    extra = [label for label in write.labels if label != merge]
    set_props = ("ON CREATE SET n += row.props" if write.create_only
                 else "SET n = row.props" if write.replace
                 else "SET n += CASE WHEN n.document IS NULL OR (n.sourceDocument IS NOT NULL AND "
                      "row.props.sourceDocument <= n.sourceDocument) THEN row.props ELSE {} END" if write.borrowed
                 else "SET n += row.props")
    add_labels = f" SET n:{':'.join(extra)}" if extra else ""
    return f"UNWIND ${param} AS row MERGE (n:{merge} {{key: row.key}}) {set_props}{add_labels}"


def _merge_labels(write: RelWrite) -> tuple[str, str, str]:
    return (write.type, schema.node_label(write.source_label).merge_label,
            schema.node_label(write.target_label).merge_label)


def _rel_groups(writes: list[RelWrite]) -> list[tuple[tuple[str, str, str], list[Mapping[str, Any]]]]:
    """The relationship writes as one part per (type, source merge label, target merge label) (a
    document's ``CITES`` to resolutions, programs and conventions are one part: every part's text
    is parsed and planned on each write), in first-seen order. A write sharing a (source, target)
    with another write of its group stays a part of its own: two parts merge its evidence as they
    always did."""
    groups: list[tuple[tuple[str, str, str], list[Mapping[str, Any]], set[tuple[str, str]]]] = []
    open_group: dict[tuple[str, str, str], int] = {}
    for write in writes:
        labels = _merge_labels(write)
        pairs = {(row["source"], row["target"]) for row in write.rows}
        at = open_group.get(labels)
        if at is not None and not (pairs & groups[at][2]):
            groups[at][1].extend(write.rows)
            groups[at][2].update(pairs)
        else:
            open_group[labels] = len(groups)
            groups.append((labels, list(write.rows), pairs))
    return [(labels, rows) for labels, rows, _ in groups]


def own_keys(batch: WriteBatch) -> frozenset[str]:
    """Keys of the nodes the batch writes whole (``NodeWrite.replace``: a document and its own
    paragraphs): their relationships are the document's own links, new when it is written."""
    return frozenset(row["key"] for nodes in batch.nodes if nodes.replace for row in nodes.rows)


def compile_batch(batch: WriteBatch, *, validate: bool = True, optimistic: bool = False,
                  own: frozenset[str] | None = None) -> tuple[str, dict[str, Any]]:
    """One Cypher statement and its parameters for the whole batch (validated first, unless the
    caller already validated it: validation is a third of a bulk load's client time).

    Relationships are written by ``evidence.merge_part``, which merges into existing ones; with
    ``optimistic``, those touching one of ``own`` (default ``own_keys(batch)``) by
    ``evidence.create_part`` instead, expected new: the statement then fails if one existed with
    other evidence, and must be compiled again without ``optimistic`` (``GraphStore.write``). Links
    between nodes other documents write too (a plan of action ``PART_OF`` its summit) often exist."""
    if validate:
        batch.validate()
    parts: list[str] = []
    params: dict[str, Any] = dict(batch.params)
    if batch.preamble:
        parts.append(batch.preamble)
    for i, nodes in enumerate(batch.nodes):
        params[f"n{i}"] = [{"key": r["key"], "props": {**r.get("props", {}), **({"key": r["key"]} if nodes.replace else {})}}
                           for r in nodes.rows]
        parts.append(_node_part(nodes, f"n{i}"))
    if optimistic and own is None:
        own = own_keys(batch)
    for i, (labels, rows) in enumerate(_rel_groups(batch.relationships)):
        new: list[dict[str, Any]] = []
        shared: list[dict[str, Any]] = []
        for row in evidence.group_rows(rows):
            (new if optimistic and (row["source"] in own or row["target"] in own) else shared).append(row)
        if new:
            params[f"c{i}"] = new
            parts.append(evidence.create_part(*labels, f"c{i}"))
        if shared:
            params[f"r{i}"] = shared
            parts.append(evidence.merge_part(*labels, f"r{i}"))
    if not parts:
        return "RETURN 0 AS written", params
    return " WITH count(*) AS _ ".join(parts) + " RETURN count(*) AS written", params


def encode_ahead(batch: WriteBatch, encoder: Callable[[WriteBatch], Any]) -> Any:
    """``encoder(batch)``, or None when it refuses the batch: the write then compiles it itself
    and reports the error where and as it always did (after the key checks)."""
    try:
        return encoder(batch)
    except (MandatesError, ValueError, TypeError, KeyError, RecursionError):
        return None


def split_batch(batch: WriteBatch, max_rows: int) -> list[WriteBatch]:
    """Cut a large, non-atomic load into batches of at most ``max_rows`` rows (nodes first)."""
    out: list[WriteBatch] = []
    for nodes in batch.nodes:
        for i in range(0, len(nodes.rows), max_rows):
            out.append(WriteBatch(nodes=[NodeWrite(nodes.labels, nodes.rows[i : i + max_rows], nodes.create_only,
                                                   nodes.replace, nodes.borrowed)]))
    for rels in batch.relationships:
        for i in range(0, len(rels.rows), max_rows):
            out.append(
                WriteBatch(relationships=[RelWrite(rels.type, rels.source_label, rels.target_label, rels.rows[i : i + max_rows])])
            )
    return out


def document_edges_delete(param: str = "docKey") -> str:
    """Cypher removing the evidence read from document ``$param`` from every relationship, and the
    relationships left with none (``evidence.remove_document_evidence``: indexed lookups per
    relationship type), so the cost is the document's own edges, where
    ``MATCH ()-[r]->() WHERE r.evidenceDocument = ...`` scanned every relationship of the store."""
    return evidence.remove_document_evidence(tuple(schema.REL_TYPES), param)


def replace_document_preamble(param: str = "docKey", keep_param: str = "keepKeys") -> str:
    """Run first in the statement writing a new version of document ``$param``: its old edges go,
    and its paragraphs not in ``$keepKeys`` (so the document is replaced whole or not at all)."""
    return (
        document_edges_delete(param) + " WITH count(*) AS _ "
        f"OPTIONAL MATCH (stale:Paragraph) WHERE stale.document = ${param} AND NOT stale.key IN ${keep_param} "
        "DETACH DELETE stale"
    )


def key_holders_statement(batch: WriteBatch) -> tuple[str, dict[str, Any]] | None:
    """One read finding the batch's node keys already held by a node of another merge label.

    Keys are unique across every label: MERGE on ``(:Summit {key})`` cannot see an ``Instrument``
    with the same key, so without this check a manifest key equal to ``summit:3`` or to an
    activity's key made a second node with that key (and lineage lookups answered for either).
    Returns None when the batch writes no node. Raises ``SchemaError`` when the batch itself gives
    one key two merge labels."""
    by_label: dict[str, set[str]] = {}
    for nodes in batch.nodes:
        by_label.setdefault(schema.merge_label_of(nodes.labels), set()).update(r["key"] for r in nodes.rows)
    owner: dict[str, str] = {}
    for label, keys in sorted(by_label.items()):
        for key in keys:
            if owner.setdefault(key, label) != label:
                raise SchemaError(f"key {key!r} is given to a {owner[key]} and a {label} node")
    if not owner:
        return None
    parts, params = [], {}
    for i, label in enumerate(schema.merge_labels()):
        params[f"k{i}"] = sorted(key for key, held in owner.items() if held != label)
        parts.append(f"UNWIND $k{i} AS k MATCH (n:{label} {{key: k}}) RETURN k AS key, '{label}' AS label")
    return " UNION ALL ".join(parts), params
