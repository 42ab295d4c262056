"""The production backend: Neo4j 5 through the official driver.

Reads run in READ access mode so the server itself refuses writes; each write is one
explicit transaction (atomic) with a timeout.
"""

from __future__ import annotations

from typing import Any, Mapping

from mandate_lineage.errors import QueryError, QueryTimeout, ReadOnlyViolation, StoreUnavailable
from mandate_lineage.graph import schema
from mandate_lineage.graph.store import DEFAULT_TIMEOUT_MS, GraphStore, QueryResult


def _plain(value: Any) -> Any:
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"labels": sorted(value.labels), "properties": dict(value)}
    if isinstance(value, Relationship):
        return {"type": value.type, "properties": dict(value)}
    if isinstance(value, Path):
        return {"nodes": [_plain(n) for n in value.nodes], "relationships": [_plain(r) for r in value.relationships]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "iso_format"):  # neo4j.time types
        return value.iso_format()
    return value


def _translate(exc: Exception) -> Exception:
    from neo4j import exceptions as neo

    code = getattr(exc, "code", "") or ""
    message = getattr(exc, "message", None) or str(exc)
    if isinstance(exc, neo.ServiceUnavailable | neo.AuthError):
        return StoreUnavailable(f"Neo4j is unavailable: {message}")
    if "AccessMode" in code or "read access mode" in message.lower():
        return ReadOnlyViolation(f"Neo4j refused a write on the read-only path ({message})")
    if "TimedOut" in code or "Terminated" in code:
        return QueryTimeout(f"query stopped after its time limit ({message})")
    return QueryError(message.splitlines()[0] if message else code)


class Neo4jStore(GraphStore):
    backend = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str | None = None, *,
                 default_timeout_ms: int = DEFAULT_TIMEOUT_MS) -> None:
        self.uri = uri
        self.auth = (user, password)
        self.database = database
        self.default_timeout_ms = default_timeout_ms
        self._driver: Any = None

    def open(self) -> "Neo4jStore":
        import neo4j

        try:
            self._driver = neo4j.GraphDatabase.driver(self.uri, auth=self.auth)
            self._driver.verify_connectivity()
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, ValueError) as exc:
            raise _translate(exc) if isinstance(exc, neo4j.exceptions.Neo4jError | neo4j.exceptions.DriverError) else StoreUnavailable(str(exc)) from None
        return self

    def describe(self) -> dict[str, Any]:
        return {"backend": self.backend, "uri": self.uri, "database": self.database or "(default)"}

    def _seconds(self, timeout_ms: int | None) -> float:
        return max(1, int(timeout_ms or self.default_timeout_ms)) / 1000

    def _run(self, query: str, params: Mapping[str, Any], timeout_ms: int | None, *, read: bool,
             row_cap: int | None = None) -> QueryResult:
        import neo4j

        mode = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        try:
            with self._driver.session(database=self.database, default_access_mode=mode) as session:
                with session.begin_transaction(timeout=self._seconds(timeout_ms)) as tx:
                    result = tx.run(query, dict(params))
                    columns = list(result.keys())
                    rows: list[list[Any]] = []
                    truncated = False
                    for record in result:
                        if row_cap is not None and len(rows) >= row_cap:
                            truncated = True
                            break
                        rows.append([_plain(v) for v in record.values()])
                    if read:
                        tx.rollback()
                    else:
                        tx.commit()
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as exc:
            raise _translate(exc) from None
        return QueryResult(columns, rows, truncated)

    def read(self, query: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None,
             row_cap: int | None = None) -> QueryResult:
        return self._run(query, params or {}, timeout_ms, read=True, row_cap=row_cap)

    def _write(self, query: str, params: Mapping[str, Any], timeout_ms: int | None) -> QueryResult:
        return self._run(query, params, timeout_ms, read=False)

    def setup_schema(self) -> None:
        for label in schema.merge_labels():
            self._write(
                f"CREATE CONSTRAINT {label.lower()}_key IF NOT EXISTS FOR (n:{label}) REQUIRE n.key IS UNIQUE", {}, None
            )
        for label, prop in schema.SECONDARY_INDEXES:
            self._write(f"CREATE INDEX {label.lower()}_{prop.lower()} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})", {}, None)
        self.setup_fulltext()

    # --- full-text search (additive) --------------------------------------------------------------
    @staticmethod
    def fulltext_index(label: str) -> str:
        return f"mandates_{label.lower()}_fulltext"

    def setup_fulltext(self) -> None:
        """One full-text index per label of ``schema.FULLTEXT_FIELDS``; waits until they are online."""
        for label, fields in schema.FULLTEXT_FIELDS.items():
            on = ", ".join(f"n.{prop}" for prop in fields)
            self._write(f"CREATE FULLTEXT INDEX {self.fulltext_index(label)} IF NOT EXISTS FOR (n:{label}) ON EACH [{on}]",
                        {}, None)
        self._write("CALL db.awaitIndexes(300)", {}, None)
        self._fulltext_ready = True

    _fulltext_ready = False

    def fulltext(self, label: str, words: list[str], cap: int) -> list[tuple[str, float]]:
        if label not in schema.FULLTEXT_FIELDS:
            raise QueryError(f"no full-text index on {label!r}")
        if not self._fulltext_ready:
            self.setup_fulltext()
        # Lucene syntax: OR is the default operator, so every word is joined with AND. Words are
        # lower-cased word characters, so none is an operator or needs escaping.
        rows = self.read("CALL db.index.fulltext.queryNodes($index, $query) YIELD node, score "
                         "RETURN node.key, score ORDER BY score DESC, node.key LIMIT $cap",
                         {"index": self.fulltext_index(label), "query": " AND ".join(words), "cap": cap}).rows
        return [(key, float(score)) for key, score in rows]

    def clear(self) -> None:
        import neo4j

        try:
            with self._driver.session(database=self.database) as session:
                session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
        except neo4j.exceptions.Neo4jError as exc:
            raise _translate(exc) from None

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None
