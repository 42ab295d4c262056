"""The identity an official document states in its own header, with no manifest.

Recognised families, each by the furniture its publisher prints:

* UN General Assembly and Human Rights Council resolutions: the symbol in the banner
  (``A/RES/79/217``, ``A/HRC/RES/55/1``), the session line ("Seventy-ninth session"), the agenda
  item ("Agenda item 20 (b)"), "Resolution adopted by the General Assembly on 19 December 2024",
  the report or draft it was adopted on ("[on the report of the Second Committee
  (A/79/439/Add.2, para. 6)]", "(A/79/L.34)"), the title line ("79/217. International migration
  and development") and, at the end, "49th plenary meeting / 19 December 2024".
* OAS General Assembly resolutions: "AG/RES. 2141 (XXXV-O/05)", the title under it and
  "(Adopted at the fourth plenary session, held on June 7, 2005)".
* Summit declarations: a YAML front matter (``title:``, ``date:``) or a "Declaration of ..." title.

Every field comes with a one-line reason; a date read from anything but the adoption lines is
marked ``date-inferred`` so the document node says it is a guess.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from ..references.roman import from_roman

_MONTHS = "January February March April May June July August September October November December".split()
_MONTH = "(?:" + "|".join(_MONTHS) + ")"
_DMY = rf"(\d{{1,2}})\s+({_MONTH})\s+(\d{{4}})"
_MDY = rf"({_MONTH})\s+(\d{{1,2}}),\s*(\d{{4}})"

_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = ["tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
          "seventeenth", "eighteenth", "nineteenth"]
_TENS = {"twent": 20, "thirt": 30, "fort": 40, "fift": 50, "sixt": 60, "sevent": 70, "eight": 80, "ninet": 90}

UN_SYMBOL = re.compile(r"\b(?P<series>A/HRC|A)/RES/(?P<session>\d{1,2})/(?P<number>\d{1,3})(?![\d/])")
SESSION_LINE = re.compile(
    r"^[ \t]*(?P<ordinal>[A-Z][a-z]+(?:-[a-z]+)?)\s+(?P<special>(?:emergency\s+)?special\s+)?session\s*$", re.M)
AGENDA = re.compile(r"^[ \t]*Agenda\s+items?\s+(?P<item>[0-9][0-9A-Za-z ().,]*?(?:\s+and\s+[0-9][0-9a-z ()]*)?)\s*$", re.M)
ADOPTED = re.compile(
    r"Resolution\s+adopted\s+by\s+the\s+(?P<body>General\s+Assembly|Human\s+Rights\s+Council)\s+on\s+" + _DMY)
ADOPTED_ON = re.compile(
    r"\[\s*(?P<how>on\s+the\s+report\s+of\s+the\s+(?P<committee>[^\[\]]+?)|without\s+reference\s+to\s+a\s+Main\s+Committee)"
    r"\s*\((?P<symbols>[^()\]]*/[^()\]]*)\)\s*\]")
PLENARY = re.compile(r"\b(?P<meeting>\d{1,3})(?:st|nd|rd|th)\s+(?:\(resumed\)\s+)?(?:plenary\s+)?meeting\s*\n\s*"
                     + _DMY.replace(r"\s+(\d{4})", r"\s*(\d{4})")
                     + r"\s*$", re.M)
DOC_SYMBOL = re.compile(r"\b[AE](?:/[A-Z]{1,5}(?:\.\d{1,3})?)*/\d{1,4}(?:/(?:\d{1,5}|[A-Z]{1,3}\.\d{1,4}))*"
                        r"(?:/(?:Add|Rev|Corr)\.\d{1,3})*(?![\w/])")
# the banner of an official UN document: "Distr.: General" (or "Distr.: Limited") under the symbol
_BANNER = re.compile(r"^[ \t]*(?:\S.*\s)?Distr\.:\s*(?:General|Limited|Restricted)\b", re.M)
_NUMBER_LINE = re.compile(r"^[ \t]*(?P<session>\d{1,2})/(?P<number>\d{1,3})\.(?=\s)", re.M)
ORGAN_LINE = re.compile(r"^[ \t]*The\s+(?:General\s+Assembly|Human\s+Rights\s+Council)\s*,?\s*$", re.M)

OAS_HEADER = re.compile(r"^[ \t]*(?P<symbol>AG/RES\.\s*(?P<number>\d{1,4})\s*\((?P<session>[IVXLC]+)-(?P<type>[OE])/"
                        r"(?P<yy>\d{2})\))[ \t]*$", re.M)
OAS_ADOPTED = re.compile(r"\(\s*Adopted\s+at\s+the\s+(?P<plenary>[a-z-]+)\s+plenary\s+session,?\s+held\s+on\s+"
                         + _MDY + r"\s*\)", re.I)
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<body>.*?)\n---[ \t]*\n", re.S)
DECLARATION_TITLE = re.compile(r"^[ \t]*#*\s*(?P<title>(?:[A-Z][\w'-]*\s+){0,6}Declaration\b[^\n]{0,150})$", re.M)


@dataclass(frozen=True)
class Identity:
    """What a header states. ``how`` holds one "field: reason" line per field found."""

    family: str  # un-ga-res, un-hrc-res, oas-res, summit-declaration
    symbol: str | None = None
    title: str | None = None
    body: str | None = None
    session: str | None = None
    agenda_item: str | None = None
    date: str | None = None
    adopted_on: tuple[str, ...] = ()  # symbols of the report or draft adopted on
    committee: str | None = None  # "Third Committee"; "plenary" when without reference to a committee
    meeting: str | None = None  # "49th plenary meeting"
    date_inferred: bool = False
    how: dict[str, str] = field(default_factory=dict)


def ordinal_number(words: str) -> int | None:
    """"Seventy-ninth" -> 79, "Eightieth" -> 80, "Tenth" -> 10 (1..99)."""
    w = words.lower().strip()
    if w in _UNITS:
        return _UNITS.index(w) + 1
    if w in _TEENS:
        return _TEENS.index(w) + 10
    for stem, value in _TENS.items():
        if w == stem + "ieth":
            return value
        if w.startswith(stem + "y-") and w[len(stem) + 2:] in _UNITS:
            return value + _UNITS.index(w[len(stem) + 2:]) + 1
    return None


def _iso(day: str, month: str, year: str) -> str | None:
    try:
        return _dt.date(int(year), _MONTHS.index(month) + 1, int(day)).isoformat()
    except ValueError:
        return None


def _one_line(text: str) -> str:
    return " ".join(text.split())


def read_identity(text: str) -> Identity | None:
    """The identity stated in the header of ``text`` (cleaned), or None if no family matches."""
    return _un_resolution(text) or _oas_resolution(text) or _summit_declaration(text)


# --- UN General Assembly and Human Rights Council ---------------------------------------------------


def _un_resolution(text: str) -> Identity | None:
    head = text[:3000]
    adopted = ADOPTED.search(head)
    symbol = UN_SYMBOL.search(head)
    if not adopted and not (symbol and _BANNER.search(head)):
        return None  # a symbol mentioned in prose (a README, a report) is not a resolution's header
    how: dict[str, str] = {}
    hrc = (symbol is not None and symbol["series"] == "A/HRC") or (adopted is not None and "Rights" in adopted["body"])
    family = "un-hrc-res" if hrc else "un-ga-res"
    body = "un:human-rights-council" if hrc else "un:general-assembly"
    how["body"] = f"body: {'the symbol ' + symbol.group(0) if symbol else _one_line(adopted.group(0))!s}"
    sym = session = None
    if symbol:
        sym, session = symbol.group(0), symbol["session"]
        how["symbol"] = f"symbol: {sym!r} in the banner"
        how["session"] = f"session: {session} from the symbol"
    elif (m := SESSION_LINE.search(head)) and (n := ordinal_number(m["ordinal"])):
        session = str(n)
        how["session"] = f"session: {m.group(0).strip()!r}"
    number_line = _NUMBER_LINE.search(text[:4000])
    if sym is None and number_line and adopted is not None:
        # the banner is gone (a reader took it for a running header): "79/96." on the title line says it
        sym = f"{'A/HRC' if hrc else 'A'}/RES/{number_line['session']}/{number_line['number']}"
        session = session or number_line["session"]
        how["symbol"] = f"symbol: from the title line {number_line.group(0).strip()!r} (no banner symbol)"
        symbol_number = number_line["number"]
    else:
        symbol_number = symbol["number"] if symbol else None
    agenda = AGENDA.search(head)
    if agenda:
        how["agenda_item"] = f"agenda item: {agenda.group(0).strip()!r}"
    title = _un_title(text, session, symbol_number)
    if title:
        how["title"] = f"title: the line after '{session}/{symbol_number or 'N'}.'"
    elif (bracket := ADOPTED_ON.search(head)) and (title := _title_before_organ(text, bracket.end())):
        how["title"] = "title: the lines between the adoption note and the organ line (no 'N/N.' line)"
    date, meeting, inferred = _un_date(text, adopted, how)
    adopted_on, committee = _adopted_on(head, how)
    return Identity(family, sym, title, body, session, agenda["item"].strip() if agenda else None, date,
                    adopted_on, committee, meeting, inferred, how)


def _un_title(text: str, session: str | None, number: str | None) -> str | None:
    """The title after "79/217." up to the organ line ("The General Assembly,"), wrapped lines joined."""
    num = rf"{session}/{number}" if session and number else r"\d{1,2}/\d{1,3}"
    m = re.search(rf"^[ \t]*{num}\.[ \t]*\n?(?P<title>[\s\S]{{1,400}}?)(?=^[ \t]*The\s+(?:General\s+Assembly|Human"
                  rf"\s+Rights\s+Council)\b)", text[:4000], re.M)
    if not m:
        return None
    title = _one_line(m["title"])
    return title or None


def _title_before_organ(text: str, start: int) -> str | None:
    organ = ORGAN_LINE.search(text, start, start + 600)
    return _one_line(text[start:organ.start()]) or None if organ else None


def _un_date(text: str, adopted: re.Match[str] | None, how: dict[str, str]) -> tuple[str | None, str | None, bool]:
    # the last one closes the resolution (an annex may follow it)
    plenary = next(reversed(list(PLENARY.finditer(text))), None)
    if plenary is not None and (iso := _iso(plenary[2], plenary[3], plenary[4])):
        how["date"] = f"date: {_one_line(plenary.group(0))!r} at the end"
        meeting = _one_line(plenary.group(0)).rsplit(" ", 3)[0]
        return iso, meeting, False
    if adopted is not None and (iso := _iso(adopted[2], adopted[3], adopted[4])):
        how["date"] = f"date: {_one_line(adopted.group(0))!r}"
        return iso, None, False
    m = re.search(r"Distr\.:\s*General\s+" + _DMY, text[:1500])
    if m and (iso := _iso(m[1], m[2], m[3])):
        how["date"] = f"date: inferred from the distribution date {_one_line(m.group(0))!r} (no adoption line)"
        return iso, None, True
    return None, None, False


def _adopted_on(head: str, how: dict[str, str]) -> tuple[tuple[str, ...], str | None]:
    m = ADOPTED_ON.search(head)
    if not m:
        return (), None
    symbols = tuple(dict.fromkeys(s.group(0) for s in DOC_SYMBOL.finditer(m["symbols"])))
    committee = _one_line(m["committee"]) if m["committee"] else "plenary"
    how["adopted_on"] = f"adopted on: {_one_line(m.group(0))!r}"
    return symbols, committee


# --- OAS General Assembly ---------------------------------------------------------------------------


def _oas_resolution(text: str) -> Identity | None:
    m = OAS_HEADER.search(text[:1500])
    if not m:
        return None
    symbol = _one_line(m["symbol"])
    how = {"symbol": f"symbol: {symbol!r} alone on a header line", "body": "body: an AG/RES. symbol"}
    rest = text[m.end():m.end() + 1500]
    adopted = OAS_ADOPTED.search(rest)
    title = None
    if adopted:
        title = _one_line(rest[:adopted.start()]) or None
        if title:
            how["title"] = "title: the lines between the symbol and '(Adopted at ...)'"
    date, inferred = None, False
    if adopted and (iso := _iso(adopted[3], adopted[2], adopted[4])):
        date = iso
        how["date"] = f"date: {_one_line(adopted.group(0))!r}"
    else:
        yy = int(m["yy"])
        date, inferred = str(2000 + yy if yy < 70 else 1900 + yy), True
        how["date"] = f"date: inferred year from the symbol {symbol!r}"
    session = from_roman(m["session"])
    how["session"] = f"session: {m['session']} in the symbol"
    return Identity("oas-res", symbol, title, "oas:general-assembly", str(session) if session else None, None, date,
                    (), None, None, inferred, how)


# --- Summit declarations -------------------------------------------------------------------------


def _summit_declaration(text: str) -> Identity | None:
    how: dict[str, str] = {}
    title = date = None
    fm = FRONT_MATTER.match(text)
    if fm:
        values = dict(_front_matter_items(fm["body"]))
        title, date = values.get("title"), values.get("date")
        if title and not _SUMMIT_TITLE.search(title):
            return None
        if title:
            how["title"] = "title: the front matter's 'title'"
        if date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            how["date"] = "date: the front matter's 'date'"
        else:
            date = None
    else:
        m = DECLARATION_TITLE.search(text[:600])
        if not m:
            return None
        title = _one_line(m["title"]).rstrip(".")
        how["title"] = "title: a 'Declaration' line at the head"
    if not title:
        return None
    return Identity("summit-declaration", None, title, None, None, None, date, (), None, None, False, how)


def _front_matter_items(body: str) -> list[tuple[str, str]]:
    """``key: value`` lines of a YAML front matter; double-quoted values unescaped (``\\_`` is NBSP)."""
    out = []
    for line in body.splitlines():
        key, sep, value = line.partition(":")
        if not sep or not re.fullmatch(r"[a-z_]+", key.strip()):
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = _yaml_unescape(value[1:-1]) if value[0] == '"' else value[1:-1].replace("''", "'")
        out.append((key.strip(), " ".join(value.split())))
    return out


_SUMMIT_TITLE = re.compile(r"Declaration|Declaraci[oó]n|Declara[cç][aã]o|D[ée]claration|Commitment|Compromiso|"
                           r"Plan of Action|Plan de Acci[oó]n")
_YAML_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)")
_YAML_SIMPLE = {"_": "\u00a0", "N": "\u0085", "n": "\n", "t": "\t", "\"": "\"", "\\": "\\", "/": "/", " ": " ",
                "0": "\0"}


def _yaml_unescape(value: str) -> str:
    """The escapes of a YAML double-quoted scalar: ``\\xF3`` is "ó", ``\\_`` a no-break space."""
    def one(m: re.Match[str]) -> str:
        code = m.group(1)
        if code[0] in "xuU" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _YAML_SIMPLE.get(code, code)
    return _YAML_ESCAPE.sub(one, value)
