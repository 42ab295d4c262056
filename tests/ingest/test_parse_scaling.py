"""Parse cost linear in the document: a mention is placed in its innermost paragraph by walking the
nesting chain, not by matching it against every paragraph (issue 13, item 9)."""

from __future__ import annotations

import random
from pathlib import Path

from mandate_lineage.ingest.model import Paragraph
from mandate_lineage.ingest.parse import ParsedDocument, _Nesting, parse_document
from mandate_lineage.ingest.readers.sources import read_source


def brute_innermost(paragraphs: list[Paragraph], start: int, end: int) -> Paragraph | None:
    for p in sorted(paragraphs, key=lambda p: p.end - p.start):
        if p.start <= start and end <= p.end:
            return p
    return None


def nested_family(rng: random.Random, lo: int, hi: int, depth: int, out: list[Paragraph]) -> None:
    """Random paragraphs inside [lo, hi) that nest or are disjoint (some identical spans)."""
    position = lo
    while position < hi and depth > 0:
        start = rng.randint(position, min(hi, position + 30))
        end = rng.randint(start, min(hi, start + 200))
        out.append(Paragraph(f"p-{len(out)}", "operative", start, end, "x"))
        if rng.random() < 0.1:
            out.append(Paragraph(f"p-{len(out)}", "operative", start, end, "same span"))
        nested_family(rng, start, end, depth - 1, out)
        position = end + 1


def test_innermost_is_the_smallest_containing_paragraph_nested_or_overlapping() -> None:
    rng = random.Random(13)
    for overlapping in (False, True):
        paragraphs: list[Paragraph] = []
        nested_family(rng, 0, 3000, 4, paragraphs)
        if overlapping:  # paragraphs that overlap without nesting: the slow path must agree too
            paragraphs += [Paragraph(f"o-{i}", "text", s, s + 90, "o") for i, s in enumerate(range(5, 2900, 211))]
        rng.shuffle(paragraphs)
        nesting = _Nesting(paragraphs)
        assert nesting.laminar is not overlapping
        for _ in range(2000):
            start = rng.randint(0, 3000)
            end = rng.randint(start, min(3000, start + 40))
            assert nesting.innermost(start, end) is brute_innermost(paragraphs, start, end), (start, end)


def test_placing_every_reference_looks_at_few_paragraphs_per_reference(tmp_path: Path) -> None:
    n = 3000  # one reference in each of 3,000 operative paragraphs
    lines = ["AG/RES. 9999 (L-O/20)", "", "THE GENERAL ASSEMBLY,", "", "RESOLVES:", ""]
    lines += [f"{i}. To follow up resolution AG/RES. {1000 + i % 900} (XXXV-O/05) on topic {i}.\n" for i in range(1, n + 1)]
    path = tmp_path / "long.txt"
    path.write_text("\n".join(lines))
    doc: ParsedDocument = parse_document(read_source(path))
    assert len(doc.references) >= n and len(doc.paragraphs) >= n
    placed = [doc.innermost(r.start, r.end) for r in doc.references]
    assert all(p is not None and p.start <= r.start and r.end <= p.end for p, r in zip(placed, doc.references))
    assert doc._nesting is not None
    # a scan over every paragraph looked at ~n^2 / 2 = 4.5 million; the chain walk a few per reference
    assert doc._nesting.steps <= 4 * len(doc.references)
