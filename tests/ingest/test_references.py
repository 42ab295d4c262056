"""``find_references`` and ``parse_symbol``: a table row per form, the five corpus documents, and
generative checks that spans always point back into the text.

Rows are (text, [expected references in order]), built with the small factory ``ref``: only the
fields given are checked, and ``attrs`` are checked as a subset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mandate_lineage.ingest.model import Reference
from mandate_lineage.ingest.references.finder import find_references, parse_symbol

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def clean(text: str) -> str:
    """The minimal clean the stage expects (NBSP, curly quotes); not ``ingest.clean``."""
    for old, new in {"\u00a0": " ", "\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"}.items():
        text = text.replace(old, new)
    return text.replace("\r\n", "\n")


def corpus_text(stem: str) -> str:
    (path,) = CORPUS.glob(f"{stem}_*.txt")
    return clean(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# Factory
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    kind: str
    key: str
    text: str | None = None
    label: str | None = None
    resolved: bool = True
    attrs: dict[str, str | None] = field(default_factory=dict)


def ref(kind: str, key: str, text: str | None = None, label: str | None = None, *,
        resolved: bool = True, **attrs: str | None) -> Expected:
    """An expected reference; an attr given as ``None`` must be absent."""
    return Expected(kind, key, text, label, resolved, attrs)


def assert_found(found: list[Reference], expected: list[Expected]) -> None:
    assert [(r.kind, r.key) for r in found] == [(e.kind, e.key) for e in expected]
    for got, want in zip(found, expected):
        if want.text is not None:
            assert got.text == want.text
        if want.label is not None:
            assert got.label == want.label
        assert got.resolved is want.resolved, got.key
        for name, value in want.attrs.items():
            assert got.attrs.get(name) == value, f"{got.key}: attrs[{name!r}]"


# ---------------------------------------------------------------------------------------------
# One row per form
# ---------------------------------------------------------------------------------------------

OAS_RES_ROWS = [
    pytest.param(
        "through its resolution AG/RES. 2141 (XXXV-O/05);",
        [ref("oas-res", "oas:ag-res-2141-xxxv-o-05", "AG/RES. 2141 (XXXV-O/05)", "AG/RES. 2141 (XXXV-O/05)",
             number="2141", session="35", session_type="regular", year="2005", warning=None)],
        id="oas-res",
    ),
    pytest.param(
        "AG/RES.\u00a01898 (XXXII-O/02)",
        [ref("oas-res", "oas:ag-res-1898-xxxii-o-02", "AG/RES.\u00a01898 (XXXII-O/02)")],
        id="oas-res-nbsp",
    ),
    pytest.param(
        "AG/RES.\n2141 (XXXV-\nO/05)",
        [ref("oas-res", "oas:ag-res-2141-xxxv-o-05", label="AG/RES. 2141 (XXXV-O/05)")],
        id="oas-res-line-breaks",
    ),
    pytest.param(
        "AG/RES. 2224(XXXVI-O/06); and",
        [ref("oas-res", "oas:ag-res-2224-xxxvi-o-06", "AG/RES. 2224(XXXVI-O/06)", "AG/RES. 2224 (XXXVI-O/06)")],
        id="oas-res-no-space",
    ),
    pytest.param(
        "AG / RES. 2141 (XXXV-O/05)",
        [ref("oas-res", "oas:ag-res-2141-xxxv-o-05")],
        id="oas-res-spaced-slash",
    ),
    pytest.param(
        "AG/RES. 1928 (XXXIII-0/03)",
        [ref("oas-res", "oas:ag-res-1928-xxxiii-o-03", label="AG/RES. 1928 (XXXIII-O/03)", year="2003")],
        id="oas-res-zero-for-o",
    ),
    pytest.param(
        "in resolution AG/RES 2141, the Assembly",
        [ref("oas-res", "oas:ag-res-2141", "AG/RES 2141", "AG/RES. 2141",
             partial="true", base="oas:ag-res-2141", session=None)],
        id="oas-res-partial",
    ),
    pytest.param(
        "AG/RES. 1 (XXVIII-E/01)",
        [ref("oas-res", "oas:ag-res-1-xxviii-e-01", session="28", session_type="special", year="2001",
             warning=None)],
        id="oas-res-special-session",
    ),
    pytest.param(
        "AG/RES. 2141 (XXXV-O/06)",
        [ref("oas-res", "oas:ag-res-2141-xxxv-o-06", year="2006",
             warning="regular session XXXV met in 2005, the symbol says 2006")],
        id="oas-res-year-mismatch",
    ),
    pytest.param(
        "AG/RES. 1898 (XXXIIII-O/02)",
        [ref("oas-res", "oas:ag-res-1898-xxxiiii-o-02", session=None,
             warning="session numeral 'XXXIIII' is not a well-formed Roman numeral")],
        id="oas-res-malformed-numeral",
    ),
    pytest.param(
        "Ever since resolution AG/RES. 1667 (XXIX-O/99) of June 7, 1999, the IIN",
        [ref("oas-res", "oas:ag-res-1667-xxix-o-99", "AG/RES. 1667 (XXIX-O/99) of June 7, 1999",
             date="1999-06-07", year="1999")],
        id="oas-res-dated",
    ),
    pytest.param(
        "resolutions AG/RES. 1928 (XXXIII-O/03) and 2027 (XXXIV-O/04), both",
        [ref("oas-res", "oas:ag-res-1928-xxxiii-o-03", "AG/RES. 1928 (XXXIII-O/03)"),
         ref("oas-res", "oas:ag-res-2027-xxxiv-o-04", "2027 (XXXIV-O/04)")],
        id="oas-res-list-without-prefix",
    ),
]

OAS_DOC_ROWS = [
    pytest.param(
        "(document CP/CAJP-2038/03).",
        [ref("oas-doc", "oas:cp-cajp-2038-03", "CP/CAJP-2038/03", "CP/CAJP-2038/03",
             series="CP/CAJP", number="2038", year="2003")],
        id="oas-doc-cp-cajp",
    ),
    pytest.param(
        "(document CAJP/GT/TM-24/05 rev.7), which",
        [ref("oas-doc", "oas:cajp-gt-tm-24-05-rev-7", "CAJP/GT/TM-24/05 rev.7", "CAJP/GT/TM-24/05 rev. 7",
             rev="7")],
        id="oas-doc-rev",
    ),
    pytest.param(
        "(contained in document CAJP/GT/TM-16/04)",
        [ref("oas-doc", "oas:cajp-gt-tm-16-04", "CAJP/GT/TM-16/04")],
        id="oas-doc-working-group",
    ),
    pytest.param(
        "document CIDI/CAM/doc.1/12, created",
        [ref("oas-doc", "oas:cidi-cam-doc-1-12", "CIDI/CAM/doc.1/12", "CIDI/CAM/doc. 1/12")],
        id="oas-doc-cidi-cam",
    ),
    pytest.param("CP/doc. 4096/06", [ref("oas-doc", "oas:cp-doc-4096-06", label="CP/doc. 4096/06")], id="oas-doc-cp"),
    pytest.param("AG/doc. 4567/07", [ref("oas-doc", "oas:ag-doc-4567-07", year="2007")], id="oas-doc-ag"),
    pytest.param(
        "(AG/doc. XXX/07);",
        [ref("oas-doc", "unresolved:ag-doc-xxx-07", "AG/doc. XXX/07", resolved=False)],
        id="oas-doc-placeholder-ag",
    ),
    pytest.param(
        "the Hemisphere (CP/doc. XXX/07);",
        [ref("oas-doc", "unresolved:cp-doc-xxx-07", "CP/doc. XXX/07", resolved=False)],
        id="oas-doc-placeholder-cp",
    ),
    pytest.param(
        "(CP/CAJP-2XXX/..)",
        [ref("oas-doc", "unresolved:cp-cajp-2xxx-xx", "CP/CAJP-2XXX/..", resolved=False, year=None)],
        id="oas-doc-placeholder-number-and-year",
    ),
]

OTHER_OAS_ROWS = [
    pytest.param(
        "In accordance with Executive Order No. 05-13 Rev. 1 of December 15, 2005, the new",
        [ref("exec-order", "oas:exec-order-05-13-rev-1", "Executive Order No. 05-13 Rev. 1",
             "Executive Order No. 05-13 Rev. 1", year="2005", rev="1")],
        id="exec-order",
    ),
    pytest.param(
        "Executive Order No. 08-01",
        [ref("exec-order", "oas:exec-order-08-01", rev=None)],
        id="exec-order-no-revision",
    ),
    pytest.param(
        "Taking note of advisory opinion OC-16/99 of 1 October 1999 on the Right",
        [ref("iacthr-oc", "iacthr:oc-16-99", "advisory opinion OC-16/99 of 1 October 1999", "OC-16/99",
             number="16", year="1999", date="1999-10-01")],
        id="iacthr-oc",
    ),
    pytest.param("(OC-18/03)", [ref("iacthr-oc", "iacthr:oc-18-03", "OC-18/03", year="2003")], id="iacthr-oc-bare"),
]

UN_RES_ROWS = [
    pytest.param(
        "the most\nrecent of which is resolution 67/172 of 20 December 2012, as well",
        [ref("un-ga-res", "un:a-res-67-172", "resolution 67/172 of 20 December 2012", "A/RES/67/172",
             number="67/172", session="67", date="2012-12-20")],
        id="un-ga-res-dated",
    ),
    pytest.param(
        "as well as its resolutions\n66/128 of 19 December 2011 on violence against women migrant workers and\n"
        "67/185 of 20 December 2012 on promoting efforts",
        [ref("un-ga-res", "un:a-res-66-128", "resolutions\n66/128 of 19 December 2011", date="2011-12-19"),
         ref("un-ga-res", "un:a-res-67-185", "67/185 of 20 December 2012", date="2012-12-20")],
        id="un-ga-res-list-with-titles",
    ),
    pytest.param(
        "A/RES/67/172",
        [ref("un-ga-res", "un:a-res-67-172", "A/RES/67/172", body_from="symbol")],
        id="un-ga-res-symbol-beats-un-doc",
    ),
    pytest.param(
        "resolution 1514 (XV) of 14 December 1960",
        [ref("un-ga-res", "un:a-res-1514-xv", label="A/RES/1514 (XV)", session="15", date="1960-12-14")],
        id="un-ga-res-pre-1976",
    ),
    pytest.param("A/RES/1514(XV)", [ref("un-ga-res", "un:a-res-1514-xv", label="A/RES/1514 (XV)")],
                 id="un-ga-res-pre-1976-symbol"),
    pytest.param(
        "adopted by resolution 45/158 A of 18 December 1990",
        [ref("un-ga-res", "un:a-res-45-158", "resolution 45/158 A of 18 December 1990", part="A")],
        id="un-ga-res-lettered-part",
    ),
    pytest.param(
        "General Assembly resolution 45/158, annex.",
        [ref("un-ga-res", "un:a-res-45-158", "General Assembly resolution 45/158, annex", annex="true",
             body_from="named")],
        id="un-ga-res-annex",
    ),
    pytest.param(
        "contained in the annex to resolution 45/158",
        [ref("un-ga-res", "un:a-res-45-158", "annex to resolution 45/158", annex="true")],
        id="un-ga-res-annex-to",
    ),
    pytest.param(
        "\n1 Resolution 45/158.\n",
        [ref("un-ga-res", "un:a-res-45-158", "Resolution 45/158", annex=None)],
        id="un-ga-res-footnote",
    ),
    pytest.param(
        "\nResolution 45/158, annex.\n",
        [ref("un-ga-res", "un:a-res-45-158", "Resolution 45/158, annex", annex="true")],
        id="un-ga-res-footnote-annex",
    ),
    pytest.param(
        "and recalling also Human Rights\nCouncil resolution 23/20 of 14 June 2013,",
        [ref("un-hrc-res", "un:hrc-res-23-20", "Human Rights\nCouncil resolution 23/20 of 14 June 2013",
             "A/HRC/RES/23/20", date="2013-06-14", body_from="named")],
        id="un-hrc-res",
    ),
    pytest.param("A/HRC/RES/23/20", [ref("un-hrc-res", "un:hrc-res-23-20")], id="un-hrc-res-symbol"),
    pytest.param(
        "Human Rights Council resolutions 23/20 and 20/3,",
        [ref("un-hrc-res", "un:hrc-res-23-20"), ref("un-hrc-res", "un:hrc-res-20-3", "20/3")],
        id="un-hrc-res-list-carries-body",
    ),
    pytest.param(
        "Recalling Commission on Population and Development resolutions 2006/2 of\n10 May 2006 and 2009/1 of "
        "3 April 2009, as well as its resolution 2013/1 of\n26 April 2013 on new trends",
        [ref("un-cpd-res", "un:cpd-res-2006-2", label="CPD resolution 2006/2", date="2006-05-10", year="2006"),
         ref("un-cpd-res", "un:cpd-res-2009-1", "2009/1 of 3 April 2009", date="2009-04-03"),
         ref("un-cpd-res", "un:cpd-res-2013-1", "resolution 2013/1 of\n26 April 2013", body_from="carried")],
        id="un-cpd-res-list-and-its",
    ),
    pytest.param(
        "Economic and Social Council resolution 2004/53",
        [ref("un-ecosoc-res", "un:ecosoc-res-2004-53", label="E/RES/2004/53")],
        id="un-ecosoc-res",
    ),
    pytest.param(
        "the Commission on Human Rights, in its resolution 2005/47 of 19 April 2005",
        [ref("un-chr-res", "un:chr-res-2005-47", label="E/CN.4/RES/2005/47", date="2005-04-19")],
        id="un-chr-res-in-its",
    ),
    pytest.param("E/CN.4/RES/2005/47", [ref("un-chr-res", "un:chr-res-2005-47")], id="un-chr-res-symbol"),
    pytest.param(
        "Inter-American Commission on Human Rights Resolution 1/20",
        [ref("iachr-res", "iachr:res-1-20", label="IACHR Resolution 1/20")],
        id="iachr-res-not-the-un-commission",
    ),
    pytest.param(
        "in resolution 2005/47,",
        [ref("un-res", "unresolved:un-res-2005-47", "resolution 2005/47", resolved=False, body_from="unknown")],
        id="un-res-no-body",
    ),
    pytest.param(
        "Human Rights Council resolution 23/20;\nits resolution 2013/1",
        [ref("un-hrc-res", "un:hrc-res-23-20"),
         ref("un-res", "unresolved:un-res-2013-1", "resolution 2013/1", resolved=False)],
        id="un-res-its-does-not-cross-a-clause",
    ),
]

UN_DOC_ROWS = [
    pytest.param("(A/68/292).", [ref("un-doc", "un:a-68-292", "A/68/292", "A/68/292")], id="un-doc"),
    pytest.param("A/HRC/23/46", [ref("un-doc", "un:a-hrc-23-46")], id="un-doc-hrc"),
    pytest.param("A/68/283/Add.1", [ref("un-doc", "un:a-68-283-add-1", label="A/68/283/Add.1")], id="un-doc-add"),
    pytest.param("E/CN.9/2013/3", [ref("un-doc", "un:e-cn-9-2013-3")], id="un-doc-commission"),
    pytest.param("A/CONF.183/9/Rev.1", [ref("un-doc", "un:a-conf-183-9-rev-1")], id="un-doc-rev"),
    pytest.param(
        "(E/CN.9/2013/...)",
        [ref("un-doc", "unresolved:e-cn-9-2013-xxx", "E/CN.9/2013/...", resolved=False)],
        id="un-doc-placeholder",
    ),
]

NOISE_ROWS = [
    pytest.param(text, [], id=f"noise-{i}")
    for i, text in enumerate(
        [
            "GT/TM/IACHR/\n\nGeneral Secretariat",
            "to his/her country, and/or",
            "due process, (US4-23-2015) and equal treatment",
            "www.sedi.oas.org/ddse/migrantes. INLA/REAL. Carried Out/Planned",
            "Committee on Migration Issues (CIDI-CAM)",
            "Pursuant to Article 113 of the OAS Charter",
            "September 30 and October 1, 2004; the 2004-2005 period",
            "Promote the implementation of resolutions of the CIM",
            "the Domestic Workers Convention, 2011 (No. 189), of the",
            "Recalling all its previous resolutions on the protection of migrants",
            "temporary residents,\n/ and the states.",
            "pursuant to paragraph V.A of the Inter-American Program",
            "",
        ]
    )
]


@pytest.mark.parametrize(
    ("text", "expected"),
    OAS_RES_ROWS + OAS_DOC_ROWS + OTHER_OAS_ROWS + UN_RES_ROWS + UN_DOC_ROWS + NOISE_ROWS,
)
def test_find_references(text: str, expected: list[Expected]) -> None:
    assert_found(find_references(text), expected)


# ---------------------------------------------------------------------------------------------
# Self-citations, overlaps, parse_symbol
# ---------------------------------------------------------------------------------------------


def test_a_document_never_cites_itself() -> None:
    text = "AG/RES. 2141 (XXXV-O/05), this resolution AG/RES. 2141 and AG/RES. 2027 (XXXIV-O/04)"
    found = find_references(text, self_keys=frozenset({"oas:ag-res-2141-xxxv-o-05"}))
    assert [r.key for r in found] == ["oas:ag-res-2027-xxxiv-o-04"]


def test_partial_key_shares_its_base_with_the_full_key() -> None:
    partial, full = find_references("AG/RES. 2141 and AG/RES. 2141 (XXXV-O/05)")
    assert partial.attrs["partial"] == "true" and "partial" not in full.attrs
    assert partial.attrs["base"] == full.attrs["base"] == partial.key
    assert full.key.startswith(partial.key + "-")


@pytest.mark.parametrize(
    ("symbol", "key"),
    [
        ("AG/RES. 2141 (XXXV-O/05)", "oas:ag-res-2141-xxxv-o-05"),
        (" AG/RES. 2141 (XXXV-O/05). ", "oas:ag-res-2141-xxxv-o-05"),
        ("AG/RES.\u00a02738 (XLII-O/12)", "oas:ag-res-2738-xlii-o-12"),
        ("AG/RES. 2141", "oas:ag-res-2141"),
        ("CAJP/GT/TM-24/05 rev.7", "oas:cajp-gt-tm-24-05-rev-7"),
        ("CIDI/CAM/doc.1/12", "oas:cidi-cam-doc-1-12"),
        ("AG/doc. XXX/07", "unresolved:ag-doc-xxx-07"),
        ("CP/CAJP-2XXX/..", "unresolved:cp-cajp-2xxx-xx"),
        ("A/RES/68/179", "un:a-res-68-179"),
        ("A/HRC/RES/23/20", "un:hrc-res-23-20"),
        ("resolution 67/172", "un:a-res-67-172"),
        ("A/68/283/Add.1", "un:a-68-283-add-1"),
        ("OC-18/03", "iacthr:oc-18-03"),
        ("Executive Order No. 05-13 Rev. 1", "oas:exec-order-05-13-rev-1"),
    ],
)
def test_parse_symbol(symbol: str, key: str) -> None:
    parsed = parse_symbol(symbol)
    assert parsed is not None and parsed.key == key


@pytest.mark.parametrize(
    "symbol", ["", "hello", "AG/RES.", "AG/RES. 2141 and AG/RES. 2027", "see AG/RES. 2141 (XXXV-O/05)"]
)
def test_parse_symbol_refuses_what_is_not_exactly_one_symbol(symbol: str) -> None:
    assert parse_symbol(symbol) is None


# ---------------------------------------------------------------------------------------------
# The corpus: every reference an analyst reading each file expects (read by hand, not pasted
# from the output). Summits, bodies and named conventions are the gazetteer's, not listed here.
# ---------------------------------------------------------------------------------------------

CORPUS_EXPECTED: dict[str, set[str]] = {
    # Draft resolution 2007: two placeholder report symbols, the resolution that adopted the
    # Program, and the seven earlier resolutions under TAKING INTO ACCOUNT.
    "000": {
        "unresolved:ag-doc-xxx-07",
        "oas:ag-res-2141-xxxv-o-05",
        "oas:ag-res-1717-xxx-o-00",
        "oas:ag-res-1775-xxxi-o-01",
        "oas:ag-res-1898-xxxii-o-02",  # written "AG/RES.\u00a01898"
        "oas:ag-res-1928-xxxiii-o-03",
        "oas:ag-res-2027-xxxiv-o-04",
        "oas:ag-res-2130-xxxv-o-05",
        "oas:ag-res-2224-xxxvi-o-06",  # written "2224(XXXVI-O/06)"
        "unresolved:cp-doc-xxx-07",
    },
    # GT/TM work plan 2004: the IACHR draft and the two resolutions (2027 three times).
    "001": {
        "oas:cp-cajp-2038-03",
        "oas:ag-res-1928-xxxiii-o-03",
        "oas:ag-res-2027-xxxiv-o-04",
    },
    # 2016 program: background resolutions, the CAM's creating resolution (twice), its work plan.
    "002": {
        "oas:ag-res-1928-xxxiii-o-03",
        "oas:ag-res-2027-xxxiv-o-04",
        "oas:ag-res-2141-xxxv-o-05",
        "oas:ag-res-2738-xlii-o-12",
        "oas:cidi-cam-doc-1-12",
    },
    # Secretary General's work plan 2007.
    "003": {
        "oas:ag-res-1928-xxxiii-o-03",
        "oas:cp-cajp-2038-03",
        "oas:ag-res-2027-xxxiv-o-04",
        "oas:cp-cajp-2083-03",  # as written; probably a typo for 2038, left to the resolver
        "oas:cajp-gt-tm-16-04",
        "oas:cajp-gt-tm-24-05-rev-7",
        "oas:ag-res-2141-xxxv-o-05",
        "oas:ag-res-1667-xxix-o-99",
        "oas:exec-order-05-13-rev-1",
    },
    # UN GA resolution 68/179 (2013).
    "004": {
        "un:a-res-67-172",  # preamble, and again in operative paragraph 15
        "un:a-res-66-128",
        "un:a-res-67-185",
        "un:hrc-res-23-20",
        "un:cpd-res-2006-2",
        "un:cpd-res-2009-1",
        "un:cpd-res-2013-1",  # "as well as its resolution 2013/1": "its" is the CPD's
        "iacthr:oc-16-99",
        "iacthr:oc-18-03",
    },
}


@pytest.mark.parametrize("stem", sorted(CORPUS_EXPECTED))
def test_corpus_document_references(stem: str) -> None:
    text = corpus_text(stem)
    found = find_references(text)
    assert {r.key for r in found} == CORPUS_EXPECTED[stem]
    for r in found:
        assert text[r.start : r.end] == r.text


def test_corpus_repeated_mentions_are_each_found() -> None:
    keys = [r.key for r in find_references(corpus_text("001"))]
    assert keys.count("oas:ag-res-2027-xxxiv-o-04") == 3
    keys = [r.key for r in find_references(corpus_text("004"))]
    assert keys.count("un:a-res-67-172") == 2


def test_corpus_references_survive_the_raw_text() -> None:
    """Without any cleaning (NBSP, curly quotes left in), the same keys come out."""
    for stem, expected in CORPUS_EXPECTED.items():
        (path,) = CORPUS.glob(f"{stem}_*.txt")
        assert {r.key for r in find_references(path.read_text(encoding="utf-8"))} == expected


# ---------------------------------------------------------------------------------------------
# Generative: never raises, spans always point back into the text
# ---------------------------------------------------------------------------------------------

_TRICKY = "AGRESCPDOCJIXVLEdocrevAdd/.-() \n\u00a00123456789resolution of December"
_CORPUS_ALL = "".join(path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt")))


def assert_well_formed(text: str, found: list[Reference]) -> None:
    previous_end = 0
    for r in found:
        assert 0 <= r.start < r.end <= len(text)
        assert text[r.start : r.end] == r.text
        assert r.start >= previous_end, "sorted and not overlapping"
        previous_end = r.end
        assert r.key and r.key == r.key.lower() and " " not in r.key


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_TRICKY)) | st.text())
def test_random_text_never_breaks(text: str) -> None:
    assert_well_formed(text, find_references(text))


@st.composite
def mangled_corpus(draw: st.DrawFn) -> str:
    """A slice of the corpus with characters deleted, inserted or replaced."""
    start = draw(st.integers(0, len(_CORPUS_ALL) - 1))
    chunk = list(_CORPUS_ALL[start : start + draw(st.integers(0, 3000))])
    for _ in range(draw(st.integers(0, 20))):
        if not chunk:
            break
        at = draw(st.integers(0, len(chunk) - 1))
        op = draw(st.sampled_from(["delete", "insert", "replace"]))
        char = draw(st.sampled_from(_TRICKY))
        if op == "delete":
            del chunk[at]
        elif op == "insert":
            chunk.insert(at, char)
        else:
            chunk[at] = char
    return "".join(chunk)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mangled_corpus())
def test_mangled_corpus_never_breaks(text: str) -> None:
    assert_well_formed(text, find_references(text))
