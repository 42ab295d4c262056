"""The production backend: Neo4j 5 through the official driver.

Reads run in READ access mode so the server itself refuses writes (and a routing ``neo4j://``
URI sends them to a cluster's secondaries); each statement is one managed transaction (atomic,
with a server-side timeout), which the driver retries on transient failures and leader changes.
MERGE writes are idempotent, so a retried write converges.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any, Mapping

from mandate_lineage.errors import ConfigError, QueryError, QueryTimeout, ReadOnlyViolation, StoreUnavailable
from mandate_lineage.graph import schema
from mandate_lineage.graph.batch import WriteBatch, compile_batch, own_keys
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
    if isinstance(exc, neo.ServiceUnavailable | neo.SessionExpired | neo.AuthError):
        return StoreUnavailable(f"Neo4j is unavailable: {message}")
    if "AccessMode" in code or "read access mode" in message.lower():
        return ReadOnlyViolation(f"Neo4j refused a write on the read-only path ({message})")
    if "TimedOut" in code or "Terminated" in code:
        return QueryTimeout(f"query stopped after its time limit ({message})")
    return QueryError(message.splitlines()[0] if message else code)


MIN_MAJOR_VERSION = 5
# The store lock (``Neo4jStore.exclusive``): a node of this label, never committed.
LOCK_LABEL = "MandatesStoreLock"
URI_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
CONNECTION_TIMEOUT_S = 10.0


def check_version(versions: list[str], uri: str) -> str:
    """The server's version, or a ``StoreUnavailable`` naming it when it is older than Neo4j 5."""
    version = versions[0] if versions else "unknown"
    try:
        major = int(version.split(".", 1)[0])
    except ValueError:
        return version  # an unparseable version string: let the queries decide
    if major < MIN_MAJOR_VERSION:
        raise StoreUnavailable(f"Neo4j at {uri} is version {version}; mandate-lineage needs Neo4j {MIN_MAJOR_VERSION} or newer")
    return version


def _open_error(exc: Exception, uri: str, user: str) -> Exception:
    """One line saying what went wrong while connecting, in the user's terms."""
    from neo4j import exceptions as neo

    if isinstance(exc, neo.AuthError):
        return StoreUnavailable(f"Neo4j at {uri} refused user {user!r}: wrong user or password "
                                "(check NEO4J_USER and NEO4J_PASSWORD)")
    if isinstance(exc, neo.ServiceUnavailable):
        return StoreUnavailable(f"cannot reach Neo4j at {uri}: is it running, and is NEO4J_URI right? "
                                f"({str(exc).splitlines()[0] if str(exc) else type(exc).__name__})")
    if isinstance(exc, (ValueError, neo.ConfigurationError)):
        return ConfigError(f"bad NEO4J_URI {uri!r}: {exc} (use bolt://, neo4j://, bolt+s:// or neo4j+s://)")
    return _translate(exc)


def _parts(batch: WriteBatch) -> list[WriteBatch]:
    """The preamble, then each node and relationship write, as batches of one part each, in the
    order ``compile_batch`` joins them."""
    parts: list[WriteBatch] = []
    if batch.preamble:
        parts.append(WriteBatch(preamble=batch.preamble, params=dict(batch.params)))
    parts += [WriteBatch(nodes=[nodes]) for nodes in batch.nodes]
    parts += [WriteBatch(relationships=[rels]) for rels in batch.relationships]
    return parts


def _statements(batch: WriteBatch, *, optimistic: bool) -> list[tuple[str, dict[str, Any]]]:
    own = own_keys(batch)  # of the whole batch: its parts are compiled one by one
    return [compile_batch(part, validate=False, optimistic=optimistic, own=own) for part in _parts(batch)]


def encode_batch(batch: WriteBatch) -> list[tuple[str, dict[str, Any]]]:
    """The statements ``Neo4jStore.write`` runs first for ``batch`` (in one transaction;
    relationships written optimistically, see ``GraphStore.write``)."""
    batch.validate()
    return _statements(batch, optimistic=True)


class Neo4jStore(GraphStore):
    backend = "neo4j"

    def __init__(self, uri: str, user: str, password: str, database: str | None = None, *,
                 default_timeout_ms: int = DEFAULT_TIMEOUT_MS) -> None:
        self.uri = uri
        self.auth = (user, password)
        self.database = database
        self.default_timeout_ms = default_timeout_ms
        self._driver: Any = None
        self.server_version: str | None = None

    def open(self) -> "Neo4jStore":
        import neo4j

        scheme = self.uri.partition("://")[0].lower()
        if scheme not in URI_SCHEMES:  # the driver's HTTP support is a preview we do not use
            raise ConfigError(f"bad NEO4J_URI {self.uri!r}: use bolt://, neo4j://, bolt+s:// or neo4j+s://")
        try:
            # notifications off: the server's hints ("label does not exist" on an empty graph)
            # are noise for the named queries and user Cypher alike
            self._driver = neo4j.GraphDatabase.driver(self.uri, auth=self.auth, connection_timeout=CONNECTION_TIMEOUT_S,
                                                      notifications_min_severity="OFF")
            self._driver.verify_connectivity()
            components = self._driver.execute_query(
                "CALL dbms.components() YIELD name, versions RETURN versions", database_=self.database,
                routing_=neo4j.RoutingControl.READ)
            self.server_version = check_version(components.records[0]["versions"] if components.records else [],
                                                self.uri)
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, ValueError) as exc:
            self.close()
            raise _open_error(exc, self.uri, self.auth[0]) from None
        except StoreUnavailable:
            self.close()
            raise
        return self

    def describe(self) -> dict[str, Any]:
        return {"backend": self.backend, "uri": self.uri, "database": self.database or "(default)",
                "serverVersion": self.server_version}

    def _seconds(self, timeout_ms: int | None) -> float:
        return max(1, int(timeout_ms or self.default_timeout_ms)) / 1000

    def _run(self, query: str, params: Mapping[str, Any], timeout_ms: int | None, *, read: bool,
             row_cap: int | None = None) -> QueryResult:
        import neo4j

        @neo4j.unit_of_work(timeout=self._seconds(timeout_ms))
        def work(tx: Any) -> QueryResult:
            result = tx.run(query, dict(params))
            columns = list(result.keys())
            rows: list[list[Any]] = []
            for record in result:
                if row_cap is not None and len(rows) >= row_cap:
                    return QueryResult(columns, rows, True)
                rows.append([_plain(v) for v in record.values()])
            return QueryResult(columns, rows, False)

        mode = neo4j.READ_ACCESS if read else neo4j.WRITE_ACCESS
        if self._driver is None:
            raise StoreUnavailable("the Neo4j store is not open")
        try:
            with self._driver.session(database=self.database, default_access_mode=mode) as session:
                return session.execute_read(work) if read else session.execute_write(work)
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as exc:
            raise _translate(exc) from None

    def read(self, query: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None,
             row_cap: int | None = None) -> QueryResult:
        return self._run(query, params or {}, timeout_ms, read=True, row_cap=row_cap)

    def _write_batch(self, batch: WriteBatch, timeout_ms: int | None, validated: bool) -> int:
        """The batch as one transaction of small statements, one per part. The same parts joined
        into one statement (what FalkorDB needs for atomicity) took Neo4j 10-30 s per document to
        plan; a transaction is atomic here anyway, and each part's text hits the plan cache."""
        if not validated:
            batch.validate()
        self._run_statements(_statements(batch, optimistic=False), timeout_ms)
        return len(batch)

    def batch_encoder(self) -> Callable[[WriteBatch], list[tuple[str, dict[str, Any]]]]:
        return encode_batch

    def _write_encoded(self, encoded: Any, timeout_ms: int | None) -> None:
        self._run_statements(encoded, timeout_ms)

    def _run_statements(self, statements: list[tuple[str, dict[str, Any]]], timeout_ms: int | None) -> None:
        if not statements:
            return

        import neo4j

        @neo4j.unit_of_work(timeout=self._seconds(timeout_ms))
        def work(tx: Any) -> None:
            for query, params in statements:
                tx.run(query, params).consume()

        if self._driver is None:
            raise StoreUnavailable("the Neo4j store is not open")
        try:
            with self._driver.session(database=self.database, default_access_mode=neo4j.WRITE_ACCESS) as session:
                session.execute_write(work)
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as exc:
            raise _translate(exc) from None

    def _write(self, query: str, params: Mapping[str, Any], timeout_ms: int | None) -> QueryResult:
        return self._run(query, params, timeout_ms, read=False)

    def setup_schema(self) -> None:
        for label in schema.merge_labels():
            self._write(
                f"CREATE CONSTRAINT {label.lower()}_key IF NOT EXISTS FOR (n:{label}) REQUIRE n.key IS UNIQUE", {}, None
            )
        for label, prop in schema.SECONDARY_INDEXES:
            self._write(f"CREATE INDEX {label.lower()}_{prop.lower()} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})", {}, None)
        for type_, prop in schema.RELATIONSHIP_INDEXES:  # a document's edges by its key
            self._write(f"CREATE INDEX rel_{type_.lower()}_{prop.lower()} IF NOT EXISTS FOR ()-[r:{type_}]-() ON (r.{prop})",
                        {}, None)
        self._write(f"CREATE CONSTRAINT mandates_store_lock IF NOT EXISTS FOR (n:{LOCK_LABEL}) REQUIRE n.name IS UNIQUE",
                    {}, None)
        self.setup_fulltext()

    @contextlib.contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        """The store's lock ``name``, shared by every process of every machine using this database.

        The holder keeps a transaction open in which it created the lock node; the uniqueness
        constraint makes any other holder's MERGE of that node wait for the transaction to end.
        It is rolled back, never committed, so the node never shows in the graph; and the server
        rolls it back by itself when the holder's connection goes (a holder killed with SIGKILL),
        as the kernel releases the embedded store's lock file."""
        import neo4j

        if self._driver is None:
            raise StoreUnavailable("the Neo4j store is not open")
        session = self._driver.session(database=self.database, default_access_mode=neo4j.WRITE_ACCESS)
        try:
            tx = session.begin_transaction()  # no time limit: a pass may take minutes, as a waiter may
            tx.run(f"MERGE (:{LOCK_LABEL} {{name: $name}})", {"name": name}).consume()
        except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError) as exc:
            session.close()
            raise _translate(exc) from None
        try:
            yield
        finally:
            with contextlib.suppress(neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError):
                tx.rollback()
            with contextlib.suppress(neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError):
                session.close()

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
        # In batches, each its own transaction, so a large graph never needs one huge transaction
        # (portable across 5.x, where CALL { } IN TRANSACTIONS changed its scoping syntax).
        while self._write("MATCH (n) WITH n LIMIT 10000 DETACH DELETE n RETURN count(*) AS c", {}, None).rows[0][0]:
            pass

    def close(self) -> None:
        if self._driver is not None:
            self._driver.close()
            self._driver = None
