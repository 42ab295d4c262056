"""Ingest: files in, plain rows of nodes and relationships out. The folders are the stages, in order:

``readers``      read each format (text, HTML, DOCX, PDF) into text, refusing what cannot be read
``cleaning``     clean the text, keeping every character's span in what the reader produced
``identity``     genre, symbol, title, body, date: from a manifest or inferred from the text
``segmentation`` paragraphs with hierarchical local ids (preamble, operative, activities, quotes)
``references``   instruments the text cites, normalised to keys
``gazetteers``   bodies, summits and conventions it names, resolved to keys
``building``     node rows and edges, each edge with its verbatim evidence
``reuse``        text-reuse links (ECHOES) between documents, after the documents are stored

``parse`` runs the pure per-document stages once; ``pipeline`` runs a whole ingest; ``model`` holds
the plain data passed between stages.
"""
