"""Precision and recall of an ingest against the ground truth of a synthetic corpus.

    python bench/synth.py --docs 1000 --seed 7 --out /tmp/synth-1k
    mandates --data-dir /tmp/x ingest /tmp/synth-1k --json
    python bench/score.py --data-dir /tmp/x --truth /tmp/synth-1k/__truth__.json

What is compared (only documents named in the truth; the store may hold others):

* references: the (document, cited key) pairs of the graph's CITES edges, the document being the
  edge's ``evidenceDocument`` (the file whose text holds the citation), against the truth's
  references; micro-averaged, and per reference kind;
* renewals: RENEWS edges (document, target) against the truth's renewals;
* assignments: ASSIGNS edges from an activity paragraph to a body against the truth's assignments;
* text reuse: ECHOES edges (later paragraph key -> earlier paragraph key) against the truth's reuse
  pairs. A link between two paragraphs of the same reuse family (a copy of a copy, or two copies
  of one source) is a true link too, since they do share the text, and a copy linked to any
  earlier member of its family counts as found (``reuseRecallByMode["exact"]`` is the strict
  share). Precision is taken over links between tracked paragraphs (generated commitments, not
  preambles or fixed formulas, whose repeats the truth does not list); links between the two
  paragraphs of a distractor pair (a stock phrase only) are counted apart. While the graph holds no
  ECHOES edge at all, reuse is reported as not available (None), not as zero.
* quoted commitments: summit commitments a work plan or program quotes are paragraphs of the
  quoted instrument (``summit:2:plan-of-action#q-...``); they are tracked, so a false link to one is
  a false positive, and the truth's "paraphrase" pairs (a later activity rephrasing one) count in
  reuse recall. ``commitmentLinks`` scores the links towards them alone (the ingest links them
  from a lower score): recall over the paraphrase pairs linked exactly, precision over the links
  whose target is a quoted commitment; ``paraphraseSimilarity`` counts the paraphrase pairs
  linked, by similarity (when links carry one).

``score(store, truth)`` returns :class:`Scores`; ``score_edges`` does the same from edge lists,
so the comparison can be tested (or run on links computed in memory) without a database.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synth_model import load_truth

ROW_CAP = 50_000_000
CITES_QUERY = "MATCH ()-[r:CITES]->(t) RETURN r.evidenceDocument AS doc, t.key AS target, r.rule AS rule"
RENEWS_QUERY = "MATCH ()-[r:RENEWS]->(t) RETURN r.evidenceDocument AS doc, t.key AS target"
ASSIGNS_QUERY = "MATCH (a:Paragraph)-[r:ASSIGNS]->(b:Body) RETURN a.key AS source, b.key AS target"
ECHOES_QUERY = "MATCH (a)-[r:ECHOES]->(b) RETURN a.key AS source, b.key AS target, r.similarity AS similarity"
SIMILARITY_STEPS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


@dataclass(frozen=True)
class PR:
    """Precision and recall of one comparison, with the counts behind them.

    ``found_true`` (reuse only): links found that are true, when that differs from the truth
    pairs found (a link to another copy of the same source is true but is not a truth pair).
    """

    true_positives: int
    false_positives: int
    false_negatives: int
    found_true: int | None = None

    @property
    def precision(self) -> float:
        good = self.true_positives if self.found_true is None else self.found_true
        found = good + self.false_positives
        return good / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    def as_json(self) -> dict[str, float | int]:
        out = {"precision": round(self.precision, 4), "recall": round(self.recall, 4), "tp": self.true_positives,
               "fp": self.false_positives, "fn": self.false_negatives}
        if self.found_true is not None:
            out["foundTrue"] = self.found_true
        return out


def compare(found: set, expected: set) -> PR:
    return PR(len(found & expected), len(found - expected), len(expected - found))


@dataclass
class Scores:
    references: PR
    references_by_kind: dict[str, PR]
    renewals: PR
    assignments: PR
    reuse: PR | None  # None: the graph has no ECHOES edges yet
    # recall of verbatim / edited copies, and "exact": the share of truth pairs linked exactly
    reuse_by_mode: dict[str, float] = field(default_factory=dict)
    distractors_linked: int | None = None  # distractor pairs the graph links (each is a false positive)
    # reuse precision and recall keeping only links of similarity >= each step (when links carry one)
    reuse_by_similarity: dict[float, PR] = field(default_factory=dict)
    # links towards quoted summit commitments, against the truth's paraphrase pairs (None: the
    # truth holds no quoted commitment); paraphrase pairs linked, by similarity band
    commitment_links: PR | None = None
    paraphrase_similarity: dict[str, int] = field(default_factory=dict)
    missed_references: list[tuple[str, str]] = field(default_factory=list)  # a sample, for a reader
    unexpected_references: list[tuple[str, str]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "references": self.references.as_json(),
            "referencesByKind": {k: v.as_json() for k, v in sorted(self.references_by_kind.items())},
            "renewals": self.renewals.as_json(),
            "assignments": self.assignments.as_json(),
            "reuse": self.reuse.as_json() if self.reuse is not None else "not available (no ECHOES edges)",
            "reuseRecallByMode": {k: round(v, 4) for k, v in sorted(self.reuse_by_mode.items())},
            "distractorsLinked": self.distractors_linked,
            "reuseBySimilarity": {f">={k}": v.as_json() for k, v in self.reuse_by_similarity.items()},
            "commitmentLinks": self.commitment_links.as_json() if self.commitment_links is not None else None,
            "paraphraseSimilarity": self.paraphrase_similarity,
            "missedReferences": [list(p) for p in self.missed_references],
            "unexpectedReferences": [list(p) for p in self.unexpected_references],
        }


# ---------------------------------------------------------------------------------------------
# Truth as sets
# ---------------------------------------------------------------------------------------------


def truth_references(documents: Iterable[Mapping]) -> dict[tuple[str, str], str]:
    """(document, cited key) -> reference kind."""
    return {(d["key"], r["key"]): r["kind"] for d in documents for r in d["references"]}


def truth_reuse(documents: Iterable[Mapping]) -> dict[tuple[str, str], str]:
    """(later paragraph key, earlier paragraph key) -> "verbatim" | "edited" | "paraphrase" (the
    earlier paragraph of a paraphrase is a quoted commitment: its document is the instrument)."""
    return {(f"{d['key']}#{r['locator']}", f"{r['source_document']}#{r['source_locator']}"): r["mode"]
            for d in documents for r in d["reuse"]}


def reuse_families(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Paragraph key -> the key of its family (union-find over the reuse pairs)."""
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        parent.setdefault(key, key)
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for a, b in pairs:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {key: root(key) for key in list(parent)}


# ---------------------------------------------------------------------------------------------
# The comparison
# ---------------------------------------------------------------------------------------------


def _kind_of_rule(rule: str | None) -> str:
    return (rule or "").removeprefix("cite:") or "?"


def score_references(cites: Iterable[Mapping], documents: list[Mapping]) -> tuple[PR, dict[str, PR], set, set]:
    expected = truth_references(documents)
    docs = {d["key"] for d in documents}
    found: dict[tuple[str, str], str] = {}
    for row in cites:
        if row["doc"] in docs:
            found.setdefault((row["doc"], row["target"]), _kind_of_rule(row.get("rule")))
    by_kind: dict[str, PR] = {}
    for kind in sorted(set(expected.values()) | set(found.values())):
        want = {p for p, k in expected.items() if k == kind}
        got = {p for p, k in found.items() if k == kind}
        by_kind[kind] = PR(len(got & set(expected)), len(got - set(expected)), len(want - set(found)))
    return compare(set(found), set(expected)), by_kind, set(expected) - set(found), set(found) - set(expected)


def score_renewals(renews: Iterable[Mapping], documents: list[Mapping]) -> PR:
    docs = {d["key"] for d in documents}
    expected = {(d["key"], r["target"]) for d in documents for r in d["renewals"]}
    found = {(row["doc"], row["target"]) for row in renews if row["doc"] in docs}
    return compare(found, expected)


def score_assignments(assigns: Iterable[Mapping], documents: list[Mapping]) -> PR:
    docs = {d["key"] for d in documents}
    expected = {(f"{d['key']}#{loc}", body) for d in documents for loc, body in d["assignments"].items()}
    found = {(row["source"], row["target"]) for row in assigns if row["source"].split("#", 1)[0] in docs}
    return compare(found, expected)


def quoted_commitments(documents: Iterable[Mapping]) -> set[str]:
    """Keys of the quoted summit commitments (paragraphs of the quoted instrument)."""
    return {q["key"] for d in documents for q in d.get("quotes", [])}


def tracked_paragraphs(documents: Iterable[Mapping]) -> set[str]:
    """Paragraphs whose origin the truth knows: generated commitments, not fixed formulas, and the
    quoted summit commitments (the origin of their paraphrases)."""
    documents = list(documents)
    return {f"{d['key']}#{loc}" for d in documents
            for loc in set(d["paragraphs"]) - set(d.get("formulas", []))} | quoted_commitments(documents)


def score_reuse(echoes: list[Mapping], documents: list[Mapping]) -> tuple[PR, dict[str, float], int]:
    """Recall over the truth pairs; precision over the links between tracked paragraphs (a link
    that touches a preamble or a formula is neither right nor wrong as far as the truth knows)."""
    expected = truth_reuse(documents)
    family = reuse_families(expected)
    tracked = tracked_paragraphs(documents)
    found = {(row["source"], row["target"]) for row in echoes if row["source"] in tracked and row["target"] in tracked}
    same_family = {(a, b) for a, b in found if a in family and family.get(b) == family[a]}
    # a copy linked to its source's own source (or to any other copy of the text) is found too
    linked_in_family = {a for a, _ in same_family}
    recall_hits = {(a, b) for a, b in expected if (a, b) in found or a in linked_in_family}
    by_mode: dict[str, float] = {"exact": len(set(expected) & found) / len(expected) if expected else 1.0}
    for mode in ("verbatim", "edited", "paraphrase"):
        want = [p for p, m in expected.items() if m == mode]
        if want or mode != "paraphrase":  # no paraphrase figure for a truth without them
            by_mode[mode] = sum(p in recall_hits for p in want) / len(want) if want else 1.0
    distractors = {(f"{d['key']}#{x['locator']}", f"{x['source_document']}#{x['source_locator']}")
                   for d in documents for x in d.get("distractors", [])}
    pr = PR(len(recall_hits), len(found - same_family), len(set(expected) - recall_hits), len(same_family))
    return pr, by_mode, len(found & distractors)


def score_commitment_links(echoes: list[Mapping], documents: list[Mapping]) -> tuple[PR | None, dict[str, int]]:
    """Links whose target is a quoted commitment: recall over the paraphrase pairs, linked exactly;
    precision over the links from a tracked paragraph to a quoted commitment (a link from another
    member of the paraphrase's family, such as a copy of the paraphrasing activity, is true). And
    the paraphrase pairs linked, by similarity band ("<0.3" ... ">=0.9"; "unknown" without one)."""
    quotes = quoted_commitments(documents)
    if not quotes:
        return None, {}
    expected = truth_reuse(documents)
    family = reuse_families(expected)
    wanted = {p for p, m in expected.items() if m == "paraphrase"}
    tracked = tracked_paragraphs(documents)
    similarity: dict[tuple[str, str], float | None] = {}
    for row in echoes:
        pair = (row["source"], row["target"])
        if row["target"] in quotes and row["source"] in tracked:
            value = row.get("similarity")
            similarity[pair] = value if value is None else max(value, similarity.get(pair) or value)
    good = {(a, b) for a, b in similarity if a in family and family.get(b) == family[a]}
    found = set(similarity) & wanted
    bands: dict[str, int] = {}
    for pair in sorted(found):
        value = similarity[pair]
        band = "unknown" if value is None else "<0.3" if value < 0.3 else f">={min(int(value * 10), 9) / 10}"
        bands[band] = bands.get(band, 0) + 1
    return PR(len(found), len(set(similarity) - good), len(wanted - found), len(good)), dict(sorted(bands.items()))


def score_edges(documents: list[Mapping], *, cites: Iterable[Mapping], renews: Iterable[Mapping] = (),
                assigns: Iterable[Mapping] = (), echoes: list[Mapping] | None = None, sample: int = 20) -> Scores:
    """Scores from edge rows (``doc``/``target``/``rule`` for CITES, ``doc``/``target`` for RENEWS,
    ``source``/``target`` for ASSIGNS and ECHOES); ``echoes=None``: no reuse links to score."""
    refs, by_kind, missed, unexpected = score_references(cites, documents)
    scores = Scores(refs, by_kind, score_renewals(renews, documents), score_assignments(assigns, documents), None,
                    missed_references=sorted(missed)[:sample], unexpected_references=sorted(unexpected)[:sample])
    if echoes:
        scores.reuse, scores.reuse_by_mode, scores.distractors_linked = score_reuse(echoes, documents)
        scores.commitment_links, scores.paraphrase_similarity = score_commitment_links(echoes, documents)
        if all(row.get("similarity") is not None for row in echoes):
            for step in SIMILARITY_STEPS:
                kept = [row for row in echoes if row["similarity"] >= step]
                scores.reuse_by_similarity[step] = score_reuse(kept, documents)[0]
    return scores


def score(store: Any, truth: Mapping | Path | str) -> Scores:
    """Scores of what ``store`` holds against ``truth`` (the parsed truth file, or its path)."""
    documents = (truth if isinstance(truth, Mapping) else load_truth(Path(truth)))["documents"]

    def rows(query: str) -> list[dict[str, Any]]:
        return store.read(query, row_cap=ROW_CAP).records()

    return score_edges(documents, cites=rows(CITES_QUERY), renews=rows(RENEWS_QUERY),
                       assigns=rows(ASSIGNS_QUERY), echoes=rows(ECHOES_QUERY) or None)


def in_memory_reuse(corpus_dir: Path) -> list[dict[str, str]]:
    """ECHOES links the ingest's reuse finder computes for a corpus folder, without a database
    (for measuring reuse before the pipeline writes ECHOES edges). Slow beyond a few thousand
    documents: every document is parsed in this process."""
    from mandate_lineage.ingest.building.build import CorpusContext, build_document_graph
    from mandate_lineage.ingest.identity.metadata import load_manifest
    from mandate_lineage.ingest.parse import parse_document
    from mandate_lineage.ingest.readers.sources import read_source
    from mandate_lineage.ingest.reuse.detect import candidate_from_row, find_reuse

    manifest = load_manifest(corpus_dir)
    context = CorpusContext.from_manifests([manifest] if manifest else [])
    candidates = []
    for path in sorted(corpus_dir.glob("*.txt")):
        entry = manifest.documents.get(path.name) if manifest else None
        graph = build_document_graph(parse_document(read_source(path), entry), context)
        for nodes in graph.batch.nodes:
            if nodes.labels[0] == "Paragraph":
                candidates += [c for row in nodes.rows if (c := candidate_from_row(row["key"], row["props"]))]
    return [{"source": link.source, "target": link.target, "similarity": link.score} for link in find_reuse(candidates)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--truth", type=Path, required=True, help="__truth__.json, or the corpus folder holding it")
    parser.add_argument("--data-dir", type=Path, default=None, help="embedded store folder (default: settings)")
    parser.add_argument("--graph", default=None, help="graph name (default: settings)")
    parser.add_argument("--reuse-in-memory", action="store_true",
                        help="also score reuse links computed in memory from the corpus folder (no ECHOES needed)")
    args = parser.parse_args(argv)
    from mandate_lineage.config import Settings, open_store

    truth = load_truth(args.truth)
    settings = Settings.from_env(data_dir=args.data_dir, graph=args.graph)
    with open_store(settings) as store:
        scores = score(store, truth)
    report = scores.as_json()
    if args.reuse_in_memory:
        folder = args.truth if args.truth.is_dir() else args.truth.parent
        offline = score_edges(truth["documents"], cites=(), echoes=in_memory_reuse(folder))
        report["reuseInMemory"] = offline.as_json()["reuse"]
        report["reuseInMemoryRecallByMode"] = offline.as_json()["reuseRecallByMode"]
        report["reuseInMemoryDistractorsLinked"] = offline.distractors_linked
        report["commitmentLinksInMemory"] = offline.as_json()["commitmentLinks"]
        report["paraphraseSimilarityInMemory"] = offline.paraphrase_similarity
    print(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
