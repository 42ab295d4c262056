"""Ingest a folder into a fresh embedded store and dump the whole graph, for before/after checks.

    python bench/graph_digest.py CORPUS --data-dir DIR --out graph.json [--profile prof.html]

Every node (key, labels, properties) and every relationship (type, source key, target key,
properties) is written sorted to ``--out``; its SHA-256 is printed. Two runs of different code on
the same corpus must print the same digest when the graph produced is the same. The server of
``--data-dir`` is stopped at the end. A reviewer's tool, not a test.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import time
from pathlib import Path

from mandate_lineage.config import Settings, open_store
from mandate_lineage.graph.embedded_server import EmbeddedServer
from mandate_lineage.ingest.pipeline import ingest_paths

NODES = "MATCH (n) RETURN n.key AS key, labels(n) AS labels, properties(n) AS props"
RELS = "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.key AS source, b.key AS target, properties(r) AS props"


def cpu_seconds(pid: int | None) -> float:
    """User + system CPU seconds of a process so far (Linux), 0 when unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, TypeError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def dump(store) -> dict[str, list]:
    nodes = [[k, sorted(labels), props] for k, labels, props in store.read(NODES, row_cap=100_000_000).rows]
    rels = [[t, s, d, props] for t, s, d, props in store.read(RELS, row_cap=100_000_000).rows]
    key = lambda row: json.dumps(row, sort_keys=True)  # noqa: E731
    return {"nodes": sorted(nodes, key=key), "relationships": sorted(rels, key=key)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--profile", type=Path, default=None, help="write a pyinstrument HTML/text profile here")
    args = parser.parse_args(argv)
    if args.data_dir.exists():
        EmbeddedServer(args.data_dir).stop()
        shutil.rmtree(args.data_dir)
    settings = Settings.from_env(data_dir=args.data_dir)
    profiler = None
    try:
        with open_store(settings) as store:
            if args.profile is not None:
                from pyinstrument import Profiler

                profiler = Profiler(interval=0.005)
                profiler.start()
            server_pid = store.describe().get("serverPid")
            server_cpu, cpu, started = cpu_seconds(server_pid), time.process_time(), time.perf_counter()
            report = ingest_paths([args.corpus], store)
            seconds = time.perf_counter() - started
            cpu, server_cpu = time.process_time() - cpu, cpu_seconds(server_pid) - server_cpu
            if profiler is not None:
                profiler.stop()
                args.profile.write_text(profiler.output_text(unicode=False, color=False, show_all=False))
            graph = dump(store)
    finally:
        EmbeddedServer(args.data_dir).stop()
    text = json.dumps(graph, sort_keys=True)
    args.out.write_text(text)
    print(json.dumps({"seconds": round(seconds, 2), "cpu": round(cpu, 2), "serverCpu": round(server_cpu, 2), "files": len(report.outcomes), "failed": len(report.failed),
                      "echoes": report.echoes, "nodes": len(graph["nodes"]), "relationships": len(graph["relationships"]),
                      "sha256": hashlib.sha256(text.encode()).hexdigest()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
