"""``mandates changes`` and ``mandates first-appearance``: the series answers as text."""

from __future__ import annotations

import textwrap
from typing import Any


def _inline_diff(diff: list[dict[str, str]]) -> str:
    """The edit script inline: removed words as [-...-], added words as {+...+}."""
    parts = []
    for run in diff:
        if run["op"] == "equal":
            parts.append(run["old"])
        else:
            if run["old"]:
                parts.append(f"[-{run['old']}-]")
            if run["new"]:
                parts.append(f"{{+{run['new']}+}}")
    return " ".join(parts)


def _doc(d: dict[str, Any]) -> str:
    return f"{d.get('symbol') or d['id']}  {d.get('title') or ''}  ({d.get('date') or 'undated'})"


def render_changes(answer: dict[str, Any], *, show_repeated: bool = False, width: int = 100) -> str:
    lines = [f"subject:  {_doc(answer['subject'])}"]
    previous = answer["previous"]
    if previous is None:
        lines.append("previous: none found (no RENEWS link to an ingested resolution); every paragraph is new")
    else:
        lines.append(f"previous: {_doc(previous)}  [{previous.get('rule')}]")
    s = answer["summary"]
    lines.append(f"{s.get('new', 0)} new, {s.get('amended', 0)} amended, {s.get('repeated', 0)} repeated, "
                 f"{s.get('removed', 0)} removed")
    lines.append("")
    for row in answer["paragraphs"]:
        if row["status"] == "repeated" and not show_repeated:
            continue
        head = f"{row['localId']:<14} {row['status']:<9}"
        if row["status"] == "amended":
            head += f" (was {row['previousLocalId']}, {row['similarity']:.2f})"
            body = _inline_diff(row.get("diff") or [])
        else:
            body = row["text"]
        lines.append(head)
        lines.extend(textwrap.wrap(body, width=width - 4, initial_indent="    ", subsequent_indent="    "))
    for row in answer["removed"]:
        lines.append(f"{row['localId']:<14} removed")
        lines.extend(textwrap.wrap(row["text"], width=width - 4, initial_indent="    ", subsequent_indent="    "))
    return "\n".join(lines) + "\n"


def render_first_appearance(answer: dict[str, Any], *, width: int = 100) -> str:
    first = answer["first"]
    lines = [f"paragraph: {answer['subject']['id']}  ({answer['subject'].get('date') or 'undated'})"]
    if answer["isFirst"]:
        lines.append("first appearance: here (no earlier paragraph repeats it)")
    else:
        lines.append(f"first appearance: {first['id']}  ({first.get('date') or 'undated'})")
        for step in answer["path"]:
            lines.append(f"  <- {step['id']}  ({step.get('date') or 'undated'})  {step['via']}, {step['similarity']}")
        lines.extend(textwrap.wrap(first.get("text") or "", width=width - 4, initial_indent="    ",
                                   subsequent_indent="    "))
    return "\n".join(lines) + "\n"
