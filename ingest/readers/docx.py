"""DOCX reader (python-docx): body paragraphs and tables in order, footnotes after the body.

Each paragraph of the body is one line with a blank line after it; a table row is one line with
its cells separated by a tab. A footnote reference is written as its number glued to the word it
follows, as printed ("States3"), and recorded as a marker; the notes ("number text") follow the
body, their spans recorded. Headers and footers are separate parts of the file and stay out.
"""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from mandate_lineage.errors import IngestError

from .sources import Footnote, FootnoteMarker
from .text import check_text

_P, _TBL, _R, _T, _TAB, _BR = qn("w:p"), qn("w:tbl"), qn("w:r"), qn("w:t"), qn("w:tab"), qn("w:br")
_FOOTNOTE_REF, _ID = qn("w:footnoteReference"), qn("w:id")


class _Writer:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.markers: list[FootnoteMarker] = []
        self.ref_numbers: dict[str, str] = {}  # footnote id -> number shown

    def write(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    def paragraph(self, p: etree._Element) -> None:
        for r in p.iter(_R):
            for child in r:
                if child.tag == _T and child.text:
                    self.write(child.text)
                elif child.tag == _TAB:
                    self.write("\t")
                elif child.tag == _BR:
                    self.write("\n")
                elif child.tag == _FOOTNOTE_REF:
                    fid = child.get(_ID, "")
                    number = self.ref_numbers.setdefault(fid, str(len(self.ref_numbers) + 1))
                    self.markers.append(FootnoteMarker(number, self.length, self.length + len(number)))
                    self.write(number)


def _footnote_texts(package_part: object) -> dict[str, str]:
    """Footnote id -> its text, from the footnotes part (none if the file has no footnotes)."""
    for rel in package_part.rels.values():  # type: ignore[attr-defined]
        if rel.reltype.endswith("/footnotes") and not rel.is_external:
            root = etree.fromstring(rel.target_part.blob)
            notes = {}
            for fn in root.iter(qn("w:footnote")):
                text = "".join(t.text or "" for t in fn.iter(_T)).strip()
                notes[fn.get(_ID, "")] = text
            return notes
    return {}


def read_docx(data: bytes, name: str) -> tuple[str, tuple[FootnoteMarker, ...], tuple[Footnote, ...]]:
    """(text, markers, footnotes) of a DOCX file."""
    try:
        doc = Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise IngestError(f"{name}: malformed DOCX ({exc})") from None
    w = _Writer()
    for block in doc.element.body.iterchildren():
        if block.tag == _P:
            w.paragraph(block)
            w.write("\n\n")
        elif block.tag == _TBL:
            for row in block.iter(qn("w:tr")):
                for k, cell in enumerate(row.iter(qn("w:tc"))):
                    if k:
                        w.write("\t")
                    for p in cell.iter(_P):
                        w.paragraph(p)
                        w.write(" ")
                w.write("\n")
            w.write("\n")
    texts = _footnote_texts(doc.part) if w.ref_numbers else {}
    notes: list[Footnote] = []
    for fid, number in w.ref_numbers.items():
        if texts.get(fid):
            w.write(f"{number} ")
            notes.append(Footnote(number, w.length, w.length + len(texts[fid])))
            w.write(texts[fid] + "\n\n")
    text = "".join(w.parts)
    check_text(text, name)
    return text, tuple(w.markers), tuple(notes)
