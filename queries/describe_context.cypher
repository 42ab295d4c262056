// describe_context: for each key in $keys (a document key, or a summit key for what was said at
// a summit), the instrument with that key, the summit it belongs to and the body that issued it,
// so an answer can name a paragraph's instrument, body, summit and date. Returns `key`,
// `document` (or null), `summit` (or null), `body` (or null), each a map of only the properties a
// label uses (`queries/describe.py`; a document's also its `labels`): a whole instrument is
// seventeen properties, a hash and file names among them, read and parsed for nothing. A property
// the node lacks comes back null, which reads the same as absent. CASE because FalkorDB projects a
// null node into a map of nulls.
UNWIND $keys AS k
OPTIONAL MATCH (d:Instrument {key: k})
WITH k, d
OPTIONAL MATCH (s:Summit) WHERE s.key = coalesce(d.summit, k)
WITH k, d, s
OPTIONAL MATCH (b:Body) WHERE b.key = d.body
RETURN k AS key,
  CASE WHEN d IS NULL THEN null ELSE d {.key, .name, .title, .symbol, .status, .body, .referenceKind, .date, .city, labels: labels(d)} END AS document,
  CASE WHEN s IS NULL THEN null ELSE s {.key, .name, .city, .date} END AS summit,
  CASE WHEN b IS NULL THEN null ELSE b {.key, .name, .organisation, .acronyms} END AS body
