"""The PDF reader on real UN resolutions; expectations read by hand from the PDFs."""

from __future__ import annotations

import pytest

from mandate_lineage.ingest.readers.sources import Source, read_source
from tests.ingest.readers.realworld import realworld


@pytest.fixture(scope="module")
def res_217() -> Source:
    return read_source(realworld("un-ga-79", "A_RES_79_217.pdf"))


def _line_with(text: str, needle: str) -> str:
    return next(line for line in text.split("\n") if needle in line)


def test_running_header_and_page_stamps_are_gone(res_217: Source) -> None:
    # every page after the first: "A/RES/79/217 International migration and development" and "24-24338 6/10"
    assert "A/RES/79/217 International migration" not in res_217.text
    assert "24-24338" not in res_217.text and "*2424338*" not in res_217.text
    assert "79/217. International migration and development" in res_217.text  # the title line stays


def test_footnotes_all_23_in_order_with_their_pages(res_217: Source) -> None:
    notes = res_217.footnotes
    assert [n.number for n in notes] == [str(k) for k in range(1, 24)]
    by_number = {n.number: n for n in notes}
    assert res_217.text[by_number["13"].start : by_number["13"].end] == "United Nations, Treaty Series, vol. 1771, No. 30822."
    assert res_217.text[by_number["14"].start : by_number["14"].end] == "Resolution 217 A (III)."
    assert (by_number["1"].page, by_number["13"].page, by_number["14"].page) == (1, 2, 3)


def test_markers_are_the_superscripts_only(res_217: Source) -> None:
    text = res_217.text
    assert sorted({m.number for m in res_217.markers}, key=int) == [str(k) for k in range(1, 24)]
    four = next(m for m in res_217.markers if m.number == "4")
    assert text[four.start - 4 : four.end] == "20134"  # "26 April 2013" + note 4, glued as printed
    nine = next(m for m in res_217.markers if m.number == "9")
    assert text[nine.start - 9 : nine.end] == "2015–20309"


def test_the_first_preambular_paragraph_runs_over_the_page_and_the_notes(res_217: Source) -> None:
    line = _line_with(res_217.text, "Recalling its resolutions 58/208")
    assert "anniversary of the International Conference on Population and Development, adopted on 1 April 2019" in line
    assert line.endswith("adopted on 29 April 2024,7")  # "2024,⁷" as printed: no space of pdfium's own
    assert "Report of the International Conference" not in line


def test_every_page_has_its_span(res_217: Source) -> None:
    assert sorted({p.number for p in res_217.pages}) == list(range(1, 11))
    i = res_217.text.index("21. Decides to include in the provisional agenda")
    assert [p.number for p in res_217.pages if p.start <= i < p.end] == [10]


def test_a_hyphen_at_a_line_end_joins_the_word(tmp_path_factory: pytest.TempPathFactory) -> None:
    # A/RES/79/104, page 3: "...at the seventy-" / "eighth session of the General Assembly"
    text = read_source(realworld("un-ga-79", "A_RES_79_104.pdf")).text
    assert "at the seventy-eighth session of the General Assembly, in October 2023" in text


def test_markers_are_glued_as_printed(res_217: Source) -> None:
    # page 1 and 2 read from the rendered page: "10 May 2006,² 2008/1 of 11 April 2008,³ 2013/1",
    # "adopted on 1 April 2019⁶ and", "universal health coverage, ¹⁰ as well as" (a space printed there)
    text = res_217.text
    assert "10 May 2006,2 2008/1 of 11 April 2008,3 2013/1 of 26 April 20134 and 2014/1 of" in text
    assert "adopted on 1 April 20196 and the declaration" in text
    assert "universal health coverage, 10 as well as" in text
