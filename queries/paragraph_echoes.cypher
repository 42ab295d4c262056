// paragraph_echoes: the earlier paragraphs each of $keys repeats or paraphrases (ECHOES, later ->
// earlier). Returns `source`, `target`, `document`, `date`, `similarity`, `rule`.
MATCH (p:Paragraph)-[r:ECHOES]->(q:Paragraph)
WHERE p.key IN $keys
RETURN p.key AS source, q.key AS target, q.document AS document, q.date AS date,
       r.similarity AS similarity, r.rule AS rule
ORDER BY source, target
