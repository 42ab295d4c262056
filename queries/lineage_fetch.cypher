// lineage_fetch: the properties of what a lineage walk kept, read once: the nodes with the keys in
// $instruments, $paragraphs, $summits, $bodies (by merge label, so each uses its key index), and
// the relationships in $instrumentRels ... $bodyRels, each `{source, ids}`: the relationships with
// those ids leaving the node with key `source` (of that merge label), found from their indexed
// source rather than by id alone (FalkorDB scans every relationship for that), each source
// expanded once for all its relationships. Returns rows `key` (the
// node's key, or the relationship's source), `id` (null for a node, else the relationship's id),
// `value` (the node or the relationship).
UNWIND $instruments AS k MATCH (n:Instrument {key: k}) RETURN k AS key, null AS id, n AS value
UNION ALL UNWIND $paragraphs AS k MATCH (n:Paragraph {key: k}) RETURN k AS key, null AS id, n AS value
UNION ALL UNWIND $summits AS k MATCH (n:Summit {key: k}) RETURN k AS key, null AS id, n AS value
UNION ALL UNWIND $bodies AS k MATCH (n:Body {key: k}) RETURN k AS key, null AS id, n AS value
UNION ALL UNWIND $instrumentRels AS e MATCH (n:Instrument {key: e.source})-[r]->() WHERE id(r) IN e.ids RETURN e.source AS key, id(r) AS id, r AS value
UNION ALL UNWIND $paragraphRels AS e MATCH (n:Paragraph {key: e.source})-[r]->() WHERE id(r) IN e.ids RETURN e.source AS key, id(r) AS id, r AS value
UNION ALL UNWIND $summitRels AS e MATCH (n:Summit {key: e.source})-[r]->() WHERE id(r) IN e.ids RETURN e.source AS key, id(r) AS id, r AS value
UNION ALL UNWIND $bodyRels AS e MATCH (n:Body {key: e.source})-[r]->() WHERE id(r) IN e.ids RETURN e.source AS key, id(r) AS id, r AS value
