"""The graph schema as frozen data, and the validation every write goes through.

Labels are PascalCase, relationship types UPPER_SNAKE, properties camelCase (Neo4j
conventions). Every node is merged on ``key`` under its label's *merge label*: a cited
resolution first written as an ``Instrument`` stub and later ingested as a ``Document`` is
the same node because both merge on ``(:Instrument {key})``. Every relationship carries the
evidence properties in ``EVIDENCE_PROPERTIES``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping

from mandate_lineage.errors import SchemaError


@dataclass(frozen=True)
class NodeLabel:
    name: str
    description: str
    merge_label: str  # the label MERGE and MATCH use (indexed on ``key``)
    key: str = "key"


@dataclass(frozen=True)
class RelType:
    name: str
    description: str
    kind: str  # "institutional", "textual" or "structural": how a lineage hop is reported


@dataclass(frozen=True)
class Pattern:
    source: str
    type: str
    target: str


def _labels(*items: NodeLabel) -> Mapping[str, NodeLabel]:
    return MappingProxyType({item.name: item for item in items})


NODE_LABELS: Mapping[str, NodeLabel] = _labels(
    NodeLabel("Instrument", "Anything that can be cited: resolution, program, report, convention, summit instrument", "Instrument"),
    NodeLabel("Document", "An ingested text file (always also an Instrument)", "Instrument"),
    NodeLabel("Resolution", "A resolution of an OAS or UN organ", "Instrument"),
    NodeLabel("Program", "A program (e.g. the Inter-American Program on migrants), one node per version", "Instrument"),
    NodeLabel("WorkPlan", "A work plan implementing a program or mandate", "Instrument"),
    NodeLabel("SummitInstrument", "A Declaration or Plan of Action of a Summit of the Americas", "Instrument"),
    NodeLabel("Convention", "A treaty or protocol (Vienna Convention on Consular Relations, ...)", "Instrument"),
    NodeLabel("Summit", "A Summit of the Americas (an event with a date and place)", "Summit"),
    NodeLabel("Paragraph", "A structural unit of an instrument: preamble, operative paragraph, activity, quote", "Paragraph"),
    NodeLabel("Activity", "A numbered program activity (always also a Paragraph)", "Paragraph"),
    NodeLabel("Body", "An organ, office or collective addressee, one node across its names", "Body"),
    NodeLabel("SourceText", "The text a reader produced from a document's file (key '<document>#text'): "
              "every evidence offset and quote of the document refers to it", "SourceText"),
)

REL_TYPES: Mapping[str, RelType] = MappingProxyType(
    {
        r.name: r
        for r in (
            RelType("MANDATES", "An operative paragraph or commitment instructs a body, or mandates the subject", "institutional"),
            RelType("RENEWS", "A resolution renews an earlier mandate or resolution of its series", "institutional"),
            RelType("ASSIGNS", "A program or work plan assigns an activity; an activity assigns an actor", "institutional"),
            RelType("ADOPTS", "A resolution adopts a program or instrument", "institutional"),
            RelType("CREATES", "A resolution creates a body", "institutional"),
            RelType("REVISES", "A later version of an instrument revises an earlier one", "institutional"),
            RelType("CITES", "A text refers to another instrument", "institutional"),
            RelType("QUOTES", "A paragraph quotes the commitment of an earlier instrument", "textual"),
            RelType("ECHOES", "A later paragraph repeats or closely paraphrases an earlier one", "textual"),
            RelType("PART_OF", "Structure: paragraph of a document, instrument of a summit, body within a body", "structural"),
        )
    }
)

# A walk towards origins follows these types source -> target (the later text points at the
# earlier; a revision or renewal points at what it revises or renews); every other type is an
# act that points from the earlier act to what it led to, so the walk follows it backwards.
POINTS_UPSTREAM: frozenset[str] = frozenset(
    name for name, rel in REL_TYPES.items() if rel.kind in {"textual", "structural"}
) | {"REVISES", "RENEWS"}

_INSTRUMENTS = ("Instrument", "Document", "Resolution", "Program", "WorkPlan", "SummitInstrument", "Convention")
_TEXTS = ("Paragraph", "Activity")


def _patterns() -> frozenset[Pattern]:
    rows: list[tuple[Iterable[str], str, Iterable[str]]] = [
        (_INSTRUMENTS + _TEXTS, "CITES", _INSTRUMENTS + ("Summit",)),
        (_INSTRUMENTS + _TEXTS, "MANDATES", ("Body",) + _INSTRUMENTS + _TEXTS),
        (_INSTRUMENTS + _TEXTS, "RENEWS", _INSTRUMENTS + ("Body",)),
        (_INSTRUMENTS + _TEXTS, "ASSIGNS", _TEXTS + ("Body",)),
        (_INSTRUMENTS + _TEXTS, "ADOPTS", _INSTRUMENTS),
        (_INSTRUMENTS + _TEXTS, "CREATES", ("Body",) + _INSTRUMENTS),
        (_INSTRUMENTS, "REVISES", _INSTRUMENTS),
        (_INSTRUMENTS + _TEXTS, "QUOTES", _TEXTS),
        (_TEXTS, "ECHOES", _TEXTS),
        (_TEXTS, "PART_OF", _INSTRUMENTS + _TEXTS + ("Summit",)),  # a statement made at a summit
        (_INSTRUMENTS, "PART_OF", _INSTRUMENTS + ("Summit",)),
        (("Body",), "PART_OF", ("Body",)),
    ]
    return frozenset(Pattern(s, t, d) for sources, t, targets in rows for s in sources for d in targets)


PATTERNS: frozenset[Pattern] = _patterns()

# Evidence carried by every relationship (flattened: neither backend stores maps).
EVIDENCE_PROPERTIES: tuple[str, ...] = (
    "evidenceDocument",  # key of the document the evidence is read from
    "evidenceParagraph",  # key of the paragraph holding the quote
    "evidenceStart",  # start offset of the quote in the original file (str index)
    "evidenceEnd",  # end offset (exclusive)
    "evidenceQuote",  # the verbatim text original[start:end]
    "rule",  # name of the extraction rule that made the edge
    "confidence",  # 0..1
)
# Optional evidence: ``evidencePages``, the page numbers the quote stands on (paged sources only).

_PASCAL = re.compile(r"^[A-Z][A-Za-z0-9]*$")
_UPPER_SNAKE = re.compile(r"^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$")
_CAMEL = re.compile(r"^[a-z][A-Za-z0-9]*$")


def _check_conventions() -> None:
    for name in NODE_LABELS:
        assert _PASCAL.match(name), name
    for name in REL_TYPES:
        assert _UPPER_SNAKE.match(name), name


_check_conventions()


def node_label(name: str) -> NodeLabel:
    try:
        return NODE_LABELS[name]
    except KeyError:
        raise SchemaError(f"undeclared node label {name!r}; declared: {', '.join(sorted(NODE_LABELS))}") from None


def rel_type(name: str) -> RelType:
    try:
        return REL_TYPES[name]
    except KeyError:
        raise SchemaError(f"undeclared relationship type {name!r}; declared: {', '.join(sorted(REL_TYPES))}") from None


def merge_label_of(labels: Iterable[str]) -> str:
    """The one merge label shared by a node's labels (refuses a mix such as Paragraph + Body)."""
    merge = {node_label(name).merge_label for name in labels}
    if len(merge) != 1:
        raise SchemaError(f"labels {sorted(labels)} do not share one merge label (got {sorted(merge)})")
    return merge.pop()


def check_pattern(source: str, type_: str, target: str) -> None:
    node_label(source)
    node_label(target)
    rel_type(type_)
    if Pattern(source, type_, target) not in PATTERNS:
        raise SchemaError(f"pattern (:{source})-[:{type_}]->(:{target}) is not allowed by the schema")


_GOOD_NAMES: set[str] = set()  # property names found camelCase (a few dozen)
_INT64_MIN, _INT64_MAX = -(2**63), 2**63


def _check_props(where: Callable[[], str], props: Mapping[str, Any]) -> None:
    """``_check_value`` of every property; a scalar of a name seen before is checked inline
    (validation was a third of a bulk load's client time), anything else by ``_check_value``."""
    for name, value in props.items():
        kind = type(value)
        if name in _GOOD_NAMES and (
            (kind is str and "\x00" not in value) or value is None or kind is bool
            or (kind is int and _INT64_MIN <= value < _INT64_MAX) or (kind is float and math.isfinite(value))
        ):
            continue
        _check_value(where(), name, value)


def _check_value(where: str, name: str, value: Any) -> None:
    if name not in _GOOD_NAMES:
        if not _CAMEL.match(name):
            raise SchemaError(f"{where}: property name {name!r} is not camelCase")
        if type(name) is str and len(_GOOD_NAMES) < 10_000:
            _GOOD_NAMES.add(name)
    items = value if isinstance(value, list) else [value]
    for item in items:
        if item is None and not isinstance(value, list):
            continue
        if isinstance(item, bool) or isinstance(item, int):
            if isinstance(item, int) and not isinstance(item, bool) and not -(2**63) <= item < 2**63:
                raise SchemaError(f"{where}: property {name!r} integer out of int64 range")
            continue
        if isinstance(item, float):
            if not math.isfinite(item):
                raise SchemaError(f"{where}: property {name!r} is not a finite number")
            continue
        if isinstance(item, str):
            if "\x00" in item:
                raise SchemaError(f"{where}: property {name!r} contains a NUL character")
            continue
        raise SchemaError(
            f"{where}: property {name!r} has type {type(item).__name__}; only str, int, float, bool "
            "and lists of them can be stored (dates as ISO strings)"
        )


# Keys are unique across every label. Each backend enforces uniqueness per merge label (a
# constraint on ``key``); across labels it holds by construction, checked here on every row
# written, with no read of the store (so two concurrent ingests cannot both pass a check and then
# both write): a paragraph's key is '<document>#<id>' and its document's text '<document>#text',
# no other key has a '#'; a summit's key is 'summit:<ordinal>' or 'summit:special-<year>', no other
# key has that form; a body's key is one the gazetteer gives it (``reserve_keys``), no other node
# may take it.
_SUMMIT_KEY = re.compile(r"summit:(?:\d+|special-\d{4})")
_RESERVED: dict[str, str] = {}  # key -> the merge label it is reserved for


def reserve_keys(merge_label: str, keys: Iterable[str]) -> None:
    """Keys only nodes of ``merge_label`` may take (the body gazetteer's)."""
    for key in keys:
        _RESERVED[key] = merge_label


def check_key_form(merge: str, key: str) -> None:
    """Refuse a key that is another merge label's by its form (see above)."""
    owner = _RESERVED.get(key)
    if owner is None and _SUMMIT_KEY.fullmatch(key):
        owner, form = "Summit", "'summit:<ordinal>' or 'summit:special-<year>'"
    elif owner is None and "#" in key:
        owner = "SourceText" if key.endswith("#text") else "Paragraph"
        form = "'<document>#text'" if owner == "SourceText" else "'<document>#<id>'"
    else:
        form = "the gazetteer's"
    if owner is not None and owner != merge:
        raise SchemaError(f"key {key!r} is reserved for a {owner} ({form}); a {merge} node may not take it")
    if owner is None and merge in ("Summit", "Paragraph", "SourceText"):
        raise SchemaError(f"{merge} key {key!r} is not of a {merge}'s form")


def validate_node_rows(labels: tuple[str, ...], rows: Iterable[Mapping[str, Any]]) -> None:
    """Refuse rows that the schema does not allow: undeclared labels, missing keys, bad values."""
    merge = merge_label_of(labels)
    for row in rows:
        key = row.get("key")
        if not isinstance(key, str) or not key:
            raise SchemaError(f"node :{':'.join(labels)} needs a non-empty string 'key', got {key!r}")
        check_key_form(merge, key)
        _check_props(lambda key=key: f"node {key}", row.get("props", {}))


def validate_rel_rows(source: str, type_: str, target: str, rows: Iterable[Mapping[str, Any]]) -> None:
    """Refuse relationships outside the declared patterns or without complete evidence."""
    check_pattern(source, type_, target)
    for row in rows:
        for end in ("source", "target", "key"):
            if not isinstance(row.get(end), str) or not row[end]:
                raise SchemaError(f"relationship :{type_} needs a non-empty string {end!r}")
        props = row.get("props", {})
        missing = [name for name in EVIDENCE_PROPERTIES if props.get(name) in (None, "")]
        if missing:
            raise SchemaError(f"relationship :{type_} {row['key']} lacks evidence: {', '.join(missing)}")
        start, end = props["evidenceStart"], props["evidenceEnd"]
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end):
            raise SchemaError(f"relationship :{type_} {row['key']} has a bad evidence span {start!r}..{end!r}")
        confidence = props["confidence"]
        if not isinstance(confidence, (int, float)) or not 0.0 <= confidence <= 1.0:
            raise SchemaError(f"relationship :{type_} {row['key']} confidence {confidence!r} not in [0, 1]")
        _check_props(lambda row=row: f"relationship {row['key']}", props)


# Lookups the named queries make besides ``key`` (label, property): a document's paragraphs,
# activities by number and program.
SECONDARY_INDEXES: tuple[tuple[str, str], ...] = (
    ("Paragraph", "document"),
    ("Paragraph", "sourceDocument"),
    ("Activity", "number"),
    ("Activity", "program"),
)


# Relationship lookups (type, property): every edge a document wrote is found by the documents named
# in its evidence (a list: one relationship per (source, type, target) holds every document's
# evidence, see graph/evidence.py), so replacing or removing a document costs that document's
# edges, not a scan of every relationship of the store. FalkorDB indexes arrays of scalars.
RELATIONSHIP_INDEXES: tuple[tuple[str, str], ...] = tuple((name, "evidenceDocuments") for name in REL_TYPES)


# Full-text indexes, by merge label: the string properties searched (``mandates search``,
# ``GET /search``). Both backends index strings only, so a Body's lists of names and acronyms are
# matched by the search module itself (bodies are few).
FULLTEXT_FIELDS: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "Paragraph": ("text", "name"),
    "Instrument": ("name", "title", "symbol"),
    "Summit": ("name", "city"),
})


def merge_labels() -> tuple[str, ...]:
    """Labels that carry the ``key`` index and uniqueness constraint."""
    return tuple(sorted({label.merge_label for label in NODE_LABELS.values()}))
