"""A store's frozen text-reuse basis: the term weights and corpus formulas links are scored with.

Without a basis the weights (``ln N/df`` over the stored paragraphs) and the formulas (shingles in
a quarter of the stored documents) are functions of the whole store: one more document changes
every score, so every ingest recomputes every link (:mod:`.echoes`). A basis freezes both, from
the documents stored when it is made (``mandates reuse freeze``). From then on a link is a
function of its two paragraphs and of which paragraphs share its shingles, so an ingest compares
its own paragraphs and their neighbours only (:mod:`.local`), and the graph is the same whatever
the split of the files into runs and their order, for that basis. A term the basis never saw
weighs ``ln N`` (as if one paragraph held it); a formula that spreads after the freeze is not one
until the basis is made again, which recomputes every link once.

The basis lives in the store, on one ``ReuseBasis`` node, so every client of a shared store
scores alike; its ``state`` names the last pass that brought the links in line with the stored
paragraphs (a local pass trusts its shingle index only when it was written by that pass).
"""

from __future__ import annotations

import hashlib
import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import cached_property
from typing import Any

import numpy as np

LABEL = "ReuseBasis"
KEY = "reuse:basis"
FIELDS = ("terms", "weights", "formulas", "unseen", "paragraphs", "documents", "made", "state")
READ_BASIS = f"MATCH (b:{LABEL} {{key: $key}}) RETURN " + ", ".join(f"b.{name} AS {name}" for name in FIELDS)
READ_STATE = f"MATCH (b:{LABEL} {{key: $key}}) RETURN b.state AS state"
WRITE_BASIS = f"MERGE (b:{LABEL} {{key: $key}}) SET " + ", ".join(f"b.{name} = ${name}" for name in FIELDS)
SET_STATE = f"MATCH (b:{LABEL} {{key: $key}}) SET b.state = $state"
DROP_BASIS = f"MATCH (b:{LABEL} {{key: $key}}) DELETE b"


def term_code(term: str) -> int:
    """A term's code, the same in every process (62 bits, so shingle codes stay non-negative)."""
    return int.from_bytes(hashlib.blake2b(term.encode(), digest_size=8).digest(), "little") >> 2


def term_codes(terms: Sequence[str]) -> np.ndarray:
    return np.fromiter((term_code(t) for t in terms), dtype=np.uint64, count=len(terms))


@dataclass(frozen=True)
class ReuseBasis:
    terms: tuple[str, ...]
    weights: tuple[float, ...]
    formulas: tuple[int, ...]  # sorted shingle codes (``arrays.stable_codes``)
    unseen: float  # the weight of a term the basis never saw
    paragraphs: int
    documents: int
    made: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))
    state: str = ""

    @classmethod
    def of(cls, terms: Sequence[str], weights: Sequence[float], formulas: Sequence[int], paragraphs: int,
           documents: int) -> ReuseBasis:
        return cls(tuple(terms), tuple(float(w) for w in weights), tuple(sorted(int(c) for c in formulas)),
                   math.log(max(paragraphs, 1)), paragraphs, documents)

    @cached_property
    def _weight_of(self) -> dict[str, float]:
        return dict(zip(self.terms, self.weights))

    def weights_for(self, terms: Sequence[str]) -> np.ndarray:
        """The weight of each of ``terms`` (in that order)."""
        weight_of, unseen = self._weight_of, self.unseen
        return np.fromiter((weight_of.get(t, unseen) for t in terms), dtype=np.float64, count=len(terms))

    @cached_property
    def formula_codes(self) -> np.ndarray:
        return np.asarray(self.formulas, dtype=np.int64)

    @cached_property
    def ident(self) -> str:
        """What the links depend on, as a digest (a shingle index is only valid for its basis)."""
        digest = hashlib.sha256(repr((self.terms, self.weights, self.formulas, self.unseen)).encode())
        return digest.hexdigest()[:32]

    def summary(self) -> dict[str, Any]:
        return {"made": self.made, "documents": self.documents, "paragraphs": self.paragraphs,
                "terms": len(self.terms), "formulas": len(self.formulas)}


def read_basis(store: Any) -> ReuseBasis | None:
    """The store's basis, or None (store-wide weights)."""
    rows = store.read(READ_BASIS, {"key": KEY}, row_cap=1).records()
    if not rows:
        return None
    row = rows[0]
    return ReuseBasis(tuple(row["terms"] or ()), tuple(float(w) for w in row["weights"] or ()),
                      tuple(int(c) for c in row["formulas"] or ()), float(row["unseen"]), int(row["paragraphs"]),
                      int(row["documents"]), row["made"] or "", row["state"] or "")


def write_basis(store: Any, basis: ReuseBasis) -> None:
    store.write_statement(WRITE_BASIS, {"key": KEY, "terms": list(basis.terms), "weights": list(basis.weights),
                                        "formulas": list(basis.formulas), "unseen": basis.unseen,
                                        "paragraphs": basis.paragraphs, "documents": basis.documents,
                                        "made": basis.made, "state": basis.state})


def drop_basis(store: Any) -> None:
    store.write_statement(DROP_BASIS, {"key": KEY})


def stored_state(store: Any) -> str | None:
    rows = store.read(READ_STATE, {"key": KEY}, row_cap=1).rows
    return (rows[0][0] or "") if rows else None


def new_state(store: Any) -> str:
    """Name a new state of the links (after a pass wrote them); returns it."""
    state = uuid.uuid4().hex
    store.write_statement(SET_STATE, {"key": KEY, "state": state})
    return state
