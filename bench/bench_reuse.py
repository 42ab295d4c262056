"""The text-reuse stage alone, two builds side by side: time, peak memory, precision and recall.

    # once: the stored paragraphs of an ingested data directory, as plain rows
    python bench/bench_reuse.py dump --data-dir D --out /tmp/cand-1000.pkl
    # alternately, each build with its own interpreter (this file is only in the new build's tree)
    python bench/bench_reuse.py drive --pythons BASE_PY NEW_PY --candidates /tmp/cand-1000.pkl \\
        --data-dir D --truth CORPUS --repeats 3 --out docs/benchmark-runs/.../reuse-1000.json

Two measurements, each in a child process run with the build's own interpreter, alternately:

* **compute**: ``find_reuse`` over the dumped candidates, in memory (no database): seconds, peak
  RSS of the child (``ru_maxrss``), links, and precision/recall of the links against the
  generator's truth (``bench/score.py``'s ``score_edges``);
* **stage** (with ``--data-dir``): on a fresh copy of the data directory, every ECHOES link
  deleted, then ``reconcile_reuse(store)`` timed as the ingest runs it (read the paragraphs,
  compute, write the links): seconds, peak RSS of the child, peak RSS of the database server
  (``VmHWM``), links stored, precision/recall from the store.

Medians over ``--repeats``; the ratio base/new of the medians.
"""

from __future__ import annotations

import argparse
import json
import pickle
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.append(str(Path(__file__).resolve().parents[1]))  # after the build's own packages

FIELDS = ("key", "owner", "evidence_document", "date", "kind", "text", "start", "commitment")


def _cpu() -> float:
    """CPU seconds of this process and its waited-for children (forked workers): on a shared machine
    a steadier measure of the work than the wall time."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _proc_cpu(pid: int | None) -> float | None:
    """CPU seconds used so far by a live process (the database server), from /proc."""
    import os

    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, TypeError, ValueError, IndexError):
        return None


def _rss_mib() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def dump(data_dir: Path, out: Path) -> None:
    from mandate_lineage.config import Settings, open_store
    from mandate_lineage.ingest.reuse.detect import COMPARED_KINDS, candidate_from_row

    fields = ("kind", "document", "sourceDocument", "date", "originalText", "text", "start", "attributedTo")
    query = ("MATCH (p:Paragraph) WHERE p.kind IN $kinds RETURN p.key AS key, "
             + ", ".join(f"p.{name} AS {name}" for name in fields))
    with open_store(Settings.from_env(data_dir=data_dir), setup=False) as store:
        rows = store.read(query, {"kinds": sorted(COMPARED_KINDS)}, row_cap=50_000_000).rows
    out_rows = []
    for key, *values in rows:
        props = {name: value for name, value in zip(fields, values) if value is not None}
        if (c := candidate_from_row(key, props)) is not None:
            out_rows.append(tuple(getattr(c, f) for f in FIELDS))
    out.write_bytes(pickle.dumps(out_rows))
    print(f"{len(out_rows)} candidates -> {out}")


def _score(echoes: list[dict[str, Any]], truth: Path) -> dict[str, Any]:
    from bench.score import score_edges
    from bench.synth_model import load_truth

    scores = score_edges(load_truth(truth)["documents"], cites=(), echoes=echoes).as_json()
    return {"reuse": scores["reuse"], "commitmentLinks": scores["commitmentLinks"]}


def compute(candidates: Path, truth: Path, links_out: Path | None) -> dict[str, Any]:
    from mandate_lineage.ingest.reuse.detect import ReuseCandidate, find_reuse

    rows = pickle.loads(candidates.read_bytes())
    cands = [ReuseCandidate(**dict(zip(FIELDS, row))) for row in rows]
    del rows
    started, cpu = time.perf_counter(), _cpu()
    links = find_reuse(cands)
    seconds, cpu = time.perf_counter() - started, _cpu() - cpu
    echoes = [{"source": k.source, "target": k.target, "similarity": k.score} for k in links]
    if links_out:
        links_out.write_text(json.dumps([[k.source, k.target, k.score, k.rule, k.source_start, k.source_end,
                                          k.target_start, k.target_end] for k in links]))
    return {"seconds": round(seconds, 2), "cpuSeconds": round(cpu, 2), "rssMiB": _rss_mib(), "links": len(links),
            **_score(echoes, truth)}


def stage(data_dir: Path, truth: Path) -> dict[str, Any]:
    from bench.report import vm_hwm_kib
    from mandate_lineage.config import Settings, open_store
    from mandate_lineage.ingest.reuse.echoes import reconcile_reuse

    with open_store(Settings.from_env(data_dir=data_dir), setup=False) as store:
        try:
            pid = int((data_dir / "server.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            pid = None
        store.write_statement("MATCH ()-[r:ECHOES]->() DELETE r", {})
        started, cpu, server_cpu = time.perf_counter(), _cpu(), _proc_cpu(pid)
        written, deleted = reconcile_reuse(store)
        seconds, cpu = time.perf_counter() - started, _cpu() - cpu
        server_cpu = (_proc_cpu(pid) or 0) - server_cpu if server_cpu is not None else None
        rows = store.read("MATCH (a)-[r:ECHOES]->(b) RETURN a.key, b.key, r.similarity", row_cap=50_000_000).rows
        server_kib = vm_hwm_kib(pid)
    echoes = [{"source": s, "target": t, "similarity": sim} for s, t, sim in rows]
    return {"seconds": round(seconds, 2), "cpuSeconds": round(cpu, 2),
            "serverCpuSeconds": round(server_cpu, 2) if server_cpu is not None else None, "rssMiB": _rss_mib(),
            "serverHwmMiB": round(server_kib / 1024, 1) if server_kib else None, "written": written,
            "links": len(rows), **_score(echoes, truth)}


def _child(python: str, *args: str) -> dict[str, Any]:
    done = subprocess.run([python, str(Path(__file__).resolve()), *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{python} {args[0]} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def drive(args: argparse.Namespace) -> None:
    names = ["base", "new"]
    runs: dict[str, dict[str, list[dict[str, Any]]]] = {n: {"compute": [], "stage": []} for n in names}
    for _ in range(args.repeats):
        for name, python in zip(names, args.pythons):
            if args.candidates:
                runs[name]["compute"].append(_child(python, "compute", "--candidates", str(args.candidates),
                                                    "--truth", str(args.truth)))
                print(name, "compute", runs[name]["compute"][-1], file=sys.stderr)
            if args.data_dir:
                with tempfile.TemporaryDirectory(dir=args.work) as tmp:
                    copy = Path(tmp) / "data"
                    shutil.copytree(args.data_dir, copy)
                    try:
                        runs[name]["stage"].append(_child(python, "stage", "--data-dir", str(copy),
                                                          "--truth", str(args.truth)))
                    finally:
                        subprocess.run([python, "-m", "mandate_lineage.cli", "--data-dir", str(copy), "stop"],
                                       capture_output=True)
                print(name, "stage", runs[name]["stage"][-1], file=sys.stderr)
    summary: dict[str, Any] = {}
    for kind in ("compute", "stage"):
        for name in names:
            got = runs[name][kind]
            if got:
                summary.setdefault(kind, {})[name] = {
                    "medianSeconds": statistics.median(r["seconds"] for r in got),
                    "medianCpuSeconds": statistics.median(r["cpuSeconds"] for r in got),
                    "medianRssMiB": statistics.median(r["rssMiB"] for r in got),
                    "links": got[-1]["links"], "reuse": got[-1]["reuse"],
                    "commitmentLinks": got[-1]["commitmentLinks"],
                    **({"medianServerHwmMiB": statistics.median(r["serverHwmMiB"] or 0 for r in got),
                        "medianServerCpuSeconds": statistics.median(r["serverCpuSeconds"] or 0 for r in got)}
                       if kind == "stage" else {})}
        if kind in summary and len(summary[kind]) == 2:
            for measure in ("medianSeconds", "medianCpuSeconds"):
                summary[kind][f"speedup_{measure}"] = round(summary[kind]["base"][measure]
                                                            / summary[kind]["new"][measure], 2)
    result = {"pythons": dict(zip(names, args.pythons)), "candidates": str(args.candidates),
              "dataDir": str(args.data_dir), "truth": str(args.truth), "repeats": args.repeats,
              "summary": summary, "runs": runs}
    text = json.dumps(result, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("dump")
    p.add_argument("--data-dir", type=Path, required=True)
    p.add_argument("--out", type=Path, required=True)
    p = sub.add_parser("compute")
    p.add_argument("--candidates", type=Path, required=True)
    p.add_argument("--truth", type=Path, required=True)
    p.add_argument("--links-out", type=Path, default=None)
    p = sub.add_parser("stage")
    p.add_argument("--data-dir", type=Path, required=True)
    p.add_argument("--truth", type=Path, required=True)
    p = sub.add_parser("drive")
    p.add_argument("--pythons", nargs=2, required=True, help="base then new interpreter")
    p.add_argument("--candidates", type=Path, default=None)
    p.add_argument("--data-dir", type=Path, default=None, help="ingested data dir (copied for each stage run)")
    p.add_argument("--truth", type=Path, required=True)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--work", type=Path, default=Path("/tmp"))
    p.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    if args.command == "dump":
        dump(args.data_dir, args.out)
    elif args.command == "compute":
        print(json.dumps(compute(args.candidates, args.truth, args.links_out)))
    elif args.command == "stage":
        print(json.dumps(stage(args.data_dir, args.truth)))
    else:
        drive(args)


if __name__ == "__main__":
    main()
