"""What one small ingest costs in a large store, with store-wide and with frozen reuse weights
(issue 13, item 9: "an ingest's cost independent of what is already stored").

On a copy of a filled data directory, each step is the ``mandates`` command as a user runs it,
timed from outside (wall, the command's CPU, the database server's CPU from /proc):

1. ``ingest A``: store-wide weights, the baseline (every link of the store recomputed);
2. ``reuse freeze``: the weights frozen from the stored documents, every link recomputed once;
3. ``ingest B``, ``ingest C``: frozen weights, the local pass;
4. ``remove B``: a removal with frozen weights.

A, B and C are files of the same generator, of similar size, not in the store. Usage:

    python bench/bench_reuse_local.py --data-dir COPY [--warm W] --files A B C --out result.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path


def _server_cpu(data_dir: Path) -> float:
    try:
        pid = int((data_dir / "server.pid").read_text().split()[0])
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("nan")


def step(name: str, data_dir: Path, *args: str) -> dict:
    command = [sys.executable, "-m", "mandate_lineage.cli", "--data-dir", str(data_dir), *args]
    before_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    before_db = _server_cpu(data_dir)
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=7200)
    wall = time.perf_counter() - started
    after_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after_children.ru_utime - before_children.ru_utime) + (after_children.ru_stime - before_children.ru_stime)
    row = {"step": name, "command": " ".join(["mandates", *args]), "wall_s": round(wall, 2),
           "command_cpu_s": round(cpu, 2), "database_cpu_s": round(_server_cpu(data_dir) - before_db, 2),
           "exit": done.returncode, "stdout_tail": done.stdout.strip().splitlines()[-3:],
           "load_before": os.getloadavg()[0]}
    print(json.dumps(row), flush=True)
    if done.returncode:
        print(done.stderr[-2000:], file=sys.stderr)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--files", type=Path, nargs=3, required=True)
    parser.add_argument("--warm", type=Path, help="a file ingested first with store-wide weights, not counted "
                        "(it fills the token cache, as every ingest after the first finds it)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    a, b, c = args.files
    rows = [step("status (server up)", args.data_dir, "status", "--json")]
    if args.warm:
        step("warm-up ingest, store-wide weights (not counted)", args.data_dir, "ingest", str(args.warm), "--json")
    rows.append(step("ingest A, store-wide weights", args.data_dir, "ingest", str(a), "--json"))
    rows.append(step("reuse freeze", args.data_dir, "reuse", "freeze", "--json"))
    rows.append(step("ingest B, frozen weights", args.data_dir, "ingest", str(b), "--json"))
    rows.append(step("ingest C, frozen weights", args.data_dir, "ingest", str(c), "--json"))
    rows.append(step("remove B, frozen weights", args.data_dir, "remove", "--yes", b.name, "--json"))
    rows.append(step("stop", args.data_dir, "stop"))
    baseline = rows[1]["wall_s"]
    local = sorted(r["wall_s"] for r in rows[3:5])
    result = {"machine": platform.node(), "cpus": os.cpu_count(), "data_dir": str(args.data_dir),
              "files": [str(p) for p in args.files], "steps": rows,
              "ratio_wall_store_wide_over_frozen": round(baseline / (sum(local) / 2), 1)}
    args.out.write_text(json.dumps(result, indent=2))
    print(json.dumps({k: v for k, v in result.items() if k != "steps"}, indent=2))


if __name__ == "__main__":
    main()
