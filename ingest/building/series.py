"""Series of resolutions across sessions: a resolution RENEWS the previous one with its title.

The General Assembly renews most of its work each session under the same title ("Question of
Saint Helena" in the 79th and the 80th session). After the documents of a run are written, every
stored UN resolution is matched with the resolution of the same title in the latest earlier
session that has one; when that session has several, the same agenda item decides, else none is
linked (precision first). The evidence is the newer resolution's title line, verbatim.

Resolutions that name their predecessor ("the most recent of which is resolution 79/100") are
linked at build time too (rule ``renews-series`` in ``acts.py``); both links may stand.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass

from mandate_lineage.graph.batch import WriteBatch
from mandate_lineage.graph.evidence import keep_entries
from mandate_lineage.graph.store import GraphStore

from .evidence import edge_key

SERIES_DOCUMENTS = (
    "MATCH (d:Document) WHERE d.genre = $genre AND d.title IS NOT NULL AND d.session IS NOT NULL "
    "RETURN d.key AS key, d.title AS title, d.session AS session, d.agendaItem AS agendaItem, "
    "d.titleStart AS titleStart, d.titleEnd AS titleEnd, d.titleQuote AS titleQuote, d.titlePages AS titlePages "
    "ORDER BY d.key"
)
RULE = "series-same-title"
# The stored evidence entries of the rule: (source, target, [entry keys]).
STORED_SERIES = ("MATCH (a:Document)-[r:RENEWS]->(b:Instrument) WHERE $rule IN coalesce(r.evidenceRules, [r.rule]) "
                 "RETURN a.key, b.key, [i IN range(0, size(coalesce(r.evidenceKeys, [r.key])) - 1) "
                 "WHERE coalesce(r.evidenceRules, [r.rule])[i] = $rule | coalesce(r.evidenceKeys, [r.key])[i]]")
# A stale entry: the link goes when it was its only one (deletes first, see graph/evidence.py),
# else the entry leaves its lists and the scalars follow the new first entry.
DELETE_ALONE = ("UNWIND $rows AS row MATCH (a:Document {key: row.source})-[r:RENEWS]->(b:Instrument {key: row.target}) "
                "WHERE coalesce(r.evidenceKeys, [r.key]) = [row.key] DELETE r")
DROP_ENTRY = ("UNWIND $rows AS row MATCH (a:Document {key: row.source})-[r:RENEWS]->(b:Instrument {key: row.target}) "
              "WHERE row.key IN r.evidenceKeys "
              "WITH r, [i IN range(0, size(r.evidenceKeys) - 1) WHERE r.evidenceKeys[i] <> row.key] AS keep "
              + keep_entries("r", "keep"))


@dataclass(frozen=True)
class SeriesDocument:
    key: str
    title: str
    session: int
    agenda_item: str | None
    title_start: int | None
    title_end: int | None
    title_quote: str | None
    title_pages: tuple[int, ...] = ()


@dataclass(frozen=True)
class Renewal:
    source: str  # the newer resolution
    target: str  # the one it renews
    confidence: float
    why: str


def series_title(title: str) -> str:
    """Titles compared without case, spacing or quote style."""
    title = title.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return " ".join(title.casefold().split())


def find_renewals(documents: list[SeriesDocument]) -> list[Renewal]:
    """For each document, the resolution of its title in the latest earlier session that has one
    (by key; each title's sessions sorted once, so the cost is n log n, not n per document)."""
    by_title: dict[str, dict[int, list[SeriesDocument]]] = defaultdict(lambda: defaultdict(list))
    for d in documents:
        by_title[series_title(d.title)][d.session].append(d)
    sessions_of = {title: sorted(by_session) for title, by_session in by_title.items()}
    renewals = []
    for d in sorted(documents, key=lambda d: d.key):
        title = series_title(d.title)
        sessions = sessions_of[title]
        at = bisect_left(sessions, d.session)
        if at == 0:
            continue
        candidates = by_title[title][sessions[at - 1]]
        if len(candidates) > 1:
            candidates = [e for e in candidates if d.agenda_item and e.agenda_item == d.agenda_item]
            if len(candidates) != 1:
                continue  # one title twice in a session (parts A and B): no guess
            renewals.append(Renewal(d.key, candidates[0].key, 0.85, "same title and agenda item"))
        else:
            same_item = d.agenda_item is not None and candidates[0].agenda_item == d.agenda_item
            renewals.append(Renewal(d.key, candidates[0].key, 0.85 if same_item else 0.8,
                                    "same title and agenda item" if same_item else "same title"))
    return renewals


def locate_title(text: str, title: str | None, limit: int = 6000) -> tuple[int, int] | None:
    """Span of ``title`` in the head of ``text``, its words joined by any spacing (a wrapped title)."""
    if not title:
        return None
    words = [re.escape(w) for w in title.split()]
    if not words:
        return None
    # the title was read from the cleaned text (straight quotes); the file may have curly ones
    pattern = r"\s+".join(words).replace("'", "['\u2018\u2019]").replace('"', '["\u201c\u201d]')
    m = re.search(pattern, text[:limit])
    return (m.start(), m.end()) if m else None


def link_series(store: GraphStore) -> int:
    """Write RENEWS links between stored UN resolutions of one title; return how many."""
    rows = store.read(SERIES_DOCUMENTS, {"genre": "un-resolution"}, row_cap=10_000_000).records()
    documents = []
    for row in rows:
        try:
            session = int(row["session"])
        except (TypeError, ValueError):
            continue
        documents.append(SeriesDocument(row["key"], row["title"], session, row.get("agendaItem"),
                                        row.get("titleStart"), row.get("titleEnd"), row.get("titleQuote"),
                                        tuple(row.get("titlePages") or ())))
    by_key = {d.key: d for d in documents}
    out = []
    for r in find_renewals(documents):
        d = by_key[r.source]
        if d.title_start is None or d.title_end is None or not d.title_quote:
            continue  # no verbatim title line to show: no link
        props: dict[str, object] = {
            "evidenceDocument": d.key, "evidenceParagraph": d.key, "evidenceStart": d.title_start,
            "evidenceEnd": d.title_end, "evidenceQuote": d.title_quote, "rule": RULE, "confidence": r.confidence,
            "why": r.why,
        }
        if d.title_pages:
            props["evidencePages"] = list(d.title_pages)
        out.append({"source": r.source, "target": r.target, "key": edge_key("RENEWS", r.source, r.target, props),
                    "props": props})
    stored = {tuple(row) for source, target, keys in store.read(STORED_SERIES, {"rule": RULE}, row_cap=10_000_000).rows
              for row in ((source, target, key) for key in keys)}
    wanted = {(row["source"], row["target"], row["key"]) for row in out}
    stale = [{"source": a, "target": b, "key": k} for a, b, k in sorted(stored - wanted)]
    if stale:
        # a later document of the series came in between, or one went: its link goes (the graph
        # must not depend on the order the documents came in)
        store.write_statement(DELETE_ALONE, {"rows": stale})
        store.write_statement(DROP_ENTRY, {"rows": stale})
    missing = [row for row in out if (row["source"], row["target"], row["key"]) not in stored]
    if missing:
        batch = WriteBatch()
        batch.add_relationships("RENEWS", "Document", "Document", missing)
        store.write(batch)
    return len(out)
