"""Alignment of two paragraphs' content terms: the shared passage and its weight.

``rapidfuzz`` (compiled, bit-parallel longest common subsequence) finds the matching runs of content
terms in order: the runs of one longest common subsequence of the two term lists. It replaced
``difflib.SequenceMatcher``, whose pure-Python matcher took half of the reuse stage; the two agree
on all but a few pairs (difflib takes the longest run first, then matches around it), and
precision and recall on the synthetic corpora are unchanged (docs/benchmark-runs/2026-12-03/reuse-*). Stock tokens
are replaced by a sentinel unique to their side, so a stock phrase can neither match nor pull the
alignment towards itself. Runs separated by at most ``max_gap`` content tokens on both sides form
one passage (a paraphrase inserts or rewords a few words); a passage counts only with a run of
``min_block`` terms or more in it (one shared word is chance); the heaviest is the evidence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz.distance import LCSseq

from .text import Content


@dataclass(frozen=True)
class Passage:
    """Aligned passage: content-token index ranges ``[first, last]`` (inclusive) on both sides."""

    a_first: int
    a_last: int
    b_first: int
    b_last: int
    weight: float  # summed weight of the distinct terms aligned in order
    anchor_weight: float  # weight of the heaviest aligned run of at least ``min_block`` terms


@dataclass(frozen=True)
class _Block:
    a: int
    b: int
    size: int


def _sequence(content: Content, side: str) -> list[object]:
    return [(side, i) if stock else term for i, (term, stock) in enumerate(zip(content.terms, content.stock))]


def matching_blocks(a: Content, b: Content) -> list[_Block]:
    """Runs of equal non-stock terms, in order on both sides."""
    return _blocks(_sequence(a, "a"), _sequence(b, "b"))


def _blocks(a: list, b: list) -> list[_Block]:
    return [_Block(m.a, m.b, m.size) for m in LCSseq.editops(a, b).as_matching_blocks() if m.size]


class Aligner:
    """:func:`best_passage` over many pairs, faster and with the same answers.

    Terms become small integers once per paragraph (stock tokens negative integers unique to
    their side, as the sentinels of :func:`_sequence`). The matching blocks depend only on which
    elements are equal, so they are those of :func:`matching_blocks`.
    """

    def __init__(self, contents: list[Content]) -> None:
        ids: dict[str, int] = {}
        self._contents = contents
        self._a: list[list[int]] = []
        self._b: list[list[int]] = []
        for content in contents:
            terms = [ids.setdefault(t, len(ids)) for t in content.terms]
            self._a.append([-2 * i - 1 if stock else t for i, (t, stock) in enumerate(zip(terms, content.stock))])
            self._b.append([-2 * i - 2 if stock else t for i, (t, stock) in enumerate(zip(terms, content.stock))])

    def blocks(self, i: int, j: int) -> list[_Block]:
        return _blocks(self._a[i], self._b[j])

    def best_passage(self, i: int, j: int, weights: Mapping[str, float], *, min_block: int,
                     max_gap: int) -> Passage | None:
        return _best_of(self._contents[i], self.blocks(i, j), weights, min_block, max_gap)


def _group(blocks: list[_Block], max_gap: int) -> list[list[_Block]]:
    groups: list[list[_Block]] = []
    for block in blocks:
        if groups:
            last = groups[-1][-1]
            if block.a - (last.a + last.size) <= max_gap and block.b - (last.b + last.size) <= max_gap:
                groups[-1].append(block)
                continue
        groups.append([block])
    return groups


def best_passage(a: Content, b: Content, weights: Mapping[str, float], *, min_block: int,
                 max_gap: int) -> Passage | None:
    """The heaviest aligned passage of ``a`` and ``b`` holding a run of ``min_block`` terms or more
    (its anchor: one shared word is chance, a shared run is wording); None when there is none.
    Single shared terms within ``max_gap`` of the anchor join the passage (a paraphrase keeps
    words, not runs)."""
    return _best_of(a, matching_blocks(a, b), weights, min_block, max_gap)


def _best_of(a: Content, blocks: list[_Block], weights: Mapping[str, float], min_block: int,
             max_gap: int) -> Passage | None:
    best: Passage | None = None
    for group in _group(blocks, max_gap):
        runs = [_run_weight(a, blk, weights) for blk in group if blk.size >= min_block]
        if not runs:
            continue
        aligned = {a.terms[blk.a + k] for blk in group for k in range(blk.size)}
        first, last = group[0], group[-1]
        passage = Passage(first.a, last.a + last.size - 1, first.b, last.b + last.size - 1,
                          sum(weights.get(t, 0.0) for t in aligned), max(runs))
        if best is None or passage.weight > best.weight:  # ties: the earlier passage stays
            best = passage
    return best


def _run_weight(content: Content, block: _Block, weights: Mapping[str, float]) -> float:
    return sum(weights.get(t, 0.0) for t in content.terms[block.a:block.a + block.size])


def vocabulary(content: Content) -> frozenset[str]:
    """The distinct non-stock terms of a paragraph."""
    return frozenset(t for t, stock in zip(content.terms, content.stock) if not stock)


def set_weight(terms: frozenset[str], weights: Mapping[str, float]) -> float:
    return sum(weights.get(t, 0.0) for t in terms)


# --- the engine's form: flat arrays of term ids (``engine.ReuseIndex``) -----------------------------
class ContentCache:
    """Per-content term sequences built on demand for the pairs at hand (the last few kept), from
    the flat arrays: no Python list of every token of the store."""

    def __init__(self, tokens: np.ndarray, stock: np.ndarray, offsets: np.ndarray, term_weight: list[float]) -> None:
        self.tokens, self.stock, self.offsets, self.term_weight = tokens, stock, offsets, term_weight
        self._seq: dict[tuple[int, int], list[int]] = {}

    def sequence(self, c: int, side: int) -> list[int]:
        """Term ids with each stock token a negative id unique to its position and side (it never
        matches, see :class:`.align.Aligner`)."""
        found = self._seq.get((c, side))
        if found is None:
            lo, hi = int(self.offsets[c]), int(self.offsets[c + 1])
            sentinel = np.arange(-1 - side, -1 - side - 2 * (hi - lo), -2, dtype=np.int64)
            found = np.where(self.stock[lo:hi] != 0, sentinel, self.tokens[lo:hi]).tolist()
            if len(self._seq) > 4096:
                self._seq.clear()
            self._seq[(c, side)] = found
        return found

    def best_passage(self, ci: int, cj: int, min_block: int,
                     max_gap: int) -> tuple[int, int, int, int, float, float] | None:
        """(a_first, a_last, b_first, b_last, weight, anchor weight) of the heaviest passage; see
        :func:`best_passage` (the same groups, sums in the same order). Matched tokens are
        never stock, so their ids are terms."""
        seq = self.sequence(ci, 0)
        weight_of = self.term_weight.__getitem__
        best = None
        group: list[tuple[int, int, int]] = []
        for m in LCSseq.editops(seq, self.sequence(cj, 1)).as_matching_blocks():
            a, b, size = m
            if not size:
                continue
            if group:
                la, lb, ls = group[-1]
                if a - (la + ls) <= max_gap and b - (lb + ls) <= max_gap:
                    group.append((a, b, size))
                    continue
                best = _heavier(best, group, seq, weight_of, min_block)
            group = [(a, b, size)]
        if group:
            best = _heavier(best, group, seq, weight_of, min_block)
        return best


def _heavier(best: tuple | None, group: list[tuple[int, int, int]], seq: list[int], weight_of: Any,
             min_block: int) -> tuple | None:
    """``best``, or the passage of ``group`` when it has an anchor run and weighs more (ties: the
    earlier passage stays)."""
    runs = [sum(map(weight_of, seq[a:a + size])) for a, _, size in group if size >= min_block]
    if not runs:
        return best
    aligned: set[int] = set()
    for a, _, size in group:
        aligned.update(seq[a:a + size])
    weight = sum(map(weight_of, aligned))
    if best is None or weight > best[4]:
        (fa, fb, _), (la, lb, ls) = group[0], group[-1]
        return (fa, la + ls - 1, fb, lb + ls - 1, weight, max(runs))
    return best
