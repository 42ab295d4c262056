"""The regexes of ``ingest/references/patterns.py`` on their own: what each matches, what it must not.

Rows are (pattern, text, expected groups); the generative test enumerates every string over
``IVXLC`` the Roman-numeral pattern can match and checks it against ``to_roman``.
"""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mandate_lineage.ingest.references import patterns as p
from mandate_lineage.ingest.references.roman import MAX_ROMAN, from_roman, to_roman

# ---------------------------------------------------------------------------------------------
# Roman numerals
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("number", range(1, 101))
def test_every_numeral_1_to_100_round_trips(number: int) -> None:
    numeral = to_roman(number)
    assert p.ROMAN_NUMERAL.fullmatch(numeral)
    assert from_roman(numeral) == number
    assert from_roman(numeral.lower()) == number


def test_the_pattern_matches_exactly_the_well_formed_numerals() -> None:
    """Every string of up to 6 letters over IVXLC: matched iff it is ``to_roman`` of something."""
    well_formed = {to_roman(n) for n in range(1, 400)}
    for length in range(1, 7):
        for letters in itertools.product("IVXLC", repeat=length):
            candidate = "".join(letters)
            matched = p.ROMAN_NUMERAL.fullmatch(candidate) is not None
            assert matched == (candidate in well_formed), candidate


@given(st.integers(min_value=1, max_value=MAX_ROMAN))
def test_round_trip_over_the_whole_range(number: int) -> None:
    assert from_roman(to_roman(number)) == number


@pytest.mark.parametrize(
    ("numeral", "number"),
    [("XXXV", 35), ("XLII", 42), ("XXIX", 29), ("XXXIII", 33), ("XV", 15), ("XXVIII", 28)],
)
def test_session_numerals_of_the_corpus(numeral: str, number: int) -> None:
    assert from_roman(numeral) == number


@pytest.mark.parametrize("numeral", ["", "IIII", "VV", "IC", "XXXXX", "XXXIIII", "ABC", "O"])
def test_malformed_numerals_give_none(numeral: str) -> None:
    assert from_roman(numeral) is None


@pytest.mark.parametrize("number", [0, -1, MAX_ROMAN + 1])
def test_to_roman_refuses_numbers_out_of_range(number: int) -> None:
    with pytest.raises(ValueError, match="no Roman numeral"):
        to_roman(number)


# ---------------------------------------------------------------------------------------------
# Each pattern: the forms it matches, with the groups it captures
# ---------------------------------------------------------------------------------------------

MATCHES = [
    # OAS General Assembly resolutions
    (p.OAS_RES, "AG/RES. 2141 (XXXV-O/05)", {"number": "2141", "session": "XXXV", "yy": "05"}),
    (p.OAS_RES, "AG/RES.\u00a01898 (XXXII-O/02)", {"number": "1898", "session": "XXXII"}),
    (p.OAS_RES, "AG/RES. 2224(XXXVI-O/06)", {"number": "2224", "session": "XXXVI"}),
    (p.OAS_RES, "AG / RES. 2141", {"number": "2141", "session": None}),
    (p.OAS_RES, "AG/RES 2141", {"number": "2141", "session": None}),
    (p.OAS_RES, "AG/RES. 1928 (XXXIII-0/03)", {"session_type": "0", "yy": "03"}),
    (p.OAS_RES, "AG/RES. 1 (XXVIII-E/01)", {"number": "1", "session_type": "E"}),
    (p.OAS_RES, "AG/RES. 1667 (XXIX-O/99) of June 7, 1999", {"month_us": "June", "day_us": "7"}),
    (p.OAS_RES_CONTINUATION, " and 2027 (XXXIV-O/04)", {"number": "2027", "session": "XXXIV"}),
    (p.OAS_RES_CONTINUATION, ", 2130 (XXXV-O/05)", {"number": "2130", "yy": "05"}),
    # OAS documents
    (p.OAS_DOC, "CP/CAJP-2038/03", {"series": "CP/CAJP", "number": "2038", "yy": "03"}),
    (p.OAS_DOC, "CAJP/GT/TM-24/05 rev.7", {"series": "CAJP/GT/TM", "suffix_number": "7"}),
    (p.OAS_DOC, "CIDI/CAM/doc.1/12", {"series": "CIDI/CAM", "doc": "doc", "number": "1"}),
    (p.OAS_DOC, "CP/doc. 4096/06", {"series": "CP", "number": "4096"}),
    (p.OAS_DOC, "AG/doc. XXX/07", {"series": "AG", "number": "XXX", "yy": "07"}),
    (p.OAS_DOC, "CP/CAJP-2XXX/..", {"number": "2XXX", "yy": ".."}),
    # Executive orders and advisory opinions
    (p.EXEC_ORDER, "Executive Order No. 05-13 Rev. 1", {"yy": "05", "number": "13"}),
    (p.IACTHR_OC, "OC-16/99 of 1 October 1999", {"number": "16", "day": "1"}),
    (p.IACTHR_OC, "OC-18/03", {"number": "18", "yy": "03"}),
    # UN resolutions
    (p.UN_RES, "resolution 67/172 of 20 December 2012", {"number": "67/172", "year": "2012"}),
    (p.UN_RES, "resolutions 2006/2", {"plural": "s", "number": "2006/2"}),
    (p.UN_RES, "resolution 1514 (XV)", {"number": "1514 (XV)"}),
    (p.UN_RES, "resolution 45/158 A", {"part": "A"}),
    (p.UN_RES, "resolution 45/158, annex", {"annex": "annex"}),
    (p.UN_RES, "resolution 45/158 of 18 December 1990, annex", {"annex_after": "annex"}),
    (p.UN_RES, "Resolution 45/158", {"word": "Resolution"}),
    (p.UN_RES_SYMBOL, "A/RES/67/172", {"series": "A", "number": "67/172"}),
    (p.UN_RES_SYMBOL, "A/HRC/RES/23/20", {"series": "A/HRC", "number": "23/20"}),
    (p.UN_RES_SYMBOL, "E/CN.4/RES/2005/47", {"series": "E/CN.4", "number": "2005/47"}),
    (p.UN_RES_SYMBOL, "A/RES/1514(XV)", {"number": "1514(XV)"}),
    # UN documents
    (p.UN_DOC, "A/68/292", {"symbol": "A/68/292"}),
    (p.UN_DOC, "A/HRC/23/46", {"symbol": "A/HRC/23/46"}),
    (p.UN_DOC, "A/68/283/Add.1", {"symbol": "A/68/283/Add.1"}),
    (p.UN_DOC, "E/CN.9/2013/3", {"symbol": "E/CN.9/2013/3"}),
    (p.UN_DOC, "A/CONF.183/9/Rev.1", {"symbol": "A/CONF.183/9/Rev.1"}),
    (p.UN_DOC, "E/CN.9/2013/...", {"symbol": "E/CN.9/2013", "placeholder": "..."}),
]


@pytest.mark.parametrize(("pattern", "text", "groups"), MATCHES, ids=[row[1] for row in MATCHES])
def test_pattern_matches_the_whole_form(pattern: re.Pattern[str], text: str, groups: dict[str, str | None]) -> None:
    match = pattern.fullmatch(text)
    assert match is not None, f"{text!r} not matched"
    for name, value in groups.items():
        assert match[name] == value, name


LEADS = [
    (p.UN_RES_LEAD, "recalling also Human Rights\nCouncil ", {"body": "Human Rights\nCouncil", "its": None}),
    (p.UN_RES_LEAD, "Recalling Commission on Population and Development ",
     {"body": "Commission on Population and Development"}),
    (p.UN_RES_LEAD, "the Commission on Human Rights, in its ", {"body": "Commission on Human Rights"}),
    (p.UN_RES_LEAD, "by the Inter-American Commission on Human Rights ",
     {"body": "Inter-American Commission on Human Rights"}),
    (p.UN_RES_LEAD, "as well as its ", {"body": None, "its": "its "}),
    (p.UN_RES_LEAD, "contained in the annex to ", {"annex_to": "annex to "}),
    (p.UN_RES_LEAD, "the most recent of which is ", {"body": None, "its": None, "annex_to": None}),
    (p.IACTHR_OC_LEAD, "Taking note of advisory opinion ", {}),
]


@pytest.mark.parametrize(("pattern", "before", "groups"), LEADS, ids=[row[1] for row in LEADS])
def test_lead_patterns_match_backwards_from_the_anchor(
    pattern: re.Pattern[str], before: str, groups: dict[str, str | None]
) -> None:
    match = pattern.search(before)
    assert match is not None and match.end() == len(before)
    for name, value in groups.items():
        assert match[name] == value, name


def test_a_lead_must_touch_the_anchor() -> None:
    """A body named earlier in the sentence is not the issuer of the resolution."""
    match = p.UN_RES_LEAD.search("the Human Rights Council and its partners, recalling ")
    assert match is not None and match.group() == ""


def test_continuation_takes_the_next_item_after_a_title() -> None:
    text = " on violence against women migrant workers and\n67/185 of 20 December 2012"
    match = p.UN_RES_CONTINUATION.match(text)
    assert match is not None and match["number"] == "67/185" and match["year"] == "2012"


@pytest.mark.parametrize(
    "text",
    [
        ", as well as its resolution 2013/1",  # another "resolution": a new head, not this list
        "; and 67/185",  # a semicolon ends the list
        ".\n\nand 67/185",  # so does a paragraph
    ],
)
def test_continuation_stops_at_clause_ends(text: str) -> None:
    assert p.UN_RES_CONTINUATION.match(text) is None


# ---------------------------------------------------------------------------------------------
# Noise from the corpus that no pattern may take
# ---------------------------------------------------------------------------------------------

ALL_PATTERNS = [
    p.OAS_RES, p.OAS_DOC, p.EXEC_ORDER, p.IACTHR_OC, p.UN_RES, p.UN_RES_SYMBOL, p.UN_DOC,
]

NOISE = [
    "GT/TM/IACHR/",  # 001: a table cell listing bodies
    "Report by GT/TM Chair to CAJP",
    "his/her country",
    "in consultation and/or in coordination",
    "due process, (US4-23-2015) and equal treatment",  # 002: a stray drafting mark
    "www.sedi.oas.org/ddse/migrantes.",
    "www.latinoamericanosdesaparecidos.org/voluntarios.php",
    "priority areas for INLA/REAL.",
    "Committee on Migration Issues (CIDI-CAM)",
    "Activities Carried Out/Planned",
    "Pursuant to Article 113 of the OAS Charter",
    "September 30 and October 1, 2004",
    "Promote the implementation of resolutions of the CIM",
    "the Domestic Workers Convention, 2011 (No. 189), of the",
    "temporary residents,\n/ and the states.",
    "Recalling all its previous resolutions on the protection of migrants",
    "the present resolution and to",
    "pursuant to paragraph V.A of the Inter-American Program",
    "during the 2004-2005 period",
]


@pytest.mark.parametrize("text", NOISE)
def test_no_pattern_matches_noise(text: str) -> None:
    hits = [(pattern.pattern[:40], m.group()) for pattern in ALL_PATTERNS for m in pattern.finditer(text)]
    assert hits == []
