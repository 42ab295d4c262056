// paragraph_by_name: the paragraphs of the instrument $document (read from it, or quoted from it
// elsewhere) whose name is one of $names ("op. 12", "activity 28", "preamble 3"), in document
// order. Returns `node`.
MATCH (p:Paragraph)
WHERE p.document = $document AND p.name IN $names
RETURN p AS node
ORDER BY p.start, p.key
