"""Quoted passages of earlier instruments, and the sentence that introduces each one.

After cleaning every double quote is ``"``. A quotation is a *passage* (a commitment worth a
``quote`` paragraph) when it is long enough and is not a title: ``"The Human Rights of All Migrant
Workers and Their Families"`` is a title (most words capitalised), ``"[g]uarantee the protection of
the human rights of all migrant workers and their families."`` is a passage.
"""

from __future__ import annotations

import dataclasses
import re

from ..model import Paragraph

MIN_PASSAGE_WORDS = 8
# A quotation right after these words names something ("the item entitled "Promotion and ..."").
_NAMING_WORDS = re.compile(r"(?:entitled|titled|theme|subject of|workshop(?: on)?|seminar(?: on)?|lecture)\s*[:,]?\s*$", re.I)
# Sentence boundary: ". " or '." ' before a capital, a quote or a bracket.
_SENTENCE_END = re.compile(r"""(?<=[.!?])["')]?\s+(?=["\[(]?[A-Z])""")
# The introducing sentence should name the source; if it does not ("They also committed to"),
# the sentences before it in the paragraph are taken in until one does.
_NAMES_SOURCE = re.compile(r"Plan of Action|Declaration|Summit|resolution|AG/RES|Convention|Charter|Program", re.I)
_QUOTABLE_KINDS = {"text", "preamble", "operative", "subparagraph", "activity", "objective", "table-row", "footnote"}


def is_title_case(s: str) -> bool:
    """Most words of four letters or more are capitalised: a title, not a passage."""
    words = [w.strip("[](),.;:'\"") for w in s.split()]
    long_words = [w for w in words if len(w) >= 4 and w[0].isalpha()]
    return bool(long_words) and sum(w[0].isupper() for w in long_words) / len(long_words) >= 0.75


def is_passage(inner: str, before: str = "") -> bool:
    return (
        len(inner.split()) >= MIN_PASSAGE_WORDS
        and not is_title_case(inner)
        and not _NAMING_WORDS.search(before)
    )


def sentence_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in _SENTENCE_END.finditer(text)]


def introduction(text: str, end: int) -> str:
    """The sentence of ``text`` that runs up to offset ``end``, widened back to one naming a source."""
    starts = [s for s in sentence_starts(text) if s < end] or [0]
    k = len(starts) - 1
    while k > 0 and not _NAMES_SOURCE.search(text[starts[k] : end]):
        k -= 1
    # Nothing names a source ('Objective No. 3: "..." And "[P]revention ..."'): the paragraph up to
    # the quote is the introduction.
    return re.sub(r"\s+", " ", text[starts[k] : end]).strip()


def quote_pairs(text: str) -> list[tuple[int, int]]:
    """Spans inside successive pairs of ``"`` in ``text`` (an unpaired last quote is ignored)."""
    marks = [i for i, ch in enumerate(text) if ch == '"']
    return [(marks[k] + 1, marks[k + 1]) for k in range(0, len(marks) - 1, 2)]


def inline_quotes(p: Paragraph) -> list[Paragraph]:
    """Quoted passages inside paragraph ``p``, as ``quote`` children (ids assigned later)."""
    if p.kind not in _QUOTABLE_KINDS:
        return []
    found = []
    for s, e in quote_pairs(p.text):
        inner = p.text[s:e]
        if not is_passage(inner, p.text[:s - 1]):
            continue
        ls = len(inner) - len(inner.lstrip())
        rs = len(inner.rstrip())
        start, end = p.start + s + ls, p.start + s + rs
        found.append(
            Paragraph(
                "quote-?", "quote", start, end, inner[ls:rs], parent=p.local_id,
                actor=p.actor, section=p.section, attributed_to=introduction(p.text, s - 1) or None,
            )
        )  # fmt: skip
    return found


def number_quotes(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Give every quote paragraph its id ``quote-N`` in document order."""
    out, n = [], 0
    for p in paragraphs:
        if p.kind == "quote":
            n += 1
            p = dataclasses.replace(p, local_id=f"quote-{n}")
        out.append(p)
    return out
