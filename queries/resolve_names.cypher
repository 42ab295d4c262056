// resolve_names: summits, bodies and instruments whose name, former names, acronyms, place,
// title or symbol contains $q (lower-cased, spaces collapsed, by the caller); the caller ranks
// them (exact before prefix before contained). Paragraph text is the search's business, not
// this. Returns `node`.
MATCH (n:Summit)
WHERE toLower(n.name) CONTAINS $q OR (n.city IS NOT NULL AND toLower(n.city) CONTAINS $q)
   OR (n.label IS NOT NULL AND toLower(n.label) CONTAINS $q)
RETURN n AS node
UNION MATCH (n:Body)
WHERE toLower(n.name) CONTAINS $q OR any(x IN coalesce(n.names, []) WHERE toLower(x) CONTAINS $q)
   OR any(x IN coalesce(n.acronyms, []) WHERE toLower(x) = $q)
RETURN n AS node
UNION MATCH (n:Instrument)
WHERE (n.name IS NOT NULL AND toLower(n.name) CONTAINS $q) OR (n.title IS NOT NULL AND toLower(n.title) CONTAINS $q)
   OR (n.symbol IS NOT NULL AND toLower(n.symbol) CONTAINS $q)
RETURN n AS node
