// search: nodes whose name, key, symbol or text contains $q (lower-cased by the caller),
// ranked: key or symbol match first, then name, then text; shorter names first.
MATCH (n)
WHERE toLower(coalesce(n.name, '')) CONTAINS $q OR toLower(n.key) CONTAINS $q
   OR toLower(coalesce(n.symbol, '')) CONTAINS $q OR toLower(coalesce(n.text, '')) CONTAINS $q
WITH n, CASE
  WHEN toLower(n.key) = $q OR toLower(coalesce(n.symbol, '')) = $q THEN 0
  WHEN toLower(coalesce(n.symbol, '')) CONTAINS $q OR toLower(n.key) CONTAINS $q THEN 1
  WHEN toLower(coalesce(n.name, '')) CONTAINS $q THEN 2
  ELSE 3 END AS rank
RETURN n AS node, rank
ORDER BY rank, size(coalesce(n.name, '')), n.key
LIMIT $limit
