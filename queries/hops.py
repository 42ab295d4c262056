"""Which links each lineage question follows: decided here, as data, and nowhere else.

A walk steps from each node it reached along the rules of that node's kind (``"Body"``, or
``"default"`` for instruments, paragraphs and summits): ``("out", types)`` follows relationships
leaving the node, ``("in", types)`` relationships arriving at it. ``LineageService``,
``lineage_step.cypher`` (through its parameters) and the networkx view all read ``STEPS``; every
answer carries ``HOPS_SAID`` for its question, so a reader knows what was followed.

Upstream (where did it come from): a later text points at the earlier one (ECHOES, QUOTES,
REVISES, RENEWS, PART_OF, CITES: a resolution's paragraph recalling AG/RES. 2141), so those are
followed forward; an act points from the earlier act to what it led to (ASSIGNS, ADOPTS, MANDATES,
CREATES), so those are followed backward. A body's upstream is what created, renewed or mandates
it, and the body it belongs to. Downstream is the mirror; a body's downstream adds the activities
assigned to it and the bodies within it.

The subject's own parts belong to the question about it (``PARTS``): the upstream of a
resolution or program is also the upstream of its paragraphs (what they recall, quote, repeat),
summarised per document; paragraphs with no link of their own are left out.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Iterable, Mapping

ALONG: tuple[str, ...] = ("ECHOES", "QUOTES", "REVISES", "RENEWS", "PART_OF", "CITES")
ACTS: tuple[str, ...] = ("ASSIGNS", "ADOPTS", "MANDATES", "CREATES")

Steps = Mapping[str, tuple[tuple[str, frozenset[str]], ...]]


def _steps(rules: dict[str, tuple[tuple[str, tuple[str, ...]], ...]]) -> Steps:
    return MappingProxyType({kind: tuple((way, frozenset(types)) for way, types in steps) for kind, steps in rules.items()})


STEPS: Mapping[str, Steps] = MappingProxyType({
    "upstream": _steps({
        "default": (("out", ALONG), ("in", ACTS)),
        "Body": (("in", ("CREATES", "RENEWS", "MANDATES")), ("out", ("PART_OF",))),
    }),
    "downstream": _steps({
        "default": (("in", ALONG), ("out", ACTS)),
        "Body": (("out", ACTS), ("in", ("ASSIGNS", "PART_OF"))),
    }),
})

# For a walk whose subject is a body, the rules of the nodes it reaches (by kind): downstream, what
# came of the body's assignments is what later texts repeat of them, not everything the paragraph
# that assigned them goes on to mandate.
AFTER: Mapping[str, Mapping[str, Steps]] = MappingProxyType({
    "upstream": MappingProxyType({}),
    "downstream": MappingProxyType({"Body": _steps({"default": (("in", ("ECHOES", "QUOTES")),), "Body": ()})}),
})

# Merge labels whose own parts (paragraphs PART_OF them) join the subject in the first step.
PARTS: Mapping[str, frozenset[str]] = MappingProxyType({
    "upstream": frozenset({"Instrument"}),
    "downstream": frozenset({"Instrument"}),
})

# What the answer says it followed, per direction and kind of subject.
HOPS_SAID: Mapping[str, Mapping[str, str]] = MappingProxyType({
    "upstream": MappingProxyType({
        "default": "what it quotes, repeats, cites, revises or renews and what it is part of (followed forward); "
                   "what assigns, adopts, mandates or creates it (followed backward)",
        "Instrument": "the same for the instrument and for each of its paragraphs (what they recall, cite, quote, "
                      "repeat; who mandates them), summarised per document",
        "Body": "what created, renewed or mandates the body, and the body it belongs to; its names over time "
                "are on the node",
    }),
    "downstream": MappingProxyType({
        "default": "what quotes, repeats, cites, revises or renews it and its parts (followed backward); "
                   "what it assigns, adopts, mandates or creates (followed forward)",
        "Body": "what the body assigns, mandates or creates, the activities assigned to it and the bodies within it",
    }),
})


def kind_of(labels: Iterable[str]) -> str:
    return "Body" if "Body" in set(labels) else "default"


def rules_for(direction: str, labels: Iterable[str], subject_labels: Iterable[str],
              is_subject: bool) -> tuple[tuple[str, frozenset[str]], ...]:
    """The steps a walk takes from a node: its kind's rules; for a node reached on the way, the
    rules ``AFTER`` gives for the subject's kind, and none from a body (it ends its branch)."""
    kind = kind_of(labels)
    if not is_subject:
        after = AFTER[direction].get(kind_of(subject_labels))
        if after is not None:
            return after[kind]
        if kind == "Body":
            return ()
    return STEPS[direction][kind]


def step_parameters(direction: str, subject_labels: Iterable[str], subject_merge: str | None) -> dict[str, list[str]]:
    """The type lists ``lineage_step.cypher`` takes: ``<label>Out``/``<label>In`` per merge label.
    ``subject_merge`` names the subject's merge label on the first step (its rules), else None."""
    subject_labels = list(subject_labels)
    params: dict[str, list[str]] = {}
    for name, merge in (("instruments", "Instrument"), ("paragraphs", "Paragraph"), ("summits", "Summit"),
                        ("bodies", "Body")):
        is_subject = merge == subject_merge
        rules = rules_for(direction, subject_labels if is_subject else [merge], subject_labels, is_subject)
        for way in ("out", "in"):
            params[f"{name}{way.capitalize()}"] = sorted(t for w, types in rules if w == way for t in types)
    return params


def said(direction: str, merge_label: str) -> str:
    table = HOPS_SAID[direction]
    return table.get(merge_label) or table["default"]


# PART_OF followed backward (from a whole into its parts) only from these labels and from the
# subject: a summit's instruments and their commitments led somewhere; a document reached on the
# way is named, not unfolded into its hundreds of paragraphs and headings.
UNFOLDS: Mapping[str, frozenset[str]] = MappingProxyType({
    "upstream": frozenset(),
    "downstream": frozenset({"Summit", "SummitInstrument"}),
})


def unfolds(direction: str, labels: Iterable[str], is_subject: bool) -> bool:
    """Whether a walk may step from a node into its parts (PART_OF followed backward)."""
    return is_subject or bool(UNFOLDS[direction] & set(labels))



# Types whose relationship points from the later text to the earlier (so "upstream" is along it):
# the schema's list, and CITES, which a later text makes of an earlier one.
POINTS_UPSTREAM: frozenset[str] = frozenset(ALONG)
