"""A map of the graph for people writing Cypher: ``mandates schema`` and ``GET /schema``.

Built from ``graph/schema.py`` (labels, relationship types, allowed patterns, evidence) plus what
that module does not say: the properties each label carries, which way each relationship points
and what it means, one example query each (run against the sample corpus by the test suite), and
the traps a first query falls into.
"""

from __future__ import annotations

from typing import Any

from mandate_lineage.graph import schema
from mandate_lineage.graph.evidence import EVIDENCE_LISTS

# Properties by merge label (a Document also has the Instrument ones; an Activity the Paragraph ones).
PROPERTIES: dict[str, dict[str, str]] = {
    "Instrument": {
        "key": "unique id, e.g. oas:ag-res-2141-xxxv-o-05, summit:2:plan-of-action, conv:vienna-consular-relations",
        "name": "display name (the symbol for a resolution)",
        "symbol": "official symbol, e.g. 'AG/RES. 2141 (XXXV-O/05)', 'A/RES/68/179'",
        "title": "title of an ingested document",
        "date": "ISO 8601, possibly partial ('2005', '2016-04-19')",
        "stub": "true when only cited, never ingested",
        "body": "key of the issuing body (ingested documents)",
        "number, session, year, base": "parts of a resolution symbol; base groups the versions of one resolution",
        "genre": "resolution, program, work-plan, un-resolution ... (ingested documents)",
        "source, sha256, paragraphCount": "the file an ingested document was read from",
        "summit": "key of the summit of a summit instrument",
    },
    "Paragraph": {
        "key": "document key + '#' + local id, e.g. oas:program-migrants-2016#act-28",
        "name": "'op. 7', 'activity 28', 'preamble 3' ...",
        "kind": "operative, preamble, subparagraph, activity, objective, quote, heading, text, table-row, title, footnote",
        "text": "the paragraph's text",
        "document": "key of the document (or summit) the paragraph belongs to",
        "number": "its number as printed ('7', '28')",
        "start, end": "offsets of the paragraph in the original file",
        "date": "the date of its document",
        "section, actor": "the heading it sits under; for an activity, the actor heading",
        "program": "for an Activity: key of its program",
        "sourceDocument, attributedTo": "for a quote: the instrument it quotes",
    },
    "Summit": {
        "key": "summit:1 ... summit:8, summit:special-2004",
        "name": "'Second Summit of the Americas'",
        "label": "name with place and year: 'Second Summit of the Americas (Santiago, 1998)'",
        "city, country, date, endDate, ordinal": "where and when it met",
    },
    "Body": {
        "key": "e.g. oas:iachr, oas:cam, oas:permanent-council",
        "name": "current name",
        "names": "every name it has had (a list), with namesFrom / namesTo (ISO dates, '' when open)",
        "acronyms": "a list: ['IACHR'], ['CAM', 'CIDI-CAM'] - match with 'x IN b.acronyms'",
        "organisation, bodyKind, parent": "OAS or UN; commission, department ...; key of the parent body",
    },
    "SourceText": {
        "key": "document key + '#text', e.g. oas:program-migrants-2016#text",
        "document": "key of the document whose text it is",
        "text": "the text the reader produced: every evidenceStart/evidenceEnd of the document indexes it",
        "format": "text, html, docx or pdf",
        "pageNumbers, pageStarts, pageEnds": "each page's span of the text (paged sources)",
        "footnoteNumbers, footnoteStarts, footnoteEnds": "each footnote's span of the text",
    },
}

# Which way each type points, read as a sentence.
DIRECTIONS: dict[str, str] = {
    "MANDATES": "(mandating paragraph or resolution)-[:MANDATES]->(body, instrument or paragraph mandated)",
    "RENEWS": "(renewing resolution or paragraph)-[:RENEWS]->(mandate, resolution or body renewed)",
    "ASSIGNS": "(program or work plan)-[:ASSIGNS]->(activity) and (activity)-[:ASSIGNS]->(body that carries it out)",
    "ADOPTS": "(adopting resolution)-[:ADOPTS]->(program or instrument adopted)",
    "CREATES": "(creating resolution)-[:CREATES]->(body created)",
    "REVISES": "(later version)-[:REVISES]->(earlier version)",
    "CITES": "(citing paragraph)-[:CITES]->(instrument or summit cited): citations start at Paragraph nodes",
    "QUOTES": "(quoting paragraph or instrument)-[:QUOTES]->(quoted commitment paragraph); placeStart, placeEnd, "
              "placeText ...: the passage as this document gives it (the node holds its least-keyed quoter's)",
    "ECHOES": "(later paragraph)-[:ECHOES]->(earlier paragraph whose text it repeats)",
    "PART_OF": "(paragraph)-[:PART_OF]->(its document or parent paragraph); (summit instrument)-[:PART_OF]->(summit)",
}

# One example per label and per type: (query, parameters). Each returns rows on the sample corpus.
LABEL_EXAMPLES: dict[str, tuple[str, dict[str, Any]]] = {
    "Instrument": ("MATCH (i:Instrument) WHERE i.symbol STARTS WITH $prefix RETURN i.key, i.symbol, i.stub ORDER BY i.key",
                   {"prefix": "AG/RES."}),
    "Document": ("MATCH (d:Document) RETURN d.key, d.date, d.title ORDER BY d.date", {}),
    "Resolution": ("MATCH (r:Resolution) RETURN r.symbol, r.date ORDER BY r.date", {}),
    "Program": ("MATCH (p:Program) RETURN p.key, p.date", {}),
    "WorkPlan": ("MATCH (w:WorkPlan) RETURN w.key, w.date", {}),
    "SummitInstrument": ("MATCH (i:SummitInstrument)-[:PART_OF]->(s:Summit) RETURN s.label, i.name ORDER BY s.date", {}),
    "Convention": ("MATCH (c:Convention) RETURN c.key, c.name", {}),
    "Summit": ("MATCH (s:Summit) RETURN s.key, s.label ORDER BY s.date", {}),
    "Paragraph": ("MATCH (p:Paragraph {document: $doc}) RETURN p.key, p.kind, p.text ORDER BY p.position LIMIT 5",
                  {"doc": "oas:program-migrants-2016"}),
    "Activity": ("MATCH (a:Activity {program: $program}) RETURN a.number, a.key, a.text ORDER BY a.position LIMIT 5",
                 {"program": "oas:program-migrants-2016"}),
    "Body": ("MATCH (b:Body) WHERE $acronym IN b.acronyms RETURN b.key, b.names", {"acronym": "IACHR"}),
    "SourceText": ("MATCH (t:SourceText {document: $doc}) RETURN t.format, t.characters, substring(t.text, 0, 80)",
                   {"doc": "oas:program-migrants-2016"}),
}
TYPE_EXAMPLES: dict[str, tuple[str, dict[str, Any]]] = {
    "MANDATES": ("MATCH (p)-[m:MANDATES]->(b:Body {key: $body}) RETURN p.key, m.evidenceQuote", {"body": "oas:permanent-council"}),
    "RENEWS": ("MATCH (r)-[e:RENEWS]->(x) RETURN r.key, x.key, e.evidenceDocuments", {}),
    "ASSIGNS": ("MATCH (a:Activity)-[:ASSIGNS]->(b:Body {key: $body}) RETURN a.key, a.text", {"body": "oas:iachr"}),
    "ADOPTS": ("MATCH (r)-[:ADOPTS]->(p) RETURN r.key, p.key", {}),
    "CREATES": ("MATCH (r)-[c:CREATES]->(b:Body) RETURN r.key, b.key, c.evidenceQuote", {}),
    "REVISES": ("MATCH (later)-[:REVISES]->(earlier) RETURN later.key, earlier.key", {}),
    "CITES": ("MATCH (p:Paragraph)-[:CITES]->(c:Convention {key: $conv}) RETURN p.document, p.key",
              {"conv": "conv:vienna-consular-relations"}),
    "QUOTES": ("MATCH (p)-[:QUOTES]->(q:Paragraph) RETURN p.key, q.key, q.text LIMIT 5", {}),
    "ECHOES": ("MATCH (later:Paragraph)-[e:ECHOES]->(earlier:Paragraph) WHERE later.key = $key "
               "RETURN earlier.key, e.similarity, e.evidenceQuote", {"key": "oas:program-migrants-2016#act-28"}),
    "PART_OF": ("MATCH (i:SummitInstrument)-[:PART_OF]->(s:Summit {key: $summit}) RETURN i.key, i.name", {"summit": "summit:2"}),
}

NOTES = [
    "Match nodes on their merge label and key: (:Instrument {key: ...}), (:Paragraph {key: ...}), "
    "(:Summit {key: ...}), (:Body {key: ...}); those are indexed and unique.",
    "Citations start at Paragraph nodes: (:Paragraph)-[:CITES]->(:Instrument); a document's citations are "
    "those of its paragraphs (p.document = the document key).",
    "ASSIGNS points from the program to the Activity and from the Activity to the Body.",
    "Acronyms and former names are lists: WHERE 'IACHR' IN b.acronyms, WHERE any(n IN b.names WHERE n CONTAINS 'Women').",
    "There is at most one relationship of a type between two nodes; each piece of evidence is an entry of the lists "
    + ", ".join(EVIDENCE_LISTS.values()) + " (the scalar evidence properties are the first entry's). "
    "So count(*) and count(r) agree, and size(r.evidenceKeys) counts the sentences behind a link.",
    "Dates are ISO strings, possibly partial ('2005'): compare strings (d.date >= '2005'), or date(d.date) "
    "only when you know they are complete.",
    "Values go in parameters ($name); `mandates cypher QUERY -p name=value`.",
]


def _merge_patterns(type_: str) -> list[list[str]]:
    pairs = {(schema.node_label(p.source).merge_label, schema.node_label(p.target).merge_label)
             for p in schema.PATTERNS if p.type == type_}
    return [list(pair) for pair in sorted(pairs)]


def schema_map() -> dict[str, Any]:
    """The whole map as plain data (the API's JSON, the CLI's text)."""
    labels = [{
        "name": label.name,
        "description": label.description,
        "mergeLabel": label.merge_label,
        "properties": PROPERTIES[label.merge_label],
        "example": {"query": LABEL_EXAMPLES[label.name][0], "parameters": LABEL_EXAMPLES[label.name][1]},
    } for label in schema.NODE_LABELS.values()]
    relationships = [{
        "type": rel.name,
        "kind": rel.kind,
        "description": rel.description,
        "direction": DIRECTIONS[rel.name],
        "upstream": "follow it forwards" if rel.name in schema.POINTS_UPSTREAM else "follow it backwards",
        "patterns": _merge_patterns(rel.name),
        "example": {"query": TYPE_EXAMPLES[rel.name][0], "parameters": TYPE_EXAMPLES[rel.name][1]},
    } for rel in schema.REL_TYPES.values()]
    evidence = {name: "" for name in schema.EVIDENCE_PROPERTIES}
    evidence.update({
        "evidenceDocument": "key of the document the evidence is read from",
        "evidenceParagraph": "key of the paragraph holding the quote",
        "evidenceStart": "start offset of the quote in the original file",
        "evidenceEnd": "end offset (exclusive)",
        "evidenceQuote": "the verbatim sentence behind the link",
        "rule": "the extraction rule that made the link",
        "confidence": "0..1",
    })
    evidence.update({listed: f"every entry's {name}, in entry order" for name, listed in EVIDENCE_LISTS.items()})
    return {"labels": labels, "relationships": relationships, "relationshipProperties": evidence,
            "echoesProperties": {"similarity": "0..1", "targetDocument, targetStart, targetEnd, targetQuote":
                                 "the aligned passage of the earlier text"},
            "notes": NOTES}


def format_schema(data: dict[str, Any]) -> str:
    """The map as text for a terminal."""
    out = ["NODE LABELS (match on the merge label's key)", ""]
    for label in data["labels"]:
        merge = "" if label["mergeLabel"] == label["name"] else f"  (also :{label['mergeLabel']})"
        out.append(f":{label['name']}{merge} - {label['description']}")
        if label["mergeLabel"] == label["name"]:
            for name, text in label["properties"].items():
                out.append(f"    {name}: {text}")
        out.append(f"    e.g. {label['example']['query']}" + _params(label["example"]["parameters"]))
    out += ["", "RELATIONSHIP TYPES (at most one of a type between two nodes)", ""]
    for rel in data["relationships"]:
        out.append(f"[:{rel['type']}] ({rel['kind']}) - {rel['description']}")
        out.append(f"    {rel['direction']}")
        out.append("    between: " + ", ".join(f"{s}->{t}" for s, t in rel["patterns"]))
        out.append(f"    upstream (towards origins): {rel['upstream']}")
        out.append(f"    e.g. {rel['example']['query']}" + _params(rel["example"]["parameters"]))
    out += ["", "EVERY RELATIONSHIP CARRIES ITS EVIDENCE", ""]
    out += [f"    {name}: {text}" for name, text in data["relationshipProperties"].items()]
    out += [f"    ECHOES also: {name}: {text}" for name, text in data["echoesProperties"].items()]
    out += ["", "GOOD TO KNOW", ""] + [f"  - {note}" for note in data["notes"]]
    return "\n".join(out) + "\n"


def _params(params: dict[str, Any]) -> str:
    return "".join(f"  -p {name}={value}" for name, value in params.items())
