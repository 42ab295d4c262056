"""Property-based fuzzing of every ingest parser and normaliser on random and mangled text.

Each function either returns well-formed output (spans inside the text, ``text[start:end] ==
item.text``, the ``CleanText`` and paragraph guarantees of ``clean.py`` and ``segment.py``) or
raises one of the project's documented errors; ``ValueError`` only where a docstring documents
it (``to_roman``, ``coerce_date``, ``find_bodies``). Inputs mix random unicode (NBSP, control
characters, curly quotes, huge numbers, nested parentheses) with fragments of real documents,
and mangle the corpus (slices, duplicated, deleted and swapped lines, inserted symbols).

Deterministic (``derandomize=True``) and bounded: the whole file runs in well under a minute.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from mandate_lineage.config import Settings, open_store
from mandate_lineage.errors import IngestError, NotFound
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.ingest.building import acts as act_rules
from mandate_lineage.ingest.building.build import CorpusContext, build_document_graph
from mandate_lineage.ingest.building.evidence import sentences, window
from mandate_lineage.ingest.cleaning.clean import CLEANERS, clean_text, deleted_before, run_step
from mandate_lineage.ingest.gazetteers.bodies import find_bodies
from mandate_lineage.ingest.gazetteers.conventions import find_conventions
from mandate_lineage.ingest.gazetteers.gazetteer import coerce_date
from mandate_lineage.ingest.gazetteers.summits import find_summits, summit_instrument_for
from mandate_lineage.ingest.identity.genre import detect_genre
from mandate_lineage.ingest.identity.metadata import document_meta, infer_date, infer_symbol, infer_title, load_manifest
from mandate_lineage.ingest.model import CleanText, Paragraph, Reference
from mandate_lineage.ingest.parse import parse_document
from mandate_lineage.ingest.pipeline import bundled_corpus, ingest_paths
from mandate_lineage.ingest.readers.sources import read_source
from mandate_lineage.ingest.references.finder import find_references, parse_symbol
from mandate_lineage.ingest.references.roman import MAX_ROMAN, from_roman, to_roman
from mandate_lineage.ingest.reuse.detect import ReuseCandidate, candidate_from_row, date_order, find_reuse
from mandate_lineage.ingest.reuse.text import content_terms
from mandate_lineage.ingest.segmentation.segment import segment
from mandate_lineage.lineage_view import resolve_target
from mandate_lineage.queries.lineage import LineageService
from tests.conftest import settings_for

# --- settings: deterministic, bounded ---------------------------------------------------------

# A generous per-example deadline: inputs are at most a few KB, so seconds mean runaway
# backtracking, not a slow machine. Derandomized, so CI sees the same examples every run.
FUZZ = settings(max_examples=200, deadline=dt.timedelta(seconds=3), derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
FEW = settings(FUZZ, max_examples=60)

GENRES = ("resolution", "un-resolution", "program", "work-plan", "other")
CORPUS_TEXTS = tuple(p.read_text(encoding="utf-8") for p in sorted(bundled_corpus().glob("*.txt")))

# --- strategies ----------------------------------------------------------------------------------

# Pieces of real documents, each one a branch of some parser (and a few mangled ones).
FRAGMENTS = (
    "AG/RES. 99999 (MMM-O/99)", "AG/RES. 2141 (XXXV-O/05)", "AG/RES.\u00a01898", "AG/RES. 2224(XXXVI-O/06)",
    "AG/RES.\n2141", "AG/RES. 1 (IIII-O/05)", "AG/RES. 2027 (XXXIV-0/04)", "CP/doc.\n4745", "AG/doc. XXX/07",
    "CAJP/GT/TM-24/05 rev.7", "CP/CAJP-2038/03", "resolution 67/172", "A/RES/67/172", "resolution 1514 (XV)",
    "resolutions 66/128 of 19 December 2011 and 67/185 of 20 December 2012", "its resolution 2005/47",
    "Human Rights Council resolution 23/20", "Commission on Population and Development resolutions 2006/2",
    "advisory opinion OC-16/99", "Executive Order No. 05-13 Rev. 1", "A/68/283/Add.1", "IACHR Resolution 1/20",
    "THE GENERAL ASSEMBLY,", "The General Assembly,", "RESOLVES:", "1. To strongly condemn", "18.", "(a)",
    "a.", "(@) Strongly condemns", "(90 Requestsall States", "· General Secretariat:", "·",
    "V. SUGGESTED SPECIFIC ACTIVITIES", "A. General Objectives", "B. Specific Objectives", "THE PROGRAM ACTORS",
    "WORK PLAN OF THE WORKING GROUP", "AREA RESPONSIBLE", "SCHEDULE OF MEETINGS", "\tMANDATE", "\t7.",
    "Third Summit of the Americas", "Plan of Action of the Second Summit of the Americas", "Quebec City",
    "the Santiago and Quebec City Summits", "Declaration of Nuevo León", "that Plan of Action",
    "Vienna Convention on Consular Relations", "Article 36 of the Convention", "Permanent Council",
    "Inter-American Commission on Human Rights (IACHR)", "member states", "urges all States",
    "To instruct the Permanent Council", "renew the mandate of the Working Group",
    "the most recent of which is resolution 67/172", "(Mandate from resolution AG/RES. 2738 (XLII-O/12)",
    "adopted the Inter-American Program", "the CAM was created", "The latter resolution instructed",
    "adopted on April 31, 2016", "held on 18 December 2013", "In the Plan of Action, they established:",
    "\u201cFund\u201d", "state\u2019s", "\"quoted passage of an earlier instrument.\"", "\ufffd.\tTemporary",
    "\n/ and the states", "\n\n- 5 -\n\nfundamental", "Page 5 of 12", "2005.12 The", "States3 and", "Callsupon",
    "((((((((((((", ")))))))", "99999999999999999999999999999", "İstanbul", "ﬁnal", "ß", "\u2028", "\u0130",
)
NOISE = ("", " ", "  ", "\n", "\n\n", "\t", "\r\n", "\r", "\u00a0", "\u202f", "\u200b", "\ufeff", "\u00ad", "\f", "\v",
         "\x00", "\x07", "\x1b", "\x7f", "\u201c", "\u201d", "\u2018", "\u2019", "\"", "'", "(", ")", ".", ",", ";",
         ":", "/", "-", "#", "\ufffd")


def nested_parens(depth: int) -> st.SearchStrategy[str]:
    return st.recursive(st.sampled_from(["", "a", "XXXV-O/05", "1"]), lambda inner: inner.map(lambda s: f"({s})"),
                        max_leaves=depth)


PIECE = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.sampled_from(NOISE),
    st.text(max_size=12),  # any unicode, surrogates excluded
    st.integers(min_value=0, max_value=10**40).map(str),
    nested_parens(30),
)
NOISY_TEXT = st.lists(PIECE, max_size=40).map("".join)


@st.composite
def mangled_corpus(draw: st.DrawFn) -> str:
    """A window of a corpus file with lines duplicated, deleted, swapped or with symbols inserted."""
    lines = draw(st.sampled_from(CORPUS_TEXTS)).splitlines(keepends=True)
    first = draw(st.integers(0, len(lines) - 1))
    lines = lines[first: first + draw(st.integers(1, 150))]
    for _ in range(draw(st.integers(0, 8))):
        i = draw(st.integers(0, len(lines) - 1)) if lines else 0
        op = draw(st.sampled_from(("duplicate", "delete", "swap", "insert", "cut")))
        if not lines:
            lines.append(draw(PIECE))
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "delete":
            del lines[i]
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            at = draw(st.integers(0, len(lines[i])))
            new = draw(PIECE) if op == "insert" else ""
            lines[i] = lines[i][:at] + new + lines[i][at + (draw(st.integers(0, 20)) if op == "cut" else 0):]
    return "".join(lines)


TEXT = st.one_of(NOISY_TEXT, mangled_corpus())

# --- checks shared by the tests -------------------------------------------------------------------

_ODD = re.compile("[\r\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff\u00ad\f\v\u201c-\u201f\u2018-\u201b\u00ab\u00bb\ufffd]")


def check_clean(clean: CleanText, original: str) -> None:
    """The guarantees in ``clean.py``'s docstring."""
    n = len(clean.text)
    assert clean.original == original
    assert len(clean.starts) == len(clean.ends) == n
    assert all(a <= b for a, b in zip(clean.starts, clean.starts[1:]))
    assert all(a <= b for a, b in zip(clean.ends, clean.ends[1:]))
    assert all(0 <= s < e <= len(original) for s, e in zip(clean.starts, clean.ends))
    assert not _ODD.search(clean.text), repr(_ODD.search(clean.text))
    for start in range(0, n + 1, max(1, n // 7)):
        o_start, o_end = clean.to_original(start, min(n, start + 9))
        assert 0 <= o_start <= o_end <= len(original)
        assert clean.original_slice(start, min(n, start + 9)) == original[o_start:o_end]


def check_spans(items: list, text: str) -> None:
    """Every item's span lies inside ``text`` and holds exactly ``item.text``."""
    for item in items:
        assert 0 <= item.start < item.end <= len(text), item
        assert text[item.start: item.end] == item.text, item


def check_references(refs: list[Reference], text: str, prefixes: tuple[str, ...]) -> None:
    check_spans(refs, text)
    for ref in refs:
        assert ref.key.startswith(prefixes) and ref.key == ref.key.lower() and not re.search(r"\s", ref.key), ref
        assert ref.label


def check_segmentation(paragraphs: list[Paragraph], text: str) -> None:
    """The guarantees in ``segment.py``'s docstring, checked independently of ``segment.check_paragraphs``."""
    check_spans(paragraphs, text)
    ids = [p.local_id for p in paragraphs]
    assert len(set(ids)) == len(ids), ids
    for p in paragraphs:
        assert p.text == p.text.strip(), p
    known = set(ids)
    position = {p.local_id: i for i, p in enumerate(paragraphs)}
    for p in paragraphs:
        assert p.parent is None or p.parent in known, p
        if p.parent is not None:  # a parent comes before the quotes nested in it
            assert position[p.parent] < position[p.local_id], p
    assert [(p.start, -p.end) for p in paragraphs] == sorted((p.start, -p.end) for p in paragraphs)


# --- clean.py --------------------------------------------------------------------------------------


@FUZZ
@given(TEXT)
def test_clean_text_keeps_its_guarantees(original: str) -> None:
    clean = clean_text(original)
    check_clean(clean, original)
    for i in range(0, len(clean.text), max(1, len(clean.text) // 5)):
        assert isinstance(deleted_before(clean, i), str)


@FEW
@given(NOISY_TEXT, st.sampled_from(CLEANERS))
def test_each_cleaning_step_alone_keeps_offsets(original: str, step: str) -> None:
    one_step = clean_text(original, [step])
    assert len(one_step.starts) == len(one_step.ends) == len(one_step.text)
    assert all(0 <= s < e <= len(original) for s, e in zip(one_step.starts, one_step.ends))
    assert run_step(step, original) == one_step.text


@FUZZ
@given(TEXT)
def test_cleaning_cleaned_text_keeps_it_clean(original: str) -> None:
    again = clean_text(clean_text(original).text)
    assert not _ODD.search(again.text)


# --- genre.py, segment*.py -------------------------------------------------------------------------


@FUZZ
@given(TEXT)
def test_detect_genre_names_a_known_genre(text: str) -> None:
    guess = detect_genre(clean_text(text).text)
    assert guess.genre in GENRES and guess.reason


@FUZZ
@given(TEXT, st.sampled_from(GENRES))
def test_segment_keeps_the_paragraph_guarantees_for_every_genre(original: str, genre: str) -> None:
    clean = clean_text(original)
    result = segment(clean, genre)  # a SegmentationBug is a broken guarantee: it fails the test
    check_segmentation(result.paragraphs, clean.text)
    assert segment(clean, genre).paragraphs == result.paragraphs  # ids come from the text alone


@FEW
@given(mangled_corpus())
def test_segment_as_detected_and_sentences_stay_inside_paragraphs(original: str) -> None:
    clean = clean_text(original)
    for p in segment(clean, detect_genre(clean.text).genre).paragraphs:
        for s in sentences(clean, p):
            assert p.start <= s.start < s.end <= p.end and clean.text[s.start: s.end] == s.text


@FEW
@given(st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**6),
       st.integers(1, 2000))
def test_evidence_window_keeps_the_focus_inside_the_limit(a: int, b: int, c: int, d: int, limit: int) -> None:
    start, end = sorted((a, b))
    focus_start, focus_end = sorted((max(start, min(c, end)), max(start, min(d, end))))
    assume(focus_end - focus_start <= limit)
    lo, hi = window(start, end, focus_start, focus_end, limit)
    assert start <= lo <= hi <= end and hi - lo <= limit


# --- references.py, patterns.py, roman.py ------------------------------------------------------------


@FUZZ
@given(TEXT)
def test_find_references_returns_sorted_disjoint_exact_spans(text: str) -> None:
    refs = find_references(text)
    check_references(refs, text, ("oas:", "un:", "iacthr:", "iachr:", "unresolved:"))
    assert all(a.end <= b.start for a, b in zip(refs, refs[1:])), refs
    for ref in refs:
        assert ref.resolved == (not ref.key.startswith("unresolved:")), ref
    assert find_references(text) == refs


@FUZZ
@given(st.one_of(st.sampled_from(FRAGMENTS), PIECE, st.lists(PIECE, max_size=3).map("".join)))
def test_parse_symbol_is_one_whole_reference_or_none(symbol: str) -> None:
    ref = parse_symbol(symbol)
    if ref is not None:
        candidate = symbol.strip()
        assert ref.start == 0 and ref.end in (len(candidate), len(candidate.rstrip(".,;").rstrip()))
        assert candidate.startswith(ref.text)


@FEW
@given(st.text(alphabet="IVXLCDMivxlcdm ", max_size=12) | st.text(max_size=6))
def test_from_roman_accepts_only_well_formed_numerals(numeral: str) -> None:
    value = from_roman(numeral)
    if value is not None:
        assert 1 <= value <= MAX_ROMAN and to_roman(value) == numeral.strip().upper()


@FEW
@given(st.integers(min_value=-10**30, max_value=10**30))
def test_to_roman_raises_only_its_documented_value_error(number: int) -> None:
    if 1 <= number <= MAX_ROMAN:
        assert from_roman(to_roman(number)) == number
    else:
        with pytest.raises(ValueError, match="no Roman numeral"):
            to_roman(number)


# --- summits.py, conventions.py, bodies.py, gazetteer.py ------------------------------------------


@FUZZ
@given(TEXT)
def test_find_summits_returns_exact_spans_in_order(text: str) -> None:
    refs = find_summits(text)
    check_references(refs, text, ("summit:",))
    assert [r.start for r in refs] == sorted(r.start for r in refs)
    found = summit_instrument_for(text)
    assert found is None or found in refs


@FUZZ
@given(TEXT)
def test_find_conventions_returns_exact_spans(text: str) -> None:
    check_references(find_conventions(text), text, ("conv:",))


@FUZZ
@given(TEXT, st.sampled_from([None, "2004", "2016-04", "1998-04-19", "1890-01-01"]),
       st.sampled_from([None, "OAS", "UN"]))
def test_find_bodies_returns_exact_spans_in_order(text: str, on_date: str | None, organisation: str | None) -> None:
    mentions = find_bodies(text, on_date=on_date, organisation=organisation)
    check_spans(mentions, text)
    assert all(a.end <= b.start for a, b in zip(mentions, mentions[1:])), mentions
    assert all(m.body_key and m.name_used for m in mentions)


@FEW
@given(st.one_of(st.text(max_size=14), st.from_regex(r"\d{1,5}(-\d{1,3}){0,3}", fullmatch=True)),
       st.sampled_from([None, "OAS", "UN", "EU", ""]))
def test_find_bodies_raises_only_its_documented_value_error(on_date: str, organisation: str | None) -> None:
    try:
        day = coerce_date(on_date)
    except ValueError:
        day = None
    try:
        find_bodies("The Permanent Council and the Secretary-General", on_date=on_date, organisation=organisation)
    except ValueError as exc:  # documented: a malformed date or an unknown organisation
        assert day is None or organisation not in (None, "OAS", "UN"), exc
    else:
        assert day is not None and organisation in (None, "OAS", "UN")


# --- acts.py ------------------------------------------------------------------------------------


def within(items: list, start: int, end: int) -> list:
    return [m for m in items if start <= m.start and m.end <= end]


@FEW
@given(mangled_corpus(), st.booleans())
def test_read_acts_spans_stay_inside_their_sentence(original: str, self_acts: bool) -> None:
    clean = clean_text(original)
    refs = sorted(find_references(clean.text), key=lambda r: r.start)
    bodies = find_bodies(clean.text)
    for p in segment(clean, detect_genre(clean.text).genre).paragraphs[:40]:
        for s in sentences(clean, p):
            for act in act_rules.read_acts(s.text, s.start, bodies=within(bodies, s.start, s.end),
                                           resolutions=within(refs, s.start, s.end), self_acts=self_acts,
                                           self_date=None, previous_resolution=None):
                assert s.start <= act.start < act.end <= s.end, act
                assert 0 < act.confidence <= 1 and act.rule


# --- metadata.py ------------------------------------------------------------------------------------


def _is_iso_date(value: str) -> bool:
    try:
        coerce_date(value)
    except ValueError:
        return False
    return True


@FUZZ
@given(TEXT)
def test_inferred_metadata_is_well_formed(text: str) -> None:
    clean = clean_text(text).text
    meta = document_meta("some file.txt", clean, detect_genre(clean), None)
    assert meta.key and meta.key == meta.key.strip() and meta.genre in GENRES
    assert len(meta.inference) == len(meta.inferred)
    symbol, key, how = infer_symbol(clean)
    assert (symbol is None) == (key is None) and how
    title, _ = infer_title(clean)
    assert title is None or (title.lstrip() == title and 0 < len(title.strip()) and len(title) <= 200)


@FEW
@given(st.sampled_from(["April", "February", "June", "September"]), st.integers(0, 99), st.integers(1000, 9999))
def test_inferred_dates_are_real_dates(month: str, day: int, year: int) -> None:
    date, _ = infer_date(f"Resolution adopted on {month} {day}, {year} by the Assembly")
    assert date is None or _is_iso_date(date), date


# --- reuse*.py ------------------------------------------------------------------------------------


@FEW
@given(TEXT, st.integers(1, 12))
def test_content_terms_are_exact_slices(text: str, stem_length: int) -> None:
    for term, start, end in content_terms(text, stem_length):
        assert 0 <= start < end <= len(text) and 0 < len(term) <= stem_length
        assert text[start:end].casefold().replace("\u2019", "'").startswith(term.removesuffix("'s")[:1])


@st.composite
def reuse_candidates(draw: st.DrawFn) -> list[ReuseCandidate]:
    texts = draw(st.lists(st.one_of(mangled_corpus(), NOISY_TEXT), min_size=2, max_size=5))
    dates = st.sampled_from([None, "2004", "2007-03", "2016-04-19", "1998", "not a date", "2007"])
    return [ReuseCandidate(key=f"doc{i}#p", owner=f"doc{i}", evidence_document=f"file{i % 3}",
                           date=draw(dates), kind="text", text=text[:3000], start=draw(st.integers(0, 10**6)))
            for i, text in enumerate(texts)]


@FEW
@given(reuse_candidates())
def test_find_reuse_links_quote_their_evidence_verbatim(candidates: list[ReuseCandidate]) -> None:
    by_key = {c.key: c for c in candidates}
    for link in find_reuse(candidates):
        source, target = by_key[link.source], by_key[link.target]
        assert 0 <= link.score <= 1 and link.rule in ("reuse:near-verbatim", "reuse:paraphrase")
        assert date_order(source.date, target.date) == 1
        assert source.text[link.source_start - source.start: link.source_end - source.start] == link.source_quote
        assert target.text[link.target_start - target.start: link.target_end - target.start] == link.target_quote
        assert link.source_quote and link.target_quote


@FEW
@given(st.dictionaries(st.sampled_from(["kind", "document", "sourceDocument", "date", "text", "originalText",
                                        "start"]), st.one_of(st.none(), st.text(max_size=5), st.integers())))
def test_candidate_from_row_skips_kinds_it_does_not_compare(props: dict) -> None:
    if props.get("kind") not in {"operative", "subparagraph", "preamble", "activity", "objective", "quote", "text",
                                 "table-row"}:
        assert candidate_from_row("k", props) is None


# --- sources.py, parse.py, build.py: the file level -----------------------------------------------


FILE_BYTES = st.one_of(
    st.binary(max_size=2000),
    TEXT.map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.tuples(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b""]), st.binary(max_size=200),
              TEXT.map(lambda s: s.encode("utf-8"))).map(b"".join),
)


@FUZZ
@given(FILE_BYTES, st.sampled_from(["doc.txt", "doc", "doc.md", "doc.pdf", "doc.TXT"]))
def test_a_file_is_read_and_parsed_or_refused_with_an_ingest_error(tmp_path_factory: pytest.TempPathFactory,
                                                                      data: bytes, name: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / name
    path.write_bytes(data)
    try:
        source = read_source(path, max_bytes=1500)
    except IngestError as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc)
        return
    assert source.text and any(ch.isalpha() for ch in source.text)
    parsed = parse_document(source)
    check_clean(parsed.clean, source.text)
    check_segmentation(parsed.paragraphs, parsed.clean.text)
    check_spans(parsed.references, parsed.clean.text)
    check_spans(parsed.bodies, parsed.clean.text)
    graph = build_document_graph(parsed, CorpusContext())
    for nodes in graph.batch.nodes:
        assert all(row["key"] for row in nodes.rows)


def test_an_impossible_date_in_the_head_is_not_a_parser_crash(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("Report adopted on April 31, 2016.\n\nThe Permanent Council shall meet.\n", encoding="utf-8")
    parsed = parse_document(read_source(path))
    assert parsed.meta.date is None or _is_iso_date(parsed.meta.date)


# --- metadata.load_manifest: a corpus's manifest ------------------------------------------------------

TOML_VALUE = st.sampled_from(['"x.txt"', '"program"', '"resolution"', '"2016-04-19"', '"not a date"', "5", "[]",
                              '["program"]', "{ a = 1 }", "true", '"oas:x"'])
TOML_FIELDS = st.lists(st.tuples(st.sampled_from(["file", "key", "kind", "date", "title", "symbol", "oops"]),
                                 TOML_VALUE), max_size=5, unique_by=lambda kv: kv[0])


@st.composite
def manifests(draw: st.DrawFn) -> str:
    tables = []
    for _ in range(draw(st.integers(0, 3))):
        header = draw(st.sampled_from(["[[document]]", "[[instrument]]"]))
        tables.append(header + "\n" + "".join(f"{k} = {v}\n" for k, v in draw(TOML_FIELDS)))
    garbage = draw(st.sampled_from(["", "document = 5\n", 'instrument = ["a"]\n', "[[document\n", "\x00",
                                    "document = [1, 2]\n"]))
    return garbage + "\n".join(tables)


@FUZZ
@given(manifests())
def test_a_manifest_is_loaded_or_refused_with_an_ingest_error(tmp_path_factory: pytest.TempPathFactory,
                                                              body: str) -> None:
    folder = tmp_path_factory.mktemp("manifest")
    (folder / "manifest.toml").write_text(body, encoding="utf-8")
    try:
        manifest = load_manifest(folder)
    except IngestError as exc:
        assert str(exc).startswith(str(folder))
        return
    assert manifest is not None
    CorpusContext.from_manifests([manifest])
    assert all(isinstance(name, str) for name in manifest.documents)


# --- the whole pipeline into a real store, and resolve_target over it --------------------------------


@pytest.fixture(scope="module")
def fuzz_store(embedded_dir: Path) -> Iterator[GraphStore]:
    """A graph of the session's embedded server holding the bundled corpus (cleared first)."""
    settings: Settings = settings_for("embedded", embedded_dir, graph="fuzz")
    with open_store(settings) as store:
        store.clear()
        report = ingest_paths([bundled_corpus()], store)
        assert not report.failed, [o.error for o in report.failed]
        yield store


@pytest.fixture(scope="module")
def scratch_store(embedded_dir: Path) -> Iterator[GraphStore]:
    """An empty graph of the session's embedded server for ingests of mangled files."""
    with open_store(settings_for("embedded", embedded_dir, graph="fuzz-scratch")) as store:
        store.clear()
        yield store


@settings(FUZZ, max_examples=6, deadline=None)
@given(st.lists(st.one_of(mangled_corpus(), st.binary(max_size=300).map(repr)), min_size=1, max_size=3))
def test_ingest_paths_fails_a_bad_file_with_a_project_error_only(tmp_path_factory: pytest.TempPathFactory,
                                                                 scratch_store: GraphStore, texts: list[str]) -> None:
    folder = tmp_path_factory.mktemp("mangled")
    for i, text in enumerate(texts):
        (folder / f"m{i}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")
    (folder / "bin.txt").write_bytes(b"\x00\x01binary")
    report = ingest_paths([folder], scratch_store)
    refused = {o.path.name: o.error for o in report.failed}
    assert "bin.txt" in refused
    for name, error in refused.items():
        assert error.startswith(str(folder / name)) and "please report it" not in error, error


@FUZZ
@given(st.one_of(st.sampled_from(["activity 28", "act. 28", "activity #999999999999999999999", "AG/RES. 2141",
                                  "AG/RES. 2141 (XXXV-O/05)", "AG/RES. 99999 (MMM-O/99)", "summit:3",
                                  "oas:program-migrants-2016#act-28", "resolution 67/172", "", " ", "\x00"]),
                 st.text(max_size=30), NOISY_TEXT.map(lambda s: s[:60])))
def test_resolve_target_finds_a_key_or_raises_not_found(fuzz_store: GraphStore, target: str) -> None:
    service = LineageService(fuzz_store)
    try:
        key = resolve_target(service, target)
    except NotFound as exc:
        assert str(exc)
        return
    assert service.node(key)["properties"]["key"] == key


@pytest.mark.parametrize("target, key", [("activity 28", "oas:program-migrants-2016#act-28"),
                                         ("AG/RES. 2141 (XXXV-O/05)", "oas:ag-res-2141-xxxv-o-05")])
def test_resolve_target_still_finds_real_targets(fuzz_store: GraphStore, target: str, key: str) -> None:
    assert resolve_target(LineageService(fuzz_store), target) == key


def test_resolve_target_with_a_nul_character_is_not_found(fuzz_store: GraphStore) -> None:
    with pytest.raises(NotFound):
        resolve_target(LineageService(fuzz_store), "oas:cim\x00")
