"""Ingest throughput at several corpus sizes, against the floor of reading the files, and its growth.

    python bench/bench_ingest.py --sizes 1000 5000 --repeats 3 --work /tmp/mandates-bench

For each size ``n`` a synthetic corpus is generated once (``bench/synth.py --docs n --seed S``)
and, in the same run and alternately:

* **read** (the floor): read and decode every file (``read_source``), in this process;
* **parse**: read, parse and build every document's write batch, one process, no store
  (``parse_document`` + ``build_document_graph``): where the time goes before the database;
* **ingest**: ``mandates --data-dir D ingest CORPUS --json`` in a child process on a fresh data
  directory, as a user runs it (server start, writes, text reuse, AOF rewrite request). Its wall
  time, the ingest's own ``seconds``, the peak RSS of the largest process of the ingest
  (``ru_maxrss`` from ``wait4``: the CLI process or one of its parse workers) and the peak RSS of the
  database server (``VmHWM``) are recorded.

Medians over ``--repeats`` (the slowest sizes may be given fewer with ``--ingest-repeats``); MB/s
and docs/s of each; the ratio of each stage to the floor; the exponent ``b`` of ``t = a n^b``
fitted by least squares on log t / log n over the sizes measured (target: <= 1.15); and, after
the last ingest of each size, precision/recall against the generator's truth
(``bench/score.py``). Prints a table and the JSON (``--out`` writes it too). With ``--keep`` the
data directory of the largest size is left in place (its server stopped) for
``bench_lineage_http.py``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.report import emit_json, vm_hwm_kib
from mandate_lineage.ingest.building.build import CorpusContext, build_document_graph
from mandate_lineage.ingest.identity.metadata import load_manifest
from mandate_lineage.ingest.parse import parse_document
from mandate_lineage.ingest.readers.sources import discover, read_source

BENCH = Path(__file__).resolve().parent
TARGET_MB_S = 2.0
TARGET_EXPONENT = 1.15


def server_pid(data_dir: Path) -> int | None:
    try:
        return int((data_dir / "server.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def mandates(data_dir: Path, *args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MANDATES_", "NEO4J_"))}
    return subprocess.run([sys.executable, "-m", "mandate_lineage.cli", "--data-dir", str(data_dir), *args],
                          env=env, capture_output=True, text=True, **kwargs)


def ensure_corpus(work: Path, n: int, seed: int) -> Path:
    corpus = work / f"synth-{n}-s{seed}"
    if not (corpus / "__truth__.json").exists():
        subprocess.run([sys.executable, str(BENCH / "synth.py"), "--docs", str(n), "--seed", str(seed),
                        "--out", str(corpus)], check=True, capture_output=True)
    return corpus


def time_read(files: list[Path]) -> float:
    started = time.perf_counter()
    for path in files:
        read_source(path)
    return time.perf_counter() - started


def time_parse(corpus: Path, files: list[Path]) -> float:
    manifest = load_manifest(corpus)
    context = CorpusContext.from_manifests([manifest] if manifest else [])
    started = time.perf_counter()
    for path in files:
        source = read_source(path)
        parsed = parse_document(source, manifest.documents.get(path.name) if manifest else None)
        build_document_graph(parsed, context)
    return time.perf_counter() - started


def run_ingest(corpus: Path, data_dir: Path) -> dict[str, Any]:
    """One ingest in a child process on a fresh data directory; the server is left running."""
    if data_dir.exists():
        mandates(data_dir, "stop")
        shutil.rmtree(data_dir)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MANDATES_", "NEO4J_"))}
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "mandate_lineage.cli", "--data-dir", str(data_dir), "ingest",
                                  str(corpus), "--json"], env=env, stdout=stdout, stderr=stderr)
        # wait4, not Popen.wait: it also returns the child's resource usage (peak RSS)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        stdout.seek(0)
        stderr.seek(0)
        out, err = stdout.read(), stderr.read()
    summary = json.loads(out) if out.strip().startswith("{") else {}
    if not summary:
        raise RuntimeError(f"ingest failed: {err[-2000:]}")
    return {"wall": wall, "seconds": summary.get("seconds"), "summary": summary,
            "maxrssKiB": usage.ru_maxrss if usage else None, "serverHwmKiB": vm_hwm_kib(server_pid(data_dir))}


def score(corpus: Path, data_dir: Path) -> dict[str, Any]:
    done = subprocess.run([sys.executable, str(BENCH / "score.py"), "--data-dir", str(data_dir), "--truth",
                           str(corpus / "__truth__.json")], capture_output=True, text=True)
    if done.returncode != 0 or not done.stdout.strip().startswith("{"):
        return {"error": (done.stderr or done.stdout)[-500:]}
    return json.loads(done.stdout)


def fit_exponent(points: list[tuple[int, float]]) -> float | None:
    """``b`` of ``t = a n^b`` by least squares on logs."""
    if len(points) < 2:
        return None
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def bench_size(work: Path, n: int, seed: int, repeats: int, ingest_repeats: int, keep: bool) -> dict[str, Any]:
    corpus = ensure_corpus(work, n, seed)
    files = discover([corpus])
    megabytes = sum(p.stat().st_size for p in files) / 1e6
    data_dir = work / f"data-{n}"
    reads, parses, ingests = [], [], []
    for r in range(max(repeats, ingest_repeats)):
        if r < repeats:
            reads.append(time_read(files))
            parses.append(time_parse(corpus, files))
        if r < ingest_repeats:
            ingests.append(run_ingest(corpus, data_dir))
            if r < ingest_repeats - 1:
                mandates(data_dir, "stop")
    scores = score(corpus, data_dir)
    mandates(data_dir, "stop")
    if not keep:
        shutil.rmtree(data_dir, ignore_errors=True)
    t_read, t_parse = statistics.median(reads), statistics.median(parses)
    t_ingest = statistics.median(i["wall"] for i in ingests)
    last = ingests[-1]
    return {
        "docs": len(files), "megabytes": round(megabytes, 3), "corpus": str(corpus), "dataDir": str(data_dir),
        "read": {"seconds": [round(t, 3) for t in reads], "median": round(t_read, 3),
                 "mbPerS": round(megabytes / t_read, 2)},
        "parse": {"seconds": [round(t, 3) for t in parses], "median": round(t_parse, 3),
                  "mbPerS": round(megabytes / t_parse, 3), "docsPerS": round(len(files) / t_parse, 1),
                  "xFloor": round(t_parse / t_read, 1)},
        "ingest": {"wall": [round(i["wall"], 2) for i in ingests], "median": round(t_ingest, 2),
                   "ingestSeconds": [i["seconds"] for i in ingests],
                   "mbPerS": round(megabytes / t_ingest, 4), "docsPerS": round(len(files) / t_ingest, 1),
                   "xFloor": round(t_ingest / t_read, 1), "xParse": round(t_ingest / t_parse, 2),
                   "peakRssMiB": round(max(i["maxrssKiB"] or 0 for i in ingests) / 1024, 1),
                   "serverPeakRssMiB": round(max(i["serverHwmKiB"] or 0 for i in ingests) / 1024, 1),
                   "echoes": last["summary"].get("echoesWritten"),
                   "edgesWritten": sum(last["summary"].get("edgesWritten", {}).values()),
                   "nodesWritten": sum(last["summary"].get("nodesWritten", {}).values())},
        "scores": scores,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeats", type=int, default=3, help="runs of the read and parse stages per size")
    parser.add_argument("--ingest-repeats", type=int, nargs="+", default=None,
                        help="ingest runs per size (one number, or one per size); default --repeats")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--work", type=Path, default=Path("/tmp/mandates-bench"))
    parser.add_argument("--keep", action="store_true", help="keep the data directory of the largest size")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    ingest_repeats = args.ingest_repeats or [args.repeats]
    if len(ingest_repeats) == 1:
        ingest_repeats = ingest_repeats * len(args.sizes)
    results: dict[str, Any] = {"sizes": {}, "targets": {"mbPerS": TARGET_MB_S, "exponent": TARGET_EXPONENT},
                               "nproc": os.cpu_count(), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    for n, reps in zip(args.sizes, ingest_repeats):
        keep = args.keep and n == max(args.sizes)
        results["sizes"][str(n)] = row = bench_size(args.work, n, args.seed, args.repeats, reps, keep)
        print(json.dumps({str(n): row}), file=sys.stderr, flush=True)  # progress: a size done
    points = [(row["docs"], row["ingest"]["median"]) for row in results["sizes"].values()]
    parse_points = [(row["docs"], row["parse"]["median"]) for row in results["sizes"].values()]
    exponent, parse_exponent = fit_exponent(points), fit_exponent(parse_points)
    results["exponent"] = None if exponent is None else round(exponent, 3)
    results["parseExponent"] = None if parse_exponent is None else round(parse_exponent, 3)
    print(f"{'docs':>6} {'MB':>6} {'read MB/s':>9} {'parse MB/s':>10} {'ingest s':>9} {'ingest MB/s':>11} "
          f"{'docs/s':>7} {'x floor':>8} {'x parse':>8} {'RSS MiB':>8} {'srv MiB':>8} {'echoes':>8} "
          f"{'ref P/R':>11} {'reuse P/R':>11}")
    for row in results["sizes"].values():
        ing, sc = row["ingest"], row["scores"]
        ref = sc.get("references") if isinstance(sc, dict) else None
        reuse = sc.get("reuse") if isinstance(sc, dict) else None
        pr = lambda d: f"{d['precision']:.3f}/{d['recall']:.3f}" if isinstance(d, dict) else "n/a"  # noqa: E731
        print(f"{row['docs']:>6} {row['megabytes']:>6.2f} {row['read']['mbPerS']:>9.1f} {row['parse']['mbPerS']:>10.3f} "
              f"{ing['median']:>9.1f} {ing['mbPerS']:>11.4f} {ing['docsPerS']:>7.1f} {ing['xFloor']:>8.0f} "
              f"{ing['xParse']:>8.2f} {ing['peakRssMiB']:>8.0f} {ing['serverPeakRssMiB']:>8.0f} "
              f"{ing['echoes'] or 0:>8} {pr(ref):>11} {pr(reuse):>11}")
    print(f"exponent of ingest time against documents: {results['exponent']} (target <= {TARGET_EXPONENT}); "
          f"parse stage alone: {results['parseExponent']}")
    emit_json(results, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
