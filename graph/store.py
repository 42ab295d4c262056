"""The store interface every backend implements, and the plain result types it returns."""

from __future__ import annotations

import abc
import contextlib
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Mapping

from mandate_lineage.errors import QueryError
from mandate_lineage.graph.batch import WriteBatch, compile_batch, split_batch
from mandate_lineage.graph.cypher_guard import refuse_load_csv

DEFAULT_TIMEOUT_MS = 30_000
DEFAULT_ROW_CAP = 10_000
LOAD_BATCH_ROWS = 5_000  # fastest UNWIND batch size measured here (shared CYPHER.md)


@dataclass(frozen=True)
class QueryResult:
    """Rows of plain Python values; nodes, relationships and paths become dicts of one shape
    on every backend: ``{"labels", "properties"}``, ``{"type", "properties"}``,
    ``{"nodes", "relationships"}``."""

    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


@dataclass(frozen=True)
class Counts:
    nodes_by_label: dict[str, int] = field(default_factory=dict)
    relationships_by_type: dict[str, int] = field(default_factory=dict)
    nodes: int = 0
    relationships: int = 0


COUNT_NODES = "MATCH (n) RETURN count(n) AS c"
COUNT_RELATIONSHIPS = "MATCH ()-[r]->() RETURN count(r) AS c"
# Per-label counts: UNWIND labels so a node with three labels counts under each.
COUNT_BY_LABEL = "MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS c ORDER BY label"
COUNT_BY_TYPE = "MATCH ()-[r]->() RETURN type(r) AS type, count(r) AS c ORDER BY type"


class GraphStore(abc.ABC):
    """A graph database holding the mandate graph. Use as a context manager."""

    backend: str = "?"

    # --- backend specific -------------------------------------------------------------
    @abc.abstractmethod
    def open(self) -> "GraphStore":
        """Connect (and for the embedded store, start its server if none is alive)."""

    @abc.abstractmethod
    def setup_schema(self) -> None:
        """Create the key indexes and uniqueness constraints (idempotent)."""

    @abc.abstractmethod
    def read(self, query: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None,
             row_cap: int | None = None) -> QueryResult:
        """Run a query the backend itself refuses to write through (``ReadOnlyViolation``)."""

    def adhoc_read(self, query: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None,
                   row_cap: int | None = None) -> QueryResult:
        """User Cypher (``/cypher``, ``mandates cypher``): a backend may run it apart from the
        serving path (the embedded store does, see ``adhoc``); by default it is ``read`` with no
        ``LOAD CSV`` (a server that is not ours to close off would fetch any URL or import file)."""
        refuse_load_csv(query)
        return self.read(query, params, timeout_ms=timeout_ms, row_cap=row_cap)

    @abc.abstractmethod
    def _write(self, query: str, params: Mapping[str, Any], timeout_ms: int | None) -> QueryResult:
        """Run one statement atomically in write mode."""

    @abc.abstractmethod
    def clear(self) -> None:
        """Delete every node and relationship of this graph."""

    @abc.abstractmethod
    def close(self) -> None: ...

    def generation(self) -> int | None:
        """A number every write changes, the same in every process that reads this graph, or None
        when the backend cannot say (then nothing is cached on it): what keys cached answers."""
        return None

    def describe(self) -> dict[str, Any]:
        """Where the data lives, for ``mandates status``."""
        return {"backend": self.backend}

    @contextlib.contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        """Hold the store's lock ``name`` for a read-compute-write stage that must not interleave
        with the same stage of another process (the text-reuse pass). A backend without a shared
        lock runs the stage unlocked (its pass checks the document set instead, see ``echoes``)."""
        yield

    def compact(self) -> None:
        """Backend housekeeping after a bulk load (no-op by default)."""

    def fulltext(self, label: str, words: list[str], cap: int) -> list[tuple[str, float]]:
        """Keys and scores of the ``label`` nodes (a merge label of ``schema.FULLTEXT_FIELDS``)
        whose indexed text holds every one of ``words`` (in any order; the backend's analyser
        stems them), best first, at most ``cap``. The procedures differ per backend, so each
        store owns this; ``words`` are plain word characters (``queries.search.words_of``)."""
        raise NotImplementedError(f"{self.backend} has no full-text search")

    # --- shared ---------------------------------------------------------------------
    def write(self, batch: WriteBatch, *, timeout_ms: int | None = None, validated: bool = False) -> int:
        """Write the whole batch in one atomic statement; return the rows written.

        A statement made ahead (``batch_encoder``) writes relationships optimistically
        (``compile_batch(optimistic=True)``): refused, it left nothing, and the batch is written
        again merging into existing relationships (a database error that was not the optimistic
        part's is then raised by that write, as before)."""
        if batch.encoded is not None:  # made ahead by ``batch_encoder``
            try:
                self._write_encoded(batch.encoded, timeout_ms)
                return len(batch)
            except QueryError:
                pass
        return self._write_batch(batch, timeout_ms, validated)

    def _write_batch(self, batch: WriteBatch, timeout_ms: int | None, validated: bool) -> int:
        """The batch compiled now, merging into existing relationships."""
        query, params = compile_batch(batch, validate=not validated)
        self._write(query, params, timeout_ms)
        return len(batch)

    def batch_encoder(self) -> Callable[[WriteBatch], Any] | None:
        """A picklable function making a batch's statement as ``write`` sends it first (its
        relationships written optimistically), to run ahead of the write in another process (the
        ingest's parse workers), or None (made at write time)."""
        return None

    def _write_encoded(self, encoded: Any, timeout_ms: int | None) -> None:
        """Send a statement ``batch_encoder`` made."""
        raise NotImplementedError(f"{self.backend} has no batch encoder")

    def write_statement(self, statement: str, params: Mapping[str, Any] | None = None, *,
                        timeout_ms: int | None = None) -> QueryResult:
        """Run one trusted write statement as it is (a script this package wrote, such as the
        Cypher export). Never pass user input here: user Cypher goes through ``read``."""
        return self._write(statement, params or {}, timeout_ms)

    def load(self, batch: WriteBatch, *, batch_rows: int = LOAD_BATCH_ROWS, timeout_ms: int | None = None) -> int:
        """Bulk load in many statements (each atomic, the whole not): nodes first, then relationships."""
        batch.validate()
        written = 0
        for part in split_batch(batch, batch_rows):
            written += self.write(part, timeout_ms=timeout_ms, validated=True)
        return written

    def upsert_nodes(self, labels: tuple[str, ...] | str, rows: list[Mapping[str, Any]], *, create_only: bool = False) -> int:
        batch = WriteBatch()
        batch.add_nodes(labels, rows, create_only=create_only)
        return self.load(batch)

    def upsert_relationships(self, type_: str, source_label: str, target_label: str, rows: list[Mapping[str, Any]]) -> int:
        batch = WriteBatch()
        batch.add_relationships(type_, source_label, target_label, rows)
        return self.load(batch)

    def totals(self) -> tuple[int, int]:
        """Nodes and relationships in all: both backends answer these from their own counters, where
        ``counts`` scans every node for its labels (0.2 s on a 24k-node graph)."""
        return self.read(COUNT_NODES).rows[0][0], self.read(COUNT_RELATIONSHIPS).rows[0][0]

    def counts(self) -> Counts:
        by_label = {r[0]: r[1] for r in self.read(COUNT_BY_LABEL).rows}
        by_type = {r[0]: r[1] for r in self.read(COUNT_BY_TYPE).rows}
        nodes, rels = self.totals()
        return Counts({k: v for k, v in by_label.items() if v}, by_type, nodes, rels)

    def __enter__(self) -> "GraphStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
