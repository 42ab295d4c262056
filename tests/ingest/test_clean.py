"""clean_text: each step alone on small strings, the offset invariant on random text and the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mandate_lineage.ingest.cleaning.clean import (
    CLEANER_LOOKUP,
    CLEANERS,
    Edit,
    apply_edits,
    clean_text,
    deleted_before,
    run_step,
)
from mandate_lineage.ingest.model import CleanText

CORPUS = sorted((Path(__file__).resolve().parents[2] / "corpus").glob("0*.txt"))


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def case(step: str, text: str, expected: str) -> pytest.param:
    """One row: ``step`` alone turns ``text`` into ``expected``."""
    return pytest.param(step, text, expected, id=f"{step}:{text[:24]!r}")


STEP_CASES = [
    case("normalize_newlines", "a\r\nb\rc\nd", "a\nb\nc\nd"),
    case("remove_invisible", "AG/RES.\u200b2141\ufeff", "AG/RES.2141"),
    case("normalize_spaces", "AG/RES.\u00a01898 (XXXII-O/02)", "AG/RES. 1898 (XXXII-O/02)"),
    case("normalize_spaces", "a\u2009b\u202fc\u3000d", "a b c d"),
    case("straighten_quotes", "\u201cFund\u201d of each state\u2019s \u2018own\u2019", "\"Fund\" of each state's 'own'"),
    # 002: a footnote reference "/" split the sentence; 003: a "/" alone on a line.
    case("remove_footnote_markers", "temporary residents,\n/ and the states.", "temporary residents, and the states."),
    case("remove_footnote_markers", "to be drafted.\n/\n\nThe Program", "to be drafted.\n\n\nThe Program"),
    case("remove_footnote_markers", "retirees.\n \ufffd.\tTemporary residents", "retirees.\n \tTemporary residents"),
    case("remove_footnote_markers", "lone \ufffd char", "lone  char"),
    case("remove_footnote_markers", "AG/RES. 2141 (XXXV-O/05) and 4/5", "AG/RES. 2141 (XXXV-O/05) and 4/5"),
    case("remove_page_numbers", "the human rights and\n\n- 5 -\n\nfundamental freedoms", "the human rights and fundamental freedoms"),
    case("remove_page_numbers", "of all migrants,\nPage 3 of 12\nincluding workers", "of all migrants, including workers"),
    case("remove_page_numbers", "end of sentence.\n\n- 5 -\n\nNext paragraph", "end of sentence.\n\n- 5 -\n\nNext paragraph"),
    case("remove_glued_footnote_numbers", "adopted on June 7, 2005.12 The Program", "adopted on June 7, 2005. The Program"),
    case("remove_glued_footnote_numbers", "all member States3 and observers", "all member States and observers"),
    case("remove_glued_footnote_numbers", "member states.14\n", "member states.14\n"),
    case("remove_glued_footnote_numbers", "CP/CAJP-2038/03 and doc.1/12, G77, US4-23-2015", "CP/CAJP-2038/03 and doc.1/12, G77, US4-23-2015"),
    case("rejoin_broken_symbols", "resolution AG/RES.\n2141 (XXXV-O/05)", "resolution AG/RES. 2141 (XXXV-O/05)"),
    case("rejoin_broken_symbols", "document CP/doc. \n4745/07", "document CP/doc. 4745/07"),
    case("rejoin_broken_symbols", "AG/RES.\nThe next line", "AG/RES.\nThe next line"),
    case("space_before_session", "and AG/RES. 2224(XXXVI-O/06); and", "and AG/RES. 2224 (XXXVI-O/06); and"),
    case("space_before_session", "AG/RES. 2224 (XXXVI-O/06)", "AG/RES. 2224 (XXXVI-O/06)"),
    case("fix_ocr_slips", "1. Callsupon States to promote", "1. Calls upon States to promote"),
    case("fix_ocr_slips", "(90 Requestsall States, in conformity", "(g) Requests all States, in conformity"),
    case("fix_ocr_slips", "(@) Strongly condemns the acts", "(a) Strongly condemns the acts"),
    case("fix_ocr_slips", "Sressing also the obligation; doing so isto deny", "Stressing also the obligation; doing so is to deny"),
    case("fix_ocr_slips", "9. Sresses the importance", "9. Stresses the importance"),
    case("fix_ocr_slips", "within (90 days) and history", "within (90 days) and history"),
]


@pytest.mark.parametrize(("step", "text", "expected"), STEP_CASES)
def test_each_step_alone(step: str, text: str, expected: str) -> None:
    assert run_step(step, text) == expected


def test_cleaners_lists_every_step_once_in_order() -> None:
    # Line ends and spaces first: the later patterns are written for "\n", " " and '"'.
    assert CLEANERS == [
        "normalize_newlines", "remove_invisible", "normalize_spaces", "remove_running_furniture", "straighten_quotes",
        "remove_footnote_markers", "remove_page_numbers", "remove_glued_footnote_numbers",
        "rejoin_broken_symbols", "space_before_session", "fix_ocr_slips",
    ]  # fmt: skip
    assert set(CLEANERS) == set(CLEANER_LOOKUP)


def assert_offsets_hold(clean: CleanText) -> None:
    """The invariant of clean.py: lengths, monotonic spans, every span maps to original text."""
    n = len(clean.text)
    assert len(clean.starts) == len(clean.ends) == n
    assert all(a <= b for a, b in zip(clean.starts, clean.starts[1:]))
    assert all(a <= b for a, b in zip(clean.ends, clean.ends[1:]))
    assert all(0 <= s < e <= len(clean.original) for s, e in zip(clean.starts, clean.ends))
    for s, e in [(0, n), (0, n // 2), (n // 3, n), (n // 4, 3 * n // 4)]:
        o_s, o_e = clean.to_original(s, e)
        assert clean.original_slice(s, e) == clean.original[o_s:o_e]
        assert 0 <= o_s <= o_e <= len(clean.original)


# Characters every step reacts to, so random text exercises all of them.
PIECES = list("aA sS1290()/.\n\r\t@-:,XIVO") + ["\u00a0", "\u200b", "\u201c", "\u2019", "\ufffd"]
PIECES += ["Callsupon", "AG/RES.", "(XXXVI-O/06)", "Sressing", "(90 Requestsall", "- 5 -", "\n/ and", "States3 "]
NOISY = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(NOISY)
def test_offsets_hold_on_random_text(original: str) -> None:
    clean = clean_text(original)
    assert_offsets_hold(clean)
    for i in range(len(clean.text)):  # every single character maps into the original
        assert clean.original_slice(i, i + 1) == clean.original[clean.starts[i] : clean.ends[i]]


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60), st.sampled_from(CLEANERS))
def test_offsets_hold_for_each_step_alone(original: str, step: str) -> None:
    assert_offsets_hold(clean_text(original, steps=[step]))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name[:3])
def test_offsets_hold_on_corpus(path: Path) -> None:
    original = read(path)
    clean = clean_text(original)
    assert_offsets_hold(clean)
    # A copied character maps to itself: the cleaned text differs only where a step changed it.
    same = sum(clean.text[i] == original[clean.starts[i]] for i in range(len(clean.text)))
    assert same >= len(clean.text) - 200


def test_insertion_maps_to_the_character_before() -> None:
    clean = clean_text("AG/RES. 2224(XXXVI-O/06)")
    assert clean.text == "AG/RES. 2224 (XXXVI-O/06)"
    space = clean.text.index(" (")
    assert clean.original_slice(space, space + 1) == "4"
    symbol = clean.text.index("2224")
    assert clean.original_slice(symbol, len(clean.text)) == "2224(XXXVI-O/06)"


def test_fold_maps_to_the_whole_run() -> None:
    clean = clean_text("a\r\nb")
    assert clean.text == "a\nb"
    assert clean.original_slice(1, 2) == "\r\n"


def test_deleted_marker_is_recoverable_from_the_gap() -> None:
    clean = clean_text("retirees.\n \ufffd.\tTemporary residents")
    tab = clean.text.index("\t")
    assert deleted_before(clean, tab) == "\ufffd."
    assert deleted_before(clean, 0) == ""


def test_apply_edits_refuses_overlapping_edits() -> None:
    with pytest.raises(ValueError, match="overlap"):
        apply_edits("abcdef", list(range(6)), list(range(1, 7)), [Edit(0, 3, "x"), Edit(2, 4, "y")])


CORPUS_FIXES = [
    # (file prefix, text in the cleaned file, text that must be gone)
    ("000", "AG/RES. 1898 (XXXII-O/02)", "AG/RES.\u00a01898"),
    ("000", "AG/RES. 2224 (XXXVI-O/06)", "2224(XXXVI"),
    ("000", '"Creating Jobs to Confront Poverty', "\u201c"),
    ("002", "temporary residents, and the states.", "\n/ "),
    ("002", "Temporary residents include", "\ufffd"),
    ("003", "will have to be drafted.\n\n", "\n/\n"),
    ("004", "1. Calls upon States", "Callsupon"),
    ("004", "(g) Requests all States", "(90 Requestsall"),
    ("004", "(a) Strongly condemns", "(@)"),
    ("004", "9. Stresses the importance", "Sresses"),
    ("004", "doing so is to deny", "so isto"),
]


@pytest.mark.parametrize(("prefix", "present", "absent"), CORPUS_FIXES, ids=lambda v: str(v)[:20])
def test_corpus_fixes(prefix: str, present: str, absent: str) -> None:
    (path,) = [p for p in CORPUS if p.name.startswith(prefix)]
    text = clean_text(read(path)).text
    assert present in text
    assert absent not in text
