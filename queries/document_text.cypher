// document_text: the text a reader produced from a document's file, which every evidence offset and
// quote of the document refers to, with its pages and footnotes (paged sources).
// Returns `text`, `format`, `pageNumbers`, `pageStarts`, `pageEnds`.
MATCH (t:SourceText {document: $key})
RETURN t.text AS text, t.format AS format, t.pageNumbers AS pageNumbers, t.pageStarts AS pageStarts,
       t.pageEnds AS pageEnds
