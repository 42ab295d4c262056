"""One ingest on a fresh embedded store with the time of each stage: documents (parse + writes),
text reuse, series and compaction; optionally the graph's digest and a profile.

    python bench/ingest_stages.py CORPUS --data-dir DIR [--digest graph.json] [--profile prof.txt]

Runs the package of the interpreter that runs it, so the same file times the baseline's venv
and this one's, alternately (``bench/ab_ingest_stages.py``). The stages are timed by wrapping the
pipeline's own functions (``finish_reuse``, ``link_series``, ``store.write``), so the ingest
itself is the one the ``mandates ingest`` command runs; "without reuse" is the wall time less
the text-reuse stage. Prints one JSON line. The server of ``--data-dir`` is stopped at the end.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import sys
import time
from pathlib import Path

from mandate_lineage.config import Settings, open_store
from mandate_lineage.graph.embedded_server import EmbeddedServer
from mandate_lineage.ingest import pipeline
from mandate_lineage.ingest.readers.sources import discover

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.graph_digest import cpu_seconds, dump  # noqa: E402
from bench.report import vm_hwm_kib  # noqa: E402


class Timer:
    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0

    def wrap(self, fn):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
                self.calls += 1
        return timed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--digest", type=Path, default=None, help="dump the graph here and print its SHA-256")
    parser.add_argument("--profile", type=Path, default=None, help="pyinstrument text profile of the ingest")
    args = parser.parse_args(argv)
    if args.data_dir.exists():
        EmbeddedServer(args.data_dir).stop()
        shutil.rmtree(args.data_dir)
    reuse, series, writes = Timer(), Timer(), Timer()
    documents_writes: list[float] = []
    finish_reuse = pipeline.finish_reuse

    at_reuse: dict = {}

    def finish_reuse_timed(*args, **kwargs):  # the writes so far are the documents'
        documents_writes.append(writes.seconds)
        at_reuse.update(wall=time.perf_counter(), cpu=time.process_time(), server=cpu_seconds(server_pid),
                        children=resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime)
        return finish_reuse(*args, **kwargs)

    pipeline.finish_reuse = reuse.wrap(finish_reuse_timed)
    pipeline.link_series = series.wrap(pipeline.link_series)
    megabytes = sum(p.stat().st_size for p in discover([args.corpus]))  # as bench_ingest.py counts
    out: dict = {"python": sys.executable, "corpus": str(args.corpus)}
    started = time.perf_counter()
    profiler = None
    try:
        with open_store(Settings.from_env(data_dir=args.data_dir)) as store:
            opened = time.perf_counter()
            store.write = writes.wrap(store.write)
            server_pid = store.describe().get("serverPid")
            server_cpu = cpu_seconds(server_pid)
            started_cpu = time.process_time()
            if args.profile is not None:
                from pyinstrument import Profiler

                profiler = Profiler(interval=0.002)
                profiler.start()
            report = pipeline.ingest_paths([args.corpus], store)
            done = time.perf_counter()
            if profiler is not None:
                profiler.stop()
                args.profile.write_text(profiler.output_text(unicode=False, color=False, show_all=False))
            out["serverCpu"] = round(cpu_seconds(server_pid) - server_cpu, 2)
            out["serverHwmMiB"] = round((vm_hwm_kib(server_pid) or 0) / 1024, 1)
            if args.digest is not None:
                text = json.dumps(dump(store), sort_keys=True)
                args.digest.write_text(text)
                out["sha256"] = hashlib.sha256(text.encode()).hexdigest()
    finally:
        EmbeddedServer(args.data_dir).stop()
    wall = done - started
    totals = report.totals()
    mb = megabytes / 1e6
    out.update({
        "megabytes": round(mb, 3), "files": totals["files"], "failed": totals["failed"],
        "echoes": totals["echoesWritten"],
        "wall": round(wall, 2), "open": round(opened - started, 2), "ingestSeconds": round(done - opened, 2),
        "reuse": round(reuse.seconds, 2), "series": round(series.seconds, 2), "writes": round(writes.seconds, 2),
        "documentWrites": round(documents_writes[0], 2) if documents_writes else None,
        "wallWithoutReuse": round(wall - reuse.seconds, 2),
        "mbPerS": round(mb / wall, 3), "mbPerSWithoutReuse": round(mb / (wall - reuse.seconds), 3),
        "docsPerS": round(totals["files"] / wall, 1),
        "cpuSelf": round(time.process_time(), 2),
        "cpuChildren": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime, 2),
        "peakRssMiB": round(max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                                resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024, 1),
        "workers": pipeline.parse_workers(totals["files"]), "pid": os.getpid(),
    })
    if at_reuse:  # the documents stage alone: CPU of this process, its parse workers and the server
        out["documents"] = {"wall": round(at_reuse["wall"] - opened, 2), "cpuSelf": round(at_reuse["cpu"] - started_cpu, 2),
                            "cpuWorkers": round(at_reuse["children"], 2),
                            "serverCpu": round(at_reuse["server"] - server_cpu, 2),
                            "mbPerS": round(mb / (at_reuse["wall"] - started), 3)}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
