// by_body: what is assigned to, mandated to, created or renewed for the body $key, across all
// the names it held (a body is one node; the name used is on each edge as nameUsed where the
// edge came from a heading). Returns `type`, `source` (node), `rel`, ordered by date.
MATCH (b:Body {key: $key})<-[r:ASSIGNS|MANDATES|CREATES|RENEWS]-(x)
RETURN type(r) AS type, x AS source, r AS rel
ORDER BY x.date, x.key
