// lineage_step: one step of a lineage walk from a frontier of node keys grouped by merge label
// ($instruments, $paragraphs, $summits, $bodies), along the relationship types the question
// follows from that kind of node: $instrumentsOut leaving an instrument, $instrumentsIn arriving
// at it, and so on (queries/hops.py decides them). Keys only, no properties: a level of a large
// walk holds thousands of rows that the node limit mostly leaves out and that repeat each node, so
// the properties of what joins the answer are read once, at the end (lineage_fetch). Returns rows
// `from` (the frontier key), `type`, `relKey`, `relId` (the relationship's id, for lineage_fetch),
// `node` (the key of the node reached), `labels` (its labels), `source`, `target` (keys in the
// relationship's own direction).
UNWIND $instruments AS k MATCH (n:Instrument {key: k})-[r]->(m) WHERE type(r) IN $instrumentsOut RETURN k AS from, type(r) AS type, r.key AS relKey, id(r) AS relId, m.key AS node, labels(m) AS labels, n.key AS source, m.key AS target
UNION ALL UNWIND $instruments AS k MATCH (n:Instrument {key: k})<-[r]-(m) WHERE type(r) IN $instrumentsIn RETURN k AS from, type(r) AS type, r.key AS relKey, id(r) AS relId, m.key AS node, labels(m) AS labels, m.key AS source, n.key AS target
UNION ALL UNWIND $paragraphs AS k MATCH (n:Paragraph {key: k})-[r]->(m) WHERE type(r) IN $paragraphsOut RETURN k AS from, type(r) AS type, r.key AS relKey, id(r) AS relId, m.key AS node, labels(m) AS labels, n.key AS source, m.key AS target
UNION ALL UNWIND $paragraphs AS k MATCH (n:Paragraph {key: k})<-[r]-(m) WHERE type(r) IN $paragraphsIn RETURN k AS from, type(r) AS type, r.key AS relKey, id(r) AS relId, m.key AS node, labels(m) AS labels, m.key AS source, n.key AS target
UNION ALL UNWIND $summits AS k MATCH (n:Summit {key: k})-[r]->(m) WHERE type(r) IN $summitsOut RETURN k AS from, type(r) AS type, r.key AS relKey, id(r) AS relId, m.key AS node, labels(m) AS labels, n.key AS source, m.key AS target
UNION ALL UNWIND $summits AS k MATCH (n:Summit {key: k})<-[r]-(m) WHERE type(r) IN $summitsIn RETURN k AS from, type(r) AS type, r.key AS relKey, id(r) AS relId, m.key AS node, labels(m) AS labels, m.key AS source, n.key AS target
UNION ALL UNWIND $bodies AS k MATCH (n:Body {key: k})-[r]->(m) WHERE type(r) IN $bodiesOut RETURN k AS from, type(r) AS type, r.key AS relKey, id(r) AS relId, m.key AS node, labels(m) AS labels, n.key AS source, m.key AS target
UNION ALL UNWIND $bodies AS k MATCH (n:Body {key: k})<-[r]-(m) WHERE type(r) IN $bodiesIn RETURN k AS from, type(r) AS type, r.key AS relKey, id(r) AS relId, m.key AS node, labels(m) AS labels, m.key AS source, n.key AS target
