"""CPU per cold lineage answer in process (the /lineage/{id} route's work), by phase, and the part
spent in cyclic garbage collection; ``--gc a,b,c`` sets the collection thresholds first (the API's
are ``serve.GC_THRESHOLDS``).

    python bench/lineage_cold_phases.py --data-dir D --answers 150 --offset 3000 [--gc 100000,50,100]

Targets are the cold pool of ``bench_lineage_http.py`` from ``--offset``: distinct, never asked
before in the process. The build measured is the interpreter's (run this script with another
build's interpreter to measure that build). Phases nest: ``fetch`` and ``step`` are parts of
``walk``; ``read_reply`` counts every query's reply. ``db`` is the database server's CPU over the
same answers (nothing else may use that server meanwhile); ``--json`` appends the figures as one line.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any, Callable

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import mandate_lineage.graph.falkordb_store as falkordb_store
from bench.bench_lineage_http import TARGETS, cold_pool
from mandate_lineage.api.answer_cache import AnswerCache
from mandate_lineage.config import Settings, open_store
from mandate_lineage.queries import lineage
from mandate_lineage.queries.resolve import Resolver

PHASES = ("walk", "describe", "step", "fetch", "read_reply")


def _timed(spent: dict[str, float], name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] += time.process_time() - started

    return timed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--answers", type=int, default=150)
    parser.add_argument("--offset", type=int, default=0)
    parser.add_argument("--gc", default=None, help="collection thresholds, e.g. 100000,50,100")
    parser.add_argument("--json", type=Path, default=None, help="append the figures here as one JSON line")
    parser.add_argument("--label", default="", help="a name for the build in the JSON line")
    args = parser.parse_args(argv)
    if args.gc:
        gc.set_threshold(*(int(x) for x in args.gc.split(",")))
    spent = dict.fromkeys(PHASES, 0.0)
    collector = {"spent": 0.0, "started": 0.0, "full": 0}

    def on_gc(event: str, info: dict[str, int]) -> None:
        if event == "start":
            collector["started"] = time.process_time()
        else:
            collector["spent"] += time.process_time() - collector["started"]
            collector["full"] += info["generation"] == 2

    gc.callbacks.append(on_gc)
    lineage.LineageService.walk = _timed(spent, "walk", lineage.LineageService.walk)
    lineage.LineageService._step = _timed(spent, "step", lineage.LineageService._step)
    lineage.describe = _timed(spent, "describe", lineage.describe)
    lineage.fetch_views = _timed(spent, "fetch", lineage.fetch_views)
    falkordb_store.read_reply = _timed(spent, "read_reply", falkordb_store.read_reply)
    with open_store(Settings.from_env(data_dir=args.data_dir), setup=False) as store:
        every = sorted(row[0] for row in store.read(TARGETS, row_cap=10_000_000).rows)
        targets = random.Random(7).sample(every, min(100, len(every)))
        pool = cold_pool(every, targets)[args.offset:args.offset + args.answers]
        service, cache = lineage.LineageService(store), AnswerCache()

        def answer(key: str) -> bytes:
            def compute() -> dict[str, Any]:
                return service.lineage(Resolver(store).resolve(key), direction="upstream", depth=8, limit=250).as_json()

            return cache.answer(store, ("node", key, "upstream", 8, 250), compute)

        for key in targets[:20]:  # imports, connections
            answer(key)
        spent.update(dict.fromkeys(PHASES, 0.0))
        collector.update(spent=0.0, full=0)
        pid = store.server.pid()
        db_started, started, wall_started = _process_cpu(pid), time.process_time(), time.perf_counter()
        sizes = [len(answer(key)) for key in pool]
        cpu = time.process_time() - started
        wall = time.perf_counter() - wall_started
        db = _process_cpu(pid) - db_started
    n = len(pool)
    phases = ", ".join(f"{name} {1000 * spent[name] / n:.1f}" for name in PHASES)
    print(f"{n} cold answers from {args.offset}: cpu {1000 * cpu / n:.1f} ms/answer ({phases}), "
          f"gc {1000 * collector['spent'] / n:.1f} ms/answer ({collector['full']} full collections), "
          f"mean {sum(sizes) / n / 1024:.0f} KiB, median {sorted(sizes)[n // 2] / 1024:.0f} KiB; "
          f"db {1000 * db / n:.1f} ms/answer, wall {1000 * wall / n:.1f} ms/answer")
    if args.json:
        figures = {"label": args.label, "python": sys.executable, "answers": n, "offset": args.offset,
                   "cpu_ms": 1000 * cpu / n, "db_cpu_ms": 1000 * db / n, "wall_ms": 1000 * wall / n,
                   "gc_ms": 1000 * collector["spent"] / n, "mean_kib": sum(sizes) / n / 1024,
                   **{f"{name}_ms": 1000 * spent[name] / n for name in PHASES}}
        with args.json.open("a") as out:
            out.write(json.dumps(figures) + "\n")
    return 0


def _process_cpu(pid: int) -> float:
    """User and system CPU seconds of process ``pid`` so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    sys.exit(main())
