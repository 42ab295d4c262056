"""Lineage over HTTP, two builds of the project side by side: the same requests, alternately.

    python bench/ab_lineage_http.py --data-dir D --baseline-python /tmp/old-venv/bin/python \
        --rounds 3 --requests 200 --clients 1 8

Each round starts the API of each build in turn (``PYTHON -m mandate_lineage.cli --data-dir D
serve``, run from a neutral directory so each interpreter imports its own installed build) on the
same data directory, sends the same ``GET /lineage/{id}`` requests from 1 and 8 client threads,
and stops it; medians over rounds of p50 and p99 and of the API's CPU (its processes together)
and the database server's CPU per request. The ratio baseline / candidate is the figure to quote
(the machine is shared and noisy). The database server is shared by both builds and stopped at
the end. Modes (``--modes``, as in ``bench_lineage_http.py``): ``cycle`` (each client cycles
through its slice of the targets), ``cold`` (targets never asked before on that server; both builds
of a round get the same ones, each round new ones), ``warm`` (a seeded Zipf mix of the targets).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx

from bench.bench_lineage_http import (
    MODES,
    TARGETS,
    cli_env,
    cold_pool,
    cold_sequence,
    free_port,
    run_clients,
    run_sequence,
    warm_sequence,
)
from mandate_lineage.config import Settings, open_store


def start_api(python: str, data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen([python, "-m", "mandate_lineage.cli", "--data-dir", str(data_dir), "serve",
                                "--port", str(port)], env=cli_env(), cwd=tempfile.gettempdir(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"the API of {python} did not start")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--baseline-python", required=True, help="interpreter with the baseline build installed")
    parser.add_argument("--candidate-python", default=sys.executable)
    parser.add_argument("--also", action="append", default=[], metavar="NAME=PYTHON",
                        help="a further build run beside the two (e.g. main=/path/.venv/bin/python); "
                             "its ratio is NAME / candidate")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--targets", type=int, default=100)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--modes", nargs="+", choices=MODES, default=["cycle"])
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    with open_store(Settings.from_env(data_dir=args.data_dir), setup=False) as store:
        every = sorted(row[0] for row in store.read(TARGETS, row_cap=10_000_000).rows)
        server_pid = store.describe().get("serverPid")
    targets = random.Random(7).sample(every, min(args.targets, len(every)))
    pool = cold_pool(every, targets)
    builds = {"baseline": args.baseline_python, "candidate": args.candidate_python}
    for extra in args.also:
        name, _, python = extra.partition("=")
        if not python or name in builds or name == "ratio" or name.startswith("ratio"):
            parser.error(f"--also takes NAME=PYTHON with a new name, got {extra!r}")
        builds[name] = python
    runs: dict[str, dict[str, dict[int, list[dict[str, Any]]]]] = {
        b: {m: {c: [] for c in args.clients} for m in args.modes} for b in builds}
    try:
        for r in range(args.rounds):
            # the same requests for both builds of a round; cold ones never asked before in the run
            sequences = {(mode, clients): (cold_sequence(pool, args.requests) if mode == "cold" else
                                           warm_sequence(targets, args.requests, seed=r) if mode == "warm" else None)
                         for mode in args.modes for clients in args.clients}
            order = list(builds)  # alternate: the first build of one round is the last of the next
            for build in (order if r % 2 == 0 else order[::-1]):
                port = free_port()
                api = start_api(builds[build], args.data_dir, port)
                try:
                    run_clients(port, targets, 4, 100)  # warm: connections, imports (never a cold target)
                    for mode in args.modes:
                        for clients in args.clients:
                            pids = {"api": api.pid, "database": server_pid}
                            sequence = sequences[(mode, clients)]
                            runs[build][mode][clients].append(
                                run_clients(port, targets, clients, args.requests, pids) if sequence is None
                                else run_sequence(port, sequence, clients, pids))
                finally:
                    api.terminate()
                    api.wait(timeout=30)
    finally:
        subprocess.run([sys.executable, "-m", "mandate_lineage.cli", "--data-dir", str(args.data_dir), "stop"],
                       env=cli_env(), capture_output=True)
    figures = ("p50ms", "p99ms", "apiCpuMsPerRequest", "databaseCpuMsPerRequest")
    out: dict[str, Any] = {"dataDir": str(args.data_dir), "rounds": args.rounds, "requests": args.requests,
                           "builds": builds, "results": {}}
    print(f"{'mode':>5} {'clients':>7} {'build':>9} {'p50 ms':>8} {'p99 ms':>8} {'API CPU ms/req':>14} {'DB CPU ms/req':>13}")
    for mode in args.modes:
        out["results"][mode] = {}
        for clients in args.clients:
            row: dict[str, Any] = {}
            for build in builds:
                rs = runs[build][mode][clients]
                row[build] = {key: statistics.median(r[key] for r in rs) for key in figures}
                row[build]["runs"] = rs
                print(f"{mode:>5} {clients:>7} {build:>9} {row[build]['p50ms']:>8.2f} {row[build]['p99ms']:>8.2f} "
                      f"{row[build]['apiCpuMsPerRequest']:>14.2f} {row[build]['databaseCpuMsPerRequest']:>13.2f}")
            row["ratio"] = {key: round(row["baseline"][key] / row["candidate"][key], 2)
                            for key in figures if row["candidate"][key]}
            print(f"{mode:>5} {clients:>7} {'ratio':>9} {row['ratio'].get('p50ms', 0):>8.2f} "
                  f"{row['ratio'].get('p99ms', 0):>8.2f} {row['ratio'].get('apiCpuMsPerRequest', 0):>14.2f} "
                  f"{row['ratio'].get('databaseCpuMsPerRequest', 0):>13.2f}   (baseline / candidate)")
            for extra in builds:
                if extra in ("baseline", "candidate"):
                    continue
                row[f"ratio_{extra}"] = {key: round(row[extra][key] / row["candidate"][key], 2)
                                         for key in figures if row["candidate"][key]}
                ratio = row[f"ratio_{extra}"]
                print(f"{mode:>5} {clients:>7} {'ratio':>9} {ratio.get('p50ms', 0):>8.2f} {ratio.get('p99ms', 0):>8.2f} "
                      f"{ratio.get('apiCpuMsPerRequest', 0):>14.2f} {ratio.get('databaseCpuMsPerRequest', 0):>13.2f}"
                      f"   ({extra} / candidate)")
            out["results"][mode][str(clients)] = row
    if args.out:
        args.out.write_text(json.dumps(out, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
