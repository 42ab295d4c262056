"""From a parsed document to one write batch: nodes, and edges each with its evidence.

The batch is written in one statement, so a document is stored whole or not at all. A cited
instrument that is not ingested becomes a stub (``create_only``), filled in place when its own
text is ingested later.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable

from mandate_lineage.graph.batch import WriteBatch

from ..gazetteers.summits import summit_instrument_for
from ..identity.metadata import KnownInstrument, Manifest
from ..model import Paragraph, Reference
from ..parse import ParsedDocument
from ..references.finder import find_references
from . import acts as act_rules
from .evidence import Sentence, edge_key, evidence, sentences, window
from .nodes import (
    QUOTE_PLACE,
    RESOLUTION_KINDS,
    NodeRows,
    body_node,
    camel,
    paragraph_name,
    quote_key,
    reference_stub,
    summit_node,
)
from .pages import PageIndex, source_text_key, source_text_row
from .series import locate_title

PIPELINE_VERSION = "8"  # bump when the same text would give a different graph: forces a rewrite
SELF_ACT_KINDS = {"operative", "subparagraph", "quote", "table-row"}
SKIP_ACT_KINDS = {"title", "heading", "footnote"}


@dataclass(frozen=True)
class ProgramVersion:
    key: str
    date: str
    title: str


@dataclass
class CorpusContext:
    """What one document's edges need to know about the rest of the corpus."""

    programs: list[ProgramVersion] = field(default_factory=list)
    instruments: dict[str, KnownInstrument] = field(default_factory=dict)

    @classmethod
    def from_manifests(cls, manifests: Iterable[Manifest]) -> "CorpusContext":
        context = cls()
        for manifest in manifests:
            for entry in manifest.documents.values():
                if entry.get("kind") == "program" and entry.get("date"):
                    context.programs.append(ProgramVersion(entry["key"], entry["date"], entry.get("title", "")))
            for instrument in manifest.instruments:
                context.instruments[instrument.key] = instrument
                if instrument.kind == "program" and instrument.date:
                    context.programs.append(ProgramVersion(instrument.key, instrument.date, instrument.title))
        context.programs.sort(key=lambda p: p.date)
        return context

    def program_at(self, date: str | None, *, in_force: bool) -> ProgramVersion | None:
        """The program version a mandate of ``date`` is about.

        ``in_force``: the version adopted on or before ``date`` (to implement, support, monitor
        it); otherwise the first version adopted on or after it (to prepare, draft, review it).
        Dates may be partial (``2007``): they compare at their own precision.
        """
        if not self.programs or not date:
            return self.programs[-1] if self.programs else None
        if in_force:
            earlier = [p for p in self.programs if p.date[: len(date)] <= date]
            return earlier[-1] if earlier else self.programs[0]
        later = [p for p in self.programs if p.date[: len(date)] >= date]
        return later[0] if later else self.programs[-1]


@dataclass
class DocumentGraph:
    key: str
    batch: WriteBatch
    nodes_by_label: Counter[str]
    edges_by_type: Counter[str]
    warnings: list[str]


class _Builder:
    def __init__(self, doc: ParsedDocument, context: CorpusContext) -> None:
        self.doc = doc
        self.context = context
        self.meta = doc.meta
        self.nodes = NodeRows()
        self.edges: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = {}
        self.warnings = list(doc.warnings)
        self.node_key: dict[str, str] = {}  # paragraph local id -> node key
        self.node_date: dict[str, str | None] = {}
        self._sentences: dict[str, list[Sentence]] = {}  # paragraph local id -> its sentences
        self._reference_by_key: dict[str, Reference] | None = None
        self.page_index = PageIndex(doc.source)

    def sentences(self, paragraph: Paragraph) -> list[Sentence]:
        """The sentences of a paragraph, split once per build."""
        found = self._sentences.get(paragraph.local_id)
        if found is None or (found and found[0].paragraph is not paragraph):
            found = self._sentences[paragraph.local_id] = sentences(self.doc.clean, paragraph)
        return found

    def reference(self, key: str) -> Reference | None:
        """The first reference of the document with ``key``."""
        if self._reference_by_key is None:
            self._reference_by_key = {}
            for ref in self.doc.references:
                self._reference_by_key.setdefault(ref.key, ref)
        return self._reference_by_key.get(key)

    # --- edges -----------------------------------------------------------------------------
    def edge(self, type_: str, source: str, target: str, paragraph: Paragraph, start: int, end: int, rule: str,
             confidence: float, focus: tuple[int, int] | None = None, **extra: Any) -> None:
        if source == target:
            return
        if focus is not None:
            start, end = window(start, end, *focus, text=self.doc.clean.text)
        props = evidence(self.doc.clean, self.meta.key, self.node_key.get(paragraph.local_id, self.meta.key),
                         start, end, rule, confidence)
        props.update({camel(k): v for k, v in extra.items() if v is not None})
        pages = self.page_index.pages_of(int(props["evidenceStart"]), int(props["evidenceEnd"]))  # type: ignore[call-overload]
        if pages:
            props["evidencePages"] = pages
        key = edge_key(type_, source, target, props)
        group = (type_, self.nodes.label(source), self.nodes.label(target))
        self.edges.setdefault(group, {})[key] = {"source": source, "target": target, "key": key, "props": props}

    def sentence_of(self, paragraph: Paragraph, start: int, end: int) -> tuple[int, int]:
        for sentence in self.sentences(paragraph):
            if sentence.start <= start and end <= sentence.end:
                return sentence.start, sentence.end
        return paragraph.start, paragraph.end

    # --- nodes -----------------------------------------------------------------------------
    def document(self) -> None:
        meta = self.meta
        self.nodes.upsert(("Instrument",) + meta.labels, meta.key, {
            "name": meta.title or meta.symbol or meta.key,
            "title": meta.title, "symbol": meta.symbol, "date": meta.date, "genre": meta.genre,
            "body": meta.body, "session": meta.session, "language": meta.language, "status": meta.status,
            "presentedBy": meta.presented_by, "note": meta.note, "source": self.doc.source.name,
            "sha256": self.doc.source.sha256, "encoding": self.doc.source.encoding, "stub": False,
            "inferred": list(meta.inferred), "inference": list(meta.inference),
            "agendaItem": meta.agenda_item, "adoptedOn": list(meta.adopted_on) or None, "committee": meta.committee,
            "meeting": meta.meeting, **self.title_span(),
            "paragraphCount": len(self.doc.paragraphs), "characters": len(self.doc.source.text),
            "pipelineVersion": PIPELINE_VERSION, "format": self.doc.source.format,
            "pageCount": max((p.number for p in self.doc.source.pages), default=None),
            "sourceText": source_text_key(meta.key),
        })
        self.nodes.upsert(*source_text_row(meta.key, self.doc.source))
        for key in (meta.revises, meta.implements):
            if key:
                self.known_instrument(key)

    def title_span(self) -> dict[str, Any]:
        """Where the title stands in the file (the evidence of a series renewal, see ``series.py``)."""
        span = locate_title(self.doc.source.text, self.meta.title)
        if span is None:
            return {}
        return {"titleStart": span[0], "titleEnd": span[1], "titleQuote": self.doc.source.text[span[0]:span[1]],
                "titlePages": self.page_index.pages_of(*span) or None}

    def known_instrument(self, key: str) -> None:
        known = self.context.instruments.get(key)
        labels = ("Instrument", "Program") if (known and known.kind == "program") or "program" in key else ("Instrument",)
        props = {"name": known.title if known else key, "title": known.title if known else None,
                 "date": known.date if known else None, "body": known.body if known else None}
        self.nodes.stub(labels, key, props)

    def paragraphs(self) -> None:
        last_resolution: Reference | None = None
        resolutions = [r for r in self.doc.references if r.kind in RESOLUTION_KINDS]
        for position, p in enumerate(self.doc.paragraphs):
            while resolutions and resolutions[0].end <= p.start:
                last_resolution = resolutions.pop(0)
            key, labels, props, date = self.paragraph_node(p, last_resolution)
            self.node_key[p.local_id] = key
            self.node_date[p.local_id] = date
            o_start, o_end = self.doc.clean.to_original(p.start, p.end)
            original = self.doc.source.text[o_start:o_end]
            self.nodes.upsert(labels, key, {
                "name": paragraph_name(p), "localId": p.local_id, "kind": p.kind, "number": p.number,
                # text is the cleaned paragraph; originalText (only where they differ) is the verbatim
                # slice [start, end) of the file, so any evidence span can be cut from the node alone
                "text": p.text, "originalText": original if original != p.text else None,
                "start": o_start, "end": o_end, "pages": self.page_index.pages_of(o_start, o_end),
                "position": position, "lead": p.lead,
                "actor": p.actor, "section": p.section, "attributedTo": p.attributed_to, "date": date,
                **{camel(k): v for k, v in p.extra.items()}, **props,
            })

    def paragraph_node(self, p: Paragraph, last_resolution: Reference | None
                       ) -> tuple[str, tuple[str, ...], dict[str, Any], str | None]:
        """Node key, labels, extra properties and date of a paragraph.

        A quoted passage belongs to the instrument it quotes; a row of a mandate table quotes an
        operative paragraph of the resolution the table is about; a work-plan activity belongs
        to the program the work plan implements and is dated by that program's adoption.
        """
        meta = self.meta
        if p.kind == "quote" and p.attributed_to:
            owner = self.quoted_instrument(p)
            if owner is not None:
                key, date = owner
                return quote_key(key, p.text), ("Paragraph",), {"document": key, "sourceDocument": meta.key}, date
        if p.kind == "table-row" and p.number and last_resolution is not None:
            ref = last_resolution
            reference_stub(self.nodes, ref)
            return (f"{ref.key}#op-{p.number}", ("Paragraph",),
                    {"document": ref.key, "sourceDocument": meta.key}, ref.attrs.get("year"))
        key = f"{meta.key}#{p.local_id}"
        if p.kind == "activity":
            program = self.program_of(p)
            date = meta.date
            if program and program != meta.key:
                known = self.context.instruments.get(program)
                date = known.date if known and known.date else date
            return key, ("Paragraph", "Activity"), {"document": meta.key, "program": program}, date
        return key, ("Paragraph",), {"document": meta.key}, meta.date

    def program_of(self, p: Paragraph) -> str | None:
        """The program an activity belongs to; a compact's action (an annex objective's lettered item)
        belongs to the resolution that adopts the compact."""
        if self.meta.genre == "program":
            return self.meta.key
        return self.meta.implements or (self.meta.key if p.extra.get("objective") else None)

    def quoted_instrument(self, p: Paragraph) -> tuple[str, str | None] | None:
        ref = summit_instrument_for(p.attributed_to or "")
        if ref is not None:
            summit_node(self.nodes, ref)
            return ref.key, ref.attrs.get("date")
        cited = [r for r in find_references(p.attributed_to or "") if r.kind in RESOLUTION_KINDS]
        if cited:
            reference_stub(self.nodes, cited[-1])
            return cited[-1].key, cited[-1].attrs.get("date") or cited[-1].attrs.get("year")
        return None

    # --- structure, citations, assignments ---------------------------------------------------
    def structure(self) -> None:
        by_id = {p.local_id: p for p in self.doc.paragraphs}
        for p in self.doc.paragraphs:
            key = self.node_key[p.local_id]
            parent = p.parent if p.parent in by_id else None
            owner = self.nodes.upserts[("Paragraph",)].get(key, {}).get("props", {}).get("document")
            if owner and owner != self.meta.key:
                target = owner  # a quoted passage is part of the instrument it quotes
            elif parent is not None:
                target = self.node_key[parent]
            else:
                target = self.meta.key
            # the paragraph's opening words as the evidence of its place (whole words, as any quote)
            self.edge("PART_OF", key, target, p, *window(p.start, p.end, p.start, p.start, 160, text=self.doc.clean.text),
                      f"structure:{p.kind}", 1.0)
            if owner and owner != self.meta.key and p.kind == "quote":
                quoting = self.node_key[parent] if parent is not None else self.meta.key
                self.edge("QUOTES", quoting, key, p, p.start, p.end, "quote-attributed", 0.9, focus=(p.start, p.start),
                          **self.quote_place(key))

    def quote_place(self, key: str) -> dict[str, Any]:
        """The passage's place in this document (``place*`` on its QUOTES link). The shared node
        holds its least-keyed quoting document's place; when that document is removed, the next
        one's place is restored from its link (see ``ingest.removal``)."""
        props = self.nodes.upserts[("Paragraph",)][key]["props"]
        return {f"place_{name}": props.get(name) for name in QUOTE_PLACE}

    def citations(self) -> None:
        by_id = {p.local_id: p for p in self.doc.paragraphs}
        direct = set()
        for ref in self.doc.references:
            p = self.doc.innermost(ref.start, ref.end)
            if p is not None:
                direct.add((p.local_id, ref.key))
        for ref in self.doc.references:
            p = self.doc.innermost(ref.start, ref.end)
            if p is None:
                continue
            target = reference_stub(self.nodes, ref)
            source = self.node_key[p.local_id]
            confidence = 0.5 if not ref.resolved else 0.8 if ref.attrs.get("partial") else 0.95
            s_start, s_end = self.sentence_of(p, ref.start, ref.end)
            self.edge("CITES", source, target, p, s_start, s_end, f"cite:{ref.kind}", confidence,
                      focus=(ref.start, ref.end), mention=ref.text)
            holder = by_id.get(p.parent or "") if p.kind == "footnote" else None
            if holder is not None and (holder.local_id, ref.key) not in direct:
                # cited only in the note its marker points to: the paragraph cites it, the note is the evidence
                self.edge("CITES", self.node_key[holder.local_id], target, p, s_start, s_end,
                          f"cite-footnote:{ref.kind}", confidence, focus=(ref.start, ref.end), mention=ref.text)
            if ref.kind == "summit" and ref.key != ref.attrs.get("summit"):
                self.edge("PART_OF", ref.key, ref.attrs["summit"], p, s_start, s_end, "summit-instrument", 0.95,
                          focus=(ref.start, ref.end))

    def assignments(self) -> None:
        paragraphs = self.doc.paragraphs
        for i, p in enumerate(paragraphs):
            if p.kind != "activity":
                continue
            key = self.node_key[p.local_id]
            program = self.program_of(p)
            intro = self.block_intro(paragraphs, i)
            if program:
                if program != self.meta.key:
                    self.known_instrument(program)
                if intro is not None:  # the block's "The Program assigns ..." sentence is the evidence
                    self.edge("ASSIGNS", program, key, intro, intro.start, intro.end, "work-plan-block", 0.95)
                else:
                    self.edge("ASSIGNS", program, key, p, p.start, p.end, "program-activity", 1.0,
                              focus=(p.start, p.start))
            self.assign_actor(p, key, intro if intro is not None else self.actor_heading(paragraphs, i))

    def block_intro(self, paragraphs: list[Paragraph], i: int) -> Paragraph | None:
        for q in reversed(paragraphs[:i]):
            if q.kind != "activity" and re.search(r"\bassign(?:s|ed)\b", q.text) and "activit" in q.text:
                return q
            if q.kind == "heading" and not q.extra.get("role"):
                return None
        return None

    def actor_heading(self, paragraphs: list[Paragraph], i: int) -> Paragraph | None:
        actor = paragraphs[i].actor
        if not actor:
            return None
        for q in reversed(paragraphs[:i]):
            if q.kind != "activity" and actor in q.text:
                return q
        return None

    def assign_actor(self, p: Paragraph, key: str, heading: Paragraph | None) -> None:
        if heading is None or not p.actor:
            if p.actor:
                self.warnings.append(f"{p.local_id}: actor {p.actor!r} has no heading to quote")
            return
        start = heading.start + max(0, heading.text.find(p.actor))
        bodies = self.doc.in_span(self.doc.bodies, heading.start, heading.end)
        in_actor = [b for b in bodies if start <= b.start < start + len(p.actor) + 1] or bodies
        if not in_actor:
            self.warnings.append(f"{p.local_id}: actor {p.actor!r} is not a known body")
            return
        for body in {b.body_key: b for b in in_actor}.values():
            body_node(self.nodes, body.body_key)
            self.edge("ASSIGNS", key, body.body_key, heading, heading.start, heading.end, "actor-heading", 0.95,
                      focus=(body.start, body.end), nameUsed=body.name_used)

    def table_assignments(self) -> None:
        for p in self.doc.paragraphs:
            area = p.extra.get("area_responsible")
            if p.kind != "table-row" or not area:
                continue
            at = p.text.find(area.split("\n")[0])
            if at < 0:
                continue
            span = (p.start + at, p.start + at + len(area))
            for body in {b.body_key: b for b in self.doc.in_span(self.doc.bodies, *span)}.values():
                body_node(self.nodes, body.body_key)
                self.edge("ASSIGNS", self.node_key[p.local_id], body.body_key, p, body.start, body.end,
                          "table-area-responsible", 0.8, nameUsed=body.name_used)

    # --- acts ----------------------------------------------------------------------------------
    def acts(self) -> None:
        resolutions_all = [r for r in self.doc.references if r.kind in RESOLUTION_KINDS]
        quote_spans: dict[str, list[tuple[int, int]]] = {}
        for p in self.doc.paragraphs:
            if p.kind == "quote" and p.parent:
                quote_spans.setdefault(p.parent, []).append((p.start, p.end))
        resolution_doc = self.meta.genre in {"resolution", "un-resolution"}
        # References do not overlap (parse drops nested ones), so their ends rise with their starts
        # and the last resolution ending before a sentence is found by bisection.
        ends = [r.end for r in resolutions_all]
        ends_sorted = all(a <= b for a, b in zip(ends, ends[1:]))
        for p in self.doc.paragraphs:
            if p.kind in SKIP_ACT_KINDS:
                continue
            self_acts = p.kind in {"quote", "table-row"} or (resolution_doc and p.kind in SELF_ACT_KINDS)
            date = self.node_date.get(p.local_id) or self.meta.date
            for sentence in self.sentences(p):
                if ends_sorted:
                    at = bisect.bisect_right(ends, sentence.start)
                    previous = resolutions_all[at - 1] if at else None
                else:
                    before = [r for r in resolutions_all if r.end <= sentence.start]
                    previous = before[-1] if before else None
                found = act_rules.read_acts(
                    sentence.text, sentence.start,
                    bodies=self.doc.in_span(self.doc.bodies, sentence.start, sentence.end),
                    resolutions=self.doc.in_span(resolutions_all, sentence.start, sentence.end),
                    self_acts=self_acts, self_date=date, previous_resolution=previous,
                )
                for act in found:
                    if any(s <= act.start < e for s, e in quote_spans.get(p.local_id, [])):
                        continue  # read in the quote's own paragraph, with the quoted instrument as subject
                    self.add_act(act, p, sentence.start, sentence.end)

    def add_act(self, act: act_rules.Act, p: Paragraph, s_start: int, s_end: int) -> None:
        if act.subject == "self":
            source = self.node_key[p.local_id]
        elif act.subject == "document":
            source = self.meta.key
        else:
            source = act.subject
            ref = self.reference(act.subject)
            if ref is not None:
                reference_stub(self.nodes, ref)
            elif source not in self.nodes.labels_of:
                return
        if act.target_kind == "body":
            target = body_node(self.nodes, act.target)
        elif act.target_kind == "program":
            program = self.context.program_at(act.subject_date, in_force=act.target == "in-force")
            if program is None:
                return
            self.known_instrument(program.key) if program.key != self.meta.key else None
            target = program.key
        elif act.target_kind == "paragraph":
            target = self.node_key[p.local_id]
        else:
            ref = self.reference(act.target)
            if ref is None:
                return
            target = reference_stub(self.nodes, ref)
        self.edge(act.type, source, target, p, s_start, s_end, act.rule, act.confidence, focus=(act.start, act.end))

    def revisions(self) -> None:
        if not self.meta.revises:
            return
        for p in self.doc.paragraphs:
            match = re.search(r"\b[Rr]eview(?:ing)?\b[^.]{0,40}?Inter-American Program", p.text)
            if match:
                self.edge("REVISES", self.meta.key, self.meta.revises, p, p.start + match.start(),
                          p.start + match.end(), "revises:manifest+review-sentence", 0.8)
                return
        self.warnings.append(f"{self.meta.key}: revises {self.meta.revises} (manifest) but no sentence says so")

    def build(self) -> DocumentGraph:
        self.document()
        self.paragraphs()
        self.structure()
        self.citations()
        self.assignments()
        self.table_assignments()
        self.acts()
        self.revisions()
        batch = WriteBatch()
        nodes_by_label: Counter[str] = Counter()
        for labels, rows in self.nodes.upserts.items():
            batch.add_nodes(labels, list(rows.values()))
            nodes_by_label[labels[-1]] += len(rows)
        upserted = {k for rows in self.nodes.upserts.values() for k in rows}
        for labels, rows in self.nodes.stubs.items():
            fresh = [r for k, r in rows.items() if k not in upserted]
            batch.add_nodes(labels, fresh, create_only=True)
            nodes_by_label[labels[-1]] += len(fresh)
        edges_by_type: Counter[str] = Counter()
        for (type_, source_label, target_label), rows in sorted(self.edges.items()):
            batch.add_relationships(type_, source_label, target_label, list(rows.values()))
            edges_by_type[type_] += len(rows)
        return DocumentGraph(self.meta.key, batch, nodes_by_label, edges_by_type, self.warnings)


def build_document_graph(doc: ParsedDocument, context: CorpusContext) -> DocumentGraph:
    """Nodes and evidence-backed edges of one parsed document, as one write batch."""
    return _Builder(doc, context).build()
