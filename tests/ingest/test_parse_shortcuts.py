"""The ingest's speed shortcuts find what the plain algorithms find (issue 12, item 3).

* Gazetteer scans jump to the tokens some form starts with (one regex) instead of visiting every
  token: compared with the token walk the module docstring describes, written out here.
* Act rules run only on sentences one combined pattern finds something in: compared with
  ``read_acts`` run on every sentence.
* Schema checks take a fast path for scalars of known property names: bad values are still refused
  with the same message.
* A document's statement made ahead in a parse worker (``encode_ahead``) writes the same graph as the
  one made at write time, and a batch the encoder refuses is reported as before.

Texts: the bundled corpus and three UN resolutions of ``shared/realworld``; expectations for one of
them (A/RES/79/131) read by hand from the PDF.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from mandate_lineage.config import open_store
from mandate_lineage.errors import QueryError, SchemaError
from mandate_lineage.graph import schema
from mandate_lineage.graph.batch import WriteBatch, encode_ahead
from mandate_lineage.graph.falkordb_store import encode_batch
from mandate_lineage.ingest.building import acts as act_rules
from mandate_lineage.ingest.building.evidence import sentences
from mandate_lineage.ingest.gazetteers import bodies, conventions
from mandate_lineage.ingest.gazetteers.gazetteer import Match, PhraseIndex, inside_symbol
from mandate_lineage.ingest.parse import parse_document
from mandate_lineage.ingest.pipeline import bundled_corpus, ingest_paths
from mandate_lineage.ingest.readers.sources import discover, read_source
from tests.conftest import settings_for
from tests.ingest.test_run_independence import graph_of

REALWORLD = Path(__file__).resolve().parents[3] / "shared" / "realworld"
PDFS = ["un-ga-79/A_RES_79_131.pdf", "un-ga-79/A_RES_79_1.pdf", "un-ga-80/A_RES_80_1.pdf"]


def _texts() -> list[str]:
    files = [p for p in discover([bundled_corpus()])]
    files += [REALWORLD / name for name in PDFS if (REALWORLD / name).exists()]
    return [parse_document(read_source(path)).clean.text for path in files]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    found = _texts()
    assert len(found) >= 6
    return found


def walk_every_token(index: PhraseIndex, text: str) -> list[Match]:
    """The scan as the gazetteer module's docstring describes it: every word token in turn."""
    out, resume = [], 0
    for tok in re.finditer(r"[A-Za-z0-9]+", text):
        start = tok.start()
        if start < resume:
            continue
        if start >= 2 and text[start - 1] == "-" and text[start - 2].isalnum():
            continue
        best = None
        for form in index._by_first.get(tok.group().lower(), []):
            m = form.pattern.match(text, start)
            if m is None or (best is not None and m.end() <= best[0]):
                continue
            if form.case_sensitive and inside_symbol(text, start, m.end()):
                continue
            if form.accept is not None and not form.accept(text, start, m.end()):
                continue
            best = (m.end(), form)
        if best is not None:
            resume = best[0]
            out.append(Match(start, best[0], text[start:best[0]], best[1].surface, best[1].payload))
    return out


@pytest.mark.parametrize("module", [bodies, conventions], ids=["bodies", "conventions"])
def test_a_scan_finds_what_the_walk_over_every_token_finds(module, texts: list[str]) -> None:
    index = module._index()
    found = 0
    # non-ASCII letters that case-fold to ASCII ones (Kelvin sign, long s) are not tokens
    extra = ["\u212aey Council of the Permanent Council", "Organization of American \u017ftates, Permanent Council",
             "Inter-American Council; non-Inter-American Commission", ""]
    for text in texts + extra:
        want = walk_every_token(index, text)
        got = list(index.scan(text))
        assert got == want
        found += len(got)
    assert found > 0


def test_an_empty_index_finds_nothing() -> None:
    assert list(PhraseIndex().scan("General Assembly")) == []


def test_a_form_added_after_a_scan_is_found() -> None:
    index: PhraseIndex[str] = PhraseIndex()
    index.add("Permanent Council", "cp")
    assert [m.payload for m in index.scan("the Permanent Council and the General Assembly")] == ["cp"]
    index.add("General Assembly", "ga")
    assert [m.payload for m in index.scan("the Permanent Council and the General Assembly")] == ["cp", "ga"]


# A sentence for each rule that no other rule matches (from the rule table of ``acts.py``).
ONE_RULE_EACH = [
    "To instruct the Permanent Council to report.",
    "In 2001 it instructed the Permanent Council to report.",
    "The Permanent Council was instructed to report.",
    "To prepare the Inter-American Program.",
    "Mandate from resolution AG/RES. 2738 (XLII-O/12).",
    "Decides to renew the mandate of the Permanent Council.",
    "The series, the most recent of which is resolution 67/172.",
    "It adopted the Inter-American Program.",
    "The Permanent Council was created.",
    "To establish the Permanent Council.",
]


def test_the_act_rules_read_the_same_acts_with_and_without_the_sentence_filter(
        texts: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    runs = []
    for text in texts + [" ".join(ONE_RULE_EACH)]:
        mentions = bodies.find_bodies(text)
        paragraph = type("P", (), {"text": text, "start": 0})()
        for sentence in sentences(None, paragraph):  # type: ignore[arg-type]
            inside = [b for b in mentions if sentence.start <= b.start and b.end <= sentence.end]
            for self_acts in (True, False):
                runs.append((sentence.text, sentence.start, inside, self_acts))

    def read_all() -> list[list[act_rules.Act]]:
        return [act_rules.read_acts(t, o, bodies=b, resolutions=[], self_acts=s, self_date=None,
                                    previous_resolution=None) for t, o, b, s in runs]

    filtered = read_all()
    skipped = sum(1 for text, *_ in runs if act_rules.ANY_RULE.search(text) is None)
    monkeypatch.setattr(act_rules, "ANY_RULE", re.compile(""))  # every sentence goes through every rule
    assert read_all() == filtered
    assert sum(map(len, filtered)) > 10
    assert 0 < skipped < len(runs)  # the filter did skip sentences, and not all of them


@pytest.mark.skipif(not (REALWORLD / PDFS[0]).exists(), reason="shared/realworld not present")
def test_a_real_resolution_read_by_hand() -> None:
    """A/RES/79/131: "2. Requests the Secretary-General to take the action necessary to implement
    the present resolution." is its one mandate; it names the General Assembly and the
    Secretary-General (the International Coffee Organization and the Sixth Committee are not in
    the gazetteer)."""
    from mandate_lineage.ingest.building.build import CorpusContext, build_document_graph

    parsed = parse_document(read_source(REALWORLD / PDFS[0]))
    assert {b.body_key for b in parsed.bodies} == {"un:general-assembly", "un:secretary-general"}
    graph = build_document_graph(parsed, CorpusContext.from_manifests([]))
    mandates = [row for rels in graph.batch.relationships if rels.type == "MANDATES" for row in rels.rows]
    assert [(r["source"], r["target"], r["props"]["rule"]) for r in mandates] == [
        ("un:a-res-79-131#op-2", "un:secretary-general", "mandate:requests")]
    assert mandates[0]["props"]["evidenceQuote"].startswith("Requests the Secretary-General to take the action necessary")


@pytest.mark.parametrize("props, message", [
    ({"name": "a", "BadName": 1}, "is not camelCase"),
    ({"name": "a", "title": "x\x00y"}, "NUL character"),
    ({"name": "a", "start": 2**63}, "int64 range"),
    ({"name": "a", "confidence": float("inf")}, "not a finite number"),
    ({"name": "a", "start": {"nested": 1}}, "has type dict"),
    ({"name": "a", "title": b"bytes"}, "has type bytes"),
])
def test_bad_values_of_known_property_names_are_still_refused(props: dict, message: str) -> None:
    good = {"name": "n", "title": "t", "start": 1, "confidence": 0.5}
    schema.validate_node_rows(("Paragraph",), [{"key": "d#p-1", "props": good}])  # the names are known now
    with pytest.raises(SchemaError, match=message) as raised:
        schema.validate_node_rows(("Paragraph",), [{"key": "d#p-2", "props": props}])
    assert "node d#p-2" in str(raised.value)


def test_a_batch_the_encoder_refuses_is_written_as_before_and_refused_there(embedded_dir: Path) -> None:
    batch = WriteBatch()
    batch.add_nodes("Paragraph", [{"key": "d#p-1", "props": {"text": "a\x00b"}}])
    assert encode_ahead(batch, encode_batch) is None
    ok = WriteBatch()
    ok.add_nodes("Paragraph", [{"key": "d#p-1", "props": {"text": "fine"}}])
    assert encode_ahead(ok, encode_batch).endswith("RETURN count(*) AS written")
    with open_store(settings_for("embedded", embedded_dir, graph="encode-refused")) as store:
        store.clear()
        with pytest.raises((SchemaError, QueryError), match="NUL"):
            store.write(batch)
        store.clear()


def test_statements_made_ahead_write_the_graph_made_at_write_time(embedded_dir: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    files = discover([bundled_corpus()])
    digests = []
    for name, ahead in (("ahead", True), ("at-write", False)):
        with open_store(settings_for("embedded", embedded_dir, graph=f"encode-{name}")) as store:
            store.clear()
            if not ahead:
                monkeypatch.setattr(store, "batch_encoder", lambda: None)
            report = ingest_paths(files, store, workers=2 if ahead else 0)
            assert not report.failed
            digests.append(graph_of(store))
            store.clear()
    assert digests[0] == digests[1]
    assert digests[0][1] >= 0
