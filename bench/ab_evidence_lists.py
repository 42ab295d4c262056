"""Ingest time of the relationship write: parallel relationships (one per piece of evidence, the
former write) against one relationship per (source, type, target) with evidence lists.

    python bench/ab_evidence_lists.py --docs 1000 --repeats 3 --work /tmp/mandates-ab-evidence

A synthetic corpus (``bench/synth.py``) is ingested into a fresh graph of one embedded server by
``ingest_paths`` in this process, alternately with each write (the former one is
``graph.evidence``'s relationship parts and ``compile_batch``'s rows as they were, patched in for its runs).
Medians of the ingest's seconds and the relationships stored; the ratio is the figure to quote.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mandate_lineage.config import Settings, open_store
from mandate_lineage.graph import evidence
from mandate_lineage.graph.embedded_server import EmbeddedServer
from mandate_lineage.ingest.pipeline import ingest_paths


def former_rel_part(type_: str, source: str, target: str, param: str) -> str:
    return (f"UNWIND ${param} AS row MATCH (a:{source} {{key: row.source}}) MATCH (b:{target} {{key: row.target}}) "
            f"MERGE (a)-[r:{type_} {{key: row.key}}]->(b) SET r += row.props")


def former_rows(rows):
    return [{"source": r["source"], "target": r["target"], "key": r["key"], "props": dict(r["props"])} for r in rows]


def run_once(corpus: Path, data_dir: Path, former: bool) -> dict:
    settings = Settings.from_env(env={}, store="embedded", data_dir=data_dir, graph="ab-former" if former else "ab-lists")
    with open_store(settings) as store:
        store.clear()
        patches = [mock.patch.object(evidence, "merge_part", former_rel_part),
                   mock.patch.object(evidence, "create_part", former_rel_part),
                   mock.patch.object(evidence, "group_rows", former_rows)] if former else []
        for patch in patches:
            patch.start()
        try:
            started = time.perf_counter()
            report = ingest_paths([corpus], store, workers=0)
            seconds = time.perf_counter() - started
        finally:
            for patch in patches:
                patch.stop()
        _, relationships = store.totals()
        store.clear()
    return {"seconds": seconds, "relationships": relationships, "failed": len(report.failed)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--work", type=Path, required=True)
    args = parser.parse_args(argv)
    corpus, data_dir = args.work / f"synth-{args.docs}", args.work / "data"
    if not corpus.exists():
        subprocess.run([sys.executable, str(Path(__file__).with_name("synth.py")), "--docs", str(args.docs),
                        "--seed", "7", "--out", str(corpus)], check=True)
    runs: dict[str, list[dict]] = {"former": [], "lists": []}
    try:
        for _ in range(args.repeats):
            for name in ("former", "lists"):
                runs[name].append(run_once(corpus, data_dir, former=name == "former"))
                print(name, runs[name][-1], flush=True)
    finally:
        EmbeddedServer(data_dir).stop()
    result = {name: {"medianSeconds": round(statistics.median(r["seconds"] for r in rs), 2),
                     "relationships": rs[-1]["relationships"]} for name, rs in runs.items()}
    result["ratio lists/former"] = round(result["lists"]["medianSeconds"] / result["former"]["medianSeconds"], 3)
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
