"""How an ingest run is shown: a progress line while it runs, a summary table when it ends."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TextIO

from mandate_lineage.ingest.pipeline import IngestReport


class Progress:
    """A one-line progress bar on a terminal, shown only once a run has taken over a second."""

    def __init__(self, stream: TextIO = sys.stderr, delay: float = 1.0, force: bool = False) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.delay = delay
        self.enabled = force or stream.isatty()
        self.shown = False

    def __call__(self, done: int, total: int, path: Path) -> None:
        if not self.enabled or time.monotonic() - self.started < self.delay:
            return
        width = 30
        filled = int(width * done / total) if total else width
        name = path.name[:40] if path.name else "done"
        self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name:<40}")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()
        self.shown = True


def summary_text(report: IngestReport, *, show_warnings: bool = True) -> str:
    lines: list[str] = []
    width = max([len(o.path.name) for o in report.outcomes] + [4])
    lines.append(f"{'file':<{width}}  {'status':<10} {'paragraphs':>10} {'nodes':>6} {'edges':>6} {'warnings':>8}")
    for o in report.outcomes:
        lines.append(f"{o.path.name:<{width}}  {o.status:<10} {o.paragraphs:>10} {sum(o.nodes_by_label.values()):>6} "
                     f"{sum(o.edges_by_type.values()):>6} {len(o.warnings):>8}")
    totals = report.totals()
    lines.append("")
    lines.append(f"documents: {totals['ingested']} ingested, {totals['unchanged']} unchanged, {totals['failed']} failed"
                 f" of {totals['files']} files in {totals['seconds']:.2f}s; {totals['paragraphs']} paragraphs")
    if totals["nodesWritten"]:
        lines.append("nodes written: " + ", ".join(f"{k} {v}" for k, v in totals["nodesWritten"].items()))  # type: ignore[union-attr]
    if totals["edgesWritten"]:
        lines.append("edges written: " + ", ".join(f"{k} {v}" for k, v in totals["edgesWritten"].items()))  # type: ignore[union-attr]
    if totals["echoesWritten"]:
        lines.append(f"text-reuse links written: {totals['echoesWritten']}")
    if show_warnings:
        for o in report.outcomes:
            for warning in o.warnings:
                lines.append(f"warning: {o.path.name}: {warning}")
    return "\n".join(lines) + "\n"


def summary_json(report: IngestReport) -> dict[str, object]:
    return {
        **report.totals(),
        "documents": [
            {"file": str(o.path), "status": o.status, "key": o.key, "error": o.error, "paragraphs": o.paragraphs,
             "nodesWritten": dict(o.nodes_by_label), "edgesWritten": dict(o.edges_by_type),
             "warnings": o.warnings, "seconds": round(o.seconds, 3)}
            for o in report.outcomes
        ],
    }
