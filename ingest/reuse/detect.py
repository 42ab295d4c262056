"""Text reuse between paragraphs of different documents: ECHOES links, later -> earlier.

A later paragraph that repeats or closely paraphrases an earlier one gets a link to it, with a
similarity score and the aligned passage of each text as verbatim evidence (activity 28 of the
2016 program -> the Santiago Plan of Action's Vienna Convention commitment quoted in the 2004
GT/TM work plan). Public API:

* :func:`candidate_from_row` - a Paragraph node row (as :mod:`.build` makes it) as a
  :class:`ReuseCandidate`, or None for kinds that are not compared.
* :func:`find_reuse` - the :class:`ReuseLink` list; :func:`reuse_run` also counts the pairs the
  index proposed and the pairs aligned (the work done), for scaling checks.

Method (passim-like):

1. **Terms.** Each paragraph's verbatim text is tokenised with spans and normalised to content
   terms (:mod:`.text`). Tokens of stock phrases (``data/stock_phrases.toml``) and of
   names (document symbols, summits, bodies) are marked *stock*.
2. **Candidates.** An inverted index maps every shingle (``shingle_size`` consecutive content
   terms, none stock) to the paragraphs holding it. Two paragraphs are a candidate pair when they
   share a shingle held by at most ``max_postings`` paragraphs: work grows with the postings
   kept, not with n^2. A shingle held by more (up to ``max_chain_postings``) pairs each holder
   with its ``chain_neighbours`` predecessors in date order only: a commitment renewed in forty
   resolutions still forms a chain, each copy linked to the copies just before it, and every
   holder is paired with the quoted commitments among the holders (the origins), at linear cost;
   a shingle held by more is a formula anyway.
3. **Eligibility.** Different evidence documents, different owners, and dates that differ at the
   shorter precision ("2007" vs "2007-03-01" is the same date: no link, since the direction is
   unknown). A paragraph without an ISO date is never linked. A quote and the paragraph that
   quotes it share their evidence document, so they never link.
4. **Weights.** Each term weighs its inverse paragraph frequency ``ln(N/df)`` (df counted in
   paragraphs, which separates "vienna" from "migrants" even in five documents); stock tokens
   weigh 0.
5. **Alignment and score** (:mod:`.align`). The content terms are aligned in order; the
   heaviest passage holding a run of ``min_block`` shared terms (its *anchor*) is the evidence.
   ``score`` is the mean of two overlap coefficients over the lighter paragraph's weight:
   the shared vocabulary (order ignored: a paraphrase reorders - "the right of nationals ... to
   communicate" / "the right of the sending state to ... communication") and the passage
   aligned in order (a formula shared by two long paragraphs aligns little). A link needs
   ``score >= min_score`` (``min_score_commitment`` when the earlier paragraph is a quoted
   commitment, see below), an anchor of ``min_anchor_weight``, and ``min_shared_weight`` of
   shared vocabulary. ``rule`` is ``reuse:near-verbatim`` when both the score and the in-order
   coverage reach ``near_verbatim``, else ``reuse:paraphrase``.
6. **Stock phrases on large corpora.** The data list does the work on a small corpus, where
   document frequency cannot tell a formula from a commitment. From ``widespread_min_documents``
   distinct evidence documents on, a shingle found in at least ``widespread_share`` of them is
   treated as stock too, so the corpus's own formulas are found without listing them.

The computation runs in :mod:`.engine` (term ids in arrays, numpy for the index, rapidfuzz for
the alignment); this module holds the method, the rules and the public types.

Thresholds (:class:`ReuseConfig`; the reason for each value is next to it): words cut to 6
letters, shingles of 3 terms, at most 40 paragraphs per shingle to propose pairs, 4 content
terms at least, anchor runs of 2 terms weighing 8, gaps of 8 terms inside a passage, score 0.55
(0.3 towards a quoted commitment), shared weight 11, near-verbatim 0.8; widespread shingles from
20 documents, at a 25% share.

Two score thresholds, because the two ways text travels differ. A resolution or program that
carries an earlier one's paragraph copies it, with edits: every such pair of the sample corpus
scores 0.75 or more, and on the synthetic corpus (``bench/``) 99.9% of the true pairs score 0.55
or more, while paragraphs written from the same stock of topics and clauses ("to call upon member
states to ... for Afro-descendant entrepreneurs ...") score 0.3-0.55: at 0.3 they were 87% of the
links (precision 0.13 at 1,000 documents), at 0.55 3% (precision 0.97, recall unchanged). A
summit commitment, by contrast, is rephrased into the programs that implement it: activity 28 ->
the Santiago commitment scores 0.31, the 2016 program's third objective 0.42. Those earlier
paragraphs are few (a plan of action's quoted commitments) and they are the origins an analyst
asks for, so a link towards one needs only 0.3; pairs at 0.25-0.30 mix looser Vienna Convention
echoes with formulas ("violence against women", "starting from the draft presented"), so that
threshold sits just above them. A *quoted commitment* is a paragraph of another instrument held
by quotation (``attributedTo`` set: a summit's Plan of Action or Declaration quoted in a work plan).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["DEFAULT", "ReuseCandidate", "ReuseConfig", "ReuseLink", "ReuseRun", "candidate_from_row",
           "find_reuse", "reuse_run"]

# Kinds that carry the substance of an instrument. Not compared: titles and headings (a few words
# shared by every instrument on the topic), footnotes (references, not commitments).
COMPARED_KINDS = frozenset({"operative", "subparagraph", "preamble", "activity", "objective", "quote", "text",
                            "table-row"})
_ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


@dataclass(frozen=True)
class ReuseConfig:
    # Words are cut to 6 letters: enough to keep "consular"/"consumer" apart, short enough that
    # "communicate"/"communication" and "protect"/"protection" meet.
    stem_length: int = 6
    # Shingles of 3 content terms: 2 collide by chance ("human rights"), 4 miss paraphrases that
    # reword every fourth word; 3 keeps "vienna convention consular" intact across rewordings.
    shingle_size: int = 3
    # A shingle held by more than 40 paragraphs proposes no pair (it may still align): at that
    # point it is a formula, and the cap bounds the pairs examined by ~ n * shingles * 40.
    max_postings: int = 40
    # Above that, up to 400 holders, each holder is paired with the holder just before it in date
    # order: at 20,000 synthetic documents 46 reuse families had 41-115 members and all their
    # 2,487 pairs were missed (recall 0.96) when such shingles proposed nothing. One neighbour,
    # not two: at 5,000 documents it proposed 26% more pairs (two: 52%) for recall 0.9954 ->
    # 0.9974 (two: 0.9979).
    max_chain_postings: int = 400
    chain_neighbours: int = 1
    # Paragraphs with fewer than 4 content terms outside stock phrases and names ("General
    # Secretariat", "February 2007") have nothing to reuse.
    min_terms: int = 4
    # Aligned runs of one term are chance ("right", "state"); two in a row are wording.
    min_block: int = 2
    # Up to 8 content terms inserted or reworded between two aligned runs keep them one passage
    # ("...obligations of the states party to the Vienna Convention, ensuring the right of the
    # sending state to information..."); more means two unrelated matches.
    max_gap: int = 8
    # The shared wording must weigh at least 8: two distinctive terms ("juvenile victims of
    # trafficking": "victims trafficking persons" ~8), not two common ones ("human rights" ~3).
    min_anchor_weight: float = 8.0
    # Score 0.55 between ordinary paragraphs: a copy with edits clears it (sample corpus: 0.75 and
    # up; synthetic truth: 99.9% of true pairs), two paragraphs built from the same topics and
    # clauses do not (synthetic: 97% of them score below; see the module docstring).
    min_score: float = 0.55
    # Score 0.3 when the earlier paragraph is a quoted commitment: a commitment carried into a
    # longer activity in other words clears it (activity 28 -> Santiago: vocabulary 0.36, in
    # order 0.25, score 0.31), two long paragraphs sharing a clause and a topic do not ("presents
    # this Work Plan": 0.32 and 0.12, score 0.22).
    min_score_commitment: float = 0.3
    # The shared vocabulary must weigh at least 11 (about three distinctive terms): a short
    # paragraph must not link on one anchor alone.
    min_shared_weight: float = 11.0
    # Score 0.8 with 80% of the lighter paragraph's vocabulary aligned in order is a repetition
    # with small edits.
    near_verbatim: float = 0.8
    # Document-frequency stock detection takes over from 20 documents on; below that a share of
    # documents is too coarse (with 5 documents every shared shingle is in 40% of them).
    widespread_min_documents: int = 20
    # A shingle in a quarter of all documents is a formula of the corpus, not a commitment.
    widespread_share: float = 0.25


DEFAULT = ReuseConfig()


@dataclass(frozen=True)
class ReuseCandidate:
    key: str  # Paragraph node key
    owner: str  # the instrument the paragraph belongs to (props["document"])
    evidence_document: str  # the document whose file holds the text
    date: str | None  # ISO, possibly partial ("2007")
    kind: str
    text: str  # verbatim text of the paragraph
    start: int  # offset of text[0] in the evidence document's file
    commitment: bool = False  # a quoted commitment of another instrument (``attributedTo`` set)


@dataclass(frozen=True)
class ReuseLink:
    source: str  # later paragraph key
    target: str  # earlier paragraph key
    score: float  # similarity in [0, 1]
    rule: str  # "reuse:near-verbatim" | "reuse:paraphrase"
    source_start: int  # aligned passage, offsets in the source's evidence file
    source_end: int
    source_quote: str
    target_start: int
    target_end: int
    target_quote: str
    source_document: str  # evidence documents
    target_document: str


@dataclass(frozen=True)
class ReuseRun:
    links: list[ReuseLink]
    pairs_proposed: int  # distinct pairs sharing a shingle of at most max_postings holders
    pairs_aligned: int  # of those, the pairs eligible to link, which were scored and aligned


def candidate_from_row(key: str, props: Mapping[str, Any]) -> ReuseCandidate | None:
    """A Paragraph node row as a candidate; None for kinds not compared (see ``COMPARED_KINDS``)."""
    if props.get("kind") not in COMPARED_KINDS:
        return None
    return ReuseCandidate(
        key=key, owner=props["document"], evidence_document=props.get("sourceDocument") or props["document"],
        date=props.get("date"), kind=props["kind"], text=props.get("originalText") or props["text"],
        start=props["start"], commitment=bool(props.get("attributedTo")),
    )


def find_reuse(candidates: Sequence[ReuseCandidate], *, new_keys: frozenset[str] | None = None,
               config: ReuseConfig = DEFAULT) -> list[ReuseLink]:
    """ECHOES links between ``candidates``, sorted; with ``new_keys``, only pairs touching them."""
    return reuse_run(candidates, new_keys=new_keys, config=config).links


def reuse_run(candidates: Sequence[ReuseCandidate], *, new_keys: frozenset[str] | None = None,
              config: ReuseConfig = DEFAULT, workers: int | None = None) -> ReuseRun:
    """:func:`find_reuse` with the counts of pairs proposed and aligned (computed by
    :class:`.engine.ReuseIndex`; ``workers`` is accepted for compatibility and unused: the hot
    loops are compiled code now)."""
    from .engine import ReuseIndex, Work, to_paragraph, token_spans

    ordered = sorted(set(candidates), key=lambda c: (c.key, c.evidence_document, c.start, c.text))
    index = ReuseIndex(config)
    index.add(to_paragraph(c) for c in ordered)
    work = Work()
    fresh = None if new_keys is None else [c.key in new_keys for c in ordered]
    found = index.links(fresh, work)
    spans: dict[int, list[tuple[int, int]]] = {}  # token spans of each linked text, cut once
    for k in found:
        for i in (k.source, k.target):
            if i not in spans:
                spans[i] = token_spans(ordered[i].text, config.stem_length)
    links = [reuse_link(ordered[k.source], ordered[k.target], k, spans[k.source], spans[k.target]) for k in found]
    links.sort(key=lambda k: (k.source, k.target, k.source_document, k.target_document, k.source_start,
                              k.target_start))
    return ReuseRun(links, work.proposed, work.eligible)


def reuse_link(source: ReuseCandidate, target: ReuseCandidate, link: Any, s_spans: Sequence[tuple[int, int]],
               t_spans: Sequence[tuple[int, int]]) -> ReuseLink:
    """A :class:`ReuseLink` with its verbatim quotes, from an :class:`.engine.CompactLink` between
    ``source`` and ``target``: token indexes become file offsets through the texts' token spans
    (``engine.token_spans``)."""
    s_start, s_end = source.start + s_spans[link.source_first][0], source.start + s_spans[link.source_last][1]
    t_start, t_end = target.start + t_spans[link.target_first][0], target.start + t_spans[link.target_last][1]
    return ReuseLink(
        source=source.key, target=target.key, score=link.score,
        rule="reuse:near-verbatim" if link.verbatim else "reuse:paraphrase",
        source_start=s_start, source_end=s_end, source_quote=source.text[s_start - source.start:s_end - source.start],
        target_start=t_start, target_end=t_end, target_quote=target.text[t_start - target.start:t_end - target.start],
        source_document=source.evidence_document, target_document=target.evidence_document,
    )


def _eligible(a: ReuseCandidate, b: ReuseCandidate, new_keys: frozenset[str] | None) -> bool:
    if new_keys is not None and a.key not in new_keys and b.key not in new_keys:
        return False
    if a.evidence_document == b.evidence_document or a.owner == b.owner:
        return False
    return paragraph_order(a, b) != 0


# "un:a-res-79-217": series (a, hrc), session, number; a resolution's place in its series of symbols.
_SERIES_POSITION = re.compile(r"^un:(a|hrc)-res-(\d{1,2})-(\d{1,4})$")


def series_position(owner: str) -> tuple[str, int, int] | None:
    m = _SERIES_POSITION.match(owner)
    return (m[1], int(m[2]), int(m[3])) if m else None


def order_key(c: ReuseCandidate) -> tuple[str, tuple[str, int, int]]:
    """Sort key of a paragraph in time: its date, then its resolution's session and number."""
    return (c.date or "", series_position(c.owner) or ("", 0, 0))


def paragraph_order(a: ReuseCandidate, b: ReuseCandidate) -> int:
    """-1 / 1 when ``a`` is earlier / later than ``b``; 0 when unknown. Dates decide; when a date is
    missing or known only in part ("2024" vs "2024-12-19"), two resolutions of one series of symbols
    are ordered by session, then number (A/RES/80/100 after A/RES/79/100; 79/300 after 79/12)."""
    return _position_order(a.date, b.date, series_position(a.owner), series_position(b.owner))


def _position_order(da: str | None, db: str | None, pa: tuple[str, int, int] | None,
                    pb: tuple[str, int, int] | None) -> int:
    by_date = date_order(da, db)
    if by_date != 0 or (da and db and len(da) == len(db) == 10 and da == db):
        return by_date  # two full dates, equal: the same day, no direction
    if pa is not None and pb is not None and pa[0] == pb[0] and pa != pb:
        return (pa > pb) - (pa < pb)
    return 0


def date_order(a: str | None, b: str | None) -> int:
    """-1 / 1 when ``a`` is earlier / later than ``b``; 0 when the same at the shorter precision
    ("2007" vs "2007-03-01"), or when either is missing or not an ISO date."""
    if not a or not b or not _ISO_DATE.fullmatch(a) or not _ISO_DATE.fullmatch(b):
        return 0
    n = min(len(a), len(b))
    return (a[:n] > b[:n]) - (a[:n] < b[:n])
