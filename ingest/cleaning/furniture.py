"""Page furniture in plain text extracted from PDFs elsewhere, where no layout is left.

A running header ("A/RES/72/179 Protection of migrants") and page stamps ("17-23170 10/10",
"2/10 17-23170", "17-23170 (E)", "*1723170*") stand on lines of their own between the pages. A
stamp is recognised by its form; a header line by repetition: the same line, opening with a
document symbol, two times or more. The furniture line goes with the blank lines around it; where
a sentence runs on over it (the line before ends in a word, or the text after starts in lower
case) the break left is one line break, so a hard-wrapped paragraph is one paragraph again.
"""

from __future__ import annotations

import re
from collections import Counter

from .clean import Edit

_STAMP = re.compile(
    r"""^[ \t]*(?:\d{2}-\d{5}[ \t]+\d{1,3}/\d{1,3}          # 17-23170 10/10
         |\d{1,3}/\d{1,3}[ \t]+\d{2}-\d{5}                 # 2/10 17-23170
         |\d{2}-\d{5}[ \t]*\([A-Z]\)(?:[ \t]+\d{6}){0,2}   # 17-23170 (E) 231217
         |\*\d{7,}\*)[ \t]*$""",                            # *1723170*
    re.VERBOSE | re.M,
)
# A header opens with a UN or OAS symbol: "A/RES/72/179 Protection of migrants", "AG/RES. 2141 ...".
_HEADER = re.compile(r"^[ \t]*(?:[A-Z]{1,5}/(?:[A-Z0-9.-]+/)*[A-Z0-9.-]*\d[A-Z0-9.()/-]*)(?:[ \t]+\S.*)?$", re.M)
_LINE = re.compile(r"[^\n]*")


def remove_running_furniture(text: str) -> list[Edit]:
    """Delete page stamps and repeated header lines with their blank lines (see the module docstring)."""
    counts = Counter(m.group().strip() for m in _HEADER.finditer(text))
    furniture = [m.span() for m in _STAMP.finditer(text)]
    furniture += [m.span() for m in _HEADER.finditer(text) if counts[m.group().strip()] >= 2]
    if not furniture:
        return []
    edits: list[Edit] = []
    last_end = -1
    for start, end in sorted(furniture):
        if start < last_end:
            continue
        # widen over the blank lines and neighbouring furniture around it
        lo = start
        while lo > 0 and text[lo - 1] in " \t\n":
            lo -= 1
        hi = end
        while hi < len(text) and text[hi] in " \t\n":
            hi += 1
        while True:  # a stamp right after a header (or the reverse): one break
            nxt = next(((s, e) for s, e in furniture if s >= hi and text[hi:s].strip() == ""), None)
            if nxt is None or nxt[0] != hi:
                break
            hi = nxt[1]
            while hi < len(text) and text[hi] in " \t\n":
                hi += 1
        lo = max(lo, last_end)
        if lo == 0 or hi == len(text):
            edits.append(Edit(lo, hi, ""))
        else:
            before, after = text[:lo].rstrip()[-1:], text[hi : hi + 1]
            # "and" + "Development": the sentence runs on; "Rights," + "1. Calls": a new paragraph
            runs_on = after.islower() or before.isalnum()
            blank = "\n\n" in text[lo:start] or "\n\n" in text[end:hi]
            edits.append(Edit(lo, hi, "\n" if runs_on or not blank else "\n\n"))
        last_end = hi
    return edits
