"""Series questions: "what changed since the last resolution of this series?" and "where did this
paragraph first appear?".

*Changes.* The previous resolution is the latest ingested document the subject RENEWS (its own
words, "the most recent of which is resolution 79/100", or the same title in the previous session,
see ``ingest/building/series.py``). Each paragraph of substance of the newer resolution is matched
with the most similar paragraph of the previous one (word sequences, ``difflib``): the same words
are *repeated*, a similarity of ``AMENDED_MIN`` or more is *amended* (with the word-level diff),
anything else is *new*. Paragraphs of the previous resolution that no newer paragraph matched are
*removed*. Numbers are left out of the comparison (paragraph 5 that became paragraph 6 is repeated).

*First appearance.* From a paragraph, the earlier paragraphs it repeats are followed back: ECHOES
links (text reuse) and, resolution by resolution, the series' previous resolution's matching
paragraph. The earliest reached (by date, then session and number) is where it first appeared.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from mandate_lineage.errors import NotFound
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.queries import run
from mandate_lineage.queries.lineage import node_view

COMPARED = frozenset({"preamble", "operative", "subparagraph", "activity", "objective"})
AMENDED_MIN = 0.6  # below: a different paragraph (measured: renewed NSGT paragraphs 0.75-0.99, unrelated < 0.35)
MAX_STEPS = 60  # resolutions walked back at most for a first appearance
_WORD = re.compile(r"\S+")
_POSITION = re.compile(r"^un:(a|hrc)-res-(\d{1,2})-(\d{1,4})$")


@dataclass(frozen=True)
class _Par:
    id: str
    local_id: str
    kind: str
    number: str | None
    text: str
    words: tuple[str, ...]
    bag: frozenset[str]


def _paragraphs(store: GraphStore, document: str) -> list[_Par]:
    out = []
    for row in run(store, "document_paragraphs", {"key": document}).rows:
        view = node_view(row[0])
        if view.get("kind") not in COMPARED or view.get("document") != document:
            continue
        text = " ".join(str(view.get("text") or "").split())
        words = tuple(_WORD.findall(text))
        out.append(_Par(view["id"], view.get("localId") or view["id"], view["kind"], view.get("number"), text, words,
                        frozenset(w.lower().strip(".,;:") for w in words)))
    return out


def previous_resolution(store: GraphStore, key: str) -> dict[str, Any] | None:
    """The latest ingested resolution ``key`` renews, or None."""
    rows = run(store, "series_previous", {"key": key}).records()
    return rows[0] if rows else None


def similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def word_diff(old: tuple[str, ...], new: tuple[str, ...]) -> list[dict[str, str]]:
    """Word-level edit script: ``equal``, ``insert``, ``delete`` and ``replace`` runs, old and new words."""
    ops = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        ops.append({"op": op, "old": " ".join(old[i1:i2]), "new": " ".join(new[j1:j2])})
    return ops


def _best(p: _Par, candidates: list[_Par]) -> tuple[_Par | None, float]:
    """The candidate most similar to ``p``: a word-bag filter first, then sequence similarity of the best few."""
    if not candidates:
        return None, 0.0
    scored = sorted(candidates, key=lambda c: -len(p.bag & c.bag) / (len(p.bag | c.bag) or 1))[:6]
    best, ratio = None, 0.0
    for c in scored:
        if c.words == p.words:
            return c, 1.0
        r = similarity(c.words, p.words)
        if r > ratio:
            best, ratio = c, r
    return best, ratio


def compare(new: list[_Par], old: list[_Par]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Each newer paragraph as new, repeated or amended; the older ones nobody matched, as removed."""
    out, used = [], set()
    for p in new:
        match, ratio = _best(p, old)
        row: dict[str, Any] = {"id": p.id, "localId": p.local_id, "kind": p.kind, "number": p.number, "text": p.text}
        if match is not None and ratio == 1.0:
            row.update(status="repeated", similarity=1.0, previous=match.id, previousLocalId=match.local_id)
        elif match is not None and ratio >= AMENDED_MIN:
            row.update(status="amended", similarity=round(ratio, 3), previous=match.id,
                       previousLocalId=match.local_id, diff=word_diff(match.words, p.words))
        else:
            row.update(status="new", similarity=round(ratio, 3), previous=None)
        if row["previous"]:
            used.add(row["previous"])
        out.append(row)
    removed = [{"id": o.id, "localId": o.local_id, "kind": o.kind, "text": o.text} for o in old if o.id not in used]
    return out, removed


def _document(store: GraphStore, key: str) -> dict[str, Any]:
    rows = run(store, "node", {"key": key}).rows
    if not rows:
        raise NotFound(f"no node with id {key!r}")
    view = node_view(rows[0][0])
    if "Document" not in view["labels"]:
        raise NotFound(f"{key!r} is not an ingested document")
    return view


def _brief(view: dict[str, Any]) -> dict[str, Any]:
    return {"id": view["id"], "symbol": view.get("symbol"), "title": view.get("title"), "date": view.get("date"),
            "session": view.get("session")}


def changes(store: GraphStore, key: str) -> dict[str, Any]:
    """What changed in document ``key`` since the previous resolution of its series."""
    subject = _document(store, key)
    previous = previous_resolution(store, key)
    answer: dict[str, Any] = {"subject": _brief(subject), "previous": None, "summary": {}, "paragraphs": [],
                              "removed": []}
    new = _paragraphs(store, key)
    if previous is None:
        answer["paragraphs"] = [{"id": p.id, "localId": p.local_id, "kind": p.kind, "number": p.number,
                                 "text": p.text, "status": "new", "similarity": 0.0, "previous": None} for p in new]
    else:
        answer["previous"] = {"id": previous["key"], **{k: previous[k] for k in ("symbol", "title", "date", "session",
                                                                                "rule", "confidence")}}
        answer["paragraphs"], answer["removed"] = compare(new, _paragraphs(store, previous["key"]))
    counts = {status: 0 for status in ("new", "repeated", "amended")}
    for row in answer["paragraphs"]:
        counts[row["status"]] += 1
    answer["summary"] = {**counts, "removed": len(answer["removed"])}
    return answer


def _order(view: dict[str, Any]) -> tuple[str, tuple[str, int, int]]:
    m = _POSITION.match(str(view.get("document") or ""))
    return (str(view.get("date") or "9999"), (m[1], int(m[2]), int(m[3])) if m else ("", 0, 0))


def first_appearance(store: GraphStore, paragraph_key: str) -> dict[str, Any]:
    """The earliest paragraph ``paragraph_key`` repeats, and the path back to it."""
    rows = run(store, "node", {"key": paragraph_key}).rows
    if not rows:
        raise NotFound(f"no node with id {paragraph_key!r}")
    subject = node_view(rows[0][0])
    if "Paragraph" not in subject["labels"]:
        raise NotFound(f"{paragraph_key!r} is not a paragraph")
    seen: dict[str, dict[str, Any]] = {paragraph_key: {"id": paragraph_key, "via": None, "similarity": 1.0}}
    frontier = [paragraph_key]
    for _ in range(MAX_STEPS):
        if not frontier:
            break
        found: list[tuple[str, str, float, str]] = []  # (from, to, similarity, how)
        for row in run(store, "paragraph_echoes", {"keys": frontier}).records():
            found.append((row["source"], row["target"], float(row["similarity"] or 0), "text reuse (ECHOES)"))
        for key in frontier:
            step = _series_step(store, key)
            if step is not None:
                found.append((key, step[0], step[1], "previous resolution of the series"))
        frontier = []
        for source, target, sim, how in found:
            if target not in seen:
                seen[target] = {"id": target, "from": source, "via": how, "similarity": round(sim, 3)}
                frontier.append(target)
    views = {k: node_view(run(store, "node", {"key": k}).rows[0][0]) for k in seen}
    earliest = min(views.values(), key=_order)
    path, key = [], earliest["id"]
    while key != paragraph_key:
        step = seen[key]
        path.append({**_brief_paragraph(views[key]), "via": step["via"], "similarity": step["similarity"]})
        key = step["from"]
    path.reverse()
    return {"subject": _brief_paragraph(subject), "first": _brief_paragraph(earliest),
            "isFirst": earliest["id"] == paragraph_key, "path": path}


def _brief_paragraph(view: dict[str, Any]) -> dict[str, Any]:
    return {"id": view["id"], "document": view.get("document"), "localId": view.get("localId"),
            "date": view.get("date"), "text": view.get("text")}


def _series_step(store: GraphStore, paragraph_key: str) -> tuple[str, float] | None:
    """The matching paragraph (repeated or amended) of the previous resolution of the paragraph's document."""
    document = paragraph_key.split("#", 1)[0]
    previous = previous_resolution(store, document)
    if previous is None:
        return None
    own = [p for p in _paragraphs(store, document) if p.id == paragraph_key]
    if not own:
        return None
    match, ratio = _best(own[0], _paragraphs(store, previous["key"]))
    return (match.id, ratio) if match is not None and ratio >= AMENDED_MIN else None
