"""Side by side: ingest and lineage over HTTP on the embedded store and on Neo4j, same graph, one run.

    python bench/bench_backends.py --docs 1000 --repeats 3 --requests 300

One synthetic corpus (``bench/synth.py --docs N``) is ingested with ``mandates ingest CORPUS --json``
in a child process into each backend, alternately, ``--repeats`` times (the embedded store on a
fresh data directory, Neo4j cleared first); medians of the wall time. Then, on the graph each
backend holds, a real API server (``mandates serve``) per backend answers
``GET /lineage/{id}?direction=upstream`` for the same seeded targets from 1 and 8 client threads
(``bench_lineage_http.run_clients``), each level ``--repeats`` times alternating backends; median
p50/p99. Prints a table with the Neo4j / embedded ratio of each figure, and the JSON.

Neo4j is the launcher in ``tools/neo4j-launcher`` (Neo4j 5.26 Community), started here with the
JVM's default JIT (the tests run it C1-only to start faster) and stopped by its pid at the end;
``--neo4j-uri`` (with NEO4J_USER / NEO4J_PASSWORD) uses another Neo4j instead: it is cleared.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

if __package__ in (None, ""):  # run as a script: make ``bench`` and ``tests`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_ingest import ensure_corpus
from bench.bench_lineage_http import TARGETS, free_port, run_clients
from bench.report import emit_json
from mandate_lineage.config import Settings, open_store
from tests import neo4j_server

DEPTH = 8


def base_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("MANDATES_", "NEO4J_"))}


def backend_env(backend: str, data_dir: Path, neo4j: dict[str, str]) -> dict[str, str]:
    if backend == "neo4j":
        return {**base_env(), "MANDATES_STORE": "neo4j", **neo4j}
    return {**base_env(), "MANDATES_STORE": "embedded", "MANDATES_DATA_DIR": str(data_dir)}


def settings(backend: str, data_dir: Path, neo4j: dict[str, str]) -> Settings:
    return Settings.from_env(env=backend_env(backend, data_dir, neo4j))


def ingest(backend: str, corpus: Path, data_dir: Path, neo4j: dict[str, str]) -> float:
    if backend == "embedded":
        stop_embedded(data_dir)
        shutil.rmtree(data_dir, ignore_errors=True)
    else:
        with open_store(settings(backend, data_dir, neo4j)) as store:
            store.clear()
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "mandate_lineage.cli", "ingest", str(corpus), "--json", "-q"],
                          env=backend_env(backend, data_dir, neo4j), capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode not in (0, 1) or not done.stdout.strip().startswith("{"):
        raise RuntimeError(f"{backend} ingest failed: {done.stderr[-2000:]}")
    return wall


def stop_embedded(data_dir: Path) -> None:
    subprocess.run([sys.executable, "-m", "mandate_lineage.cli", "--data-dir", str(data_dir), "stop"],
                   env=base_env(), capture_output=True)


def start_api(backend: str, data_dir: Path, neo4j: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    api = subprocess.Popen([sys.executable, "-m", "mandate_lineage.cli", "serve", "--port", str(port)],
                           env=backend_env(backend, data_dir, neo4j), stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if api.poll() is not None:
            raise RuntimeError(f"the {backend} API server exited with {api.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code == 200:
                return api, port
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    stop(api)
    raise RuntimeError(f"the {backend} API server did not answer in 120 s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--requests", type=int, default=300, help="requests per run and concurrency level")
    parser.add_argument("--targets", type=int, default=200)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "mandates-bench")
    parser.add_argument("--neo4j-uri", default=None, help="use this Neo4j (cleared!) instead of the launcher")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    args.work.mkdir(parents=True, exist_ok=True)
    corpus = ensure_corpus(args.work, args.docs, args.seed)
    data_dir = args.work / f"backends-embedded-{args.docs}"
    server = None
    apis: dict[str, tuple[subprocess.Popen[bytes], int]] = {}
    out: dict[str, Any] = {"docs": args.docs, "seed": args.seed, "repeats": args.repeats, "depth": DEPTH}
    try:
        if args.neo4j_uri:
            neo4j = {"NEO4J_URI": args.neo4j_uri, "NEO4J_USER": os.environ.get("NEO4J_USER", "neo4j"),
                     "NEO4J_PASSWORD": os.environ.get("NEO4J_PASSWORD", "")}
        else:
            neo4j_server.build()
            server = neo4j_server.start(java_opts=("-Xms512m", "-Xmx2g"))
            neo4j = server.env()
        backends = ("embedded", "neo4j")
        walls: dict[str, list[float]] = {b: [] for b in backends}
        for _ in range(args.repeats):
            for backend in backends:
                walls[backend].append(ingest(backend, corpus, data_dir, neo4j))
        out["ingestSeconds"] = {b: round(statistics.median(w), 2) for b, w in walls.items()}
        out["ingestRuns"] = {b: [round(x, 2) for x in w] for b, w in walls.items()}
        graphs = {}
        for backend in backends:
            with open_store(settings(backend, data_dir, neo4j), setup=False) as store:
                graphs[backend] = store.totals()
                every = sorted(row[0] for row in store.read(TARGETS, row_cap=10_000_000).rows)
        out["graph"] = {b: {"nodes": n, "relationships": r} for b, (n, r) in graphs.items()}
        if graphs["embedded"] != graphs["neo4j"]:
            raise RuntimeError(f"the backends hold different graphs: {graphs}")
        targets = random.Random(7).sample(every, min(args.targets, len(every)))
        apis = {backend: start_api(backend, data_dir, neo4j) for backend in backends}
        for _api, port in apis.values():
            run_clients(port, targets, 4, min(200, args.requests))  # warm: connections, caches, plans
        out["http"] = []
        for clients in args.clients:
            runs: dict[str, list[dict[str, Any]]] = {b: [] for b in backends}
            for _ in range(args.repeats):
                for backend, (_, port) in apis.items():
                    runs[backend].append(run_clients(port, targets, clients, args.requests))
            row: dict[str, Any] = {"clients": clients}
            for backend in backends:
                row[backend] = {"p50ms": statistics.median(r["p50ms"] for r in runs[backend]),
                                "p99ms": statistics.median(r["p99ms"] for r in runs[backend]),
                                "requestsPerS": statistics.median(r["requestsPerS"] for r in runs[backend]),
                                "errors": sum(r["errors"] for r in runs[backend])}
            out["http"].append(row)
    finally:
        for api, _ in apis.values():
            stop(api)
        stop_embedded(data_dir)
        if server is not None:
            server.stop()
    ratio = out["ingestSeconds"]["neo4j"] / out["ingestSeconds"]["embedded"]
    graph = out["graph"]["embedded"]
    print(f"{args.docs} documents -> {graph['nodes']} nodes, {graph['relationships']} relationships on both backends")
    print(f"{'':>18} {'embedded':>10} {'neo4j':>10} {'neo4j/emb':>10}")
    print(f"{'ingest s':>18} {out['ingestSeconds']['embedded']:>10.2f} {out['ingestSeconds']['neo4j']:>10.2f} {ratio:>10.2f}")
    for row in out["http"]:
        for name in ("p50ms", "p99ms", "requestsPerS"):
            label = f"{name} @{row['clients']}"
            e, n = row["embedded"][name], row["neo4j"][name]
            print(f"{label:>18} {e:>10.2f} {n:>10.2f} {n / e:>10.2f}")
    emit_json(out, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
