// upstream_step: one step towards where a mandate came from, from a frontier of node keys
// grouped by merge label ($instruments, $paragraphs, $summits, $bodies).
// Upstream is forward along ECHOES, QUOTES, REVISES, RENEWS, PART_OF (the later text points at
// the earlier) and backward along ASSIGNS, ADOPTS, MANDATES, CREATES (the earlier act points at
// what it led to); a body's upstream is only what created or renewed it. Returns rows `from` (the frontier key), `rel` (the relationship), `node`
// (the node reached), `source`, `target` (keys in the relationship's own direction).
UNWIND $instruments AS k MATCH (n:Instrument {key: k})-[r:ECHOES|QUOTES|REVISES|RENEWS|PART_OF]->(m) RETURN k AS from, r AS rel, m AS node, n.key AS source, m.key AS target
UNION ALL UNWIND $instruments AS k MATCH (n:Instrument {key: k})<-[r:ASSIGNS|ADOPTS|MANDATES|CREATES]-(m) RETURN k AS from, r AS rel, m AS node, m.key AS source, n.key AS target
UNION ALL UNWIND $paragraphs AS k MATCH (n:Paragraph {key: k})-[r:ECHOES|QUOTES|REVISES|RENEWS|PART_OF]->(m) RETURN k AS from, r AS rel, m AS node, n.key AS source, m.key AS target
UNION ALL UNWIND $paragraphs AS k MATCH (n:Paragraph {key: k})<-[r:ASSIGNS|ADOPTS|MANDATES|CREATES]-(m) RETURN k AS from, r AS rel, m AS node, m.key AS source, n.key AS target
UNION ALL UNWIND $summits AS k MATCH (n:Summit {key: k})-[r:ECHOES|QUOTES|REVISES|RENEWS|PART_OF]->(m) RETURN k AS from, r AS rel, m AS node, n.key AS source, m.key AS target
UNION ALL UNWIND $summits AS k MATCH (n:Summit {key: k})<-[r:ASSIGNS|ADOPTS|MANDATES|CREATES]-(m) RETURN k AS from, r AS rel, m AS node, m.key AS source, n.key AS target
UNION ALL UNWIND $bodies AS k MATCH (n:Body {key: k})<-[r:CREATES|RENEWS]-(m) RETURN k AS from, r AS rel, m AS node, m.key AS source, n.key AS target
