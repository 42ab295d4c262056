"""The PDF reader on small PDFs drawn in the test: markers, furniture, footnotes, pages, rejoining."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from mandate_lineage.errors import IngestError
from mandate_lineage.ingest.cleaning.clean import clean_text
from mandate_lineage.ingest.readers.sources import Source, read_source
from tests.ingest.readers.make_pdf import SUP, body, make_pdf

HEADER = "A/RES/79/999 Protection of test migrants"


def _resolution(path: Path) -> Path:
    page1 = body([
        (123, ["United Nations A/RES/79/999"]),
        None,
        (123, ["79/999. Protection of test migrants"]),
        None,
        (147, ["Recalling its resolutions 70/1 of 25 September 2015 and 72/179 of"]),
        (123, ["19 December 2017 on the protection of migrants, and the Programme of"]),
        (123, ["Action of the International Conference on Population and Development", SUP("1")]),
        (123, ["and Commission resolutions 2013/1 of 26 April 2013", SUP("2"), " and 2014/1 of the"]),
    ])
    page2 = body([
        (123, ["Commission, the declaration on the twenty-fifth anniversary and capacity-"]),
        (123, ["building of the Conference, adopted on 1 April 2019,"]),
        None,
        (147, ["1. Calls upon States to protect the human rights of all migrants, whatever"]),
        (123, ["their status;"]),
        None,
        (147, ["2. Decides to remain seized of the matter;"]),
    ])
    page3 = body([(147, ["3. Requests the Secretary-General to report on the matter."])])
    return make_pdf(path, [
        {"lines": page1, "stamps": [(60, 44, "24-00001 (E)"), (60, 30, "*2400001*")],
         "notes": [[SUP("1"), " Report of the International Conference on Population and Development."],
                   [SUP("2"), " See Official Records of the Economic and Social Council, 2013,"]]},
        {"header": HEADER, "lines": page2, "stamps": [(60, 36, "2/3 24-00001")],
         "notes": [["Supplement No. 5 (E/2013/25)."]]},
        {"header": HEADER, "lines": page3, "stamps": [(480, 36, "24-00001 3/3")]},
    ])


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Source:
    return read_source(_resolution(tmp_path_factory.mktemp("pdf") / "res.pdf"))


def _line_with(text: str, needle: str) -> str:
    return next(line for line in text.split("\n") if needle in line)


def test_running_headers_footers_and_stamps_are_dropped(source: Source) -> None:
    assert source.format == "pdf"
    for furniture in (HEADER, "24-00001", "*2400001*", "2/3", "3/3"):
        assert furniture not in source.text
    assert "United Nations A/RES/79/999" in source.text  # the banner of page 1 stays


def test_superscript_markers_are_recorded_and_kept_glued(source: Source) -> None:
    text = source.text
    assert [m.number for m in source.markers] == ["1", "2"]
    one, two = source.markers
    assert text[one.start - 11 : one.end] == "Development1"
    assert text[two.start - 4 : two.end + 4] == "20132 and"
    # numbers of the same size on the line are no markers: "70/1", "2013/1", "2015"
    assert all(text[m.start - 1] != "/" for m in source.markers)


def test_a_paragraph_cut_by_a_footnote_block_and_a_page_break_is_one_line(source: Source) -> None:
    line = _line_with(source.text, "Recalling its resolutions")
    assert line.endswith("adopted on 1 April 2019,")
    assert "and 2014/1 of the Commission, the declaration" in line
    assert "capacity-building of the Conference" in line  # a line-end hyphen joins without a space
    assert "Report of the International" not in line


def test_paragraphs_are_separated_by_a_blank_line(source: Source) -> None:
    assert "their status;\n\n2. Decides" in source.text
    assert "whatever their status;" in _line_with(source.text, "1. Calls upon")


def test_footnotes_follow_the_body_with_their_spans_and_pages(source: Source) -> None:
    text = source.text
    assert [(n.number, n.page) for n in source.footnotes] == [("1", 1), ("2", 1)]
    note1, note2 = source.footnotes
    assert text[note1.start : note1.end] == "Report of the International Conference on Population and Development."
    # the note runs on under the rule of page 2: one note again
    assert text[note2.start : note2.end] == (
        "See Official Records of the Economic and Social Council, 2013, Supplement No. 5 (E/2013/25).")
    assert text[note1.start - 2 : note1.start] == "1 "
    assert note1.start > text.index("3. Requests")


def test_pages_give_each_page_its_spans(source: Source) -> None:
    def pages_of(needle: str) -> set[int]:
        i = source.text.index(needle)
        return {p.number for p in source.pages if p.start <= i < p.end}

    assert pages_of("Recalling its") == {1}
    assert pages_of("Commission, the declaration") == {2}
    assert pages_of("3. Requests") == {3}
    assert pages_of("Supplement No. 5") == {2}  # the note's continuation came from page 2
    assert pages_of("Report of the International Conference") == {1}


def test_cleaning_deletes_exactly_the_readers_markers(source: Source) -> None:
    clean = clean_text(source.text, markers=[(m.start, m.end) for m in source.markers])
    assert "Population and Development and Commission" in clean.text
    assert "26 April 2013 and 2014/1" in clean.text
    assert "70/1 of 25 September 2015" in clean.text
    i = clean.text.index("2013 and 2014/1")
    assert clean.original_slice(i, i + len("2013 and")) == "20132 and"  # the quote keeps what was printed


def test_a_number_glued_to_a_word_in_body_size_is_no_marker(tmp_path: Path) -> None:
    # "G77" and "2030" are printed at the text size: no marker, nothing deleted
    path = make_pdf(tmp_path / "g77.pdf", [{"lines": body([
        (147, ["The Group of G77 and the 2030 Agenda for Sustainable Development, adopted"]),
        (123, ["by resolution 70/1 of 25 September 2015, recalled by the members of the G77."])])}])
    source = read_source(path)
    assert source.markers == ()
    assert "G77 and the 2030 Agenda" in clean_text(source.text, markers=[]).text


def _scan(path: Path) -> Path:
    c = Canvas(str(path), pagesize=(612, 792))
    c.rect(72, 72, 400, 600, fill=1)  # an image-like page: no text at all
    c.showPage()
    c.save()
    return path


def test_a_scan_without_text_layer_is_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"scan\.pdf: PDF has no text layer") as err:
        read_source(_scan(tmp_path / "scan.pdf"))
    assert "\n" not in str(err.value)


def test_an_encrypted_pdf_is_refused_in_one_line(tmp_path: Path) -> None:
    c = Canvas(str(tmp_path / "locked.pdf"), encrypt="secret")
    c.drawString(72, 700, "Recalling its resolution 70/1")
    c.save()
    with pytest.raises(IngestError, match=r"locked\.pdf: encrypted PDF"):
        read_source(tmp_path / "locked.pdf")


def test_a_malformed_pdf_is_refused_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage")
    with pytest.raises(IngestError, match=r"broken\.pdf: malformed PDF"):
        read_source(tmp_path / "broken.pdf")
