"""The API under load: 8 concurrent clients for 30 s against a real server on loopback.

A real ``python -m mandate_lineage.serve`` process on a free 127.0.0.1 port, over its own graph
holding the bundled corpus, stopped by its pid at the end. Eight threads, each with its own httpx
client, send a fixed mix of requests (some 404s and 422s on purpose) until 30 s have passed or the
request budget is spent. The server must answer every request, never with a 5xx, and each with the
status the mix expects. Latencies (p50/p99) are printed, not asserted.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from mandate_lineage.config import Settings, open_store
from mandate_lineage.ingest.pipeline import bundled_corpus, ingest_paths
from tests.api.test_server import STARTUP_SECONDS, free_port, server_env, stop_process
from tests.conftest import settings_for

CLIENTS = 8
SECONDS = 30.0
MAX_REQUESTS = 50_000  # a bound for a very fast machine; 30 s normally ends the run first
REQUEST_TIMEOUT = 30.0


@dataclass(frozen=True)
class Call:
    name: str
    method: str
    url: str
    expected: int
    json: Any = None


ACT_28 = "oas:program-migrants-2016%23act-28"
MIX: tuple[Call, ...] = (
    Call("health", "GET", "/health", 200),
    Call("documents", "GET", "/documents", 200),
    Call("document", "GET", "/documents/un:a-res-68-179", 200),
    Call("document 404", "GET", "/documents/oas:no-such-document", 404),
    Call("activities", "GET", "/activities", 200),
    Call("activities by program", "GET", "/activities?program=oas:program-migrants-2016", 200),
    Call("activity lineage", "GET", "/activities/28/lineage", 200),
    Call("activity lineage 404", "GET", "/activities/9999/lineage", 404),
    *(Call(f"lineage depth {d}", "GET", f"/lineage/{ACT_28}?depth={d}", 200) for d in (1, 3, 6, 50)),
    Call("lineage downstream", "GET", "/lineage/summit:3?direction=downstream&depth=2", 200),
    Call("lineage 404", "GET", "/lineage/oas:nothing-here", 404),
    Call("lineage depth 0 (422)", "GET", f"/lineage/{ACT_28}?depth=0", 422),
    Call("lineage direction (422)", "GET", "/lineage/summit:3?direction=sideways", 422),
    Call("search", "GET", "/search?q=migrant", 200),
    Call("search symbol", "GET", "/search?q=AG/RES.%202141", 200),
    Call("search too short (422)", "GET", "/search?q=a", 422),
    Call("search limit (422)", "GET", "/search?q=vienna&limit=500", 422),
    Call("cypher documents", "POST", "/cypher", 200, {"query": "MATCH (d:Document) RETURN d.key AS key ORDER BY key"}),
    Call("cypher count", "POST", "/cypher", 200,
         {"query": "MATCH (a)-[r]->(b) WHERE type(r) = $t RETURN count(r)", "parameters": {"t": "ASSIGNS"}}),
    Call("cypher write (403)", "POST", "/cypher", 403, {"query": "MATCH (n) SET n.touched = true"}),
    Call("cypher syntax (400)", "POST", "/cypher", 400, {"query": "MATCH (n RETURN n"}),
    Call("cypher empty (422)", "POST", "/cypher", 422, {"query": ""}),
)


@dataclass
class Tally:
    """What every client saw, merged under a lock."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    wrong: list[tuple[str, int, str]] = field(default_factory=list)  # (call, status, body)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    sent: int = 0

    def take_ticket(self) -> bool:
        with self.lock:
            self.sent += 1
            return self.sent <= MAX_REQUESTS


def start_logged_server(settings: Settings, port: int, log: Path) -> subprocess.Popen[bytes]:
    """``python -m mandate_lineage.serve`` on 127.0.0.1:``port``, its output to the file ``log``.

    Not a pipe: uvicorn logs one line per request, and an undrained pipe fills after ~64 KB and
    then blocks the server's event loop mid-run.
    """
    with log.open("wb") as out:
        return subprocess.Popen([sys.executable, "-m", "mandate_lineage.serve", "--host", "127.0.0.1",
                                 "--port", str(port)], env=server_env(settings), stdout=out, stderr=subprocess.STDOUT)


def wait_until_healthy(process: subprocess.Popen[bytes], base_url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{base_url}/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    stop_process(process)
    pytest.fail(f"the server on {base_url} did not become healthy:\n{log.read_text(errors='replace')[-4000:]}")


@contextmanager
def corpus_server(embedded_dir: Path, graph: str, log: Path) -> Iterator[str]:
    """A real server process on 127.0.0.1 over a graph holding the bundled corpus; stopped by pid."""
    settings: Settings = settings_for("embedded", embedded_dir, graph=graph)
    with open_store(settings) as store:
        store.clear()
        report = ingest_paths([bundled_corpus()], store)
    assert not report.failed, [o.error for o in report.failed]
    port = free_port()
    process = start_logged_server(settings, port, log)
    try:
        wait_until_healthy(process, f"http://127.0.0.1:{port}", log)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_process(process)
    assert process.returncode is not None


@pytest.fixture(scope="module")
def live_server(embedded_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with corpus_server(embedded_dir, "load-api", tmp_path_factory.mktemp("load") / "server.log") as base_url:
        yield base_url


def client_loop(base_url: str, offset: int, deadline: float, tally: Tally) -> None:
    """One client: the mix in order from ``offset`` (so clients overlap on different endpoints)."""
    with httpx.Client(base_url=base_url, timeout=REQUEST_TIMEOUT) as http:
        i = offset
        while time.monotonic() < deadline and tally.take_ticket():
            call = MIX[i % len(MIX)]
            i += 1
            started = time.perf_counter()
            try:
                response = http.request(call.method, call.url, json=call.json)
            except httpx.HTTPError as exc:
                with tally.lock:
                    tally.errors.append(f"{call.name}: {type(exc).__name__}: {exc}")
                continue
            elapsed = time.perf_counter() - started
            with tally.lock:
                tally.latencies[call.name].append(elapsed)
                if response.status_code != call.expected:
                    tally.wrong.append((call.name, response.status_code, response.text[:200]))


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]


def report(tally: Tally, seconds: float) -> str:
    every = [t for times in tally.latencies.values() for t in times]
    lines = [f"{len(every)} requests from {CLIENTS} clients in {seconds:.1f} s ({len(every) / seconds:.0f}/s): "
             f"p50 {percentile(every, 50) * 1000:.1f} ms, p99 {percentile(every, 99) * 1000:.1f} ms"]
    for name, times in sorted(tally.latencies.items(), key=lambda kv: -statistics.median(kv[1])):
        lines.append(f"  {name:<28} n={len(times):<6} p50 {percentile(times, 50) * 1000:7.1f} ms"
                     f"  p99 {percentile(times, 99) * 1000:7.1f} ms")
    return "\n".join(lines)


def test_eight_clients_for_thirty_seconds_get_no_server_error(live_server: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    tally = Tally()
    started = time.monotonic()
    deadline = started + SECONDS
    threads = [threading.Thread(target=client_loop, args=(live_server, n * 3, deadline, tally), daemon=True)
               for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 2 * REQUEST_TIMEOUT)
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print("\n" + report(tally, elapsed))

    assert not any(thread.is_alive() for thread in threads), "a client is still waiting for an answer"
    assert not tally.errors, tally.errors[:5]
    server_errors = [w for w in tally.wrong if w[1] >= 500]
    assert not server_errors, server_errors[:5]
    assert not tally.wrong, tally.wrong[:5]
    assert set(tally.latencies) == {call.name for call in MIX}, "every kind of request was sent"
    assert httpx.get(f"{live_server}/health", timeout=REQUEST_TIMEOUT).status_code == 200
