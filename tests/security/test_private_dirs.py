"""Issue 13, item 10: the data directory and the socket's folder are the user's alone.

Before: the data directory was 755 and its files 644, and the runtime folder for long paths
(``/tmp/mandates-<uid>/``) was created with ``exist_ok`` and never checked, so another local user
who made it first could replace the socket.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from mandate_lineage.errors import StoreUnavailable
from mandate_lineage.graph.embedded_server import EmbeddedServer, pid_alive
from mandate_lineage.graph.private_dirs import ensure_private_dir
from tests.conftest import embedded_server

OTHER_UID = 4242  # a uid that is not ours, for chown (tests that need it run as root)
as_root = pytest.mark.skipif(os.getuid() != 0, reason="giving a folder to another user needs root")


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[EmbeddedServer]:
    server = embedded_server(tmp_path / "data")
    yield server
    pid = server.pid()
    server.stop()
    assert pid is None or not pid_alive(pid)


@contextlib.contextmanager
def stopped_after(server: EmbeddedServer) -> Iterator[None]:
    """Stop a server the code under test should not have started, while its socket path (which
    depends on the patched environment) is still the one it used."""
    try:
        yield
    finally:
        pid = server.pid()
        server.stop()
        assert pid is None or not pid_alive(pid)


def long_data_dir(tmp_path: Path) -> Path:
    deep = tmp_path / ("d" * 60) / ("e" * 60)
    assert len(str(deep / "db.sock")) >= 100  # the socket goes to the runtime folder
    return deep


def test_a_new_data_directory_and_its_files_are_private(server: EmbeddedServer) -> None:
    server.ensure_running()
    assert mode(server.data_dir) == 0o700
    files = [p for p in server.data_dir.rglob("*") if not p.is_socket()]
    assert files
    for path in files:
        assert mode(path) & 0o077 == 0, f"{path} is {oct(mode(path))}"
    assert mode(server.socket_path) & 0o077 == 0


def test_an_open_data_directory_of_ours_is_closed_on_start(server: EmbeddedServer) -> None:
    server.data_dir.mkdir(mode=0o755)
    os.chmod(server.data_dir, 0o755)
    (server.data_dir / "server.log").write_text("old\n")
    os.chmod(server.data_dir / "server.log", 0o644)
    server.ensure_running()
    assert mode(server.data_dir) == 0o700
    assert mode(server.data_dir / "server.log") == 0o600


@as_root
def test_a_data_directory_of_another_user_is_refused(server: EmbeddedServer) -> None:
    server.data_dir.mkdir(mode=0o700)
    os.chown(server.data_dir, OTHER_UID, OTHER_UID)
    with pytest.raises(StoreUnavailable, match="belongs to uid 4242"):
        server.ensure_running()
    assert server.pid() is None


def test_a_symlinked_runtime_folder_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runtime_base = tmp_path / "run"
    runtime_base.mkdir()
    elsewhere = tmp_path / "theirs"
    elsewhere.mkdir(mode=0o700)
    (runtime_base / f"mandates-{os.getuid()}").symlink_to(elsewhere)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime_base))
    server = embedded_server(long_data_dir(tmp_path))
    with stopped_after(server), pytest.raises(StoreUnavailable, match="symbolic link"):
        server.ensure_running()
    assert server.pid() is None and not list(elsewhere.iterdir())


@as_root
def test_a_runtime_folder_made_by_another_user_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runtime_base = tmp_path / "run"
    runtime_base.mkdir()
    theirs = runtime_base / f"mandates-{os.getuid()}"
    theirs.mkdir(mode=0o777)
    os.chown(theirs, OTHER_UID, OTHER_UID)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime_base))
    server = embedded_server(long_data_dir(tmp_path))
    with stopped_after(server), pytest.raises(StoreUnavailable, match="belongs to uid 4242"):
        server.ensure_running()
    assert server.pid() is None and not list(theirs.iterdir())


def test_an_open_runtime_folder_of_ours_is_closed_and_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runtime_base = tmp_path / "run"
    runtime_base.mkdir()
    ours = runtime_base / f"mandates-{os.getuid()}"
    ours.mkdir()
    os.chmod(ours, 0o777)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime_base))
    server = embedded_server(long_data_dir(tmp_path))
    try:
        socket_path = server.ensure_running()
        assert socket_path.parent == ours and mode(ours) == 0o700
    finally:
        pid = server.pid()
        server.stop()
        assert pid is None or not pid_alive(pid)


def test_ensure_private_dir_refuses_a_file_and_creates_0700(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreUnavailable, match="not a directory"):
        ensure_private_dir(tmp_path / "file")
    os.umask(old := os.umask(0))  # whatever the umask, a new folder is 0700
    try:
        os.umask(0)
        assert mode(ensure_private_dir(tmp_path / "new")) == 0o700
    finally:
        os.umask(old)


def test_adhoc_servers_of_a_long_data_directory_use_the_checked_runtime_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mandate_lineage.graph.falkordb_store import FalkorDBStore

    runtime_base = tmp_path / "run"
    runtime_base.mkdir()
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime_base))
    data = long_data_dir(tmp_path)
    server = embedded_server(data)
    store = FalkorDBStore(data).open()
    try:
        store.setup_schema()
        store.write_statement("CREATE (:Body {key: 'long:1'})")
        assert store.adhoc_read("MATCH (n:Body) RETURN n.key").rows == [["long:1"]]
        sockets = sorted(p.name for p in (runtime_base / f"mandates-{os.getuid()}").iterdir())
        assert any(name.startswith("adhoc-") for name in sockets), sockets
        pids = store._sandboxes.pids()
    finally:
        store.close()
        with stopped_after(server):
            pass
    assert not [p for p in pids if pid_alive(p)]


def test_a_file_gone_between_its_stat_and_its_chmod_is_passed_over(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # The database server renames its temporary files while it rewrites its append-only file: a
    # command starting then saw one vanish between lstat and chmod and failed ("No such file").
    from mandate_lineage.graph import private_dirs

    (tmp_path / "temp-appendonly.aof.manifest").write_text("x")
    (tmp_path / "temp-appendonly.aof.manifest").chmod(0o644)
    (tmp_path / "kept").write_text("y")
    (tmp_path / "kept").chmod(0o644)
    real_chmod = os.chmod

    def chmod(path, mode):  # noqa: ANN001 - os.chmod's own signature
        if Path(path).name.startswith("temp-"):
            os.unlink(path)
        return real_chmod(path, mode)

    monkeypatch.setattr(private_dirs.os, "chmod", chmod)
    private_dirs.close_files(tmp_path)
    assert stat.S_IMODE((tmp_path / "kept").stat().st_mode) == 0o600
