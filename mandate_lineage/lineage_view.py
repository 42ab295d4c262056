"""``mandates lineage``: finding the subject from what a user types, and the lineage as a tree."""

from __future__ import annotations

import textwrap
from typing import Any

from mandate_lineage.errors import Ambiguous
from mandate_lineage.queries import hops
from mandate_lineage.queries.lineage import EDGES_PER_NODE, LineageService
from mandate_lineage.queries.resolve import MAX_CANDIDATES


def resolve_target(service: LineageService, target: str, program: str | None = None) -> str:
    """A node key from what a user types (``Resolver``): a key, "activity 28", "AG/RES. 2141",
    "Second Summit", "IACHR", "op. 7 of AG/RES. 2027" ...; ``Ambiguous`` lists several matches."""
    from mandate_lineage.queries.resolve import Resolver

    return Resolver(service.store).resolve(target, program=program)


def candidates_text(error: Ambiguous) -> str:
    """The candidates of an ambiguous target, one per line: key, then its human label."""
    lines = [f"Error: {str(error).split(': ', 1)[0]}; name one of them:"]
    lines += [f"  {c['id']}\n      {c['label']}" for c in error.candidates]
    if len(error.candidates) == MAX_CANDIDATES:
        lines.append(f"  (the first {MAX_CANDIDATES} shown)")
    return "\n".join(lines) + "\n"


def _line(node: dict[str, Any], *, quote: bool = False) -> str:
    """``date  label  [key]``; a paragraph's own words are left out unless ``quote`` (the hop quotes them)."""
    date = node.get("date") or "undated"
    label = str(node.get("label") or node.get("name") or node["id"])
    if not quote and "Paragraph" in node.get("labels", []):
        label = label.split(": ‘", 1)[0]
    return f"{date}  {label}  [{node['id']}]"


def render_tree(answer: dict[str, Any], *, width: int = 100, quotes: bool = True, structure: bool | None = None) -> str:
    """The lineage as an indented tree: each node once, under the node it was reached from.

    Downstream, a part reached only through PART_OF that leads nowhere (a heading, a paragraph with
    no link of its own) is counted, not listed, unless ``structure`` is true: the acts come first.
    """
    nodes = {n["id"]: n for n in answer["nodes"]}
    upstream = answer["direction"] == "upstream"
    show_structure = upstream if structure is None else structure
    children: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for edge in answer["edges"]:
        along = edge["type"] in hops.POINTS_UPSTREAM
        parent, child = (edge["source"], edge["target"]) if along == upstream else (edge["target"], edge["source"])
        if edge["type"] == "PART_OF" and nodes.get(edge["source"], {}).get("partOfSubject"):
            parent, child = edge["target"], edge["source"]  # the subject's own paragraph hangs under it
        if "Body" in answer["subject"]["labels"] and answer["subject"]["id"] in (edge["source"], edge["target"]):
            parent = answer["subject"]["id"]  # a body's answer starts from it, whichever way the link points
            child = edge["source"] if edge["target"] == parent else edge["target"]
        children.setdefault(parent, []).append((child, edge))
    subject = answer["subject"]["id"]
    out = [_line(answer["subject"], quote=True)]
    if not upstream and answer.get("summary"):
        out.append("led to, by kind of link: " + ", ".join(
            f"{g['type']} {g['links']}" + (" (structure)" if g["kind"] == "structural" else "") for g in answer["summary"]))
    seen = {subject}
    hidden = 0

    def visit(key: str, prefix: str) -> None:
        nonlocal hidden
        first: dict[str, dict[str, Any]] = {}
        for child, edge in children.get(key, []):
            if child not in seen and child not in first:
                first[child] = edge  # each node once, under the first hop that reached it
        if not show_structure:
            leaves = [c for c, e in first.items() if e["type"] == "PART_OF"
                      and not any(g not in seen and g not in first for g, _ in children.get(c, []))]
            hidden += len(leaves)
            for leaf in leaves:
                del first[leaf]
        items = sorted(first.items(), key=lambda item: (str(nodes[item[0]].get("date") or "9999"), item[0]))
        seen.update(first)
        for index, (child, edge) in enumerate(items):
            last = index == len(items) - 1
            branch, indent = ("└─ ", "   ") if last else ("├─ ", "│  ")
            count = edge.get("count") or 1
            hop = f"{edge['kind']} {edge['type']}" + (f" ×{count}" if count > 1 else "")
            out.append(f"{prefix}{branch}{hop}: {_line(nodes[child])}")
            if quotes and edge["type"] != "PART_OF":
                quote = " ".join(str(edge["evidence"]["quote"]).split())
                wrapped = textwrap.shorten(quote, width=max(40, width - len(prefix) - 8), placeholder=" …")
                more = f" and {count - 1} more" if count > 1 else ""
                out.append(f"{prefix}{indent}   \"{wrapped}\" ({edge['evidence']['document']}{more})")
            visit(child, prefix + indent)

    visit(subject, "")
    if hidden:
        out.append(f"({hidden} parts reached only as structure, with no link of their own, not listed; --structure "
                   "lists them)")
    documents = answer.get("documents") or []
    if documents:
        out.append("")
        out.append("its paragraphs, by the document they lead to:")
        for entry in documents:
            out.append(f"  {entry['label']}  [{entry['document']}]: {', '.join(entry['types'])} from "
                       f"{', '.join(entry['paragraphs'][:6])}{' ...' if len(entry['paragraphs']) > 6 else ''}")
    origins = answer.get("origins") or []
    if origins:
        out.append("")
        out.append("origin: " + _line(origins[0], quote=True))
        if answer.get("origin_reason"):
            out.append("   why: " + answer["origin_reason"])
    if answer.get("institutional_root"):
        out.append("institutional root: " + _line(answer["institutional_root"]))
    if answer.get("hops"):
        out.append(f"followed ({answer['direction']}): {answer['hops']}")
    if answer.get("note"):
        out.append(f"note: {answer['note']}")
    if answer.get("truncated"):
        limit = answer.get("limit", float("inf"))
        if len(answer.get("nodes") or []) >= limit or len(answer.get("edges") or []) >= EDGES_PER_NODE * limit:
            out.append(f"(truncated at {answer['limit']} nodes or {EDGES_PER_NODE * answer['limit']} links, nearest "
                       f"first; ask for more with --limit, up to 2000)")
        else:
            out.append(f"(truncated at depth {answer['depth']}; the cap is {answer['depthCap']})")
    return "\n".join(out) + "\n"
