"""Structure of real UN resolutions: sub-items (a)..(z) and (i)..(x) nested right, annexes numbered on
their own, a compact's objectives and lettered actions as activities (short excerpts modelled on
A/RES/79/181, A/RES/79/1 and its annex I, the Global Digital Compact)."""

from __future__ import annotations

from mandate_lineage.ingest.cleaning.clean import clean_text
from mandate_lineage.ingest.segmentation.segment import segment

SUB_ITEMS = """The General Assembly,
Recalling its previous resolutions,
1. Condemns the violations;
2. Expresses its very serious concern at:
(a) The persistence of violations, including:
(i) Torture and other cruel, inhuman or degrading treatment;
(ii) The existence of an extensive penal system;
(iii) Enforced and involuntary disappearances;
(b) The situation of women and girls;
(c) The use of forced labour;
3. Urges the Government:
(a) To end the violations;
(b) To cooperate;
(c) To release;
(d) To allow access;
(e) To investigate;
(f) To publish;
(g) To protect;
(h) To respect;
(i) To ensure accountability;
(j) To report;
4. Decides to remain seized of the matter.
49th plenary meeting
17 December 2024
"""

ANNEXED = """The General Assembly,
Recalling its resolution 70/1,
1. Adopts the declaration annexed to the present resolution;
2. Decides to review it.
3rd plenary meeting
22 September 2024
Annex
Declaration on Future Generations
1. We, the Heads of State and Government, gathered at United Nations Headquarters;
2. We commit to the following principles:
(a) Respect for the Charter;
(b) Equity and solidarity.
"""

COMPACT = """The General Assembly
Adopts the following Pact for the Future and its annexes:
1. We, the Heads of State and Government, have gathered.
2. We pledge a new beginning.
Annex I
Global Digital Compact
1. Digital technologies are dramatically transforming our world.
7. To achieve our goal, we will pursue the following objectives:
1. Close all digital divides;
2. Expand inclusion in the digital economy;
8. Our cooperation will be guided by international law.
Objective 1. Close all digital divides and accelerate progress across the
Sustainable Development Goals
10. We acknowledge the pivotal role of universal and meaningful connectivity.
11. We commit, by 2030, to:
(a) Develop and strengthen targets, indicators and metrics for universal
meaningful and affordable connectivity;
(b) Develop innovative and blended financing mechanisms;
Objective 2. Expand inclusion in and benefits from the digital economy for all
12. We commit to:
(a) Foster an open, fair and inclusive environment;
Annex II
Declaration on Future Generations
1. We, the Heads of State and Government.
"""


def _paragraphs(text: str):
    clean = clean_text(text)
    return {p.local_id: p for p in segment(clean, "un-resolution").paragraphs}


def test_roman_items_nest_in_the_lettered_item() -> None:
    ps = _paragraphs(SUB_ITEMS)
    assert ps["op-2.a.i"].parent == "op-2.a"
    assert ps["op-2.a.iii"].text == "Enforced and involuntary disappearances;"
    assert ps["op-2.b"].parent == "op-2" and ps["op-2.c"].parent == "op-2"
    assert "op-2.i" not in ps and "op-2.ii" not in ps


def test_i_after_h_is_a_letter() -> None:
    ps = _paragraphs(SUB_ITEMS)
    assert ps["op-3.i"].parent == "op-3" and ps["op-3.i"].text == "To ensure accountability;"
    assert ps["op-3.j"].parent == "op-3"
    assert "op-3.h.i" not in ps
    assert [p for p in ps if p.startswith("op-") and p.count(".") == 0] == ["op-1", "op-2", "op-3", "op-4"]


def test_adoption_line_is_not_part_of_the_last_paragraph() -> None:
    ps = _paragraphs(SUB_ITEMS)
    assert ps["op-4"].text == "Decides to remain seized of the matter."


def test_annex_numbers_its_own_paragraphs() -> None:
    ps = _paragraphs(ANNEXED)
    assert ps["op-1"].text.startswith("Adopts the declaration")
    assert ps["annex-1"].kind == "heading"
    assert ps["annex-1.p-1"].text.startswith("We, the Heads of State") and ps["annex-1.p-1"].parent == "annex-1"
    assert ps["annex-1.p-2.b"].parent == "annex-1.p-2"
    assert not any(p.startswith("op-") and "dup" in p for p in ps)


def test_compact_objectives_and_actions_are_activities() -> None:
    ps = _paragraphs(COMPACT)
    assert ps["annex-I.objective-1"].kind == "objective"
    assert ps["annex-I.p-10"].parent == "annex-I.objective-1"
    action = ps["annex-I.p-11.a"]
    assert action.kind == "activity" and action.number == "11(a)"
    assert action.extra["objective"] == "annex-I.objective-1"
    assert ps["annex-I.p-12.a"].extra["objective"] == "annex-I.objective-2"
    # a list numbered inside paragraph 7 is not paragraphs 1 and 2 again
    assert ps["annex-I.p-7.2"].parent == "annex-I.p-7"
    assert ps["annex-I.p-8"].kind == "operative"
    assert ps["annex-II.p-1"].text.startswith("We, the Heads")
    assert not any("dup" in p for p in ps)


PARTS = """The General Assembly,
I
Enterprise resource planning project, Umoja
Recalling section II of its resolution 60/283 of 7 July 2006,
1. Takes note of the report of the Secretary-General;
2. Endorses the conclusions and recommendations;
II
Request for a subvention to the Residual Special Court for Sierra Leone
Recalling its resolution 58/284 of 8 April 2004,
1. Takes note of the report of the Secretary-General;
2. Appropriates an amount of 282,500 dollars; III
Capital investment planning
1. Takes note of the report;
24th plenary meeting
24 December 2024
Annex
Convention against Cybercrime
Article 1
Statement of purpose
1. The purposes of this Convention are:
(a) To promote and strengthen measures;
2. Nothing in this article shall be interpreted. Article 2
Use of terms
1. For the purposes of this Convention:
"""


def test_parts_and_articles_number_anew() -> None:
    ps = _paragraphs(PARTS)
    assert ps["sec-I.op-1"].parent == "sec-I" and ps["sec-II.op-2"].text.startswith("Appropriates")
    assert ps["sec-III.op-1"].text == "Takes note of the report;"  # "III" glued to the line before
    assert ps["annex-1.art-1.p-1"].parent == "annex-1.art-1"
    assert ps["annex-1.art-1.p-1.a"].parent == "annex-1.art-1.p-1"
    assert ps["annex-1.art-2.p-1"].text.startswith("For the purposes")  # "Article 2" glued too
    assert not any("dup" in p for p in ps)
