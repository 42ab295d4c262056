"""Page furniture in plain text extracted from a PDF elsewhere (no layout left), as in A/RES/72/179."""

from __future__ import annotations

from mandate_lineage.ingest.cleaning.clean import clean_text, run_step

EXTRACTED = """Recalling its resolution 70/1 of 25 September 2015, and the
Programme of Action of the International Conference on Population and

17-23170 2/10

A/RES/72/179 Protection of migrants

Development, adopted in Cairo,

Reaffirming the Universal Declaration of Human Rights,

A/RES/72/179 Protection of migrants

10/10 17-23170

1. Calls upon States to protect
the human rights of all migrants;
17-23170 (E) 291217
*1723170*
"""


def test_stamps_and_repeated_headers_are_removed_and_the_paragraph_is_rejoined() -> None:
    out = run_step("remove_running_furniture", EXTRACTED)
    assert "17-23170" not in out and "A/RES/72/179" not in out and "*1723170*" not in out
    # the sentence cut by the page break is one hard-wrapped paragraph again (no blank line)
    assert "Conference on Population and\nDevelopment, adopted in Cairo," in out
    # a paragraph that ended before the break stays apart from the next one
    assert "Human Rights,\n\n1. Calls upon States" in out


def test_a_symbol_line_seen_once_and_a_fraction_inside_a_sentence_stay() -> None:
    text = "Recalling resolution\nA/RES/72/179 of 19 December 2017,\nand noting that 3/4 of 17-23170 were read\n"
    assert run_step("remove_running_furniture", text) == text


def test_the_cleaned_text_maps_back_to_the_original_around_the_furniture() -> None:
    clean = clean_text(EXTRACTED)
    i = clean.text.index("Population and\nDevelopment")
    quote = clean.original_slice(i, i + len("Population and\nDevelopment"))
    assert quote.startswith("Population and") and quote.endswith("Development")
    assert quote in EXTRACTED
