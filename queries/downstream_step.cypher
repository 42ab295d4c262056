// downstream_step: one step towards what a summit commitment or resolution led to, from a
// frontier of node keys grouped by merge label ($instruments, $paragraphs, $summits, $bodies).
// The mirror of upstream_step: backward along ECHOES, QUOTES, REVISES, RENEWS, PART_OF and
// forward along ASSIGNS, ADOPTS, MANDATES, CREATES. Returns rows `from`, `rel`, `node`,
// `source`, `target` (keys in the relationship's own direction).
UNWIND $instruments AS k MATCH (n:Instrument {key: k})<-[r:ECHOES|QUOTES|REVISES|RENEWS|PART_OF]-(m) RETURN k AS from, r AS rel, m AS node, m.key AS source, n.key AS target
UNION ALL UNWIND $instruments AS k MATCH (n:Instrument {key: k})-[r:ASSIGNS|ADOPTS|MANDATES|CREATES]->(m) RETURN k AS from, r AS rel, m AS node, n.key AS source, m.key AS target
UNION ALL UNWIND $paragraphs AS k MATCH (n:Paragraph {key: k})<-[r:ECHOES|QUOTES|REVISES|RENEWS|PART_OF]-(m) RETURN k AS from, r AS rel, m AS node, m.key AS source, n.key AS target
UNION ALL UNWIND $paragraphs AS k MATCH (n:Paragraph {key: k})-[r:ASSIGNS|ADOPTS|MANDATES|CREATES]->(m) RETURN k AS from, r AS rel, m AS node, n.key AS source, m.key AS target
UNION ALL UNWIND $summits AS k MATCH (n:Summit {key: k})<-[r:ECHOES|QUOTES|REVISES|RENEWS|PART_OF]-(m) RETURN k AS from, r AS rel, m AS node, m.key AS source, n.key AS target
UNION ALL UNWIND $summits AS k MATCH (n:Summit {key: k})-[r:ASSIGNS|ADOPTS|MANDATES|CREATES]->(m) RETURN k AS from, r AS rel, m AS node, n.key AS source, m.key AS target
UNION ALL UNWIND $bodies AS k MATCH (n:Body {key: k})-[r:ASSIGNS|ADOPTS|MANDATES|CREATES]->(m) RETURN k AS from, r AS rel, m AS node, n.key AS source, m.key AS target
