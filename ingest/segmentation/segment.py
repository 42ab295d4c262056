"""Split a cleaned document into paragraphs with hierarchical, deterministic local ids.

``segment(clean, genre)`` dispatches to one segmenter per genre (``segment_resolution``,
``segment_program``, ``segment_work_plan``; "other" is blank-line blocks), then, for every genre,
adds the quoted passages found inside paragraphs (``segment_quotes``), numbers the quotes in
document order and checks the result.

Guarantees, for every paragraph ``p`` returned:

* ``clean.text[p.start:p.end] == p.text``, non-empty, without surrounding whitespace; for a
  numbered paragraph the marker ("18.", "(a)", "·") is left out of the span and kept in ``number``;
* ``local_id`` is unique and derived from the text alone (re-running gives the same ids);
* a ``parent`` names a paragraph of the same document;
* paragraphs come in document order (a parent before the quotes nested in it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mandate_lineage.errors import MandatesError

from ..model import CleanText, Genre, Paragraph
from .common import Builder
from .program import segment_program
from .quotes import inline_quotes, number_quotes
from .resolution import segment_resolution
from .workplan import segment_work_plan


@dataclass(frozen=True)
class Segmentation:
    paragraphs: list[Paragraph]
    warnings: list[str] = field(default_factory=list)

    def by_id(self, local_id: str) -> Paragraph:
        """The paragraph with ``local_id`` (KeyError if there is none)."""
        for p in self.paragraphs:
            if p.local_id == local_id:
                return p
        raise KeyError(local_id)

    def of_kind(self, kind: str) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.kind == kind]


class SegmentationBug(MandatesError):
    """A segmenter broke one of the guarantees in the module docstring (a bug, not bad input)."""


_BLANK_LINES = re.compile(r"\n[ \t]*\n")


def segment_other(clean: CleanText) -> Builder:
    """Blocks separated by blank lines, each a ``text`` paragraph."""
    b = Builder(clean.text)
    pos = 0
    for m in _BLANK_LINES.finditer(clean.text):
        b.add_text(pos, m.start())
        pos = m.end()
    b.add_text(pos, len(clean.text))
    return b


def segment(clean: CleanText, genre: Genre) -> Segmentation:
    """Paragraphs of ``clean.text`` for a document of ``genre``."""
    if genre == "resolution":
        b = segment_resolution(clean, hard_wrapped=False)
    elif genre == "un-resolution":
        b = segment_resolution(clean, hard_wrapped=True)
    elif genre == "program":
        b = segment_program(clean)
    elif genre == "work-plan":
        b = segment_work_plan(clean)
    else:
        b = segment_other(clean)
    paragraphs = list(b.paragraphs)
    paragraphs += [q for p in b.paragraphs for q in inline_quotes(p)]
    paragraphs.sort(key=lambda p: (p.start, -p.end, p.kind == "quote"))
    paragraphs = number_quotes(paragraphs)
    check_paragraphs(clean.text, paragraphs)
    return Segmentation(paragraphs, list(b.warnings))


def check_paragraphs(text: str, paragraphs: list[Paragraph]) -> None:
    """Raise ``SegmentationBug`` if a guarantee of this module does not hold."""
    ids = [p.local_id for p in paragraphs]
    if len(set(ids)) != len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})
        raise SegmentationBug(f"duplicate local ids: {dup}")
    known = set(ids)
    for p in paragraphs:
        if not p.text or p.text != p.text.strip() or text[p.start : p.end] != p.text:
            raise SegmentationBug(f"{p.local_id}: text does not match its span {p.start}:{p.end}")
        if p.parent is not None and p.parent not in known:
            raise SegmentationBug(f"{p.local_id}: parent {p.parent!r} does not exist")
