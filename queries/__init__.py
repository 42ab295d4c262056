"""Named Cypher queries, one ``.cypher`` file each, the same text on every backend.

Each file starts with ``//`` lines that document what the query returns; the loader strips
them, so the database only sees the query. Values always travel as parameters; the only text
ever formatted in is a validated integer bound or a label taken from the schema
(``__DEPTH__``, ``__A_LABEL__`` ...), since neither backend accepts those as parameters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

from mandate_lineage.graph import schema
from mandate_lineage.graph.store import GraphStore, QueryResult

_SLOT = re.compile(r"__[A-Z][A-Z_]*__")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    doc: str
    text: str

    def format(self, **slots: int | str | tuple[str, ...]) -> str:
        """Fill ``__SLOT__`` markers: integers are validated, strings must be schema labels, tuples
        schema relationship types (written ``A|B``, for a pattern ``[r:A|B]``)."""
        text = self.text
        for name, value in slots.items():
            if isinstance(value, tuple):
                if not value or any(t not in schema.REL_TYPES for t in value):
                    raise ValueError(f"slot {name} must hold relationship types of the schema: {value!r}")
                text = text.replace(f"__{name.upper()}__", "|".join(value))
                continue
            if isinstance(value, bool) or not isinstance(value, (int, str)):
                raise TypeError(f"slot {name} must be an int or a label")
            if isinstance(value, str):
                schema.node_label(value)  # refuses anything that is not a declared label
            elif not 0 < value <= 100:
                raise ValueError(f"slot {name} out of range: {value}")
            text = text.replace(f"__{name.upper()}__", str(value))
        missing = _SLOT.findall(text)
        if missing:
            raise ValueError(f"query {self.name} has unfilled slots: {sorted(set(missing))}")
        return text


@lru_cache(maxsize=None)
def load(name: str) -> NamedQuery:
    """The query ``queries/<name>.cypher``."""
    try:
        raw = (resources.files(__name__) / f"{name}.cypher").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KeyError(f"no named query {name!r}") from None
    doc = "\n".join(line[2:].strip() for line in raw.splitlines() if line.startswith("//"))
    text = "\n".join(line for line in raw.splitlines() if line.strip() and not line.startswith("//"))
    return NamedQuery(name, doc, text)


def names() -> list[str]:
    return sorted(p.name[:-7] for p in resources.files(__name__).iterdir() if p.name.endswith(".cypher"))


def run(store: GraphStore, name: str, params: Mapping[str, Any] | None = None, *, row_cap: int | None = None,
        timeout_ms: int | None = None, **slots: int | str | tuple[str, ...]) -> QueryResult:
    query = load(name)
    text = query.format(**slots) if slots else query.text
    return store.read(text, params or {}, row_cap=row_cap, timeout_ms=timeout_ms)


_BRANCH = "\nUNION ALL "
_UNWOUND = re.compile(r"^UNWIND \$(\w+) AS ")
_PARAMETER = re.compile(r"\$(\w+)")


@lru_cache(maxsize=256)
def _branch_lists(text: str) -> tuple[str, ...] | None:
    """The list parameter each ``UNION ALL`` branch of ``text`` unwinds, or None when one does not open so."""
    lists = [_UNWOUND.match(branch) for branch in text.split(_BRANCH)]
    return tuple(match.group(1) for match in lists) if all(lists) else None


@lru_cache(maxsize=4096)
def _branches_sent(text: str, kept: tuple[bool, ...]) -> tuple[str, frozenset[str]]:
    """The text of the branches ``kept`` and the parameters it names."""
    sent = _BRANCH.join(branch for branch, keep in zip(text.split(_BRANCH), kept) if keep)
    return sent, frozenset(_PARAMETER.findall(sent))


def run_branches(store: GraphStore, name: str, params: Mapping[str, list[Any]], *, row_cap: int | None = None,
                 **slots: int | str | tuple[str, ...]) -> QueryResult:
    """``run`` for a named query made of ``UNION ALL`` branches that each open with ``UNWIND $list``:
    only the branches whose list holds something are sent, with their parameters (no query when
    none does). Still the named query's own text on every backend, branches left out whole: a
    lineage step from paragraphs alone sent eight branches and the database parsed, planned and
    ran all eight (0.2 ms of its CPU per step on the 20k graph, docs/benchmark-runs/2026-12-03c)."""
    query = load(name)
    text = query.format(**slots) if slots else query.text
    lists = _branch_lists(text)
    if lists is None:
        raise ValueError(f"query {name}: every branch must open with UNWIND $list")
    kept = tuple(bool(params[listed]) for listed in lists)
    if not any(kept):
        columns = re.findall(r" AS (\w+)", text.split(_BRANCH)[0].split(" RETURN ", 1)[1])
        return QueryResult(columns, [], False)
    sent, wanted = _branches_sent(text, kept)
    return store.read(sent, {k: v for k, v in params.items() if k in wanted}, row_cap=row_cap)
