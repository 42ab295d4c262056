"""One relationship per (source, type, target), carrying every piece of evidence for it.

FalkorDB collapses parallel relationships when a pattern's relationship variable is unused:
``MATCH ()-[:RENEWS]->() RETURN count(*)`` counted 3 where ``count(e)`` counted 4 on the sample
corpus, because two documents both reported that AG/RES. 2027 renewed the Working Group's
mandate. So the graph never holds two relationships of one type between the same two nodes:
a link is written with ``MERGE (a)-[r:TYPE]->(b)`` and each piece of evidence is an entry of
parallel lists on it (``EVIDENCE_LISTS``: ``evidenceKeys``, ``evidenceDocuments``,
``evidenceQuotes`` ...). The scalar properties (``key``, ``evidenceDocument``, ``evidenceQuote``,
``rule``, ``confidence`` and any others such as an ECHOES link's ``similarity``) are those of the
first entry, so every reader of one quote per edge keeps working.

An entry is identified by its evidence key (``ingest.building.evidence.edge_key``, a hash of the
link and its evidence): writing it again changes nothing. Removing a document removes its
entries (``remove_document_evidence``) and the relationships left without any.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Iterable, Mapping

from mandate_lineage.graph import schema

# Scalar evidence property -> the list holding it for every entry, in entry order.
EVIDENCE_LISTS: Mapping[str, str] = {
    "key": "evidenceKeys",
    "evidenceDocument": "evidenceDocuments",
    "evidenceParagraph": "evidenceParagraphs",
    "evidenceStart": "evidenceStarts",
    "evidenceEnd": "evidenceEnds",
    "evidenceQuote": "evidenceQuotes",
    "rule": "evidenceRules",
    "confidence": "evidenceConfidences",
}
assert set(EVIDENCE_LISTS) == {"key", *schema.EVIDENCE_PROPERTIES}


def _reading_order(row: Mapping[str, Any]) -> tuple:
    props = row["props"]
    return (str(props.get("evidenceDocument")), props.get("evidenceStart") or 0, row["key"])


def stored_order(document: Any, start: Any, key: Any) -> str:
    """The key ``merge_part``'s Cypher sorts a relationship's entries by (``_sort_key``), computed
    here: document, ``|``, the start as the last ten characters of ten zeros and its digits, ``|``,
    evidence key. Lists sent in this order are the lists the Cypher re-sort would give."""
    text = str(start)
    return f"{document}|{('0000000000' + text)[-10:]}|{key}"


def group_rows(rows: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows of one relationship type grouped by (source, target): one row per relationship with
    ``p``, the properties a new relationship takes: its entries as lists in stored order
    (``stored_order``), the scalars of the first entry, and the first entry's (in reading order:
    document, then offset) properties beyond the evidence (an ECHOES link's ``similarity`` ...).
    FalkorDB does not let a row of an ``UNWIND`` see what an earlier row of the same query set,
    so a relationship must come once per statement."""
    groups: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for row in rows:
        groups.setdefault((row["source"], row["target"]), []).append(row)
    out = []
    for (source, target), members in groups.items():
        members = sorted({m["key"]: m for m in members}.values(), key=_reading_order)
        props = {name: value for name, value in members[0]["props"].items() if name not in EVIDENCE_LISTS}
        if len(members) > 1:
            members.sort(key=lambda m: stored_order(m["props"]["evidenceDocument"], m["props"]["evidenceStart"],
                                                    m["key"]))
        for name, listed in EVIDENCE_LISTS.items():
            values = [m["key"] if name == "key" else m["props"][name] for m in members]
            props[listed] = values
            props[name] = values[0]
        out.append({"source": source, "target": target, "p": props})
    return out


def _sort_key(doc: str, start: str, key: str) -> str:
    """Cypher string that orders entries as ``stored_order`` does: document, start (zero-padded), key."""
    return f"{doc} + '|' + substring('0000000000' + toString({start}), size(toString({start}))) + '|' + {key}"


@lru_cache(maxsize=256)  # a fixed text per (type, labels, parameter): made once, not per document
def merge_part(type_: str, source_merge: str, target_merge: str, param: str) -> str:
    """Cypher for ``$param`` rows of ``group_rows``. A new relationship is created with the row's
    properties ``p`` in one map (its lists already in stored order), and nothing more is done to
    it. An existing one (another document's evidence for the same link, or a relationship written
    before) whose properties differ from ``p`` keeps the entries the row does not carry and takes
    the row's (an entry written again with new values, such as a recomputed ECHOES similarity,
    replaces the old one), and its lists are put back in stored order (document, start, key), so
    a relationship is the same whatever order its documents were ingested in (a rank per entry: a
    relationship holds a few sentences, so n^2 comparisons cost nothing). The row's other
    properties are set when it carries every entry. ``MERGE`` (not a read then ``CREATE``) so two
    writers of one new link make one relationship on Neo4j too; an equality of maps that is null
    (a null inside) takes the merge path, which is always right."""
    lists = list(EVIDENCE_LISTS.values())
    merged = ", ".join(f"[i IN kept | r.{name}[i]] + row.p.{name} AS {name}" for name in lists)
    carried = ", ".join(lists)
    key = _sort_key("evidenceDocuments[i]", "evidenceStarts[i]", "evidenceKeys[i]")
    ordered = ", ".join([f"r.{name} = [j IN perm | {name}[j]]" for name in lists]
                        + [f"r.{scalar} = {listed}[perm[0]]" for scalar, listed in EVIDENCE_LISTS.items()])
    return (
        f"UNWIND ${param} AS row MATCH (a:{source_merge} {{key: row.source}}) MATCH (b:{target_merge} {{key: row.target}}) "
        f"MERGE (a)-[r:{type_}]->(b) ON CREATE SET r = row.p "
        "WITH r, row WHERE NOT coalesce(properties(r) = row.p, false) "
        "WITH r, row, [i IN range(0, size(coalesce(r.evidenceKeys, [])) - 1) "
        "WHERE NOT r.evidenceKeys[i] IN row.p.evidenceKeys] AS kept "
        "SET r += CASE WHEN size(kept) = 0 THEN row.p ELSE {} END "
        f"WITH r, {merged} "
        f"WITH r, {carried}, [i IN range(0, size(evidenceKeys) - 1) | {key}] AS sk "
        f"WITH r, {carried}, [i IN range(0, size(sk) - 1) | size([k IN sk WHERE k < sk[i]])] AS ranks "
        f"WITH r, {carried}, [j IN range(0, size(ranks) - 1) | head([i IN range(0, size(ranks) - 1) WHERE ranks[i] = j])] AS perm "
        f"SET {ordered}"
    )


# What the optimistic part sets on a relationship it did not create with the row's properties: a
# map, which no backend stores as a property value, so the whole statement fails and leaves
# nothing, and the write is made again with ``merge_part`` (``GraphStore.write``).
CONFLICT_REFUSAL = "{mandatesEvidenceToMerge: true}"


@lru_cache(maxsize=256)
def create_part(type_: str, source_merge: str, target_merge: str, param: str) -> str:
    """Cypher for ``$param`` rows of ``group_rows`` written on the expectation that no relationship
    of theirs exists yet (a document's own new links): each is created with its properties ``p``
    in one map. ``MERGE``, so a concurrent writer of the same link still leaves one relationship;
    one that existed fails the statement (``ON MATCH``: ``CONFLICT_REFUSAL``), which is then
    written again with ``merge_part``. A fifth of ``merge_part``'s text and no per-row work beyond
    the create: most of a statement's server time was parsing, planning and per-row expressions."""
    return (
        f"UNWIND ${param} AS row MATCH (a:{source_merge} {{key: row.source}}) MATCH (b:{target_merge} {{key: row.target}}) "
        f"MERGE (a)-[r:{type_}]->(b) ON CREATE SET r = row.p ON MATCH SET r.evidenceKeys = {CONFLICT_REFUSAL}"
    )


def remove_document_evidence(types: Iterable[str], param: str = "docKey") -> str:
    """Cypher removing the evidence entries read from document ``$param`` from relationships of
    ``types``: one evidenced by that document alone is deleted, one with others keeps theirs and
    takes its scalar properties from its new first entry (ECHOES links are only ever evidenced by
    their source paragraph's document, so no other kind of link has scalars beyond the evidence
    ones). Every lookup is ``$param IN r.evidenceDocuments`` on one type, which goes through the
    array index of ``schema.RELATIONSHIP_INDEXES`` on FalkorDB: the cost is the document's edges,
    not the store's. Deletes come first: FalkorDB 4.16 dropped the SET of a relationship when a
    later clause of the same query deleted another one matched with it. Fixed text; values are
    parameters. Usable as a preamble."""
    deletes = [
        f"OPTIONAL MATCH ()-[gone{i}:{type_}]->() WHERE ${param} IN gone{i}.evidenceDocuments "
        f"AND all(d IN gone{i}.evidenceDocuments WHERE d = ${param}) DELETE gone{i}"
        for i, type_ in enumerate(types)
    ]
    updates = []
    for i, type_ in enumerate(types):
        old = f"old{i}"
        updates.append(
            f"OPTIONAL MATCH ()-[{old}:{type_}]->() WHERE ${param} IN {old}.evidenceDocuments "
            f"WITH {old} WHERE {old} IS NOT NULL "
            f"WITH {old}, [i IN range(0, size(coalesce({old}.evidenceKeys, [])) - 1) "
            f"WHERE {old}.evidenceDocuments[i] <> ${param}] AS keep " + keep_entries(old, "keep")
        )
    return " WITH count(*) AS _ ".join(deletes + updates)


def keep_entries(rel: str, keep: str) -> str:
    """Cypher keeping only the evidence entries of relationship ``rel`` at the indexes of the list
    ``keep`` (both variables of the query), its scalars those of its new first entry. Fixed text."""
    lists = list(EVIDENCE_LISTS.values())
    kept = ", ".join(f"[i IN {keep} | {rel}.{name}[i]] AS {name}" for name in lists)
    return (f"WITH {rel}, {kept} SET " + ", ".join(f"{rel}.{name} = {name}" for name in lists) + ", "
            + ", ".join(f"{rel}.{scalar} = {listed}[0]" for scalar, listed in EVIDENCE_LISTS.items()))


def evidence_entries(props: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A relationship's evidence as one dict per entry (``{"key", "evidenceDocument", ...}``);
    a relationship written before the lists existed has its scalars as its only entry."""
    if not props.get("evidenceKeys"):
        return [{name: props.get(name) for name in EVIDENCE_LISTS}]
    return [{name: props[listed][i] for name, listed in EVIDENCE_LISTS.items()}
            for i in range(len(props["evidenceKeys"]))]
