"""Text clean-up: small pure steps that keep every character's original span.

Each step is a function ``str -> list[Edit]``: it only *describes* what to change. ``apply_edits``
turns the edits into new text plus, for every new character, the original span it came from, so
``clean_text`` can chain any subset of steps (``CLEANERS``, in order) and still map every cleaned
span back to the file (``CleanText.to_original``).

What ``clean_text`` guarantees (tested with hypothesis on random text and on every corpus file):

* ``len(starts) == len(ends) == len(text)``; ``starts`` and ``ends`` are non-decreasing;
* ``clean.original_slice(s, e)`` is the original text between the mapped offsets, so evidence
  quoted from a cleaned span is always verbatim original text;
* newlines are ``\\n`` only; no NBSP, zero-width or odd spaces; quotes are straight ASCII quotes;
* lost footnote markers (``\ufffd.``, a lone ``/``) are gone; glued footnote numbers are gone.

How an edit maps (``Edit(start, end, new)`` replaces ``text[start:end]``):

* one for one (``len(new) == end - start``): character ``k`` of ``new`` maps to ``start + k``;
* deletion (``new == ""``): the removed characters belong to no cleaned character;
* insertion (``start == end``): an inserted character has no original of its own, so it maps to
  the span of the character it is glued *after* (``2224`` + `` `` in ``2224 (XXXVI-O/06)`` maps
  to the ``4``); at offset 0 it maps to the following character. A cleaned span that starts at
  an inserted character therefore starts one original character early, never outside the text;
* anything else (a fold, e.g. ``\\r\\n`` -> ``\\n``): every new character maps to the whole run.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model import CleanText


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` with ``new`` (offsets into the step's input)."""

    start: int
    end: int
    new: str


Step = Callable[[str], list[Edit]]


def _sub(pattern: re.Pattern[str], repl: str | Callable[[re.Match[str]], str]) -> Step:
    """A step that replaces each whole match of ``pattern`` (``repl`` may be a function)."""

    def step(text: str) -> list[Edit]:
        if callable(repl):
            return [Edit(m.start(), m.end(), repl(m)) for m in pattern.finditer(text)]
        return [Edit(m.start(), m.end(), repl) for m in pattern.finditer(text)]

    return step


# --- 1. line ends -------------------------------------------------------------------------------

_CRLF = re.compile(r"\r\n?")  # "a\r\nb" (Windows), "a\rb" (old Mac)


def normalize_newlines(text: str) -> list[Edit]:
    """``\\r\\n`` and a lone ``\\r`` become ``\\n``."""
    return [Edit(m.start(), m.end(), "\n") for m in _CRLF.finditer(text)]


# --- 2. invisible characters and odd spaces ------------------------------------------------------

# Zero-width space, byte-order mark, soft hyphen: invisible in print, harmful inside symbols.
_INVISIBLE = re.compile("[\u200b\ufeff\u00ad]+")
# NBSP ("AG/RES.\u00a01898" in 000), en/em/thin spaces, narrow NBSP, ideographic space, \f, \v.
_ODD_SPACE = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\f\v]")


def remove_invisible(text: str) -> list[Edit]:
    """Delete zero-width characters (ZWSP, BOM, soft hyphen)."""
    return [Edit(m.start(), m.end(), "") for m in _INVISIBLE.finditer(text)]


def normalize_spaces(text: str) -> list[Edit]:
    """NBSP and other odd spaces become a plain space, one for one."""
    return [Edit(m.start(), m.end(), " ") for m in _ODD_SPACE.finditer(text)]


# --- 3. quotes -----------------------------------------------------------------------------------

_QUOTES = {
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
}  # fmt: skip
_QUOTE_CHARS = re.compile("[" + "".join(_QUOTES) + "]")


def straighten_quotes(text: str) -> list[Edit]:
    """Curly quotes and apostrophes become ASCII: ``“Fund”`` -> ``"Fund"``, ``state’s`` -> ``state's``."""
    return [Edit(m.start(), m.end(), _QUOTES[m.group()]) for m in _QUOTE_CHARS.finditer(text)]


# --- 4. lost footnote markers --------------------------------------------------------------------

# A footnote number the PDF extraction could not decode: " \ufffd.\tTemporary residents include"
# (002, 003: the footnote text), or a lone replacement character anywhere.
_REPLACEMENT_MARKER = re.compile("\ufffd+\\.?")
# A superscript footnote reference extracted as a slash at the start of a line:
#   "temporary residents,\n/ and the states." (002)  or  "...will have to be drafted.\n/\n" (003)
_SLASH_MARKER = re.compile(r"(?m)^/(?=[ \t]*$)|(\n)/[ \t]+(?=[a-z])")


def remove_footnote_markers(text: str) -> list[Edit]:
    """Delete ``\ufffd.`` markers and lone ``/`` reference markers.

    When the ``/`` sits between the two halves of a sentence ("residents,\\n/ and the states"),
    the line break becomes a space so the sentence is one line again.
    """
    edits = [Edit(m.start(), m.end(), "") for m in _REPLACEMENT_MARKER.finditer(text)]
    for m in _SLASH_MARKER.finditer(text):
        if m.group(1):  # "\n/ and": newline -> space, "/ " deleted
            edits.append(Edit(m.start(), m.start() + 1, " "))
            edits.append(Edit(m.start() + 1, m.end(), ""))
        else:
            edits.append(Edit(m.start(), m.end(), ""))
    return sorted(edits, key=lambda e: e.start)


# --- 5. page furniture ---------------------------------------------------------------------------

# A page-number line that interrupts a sentence in PDF-extracted text:
#   "the human rights and\n\n- 5 -\n\nfundamental freedoms"  ->  "the human rights and fundamental freedoms"
# Only when the text before does not end a sentence and the text after starts in lower case, so
# a genuine short line ("7." in a table, "X") is never touched.
_PAGE_BREAK = re.compile(
    r"""(?<=[a-z,;])[ \t]*\n\s*
        (?:-[ \t]*\d{1,3}[ \t]*-          # - 5 -
          |Page[ \t]+\d{1,3}(?:[ \t]+of[ \t]+\d{1,3})?   # Page 5 / Page 5 of 12
          |\d{1,3}[ \t]*/[ \t]*\d{1,3}    # 5 / 12
        )[ \t]*\n\s*(?=[a-z])""",
    re.VERBOSE,
)


def remove_page_numbers(text: str) -> list[Edit]:
    """Delete a page-number line that splits a sentence; the break becomes one space."""
    edits: list[Edit] = []
    for m in _PAGE_BREAK.finditer(text):
        nl = text.index("\n", m.start())
        edits.append(Edit(m.start(), nl, ""))
        edits.append(Edit(nl, nl + 1, " "))
        edits.append(Edit(nl + 1, m.end(), ""))
    return [e for e in edits if e.start < e.end]


# --- 6. glued footnote numbers -------------------------------------------------------------------

# A footnote reference glued to the end of a year ("adopted on June 7, 2005.12 The Program")
# or of a word ("member States3 and"). Conservative: a 19xx/20xx year plus "." and 1-2 digits
# followed by a capitalised word or line end; a word of 3+ letters ending in lower case plus
# 1-2 digits followed by a space or punctuation (so "G77", "US4-23", "doc.1/12" stay).
_GLUED_YEAR_NOTE = re.compile(r"\b(?:19|20)\d\d\.(\d{1,2})(?=[ \t]+[A-Z]|[ \t]*$)", re.M)
_GLUED_WORD_NOTE = re.compile(r"(?<=[a-z]{3})\d{1,2}(?=[ \t]|[,;:.)](?:\s|$)|$)", re.M)


def _whole_word_before(text: str, i: int) -> bool:
    """The letters before offset ``i`` form a whole word (not part of "CP/CAJP-2038", a URL, ...)."""
    j = i
    while j > 0 and text[j - 1].isalpha():
        j -= 1
    return j == 0 or not (text[j - 1].isalnum() or text[j - 1] in "/-._@")


def remove_glued_footnote_numbers(text: str) -> list[Edit]:
    """Delete footnote numbers glued to a year (``2005.12``) or a word (``States3``)."""
    spans = [m.span(1) for m in _GLUED_YEAR_NOTE.finditer(text)]
    spans += [m.span() for m in _GLUED_WORD_NOTE.finditer(text) if _whole_word_before(text, m.start())]
    return [Edit(s, e, "") for s, e in sorted(spans)]


# --- 7. symbols ----------------------------------------------------------------------------------

# An OAS symbol prefix cut from its number by a line break: "AG/RES.\n2141", "CP/doc.\n4745".
_BROKEN_SYMBOL = re.compile(r"\b[A-Z]{2,5}(?:/[A-Z]{2,5})*/(?:RES|DEC|doc)\.([ \t]*\n[ \t]*)(?=\d)")
# A session in parentheses glued to the resolution number: "AG/RES. 2224(XXXVI-O/06)".
_GLUED_SESSION = re.compile(r"(?<=\d)(?=\([IVXLC]+-[OE]/\d{2}\))")


def rejoin_broken_symbols(text: str) -> list[Edit]:
    """``AG/RES.\\n2141`` -> ``AG/RES. 2141``: the line break inside one symbol becomes a space."""
    return [Edit(m.start(1), m.end(1), " ") for m in _BROKEN_SYMBOL.finditer(text)]


def space_before_session(text: str) -> list[Edit]:
    """``2224(XXXVI-O/06)`` -> ``2224 (XXXVI-O/06)`` (an insertion, see the module docstring)."""
    return [Edit(m.start(), m.start(), " ") for m in _GLUED_SESSION.finditer(text)]


# --- 8. OCR slips --------------------------------------------------------------------------------

# Slips seen in the OCR of the UN resolution (004), each fixed as an exact whole word so normal
# words are never touched. Glued words get a space; "Sressing"/"Sresses" lost the "t" of an
# "St" ligature. Author typos (e.g. "RECOGIZING" in 000) are left as written.
OCR_WORD_FIXES: dict[str, str] = {
    "Callsupon": "Calls upon",  # "1. Callsupon States to promote" (004)
    "Requestsall": "Requests all",  # "(90 Requestsall States" (004)
    "isto": "is to",  # "the effect of doing so isto deny migrants" (004)
    "Sressing": "Stressing",  # "Sressing the importance of regulations" (004)
    "Sresses": "Stresses",  # "9. Sresses the importance of international" (004)
}
_OCR_WORD = re.compile(r"\b(?:" + "|".join(OCR_WORD_FIXES) + r")\b")
# Sub-paragraph letters misread at the start of a line: "(@) Strongly condemns" is "(a)";
# "(90 Requestsall States" is "(g) ": "9" for "g" and "0" for ")", only before a capitalised verb.
_OCR_LETTER = re.compile(r"(?m)^([ \t]*)(\(@\)|\(90(?= [A-Z][a-z]))")


def _word_fix_edits(m: re.Match[str]) -> list[Edit]:
    """Express a word fix as insertions into the wrong word (``Callsupon`` -> +`` `` after 5)."""
    wrong, right = m.group(), OCR_WORD_FIXES[m.group()]
    edits, i = [], 0
    for ch in right:  # every fix only adds characters: walk both strings
        if i < len(wrong) and wrong[i] == ch:
            i += 1
        else:
            edits.append(Edit(m.start() + i, m.start() + i, ch))
    return edits


def fix_ocr_slips(text: str) -> list[Edit]:
    """Fix the OCR slips listed in ``OCR_WORD_FIXES`` and ``(@)`` / ``(90`` sub-paragraph letters."""
    edits = [e for m in _OCR_WORD.finditer(text) for e in _word_fix_edits(m)]
    for m in _OCR_LETTER.finditer(text):
        edits.append(Edit(m.start(2), m.end(2), "(a)" if m.group(2) == "(@)" else "(g)"))
    return sorted(edits, key=lambda e: (e.start, e.end))


# --- the pipeline --------------------------------------------------------------------------------

CLEANER_LOOKUP: dict[str, Step] = {
    "normalize_newlines": normalize_newlines,
    "remove_invisible": remove_invisible,
    "normalize_spaces": normalize_spaces,
    "straighten_quotes": straighten_quotes,
    "remove_footnote_markers": remove_footnote_markers,
    "remove_page_numbers": remove_page_numbers,
    "remove_glued_footnote_numbers": remove_glued_footnote_numbers,
    "rejoin_broken_symbols": rejoin_broken_symbols,
    "space_before_session": space_before_session,
    "fix_ocr_slips": fix_ocr_slips,
}
CLEANERS: list[str] = list(CLEANER_LOOKUP)  # the default order: line ends and spaces first


def apply_edits(
    text: str, starts: list[int], ends: list[int], edits: Sequence[Edit]
) -> tuple[str, list[int], list[int]]:
    """Apply sorted, non-overlapping ``edits`` to ``text`` whose characters map to ``starts``/``ends``.

    Unchanged runs are copied by slicing, so a step costs O(len(text)) whatever the edit count.
    """
    if not edits:
        return text, starts, ends
    parts: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    pos = 0
    for e in edits:
        if e.start < pos or e.end < e.start:
            raise ValueError(f"edits overlap or are unsorted at {e.start}:{e.end}")
        parts.append(text[pos : e.start])
        new_starts.extend(starts[pos : e.start])
        new_ends.extend(ends[pos : e.start])
        span_starts, span_ends = _edit_spans(e, starts, ends, len(text))
        parts.append(e.new)
        new_starts.extend(span_starts)
        new_ends.extend(span_ends)
        pos = e.end
    parts.append(text[pos:])
    new_starts.extend(starts[pos:])
    new_ends.extend(ends[pos:])
    return "".join(parts), new_starts, new_ends


def _edit_spans(e: Edit, starts: list[int], ends: list[int], n: int) -> tuple[list[int], list[int]]:
    """Original spans of the characters ``e`` writes (see the module docstring for the rules)."""
    if not e.new:
        return [], []
    if e.start == e.end:  # insertion: borrow the span of the character before (or after, at 0)
        k = e.start - 1 if e.start > 0 else 0
        if n == 0:
            return [0] * len(e.new), [0] * len(e.new)
        return [starts[k]] * len(e.new), [ends[k]] * len(e.new)
    if len(e.new) == e.end - e.start:  # one for one
        return list(starts[e.start : e.end]), list(ends[e.start : e.end])
    return [starts[e.start]] * len(e.new), [ends[e.end - 1]] * len(e.new)  # fold


def clean_text(original: str, steps: Sequence[str] = CLEANERS,
               markers: Sequence[tuple[int, int]] | None = None) -> CleanText:
    """Run the named cleaning ``steps`` (default ``CLEANERS``) over ``original``.

    ``markers`` are the footnote markers a reader saw in the layout (``[start, end)`` of
    ``original``, e.g. the superscript "4" of "20134"): they are deleted first, exactly, and the
    guessing step ``remove_glued_footnote_numbers`` is then skipped, so a number in the text is
    never taken for a marker. ``None`` (plain text: no layout) keeps the guessing step.
    """
    text = original
    starts = list(range(len(original)))
    ends = list(range(1, len(original) + 1))
    if markers is not None:
        edits = [Edit(a, b, "") for a, b in sorted(set(markers)) if 0 <= a < b <= len(original)]
        text, starts, ends = apply_edits(text, starts, ends, edits)
        steps = [name for name in steps if name != "remove_glued_footnote_numbers"]
    for name in steps:
        text, starts, ends = apply_edits(text, starts, ends, CLEANER_LOOKUP[name](text))
    return CleanText(original=original, text=text, starts=starts, ends=ends)


def run_step(name: str, text: str) -> str:
    """The text after one step alone (for tests and debugging)."""
    new, _, _ = apply_edits(text, list(range(len(text))), list(range(1, len(text) + 1)), CLEANER_LOOKUP[name](text))
    return new


def deleted_before(clean: CleanText, i: int) -> str:
    """Original text deleted just before cleaned character ``i`` (e.g. a footnote marker), or ""."""
    if i <= 0 or i >= len(clean.text):
        return ""
    return clean.original[clean.ends[i - 1] : clean.starts[i]]
