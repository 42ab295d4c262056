"""Decisions, kept apart from resolutions, and references to a paragraph of a resolution.

Decisions (their own kinds and keys, never a resolution's):

* a treaty body's Conference of the Parties: "decision 1/CP.21", "decision 7/COP.13",
  "decision 1/CMA.5" -> ``cop:decision-1-cp-21`` (kind ``cop-decision``);
* the General Assembly: "its decision 79/512", "decision 60/519" -> ``un:a-dec-79-512`` (kind
  ``un-ga-dec``): a session number (31 and up) and a decision number of three digits (400s and
  500s); "decision 15/4" after "CBD/COP/15/17" is neither and is left alone (precision first);
* a decision of a named council: "Human Rights Council decision 55/115" -> ``un:hrc-dec-55-115``,
  "Economic and Social Council decision 2024/330" -> ``un:ecosoc-dec-2024-330``.

"paragraph 49 of resolution 73/195" is a reference to the paragraph: the resolution reference
grows to hold "paragraph 49 of" and records ``attrs["paragraph"] == "49"`` and
``attrs["paragraph_key"] == "un:a-res-73-195#op-49"``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterator

from ..model import Reference

_COP = re.compile(r"\b[Dd]ecisions?\s+(?P<n>\d{1,3})/(?P<body>CP|CMA|CMP|COP|MOP)\.(?P<session>\d{1,2})\b")
_COP_ITEM = re.compile(r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?P<n>\d{1,3})/(?P<body>CP|CMA|CMP|COP|MOP)\.(?P<session>\d{1,2})\b")
_NAMED = re.compile(
    r"\b(?P<body>General\s+Assembly|Human\s+Rights\s+Council|Economic\s+and\s+Social\s+Council|its)\s+"
    r"(?P<word>[Dd]ecisions?)\s+(?P<n>(?:\d{2}|\d{4})/\d{1,3})(?![\d/])")
_BARE_GA = re.compile(r"\b[Dd]ecisions?\s+(?P<n>(?:3[1-9]|[4-9]\d)/[45]\d\d)(?![\d/])")
_GA_ITEM = re.compile(r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?P<n>(?:3[1-9]|[4-9]\d)/[45]\d\d)(?![\d/])")
_BODY = {"general assembly": ("un-ga-dec", "un:a-dec-", "A/DEC/{n}"), "its": ("un-ga-dec", "un:a-dec-", "A/DEC/{n}"),
         "human rights council": ("un-hrc-dec", "un:hrc-dec-", "HRC decision {n}"),
         "economic and social council": ("un-ecosoc-dec", "un:ecosoc-dec-", "ECOSOC decision {n}")}
# "paragraph 49 of ", "paragraphs 8 and 9 of its ", "paragraph 3 (b) of " just before a resolution reference.
_PARAGRAPH_OF = re.compile(
    r"\b[Pp]aragraphs?\s+(?P<nums>\d{1,3}(?:\s?\([a-z]{1,4}\))?(?:(?:\s*,\s*|\s+and\s+|\s+to\s+)\d{1,3}"
    r"(?:\s?\([a-z]{1,4}\))?)*)\s+of\s+(?:its\s+|the\s+)?\Z")
_FIRST_NUMBER = re.compile(r"\d{1,3}")
_RESOLUTION_KINDS = {"un-ga-res", "un-hrc-res", "un-sc-res", "un-ecosoc-res"}


def _ref(kind: str, key: str, text: str, start: int, end: int, label: str, number: str) -> Reference:
    return Reference(kind, key, start, end, text[start:end], label, attrs={"number": number, "decision": "true"})


def find_decisions(text: str) -> Iterator[Reference]:
    """Decisions of COPs, of the General Assembly and of named councils (see the module docstring)."""
    for m in _COP.finditer(text):
        yield from _cop(text, m, m.start())
        pos = m.end()
        while item := _COP_ITEM.match(text, pos):
            yield from _cop(text, item, item.start("n"))
            pos = item.end()
    for m in _NAMED.finditer(text):
        body = " ".join(m["body"].split()).lower()
        number = m["n"]
        if body == "its" and not _BARE_GA.fullmatch(f"decision {number}"):
            continue  # "its decision 15/4" in a COP's own text: not a General Assembly decision
        kind, prefix, label = _BODY[body]
        start = m.start("word") if body == "its" else m.start("body")
        yield _ref(kind, prefix + number.replace("/", "-"), text, start, m.end(), label.format(n=number), number)
        yield from _ga_items(text, m.end(), kind, prefix, label)
    for m in _BARE_GA.finditer(text):  # the same span as a named one is dropped as an overlap
        yield _ref("un-ga-dec", "un:a-dec-" + m["n"].replace("/", "-"), text, m.start(), m.end(),
                   f"A/DEC/{m['n']}", m["n"])
        yield from _ga_items(text, m.end(), "un-ga-dec", "un:a-dec-", "A/DEC/{n}")


def _cop(text: str, m: re.Match[str], start: int) -> Iterator[Reference]:
    number = f"{m['n']}/{m['body']}.{m['session']}"
    yield _ref("cop-decision", f"cop:decision-{m['n']}-{m['body'].lower()}-{m['session']}", text, start, m.end(),
               f"decision {number}", number)


def _ga_items(text: str, pos: int, kind: str, prefix: str, label: str) -> Iterator[Reference]:
    while item := _GA_ITEM.match(text, pos):
        yield _ref(kind, prefix + item["n"].replace("/", "-"), text, item.start("n"), item.end(),
                   label.format(n=item["n"]), item["n"])
        pos = item.end()


def with_paragraphs(text: str, refs: list[Reference]) -> list[Reference]:
    """Resolution references preceded by "paragraph N of" grow to hold it and name the paragraph."""
    out = []
    for ref in refs:
        if ref.kind in _RESOLUTION_KINDS:
            m = _PARAGRAPH_OF.search(text, max(0, ref.start - 80), ref.start)
            if m is not None:
                nums = " ".join(m["nums"].split())
                first = _FIRST_NUMBER.match(nums)
                attrs = dict(ref.attrs, paragraph=nums, paragraph_key=f"{ref.key}#op-{first.group(0)}" if first else "")
                ref = replace(ref, start=m.start(), text=text[m.start():ref.end], attrs=attrs)
        out.append(ref)
    return out
