"""Corpus regression report: references and edges gained or lost against the last run.

    python bench/corpus_report.py            # compare with bench/corpus_snapshot.json
    python bench/corpus_report.py --update   # ... and make this run the new baseline

Runs the ingest stages on the bundled corpus in memory (no database), lists every reference
key per document and every edge as (type, source, target, rule), and prints what changed since
the snapshot. Exits 0 either way: this is a report for a reviewer, not a test.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from mandate_lineage.ingest.building.build import CorpusContext, build_document_graph
from mandate_lineage.ingest.identity.metadata import load_manifest
from mandate_lineage.ingest.parse import parse_document
from mandate_lineage.ingest.pipeline import bundled_corpus
from mandate_lineage.ingest.readers.sources import read_source

SNAPSHOT = Path(__file__).with_name("corpus_snapshot.json")


def current() -> dict[str, dict[str, list[str]]]:
    corpus = bundled_corpus()
    manifest = load_manifest(corpus)
    context = CorpusContext.from_manifests([manifest] if manifest else [])
    out: dict[str, dict[str, list[str]]] = {}
    for path in sorted(corpus.glob("*.txt")):
        parsed = parse_document(read_source(path), manifest.documents.get(path.name) if manifest else None)
        graph = build_document_graph(parsed, context)
        edges = sorted({
            f"{rels.type} {row['source']} -> {row['target']} [{row['props']['rule']}]"
            for rels in graph.batch.relationships for row in rels.rows if rels.type != "PART_OF"
        })
        out[path.name] = {"references": sorted({r.key for r in parsed.references}), "edges": edges}
    return out


def diff(old: dict, new: dict) -> list[str]:
    lines: list[str] = []
    for name in sorted(set(old) | set(new)):
        for part in ("references", "edges"):
            before = set(old.get(name, {}).get(part, []))
            after = set(new.get(name, {}).get(part, []))
            for item in sorted(after - before):
                lines.append(f"+ {name} {part[:-1]}: {item}")
            for item in sorted(before - after):
                lines.append(f"- {name} {part[:-1]}: {item}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="write this run as the new baseline")
    args = parser.parse_args(argv)
    new = current()
    old = json.loads(SNAPSHOT.read_text()) if SNAPSHOT.exists() else {}
    changes = diff(old, new)
    for name, data in new.items():
        print(f"{name}: {len(data['references'])} references, {len(data['edges'])} edges (PART_OF not counted)")
    print(f"{len(changes)} change(s) against {SNAPSHOT.name}" + (":" if changes else ""))
    for line in changes:
        print("  " + line)
    if args.update or not SNAPSHOT.exists():
        SNAPSHOT.write_text(json.dumps(new, indent=1, sort_keys=True) + "\n")
        print(f"baseline written to {SNAPSHOT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
