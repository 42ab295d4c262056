"""Issue 13, item 11 (server side): ``mandates stop`` and ``serve`` beyond loopback."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pytest

from mandate_lineage.errors import ConfigError
from mandate_lineage.graph.embedded_server import EmbeddedServer, pid_alive
from mandate_lineage.serve import check_exposure
from tests.api.test_server import free_port, stop_server, wait_for_health
from tests.conftest import embedded_server, run_cli


def test_stop_returns_after_the_process_has_exited(tmp_path: Path) -> None:
    data = tmp_path / "data"
    embedded_server(data)
    for _ in range(3):  # started by a process that has exited: not our child, so not our zombie
        assert run_cli("status", data_dir=data).returncode == 0
        pid = EmbeddedServer(data).pid()
        assert pid is not None
        stopped = run_cli("stop", data_dir=data)
        assert stopped.returncode == 0 and f"pid {pid}" in stopped.stdout
        assert not pid_alive(pid), "mandates stop returned while the server still ran"


@pytest.mark.parametrize("host", ["127.0.0.1", "::1", "localhost", "127.0.0.2"])
def test_loopback_needs_no_key(host: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MANDATES_API_KEY", raising=False)
    assert check_exposure(host) is False


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "example.org"])
def test_beyond_loopback_needs_a_key(host: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MANDATES_API_KEY", raising=False)
    with pytest.raises(ConfigError, match="MANDATES_API_KEY"):
        check_exposure(host)
    monkeypatch.setenv("MANDATES_API_KEY", "s3cret")
    assert check_exposure(host) is True


def test_serve_on_every_interface_without_a_key_refuses_to_start(tmp_path: Path) -> None:
    port = free_port()
    result = run_cli("serve", "--host", "0.0.0.0", "--port", str(port), data_dir=tmp_path / "data", timeout=60)
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert "MANDATES_API_KEY" in line and "0.0.0.0" in line
    assert not (tmp_path / "data").exists(), "it refused before opening the store"


SERVE_WITH_KEY_EVERYWHERE = """
import sys, uvicorn
from mandate_lineage.api import create_app
from mandate_lineage.config import Settings
from mandate_lineage.serve import bind_socket
sock = bind_socket("127.0.0.1", int(sys.argv[1]))
app = create_app(Settings.from_env(), api_key_everywhere=True)
uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])
"""


def test_with_the_key_everywhere_every_route_needs_it(embedded_dir: Path) -> None:
    """What ``serve --host 0.0.0.0`` runs, on loopback: no route answers without the key."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MANDATES_", "NEO4J_"))}
    env.update(MANDATES_DATA_DIR=str(embedded_dir), MANDATES_GRAPH="security-key", MANDATES_API_KEY="s3cret")
    log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-c", SERVE_WITH_KEY_EVERYWHERE, str(port)], env=env,
                               stdout=log, stderr=subprocess.STDOUT, text=True)
    process.log = log  # type: ignore[attr-defined]
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                httpx.get(f"{base}/health", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        with httpx.Client(base_url=base, timeout=10) as http:
            for method, path in (("GET", "/health"), ("GET", "/"), ("GET", "/docs"), ("GET", "/openapi.json"),
                                 ("GET", "/lineage/x"), ("POST", "/cypher")):
                refused = http.request(method, path, json={"query": "RETURN 1"} if method == "POST" else None)
                assert refused.status_code == 401, (path, refused.status_code)
                assert "MANDATES_API_KEY" in refused.json()["detail"]
                wrong = http.request(method, path, headers={"X-API-Key": "nope"})
                assert wrong.status_code == 401
            assert http.get("/health", headers={"X-API-Key": "s3cret"}).status_code == 200
            assert http.get("/health", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    finally:
        stop_server(process)
    assert process.returncode is not None


def test_loopback_serve_still_needs_no_key(embedded_dir: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MANDATES_", "NEO4J_"))}
    env.update(MANDATES_DATA_DIR=str(embedded_dir), MANDATES_GRAPH="security-key")
    log = tempfile.TemporaryFile(mode="w+", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "mandate_lineage.serve", "--port", str(port)], env=env,
                               stdout=log, stderr=subprocess.STDOUT, text=True)
    process.log = log  # type: ignore[attr-defined]
    try:
        wait_for_health(process, f"http://127.0.0.1:{port}")
    finally:
        stop_server(process)
