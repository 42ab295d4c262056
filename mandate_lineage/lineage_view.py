"""``mandates lineage``: finding the subject from what a user types, and the lineage as a tree."""

from __future__ import annotations

import re
import textwrap
from typing import Any

from mandate_lineage.errors import NotFound
from mandate_lineage.graph import schema
from mandate_lineage.queries import run
from mandate_lineage.queries.lineage import EDGES_PER_NODE, LineageService

_ACTIVITY = re.compile(r"^\s*(?:activity|act\.?)\s*#?\s*(\d+)\s*$", re.I)


def resolve_target(service: LineageService, target: str, program: str | None = None) -> str:
    """A node key from ``"activity 28"``, a node id, or a symbol such as ``"AG/RES. 2141"``."""
    match = _ACTIVITY.match(target)
    if match:
        return service.activity_key(match.group(1), program)
    from mandate_lineage.ingest.references.finder import parse_symbol

    ref = parse_symbol(target)
    if ref is not None:
        base = ref.attrs.get("base") or ref.key
        rows = run(service.store, "instrument_by_symbol", {"key": ref.key, "prefix": base + "-"}).rows
        if rows:
            return rows[0][0]
        raise NotFound(f"{target!r} ({ref.key}) is not in the graph")
    service.node(target)  # NotFound with a message if it is not a key either
    return target


def _line(node: dict[str, Any]) -> str:
    date = node.get("date") or "undated"
    return f"{date}  {node.get('name') or node['id']}  [{node['id']}]"


def render_tree(answer: dict[str, Any], *, width: int = 100, quotes: bool = True) -> str:
    """The lineage as an indented tree: each node once, under the node it was reached from."""
    nodes = {n["id"]: n for n in answer["nodes"]}
    upstream = answer["direction"] == "upstream"
    children: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for edge in answer["edges"]:
        along = edge["type"] in schema.POINTS_UPSTREAM
        parent, child = (edge["source"], edge["target"]) if along == upstream else (edge["target"], edge["source"])
        children.setdefault(parent, []).append((child, edge))
    subject = answer["subject"]["id"]
    out = [_line(answer["subject"])]
    seen = {subject}

    def visit(key: str, prefix: str) -> None:
        first: dict[str, dict[str, Any]] = {}
        for child, edge in children.get(key, []):
            if child not in seen and child not in first:
                first[child] = edge  # each node once, under the first hop that reached it
        items = sorted(first.items(), key=lambda item: (str(nodes[item[0]].get("date") or "9999"), item[0]))
        seen.update(first)
        for index, (child, edge) in enumerate(items):
            last = index == len(items) - 1
            branch, indent = ("└─ ", "   ") if last else ("├─ ", "│  ")
            hop = f"{edge['kind']} {edge['type']}"
            out.append(f"{prefix}{branch}{hop}: {_line(nodes[child])}")
            if quotes and edge["type"] != "PART_OF":
                quote = " ".join(str(edge["evidence"]["quote"]).split())
                wrapped = textwrap.shorten(quote, width=max(40, width - len(prefix) - 8), placeholder=" …")
                out.append(f"{prefix}{indent}   \"{wrapped}\" ({edge['evidence']['document']})")
            visit(child, prefix + indent)

    visit(subject, "")
    origins = answer.get("origins") or []
    if origins:
        out.append("")
        out.append("origin: " + _line(origins[0]))
    if answer.get("institutional_root"):
        out.append("institutional root: " + _line(answer["institutional_root"]))
    if answer.get("truncated"):
        limit = answer.get("limit", float("inf"))
        if len(answer.get("nodes") or []) >= limit or len(answer.get("edges") or []) >= EDGES_PER_NODE * limit:
            out.append(f"(truncated at {answer['limit']} nodes or {EDGES_PER_NODE * answer['limit']} links, nearest "
                       f"first; ask for more with --limit, up to 2000)")
        else:
            out.append(f"(truncated at depth {answer['depth']}; the cap is {answer['depthCap']})")
    return "\n".join(out) + "\n"
