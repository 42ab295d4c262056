"""Shared machinery of the gazetteers (bodies, summits, conventions): data loading and matching.

A gazetteer turns a list of known surface forms ("Permanent Council", "IACHR", "Vienna Convention
on Consular Relations") into one :class:`PhraseIndex`, built once and cached by its owner. The
index scans a text in one left-to-right pass over its word tokens: each token's lower-cased form
looks up the (few) phrases that start with it, and only those are tried, anchored at the token.

What a scan guarantees:

* **Leftmost, then longest.** At the first token where some phrase matches, the longest match
  wins; the scan resumes after it, so matches never overlap.
* **Whitespace-insensitive.** Any whitespace run (a hard-wrapped line, several spaces) matches a
  single space of the phrase; a hyphen matches ``-`` optionally followed by a line break, or a
  space ("Inter-American", "Inter-\\nAmerican", "Inter American"), and a space matches a hyphen
  ("Secretary General", "Secretary-General"); ", " matches with or without
  the comma; an apostrophe matches ``'`` or ``\u2019``. Offsets are into the text as given.
* **Whole words.** A match starts at a token boundary, never right after ``word-`` (so "American
  Convention" is not found inside "Inter-American Convention"), and never ends inside a word.
* **Case.** Names match case-insensitively; acronyms (and any form registered ``case_sensitive``)
  match exactly. An acronym is refused inside a document symbol: when the run of
  ``[A-Za-z0-9/.-]`` around it holds a digit ("CP/CAJP-2038/03", "CIDI/CAM/doc.1/12",
  "CAJP/GT/TM-16/04"), while "GT/TM/IACHR/" (a list of areas) still yields both acronyms.
* **Context.** A form may carry an ``accept(text, start, end)`` predicate, checked before the
  match is taken (used for generic words such as "States").
"""

from __future__ import annotations

import datetime as _dt
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any, Generic, TypeVar

from mandate_lineage.errors import ConfigError

P = TypeVar("P")

Accept = Callable[[str, int, int], bool]

_TOKEN = re.compile(r"[A-Za-z0-9]+")
_FIRST_TOKEN = re.compile(r"[A-Za-z0-9]+")
# One piece of a phrase: whitespace, a hyphen, a comma with its space, an apostrophe, or a run
# of anything else (escaped literally).
_PIECE = re.compile(r"\s+|-|,\s+|['\u2019]|[^\s\-,'\u2019]+|,")
_SYMBOL_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/.-")
_ACRONYM_LIKE = re.compile(r"[A-Z0-9][A-Z0-9/\-]*\Z")


def load_toml(name: str) -> dict[str, Any]:
    """Parse ``ingest/data/<name>`` (package data)."""
    path = resources.files("mandate_lineage.ingest") / "data" / name
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read gazetteer data {name}: {exc}") from exc


def parse_iso_date(value: object, *, where: str) -> _dt.date:
    """A ``YYYY-MM-DD`` string (or a TOML date) as a ``date``; ``ConfigError`` otherwise."""
    if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise ConfigError(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)")


def coerce_date(value: str | _dt.date) -> _dt.date:
    """A document date as a ``date``.

    Accepts ``YYYY-MM-DD``, and the partial forms ``YYYY-MM`` and ``YYYY`` (read as the first
    day of the month or year: a document known only as "2005" is taken as dated before the
    December 2005 renamings). ``ValueError`` for anything else.
    """
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    text = value.strip()
    if re.fullmatch(r"\d{4}", text):
        text += "-01-01"
    elif re.fullmatch(r"\d{4}-\d{2}", text):
        text += "-01"
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"not an ISO date: {value!r} (expected YYYY-MM-DD, YYYY-MM or YYYY)")
    return _dt.date.fromisoformat(text)


def is_acronym_like(form: str) -> bool:
    """True for forms written in capitals only ("IACHR", "GT/TM", "CIDI-CAM", "UDHR")."""
    return bool(_ACRONYM_LIKE.match(form))


def phrase_regex(phrase: str) -> str:
    """The regex source that matches ``phrase`` as described in the module docstring.

    Example: ``"Inter-American Children's Institute"`` becomes
    ``Inter(?:-\\s*|\\s+)American(?:\\s+|\\s*-\\s*)Children['’]s(?:\\s+|\\s*-\\s*)Institute``
    followed by ``(?![A-Za-z0-9])``.
    """
    parts: list[str] = []
    for piece in _PIECE.findall(phrase):
        if piece.isspace():
            parts.append(r"(?:\s+|\s*-\s*)")
        elif piece == "-":
            parts.append(r"(?:-\s*|\s+)")
        elif piece.startswith(",") and piece[1:].isspace():
            parts.append(r",?\s+")
        elif piece in ("'", "\u2019"):
            parts.append("['\u2019]")
        else:
            parts.append(re.escape(piece))
    source = "".join(parts)
    if phrase and phrase[-1].isalnum():
        source += "(?![A-Za-z0-9])"
    return source


def inside_symbol(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` sits in a run of symbol characters holding a digit elsewhere."""
    i = start
    while i > 0 and text[i - 1] in _SYMBOL_CHARS:
        i -= 1
    j = end
    n = len(text)
    while j < n and text[j] in _SYMBOL_CHARS:
        j += 1
    return any(c.isdigit() for c in text[i:start]) or any(c.isdigit() for c in text[end:j])


@dataclass(frozen=True)
class _Form(Generic[P]):
    surface: str
    pattern: re.Pattern[str]
    payload: P
    case_sensitive: bool
    accept: Accept | None


@dataclass(frozen=True)
class Match(Generic[P]):
    """One phrase found in a text: its span, the matched text and what the phrase stands for."""

    start: int
    end: int
    text: str
    surface: str  # the registered form that matched
    payload: P


class PhraseIndex(Generic[P]):
    """Surface forms indexed by their first word token; see the module docstring.

    Build it with :meth:`add` and then only read it (:meth:`scan`); the owners cache one
    instance per gazetteer.
    """

    def __init__(self) -> None:
        self._by_first: dict[str, list[_Form[P]]] = {}
        self._count = 0
        self._firsts: re.Pattern[str] | None = None  # made on the first scan after an ``add``

    def __len__(self) -> int:
        return self._count

    def add(
        self,
        surface: str,
        payload: P,
        *,
        case_sensitive: bool = False,
        accept: Accept | None = None,
    ) -> None:
        """Register ``surface`` (a name, alias or acronym) standing for ``payload``."""
        first = _FIRST_TOKEN.match(surface)
        if first is None:
            raise ConfigError(f"gazetteer form {surface!r} does not start with a letter or digit")
        flags = 0 if case_sensitive else re.IGNORECASE
        form = _Form(surface, re.compile(phrase_regex(surface), flags), payload, case_sensitive, accept)
        self._by_first.setdefault(first.group().lower(), []).append(form)
        self._count += 1
        self._firsts = None

    def _first_tokens(self) -> re.Pattern[str]:
        """The tokens of ``_TOKEN`` (whole runs of ASCII letters and digits) that some form starts
        with, as one regex: the scan visits only those, not every word of the text. ASCII
        matching, as ``_TOKEN`` and ``str.lower`` of its ASCII runs."""
        if self._firsts is None:
            words = sorted(self._by_first, key=lambda w: (-len(w), w))
            alternatives = "|".join(map(re.escape, words)) if words else "(?!)"  # no form: never
            self._firsts = re.compile(r"(?<![A-Za-z0-9])(?:" + alternatives + r")(?![A-Za-z0-9])",
                                      re.IGNORECASE | re.ASCII)
        return self._firsts

    def scan(self, text: str) -> Iterator[Match[P]]:
        """Every match in ``text``, leftmost then longest, without overlaps."""
        resume = 0
        by_first = self._by_first
        for tok in self._first_tokens().finditer(text):
            start = tok.start()
            if start < resume:
                continue
            forms = by_first[tok.group().lower()]
            # never inside a hyphenated word ("Inter-American" is not "American ...")
            if start >= 2 and text[start - 1] == "-" and text[start - 2].isalnum():
                continue
            best: tuple[int, _Form[P]] | None = None
            for form in forms:
                m = form.pattern.match(text, start)
                if m is None:
                    continue
                end = m.end()
                if best is not None and end <= best[0]:
                    continue
                if form.case_sensitive and inside_symbol(text, start, end):
                    continue
                if form.accept is not None and not form.accept(text, start, end):
                    continue
                best = (end, form)
            if best is not None:
                end, form = best
                resume = end
                yield Match(start, end, text[start:end], form.surface, form.payload)

    def forms(self) -> Iterable[tuple[str, P]]:
        """Every registered (surface, payload), for tests and introspection."""
        for forms in self._by_first.values():
            for form in forms:
                yield form.surface, form.payload
