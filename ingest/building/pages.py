"""Pages and the stored text: what a paged source adds to nodes and evidence.

``pages_of`` gives the page numbers a span of the reader's text came from (a paragraph that runs
over a page break has two). ``source_text_row`` is the node that keeps the reader's text per
document, which every evidence offset and quote refers to: a node of its own, so listing
documents never carries their whole text.
"""

from __future__ import annotations

import bisect
from typing import Any

from ..readers.sources import Source

SOURCE_TEXT_LABEL = "SourceText"


def source_text_key(document_key: str) -> str:
    return f"{document_key}#text"


class PageIndex:
    """Page numbers of spans of one source's text (its ``pages``, sorted by start)."""

    def __init__(self, source: Source) -> None:
        self.spans = sorted(source.pages, key=lambda p: p.start)
        self.starts = [p.start for p in self.spans]

    def pages_of(self, start: int, end: int) -> list[int]:
        """Pages whose spans meet ``[start, end)`` (a point span: the page holding it); [] unpaged."""
        if not self.spans:
            return []
        end = max(end, start + 1)
        i = max(0, bisect.bisect_right(self.starts, start) - 1)
        found: set[int] = set()
        while i < len(self.spans) and self.spans[i].start < end:
            span = self.spans[i]
            if span.end > start:
                found.add(span.number)
            i += 1
        return sorted(found)


def source_text_row(document_key: str, source: Source) -> tuple[tuple[str, ...], str, dict[str, Any]]:
    """Labels, key and properties of the node holding the reader's text of ``source``."""
    return (SOURCE_TEXT_LABEL,), source_text_key(document_key), {
        "document": document_key, "text": source.text, "format": source.format, "sha256": source.sha256,
        "characters": len(source.text),
        "pageNumbers": [p.number for p in source.pages], "pageStarts": [p.start for p in source.pages],
        "pageEnds": [p.end for p in source.pages],
        "footnoteNumbers": [n.number for n in source.footnotes],
        "footnoteStarts": [n.start for n in source.footnotes], "footnoteEnds": [n.end for n in source.footnotes],
    }
