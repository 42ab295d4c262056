"""Pieces shared by the per-genre segmenters: lines, a paragraph collector, headings, footnotes."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..cleaning.clean import deleted_before
from ..model import CleanText, Paragraph, ParagraphKind
from ..readers.sources import Footnote, FootnoteMarker

# --- lines ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One line of the cleaned text: raw bounds (without ``\\n``) and its stripped content."""

    start: int
    end: int
    cstart: int
    cend: int
    content: str
    indent: str

    @property
    def blank(self) -> bool:
        return not self.content

    @property
    def tabbed(self) -> bool:
        """A flattened table cell starts with a tab ("\\tMANDATE", "\\t7.", "\\t· Holding ...")."""
        return "\t" in self.indent


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        end = pos + len(raw)
        stripped = raw.lstrip()
        cstart = end - len(stripped)
        content = stripped.rstrip()
        lines.append(Line(pos, end, cstart, cstart + len(content), content, raw[: cstart - pos]))
        pos = end + 1
    return lines


def next_nonblank(lines: list[Line], i: int) -> int:
    """Index of the first non-blank line at or after ``i`` (``len(lines)`` if none)."""
    while i < len(lines) and lines[i].blank:
        i += 1
    return i


def starts_lowercase(line: Line) -> bool:
    """A line that starts in lower case continues the sentence of the line before (PDF break)."""
    return bool(line.content) and line.content[0].islower()


def continuation_end(lines: list[Line], i: int) -> int:
    """Last line of the paragraph starting at line ``i``: it runs on over lower-case lines."""
    while i + 1 < len(lines) and starts_lowercase(lines[i + 1]):
        i += 1
    return i


def is_footnote_line(clean: CleanText, line: Line) -> bool:
    """The cleaner deleted a lost footnote number (``\ufffd.``) at the start of this line."""
    if line.blank:
        return False
    return any("\ufffd" in deleted_before(clean, k) for k in range(max(line.start, 1), line.cstart + 1))


# --- paragraphs ----------------------------------------------------------------------------------


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


@dataclass
class Builder:
    """Collects paragraphs and warnings; hands out sequential ids per prefix (``txt-1``, ``txt-2``)."""

    text: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    _counters: Counter[str] = field(default_factory=Counter)
    _ids: set[str] = field(default_factory=set)

    def next_id(self, prefix: str) -> str:
        self._counters[prefix] += 1
        return f"{prefix}-{self._counters[prefix]}"

    def add(
        self, kind: ParagraphKind, start: int, end: int, *, local_id: str = "", prefix: str = "", **fields: object
    ) -> Paragraph | None:
        """Add ``text[start:end]`` stripped, with ``local_id`` or the next id for ``prefix``.

        Returns None (and adds nothing, uses no id) when the span is only whitespace.
        """
        start, end = strip_span(self.text, start, end)
        if start >= end:
            return None
        local_id = local_id or self.next_id(prefix)
        if local_id in self._ids:
            unique = next(f"{local_id}-dup{k}" for k in range(2, 10_000) if f"{local_id}-dup{k}" not in self._ids)
            self.warnings.append(f"duplicate id {local_id!r} at offset {start}; kept as {unique!r}")
            local_id = unique
        self._ids.add(local_id)
        p = Paragraph(local_id, kind, start, end, self.text[start:end], **fields)  # type: ignore[arg-type]
        self.paragraphs.append(p)
        return p

    def add_text(self, start: int, end: int, **fields: object) -> Paragraph | None:
        return self.add("text", start, end, prefix="txt", **fields)

    def add_footnote(self, line: Line) -> Paragraph | None:
        return self.add("footnote", line.cstart, line.cend, prefix="fn")


# --- headings ------------------------------------------------------------------------------------

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def roman_value(s: str) -> int | None:
    """Value of a Roman numeral made of I V X L C, or None ("IV" -> 4, "IIV" -> None)."""
    if not s or any(ch not in _ROMAN for ch in s):
        return None
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = _ROMAN[a]
        total += -v if b != " " and _ROMAN[b] > v else v
    return total if _to_roman(total) == s else None


def _to_roman(n: int) -> str:
    out = ""
    for v, r in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += r
            n -= v
    return out


# "III." alone on its line, the title on the next one (002, 003); "1." for a numbered sub-heading.
MARKER_ONLY = re.compile(r"^(?P<num>[IVXLC]+|[A-Z]|\d{1,2})\.$")
# "I. INTRODUCTION", "A. Program Background", "B. OAS MEMBER STATES" (marker and title on one line)
MARKER_TITLE = re.compile(r"^(?P<num>[IVXLC]+|[A-Z])\.\s+(?P<title>[A-Z][^\n]{0,200})$")


def looks_like_title(content: str) -> bool:
    """Short, starts in upper case, does not end a sentence: "Activities Carried Out:"."""
    return (
        0 < len(content) <= 250
        and content[0].isupper()
        and not content.endswith((".", ";", ","))
        and not MARKER_ONLY.match(content)
    )


def is_caps_heading(content: str) -> bool:
    """A line in capitals: "DEPARTMENT OF SOCIAL DEVELOPMENT AND EMPLOYMENT", "SEPTEMBER-DECEMBER 2004"."""
    letters = [c for c in content if c.isalpha()]
    return len(letters) >= 6 and all(c.isupper() for c in letters) and not content.endswith(".")


@dataclass
class Headings:
    """The stack of open headings, to give every paragraph its ``section``.

    Levels: 1 Roman numeral, 2 capital letter, 3 unnumbered heading in capitals, 4 digit.
    """

    stack: list[tuple[int, str, str]] = field(default_factory=list)  # (level, number, title)
    last_roman: int = 0

    def level_of(self, num: str) -> int:
        if num.isdigit():
            return 4
        value = roman_value(num)
        # "I", "V", "X" are Roman only where the next section number is expected ("V." after "IV.").
        if value is not None and (len(num) > 1 or value == self.last_roman + 1):
            return 1
        return 2

    def push(self, level: int, num: str, title: str) -> None:
        if level == 1:
            self.last_roman = roman_value(num) or self.last_roman
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        self.stack.append((level, num, title))

    def title_at(self, level: int) -> str | None:
        return next((t for lv, _, t in self.stack if lv == level), None)

    def section(self) -> str | None:
        """"IV.A.2 Activities Carried Out": the numbers of the open headings and the innermost title."""
        if not self.stack:
            return None
        path = ".".join(num for _, num, _ in self.stack if num)
        title = self.stack[-1][2]
        return f"{path} {title}" if path else title


def tidy(s: str) -> str:
    """One-line form of a heading or actor: bullets, trailing colon and extra spaces removed."""
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"^[\u00b7\u2022\-*]\s*", "", s)
    return s.rstrip(": ").strip()


def slugify(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", s.lower().replace("'", "")).strip("-")


def heading_at(lines: list[Line], i: int) -> tuple[str, Line, int] | None:
    """If a heading starts at line ``i``: (number, title line, index of its last line)."""
    line = lines[i]
    if line.tabbed:
        return None
    m = MARKER_ONLY.match(line.content)
    if m:
        j = next_nonblank(lines, i + 1)
        if j < len(lines) and not lines[j].tabbed and looks_like_title(lines[j].content):
            return m.group("num"), lines[j], j
        return None
    m = MARKER_TITLE.match(line.content)
    if m and looks_like_title(m.group("title").strip()):
        # "A. To instruct ..." would be a sub-paragraph, not a heading: titles have few words.
        title_start = line.cstart + m.start("title")
        title_line = Line(line.start, line.end, title_start, line.cend, line.content[m.start("title") :], line.indent)
        if len(title_line.content.split()) <= 25:
            return m.group("num"), title_line, i
    return None


def add_heading(b: Builder, headings: Headings, num: str, title: Line, **fields: object) -> Paragraph | None:
    level = headings.level_of(num) if num else 3
    headings.push(level, num, tidy(title.content))
    return b.add("heading", title.cstart, title.cend, prefix="h", number=num or None, **fields)


# --- footnotes a reader saw in the layout --------------------------------------------------------


def body_and_notes(clean: CleanText, footnotes: Sequence[Footnote], markers: Sequence[FootnoteMarker],
                   paragraphs_of: Callable[[CleanText], list[Paragraph]]) -> list[Paragraph]:
    """Paragraphs of a text whose reader placed the footnotes after the body (PDF, DOCX).

    The body (the cleaned text before the first note) is segmented by ``paragraphs_of``; each note
    becomes a ``footnote`` paragraph ``fn-<number>`` whose parent is the paragraph holding its
    first marker, so the note is part of that paragraph (and what it cites, that paragraph cites).
    """
    if not footnotes:
        return paragraphs_of(clean)
    first = footnotes[0]
    cut = bisect.bisect_left(clean.starts, first.start - len(first.number) - 1)
    body = CleanText(clean.original, clean.text[:cut], clean.starts[:cut], clean.ends[:cut])
    paragraphs = paragraphs_of(body)
    holder: dict[str, str] = {}
    by_start = sorted(paragraphs, key=lambda p: p.start)
    starts = [p.start for p in by_start]
    for m in markers:
        # the marker was deleted: the paragraph holds the last visible character before it
        k = bisect.bisect_left(clean.starts, m.start) - 1
        while k > 0 and clean.text[k].isspace():
            k -= 1
        if 0 <= k < cut and m.number not in holder:
            # paragraphs starting at or before k (nested ones start after their parent): the innermost holds k
            before = by_start[: bisect.bisect_right(starts, k)]
            inside = [p for p in before[-8:] if k < p.end] or [p for p in before if k < p.end]
            if inside:
                holder[m.number] = min(inside, key=lambda p: p.end - p.start).local_id
    ids = {p.local_id for p in paragraphs}
    for note in footnotes:
        start = bisect.bisect_left(clean.starts, note.start)
        end = bisect.bisect_left(clean.starts, note.end)
        start, end = strip_span(clean.text, start, end)
        if start >= end:
            continue
        local_id = f"fn-{note.number}"
        while local_id in ids:
            local_id += "-b"
        ids.add(local_id)
        paragraphs.append(Paragraph(local_id, "footnote", start, end, clean.text[start:end], number=note.number,
                                    parent=holder.get(note.number)))
    return paragraphs
