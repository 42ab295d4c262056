// documents: every ingested document. Returns `document` ordered by date then key.
MATCH (d:Document)
RETURN d AS document
ORDER BY d.date, d.key
