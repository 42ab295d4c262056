"""Reference extraction throughput against the floor of one pass of the same compiled patterns.

    python bench/bench_references.py --corpus /tmp/mandates-bench/synth-1000-s7 --repeats 7

On the cleaned text of every document of a corpus (cleaning is not timed; the parse stage cleans
before it finds), in the same run and alternately:

* **floor**: one ``finditer`` pass of each compiled finder pattern of
  ``mandate_lineage.ingest.references.patterns`` over the text, matches consumed and discarded;
* **references**: ``find_references`` (the symbol finders: matching, normalising to keys,
  overlaps, Roman numerals, dates);
* **all finders**: ``find_references`` + ``find_summits`` + ``find_conventions`` as
  ``parse_document`` calls them (the latter two are gazetteer scans, not patterns).

Medians over ``--repeats``; MB/s of each and the ratio to the floor. Prints a table and JSON.
A corpus is generated with ``bench/synth.py`` when ``--corpus`` is missing (``--docs``).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.report import emit_json
from mandate_lineage.ingest.cleaning.clean import clean_text
from mandate_lineage.ingest.gazetteers.conventions import find_conventions
from mandate_lineage.ingest.gazetteers.summits import find_summits
from mandate_lineage.ingest.readers.sources import discover, read_source
from mandate_lineage.ingest.references import patterns
from mandate_lineage.ingest.references.finder import find_references

# The finder patterns (each ``find_references`` finder starts from one of these); the *_LEAD and
# *_CONTINUATION patterns are matched from a hit, not over the whole text.
FLOOR_PATTERNS = ("OAS_RES", "OAS_DOC", "EXEC_ORDER", "IACTHR_OC", "UN_RES", "UN_RES_SYMBOL", "UN_DOC")


def floor_pass(texts: list[str]) -> int:
    compiled = [getattr(patterns, name) for name in FLOOR_PATTERNS]
    found = 0
    for text in texts:
        for pattern in compiled:
            for _ in pattern.finditer(text):
                found += 1
    return found


def references_pass(texts: list[str]) -> int:
    return sum(len(find_references(text)) for text in texts)


def all_finders_pass(texts: list[str]) -> int:
    return sum(len(find_references(t)) + len(find_summits(t)) + len(find_conventions(t)) for t in texts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("/tmp/mandates-bench/synth-1000-s7"))
    parser.add_argument("--docs", type=int, default=1000, help="documents to generate when --corpus is missing")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    if not (args.corpus / "__truth__.json").exists():
        subprocess.run([sys.executable, str(Path(__file__).with_name("synth.py")), "--docs", str(args.docs),
                        "--seed", "7", "--out", str(args.corpus)], check=True, capture_output=True)
    texts = [clean_text(read_source(p).text).text for p in discover([args.corpus])]
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    stages = {"floor": floor_pass, "references": references_pass, "allFinders": all_finders_pass}
    for stage in stages.values():  # warm: compile lazily built patterns and gazetteers
        stage(texts[:20])
    times: dict[str, list[float]] = {name: [] for name in stages}
    counts: dict[str, int] = {}
    for _ in range(args.repeats):
        for name, stage in stages.items():
            started = time.perf_counter()
            counts[name] = stage(texts)
            times[name].append(time.perf_counter() - started)
    floor = statistics.median(times["floor"])
    out = {"docs": len(texts), "megabytes": round(megabytes, 3), "repeats": args.repeats, "stages": {}}
    for name in stages:
        median = statistics.median(times[name])
        out["stages"][name] = {"median": round(median, 4), "mbPerS": round(megabytes / median, 2),
                               "xFloor": round(median / floor, 2), "found": counts[name],
                               "seconds": [round(t, 4) for t in times[name]]}
    print(f"{'stage':<12} {'median s':>9} {'MB/s':>8} {'x floor':>8} {'found':>8}")
    for name, row in out["stages"].items():
        print(f"{name:<12} {row['median']:>9.3f} {row['mbPerS']:>8.2f} {row['xFloor']:>8.2f} {row['found']:>8}")
    emit_json(out, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
