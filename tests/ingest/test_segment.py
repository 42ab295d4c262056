"""segment(): expectations read from the corpus files, plus small synthetic documents.

The tables below were written from reading the files (line numbers refer to ``cat -n``), not from
this code's output.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from mandate_lineage.ingest.cleaning.clean import clean_text
from mandate_lineage.ingest.model import Genre, Paragraph
from mandate_lineage.ingest.segmentation.program import check_activity_numbers
from mandate_lineage.ingest.segmentation.quotes import is_passage
from mandate_lineage.ingest.segmentation.segment import Segmentation, segment
from mandate_lineage.ingest.segmentation.workplan import block_slug, declared_count

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
GENRES: dict[str, Genre] = {
    "000": "resolution",
    "001": "work-plan",
    "002": "program",
    "003": "work-plan",
    "004": "un-resolution",
}


@cache
def corpus(prefix: str) -> Segmentation:
    (path,) = CORPUS.glob(f"{prefix}_*.txt")
    return segment(clean_text(path.read_text(encoding="utf-8")), GENRES[prefix])


def seg(text: str, genre: Genre) -> Segmentation:
    return segment(clean_text(text), genre)


def ids(s: Segmentation, kind: str) -> list[str]:
    return [p.local_id for p in s.of_kind(kind)]


# --- guarantees on every file ---------------------------------------------------------------------


@pytest.mark.parametrize("prefix", sorted(GENRES))
def test_paragraphs_match_spans_ids_unique_parents_exist(prefix: str) -> None:
    (path,) = CORPUS.glob(f"{prefix}_*.txt")
    clean = clean_text(path.read_text(encoding="utf-8"))
    s = segment(clean, GENRES[prefix])
    all_ids = [p.local_id for p in s.paragraphs]
    assert len(all_ids) == len(set(all_ids))
    for p in s.paragraphs:
        assert p.text and p.text == p.text.strip()
        assert clean.text[p.start : p.end] == p.text
        assert p.parent is None or p.parent in all_ids
    assert [p.start for p in s.paragraphs] == sorted(p.start for p in s.paragraphs)
    assert segment(clean, GENRES[prefix]) == s  # deterministic


# --- 000: OAS resolution --------------------------------------------------------------------------


def test_oas_resolution_has_21_operative_paragraphs_numbered_in_order() -> None:
    s = corpus("000")
    assert [p.number for p in s.of_kind("operative")] == [str(n) for n in range(1, 22)]
    assert ids(s, "operative") == [f"op-{n}" for n in range(1, 22)]
    assert s.by_id("op-2").text.startswith("To reaffirm the duty of states parties to the 1963 Vienna Convention")
    assert s.warnings == []


def test_oas_resolution_subparagraphs_of_op_18() -> None:
    s = corpus("000")
    subs = s.of_kind("subparagraph")
    assert [(p.local_id, p.parent, p.number) for p in subs] == [
        ("op-18.a", "op-18", "a"),
        ("op-18.b", "op-18", "b"),
        ("op-18.c", "op-18", "c"),
    ]
    assert subs[0].text.startswith("Considering the advisability of participating in joint cooperation")
    assert subs[2].text.startswith("Presenting to the Permanent Council a report")


def lead_case(local_id: str, lead: str, starts: str, parent: str | None = None) -> pytest.param:
    return pytest.param(local_id, lead, starts, parent, id=local_id)


@pytest.mark.parametrize(
    ("local_id", "lead", "starts", "parent"),
    [
        lead_case("pre-1", "HAVING SEEN", "HAVING SEEN the report on this topic"),
        lead_case("pre-2", "EXPRESSING ITS SATISFACTION", "EXPRESSING ITS SATISFACTION with the continued work"),
        lead_case("pre-3", "NOTING", "NOTING the special meeting of the Committee"),
        # line 19-20: "TAKING INTO ACCOUNT:" alone, governing the next two paragraphs
        lead_case("pre-7", "TAKING INTO ACCOUNT:", "Its resolutions AG/RES. 1717 (XXX-O/00)", "h-1"),
        lead_case("pre-8", "TAKING INTO ACCOUNT:", "The Annual Report of the Inter-American Commission", "h-1"),
        # line 25 "CONSIDERING:" governs ten paragraphs, some without "That" (line 37 "The authority ...")
        lead_case("pre-9", "CONSIDERING:", "That the Heads of State and Government, gathered at the Third Summit", "h-2"),
        lead_case("pre-13", "CONSIDERING:", "The authority of member states to regulate", "h-2"),
        lead_case("pre-18", "CONSIDERING:", "The entry into force of the International Convention", "h-2"),
        lead_case("pre-20", "BEARING IN MIND:", "That the Plan of Action of the Third Summit", "h-3"),
        # an own lead ends the governing one
        lead_case("pre-21", "CONCERNED", "CONCERNED over the extremely vulnerable situation"),
        lead_case("pre-22", "SIMILARLY CONCERNED", "SIMILARLY CONCERNED that countries of origin"),
        lead_case("pre-23", "BEARING IN MIND", "BEARING IN MIND that migrants, especially"),
        lead_case("pre-27", "RECOGIZING", "RECOGIZING that undocumented migrants"),  # typo kept as written
        lead_case("pre-28", "DEPLORING", "DEPLORING all instances of mistreatment"),
    ],
)
def test_oas_preamble_leads(local_id: str, lead: str, starts: str, parent: str | None) -> None:
    p = corpus("000").by_id(local_id)
    assert p.kind == "preamble"
    assert p.lead == lead
    assert p.text.startswith(starts)
    assert p.parent == parent


def test_oas_title_organ_and_counts() -> None:
    s = corpus("000")
    assert len(s.of_kind("preamble")) == 28
    assert s.by_id("title").extra["title"] == "THE HUMAN RIGHTS OF ALL MIGRANT WORKERS AND THEIR FAMILIES"
    assert s.by_id("title").extra["form"] == "DRAFT RESOLUTION"
    assert s.by_id("organ").text == "THE GENERAL ASSEMBLY,"
    assert [p.text for p in s.of_kind("heading") if p.lead] == ["TAKING INTO ACCOUNT:", "CONSIDERING:", "BEARING IN MIND:"]
    assert "RESOLVES:" in [p.text for p in s.of_kind("heading")]


def test_oas_lead_with_colon_and_content_on_one_line_governs_the_next() -> None:
    s = seg("THE PERMANENT COUNCIL,\n\nCONSIDERING: That a;\nThat b;\nNOTING c;\nRESOLVES:\n1. To act.\n", "resolution")
    assert [(p.local_id, p.lead, p.parent) for p in s.of_kind("preamble")] == [
        ("pre-1", "CONSIDERING:", None),
        ("pre-2", "CONSIDERING:", "pre-1"),
        ("pre-3", "NOTING", None),
    ]
    assert ids(s, "operative") == ["op-1"]


def test_resolution_without_organ_line_warns() -> None:
    s = seg("NOTING the report;\nRESOLVES:\n1. To act.\n", "resolution")
    assert s.warnings == ["no issuing organ line (e.g. 'THE GENERAL ASSEMBLY,'): no title block"]
    assert ids(s, "preamble") == ["pre-1"]


# --- 004: UN resolution ---------------------------------------------------------------------------

UN_SUBPARAGRAPHS = {3: "abcde", 4: "abcdefghij", 5: "abcdefghij", 9: "abcd"}


def test_un_operative_paragraphs_1_to_16() -> None:
    s = corpus("004")
    assert [p.number for p in s.of_kind("operative")] == [str(n) for n in range(1, 17)]
    assert s.by_id("op-1").text.startswith("Calls upon States to promote and protect effectively")
    assert s.by_id("op-4").text.startswith("Also reaffirms the duty of States")  # after a page break
    assert s.by_id("op-16").text.endswith("children separated from their families.")


@pytest.mark.parametrize(("op", "letters"), sorted(UN_SUBPARAGRAPHS.items()))
def test_un_subparagraphs(op: int, letters: str) -> None:
    subs = [p for p in corpus("004").of_kind("subparagraph") if p.parent == f"op-{op}"]
    assert [p.local_id for p in subs] == [f"op-{op}.{x}" for x in letters]


def test_un_subparagraph_ocr_letters_and_repeated_i() -> None:
    s = corpus("004")
    assert s.by_id("op-3.a").text.startswith("Strongly condemns")  # "(@)" in the file
    assert s.by_id("op-4.g").text.startswith("Requests all States, in conformity")  # "(90 Requestsall"
    assert s.by_id("op-4.j").text.startswith("Recalls that the Universal Declaration")  # second "(i)"
    assert s.by_id("op-5.j").text.startswith("Urges States parties to the United Nations Convention")
    assert s.warnings == [
        "op-4: sub-paragraph (i) follows (i); numbered (j)",
        "op-5: sub-paragraph (i) follows (i); numbered (j)",
    ]


@pytest.mark.parametrize(
    ("local_id", "lead", "starts"),
    [
        ("pre-1", "Recalling", "Recalling all its previous resolutions"),
        ("pre-3", "Reaffirming also", "Reaffirming also that everyone"),
        ("pre-6", "Recalling further", "Recalling further the provisions"),
        ("pre-9", "Taking note also", "Taking note also of the Judgment"),
        ("pre-13", "Bearing in mind", "Bearing in mind that the seventh meeting"),
        ("pre-15", "Emphasizing", "Emphasizing the global character"),  # page break, no blank line
        ("pre-19", "Stressing", "Stressing the importance of regulations"),  # "Sressing" in the file
        ("pre-21", "Aware", "Aware that, as criminals"),
        ("pre-23", "Concerned", "Concerned about the large and growing"),
        ("pre-25", "Recognizing also", "Recognizing also the obligations of countries"),
        ("pre-26", "Underlining", "Underlining the importance for States"),
    ],
)
def test_un_preamble_leads(local_id: str, lead: str, starts: str) -> None:
    p = corpus("004").by_id(local_id)
    assert (p.kind, p.lead) == ("preamble", lead)
    assert p.text.startswith(starts)


def test_un_paragraphs_run_over_hard_wrapped_lines() -> None:
    s = corpus("004")
    assert len(s.of_kind("preamble")) == 26
    pre5 = s.by_id("pre-5")  # lines 26-33, with a page break inside (" recognizing the roles")
    assert pre5.text.startswith("Recalling also the outcome document")
    assert pre5.text.endswith("avoiding approaches that might aggravate their vulnerability,")
    assert s.by_id("title").text == "Protection of migrants"
    assert s.by_id("organ").text == "The General Assembly,"


def test_un_new_paragraph_without_blank_line() -> None:
    text = "The General Assembly,\n\nRecalling its resolution,\nto be\ncontinued,\n Noting the report,\n\n1. Decides to act;\n (a) First;\n"
    s = seg(text, "un-resolution")
    assert [p.text for p in s.of_kind("preamble")] == ["Recalling its resolution,\nto be\ncontinued,", "Noting the report,"]
    assert ids(s, "subparagraph") == ["op-1.a"]


# --- 002: program ---------------------------------------------------------------------------------

GS, CAM, IACHR = "General Secretariat", "Committee on Migration Issues (CAM)", "Inter-American Commission on Human Rights (IACHR)"
CIM, IIN, PAHO = "Inter-American Commission of Women (CIM)", "Inter-American Children's Institute (IIN)", "Pan American Health Organization (PAHO)"
STATES = "OAS MEMBER STATES"
# Lines 83-158 of 002: each activity number with the actor heading above it.
ACTIVITY_ACTORS = {
    1: GS, 2: GS, 3: GS,  # "· General Secretariat:" (line 83)
    4: CAM, 5: CAM, 6: CAM,  # "· Committee on Migration Issues (CAM):" (line 87)
    7: IACHR, 8: IACHR, 9: IACHR, 10: IACHR, 11: IACHR,  # line 93
    12: CIM, 13: CIM, 14: CIM,  # "Inter-American Commission of Women (CIM):" under "· Specialized organizations"
    15: IIN, 16: IIN,  # line 111
    17: PAHO, 18: PAHO, 19: PAHO, 20: PAHO,  # line 115
    **{n: STATES for n in range(21, 43)},  # "B. OAS MEMBER STATES" (line 123)
}  # fmt: skip
ACTIVITY_STARTS = {
    1: "Coordinate with the Committee on Migration Issues",
    3: "Incorporate into assistance and technical cooperation activities",
    4: "Implementation and monitoring of the Inter-American Program",
    10: "Offer training to government officials from origin, transit, and host countries",
    15: "Consider as part of its activities the recognition",
    21: "Exchange information on the migration phenomenon",
    28: "Promote consular assistance, in keeping with the obligations of the states party to the Vienna Convention",
    42: "Protect the right to property of all migrants",
}


def test_program_has_42_activities_numbered_once() -> None:
    acts = corpus("002").of_kind("activity")
    assert [p.number for p in acts] == [str(n) for n in range(1, 43)]
    assert [p.local_id for p in acts] == [f"act-{n}" for n in range(1, 43)]
    assert corpus("002").warnings == []


@pytest.mark.parametrize(("number", "actor"), sorted(ACTIVITY_ACTORS.items()))
def test_program_activity_actor(number: int, actor: str) -> None:
    p = corpus("002").by_id(f"act-{number}")
    assert p.actor == actor
    assert p.section is not None and p.section.startswith("V.A " if number <= 20 else "V.B OAS MEMBER STATES")


@pytest.mark.parametrize(("number", "starts"), sorted(ACTIVITY_STARTS.items()))
def test_program_activity_text(number: int, starts: str) -> None:
    assert corpus("002").by_id(f"act-{number}").text.startswith(starts)


def test_program_objectives() -> None:
    s = corpus("002")
    general = [p for p in s.of_kind("objective") if p.local_id.startswith("obj-g-")]
    specific = [p for p in s.of_kind("objective") if p.local_id.startswith("obj-s-")]
    assert [p.number for p in general] == ["1", "2", "3"]
    assert general[0].text.startswith("Promote and protect the human rights of migrants")
    assert len(specific) == 12  # lines 63-78, one per line, unnumbered
    assert all(p.number is None for p in specific)
    assert specific[2].text.startswith("Provide migrants with information, notification, communication, and consular")
    assert specific[-1].text.startswith("Encourage participation, cooperation, and partnership-building")


def test_program_sections_footnote_and_quote() -> None:
    s = corpus("002")
    roman = [p.number for p in s.of_kind("heading") if p.number in {"I", "II", "III", "IV", "V", "VI", "VII"}]
    assert roman == ["I", "II", "III", "IV", "V", "VI", "VII"]
    (fn,) = s.of_kind("footnote")
    assert (fn.local_id, fn.text) == ("fn-1", "Temporary residents include, among others, students and retirees.")
    (q,) = s.of_kind("quote")
    assert q.text.startswith("establish an inter-American program within the OAS")
    assert q.attributed_to is not None and q.attributed_to.startswith("In the Plan of Action of the Third Summit of the Americas")
    assert q.parent == "txt-2"


def test_program_activity_gaps_are_reported() -> None:
    assert check_activity_numbers([1, 2, 2, 5]) == [
        "activities: numbers missing from 1..5: [3, 4]",
        "activities: numbers repeated: [2]",
    ]
    assert check_activity_numbers(list(range(1, 43))) == []


# --- 003: Secretary General's work plan -----------------------------------------------------------

IACHR_FULL = "the Inter-American Commission on Human Rights and its Special Rapporteurship for Migrant Workers and Their Families"
# Every "assigns the following N ... activities to X:" of 003 (lines 111, 163, 198, 269, 311, 350, 390, 458),
# with the bullets counted by reading the file.
WORK_PLAN_BLOCKS = [
    ("inter-american-commission-on-human-rights", IACHR_FULL, "4", 4, "Carry out activities to promote the inter-American"),
    ("inter-american-commission-of-women", "the Inter-American Commission of Women", "5", 5, "Conduct research on female migration"),
    ("inter-american-childrens-institute", "the Inter-American Children's Institute", "2", 2, "Include in its activities the special situation"),
    ("department-of-education-culture-science-and-technology", "the Department of Education, Culture, Science, and Technology", "4", 4, "Promote cooperation among educational institutions"),
    # line 311: "... included the Department of Social Development and Employment ... and assigned it the following three"
    ("department-of-social-development-and-employment", "the Department of Social Development and Employment", "3", 3, "Establishment of an Inter-American Network for Labor Administration"),
    ("summits-secretariat", "the Summits Secretariat", "2", 2, "Assist the CAJP and participate in the follow-up"),
    ("secretariat-for-political-affairs", "the Secretariat for Political Affairs and its departments", "7", 7, "Further studies on comparative legislation"),
    ("all-program-implementers", "all Program implementers", None, 3, "Exchange best practices among the different implementers"),
]  # fmt: skip


@pytest.mark.parametrize(("slug", "actor", "declared", "found", "first"), WORK_PLAN_BLOCKS, ids=[b[0][:20] for b in WORK_PLAN_BLOCKS])
def test_work_plan_blocks(slug: str, actor: str, declared: str | None, found: int, first: str) -> None:
    acts = [p for p in corpus("003").of_kind("activity") if p.local_id.startswith(f"wp-{slug}.")]
    assert [p.local_id for p in acts] == [f"wp-{slug}.{i}" for i in range(1, found + 1)]
    assert {p.actor for p in acts} == {actor}
    assert {p.extra.get("declared_count") for p in acts} == {declared}
    assert acts[0].text.startswith(first)


def test_work_plan_counts_match_so_no_warnings() -> None:
    s = corpus("003")
    assert len(s.of_kind("activity")) == sum(b[3] for b in WORK_PLAN_BLOCKS) == 30
    assert s.warnings == []
    assert s.by_id("fn-1").text.startswith("In accordance with Executive Order No. 05-13 Rev. 1")
    assert s.by_id("wp-secretariat-for-political-affairs.1").section == "IV.F.1 Activities Assigned"


def test_work_plan_block_with_wrong_count_warns() -> None:
    text = (
        "A.\nInter-American Commission of Women (CIM)\n\n"
        "The Program assigns the following three specific activities to the Inter-American Commission of Women:\n"
        "· Conduct research.\n\n· Promote mechanisms.\n\nB.\nNext body\n"
    )
    s = seg(text, "work-plan")
    assert ids(s, "activity") == ["wp-inter-american-commission-of-women.1", "wp-inter-american-commission-of-women.2"]
    assert s.warnings == [
        "work-plan block 'inter-american-commission-of-women' (the Inter-American Commission of Women): "
        "declares 3 activities, found 2 bullets"
    ]


@pytest.mark.parametrize(
    ("actor", "slug"),
    [
        (IACHR_FULL, "inter-american-commission-on-human-rights"),
        ("the Inter-American Children's Institute", "inter-american-childrens-institute"),
        ("all Program implementers", "all-program-implementers"),
    ],
)
def test_block_slug(actor: str, slug: str) -> None:
    assert block_slug(actor) == slug


@pytest.mark.parametrize(("word", "n"), [("four", 4), ("seven", 7), ("12", 12), (None, None), ("several", None)])
def test_declared_count(word: str | None, n: int | None) -> None:
    assert declared_count(word) == n


# --- 001: GT/TM work plan -------------------------------------------------------------------------

SECOND_SUMMIT = "Then, in the Plan of Action of the Second Summit of the Americas, held in Santiago, Chile"
QUEBEC_POA = "In the Plan of Action adopted in Quebec City, the Heads of State and Government of the Americas"
# (start of the quoted passage, start of the sentence introducing it, ends "would:"?) in file order.
GTTM_QUOTES = [
    ("[g]uarantee the protection of the human rights of all migrant workers", "In the Plan of Action of the First Summit of the Americas, in December 1994"),
    ("protect the rights of migrant workers and their families", SECOND_SUMMIT),
    ("Comply with the applicable international human rights instruments", SECOND_SUMMIT),
    ("Seek full compliance with, and protection of, the human rights of all migrants", SECOND_SUMMIT),
    ("Reaffirm the sovereign right of each State", SECOND_SUMMIT),
    ("Seek full respect for, and compliance with, the 1963 Vienna Convention on Consular Relations", SECOND_SUMMIT),
    ("Protect the rights of all migrant workers and their families, consistent with", SECOND_SUMMIT),
    ("Support the activities of the Inter-American Commission on Human Rights", SECOND_SUMMIT),
    ("We will make a special effort to guarantee", "It should be pointed out that the Heads of State and Government also referred to the topic in the Declaration of Santiago"),
    ("We recognize the cultural and economic contributions", "Likewise, in the Declaration of Quebec City, they said:"),
    ("Strengthen cooperation among states to address", QUEBEC_POA),
    ("Promote recognition of the value of close cooperation", QUEBEC_POA),
    ("Establish an inter-American program within the OAS", QUEBEC_POA),
    ("Commit to undertake the widest possible cooperation", QUEBEC_POA),
    ("Establish linkages with subregional processes", QUEBEC_POA),
    ("We underscore the importance of cooperation between countries", "Lastly, in the Declaration of Nuevo León"),
]  # fmt: skip


def test_gttm_quotes_with_their_introducing_sentences() -> None:
    quotes = corpus("001").of_kind("quote")
    assert [p.local_id for p in quotes] == [f"quote-{n}" for n in range(1, 17)]
    for p, (starts, intro) in zip(quotes, GTTM_QUOTES, strict=True):
        assert p.text.startswith(starts)
        assert p.attributed_to is not None and p.attributed_to.startswith(intro)


def test_gttm_block_quote_keeps_its_list_and_drops_quote_marks() -> None:
    s = corpus("001")
    protect = s.by_id("quote-7")  # lines 26-40: "to:" then items 1-7 inside the same quotation
    assert "1. provide, with respect to working conditions" in protect.text
    assert protect.text.endswith("7. encourage and promote respect for the cultural identity of all migrants.")
    assert s.by_id("quote-8").text.endswith("particularly through the Special Rapporteur for Migrant Workers.")
    assert s.by_id("quote-6").attributed_to.endswith("they established that governments would:")  # type: ignore[union-attr]
    assert s.by_id("quote-6").parent is None  # a block quote, not nested in a paragraph
    assert s.by_id("quote-1").parent == "txt-4"  # an inline quote inside the paragraph of line 15


MANDATE_ROWS = [
    # (number, start of the mandate cell after "N.", action starts, area responsible, timeframe)
    # lines 103-114: one responsible/timeframe pair per sub-mandate a. and b.
    ("7", "To instruct the Permanent Council:", "· Holding of the special meeting", "GT/TM/IACHR/\nGeneral Secretariat\nGT/TM/IACHR/\nGeneral Secretariat", "September 30 and October 1, 2004\nApril 2005\nSeptember 30 and October 1, 2004"),
    ("8", "To instruct the relevant organs, agencies, and entities", "· Transmittal of note to relevant organs", "GT/TM Chair", "April 2004"),
    ("10", "To entrust the Inter-American Commission on Human Rights with:", "· Transmittal of note to Executive Secretariat", "GT/TM Chair\nIACHR", "2004\n2004-2005"),
    ("14", "To request the Permanent Council to report", "· Report by GT/TM Chair to CAJP", "GT/TM/IACHR/\nGeneral Secretariat", "April 2005"),
]  # fmt: skip


def test_gttm_mandate_table_rows() -> None:
    rows = corpus("001").of_kind("table-row")
    assert [p.local_id for p in rows] == ["tbl-1", "tbl-2", "tbl-3", "tbl-4"]
    for p, (num, mandate, action, area, timeframe) in zip(rows, MANDATE_ROWS, strict=True):
        assert p.number == num
        assert p.extra["mandate"].startswith(f"{num}.\n{mandate}")
        assert p.extra["action"].startswith(action)
        assert p.extra["area_responsible"] == area
        assert p.extra["timeframe"] == timeframe
    assert "b.\nTo convene a special meeting of the Working Group" in rows[0].extra["mandate"]


def test_gttm_meeting_schedule_rows_are_text() -> None:
    sched = [p for p in corpus("001").of_kind("text") if "date" in p.extra]
    assert [p.extra["date"] for p in sched] == [
        "September 16", "September 30 and\nOctober 1", "Second week October",
        "Fourth week October", "November 18", "First week December",
    ]  # fmt: skip
    assert [p.extra["gt_tm_meeting"] for p in sched] == ["X", "X\nX", "", "", "", "X"]
    assert sched[0].extra["activity"].startswith("· Election of vice chair")


# --- quotes in general, headings, "other" ---------------------------------------------------------


@pytest.mark.parametrize(
    ("inner", "before", "expected"),
    [
        ("[g]uarantee the protection of the human rights of all migrant workers and their families.", "pledged to ", True),
        ("The Human Rights of All Migrant Workers and Their Families", "resolutions ", False),  # a title
        ("Creating Jobs to Confront Poverty and Strengthen Democratic Governance,", "", False),
        ("The future we want", "entitled ", False),  # too short
        ("Unlocking the potential of migration for inclusive development", "focus on the theme ", False),
        ("Migrations, from solidarity to insensitivity: an overdue but latent debate.", "lecture entitled ", False),
    ],
)
def test_is_passage(inner: str, before: str, expected: bool) -> None:
    assert is_passage(inner, before) is expected


def test_inline_quote_in_other_genre_with_introduction() -> None:
    text = 'Background.\n\nThe Declaration of Santiago said: "We will make a special effort to guarantee the rights of all migrants." Then more.\n'
    s = seg(text, "other")
    (q,) = s.of_kind("quote")
    assert q.text == "We will make a special effort to guarantee the rights of all migrants."
    assert q.attributed_to == "The Declaration of Santiago said:"
    assert q.parent == "txt-2"


def test_other_genre_splits_on_blank_lines() -> None:
    s = seg("First block\nstill first.\n\n\nSecond block.\n \nThird.", "other")
    assert [(p.local_id, p.text) for p in s.paragraphs] == [
        ("txt-1", "First block\nstill first."),
        ("txt-2", "Second block."),
        ("txt-3", "Third."),
    ]


def test_heading_levels_and_sections() -> None:
    text = "I.\nIntroduction\n\nSome text.\n\nA.\nFirst part\n\n1.\nActivities Assigned\n\nMore text.\n\nII. NEXT\n\nEnd.\n"
    s = seg(text, "work-plan")
    assert [(p.number, p.text) for p in s.of_kind("heading")] == [
        ("I", "Introduction"), ("A", "First part"), ("1", "Activities Assigned"), ("II", "NEXT"),
    ]  # fmt: skip
    assert [p.section for p in s.of_kind("text")] == ["I Introduction", "I.A.1 Activities Assigned", "II NEXT"]


def test_empty_document_has_no_paragraphs() -> None:
    for genre in ("resolution", "un-resolution", "program", "work-plan", "other"):
        s = seg("\n \n", genre)  # type: ignore[arg-type]
        assert s.paragraphs == []


def test_by_id_names_the_missing_id() -> None:
    with pytest.raises(KeyError, match="op-99"):
        corpus("000").by_id("op-99")


def _kinds(ps: list[Paragraph]) -> set[str]:
    return {p.kind for p in ps}


def test_every_corpus_file_yields_its_main_kinds() -> None:
    assert {"title", "preamble", "operative", "subparagraph"} <= _kinds(corpus("000").paragraphs)
    assert {"quote", "table-row", "heading", "text"} <= _kinds(corpus("001").paragraphs)
    assert {"objective", "activity", "footnote", "quote"} <= _kinds(corpus("002").paragraphs)
    assert {"title", "activity", "footnote", "quote"} <= _kinds(corpus("003").paragraphs)
    assert {"title", "preamble", "operative", "subparagraph"} <= _kinds(corpus("004").paragraphs)
