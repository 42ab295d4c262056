"""Guess a document's genre from textual cues, and say which cues decided it.

Each cue is a named regex with a weight; the genre with the highest total wins if it reaches
``MIN_SCORE``, otherwise the document is ``"other"``. The reason lists the cues that matched, so
a wrong guess can be traced to the cue that caused it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Genre


@dataclass(frozen=True)
class GenreGuess:
    genre: Genre
    reason: str
    score: int = 0


@dataclass(frozen=True)
class Cue:
    genre: Genre
    name: str
    pattern: re.Pattern[str]
    weight: int


def _cue(genre: Genre, name: str, pattern: str, weight: int, flags: int = re.M) -> Cue:
    return Cue(genre, name, re.compile(pattern, flags), weight)


CUES: tuple[Cue, ...] = (
    # UN General Assembly: organ line in title case, operative verbs in the third person.
    _cue("un-resolution", "organ line 'The General Assembly,'", r"^\s*The General Assembly,\s*$", 3),
    # "1. Calls upon States to promote", "16. Requests the Secretary-General to submit"
    _cue("un-resolution", "numbered operative verb ('1. Calls upon')",
         r"^\s*\d{1,2}\.\s+(?:Also\s+|Further\s+)?(?:Calls|Requests|Urges|Encourages|Decides|"
         r"Invites|Reaffirms|Expresses|Emphasizes|Takes|Welcomes|Stresses|Affirms)\b", 2),
    # "Recalling all its previous resolutions", "Bearing in mind that"
    _cue("un-resolution", "preamble participle ('Recalling')",
         r"^\s*(?:Recalling|Reaffirming|Bearing in mind|Taking note|Noting|Welcoming)\b", 1),
    # OAS General Assembly: organ line in capitals, "RESOLVES:", "1. To strongly condemn".
    _cue("resolution", "organ line 'THE GENERAL ASSEMBLY,'", r"^\s*THE GENERAL ASSEMBLY,\s*$", 3),
    _cue("resolution", "'RESOLVES:'", r"^\s*RESOLVES:", 4),
    _cue("resolution", "'DRAFT RESOLUTION' title", r"\A\s*(?:DRAFT\s+)?RESOLUTION\b", 2),
    _cue("resolution", "numbered infinitive ('1. To strongly condemn')", r"^\s*\d{1,2}\.\s+To\s+[a-z]+", 1),
    # Programs: "V. SUGGESTED SPECIFIC ACTIVITIES", "A. General Objectives", "THE PROGRAM ACTORS".
    _cue("program", "'SUGGESTED SPECIFIC ACTIVITIES'", r"SPECIFIC ACTIVITIES\s*$", 4),
    _cue("program", "'General Objectives' heading", r"^\s*(?:[A-Z]\.\s+)?General Objectives\s*$", 2),
    _cue("program", "'Specific Objectives' heading", r"^\s*(?:[A-Z]\.\s+)?Specific Objectives\s*$", 2),
    _cue("program", "'PROGRAM ACTORS' heading", r"^\s*THE PROGRAM ACTORS\s*$", 2),
    # Work plans: "WORK PLAN OF THE ..." title, "The Program assigns the following four specific
    # activities to", the MANDATE / ... / AREA RESPONSIBLE table, "SCHEDULE OF MEETINGS".
    _cue("work-plan", "'WORK PLAN' title", r"\A\s*WORK PLAN\b", 4),
    _cue("work-plan", "'Work Plan for' in the introduction", r"\bWork Plan for\b", 2),
    _cue("work-plan", "'The Program assigns the following'", r"\bProgram assigns the following\b", 2),
    _cue("work-plan", "'AREA RESPONSIBLE' table header", r"^\s*AREA RESPONSIBLE\s*$", 3),
    _cue("work-plan", "'SCHEDULE OF MEETINGS'", r"^\s*SCHEDULE OF MEETINGS\b", 2),
)

MIN_SCORE = 3
# On a tie the more specific genre wins, in this order.
_PREFERENCE: tuple[Genre, ...] = ("un-resolution", "resolution", "work-plan", "program")


def score_cues(text: str) -> dict[Genre, list[Cue]]:
    """The cues found in ``text``, grouped by genre."""
    found: dict[Genre, list[Cue]] = {}
    for cue in CUES:
        if cue.pattern.search(text):
            found.setdefault(cue.genre, []).append(cue)
    return found


def detect_genre(text: str) -> GenreGuess:
    """The genre of a (cleaned) document, with the cues that decided it."""
    found = score_cues(text)
    scores = {g: sum(c.weight for c in cues) for g, cues in found.items()}
    if not scores or max(scores.values()) < MIN_SCORE:
        seen = ", ".join(f"{c.name} ({c.genre})" for cues in found.values() for c in cues)
        return GenreGuess("other", f"no genre reached score {MIN_SCORE}" + (f"; weak cues: {seen}" if seen else ""))
    best = max(_PREFERENCE, key=lambda g: (scores.get(g, 0), -_PREFERENCE.index(g)))
    reason = "; ".join(c.name for c in found[best])
    return GenreGuess(best, f"{best} (score {scores[best]}): {reason}", scores[best])
