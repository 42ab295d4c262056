"""A store on the session's embedded server for the hostile tests, with its sandboxes stopped."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mandate_lineage.config import open_store
from mandate_lineage.graph.embedded_server import pid_alive
from mandate_lineage.graph.falkordb_store import FalkorDBStore
from tests.conftest import settings_for


@pytest.fixture
def hostile_store(embedded_dir: Path) -> Iterator[FalkorDBStore]:
    """A graph of a few nodes; every sandbox it starts is checked gone after ``close``."""
    store = open_store(settings_for("embedded", embedded_dir, graph="security"))
    assert isinstance(store, FalkorDBStore)
    store.clear()
    store.write_statement("UNWIND range(1, 50) AS i CREATE (:Body {key: 'security:' + toString(i)})")
    seen: list[int] = []
    try:
        yield store
    finally:
        if store._sandboxes is not None:
            seen = store._sandboxes.pids()
        store.close()
    assert not [pid for pid in seen if pid_alive(pid)], "ad-hoc servers left running"


def sandbox_pids(store: FalkorDBStore) -> list[int]:
    return store._sandboxes.pids() if store._sandboxes is not None else []
