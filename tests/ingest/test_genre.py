"""detect_genre on the five corpus files and on small synthetic snippets."""

from __future__ import annotations

from pathlib import Path

import pytest

from mandate_lineage.ingest.cleaning.clean import clean_text
from mandate_lineage.ingest.identity.genre import detect_genre

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def corpus_case(prefix: str, genre: str, cue: str) -> pytest.param:
    return pytest.param(prefix, genre, cue, id=prefix)


@pytest.mark.parametrize(
    ("prefix", "genre", "cue"),
    [
        corpus_case("000", "resolution", "RESOLVES:"),
        corpus_case("001", "work-plan", "AREA RESPONSIBLE"),
        corpus_case("002", "program", "SUGGESTED SPECIFIC ACTIVITIES"),
        corpus_case("003", "work-plan", "The Program assigns the following"),
        corpus_case("004", "un-resolution", "The General Assembly,"),
    ],
)
def test_corpus_genres(prefix: str, genre: str, cue: str) -> None:
    (path,) = CORPUS.glob(f"{prefix}_*.txt")
    guess = detect_genre(clean_text(path.read_text(encoding="utf-8")).text)
    assert guess.genre == genre
    assert cue in guess.reason


def snippet(text: str, genre: str) -> pytest.param:
    return pytest.param(text, genre, id=genre + ":" + text.strip()[:20])


@pytest.mark.parametrize(
    ("text", "genre"),
    [
        snippet("THE GENERAL ASSEMBLY,\n\nNOTING the report;\n\nRESOLVES:\n\n1. To instruct the Permanent Council.", "resolution"),
        snippet("The General Assembly,\n\nRecalling its resolution 67/172,\n\n1. Calls upon States to act;", "un-resolution"),
        snippet("IV. PROGRAM OBJECTIVES\nA. General Objectives\n1. Promote.\nV. SUGGESTED SPECIFIC ACTIVITIES\n", "program"),
        snippet("WORK PLAN OF THE PROGRAM\n\nThe Program assigns the following two specific activities to the CIM:\n", "work-plan"),
        snippet("Minutes of the meeting held on 3 May.\n\nThe chair opened the session.", "other"),
        snippet("", "other"),
        # one weak cue is not enough
        snippet("1. To be continued at the next meeting.", "other"),
    ],
)
def test_snippet_genres(text: str, genre: str) -> None:
    assert detect_genre(text).genre == genre


def test_other_says_why() -> None:
    guess = detect_genre("1. To be continued at the next meeting.")
    assert guess.reason.startswith("no genre reached score")
    assert "numbered infinitive" in guess.reason
