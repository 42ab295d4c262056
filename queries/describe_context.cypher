// describe_context: for each key in $keys (a document key, or a summit key for what was said at
// a summit), the instrument with that key, the summit it belongs to and the body that issued it,
// so an answer can name a paragraph's instrument, body, summit and date. Returns `key`,
// `document` (or null), `summit` (or null), `body` (or null).
UNWIND $keys AS k
OPTIONAL MATCH (d:Instrument {key: k})
WITH k, d
OPTIONAL MATCH (s:Summit) WHERE s.key = coalesce(d.summit, k)
WITH k, d, s
OPTIONAL MATCH (b:Body) WHERE b.key = d.body
RETURN k AS key, d AS document, s AS summit, b AS body
