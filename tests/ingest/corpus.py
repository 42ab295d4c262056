"""The sample corpus as the ingest tests read it."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
_INGEST_CLEANUP = (("\u00a0", " "), ("\u2018", "'"), ("\u2019", "'"), ("\u201c", '"'), ("\u201d", '"'), ("\r\n", "\n"))


def corpus_text(prefix: str) -> str:
    """A corpus file with the clean-up the ingest guarantees (NBSP, curly quotes, CRLF)."""
    (path,) = CORPUS.glob(f"{prefix}_*.txt")
    text = path.read_text(encoding="utf-8")
    for old, new in _INGEST_CLEANUP:
        text = text.replace(old, new)
    return text


def gazetteer_data(name: str) -> dict:
    """A data file of the gazetteers, parsed (``bodies.toml``, ``summits.toml`` ...)."""
    with (resources.files("mandate_lineage.ingest") / "data" / name).open("rb") as fh:
        return tomllib.load(fh)
