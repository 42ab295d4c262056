"""References in the forms real UN texts use: sentences from the 79th and 80th sessions' resolutions
(as their text layer reads, line breaks and footnote markers included), each with the instruments a
reader finds in it by hand. Precision first: a sentence with nothing to cite must give nothing.
"""

from __future__ import annotations

import pytest

from mandate_lineage.ingest.references.finder import find_references

# (source, sentence, expected keys in order)
SENTENCES: list[tuple[str, str, list[str]]] = [
    ("79/217", "Recalling its resolutions 58/208 of 23 December 2003, 59/241 of 22 December\n2004, 60/227 of "
     "23 December 2005 and 77/176 of 14 December 2022 on international\nmigration and development,",
     ["un:a-res-58-208", "un:a-res-59-241", "un:a-res-60-227", "un:a-res-77-176"]),
    # footnote markers set apart by the text layer: "10 May 2006, 2 2008/1" and "26 April 2013 4 and"
    ("79/217", "Commission on Population and Development resolutions 2006/2 of\n10 May 2006, 2 2008/1 of 11 April "
     "2008, 3 2013/1 of 26 April 2013 4 and 2014/1 of\n11 April 2014, 5 the declaration",
     ["un:cpd-res-2006-2", "un:cpd-res-2008-1", "un:cpd-res-2013-1", "un:cpd-res-2014-1"]),
    # a marker glued to a year ("20117" = 2011 + note 7), and the body named before "in particular"
    ("79/160", "relevant Human Rights Council\nresolutions, in particular resolutions 7/34 of 28 March 2008, 6 18/15 "
     "of 29 September\n20117 and 21/33 of 28 September 2012, 8 as well as General Assembly resolutions 60/143\n"
     "of 16 December 2005, 61/147 of 19 December 2006,",
     ["un:hrc-res-7-34", "un:hrc-res-18-15", "un:hrc-res-21-33", "un:a-res-60-143", "un:a-res-61-147"]),
    ("brief", "resolutions 70/1 of 25 September 2015, 71/1 of 19 September 2016 and 72/179 of 19 December 20172",
     ["un:a-res-70-1", "un:a-res-71-1", "un:a-res-72-179"]),
    # pre-1976 symbols, in the footnotes of most resolutions
    ("footnote", "Resolution 217 A (III).", ["un:a-res-217-a-iii"]),
    ("footnote", "See resolution 2200 A (XXI), annex.", ["un:a-res-2200-a-xxi"]),
    ("footnote", "Resolution 1514 (XV).", ["un:a-res-1514-xv"]),
    # a paragraph of a resolution
    ("79/xx", "Recalling paragraph 119 of resolution 61/222 of 20 December 2006,", ["un:a-res-61-222"]),
    ("79/xx", "Recalling paragraph 48 of its resolution 66/246 of 24 December 2011,", ["un:a-res-66-246"]),
    # decisions, apart from resolutions
    ("footnote", "Adopted under the UNFCCC in FCCC/CP/2015/10/Add.1, decision 1/CP.21.",
     ["un:fccc-cp-2015-10-add-1", "cop:decision-1-cp-21"]),
    ("79/xx", "Noting the establishment by the General Assembly in its decision 79/512 of\n2 December 2024 of an "
     "open-ended working group", ["un:a-dec-79-512"]),
    ("footnote", "See decision 60/519 and A/60/88 and A/60/88/Corr.2, annex.",
     ["un:a-dec-60-519", "un:a-60-88", "un:a-60-88-corr-2"]),
    ("footnote", "CBD/COP/15/17, decision 15/4,", []),  # a COP decision numbered like nothing we can key
    # reports and drafts apart from resolutions
    ("header", "[on the report of the Second Committee (A/79/439/Add.2, para. 6)]", ["un:a-79-439-add-2"]),
    ("header", "[without reference to a Main Committee (A/79/L.34)]", ["un:a-79-l-34"]),
    ("invented", "Takes note of the report of the Secretary-General (A/72/173) and of resolution A/RES/72/173,",
     ["un:a-72-173", "un:a-res-72-173"]),
    # series renewal wording
    ("79/xx", "Republic of Iran, the most recent of which is resolution 78/220 of 19 December 2023,",
     ["un:a-res-78-220"]),
    ("79/xx", "consistent with\nSecurity Council resolution 1325 (2000) of 31 October 2000 and subsequent Security",
     ["un:s-res-1325-2000"]),
    # parts lettered past H, and a special session's resolution (80/59, 80/29)
    ("80/59", "as declared in its resolutions\n1653 (XVI) of 24 November 1961, 33/71 B of 14 December 1978, 34/83 G of\n"
     "11 December 1979, 35/152 D of 12 December 1980 and 36/92 I of 9 December 1981,",
     ["un:a-res-1653-xvi", "un:a-res-33-71", "un:a-res-34-83", "un:a-res-35-152", "un:a-res-36-92"]),
    ("80/59 footnote", "Resolution S-10/2.", ["un:a-res-s-10-2"]),
    ("80/29", "Recalling its resolutions 48/75 J of 16 December 1993, 49/75 O of 15 December\n1994, 50/70 L of "
     "12 December 1995, 51/45 Q of 10 December 1996, 52/38 Q of",
     ["un:a-res-48-75", "un:a-res-49-75", "un:a-res-50-70", "un:a-res-51-45", "un:a-res-52-38"]),
    # page furniture: never a reference
    ("footer", "24-24338 (E)\n*2424338*", []),
    ("footer", "24-24338\n6/10", []),
    ("header", "A/RES/79/217\nInternational migration and development\n2/10", ["un:a-res-79-217"]),
]


@pytest.mark.parametrize("source,sentence,expected", SENTENCES, ids=[f"{s[0]}-{i}" for i, s in enumerate(SENTENCES)])
def test_real_sentence(source: str, sentence: str, expected: list[str]) -> None:
    assert [r.key for r in find_references(sentence)] == expected


def test_precision_and_recall_on_the_table() -> None:
    found = expected = hits = 0
    for _, sentence, keys in SENTENCES:
        got = [r.key for r in find_references(sentence)]
        found += len(got)
        expected += len(keys)
        hits += len(set(got) & set(keys))
    assert hits / found == 1.0 and hits / expected == 1.0


def test_paragraph_reference_names_the_paragraph() -> None:
    (ref,) = find_references("Recalling paragraph 49 of resolution 73/195 of 19 December 2018,")
    assert ref.text == "paragraph 49 of resolution 73/195 of 19 December 2018"
    assert ref.attrs["paragraph"] == "49" and ref.attrs["paragraph_key"] == "un:a-res-73-195#op-49"
    (two,) = find_references("paragraphs 8 and 9 of its resolution 78/330,")
    assert two.attrs["paragraph"] == "8 and 9"


def test_decisions_are_not_resolutions() -> None:
    kinds = {r.kind for r in find_references("decision 1/CP.21 and its decision 79/512")}
    assert kinds == {"cop-decision", "un-ga-dec"}


def test_lettered_pre_1976_number_and_year_marker() -> None:
    (ref,) = find_references("resolution 217 A (III)")
    assert (ref.label, ref.attrs["session"]) == ("A/RES/217 A (III)", "3")
    glued = find_references("72/179 of 19 December 20172 and resolutions 73/195 of 19 December 2018")
    assert [r.attrs.get("date") for r in glued] == ["2018-12-19"]  # a bare number with no "resolution": not cited
