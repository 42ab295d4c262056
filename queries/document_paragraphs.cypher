// document_paragraphs: the paragraphs read from a document, in document order.
// Returns `paragraph`.
MATCH (p:Paragraph)
WHERE p.document = $key OR p.sourceDocument = $key
RETURN p AS paragraph
ORDER BY p.start
