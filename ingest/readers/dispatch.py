"""Which reader a file gets, by its content: PDF magic, a DOCX zip, HTML markup, else text.

The extension only breaks ties (an ``.html`` file is HTML even if it opens with text); content
wins otherwise, so a PDF named ``.txt`` is read as a PDF and an HTML page is never read as text.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

from mandate_lineage.errors import IngestError

from .sources import Source

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls
_HTML = re.compile(
    rb"^(?:\s|<!--.*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|table|h[1-6])\b",
    re.I | re.S,
)
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


def sniff(data: bytes, suffix: str = "") -> str:
    """The format of a file's bytes: pdf, docx, html, text; or an ``IngestError`` reason key."""
    if data[:1024].find(b"%PDF-") != -1:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                names = set(z.namelist())
        except zipfile.BadZipFile:
            return "zip"
        return "docx" if "word/document.xml" in names else "zip"
    if data.startswith(_OLE2):
        return "ole2"
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if _HTML.match(head) or (suffix in HTML_SUFFIXES and b"<" in head):
        return "html"
    return "text"


def read_bytes(path: Path, data: bytes) -> Source:
    """The ``Source`` of one file's bytes, read by the reader its content calls for."""
    name = str(path)
    sha = hashlib.sha256(data).hexdigest()
    kind = sniff(data, path.suffix.lower())
    if kind == "pdf":
        from .pdf import read_pdf  # pypdfium2 is loaded only when a PDF comes

        text, pages, markers, notes = read_pdf(path, data)
        return Source(path, text, sha, "pdf-text-layer", "pdf", pages, markers, notes)
    if kind == "docx":
        from .docx import read_docx

        text, markers, notes = read_docx(data, name)
        return Source(path, text, sha, "docx", "docx", (), markers, notes)
    if kind == "html":
        from .html import read_html

        text, encoding = read_html(data, name)
        return Source(path, text, sha, encoding, "html")
    if kind == "ole2":
        raise IngestError(f"{name}: legacy Word/Office file (.doc); save it as .docx or PDF")
    if kind == "zip":
        raise IngestError(f"{name}: a zip archive that is not a DOCX; unpack it first")
    from .text import read_text

    text, encoding = read_text(data, name)
    return Source(path, text, sha, encoding, "text")
