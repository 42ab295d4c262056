"""Running the ingest over files: read -> parse -> build -> one atomic write per document.

A file that fails is reported (one line naming it and the reason) and skipped; the others load.
A document already stored with the same content and pipeline version is left untouched, so a
second run over the same files changes nothing.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable

from mandate_lineage.errors import IngestError, MandatesError
from mandate_lineage.graph.store import GraphStore

from .build import PIPELINE_VERSION, CorpusContext, build_document_graph
from .echoes import link_reuse
from .metadata import Manifest, load_manifest
from .parse import parse_document
from .sources import DEFAULT_MAX_BYTES, discover, read_source

# Removes what an earlier version of a changed document wrote, in the same statement as the new
# version (so the document is replaced whole or not at all). Fixed text; values are parameters.
REPLACE_PREAMBLE = (
    "OPTIONAL MATCH ()-[old]->() WHERE old.evidenceDocument = $docKey DELETE old "
    "WITH count(*) AS _ "
    "OPTIONAL MATCH (stale:Paragraph) WHERE stale.document = $docKey AND NOT stale.key IN $keepKeys "
    "DETACH DELETE stale"
)
EXISTING_DOCUMENTS = "MATCH (d:Document) RETURN d.key AS key, d.sha256 AS sha, d.pipelineVersion AS version, d.source AS source"


def bundled_corpus() -> Path:
    """The sample corpus shipped with the package."""
    return Path(str(resources.files("mandate_lineage.corpus")))


@dataclass
class FileOutcome:
    path: Path
    status: str  # ingested, replaced, unchanged, failed
    key: str | None = None
    error: str | None = None
    paragraphs: int = 0
    nodes_by_label: Counter[str] = field(default_factory=Counter)
    edges_by_type: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    paragraph_keys: frozenset[str] = frozenset()


@dataclass
class IngestReport:
    outcomes: list[FileOutcome]
    seconds: float
    echoes: int = 0  # text-reuse links written by this run

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def totals(self) -> dict[str, object]:
        nodes: Counter[str] = Counter()
        edges: Counter[str] = Counter()
        for outcome in self.outcomes:
            nodes.update(outcome.nodes_by_label)
            edges.update(outcome.edges_by_type)
        statuses = Counter(o.status for o in self.outcomes)
        return {
            "files": len(self.outcomes),
            "ingested": statuses["ingested"] + statuses["replaced"],
            "unchanged": statuses["unchanged"],
            "failed": statuses["failed"],
            "paragraphs": sum(o.paragraphs for o in self.outcomes),
            "nodesWritten": dict(sorted(nodes.items())),
            "edgesWritten": dict(sorted(edges.items())),
            "warnings": sum(len(o.warnings) for o in self.outcomes),
            "echoesWritten": self.echoes,
            "seconds": round(self.seconds, 3),
        }


def _manifests_for(paths: Iterable[Path]) -> dict[Path, Manifest]:
    """The manifest of every folder given, and of the folder of every file given."""
    folders = {p if p.is_dir() else p.parent for p in paths}
    found: dict[Path, Manifest] = {}
    for folder in sorted(folders):
        manifest = load_manifest(folder)
        if manifest is not None:
            found[folder.resolve()] = manifest
    return found


def ingest_paths(
    paths: list[Path],
    store: GraphStore,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    force: bool = False,
    progress: Callable[[int, int, Path], None] | None = None,
) -> IngestReport:
    """Ingest files and folders into ``store``; never raises for one bad file."""
    started = time.perf_counter()
    manifests = _manifests_for(paths)
    context = CorpusContext.from_manifests(manifests.values())
    existing = {row["key"]: row for row in store.read(EXISTING_DOCUMENTS, row_cap=10_000_000).records()}
    files = discover(paths)
    outcomes: list[FileOutcome] = []
    seen: dict[str, Path] = {}
    wrote = False
    for index, path in enumerate(files):
        if progress is not None:
            progress(index, len(files), path)
        outcome = _ingest_one(path, store, manifests, context, existing, seen, max_bytes=max_bytes, force=force)
        wrote = wrote or outcome.status in {"ingested", "replaced"}
        outcomes.append(outcome)
    if progress is not None:
        progress(len(files), len(files), Path())
    # Text reuse is compared across documents, so it runs once all of this run's documents are in.
    echoes = link_reuse(store, frozenset().union(*(o.paragraph_keys for o in outcomes)))
    if wrote:
        store.compact()
    return IngestReport(outcomes, time.perf_counter() - started, echoes)


def _ingest_one(path: Path, store: GraphStore, manifests: dict[Path, Manifest], context: CorpusContext,
                existing: dict[str, dict], seen: dict[str, Path], *, max_bytes: int, force: bool) -> FileOutcome:
    started = time.perf_counter()
    try:
        source = read_source(path, max_bytes=max_bytes)
        manifest = manifests.get(path.parent.resolve())
        entry = manifest.documents.get(path.name) if manifest else None
        parsed = parse_document(source, entry)
        key = parsed.meta.key
        if key in seen:
            raise IngestError(f"{path}: same document key {key!r} as {seen[key]}; give one of them a key in the manifest")
        seen[key] = path
        stored = existing.get(key)
        if stored and stored["sha"] == source.sha256 and stored["version"] == PIPELINE_VERSION and not force:
            return FileOutcome(path, "unchanged", key, paragraphs=len(parsed.paragraphs),
                               seconds=time.perf_counter() - started)
        graph = build_document_graph(parsed, context)
        if stored:
            graph.batch.preamble = REPLACE_PREAMBLE
            graph.batch.params.update({
                "docKey": key,
                "keepKeys": [row["key"] for nodes in graph.batch.nodes for row in nodes.rows],
            })
        store.write(graph.batch)
        paragraph_keys = frozenset(row["key"] for nodes in graph.batch.nodes if nodes.labels[0] == "Paragraph"
                                   for row in nodes.rows)
        return FileOutcome(path, "replaced" if stored else "ingested", key, paragraphs=len(parsed.paragraphs),
                           nodes_by_label=graph.nodes_by_label, edges_by_type=graph.edges_by_type,
                           warnings=graph.warnings, seconds=time.perf_counter() - started,
                           paragraph_keys=paragraph_keys)
    except MandatesError as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    except (ValueError, KeyError, IndexError, RecursionError) as exc:  # a parser bug on odd input
        message = f"could not be parsed ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); please report it"
    if not message.startswith(str(path)):
        message = f"{path}: {message}"
    return FileOutcome(path, "failed", error=message, seconds=time.perf_counter() - started)
