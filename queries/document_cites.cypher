// document_cites: the instruments a document's paragraphs cite, once each.
// Returns `key`, `symbol`, `name`, `mentions` (how many times).
MATCH (p:Paragraph {document: $key})-[r:CITES]->(i)
RETURN i.key AS key, i.symbol AS symbol, i.name AS name, count(r) AS mentions
ORDER BY mentions DESC, key
