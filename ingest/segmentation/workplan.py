"""Work plans (001, 003): headings, prose, assignment blocks, block quotes and flattened tables.

* Assignment block (003): "The Program assigns the following four specific activities to the
  Inter-American Commission of Women:" then one ``·`` bullet per activity -> ``activity``
  paragraphs ``wp-<slug>.<i>`` whose ``actor`` is the body as written, with the declared count.
* Block quote (001): a paragraph that opens with a quote mark; following list items ("1. provide
  ...") belong to it until the closing quote or the next quoted paragraph. Each passage is a
  ``quote`` paragraph attributed to the last sentence of the prose before it.
* Flattened table (001): a header of tab-indented cells in capitals ("\\tMANDATE", "\\tACTION",
  ...) then rows of as many tab-indented cells, each cell running over the untabbed lines below
  it. Rows of a MANDATE table are ``table-row`` paragraphs; other tables (the meeting schedule)
  give ``text`` paragraphs; both keep their cells in ``extra``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import CleanText
from .common import (
    Builder,
    Headings,
    Line,
    add_heading,
    continuation_end,
    heading_at,
    is_caps_heading,
    is_footnote_line,
    next_nonblank,
    slugify,
    split_lines,
)
from .quotes import introduction, is_passage

# "The Program assigns the following four specific activities to the Summits Secretariat:"
# "... and assigned it the following three specific activities:" (actor named earlier in the sentence)
# "... the Program assigns the following cross-cutting activities to all Program implementers:"
ASSIGNS = re.compile(
    r"\bassign(?:s|ed\s+it)\s+the\s+following\s+(?:(?P<count>[a-z]+|\d+)\s+)?"
    r"(?:specific\s+|cross-cutting\s+)?activities(?:\s+to\s+(?P<actor>[^:]+?))?\s*:$"
)
# "the Program included the Department of Social Development and Employment as an implementer"
IMPLEMENTER = re.compile(r"\bincluded\s+(?P<actor>the\s+[A-Z].+?)\s+as\s+an\s+implementer")
BULLET = re.compile(r"^[\u00b7\u2022]\s*")  # "· Offer training to government officials ..."
LIST_ITEM = re.compile(r"^(?:\d{1,2}|[a-z])\.\s")  # "1. provide, with respect to working conditions"
_NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty".split()
    )
}


def declared_count(word: str | None) -> int | None:
    """"four" -> 4, "12" -> 12, None or an unknown word -> None."""
    if word is None:
        return None
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word.lower())


def block_slug(actor: str) -> str:
    """Id part for an assignment block: the principal body, without article or appendages.

    "the Inter-American Commission on Human Rights and its Special Rapporteurship for ..." ->
    "inter-american-commission-on-human-rights"; "all Program implementers" -> "all-program-implementers".
    """
    principal = re.split(r",?\s+and\s+its\s+", actor, maxsplit=1)[0]
    return slugify(re.sub(r"^the\s+", "", principal, flags=re.I)) or "block"


def _column_key(name: str) -> str:
    """"AREA RESPONSIBLE" -> "area_responsible", "GT/TM MEETING" -> "gt_tm_meeting"."""
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")


def _is_header_cell(line: Line) -> bool:
    letters = [c for c in line.content if c.isalpha()]
    return line.tabbed and len(letters) >= 3 and all(c.isupper() for c in letters) and not line.content[0].isdigit()


@dataclass
class _WorkPlan:
    clean: CleanText
    b: Builder = field(init=False)
    lines: list[Line] = field(init=False)
    heads: Headings = field(default_factory=Headings)
    intro: str | None = None  # last sentence of the prose just before, for block quotes
    slugs: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.b = Builder(self.clean.text)
        self.lines = split_lines(self.clean.text)

    def run(self) -> Builder:
        handlers = (self._footnote, self._table, self._heading, self._caps_line, self._assignment, self._block_quote)
        i = 0
        while i < len(self.lines):
            if self.lines[i].blank:
                i += 1
                continue
            nxt = next((j for h in handlers if (j := h(i)) is not None), None)
            i = nxt if nxt is not None else self._prose(i)
        return self.b

    # Each handler either consumes lines from ``i`` and returns the index after them, or None.

    def _footnote(self, i: int) -> int | None:
        if not is_footnote_line(self.clean, self.lines[i]):
            return None
        self.b.add_footnote(self.lines[i])
        return i + 1

    def _heading(self, i: int) -> int | None:
        head = heading_at(self.lines, i)
        if head is None:
            return None
        num, title, last = head
        add_heading(self.b, self.heads, num, title)
        self.intro = None
        return last + 1

    def _caps_line(self, i: int) -> int | None:
        """Capitals at the very start are the title; elsewhere an unnumbered heading."""
        line = self.lines[i]
        if line.tabbed or not is_caps_heading(line.content):
            return None
        if not self.b.paragraphs:
            last = i
            while last + 1 < len(self.lines) and is_caps_heading(self.lines[last + 1].content):
                last += 1
            self.b.add("title", line.cstart, self.lines[last].cend, local_id="title")
            return last + 1
        add_heading(self.b, self.heads, "", line)
        self.intro = None
        return i + 1

    def _prose(self, i: int) -> int:
        last = continuation_end(self.lines, i)
        line = self.lines[i]
        bullet = BULLET.match(line.content)
        p = self.b.add_text(line.cstart + (bullet.end() if bullet else 0), self.lines[last].cend,
                            section=self.heads.section())  # fmt: skip
        if p is not None:
            self.intro = introduction(p.text, len(p.text))
        return last + 1

    def _assignment(self, i: int) -> int | None:
        line = self.lines[i]
        m = ASSIGNS.search(line.content)
        if m is None:
            return None
        self.b.add_text(line.cstart, line.cend, section=self.heads.section())
        actor = m.group("actor") or _implementer(line.content) or self.heads.title_at(2) or "unnamed body"
        slug = base = block_slug(actor)
        for k in range(2, 1000):  # the same body twice: "summits-secretariat", "summits-secretariat-2"
            if slug not in self.slugs:
                break
            slug = f"{base}-{k}"
        self.slugs.add(slug)
        count = declared_count(m.group("count"))
        extra = {"declared_count": str(count)} if count is not None else {}
        found, j = 0, next_nonblank(self.lines, i + 1)
        while j < len(self.lines) and (bullet := BULLET.match(self.lines[j].content)):
            last = continuation_end(self.lines, j)
            found += 1
            self.b.add("activity", self.lines[j].cstart + bullet.end(), self.lines[last].cend,
                       local_id=f"wp-{slug}.{found}", number=str(found), actor=actor,
                       section=self.heads.section(), extra=dict(extra))  # fmt: skip
            j = next_nonblank(self.lines, last + 1)
        if count is not None and found != count:
            self.b.warnings.append(f"work-plan block {slug!r} ({actor}): declares {count} activities, found {found} bullets")
        return j

    def _block_quote(self, i: int) -> int | None:
        line = self.lines[i]
        if not line.content.startswith('"') or not is_passage(line.content[1:].split('"')[0]):
            return None
        last = i
        while not self.lines[last].content.endswith('"'):
            j = next_nonblank(self.lines, last + 1)
            if j >= len(self.lines) or not (LIST_ITEM.match(self.lines[j].content) or self.lines[j].content[0].islower()):
                break
            last = j
        end = self.lines[last].cend - (1 if self.lines[last].content.endswith('"') else 0)
        self.b.add("quote", line.cstart + 1, end, prefix="quote", attributed_to=self.intro, section=self.heads.section())
        return last + 1

    def _table(self, i: int) -> int | None:
        header, j = [], i
        while j < len(self.lines) and (_is_header_cell(self.lines[j]) or (self.lines[j].blank and not self.lines[j].tabbed)):
            if not self.lines[j].blank:
                header.append(self.lines[j])
            j += 1
        if len(header) < 2:
            return None
        self.b.add("heading", header[0].cstart, header[-1].cend, prefix="h", extra={"role": "table-header"})
        cells, end = self._cells(self.lines.index(header[-1]) + 1)
        self._rows([c.content for c in header], cells)
        return end

    def _cells(self, i: int) -> tuple[list[list[Line]], int]:
        """Cells from line ``i``: each a tabbed line plus the untabbed lines under it.

        The table ends at a heading in capitals ("SCHEDULE OF MEETINGS AND ACTIVITIES") or the end.
        """
        cells: list[list[Line]] = []
        while i < len(self.lines):
            line = self.lines[i]
            if line.tabbed:
                cells.append([line])
            elif not line.blank:
                if not cells or (is_caps_heading(line.content) and len(line.content.split()) >= 2):
                    break
                cells[-1].append(line)
            i += 1
        return cells, i

    def _rows(self, columns: list[str], cells: list[list[Line]]) -> None:
        keys = [_column_key(c) for c in columns]
        is_mandates = "mandate" in keys
        if len(cells) % len(keys):
            self.b.warnings.append(f"table {'/'.join(columns)}: {len(cells)} cells do not fill rows of {len(keys)}")
        for r in range(0, len(cells), len(keys)):
            row = cells[r : r + len(keys)]
            filled = [ln for cell in row for ln in cell if not ln.blank]
            if not filled:
                continue
            texts = ["\n".join(ln.content for ln in cell if not ln.blank) for cell in row]
            extra = dict(zip(keys, texts))
            num = re.match(r"(\d{1,2})\.", texts[0]) if is_mandates else None
            self.b.add("table-row" if is_mandates else "text", filled[0].cstart, filled[-1].cend,
                       prefix="tbl" if is_mandates else "txt", number=num.group(1) if num else None,
                       section=self.heads.section(), extra=extra)  # fmt: skip


def _implementer(sentence: str) -> str | None:
    m = IMPLEMENTER.search(sentence)
    return m.group("actor") if m else None


def segment_work_plan(clean: CleanText) -> Builder:
    return _WorkPlan(clean).run()
