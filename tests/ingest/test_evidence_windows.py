"""A sentence longer than an evidence quote is cut to a window around the mention; the cut falls
between words, never inside one (A/RES/80/103's op. 3 quoted resolution 1541 (XV) from
"e of the United States Virgin Islands to determine freely ...")."""

from __future__ import annotations

from mandate_lineage.ingest.building.build import CorpusContext, build_document_graph
from mandate_lineage.ingest.building.evidence import MAX_QUOTE, window
from mandate_lineage.ingest.parse import parse_document
from mandate_lineage.ingest.readers.sources import read_source
from tests.ingest.readers.realworld import realworld


def _inside_word(text: str, at: int) -> bool:
    return 0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum()


def test_a_window_starts_and_ends_between_words_and_keeps_the_mention() -> None:
    text = " ".join(f"word{i:04d}" for i in range(400))  # 3,599 characters, words of 8
    focus_start = text.index("word0200")
    focus_end = focus_start + len("word0200")
    plain = window(0, len(text), focus_start, focus_end, 101)
    assert _inside_word(text, plain[0]) or _inside_word(text, plain[1])  # the cut this test is about
    lo, hi = window(0, len(text), focus_start, focus_end, 101, text=text)
    assert lo <= focus_start and focus_end <= hi and hi - lo <= 101
    assert not _inside_word(text, lo) and not _inside_word(text, hi)
    assert text[lo:hi] == text[lo:hi].strip() and text[lo:hi].startswith("word")


def test_a_window_inside_one_long_word_is_cut_where_it_must() -> None:
    text = "x" * 2000  # no space to move to: the limit wins
    assert window(0, 2000, 1000, 1001, 100, text=text) == window(0, 2000, 1000, 1001, 100)


def test_no_quote_of_an_official_resolution_starts_or_ends_inside_a_word() -> None:
    path = realworld("un-ga-80", "A_RES_80_103.pdf")
    doc = parse_document(read_source(path))
    graph = build_document_graph(doc, CorpusContext())
    original = doc.clean.original
    quotes = [rel.rows for rel in graph.batch.relationships]
    evidence = [row["props"] for rows in quotes for row in rows if "evidenceStart" in row.get("props", {})]
    long_ones = [p for p in evidence if p["evidenceEnd"] - p["evidenceStart"] >= MAX_QUOTE * 0.9]
    assert long_ones, "A/RES/80/103 has sentences longer than a quote (op. 3 among them)"
    for props in evidence:
        start, end = props["evidenceStart"], props["evidenceEnd"]
        assert not _inside_word(original, start) and not _inside_word(original, end), props["evidenceQuote"][:80]
    cited = [p for p in evidence if "1541" in p["evidenceQuote"] and "Virgin Islands" in p["evidenceQuote"]]
    assert cited and all(p["evidenceQuote"][0].isupper() or p["evidenceQuote"][0] in "(\"'" or
                         original[p["evidenceStart"] - 1].isspace() for p in cited)
