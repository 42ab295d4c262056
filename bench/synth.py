"""A synthetic corpus of mandate documents, with the ground truth written beside it.

    python bench/synth.py --docs 1000 --seed 7 --out /tmp/synth-1k

writes ``OUT/00000_oas-res.txt`` ... (OAS and UN resolutions, programs, work plans shaped like the
sample corpus, noise included), ``OUT/manifest.toml`` (key, kind, date, symbol of every file) and
``OUT/__truth__.json``: per document the references it makes (keys exactly as the ingest's finders
normalise them), its renewals, its activity assignments and every paragraph it reuses from an
earlier document. The truth file's name starts with ``__`` so ``mandates ingest OUT`` skips it
(the ingest reads every other file of a folder as a document).

Deterministic: one ``random.Random(seed)`` drives everything, documents are written in order and
nothing depends on set or dict order, so the same (n, seed) gives byte-identical files. Memory stays
bounded: each text is written as soon as it is made; only small facts about earlier documents and a
bounded pool of reusable paragraphs are kept.

Paragraph locators are the local ids the ingest's segmenters give: ``op-N`` for operative
paragraphs, ``act-N`` for program activities, ``wp-<body slug>.<i>`` for work-plan bullets.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synth_genres import oas_resolution, program, un_resolution, work_plan
from bench.synth_model import (
    KIND_WEIGHTS,
    MANIFEST_NAME,
    TRUTH_NAME,
    Corpus,
    DocTruth,
    GroundTruth,
)

# ---------------------------------------------------------------------------------------------
# The corpus, written as it is made
# ---------------------------------------------------------------------------------------------

MAKERS = {"resolution": oas_resolution, "un-resolution": un_resolution, "program": program, "work-plan": work_plan}




def choose_kind(corpus: Corpus) -> str:
    kind = corpus.rng.choices([k for k, _ in KIND_WEIGHTS], [w for _, w in KIND_WEIGHTS])[0]
    if kind == "work-plan" and not corpus.programs:
        return "program"
    return kind


def toml_entry(file: str, entry: dict[str, str]) -> str:
    lines = ["[[document]]", f"file = {json.dumps(file)}"]
    lines += [f"{name} = {json.dumps(value, ensure_ascii=False)}" for name, value in entry.items()]
    return "\n".join(lines) + "\n\n"


def documents(n_docs: int, seed: int) -> Iterator[tuple[str, str, DocTruth, dict]]:
    """(file name, text, truth, manifest entry) of each document, in date order."""
    corpus = Corpus(n_docs, seed)
    for index, day in enumerate(corpus.dates):
        kind = choose_kind(corpus)
        text, truth, earlier, entry = MAKERS[kind](corpus, index, day)
        corpus.remember(earlier)
        corpus.finish_document()
        yield truth.file, text, truth, entry


def generate(n_docs: int, seed: int, out_dir: Path) -> GroundTruth:
    """Write ``n_docs`` documents, their manifest and the ground truth into ``out_dir``."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {kind: 0 for kind, _ in KIND_WEIGHTS}
    written = 0
    with open(out_dir / MANIFEST_NAME, "w", encoding="utf-8", newline="\n") as manifest, \
            open(out_dir / TRUTH_NAME, "w", encoding="utf-8", newline="\n") as truth_file:
        manifest.write(f"# Synthetic corpus: {n_docs} documents, seed {seed} (bench/synth.py).\n\n")
        truth_file.write(f'{{"generator": "bench/synth.py", "n_docs": {n_docs}, "seed": {seed}, "documents": [\n')
        for index, (name, text, truth, entry) in enumerate(documents(n_docs, seed)):
            encoded = text.encode("utf-8")
            (out_dir / name).write_bytes(encoded)
            written += len(encoded)
            manifest.write(toml_entry(name, entry))
            truth_file.write(("" if index == 0 else ",\n") + json.dumps(truth.as_json(), ensure_ascii=False))
            counts[truth.kind] += 1
        truth_file.write("\n]}\n")
    return GroundTruth(out_dir, n_docs, seed, counts, written, time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, required=True, help="number of documents (100 to 20,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True, help="folder to write (created if missing)")
    args = parser.parse_args(argv)
    result = generate(args.docs, args.seed, args.out)
    megabytes = result.bytes_written / 1e6
    print(json.dumps({"out": str(result.out_dir), "documents": result.n_docs, "seed": result.seed,
                      "kinds": result.counts, "megabytes": round(megabytes, 2),
                      "megabytesPer1000": round(megabytes * 1000 / max(1, result.n_docs), 2),
                      "seconds": round(result.seconds, 2), "truth": str(result.truth_path)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
