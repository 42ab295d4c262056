"""Lines of a PDF page from pdfium, with what the layout says about them.

pdfium hands out a page's text in content order, cut into runs at every change of baseline (a
superscript footnote marker is a run of its own: "10 May 2006,\\r\\n2\\r\\n 2008/1 of"). Asking the
geometry of every character through ctypes costs three times the bare extraction, so we ask it
only where it decides something: the first and last visible character of each run (baseline, font
size, left and right edge) and every digit (a superscript marker is a digit set smaller and
raised). Runs on one baseline become one ``PageLine``.
"""

from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium_c

# pdfium ends a run at each line break, and marks a line-end hyphen U+FFFE, joining the next line
# to the run: cut there too (the hyphen stays, printed as "-").
_RUN_BREAK = re.compile(r"\r\n|\r|\n|(?<=\ufffe)")
# A superscript is set at ~60-70 % of the text size ("1" at 6.5 pt after 10 pt text) and raised.
SUPERSCRIPT_RATIO = 0.8
RAISE_MIN = 0.12  # of the text size: a marker's baseline sits at least this much above the line's


@dataclass
class PageLine:
    """One visual line: its text, baseline ``y`` (PDF points from the bottom), text size, left/right edges.

    ``markers`` are ``(start, end)`` offsets in ``text`` of superscript digit runs.
    """

    text: str
    y: float
    size: float
    x0: float
    x1: float
    page: int
    markers: list[tuple[int, int]] = field(default_factory=list)
    has_body: bool = True  # False while the line holds only superscript digits
    digits: list[tuple[int, float, float]] = field(default_factory=list, repr=False)  # of a number-only start

    @property
    def stripped(self) -> str:
        return self.text.strip()


@dataclass
class _Run:
    text: str
    y: float
    size: float
    x0: float
    x1: float
    digits: list[tuple[int, float, float]]  # (offset in text, size, baseline)
    has_body: bool


class _Geometry:
    """Cheap per-character questions to one pdfium text page (reused ctypes out-parameters)."""

    def __init__(self, textpage: object) -> None:
        self.tp = textpage
        self._x, self._y = ctypes.c_double(), ctypes.c_double()
        self._l, self._r, self._b, self._t = (ctypes.c_double() for _ in range(4))

    def origin(self, i: int) -> tuple[float, float]:
        pdfium_c.FPDFText_GetCharOrigin(self.tp, i, ctypes.byref(self._x), ctypes.byref(self._y))
        return self._x.value, self._y.value

    def size(self, i: int) -> float:
        return float(pdfium_c.FPDFText_GetFontSize(self.tp, i))

    def left_right(self, i: int) -> tuple[float, float]:
        pdfium_c.FPDFText_GetCharBox(self.tp, i, ctypes.byref(self._l), ctypes.byref(self._r), ctypes.byref(self._b),
                                     ctypes.byref(self._t))
        return self._l.value, self._r.value

    def generated(self, i: int) -> bool:
        return bool(pdfium_c.FPDFText_IsGenerated(self.tp, i) == 1)


_DIGIT_RUN = re.compile(r"\d+")
_VISIBLE = re.compile(r"\S")
_BODY_CHAR = re.compile(r"[^\d\s]")


def _digits(seg: str, pos: int, geo: _Geometry) -> list[tuple[int, float, float]]:
    """(offset, size, baseline) of each digit of ``seg``; a digit run whose first and last digits
    share a size is one size and one baseline (two questions, not two per digit)."""
    out: list[tuple[int, float, float]] = []
    for m in _DIGIT_RUN.finditer(seg):
        a, b = m.start(), m.end()
        first, last = geo.size(pos + a), geo.size(pos + b - 1)
        if first == last:
            y = geo.origin(pos + a)[1]
            out.extend((k, first, y) for k in range(a, b))
        else:  # "20134": the year at the text size, then the note number smaller
            out.extend((k, geo.size(pos + k), geo.origin(pos + k)[1]) for k in range(a, b))
    return out


def _runs(text: str, geo: _Geometry) -> list[_Run]:
    runs: list[_Run] = []
    pos = 0
    for m in [*_RUN_BREAK.finditer(text), None]:
        end = m.start() if m else len(text)
        seg = text[pos:end]
        visible = _VISIBLE.search(seg)
        if visible is not None:
            first = visible.start()
            last = len(seg.rstrip()) - 1
            digits = _digits(seg, pos, geo)
            body_match = _BODY_CHAR.search(seg, first)
            body = body_match.start() if body_match else None
            anchor = body if body is not None else first
            _, y = geo.origin(pos + anchor)
            size = geo.size(pos + anchor)
            x0, _ = geo.left_right(pos + first)
            _, x1 = geo.left_right(pos + last)
            seg_text = seg.replace("\ufffe", "-")
            cuts = []
            if seg.rstrip().endswith(" -") and geo.generated(pos + seg.rstrip().rfind(" -")):
                # "country -" + "led": pdfium put a space of its own before a line-end hyphen
                cuts.append(seg.rstrip().rfind(" -"))
            for k, s, _ in digits:
                # "2008, 3": pdfium put a space of its own before a superscript glued to "2008,"
                # (a space the page shows, "coverage, ¹⁰", is kept: the gap is a space wide)
                if (k > 1 and seg[k - 1] == " " and s < SUPERSCRIPT_RATIO * size and geo.generated(pos + k - 1)
                        and geo.left_right(pos + k)[0] - geo.left_right(pos + k - 2)[1] < 0.25 * size):
                    cuts.append(k - 1)
            for cut in sorted(set(cuts), reverse=True):
                seg_text = seg_text[:cut] + seg_text[cut + 1 :]
                digits = [(k - 1 if k > cut else k, s, dy) for k, s, dy in digits]
            runs.append(_Run(seg_text, y, size, x0, x1, digits, body is not None))
        pos = m.end() if m else len(text)
    return runs


def _superscripts(run: _Run, size: float, baseline: float) -> list[tuple[int, int]]:
    """Offsets of the digit runs of ``run`` set smaller than ``size`` and raised above ``baseline``."""
    spans: list[tuple[int, int]] = []
    for k, s, y in run.digits:
        # raised above the line; or far below it: pdfium drew it with the next line, where it is raised
        if s < SUPERSCRIPT_RATIO * size and (y - baseline > RAISE_MIN * size or baseline - y > 0.5 * size):
            if spans and spans[-1][1] == k:
                spans[-1] = (spans[-1][0], k + 1)
            else:
                spans.append((k, k + 1))
    return spans


def _join_gap(prev: PageLine, run: _Run) -> str:
    """What goes between a line and the next run on its baseline: a space where the page shows a gap."""
    if not prev.text or prev.text[-1].isspace() or not run.text or run.text[0].isspace():
        return ""
    gap = run.x0 - prev.x1
    if not run.has_body:  # a superscript marker sits close after its word: "2006,²"
        return " " if gap > 0.35 * max(prev.size, 1.0) else ""
    return " " if gap > 0.15 * max(run.size, 1.0) else ""


def page_lines(text: str, textpage: object, page: int) -> list[PageLine]:
    """The visual lines of one page, in content order, with superscript markers found."""
    geo = _Geometry(textpage)
    lines: list[PageLine] = []
    for run in _runs(text, geo):
        cur = lines[-1] if lines else None
        same_line = cur is not None and (
            (cur.has_body and run.has_body and abs(run.y - cur.y) <= 0.3 * max(run.size, cur.size))
            # a marker-only run raised above the line it follows: "2006," + "2"
            or (cur.has_body and not run.has_body and 0 <= run.y - cur.y <= 0.6 * cur.size and run.x0 >= cur.x1 - 1)
            # a line that so far holds only a footnote number, then the note's text: "3" + "Ibid."
            or (not cur.has_body and run.has_body and 0 <= cur.y - run.y <= 0.6 * run.size)
        )
        if cur is not None and same_line:
            ref_size = cur.size if cur.has_body else run.size
            ref_y = cur.y if cur.has_body else run.y
            if not cur.has_body:  # re-test the number-only start against the text it belongs to
                cur.markers = _superscript_offsets_of_text(cur, ref_size, ref_y)
            gap = _join_gap(cur, run)
            base = len(cur.text) + len(gap)
            cur.markers += [(base + a, base + b) for a, b in _superscripts(run, ref_size, ref_y)]
            cur.text += gap + run.text
            cur.x1 = max(cur.x1, run.x1)
            if not cur.has_body:
                cur.y, cur.size, cur.has_body = run.y, run.size, True
            continue
        line = PageLine(run.text, run.y, run.size, run.x0, run.x1, page, [], run.has_body, run.digits)
        if run.has_body:
            line.markers = _superscripts(run, run.size, run.y)
        lines.append(line)
    return lines


def _superscript_offsets_of_text(line: PageLine, size: float, baseline: float) -> list[tuple[int, int]]:
    return _superscripts(_Run(line.text, line.y, line.size, line.x0, line.x1, line.digits, False), size, baseline)
