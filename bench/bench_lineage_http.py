"""Lineage latency over HTTP with 1, 8 and 32 concurrent clients, against networkx in process.

    python bench/bench_lineage_http.py --data-dir /tmp/mandates-bench/data-5000 --requests 400

On an ingested store (``--data-dir``; the largest graph built by ``bench_ingest.py --keep``):

* **http**: a real API server (``python -m mandate_lineage.cli --data-dir D serve --port P`` on
  127.0.0.1, the app of ``mandate_lineage.serve``) answers ``GET /lineage/{id}?direction=upstream``
  (default depth 8) for a fixed sample of targets (activities and operative paragraphs with an
  upstream lineage, seeded), from 1, 8 and 32 client threads (one ``httpx.Client`` each,
  keep-alive); latency p50/p99 per level, requests/s;
* **networkx** (the floor): ``networkx_view.upstream(G, key, depth=8)`` on ``load_graph(store)``
  for the same targets in this process (no database, no HTTP, no JSON); ``load_graph`` time too.

Peak memory of the API process and of the database server (``VmHWM``) after the runs. Prints a
table and JSON. Target: p99 < 50 ms at 8 clients. The API server and the database server are
stopped at the end (``mandates --data-dir D stop``).
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any

import httpx

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.report import emit_json, vm_hwm_kib
from mandate_lineage.config import Settings, open_store
from mandate_lineage.graph.networkx_view import load_graph, upstream

TARGET_P99_MS = 50.0
DEPTH = 8
ZIPF_EXPONENT = 1.1  # warm mode: the weight of the k-th most asked target is 1/k^1.1
MODES = ("cycle", "cold", "warm")
# Targets with a lineage to walk: program activities, and paragraphs that echo an earlier one.
TARGETS = (
    "MATCH (p:Activity) RETURN p.key AS key "
    "UNION MATCH (p:Paragraph)-[r:ECHOES]->() RETURN DISTINCT p.key AS key"
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def vm_hwm_mib(pid: int | None) -> float | None:
    kib = vm_hwm_kib(pid)
    return None if kib is None else round(kib / 1024, 1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("MANDATES_", "NEO4J_"))}


def start_api(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    api = subprocess.Popen([sys.executable, "-m", "mandate_lineage.cli", "--data-dir", str(data_dir), "serve",
                            "--port", str(port)], env=cli_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if api.poll() is not None:
            raise RuntimeError(f"the API server exited with {api.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code == 200:
                return api
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    api.terminate()
    raise RuntimeError("the API server did not answer /health in 120 s")


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU time of ``pid`` and of its live child processes so far (0 when unknown):
    a per-request cost that the noise of a shared machine does not inflate the way it inflates
    latencies. Children count because the API serves from worker processes its first one forks."""
    if pid is None:
        return 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(cpu_seconds(child) for child in child_pids(pid))


def child_pids(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except (OSError, ValueError):
        return []


def cold_sequence(pool: list[str], requests: int) -> list[str]:
    """``requests`` distinct targets taken off the front of ``pool`` (which loses them): each
    answer asked once, by one client, so no cache of any answer can serve it."""
    if len(pool) < requests:
        raise SystemExit(f"cold mode needs {requests} unused targets, {len(pool)} left: lower --requests")
    taken = pool[:requests]
    del pool[:requests]
    return taken


def warm_sequence(targets: list[str], requests: int, seed: int, exponent: float = ZIPF_EXPONENT) -> list[str]:
    """``requests`` targets drawn (seeded) from ``targets`` with Zipf weights 1/rank^exponent: a
    few questions asked often, many rarely, as analysts ask about the same programs."""
    weights = [1 / (rank ** exponent) for rank in range(1, len(targets) + 1)]
    return random.Random(seed).choices(targets, weights=weights, k=requests)


def cold_pool(every: list[str], targets: list[str]) -> list[str]:
    """The targets cold runs take from: every other one, in a seeded order."""
    chosen = set(targets)
    pool = [key for key in every if key not in chosen]
    random.Random(11).shuffle(pool)
    return pool


def run_sequence(port: int, sequence: list[str], clients: int,
                 pids: dict[str, int | None] | None = None) -> dict[str, Any]:
    """Every target of ``sequence`` requested once, in order, by whichever of ``clients`` threads
    is free (a shared queue); latencies as in ``run_clients``."""
    return run_clients(port, sequence, clients, len(sequence), pids, shared=True)


def run_clients(port: int, targets: list[str], clients: int, requests: int,
                pids: dict[str, int | None] | None = None, shared: bool = False) -> dict[str, Any]:
    """``requests`` lineage requests from ``clients`` threads; with ``pids`` (name -> process id),
    also each process's CPU milliseconds per request. Each client cycles through its own slice
    of ``targets``, or with ``shared`` all take the next of ``targets`` from one queue."""
    latencies: list[float] = []
    errors: list[int] = []
    sizes: list[int] = []
    lock = threading.Lock()
    per_client = max(1, requests // clients)
    queue = iter(targets[:requests])

    def next_key(offset: int, k: int) -> str | None:
        if not shared:
            return targets[(offset * per_client + k) % len(targets)] if k < per_client else None
        with lock:
            return next(queue, None)

    def client(offset: int) -> None:
        mine: list[float] = []
        lengths: list[int] = []
        bad = 0
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
            for k in range(requests):
                key = next_key(offset, k)
                if key is None:
                    break
                started = time.perf_counter()
                try:
                    response = http.get(f"/lineage/{urllib.parse.quote(key, safe='')}",
                                        params={"direction": "upstream", "depth": DEPTH})
                except httpx.HTTPError:  # counted, and the latency kept: the client saw it
                    mine.append(time.perf_counter() - started)
                    bad += 1
                    continue
                mine.append(time.perf_counter() - started)
                bad += response.status_code != 200
                lengths.append(len(response.content))
        with lock:
            latencies.extend(mine)
            errors.append(bad)
            sizes.extend(lengths)

    threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
    cpu_before = {name: cpu_seconds(pid) for name, pid in (pids or {}).items()}
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    ms = [x * 1000 for x in latencies]
    cpu = {f"{name}CpuMsPerRequest": round(1000 * (cpu_seconds(pid) - cpu_before[name]) / max(1, len(ms)), 2)
           for name, pid in (pids or {}).items()}
    return {"clients": clients, "requests": len(ms), "errors": sum(errors), "p50ms": round(percentile(ms, 0.5), 2),
            "p99ms": round(percentile(ms, 0.99), 2), "maxms": round(max(ms), 2),
            "requestsPerS": round(len(ms) / wall, 1), "medianKiB": round(statistics.median(sizes) / 1024, 1) if sizes else None,
            "maxKiB": round(max(sizes) / 1024, 1) if sizes else None, **cpu}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--requests", type=int, default=400, help="requests per concurrency level")
    parser.add_argument("--targets", type=int, default=200, help="distinct lineage targets sampled")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--repeats", type=int, default=3, help="runs per level (the median run's figures are kept)")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES),
                        help="cycle: each client cycles through its slice of the targets; cold: every request a "
                             "target never asked before on this server; warm: a seeded Zipf mix of the targets")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    # SIGTERM ends the run through the finally below, which stops both servers
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    out: dict[str, Any] = {"dataDir": str(args.data_dir), "depth": DEPTH, "target": {"p99msAt8": TARGET_P99_MS}}
    api = None
    try:
        with open_store(Settings.from_env(data_dir=args.data_dir), setup=False) as store:
            counts = store.counts()
            out["graph"] = {"nodes": counts.nodes, "relationships": counts.relationships}
            every = sorted(row[0] for row in store.read(TARGETS, row_cap=10_000_000).rows)
            targets = random.Random(7).sample(every, min(args.targets, len(every)))
            started = time.perf_counter()
            G = load_graph(store)
            out["networkx"] = {"loadGraphSeconds": round(time.perf_counter() - started, 2)}
            server_pid = store.describe().get("serverPid")
        floor: list[float] = []
        sizes: list[int] = []
        for _ in range(max(1, args.requests // len(targets))):
            for key in targets:
                started = time.perf_counter()
                sub = upstream(G, key, depth=DEPTH)
                floor.append((time.perf_counter() - started) * 1000)
                sizes.append(sub.number_of_nodes())
        out["networkx"].update({"p50ms": round(percentile(floor, 0.5), 3), "p99ms": round(percentile(floor, 0.99), 3),
                                "calls": len(floor), "medianNodes": statistics.median(sizes),
                                "maxNodes": max(sizes)})
        del G
        port = free_port()
        api = start_api(args.data_dir, port)
        run_clients(port, targets, 4, min(200, args.requests))  # warm: connections, caches
        pool = cold_pool(every, targets)
        pids = {"api": api.pid, "database": server_pid}
        for mode in args.modes:
            out["http" if mode == "cycle" else mode] = rows = []
            for clients in args.clients:
                def one(r: int, mode: str = mode, clients: int = clients) -> dict[str, Any]:
                    if mode == "cold":
                        return run_sequence(port, cold_sequence(pool, args.requests), clients, pids)
                    if mode == "warm":
                        return run_sequence(port, warm_sequence(targets, args.requests, seed=r), clients, pids)
                    return run_clients(port, targets, clients, args.requests, pids)

                runs = sorted((one(r) for r in range(args.repeats)), key=lambda r: r["p99ms"])
                row = runs[len(runs) // 2]
                row["p99msRuns"] = [r["p99ms"] for r in runs]
                row["p50msRuns"] = [r["p50ms"] for r in runs]
                row["xFloorP50"] = round(row["p50ms"] / out["networkx"]["p50ms"], 1)
                rows.append(row)
        out["memory"] = {"apiPeakMiB": vm_hwm_mib(api.pid), "serverPeakMiB": vm_hwm_mib(server_pid)}
    finally:
        if api is not None:
            api.terminate()
            try:
                api.wait(timeout=30)
            except subprocess.TimeoutExpired:
                api.kill()
        subprocess.run([sys.executable, "-m", "mandate_lineage.cli", "--data-dir", str(args.data_dir), "stop"],
                       env=cli_env(), capture_output=True)
    nxr = out["networkx"]
    print(f"graph: {out['graph']['nodes']} nodes, {out['graph']['relationships']} relationships; "
          f"{len(targets)} targets; load_graph {nxr['loadGraphSeconds']} s")
    print(f"{'mode':>5} {'clients':>7} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>7} {'errors':>6} {'p50 x floor':>11} "
          f"{'API CPU ms/req':>14} {'DB CPU ms/req':>13}")
    print(f"{'':>5} {'nx':>7} {nxr['p50ms']:>8.3f} {nxr['p99ms']:>8.3f} {'':>7} {'':>6} {'1.0':>11}")
    for mode, row in ((m, r) for m in args.modes for r in out["http" if m == "cycle" else m]):
        print(f"{mode:>5} {row['clients']:>7} {row['p50ms']:>8.2f} {row['p99ms']:>8.2f} {row['requestsPerS']:>7.1f} "
              f"{row['errors']:>6} {row['xFloorP50']:>11.1f} {row['apiCpuMsPerRequest']:>14.2f} "
              f"{row['databaseCpuMsPerRequest']:>13.2f}")
    print(f"memory: API {out['memory']['apiPeakMiB']} MiB, database server {out['memory']['serverPeakMiB']} MiB (VmHWM)")
    emit_json(out, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
