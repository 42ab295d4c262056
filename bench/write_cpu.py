"""Database CPU of the document writes alone: the next documents of a corpus written into copies of
a graph holding the first ones, as the ingest writes them (statements made ahead, ``store.write``).

    python bench/write_cpu.py CORPUS --first 300 --next 200 --rounds 3 --work DIR [--perf perf.data]

The first ``--first`` files are ingested once into ``DIR/base-N`` (kept for later runs with the same
N). Each round copies that graph (``GRAPH.COPY``), prepares the next ``--next`` files (parse,
build, statement) in this process, then times only their writes: the server's CPU (every thread,
``/proc/PID/task/*/schedstat``), the statement text sent, and how many optimistic statements were
refused and written again. Runs the package of the interpreter that runs it, so one file compares
builds (run it with each venv, alternately). ``--perf`` records the server with ``perf record`` in
the last round (``perf report -i FILE --children``). Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

from mandate_lineage.config import Settings, open_store
from mandate_lineage.errors import QueryError
from mandate_lineage.graph.embedded_server import EmbeddedServer
from mandate_lineage.ingest import pipeline
from mandate_lineage.ingest.readers.sources import discover_all


def server_cpu_ns(pid: int) -> int:
    return sum(int((task / "schedstat").read_text().split()[0]) for task in Path(f"/proc/{pid}/task").iterdir())


def base_graph(corpus: Path, files: list[Path], first: int, work: Path) -> Path:
    data = work / f"base-{first}"
    if (data / "base.done").exists():
        return data
    if data.exists():
        EmbeddedServer(data).stop()
        shutil.rmtree(data)
    subset = work / f"corpus-{first}"
    shutil.rmtree(subset, ignore_errors=True)
    subset.mkdir(parents=True)
    for path in files[:first] + sorted(p for p in corpus.iterdir() if p.suffix in {".yaml", ".yml"}):
        (subset / path.name).symlink_to(path.resolve())
    with open_store(Settings.from_env(data_dir=data)) as store:
        pipeline.ingest_paths([subset], store, workers=0)
    (data / "base.done").write_text("")
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--first", type=int, default=300)
    parser.add_argument("--next", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--perf", type=Path, default=None)
    args = parser.parse_args(argv)
    files, _ = discover_all([args.corpus])
    data = base_graph(args.corpus, files, args.first, args.work)
    out: dict = {"python": sys.executable, "corpus": str(args.corpus), "first": args.first, "next": args.next,
                 "rounds": []}
    try:
        with open_store(Settings.from_env(data_dir=data)) as store:
            connection = store._db.connection
            connection.execute_command("CONFIG", "SET", "auto-aof-rewrite-percentage", "0")  # COPY forks too
            while connection.info("persistence")["aof_rewrite_in_progress"]:
                time.sleep(0.5)
            pid = store.describe()["serverPid"]
            existing = {row["key"]: row for row in store.read(pipeline.EXISTING_DOCUMENTS, row_cap=10**7).records()}
            manifests, _ = pipeline._manifests_for([args.corpus])
            context = pipeline.CorpusContext.from_manifests(manifests.values())
            for round_ in range(args.rounds):
                copy = f"write-cpu-{round_}"
                try:  # left by a run that was stopped
                    connection.execute_command("GRAPH.DELETE", copy)
                except Exception:  # noqa: BLE001 - no such graph
                    pass
                connection.execute_command("GRAPH.COPY", store.graph_name, copy)
                with open_store(Settings.from_env(data_dir=data, graph=copy)) as target:
                    jobs = pipeline._Jobs(manifests, context, existing, pipeline.DEFAULT_MAX_BYTES, False,
                                          target.batch_encoder())
                    batches = [prepared.graph.batch for prepared in map(jobs.prepare, files[args.first:args.first + args.next])
                               if prepared.graph is not None]
                    refused = 0
                    send = target._write_encoded

                    def counted(encoded, timeout_ms, send=send):
                        nonlocal refused
                        try:
                            return send(encoded, timeout_ms)
                        except QueryError:
                            refused += 1
                            raise

                    target._write_encoded = counted
                    perf = None
                    if args.perf is not None and round_ == args.rounds - 1:
                        perf = subprocess.Popen(["perf", "record", "-F", "499", "--call-graph", "dwarf,16384", "-o",
                                                 str(args.perf), "-p", str(pid)],
                                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                        time.sleep(1)
                    cpu, wall = server_cpu_ns(pid), time.perf_counter()
                    for batch in batches:
                        target.write(batch)
                    cpu, wall = (server_cpu_ns(pid) - cpu) / 1e9, time.perf_counter() - wall
                    if perf is not None:
                        perf.send_signal(signal.SIGINT)
                        perf.wait()
                    nodes, rels = target.totals()
                out["rounds"].append({"serverCpu": round(cpu, 3), "wall": round(wall, 3), "documents": len(batches),
                                      "refused": refused, "nodes": nodes, "relationships": rels,
                                      "text": sum(len(b.encoded) if isinstance(b.encoded, str) else 0 for b in batches)})
                connection.execute_command("GRAPH.DELETE", copy)
    finally:
        EmbeddedServer(data).stop()
    out["serverCpuMedian"] = statistics.median(r["serverCpu"] for r in out["rounds"])
    out["pid"] = os.getpid()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
