"""From what an analyst types to one node key, or the candidates: never a silent guess.

``Resolver.resolve`` accepts, in this order: a node key; ``activity N`` with an optional program
(``activity 4 of the 2005 program``, ``activity 4 in oas:program-migrants-2016``); a paragraph
reference (``op. 12 of AG/RES. 2141``, ``preamble 3 of ...``); a document symbol in any spacing and
case (``ag/res 2141``, ``AG/RES. 2141 (XXXV-O/05)``, ``A/RES/68/179``); a name: a summit's name
or place (``Second Summit``, ``Santiago``), a body's name, former name or acronym (``IACHR``,
``Inter-American Commission of Women``), an instrument's title. One match is the answer; several
raise ``Ambiguous`` with every candidate (key, name, human label); none raises ``NotFound``.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from mandate_lineage.errors import Ambiguous, NotFound
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.queries import run
from mandate_lineage.queries.describe import describe
from mandate_lineage.queries.lineage import node_view
from mandate_lineage.queries.lineage_views import read_node

MAX_CANDIDATES = 25
_ACTIVITY = re.compile(
    r"^\s*(?:activity|act\.?)\s*(?:no\.?|number|#)?\s*(?P<n>\d+[a-z]?)"
    r"(?:\s*(?:,|of|in|from)\s+(?:the\s+)?(?P<rest>.+?))?\s*$", re.I)
_YEAR_PROGRAM = re.compile(r"^(?:(?P<y1>(?:19|20)\d\d)\s*(?:program(?:me)?)?|program(?:me)?\s*(?:of\s*)?(?P<y2>(?:19|20)\d\d))$",
                           re.I)
_PARAGRAPH = re.compile(
    r"^\s*(?P<kind>op\.?|operative(?:\s+paragraph)?|paragraph|para\.?|§|preamble|preambular(?:\s+paragraph)?|pp\.?)"
    r"\s*(?:no\.?|#)?\s*(?P<n>\d+(?:\.[a-z0-9]+)?)\s*(?:,|of|in)\s+(?:the\s+)?(?P<doc>.+?)\s*$", re.I)
_SYMBOL_SPACING = re.compile(r"^\s*ag\s*/\s*res\s*\.?\s*", re.I)


def _fold(text: str) -> str:
    return " ".join(str(text).replace("\u00a0", " ").split()).lower()


def candidate(node: dict[str, Any]) -> dict[str, Any]:
    """What a list of candidates shows: key, name, human label, labels and date."""
    return {"id": node["id"], "name": node.get("name"), "label": node.get("label") or node.get("name"),
            "labels": node["labels"], "date": node.get("date")}


class Resolver:
    def __init__(self, store: GraphStore) -> None:
        self.store = store

    # --- the one entry point --------------------------------------------------------------------
    def resolve(self, text: str, *, program: str | None = None, labels: Iterable[str] | None = None,
                what: str = "node") -> str:
        """The key of the one node ``text`` names; ``NotFound`` for none, ``Ambiguous`` for several."""
        found = self._matches(text, program=program, labels=labels)
        if len(found) > 1:
            describe(self.store, found)  # the candidates say what each is; one match needs no words here
        if not found:
            where = f" in program {program!r}" if program else ""
            raise NotFound(f"no {what} in the graph matches {text!r}{where} (try a key, a symbol such as 'AG/RES. 2141', "
                           "'activity 28', a summit, a place or a body's name or acronym)")
        if len(found) > 1:
            shown = found[:MAX_CANDIDATES]
            listed = ", ".join(c["id"] for c in shown[:8])
            more = f" and {len(found) - 8} more" if len(found) > 8 else ""
            raise Ambiguous(f"{text!r} matches {len(found)} candidates: {listed}{more}. Name one by its key "
                            "(or, for an activity, add its program: 'activity 4 of the 2016 program')",
                            [candidate(n) for n in shown])
        return found[0]["id"]

    def candidates(self, text: str, *, program: str | None = None,
                   labels: Iterable[str] | None = None) -> list[dict[str, Any]]:
        """Every node ``text`` could name, best kind of match only, each with its human label."""
        found = self._matches(text, program=program, labels=labels)
        describe(self.store, found)
        return found

    def _matches(self, text: str, *, program: str | None, labels: Iterable[str] | None) -> list[dict[str, Any]]:
        text = str(text or "")
        if "\x00" in text or not text.strip() or (program and "\x00" in program):
            return []
        wanted = set(labels or ())
        found = self._find(text.strip(), program)
        if wanted:
            found = [n for n in found if wanted & set(n["labels"])]
        return list({n["id"]: n for n in found}.values())

    def _find(self, text: str, program: str | None) -> list[dict[str, Any]]:
        exact = self._key(text)
        if exact is not None and program is None:
            return [exact]
        match = _ACTIVITY.match(text)
        if match:
            return self._activities(match.group("n"), match.group("rest"), program)
        if exact is not None:
            return [exact]
        if _YEAR_PROGRAM.match(text) and "program" in text.lower():
            return [node_view(row[0]) for row in run(self.store, "programs").rows
                    if row[0]["properties"]["key"] in set(self.program_keys(text))]
        match = _PARAGRAPH.match(text)
        if match:
            return self._paragraphs(match.group("kind"), match.group("n"), match.group("doc"))
        symbol = self._symbol(text)
        if symbol is not None:
            return symbol
        return self._names(text)

    # --- strategies ---------------------------------------------------------------------------------
    def _key(self, key: str) -> dict[str, Any] | None:
        row = read_node(self.store, key)
        return node_view(row) if row is not None else None

    def program_keys(self, text: str) -> list[str]:
        """Programs ``text`` names: a key, a year (``2016``, ``the 2005 program``) or a title."""
        text = text.strip()
        year = _YEAR_PROGRAM.match(text)
        if year:
            wanted = year.group("y1") or year.group("y2")
            return [row[0]["properties"]["key"] for row in run(self.store, "programs").rows
                    if str(row[0]["properties"].get("date") or "").startswith(wanted)]
        return [n["id"] for n in self._find(text, None) if {"Program", "Instrument"} & set(n["labels"])]

    def _activities(self, number: str, rest: str | None, program: str | None) -> list[dict[str, Any]]:
        rows = run(self.store, "activity", {"number": number, "program": None}).records()
        nodes = [node_view(row["activity"]) for row in rows]
        for constraint in (program, rest):
            if constraint:
                keys = set(self.program_keys(constraint))
                nodes = [n for n in nodes if keys & {n.get("program"), n.get("document")}]
        return nodes

    def _paragraphs(self, kind: str, number: str, document: str) -> list[dict[str, Any]]:
        doc_key = self.resolve(document, what="document")
        kind = kind.lower()
        if kind.startswith(("pre", "pp")):
            names = [f"preamble {number}"]
        elif kind.startswith("op"):
            names = [f"op. {number}"]
        else:  # "paragraph 12": an operative paragraph, or a program's numbered item
            names = [f"op. {number}", f"activity {number}", f"objective {number}"]
        rows = run(self.store, "paragraph_by_name", {"document": doc_key, "names": names}).rows
        return [node_view(row[0]) for row in rows]

    def _symbol(self, text: str) -> list[dict[str, Any]] | None:
        from mandate_lineage.ingest.references.finder import parse_symbol

        spaced = _SYMBOL_SPACING.sub("AG/RES. ", text)
        ref = next((r for r in (parse_symbol(t) for t in dict.fromkeys((text, spaced, spaced.upper()))) if r), None)
        if ref is None:
            return None
        base = ref.attrs.get("base") or ref.key
        rows = run(self.store, "instrument_by_symbol", {"key": ref.key, "prefix": base + "-"}).rows
        found = [self._key(row[0]) for row in rows]
        return [n for n in found if n is not None]

    def _names(self, text: str) -> list[dict[str, Any]]:
        q = _fold(text)
        if len(q) < 2:
            return []
        nodes = [node_view(row[0]) for row in run(self.store, "resolve_names", {"q": q}).rows]
        ranked = [(rank(n, q), n) for n in nodes]
        if not ranked:
            return []
        best = min(r for r, _ in ranked)
        return [n for r, n in sorted(ranked, key=lambda item: (item[0], str(item[1].get("date") or ""), item[1]["id"]))
                if r == best]


def rank(node: dict[str, Any], q: str) -> int:
    """0 a name, acronym, place or symbol equal to ``q``; 1 one starting with it; 2 holding it as
    whole words; 3 holding it inside a word."""
    fields = [node.get("name"), node.get("city"), node.get("title"), node.get("symbol"), node.get("label"),
              *(node.get("names") or []), *(node.get("acronyms") or [])]
    best = 3
    pattern = re.compile(rf"(?<!\w){re.escape(q)}(?!\w)")
    for value in fields:
        if not value:
            continue
        folded = _fold(value)
        if folded == q:
            return 0
        if pattern.match(folded):
            best = min(best, 1)
        elif pattern.search(folded):
            best = min(best, 2)
    return best
