"""Ranked full-text search over paragraph text, instrument titles and symbols, summits and bodies.

Every word of the query must occur (in any order; the backend's analyser stems them, so
"migrants" finds "migrant"). The store's full-text index (``GraphStore.fulltext``: FalkorDB
``db.idx.fulltext.queryNodes``, Neo4j ``db.index.fulltext.queryNodes``) finds paragraphs,
instruments and summits; bodies, whose names and acronyms are lists no backend indexes, are
matched here word by word. The named query ``search_hits`` then reads what an answer shows, and
the filters (label, body, date range) and paging apply to the whole ranked list, so ``total``
counts every match, not one page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from mandate_lineage.errors import NotFound, QueryError
from mandate_lineage.graph import schema
from mandate_lineage.graph.store import GraphStore
from mandate_lineage.queries import run

WORD = re.compile(r"\w+")
MAX_WORDS = 16
# Candidates read from each full-text index before filtering; past it, ``total`` is a lower bound
# and the answer says so (``complete`` false).
CANDIDATE_CAP = 2_000
MAX_LIMIT = 200
SNIPPET_CHARS = 200
# The label a hit is shown under: the most specific it carries.
SPECIFIC_FIRST = ("Activity", "Paragraph", "Resolution", "Program", "WorkPlan", "SummitInstrument", "Convention",
                  "Document", "Instrument", "Summit", "Body")
# Scores for bodies matched by name: all words in one of its names; the whole name or acronym.
BODY_WORDS_SCORE = 2.0
BODY_EXACT_SCORE = 10.0
# Added to an instrument's or summit's score when its own name, title or symbol holds every word:
# "AG/RES. 2141" is first the resolution, then the paragraphs that cite it.
NAME_BONUS = 5.0
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_MERGE_PARAMS = {"Instrument": "instruments", "Paragraph": "paragraphs", "Summit": "summits", "Body": "bodies"}


def words_of(text: str) -> list[str]:
    """The query's words, lower-cased, once each, in order: only word characters reach a backend."""
    seen: dict[str, None] = {}
    for word in WORD.findall(text.lower()):
        seen.setdefault(word, None)
    return list(seen)[:MAX_WORDS]


def check_date(value: str | None, name: str) -> str | None:
    """An ISO date, possibly partial (YYYY, YYYY-MM, YYYY-MM-DD), or None."""
    if value in (None, ""):
        return None
    if not _DATE.match(value):
        raise QueryError(f"{name} must be an ISO date such as 2005, 2005-06 or 2005-06-07, got {value!r}")
    return value


def in_range(date: str | None, date_from: str | None, date_to: str | None) -> bool:
    """Whether a (possibly partial) date can fall in [from, to]: "2007" is in 2007-06..2008."""
    if date_from is None and date_to is None:
        return True
    if not date or not _DATE.match(str(date)[:10]):
        return False  # undated: outside any range asked for
    date = str(date)[:10]
    earliest, latest = date + "-00-00"[len(date) - 4:], date + "-99-99"[len(date) - 4:]
    if date_from is not None and latest < date_from:
        return False
    return not (date_to is not None and earliest[: len(date_to)] > date_to)


def snippet(text: str, words: list[str], width: int = SNIPPET_CHARS) -> str:
    """A verbatim slice of ``text`` of about ``width`` characters around the first query word."""
    if len(text) <= width:
        return text
    starts = [m.start() for w in words for m in [re.search(rf"\b{re.escape(w[:5])}", text, re.I)] if m]
    at = min(starts) if starts else 0
    begin = max(0, at - width // 4)
    if begin:  # start on a word
        space = text.find(" ", begin)
        begin = space + 1 if 0 <= space < at else begin
    end = min(len(text), begin + width)
    if end < len(text):
        space = text.rfind(" ", begin, end)
        end = space if space > at else end
    return text[begin:end]


@dataclass(frozen=True)
class Body:
    key: str
    name: str
    names: tuple[str, ...]

    def score(self, words: list[str]) -> float:
        """BODY_EXACT_SCORE for a whole name or acronym, BODY_WORDS_SCORE when one name holds every word."""
        phrase = " ".join(words)
        if any(" ".join(words_of(name)) == phrase for name in self.names):
            return BODY_EXACT_SCORE
        for name in self.names:
            held = words_of(name)
            if all(any(h.startswith(w) for h in held) for w in words):
                return BODY_WORDS_SCORE
        return 0.0


def _bodies(store: GraphStore) -> list[Body]:
    return [Body(key, name or key, tuple(dict.fromkeys([name or key, *names, *acronyms])))
            for key, name, names, acronyms in run(store, "search_bodies").rows]


def resolve_body(bodies: list[Body], wanted: str) -> str:
    """A body's key from its key, a name or an acronym (any case); several matches are an error."""
    if any(b.key == wanted for b in bodies):
        return wanted
    phrase = " ".join(words_of(wanted))
    matches = [b for b in bodies if any(" ".join(words_of(n)) == phrase for n in b.names)]
    if not matches:
        raise NotFound(f"no body named {wanted!r} (give a body key such as oas:iachr, a name or an acronym)")
    if len(matches) > 1:
        raise QueryError(f"body {wanted!r} names several bodies: {', '.join(b.key for b in matches)}; give its key")
    return matches[0].key


def shown_label(labels: list[str]) -> str:
    return next((label for label in SPECIFIC_FIRST if label in labels), sorted(labels)[0] if labels else "?")


def search(store: GraphStore, q: str, *, label: str | None = None, body: str | None = None,
           date_from: str | None = None, date_to: str | None = None, offset: int = 0,
           limit: int = 20) -> dict[str, Any]:
    """Nodes holding every word of ``q``, best first, filtered and paged.

    ``label``: a schema label the hit must carry (``Activity``, ``Resolution``, ``Body`` ...);
    ``body``: a body (key, name or acronym) the hit is linked to, or whose document it issued;
    ``date_from``/``date_to``: ISO dates, possibly partial, the hit's date (or its document's)
    must fall within (undated hits are then left out). Returns ``{query, words, total, offset,
    limit, truncated, complete, results}``: ``truncated`` says more results follow this page,
    ``complete`` false says an index held more candidates than were read (``total`` is then a
    lower bound)."""
    words = words_of(q)
    if not words:
        raise QueryError(f"the search {q!r} has no words to look for")
    if label is not None:
        schema.node_label(label)
    date_from, date_to = check_date(date_from, "from"), check_date(date_to, "to")
    if date_from and date_to and date_from > date_to:
        raise QueryError(f"from ({date_from}) is after to ({date_to})")
    if not 0 <= offset or not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"offset must be >= 0 and limit within 1..{MAX_LIMIT}")
    wanted_merge = schema.node_label(label).merge_label if label else None

    scores: dict[str, float] = {}
    keys: dict[str, list[str]] = {name: [] for name in _MERGE_PARAMS.values()}
    complete = True
    for merge in schema.FULLTEXT_FIELDS:
        if wanted_merge not in (None, merge):
            continue
        found = store.fulltext(merge, words, CANDIDATE_CAP)
        complete = complete and len(found) < CANDIDATE_CAP
        for key, score in found:
            scores[key] = score
            keys[_MERGE_PARAMS[merge]].append(key)
    bodies = _bodies(store) if body is not None or wanted_merge in (None, "Body") else []
    if wanted_merge in (None, "Body"):
        for b in bodies:
            if (score := b.score(words)) > 0:
                scores[b.key] = score
                keys["bodies"].append(b.key)
    body_key = resolve_body(bodies, body) if body is not None else None

    hits = []
    for node, document, issuer, linked in run(store, "search_hits", keys, row_cap=len(scores) + 1).rows:
        props, labels = node["properties"], node["labels"]
        if label is not None and label not in labels:
            continue
        if body_key is not None and body_key not in linked and issuer != body_key:
            continue
        if not in_range(props.get("date"), date_from, date_to):
            continue
        score = scores[props["key"]]
        if "Paragraph" not in labels and "Body" not in labels and _named(props, words):
            score += NAME_BONUS
        hits.append(_hit(props, labels, document, score, words))
    hits.sort(key=lambda h: (-h["score"], h["key"]))
    page = hits[offset: offset + limit]
    return {"query": q, "words": words, "total": len(hits), "offset": offset, "limit": limit,
            "truncated": offset + len(page) < len(hits), "complete": complete, "results": page}


def _named(props: dict[str, Any], words: list[str]) -> bool:
    held = words_of(" ".join(str(props.get(name) or "") for name in ("name", "title", "symbol", "city")))
    return all(any(h.startswith(w) for h in held) for w in words)


def _hit(props: dict[str, Any], labels: list[str], document: str | None, score: float,
         words: list[str]) -> dict[str, Any]:
    key = props["key"]
    name = props.get("name") or key
    if "Paragraph" in labels:
        text = props.get("text") or name
    elif "Body" in labels:
        text = ", ".join(dict.fromkeys([name, *(props.get("names") or []), *(props.get("acronyms") or [])]))
    elif "Summit" in labels:
        text = ", ".join(str(v) for v in (name, props.get("city"), props.get("date")) if v)
    else:
        text = props.get("title") or name
        if props.get("symbol") and props["symbol"] not in text:
            text = f"{props['symbol']}: {text}"
    return {"key": key, "label": shown_label(labels), "labels": sorted(labels), "name": name,
            "date": props.get("date"), "document": document, "score": round(score, 4),
            "snippet": snippet(str(text), words)}
