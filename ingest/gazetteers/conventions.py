"""Named treaties and declarations: find them in a text, each resolved to one ``conv:`` key.

Facts live in ``ingest/data/conventions.toml``. Public API:

* :func:`load_conventions` - every :class:`Convention` (frozen), in file order; cached.
* :func:`find_conventions` - every mention in a cleaned text, as :class:`~.model.Reference`
  (kind ``"convention"``).

Matching follows :mod:`.gazetteer` (leftmost-longest, whitespace- and case-insensitive names,
capitals-only aliases such as "UDHR" matched exactly). On top of it:

* "Article 36 of the Vienna Convention on Consular Relations": the article prefix is part of
  the span and lands in ``attrs["article"]``; a short name listed under ``article_aliases``
  ("Vienna Convention") is accepted only with such a prefix (alone it is ambiguous).
* ILO conventions are also found as "ILO Convention No. 189", "Convention No. 189", "C189".
* A year before the name ("the 1963 Vienna Convention ...") is an alias in the data, so the
  span includes it.
* Anaphors ("the Convention", "that Convention", "its Protocols") are not resolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from mandate_lineage.errors import ConfigError

from ..model import Reference
from .gazetteer import PhraseIndex, is_acronym_like, load_toml

__all__ = ["Convention", "find_conventions", "load_conventions"]

DATA_FILE = "conventions.toml"
KINDS = ("convention", "protocol", "declaration", "covenant", "charter", "instrument-group")


@dataclass(frozen=True)
class Convention:
    """One treaty or declaration."""

    key: str
    name: str
    kind: str
    organisation: str
    year: int | None = None
    aliases: tuple[str, ...] = ()
    article_aliases: tuple[str, ...] = ()
    parent: str | None = None
    ilo_number: int | None = None
    members: tuple[str, ...] = ()

    def all_forms(self) -> tuple[str, ...]:
        """Every string the gazetteer recognises for it, generated ILO forms included."""
        forms = [self.name, *self.aliases]
        if self.ilo_number is not None:
            n = self.ilo_number
            forms += [f"ILO Convention No. {n}", f"ILO Convention {n}", f"Convention No. {n}", f"C{n}"]
        return tuple(forms)


def parse_conventions(data: dict[str, Any]) -> tuple[Convention, ...]:
    """Validate the parsed TOML and build the conventions; ``ConfigError`` on any inconsistency."""
    out: list[Convention] = []
    keys: set[str] = set()
    for i, raw in enumerate(data.get("conventions", [])):
        key = raw.get("key")
        where = f"{DATA_FILE} convention #{i + 1} ({key})"
        if not isinstance(key, str) or not re.fullmatch(r"conv:[a-z0-9][a-z0-9-]*", key):
            raise ConfigError(f"{where}: key must look like 'conv:slug'")
        if key in keys:
            raise ConfigError(f"{where}: duplicate key")
        keys.add(key)
        if raw.get("kind") not in KINDS:
            raise ConfigError(f"{where}: kind must be one of {KINDS}")
        ilo = raw.get("ilo_number")
        if ilo is not None and key != f"conv:ilo-c{ilo:03d}":
            raise ConfigError(f"{where}: an ILO convention's key is conv:ilo-cNNN")
        out.append(
            Convention(
                key=key,
                name=raw["name"],
                kind=raw["kind"],
                organisation=raw["organisation"],
                year=raw.get("year"),
                aliases=tuple(raw.get("aliases", ())),
                article_aliases=tuple(raw.get("article_aliases", ())),
                parent=raw.get("parent"),
                ilo_number=ilo,
                members=tuple(raw.get("members", ())),
            )
        )
    for conv in out:
        for ref in (conv.parent, *conv.members):
            if ref is not None and ref not in keys:
                raise ConfigError(f"{conv.key}: refers to unknown convention {ref!r}")
    return tuple(out)


@lru_cache(maxsize=1)
def load_conventions() -> tuple[Convention, ...]:
    """Every convention of ``conventions.toml``, validated, in file order (cached)."""
    return parse_conventions(load_toml(DATA_FILE))


_ARTICLE_BEFORE = re.compile(r"\bArticles?\s+(?P<article>\d+)\s+of\s+(?:the\s+)?\Z", re.IGNORECASE)


def _after_article(text: str, start: int, end: int) -> bool:
    return bool(_ARTICLE_BEFORE.search(text, max(0, start - 30), start))


@lru_cache(maxsize=1)
def _index() -> PhraseIndex[Convention]:
    index: PhraseIndex[Convention] = PhraseIndex()
    for conv in load_conventions():
        for form in conv.all_forms():
            index.add(form, conv, case_sensitive=is_acronym_like(form))
        for form in conv.article_aliases:
            index.add(form, conv, accept=_after_article)
    return index


def find_conventions(text: str) -> list[Reference]:
    """Every mention of a known treaty or declaration in ``text``, in order (module docstring)."""
    refs = []
    for m in _index().scan(text):
        conv = m.payload
        start = m.start
        attrs = {"organisation": conv.organisation, "convention_kind": conv.kind}
        if conv.year is not None:
            attrs["year"] = str(conv.year)
        if conv.ilo_number is not None:
            attrs["ilo_number"] = str(conv.ilo_number)
        if conv.parent is not None:
            attrs["parent"] = conv.parent
        if conv.members:
            attrs["members"] = " ".join(conv.members)
        art = _ARTICLE_BEFORE.search(text, max(0, start - 30), start)
        if art is not None:
            attrs["article"] = art.group("article")
            start = art.start()
        refs.append(
            Reference(
                kind="convention",
                key=conv.key,
                start=start,
                end=m.end,
                text=text[start : m.end],
                label=conv.name,
                attrs=attrs,
            )
        )
    return refs
