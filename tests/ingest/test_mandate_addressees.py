"""Who a mandate is addressed to: every body of a list, and the office rather than the organ it heads.

Official PDFs, ingested with no manifest; every expectation read by hand from the PDF
(``pdftotext -layout``): the bodies an operative paragraph's verb addresses, joined by commas and
"and", up to what the verb asks ("to provide ..."). Before, only the first was linked: A/RES/80/209
op. 24 "Requests the Secretary-General and the United Nations High Commissioner for Human Rights to
provide ..." mandated the Secretary-General alone; "Requests the President of the General Assembly" mandated the
General Assembly (47 of the 55 mandates it got in the 574 official PDFs); the Conference on
Disarmament, the International Law Commission, UNODC and two dozen other UN bodies the resolutions
address were not in the gazetteer, nor the short forms a resolution uses once it has named a body
in full ("the Special Committee", "the Office of the High Commissioner").
"""

from __future__ import annotations

from functools import cache

import pytest

from mandate_lineage.ingest.building import acts
from mandate_lineage.ingest.building.build import CorpusContext, build_document_graph
from mandate_lineage.ingest.gazetteers.bodies import find_bodies
from mandate_lineage.ingest.model import BodyMention
from mandate_lineage.ingest.parse import parse_document
from mandate_lineage.ingest.readers.sources import read_source
from tests.ingest.readers.realworld import realworld


@cache  # several paragraphs of one PDF are checked: parse it once
def _mandated(file: str) -> dict[str, set[str]]:
    """Each paragraph key's MANDATES targets, with every link's quote checked verbatim."""
    source = read_source(realworld(*file.split("/")))
    graph = build_document_graph(parse_document(source, None), CorpusContext())
    found: dict[str, set[str]] = {}
    for rels in graph.batch.relationships:
        if rels.type == "MANDATES":
            for row in rels.rows:
                found.setdefault(row["source"], set()).add(row["target"])
                props = row["props"]
                assert props["evidenceQuote"] in source.text
    return found


@pytest.mark.parametrize(("file", "paragraph", "expected"), [
    # 24. Requests the Secretary-General and the United Nations High Commissioner for Human Rights
    # to provide all the human and financial resources ...
    ("un-ga-80/A_RES_80_209.pdf", "un:a-res-80-209#op-24",
     {"un:secretary-general", "un:high-commissioner-human-rights"}),
    # 37. Calls upon Member States and agencies and bodies of the United Nations system, in
    # consultation with civil society and other relevant stakeholders, to continue ...
    ("un-ga-79/A_RES_79_150.pdf", "un:a-res-79-150#op-37", {"collective:un-member-states", "collective:un-system"}),
    # 23. Encourages all Member States, the General Assembly, the Human Rights Council, the Office of
    # the United Nations High Commissioner for Human Rights, the United Nations Secretariat, relevant
    # specialized agencies, ... (the Secretariat and what follows are not in the gazetteer)
    ("un-ga-79/A_RES_79_181.pdf", "un:a-res-79-181#op-23",
     {"collective:un-member-states", "un:general-assembly", "un:human-rights-council", "un:ohchr"}),
    # 4. Calls upon Member States, United Nations entities, within their respective mandates, and
    # other relevant stakeholders, to offer support ...
    ("un-ga-79/A_RES_79_150.pdf", "un:a-res-79-150#op-4", {"collective:un-member-states", "collective:un-system"}),
    # 5. Calls upon Member States, United Nations entities and relevant stakeholders to promote ...
    ("un-ga-79/A_RES_79_150.pdf", "un:a-res-79-150#op-5", {"collective:un-member-states", "collective:un-system"}),
    # 4. Requests the President of the General Assembly, with the support of UN-Women, to organize ...
    ("un-ga-79/A_RES_79_288.pdf", "un:a-res-79-288#op-4", {"un:president-general-assembly"}),
    # 6. Requests the President of the General Assembly to draw up a list of representatives ...
    ("un-ga-79/A_RES_79_288.pdf", "un:a-res-79-288#op-6", {"un:president-general-assembly"}),
    # 6. Invites the Conference on Disarmament to establish a working group ...
    ("un-ga-80/A_RES_80_19.pdf", "un:a-res-80-19#op-6", {"un:conference-on-disarmament"}),
    # 13. Invites the International Law Commission to continue to take measures ... to consider
    # making proposals to Member States to that end (Member States receive proposals, not a mandate)
    ("un-ga-79/A_RES_79_121.pdf", "un:a-res-79-121#op-13", {"un:ilc"}),
    # 46. Calls upon the Economic and Social Council and the United Nations Office on Drugs and Crime
    # to enhance, within existing mandates, policy recommendations ...
    ("un-ga-79/A_RES_79_234.pdf", "un:a-res-79-234#op-46", {"un:ecosoc", "un:unodc"}),
    # 10. Requests the specialized agencies and other organizations of the United Nations system
    # concerned to provide information on: (the list's head words before the body's name)
    ("un-ga-79/A_RES_79_96.pdf", "un:a-res-79-96#op-10", {"collective:un-system"}),
    # Short forms, after the full name earlier in the same resolution:
    # 17. Requests the Special Committee to continue to examine the question of Anguilla and to
    # report thereon to the General Assembly ...
    ("un-ga-79/A_RES_79_100.pdf", "un:a-res-79-100#op-17", {"un:special-committee-decolonization"}),
    # 11. Requests the Scientific Committee to continue its work, ...
    ("un-ga-79/A_RES_79_85.pdf", "un:a-res-79-85#op-11", {"un:unscear"}),
    # 21. Calls upon the Office of the High Commissioner to build upon the issue of the promotion of
    # a democratic and equitable international order; (named in full once before: "Office of the
    # United Nations High Commissioner for Human Rights")
    ("un-ga-79/A_RES_79_168.pdf", "un:a-res-79-168#op-21", {"un:ohchr"}),
    # 11. Calls upon the administering Power to participate in and cooperate fully with the work of
    # the Special Committee ... (the Special Committee is worked with, not addressed)
    ("un-ga-79/A_RES_79_112.pdf", "un:a-res-79-112#op-11", {"collective:administering-powers"}),
    # 41. Requests the Secretary-General to submit a report to the General Assembly at its
    # eighty-first session, through the Commission for Social Development and the Economic and
    # Social Council, ...: the General Assembly receives the report, it is not asked to act.
    ("un-ga-79/A_RES_79_150.pdf", "un:a-res-79-150#op-41", {"un:secretary-general"}),
])
def test_every_body_a_verb_addresses_is_mandated(file: str, paragraph: str, expected: set[str]) -> None:
    assert _mandated(file).get(paragraph) == expected


def _mention(text: str, words: str, key: str) -> BodyMention:
    start = text.index(words)
    return BodyMention(start=start, end=start + len(words), text=words, body_key=key, name_used=words)


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Requests the Secretary-General, in consultation with the Human Rights Council, to report",
     ["sg"]),  # a body the addressee consults is not addressed
    ("Requests the Secretary-General to invite the Human Rights Council", ["sg"]),
    ("Calls upon States, the Human Rights Council and the Secretary-General to act", ["states", "hrc", "sg"]),
    ("Calls upon States as well as the Human Rights Council to act", ["states", "hrc"]),
    ("Calls upon States and invites the Human Rights Council to act", ["states"]),  # a verb of its own
    ("Calls upon States and States to act", ["states"]),  # one link per body
])
def test_the_list_of_addressees_ends_where_the_verb_s_object_does(sentence: str, expected: list[str]) -> None:
    names = {"States": "states", "Human Rights Council": "hrc", "Secretary-General": "sg"}
    bodies = sorted((_mention(sentence, words, key) for words, key in names.items() if words in sentence),
                    key=lambda b: b.start)
    if sentence.count("States") == 2:
        second = sentence.rindex("States")
        bodies.append(BodyMention(start=second, end=second + 6, text="States", body_key="states", name_used="States"))
    found = acts.read_acts(sentence, 0, bodies=bodies, resolutions=[], self_acts=True, self_date=None,
                           previous_resolution=None)
    assert [a.target for a in found if a.type == "MANDATES" and a.rule == "mandate:calls upon"
            or a.type == "MANDATES" and a.rule == "mandate:requests"] == expected


def test_a_short_form_names_the_body_the_text_named_in_full_before_it_and_only_that() -> None:
    full_hr = "Office of the United Nations High Commissioner for Human Rights"
    full_refugees = "Office of the United Nations High Commissioner for Refugees"
    short = "Calls upon the Office of the High Commissioner to act."

    def keys(text: str) -> list[str]:
        return [b.body_key for b in find_bodies(text, organisation="UN")]

    assert keys(short) == []  # never named in full: which office is meant is not said
    assert keys(f"Welcoming the work of the {full_hr}. {short}") == ["un:ohchr", "un:ohchr"]
    assert keys(f"Welcoming the work of the {full_refugees}. {short}") == ["un:unhcr", "un:unhcr"]
    # both named before: the text does not say which, so no mention rather than a guess
    assert keys(f"Welcoming the {full_hr} and the {full_refugees}. {short}") == ["un:ohchr", "un:unhcr"]
    assert keys(f"{short} Welcoming the {full_hr}.") == ["un:ohchr"]  # a short form before the name
