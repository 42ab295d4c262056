// search_hits: what a full-text search shows of the nodes it found, keys grouped by merge label
// ($instruments, $paragraphs, $summits, $bodies). Returns `node`, `document` (the key of the
// document the node belongs to: a paragraph's `document` property, an ingested instrument itself,
// else null), `issuer` (the key of the body that issued that document) and `bodies` (keys of the
// bodies the node mandates, assigns, creates or renews, or is).
UNWIND $paragraphs AS k MATCH (n:Paragraph {key: k}) OPTIONAL MATCH (d:Instrument {key: n.document})
RETURN n AS node, coalesce(d.key, n.document) AS document, d.body AS issuer, [(n)-[:MANDATES|ASSIGNS|CREATES|RENEWS]-(b:Body) | b.key] AS bodies
UNION ALL UNWIND $instruments AS k MATCH (n:Instrument {key: k})
RETURN n AS node, CASE WHEN n:Document THEN n.key END AS document, n.body AS issuer, [(n)-[:MANDATES|ASSIGNS|CREATES|RENEWS]-(b:Body) | b.key] AS bodies
UNION ALL UNWIND $summits AS k MATCH (n:Summit {key: k})
RETURN n AS node, null AS document, null AS issuer, [] AS bodies
UNION ALL UNWIND $bodies AS k MATCH (n:Body {key: k})
RETURN n AS node, null AS document, null AS issuer, [n.key] AS bodies
