"""``bench/ingest_stages.py`` for several builds, alternately, with medians and ratios.

    python bench/ab_ingest_stages.py CORPUS --build base=/work/wt-base --build main=/work/wt-main \
        --build new=. --rounds 3 --work /tmp/ab-stages --out docs/benchmark-runs/.../ingest-ab.json

Each round runs every build once, in the order given (one after the other, never together: the
database server's CPU is what is compared), this folder's ``bench/ingest_stages.py`` run by each
build's venv (``BUILD/.venv/bin/python``: that build's package) on a fresh data directory, the first build also dumping the graph
digest on the first round and every build on the last one. Prints and writes every run, the median
of each figure per build, and the ratios of the last build's medians against each other build's.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

FIGURES = {  # name in the summary -> path in one run's JSON
    "documentsWall": ("documents", "wall"),
    "documentsServerCpu": ("documents", "serverCpu"),
    "documentsCpuSelf": ("documents", "cpuSelf"),
    "documentsMbPerS": ("documents", "mbPerS"),
    "documentWrites": ("documentWrites",),
    "reuse": ("reuse",),
    "wall": ("wall",),
    "serverCpu": ("serverCpu",),
    "cpuChildren": ("cpuChildren",),
    "peakRssMiB": ("peakRssMiB",),
}


def figure(run: dict, path: tuple[str, ...]) -> float | None:
    value: object = run
    for name in path:
        if not isinstance(value, dict) or name not in value:
            return None
        value = value[name]
    return value if isinstance(value, (int, float)) else None


def git_head(folder: Path) -> str:
    return subprocess.run(["git", "-C", str(folder), "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True).stdout.strip()


def summarise(args: argparse.Namespace, builds: list[tuple[str, Path]], runs: list[dict]) -> dict:
    """Medians per build, ratios against the last build, digests; written to ``--out`` (after
    every run, so a stopped comparison keeps what it measured)."""
    done = [name for name, _ in builds if any(r["build"] == name for r in runs)]
    medians = {name: {fig: statistics.median(v for r in runs if r["build"] == name
                                             if (v := figure(r, path)) is not None)
                      for fig, path in FIGURES.items()
                      if any(figure(r, path) is not None for r in runs if r["build"] == name)}
               for name in done}
    last = builds[-1][0]
    ratios = {f"{other}/{last}": {fig: round(medians[other][fig] / medians[last][fig], 2)
                                  for fig in ("documentsWall", "documentsServerCpu", "documentWrites", "wall")
                                  if medians[last].get(fig) and medians[other].get(fig)}
              for other in done if other != last and last in medians}
    digests = {name: sorted({r["sha256"] for r in runs if r["build"] == name and r.get("sha256")}) for name in done}
    out = {"corpus": str(args.corpus), "rounds": args.rounds,
           "builds": {name: {"worktree": str(folder), "commit": git_head(folder)} for name, folder in builds},
           "medians": medians, "ratios": ratios, "digests": digests, "runs": runs}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, indent=1) + "\n")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--build", action="append", required=True, help="NAME=WORKTREE (with a .venv)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    builds = [(name, Path(folder).resolve()) for name, folder in (b.split("=", 1) for b in args.build)]
    args.work.mkdir(parents=True, exist_ok=True)
    runs: list[dict] = []
    for round_ in range(args.rounds):
        for name, folder in builds:
            command = [str(folder / ".venv/bin/python"), str(Path(__file__).resolve().parent / "ingest_stages.py"), str(args.corpus),
                       "--data-dir", str(args.work / f"data-{name}")]
            if round_ in (0, args.rounds - 1):
                command += ["--digest", str(args.work / f"graph-{name}-{round_}.json")]
            started = time.time()
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode != 0:
                print(done.stderr[-2000:], file=sys.stderr)
                return 1
            run = json.loads(done.stdout.strip().splitlines()[-1])
            run.update(build=name, round=round_, started=time.strftime("%H:%M:%S", time.gmtime(started)))
            runs.append(run)
            print(json.dumps({k: run.get(k) for k in ("build", "round", "documents", "reuse", "sha256")}), flush=True)
            summarise(args, builds, runs)
    summary = summarise(args, builds, runs)
    print(json.dumps({k: summary[k] for k in ('medians', 'ratios', 'digests')}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
