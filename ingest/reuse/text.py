"""Text side of reuse detection: verbatim tokens with spans, normalised terms, stock phrases, weights.

What the normaliser guarantees:

* Tokens are cut from the **verbatim** paragraph text by :data:`_WORD`; each keeps its
  ``[start, end)`` span in that text, so any run of aligned tokens maps back to an exact slice.
* A token's *term* is its case-folded form, curly apostrophes straightened, a possessive "'s"
  dropped, cut to ``ReuseConfig.stem_length`` characters: a crude, language-free stemmer that
  makes "communicate"/"communication" ("commun") and "migrants"/"migrant" ("migran") meet
  without a dictionary; "signing"/"signature" do not, and "international"/"internal" collide -
  acceptable, as a link needs an aligned run and several shared distinctive terms.
* Function words (:data:`STOPWORDS`) and one-character tokens (list markers "a", "1") carry no
  term: alignment and shingles run over content terms only, so "the states party" and
  "states party" align.
* Stock phrases (``data/stock_phrases.toml``) are matched over terms, and names are found by
  the reference finder (document symbols such as "AG/RES. 2141 (XXXV-O/05)"), the summits
  finder ("Declaration of Nuevo León") and the bodies gazetteer ("Pan American Health
  Organization (PAHO)"). Their tokens become *stock*: they never propose a candidate pair,
  never align, and weigh nothing. Two paragraphs naming the same body or resolution cite it
  (CITES and ASSIGNS edges say so); they do not reuse each other's text.
  Treaty names are *not* stock: "the Vienna Convention on Consular Relations" with what to do
  about it is often the very commitment a link should find.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from mandate_lineage.errors import ConfigError

from ..gazetteers.bodies import find_bodies
from ..gazetteers.gazetteer import load_toml
from ..gazetteers.summits import find_summits
from ..references.finder import find_references

DATA_FILE = "stock_phrases.toml"

# A word: letters/digits, with inner apostrophes ("state's", "Children’s"); hyphens and slashes
# split ("Inter-American" -> "Inter", "American"; "AG/RES" -> "AG", "RES").
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")

# Function words carry no content; "order" and "view" are there for "in order to", "with a view to".
STOPWORDS = frozenset({
    "a", "an", "and", "any", "are", "as", "at", "be", "been", "being", "but", "by", "for", "from",
    "had", "has", "have", "he", "her", "his", "i", "if", "in", "into", "is", "it", "its", "may",
    "might", "must", "no", "nor", "not", "of", "on", "or", "other", "our", "shall", "should", "so",
    "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this",
    "those", "through", "to", "under", "upon", "was", "were", "which", "while", "who", "whom",
    "will", "with", "within", "would", "also", "all", "both", "each", "either", "every", "alia",
    "said", "same", "very", "well", "order", "view",
})


@dataclass(frozen=True)
class Content:
    """The content tokens of one paragraph: ``terms[i]`` spans ``spans[i]`` of the verbatim text;
    ``stock[i]`` marks a token inside a stock phrase or a name."""

    terms: tuple[str, ...]
    spans: tuple[tuple[int, int], ...]
    stock: tuple[bool, ...]

    def __len__(self) -> int:
        return len(self.terms)


@lru_cache(maxsize=65536)
def term_of(word: str, stem_length: int) -> str | None:
    """The normalised term of one word (see the module docstring), or None for a function word."""
    folded = word.casefold().replace("’", "'")
    folded = folded.removesuffix("'s")
    if len(folded) < 2 or folded in STOPWORDS:
        return None
    return folded[:stem_length]


def content_terms(text: str, stem_length: int) -> list[tuple[str, int, int]]:
    """``(term, start, end)`` of every content word of ``text``, spans in ``text``."""
    out = []
    for match in _WORD.finditer(text):
        term = term_of(match.group(), stem_length)
        if term is not None:
            out.append((term, match.start(), match.end()))
    return out


def content_of(text: str, stem_length: int, stock: StockPhrases) -> Content:
    """The content tokens of ``text``, tokens of stock phrases and of names marked."""
    found = content_terms(text, stem_length)
    terms = tuple(term for term, _, _ in found)
    names = name_spans(text)
    in_name = [any(s <= start and end <= e for s, e in names) for _, start, end in found]
    marked = tuple(a or b for a, b in zip(stock.mark(terms), in_name))
    return Content(terms, tuple((start, end) for _, start, end in found), marked)


def name_spans(text: str) -> list[tuple[int, int]]:
    """Spans of document symbols, summit references and body names in ``text``."""
    spans = [(r.start, r.end) for r in find_references(text) + find_summits(text)]
    spans += [(b.start, b.end) for b in find_bodies(text)]
    return spans


class StockPhrases:
    """Phrases shared by every text of a domain, as term sequences, matched over a term list."""

    def __init__(self, phrases: Iterable[str], stem_length: int) -> None:
        by_first: dict[str, set[tuple[str, ...]]] = {}
        for phrase in phrases:
            terms = tuple(term for term, _, _ in content_terms(phrase, stem_length))
            if terms:
                by_first.setdefault(terms[0], set()).add(terms)
        # longest first, so an occurrence is marked whole even when a shorter entry also starts there
        self._by_first = {k: sorted(v, key=lambda s: (-len(s), s)) for k, v in by_first.items()}

    def mark(self, terms: Sequence[str]) -> tuple[bool, ...]:
        marked = [False] * len(terms)
        for i, term in enumerate(terms):
            for phrase in self._by_first.get(term, ()):
                if tuple(terms[i:i + len(phrase)]) == phrase:
                    marked[i:i + len(phrase)] = [True] * len(phrase)
                    break
        return tuple(marked)


@lru_cache(maxsize=8)
def load_stock_phrases(stem_length: int) -> StockPhrases:
    """The phrases of ``data/stock_phrases.toml``, normalised with ``stem_length`` (cached)."""
    data = load_toml(DATA_FILE)
    phrases = data.get("phrases")
    if not isinstance(phrases, list) or not all(isinstance(p, str) and p.strip() for p in phrases):
        raise ConfigError(f"{DATA_FILE}: 'phrases' must be a list of non-empty strings")
    return StockPhrases(phrases, stem_length)


def shingles(content: Content, size: int) -> set[tuple[str, ...]]:
    """Runs of ``size`` consecutive content terms with no stock token among them."""
    out = set()
    for i in range(len(content) - size + 1):
        if not any(content.stock[i:i + size]):
            out.add(content.terms[i:i + size])
    return out


def inverse_paragraph_frequency(contents: Sequence[Content]) -> dict[str, float]:
    """``ln(N / df)`` for every term, df counted in paragraphs: a term found in one paragraph of
    500 weighs ~6.2, one found in every other paragraph ~0.7."""
    df: Counter[str] = Counter()
    for content in contents:
        df.update(set(content.terms))
    n = max(len(contents), 1)
    return {term: math.log(n / count) for term, count in df.items()}


def widespread_shingles(shingle_sets: Sequence[set[tuple[str, ...]]], documents: Sequence[str],
                        share: float) -> set[tuple[str, ...]]:
    """Shingles found in at least ``share`` of the distinct documents: the corpus's own stock
    phrases, which the data list cannot foresee on a large corpus."""
    seen: dict[tuple[str, ...], set[str]] = {}
    for found, document in zip(shingle_sets, documents):
        for shingle in found:
            seen.setdefault(shingle, set()).add(document)
    n_documents = len(set(documents))
    return {s for s, docs in seen.items() if len(docs) >= share * n_documents}


def mark_shingles(content: Content, common: set[tuple[str, ...]], size: int) -> Content:
    """``content`` with every token of a ``common`` shingle marked stock."""
    if not common:
        return content
    stock = list(content.stock)
    for i in range(len(content) - size + 1):
        if content.terms[i:i + size] in common:
            stock[i:i + size] = [True] * size
    return Content(content.terms, content.spans, tuple(stock))
