"""The reuse stage's token cache (issue 12, item 2): a pass over texts it has seen tokenises none
of them and gives exactly the links of a pass without the cache; the cache is keyed by the text
and by what tokenising depends on, and a damaged cache file is passed over.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from bench.synth import generate
from mandate_lineage.config import open_store
from mandate_lineage.ingest.pipeline import ingest_paths
from mandate_lineage.ingest.reuse import engine, token_cache
from mandate_lineage.ingest.reuse.echoes import reconcile_reuse
from mandate_lineage.ingest.reuse.engine import CachedSpans, _tokenise, token_spans
from mandate_lineage.ingest.reuse.token_cache import TokenCache, text_digest
from tests.conftest import settings_for
from tests.ingest.reuse_reference import echoes_of

# A commitment naming a body and a resolution (their tokens are stock), with quotes and a
# possessive: the cases where spans and stock flags could go wrong.
TEXT = ("Request the Inter-American Commission on Human Rights (IACHR) to report on the \"right to "
        "communicate\" of migrants' families, as AG/RES. 2141 (XXXV-O/05) asked, in the State's reports.")
OTHER = "Welcome the census of fisheries held in Lima, and the ports of Quito."



@pytest.fixture(scope="module")
def store_and_dir(tmp_path_factory: pytest.TempPathFactory, embedded_dir: Path):
    folder = tmp_path_factory.mktemp("reuse-cache-corpus")
    generate(60, 11, folder)
    settings = settings_for("embedded", embedded_dir, graph="reuse-cache")
    with open_store(settings) as store:
        store.clear()
        report = ingest_paths(sorted(p for p in folder.iterdir() if p.suffix == ".txt"), store, workers=0)
        assert not report.failed
        yield store, embedded_dir
        store.clear()


def test_the_ingest_fills_the_cache_beside_the_data(store_and_dir) -> None:
    store, data_dir = store_and_dir
    path = data_dir / token_cache.FILE_NAME
    assert path.is_file()
    assert path.stat().st_mode & 0o077 == 0  # private, like the data dir
    stored = store.read("MATCH (p:Paragraph) WHERE p.kind = 'operative' "
                        "RETURN coalesce(p.originalText, p.text) LIMIT 5").rows
    cache = TokenCache(path, 6)
    try:
        assert len(cache.get_many([text_digest(text) for (text,) in stored])) == len(stored)
    finally:
        cache.close()


def test_a_pass_on_cached_texts_tokenises_nothing_and_gives_the_same_links(
        store_and_dir, monkeypatch: pytest.MonkeyPatch) -> None:
    store, _ = store_and_dir
    whole = echoes_of(store)
    count = store.read("MATCH ()-[r:ECHOES]->() RETURN count(r)").rows[0][0]
    assert count > 20, "the corpus has too little text reuse for the comparison to prove anything"
    # without the cache: every text tokenised, as before the cache
    with monkeypatch.context() as m:
        m.setattr(TokenCache, "open_for", classmethod(lambda cls, store, stem_length: None))
        store.write_statement("MATCH ()-[r:ECHOES]->() DELETE r")
        assert reconcile_reuse(store, batch_size=13) == (count, 0)
        assert echoes_of(store) == whole

    # with it: no text is tokenised, neither for the index nor for the quotes' spans
    def refuse(*args: object) -> None:
        raise AssertionError("a cached text was tokenised again")

    monkeypatch.setattr(engine, "_tokenise", refuse)
    monkeypatch.setattr(engine, "token_spans", refuse)
    store.write_statement("MATCH ()-[r:ECHOES]->() DELETE r")
    assert reconcile_reuse(store, batch_size=13) == (count, 0)
    assert echoes_of(store) == whole


def test_cached_tokens_are_those_of_the_tokeniser(tmp_path: Path) -> None:
    made = _tokenise(([TEXT, OTHER, ""], 6))
    cache = TokenCache(tmp_path / "cache.sqlite", 6)
    cache.put_many(zip([text_digest(t) for t in (TEXT, OTHER, "")], made))
    got = cache.get_many([text_digest(TEXT), text_digest(""), text_digest("not seen")])
    assert set(got) == {text_digest(TEXT), text_digest("")}
    assert got[text_digest(TEXT)] == made[0]
    terms, stock, _, _ = got[text_digest(TEXT)]
    # the body's and the resolution's words are stock, "migrants" and "communicate" are not
    assert [t for t, s in zip(terms, stock) if s][:3] == ["inter", "americ", "commis"]
    assert not any(s for t, s in zip(terms, stock) if t in ("migran", "commun"))
    spans = CachedSpans(*cache.spans_of([text_digest(TEXT)])[text_digest(TEXT)])
    assert list(spans) == token_spans(TEXT, 6)
    assert TEXT[slice(*spans[-1])] == "reports"
    cache.close()


def test_a_change_of_what_tokenising_depends_on_empties_the_cache(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite"
    cache = TokenCache(path, 6)
    cache.put_many([(text_digest(OTHER), _tokenise(([OTHER], 6))[0])])
    cache.close()
    assert TokenCache(path, 6).get_many([text_digest(OTHER)])  # kept across opens
    assert TokenCache(path, 7).get_many([text_digest(OTHER)]) == {}  # another stem length: emptied


def test_a_damaged_cache_file_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / token_cache.FILE_NAME).write_bytes(b"not a database " * 100)
    holder = SimpleNamespace(server=SimpleNamespace(data_dir=tmp_path))  # a store's data dir, as the stage finds it
    assert TokenCache.open_for(holder, 6) is None


def test_the_stage_row_of_a_link_is_the_one_of_the_general_path() -> None:
    from mandate_lineage.ingest.reuse.detect import DEFAULT, ReuseCandidate, reuse_link
    from mandate_lineage.ingest.reuse.echoes import link_row
    from mandate_lineage.ingest.reuse.engine import ReuseIndex, to_paragraph
    from tests.ingest.reuse_reference import echo_row, stored_row

    filler = [ReuseCandidate(f"doc:f{i}#p1", f"doc:f{i}", f"doc:f{i}", f"{1980 + i}", "operative",
                             f"Welcome the census of {topic} held in {place}.", 10)
              for i, (topic, place) in enumerate((t, p) for t in ("fisheries", "ports", "seeds", "pensions")
                                                  for p in ("Lima", "Quito", "Panama", "Bogota"))]
    earlier = ReuseCandidate("doc:plan#p1", "doc:plan", "doc:plan", "2004", "operative", TEXT, 120, commitment=True)
    later = ReuseCandidate("doc:prog#p1", "doc:prog", "doc:prog", "2016", "operative",
                           TEXT.replace("Request", "Ask").replace("families", "children"), 7)
    ordered = sorted(filler + [earlier, later], key=lambda c: c.key)
    index = ReuseIndex(DEFAULT)
    index.add(to_paragraph(c) for c in ordered)
    links = index.links()
    assert links
    for k in links:
        s, t = ordered[k.source], ordered[k.target]
        s_spans, t_spans = token_spans(s.text, 6), token_spans(t.text, 6)
        assert link_row(s, t, k, s_spans, t_spans) == stored_row(echo_row(reuse_link(s, t, k, s_spans, t_spans)))
