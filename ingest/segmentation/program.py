"""Programs (002): Roman-numeral sections, objectives, and numbered activities under actor headings.

In the activities section ("V. SUGGESTED SPECIFIC ACTIVITIES") every numbered line is an activity
of the actor heading above it: a bullet line ("· General Secretariat:"), a line ending with a colon
("Inter-American Commission of Women (CIM):") or a lettered heading ("B. OAS MEMBER STATES").
In the objectives section, general objectives are numbered and specific objectives are one per line.
"""

from __future__ import annotations

import re

from ..model import CleanText
from .common import (
    Builder,
    Headings,
    add_heading,
    continuation_end,
    heading_at,
    is_footnote_line,
    split_lines,
    tidy,
)

# "28. Promote consular assistance ..." (the marker is left out of the paragraph text)
NUMBERED = re.compile(r"^(?P<num>\d{1,2})\.\s+")
BULLET = re.compile(r"^[\u00b7\u2022]\s*")  # "· General Secretariat:"
_ACTIVITIES_SECTION = re.compile(r"SPECIFIC ACTIVITIES", re.I)  # "V. SUGGESTED SPECIFIC ACTIVITIES"
_OBJECTIVES_SECTION = re.compile(r"OBJECTIVES", re.I)  # "IV. PROGRAM OBJECTIVES"


def is_actor_heading(content: str) -> bool:
    """"· General Secretariat:", "· Specialized organizations", "Pan American Health Organization (PAHO):"."""
    if len(content) > 120 or NUMBERED.match(content):
        return False
    return bool(BULLET.match(content)) or content.endswith(":")


def segment_program(clean: CleanText) -> Builder:
    text = clean.text
    b = Builder(text)
    lines = split_lines(text)
    heads = Headings()
    actor: str | None = None
    specific = 0
    activity_numbers: list[int] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.blank:
            i += 1
            continue
        if is_footnote_line(clean, line):
            b.add_footnote(line)
            i += 1
            continue
        section_title = heads.title_at(1) or ""
        in_activities = bool(_ACTIVITIES_SECTION.search(section_title))
        in_objectives = bool(_OBJECTIVES_SECTION.search(section_title))
        head = heading_at(lines, i)
        if head:
            num, title, i = head
            add_heading(b, heads, num, title)
            level = heads.stack[-1][0]
            if level == 1:
                actor = None
            elif level == 2 and _ACTIVITIES_SECTION.search(heads.title_at(1) or ""):
                actor = tidy(title.content)  # "B. OAS MEMBER STATES" heads activities 21-42
            i += 1
            continue
        last = continuation_end(lines, i)
        end = lines[last].cend
        m = NUMBERED.match(line.content)
        section = heads.section()
        if in_activities and is_actor_heading(line.content):
            actor = tidy(line.content)
            b.add("heading", line.cstart, end, prefix="h", actor=actor, section=section, extra={"role": "actor"})
        elif in_activities and m:
            num = m.group("num")
            activity_numbers.append(int(num))
            b.add("activity", line.cstart + m.end(), end, local_id=f"act-{num}", number=num,
                  actor=actor, section=section)  # fmt: skip
        elif in_objectives and _is_objectives_heading(heads, "General") and m:
            num = m.group("num")
            b.add("objective", line.cstart + m.end(), end, local_id=f"obj-g-{num}", number=num, section=section)
        elif in_objectives and _is_objectives_heading(heads, "Specific"):
            specific += 1
            b.add("objective", line.cstart, end, local_id=f"obj-s-{specific}", section=section)
        else:
            marker = m or BULLET.match(line.content)  # "· General Secretariat" in the list of actors
            b.add_text(line.cstart + (marker.end() if marker else 0), end, number=m.group("num") if m else None,
                       section=section, actor=actor if in_activities else None)  # fmt: skip
        i = last + 1
    b.warnings.extend(check_activity_numbers(activity_numbers))
    return b


def _is_objectives_heading(heads: Headings, which: str) -> bool:
    """Inside "A. General Objectives" / "B. Specific Objectives"."""
    title = heads.title_at(2) or ""
    return title.lower().startswith(which.lower())


def check_activity_numbers(numbers: list[int]) -> list[str]:
    """Warnings when activities are not numbered 1..N, each exactly once."""
    if not numbers:
        return []
    expected = set(range(1, max(numbers) + 1))
    missing = sorted(expected - set(numbers))
    repeated = sorted({n for n in numbers if numbers.count(n) > 1})
    warnings = []
    if missing:
        warnings.append(f"activities: numbers missing from 1..{max(numbers)}: {missing}")
    if repeated:
        warnings.append(f"activities: numbers repeated: {repeated}")
    return warnings

