"""What a reusable paragraph says: fresh, reused from an earlier one, sharing only a stock phrase,
or rephrasing a summit commitment an earlier document quoted (see ``bench/synth.py``)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from bench import synth_data as data
from bench.synth_model import (
    Corpus,
    DocTruth,
    Para,
    Ref,
    Reusable,
    fresh_commitment,
    light_edit,
    lower_first,
    protected_words,
    quote_key,
)

# ---------------------------------------------------------------------------------------------
# Operative paragraphs and activities: fresh, reused, or sharing a stock phrase
# ---------------------------------------------------------------------------------------------


@dataclass
class Content:
    para: Para
    source: Reusable | None = None
    mode: str = ""  # "verbatim" | "edited" | "paraphrase"
    stock: str | None = None


def pick_content(corpus: Corpus, family: str) -> Content:
    """A commitment for a paragraph of ``family``: a paraphrase of a summit commitment an earlier
    document quoted (activities and OAS operative paragraphs, a few percent), reused from an
    earlier paragraph (~25%), a distractor sharing only a stock phrase (~12%), or fresh."""
    rng = corpus.rng
    share = data.PARAPHRASE_SHARE.get(family, 0.0)
    if share and corpus.quoted and rng.random() < share:
        return paraphrase_content(corpus, family)
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
# Summit commitments: quoted verbatim by work plans and programs, rephrased by later activities
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Commitment:
    """One commitment of a summit instrument (``data.SUMMIT_COMMITMENTS``), as quoted."""

    instrument: str  # name as an introducing sentence writes it ("Plan of Action of the Second ...")
    instrument_key: str
    verb: str
    object: str
    clauses: tuple[str, ...]

    @property
    def text(self) -> str:
        """"Seek full respect for, and compliance with, the 1963 Vienna Convention ..., especially ...."."""
        return ", ".join((f"{self.verb} {self.object}",) + self.clauses).replace(",,", ",") + "."

    @property
    def key(self) -> str:
        return quote_key(self.instrument_key, self.text)

    @property
    def refs(self) -> list[Ref]:
        """What the ingest cites inside the quoted text (a convention it names)."""
        return [Ref(key, "convention", name) for name, key, _ in data.CONVENTIONS if name in self.text]


def quotable_instruments(day: dt.date) -> list[tuple[str, str, str, tuple]]:
    """Summit instruments adopted before ``day`` (with their commitments)."""
    return [i for i in data.SUMMIT_COMMITMENTS if i[2] < day.isoformat()]


def commitments_of(instrument: tuple[str, str, str, tuple]) -> list[Commitment]:
    name, key, _, pool = instrument
    return [Commitment(name, key, verb, obj, clauses) for verb, obj, clauses in pool]


def quote_commitments(corpus: Corpus, truth: DocTruth, day: dt.date, *, most: int) -> list[Commitment]:
    """One to ``most`` commitments of one instrument adopted before ``day``, recorded as quoted by
    the document (truth and corpus state); [] when the document quotes none (most do not)."""
    rng = corpus.rng
    instruments = quotable_instruments(day)
    if not instruments or rng.random() >= data.QUOTE_SHARE:
        return []
    pool = commitments_of(rng.choice(instruments))
    chosen = rng.sample(pool, min(len(pool), rng.randint(1, most)))
    truth.cite([Ref(chosen[0].instrument_key, "summit", chosen[0].instrument)])
    for commitment in chosen:
        truth.cite(commitment.refs)
        truth.quotes.append({"locator": f"quote-{len(truth.quotes) + 1}", "key": commitment.key,
                             "instrument": commitment.instrument_key})
    corpus.pending_quotes += chosen
    return chosen


def paraphrase(commitment: Commitment, rng: random.Random) -> Para:
    """A commitment in other words, as a program writes it into an activity: another verb of the
    same sense; of the object and the clauses kept (each clause is dropped half the time), about
    half the content words reworded, one run of three kept as it was; an implementing clause
    added; the clauses in another order. Convention names are never reworded."""
    verb = rng.choice(data.PARAPHRASE_VERBS[commitment.verb])
    parts = [commitment.object] + [c.removeprefix("and ") for c in commitment.clauses if rng.random() < 0.5]
    words = [part.split(" ") for part in parts]
    flat = [(k, i) for k, part in enumerate(words) for i in range(len(part))]
    protected = tuple(name for name, _, _ in data.CONVENTIONS if name in commitment.text)
    keep = {(k, i) for k, part in enumerate(words) for i in protected_words(part, protected)}
    content = [ki for ki in flat if words[ki[0]][ki[1]].rstrip(",.;").lower() not in data.PARAPHRASE_FUNCTION_WORDS]
    object_content = [ki for ki in content if ki[0] == 0]
    if len(object_content) >= 3:  # the phrase carried over unchanged
        first = rng.randrange(len(object_content) - 2)
        keep.update(object_content[first:first + 3])
    swappable = [ki for ki in content if ki not in keep and words[ki[0]][ki[1]].rstrip(",.;") in data.PARAPHRASE_SWAPS]
    for k, i in rng.sample(swappable, min(len(swappable), round(len(content) * data.PARAPHRASE_REWORDED))):
        bare = words[k][i].rstrip(",.;")
        words[k][i] = words[k][i].replace(bare, data.PARAPHRASE_SWAPS[bare], 1)
    clauses = [" ".join(part) for part in words[1:]] + [rng.choice(data.PARAPHRASE_CLAUSES).removeprefix("and ")]
    rng.shuffle(clauses)
    text = f"{verb} {' '.join(words[0])}, " + ", ".join(clauses) + "."
    return Para(text.replace(",,", ","), commitment.refs, protected)


def paraphrase_content(corpus: Corpus, family: str) -> Content:
    """A paragraph of ``family`` rephrasing a commitment an earlier document quoted: its reuse
    source is the quote paragraph (keyed by the ingest under the quoted instrument)."""
    rng = corpus.rng
    commitment = rng.choice(corpus.quoted)
    para = paraphrase(commitment, rng)
    if family == "oas-op":
        para = Para(f"{rng.choice(data.OAS_OPERATIVE_LEADS)} {lower_first(para.text)}", para.refs, para.protected)
    instrument, locator = commitment.key.split("#", 1)
    source = Reusable(instrument, locator, "quote", commitment.text, tuple(commitment.refs), ())
    return Content(para, source, "paraphrase")
