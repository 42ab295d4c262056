"""Plain data passed between ingest stages.

Offsets: every ``start``/``end`` in these types is a character offset into the *cleaned*
text (``CleanText.text``) unless the field name says ``orig``. ``CleanText.to_original``
maps a cleaned span back to the decoded original file, where evidence quotes are taken
verbatim.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Sequence

Genre = Literal["resolution", "un-resolution", "program", "work-plan", "other"]

ParagraphKind = Literal[
    "title",  # title block of the document
    "heading",  # section heading (Roman numerals, lettered sections)
    "preamble",  # preambular paragraph (resolutions)
    "operative",  # numbered operative paragraph (resolutions)
    "subparagraph",  # lettered sub-paragraph a. / (a)
    "footnote",
    "objective",  # program objective (general or specific)
    "activity",  # numbered program activity, or a work-plan bullet assigned to a body
    "table-row",  # one row of a flattened table (MANDATE / ACTION / AREA RESPONSIBLE / TIMEFRAME)
    "quote",  # quoted passage of an earlier instrument
    "text",  # any other block of prose
]


@dataclass(frozen=True)
class CleanText:
    """Cleaned text plus, for every cleaned character, the original span it came from.

    ``starts[i]``/``ends[i]`` give the original span ``[starts[i], ends[i])`` of cleaned
    character ``i`` (a one-character span when it was copied or replaced one for one; a longer
    one when a run was folded, e.g. ``\r\n`` -> ``\n``). Deleted characters (footnote markers)
    belong to no cleaned character, so a mapped span never ends or starts inside one.
    Offsets are Python ``str`` indices of the decoded original file.
    """

    original: str
    text: str
    starts: Sequence[int]
    ends: Sequence[int]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original span of the cleaned span ``[start, end)``."""
        if not (0 <= start <= end <= len(self.text)):
            raise ValueError(f"span {start}:{end} outside cleaned text of length {len(self.text)}")
        if start == end:
            o = self.starts[start] if start < len(self.text) else len(self.original)
            return o, o
        return self.starts[start], self.ends[end - 1]

    def original_slice(self, start: int, end: int) -> str:
        """The verbatim original text behind the cleaned span."""
        o_start, o_end = self.to_original(start, end)
        return self.original[o_start:o_end]


@dataclass(frozen=True)
class Paragraph:
    """One structural unit of a document, with a hierarchical local id.

    ``local_id`` examples: ``pre-3``, ``op-18``, ``op-18.a``, ``fn-2``, ``act-28``,
    ``obj-g-1``, ``wp-gs.3`` (work-plan block ``gs`` bullet 3), ``tbl-4``, ``quote-1``, ``txt-12``.
    """

    local_id: str
    kind: ParagraphKind
    start: int
    end: int
    text: str
    number: str | None = None  # "18", "a", "28"
    parent: str | None = None  # local_id of the enclosing paragraph
    lead: str | None = None  # governing lead phrase ("HAVING SEEN", "TAKING INTO ACCOUNT:")
    actor: str | None = None  # actor heading the paragraph sits under (programs, work plans)
    section: str | None = None  # section heading it sits under
    attributed_to: str | None = None  # for quotes: the sentence naming the quoted instrument
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Reference:
    """A mention of another instrument, normalised to one key however it was written.

    ``key`` examples: ``oas:ag-res-2141-xxxv-o-05``, ``oas:cp-cajp-2038-03``,
    ``un:a-res-67-172``, ``un:hrc-res-23-20``, ``un:cpd-res-2006-2``, ``iacthr:oc-16-99``,
    ``oas:exec-order-05-13-rev-1``, ``summit:2``, ``summit:2:plan-of-action``,
    ``conv:vienna-consular-relations``. Unresolved placeholders (``AG/doc. XXX/07``) keep
    ``resolved=False`` and a key prefixed ``unresolved:``.
    """

    kind: str  # oas-res, oas-doc, un-ga-res, un-hrc-res, un-cpd-res, un-doc, iacthr-oc, exec-order, summit, convention
    key: str
    start: int
    end: int
    text: str  # the cleaned text matched
    label: str  # human-readable normal form, e.g. "AG/RES. 2141 (XXXV-O/05)"
    resolved: bool = True
    attrs: dict[str, str] = field(default_factory=dict)  # number, session, year, date, part ...


@dataclass(frozen=True)
class BodyMention:
    """A mention of a body (organ, office, collective addressee) resolved through the gazetteer."""

    body_key: str  # e.g. "oas:permanent-council", "collective:oas-member-states"
    name_used: str  # the name as the body was called on the document's date
    start: int
    end: int
    text: str
