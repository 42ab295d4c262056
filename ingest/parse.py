"""The pure part of ingesting one document: clean, detect genre, metadata, segment, find mentions.

Every finder runs once over the whole cleaned text; mentions are then assigned to the innermost
paragraph that holds them (nothing is parsed twice).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, Sequence, TypeVar

from .cleaning.clean import clean_text
from .gazetteers.bodies import find_bodies
from .gazetteers.conventions import find_conventions
from .gazetteers.summits import find_summits
from .identity.genre import detect_genre
from .identity.metadata import DocumentMeta, document_meta
from .model import BodyMention, CleanText, Genre, Paragraph, Reference
from .readers.sources import Source
from .references.finder import find_references
from .segmentation.common import body_and_notes
from .segmentation.segment import check_paragraphs, segment

M = TypeVar("M", Reference, BodyMention)


@dataclass
class ParsedDocument:
    source: Source
    meta: DocumentMeta
    clean: CleanText
    paragraphs: list[Paragraph]
    references: list[Reference]  # symbols, summits and conventions; cleaned-text offsets
    bodies: list[BodyMention]
    warnings: list[str] = field(default_factory=list)
    # lookup tables built on first use (not part of the parsed data)
    _nesting: "_Nesting | None" = field(default=None, init=False, repr=False, compare=False)
    _starts: dict[int, tuple[Sequence[Any], list[int]]] = field(default_factory=dict, init=False, repr=False,
                                                               compare=False)

    def innermost(self, start: int, end: int) -> Paragraph | None:
        """The smallest paragraph containing ``[start, end)`` (of equal ones, the first).

        Paragraphs nest or are disjoint, so the ones containing a span are the paragraph starting
        last at or before it and its enclosing chain: a lookup costs the nesting depth, not the
        paragraph count (matching every reference against every paragraph was quadratic)."""
        if self._nesting is None or self._nesting.size != len(self.paragraphs):
            self._nesting = _Nesting(self.paragraphs)
        return self._nesting.innermost(start, end)

    def in_span(self, items: Sequence[M], start: int, end: int) -> list[M]:
        """Mentions (sorted by start) inside ``[start, end)``."""
        cached = self._starts.get(id(items))
        if cached is None or cached[0] is not items or len(cached[1]) != len(items):
            cached = (items, [m.start for m in items])
            self._starts[id(items)] = cached  # keeps ``items`` alive, so its id is not reused
        starts = cached[1]
        lo = bisect.bisect_left(starts, start)
        hi = bisect.bisect_left(starts, end)
        return [m for m in items[lo:hi] if m.end <= end]


def organisation_of(meta: DocumentMeta) -> str | None:
    for key in (meta.key, meta.body or ""):
        if key.startswith("oas:"):
            return "OAS"
        if key.startswith("un:"):
            return "UN"
    return None


def parse_document(source: Source, entry: dict[str, Any] | None = None) -> ParsedDocument:
    # readers that see the layout (PDF, DOCX) know the footnote markers: no guessing for them
    layout = source.format in {"pdf", "docx"}
    clean = clean_text(source.text, markers=[(m.start, m.end) for m in source.markers] if layout else None)
    guess = detect_genre(clean.text)
    meta = document_meta(source.name, clean.text, guess, entry)
    paragraphs, seg_warnings = _paragraphs(source, clean, meta.genre)
    self_keys = frozenset({meta.key})
    references = sorted(
        find_references(clean.text, self_keys=self_keys) + find_summits(clean.text) + find_conventions(clean.text),
        key=lambda r: (r.start, -r.end),
    )
    references = _drop_nested(references)
    bodies = find_bodies(clean.text, on_date=meta.date, organisation=organisation_of(meta))
    return ParsedDocument(source, meta, clean, paragraphs, references, bodies, seg_warnings)


def _paragraphs(source: Source, clean: CleanText, genre: Genre) -> tuple[list[Paragraph], list[str]]:
    """Segmented paragraphs and warnings; the footnotes a reader placed after the body are their own."""
    warnings: list[str] = []

    def body_paragraphs(body: CleanText) -> list[Paragraph]:
        segmentation = segment(body, genre)
        warnings.extend(segmentation.warnings)
        return list(segmentation.paragraphs)

    paragraphs = body_and_notes(clean, source.footnotes, source.markers, body_paragraphs)
    if source.footnotes:
        check_paragraphs(clean.text, paragraphs)
    return paragraphs, warnings


def _drop_nested(refs: list[Reference]) -> list[Reference]:
    """Where finders overlap (a convention name holding a resolution number), keep the longer."""
    kept: list[Reference] = []
    for ref in refs:
        if kept and ref.start < kept[-1].end:
            if ref.end - ref.start > kept[-1].end - kept[-1].start:
                kept[-1] = ref
            continue
        kept.append(ref)
    return kept


class _Nesting:
    """Paragraphs ordered by start (outer before inner) with each one's enclosing paragraph."""

    def __init__(self, paragraphs: Sequence[Paragraph]) -> None:
        self.size = len(paragraphs)
        self.paragraphs = paragraphs
        # of identical spans the first in document order sorts last, i.e. innermost
        order = sorted(range(len(paragraphs)), key=lambda i: (paragraphs[i].start, -paragraphs[i].end, -i))
        self.order = [paragraphs[i] for i in order]
        self.starts = [p.start for p in self.order]
        self.parent: list[int] = [-1] * len(order)
        self.laminar = True
        stack: list[int] = []
        for n, p in enumerate(self.order):
            while stack and not (self.order[stack[-1]].start <= p.start and p.end <= self.order[stack[-1]].end):
                if self.order[stack.pop()].end > p.start:
                    self.laminar = False  # overlapping without nesting: fall back to a scan
            self.parent[n] = stack[-1] if stack else -1
            stack.append(n)
        self._by_length: list[Paragraph] | None = None
        self.steps = 0  # paragraphs looked at by lookups: the tests check it stays linear

    def innermost(self, start: int, end: int) -> Paragraph | None:
        if not self.laminar:
            if self._by_length is None:  # shortest first; stable, so equal lengths keep document order
                self._by_length = sorted(self.paragraphs, key=lambda p: p.end - p.start)
            for p in self._by_length:
                self.steps += 1
                if p.start <= start and end <= p.end:
                    return p
            return None
        n = bisect.bisect_right(self.starts, start) - 1
        while n >= 0:
            self.steps += 1
            p = self.order[n]
            if end <= p.end:
                return p
            n = self.parent[n]
        return None
