"""Resolutions: OAS (``THE GENERAL ASSEMBLY,`` ... ``RESOLVES:``) and UN (``The General Assembly,``).

Both have a title block, an organ line, preambular paragraphs that open with a lead phrase, then
numbered operative paragraphs with lettered sub-paragraphs. They differ in layout: an OAS text
has one paragraph per line; a UN text is hard-wrapped, so a paragraph runs until a blank line or
the next paragraph start (a page break can join two paragraphs without a blank line).
"""

from __future__ import annotations

import re

from ..model import CleanText, Paragraph
from .common import Builder, Line, continuation_end, is_footnote_line, split_lines

# "THE GENERAL ASSEMBLY," (OAS) / "The General Assembly," (UN): the issuing organ, alone on a line.
ORGAN = re.compile(
    r"^(?:THE\s+)?[A-Z][A-Z ]*(?:ASSEMBLY|COUNCIL|COMMITTEE|COMMISSION),$"
    r"|^The\s+(?:[A-Z][a-z-]+\s+)*(?:Assembly|Council|Commission|Committee),$"
)
# "RESOLVES:" opens the operative part of an OAS resolution.
RESOLVES = re.compile(r"^(?:RESOLVES|DECIDES|Resolves|Decides)\s*:?$")
# "1. To strongly condemn", " 4.  Also reaffirms" (page break), "7." alone on its line.
OPERATIVE = re.compile(r"^(?P<num>\d{1,2})\.(?:\s+|$)")
# "(a) Calls upon", "(g) Requests" (after OCR fixes), "a." alone on its line, "b. Providing".
SUBPARAGRAPH = re.compile(r"^(?:\((?P<paren>[a-z])\)|(?P<dot>[a-z])\.)(?:\s+|$)")
# OAS lead in capitals: "HAVING SEEN the report", "EXPRESSING ITS SATISFACTION with",
# "TAKING INTO ACCOUNT:" (a colon: it governs the paragraphs that follow).
OAS_LEAD = re.compile(r"^(?P<lead>[A-Z][A-Z']{3,}(?:\s[A-Z][A-Z']*)*)\s*(?P<colon>:)?(?=\s*$|\s+[a-z\"(]|(?<=:)\s)")
# UN lead: "Recalling", "Recalling further", "Bearing in mind", "Taking note also", "Deeply
# concerned", "Aware", "Concerned"; not "United Nations ..." at the start of a wrapped line.
UN_LEAD = re.compile(
    r"^(?P<lead>(?!United\b)(?:(?:Deeply|Gravely)\s+[a-z]+ed|[A-Z][a-z]+(?:ing|ed)|Aware|Mindful|Conscious|Cognizant)"
    r"(?:\s+(?:in\s+mind|note|into\s+account|into\s+consideration))?"
    r"(?:\s+(?:also|further|with\s+(?:concern|appreciation|satisfaction)))?)(?=[\s,]|$)"
)
_FORM = re.compile(r"^(?:DRAFT\s+)?RESOLUTION$|^Draft resolution$", re.I)


def _starts_paragraph(prev: Line, line: Line) -> bool:
    """In hard-wrapped text, does ``line`` open a new paragraph without a blank line before it?"""
    if not prev.content.endswith((",", ";", ":", ".")):
        return False
    c = line.content
    return bool(OPERATIVE.match(c) or SUBPARAGRAPH.match(c) or UN_LEAD.match(c) or ORGAN.match(c))


def _blocks(lines: list[Line], hard_wrapped: bool) -> list[tuple[int, int]]:
    """(first, last) line indexes of each paragraph-sized block."""
    out, i = [], 0
    while i < len(lines):
        if lines[i].blank:
            i += 1
            continue
        j = i
        if hard_wrapped:
            while j + 1 < len(lines) and not lines[j + 1].blank and not _starts_paragraph(lines[j], lines[j + 1]):
                j += 1
        else:
            j = continuation_end(lines, i)
        out.append((i, j))
        i = j + 1
    return out


def _next_letter(letter: str) -> str:
    return chr(ord(letter) + 1)


class _Resolution:
    """Walks the blocks of one resolution, in document order, with the state the walk needs."""

    def __init__(self, clean: CleanText, hard_wrapped: bool) -> None:
        self.clean = clean
        self.b = Builder(clean.text)
        self.lines = split_lines(clean.text)
        self.blocks = _blocks(self.lines, hard_wrapped)
        self.lead_re = UN_LEAD if hard_wrapped else OAS_LEAD
        self.phase = "title"
        self.governing: Paragraph | None = None  # the last lead ending with ":" ("CONSIDERING:")
        self.op: Paragraph | None = None
        self.last_letter = ""

    def run(self) -> Builder:
        if not any(ORGAN.match(self.lines[i].content) for i, _ in self.blocks):
            self.b.warnings.append("no issuing organ line (e.g. 'THE GENERAL ASSEMBLY,'): no title block")
            self.phase = "preamble"
        title_blocks: list[tuple[int, int]] = []
        k = 0
        while k < len(self.blocks):
            first, last = self.blocks[k]
            line = self.lines[first]
            if is_footnote_line(self.clean, line):
                self.b.add_footnote(line)
            elif self.phase == "title":
                if ORGAN.match(line.content):
                    self._title(title_blocks)
                    self.b.add("heading", line.cstart, line.cend, local_id="organ", extra={"role": "issuing-organ"})
                    self.phase = "preamble"
                else:
                    title_blocks.append((first, last))
            elif RESOLVES.match(line.content):
                self.b.add("heading", line.cstart, line.cend, prefix="h", extra={"role": "operative-clause"})
                self.phase, self.governing = "operative", None
            elif OPERATIVE.match(line.content):
                k = self._operative(k)
            elif self.phase == "operative" and self.op and SUBPARAGRAPH.match(line.content):
                k = self._subparagraph(k)
            elif self.phase == "preamble":
                self._preamble(first, last)
            else:
                self.b.add_text(line.cstart, self.lines[last].cend)
            k += 1
        return self.b

    def _title(self, blocks: list[tuple[int, int]]) -> None:
        """Title lines as one ``title`` paragraph; "(Presented by ...)" lines as sponsor text."""
        sponsor = [bl for bl in blocks if self.lines[bl[0]].content.startswith("(")]
        titled = [bl for bl in blocks if bl not in sponsor]
        if titled:
            words = [self.lines[i].content for first, last in titled for i in range(first, last + 1) if not self.lines[i].blank]
            extra = {"title": " ".join(w for w in words if not _FORM.match(w))}
            forms = [w for w in words if _FORM.match(w)]
            if forms:
                extra["form"] = forms[0]
            self.b.add("title", self.lines[titled[0][0]].cstart, self.lines[titled[-1][1]].cend,
                       local_id="title", extra=extra)  # fmt: skip
        for first, last in sponsor:
            self.b.add_text(self.lines[first].cstart, self.lines[last].cend, extra={"role": "sponsor"})

    def _content_after_marker(self, k: int, marker_end: int) -> tuple[int, int, int]:
        """(start, end, block index) of a numbered paragraph's content; a marker alone on its
        line ("a." then "Considering the advisability ...") takes the next block as content."""
        first, last = self.blocks[k]
        start, end = marker_end, self.lines[last].cend
        if start >= end and k + 1 < len(self.blocks):
            k += 1
            first, last = self.blocks[k]
            start, end = self.lines[first].cstart, self.lines[last].cend
        return start, end, k

    def _operative(self, k: int) -> int:
        line = self.lines[self.blocks[k][0]]
        m = OPERATIVE.match(line.content)
        assert m is not None
        num = m.group("num")
        start, end, k = self._content_after_marker(k, line.cstart + m.end())
        self.op = self.b.add("operative", start, end, local_id=f"op-{num}", number=num)
        self.phase, self.governing, self.last_letter = "operative", None, ""
        return k

    def _subparagraph(self, k: int) -> int:
        assert self.op is not None
        line = self.lines[self.blocks[k][0]]
        m = SUBPARAGRAPH.match(line.content)
        assert m is not None
        letter = m.group("paren") or m.group("dot")
        if self.last_letter and letter <= self.last_letter:
            # UN 004 letters op 4 and op 5 "(a)".."(i)" then "(i)" again: the second is "(j)".
            fixed = _next_letter(self.last_letter)
            self.b.warnings.append(
                f"{self.op.local_id}: sub-paragraph ({letter}) follows ({self.last_letter}); numbered ({fixed})"
            )
            letter = fixed
        self.last_letter = letter
        start, end, k = self._content_after_marker(k, line.cstart + m.end())
        self.b.add("subparagraph", start, end, local_id=f"{self.op.local_id}.{letter}",
                   number=letter, parent=self.op.local_id)  # fmt: skip
        return k

    def _preamble(self, first: int, last: int) -> None:
        line = self.lines[first]
        start, end = line.cstart, self.lines[last].cend
        m = self.lead_re.match(line.content)
        if not m:
            gov = self.governing
            self.b.add("preamble", start, end, prefix="pre",
                       lead=gov.lead if gov else None, parent=gov.local_id if gov else None)  # fmt: skip
            return
        lead = m.group("lead") + (":" if m.groupdict().get("colon") else "")
        if start + m.end() >= end or line.content[m.end() :].strip() in ("", ":"):
            # A lead alone on its line ("TAKING INTO ACCOUNT:") heads the paragraphs under it.
            self.governing = self.b.add("heading", start, end, prefix="h", lead=lead, extra={"role": "lead"})
            return
        p = self.b.add("preamble", start, end, prefix="pre", lead=lead)
        self.governing = p if lead.endswith(":") else None


def segment_resolution(clean: CleanText, hard_wrapped: bool) -> Builder:
    """Segment an OAS (``hard_wrapped=False``) or UN (``hard_wrapped=True``) resolution."""
    return _Resolution(clean, hard_wrapped).run()
