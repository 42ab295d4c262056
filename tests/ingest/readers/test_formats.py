"""Readers chosen by content, not by name: DOCX, HTML, text; the refusals, each in one line."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from docx import Document

from mandate_lineage.errors import IngestError
from mandate_lineage.ingest.readers.dispatch import sniff
from mandate_lineage.ingest.readers.sources import read_source
from tests.ingest.readers.make_pdf import body, make_pdf

PAGE = """<!DOCTYPE html>
<html><head><title>Banner title</title><style>p { color: red }</style>
<script>var hidden = "Recalling nothing";</script></head>
<body><h1>AG/RES. 2141 (XXXV-O/05)</h1>
<p>THE GENERAL ASSEMBLY,</p>
<p>HAVING SEEN   the   report<br>of the Permanent Council;</p>
<!-- a comment -->
<table><tr><td>MANDATE</td><td>ACTION</td></tr></table>
<ol><li>To instruct the &amp; General Secretariat.</li></ol>
</body></html>
"""


def test_html_is_read_for_its_visible_text_even_named_txt(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text(PAGE, encoding="utf-8")
    source = read_source(tmp_path / "page.txt")
    assert source.format == "html"
    assert "<" not in source.text and "var hidden" not in source.text and "color" not in source.text
    assert "Banner title" not in source.text and "a comment" not in source.text
    paragraphs = source.text.strip().split("\n\n")
    assert paragraphs == ["AG/RES. 2141 (XXXV-O/05)", "THE GENERAL ASSEMBLY,",
                          "HAVING SEEN the report\nof the Permanent Council;", "MANDATE\tACTION",
                          "To instruct the & General Secretariat."]


def test_html_in_windows_1252_is_decoded_by_its_declared_charset(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>Résolution “adoptée”</p></body></html>'
    (tmp_path / "fr.htm").write_bytes(page.encode("windows-1252"))
    source = read_source(tmp_path / "fr.htm")
    assert source.text.strip() == "Résolution “adoptée”" and source.encoding == "windows-1252"


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    doc = Document()
    doc.add_paragraph("THE GENERAL ASSEMBLY,")
    doc.add_paragraph("RESOLVES:")
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "MANDATE"
    table.cell(0, 1).text = "ACTION"
    doc.add_paragraph("1. To instruct the General Secretariat.")
    doc.save(tmp_path / "res.docx")
    source = read_source(tmp_path / "res.docx")
    assert source.format == "docx"
    lines = [line.strip() for line in source.text.split("\n") if line.strip()]
    assert lines == ["THE GENERAL ASSEMBLY,", "RESOLVES:", "MANDATE \tACTION", "1. To instruct the General Secretariat."]


def test_a_pdf_is_a_pdf_whatever_its_name(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "res.txt", [{"lines": body([(147, ["The General Assembly,"])])}])
    source = read_source(path)
    assert source.format == "pdf" and source.text.strip() == "The General Assembly,"


@pytest.mark.parametrize(("data", "expected"), [
    (b"%PDF-1.7\n...", "pdf"),
    (b"<!doctype html><p>x</p>", "html"),
    (b"\xef\xbb\xbf  <html><body>x</body></html>", "html"),
    (b"<?xml version='1.0'?>\n<html xmlns='http://www.w3.org/1999/xhtml'><body/></html>", "html"),
    (b"The General Assembly, <in angle brackets>", "text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "ole2"),
])
def test_sniff_by_content(data: bytes, expected: str) -> None:
    assert sniff(data, ".txt") == expected


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "legacy Word/Office file"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "a zip archive that is not a DOCX"),
    ("notes.txt", b"\x00\x01binary" * 50, "binary file"),
    ("latin.txt", "Résolution".encode("latin-1"), "not UTF-8 text"),
])
def test_unreadable_files_are_refused_in_one_line(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    (tmp_path / name).write_bytes(data)
    with pytest.raises(IngestError) as err:
        read_source(tmp_path / name)
    assert reason in str(err.value) and name in str(err.value) and "\n" not in str(err.value)


def test_a_zip_without_word_document_is_no_docx(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "bundle.docx", "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(IngestError, match="a zip archive that is not a DOCX"):
        read_source(tmp_path / "bundle.docx")


_FOOTNOTES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:t>Resolution 217 A (III).</w:t></w:r></w:p></w:footnote>'
    '</w:footnotes>'
)


def _with_footnote(path: Path) -> None:
    """Add a footnotes part and a reference after "Rights" (python-docx writes no footnotes)."""
    doc = Document()
    doc.add_paragraph("Reaffirming the Universal Declaration of Human Rights, and recalling")
    doc.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    parts["word/footnotes.xml"] = _FOOTNOTES_XML.encode()
    rels = parts["word/_rels/document.xml.rels"].decode()
    parts["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", (
        '<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" '
        'Target="footnotes.xml"/></Relationships>')).encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace("</Types>", (
        '<Override PartName="/word/footnotes.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>')).encode()
    body = parts["word/document.xml"].decode()
    body = body.replace("Human Rights, and recalling</w:t></w:r>", (
        'Human Rights</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        '<w:footnoteReference w:id="1"/></w:r><w:r><w:t xml:space="preserve">, and recalling</w:t></w:r>'))
    parts["word/document.xml"] = body.encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_docx_footnote_reference_is_a_marker_and_the_note_follows_the_body(tmp_path: Path) -> None:
    _with_footnote(tmp_path / "fn.docx")
    source = read_source(tmp_path / "fn.docx")
    text = source.text
    assert "Human Rights1, and recalling" in text
    (marker,) = source.markers
    assert (marker.number, text[marker.start : marker.end]) == ("1", "1")
    (note,) = source.footnotes
    assert text[note.start : note.end] == "Resolution 217 A (III)." and note.start > marker.end
