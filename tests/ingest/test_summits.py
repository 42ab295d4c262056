"""Summits gazetteer: the data (summits.toml), find_summits and summit_instrument_for.

Per-corpus-file expectations were written by reading the files, not from the matcher's output.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from mandate_lineage.errors import ConfigError
from mandate_lineage.ingest.gazetteers.summits import (
    Summit,
    find_summits,
    load_summits,
    parse_summits,
    summit_instrument_for,
)
from tests.ingest.corpus import corpus_text, gazetteer_data


def raw_data() -> dict:
    return gazetteer_data('summits.toml')



def found(text: str) -> list[tuple[str, str]]:
    return [(r.key, r.text) for r in find_summits(text)]


# ---------------------------------------------------------------------------------------------
# the data
# ---------------------------------------------------------------------------------------------

DOMAIN_TABLE = [
    # key, city, country, start, end
    ("summit:1", "Miami", "United States", "1994-12-09", "1994-12-11"),
    ("summit:2", "Santiago", "Chile", "1998-04-18", "1998-04-19"),
    ("summit:3", "Quebec City", "Canada", "2001-04-20", "2001-04-22"),
    ("summit:special-2004", "Monterrey", "Mexico", "2004-01-12", "2004-01-13"),
    ("summit:4", "Mar del Plata", "Argentina", "2005-11-04", "2005-11-05"),
    ("summit:5", "Port of Spain", "Trinidad and Tobago", "2009-04-17", "2009-04-19"),
    ("summit:6", "Cartagena de Indias", "Colombia", "2012-04-14", "2012-04-15"),
    ("summit:7", "Panama City", "Panama", "2015-04-10", "2015-04-11"),
    ("summit:8", "Lima", "Peru", "2018-04-13", "2018-04-14"),
    ("summit:9", "Los Angeles", "United States", "2022-06-06", "2022-06-10"),
]


def test_the_ten_summits_of_domain_md():
    got = [(s.key, s.city, s.country, s.start.isoformat(), s.end.isoformat()) for s in load_summits()]
    assert got == DOMAIN_TABLE


def test_every_key_is_unique():
    all_keys = [s.key for s in load_summits()] + [i.key for s in load_summits() for i in s.instruments]
    assert len(all_keys) == len(set(all_keys))
    for s in load_summits():
        for ins in s.instruments:
            assert ins.key == f"{s.key}:{ins.type}"


def test_every_date_is_a_valid_iso_date_and_in_order():
    for raw in raw_data()["summits"]:
        for field in ("start", "end"):
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw[field]), raw["key"]
            dt.date.fromisoformat(raw[field])
    starts = [s.start for s in load_summits()]
    assert starts == sorted(starts)
    assert all(s.start <= s.end for s in load_summits())


def test_instrument_names():
    names = {i.key: i.name for s in load_summits() for i in s.instruments}
    assert names["summit:2:declaration"] == "Declaration of Santiago"
    assert names["summit:3:declaration"] == "Declaration of Quebec City"
    assert names["summit:special-2004:declaration"] == "Declaration of Nuevo León"
    assert names["summit:4:declaration"] == "Declaration of Mar del Plata"
    assert names["summit:5:declaration"] == "Declaration of Commitment of Port of Spain"
    assert names["summit:8:commitment"] == "Lima Commitment"
    assert {k for k in names if k.endswith(":plan-of-action")} == {
        "summit:1:plan-of-action", "summit:2:plan-of-action", "summit:3:plan-of-action", "summit:4:plan-of-action",
    }  # fmt: skip


def test_load_summits_is_cached_and_frozen():
    summits = load_summits()
    assert summits is load_summits()
    assert all(isinstance(s, Summit) for s in summits)
    with pytest.raises(dataclasses.FrozenInstanceError):
        summits[0].city = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["summits"].append(dict(d["summits"][1])), "duplicate key"),
        (lambda d: d["summits"][0].update(start="1994-13-09"), "is not an ISO date"),
        (lambda d: d["summits"][0].update(key="summit:2"), "key must be summit:<ordinal 1-9>"),
        (lambda d: d["summits"][0]["instruments"][0].update(type="speech"), "type must be one of"),
        (lambda d: d["summits"][0].update(end="1994-12-01"), "ends before it starts"),
    ],
)
def test_inconsistent_data_is_refused(mutate, message):
    data = raw_data()
    mutate(data)
    with pytest.raises(ConfigError, match=message):
        parse_summits(data)


# ---------------------------------------------------------------------------------------------
# find_summits: tables
# ---------------------------------------------------------------------------------------------

FIND_ROWS = [
    # by ordinal
    ("gathered at the Third Summit of the Americas, recognized", [("summit:3", "Third Summit of the Americas")]),
    ("At the Second Summit of the Americas, the Heads", [("summit:2", "Second Summit of the Americas")]),
    ("host of the Fifth Summit to be held in 2009", [("summit:5", "Fifth Summit")]),
    ("At the Special Summit of the Americas, the Heads", [("summit:special-2004", "Special Summit of the Americas")]),
    ("the mandate of the Third Summit of the Americas, held in Quebec City;",
     [("summit:3", "Third Summit of the Americas, held in Quebec City")]),
    ("gathered at the Fourth Summit of the Americas in Mar del Plata, to",
     [("summit:4", "Fourth Summit of the Americas in Mar del Plata")]),
    # line-broken
    ("at the Third\nSummit of the\nAmericas", [("summit:3", "Third\nSummit of the\nAmericas")]),
    # by city
    ("the Summit held in Quebec City", [("summit:3", "Summit held in Quebec City")]),
    ("commitments made in 1998 at the Santiago Summit concerning", [("summit:2", "Santiago Summit")]),
    ("agreed to in the Santiago and Quebec City Summits.",
     [("summit:2", "Santiago"), ("summit:3", "Quebec City Summits")]),
    # instruments by name
    ("in the Declaration of Santiago in the following terms", [("summit:2:declaration", "Declaration of Santiago")]),
    ("Likewise, in the Declaration of Quebec City, they said", [("summit:3:declaration", "Declaration of Quebec City")]),
    ("Lastly, in the Declaration of Nuevo León, the Heads", [("summit:special-2004:declaration", "Declaration of Nuevo León")]),
    ("the Declaration of Nuevo Leon", [("summit:special-2004:declaration", "Declaration of Nuevo Leon")]),
    ("in the Declaration of Nuevo León of the Special Summit of the Americas, the Heads",
     [("summit:special-2004:declaration", "Declaration of Nuevo León of the Special Summit of the Americas")]),
    ("adopted the Declaration of Mar del Plata, \"Creating Jobs", [("summit:4:declaration", "Declaration of Mar del Plata")]),
    ("the Lima Commitment on democratic governance", [("summit:8:commitment", "Lima Commitment")]),
    ("the Los Angeles Declaration on Migration and Protection",
     [("summit:9:declaration", "Los Angeles Declaration on Migration and Protection")]),
    # instruments by summit or city
    ("the Plan of Action of the Third Summit provided for", [("summit:3:plan-of-action", "Plan of Action of the Third Summit")]),
    ("In the Plan of Action of the Second Summit of the Americas, held in Santiago, Chile, in April 1998",
     [("summit:2:plan-of-action", "Plan of Action of the Second Summit of the Americas, held in Santiago")]),
    ("in the Declaration of the Fourth Summit of the Americas, the Heads",
     [("summit:4:declaration", "Declaration of the Fourth Summit of the Americas")]),
    ("In the Plan of Action adopted in Quebec City, the Heads",
     [("summit:3:plan-of-action", "Plan of Action adopted in Quebec City")]),
    ("the Santiago Plan of Action", [("summit:2:plan-of-action", "Santiago Plan of Action")]),
    # the Sixth Summit adopted no plan of action: the summit itself
    ("the Plan of Action of the Sixth Summit", [("summit:6", "Sixth Summit")]),
    # anaphors
    ("adopted the Declaration of Mar del Plata, and its Plan of Action, in which",
     [("summit:4:declaration", "Declaration of Mar del Plata"), ("summit:4:plan-of-action", "its Plan of Action")]),
    ("at that Third Summit, they established X.\n\nIn that Summit's Plan of Action, they reaffirmed",
     [("summit:3", "Third Summit"), ("summit:3:plan-of-action", "that Summit's Plan of Action")]),
    ("the CIM adopted its Plan of Action", []),
    # not summits
    ("throughout the Summits of the Americas process", []),
    ("submit recommendations to the Summits of the Americas.", []),
    ("the first annual meeting of the Committee", []),
]


@pytest.mark.parametrize(("text", "expected"), FIND_ROWS)
def test_find_summits(text, expected):
    assert found(text) == expected


def test_references_carry_summit_and_instrument():
    (ref,) = find_summits("the Plan of Action of the Third Summit of the Americas")
    assert ref.kind == "summit"
    assert ref.key == "summit:3:plan-of-action"
    assert ref.attrs["summit"] == "summit:3"
    assert ref.attrs["instrument"] == "plan-of-action"
    assert ref.attrs["date"] == "2001-04-20"
    assert ref.label == "Plan of Action of the Third Summit of the Americas (Quebec City, 2001)"
    (ref,) = find_summits("the Second Summit")
    assert (ref.key, ref.attrs["summit"], "instrument" in ref.attrs) == ("summit:2", "summit:2", False)


INTRO_ROWS = [
    ("In the Plan of Action of the Second Summit of the Americas, held in Santiago, Chile, in April 1998, "
     "they established that governments would:", "summit:2:plan-of-action"),
    ("It should be pointed out that the Heads of State and Government also referred to the topic in the "
     "Declaration of Santiago in the following terms:", "summit:2:declaration"),
    ("Likewise, in the Declaration of Quebec City, they said:", "summit:3:declaration"),
    ("In the Plan of Action adopted in Quebec City, the Heads of State and Government of the Americas, "
     "reaffirming the commitments made in 1998 at the Santiago Summit concerning the protection of the human "
     "rights of migrants, established that their governments would:", "summit:3:plan-of-action"),
    ("Lastly, in the Declaration of Nuevo León, the Heads of State and Government, assembled in Monterrey, "
     "Mexico, in January 2004, said the following:", "summit:special-2004:declaration"),
    ("In the Plan of Action of the First Summit of the Americas, in December 1994 in Miami, Florida, the Heads "
     "of State and Government ... pledged, inter alia, to", "summit:1:plan-of-action"),
    ("The Program originated at the First Summit of the Americas, when the Heads of State and Government "
     "pledged, in their Plan of Action, to", "summit:1:plan-of-action"),
    # no instrument named: the summit
    ("At the Third Summit of the Americas, the Heads of State and Government recognized", "summit:3"),
]


@pytest.mark.parametrize(("sentence", "key"), INTRO_ROWS)
def test_summit_instrument_for(sentence, key):
    ref = summit_instrument_for(sentence)
    assert ref is not None and ref.key == key


def test_summit_instrument_for_without_a_summit():
    assert summit_instrument_for("The General Assembly adopted resolution AG/RES. 2027 (XXXIV-O/04):") is None


def test_offsets_point_into_the_given_text():
    text = corpus_text("001")
    refs = find_summits(text)
    assert refs
    for r in refs:
        assert text[r.start : r.end] == r.text




# ---------------------------------------------------------------------------------------------
# the sample corpus, read by hand: keys of every summit and instrument mentioned
# ---------------------------------------------------------------------------------------------

CORPUS_SUMMITS = {
    "000": {
        "summit:3",  # "gathered at the Third Summit of the Americas"
        "summit:special-2004:declaration",  # "Declaration of Nuevo León of the Special Summit"
        "summit:4", "summit:4:declaration",  # "Fourth Summit ... adopted the Declaration of Mar del Plata"
        "summit:4:plan-of-action",  # "... and its Plan of Action"
        "summit:3:plan-of-action",  # "the Plan of Action of the Third Summit of the Americas provided"
    },
    "001": {
        "summit:1:plan-of-action", "summit:2:plan-of-action", "summit:2:declaration",
        "summit:3:declaration", "summit:3:plan-of-action",  # "Plan of Action adopted in Quebec City"
        "summit:2",  # "the Santiago Summit", "the Santiago and Quebec City Summits"
        "summit:3",  # "... Quebec City Summits", "Third Summit of the Americas, held in Quebec City"
        "summit:special-2004:declaration",
    },
    "002": {"summit:3:plan-of-action", "summit:3"},
    "003": {
        "summit:1", "summit:1:plan-of-action",  # "First Summit ... pledged, in their Plan of Action"
        "summit:2", "summit:3",
        "summit:3:plan-of-action",  # "In that Summit's Plan of Action"
        "summit:special-2004",
        "summit:4:declaration",  # "the Declaration of the Fourth Summit of the Americas"
        "summit:4:plan-of-action",  # "... in their Plan of Action they reaffirmed"
        "summit:4", "summit:5",
    },
    "004": set(),
}  # fmt: skip


@pytest.mark.parametrize("prefix", sorted(CORPUS_SUMMITS))
def test_corpus_file_summits(prefix):
    expected = CORPUS_SUMMITS[prefix]
    got = {r.key for r in find_summits(corpus_text(prefix))}
    assert got == expected
    hits = len(got & expected)
    precision = hits / len(got) if got else 1.0
    recall = hits / len(expected) if expected else 1.0
    print(f"summits {prefix}: precision {precision:.2f} recall {recall:.2f}")
