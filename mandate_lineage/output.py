"""Rendering query rows for a terminal: table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Any


def _cell(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _prose(value: Any) -> bool:
    """Whether a value holds text with spaces (a sentence, a title) rather than only keys and numbers."""
    if isinstance(value, str):
        return any(ch.isspace() for ch in value)
    if isinstance(value, list):
        return any(_prose(item) for item in value)
    if isinstance(value, dict):
        return any(_prose(item) for item in value.values())
    return False


def _shorten(value: Any, cell: str, max_width: int) -> str:
    """A long cell cut to ``max_width`` with an ellipsis, unless it holds no prose: keys, ids and
    lists of keys are always whole, so they can be copied back into a query."""
    if len(cell) <= max_width or not _prose(value):
        return cell
    return cell[: max_width - 1] + "…"


def format_rows(columns: list[str], rows: list[list[Any]], fmt: str = "table", *, max_width: int = 60) -> str:
    if fmt == "json":
        return json.dumps([dict(zip(columns, row)) for row in rows], ensure_ascii=False, indent=2, default=str) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([[_cell(v) for v in row] for row in rows])
        return buffer.getvalue()
    cells = [[_shorten(v, _cell(v).replace("\n", " "), max_width) for v in row] for row in rows]
    widths = [max([len(col)] + [len(row[i]) for row in cells]) for i, col in enumerate(columns)]
    line = lambda items: "  ".join(item.ljust(w) for item, w in zip(items, widths)).rstrip()  # noqa: E731
    out = [line(columns), line(["-" * w for w in widths])] + [line(row) for row in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


def format_search(answer: dict[str, Any], *, width: int = 100) -> str:
    """``mandates search`` as text: one block per hit, the key whole, the snippet wrapped."""
    import textwrap

    words = ", ".join(answer["words"])
    first, last = answer["offset"] + 1, answer["offset"] + len(answer["results"])
    total = f"{answer['total']}{'' if answer['complete'] else '+'}"
    if not answer["results"]:
        return f"No match for all of: {words} (total {total}).\n"
    out = [f"{first}-{last} of {total} matches for all of: {words}"]
    for rank, hit in enumerate(answer["results"], start=first):
        out.append("")
        out.append(f"{rank:>3}. {hit['label']:<10} {hit['date'] or 'undated':<10}  {hit['key']}  (score {hit['score']:g})")
        context = f"{hit['name']}" + (f" in {hit['document']}" if hit["document"] and hit["document"] != hit["key"] else "")
        out.append(f"     {context}")
        out.extend(textwrap.wrap(f'"{hit["snippet"]}"', width=max(40, width - 5), initial_indent="     ",
                                 subsequent_indent="     "))
    if answer["truncated"]:
        out.append("")
        out.append(f"More results: --offset {last}")
    return "\n".join(out) + "\n"
