"""The synthetic corpus's value types, symbols, text helpers and corpus state (see ``bench/synth.py``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from bench import synth_data as data

if TYPE_CHECKING:  # the corpus keeps the commitments quoted so far
    from bench.synth_content import Commitment

TRUTH_NAME = "__truth__.json"
MANIFEST_NAME = "manifest.toml"
FIRST_DAY = dt.date(1976, 1, 1)  # UN session 31: from here "resolution NN/NNN" is read as the GA's
LAST_DAY = dt.date(2044, 12, 31)  # UN session 99: "100/5" is not a form the ingest knows
NBSP = "\u00a0"
POOL_SIZE = 1000  # reusable paragraphs kept per family (a reservoir over all earlier ones)
RECENT_PROGRAMS = 40  # programs a work plan may implement

KIND_WEIGHTS = (("resolution", 40), ("un-resolution", 25), ("program", 15), ("work-plan", 20))
FILE_TAG = {"resolution": "oas-res", "un-resolution": "un-res", "program": "program", "work-plan": "work-plan"}


# ---------------------------------------------------------------------------------------------
# Small value types
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """A reference as written in a text, with the key the ingest gives it."""

    key: str
    kind: str
    text: str


@dataclass
class Para:
    """One logical paragraph before layout: its text, the references in it, words edits must keep."""

    text: str
    refs: list[Ref] = field(default_factory=list)
    protected: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reusable:
    """An earlier paragraph a later document may repeat."""

    document: str
    locator: str
    family: str  # "oas-op", "un-op" or "activity": where a verbatim copy fits
    text: str
    refs: tuple[Ref, ...]
    protected: tuple[str, ...]


@dataclass(frozen=True)
class Earlier:
    """What later documents need to know about a document: how to cite it."""

    key: str
    kind: str
    date: dt.date
    symbol: str
    series: str


@dataclass(frozen=True)
class ProgramFacts:
    key: str
    date: dt.date
    symbol: str
    title: str
    adopted_by: Earlier | None
    # per actor (index into data.ACTORS, -1 for member states): (locator, paragraph)
    activities: tuple[tuple[int, tuple[tuple[str, Para], ...]], ...]


@dataclass
class DocTruth:
    file: str
    key: str
    kind: str
    date: str
    symbol: str
    references: list[dict[str, str]] = field(default_factory=list)
    renewals: list[dict[str, str | None]] = field(default_factory=list)
    assignments: dict[str, str] = field(default_factory=dict)
    reuse: list[dict[str, str]] = field(default_factory=list)
    distractors: list[dict[str, str]] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)  # predicted local ids (op-N, act-N, wp-...)
    # paragraphs of fixed wording ("To renew the mandate of ..."): repeated everywhere, their
    # repeats are not listed as reuse, so reuse is not scored on them
    formulas: list[str] = field(default_factory=list)
    # summit commitments the document quotes: the quote paragraph's local id ("quote-N"), its node
    # key (it belongs to the quoted instrument: "summit:2:plan-of-action#q-..."), the instrument
    quotes: list[dict[str, str]] = field(default_factory=list)

    def cite(self, refs: list[Ref]) -> None:
        self.references += [{"key": r.key, "kind": r.kind, "text": r.text} for r in refs]

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file, "key": self.key, "kind": self.kind, "date": self.date, "symbol": self.symbol,
            "references": self.references, "renewals": self.renewals, "assignments": self.assignments,
            "reuse": self.reuse, "distractors": self.distractors, "paragraphs": self.paragraphs,
            "formulas": self.formulas, "quotes": self.quotes,
        }


@dataclass(frozen=True)
class GroundTruth:
    """Where a generated corpus lives and what it holds; the per-document truth is read on demand."""

    out_dir: Path
    n_docs: int
    seed: int
    counts: dict[str, int]
    bytes_written: int
    seconds: float

    @property
    def truth_path(self) -> Path:
        return self.out_dir / TRUTH_NAME

    def documents(self) -> list[dict]:
        return load_truth(self.truth_path)["documents"]


def load_truth(path: Path) -> dict:
    """The truth file (a folder means its ``__truth__.json``)."""
    path = Path(path)
    if path.is_dir():
        path = path / TRUTH_NAME
    return json.loads(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# Keys and symbols (the ingest's normalisation, written out)
# ---------------------------------------------------------------------------------------------


def oas_session(year: int) -> int:
    return year - 1970  # the Nth regular session met in 1970 + N


def un_session(year: int) -> int:
    return year - 1945  # the 68th session opened in 2013


def oas_res_key(number: int, year: int) -> str:
    return f"oas:ag-res-{number}-{data.roman(oas_session(year)).lower()}-o-{year % 100:02d}"


def oas_res_symbol(number: int, year: int) -> str:
    return f"AG/RES. {number} ({data.roman(oas_session(year))}-O/{year % 100:02d})"


def un_res_key(session: int, number: int) -> str:
    return f"un:a-res-{session}-{number}"


def quote_key(instrument_key: str, text: str) -> str:
    """The key the ingest gives a quoted passage of an instrument (``ingest/nodes.quote_key``): the
    same passage quoted by two documents is one node."""
    normal = re.sub(r"\W+", " ", text.lower()).strip()
    return f"{instrument_key}#q-{hashlib.sha1(normal.encode()).hexdigest()[:10]}"


def long_date(day: dt.date, *, us: bool) -> str:
    """"June 7, 2005" (OAS) or "7 June 2005" (UN)."""
    month = data.MONTHS[day.month - 1]
    return f"{month} {day.day}, {day.year}" if us else f"{day.day} {month} {day.year}"


def noisy_oas_symbol(symbol: str, rng: random.Random) -> str:
    """The noise of the real texts: NBSP inside the symbol, a missing space before the session."""
    roll = rng.random()
    if roll < 0.12:
        return symbol.replace("AG/RES. ", "AG/RES." + NBSP)
    if roll < 0.2:
        return symbol.replace(" (", "(")
    return symbol


# ---------------------------------------------------------------------------------------------
# Wording
# ---------------------------------------------------------------------------------------------


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def fresh_commitment(rng: random.Random, *, stock: str | None = None, convention: bool = False) -> Para:
    """"Promote the labor rights of domestic workers in frontier provinces for labor inspectors, ..."."""
    topic = fresh_clause(rng)
    if stock is not None:
        topic = data.STOCK_FRAMES[stock].format(topic=topic, phrase=stock)
    audience = f"for {rng.choice(data.AUDIENCE_RANKS)} {rng.choice(data.AUDIENCE_ROLES)}"
    text = f"{rng.choice(data.ACTIVITY_VERBS)} {topic} {audience}, " \
           f"{rng.choice(data.PURPOSE_FRAMES)} {rng.choice(data.GOAL_VERBS)} {rng.choice(data.GOAL_OBJECTS)}"
    protected: tuple[str, ...] = (stock,) if stock else ()
    refs: list[Ref] = []
    if rng.random() < 0.5:
        text += f", {rng.choice(data.QUALIFIER_FRAMES)} {rng.choice(data.QUALIFIER_PARTNERS)}"
    if convention:
        lead, name = rng.choice(data.CONVENTION_CLAUSES)
        key = next(k for n, k, _ in data.CONVENTIONS if n == name)
        text += f", {lead}{name}"
        refs.append(Ref(key, "convention", name))
        protected += (name,)
    return Para(text.replace(",,", ",") + ".", refs, protected)


def fresh_clause(rng: random.Random) -> str:
    """A topic: "timely legal aid for seasonal fishers in island states"."""
    return f"{rng.choice(data.QUALITIES)} {rng.choice(data.SERVICES)} for {rng.choice(data.GROUP_QUALITIES)} " \
           f"{rng.choice(data.GROUPS)} {rng.choice(data.SETTINGS)}"


def protected_words(words: list[str], phrases: tuple[str, ...]) -> set[int]:
    """Indexes of the words that belong to a protected phrase (names, stock formulas)."""
    text = " ".join(words)
    starts = [0]
    for word in words[:-1]:
        starts.append(starts[-1] + len(word) + 1)
    keep: set[int] = set()
    for phrase in phrases:
        for match in re.finditer(re.escape(phrase), text):
            keep.update(i for i, s in enumerate(starts) if match.start() <= s < match.end())
    return keep


def light_edit(para: Para, rng: random.Random) -> Para:
    """Change 10-20% of the words as a drafter would: swap a word for a synonym, drop an optional
    word, add an adverb after the verb or a hedge after a comma; never inside protected phrases."""
    words = para.text.split(" ")
    budget = max(2, round(len(words) * rng.uniform(0.1, 0.2)))
    changed = 0
    for _ in range(budget * 4):  # not every attempt finds a place it can change
        if changed >= budget:
            break
        keep = protected_words(words, para.protected)
        free = [i for i in range(1, len(words) - 1) if i not in keep]
        if not free:
            break
        i = rng.choice(free)
        bare = words[i].rstrip(",.;")
        roll = rng.random()
        if roll < 0.5 and bare in data.SYNONYMS:
            replacement = data.SYNONYMS[bare]
            words[i] = words[i].replace(bare, replacement, 1)
            changed += len(replacement.split())
        elif roll < 0.7 and bare in data.DROPPABLE and not words[i].endswith((",", ".")):
            words.pop(i)
            changed += 1
        elif roll < 0.85 and words[i - 1].endswith(",") and words[i] not in data.HEDGES:
            hedge = rng.choice(data.HEDGES)
            words.insert(i, hedge)
            changed += len(hedge.split())
        elif i == 1 and words[0][0].isupper() and words[1] not in data.ADVERBS:
            words.insert(1, rng.choice(data.ADVERBS))  # "Promote effectively ...", "To also urge ..."
            changed += 1
    return Para(" ".join(words), list(para.refs), para.protected)


# ---------------------------------------------------------------------------------------------
# Layout helpers
# ---------------------------------------------------------------------------------------------


def hard_wrap(text: str, rng: random.Random) -> list[str]:
    """UN texts are hard-wrapped at 75-85 columns (NBSP keeps a symbol on one line)."""
    return textwrap.wrap(text, width=rng.randint(75, 85), break_long_words=False, break_on_hyphens=False)


def curly(text: str) -> str:
    return f"\u201c{text}\u201d"


def footnote_line(text: str) -> str:
    """A footnote whose number the PDF extraction lost: "\ufffd.\tSee document ..."."""
    return f"\ufffd.\t{text}"


# ---------------------------------------------------------------------------------------------
# The corpus being generated: what later documents may cite, renew or reuse
# ---------------------------------------------------------------------------------------------


class Corpus:
    def __init__(self, n_docs: int, seed: int) -> None:
        self.rng = random.Random(seed)
        self.n_docs = n_docs
        self.dates = document_dates(n_docs, self.rng)
        self.earlier: list[Earlier] = []
        self.series_last: dict[str, Earlier] = {}
        self.pools: dict[str, list[Reusable]] = {"oas-op": [], "un-op": [], "activity": []}
        self.seen: dict[str, int] = {family: 0 for family in self.pools}
        self.stock_holders: dict[str, tuple[str, str]] = {}
        # what the document being written offers to later ones, added when it is done (a
        # document never reuses itself)
        self.pending: list[Reusable] = []
        self.pending_stock: list[tuple[str, tuple[str, str]]] = []
        self.programs: list[ProgramFacts] = []
        # summit commitments quoted by earlier documents (what a later paragraph may rephrase), in
        # the order first quoted; the current document's quotes wait in pending_quotes
        self.quoted: list[Commitment] = []
        self.quoted_keys: set[str] = set()
        self.pending_quotes: list[Commitment] = []
        self.next_oas = 3001
        self.un_numbers: dict[int, int] = {}
        self.next_doc_number = {"cidi": 101, "cp": 6001, "ag": 7001, "cajp": 3001}

    # --- numbering ----------------------------------------------------------------------------
    def oas_number(self) -> int:
        """Invented numbers 3001-9999 (the real corpus stops at 2738); four digits at most."""
        number = self.next_oas
        self.next_oas = 3001 if number >= 9999 else number + 1
        return number

    def un_number(self, session: int) -> int:
        """Numbers 401 up per session: the real General Assembly stays in the 300s."""
        number = self.un_numbers.get(session, 400) + self.rng.randint(1, 3)
        self.un_numbers[session] = number
        return number

    def doc_number(self, series: str) -> int:
        number = self.next_doc_number[series]
        self.next_doc_number[series] += self.rng.randint(1, 4)
        return number

    # --- what later documents use -------------------------------------------------------------
    def remember(self, doc: Earlier) -> None:
        self.earlier.append(doc)
        if doc.series:
            self.series_last[doc.series] = doc

    def finish_document(self) -> None:
        for item in self.pending:
            self.offer(item)
        self.stock_holders.update(self.pending_stock)
        for commitment in self.pending_quotes:
            if commitment.key not in self.quoted_keys:
                self.quoted_keys.add(commitment.key)
                self.quoted.append(commitment)
        self.pending, self.pending_stock, self.pending_quotes = [], [], []

    def offer(self, item: Reusable) -> None:
        """Reservoir sampling per family: every earlier paragraph has the same chance to stay."""
        pool = self.pools[item.family]
        self.seen[item.family] += 1
        if len(pool) < POOL_SIZE:
            pool.append(item)
            return
        slot = self.rng.randrange(self.seen[item.family])
        if slot < POOL_SIZE:
            pool[slot] = item

    def recent(self, kinds: tuple[str, ...], count: int) -> list[Earlier]:
        """Up to ``count`` distinct earlier documents of ``kinds``, mostly recent ones."""
        window = [d for d in self.earlier[-200:] if d.kind in kinds]
        if not window:
            return []
        picks = self.rng.sample(window, min(count, len(window)))
        return sorted(picks, key=lambda d: d.date)


def document_dates(n_docs: int, rng: random.Random) -> list[dt.date]:
    """Strictly increasing dates: a window of at least ten years, ending by 2044, from 2005 if it fits
    (so small corpora see every kind of citation: Human Rights Council resolutions start in 2006)."""
    full = (LAST_DAY - FIRST_DAY).days
    if n_docs > full:
        raise ValueError(f"at most {full} documents: each needs its own day between {FIRST_DAY} and {LAST_DAY}")
    window = min(full, max(3650, n_docs * 2))
    start = max(FIRST_DAY, min(dt.date(2005, 1, 2), LAST_DAY - dt.timedelta(days=window)))
    step = window / n_docs
    dates = []
    for i in range(n_docs):
        base = int(i * step)
        jitter = rng.randrange(max(1, int(step)))
        dates.append(start + dt.timedelta(days=base + jitter))
    return dates


# ---------------------------------------------------------------------------------------------
# Citations written into texts
# ---------------------------------------------------------------------------------------------


def cite_oas(doc: Earlier, rng: random.Random, *, bare: bool = False) -> Ref:
    """An earlier corpus document cited by its symbol, as an OAS text writes it; ``bare``: a later
    item of a list, without "AG/RES." ("AG/RES. 1928 (XXXIII-O/03) and 2027 (XXXIV-O/04)")."""
    if doc.kind == "resolution":
        text = doc.symbol.removeprefix("AG/RES. ") if bare else noisy_oas_symbol(doc.symbol, rng)
        if rng.random() < 0.2:
            text += f" of {long_date(doc.date, us=True)}"
        return Ref(doc.key, "oas-res", text)
    if doc.kind == "un-resolution":
        number = doc.symbol.removeprefix("A/RES/")
        return Ref(doc.key, "un-ga-res", f"United Nations General Assembly resolution {number}")
    return Ref(doc.key, "oas-doc", doc.symbol)


def cite_un(doc: Earlier, rng: random.Random, *, in_list: bool = False) -> Ref:
    """An earlier UN resolution as a UN text cites it: "resolution 67/412 of 18 December 2012", in a
    list just "67/412 of 18 December 2012", now and then by symbol ("A/RES/67/412")."""
    number = doc.symbol.removeprefix("A/RES/")
    cited = f"{number} of {long_date(doc.date, us=False)}"
    if in_list:
        return Ref(doc.key, "un-ga-res", cited)
    if rng.random() < 0.1:
        return Ref(doc.key, "un-ga-res", f"resolution {doc.symbol}")
    return Ref(doc.key, "un-ga-res", f"resolution {cited}")


def external_oas_document(corpus: Corpus, day: dt.date) -> Ref:
    """A report or note outside the corpus: "AG/doc. 7012/08", "CP/CAJP-3004/08"."""
    yy = f"{day.year % 100:02d}"
    if corpus.rng.random() < 0.5:
        number = corpus.doc_number("ag")
        return Ref(f"oas:ag-doc-{number}-{yy}", "oas-doc", f"AG/doc. {number}/{yy}")
    number = corpus.doc_number("cajp")
    return Ref(f"oas:cp-cajp-{number}-{yy}", "oas-doc", f"CP/CAJP-{number}/{yy}")


def summits_before(day: dt.date) -> list[tuple[str, str, str]]:
    return [s for s in data.SUMMITS if s[2] < day.isoformat()]


def conventions_before(day: dt.date) -> list[tuple[str, str, str]]:
    return [c for c in data.CONVENTIONS if c[2] < day.isoformat()]


def file_name(index: int, kind: str) -> str:
    return f"{index:05d}_{FILE_TAG[kind]}.txt"
