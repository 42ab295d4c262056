"""Document metadata: from the manifest that travels with a corpus, or inferred from the text.

What was inferred, and how, is recorded on the document node (``inferred`` lists the fields,
``inference`` says how each was found), so an analyst can tell a given fact from a guess.
"""

from __future__ import annotations

import datetime as _dt
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mandate_lineage.errors import IngestError

from ..model import Genre
from ..references.finder import find_references, parse_symbol
from ..segmentation.common import slugify
from .genre import GenreGuess
from .official import Identity, read_identity

MANIFEST_NAME = "manifest.toml"
GENRE_LABELS: dict[str, tuple[str, ...]] = {
    "resolution": ("Document", "Resolution"),
    "un-resolution": ("Document", "Resolution"),
    "program": ("Document", "Program"),
    "work-plan": ("Document", "WorkPlan"),
    "other": ("Document",),
}
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_MONTHS = "January February March April May June July August September October November December".split()
# "held on April 19, 2016" / "adopted on 18 December 2013" in a document's head
_HEAD_DATE = re.compile(
    r"\b(?:held|adopted|agreed upon|approved|presented)\b[^.\n]{0,80}?\bon\s+"
    r"(?:(?P<m1>" + "|".join(_MONTHS) + r")\s+(?P<d1>\d{1,2}),\s+(?P<y1>\d{4})"
    r"|(?P<d2>\d{1,2})\s+(?P<m2>" + "|".join(_MONTHS) + r")\s+(?P<y2>\d{4}))"
)


@dataclass(frozen=True)
class DocumentMeta:
    key: str
    genre: Genre
    title: str | None = None
    symbol: str | None = None
    body: str | None = None  # key of the issuing body
    date: str | None = None  # ISO, possibly partial (YYYY or YYYY-MM)
    session: str | None = None
    language: str | None = None
    status: str | None = None
    presented_by: str | None = None
    note: str | None = None
    revises: str | None = None  # key of the instrument this document revises
    implements: str | None = None  # key of the program a work plan implements
    inferred: tuple[str, ...] = ()
    inference: tuple[str, ...] = ()  # one "field: how" line per inferred field
    agenda_item: str | None = None  # UN: "20 (b)"
    adopted_on: tuple[str, ...] = ()  # UN: the report or draft adopted on ("A/79/439/Add.2", "A/79/L.34")
    committee: str | None = None  # UN: "Third Committee", or "plenary" (without reference to a committee)
    meeting: str | None = None  # UN: "49th plenary meeting"

    @property
    def labels(self) -> tuple[str, ...]:
        return GENRE_LABELS[self.genre]


@dataclass(frozen=True)
class KnownInstrument:
    """An instrument the corpus describes but does not contain (e.g. the 2005 program)."""

    key: str
    kind: str
    title: str
    body: str | None = None
    date: str | None = None
    adopted_by: str | None = None


@dataclass(frozen=True)
class Manifest:
    path: Path
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)  # by file name
    instruments: tuple[KnownInstrument, ...] = ()


_TEXT_FIELDS = ("file", "key", "kind", "title", "symbol", "body", "date", "language", "status", "presented_by",
                "note", "revises", "implements", "session", "adopted_by", "agenda_item", "committee", "meeting",
                "adopted_on")


def load_manifest(folder: Path) -> Manifest | None:
    """The ``manifest.toml`` of a corpus folder, or None if it has none.

    Every problem is an ``IngestError`` naming the manifest and the entry: a manifest is input
    like any other, and a mistake in it must not stop the files from loading.
    """
    path = folder / MANIFEST_NAME
    try:
        if not path.is_file():
            return None
    except OSError:  # the folder cannot be entered: its files are reported one by one
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise IngestError(f"{path}: malformed manifest ({exc})") from None
    except OSError as exc:
        raise IngestError(f"{path}: manifest cannot be read ({exc.strerror or exc}); "
                          "the folder's files load without it") from None
    documents: dict[str, dict[str, Any]] = {}
    for entry in _tables(path, data, "document"):
        if not isinstance(entry.get("file"), str) or not entry["file"]:
            raise IngestError(f"{path}: a [[document]] entry has no 'file' name")
        _check_entry(path, entry)
        if entry.get("kind") == "program" and entry.get("date") and not entry.get("key"):
            raise IngestError(f"{path}: {entry['file']}: a program needs a 'key' (its versions are told apart by it)")
        documents[entry["file"]] = entry
    instruments = []
    for entry in _tables(path, data, "instrument"):
        _check_entry(path, entry)
        try:
            instruments.append(KnownInstrument(**entry))
        except TypeError as exc:
            raise IngestError(f"{path}: bad [[instrument]] entry {entry.get('key')!r} ({exc})") from None
    return Manifest(path, documents, tuple(instruments))


def _tables(path: Path, data: dict[str, Any], name: str) -> list[dict[str, Any]]:
    entries = data.get(name, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise IngestError(f"{path}: '{name}' must be a list of [[{name}]] tables")
    return entries


def _check_entry(path: Path, entry: dict[str, Any]) -> None:
    where = printable(str(entry.get("file") or entry.get("key")))
    for name in _TEXT_FIELDS:
        if name in entry and not isinstance(entry[name], str):
            raise IngestError(f"{path}: {where}: '{name}' must be a string, got {entry[name]!r}")
        if name in entry and (_CONTROL if name in _ID_FIELDS else _CONTROL_IN_TEXT).search(entry[name]):
            raise IngestError(f"{path}: {where}: '{name}' contains a control character "
                              f"({printable(entry[name])})")
    date = entry.get("date")
    if date is not None and not (_ISO_DATE.match(date) and _real_date(date)):
        raise IngestError(f"{path}: {where}: date {date!r} is not an ISO date (YYYY[-MM[-DD]])")
    kind = entry.get("kind")
    if "file" in entry and kind is not None and kind not in GENRE_LABELS:
        raise IngestError(f"{path}: {where}: unknown kind {kind!r}; one of {', '.join(GENRE_LABELS)}")


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # free text may hold tabs and lines
_ID_FIELDS = frozenset({"file", "key", "kind", "symbol", "body", "date", "language", "revises", "implements",
                        "session", "adopted_by"})


def printable(text: str) -> str:
    """``text`` with control characters escaped (``\\x00``), safe to print on one line."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), text)


def _real_date(iso: str) -> bool:
    """``2016-04-31`` matches the pattern but is no date."""
    parts = [int(p) for p in iso.split("-")] + [1, 1]
    try:
        _dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True


def _head(text: str, lines: int = 12) -> str:
    """The first ``lines`` non-blank lines."""
    return "\n".join([line for line in text.splitlines() if line.strip()][:lines])


def infer_symbol(text: str) -> tuple[str | None, str | None, str]:
    """A self-symbol standing alone on one of the first lines (``AG/RES. 2141 (XXXV-O/05)``)."""
    for line in _head(text).splitlines():
        refs = find_references(line)
        if len(refs) == 1 and refs[0].kind in {"oas-res", "un-ga-res", "oas-doc", "un-doc"} and \
                len(line.strip()) <= len(refs[0].text) + 4:
            return refs[0].label, refs[0].key, f"symbol: alone on a header line {line.strip()!r}"
    return None, None, "symbol: none standing alone in the header"


def infer_date(text: str) -> tuple[str | None, str]:
    match = _HEAD_DATE.search(text[:3000])
    if not match:
        return None, "date: no 'held/adopted on <date>' in the first 3000 characters"
    month = match["m1"] or match["m2"]
    day = int(match["d1"] or match["d2"])
    year = match["y1"] or match["y2"]
    iso = f"{year}-{_MONTHS.index(month) + 1:02d}-{day:02d}"
    if not _real_date(iso):
        return None, f"date: {match.group(0)!r} is not a real date"
    return iso, f"date: {match.group(0)!r}"


def infer_body(text: str, genre: Genre) -> tuple[str | None, str]:
    head = text[:4000]
    if re.search(r"^\s*THE GENERAL ASSEMBLY,\s*$", head, re.M):
        return "oas:general-assembly", "body: organ line 'THE GENERAL ASSEMBLY,'"
    if re.search(r"^\s*The General Assembly,\s*$", head, re.M):
        return "un:general-assembly", "body: organ line 'The General Assembly,'"
    return None, "body: no organ line"


def infer_title(text: str) -> tuple[str | None, str]:
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("("):
            return stripped[:200].rstrip(), "title: first line of text"
    return None, "title: none"


def document_meta(file_name: str, text: str, guess: GenreGuess, entry: dict[str, Any] | None) -> DocumentMeta:
    """Metadata for one document: the manifest's facts first, inferences for what is missing."""
    entry = dict(entry or {})
    inferred: list[str] = []
    how: list[str] = []
    official = read_identity(text)
    genre = entry.get("kind") or _official_genre(official) or guess.genre
    if "kind" not in entry:
        inferred.append("genre")
        how.append(f"genre: {official.family} header" if _official_genre(official) else f"genre: {guess.reason}")
    symbol = entry.get("symbol")
    key = entry.get("key")
    if symbol and not key:
        parsed = parse_symbol(symbol)
        key = parsed.key if parsed else None
    if not symbol and "key" not in entry and official is not None and official.symbol:
        parsed = parse_symbol(official.symbol)
        symbol, key = official.symbol, key or (parsed.key if parsed else None)
        inferred.append("symbol")
        how.append(official.how["symbol"])
    elif not symbol and "key" not in entry:
        symbol, symbol_key, reason = infer_symbol(text)
        key = key or symbol_key
        inferred.append("symbol")
        how.append(reason)
    if not key:
        key = f"doc:{slugify(Path(file_name).stem) or 'document'}"
        inferred.append("key")
        how.append("key: from the file name (no symbol)")
    values: dict[str, Any] = {}
    for name, infer in (("date", lambda: infer_date(text)), ("body", lambda: infer_body(text, genre)),
                        ("title", lambda: infer_title(text))):
        if entry.get(name):
            values[name] = entry[name]
        elif official is not None and getattr(official, name):
            values[name] = getattr(official, name)
            inferred.append(name)
            how.append(official.how.get(name, f"{name}: {official.family} header"))
        else:
            values[name], reason = infer()
            inferred.append(name)
            how.append(reason)
    extras: dict[str, Any] = {}
    if official is not None:
        for name in ("agenda_item", "adopted_on", "committee", "meeting"):
            if entry.get(name):
                extras[name] = entry[name]
            elif getattr(official, name):
                extras[name] = getattr(official, name)
                inferred.append(name)
                how.append(official.how.get(name, f"{name}: {official.family} header"))
    session = entry.get("session")
    if session is None and official is not None and official.session:
        session = official.session
    if session is None and symbol:
        parsed = parse_symbol(symbol)
        if parsed is not None and parsed.attrs.get("session"):
            session = parsed.attrs["session"]
    return DocumentMeta(
        key=key, genre=genre, title=values["title"], symbol=symbol, body=values["body"], date=values["date"],
        session=None if session is None else str(session), language=entry.get("language"),
        status=entry.get("status"), presented_by=entry.get("presented_by"), note=entry.get("note"),
        revises=entry.get("revises"), implements=entry.get("implements"),
        inferred=tuple(inferred), inference=tuple(how), agenda_item=extras.get("agenda_item"),
        adopted_on=_symbols(extras.get("adopted_on", ())), committee=extras.get("committee"),
        meeting=extras.get("meeting"),
    )


def _symbols(value: str | tuple[str, ...]) -> tuple[str, ...]:
    """A manifest gives one symbol or several separated by commas; the header reader gives a tuple."""
    return tuple(v.strip() for v in value.split(",") if v.strip()) if isinstance(value, str) else tuple(value)


def _official_genre(official: Identity | None) -> Genre | None:
    if official is None:
        return None
    return {"un-ga-res": "un-resolution", "un-hrc-res": "un-resolution", "oas-res": "resolution"}.get(official.family)
