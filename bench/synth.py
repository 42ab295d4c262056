"""A synthetic corpus of mandate documents, with the ground truth written beside it.

    python bench/synth.py --docs 1000 --seed 7 --out /tmp/synth-1k

writes ``OUT/00000_oas-res.txt`` ... (OAS and UN resolutions, programs, work plans shaped like the
sample corpus, noise included), ``OUT/manifest.toml`` (key, kind, date, symbol of every file) and
``OUT/__truth__.json``: per document the references it makes (keys exactly as the ingest's finders
normalise them), its renewals, its activity assignments and every paragraph it reuses from an
earlier document. The truth file's name starts with ``__`` so ``mandates ingest OUT`` skips it
(the ingest reads every other file of a folder as a document).

Deterministic: one ``random.Random(seed)`` drives everything, documents are written in order and
nothing depends on set or dict order, so the same (n, seed) gives byte-identical files. Memory stays
bounded: each text is written as soon as it is made; only small facts about earlier documents and a
bounded pool of reusable paragraphs are kept.

Paragraph locators are the local ids the ingest's segmenters give: ``op-N`` for operative
paragraphs, ``act-N`` for program activities, ``wp-<body slug>.<i>`` for work-plan bullets.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import synth_data as data

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

    def cite(self, refs: list[Ref]) -> None:
        self.references += [{"key": r.key, "kind": r.kind, "text": r.text} for r in refs]

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.file, "key": self.key, "kind": self.kind, "date": self.date, "symbol": self.symbol,
            "references": self.references, "renewals": self.renewals, "assignments": self.assignments,
            "reuse": self.reuse, "distractors": self.distractors, "paragraphs": self.paragraphs,
            "formulas": self.formulas,
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
        self.pending, self.pending_stock = [], []

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


# ---------------------------------------------------------------------------------------------
# Operative paragraphs and activities: fresh, reused, or sharing a stock phrase
# ---------------------------------------------------------------------------------------------


@dataclass
class Content:
    para: Para
    source: Reusable | None = None
    mode: str = ""  # "verbatim" | "edited"
    stock: str | None = None


def pick_content(corpus: Corpus, family: str) -> Content:
    """A commitment for a paragraph of ``family``: reused from an earlier one (~25%), a distractor
    sharing only a stock phrase (~12%), or fresh."""
    rng = corpus.rng
    roll = rng.random()
    # resolutions also carry program activities into their operative part
    from_family = "activity" if family == "oas-op" and rng.random() < 0.3 else family
    fitting = corpus.pools[from_family]
    if roll < 0.25 and fitting:
        source = rng.choice(fitting)
        para = Para(source.text, list(source.refs), source.protected)
        if source.family != family:  # an activity carried into a resolution: "To urge member states to ..."
            return Content(Para(f"{rng.choice(data.OAS_OPERATIVE_LEADS)} {lower_first(para.text)}", para.refs,
                                para.protected), source, "edited")
        if rng.random() < 0.45:
            return Content(para, source, "verbatim")
        return Content(light_edit(para, rng), source, "edited")
    stock = rng.choice(data.STOCK_PHRASES) if roll < 0.37 else None
    return Content(fresh_commitment(rng, stock=stock, convention=rng.random() < 0.12), stock=stock)


def framed(content: Content, family: str, rng: random.Random) -> Para:
    """A fresh commitment gets the lead of its genre; a reused one is already framed."""
    if content.source is not None:
        return content.para
    para = content.para
    if family == "oas-op":
        return Para(f"{rng.choice(data.OAS_OPERATIVE_LEADS)} {lower_first(para.text)}", para.refs, para.protected)
    if family == "un-op":
        return Para(f"{rng.choice(data.UN_OPERATIVE_LEADS)} {lower_first(para.text)}", para.refs, para.protected)
    return para


def record_content(corpus: Corpus, truth: DocTruth, locator: str, family: str, content: Content, para: Para) -> None:
    """Truth for one reusable paragraph, then offer it to later documents."""
    truth.paragraphs.append(locator)
    truth.cite(para.refs)
    if content.source is not None:
        truth.reuse.append({"locator": locator, "source_document": content.source.document,
                            "source_locator": content.source.locator, "mode": content.mode})
    if content.stock is not None:
        holder = corpus.stock_holders.get(content.stock)
        if holder is not None:
            truth.distractors.append({"locator": locator, "source_document": holder[0], "source_locator": holder[1],
                                      "phrase": content.stock})
        corpus.pending_stock.append((content.stock, (truth.key, locator)))
    corpus.pending.append(Reusable(truth.key, locator, family, para.text, tuple(para.refs), para.protected))


# ---------------------------------------------------------------------------------------------
# OAS resolutions
# ---------------------------------------------------------------------------------------------


def oas_resolution(corpus: Corpus, index: int, day: dt.date) -> tuple[str, DocTruth, Earlier, dict]:
    rng = corpus.rng
    number = corpus.oas_number()
    key, symbol = oas_res_key(number, day.year), oas_res_symbol(number, day.year)
    series = rng.choice(data.OAS_SERIES)
    truth = DocTruth(file_name(index, "resolution"), key, "resolution", day.isoformat(), symbol)
    lines = [noisy_oas_symbol(symbol, rng), "", series.upper(), "",
             f"(Adopted at the {rng.choice(data.PLENARY)} plenary session, held on {long_date(day, us=True)})", "",
             "THE GENERAL ASSEMBLY,", ""]
    lines += oas_preamble(corpus, truth, day, series)
    lines += ["", "RESOLVES:", ""]
    lines += oas_operative(corpus, truth, day)
    if rng.random() < 0.3:
        ref = external_oas_document(corpus, day)
        truth.cite([ref])
        lines += ["", footnote_line(f"See document {ref.text}.")]
    manifest = {"key": key, "kind": "resolution", "title": series, "symbol": symbol,
                "body": "oas:general-assembly", "date": day.isoformat(), "language": "en"}
    return "\n".join(lines) + "\n", truth, Earlier(key, "resolution", day, symbol, "oas:" + series), manifest


def oas_preamble(corpus: Corpus, truth: DocTruth, day: dt.date, series: str) -> list[str]:
    rng = corpus.rng
    report = external_oas_document(corpus, day)
    truth.cite([report])
    lines = [f"HAVING SEEN the Annual Report of the Permanent Council to the General Assembly ({report.text});"]
    cited = corpus.recent(("resolution", "program", "work-plan", "un-resolution"), rng.randint(1, 3))
    previous = corpus.series_last.get("oas:" + series)
    if previous is not None and previous not in cited:
        cited = sorted(cited + [previous], key=lambda d: d.date)
    oas_res = [d for d in cited if d.kind == "resolution"]
    if oas_res:
        refs = [cite_oas(d, rng, bare=i > 0 and rng.random() < 0.15) for i, d in enumerate(oas_res)]
        truth.cite(refs)
        word = "resolutions" if len(refs) > 1 else "resolution"
        listed = ", ".join(r.text for r in refs[:-1]) + (" and " if len(refs) > 1 else "") + refs[-1].text
        lines.append(f"RECALLING its {word} {listed}, {curly(series)};")
    for doc in cited:
        if doc.kind == "resolution":
            continue
        ref = cite_oas(doc, rng)
        truth.cite([ref])
        what = {"program": "the Inter-American Program", "work-plan": "the Work Plan of the Program",
                "un-resolution": "the work of the United Nations"}[doc.kind]
        lines.append(f"TAKING NOTE of {what} and of {ref.text};")
    conventions = conventions_before(day)
    if conventions and rng.random() < 0.5:
        name, key, _ = rng.choice(conventions)
        truth.cite([Ref(key, "convention", name)])
        lines.append(f"REAFFIRMING the principles set forth in the {name};")
    summits = summits_before(day)
    if summits and rng.random() < 0.7:
        lines += ["CONSIDERING:", summit_recital(rng.choice(summits), truth, rng)]
    for _ in range(rng.randint(1, 3)):
        # "shelters3;": a footnote number glued to the last word, now and then
        note = str(rng.randint(1, 9)) if rng.random() < 0.1 else ""
        lines.append(f"{rng.choice(data.OAS_PREAMBLE_LEADS)} {rng.choice(data.PREAMBLE_CLAUSES)}, "
                     f"and the situation of {fresh_clause(rng)}{note};")
        if rng.random() < 0.3:
            lines.append("")
    if rng.random() < 0.15:
        lines.append("/")  # a footnote reference extracted as a lone slash
    return lines


def summit_recital(summit: tuple[str, str, str], truth: DocTruth, rng: random.Random) -> str:
    """"That at the Third Summit of the Americas the Heads of State and Government[, in their Plan of
    Action,] committed to ..." (the anaphor names the plan of action of that summit)."""
    name, key, _ = summit
    truth.cite([Ref(key, "summit", name)])
    if key.count(":") > 1:
        return f"That in the {name} the Heads of State and Government committed to improve {fresh_clause(rng)};"
    anaphor = ""
    if key in data.SUMMITS_WITH_PLAN and rng.random() < 0.4:
        truth.cite([Ref(f"{key}:plan-of-action", "summit", "their Plan of Action")])
        anaphor = ", in their Plan of Action,"
    return f"That at the {name} the Heads of State and Government{anaphor} committed to improve {fresh_clause(rng)};"


def oas_operative(corpus: Corpus, truth: DocTruth, day: dt.date) -> list[str]:
    rng = corpus.rng
    lines: list[str] = []
    count = rng.randint(4, 12)
    renew_at = rng.randint(1, count) if rng.random() < 0.25 else 0
    entrust_at = rng.randint(1, count) if rng.random() < 0.3 else 0
    for n in range(1, count + 1):
        locator = f"op-{n}"
        renewable = [r for r in data.RENEWABLE if r[2] <= day.isoformat()]
        if n == renew_at and renewable:
            name, body_key, _ = rng.choice(renewable)
            truth.renewals.append({"target": body_key, "via": "mandate", "locator": locator})
            truth.paragraphs.append(locator)
            truth.formulas.append(locator)
            lines.append(f"{n}. To renew the mandate of {name} for a further period of {rng.choice(('two', 'three'))} "
                         f"years.")
        elif n == entrust_at:
            truth.paragraphs.append(locator)
            truth.formulas.append(locator)
            lines += entrust_with_subparagraphs(n, rng)
        else:
            content = pick_content(corpus, "oas-op")
            para = framed(content, "oas-op", rng)
            record_content(corpus, truth, locator, "oas-op", content, para)
            lines.append(f"{n}. {para.text}")
        if rng.random() < 0.4:
            lines.append("")
    session = oas_session(day.year) + 1
    lines.append(f"{count + 1}. To request the Permanent Council to report to the General Assembly at its "
                 f"{data.ordinal_word(session) if session < 100 else 'next'} regular session on the implementation "
                 f"of this resolution, which will be carried out within the resources allocated in the "
                 f"program-budget of the Organization and other resources.")
    truth.paragraphs.append(f"op-{count + 1}")
    truth.formulas.append(f"op-{count + 1}")
    return lines


def entrust_with_subparagraphs(n: int, rng: random.Random) -> list[str]:
    """"N. To entrust the IACHR with:" then "a." alone on its line and the text below, as in 000."""
    lines = [f"{n}. To entrust the Inter-American Commission on Human Rights with:"]
    leads = ("Presenting to the Permanent Council a report on", "Considering joint projects on",
             "Providing technical advice on")
    for letter, lead in zip("abc", rng.sample(leads, rng.randint(2, 3))):
        text = f"{lead} {fresh_clause(rng)};"
        lines += ["", f"{letter}.", text] if rng.random() < 0.5 else [f"{letter}. {text}"]
    return lines


# ---------------------------------------------------------------------------------------------
# UN resolutions
# ---------------------------------------------------------------------------------------------


def un_resolution(corpus: Corpus, index: int, day: dt.date) -> tuple[str, DocTruth, Earlier, dict]:
    rng = corpus.rng
    session = un_session(day.year)
    number = corpus.un_number(session)
    key, symbol = un_res_key(session, number), f"A/RES/{session}/{number}"
    series = rng.choice(data.UN_SERIES)
    truth = DocTruth(file_name(index, "un-resolution"), key, "un-resolution", day.isoformat(), symbol)
    blocks: list[list[str]] = [[series], ["The General Assembly,"]]
    blocks += un_preamble(corpus, truth, day, series)
    blocks += un_operative(corpus, truth, session)
    text = "\n\n".join("\n".join(block) for block in blocks) + "\n"
    if rng.random() < 0.05:
        text = text.replace("Calls upon", "Callsupon", 1)  # an OCR slip the cleaner knows
    manifest = {"key": key, "kind": "un-resolution", "title": series, "symbol": symbol,
                "body": "un:general-assembly", "session": str(session), "date": day.isoformat(), "language": "en"}
    return text, truth, Earlier(key, "un-resolution", day, symbol, "un:" + series), manifest


def un_preamble(corpus: Corpus, truth: DocTruth, day: dt.date, series: str) -> list[list[str]]:
    rng = corpus.rng
    blocks: list[list[str]] = []
    previous = corpus.series_last.get("un:" + series)
    if previous is not None:
        ref = cite_un(previous, rng)
        truth.cite([ref])
        truth.renewals.append({"target": previous.key, "via": "series", "locator": None})
        blocks.append(hard_wrap(f"Recalling all its previous resolutions on {lower_first(series)}, the most recent of "
                                f"which is {ref.text},", rng))
    others = [d for d in corpus.recent(("un-resolution",), 2) if d != previous]
    if len(others) == 1:
        ref = cite_un(others[0], rng)
        truth.cite([ref])
        blocks.append(hard_wrap(f"Recalling also its {ref.text},", rng))
    elif others:
        # "its resolutions 66/128 of 19 December 2011 and 67/185 of 20 December 2012" (as in 004)
        refs = [cite_un(d, rng, in_list=True) for d in others]
        truth.cite(refs)
        # an "on <title>" clause may sit between the items (004: "66/128 of ... on violence against ...")
        about = f" on {lower_first(others[0].series.removeprefix('un:'))}" if rng.random() < 0.3 else ""
        blocks.append(hard_wrap(f"Recalling also its resolutions {refs[0].text}{about} and {refs[1].text},", rng))
    blocks += un_external_recitals(corpus, truth, day)
    for _ in range(rng.randint(1, 3)):
        blocks.append(hard_wrap(f"{rng.choice(data.UN_PREAMBLE_LEADS)} {rng.choice(data.PREAMBLE_CLAUSES)}, "
                                f"in particular {fresh_clause(rng)},", rng))
    return blocks


def un_external_recitals(corpus: Corpus, truth: DocTruth, day: dt.date) -> list[list[str]]:
    """Human Rights Council and Commission on Population and Development resolutions, advisory
    opinions and treaties: instruments outside the corpus."""
    rng = corpus.rng
    blocks: list[list[str]] = []
    # three sessions a year since 2006; from session 100 (about 2040) "resolution 100/5" is a form
    # the ingest does not read (nor would it read the General Assembly's 100th session, 2045)
    hrc_session, number = (day.year - 2007) * 3 + rng.randint(0, 2), rng.randint(70, 99)
    if day.year >= 2008 and hrc_session <= 99 and rng.random() < 0.4:
        ref = Ref(f"un:hrc-res-{hrc_session}-{number}", "un-hrc-res",
                  f"Human Rights Council resolution {hrc_session}/{number}")
        truth.cite([ref])
        blocks.append(hard_wrap(f"Recalling further {ref.text} of {long_date(day - dt.timedelta(days=90), us=False)},",
                                rng))
    if rng.random() < 0.25:
        blocks.append(hard_wrap(cpd_recital(day, truth, rng), rng))
    if rng.random() < 0.2:
        yy = day.year - 1
        number = 40 + (yy % 50)
        ref = Ref(f"iacthr:oc-{number}-{yy % 100:02d}", "iacthr-oc", f"advisory opinion OC-{number}/{yy % 100:02d}")
        truth.cite([ref])
        blocks.append(hard_wrap(f"Taking note of {ref.text} issued by the Inter-American Court of Human Rights,", rng))
    conventions = conventions_before(day)
    if conventions and rng.random() < 0.6:
        name, key, _ = rng.choice(conventions)
        truth.cite([Ref(key, "convention", name)])
        blocks.append(hard_wrap(f"Reaffirming the {name},", rng))
    return blocks


def cpd_recital(day: dt.date, truth: DocTruth, rng: random.Random) -> str:
    """"Recalling Commission on Population and Development resolution 2012/14 on ...", sometimes with
    "as well as its resolution 2013/11" (the body carried over from the first citation, as in 004)."""
    year, number = day.year - 1, rng.randint(11, 19)
    first = Ref(f"un:cpd-res-{year}-{number}", "un-cpd-res",
                f"Commission on Population and Development resolution {year}/{number}")
    truth.cite([first])
    if rng.random() < 0.7:
        return f"Recalling {first.text} on new trends in migration,"
    later = Ref(f"un:cpd-res-{year + 1}-{number - 10}", "un-cpd-res", f"its resolution {year + 1}/{number - 10}")
    truth.cite([later])
    return f"Recalling {first.text}, as well as {later.text} on new trends in migration,"


def un_operative(corpus: Corpus, truth: DocTruth, session: int) -> list[list[str]]:
    rng = corpus.rng
    blocks: list[list[str]] = []
    count = rng.randint(4, 12)
    for n in range(1, count + 1):
        locator = f"op-{n}"
        content = pick_content(corpus, "un-op")
        para = framed(content, "un-op", rng)
        record_content(corpus, truth, locator, "un-op", content, para)
        blocks.append(hard_wrap(f"{n}. {para.text}", rng))
    report = f"A/{session}/{rng.randint(300, 399)}"
    ref = Ref(f"un:a-{session}-{report.rsplit('/', 1)[1]}", "un-doc", report)
    truth.cite([ref])
    blocks.append(hard_wrap(f"{count + 1}. Takes note of the report of the Secretary-General ({report});", rng))
    next_session = session + 1
    blocks.append(hard_wrap(f"{count + 2}. Requests the Secretary-General to submit to the General Assembly at its "
                            f"{data.ordinal_word(next_session) if next_session < 100 else 'next'} session a report "
                            f"on the implementation of the present resolution.", rng))
    truth.paragraphs += [f"op-{count + 1}", f"op-{count + 2}"]
    truth.formulas += [f"op-{count + 1}", f"op-{count + 2}"]
    return blocks


# ---------------------------------------------------------------------------------------------
# Programs
# ---------------------------------------------------------------------------------------------


def program(corpus: Corpus, index: int, day: dt.date) -> tuple[str, DocTruth, Earlier, dict]:
    rng = corpus.rng
    yy = f"{day.year % 100:02d}"
    number = corpus.doc_number("cidi")
    symbol, key = f"CIDI/CAM/doc.{number}/{yy}", f"oas:cidi-cam-doc-{number}-{yy}"
    topic = rng.choice(data.PROGRAM_TOPICS)
    title = f"Inter-American Program for {topic}"
    truth = DocTruth(file_name(index, "program"), key, "program", day.isoformat(), symbol)
    adopted = corpus.recent(("resolution",), 1)
    lines = [title.upper(), f"({symbol})",
             (f"(Agreed upon at the {data.ordinal_word(rng.randint(20, 90))} regular meeting held on "
              f"{long_date(day, us=True)})"), "", "I. INTRODUCTION", "A. Program Background"]
    if adopted:
        ref = cite_oas(adopted[0], rng)
        truth.cite([ref])
        lines.append(f"The General Assembly of the OAS, through resolution {ref.text}, instructed the Committee on "
                     f"Migration Issues to prepare this Program.")
    summits = summits_before(day)
    if summits:
        name, skey, _ = rng.choice(summits)
        truth.cite([Ref(skey, "summit", name)])
        lines.append(f"The Program answers the commitments made at the {name} on {fresh_clause(rng)}." if
                     skey.count(":") == 1 else
                     f"The Program answers the commitments of the {name} on {fresh_clause(rng)}.")
    lines += ["II. CONCEPTUAL FRAMEWORK", f"The Program addresses {fresh_clause(rng)}, and {fresh_clause(rng)}.",
              "/ and the states.", "III.", "PROGRAM OBJECTIVES", "A. General Objectives"]
    lines += [f"{n}. Promote {fresh_clause(rng)}." for n in range(1, rng.randint(2, 4))]
    lines += ["B. Specific Objectives"] + [f"Foster {fresh_clause(rng)}." for _ in range(rng.randint(2, 4))]
    activity_lines, groups = program_activities(corpus, truth)
    lines += ["IV.", "SUGGESTED SPECIFIC ACTIVITIES"] + activity_lines
    lines += ["V.", "PROGRAM COORDINATION AND FOLLOW-UP ACTIVITIES",
              "The political organ responsible for Program execution will be the Committee on Migration Issues."]
    corpus.programs.append(ProgramFacts(key, day, symbol, title, adopted[0] if adopted else None, groups))
    del corpus.programs[:-RECENT_PROGRAMS]
    manifest = {"key": key, "kind": "program", "title": title, "symbol": symbol, "body": "oas:cam",
                "date": day.isoformat(), "language": "en"}
    return "\n".join(lines) + "\n", truth, Earlier(key, "program", day, symbol, ""), manifest


def program_activities(corpus: Corpus, truth: DocTruth) -> tuple[list[str], tuple]:
    """Activities numbered 1..N under actor headings, member states last (as in 002)."""
    rng = corpus.rng
    actors = sorted(rng.sample(range(len(data.ACTORS)), rng.randint(2, 4)))
    lines = ["A. Organs, agencies, and entities of the OAS mentioned in this Program:"]
    groups = []
    n = 0
    for actor in actors + [-1]:
        if actor == -1:
            lines += ["B. OAS MEMBER STATES",
                      "The OAS member states may carry out the following activities on a unilateral basis."]
            body_key = data.MEMBER_STATES_KEY
        else:
            name, acronym, body_key = data.ACTORS[actor]
            heading = f"{name} ({acronym}):" if acronym else f"{name}:"
            lines.append(f"\u00b7 {heading}" if rng.random() < 0.5 else heading)
        group = []
        for _ in range(rng.randint(1, 4)):
            n += 1
            locator = f"act-{n}"
            content = pick_content(corpus, "activity")
            para = framed(content, "activity", rng)
            record_content(corpus, truth, locator, "activity", content, para)
            truth.assignments[locator] = body_key
            group.append((locator, para))
            lines.append(f"{n}. {para.text}")
        groups.append((actor, tuple(group)))
    return lines, tuple(groups)


# ---------------------------------------------------------------------------------------------
# Work plans
# ---------------------------------------------------------------------------------------------


def block_slug(name: str) -> str:
    """The id part the work-plan segmenter derives from "to the <body>:" (``segment_workplan.block_slug``)."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower().replace("'", "")).strip("-")


def work_plan(corpus: Corpus, index: int, day: dt.date) -> tuple[str, DocTruth, Earlier, dict]:
    rng = corpus.rng
    implemented = rng.choice(corpus.programs[-10:])
    yy = f"{day.year % 100:02d}"
    number = corpus.doc_number("cp")
    symbol, key = f"CP/doc. {number}/{yy}", f"oas:cp-doc-{number}-{yy}"
    title = f"Work Plan of the {implemented.title}"
    truth = DocTruth(file_name(index, "work-plan"), key, "work-plan", day.isoformat(), symbol)
    program_ref = Ref(implemented.key, "oas-doc", implemented.symbol)
    lines = ["WORK PLAN OF THE " + implemented.title.upper(), f"(Presented by the Secretary General, {symbol})",
             "I.", "Introduction", "",
             (f"This Work Plan organizes the specific activities of the Program contained in document "
              f"{program_ref.text}, with the resources available in {day.year}.")]
    truth.cite([program_ref])
    if implemented.adopted_by is not None:
        ref = cite_oas(implemented.adopted_by, rng)
        truth.cite([ref])
        lines.append(f"Pursuant to resolution {ref.text}, the Secretary General presents this Work Plan.")
    lines += ["II.", "Specific Activities by Area", ""]
    letter = iter("ABCDEFGHIJ")
    for actor, group in implemented.activities:
        if actor == -1:
            continue  # member states carry out their own activities; the plan lists the Organization's
        name, _, body_key = data.ACTORS[actor]
        lines += [f"{next(letter)}.", name, "",
                  (f"The Program assigns the following {data.NUMBER_WORDS[len(group)]} specific activities to "
                   f"the {name}:")]
        slug = block_slug(name)
        for i, (source_locator, para) in enumerate(group, start=1):
            locator = f"wp-{slug}.{i}"
            verbatim = rng.random() < 0.7
            text = para if verbatim else light_edit(para, rng)
            truth.paragraphs.append(locator)
            truth.cite(text.refs)
            truth.assignments[locator] = body_key
            truth.reuse.append({"locator": locator, "source_document": implemented.key,
                                "source_locator": source_locator, "mode": "verbatim" if verbatim else "edited"})
            lines.append(f"\u00b7 {text.text}")
        lines.append("")
    lines += ["III.", "Calendar", (f"The activities will be carried out between {long_date(day, us=True)} and "
                                   f"the next regular session of the General Assembly.")]
    manifest = {"key": key, "kind": "work-plan", "title": title, "symbol": symbol, "body": "oas:secretary-general",
                "date": day.isoformat(), "language": "en", "implements": implemented.key}
    return "\n".join(lines) + "\n", truth, Earlier(key, "work-plan", day, symbol, ""), manifest


# ---------------------------------------------------------------------------------------------
# The corpus, written as it is made
# ---------------------------------------------------------------------------------------------

MAKERS = {"resolution": oas_resolution, "un-resolution": un_resolution, "program": program, "work-plan": work_plan}


def file_name(index: int, kind: str) -> str:
    return f"{index:05d}_{FILE_TAG[kind]}.txt"


def choose_kind(corpus: Corpus) -> str:
    kind = corpus.rng.choices([k for k, _ in KIND_WEIGHTS], [w for _, w in KIND_WEIGHTS])[0]
    if kind == "work-plan" and not corpus.programs:
        return "program"
    return kind


def toml_entry(file: str, entry: dict[str, str]) -> str:
    lines = ["[[document]]", f"file = {json.dumps(file)}"]
    lines += [f"{name} = {json.dumps(value, ensure_ascii=False)}" for name, value in entry.items()]
    return "\n".join(lines) + "\n\n"


def documents(n_docs: int, seed: int) -> Iterator[tuple[str, str, DocTruth, dict]]:
    """(file name, text, truth, manifest entry) of each document, in date order."""
    corpus = Corpus(n_docs, seed)
    for index, day in enumerate(corpus.dates):
        kind = choose_kind(corpus)
        text, truth, earlier, entry = MAKERS[kind](corpus, index, day)
        corpus.remember(earlier)
        corpus.finish_document()
        yield truth.file, text, truth, entry


def generate(n_docs: int, seed: int, out_dir: Path) -> GroundTruth:
    """Write ``n_docs`` documents, their manifest and the ground truth into ``out_dir``."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {kind: 0 for kind, _ in KIND_WEIGHTS}
    written = 0
    with open(out_dir / MANIFEST_NAME, "w", encoding="utf-8", newline="\n") as manifest, \
            open(out_dir / TRUTH_NAME, "w", encoding="utf-8", newline="\n") as truth_file:
        manifest.write(f"# Synthetic corpus: {n_docs} documents, seed {seed} (bench/synth.py).\n\n")
        truth_file.write(f'{{"generator": "bench/synth.py", "n_docs": {n_docs}, "seed": {seed}, "documents": [\n')
        for index, (name, text, truth, entry) in enumerate(documents(n_docs, seed)):
            encoded = text.encode("utf-8")
            (out_dir / name).write_bytes(encoded)
            written += len(encoded)
            manifest.write(toml_entry(name, entry))
            truth_file.write(("" if index == 0 else ",\n") + json.dumps(truth.as_json(), ensure_ascii=False))
            counts[truth.kind] += 1
        truth_file.write("\n]}\n")
    return GroundTruth(out_dir, n_docs, seed, counts, written, time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, required=True, help="number of documents (100 to 20,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True, help="folder to write (created if missing)")
    args = parser.parse_args(argv)
    result = generate(args.docs, args.seed, args.out)
    megabytes = result.bytes_written / 1e6
    print(json.dumps({"out": str(result.out_dir), "documents": result.n_docs, "seed": result.seed,
                      "kinds": result.counts, "megabytes": round(megabytes, 2),
                      "megabytesPer1000": round(megabytes * 1000 / max(1, result.n_docs), 2),
                      "seconds": round(result.seconds, 2), "truth": str(result.truth_path)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
