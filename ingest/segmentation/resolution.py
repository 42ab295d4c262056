"""Resolutions: OAS (``THE GENERAL ASSEMBLY,`` ... ``RESOLVES:``) and UN (``The General Assembly,``).

Both have a title block, an organ line, preambular paragraphs that open with a lead phrase, then
numbered operative paragraphs with lettered sub-paragraphs. They differ in layout: an OAS text
has one paragraph per line; a UN text is hard-wrapped, so a paragraph runs until a blank line or
the next paragraph start (a page break can join two paragraphs without a blank line).
"""

from __future__ import annotations

import re

from ..model import CleanText, Paragraph
from .common import Builder, Line, continuation_end, is_footnote_line, split_lines, starts_lowercase

# "THE GENERAL ASSEMBLY," (OAS) / "The General Assembly," (UN): the issuing organ, alone on a line.
ORGAN = re.compile(
    r"^(?:THE\s+)?[A-Z][A-Z ]*(?:ASSEMBLY|COUNCIL|COMMITTEE|COMMISSION),$"
    r"|^The\s+(?:[A-Z][a-z-]+\s+)*(?:Assembly|Council|Commission|Committee),$"
    r"|^The\s+General\s+Assembly$"  # 79/1: "The General Assembly / Adopts the following Pact ..."
)
# "RESOLVES:" opens the operative part of an OAS resolution.
RESOLVES = re.compile(r"^(?:RESOLVES|DECIDES|Resolves|Decides)\s*:?$")
# "1. To strongly condemn", " 4.  Also reaffirms" (page break), "7." alone on its line.
OPERATIVE = re.compile(r"^(?P<num>\d{1,3})\.(?:\s+|$)")  # up to 354 in a programme of action
# "(a) Calls upon", "(g) Requests" (after OCR fixes), "a." alone on its line, "b. Providing"; a
# roman sub-item "(ii) Ensuring" (read in context: "(i)" after "(h)" is a letter).
SUBPARAGRAPH = re.compile(r"^(?:\((?P<paren>[a-z]|[ivx]{2,5})\)|(?P<dot>[a-z])\.)(?:\s+|$)")
ROMAN_ITEMS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv")
# "Annex", "Annex I", "Annex II": an annex with its own numbering follows.
ANNEX = re.compile(r"^(?:Annex|ANNEX)(?:\s+(?P<n>[IVX]{1,4}|\d{1,2}))?$")
# "Objective 1. Close all digital divides" (a compact's objectives), "Action 12. We will plan" (the Pact).
OBJECTIVE = re.compile(r"^(?P<word>Objective|Action)\s+(?P<num>\d{1,2})\.(?:\s+|$)")
# "II" alone on its line: a part of a resolution that numbers its paragraphs anew (budget resolutions).
SECTION = re.compile(r"^(?P<n>[IVX]{1,5})$")
SECTIONS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI",
            "XVII", "XVIII", "XIX", "XX", "XXI", "XXII", "XXIII", "XXIV", "XXV", "XXVI", "XXVII", "XXVIII", "XXIX",
            "XXX")
# "Article 3": an article of a convention annexed to a resolution, numbering its paragraphs anew.
ARTICLE = re.compile(r"^Article\s+(?P<n>\d{1,3})\.?$")
_GLUED_ANNEX = re.compile(r"\s(?:Annex|ANNEX)(?:\s+(?:[IVX]{1,4}|\d{1,2}))?$")
# "49th plenary meeting": the adoption line that closes the resolution.
PLENARY_LINE = re.compile(r"^\d{1,3}(?:st|nd|rd|th)\s+(?:\(resumed\)\s+)?plenary\s+meeting$")
# "We commit to:", "We commit, by 2030, to:": the lettered items under it are actions (activities).
COMMITS = re.compile(r"\b(?:commit|will)\b[^.]*:\s*$")
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
# "7." or "(a)" alone on its line (a text layer puts the number apart from its paragraph)
_MARKER_ALONE = re.compile(r"^(?:\d{1,3}\.|\([a-z]{1,4}\))$")
_FORM = re.compile(r"^(?:DRAFT\s+)?RESOLUTION$|^Draft resolution$", re.I)


def _starts_paragraph(prev: Line, line: Line, first: Line | None = None) -> bool:
    """In hard-wrapped text, does ``line`` open a new paragraph without a blank line before it?
    ``first`` is the first line of the block ``prev`` ends."""
    c = line.content
    if ORGAN.match(c) or ANNEX.match(c) or PLENARY_LINE.match(c) or _MARKER_ALONE.match(c) or ARTICLE.match(c) \
            or SECTION.match(c):
        return True  # wherever they stand: after a title line, after the date of a plenary meeting
    if not prev.content.endswith((",", ";", ":", ".")):
        # after a heading ("Objective 1. Close ... across the / Sustainable Development Goals", an
        # annex's title, "Connectivity"): "10. We acknowledge" opens a paragraph
        m = OPERATIVE.match(c)
        after_heading = first is not None and (OBJECTIVE.match(first.content) or ANNEX.match(first.content))
        if UN_LEAD.match(c) and len(prev.content) < 100 and first is not None and \
                (SECTION.match(first.content) or ARTICLE.match(first.content)):
            return True  # "II / Request for a subvention ... / Recalling its resolution": the part's title ends
        return bool(m and c[m.end():m.end() + 1].isupper() and (after_heading or len(prev.content) < 60))
    if OBJECTIVE.match(c):
        return True
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
            while j + 1 < len(lines) and not lines[j + 1].blank and \
                    not _starts_paragraph(lines[j], lines[j + 1], lines[i]):
                j += 1
        else:
            j = continuation_end(lines, i)
        if hard_wrapped:
            j = _rejoin_across_blanks(lines, j)
        out.append((i, j))
        i = j + 1
    return out


def _rejoin_across_blanks(lines: list[Line], j: int) -> int:
    """A block that ends mid-sentence goes on over blank lines into lines that start in lower case (a
    sub-item's wrapped lines that a reader set apart: "(i) Torture ... or punishment," / "including ...")."""
    while not lines[j].content.endswith((".", ":")) and not _GLUED_ANNEX.search(lines[j].content):
        k = j + 1
        while k < len(lines) and lines[k].blank:
            k += 1
        if k == j + 1 or k >= len(lines):
            return j
        # on over the blank: a lower-case start, or a line cut after a word ("... of the" / "Democratic
        # People's Republic") when the next line opens nothing (no number, letter or lead)
        if not (starts_lowercase(lines[k]) or (lines[j].content[-1:].isalnum() and not _opens(lines[k].content))):
            return j
        j = k
        while j + 1 < len(lines) and not lines[j + 1].blank and not _starts_paragraph(lines[j], lines[j + 1]):
            j += 1
    return j


def _opens(c: str) -> bool:
    return bool(OPERATIVE.match(c) or SUBPARAGRAPH.match(c) or UN_LEAD.match(c) or ORGAN.match(c) or ANNEX.match(c)
                or OBJECTIVE.match(c) or _MARKER_ALONE.match(c) or RESOLVES.match(c) or ARTICLE.match(c)
                or SECTION.match(c) or c.startswith("Chapter "))


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
        self.item: Paragraph | None = None  # the current lettered sub-item (roman items nest in it)
        self.last_roman = ""
        self.annex: str | None = None  # "I" in annex I: numbering restarts there
        self.objective: Paragraph | None = None
        self.list_item = 0  # the last item of a numbered list inside the current paragraph
        self.annex_title = False  # the next unnumbered block is the annex's title
        self.section: str | None = None  # "II": the part of the resolution being read
        self.article: str | None = None  # "3": the article of an annexed convention being read

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
            elif ANNEX.match(line.content) and self.phase != "title":
                self._annex(line)
            elif self.phase in {"preamble", "operative"} and self._next_section(line.content):
                self.section = line.content
                self.b.add("heading", line.cstart, self.lines[last].cend, local_id=f"sec-{self.section}",
                           extra={"role": "section"})
                self.phase, self.op, self.item, self.governing = "preamble", None, None, None
            elif self.phase == "annex" and (art := ARTICLE.match(line.content)):
                self.article = art.group("n")
                self.b.add("heading", line.cstart, self.lines[last].cend,
                           local_id=f"annex-{self.annex}.art-{self.article}", parent=f"annex-{self.annex}",
                           extra={"role": "article"})
                self.op, self.item = None, None
            elif PLENARY_LINE.match(line.content):
                tail = self.lines[last]
                glued = _GLUED_ANNEX.search(tail.content) if last > first else None
                end = tail.cstart + glued.start() if glued else tail.cend
                self.b.add_text(line.cstart, end, extra={"role": "adoption"})
                self.op = self.item = None
                if glued:  # "3 December 2024 Annex": a reader put the annex line on the date's line
                    self._annex(Line(tail.start, tail.end, tail.cstart + glued.start() + 1, tail.cend,
                                     glued.group(0).strip(), ""))
            elif self.phase != "title" and OBJECTIVE.match(line.content) and self.phase in {"operative", "annex"}:
                k = self._objective(k)
            elif RESOLVES.match(line.content):
                self.b.add("heading", line.cstart, line.cend, prefix="h", extra={"role": "operative-clause"})
                self.phase, self.governing = "operative", None
            elif OPERATIVE.match(line.content):
                k = self._operative(k)
            elif self.phase in {"operative", "annex"} and self.op and SUBPARAGRAPH.match(line.content):
                k = self._subparagraph(k)
            elif self.phase == "preamble":
                self._preamble(first, last)
            elif self.phase == "annex" and self.annex_title:
                self.b.add("heading", line.cstart, self.lines[last].cend, local_id=f"annex-{self.annex}.title",
                           parent=f"annex-{self.annex}", extra={"role": "annex-title"})
            else:
                self.b.add_text(line.cstart, self.lines[last].cend)
            if self.phase == "annex" and not ANNEX.match(line.content):
                self.annex_title = False
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
        if self._in_list(int(num)):
            # "7. To achieve our goal, we will pursue the following objectives: 1. Close ... 2. Expand":
            # a numbered list inside the paragraph, not the next paragraph
            assert self.op is not None
            self.list_item = int(num)
            self.b.add("subparagraph", start, end, local_id=f"{self.op.local_id}.{num}", number=num,
                       parent=self.op.local_id, extra={"level": "list"})
            return k
        self.list_item = 0
        if num == "1" and self.annex is None and self.op is not None and self._taken(self._op_id(num)):
            self._implicit_section()
        elif num == "1" and self.article and self._taken(f"annex-{self.annex}.art-{self.article}.p-1"):
            # "... of this article. Article 12" on one line: the next article, whose line a reader glued
            self.article = str(int(self.article) + 1)
            self.b.warnings.append(f"numbering restarts at 1 with no article line: read as article {self.article}")
        if self.annex is not None:  # a paragraph of the annex, numbered on its own (or in its article)
            within = f"annex-{self.annex}.art-{self.article}" if self.article else None
            parent = within if within and self._taken(within) else \
                (self.objective.local_id if self.objective else f"annex-{self.annex}")
            self.op = self.b.add("operative", start, end, local_id=f"{within or f'annex-{self.annex}'}.p-{num}",
                                 number=num, parent=parent, extra={"annex": self.annex})
        elif self.section is not None:  # part II of a resolution numbers its paragraphs anew
            heading = f"sec-{self.section}"
            self.op = self.b.add("operative", start, end, local_id=f"sec-{self.section}.op-{num}", number=num,
                                 parent=heading if self._taken(heading) else None, extra={"section": self.section})
            self.phase = "operative"
        else:
            self.op = self.b.add("operative", start, end, local_id=f"op-{num}", number=num)
            self.phase = "operative"
        self.governing, self.last_letter, self.item, self.last_roman = None, "", None, ""
        return k

    def _op_id(self, num: str) -> str:
        return f"sec-{self.section}.op-{num}" if self.section is not None else f"op-{num}"

    def _taken(self, local_id: str) -> bool:
        return any(p.local_id == local_id for p in self.b.paragraphs)

    def _implicit_section(self) -> None:
        """Numbering restarts at 1 with no part line a reader kept apart ("... for 2025; VII" on one line):
        the next part, by its expected numeral."""
        if self.section is None:
            self.section = "2" if not self._taken("sec-I") else "II"
        elif self.section in SECTIONS[:-1]:
            self.section = SECTIONS[SECTIONS.index(self.section) + 1]
        elif self.section.isdigit():
            self.section = str(int(self.section) + 1)
        self.b.warnings.append(f"paragraph numbering restarts at 1 with no part heading: read as part {self.section}")

    def _next_section(self, content: str) -> bool:
        """ "I" opens the first part; "II" only after "I", and so on (a stray numeral is no part)."""
        if not SECTION.match(content) or content not in SECTIONS:
            return False
        if self.section is not None and self.section not in SECTIONS[:-1]:
            return False
        expected = "I" if self.section is None else SECTIONS[SECTIONS.index(self.section) + 1]
        return content == expected

    def _in_list(self, num: int) -> bool:
        """A number that restarts at 1 right after a paragraph ending in ":" opens a list inside it."""
        if self.op is None or self.item is not None or self.op.number is None or not self.op.number.isdigit():
            return False
        if self.list_item:
            return num == self.list_item + 1 and num != int(self.op.number) + 1
        return num == 1 and self.op.text.rstrip().endswith(":") and int(self.op.number) > 1
    def _annex(self, line: Line) -> None:
        m = ANNEX.match(line.content)
        assert m is not None
        self.annex = m.group("n") or "1"
        if any(p.local_id == f"annex-{self.annex}" for p in self.b.paragraphs):
            self.annex = f"{self.annex}-{len(self.b.paragraphs)}"  # a second "Annex" line: keep ids unique
        self.b.add("heading", line.cstart, line.cend, local_id=f"annex-{self.annex}", extra={"role": "annex"})
        self.phase, self.op, self.item, self.objective, self.governing = "annex", None, None, None, None
        self.annex_title, self.article = True, None

    def _objective(self, k: int) -> int:
        """"Objective 1. Close all digital divides ...": the paragraphs and actions after it belong to it."""
        line = self.lines[self.blocks[k][0]]
        m = OBJECTIVE.match(line.content)
        assert m is not None
        num = m.group("num")
        start, end, k = self._content_after_marker(k, line.cstart + m.end())
        prefix = f"annex-{self.annex}." if self.annex is not None else ""
        kind = "objective" if m.group("word") == "Objective" else "heading"
        self.objective = self.b.add(kind, start, end, local_id=f"{prefix}{m.group('word').lower()}-{num}", number=num,
                                    parent=f"annex-{self.annex}" if self.annex is not None else None,
                                    extra={"role": m.group("word").lower()})
        self.op, self.item = None, None
        return k

    def _subparagraph(self, k: int) -> int:
        assert self.op is not None
        line = self.lines[self.blocks[k][0]]
        m = SUBPARAGRAPH.match(line.content)
        assert m is not None
        letter = m.group("paren") or m.group("dot")
        if self._is_roman(letter):
            return self._roman_item(k, m, letter)
        if len(letter) > 1:
            letter = letter[0]  # unreachable: multi-letter items are roman
        if self.last_letter and letter <= self.last_letter:
            # UN 004 letters op 4 and op 5 "(a)".."(i)" then "(i)" again: the second is "(j)".
            fixed = _next_letter(self.last_letter)
            self.b.warnings.append(
                f"{self.op.local_id}: sub-paragraph ({letter}) follows ({self.last_letter}); numbered ({fixed})"
            )
            letter = fixed
        self.last_letter, self.last_roman = letter, ""
        start, end, k = self._content_after_marker(k, line.cstart + m.end())
        if self.annex is not None and self.objective is not None and COMMITS.search(self.op.text):
            # "We commit, by 2030, to: (a) Develop ...": a compact's action, the UN's program activity
            self.item = self.b.add("activity", start, end, local_id=f"{self.op.local_id}.{letter}",
                                   number=f"{self.op.number}({letter})", parent=self.op.local_id,
                                   extra={"annex": self.annex, "objective": self.objective.local_id})
        else:
            self.item = self.b.add("subparagraph", start, end, local_id=f"{self.op.local_id}.{letter}",
                                   number=letter, parent=self.op.local_id)  # fmt: skip
        return k

    def _is_roman(self, item: str) -> bool:
        """"(ii)" is roman; "(i)", "(v)", "(x)" are letters right after "(h)", "(u)", "(w)", else roman
        when a lettered item is open (or a roman run goes on); "(i)" right after "(i)" is an OCR slip for "(j)"."""
        if item not in ROMAN_ITEMS:
            return False
        if len(item) > 1:
            return True
        if self.last_roman:
            return ROMAN_ITEMS.index(item) == ROMAN_ITEMS.index(self.last_roman) + 1 if item in ROMAN_ITEMS else False
        if self.last_letter and ord(item) == ord(self.last_letter) + 1:
            return False
        if self.last_letter == item:
            return False  # 004: "(i)" twice: the segmenter renumbers it "(j)" with a warning
        return item == "i" and self.item is not None

    def _roman_item(self, k: int, m: re.Match[str], roman: str) -> int:
        parent = self.item or self.op
        assert parent is not None
        line = self.lines[self.blocks[k][0]]
        self.last_roman = roman
        start, end, k = self._content_after_marker(k, line.cstart + m.end())
        local_id = f"{parent.local_id}.{roman}"
        if any(p.local_id == local_id for p in self.b.paragraphs):
            local_id = f"{parent.local_id}.{roman}-{len(self.b.paragraphs)}"
        self.b.add("subparagraph", start, end, local_id=local_id, number=roman, parent=parent.local_id,
                   extra={"level": "roman"})
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
