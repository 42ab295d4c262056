"""Keys are unique across labels by construction (issue 13, item 7): each backend's constraint keeps
a key unique within its merge label, and a key's form says which label may hold it, checked on
every row written without reading the store, so two concurrent ingests cannot both take one."""

from __future__ import annotations

from pathlib import Path

import pytest

from mandate_lineage.errors import SchemaError
from mandate_lineage.graph import schema
from mandate_lineage.graph.batch import WriteBatch
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.ingest.gazetteers.bodies import load_bodies
from mandate_lineage.ingest.pipeline import ingest_paths

ALLOWED = [
    ("Summit", "summit:3"), ("Summit", "summit:special-2004"), ("Instrument", "summit:3:plan-of-action"),
    ("Instrument", "un:a-res-79-1"), ("Paragraph", "un:a-res-79-1#op-3"), ("SourceText", "un:a-res-79-1#text"),
    ("Body", "oas:iachr"), ("Instrument", "summit:3x"),
]
REFUSED = [
    ("Instrument", "summit:3", "reserved for a Summit"), ("Body", "summit:special-2004", "reserved for a Summit"),
    ("Instrument", "oas:program-migrants-2016#act-28", "reserved for a Paragraph"),
    ("Paragraph", "un:a-res-79-1#text", "reserved for a SourceText"),
    ("Instrument", "oas:iachr", "reserved for a Body"), ("Paragraph", "oas:iachr", "reserved for a Body"),
    ("Paragraph", "op-3", "not of a Paragraph's form"), ("Summit", "summit:third", "not of a Summit's form"),
]


@pytest.fixture(autouse=True, scope="module")
def _bodies() -> None:
    assert any(b.key == "oas:iachr" for b in load_bodies())  # loading the gazetteer reserves its keys


@pytest.mark.parametrize(("merge", "key"), ALLOWED)
def test_a_key_of_its_own_label_form_is_taken(merge: str, key: str) -> None:
    schema.check_key_form(merge, key)


@pytest.mark.parametrize(("merge", "key", "why"), REFUSED)
def test_a_key_of_another_label_form_is_refused(merge: str, key: str, why: str) -> None:
    with pytest.raises(SchemaError, match=why):
        schema.check_key_form(merge, key)


def test_the_check_holds_on_an_empty_store_and_writes_nothing(store: GraphStore) -> None:
    batch = WriteBatch()
    batch.add_nodes(("Document", "Resolution"), [{"key": "summit:7", "props": {"title": "an impostor"}}])
    with pytest.raises(SchemaError, match="reserved for a Summit"):
        store.write(batch)
    assert store.counts().nodes == 0


def test_a_manifest_taking_a_summit_key_is_refused_before_any_summit_is_stored(store: GraphStore,
                                                                              tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("THE GENERAL ASSEMBLY,\n\nRESOLVES:\n\n1. To thank the member states.\n")
    (tmp_path / "manifest.toml").write_text('[[document]]\nfile = "a.txt"\nkey = "summit:7"\nkind = "resolution"\n')
    report = ingest_paths([tmp_path], store)
    [failed] = report.failed
    assert failed.error.startswith(str(tmp_path / "a.txt")) and "reserved for a Summit" in failed.error
    assert store.counts().nodes == 0
