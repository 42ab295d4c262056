// lineage_step: one step of a lineage walk from a frontier of node keys grouped by merge label and
// way ($instrumentsOut: the instruments whose relationships leaving them are followed,
// $instrumentsIn: arriving at them, and so on), along the relationship types the question follows
// from that kind of node, written into the pattern (__INSTRUMENTS_OUT__ ...: types from the schema,
// chosen by queries/hops.py) so the database reads only those relationships: with `type(r) IN
// $list` it read every relationship of each node (a convention cited by thousands) and filtered. Keys only, no properties: a level of a large
// walk holds thousands of rows that the node limit mostly leaves out and that repeat each node, so
// the properties of what joins the answer are read once, at the end (lineage_fetch). Returns rows
// `from` (the frontier key), `type`, `relKey`, `relId` (the relationship's id, for lineage_fetch),
// `node` (the key of the node reached), `labels` (its labels), `out` (true when the relationship
// leaves the frontier node: its source is `from` and its target `node`, else the reverse; the
// walk makes `source` and `target` from it rather than read both keys a second time per row).
UNWIND $instrumentsOut AS k MATCH (n:Instrument {key: k})-[r:__INSTRUMENTS_OUT__]->(m) RETURN k AS from, type(r) AS type, r.key AS relKey, id(r) AS relId, m.key AS node, labels(m) AS labels, true AS out
UNION ALL UNWIND $instrumentsIn AS k MATCH (n:Instrument {key: k})<-[r:__INSTRUMENTS_IN__]-(m) RETURN k AS from, type(r) AS type, r.key AS relKey, id(r) AS relId, m.key AS node, labels(m) AS labels, false AS out
UNION ALL UNWIND $paragraphsOut AS k MATCH (n:Paragraph {key: k})-[r:__PARAGRAPHS_OUT__]->(m) RETURN k AS from, type(r) AS type, r.key AS relKey, id(r) AS relId, m.key AS node, labels(m) AS labels, true AS out
UNION ALL UNWIND $paragraphsIn AS k MATCH (n:Paragraph {key: k})<-[r:__PARAGRAPHS_IN__]-(m) RETURN k AS from, type(r) AS type, r.key AS relKey, id(r) AS relId, m.key AS node, labels(m) AS labels, false AS out
UNION ALL UNWIND $summitsOut AS k MATCH (n:Summit {key: k})-[r:__SUMMITS_OUT__]->(m) RETURN k AS from, type(r) AS type, r.key AS relKey, id(r) AS relId, m.key AS node, labels(m) AS labels, true AS out
UNION ALL UNWIND $summitsIn AS k MATCH (n:Summit {key: k})<-[r:__SUMMITS_IN__]-(m) RETURN k AS from, type(r) AS type, r.key AS relKey, id(r) AS relId, m.key AS node, labels(m) AS labels, false AS out
UNION ALL UNWIND $bodiesOut AS k MATCH (n:Body {key: k})-[r:__BODIES_OUT__]->(m) RETURN k AS from, type(r) AS type, r.key AS relKey, id(r) AS relId, m.key AS node, labels(m) AS labels, true AS out
UNION ALL UNWIND $bodiesIn AS k MATCH (n:Body {key: k})<-[r:__BODIES_IN__]-(m) RETURN k AS from, type(r) AS type, r.key AS relKey, id(r) AS relId, m.key AS node, labels(m) AS labels, false AS out
