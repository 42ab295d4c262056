"""Running the ingest over files: read -> parse -> build -> one atomic write per document.

A file that fails is reported (one line naming it and the reason) and skipped; the others load.
A document already stored with the same content and pipeline version is left untouched, so a
second run over the same files changes nothing.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import time
from collections import Counter, deque
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Callable, Iterable, Iterator

from mandate_lineage.errors import IngestError, MandatesError
from mandate_lineage.graph import schema
from mandate_lineage.graph.batch import (
    NodeWrite,
    WriteBatch,
    encode_ahead,
    key_holders_statement,
    replace_document_preamble,
)
from mandate_lineage.graph.store import GraphStore

from .building.build import PIPELINE_VERSION, CorpusContext, DocumentGraph, build_document_graph
from .building.series import link_series
from .identity.metadata import MANIFEST_NAME, Manifest, load_manifest, printable
from .parse import parse_document
from .readers.sources import DEFAULT_MAX_BYTES, discover_all, read_source
from .reuse.echoes import finish_reuse
from .workers import die_with_parent

# Removes what an earlier version of a changed document wrote, in the same statement as the new
# version (so the document is replaced whole or not at all), by indexed lookups of the document's
# own edges and paragraphs. Fixed text; values are parameters.
REPLACE_PREAMBLE = replace_document_preamble()
EXISTING_DOCUMENTS = ("MATCH (d:Document) RETURN d.key AS key, d.sha256 AS sha, d.pipelineVersion AS version, "
                      "d.source AS source, d.reusePending AS pending")


REUSE_STAGE = "(text-reuse stage)"  # how a failure after the documents is named in the summary


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


def _manifests_for(paths: Iterable[Path]) -> tuple[dict[Path, Manifest], list[FileOutcome]]:
    """The manifest of every folder given, and of the folder of every file given.

    A manifest that cannot be used is reported like a bad file, and its folder's files load
    without it (their metadata is then inferred)."""
    folders = set()
    for path in paths:
        try:
            folders.add(path if path.is_dir() else path.parent)
        except OSError:  # reported by discovery
            folders.add(path.parent)
    found: dict[Path, Manifest] = {}
    failed: list[FileOutcome] = []
    for folder in sorted(folders):
        try:
            manifest = load_manifest(folder)
        except IngestError as exc:
            failed.append(FileOutcome(folder / MANIFEST_NAME, "failed", error=str(exc).splitlines()[0]))
            continue
        if manifest is not None:
            found[folder.resolve()] = manifest
    return found, failed


# Files from which parsing runs in worker processes while this one writes (below it the serial
# loop is faster than starting them); at most this many workers.
PARALLEL_MIN_FILES = 64
MAX_PARSE_WORKERS = 4
PENDING_PER_WORKER = 8  # documents parsed ahead of the writes, per worker (bounds memory)


def parse_workers(n_files: int) -> int:
    """Worker processes for parsing ``n_files``: 0 (parse in this process) for a small run or one core.

    One per core: the workers also make each document's statement (``_Jobs.encode``), so this
    process only sends them and waits on the database server, and all three share the cores."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    if n_files < PARALLEL_MIN_FILES or cpus < 2:
        return 0
    return min(cpus, MAX_PARSE_WORKERS)


def ingest_paths(
    paths: list[Path],
    store: GraphStore,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    force: bool = False,
    progress: Callable[[int, int, Path], None] | None = None,
    workers: int | None = None,
) -> IngestReport:
    """Ingest files and folders into ``store``; never raises for one bad file.

    ``workers``: processes that read, parse and build documents while this one writes them
    (default: :func:`parse_workers`); the documents are written in the same order either way.
    """
    started = time.perf_counter()
    manifests, outcomes = _manifests_for(paths)
    context = CorpusContext.from_manifests(manifests.values())
    existing = {row["key"]: row for row in store.read(EXISTING_DOCUMENTS, row_cap=10_000_000).records()}
    files, unreadable = discover_all(paths)
    outcomes += [FileOutcome(path, "failed", error=str(exc)) for path, exc in unreadable]
    seen: dict[str, Path] = {}
    wrote = False
    jobs = _Jobs(manifests, context, existing, max_bytes, force, store.batch_encoder())
    n_workers = parse_workers(len(files)) if workers is None else workers
    prepared = _prepare_in_workers(files, jobs, n_workers) if n_workers > 0 else (jobs.prepare(p) for p in files)
    for index, path in enumerate(files):
        if progress is not None:
            progress(index, len(files), path)
        outcome = _write_one(next(prepared), store, seen)
        wrote = wrote or outcome.status in {"ingested", "replaced"}
        outcomes.append(outcome)
    if progress is not None:
        progress(len(files), len(files), Path())
    # Text reuse is compared across documents, so it runs once all of this run's documents are in,
    # and also when an earlier run was stopped before its documents' links were written.
    written_now = frozenset(o.key for o in outcomes if o.status in {"ingested", "replaced"} and o.key)
    reuse = None
    try:
        reuse = finish_reuse(store, written_now) if written_now or jobs.pending else None
        if wrote or reuse is not None:
            # resolutions of one title across sessions (series.py): RENEWS the previous one; also
            # after an interrupted run, like the reuse links
            link_series(store)
            store.compact()
    except MandatesError as exc:  # a full disk, a database gone: the documents stay, the summary too
        outcomes.append(FileOutcome(Path(REUSE_STAGE), "failed", error=(
            f"{REUSE_STAGE}: text-reuse links not written ({str(exc).splitlines()[0] if str(exc) else exc}); "
            "the next ingest writes them")))
    return IngestReport(outcomes, time.perf_counter() - started, reuse.written if reuse else 0)


@dataclass
class _Prepared:
    """One file read, parsed and built (or the error that stopped it), ready to be written."""

    path: Path
    key: str | None = None  # known once parsed
    error: str | None = None
    paragraphs: int = 0
    graph: DocumentGraph | None = None  # None: unchanged (or failed)
    replaces: bool = False
    holder: str | None = None  # the file of another stored document holding this document's key
    seconds: float = 0.0


@dataclass
class _Jobs:
    """What reading, parsing and building a file needs: the same in this process or a worker."""

    manifests: dict[Path, Manifest]
    context: CorpusContext
    existing: dict[str, dict]
    max_bytes: int
    force: bool
    encode: Callable[[WriteBatch], object] | None = None  # the store's statement, made here (in a worker)

    @property
    def pending(self) -> bool:
        """Whether an earlier run left a document without its text-reuse links."""
        return any(row.get("pending") for row in self.existing.values())

    def prepare(self, path: Path) -> _Prepared:
        started = time.perf_counter()
        out = _Prepared(path)
        try:
            source = read_source(path, max_bytes=self.max_bytes)
            manifest = self.manifests.get(path.parent.resolve())
            entry = manifest.documents.get(path.name) if manifest else None
            parsed = parse_document(source, entry)
            out.key = key = parsed.meta.key
            out.paragraphs = len(parsed.paragraphs)
            stored = self.existing.get(key)
            if stored and stored.get("source") and stored["source"] != source.name:
                out.holder = stored["source"]
            if not (stored and stored["sha"] == source.sha256 and stored["version"] == PIPELINE_VERSION
                    and not self.force):
                out.graph = graph = build_document_graph(parsed, self.context)
                out.replaces = bool(stored)
                graph.batch.nodes = _order_free(graph.batch.nodes)
                # written with the text, cleared once the document's text-reuse links are in
                graph.batch.add_nodes(("Instrument",), [{"key": key, "props": {"reusePending": True}}])
                if stored:
                    graph.batch.preamble = REPLACE_PREAMBLE
                    graph.batch.params.update({
                        "docKey": key,
                        "keepKeys": [row["key"] for nodes in graph.batch.nodes for row in nodes.rows],
                    })
                if self.encode is not None:
                    graph.batch.encoded = encode_ahead(graph.batch, self.encode)
        except (MandatesError, OSError, ValueError, KeyError, IndexError, RecursionError) as exc:
            out.error = _failure(path, exc)
        out.seconds = time.perf_counter() - started
        return out


def _order_free(writes: list[NodeWrite]) -> list[NodeWrite]:
    """The node writes of a document, made independent of the order documents are written in: the
    document node and its own paragraphs hold their own facts only (whatever a stub or a quoting
    document put there first), and a passage several documents write keeps one writer's facts."""
    out: list[NodeWrite] = []
    for write in writes:
        if write.create_only:
            out.append(write)
        elif "Document" in write.labels:
            out.append(dataclasses.replace(write, replace=True))
        elif schema.merge_label_of(write.labels) == "Paragraph":
            own = [row for row in write.rows if not row.get("props", {}).get("sourceDocument")]
            borrowed = [row for row in write.rows if row.get("props", {}).get("sourceDocument")]
            if own:
                out.append(dataclasses.replace(write, rows=own, replace=True))
            if borrowed:
                out.append(dataclasses.replace(write, rows=borrowed, borrowed=True))
        else:
            out.append(write)
    return out


_WORKER_JOBS: _Jobs | None = None


def _init_worker(jobs: _Jobs, parent_pid: int) -> None:
    global _WORKER_JOBS
    die_with_parent(parent_pid)
    _WORKER_JOBS = jobs


def _prepare_in_worker(path: Path) -> _Prepared:
    assert _WORKER_JOBS is not None
    return _WORKER_JOBS.prepare(path)


def _prepare_in_workers(files: list[Path], jobs: _Jobs, n_workers: int) -> Iterator[_Prepared]:
    """``jobs.prepare`` of every file, in order, computed ahead by ``n_workers`` processes."""
    with ProcessPoolExecutor(n_workers, initializer=_init_worker, initargs=(jobs, os.getpid())) as pool:
        try:
            pending: deque[Future[_Prepared]] = deque()
            queued = iter(files)
            for path in itertools.islice(queued, n_workers * PENDING_PER_WORKER):
                pending.append(pool.submit(_prepare_in_worker, path))
            while pending:
                done = pending.popleft().result()
                for path in itertools.islice(queued, 1):
                    pending.append(pool.submit(_prepare_in_worker, path))
                yield done
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def _write_one(prepared: _Prepared, store: GraphStore, seen: dict[str, Path]) -> FileOutcome:
    """Check a prepared file against the others of the run, write it, and say how it went."""
    started = time.perf_counter()
    path, key = prepared.path, prepared.key
    try:
        if key is not None:
            if key in seen:
                raise IngestError(
                    f"{path}: same document key {key!r} as {seen[key]}; give one of them a key in the manifest")
            seen[key] = path
        if prepared.error is not None:
            return FileOutcome(path, "failed", error=prepared.error, seconds=prepared.seconds)
        graph = prepared.graph
        if graph is None:
            return FileOutcome(path, "unchanged", key, paragraphs=prepared.paragraphs, seconds=prepared.seconds)
        _check_keys(store, graph.batch, prepared)
        store.write(graph.batch)
        paragraph_keys = frozenset(row["key"] for nodes in graph.batch.nodes if nodes.labels[0] == "Paragraph"
                                   for row in nodes.rows)
        return FileOutcome(path, "replaced" if prepared.replaces else "ingested", key, paragraphs=prepared.paragraphs,
                           nodes_by_label=graph.nodes_by_label, edges_by_type=graph.edges_by_type,
                           warnings=graph.warnings, seconds=prepared.seconds + time.perf_counter() - started,
                           paragraph_keys=paragraph_keys)
    except (MandatesError, ValueError, KeyError, IndexError, RecursionError) as exc:
        message = _failure(path, exc)
    return FileOutcome(path, "failed", error=message, seconds=prepared.seconds + time.perf_counter() - started)


def _check_keys(store: GraphStore, batch: WriteBatch, prepared: _Prepared) -> None:
    """Refuse a document whose keys another node holds: a node of another label (``summit:3``, an
    activity), or, for the document's own key, a document read from another file."""
    statement = key_holders_statement(batch)
    if statement is not None:
        for key, label in store.read(statement[0], statement[1], row_cap=1).rows:
            what = "the document key" if key == prepared.key else "the key of one of its nodes"
            raise IngestError(f"{prepared.path}: {what} {printable(key)!r} is already held by a {label} node; "
                              "give the document another key in the manifest")
    if prepared.holder is not None:
        raise IngestError(f"{prepared.path}: the document key {printable(prepared.key or '')!r} is already held by "
                          f"the document read from {printable(prepared.holder)!r}; give one of them another key "
                          "in the manifest")


def _failure(path: Path, exc: Exception) -> str:
    """The one line reporting a file that failed."""
    if isinstance(exc, MandatesError):
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    elif isinstance(exc, OSError):  # a file that went away or became unreadable while it was read
        message = f"cannot be read ({exc.strerror or exc})"
    else:  # a parser bug on odd input
        message = f"could not be parsed ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); please report it"
    if not message.startswith(str(path)):
        message = f"{path}: {message}"
    return message
