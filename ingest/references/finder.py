"""Find the instruments a text cites and normalise each to one deterministic key.

Public API: ``find_references(text, *, self_keys=...)`` and ``parse_symbol(symbol)``.
The patterns live in ``patterns.py``; this module only turns matches into ``Reference``s.

Keys (lowercase, readable, stable across runs):

========== ======================================== =========================================
kind       example text                             key
========== ======================================== =========================================
oas-res    ``AG/RES. 2141 (XXXV-O/05)``             ``oas:ag-res-2141-xxxv-o-05``
oas-res    ``AG/RES. 2141`` (no session: partial)   ``oas:ag-res-2141``
oas-doc    ``CAJP/GT/TM-24/05 rev.7``               ``oas:cajp-gt-tm-24-05-rev-7``
oas-doc    ``AG/doc. XXX/07`` (placeholder)         ``unresolved:ag-doc-xxx-07``
exec-order ``Executive Order No. 05-13 Rev. 1``     ``oas:exec-order-05-13-rev-1``
iacthr-oc  ``advisory opinion OC-16/99``            ``iacthr:oc-16-99``
un-ga-res  ``resolution 67/172``, ``A/RES/67/172``  ``un:a-res-67-172``
un-ga-res  ``resolution 1514 (XV)``                 ``un:a-res-1514-xv``
un-hrc-res ``Human Rights Council resolution 23/20`` ``un:hrc-res-23-20``
un-cpd-res ``Commission on Population and Development resolutions 2006/2`` ``un:cpd-res-2006-2``
un-ecosoc-res ``Economic and Social Council resolution 2004/53`` ``un:ecosoc-res-2004-53``
un-chr-res ``Commission on Human Rights resolution 2005/47`` ``un:chr-res-2005-47``
iachr-res  ``IACHR Resolution 1/20``                ``iachr:res-1-20``
un-res     ``resolution 2005/47`` (no body named)   ``unresolved:un-res-2005-47``
un-doc     ``A/68/283/Add.1``                       ``un:a-68-283-add-1``
========== ======================================== =========================================

Decisions worth knowing:

- A bare ``AG/RES. 2141`` gets the *partial* key ``oas:ag-res-2141`` with
  ``attrs["partial"] == "true"``. Every OAS resolution reference, partial or full, carries
  ``attrs["base"] == "oas:ag-res-<number>"``, so the resolver links a partial key to the full key
  with the same base (regular-session numbers are unique; special sessions number their own
  resolutions from 1, so a base may, rarely, be ambiguous: prefer the regular session).
- Session check: the Nth regular session met in 1970 + N. A year that disagrees is recorded in
  ``attrs["warning"]``; ``attrs["year"]`` keeps the year as written.
- A UN resolution number is assigned to a body by, in order: the body named just before
  "resolution(s)"; for "its resolution(s)", the body of the previous named citation in the same
  clause (paragraph or ``;``-delimited); otherwise the number's form: ``NN/NN`` with NN >= 31 and
  ``NNNN (S)`` with S <= XXX are General Assembly forms, anything else (``2005/47``, ``23/20``) is
  an unresolved ``un-res`` with a warning. ``attrs["body_from"]`` says which rule decided.
- Lettered parts and annexes do not change the key (``attrs["part"]``, ``attrs["annex"]``).
- A reference never spans more than what it cites: in a list ("resolutions 66/128 ... and
  67/185 ...") each later item's span is its own number (and date).
"""

from __future__ import annotations

import bisect
import datetime
import re
from typing import Callable, Iterable, Iterator

from ..model import Reference
from . import patterns as p
from .decisions import find_decisions, with_paragraphs
from .roman import from_roman

__all__ = ["find_references", "parse_symbol"]

# When two candidates cover the same span, the more specific kind wins (lower is better).
_PRIORITY = {"un-doc": 90, "oas-doc": 80, "un-ga-dec": 70}
_MONTH_NAMES = "January February March April May June July August September October November December"
_MONTHS = {name: number for number, name in enumerate(_MONTH_NAMES.split(), start=1)}


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def find_references(text: str, *, self_keys: frozenset[str] = frozenset()) -> list[Reference]:
    """Every reference in ``text``, sorted by start, without overlaps (the longest match wins).

    References to the document itself (key in ``self_keys``, or a partial ``AG/RES. N`` whose
    base is the base of a key in ``self_keys``) are dropped.
    """
    candidates = [ref for finder in _FINDERS for ref in finder(text)]
    kept = _drop_overlaps(with_paragraphs(text, candidates))
    return [ref for ref in kept if not _is_self(ref, self_keys)]


def parse_symbol(symbol: str) -> Reference | None:
    """Normalise a bare symbol (from a manifest) or ``None`` if it is not exactly one reference.

    ``parse_symbol("AG/RES. 2141 (XXXV-O/05)").key == "oas:ag-res-2141-xxxv-o-05"``. Offsets are
    into the stripped symbol; a trailing ``.``, ``,`` or ``;`` is tolerated.
    """
    stripped = symbol.strip()
    for candidate in (stripped, stripped.rstrip(".,;").rstrip()):
        refs = find_references(candidate)
        if len(refs) == 1 and refs[0].start == 0 and refs[0].end == len(candidate):
            return refs[0]
    return None


# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------


def _slug(value: str) -> str:
    """``"CAJP/GT/TM-24/05 rev.7" -> "cajp-gt-tm-24-05-rev-7"``."""
    return re.sub(r"[^0-9a-z]+", "-", value.lower()).strip("-")


def _squash(value: str) -> str:
    """Remove every whitespace character (NBSP and line breaks included)."""
    return re.sub(r"\s+", "", value)


def _year(yy: str) -> int:
    """Two-digit years pivot at 70 (the OAS General Assembly first met in 1971)."""
    number = int(yy)
    if len(yy) == 4:
        return number
    return 1900 + number if number >= 70 else 2000 + number


def _date(match: re.Match[str]) -> str | None:
    """ISO date of a ``DATE_REGEX`` match inside ``match``, or ``None``."""
    groups = match.groupdict()
    for day, month, year in (("day", "month", "year"), ("day_us", "month_us", "year_us")):
        if groups.get(day):
            try:
                return datetime.date(
                    int(groups[year]), _MONTHS[groups[month]], int(groups[day])
                ).isoformat()
            except ValueError:  # 31 February and the like: keep the reference, drop the date
                return None
    return None


def _ref(
    kind: str,
    key: str,
    text: str,
    start: int,
    end: int,
    label: str,
    attrs: dict[str, str | None],
    *,
    resolved: bool = True,
) -> Reference:
    return Reference(
        kind=kind,
        key=key,
        start=start,
        end=end,
        text=text[start:end],
        label=label,
        resolved=resolved,
        attrs={name: value for name, value in attrs.items() if value is not None},
    )


def _lead(pattern: re.Pattern[str], text: str, start: int) -> re.Match[str]:
    """The longest match of a ``*_LEAD`` pattern ending exactly at ``start`` (maybe empty).

    Lead patterns are all-optional and end in ``\\Z``, so there is always a match.
    """
    match = pattern.search(text, max(0, start - p.LEAD_WINDOW), start)
    if match is None:
        raise ValueError(f"lead pattern {pattern.pattern!r} must match the empty string")
    return match


def _drop_overlaps(candidates: list[Reference]) -> list[Reference]:
    """Longest first (ties: specific kind, then earlier start), keep what does not overlap."""
    starts: list[int] = []  # the chosen spans, kept sorted and disjoint
    chosen: list[Reference] = []
    ordered = sorted(
        candidates, key=lambda r: (r.start - r.end, _PRIORITY.get(r.kind, 0), r.start)
    )
    for ref in ordered:
        at = bisect.bisect_right(starts, ref.start)
        if at > 0 and chosen[at - 1].end > ref.start:
            continue  # overlaps the chosen span that starts before it
        if at < len(chosen) and chosen[at].start < ref.end:
            continue  # overlaps the chosen span that starts after it
        starts.insert(at, ref.start)
        chosen.insert(at, ref)
    return chosen


def _is_self(ref: Reference, self_keys: frozenset[str]) -> bool:
    if ref.key in self_keys:
        return True
    if ref.attrs.get("partial") == "true":
        return any(key.startswith(ref.key + "-") for key in self_keys)
    return False


# ---------------------------------------------------------------------------------------------
# OAS General Assembly resolutions
# ---------------------------------------------------------------------------------------------


def _session_attrs(numeral: str, session_type: str, yy: str) -> dict[str, str | None]:
    """Session number, type and year, with a warning when they disagree."""
    session = from_roman(numeral)
    year = _year(yy)
    regular = session_type.upper() != "E"
    warning = None
    if session is None:
        warning = f"session numeral {numeral!r} is not a well-formed Roman numeral"
    elif regular and 1970 + session != year:
        warning = f"regular session {numeral} met in {1970 + session}, the symbol says {year}"
    return {
        "session": str(session) if session is not None else None,
        "session_numeral": numeral,
        "session_type": "regular" if regular else "special",
        "year": str(year),
        "warning": warning,
    }


def _oas_res_ref(match: re.Match[str], text: str, start: int) -> Reference:
    number = str(int(match["number"]))
    base = f"oas:ag-res-{number}"
    attrs: dict[str, str | None] = {"number": number, "base": base, "date": _date(match)}
    if match["session"] is None:
        attrs["partial"] = "true"
        return _ref("oas-res", base, text, start, match.end(), f"AG/RES. {number}", attrs)
    numeral = match["session"].upper()
    letter = "E" if match["session_type"].upper() == "E" else "O"  # "0" is an OCR O
    yy = match["yy"][-2:]
    attrs.update(_session_attrs(numeral, letter, match["yy"]))
    key = f"{base}-{numeral.lower()}-{letter.lower()}-{yy}"
    label = f"AG/RES. {number} ({numeral}-{letter}/{yy})"
    return _ref("oas-res", key, text, start, match.end(), label, attrs)


def _oas_resolutions(text: str) -> Iterator[Reference]:
    """``AG/RES. N (S-O/YY)``, then any later list items written without ``AG/RES.``."""
    for match in p.OAS_RES.finditer(text):
        yield _oas_res_ref(match, text, match.start())
        pos = match.end() if match["session"] else -1
        while pos >= 0 and (item := p.OAS_RES_CONTINUATION.match(text, pos)) is not None:
            yield _oas_res_ref(item, text, item.start("number"))
            pos = item.end()


# ---------------------------------------------------------------------------------------------
# OAS documents and executive orders
# ---------------------------------------------------------------------------------------------


def _oas_doc_ref(match: re.Match[str], text: str) -> Reference:
    series = _squash(match["series"]).upper()
    number = match["number"].upper()
    yy = match["yy"].upper()
    placeholder = "X" in number or not yy.isdigit()
    core = f"{series}/doc. {number}/{yy}" if match["doc"] else f"{series}-{number}/{yy}"
    key_parts = [series, "doc" if match["doc"] else "", number, yy if yy.isdigit() else "xx"]
    attrs: dict[str, str | None] = {
        "series": series,
        "number": number,
        "year": str(_year(yy)) if yy.isdigit() else None,
    }
    label = core
    if match["suffix"]:
        suffix = match["suffix"].lower()
        key_parts += [suffix, match["suffix_number"]]
        label = f"{core} {suffix}. {match['suffix_number']}"
        attrs[suffix] = match["suffix_number"]
    key = _slug("-".join(part for part in key_parts if part))
    if placeholder:
        attrs["warning"] = "placeholder symbol, not yet assigned"
        return _ref(
            "oas-doc", f"unresolved:{key}", text, match.start(), match.end(), label, attrs,
            resolved=False,
        )
    return _ref("oas-doc", f"oas:{key}", text, match.start(), match.end(), label, attrs)


def _oas_documents(text: str) -> Iterator[Reference]:
    for match in p.OAS_DOC.finditer(text):
        yield _oas_doc_ref(match, text)


def _executive_orders(text: str) -> Iterator[Reference]:
    for match in p.EXEC_ORDER.finditer(text):
        number = f"{match['yy']}-{match['number']}"
        key = f"oas:exec-order-{number}"
        label = f"Executive Order No. {number}"
        attrs: dict[str, str | None] = {"number": number, "year": str(_year(match["yy"]))}
        if match["suffix"]:
            suffix = match["suffix"].lower()
            key += f"-{suffix}-{match['suffix_number']}"
            label += f" {suffix.capitalize()}. {match['suffix_number']}"
            attrs[suffix] = match["suffix_number"]
        yield _ref("exec-order", key, text, match.start(), match.end(), label, attrs)


# ---------------------------------------------------------------------------------------------
# Inter-American Court advisory opinions
# ---------------------------------------------------------------------------------------------


def _advisory_opinions(text: str) -> Iterator[Reference]:
    for match in p.IACTHR_OC.finditer(text):
        number = str(int(match["number"]))
        yy = match["yy"][-2:]
        attrs: dict[str, str | None] = {
            "number": number, "year": str(_year(match["yy"])), "date": _date(match),
        }
        start = _lead(p.IACTHR_OC_LEAD, text, match.start()).start()
        yield _ref(
            "iacthr-oc", f"iacthr:oc-{number}-{yy}", text, start, match.end(),
            f"OC-{number}/{yy}", attrs,
        )


# ---------------------------------------------------------------------------------------------
# UN (and IACHR) resolutions cited by number
# ---------------------------------------------------------------------------------------------

# body -> (kind, key prefix, label template); "{n}" is the normalised number.
_BODIES: dict[str, tuple[str, str, str]] = {
    "ga": ("un-ga-res", "un:a-res-", "A/RES/{n}"),
    "hrc": ("un-hrc-res", "un:hrc-res-", "A/HRC/RES/{n}"),
    "cpd": ("un-cpd-res", "un:cpd-res-", "CPD resolution {n}"),
    "ecosoc": ("un-ecosoc-res", "un:ecosoc-res-", "E/RES/{n}"),
    "chr": ("un-chr-res", "un:chr-res-", "E/CN.4/RES/{n}"),
    "iachr": ("iachr-res", "iachr:res-", "IACHR Resolution {n}"),
    "sc": ("un-sc-res", "un:s-res-", "S/RES/{n}"),
}

_BODY_NAMES = {
    "commission on population and development": "cpd",
    "cpd": "cpd",
    "inter-american commission on human rights": "iachr",
    "iachr": "iachr",
    "economic and social council": "ecosoc",
    "ecosoc": "ecosoc",
    "commission on human rights": "chr",
    "human rights council": "hrc",
    "hrc": "hrc",
    "general assembly": "ga",
    "security council": "sc",
}

_SYMBOL_SERIES = {"A": "ga", "A/HRC": "hrc", "E": "ecosoc", "E/CN.4": "chr"}

_ROMAN_NUMBER = re.compile(r"(\d+)\s?(?:[A-H]\s?)?\(\s?([IVXLC]+)\s?\)")
_LETTERED = re.compile(r"(\d+)\s?([A-H])\s?\(\s?([IVXLC]+)\s?\)")
_SC_NUMBER = re.compile(r"(\d+)\s?\(((?:19|20)\d\d)\)")


def _normal_number(raw: str) -> str:
    """``"1514(XV)" -> "1514 (XV)"``, ``"217 A(III)" -> "217 A (III)"``; ``"67/172"`` unchanged."""
    raw = raw.strip()
    if lettered := _LETTERED.fullmatch(raw):
        return f"{lettered[1]} {lettered[2]} ({lettered[3]})"
    if sc := _SC_NUMBER.fullmatch(raw):
        return f"{sc[1]} ({sc[2]})"
    roman = _ROMAN_NUMBER.fullmatch(raw)
    return f"{roman[1]} ({roman[2]})" if roman else _squash(raw)


def _infer_body(number: str) -> tuple[str | None, str | None]:
    """Body from the form of the number alone, or ``(None, warning)``."""
    if _SC_NUMBER.fullmatch(number):
        return "sc", None  # "1325 (2000)": only the Security Council numbers by year in parentheses
    roman = _ROMAN_NUMBER.fullmatch(number)
    if roman:
        session = from_roman(roman[2])
        if session is not None and session <= 30:
            return "ga", None
        return None, f"no body named; {number} is not a General Assembly form (sessions I-XXX)"
    first = number.split("/")[0]
    if first.startswith("S-"):
        return "ga", None  # "S-10/2": a resolution of the tenth special session of the General Assembly
    if len(first) <= 2 and int(first) >= 31:
        return "ga", None
    if len(first) == 4:
        return None, f"no body named; year-numbered resolution {number} is not a General Assembly form"
    return None, f"no body named; {number} predates General Assembly session numbering (31)"


def _number_attrs(number: str) -> dict[str, str | None]:
    if sc := _SC_NUMBER.fullmatch(number):
        return {"year": sc[2]}
    roman = _ROMAN_NUMBER.fullmatch(number)
    if roman:
        session = from_roman(roman[2])
        return {"session": str(session) if session is not None else None}
    first = number.split("/")[0]
    if first.startswith("S-"):
        return {"special_session": first[2:]}
    return {"year": first} if len(first) == 4 else {"session": first}


def _un_res_ref(
    match: re.Match[str],
    text: str,
    start: int,
    body: str | None,
    body_from: str,
    *,
    annex_to: bool = False,
) -> Reference:
    number = _normal_number(match["number"])
    attrs: dict[str, str | None] = {"number": number, **_number_attrs(number)}
    attrs["date"] = _date(match)
    attrs["part"] = match["part"]
    attrs["annex"] = "true" if annex_to or match["annex"] or match["annex_after"] else None
    if body is None:
        body, attrs["warning"] = _infer_body(number)
        body_from = "number" if body else "unknown"
    attrs["body_from"] = body_from
    if body is None:
        return _ref(
            "un-res", f"unresolved:un-res-{_slug(number)}", text, start, match.end(),
            f"resolution {number}", attrs, resolved=False,
        )
    kind, prefix, template = _BODIES[body]
    return _ref(kind, prefix + _slug(number), text, start, match.end(), template.format(n=number), attrs)


def _un_resolutions(text: str) -> Iterator[Reference]:
    """Citations 'resolution(s) N ...' with their issuer; each list item is its own reference."""
    carried: tuple[int, str] | None = None  # (end, body) of the last citation naming its body
    for head in p.UN_RES.finditer(text):
        lead = _lead(p.UN_RES_LEAD, text, head.start())
        if lead["body"]:
            body: str | None = _BODY_NAMES[" ".join(lead["body"].split()).lower()]
            body_from = "named"
            carried = (head.end(), body)
        elif lead["its"] and carried is not None and _same_clause(text, carried[0], head.start()):
            body, body_from = carried[1], "carried"
        else:
            body, body_from = None, "number"
        start = head.start() if lead["its"] and not lead["annex_to"] else lead.start()
        yield _un_res_ref(head, text, start, body, body_from, annex_to=bool(lead["annex_to"]))
        if head["plural"]:
            yield from _list_items(text, head.end(), body, body_from)


def _same_clause(text: str, start: int, end: int) -> bool:
    """No paragraph break or semicolon between ``start`` and ``end``."""
    return p.CLAUSE_BREAK.search(text, start, end) is None


def _list_items(text: str, pos: int, body: str | None, body_from: str) -> Iterator[Reference]:
    """The later items of a "resolutions ..." list, which share the head's body."""
    while (item := p.UN_RES_CONTINUATION.match(text, pos)) is not None:
        yield _un_res_ref(item, text, item.start("number"), body, body_from)
        pos = item.end()


def _un_resolution_symbols(text: str) -> Iterator[Reference]:
    for match in p.UN_RES_SYMBOL.finditer(text):
        body = _SYMBOL_SERIES[match["series"]]
        number = _normal_number(match["number"])
        kind, prefix, template = _BODIES[body]
        attrs: dict[str, str | None] = {"number": number, **_number_attrs(number)}
        attrs["part"] = match["part"]
        attrs["body_from"] = "symbol"
        yield _ref(
            kind, prefix + _slug(number), text, match.start(), match.end(),
            template.format(n=number), attrs,
        )


# ---------------------------------------------------------------------------------------------
# UN document symbols
# ---------------------------------------------------------------------------------------------

_SUFFIX = re.compile(r"/(add|rev|corr)\.\s?", re.IGNORECASE)


def _un_documents(text: str) -> Iterator[Reference]:
    for match in p.UN_DOC.finditer(text):
        symbol = _SUFFIX.sub(lambda m: f"/{m[1].capitalize()}.", _squash(match["symbol"]))
        attrs: dict[str, str | None] = {"symbol": symbol}
        if match["placeholder"]:
            attrs["warning"] = "placeholder symbol, not yet assigned"
            yield _ref(
                "un-doc", f"unresolved:{_slug(symbol)}-xxx", text, match.start(), match.end(),
                f"{symbol}/...", attrs, resolved=False,
            )
        else:
            yield _ref(
                "un-doc", f"un:{_slug(symbol)}", text, match.start(), match.end(), symbol, attrs
            )


_FINDERS: tuple[Callable[[str], Iterable[Reference]], ...] = (
    _oas_resolutions,
    _oas_documents,
    _executive_orders,
    _advisory_opinions,
    _un_resolutions,
    _un_resolution_symbols,
    _un_documents,
    find_decisions,
)
