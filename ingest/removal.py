"""Removing an ingested document: ``mandates remove DOCUMENT`` and ``DELETE /documents/{id}``.

The graph afterwards is the graph an ingest of the other documents gives:

1. One statement removes what the document wrote: its evidence entries on every relationship
   (a relationship left with none goes, see ``graph.evidence``), its paragraphs, and the nodes
   only it had put there (a summit, body, quoted commitment or cited stub no other document's
   link still holds). The document node itself goes too, unless other documents still link to it
   (they cite it, adopt it ...): then it stays as a stub, as if it had only been cited.
2. Text reuse is computed again over the remaining paragraphs. A removed document changes more
   than its own links: the term weights of every comparison count its paragraphs, and a later
   paragraph that repeated one of its paragraphs may now repeat an earlier text. So every ECHOES
   link is recomputed, as a one-run ingest of the remaining documents would (the cost of the
   ingest's text-reuse stage over the whole store), and only the differences are written.
"""

from __future__ import annotations

from dataclasses import dataclass

from mandate_lineage.errors import NotFound
from mandate_lineage.graph import schema
from mandate_lineage.graph.batch import document_edges_delete
from mandate_lineage.graph.store import GraphStore

from .building.nodes import QUOTE_PLACE
from .building.series import link_series
from .reuse.echoes import bring_in_line

# Properties only an ingest of the document itself writes; a stub has none of them.
DOCUMENT_ONLY = ("title", "genre", "body", "session", "language", "status", "presentedBy", "note", "source", "sha256",
                 "encoding", "inferred", "inference", "paragraphCount", "characters", "pipelineVersion")

FIND_DOCUMENT = ("MATCH (d:Document) WHERE d.key = $target OR d.symbol = $target OR d.source = $target "
                 "RETURN d.key AS key, d.name AS name, d.source AS source ORDER BY key")
# Nodes that may have been there only because of the document: the ends of the links it gave
# evidence for and the neighbours of its paragraphs (key and merge label); one indexed lookup per
# type (an untyped pattern would scan every relationship of the store).
TOUCHED = " UNION ".join(
    [f"MATCH (a)-[r:{type_}]->(b) WHERE $docKey IN r.evidenceDocuments RETURN {end}.key AS key, labels({end}) AS labels"
     for type_ in schema.REL_TYPES for end in ("a", "b")]
    + ["MATCH (p:Paragraph {document: $docKey})--(m) RETURN m.key AS key, labels(m) AS labels"]
)
MERGE_PARAMS = {"Instrument": "instruments", "Paragraph": "paragraphs", "Summit": "summits", "Body": "bodies"}


def _orphans(merge: str, param: str) -> str:
    # Text-reuse links do not hold a node: they are recomputed from the paragraphs that remain.
    return (f"UNWIND ${param} AS k MATCH (n:{merge} {{key: k}}) "
            "WHERE NOT n:Document AND NOT (n)-[:MANDATES|RENEWS|ASSIGNS|ADOPTS|CREATES|REVISES|CITES|QUOTES|PART_OF]-() "
            "DETACH DELETE n")


# A passage other documents quote too held the removed document's place (its least-keyed
# quoting document's): it takes the place the next one's QUOTES link keeps, as an ingest without
# the removed document gives. (Separate SETs: FalkorDB 4.16 mixed up values when one SET removed
# several properties and set others.)
RESTORE_QUOTE_PLACE = (
    "MATCH (q:Paragraph {sourceDocument: $docKey}) MATCH ()-[r:QUOTES]->(q) "
    "WITH q, r ORDER BY r.evidenceDocuments[0], r.placeStart WITH q, collect(r)[0] AS r "
    "SET q.sourceDocument = r.evidenceDocuments[0] "
    + " ".join(f"SET q.{name} = r.place{name[0].upper()}{name[1:]}" for name in QUOTE_PLACE)
    + " RETURN count(q) AS restored"
)

REMOVE_STATEMENT = " WITH count(*) AS _ ".join([
    document_edges_delete("docKey"),
    "OPTIONAL MATCH (p:Paragraph {document: $docKey}) DETACH DELETE p",
    "OPTIONAL MATCH (t:SourceText {key: $docKey + '#text'}) DELETE t",
    *(_orphans(merge, param) for merge, param in MERGE_PARAMS.items()),
    "MATCH (d:Instrument {key: $docKey}) "
    "WHERE NOT (d)-[:MANDATES|RENEWS|ASSIGNS|ADOPTS|CREATES|REVISES|CITES|QUOTES|PART_OF]-() DETACH DELETE d",
    # Still linked by other documents: a stub, as a citation alone would have made it. (After the
    # deletes: FalkorDB 4.16 lost this SET when a later clause of the query deleted.)
    # Properties replaced whole: FalkorDB 4.16 mixed up values when one SET removed several
    # properties (set to null) and set another.
    "MATCH (d:Instrument {key: $docKey}) SET d = $stubProps REMOVE d:Document",
    RESTORE_QUOTE_PLACE,
])


@dataclass(frozen=True)
class Removal:
    key: str
    name: str
    paragraphs: int
    relationships_before: int
    relationships_after: int
    nodes_before: int
    nodes_after: int
    kept_as_stub: bool
    echoes_removed: int
    echoes_added: int

    def summary(self) -> str:
        stub = " It is still cited by other documents, so it stays as a stub." if self.kept_as_stub else ""
        return (f"Removed {self.key} ({self.name}): {self.paragraphs} paragraphs; nodes {self.nodes_before} -> "
                f"{self.nodes_after}, relationships {self.relationships_before} -> {self.relationships_after} "
                f"(text reuse recomputed: {self.echoes_removed} links removed, {self.echoes_added} added).{stub}")


def find_document(store: GraphStore, target: str) -> tuple[str, str]:
    """The ingested document ``target`` names: its key, symbol or file name, else a symbol in any
    spacing ("AG/RES. 2141"). Several matches are an error listing them."""
    rows = store.read(FIND_DOCUMENT, {"target": target.strip()}).rows
    if not rows:
        from mandate_lineage.ingest.references.finder import parse_symbol

        ref = parse_symbol(target)
        if ref is not None:
            base = ref.attrs.get("base") or ref.key
            rows = store.read("MATCH (d:Document) WHERE d.key = $key OR d.key STARTS WITH $prefix "
                              "RETURN d.key, d.name, d.source ORDER BY d.key", {"key": ref.key, "prefix": base + "-"}).rows
    if not rows:
        raise NotFound(f"no ingested document {target!r} (give its key, symbol or file name; "
                       "`mandates cypher \"MATCH (d:Document) RETURN d.key, d.symbol, d.source\"` lists them)")
    if len(rows) > 1:
        raise NotFound(f"{target!r} names several documents: {', '.join(r[0] for r in rows)}; give its key")
    return rows[0][0], rows[0][1] or rows[0][0]


def remove_document(store: GraphStore, target: str) -> Removal:
    """Remove the document ``target`` names (see the module docstring); return what was done."""
    key, name = find_document(store, target)
    nodes_before, rels_before = store.totals()
    paragraphs = store.read("MATCH (p:Paragraph {document: $docKey}) RETURN count(p)", {"docKey": key}).rows[0][0]
    touched: dict[str, list[str]] = {param: [] for param in MERGE_PARAMS.values()}
    for node_key, labels in store.read(TOUCHED, {"docKey": key}, row_cap=50_000_000).rows:
        merge = next((m for m in MERGE_PARAMS if m in labels), None)
        if merge is not None and node_key != key:
            touched[MERGE_PARAMS[merge]].append(node_key)
    props = store.read("MATCH (d:Document {key: $k}) RETURN properties(d)", {"k": key}).rows[0][0]
    stub_props = {**{k: v for k, v in props.items() if k not in DOCUMENT_ONLY}, "stub": True}
    store.write_statement(REMOVE_STATEMENT, {"docKey": key, "stubProps": stub_props, **touched})
    stub = bool(store.read("MATCH (d:Instrument {key: $k}) RETURN count(d)", {"k": key}).rows[0][0])
    with store.exclusive("reuse"):
        added, removed = bring_in_line(store)
    link_series(store)  # a resolution of its series may now renew the one before it
    store.compact()
    nodes_after, rels_after = store.totals()
    return Removal(key, name, paragraphs, rels_before, rels_after, nodes_before, nodes_after, stub, removed, added)
