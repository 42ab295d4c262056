"""Node rows: the document, its paragraphs, stubs for what it cites, summits and bodies.

Rows are plain ``{"key", "props"}`` dicts grouped by label tuple; property names are camelCase
and values primitives (the schema refuses anything else).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..gazetteers.bodies import get_body
from ..gazetteers.summits import load_summits
from ..model import Paragraph, Reference

# Labels of a cited instrument by reference kind (all merge on :Instrument).
REFERENCE_LABELS: dict[str, tuple[str, ...]] = {
    "oas-res": ("Resolution",),
    "un-ga-res": ("Resolution",),
    "un-hrc-res": ("Resolution",),
    "un-cpd-res": ("Resolution",),
    "un-ecosoc-res": ("Resolution",),
    "un-chr-res": ("Resolution",),
    "iachr-res": ("Resolution",),
    "un-res": ("Resolution",),
    "un-sc-res": ("Resolution",),
    "convention": ("Convention",),
}
RESOLUTION_KINDS = frozenset(k for k, v in REFERENCE_LABELS.items() if v == ("Resolution",))
_CAMEL_PART = re.compile(r"[_\-\s]+([a-z0-9])")


# What a quoted passage's node takes from the document quoting it: its wording there (the key
# ignores case and punctuation), its place and the words introducing it. Several documents may
# quote one passage: the node holds one's, each QUOTES link its own as ``place*``.
QUOTE_PLACE = ("name", "localId", "number", "text", "originalText", "start", "end", "pages", "position", "lead",
               "actor", "section", "attributedTo")


def camel(name: str) -> str:
    """``declared_count`` -> ``declaredCount``."""
    return _CAMEL_PART.sub(lambda m: m.group(1).upper(), name)


def clean_props(props: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values so an upsert never blanks a property another document set."""
    return {k: v for k, v in props.items() if v is not None and v != "" and v != []}


@dataclass
class NodeRows:
    """Node rows being collected for one batch; the last write of a key in a group wins."""

    upserts: dict[tuple[str, ...], dict[str, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    stubs: dict[tuple[str, ...], dict[str, dict[str, Any]]] = field(default_factory=lambda: defaultdict(dict))
    labels_of: dict[str, str] = field(default_factory=dict)  # key -> the label its edges MATCH on

    def upsert(self, labels: tuple[str, ...], key: str, props: dict[str, Any]) -> None:
        self.upserts[labels][key] = {"key": key, "props": clean_props(props)}
        self.labels_of.setdefault(key, labels[-1])

    def stub(self, labels: tuple[str, ...], key: str, props: dict[str, Any]) -> None:
        if key in self.labels_of:
            return  # already written whole by this batch
        self.stubs[labels][key] = {"key": key, "props": clean_props({**props, "stub": True})}
        self.labels_of[key] = labels[-1]

    def label(self, key: str) -> str:
        return self.labels_of[key]


def reference_stub(rows: NodeRows, ref: Reference) -> str:
    """Make sure the cited instrument exists (a stub unless ingested); return its key."""
    if ref.kind == "summit":
        return summit_node(rows, ref)
    labels = ("Instrument",) + tuple(label for label in REFERENCE_LABELS.get(ref.kind, ()) if label != "Instrument")
    attrs = {camel(k): v for k, v in ref.attrs.items() if isinstance(v, str) and k not in {"warning", "matched_by"}}
    rows.stub(labels, ref.key, {
        **attrs,
        "name": ref.label,
        "symbol": ref.label if ref.kind not in {"convention"} else None,
        "referenceKind": ref.kind,
        "resolved": ref.resolved,
        "date": ref.attrs.get("date") or ref.attrs.get("year"),
    })
    return ref.key


def summit_node(rows: NodeRows, ref: Reference) -> str:
    """Summit (and instrument) nodes from the summits gazetteer: reference data, written whole."""
    summit = next(s for s in load_summits() if s.key == ref.attrs["summit"])
    rows.upsert(("Summit",), summit.key, {
        "name": f"{summit.ordinal_word} Summit of the Americas",
        "label": summit.label,
        "city": summit.city,
        "country": summit.country,
        "date": summit.start.isoformat(),
        "endDate": summit.end.isoformat(),
        "ordinal": summit.ordinal,
    })
    if ref.key == summit.key:
        return summit.key
    instrument = next(i for i in summit.instruments if i.key == ref.key)
    rows.upsert(("Instrument", "SummitInstrument"), instrument.key, {
        "name": ref.label,
        "title": instrument.name,
        "instrumentType": instrument.type,
        "summit": summit.key,
        "date": summit.start.isoformat(),
        "stub": False,
    })
    return instrument.key


def body_node(rows: NodeRows, key: str) -> str:
    """A body from the gazetteer: one node across its names (the name on a date is on the edges)."""
    body = get_body(key)
    rows.upsert(("Body",), key, {
        "name": body.name,
        "names": [n.name for n in body.names],
        # when each name held, aligned with names ("" where the gazetteer does not say)
        "namesFrom": [n.valid_from.isoformat() if n.valid_from else "" for n in body.names],
        "namesTo": [n.valid_to.isoformat() if n.valid_to else "" for n in body.names],
        "acronyms": sorted({a for n in body.names for a in n.acronyms}),
        "organisation": body.organisation,
        "bodyKind": body.kind,
        "parent": body.parent,
    })
    return key


def quote_key(instrument_key: str, text: str) -> str:
    """A quoted passage belongs to the quoted instrument; the same passage quoted twice is one node."""
    normal = re.sub(r"\W+", " ", text.lower()).strip()
    return f"{instrument_key}#q-{hashlib.sha1(normal.encode()).hexdigest()[:10]}"


def paragraph_name(paragraph: Paragraph) -> str:
    """A short human name: "op. 18.a", "activity 28", "quote: "Seek full respect for ..."."""
    if paragraph.kind == "quote":
        text = " ".join(paragraph.text.split())
        return "quote: " + (text if len(text) <= 60 else text[:57].rsplit(" ", 1)[0] + " ...")
    if paragraph.kind == "table-row" and paragraph.number:
        return f"op. {paragraph.number}"  # a mandate table row quotes an operative paragraph
    return _structural_name(paragraph)


def _structural_name(paragraph: Paragraph) -> str:
    names = {"operative": "op.", "subparagraph": "op.", "preamble": "preamble", "activity": "activity",
             "objective": "objective", "footnote": "footnote", "table-row": "table row", "quote": "quote"}
    label = names.get(paragraph.kind, paragraph.kind)
    if paragraph.kind == "subparagraph" and paragraph.parent:
        return f"op. {paragraph.parent.split('-')[-1]}.{paragraph.number}"
    return f"{label} {paragraph.number}" if paragraph.number else f"{label} {paragraph.local_id}"
