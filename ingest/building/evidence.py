"""Evidence for edges: the sentence that proves a link, as a verbatim span of the original file."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from ..model import CleanText, Paragraph

MAX_QUOTE = 700  # characters of cleaned text; a longer sentence is cut to a window around the mention
# A sentence ends at . ; or : followed by space and a capital, a quote or an opening parenthesis,
# but not after abbreviations used in symbols ("AG/RES. 2141", "No. 97", "doc. 1", "rev. 7").
_SENTENCE_END = re.compile(r"""(?<!\bRES)(?<!\bNo)(?<!\bdoc)(?<!\brev)(?<!\bArt)(?<!\bVol)(?<!\bpara)(?<![A-Z])[.;:!?]["')]?\s+(?=["(A-Z0-9·])""")


@dataclass(frozen=True)
class Sentence:
    start: int  # cleaned-text offsets
    end: int
    text: str
    paragraph: Paragraph


def sentences(clean: CleanText, paragraph: Paragraph) -> list[Sentence]:
    """The sentences of a paragraph, with cleaned-text offsets."""
    text = paragraph.text
    out: list[Sentence] = []
    pos = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.start() + 1
        _append(out, paragraph, text, pos, end)
        pos = match.end()
    _append(out, paragraph, text, pos, len(text))
    return out


def _append(out: list[Sentence], paragraph: Paragraph, text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(paragraph.start + start, paragraph.start + end, text[start:end], paragraph))


def window(start: int, end: int, focus_start: int, focus_end: int, limit: int = MAX_QUOTE,
           text: str | None = None) -> tuple[int, int]:
    """Cut ``[start, end)`` to at most ``limit`` characters keeping ``[focus_start, focus_end)`` inside.
    With the ``text`` the offsets index, a cut never falls inside a word: it moves to the nearest
    space towards the focus (a quote opening "e of the United States ..." reads as an error)."""
    if end - start <= limit:
        return start, end
    half = max(0, (limit - (focus_end - focus_start)) // 2)
    lo = max(start, focus_start - half)
    hi = min(end, lo + limit)
    lo = max(start, hi - limit)
    if text is not None:
        if lo > start and _inside_word(text, lo):
            space = text.find(" ", lo, focus_start)
            lo = space + 1 if space >= 0 else lo
        if hi < end and _inside_word(text, hi):
            space = text.rfind(" ", focus_end, hi)
            hi = space if space >= 0 else hi
        while lo < focus_start and text[lo].isspace():
            lo += 1
        while hi > focus_end and text[hi - 1].isspace():
            hi -= 1
    return lo, hi


def _inside_word(text: str, at: int) -> bool:
    return 0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum()


def evidence(clean: CleanText, document_key: str, paragraph_key: str, start: int, end: int, rule: str,
             confidence: float) -> dict[str, object]:
    """Evidence properties for a cleaned span: offsets and quote are those of the original file."""
    o_start, o_end = clean.to_original(start, end)
    return {
        "evidenceDocument": document_key,
        "evidenceParagraph": paragraph_key,
        "evidenceStart": o_start,
        "evidenceEnd": o_end,
        "evidenceQuote": clean.original[o_start:o_end],
        "rule": rule,
        "confidence": round(float(confidence), 3),
    }


def edge_key(type_: str, source: str, target: str, props: dict[str, object]) -> str:
    """Deterministic relationship key: same link with the same evidence -> same key (re-ingest is a no-op)."""
    basis = "|".join(str(x) for x in (type_, source, target, props["evidenceDocument"], props["evidenceStart"],
                                      props["evidenceEnd"], props["rule"]))
    return hashlib.sha1(basis.encode()).hexdigest()[:20]
