"""The embedded backend: FalkorDB in a child redis-server (see ``embedded_server``)."""

from __future__ import annotations

import contextlib
import fcntl
import math
import os
import re
import threading
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, TypeVar

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from mandate_lineage.errors import QueryError, QueryTimeout, ReadOnlyViolation, StoreUnavailable
from mandate_lineage.graph import schema
from mandate_lineage.graph.batch import WriteBatch, compile_batch
from mandate_lineage.graph.cypher_guard import refuse_load_csv
from mandate_lineage.graph.embedded_server import TIMEOUT_MAX_MS, EmbeddedServer
from mandate_lineage.graph.falkordb_reply import read_reply
from mandate_lineage.graph.store import DEFAULT_ROW_CAP, DEFAULT_TIMEOUT_MS, GraphStore, QueryResult

T = TypeVar("T")
HUNG_MARGIN_S = 15.0
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1  # FalkorDB clamps integers past these without a word


def _translate(exc: redis.exceptions.ResponseError) -> Exception:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "read-only queries" in message:
        return ReadOnlyViolation(f"the embedded store refused a write on the read-only path ({message})")
    if "timed out" in message.lower():
        return QueryTimeout(f"query stopped after its time limit ({message})")
    return QueryError(message.replace("errMsg: ", "").split(" errCtx:")[0])


def _checked_params(params: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters the falkordb client can carry. It writes them into the query text, where a NUL
    cuts the text short and a backtick or empty name breaks it (shared CYPHER.md): refuse those
    here as a clear ``QueryError`` instead of a parse error or a crash."""

    def check(value: Any, where: str) -> None:
        if isinstance(value, str) and "\x00" in value:
            raise QueryError(f"bad parameter {where}: contains a NUL character")
        if isinstance(value, float) and not math.isfinite(value):
            raise QueryError(f"bad parameter {where}: {value} is not a finite number")
        if isinstance(value, int) and not isinstance(value, bool) and not INT64_MIN <= value <= INT64_MAX:
            raise QueryError(f"bad parameter {where}: integer {value} is outside the 64-bit range "
                             f"[{INT64_MIN}, {INT64_MAX}]")
        if isinstance(value, (bytes, bytearray, set, frozenset)):
            raise QueryError(f"bad parameter {where}: {type(value).__name__} values are not supported")
        if isinstance(value, dict):
            for key, item in value.items():
                check_name(key, f"{where}.{key}")
                check(item, f"{where}.{key}")
        elif isinstance(value, (list, tuple)):
            for index, item in enumerate(value):
                check(item, f"{where}[{index}]")

    def check_name(name: Any, where: str) -> None:
        if not isinstance(name, str) or not name or "`" in name or "\x00" in name:
            raise QueryError(f"bad parameter name {where!r}: names are non-empty strings without backticks")

    for name, value in params.items():
        check_name(name, name)
        check(value, name)
    return dict(params)


_GOOD_KEYS: set[str] = set()  # map keys already checked


class _Unsendable(Exception):
    """A value ``_params_header`` cannot write; ``_checked_params`` then says which and why."""


def _literal(value: Any, out: list[str]) -> None:
    """Append ``value`` as the falkordb client's ``stringify_param_value`` writes it, refusing
    what ``_checked_params`` refuses. One pass instead of a check and then the client's own
    stringification: on large batches both were a third of the client's time."""
    kind = type(value)
    if kind is str:
        if "\x00" in value:
            raise _Unsendable
        out.append('"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"')
    elif value is None:
        out.append("null")
    elif kind is bool:
        out.append(str(value))
    elif kind is int:
        if not INT64_MIN <= value <= INT64_MAX:
            raise _Unsendable
        out.append(str(value))
    elif kind is float:
        if not math.isfinite(value):
            raise _Unsendable
        out.append(str(value))
    elif kind is dict:
        out.append("{")
        sep = "`"
        for key, item in value.items():
            if key not in _GOOD_KEYS:
                if type(key) is not str or not key or "`" in key or "\x00" in key:
                    raise _Unsendable
                if len(_GOOD_KEYS) < 10_000:  # property names: a few dozen
                    _GOOD_KEYS.add(key)
            # strings and integers inline: most values of a batch row, one call fewer each
            item_kind = type(item)
            if item_kind is str and "\x00" not in item:
                out.append(sep + key + '`:"' + item.replace("\\", "\\\\").replace('"', '\\"') + '"')
            elif item_kind is int and INT64_MIN <= item <= INT64_MAX:
                out.append(sep + key + "`:" + str(item))
            else:
                out.append(sep + key + "`:")
                _literal(item, out)
            sep = ",`"
        out.append("}")
    elif kind is list or kind is tuple:
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _literal(item, out)
        out.append("]")
    else:  # subclasses, bytes, sets...: the slow, exact path decides
        raise _Unsendable


def _params_header(params: Mapping[str, Any]) -> str:
    """The ``CYPHER name=value ...`` prefix the falkordb client would build, checked on the way."""
    if not params:
        return ""
    out = ["CYPHER "]
    try:
        for name, value in params.items():
            if type(name) is not str or not name or "`" in name or "\x00" in name:
                raise _Unsendable
            out.append(f"`{name}`=")
            _literal(value, out)
            out.append(" ")
    except (_Unsendable, RecursionError):
        checked = _checked_params(params)  # raises the QueryError that names the bad value
        from falkordb.helpers import stringify_param_value  # what the client sends for the rest

        return "CYPHER " + "".join(f"`{k}`={stringify_param_value(v)} " for k, v in checked.items())
    return "".join(out)


_PARAMETER = re.compile(r"\$(?:`([^`]+)`|([A-Za-z_][A-Za-z0-9_]*))")
_STRINGS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


def _name_missing(exc: QueryError, query: str, params: Mapping[str, Any]) -> QueryError:
    """FalkorDB says only "Missing parameters": name them (``$x`` outside string literals)."""
    if "Missing parameters" not in str(exc):
        return exc
    used = dict.fromkeys(a or b for a, b in _PARAMETER.findall(_STRINGS.sub("''", query)))
    missing = [name for name in used if name not in params]
    if not missing:
        return exc
    return QueryError(f"Missing parameters: {', '.join('$' + name for name in missing)} "
                      f"(give each a value, e.g. -p {missing[0]}=VALUE or \"parameters\": {{\"{missing[0]}\": ...}})")


def encode_batch(batch: WriteBatch) -> str:
    """The text ``FalkorDBStore.write`` sends first for ``batch`` (parameters header and
    statement; relationships written optimistically, see ``GraphStore.write``)."""
    query, params = compile_batch(batch, optimistic=True)
    return _params_header(params) + query


class FalkorDBStore(GraphStore):
    backend = "embedded"

    def __init__(self, data_dir: Path | str, graph: str = "mandates", *, default_timeout_ms: int = DEFAULT_TIMEOUT_MS,
                 hung_after_s: float = TIMEOUT_MAX_MS / 1000 + HUNG_MARGIN_S) -> None:
        self.server = EmbeddedServer(data_dir)
        self.hung_after_s = hung_after_s
        self.graph_name = graph
        self.default_timeout_ms = default_timeout_ms
        self._db: Any = None
        self._graph: Any = None
        # The API calls one store from several threads: connection swaps happen under this lock,
        # and each call works on the connection it started with.
        self._lock = threading.Lock()
        self._sandboxes: Any = None  # the ad-hoc query servers (``adhoc``), started on first use

    def open(self) -> "FalkorDBStore":
        with self._lock:
            self._connect()
        return self

    def _connect(self) -> None:
        from falkordb import FalkorDB

        socket = self.server.ensure_running()
        # A socket timeout past the server's own query limit means the server hung, not the query.
        db = FalkorDB(unix_socket_path=str(socket), socket_timeout=self.hung_after_s,
                      socket_connect_timeout=self.hung_after_s, retry=Retry(NoBackoff(), 0))
        self._db, self._graph = db, db.select_graph(self.graph_name)

    def describe(self) -> dict[str, Any]:
        return {
            "backend": self.backend,
            "dataDir": str(self.server.data_dir),
            "graph": self.graph_name,
            "socket": str(self.server.socket_path),
            "serverPid": self.server.pid(),
        }

    def _connection(self) -> tuple[Any, Any]:
        with self._lock:
            if self._db is None:
                self._connect()
            return self._db, self._graph

    def _reconnect(self, failed: Any, hung: bool) -> tuple[Any, Any]:
        """Replace a dead connection once, whichever thread sees it first; others reuse the new one."""
        with self._lock:
            if self._db is failed or self._db is None:
                # Not closed here: other threads may still be reading from it; their reads fail
                # with the dead server and they retry on the new connection. GC closes it.
                self._db = self._graph = None
                if hung:
                    self.server.kill_hung()
                self._connect()
            return self._db, self._graph

    def _call(self, action: Callable[[Any, Any], T]) -> T:
        """Run ``action(db, graph)``; if the server died or hung, restart it once and retry (MERGE
        writes are idempotent and a cut query was never acknowledged)."""
        db, graph = self._connection()
        try:
            return action(db, graph)
        except redis.exceptions.ResponseError as exc:
            raise _translate(exc) from None
        except (redis.exceptions.ConnectionError, redis.exceptions.BusyLoadingError, redis.exceptions.TimeoutError) as exc:
            db, graph = self._reconnect(db, hung=isinstance(exc, redis.exceptions.TimeoutError))
            try:
                return action(db, graph)
            except redis.exceptions.ResponseError as exc:
                raise _translate(exc) from None
            except redis.exceptions.RedisError as exc:
                raise StoreUnavailable(f"embedded server in {self.server.data_dir} is unavailable: {exc}") from None

    def _timeout(self, timeout_ms: int | None) -> int:
        return max(1, min(int(timeout_ms or self.default_timeout_ms), TIMEOUT_MAX_MS))

    def read(self, query: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None,
             row_cap: int | None = None) -> QueryResult:
        try:
            return self._run("GRAPH.RO_QUERY", _params_header(params or {}) + query, timeout_ms, row_cap)
        except QueryError as exc:
            raise _name_missing(exc, query, params or {}) from None

    def adhoc_read(self, query: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None,
                   row_cap: int | None = None) -> QueryResult:
        """User Cypher, on a sandbox (``adhoc``) rather than on the serving database: stopped within
        its limit plus one second whatever it computes, with no network, no files, and the
        database itself capping rows (row cap + 1) and memory."""
        from mandate_lineage.graph.adhoc import SandboxPool, isolation_prefix

        if not isolation_prefix():
            refuse_load_csv(query)
        text = _params_header(params or {}) + query
        timeout, cap = self._timeout(timeout_ms), row_cap or DEFAULT_ROW_CAP

        def action(sandbox: Any) -> QueryResult:
            from falkordb import FalkorDB

            db = FalkorDB(unix_socket_path=str(sandbox.socket_path), socket_timeout=SandboxPool.deadline_s(timeout),
                          socket_connect_timeout=5, retry=Retry(NoBackoff(), 0))
            try:
                g = db.select_graph(self.graph_name)
                try:
                    response = g.execute_command("GRAPH.RO_QUERY", g.name, text, "--compact", "timeout", timeout)
                    return QueryResult(*read_reply(g, response, cap))
                except redis.exceptions.ResponseError as exc:
                    raise _translate(exc) from None
            finally:
                db.close()

        return self._sandbox_pool().run(action, timeout_ms=timeout, row_cap=cap)

    def _sandbox_pool(self) -> Any:
        from mandate_lineage.graph.adhoc import SandboxPool, servers_per_process

        self._connection()  # the primary runs: the sandboxes copy it
        with self._lock:
            if self._sandboxes is None:
                self._sandboxes = SandboxPool.for_data_dir(self.server.data_dir, self.server.socket_path,
                                                           servers_per_process(), self._generation_key())
            return self._sandboxes

    def _write(self, query: str, params: Mapping[str, Any], timeout_ms: int | None) -> QueryResult:
        return self._write_text(_params_header(params) + query, timeout_ms)

    def _write_text(self, text: str, timeout_ms: int | None) -> QueryResult:
        try:
            result = self._run("GRAPH.QUERY", text, timeout_ms, None)
        except BaseException:
            with contextlib.suppress(Exception):  # the write's own error is the one to report
                self._bump_generation()
            raise
        # after the write, never before: an answer cached under the old number is not served again
        self._bump_generation()
        return result

    def _generation_key(self) -> str:
        # A plain string key beside the graph in the same server: every process (API workers,
        # an ingest, a removal) sees the same counter, and the append-only file keeps it.
        return f"mandates:generation:{self.graph_name}"

    def generation(self) -> int:
        value = self._call(lambda db, g: db.connection.get(self._generation_key()))
        return int(value) if value is not None else 0

    def _bump_generation(self) -> None:
        self._call(lambda db, g: db.connection.incr(self._generation_key()))

    def batch_encoder(self) -> Callable[[WriteBatch], str]:
        return encode_batch

    def _write_encoded(self, encoded: Any, timeout_ms: int | None) -> None:
        self._write_text(encoded, timeout_ms)  # bumps the generation as every write does

    def _run(self, command: str, text: str, timeout_ms: int | None, row_cap: int | None) -> QueryResult:
        """One query, its compact reply read by ``falkordb_reply`` (not the client's parser)."""
        timeout = self._timeout(timeout_ms)

        def action(db: Any, g: Any) -> QueryResult:
            response = g.execute_command(command, g.name, text, "--compact", "timeout", timeout)
            return QueryResult(*read_reply(g, response, row_cap))

        return self._call(action)

    def setup_schema(self) -> None:
        existing = []
        if self.graph_name in self._call(lambda db, g: db.list_graphs()):  # db.indexes() fails on a new graph
            existing = self.read("CALL db.indexes() YIELD label, properties RETURN label, properties").rows
        indexed = {(label, prop) for label, props in existing for prop in props}
        wanted = [(label, "key") for label in schema.merge_labels()] + list(schema.SECONDARY_INDEXES)
        for label, prop in wanted:
            if (label, prop) not in indexed:
                try:
                    self._write(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})", {}, None)
                except QueryError as exc:  # another process set the schema up at the same moment
                    if "already indexed" not in str(exc):
                        raise
        for type_, prop in schema.RELATIONSHIP_INDEXES:  # a document's edges by its key
            if (type_, prop) not in indexed:
                try:
                    self._write(f"CREATE INDEX FOR ()-[r:{type_}]-() ON (r.{prop})", {}, None)
                except QueryError as exc:  # as above
                    if "already indexed" not in str(exc):
                        raise
        constrained = {(c["label"], tuple(c["properties"])) for c in self._call(lambda db, g: g.list_constraints())}
        for label in schema.merge_labels():
            if (label, ("key",)) not in constrained:
                try:
                    self._call(lambda db, g, label=label: db.connection.execute_command(
                        "GRAPH.CONSTRAINT", "CREATE", self.graph_name, "UNIQUE", "NODE", label, "PROPERTIES", "1", "key"))
                except QueryError as exc:  # as above: a concurrent set-up got there first
                    if "already exists" not in str(exc):
                        raise
        self._declare_schema()
        self._setup_fulltext()

    def _setup_fulltext(self) -> None:
        """The full-text index of every label and field in ``schema.FULLTEXT_FIELDS`` (a field
        indexed twice is an error here, so only the missing ones are created)."""
        rows = self.read("CALL db.indexes() YIELD label, properties, types RETURN label, types").rows
        have = {(label, prop) for label, types in rows for prop, kinds in types.items() if "FULLTEXT" in kinds}
        for label, fields in schema.FULLTEXT_FIELDS.items():
            for prop in fields:
                if (label, prop) not in have:
                    try:
                        self._write("CALL db.idx.fulltext.createNodeIndex($label, $prop)", {"label": label, "prop": prop},
                                    None)
                    except QueryError as exc:
                        if "already indexed" not in str(exc):  # another process set it up meanwhile
                            raise
        self._fulltext_ready = True

    _fulltext_ready = False

    def fulltext(self, label: str, words: list[str], cap: int) -> list[tuple[str, float]]:
        if label not in schema.FULLTEXT_FIELDS:
            raise QueryError(f"no full-text index on {label!r}")
        if not self._fulltext_ready:  # a store opened without setup, or a data directory from before search
            self._setup_fulltext()
        # RediSearch syntax: words separated by spaces must all match (an intersection), in any order.
        rows = self.read("CALL db.idx.fulltext.queryNodes($label, $query) YIELD node, score "
                         "RETURN node.key, score ORDER BY score DESC, node.key LIMIT $cap",
                         {"label": label, "query": " ".join(words), "cap": cap}).rows
        return [(key, float(score)) for key, score in rows]

    def _declare_schema(self) -> None:
        """Make every label and relationship type known to the graph up front.

        FalkorDB plans a read before it takes the read lock, and a plan made while a relationship
        type does not exist yet matches none of it: a reader that raced the first document of a
        fresh graph saw the document with none of its PART_OF edges. Declared types close that
        window. They are declared by one node and self-loops created and deleted in one statement
        (names come from the frozen schema, not from input)."""
        labels = {r[0] for r in self.read("CALL db.labels() YIELD label RETURN label").rows}
        types = {r[0] for r in self.read(
            "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType").rows}
        missing_labels = sorted(set(schema.NODE_LABELS) - labels)
        missing_types = sorted(set(schema.REL_TYPES) - types)
        if not (missing_labels or missing_types):
            return
        node_labels = "".join(f":{label}" for label in missing_labels or sorted(schema.NODE_LABELS)[:1])
        loops = " ".join(f"CREATE (n)-[:{t} {{key: $key}}]->(n)" for t in missing_types)
        self._write(f"CREATE (n{node_labels} {{key: $key}}) {loops} WITH n DETACH DELETE n",
                    {"key": "__schema_declaration__"}, None)

    def clear(self) -> None:
        if self.graph_name in self._call(lambda db, g: db.list_graphs()):
            self._call(lambda db, g: g.delete())
            self._bump_generation()
        with self._lock:
            self._graph = self._db.select_graph(self.graph_name)
        self.setup_schema()

    @contextlib.contextmanager
    def exclusive(self, name: str) -> Iterator[None]:
        # An advisory lock file in the (private) data directory: every process of this store
        # shares it, and the kernel releases it when a holder dies (kill -9 included).
        path = self.server.data_dir / f"{self.graph_name}.{name}.lock"
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)

    def compact(self) -> None:
        """Rewrite the append-only file after a bulk load so a restart replays little."""
        try:
            self._call(lambda db, g: db.connection.execute_command("BGREWRITEAOF"))
        except QueryError as exc:
            if "already in progress" not in str(exc):  # one rewrite at a time is enough
                raise

    def close(self) -> None:
        with self._lock:
            self._disconnect()
            sandboxes, self._sandboxes = self._sandboxes, None
        if sandboxes is not None:
            sandboxes.close()

    def _disconnect(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except redis.exceptions.RedisError:
                pass
        self._db = None
        self._graph = None
