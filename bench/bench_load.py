"""Store load throughput: the project's batched UNWIND loads against FalkorDB's own bulk loader.

    python bench/bench_load.py --source-data-dir /tmp/mandates-bench/data-1000 --repeats 3

The graph of an ingested store (``--source-data-dir``: every node with its labels and
properties, every relationship with its type and properties) is read once, then loaded, in the
same run and alternately, into fresh graphs of a separate embedded server (``--work``):

* **unwind**: ``GraphStore.load`` (``UNWIND $rows AS row MERGE ... SET ... += row.props`` in batches
  of ``LOAD_BATCH_ROWS``), after ``setup_schema`` (the key indexes and constraints the product
  runs with, which MERGE needs);
* **bulk**: ``falkordb-bulk-insert`` (PyPI ``falkordb-bulk-loader``, the ``GRAPH.BULK`` command)
  from CSV files of the same nodes and relationships, typed headers (``--enforce-schema``), with
  the same key indexes created by the loader (``-i Label:key``). Writing the CSVs is not timed.

Reports nodes/s and relationships/s of each (median over ``--repeats``), the ratio unwind/bulk
(target: at least 0.5) and checks that both graphs hold the same counts. Prints a table and JSON.
Every server started here is stopped at the end.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.report import emit_json
from mandate_lineage.config import Settings, open_store
from mandate_lineage.graph import schema
from mandate_lineage.graph.batch import WriteBatch
from mandate_lineage.graph.embedded_server import EmbeddedServer
from mandate_lineage.graph.store import LOAD_BATCH_ROWS

NODES = "MATCH (n) RETURN n.key, labels(n), properties(n)"
RELS = "MATCH (a)-[r]->(b) RETURN type(r), a.key, b.key, properties(r)"
TARGET_RATIO = 0.5


def read_graph(data_dir: Path) -> tuple[list[list[Any]], list[list[Any]]]:
    try:
        with open_store(Settings.from_env(data_dir=data_dir), setup=False) as store:
            nodes = store.read(NODES, row_cap=100_000_000).rows
            rels = store.read(RELS, row_cap=100_000_000).rows
    finally:
        EmbeddedServer(data_dir).stop()
    return nodes, rels


def as_batch(nodes: list[list[Any]], rels: list[list[Any]]) -> WriteBatch:
    """The graph as one (non-atomic) load: nodes grouped by label set, relationships by pattern."""
    labels_of = {key: tuple(sorted(labels)) for key, labels, _ in nodes}
    batch = WriteBatch()
    by_labels: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for key, _labels, props in nodes:
        by_labels[labels_of[key]].append({"key": key, "props": {k: v for k, v in props.items() if k != "key"}})
    for labels, rows in sorted(by_labels.items()):
        batch.add_nodes(labels, rows)
    pattern_cache: dict[tuple[tuple[str, ...], str, tuple[str, ...]], tuple[str, str]] = {}
    by_pattern: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for type_, source, target, props in rels:
        sig = (labels_of[source], type_, labels_of[target])
        if sig not in pattern_cache:
            pattern_cache[sig] = next((a, b) for a in sig[0] for b in sig[2]
                                      if schema.Pattern(a, type_, b) in schema.PATTERNS)
        a, b = pattern_cache[sig]
        by_pattern[(type_, a, b)].append({"source": source, "target": target, "key": props["key"],
                                          "props": {k: v for k, v in props.items() if k != "key"}})
    for (type_, a, b), rows in sorted(by_pattern.items()):
        batch.add_relationships(type_, a, b, rows)
    return batch


def _type_of(values: list[Any]) -> str:
    kinds = {type(v) for v in values if v is not None}
    if kinds <= {bool}:
        return "BOOL"
    if kinds <= {int}:
        return "INT"
    if kinds <= {int, float}:
        return "DOUBLE"
    if kinds <= {list}:
        return "ARRAY"
    return "STRING"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return repr(value)
    return str(value)


def write_csvs(nodes: list[list[Any]], rels: list[list[Any]], folder: Path) -> list[str]:
    """CSV files for ``falkordb-bulk-insert --enforce-schema`` and the arguments naming them."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    args: list[str] = []
    groups: dict[tuple[str, ...], list[list[Any]]] = defaultdict(list)
    for key, labels, props in nodes:
        groups[tuple(sorted(labels))].append([key, props])
    for n, (labels, rows) in enumerate(sorted(groups.items())):
        names = sorted({k for _, props in rows for k in props if k != "key"})
        types = {name: _type_of([props.get(name) for _, props in rows]) for name in names}
        path = folder / f"nodes{n}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, quoting=csv.QUOTE_MINIMAL)
            w.writerow(["key:ID(K)"] + [f"{name}:{types[name]}" for name in names])
            for key, props in rows:
                w.writerow([key] + [_cell(props.get(name)) for name in names])
        args += ["-N", ":".join(labels), str(path)]
    rgroups: dict[str, list[list[Any]]] = defaultdict(list)
    for type_, source, target, props in rels:
        rgroups[type_].append([source, target, props])
    for type_, rows in sorted(rgroups.items()):
        names = sorted({k for _, _, props in rows for k in props})
        types = {name: _type_of([props.get(name) for _, _, props in rows]) for name in names}
        path = folder / f"rels-{type_}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, quoting=csv.QUOTE_MINIMAL)
            w.writerow([":START_ID(K)", ":END_ID(K)"] + [f"{name}:{types[name]}" for name in names])
            for source, target, props in rows:
                w.writerow([source, target] + [_cell(props.get(name)) for name in names])
        args += ["-R", type_, str(path)]
    return args


def counts(store: Any) -> tuple[int, int]:
    n = store.read("MATCH (n) RETURN count(n)").rows[0][0]
    r = store.read("MATCH ()-[r]->() RETURN count(r)").rows[0][0]
    return n, r


def _stripped(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict):
        return {k: _stripped(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stripped(v) for v in value]
    return value


def graph_dump(store: Any, strip: bool = False) -> dict[str, list[str]]:
    """Every node and relationship as sorted JSON; ``strip``: string values stripped of surrounding
    whitespace (the bulk loader strips every CSV value)."""
    f = _stripped if strip else (lambda v: v)
    nodes = [json.dumps(f([k, sorted(labels), props]), sort_keys=True) for k, labels, props in
             store.read(NODES, row_cap=100_000_000).rows]
    rels = [json.dumps(f(row), sort_keys=True) for row in store.read(RELS, row_cap=100_000_000).rows]
    return {"nodes": sorted(nodes), "relationships": sorted(rels)}


def load_unwind(store: Any, batch: WriteBatch, graph: str) -> float:
    store.graph_name = graph
    store.clear()  # drops the graph and sets up the schema (indexes, constraints)
    started = time.perf_counter()
    store.load(batch, batch_rows=LOAD_BATCH_ROWS)
    return time.perf_counter() - started


def load_bulk(store: Any, socket: Path, csv_args: list[str], graph: str, index_labels: list[str]) -> float:
    if graph in store._call(lambda db, g: db.list_graphs()):
        store._call(lambda db, g: db.select_graph(graph).delete())
    command = [str(Path(sys.executable).with_name("falkordb-bulk-insert")), graph, "--enforce-schema", "-q", "0",
               "-x", "none", "-u", f"unix://{socket}"] + csv_args
    for label in index_labels:
        command += ["-i", f"{label}:key"]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"bulk loader failed: {(done.stderr or done.stdout)[-1500:]}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source-data-dir", type=Path, required=True, help="an ingested store to copy the graph from")
    parser.add_argument("--work", type=Path, default=Path("/tmp/mandates-bench/load"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    nodes, rels = read_graph(args.source_data_dir)
    batch = as_batch(nodes, rels)
    csv_args = write_csvs(nodes, rels, args.work / "csv")
    index_labels = sorted({schema.merge_label_of(labels) for _, labels, _ in nodes})
    data_dir = args.work / "server"
    if data_dir.exists():
        EmbeddedServer(data_dir).stop()
        shutil.rmtree(data_dir)
    times: dict[str, list[float]] = {"unwind": [], "bulk": []}
    got: dict[str, tuple[int, int]] = {}
    try:
        with open_store(Settings.from_env(data_dir=data_dir, graph="load_unwind")) as store:
            socket = store.server.socket_path
            for r in range(args.repeats):
                for side in (("unwind", "bulk") if r % 2 == 0 else ("bulk", "unwind")):
                    graph = f"load_{side}"
                    if side == "unwind":
                        times[side].append(load_unwind(store, batch, graph))
                    else:
                        times[side].append(load_bulk(store, socket, csv_args, graph, index_labels))
                    store.graph_name, store._graph = graph, store._db.select_graph(graph)
                    got[side] = counts(store)
            # the two loads must hold the same graph: compare every node and relationship
            dumps, stripped = {}, {}
            for side in times:
                store.graph_name, store._graph = f"load_{side}", store._db.select_graph(f"load_{side}")
                dumps[side], stripped[side] = graph_dump(store), graph_dump(store, strip=True)
            same = {part: dumps["unwind"][part] == dumps["bulk"][part] for part in ("nodes", "relationships")}
            same["differingRelationships"] = sum(a != b for a, b in zip(dumps["unwind"]["relationships"],
                                                                        dumps["bulk"]["relationships"]))
            same["ignoringSurroundingWhitespace"] = stripped["unwind"] == stripped["bulk"]
            differing = [pair for part in ("nodes", "relationships")
                         for pair in zip(dumps["unwind"][part], dumps["bulk"][part]) if pair[0] != pair[1]][:2]
    finally:
        EmbeddedServer(data_dir).stop()
    n_nodes, n_rels = len(nodes), len(rels)
    out: dict[str, Any] = {"nodes": n_nodes, "relationships": n_rels, "repeats": args.repeats,
                           "batchRows": LOAD_BATCH_ROWS, "loaded": {k: list(v) for k, v in got.items()}, "sameGraph": same,
                           "firstDifferences": differing, "loaders": {}}
    for side, ts in times.items():
        median = statistics.median(ts)
        out["loaders"][side] = {"seconds": [round(t, 2) for t in ts], "median": round(median, 2),
                                "nodesPerS": round(n_nodes / median), "relsPerS": round(n_rels / median),
                                "rowsPerS": round((n_nodes + n_rels) / median)}
    out["ratio"] = round(out["loaders"]["unwind"]["rowsPerS"] / out["loaders"]["bulk"]["rowsPerS"], 3)
    out["target"] = TARGET_RATIO
    print(f"{'loader':<8} {'median s':>9} {'nodes/s':>9} {'rels/s':>9} {'loaded (n, r)':>16}")
    for side, row in out["loaders"].items():
        print(f"{side:<8} {row['median']:>9.2f} {row['nodesPerS']:>9} {row['relsPerS']:>9} {str(got.get(side)):>16}")
    print(f"unwind / bulk = {out['ratio']} (target >= {TARGET_RATIO}); graph: {n_nodes} nodes, {n_rels} relationships; "
          f"same graph loaded: {same}")
    emit_json(out, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
