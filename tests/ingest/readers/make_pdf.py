"""Tiny PDFs laid out like a UN resolution, drawn with reportlab (text layer, real fonts).

Each line is drawn as runs; a run in ``SUP`` is a footnote marker: 6.5 pt, raised 3.5 pt.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

FONT = "Times-Roman"


class SUP(str):
    """A superscript run."""


def draw_line(c: Canvas, x: float, y: float, runs: list[str], size: float = 10.0) -> None:
    for run in runs:
        run_size, rise = (size * 0.65, size * 0.35) if isinstance(run, SUP) else (size, 0.0)
        c.setFont(FONT, run_size)
        c.drawString(x, y + rise, str(run))
        x += stringWidth(str(run), FONT, run_size)


def make_pdf(path: Path, pages: list[dict]) -> Path:
    """``pages``: each {"header": str|None, "footer": str|None, "lines": [(x, y, runs, size)], "notes": [...]}."""
    c = Canvas(str(path), pagesize=(612, 792))
    for page in pages:
        if page.get("header"):
            draw_line(c, 60, 733, [page["header"]], 8.5)
        for x, y, runs, size in page["lines"]:
            draw_line(c, x, y, runs, size)
        if page.get("notes"):
            y = 160.0
            draw_line(c, 100, y, ["_" * 18], 8.0)
            for runs in page["notes"]:
                y -= 10.5
                draw_line(c, 117, y, runs, 8.5)
        for x, y, text in page.get("stamps", []):
            draw_line(c, x, y, [text], 8.5)
        c.showPage()
    c.save()
    return path


def body(lines: list[tuple[float, list[str]]], top: float = 700.0, pitch: float = 12.0, gap: float = 18.0) -> list:
    """Body lines from the top down: (x, runs) per line; ``None`` marks a paragraph gap."""
    out, y = [], top
    for item in lines:
        if item is None:
            y -= gap - pitch
            continue
        x, runs = item
        out.append((x, y, runs, 10.0))
        y -= pitch
    return out
