"""Summits of the Americas: find references to a summit or to one of its instruments.

Facts live in ``ingest/data/summits.toml``. Public API:

* :func:`load_summits` - every :class:`Summit` (frozen), in file order; cached.
* :func:`find_summits` - every summit reference in a cleaned text, as :class:`~.model.Reference`
  (kind ``"summit"``).
* :func:`summit_instrument_for` - the instrument a quotation's introducing sentence names.

What is recognised (case-insensitive, any whitespace run for a space; "Summit" may be followed
by "of the Americas"):

* an ordinal: "Third Summit of the Americas", "the Second Summit", "Special Summit"; with an
  optional ", held in Quebec City" / "in Mar del Plata" kept in the span -> ``summit:3``;
* a city: "Summit held in Quebec City", "Santiago Summit" -> ``summit:3``, ``summit:2``;
  "the Santiago and Quebec City Summits" -> two references;
* an instrument by name: "Declaration of Santiago", "Declaration of Nuevo León" (the Special
  Summit, Monterrey 2004), "Lima Commitment" -> ``summit:2:declaration`` ...; a trailing "of the
  Special Summit of the Americas" is kept in the span;
* an instrument by summit: "Plan of Action of the Third Summit", "Declaration of the Fourth
  Summit" -> ``summit:3:plan-of-action``, ``summit:4:declaration``; by city: "Plan of Action
  adopted in Quebec City", "Santiago Plan of Action";
* an anaphor: "its Plan of Action", "their Plan of Action", "that Summit's Plan of Action"
  -> the plan of action of the summit referred to last, if that was within
  :data:`ANAPHORA_WINDOW` characters and that summit has a plan of action; otherwise nothing.

Matches never overlap: the leftmost wins, then the longest. A reference to an instrument is
one reference (key ``summit:N:<type>``) whose ``attrs["summit"]`` names the summit, not two.
Not recognised: "Summits of the Americas" (the process), a bare "the Summit".
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from mandate_lineage.errors import ConfigError

from ..model import Reference
from .gazetteer import load_toml, parse_iso_date

__all__ = [
    "Instrument",
    "Summit",
    "find_summits",
    "load_summits",
    "summit_instrument_for",
]

DATA_FILE = "summits.toml"
ANAPHORA_WINDOW = 1500  # characters back to the summit an anaphoric "its Plan of Action" means

ORDINAL_WORDS = {
    1: "First",
    2: "Second",
    3: "Third",
    4: "Fourth",
    5: "Fifth",
    6: "Sixth",
    7: "Seventh",
    8: "Eighth",
    9: "Ninth",
}
INSTRUMENT_TYPES = ("plan-of-action", "declaration", "commitment")


@dataclass(frozen=True)
class Instrument:
    """A text a summit adopted (declaration, plan of action, commitment)."""

    key: str
    type: str
    name: str
    summit_key: str
    aliases: tuple[str, ...] = ()
    generic: bool = False


@dataclass(frozen=True)
class Summit:
    """One Summit of the Americas."""

    key: str
    city: str
    country: str
    start: _dt.date
    end: _dt.date
    instruments: tuple[Instrument, ...] = ()
    ordinal: int | None = None
    special: bool = False
    region: str | None = None
    city_aliases: tuple[str, ...] = ()

    @property
    def ordinal_word(self) -> str:
        """ "Third", or "Special" for a special summit."""
        return "Special" if self.special else ORDINAL_WORDS[self.ordinal or 0]

    @property
    def label(self) -> str:
        """ "Third Summit of the Americas (Quebec City, 2001)"."""
        return f"{self.ordinal_word} Summit of the Americas ({self.city}, {self.start.year})"

    def instrument(self, type_: str) -> Instrument | None:
        """This summit's (first) instrument of ``type_``, if it adopted one."""
        return next((i for i in self.instruments if i.type == type_), None)


def parse_summits(data: dict[str, Any]) -> tuple[Summit, ...]:
    """Validate the parsed TOML and build the summits; ``ConfigError`` on any inconsistency."""
    summits: list[Summit] = []
    keys: set[str] = set()
    for i, raw in enumerate(data.get("summits", [])):
        key = raw.get("key")
        where = f"{DATA_FILE} summit #{i + 1} ({key})"
        special = bool(raw.get("special", False))
        ordinal = raw.get("ordinal")
        if special:
            if ordinal is not None or not re.fullmatch(r"summit:special-\d{4}", str(key)):
                raise ConfigError(f"{where}: a special summit has no ordinal and a key summit:special-YYYY")
        elif not (isinstance(ordinal, int) and ordinal in ORDINAL_WORDS and key == f"summit:{ordinal}"):
            raise ConfigError(f"{where}: key must be summit:<ordinal 1-9>")
        if key in keys:
            raise ConfigError(f"{where}: duplicate key")
        keys.add(key)
        start = parse_iso_date(raw.get("start"), where=f"{where} start")
        end = parse_iso_date(raw.get("end"), where=f"{where} end")
        if end < start:
            raise ConfigError(f"{where}: ends before it starts")
        instruments = []
        for j, ri in enumerate(raw.get("instruments", [])):
            iwhere = f"{where} instrument #{j + 1}"
            if ri.get("type") not in INSTRUMENT_TYPES:
                raise ConfigError(f"{iwhere}: type must be one of {INSTRUMENT_TYPES}")
            if ri.get("key") != f"{key}:{ri['type']}" or ri["key"] in keys:
                raise ConfigError(f"{iwhere}: key must be '{key}:{ri['type']}' and unique")
            keys.add(ri["key"])
            instruments.append(
                Instrument(
                    key=ri["key"],
                    type=ri["type"],
                    name=ri["name"],
                    summit_key=key,
                    aliases=tuple(ri.get("aliases", ())),
                    generic=bool(ri.get("generic", False)),
                )
            )
        summits.append(
            Summit(
                key=key,
                city=raw["city"],
                country=raw["country"],
                start=start,
                end=end,
                instruments=tuple(instruments),
                ordinal=ordinal,
                special=special,
                region=raw.get("region"),
                city_aliases=tuple(raw.get("city_aliases", ())),
            )
        )
    return tuple(summits)


@lru_cache(maxsize=1)
def load_summits() -> tuple[Summit, ...]:
    """Every summit of ``summits.toml``, validated, in file order (cached)."""
    return parse_summits(load_toml(DATA_FILE))


# ----------------------------------------------------------------------------------------------
# patterns, built once from the data
# ----------------------------------------------------------------------------------------------


def _words(phrase: str) -> str:
    """Regex for a phrase: any whitespace run for a space, an optional accent on e/o."""
    out = []
    for ch in phrase:
        if ch.isspace():
            out.append(r"\s+")
        elif ch in "eé":
            out.append("[eé]")
        elif ch in "oó":
            out.append("[oó]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _alternation(phrases: dict[str, str]) -> str:
    """``(?:a|b|...)`` longest first, for a phrase -> value table."""
    return "(?:" + "|".join(_words(p) for p in sorted(phrases, key=len, reverse=True)) + ")"


@dataclass(frozen=True)
class _Patterns:
    by_ordinal: dict[str, Summit]  # "third" -> summit
    by_city: dict[str, Summit]  # "quebec city" -> summit
    by_instrument_name: dict[str, Instrument]  # "declaration of santiago" -> instrument
    instrument_named: re.Pattern[str]
    instrument_of_summit: re.Pattern[str]
    plan_of_city: re.Pattern[str]
    summit_by_ordinal: re.Pattern[str]
    summit_by_city: re.Pattern[str]
    two_cities: re.Pattern[str]
    anaphor: re.Pattern[str]
    # first word (lower-cased) -> names of the patterns that can start with it; the scan only
    # tries a pattern at the tokens that can start it (one pass over the words, not one pass
    # of every pattern over every character)
    starters: dict[str, tuple[str, ...]]


_WORD = re.compile(r"\w+")


def _first_words(phrases: Iterable[str]) -> set[str]:
    """Lower-cased first words, with and without accents ("québec", "quebec")."""
    words = {_WORD.match(p).group().lower() for p in phrases}  # type: ignore[union-attr]
    return words | {_fold(w) for w in words}


def _fold(s: str) -> str:
    return " ".join(s.lower().replace("é", "e").replace("ó", "o").split())


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    summits = load_summits()
    by_ordinal = {_fold(s.ordinal_word): s for s in summits}
    by_city: dict[str, Summit] = {}
    by_name: dict[str, Instrument] = {}
    for s in summits:
        for city in (s.city, *s.city_aliases):
            by_city[_fold(city)] = s
        for ins in s.instruments:
            if not ins.generic:
                for name in (ins.name, *ins.aliases):
                    by_name[_fold(name)] = ins
    ORD = _alternation({s.ordinal_word: "" for s in summits})
    CITY = _alternation({c: "" for s in summits for c in (s.city, *s.city_aliases)})
    NAME = _alternation({n: "" for n in by_name})
    S = r"Summit(?:\s+of\s+the\s+Americas)?(?![A-Za-z])"
    HELD = rf"(?:,?\s+(?:held\s+)?in\s+(?P<held>{CITY})(?![A-Za-z]))?"
    TYPE = r"(?P<type>Plan\s+of\s+Action|Declaration\s+of\s+Principles|Declaration\s+of\s+Commitment|Declaration|Commitment)"
    flags = re.IGNORECASE
    cities = [c for s in summits for c in (s.city, *s.city_aliases)]
    starts: dict[str, set[str]] = {
        "instrument_named": _first_words(by_name),
        "instrument_of_summit": {"plan", "declaration", "commitment"},
        "plan_of_city": {"plan"} | _first_words(cities),
        "summit_by_ordinal": _first_words(s.ordinal_word for s in summits),
        "summit_by_city": {"summit"} | _first_words(cities),
        "two_cities": _first_words(cities),
        "anaphor": {"its", "their", "that", "the"},
    }
    starters: dict[str, list[str]] = {}
    for pattern_name, words in starts.items():
        for word in words:
            starters.setdefault(word, []).append(pattern_name)
    return _Patterns(
        starters={w: tuple(names) for w, names in starters.items()},
        by_ordinal=by_ordinal,
        by_city=by_city,
        by_instrument_name=by_name,
        # "Declaration of Nuevo León of the Special Summit of the Americas"
        instrument_named=re.compile(
            rf"\b(?P<name>{NAME})(?![A-Za-z])"
            rf"(?:,?\s+(?:of|adopted\s+(?:at|by)|at)\s+the\s+(?P<ord>{ORD})\s+{S})?",
            flags,
        ),
        # "Plan of Action of the Second Summit of the Americas, held in Santiago"
        instrument_of_summit=re.compile(
            rf"\b{TYPE}\s+(?:of|adopted\s+at|approved\s+at)\s+the\s+(?P<ord>{ORD})\s+{S}{HELD}",
            flags,
        ),
        # "Plan of Action adopted in Quebec City", "Santiago Plan of Action"
        plan_of_city=re.compile(
            rf"\bPlan\s+of\s+Action\s+(?:adopted|approved|agreed)\s+(?:in|at)\s+(?P<city>{CITY})(?![A-Za-z])"
            rf"|\b(?P<city2>{CITY})\s+Plan\s+of\s+Action\b",
            flags,
        ),
        # "Third Summit of the Americas, held in Quebec City"
        summit_by_ordinal=re.compile(rf"\b(?P<ord>{ORD})\s+{S}{HELD}", flags),
        # "Summit held in Quebec City", "Santiago Summit"
        summit_by_city=re.compile(
            rf"\bSummit(?:\s+of\s+the\s+Americas)?,?\s+held\s+in\s+(?P<city>{CITY})(?![A-Za-z])"
            rf"|\b(?P<city2>{CITY})\s+Summit(?![A-Za-z])",
            flags,
        ),
        # "the Santiago and Quebec City Summits"
        two_cities=re.compile(rf"\b(?P<c1>{CITY})\s+and\s+(?P<c2>{CITY})\s+Summits\b", flags),
        # "its Plan of Action" (not "its Plan of Action of the ...", matched above)
        anaphor=re.compile(
            r"\b(?:its|their|that\s+Summit['\u2019]s|the\s+Summit['\u2019]s)\s+Plan\s+of\s+Action\b"
            r"(?!\s+(?:of|adopted|approved|agreed)\b)",
            flags,
        ),
    )


def _summit_ref(summit: Summit, start: int, end: int, text: str, how: str) -> Reference:
    return Reference(
        kind="summit",
        key=summit.key,
        start=start,
        end=end,
        text=text[start:end],
        label=summit.label,
        attrs={"summit": summit.key, "date": summit.start.isoformat(), "city": summit.city, "matched_by": how},
    )


def _instrument_ref(ins: Instrument, start: int, end: int, text: str, how: str) -> Reference:
    summit = next(s for s in load_summits() if s.key == ins.summit_key)
    name = ins.name if not ins.generic else f"{ins.name} of the {summit.ordinal_word} Summit of the Americas"
    return Reference(
        kind="summit",
        key=ins.key,
        start=start,
        end=end,
        text=text[start:end],
        label=f"{name} ({summit.city}, {summit.start.year})",
        attrs={
            "summit": summit.key,
            "instrument": ins.type,
            "date": summit.start.isoformat(),
            "city": summit.city,
            "matched_by": how,
        },
    )


# ----------------------------------------------------------------------------------------------
# what each pattern's match stands for
# ----------------------------------------------------------------------------------------------

_Cand = tuple[int, int, list[Reference]]


def _from_instrument_named(p: _Patterns, m: re.Match[str], text: str) -> list[_Cand]:
    ins = p.by_instrument_name[_fold(m.group("name"))]
    ordinal = m.group("ord")
    end = m.end()
    if ordinal is not None and p.by_ordinal[_fold(ordinal)].key != ins.summit_key:
        end = m.end("name")  # "of the <other> Summit": not this instrument's summit
    return [(m.start(), end, [_instrument_ref(ins, m.start(), end, text, "name")])]


def _from_instrument_of_summit(p: _Patterns, m: re.Match[str], text: str) -> list[_Cand]:
    summit = p.by_ordinal[_fold(m.group("ord"))]
    word = _fold(m.group("type"))
    type_ = "plan-of-action" if word.startswith("plan") else "commitment" if word == "commitment" else "declaration"
    ins = summit.instrument(type_)
    if ins is not None:
        return [(m.start(), m.end(), [_instrument_ref(ins, m.start(), m.end(), text, "ordinal")])]
    # the summit adopted no such instrument: still a reference to the summit
    s = m.start("ord")
    return [(s, m.end(), [_summit_ref(summit, s, m.end(), text, "ordinal")])]


def _from_plan_of_city(p: _Patterns, m: re.Match[str], text: str) -> list[_Cand]:
    ins = p.by_city[_fold(m.group("city") or m.group("city2"))].instrument("plan-of-action")
    if ins is None:
        return []
    return [(m.start(), m.end(), [_instrument_ref(ins, m.start(), m.end(), text, "city")])]


def _from_summit_by_ordinal(p: _Patterns, m: re.Match[str], text: str) -> list[_Cand]:
    summit = p.by_ordinal[_fold(m.group("ord"))]
    return [(m.start(), m.end(), [_summit_ref(summit, m.start(), m.end(), text, "ordinal")])]


def _from_summit_by_city(p: _Patterns, m: re.Match[str], text: str) -> list[_Cand]:
    summit = p.by_city[_fold(m.group("city") or m.group("city2"))]
    return [(m.start(), m.end(), [_summit_ref(summit, m.start(), m.end(), text, "city")])]


def _from_two_cities(p: _Patterns, m: re.Match[str], text: str) -> list[_Cand]:
    first = p.by_city[_fold(m.group("c1"))]
    second = p.by_city[_fold(m.group("c2"))]
    refs = [
        _summit_ref(first, m.start("c1"), m.end("c1"), text, "city"),
        _summit_ref(second, m.start("c2"), m.end(), text, "city"),
    ]
    return [(m.start(), m.end(), refs)]


def _from_anaphor(p: _Patterns, m: re.Match[str], text: str) -> list[_Cand]:
    return [(m.start(), m.end(), [])]


_BUILDERS = {
    "instrument_named": _from_instrument_named,
    "instrument_of_summit": _from_instrument_of_summit,
    "plan_of_city": _from_plan_of_city,
    "summit_by_ordinal": _from_summit_by_ordinal,
    "summit_by_city": _from_summit_by_city,
    "two_cities": _from_two_cities,
    "anaphor": _from_anaphor,
}


# Every pattern holds one of these words, and starts at most _LOOKBEHIND characters before it
# ("Santiago and Quebec City Summits", "Los Angeles Declaration", "Plan of Action"): only the
# words of those windows are tried, which keeps a scan of 60 KB at a few milliseconds.
_ANCHORS = ("summit", "declaration", "commitment", "action")
_LOOKBEHIND = 80


def _windows(text: str) -> list[tuple[int, int]]:
    """Merged [lo, hi) spans where a reference may start (word-aligned)."""
    low = text.lower()
    if len(low) != len(text):  # a character whose lower case is longer: scan everything
        return [(0, len(text))]
    spans = []
    for word in _ANCHORS:
        i = low.find(word)
        while i != -1:
            lo = max(0, i - _LOOKBEHIND)
            while lo > 0 and (text[lo - 1].isalnum() or text[lo - 1] == "_"):
                lo -= 1
            spans.append((lo, i + len(word)))
            i = low.find(word, i + len(word))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for lo, hi in spans:
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def find_summits(text: str) -> list[Reference]:
    """Every reference to a summit or a summit instrument in ``text``, in order (module docstring)."""
    p = _patterns()
    # (start, end, references) candidates; an empty list marks an anaphor, resolved below
    cands: list[tuple[int, int, list[Reference]]] = []
    for lo, hi in _windows(text):
        for tok in _WORD.finditer(text, lo, hi):
            names = p.starters.get(tok.group().lower())
            if names is None:
                continue
            for name in names:
                m = getattr(p, name).match(text, tok.start())
                if m is not None:
                    cands.extend(_BUILDERS[name](p, m, text))

    # leftmost, then longest, no overlaps
    cands.sort(key=lambda c: (c[0], -(c[1] - c[0])))
    refs: list[Reference] = []
    resume = 0
    for start, end, built in cands:
        if start < resume:
            continue
        resume = end
        if built:
            refs.extend(built)
            continue
        last = refs[-1] if refs else None
        if last is None or start - last.end > ANAPHORA_WINDOW:
            continue
        summit = next(s for s in load_summits() if s.key == last.attrs["summit"])
        ins = summit.instrument("plan-of-action")
        if ins is not None:
            refs.append(_instrument_ref(ins, start, end, text, "anaphora"))
    return refs


def summit_instrument_for(sentence: str) -> Reference | None:
    """The summit instrument named by the sentence that introduces a quotation.

    "In the Plan of Action of the Second Summit of the Americas, held in Santiago, Chile, in
    April 1998, they established that governments would:" -> ``summit:2:plan-of-action``.
    The first instrument reference of the sentence wins (the source is named before anything
    the sentence says about it: "In the Plan of Action adopted in Quebec City, ... reaffirming
    the commitments made in 1998 at the Santiago Summit" is the Quebec City plan). With no
    instrument named, the first summit reference (the instrument is then unknown: "At the Third
    Summit of the Americas, the Heads of State and Government recognized ..."); else ``None``.
    """
    refs = find_summits(sentence)
    for ref in refs:
        if "instrument" in ref.attrs:
            return ref
    return refs[0] if refs else None
