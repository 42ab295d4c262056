"""The reuse computation over compact paragraphs: term ids in flat arrays, candidate pairs with numpy,
alignment with rapidfuzz.

Same method and thresholds as :mod:`.detect` describes (its docstring is the reference); what
changes is the representation, so that a store of 20,000 documents fits in a few hundred MB and the
hot loops run in compiled code:

* :class:`ReuseIndex` takes paragraphs in batches (:meth:`ReuseIndex.add`), tokenises each distinct
  text once and keeps only what the comparison needs: term ids (``int32``), stock flags, owner and
  evidence-document ids, date, commitment flag. Texts and character spans are not kept: a link's
  quote is cut later from the text, read again for the linked paragraphs only (the content tokens
  of a text are a pure function of it, see :func:`token_spans`).
* Shingles are 3 term ids packed in one ``int64``; the widespread shingles, the postings and the
  candidate pairs are sorts and group-bys over those arrays, not dictionaries of tuples.
* A pair's matching runs come from ``rapidfuzz``'s longest common subsequence (:mod:`.align`).

Paragraph indexes are positions in key order, so the chains of a widespread shingle and the pairs
are the same whatever order the paragraphs were added in, and whatever the batch size.
"""

from __future__ import annotations

import multiprocessing
import os
from array import array
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..workers import die_with_parent
from .align import ContentCache
from .arrays import (
    DateTable,
    Vocabularies,
    distinct_rows,
    expand,
    mark_common,
    mark_widespread,
    shingle_codes,
    sorted_unique,
    stable_codes,
    term_weights,
    valid_positions,
    widespread_codes,
)
from .basis import ReuseBasis, term_codes
from .detect import ReuseConfig, series_position
from .text import content_of, content_terms, load_stock_phrases
from .token_cache import TokenCache, Tokens, text_digest


@dataclass(frozen=True)
class Paragraph:
    """What the index needs of one paragraph (a :class:`.detect.ReuseCandidate` without its text's
    offsets, plus the text to tokenise)."""

    key: str
    owner: str
    evidence_document: str
    date: str | None
    text: str
    commitment: bool = False


@dataclass(frozen=True, slots=True)
class CompactLink:
    """A link by paragraph index; ``*_first``/``*_last``: content-token indexes of the passage."""

    source: int  # later paragraph
    target: int  # earlier paragraph
    score: float
    verbatim: bool
    source_first: int
    source_last: int
    target_first: int
    target_last: int


@dataclass
class Work:
    """The work of one computation, for scaling checks: paragraphs held, pairs proposed by the
    shingle index, pairs eligible (scored), pairs aligned (LCS run)."""

    paragraphs: int = 0
    proposed: int = 0
    eligible: int = 0
    aligned: int = 0


PAIR_CHUNK = 500_000  # candidate pairs checked at once (a few arrays of this length)


PARALLEL_MIN_TEXTS = 2_000  # forked tokenising pays from a batch of this many new texts on


def _tokenise(job: tuple[list[str], int]) -> list[Tokens]:
    """Terms, stock flags and token spans of each text (in a worker process, or inline)."""
    texts, stem_length = job
    stock_phrases = load_stock_phrases(stem_length)
    out = []
    for text in texts:
        content = content_of(text, stem_length, stock_phrases)
        out.append((content.terms, bytes(1 if s else 0 for s in content.stock),
                    array("i", [a for a, _ in content.spans]), array("i", [b for _, b in content.spans])))
    return out


@contextmanager
def tokenising_pool(n_paragraphs: int) -> Iterator[Any]:
    """A forked pool of one worker per core for a large pass (None when small, on one core, or
    where processes cannot be forked); its workers die with this process."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if n_paragraphs < PARALLEL_MIN_TEXTS or cpus < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield None
        return
    with multiprocessing.get_context("fork").Pool(min(cpus, 8), initializer=die_with_parent,
                                                  initargs=(os.getpid(),)) as pool:
        yield pool


class ReuseIndex:
    """Paragraphs added in batches; :meth:`links` computes every link among them."""

    def __init__(self, config: ReuseConfig) -> None:
        self.config = config
        self._term_ids: dict[str, int] = {}
        self._names: dict[str, int] = {}
        self.keys: list[str] = []
        self._owner = array("i")
        self._evidence = array("i")
        self._dates: list[str | None] = []
        self._commitment = bytearray()
        self._content = array("i")  # paragraph -> content id
        self._content_of_text: dict[bytes, int] = {}  # digest of a text -> its content id
        self._offsets = array("q", [0])  # content id -> slice of the flat token arrays
        self._tokens = array("i")
        self._stock = bytearray()

    def __len__(self) -> int:
        return len(self.keys)

    def add(self, paragraphs: Iterable[Paragraph], pool: Any = None, cache: TokenCache | None = None) -> None:
        """Add paragraphs (call in key order). ``pool``: a process pool that tokenises the batch's
        new texts in parallel (:func:`tokenising_pool`); ``cache``: tokens of texts seen before,
        which receives those of the others (:mod:`.token_cache`). The result is the same without
        either."""
        batch = list(paragraphs)
        digests = [text_digest(p.text) for p in batch]
        # A text repeated across paragraphs (a copied commitment, a formula) is tokenised and held
        # once; the memo keeps a 16-byte digest of each text, not the text.
        new = list({d: p.text for d, p in zip(digests, batch) if d not in self._content_of_text}.items())
        cached = cache.terms_of([d for d, _ in new]) if cache is not None else {}
        texts = [text for d, text in new if d not in cached]
        if pool is not None and len(texts) >= PARALLEL_MIN_TEXTS:
            size = -(-len(texts) // (pool._processes * 4))  # noqa: SLF001 - the pool's own size
            parts = pool.map(_tokenise, [(texts[k:k + size], self.config.stem_length)
                                         for k in range(0, len(texts), size)])
            made = [content for part in parts for content in part]
        else:
            made = _tokenise((texts, self.config.stem_length)) if texts else []
        if cache is not None and made:
            cache.put_many(zip((d for d, _ in new if d not in cached), made))
        made_of = iter(made)
        found = [cached[d] if d in cached else next(made_of) for d, _ in new]
        ids = self._term_ids
        for (digest, _), (terms, stock, *_) in zip(new, found):
            self._tokens.extend(ids.setdefault(t, len(ids)) for t in terms)
            self._stock.extend(stock)
            self._offsets.append(len(self._tokens))
            self._content_of_text[digest] = len(self._offsets) - 2
        for p, digest in zip(batch, digests):
            self.keys.append(p.key)
            self._owner.append(self._names.setdefault(p.owner, len(self._names)))
            self._evidence.append(self._names.setdefault(p.evidence_document, len(self._names)))
            self._dates.append(p.date)
            self._commitment.append(1 if p.commitment else 0)
            self._content.append(self._content_of_text[digest])

    def owner_of(self, i: int) -> str:
        self.seal()
        return self._owner_name(i)

    def evidence_of(self, i: int) -> str:
        self.seal()
        return self._name_list[self._evidence[i]]

    def date_of(self, i: int) -> str | None:
        return self._dates[i]

    def is_commitment(self, i: int) -> bool:
        return bool(self._commitment[i])

    def seal(self) -> None:
        """Drop the text memo (kept only while adding, to tokenise repeats once); name the owners."""
        self._content_of_text = {}
        if len(getattr(self, "_name_list", ())) != len(self._names):
            self._name_list = sorted(self._names, key=self._names.__getitem__)

    # --- the computation -----------------------------------------------------------------------
    def links(self, fresh: Sequence[bool] | None = None, work: Work | None = None,
              basis: ReuseBasis | None = None) -> list[CompactLink]:
        """Every link among the paragraphs (``fresh``: only pairs touching a fresh one), sorted
        by (source key, target key). Paragraph ``i`` must be the ``i``-th in key order.
        ``basis``: frozen weights and formulas (:mod:`.basis`); without one they are the held
        paragraphs' own."""
        work = work if work is not None else Work()
        work.paragraphs = len(self.keys)
        if not self.keys:
            return []
        prepared = self._prepare(basis)
        pairs = self._pairs(prepared)
        work.proposed = len(pairs)
        return self._align(pairs, prepared, fresh, work)

    def links_among(self, pairs: Iterable[tuple[int, int]], basis: ReuseBasis,
                    work: Work | None = None) -> list[CompactLink]:
        """The links of the given pairs of paragraph indexes alone, scored with ``basis`` (with a
        basis a pair's link depends on its two paragraphs only, so it is the link the whole set
        gives that pair, see :mod:`.local`)."""
        work = work if work is not None else Work()
        work.paragraphs = len(self.keys)
        n = len(self.keys)
        packed = sorted_unique(np.fromiter((min(a, b) * n + max(a, b) for a, b in pairs if a != b), dtype=np.int64))
        work.proposed = len(packed)
        if not len(packed):
            return []
        return self._align(packed, self._prepare(basis), None, work)

    def shingle_sets(self, basis: ReuseBasis) -> list[np.ndarray]:
        """Each paragraph's distinct shingle codes that take part in pairing (its content active,
        no stock token in the shingle), with ``basis``'s stable codes: what a shingle index keeps."""
        holders, shingle = self._holdings(self._prepare(basis))
        order = np.lexsort((shingle, holders))
        holders, shingle = holders[order], shingle[order]
        bounds = np.searchsorted(holders, np.arange(len(self.keys) + 1))
        return [shingle[bounds[i]:bounds[i + 1]] for i in range(len(self.keys))]

    def freeze(self) -> ReuseBasis:
        """A basis from the held paragraphs: the weights and formulas :meth:`links` would use
        without one (with stable shingle codes)."""
        self.seal()
        tokens, stock, offsets, content, evidence = self._arrays()
        codes, pos_content = stable_codes(tokens, offsets, self.config.shingle_size, term_codes(list(self._term_ids)))
        formulas = widespread_codes(codes, pos_content, stock, content, evidence, offsets, self.config)
        weights = term_weights(tokens, offsets, content, len(self.keys))
        return ReuseBasis.of(list(self._term_ids), weights.tolist(), formulas.tolist(), len(self.keys),
                             len(sorted_unique(evidence)))

    def _arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Tokens, stock flags (a copy: marking formulas writes it), offsets, content of each
        paragraph, evidence document of each paragraph."""
        tokens = np.frombuffer(self._tokens, dtype=np.int32) if len(self._tokens) else np.zeros(0, np.int32)
        stock = np.frombuffer(self._stock, dtype=np.uint8).copy() if len(self._stock) else np.zeros(0, np.uint8)
        offsets = np.frombuffer(self._offsets, dtype=np.int64)
        content = np.frombuffer(self._content, dtype=np.int32)
        evidence = np.frombuffer(self._evidence, dtype=np.int32)
        return tokens, stock, offsets, content, evidence

    def _prepare(self, basis: ReuseBasis | None) -> _Prepared:
        """Shingle codes, stock flags with the formulas marked, and term weights: the paragraphs'
        own, or ``basis``'s."""
        self.seal()
        config = self.config
        tokens, stock, offsets, content, evidence = self._arrays()
        if basis is None:
            codes, pos_content = shingle_codes(tokens, offsets, config.shingle_size, max(len(self._term_ids), 1))
            if len(set(self._evidence)) >= config.widespread_min_documents:
                mark_widespread(codes, pos_content, stock, content, evidence, offsets, config)
            weights = term_weights(tokens, offsets, content, len(self.keys))
        else:
            codes, pos_content = stable_codes(tokens, offsets, config.shingle_size, term_codes(list(self._term_ids)))
            mark_common(codes, stock, basis.formula_codes, config.shingle_size)
            weights = basis.weights_for(list(self._term_ids))
        return _Prepared(tokens, stock, offsets, content, codes, pos_content, weights)

    def _order_ranks(self) -> np.ndarray:
        """Each paragraph's place in time order (date, resolution series position), ties by index."""
        keyed = sorted(range(len(self.keys)), key=lambda i: (self._dates[i] or "",
                                                             series_position(self._owner_name(i)) or ("", 0, 0),
                                                             i))
        ranks = np.empty(len(keyed), dtype=np.int64)
        ranks[np.asarray(keyed, dtype=np.int64)] = np.arange(len(keyed))
        return ranks

    def _owner_name(self, i: int) -> str:
        return self._name_list[self._owner[i]]

    def _holdings(self, prepared: _Prepared) -> tuple[np.ndarray, np.ndarray]:
        """(paragraph, shingle) rows sorted by (shingle, paragraph): every distinct shingle with no
        stock token of every paragraph whose content has ``min_terms`` terms outside stock."""
        config = self.config
        offsets, stock, pos_content, codes = prepared.offsets, prepared.stock, prepared.pos_content, prepared.codes
        lengths = np.diff(offsets)
        cumulative = np.r_[0, np.cumsum(stock, dtype=np.int64)]
        stock_count = cumulative[offsets[1:]] - cumulative[offsets[:-1]]
        active = (lengths - stock_count) >= config.min_terms  # per content
        valid = valid_positions(stock, pos_content, codes, config.shingle_size)
        # distinct shingles of each content, then expanded to the paragraphs holding that content
        per_content = distinct_rows(pos_content[valid], codes[valid])
        per_content = per_content[:, active[per_content[0]]]
        holders, shingle = expand(per_content, prepared.content)
        order = np.lexsort((holders, shingle))
        return holders[order], shingle[order]

    def _pairs(self, prepared: _Prepared) -> np.ndarray:
        """Candidate pairs ``i < j`` packed as ``i * n + j``, sorted: the pairs sharing a shingle of
        at most ``max_postings`` holders; for a shingle of up to ``max_chain_postings``, each holder
        with its ``chain_neighbours`` predecessors in time and with every quoted commitment among
        the holders (method step 2 of :mod:`.detect`; :func:`.local.proposed_by` is the same rule
        for one shingle)."""
        config, n = self.config, len(self.keys)
        holders, shingle = self._holdings(prepared)
        starts = np.flatnonzero(np.r_[True, shingle[1:] != shingle[:-1]]) if len(shingle) else np.zeros(0, np.int64)
        counts = np.diff(np.r_[starts, len(shingle)])
        found: list[np.ndarray] = []
        for k in range(2, config.max_postings + 1):
            group_starts = starts[counts == k]
            if not len(group_starts):
                continue
            members = holders[group_starts[:, None] + np.arange(k)]  # one row per shingle, holders sorted
            a_idx, b_idx = np.triu_indices(k, 1)
            found.append(members[:, a_idx].ravel() * n + members[:, b_idx].ravel())
        chained = (counts > config.max_postings) & (counts <= config.max_chain_postings)
        if chained.any():
            ranks = self._order_ranks()
            extra: list[int] = []
            neighbours = config.chain_neighbours
            for start, count in zip(starts[chained], counts[chained]):
                group = holders[start:start + count]
                chain = group[np.argsort(ranks[group], kind="stable")].tolist()
                for m in range(1, len(chain)):
                    for a in chain[max(0, m - neighbours):m]:
                        b = chain[m]
                        extra.append(a * n + b if a < b else b * n + a)
                for c in (h for h in group.tolist() if self._commitment[h]):
                    extra.extend(c * n + h if c < h else h * n + c for h in group.tolist() if h != c)
            found.append(np.asarray(extra, dtype=np.int64))
        if not found:
            return np.zeros(0, dtype=np.int64)
        return sorted_unique(np.concatenate(found))

    def _align(self, pairs: np.ndarray, prepared: _Prepared, fresh: Sequence[bool] | None,
               work: Work) -> list[CompactLink]:
        config, n = self.config, len(self.keys)
        tokens, stock, offsets, weights = prepared.tokens, prepared.stock, prepared.offsets, prepared.weights
        owner = np.frombuffer(self._owner, np.int32)
        evidence = np.frombuffer(self._evidence, np.int32)
        content = np.frombuffer(self._content, np.int32)
        commitment = np.frombuffer(bytes(self._commitment), np.uint8).astype(bool)
        positions = [series_position(self._name_list[o]) for o in self._owner]
        dates = DateTable(self._dates, positions)
        fresh_arr = None if fresh is None else np.asarray(fresh, dtype=bool)
        vocab = Vocabularies(tokens, stock, offsets, weights)
        cache = ContentCache(tokens, stock, offsets, weights.tolist())
        links: list[CompactLink] = []
        for lo in range(0, len(pairs), PAIR_CHUNK):  # bounded memory whatever the number of pairs
            a_all, b_all = pairs[lo:lo + PAIR_CHUNK] // n, pairs[lo:lo + PAIR_CHUNK] % n
            keep = (evidence[a_all] != evidence[b_all]) & (owner[a_all] != owner[b_all])
            if fresh_arr is not None:
                keep &= fresh_arr[a_all] | fresh_arr[b_all]
            a_all, b_all = a_all[keep], b_all[keep]
            order = dates.orders(a_all, b_all)
            eligible = order != 0  # detect's eligibility: a direction in time is known
            a_all, b_all, order = a_all[eligible], b_all[eligible], order[eligible]
            work.eligible += len(a_all)
            ca, cb = content[a_all], content[b_all]
            shared = vocab.shared(ca, cb)
            lighter = np.minimum(vocab.totals[ca], vocab.totals[cb])
            earlier = np.where(order > 0, b_all, a_all)
            min_score = np.where(commitment[earlier], config.min_score_commitment, config.min_score)
            with np.errstate(divide="ignore", invalid="ignore"):
                bound = np.minimum(1.0, shared / lighter)
            # detect's checks before the alignment: the score cannot exceed ``bound``
            go = (lighter > 0) & (shared >= config.min_shared_weight) & ~(bound < min_score - 0.001)
            self._align_pairs(cache, links, work, a_all[go], b_all[go], ca[go], cb[go], order[go], lighter[go],
                              bound[go], min_score[go])
        keys = self.keys
        links.sort(key=lambda k: (keys[k.source], keys[k.target]))
        return links

    def _align_pairs(self, cache: ContentCache, links: list[CompactLink], work: Work, *arrays: np.ndarray) -> None:
        """Align the pairs that passed the vectorised checks; append their links."""
        config = self.config
        for i, j, ci, cj, o, light, v, floor in zip(*(a.tolist() for a in arrays)):
            work.aligned += 1
            passage = cache.best_passage(ci, cj, config.min_block, config.max_gap)
            if passage is None or passage[5] < config.min_anchor_weight:
                continue
            in_order = min(1.0, passage[4] / light)
            score = round((v + in_order) / 2, 3)
            if score < floor:
                continue
            verbatim = score >= config.near_verbatim and in_order >= config.near_verbatim
            a_first, a_last, b_first, b_last = passage[:4]
            if o < 0:  # i is earlier: it is the target
                links.append(CompactLink(j, i, score, verbatim, b_first, b_last, a_first, a_last))
            else:
                links.append(CompactLink(i, j, score, verbatim, a_first, a_last, b_first, b_last))


@dataclass
class _Prepared:
    """The arrays a computation works on (:meth:`ReuseIndex._prepare`)."""

    tokens: np.ndarray
    stock: np.ndarray
    offsets: np.ndarray
    content: np.ndarray
    codes: np.ndarray
    pos_content: np.ndarray
    weights: np.ndarray


def token_spans(text: str, stem_length: int) -> list[tuple[int, int]]:
    """Spans of the content tokens of ``text``, in the order :meth:`ReuseIndex.add` numbered them."""
    return [(start, end) for _, start, end in content_terms(text, stem_length)]


class CachedSpans(Sequence[tuple[int, int]]):
    """The token spans of a text as :func:`token_spans` gives them, from the cached offsets."""

    __slots__ = ("starts", "ends")

    def __init__(self, starts: array, ends: array) -> None:
        self.starts, self.ends = starts, ends

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i: int) -> tuple[int, int]:  # type: ignore[override]
        return self.starts[i], self.ends[i]


def spans_of(texts: dict[str, str], stem_length: int, cache: TokenCache | None) -> dict[str, Sequence[tuple[int, int]]]:
    """:func:`token_spans` of each text (by key), read from ``cache`` where it holds the text."""
    digests = {key: text_digest(text) for key, text in texts.items()}
    cached = cache.spans_of(list(set(digests.values()))) if cache is not None else {}
    out: dict[str, Sequence[tuple[int, int]]] = {}
    for key, text in texts.items():
        found = cached.get(digests[key])
        out[key] = CachedSpans(*found) if found is not None else token_spans(text, stem_length)
    return out


def to_paragraph(candidate: object) -> Paragraph:
    """A :class:`.detect.ReuseCandidate` as the index takes it."""
    return Paragraph(candidate.key, candidate.owner, candidate.evidence_document, candidate.date,  # type: ignore[attr-defined]
                     candidate.text, candidate.commitment)  # type: ignore[attr-defined]
