"""Text reuse between resolutions of one series when a date is missing: session and number order them."""

from __future__ import annotations

from mandate_lineage.ingest.reuse.detect import ReuseCandidate, find_reuse, paragraph_order

# Operative paragraph 1 of A/RES/79/100 and A/RES/80/100 (Question of Saint Helena), as both read.
TEXT_79 = ("Reaffirms the inalienable right of the people of Saint Helena to self-determination, in "
           "conformity with the Charter of the United Nations and with General Assembly resolution 1514 (XV), "
           "containing the Declaration on the Granting of Independence to Colonial Countries and Peoples;")
TEXT_80 = TEXT_79.replace("Reaffirms", "Also reaffirms")
FILLER = "The Special Committee continues to examine the question of the small island Territories closely;"


def _candidate(owner: str, text: str, date: str | None, n: int = 1) -> ReuseCandidate:
    return ReuseCandidate(key=f"{owner}#op-{n}", owner=owner, evidence_document=owner, date=date,
                          kind="operative", text=text, start=100)


def _pool(date_79: str | None, date_80: str | None) -> list[ReuseCandidate]:
    return [_candidate("un:a-res-79-100", TEXT_79, date_79), _candidate("un:a-res-80-100", TEXT_80, date_80),
            _candidate("un:a-res-78-99", FILLER, "2023-12-06", 2), _candidate("un:a-res-77-1", FILLER[::-1], None, 3)]


def test_missing_dates_are_ordered_by_session_and_number() -> None:
    links = find_reuse(_pool(None, None))
    assert [(link.source, link.target) for link in links] == [("un:a-res-80-100#op-1", "un:a-res-79-100#op-1")]


def test_one_date_missing_or_partial() -> None:
    for dates in ((None, "2025-12-05"), ("2024", "2025-12-05"), ("2024-12-04", None)):
        links = find_reuse(_pool(*dates))
        assert [(link.source, link.target) for link in links] == [("un:a-res-80-100#op-1", "un:a-res-79-100#op-1")]


def test_dates_still_decide_and_the_same_day_has_no_direction() -> None:
    a, b = _candidate("un:a-res-79-100", TEXT_79, "2024-12-04"), _candidate("un:a-res-79-101", TEXT_80, "2024-12-04")
    assert paragraph_order(a, b) == 0
    c = _candidate("un:a-res-80-5", TEXT_80, "2024-01-01")  # a date says earlier, whatever the number
    assert paragraph_order(c, a) == -1
    assert paragraph_order(_candidate("doc:x", TEXT_79, None), a) == 0  # no symbol, no date: unknown
