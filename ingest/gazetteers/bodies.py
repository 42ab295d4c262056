"""Bodies gazetteer: find organs, offices and collective addressees, each resolved to one key.

The facts live in ``ingest/data/bodies.toml`` (see its header for the format). Public API:

* :func:`load_bodies` - every :class:`Body` (frozen), in file order; cached.
* :func:`get_body` - one body by key.
* :func:`body_names_on` - the names a body held on a date.
* :func:`find_bodies` - every body mention in a cleaned text, as :class:`~.model.BodyMention`.

Choices made by :func:`find_bodies` (beyond the scanning rules of :mod:`.gazetteer`):

* **One key per mention.** A form shared by bodies of different organisations ("General
  Assembly", "Secretary General"/"Secretary-General", "States", "member states", "Governments")
  goes to the body of ``organisation`` when given; otherwise to the organisation that most
  unambiguous mentions in the same text belong to (an OAS resolution names the IACHR and the
  CAJP, a UN one the Human Rights Council and OHCHR); on a tie, to the body listed first in the
  data (the OAS one).
* **name_used is the name on the document's date.** With ``on_date``, a mention of a renamed
  body reports the name the body held on that date: "Office for the Promotion of Democracy" in
  a 2007 text resolves to ``oas:department-promotion-democracy`` with name_used "Department for
  the Promotion of Democracy". The mention's ``text`` keeps what the document says. Without
  ``on_date`` (or when no name of the body covers the date), name_used is the official name of
  the name entry that matched ("IACHR" -> "Inter-American Commission on Human Rights").
* **Name and acronym together.** "Inter-American Commission on Human Rights (IACHR)" is one
  mention spanning the parenthesis, not two.
* **Short forms** (``short`` in the data: "Special Committee", "Office of the High Commissioner")
  name a body only after the text has named it by another form, and only when no other body of
  that short form was named before: "Requests the Special Committee to continue" in a resolution
  that opened with the Special Committee's full name; no mention when the text did not say which.
* **Generic words.** "member states" (any case) is always the collective; "States" and
  "Governments" only capitalised; lower-case "states"/"governments" only in an addressee
  position (after urge/request/encourage/invite/instruct/call upon/entrust/recommend, optionally
  followed by all/the/those/other: "To urge states that ...", "Calls upon States", or before
  "would": "they established that governments would:"). Never a collective: "United States",
  "Organization of American States", a possessive ("member States' poor") or "States Parties" /
  "states parties" - the parties to one treaty are not the collective addressee, and the treaty
  is what the paragraph is about.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from mandate_lineage.errors import ConfigError, NotFound
from mandate_lineage.graph import schema

from ..model import BodyMention
from .gazetteer import PhraseIndex, coerce_date, load_toml, parse_iso_date

__all__ = [
    "Body",
    "BodyName",
    "body_names_on",
    "find_bodies",
    "get_body",
    "load_bodies",
]

DATA_FILE = "bodies.toml"


@dataclass(frozen=True)
class BodyName:
    """One name a body held, with its other spellings and the period it held (``to`` exclusive)."""

    name: str
    acronyms: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    addressee: tuple[str, ...] = ()
    short: tuple[str, ...] = ()
    valid_from: _dt.date | None = None
    valid_to: _dt.date | None = None

    def holds_on(self, day: _dt.date) -> bool:
        """True when the body bore this name on ``day``."""
        if self.valid_from is not None and day < self.valid_from:
            return False
        if self.valid_to is not None and day >= self.valid_to:
            return False
        return True

    def all_forms(self) -> tuple[str, ...]:
        """Every string that names the body under this name (name, acronyms, aliases, ...)."""
        return (self.name, *self.acronyms, *self.aliases, *self.exact, *self.addressee)


@dataclass(frozen=True)
class Body:
    """One organ, office or collective addressee: one graph node across all its names."""

    key: str
    organisation: str
    kind: str
    names: tuple[BodyName, ...]
    parent: str | None = None
    source: str | None = None

    @property
    def name(self) -> str:
        """The latest official name."""
        return self.names[-1].name

    def names_on(self, day: _dt.date) -> tuple[BodyName, ...]:
        """The names held on ``day`` (empty before the first or after the last)."""
        return tuple(n for n in self.names if n.holds_on(day))


# ----------------------------------------------------------------------------------------------
# loading
# ----------------------------------------------------------------------------------------------


def _str_tuple(raw: dict[str, Any], field: str, where: str) -> tuple[str, ...]:
    value = raw.get(field, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}: {field!r} must be a list of non-empty strings")
    return tuple(value)


def _parse_name(raw: dict[str, Any], where: str) -> BodyName:
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f"{where}: every name needs a non-empty 'name'")
    unknown = set(raw) - {"name", "acronyms", "aliases", "exact", "addressee", "short", "from", "to"}
    if unknown:
        raise ConfigError(f"{where}: unknown fields {sorted(unknown)}")
    valid_from = parse_iso_date(raw["from"], where=f"{where} from") if "from" in raw else None
    valid_to = parse_iso_date(raw["to"], where=f"{where} to") if "to" in raw else None
    if valid_from and valid_to and valid_from >= valid_to:
        raise ConfigError(f"{where}: 'from' {valid_from} is not before 'to' {valid_to}")
    return BodyName(
        name=name,
        acronyms=_str_tuple(raw, "acronyms", where),
        aliases=_str_tuple(raw, "aliases", where),
        exact=_str_tuple(raw, "exact", where),
        addressee=_str_tuple(raw, "addressee", where),
        short=_str_tuple(raw, "short", where),
        valid_from=valid_from,
        valid_to=valid_to,
    )


def _check_no_overlap(key: str, names: tuple[BodyName, ...]) -> None:
    """Names with dates must follow one another: name i ends on or before name i+1 begins."""
    dated = [n for n in names if n.valid_from or n.valid_to]
    for earlier, later in zip(dated, dated[1:]):
        if earlier.valid_to is None or later.valid_from is None or earlier.valid_to > later.valid_from:
            raise ConfigError(f"{key}: names {earlier.name!r} and {later.name!r} overlap in time")


def parse_bodies(data: dict[str, Any]) -> tuple[Body, ...]:
    """Validate the parsed TOML and build the bodies; ``ConfigError`` on any inconsistency."""
    bodies: list[Body] = []
    seen: set[str] = set()
    for i, raw in enumerate(data.get("bodies", [])):
        key = raw.get("key")
        where = f"{DATA_FILE} body #{i + 1} ({key})"
        if not isinstance(key, str) or not re.fullmatch(r"[a-z][a-z-]*:[a-z0-9][a-z0-9-]*", key):
            raise ConfigError(f"{where}: key must look like 'org:slug'")
        if key in seen:
            raise ConfigError(f"{where}: duplicate key")
        seen.add(key)
        for field in ("organisation", "kind"):
            if not isinstance(raw.get(field), str) or not raw[field]:
                raise ConfigError(f"{where}: missing {field!r}")
        raw_names = raw.get("names") or []
        if not raw_names:
            raise ConfigError(f"{where}: a body needs at least one name")
        names = tuple(_parse_name(n, f"{where} name #{j + 1}") for j, n in enumerate(raw_names))
        _check_no_overlap(key, names)
        bodies.append(
            Body(
                key=key,
                organisation=raw["organisation"],
                kind=raw["kind"],
                names=names,
                parent=raw.get("parent"),
                source=raw.get("source"),
            )
        )
    for body in bodies:
        if body.parent is not None and body.parent not in seen:
            raise ConfigError(f"{body.key}: parent {body.parent!r} is not a body")
    return tuple(bodies)


@lru_cache(maxsize=1)
def load_bodies() -> tuple[Body, ...]:
    """Every body of ``bodies.toml``, validated, in file order (cached); their keys are reserved
    for Body nodes (no document may take one)."""
    bodies = parse_bodies(load_toml(DATA_FILE))
    schema.reserve_keys("Body", (b.key for b in bodies))
    return bodies


@lru_cache(maxsize=1)
def _by_key() -> dict[str, Body]:
    return {b.key: b for b in load_bodies()}


def get_body(key: str) -> Body:
    """The body with this key; ``NotFound`` if the gazetteer has none."""
    try:
        return _by_key()[key]
    except KeyError:
        raise NotFound(f"no body {key!r} in the gazetteer") from None


def body_names_on(key: str, on_date: str | _dt.date) -> tuple[BodyName, ...]:
    """The names body ``key`` held on ``on_date`` (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``).

    Empty when the date falls outside every dated name (before the body existed).
    """
    return get_body(key).names_on(coerce_date(on_date))


# ----------------------------------------------------------------------------------------------
# matching
# ----------------------------------------------------------------------------------------------

# An addressee position: the verb of an operative paragraph right before the collective.
_ADDRESSEE_BEFORE = re.compile(
    r"""\b(?:urge[sd]?|request(?:s|ed)?|encourage[sd]?|invite[sd]?|instruct(?:s|ed)?|
          entrust(?:s|ed)?|recommend(?:s|ed)?|call(?:s|ed)?\s*(?:up)?on)   # "Callsupon" (OCR)
        \s+(?:all\s+|the\s+|those\s+|other\s+)?\Z""",
    re.IGNORECASE | re.VERBOSE,
)
_WOULD_AFTER = re.compile(r"\s+would\b")
_POSSESSIVE_AFTER = re.compile(r"['\u2019]")
_PARTIES_AFTER = re.compile(r"\s+part(?:y|ies)\b", re.IGNORECASE)
_NOT_COLLECTIVE_BEFORE = re.compile(r"\b(?:United|American)\s+\Z", re.IGNORECASE)


def _collective_ok(text: str, start: int, end: int) -> bool:
    if _POSSESSIVE_AFTER.match(text, end) or _PARTIES_AFTER.match(text, end):
        return False
    return not _NOT_COLLECTIVE_BEFORE.search(text, max(0, start - 20), start)


def _addressee_ok(text: str, start: int, end: int) -> bool:
    if not _collective_ok(text, start, end):
        return False
    if _WOULD_AFTER.match(text, end):
        return True
    return bool(_ADDRESSEE_BEFORE.search(text, max(0, start - 40), start))


@dataclass(frozen=True)
class _Group:
    """The bodies one surface form may name (several only across organisations)."""

    candidates: tuple[tuple[Body, BodyName], ...]
    short: bool = False  # a short form: names one of them only once the text has named it in full


def _norm(form: str) -> str:
    return " ".join(re.sub(r"[-,]", " ", form).split())


@lru_cache(maxsize=1)
def _index() -> PhraseIndex[_Group]:
    # Group identical forms first, so a shared form is registered once with all its bodies.
    groups: dict[tuple[str, str], list[tuple[Body, BodyName]]] = {}
    order: list[tuple[str, str, str]] = []  # (mode, normalised, first surface)
    for body in load_bodies():
        for bname in body.names:
            modes = (
                [("name", f) for f in (bname.name, *bname.aliases)]
                + [("acronym", f) for f in bname.acronyms]
                + [("exact", f) for f in bname.exact]
                + [("addressee", f) for f in bname.addressee]
                + [("short", f) for f in bname.short]
            )
            for mode, form in modes:
                norm = form if mode in ("acronym", "exact", "short") else _norm(form).lower()
                gkey = (mode, norm)
                if gkey not in groups:
                    groups[gkey] = []
                    order.append((mode, norm, form))
                if all(b.key != body.key for b, _ in groups[gkey]):
                    groups[gkey].append((body, bname))
    index: PhraseIndex[_Group] = PhraseIndex()
    for mode, norm, surface in order:
        cands = tuple(groups[(mode, norm)])
        collective = any(b.kind == "collective" for b, _ in cands)
        if mode == "addressee":
            accept = _addressee_ok
        elif collective:
            accept = _collective_ok
        else:
            accept = None
        index.add(surface, _Group(cands, short=mode == "short"), case_sensitive=mode in ("acronym", "exact", "short"),
                  accept=accept)
    return index


def _organisations() -> frozenset[str]:
    return frozenset(b.organisation for b in load_bodies())


def _resolve(
    group: _Group, organisation: str | None, inferred: str | None
) -> tuple[Body, BodyName]:
    cands = group.candidates
    if len(cands) == 1:
        return cands[0]
    for org in (organisation, inferred):
        if org is not None:
            picked = [c for c in cands if c[0].organisation == org]
            if len(picked) == 1:
                return picked[0]
    return cands[0]


_PAREN_OPEN = re.compile(r"\s*\(\s*\Z")
_PAREN_CLOSE = re.compile(r"\s*\)")


def find_bodies(
    text: str, *, on_date: str | None = None, organisation: str | None = None
) -> list[BodyMention]:
    """Every body mentioned in ``text`` (cleaned), in order, each resolved to one body key.

    ``on_date`` (``YYYY-MM-DD``, or ``YYYY-MM``/``YYYY``) is the document's date: it chooses
    ``name_used`` for renamed bodies. ``organisation`` ("OAS", "UN") is the issuing
    organisation: it resolves forms shared across organisations. See the module docstring for
    every rule. ``ValueError`` for a malformed date or an organisation the gazetteer lacks.
    """
    day = coerce_date(on_date) if on_date is not None else None
    if organisation is not None and organisation not in _organisations():
        raise ValueError(
            f"unknown organisation {organisation!r}; expected one of {sorted(_organisations())}"
        )
    matches = list(_index().scan(text))

    votes = Counter(
        m.payload.candidates[0][0].organisation
        for m in matches
        if len(m.payload.candidates) == 1 and m.payload.candidates[0][0].organisation in ("OAS", "UN")
    )
    ranked = votes.most_common(2)
    inferred = ranked[0][0] if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]) else None

    resolved: list[tuple[int, int, Body, BodyName]] = []
    named: set[str] = set()  # bodies the text has named in full so far
    for m in matches:
        if m.payload.short:
            # "the Special Committee" after "the Special Committee on the Situation with regard to
            # ... Colonial Countries and Peoples": the body named in full before it, when exactly
            # one body of that short form was; otherwise no mention (the text did not say which).
            before = [c for c in m.payload.candidates if c[0].key in named]
            if len(before) != 1:
                continue
            body, bname = before[0]
            resolved.append((m.start, m.end, body, bname))
            continue
        body, bname = _resolve(m.payload, organisation, inferred)
        named.add(body.key)
        prev = resolved[-1] if resolved else None
        if (
            prev is not None
            and prev[2].key == body.key
            and _PAREN_OPEN.match(text, prev[1], m.start)
            and (close := _PAREN_CLOSE.match(text, m.end))
        ):
            # "Name (ACR)": one mention, spanning the closing parenthesis
            resolved[-1] = (prev[0], close.end(), prev[2], prev[3])
            continue
        resolved.append((m.start, m.end, body, bname))

    mentions = []
    for start, end, body, bname in resolved:
        name_used = bname.name
        if day is not None and not bname.holds_on(day):
            held = body.names_on(day)
            if held:
                name_used = held[0].name
        mentions.append(BodyMention(body.key, name_used, start, end, text[start:end]))
    return mentions
