"""PDF reader (text layer only, through pypdfium2): body in reading order, then the footnotes.

What the layout gives is used, not guessed from characters (see ``pdf_layout``):

* running headers, footers and page stamps are dropped: a line near the top or foot of the page
  that repeats on other pages (digits aside: "24-24338 6/10", "A/RES/79/217 International
  migration and development") or has the form of a stamp (job number "24-24338 (E)", barcode
  "*2424338*", page counter "2/10");
* the footnote zone (the lines under a rule at the foot of a page) leaves the body flow; each note
  ("number text") is placed after the body, its text span and page recorded in ``footnotes``;
* superscript markers (digits smaller and raised) stay glued in the text as printed ("20134") and
  are recorded in ``markers``; the cleaning stage deletes them through its offset map;
* the body lines of all pages are joined in reading order into paragraphs (one line each, a
  blank line between): a new paragraph where the spacing grows or the first line is indented, so
  a paragraph cut by a page break or a footnote block is one paragraph again; a line-end hyphen
  joins without a space ("capacity-" + "building").

A PDF without a text layer (a scan), an encrypted or a malformed one is refused in one line.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from statistics import median

import pypdfium2 as pdfium

from mandate_lineage.errors import IngestError

from .pdf_layout import PageLine, page_lines
from .sources import Footnote, FootnoteMarker, PageSpan

TOP_BAND, FOOT_BAND = 0.88, 0.11  # of the page height: where running headers and footers sit
_RULE = re.compile(r"^[_\u2014\u2015\u2500-]{8,}$")
_STAMPS = re.compile(
    r"""^(?:\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6,}(?:\s+\d{6,})?)?   # job number "24-24338 (E) 231224 231224"
        |\*\d{5,}\*                                                # barcode "*2424338*"
        |\d{1,3}/\d{1,3}(?:\s+\d{2}-\d{5})?                        # "2/10", "2/10 24-24338"
        |\d{2}-\d{5}\s+\d{1,3}/\d{1,3}                             # "24-24338 3/10"
        |Please\s+recycle.*|-\s*\d{1,3}\s*-|Page\s+\d{1,3}(?:\s+of\s+\d{1,3})?)$""",
    re.VERBOSE | re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]{2}")  # a page with no two letters in a row has no text layer


def _open(path: Path, data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = str(exc)
        if "password" in reason.lower():
            raise IngestError(f"{path}: encrypted PDF (needs a password); give an unprotected copy") from None
        raise IngestError(f"{path}: malformed PDF ({reason})") from None


def read_pdf(path: Path, data: bytes) -> tuple[str, tuple[PageSpan, ...], tuple[FootnoteMarker, ...], tuple[Footnote, ...]]:
    """The text of a PDF's text layer with its pages, footnote markers and footnotes."""
    pdf = _open(path, data)
    try:
        pages: list[list[PageLine]] = []
        heights: list[float] = []
        text_pages = 0
        for number in range(1, len(pdf) + 1):
            page = pdf[number - 1]
            textpage = page.get_textpage()
            try:
                raw = textpage.get_text_range()
                text_pages += _WORD.search(raw) is not None
                pages.append(page_lines(raw, textpage.raw, number))
                heights.append(page.get_height())
            finally:
                textpage.close()
                page.close()
    except pdfium.PdfiumError as exc:
        raise IngestError(f"{path}: malformed PDF ({exc})") from None
    finally:
        pdf.close()
    if not pages:
        raise IngestError(f"{path}: PDF has no pages")
    if not text_pages:
        raise IngestError(f"{path}: PDF has no text layer (a scanned image?); OCR is not done, give a PDF with text")
    body, notes = _split_zones(pages, heights)
    return _assemble(body, notes)


# --- furniture and footnote zones ----------------------------------------------------------------


def _band(line: PageLine, height: float) -> str | None:
    if line.y > TOP_BAND * height:
        return "top"
    if line.y < FOOT_BAND * height:
        return "foot"
    return None


def _furniture(pages: list[list[PageLine]], heights: list[float]) -> set[int]:
    """ids of header, footer and stamp lines.

    Walking in from the top and from the foot of each page, a line in the band is furniture while
    it repeats word for word on another page, has the form of a stamp, or (top, after page 1)
    opens with the document symbol; the walk stops at the first other line, so a footnote that
    happens to repeat ("16 Ibid.") above the footer is never taken.
    """
    seen: Counter[str] = Counter()
    for lines in pages:
        seen.update({ln.stripped for ln in lines})
    symbol = _first_symbol(pages[0]) if pages else None
    out: set[int] = set()
    for number, (lines, height) in enumerate(zip(pages, heights), start=1):
        by_y = sorted((ln for ln in lines if ln.stripped), key=lambda ln: ln.y)
        for band, walk in (("foot", by_y), ("top", by_y[::-1])):
            for ln in walk:
                text = ln.stripped
                if _band(ln, height) != band or not (
                    seen[text] >= 2 or _STAMPS.match(text)
                    or (number > 1 and band == "top" and symbol and text.startswith(symbol))
                ):
                    break
                out.add(id(ln))
    return out


def _first_symbol(lines: list[PageLine]) -> str | None:
    """The document symbol in the banner ("A/RES/79/217"): it opens the running header of later pages."""
    for ln in lines[:6]:
        for token in ln.stripped.split():
            if "/" in token and sum(ch.isdigit() for ch in token) >= 2 and not _STAMPS.match(token):
                return token
    return None


def _split_zones(pages: list[list[PageLine]], heights: list[float]) -> tuple[list[PageLine], list[PageLine]]:
    """Body lines of all pages in order, and footnote-zone lines in order (furniture dropped)."""
    furniture = _furniture(pages, heights)
    body: list[PageLine] = []
    notes: list[PageLine] = []
    for lines, height in zip(pages, heights):
        kept = [ln for ln in lines if id(ln) not in furniture]
        rule = next((k for k, ln in enumerate(kept) if _RULE.match(ln.stripped) and ln.y < 0.6 * height), None)
        if rule is None:
            body.extend(kept)
        else:
            body.extend(kept[:rule])
            notes.extend(kept[rule + 1 :])
    return body, notes


# --- assembling the text -------------------------------------------------------------------------


class _Writer:
    """Appends pieces to the text, remembering which page each came from and the markers in it."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.page_runs: list[list[int]] = []  # [page, start, end]
        self.markers: list[FootnoteMarker] = []

    def write(self, s: str, page: int | None = None, markers: list[tuple[int, int]] = ()) -> None:  # type: ignore[assignment]
        if not s:
            return
        start = self.length
        for a, b in markers:
            self.markers.append(FootnoteMarker(s[a:b], start + a, start + b))
        self.parts.append(s)
        self.length += len(s)
        if page is not None:
            if self.page_runs and self.page_runs[-1][0] == page and self.page_runs[-1][2] >= start - 2:
                self.page_runs[-1][2] = self.length
            else:
                self.page_runs.append([page, start, self.length])

    def text(self) -> str:
        return "".join(self.parts)


def _trim(line: PageLine) -> tuple[str, list[tuple[int, int]]]:
    """The line's text without surrounding spaces, markers shifted to match."""
    lead = len(line.text) - len(line.text.lstrip())
    text = line.text.strip()
    return text, [(a - lead, b - lead) for a, b in line.markers if a >= lead and b - lead <= len(text)]


def _body_layout(body: list[PageLine]) -> tuple[float, float, float]:
    """The body's usual left and right edges and line pitch."""
    xs = Counter(round(ln.x0) for ln in body if ln.has_body)
    margin = float(xs.most_common(1)[0][0]) if xs else 0.0
    ends = sorted(ln.x1 for ln in body if ln.has_body)
    right = ends[int(0.9 * (len(ends) - 1))] if ends else 0.0
    gaps = [a.y - b.y for a, b in zip(body, body[1:]) if a.page == b.page and 0 < a.y - b.y < 3 * a.size]
    pitch = median(gaps) if gaps else 12.0
    return margin, right, pitch


def _break(prev: PageLine, line: PageLine, margin: float, right: float, pitch: float) -> str:
    """What separates two body lines: "" (same paragraph), "\n" (a short line ends, e.g. in the
    title block) or "\n\n" (a new paragraph: more space, an indent or a centred line)."""
    if line.x0 > margin + 8:  # first-line indent, a centred line, a sub-item
        return "\n\n"
    if prev.page == line.page and (prev.y - line.y > 1.3 * pitch or prev.y < line.y):
        return "\n\n"
    if prev.x1 < right - 0.3 * max(right - margin, 1.0):  # the line ended early: the paragraph ended
        return "\n\n" if prev.page != line.page else "\n"
    return ""


def _joiner(prev_text: str, text: str) -> tuple[str, str]:
    """(prev_text as kept, separator) for two lines of one paragraph: a line-end hyphen joins without space."""
    if prev_text.endswith(("\x02", "\u00ad")):  # a soft hyphen: the word was cut by the line end
        return prev_text[:-1], ""
    if prev_text.endswith("-") and len(prev_text) > 1 and prev_text[-2].isalpha() and text[:1].isalpha():
        return prev_text, ""
    return prev_text, " "


def _assemble(body: list[PageLine], notes: list[PageLine]):  # type: ignore[no-untyped-def]
    w = _Writer()
    margin, right, pitch = _body_layout(body)
    prev: PageLine | None = None
    pending: tuple[str, list[tuple[int, int]], int] | None = None
    for line in body:
        text, markers = _trim(line)
        if not text:
            continue
        if pending is not None:
            ptext, pmarkers, ppage = pending
            brk = _break(prev, line, margin, right, pitch) if prev is not None else "\n\n"
            if brk:
                w.write(ptext, ppage, pmarkers)
                w.write(brk)
            else:
                kept, sep = _joiner(ptext, text)
                w.write(kept, ppage, [m for m in pmarkers if m[1] <= len(kept)])
                w.write(sep, ppage)
        pending, prev = (text, markers, line.page), line
    if pending is not None:
        w.write(pending[0], pending[2], pending[1])
    footnotes = _write_notes(w, notes)
    pages = tuple(PageSpan(p, s, e) for p, s, e in sorted(w.page_runs, key=lambda r: r[1]))
    return w.text(), pages, tuple(w.markers), footnotes


def _write_notes(w: _Writer, notes: list[PageLine]) -> tuple[Footnote, ...]:
    """Footnotes after the body, one per paragraph "number text"; a note's continuation on the next
    page (a zone that opens without a number) is joined to it."""
    gathered: list[list] = []  # [number, page, [(text, page)]]
    for line in notes:
        text, markers = _trim(line)
        if not text:
            continue
        if markers and markers[0][0] == 0:
            number = text[: markers[0][1]]
            rest = text[markers[0][1] :].strip()
            gathered.append([number, line.page, [(rest, line.page)] if rest else []])
        elif gathered:
            gathered[-1][2].append((text, line.page))
    out: list[Footnote] = []
    for number, page, pieces in gathered:
        w.write("\n\n")
        w.write(f"{number} ", page)
        start = w.length
        for k, (text, piece_page) in enumerate(pieces):
            sep = ""
            if k + 1 < len(pieces):
                text, sep = _joiner(text, pieces[k + 1][0])
            w.write(text + sep, piece_page)
        out.append(Footnote(number, start, w.length, page))
    return tuple(out)
