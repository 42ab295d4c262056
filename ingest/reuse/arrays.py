"""Array helpers of the reuse engine (:mod:`.engine`): shingle codes, distinct rows, term weights,
the widespread-shingle marking, the shared vocabulary of many pairs and their order in time, all
as numpy operations over the flat token arrays."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from .detect import _ISO_DATE as ISO_DATE
from .detect import ReuseConfig


class Vocabularies:
    """Each content's distinct non-stock terms as sorted ``content * V + term`` codes, with their
    weights: the shared vocabulary of many pairs in a few vectorised passes."""

    CHUNK = 50_000  # pairs per pass: bounds the expanded (pair, term) rows held at once

    def __init__(self, tokens: np.ndarray, stock: np.ndarray, offsets: np.ndarray, weights: np.ndarray) -> None:
        lengths = np.diff(offsets)
        self.vocab = int(tokens.max()) + 1 if len(tokens) else 1
        pos_content = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
        keep = stock == 0
        codes = sorted_unique(pos_content[keep] * self.vocab + tokens[keep].astype(np.int64))
        self.codes = codes
        self.term = codes % self.vocab
        self.weight = weights[self.term] if len(codes) else np.zeros(0)
        entry_content = codes // self.vocab
        self.start = np.searchsorted(entry_content, np.arange(len(lengths) + 1))
        self.totals = np.bincount(entry_content, weights=self.weight, minlength=len(lengths))

    def shared(self, ca: np.ndarray, cb: np.ndarray) -> np.ndarray:
        """Summed weight of the terms each pair ``(ca[k], cb[k])`` shares."""
        out = np.zeros(len(ca))
        for lo in range(0, len(ca), self.CHUNK):
            a, b = ca[lo:lo + self.CHUNK], cb[lo:lo + self.CHUNK]
            counts = self.start[a + 1] - self.start[a]
            pair = np.repeat(np.arange(len(a)), counts)
            first = np.repeat(self.start[a], counts)
            within = np.arange(len(pair)) - np.repeat(np.cumsum(counts) - counts, counts)
            entry = first + within
            query = b[pair].astype(np.int64) * self.vocab + self.term[entry]
            found = np.searchsorted(self.codes, query)
            hit = self.codes[np.minimum(found, len(self.codes) - 1)] == query
            out[lo:lo + len(a)] = np.bincount(pair, weights=self.weight[entry] * hit, minlength=len(a))
        return out


class DateTable:
    """Each paragraph's date and resolution-series place as arrays, for :meth:`orders`."""

    def __init__(self, dates: Sequence[str | None], positions: Sequence[tuple[str, int, int] | None]) -> None:
        self.prec = np.zeros(len(dates), np.int8)
        self.ymd = np.zeros((len(dates), 3), np.int32)
        for k, d in enumerate(dates):
            if d and ISO_DATE.fullmatch(d):
                parts = d.split("-")
                self.prec[k] = len(parts)
                self.ymd[k, :len(parts)] = [int(x) for x in parts]
        series = {name: n for n, name in enumerate(sorted({p[0] for p in positions if p}))}
        self.series = np.array([series[p[0]] if p else -1 for p in positions], np.int32)
        self.place = np.array([p[1] * 100_000 + p[2] if p else 0 for p in positions], np.int64)

    def orders(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """``detect._position_order`` of every pair, vectorised: -1 / 1 when ``a`` is earlier /
        later, 0 when unknown."""
        pa, pb = self.prec[a], self.prec[b]
        shorter = np.minimum(pa, pb)
        by_date = np.zeros(len(a), np.int8)
        for level in (2, 1, 0):  # the first differing field within the shorter precision decides
            diff = np.sign(self.ymd[a, level] - self.ymd[b, level]).astype(np.int8)
            by_date = np.where((shorter > level) & (diff != 0), diff, by_date)
        same_day = (pa == 3) & (pb == 3) & (by_date == 0)
        sa, sb = self.series[a], self.series[b]
        by_series = np.where((sa >= 0) & (sa == sb), np.sign(self.place[a] - self.place[b]), 0).astype(np.int8)
        return np.where(by_date != 0, by_date, np.where(same_day, 0, by_series)).astype(np.int8)


def shingle_codes(tokens: np.ndarray, offsets: np.ndarray, size: int,
                   vocab: int) -> tuple[np.ndarray, np.ndarray]:
    """For every token position: the code of the ``size`` terms starting there (-1 where the
    content ends first), and the content it belongs to."""
    # exact packing while the vocabulary allows it; past that a wrap-around hash, whose rare
    # collision only proposes a pair that the alignment then judges
    base = vocab if vocab ** size < 2 ** 62 else 1_000_003

    def pack(columns: list[np.ndarray]) -> np.ndarray:
        packed = np.zeros(len(columns[0]), dtype=np.int64)
        with np.errstate(over="ignore"):
            for column in columns:
                packed = packed * base + column.astype(np.int64)
        return packed & np.int64(2 ** 62 - 1)

    return _coded(tokens, offsets, size, pack)


# Odd 64-bit multipliers, one per place in a shingle, so that "a b c" and "c b a" differ.
_MIXERS = (0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD)


def stable_codes(tokens: np.ndarray, offsets: np.ndarray, size: int, term_codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`shingle_codes` from each term's own code (``term_codes[term id]``, a hash of the term's
    text) instead of the term ids of one run, so a shingle has the same code in every run and
    process: what a stored shingle index and stored formulas need. A collision (2^-62 per pair of
    shingles) only proposes a pair that the alignment then judges."""
    own = term_codes.astype(np.uint64)

    def mix(columns: list[np.ndarray]) -> np.ndarray:
        mixed = np.zeros(len(columns[0]), dtype=np.uint64)
        with np.errstate(over="ignore"):
            for k, column in enumerate(columns):
                mixed += own[column] * np.uint64(_MIXERS[k % len(_MIXERS)])
                mixed ^= mixed >> np.uint64(29)
        return (mixed & np.uint64(2 ** 62 - 1)).astype(np.int64)

    return _coded(tokens, offsets, size, mix)


def _coded(tokens: np.ndarray, offsets: np.ndarray, size: int,
           code: Callable[[list[np.ndarray]], np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Each position's shingle ``code`` of the term-id columns starting there (-1 where the content
    ends first), and the content of each position."""
    total = len(tokens)
    lengths = np.diff(offsets)
    pos_content = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)
    codes = np.full(total, -1, dtype=np.int64)
    if total < size:
        return codes, pos_content
    ends = offsets[1:][pos_content]
    ok = np.arange(total) + size <= ends
    coded = code([tokens[k:total - size + 1 + k] for k in range(size)])
    codes[:total - size + 1] = np.where(ok[:total - size + 1], coded, -1)
    return codes, pos_content


def valid_positions(stock: np.ndarray, pos_content: np.ndarray, codes: np.ndarray, size: int) -> np.ndarray:
    """Positions starting a shingle with no stock token."""
    valid = codes >= 0
    for k in range(size):
        shifted = np.ones(len(stock), dtype=bool)
        shifted[:len(stock) - k] = stock[k:] == 0
        valid &= shifted
    return valid


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values. By sorting: ``np.unique``'s hash table (numpy 2.3+) was several times
    slower on the packed shingle codes."""
    ordered = np.sort(values)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


def _ranked(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted distinct values, and each value's rank among them (``np.unique(..., return_inverse=True)``)."""
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    new = np.r_[True, ordered[1:] != ordered[:-1]] if len(ordered) else np.zeros(0, bool)
    rank = np.empty(len(values), dtype=np.int64)
    rank[order] = np.cumsum(new) - 1
    return ordered[new], rank


def distinct_rows(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The distinct pairs ``(first[k], second[k])`` as a 2-row array sorted by (first, second):
    ``np.unique(..., axis=1)`` without its slow row comparisons (both columns are ranked, packed in
    one int64 and sorted as numbers)."""
    if not len(first):
        return np.zeros((2, 0), dtype=np.int64)
    f_values, f_rank = _ranked(first)
    s_values, s_rank = _ranked(second)
    packed = sorted_unique(f_rank * len(s_values) + s_rank)
    return np.stack([f_values[packed // len(s_values)].astype(np.int64),
                     s_values[packed % len(s_values)].astype(np.int64)])


def expand(per_content: np.ndarray, content: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows (content, shingle) sorted by content, as rows (paragraph, shingle) for every paragraph
    holding that content."""
    n_contents = int(content.max()) + 1 if len(content) else 0
    c_of_row = per_content[0]
    row_start = np.searchsorted(c_of_row, np.arange(n_contents + 1))
    para_rows = np.diff(row_start)[content]  # rows of each paragraph
    total = int(para_rows.sum())
    paragraph = np.repeat(np.arange(len(content), dtype=np.int64), para_rows)
    first = np.repeat(row_start[:-1][content], para_rows)
    within = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(para_rows) - para_rows, para_rows)
    return paragraph, per_content[1][first + within]


def mark_widespread(codes: np.ndarray, pos_content: np.ndarray, stock: np.ndarray, content: np.ndarray,
                     evidence: np.ndarray, offsets: np.ndarray, config: ReuseConfig) -> None:
    """Mark stock (in place) every occurrence of a shingle found in ``widespread_share`` of the
    evidence documents (see ``text.widespread_shingles`` and ``text.mark_shingles``)."""
    mark_common(codes, stock, widespread_codes(codes, pos_content, stock, content, evidence, offsets, config),
                config.shingle_size)


def widespread_codes(codes: np.ndarray, pos_content: np.ndarray, stock: np.ndarray, content: np.ndarray,
                     evidence: np.ndarray, offsets: np.ndarray, config: ReuseConfig) -> np.ndarray:
    """The sorted codes of the shingles found in ``widespread_share`` of the evidence documents (none
    below ``widespread_min_documents`` documents)."""
    if len(sorted_unique(evidence)) < config.widespread_min_documents:
        return np.zeros(0, dtype=np.int64)
    size = config.shingle_size
    valid = valid_positions(stock, pos_content, codes, size)
    per_content = distinct_rows(pos_content[valid], codes[valid])
    paragraph, shingle = expand(per_content, content)
    by_doc = distinct_rows(shingle, evidence[paragraph])
    starts = np.flatnonzero(np.r_[True, by_doc[0][1:] != by_doc[0][:-1]])  # by_doc is sorted
    code, count = by_doc[0][starts], np.diff(np.r_[starts, by_doc.shape[1]])
    n_documents = len(sorted_unique(evidence))
    return code[count >= config.widespread_share * n_documents]


def mark_common(codes: np.ndarray, stock: np.ndarray, common: np.ndarray, size: int) -> None:
    """Mark stock (in place) every token of an occurrence of a shingle coded in ``common``."""
    if not len(common):
        return
    hit = np.flatnonzero(np.isin(codes, common) & (codes >= 0))
    for k in range(size):
        stock[hit + k] = 1


def term_weights(tokens: np.ndarray, offsets: np.ndarray, content: np.ndarray, n: int) -> np.ndarray:
    """``ln(N / df)`` per term id, df counted in paragraphs (see ``text.inverse_paragraph_frequency``)."""
    if not len(tokens):
        return np.zeros(0)
    lengths = np.diff(offsets)
    pos_content = np.repeat(np.arange(len(lengths), dtype=np.int64), lengths)
    distinct = distinct_rows(pos_content, tokens)  # (content, term)
    per_content = np.bincount(content, minlength=len(lengths))  # paragraphs holding each content
    df = np.bincount(distinct[1], weights=per_content[distinct[0]], minlength=int(tokens.max()) + 1)
    with np.errstate(divide="ignore"):
        return np.where(df > 0, np.log(max(n, 1) / np.maximum(df, 1)), 0.0)
